#!/bin/sh
# Issue 16, deliverable 6: `obs audit-secret` as an attacker, on hand-built
# tiny runs (one database each, values worked out by hand): it finds and
# names each class of leak -- an additive group (breakdown, territories), two
# indicators equal wherever both are published, a ratio declared with
# construit_de, a cohort inequality, interval bounds with integrality (exact
# and within 10 %), an exact combination of several relations, a funder who
# knows its own cells -- and a negative control finds nothing. A second.
set -u
fail() { echo "FAIL: $*"; exit 1; }
command -v sqlite3 > /dev/null 2>&1 || { echo "skipped: sqlite3 not installed"; exit 0; }

# new_db NAME: an empty obs database holding run 1
new_db() {
    db="$WORK/$1.sqlite"
    rm -f "$db"
    : > "$db"
    "$OBS" audit-secret "$db" > /dev/null 2>&1 # creates the schema, then finds no run
    sqlite3 "$db" "INSERT INTO run(id, command, started, engine_version, outcome)
                   VALUES (1, 'compute', '2026-01-01', 'test', 'ok');" || fail "$1: run row"
}
# meta NAME TYPE [CONSTRUIT_DE]
meta() {
    sqlite3 "$db" "INSERT INTO indicator_meta(run_id, indicator, titre, unite, type, construit_de)
                   VALUES (1, '$1', '$1', 'nombre', '$2', ${3:-NULL});" || fail "meta $1"
}
# cell IND NIVEAU CODE DIMENSION VALUE SECRET (year 2024; a masked cell keeps its value as valeur_brute)
cell() {
    if [ "$6" = 1 ]; then pub=NULL; else pub=$5; fi
    sqlite3 "$db" "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur,
                   valeur_brute, secret) VALUES (1, '$1', '$2', '$3', 2024, '$4', $pub, $5, $6);" || fail "cell $*"
}
geo() { # COMMUNE NIVEAU CODE
    sqlite3 "$db" "INSERT INTO geo VALUES ('$1', '$2', '$3');" || fail "geo $*"
}
# audit NAME EXPECTED_RC: runs the audit with combinations, output in $WORK/NAME.txt
audit() {
    "$OBS" audit-secret "$db" --combinaisons --toutes > "$WORK/$1.txt" 2>&1
    rc=$?
    [ "$rc" = "$2" ] || { cat "$WORK/$1.txt"; fail "$1: exit $rc, expected $2"; }
}
expect() { # NAME TEXT: the audit's output holds TEXT
    grep -qF "$2" "$WORK/$1.txt" || { cat "$WORK/$1.txt"; fail "$1: expected « $2 »"; }
}

# 1. additive: France 100 = famille a 60 + famille b (masked, 40); a
# département 50 = commune C1 30 + commune C2 (masked, 20)
new_db additive
meta postes sum
cell postes france FR '' 100 0
cell postes france FR 'famille=a' 60 0
cell postes france FR 'famille=b' 40 1
geo C1 departement D
geo C2 departement D
cell postes departement D '' 50 0
cell postes commune C1 '' 30 0
cell postes commune C2 '' 20 1
audit additive 5
expect additive "fuite : groupe additif : postes, france FR, 2024, famille=b <- postes : total = somme de la ventilation par famille [postes, france FR, 2024]"
expect additive "fuite : groupe additif : postes, commune C2, 2024 <- postes : departement = somme de ses commune [postes, departement D, 2024]"
expect additive "retrouvées exactement, groupe additif : 2"

# 2. equal: a and b are equal on six communes and a département (values
# 3 to 19, published), so a at K7, masked, is b's 23
new_db equal
meta part_a mean
meta part_b mean
i=1
for v in 3 7 11 13 17 19; do
    cell part_a commune "K$i" '' "$v" 0
    cell part_b commune "K$i" '' "$v" 0
    i=$((i + 1))
done
cell part_a departement D '' 29 0
cell part_b departement D '' 29 0
cell part_a commune K7 '' 23 1
cell part_b commune K7 '' 23 0
audit equal 5
expect equal "fuite : indicateurs égaux : part_a, commune K7, 2024 <- part_a = part_b [part_b, commune K7, 2024]"

# 3. a declared ratio: effet_levier 1.5 = montant_prive (masked, 300) / montant_public 200
new_db ratio
meta montant_prive sum
meta montant_public sum
meta effet_levier ratio "'montant_prive / montant_public'"
cell montant_prive france FR '' 300 1
cell montant_public france FR '' 200 0
cell effet_levier france FR '' 1.5 0
audit ratio 5
expect ratio "fuite : ratio déclaré (construit_de) : montant_prive, france FR, 2024 <- effet_levier = montant_prive / montant_public"

