/* obs annuaire: the directory of a study territory's active ESS
 * establishments, from the public SIRENE data. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "reports/data/annuaire.h"
#include "engine/cli/cli.h"
#include "engine/cli/commands.h"
#include "engine/core/csv_writer.h"
#include "engine/core/db.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "reports/xlsx/xlsx_annuaire.h"

static const char usage[] = "obs annuaire DB --territory ID [--xlsx FICHIER | --csv]";

static void help(void)
{
    printf("usage : %s\n\n"
           "L'annuaire des établissements actifs de l'ESS d'un territoire, d'après les données\n"
           "publiques SIRENE : nom, famille, activité, adresse (quand elle est chargée), commune,\n"
           "effectif salarié ; trié par commune puis par nom. Les unités non diffusibles n'y\n"
           "figurent pas.\n\n"
           "  --territory ID    identifiant d'un territoire d'étude (voir `obs init --config`),\n"
           "                    ou NIVEAU:CODE (par exemple epci:246200729)\n"
           "  --csv             en CSV sur la sortie standard\n"
           "  --xlsx FICHIER    dans un classeur\n",
           usage);
}

static const char *shown(const annuaire_entry *e, int c)
{
    if (c == ANNUAIRE_FAMILLE)
        return annuaire_family_label(e->f[c]);
    if (c == ANNUAIRE_TRANCHE)
        return annuaire_size_label(e->f[c]);
    return e->f[c];
}

static void print_text(const annuaire_list *l)
{
    printf("Annuaire de l'ESS — %s : %zu établissement%s actif%s (SIRENE, unités diffusibles)\n", l->territory_name,
           l->n, l->n > 1 ? "s" : "", l->n > 1 ? "s" : "");
    const char *commune = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const annuaire_entry *e = &l->items[i];
        if (!commune || strcmp(commune, e->f[ANNUAIRE_COMMUNE]) != 0) {
            commune = e->f[ANNUAIRE_COMMUNE];
            printf("\n%s\n", commune);
        }
        printf("  %s — %s — %s (%s) — %s", e->f[ANNUAIRE_NOM][0] ? e->f[ANNUAIRE_NOM] : "(sans nom)",
               shown(e, ANNUAIRE_FAMILLE), e->f[ANNUAIRE_ACTIVITE], e->f[ANNUAIRE_NAF], shown(e, ANNUAIRE_TRANCHE));
        if (e->f[ANNUAIRE_ADRESSE][0])
            printf(" — %s", e->f[ANNUAIRE_ADRESSE]);
        printf(" — SIRET %s\n", e->f[ANNUAIRE_SIRET]);
    }
}

static void list_territories(sqlite3 *db)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT code, nom FROM territoire WHERE niveau = 'etude' ORDER BY code");
    char names[1024] = "";
    while (st && sqlite3_step(st) == SQLITE_ROW)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s (%s)", names[0] ? ", " : "",
                 (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (names[0])
        fprintf(stderr, "territoires d'étude de la base : %s ; ou NIVEAU:CODE (commune, epci, departement, region)\n",
                names);
    else
        fprintf(stderr, "aucun territoire d'étude dans la base (voir `obs init --config`) ; ou NIVEAU:CODE\n");
}

int cmd_annuaire(obs_context *ctx, int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        help();
        return OBS_EXIT_OK;
    }
    static const struct option opts[] = {{"territory", required_argument, NULL, 't'},
                                         {"xlsx", required_argument, NULL, 'x'},
                                         {"csv", no_argument, NULL, 'c'},
                                         {NULL, 0, NULL, 0}};
    const char *territory = NULL, *xlsx = NULL;
    bool csv = false;
    optind = 1;
    int opt;
    while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (opt) {
        case 't': territory = optarg; break;
        case 'x': xlsx = optarg; break;
        case 'c': csv = true; break;
        default: return cli_usage_error(usage, "option invalide");
        }
    }
    if (optind != argc - 1)
        return cli_usage_error(usage, "indiquez une base de données");
    if (!territory)
        return cli_usage_error(usage, "indiquez un territoire (--territory)");
    if (xlsx && csv)
        return cli_usage_error(usage, "--xlsx ou --csv, pas les deux");
    char niveau[32] = "etude";
    const char *code = territory;
    const char *colon = strchr(territory, ':');
    if (colon) {
        snprintf(niveau, sizeof niveau, "%.*s", (int)(colon - territory), territory);
        code = colon + 1;
    }
    ctx->db_path = argv[optind];
    int setup = cli_setup(ctx, SETUP_ALL);
    if (setup != OBS_EXIT_OK)
        return setup;
    sqlite3 *db = ctx->db;
    annuaire_list l;
    bool unknown = false;
    int rc = OBS_EXIT_FAILURE;
    if (!annuaire_load(db, niveau, code, &l, &unknown)) {
        if (unknown) {
            obs_error("territoire inconnu « %s »", territory);
            list_territories(db);
            rc = OBS_EXIT_USAGE;
        }
        return rc;
    }
    if (l.n == 0)
        obs_warn("aucun établissement actif de l'ESS dans %s (données SIRENE chargées ?)", l.territory_name);
    if (csv) {
        csv_write_row(stdout, annuaire_columns, ANNUAIRE_FIELDS);
        for (size_t i = 0; i < l.n; i++) {
            const char *row[ANNUAIRE_FIELDS];
            for (int c = 0; c < ANNUAIRE_FIELDS; c++)
                row[c] = shown(&l.items[i], c);
            csv_write_row(stdout, row, ANNUAIRE_FIELDS);
        }
        rc = OBS_EXIT_OK;
    } else if (xlsx) {
        rc = xlsx_annuaire_write(xlsx, &l) ? OBS_EXIT_OK : OBS_EXIT_FAILURE;
        if (rc == OBS_EXIT_OK)
            printf("%s : %zu établissements actifs de l'ESS (%s)\n", xlsx, l.n, l.territory_name);
    } else {
        print_text(&l);
        rc = OBS_EXIT_OK;
    }
    annuaire_free(&l);
    return rc;
}
