/* idmap.c: string -> index hash table with linear probing, used for O(1) id lookups. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hash.h"

/* A key as it is looked up: its hash, and its first bytes padded as a slot holds them. */
typedef struct probe {
    const char *key;
    uint64_t hash;
    char head[CPG_IDMAP_HEAD];
} probe;

static probe make_probe(const char *key, uint64_t hash)
{
    probe p = {key, hash, {0}};
    size_t n = strnlen(key, sizeof p.head);
    memcpy(p.head, key, n);  /* the rest stays NUL, as in the slots */
    return p;
}

void cpg_idmap_init(cpg_idmap *m)
{
    memset(m, 0, sizeof *m);
}

void cpg_idmap_free(cpg_idmap *m)
{
    free(m->slots);
    cpg_idmap_init(m);
}

void cpg_idmap_clear(cpg_idmap *m)
{
    if (m->slots)
        memset(m->slots, 0, m->capacity * sizeof *m->slots);
    m->count = 0;
}

/* Same key: the hashes and heads agree and, when the key is longer than the head holds (its
 * last byte is not the padding), the rest does too. */
static bool same_key(const cpg_idmap_slot *s, const probe *p)
{
    if (s->hash != p->hash || memcmp(s->head, p->head, CPG_IDMAP_HEAD) != 0)
        return false;
    return p->head[CPG_IDMAP_HEAD - 1] == '\0' ||
           strcmp(s->key + CPG_IDMAP_HEAD, p->key + CPG_IDMAP_HEAD) == 0;
}

static cpg_idmap_slot *idmap_find(const cpg_idmap_slot *slots, size_t capacity, const probe *p)
{
    size_t mask = capacity - 1;
    for (size_t i = p->hash & mask;; i = (i + 1) & mask) {
        const cpg_idmap_slot *s = &slots[i];
        if (!s->key || same_key(s, p))
            return (cpg_idmap_slot *)s;
    }
}

uint64_t cpg_idmap_hash(const char *key)
{
    return cpg_hash_string(key);
}

void cpg_idmap_prefetch(const cpg_idmap *m, uint64_t hash)
{
    if (m->capacity)
        __builtin_prefetch(&m->slots[hash & (m->capacity - 1)]);
}

int64_t cpg_idmap_get_hashed(const cpg_idmap *m, const char *key, uint64_t hash)
{
    if (!m->count)
        return -1;
    probe p = make_probe(key, hash);
    const cpg_idmap_slot *s = idmap_find(m->slots, m->capacity, &p);
    return s->key ? s->value : -1;
}

int64_t cpg_idmap_get(const cpg_idmap *m, const char *key)
{
    return cpg_idmap_get_hashed(m, key, cpg_hash_string(key));
}

/* Keeps the load factor under 1/2 so that probe sequences stay short. */
static bool idmap_grow(cpg_idmap *m)
{
    size_t capacity = m->capacity ? 2 * m->capacity : 16;
    cpg_idmap_slot *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    cpg_advise_huge_pages(slots, capacity * sizeof *slots);  /* probes land anywhere */
    for (size_t i = 0; i < m->capacity; i++) {
        const cpg_idmap_slot *old = &m->slots[i];
        size_t mask = capacity - 1, k = old->hash & mask;
        if (!old->key)
            continue;
        while (slots[k].key)  /* keys are distinct: the first free slot */
            k = (k + 1) & mask;
        slots[k] = *old;
    }
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
    return true;
}

bool cpg_idmap_put(cpg_idmap *m, const char *key, int64_t value)
{
    if (value < 0 || value > CPG_IDMAP_MAX_VALUE)
        return false;
    if (2 * (m->count + 1) > m->capacity && !idmap_grow(m))
        return false;
    probe p = make_probe(key, cpg_hash_string(key));
    cpg_idmap_slot *s = idmap_find(m->slots, m->capacity, &p);
    if (!s->key)
        m->count++;
    s->hash = p.hash;
    s->key = key;
    s->value = (int32_t)value;
    memcpy(s->head, p.head, sizeof s->head);
    return true;
}

bool cpg_idmap_copy(cpg_idmap *dst, const cpg_idmap *src)
{
    if (!src->capacity)
        return true;
    cpg_idmap_slot *slots = malloc(src->capacity * sizeof *slots);
    if (!slots)
        return false;
    cpg_advise_huge_pages(slots, src->capacity * sizeof *slots);
    memcpy(slots, src->slots, src->capacity * sizeof *slots);
    free(dst->slots);
    *dst = (cpg_idmap){slots, src->capacity, src->count};
    return true;
}
