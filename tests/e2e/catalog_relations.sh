#!/bin/sh
# Issue "statistical secrecy", item 1: an analyst's ratio built from
# confidential data that does not declare what it divides (construit_de) is
# refused by `obs indicators check`, file:line; a ratio of public SIRENE
# counts (ESS establishments per 10 000 inhabitants) needs nothing; with
# --base, each declaration is checked on a run's raw values. Quick: no sample,
# a hand-built run of four cells.
set -u
fail() { echo "FAIL: $*"; exit 1; }
mkdir "$WORK/cat" && cp "$SRC"/indicators/catalog/*.sql "$WORK/cat/"
cat > "$WORK/cat/postes_ess_10000_habitants.sql" <<'SQL'
-- id: postes_ess_10000_habitants
-- titre: Postes de l'ESS pour 10 000 habitants
-- unite: ratio
-- type: ratio
-- ic: aucun
-- secret: etablissements
-- theme: economie
-- ordre: 99
-- definition: Postes salariés de l'ESS pour 10 000 habitants.
-- sources: DSN ; INSEE, population
SELECT g.niveau, g.code AS territoire, m.annee, '' AS dimension,
       sum(m.postes) * 10000.0 AS numerateur, (SELECT sum(c.population) FROM ref_commune c) AS denominateur,
       count(*) AS n_unites, max(m.postes) * 1.0 / nullif(sum(m.postes), 0) AS part_max
FROM emploi m JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1
JOIN geo g ON g.commune = e.commune
GROUP BY g.niveau, g.code, m.annee
SQL
sed -e 's/postes_ess_10000_habitants/etablissements_ess_10000_habitants/; s/Postes de/Établissements de/' \
    -e 's/sum(m.postes) \* 10000.0/count(*) * 10000.0/; s/max(m.postes) \* 1.0 \/ nullif(sum(m.postes), 0)/1.0 \/ count(*)/' \
    -e 's/^FROM emploi m JOIN etablissement e ON e.siret = m.siret AND e.est_ess = 1$/FROM etablissement e CROSS JOIN annees m/' \
    -e 's/WHERE e.est_ess = 1//' "$WORK/cat/postes_ess_10000_habitants.sql" > "$WORK/cat/etablissements_ess_10000_habitants.sql"
"$OBS" indicators check --catalog "$WORK/cat" > "$WORK/check.txt" 2>&1
rc=$?
cat "$WORK/check.txt"
[ "$rc" -eq 1 ] || fail "an undeclared ratio of DSN data must be refused (exit $rc)"
grep -q "postes_ess_10000_habitants.sql:4:1: erreur : « postes_ess_10000_habitants » divise des données confidentielles (dsn)" \
    "$WORK/check.txt" || fail "refusal without file:line"
grep -q "etablissements_ess_10000_habitants" "$WORK/check.txt" && fail "a ratio of public counts refused"
grep -q "catalogue : 1 erreur$" "$WORK/check.txt" || fail "one error expected"

# declared, it passes
sed -i 's/^-- secret: etablissements$/-- secret: etablissements\n-- construit_de: postes_ess \/ public:population/' \
    "$WORK/cat/postes_ess_10000_habitants.sql"
"$OBS" indicators check --catalog "$WORK/cat" > "$WORK/check2.txt" 2>&1 || { cat "$WORK/check2.txt"; fail "declared ratio"; }
# declaring public_sirene for a query that reads the DSN is refused
sed -i 's/^-- construit_de: .*/-- confidentialite: public_sirene/' "$WORK/cat/postes_ess_10000_habitants.sql"
"$OBS" indicators check --catalog "$WORK/cat" > "$WORK/check3.txt" 2>&1 && fail "a DSN query declared public"
grep -q "postes_ess_10000_habitants.sql:4:1: erreur : confidentialite « public_sirene » mais la requête lit des données confidentielles (dsn)" \
    "$WORK/check3.txt" || { cat "$WORK/check3.txt"; fail "public declaration not refused"; }

# each declaration on a run's raw values: effet_levier = montant_prive / montant_public
DB="$WORK/r.sqlite"
"$OBS" init "$DB" > /dev/null 2>&1 || fail "init"
sqlite3 "$DB" "INSERT INTO indicator_value(run_id, indicator, niveau, territoire, annee, dimension, valeur, numerateur, denominateur, valeur_brute) VALUES
 (7, 'effet_levier', 'commune', 'A', 2024, '', 0.5, 50, 100, 0.5),
 (7, 'montant_prive', 'commune', 'A', 2024, '', 50, 50, NULL, 50),
 (7, 'montant_public', 'commune', 'A', 2024, '', 100, 100, NULL, 100),
 (7, 'effet_levier', 'commune', 'B', 2024, '', 0.25, 25, 100, 0.25),
 (7, 'montant_prive', 'commune', 'B', 2024, '', 25, 25, NULL, 25),
 (7, 'montant_public', 'commune', 'B', 2024, '', 100, 100, NULL, 100);" || fail "cells"
"$OBS" indicators check --base "$DB" > "$WORK/data.txt" 2>&1 || { cat "$WORK/data.txt"; fail "declarations on consistent cells"; }
grep -q "déclarations construit_de : 4 cellules comparées dans l'exécution 7, 0 erreur$" "$WORK/data.txt" \
    || { cat "$WORK/data.txt"; fail "data check summary"; }
sqlite3 "$DB" "UPDATE indicator_value SET valeur_brute = 101 WHERE indicator = 'montant_public' AND territoire = 'B'"
"$OBS" indicators check --base "$DB" > "$WORK/data2.txt" 2>&1 && fail "a false declaration passes"
grep -q "effet_levier.sql:[0-9]*:1: erreur : construit_de : le denominateur de 1 cellule sur 2 n'est pas « montant_public » (par exemple commune B 2024 «  » : 100.0 au lieu de 101.0)" \
    "$WORK/data2.txt" || { cat "$WORK/data2.txt"; fail "false declaration not named"; }
echo "catalog relations: ok"
