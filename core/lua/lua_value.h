/* lua_value.h: attribute values (cpg_value) <-> Lua values, for the element and graph objects
 * (internal to core/lua; JSON <-> Lua is in cpecgraph/lua.h). */
#ifndef CPECGRAPH_LUA_VALUE_H
#define CPECGRAPH_LUA_VALUE_H

#include <stdbool.h>

#include <lua.h>

#include "cpecgraph/graph.h"

/* Pushes V, a value of G, the graph of the Graph at GRAPH_IDX: nil for none, cpecgraph.null for JSON null,
 * integers as Lua integers, strings as strings, JSON arrays and objects as fresh tables (an empty
 * array marked as one). The Lua string of each string of the graph is made once and kept in a
 * table of the Graph's, so that reading a million labels makes no garbage. */
void cpg_lua_push_value(lua_State *L, int graph_idx, const cpg_graph *g, const cpg_value *v);

/* The Lua value at IDX as a value of G (nil is CPG_VNONE): strings are interned in G, tables
 * stored as their JSON text. Raises on what an attribute cannot hold (functions, NaN, strings
 * that are not UTF-8 or hold a NUL, tables that are not JSON), with the rules of cpg_lua_to_json. */
cpg_value cpg_lua_to_value(lua_State *L, int idx, cpg_graph *g);

/* The same without adding to G: false when the value names a string G does not hold, so that
 * no attribute can equal it (what a filter needs). */
bool cpg_lua_find_value(lua_State *L, int idx, const cpg_graph *g, cpg_value *v);

/* Pushes the value of the JSON text at TEXT (LEN bytes), which must be valid JSON. */
void cpg_lua_push_json_text(lua_State *L, const char *text, size_t len);

#endif
