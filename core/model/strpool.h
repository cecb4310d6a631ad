/* strpool.h: the strings of a graph: attribute strings interned once each and named by a 32-bit
 * id, and node ids kept as they are, in large blocks (internal to core/model).
 *
 * A pool is shared, with a reference count, by a graph and the graphs copied from it, so that a
 * copy or a subgraph copies 4-byte ids, not strings. It only grows: strings live as long as the
 * last graph that shares the pool. Single-threaded. */
#ifndef CPECGRAPH_STRPOOL_H
#define CPECGRAPH_STRPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct cpg_strpool cpg_strpool;

#define CPG_STRPOOL_MAX_LEN ((size_t)UINT32_MAX - 1)  /* the longest string a pool holds */

cpg_strpool *cpg_strpool_new(void);             /* NULL when out of memory */
cpg_strpool *cpg_strpool_ref(cpg_strpool *p);   /* another owner; returns P */
void cpg_strpool_unref(cpg_strpool *p);         /* the last owner frees it; NULL is fine */

/* *SID is the id of the LEN bytes at S (added when new). False when out of memory or longer
 * than CPG_STRPOOL_MAX_LEN. */
bool cpg_strpool_intern(cpg_strpool *p, const char *s, size_t len, uint32_t *sid);

/* *SID is the id of S if it was interned; false when it never was (no value can equal it). */
bool cpg_strpool_find(const cpg_strpool *p, const char *s, size_t len, uint32_t *sid);

/* The interned string SID, NUL-terminated, and its length. */
const char *cpg_strpool_str(const cpg_strpool *p, uint32_t sid);
size_t cpg_strpool_len(const cpg_strpool *p, uint32_t sid);

/* A NUL-terminated copy of the LEN bytes at S that lives as long as the pool, not interned:
 * for node ids, which are distinct anyway. NULL when out of memory. */
const char *cpg_strpool_keep(cpg_strpool *p, const char *s, size_t len);

/* Strings interned, and bytes held in all. */
size_t cpg_strpool_count(const cpg_strpool *p);
size_t cpg_strpool_bytes(const cpg_strpool *p);

#endif
