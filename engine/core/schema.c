/* The database schema. Column names follow DATA-CONTRACT.md (French, as the
 * users' files are); one statement list, applied idempotently by db_open. */
#include "engine/core/db.h"

const char *const obs_schema_sql =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"

    /* ---- reference data (datasets/reference/) ---- */
    "CREATE TABLE IF NOT EXISTS ref_region(code TEXT PRIMARY KEY, nom TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS ref_departement(code TEXT PRIMARY KEY, nom TEXT NOT NULL,"
    " region TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS ref_epci(code TEXT PRIMARY KEY, nom TEXT NOT NULL, type TEXT,"
    " population INTEGER);\n"
    /* every row of communes.csv, codes repeat for delegated/associated communes */
    "CREATE TABLE IF NOT EXISTS ref_commune(code TEXT NOT NULL, nom TEXT NOT NULL,"
    " type TEXT NOT NULL, commune_parent TEXT, departement TEXT, region TEXT, epci TEXT,"
    " population INTEGER);\n"
    /* valid commune keys: current communes (to themselves) and arrondissements
     * municipaux (to their commune) */
    "CREATE TABLE IF NOT EXISTS commune_key(code TEXT PRIMARY KEY, commune TEXT NOT NULL)"
    " WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS ref_naf(code TEXT PRIMARY KEY, libelle TEXT NOT NULL,"
    " niveau TEXT NOT NULL, parent TEXT, section TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS ref_categorie_juridique(code TEXT PRIMARY KEY,"
    " libelle TEXT NOT NULL, famille_ess TEXT);\n"
    "CREATE TABLE IF NOT EXISTS ref_naf_hors_ess(naf_prefix TEXT PRIMARY KEY, motif TEXT);\n"
    /* former commune codes (merged communes) -> current commune */
    "CREATE TABLE IF NOT EXISTS ref_commune_ancienne(ancien_code TEXT PRIMARY KEY,"
    " commune TEXT NOT NULL) WITHOUT ROWID;\n"
    /* older activity nomenclatures -> NAF rev. 2 at the level the ESS
     * exclusions need (naf, '' when none) and section ('' when ambiguous) */
    "CREATE TABLE IF NOT EXISTS ref_naf_ancienne(nomenclature TEXT NOT NULL, code TEXT NOT NULL,"
    " naf TEXT, section TEXT, libelle TEXT, PRIMARY KEY(nomenclature, code)) WITHOUT ROWID;\n"
    /* outlines of datasets/reference/geo/ (maps): one row per ring, points are
     * n_points pairs of little-endian IEEE-754 doubles (longitude, latitude)
     * in WGS 84, the closing vertex not repeated; a territory without outline
     * has no row */
    "CREATE TABLE IF NOT EXISTS contour(niveau TEXT NOT NULL, code TEXT NOT NULL,"
    " anneau INTEGER NOT NULL, trou INTEGER NOT NULL, n_points INTEGER NOT NULL,"
    " points BLOB NOT NULL, PRIMARY KEY(niveau, code, anneau));\n"
    "CREATE TABLE IF NOT EXISTS reference_version(file TEXT PRIMARY KEY, checksum TEXT NOT NULL,"
    " rows INTEGER NOT NULL, loaded_at TEXT NOT NULL);\n"

    /* ---- territories: names of every territory, and the long-format mapping
     * of each commune to all its levels (commune itself, epci, departement,
     * region, france, and the study territories it belongs to) ---- */
    "CREATE TABLE IF NOT EXISTS territoire(niveau TEXT NOT NULL, code TEXT NOT NULL,"
    " nom TEXT NOT NULL, PRIMARY KEY(niveau, code)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS geo(commune TEXT NOT NULL, niveau TEXT NOT NULL,"
    " code TEXT NOT NULL, PRIMARY KEY(commune, niveau, code)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS geo_by_territory ON geo(niveau, code);\n"

    /* ---- input datasets ---- */
    "CREATE TABLE IF NOT EXISTS etablissement(siret TEXT PRIMARY KEY, siren TEXT NOT NULL,"
    " date_creation TEXT," /* NULL when SIRENE gives none: then outside survival */
    " date_fermeture TEXT, etat TEXT,"
    " code_commune TEXT NOT NULL,"  /* as given (may be an arrondissement) */
    " commune TEXT NOT NULL,"       /* current commune it rolls up to */
    " naf TEXT NOT NULL,"           /* normalised 88.99B */
    " naf_section TEXT NOT NULL,"
    " categorie_juridique TEXT,"    /* from the file, else from unites_legales */
    " ess_flag TEXT,"               /* SIRENE O/N */
    " tranche_effectifs TEXT, denomination TEXT,"
    " famille_ess TEXT,"            /* association|cooperative|mutuelle|fondation|entreprise_ess */
    " est_ess INTEGER NOT NULL DEFAULT 0,"
    /* SIRENE stock columns (NULL from the contract's narrower file):
     * statutDiffusionEtablissement (O, or P for a partially diffusible unit),
     * the activity nomenclature and code as given when it is not NAF rev. 2
     * (naf is then its rev. 2 correspondence, '' when none), NAF 2025 */
    " statut_diffusion TEXT, nomenclature TEXT, naf_origine TEXT, naf25 TEXT) WITHOUT ROWID;\n"
    /* no index on commune: every query reads the establishments whole or from
     * the ESS index, and the national compute gave the same values 3 s faster
     * without it (311 s against 314 s), while building it cost 5 s of each
     * load of the establishments; databases made before lose it here */
    "DROP INDEX IF EXISTS etablissement_commune;\n"
    /* the ESS establishments alone (5 % nationally): queries on them start there
     * instead of reading every employment row (with ANALYZE, see compute.c) */
    "CREATE INDEX IF NOT EXISTS etablissement_ess ON etablissement(siret) WHERE est_ess = 1;\n"
    "CREATE TABLE IF NOT EXISTS unite_legale(siren TEXT PRIMARY KEY, categorie_juridique TEXT,"
    " ess_flag TEXT, denomination TEXT, date_creation TEXT,"
    " statut_diffusion TEXT, naf25 TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS emploi(siret TEXT NOT NULL, annee INTEGER NOT NULL,"
    " postes INTEGER NOT NULL, etp REAL NOT NULL, masse_salariale REAL NOT NULL,"
    " postes_femmes INTEGER, postes_cdi INTEGER, postes_temps_partiel INTEGER,"
    " postes_insertion INTEGER, postes_moins_26 INTEGER, postes_50_plus INTEGER,"
    " benevoles INTEGER, PRIMARY KEY(siret, annee)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS emploi_territoire(code_commune TEXT NOT NULL,"
    " commune TEXT NOT NULL, annee INTEGER NOT NULL, section TEXT NOT NULL DEFAULT '',"
    " etablissements_employeurs INTEGER NOT NULL, postes INTEGER NOT NULL,"
    " masse_salariale REAL," /* NULL: URSSAF's open data per commune x APE has none */
    " PRIMARY KEY(code_commune, annee, section)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS dispositif(id_dispositif TEXT PRIMARY KEY, nom TEXT NOT NULL,"
    " type TEXT NOT NULL, code_commune TEXT NOT NULL, commune TEXT NOT NULL,"
    " phases TEXT NOT NULL, date_debut TEXT NOT NULL, date_fin TEXT) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS accompagnement(id_accompagnement TEXT PRIMARY KEY,"
    " id_porteur TEXT NOT NULL, id_dispositif TEXT NOT NULL, date_debut TEXT NOT NULL,"
    " date_fin TEXT, phase TEXT, heures REAL, sexe TEXT, tranche_age TEXT, qpv INTEGER,"
    " rsa INTEGER, demandeur_emploi INTEGER, code_commune TEXT NOT NULL, commune TEXT NOT NULL,"
    " issue TEXT NOT NULL, siret_cree TEXT, projet_ess INTEGER) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS accompagnement_siret ON accompagnement(siret_cree);\n"
    "CREATE TABLE IF NOT EXISTS financement(id_financement TEXT PRIMARY KEY,"
    " id_accompagnement TEXT, siret TEXT, id_dispositif TEXT, financeur TEXT NOT NULL,"
    " nature TEXT NOT NULL, origine TEXT NOT NULL, montant REAL NOT NULL, date TEXT NOT NULL)"
    " WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS grille(siret TEXT NOT NULL, annee INTEGER NOT NULL,"
    " axe TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY(siret, annee, axe)) WITHOUT ROWID;\n"
    /* national figures published by the national ESS observatory, the
     * France column of the reports when present (reference_nationale.csv) */
    "CREATE TABLE IF NOT EXISTS reference_nationale(indicateur TEXT NOT NULL, annee INTEGER NOT NULL,"
    " valeur REAL NOT NULL, source TEXT NOT NULL, PRIMARY KEY(indicateur, annee)) WITHOUT ROWID;\n"

    /* ---- loading: one row per dataset version, rejected rows kept ---- */
    "CREATE TABLE IF NOT EXISTS dataset_load(dataset TEXT PRIMARY KEY, files TEXT NOT NULL,"
    " checksum TEXT NOT NULL, rows INTEGER NOT NULL, loaded INTEGER NOT NULL,"
    " rejected INTEGER NOT NULL, loaded_at TEXT NOT NULL, run_id INTEGER);\n"
    /* every load attempt, including refused ones (too many rejects) */
    "CREATE TABLE IF NOT EXISTS load_attempt(id INTEGER PRIMARY KEY, run_id INTEGER,"
    " dataset TEXT NOT NULL, files TEXT NOT NULL, checksum TEXT NOT NULL, rows INTEGER NOT NULL,"
    " loaded INTEGER NOT NULL, rejected INTEGER NOT NULL,"
    " outcome TEXT NOT NULL, at TEXT NOT NULL);\n" /* loaded|unchanged|refused|failed */
    "CREATE TABLE IF NOT EXISTS reject(id INTEGER PRIMARY KEY, dataset TEXT NOT NULL,"
    " file TEXT NOT NULL, line INTEGER NOT NULL, column TEXT NOT NULL, value TEXT,"
    " reason TEXT NOT NULL, message TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS reject_dataset ON reject(dataset);\n"

    /* ---- run ledger ---- */
    "CREATE TABLE IF NOT EXISTS run(id INTEGER PRIMARY KEY, command TEXT NOT NULL,"
    " started TEXT NOT NULL, ended TEXT, engine_version TEXT NOT NULL,"
    " config_checksum TEXT, config TEXT, seed INTEGER,"
    " outcome TEXT NOT NULL DEFAULT 'running'," /* running|ok|partial (compute --only)|failed|interrupted */
    " secret_p REAL);\n" /* the p of the p % rule applied (0: off) */
    "CREATE TABLE IF NOT EXISTS run_input(run_id INTEGER NOT NULL, dataset TEXT NOT NULL,"
    " file TEXT NOT NULL, checksum TEXT NOT NULL, rows INTEGER, PRIMARY KEY(run_id, file));\n"
    "CREATE TABLE IF NOT EXISTS run_stage(run_id INTEGER NOT NULL, stage TEXT NOT NULL,"
    " started TEXT NOT NULL, ended TEXT, outcome TEXT NOT NULL DEFAULT 'running',"
    " message TEXT, PRIMARY KEY(run_id, stage));\n"

    /* ---- results ---- */
    "CREATE TABLE IF NOT EXISTS indicator_value(run_id INTEGER NOT NULL,"
    " indicator TEXT NOT NULL, niveau TEXT NOT NULL, territoire TEXT NOT NULL,"
    " annee INTEGER NOT NULL, dimension TEXT NOT NULL DEFAULT '', valeur REAL,"
    " numerateur REAL, denominateur REAL, ic_bas REAL, ic_haut REAL, n_unites INTEGER,"
    " part_max REAL, secret INTEGER NOT NULL DEFAULT 0,"
    " valeur_brute REAL, motif_secret TEXT," /* raw value for internal use; why a cell is secret */
    " part_deuxieme REAL," /* share of the second largest unit (p % rule); last, as in a migrated base */
    " PRIMARY KEY(run_id, indicator, niveau, territoire, annee, dimension));\n"
    /* breakdown keys as data: one row per key of each dimension written so
     * far, with the dimension without that key (engine/core/dimension_key.h) */
    "CREATE TABLE IF NOT EXISTS dimension_cle(dimension TEXT NOT NULL, cle TEXT NOT NULL,"
    " valeur TEXT NOT NULL, reste TEXT NOT NULL, n_cles INTEGER NOT NULL,"
    " PRIMARY KEY(dimension, cle)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS dimension_cle_by_key ON dimension_cle(cle, valeur);\n"
    /* early warnings on the interview grid: for analysts, never published */
    "CREATE TABLE IF NOT EXISTS alerte_grille(run_id INTEGER NOT NULL, siret TEXT NOT NULL,"
    " annee INTEGER NOT NULL, axe TEXT NOT NULL, score REAL NOT NULL, score_precedent REAL,"
    " motif TEXT NOT NULL, PRIMARY KEY(run_id, siret, annee, axe));\n"
    /* catalog metadata as used by a run, so reports and exports need no catalog files */
    "CREATE TABLE IF NOT EXISTS indicator_meta(run_id INTEGER NOT NULL, indicator TEXT NOT NULL,"
    " titre TEXT NOT NULL, unite TEXT NOT NULL, type TEXT NOT NULL, theme TEXT, ordre INTEGER,"
    " definition TEXT, sources TEXT, regle_secret TEXT, secret_herite TEXT,"
    " confidentialite TEXT, dimensions_confidentielles TEXT, construit_de TEXT," /* source family, relation */
    " cadre TEXT," /* the indicator whose cells this one's exist on (0 where nothing is counted) */
    " PRIMARY KEY(run_id, indicator));\n"
    /* the cells statistical secrecy masked, by level, source family and reason */
    "CREATE TABLE IF NOT EXISTS secret_loss(run_id INTEGER NOT NULL, niveau TEXT NOT NULL,"
    " famille TEXT NOT NULL, motif TEXT NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY(run_id, niveau, famille, motif));\n"
    "CREATE TABLE IF NOT EXISTS survival_curve(run_id INTEGER NOT NULL, indicator TEXT NOT NULL,"
    " niveau TEXT NOT NULL, territoire TEXT NOT NULL, groupe TEXT NOT NULL, time REAL NOT NULL,"
    " n_risk REAL NOT NULL, n_event REAL NOT NULL, n_censor REAL NOT NULL, surv REAL NOT NULL,"
    " std_err REAL, lower REAL, upper REAL,"
    " PRIMARY KEY(run_id, indicator, niveau, territoire, groupe, time));\n"
    "CREATE TABLE IF NOT EXISTS survival_test(run_id INTEGER NOT NULL, indicator TEXT NOT NULL,"
    " niveau TEXT NOT NULL, territoire TEXT NOT NULL, test TEXT NOT NULL, groupes TEXT NOT NULL,"
    " chisq REAL, df INTEGER, p REAL,"
    " PRIMARY KEY(run_id, indicator, niveau, territoire, test, groupes));\n";
