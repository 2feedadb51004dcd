/* Establishments and their employment, commune by commune.
 *
 * Calibration (published orders of magnitude, see datasets/sample/README.md):
 *  - about one active ESS establishment per 195 inhabitants (the Boulonnais,
 *    135 000 inhabitants, has about 690), 46 % of them employers, with about
 *    16 jobs per employer on average;
 *  - closures follow exponential hazards set from 5-year survival: about
 *    65 % for ESS creations, 60 % for ordinary creations, 70 % for supported
 *    creations (gen_supported_creation);
 *  - about two thirds of ESS jobs are held by women. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "datasets/generator/gen.h"

typedef enum { FAM_ASSOCIATION, FAM_COOPERATIVE, FAM_MUTUELLE, FAM_FONDATION, FAM_ENTREPRISE_ESS, FAM_NONE } family;

typedef struct {
    const char *cj[4];
    const char *naf[8];
    const char *label;
    double employer_share;
    double median_size;
} family_profile;

static const family_profile profiles[] = {
    [FAM_ASSOCIATION] = {{"9220", "9220", "9220", "9210"},
                         {"88.99B", "94.99Z", "85.59A", "87.30A", "93.12Z", "90.01Z", "88.10A", "88.91A"},
                         "Association", 0.36, 8},
    [FAM_COOPERATIVE] = {{"5458", "5558", "6317", "5460"},
                         {"46.21Z", "43.21A", "71.12B", "62.01Z", "64.19Z", "01.13Z", "10.71C", "56.10A"},
                         "Coopérative", 0.75, 12},
    [FAM_MUTUELLE] = {{"8210", "8210", "8250", "8210"},
                      {"65.12Z", "65.11Z", "86.10Z", "65.12Z", "65.12Z", "88.10A", "65.11Z", "65.12Z"},
                      "Mutuelle", 0.8, 20},
    [FAM_FONDATION] = {{"9300", "9300", "9300", "9300"},
                       {"88.10A", "87.10A", "72.19Z", "94.99Z", "87.30A", "88.99B", "90.01Z", "85.59A"},
                       "Fondation", 0.7, 25},
    [FAM_ENTREPRISE_ESS] = {{"5710", "5499", "5710", "5710"},
                            {"38.32Z", "56.10A", "47.79Z", "88.99B", "81.30Z", "43.21A", "62.01Z", "10.71C"},
                            "Entreprise solidaire", 0.7, 9},
    /* the employer share of ordinary establishments matters at national scale
     * only (the sample's are not employers): about 1.2 million private employer
     * establishments a year besides the ESS */
    [FAM_NONE] = {{"5499", "5710", "1000", "5720"}, {0}, "Entreprise", 0.5, 3},
};

/* Trade unions, religious and political organisations are associations by
 * law but outside the ESS perimeter: a few are generated to exercise it. */
static const char *const excluded_naf[] = {"94.20Z", "94.91Z", "94.92Z"};

static family draw_family(gen_ctx *g)
{
    double u = gsl_rng_uniform(g->rng);
    return u < 0.80 ? FAM_ASSOCIATION : u < 0.88 ? FAM_COOPERATIVE : u < 0.92 ? FAM_MUTUELLE
           : u < 0.95 ? FAM_FONDATION : FAM_ENTREPRISE_ESS;
}

static const char *size_band(long postes)
{
    return postes <= 0 ? "00" : postes <= 2 ? "01" : postes <= 5 ? "02" : postes <= 9 ? "03"
           : postes <= 19 ? "11" : postes <= 49 ? "12" : postes <= 99 ? "21" : postes <= 199 ? "22"
           : postes <= 249 ? "31" : postes <= 499 ? "32" : "41";
}

typedef struct {
    char siret[15];
    long created, closed; /* days; closed < 0 when active */
    family fam;
    const char *naf;
    const char *cj;
    bool employer, insertion;
    double base_size;
} establishment;

static long draw_closure(gen_ctx *g, long created, double five_year_survival)
{
    double lambda = -log(five_year_survival) / 5.0; /* per year */
    double years = gsl_ran_exponential(g->rng, 1.0 / lambda);
    long closed = created + (long)(years * 365.25);
    return closed <= gen_day_of(2024, 12, 31) ? closed : -1;
}

