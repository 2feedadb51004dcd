#!/bin/sh
# Issue "Real inputs", acceptance: INSEE's SIRENE stock files and URSSAF's
# open-data file per commune x APE, in their published layouts
# (tests/fixtures/real, one row per case, see its README), load as they come:
# exit 0, no reject, each case named in the summary with its count; the ESS
# establishments per commune and year equal the counts made by hand below;
# URSSAF's label form, field-name form and the contract's long form give the
# same emploi_territoire; files are recognised by their header; a header-only
# or halved version is refused (exit 3) unless --force.
set -u
fail() { echo "FAIL: $*"; exit 1; }
FIX="$SRC/tests/fixtures/real"
DB="$WORK/real.sqlite"
q() { sqlite3 "$1" "$2"; }
"$OBS" init "$DB" > /dev/null 2>&1 || fail "init"

# ---- SIRENE (current layout) and URSSAF (field names), in one command ----
mkdir -p "$WORK/in"
cp "$FIX/StockEtablissement_utf8.csv" "$FIX/StockUniteLegale_utf8.csv" "$WORK/in/"
cp "$FIX/urssaf_champs/"*.csv "$WORK/in/"
"$OBS" load "$DB" "$WORK/in" > "$WORK/load.out" 2> "$WORK/load.err"
rc=$?
cat "$WORK/load.out" "$WORK/load.err"
[ $rc -eq 0 ] || fail "load exited $rc"
[ "$(q "$DB" "SELECT count(*) FROM reject")" -eq 0 ] || fail "rejects"
[ "$(q "$DB" "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='etablissements'")" = "13/12/0" ] ||
    fail "etablissements: 13 rows, 12 loaded (one abroad), 0 rejected"
[ "$(q "$DB" "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='unites_legales'")" = "13/13/0" ] ||
    fail "unites_legales counts"
# one summary line per case, with its count
has() { grep -qF "$1" "$WORK/load.out" || fail "summary line missing: $1"; }
has "StockEtablissement_utf8.csv : hors champ : 1 établissements à l'étranger"
has "StockEtablissement_utf8.csv : 1 codes de communes fusionnées depuis, rapportés à la commune actuelle"
has "StockEtablissement_utf8.csv : 2 activités en NAF rév. 1 (NAFRev1), chargées"
has "StockEtablissement_utf8.csv : 2 activités en NAF 1993 (NAF1993), chargées"
has "StockEtablissement_utf8.csv : 1 activités en NAP, chargées"
has "StockEtablissement_utf8.csv : 1 activités en NAP non classées pour les exclusions ESS (pas de table de passage NAP → NAF rév. 2), jamais exclues"
has "StockEtablissement_utf8.csv : 2 sous « activité en nomenclature ancienne »"
has "StockEtablissement_utf8.csv : 1 établissements sans date de création"
has "StockEtablissement_utf8.csv : avertissement : 1 établissements fermés (F) sans date de fermeture, chargés"
has "StockEtablissement_utf8.csv : 1 établissements partiellement diffusibles"
has "StockUniteLegale_utf8.csv : 1 unités partiellement diffusibles"
# every column of the published layouts is known: no unknown-column warning
! grep -q "inconnue" "$WORK/load.err" || fail "a column of the published layout called unknown"

# each case as loaded
row() { q "$DB" "SELECT $1 FROM etablissement WHERE siret='$2'"; }
[ "$(row commune 80000001000010)" = "29019" ] || fail "former commune 29096 -> 29019"
[ "$(row "naf_section||'/'||nomenclature||'/'||naf_origine||'/'||est_ess" 80000002800012)" = "ancienne/NAFRev1/92.6C/1" ] ||
    fail "NAFRev1 92.6C: loaded, ambiguous section"
[ "$(row "date_fermeture" 80000002800012)" = "2005-06-30" ] || fail "closure date from dateDebut"
[ "$(row "naf||'/'||naf_section||'/'||est_ess" 80000003600015)" = "94.99Z/S/1" ] || fail "NAF1993 913E -> 94.99Z"
[ "$(row "naf||'/'||est_ess" 80000004400019)" = "94.20Z/0" ] || fail "NAF1993 912Z: trade union, excluded"
[ "$(row "naf_section||'/'||est_ess" 80000005100014)" = "ancienne/1" ] || fail "NAP 9601"
[ "$(row "naf||'/'||naf_section||'/'||est_ess" 80000010100017)" = "84/O/0" ] || fail "NAFRev1 75.1A: public administration, excluded"
[ "$(q "$DB" "SELECT count(*) FROM etablissement WHERE siret='80000006900016'")" -eq 0 ] || fail "abroad loaded"
[ "$(row "quote(date_creation)||'/'||est_ess" 80000007700019)" = "NULL/1" ] || fail "empty creation date"
[ "$(row "etat||'/'||quote(date_fermeture)" 80000008500012)" = "F/NULL" ] || fail "closed without date"
[ "$(row "statut_diffusion||'/'||quote(denomination)" 80000009300016)" = "P/NULL" ] || fail "[ND] kept out"
[ "$(row "naf25" 80000000200017)" = "88.99B" ] || fail "NAF 2025 column kept"
[ "$(q "$DB" "SELECT statut_diffusion||'/'||quote(denomination) FROM unite_legale WHERE siren='800000093'")" = "P/NULL" ] ||
    fail "legal unit: statut de diffusion kept, [ND] dropped"
