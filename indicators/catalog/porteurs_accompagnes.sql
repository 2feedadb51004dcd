-- id: porteurs_accompagnes
-- titre: Personnes accompagnées
-- unite: nombre
-- type: count
-- ic: aucun
-- secret: personnes
-- theme: accompagnement
-- ordre: 10
-- dimensions: dispositif, phase
-- definition: Nombre de personnes distinctes (porteurs de projet) ayant un accompagnement en cours
--   dans l'année : commencé au plus tard le 31 décembre et non terminé avant le 1er janvier.
--   Territoire : la commune du porteur. Aussi par dispositif et par phase.
-- sources: Structures d'accompagnement, fichier accompagnements.csv (identifiants pseudonymisés)
SELECT g.niveau, g.code AS territoire, a.annee,
       CASE d.k WHEN 0 THEN '' WHEN 1 THEN dim('dispositif', x.id_dispositif)
                ELSE dim('phase', x.phase) END AS dimension,
       count(DISTINCT x.id_porteur) AS numerateur, NULL AS denominateur,
       count(DISTINCT x.id_porteur) AS n_unites, 1.0 / count(DISTINCT x.id_porteur) AS part_max
FROM accompagnement x
JOIN annees a ON x.date_debut <= a.annee || '-12-31'
             AND (x.date_fin IS NULL OR x.date_fin >= a.annee || '-01-01')
JOIN geo g ON g.commune = x.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) d
WHERE d.k <> 2 OR x.phase IS NOT NULL
GROUP BY g.niveau, g.code, a.annee, dimension
