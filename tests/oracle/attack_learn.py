"""The relations an outsider learns from the published figures themselves.

Each relation is a tuple whose first three fields are (kind, family, label):
  ("lin", family, label, [(quantity, coef), ...])   sum of coef * quantity = 0
  ("der", family, label, form, param, v, n, d)      v = param * n / d ("ratio")
                                                    or v = 100 * ((n / d) ** (1 / param) - 1) ("growth")
  ("le",  family, label, a, b)                      a <= b
A relation is kept only if no published row contradicts it (an attacker would
drop it too); the catalog's documentation names the candidates, the data
confirm them.  Families: additive (territories and breakdowns), columns
(numerateur / denominateur / n_unites equal to another figure), equal (two
indicators equal), derived (ratios, means, evolutions, growth rates,
specificity), cohort (survivors and creations of a generation).
"""
import random
from collections import defaultdict

from attack_data import encode_pair, split_dimension

TOL = 1e-9
# Catalog type count: a row counts at least one unit.
COUNTS = {"etablissements_ess", "etablissements_employeurs_ess", "creations_accompagnees",
          "creations_financees", "projets_finances", "porteurs_accompagnes"}

# Catalog knowledge: values that add up across a breakdown (a unit has one
# famille, one section; a financing row one financeur and one dispositif).
ADDITIVE_VALUES = {
    "etablissements_ess": {"famille"}, "etablissements_employeurs_ess": set(),
    "postes_ess": {"famille", "section"}, "etp_ess": {"famille", "section"},
    "masse_salariale_ess": {"famille", "section"}, "benevoles_ess": set(),
    "montant_public": {"dispositif", "financeur"}, "montant_prive": {"dispositif", "financeur"},
    "creations_accompagnees": set(), "emplois_crees": set(), "creations_financees": set(),
    "projets_finances": set(), "emplois_projets_finances": set(),
}
# Distinct people: a person followed in two communes counts once above them.
NOT_ADDITIVE = {"porteurs_accompagnes"}
# Generations: survivors at 5 years are among the survivors at 3 years.
COHORTS = [("perennite_5ans", "perennite_3ans")]


def close(a, b, scale=None):
    s = max(abs(a), abs(b), 1.0) if scale is None else max(scale, 1.0)
    return abs(a - b) <= TOL * s


def holds(rel, val):
    """Does the relation hold on these values (None when a member is missing)?"""
    kind = rel[0]
    try:
        if kind == "lin":
            terms = [c * val[q] for q, c in rel[3]]
            return close(sum(terms), 0.0, sum(abs(t) for t in terms))
        if kind == "der":
            return close(derive(rel[3], rel[4], val[rel[6]], val[rel[7]]), val[rel[5]])
        if kind == "le":
            a, b = val[rel[3]], val[rel[4]]
            return a <= b + TOL * max(abs(b), 1.0)
    except (KeyError, ZeroDivisionError, ValueError, OverflowError):
        return None
    return None


def derive(form, p, n, d):
    if form == "ratio":
        return p * n / d
    r = n / d
    if r < 0:
        raise ValueError
    return 100.0 * (r ** (1.0 / p) - 1.0)


# --- derived indicators: v as a function of n and d, on every row ------------
def learn_derived(ex):
    forms = [("ratio", 1.0), ("ratio", 100.0)] + [("growth", float(p)) for p in range(1, 11)]
    rows = defaultdict(list)
    for q, v in ex.known.items():
        if q[5] == "v":
            c = q[:5]
            n, d = ex.known.get(c + ("n",)), ex.known.get(c + ("d",))
            if n is not None and d is not None and d != 0:
                rows[c[0]].append((v, n, d))
    learned = {}
    for ind, obs in rows.items():
        for form, p in forms:
            try:
                if all(close(derive(form, p, n, d), v) for v, n, d in obs) and any(n != d for _, n, d in obs):
                    learned[ind] = (form, p)
                    break
            except (ZeroDivisionError, ValueError, OverflowError):
                continue
    rels = []
    for c in ex.masked:
        if c[0] in learned and "n" in ex.columns[c[0]] and "d" in ex.columns[c[0]]:
            form, p = learned[c[0]]
            rels.append(("der", "derived", "%s = %s(numerateur, denominateur)" % (c[0], form),
                         form, p, c + ("v",), c + ("n",), c + ("d",)))
    return learned, rels


