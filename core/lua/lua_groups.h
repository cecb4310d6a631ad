/* lua_groups.h: what nodes share, as Graph methods: cliques, max_cliques, triad_census,
 * similarity and bipartite_projection (internal to core/lua). */
#ifndef CPECGRAPH_LUA_GROUPS_H
#define CPECGRAPH_LUA_GROUPS_H

#include <lua.h>

/* Adds them to the method table on top of the stack. */
void cpg_lua_open_groups(lua_State *L);

#endif
