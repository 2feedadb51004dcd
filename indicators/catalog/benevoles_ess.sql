-- id: benevoles_ess
-- titre: Bénévoles des établissements de l'ESS
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: utilite_sociale
-- ordre: 30
-- definition: Nombre de bénévoles déclarés par les établissements de l'ESS, là où l'information est
--   renseignée.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
WITH u AS (
    -- each establishment's volunteers, next to the largest of its cell
    SELECT g.niveau, g.code, m.annee, m.benevoles AS x
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    WHERE m.benevoles IS NOT NULL
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
