-- id: projets_finances
-- titre: Projets financés
-- unite: nombre
-- type: count
-- ic: aucun
-- secret: etablissements
-- theme: levier
-- ordre: 80
-- dimensions: financeur
-- definition: Nombre de projets accompagnés (un accompagnement, ou un établissement quand le
--   financement le désigne directement) ayant reçu au moins un financement dans l'année, dans le
--   territoire du projet. Aussi par financeur.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
WITH f AS (
    SELECT x.financeur, CAST(substr(x.date, 1, 4) AS INTEGER) AS annee,
           coalesce(x.id_accompagnement, x.siret) AS projet,
           coalesce((SELECT a.commune FROM accompagnement a WHERE a.id_accompagnement = x.id_accompagnement),
                    (SELECT e.commune FROM etablissement e WHERE e.siret = x.siret)) AS commune
    FROM financement x
)
SELECT g.niveau, g.code AS territoire, f.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('financeur', f.financeur) END AS dimension,
       count(DISTINCT f.projet) AS numerateur, NULL AS denominateur, count(DISTINCT f.projet) AS n_unites,
       1.0 / count(DISTINCT f.projet) AS part_max
FROM f
JOIN annees a ON a.annee = f.annee
JOIN geo g ON g.commune = f.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
GROUP BY g.niveau, g.code, f.annee, dimension
