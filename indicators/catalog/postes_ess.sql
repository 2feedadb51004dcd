-- id: postes_ess
-- titre: Postes salariés de l'ESS
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: economie
-- ordre: 30
-- dimensions: famille, section
-- definition: Nombre de postes salariés au 31 décembre dans les établissements de l'ESS (somme des
--   lignes d'emploi de l'année). Aussi par famille de l'ESS et par section d'activité NAF.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
WITH u AS (
    -- each establishment's amount in each of its cells, next to the largest amount of the cell
    SELECT g.niveau, g.code, m.annee,
           CASE d.k WHEN 0 THEN '' WHEN 1 THEN dim('famille', e.famille_ess)
                    ELSE dim('section', e.naf_section) END AS dimension,
           m.postes AS x
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) d
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee, dimension) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, dimension,
       sum(x) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(x) * 1.0 / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two establishments share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           * 1.0 / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee, dimension
