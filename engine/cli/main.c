/* obs — entry point: dispatches to one command per file (engine/cmd_*.c). */
#include <stdio.h>
#include <string.h>

#include "engine/cli/commands.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/version.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

const obs_command obs_commands[] = {
    {"init", cmd_init, "créer une base et y charger les référentiels"},
    {"load", cmd_load, "charger des fichiers de données (validés, rejets conservés)"},
    {"status", cmd_status, "état des jeux de données chargés"},
    {"rejects", cmd_rejects, "lignes rejetées, avec fichier, ligne, colonne et motif"},
    {"generate", cmd_generate, "générer un jeu de données réaliste et déterministe"},
    {"indicators", cmd_indicators, "catalogue des indicateurs : lister, afficher, vérifier"},
    {"compute", cmd_compute, "calculer les indicateurs à tous les niveaux territoriaux"},
    {"export", cmd_export, "exporter les valeurs publiées en CSV"},
    {"audit-secret", cmd_audit_secret, "vérifier qu'aucun chiffre publié ne lève le secret statistique"},
    {"survival", cmd_survival, "Kaplan-Meier, médianes et test du log-rank sur un CSV"},
    {"report", cmd_report, "rapports PDF et classeurs XLSX des territoires"},
    {"alertes", cmd_alertes, "alertes de la grille d'entretien (usage interne de l'équipe)"},
    {"annuaire", cmd_annuaire, "annuaire des établissements de l'ESS d'un territoire"},
    {"run", cmd_run, "toute la chaîne pour cron : charger, calculer, publier"},
    {"version", cmd_version, "version du moteur"},
    {"help", cmd_help, "cette aide"},
    {NULL, NULL, NULL},
};

static int cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("obs %s\n", OBS_VERSION);
    return OBS_EXIT_OK;
}

static int cmd_help(int argc, char **argv)
{
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
        cmd_help(0, NULL);
        return OBS_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
        return cmd_help(0, NULL);
    if (strcmp(name, "--version") == 0)
        return cmd_version(0, NULL);
    for (const obs_command *c = obs_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "obs: erreur : commande inconnue « %s » (voir `obs help`)\n", name);
    return OBS_EXIT_USAGE;
}
