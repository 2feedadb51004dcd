/* The signature obs run compares to know whether anything changed: nothing
 * may be cut, however many files a folder holds or however long a value is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/core/signature.h"

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void folder_sum(const char *dir, char out[33])
{
    signature s;
    assert_true(signature_begin(&s));
    signature_add_folder(&s, "f", dir, ".csv");
    assert_true(signature_end(&s, out));
}

static void remove_folder(const char *dir, int n)
{
    char path[512];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%05d.csv", dir, i);
        unlink(path);
    }
    rmdir(dir);
}

/* The 3000th file of a folder counts: the former list stopped at 2048. */
static void test_every_file_of_a_large_folder_counts(void **state)
{
    (void)state;
    char dir[] = "/tmp/obs-sig-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char name[32];
    for (int i = 0; i < 3000; i++) {
        snprintf(name, sizeof name, "%05d.csv", i);
        write_file(dir, name, "a,b\n1,2\n");
    }
    char before[33], after[33], again[33];
    folder_sum(dir, before);
    write_file(dir, "02999.csv", "a,b\n1,3\n");
    folder_sum(dir, after);
    assert_string_not_equal(before, after);
    folder_sum(dir, again);
    assert_string_equal(after, again);
    remove_folder(dir, 3000);
}

/* A change past the first 4 KiB of values counts: the former text stopped there. */
static void test_a_change_after_4_kib_counts(void **state)
{
    (void)state;
    char *long_value = malloc(10001);
    assert_non_null(long_value);
    memset(long_value, 'x', 10000);
    long_value[10000] = '\0';
    char a[33], b[33];
    signature s;
    assert_true(signature_begin(&s));
    signature_add(&s, "configuration", long_value);
    signature_add(&s, "annee", "2024");
    assert_true(signature_end(&s, a));
    assert_true(signature_begin(&s));
    signature_add(&s, "configuration", long_value);
    signature_add(&s, "annee", "2025");
    assert_true(signature_end(&s, b));
    assert_string_not_equal(a, b);
    free(long_value);
}

/* Pieces are length-prefixed: ("ab", "c") and ("a", "bc") differ. */
static void test_pieces_do_not_run_together(void **state)
{
    (void)state;
    char a[33], b[33];
    signature s;
    assert_true(signature_begin(&s));
    signature_add(&s, "ab", "c");
    assert_true(signature_end(&s, a));
    assert_true(signature_begin(&s));
    signature_add(&s, "a", "bc");
    assert_true(signature_end(&s, b));
    assert_string_not_equal(a, b);
}

/* A file that cannot be read makes the signature untrustworthy. */
static void test_an_unreadable_file_fails(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        /* root reads a file whatever its mode: use a folder entry that is not a file */
        char dir[] = "/tmp/obs-sig-XXXXXX";
        assert_non_null(mkdtemp(dir));
        char sub[512];
        snprintf(sub, sizeof sub, "%s/dossier.csv", dir);
        assert_int_equal(mkdir(sub, 0700), 0);
        signature s;
        char out[33];
        assert_true(signature_begin(&s));
        signature_add_folder(&s, "f", dir, ".csv");
        assert_false(signature_end(&s, out));
        rmdir(sub);
        rmdir(dir);
        return;
    }
    char dir[] = "/tmp/obs-sig-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "a.csv", "x\n");
    char path[512];
    snprintf(path, sizeof path, "%s/a.csv", dir);
    chmod(path, 0);
    signature s;
    char out[33];
    assert_true(signature_begin(&s));
    signature_add_folder(&s, "f", dir, ".csv");
    assert_false(signature_end(&s, out));
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_file_of_a_large_folder_counts),
        cmocka_unit_test(test_a_change_after_4_kib_counts),
        cmocka_unit_test(test_pieces_do_not_run_together),
        cmocka_unit_test(test_an_unreadable_file_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
