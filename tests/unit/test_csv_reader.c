/* The streaming CSV reader: delimiters, quoting, encodings, resynchronisation
 * after malformed records, limits, physical line numbers and checksums. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/core/checksum.h"
#include "engine/load/csv_reader.h"

typedef struct {
    csv_status status;
    long line;
    size_t nfields;
    char text[512];   /* fields joined with '|' */
    char reason[32];
} item;

/* Reads everything from memory into items; returns their count. */
static size_t read_all(const char *data, size_t len, item *items, size_t max, csv_reader **keep)
{
    char err[256];
    csv_reader *r = csv_open_memory(data, len, "test.csv", err, sizeof err);
    assert_non_null(r);
    size_t n = 0;
    csv_record rec;
    csv_problem p;
    csv_status s;
    while ((s = csv_next(r, &rec, &p)) != CSV_EOF && n < max) {
        assert_int_not_equal(s, CSV_IO_ERROR);
        item *it = &items[n++];
        memset(it, 0, sizeof *it);
        it->status = s;
        if (s == CSV_BAD_RECORD) {
            it->line = p.line;
            snprintf(it->reason, sizeof it->reason, "%s", p.reason);
            continue;
        }
        it->line = rec.line;
        it->nfields = rec.nfields;
        for (size_t i = 0; i < rec.nfields; i++) {
            strncat(it->text, rec.fields[i], sizeof it->text - strlen(it->text) - 2);
            if (i + 1 < rec.nfields)
                strcat(it->text, "|");
        }
    }
    if (keep)
        *keep = r;
    else
        csv_close(r);
    return n;
}

static void test_delimiters(void **state)
{
    (void)state;
    item it[4];
    const char *cases[][2] = {{"a,b,c\n1,2,3\n", ","}, {"a;b;c\n1;2;3\n", ";"}, {"a\tb\tc\n1\t2\t3\n", "\t"}};
    for (size_t i = 0; i < 3; i++) {
        csv_reader *r;
        assert_int_equal(read_all(cases[i][0], strlen(cases[i][0]), it, 4, &r), 2);
        assert_int_equal(csv_get_stats(r)->delimiter, cases[i][1][0]);
        assert_string_equal(it[1].text, "1|2|3");
        csv_close(r);
    }
    /* commas inside quotes do not vote */
    const char *quoted = "\"a,b\";c\n1;2\n";
    csv_reader *r;
    read_all(quoted, strlen(quoted), it, 4, &r);
    assert_int_equal(csv_get_stats(r)->delimiter, ';');
    assert_string_equal(it[0].text, "a,b|c");
    csv_close(r);
}

static void test_quotes_and_lines(void **state)
{
    (void)state;
    const char *data = "id,texte,n\n1,\"a,b\",2\n2,\"multi\nligne\",3\n3,\"dit \"\"bonjour\"\"\",4\n"
                       "4,,5\n\n5,\"\",6";
    item it[8];
    size_t n = read_all(data, strlen(data), it, 8, NULL);
    assert_int_equal(n, 6);
    assert_string_equal(it[1].text, "1|a,b|2");
    assert_string_equal(it[2].text, "2|multi\nligne|3");
    assert_int_equal(it[2].line, 3);
    assert_string_equal(it[3].text, "3|dit \"bonjour\"|4");
    assert_int_equal(it[3].line, 5); /* the embedded newline counts */
    assert_string_equal(it[4].text, "4||5");
    assert_int_equal(it[5].line, 8); /* blank line skipped, counted; no final newline */
    assert_string_equal(it[5].text, "5||6");
}

