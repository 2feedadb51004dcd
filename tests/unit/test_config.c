/* Configuration: defaults, INI parsing, relative paths, errors with line numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/config.h"
#include "engine/core/log.h"

static char *write_temp(const char *content)
{
    char *path = strdup("/tmp/obs-config-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
    return path;
}

static void test_defaults(void **state)
{
    (void)state;
    obs_config c;
    config_defaults(&c);
    assert_string_equal(c.observation_date, "2024-12-31");
    assert_true(c.reject_threshold == 5.0);
    assert_int_equal(c.n_comparison_levels, 3);
    assert_string_equal(c.comparison_levels[1], "region");
    assert_true(c.secret_combinations); /* secrecy against combinations of groups unless told non */
    assert_true(c.secret_p == 0); /* the p % rule is off unless asked for */
    assert_int_equal(c.series, 10); /* ten years of series unless told otherwise */
    config_free(&c);
}

static void test_territories_and_relative_paths(void **state)
{
    (void)state;
    char *path = write_temp("[observatoire]\nnom = Observatoire des Hauts\n"
                            "[chemins]\nbase = data/obs.sqlite\nsorties = /abs/out\n"
                            "[calcul]\nseuil_rejets = 2.5\ndate_observation = 2023-12-31\nsecret_combinaisons = non\n"
                            "secret_p = 10\nserie = 6\n"
                            "[etude boulonnais]\nnom = Boulonnais\nepci = 246200729, 200018083\n");
    obs_config c;
    config_defaults(&c);
    assert_true(config_load(&c, path));
    assert_string_equal(c.observatory_name, "Observatoire des Hauts");
    assert_string_equal(c.database, "/tmp/data/obs.sqlite");
    assert_string_equal(c.output_dir, "/abs/out");
    assert_true(c.reject_threshold == 2.5);
    assert_string_equal(c.observation_date, "2023-12-31");
    assert_false(c.secret_combinations);
    assert_true(c.secret_p == 10);
    assert_int_equal(c.series, 6);
    assert_int_equal(c.n_territories, 1);
    assert_string_equal(c.territories[0].id, "boulonnais");
    assert_string_equal(c.territories[0].nom, "Boulonnais");
    assert_int_equal(c.territories[0].n_epci, 2);
    assert_string_equal(c.territories[0].epci[1], "200018083");
    assert_int_equal(strlen(c.checksum), 32);
    config_free(&c);
    unlink(path);
    free(path);
}

static void test_invalid_values_fail(void **state)
{
    (void)state;
    const char *bad[] = {"[calcul]\nseuil_rejets = 150\n", "[calcul]\ndate_observation = 31/12/2024\n",
                         "[etude vide]\nnom = Vide\n", "pas une ligne ini\n",
                         "[calcul]\nsecret_combinaisons = peut-etre\n", "[calcul]\nserie = 0\n",
                         "[calcul]\nserie = dix\n"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *path = write_temp(bad[i]);
        obs_config c;
        config_defaults(&c);
        assert_false(config_load(&c, path));
        config_free(&c);
        unlink(path);
        free(path);
    }
}

/* secret_p: a percentage from 0 (off) to below 100; anything else is
 * refused with the key, the value and file:line. */
static void test_secret_p(void **state)
{
    (void)state;
    const char *good[][2] = {{"0", "0"}, {"12.5", "12.5"}, {"99", "99"}};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char text[64];
        snprintf(text, sizeof text, "[calcul]\nsecret_p = %s\n", good[i][0]);
        char *path = write_temp(text);
        obs_config c;
        config_defaults(&c);
        assert_true(config_load(&c, path));
        assert_true(c.secret_p == atof(good[i][1]));
        config_free(&c);
        unlink(path);
        free(path);
    }
    const char *bad[] = {"100", "-1", "dix", "10%", "", "nan"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[64];
        snprintf(text, sizeof text, "[calcul]\nsecret_p = %s\n", bad[i]);
        char *path = write_temp(text);
        FILE *log = tmpfile();
        assert_non_null(log);
        obs_log_set_file(log);
        obs_config c;
        config_defaults(&c);
        assert_false(config_load(&c, path));
        config_free(&c);
        obs_log_set_file(NULL);
        char got[1024] = "";
        rewind(log);
        size_t n = fread(got, 1, sizeof got - 1, log);
        got[n] = '\0';
        fclose(log);
        char where[128];
        snprintf(where, sizeof where, "%s:2:", path);
        assert_non_null(strstr(got, "[calcul] secret_p est un pourcentage"));
        assert_non_null(strstr(got, where));
        unlink(path);
        free(path);
    }
}

static void test_split_list(void **state)
{
    (void)state;
    size_t n;
    char **l = config_split_list(" a, b  c,,d ", &n);
    assert_int_equal(n, 4);
    assert_string_equal(l[0], "a");
    assert_string_equal(l[3], "d");
    assert_null(l[4]);
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_territories_and_relative_paths),
        cmocka_unit_test(test_invalid_values_fail),
        cmocka_unit_test(test_secret_p),
        cmocka_unit_test(test_split_list),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
