-- id: salaire_moyen_etp_ess
-- titre: Salaire annuel moyen par équivalent temps plein dans l'ESS
-- unite: euros
-- type: mean
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: economie
-- ordre: 110
-- definition: Masse salariale de l'ESS divisée par ses équivalents temps plein.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.masse_salariale) AS numerateur, sum(m.etp) AS denominateur, count(*) AS n_unites,
       max(m.masse_salariale) / nullif(sum(m.masse_salariale), 0) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
GROUP BY g.niveau, g.code, m.annee
