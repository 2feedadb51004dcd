#include "engine/cli/setup.h"

#include "engine/core/exit_codes.h"
#include "engine/core/log.h"
#include "engine/core/log_file.h"

static int step(obs_context *ctx, unsigned need)
{
    switch (need) {
    case NEEDS_CONFIG:
        ctx->done |= NEEDS_CONFIG; /* config_free() even after a failed load */
        if (!config_defaults(&ctx->cfg)) {
            obs_error("configuration par défaut : mémoire insuffisante");
            return OBS_EXIT_FAILURE;
        }
        return !ctx->config_path || config_load(&ctx->cfg, ctx->config_path) ? OBS_EXIT_OK : OBS_EXIT_USAGE;
    case NEEDS_LOG: ctx->log = log_file_open(&ctx->cfg, ctx->argc, ctx->argv); break;
    case NEEDS_CATALOG:
        ctx->done |= NEEDS_CATALOG; /* catalog_free() even after a failed load */
        if (!catalog_load(&ctx->cat, ctx->catalog_dir ? ctx->catalog_dir : ctx->cfg.catalog_dir,
                          &ctx->catalog_errors))
            return OBS_EXIT_FAILURE;
        break;
    case NEEDS_LAYOUT:
        if (!layout_load(&ctx->layout, ctx->cfg.layout_path))
            return OBS_EXIT_FAILURE;
        break;
    case NEEDS_LOCK: {
        run_lock_status ls = run_lock_acquire(ctx->db_path ? ctx->db_path : ctx->cfg.database, &ctx->lock);
        if (ls != RUN_LOCK_OK)
            return ls == RUN_LOCK_BUSY ? OBS_EXIT_LOCKED : OBS_EXIT_FAILURE;
        break;
    }
    case NEEDS_DB:
    case NEEDS_DB_CREATE: {
        const char *path = ctx->db_path ? ctx->db_path : ctx->cfg.database;
        if (!(ctx->db = need == NEEDS_DB ? db_open_existing(path) : db_open(path)))
            return OBS_EXIT_FAILURE;
        break;
    }
    }
    ctx->done |= need;
    return OBS_EXIT_OK;
}

int cli_setup(obs_context *ctx, unsigned upto)
{
    for (unsigned need = 1; need <= upto && need < SETUP_ALL; need <<= 1)
        if ((ctx->needs & need) && !(ctx->done & need)) {
            int rc = step(ctx, need);
            if (rc != OBS_EXIT_OK)
                return rc;
        }
    return OBS_EXIT_OK;
}

void cli_release(obs_context *ctx, int rc)
{
    if (ctx->db)
        db_close(ctx->db);
    run_lock_release(ctx->lock);
    if (ctx->done & NEEDS_LAYOUT)
        layout_free(&ctx->layout);
    if (ctx->done & NEEDS_CATALOG)
        catalog_free(&ctx->cat);
    if (ctx->done & NEEDS_LOG)
        log_file_close(ctx->log, rc);
    if (ctx->done & NEEDS_CONFIG)
        config_free(&ctx->cfg);
    ctx->db = NULL;
    ctx->lock = NULL;
    ctx->done = 0; /* a second call releases nothing */
}
