#!/usr/bin/env python3
"""Independent computation of obs's indicators, straight from the input CSV
files and the reference data, following the definitions of the indicator
issue word for word. It shares no code and no SQL with obs.

usage: oracle.py DATADIR REFERENCE_DIR CONFIG.ini > expected.csv
Prints indicator,niveau,territoire,annee,dimension,valeur,ic_bas,ic_haut.
The input files are assumed valid (gen_independent.py writes valid files).
"""
import configparser
import csv
import io
import math
import os
import sys
from collections import defaultdict

YEARS = range(2018, 2025)
Z = 1.959963984540054  # standard normal quantile 0.975


def dim_key(**pairs):
    """A breakdown as the data contract writes it: key=value pairs, keys
    sorted, joined by ';'; a value holding ';', '=' or '"' between double
    quotes, its quotes doubled (written here from the contract, not from
    the engine's code)."""
    def value(v):
        return '"%s"' % v.replace('"', '""') if any(c in v for c in ';="') else v
    return ";".join("%s=%s" % (k, value(pairs[k])) for k in sorted(pairs))


def read_csv(path):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    delim = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))


def iso(d):
    """DD/MM/YYYY or YYYY-MM-DD -> YYYY-MM-DD; '' stays ''."""
    if not d:
        return ""
    if "/" in d:
        day, month, year = d.split("/")
        return "%s-%s-%s" % (year, month, day)
    return d


