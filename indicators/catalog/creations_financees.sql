-- id: creations_financees
-- titre: Établissements créés par les projets financés
-- unite: nombre
-- type: count
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: levier
-- ordre: 81
-- dimensions: financeur
-- definition: Nombre d'établissements créés dans l'année par des projets financés (l'établissement
--   désigné par le financement, ou créé à l'issue de l'accompagnement financé), quelle que soit
--   l'année du financement, dans leur territoire. Aussi par financeur.
-- sources: Financeurs des projets accompagnés, fichier financements.csv ; INSEE, répertoire SIRENE
WITH created AS (
    SELECT DISTINCT x.financeur, coalesce(x.siret, a.siret_cree) AS siret
    FROM financement x LEFT JOIN accompagnement a ON a.id_accompagnement = x.id_accompagnement
    WHERE coalesce(x.siret, a.siret_cree) IS NOT NULL
)
SELECT g.niveau, g.code AS territoire, y.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('financeur', c.financeur) END AS dimension,
       count(DISTINCT e.siret) AS numerateur, NULL AS denominateur, count(DISTINCT e.siret) AS n_unites,
       1.0 / count(DISTINCT e.siret) AS part_max
FROM created c
JOIN etablissement e ON e.siret = c.siret
JOIN annees y ON y.annee = CAST(substr(e.date_creation, 1, 4) AS INTEGER)
JOIN geo g ON g.commune = e.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
GROUP BY g.niveau, g.code, y.annee, dimension
