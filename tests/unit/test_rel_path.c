/* Paths relative to the configuration's folder, worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/rel_path.h"

static void check(char *got, const char *want)
{
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void test_rel_path(void **state)
{
    (void)state;
    check(rel_path("/srv/obs/donnees/a.csv", "/srv/obs"), "donnees/a.csv");
    check(rel_path("/srv/obs/./donnees/../donnees/a.csv", "/srv/obs/"), "donnees/a.csv");
    check(rel_path("/srv/data/a.csv", "/srv/obs/conf"), "../../data/a.csv");
    check(rel_path("/srv/obs", "/srv/obs"), ".");
    check(rel_path("/a.csv", "/"), "a.csv");
}

static void test_relative_inputs(void **state)
{
    (void)state;
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof cwd));
    char abs[4200];
    snprintf(abs, sizeof abs, "%s/x/y.csv", cwd);
    check(rel_path(abs, "x"), "y.csv");
    check(rel_path("x/y.csv", cwd), "x/y.csv");
    check(rel_path("x/../z/y.csv", "x"), "../z/y.csv");
}

static void test_to_config(void **state)
{
    (void)state;
    check(rel_path_to_config("/srv/obs/donnees/a.csv", "/srv/obs/obs.ini"), "donnees/a.csv");
    check(rel_path_to_config("datasets/sample/a.csv", "datasets/sample/obs.ini"), "a.csv");
    check(rel_path_to_config("/srv/obs/obs.ini", "/srv/obs/obs.ini"), "obs.ini");
    check(rel_path_to_config("/data/a.csv", NULL), "/data/a.csv");
    check(rel_path_list_to_config("/srv/obs/d/a.csv|/srv/obs/d/b.csv", "/srv/obs/obs.ini"), "d/a.csv, d/b.csv");
    check(rel_path_list_to_config("/srv/e/a.csv", "/srv/obs/obs.ini"), "../e/a.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rel_path),
        cmocka_unit_test(test_relative_inputs),
        cmocka_unit_test(test_to_config),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
