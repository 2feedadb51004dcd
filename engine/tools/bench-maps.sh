#!/bin/sh
# make bench: the geometry of a map of the Hauts-de-France by commune (issue 19,
# item 7): reading and projecting the outlines, simplifying them to 0.2 mm at
# the map's print scale, the borders drawn once. Measured, never asserted.
#   bench-maps.sh OBS BENCH_MAPS [REGION]
set -eu
OBS=${1:-./obs}
BENCH=${2:-build/bench/bench_maps}
REGION=${3:-32}
DIR=build/bench
mkdir -p "$DIR"
DB="$DIR/maps.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
echo "== maps: outlines of the communes of région $REGION"
TIME=/usr/bin/time
"$TIME" -f "obs init (référentiels et contours) : %e s, pic %M Ko" "$OBS" init "$DB" > /dev/null 2> "$DIR/maps-init.txt" ||
    { cat "$DIR/maps-init.txt"; exit 1; }
tail -n 1 "$DIR/maps-init.txt"
"$TIME" -f "bench_maps : %e s, pic %M Ko" "$BENCH" "$DB" "$REGION"
