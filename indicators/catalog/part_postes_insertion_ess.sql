-- id: part_postes_insertion_ess
-- titre: Part des postes en insertion dans l'ESS
-- unite: pourcent
-- type: ratio
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: utilite_sociale
-- ordre: 20
-- definition: Part des postes en parcours d'insertion par l'activité économique parmi les postes
--   salariés des établissements de l'ESS, sur les lignes d'emploi où l'information est
--   renseignée.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.postes_insertion) AS numerateur, sum(m.postes) AS denominateur, count(*) AS n_unites,
       max(m.postes_insertion) * 1.0 / nullif(sum(m.postes_insertion), 0) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
WHERE m.postes_insertion IS NOT NULL
GROUP BY g.niveau, g.code, m.annee
