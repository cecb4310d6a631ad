/* test_json.c: cmocka tests for the strict JSON parser (values, numbers, and every fault's position and message). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpecgraph/json.h"

/* ---- helpers ---- */

/* Parses a copy of LEN bytes with no NUL after them, so any read past the end trips ASan. */
static cJSON *parse_exact(const char *text, size_t len, cpg_json_error *err)
{
    char *copy = malloc(len ? len : 1);
    cJSON *root;

    assert_non_null(copy);
    memcpy(copy, text, len);
    root = cpg_json_parse(copy, len, err);
    free(copy);
    return root;
}

static cJSON *parse_ok(const char *text)
{
    cpg_json_error err;
    cJSON *root = parse_exact(text, strlen(text), &err);

    if (root == NULL)
        fail_msg("parse of <%s> failed at %zu:%zu: %s", text, err.line, err.column, err.message);
    return root;
}

static char *repeat(const char *unit, size_t times, const char *tail)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * times + t + 1);

    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    memcpy(s + u * times, tail, t + 1);
    return s;
}

static double now_seconds(void)
{
    struct timespec ts;

    timespec_get(&ts, TIME_UTC);   /* C11, so no POSIX feature macro is needed */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- values ---- */

static void json_should_parse_every_value_type(void **state)
{
    (void)state;
    cJSON *root = parse_ok("{\"s\": \"text\", \"i\": 42, \"f\": -2.5, \"t\": true, \"F\": false,"
                           " \"n\": null, \"a\": [1, \"two\", [3]], \"o\": {\"k\": {}}, \"e\": []}");

    assert_true(cJSON_IsObject(root));
    assert_int_equal(cJSON_GetArraySize(root), 9);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "s")->valuestring, "text");
    assert_true(cJSON_GetObjectItemCaseSensitive(root, "i")->valuedouble == 42.0);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(root, "i")->valueint, 42);
    assert_true(cJSON_GetObjectItemCaseSensitive(root, "f")->valuedouble == -2.5);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "t")));
    assert_true(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(root, "F")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "n")));

    cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "a");
    assert_true(cJSON_IsArray(a));
    assert_int_equal(cJSON_GetArraySize(a), 3);
    assert_string_equal(cJSON_GetArrayItem(a, 1)->valuestring, "two");
    assert_true(cJSON_GetArrayItem(cJSON_GetArrayItem(a, 2), 0)->valuedouble == 3.0);

    cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "o");
    assert_true(cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(o, "k")));
    assert_null(cJSON_GetObjectItemCaseSensitive(o, "k")->child);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "e")), 0);
    cJSON_Delete(root);
}

static void json_should_parse_scalars_at_the_top_level(void **state)
{
    (void)state;
    cJSON *s = parse_ok("\"x\""), *n = parse_ok("7"), *t = parse_ok(" true "), *z = parse_ok("null");

    assert_string_equal(s->valuestring, "x");
    assert_true(n->valuedouble == 7.0);
    assert_true(cJSON_IsTrue(t));
    assert_true(cJSON_IsNull(z));
    cJSON_Delete(s);
    cJSON_Delete(n);
    cJSON_Delete(t);
    cJSON_Delete(z);
}

/* The tree must be usable by cJSON's own functions, which read the tail from child->prev. */
static void json_should_link_children_like_cjson_does(void **state)
{
    (void)state;
    cJSON *root = parse_ok("[1, 2, 3]");
    cJSON *one = parse_ok("{\"only\": 1}");
    char *printed;

    assert_ptr_equal(root->child->prev, cJSON_GetArrayItem(root, 2));
    assert_null(root->child->prev->next);
    assert_ptr_equal(cJSON_GetArrayItem(root, 2)->prev, cJSON_GetArrayItem(root, 1));
    assert_ptr_equal(one->child->prev, one->child);
    assert_true(cJSON_AddItemToArray(root, cJSON_CreateNumber(4)));
    assert_true(cJSON_AddItemToObject(one, "more", cJSON_CreateNull()));
    printed = cJSON_PrintUnformatted(root);
    assert_string_equal(printed, "[1,2,3,4]");
    cJSON_free(printed);
    printed = cJSON_PrintUnformatted(one);
    assert_string_equal(printed, "{\"only\":1,\"more\":null}");
    cJSON_free(printed);
    cJSON_Delete(root);
    cJSON_Delete(one);
}

static void json_should_decode_escapes_to_utf8(void **state)
{
    (void)state;
    cJSON *root = parse_ok("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\", \"\\u0041\\u00e9\\u20AC\", \"\\uD83D\\uDE00!\","
                           " \"\\udbff\\udfff\", \"x\\u0001y\"]");

    assert_string_equal(cJSON_GetArrayItem(root, 0)->valuestring, "\"\\/\b\f\n\r\t");
    assert_string_equal(cJSON_GetArrayItem(root, 1)->valuestring, "A\xC3\xA9\xE2\x82\xAC");
    assert_string_equal(cJSON_GetArrayItem(root, 2)->valuestring, "\xF0\x9F\x98\x80!");
    assert_string_equal(cJSON_GetArrayItem(root, 3)->valuestring, "\xF4\x8F\xBF\xBF");
    assert_string_equal(cJSON_GetArrayItem(root, 4)->valuestring, "x\x01y");
    cJSON_Delete(root);
}

