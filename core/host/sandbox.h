/* sandbox.h: the Lua environment that plugins, -e and the prompt get (program-internal). */
#ifndef CPECGRAPH_SANDBOX_H
#define CPECGRAPH_SANDBOX_H

#include <stdbool.h>

#include <lua.h>

/* Opens the standard libraries into L. Unless UNSAFE, keeps only an allow-list: what is left
 * out of io, os, debug and package raises "'NAME' is not available to plugins (run with
 * --unsafe to allow it)"; dofile and loadfile are blocked; load takes text chunks only; reading
 * an undefined global is an error. */
void cpg_sandbox_open(lua_State *L, bool unsafe);

/* Makes `require` find Lua modules (text only) in DIRS (NULL-terminated) and nowhere else;
 * package.path and require's messages name them as SHOWN (as many), hiding the environment. */
void cpg_sandbox_set_module_path(lua_State *L, const char *const *dirs,
                                 const char *const *shown);

/* Loads the Lua file PATH as a text chunk named "@SHOWN", so that error positions and
 * debug.getinfo name it as package.path does; a first line starting with '#' is skipped, as
 * lua(1) does. Returns luaL_loadfilex's status, with the chunk or a message on the stack. */
int cpg_sandbox_load_file(lua_State *L, const char *path, const char *shown);

/* Gives the plugin about to run a world of its own (globals, library tables, loaded modules,
 * the string metatable: copies of the main world's), so that no plugin can tamper with the
 * next. Raises when out of memory. */
void cpg_sandbox_enter_world(lua_State *L);

/* Back to the main world, which -e chunks and the prompt share; raises nothing. */
void cpg_sandbox_leave_world(lua_State *L);

#endif
