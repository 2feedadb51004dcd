-- id: cout_public_par_emploi
-- titre: Coût public par emploi créé
-- unite: euros
-- type: mean
-- ic: aucun
-- secret: etablissements
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
), pub AS (
    SELECT g.niveau, g.code, f.annee, sum(f.montant) AS montant, count(DISTINCT f.projet) AS n,
           max(f.montant) / nullif(sum(f.montant), 0) AS part_max
    FROM f JOIN annees a ON a.annee = f.annee JOIN geo g ON g.commune = f.commune
    WHERE f.origine = 'public'
    GROUP BY g.niveau, g.code, f.annee
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
       pub.montant AS numerateur, den.d AS denominateur, pub.n AS n_unites, pub.part_max
FROM pub JOIN den ON den.niveau = pub.niveau AND den.code = pub.code AND den.annee = pub.annee
