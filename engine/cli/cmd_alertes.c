/* obs alertes: the interview grid's early warnings, for the observatory's
 * support team only (never part of a published report). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/data/alertes.h"
#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/fr_format.h"
#include "engine/core/log.h"
#include "engine/cli/run_check.h"
#include "reports/xlsx/xlsx_alertes.h"

static const char usage[] = "obs alertes DB [--year ANNEE] [--xlsx FICHIER]";

#define INTERNAL_NOTICE                                                                                         \
    "USAGE INTERNE : liste pour l'équipe d'accompagnement de l'observatoire, à ne pas publier ni diffuser.\n"

static void help(void)
{
    printf("usage : %s\n\n" INTERNAL_NOTICE
           "\nLes alertes de la grille d'entretien d'une année (la dernière par défaut), calculées par\n"
           "la dernière exécution complète : un axe dont le score est de 1 ou moins, ou a baissé de\n"
           "2 points ou plus depuis l'année précédente. Chaque structure avec son nom et sa commune\n"
           "(SIRENE), par ordre de priorité : d'abord celles qui ont le plus d'axes en alerte, puis\n"
           "la plus forte baisse. Cette liste ne figure dans aucun rapport publié.\n\n"
           "  --year ANNEE      année de la grille\n"
           "  --xlsx FICHIER    écrire aussi la liste dans un classeur (marqué « usage interne »)\n",
           usage);
}

static int grid_years(sqlite3 *db, int *first, int *last)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT min(annee), max(annee), count(*) FROM grille");
    int n = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        *first = sqlite3_column_int(st, 0);
        *last = sqlite3_column_int(st, 1);
        n = sqlite3_column_int(st, 2);
    }
    sqlite3_finalize(st);
    return n;
}

static bool grid_has_year(sqlite3 *db, int year)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM grille WHERE annee = ? LIMIT 1");
    bool has = false;
    if (st) {
        sqlite3_bind_int(st, 1, year);
        has = sqlite3_step(st) == SQLITE_ROW;
    }
    sqlite3_finalize(st);
    return has;
}

static void score_text(double v, char *out, size_t len)
{
    fr_number(v, v == (double)(long)v ? 0 : 1, out, len);
}

static void print_list(const alerte_list *l, int year, int64_t run)
{
    printf(INTERNAL_NOTICE "\nAlertes de la grille d'entretien %d (exécution n° %lld) : %zu alerte%s, %d structure%s\n",
           year, (long long)run, l->n, l->n > 1 ? "s" : "", l->structures, l->structures > 1 ? "s" : "");
    for (size_t i = 0; i < l->n; i++) {
        const alerte *a = &l->items[i];
        if (i == 0 || a->rank != l->items[i - 1].rank) {
            char fall[32];
            score_text(a->max_fall, fall, sizeof fall);
            printf("\n%d. %s (SIRET %s), %s — %d axe%s en alerte", a->rank, a->nom[0] ? a->nom : "(nom inconnu)",
                   a->siret, a->commune[0] ? a->commune : "commune inconnue", a->axes, a->axes > 1 ? "s" : "");
            if (a->max_fall > 0)
                printf(", baisse maximale de %s point%s", fall, a->max_fall >= 2 ? "s" : "");
            putchar('\n');
        }
        char now[32], before[32] = "—", reason[128];
        score_text(a->score, now, sizeof now);
        if (a->has_previous)
            score_text(a->previous, before, sizeof before);
        alertes_reason(a, reason, sizeof reason);
        printf("   %s : %s (%d : %s) — %s\n", a->axe, now, year - 1, before, reason);
    }
}

int cmd_alertes(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
                                         {"xlsx", required_argument, NULL, 'x'},
                                         {NULL, 0, NULL, 0}};
    int year = 0;
    const char *xlsx = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'y':
            if (!cli_parse_year(optarg, &year))
                return cli_usage_error(usage, "année invalide « %s »", optarg);
            break;
        case 'x': xlsx = optarg; break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    ctx->db_path = argv[optind];
    int setup = cli_setup(ctx, SETUP_ALL);
    if (setup != OBS_EXIT_OK)
        return setup;
    sqlite3 *db = ctx->db;
    int rc = OBS_EXIT_FAILURE;
    alerte_list list = {0};
    int first = 0, last = 0;
    int64_t run = run_check_last_complete(db);
    if (!grid_years(db, &first, &last)) {
        obs_error("aucune grille d'entretien chargée (fichier grille*.csv, voir `obs load`)");
        goto done;
    }
    if (!run) {
        obs_error("aucune exécution complète : lancez d'abord `obs compute`");
        goto done;
    }
    if (year && !grid_has_year(db, year)) {
        obs_error("aucune grille d'entretien pour l'année %d (années disponibles : %d à %d)", year, first, last);
        rc = OBS_EXIT_USAGE;
        goto done;
    }
    if (!year)
        year = last;
    if (!alertes_load(db, run, year, &list))
        goto done;
    print_list(&list, year, run);
    if (xlsx && !xlsx_alertes_write(xlsx, &list, year, "obs"))
        goto done;
    rc = OBS_EXIT_OK;
done:
    alertes_free(&list);
    return rc;
}
