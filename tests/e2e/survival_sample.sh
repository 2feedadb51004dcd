#!/bin/sh
# Issue "survival", acceptance (part): on the sample, supported creations show
# a higher 5-year survival than the others, with intervals; the figures are in
# indicator_value and survival_curve, the log-rank tests in survival_test.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/s.sqlite"
CONFIG="$SRC/datasets/sample/obs.ini"
# init + load of the sample, shared by the scripts of a test pass (tests/lib/sample_db.sh)
. "$SRC/tests/lib/sample_db.sh"
sample_db "$DB" || fail "init + load of the sample"
"$OBS" compute "$DB" --config "$CONFIG" \
    --only survie_etablissements,survie_1an,survie_3ans,survie_5ans,survie_mediane_annees,perennite_5ans \
    > /dev/null 2>&1 || fail "compute"
q() { sqlite3 "$DB" "$1"; }
for t in "france|FR" "etude|pays-de-brest"; do
    niveau=${t%|*}; code=${t#*|}
    line=$(q "SELECT a.valeur, a.ic_bas, a.ic_haut, b.valeur, b.ic_bas, b.ic_haut FROM indicator_value a
              JOIN indicator_value b ON b.indicator = a.indicator AND b.niveau = a.niveau AND b.territoire = a.territoire
               AND b.dimension = 'groupe=non_accompagne'
              WHERE a.indicator = 'survie_5ans' AND a.niveau = '$niveau' AND a.territoire = '$code'
               AND a.dimension = 'groupe=accompagne'")
    [ -n "$line" ] || fail "$code: no 5-year survival by support"
    echo "$code: 5-year survival, supported | others = $line"
    echo "$line" | awk -F'|' '{ exit !($1 > $4 && $2 < $1 && $1 < $3 && $5 < $4 && $4 < $6) }' ||
        fail "$code: supported creations do not survive longer, or intervals missing"
done
[ "$(q "SELECT count(*) FROM survival_curve WHERE niveau='france' AND groupe='accompagne'")" -gt 10 ] || fail "curve rows"
[ "$(q "SELECT count(*) FROM survival_test WHERE niveau='france' AND groupes='accompagne,non_accompagne' AND p < 0.05")" -eq 1 ] || fail "log-rank"
[ "$(q "SELECT count(*) FROM indicator_value WHERE indicator='perennite_5ans' AND niveau='france' AND annee=2019")" -gt 0 ] || fail "generation rates"
[ "$(q "SELECT count(*) FROM indicator_value WHERE indicator='perennite_5ans' AND annee > 2019")" -eq 0 ] || fail "generations not fully observed were published"
echo "survival on the sample ok"
