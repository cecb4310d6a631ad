/* fuzz_loader.c: libFuzzer target for the loader, loading each input twice (the second time as
 * a merge into the first graph): as told from its content, or, built with FUZZ_FORMAT defined,
 * in that format (one target per text reader: GML, Pajek, CSV, edge lists, DOT; and per OSINT
 * reader: STIX, FollowTheMoney, GDELT). */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpecgraph/loader.h"

#ifndef FUZZ_FORMAT
#define FUZZ_FORMAT CPG_FORMAT_AUTO
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        cpg_igraph_setup(1);
        ready = true;
    }
    cpg_graph *g = NULL;
    cpg_diags diags;
    cpg_diags_init(&diags, CPG_DIAGS_DEFAULT_CAP);
    cpg_status status = cpg_load_buffer(&g, "fuzz.json", (const char *)data, size, FUZZ_FORMAT,
                                        NULL, &diags, NULL);
    assert((status == CPG_OK) == (g != NULL));
    assert(status == CPG_OK || diags.error_count > 0);
    if (g)
        cpg_load_buffer(&g, "again.json", (const char *)data, size, FUZZ_FORMAT, NULL, &diags,
                        NULL);
    cpg_diags_clear(&diags);
    cpg_graph_free(g);
    assert(IGRAPH_FINALLY_STACK_EMPTY);
    return 0;
}
