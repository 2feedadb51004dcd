/* gen_run: the whole generation, deterministic for a seed and a scale. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datasets/generator/gen.h"
#include "engine/core/log.h"
#include "engine/core/progress.h"

bool gen_run(const gen_options *opts)
{
    if (mkdir(opts->out_dir, 0755) != 0 && errno != EEXIST) {
        obs_error("générateur : impossible de créer %s : %s", opts->out_dir, strerror(errno));
        return false;
    }
    gen_ctx g = {.scale = opts->scale, .first_year = gen_first_year(opts->scale), .out_dir = opts->out_dir, .next_siren = 10000000 + opts->seed % 1000};
    g.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!g.rng)
        return false;
    gsl_rng_set(g.rng, opts->seed);
    bool ok = gen_load_reference(&g, opts->reference_dir) && gen_open_outputs(&g);
    if (ok) {
        progress prog;
        progress_start(&prog, "génération", "communes", g.n_communes);
        for (size_t i = 0; i < g.n_communes; i++) {
            gen_commune_establishments(&g, &g.communes[i]);
            progress_update(&prog, i + 1);
        }
        progress_finish(&prog);
        gen_support(&g);
        gen_territory_employment(&g);
        ok = gen_close_outputs(&g, true);
        if (ok)
            obs_info("générateur : %zu communes, %ld établissements, %llu lignes écrites dans %s"
                     " (%ld défauts volontaires)",
                     g.n_communes, g.serial, (unsigned long long)g.rows_written, opts->out_dir, g.n_defects);
    } else {
        gen_close_outputs(&g, false);
    }
    gsl_rng_free(g.rng);
    free(g.communes);
    free(g.naf);
    free(g.departements);
    return ok;
}
