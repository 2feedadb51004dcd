-- id: part_demandeurs_emploi_accompagnes
-- titre: Part des demandeurs d'emploi parmi les personnes accompagnées
-- unite: pourcent
-- type: ratio
-- ic: wilson
-- secret: personnes
-- construit_de: interne:porteurs_demandeurs_emploi / interne:porteurs_dont_la_donnee_est_connue
-- theme: accompagnement
-- ordre: 23
-- definition: Part de demandeurs d'emploi parmi les personnes accompagnées dans l'année dont
--   l'information est connue, avec un intervalle de confiance de Wilson à 95 %.
-- sources: Structures d'accompagnement, fichier accompagnements.csv (identifiants pseudonymisés)
SELECT g.niveau, g.code AS territoire, a.annee, '' AS dimension,
       count(DISTINCT CASE WHEN x.demandeur_emploi = 1 THEN x.id_porteur END) AS numerateur,
       count(DISTINCT x.id_porteur) AS denominateur,
       count(DISTINCT x.id_porteur) AS n_unites, 1.0 / count(DISTINCT x.id_porteur) AS part_max
FROM accompagnement x
JOIN annees a ON x.date_debut <= a.annee || '-12-31'
             AND (x.date_fin IS NULL OR x.date_fin >= a.annee || '-01-01')
JOIN geo g ON g.commune = x.commune
WHERE x.demandeur_emploi IS NOT NULL
GROUP BY g.niveau, g.code, a.annee
