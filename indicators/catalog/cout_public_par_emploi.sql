-- id: cout_public_par_emploi
-- titre: Coût public par emploi créé
-- unite: euros
-- type: mean
-- ic: aucun
-- secret: etablissements
-- construit_de: montant_public / emplois_crees
-- theme: levier
-- ordre: 70
-- definition: Financements publics de l'année des projets accompagnés du territoire divisés par les
--   postes salariés au 31 décembre de l'année dans les établissements créés à l'issue d'un
--   accompagnement.
-- sources: Financeurs des projets accompagnés, fichier financements.csv
WITH f AS (
    SELECT x.montant, x.origine, x.financeur, CAST(substr(x.date, 1, 4) AS INTEGER) AS annee,
           coalesce(x.id_accompagnement, x.siret) AS projet,
           coalesce(x.id_dispositif, (SELECT a.id_dispositif FROM accompagnement a
                                      WHERE a.id_accompagnement = x.id_accompagnement)) AS dispositif,
           coalesce((SELECT a.commune FROM accompagnement a WHERE a.id_accompagnement = x.id_accompagnement),
                    (SELECT e.commune FROM etablissement e WHERE e.siret = x.siret)) AS commune
    FROM financement x
), u AS (
    -- each public funding, next to the largest of its cell
    SELECT g.niveau, g.code, f.annee, f.montant AS x, f.projet,
           max(f.montant) OVER (PARTITION BY g.niveau, g.code, f.annee) AS x1
    FROM f JOIN annees a ON a.annee = f.annee JOIN geo g ON g.commune = f.commune
    WHERE f.origine = 'public'
), pub AS (
    SELECT niveau, code, annee, sum(x) AS montant, count(DISTINCT projet) AS n,
           max(x) / nullif(sum(x), 0) AS part_max,
           -- the second largest: the largest again when two fundings share it, else the largest below it
           CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
               / nullif(sum(x), 0) AS part_deuxieme
    FROM u
    GROUP BY niveau, code, annee
), den AS (
    SELECT g.niveau, g.code, m.annee, sum(m.postes) AS d
    FROM (SELECT DISTINCT siret_cree FROM accompagnement WHERE siret_cree IS NOT NULL) x
    CROSS JOIN emploi m ON m.siret = x.siret_cree -- les créations d'abord : peu nombreuses
    JOIN etablissement e ON e.siret = m.siret
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    GROUP BY g.niveau, g.code, m.annee
)
SELECT pub.niveau, pub.code AS territoire, pub.annee, '' AS dimension,
       pub.montant AS numerateur, den.d AS denominateur, pub.n AS n_unites, pub.part_max,
       pub.part_deuxieme
FROM pub JOIN den ON den.niveau = pub.niveau AND den.code = pub.code AND den.annee = pub.annee
