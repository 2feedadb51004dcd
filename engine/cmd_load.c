/* obs load: validated loading of input files (see engine/loader.h). */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "dataset.h"
#include "db.h"
#include "exit_codes.h"
#include "ledger.h"
#include "log.h"
#include "run_lock.h"

static const char usage[] = "obs load DB [--config FICHIER] [--dataset NOM] [--max-rejects POURCENT] CHEMIN...";

#define MAX_FILES 256

typedef struct {
    const dataset_def *def;
    char *files[MAX_FILES];
    size_t n;
} dataset_files;

static void help(void)
{
    printf("usage : %s\n\n"
           "Charge des fichiers dans la base. Un CHEMIN est un fichier reconnu par son nom\n"
           "(etablissements*.csv ou StockEtablissement*.csv, unites_legales*.csv ou\n"
           "StockUniteLegale*.csv, emploi*.csv, emploi_territoire*.csv, dispositifs*.csv,\n"
           "accompagnements*.csv, financements*.csv, grille*.csv) ou un dossier qui en contient.\n"
           "Chaque ligne est chargée ou rejetée avec son motif (voir `obs rejects`) ; les\n"
           "fichiers d'un même jeu forment sa nouvelle version, qui remplace l'ancienne d'un\n"
           "bloc. Un fichier identique à la version chargée ne change rien.\n\n"
           "  --config FICHIER        configuration (seuil de rejets)\n"
           "  --dataset NOM           force le jeu de données des fichiers donnés\n"
           "  --max-rejects POURCENT  part de lignes rejetées au-delà de laquelle le jeu n'est\n"
           "                          pas remplacé (défaut : [calcul] seuil_rejets, 5 %%)\n\n"
           "Codes de sortie : 0 chargé, 1 échec, 2 usage, 3 trop de rejets, 4 base verrouillée.\n",
           usage);
}

static bool add_file(dataset_files *sets, const dataset_def *def, const char *path)
{
    for (size_t i = 0; datasets_in_order[i]; i++) {
        if (datasets_in_order[i] != def)
            continue;
        if (sets[i].n == MAX_FILES) {
            obs_error("plus de %d fichiers pour %s", MAX_FILES, def->name);
            return false;
        }
        sets[i].def = def;
        sets[i].files[sets[i].n++] = strdup(path);
        return true;
    }
    return false;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the recognised files of a folder, in name order (deterministic). */
static bool add_directory(dataset_files *sets, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        obs_error("impossible de lire le dossier %s", dir);
        return false;
    }
    char *names[4096];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 4096)
        if (e->d_name[0] != '.')
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, compare_names);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            const dataset_def *def = dataset_for_file(path);
            if (def)
                ok &= add_file(sets, def, path);
            else if (strstr(names[i], ".csv") || strstr(names[i], ".CSV"))
                obs_warn("%s : nom de fichier non reconnu, ignoré (voir `obs load --help`)", path);
        }
        free(names[i]);
    }
    return ok;
}