static bool active_in(const establishment *e, int year)
{
    long end = gen_day_of(year, 12, 31);
    return e->created <= end && (e->closed < 0 || e->closed > end);
}

/* Writes the employment rows and adds them to the commune's totals. */
static long write_employment(gen_ctx *g, gen_commune *c, const establishment *e, bool ess, long serial)
{
    long last_postes = 0;
    if (!e->employer)
        return 0;
    for (int y = g->first_year; y <= GEN_LAST_YEAR; y++) {
        if (!active_in(e, y))
            continue;
        double grow = pow(1.015, y - g->first_year) * (0.9 + 0.2 * gsl_rng_uniform(g->rng));
        long postes = lround(e->base_size * grow);
        if (postes < 1)
            postes = 1;
        double etp = postes * (0.75 + 0.15 * gsl_rng_uniform(g->rng));
        double masse = etp * (25000 + 15000 * gsl_rng_uniform(g->rng));
        unsigned p = (unsigned)postes;
        unsigned femmes = gsl_ran_binomial(g->rng, ess ? 0.67 : 0.45, p);
        unsigned cdi = gsl_ran_binomial(g->rng, 0.78, p);
        unsigned partiel = gsl_ran_binomial(g->rng, ess ? 0.38 : 0.2, p);
        unsigned insertion = e->insertion ? gsl_ran_binomial(g->rng, 0.55, p) : 0;
        unsigned jeunes = gsl_ran_binomial(g->rng, 0.11, p);
        unsigned seniors = gsl_ran_binomial(g->rng, 0.26, p);
        char benevoles[16] = "";
        if (e->fam == FAM_ASSOCIATION && gsl_rng_uniform(g->rng) < 0.8)
            snprintf(benevoles, sizeof benevoles, "%u", gsl_ran_poisson(g->rng, 18));
        /* optional parts are sometimes unknown, as in real declarations */
        bool parts_known = gsl_rng_uniform(g->rng) < 0.9;
        if (g->scale == GEN_SAMPLE && serial >= 12121 && !g->femmes_defect && y == GEN_LAST_YEAR) {
            g->femmes_defect = true;
            femmes = p + 2; /* a defect: more women than jobs */
            parts_known = true;
            g->n_defects++;
        }
        if (parts_known)
            fprintf(g->emploi, "%s,%d,%ld,%.2f,%.2f,%u,%u,%u,%u,%u,%u,%s\n", e->siret, y, postes, etp, masse,
                    femmes, cdi, partiel, insertion, jeunes, seniors, benevoles);
        else
            fprintf(g->emploi, "%s,%d,%ld,%.2f,%.2f,,,,,,,%s\n", e->siret, y, postes, etp, masse, benevoles);
        g->rows_written++;
        int k = y - g->first_year;
        if (ess) {
            c->ess_postes[k] += postes;
            c->ess_employers[k]++;
            c->ess_masse[k] += masse;
        } else {
            c->other_postes[k] += postes;
            c->other_employers[k]++;
            c->other_masse[k] += masse;
        }
        last_postes = postes;
    }
    return last_postes;
}

static void write_establishment(gen_ctx *g, gen_commune *c, establishment *e, bool ess, long last_postes,
                                long serial)
{
    char created[11], closed[11] = "";
    gen_iso(e->created, created);
    if (e->closed >= 0)
        gen_iso(e->closed, closed);
    const char *commune = c->code;
    /* a handful of realistic defects, so that the reject path shows */
    if (g->scale == GEN_SAMPLE && serial == 4242) {
        commune = "62999"; /* no such commune */
        g->n_defects++;
    }
    if (g->scale == GEN_SAMPLE && serial == 8484) {
        memcpy(created, "2018-02-30", 11); /* no such day */
        g->n_defects++;
    }
    /* one establishment in ten gives its legal category only through its
     * legal unit, as SIRENE's establishment stock does */
    bool cj_in_unit = gsl_rng_uniform(g->rng) < 0.1;
    const char *flag = ess ? (gsl_rng_uniform(g->rng) < 0.9 ? "O" : "") : (gsl_rng_uniform(g->rng) < 0.5 ? "N" : "");
    fprintf(g->etablissements, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s %s-%ld\n", e->siret, created,
            e->closed >= 0 ? "F" : "A", closed, commune, e->naf, cj_in_unit ? "" : e->cj, flag,
            size_band(last_postes), profiles[e->fam].label, c->code, serial);
    g->rows_written++;
    if (cj_in_unit) {
        char siren[10];
        memcpy(siren, e->siret, 9);
        siren[9] = '\0';
        fprintf(g->unites_legales, "%s,%s,%s,%s %s,%s\n", siren, e->cj, flag, profiles[e->fam].label,
                siren, created);
        g->rows_written++;
    }
}

