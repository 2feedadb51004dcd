#!/bin/sh
# Issue 19: maps chosen in the layout only. The shipped layout plus a fourth
# map (ESS establishments by commune, quantiles) that no C code names: the PDF
# has its page; the legend's bounds are the least and the greatest published
# value of the map's communes (secret cells never enter them); two renders
# are byte-identical. Outlines: those obs init loads when it has them, else
# squares written here for the study territory's communes.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 0; }
command -v pdftotext >/dev/null 2>&1 || { echo "skipped: pdftotext not installed"; exit 0; }
X="$WORK/x"
mkdir -p "$X"
python3 "$SRC/tests/oracle/gen_independent.py" 11 "$X/d" "$SRC/datasets/reference" > /dev/null || fail "generator"
cp "$SRC/reports/layouts/rapport-annuel.ini" "$X/maquette.ini"
cat >> "$X/maquette.ini" <<'INI'

[section carte-etablissements]
titre = Établissements de l'ESS par commune
type = carte
carte = choroplethe
indicateur = etablissements_ess
niveau = commune
classes = quantiles
nombre_classes = 4
INI
cp "$X/d/obs.ini" "$X/obs.ini"
printf '[chemins]\nmaquette = maquette.ini\n[calcul]\nannee = 2024\nreplications = 50\n' >> "$X/obs.ini"
DB="$X/obs.sqlite"
"$OBS" init "$DB" --config "$X/obs.ini" > "$WORK/init.txt" 2>&1 || { cat "$WORK/init.txt"; fail "init"; }
"$OBS" load "$DB" --config "$X/obs.ini" "$X/d/data" > "$WORK/load.txt" 2>&1 || { cat "$WORK/load.txt"; fail "load"; }
"$OBS" compute "$DB" --config "$X/obs.ini" > "$WORK/compute.txt" 2>&1 || { cat "$WORK/compute.txt"; fail "compute"; }
TERR=etude-a
python3 - "$DB" "$TERR" <<'PY' || fail "outlines"
import sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
db.execute("""CREATE TABLE IF NOT EXISTS contour (niveau TEXT NOT NULL, code TEXT NOT NULL, anneau INTEGER NOT NULL,
    trou INTEGER NOT NULL, n_points INTEGER NOT NULL, points BLOB NOT NULL, PRIMARY KEY (niveau, code, anneau))""")
if db.execute("SELECT count(*) FROM contour").fetchone()[0] == 0:
    # the units of every level in the régions of the territory's communes, as squares of
    # 0.05 degree in rows of 40, near Boulogne
    for niveau in ("commune", "epci", "departement"):
        codes = [r[0] for r in db.execute("""SELECT DISTINCT g2.code FROM geo g1 JOIN geo g2 ON g2.commune = g1.commune
            AND g2.niveau = ? WHERE g1.niveau = 'region' AND g1.code IN (SELECT code FROM geo WHERE niveau = 'region'
            AND commune IN (SELECT commune FROM geo WHERE niveau = 'etude' AND code = ?)) ORDER BY 1""",
            (niveau, sys.argv[2]))]
        for i, code in enumerate(codes):
            x, y = 1.6 + 0.05 * (i % 40), 50.7 - 0.05 * (i // 40)
            ring = [(x, y), (x + 0.05, y), (x + 0.05, y + 0.05), (x, y + 0.05)]
            db.execute("INSERT INTO contour VALUES (?, ?, 0, 0, 4, ?)",
                       (niveau, code, b"".join(struct.pack("<dd", *p) for p in ring)))
    db.commit()
PY
for n in 1 2; do
    "$OBS" report "$DB" --config "$X/obs.ini" --territory "$TERR" --format pdf --out "$WORK/out$n" \
        > "$WORK/report$n.txt" 2>&1 || { cat "$WORK/report$n.txt"; fail "report $n"; }
done
PDF=$(ls "$WORK/out1/$TERR"-*.pdf 2>/dev/null | head -n 1)
[ -n "$PDF" ] || fail "no PDF for $TERR"
cmp -s "$PDF" "$WORK/out2/$(basename "$PDF")" || fail "two renders differ"
pdftotext "$PDF" "$WORK/report.txt" || fail "pdftotext"
python3 - "$WORK/report.txt" "$DB" "$TERR" <<'PY' || fail "maps in the PDF"
import sqlite3, sys
text = open(sys.argv[1], encoding="utf-8").read()
db = sqlite3.connect(sys.argv[2])
pages = text.split("\f")
def map_page(title):
    """The pages of the map titled title, with its year: under a heading of
    the same words the map's own title is the year alone."""
    return [p for p in pages if title + ", 2024" in p or title + "\nAnnée 2024" in p]
for title in ("Le territoire", "Poids de l'ESS dans l'emploi salarié privé, par commune",
              "Part de l'ESS par EPCI de la région", "Les dispositifs d'accompagnement sur le territoire",
              "Établissements de l'ESS par commune"):
    page = map_page(title)
    assert page, "no map « %s »" % title
    assert "IGN — Admin Express ; INSEE ; URSSAF" in page[0], "no source line under « %s »" % title
# the legends: bounds from the published values only (jenks or quantiles: the least and
# the greatest published value are the first and last bounds)
run = db.execute("SELECT max(run_id) FROM indicator_value").fetchone()[0]
def fr(v, pct):
    if pct:
        return "{:,.1f}".format(v).replace(",", "\u00a0").replace(".", ",") + "\u00a0%"
    if v == int(v):
        return "{:,.0f}".format(v).replace(",", "\u00a0")
    return "{:,.1f}".format(v).replace(",", "\u00a0").replace(".", ",")
for indicator, title, pct in (("etablissements_ess", "Établissements de l'ESS par commune", False),
                              ("poids_postes_ess", "Poids de l'ESS dans l'emploi salarié privé, par commune", True)):
    rows = db.execute("""SELECT v.valeur, v.secret FROM indicator_value v JOIN contour c ON c.niveau = 'commune'
        AND c.code = v.territoire AND c.anneau = 0
        WHERE v.run_id = ? AND v.indicator = ? AND v.niveau = 'commune' AND v.annee = 2024
        AND v.dimension = '' AND v.territoire IN (SELECT commune FROM geo WHERE niveau = 'etude' AND code = ?)""",
        (run, indicator, sys.argv[3])).fetchall()
    pub = sorted(v for v, s in rows if not s and v is not None)
    page = map_page(title)[0]
    n_secret = sum(1 for v, s in rows if s)
    if not pub:  # every cell secret: no class at all, nothing a bound could leak
        assert n_secret and "s : secret statistique" in page, "map of %s: no published cell, no secret" % indicator
        assert "plus de" not in page and "\nde " not in page, "map of %s: classes without a published cell" % indicator
        print("map of %s: %d cells, all secret: hatched, no class" % (indicator, n_secret))
        continue
    lo, hi = fr(pub[0], pct), fr(pub[-1], pct)
    assert ("de %s à" % lo) in page or (lo + "\n") in page, "lowest bound %s not in the legend of %s" % (lo, indicator)
    assert ("à %s\n" % hi) in page or ("\n%s\n" % hi) in page, "highest bound %s not in the legend of %s" % (hi, indicator)
    if n_secret:
        assert "s : secret statistique" in page, "secret communes not in the legend of %s" % indicator
    print("map of %s: bounds %s .. %s from %d published cells; %d secret cells hatched, outside the bounds"
          % (indicator, lo, hi, len(pub), n_secret))
PY
echo "OK maps_layout"
