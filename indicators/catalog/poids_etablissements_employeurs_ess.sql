-- id: poids_etablissements_employeurs_ess
-- titre: Poids de l'ESS parmi les établissements employeurs
-- unite: pourcent
-- type: ratio
-- ic: aucun
-- secret: etablissements
-- construit_de: etablissements_employeurs_ess / public:etablissements_employeurs_prives
-- secret_herite: etablissements_employeurs_ess
-- theme: economie
-- ordre: 70
-- definition: Part des établissements employeurs de l'ESS dans l'ensemble des établissements
--   employeurs privés du territoire.
-- sources: Déclarations sociales nominatives (DSN) via l'URSSAF, fichier emploi.csv ; URSSAF, emploi salarié privé par commune (emploi_territoire.csv)
WITH total AS (
    SELECT commune, annee,
             CASE WHEN max(section = '') THEN sum(CASE WHEN section = '' THEN etablissements_employeurs END)
                  ELSE sum(etablissements_employeurs) END AS etablissements_employeurs
      FROM emploi_territoire GROUP BY commune, annee
), den AS (
    SELECT g.niveau, g.code, t.annee, sum(t.etablissements_employeurs) AS n
    FROM total t JOIN annees a ON a.annee = t.annee JOIN geo g ON g.commune = t.commune
    GROUP BY g.niveau, g.code, t.annee
), num AS (
    SELECT g.niveau, g.code, m.annee, count(*) AS n
    FROM emploi m
    JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
    JOIN annees a ON a.annee = m.annee
    JOIN geo g ON g.commune = e.commune
    WHERE m.postes > 0
    GROUP BY g.niveau, g.code, m.annee
), ess AS (
    SELECT DISTINCT g.niveau, g.code FROM etablissement e JOIN geo g ON g.commune = e.commune
    WHERE e.est_ess = 1
)
-- every territory with ESS establishments and year with private employers, 0 % where no ESS
-- establishment employs (masked, as its count: no contributor), so that a masked share may be 0
SELECT den.niveau, den.code AS territoire, den.annee, '' AS dimension,
       coalesce(num.n, 0) AS numerateur, den.n AS denominateur, coalesce(num.n, 0) AS n_unites,
       1.0 / num.n AS part_max
FROM den LEFT JOIN num ON num.niveau = den.niveau AND num.code = den.code AND num.annee = den.annee
WHERE den.annee IN (SELECT annee FROM num)
  AND (num.n IS NOT NULL OR EXISTS (SELECT 1 FROM ess WHERE ess.niveau = den.niveau AND ess.code = den.code))