static void json_should_keep_raw_utf8_in_strings_and_keys(void **state)
{
    (void)state;
    cJSON *root = parse_ok("{\"cl\xC3\xA9\": \"\xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF\"}");

    assert_string_equal(root->child->string, "cl\xC3\xA9");
    assert_string_equal(root->child->valuestring, "\xE2\x82\xAC \xF0\x9F\x98\x80 \xEF\xBF\xBF \xF4\x8F\xBF\xBF");
    cJSON_Delete(root);
}

static void json_should_tell_integers_from_floats(void **state)
{
    (void)state;
    cJSON *root = parse_ok("[12, -3, 0, 1.50, 1e3, 2E-2, 12345678901234567890]");

    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(root, 0)));
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(root, 0)), "12");
    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(root, 1)));
    assert_true(cJSON_GetArrayItem(root, 1)->valuedouble == -3.0);
    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(root, 2)));
    assert_false(cpg_json_is_integer(cJSON_GetArrayItem(root, 3)));
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(root, 3)), "1.50");
    assert_true(cJSON_GetArrayItem(root, 3)->valuedouble == 1.5);
    assert_false(cpg_json_is_integer(cJSON_GetArrayItem(root, 4)));
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(root, 4)), "1e3");
    assert_false(cpg_json_is_integer(cJSON_GetArrayItem(root, 5)));
    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(root, 6)));
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(root, 6)), "12345678901234567890");
    assert_true(cJSON_GetArrayItem(root, 6)->valuedouble == 12345678901234567890.0);
    cJSON_Delete(root);
}

static void json_should_keep_negative_zero(void **state)
{
    (void)state;
    cJSON *root = parse_ok("[-0, -0.0, 0]");

    assert_true(cJSON_GetArrayItem(root, 0)->valuedouble == 0.0);
    assert_true(signbit(cJSON_GetArrayItem(root, 0)->valuedouble));
    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(root, 0)));
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(root, 0)), "-0");
    assert_true(signbit(cJSON_GetArrayItem(root, 1)->valuedouble));
    assert_false(cpg_json_is_integer(cJSON_GetArrayItem(root, 1)));
    assert_false(signbit(cJSON_GetArrayItem(root, 2)->valuedouble));
    cJSON_Delete(root);
}

static void json_should_parse_exponents(void **state)
{
    (void)state;
    cJSON *root = parse_ok("[1e3, 1E+3, 25e-1, -2.5e+3, 0.5E0, 1e-400, -1e-400, 1.7976931348623157e308]");

    assert_true(cJSON_GetArrayItem(root, 0)->valuedouble == 1000.0);
    assert_true(cJSON_GetArrayItem(root, 1)->valuedouble == 1000.0);
    assert_true(cJSON_GetArrayItem(root, 2)->valuedouble == 2.5);
    assert_true(cJSON_GetArrayItem(root, 3)->valuedouble == -2500.0);
    assert_true(cJSON_GetArrayItem(root, 4)->valuedouble == 0.5);
    assert_true(cJSON_GetArrayItem(root, 5)->valuedouble == 0.0);   /* underflow is accepted */
    assert_true(signbit(cJSON_GetArrayItem(root, 6)->valuedouble));
    assert_true(cJSON_GetArrayItem(root, 7)->valuedouble > 1e308);
    cJSON_Delete(root);
}

static void json_should_accept_a_utf8_bom(void **state)
{
    (void)state;
    cJSON *root = parse_ok("\xEF\xBB\xBF{\"a\": [true]}");

    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "a")->child));
    cJSON_Delete(root);
}

static void json_should_accept_every_whitespace_kind(void **state)
{
    (void)state;
    cJSON *root = parse_ok(" \t\r\n[ \t\r\n1 \t\r\n, \t\r\n{ \"k\" \t\r\n: \t\r\n2 } ] \t\r\n");

    assert_int_equal(cJSON_GetArraySize(root), 2);
    cJSON_Delete(root);
}

static void json_should_parse_only_the_given_length(void **state)
{
    (void)state;
    cpg_json_error err;
    cJSON *root = cpg_json_parse("123456", 3, &err);

    assert_non_null(root);
    assert_string_equal(cpg_json_number_text(root), "123");
    cJSON_Delete(root);
    root = cpg_json_parse("[1] trailing", 3, &err);
    assert_non_null(root);
    cJSON_Delete(root);
}

static void json_should_print_numbers_from_their_values(void **state)
{
    (void)state;
    cJSON *root = parse_ok("{\"a\": 1.50, \"b\": 12, \"c\": -0.25e1, \"d\": \"s\"}");
    char *printed = cJSON_PrintUnformatted(root);

    assert_string_equal(printed, "{\"a\":1.5,\"b\":12,\"c\":-2.5,\"d\":\"s\"}");
    cJSON_free(printed);
    cJSON_Delete(root);
}

