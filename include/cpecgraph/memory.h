/* memory.h: the bytes the model holds (strings and JSON values, attribute columns, graphs),
 * counted as they are allocated and freed, so that the host can bound what plugins make it
 * hold beside the Lua heap (--memory-limit). igraph's own arrays are estimated from the
 * graphs' sizes. */
#ifndef CPECGRAPH_MEMORY_H
#define CPECGRAPH_MEMORY_H

#include <stddef.h>

/* The bytes held now, by every graph and loader of the process (any thread). */
size_t cpg_memory_held(void);

/* Counts BYTES more (or fewer, when negative) as held: for the model's own allocations. */
void cpg_memory_count(ptrdiff_t bytes);

#endif
