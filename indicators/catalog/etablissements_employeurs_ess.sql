-- id: etablissements_employeurs_ess
-- titre: Établissements employeurs de l'ESS
-- unite: nombre
-- type: count
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- cadre: etablissements_ess
-- theme: economie
-- ordre: 20
-- definition: Nombre d'établissements de l'ESS ayant au moins un poste salarié au 31 décembre de
--   l'année.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee,
       '' AS dimension, count(*) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       1.0 / count(*) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
WHERE m.postes > 0
GROUP BY g.niveau, g.code, m.annee
