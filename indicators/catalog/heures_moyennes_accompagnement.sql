-- id: heures_moyennes_accompagnement
-- titre: Durée moyenne d'accompagnement (heures)
-- unite: nombre
-- type: mean
-- ic: aucun
-- secret: personnes
-- construit_de: interne:heures_accompagnement / interne:parcours_termines_avec_heures
-- theme: accompagnement
-- ordre: 60
-- definition: Nombre moyen d'heures d'accompagnement des parcours terminés dans l'année, là où il est
--   renseigné.
-- sources: Structures d'accompagnement, fichier accompagnements.csv (identifiants pseudonymisés)
SELECT g.niveau, g.code AS territoire, a.annee, '' AS dimension,
       sum(x.heures) AS numerateur, count(x.heures) AS denominateur,
       count(DISTINCT x.id_porteur) AS n_unites, max(x.heures) / nullif(sum(x.heures), 0) AS part_max
FROM accompagnement x
JOIN annees a ON x.date_fin BETWEEN a.annee || '-01-01' AND a.annee || '-12-31'
JOIN geo g ON g.commune = x.commune
WHERE x.heures IS NOT NULL
GROUP BY g.niveau, g.code, a.annee
