/* host.c: the plugin host: a Lua state (runtime.c) with the graph API and the sandbox, the
 * graph as a global, and -e chunks. Plugin lookup, arguments and running are in plugins.c, the
 * prompt in repl.c. */
#include "host.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "cpecgraph/lua.h"
#include "plugins.h"
#include "runtime.h"
#include "sandbox.h"

/* ---- the state -------------------------------------------------------------------------- */

/* Runs inside lua_pcall: everything that can raise while setting the state up. */
static int setup_state(lua_State *L)
{
    cpg_host *h = cpg_host_of(L);
    cpg_sandbox_open(L, h->opts->unsafe);
    /* sandboxed code has no environment: it sees the directories named by their variables */
    cpg_sandbox_set_module_path(L, (const char *const *)h->dirs,
                                (const char *const *)(h->opts->unsafe ? h->dirs : h->shown_dirs));
    luaL_requiref(L, "cpecgraph", luaopen_cpecgraph, 1);
    lua_pop(L, 1);
    cpg_host_install_sink(L);
    cpg_host_arm_coroutines(L);
    /* math.random is seeded by --seed too, so that plugins are as reproducible as igraph */
    lua_getglobal(L, "math");
    lua_getfield(L, -1, "randomseed");
    lua_pushinteger(L, (lua_Integer)h->opts->seed);
    lua_call(L, 1, 0);
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_setglobal(L, "graph");
    return 0;
}

cpg_host *cpg_host_new(const cpg_host_options *opts, cpg_output *out)
{
    cpg_host *h = calloc(1, sizeof *h);
    if (!h || !cpg_host_init_dirs(h)) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        free(h);
        return NULL;
    }
    h->opts = opts;
    h->out = out;
    if (!cpg_host_open_state(h)) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        cpg_host_free(h);
        return NULL;
    }
    lua_pushcfunction(h->L, setup_state);
    if (cpg_host_pcall(h, 0, 0, "setup") != CPG_RUN_OK) {
        cpg_host_free(h);
        return NULL;
    }
    if (!cpg_host_parse_args(h)) {
        cpg_host_free(h);
        return NULL;
    }
    return h;
}

void cpg_host_free(cpg_host *h)
{
    if (!h)
        return;
    cpg_host_close_state(h);
    cpg_host_free_args(h);
    cpg_host_free_dirs(h);
    free(h->line);
    free(h);
}

/* Stores the graph in a new Graph at once, so that from then on Lua owns it. */
static int install_graph(lua_State *L)
{
    cpg_graph **g = lua_touserdata(L, 1);
    cpg_graph **slot = cpg_lua_new_graph(L);
    *slot = *g;
    *g = NULL;
    cpg_host_set_global(L, "graph");
    return 0;
}

cpg_run cpg_host_set_graph(cpg_host *h, cpg_graph *g)
{
    cpg_run result = cpg_host_protected(h, install_graph, &g);
    cpg_graph_free(g); /* NULL unless the Graph could not be made */
    return result;
}

/* ---- -e chunks -------------------------------------------------------------------------- */

static int run_code_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    cpg_host_push_raw_args(call->h);
    cpg_host_set_global(L, "args");
    /* chunks are named -e, -e2, -e3... so that a message says which one failed */
    char name[32];
    if (call->h->chunks_run > 1)
        snprintf(name, sizeof name, "-e%d", call->h->chunks_run);
    else
        snprintf(name, sizeof name, "-e");
    char chunkname[40];
    snprintf(chunkname, sizeof chunkname, "=%s", name);
    if (luaL_loadbufferx(L, call->text, strlen(call->text), chunkname, "t") != LUA_OK) {
        fprintf(stderr, "cpecgraph: %s\n", lua_tostring(L, -1));
        call->result = CPG_RUN_FAILED;
        return 0;
    }
    call->result = cpg_host_pcall(call->h, 0, 0, name);
    return 0;
}

cpg_run cpg_host_run_code(cpg_host *h, const char *code)
{
    h->chunks_run++;
    host_call call = {h, code, CPG_RUN_FAILED};
    cpg_run glue = cpg_host_protected(h, run_code_body, &call);
    return glue == CPG_RUN_OK ? call.result : glue;
}
