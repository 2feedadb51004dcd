#!/usr/bin/env python3
"""Tests of the outside attacker on hand-built tiny exports.

Each test writes a public export, the internal one (raw values) and a tiny
geography (one region R, one département D, one EPCI E of six communes
C1..C6), runs outsider_attack.py and checks that the cell it must give back is
given back with its true value, by the expected family of relations -- or,
for the negative controls, that nothing is given back.

usage: outsider_attack_test.py      (exit 0 when every test passes)
"""
import csv
import io
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import outsider_attack  # noqa: E402

HEADER = ["run_id", "indicator", "niveau", "territoire", "annee", "dimension", "valeur", "numerateur",
          "denominateur", "ic_bas", "ic_haut", "n_unites", "secret"]
COMMUNES = ["C%d" % i for i in range(1, 7)]


class Table:
    """Rows of an export: add(indicator, niveau, territoire, annee, value,
    num, den, units, secret, dim)."""

    def __init__(self):
        self.rows = []

    def add(self, ind, niv, terr, year, v, n="", d="", u="", secret=False, dim=""):
        self.rows.append(dict(indicator=ind, niveau=niv, territoire=terr, annee=str(year), dimension=dim,
                              v=v, n=n, d=d, u=u, secret=secret))

    def write(self, folder):
        pub, internal = os.path.join(folder, "pub.csv"), os.path.join(folder, "int.csv")
        with open(pub, "w", newline="", encoding="utf-8") as f, \
                open(internal, "w", newline="", encoding="utf-8") as g:
            wp, wi = csv.writer(f, lineterminator="\n"), csv.writer(g, lineterminator="\n")
            wp.writerow(HEADER)
            wi.writerow(HEADER + ["valeur_brute_interne"])
            for r in self.rows:
                key = ["1", r["indicator"], r["niveau"], r["territoire"], r["annee"], r["dimension"]]
                figs = [str(r[k]) for k in ("v", "n", "d")] + ["", ""] + [str(r["u"])]
                s = "1" if r["secret"] else "0"
                wp.writerow(key + (["", "", "", "", "", ""] if r["secret"] else figs) + [s])
                wi.writerow(key + (([""] + figs[1:]) if r["secret"] else figs) + [s, str(r["v"])])
        return pub, internal


def geography(folder):
    ref = os.path.join(folder, "ref")
    os.makedirs(ref)
    with open(os.path.join(ref, "communes.csv"), "w", encoding="utf-8") as f:
        f.write("code,nom,type,commune_parent,departement,region,epci,population\n")
        for c in COMMUNES:
            f.write("%s,%s,commune-actuelle,,D,R,E,100\n" % (c, c))
    with open(os.path.join(ref, "departements.csv"), "w", encoding="utf-8") as f:
        f.write("code,nom,region\nD,Dep,R\n")
    with open(os.path.join(ref, "regions.csv"), "w", encoding="utf-8") as f:
        f.write("code,nom\nR,Reg\n")
    return ref


def run(table, *extra):
    with tempfile.TemporaryDirectory() as tmp:
        pub, internal = table.write(tmp)
        out = io.StringIO()
        with redirect_stdout(out):
            rc = outsider_attack.main([pub, geography(tmp), "--internal", internal] + list(extra))
        return rc, out.getvalue()


def recovered(out):
    """{cell name: (value text, family)} from the `cell = value <- family: ...` lines."""
    got = {}
    for line in out.splitlines():
        if " <- " in line and " = " in line.split(" <- ")[0] and not line.startswith("INSIDER"):
            head, rel = line.split(" <- ", 1)
            cell, value = head.rsplit(" = ", 1)
            got[cell] = (float(value), rel.split(":", 1)[0])
        elif " (within 10 %) <- " in line:
            cell = line.split(" in [")[0]
            got[cell] = (None, "bounds")
    return got


