#include "engine/pipeline/pipeline.h"

#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "reports/data/funders.h"
#include "reports/pdf/pdf_funder.h"
#include "reports/data/report_data.h"
#include "indicators/secret/secret.h"

bool pipeline_compute(sqlite3 *db, int64_t run, const catalog *cat, const obs_config *cfg,
                      const compute_options *co, compute_result *res)
{
    return compute_run(db, run, cat, cfg, co, res);
}

bool pipeline_protect(sqlite3 *db, int64_t run, const catalog *cat, const obs_config *cfg)
{
    secret_rules rules;
    secret_default_rules(&rules);
    rules.combinations = cfg->secret_combinations;
    rules.p_percent = cfg->secret_p;
    bool ok = db_begin(db) && secret_apply(db, run, cat, &rules) && db_commit(db);
    if (!ok)
        db_rollback(db);
    return ok;
}

static bool render_territories(sqlite3 *db, int64_t run, int year, const report_layout *layout,
                               const obs_config *cfg, render_formats formats, const char *out_dir,
                               const char *only, size_t *rendered)
{
    bool ok = true;
    const char *colon = only ? strchr(only, ':') : NULL;
    if (colon) {
        char niveau[32];
        snprintf(niveau, sizeof niveau, "%.*s", (int)(colon - only), only);
        (*rendered)++;
        return render_territory(db, run, year, niveau, colon + 1, layout, cfg, formats, out_dir);
    }
    for (size_t i = 0; i < cfg->n_territories; i++) {
        if (only && strcmp(only, cfg->territories[i].id) != 0)
            continue;
        ok &= render_territory(db, run, year, "etude", cfg->territories[i].id, layout, cfg, formats, out_dir);
        (*rendered)++;
    }
    return ok;
}

static bool render_funders(sqlite3 *db, int64_t run, int year, const obs_config *cfg, const char *out_dir,
                           const char *only, size_t *rendered)
{
    size_t n = 0;
    char **funders = report_funders(db, run, &n);
    if (!funders) /* the reason is printed */
        return false;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        if (only && strcmp(only, funders[i]) != 0)
            continue;
        ok &= render_funder(db, run, year, funders[i], cfg, out_dir);
        (*rendered)++;
    }
    report_free_list(funders, n);
    return ok;
}

bool pipeline_render(sqlite3 *db, int64_t run, int year, const report_layout *layout, const obs_config *cfg,
                     render_formats formats, const char *out_dir, const pipeline_selection *what,
                     size_t *rendered)
{
    *rendered = 0;
    if (!db_exec(db, "BEGIN"))
        return false;
    bool ok = true;
    if (what->territories)
        ok &= render_territories(db, run, year, layout, cfg, formats, out_dir, what->territory, rendered);
    if (what->funders)
        ok &= render_funders(db, run, year, cfg, out_dir, what->funder, rendered);
    /* a read transaction: its end cannot lose anything, but it must end */
    return db_exec(db, "COMMIT") && ok;
}
