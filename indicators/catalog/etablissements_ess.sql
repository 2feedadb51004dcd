-- id: etablissements_ess
-- titre: Établissements de l'ESS
-- unite: nombre
-- type: count
-- ic: aucun
-- secret: etablissements
-- confidentialite: public_sirene
-- theme: economie
-- ordre: 10
-- dimensions: famille
-- cumul_communes: numerateur
-- definition: Nombre d'établissements de l'économie sociale et solidaire actifs au 31 décembre de
--   l'année : créés au plus tard le 31 décembre (ou sans date de création dans SIRENE) et non
--   fermés à cette date. Le périmètre de l'ESS suit la famille de la catégorie juridique
--   (association, coopérative, mutuelle, fondation), les unités signalées ESS par SIRENE, hors
--   activités exclues (administration publique, syndicats, organisations religieuses et
--   politiques). Aussi par famille.
-- sources: INSEE, répertoire SIRENE (établissements et unités légales)
SELECT g.niveau, g.code AS territoire, a.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('famille', e.famille_ess) END AS dimension,
       count(*) AS numerateur, NULL AS denominateur, count(*) AS n_unites, 1.0 / count(*) AS part_max
FROM etablissement e
JOIN annees a ON coalesce(e.date_creation, '') <= a.annee || '-12-31'
             AND (e.date_fermeture IS NULL OR e.date_fermeture > a.annee || '-12-31')
JOIN geo g ON g.commune = e.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
WHERE e.est_ess = 1
GROUP BY g.niveau, g.code, a.annee, dimension
