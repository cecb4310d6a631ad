/* lua_util.h: helpers of the Lua binding that know nothing of graphs: options tables, direction
 * modes, scratch igraph vectors and owned pointers that a Lua error cannot leak, UTF-8 checks and
 * class metatables (internal to core/lua). */
#ifndef CPECGRAPH_LUA_UTIL_H
#define CPECGRAPH_LUA_UTIL_H

#include <stdbool.h>

#include <igraph.h>
#include <lauxlib.h>
#include <lua.h>

/* Options tables. cpg_lua_check_options raises on a key not in ALLOWED (NULL-terminated) with a
 * hint; OPTS may be absent (none) or nil. The readers raise on values of the wrong type. */
void cpg_lua_check_options(lua_State *L, int opts, const char *const *allowed);
bool cpg_lua_opt_bool(lua_State *L, int opts, const char *key, bool def);
lua_Number cpg_lua_opt_number(lua_State *L, int opts, const char *key, lua_Number def);
lua_Integer cpg_lua_opt_integer(lua_State *L, int opts, const char *key, lua_Integer def);
const char *cpg_lua_opt_string(lua_State *L, int opts, const char *key, const char *def);
igraph_neimode_t cpg_lua_opt_mode(lua_State *L, int opts, igraph_neimode_t def);
igraph_neimode_t cpg_lua_to_mode(lua_State *L, int arg, igraph_neimode_t def);
/* Pushes option KEY of the table at OPTS (nil without a table) and returns its type. Raw
 * access: no metamethod of the plugin's may run while a measure holds the graph. */
int cpg_lua_opt_push(lua_State *L, int opts, const char *key);

/* Scratch vectors owned by a userdata pushed on the stack (destroyed by its __gc), so that they
 * survive nothing and leak nothing when a Lua error unwinds past them. */
igraph_vector_t *cpg_lua_new_vector(lua_State *L);
igraph_vector_int_t *cpg_lua_new_int_vector(lua_State *L);
igraph_vector_int_list_t *cpg_lua_new_int_vector_list(lua_State *L);
igraph_matrix_int_t *cpg_lua_new_int_matrix(lua_State *L);
igraph_matrix_t *cpg_lua_new_matrix(lua_State *L);
igraph_t *cpg_lua_new_igraph_copy(lua_State *L, const igraph_t *from);

/* One integer vector per Lua state, reused by every call that fills it and reads it back
 * before any Lua code can run (n:neighbors(), say): no allocation per call. */
igraph_vector_int_t *cpg_lua_shared_int_vector(lua_State *L);

/* A userdata on the stack owning one pointer (NULL at first): FREE_FN releases it when the
 * userdata is collected, so that a Lua error cannot leak it. take() hands it back to C. */
typedef struct cpg_lua_owned cpg_lua_owned;
cpg_lua_owned *cpg_lua_new_owned(lua_State *L, void (*free_fn)(void *));
void cpg_lua_owned_set(cpg_lua_owned *o, void *ptr);
void *cpg_lua_owned_get(const cpg_lua_owned *o);
void *cpg_lua_owned_take(cpg_lua_owned *o);
void cpg_lua_free_json(void *tree); /* cJSON_Delete, as a free_fn */

/* Raises a Lua error "FN: REASON" when RC is an igraph failure. */
void cpg_lua_check_igraph(lua_State *L, igraph_error_t rc, const char *fn);

/* True for RFC 3629 UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
bool cpg_lua_utf8_valid(const char *s, size_t len);

/* Notes METHODS (a static array) as methods of a class, for cpg_lua_nearest_method. */
void cpg_lua_note_methods(const luaL_Reg *methods);

/* Creates metatable NAME with META and a "methods" table holding METHODS (may be NULL), hidden
 * from getmetatable(), which gives its name; leaves it on the stack. */
void cpg_lua_new_class(lua_State *L, const char *name, const luaL_Reg *meta,
                       const luaL_Reg *methods);

#endif
