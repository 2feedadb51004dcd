#!/usr/bin/env python3
"""An outside attacker of obs's statistical secrecy, independent of obs.

usage: outsider_attack.py PUBLIC_CSV REFERENCE_DIR [--internal INTERNAL_CSV]
                          [--config OBS_INI] [--insider] [--quiet] [--max-print N]
                          [--budget SECONDS]

  PUBLIC_CSV      `obs export --csv` (the published figures)
  REFERENCE_DIR   the public geography (datasets/reference)
  --internal      `obs export --csv --internal`: a relation learned from equal or
                  ordered values and false on the raw values is left out (a
                  coincidence of the published rows),
                  and each recovered value is checked against the raw one (the
                  self-check)
  --config        obs.ini: the study territories' composition (the reports state it)
  --budget        time given to the interval propagation in each round (120 s)
  --max-print     print at most N recovered cells (the counts stay complete)
  --insider       also play each funder, who knows its own cells (every cell of its
                  financeur=... breakdown, taken from the internal export)

From the published rows only, it learns the relations an outsider can use
(territories and breakdowns that add up, the numerateur / denominateur /
n_unites columns equal to other figures, equal indicators, ratios, means,
evolutions and growth rates, survivors of a generation, a count at most
another on the same cell (employers among establishments), the ratios the catalog
declares with construit_de in indicators/catalog), then recovers masked
cells by exact substitution, interval bounds with integrality propagated to a
fixed point, and exact rational linear combinations.  Each recovered cell is
printed as `cell = value <- family: relation [cells used]`.

Exit: 0 nothing recovered; 1 some masked cell recovered (exactly or within
10 %); 2 the attack is wrong (one of its relations is false on the raw values,
a recovered value differs from the raw one) or bad usage.
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from attack_data import Export, read_rows, read_internal, name, split_dimension, encode_pair  # noqa: E402
import attack_learn as learn  # noqa: E402
from attack_learn import holds  # noqa: E402
from attack_solve import Solver  # noqa: E402
from secret_attack import geography  # noqa: E402

FAMILIES = ("additive", "columns", "equal", "derived", "cohort", "bounds", "combination")
WITHIN = 0.10


def build(ex, refdir, config, log):
    t = time.time()
    derived, der_rels = learn.learn_derived(ex)
    log("derived indicators learned: %d (%s)" % (len(derived), ", ".join(
        "%s=%s/%g" % (k, f, p) for k, (f, p) in sorted(derived.items()))))
    catalog = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "indicators", "catalog")
    declared, decl_rels = learn.learn_declared(ex, learn.read_declared(catalog))
    log("declared ratios learned: %d (%s)" % (len(declared), ", ".join(sorted(declared))))
    equal, eq_rels = learn.learn_equalities(ex)
    log("equalities learned: %d, relations: %d" % (len(equal), len(eq_rels)))
    skip = {(k[0], k[1]) for k, k2, m in equal if m == "same" and k[0] == k2[0] and k[1] != "v"}
    parts = learn.add_epci_parts(geography(refdir, config))
    # a growth rate's numerator and denominator are another indicator's values
    # in other years, and its rows exist only where both do: not additive
    growth = {k for k, (f, p) in derived.items() if f == "growth"}
    kept, dropped, add_rels = learn.additive_relations(ex, parts, skip, growth)
    log("additive families kept: %d, dropped: %d, relations: %d" % (len(kept), len(dropped), len(add_rels)))
    cohort, co_rels = learn.cohort_relations(ex, derived, equal)
    log("cohort inequalities learned: %d, relations: %d" % (len(cohort), len(co_rels)))
    flows, fl_rels = learn.flow_relations(ex)
    log("stocks and flows learned: %d (%s), relations: %d" % (len(flows), ", ".join(
        "%s.%s+%s" % f for f in flows), len(fl_rels)))
    co_rels += fl_rels
    subsets, sub_rels = learn.subset_relations(ex)
    log("count inequalities learned: %d (%s), relations: %d" % (len(subsets), ", ".join(
        "%s<=%s" % p for p in subsets), len(sub_rels)))

    framed = learn.read_frames(catalog)
    log("counts on a frame (a masked cell may be 0): %s" % (", ".join(sorted(framed)) or "none"))
    integral, lower = learn.integrality(ex, framed)
    log("relations built in %.1f s" % (time.time() - t))
    # the declared ratios first in the list, so last in the substitution's
    # work list: a cell other relations give back is named by them
    # and the count inequalities at the head of the bounds' first sweep: cheap,
    # and with a budget the sweep may not reach the end of the list
    return sub_rels + decl_rels + add_rels + eq_rels + der_rels + co_rels, integral, lower


def drop_false(rels, raw, log):
    """Leaves out every relation learned from equal or ordered values
    (family and label; not the additive groups, which the catalog declares:
    one of them false is an attack bug, for the self-check) one of whose
    relations is false on the raw values: on a small dataset a coincidence
    (one commune holding all of France's funding) looks like a rule, and
    what it gives back is no leak (a wrong value)."""
    from collections import Counter
    false = Counter()
    for r in rels:
        if r[1] != "additive" and holds(r, raw) is False:
            false[(r[1], r[2])] += 1
    for (fam, label), k in sorted(false.items()):
        log("relations left out, false on raw values: %s %s (%d)" % (fam, label, k))
    return [r for r in rels if (r[1], r[2]) not in false]


def solve(s, log, rounds=4, budget=120.0):
    t = time.time()
    for rnd in range(rounds):
        a = s.peel()
        b = s.bounds(budget=budget)
        c, skipped = s.combinations()
        log("round %d: substitution %d, bounds %d, combinations %d (%d components too large)"
            % (rnd + 1, a, b, c, skipped))
        if b + c == 0:
            break
    log("solved in %.1f s" % (time.time() - t))


def used(s, i, q):
    r = s.rels[i]
    from attack_solve import members
    ms = [m for m in members(r) if m != q]
    shown = ", ".join(name(m) for m in ms[:4]) + (", ... (%d cells)" % len(ms) if len(ms) > 4 else "")
    return "%s [%s]" % (r[2], shown)


def explain(s, q):
    """`family: relation [cells used]` for a recovered quantity."""
    rq = s.r(q)
    fam = s.family(q)
    o = s.origin.get(rq)
    if o is None or o[1] < 0:
        how = "own figure" if o else "published as %s" % name(rq)
        return "%s: %s" % (fam, how if rq != q else "published")
    text = used(s, o[1], rq)
    if rq != q:
        text += " (equal to %s)" % name(rq)
    return "%s: %s" % (fam, text)


def leaks(s, ex, skip=()):
    """Masked cells recovered: exactly (value known) or within 10 % (interval);
    skip: representatives of quantities not to count."""
    exact, near = {}, {}
    for c in ex.masked:
        q = c + ("v",)
        if q in skip or s.r(q) in skip:
            continue
        rq = s.r(q)
        if rq in s.known:
            exact[c] = s.known[rq]
        else:
            lo, hi = s.lo.get(rq), s.hi.get(rq)
            if lo is not None and hi is not None and 0 < lo <= hi < float("inf") and hi <= lo * (1 + WITHIN) / (1 - WITHIN):
                near[c] = (lo, hi)
    return exact, near


def family_of(s, c, exact):
    q = c + ("v",)
    if c in exact:
        return s.origin[q][0]
    return "bounds"


def check(s, ex, raw, exact, near, log):
    """The self-check on raw values; returns (wrong count, exact confirmed, near confirmed)."""
    wrong = 0
    from collections import Counter
    labels = Counter()
    for r in s.orig_rels:
        if holds(r, raw) is False:
            labels[(r[1], r[2])] += 1
            if wrong < 10:
                log("ATTACK BUG: relation %s %s false on raw values: %s" % (r[1], r[2], ", ".join(
                    "%s=%r" % (name(q), raw.get(q)) for q in __import__("attack_solve").members(r)[:6])))
            wrong += 1
    for (fam, label), k in labels.most_common():
        log("ATTACK BUG: %d relations %s: %s false on raw values" % (k, fam, label))
    ok_exact, ok_near = {}, {}
    for c, x in exact.items():
        t = raw.get(c + ("v",))
        if t is None:
            continue
        if abs(x - t) <= 1e-6 * max(1.0, abs(t)):
            ok_exact[c] = x
        else:
            if wrong < 20:
                log("ATTACK BUG: %s recovered as %r, raw %r" % (name(c), x, t))
            wrong += 1
    for c, (lo, hi) in near.items():
        t = raw.get(c + ("v",))
        if t is None:
            continue
        if lo > t + 1e-6 * max(1, abs(t)) or hi < t - 1e-6 * max(1, abs(t)):
            if wrong < 20:
                log("ATTACK BUG: %s bounded in [%r, %r], raw %r" % (name(c), lo, hi, t))
            wrong += 1
        elif lo >= (1 - WITHIN) * t - 1e-9 and hi <= (1 + WITHIN) * t + 1e-9:
            ok_near[c] = (lo, hi)
    return wrong, ok_exact, ok_near


def summary(s, exact, near, title):
    lines = []
    for fam in FAMILIES:
        e = sum(1 for c in exact if s.family(c + ("v",)) == fam)
        n = len(near) if fam == "bounds" else 0
        lines.append("%s %-12s recovered exactly: %d, within 10 %%: %d" % (title, fam, e, n))
    lines.append("%s %-12s recovered exactly: %d, within 10 %%: %d" % (title, "TOTAL", len(exact), len(near)))
    return lines


def funder_parts(ex):
    """{cell without a funder: the funders of its masked parts} -- its parts
    being the rows of the same indicator, territory and year whose dimension
    is its own plus financeur=X (the published ones everyone knows)."""
    parts = {}
    for c in ex.cells:
        kv = split_dimension(c[4])
        fs = [v for k, v in kv if k == "financeur"]
        if not fs or c not in ex.masked:
            continue
        parent = c[:4] + (";".join(encode_pair(k, v) for k, v in kv if k != "financeur"),)
        if parent in ex.cells:
            parts.setdefault(parent, set()).add(fs[0])
    return parts


def parts_add_up(ex, raw):
    """The cells without a funder that their funder parts (masked or not)
    add up to: elsewhere (a count of projects with several funders counts
    such a project under each) a funder's part and the published ones do
    not give the total."""
    sums = {}
    for c in ex.cells:
        kv = split_dimension(c[4])
        if not any(k == "financeur" for k, v in kv) or c + ("v",) not in raw:
            continue
        parent = c[:4] + (";".join(encode_pair(k, v) for k, v in kv if k != "financeur"),)
        sums[parent] = sums.get(parent, 0.0) + raw[c + ("v",)]
    out = set()
    for p, total in sums.items():
        t = raw.get(p + ("v",))
        if t is not None and abs(t - total) <= 1e-7 * max(1.0, abs(t), abs(total)):
            out.add(p)
    return out


def insider(base, ex, internal_rows, raw, outsider_exact, outsider_near, log, maxp):
    """Each funder F knows every cell of its own breakdown (financeur=F,
    financeur=F;dispositif=D), every cell without a funder whose masked parts
    are all F's and whose funder parts add up to it (it equals F's part plus
    published ones: F's money alone),
    and the derived figures
    (ratios, growth rates) whose hidden inputs are such cells: what else can
    it recover beyond the outsider?  Every other masked cell is a leak,
    another funder's or one without a funder (a total of several funders
    tells F the others' sum)."""
    own = {}
    for r in internal_rows:
        kv = dict(split_dimension(r["dimension"]))
        if "financeur" in kv:
            own.setdefault(kv["financeur"], []).append(
                (r["indicator"], r["niveau"], r["territoire"], int(r["annee"]), r["dimension"]))
    alone, parts_of, adding_up = {}, funder_parts(ex), parts_add_up(ex, raw)
    for c, fs in parts_of.items():
        if len(fs) == 1 and c in adding_up:
            alone.setdefault(next(iter(fs)), []).append(c)
    ders = [r for r in base.rels if r[0] == "der"]
    total_e = total_n = 0
    wrong = 0
    for f in sorted(own):
        s = base.copy()
        mine = set()   # representatives of the quantities F knows
        start = set()

        def learn(q):
            rq = s.r(q)
            mine.add(rq)
            if q in raw and rq not in s.known:
                s.known[rq] = raw[q]
                s.origin[rq] = ("own", -1)
                start.update(s.rel_of.get(rq, ()))
        for c in own[f] + alone.get(f, []):
            for q in ex.quantities(c):
                learn(q)
        n_alone = sum(1 for c in alone.get(f, []) if c in ex.masked)
        grew = True
        while grew:  # derived figures of what F knows and what is published
            grew = False
            for r in ders:
                v, n, d = r[5:8]
                if v in mine or v in base.known:
                    continue
                if (n in mine or n in base.known) and (d in mine or d in base.known):
                    learn(v)
                    grew = True
        s.peel(start)
        s.bounds(start, budget=15.0)
        exact, near = leaks(s, ex, skip=mine)
        exact = {c: x for c, x in exact.items() if c not in outsider_exact}
        near = {c: b for c, b in near.items() if c not in outsider_near and c not in outsider_exact}
        w, ok_e, ok_n = check_values(exact, near, raw, log)
        wrong += w
        total_e += len(ok_e)
        total_n += len(ok_n)
        log("insider %s: own cells %d, masked cells of its money alone %d, known quantities %d,"
            " recovered exactly: %d, within 10 %%: %d"
            % (f, len(own[f]), n_alone, len(mine), len(ok_e), len(ok_n)))
        for c in sorted(ok_e)[:maxp]:
            q = c + ("v",)
            what = "" if "financeur=" in c[4] else " (no funder: %s)" % (
                "cell without masked funder parts" if c not in parts_of else
                "total of several funders" if len(parts_of[c]) > 1 else "total of another funder")
            print("INSIDER %s: %s = %r%s <- %s" % (f, name(c), ok_e[c], what, explain(s, q)))
        for c in sorted(ok_n)[:maxp]:
            lo, hi = ok_n[c]
            i = s.bound_by.get(s.r(c + ("v",)))
            print("INSIDER %s: %s in [%r, %r] (within 10 %%) <- bounds: %s" % (
                f, name(c), lo, hi, used(s, i, c + ("v",)) if i is not None else ""))
    log("insider TOTAL recovered exactly: %d, within 10 %%: %d" % (total_e, total_n))
    return wrong, total_e + total_n


def check_values(exact, near, raw, log):
    wrong, ok_e, ok_n = 0, {}, {}
    for c, x in exact.items():
        t = raw.get(c + ("v",))
        if t is None:
            continue
        if abs(x - t) <= 1e-6 * max(1.0, abs(t)):
            ok_e[c] = x
        else:
            log("ATTACK BUG: %s recovered as %r, raw %r" % (name(c), x, t))
            wrong += 1
    for c, (lo, hi) in near.items():
        t = raw.get(c + ("v",))
        if t is not None and lo >= (1 - WITHIN) * t - 1e-9 and hi <= (1 + WITHIN) * t + 1e-9:
            ok_n[c] = (lo, hi)
    return wrong, ok_e, ok_n


def main(argv):
    args, opts = [], {"--internal": None, "--config": None, "--max-print": "1000000000", "--budget": "120"}
    flags = set()
    it = iter(argv)
    for a in it:
        if a in opts:
            opts[a] = next(it, None)
        elif a in ("--insider", "--quiet"):
            flags.add(a)
        elif a.startswith("--"):
            args = []
            break
        else:
            args.append(a)
    if len(args) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    maxp = int(opts["--max-print"])
    t0 = time.time()

    def log(msg):
        print(msg, flush=True)
    rows = read_rows(args[0])
    if rows and "valeur_brute_interne" in rows[0]:
        log("outsider_attack: %s is an internal export, the attack needs the published one" % args[0])
        return 2
    ex = Export(rows)
    del rows
    log("published rows: %d, masked: %d, published quantities: %d" % (len(ex.cells), len(ex.masked), len(ex.known)))
    rels, integral, lower = build(ex, args[1], opts["--config"], log)
    raw = None
    if opts["--internal"]:
        raw = read_internal(opts["--internal"])
        rels = drop_false(rels, raw, log)
    s = Solver(rels, ex.known, integral, lower)
    solve(s, log, budget=float(opts["--budget"]))
    exact, near = leaks(s, ex)
    rc = 0
    if opts["--internal"]:
        internal_rows = read_rows(opts["--internal"])
        wrong, exact, near = check(s, ex, raw, exact, near, log)
        log("self-check: %d relations checked on raw values, %d wrong" % (len(rels), wrong))
        if wrong:
            rc = 2
    shown = 0
    for c in sorted(exact):
        if shown < maxp and "--quiet" not in flags:
            print("%s = %r <- %s" % (name(c), exact[c], explain(s, c + ("v",))))
            shown += 1
    for c in sorted(near):
        if shown < maxp and "--quiet" not in flags:
            lo, hi = near[c]
            i = s.bound_by.get(s.r(c + ("v",)))
            print("%s in [%r, %r] (within 10 %%) <- bounds: %s" % (name(c), lo, hi,
                                                                  used(s, i, c + ("v",)) if i is not None else ""))
            shown += 1
    for line in summary(s, exact, near, "outsider"):
        log(line)
    if exact or near:
        rc = max(rc, 1)
    if "--insider" in flags:
        if raw is None:
            log("--insider needs --internal (each funder's own cells)")
            return 2
        wrong, n = insider(s, ex, internal_rows, raw, exact, near, log, maxp)
        if wrong:
            rc = 2
        elif n:
            rc = max(rc, 1)
    log("time: %.1f s" % (time.time() - t0))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