# --- ratios the catalog declares: construit_de "A / B", R = p * A / B --------
def read_header_key(catalog_dir, wanted):
    """{indicator: value} of one key of the catalog's headers (`-- KEY: value`)."""
    import glob
    import os
    out = {}
    for path in sorted(glob.glob(os.path.join(catalog_dir, "*.sql"))):
        ident = value = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("--"):
                    break
                key, _, v = line[2:].strip().partition(":")
                if key == "id":
                    ident = v.strip()
                elif key == wanted:
                    value = v.strip()
        if ident and value:
            out[ident] = value
    return out


def read_frames(catalog_dir):
    """The counts whose cells exist wherever their frame's do, 0 where
    nothing is counted (`-- cadre: ID`, public documentation): a masked cell
    of theirs may be 0."""
    return set(read_header_key(catalog_dir, "cadre"))


def read_declared(catalog_dir):
    """{R: (A, B)} from the catalog's headers (`-- construit_de: A / B`),
    public documentation; internal or outside quantities are left out."""
    import glob
    import os
    out = {}
    for path in sorted(glob.glob(os.path.join(catalog_dir, "*.sql"))):
        ident = decl = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.startswith("--"):
                    break
                key, _, value = line[2:].strip().partition(":")
                if key == "id":
                    ident = value.strip()
                elif key == "construit_de":
                    decl = value.strip()
        if ident and decl and "/" in decl and ":" not in decl:
            a, b = (x.strip() for x in decl.split("/", 1))
            out[ident] = (a, b)
    return out


def learn_declared(ex, declared):
    """R = p * A / B on the same cell, p (1 or 100) confirmed by every row
    where the three are published."""
    rels, learned = [], {}
    by_ind = ex.by_indicator()
    for r, (a, b) in sorted(declared.items()):
        triples = []
        for c in by_ind.get(r, ()):
            ca, cb = (a,) + c[1:], (b,) + c[1:]
            if ca in ex.cells and cb in ex.cells:
                triples.append((c, ca, cb))
        for p in (1.0, 100.0):
            seen = bad = 0
            for c, ca, cb in triples:
                v, n, d = (ex.known.get(x + ("v",)) for x in (c, ca, cb))
                if v is None or n is None or d is None or d == 0:
                    continue
                seen += 1
                if not close(p * n / d, v):
                    bad += 1
                    break
            if seen and not bad:
                learned[r] = p
                break
        if r not in learned:
            continue
        label = "%s = %g * %s / %s (construit_de)" % (r, learned[r], a, b)
        for c, ca, cb in triples:
            if c in ex.masked or ca in ex.masked or cb in ex.masked:
                rels.append(("der", "derived", label, "ratio", learned[r], c + ("v",), ca + ("v",), cb + ("v",)))
    return learned, rels


# --- equal quantities: same cell, or the same territory a year or five before,
# or the reference level (France) of the same year --------------------------
MAPS = {
    "same": lambda c: c,
    "year-1": lambda c: (c[0], c[1], c[2], c[3] - 1, c[4]),
    "year-5": lambda c: (c[0], c[1], c[2], c[3] - 5, c[4]),
    "france": lambda c: (c[0], "france", "FR", c[3], c[4]),
}


