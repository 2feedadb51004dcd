#!/bin/sh
# The optional p % rule on the sample ([calcul] secret_p = 10), on two of the
# indicators that return part_deuxieme, for 2024 (the full catalog is
# secret_sample.sh): cells hidden by the rule, the p recorded with the run,
# an audit finding every rule applied, and the audit naming the leak when one
# such cell is given back.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/p.sqlite"
CONFIG="$WORK/obs.ini"
# the sample's configuration, with its relative paths made absolute
sed -e "s|^base = .*|base = $DB|" -e "s|^entrees = .*|entrees = $SRC/datasets/sample|" \
    -e "s|^sorties = .*|sorties = $WORK/out|" -e "s|^journal = .*|journal = $WORK/obs.log|" \
    -e "s|^\[calcul\]|[calcul]\nsecret_p = 10|" "$SRC/datasets/sample/obs.ini" > "$CONFIG"
grep -q "^secret_p = 10$" "$CONFIG" || fail "configuration"
# init + load of the sample, shared by the scripts of a test pass (tests/lib/sample_db.sh)
. "$SRC/tests/lib/sample_db.sh"
sample_db "$DB" || fail "init + load of the sample"
# one year keeps it short (the audit then has a tenth of the cells)
"$OBS" compute "$DB" --config "$CONFIG" --year 2024 --only masse_salariale_ess,postes_ess > "$WORK/compute.txt" 2>&1 \
    || { cat "$WORK/compute.txt"; fail "compute"; }
q() { sqlite3 "$DB" "$1"; }
grep -q "règle du p % (p = 10) appliquée à 2 indicateurs" "$WORK/compute.txt" \
    || { cat "$WORK/compute.txt"; fail "the log does not say where the p % rule applies"; }

n=$(q "SELECT count(*) FROM indicator_value WHERE motif_secret = 'p_pourcent'")
echo "secret cells (p_pourcent): $n"
[ "$n" -gt 0 ] || fail "no cell hidden by the p % rule"
[ "$(q "SELECT secret_p FROM run ORDER BY id DESC LIMIT 1")" = "10.0" ] || fail "p not recorded with the run"
# every published cell passes the rule (the same formula as the engine's)
[ "$(q "SELECT count(*) FROM indicator_value WHERE secret = 0 AND part_deuxieme IS NOT NULL
        AND 1 - part_max - part_deuxieme < 0.1 * part_max")" -eq 0 ] || fail "a cell breaking the p % rule is published"

# every rule applied, the p % rule included (what the audit's attacker gives
# back of the suppression is the acceptance of tests/e2e/attackers_small.sh
# and secret_sample.sh: exit 5 is accepted here)
"$OBS" audit-secret "$DB" > "$WORK/audit.txt" 2>&1
rc=$?
{ [ "$rc" -eq 0 ] || [ "$rc" -eq 5 ]; } || { cat "$WORK/audit.txt"; fail "audit exit $rc"; }
grep -q "^  règles non appliquées : 0$" "$WORK/audit.txt" || { cat "$WORK/audit.txt"; fail "audit: a rule not applied"; }
grep -v "obs: erreur : fuite" "$WORK/audit.txt"

# one cell hidden by the rule given back: a leak, named, exit 5
q "UPDATE indicator_value SET secret = 0, valeur = valeur_brute WHERE rowid =
   (SELECT rowid FROM indicator_value WHERE motif_secret = 'p_pourcent' LIMIT 1)"
"$OBS" audit-secret "$DB" > "$WORK/audit2.txt" 2>&1
rc=$?
[ "$rc" -eq 5 ] || { cat "$WORK/audit2.txt"; fail "audit exit $rc on a leak, 5 expected"; }
grep -q "fuite : règle du p % non appliquée" "$WORK/audit2.txt" || { cat "$WORK/audit2.txt"; fail "leak not named"; }
echo "secret p % rule: ok"
