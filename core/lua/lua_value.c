/* lua_value.c: conversion between JSON values (cJSON) and Lua values, and between attribute
 * values (cpg_value) and Lua values. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "cpecgraph/json.h"
#include "cpecgraph/lua.h"
#include "lua_util.h"
#include "lua_value.h"


static void push_json_depth(lua_State *L, const cJSON *item, int depth);

void cpg_lua_mark_array(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    if (luaL_newmetatable(L, CPG_LUA_ARRAY)) {  /* the same table every time: a mark */
        lua_pushliteral(L, "cpecgraph.array");  /* hidden, so that no plugin changes it */
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, idx);
}

static bool marked_array(lua_State *L, int idx)
{
    if (!lua_getmetatable(L, idx))
        return false;
    luaL_getmetatable(L, CPG_LUA_ARRAY);
    bool marked = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return marked;
}

static void push_container(lua_State *L, const cJSON *item, int depth)
{
    luaL_checkstack(L, 4, "attribute nesting too deep");
    bool array = cJSON_IsArray(item);
    lua_createtable(L, array ? cJSON_GetArraySize(item) : 0, array ? 0 : 4);
    if (array && !item->child)
        cpg_lua_mark_array(L, -1);  /* else it would come back as {} */
    lua_Integer i = 1;
    for (const cJSON *child = item->child; child; child = child->next) {
        push_json_depth(L, child, depth + 1);
        if (array)
            lua_rawseti(L, -2, i++);
        else
            lua_setfield(L, -2, child->string);
    }
}

/* Integer literals stay integers in Lua (3, not 3.0), read from their text so that all 64 bits
 * survive (a tweet id is not a double); only those beyond 64 bits become floats. */
static void push_number(lua_State *L, const cJSON *item)
{
    if (cpg_json_is_integer(item)) {
        char *end;
        errno = 0;
        long long v = strtoll(cpg_json_number_text(item), &end, 10);
        if (errno == 0 && *end == '\0') {
            lua_pushinteger(L, (lua_Integer)v);
            return;
        }
    }
    lua_pushnumber(L, item->valuedouble);
}

static void push_json_depth(lua_State *L, const cJSON *item, int depth)
{
    if (depth > CPG_VALUE_MAX_DEPTH)
        luaL_error(L, "attribute nesting deeper than %d levels", CPG_VALUE_MAX_DEPTH);
    if (!item || cJSON_IsNull(item))
        lua_pushlightuserdata(L, NULL);
    else if (cJSON_IsBool(item))
        lua_pushboolean(L, cJSON_IsTrue(item));
    else if (cJSON_IsNumber(item))
        push_number(L, item);
    else if (cJSON_IsString(item))
        lua_pushstring(L, item->valuestring);
    else
        push_container(L, item, depth);
}

void cpg_lua_push_json(lua_State *L, const cJSON *item)
{
    push_json_depth(L, item, 0);
}

/* ---- Lua -> JSON ------------------------------------------------------------------------ */

/* Values are built inside an owned-pointer userdata (cpg_lua_new_owned): every new item is
 * linked into that tree before anything else can raise, so an error half-way (a bad value deep
 * in a table) leaks nothing. Items are counted: a table that holds the same subtable twice,
 * nested forty times, would otherwise expand to 2^40 values. */
enum { VALUE_MAX_ITEMS = 10000000 };

typedef struct json_holder {
    cpg_lua_owned *tree;
    size_t items;
} json_holder;

/* A table is an array when its keys are exactly 1..n, n >= 1, or when it is an empty table
 * marked as an array (an empty JSON array read, or cpecgraph.array()). */
static bool table_is_array(lua_State *L, int idx)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx), count = 0;
    if (n == 0) {
        lua_pushnil(L);
        bool empty = !lua_next(L, idx);
        if (!empty)
            lua_pop(L, 2);
        return empty && marked_array(L, idx);
    }
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
        count++;
    return count == n;
}

/* Links ITEM under PARENT (at KEY for objects) or makes it the holder's root. */
static cJSON *attach(lua_State *L, json_holder *h, cJSON *parent, const char *key, cJSON *item)
{
    if (!item)
        luaL_error(L, "out of memory");
    if (!parent)
        cpg_lua_owned_set(h->tree, item);
    bool ok = !parent ? true
              : key   ? cJSON_AddItemToObject(parent, key, item)
                      : cJSON_AddItemToArray(parent, item);
    if (!ok) {
        cJSON_Delete(item);
        luaL_error(L, "out of memory");
    }
    return item;
}

