/* test_attrs.c: attribute columns: each type, missing values, a column whose type changes,
 * filtering, gathering and appending rows, and the string pool under them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attrs.h"
#include "strpool.h"

typedef struct fixture {
    cpg_strpool *pool;
    cpg_attrs *table;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->pool = cpg_strpool_new();
    f->table = cpg_attrs_new(f->pool);
    assert_int_equal(cpg_attrs_add_rows(f->table, 5), CPG_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cpg_attrs_free(f->table);
    cpg_strpool_unref(f->pool);
    free(f);
    return 0;
}

static cpg_value int_value(int64_t i) { return (cpg_value){CPG_VINT, {.i = i}}; }
static cpg_value float_value(double x) { return (cpg_value){CPG_VFLOAT, {.f = x}}; }
static cpg_value bool_value(bool b) { return (cpg_value){CPG_VBOOL, {.b = b}}; }

static cpg_value string_value(fixture *f, const char *s)
{
    cpg_value v = {.type = CPG_VSTRING};
    assert_true(cpg_strpool_intern(f->pool, s, strlen(s), &v.u.sid));
    return v;
}

static cpg_column *column(fixture *f, const char *name)
{
    cpg_column *c = cpg_attrs_column(f->table, name, strlen(name));
    assert_non_null(c);
    return c;
}

static void set(fixture *f, cpg_column *c, size_t row, cpg_value v)
{
    assert_int_equal(cpg_attrs_set(f->table, c, row, &v), CPG_OK);
}

static const char *string_at(fixture *f, const cpg_column *c, size_t row)
{
    cpg_value v = cpg_column_get(c, row);
    assert_int_equal(v.type, CPG_VSTRING);
    return cpg_strpool_str(f->pool, v.u.sid);
}

/* ---- types ------------------------------------------------------------------------------ */

static void columns_should_hold_each_type_with_its_cells(void **state)
{
    fixture *f = *state;
    cpg_column *b = column(f, "flag"), *i = column(f, "count"), *x = column(f, "weight");
    cpg_column *s = column(f, "type");
    set(f, b, 0, bool_value(true));
    set(f, b, 1, bool_value(false));
    set(f, i, 0, int_value(INT64_MAX));
    set(f, i, 4, int_value(-3));
    set(f, x, 2, float_value(0.1));
    set(f, s, 3, string_value(f, "person"));
    assert_int_equal(cpg_column_type(b), CPG_CBOOL);
    assert_int_equal(cpg_column_type(i), CPG_CINT);
    assert_int_equal(cpg_column_type(x), CPG_CFLOAT);
    assert_int_equal(cpg_column_type(s), CPG_CSTRING);
    assert_true(cpg_column_get(b, 0).u.b);
    assert_false(cpg_column_get(b, 1).u.b);
    assert_true(cpg_column_get(i, 0).u.i == INT64_MAX);  /* all 64 bits */
    assert_int_equal(cpg_column_ints(i)[4], -3);
    assert_true(cpg_column_floats(x)[2] == 0.1);
    assert_null(cpg_column_floats(i));
    assert_string_equal(string_at(f, s, 3), "person");
    assert_int_equal(cpg_column_count(i), 2);
    assert_string_equal(cpg_column_name(x), "weight");
}

static void columns_should_tell_missing_values_from_present_ones(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w");
    assert_int_equal(cpg_column_type(c), CPG_CEMPTY);
    set(f, c, 1, float_value(2.5));
    for (size_t row = 0; row < 5; row++)
        assert_int_equal(cpg_column_get(c, row).type, row == 1 ? CPG_VFLOAT : CPG_VNONE);
    set(f, c, 1, (cpg_value){.type = CPG_VNONE});
    assert_int_equal(cpg_column_count(c), 0);
    assert_int_equal(cpg_column_type(c), CPG_CEMPTY);
    assert_false(cpg_column_has(c, 1));
    set(f, c, 1, (cpg_value){.type = CPG_VNONE});  /* removing what is absent does nothing */
    assert_int_equal(cpg_column_count(c), 0);
}

/* A number stored into a column of strings makes it mixed; every value keeps its own type. */
static void columns_should_turn_mixed_when_types_meet(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "label");
    set(f, c, 0, string_value(f, "Pakistan"));
    set(f, c, 2, string_value(f, "China"));
    set(f, c, 3, int_value(7));
    assert_int_equal(cpg_column_type(c), CPG_CMIXED);
    assert_string_equal(string_at(f, c, 0), "Pakistan");
    assert_string_equal(string_at(f, c, 2), "China");
    assert_int_equal(cpg_column_get(c, 3).type, CPG_VINT);
    assert_int_equal(cpg_column_get(c, 3).u.i, 7);
    assert_int_equal(cpg_column_get(c, 1).type, CPG_VNONE);
    set(f, c, 4, (cpg_value){.type = CPG_VNULL});
    assert_int_equal(cpg_column_get(c, 4).type, CPG_VNULL);
    assert_null(cpg_column_sids(c));
    assert_int_equal(cpg_column_count(c), 4);
}

