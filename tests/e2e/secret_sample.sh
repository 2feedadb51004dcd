#!/bin/sh
# Issue "statistical confidentiality", acceptance on the sample: after a full
# compute, obs audit-secret finds no leak, combinations of groups included; the published export holds no
# figure for a secret cell; the internal export says it is internal and keeps
# the raw values; and the audit names a leak (exit 5) as soon as one hidden
# cell is given back.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/s.sqlite"
CONFIG="$SRC/datasets/sample/obs.ini"
"$OBS" init "$DB" --config "$CONFIG" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --config "$CONFIG" "$SRC/datasets/sample" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$CONFIG" > "$WORK/compute.txt" 2>&1 || { cat "$WORK/compute.txt"; fail "compute"; }
q() { sqlite3 "$DB" "$1"; }
# what secondary suppression must keep (issue 16, item 3): no France or région
# figure without breakdown masked as secondary, the study territories' 2024
# headline totals published unless primary-secret
sh "$SRC/engine/tools/secret-headline-check.sh" "$DB" > "$WORK/headline.txt" 2>&1 \
    || { cat "$WORK/headline.txt"; fail "headline totals masked as secondary"; }

"$OBS" audit-secret "$DB" --combinaisons > "$WORK/audit.txt" 2>&1 || { cat "$WORK/audit.txt"; fail "audit of the sample"; }
cat "$WORK/audit.txt"
grep -q ", 0 fuite$" "$WORK/audit.txt" || fail "audit summary"

# every rule left its mark, and nothing secret is published
for why in frequence dominance secondaire herite; do
    n=$(q "SELECT count(*) FROM indicator_value WHERE motif_secret = '$why'")
    echo "secret cells ($why): $n"
    [ "$n" -gt 0 ] || fail "no cell secret for $why"
done
[ "$(q "SELECT count(*) FROM indicator_value WHERE secret = 1 AND valeur IS NOT NULL")" -eq 0 ] || fail "valeur of a secret cell"
[ "$(q "SELECT count(*) FROM indicator_value WHERE secret = 0 AND n_unites < 3 AND indicator = 'postes_ess'")" -eq 0 ] \
    || fail "a DSN figure of fewer than 3 establishments is published"
# counts of the public SIRENE register are published as they are (the sample's
# establishments carry no statut_diffusion: none locates a non-diffusible unit)
[ "$(q "SELECT count(*) FROM indicator_value WHERE secret = 1 AND indicator = 'etablissements_ess'")" -eq 0 ] \
    || fail "a public SIRENE count is masked"
[ "$(q "SELECT count(*) FROM indicator_value WHERE secret = 0 AND n_unites < 3 AND indicator = 'etablissements_ess'")" -gt 0 ] \
    || fail "no small public count published"
# a declared relation never leaves a lone masked cell: leverage = private /
# public funding and cost per creation = public funding / creations hold 0 or
# at least 2 masked cells (so public funding never comes back from the other two)
for rel in "effet_levier montant_prive montant_public" "cout_public_par_creation montant_public creations_accompagnees"; do
    set -- $rel
    n=$(q "SELECT count(*) FROM indicator_value r JOIN indicator_value a ON a.run_id = r.run_id AND a.indicator = '$2'
           AND a.niveau = r.niveau AND a.territoire = r.territoire AND a.annee = r.annee AND a.dimension = r.dimension
           JOIN indicator_value b ON b.run_id = r.run_id AND b.indicator = '$3'
           AND b.niveau = r.niveau AND b.territoire = r.territoire AND b.annee = r.annee AND b.dimension = r.dimension
           WHERE r.indicator = '$1' AND r.secret + a.secret + b.secret = 1")
    [ "$n" -eq 0 ] || fail "$n cells of $1 = $2 / $3 with one masked cell"
done

"$OBS" export "$DB" --csv > "$WORK/pub.csv" || fail "export"
awk -F, 'NR > 1 && $13 == 1 && ($7 != "" || $8 != "" || $9 != "" || $10 != "" || $11 != "" || $12 != "") { bad++ }
         END { exit bad > 0 }' "$WORK/pub.csv" || fail "published export shows a figure of a secret cell"
# numerators, denominators and counts of units of no cell (they are other cells)
awk -F, 'NR > 1 && ($8 != "" || $9 != "" || $12 != "") { bad++ } END { exit bad > 0 }' "$WORK/pub.csv" \
    || fail "published export shows a numerator, a denominator or a count of units"
"$OBS" export "$DB" --csv --internal > "$WORK/int.csv" || fail "internal export"
head -1 "$WORK/int.csv" | grep -q ",valeur_brute_interne$" || fail "internal export header"
[ "$(wc -l < "$WORK/pub.csv")" -eq "$(wc -l < "$WORK/int.csv")" ] || fail "exports differ in rows"

# one hidden cell given back: a leak, named, exit 5. The cell is one of the
# two hidden families of a commune whose total is published (DSN jobs: the
# public count of establishments has no hidden cell) (a victim chosen
# against combinations may be the third hidden cell of its groups, and
# giving it back alone leaks only through a combination)
q "UPDATE indicator_value SET secret = 0, valeur = valeur_brute WHERE rowid =
   (SELECT v.rowid FROM indicator_value v WHERE v.indicator = 'postes_ess' AND v.niveau = 'commune'
    AND v.secret = 1 AND v.dimension LIKE 'famille=%'
    AND (SELECT count(*) FROM indicator_value w WHERE w.run_id = v.run_id AND w.indicator = v.indicator
         AND w.niveau = v.niveau AND w.territoire = v.territoire AND w.annee = v.annee
         AND w.dimension LIKE 'famille=%' AND w.secret = 1) = 2
    AND EXISTS (SELECT 1 FROM indicator_value t WHERE t.run_id = v.run_id AND t.indicator = v.indicator
         AND t.niveau = v.niveau AND t.territoire = v.territoire AND t.annee = v.annee
         AND t.dimension = '' AND t.secret = 0)
    LIMIT 1)"
"$OBS" audit-secret "$DB" > "$WORK/audit2.txt" 2>&1
rc=$?
[ "$rc" -eq 5 ] || { cat "$WORK/audit2.txt"; fail "audit exit $rc on a leak, 5 expected"; }
grep -q "fuite : groupe additif : postes_ess, commune" "$WORK/audit2.txt" || fail "leak not named"
echo "tampered: $(tail -1 "$WORK/audit2.txt")"
echo "secret sample: ok"
