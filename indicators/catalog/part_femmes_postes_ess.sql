-- id: part_femmes_postes_ess
-- titre: Part des femmes dans les postes de l'ESS
-- unite: pourcent
-- type: ratio
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: utilite_sociale
-- ordre: 10
-- definition: Part des postes occupés par des femmes parmi les postes salariés des établissements de
--   l'ESS, sur les lignes d'emploi où l'information est renseignée.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.postes_femmes) AS numerateur, sum(m.postes) AS denominateur, count(*) AS n_unites,
       max(m.postes_femmes) * 1.0 / nullif(sum(m.postes_femmes), 0) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
WHERE m.postes_femmes IS NOT NULL
GROUP BY g.niveau, g.code, m.annee
