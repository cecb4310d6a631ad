/* strpool.c: interned strings in arena blocks, with an open-addressing table of their ids. */
#include "strpool.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cpecgraph/memory.h"
#include "hash.h"

/* An interned string: its text (in the arena, NUL-terminated) and what the table compares. */
typedef struct pool_entry {
    const char *text;
    uint32_t len;
    uint32_t hash;  /* the low bits of its 64-bit hash: a quick test before memcmp */
} pool_entry;

struct cpg_strpool {
    int refs;
    cpg_arena *text;
    pool_entry *entries;
    size_t count, capacity;
    uint32_t *slots;  /* sid + 1, or 0 for an empty slot; a power of two, at most half full */
    size_t slot_count;
};

cpg_strpool *cpg_strpool_new(void)
{
    cpg_strpool *p = calloc(1, sizeof *p);
    if (p && !(p->text = cpg_arena_new())) {
        free(p);
        return NULL;
    }
    if (p)
        p->refs = 1;
    return p;
}

cpg_strpool *cpg_strpool_ref(cpg_strpool *p)
{
    p->refs++;
    return p;
}

void cpg_strpool_unref(cpg_strpool *p)
{
    if (!p || --p->refs > 0)
        return;
    cpg_arena_free(p->text);
    cpg_memory_count(-(ptrdiff_t)(p->capacity * sizeof *p->entries +
                                  p->slot_count * sizeof *p->slots));
    free(p->entries);
    free(p->slots);
    free(p);
}

/* The slot where S's search ends: its sid + 1, or an empty slot. */
static uint32_t *find_slot(const cpg_strpool *p, const char *s, size_t len, uint64_t hash)
{
    size_t mask = p->slot_count - 1;
    for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &p->slots[i];
        if (!*slot)
            return slot;
        const pool_entry *e = &p->entries[*slot - 1];
        if (e->hash == (uint32_t)hash && e->len == len && memcmp(e->text, s, len) == 0)
            return slot;
    }
}

/* Doubles the table; the entries keep their hashes' low bits, which are the probe start. Only
 * 32 bits are kept: tables past 2^32 slots would need more. */
static bool grow_slots(cpg_strpool *p)
{
    size_t count = p->slot_count ? 2 * p->slot_count : 64;
    uint32_t *slots = calloc(count, sizeof *slots);
    if (!slots)
        return false;
    cpg_advise_huge_pages(slots, count * sizeof *slots);
    for (size_t sid = 0; sid < p->count; sid++) {
        size_t k = p->entries[sid].hash & (count - 1);
        while (slots[k])
            k = (k + 1) & (count - 1);
        slots[k] = (uint32_t)sid + 1;
    }
    free(p->slots);
    cpg_memory_count((ptrdiff_t)((count - p->slot_count) * sizeof *slots));
    p->slots = slots;
    p->slot_count = count;
    return true;
}

static bool reserve_entry(cpg_strpool *p)
{
    if (p->count < p->capacity)
        return true;
    size_t cap = p->capacity ? 2 * p->capacity : 64;
    if (cap > (size_t)1 << 31)  /* so that the table's 32-bit hashes address every slot */
        return false;
    pool_entry *entries = realloc(p->entries, cap * sizeof *entries);
    if (!entries)
        return false;
    cpg_advise_huge_pages(entries, cap * sizeof *entries);
    cpg_memory_count((ptrdiff_t)((cap - p->capacity) * sizeof *entries));
    p->entries = entries;
    p->capacity = cap;
    return true;
}

const char *cpg_strpool_keep(cpg_strpool *p, const char *s, size_t len)
{
    char *copy = len < SIZE_MAX ? cpg_arena_alloc_text(p->text, len + 1) : NULL;
    if (copy) {
        memcpy(copy, s, len);
        copy[len] = '\0';
    }
    return copy;
}

bool cpg_strpool_find(const cpg_strpool *p, const char *s, size_t len, uint32_t *sid)
{
    if (!p->count || len > CPG_STRPOOL_MAX_LEN)
        return false;
    uint32_t *slot = find_slot(p, s, len, cpg_hash_bytes(s, len));
    if (*slot)
        *sid = *slot - 1;
    return *slot != 0;
}

bool cpg_strpool_intern(cpg_strpool *p, const char *s, size_t len, uint32_t *sid)
{
    if (len > CPG_STRPOOL_MAX_LEN)
        return false;
    if (2 * (p->count + 1) > p->slot_count && !grow_slots(p))
        return false;
    uint64_t hash = cpg_hash_bytes(s, len);
    uint32_t *slot = find_slot(p, s, len, hash);
    if (*slot) {
        *sid = *slot - 1;
        return true;
    }
    const char *text = reserve_entry(p) ? cpg_strpool_keep(p, s, len) : NULL;
    if (!text)
        return false;
    p->entries[p->count] = (pool_entry){text, (uint32_t)len, (uint32_t)hash};
    *slot = (uint32_t)p->count + 1;
    *sid = (uint32_t)p->count++;
    return true;
}

const char *cpg_strpool_str(const cpg_strpool *p, uint32_t sid)
{
    return p->entries[sid].text;
}

size_t cpg_strpool_len(const cpg_strpool *p, uint32_t sid)
{
    return p->entries[sid].len;
}

size_t cpg_strpool_count(const cpg_strpool *p)
{
    return p->count;
}

size_t cpg_strpool_bytes(const cpg_strpool *p)
{
    return cpg_arena_size(p->text) + p->capacity * sizeof *p->entries +
           p->slot_count * sizeof *p->slots;
}
