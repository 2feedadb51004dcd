#!/bin/sh
# What secondary suppression must keep (issue 16, item 3), checked on a run:
#  1. no France or région figure without breakdown is masked as secondary;
#  2. the study territories' headline totals of the year (etablissements_ess,
#     postes_ess, montant_public, montant_prive, effet_levier) are published
#     unless they are primary-secret themselves (frequence, dominance,
#     p_pourcent, diffusion, initie).
# usage: secret-headline-check.sh DB [YEAR]   (YEAR: the run's last year)
# Prints each offending cell; exit 0 when none, 1 when some, 2 on bad usage.
set -eu
DB=${1:?usage: secret-headline-check.sh DB [ANNEE]}
test -f "$DB" || { echo "base absente : $DB" >&2; exit 2; }
RUN=$(sqlite3 "$DB" "SELECT max(run_id) FROM indicator_value")
YEAR=${2:-$(sqlite3 "$DB" "SELECT max(annee) FROM indicator_value WHERE run_id = $RUN")}
PRIMARY="'frequence', 'dominance', 'p_pourcent', 'diffusion', 'initie'"
big=$(sqlite3 -separator ' ' "$DB" "SELECT indicator, niveau, territoire, annee, motif_secret
  FROM indicator_value WHERE run_id = $RUN AND niveau IN ('france', 'region') AND dimension = ''
  AND secret = 1 AND motif_secret = 'secondaire'
  ORDER BY indicator, niveau, territoire, annee")
head=$(sqlite3 -separator ' ' "$DB" "SELECT indicator, niveau, territoire, annee, motif_secret
  FROM indicator_value WHERE run_id = $RUN AND niveau = 'etude' AND dimension = '' AND annee = $YEAR
  AND indicator IN ('etablissements_ess', 'postes_ess', 'montant_public', 'montant_prive', 'effet_levier')
  AND secret = 1 AND motif_secret NOT IN ($PRIMARY)
  ORDER BY territoire, indicator")
nb=$(printf '%s' "$big" | grep -c . || true)
nh=$(printf '%s' "$head" | grep -c . || true)
echo "exécution $RUN : $nb cellule(s) France ou région sans ventilation masquée(s) en secondaire"
test -z "$big" || printf '%s\n' "$big" | sed 's/^/  /'
echo "exécution $RUN : $nh total(aux) $YEAR des territoires d'étude masqué(s) sans être secret(s) primaire(s)"
test -z "$head" || printf '%s\n' "$head" | sed 's/^/  /'
test "$nb" -eq 0 && test "$nh" -eq 0
