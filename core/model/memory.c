/* memory.c: the count of bytes the model holds (see memory.h). */
#include "cpecgraph/memory.h"

#include <stdatomic.h>

/* Atomic: the loader's second thread allocates too. */
static _Atomic size_t held;

size_t cpg_memory_held(void)
{
    return atomic_load_explicit(&held, memory_order_relaxed);
}

void cpg_memory_count(ptrdiff_t bytes)
{
    if (bytes >= 0)
        atomic_fetch_add_explicit(&held, (size_t)bytes, memory_order_relaxed);
    else
        atomic_fetch_sub_explicit(&held, (size_t)-bytes, memory_order_relaxed);
}
