/* obs compute: the catalog at every level and year of the series, into indicator_value. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "indicators/compute/catalog.h"
#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "indicators/compute/compute.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/load/geography.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "engine/pipeline/pipeline.h"

static const char usage[] = "obs compute DB [--config FICHIER] [--year ANNEE] [--only ID,...]";

int cmd_compute(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Calcule chaque indicateur du catalogue pour chaque niveau territorial (commune, EPCI,\n"
               "département, région, France, territoires d'étude) et chaque année de la série (les\n"
               "`serie` dernières années des données, 10 par défaut, réglées dans [calcul]), dans\n"
               "la table indicator_value d'une nouvelle exécution (voir `obs export`).\n\n"
               "  --config FICHIER   configuration (territoires d'étude, catalogue, niveau de référence)\n"
               "  --year ANNEE       une seule année\n"
               "  --only ID,...      seulement ces indicateurs\n\n"
               "Une définition en erreur fait échouer cet indicateur, pas les autres (code 1).\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'},
                                         {"year", required_argument, NULL, 'y'},
                                         {"only", required_argument, NULL, 'o'},
                                         {NULL, 0, NULL, 0}};
    compute_options co = {0};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'c': ctx->config_path = optarg; break;
        case 'y':
            if (!cli_parse_year(optarg, &co.year))
                return cli_usage_error(usage, "année invalide « %s »", optarg);
            break;
        case 'o':
            /* given twice: the last one counts (the first list freed) */
            for (size_t i = 0; i < co.n_only; i++)
                free(co.only[i]);
            free(co.only);
            co.n_only = 0;
            if (!(co.only = config_split_list(optarg, &co.n_only))) {
                obs_error("--only : mémoire insuffisante");
                return OBS_EXIT_FAILURE;
            }
            break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (optind != argc - 1) {
        return cli_usage_error(usage, "indiquez une base de données");
    }
    ctx->db_path = argv[optind];
    /* the indicators named by --only are checked before the lock is taken */
    int rc = cli_setup(ctx, NEEDS_CATALOG);
    for (size_t i = 0; rc == OBS_EXIT_OK && i < co.n_only; i++)
        if (!catalog_find(&ctx->cat, co.only[i])) {
            obs_error("indicateur inconnu « %s » (voir `obs indicators`)", co.only[i]);
            rc = OBS_EXIT_USAGE;
        }
    if (rc == OBS_EXIT_OK)
        rc = cli_setup(ctx, SETUP_ALL);
    if (rc != OBS_EXIT_OK)
        goto done;
    sqlite3 *db = ctx->db;
    const obs_config *cfg = &ctx->cfg;
    const catalog *cat = &ctx->cat;
    co.series = cfg->series;
    int errors = ctx->catalog_errors;
    rc = OBS_EXIT_FAILURE;
    int64_t run = ledger_start(db, "compute", ctx->config_path ? cfg : NULL);
    if (!run)
        goto done;
    /* the study territories of this configuration */
    bool ok = db_begin(db) && geography_rebuild(db, cfg) && db_commit(db);
    if (!ok)
        db_rollback(db);
    compute_result res;
    ok = ok && pipeline_compute(db, run, cat, cfg, &co, &res);
    /* what is published respects statistical secrecy */
    ok = ok && pipeline_protect(db, run, cat, cfg);
    if (ok) {
        printf("exécution %lld : %d indicateurs calculés%s, %ld valeurs, années %d à %d\n", (long long)run,
               res.computed, res.failed ? "" : " sans erreur", res.rows, co.year ? co.year : res.first_year,
               co.year ? co.year : res.last_year);
        obs_log_only("exécution %lld : %d indicateurs calculés, %ld valeurs", (long long)run, res.computed,
                     res.rows);
        if (res.failed || errors)
            obs_error("%d indicateur%s en erreur (voir les messages ci-dessus)", res.failed + errors,
                      res.failed + errors > 1 ? "s" : "");
    }
    /* a run of some indicators only is never published (see run_check.h) */
    ledger_finish(db, run, ok && !res.failed && !errors ? (co.n_only ? "partial" : "ok") : "failed");
    rc = ok && !res.failed && !errors ? OBS_EXIT_OK : OBS_EXIT_FAILURE;
done:
    for (size_t i = 0; i < co.n_only; i++)
        free(co.only[i]);
    free(co.only);
    return rc;
}
