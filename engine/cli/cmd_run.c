/* obs run: the whole pipeline for cron, under the database lock:
 * reference data and territories, new or changed inputs, compute, reports.
 * What a publication depends on (input versions, reference files,
 * configuration, catalog, layout) is summed up in a signature kept in the
 * database: when it has not changed since the last complete run, nothing is
 * recomputed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "indicators/compute/catalog.h"
#include "engine/core/checksum.h"
#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "indicators/compute/compute.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/folders.h"
#include "engine/load/geo_outlines.h"
#include "engine/load/geography.h"
#include "reports/data/layout.h"
#include "engine/core/ledger.h"
#include "engine/load/load_job.h"
#include "engine/core/log.h"
#include "engine/pipeline/pipeline.h"
#include "engine/core/log_file.h"
#include "engine/load/perimeter.h"
#include "engine/load/reference.h"
#include "reports/render.h"
#include "engine/core/signature.h"

static const char usage[] = "obs run CONFIG [--year ANNEE] [--force] [--dry-run] [--quiet]";

static void help(void)
{
    printf("usage : %s\n\n"
           "Toute la chaîne, pour cron : référentiels et territoires, chargement des fichiers\n"
           "nouveaux ou modifiés du dossier [chemins] entrees, calcul des indicateurs, classeurs\n"
           "des territoires d'étude dans [chemins] sorties. Une exécution dont rien n'a changé\n"
           "(fichiers, référentiels, configuration, catalogue, maquette) ne recalcule rien.\n"
           "Journal horodaté dans [chemins] journal et sur la sortie d'erreur.\n\n"
           "  --year ANNEE  l'année publiée (défaut : [calcul] annee, sinon la dernière)\n"
           "  --force       tout refaire, même si rien n'a changé\n"
           "  --dry-run     dire ce qui serait fait, sans rien écrire\n"
           "  --quiet       seulement les avertissements et erreurs sur la sortie d'erreur\n\n"
           "Codes de sortie : 0 succès, 1 échec, 2 usage, 3 trop de rejets (version précédente\n"
           "conservée, calcul fait sur elle), 4 une autre exécution tient la base.\n",
           usage);
}


/* What the publication depends on, as one checksum; false when a piece could
 * not be read (then nothing can be said unchanged). */
static bool publication_signature(sqlite3 *db, const obs_config *cfg, int year, char out[33])
{
    signature s;
    if (!signature_begin(&s))
        return false;
    sqlite3_stmt *st = db_prepare(db, "SELECT dataset, checksum FROM dataset_load ORDER BY dataset");
    if (!st)
        s.failed = true;
    while (st && sqlite3_step(st) == SQLITE_ROW)
        signature_add(&s, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    signature_add_folder(&s, "reference", cfg->reference_dir, ".csv");
    signature_add_folder(&s, "catalogue", cfg->catalog_dir, ".sql");
    char *layout = checksum_file(cfg->layout_path);
    if (!layout) {
        obs_error("impossible de lire la maquette %s", cfg->layout_path);
        s.failed = true;
    }
    signature_add(&s, "maquette", layout);
    free(layout);
    signature_add(&s, "configuration", cfg->checksum);
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    signature_add(&s, "annee", y);
    return signature_end(&s, out);
}

static char *meta_get(sqlite3 *db, const char *key)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT value FROM meta WHERE key=?");
    char *v = NULL;
    if (st) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) &&
            !(v = strdup((const char *)sqlite3_column_text(st, 0))))
            obs_error("mémoire insuffisante pour lire « %s » dans la base", key);
    }
    sqlite3_finalize(st);
    return v;
}

