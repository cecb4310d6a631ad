/* lua_help.c: what the prompt's help() says: the signature, description, options and example of
 * a function, from the annotations in docs/cpecgraph.d.lua (help_table.h, written by
 * scripts/help-table at build time), found by the function itself or by its name. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/lua.h"
#include "lua_util.h"
#include "suggest.h"

typedef struct cpg_help_entry {
    const char *name;     /* "Graph:pagerank", "cpecgraph.log", "cpecgraph.text.csv" */
    const char *summary;  /* its first sentence */
    const char *text;     /* signature, description, parameters, example */
} cpg_help_entry;

#include "help_table.h"

#define ENTRY_COUNT (sizeof cpg_help_entries / sizeof *cpg_help_entries)

static const char intro[] =
    "help(x) shows what a function of cpecgraph does and takes, from its documentation:\n"
    "  help(graph.pagerank), help(\"nodes\"), help(\"n:neighbors\"), or ?graph:pagerank\n"
    "help(graph), help(node), help(edge) list the methods of each; help(cpecgraph) the module.\n"
    "Tab completes names, methods, node ids (in quotes) and attribute names.\n"
    "The whole reference: docs/lua-api.md; Lua itself: the Lua 5.4 reference manual.\n";

/* The part of an entry's name after its owner ("pagerank" of "Graph:pagerank"). */
static const char *member_of(const char *name)
{
    const char *sep = strrchr(name, ':');
    if (!sep)
        sep = strrchr(name, '.');
    return sep ? sep + 1 : name;
}

static const cpg_help_entry *find_entry(const char *name)
{
    for (size_t i = 0; i < ENTRY_COUNT; i++)
        if (strcmp(cpg_help_entries[i].name, name) == 0)
            return &cpg_help_entries[i];
    return NULL;
}

/* Pushes the overview of OWNER ("Graph:", "cpecgraph."): a line per function. */
static void push_overview(lua_State *L, const char *title, const char *owner)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_addstring(&b, title);
    size_t len = strlen(owner);
    for (size_t i = 0; i < ENTRY_COUNT; i++) {
        const cpg_help_entry *e = &cpg_help_entries[i];
        if (strncmp(e->name, owner, len) != 0 || strchr(e->name + len, '.'))
            continue;  /* cpecgraph.text.* are not cpecgraph.*'s own */
        char line[512];  /* lua_pushfstring has no field widths */
        snprintf(line, sizeof line, "  %-24s %s\n", e->name + len, e->summary);
        luaL_addstring(&b, line);
    }
    luaL_pushresult(&b);
}

/* The owner prefix that PREFIX names: a class ("graph", "Node"), the module, or a global
 * holding a graph, node or edge ("g" in g:degree); NULL when it names none. */
static const char *owner_of(lua_State *L, const char *prefix, size_t len)
{
    static const struct { const char *word, *owner; } words[] = {
        {"graph", "Graph:"}, {"node", "Node:"}, {"n", "Node:"}, {"edge", "Edge:"},
        {"e", "Edge:"}, {"buffer", "TextBuffer:"}, {"cpecgraph", "cpecgraph."},
        {"cpecgraph.text", "cpecgraph.text."},
    };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i].word) == len && strncasecmp(words[i].word, prefix, len) == 0)
            return words[i].owner;
    lua_pushglobaltable(L);
    lua_pushlstring(L, prefix, len);
    lua_rawget(L, -2);
    const char *kind = luaL_testudata(L, -1, CPG_LUA_GRAPH) ? CPG_LUA_GRAPH
                                                            : cpg_lua_handle_class(L, -1);
    lua_pop(L, 2);
    if (kind == NULL)
        return NULL;
    return strcmp(kind, CPG_LUA_GRAPH) == 0 ? "Graph:"
           : strcmp(kind, CPG_LUA_NODE) == 0 ? "Node:"
           : strcmp(kind, CPG_LUA_EDGE) == 0 ? "Edge:" : NULL;
}

/* Pushes the help of the name NAME ("pagerank", "graph:pagerank", "cpecgraph.text.csv"): every
 * entry of that member when no owner is named; a "did you mean" otherwise. */
