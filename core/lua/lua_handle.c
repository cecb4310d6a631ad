/* lua_handle.c: Graph userdata with their graph ids, and handles packed into light userdata:
 * bit 63 set (no user-space pointer has it), then 27 bits of graph id, 2 of kind and 34 of uid. */
#include "lua_handle.h"

#include <string.h>

_Static_assert(sizeof(void *) == sizeof(uint64_t), "handles pack 64 bits into a pointer");

#define HANDLE_TAG ((uint64_t)1 << 63)
#define UID_BITS 34
#define KIND_SHIFT UID_BITS
#define GID_SHIFT (UID_BITS + 2)
#define GID_LIMIT ((uint64_t)1 << 27)
#define UID_LIMIT ((uint64_t)1 << UID_BITS)

/* The address of this variable is the registry key of the table gid -> Graph. */
static const char graphs_key;

void cpg_lua_open_handles(lua_State *L)
{
    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &graphs_key);
}

/* The next graph id: ids are never reused, so that a handle of a collected graph can never
 * name an element of a newer one. */
static uint32_t next_gid(lua_State *L)
{
    static const char counter_key;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &counter_key);
    lua_Integer gid = lua_tointeger(L, -1) + 1;
    lua_pop(L, 1);
    if ((uint64_t)gid >= GID_LIMIT)
        luaL_error(L, "too many graphs made in one run (%d)", (int)(GID_LIMIT - 1));
    lua_pushinteger(L, gid);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &counter_key);
    return (uint32_t)gid;
}

cpg_graph **cpg_lua_new_graph(lua_State *L)
{
    uint32_t gid = next_gid(L);
    cpg_lua_graph *lg = lua_newuserdatauv(L, sizeof *lg, 3);  /* caches: see lua_handle.h */
    *lg = (cpg_lua_graph){NULL, gid, {{NULL, -1, NULL, 0}}};
    for (int i = 0; i < CPG_LUA_NAME_SLOTS; i++)
        lg->names[i].domain = -1;
    luaL_setmetatable(L, CPG_LUA_GRAPH);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &graphs_key) != LUA_TTABLE)
        luaL_error(L, "the cpecgraph module is not open");
    lua_pushvalue(L, -2);
    lua_rawseti(L, -2, gid);
    lua_pop(L, 1);
    return &lg->graph;
}

cpg_lua_graph *cpg_lua_check_graph_object(lua_State *L, int idx)
{
    cpg_lua_graph *lg = luaL_checkudata(L, idx, CPG_LUA_GRAPH);
    if (!lg->graph)
        luaL_argerror(L, idx, "graph has been freed");
    return lg;
}

cpg_graph *cpg_lua_check_graph(lua_State *L, int idx)
{
    return cpg_lua_check_graph_object(L, idx)->graph;
}

void cpg_lua_push_handle(lua_State *L, uint32_t gid, cpg_lua_kind kind, uint64_t uid)
{
    if (uid >= UID_LIMIT)
        luaL_error(L, "more than %I elements made in one graph", (lua_Integer)UID_LIMIT);
    uint64_t bits = HANDLE_TAG | (uint64_t)gid << GID_SHIFT | (uint64_t)kind << KIND_SHIFT | uid;
    lua_pushlightuserdata(L, (void *)(uintptr_t)bits);
}

bool cpg_lua_to_handle(lua_State *L, int idx, cpg_lua_handle *h)
{
    /* a full userdata gives its address, which has no tag bit, and anything else NULL */
    uint64_t bits = (uint64_t)(uintptr_t)lua_touserdata(L, idx);
    if (!(bits & HANDLE_TAG))
        return false;
    *h = (cpg_lua_handle){(uint32_t)((bits & ~HANDLE_TAG) >> GID_SHIFT),
                          (cpg_lua_kind)(bits >> KIND_SHIFT & 3), bits & (UID_LIMIT - 1)};
    return true;
}

static const char *kind_name(cpg_lua_kind kind)
{
    return kind == CPG_LUA_KIND_EDGE || kind == CPG_LUA_KIND_EDGE_ATTRS ? "edge" : "node";
}

void cpg_lua_push_graphs(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &graphs_key);
}

cpg_lua_graph *cpg_lua_push_graph_in(lua_State *L, int graphs, const cpg_lua_handle *h)
{
    lua_rawgeti(L, graphs, h->gid);
    cpg_lua_graph *lg = lua_touserdata(L, -1);
    if (!lg || !lg->graph)
        luaL_error(L, "this %s's graph no longer exists (keep the graph in a variable while "
                   "its nodes and edges are used)", kind_name(h->kind));
    return lg;
}

cpg_lua_graph *cpg_lua_push_graph_of(lua_State *L, const cpg_lua_handle *h)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &graphs_key);
    cpg_lua_graph *lg = cpg_lua_push_graph_in(L, lua_gettop(L), h);
    lua_remove(L, -2);
    return lg;
}

igraph_integer_t cpg_lua_handle_index(lua_State *L, const cpg_graph *g, const cpg_lua_handle *h)
{
    bool edge = h->kind == CPG_LUA_KIND_EDGE || h->kind == CPG_LUA_KIND_EDGE_ATTRS;
    igraph_integer_t i = edge ? cpg_graph_edge_by_uid(g, h->uid) : cpg_graph_node_by_uid(g, h->uid);
    if (i < 0)
        luaL_error(L, "this %s has been removed from its graph", kind_name(h->kind));
    return i;
}

const char *cpg_lua_handle_class(lua_State *L, int idx)
{
    cpg_lua_handle h;
    if (!cpg_lua_to_handle(L, idx, &h))
        return NULL;
    static const char *const classes[] = {CPG_LUA_NODE, CPG_LUA_EDGE, CPG_LUA_ATTRS,
                                          CPG_LUA_ATTRS};
    return classes[h.kind];
}
