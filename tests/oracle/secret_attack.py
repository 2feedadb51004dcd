#!/usr/bin/env python3
"""Independent attack on obs's statistical secrecy (tests the suppression, not obs).

It plays an outsider who holds the published CSV export and the official
geography, and tries to give back the value of masked cells.  It shares no
code and no SQL with obs: the additive structure is rebuilt here from the
published rows and from datasets/reference, then solved with exact rational
linear algebra.

usage: secret_attack.py PUBLISHED_CSV REFERENCE_DIR [INTERNAL_CSV] [--config OBS_INI]

  --config OBS_INI  composition of the study territories (a report states it,
                    so an attacker knows it); without it they are left out.

Why the linear algebra: obs suppresses so that no additive group holds a
single secret cell, which defeats a single subtraction or a chain of them.  An
attacker may also *combine* equations (add the equations of two groups that
share unknowns and subtract a third...).  A masked cell x_j is pinned down by
the system A x = b (A over the unknowns only, b from the published values)
exactly when the unit vector e_j lies in the row space of A.  With A in reduced
row echelon form that is: some row of the RREF is e_j itself, and its
right-hand side is the value.  The coefficients are small integers, so the
elimination is done with fractions.Fraction: no rounding can hide or invent a
solution.  Non-negativity (interval attacks) is out of scope.

Exit: 0 nothing recoverable; 1 some masked cell recoverable, or (with
INTERNAL_CSV) a cell that the primary rules require to be masked is published;
2 the attack itself is wrong (one of its equations is false on the raw values,
or bad usage).
"""
import csv
import sys
from collections import defaultdict
from fractions import Fraction

# --- What is additive (from the indicator catalog's documentation) ---------
# Counts and sums only: a ratio or a mean of a whole is not the sum of the
# ratios of its parts.  Every establishment, person or financing row belongs to
# one commune, so all of them add up across territories.  Across a breakdown,
# only keys that *partition* the units add up: an establishment has one family
# and one NAF section, a financing row one financeur and one dispositif.  A
# creation financed by several financeurs, or a person followed by several
# dispositifs or in several phases, is counted once in the total but in several
# parts: those breakdowns are not additive and must not be used.
ADDITIVE = {
    "etablissements_ess": {"famille"},
    "etablissements_employeurs_ess": set(),
    "postes_ess": {"famille", "section"},
    "etp_ess": {"famille", "section"},
    "masse_salariale_ess": {"famille", "section"},
    "benevoles_ess": set(),
    "montant_public": {"dispositif", "financeur"},
    "montant_prive": {"dispositif", "financeur"},
    "creations_accompagnees": set(),
    "emplois_crees": set(),
    "creations_financees": set(),      # financeur: not a partition
    "projets_finances": set(),         # financeur: not a partition
    "emplois_projets_finances": set(), # financeur: not a partition
    "porteurs_accompagnes": set(),     # dispositif, phase: not partitions
}
# Primary rule of each indicator family (catalog key "secret"): fewer than 3
# establishments, or fewer than 5 people (support data describe people).
PEOPLE = {"porteurs_accompagnes", "heures_moyennes_accompagnement", "part_50_plus_accompagnes",
          "part_demandeurs_emploi_accompagnes", "part_femmes_accompagnes", "part_moins_26_accompagnes",
          "part_qpv_accompagnes", "part_rsa_accompagnes", "taux_creation", "taux_sortie_positive"}