def background(t, ind="etablissements_ess", years=(2020, 2021), base=10):
    """Published rows of an additive count on every level (so that additive
    families are confirmed and nothing is secret)."""
    for y in years:
        tot = 0
        for i, c in enumerate(COMMUNES):
            x = base + i + y % 10
            tot += x
            t.add(ind, "commune", c, y, x, x, "", x)
        for niv, code in (("epci", "E"), ("departement", "D"), ("region", "R"), ("france", "FR")):
            t.add(ind, niv, code, y, tot, tot, "", tot)


class Relations(unittest.TestCase):
    def test_additive_hierarchy(self):
        t = Table()
        background(t)
        # 2024: C6 masked, the EPCI published: C6 = E - (C1 + ... + C5)
        xs = [4, 5, 6, 7, 8, 9]
        for c, x in zip(COMMUNES, xs):
            t.add("etablissements_ess", "commune", c, 2024, x, x, "", x, secret=(c == "C6"))
        t.add("etablissements_ess", "epci", "E", 2024, sum(xs), sum(xs), "", sum(xs))
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(rc, 1, out)
        self.assertEqual(got["etablissements_ess commune:C6 2024"], (9.0, "additive"), out)

    def test_additive_breakdown_two_keys(self):
        t = Table()
        # montant_public of C1 in 2024: total, by funder, by funder and programme.
        # F=A;P=X masked; F=A published; F=A;P=Y published: X = A - Y.
        t.add("montant_public", "commune", "C1", 2024, 300.5, 300.5, "", 3)
        t.add("montant_public", "commune", "C1", 2024, 120.25, 120.25, "", 2, dim='financeur="A; B"')
        t.add("montant_public", "commune", "C1", 2024, 180.25, 180.25, "", 1, dim="financeur=C")
        t.add("montant_public", "commune", "C1", 2024, 20.25, 20.25, "", 1, secret=True,
              dim='dispositif=X;financeur="A; B"')
        t.add("montant_public", "commune", "C1", 2024, 100.0, 100.0, "", 1, dim='dispositif=Y;financeur="A; B"')
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(got.get('montant_public commune:C1 2024 [dispositif=X;financeur="A; B"]'),
                         (20.25, "additive"), out)

    def test_bounds_integrality(self):
        t = Table()
        background(t)
        # three masked communes under an EPCI of 3 establishments: each has
        # at least one (its row exists), so each has exactly one
        for c in COMMUNES[:3]:
            t.add("etablissements_ess", "commune", c, 2024, 1, 1, "", 1, secret=True)
        t.add("etablissements_ess", "epci", "E", 2024, 3, 3, "", 3)
        rc, out = run(t)
        got = recovered(out)
        for c in COMMUNES[:3]:
            self.assertEqual(got["etablissements_ess commune:%s 2024" % c], (1.0, "bounds"), out)

    def test_bounds_within_ten_percent(self):
        t = Table()
        # amounts (not whole numbers), all >= 0: C1 = a + b by famille with
        # b = 90 published, so C1 >= 90; E = C1 + C2 + C3 with C2 = 3.5
        # published, so C1 <= 99: [90, 99] is within 10 % of 97
        t.add("masse_salariale_ess", "commune", "C1", 2024, 97.0, 97.0, "", 3, secret=True)
        t.add("masse_salariale_ess", "commune", "C1", 2024, 7.0, 7.0, "", 1, secret=True, dim="famille=a")
        t.add("masse_salariale_ess", "commune", "C1", 2024, 90.0, 90.0, "", 3, dim="famille=b")
        t.add("masse_salariale_ess", "commune", "C2", 2024, 3.5, 3.5, "", 3)
        t.add("masse_salariale_ess", "commune", "C3", 2024, 2.0, 2.0, "", 3, secret=True)
        t.add("masse_salariale_ess", "epci", "E", 2024, 102.5, 102.5, "", 9)
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(rc, 1, out)
        self.assertEqual(got.get("masse_salariale_ess commune:C1 2024"), (None, "bounds"), out)
        self.assertNotIn("masse_salariale_ess commune:C3 2024", got, out)

    def test_columns_and_derived(self):
        t = Table()
        # effet_levier publishes its numerator (montant_prive) and denominator
        # (montant_public): learned on the published rows, then used where
        # montant_public is masked
        k = 0
        for niv, codes in (("commune", COMMUNES), ("epci", ["E"]), ("departement", ["D"])):
            for c in codes:
                for y in (2021, 2022):
                    k += 1
                    pub, pri = 1000.25 + 37 * k, 500.5 + 11 * k
                    t.add("montant_public", niv, c, y, pub, pub, "", 2)
                    t.add("montant_prive", niv, c, y, pri, pri, "", 2)
                    t.add("effet_levier", niv, c, y, pri / pub, pri, pub, 2)
        # a study territory (no parts in this geography)
        t.add("montant_public", "etude", "S", 2024, 1228421.4, 1228421.4, "", 2, secret=True)
        t.add("montant_prive", "etude", "S", 2024, 245684.28, 245684.28, "", 2)
        t.add("effet_levier", "etude", "S", 2024, 0.2, 245684.28, 1228421.4, 2)
        # and a masked leverage where both amounts are published
        t.add("montant_public", "etude", "T", 2024, 2000.0, 2000.0, "", 2)
        t.add("montant_prive", "etude", "T", 2024, 500.0, 500.0, "", 2)
        t.add("effet_levier", "etude", "T", 2024, 0.25, 500.0, 2000.0, 2, secret=True)
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(got.get("montant_public etude:S 2024"), (1228421.4, "columns"), out)
        self.assertEqual(got.get("effet_levier etude:T 2024"), (0.25, "derived"), out)

    def test_equal_indicators(self):
        t = Table()
        k = 0
        for niv, codes in (("commune", COMMUNES), ("epci", ["E"])):
            for c in codes:
                k += 1
                t.add("projets_finances", niv, c, 2022 + (niv == "epci"), k + 2)
                t.add("creations_financees", niv, c, 2022 + (niv == "epci"), k + 2)
        t.add("projets_finances", "etude", "S", 2024, 17)
        t.add("creations_financees", "etude", "S", 2024, 17, secret=True)
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(got.get("creations_financees etude:S 2024"), (17.0, "equal"), out)

    def test_count_at_most_another(self):
        # financed creations among the supported ones: 12 published pairs, 3
        # equal; at commune C1 in 2024 a single supported creation, so its
        # masked count of financed ones (at least 1: the row exists) is 1
        t = Table()
        for k in range(12):
            e = k + 3
            t.add("creations_accompagnees", "commune", COMMUNES[k % 6], 2012 + k, e)
            t.add("creations_financees", "commune", COMMUNES[k % 6], 2012 + k, e if k < 3 else k + 1)
        t.add("creations_accompagnees", "commune", "C1", 2024, 1)
        t.add("creations_financees", "commune", "C1", 2024, 1, secret=True)
        rc, out = run(t)
        got = recovered(out)
        self.assertEqual(got.get("creations_financees commune:C1 2024"), (1.0, "cohort"), out)
        self.assertIn("count inequalities learned: 1 (creations_financees<=creations_accompagnees)", out)

    def test_count_on_a_frame(self):
        # the same for the employers among the ESS establishments, but the
        # catalog declares them on the establishments' frame (-- cadre): a
        # masked count may be 0, so C1's lies in {0, 1}: not given back
        t = Table()
        for k in range(12):
            e = k + 3
            t.add("etablissements_ess", "commune", COMMUNES[k % 6], 2012 + k, e)
            t.add("etablissements_employeurs_ess", "commune", COMMUNES[k % 6], 2012 + k, e if k < 3 else k + 1)
        t.add("etablissements_ess", "commune", "C1", 2024, 1)
        t.add("etablissements_employeurs_ess", "commune", "C1", 2024, 1, secret=True)
        rc, out = run(t)
        got = recovered(out)
        self.assertIn("count inequalities learned: 1 (etablissements_employeurs_ess<=etablissements_ess)", out)
        self.assertIn("counts on a frame (a masked cell may be 0): etablissements_employeurs_ess", out)
        self.assertNotIn("etablissements_employeurs_ess commune:C1 2024", got, out)

    def test_growth_rate_and_cohort(self):
        t = Table()
        # evolution_postes_ess(A) = 100 (postes(A) / postes(A-1) - 1): its
        # numerator is postes(A), its denominator postes(A-1)
        post = {2018: 40, 2019: 44, 2020: 50, 2021: 45, 2022: 60, 2023: 66, 2024: 70}
        for c, f in zip(COMMUNES[:3], (1, 2, 3)):
            for y, p in post.items():
                t.add("postes_ess", "commune", c, y, p * f, p * f, "", 3)
                if y > 2018 and y < 2024:
                    e = 100 * (p / post[y - 1] - 1)
                    t.add("evolution_postes_ess", "commune", c, y, e, p * f, post[y - 1] * f, 3)
        for y, p in post.items():
            t.add("postes_ess", "epci", "E", y, p * 6, p * 6, "", 9)
            if 2018 < y < 2023:
                t.add("evolution_postes_ess", "epci", "E", y, 100 * (post[y] / post[y - 1] - 1),
                      post[y] * 6, post[y - 1] * 6, 9)
        # masked 2024 evolution of C1: postes 2024 and 2023 are published
        t.add("evolution_postes_ess", "commune", "C1", 2024, 100 * (70 / 66 - 1), 70, 66, 3, secret=True)
        # cohort: 3 establishments created in 2019, none left at 3 years, so
        # none at 5 years either: the masked 5-year rate is 0
        for c, y, n3, n5, d in (("A", 2016, 2, 1, 4), ("B", 2016, 3, 2, 5), ("C", 2017, 4, 4, 6),
                                ("D", 2018, 1, 0, 2), ("E", 2016, 7, 3, 9), ("F", 2017, 5, 4, 8)):
            niv = "etude" if c < "D" else "region"
            t.add("perennite_3ans", niv, c, y, 100.0 * n3 / d, n3, d, d)
            t.add("perennite_5ans", niv, c, y, 100.0 * n5 / d, n5, d, d)
        t.add("perennite_3ans", "etude", "G", 2019, 0.0, 0, 3, 3)
        t.add("perennite_5ans", "etude", "G", 2019, 0.0, 0, 3, 3, secret=True)
        rc, out = run(t)
        got = recovered(out)
        self.assertAlmostEqual(got["evolution_postes_ess commune:C1 2024"][0], 100 * (70 / 66 - 1), 9, out)
        self.assertEqual(got.get("perennite_5ans etude:G 2019"), (0.0, "derived"), out)

    def test_insider(self):
        t = Table()
        # all funders of C1: A (masked), B (masked), total published; funder A
        # knows its own cell, hence B's
        t.add("montant_public", "commune", "C1", 2024, 300.5, 300.5, "", 3)
        t.add("montant_public", "commune", "C1", 2024, 120.25, 120.25, "", 2, secret=True, dim="financeur=A")
        t.add("montant_public", "commune", "C1", 2024, 180.25, 180.25, "", 1, secret=True, dim="financeur=B")
        rc, out = run(t)
        self.assertEqual(rc, 0, out)
        rc, out = run(t, "--insider")
        self.assertEqual(rc, 1, out)
        self.assertIn("INSIDER A: montant_public commune:C1 2024 [financeur=B] = 180.25", out)
        self.assertIn("INSIDER B: montant_public commune:C1 2024 [financeur=A] = 120.25", out)
        self.assertIn("insider TOTAL recovered exactly: 2, within 10 %: 0", out)

    def test_insider_own_money_alone_and_a_total_of_several(self):
        t = Table()
        # C1's public funding 100.25 = programme X 70.5 + programme Y 29.75,
        # all masked but the total; X is funded by F alone, Y by G 20.5 and
        # H 9.25.  F knows its part of X, hence X (its money alone: not a
        # leak), hence Y = 100.25 - 70.5, the sum of G's and H's parts: a
        # leak.  G (or H) knowing its part of Y learns nothing else.
        t.add("montant_public", "commune", "C1", 2024, 100.25, 100.25, "", 3)
        t.add("montant_public", "commune", "C1", 2024, 70.5, 70.5, "", 1, secret=True, dim="dispositif=X")
        t.add("montant_public", "commune", "C1", 2024, 29.75, 29.75, "", 2, secret=True, dim="dispositif=Y")
        t.add("montant_public", "commune", "C1", 2024, 70.5, 70.5, "", 1, secret=True,
              dim="dispositif=X;financeur=F")
        t.add("montant_public", "commune", "C1", 2024, 20.5, 20.5, "", 1, secret=True,
              dim="dispositif=Y;financeur=G")
        t.add("montant_public", "commune", "C1", 2024, 9.25, 9.25, "", 1, secret=True,
              dim="dispositif=Y;financeur=H")
        rc, out = run(t)
        self.assertEqual(rc, 0, out)
        rc, out = run(t, "--insider")
        self.assertEqual(rc, 1, out)
        self.assertIn("insider F: own cells 1, masked cells of its money alone 1,", out)
        self.assertIn("INSIDER F: montant_public commune:C1 2024 [dispositif=Y] = 29.75"
                      " (no funder: total of several funders)", out)
        self.assertNotIn("[dispositif=X] =", out)
        self.assertIn("insider TOTAL recovered exactly: 1, within 10 %: 0", out)

    def test_insider_money_alone_only_where_the_parts_add_up(self):
        t = Table()
        background(t, ind="projets_finances")
        # 2024: projects of C1 (10, masked) and C2..C6 (published), E = 40
        # masked. Every project is funded by F, some by G or H too (a
        # project counts under each of its funders): C1 = F 10 + H 2 masked,
        # G 4 published; E = F 40 masked, G 9 and H 2 published. E's hidden
        # parts are all F's, but 40 + 9 + 2 is not 40: F cannot tell E from
        # its part; E is not a cell of its money alone (the old reading
        # counted it as one, and C1 = E - 30 would then be F's to read).
        for c, x in zip(COMMUNES, [10, 4, 5, 6, 7, 8]):
            t.add("projets_finances", "commune", c, 2024, x, x, "", x, secret=(c == "C1"))
        t.add("projets_finances", "epci", "E", 2024, 40, 40, "", 40, secret=True)
        t.add("projets_finances", "commune", "C1", 2024, 10, 10, "", 10, secret=True, dim="financeur=F")
        t.add("projets_finances", "commune", "C1", 2024, 2, 2, "", 2, secret=True, dim="financeur=H")
        t.add("projets_finances", "commune", "C1", 2024, 4, 4, "", 4, dim="financeur=G")
        t.add("projets_finances", "epci", "E", 2024, 40, 40, "", 40, secret=True, dim="financeur=F")
        t.add("projets_finances", "epci", "E", 2024, 9, 9, "", 9, dim="financeur=G")
        t.add("projets_finances", "epci", "E", 2024, 2, 2, "", 2, dim="financeur=H")
        rc, out = run(t, "--insider")
        self.assertIn("insider F: own cells 2, masked cells of its money alone 0,", out)
        self.assertNotIn("INSIDER F:", out)
        self.assertIn("insider TOTAL recovered exactly: 0, within 10 %: 0", out)

    def test_insider_ratio_of_its_money_alone(self):
        t = Table()
        # private funding of C1: 100.5 = X 70.5 (F alone) + Y 30 (G 20, H
        # 10), all masked but the total; public funding of X 30 and Y 12
        # published; the leverage (construit_de: montant_prive /
        # montant_public) of X (2.35) and Y (2.5) masked, C2's published.  F
        # knows X, hence X's leverage (its money alone over a published
        # figure: not a leak), and gets Y = 30 and Y's leverage back: two
        # leaks.
        t.add("montant_prive", "commune", "C1", 2024, 100.5, 100.5, "", 3)
        t.add("montant_prive", "commune", "C1", 2024, 70.5, 70.5, "", 1, secret=True, dim="dispositif=X")
        t.add("montant_prive", "commune", "C1", 2024, 30.0, 30.0, "", 2, secret=True, dim="dispositif=Y")
        t.add("montant_prive", "commune", "C1", 2024, 70.5, 70.5, "", 1, secret=True,
              dim="dispositif=X;financeur=F")
        t.add("montant_prive", "commune", "C1", 2024, 20.0, 20.0, "", 1, secret=True,
              dim="dispositif=Y;financeur=G")
        t.add("montant_prive", "commune", "C1", 2024, 10.0, 10.0, "", 1, secret=True,
              dim="dispositif=Y;financeur=H")
        t.add("montant_public", "commune", "C1", 2024, 30.0, 30.0, "", 1, dim="dispositif=X")
        t.add("montant_public", "commune", "C1", 2024, 12.0, 12.0, "", 1, dim="dispositif=Y")
        t.add("effet_levier", "commune", "C1", 2024, 2.35, secret=True, dim="dispositif=X")
        t.add("effet_levier", "commune", "C1", 2024, 2.5, secret=True, dim="dispositif=Y")
        t.add("montant_prive", "commune", "C2", 2024, 50.5, 50.5, "", 3)
        t.add("montant_public", "commune", "C2", 2024, 20.0, 20.0, "", 3)
        t.add("effet_levier", "commune", "C2", 2024, 2.525)
        rc, out = run(t)
        self.assertEqual(rc, 0, out)
        rc, out = run(t, "--insider")
        self.assertEqual(rc, 1, out)
        self.assertIn("INSIDER F: effet_levier commune:C1 2024 [dispositif=Y] = 2.5", out)
        self.assertIn("INSIDER F: montant_prive commune:C1 2024 [dispositif=Y] = 30.0", out)
        self.assertNotIn("[dispositif=X] =", out)
        self.assertIn("insider TOTAL recovered exactly: 2, within 10 %: 0", out)


