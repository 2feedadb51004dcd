/* Developer tool, not a user command: applies the statistical secrecy again
 * to a run already computed, to measure the secrecy stage alone (issue 16,
 * item 7) without computing the run again. secret_apply starts from each
 * cell's raw value, so applying it again gives what `obs compute` gave.
 *   bench_secret DB CONFIG [RUN]
 * RUN: the run to protect (default: the last run with cells). Writes the
 * configuration's journal (the secrecy's timing lines) and prints the
 * stage's seconds. Changes DB: run it on a copy. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine/cli/setup.h"
#include "engine/core/db.h"
#include "engine/core/log.h"
#include "engine/pipeline/pipeline.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_secret DB CONFIG [RUN]\n");
        return 2;
    }
    obs_context ctx = {0};
    ctx.needs = NEEDS_CONFIG | NEEDS_LOG | NEEDS_CATALOG | NEEDS_LOCK | NEEDS_DB;
    ctx.argc = argc;
    ctx.argv = argv;
    ctx.db_path = argv[1];
    ctx.config_path = argv[2];
    db_setup_process();
    int rc = cli_setup(&ctx, SETUP_ALL);
    if (rc != 0) {
        cli_release(&ctx, rc);
        return rc;
    }
    int64_t run = argc > 3 ? atoll(argv[3]) : 0;
    if (!run) {
        sqlite3_stmt *st = db_prepare(ctx.db, "SELECT max(run_id) FROM indicator_value");
        if (st && sqlite3_step(st) == SQLITE_ROW)
            run = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    double t0 = now();
    bool ok = run > 0 && pipeline_protect(ctx.db, run, &ctx.cat, &ctx.cfg);
    printf("run %lld: secrecy %s in %.2f s\n", (long long)run, ok ? "applied" : "FAILED", now() - t0);
    rc = ok ? 0 : 1;
    cli_release(&ctx, rc);
    return rc;
}
