-- id: creations_accompagnees
-- titre: Créations d'établissements accompagnées
-- unite: nombre
-- type: count
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: levier
-- ordre: 40
-- definition: Nombre d'établissements créés dans l'année à l'issue d'un accompagnement (établissements
--   désignés par siret_cree d'un accompagnement), dans leur territoire.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
SELECT g.niveau, g.code AS territoire, a.annee, '' AS dimension,
       count(*) AS numerateur, NULL AS denominateur, count(*) AS n_unites, 1.0 / count(*) AS part_max
FROM (SELECT DISTINCT siret_cree FROM accompagnement WHERE siret_cree IS NOT NULL) x
CROSS JOIN etablissement e ON e.siret = x.siret_cree -- les créations d'abord : peu nombreuses
JOIN annees a ON a.annee = CAST(substr(e.date_creation, 1, 4) AS INTEGER)
JOIN geo g ON g.commune = e.commune
GROUP BY g.niveau, g.code, a.annee