static void test_unterminated_quote_costs_one_line(void **state)
{
    (void)state;
    const char *data = "a;b;c\n1;2;3\n4;\"jamais ferme;6\n7;8;9\n10;\"x\"\"y\";11\n12;13;14\n";
    item it[8];
    size_t n = read_all(data, strlen(data), it, 8, NULL);
    assert_int_equal(n, 6);
    assert_int_equal(it[2].status, CSV_BAD_RECORD);
    assert_int_equal(it[2].line, 3);
    assert_string_equal(it[2].reason, "guillemet_non_ferme");
    assert_string_equal(it[3].text, "7|8|9");
    assert_int_equal(it[3].line, 4);
    assert_string_equal(it[4].text, "10|x\"y|11");
    assert_string_equal(it[5].text, "12|13|14");
    assert_int_equal(it[5].line, 6);

    const char *eof = "a,b\n1,\"open\n2,3\n";
    n = read_all(eof, strlen(eof), it, 8, NULL);
    assert_int_equal(n, 3);
    assert_int_equal(it[1].status, CSV_BAD_RECORD);
    assert_string_equal(it[1].reason, "guillemet_non_ferme");
    assert_string_equal(it[2].text, "2|3");
}

static void test_misplaced_quote_and_nul(void **state)
{
    (void)state;
    const char data[] = "a,b\n\"x\"y,1\nab\"c,2\n3,\0\n4,5\n";
    item it[8];
    size_t n = read_all(data, sizeof data - 1, it, 8, NULL);
    assert_int_equal(n, 5);
    assert_string_equal(it[1].reason, "guillemet_mal_place");
    assert_string_equal(it[2].reason, "guillemet_mal_place");
    assert_string_equal(it[3].reason, "octet_nul");
    assert_string_equal(it[4].text, "4|5");
}

static void test_bom_crlf_utf8(void **state)
{
    (void)state;
    const char *data = "\xef\xbb\xbfsiret,nom\r\n1,caf\xc3\xa9\r\n2,\"a\r\nb\"\r\n";
    item it[4];
    csv_reader *r;
    assert_int_equal(read_all(data, strlen(data), it, 4, &r), 3);
    const csv_stats *st = csv_get_stats(r);
    assert_true(st->bom);
    assert_true(st->crlf);
    assert_int_equal(st->encoding, CSV_ENC_UTF8);
    assert_string_equal(it[0].text, "siret|nom");
    assert_string_equal(it[1].text, "1|café");
    assert_string_equal(it[2].text, "2|a\r\nb");
    csv_close(r);
}

static void test_windows_1252(void **state)
{
    (void)state;
    /* French Excel export: ';', CP1252 é (E9), € (80), œ (9C), NBSP (A0) */
    const char *data = "id;nom;montant\r\n1;Soci\xe9t\xe9;12\xa0" "500,00\r\n2;\x80uro \x9c" "uvre;3\r\n";
    item it[4];
    csv_reader *r;
    assert_int_equal(read_all(data, strlen(data), it, 4, &r), 3);
    assert_int_equal(csv_get_stats(r)->encoding, CSV_ENC_CP1252);
    assert_int_equal(csv_get_stats(r)->delimiter, ';');
    assert_string_equal(it[1].text, "1|Société|12\xc2\xa0" "500,00");
    assert_string_equal(it[2].text, "2|€uro œuvre|3");
    csv_close(r);
    /* a byte with no character in CP1252 rejects its record only */
    const char *undefined = "a;b\n1;\xe9t\xe9\n2;x\x81y\n3;z\n";
    assert_int_equal(read_all(undefined, strlen(undefined), it, 4, NULL), 4);
    assert_string_equal(it[1].text, "1|été");
    assert_int_equal(it[2].status, CSV_BAD_RECORD);
    assert_string_equal(it[2].reason, "encodage_invalide");
    assert_string_equal(it[3].text, "3|z");
}

static void test_one_cp1252_line_in_utf8_file(void **state)
{
    (void)state;
    const char *data = "a,b\n1,caf\xc3\xa9\n2,caf\xe9\n3,ok\n";
    item it[4];
    csv_reader *r;
    assert_int_equal(read_all(data, strlen(data), it, 4, &r), 4);
    assert_int_equal(csv_get_stats(r)->encoding, CSV_ENC_UTF8);
    assert_int_equal(csv_get_stats(r)->recoded_records, 1);
    assert_string_equal(it[2].text, "2|café");
    csv_close(r);
}

