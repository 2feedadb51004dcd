"""What the outside attacker holds: the published export, read into quantities.

A cell is (indicator, niveau, territoire, annee, dimension); each row of the
export carries up to four quantities of its cell: the value ('v'), the
numerator ('n'), the denominator ('d') and the number of units ('u').  A
quantity is the cell's key followed by its column letter.  A published row
gives the quantities it prints; a masked row (secret = 1) prints none, and its
quantities are the unknowns.  A masked row still has a numerator, a
denominator or a count of units whenever the indicator publishes that column
on some other row.

Standard library only; no code and no SQL shared with obs.
"""
import csv
import math

COLUMNS = (("v", "valeur"), ("n", "numerateur"), ("d", "denominateur"), ("u", "n_unites"))


def read_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def cell_of(r):
    return (r["indicator"], r["niveau"], r["territoire"], int(r["annee"]), r["dimension"])


def name(q):
    """Human name of a cell or of a quantity."""
    ind, niv, terr, year, dim = q[:5]
    col = {"v": "", "n": " numerateur", "d": " denominateur", "u": " n_unites"}.get(q[5] if len(q) > 5 else "v")
    return "%s %s:%s %s%s%s" % (ind, niv, terr, year, " [%s]" % dim if dim else "", col)


def split_dimension(dim):
    """A dimension as a list of (key, value), as the README documents the
    export: 'key=value' pairs joined by ';', keys sorted; a value holding
    ';', '=' or '"' is between double quotes with its '"' doubled (so a
    funder's name may hold any of them).  Decoded here, not with obs's code."""
    out = []
    i, n = 0, len(dim)
    while i < n:
        eq = dim.index("=", i)
        key = dim[i:eq]
        i = eq + 1
        if i < n and dim[i] == '"':
            i += 1
            value = []
            while True:
                q = dim.index('"', i)
                value.append(dim[i:q])
                if q + 1 < n and dim[q + 1] == '"':
                    value.append('"')
                    i = q + 2
                    continue
                i = q + 1
                break
            value = "".join(value)
        else:
            end = dim.find(";", i)
            end = n if end < 0 else end
            value = dim[i:end]
            i = end
        out.append((key, value))
        if i < n:
            if dim[i] != ";":
                raise ValueError("dimension %r: ';' expected at %d" % (dim, i))
            i += 1
    return out


def encode_pair(key, value):
    """One 'key=value' of a dimension, quoted as the README documents."""
    if any(c in value for c in ';="'):
        value = '"' + value.replace('"', '""') + '"'
    return "%s=%s" % (key, value)


class Export:
    """The published figures: known quantities, masked cells, present rows."""

    def __init__(self, rows):
        self.known = {}       # quantity -> float
        self.masked = set()   # masked cells
        self.cells = set()    # every row's cell (a row exists only where a unit does)
        self.columns = {}     # indicator -> columns it ever publishes
        for r in rows:
            c = cell_of(r)
            self.cells.add(c)
            cols = self.columns.setdefault(c[0], set("v"))
            if r["secret"] == "1":
                self.masked.add(c)
                continue
            for letter, field in COLUMNS:
                s = r[field]
                if s != "":
                    x = float(s)
                    if math.isfinite(x):
                        self.known[c + (letter,)] = x
                        cols.add(letter)

    def by_indicator(self):
        if not hasattr(self, "_by_ind"):
            self._by_ind = {}
            for c in self.cells:
                self._by_ind.setdefault(c[0], []).append(c)
        return self._by_ind

    def quantities(self, cell):
        return [cell + (c,) for c in sorted(self.columns.get(cell[0], "v"))]

    def unknowns(self):
        return {q for c in self.masked for q in self.quantities(c)}


def read_internal(path):
    """Raw values of every quantity, from `obs export --internal`."""
    raw = {}
    for r in read_rows(path):
        c = cell_of(r)
        for letter, field in COLUMNS:
            s = r[field]
            if letter == "v":
                s = r.get("valeur_brute_interne") or s
            if s != "":
                raw[c + (letter,)] = float(s)
    return raw
