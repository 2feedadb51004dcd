"""Solving the relations: exact substitution, interval bounds with integrality,
and exact linear combinations (rational reduced row echelon form).

State: `known` (quantity -> value, published or recovered), `origin`
(recovered quantity -> (family, relation index)), and for the other unknowns
an interval [lo, hi].  Every step only uses relations learned from the
published figures; the caller checks each one on the raw values afterwards.
"""
import math
import time
from collections import defaultdict

from attack_learn import derive

INF = math.inf
EPS = 1e-9


def members(rel):
    k = rel[0]
    if k == "lin":
        return [q for q, _ in rel[3]]
    if k == "der":
        return [rel[5], rel[6], rel[7]]
    return [rel[3], rel[4]]


class Solver:
    def __init__(self, rels, known, integral=(), lower=None, merge=True):
        """Quantities an equality relation links (the same figure published
        twice: a ratio's denominator and an amount, two equal indicators)
        are merged first into one unknown, its representative: fewer
        relations, and what one of them learns the others know."""
        self.orig_rels = rels
        self.integral = set(integral)
        self.lower = lower or {}
        parent, self.eqfam = {}, {}

        def find(x):
            while parent.get(x, x) != x:
                parent[x] = parent.get(parent[x], parent[x])
                x = parent[x]
            return x
        if merge:
            for r in rels:
                if r[0] == "lin" and len(r[3]) == 2 and r[1] in ("equal", "columns", "derived"):
                    (a, ca), (b, cb) = r[3]
                    if ca == -cb and ca != 0:
                        ra, rb = find(a), find(b)
                        if ra != rb:
                            parent[rb] = ra
                        self.eqfam.setdefault(a, r[1])
                        self.eqfam.setdefault(b, r[1])
        groups = defaultdict(list)
        for q in parent:
            groups[find(q)].append(q)
        self.rep = {}
        for g in groups.values():
            best = max(g, key=lambda q: ((q[0], q[5]) in self.integral, self.lower.get((q[0], q[5]), -INF), q))
            for q in g:
                self.rep[q] = best
        rep = self.rep
        self.known = {}
        for q, x in known.items():
            self.known.setdefault(rep.get(q, q), x)
        self.rels = []
        for r in rels:
            if r[0] == "lin":
                m = {}
                for q, c in r[3]:
                    q = rep.get(q, q)
                    m[q] = m.get(q, 0.0) + c
                m = [(q, c) for q, c in m.items() if c != 0.0]
                if m:
                    self.rels.append(r[:3] + (m,))
            elif r[0] == "der":
                self.rels.append(r[:5] + tuple(rep.get(q, q) for q in r[5:8]))
            else:
                a, b = rep.get(r[3], r[3]), rep.get(r[4], r[4])
                if a != b:
                    self.rels.append(r[:3] + (a, b))
        self.origin = {}
        self.rel_of = defaultdict(list)
        for i, r in enumerate(self.rels):
            for q in members(r):
                if q not in self.known:
                    self.rel_of[q].append(i)
        self.lo, self.hi = {}, {}
        for q in self.rel_of:
            self.lo[q] = self.lower.get((q[0], q[5]), -INF)
            self.hi[q] = INF
        self.bound_by = {}

    def r(self, q):
        """The representative of a quantity."""
        return self.rep.get(q, q)

    def family(self, q):
        """Family of the relation that gave q back: the relation that set its
        representative, or the equality that made it a published figure."""
        o = self.origin.get(self.r(q))
        if o is not None and o[0] != "own":
            return o[0]
        return self.eqfam.get(q, "columns")

    def copy(self):
        s = Solver.__new__(Solver)
        s.rels, s.integral, s.lower, s.rel_of = self.rels, self.integral, self.lower, self.rel_of
        s.orig_rels, s.rep, s.eqfam = self.orig_rels, self.rep, self.eqfam
        s.known, s.origin = dict(self.known), dict(self.origin)
        s.lo, s.hi, s.bound_by = dict(self.lo), dict(self.hi), dict(self.bound_by)
        return s

    # --- exact substitution ----------------------------------------------
    def _set(self, q, x, fam, i):
        if (q[0], q[5]) in self.integral and abs(x - round(x)) <= 1e-6 * max(1.0, abs(x)):
            x = float(round(x))
        self.known[q] = x
        self.origin[q] = (fam, i)

    def _solve_one(self, i):
        r, kn = self.rels[i], self.known
        if r[0] == "lin":
            unk = [(q, c) for q, c in r[3] if q not in kn]
            if len(unk) != 1:
                return None
            q, c = unk[0]
            x = -math.fsum(cc * kn[qq] for qq, cc in r[3] if qq in kn) / c
            return q, x
        if r[0] == "der":
            form, p, v, n, d = r[3:8]
            unk = [q for q in (v, n, d) if q not in kn]
            if len(unk) != 1:
                return None
            try:
                if unk[0] == v:
                    return v, derive(form, p, kn[n], kn[d])
                if form == "ratio":
                    if unk[0] == n:
                        return n, kn[v] * kn[d] / p
                    return d, p * kn[n] / kn[v]
                g = (1.0 + kn[v] / 100.0) ** p
                if unk[0] == n:
                    return n, kn[d] * g
                return d, kn[n] / g
            except (ZeroDivisionError, ValueError, OverflowError):
                return None
        return None

    def peel(self, start=None):
        """Substitute until no relation has a single unknown left.  Returns
        the number of quantities recovered."""
        cnt = {}
        queue = list(range(len(self.rels))) if start is None else list(start)
        got = 0
        while queue:
            i = queue.pop()
            r = self.rels[i]
            if r[0] == "le":
                continue
            res = self._solve_one(i)
            if res is None:
                continue
            q, x = res
            if not math.isfinite(x):
                continue
            self._set(q, x, r[1], i)
            got += 1
            queue.extend(self.rel_of.get(q, ()))
        return got

    # --- interval bounds ----------------------------------------------------
    def _b(self, q):
        x = self.known.get(q)
        if x is not None:
            return x, x
        return self.lo.get(q, -INF), self.hi.get(q, INF)

    def _tighten(self, q, lo, hi, i, changed):
        if q in self.known:
            return
        integral = (q[0], q[5]) in self.integral
        if integral:
            lo = math.ceil(lo - 1e-6) if lo > -INF else lo
            hi = math.floor(hi + 1e-6) if hi < INF else hi
            step = 0.5
        else:
            step = 1.0
            if lo != -INF and abs(lo) > step:
                step = abs(lo)
            if hi != INF and abs(hi) > step:
                step = abs(hi)
            step *= 1e-4
        olo, ohi = self.lo.get(q, -INF), self.hi.get(q, INF)
        moved = False
        if lo > olo + step:
            self.lo[q] = lo
            moved = True
        if hi < ohi - step:
            self.hi[q] = hi
            moved = True
        if moved:
            self.bound_by[q] = i
            changed.append(q)

    def _bounds_lin(self, i, changed):
        """sum of c * x = 0: each unknown x between what the others allow.
        (Profiled: the attack's hottest loop; the dictionaries are read once
        per member, and a relation with two members unbounded each way,
        which can tell nothing, stops there.)"""
        known, lod, hid = self.known, self.lo, self.hi
        terms = []
        ninf_lo = ninf_hi = 0
        for q, c in self.rels[i][3]:
            x = known.get(q)
            if x is not None:
                lo = hi = x
            else:
                lo, hi = lod.get(q, -INF), hid.get(q, INF)
            if c > 0:
                mn, mx = c * lo, c * hi
            else:
                mn, mx = c * hi, c * lo
            ninf_lo += mn == -INF
            ninf_hi += mx == INF
            terms.append((q, c, mn, mx, x is not None))
        if ninf_lo >= 2 and ninf_hi >= 2:
            return
        slo = math.fsum(t[2] for t in terms if t[2] != -INF)
        shi = math.fsum(t[3] for t in terms if t[3] != INF)
        for q, c, mn, mx, is_known in terms:
            if is_known:
                continue
            # c*x = -(sum of the others)
            olo = -INF if ninf_lo - (mn == -INF) > 0 else slo - (mn if mn != -INF else 0.0)
            ohi = INF if ninf_hi - (mx == INF) > 0 else shi - (mx if mx != INF else 0.0)
            if olo == -INF and ohi == INF:
                continue
            if c > 0:
                lo, hi = -ohi / c, -olo / c
            else:
                lo, hi = -olo / c, -ohi / c
            self._tighten(q, lo, hi, i, changed)

    def _bounds_der(self, i, changed):
        form, p, v, n, d = self.rels[i][3:8]
        if form != "ratio":
            return
        (vl, vh), (nl, nh), (dl, dh) = self._b(v), self._b(n), self._b(d)
        if min(vl, nl, dl) < 0 or p <= 0:
            return

        def div(a, b):
            if b == 0:
                return INF if a > 0 else 0.0
            return a / b if b != INF else 0.0
        self._tighten(v, div(p * nl, dh), div(p * nh, dl) if nh != INF else INF, i, changed)
        self._tighten(n, vl * dl / p, vh * dh / p if vh != INF and dh != INF else INF, i, changed)
        self._tighten(d, div(p * nl, vh), div(p * nh, vl) if nh != INF else INF, i, changed)

    def _bounds_le(self, i, changed):
        a, b = self.rels[i][3], self.rels[i][4]
        (al, ah), (bl, bh) = self._b(a), self._b(b)
        self._tighten(a, -INF, bh, i, changed)
        self._tighten(b, al, INF, i, changed)

    def bounds(self, start=None, budget=60.0, max_evals=30):
        """Propagate intervals to a fixed point (or until the time budget);
        quantities pinned exactly become known.  Returns how many."""
        t0 = time.time()
        # first sweep in the relations' order (additive groups first), then
        # a worklist of the relations whose members moved
        queue = list(range(len(self.rels)))[::-1] if start is None else list(start)
        inq = set(queue)
        pinned = 0
        evals = defaultdict(int)
        while queue and time.time() - t0 < budget:
            i = queue.pop()
            inq.discard(i)
            evals[i] += 1
            if evals[i] > max_evals:
                continue  # slow convergence (bounds creeping by one): stop there
            changed = []
            k = self.rels[i][0]
            if k == "lin":
                self._bounds_lin(i, changed)
            elif k == "der":
                self._bounds_der(i, changed)
            else:
                self._bounds_le(i, changed)
            for q in changed:
                lo, hi = self.lo[q], self.hi[q]
                if lo > hi + 1e-6 * max(1.0, abs(hi)):
                    continue  # infeasible here: relations or rounding; the self-check judges
                if math.isfinite(lo) and math.isfinite(hi) and hi - lo <= 1e-9 * max(1.0, abs(hi)):
                    # pinned by an inequality (a cohort, a subset) or by bounds
                    self._set(q, (lo + hi) / 2.0, "cohort" if self.rels[i][0] == "le" else "bounds", i)
                    pinned += 1
                    more = self.peel(self.rel_of.get(q, ()))
                    pinned += more
                for j in self.rel_of.get(q, ()):
                    if j not in inq:
                        inq.add(j)
                        queue.append(j)
        return pinned

    # --- exact linear combinations -------------------------------------------
    def combinations(self, max_unknowns=1000):
        """Solve the linear relations left with several unknowns, by connected
        components, with a sparse reduced row echelon form (Gauss-Jordan).  An
        unknown is determined when a row of the reduced form is that unknown
        alone.  The coefficients are small integers (additive groups) or
        published ratios, so floating point with a pivot threshold is enough
        here; every value so found is checked against the raw one by the
        caller (a wrong one makes the attack exit 2).  A component larger than
        max_unknowns is skipped (counted)."""
        system = []
        for i, r in enumerate(self.rels):
            if r[0] == "lin":
                row, rhs = {}, 0.0
                for q, c in r[3]:
                    if q in self.known:
                        rhs -= c * self.known[q]
                    else:
                        row[q] = row.get(q, 0.0) + c
            elif r[0] == "der" and r[3] == "ratio" and r[5] in self.known:
                n, d = r[6], r[7]
                if n in self.known or d in self.known:
                    continue
                row, rhs = {d: self.known[r[5]], n: -r[4]}, 0.0  # v * d = p * n
            else:
                continue
            row = {q: c for q, c in row.items() if c}
            if len(row) >= 2:
                system.append((i, row, rhs))
        got = skipped = 0
        for comp in _components(system):
            unk = {q for _, row, _ in comp for q in row}
            if len(unk) > max_unknowns:
                skipped += 1
                continue
            for q, (x, i) in _rref(comp).items():
                if q not in self.known and math.isfinite(x):
                    self._set(q, x, "combination", i)
                    got += 1
        return got, skipped


