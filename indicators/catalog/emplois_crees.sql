-- id: emplois_crees
-- titre: Emplois des établissements créés avec un accompagnement
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: levier
-- ordre: 50
-- definition: Postes salariés au 31 décembre de l'année dans les établissements créés à l'issue d'un
--   accompagnement.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
WITH u AS (
    -- each establishment's jobs, next to the largest of its cell
    SELECT g.niveau, g.code, m.annee, m.postes AS x
    FROM (SELECT DISTINCT siret_cree FROM accompagnement WHERE siret_cree IS NOT NULL) c
    CROSS JOIN emploi m ON m.siret = c.siret_cree -- les créations d'abord : peu nombreuses
    JOIN etablissement e ON e.siret = m.siret
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, '' AS dimension,
       sum(x) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(x) * 1.0 / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two establishments share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           * 1.0 / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee
