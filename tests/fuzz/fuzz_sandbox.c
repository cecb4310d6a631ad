/* fuzz_sandbox.c: libFuzzer target for the sandbox: each input is a Lua chunk run as `-e` code
 * on the karate club graph, in a fresh host under the CLI's limits (1 s, 64 MB), so that no
 * chunk (coroutines, __close, patterns, metatables, the graph API) can crash the process. A
 * chunk may fail, or breach a limit: the host reports it and the next input runs. */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "cpecgraph/loader.h"
#include "host.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cpg_graph *load_karate(void)
{
    cpg_graph *g = NULL;
    cpg_diags diags;
    cpg_diags_init(&diags, CPG_DIAGS_DEFAULT_CAP);
    cpg_status status = cpg_load_file(&g, CPG_SOURCE_ROOT "/tests/data/karate.json",
                                      CPG_FORMAT_AUTO, NULL, &diags, NULL);
    cpg_diags_clear(&diags);
    assert(status == CPG_OK);
    return g;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        cpg_igraph_setup(1);
        ready = true;
    }
    char *code = malloc(size + 1);
    assert(code);
    memcpy(code, data, size);
    code[size] = '\0';  /* a chunk is text: it ends at its first NUL, as an -e argument does */
    cpg_host_options opts = {.verbosity = -1, .seed = 1, .timeout_sec = 1, .memory_mb = 64,
                             .eval_count = 1};
    cpg_output *out = cpg_output_open("/dev/null");
    assert(out);
    cpg_host *h = cpg_host_new(&opts, out);
    assert(h);
    if (cpg_host_set_graph(h, load_karate()) == CPG_RUN_OK)
        cpg_host_run_code(h, code);
    cpg_host_free(h);
    cpg_output_abort(out);
    free(code);
    assert(IGRAPH_FINALLY_STACK_EMPTY);
    return 0;
}
