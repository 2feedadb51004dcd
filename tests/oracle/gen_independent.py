#!/usr/bin/env python3
"""Independent test dataset, written from the data contract alone.

It shares no code with obs's C generator: a second, small, random dataset on
real communes, in the contract's formats (including a French-Excel-style
';' / Windows-1252 / DD/MM/YYYY / decimal-comma file), used to check obs's
indicators against the independent computation in oracle.py.

usage: gen_independent.py SEED OUTDIR REFERENCE_DIR
Writes OUTDIR/data/*.csv and OUTDIR/obs.ini.
"""
import csv
import os
import random
import sys

# Two EPCIs in two régions, one extra commune from each of two other EPCIs, and
# a commune without EPCI (Ouessant), so every level and the no-EPCI case occur.
EPCIS = ["246200729", "242900074"]
EXTRA_COMMUNES = ["29003", "29002", "29155"]
# (legal category, SIRENE ESS flag, expected family) -- families come from the
# reference file in the oracle, not from this table.
LEGAL = [("9220", "O"), ("9220", ""), ("9300", "O"), ("8210", "O"), ("5458", "O"),
         ("5710", "O"), ("5710", "N"), ("5499", ""), ("1000", "")]
NAF = ["88.99B", "94.99Z", "85.59A", "56.10A", "47.11F", "86.10Z", "84.11Z", "94.20Z"]
YEARS = list(range(2018, 2025))


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def with_luhn(prefix):
    """Appends the digit that makes prefix+digit Luhn-valid."""
    for d in "0123456789":
        if luhn_ok(prefix + d):
            return prefix + d
    raise AssertionError


def make_siret(rng, used):
    while True:
        siren = with_luhn("".join(rng.choice("0123456789") for _ in range(8)))
        if siren.startswith("356000000"):
            continue
        siret = with_luhn(siren + "".join(rng.choice("0123456789") for _ in range(4)))
        if siret not in used:
            used.add(siret)
            return siret