DOMINANCE = 0.85
TOLERANCE = 1e-9  # relative; published figures are doubles written with 17 digits


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def geography(refdir, config):
    """(parent level, parent code, child level) -> set of child codes."""
    parts = defaultdict(set)
    for row in read_rows(refdir + "/communes.csv"):
        if row["type"] != "commune-actuelle":
            continue  # arrondissements and delegated communes roll up to a current commune
        c = row["code"]
        parts[("departement", row["departement"], "commune")].add(c)
        parts[("region", row["region"], "commune")].add(c)
        parts[("france", "FR", "commune")].add(c)
        if row["epci"]:  # some communes belong to no EPCI
            parts[("epci", row["epci"], "commune")].add(c)
    for row in read_rows(refdir + "/departements.csv"):
        parts[("region", row["region"], "departement")].add(row["code"])
        parts[("france", "FR", "departement")].add(row["code"])
    for row in read_rows(refdir + "/regions.csv"):
        parts[("france", "FR", "region")].add(row["code"])
    # EPCIs are NOT parts of départements: some straddle two.
    if config:
        import configparser
        cp = configparser.ConfigParser()
        cp.read(config, encoding="utf-8")
        epci_communes = {k[1]: v for k, v in parts.items() if k[0] == "epci"}
        for sec in cp.sections():
            if sec.startswith("etude "):
                words = lambda key: cp[sec].get(key, "").replace(",", " ").split()
                coms = set(words("communes"))
                for e in words("epci"):
                    coms |= epci_communes.get(e, set())
                parts[("etude", sec[len("etude "):], "commune")] = coms
    return parts


def num(s):
    return Fraction(s) if s != "" else None


def build_equations(cells, parts):
    """Equations 'total - sum(parts) = 0', each a list of cell keys with +1/-1.

    A cell key is (indicator, niveau, territoire, annee, dimension).  A member
    with no published row is a structural zero (nothing to count there): it is
    left out of the equation.  Equations are grouped in families
    (indicator, kind) so that a family contradicted by published figures can be
    dropped as a whole."""
    present = defaultdict(set)  # (indicator, annee, dimension, niveau) -> territories with a row
    by_terr = defaultdict(set)  # (indicator, niveau, territoire, annee) -> dimensions
    for (ind, niv, terr, year, dim) in cells:
        present[(ind, year, dim, niv)].add(terr)
        by_terr[(ind, niv, terr, year)].add(dim)
    families = defaultdict(list)
    # territory = sum of its parts, same dimension
    for (ind, year, dim, niv), terrs in present.items():
        for (pniv, pcode, cniv), children in parts.items():
            if pniv != niv or pcode not in terrs:
                continue
            kids = sorted(present.get((ind, year, dim, cniv), set()) & children)
            members = [((ind, niv, pcode, year, dim), 1)] + [((ind, cniv, k, year, dim), -1) for k in kids]
            families[(ind, "%s=sum(%s)" % (pniv, cniv))].append(members)
    # total without breakdown = sum of its breakdown, one key at a time
    for (ind, niv, terr, year), dims in by_terr.items():
        keys = defaultdict(list)
        for d in dims:
            if d and ";" not in d:
                keys[d.split("=", 1)[0]].append(d)
        for key, ds in keys.items():
            if key not in ADDITIVE[ind]:
                continue
            members = [((ind, niv, terr, year, ""), 1)] + [((ind, niv, terr, year, d), -1) for d in sorted(ds)]
            families[(ind, "total=sum(%s)" % key)].append(members)
        # two-key cells (financeur=X;dispositif=Y): along one key they add up
        # to the one-key cell of the other (financeur=X)
        along = defaultdict(list)
        for d in dims:
            if d.count(";") == 1:
                a, b = d.split(";")
                if a.split("=", 1)[0] in ADDITIVE[ind] and b.split("=", 1)[0] in ADDITIVE[ind]:
                    along[(a, b.split("=", 1)[0])].append(d)
                    along[(b, a.split("=", 1)[0])].append(d)
        for (fixed, key), ds in along.items():
            if fixed not in dims:
                continue
            members = [((ind, niv, terr, year, fixed), 1)] + [((ind, niv, terr, year, d), -1) for d in sorted(ds)]
            families[(ind, "%s=sum(%s)" % (fixed.split("=", 1)[0], key))].append(members)
    return families