static void json_should_copy_number_text_when_duplicated(void **state)
{
    (void)state;
    cJSON *root = parse_ok("{\"n\": [1.0, 7]}");
    cJSON *copy = cJSON_Duplicate(root, 1);
    cJSON *n = cJSON_GetObjectItemCaseSensitive(copy, "n");

    assert_non_null(copy);
    assert_string_equal(cpg_json_number_text(cJSON_GetArrayItem(n, 0)), "1.0");
    assert_ptr_not_equal(cpg_json_number_text(cJSON_GetArrayItem(n, 0)),
                         cpg_json_number_text(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "n"), 0)));
    assert_true(cpg_json_is_integer(cJSON_GetArrayItem(n, 1)));
    assert_true(cJSON_Compare(root, copy, 1));
    cJSON_Delete(root);
    cJSON_Delete(copy);
}

static void json_should_make_integers_with_text(void **state)
{
    (void)state;
    cJSON *big = cpg_json_integer(-9223372036854775807LL - 1);
    cJSON *zero = cpg_json_integer(0);
    cJSON *answer = cpg_json_integer(42);
    char *printed;

    assert_non_null(big);
    assert_true(cJSON_IsNumber(big));
    assert_true(cpg_json_is_integer(big));
    assert_string_equal(cpg_json_number_text(big), "-9223372036854775808");
    assert_string_equal(cpg_json_number_text(zero), "0");
    assert_true(cpg_json_is_integer(answer));
    assert_int_equal(answer->valueint, 42);
    printed = cJSON_PrintUnformatted(answer);
    assert_string_equal(printed, "42");
    cJSON_free(printed);
    cJSON_Delete(big);
    cJSON_Delete(zero);
    cJSON_Delete(answer);
}

static void json_should_give_no_text_for_foreign_values(void **state)
{
    (void)state;
    cJSON *plain = cJSON_CreateNumber(3);
    cJSON *string = parse_ok("\"12\"");

    assert_null(cpg_json_number_text(plain));
    assert_false(cpg_json_is_integer(plain));
    assert_null(cpg_json_number_text(string));
    assert_false(cpg_json_is_integer(string));
    assert_null(cpg_json_number_text(NULL));
    assert_false(cpg_json_is_integer(NULL));
    cJSON_Delete(plain);
    cJSON_Delete(string);
}

/* ---- error reporting beyond the table ---- */

static void json_should_fill_every_error_field(void **state)
{
    (void)state;
    cpg_json_error err;

    assert_null(parse_exact("[1,\n  x]", 8, &err));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_int_equal(err.offset, 6);
    assert_string_equal(err.message, "invalid literal");
}

static void json_should_clear_the_error_on_success(void **state)
{
    (void)state;
    cpg_json_error err;
    cJSON *root;

    memset(&err, 'x', sizeof err);
    root = parse_exact("[]", 2, &err);
    assert_non_null(root);
    assert_int_equal(err.line, 0);
    assert_string_equal(err.message, "");
    cJSON_Delete(root);
}

static void json_should_allow_a_null_error_pointer(void **state)
{
    (void)state;
    cJSON *root = cpg_json_parse("[1]", 3, NULL);

    assert_non_null(root);
    cJSON_Delete(root);
    assert_null(cpg_json_parse("[1,]", 4, NULL));
    assert_null(cpg_json_parse(NULL, 0, NULL));
}

static void json_should_accept_nesting_at_the_limit(void **state)
{
    (void)state;
    char *text = malloc(2 * CPG_JSON_MAX_DEPTH + 1);
    cJSON *root, *leaf;
    int depth = 1;

    assert_non_null(text);
    memset(text, '[', CPG_JSON_MAX_DEPTH);
    memset(text + CPG_JSON_MAX_DEPTH, ']', CPG_JSON_MAX_DEPTH);
    text[2 * CPG_JSON_MAX_DEPTH] = '\0';
    root = parse_ok(text);
    for (leaf = root; leaf->child != NULL; leaf = leaf->child)
        depth++;
    assert_int_equal(depth, CPG_JSON_MAX_DEPTH);
    cJSON_Delete(root);
    free(text);
}

static void json_should_report_nesting_beyond_the_limit(void **state)
{
    (void)state;
    char *arrays = repeat("[", CPG_JSON_MAX_DEPTH + 1, "");
    char *objects = repeat("{\"k\":", CPG_JSON_MAX_DEPTH + 1, "1");
    cpg_json_error err;

    assert_null(parse_exact(arrays, strlen(arrays), &err));
    assert_string_equal(err.message, "nesting deeper than 512 levels");
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, CPG_JSON_MAX_DEPTH + 1);
    assert_null(parse_exact(objects, strlen(objects), &err));
    assert_string_equal(err.message, "nesting deeper than 512 levels");
    assert_int_equal(err.column, 5 * CPG_JSON_MAX_DEPTH + 1);
    free(arrays);
    free(objects);
}

/* A hostile file of a million brackets must fail cleanly, not overflow the C stack. */
static void json_should_survive_a_million_open_brackets(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *text = malloc(n);
    cpg_json_error err;

    assert_non_null(text);
    memset(text, '[', n);
    assert_null(cpg_json_parse(text, n, &err));
    assert_string_equal(err.message, "nesting deeper than 512 levels");
    assert_int_equal(err.column, CPG_JSON_MAX_DEPTH + 1);
    free(text);
}

