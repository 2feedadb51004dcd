/* Support programmes of the three seed territories, their episodes (about
 * half of the ended ones leading to employment, training or a creation; a
 * few hundred people a year in a large structure), the funding of the
 * projects they supported (private money mobilised per public euro between 3
 * and 6 by programme) and the interview grid of supported structures. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "datasets/generator/gen.h"

typedef struct {
    const char *id;
    const char *name;
    const char *const *epci;
} seed_territory;

static const char *const boulonnais[] = {"246200729", "200018083", NULL};
static const char *const brest[] = {"242900314", "242900074", "242900553", "242900793",
                                    "242900801", "200066868", "200067247", NULL};
static const char *const sambre[] = {"200043396", "200043263", "200043321", "200043404", NULL};
static const seed_territory seeds[] = {
    {"BOU", "Boulonnais", boulonnais}, {"BRE", "Pays de Brest", brest}, {"SAM", "Sambre-Avesnois", sambre}};

typedef struct {
    const char *type;
    const char *name;
    const char *phases;
    bool large;
    double creation_share; /* of ended episodes */
} programme_kind;

static const programme_kind kinds[] = {
    {"incubateur", "Incubateur ESS", "emergence|creation", true, 0.18},
    {"couveuse", "Couveuse d'entreprises", "creation", true, 0.22},
    {"cae", "Coopérative d'activité et d'emploi", "creation|consolidation", true, 0.20},
    {"pret_honneur", "Plateforme de prêts d'honneur", "creation|developpement", true, 0.25},
    {"pepiniere", "Pépinière d'entreprises", "consolidation|developpement", false, 0.12},
    {"generateur_projets", "Générateur de projets", "emergence", false, 0.10},
    {"fabrique_initiatives", "Fabrique à initiatives", "emergence|creation", false, 0.12},
    {"centre_ressources", "Centre de ressources ESS", "consolidation|developpement", false, 0.06},
    {"tiers_lieu", "Tiers-lieu solidaire", "emergence|developpement", false, 0.08},
    {"autre", "Dispositif local d'accompagnement", "consolidation|developpement", false, 0.06},
    {"incubateur", "Incubateur d'innovation sociale", "emergence|creation", false, 0.15},
    {"couveuse", "Couveuse agricole", "creation", false, 0.20},
};

typedef struct {
    char id[24];
    char sexe[2], age[10], qpv[2], rsa[2], de[2];
} person;

static bool in_territory(const gen_commune *c, const seed_territory *t)
{
    for (size_t i = 0; t->epci[i]; i++)
        if (strcmp(c->epci, t->epci[i]) == 0)
            return true;
    return false;
}

/* A commune of the territory drawn in proportion to its population. */
static gen_commune *draw_commune(gen_ctx *g, gen_commune **members, const double *cumul, size_t n)
{
    double u = gsl_rng_uniform(g->rng) * cumul[n - 1];
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cumul[mid] < u)
            lo = mid + 1;
        else
            hi = mid;
    }
    return members[lo];
}

static const char *pick(gen_ctx *g, const char *const *values, const double *weights, size_t n)
{
    double u = gsl_rng_uniform(g->rng), acc = 0;
    for (size_t i = 0; i < n; i++) {
        acc += weights[i];
        if (u < acc)
            return values[i];
    }
    return values[n - 1];
}

static void draw_person(gen_ctx *g, person *p, long serial)
{
    static const char *const sexes[] = {"F", "M", ""};
    static const double sexe_w[] = {0.48, 0.50, 0.02};
    static const char *const ages[] = {"moins_26", "26_49", "50_plus", ""};
    static const double age_w[] = {0.18, 0.60, 0.20, 0.02};
    static const char *const flags[] = {"1", "0", ""};
    snprintf(p->id, sizeof p->id, "P-%07ld", serial);
    snprintf(p->sexe, sizeof p->sexe, "%s", pick(g, sexes, sexe_w, 3));
    snprintf(p->age, sizeof p->age, "%s", pick(g, ages, age_w, 4));
    const double qpv_w[] = {0.14, 0.83, 0.03}, rsa_w[] = {0.17, 0.80, 0.03}, de_w[] = {0.55, 0.42, 0.03};
    snprintf(p->qpv, sizeof p->qpv, "%s", pick(g, flags, qpv_w, 3));
    snprintf(p->rsa, sizeof p->rsa, "%s", pick(g, flags, rsa_w, 3));
    snprintf(p->de, sizeof p->de, "%s", pick(g, flags, de_w, 3));
}

static void money(double euros, char *out, size_t len)
{
    /* French Excel: "12 500,00" */
    long cents = lround(euros * 100);
    long whole = cents / 100, rest = cents % 100;
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", whole);
    size_t n = strlen(digits), k = 0;
    for (size_t i = 0; i < n && k + 2 < len; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            out[k++] = ' ';
        out[k++] = digits[i];
    }
    snprintf(out + k, len - k, ",%02ld", rest);
}

typedef struct {
    const char *funder, *nature;
    double amount;
} funding;

static void write_funding(gen_ctx *g, const char *episode, const char *siret, const char *programme,
                          double leverage, long day, long *serial)
{
    static const char *const public_funders[] = {"Région", "Département", "État (DREETS)", "Communauté d'agglomération"};
    static const char *const honour[] = {"Initiative France", "France Active", "Réseau Entreprendre"};
    static const char *const banks[] = {"Crédit Coopératif", "Crédit Agricole", "Banque Populaire", "Crédit Mutuel", "La Nef"};
    char date[11], amount[32], line[512];
    gen_fr(day, date);
    double public_total = 0;
    funding parts[6];
    int n = 0;
    if (gsl_rng_uniform(g->rng) < 0.75) {
        parts[n] = (funding){public_funders[gsl_rng_uniform_int(g->rng, 4)], "subvention",
                                      2000 + 8000 * gsl_rng_uniform(g->rng)};
        public_total += parts[n++].amount;
    }
    if (gsl_rng_uniform(g->rng) < 0.6 || n == 0) {
        parts[n] = (funding){honour[gsl_rng_uniform_int(g->rng, 3)], "pret_honneur",
                                      3000 + 7000 * gsl_rng_uniform(g->rng)};
        public_total += parts[n++].amount;
    }
    double private_total = public_total * leverage * gsl_ran_lognormal(g->rng, 0, 0.35);
    double bank_share = 0.6 + 0.3 * gsl_rng_uniform(g->rng);
    parts[n++] = (funding){banks[gsl_rng_uniform_int(g->rng, 5)], "pret_bancaire", private_total * bank_share};
    if (gsl_rng_uniform(g->rng) < 0.3)
        parts[n++] = (funding){"France Active Investissement", "finance_solidaire",
                                        private_total * (1 - bank_share) * 0.6};
    parts[n++] = (funding){"Apport des fondateurs", "fonds_propres",
                                    private_total * (1 - bank_share) * (n > 3 ? 0.4 : 1.0)};
    for (int i = 0; i < n; i++) {
        money(parts[i].amount, amount, sizeof amount);
        snprintf(line, sizeof line, "F-%07ld;%s;%s;%s;%s;%s;;%s;%s\r\n", ++*serial, episode, siret, programme,
                 parts[i].funder, parts[i].nature, amount, date);
        gen_fputs_cp1252(g->financements, line);
        g->rows_written++;
    }
}

static void write_grid(gen_ctx *g, const char *siret, int first_year)
{
    static const char *const axes[] = {"rh", "gouvernance", "finances", "marche", "utilite_sociale",
                                       "valeurs_ess", "developpement"};
    double score[7];
    for (int a = 0; a < 7; a++)
        score[a] = 2 + round(5 * gsl_rng_uniform(g->rng)) / 2; /* 2 to 4.5 by halves */
    for (int y = first_year; y <= GEN_LAST_YEAR && y < first_year + 4; y++) {
        for (int a = 0; a < 7; a++) {
            if (y > first_year) {
                score[a] += (double)((int)gsl_rng_uniform_int(g->rng, 3) - 1) / 2; /* -0.5, 0, +0.5 */
                if (gsl_rng_uniform(g->rng) < 0.03)
                    score[a] -= 2; /* a structure in difficulty: the early-warning case */
                score[a] = fmax(0, fmin(5, score[a]));
            }
            fprintf(g->grille, "%s,%d,%s,%.1f\n", siret, y, axes[a], score[a]);
            g->rows_written++;
        }
    }
}

/* The territory a support network covers: a seed territory (its EPCIs) or,
 * at national scale, a département. */
typedef struct {
    const char *id, *name;
    const seed_territory *seed;
    const char *departement;
    double volume; /* episodes relative to a seed territory's */
} support_area;

static bool in_area(const gen_commune *c, const support_area *a)
{
    return a->seed ? in_territory(c, a->seed) : strcmp(c->departement, a->departement) == 0;
}