static cJSON *scalar_to_json(lua_State *L, int idx)
{
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        return cJSON_CreateBool(lua_toboolean(L, idx));
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == NULL)
            return cJSON_CreateNull();
        break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            return cpg_json_integer((long long)lua_tointeger(L, idx));
        if (!isfinite(lua_tonumber(L, idx)))
            luaL_error(L, "cannot store %s in an attribute (JSON has no such number)",
                       isnan(lua_tonumber(L, idx)) ? "nan" : "an infinite number");
        return cJSON_CreateNumber(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        if (strlen(s) != len)
            luaL_error(L, "cannot store a string holding a NUL byte in an attribute");
        if (!cpg_lua_utf8_valid(s, len))
            luaL_error(L, "cannot store a string that is not valid UTF-8 in an attribute");
        return cJSON_CreateString(s);
    }
    }
    luaL_error(L, "cannot store a %s in an attribute", luaL_typename(L, idx));
    return NULL;
}

static void build(lua_State *L, json_holder *h, int idx, cJSON *parent, const char *key,
                  int depth);

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The keys of the object-like table at IDX, checked and sorted, in a userdata pushed on the
 * stack (the strings stay anchored by the table). Lua's table order changes from run to run;
 * sorted keys make the same data give the same JSON, byte for byte. */
static const char **sorted_names(lua_State *L, int idx, size_t *count)
{
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
        n++;
    const char **names = lua_newuserdatauv(L, (n + 1) * sizeof *names, 0);
    size_t k = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, lua_type(L, -2) == LUA_TNUMBER
                              ? "cannot store a table with both list items and named fields "
                                "in an attribute"
                              : "cannot store a table with %s keys in an attribute (use string "
                                "keys, or 1..n for an array)", luaL_typename(L, -2));
        size_t len;
        const char *name = lua_tolstring(L, -2, &len);
        if (strlen(name) != len || !cpg_lua_utf8_valid(name, len))
            luaL_error(L, "attribute names must be UTF-8 text without NUL bytes");
        if (k < n)
            names[k++] = name;
    }
    qsort(names, k, sizeof *names, by_name);
    *count = k;
    return names;
}

static void build_table(lua_State *L, json_holder *h, int idx, cJSON *parent, const char *key,
                        int depth)
{
    luaL_checkstack(L, 6, "attribute nesting too deep");
    if (table_is_array(L, idx)) {
        cJSON *array = attach(L, h, parent, key, cJSON_CreateArray());
        lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
        for (lua_Integer i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, i);
            build(L, h, lua_gettop(L), array, NULL, depth + 1);
            lua_pop(L, 1);
        }
        return;
    }
    cJSON *object = attach(L, h, parent, key, cJSON_CreateObject());
    size_t n;
    const char **names = sorted_names(L, idx, &n);
    for (size_t i = 0; i < n; i++) {
        lua_pushstring(L, names[i]);
        lua_rawget(L, idx);
        build(L, h, lua_gettop(L), object, names[i], depth + 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1); /* the names */
}

static void build(lua_State *L, json_holder *h, int idx, cJSON *parent, const char *key,
                  int depth)
{
    if (++h->items > VALUE_MAX_ITEMS)
        luaL_error(L, "attribute value too large (more than %d values: a table that holds the "
                   "same table many times?)", VALUE_MAX_ITEMS);
    if (depth > CPG_VALUE_MAX_DEPTH)
        luaL_error(L, "attribute nesting deeper than %d levels (a table that contains itself?)",
                   CPG_VALUE_MAX_DEPTH);
    if (lua_type(L, idx) == LUA_TTABLE)
        build_table(L, h, idx, parent, key, depth);
    else
        attach(L, h, parent, key, scalar_to_json(L, idx));
}

cJSON *cpg_lua_to_json(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    json_holder h = {cpg_lua_new_owned(L, cpg_lua_free_json), 0};
    build(L, &h, idx, NULL, NULL, 0);
    cJSON *root = cpg_lua_owned_take(h.tree);
    lua_pop(L, 1);
    return root;
}

/* ---- attribute values ------------------------------------------------------------------- */

void cpg_lua_push_json_text(lua_State *L, const char *text, size_t len)
{
    cpg_lua_owned *tree = cpg_lua_new_owned(L, cpg_lua_free_json);
    cpg_lua_owned_set(tree, cpg_json_parse(text, len, NULL));
    if (!cpg_lua_owned_get(tree))
        luaL_error(L, "out of memory");
    cpg_lua_push_json(L, cpg_lua_owned_get(tree));
    cJSON_Delete(cpg_lua_owned_take(tree));  /* now, not when the collector comes */
    lua_remove(L, -2);
}

/* Pushes string SID of the Graph at GRAPH_IDX from the Graph's table of strings (user value 1,
 * made the first time). */
