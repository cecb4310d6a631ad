/* lua_text.h: cpecgraph.text, text output helpers for the plugins that write files (internal
 * to core/lua). */
#ifndef CPECGRAPH_LUA_TEXT_H
#define CPECGRAPH_LUA_TEXT_H

#include <lua.h>

/* Makes the metatable of buffers and pushes the cpecgraph.text table. */
void cpg_lua_open_text(lua_State *L);

#endif
