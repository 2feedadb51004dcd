/* obs audit-secret: checks that a run's published figures keep statistical
 * secrecy (every rule, every additive group), naming each leak. */
#include <getopt.h>
#include <stdio.h>

#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "reports/data/report_data.h"
#include "indicators/audit/secret_audit.h"

static const char usage[] = "obs audit-secret DB [--run ID|latest] [--combinaisons] [--toutes]";

int cmd_audit_secret(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Vérifie les chiffres publiés d'une exécution (la dernière par défaut) :\n"
               "  - aucune cellule secrète n'a de valeur publiée ;\n"
               "  - règle de fréquence (moins de 3 établissements, ou de 5 personnes) et règle de\n"
               "    dominance (un établissement au-delà de 85 %% du total) appliquées partout, et la\n"
               "    règle du p %% si l'exécution l'a appliquée ([calcul] secret_p) ;\n"
               "  - aucune part n'est publiée quand le nombre dont elle dépend est secret ;\n"
               "  - en attaquant : à partir de ce qui est publié seulement (valeurs publiques, déclarations\n"
               "    construit_de du catalogue, hiérarchie territoriale, clés de ventilation), l'audit bâtit\n"
               "    les relations (groupes additifs des territoires et des ventilations, indicateurs égaux\n"
               "    partout où les deux sont publiés, ratios déclarés, inégalités entre comptes),\n"
               "    garde celles qui sont vraies sur les valeurs réelles, puis retrouve les cellules\n"
               "    masquées par substitution, par bornes (nombres entiers, au moins 1 pour un compte)\n"
               "    propagées jusqu'au point fixe et, avec --combinaisons, par combinaisons linéaires\n"
               "    exactes ; puis il joue chaque financeur, qui connaît ses propres cellules.\n"
               "    Une cellule retrouvée exactement, ou bornée à 10 %% près, est une fuite.\n\n"
               "  --toutes   nomme chaque fuite (par défaut : 20 par règle et par relation)\n\n"
               "Chaque fuite est nommée. Code de sortie : 0 sans fuite, 5 si une fuite est trouvée,\n"
               "1 si l'audit n'a pas pu se faire, 2 en cas d'erreur d'usage.\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"run", required_argument, NULL, 'r'},
                                         {"combinaisons", no_argument, NULL, 'c'},
                                         {"toutes", no_argument, NULL, 't'},
                                         {NULL, 0, NULL, 0}};
    bool combinations = false;
    long max_named = 20;
    const char *run_arg = "latest";
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'r')
            run_arg = optarg;
        else if (opt == 'c')
            combinations = true;
        else if (opt == 't')
            max_named = -1;
        else
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
    if (run == 0)
        run = report_latest_run(db);
    if (run == 0) {
        obs_error("aucune valeur calculée : lancez d'abord `obs compute`");
        return OBS_EXIT_FAILURE;
    }
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = combinations;
    /* the p % rule is checked with the p the run applied (none before it was recorded) */
    sqlite3_stmt *st = db_prepare(db, "SELECT coalesce(secret_p, 0) FROM run WHERE id = ?1");
    if (st) {
        sqlite3_bind_int64(st, 1, run);
        if (sqlite3_step(st) == SQLITE_ROW)
            rules.p_percent = sqlite3_column_double(st, 0);
        sqlite3_finalize(st);
    }
    secret_audit_result r;
    bool ok = secret_audit_named(db, run, &rules, max_named, &r);
    if (!ok) {
        obs_error("audit du secret statistique impossible");
        return OBS_EXIT_FAILURE;
    }
    const audit_attack_result *a = &r.attack;
    printf("audit du secret, exécution %lld : %ld cellules dont %ld secrètes, %ld relations bâties par l'attaquant,"
           " %ld fuite%s\n", run, r.cells, r.secret, r.groups, r.leaks, r.leaks > 1 ? "s" : "");
    printf("  règles non appliquées : %ld\n", r.rule_leaks);
    for (int k = 0; k < AUDIT_FAMILIES; k++)
        printf("  retrouvées exactement, %s : %ld\n", audit_family_name[k], a->exact[k]);
    printf("  bornées à 10 %% près : %ld\n", a->near);
    printf("  financeurs initiés : %ld retrouvées exactement, %ld à 10 %% près (cellules qu'ils ne connaissent pas,"
           " dont %ld sans financeur ; %ld cellules sans financeur connues d'un financeur, son seul argent,"
           " pas des fuites)\n",
           a->insider_exact, a->insider_near, a->insider_totals, a->insider_known);
    if (a->wrong)
        printf("  erreurs de l'attaque (valeur retrouvée différente de la vraie) : %ld\n", a->wrong);
    return r.leaks ? OBS_EXIT_LEAK : OBS_EXIT_OK;
}
