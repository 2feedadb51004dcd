/* "Vouliez-vous dire ... ?": edit distances counted by hand, and the
 * configuration's unknown keys refused with the nearest valid key. */
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
#include "engine/core/suggest.h"

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("", ""), 0);
    assert_int_equal(suggest_distance("entree", "entrees"), 1);  /* one insertion */
    assert_int_equal(suggest_distance("kitten", "sitting"), 3); /* k->s, e->i, +g */
    assert_int_equal(suggest_distance("annee", "anne"), 1);
    assert_int_equal(suggest_distance("calcl", "calcul"), 1);
    assert_int_equal(suggest_distance("abc", ""), 3);
    assert_int_equal(suggest_distance("flaw", "lawn"), 2); /* -f, +n */
}

static void test_nearest(void **state)
{
    (void)state;
    const char *keys[] = {"base", "entrees", "sorties", "journal"};
    assert_string_equal(suggest_nearest("entree", keys, 4), "entrees");
    assert_string_equal(suggest_nearest("sortie", keys, 4), "sorties");
    assert_string_equal(suggest_nearest("jounral", keys, 4), "journal"); /* two substitutions */
    assert_null(suggest_nearest("zzzzzz", keys, 4));
}

/* Loads text as a configuration; returns what was logged. */
static char *load(const char *text, bool *ok)
{
    char path[] = "/tmp/obs-suggest-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    FILE *log = tmpfile();
    assert_non_null(log);
    obs_log_set_file(log);
    obs_config c;
    config_defaults(&c);
    *ok = config_load(&c, path);
    config_free(&c);
    obs_log_set_file(NULL);
    unlink(path);
    static char buf[1024];
    rewind(log);
    size_t n = fread(buf, 1, sizeof buf - 1, log);
    buf[n] = '\0';
    fclose(log);
    return buf;
}

static void test_config_typo(void **state)
{
    (void)state;
    bool ok;
    char *msg = load("[chemins]\nbase = a.sqlite\nentree = donnees\n", &ok);
    assert_false(ok);
    assert_non_null(strstr(msg, ":3: entree : clé inconnue, vouliez-vous dire entrees ?"));
    msg = load("[calcl]\nannee = 2024\n", &ok);
    assert_false(ok);
    assert_non_null(strstr(msg, ":2: [calcl] : section inconnue, vouliez-vous dire [calcul] ?"));
    msg = load("[etude x]\nepci = 200018083\ncommune = 62160\n", &ok);
    assert_false(ok);
    assert_non_null(strstr(msg, "commune : clé inconnue, vouliez-vous dire communes ?"));
    msg = load("[calcul]\nannee = 2024\n", &ok);
    assert_true(ok);
}

int main(void)
{
    obs_log_set_timestamps(false);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_nearest),
        cmocka_unit_test(test_config_typo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
