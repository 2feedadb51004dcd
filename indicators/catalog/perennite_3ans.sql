-- id: perennite_3ans
-- titre: Taux de pérennité à 3 ans (par génération)
-- unite: pourcent
-- type: ratio
-- ic: wilson
-- cumul_communes: n_unites
-- secret: etablissements
-- confidentialite: public_sirene
-- dimensions_confidentielles: groupe=accompagne, groupe=non_accompagne
-- theme: survie
-- ordre: 33
-- dimensions: groupe
-- definition: Part des établissements créés une année donnée (la génération, colonne année)
--   encore actifs 3 ans après leur création, à la manière des taux de pérennité de l'INSEE ;
--   seulement pour les générations entièrement observées (création + 3 ans au plus tard à la
--   date d'observation). Aussi par groupe : ESS, hors ESS, accompagnés, non accompagnés.
-- sources: INSEE, répertoire SIRENE ; structures d'accompagnement
WITH p AS (SELECT date_observation AS fin FROM parametres),
unites AS (
    SELECT e.commune, e.est_ess, CAST(substr(e.date_creation, 1, 4) AS INTEGER) AS generation,
           EXISTS (SELECT 1 FROM accompagnement x WHERE x.siret_cree = e.siret) AS accompagne,
           (e.date_fermeture IS NULL OR e.date_fermeture > date(e.date_creation, '+3 years')) AS perenne
    FROM etablissement e, p
    WHERE date(substr(e.date_creation, 1, 4) || '-12-31', '+3 years') <= p.fin
)
SELECT g.niveau, g.code AS territoire, u.generation AS annee,
       CASE d.k WHEN 0 THEN ''
                WHEN 1 THEN dim('groupe', CASE WHEN u.est_ess = 1 THEN 'ess' ELSE 'hors_ess' END)
                ELSE dim('groupe', CASE WHEN u.accompagne THEN 'accompagne' ELSE 'non_accompagne' END)
       END AS dimension,
       sum(u.perenne) AS numerateur, count(*) AS denominateur, count(*) AS n_unites,
       1.0 / count(*) AS part_max
FROM unites u
JOIN annees a ON a.annee = u.generation
JOIN geo g ON g.commune = u.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) d
GROUP BY g.niveau, g.code, u.generation, dimension
