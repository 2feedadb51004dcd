/* obs report: renders each study territory's publication from one run. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "engine/pipeline/pipeline.h"
#include "reports/render.h"
#include "reports/data/report_data.h"
#include "engine/cli/run_check.h"

static const char usage[] =
    "obs report DB [--config FICHIER] [--territory ID] [--year ANNEE] [--run ID]\n"
    "              [--format pdf|xlsx|pdf,xlsx] [--out DOSSIER] [--funder NOM | --funders]";

static void help(void)
{
    printf("usage : %s\n\n"
           "Produit, pour chaque territoire d'étude de la configuration (ou celui nommé),\n"
           "DOSSIER/<territoire>-<année>.pdf et/ou .xlsx à partir des résultats d'une exécution\n"
           "(la dernière par défaut). La maquette (reports/layouts/rapport-annuel.ini, ou\n"
           "[chemins] maquette) décrit les sections, tableaux et graphiques.\n\n"
           "  --config FICHIER   configuration (territoires, nom de l'observatoire, sorties)\n"
           "  --territory ID     un seul territoire : identifiant d'étude, ou NIVEAU:CODE\n"
           "                     (par exemple epci:246200729)\n"
           "  --year ANNEE       année publiée (par défaut : [calcul] annee, sinon la dernière)\n"
           "  --run ID           exécution dont les résultats sont publiés (par défaut : la dernière)\n"
           "  --format LISTE     pdf, xlsx ou pdf,xlsx (par défaut : pdf,xlsx)\n"
           "  --out DOSSIER      dossier de sortie (par défaut : [chemins] sorties)\n"
           "  --funder NOM       le rapport PDF d'un financeur : DOSSIER/financeur-<nom>-<année>.pdf\n"
           "  --funders          le rapport PDF de chaque financeur présent dans les données\n",
           usage);
}

int cmd_report(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'}, {"territory", required_argument, NULL, 't'},
        {"year", required_argument, NULL, 'y'},   {"run", required_argument, NULL, 'r'},
        {"format", required_argument, NULL, 'f'}, {"out", required_argument, NULL, 'o'},
        {"funder", required_argument, NULL, 'F'}, {"funders", no_argument, NULL, 'A'},
        {NULL, 0, NULL, 0},
    };
    const char *territory = NULL, *format = "pdf,xlsx", *out = NULL, *funder = NULL;
    bool all_funders = false;
    int year = 0;
    long long run_id = 0;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 'c': ctx->config_path = optarg; break;
        case 't': territory = optarg; break;
        case 'y':
            if (!cli_parse_year(optarg, &year))
                return cli_usage_error(usage, "année invalide « %s »", optarg);
            break;
        case 'r': {
            char *end;
            run_id = strtoll(optarg, &end, 10);
            if (*end || run_id <= 0)
                return cli_usage_error(usage, "identifiant d'exécution invalide « %s »", optarg);
            break;
        }
        case 'f': format = optarg; break;
        case 'o': out = optarg; break;
        case 'F': funder = optarg; break;
        case 'A': all_funders = true; break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    render_formats formats;
    if (!render_parse_formats(format, &formats))
        return cli_usage_error(usage, "format inconnu « %s » (pdf, xlsx ou pdf,xlsx)", format);

    ctx->db_path = argv[optind];
    int rc = cli_setup(ctx, SETUP_ALL);
    if (rc != OBS_EXIT_OK)
        return rc;
    sqlite3 *db = ctx->db;
    int64_t chosen = 0;
    int checked = run_check_resolve(db, run_id, false, &chosen);
    run_id = chosen;
    if (checked == OBS_EXIT_OK && year == 0)
        year = ctx->cfg.year ? ctx->cfg.year : report_latest_year(db, run_id);
    if (checked == OBS_EXIT_OK)
        checked = run_check_year(db, run_id, year);
    if (checked != OBS_EXIT_OK)
        return checked;
    const char *out_dir = out ? out : ctx->cfg.output_dir;
    /* funders' reports, or territories' */
    pipeline_selection what = {.territories = !funder && !all_funders, .territory = territory,
                               .funders = funder || all_funders, .funder = funder};
    size_t rendered = 0;
    bool ok = pipeline_render(db, run_id, year, &ctx->layout, &ctx->cfg, formats, out_dir, &what, &rendered);
    if (rendered == 0) {
        if (what.funders)
            obs_error(funder ? "financeur inconnu « %s » dans l'exécution %lld"
                             : "%saucun financeur dans l'exécution %lld",
                      funder ? funder : "", (long long)run_id);
        else
            obs_error(territory ? "territoire d'étude inconnu « %s » (voir [etude ...] dans la configuration)"
                                : "aucun territoire d'étude dans la configuration%s",
                      territory ? territory : "");
        return OBS_EXIT_FAILURE;
    }
    return ok ? OBS_EXIT_OK : OBS_EXIT_FAILURE;
}
