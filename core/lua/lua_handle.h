/* lua_handle.h: how the Lua objects name the model (internal to core/lua). A Graph is a full
 * userdata holding a cpg_graph and a graph id that is never reused; a Node, an Edge or the
 * attributes of one (n.attrs) is a handle: a light userdata that packs a graph id, a kind and the
 * element's uid. Handles cost no allocation and no collection, compare equal when they name the
 * same element, and work as table keys. A handle does not keep its graph alive: once the graph
 * is collected, using the handle raises an error, as using a removed element does. */
#ifndef CPECGRAPH_LUA_HANDLE_H
#define CPECGRAPH_LUA_HANDLE_H

#include <stdbool.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/lua.h"

/* The columns that recent attribute names were found in, by the address of the name's Lua
 * string: a name written in the code ("label" in n.label) is the same string every time, so
 * that most lookups compare a few fields instead of hashing the name. Each entry's string is
 * kept in a table (the Graph's user value 3), so that its address cannot be reused by another
 * string while the entry stands; a name with no column is cached with the number of columns
 * then, and holds until a column is made. */
#define CPG_LUA_NAME_SLOTS 16

typedef struct cpg_lua_name_entry {
    const char *name;
    int domain;  /* a cpg_domain, or -1 for an empty slot */
    const cpg_column *column;
    size_t columns;  /* when COLUMN is NULL: how many the graph had */
} cpg_lua_name_entry;

/* The Graph userdata. Its user values are caches: 1 of the Lua strings of the graph's strings by
 * sid (lua_value.c), 2 of node ids by uid, 3 of the names of NAMES (lua_element.c). */
typedef struct cpg_lua_graph {
    cpg_graph *graph;  /* NULL once freed */
    uint32_t gid;
    cpg_lua_name_entry names[CPG_LUA_NAME_SLOTS];
} cpg_lua_graph;

typedef enum cpg_lua_kind {
    CPG_LUA_KIND_NODE,
    CPG_LUA_KIND_EDGE,
    CPG_LUA_KIND_NODE_ATTRS,  /* n.attrs */
    CPG_LUA_KIND_EDGE_ATTRS   /* e.attrs */
} cpg_lua_kind;

typedef struct cpg_lua_handle {
    uint32_t gid;
    cpg_lua_kind kind;
    uint64_t uid;
} cpg_lua_handle;

/* The Graph at IDX (raising when IDX is none, or its graph was freed). */
cpg_lua_graph *cpg_lua_check_graph_object(lua_State *L, int idx);

/* Pushes the handle of KIND naming UID in the graph GID. Raises when the uid does not fit. */
void cpg_lua_push_handle(lua_State *L, uint32_t gid, cpg_lua_kind kind, uint64_t uid);

/* Whether the value at IDX is a handle, decoded into *H. */
bool cpg_lua_to_handle(lua_State *L, int idx, cpg_lua_handle *h);

/* The Graph a handle names, pushed: it stays on the stack, so that it lives as long as the
 * caller uses it. Raises when the graph no longer exists. The second form looks it up in the
 * registry table at GRAPHS (cpg_lua_push_graphs): an upvalue of the hot metamethods. */
cpg_lua_graph *cpg_lua_push_graph_of(lua_State *L, const cpg_lua_handle *h);
cpg_lua_graph *cpg_lua_push_graph_in(lua_State *L, int graphs, const cpg_lua_handle *h);

/* Pushes the registry table gid -> Graph. */
void cpg_lua_push_graphs(lua_State *L);

/* The index of the element H names in G; raises "this node has been removed from its graph"
 * (or edge) when it is gone. */
igraph_integer_t cpg_lua_handle_index(lua_State *L, const cpg_graph *g, const cpg_lua_handle *h);

/* Makes the registry of graph ids (a table gid -> Graph with weak values, so that it keeps no
 * graph alive). */
void cpg_lua_open_handles(lua_State *L);

#endif
