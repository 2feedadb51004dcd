#!/bin/sh
# Issue "survival and leverage", acceptance (part): effet_levier's bootstrap
# interval contains the ratio and is the same run to run (fixed seed); the
# ratio itself equals the independent computation of indicators_oracle.sh.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/l.sqlite"
CONFIG="$SRC/datasets/sample/obs.ini"
# init + load of the sample, shared by the scripts of a test pass (tests/lib/sample_db.sh)
. "$SRC/tests/lib/sample_db.sh"
sample_db "$DB" || fail "init + load of the sample"
"$OBS" compute "$DB" --config "$CONFIG" --only effet_levier > /dev/null 2>&1 || fail "first compute"
"$OBS" compute "$DB" --config "$CONFIG" --only effet_levier > /dev/null 2>&1 || fail "second compute"
q() { sqlite3 "$DB" "$1"; }
[ "$(q "SELECT count(DISTINCT run_id) FROM indicator_value WHERE indicator='effet_levier'")" -eq 2 ] || fail "two runs"
differ=$(q "SELECT count(*) FROM indicator_value a JOIN indicator_value b ON b.indicator = a.indicator
            AND b.niveau = a.niveau AND b.territoire = a.territoire AND b.annee = a.annee AND b.dimension = a.dimension
            AND b.run_id > a.run_id WHERE a.indicator = 'effet_levier'
            AND (a.valeur <> b.valeur OR a.ic_bas IS NOT b.ic_bas OR a.ic_haut IS NOT b.ic_haut)")
[ "$differ" -eq 0 ] || fail "$differ cells differ between two runs"
outside=$(q "SELECT count(*) FROM indicator_value WHERE indicator='effet_levier' AND ic_bas IS NOT NULL
             AND NOT (ic_bas <= valeur AND valeur <= ic_haut)")
[ "$outside" -eq 0 ] || fail "$outside intervals do not contain their ratio"
[ "$(q "SELECT count(*) FROM indicator_value WHERE indicator='effet_levier' AND ic_bas IS NOT NULL")" -gt 100 ] || fail "intervals"
# the ratio is private over public money of the projects
check=$(q "SELECT valeur, numerateur / denominateur FROM indicator_value WHERE indicator='effet_levier'
           AND niveau='france' AND annee=2023 AND dimension='' ORDER BY run_id LIMIT 1")
echo "France 2023: $check" | tr '|' ' '
echo "$check" | awk -F'|' '{ d = $1 - $2; exit !(d < 1e-12 && d > -1e-12) }' || fail "ratio of sums"
[ "$(q "SELECT seed FROM run WHERE id = (SELECT max(run_id) FROM indicator_value)")" = 20241231 ] || fail "seed in the ledger"
echo "leverage ok"