static void emit(gen_ctx *g, gen_commune *c, establishment *e, bool ess)
{
    long serial = ++g->serial;
    gen_siret(g, e->siret);
    long last = write_employment(g, c, e, ess, serial);
    write_establishment(g, c, e, ess, last, serial);
}

static void draw_profile(gen_ctx *g, establishment *e, family fam)
{
    const family_profile *p = &profiles[fam];
    e->fam = fam;
    e->cj = p->cj[gsl_rng_uniform_int(g->rng, 4)];
    if (fam == FAM_NONE)
        e->naf = gen_naf_in(g, 0);
    else if (fam == FAM_ASSOCIATION && gsl_rng_uniform(g->rng) < 0.02)
        e->naf = excluded_naf[gsl_rng_uniform_int(g->rng, 3)];
    else
        e->naf = p->naf[gsl_rng_uniform_int(g->rng, 8)];
    e->employer = gsl_rng_uniform(g->rng) < p->employer_share;
    e->insertion = fam != FAM_NONE && fam != FAM_MUTUELLE && gsl_rng_uniform(g->rng) < 0.08;
    e->base_size = fmin(800, gsl_ran_lognormal(g->rng, log(p->median_size), 1.1));
}

void gen_commune_establishments(gen_ctx *g, gen_commune *c)
{
    /* active ESS establishments at the end of 2024 besides supported
     * creations, which add about 1 per 1 300 inhabitants in seed territories */
    double target = c->population / 175.0;
    /* old establishments (1975-2004), most still active */
    unsigned old = gsl_ran_poisson(g->rng, 0.45 * target);
    for (unsigned i = 0; i < old; i++) {
        establishment e = {0};
        draw_profile(g, &e, draw_family(g));
        e.created = gen_day_between(g, 1975, 2004);
        long from = gen_day_of(2005, 1, 1);
        e.closed = draw_closure(g, from, 0.94); /* a low hazard for established structures */
        emit(g, c, &e, true);
    }
    /* creations 2005-2024: on average 48 % of them are still active at the
     * end of 2024 with a 65 % five-year survival, hence 1.14 x 55 % of the target */
    unsigned created = gsl_ran_poisson(g->rng, 1.14 * 0.55 * target);
    for (unsigned i = 0; i < created; i++) {
        establishment e = {0};
        draw_profile(g, &e, draw_family(g));
        e.created = gen_day_between(g, 2005, 2024);
        e.closed = draw_closure(g, e.created, 0.65);
        emit(g, c, &e, true);
    }
    /* ordinary creations: a sample for survival comparisons (sample scale),
     * the whole private economy at national scale */
    double rate = g->scale == GEN_NATIONAL ? 0.135 : 1.0 / 1500.0;
    unsigned ordinary = gsl_ran_poisson(g->rng, rate * c->population);
    for (unsigned i = 0; i < ordinary; i++) {
        establishment e = {0};
        draw_profile(g, &e, FAM_NONE);
        e.created = gen_day_between(g, g->scale == GEN_NATIONAL ? 1990 : 2005, 2024);
        e.closed = draw_closure(g, e.created, 0.60);
        e.employer = g->scale == GEN_NATIONAL && e.employer;
        emit(g, c, &e, false);
    }
}

void gen_supported_creation(gen_ctx *g, gen_commune *c, long created_day, bool ess, char out_siret[15])
{
    establishment e = {0};
    draw_profile(g, &e, ess ? draw_family(g) : FAM_NONE);
    e.created = created_day;
    e.closed = draw_closure(g, e.created, 0.70);
    e.employer = gsl_rng_uniform(g->rng) < 0.5;
    e.base_size = fmin(30, gsl_ran_lognormal(g->rng, log(2), 0.7));
    emit(g, c, &e, ess);
    memcpy(out_siret, e.siret, 15);
}
