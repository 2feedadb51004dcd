/* obs audit-secret: checks that a run's published figures keep statistical
 * secrecy (every rule, every additive group), naming each leak. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "db.h"
#include "exit_codes.h"
#include "log.h"
#include "report_data.h"
#include "secret_audit.h"

static const char usage[] = "obs audit-secret DB [--run ID|latest] [--combinaisons]";

int cmd_audit_secret(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        printf("usage : %s\n\n"
               "Vérifie les chiffres publiés d'une exécution (la dernière par défaut) :\n"
               "  - aucune cellule secrète n'a de valeur publiée ;\n"
               "  - règle de fréquence (moins de 3 établissements, ou de 5 personnes) et règle de\n"
               "    dominance (un établissement au-delà de 85 %% du total) appliquées partout, et la\n"
               "    règle du p %% si l'exécution l'a appliquée ([calcul] secret_p) ;\n"
               "  - aucune part n'est publiée quand le nombre dont elle dépend est secret ;\n"
               "  - aucun groupe additif ne contient une seule cellule secrète, qui se retrouverait\n"
               "    par différence : un total et sa ventilation (familles, sections, ...), un\n"
               "    territoire et ses parties (communes d'un EPCI, d'un département, d'une région,\n"
               "    d'un territoire d'étude, de la France ; départements ; régions) ;\n"
               "  - avec --combinaisons, aucune cellule secrète ne se retrouve en combinant les\n"
               "    équations de plusieurs groupes (voir [calcul] secret_combinaisons).\n\n"
               "Chaque fuite est nommée. Code de sortie : 0 sans fuite, 5 si une fuite est trouvée,\n"
               "1 si l'audit n'a pas pu se faire, 2 en cas d'erreur d'usage.\n",
               usage);
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"run", required_argument, NULL, 'r'},
                                         {"combinaisons", no_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    bool combinations = false;
    const char *run_arg = "latest";
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (opt == 'r')
            run_arg = optarg;
        else if (opt == 'c')
            combinations = true;
        else
            return cli_usage_error(usage, "option invalide");
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    long long run = 0;
    if (!cli_parse_run(run_arg, &run))
        return cli_usage_error(usage, "--run attend un identifiant ou latest");
    sqlite3 *db = db_open_existing(argv[optind]);
    if (!db)
        return OBS_EXIT_FAILURE;
    if (run == 0)
        run = report_latest_run(db);
    if (run == 0) {
        obs_error("aucune valeur calculée : lancez d'abord `obs compute`");
        db_close(db);
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
    bool ok = secret_audit(db, run, &rules, &r);
    db_close(db);
    if (!ok) {
        obs_error("audit du secret statistique impossible");
        return OBS_EXIT_FAILURE;
    }
    printf("audit du secret, exécution %lld : %ld cellules dont %ld secrètes, %ld groupes additifs vérifiés,"
           " %ld fuite%s\n", run, r.cells, r.secret, r.groups, r.leaks, r.leaks > 1 ? "s" : "");
    return r.leaks ? OBS_EXIT_LEAK : OBS_EXIT_OK;
}
