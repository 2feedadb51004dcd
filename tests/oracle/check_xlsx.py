#!/usr/bin/env python3
"""Checks a territory workbook against the database it was rendered from:
every numeric cell of the Synthèse and Territoires sheets equals the
indicator_value it came from (percentages are stored as fractions), and a
secret cell shows "s", never a number; the Métadonnées sheet names the end of
the computations and input paths relative to the configuration. Needs openpyxl (Debian python3-openpyxl).

usage: check_xlsx.py WORKBOOK DATABASE RUN_ID YEAR
"""
import sqlite3
import sys

import openpyxl

TOL = 1e-9


def main():
    path, dbpath, run, year = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    db = sqlite3.connect(dbpath)
    meta = {t: (i, u) for i, t, u in db.execute("SELECT indicator, titre, unite FROM indicator_meta WHERE run_id=?", (run,))}
    names = {nom: (niveau, code) for niveau, code, nom in db.execute("SELECT niveau, code, nom FROM territoire")}
    def value(ind, niveau, code):
        row = db.execute("SELECT valeur, secret FROM indicator_value WHERE run_id=? AND indicator=? AND niveau=?"
                         " AND territoire=? AND annee=? AND dimension=''", (run, ind, niveau, code, year)).fetchone()
        return row
    wb = openpyxl.load_workbook(path)
    checked = problems = 0

    def compare(cell, ind, unit, niveau, code):
        nonlocal checked, problems
        row = value(ind, niveau, code)
        if row is None:
            if cell.value not in (None, ""):
                print("cell %s!%s has %r but the database has no value" % (cell.parent.title, cell.coordinate, cell.value))
                problems += 1
            return
        v, secret = row
        checked += 1
        if secret:
            if cell.value != "s":
                print("secret cell %s!%s shows %r" % (cell.parent.title, cell.coordinate, cell.value))
                problems += 1
            return
        expected = v / 100 if unit == "pourcent" else v
        if not isinstance(cell.value, (int, float)) or abs(cell.value - expected) > TOL * max(1, abs(expected)):
            print("%s!%s = %r, database %r" % (cell.parent.title, cell.coordinate, cell.value, expected))
            problems += 1

    ws = wb["Synthèse"]
    header = None
    for row in ws.iter_rows():
        if row[0].value == "Indicateur":
            header = [c.value for c in row]
            continue
        if header and row[0].value in meta:
            ind, unit = meta[row[0].value]
            for col in range(2, len(header)):
                if header[col] in names:
                    compare(row[col], ind, unit, *names[header[col]])
    ws = wb["Territoires"]
    rows = ws.iter_rows()
    header = [c.value for c in next(rows)]
    level_of = {"Territoire d'étude": "etude", "France": "france", "Région": "region",
                "Département": "departement", "EPCI": "epci", "Commune": "commune"}
    for row in rows:
        niveau, code = level_of[row[0].value], row[1].value
        for col in range(3, len(header)):
            ind, unit = meta[header[col]]
            compare(row[col], ind, unit, niveau, code)
    # Métadonnées: the end of the computations is filled, the input files are
    # named from the configuration's folder, never by an absolute path
    ws = wb["Métadonnées"]
    pairs = {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}
    ended = db.execute("SELECT ended FROM run WHERE id=?", (run,)).fetchone()[0]
    checked += 1
    if not ended or pairs.get("Fin des calculs (UTC)") != ended:
        print("Métadonnées: Fin des calculs %r, database %r" % (pairs.get("Fin des calculs (UTC)"), ended))
        problems += 1
    listed = False
    for r in ws.iter_rows(values_only=True):
        if listed and r[0]:
            checked += 1
            if not r[1] or any(f.startswith("/") for f in r[1].split(", ")):
                print("Métadonnées: %s files %r not relative to the configuration" % (r[0], r[1]))
                problems += 1
        listed = listed or r[0] == "Jeu de données"
    print("xlsx check: %d cells compared, %d problems" % (checked, problems))
    sys.exit(1 if problems or checked == 0 else 0)


if __name__ == "__main__":
    main()
