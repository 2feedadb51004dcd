#!/usr/bin/env python3
"""The layering check: a source file may include headers of its own folder and
of the folders below it, never of a folder above or beside it.

    core <- load <- indicators (stats <- compute, rules, linear <- secret,
    audit) <- reports
    (data <- maps <- pdf, xlsx <- render) <- pipeline <- cli

The suppression (indicators/secret) and the audit that attacks it
(indicators/audit) share a rank, so neither can include the other: the audit
shares no code with what it checks.

Includes are written as paths from the repository root, so the direction of
each dependency is read off the #include line. No two files may depend on each
other, directly or through others (a file is its .c with its .h; NAME_private.h
belongs to NAME).

Renderers never touch the database: no file of reports/maps, reports/pdf or
reports/xlsx includes <sqlite3.h>, engine/core/db.h or engine/core/ledger.h,
names a sqlite3 type or function, or reaches for a report's handle (rd->db);
what they show comes through reports/data.

Usage: check_layers.py [ROOT]. Exit 0 when every include goes down, no
renderer touches the database and no cycle is left, 1 with one line per wrong
include, database use or cycle."""
import os, re, sys

# folder -> rank; a folder may include itself and any folder of lower rank,
# except a folder of the same rank (pdf and xlsx do not know each other).
RANKS = {
    "engine/core": 0,
    "engine/load": 1,
    "datasets/generator": 2,
    "indicators/stats": 2,
    "indicators/compute": 3,
    "indicators/rules": 3,
    "indicators/linear": 3,
    "indicators/secret": 4,
    "indicators/audit": 4,
    "reports/data": 5,
    "reports/maps": 6,
    "reports/pdf": 7,
    "reports/xlsx": 7,
    "reports": 8,
    "engine/pipeline": 9,
    "engine/cli": 10,
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')

# Folders that render what reports/data read, and what they must not use.
RENDERERS = ("reports/maps", "reports/pdf", "reports/xlsx")
DATABASE_HEADERS = ("engine/core/db.h", "engine/core/ledger.h")
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>')
DATABASE_USE = re.compile(r'\bsqlite3\w*|->\s*db\b|\.db\b')
# comments, string and character literals: blanked before looking for uses
NOT_CODE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def folder_of(path):
    return os.path.dirname(path)


def module(path):
    stem = os.path.splitext(path)[0]
    return stem[:-len("_private")] if stem.endswith("_private") else stem


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = counter[0]; counter[0] += 1
                    stack.append(w); on.add(w)
                    work.append((w, iter(sorted(graph.get(w, ())))))
                elif w in on:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
    return out


def database_uses(path, text):
    """A renderer's lines that include a database header or use the database,
    comments and literals aside (blanked, keeping line numbers)."""
    code = NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    out = []
    for n, (line, raw) in enumerate(zip(code.splitlines(), text.splitlines()), 1):
        inc = INCLUDE.match(raw) or SYSTEM_INCLUDE.match(raw)
        if inc:
            if inc.group(1) in DATABASE_HEADERS or inc.group(1) == "sqlite3.h":
                out.append(f"{path}:{n}: a renderer must not include {inc.group(1)} "
                           "(read through reports/data)")
            continue
        use = DATABASE_USE.search(line)
        if use:
            out.append(f"{path}:{n}: a renderer must not use the database ({use.group(0)}; "
                       "read through reports/data)")
    return out


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    errors = []
    checked = 0
    graph = {}
    for top in ("engine", "indicators", "reports", "datasets"):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.relpath(os.path.join(d, f), root)
                mine = folder_of(path)
                if mine not in RANKS:
                    if "/fuzz" in path or "/tools" in path:
                        continue
                    errors.append(f"{path}: folder {mine} has no layer (add it to RANKS)")
                    continue
                with open(os.path.join(root, path), encoding="utf-8") as src:
                    text = src.read()
                if mine in RENDERERS:
                    errors.extend(database_uses(path, text))
                for n, line in enumerate(text.splitlines(), 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    checked += 1
                    inc = m.group(1)
                    if module(inc) != module(path):
                        graph.setdefault(module(path), set()).add(module(inc))
                    theirs = folder_of(inc)
                    if theirs not in RANKS:
                        errors.append(f"{path}:{n}: #include \"{inc}\" is not a path "
                                      "from the repository root into a known layer")
                    elif theirs != mine and RANKS[theirs] >= RANKS[mine]:
                        errors.append(f"{path}:{n}: {mine} must not include {inc} "
                                      f"({theirs} is not below {mine})")
    for comp in cycles(graph):
        errors.append("cycle: " + " <-> ".join(comp) + " (each needs another: move what they share into its own header)")
    for e in errors:
        print(e)
    print(f"layers: {checked} includes checked, {len(errors)} wrong")
    return 1 if errors else 0


sys.exit(main())
