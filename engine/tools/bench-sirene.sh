#!/bin/sh
# make bench, SIRENE part: INSEE's establishment stock in its published layout
# (StockEtablissement_utf8.csv, 54 columns, written by `obs generate --format
# sirene`), loaded by `obs load` (validated, with the legal units loaded
# first as a user would) against SQLite's own CSV import of the same file
# (sqlite3 .import, which validates nothing) and against reading it (cat):
# seconds, rows/s, peak resident memory, and the ratio to .import.
#   BENCH_SIRENE_ROWS   establishments (default: national, 40 million, about 7 GB;
#                       a smaller measured scale is a number of rows)
#   BENCH_SIRENE_DATA   the folder of the files (default build/bench/sirene-ROWS)
set -eu
OBS=${1:-./obs}
DIR=build/bench
ROWS=${BENCH_SIRENE_ROWS:-national}
DATA=${BENCH_SIRENE_DATA:-$DIR/sirene-$ROWS}
TIME=/usr/bin/time
mkdir -p "$DIR"
. "$(dirname "$0")/bench-measure.sh"
command -v sqlite3 >/dev/null 2>&1 || { echo "bench: the sqlite3 shell is needed (apt-get install sqlite3)"; exit 1; }
echo "== SIRENE stock files as published ($ROWS)"
if [ ! -f "$DATA/StockEtablissement_utf8.csv" ]; then
    if [ "$ROWS" = national ]; then
        measure "obs generate --format sirene --scale national" 0 \
            "$OBS" generate --out "$DATA" --seed 20241124 --format sirene --scale national
    else
        measure "obs generate --format sirene --lignes $ROWS" 0 \
            "$OBS" generate --out "$DATA" --seed 20241124 --format sirene --lignes "$ROWS"
    fi
fi
est=$(($(wc -l < "$DATA/StockEtablissement_utf8.csv") - 1))
units=$(($(wc -l < "$DATA/StockUniteLegale_utf8.csv") - 1))
echo "input: StockEtablissement_utf8.csv $(du -h "$DATA/StockEtablissement_utf8.csv" | cut -f1), $est rows, $(head -n 1 "$DATA/StockEtablissement_utf8.csv" | tr ',' '\n' | wc -l) columns; StockUniteLegale_utf8.csv $units rows"
measure "cat StockEtablissement_utf8.csv > /dev/null" "$est" cat "$DATA/StockEtablissement_utf8.csv"
cat_s=$(cat "$DIR/last_seconds.txt")
rm -f "$DIR/import.sqlite"
measure "sqlite3 .import StockEtablissement_utf8.csv" "$est" sqlite3 "$DIR/import.sqlite" \
    ".mode csv" ".import $DATA/StockEtablissement_utf8.csv etablissement"
import_s=$(cat "$DIR/last_seconds.txt")
rm -f "$DIR/import.sqlite" "$DIR/sirene.sqlite"*
"$OBS" init "$DIR/sirene.sqlite" > /dev/null 2>&1
measure "obs load StockUniteLegale_utf8.csv" "$units" "$OBS" load "$DIR/sirene.sqlite" "$DATA/StockUniteLegale_utf8.csv"
measure "obs load StockEtablissement_utf8.csv (validated)" "$est" "$OBS" load "$DIR/sirene.sqlite" \
    "$DATA/StockEtablissement_utf8.csv"
obs_s=$(cat "$DIR/last_seconds.txt")
grep -E "lignes,|hors champ|nomenclature|fusionnées" "$DIR/out.txt" | sed 's|^.*/StockEtablissement_utf8.csv : |  |'
rm -f "$DIR/sirene.sqlite"*
awk -v o="$obs_s" -v i="$import_s" -v c="$cat_s" 'BEGIN {
    printf "load of StockEtablissement_utf8.csv: obs / sqlite3 .import = %.2f, obs / cat = %.1f\n", o / i, o / c }'
