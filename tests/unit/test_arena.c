/* test_arena.c: the arena: alignment, growth, ownership, and items in it that cJSON deletes
 * (through the free hook), as a parse that fails half-way through an element does. */
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

/* An object built in arena A by hand, as the streaming parser builds an element. */
static cJSON *arena_object(cpg_arena *a, const char *key, const char *value)
{
    cJSON *object = cpg_arena_alloc(a, sizeof *object);
    cJSON *item = cpg_arena_alloc(a, sizeof *item);
    *object = (cJSON){.type = cJSON_Object, .child = item};
    *item = (cJSON){.type = cJSON_String, .string = cpg_arena_strdup(a, key),
                    .valuestring = cpg_arena_strdup(a, value), .prev = item};
    return object;
}

static void cjson_should_delete_arena_items_without_freeing_them(void **state)
{
    (void)state;
    cpg_arena *a = cpg_arena_new();
    cJSON *object = arena_object(a, "type", "ally");
    /* a malloc'd member beside the arena one, and one replaced by a malloc'd value: the hook
     * spares the arena, frees the rest (ASan and valgrind would see a bad free or a leak) */
    assert_true(cJSON_AddNumberToObject(object, "w", 2) != NULL);
    assert_true(cJSON_ReplaceItemInObjectCaseSensitive(object, "type", cJSON_CreateString("rival")));
    char *text = cpg_json_print(object, false);
    assert_string_equal(text, "{\"type\":\"rival\",\"w\":2.0}");
    free(text);
    cJSON *moved = cJSON_DetachItemFromObjectCaseSensitive(object, "type");
    cJSON_Delete(object);  /* arena memory and one malloc'd member */
    cJSON_Delete(moved);   /* malloc'd: freed */
    cpg_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_should_align_and_own_what_it_hands_out),
        cmocka_unit_test(arena_should_grow_past_one_block_and_serve_large_requests),
        cmocka_unit_test(cjson_should_delete_arena_items_without_freeing_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
