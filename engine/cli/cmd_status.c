/* obs status: what is loaded, per dataset. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/csv_writer.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"

static const char usage[] = "obs status DB [--csv]";

int cmd_status(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Pour chaque jeu de données chargé : lignes chargées, lignes rejetées, empreinte\n"
               "(XXH3-128) et date du chargement, puis les tentatives refusées.\n\n"
               "  --csv   sortie CSV : dataset,rows,rejected,checksum,loaded_at\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"csv", no_argument, NULL, 'c'}, {NULL, 0, NULL, 0}};
    bool csv = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt != 'c')
            return cli_usage_error(usage, "option invalide");
        csv = true;
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    ctx->db_path = argv[optind];
    int setup = cli_setup(ctx, SETUP_ALL);
    if (setup != OBS_EXIT_OK)
        return setup;
    sqlite3 *db = ctx->db;
    sqlite3_stmt *st = db_prepare(db, "SELECT dataset, loaded, rejected, checksum, loaded_at, rows"
                                      " FROM dataset_load ORDER BY dataset");
    if (!st)
        return OBS_EXIT_FAILURE;
    if (csv)
        printf("dataset,rows,rejected,checksum,loaded_at\n");
    else
        printf("%-18s %12s %10s  %-32s  %s\n", "jeu de données", "chargées", "rejetées", "empreinte",
               "chargé le (UTC)");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *f[5];
        for (int i = 0; i < 5; i++)
            f[i] = (const char *)sqlite3_column_text(st, i);
        if (csv)
            csv_write_row(stdout, f, 5);
        else
            printf("%-18s %12s %10s  %-32s  %s\n", f[0], f[1], f[2], f[3], f[4]);
        n++;
    }
    sqlite3_finalize(st);
    if (!csv) {
        if (n == 0)
            printf("(aucun jeu de données chargé : voir `obs load`)\n");
        st = db_prepare(db, "SELECT a.dataset, a.files, a.rows, a.rejected, a.at FROM load_attempt a"
                            " WHERE a.outcome='refused' AND a.id = (SELECT max(id) FROM load_attempt b"
                            " WHERE b.dataset = a.dataset) ORDER BY a.dataset");
        while (st && sqlite3_step(st) == SQLITE_ROW)
            printf("refusé : %s (%s) le %s : %lld rejets sur %lld lignes ; version précédente conservée\n",
                   sqlite3_column_text(st, 0), sqlite3_column_text(st, 1), sqlite3_column_text(st, 4),
                   (long long)sqlite3_column_int64(st, 3), (long long)sqlite3_column_int64(st, 2));
        sqlite3_finalize(st);
    }
    return OBS_EXIT_OK;
}
