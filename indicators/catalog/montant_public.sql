-- id: montant_public
-- titre: Financements publics mobilisés
-- unite: euros
-- type: sum
-- ic: aucun
-- secret: etablissements
-- theme: levier
-- ordre: 10
-- dimensions: dispositif, financeur, financeur et dispositif
-- definition: Montant des financements d'origine public des projets accompagnés, par année du
--   financement et territoire du projet (commune du porteur, ou de l'établissement créé).
--   Aussi par dispositif, par financeur, et pour chaque financeur par dispositif.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
WITH f AS (
    SELECT x.montant, x.origine, x.financeur, CAST(substr(x.date, 1, 4) AS INTEGER) AS annee,
           coalesce(x.id_accompagnement, x.siret) AS projet,
           coalesce(x.id_dispositif, (SELECT a.id_dispositif FROM accompagnement a
                                      WHERE a.id_accompagnement = x.id_accompagnement)) AS dispositif,
           coalesce((SELECT a.commune FROM accompagnement a WHERE a.id_accompagnement = x.id_accompagnement),
                    (SELECT e.commune FROM etablissement e WHERE e.siret = x.siret)) AS commune
    FROM financement x
), u AS (
    -- each funding in each of its cells, next to the largest funding of the cell
    SELECT g.niveau, g.code, f.annee,
           CASE d.k WHEN 0 THEN '' WHEN 1 THEN dim('dispositif', f.dispositif) WHEN 2 THEN dim('financeur', f.financeur)
               ELSE dim('financeur', f.financeur, 'dispositif', f.dispositif) END AS dimension,
           f.montant AS x, f.projet
    FROM f
    JOIN annees a ON a.annee = f.annee
    JOIN geo g ON g.commune = f.commune
    CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) d
    WHERE f.origine = 'public' AND (d.k IN (0, 2) OR f.dispositif IS NOT NULL)
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee, dimension) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, dimension,
       sum(x) AS numerateur, NULL AS denominateur, count(DISTINCT projet) AS n_unites,
       max(x) / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two fundings share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee, dimension
