/* The commands' set-up (engine/cli/setup.c): each step a command's flags ask
 * for, in order, once; the exit code of the step that fails; everything
 * released once, however often cli_release is called. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/cli/setup.h"
#include "engine/core/exit_codes.h"
#include "engine/core/log.h"

static char dir[] = "/tmp/obs-setup-XXXXXX";
static char db_path[256], missing_path[256];

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(db_path, sizeof db_path, "%s/obs.sqlite", dir);
    snprintf(missing_path, sizeof missing_path, "%s/absent.sqlite", dir);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void create_then_open_existing(void **state)
{
    (void)state;
    obs_context c = {.needs = NEEDS_CONFIG | NEEDS_LOCK | NEEDS_DB_CREATE, .db_path = db_path};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_OK);
    assert_non_null(c.db);
    assert_int_equal(c.done, NEEDS_CONFIG | NEEDS_LOCK | NEEDS_DB_CREATE);
    assert_int_equal(access(db_path, F_OK), 0);
    cli_release(&c, OBS_EXIT_OK);
    assert_null(c.db);
    assert_int_equal(c.done, 0);
    cli_release(&c, OBS_EXIT_OK); /* nothing left: a second release does nothing */

    obs_context e = {.needs = NEEDS_DB, .db_path = db_path};
    assert_int_equal(cli_setup(&e, SETUP_ALL), OBS_EXIT_OK);
    assert_non_null(e.db);
    cli_release(&e, OBS_EXIT_OK);
}

static void missing_database_is_a_failure(void **state)
{
    (void)state;
    obs_context c = {.needs = NEEDS_DB, .db_path = missing_path};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_FAILURE);
    assert_null(c.db);
    assert_int_equal(access(missing_path, F_OK), -1); /* never created */
    cli_release(&c, OBS_EXIT_FAILURE);
}

static void unreadable_configuration_is_a_usage_error(void **state)
{
    (void)state;
    obs_context c = {.needs = NEEDS_CONFIG | NEEDS_DB, .config_path = "/nonexistent/obs.ini",
                     .db_path = db_path};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_USAGE);
    assert_null(c.db); /* the steps after the failed one did not run */
    assert_int_equal(c.done, NEEDS_CONFIG);
    cli_release(&c, OBS_EXIT_USAGE);
}

static void lock_held_gives_exit_4(void **state)
{
    (void)state;
    run_lock *held = NULL;
    assert_int_equal(run_lock_acquire(db_path, &held), RUN_LOCK_OK);
    obs_context c = {.needs = NEEDS_LOCK | NEEDS_DB, .db_path = db_path};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_LOCKED);
    assert_null(c.db);
    cli_release(&c, OBS_EXIT_LOCKED);
    run_lock_release(held);
}

/* up to a step, then the rest: each step runs once, in the order of the flags */
static void staged_set_up(void **state)
{
    (void)state;
    obs_context c = {.needs = NEEDS_CONFIG | NEEDS_LOCK | NEEDS_DB, .db_path = db_path};
    assert_int_equal(cli_setup(&c, NEEDS_CONFIG), OBS_EXIT_OK);
    assert_int_equal(c.done, NEEDS_CONFIG);
    assert_null(c.db);
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_OK);
    assert_int_equal(c.done, NEEDS_CONFIG | NEEDS_LOCK | NEEDS_DB);
    assert_non_null(c.db);
    /* a step not asked for never runs */
    assert_int_equal(c.done & (NEEDS_LOG | NEEDS_CATALOG | NEEDS_LAYOUT | NEEDS_DB_CREATE), 0);
    cli_release(&c, OBS_EXIT_OK);
    /* the lock is free again */
    run_lock *again = NULL;
    assert_int_equal(run_lock_acquire(db_path, &again), RUN_LOCK_OK);
    run_lock_release(again);
}

/* without a path of its own, the database is the configuration's */
static void database_of_the_configuration(void **state)
{
    (void)state;
    char ini[300];
    snprintf(ini, sizeof ini, "%s/obs.ini", dir);
    FILE *f = fopen(ini, "w");
    assert_non_null(f);
    fprintf(f, "[chemins]\nbase = %s\n", db_path);
    fclose(f);
    obs_context c = {.needs = NEEDS_CONFIG | NEEDS_DB, .config_path = ini};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_OK);
    assert_non_null(c.db);
    assert_string_equal(sqlite3_db_filename(c.db, "main"), db_path);
    cli_release(&c, OBS_EXIT_OK);
}

static void catalog_of_the_command(void **state)
{
    (void)state;
    obs_context c = {.needs = NEEDS_CONFIG | NEEDS_CATALOG, .catalog_dir = "/nonexistent/catalog"};
    assert_int_equal(cli_setup(&c, SETUP_ALL), OBS_EXIT_FAILURE);
    cli_release(&c, OBS_EXIT_FAILURE);
    obs_context ok = {.needs = NEEDS_CONFIG | NEEDS_CATALOG, .catalog_dir = OBS_SOURCE_DIR "/indicators/catalog"};
    assert_int_equal(cli_setup(&ok, SETUP_ALL), OBS_EXIT_OK);
    assert_true(ok.cat.n > 0);
    assert_int_equal(ok.catalog_errors, 0);
    cli_release(&ok, OBS_EXIT_OK);
}

int main(void)
{
    obs_log_set_quiet(true);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_then_open_existing),
        cmocka_unit_test(missing_database_is_a_failure),
        cmocka_unit_test(unreadable_configuration_is_a_usage_error),
        cmocka_unit_test(lock_held_gives_exit_4),
        cmocka_unit_test(staged_set_up),
        cmocka_unit_test(database_of_the_configuration),
        cmocka_unit_test(catalog_of_the_command),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