/* Builds {"k0":0,...,"k<n-1>":n-1} followed by EXTRA (e.g. a repeated key) and "}". */
static char *object_with_keys(size_t n, const char *extra, size_t *len)
{
    size_t cap = n * 24 + strlen(extra) + 8, o = 0;
    char *s = malloc(cap);

    assert_non_null(s);
    s[o++] = '{';
    for (size_t i = 0; i < n; i++)
        o += (size_t)snprintf(s + o, cap - o, "%s\"k%zu\":%zu", i ? "," : "", i, i);
    o += (size_t)snprintf(s + o, cap - o, "%s}", extra);
    *len = o;
    return s;
}

static void json_should_find_duplicates_on_both_sides_of_the_linear_limit(void **state)
{
    (void)state;
    static const size_t sizes[] = { 2, 31, 32, 33, 100, 5000 };
    cpg_json_error err;

    for (size_t t = 0; t < sizeof sizes / sizeof sizes[0]; t++) {
        size_t len;
        char *text = object_with_keys(sizes[t], ",\"k1\":9", &len);
        cJSON *ok;

        assert_null(parse_exact(text, len, &err));
        assert_string_equal(err.message, "duplicate key 'k1' in object");
        assert_int_equal(err.column, len - 6);    /* the quote of the repeated key */
        free(text);

        text = object_with_keys(sizes[t], "", &len);
        ok = parse_exact(text, len, &err);
        assert_non_null(ok);
        assert_int_equal(cJSON_GetArraySize(ok), (int)sizes[t]);
        cJSON_Delete(ok);
        free(text);
    }
}

static void json_should_parse_a_million_keys_quickly(void **state)
{
    (void)state;
    size_t len;
    char *text = object_with_keys(1000000, "", &len);
    cpg_json_error err;
    double t0 = now_seconds();
    cJSON *root = cpg_json_parse(text, len, &err);
    double t1 = now_seconds();

    assert_non_null(root);
    assert_int_equal(cJSON_GetArraySize(root), 1000000);
    print_message("    1,000,000 distinct keys parsed in %.3f s\n", t1 - t0);
    assert_true(t1 - t0 < 60.0);    /* generous for ASan and valgrind; a quadratic check takes hours */
    cJSON_Delete(root);
    free(text);
}

/* Out-of-memory injection through cJSON's hooks, which the parser uses for every allocation. */
static long allocations_left;

static void *failing_malloc(size_t size)
{
    if (allocations_left-- <= 0)
        return NULL;
    return malloc(size);
}

static void json_should_report_out_of_memory_without_leaking(void **state)
{
    (void)state;
    size_t len;
    char *big = object_with_keys(70, "", &len);
    char *text = malloc(len + 200);
    cJSON_Hooks hooks = { failing_malloc, free };
    cpg_json_error err;
    long failures = 0;

    assert_non_null(text);
    snprintf(text, len + 200, "{\"a\": [1, 2.5, \"s\\n\\u00e9\", true, null, {\"b\": []}], \"big\": %s}", big);
    cJSON_InitHooks(&hooks);
    for (long budget = 0;; budget++) {
        cJSON *root;

        allocations_left = budget;
        root = cpg_json_parse(text, strlen(text), &err);
        if (root != NULL) {
            cJSON_Delete(root);
            break;
        }
        assert_string_equal(err.message, "out of memory");
        failures++;
    }
    allocations_left = 0;
    assert_null(cpg_json_integer(5));
    allocations_left = 1;
    assert_null(cpg_json_integer(5));
    cJSON_InitHooks(NULL);
    assert_true(failures > 70 * 3);
    free(big);
    free(text);
}

/* ---- faults: input, line, column and the exact message ---- */

typedef struct error_case {
    const char *name;
    const char *input;
    size_t len;
    size_t line;
    size_t column;
    const char *message;
} error_case;

/* INPUT is a string literal, so embedded NUL bytes are kept. */
#define FAULT(name, input, line, column, message) { name, input, sizeof(input) - 1, line, column, message }

#define K10 "kkkkkkkkkk"