def communes(refdir):
    out = []
    with open(os.path.join(refdir, "communes.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["type"] != "commune-actuelle":
                continue
            if row["epci"] in EPCIS or row["code"] in EXTRA_COMMUNES:
                out.append(row["code"])
    return sorted(set(out))


def iso(y, m, d):
    return "%04d-%02d-%02d" % (y, m, d)


def main():
    seed, outdir, refdir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(seed)
    data = os.path.join(outdir, "data")
    os.makedirs(data, exist_ok=True)
    coms = communes(refdir)
    used = set()

    etabs = []
    for _ in range(160):
        cj, flag = rng.choice(LEGAL)
        created = iso(rng.randint(2005, 2024), rng.randint(1, 12), rng.randint(1, 28))
        closed = ""
        if rng.random() < 0.3:
            cy = int(created[:4]) + rng.randint(0, 6)
            if cy <= 2024:
                closed = iso(cy, 12, 31) if rng.random() < 0.2 else iso(cy, rng.randint(1, 12), 28)
                if closed <= created:
                    closed = ""
        etabs.append({
            "siret": make_siret(rng, used), "dateCreationEtablissement": created,
            "etatAdministratifEtablissement": "F" if closed else "A",
            "dateFermetureEtablissement": closed,
            "codeCommuneEtablissement": rng.choice(coms),
            # SIRENE writes 88.99B; some exports drop the dot.
            "activitePrincipaleEtablissement": rng.choice(NAF).replace(".", "") if rng.random() < 0.2
            else rng.choice(NAF),
            "categorieJuridiqueUniteLegale": cj,
            "economieSocialeSolidaireUniteLegale": flag,
            "trancheEffectifsEtablissement": rng.choice(["NN", "00", "01", "02", "11", "12"]),
            "denominationUsuelleEtablissement": "Structure %d" % len(etabs),
        })
    # Some establishments give no legal category: unites_legales provides it.
    unites = []
    for e in etabs[::7]:
        unites.append({"siren": e["siret"][:9], "categorieJuridiqueUniteLegale": e["categorieJuridiqueUniteLegale"],
                       "economieSocialeSolidaireUniteLegale": e["economieSocialeSolidaireUniteLegale"],
                       "denominationUniteLegale": "Unité " + e["siret"][:9],
                       "dateCreationUniteLegale": e["dateCreationEtablissement"]})
        e["categorieJuridiqueUniteLegale"] = ""
    write(data, "etablissements.csv", ",", "utf-8", list(etabs[0].keys()), etabs)
    write(data, "unites_legales.csv", ",", "utf-8", list(unites[0].keys()), unites)

    emploi = []
    for e in etabs:
        if rng.random() < 0.35:
            continue
        for y in YEARS:
            if rng.random() < 0.15:
                continue
            postes = rng.choice([0, 1, 2, 3, 5, 8, 13, 40, 120])
            etp = round(postes * rng.uniform(0.6, 1.0), 2)
            row = {"siret": e["siret"], "annee": y, "postes": postes, "etp": etp,
                   "masse_salariale": round(etp * rng.uniform(22000, 45000), 2)}
            for part in ["postes_femmes", "postes_cdi", "postes_temps_partiel", "postes_insertion",
                         "postes_moins_26", "postes_50_plus"]:
                row[part] = "" if rng.random() < 0.2 else rng.randint(0, postes)
            row["benevoles"] = "" if rng.random() < 0.3 else rng.randint(0, 60)
            emploi.append(row)
    write(data, "emploi.csv", ",", "utf-8", list(emploi[0].keys()), emploi)

    et = []
    for c in coms:
        for y in YEARS:
            et.append({"code_commune": c, "annee": y, "etablissements_employeurs": rng.randint(150, 900),
                       "postes": rng.randint(3000, 20000), "masse_salariale": rng.randint(10**8, 6 * 10**8)})
    write(data, "emploi_territoire.csv", ",", "utf-8", list(et[0].keys()), et)

    disp = []
    for i, t in enumerate(["incubateur", "couveuse", "cae", "pepiniere"]):
        disp.append({"id_dispositif": "D%d" % (i + 1), "nom": "Dispositif é %d" % (i + 1), "type": t,
                     "code_commune": coms[i], "phases": "emergence|creation" if i % 2 else "creation|consolidation",
                     "date_debut": "01/01/2010", "date_fin": ""})
    write(data, "dispositifs.csv", ";", "cp1252", list(disp[0].keys()), disp)

    acc = []
    porteurs = {}
    for i in range(220):
        pid = "P%04d" % rng.randint(1, 150)
        if pid not in porteurs:  # a person's characteristics stay the same across episodes
            porteurs[pid] = {"sexe": rng.choice(["F", "M", ""]),
                             "tranche_age": rng.choice(["moins_26", "26_49", "50_plus", ""]),
                             "qpv": rng.choice(["0", "1", ""]), "rsa": rng.choice(["0", "1", ""]),
                             "demandeur_emploi": rng.choice(["0", "1", ""]), "commune": rng.choice(coms)}
        p = porteurs[pid]
        sy = rng.randint(2017, 2024)
        start = (sy, rng.randint(1, 12), rng.randint(1, 28))
        end = None
        if rng.random() < 0.8:
            ey = sy + rng.randint(0, 2)
            end = (ey, rng.randint(1, 12), rng.randint(1, 28))
            if end <= start or ey > 2024:
                end = None
        issue = "en_cours" if end is None else rng.choice(["creation", "emploi", "formation", "abandon", "autre"])
        siret = ""
        if issue == "creation" and rng.random() < 0.7:
            siret = rng.choice(etabs)["siret"]
        heures = "" if rng.random() < 0.1 else ("%.1f" % rng.uniform(2, 200)).replace(".", ",")
        acc.append({"id_accompagnement": "A%04d" % i, "id_porteur": pid,
                    "id_dispositif": rng.choice(disp)["id_dispositif"],
                    "date_debut": "%02d/%02d/%04d" % (start[2], start[1], start[0]),
                    "date_fin": "" if end is None else "%02d/%02d/%04d" % (end[2], end[1], end[0]),
                    "phase": rng.choice(["emergence", "creation", "consolidation", "developpement"]),
                    "heures": heures, "sexe": p["sexe"], "tranche_age": p["tranche_age"], "qpv": p["qpv"],
                    "rsa": p["rsa"], "demandeur_emploi": p["demandeur_emploi"], "code_commune": p["commune"],
                    "issue": issue, "siret_cree": siret, "projet_ess": rng.choice(["0", "1"])})
    write(data, "accompagnements.csv", ";", "cp1252", list(acc[0].keys()), acc)

    fin = []
    for i, a in enumerate(acc):
        if a["issue"] != "creation":
            continue
        for nature in rng.sample(["subvention", "pret_honneur", "pret_bancaire", "finance_solidaire", "fonds_propres"], 3):
            amount = rng.randint(500, 60000)
            fin.append({"id_financement": "F%05d" % len(fin), "id_accompagnement": a["id_accompagnement"],
                        "siret": a["siret_cree"], "id_dispositif": a["id_dispositif"],
                        "financeur": rng.choice(["Région", "Département", "France Active", "Banque Coop"]),
                        "nature": nature, "origine": "", "montant": "{:,}".format(amount).replace(",", " ") + ",00",
                        "date": a["date_fin"]})
    write(data, "financements.csv", ";", "cp1252", list(fin[0].keys()), fin)

    grille = []
    axes = ["rh", "gouvernance", "finances", "marche", "utilite_sociale", "valeurs_ess", "developpement"]
    for e in etabs[:40]:
        for y in (2023, 2024):
            for axe in axes:
                grille.append({"siret": e["siret"], "annee": y, "axe": axe, "score": rng.randint(0, 5)})
    write(data, "grille.csv", ",", "utf-8", list(grille[0].keys()), grille)

    with open(os.path.join(outdir, "obs.ini"), "w", encoding="utf-8") as f:
        f.write("[observatoire]\nnom = Observatoire de test indépendant\n"
                "[calcul]\ndate_observation = 2024-12-31\nseuil_rejets = 5\nsecret_combinaisons = oui\n"
                "[etude etude-a]\nnom = Étude A\nepci = 246200729\ncommunes = 29155\n"
                "[etude etude-b]\nnom = Étude B\ncommunes = %s\n" % ", ".join(coms[-4:]))


def write(folder, name, delim, encoding, header, rows):
    with open(os.path.join(folder, name), "w", encoding=encoding, newline="") as f:
        w = csv.DictWriter(f, fieldnames=header, delimiter=delim, lineterminator="\r\n" if delim == ";" else "\n")
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
