-- id: part_creations_financees_actives
-- titre: Part des établissements créés par les projets financés encore actifs
-- unite: pourcent
-- type: ratio
-- ic: wilson
-- cumul_communes: n_unites
-- secret: etablissements
-- construit_de: interne:creations_financees_actives / interne:creations_financees_cumulees
-- theme: levier
-- ordre: 82
-- dimensions: financeur
-- definition: Parmi les établissements créés au plus tard le 31 décembre de l'année par des projets
--   financés, part de ceux encore actifs à cette date, avec un intervalle de confiance de Wilson à
--   95 %. Aussi par financeur.
-- sources: Financeurs des projets accompagnés, fichier financements.csv ; INSEE, répertoire SIRENE
WITH created AS (
    SELECT DISTINCT x.financeur, coalesce(x.siret, a.siret_cree) AS siret
    FROM financement x LEFT JOIN accompagnement a ON a.id_accompagnement = x.id_accompagnement
    WHERE coalesce(x.siret, a.siret_cree) IS NOT NULL
)
SELECT g.niveau, g.code AS territoire, y.annee,
       CASE d.k WHEN 0 THEN '' ELSE dim('financeur', c.financeur) END AS dimension,
       count(DISTINCT CASE WHEN e.date_fermeture IS NULL OR e.date_fermeture > y.annee || '-12-31'
                           THEN e.siret END) AS numerateur,
       count(DISTINCT e.siret) AS denominateur, count(DISTINCT e.siret) AS n_unites,
       1.0 / count(DISTINCT e.siret) AS part_max
FROM created c
JOIN etablissement e ON e.siret = c.siret
JOIN annees y ON e.date_creation <= y.annee || '-12-31'
JOIN geo g ON g.commune = e.commune
CROSS JOIN (SELECT 0 AS k UNION ALL SELECT 1) d
GROUP BY g.niveau, g.code, y.annee, dimension
