/* arena.c: block allocation for strings and parsed elements, and the cJSON free hook that
 * spares it. */
#include "arena.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cpecgraph/memory.h"

#define ARENA_FIRST_BLOCK ((size_t)64 << 10)
#define ARENA_MAX_BLOCK ((size_t)32 << 20)

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;  /* used: of a block no longer filled (the cursor has the newest's) */
    _Alignas(max_align_t) unsigned char data[];
} arena_block;

struct cpg_arena {
    cpg_arena_cursor cursor;  /* first: see arena.h */
    arena_block *blocks;      /* the newest first: allocation happens there */
    size_t next_size;
};

/* Every live block's data range, sorted by address, for the free hook. A lock guards it: the
 * loader takes elements on a second thread (formats/pipeline.c), and both threads grow, empty
 * and free arenas. */
typedef struct block_range {
    uintptr_t start, end;
} block_range;

static struct {
    block_range *ranges;
    size_t count, capacity;
} registry;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

/* The index of the first range starting after P. */
static size_t registry_upper(uintptr_t p)
{
    size_t lo = 0, hi = registry.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (registry.ranges[mid].start <= p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool registry_add(const arena_block *b)
{
    bool added = false;
    pthread_mutex_lock(&registry_lock);
    if (registry.count == registry.capacity) {
        size_t cap = registry.capacity ? 2 * registry.capacity : 16;
        block_range *r = realloc(registry.ranges, cap * sizeof *r);
        if (!r)
            goto done;
        registry.ranges = r;
        registry.capacity = cap;
    }
    uintptr_t start = (uintptr_t)b->data;
    size_t at = registry_upper(start);
    memmove(&registry.ranges[at + 1], &registry.ranges[at],
            (registry.count - at) * sizeof *registry.ranges);
    registry.ranges[at] = (block_range){start, start + b->size};
    registry.count++;
    added = true;
done:
    pthread_mutex_unlock(&registry_lock);
    return added;
}

static void registry_remove(const arena_block *b)
{
    pthread_mutex_lock(&registry_lock);
    size_t at = registry_upper((uintptr_t)b->data) - 1;
    memmove(&registry.ranges[at], &registry.ranges[at + 1],
            (registry.count - at - 1) * sizeof *registry.ranges);
    if (--registry.count == 0) {
        free(registry.ranges);
        registry.ranges = NULL;
        registry.capacity = 0;
    }
    pthread_mutex_unlock(&registry_lock);
}

bool cpg_arena_owns(const void *p)
{
    pthread_mutex_lock(&registry_lock);
    size_t at = registry.count ? registry_upper((uintptr_t)p) : 0;
    bool owned = at > 0 && (uintptr_t)p < registry.ranges[at - 1].end;
    pthread_mutex_unlock(&registry_lock);
    return owned;
}

static void free_unless_in_arena(void *p)
{
    if (p && !cpg_arena_owns(p))
        free(p);
}

cpg_arena *cpg_arena_new(void)
{
    /* every time: whoever called cJSON_InitHooks since would otherwise make the next free of
     * arena memory a bad free() */
    cJSON_InitHooks(&(cJSON_Hooks){malloc, free_unless_in_arena});
    cpg_arena *a = calloc(1, sizeof *a);
    if (a)
        a->next_size = ARENA_FIRST_BLOCK;
    return a;
}

void cpg_arena_free(cpg_arena *a)
{
    if (!a)
        return;
    for (arena_block *b = a->blocks, *next; b; b = next) {
        next = b->next;
        registry_remove(b);
        cpg_memory_count(-(ptrdiff_t)(sizeof *b + b->size));
        free(b);
    }
    free(a);
}

void cpg_arena_reset(cpg_arena *a)
{
    arena_block *keep = a->blocks;
    if (!keep)
        return;
    for (arena_block *b = keep->next, *next; b; b = next) {
        next = b->next;
        registry_remove(b);
        cpg_memory_count(-(ptrdiff_t)(sizeof *b + b->size));
        free(b);
    }
    keep->next = NULL;
    a->cursor = (cpg_arena_cursor){keep->data, keep->data + keep->size};
}

size_t cpg_arena_size(const cpg_arena *a)
{
    const arena_block *newest = a->blocks;
    if (!newest)
        return 0;
    size_t size = (size_t)(a->cursor.next - newest->data);
    for (const arena_block *b = newest->next; b; b = b->next)
        size += b->used;
    return size;
}

void cpg_advise_huge_pages(void *block, size_t size)
{
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)block + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)block + size) & ~(huge - 1);
    if (end > start)
        madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)block;
    (void)size;
#endif
}

/* A new block big enough for SIZE; blocks double up to ARENA_MAX_BLOCK so that a small file
 * costs little and a large one needs few blocks. The cursor moves to it. */
static arena_block *arena_grow(cpg_arena *a, size_t size)
{
    size_t want = a->next_size > size ? a->next_size : size;
    if (want > SIZE_MAX - sizeof(arena_block))
        return NULL;
    arena_block *b = malloc(sizeof *b + want);
    if (!b)
        return NULL;
    cpg_advise_huge_pages(b, sizeof *b + want);
    b->size = want;
    b->used = 0;
    if (!registry_add(b)) {
        free(b);
        return NULL;
    }
    cpg_memory_count((ptrdiff_t)(sizeof *b + want));
    if (a->blocks)
        a->blocks->used = (size_t)(a->cursor.next - a->blocks->data);
    b->next = a->blocks;
    a->blocks = b;
    a->cursor = (cpg_arena_cursor){b->data, b->data + want};
    if (a->next_size < ARENA_MAX_BLOCK)
        a->next_size *= 2;
    return b;
}

void *cpg_arena_take_slow(cpg_arena *a, size_t size, size_t align)
{
    (void)align;  /* block data is aligned for anything */
    if (!arena_grow(a, size))
        return NULL;
    a->cursor.next += size;
    return a->blocks->data;
}

char *cpg_arena_strdup(cpg_arena *a, const char *s)
{
    return cpg_arena_strndup(a, s, strlen(s));
}

char *cpg_arena_strndup(cpg_arena *a, const char *s, size_t n)
{
    char *copy = cpg_arena_take(a, n + 1, 1);
    if (copy) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}
