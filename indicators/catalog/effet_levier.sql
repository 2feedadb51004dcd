-- id: effet_levier
-- titre: Effet de levier de l'argent public
-- unite: ratio
-- type: leverage
-- ic: bootstrap
-- secret: etablissements
-- construit_de: montant_prive / montant_public
-- theme: levier
-- ordre: 30
-- dimensions: dispositif
-- definition: Euros privés mobilisés pour un euro public dans les projets accompagnés : somme des
--   financements privés divisée par celle des financements publics, par année et territoire
--   du projet, avec un intervalle de confiance à 95 % obtenu par bootstrap sur les projets
--   (graine et nombre de tirages : [calcul] graine et replications, enregistrés dans le
--   journal). Aussi par dispositif.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
WITH f AS (
    SELECT x.montant, x.origine, x.financeur, CAST(substr(x.date, 1, 4) AS INTEGER) AS annee,
           coalesce(x.id_accompagnement, x.siret) AS projet,
           coalesce(x.id_dispositif, (SELECT a.id_dispositif FROM accompagnement a
                                      WHERE a.id_accompagnement = x.id_accompagnement)) AS dispositif,
           coalesce((SELECT a.commune FROM accompagnement a WHERE a.id_accompagnement = x.id_accompagnement),
                    (SELECT e.commune FROM etablissement e WHERE e.siret = x.siret)) AS commune
    FROM financement x
)
SELECT g.niveau, g.code AS territoire, f.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('dispositif', f.dispositif) END AS dimension,
       f.projet,
       CASE WHEN f.origine = 'public' THEN f.montant ELSE 0 END AS public,
       CASE WHEN f.origine = 'prive' THEN f.montant ELSE 0 END AS prive
FROM f
JOIN annees a ON a.annee = f.annee
JOIN geo g ON g.commune = f.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
WHERE d.k = 0 OR f.dispositif IS NOT NULL
