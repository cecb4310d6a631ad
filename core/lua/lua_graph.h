/* lua_graph.h: the Graph object, as the measures (lua_algo.c) and the module (lua_module.c) use
 * it (internal to core/lua). */
#ifndef CPECGRAPH_LUA_GRAPH_H
#define CPECGRAPH_LUA_GRAPH_H

#include <stdbool.h>

#include <lauxlib.h>
#include <lua.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/lua.h"

/* Creates the registry of graphs and the metatables of Graph and of graph.attrs; leaves nothing
 * on the stack. */
void cpg_lua_open_graph(lua_State *L);

/* Handles: push the handle of vertex V / edge E of the Graph at GRAPH_IDX (see lua_handle.h:
 * handles of one element compare equal and work as table keys). */
void cpg_lua_push_node(lua_State *L, int graph_idx, igraph_integer_t v);
void cpg_lua_push_edge(lua_State *L, int graph_idx, igraph_integer_t e);

/* The vertex named by argument ARG: an id (string or integer) or a Node of the Graph at
 * GRAPH_IDX. Raises "bad argument" with a "did you mean" hint for unknown ids. */
igraph_integer_t cpg_lua_check_vertex(lua_State *L, int graph_idx, int arg);

/* The Graph at 1 and its igraph, for a method whose options table (or nothing) is argument 2,
 * checked against ALLOWED (NULL-terminated, or NULL for none): the measures' calling shape;
 * the stack is cut to those two. */
const igraph_t *cpg_lua_graph_and_options(lua_State *L, cpg_graph **g,
                                          const char *const *allowed);

/* The Graph at 1 and the nodes at 2 and 3 (A returned, B in *B), for a method whose options
 * table (or nothing) is argument 4, checked against ALLOWED: the shape of the methods between
 * two nodes; the stack is cut to those four. */
igraph_integer_t cpg_lua_pair_and_options(lua_State *L, cpg_graph **g, igraph_integer_t *b,
                                          const char *const *allowed);

/* Push lists: the ids of NODES, the handles of EDGES (of the Graph at GRAPH_IDX), in order. */
void cpg_lua_push_ids(lua_State *L, const cpg_graph *g, const igraph_vector_int_t *nodes);
void cpg_lua_push_edges(lua_State *L, int graph_idx, const igraph_vector_int_t *edges);

/* The vertex named by the value at VALUE_IDX (an id or a Node), or a "bad argument #ARG" error
 * that says WHERE the value was ("in the list", "as 'source'"). */
igraph_integer_t cpg_lua_value_vertex(lua_State *L, int graph_idx, int value_idx, int arg,
                                      const char *where);

/* The same, returning -1 for an unknown id instead of raising. */
igraph_integer_t cpg_lua_find_vertex(lua_State *L, int graph_idx, int arg);

/* The numeric edge attribute named by option "weights", in a scratch vector pushed on the stack,
 * or NULL (nothing pushed) without the option. Raises on missing, non-numeric or (when
 * NONNEGATIVE) negative values, naming the edge. */
igraph_vector_t *cpg_lua_opt_weights(lua_State *L, int graph_idx, int opts, bool nonnegative);
/* The same for the attribute named by option KEY ("capacity"), KEY naming it in messages. */
igraph_vector_t *cpg_lua_opt_edge_numbers(lua_State *L, int graph_idx, int opts, const char *key,
                                          bool nonnegative);

/* Pushes a table id -> value for a vector indexed by vertex. */
void cpg_lua_push_vertex_values(lua_State *L, const cpg_graph *g, const igraph_vector_t *values);

#endif