static bool meta_set(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *st = db_prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* Reference data and territories, in one transaction; the ESS perimeter and
 * the outlines of the maps are reloaded when a reference file changed. */
static bool prepare_reference(sqlite3 *db, const obs_config *cfg)
{
    signature s;
    char sum[33];
    if (!signature_begin(&s))
        return false;
    signature_add_folder(&s, "reference", cfg->reference_dir, ".csv");
    char geo[4096];
    if ((size_t)snprintf(geo, sizeof geo, "%s/geo", cfg->reference_dir) >= sizeof geo) {
        obs_error("chemin du dossier des référentiels trop long (%zu caractères) : %s", strlen(cfg->reference_dir),
                  cfg->reference_dir);
        s.failed = true;
    }
    signature_add_folder(&s, "contours", geo, ".geojson");
    if (!signature_end(&s, sum))
        return false;
    char *before = meta_get(db, "reference");
    bool changed = !before || strcmp(before, sum) != 0;
    bool ok = db_begin(db) && (!changed || (reference_load(db, cfg->reference_dir) && perimeter_update(db))) &&
              geography_rebuild(db, cfg) && (!changed || geo_outlines_load(db, cfg->reference_dir)) &&
              meta_set(db, "reference", sum) && db_commit(db);
    if (!ok)
        db_rollback(db);
    free(before);
    return ok;
}

static bool run_stage(sqlite3 *db, int64_t run, const char *stage, bool ok)
{
    ledger_stage_end(db, run, stage, ok, ok ? NULL : "échec");
    return ok;
}

int cmd_run(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'}, {"force", no_argument, NULL, 'f'},
                                         {"dry-run", no_argument, NULL, 'n'}, {"quiet", no_argument, NULL, 'q'},
                                         {NULL, 0, NULL, 0}};
    int year = 0;
    bool force = false, dry = false, quiet = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'y':
            if (!cli_parse_year(optarg, &year))
                return cli_usage_error(usage, "année invalide « %s »", optarg);
            break;
        case 'f': force = true; break;
        case 'n': dry = true; break;
        case 'q': quiet = true; break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez le fichier de configuration");
    ctx->config_path = argv[optind]; /* the database is its [chemins] base */
    int rc = cli_setup(ctx, NEEDS_CONFIG);
    if (rc != OBS_EXIT_OK)
        return rc;
    const obs_config *cfg = &ctx->cfg;
    if (!year)
        year = cfg->year;
    /* a first run into new folders: create them (not in a dry run, which writes nothing) */
    if (!dry && (!folders_make_parent(cfg->database) || (cfg->log_file && !folders_make_parent(cfg->log_file)) ||
                 (cfg->output_dir && !folders_make(cfg->output_dir))))
        return OBS_EXIT_FAILURE;
    FILE *log = cfg->log_file && !dry ? fopen(cfg->log_file, "a") : NULL;
    if (cfg->log_file && !dry && !log)
        obs_warn("impossible d'écrire le journal %s ; messages sur la sortie d'erreur seulement", cfg->log_file);
    obs_log_set_file(log);
    obs_log_set_quiet(quiet);
    int saved_stdout = quiet && !dry ? log_silence_stdout(log) : -1; /* --quiet: nothing on success */
    rc = OBS_EXIT_FAILURE;
    if (cli_setup(ctx, NEEDS_CATALOG) != OBS_EXIT_OK || ctx->catalog_errors ||
        cli_setup(ctx, NEEDS_LAYOUT) != OBS_EXIT_OK) {
        obs_error("catalogue ou maquette en erreur : rien n'est fait (voir `obs indicators check`)");
        goto done;
    }
    int locked = cli_setup(ctx, SETUP_ALL);
    if (locked != OBS_EXIT_OK) {
        rc = locked;
        goto done;
    }
    sqlite3 *db = ctx->db;
    const catalog *cat = &ctx->cat;
    if (dry) {
        char *last = meta_get(db, "publication");
        char sig[33];
        bool known = publication_signature(db, cfg, year, sig);
        printf("essai à blanc : base %s, entrées %s, sorties %s\n", cfg->database, cfg->input_dir, cfg->output_dir);
        printf("%s\n", force || !known || !last || strcmp(last, sig) != 0
                           ? "calcul et rapports à refaire (ou entrées à recharger : voir obs load)"
                           : "rien n'a changé depuis la dernière exécution complète (hors fichiers d'entrée"
                             " nouveaux, vérifiés au chargement)");
        free(last);
        rc = OBS_EXIT_OK;
        goto done;
    }
    int64_t run = ledger_start(db, "run", cfg);
    if (!run)
        goto done;
    obs_info("exécution %lld : %s", (long long)run, argv[optind]);
    ledger_stage_begin(db, run, "reference");
    if (!run_stage(db, run, "reference", prepare_reference(db, cfg)))
        goto finish;
    ledger_stage_begin(db, run, "load");
    load_job_options jo = {.max_reject_percent = cfg->reject_threshold, .run_id = run};
    load_job_result loaded;
    char *inputs[] = {cfg->input_dir};
    int load_rc = load_job_run(db, inputs, 1, &jo, &loaded);
    if (!run_stage(db, run, "load", load_rc == OBS_EXIT_OK || load_rc == OBS_EXIT_REJECTS))
        goto finish;
    char sig[33];
    if (!publication_signature(db, cfg, year, sig))
        goto finish;
    char *last = meta_get(db, "publication");
    bool unchanged = !force && last && strcmp(last, sig) == 0;
    free(last);
    if (unchanged) {
        obs_info("rien n'a changé depuis la dernière exécution complète : ni calcul ni rapport à refaire");
        rc = load_rc;
        goto finish;
    }
    ledger_stage_begin(db, run, "compute");
    /* the series' years, as `obs compute` does: the report's evolution needs
     * them, and the same configuration gives the same publication either way */
    compute_options co = {.series = cfg->series};
    compute_result res;
    bool computed = pipeline_compute(db, run, cat, cfg, &co, &res) && res.failed == 0;
    if (!run_stage(db, run, "compute", computed))
        goto finish;
    obs_info("%d indicateurs calculés, %ld valeurs", res.computed, res.rows);
    /* a stage of its own, so that the ledger times it (make bench) */
    ledger_stage_begin(db, run, "secret");
    bool secret = pipeline_protect(db, run, cat, cfg);
    if (!run_stage(db, run, "secret", secret))
        goto finish;
    ledger_stage_begin(db, run, "report");
    render_formats formats = {.pdf = true, .xlsx = true};
    int publish_year = year ? year : res.last_year;
    /* every study territory's report and every funder's */
    pipeline_selection all = {.territories = true, .funders = true};
    size_t n_rendered = 0;
    bool rendered = pipeline_render(db, run, publish_year, &ctx->layout, cfg, formats, cfg->output_dir, &all,
                                    &n_rendered);
    if (!run_stage(db, run, "report", rendered))
        goto finish;
    meta_set(db, "publication", sig);
    rc = load_rc;
finish:
    ledger_finish(db, run, rc == OBS_EXIT_OK ? "ok" : "failed");
    obs_info("exécution %lld terminée : code %d", (long long)run, rc);
done:
    cli_release(ctx, rc); /* while the log is open; main's own call then finds nothing left */
    obs_log_set_file(NULL);
    log_restore_stdout(saved_stdout);
    if (log)
        fclose(log);
    return rc;
}
