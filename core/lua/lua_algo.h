/* lua_algo.h: the measures, communities, components and shortest paths of a Graph (internal to
 * core/lua). */
#ifndef CPECGRAPH_LUA_ALGO_H
#define CPECGRAPH_LUA_ALGO_H

#include <lua.h>

/* Adds the measures etc. to the method table on top of the stack. */
int cpg_lua_open_algorithms(lua_State *L);

#endif
