/* lua_internal.h: what the Lua binding files share: handles, option readers and scratch
 * vectors that a Lua error cannot leak (internal to core/). */
#ifndef CPECGRAPH_LUA_INTERNAL_H
#define CPECGRAPH_LUA_INTERNAL_H

#include <stdbool.h>

#include <lauxlib.h>
#include <lua.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/lua.h"

/* Handles: push the handle of vertex V / edge E of the Graph at GRAPH_IDX. A graph hands out one
 * handle per element (cached weakly), so handles compare equal and work as table keys. */
void cpg_lua_push_node(lua_State *L, int graph_idx, igraph_integer_t v);
void cpg_lua_push_edge(lua_State *L, int graph_idx, igraph_integer_t e);

/* The vertex named by argument ARG: an id (string or integer) or a Node of the Graph at
 * GRAPH_IDX. Raises "bad argument" with a "did you mean" hint for unknown ids. */
igraph_integer_t cpg_lua_check_vertex(lua_State *L, int graph_idx, int arg);

/* The vertex named by the value at VALUE_IDX (an id or a Node), or a "bad argument #ARG" error
 * that says WHERE the value was ("in the list", "as 'source'"). */
igraph_integer_t cpg_lua_value_vertex(lua_State *L, int graph_idx, int value_idx, int arg,
                                      const char *where);

/* The same, returning -1 for an unknown id instead of raising. */
igraph_integer_t cpg_lua_find_vertex(lua_State *L, int graph_idx, int arg);

/* Options tables. cpg_lua_check_options raises on a key not in ALLOWED (NULL-terminated) with a
 * hint; OPTS may be absent (none) or nil. The readers raise on values of the wrong type. */
void cpg_lua_check_options(lua_State *L, int opts, const char *const *allowed);
bool cpg_lua_opt_bool(lua_State *L, int opts, const char *key, bool def);
lua_Number cpg_lua_opt_number(lua_State *L, int opts, const char *key, lua_Number def);
lua_Integer cpg_lua_opt_integer(lua_State *L, int opts, const char *key, lua_Integer def);
const char *cpg_lua_opt_string(lua_State *L, int opts, const char *key, const char *def);
igraph_neimode_t cpg_lua_opt_mode(lua_State *L, int opts, igraph_neimode_t def);
igraph_neimode_t cpg_lua_to_mode(lua_State *L, int arg, igraph_neimode_t def);

/* Scratch vectors owned by a userdata pushed on the stack (destroyed by its __gc), so that they
 * survive nothing and leak nothing when a Lua error unwinds past them. */
igraph_vector_t *cpg_lua_new_vector(lua_State *L);
igraph_vector_int_t *cpg_lua_new_int_vector(lua_State *L);
igraph_vector_int_list_t *cpg_lua_new_int_vector_list(lua_State *L);
igraph_matrix_int_t *cpg_lua_new_int_matrix(lua_State *L);
igraph_t *cpg_lua_new_igraph_copy(lua_State *L, const igraph_t *from);

/* The numeric edge attribute named by option "weights", in a scratch vector pushed on the stack,
 * or NULL (nothing pushed) without the option. Raises on missing, non-numeric or (when
 * NONNEGATIVE) negative values, naming the edge. */
igraph_vector_t *cpg_lua_opt_weights(lua_State *L, int graph_idx, int opts, bool nonnegative);

/* A userdata on the stack owning one pointer (NULL at first): FREE_FN releases it when the
 * userdata is collected, so that a Lua error cannot leak it. take() hands it back to C. */
typedef struct cpg_lua_owned cpg_lua_owned;
cpg_lua_owned *cpg_lua_new_owned(lua_State *L, void (*free_fn)(void *));
void cpg_lua_owned_set(cpg_lua_owned *o, void *ptr);
void *cpg_lua_owned_get(const cpg_lua_owned *o);
void *cpg_lua_owned_take(cpg_lua_owned *o);
void cpg_lua_free_json(void *tree); /* cJSON_Delete, as a free_fn */

/* True for RFC 3629 UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
bool cpg_lua_utf8_valid(const char *s, size_t len);

/* Raises a Lua error "FN: REASON" when RC is an igraph failure. */
void cpg_lua_check_igraph(lua_State *L, igraph_error_t rc, const char *fn);

/* Pushes a table id -> value for a vector indexed by vertex. */
void cpg_lua_push_vertex_values(lua_State *L, const cpg_graph *g, const igraph_vector_t *values);

int cpg_lua_open_algorithms(lua_State *L); /* adds the measures etc. to the method table at -1 */

#endif
