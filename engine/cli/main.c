/* obs — entry point: dispatches to one command per file (engine/cli/cmd_*.c),
 * after the set-up each declares it needs (engine/cli/setup.h). */
#include <stdio.h>
#include <string.h>

#include "engine/cli/commands.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/version.h"

static int cmd_version(obs_context *ctx, int argc, char **argv);
static int cmd_help(obs_context *ctx, int argc, char **argv);

/* Each command with what it needs set up before it works (engine/cli/setup.h):
 * main hands it a context with these flags, the command parses its options and
 * calls cli_setup(), and main releases what was set up once the command returns. */
#define CONFIG_LOG (NEEDS_CONFIG | NEEDS_LOG)
const obs_command obs_commands[] = {
    {"init", cmd_init, CONFIG_LOG | NEEDS_LOCK | NEEDS_DB_CREATE, "créer une base et y charger les référentiels"},
    {"load", cmd_load, CONFIG_LOG | NEEDS_LOCK | NEEDS_DB, "charger des fichiers de données (validés, rejets conservés)"},
    {"status", cmd_status, NEEDS_DB, "état des jeux de données chargés"},
    {"rejects", cmd_rejects, NEEDS_DB, "lignes rejetées, avec fichier, ligne, colonne et motif"},
    {"generate", cmd_generate, NEEDS_CONFIG, "générer un jeu de données réaliste et déterministe"},
    {"indicators", cmd_indicators, NEEDS_CONFIG | NEEDS_CATALOG,
     "catalogue des indicateurs : lister, afficher, vérifier"},
    {"compute", cmd_compute, CONFIG_LOG | NEEDS_CATALOG | NEEDS_LOCK | NEEDS_DB,
     "calculer les indicateurs à tous les niveaux territoriaux"},
    {"export", cmd_export, NEEDS_DB, "exporter les valeurs publiées en CSV"},
    {"audit-secret", cmd_audit_secret, NEEDS_DB, "vérifier qu'aucun chiffre publié ne lève le secret statistique"},
    {"survival", cmd_survival, 0, "Kaplan-Meier, médianes et test du log-rank sur un CSV"},
    {"report", cmd_report, CONFIG_LOG | NEEDS_LAYOUT | NEEDS_DB, "rapports PDF et classeurs XLSX des territoires"},
    {"alertes", cmd_alertes, NEEDS_DB, "alertes de la grille d'entretien (usage interne de l'équipe)"},
    {"annuaire", cmd_annuaire, NEEDS_DB, "annuaire des établissements de l'ESS d'un territoire"},
    /* obs run keeps its own log ([chemins] journal, --quiet): no NEEDS_LOG */
    {"run", cmd_run, NEEDS_CONFIG | NEEDS_CATALOG | NEEDS_LAYOUT | NEEDS_LOCK | NEEDS_DB_CREATE,
     "toute la chaîne pour cron : charger, calculer, publier"},
    {"version", cmd_version, 0, "version du moteur"},
    {"help", cmd_help, 0, "cette aide"},
    {NULL, NULL, 0, NULL},
};

static int cmd_version(obs_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    printf("obs %s\n", OBS_VERSION);
    return OBS_EXIT_OK;
}

static int cmd_help(obs_context *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    printf("obs %s — moteur des observatoires de l'économie sociale et solidaire\n\n"
           "usage : obs COMMANDE [OPTIONS]\n\ncommandes :\n", OBS_VERSION);
    for (const obs_command *c = obs_commands; c->name; c++)
        printf("  %-12s %s\n", c->name, c->summary);
    printf("\n`obs COMMANDE --help` détaille chaque commande.\n"
           "Codes de sortie : 0 succès, 1 échec, 2 usage, 3 trop de rejets, 4 base verrouillée,\n"
           "5 fuite de secret statistique trouvée par obs audit-secret.\n");
    return OBS_EXIT_OK;
}

int main(int argc, char **argv)
{
    db_setup_process();
    if (argc < 2) {
        cmd_help(NULL, 0, NULL);
        return OBS_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help(NULL, 0, NULL);
    if (strcmp(name, "--version") == 0)
        return cmd_version(NULL, 0, NULL);
    for (const obs_command *c = obs_commands; c->name; c++)
        if (strcmp(c->name, name) == 0) {
            obs_context ctx = {.needs = c->needs, .argc = argc - 1, .argv = argv + 1};
            int rc = c->run(&ctx, argc - 1, argv + 1);
            cli_release(&ctx, rc);
            return rc;
        }
    fprintf(stderr, "obs: erreur : commande inconnue « %s » (voir `obs help`)\n", name);
    return OBS_EXIT_USAGE;
}
