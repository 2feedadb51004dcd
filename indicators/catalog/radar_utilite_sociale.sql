-- id: radar_utilite_sociale
-- titre: Grille d'entretien : score moyen « utilité sociale »
-- unite: nombre
-- type: mean
-- ic: aucun
-- secret: etablissements
-- construit_de: interne:scores_utilite_sociale / interne:structures_notees
-- theme: grille
-- ordre: 14
-- dimensions: section
-- definition: Score moyen (de 0 à 5) des structures accompagnées sur l'axe « utilité sociale » de la
--   grille d'entretien, par territoire de l'établissement et par filière (section NAF).
-- sources: Structures d'accompagnement, fichier grille.csv
SELECT g.niveau, g.code AS territoire, r.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('section', e.naf_section) END AS dimension,
       sum(r.score) AS numerateur, count(*) AS denominateur, count(*) AS n_unites,
       max(r.score) / nullif(sum(r.score), 0) AS part_max
FROM grille r
JOIN etablissement e ON e.siret = r.siret
JOIN annees a ON a.annee = r.annee
JOIN geo g ON g.commune = e.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
WHERE r.axe = 'utilite_sociale'
GROUP BY g.niveau, g.code, r.annee, dimension