[ "$(row "code_commune||'/'||commune" 80000012700012)" = "75112/75056" ] || fail "arrondissement"
q "$DB" "SELECT count(*) FROM ref_naf WHERE niveau='section' AND code='ancienne'
         AND libelle='Activité en nomenclature ancienne'" | grep -qx 1 || fail "section label"

# ESS establishments active on 31 December, per commune and year, by hand:
#   Brest 29019: 80000000200017 (2015), 80000001000010 (2012, former commune 29096),
#     80000003600015 (1990), 80000005100014 (1975, NAP); not 80000002800012 (closed
#     2005), not 80000004400019 (trade union) -> 4 in 2019 and 2020
#   Boulogne 62160: 80000007700019 (no creation date: active), 80000008500012 (closed
#     with no date: active), 80000009300016 (2018); not 80000010100017 (public
#     administration), not 80000011900019 (SAS, not ESS) -> 3
#   Paris 75056: 80000012700012 (75112, 2019) -> 1
"$OBS" compute "$DB" --only etablissements_ess > "$WORK/compute.out" 2>&1 || { cat "$WORK/compute.out"; fail "compute"; }
got=$(q "$DB" "SELECT territoire||':'||annee||'='||CAST(valeur_brute AS INTEGER) FROM indicator_value
               WHERE indicator='etablissements_ess' AND niveau='commune' AND dimension=''
               ORDER BY territoire, annee" | tr '\n' ' ')
[ "$got" = "29019:2019=4 29019:2020=4 62160:2019=3 62160:2020=3 75056:2019=1 75056:2020=1 " ] ||
    fail "ESS establishments per commune and year: $got"

# ---- the survival note of the report (PDF and workbook), counted by hand ----
# in the fixtures' communes (Brest, Boulogne-sur-Mer, Paris): no creation date:
# 80000007700019 -> 1; closed (F) with no closure date: 80000008500012 -> 1
DB3="$WORK/survival.sqlite"
cat > "$WORK/obs.ini" <<EOF
[observatoire]
nom = Fixtures
[calcul]
date_observation = 2020-12-31
annee = 2020
[etude fixtures]
nom = Communes des fixtures
communes = 29019, 62160, 75056
EOF
"$OBS" init "$DB3" --config "$WORK/obs.ini" > /dev/null 2>&1 || fail "init survival"
"$OBS" load "$DB3" "$FIX/StockUniteLegale_utf8.csv" "$FIX/StockEtablissement_utf8.csv" \
    "$FIX/urssaf_long/emploi_territoire.csv" > /dev/null 2>&1 || fail "load survival"
"$OBS" compute "$DB3" --config "$WORK/obs.ini" > "$WORK/survival.out" 2>&1 || { cat "$WORK/survival.out"; fail "compute survival"; }
"$OBS" report "$DB3" --config "$WORK/obs.ini" --out "$WORK/rep" > "$WORK/report.out" 2>&1 || { cat "$WORK/report.out"; fail "report"; }
if command -v pdftotext > /dev/null 2>&1; then
    # one line (a sentence may wrap); pdftotext writes the non-breaking spaces as plain ones
    pdftotext "$WORK/rep/fixtures-2020.pdf" - | tr '\n' ' ' > "$WORK/report.txt" || fail "pdftotext"
    grep -qF "1 établissement sans date de création exclu de l'analyse de survie." "$WORK/report.txt" ||
        fail "PDF: survival note (no creation date)"
    grep -qF "1 établissement fermé sans date de fermeture, suivi dans l'analyse de survie comme encore actif" \
        "$WORK/report.txt" || fail "PDF: survival note (closed with no date)"
fi
if command -v unzip > /dev/null 2>&1; then
    unzip -p "$WORK/rep/fixtures-2020.xlsx" 'xl/worksheets/*.xml' > "$WORK/book.xml" 2> /dev/null
    grep -qF "1 établissement sans date de création exclu de l" "$WORK/book.xml" ||
        fail "workbook: survival note (no creation date)"
    grep -qF "1 établissement fermé sans date de fermeture" "$WORK/book.xml" ||
        fail "workbook: survival note (closed with no date)"
fi

# ---- the previous SIRENE layout (no NAF 2025 column) ----
DB2="$WORK/previous.sqlite"
"$OBS" init "$DB2" > /dev/null 2>&1 || fail "init 2"
"$OBS" load "$DB2" "$FIX/precedent/StockEtablissement_utf8.csv" > "$WORK/prev.out" 2> "$WORK/prev.err" ||
    { cat "$WORK/prev.out" "$WORK/prev.err"; fail "previous layout"; }
[ "$(q "$DB2" "SELECT loaded||'/'||rejected FROM dataset_load WHERE dataset='etablissements'")" = "2/0" ] ||
    fail "previous layout counts"
! grep -q "inconnue" "$WORK/prev.err" || fail "previous layout: unknown column"

# ---- URSSAF: label form, field-name form and the long form give one table ----
table() { q "$1" "SELECT code_commune, commune, annee, section, etablissements_employeurs, postes,
                  quote(masse_salariale) FROM emploi_territoire ORDER BY 1, 3, 4"; }
for form in urssaf_libelles urssaf_champs urssaf_long; do
    d="$WORK/$form.sqlite"
    "$OBS" init "$d" > /dev/null 2>&1 || fail "init $form"
    "$OBS" load "$d" "$FIX/$form" > "$WORK/$form.out" 2>&1 || { cat "$WORK/$form.out"; fail "load $form"; }
    table "$d" > "$WORK/$form.txt"
done
cmp -s "$WORK/urssaf_libelles.txt" "$WORK/urssaf_long.txt" || { diff "$WORK/urssaf_libelles.txt" "$WORK/urssaf_long.txt"; fail "label form != long form"; }
cmp -s "$WORK/urssaf_champs.txt" "$WORK/urssaf_long.txt" || fail "field-name form != long form"
# by hand: Brest 2019 = 10 + 5 + 2 (Plouzané, former commune) establishments, 120 + 20 + 8 jobs
grep -qx "29019|29019|2019||17|148|NULL" "$WORK/urssaf_libelles.txt" || fail "Brest 2019 total"
# Paris 2020 = 75112 and 75113 rolled up: 8 + 3, 95 + 31
grep -qx "75056|75056|2020|G|11|126|NULL" "$WORK/urssaf_libelles.txt" || fail "arrondissements rolled up"
# the years present are the years available
[ "$(q "$WORK/urssaf_libelles.sqlite" "SELECT group_concat(DISTINCT annee) FROM emploi_territoire")" = "2019,2020" ] || fail "years"
grep -q "urssaf_libelles/etablissements-et-effectifs.*4 lignes d'arrondissements municipaux" "$WORK/urssaf_libelles.out" ||
    fail "URSSAF file named etablissements... not read as URSSAF"

# ---- CRLF line ends, a UTF-8 BOM and a trailing empty line, in each layout ----
# each file of each layout rewritten so, loaded like the original: same tables, no reject
crlf() { { printf '\357\273\277'; sed '1s/^\xEF\xBB\xBF//; s/$/\r/' "$1"; printf '\r\n'; } > "$2"; }
dump() { for t in etablissement unite_legale emploi_territoire; do q "$1" "SELECT * FROM $t ORDER BY 1, 2, 3, 4"; done; }
n=0
for set in "StockUniteLegale_utf8.csv StockEtablissement_utf8.csv urssaf_libelles/etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv" \
           "precedent/StockEtablissement_utf8.csv urssaf_champs/etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last.csv" \
           "urssaf_long/emploi_territoire.csv"; do
    n=$((n + 1))
    for form in lf crlf; do
        mkdir -p "$WORK/$form$n"
        "$OBS" init "$WORK/$form$n.sqlite" > /dev/null 2>&1 || fail "init $form$n"
        for f in $set; do
            if [ $form = lf ]; then cp "$FIX/$f" "$WORK/$form$n/"; else crlf "$FIX/$f" "$WORK/$form$n/$(basename "$f")"; fi
        done
        "$OBS" load "$WORK/$form$n.sqlite" "$WORK/$form$n" > "$WORK/$form$n.out" 2>&1 || { cat "$WORK/$form$n.out"; fail "load $form$n"; }
        [ "$(q "$WORK/$form$n.sqlite" "SELECT count(*) FROM reject")" -eq 0 ] || fail "$form$n: rejects"
        dump "$WORK/$form$n.sqlite" > "$WORK/$form$n.txt"
    done
    [ -s "$WORK/lf$n.txt" ] || fail "set $n: nothing loaded"
    cmp -s "$WORK/lf$n.txt" "$WORK/crlf$n.txt" || { diff "$WORK/lf$n.txt" "$WORK/crlf$n.txt" | head; fail "set $n: CRLF + BOM + empty last line loads differently"; }
done
grep -q "^etablissements  *13 lignes,  *12 chargées,  *0 rejetées" "$WORK/crlf1.out" || fail "CRLF: the empty last line counted as a row"

# ---- recognition by header; --dataset wins, for a folder too ----
mkdir -p "$WORK/odd"
printf 'a,b,c\n1,2,3\n' > "$WORK/odd/etablissements_inconnu.csv"
"$OBS" load "$DB" "$WORK/odd" > "$WORK/odd.out" 2> "$WORK/odd.err"
[ $? -eq 0 ] || fail "a file matching nothing must be skipped"
[ "$(grep -c "etablissements_inconnu.csv.*fichier ignoré" "$WORK/odd.err")" -eq 1 ] || fail "one warning naming the skipped file"
mkdir -p "$WORK/forced"
cp "$FIX/urssaf_long/emploi_territoire.csv" "$WORK/forced/donnees.csv"
"$OBS" load "$DB2" --dataset emploi_territoire "$WORK/forced" > /dev/null 2>&1 || fail "--dataset for a folder"
[ "$(q "$DB2" "SELECT loaded FROM dataset_load WHERE dataset='emploi_territoire'")" = "12" ] || fail "--dataset folder not loaded"
# unknown columns: one warning line per file, listing them
sed '1s/$/,colonneX,colonneY/; 2,$s/$/,1,2/' "$FIX/urssaf_long/emploi_territoire.csv" > "$WORK/forced/donnees.csv"
"$OBS" load "$DB2" "$WORK/forced/donnees.csv" > /dev/null 2> "$WORK/unknown.err" || fail "unknown columns"
[ "$(grep -c "colonne" "$WORK/unknown.err")" -eq 1 ] || fail "unknown columns: not one line"
grep -q "2 colonnes inconnues, ignorées : « colonneX », « colonneY »" "$WORK/unknown.err" || fail "unknown columns listed"

# ---- a header-only file: refused (exit 3), status unchanged; --force replaces ----
"$OBS" status "$DB" --csv > "$WORK/status-before.txt" || fail "status"
mkdir -p "$WORK/empty"
head -n 1 "$FIX/StockEtablissement_utf8.csv" > "$WORK/empty/StockEtablissement_utf8.csv"
"$OBS" load "$DB" "$WORK/empty/StockEtablissement_utf8.csv" > "$WORK/empty.out" 2> "$WORK/empty.err"
rc=$?
cat "$WORK/empty.err"
[ $rc -eq 3 ] || fail "header-only file exited $rc, not 3"
grep -q "aucune ligne de données.*12 lignes chargées seraient perdues" "$WORK/empty.err" || fail "message: rows lost"
"$OBS" status "$DB" --csv > "$WORK/status-after.txt" || fail "status"
cmp -s "$WORK/status-before.txt" "$WORK/status-after.txt" || { diff "$WORK/status-before.txt" "$WORK/status-after.txt"; fail "obs status changed"; }
[ "$(q "$DB" "SELECT loaded FROM dataset_load WHERE dataset='etablissements'")" = "12" ] || fail "previous version lost"
[ "$(q "$DB" "SELECT count(*) FROM etablissement")" = "12" ] || fail "previous rows lost"
"$OBS" load "$DB" --force "$WORK/empty/StockEtablissement_utf8.csv" > /dev/null 2>&1 || fail "--force"
[ "$(q "$DB" "SELECT count(*) FROM etablissement")" = "0" ] || fail "--force did not replace"

# ---- a version of less than half the rows: refused unless --force ----
"$OBS" load "$DB" "$FIX/StockEtablissement_utf8.csv" > /dev/null 2>&1 || fail "reload"
head -n 5 "$FIX/StockEtablissement_utf8.csv" > "$WORK/empty/StockEtablissement_utf8.csv"
"$OBS" load "$DB" "$WORK/empty/StockEtablissement_utf8.csv" > /dev/null 2> "$WORK/half.err"
rc=$?
[ $rc -eq 3 ] || fail "halved version exited $rc, not 3"
grep -q "remplacerait les 12 lignes chargées par moins de la moitié : 8 lignes seraient perdues" "$WORK/half.err" ||
    { cat "$WORK/half.err"; fail "halved version message"; }
[ "$(q "$DB" "SELECT count(*) FROM etablissement")" = "12" ] || fail "halved: previous rows lost"
"$OBS" load "$DB" --force "$WORK/empty/StockEtablissement_utf8.csv" > /dev/null 2>&1 || fail "--force halved"
[ "$(q "$DB" "SELECT count(*) FROM etablissement")" = "4" ] || fail "--force did not replace the halved version"
echo "real inputs ok"