def learn_equalities(ex, sample=8000, seed=1):
    """Pairs (class X.col, class Y.col', map) equal on every row where both
    are published.  Proposed from equal values on a sample of territories,
    then checked on all rows."""
    by_place = defaultdict(dict)  # (niv, terr, year, dim) -> {(ind, col): value}
    for q, x in ex.known.items():
        by_place[q[1:5]][(q[0], q[5])] = x
    places = sorted(by_place)
    random.Random(seed).shuffle(places)
    proposals = defaultdict(int)
    for pl in places[:sample]:
        here = by_place[pl]
        for mname, m in MAPS.items():
            other = by_place.get(m(("",) + pl)[1:]) if mname != "same" else here
            if not other:
                continue
            vals = defaultdict(list)
            for k, x in other.items():
                vals[x].append(k)
            for k, x in here.items():
                ks = vals.get(x, ())
                if x == 0 or len(ks) > 6:
                    continue  # a value shared by many figures of a place proves nothing
                for k2 in ks:
                    if mname == "same" and k2 <= k:
                        continue
                    proposals[(k, k2, mname)] += 1
    classes = defaultdict(dict)
    for q, x in ex.known.items():
        classes[(q[0], q[5])][q[1:5]] = x
    learned = []
    for (k, k2, mname), cnt in proposals.items():
        if cnt < 3:
            continue
        m = MAPS[mname]
        a, b = classes[k], classes[k2]
        match = bad = 0
        seen_vals, seen_levels = set(), set()
        for pl, x in a.items():
            y = b.get(m(("",) + pl)[1:])
            if y is None:
                continue
            if close(x, y):
                match += 1
                seen_vals.add(x)
                seen_levels.add(pl[0])
            else:
                bad += 1
                break
        # a few coincidences (small counts, one region equal to France) are not a rule
        if bad == 0 and match >= 5 and len(seen_vals) >= 3 and len(seen_levels) >= 2:
            learned.append((k, k2, mname))
    # within one indicator the rows are the same: a spanning tree of its equal
    # columns is enough (v = n = u needs two relations, not three)
    tree, kept = {}, []

    def root(x):
        while tree.get(x, x) != x:
            x = tree[x]
        return x
    for k, k2, mname in sorted(learned):
        if mname == "same" and k[0] == k2[0]:
            a, b = root(k), root(k2)
            if a == b:
                continue
            tree[b] = a
        kept.append((k, k2, mname))
    learned = kept
    rels = []
    masked = defaultdict(list)
    for c in ex.masked:
        masked[c[0]].append(c)
    inverse = {"same": lambda c: c,
               "year-1": lambda c: (c[0], c[1], c[2], c[3] + 1, c[4]),
               "year-5": lambda c: (c[0], c[1], c[2], c[3] + 5, c[4])}
    for (k, k2, mname) in learned:
        m = MAPS[mname]
        fam = "equal" if k[1] == "v" and k2[1] == "v" and mname == "same" else \
              "columns" if mname in ("same", "france") else "derived"
        label = "%s.%s = %s.%s (%s)" % (k[0], k[1], k2[0], k2[1], mname)
        cols1, cols2 = ex.columns.get(k[0], ()), ex.columns.get(k2[0], ())
        if k[1] not in cols1 or k2[1] not in cols2:
            continue
        # every pair of rows (X, its partner Y) with one side masked
        pairs = set()
        if mname == "france":
            for c in ex.by_indicator().get(k[0], ()):
                c2 = (k2[0],) + m(c)[1:]
                if c2 in ex.cells and (c in ex.masked or c2 in ex.masked):
                    pairs.add((c, c2))
        else:
            for c in masked.get(k[0], ()):
                c2 = (k2[0],) + m(c)[1:]
                if c2 in ex.cells:
                    pairs.add((c, c2))
            for c2 in masked.get(k2[0], ()):
                c = (k[0],) + inverse[mname](c2)[1:]
                if c in ex.cells:
                    pairs.add((c, c2))
        for c, c2 in sorted(pairs):
            rels.append(("lin", fam, label, [(c + (k[1],), 1.0), (c2 + (k2[1],), -1.0)]))
    return learned, rels


# --- additive groups ---------------------------------------------------------
def hierarchy(parts_by_parent):
    """(parent level, child level) -> {parent code: child codes}."""
    out = defaultdict(dict)
    for (pniv, pcode, cniv), kids in parts_by_parent.items():
        out[(pniv, cniv)][pcode] = kids
    return out


def add_epci_parts(parts):
    """EPCIs as parts of a larger territory when they partition its communes."""
    epci = {k[1]: v for k, v in parts.items() if k[0] == "epci" and k[2] == "commune"}
    owner = {}
    for e, coms in epci.items():
        for c in coms:
            owner[c] = e
    for (pniv, pcode, cniv), coms in list(parts.items()):
        if cniv != "commune" or pniv in ("epci", "commune", "france", "region"):
            continue
        es = {owner.get(c) for c in coms}
        if None in es:
            continue
        if set().union(*(epci[e] for e in es)) == coms:
            parts[(pniv, pcode, "epci")] = es
    return parts


