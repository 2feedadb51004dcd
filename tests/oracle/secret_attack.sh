#!/bin/sh
# Statistical secrecy, acceptance by an INDEPENDENT attack (make secret-attack,
# and in make test through tests/e2e/secret_attack.sh): on datasets obs has
# never seen (gen_independent.py, whose configuration asks for the protection
# against combinations of groups), after init + load + compute,
# obs audit-secret --combinaisons passes, every cell under the frequency threshold is
# masked, and tests/oracle/secret_attack.py -- which rebuilds the additive
# structure from the published rows and the geography and solves it exactly --
# gives back no masked value.  A negative control proves the attack bites: one
# masked cell of a group holding exactly two is given back, and the attack must
# then name the other one, with its raw value.
# Environment: OBS (binary), WORK (scratch folder), SRC (source tree).
set -u
if ! command -v python3 >/dev/null 2>&1; then echo "skipped: python3 not installed"; exit 0; fi
fail() { echo "FAIL: $*"; exit 1; }
ATTACK="$SRC/tests/oracle/secret_attack.py"
REF="$SRC/datasets/reference"
leaks=0 cells=0 masked=0 eqs=0

for seed in 20241124 7; do
    D="$WORK/attack-$seed"
    python3 "$SRC/tests/oracle/gen_independent.py" "$seed" "$D" "$REF" || fail "generator, seed $seed"
    DB="$D/obs.sqlite"
    INI="$D/obs.ini"
    "$OBS" init "$DB" --config "$INI" > "$D/init.txt" 2>&1 || { cat "$D/init.txt"; fail "init, seed $seed"; }
    "$OBS" load "$DB" --config "$INI" "$D/data" > "$D/load.txt" 2>&1 || { cat "$D/load.txt"; fail "load, seed $seed"; }
    "$OBS" compute "$DB" --config "$INI" > "$D/compute.txt" 2>&1 || { cat "$D/compute.txt"; fail "compute, seed $seed"; }
    "$OBS" audit-secret "$DB" --combinaisons > "$D/audit.txt" 2>&1 || { cat "$D/audit.txt"; fail "audit-secret, seed $seed"; }
    echo "seed $seed: $(tail -1 "$D/audit.txt")"
    "$OBS" export "$DB" --csv > "$D/pub.csv" || fail "export, seed $seed"
    "$OBS" export "$DB" --csv --internal > "$D/int.csv" || fail "internal export, seed $seed"

    # The attacker checks the frequency rule on every cell with n_unites.
    # Counts of the public SIRENE register are published as they are
    # (docs/confidentiality.md, section 0): their n_unites is left out of the
    # copy the attacker checks the rule on (outside their confidential
    # dimensions), as the run's indicator_meta declares them.
    python3 -B - "$DB" "$D/int.csv" "$D/int-rules.csv" <<'EOF' || fail "internal export for the rule check, seed $seed"
import csv, sqlite3, sys
db, src, out = sys.argv[1:]
con = sqlite3.connect(db)
public = {}
for ind, dims in con.execute("SELECT indicator, coalesce(dimensions_confidentielles, '') FROM indicator_meta"
                             " WHERE run_id = (SELECT max(run_id) FROM indicator_value)"
                             " AND confidentialite = 'public_sirene'"):
    public[ind] = {d.strip() for d in dims.split(",") if d.strip()}
with open(src, encoding="utf-8", newline="") as f, open(out, "w", encoding="utf-8", newline="") as g:
    r = csv.DictReader(f)
    w = csv.DictWriter(g, fieldnames=r.fieldnames, lineterminator="\n")
    w.writeheader()
    for row in r:
        if row["indicator"] in public and row["dimension"] not in public[row["indicator"]]:
            row["n_unites"] = ""
        w.writerow(row)
