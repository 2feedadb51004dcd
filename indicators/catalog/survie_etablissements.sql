-- id: survie_etablissements
-- titre: Survie des établissements depuis leur création
-- unite: pourcent
-- type: survival
-- ic: log-log
-- secret: etablissements
-- confidentialite: public_sirene
-- dimensions_confidentielles: groupe=accompagne, groupe=non_accompagne
-- theme: survie
-- ordre: 10
-- niveaux: etude, departement, region, france
-- dimensions: groupe (perimetre : ess, hors_ess ; accompagnement : accompagne, non_accompagne ; famille)
-- definition: Courbes de Kaplan–Meier de la survie des établissements depuis leur création :
--   durée jusqu'à la fermeture, ou jusqu'à la date d'observation pour les établissements encore
--   actifs (censurés), comptée en mois commencés et exprimée en années. Un établissement créé
--   avant le début de la fenêtre d'observation ([calcul] debut_observation) n'entre dans le
--   calcul qu'à cette date (troncature à gauche), s'il était encore actif. Comparaisons :
--   ESS et hors ESS, établissements nés d'un accompagnement (siret_cree) et autres, familles
--   de l'ESS ; test du log-rank entre les groupes de chaque comparaison.
-- sources: INSEE, répertoire SIRENE ; structures d'accompagnement, fichier accompagnements.csv
WITH p AS (
    SELECT date_observation AS fin, debut_observation AS debut FROM parametres
), unites AS (
    SELECT e.commune, e.est_ess, e.famille_ess,
           EXISTS (SELECT 1 FROM accompagnement x WHERE x.siret_cree = e.siret) AS accompagne,
           (1 + CAST((julianday(CASE WHEN e.date_fermeture IS NOT NULL AND e.date_fermeture <= p.fin
                                     THEN e.date_fermeture ELSE p.fin END)
                      - julianday(e.date_creation)) / 30.4375 AS INTEGER)) / 12.0 AS duree,
           CASE WHEN e.date_fermeture IS NOT NULL AND e.date_fermeture <= p.fin THEN 1 ELSE 0 END AS evenement,
           CASE WHEN p.debut IS NOT NULL AND e.date_creation < p.debut
                THEN CAST((julianday(p.debut) - julianday(e.date_creation)) / 30.4375 AS INTEGER) / 12.0
                ELSE 0 END AS entree
    FROM etablissement e, p
    WHERE e.date_creation <= p.fin
      AND (p.debut IS NULL OR e.date_fermeture IS NULL OR e.date_fermeture > p.debut)
), comparaisons AS (
    SELECT 'perimetre' AS comparaison UNION ALL SELECT 'accompagnement' UNION ALL SELECT 'famille'
)
-- une ligne par établissement et comparaison, avec sa commune (poids 1) : le moteur compte les
-- établissements par durée et les cumule vers les territoires des niveaux de l'en-tête (voir
-- indicators/README.md ; un GROUP BY ici, trié par SQLite, serait bien plus lent)
SELECT u.commune, c.comparaison,
       CASE c.comparaison
            WHEN 'perimetre' THEN CASE WHEN u.est_ess = 1 THEN 'ess' ELSE 'hors_ess' END
            WHEN 'accompagnement' THEN CASE WHEN u.accompagne THEN 'accompagne' ELSE 'non_accompagne' END
            ELSE u.famille_ess END AS groupe,
       u.entree, u.duree, u.evenement, 1 AS poids
FROM unites u
CROSS JOIN comparaisons c
WHERE c.comparaison <> 'famille' OR u.famille_ess IS NOT NULL
