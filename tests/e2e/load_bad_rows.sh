#!/bin/sh
# Issue "foundation", acceptance: a file mixing good rows with each kind of
# bad row loads every good row, rejects every bad one with its reason, the
# counts add up, and loading it again changes nothing. Includes a
# Windows-1252 ';' export with decimal commas and DD/MM/YYYY dates.
set -u
fail() { echo "FAIL: $*"; exit 1; }
DB="$WORK/bad.sqlite"
FIX="$SRC/tests/fixtures/load"
"$OBS" init "$DB" > /dev/null 2>&1 || fail "init"
"$OBS" load "$DB" --max-rejects 100 "$FIX" > "$WORK/load1.txt" 2> "$WORK/load1.err"
rc=$?
cat "$WORK/load1.txt" "$WORK/load1.err"
[ $rc -eq 0 ] || fail "load exited $rc"

q() { sqlite3 "$DB" "$1"; }
# loaded + rejected = data rows, per dataset
for ds in etablissements emploi dispositifs accompagnements financements; do
    line=$(q "SELECT rows, loaded, rejected FROM dataset_load WHERE dataset='$ds'")
    rows=$(echo "$line" | cut -d'|' -f1); loaded=$(echo "$line" | cut -d'|' -f2); rejected=$(echo "$line" | cut -d'|' -f3)
    [ $((loaded + rejected)) -eq "$rows" ] || fail "$ds: $loaded + $rejected != $rows"
    [ "$(q "SELECT count(*) FROM reject WHERE dataset='$ds'")" -eq "$rejected" ] || fail "$ds: reject table count"
done
[ "$(q "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='etablissements'")" = "9/3/6" ] || fail "etablissements counts"
[ "$(q "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='emploi'")" = "6/3/3" ] || fail "emploi counts"
[ "$(q "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='accompagnements'")" = "5/3/2" ] || fail "accompagnements counts"
[ "$(q "SELECT rows||'/'||loaded||'/'||rejected FROM dataset_load WHERE dataset='financements'")" = "5/3/2" ] || fail "financements counts"

# every bad row with its reason, at its line
"$OBS" rejects "$DB" --csv > "$WORK/rejects.csv" || fail "rejects"
cat "$WORK/rejects.csv"
head -n 1 "$WORK/rejects.csv" | grep -qx 'file,line,column,value,reason' || fail "rejects header"
expect() { grep -q "$1" "$WORK/rejects.csv" || fail "missing reject: $1"; }
expect 'etablissements.csv,4,siret,77567160500010,siret_invalide'
expect 'etablissements.csv,5,dateCreationEtablissement,2015-02-30,date_invalide'
expect 'etablissements.csv,6,dateFermetureEtablissement,2017-01-01,fermeture_avant_creation'
expect 'etablissements.csv,7,codeCommuneEtablissement,99999,commune_inconnue'
expect 'etablissements.csv,8,siret,77567160500019,doublon'
expect 'etablissements.csv,9,denominationUsuelleEtablissement,.*guillemet_non_ferme'
expect 'emploi.csv,4,postes,-3,valeur_negative'
expect 'emploi.csv,5,postes_femmes,6,part_superieure_aux_postes'
expect 'emploi.csv,6,siret,77567160500019,doublon'
expect 'accompagnements.csv,4,date_fin,31/01/2023,dates_incoherentes'
expect 'accompagnements.csv,5,id_dispositif,D9,dispositif_inconnu'
expect 'financements.csv,4,id_accompagnement,,financement_sans_beneficiaire'
expect 'financements.csv,5,origine,,valeur_obligatoire'
# messages name file:line:column
grep -q 'etablissements.csv:7:5: erreur : commune « 99999 » absente' "$WORK/load1.err" || fail "file:line:column message"

# the good rows, converted: arrondissement rolled up, NAF normalised, CP1252 decoded, decimal comma, NBSP thousands
[ "$(q "SELECT commune FROM etablissement WHERE siret='14142135400012'")" = "13055" ] || fail "arrondissement roll-up"
[ "$(q "SELECT naf||' '||naf_section FROM etablissement WHERE siret='12345678200010'")" = "88.99B Q" ] || fail "NAF normalised"
[ "$(q "SELECT denomination FROM etablissement WHERE siret='12345678200010'")" = 'SCOP "Les Marins"' ] || fail "quoted quotes"
[ "$(q "SELECT nom FROM dispositif WHERE id_dispositif='D1'")" = "Couveuse côte d'Opale" ] || fail "CP1252 decoding"
[ "$(q "SELECT heures FROM accompagnement WHERE id_accompagnement='A1'")" = "42.5" ] || fail "decimal comma"
[ "$(q "SELECT heures FROM accompagnement WHERE id_accompagnement='A5'")" = "1234.5" ] || fail "dot thousands with decimal comma"
[ "$(q "SELECT date_debut FROM accompagnement WHERE id_accompagnement='A1'")" = "2022-03-15" ] || fail "DD/MM/YYYY"
[ "$(q "SELECT montant FROM financement WHERE id_financement='F2'")" = "37500.5" ] || fail "NBSP thousands"
[ "$(q "SELECT origine FROM financement WHERE id_financement='F1'")" = "public" ] || fail "origine default"
[ "$(q "SELECT famille_ess FROM etablissement WHERE siret='12345678200010'")" = "cooperative" ] || fail "perimeter"

# loading it again changes nothing
before=$(q "SELECT dataset, rows, loaded, rejected, checksum, loaded_at FROM dataset_load ORDER BY 1; SELECT count(*) FROM reject; SELECT count(*) FROM etablissement;")
"$OBS" load "$DB" --max-rejects 100 "$FIX" > "$WORK/load2.txt" 2>&1 || fail "second load"
grep -q "etablissements *inchangé" "$WORK/load2.txt" || fail "second load not recognised as unchanged"
after=$(q "SELECT dataset, rows, loaded, rejected, checksum, loaded_at FROM dataset_load ORDER BY 1; SELECT count(*) FROM reject; SELECT count(*) FROM etablissement;")
[ "$before" = "$after" ] || fail "second load changed the database"

# above the threshold (default 5 %): exit 3, previous version kept, rejects shown
cp "$FIX/etablissements.csv" "$WORK/etablissements.csv"
echo "77567160500019,2010-05-01,A,,62160,88.99B,9220,O,11,ligne ajoutée" >> "$WORK/etablissements.csv"
"$OBS" load "$DB" "$WORK/etablissements.csv" > /dev/null 2>&1
[ $? -eq 3 ] || fail "threshold exit code"
[ "$(q "SELECT count(*) FROM etablissement")" -eq 3 ] || fail "refused load replaced the data"
[ "$(q "SELECT count(*) FROM reject WHERE dataset='etablissements'")" -eq 7 ] || fail "refused load rejects"
echo "bad rows ok"
