#!/usr/bin/env python3
"""Compares obs's export (contract CSV; the internal export's raw values of
secret cells when present) with oracle.py's
expected values: every expected cell must be exported with a relative
difference below 1e-9 (valeur and, where expected, the interval bounds).
Exported cells the oracle does not know must be zero-valued (a territory
with nothing to count). Prints one line per problem (at most 30) and a summary;
exits 1 on any problem.

usage: compare.py expected.csv exported.csv
"""
import csv
import sys

TOL = 1e-9


def close(a, b):
    return abs(a - b) <= TOL * max(abs(a), abs(b)) or abs(a - b) < 1e-12


def main():
    expected, exported = sys.argv[1], sys.argv[2]
    exp = {}
    with open(expected, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            exp[(r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"])] = r
    got = {}
    with open(exported, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            got[(r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"])] = r
    indicators = {k[0] for k in exp}
    years = {k[3] for k in exp}
    problems = []
    for key, e in sorted(exp.items()):
        g = got.get(key)
        if g is None:
            problems.append("missing %s" % (key,))
            continue
        if "valeur_brute_interne" in g:  # the internal export carries secret cells' values
            g = dict(g, valeur=g["valeur_brute_interne"])
        for col in ("valeur", "ic_bas", "ic_haut"):
            if e[col] == "":
                continue
            if g[col] == "":
                problems.append("%s %s: expected %s, exported empty" % (key, col, e[col]))
            elif not close(float(e[col]), float(g[col])):
                problems.append("%s %s: expected %s, exported %s" % (key, col, e[col], g[col]))
    for key, g in sorted(got.items()):
        if key[0] in indicators and key[3] in years and key not in exp:
            v = g.get("valeur_brute_interne", g["valeur"])
            if v != "" and float(v) != 0.0:
                problems.append("unexpected %s = %s" % (key, v))
    for p in problems[:30]:
        print(p)
    print("oracle comparison: %d expected cells, %d indicators, %d problems" %
          (len(exp), len(indicators), len(problems)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
