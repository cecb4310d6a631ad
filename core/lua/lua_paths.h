/* lua_paths.h: distances, paths and flows as Graph methods: distances, all_shortest_paths,
 * dominator_tree, max_flow and min_cut (internal to core/lua). */
#ifndef CPECGRAPH_LUA_PATHS_H
#define CPECGRAPH_LUA_PATHS_H

#include <lua.h>

/* Adds them to the method table on top of the stack. */
void cpg_lua_open_paths(lua_State *L);

#endif
