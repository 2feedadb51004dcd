/* obs generate: a deterministic, realistic dataset in the contract's formats. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/exit_codes.h"
#include "datasets/generator/gen.h"

static const char usage[] =
    "obs generate --out DOSSIER --seed N [--scale sample|national] [--format contrat|sirene] [--lignes N]";

int cmd_generate(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Écrit dans DOSSIER un jeu de données réaliste et déterministe (même graine, mêmes\n"
               "octets) aux formats du contrat de données, sur les vraies communes et codes NAF :\n"
               "etablissements, unites_legales, emploi, emploi_territoire, dispositifs,\n"
               "accompagnements, financements, grille.\n\n"
               "  --out DOSSIER   dossier de sortie (créé au besoin)\n"
               "  --seed N        graine du générateur aléatoire\n"
               "  --scale ECHELLE sample (défaut : régions Bretagne et Hauts-de-France, quelques Mo)\n"
               "                  ou national (toute la France, ~10 millions d'établissements,\n"
               "                  ~20 millions de lignes d'emploi 2010-2024, un réseau\n"
               "                  d'accompagnement par département, plus de 2 Go : pour les\n"
               "                  mesures de performance)\n"
               "  --format FORMAT contrat (défaut) ou sirene : les fichiers de stock SIRENE de l'INSEE\n"
               "                  tels que publiés (StockEtablissement_utf8.csv, 54 colonnes, et\n"
               "                  StockUniteLegale_utf8.csv), écrits au fil de l'eau, avec les cas\n"
               "                  des vrais fichiers (établissements fermés, nomenclatures anciennes,\n"
               "                  communes fusionnées, étranger, dates absentes, [ND]) ; national :\n"
               "                  40 millions d'établissements (une dizaine de Go)\n"
               "  --lignes N      format sirene : nombre d'établissements (au lieu de l'échelle)\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"scale", required_argument, NULL, 'c'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"lignes", required_argument, NULL, 'n'},
                                         {NULL, 0, NULL, 0}};
    gen_options go = {.scale = GEN_SAMPLE};
    bool seeded = false, sirene = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'o': go.out_dir = optarg; break;
        case 's':
            go.seed = strtoul(optarg, &end, 10);
            if (*end || !*optarg)
                return cli_usage_error(usage, "graine invalide « %s »", optarg);
            seeded = true;
            break;
        case 'c':
            if (strcmp(optarg, "sample") == 0)
                go.scale = GEN_SAMPLE;
            else if (strcmp(optarg, "national") == 0)
                go.scale = GEN_NATIONAL;
            else if (strcmp(optarg, "test") == 0) /* one EPCI, for the tests */
                go.scale = GEN_TEST;
            else
                return cli_usage_error(usage, "échelle inconnue « %s » (sample ou national)", optarg);
            break;
        case 'f':
            if (strcmp(optarg, "sirene") == 0)
                sirene = true;
            else if (strcmp(optarg, "contrat") != 0)
                return cli_usage_error(usage, "format inconnu « %s » (contrat ou sirene)", optarg);
            break;
        case 'n':
            go.rows = strtol(optarg, &end, 10);
            if (*end || go.rows <= 0)
                return cli_usage_error(usage, "--lignes attend un nombre positif");
            break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (!go.out_dir || !seeded || optind != argc)
        return cli_usage_error(usage, "--out et --seed sont obligatoires");
    cli_setup(ctx, SETUP_ALL); /* the defaults only: it cannot fail */
    go.reference_dir = ctx->cfg.reference_dir;
    bool ok = sirene ? gen_sirene(&go) : gen_run(&go);
    return ok ? OBS_EXIT_OK : OBS_EXIT_FAILURE;
}
