/* lua_module.c: the cpecgraph module: luaopen_cpecgraph registers the Graph of lua_graph.c with
 * the measures of lua_algo.c and lua_structure.c, the handles of lua_element.c, the text helpers of lua_text.c, and
 * the module's own functions (graph, JSON, usage, array). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cpecgraph/json.h"
#include "cpecgraph/time.h"
#include "lua_algo.h"
#include "lua_element.h"
#include "lua_graph.h"
#include "lua_groups.h"
#include "lua_paths.h"
#include "lua_structure.h"
#include "lua_text.h"
#include "lua_util.h"

/* cpecgraph.to_json(value[, pretty]) -> JSON text; the same rules as attributes. */
static int module_to_json(lua_State *L)
{
    luaL_checkany(L, 1);
    bool pretty = lua_toboolean(L, 2);
    cpg_lua_owned *tree = cpg_lua_new_owned(L, cpg_lua_free_json);
    cpg_lua_owned_set(tree, cpg_lua_to_json(L, 1));
    cpg_lua_owned *text = cpg_lua_new_owned(L, free);
    cpg_lua_owned_set(text, cpg_json_print(cpg_lua_owned_get(tree), pretty));
    if (!cpg_lua_owned_get(text))
        return luaL_error(L, "out of memory");
    lua_pushstring(L, cpg_lua_owned_get(text));
    return 1;
}

/* cpecgraph.array([t]) -> t (or a new table), marked so that, empty, it is stored as [] */
static int module_array(lua_State *L)
{
    if (lua_isnoneornil(L, 1)) {
        lua_settop(L, 0);
        lua_newtable(L);
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    cpg_lua_mark_array(L, 1);
    return 1;
}

/* cpecgraph.from_json(text) -> value, or nil and "LINE:COL: message". */
static int module_from_json(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    cpg_json_error err;
    cpg_lua_owned *tree = cpg_lua_new_owned(L, cpg_lua_free_json);
    cpg_lua_owned_set(tree, cpg_json_parse(text, len, &err));
    if (!cpg_lua_owned_get(tree)) {
        lua_pushnil(L);
        lua_pushfstring(L, "%d:%d: %s", (int)err.line, (int)err.column, err.message);
        return 2;
    }
    cpg_lua_push_json(L, cpg_lua_owned_get(tree));
    return 1;
}

/* cpecgraph.time(date) -> start, end: the interval an ISO 8601 date (or a whole year) names, in
 * seconds since 1970 UTC, as n:time() gives it; or nil and why it is no date. */
static int module_time(lua_State *L)
{
    char year[8];
    const char *text = year;
    size_t len = 4;
    if (lua_isinteger(L, 1) && lua_tointeger(L, 1) >= 1 && lua_tointeger(L, 1) <= 9999)
        snprintf(year, sizeof year, "%04d", (int)lua_tointeger(L, 1));
    else
        text = luaL_checklstring(L, 1, &len);
    cpg_interval iv;
    const char *why;
    if (!cpg_time_parse(text, len, &iv, &why)) {
        lua_pushnil(L);
        lua_pushstring(L, why);
        return 2;
    }
    for (int k = 0; k < 2; k++) {
        double t = k ? iv.end : iv.start;
        if (t == floor(t))
            lua_pushinteger(L, (lua_Integer)t);
        else
            lua_pushnumber(L, t);
    }
    return 2;
}

static int usage_tostring(lua_State *L)
{
    lua_pushliteral(L, "usage");
    lua_rawget(L, 1);
    return 1;
}

/* cpecgraph.usage(message): raises an error that blames the user's arguments, not the plugin:
 * cpecgraph prints MESSAGE without a position and exits with status 2. */
static int module_usage(lua_State *L)
{
    luaL_checkstring(L, 1);
    lua_createtable(L, 0, 1);
    lua_pushvalue(L, 1);
    lua_setfield(L, -2, "usage");
    luaL_setmetatable(L, CPG_LUA_USAGE_ERROR);
    return lua_error(L);
}

static int module_graph(lua_State *L)
{
    bool directed = lua_isnoneornil(L, 1) ? false : cpg_lua_opt_bool(L, 1, "directed", false);
    cpg_graph **slot = cpg_lua_new_graph(L);
    if (!(*slot = cpg_graph_new(directed)))
        return luaL_error(L, "out of memory");
    return 1;
}

int luaopen_cpecgraph(lua_State *L)
{
    cpg_lua_open_graph(L);
    cpg_lua_open_elements(L);
    luaL_getmetatable(L, CPG_LUA_GRAPH);
    lua_getfield(L, -1, "methods");
    cpg_lua_open_algorithms(L);
    cpg_lua_open_structure(L);
    cpg_lua_open_paths(L);
    cpg_lua_open_groups(L);
    lua_pop(L, 2);
    cpg_lua_new_class(L, CPG_LUA_USAGE_ERROR, (luaL_Reg[]){{"__tostring", usage_tostring},
        {NULL, NULL}}, NULL);
    lua_pop(L, 1);

    lua_createtable(L, 0, 3);
    lua_pushlightuserdata(L, NULL);
    lua_setfield(L, -2, "null");
    lua_pushcfunction(L, module_graph);
    lua_setfield(L, -2, "graph");
    lua_pushcfunction(L, module_to_json);
    lua_setfield(L, -2, "to_json");
    lua_pushcfunction(L, module_from_json);
    lua_setfield(L, -2, "from_json");
    lua_pushcfunction(L, module_usage);
    lua_setfield(L, -2, "usage");
    lua_pushcfunction(L, module_array);
    lua_setfield(L, -2, "array");
    lua_pushcfunction(L, module_time);
    lua_setfield(L, -2, "time");
    cpg_lua_open_text(L);
    lua_setfield(L, -2, "text");
    return 1;
}
