#!/bin/sh
# Issue "XLSX", acceptance (part): openpyxl reads the workbook and every
# numeric cell equals the database value it came from; two renders of the
# same run are identical.
set -u
fail() { echo "FAIL: $*"; exit 1; }
PY=/usr/bin/python3
[ -x "$PY" ] && "$PY" -c "import openpyxl" 2>/dev/null || { echo "skipped: python3-openpyxl not installed"; exit 0; }
"$PY" "$SRC/tests/oracle/gen_independent.py" 5 "$WORK/d" "$SRC/datasets/reference" || fail "generator"
DB="$WORK/x.sqlite"
"$OBS" init "$DB" --config "$WORK/d/obs.ini" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" "$WORK/d/data" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$WORK/d/obs.ini" > /dev/null 2>&1 || fail "compute"
"$OBS" report "$DB" --config "$WORK/d/obs.ini" --format xlsx --out "$WORK/a" > /dev/null 2>&1 || fail "report"
"$OBS" report "$DB" --config "$WORK/d/obs.ini" --format xlsx --out "$WORK/b" > /dev/null 2>&1 || fail "second report"
cmp "$WORK/a/etude-a-2024.xlsx" "$WORK/b/etude-a-2024.xlsx" || fail "two renders differ"
run=$(sqlite3 "$DB" "SELECT max(run_id) FROM indicator_value")
"$PY" "$SRC/tests/oracle/check_xlsx.py" "$WORK/a/etude-a-2024.xlsx" "$DB" "$run" 2024 || fail "cells"
echo "xlsx cells ok"
