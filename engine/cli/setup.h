/* What a command needs before it works, declared in the command table
 * (engine/cli/main.c) as flags, the way git's RUN_SETUP does: the
 * configuration, its log file, the catalog, the report layout, the run lock,
 * the database. The set-up is done by one function and released in one place
 * (main), so no command repeats it.
 *
 * Options such as --config, --catalog and the database's path are parsed by
 * each command, so the set-up cannot run before the command does: main hands
 * the command an obs_context holding its flags; the command parses its
 * options, fills the context's paths and calls cli_setup(). Parsing the
 * common options in main instead would need one option parser for every
 * command's grammar (`obs run CONFIG`, `obs indicators check --base`, ...);
 * this way each command keeps its own usage and messages, and only the
 * set-up is shared.
 *
 * The steps run in the order of the flags' values. A command that has work
 * to do between two steps (obs compute checks --only against the catalog
 * before it takes the lock) calls cli_setup() with the last step it wants
 * first, does that work, then calls it again: each step runs once. */
#ifndef OBS_SETUP_H
#define OBS_SETUP_H

#include <stdbool.h>
#include <stdio.h>

#include "engine/core/config.h"
#include "engine/core/db.h"
#include "engine/core/run_lock.h"
#include "indicators/compute/catalog.h"
#include "reports/data/layout.h"

enum {
    /* ctx->cfg: the defaults, then the file ctx->config_path when set
     * (unreadable or invalid: exit 2) */
    NEEDS_CONFIG = 1 << 0,
    /* the configuration's log file ([chemins] journal): the command line
     * first, the exit code last */
    NEEDS_LOG = 1 << 1,
    /* ctx->cat from ctx->catalog_dir, else [chemins] catalogue (unreadable:
     * exit 1); the definitions in error are counted in ctx->catalog_errors */
    NEEDS_CATALOG = 1 << 2,
    /* ctx->layout from [chemins] maquette (invalid: exit 1) */
    NEEDS_LAYOUT = 1 << 3,
    /* the run lock of the database (held by another process: exit 4) */
    NEEDS_LOCK = 1 << 4,
    /* ctx->db: the existing database (missing: exit 1, saying `obs init`) */
    NEEDS_DB = 1 << 5,
    /* ctx->db: the database, created when missing */
    NEEDS_DB_CREATE = 1 << 6,
    SETUP_ALL = (1 << 7) - 1,
};

typedef struct {
    unsigned needs;          /* the command's flags, from the table */
    int argc;                /* the command line, for the log file */
    char **argv;
    /* filled by the command before cli_setup() */
    const char *config_path; /* NULL: the defaults */
    const char *catalog_dir; /* NULL: the configuration's */
    const char *db_path;     /* NULL: the configuration's [chemins] base */
    /* filled by cli_setup() */
    obs_config cfg;
    FILE *log;
    catalog cat;
    int catalog_errors;
    report_layout layout;
    run_lock *lock;
    sqlite3 *db;
    unsigned done; /* the steps done, released by cli_release() */
} obs_context;

/* Runs the steps of ctx->needs up to and including `upto` (a flag, or
 * SETUP_ALL) that have not run yet. Returns OBS_EXIT_OK, or the exit code
 * of the step that failed (its message already printed). */
int cli_setup(obs_context *ctx, unsigned upto);
/* Releases what cli_setup() set up, in reverse order; the log file gets the
 * command's exit code rc. main calls it when the command returns; a command
 * that must release earlier (obs run, before it closes its own log) may call
 * it first, and main's call then releases nothing. */
void cli_release(obs_context *ctx, int rc);

#endif
