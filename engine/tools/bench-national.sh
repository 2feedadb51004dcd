#!/bin/sh
# make bench, national part: the pipeline a user runs, `obs run CONFIG`, on
# the France-wide generated dataset, from an empty database: reference data
# and territories, load of every input, compute of one year (2024) at every
# level, statistical secrecy, the study territories' reports and workbooks and
# every funder's report. Each stage is printed with its seconds (from the run
# ledger, run_stage), rows/s and peak resident memory (sampled every second
# from /proc). Then `obs run` again with nothing changed (target: under 10 s),
# and the load of the establishment file against its floor (cat > /dev/null)
# and SQLite's own CSV import (sqlite3 .import, which validates nothing).
#   BENCH_NATIONAL_YEAR   the published year (default 2024)
#   BENCH_NATIONAL_DATA   the input folder (default: generated into build/bench/national)
#   BENCH_NATIONAL_COMBINATIONS  secrecy against combinations of groups (default oui, the
#                         default configuration's; non to measure the groups one by one)
set -eu
OBS=${1:-./obs}
DIR=build/bench
DATA=${BENCH_NATIONAL_DATA:-$DIR/national}
DB=$DIR/national.sqlite
CONFIG=$DIR/national.ini
YEAR=${BENCH_NATIONAL_YEAR:-2024}
TIME=/usr/bin/time
mkdir -p "$DIR"
. "$(dirname "$0")/bench-measure.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: the sqlite3 shell is needed (apt-get install sqlite3)"; exit 1; }
echo "== national scale"
if [ ! -f "$DATA/etablissements.csv" ]; then
    measure "obs generate --scale national" 0 "$OBS" generate --out "$DATA" --seed 20241124 --scale national
fi
rows=$(cat "$DATA"/*.csv | wc -l)
est=$(($(wc -l < "$DATA/etablissements.csv") - 1))
jobs=$(($(wc -l < "$DATA/emploi.csv") - 1))
echo "input: $(du -sh "$DATA" | cut -f1) in $(ls "$DATA" | wc -l) files, $rows lines, $est establishments, $jobs employment rows"

# The sample's configuration, on the national data (its study territories are
# real EPCIs).
abs_dir=$(cd "$DIR" && pwd)
abs_data=$(cd "$DATA" && pwd)
sed -e "s|^base = .*|base = $abs_dir/national.sqlite|" -e "s|^entrees = .*|entrees = $abs_data|" \
    -e "s|^sorties = .*|sorties = $abs_dir/national-out|" -e "s|^journal = .*|journal = $abs_dir/national.log|" \
    -e "s|^annee = .*|annee = $YEAR|" \
    -e "s|^secret_combinaisons = .*|secret_combinaisons = ${BENCH_NATIONAL_COMBINATIONS:-oui}|" \
    datasets/sample/obs.ini > "$CONFIG"
rm -rf "$DB" "$DB-wal" "$DB-shm" "$DIR/national-out" "$DIR/national.log"

# run_pipeline LABEL: obs run CONFIG under GNU time, its resident memory
# sampled every second, then one line per stage of the run.
run_pipeline() {
    r_label=$1
    : > "$DIR/rss.txt"
    "$TIME" -f "%e %M" -o "$DIR/time.txt" "$OBS" run "$CONFIG" > "$DIR/out.txt" 2> "$DIR/err.txt" &
    r_time=$!
    sleep 0.2
    r_pid=$(pgrep -P "$r_time" | head -n 1 || true)
    while kill -0 "$r_time" 2>/dev/null; do
        [ -n "$r_pid" ] && awk -v t="$(date +%s)" '/^VmRSS/ { print t, $2 }' "/proc/$r_pid/status" >> "$DIR/rss.txt" 2>/dev/null || true
        sleep 1
    done
    wait "$r_time" || { tail "$DIR/err.txt"; exit 1; }
    set -- $(tail -n 1 "$DIR/time.txt")
    awk -v l="$r_label" -v s="$1" -v m="$2" 'BEGIN { printf "%-46s %8.2f s  %20s  peak %7.1f MiB\n", l, s, "", m / 1024 }'
    echo "$1" > "$DIR/last_seconds.txt"
    run=$(sqlite3 "$DB" "SELECT max(id) FROM run WHERE command = 'run'")
    values=$(sqlite3 "$DB" "SELECT count(*) FROM indicator_value WHERE run_id = $run")
    files=$(ls "$DIR/national-out" 2>/dev/null | wc -l)
    sqlite3 -separator ' ' "$DB" "SELECT stage, CAST(strftime('%s', started) AS INTEGER),
        CAST(strftime('%s', ended) AS INTEGER), outcome FROM run_stage WHERE run_id = $run ORDER BY started, rowid" |
    while read -r stage from to outcome; do
        # the run's stages, and within load and compute each dataset and indicator
        case $stage in
            reference) n=0; unit=""; label="  $stage" ;;
            load) n=$rows; unit="input rows/s"; label="  $stage" ;;
            compute|secret) n=$values; unit="values/s"; label="  $stage" ;;
            report) n=$files; unit="files/s"; label="  $stage" ;;
            *) n=0; unit=""; label="      $stage" ;;
        esac
        awk -v st="$label ($outcome)" -v f="$from" -v t="$to" -v n="$n" -v u="$unit" -v rss="$DIR/rss.txt" 'BEGIN {
            peak = 0
            while ((getline line < rss) > 0) { split(line, a, " "); if (a[1] >= f && a[1] <= t && a[2] > peak) peak = a[2] }
            s = t - f
            printf "%-46s %8d s  %12.0f %-8s  peak %7.1f MiB\n", st, s, (s > 0 && n > 0 ? n / s : 0), (s > 0 && n > 0 ? u : ""), peak / 1024 }'
    done
}
echo "obs run $CONFIG (year $YEAR), from an empty database; stages from run_stage (whole seconds):"
run_pipeline "obs run (complete pipeline)"
echo "$values values stored, $files report files in $DIR/national-out"
run_pipeline "obs run again (nothing changed)"
awk -v s="$(cat "$DIR/last_seconds.txt")" 'BEGIN { printf "unchanged obs run: %.2f s (target: under 10 s)\n", s }'

# the establishment file alone: obs against its floor and against sqlite3 .import
measure "cat etablissements.csv > /dev/null" "$est" cat "$DATA/etablissements.csv"
cat_s=$(cat "$DIR/last_seconds.txt")
rm -f "$DIR/import.sqlite"
measure "sqlite3 .import etablissements.csv" "$est" sqlite3 "$DIR/import.sqlite" \
    ".mode csv" ".import $DATA/etablissements.csv etablissement"
import_s=$(cat "$DIR/last_seconds.txt")
rm -f "$DIR/import.sqlite" "$DIR/one.sqlite"*
"$OBS" init "$DIR/one.sqlite" > /dev/null 2>&1
measure "obs load etablissements.csv (validated)" "$est" "$OBS" load "$DIR/one.sqlite" "$DATA/etablissements.csv"
obs_s=$(cat "$DIR/last_seconds.txt")
rm -f "$DIR/one.sqlite"*
awk -v o="$obs_s" -v i="$import_s" -v c="$cat_s" 'BEGIN {
    printf "load of etablissements.csv: obs / sqlite3 .import = %.2f, obs / cat = %.1f\n", o / i, o / c }'
