/* idmap.h: an open-addressing hash table from node id strings to vertex indices (internal).
 *
 * Keys are borrowed: the table stores the caller's pointers, which must outlive their entries.
 * Each slot also holds the key's first bytes, so that a lookup of a short id (most are) compares
 * it without reading the key itself: in a table of a million ids that read is a cache miss. */
#ifndef CPECGRAPH_IDMAP_H
#define CPECGRAPH_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPG_IDMAP_HEAD 12  /* bytes of the key kept in its slot, NUL-padded */

typedef struct cpg_idmap_slot {
    uint64_t hash;
    const char *key;  /* NULL marks an empty slot */
    int32_t value;
    char head[CPG_IDMAP_HEAD];
} cpg_idmap_slot;

typedef struct cpg_idmap {
    cpg_idmap_slot *slots;
    size_t capacity;  /* a power of two, or 0 */
    size_t count;
} cpg_idmap;

#define CPG_IDMAP_MAX_VALUE INT32_MAX

void cpg_idmap_init(cpg_idmap *m);
void cpg_idmap_free(cpg_idmap *m);
void cpg_idmap_clear(cpg_idmap *m);

/* The hash of KEY, for the two calls below: a caller that looks a key up later computes it once. */
uint64_t cpg_idmap_hash(const char *key);

/* Starts fetching the slot where the search for a key of hash HASH begins, for a lookup a little
 * later: a caller with other work to do meanwhile hides most of the cache miss. Only a hint. */
void cpg_idmap_prefetch(const cpg_idmap *m, uint64_t hash);

/* The value stored under KEY, or -1; HASH is cpg_idmap_hash(KEY). */
int64_t cpg_idmap_get(const cpg_idmap *m, const char *key);
int64_t cpg_idmap_get_hashed(const cpg_idmap *m, const char *key, uint64_t hash);

/* Makes DST (initialised, empty) a copy of SRC, borrowing the same keys; false when out of
 * memory (DST stays empty). Cheaper than putting every key again. */
bool cpg_idmap_copy(cpg_idmap *dst, const cpg_idmap *src);

/* Stores KEY -> VALUE (0 to CPG_IDMAP_MAX_VALUE), replacing any value already there. False on
 * allocation failure or a value out of range. */
bool cpg_idmap_put(cpg_idmap *m, const char *key, int64_t value);

#endif
