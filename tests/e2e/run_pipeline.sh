#!/bin/sh
# Issue "batch operations", first acceptance points: `obs run` does the whole
# pipeline from a configuration; a second run on unchanged inputs changes
# nothing and says so; a changed input is reloaded and recomputed; while
# another process holds the database lock, obs run exits 4.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
python3 "$SRC/tests/oracle/gen_independent.py" 9 "$WORK/d" "$SRC/datasets/reference" || fail "generator"
CONFIG="$WORK/obs.ini"
cp "$WORK/d/obs.ini" "$CONFIG"
printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\njournal = obs.log\n[calcul]\nannee = 2024\n' >> "$CONFIG"
q() { sqlite3 "$WORK/obs.sqlite" "$1"; }

"$OBS" run "$CONFIG" --quiet > "$WORK/run1.txt" 2>&1 || { cat "$WORK/run1.txt"; fail "first run"; }
[ -f "$WORK/out/etude-a-2024.xlsx" ] && [ -f "$WORK/out/etude-b-2024.xlsx" ] || fail "workbooks"
grep -Eq '^[0-9-]+ [0-9:]+ obs: exécution 1 terminée : code 0$' "$WORK/obs.log" || fail "timestamped log"
values=$(q "SELECT count(*) FROM indicator_value")
[ "$values" -gt 1000 ] || fail "indicator values"

start=$(date +%s)
"$OBS" run "$CONFIG" --quiet > "$WORK/run2.txt" 2>&1 || fail "second run"
echo "unchanged run: $(( $(date +%s) - start )) s"
grep -q "rien n'a changé" "$WORK/obs.log" || fail "unchanged run not recognised"
[ "$(q "SELECT count(*) FROM indicator_value")" -eq "$values" ] || fail "unchanged run recomputed"
[ "$(q "SELECT outcome FROM run ORDER BY id DESC LIMIT 1")" = ok ] || fail "ledger outcome"

# a changed input: one more support episode
commune=$(q "SELECT commune FROM accompagnement LIMIT 1")
printf 'A9999;P9999;D1;01/03/2024;;creation;10,0;F;26_49;0;0;1;%s;en_cours;;1\r\n' "$commune" \
    >> "$WORK/d/data/accompagnements.csv"
"$OBS" run "$CONFIG" --quiet > "$WORK/run3.txt" 2>&1 || fail "third run"
grep -q "accompagnements .*chargé" "$WORK/obs.log" || fail "changed input not reloaded"
# --quiet: nothing at all on success (the loader's lines are in the log)
[ ! -s "$WORK/run1.txt" ] && [ ! -s "$WORK/run2.txt" ] && [ ! -s "$WORK/run3.txt" ] ||
    { cat "$WORK/run1.txt" "$WORK/run2.txt" "$WORK/run3.txt"; fail "--quiet printed something"; }
[ "$(q "SELECT count(DISTINCT run_id) FROM indicator_value")" -eq 2 ] || fail "changed input not recomputed"

# another process holds the lock: exit 4, nothing done
if command -v flock >/dev/null 2>&1; then
    flock "$WORK/obs.sqlite.lock" sleep 3 &
    sleep 1
    "$OBS" run "$CONFIG" --force > "$WORK/run4.txt" 2>&1
    rc=$?
    wait
    [ $rc -eq 4 ] || { cat "$WORK/run4.txt"; fail "locked run exited $rc, not 4"; }
    grep -q "utilise déjà la base" "$WORK/run4.txt" || fail "lock message"
fi
echo "run pipeline ok"