static void push_string(lua_State *L, int graph_idx, const cpg_graph *g, uint32_t sid)
{
    if (lua_getiuservalue(L, graph_idx, 1) != LUA_TTABLE) {
        lua_pop(L, 1);  /* sized for every string: filling it never rehashes */
        lua_createtable(L, (int)cpg_graph_string_count(g), 0);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, graph_idx, 1);
    }
    if (lua_rawgeti(L, -1, (lua_Integer)sid + 1) != LUA_TSTRING) {
        lua_pop(L, 1);
        size_t len;
        const char *s = cpg_graph_string(g, sid, &len);
        lua_pushlstring(L, s, len);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)sid + 1);
    }
    lua_replace(L, -2);  /* the string takes the table's place */
}

void cpg_lua_push_value(lua_State *L, int graph_idx, const cpg_graph *g, const cpg_value *v)
{
    size_t len;
    const char *s;
    switch (v->type) {
    case CPG_VNONE: lua_pushnil(L); return;
    case CPG_VNULL: lua_pushlightuserdata(L, NULL); return;
    case CPG_VBOOL: lua_pushboolean(L, v->u.b); return;
    case CPG_VINT: lua_pushinteger(L, (lua_Integer)v->u.i); return;
    case CPG_VFLOAT: lua_pushnumber(L, v->u.f); return;
    case CPG_VSTRING:
        push_string(L, lua_absindex(L, graph_idx), g, v->u.sid);
        return;
    case CPG_VJSON:
        s = cpg_graph_string(g, v->u.sid, &len);
        cpg_lua_push_json_text(L, s, len);
        return;
    }
}

/* A checked string for an attribute: UTF-8 without NUL bytes. */
static const char *attribute_string(lua_State *L, int idx, size_t *len)
{
    const char *s = lua_tolstring(L, idx, len);
    if (strlen(s) != *len)
        luaL_error(L, "cannot store a string holding a NUL byte in an attribute");
    if (!cpg_lua_utf8_valid(s, *len))
        luaL_error(L, "cannot store a string that is not valid UTF-8 in an attribute");
    return s;
}

/* The JSON text of the table at IDX, malloc'd (the caller frees it); raises on what JSON cannot
 * hold, and when out of memory. */
static char *table_text(lua_State *L, int idx)
{
    cJSON *tree = cpg_lua_to_json(L, idx);
    char *text = cpg_json_print(tree, false);
    cJSON_Delete(tree);
    if (!text)
        luaL_error(L, "out of memory");
    return text;
}

/* The scalar at IDX, or, for strings and tables, *TEXT and *LEN set (the text of a table is
 * malloc'd into *OWNED) and the type returned as CPG_VSTRING or CPG_VJSON. */
static cpg_vtype scalar_or_text(lua_State *L, int idx, cpg_value *v, const char **text,
                                size_t *len, char **owned)
{
    *owned = NULL;
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return v->type = CPG_VNONE;
    case LUA_TBOOLEAN:
        v->u.b = lua_toboolean(L, idx);
        return v->type = CPG_VBOOL;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            v->u.i = (int64_t)lua_tointeger(L, idx);
            return v->type = CPG_VINT;
        }
        v->u.f = lua_tonumber(L, idx);
        if (!isfinite(v->u.f))
            luaL_error(L, "cannot store %s in an attribute (JSON has no such number)",
                       isnan(v->u.f) ? "nan" : "an infinite number");
        return v->type = CPG_VFLOAT;
    case LUA_TSTRING:
        *text = attribute_string(L, idx, len);
        return v->type = CPG_VSTRING;
    case LUA_TTABLE:
        *text = *owned = table_text(L, idx);
        *len = strlen(*text);
        return v->type = CPG_VJSON;
    case LUA_TLIGHTUSERDATA:
        if (lua_touserdata(L, idx) == NULL)
            return v->type = CPG_VNULL;
        break;
    }
    return luaL_error(L, "cannot store a %s in an attribute", luaL_typename(L, idx));
}

cpg_value cpg_lua_to_value(lua_State *L, int idx, cpg_graph *g)
{
    cpg_value v;
    const char *text;
    size_t len;
    char *owned;
    cpg_vtype t = scalar_or_text(L, idx, &v, &text, &len, &owned);
    if (t == CPG_VSTRING || t == CPG_VJSON) {
        cpg_status status = cpg_graph_intern(g, text, len, &v.u.sid);
        free(owned);
        if (status != CPG_OK)
            luaL_error(L, "out of memory");
    }
    return v;
}

bool cpg_lua_find_value(lua_State *L, int idx, const cpg_graph *g, cpg_value *v)
{
    const char *text;
    size_t len;
    char *owned;
    cpg_vtype t = scalar_or_text(L, idx, v, &text, &len, &owned);
    bool found = true;
    if (t == CPG_VSTRING || t == CPG_VJSON)
        found = cpg_graph_find_string(g, text, len, &v->u.sid);
    free(owned);
    return found;
}
