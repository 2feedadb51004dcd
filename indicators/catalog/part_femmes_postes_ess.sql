-- id: part_femmes_postes_ess
-- titre: Part des femmes dans les postes de l'ESS
-- unite: pourcent
-- type: ratio
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- construit_de: interne:postes_femmes / interne:postes_sexe_renseigne
-- theme: utilite_sociale
-- ordre: 10
-- definition: Part des postes occupés par des femmes parmi les postes salariés des établissements de
--   l'ESS, sur les lignes d'emploi où l'information est renseignée.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
WITH u AS (
    -- each establishment's jobs held by women (and all its jobs), next to the largest of its cell
    SELECT g.niveau, g.code, m.annee, m.postes_femmes AS x, m.postes AS y
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    WHERE m.postes_femmes IS NOT NULL
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, '' AS dimension,
       sum(x) AS numerateur, sum(y) AS denominateur, count(*) AS n_unites,
       max(x) * 1.0 / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two establishments share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           * 1.0 / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee
