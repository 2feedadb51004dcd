/* Reading ahead in a thread gives exactly what csv_next gives: the same
 * records, fields, lines, problems and statuses, across batch boundaries,
 * and a stop in the middle of a file leaves nothing behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/load/csv_ahead.h"

/* 10 000 records (more than two batches), every 997th with a stray quote,
 * every 1 500th with an embedded newline, and a last line without one. */
static char *make_file(size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    n += (size_t)snprintf(s + n, cap - n, "id;nom;valeur\n");
    for (int i = 1; i <= 10000; i++) {
        if (n + 128 > cap) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
        if (i % 997 == 0)
            n += (size_t)snprintf(s + n, cap - n, "%d;bad\"quote;%d\n", i, i);
        else if (i % 1500 == 0)
            n += (size_t)snprintf(s + n, cap - n, "%d;\"deux\nlignes\";%d,5\n", i, i);
        else
            n += (size_t)snprintf(s + n, cap - n, "%d;nom %d;%d\n", i, i, i * 3);
    }
    n += (size_t)snprintf(s + n, cap - n, "10001;fin;1");
    *len = n;
    return s;
}

static void test_same_as_csv_next(void **state)
{
    (void)state;
    size_t len;
    char *data = make_file(&len);
    char err[256];
    csv_reader *direct = csv_open_memory(data, len, "t.csv", err, sizeof err);
    csv_reader *ahead_r = csv_open_memory(data, len, "t.csv", err, sizeof err);
    assert_non_null(direct);
    assert_non_null(ahead_r);
    csv_record rec, rec2;
    csv_problem p, p2;
    assert_int_equal(csv_next(direct, &rec, &p), CSV_RECORD); /* headers */
    assert_int_equal(csv_next(ahead_r, &rec2, &p2), CSV_RECORD);
    csv_ahead *a = csv_ahead_start(ahead_r);
    assert_non_null(a);
    long records = 0, bad = 0;
    for (;;) {
        uint64_t bytes;
        csv_status s = csv_next(direct, &rec, &p);
        csv_status s2 = csv_ahead_next(a, &rec2, &p2, &bytes);
        assert_int_equal(s2, s);
        if (s == CSV_EOF)
            break;
        assert_true(bytes <= len);
        if (s == CSV_BAD_RECORD) {
            bad++;
            assert_int_equal(p2.line, p.line);
            assert_int_equal(p2.column, p.column);
            assert_string_equal(p2.reason, p.reason);
            assert_string_equal(p2.message, p.message);
            continue;
        }
        records++;
        assert_int_equal(rec2.line, rec.line);
        assert_int_equal(rec2.nfields, rec.nfields);
        for (size_t f = 0; f < rec.nfields; f++) {
            assert_int_equal(rec2.lengths[f], rec.lengths[f]);
            assert_string_equal(rec2.fields[f], rec.fields[f]);
        }
    }
    assert_int_equal(bad, 10);           /* 997, 1994, ..., 9970 */
    assert_int_equal(records, 10001 - 10);
    assert_int_equal(csv_ahead_next(a, &rec2, &p2, &(uint64_t){0}), CSV_EOF); /* and stays there */
    csv_ahead_stop(a);
    assert_string_equal(csv_checksum(ahead_r), csv_checksum(direct));
    assert_int_equal(csv_get_stats(ahead_r)->bytes_read, csv_get_stats(direct)->bytes_read);
    csv_close(direct);
    csv_close(ahead_r);
    free(data);
}

static void test_stop_in_the_middle(void **state)
{
    (void)state;
    size_t len;
    char *data = make_file(&len);
    char err[256];
    csv_reader *r = csv_open_memory(data, len, "t.csv", err, sizeof err);
    assert_non_null(r);
    csv_record rec;
    csv_problem p;
    assert_int_equal(csv_next(r, &rec, &p), CSV_RECORD);
    csv_ahead *a = csv_ahead_start(r);
    assert_non_null(a);
    uint64_t bytes;
    assert_int_equal(csv_ahead_next(a, &rec, &p, &bytes), CSV_RECORD);
    assert_string_equal(rec.fields[1], "nom 1");
    csv_ahead_stop(a); /* the thread may be blocked on a full ring: it ends */
    csv_close(r);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_as_csv_next),
        cmocka_unit_test(test_stop_in_the_middle),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
