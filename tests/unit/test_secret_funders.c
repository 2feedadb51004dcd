/* What a funder knows of the cells without funder (secret_funders.h):
 * the total of its money alone, only where the funder parts add up to it.
 * Values worked out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "engine/core/db.h"
#include "engine/core/dimension_key.h"
#include "indicators/secret/secret_funder_cells.h"
#include "indicators/secret/secret_funders.h"

/* The slots of the test: rowid - 1, hidden as indicator_value says. */
typedef struct {
    sqlite3 *db;
    size_t n;
} table;

static size_t slot_of(const void *model, int64_t id)
{
    const table *t = model;
    return id >= 1 && (size_t)id <= t->n ? (size_t)id - 1 : t->n;
}

static bool hidden(const void *model, size_t slot)
{
    const table *t = model;
    sqlite3_stmt *st = db_prepare(t->db, "SELECT secret FROM indicator_value WHERE rowid = ?1");
    sqlite3_bind_int64(st, 1, (int64_t)slot + 1);
    bool h = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    return h;
}

/* Rows 1..6: an amount (additive: 100 = F 70 + G 30) and a count of
 * projects (F funds all 10 projects, G 4 of them: 10 = F 10, G 4). F's
 * part is hidden in both, G's published. */
static const char cells_sql[] =
    "INSERT INTO indicator_value(rowid, run_id, indicator, niveau, territoire, annee, dimension, valeur,"
    " valeur_brute, secret) VALUES"
    " (1,1,'montant_public','commune','A',2024,'',NULL,100,1),"
    " (2,1,'montant_public','commune','A',2024,dim('financeur','F'),NULL,70,1),"
    " (3,1,'montant_public','commune','A',2024,dim('financeur','G'),30,30,0),"
    " (4,1,'projets_finances','commune','A',2024,'',NULL,10,1),"
    " (5,1,'projets_finances','commune','A',2024,dim('financeur','F'),NULL,10,1),"
    " (6,1,'projets_finances','commune','A',2024,dim('financeur','G'),4,4,0);";

static void test_money_alone_where_the_parts_add_up(void **state)
{
    (void)state;
    sqlite3 *db = db_open(":memory:");
    assert_non_null(db);
    assert_true(db_exec(db, cells_sql));
    char why[300];
    assert_true(dimension_keys_store(db, 1, NULL, why, sizeof why));
    table t = {db, 6};
    secret_funder_slots s = {6, slot_of, hidden, &t};
    secret_funders f;
    assert_true(secret_funders_read(db, 1, &s, &f));
    int32_t F = -1;
    for (size_t i = 0; i < f.n; i++)
        if (strcmp(f.name[i], "F") == 0)
            F = (int32_t)i;
    assert_true(F >= 0);
    /* F knows the amount: 70 + the published 30 */
    assert_true(secret_funder_knows(&f, 0, F));
    assert_int_equal(f.only[0], F);
    /* not the count: its 10 and G's 4 do not give the 10 projects */
    assert_false(secret_funder_knows(&f, 3, F));
    assert_int_equal(f.only[3], SECRET_FUNDER_NONE);
    /* its own cells, of both */
    assert_true(secret_funder_knows(&f, 1, F));
    assert_true(secret_funder_knows(&f, 4, F));
    secret_funders_free(&f);
    assert_true(secret_funder_cells_drop(db));
    db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_money_alone_where_the_parts_add_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
