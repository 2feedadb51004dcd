#!/bin/sh
# make run: the main job on the embedded sample, results in out/:
# the database, the secrecy audit, then each study territory's report and
# workbook, and every funder's report.
set -eu
OBS=${1:-./obs}
CONFIG=datasets/sample/obs.ini
mkdir -p out
rm -f out/obs.sqlite out/obs.sqlite-wal out/obs.sqlite-shm
"$OBS" init out/obs.sqlite --config "$CONFIG"
"$OBS" load out/obs.sqlite --config "$CONFIG" datasets/sample
"$OBS" status out/obs.sqlite
"$OBS" compute out/obs.sqlite --config "$CONFIG"
"$OBS" audit-secret out/obs.sqlite --combinaisons
"$OBS" report out/obs.sqlite --config "$CONFIG" --format pdf,xlsx --out out
"$OBS" report out/obs.sqlite --config "$CONFIG" --funders --out out
echo "résultats dans out/ : $(cd out && ls *.pdf *.xlsx | tr '\n' ' ')"