# 4. a cohort and bounds with integrality: survivors never outnumber
# creations (12 communes published, 3 of them equal); at Z3 one creation,
# so its masked survivor count is 1 (cohort); département DZ 21 = Z1 + Z2,
# Z1 masked (true 1) at most its 2 creations and at least 1 (a row exists),
# so Z2 (masked, true 20) lies in [19, 20]: within 10 %.
new_db cohort
meta survivants count
meta creations count
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
    c=$((i + 2))
    if [ "$i" -le 3 ]; then s=$c; else s=$((i + 1)); fi
    cell survivants commune "L$i" '' "$s" 0
    cell creations commune "L$i" '' "$c" 0
done
cell survivants commune Z3 '' 1 1
cell creations commune Z3 '' 1 0
geo Z1 departement DZ
geo Z2 departement DZ
cell survivants departement DZ '' 21 0
cell survivants commune Z1 '' 1 1
cell creations commune Z1 '' 2 0
cell survivants commune Z2 '' 20 1
cell creations commune Z2 '' 25 0
audit cohort 5
expect cohort "fuite : inégalité de comptes (sous-ensemble, cohorte) : survivants, commune Z3, 2024 <- survivants(A) <= creations(A - 0) [creations, commune Z3, 2024]"
expect cohort "fuite : bornes entières, à 10 % près : survivants, commune Z2, 2024 entre 19 et 20 <- survivants : departement = somme de ses commune"

# 5. bounds with integrality, exact: département D2 4 = C1 2 + C2 + C3,
# C2 and C3 masked counts, each at least 1: C2 is 1 (bounds), then C3 too
# (the group, by subtraction)
new_db bounds
meta etablissements count
geo C1 departement D2
geo C2 departement D2
geo C3 departement D2
cell etablissements departement D2 '' 4 0
cell etablissements commune C1 '' 2 0
cell etablissements commune C2 '' 1 1
cell etablissements commune C3 '' 1 1
audit bounds 5
expect bounds "fuite : bornes entières : etablissements, commune C2, 2024"
expect bounds "fuite : groupe additif : etablissements, commune C3, 2024"

# 6. a combination: D = C1 + C2, E = C2 + C3, S = C1 + C3, the three
# communes masked: each equation has two unknowns, together they give
# C1 = (D - E + S) / 2 = 10.5, C2 = 20.25, C3 = 30.75
new_db combination
meta masse sum
geo C1 departement D
geo C2 departement D
geo C2 epci E
geo C3 epci E
geo C1 etude S
geo C3 etude S
cell masse departement D '' 30.75 0
cell masse epci E '' 51 0
cell masse etude S '' 41.25 0
cell masse commune C1 '' 10.5 1
cell masse commune C2 '' 20.25 1
cell masse commune C3 '' 30.75 1
audit combination 5
expect combination "fuite : combinaison de relations : masse, commune C1, 2024"
expect combination "retrouvées exactement, combinaison de relations : 3"

# 7. the funder insider: 1 000 = F (masked, 600) + G (masked, 390) + H 10:
# nothing for an outsider, but F knows its 600 and gets G back, and G gets F
new_db insider
meta montant_public sum
cell montant_public france FR '' 1000 0
cell montant_public france FR 'financeur=F' 600.5 1
cell montant_public france FR 'financeur=G' 389.5 1
cell montant_public france FR 'financeur=H' 10 0
audit insider 5
expect insider "fuite (financeur « F », qui connaît ses propres cellules) : groupe additif : montant_public, france FR, 2024, financeur=G"
expect insider "fuite (financeur « G », qui connaît ses propres cellules) : groupe additif : montant_public, france FR, 2024, financeur=F"
expect insider "financeurs initiés : 2 retrouvées exactement, 0 à 10 % près (cellules qu'ils ne connaissent pas, dont 0 sans financeur ; 0 cellules sans financeur connues"
expect insider "retrouvées exactement, groupe additif : 0"

# 7b. a funder's money alone, and a total of several funders: C's public
# funding 100.25 = programme X 70.5 + programme Y 29.75, all masked but
# the total; X is funded by F alone, Y by G 20.5 and H 9.25. F knows its
# part of X, hence X (its money alone: not a leak), hence Y = 100.25 - 70.5,
# the sum of G's and H's parts: a leak. G and H learn nothing else.
new_db insider_totals
meta montant_public sum
cell montant_public commune C '' 100.25 0
cell montant_public commune C 'dispositif=X' 70.5 1
cell montant_public commune C 'dispositif=Y' 29.75 1
cell montant_public commune C 'dispositif=X;financeur=F' 70.5 1
cell montant_public commune C 'dispositif=Y;financeur=G' 20.5 1
cell montant_public commune C 'dispositif=Y;financeur=H' 9.25 1
audit insider_totals 5
expect insider_totals "fuite (financeur « F », qui connaît ses propres cellules) : groupe additif : montant_public, commune C, 2024, dispositif=Y (total de plusieurs financeurs)"
expect insider_totals "financeurs initiés : 1 retrouvées exactement, 0 à 10 % près (cellules qu'ils ne connaissent pas, dont 1 sans financeur ; 1 cellules sans financeur connues d'un financeur"
expect insider_totals "retrouvées exactement, groupe additif : 0"
if grep -qF "dispositif=X <-" "$WORK/insider_totals.txt" || grep -qF "dispositif=X (" "$WORK/insider_totals.txt"; then
    cat "$WORK/insider_totals.txt"; fail "insider_totals: F's money alone counted as a leak"
