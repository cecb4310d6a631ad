/* hash.h: the string hash of the core's hash tables, keyed per process (internal). */
#ifndef CPECGRAPH_HASH_H
#define CPECGRAPH_HASH_H

#include <stddef.h>
#include <stdint.h>

/* A 64-bit hash of the NUL-terminated KEY. The key is drawn once per process, so that a hostile
 * file cannot pick strings that all collide; no output order may depend on it. */
uint64_t cpg_hash_string(const char *key);

/* The same hash of LEN bytes at KEY (which may hold no NUL); equal to cpg_hash_string for the
 * same text. */
uint64_t cpg_hash_bytes(const char *key, size_t len);

#endif