class Controls(unittest.TestCase):
    def test_nothing_to_recover(self):
        t = Table()
        background(t, ind="masse_salariale_ess")
        # two masked amounts under a published total: any split is possible
        t.add("masse_salariale_ess", "commune", "C1", 2024, 40.5, 40.5, "", 3, secret=True)
        t.add("masse_salariale_ess", "commune", "C2", 2024, 60.0, 60.0, "", 3, secret=True)
        t.add("masse_salariale_ess", "epci", "E", 2024, 100.5, 100.5, "", 6)
        rc, out = run(t, "--insider")
        self.assertEqual(rc, 0, out)
        self.assertIn("outsider TOTAL        recovered exactly: 0, within 10 %: 0", out)
        self.assertIn("insider TOTAL recovered exactly: 0, within 10 %: 0", out)

    def test_self_check_catches_a_false_relation(self):
        t = Table()
        background(t)
        xs = [4, 5, 6, 7, 8, 9]
        for c, x in zip(COMMUNES, xs):
            t.add("etablissements_ess", "commune", c, 2024, x, x, "", x, secret=(c == "C6"))
        t.add("etablissements_ess", "epci", "E", 2024, sum(xs), sum(xs), "", sum(xs))
        t.rows[-2]["v"] = 10  # the raw value of C6 no longer adds up
        rc, out = run(t)
        self.assertEqual(rc, 2, out)
        self.assertIn("ATTACK BUG", out)


if __name__ == "__main__":
    unittest.main(verbosity=1)
