#!/bin/sh
# Everyday use on a small dataset: misuse refused with exit 2 and a message
# naming what exists; a configuration typo named with the nearest key; every
# command given --config writes the log; no lock file beside a missing
# database; obs alertes (internal use) and obs annuaire against the database.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 not installed"; exit 0; }
python3 "$SRC/tests/oracle/gen_independent.py" 7 "$WORK/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
C="$WORK/obs.ini"
DB="$WORK/obs.sqlite"
cp "$WORK/d/obs.ini" "$C"
printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\njournal = obs.log\n[calcul]\nannee = 2024\nreplications = 100\n' >> "$C"
"$OBS" run "$C" --quiet > "$WORK/run.txt" 2>&1 || { cat "$WORK/run.txt"; fail "obs run"; }
q() { sqlite3 "$DB" "$1"; }

# expect CODE MESSAGE obs ARGS...: the exit code and a piece of the message
expect() {
    code=$1 msg=$2
    shift 2
    "$OBS" "$@" > "$WORK/out.txt" 2> "$WORK/err.txt"
    rc=$?
    [ "$rc" -eq "$code" ] || { cat "$WORK/err.txt"; fail "obs $*: exit $rc, $code expected"; }
    grep -qF -- "$msg" "$WORK/err.txt" || { cat "$WORK/err.txt"; fail "obs $*: no « $msg »"; }
    echo "obs $* -> $rc: $(sed 's/^.*obs: erreur : //' "$WORK/err.txt" | head -n 1)"
}
expect 2 "l'exécution n° 999 n'existe pas ou n'a calculé aucune valeur ; dernière exécution complète : n° 1" \
    report "$DB" --config "$C" --run 999 --out "$WORK/r"
expect 2 "aucune donnée pour l'année 2031 dans l'exécution n° 1 (années disponibles : " \
    report "$DB" --config "$C" --year 2031 --out "$WORK/r"
[ ! -e "$WORK/r" ] || [ -z "$(ls -A "$WORK/r")" ] || fail "a refused report wrote files"
expect 2 "dernière exécution complète : n° 1" export "$DB" --run 999
[ ! -s "$WORK/out.txt" ] || fail "a refused export printed a header"
expect 2 "indicateur inconnu « nexiste_pas »" export "$DB" --indicator nexiste_pas
expect 2 "vouliez-vous dire etablissements_ess ?" export "$DB" --indicator etablissement_ess

# a partial run is never reported; a plain report takes the last complete run
"$OBS" compute "$DB" --config "$C" --only etablissements_ess > /dev/null 2>&1 || fail "compute --only"
expect 2 "l'exécution n° 2 est partielle (compute --only) : elle n'est pas publiable ; dernière exécution complète : n° 1" \
    report "$DB" --config "$C" --run 2 --out "$WORK/r"
"$OBS" report "$DB" --config "$C" --territory etude-a --format xlsx --out "$WORK/r" > /dev/null 2>&1 || fail "plain report"
[ -f "$WORK/r/etude-a-2024.xlsx" ] || fail "plain report: no workbook"
grep -q "obs compute .*--only etablissements_ess" "$WORK/obs.log" || fail "compute --config did not write the log"
grep -q "obs report .*--territory etude-a" "$WORK/obs.log" || fail "report --config did not write the log"

# a configuration typo
sed 's/^entrees = /entree = /' "$C" > "$WORK/typo.ini"
expect 2 "entree : clé inconnue, vouliez-vous dire entrees ?" compute "$DB" --config "$WORK/typo.ini"

# no lock file beside a database that does not exist
expect 1 "n'existe pas" compute "$WORK/nope.sqlite"
[ ! -e "$WORK/nope.sqlite.lock" ] || fail "lock file left after a failure"

# obs alertes: the warnings of the last grid year, internal use said first
year=$(q "SELECT max(annee) FROM grille")
n=$(q "SELECT count(*) FROM alerte_grille WHERE run_id = 1 AND annee = $year")
s=$(q "SELECT count(DISTINCT siret) FROM alerte_grille WHERE run_id = 1 AND annee = $year")
"$OBS" alertes "$DB" --xlsx "$WORK/alertes.xlsx" > "$WORK/alertes.txt" 2>&1 || { cat "$WORK/alertes.txt"; fail "alertes"; }
head -n 1 "$WORK/alertes.txt" | grep -q "^USAGE INTERNE" || fail "alertes: not said internal"
grep -q "Alertes de la grille d'entretien $year (exécution n° 1) : $n alerte" "$WORK/alertes.txt" ||
    { head -n 3 "$WORK/alertes.txt"; fail "alertes: $n warnings expected"; }
[ "$(grep -c '^[0-9][0-9]*\. ' "$WORK/alertes.txt")" -eq "$s" ] || fail "alertes: $s structures expected"
[ -s "$WORK/alertes.xlsx" ] || fail "alertes: no workbook"
expect 2 "aucune grille d'entretien pour l'année 1990" alertes "$DB" --year 1990

# obs annuaire: the active ESS establishments of the study territory
want=$(q "SELECT count(*) FROM etablissement e JOIN geo g ON g.commune = e.commune
          WHERE g.niveau = 'etude' AND g.code = 'etude-a' AND e.est_ess = 1 AND e.etat = 'A'")
"$OBS" annuaire "$DB" --territory etude-a --csv > "$WORK/annuaire.csv" 2> "$WORK/annuaire.err" || fail "annuaire"
head -n 1 "$WORK/annuaire.csv" | grep -q "^siret,nom,famille,code_naf,activite,adresse,code_commune,commune,tranche_effectifs" ||
    fail "annuaire: header"
[ "$(($(wc -l < "$WORK/annuaire.csv") - 1))" -eq "$want" ] || fail "annuaire: $want establishments expected"
expect 2 "territoire inconnu « nulle-part »" annuaire "$DB" --territory nulle-part
echo "everyday cli ok: $n warnings on $s structures in $year, $want establishments in the directory of etude-a"
