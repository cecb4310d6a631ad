/* lua_structure.h: the structural measures of a Graph: density, reciprocity, clustering,
 * eccentricity, bridges (internal to core/lua). */
#ifndef CPECGRAPH_LUA_STRUCTURE_H
#define CPECGRAPH_LUA_STRUCTURE_H

#include <lua.h>

/* Adds them to the method table on top of the stack. */
void cpg_lua_open_structure(lua_State *L);

#endif