static error_case error_cases[] = {
    FAULT("json_should_report_empty_input", "", 1, 1, "empty input, expected a JSON value"),
    FAULT("json_should_report_whitespace_only_input_as_empty", " \t\r\n  ", 2, 3,
          "empty input, expected a JSON value"),
    FAULT("json_should_report_a_lone_bom_as_empty_input", "\xEF\xBB\xBF", 1, 1, "empty input, expected a JSON value"),
    FAULT("json_should_not_count_the_bom_as_a_column", "\xEF\xBB\xBF[1,]", 1, 3, "trailing comma before ']'"),
    FAULT("json_should_report_a_second_bom_as_unexpected", "\xEF\xBB\xBF\xEF\xBB\xBF" "1", 1, 1,
          "unexpected byte 0xEF, expected a value"),

    FAULT("json_should_report_trailing_comma_at_the_comma", "[\n  1,\n  2,\n  3,\n  4,\n  5,\n  6,\n]", 7, 4,
          "trailing comma before ']'"),
    FAULT("json_should_report_trailing_comma_in_an_object_at_the_comma", "{\"a\": 1,}", 1, 8,
          "trailing comma before '}'"),
    FAULT("json_should_report_trailing_comma_before_a_brace_on_a_later_line", "{\n  \"a\": 1,\n\n}", 2, 9,
          "trailing comma before '}'"),
    FAULT("json_should_count_crlf_as_one_line_break", "[1,\r\n2,\r\n]", 2, 2, "trailing comma before ']'"),

    FAULT("json_should_report_a_line_comment", "// note\n1", 1, 1, "comments are not allowed in JSON"),
    FAULT("json_should_report_a_block_comment_between_elements", "[1, /* two */ 2]", 1, 5,
          "comments are not allowed in JSON"),
    FAULT("json_should_report_a_comment_before_a_key", "{ /* k */ \"a\": 1}", 1, 3, "comments are not allowed in JSON"),
    FAULT("json_should_report_a_comment_before_a_colon", "{\"a\" // c\n: 1}", 1, 6, "comments are not allowed in JSON"),
    FAULT("json_should_report_a_comment_after_an_element", "[1 /* c */]", 1, 4, "comments are not allowed in JSON"),
    FAULT("json_should_report_a_comment_after_the_value", "{}\n// end\n", 2, 1, "comments are not allowed in JSON"),
    FAULT("json_should_report_a_lone_slash_as_unexpected", "[/]", 1, 2, "unexpected '/', expected a value"),

    FAULT("json_should_report_nul_inside_a_string", "\"a\0b\"", 1, 3, "NUL byte in input"),
    FAULT("json_should_report_nul_between_tokens", "[1,\0 2]", 1, 4, "NUL byte in input"),
    FAULT("json_should_report_nul_where_a_key_is_expected", "{\0}", 1, 2, "NUL byte in input"),
    FAULT("json_should_report_nul_after_the_value", "1\0", 1, 2, "NUL byte in input"),
    FAULT("json_should_report_nul_inside_an_escape", "\"\\u12\0" "4\"", 1, 6, "NUL byte in input"),
    FAULT("json_should_report_nul_glued_to_a_literal", "[tr\0ue]", 1, 4, "NUL byte in input"),

    FAULT("json_should_report_an_invalid_utf8_lead_byte", "\"a\xFF\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_stray_utf8_continuation_byte", "\"\x80\"", 1, 2, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_bad_utf8_continuation_byte", "\"\xC3\x28\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_truncated_utf8_sequence", "\"\xE2\x82\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_an_overlong_two_byte_sequence", "\"\xC0\xAF\"", 1, 2, "invalid UTF-8 in string"),
    FAULT("json_should_report_an_overlong_three_byte_sequence", "\"\xE0\x80\xAF\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_an_overlong_four_byte_sequence", "\"\xF0\x80\x80\xAF\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_surrogate_encoded_in_utf8", "\"\xED\xA0\x80\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_utf8_beyond_u10ffff", "\"\xF4\x90\x80\x80\"", 1, 3, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_lead_byte_beyond_f4", "\"\xF5\x80\x80\x80\"", 1, 2, "invalid UTF-8 in string"),
    FAULT("json_should_report_invalid_utf8_in_a_key", "{\"ab\xC3\":1}", 1, 6, "invalid UTF-8 in string"),
    FAULT("json_should_report_a_string_ending_inside_a_utf8_sequence", "[\"\xE2\x82", 1, 2, "unterminated string"),

    FAULT("json_should_count_columns_in_characters", "[\"h\xC3\xA9llo\", x]", 1, 11, "invalid literal"),
    FAULT("json_should_count_a_four_byte_character_as_one_column", "[\"\xF0\x9F\x98\x80\",]", 1, 5,
          "trailing comma before ']'"),

    FAULT("json_should_report_a_non_ascii_byte_where_a_value_is_expected", "[\xC3\xA9]", 1, 2,
          "unexpected byte 0xC3, expected a value"),
    FAULT("json_should_report_a_non_ascii_byte_after_an_element", "[1 \xC3\xA9]", 1, 4, "unexpected byte 0xC3"),
    FAULT("json_should_report_a_non_ascii_byte_where_a_key_is_expected", "{\xC3\xA9:1}", 1, 2, "unexpected byte 0xC3"),
    FAULT("json_should_report_a_non_ascii_byte_after_the_value", "1 \xC2\xA0", 1, 3,
          "unexpected byte 0xC2 after the JSON value"),
    FAULT("json_should_report_a_control_byte_where_a_value_is_expected", "\x01", 1, 1,
          "unexpected byte 0x01, expected a value"),

    FAULT("json_should_report_a_raw_newline_in_a_string", "\"a\nb\"", 1, 3,
          "unescaped control character U+000A in string"),
    FAULT("json_should_report_a_raw_tab_in_a_string", "[\"a\tb\"]", 1, 4, "unescaped control character U+0009 in string"),
    FAULT("json_should_report_a_raw_escape_character_in_a_string", "\"\x1B\"", 1, 2,
          "unescaped control character U+001B in string"),

    FAULT("json_should_report_an_invalid_escape", "\"a\\qb\"", 1, 3, "invalid escape '\\q' in string"),
    FAULT("json_should_report_a_single_quote_escape", "\"\\'\"", 1, 2, "invalid escape '\\'' in string"),
    FAULT("json_should_report_an_escaped_control_byte", "\"\\\x01\"", 1, 2,
          "invalid escape '\\' followed by byte 0x01 in string"),
    FAULT("json_should_report_a_non_hex_unicode_escape", "\"\\u12G4\"", 1, 2, "invalid \\u escape"),
    FAULT("json_should_report_a_short_unicode_escape", "[\"\\u12\"]", 1, 3, "invalid \\u escape"),
    FAULT("json_should_report_an_unpaired_high_surrogate", "\"\\uD83Dx\"", 1, 2, "unpaired surrogate in \\u escape"),
    FAULT("json_should_report_a_high_surrogate_followed_by_a_non_low_one", "\"\\uD83D\\u0041\"", 1, 2,
          "unpaired surrogate in \\u escape"),
    FAULT("json_should_report_two_high_surrogates", "\"\\uD83D\\uD83D\"", 1, 2, "unpaired surrogate in \\u escape"),
    FAULT("json_should_report_a_bad_escape_after_a_high_surrogate", "\"\\uD83D\\uZZZZ\"", 1, 8, "invalid \\u escape"),
    FAULT("json_should_report_a_lone_low_surrogate", "\"a\\uDE00\"", 1, 3, "unpaired surrogate in \\u escape"),
    FAULT("json_should_refuse_an_escaped_nul", "\"a\\u0000\"", 1, 3, "\\u0000 is not supported in strings"),

    FAULT("json_should_report_an_unterminated_string_at_its_opening_quote", "[\"abc", 1, 2, "unterminated string"),
    FAULT("json_should_report_an_unterminated_string_ending_in_a_backslash", "{\"a\": \"b\\", 1, 7,
          "unterminated string"),
    FAULT("json_should_report_an_unterminated_string_inside_an_escape", "[1,\n \"\\u00", 2, 2, "unterminated string"),
    FAULT("json_should_report_an_unterminated_key", "{\"abc", 1, 2, "unterminated string"),

    FAULT("json_should_report_a_leading_zero", "01", 1, 1, "invalid number"),
    FAULT("json_should_report_a_negative_leading_zero", "[1, -01]", 1, 5, "invalid number"),
    FAULT("json_should_report_a_plus_sign", "+1", 1, 1, "invalid number"),
    FAULT("json_should_report_a_missing_integer_part", "[.5]", 1, 2, "invalid number"),
    FAULT("json_should_report_a_missing_fraction", "1.", 1, 1, "invalid number"),
    FAULT("json_should_report_a_fraction_without_digits_before_an_exponent", "1.e3", 1, 1, "invalid number"),
    FAULT("json_should_report_an_empty_exponent", "[1e]", 1, 2, "invalid number"),
    FAULT("json_should_report_an_exponent_with_only_a_sign", "1e+", 1, 1, "invalid number"),
    FAULT("json_should_report_a_lone_minus", "[-]", 1, 2, "invalid number"),
    FAULT("json_should_report_a_minus_before_a_space", "- 1", 1, 1, "invalid number"),
    FAULT("json_should_report_two_decimal_points", "1.5.3", 1, 1, "invalid number"),
    FAULT("json_should_report_a_hex_number", "0x1F", 1, 1, "invalid number"),
    FAULT("json_should_report_nan", "[NaN]", 1, 2, "invalid number"),
    FAULT("json_should_report_infinity", "Infinity", 1, 1, "invalid number"),
    FAULT("json_should_report_negative_infinity", "[-Infinity]", 1, 2, "invalid number"),
    FAULT("json_should_report_an_overflowing_number", "1e400", 1, 1, "number out of range"),
    FAULT("json_should_report_an_overflowing_negative_number", "[0, -1e400]", 1, 5, "number out of range"),
    FAULT("json_should_report_a_huge_exponent", "{\"w\": 1e99999999999999999999}", 1, 7, "number out of range"),

    FAULT("json_should_report_a_truncated_true", "tru", 1, 1, "invalid literal"),
    FAULT("json_should_report_a_truncated_null", "[nul]", 1, 2, "invalid literal"),
    FAULT("json_should_report_a_capitalised_literal", "True", 1, 1, "invalid literal"),
    FAULT("json_should_report_a_literal_with_extra_letters", "{\"a\": falsey}", 1, 7, "invalid literal"),
    FAULT("json_should_report_a_bare_word", "[hello]", 1, 2, "invalid literal"),

    FAULT("json_should_report_a_number_as_key", "{1: 2}", 1, 2, "expected a string key"),
    FAULT("json_should_report_a_single_quoted_key", "{'a': 1}", 1, 2, "expected a string key"),
    FAULT("json_should_report_a_missing_key_after_a_comma", "{\"a\": 1, ]", 1, 10, "expected a string key"),
    FAULT("json_should_report_a_missing_colon", "{\"a\" 1}", 1, 6, "expected ':' after object key"),
    FAULT("json_should_report_a_missing_comma_between_members", "{\"a\": 1 \"b\": 2}", 1, 9,
          "expected ',' or '}' after object member"),
    FAULT("json_should_report_a_wrong_closer_for_an_object", "{\"a\": 1]", 1, 8, "expected ',' or '}' after object member"),
    FAULT("json_should_report_a_missing_comma_between_elements", "[1 2]", 1, 4, "expected ',' or ']' after array element"),
    FAULT("json_should_report_a_wrong_closer_for_an_array", "[1}", 1, 3, "expected ',' or ']' after array element"),

    FAULT("json_should_report_a_duplicate_key_at_the_second_key", "{\"name\": 1,\n \"name\": 2}", 2, 2,
          "duplicate key 'name' in object"),
    FAULT("json_should_compare_keys_after_unescaping", "{\"a\\u00e9\": 1, \"a\xC3\xA9\": 2}", 1, 16,
          "duplicate key 'a\xC3\xA9' in object"),
    FAULT("json_should_truncate_a_long_duplicate_key",
          "{\"" K10 K10 K10 K10 K10 "\": 1, \"" K10 K10 K10 K10 K10 "\": 2}", 1, 59,
          "duplicate key '" K10 K10 K10 K10 "...' in object"),
    FAULT("json_should_escape_control_characters_in_a_duplicate_key", "{\"a\\nb\":1,\"a\\nb\":2}", 1, 11,
          "duplicate key 'a\\u000Ab' in object"),
    FAULT("json_should_report_a_duplicate_key_in_a_nested_object", "[{\"a\": {\"x\": 1, \"x\": 2}}]", 1, 17,
          "duplicate key 'x' in object"),

    FAULT("json_should_report_an_unexpected_closer", "]", 1, 1, "unexpected ']', expected a value"),
    FAULT("json_should_report_a_leading_comma", "[,1]", 1, 2, "unexpected ',', expected a value"),
    FAULT("json_should_report_a_missing_member_value", "{\"a\": }", 1, 7, "unexpected '}', expected a value"),
    FAULT("json_should_report_a_colon_in_an_array", "[1:2]", 1, 3, "expected ',' or ']' after array element"),

    FAULT("json_should_report_the_end_inside_an_array", "[1,", 1, 4, "unexpected end of input, expected a value"),
    FAULT("json_should_report_the_end_on_the_line_after", "[1,\n", 2, 1, "unexpected end of input, expected a value"),
    FAULT("json_should_report_the_end_after_an_opening_bracket", "[", 1, 2, "unexpected end of input, expected a value"),
    FAULT("json_should_report_the_end_after_an_element", "[1", 1, 3, "unexpected end of input, expected ',' or ']'"),
    FAULT("json_should_report_the_end_after_an_opening_brace", "{", 1, 2,
          "unexpected end of input, expected a string key"),
    FAULT("json_should_report_the_end_after_a_key", "{\"a\"", 1, 5, "unexpected end of input, expected ':'"),
    FAULT("json_should_report_the_end_after_a_colon", "{\"a\":", 1, 6, "unexpected end of input, expected a value"),
    FAULT("json_should_report_the_end_after_a_member", "{\"a\":1", 1, 7, "unexpected end of input, expected ',' or '}'"),
    FAULT("json_should_report_the_end_after_a_member_comma", "{\"a\":1,", 1, 8,
          "unexpected end of input, expected a string key"),

    FAULT("json_should_report_a_second_value", "1 2", 1, 3, "unexpected '2' after the JSON value"),
    FAULT("json_should_report_an_extra_closer", "{}}", 1, 3, "unexpected '}' after the JSON value"),
    FAULT("json_should_report_text_after_the_value_on_a_later_line", "[]\n\n  x", 3, 3, "unexpected 'x' after the JSON value"),
    FAULT("json_should_report_a_second_string", "\"a\" \"b\"", 1, 5, "unexpected '\"' after the JSON value"),
};

