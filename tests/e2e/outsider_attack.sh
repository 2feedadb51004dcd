#!/bin/sh
# Issue 16, deliverable 6: the outside attacker (tests/oracle/outsider_attack.py)
# on hand-built tiny exports: each relation family gives back the cell it must
# (additive groups, interval bounds with integrality, numerateur/denominateur
# columns, equal indicators, ratios and growth rates, cohorts, the funder
# insider), a negative control gives back nothing, and a relation false on the
# raw values makes the attack exit 2 (its self-check).  A few seconds; the
# attack on the sample's export is `make attack-sample`.
set -u
if ! command -v python3 >/dev/null 2>&1; then echo "skipped: python3 not installed"; exit 0; fi
python3 -B "$SRC/tests/oracle/outsider_attack_test.py" > "$WORK/outsider_test.txt" 2>&1 || { tail -40 "$WORK/outsider_test.txt"; echo "FAIL: tests of the outside attacker"; exit 1; }
echo "outside attacker ok: $(tail -1 "$WORK/outsider_test.txt")"
