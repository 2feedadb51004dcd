/* obs export: the published values of a run as CSV, with the contract's header. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/csv_writer.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "engine/cli/run_check.h"

static const char usage[] = "obs export DB [--run ID|latest] [--indicator ID] [--csv] [--internal]";

static void number(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return;
    if (sqlite3_column_type(st, col) == SQLITE_INTEGER)
        printf("%lld", (long long)sqlite3_column_int64(st, col));
    else
        printf("%.17g", sqlite3_column_double(st, col)); /* round-trips exactly */
}

int cmd_export(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Écrit sur la sortie standard, en CSV, les valeurs d'une exécution (la dernière par\n"
               "défaut) : run_id,indicator,niveau,territoire,annee,dimension,valeur,numerateur,\n"
               "denominateur,ic_bas,ic_haut,n_unites,secret. Les nombres sont écrits avec 17\n"
               "chiffres significatifs (relus à l'identique).\n\n"
               "  --run ID|latest   exécution à exporter\n"
               "  --indicator ID    un seul indicateur\n"
               "  --csv             format CSV (le seul format, accepté pour la lisibilité)\n"
               "  --internal        export INTERNE, à ne pas diffuser : les valeurs soumises au secret\n"
               "                    statistique figurent dans une colonne valeur_brute_interne\n\n"
               "Les cellules secrètes (secret = 1) n'ont ni valeur, ni intervalle dans l'export\n"
               "publié. Les colonnes numerateur, denominateur et n_unites y sont vides pour toutes\n"
               "les cellules : le numérateur d'un coût ou le dénominateur d'un effet de levier\n"
               "redonnerait une cellule masquée d'un autre indicateur (--internal les garde).\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"run", required_argument, NULL, 'r'},
                                         {"indicator", required_argument, NULL, 'i'},
                                         {"csv", no_argument, NULL, 'c'},
                                         {"internal", no_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    const char *run_arg = "latest", *indicator = NULL;
    bool internal = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'r')
            run_arg = optarg;
        else if (opt == 'i')
            indicator = optarg;
        else if (opt == 'n')
            internal = true;
        else if (opt != 'c')
            return cli_usage_error(usage, "option invalide");
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    long long run = 0;
    if (!cli_parse_run(run_arg, &run))
        return cli_usage_error(usage, "--run attend un identifiant ou latest");
    ctx->db_path = argv[optind];
    int setup = cli_setup(ctx, SETUP_ALL);
    if (setup != OBS_EXIT_OK)
        return setup;
    sqlite3 *db = ctx->db;
    int64_t chosen = 0;
    int checked = run_check_resolve(db, run, true, &chosen);
    if (checked == OBS_EXIT_OK && indicator)
        checked = run_check_indicator(db, chosen, indicator);
    if (checked != OBS_EXIT_OK)
        return checked;
    run = chosen;
    sqlite3_stmt *st = db_prepare(db, "SELECT run_id, indicator, niveau, territoire, annee, dimension,"
                                      " valeur, numerateur, denominateur, ic_bas, ic_haut, n_unites, secret, valeur_brute"
                                      " FROM indicator_value WHERE run_id = ?1 AND (?2 IS NULL OR indicator = ?2)"
                                      " ORDER BY indicator, niveau, territoire, annee, dimension");
    if (!st)
        return OBS_EXIT_FAILURE;
    sqlite3_bind_int64(st, 1, run);
    if (indicator)
        sqlite3_bind_text(st, 2, indicator, -1, SQLITE_STATIC);
    printf("run_id,indicator,niveau,territoire,annee,dimension,valeur,numerateur,denominateur,ic_bas,"
           "ic_haut,n_unites,secret%s\n", internal ? ",valeur_brute_interne" : "");
    while (sqlite3_step(st) == SQLITE_ROW) {
        bool secret = sqlite3_column_int(st, 12) != 0;
        printf("%lld,", (long long)sqlite3_column_int64(st, 0));
        for (int c = 1; c <= 3; c++) {
            csv_write_field(stdout, (const char *)sqlite3_column_text(st, c));
            putchar(',');
        }
        printf("%d,", sqlite3_column_int(st, 4));
        csv_write_field(stdout, (const char *)sqlite3_column_text(st, 5));
        for (int c = 6; c <= 12; c++) {
            putchar(',');
            /* a secret cell's figures, its count of units included, would reveal it: published empty;
             * numerators, denominators and counts of units of every cell too, since a ratio's
             * numerator or denominator is another indicator's cell, possibly masked */
            bool parts = c == 7 || c == 8 || c == 11;
            if (internal || c == 12 || (!secret && !parts))
                number(st, c);
        }
        if (internal) {
            putchar(',');
            number(st, 13);
        }
        putchar('\n');
    }
    sqlite3_finalize(st);
    return OBS_EXIT_OK;
}
