#!/bin/sh
# `obs init` and `obs load` of the sample under valgrind: no error, no leak.
# Skipped in the sanitizer pass (valgrind cannot run ASan binaries).
set -u
if [ "${SAN:-0}" = 1 ]; then echo "skipped under sanitizers"; exit 0; fi
if ! command -v valgrind >/dev/null 2>&1; then echo "skipped: valgrind not installed"; exit 0; fi
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible"
CONFIG="$SRC/datasets/sample/obs.ini"
$VG "$OBS" init "$WORK/v.sqlite" --config "$CONFIG" || { echo "FAIL: init under valgrind ($?)"; exit 1; }
$VG "$OBS" load "$WORK/v.sqlite" --config "$CONFIG" "$SRC/datasets/sample" > "$WORK/load.txt" 2>&1
rc=$?
cat "$WORK/load.txt"
[ $rc -eq 0 ] || { echo "FAIL: load under valgrind exited $rc"; exit 1; }
echo "valgrind clean"
