/* idmap.h: an open-addressing hash table from node id strings to vertex indices (internal).
 *
 * Keys are borrowed: the table stores the caller's pointers, which must outlive their entries. */
#ifndef CPECGRAPH_IDMAP_H
#define CPECGRAPH_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cpg_idmap_slot {
    const char *key;  /* NULL marks an empty slot */
    uint64_t hash;
    int64_t value;
} cpg_idmap_slot;

typedef struct cpg_idmap {
    cpg_idmap_slot *slots;
    size_t capacity;  /* a power of two, or 0 */
    size_t count;
} cpg_idmap;

void cpg_idmap_init(cpg_idmap *m);
void cpg_idmap_free(cpg_idmap *m);
void cpg_idmap_clear(cpg_idmap *m);

/* The value stored under KEY, or -1. */
int64_t cpg_idmap_get(const cpg_idmap *m, const char *key);

/* Stores KEY -> VALUE, replacing any value already there. False on allocation failure. */
bool cpg_idmap_put(cpg_idmap *m, const char *key, int64_t value);

#endif
