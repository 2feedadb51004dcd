#!/bin/sh
# Issue "catalog", acceptance: `obs indicators check` passes on the shipped
# catalog and names file:line on a broken copy; editing a definition (here,
# excluding NAF section Q from the perimeter) and re-running changes the
# numbers accordingly, with no rebuild.
set -u
fail() { echo "FAIL: $*"; exit 1; }
"$OBS" indicators check > "$WORK/check.txt" 2>&1 || { cat "$WORK/check.txt"; fail "shipped catalog"; }
grep -q "aucune erreur" "$WORK/check.txt" || fail "check summary"
"$OBS" indicators check --catalog "$SRC/tests/fixtures/catalog_broken" > "$WORK/broken.txt" 2>&1
[ $? -eq 1 ] || fail "broken catalog must exit 1"
grep -q "bad_unit.sql:3:1: erreur : unite « kilos » inconnue" "$WORK/broken.txt" || fail "bad_unit file:line"
grep -q "bad_sql.sql:10:1: erreur : requête invalide : no such table" "$WORK/broken.txt" || fail "bad_sql file:line"
grep -q "bad_write.sql:10:1: erreur : requête invalide" "$WORK/broken.txt" || fail "bad_write refused"
grep -q "bad_columns.sql:10:1: erreur : colonne 4" "$WORK/broken.txt" || fail "column contract"
grep -q "missing_base.sql:1:1: erreur : base" "$WORK/broken.txt" || fail "missing base"

command -v python3 >/dev/null 2>&1 || { echo "skipped the edit part: python3 not installed"; exit 0; }
python3 "$SRC/tests/oracle/gen_independent.py" 11 "$WORK/d" "$SRC/datasets/reference" || fail "generator"
DB="$WORK/e.sqlite"
"$OBS" init "$DB" --config "$WORK/d/obs.ini" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" "$WORK/d/data" > /dev/null 2>&1 || fail "load"
"$OBS" compute "$DB" --config "$WORK/d/obs.ini" --only etablissements_ess > /dev/null 2>&1 || fail "compute"
before=$("$OBS" export "$DB" --indicator etablissements_ess | awk -F, '$3=="france" && $5==2024 && $6=="" {print $7}')

mkdir "$WORK/cat" && cp "$SRC"/indicators/catalog/*.sql "$WORK/cat/"
sed -i "s/^WHERE e.est_ess = 1$/WHERE e.est_ess = 1 AND e.naf_section <> 'Q'/" "$WORK/cat/etablissements_ess.sql"
grep -q "naf_section <> 'Q'" "$WORK/cat/etablissements_ess.sql" || fail "edit not applied"
printf '[chemins]\ncatalogue = %s/cat\n' "$WORK" > "$WORK/edited.ini"
"$OBS" compute "$DB" --config "$WORK/edited.ini" --only etablissements_ess > /dev/null 2>&1 || fail "compute with the edited catalog"
after=$("$OBS" export "$DB" --indicator etablissements_ess | awk -F, '$3=="france" && $5==2024 && $6=="" {print $7}')
expected=$(sqlite3 "$DB" "SELECT count(*) FROM etablissement WHERE est_ess = 1 AND naf_section <> 'Q' AND date_creation <= '2024-12-31' AND (date_fermeture IS NULL OR date_fermeture > '2024-12-31')")
echo "France 2024: $before before, $after after the edit, $expected expected"
[ "$after" = "$expected" ] || fail "edited definition not applied"
[ "$after" != "$before" ] || fail "the edit changed nothing"
echo "catalog edit ok"
