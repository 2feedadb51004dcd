-- id: taux_sortie_positive
-- titre: Taux de sortie positive
-- unite: pourcent
-- type: ratio
-- ic: wilson
-- secret: personnes
-- construit_de: interne:parcours_termines_en_sortie_positive / interne:parcours_termines
-- theme: accompagnement
-- ordre: 40
-- definition: Part des accompagnements terminés dans l'année qui débouchent sur une création
--   d'activité, un emploi ou une formation, avec un intervalle de confiance de Wilson à 95
--   %.
-- sources: Structures d'accompagnement, fichier accompagnements.csv (identifiants pseudonymisés)
SELECT g.niveau, g.code AS territoire, a.annee, '' AS dimension,
       sum(CASE WHEN x.issue IN ('creation', 'emploi', 'formation') THEN 1 ELSE 0 END) AS numerateur, count(*) AS denominateur,
       count(DISTINCT x.id_porteur) AS n_unites, 1.0 / count(DISTINCT x.id_porteur) AS part_max
FROM accompagnement x
JOIN annees a ON x.date_fin BETWEEN a.annee || '-01-01' AND a.annee || '-12-31'
JOIN geo g ON g.commune = x.commune
GROUP BY g.niveau, g.code, a.annee