def _components(eqs):
    parent = {}

    def find(u):
        while parent.setdefault(u, u) != u:
            parent[u] = parent[parent[u]]
            u = parent[u]
        return u
    for _, row, _ in eqs:
        us = iter(row)
        a = find(next(us))
        for u in us:
            b = find(u)
            if b != a:
                parent[b] = a
    groups = defaultdict(list)
    for eq in eqs:
        groups[find(next(iter(eq[1])))].append(eq)
    return list(groups.values())


def _rref(eqs, tiny=1e-9):
    """{unknown: (value, index of one equation used)} for the unknowns the
    system pins down."""
    pivots = {}  # pivot -> [row, rhs, first equation]

    def axpy(dst, f, src, skip):
        for u, c in src.items():
            if u != skip:
                x = dst.get(u, 0.0) - f * c
                if abs(x) <= tiny * max(1.0, abs(c * f)):
                    dst.pop(u, None)
                else:
                    dst[u] = x
    for i, row, rhs in eqs:
        row = dict(row)
        for p in [u for u in row if u in pivots]:
            f = row.pop(p)
            prow, prhs, _ = pivots[p]
            axpy(row, f, prow, p)
            rhs -= f * prhs
        if not row:
            continue
        p = max(row, key=lambda u: abs(row[u]))
        f = row[p]
        row = {u: c / f for u, c in row.items()}
        rhs /= f
        for entry in pivots.values():
            g = entry[0].pop(p, 0.0)
            if g:
                axpy(entry[0], g, row, p)
                entry[1] -= g * rhs
        pivots[p] = [row, rhs, i]
    return {p: (rhs, i) for p, (row, rhs, i) in pivots.items() if len(row) == 1}
