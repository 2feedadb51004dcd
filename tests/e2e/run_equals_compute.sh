#!/bin/sh
# `obs run` publishes what `obs init` + `load` + `compute` + `report` publish
# with the same configuration: the same values for every year (the report's
# evolution included), and the same PDF and XLSX files byte for byte once the
# two ledgers name the same run (same id, same start time, same stage end
# times: the only things a report takes from the ledger).
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 not installed"; exit 0; }
# two whole computations: once, in the normal pass (everyday_cli.sh runs obs run,
# compute and report under the sanitizers)
[ "${SAN:-0}" = 1 ] && { echo "skipped: not repeated under the sanitizers"; exit 0; }
X="$WORK/x"
mkdir -p "$X"
python3 "$SRC/tests/oracle/gen_independent.py" 11 "$X/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
cp "$X/d/obs.ini" "$X/obs.ini"
printf '[chemins]\nbase = obs.sqlite\nentrees = d/data\nsorties = out\njournal = obs.log\n[calcul]\nannee = 2024\nreplications = 200\n' \
    >> "$X/obs.ini"

# the cron path
"$OBS" run "$X/obs.ini" --quiet > "$WORK/run.txt" 2>&1 || { cat "$WORK/run.txt"; fail "obs run"; }
mv "$X/obs.sqlite" "$WORK/run.sqlite"
mv "$X/out" "$WORK/run-out"
rm -f "$X/obs.sqlite"-* "$X/obs.sqlite.lock"

# the hand-made path, in the same folder (the same input paths)
"$OBS" init "$X/obs.sqlite" --config "$X/obs.ini" > "$WORK/init.txt" 2>&1 || { cat "$WORK/init.txt"; fail "init"; }
"$OBS" load "$X/obs.sqlite" --config "$X/obs.ini" "$X/d/data" > "$WORK/load.txt" 2>&1 || { cat "$WORK/load.txt"; fail "load"; }
# the computing run takes the id the cron run had: 1
sqlite3 "$X/obs.sqlite" "DELETE FROM run; DELETE FROM run_stage; DELETE FROM run_input;"
"$OBS" compute "$X/obs.sqlite" --config "$X/obs.ini" > "$WORK/compute.txt" 2>&1 || { cat "$WORK/compute.txt"; fail "compute"; }
[ "$(sqlite3 "$X/obs.sqlite" "SELECT max(run_id) FROM indicator_value")" = 1 ] || fail "compute is not run 1"

values() {
    sqlite3 "$1" "SELECT indicator, niveau, territoire, annee, dimension, quote(valeur), quote(ic_bas), quote(ic_haut),
                  secret FROM indicator_value ORDER BY 1, 2, 3, 4, 5"
}
values "$WORK/run.sqlite" > "$WORK/run.values"
values "$X/obs.sqlite" > "$WORK/compute.values"
years=$(sqlite3 "$WORK/run.sqlite" "SELECT min(annee) || '-' || max(annee) FROM indicator_value")
cmp -s "$WORK/run.values" "$WORK/compute.values" ||
    fail "obs run and compute differ ($(diff "$WORK/run.values" "$WORK/compute.values" | grep -c '^[<>]') lines; obs run: $years)"

# the ledger as obs run had it when it rendered, and the same load times
sqlite3 "$X/obs.sqlite" "ATTACH '$WORK/run.sqlite' AS r;
    UPDATE run SET (started, ended, engine_version, config_checksum, config, seed) =
        (SELECT started, NULL, engine_version, config_checksum, config, seed FROM r.run WHERE id = 1)
        WHERE id = 1;
    DELETE FROM run_stage WHERE run_id = 1;
    INSERT INTO run_stage SELECT * FROM r.run_stage WHERE run_id = 1 AND stage <> 'report';
    UPDATE dataset_load SET loaded_at = (SELECT loaded_at FROM r.dataset_load l WHERE l.dataset = dataset_load.dataset);"
"$OBS" report "$X/obs.sqlite" --config "$X/obs.ini" > "$WORK/report.txt" 2>&1 || { cat "$WORK/report.txt"; fail "report"; }
n=0
for f in "$X/out"/*.pdf "$X/out"/*.xlsx; do
    [ -f "$f" ] || fail "no report"
    cmp -s "$f" "$WORK/run-out/$(basename "$f")" || fail "$(basename "$f") differs from obs run's"
    n=$((n + 1))
done
echo "obs run = compute + report: $(wc -l < "$WORK/run.values") values ($years), $n files identical"
