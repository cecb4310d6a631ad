/* lua_element.h: the behaviour of Node, Edge and attributes handles (internal to core/lua). */
#ifndef CPECGRAPH_LUA_ELEMENT_H
#define CPECGRAPH_LUA_ELEMENT_H

#include <lua.h>

/* Gives every light userdata (handles, and cpecgraph.null) the metatable of handles. */
void cpg_lua_open_elements(lua_State *L);

#endif
