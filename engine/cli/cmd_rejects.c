/* obs rejects: the rejected rows with file, line, column, value and reason. */
#include <getopt.h>
#include <stdio.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/csv_writer.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"

static const char usage[] = "obs rejects DB [--csv] [--dataset NOM]";

int cmd_rejects(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Liste les lignes rejetées au dernier chargement de chaque jeu de données, avec\n"
               "fichier, ligne, colonne, valeur brute et motif.\n\n"
               "  --csv           sortie CSV : file,line,column,value,reason\n"
               "  --dataset NOM   un seul jeu de données\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {
        {"csv", no_argument, NULL, 'c'}, {"dataset", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    bool csv = false;
    const char *dataset = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'c')
            csv = true;
        else if (opt == 'd')
            dataset = optarg;
        else
            return cli_usage_error(usage, "option invalide");
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    ctx->db_path = argv[optind];
    int setup = cli_setup(ctx, SETUP_ALL);
    if (setup != OBS_EXIT_OK)
        return setup;
    sqlite3 *db = ctx->db;
    sqlite3_stmt *st = db_prepare(db, "SELECT file, line, column, value, reason, message FROM reject"
                                      " WHERE ?1 IS NULL OR dataset = ?1 ORDER BY id");
    if (!st)
        return OBS_EXIT_FAILURE;
    if (dataset)
        sqlite3_bind_text(st, 1, dataset, -1, SQLITE_STATIC);
    if (csv)
        printf("file,line,column,value,reason\n");
    long n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *f[6];
        for (int i = 0; i < 6; i++)
            f[i] = (const char *)sqlite3_column_text(st, i);
        if (csv)
            csv_write_row(stdout, f, 5);
        else
            printf("%s:%s: %s [%s] colonne %s, valeur « %s »\n", f[0], f[1], f[5], f[4], f[2],
                   f[3] ? f[3] : "");
        n++;
    }
    sqlite3_finalize(st);
    if (!csv)
        printf("%ld ligne%s rejetée%s\n", n, n > 1 ? "s" : "", n > 1 ? "s" : "");
    return OBS_EXIT_OK;
}
