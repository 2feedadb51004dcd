#!/bin/sh
# The embedded sample loads with only its three deliberate defects rejected,
# and keeps the calibration its README states.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/sample.sqlite"
# init + load of the sample, shared by the scripts of a test pass (tests/lib/sample_db.sh)
. "$SRC/tests/lib/sample_db.sh"
sample_db "$DB" || fail "init + load of the sample"
q() { sqlite3 "$DB" "$1"; }
[ "$(q "SELECT sum(rejected) FROM dataset_load")" -eq 3 ] || fail "expected the 3 deliberate defects"
[ "$(q "SELECT count(*) FROM reject WHERE reason IN ('commune_inconnue','date_invalide','part_superieure_aux_postes')")" -eq 3 ] || fail "defect reasons"
within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }' || fail "$4 = $1 not in [$2, $3]"; echo "$4 = $1"; }
within "$(q "SELECT count(*) FROM etablissement e JOIN geo g ON g.commune=e.commune AND g.niveau='etude' AND g.code='boulonnais' WHERE est_ess AND date_creation<='2024-12-31' AND (date_fermeture IS NULL OR date_fermeture>'2024-12-31')")" 620 760 "Boulonnais: active ESS establishments 2024"
within "$(q "SELECT count(*) FROM emploi m JOIN etablissement e USING(siret) JOIN geo g ON g.commune=e.commune AND g.niveau='etude' AND g.code='boulonnais' WHERE est_ess AND annee=2024 AND postes>0")" 280 350 "Boulonnais: ESS employers 2024"
for t in boulonnais pays-de-brest sambre-avesnois; do
    within "$(q "SELECT round(100.0*(SELECT sum(postes) FROM emploi m JOIN etablissement e USING(siret) JOIN geo h ON h.commune=e.commune AND h.niveau='etude' AND h.code='$t' WHERE est_ess AND annee=2024)/sum(t.postes),1) FROM emploi_territoire t JOIN geo g ON g.commune=t.commune AND g.niveau='etude' AND g.code='$t' WHERE annee=2024")" 10 16 "$t: ESS share of private jobs (%)"
done
surv() { q "SELECT round(100.0*avg(date_fermeture IS NULL OR julianday(date_fermeture)-julianday(date_creation) > 5*365.25),1) FROM etablissement e WHERE date_creation BETWEEN '2005-01-01' AND '2019-12-31' AND $1"; }
within "$(surv "EXISTS (SELECT 1 FROM accompagnement a WHERE a.siret_cree=e.siret)")" 66 75 "5-year survival of supported creations (%)"
within "$(surv "NOT est_ess AND NOT EXISTS (SELECT 1 FROM accompagnement a WHERE a.siret_cree=e.siret)")" 56 65 "5-year survival of ordinary creations (%)"
within "$(q "SELECT round(100.0*avg(issue IN ('creation','emploi','formation')),1) FROM accompagnement WHERE date_fin IS NOT NULL")" 45 55 "positive exits (%)"
echo "sample calibration ok"