def additive_relations(ex, parts, skip_cols, skip_inds=()):
    """Hierarchy and breakdown equations of every quantity class, each family
    kept when no equation between published quantities contradicts it, and,
    for a class the catalog does not declare additive, when at least three
    equations confirm it."""
    present = defaultdict(set)   # (ind, year, dim, niv) -> territories with a row
    by_terr = defaultdict(set)   # (ind, niv, terr, year) -> dims
    for c in ex.cells:
        ind, niv, terr, year, dim = c
        if ind in NOT_ADDITIVE or ind in skip_inds:
            continue
        present[(ind, year, dim, niv)].add(terr)
        by_terr[(ind, niv, terr, year)].add(dim)
    levels = hierarchy({k: v for k, v in parts.items() if (k[0], k[2]) not in
                        (("france", "commune"), ("region", "commune"))})
    fams = defaultdict(list)     # (ind, col, kind) -> [members]
    for (ind, year, dim, niv), terrs in present.items():
        cols = [c for c in sorted(ex.columns[ind]) if (ind, c) not in skip_cols]
        for (pniv, cniv), table in levels.items():
            if pniv != niv:
                continue
            kids_present = present.get((ind, year, dim, cniv), set())
            for pcode in terrs:
                kids = table.get(pcode)
                if kids is None:
                    continue
                ks = sorted(kids_present & kids)
                for col in cols:
                    fams[(ind, col, "%s=sum(%s)" % (pniv, cniv))].append(
                        [((ind, niv, pcode, year, dim, col), 1.0)]
                        + [((ind, cniv, k, year, dim, col), -1.0) for k in ks])
    for (ind, niv, terr, year), dims in by_terr.items():
        cols = [c for c in sorted(ex.columns[ind]) if (ind, c) not in skip_cols]
        one, two = defaultdict(list), defaultdict(list)
        for d in dims:
            kv = split_dimension(d)
            if len(kv) == 1:
                one[kv[0][0]].append(d)
            elif len(kv) == 2:
                (ka, va), (kb, vb) = kv
                two[(encode_pair(ka, va), kb)].append(d)
                two[(encode_pair(kb, vb), ka)].append(d)
        groups = [("", key, ds) for key, ds in one.items() if "" in dims]
        groups += [(fixed, key, ds) for (fixed, key), ds in two.items() if fixed in dims]
        for fixed, key, ds in groups:
            kind = "%s=sum(%s)" % (fixed.split("=", 1)[0] or "total", key)
            for col in cols:
                fams[(ind, col, kind)].append(
                    [((ind, niv, terr, year, fixed, col), 1.0)]
                    + [((ind, niv, terr, year, d, col), -1.0) for d in sorted(ds)])
    rels, kept, dropped = [], [], []
    known = ex.known
    for (ind, col, kind), eqs in sorted(fams.items()):
        declared = col == "v" and (kind.startswith(("commune", "epci", "departement", "region", "france", "etude"))
                                   and ind in ADDITIVE_VALUES
                                   or any(kind.endswith("(%s)" % k) for k in ADDITIVE_VALUES.get(ind, ())))
        ok = bad = 0
        for m in eqs:
            if all(q in known for q, _ in m):
                if holds(("lin", "", "", m), known):
                    ok += 1
                else:
                    bad += 1
                    break
        if col == "v" and not declared:
            continue  # a ratio or a mean of a whole is not the sum of its parts' ratios
        if bad or (not declared and ok < 3):
            dropped.append((ind, col, kind))
            continue
        kept.append((ind, col, kind))
        label = "%s%s %s" % (ind, "" if col == "v" else "." + col, kind)
        for m in eqs:
            if any(q not in known for q, _ in m):
                rels.append(("lin", "additive", label, m))
    return kept, dropped, rels


# --- cohorts: survivors never outnumber creations ----------------------------
def cohort_relations(ex, derived, equalities):
    """n <= d within a row where it always holds (survivors <= creations), and
    between two rates of the same generation sharing their denominator
    (survivors at 5 years <= survivors at 3 years)."""
    rels, learned = [], []
    rows = defaultdict(list)
    for q, x in ex.known.items():
        if q[5] == "n" and q[:5] + ("d",) in ex.known:
            rows[q[0]].append((x, ex.known[q[:5] + ("d",)]))
    for ind, obs in rows.items():
        if ind in derived and all(n <= d for n, d in obs) and any(n < d for n, d in obs):
            learned.append((ind, "n", ind, "d"))
    shared = [(k[0], k2[0]) for k, k2, m in equalities if m == "same" and k[1] == "d" and k2[1] == "d"
              and ((k[0], k2[0]) in COHORTS or (k2[0], k[0]) in COHORTS)]
    for a, b in shared:
        for x, y in ((a, b), (b, a)):
            pairs = [(ex.known[c + ("n",)], ex.known[(y,) + c[1:] + ("n",)])
                     for c in ex.by_indicator().get(x, ())
                     if c + ("n",) in ex.known and (y,) + c[1:] + ("n",) in ex.known]
            if len(pairs) >= 3 and all(p <= r for p, r in pairs) and any(p < r for p, r in pairs):
                learned.append((x, "n", y, "n"))
    for (x, cx, y, cy) in learned:
        label = "%s.%s <= %s.%s" % (x, cx, y, cy)
        for c in ex.by_indicator().get(x, ()):
            c2 = (y,) + c[1:]
            if c2 in ex.cells and (c in ex.masked or c2 in ex.masked):
                rels.append(("le", "cohort", label, c + (cx,), c2 + (cy,)))
    return learned, rels


