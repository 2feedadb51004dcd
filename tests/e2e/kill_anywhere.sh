#!/bin/sh
# Crash safety: `obs run` killed (SIGKILL) at 12 points spread over load,
# compute and report rendering leaves an intact database, no partial report,
# a ledger saying 'interrupted', and a next run whose results and reports equal
# an uninterrupted run's. engine/tools/kill-anywhere.sh does the work; run it
# with more iterations by hand (the acceptance criterion is 100 in a row).
set -u
for tool in python3 sqlite3 awk; do
    command -v "$tool" >/dev/null 2>&1 || { echo "skipped: $tool not installed"; exit 0; }
done
sh "$SRC/engine/tools/kill-anywhere.sh" "$OBS" "$WORK/ka" 12 || { echo "FAIL: kill-anywhere"; exit 1; }
rm -rf "$WORK/ka"
echo "kill anywhere ok"
