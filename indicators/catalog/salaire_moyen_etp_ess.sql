-- id: salaire_moyen_etp_ess
-- titre: Salaire annuel moyen par équivalent temps plein dans l'ESS
-- unite: euros
-- type: mean
-- ic: aucun
-- cumul_communes: numerateur
-- secret: etablissements
-- construit_de: masse_salariale_ess / etp_ess
-- theme: economie
-- ordre: 110
-- definition: Masse salariale de l'ESS divisée par ses équivalents temps plein.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv
WITH u AS (
    -- each establishment's wage bill and FTEs, next to the largest wage bill of its cell
    SELECT g.niveau, g.code, m.annee, m.masse_salariale AS x, m.etp
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
), r AS (
    SELECT u.*, max(x) OVER (PARTITION BY niveau, code, annee) AS x1 FROM u
)
SELECT niveau, code AS territoire, annee, '' AS dimension,
       sum(x) AS numerateur, sum(etp) AS denominateur, count(*) AS n_unites,
       max(x) / nullif(sum(x), 0) AS part_max,
       -- the second largest: the largest again when two establishments share it, else the largest below it
       CASE WHEN sum(x = x1) > 1 THEN max(x) ELSE coalesce(max(CASE WHEN x < x1 THEN x END), 0) END
           / nullif(sum(x), 0) AS part_deuxieme
FROM r
GROUP BY niveau, code, annee