def holds(members, values):
    total = sum(c * values[k] for k, c in members)
    scale = sum(abs(values[k]) for k, _ in members)
    return abs(total) <= TOLERANCE * max(scale, 1)


def solve_component(eqs):
    """eqs: list of (index, {unknown: coef}, rhs).  Returns {unknown: (value,
    {equation index: multiplier})} for the unknowns the system determines, via
    a sparse reduced row echelon form.  Each row keeps the combination of
    original equations it is made of: that is the proof of a leak."""
    def axpy(dst, f, src, skip=None):  # dst -= f * src
        for u, c in src.items():
            if u != skip:
                dst[u] = dst.get(u, 0) - f * c
                if dst[u] == 0:
                    del dst[u]

    pivots = {}  # pivot unknown -> [row, rhs, comb]; rows stay reduced w.r.t. all other pivots
    for i, row, rhs in eqs:
        row, comb = dict(row), {i: Fraction(1)}
        for p in [u for u in row if u in pivots]:
            f = row.pop(p)
            prow, prhs, pcomb = pivots[p]
            axpy(row, f, prow, skip=p)
            axpy(comb, f, pcomb)
            rhs -= f * prhs
        if not row:
            continue  # redundant (its rhs is ~0 up to the rounding of published doubles)
        p = min(row)
        f = row[p]
        row = {u: c / f for u, c in row.items()}
        comb = {j: c / f for j, c in comb.items()}
        rhs /= f
        for entry in pivots.values():  # keep the form reduced: remove p from the other rows
            g = entry[0].pop(p, 0)
            if g:
                axpy(entry[0], g, row, skip=p)
                axpy(entry[2], g, comb)
                entry[1] -= g * rhs
        pivots[p] = [row, rhs, comb]
    return {p: (rhs, comb) for p, (row, rhs, comb) in pivots.items() if len(row) == 1}


def components(eqs):
    parent = {}

    def find(u):
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u
    for _, row, _ in eqs:
        us = list(row)
        for u in us[1:]:
            parent[find(u)] = find(us[0])
    groups = defaultdict(list)
    for eq in eqs:
        groups[find(next(iter(eq[1])))].append(eq)
    return list(groups.values())


def name(k):
    ind, niv, terr, year, dim = k
    return "%s %s:%s %s%s" % (ind, niv, terr, year, " [%s]" % dim if dim else "")


def sign(c):
    return ("+" if c > 0 else "-") + ("" if abs(c) == 1 else str(abs(c)) + "*")


def group(eq):
    """The equation of a group, named by its first member (the total)."""
    (ind, kind), members = eq
    _, niv, terr, year, dim = members[0][0]
    return "%s %s %s:%s%s %s" % (ind, year, niv, terr, "[%s]" % dim if dim else "", kind)