# --- subsets: a count at most another count of the same cell ---------------
def subset_relations(ex, min_pairs=10, min_equal=3):
    """X.v <= Y.v on the same cell for two counts (employers among the ESS
    establishments), learned where both are published: at least min_pairs
    pairs, min_equal of them equal (a loose inequality tells little), none
    against."""
    by_ind = ex.by_indicator()
    counts = sorted(i for i in COUNTS if i in by_ind)
    learned = []
    for x in counts:
        for y in counts:
            if x == y:
                continue
            pairs = equal = 0
            ok = True
            for c in by_ind[x]:
                a = ex.known.get(c + ("v",))
                b = ex.known.get((y,) + c[1:] + ("v",))
                if a is None or b is None:
                    continue
                if a > b:
                    ok = False
                    break
                pairs += 1
                equal += a == b
            if ok and pairs >= min_pairs and min_equal <= equal < pairs:
                learned.append((x, y))
    rels = []
    for x, y in learned:
        label = "%s <= %s (same cell)" % (x, y)
        for c in by_ind[x]:
            c2 = (y,) + c[1:]
            if c2 in ex.cells and (c in ex.masked or c2 in ex.masked):
                rels.append(("le", "cohort", label, c + ("v",), c2 + ("v",)))
    return learned, rels


def integrality(ex, framed=()):
    """Per quantity class: integral (every published value a whole number),
    lower bound (1 for a count whose published values are all >= 1, else 0
    when all are >= 0; 0 for the value of a count the catalog declares on a
    frame, whose masked cells may be 0)."""
    vals = defaultdict(list)
    for q, x in ex.known.items():
        vals[(q[0], q[5])].append(x)
    integral, lower = set(), {}
    for k, xs in vals.items():
        if all(x == int(x) for x in xs):
            integral.add(k)
        if min(xs) >= 0:
            # a row exists only where a unit does: at least one unit, one counted establishment
            one = (k[1] == "u" or (k[1] == "v" and k[0] in COUNTS)) and k[0] not in framed
            lower[k] = 1.0 if (k in integral and min(xs) >= 1 and one) else 0.0
    return integral, lower


# --- stocks and flows: a stock of year A is the stock of A-1 plus the flow of A
def flow_relations(ex, min_match=10):
    """X.col(A) = X.col(A-1) + Y.v(A), learned where every published triple
    satisfies it (a missing row is a zero; the first year of X is skipped:
    its stock holds the years before).  Example: the establishments created
    by financed projects up to A (part_creations_financees_actives's
    denominator) and those created in A (creations_financees)."""
    by_ind = ex.by_indicator()
    first = {ind: min(c[3] for c in cs) for ind, cs in by_ind.items()}
    known, cells = ex.known, ex.cells
    learned = []
    stocks = sorted({(q[0], q[5]) for q in known if q[5] in ("n", "d")})
    flows = sorted({q[0] for q in known if q[5] == "v" and q[0] in COUNTS})
    for x, col in stocks:
        xs = [c for c in by_ind[x] if c + (col,) in known and c[3] > first[x]]
        for y in flows:
            if y == x:
                continue
            match, vals = 0, set()
            for c in xs:
                p = (x, c[1], c[2], c[3] - 1, c[4])
                f = (y,) + c[1:]
                pv = known.get(p + (col,), 0.0 if p not in cells else None)
                fv = known.get(f + ("v",), 0.0 if f not in cells else None)
                if pv is None or fv is None:
                    continue
                if not close(known[c + (col,)] - pv, fv):
                    match = -1
                    break
                match += 1
                vals.add(fv)
            if match >= min_match and len(vals) >= 3:
                learned.append((x, col, y))
    rels = []
    for x, col, y in learned:
        label = "%s.%s(A) = %s.%s(A-1) + %s(A)" % (x, col, x, col, y)
        for c in by_ind[x]:
            if c[3] <= first[x]:
                continue
            p = (x, c[1], c[2], c[3] - 1, c[4])
            f = (y,) + c[1:]
            m = [(c + (col,), 1.0)]
            if p in cells:
                m.append((p + (col,), -1.0))
            if f in cells:
                m.append((f + ("v",), -1.0))
            if any(q[:5] in ex.masked for q, _ in m):
                rels.append(("lin", "cohort", label, m))
    return learned, rels
