#!/bin/sh
# make bench, national part: the France-wide generated dataset through the
# pipeline's stages, each measured (seconds, rows/s, peak resident memory),
# and the load of the establishment file compared with its floor (reading
# it: cat > /dev/null) and with SQLite's own CSV import (sqlite3 .import,
# which validates nothing).
#   BENCH_NATIONAL_ONLY   indicators computed at national scale, for the last
#                         year (default: etablissements_ess; "all": the whole
#                         catalog, every year -- hours on 2 cores, see docs/performance.md)
set -eu
OBS=${1:-./obs}
DIR=build/bench
DATA=$DIR/national
DB=$DIR/national.sqlite
TIME=/usr/bin/time
mkdir -p "$DIR"
. "$(dirname "$0")/bench-measure.sh"
echo "== national scale"
if [ ! -f "$DATA/etablissements.csv" ]; then
    measure "obs generate --scale national" 0 "$OBS" generate --out "$DATA" --seed 20241124 --scale national
fi
rows=$(cat "$DATA"/*.csv | wc -l)
est=$(($(wc -l < "$DATA/etablissements.csv") - 1))
jobs=$(($(wc -l < "$DATA/emploi.csv") - 1))
echo "input: $(du -sh "$DATA" | cut -f1) in $(ls "$DATA" | wc -l) files, $rows lines, $est establishments, $jobs employment rows"

rm -f "$DB" "$DB-wal" "$DB-shm"
measure "obs init (reference data)" 0 "$OBS" init "$DB"
measure "obs load (all datasets, validated)" "$rows" "$OBS" load "$DB" "$DATA"
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
only=${BENCH_NATIONAL_ONLY:-etablissements_ess}
if [ "$only" = all ]; then
    measure "obs compute (whole catalog)" "$est" "$OBS" compute "$DB"
else
    measure "obs compute --year 2024 --only $only" "$est" "$OBS" compute "$DB" --year 2024 --only "$only"
fi
measure "obs load again (unchanged inputs)" "$rows" "$OBS" load "$DB" "$DATA"
# the workbook of one territory from the national results: its Territoires
# sheet lists every territory (constant-memory mode keeps memory flat)
rm -rf "$DIR/report"
measure "obs report --format xlsx (epci:246200729)" 0 "$OBS" report "$DB" --territory epci:246200729 --year 2024 \
    --format xlsx --out "$DIR/report"
ls -l "$DIR/report"
