/* lua.h: the Lua 5.4 binding of the graph model: Graph, Node and Edge objects, measures,
 * communities and paths, for the plugin host and for embedders.
 *
 * Ownership: a Graph userdata owns its cpg_graph and frees it when collected. Node and Edge
 * handles are light userdata that name their graph by an id never reused and their element by
 * uid, so a handle to a deleted element, or to an element of a collected graph, raises an error
 * instead of reading another one; a handle does not keep its graph alive. Every light userdata
 * shares the handles' metatable (cpecgraph.null among them). Every function here may raise a Lua
 * error and must be called inside a protected call. */
#ifndef CPECGRAPH_LUA_H
#define CPECGRAPH_LUA_H

#include <lua.h>

#include "cpecgraph/graph.h"

#define CPG_LUA_GRAPH "cpecgraph.Graph"
#define CPG_LUA_NODE "cpecgraph.Node"
#define CPG_LUA_EDGE "cpecgraph.Edge"
#define CPG_LUA_ATTRS "cpecgraph.Attrs"
#define CPG_LUA_USAGE_ERROR "cpecgraph.UsageError" /* what cpecgraph.usage() raises */
#define CPG_LUA_ARRAY "cpecgraph.array"  /* marks an empty table as a JSON array */

/* Registers the metatables and returns the module table ({null = ..., version = ...}). */
int luaopen_cpecgraph(lua_State *L);

/* The method of graphs, nodes or edges closest to NAME (a misspelt "neighbours"), or NULL:
 * for messages on a call of a method that does not exist. */
const char *cpg_lua_nearest_method(const char *name);

/* The prompt's helpers, as Lua C functions (run them under lua_pcall). help([x]) -> text:
 * the documented signature, description and options of the function X, of the function
 * named X ("pagerank", "graph:pagerank"), the methods of a graph, node or edge, or how to ask
 * (nothing). completions(text, in_string) -> list: what completes TEXT, the word before the
 * cursor ("graph:pa"; a node id or attribute name when IN_STRING); nothing of the session
 * runs. */
int cpg_lua_help_text(lua_State *L);
int cpg_lua_completions(lua_State *L);

/* CPG_LUA_NODE, CPG_LUA_EDGE or CPG_LUA_ATTRS when the value at IDX is a handle, else NULL:
 * what getmetatable() says of a handle, whose shared metatable cannot say it. */
const char *cpg_lua_handle_class(lua_State *L, int idx);

/* Pushes an empty Graph userdata and returns its slot: the caller stores a graph there at once
 * (no Lua call may run in between), and the Graph then owns it. */
cpg_graph **cpg_lua_new_graph(lua_State *L);

/* The graph of the Graph at IDX, raising a Lua error when IDX is no Graph. */
cpg_graph *cpg_lua_check_graph(lua_State *L, int idx);

/* JSON <-> Lua. JSON null is the light userdata cpecgraph.null; integer literals become Lua
 * integers (all 64 bits); an empty array becomes an empty table marked as an array (see
 * cpg_lua_mark_array), so that it goes back as [] and not {}. cpg_lua_to_json writes object keys sorted (the same data, the same JSON) and raises
 * on values JSON cannot hold (functions, NaN, invalid UTF-8, tables that are neither arrays nor
 * string-keyed, cycles, more than ten million values); the result is the caller's. */
void cpg_lua_push_json(lua_State *L, const cJSON *item);
cJSON *cpg_lua_to_json(lua_State *L, int idx);

/* Marks the table at IDX as an array for cpg_lua_to_json (it matters only while it is empty). */
void cpg_lua_mark_array(lua_State *L, int idx);

#endif
