/* obs indicators: list, show and check the catalog. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "indicators/compute/catalog.h"
#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "reports/data/report_data.h"
#include "indicators/compute/sources.h"

static const char usage[] = "obs indicators [list | show ID | check [--base FICHIER]] [--catalog DOSSIER] [--config FICHIER]";

static void show(const indicator_def *d)
{
    printf("id          %s\ntitre       %s\nunité       %s\ntype        %s\nintervalle  %s\n"
           "secret      %s\nthème       %s\n",
           d->id, d->titre, d->unite, indicator_kind_name(d->kind),
           d->ic == IC_WILSON ? "wilson" : d->ic == IC_BOOTSTRAP ? "bootstrap" : d->ic == IC_KM_LOGLOG ? "log-log"
           : d->ic == IC_KM_LOG ? "log" : d->ic == IC_KM_PLAIN ? "plain" : "aucun", d->secret, d->theme);
    if (d->base)
        printf("base        %s\n", d->base);
    printf("définition  %s\nsources     %s\nfichier     %s\n", d->definition, d->sources, d->file);
    if (d->sql)
        printf("\n%s", d->sql);
}

int cmd_indicators(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "  list (défaut)  les indicateurs du catalogue : identifiant, type, titre\n"
               "  show ID        les métadonnées et la requête d'un indicateur\n"
               "  check          vérifie chaque fichier (métadonnées, requête, colonnes) et nomme\n"
               "                 fichier:ligne pour chaque erreur ; code de sortie 1 s'il y en a.\n"
               "                 Un ratio, une moyenne ou un effet de levier tiré de données\n"
               "                 confidentielles doit déclarer « construit_de: NUM / DEN ».\n"
               "  --base FICHIER avec check : vérifie aussi chaque construit_de sur les valeurs\n"
               "                 brutes de la dernière exécution de cette base\n\n"
               "  --catalog DOSSIER  catalogue à lire (défaut : [chemins] catalogue, sinon\n"
               "                     indicators/catalog)\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"catalog", required_argument, NULL, 'k'},
                                         {"config", required_argument, NULL, 'c'},
                                         {"base", required_argument, NULL, 'b'},
                                         {NULL, 0, NULL, 0}};
    const char *dir = NULL, *base = NULL;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'k')
            dir = optarg;
        else if (opt == 'c')
            ctx->config_path = optarg;
        else if (opt == 'b')
            base = optarg;
        else
            return cli_usage_error(usage, "option invalide");
    }
    const char *action = optind < argc ? argv[optind] : "list";
    ctx->catalog_dir = dir;
    int rc = cli_setup(ctx, SETUP_ALL);
    if (rc != OBS_EXIT_OK)
        return rc;
    const catalog *cat = &ctx->cat;
    int errors = ctx->catalog_errors;
    if (strcmp(action, "list") == 0) {
        for (size_t i = 0; i < cat->n; i++)
            printf("%-38s %-12s %s\n", cat->items[i].id, indicator_kind_name(cat->items[i].kind),
                   cat->items[i].titre);
        rc = errors ? OBS_EXIT_FAILURE : OBS_EXIT_OK;
    } else if (strcmp(action, "show") == 0) {
        const indicator_def *d = optind + 1 < argc ? catalog_find(cat, argv[optind + 1]) : NULL;
        if (!d) {
            obs_error("indicateur inconnu « %s » (voir `obs indicators`)", optind + 1 < argc ? argv[optind + 1] : "");
            rc = OBS_EXIT_USAGE;
        } else {
            show(d);
        }
    } else if (strcmp(action, "check") == 0) {
        /* an empty database with the schema: the SQL prepares against it */
        sqlite3 *db = db_open(":memory:");
        if (!db) {
            rc = OBS_EXIT_FAILURE;
        } else {
            db_exec(db, "CREATE TEMP TABLE annees(annee INTEGER PRIMARY KEY);"
                        "CREATE TEMP TABLE parametres(date_observation TEXT, debut_observation TEXT)");
            errors += catalog_check(cat, db);
            errors += sources_check(cat, db);
            db_close(db);
            sqlite3 *data = base ? db_open_existing(base) : NULL;
            int64_t run = data ? report_latest_run(data) : 0;
            if (base && !data) {
                errors++;
            } else if (base && !run) {
                obs_error("%s : aucune valeur calculée, rien à vérifier (lancez d'abord `obs compute`)", base);
                errors++;
            } else if (data) {
                long checked = 0;
                int bad = sources_check_data(cat, data, run, &checked);
                errors += bad;
                printf("déclarations construit_de : %ld cellules comparées dans l'exécution %lld, %d erreur%s\n",
                       checked, (long long)run, bad, bad > 1 ? "s" : "");
            }
            db_close(data);
            if (errors)
                printf("catalogue : %d erreur%s\n", errors, errors > 1 ? "s" : "");
            else
                printf("catalogue : %zu indicateurs, aucune erreur\n", cat->n);
            rc = errors ? OBS_EXIT_FAILURE : OBS_EXIT_OK;
        }
    } else {
        rc = cli_usage_error(usage, "action inconnue « %s »", action);
    }
    return rc;
}
