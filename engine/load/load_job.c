/* The load job shared by `obs load` and `obs run`. */
#include "engine/load/load_job.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"

#define MAX_FILES 256

typedef struct {
    const dataset_def *def;
    char *files[MAX_FILES];
    size_t n;
} dataset_files;

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
        if (!(sets[i].files[sets[i].n] = strdup(path))) {
            obs_error("mémoire insuffisante pour la liste des fichiers (%s)", path);
            return false;
        }
        sets[i].n++;
        return true;
    }
    return false;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the files of a folder, in name order (deterministic), each recognised
 * by its header (or all of the forced dataset). A file whose header matches
 * no dataset is skipped with a warning. A recognised name that cannot be
 * read (a dangling link, a folder) is an error: skipping it would publish
 * without that dataset's new version. */
static bool is_table_file(const char *name)
{
    const char *ext = strrchr(name, '.');
    return ext && (strcasecmp(ext, ".csv") == 0 || strcasecmp(ext, ".tsv") == 0 || strcasecmp(ext, ".txt") == 0);
}

static bool add_directory(dataset_files *sets, const char *dir, const dataset_def *forced)
{
    DIR *d = opendir(dir);
    if (!d) {
        obs_error("impossible de lire le dossier %s : %s", dir, strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            char **grown = realloc(names, cap * sizeof *names);
            ok = grown != NULL;
            if (grown)
                names = grown;
        }
        if (ok && !(names[n] = strdup(e->d_name)))
            ok = false;
        if (ok)
            n++;
    }
    closedir(d);
    if (!ok)
        obs_error("mémoire insuffisante pour lister le dossier %s", dir);
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        char why[256] = "";
        if (stat(path, &st) != 0) {
            if (dataset_for_file(path)) {
                obs_error("%s : fichier illisible (%s)", path, strerror(errno));
                ok = false;
            }
        } else if (!S_ISREG(st.st_mode)) {
            if (dataset_for_file(path)) {
                obs_error("%s : n'est pas un fichier ordinaire", path);
                ok = false;
            }
        } else if (is_table_file(names[i])) {
            const dataset_def *def = forced ? forced : dataset_recognise(path, why, sizeof why);
            if (def)
                ok &= add_file(sets, def, path);
            else
                obs_warn("%s : %s ; fichier ignoré (précisez --dataset NOM)", path, why);
        }
        free(names[i]);
    }
    free(names);
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

static void free_sets(dataset_files *sets)
{
    for (size_t k = 0; datasets_in_order[k]; k++)
        for (size_t f = 0; f < sets[k].n; f++)
            free(sets[k].files[f]);
}

int load_job_run(sqlite3 *db, char *const *paths, size_t n_paths, const load_job_options *opts,
                 load_job_result *result)
{
    memset(result, 0, sizeof *result);
    dataset_files sets[16] = {{0}};
    bool ok = true;
    for (size_t i = 0; i < n_paths && ok; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            obs_error("%s : fichier ou dossier introuvable", paths[i]);
            ok = false;
        } else if (S_ISDIR(st.st_mode)) {
            ok = add_directory(sets, paths[i], opts->forced);
        } else {
            char why[256] = "";
            const dataset_def *def = opts->forced ? opts->forced : dataset_recognise(paths[i], why, sizeof why);
            if (def)
                ok = add_file(sets, def, paths[i]);
            else
                obs_warn("%s : %s ; fichier ignoré (précisez --dataset NOM)", paths[i], why);
        }
    }
    load_refs refs = {.db = db};
    int rc = OBS_EXIT_FAILURE;
    if (!ok)
        goto done;
    refs.communes = commune_index_load(db);
    refs.naf = naf_index_load(db);
    refs.cj = cj_index_load(db);
    refs.former_communes = former_commune_index_load(db);
    refs.old_naf = old_naf_index_load(db);
    if (!refs.communes || !refs.naf || !refs.cj || ref_map_size(refs.communes) == 0) {
        obs_error("référentiels absents de la base ; lancez d'abord `obs init`");
        goto done;
    }
    load_options lo = {.max_reject_percent = opts->max_reject_percent, .run_id = opts->run_id,
                       .force = opts->force};
    for (size_t i = 0; datasets_in_order[i]; i++) {
        if (sets[i].n == 0)
            continue;
        const dataset_def *def = sets[i].def;
        if (def == &dataset_accompagnements) { /* episodes refer to loaded programmes */
            ref_map_free(refs.dispositifs);
            refs.dispositifs = ref_map_load(db, "SELECT id_dispositif, id_dispositif FROM dispositif");
            if (!refs.dispositifs) { /* the reason is printed */
                result->failed++;
                break;
            }
        }
        if (def == &dataset_etablissements && !(refs.perimeter = perimeter_rules_load(db, refs.cj))) {
            result->failed++;
            break;
        }
        ledger_stage_begin(db, lo.run_id, def->name);
        load_result res = loader_load_dataset(def, (const char *const *)sets[i].files, sets[i].n, &refs, &lo);
        result->loaded += res.outcome == LOAD_DONE;
        result->unchanged += res.outcome == LOAD_UNCHANGED;
        result->refused += res.outcome == LOAD_REFUSED;
        result->failed += res.outcome == LOAD_FAILED;
        ledger_stage_end(db, lo.run_id, def->name, res.outcome == LOAD_DONE || res.outcome == LOAD_UNCHANGED,
                         res.outcome == LOAD_REFUSED && res.shrunk ? "version vide ou réduite de plus de moitié"
                         : res.outcome == LOAD_REFUSED ? "trop de rejets" : res.outcome == LOAD_FAILED ? "échec" : NULL);
    }
    if (result->loaded) /* a full scan of the employment rows: said once, when something changed */
        warn_orphans(db);
    rc = result->failed ? OBS_EXIT_FAILURE : result->refused ? OBS_EXIT_REJECTS : OBS_EXIT_OK;
done:
    ref_map_free(refs.communes);
    ref_map_free(refs.naf);
    ref_map_free(refs.cj);
    ref_map_free(refs.former_communes);
    ref_map_free(refs.old_naf);
    ref_map_free(refs.dispositifs);
    perimeter_rules_free(refs.perimeter);
    free_sets(sets);
    return rc;
}
