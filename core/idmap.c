/* idmap.c: string -> index hash table with linear probing, used for O(1) id lookups. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

static uint64_t idmap_hash(const char *key)
{
    return cpg_hash_string(key);
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

static cpg_idmap_slot *idmap_find(const cpg_idmap_slot *slots, size_t capacity, const char *key,
                                  uint64_t hash)
{
    size_t mask = capacity - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const cpg_idmap_slot *s = &slots[i];
        if (!s->key || (s->hash == hash && strcmp(s->key, key) == 0))
            return (cpg_idmap_slot *)s;
    }
}

int64_t cpg_idmap_get(const cpg_idmap *m, const char *key)
{
    if (!m->count)
        return -1;
    const cpg_idmap_slot *s = idmap_find(m->slots, m->capacity, key, idmap_hash(key));
    return s->key ? s->value : -1;
}

/* Keeps the load factor under 1/2 so that probe sequences stay short. */
static bool idmap_grow(cpg_idmap *m)
{
    size_t capacity = m->capacity ? 2 * m->capacity : 16;
    cpg_idmap_slot *slots = calloc(capacity, sizeof *slots);
    if (!slots)
        return false;
    for (size_t i = 0; i < m->capacity; i++) {
        const cpg_idmap_slot *old = &m->slots[i];
        if (old->key)
            *idmap_find(slots, capacity, old->key, old->hash) = *old;
    }
    free(m->slots);
    m->slots = slots;
    m->capacity = capacity;
    return true;
}

bool cpg_idmap_put(cpg_idmap *m, const char *key, int64_t value)
{
    if (2 * (m->count + 1) > m->capacity && !idmap_grow(m))
        return false;
    uint64_t hash = idmap_hash(key);
    cpg_idmap_slot *s = idmap_find(m->slots, m->capacity, key, hash);
    if (!s->key)
        m->count++;
    *s = (cpg_idmap_slot){key, hash, value};
    return true;
}