static void json_should_report_error_case(void **state)
{
    const error_case *c = *state;
    cpg_json_error err;
    cJSON *root;

    memset(&err, 0, sizeof err);
    root = parse_exact(c->input, c->len, &err);
    if (root != NULL) {
        cJSON_Delete(root);
        fail_msg("%s: input was accepted", c->name);
    }
    if (strcmp(err.message, c->message) != 0 || err.line != c->line || err.column != c->column)
        fail_msg("%s: got %zu:%zu: %s; want %zu:%zu: %s", c->name, err.line, err.column, err.message,
                 c->line, c->column, c->message);
    assert_true(err.offset <= c->len);
}

/* The shortest text that reads back, as printf finds it trying 15, 16 and 17 digits. */
static void shortest_by_printf(double v, char *text)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, CPG_JSON_NUMBER_MAX, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    if (strpbrk(text, ".eEn") == NULL)
        strcat(text, ".0");
}

static void json_should_format_doubles_as_the_shortest_exact_text(void **state)
{
    (void)state;
    static const struct { double v; const char *text; } cases[] = {
        {4.59, "4.59"}, {-540.32, "-540.32"}, {0.1 + 0.2, "0.30000000000000004"},
        {1500.0, "1500.0"}, {0.005, "0.005"}, {-0.0, "-0.0"}, {1e15, "1e+15"},
        {1e-5, "1e-05"}, {123456789012345.6, "123456789012345.6"}, {2.0 / 3, "0.6666666666666666"},
    };
    char text[CPG_JSON_NUMBER_MAX], want[CPG_JSON_NUMBER_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(cpg_json_format_double(cases[i].v, text), strlen(cases[i].text));
        assert_string_equal(text, cases[i].text);
    }
    srand(3);  /* decimals as data holds them, and arbitrary bit patterns: printf's text */
    for (int i = 0; i < 200000; i++) {
        double v = (double)(rand() % 100000) / pow(10, rand() % 7) * (i % 2 ? 1 : -1);
        if (i % 3 == 0) {
            uint64_t bits = ((uint64_t)rand() << 33) ^ ((uint64_t)rand() << 11) ^ (uint64_t)rand();
            memcpy(&v, &bits, sizeof v);
            if (!isfinite(v))
                continue;
        }
        cpg_json_format_double(v, text);
        shortest_by_printf(v, want);
        assert_string_equal(text, want);
    }
}