def attack(rows, parts):
    """Rebuilds the equations from the published rows and solves them.
    Returns (cells, kept equations, system over unknowns, components, found)."""
    # known (published) values and unknowns (masked cells) of additive indicators
    cells = {}
    for r in rows:
        if r["indicator"] in ADDITIVE:
            k = (r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"])
            cells[k] = None if r["secret"] == "1" else num(r["valeur"])
    families = build_equations(cells, parts)

    # Empirical check of additivity: a family contradicted by an equation whose
    # members are all published is not additive (or the geography differs):
    # an attacker would not use it either.
    kept = []
    for fam, eqs in sorted(families.items()):
        bad = [m for m in eqs if all(cells[k] is not None for k, _ in m) and not holds(m, cells)]
        if bad:
            print("not additive, dropped: %s %s (%d of %d equations contradicted, e.g. %s)"
                  % (fam[0], fam[1], len(bad), len(eqs), name(bad[0][0][0])))
        else:
            kept += [(fam, m) for m in eqs]

    # the system restricted to the unknowns: sum(c * x_unknown) = -sum(c * known)
    system = []
    for i, (fam, m) in enumerate(kept):
        row, rhs = {}, Fraction(0)
        for k, c in m:
            if cells[k] is None:
                row[k] = row.get(k, 0) + c
            else:
                rhs -= c * cells[k]
        row = {k: c for k, c in row.items() if c}
        if row:
            system.append((i, row, rhs))
    comps = components(system)  # unknowns linked by equations; solved apart
    found = {}
    for comp in comps:
        found.update(solve_component(comp))

    return cells, kept, system, comps, found


def main(argv):
    args, config = [], None
    it = iter(argv)
    for a in it:
        if a == "--config":
            config = next(it, None)
        else:
            args.append(a)
    if len(args) not in (2, 3):
        print(__doc__.split("\n\n")[2], file=sys.stderr)
        return 2
    rows = read_rows(args[0])
    if "valeur_brute_interne" in rows[0]:
        print("secret_attack: %s is an internal export, the attack needs the published one" % args[0])
        return 2
    parts = geography(args[1], config)

    cells, kept, system, comps, found = attack(rows, parts)
    n_masked = sum(r["secret"] == "1" for r in rows)
    n_unknown = len({k for _, row, _ in system for k in row})
    print("published cells: %d, masked: %d (%d in additive tables, %d of them in some equation)"
          % (len(rows), n_masked, sum(v is None for v in cells.values()), n_unknown))
    print("equations: %d (%d with masked cells), components: %d, recoverable: %d"
          % (len(kept), len(system), len(comps), len(found)))
    for k in sorted(found):
        value, comb = found[k]
        proof = " ".join("%s(%s)" % (sign(c), group(kept[j])) for j, c in sorted(comb.items()))
        print("RECOVERABLE: %s = %s  by %s" % (name(k), float(value), proof))
    rc = 1 if found else 0

    if len(args) == 3:
        rc = max(rc, check_internal(args[2], rows, kept, found))
    return rc


def check_internal(path, published, kept, found):
    """Self-test of the attack and check of the primary rules, on raw values."""
    internal = read_rows(path)
    raw = {}
    for r in internal:
        k = (r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"])
        raw[k] = num(r["valeur_brute_interne"] or r["valeur"] or "0")
    rc = 0
    # (a) primary rules: frequency from n_unites; dominance needs part_max
    pub = {(r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"]): r["secret"]
           for r in published}
    small = 0
    for r in internal:
        k = (r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"])
        n = r.get("n_unites", "")
        limit = 5 if r["indicator"] in PEOPLE else 3
        if n != "" and float(n) < limit:
            small += 1
            if pub.get(k) != "1":
                print("PUBLISHED SMALL CELL: %s has %s units" % (name(k), n))
                rc = 1
        pm = r.get("part_max", "")
        if pm != "" and r["indicator"] not in PEOPLE and float(pm) > DOMINANCE and pub.get(k) != "1":
            print("PUBLISHED DOMINATED CELL: %s, largest share %s" % (name(k), pm))
            rc = 1
    print("internal: %d cells under the frequency threshold, all masked: %s; dominance %s"
          % (small, "yes" if rc == 0 else "NO",
             "checked" if "part_max" in internal[0] else "not checkable (no part_max column)"))
    # (b) every equation the attack used must hold on the raw values
    wrong = [(fam, m) for fam, m in kept if not holds(m, raw)]
    for fam, m in wrong[:10]:
        print("ATTACK BUG: equation %s %s false on raw values: %s"
              % (fam[0], fam[1], " ".join("%+d*%s" % (c, name(k)) for k, c in m)))
    for k, (v, _) in sorted(found.items()):
        # published figures are doubles: a value recovered as 3.7e-09 is a zero
        if abs(float(v) - float(raw[k])) > max(1e-6, TOLERANCE * abs(float(raw[k]))):
            print("ATTACK BUG: %s recovered as %s, raw %s" % (name(k), float(v), float(raw[k])))
            wrong.append(k)
    print("self-test: %d equations checked on raw values, %d false" % (len(kept), len(wrong)))
    return 2 if wrong else rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
