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
    UNION ALL SELECT dim('financeur', financeur), siret FROM created
), u AS (
    -- each establishment's jobs in each of its cells, next to the largest of the cell
    SELECT g.niveau, g.code, m.annee, k.dimension, m.postes AS x
    FROM keyed k
    JOIN emploi m ON m.siret = k.siret
    JOIN annees y ON y.annee = m.annee
    JOIN etablissement e ON e.siret = k.siret
    JOIN geo g ON g.commune = e.commune
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee, dimension) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, dimension,
       sum(x) AS numerateur, NULL AS denominateur, count(*) AS n_unites,
       max(x) * 1.0 / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two establishments share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           * 1.0 / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee, dimension
