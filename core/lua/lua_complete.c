/* lua_complete.c: what Tab offers at the prompt: globals and keywords; the fields and methods of
 * the table, string, graph, node or edge named before a '.' or ':'; node ids and attribute
 * names inside quotes. No code of the session runs: its tables are read raw. */
#include <ctype.h>
#include <string.h>

#include "cpecgraph/lua.h"
#include "lua_handle.h"
#include "lua_util.h"

#define MAX_CANDIDATES 2000 /* a million node ids are no use in a list */

static const char *const keywords[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
    "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
    NULL};

/* The candidates so far: a set (table name -> true) at SET; each starts with PREFIX (what the
 * text holds before the member being typed) and completes PARTIAL. */
typedef struct offers {
    int set;
    const char *prefix, *partial;
    size_t prefix_len, partial_len, count;
} offers;

static bool is_identifier(const char *s, size_t len)
{
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < len; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    for (int k = 0; keywords[k]; k++)
        if (strlen(keywords[k]) == len && memcmp(keywords[k], s, len) == 0)
            return false;
    return true;
}

static void offer(lua_State *L, offers *o, const char *name, size_t len)
{
    if (o->count >= MAX_CANDIDATES || len < o->partial_len ||
        memcmp(name, o->partial, o->partial_len) != 0)
        return;
    lua_pushlstring(L, o->prefix, o->prefix_len);
    lua_pushlstring(L, name, len);
    lua_concat(L, 2);
    lua_pushboolean(L, 1);
    lua_rawset(L, o->set);
    o->count++;
}

static void offer_list(lua_State *L, offers *o, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        offer(L, o, names[i], strlen(names[i]));
}

/* Offers the string keys of the table at IDX that are identifiers (with functions_only, the
 * keys of functions: what may follow ':'). */
static void offer_keys(lua_State *L, offers *o, int idx, bool functions_only)
{
    idx = lua_absindex(L, idx);
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        size_t len;
        if (lua_type(L, -2) != LUA_TSTRING || (functions_only && !lua_isfunction(L, -1)))
            continue;
        const char *key = lua_tolstring(L, -2, &len);
        if (is_identifier(key, len))
            offer(L, o, key, len);
    }
}

/* Offers the keys of the table FIELD (the methods) of the metatable named NAME. */
static void offer_class_methods(lua_State *L, offers *o, const char *name, const char *field)
{
    int top = lua_gettop(L);
    if (luaL_getmetatable(L, name) == LUA_TTABLE && lua_getfield(L, -1, field) == LUA_TTABLE)
        offer_keys(L, o, -1, false);
    lua_settop(L, top);
}

/* Offers the names of the attribute columns of domain D of graph G. */
static void offer_columns(lua_State *L, offers *o, const cpg_graph *g, cpg_domain d)
{
    for (size_t k = 0; k < cpg_graph_column_count(g, d); k++) {
        const char *name = cpg_column_name(cpg_graph_column_at(g, d, k));
        offer(L, o, name, strlen(name));
    }
}

/* Offers what may follow SEP after the handle at IDX: its methods, and after '.' its fields
 * and the attribute names of its kind. */
static void offer_handle(lua_State *L, offers *o, int idx, char sep)
{
    static const char *const node_fields[] = {"id", "attrs", "graph", NULL};
    static const char *const edge_fields[] = {"source", "target", "id", "attrs", "graph", NULL};
    cpg_lua_handle h;
    cpg_lua_to_handle(L, idx, &h);
    bool edge = h.kind == CPG_LUA_KIND_EDGE || h.kind == CPG_LUA_KIND_EDGE_ATTRS;
    bool attrs = h.kind >= CPG_LUA_KIND_NODE_ATTRS;
    if (!attrs && lua_getmetatable(L, idx)) {
        if (lua_getfield(L, -1, edge ? "edge_methods" : "node_methods") == LUA_TTABLE)
            offer_keys(L, o, -1, false);
        lua_pop(L, 2);
    }
    if (sep == ':')
        return;
    if (!attrs)
        offer_list(L, o, edge ? edge_fields : node_fields);
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    offer_columns(L, o, lg->graph, edge ? CPG_EDGES : CPG_NODES);
    lua_pop(L, 1);
}

