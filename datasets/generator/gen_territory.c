/* All private employment per commune and year (the URSSAF-like
 * denominators): the ESS and other employers generated in the commune plus
 * the rest of the private economy, about a quarter of the population in
 * jobs, so that the ESS weighs about 10 to 16 % of private jobs. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>

#include "datasets/generator/gen.h"

void gen_territory_employment(gen_ctx *g)
{
    for (size_t i = 0; i < g->n_communes; i++) {
        gen_commune *c = &g->communes[i];
        /* local economy: more or less jobs per inhabitant than average */
        double jobs_rate = 0.20 * gsl_ran_lognormal(g->rng, 0, 0.25);
        double employers_rate = 1.0 / 32.0 * gsl_ran_lognormal(g->rng, 0, 0.2);
        for (int y = g->first_year; y <= GEN_LAST_YEAR; y++) {
            int k = y - g->first_year;
            double trend = pow(1.008, k);
            long rest = lround(c->population * jobs_rate * trend) - c->other_postes[k];
            if (rest < 0)
                rest = 0;
            long postes = c->ess_postes[k] + c->other_postes[k] + rest;
            long rest_employers = lround(c->population * employers_rate) - c->other_employers[k];
            if (rest_employers < (rest > 0))
                rest_employers = rest > 0;
            long employers = c->ess_employers[k] + c->other_employers[k] + rest_employers;
            double masse = c->ess_masse[k] + c->other_masse[k] + rest * 29000.0 * pow(1.02, k);
            fprintf(g->emploi_territoire, "%s,%d,%ld,%ld,%.0f\n", c->code, y, employers, postes, masse);
            g->rows_written++;
        }
    }
}
