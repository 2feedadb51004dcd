#!/bin/sh
# Issue 16, deliverable 6, acceptance in small: on a small realistic dataset
# obs has never seen (tests/oracle/gen_independent.py), after init, load and
# compute, BOTH attackers find nothing: `obs audit-secret --combinaisons`
# (the audit as an attacker, funders included) exits 0 with « 0 fuite », and
# the outside attacker tests/oracle/outsider_attack.py --insider on the public
# export recovers no masked cell, exactly or within 10 %, outsider or funder.
# Both run, whatever the first says, and their counts by relation are shown.
# About 30 s. In the `full` class until the suppression closes the leaks both
# find on the current engine (tests/suites.txt); then in `test`.
set -u
fail=0
command -v python3 > /dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
D="$WORK/small"
REF="$SRC/datasets/reference"
python3 "$SRC/tests/oracle/gen_independent.py" 20241124 "$D" "$REF" > /dev/null || { echo "FAIL: generator"; exit 1; }
DB="$D/obs.sqlite"
INI="$D/obs.ini"
for step in init load compute; do
    if [ "$step" = load ]; then extra="$D/data"; else extra=""; fi
    # shellcheck disable=SC2086
    "$OBS" "$step" "$DB" --config "$INI" $extra > "$D/$step.txt" 2>&1 || { cat "$D/$step.txt"; echo "FAIL: $step"; exit 1; }
done
"$OBS" audit-secret "$DB" --combinaisons > "$D/audit.txt" 2>&1
rc=$?
grep -v "obs: erreur : fuite" "$D/audit.txt" | grep -v "^[0-9-]* [0-9:]* obs: audit du secret : relations écartées"
if [ "$rc" -ne 0 ] || ! grep -q ", 0 fuite$" "$D/audit.txt"; then
    grep "obs: erreur : fuite" "$D/audit.txt" | head -10
    echo "FAIL: obs audit-secret finds leaks (exit $rc)"
    fail=1
fi
"$OBS" export "$DB" --csv > "$D/public.csv" && "$OBS" export "$DB" --csv --internal > "$D/internal.csv" \
    || { echo "FAIL: export"; exit 1; }
python3 -B "$SRC/tests/oracle/outsider_attack.py" "$D/public.csv" "$REF" --internal "$D/internal.csv" \
    --config "$INI" --insider --max-print 10 > "$D/outsider.txt" 2>&1
rc=$?
grep -E "TOTAL|outsider [a-z]+ +recovered|self-check|time:" "$D/outsider.txt"
if [ "$rc" -ne 0 ]; then
    grep " <- " "$D/outsider.txt" | head -10
    echo "FAIL: the outside attacker recovers masked cells (exit $rc)"
    fail=1
fi
[ "$fail" -eq 0 ] || exit 1
echo "both attackers: 0 leak"
