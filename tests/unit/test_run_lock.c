/* The run lock, atomic file publication and the folders a run creates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/core/atomic_file.h"
#include "engine/core/folders.h"
#include "engine/core/log.h"
#include "engine/core/run_lock.h"

static void test_second_lock_is_busy_until_release(void **state)
{
    (void)state;
    char dir[] = "/tmp/obs-lock-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[256];
    snprintf(db, sizeof db, "%s/obs.sqlite", dir);

    run_lock *lock = NULL;
    assert_int_equal(run_lock_acquire(db, &lock), RUN_LOCK_OK);
    /* flock locks belong to the open file description: a child that opens
     * the file itself competes like another process would. */
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        run_lock *other = NULL;
        _exit(run_lock_acquire(db, &other) == RUN_LOCK_BUSY ? 0 : 1);
    }
    int status;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    run_lock_release(lock);
    assert_int_equal(run_lock_acquire(db, &lock), RUN_LOCK_OK);
    run_lock_release(lock);

    char lockfile[300];
    snprintf(lockfile, sizeof lockfile, "%s.lock", db);
    /* the database was never made: no lock file is left behind */
    assert_int_equal(access(lockfile, F_OK), -1);
    /* beside a database, the lock file stays (removing it could let two runs in) */
    FILE *f = fopen(db, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(run_lock_acquire(db, &lock), RUN_LOCK_OK);
    run_lock_release(lock);
    assert_int_equal(access(lockfile, F_OK), 0);
    unlink(db);
    unlink(lockfile);
    rmdir(dir);
}

static void test_atomic_file_publishes_only_on_commit(void **state)
{
    (void)state;
    char dir[] = "/tmp/obs-atomic-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/rapport.pdf", dir);
    struct stat st;

    atomic_file af;
    assert_true(atomic_file_open(&af, path));
    fputs("partiel", af.fp);
    assert_int_not_equal(stat(path, &st), 0); /* nothing visible before commit */
    atomic_file_abort(&af);
    assert_int_not_equal(stat(path, &st), 0); /* nor after an abort */

    assert_true(atomic_file_open(&af, path));
    fputs("complet", af.fp);
    assert_true(atomic_file_commit(&af));
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "complet");
    unlink(path);
    rmdir(dir); /* fails if a temporary file was left behind */
    assert_int_not_equal(stat(dir, &st), 0);
}

/* A first run into new folders creates them, parents included; a file in
 * the way is an error, not a silent success. */
static void test_folders_are_created_with_their_parents(void **state)
{
    (void)state;
    char dir[] = "/tmp/obs-folders-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char deep[256], db[256], file[256], under_file[300];
    snprintf(deep, sizeof deep, "%s/rapports/2024/", dir);
    snprintf(db, sizeof db, "%s/etat/base/obs.sqlite", dir);
    assert_true(folders_make(deep));
    assert_true(folders_make(deep)); /* already there: fine */
    assert_true(folders_make_parent(db));
    struct stat st;
    snprintf(file, sizeof file, "%s/rapports/2024", dir);
    assert_int_equal(stat(file, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    snprintf(file, sizeof file, "%s/etat/base", dir);
    assert_int_equal(stat(file, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_true(folders_make_parent("obs.sqlite")); /* a bare name: the current folder */

    snprintf(file, sizeof file, "%s/fichier", dir);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(under_file, sizeof under_file, "%s/sous-dossier", file);
    assert_false(folders_make(under_file));
    assert_false(folders_make(file));

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_lock_is_busy_until_release),
        cmocka_unit_test(test_atomic_file_publishes_only_on_commit),
        cmocka_unit_test(test_folders_are_created_with_their_parents),
    };
    return cmocka_run_group_tests_name("run_lock", tests, NULL, NULL);
}