def num(s):
    return float(s.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def naf_norm(code):
    return code if "." in code else code[:2] + "." + code[2:]


def wilson(k, n):
    p = k / n
    denom = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denom
    half = Z / denom * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def geography(refdir, config):
    levels = defaultdict(list)  # commune -> [(niveau, code)]
    for row in read_csv(os.path.join(refdir, "communes.csv")):
        if row["type"] != "commune-actuelle":
            continue
        c = row["code"]
        levels[c] = [("commune", c), ("departement", row["departement"]), ("region", row["region"]),
                     ("france", "FR")]
        if row["epci"]:
            levels[c].append(("epci", row["epci"]))
    epci_of = {c: code for c, lv in levels.items() for (n, code) in lv if n == "epci"}
    for section in config.sections():
        if not section.startswith("etude "):
            continue
        tid = section[len("etude "):]
        epcis = set(x for x in config[section].get("epci", "").replace(",", " ").split())
        coms = set(x for x in config[section].get("communes", "").replace(",", " ").split())
        for c in levels:
            if c in coms or epci_of.get(c) in epcis:
                levels[c].append(("etude", tid))
    return levels


def main():
    datadir, refdir, cfgpath = sys.argv[1:4]
    config = configparser.ConfigParser(inline_comment_prefixes=(";",))
    config.read(cfgpath, encoding="utf-8")
    geo = geography(refdir, config)
    famille_of_cj = {r["code"]: r["famille_ess"] for r in read_csv(os.path.join(refdir, "categories_juridiques.csv"))}
    excluded = [r["naf_prefix"] for r in read_csv(os.path.join(refdir, "naf_hors_ess.csv"))]
    section_of = {r["code"]: r["section"] for r in read_csv(os.path.join(refdir, "naf.csv"))}

    unites = {u["siren"]: u for u in read_csv(os.path.join(datadir, "unites_legales.csv"))}
    ess = {}  # siret -> (commune, famille, section, created, closed)
    for e in read_csv(os.path.join(datadir, "etablissements.csv")):
        u = unites.get(e["siret"][:9], {})
        cj = e["categorieJuridiqueUniteLegale"] or u.get("categorieJuridiqueUniteLegale", "")
        flag = e["economieSocialeSolidaireUniteLegale"] or u.get("economieSocialeSolidaireUniteLegale", "")
        famille = famille_of_cj.get(cj, "") or ("entreprise_ess" if flag == "O" else "")
        naf = naf_norm(e["activitePrincipaleEtablissement"])
        if not famille or any(naf.startswith(p) for p in excluded):
            continue
        ess[e["siret"]] = (e["codeCommuneEtablissement"], famille, section_of[naf],
                           iso(e["dateCreationEtablissement"]), iso(e["dateFermetureEtablissement"]))

    out = {}  # (indicator, niveau, territoire, annee, dimension) -> (valeur, ic_bas, ic_haut)

    def territories(commune):
        return geo[commune]

    # ---- establishments and employment ----
    count = defaultdict(int)
    for siret, (com, fam, sec, created, closed) in ess.items():
        for y in YEARS:
            end = "%d-12-31" % y
            if created <= end and not (closed and closed <= end):
                for t in territories(com):
                    count[(t, y, "")] += 1
                    count[(t, y, "famille=" + fam)] += 1
    for (t, y, dim), v in count.items():
        out[("etablissements_ess", t[0], t[1], y, dim)] = (v, None, None)

    sums = defaultdict(lambda: defaultdict(float))  # (t, y, dim) -> field -> value
    employers = defaultdict(int)
    for row in read_csv(os.path.join(datadir, "emploi.csv")):
        if row["siret"] not in ess:
            continue
        com, fam, sec, _, _ = ess[row["siret"]]
        y = int(row["annee"])
        postes = num(row["postes"])
        for t in territories(com):
            if postes > 0:
                employers[(t, y)] += 1
            for dim in ("", "famille=" + fam, "section=" + sec):
                s = sums[(t, y, dim)]
                s["postes"] += postes
                s["etp"] += num(row["etp"])
                s["masse"] += num(row["masse_salariale"])
                s["rows"] += 1
                if dim:
                    continue
                for part in ("postes_femmes", "postes_insertion"):
                    if row[part] != "":
                        s[part] += num(row[part])
                        s[part + "_base"] += postes
                if row["benevoles"] != "":
                    s["benevoles"] += num(row["benevoles"])
                    s["benevoles_n"] += 1
    # the employers' frame is the ESS establishments: 0 where none employs,
    # in the years with employment data (an establishment closed in SIRENE
    # may still declare posts: counted all the same)
    employer_years = {y for (t, y) in employers}
    for (t, y, dim) in count:
        if dim == "" and y in employer_years:
            out[("etablissements_employeurs_ess", t[0], t[1], y, "")] = (0, None, None)
    for (t, y), v in employers.items():
        out[("etablissements_employeurs_ess", t[0], t[1], y, "")] = (v, None, None)
    for (t, y, dim), s in sums.items():
        out[("postes_ess", t[0], t[1], y, dim)] = (s["postes"], None, None)
        out[("etp_ess", t[0], t[1], y, dim)] = (s["etp"], None, None)
        out[("masse_salariale_ess", t[0], t[1], y, dim)] = (s["masse"], None, None)
        if dim:
            continue
        if s["etp"] > 0:
            out[("salaire_moyen_etp_ess", t[0], t[1], y, "")] = (s["masse"] / s["etp"], None, None)
        for part, ind in (("postes_femmes", "part_femmes_postes_ess"), ("postes_insertion", "part_postes_insertion_ess")):
            if s[part + "_base"] > 0:
                out[(ind, t[0], t[1], y, "")] = (100 * s[part] / s[part + "_base"], None, None)
        if s["benevoles_n"] > 0:
            out[("benevoles_ess", t[0], t[1], y, "")] = (s["benevoles"], None, None)

    territory_jobs = defaultdict(float)
    territory_employers = defaultdict(float)
    for row in read_csv(os.path.join(datadir, "emploi_territoire.csv")):
        for t in territories(row["code_commune"]):
            territory_jobs[(t, int(row["annee"]))] += num(row["postes"])
            territory_employers[(t, int(row["annee"]))] += num(row["etablissements_employeurs"])
    poids = {}
    for (t, y, dim), s in sums.items():
        if dim == "" and territory_jobs.get((t, y), 0) > 0:
            poids[(t, y)] = 100 * s["postes"] / territory_jobs[(t, y)]
            out[("poids_postes_ess", t[0], t[1], y, "")] = (poids[(t, y)], None, None)
    ess_places = {t for com, _, _, _, _ in ess.values() for t in territories(com)}
    for (t, y), n in territory_employers.items():
        if n > 0 and y in employer_years and ((t, y) in employers or t in ess_places):
            out[("poids_etablissements_employeurs_ess", t[0], t[1], y, "")] = (
                100 * employers.get((t, y), 0) / n, None, None)
    for (t, y), p in poids.items():
        ref = poids.get((("france", "FR"), y))
        if ref:
            out[("indice_specificite_ess", t[0], t[1], y, "")] = (p / ref, None, None)
        prev = sums.get((t, y - 1, ""))
        if prev and prev["postes"] > 0:
            out[("evolution_postes_ess", t[0], t[1], y, "")] = (
                100 * (sums[(t, y, "")]["postes"] / prev["postes"] - 1), None, None)
        base = sums.get((t, y - 5, ""))
        if base and base["postes"] > 0:
            out[("tcam_postes_ess", t[0], t[1], y, "")] = (
                100 * ((sums[(t, y, "")]["postes"] / base["postes"]) ** (1 / 5) - 1), None, None)

    # ---- support programmes ----
    episodes = read_csv(os.path.join(datadir, "accompagnements.csv"))
    running = defaultdict(set)  # (t, y, dim) -> porteurs
    attrs = {}
    for a in episodes:
        start, end = iso(a["date_debut"]), iso(a["date_fin"])
        attrs[a["id_porteur"]] = a
        for y in YEARS:
            if start <= "%d-12-31" % y and (not end or end >= "%d-01-01" % y):
                for t in territories(a["code_commune"]):
                    for dim in ("", "dispositif=" + a["id_dispositif"], "phase=" + a["phase"]):
                        running[(t, y, dim)].add(a["id_porteur"])
    shares = {
        "part_femmes_accompagnes": lambda p: None if p["sexe"] == "" else p["sexe"] == "F",
        "part_qpv_accompagnes": lambda p: None if p["qpv"] == "" else p["qpv"] == "1",
        "part_rsa_accompagnes": lambda p: None if p["rsa"] == "" else p["rsa"] == "1",
        "part_demandeurs_emploi_accompagnes": lambda p: None if p["demandeur_emploi"] == "" else p["demandeur_emploi"] == "1",
        "part_moins_26_accompagnes": lambda p: None if p["tranche_age"] == "" else p["tranche_age"] == "moins_26",
        "part_50_plus_accompagnes": lambda p: None if p["tranche_age"] == "" else p["tranche_age"] == "50_plus",
    }
    for (t, y, dim), people in running.items():
        out[("porteurs_accompagnes", t[0], t[1], y, dim)] = (len(people), None, None)
        if dim:
            continue
        for ind, test in shares.items():
            known = [test(attrs[p]) for p in people if test(attrs[p]) is not None]
            if known:
                k, n = sum(known), len(known)
                out[(ind, t[0], t[1], y, "")] = (100 * k / n,) + wilson(k, n)
    ended = defaultdict(list)
    for a in episodes:
        end = iso(a["date_fin"])
        if end and int(end[:4]) in YEARS:
            for t in territories(a["code_commune"]):
                ended[(t, int(end[:4]))].append(a)
    for (t, y), eps in ended.items():
        n = len(eps)
        k = sum(1 for a in eps if a["issue"] in ("creation", "emploi", "formation"))
        out[("taux_sortie_positive", t[0], t[1], y, "")] = (100 * k / n,) + wilson(k, n)
        k = sum(1 for a in eps if a["issue"] == "creation")
        out[("taux_creation", t[0], t[1], y, "")] = (100 * k / n,) + wilson(k, n)
        hours = [num(a["heures"]) for a in eps if a["heures"] != ""]
        if hours:
            out[("heures_moyennes_accompagnement", t[0], t[1], y, "")] = (sum(hours) / len(hours), None, None)

    # ---- funding: public and private money, leverage, supported creations and their jobs ----
    where = {}  # siret -> (commune, NAF section), every establishment
    for e in read_csv(os.path.join(datadir, "etablissements.csv")):
        where[e["siret"]] = (e["codeCommuneEtablissement"], section_of[naf_norm(e["activitePrincipaleEtablissement"])])
    episode_commune = {a["id_accompagnement"]: a["code_commune"] for a in episodes}
    episode_programme = {a["id_accompagnement"]: a["id_dispositif"] for a in episodes}
    money = defaultdict(float)
    for x in read_csv(os.path.join(datadir, "financements.csv")):
        origin = x["origine"] or ("public" if x["nature"] in ("subvention", "pret_honneur") else "prive")
        com = episode_commune.get(x["id_accompagnement"]) or where.get(x["siret"], (None,))[0]
        prog = x["id_dispositif"] or episode_programme.get(x["id_accompagnement"])
        y = int(iso(x["date"])[:4])
        if com is None or y not in YEARS:
            continue
        for t in territories(com):
            for d in ("", dim_key(dispositif=prog), dim_key(financeur=x["financeur"]),
                      dim_key(financeur=x["financeur"], dispositif=prog)):
                money[(origin, t, y, d)] += num(x["montant"])
    for (origin, t, y, dim), v in money.items():
        out[("montant_public" if origin == "public" else "montant_prive", t[0], t[1], y, dim)] = (v, None, None)
        if origin == "public" and not (dim.startswith("financeur=") or ";financeur=" in dim) and v > 0:
            out[("effet_levier", t[0], t[1], y, dim)] = (money.get(("prive", t, y, dim), 0.0) / v, None, None)
    supported = {a["siret_cree"] for a in episodes if a["siret_cree"]}
    created = defaultdict(int)
    for e in read_csv(os.path.join(datadir, "etablissements.csv")):
        y = int(e["dateCreationEtablissement"][:4])
        if e["siret"] in supported and y in YEARS:
            for t in territories(e["codeCommuneEtablissement"]):
                created[(t, y)] += 1
    for (t, y), n in created.items():
        out[("creations_accompagnees", t[0], t[1], y, "")] = (n, None, None)
        pub = money.get(("public", t, y, ""), 0.0)
        if pub > 0:
            out[("cout_public_par_creation", t[0], t[1], y, "")] = (pub / n, None, None)
    jobs = defaultdict(float)
    for row in read_csv(os.path.join(datadir, "emploi.csv")):
        if row["siret"] in supported and int(row["annee"]) in YEARS:
            for t in territories(where[row["siret"]][0]):
                jobs[(t, int(row["annee"]))] += num(row["postes"])
    for (t, y), n in jobs.items():
        out[("emplois_crees", t[0], t[1], y, "")] = (n, None, None)
        pub = money.get(("public", t, y, ""), 0.0)
        if pub > 0 and n > 0:
            out[("cout_public_par_emploi", t[0], t[1], y, "")] = (pub / n, None, None)

    # ---- interview grid: mean score per axis, territory of the establishment, and section ----
    scores = defaultdict(list)
    for r in read_csv(os.path.join(datadir, "grille.csv")):
        y = int(r["annee"])
        if y not in YEARS or r["siret"] not in where:
            continue
        com, sec = where[r["siret"]]
        for t in territories(com):
            for dim in ("", "section=" + sec):
                scores[("radar_" + r["axe"], t, y, dim)].append(num(r["score"]))
    for (ind, t, y, dim), v in scores.items():
        out[(ind, t[0], t[1], y, dim)] = (sum(v) / len(v), None, None)

    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["indicator", "niveau", "territoire", "annee", "dimension", "valeur", "ic_bas", "ic_haut"])
    for key in sorted(out):
        v, lo, hi = out[key]
        w.writerow(list(key) + [repr(float(v)), "" if lo is None else repr(lo), "" if hi is None else repr(hi)])


if __name__ == "__main__":
    main()
