-- id: poids_postes_ess
-- titre: Poids de l'ESS dans l'emploi salarié privé
-- unite: pourcent
-- type: ratio
-- ic: aucun
-- secret: etablissements
-- construit_de: postes_ess / public:postes_salaries_prives
-- secret_herite: postes_ess
-- theme: economie
-- ordre: 60
-- definition: Part des postes salariés des établissements de l'ESS dans l'ensemble des postes salariés
--   privés du territoire, au 31 décembre.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv ; URSSAF, emploi salarié privé par commune (emploi_territoire.csv)
WITH total AS (
    SELECT commune, annee,
             CASE WHEN max(section = '') THEN sum(CASE WHEN section = '' THEN postes END)
                  ELSE sum(postes) END AS postes
      FROM emploi_territoire GROUP BY commune, annee
), den AS (
    SELECT g.niveau, g.code, t.annee, sum(t.postes) AS postes
    FROM total t JOIN annees a ON a.annee = t.annee JOIN geo g ON g.commune = t.commune
    GROUP BY g.niveau, g.code, t.annee
), num AS (
    SELECT g.niveau, g.code, m.annee, sum(m.postes) AS postes, count(*) AS n,
           max(m.postes) * 1.0 / nullif(sum(m.postes), 0) AS part_max
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    GROUP BY g.niveau, g.code, m.annee
)
SELECT num.niveau, num.code AS territoire, num.annee, '' AS dimension,
       num.postes AS numerateur, den.postes AS denominateur, num.n AS n_unites, num.part_max
FROM num JOIN den ON den.niveau = num.niveau AND den.code = num.code AND den.annee = num.annee
