/* test_arena.c: the attribute arena: alignment, growth, ownership, clones that leave members
 * out, and cJSON's own functions on arena memory (through the free hook). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "cpecgraph/json.h"

static void arena_should_align_and_own_what_it_hands_out(void **state)
{
    (void)state;
    cpg_arena *a = cpg_arena_new();
    char *first = cpg_arena_alloc(a, 1);
    void *second = cpg_arena_alloc(a, 24);
    assert_non_null(first);
    assert_int_equal((uintptr_t)second % _Alignof(max_align_t), 0);
    assert_true(cpg_arena_owns(first) && cpg_arena_owns(second));
    int on_stack;
    char *outside = malloc(8);
    assert_false(cpg_arena_owns(&on_stack));
    assert_false(cpg_arena_owns(outside));
    free(outside);
    cpg_arena_free(a);
    assert_false(cpg_arena_owns(first));
}

static void arena_should_grow_past_one_block_and_serve_large_requests(void **state)
{
    (void)state;
    cpg_arena *a = cpg_arena_new();
    char *big = cpg_arena_alloc(a, (size_t)3 << 20);  /* larger than any first block */
    assert_non_null(big);
    memset(big, 'x', (size_t)3 << 20);
    for (int i = 0; i < 100000; i++)
        assert_non_null(cpg_arena_alloc(a, 48));
    assert_true(cpg_arena_owns(big + ((size_t)3 << 20) - 1));
    assert_int_equal(cpg_arena_size(a), ((size_t)3 << 20) + 100000 * 48);
    cpg_arena_reset(a);
    assert_int_equal(cpg_arena_size(a), 0);
    assert_non_null(cpg_arena_alloc(a, 16));
    cpg_arena_free(a);
}

static cJSON *parse(const char *text)
{
    cJSON *item = cpg_json_parse(text, strlen(text), NULL);
    assert_non_null(item);
    return item;
}

static void clone_should_copy_deeply_and_leave_out_the_skipped_members(void **state)
{
    (void)state;
    cpg_arena *a = cpg_arena_new();
    cJSON *src = parse("{\"source\":\"a\",\"type\":\"ally\",\"n\":12,\"x\":1.5,"
                       "\"deep\":{\"list\":[1,null,true,\"s\"]},\"target\":\"b\"}");
    const cJSON *skip[] = {cJSON_GetObjectItem(src, "source"), cJSON_GetObjectItem(src, "target"),
                           NULL};
    cJSON *copy = cpg_arena_clone(a, src, skip);
    cJSON_Delete(src);  /* the copy shares nothing with it */
    char *text = cpg_json_print(copy, false);
    assert_string_equal(text, "{\"type\":\"ally\",\"n\":12,\"x\":1.5,\"deep\":{\"list\":"
                              "[1,null,true,\"s\"]}}");
    free(text);
    assert_true(cpg_arena_owns(copy) && cpg_arena_owns(copy->child->string));
    assert_true(cpg_json_is_integer(cJSON_GetObjectItem(copy, "n")));
    /* cJSON's last-child link is kept: appending goes after "deep" */
    assert_true(cJSON_AddNumberToObject(copy, "late", 3) != NULL);
    assert_string_equal(copy->child->prev->string, "late");
    cJSON_Delete(copy);  /* frees "late", a malloc'd member of an arena object */
    cpg_arena_free(a);
}

static void cjson_should_replace_and_delete_arena_items_without_freeing_them(void **state)
{
    (void)state;
    cpg_arena *a = cpg_arena_new();
    cJSON *src = parse("{\"type\":\"ally\",\"w\":2}");
    cJSON *copy = cpg_arena_clone(a, src, NULL);
    cJSON_Delete(src);
    /* a malloc'd value replacing an arena one, and an arena one deleted: the hook spares the
     * arena, frees the rest (ASan and valgrind would see a bad free or a leak) */
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(copy, "type", cJSON_CreateString("rival")));
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "w");
    char *text = cpg_json_print(copy, false);
    assert_string_equal(text, "{\"type\":\"rival\"}");
    free(text);
    cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(copy, "type");
    cJSON_Delete(copy);  /* arena memory: nothing freed */
    cJSON_Delete(moved); /* malloc'd: freed */
    cpg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_should_align_and_own_what_it_hands_out),
        cmocka_unit_test(arena_should_grow_past_one_block_and_serve_large_requests),
        cmocka_unit_test(clone_should_copy_deeply_and_leave_out_the_skipped_members),
        cmocka_unit_test(cjson_should_replace_and_delete_arena_items_without_freeing_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