static void territory_support(gen_ctx *g, const support_area *t, long *people, long *episodes, long *fundings)
{
    gen_commune *members[1024];
    double cumul[1024];
    size_t n = 0;
    gen_commune *main_commune = NULL;
    for (size_t i = 0; i < g->n_communes && n < 1024; i++)
        if (in_area(&g->communes[i], t)) {
            members[n] = &g->communes[i];
            cumul[n] = (n ? cumul[n - 1] : 0) + (double)g->communes[i].population;
            if (!main_commune || g->communes[i].population > main_commune->population)
                main_commune = &g->communes[i];
            n++;
        }
    if (n == 0)
        return; /* not in this scale's geography */
    size_t n_programmes = 8 + gsl_rng_uniform_int(g->rng, 5);
    person recent[256];
    size_t n_recent = 0;
    for (size_t k = 0; k < n_programmes; k++) {
        const programme_kind *kind = &kinds[k];
        char id[32], line[1024], start[11];
        snprintf(id, sizeof id, "%s-%02zu", t->id, k + 1);
        gen_fr(gen_day_between(g, 2005, 2014), start);
        snprintf(line, sizeof line, "%s;%s %s;%s;%s;%s;%s;\r\n", id, kind->name, t->name, kind->type,
                 main_commune->code, kind->phases, start);
        gen_fputs_cp1252(g->dispositifs, line);
        double leverage = 3 + 3 * gsl_rng_uniform(g->rng);
        char phases[64];
        snprintf(phases, sizeof phases, "%s", kind->phases);
        const char *phase_list[4];
        int n_phases = 0;
        for (char *save = NULL, *p = strtok_r(phases, "|", &save); p && n_phases < 4; p = strtok_r(NULL, "|", &save))
            phase_list[n_phases++] = p;
        for (int year = 2015; year <= GEN_LAST_YEAR; year++) {
            unsigned count = gsl_ran_poisson(g->rng, (kind->large ? 150 : 30) * t->volume);
            for (unsigned e = 0; e < count; e++) {
                person p;
                if (n_recent > 0 && gsl_rng_uniform(g->rng) < 0.15) {
                    p = recent[gsl_rng_uniform_int(g->rng, n_recent)]; /* a second episode */
                } else {
                    draw_person(g, &p, ++*people);
                    recent[n_recent < 256 ? n_recent++ : gsl_rng_uniform_int(g->rng, 256)] = p;
                }
                gen_commune *c = draw_commune(g, members, cumul, n);
                long begin = gen_day_between(g, year, year);
                long end = begin + 30 + (long)gsl_ran_lognormal(g->rng, log(180), 0.5);
                bool ongoing = end > gen_day_of(2024, 12, 31);
                const char *issue = "en_cours";
                if (!ongoing) {
                    double u = gsl_rng_uniform(g->rng);
                    /* about half of the ended episodes end positively */
                    double c1 = kind->creation_share, c2 = c1 + (0.40 - c1) * 0.7 + 0.05, c3 = 0.50,
                           c4 = c3 + 0.33;
                    issue = u < c1 ? "creation" : u < c2 ? "emploi" : u < c3 ? "formation" : u < c4 ? "abandon" : "autre";
                }
                bool creation = strcmp(issue, "creation") == 0;
                bool ess_project = gsl_rng_uniform(g->rng) < 0.25;
                char siret[15] = "";
                long created = end + (long)gsl_rng_uniform_int(g->rng, 60);
                if (creation && gsl_rng_uniform(g->rng) < 0.9 && created <= gen_day_of(2024, 12, 31)) {
                    gen_supported_creation(g, c, created, ess_project, siret);
                    if (gsl_rng_uniform(g->rng) < 0.3)
                        write_grid(g, siret, gen_year_of(created) + 1);
                }
                char debut[11], fin[11] = "", heures[16];
                gen_fr(begin, debut);
                if (!ongoing)
                    gen_fr(end, fin);
                double h = gsl_ran_lognormal(g->rng, log(25), 0.6);
                snprintf(heures, sizeof heures, "%.1f", h);
                char *dot = strchr(heures, '.');
                if (dot)
                    *dot = ','; /* decimal comma: a French export */
                char episode[24];
                snprintf(episode, sizeof episode, "A-%07ld", ++*episodes);
                snprintf(line, sizeof line, "%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%d\r\n", episode, p.id,
                         id, debut, fin, phase_list[gsl_rng_uniform_int(g->rng, (unsigned long)n_phases)], heures,
                         p.sexe, p.age, p.qpv, p.rsa, p.de, c->code, issue, siret, ess_project ? 1 : 0);
                gen_fputs_cp1252(g->accompagnements, line);
                g->rows_written++;
                if (siret[0])
                    write_funding(g, episode, siret, id, leverage, created, fundings);
            }
        }
    }
}

/* Seed territories have a few hundred thousand inhabitants; a département's
 * network has episodes in proportion to its population. */
#define SEED_POPULATION 300000.0

void gen_support(gen_ctx *g)
{
    long people = 0, episodes = 0, fundings = 0;
    for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
        support_area a = {.id = seeds[i].id, .name = seeds[i].name, .seed = &seeds[i], .volume = 1.0};
        territory_support(g, &a, &people, &episodes, &fundings);
    }
    if (g->scale != GEN_NATIONAL)
        return;
    /* at national scale, a support network in every département, so that
     * support and funding grow with the establishments and jobs */
    for (size_t d = 0; d < g->n_departements; d++) {
        long population = 0;
        for (size_t i = 0; i < g->n_communes; i++)
            if (strcmp(g->communes[i].departement, g->departements[d].code) == 0)
                population += g->communes[i].population;
        char id[8];
        snprintf(id, sizeof id, "D%s", g->departements[d].code);
        support_area a = {.id = id, .name = g->departements[d].name, .departement = g->departements[d].code,
                          .volume = (double)population / SEED_POPULATION};
        territory_support(g, &a, &people, &episodes, &fundings);
    }
}
