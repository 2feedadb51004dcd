/* obs init: creates the database, loads the reference data and builds the
 * territories (commune keys, geo, study territories). Re-running it reloads
 * the reference files and rebuilds the territories; loaded data stay. */
#include <getopt.h>
#include <stdio.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/load/geo_outlines.h"
#include "engine/load/geography.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "engine/load/perimeter.h"
#include "engine/load/reference.h"

static const char usage[] = "obs init DB [--config FICHIER]";

static long long count(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = db_prepare(db, sql);
    long long n = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void summary(sqlite3 *db, const obs_config *cfg)
{
    printf("référentiels : %lld communes (+ %lld arrondissements municipaux), %lld EPCI,"
           " %lld départements, %lld régions, %lld codes NAF, %lld catégories juridiques\n",
           count(db, "SELECT count(*) FROM territoire WHERE niveau='commune'"),
           count(db, "SELECT count(*) FROM commune_key WHERE code <> commune"),
           count(db, "SELECT count(*) FROM ref_epci"), count(db, "SELECT count(*) FROM ref_departement"),
           count(db, "SELECT count(*) FROM ref_region"),
           count(db, "SELECT count(*) FROM ref_naf WHERE niveau='sous-classe'"),
           count(db, "SELECT count(*) FROM ref_categorie_juridique"));
    sqlite3_stmt *st = db_prepare(db, "SELECT t.code, t.nom, count(g.commune) FROM territoire t"
                                      " LEFT JOIN geo g ON g.niveau='etude' AND g.code=t.code"
                                      " WHERE t.niveau='etude' GROUP BY t.code ORDER BY t.code");
    while (st && sqlite3_step(st) == SQLITE_ROW)
        printf("territoire d'étude %s (%s) : %d communes\n", sqlite3_column_text(st, 0),
               sqlite3_column_text(st, 1), sqlite3_column_int(st, 2));
    sqlite3_finalize(st);
    (void)cfg;
}

int cmd_init(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Crée la base (ou la met à jour), charge les référentiels (communes, EPCI,\n"
               "départements, régions, NAF, catégories juridiques, exclusions du périmètre ESS,\n"
               "contours des cartes)\n"
               "et construit les territoires, dont les territoires d'étude de la configuration.\n"
               "Relancer init recharge les référentiels ; les données chargées sont conservées.\n\n"
               "  --config FICHIER   configuration (territoires d'étude, dossier des référentiels)\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"config", required_argument, NULL, 'c'}, {NULL, 0, NULL, 0}};
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'c')
            return cli_usage_error(usage, "option invalide");
        ctx->config_path = optarg;
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données, et une seule");
    ctx->db_path = argv[optind];
    int rc = cli_setup(ctx, SETUP_ALL);
    if (rc != OBS_EXIT_OK)
        return rc;
    sqlite3 *db = ctx->db;
    const obs_config *cfg = &ctx->cfg;
    int64_t run = ledger_start(db, "init", cfg);
    if (!run)
        return OBS_EXIT_FAILURE;
    ledger_stage_begin(db, run, "reference");
    /* One transaction: a failed init leaves the previous reference data whole. */
    bool ok = db_begin(db) && reference_load(db, cfg->reference_dir) && geography_rebuild(db, cfg) &&
              geo_outlines_load(db, cfg->reference_dir) && perimeter_update(db) && db_commit(db);
    if (!ok)
        db_rollback(db);
    ledger_stage_end(db, run, "reference", ok, ok ? NULL : "échec du chargement des référentiels");
    ledger_finish(db, run, ok ? "ok" : "failed");
    if (!ok)
        return OBS_EXIT_FAILURE;
    summary(db, cfg);
    return OBS_EXIT_OK;
}