/* Integers and doubles are both numbers, but each keeps its type: 1 stays 1, not 1.0. */
static void columns_should_keep_integers_among_doubles(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w");
    set(f, c, 0, float_value(1.5));
    set(f, c, 1, int_value(1));
    assert_int_equal(cpg_column_type(c), CPG_CMIXED);
    assert_int_equal(cpg_column_get(c, 1).type, CPG_VINT);
    assert_true(cpg_column_get(c, 0).u.f == 1.5);
}

/* The only value of a column replaced by one of another type: the column takes that type. */
static void columns_should_take_the_type_of_a_replaced_only_value(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w");
    set(f, c, 2, int_value(3));
    set(f, c, 2, string_value(f, "three"));
    assert_int_equal(cpg_column_type(c), CPG_CSTRING);
    set(f, c, 2, (cpg_value){.type = CPG_VNONE});
    set(f, c, 0, bool_value(true));
    assert_int_equal(cpg_column_type(c), CPG_CBOOL);
}

static void values_should_compare_as_json_values(void **state)
{
    fixture *f = *state;
    cpg_value two = int_value(2), two_f = float_value(2.0), three = int_value(3);
    cpg_value a = string_value(f, "a"), a2 = string_value(f, "a"), none = {.type = CPG_VNONE};
    assert_true(cpg_value_equal(&two, &two_f));
    assert_false(cpg_value_equal(&two, &three));
    assert_true(cpg_value_equal(&a, &a2));  /* interned once: one id */
    assert_false(cpg_value_equal(&a, &two));
    assert_false(cpg_value_equal(&none, &two));
    assert_true(cpg_value_equal(&none, &none));
    assert_string_equal(cpg_ctype_name(CPG_CMIXED), "mixed");
    assert_string_equal(cpg_vtype_name(CPG_VJSON), "json");
}

/* ---- rows ------------------------------------------------------------------------------- */

static void filtering_should_move_kept_rows_down_with_their_values(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w"), *s = column(f, "label");
    for (size_t row = 0; row < 5; row++)
        set(f, c, row, int_value((int64_t)row * 10));
    set(f, s, 4, string_value(f, "last"));
    int64_t new_index[] = {-1, 0, -1, 1, 2};  /* keep rows 1, 3 and 4 */
    cpg_attrs_filter(f->table, new_index, 3);
    assert_int_equal(cpg_attrs_rows(f->table), 3);
    assert_int_equal(cpg_column_get(c, 0).u.i, 10);
    assert_int_equal(cpg_column_get(c, 1).u.i, 30);
    assert_int_equal(cpg_column_get(c, 2).u.i, 40);
    assert_int_equal(cpg_column_count(c), 3);
    assert_string_equal(string_at(f, s, 2), "last");
    assert_false(cpg_column_has(s, 0));
    /* rows added after a filter have no values */
    assert_int_equal(cpg_attrs_add_rows(f->table, 2), CPG_OK);
    assert_false(cpg_column_has(c, 3));
    assert_false(cpg_column_has(c, 4));
}

static void gathering_should_copy_chosen_rows_in_order(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w");
    column(f, "empty");
    for (size_t row = 0; row < 5; row++)
        if (row != 2)
            set(f, c, row, float_value((double)row));
    size_t rows[] = {4, 2, 0};
    cpg_attrs *copy = cpg_attrs_gather(f->table, rows, 3);
    assert_non_null(copy);
    assert_int_equal(cpg_attrs_rows(copy), 3);
    assert_int_equal(cpg_attrs_column_count(copy), 1);  /* the empty column is not copied */
    const cpg_column *w = cpg_attrs_find(copy, "w");
    assert_true(cpg_column_get(w, 0).u.f == 4.0);
    assert_false(cpg_column_has(w, 1));
    assert_true(cpg_column_get(w, 2).u.f == 0.0);
    cpg_attrs *whole = cpg_attrs_gather(f->table, NULL, 0);
    assert_int_equal(cpg_attrs_rows(whole), 5);
    assert_int_equal(cpg_column_count(cpg_attrs_find(whole, "w")), 4);
    set(f, c, 0, float_value(-1));  /* the copies are their own */
    assert_true(cpg_column_get(cpg_attrs_find(whole, "w"), 0).u.f == 0.0);
    cpg_attrs_free(copy);
    cpg_attrs_free(whole);
}

