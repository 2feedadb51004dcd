#!/bin/sh
# make bench: the cost of a map of a whole région by commune (Hauts-de-France,
# about 3 800 communes) in the PDF report: seconds and bytes it adds, from two
# renders of the Boulonnais report on the same base, one layout with the map
# and one without. Needs a base with outlines and results (make run: out/obs.sqlite);
# BENCH_MAPS_DB= another one. Measured, never asserted (the aim: under 1 s, under 1 MB).
set -eu
OBS=${1:-./obs}
DIR=build/bench/map-render
SRC_DB=${BENCH_MAPS_DB:-out/obs.sqlite}
TIME=/usr/bin/time
echo "== map rendering: Hauts-de-France by commune in the PDF report"
if [ ! -f "$SRC_DB" ] || [ "$(sqlite3 "$SRC_DB" "SELECT count(*) FROM sqlite_master WHERE name = 'contour'")" != 1 ] ||
   [ "$(sqlite3 "$SRC_DB" "SELECT count(*) FROM contour WHERE niveau = 'commune'")" = 0 ]; then
    echo "skipped: $SRC_DB has no outlines (run make run first)"
    exit 0
fi
mkdir -p "$DIR"
cp "$SRC_DB" "$DIR/obs.sqlite"
communes=$(sqlite3 "$DIR/obs.sqlite" "SELECT count(DISTINCT g.commune) FROM geo g JOIN contour c ON c.niveau = 'commune'
    AND c.code = g.commune AND c.anneau = 0 WHERE g.niveau = 'region' AND g.code = '32'")
printf '[section texte]\ntitre = Rien\ntype = texte\ntexte = Témoin.\n' > "$DIR/without.ini"
cp "$DIR/without.ini" "$DIR/with.ini"
printf '[section carte]\ntitre = Poids de l'"'"'ESS dans l'"'"'emploi salarié privé, par commune de la région\ntype = carte\ncarte = choroplethe\nindicateur = poids_postes_ess\nniveau = commune\nperimetre = region\n' >> "$DIR/with.ini"
for v in without with; do
    sed -e "s|^base = .*|base = $PWD/$DIR/obs.sqlite|" -e "s|^sorties = .*|sorties = $PWD/$DIR/$v|" \
        -e "s|^journal = .*|journal = $PWD/$DIR/$v.log|" -e "s|^entrees = .*|entrees = $PWD/datasets/sample|" \
        -e "/^\[chemins\]/a maquette = $PWD/$DIR/$v.ini" datasets/sample/obs.ini > "$DIR/$v.conf"
    mkdir -p "$DIR/$v"
    "$TIME" -f "%e %U %S" -o "$DIR/$v.time" "$OBS" report "$DIR/obs.sqlite" --config "$DIR/$v.conf" --territory boulonnais \
        --format pdf --out "$DIR/$v" > "$DIR/$v.out" 2>&1 || { tail "$DIR/$v.out"; exit 1; }
done
# elapsed seconds, and CPU seconds (user + system: steadier on a loaded machine)
set -- $(tail -n 1 "$DIR/without.time"); s0=$1; c0=$(echo "$2 + $3" | bc)
set -- $(tail -n 1 "$DIR/with.time"); s1=$1; c1=$(echo "$2 + $3" | bc)
b0=$(stat -c %s "$DIR/without/boulonnais-"*.pdf); b1=$(stat -c %s "$DIR/with/boulonnais-"*.pdf)
awk -v c="$communes" -v s0="$s0" -v s1="$s1" -v c0="$c0" -v c1="$c1" -v b0="$b0" -v b1="$b1" 'BEGIN {
    printf "report without the map %.2f s (CPU %.2f s), %d bytes\n", s0, c0, b0
    printf "report with the map of %d communes %.2f s (CPU %.2f s), %d bytes\n", c, s1, c1, b1
    printf "the map adds %.2f s elapsed, %.2f s CPU, %.0f KiB (%d bytes)\n", s1 - s0, c1 - c0, (b1 - b0) / 1024, b1 - b0 }'