static void push_named(lua_State *L, const char *name)
{
    const char *member = member_of(name);
    if (member != name) {
        const char *owner = owner_of(L, name, (size_t)(member - 1 - name));
        if (owner) {
            const cpg_help_entry *e = find_entry(lua_pushfstring(L, "%s%s", owner, member));
            lua_pop(L, 1);
            if (e) {
                lua_pushstring(L, e->text);
                return;
            }
        }
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    cpg_suggest s;
    cpg_suggest_init(&s, member);
    for (size_t i = 0; i < ENTRY_COUNT; i++) {
        const char *m = member_of(cpg_help_entries[i].name);
        if (strcmp(m, member) == 0)
            luaL_addstring(&b, cpg_help_entries[i].text);
        cpg_suggest_consider(&s, m);
    }
    if (luaL_bufflen(&b) > 0) {
        luaL_pushresult(&b);
        return;
    }
    luaL_pushresult(&b);
    lua_pop(L, 1);
    if (s.best && strcmp(s.best, member) != 0)
        lua_pushfstring(L, "no help for '%s' (did you mean '%s'?)\n", name, s.best);
    else
        lua_pushfstring(L, "no help for '%s': cpecgraph has no function of that name\n", name);
}

/* Pushes the table function -> names (one per line: nodes and edges share some functions) of
 * every documented function the state holds. */
static void push_function_names(lua_State *L)
{
    lua_newtable(L);
    int names = lua_gettop(L);
    /* the tables pushed below, in this order */
    static const char *const owners[6] = {"Graph:", "Node:", "Edge:", "TextBuffer:",
                                          "cpecgraph.", "cpecgraph.text."};
    luaL_getmetatable(L, CPG_LUA_GRAPH);
    lua_getfield(L, -1, "methods");
    lua_remove(L, -2);
    lua_pushlightuserdata(L, NULL);  /* handles share the metatable of light userdata */
    if (!lua_getmetatable(L, -1))
        lua_pushnil(L);
    lua_remove(L, -2);
    lua_getfield(L, -1, "node_methods");
    lua_getfield(L, -2, "edge_methods");
    lua_remove(L, -3);
    luaL_getmetatable(L, "cpecgraph.Buffer");
    lua_getfield(L, -1, "methods");
    lua_remove(L, -2);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_getfield(L, -1, "cpecgraph");
    lua_remove(L, -2);
    lua_getfield(L, -1, "text");
    for (int k = 0; k < 6; k++) {
        int table = names + 1 + k;
        if (!lua_istable(L, table))
            continue;
        for (lua_pushnil(L); lua_next(L, table); lua_pop(L, 1)) {
            if (!lua_isfunction(L, -1) || lua_type(L, -2) != LUA_TSTRING)
                continue;
            lua_pushvalue(L, -1);
            lua_pushvalue(L, -1);
            const char *known = lua_rawget(L, names) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
            lua_pushfstring(L, "%s%s%s%s", known ? known : "", known ? "\n" : "", owners[k],
                            lua_tostring(L, -4));
            lua_remove(L, -2);
            lua_rawset(L, names);
        }
    }
    lua_settop(L, names);
    lua_pushglobaltable(L);  /* the prompt's own help */
    lua_pushliteral(L, "help");
    if (lua_rawget(L, -2) == LUA_TFUNCTION) {
        lua_pushliteral(L, "help");
        lua_rawset(L, names);
    }
    lua_settop(L, names);
}

/* Pushes the texts of the entries NAMES names, one per line. */
static void push_texts(lua_State *L, const char *names)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (const char *at = names; *at;) {
        size_t len = strcspn(at, "\n");
        lua_pushlstring(L, at, len);
        const cpg_help_entry *e = find_entry(lua_tostring(L, -1));
        lua_pop(L, 1);
        luaL_addstring(&b, e ? e->text : "(not documented)\n");
        at += len + (at[len] == '\n');
    }
    luaL_pushresult(&b);
}

/* help([x]) -> text. X: a function of cpecgraph, its name, a graph, node or edge (its
 * methods), the module, or nothing (how to ask). */
int cpg_lua_help_text(lua_State *L)
{
    lua_settop(L, 1);
    const char *kind = luaL_testudata(L, 1, CPG_LUA_GRAPH) ? CPG_LUA_GRAPH
                                                           : cpg_lua_handle_class(L, 1);
    if (lua_isnoneornil(L, 1)) {
        lua_pushstring(L, intro);
    } else if (lua_type(L, 1) == LUA_TSTRING) {
        push_named(L, lua_tostring(L, 1));
    } else if (kind && strcmp(kind, CPG_LUA_GRAPH) == 0) {
        push_overview(L, "A graph; its methods (help(graph.name) for one):\n", "Graph:");
    } else if (kind && strcmp(kind, CPG_LUA_NODE) == 0) {
        push_overview(L, "A node: n.id, n.attrs, n.graph, any attribute as n.name; methods:\n",
                      "Node:");
    } else if (kind && strcmp(kind, CPG_LUA_EDGE) == 0) {
        push_overview(L, "An edge: e.source, e.target, e.id, e.attrs, e.graph, any attribute "
                      "as e.name; methods:\n", "Edge:");
    } else if (lua_isfunction(L, 1)) {
        push_function_names(L);
        lua_pushvalue(L, 1);
        if (lua_rawget(L, -2) == LUA_TSTRING) {
            push_texts(L, lua_tostring(L, -1));
        } else {
            lua_pushliteral(L, "a function that is not cpecgraph's: Lua's own are in the Lua "
                               "5.4 reference manual, §6\n");
        }
    } else if (lua_istable(L, 1)) {
        luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
        lua_getfield(L, -1, "cpecgraph");
        bool module = lua_rawequal(L, -1, 1);
        lua_getfield(L, -1, "text");
        bool text = lua_rawequal(L, -1, 1);
        if (module)
            push_overview(L, "The cpecgraph module (cpecgraph.null, and cpecgraph.text: "
                          "help(cpecgraph.text)):\n", "cpecgraph.");
        else if (text)
            push_overview(L, "cpecgraph.text:\n", "cpecgraph.text.");
        else
            lua_pushliteral(L, "a table: help() knows cpecgraph's functions, graphs, nodes "
                               "and edges\n");
    } else {
        lua_pushfstring(L, "a %s: help() knows cpecgraph's functions, graphs, nodes and "
                        "edges\n", luaL_typename(L, 1));
    }
    return 1;
}