static void test_limits(void **state)
{
    (void)state;
    /* too many fields */
    size_t len = 2 * (CSV_MAX_FIELDS + 10) + 16;
    char *wide = malloc(len);
    size_t k = (size_t)sprintf(wide, "a\n");
    for (int i = 0; i < CSV_MAX_FIELDS + 10; i++)
        wide[k++] = ',';
    k += (size_t)sprintf(wide + k, "\nok\n");
    item it[4];
    assert_int_equal(read_all(wide, k, it, 4, NULL), 3);
    assert_string_equal(it[1].reason, "trop_de_colonnes");
    assert_string_equal(it[2].text, "ok");
    free(wide);
    /* a field over 1 MiB */
    size_t big = CSV_MAX_FIELD_BYTES + 100;
    char *huge = malloc(big + 16);
    k = (size_t)sprintf(huge, "a\n");
    memset(huge + k, 'x', big);
    k += big;
    k += (size_t)sprintf(huge + k, "\nok\n");
    assert_int_equal(read_all(huge, k, it, 4, NULL), 3);
    assert_string_equal(it[1].reason, "champ_trop_long");
    assert_string_equal(it[2].text, "ok");
    free(huge);
}

static void test_empty_inputs(void **state)
{
    (void)state;
    item it[2];
    assert_int_equal(read_all("", 0, it, 2, NULL), 0);
    assert_int_equal(read_all("a,b\n", 4, it, 2, NULL), 1);
    assert_int_equal(read_all("\n\n", 2, it, 2, NULL), 0);
}

static void test_file_checksum_and_resync(void **state)
{
    (void)state;
    char path[] = "/tmp/obs-csv-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* larger than the 64 KiB read window, with a bad quote near the end of
     * one window, so the resynchronisation seeks back across a refill */
    FILE *f = fdopen(fd, "w");
    fputs("id;texte\n", f);
    for (int i = 0; i < 4000; i++)
        fprintf(f, "%d;ligne numero %d avec du texte\n", i, i);
    fputs("4000;\"pas ferme\n", f);
    for (int i = 4001; i < 8000; i++)
        fprintf(f, "%d;ligne numero %d avec du texte\n", i, i);
    fclose(f);
    char err[256];
    csv_reader *r = csv_open(path, err, sizeof err);
    assert_non_null(r);
    csv_record rec;
    csv_problem p;
    csv_status s;
    long good = 0, bad = 0, last_line = 0;
    while ((s = csv_next(r, &rec, &p)) != CSV_EOF) {
        assert_int_not_equal(s, CSV_IO_ERROR);
        if (s == CSV_BAD_RECORD) {
            bad++;
            assert_int_equal(p.line, 4002);
        } else {
            good++;
            last_line = rec.line;
        }
    }
    assert_int_equal(good, 8000); /* header + 7999 rows */
    assert_int_equal(bad, 1);
    assert_int_equal(last_line, 8001);
    char *expected = checksum_file(path);
    assert_string_equal(csv_checksum(r), expected);
    assert_true(csv_get_stats(r)->bytes_read == csv_get_stats(r)->file_size);
    free(expected);
    csv_close(r);
    unlink(path);
    assert_null(csv_open(path, err, sizeof err));
    assert_non_null(strstr(err, path));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_delimiters),
        cmocka_unit_test(test_quotes_and_lines),
        cmocka_unit_test(test_unterminated_quote_costs_one_line),
        cmocka_unit_test(test_misplaced_quote_and_nul),
        cmocka_unit_test(test_bom_crlf_utf8),
        cmocka_unit_test(test_windows_1252),
        cmocka_unit_test(test_one_cp1252_line_in_utf8_file),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_file_checksum_and_resync),
    };
    return cmocka_run_group_tests_name("csv_reader", tests, NULL, NULL);
}
