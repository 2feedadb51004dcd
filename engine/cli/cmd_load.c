/* obs load: validated loading of input files (see engine/load/loader.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/config.h"
#include "engine/load/dataset.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/ledger.h"
#include "engine/core/log.h"
#include "engine/load/load_job.h"

static const char usage[] =
    "obs load DB [--config FICHIER] [--dataset NOM] [--max-rejects POURCENT] [--force] CHEMIN...";

static void help(void)
{
    printf("usage : %s\n\n"
           "Charge des fichiers dans la base. Un CHEMIN est un fichier CSV ou un dossier qui en\n"
           "contient ; chaque fichier est reconnu par son en-tête (le nom ne départage que les\n"
           "ex æquo) : stocks SIRENE de l'INSEE tels que publiés (StockEtablissement,\n"
           "StockUniteLegale), fichier open data de l'Urssaf par commune × APE, et les fichiers\n"
           "du contrat (etablissements, unites_legales, emploi, emploi_territoire, dispositifs,\n"
           "accompagnements, financements, grille). Un fichier que rien ne reconnaît est ignoré\n"
           "avec un avertissement. Chaque ligne est chargée, rejetée avec son motif (voir\n"
           "`obs rejects`) ou, pour un établissement à l'étranger, comptée hors champ ; les\n"
           "fichiers d'un même jeu forment sa nouvelle version, qui remplace l'ancienne d'un\n"
           "bloc. Un fichier identique à la version chargée ne change rien. Une version sans\n"
           "ligne de données, ou de moins de la moitié des lignes chargées, est refusée.\n\n"
           "  --config FICHIER        configuration (seuil de rejets)\n"
           "  --dataset NOM           force le jeu de données des fichiers et dossiers donnés\n"
           "  --max-rejects POURCENT  part de lignes rejetées au-delà de laquelle le jeu n'est\n"
           "                          pas remplacé (défaut : [calcul] seuil_rejets, 5 %%)\n"
           "  --force                 remplace même par une version vide ou deux fois plus petite\n\n"
           "Codes de sortie : 0 chargé, 1 échec, 2 usage, 3 trop de rejets ou version refusée\n"
           "(vide ou moins de la moitié des lignes), 4 base verrouillée.\n",
           usage);
}

int cmd_load(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"dataset", required_argument, NULL, 'd'},
        {"max-rejects", required_argument, NULL, 'm'},
        {"force", no_argument, NULL, 'f'},
        {NULL, 0, NULL, 0},
    };
    const char *forced = NULL;
    double max_rejects = -1;
    bool force = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'c': ctx->config_path = optarg; break;
        case 'd': forced = optarg; break;
        case 'f': force = true; break;
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
    load_job_options jo = {.force = force};
    if (forced && !(jo.forced = dataset_named(forced)))
        return cli_usage_error(usage, "jeu de données inconnu « %s »", forced);
    ctx->db_path = argv[optind];
    int rc = cli_setup(ctx, SETUP_ALL);
    if (rc != OBS_EXIT_OK)
        return rc;
    sqlite3 *db = ctx->db;
    jo.max_reject_percent = max_rejects >= 0 ? max_rejects : ctx->cfg.reject_threshold;
    jo.run_id = ledger_start(db, "load", ctx->config_path ? &ctx->cfg : NULL);
    if (!jo.run_id)
        return OBS_EXIT_FAILURE;
    load_job_result res;
    rc = load_job_run(db, argv + optind + 1, (size_t)(argc - optind - 1), &jo, &res);
    ledger_finish(db, jo.run_id, rc == OBS_EXIT_OK ? "ok" : "failed");
    if (rc == OBS_EXIT_USAGE)
        fprintf(stderr, "usage : %s\n", usage);
    return rc;
}