static void warn_orphans(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT count(*) FROM emploi e WHERE NOT EXISTS"
                                      " (SELECT 1 FROM etablissement t WHERE t.siret = e.siret)");
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
        obs_warn("%lld lignes d'emploi concernent des établissements absents d'etablissements.csv :"
                 " elles ne comptent dans aucun indicateur de l'ESS",
                 (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    st = db_prepare(db, "SELECT count(*) FROM etablissement t WHERE coalesce(t.categorie_juridique,'')=''"
                        " AND NOT EXISTS (SELECT 1 FROM unite_legale u WHERE u.siren = t.siren"
                        " AND coalesce(u.categorie_juridique,'') <> '')");
    if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int64(st, 0) > 0)
        obs_warn("%lld établissements sans catégorie juridique (ni dans le fichier ni dans"
                 " unites_legales) : hors du périmètre de l'ESS sauf indicateur ESS « O »",
                 (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
}

int cmd_load(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"dataset", required_argument, NULL, 'd'},
        {"max-rejects", required_argument, NULL, 'm'},
        {NULL, 0, NULL, 0},
    };
    const char *config_path = NULL, *forced = NULL;
    double max_rejects = -1;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'c': config_path = optarg; break;
        case 'd': forced = optarg; break;
        case 'm':
            max_rejects = strtod(optarg, &end);
            if (*end || max_rejects < 0 || max_rejects > 100)
                return cli_usage_error(usage, "--max-rejects attend un pourcentage de 0 à 100");
            break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (argc - optind < 2)
        return cli_usage_error(usage, "indiquez une base et au moins un fichier ou dossier");
    const dataset_def *forced_def = NULL;
    if (forced && !(forced_def = dataset_named(forced)))
        return cli_usage_error(usage, "jeu de données inconnu « %s »", forced);
    const char *db_path = argv[optind];

    dataset_files sets[16] = {{0}};
    bool ok = true;
    for (int i = optind + 1; i < argc && ok; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            obs_error("%s : fichier ou dossier introuvable", argv[i]);
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = add_directory(sets, argv[i]);
        } else {
            const dataset_def *def = forced_def ? forced_def : dataset_for_file(argv[i]);
            if (!def) {
                for (size_t k = 0; datasets_in_order[k]; k++)
                    for (size_t f = 0; f < sets[k].n; f++)
                        free(sets[k].files[f]);
                return cli_usage_error(usage,
                                       "%s : nom de fichier non reconnu ; précisez --dataset NOM", argv[i]);
            }
            ok = add_file(sets, def, argv[i]);
        }
    }
    obs_config cfg;
    config_defaults(&cfg);
    if (config_path && !config_load(&cfg, config_path))
        ok = false;
    int rc = ok ? OBS_EXIT_FAILURE : OBS_EXIT_USAGE;
    run_lock *lock = NULL;
    sqlite3 *db = NULL;
    load_refs refs = {0};
    if (!ok)
        goto done;
    run_lock_status ls = run_lock_acquire(db_path, &lock);
    if (ls != RUN_LOCK_OK) {
        rc = ls == RUN_LOCK_BUSY ? OBS_EXIT_LOCKED : OBS_EXIT_FAILURE;
        goto done;
    }
    db = db_open_existing(db_path);
    if (!db)
        goto done;
    refs.db = db;
    refs.communes = commune_index_load(db);
    refs.naf = naf_index_load(db);
    refs.cj = cj_index_load(db);
    if (!refs.communes || !refs.naf || !refs.cj || ref_map_size(refs.communes) == 0) {
        obs_error("%s : référentiels absents ; lancez d'abord `obs init %s`", db_path, db_path);
        goto done;
    }
    load_options lo = {
        .max_reject_percent = max_rejects >= 0 ? max_rejects : cfg.reject_threshold,
        .run_id = ledger_start(db, "load", config_path ? &cfg : NULL),
    };
    if (!lo.run_id)
        goto done;
    bool any_failed = false, any_refused = false;
    for (size_t i = 0; datasets_in_order[i]; i++) {
        if (sets[i].n == 0)
            continue;
        const dataset_def *def = sets[i].def;
        if (def == &dataset_accompagnements) { /* episodes refer to loaded programmes */
            ref_map_free(refs.dispositifs);
            refs.dispositifs = ref_map_load(db, "SELECT id_dispositif, id_dispositif FROM dispositif");
        }
        ledger_stage_begin(db, lo.run_id, def->name);
        load_result res = loader_load_dataset(def, (const char *const *)sets[i].files, sets[i].n, &refs, &lo);
        any_failed |= res.outcome == LOAD_FAILED;
        any_refused |= res.outcome == LOAD_REFUSED;
        ledger_stage_end(db, lo.run_id, def->name, res.outcome == LOAD_DONE || res.outcome == LOAD_UNCHANGED,
                         res.outcome == LOAD_REFUSED ? "trop de rejets" : res.outcome == LOAD_FAILED ? "échec" : NULL);
    }
    warn_orphans(db);
    ledger_finish(db, lo.run_id, any_failed || any_refused ? "failed" : "ok");
    rc = any_failed ? OBS_EXIT_FAILURE : any_refused ? OBS_EXIT_REJECTS : OBS_EXIT_OK;
done:
    ref_map_free(refs.communes);
    ref_map_free(refs.naf);
    ref_map_free(refs.cj);
    ref_map_free(refs.dispositifs);
    for (size_t k = 0; datasets_in_order[k]; k++)
        for (size_t f = 0; f < sets[k].n; f++)
            free(sets[k].files[f]);
    db_close(db);
    run_lock_release(lock);
    config_free(&cfg);
    return rc;
}