/* Offers what may follow SEP after the value on top of the stack. */
static void offer_members(lua_State *L, offers *o, char sep)
{
    static const char *const graph_fields[] = {"directed", "multigraph", "attrs", NULL};
    int top = lua_gettop(L);
    if (luaL_testudata(L, top, CPG_LUA_GRAPH)) {
        offer_class_methods(L, o, CPG_LUA_GRAPH, "methods");
        if (sep == '.')
            offer_list(L, o, graph_fields);
    } else if (cpg_lua_handle_class(L, top)) {
        offer_handle(L, o, top, sep);
    } else if (luaL_testudata(L, top, "cpecgraph.Buffer")) {
        offer_class_methods(L, o, "cpecgraph.Buffer", "methods");
    } else if (lua_type(L, top) == LUA_TSTRING && sep == ':') {
        if (lua_getmetatable(L, top)) {  /* s:upper(): the string metatable's, read raw */
            lua_pushliteral(L, "__index");
            if (lua_rawget(L, -2) == LUA_TTABLE)
                offer_keys(L, o, -1, true);
        }
    } else if (lua_istable(L, top)) {
        offer_keys(L, o, top, sep == ':');
        /* an object of a class written in Lua: the methods in its metatable's __index */
        if (lua_getmetatable(L, top) && lua_istable(L, -1)) {
            lua_pushliteral(L, "__index");
            if (lua_rawget(L, -2) == LUA_TTABLE)
                offer_keys(L, o, -1, sep == ':');
        }
    }
    lua_settop(L, top);
}

/* Replaces the value on top by its field NAME (LEN bytes): raw for tables, through the
 * binding's own __index for graphs, nodes and edges; false for any other value. */
static bool step_into(lua_State *L, const char *name, size_t len)
{
    if (lua_istable(L, -1)) {
        lua_pushlstring(L, name, len);
        lua_rawget(L, -2);
    } else if (luaL_testudata(L, -1, CPG_LUA_GRAPH) || cpg_lua_handle_class(L, -1)) {
        lua_pushlstring(L, name, len);
        lua_gettable(L, -2);  /* C code of the binding, which runs none of the session's */
    } else {
        return false;
    }
    lua_remove(L, -2);
    return true;
}

/* Pushes the value the dotted names BASE[0 .. LEN) name, from the globals; false when none. */
static bool push_base(lua_State *L, const char *base, size_t len)
{
    lua_pushglobaltable(L);
    for (size_t at = 0; at <= len;) {
        size_t end = at;
        while (end < len && base[end] != '.')
            end++;
        if (!is_identifier(base + at, end - at) || !step_into(L, base + at, end - at)) {
            lua_pop(L, 1);
            return false;
        }
        at = end + 1;
    }
    return true;
}

/* Offers, inside quotes, the node ids and the attribute names of the global `graph`. */
static void offer_in_string(lua_State *L, offers *o)
{
    lua_pushglobaltable(L);
    lua_pushliteral(L, "graph");
    lua_rawget(L, -2);
    if (luaL_testudata(L, -1, CPG_LUA_GRAPH)) {
        const cpg_graph *g = cpg_lua_check_graph(L, -1);
        for (igraph_integer_t v = 0; v < cpg_graph_node_count(g); v++) {
            const char *id = cpg_graph_node_id(g, v);
            offer(L, o, id, strlen(id));
        }
        offer_columns(L, o, g, CPG_NODES);
        offer_columns(L, o, g, CPG_EDGES);
    }
    lua_pop(L, 2);
}

/* completions(text, in_string) -> list: the texts that complete TEXT, the word before the
 * cursor ("graph:pa", "cpecgraph.te", "wang" after a quote when IN_STRING), unsorted. */
int cpg_lua_completions(lua_State *L)
{
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    bool in_string = lua_toboolean(L, 2);
    lua_settop(L, 2);
    lua_newtable(L);
    offers o = {.set = lua_gettop(L), .prefix = text, .partial = text, .partial_len = len};
    const char *sep = NULL;
    for (const char *p = text; *p; p++)
        if (*p == '.' || *p == ':')
            sep = p;
    if (in_string) {
        o.prefix_len = 0;
        offer_in_string(L, &o);
    } else if (!sep) {
        lua_pushglobaltable(L);
        offer_keys(L, &o, -1, false);
        lua_pop(L, 1);
        offer_list(L, &o, keywords);
    } else if (push_base(L, text, (size_t)(sep - text))) {
        o.prefix_len = (size_t)(sep + 1 - text);
        o.partial = sep + 1, o.partial_len = len - o.prefix_len;
        offer_members(L, &o, *sep);
        lua_pop(L, 1);
    }
    lua_newtable(L);
    lua_Integer n = 0;
    for (lua_pushnil(L); lua_next(L, o.set); lua_pop(L, 1)) {
        lua_pushvalue(L, -2);
        lua_rawseti(L, -4, ++n);
    }
    return 1;
}