/* A file merged after another: its columns join by name, with the types merged. */
static void appending_should_match_columns_by_name(void **state)
{
    fixture *f = *state;
    cpg_column *c = column(f, "w");
    set(f, c, 0, float_value(0.5));
    cpg_attrs *more = cpg_attrs_new(f->pool);
    assert_int_equal(cpg_attrs_add_rows(more, 2), CPG_OK);
    cpg_column *w = cpg_attrs_column(more, "w", 1), *k = cpg_attrs_column(more, "kind", 4);
    cpg_value two = int_value(2), kind = string_value(f, "new");
    assert_int_equal(cpg_attrs_set(more, w, 1, &two), CPG_OK);
    assert_int_equal(cpg_attrs_set(more, k, 0, &kind), CPG_OK);
    assert_int_equal(cpg_attrs_append(f->table, more, NULL, 2), CPG_OK);
    assert_int_equal(cpg_attrs_rows(f->table), 7);
    assert_int_equal(cpg_column_type(c), CPG_CMIXED);
    assert_int_equal(cpg_column_get(c, 6).u.i, 2);
    assert_true(cpg_column_get(c, 0).u.f == 0.5);
    assert_false(cpg_column_has(c, 5));
    assert_string_equal(string_at(f, cpg_attrs_find(f->table, "kind"), 5), "new");
    assert_string_equal(cpg_column_name(cpg_attrs_column_at(f->table, 1)), "kind");
    size_t rows[] = {1};
    assert_int_equal(cpg_attrs_append(f->table, more, rows, 1), CPG_OK);
    assert_int_equal(cpg_column_get(c, 7).u.i, 2);
    cpg_attrs_truncate(f->table, 5);
    assert_int_equal(cpg_attrs_rows(f->table), 5);
    assert_int_equal(cpg_column_count(c), 1);
    cpg_attrs_free(more);
}

/* Enough rows that the arrays grow several times, and columns made after rows exist. */
static void columns_should_grow_with_rows(void **state)
{
    fixture *f = *state;
    cpg_column *early = column(f, "early");
    assert_int_equal(cpg_attrs_add_rows(f->table, 100000), CPG_OK);
    cpg_column *late = column(f, "late");
    for (size_t row = 0; row < 100005; row += 7) {
        set(f, early, row, int_value((int64_t)row));
        set(f, late, row, float_value((double)row / 2));
    }
    assert_int_equal(cpg_column_get(early, 99995).u.i, 99995);
    assert_true(cpg_column_get(late, 70).u.f == 35.0);
    assert_false(cpg_column_has(late, 71));
    assert_int_equal(cpg_column_count(early), (100005 + 6) / 7);
}

static void pools_should_intern_each_string_once(void **state)
{
    fixture *f = *state;
    uint32_t a, b, c;
    assert_true(cpg_strpool_intern(f->pool, "meets", 5, &a));
    assert_true(cpg_strpool_intern(f->pool, "funds", 5, &b));
    assert_true(cpg_strpool_intern(f->pool, "meets!", 5, &c));  /* LEN bytes only */
    assert_int_equal(a, c);
    assert_int_not_equal(a, b);
    assert_true(cpg_strpool_find(f->pool, "funds", 5, &c));
    assert_int_equal(b, c);
    assert_false(cpg_strpool_find(f->pool, "signs", 5, &c));
    assert_int_equal(cpg_strpool_len(f->pool, b), 5);
    char many[32];
    for (int i = 0; i < 5000; i++) {  /* the table grows: every id stays right */
        snprintf(many, sizeof many, "s%d", i);
        assert_true(cpg_strpool_intern(f->pool, many, strlen(many), &c));
    }
    assert_true(cpg_strpool_find(f->pool, "s4321", 5, &c));
    assert_string_equal(cpg_strpool_str(f->pool, c), "s4321");
    assert_int_equal(cpg_strpool_count(f->pool), 5002);
    assert_true(cpg_strpool_intern(f->pool, "", 0, &c));
    assert_string_equal(cpg_strpool_str(f->pool, c), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(columns_should_hold_each_type_with_its_cells),
        T(columns_should_tell_missing_values_from_present_ones),
        T(columns_should_turn_mixed_when_types_meet),
        T(columns_should_keep_integers_among_doubles),
        T(columns_should_take_the_type_of_a_replaced_only_value),
        T(values_should_compare_as_json_values),
        T(filtering_should_move_kept_rows_down_with_their_values),
        T(gathering_should_copy_chosen_rows_in_order),
        T(appending_should_match_columns_by_name),
        T(columns_should_grow_with_rows),
        T(pools_should_intern_each_string_once),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
