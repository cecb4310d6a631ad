/* fuzz_loader.c: libFuzzer target for the JSON parser and the node-link loader, loading each
 * input twice (the second time as a merge into the first graph). */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpecgraph/loader.h"

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
    cpg_status status = cpg_load_buffer(&g, "fuzz.json", (const char *)data, size, CPG_FORMAT_AUTO, NULL, &diags, NULL);
    assert((status == CPG_OK) == (g != NULL));
    assert(status == CPG_OK || diags.error_count > 0);
    if (g)
        cpg_load_buffer(&g, "again.json", (const char *)data, size, CPG_FORMAT_AUTO, NULL, &diags, NULL);
    cpg_diags_clear(&diags);
    cpg_graph_free(g);
    assert(IGRAPH_FINALLY_STACK_EMPTY);
    return 0;
}
