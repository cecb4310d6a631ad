/* lua_iter.h: iteration over the nodes or edges of a Graph, with filters (internal to
 * core/lua). */
#ifndef CPECGRAPH_LUA_ITER_H
#define CPECGRAPH_LUA_ITER_H

#include <stdbool.h>

#include <lua.h>

/* graph:nodes([filter]) and graph:edges([filter]): an iterator over the elements in graph order.
 * The filter is a table of attribute values that must all be equal ("id" compares with a node's
 * id, "source" and "target" with an edge's ends; nodes stand for their ids) or a predicate.
 * Elements removed during the loop are skipped, those added are not visited. */
int cpg_lua_graph_nodes(lua_State *L);
int cpg_lua_graph_edges(lua_State *L);
int cpg_lua_iterate(lua_State *L, bool edges);

/* Flags (a buffer owned by a userdata pushed on the stack, one per element) of the nodes (or
 * edges) of the Graph at GRAPH_IDX that the filter at ARG accepts. */
bool *cpg_lua_flags_from_filter(lua_State *L, int graph_idx, int arg, bool edges);

#endif