fi

# 7c. a ratio of a funder's money alone: private funding of C 100.5 = X
# 70.5 (F alone) + Y 30 (G 20, H 10), all masked but the total; public
# funding of X 30 and Y 12 published; the leverage of X (2.35) and Y (2.5)
# masked, D's published (50.5 / 20 = 2.525). F knows X, hence X's leverage
# (not a leak), and gets Y and Y's leverage back: two leaks.
new_db insider_ratio
meta montant_prive sum
meta montant_public sum
meta effet_levier ratio "'montant_prive / montant_public'"
cell montant_prive commune C '' 100.5 0
cell montant_prive commune C 'dispositif=X' 70.5 1
cell montant_prive commune C 'dispositif=Y' 30 1
cell montant_prive commune C 'dispositif=X;financeur=F' 70.5 1
cell montant_prive commune C 'dispositif=Y;financeur=G' 20 1
cell montant_prive commune C 'dispositif=Y;financeur=H' 10 1
cell montant_public commune C 'dispositif=X' 30 0
cell montant_public commune C 'dispositif=Y' 12 0
cell effet_levier commune C 'dispositif=X' 2.35 1
cell effet_levier commune C 'dispositif=Y' 2.5 1
cell montant_prive commune D '' 50.5 0
cell montant_public commune D '' 20 0
cell effet_levier commune D '' 2.525 0
audit insider_ratio 5
expect insider_ratio "effet_levier, commune C, 2024, dispositif=Y (cellule sans financeur)"
expect insider_ratio "montant_prive, commune C, 2024, dispositif=Y (total de plusieurs financeurs)"
expect insider_ratio "financeurs initiés : 2 retrouvées exactement, 0 à 10 % près (cellules qu'ils ne connaissent pas, dont 2 sans financeur ; 2 cellules sans financeur connues d'un financeur"
if grep -qF "dispositif=X (" "$WORK/insider_ratio.txt"; then
    cat "$WORK/insider_ratio.txt"; fail "insider_ratio: F's money alone or its ratio counted as a leak"
fi

# 7d. a total of a funder's hidden parts that they do not add up to: a
# count of projects, each funded by F, some by G or H too (counted under
# each funder). D 14 = C1 10 (masked) + C2 4; C1 = F 10, H 2 (masked),
# G 4; C2 = F 4, G 1; D = F 14 (masked), G 5. D's hidden parts are all
# F's, but F's 14 and the published 5 do not give D: F does not know D, and
# does not get C1 = D - 4 back (read as known, D gave it: a total of
# several funders, the audit's reading until 2026-12-08).
new_db insider_counts
meta projets_finances sum
geo C1 departement D
geo C2 departement D
cell projets_finances commune C1 '' 10 1
cell projets_finances commune C2 '' 4 0
cell projets_finances departement D '' 14 1
cell projets_finances commune C1 'financeur=F' 10 1
cell projets_finances commune C1 'financeur=H' 2 1
cell projets_finances commune C1 'financeur=G' 4 0
cell projets_finances commune C2 'financeur=F' 4 0
cell projets_finances commune C2 'financeur=G' 1 0
cell projets_finances departement D 'financeur=F' 14 1
cell projets_finances departement D 'financeur=G' 5 0
audit insider_counts 0
expect insider_counts ", 0 fuite"
expect insider_counts "financeurs initiés : 0 retrouvées exactement, 0 à 10 % près (cellules qu'ils ne connaissent pas, dont 0 sans financeur ; 0 cellules sans financeur connues d'un financeur"

# 8. negative control: 100 = a 60 + b (masked) + c (masked): two unknowns
# of a sum, nothing bounded within 10 %
new_db none
meta postes sum
cell postes france FR '' 100 0
cell postes france FR 'famille=a' 60 0
cell postes france FR 'famille=b' 25.5 1
cell postes france FR 'famille=c' 14.5 1
audit none 0
expect none ", 0 fuite"
echo "audit attacker ok: additive, equal, ratio, cohort, bounds (exact and within 10 %), combination, insider, control"
