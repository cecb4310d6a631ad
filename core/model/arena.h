/* arena.h: bump allocation for many small things that die together (internal): the strings of
 * a graph's pool, the places of a load, and each streamed element of a file, parsed into a
 * scratch arena that is emptied for the next.
 *
 * Taking them from large blocks saves malloc's per-allocation header and bookkeeping, and they
 * are released at once. cJSON frees items one by one through its hooks, so cpg_arena_new
 * installs a free hook that leaves memory inside any live arena alone: a parse that fails half
 * way through an element can delete it like any tree, the memory just waits for the arena.
 * Single-threaded, like cJSON's hooks. */
#ifndef CPECGRAPH_ARENA_H
#define CPECGRAPH_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

typedef struct cpg_arena cpg_arena;

cpg_arena *cpg_arena_new(void);   /* NULL when out of memory */
void cpg_arena_free(cpg_arena *a); /* every block; NULL is fine */
size_t cpg_arena_size(const cpg_arena *a);  /* bytes taken, alignment included */

/* Empties A for reuse, keeping its newest block: what it held is gone. */
void cpg_arena_reset(cpg_arena *a);

/* The free part of the block being filled. Every arena starts with one, so that allocation, of
 * which a large file makes tens of millions, is inline; the rest of the arena is private. */
typedef struct cpg_arena_cursor {
    unsigned char *next, *end;  /* NULL before the first block */
} cpg_arena_cursor;

/* What cpg_arena_take does when the block is full: a new block. */
void *cpg_arena_take_slow(cpg_arena *a, size_t size, size_t align);

/* SIZE bytes (1 or more) aligned to ALIGN (a power of two); NULL when out of memory. */
static inline void *cpg_arena_take(cpg_arena *a, size_t size, size_t align)
{
    cpg_arena_cursor *c = (cpg_arena_cursor *)a;
    uintptr_t at = ((uintptr_t)c->next + (align - 1)) & ~(uintptr_t)(align - 1);
    if (c->next && at <= (uintptr_t)c->end && size <= (uintptr_t)c->end - at) {
        c->next = (unsigned char *)at + size;
        return (void *)at;
    }
    return cpg_arena_take_slow(a, size, align);
}

/* SIZE bytes aligned for any cJSON field; NULL when out of memory. */
static inline void *cpg_arena_alloc(cpg_arena *a, size_t size)
{
    return cpg_arena_take(a, size ? size : 1, _Alignof(max_align_t));
}

/* SIZE bytes with no alignment, for text; NULL when out of memory. */
static inline char *cpg_arena_alloc_text(cpg_arena *a, size_t size)
{
    return cpg_arena_take(a, size ? size : 1, 1);
}

/* A copy of the string S in A; NULL when out of memory. */
char *cpg_arena_strdup(cpg_arena *a, const char *s);
/* A copy of the N bytes at S, NUL-terminated, in A; NULL when out of memory. */
char *cpg_arena_strndup(cpg_arena *a, const char *s, size_t n);

/* Asks for 2 MB pages inside a large block of memory (only a hint): a million-edge file would
 * otherwise fault its tables in 4 KB at a time, and page faults, with the TLB misses of random
 * reads in large tables, are much of what a load costs. */
void cpg_advise_huge_pages(void *block, size_t size);

/* True when P lies in a block of a live arena. */
bool cpg_arena_owns(const void *p);

#endif
