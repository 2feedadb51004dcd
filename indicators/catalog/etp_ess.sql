-- id: etp_ess
-- titre: Équivalents temps plein de l'ESS
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: economie
-- ordre: 40
-- dimensions: famille, section
-- definition: Nombre d'équivalents temps plein des établissements de l'ESS sur l'année (somme des
--   lignes d'emploi de l'année). Aussi par famille de l'ESS et par section d'activité NAF.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
SELECT g.niveau, g.code AS territoire, m.annee,
       CASE d.k WHEN 0 THEN '' WHEN 1 THEN 'famille=' || e.famille_ess
                ELSE 'section=' || e.naf_section END AS dimension,
       sum(m.etp) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(m.etp) / nullif(sum(m.etp), 0) AS part_max
FROM emploi m
JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN annees a ON a.annee = m.annee
JOIN geo g ON g.commune = e.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) d
GROUP BY g.niveau, g.code, m.annee, dimension