EOF

    # The attack on obs's real output.  --config: the composition of the study
    # territories is public (the reports state it).
    python3 "$ATTACK" "$D/pub.csv" "$REF" "$D/int-rules.csv" --config "$INI" > "$D/attack.txt" 2>&1
    rc=$?
    grep -v "^RECOVERABLE:" "$D/attack.txt" | sed "s/^/  /"
    [ "$rc" -ne 2 ] || fail "the attack's own equations are wrong (self-test), seed $seed"
    grep -q "all masked: yes" "$D/attack.txt" || fail "a cell under the frequency threshold is published, seed $seed"
    n=$(grep -c "^RECOVERABLE:" "$D/attack.txt")
    if [ "$n" -gt 0 ]; then
        echo "  LEAK: $n masked cells recoverable from the published rows, e.g.:"
        grep "^RECOVERABLE:" "$D/attack.txt" | head -5 | sed "s/^/    /"
        echo "  (all of them: $D/attack.txt)"
    fi
    leaks=$((leaks + n))
    cells=$((cells + $(sed -n 's/^published cells: \([0-9]*\), masked: \([0-9]*\).*/\1/p' "$D/attack.txt")))
    masked=$((masked + $(sed -n 's/^published cells: \([0-9]*\), masked: \([0-9]*\).*/\2/p' "$D/attack.txt")))
    eqs=$((eqs + $(sed -n 's/^equations: \([0-9]*\).*/\1/p' "$D/attack.txt")))

    # Negative control: in a group with exactly two masked cells, neither of
    # them recoverable already, publish one (its raw value from the internal
    # export); the attack must then recover the other.
    python3 -B - "$ATTACK" "$D/pub.csv" "$D/int.csv" "$REF" "$INI" "$D/tampered.csv" > "$D/control.txt" <<'EOF' \
        || fail "negative control: no group with exactly two masked cells, seed $seed"
import csv, os, sys
attack_py, pub, internal, ref, ini, out = sys.argv[1:]
sys.path.insert(0, os.path.dirname(attack_py))
import secret_attack as sa
rows = sa.read_rows(pub)
cells, kept, system, comps, found = sa.attack(rows, sa.geography(ref, ini))
raw = {(r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"]): r["valeur_brute_interne"]
       for r in sa.read_rows(internal)}
pairs = sorted(sorted(row) for _, row, _ in system if len(row) == 2 and not set(row) & set(found))
if not pairs:
    sys.exit(1)
given, other = pairs[0]
for r in rows:
    if (r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"]) == given:
        r["valeur"], r["secret"] = raw[given], "0"
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print("given back: %s = %s" % (sa.name(given), raw[given]))
print("expected: %s = %s" % (sa.name(other), raw[other]))
EOF
    expected=$(sed -n 's/^expected: \(.*\) = .*/\1/p' "$D/control.txt")
    want=$(sed -n 's/^expected: .* = //p' "$D/control.txt")
    python3 "$ATTACK" "$D/tampered.csv" "$REF" --config "$INI" > "$D/control_attack.txt" 2>&1
    rc=$?
    [ "$rc" -eq 1 ] || { cat "$D/control_attack.txt"; fail "negative control: attack exit $rc, 1 expected, seed $seed"; }
    got=$(grep -F "RECOVERABLE: $expected = " "$D/control_attack.txt" | sed 's/^RECOVERABLE: .* = \([^ ]*\) .*/\1/')
    [ -n "$got" ] || { cat "$D/control.txt"; fail "negative control: the partner cell was not recovered, seed $seed"; }
    awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; m = b < 0 ? -b : b; exit !(d <= 1e-9 * (m > 1 ? m : 1)) }' \
        || fail "negative control: $expected recovered as $got, raw value $want, seed $seed"
    echo "  negative control: $(head -1 "$D/control.txt") -> recovered $expected = $got"
done

[ "$leaks" -eq 0 ] || fail "$leaks masked cells recoverable by combining additive equations (see above)"
echo "secret attack ok: $cells published cells, $masked masked, $eqs equations, 0 recoverable, negative control recovered its cell on 2 seeds"
