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
# The audit attacks what is published. Leaks it finds (exit 5) are the
# suppression's open work (issue 16, docs/confidentiality.md): said on the
# last line and kept in out/audit-secret.txt, but the sample's reports are
# still made, since they exist to be read. Any other failure stops here.
audit=0
"$OBS" audit-secret out/obs.sqlite --combinaisons --toutes > out/audit-secret.txt 2>&1 || audit=$?
grep -v '^[0-9-]* [0-9:]* obs: erreur : fuite' out/audit-secret.txt || true
case $audit in
    0) ;;
    5) leaks="$(grep -o '[0-9]* fuites*$' out/audit-secret.txt | tail -n 1 | grep -o '^[0-9]*')" ;;
    *) echo "audit du secret en échec (code $audit) : voir out/audit-secret.txt" >&2; exit "$audit" ;;
esac
"$OBS" report out/obs.sqlite --config "$CONFIG" --format pdf,xlsx --out out
"$OBS" report out/obs.sqlite --config "$CONFIG" --funders --out out
echo "résultats dans out/ : $(cd out && ls *.pdf *.xlsx | tr '\n' ' ')"
if [ "$audit" = 5 ]; then
    echo "ATTENTION : l'audit du secret, qui attaque ce qui est publié, trouve ${leaks:-des} fuites" \
        "(cellules masquées qu'il retrouve) ; la liste est dans out/audit-secret.txt" \
        "(travail en cours, docs/confidentiality.md)."
fi