/* Numbers read as strtod reads them, whichever way the parser takes (a plain decimal of few
 * digits is read without strtod). */
static void json_should_read_numbers_as_strtod_does(void **state)
{
    (void)state;
    static const char *const literals[] = {"4.59", "-540.32", "0.005", "-0", "-0.0", "123456789012345",
                                           "1234567890123456", "0.1", "999999999999999.9", "12",
                                           "0.000000000000000001", "5e-324", "1.7976931348623157e308"};
    char text[64];
    for (size_t i = 0; i < sizeof literals / sizeof *literals + 100000; i++) {
        const char *literal = literals[i % (sizeof literals / sizeof *literals)];
        if (i >= sizeof literals / sizeof *literals) {
            snprintf(text, sizeof text, "%s%d.%0*d", i % 2 ? "-" : "", rand() % 100000, 1 + rand() % 9,
                     rand() % 1000000000);
            literal = text;
        }
        cJSON *item = cpg_json_parse(literal, strlen(literal), NULL);
        assert_non_null(item);
        double want = strtod(literal, NULL);
        assert_memory_equal(&item->valuedouble, &want, sizeof want);  /* -0.0 too */
        cJSON_Delete(item);
    }
}

int main(void)
{
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(json_should_parse_every_value_type),
        cmocka_unit_test(json_should_parse_scalars_at_the_top_level),
        cmocka_unit_test(json_should_link_children_like_cjson_does),
        cmocka_unit_test(json_should_decode_escapes_to_utf8),
        cmocka_unit_test(json_should_keep_raw_utf8_in_strings_and_keys),
        cmocka_unit_test(json_should_tell_integers_from_floats),
        cmocka_unit_test(json_should_keep_negative_zero),
        cmocka_unit_test(json_should_parse_exponents),
        cmocka_unit_test(json_should_accept_a_utf8_bom),
        cmocka_unit_test(json_should_accept_every_whitespace_kind),
        cmocka_unit_test(json_should_parse_only_the_given_length),
        cmocka_unit_test(json_should_print_numbers_from_their_values),
        cmocka_unit_test(json_should_copy_number_text_when_duplicated),
        cmocka_unit_test(json_should_make_integers_with_text),
        cmocka_unit_test(json_should_give_no_text_for_foreign_values),
        cmocka_unit_test(json_should_fill_every_error_field),
        cmocka_unit_test(json_should_clear_the_error_on_success),
        cmocka_unit_test(json_should_allow_a_null_error_pointer),
        cmocka_unit_test(json_should_accept_nesting_at_the_limit),
        cmocka_unit_test(json_should_report_nesting_beyond_the_limit),
        cmocka_unit_test(json_should_survive_a_million_open_brackets),
        cmocka_unit_test(json_should_find_duplicates_on_both_sides_of_the_linear_limit),
        cmocka_unit_test(json_should_parse_a_million_keys_quickly),
        cmocka_unit_test(json_should_report_out_of_memory_without_leaking),
        cmocka_unit_test(json_should_format_doubles_as_the_shortest_exact_text),
        cmocka_unit_test(json_should_read_numbers_as_strtod_does),
    };
    size_t n_fixed = sizeof fixed / sizeof fixed[0];
    size_t n_cases = sizeof error_cases / sizeof error_cases[0];
    struct CMUnitTest *tests = calloc(n_fixed + n_cases, sizeof *tests);
    int failed;

    if (tests == NULL)
        return 1;
    memcpy(tests, fixed, sizeof fixed);
    for (size_t i = 0; i < n_cases; i++) {
        tests[n_fixed + i].name = error_cases[i].name;
        tests[n_fixed + i].test_func = json_should_report_error_case;
        tests[n_fixed + i].initial_state = &error_cases[i];
    }
    failed = _cmocka_run_group_tests("json", tests, n_fixed + n_cases, NULL, NULL);
    free(tests);
    return failed;
}
