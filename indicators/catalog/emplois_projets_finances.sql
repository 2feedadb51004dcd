-- id: emplois_projets_finances
-- titre: Postes salariés des établissements créés par les projets financés
-- unite: nombre
-- type: sum
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- theme: levier
-- ordre: 83
-- dimensions: financeur
-- definition: Postes salariés au 31 décembre de l'année des établissements créés par des projets
--   financés, dans leur territoire. Aussi par financeur.
-- sources: Financeurs des projets accompagnés, fichier financements.csv ; DSN, fichier emploi.csv
WITH created AS (
    SELECT DISTINCT x.financeur, coalesce(x.siret, a.siret_cree) AS siret
    FROM financement x LEFT JOIN accompagnement a ON a.id_accompagnement = x.id_accompagnement
    WHERE coalesce(x.siret, a.siret_cree) IS NOT NULL
), keyed AS (
    -- each establishment once in the total, once per funder in the breakdown
    SELECT DISTINCT '' AS dimension, siret FROM created
    UNION ALL SELECT 'financeur=' || financeur, siret FROM created
)
SELECT g.niveau, g.code AS territoire, m.annee, k.dimension,
       sum(m.postes) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(m.postes) * 1.0 / nullif(sum(m.postes), 0) AS part_max
FROM keyed k
JOIN emploi m ON m.siret = k.siret
JOIN annees y ON y.annee = m.annee
JOIN etablissement e ON e.siret = k.siret
JOIN geo g ON g.commune = e.commune
GROUP BY g.niveau, g.code, m.annee, k.dimension
