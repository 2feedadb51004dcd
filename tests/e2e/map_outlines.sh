#!/bin/sh
# obs init loads the outlines of datasets/reference/geo/ into the contour
# table (counts checked against the GeoJSON files, which python3 reads on its
# own); a malformed outline file stops init with exit 1, the file and the
# feature's number, and leaves the previous outlines whole; a reference folder
# without geo/ is a warning, not an error.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
command -v sqlite3 >/dev/null 2>&1 || { echo "skipped: sqlite3 not installed"; exit 0; }
DB="$WORK/obs.sqlite"
REF="$SRC/datasets/reference"
OBS_REFERENCE_DIR="$REF" "$OBS" init "$DB" > "$WORK/init.txt" 2>&1 || { cat "$WORK/init.txt"; fail "init"; }
q() { sqlite3 "$DB" "$1"; }

# expected per level: features with a non-empty code and a geometry, their rings and
# vertices (closing vertex dropped), read by python3 from the files
python3 - "$REF/geo" > "$WORK/expected.txt" <<'PYEOF' || fail "python3 reading the GeoJSON"
import json, sys
for level, name in (("commune", "communes"), ("epci", "epci"), ("departement", "departements"), ("region", "regions")):
    d = json.load(open(f"{sys.argv[1]}/{name}.geojson", encoding="utf-8"))
    codes = rings = points = 0
    for f in d["features"]:
        g = f["geometry"]
        if not f["properties"][level] or g is None:
            continue
        codes += 1
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for p in polys:
            for r in p:
                rings += 1
                points += len(r) - (r[0] == r[-1])
    print(f"{level}|{codes}|{rings}|{points}")
PYEOF
q "SELECT niveau, count(DISTINCT code), count(*), sum(n_points) FROM contour GROUP BY niveau
   ORDER BY CASE niveau WHEN 'commune' THEN 1 WHEN 'epci' THEN 2 WHEN 'departement' THEN 3 ELSE 4 END" \
    > "$WORK/got.txt"
diff "$WORK/expected.txt" "$WORK/got.txt" > "$WORK/diff.txt" || { cat "$WORK/diff.txt"; fail "contour counts"; }
[ "$(q "SELECT count(*) FROM contour WHERE length(points) <> 16 * n_points")" = 0 ] || fail "blob sizes"
n_without=$(q "SELECT count(*) FROM territoire t WHERE niveau = 'commune' AND NOT EXISTS
               (SELECT 1 FROM contour c WHERE c.niveau = 'commune' AND c.code = t.code)")
grep -q "contours : $n_without communes sans contour, absentes des cartes" "$WORK/init.txt" ||
    { cat "$WORK/init.txt"; fail "info line for the $n_without communes without outline"; }

# a malformed file: exit 1, file and feature named, previous outlines kept
BAD="$WORK/ref"
mkdir -p "$BAD/geo"
cp "$REF"/*.csv "$BAD/"
cp "$REF/geo"/*.geojson "$BAD/geo/"
python3 - "$BAD/geo/regions.geojson" <<'PYEOF' || fail "python3 breaking the file"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["features"][2]["geometry"]["type"] = "Point"
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"))
PYEOF
before=$(q "SELECT count(*) FROM contour")
OBS_REFERENCE_DIR="$BAD" "$OBS" init "$DB" > "$WORK/bad.txt" 2>&1
rc=$?
[ $rc = 1 ] || { cat "$WORK/bad.txt"; fail "malformed outlines: exit $rc, expected 1"; }
grep -q "regions.geojson : entité n° 3 : géométrie de type « Point »" "$WORK/bad.txt" ||
    { cat "$WORK/bad.txt"; fail "message naming the file and the feature"; }
[ "$(q "SELECT count(*) FROM contour")" = "$before" ] || fail "previous outlines not kept"

# without geo/: a warning, init succeeds, no outlines
rm -rf "$BAD/geo"
OBS_REFERENCE_DIR="$BAD" "$OBS" init "$DB" > "$WORK/nogeo.txt" 2>&1 || { cat "$WORK/nogeo.txt"; fail "init without geo/"; }
grep -q "dossier .*/geo absent" "$WORK/nogeo.txt" || { cat "$WORK/nogeo.txt"; fail "warning without geo/"; }
[ "$(q "SELECT count(*) FROM contour")" = 0 ] || fail "outlines left without geo/"
echo "map outlines ok: $(head -n 1 "$WORK/got.txt" | cut -d'|' -f2) communes with outline, $n_without without"
