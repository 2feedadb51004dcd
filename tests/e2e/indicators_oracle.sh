#!/bin/sh
# Issue "indicator catalog": on a dataset obs has never seen (written by an
# independent Python generator from the data contract), init + load + compute
# + export give the values an independent computation gives (1e-9 relative).
set -u
if ! command -v python3 >/dev/null 2>&1; then echo "skipped: python3 not installed"; exit 0; fi
fail() { echo "FAIL: $*"; exit 1; }
python3 "$SRC/tests/oracle/gen_independent.py" 20241124 "$WORK/indep" "$SRC/datasets/reference" || fail "generator"
python3 "$SRC/tests/oracle/oracle.py" "$WORK/indep/data" "$SRC/datasets/reference" "$WORK/indep/obs.ini" \
    > "$WORK/expected.csv" || fail "oracle"
DB="$WORK/indep.sqlite"
"$OBS" init "$DB" --config "$WORK/indep/obs.ini" || fail "init"
"$OBS" load "$DB" --config "$WORK/indep/obs.ini" "$WORK/indep/data" || fail "load"
"$OBS" status "$DB"
"$OBS" compute "$DB" --config "$WORK/indep/obs.ini" || fail "compute"
"$OBS" export "$DB" --csv --internal > "$WORK/exported.csv" || fail "export"
python3 "$SRC/tests/oracle/compare.py" "$WORK/expected.csv" "$WORK/exported.csv"
