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
FROM etablissement e
JOIN annees a ON a.annee = CAST(substr(e.date_creation, 1, 4) AS INTEGER)
JOIN geo g ON g.commune = e.commune
WHERE EXISTS (SELECT 1 FROM accompagnement x WHERE x.siret_cree = e.siret)
GROUP BY g.niveau, g.code, a.annee
