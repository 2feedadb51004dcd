#!/bin/sh
# The whole pipeline under valgrind on a small dataset: `obs run` (reference
# data, load, compute, statistical secrecy, PDF and XLSX reports, funders'
# reports), then `obs audit-secret --combinaisons` (its attacker): no memory error.
# Skipped in the sanitizer pass (valgrind cannot run ASan binaries).
set -u
if [ "${SAN:-0}" = 1 ]; then echo "skipped under sanitizers"; exit 0; fi
for tool in valgrind python3; do
    command -v $tool > /dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible"
python3 "$SRC/tests/oracle/gen_independent.py" 5 "$WORK/d" "$SRC/datasets/reference" > /dev/null || { echo "FAIL: generator"; exit 1; }
cp "$WORK/d/obs.ini" "$WORK/obs.ini"
printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\n[calcul]\nannee = 2024\n' >> "$WORK/obs.ini"
$VG "$OBS" run "$WORK/obs.ini" --quiet > "$WORK/run.txt" 2>&1
rc=$?
tail -n 20 "$WORK/run.txt"
[ $rc -eq 0 ] || { echo "FAIL: obs run under valgrind exited $rc"; exit 1; }
ls "$WORK/out"/*.pdf "$WORK/out"/*.xlsx > /dev/null || { echo "FAIL: no report"; exit 1; }
# (exit 5, leaks found by the audit's attacker, is not valgrind's business:
# tests/e2e/attackers_small.sh expects none)
$VG "$OBS" audit-secret "$WORK/obs.sqlite" --combinaisons > "$WORK/audit.txt" 2>&1
rc=$?
{ [ $rc -eq 0 ] || [ $rc -eq 5 ]; } || { tail -n 20 "$WORK/audit.txt"; echo "FAIL: audit under valgrind exited $rc"; exit 1; }
echo "valgrind clean: obs run ($(ls "$WORK/out" | wc -l) files) and obs audit-secret"
