-- id: emplois_crees
-- titre: Emplois des établissements créés avec un accompagnement
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: levier
-- ordre: 50
-- definition: Postes salariés au 31 décembre de l'année dans les établissements créés à l'issue d'un
--   accompagnement.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.postes) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(m.postes) * 1.0 / nullif(sum(m.postes), 0) AS part_max
FROM (SELECT DISTINCT siret_cree FROM accompagnement WHERE siret_cree IS NOT NULL) x
CROSS JOIN emploi m ON m.siret = x.siret_cree -- les créations d'abord : peu nombreuses
JOIN etablissement e ON e.siret = m.siret
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
GROUP BY g.niveau, g.code, m.annee
