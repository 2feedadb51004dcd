-- id: benevoles_ess
-- titre: Bénévoles des établissements de l'ESS
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: utilite_sociale
-- ordre: 30
-- definition: Nombre de bénévoles déclarés par les établissements de l'ESS, là où l'information est
--   renseignée.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.benevoles) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(m.benevoles) * 1.0 / nullif(sum(m.benevoles), 0) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
WHERE m.benevoles IS NOT NULL
GROUP BY g.niveau, g.code, m.annee
