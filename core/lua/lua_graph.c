/* lua_graph.c: the Graph object that plugins see: its fields and graph attributes, lookups,
 * adding and removing, subgraphs, and the bulk views of its columns. Elements are in
 * lua_element.c, iteration in lua_iter.c, measures in lua_algo.c. */
#include "lua_graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "cpecgraph/merge.h"
#include "cpecgraph/time.h"
#include "lua_handle.h"
#include "lua_iter.h"
#include "lua_util.h"
#include "lua_value.h"

/* ---- graphs ----------------------------------------------------------------------------- */

static int graph_gc(lua_State *L)
{
    cpg_lua_graph *lg = luaL_checkudata(L, 1, CPG_LUA_GRAPH);
    cpg_graph_free(lg->graph);
    lg->graph = NULL; /* __gc may run twice (resurrection): the second run must do nothing */
    return 0;
}

void cpg_lua_push_node(lua_State *L, int graph_idx, igraph_integer_t v)
{
    cpg_lua_graph *lg = cpg_lua_check_graph_object(L, graph_idx);
    cpg_lua_push_handle(L, lg->gid, CPG_LUA_KIND_NODE, cpg_graph_node_uid(lg->graph, v));
}

void cpg_lua_push_edge(lua_State *L, int graph_idx, igraph_integer_t e)
{
    cpg_lua_graph *lg = cpg_lua_check_graph_object(L, graph_idx);
    cpg_lua_push_handle(L, lg->gid, CPG_LUA_KIND_EDGE, cpg_graph_edge_uid(lg->graph, e));
}

/* An id argument as text: strings as they are, integers in decimal (as the loader keeps them). */
static const char *id_arg(lua_State *L, int arg)
{
    if (lua_type(L, arg) == LUA_TNUMBER && lua_isinteger(L, arg))
        return lua_tostring(L, arg); /* converts in place: fine for our own argument slot */
    if (lua_type(L, arg) != LUA_TSTRING)
        luaL_typeerror(L, arg, "node id or node");
    return lua_tostring(L, arg);
}

/* The vertex of the id or Node at IDX, -1 for an unknown id, -2 for a Node of another graph. */
static igraph_integer_t find_vertex(lua_State *L, int graph_idx, int idx)
{
    cpg_lua_graph *lg = cpg_lua_check_graph_object(L, graph_idx);
    cpg_lua_handle h;
    if (!cpg_lua_to_handle(L, idx, &h))
        return cpg_graph_find(lg->graph, id_arg(L, idx));
    if (h.kind != CPG_LUA_KIND_NODE)
        luaL_typeerror(L, idx, "node id or node");
    if (h.gid != lg->gid)
        return -2;
    return cpg_lua_handle_index(L, lg->graph, &h);
}

igraph_integer_t cpg_lua_find_vertex(lua_State *L, int graph_idx, int arg)
{
    igraph_integer_t v = find_vertex(L, graph_idx, arg);
    if (v == -2)
        luaL_argerror(L, arg, "node belongs to another graph");
    return v;
}

igraph_integer_t cpg_lua_value_vertex(lua_State *L, int graph_idx, int value_idx, int arg,
                                      const char *where)
{
    int t = lua_type(L, value_idx);
    cpg_lua_handle h;
    bool node = cpg_lua_to_handle(L, value_idx, &h) && h.kind == CPG_LUA_KIND_NODE;
    if (t != LUA_TSTRING && !node && !(t == LUA_TNUMBER && lua_isinteger(L, value_idx)))
        return luaL_argerror(L, arg, lua_pushfstring(L, "node id or node expected%s, got %s",
                                                     where, luaL_typename(L, value_idx)));
    igraph_integer_t v = find_vertex(L, graph_idx, value_idx);
    if (v >= 0)
        return v;
    if (v == -2)
        return luaL_argerror(L, arg, lua_pushfstring(L, "node%s belongs to another graph", where));
    const char *id = lua_tostring(L, value_idx);
    const char *hint = cpg_graph_suggest_id(cpg_lua_check_graph(L, graph_idx), id);
    return luaL_argerror(L, arg, hint ? lua_pushfstring(L, "unknown node '%s'%s (did you mean "
                                                        "'%s'?)", id, where, hint)
                                      : lua_pushfstring(L, "unknown node '%s'%s", id, where));
}

igraph_integer_t cpg_lua_check_vertex(lua_State *L, int graph_idx, int arg)
{
    return cpg_lua_value_vertex(L, graph_idx, arg, arg, "");
}

static void check_status(lua_State *L, cpg_status status, const char *fn)
{
    if (status != CPG_OK)
        luaL_error(L, "%s: %s", fn, cpg_status_message(status));
}

/* ---- graph attributes: graph.attrs, a view of the graph's JSON object ------------------- */

static cJSON *graph_attrs_object(lua_State *L, int idx)
{
    luaL_checkudata(L, idx, CPG_LUA_ATTRS);
    lua_getiuservalue(L, idx, 1);
    return cpg_graph_attrs(cpg_lua_check_graph(L, -1));
}

static void push_graph_attrs(lua_State *L, int graph_idx)
{
    graph_idx = lua_absindex(L, graph_idx);
    lua_newuserdatauv(L, 1, 1);
    luaL_setmetatable(L, CPG_LUA_ATTRS);
    lua_pushvalue(L, graph_idx);
    lua_setiuservalue(L, -2, 1);
}

static int graph_attrs_index(lua_State *L)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(graph_attrs_object(L, 1),
                                                         luaL_checkstring(L, 2));
    if (!item)
        lua_pushnil(L);
    else
        cpg_lua_push_json(L, item);
    return 1;
}

/* Sets (or with nil removes) member KEY of the graph attributes. */
static int graph_attrs_newindex(lua_State *L)
{
    cJSON *object = graph_attrs_object(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (lua_isnil(L, 3)) {
        cJSON_DeleteItemFromObjectCaseSensitive(object, key);
        return 0;
    }
    cJSON *value = cpg_lua_to_json(L, 3); /* ours from here: no raising until linked */
    bool ok = cJSON_GetObjectItemCaseSensitive(object, key)
                  ? cJSON_ReplaceItemInObjectCaseSensitive(object, key, value)
                  : cJSON_AddItemToObject(object, key, value);
    if (!ok) {
        cJSON_Delete(value);
        luaL_error(L, "out of memory");
    }
    return 0;
}

/* Iterator of pairs(graph.attrs): upvalues 1 the names in order, 2 the values, 3 position. */
static int next_graph_attr(lua_State *L)
{
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_rawgeti(L, lua_upvalueindex(1), i) == LUA_TNIL)
        return 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(2));
    return 2;
}

/* __pairs: the graph attributes in their file order, from a snapshot (edits during the loop are
 * safe, and the order is the same run after run). */
static int graph_attrs_pairs(lua_State *L)
{
    const cJSON *object = graph_attrs_object(L, 1);
    lua_newtable(L);
    lua_newtable(L);
    lua_Integer n = 0;
    for (const cJSON *item = object->child; item; item = item->next) {
        lua_pushstring(L, item->string);
        lua_rawseti(L, -3, ++n);
        cpg_lua_push_json(L, item);
        lua_setfield(L, -2, item->string);
    }
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next_graph_attr, 3);
    return 1;
}

/* ---- fields and lookups ----------------------------------------------------------------- */

/* Looks KEY up in the "methods" table of the metatable of the value at 1; true if found. */
static bool push_method(lua_State *L, const char *key)
{
    if (luaL_getmetafield(L, 1, "methods") == LUA_TNIL)
        return false;
    if (lua_getfield(L, -1, key) != LUA_TNIL)
        return true;
    lua_pop(L, 2);
    return false;
}

static int graph_index(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "directed") == 0) {
        lua_pushboolean(L, cpg_graph_directed(g));
        return 1;
    }
    if (strcmp(key, "multigraph") == 0) {
        lua_pushboolean(L, cpg_graph_multigraph(g));
        return 1;
    }
    if (strcmp(key, "attrs") == 0) {
        push_graph_attrs(L, 1);
        return 1;
    }
    if (!push_method(L, key))
        lua_pushnil(L);
    return 1;
}

static int graph_newindex(lua_State *L)
{
    return luaL_error(L, "cannot set '%s' of a graph (graph attributes go in graph.attrs)",
                      luaL_checkstring(L, 2));
}

static int graph_tostring(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    lua_pushfstring(L, "graph (%s, %I nodes, %I edges)",
                    cpg_graph_directed(g) ? "directed" : "undirected",
                    (lua_Integer)cpg_graph_node_count(g), (lua_Integer)cpg_graph_edge_count(g));
    return 1;
}

static int graph_node_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)cpg_graph_node_count(cpg_lua_check_graph(L, 1)));
    return 1;
}

/* graph:sources() -> {file, ...}: the files loaded into the graph, in order. */
static int graph_sources(lua_State *L)
{
    const cpg_graph *g = cpg_lua_check_graph(L, 1);
    size_t n = cpg_graph_source_count(g);
    lua_createtable(L, (int)n, 0);
    for (size_t k = 0; k < n; k++) {
        lua_pushstring(L, cpg_graph_source(g, k));
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}

static int graph_edge_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)cpg_graph_edge_count(cpg_lua_check_graph(L, 1)));
    return 1;
}

static int graph_node(lua_State *L)
{
    cpg_lua_check_graph(L, 1);
    luaL_argexpected(L, lua_type(L, 2) == LUA_TSTRING || lua_isinteger(L, 2), 2, "string");
    igraph_integer_t v = cpg_lua_find_vertex(L, 1, 2);
    if (v < 0)
        lua_pushnil(L);
    else
        cpg_lua_push_node(L, 1, v);
    return 1;
}

/* graph:node_at(i), graph:edge_at(i): the element at position I (1-based), or nil. */
static int element_at(lua_State *L, bool edge)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    igraph_integer_t count = edge ? cpg_graph_edge_count(g) : cpg_graph_node_count(g);
    if (i < 1 || i > count)
        lua_pushnil(L);
    else if (edge)
        cpg_lua_push_edge(L, 1, (igraph_integer_t)i - 1);
    else
        cpg_lua_push_node(L, 1, (igraph_integer_t)i - 1);
    return 1;
}

static int graph_node_at(lua_State *L) { return element_at(L, false); }
static int graph_edge_at(lua_State *L) { return element_at(L, true); }

/* ---- adding ----------------------------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The string keys of the table at IDX other than SKIP, sorted (so that new columns are made in
 * the same order run after run), in a userdata pushed on the stack; the table anchors them. */
static const char **sorted_keys(lua_State *L, int idx, const char *const *skip, size_t *count)
{
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
        n++;
    const char **keys = lua_newuserdatauv(L, (n + 1) * sizeof *keys, 0);
    size_t k = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_argerror(L, 2, "attributes must have string names");
        size_t len;
        const char *key = lua_tolstring(L, -2, &len);
        if (strlen(key) != len || !cpg_lua_utf8_valid(key, len))
            luaL_argerror(L, 2, "attribute names must be UTF-8 text without NUL bytes");
        bool skipped = false;
        for (int i = 0; skip[i] && !skipped; i++)
            skipped = strcmp(key, skip[i]) == 0;
        if (!skipped && k < n)
            keys[k++] = key;
    }
    qsort(keys, k, sizeof *keys, by_name);
    *count = k;
    return keys;
}

/* The values of the fields of the table at IDX (less SKIP) as values of G, with their names:
 * every value is checked before the element exists, so that a bad one adds nothing. Both
 * arrays live in userdata pushed on the stack. */
static cpg_value *element_values(lua_State *L, int idx, cpg_graph *g, const char *const *skip,
                                 const char ***names, size_t *count)
{
    *names = sorted_keys(L, idx, skip, count);
    cpg_value *values = lua_newuserdatauv(L, (*count + 1) * sizeof *values, 0);
    for (size_t k = 0; k < *count; k++) {
        lua_getfield(L, idx, (*names)[k]);
        values[k] = cpg_lua_to_value(L, -1, g);
        lua_pop(L, 1);
    }
    return values;
}

/* Stores the values of a new element. */
static void store_values(lua_State *L, cpg_graph *g, cpg_domain d, igraph_integer_t i,
                         const char **names, const cpg_value *values, size_t count)
{
    for (size_t k = 0; k < count; k++)
        check_status(L, cpg_graph_set(g, d, i, names[k], strlen(names[k]), &values[k]),
                     d == CPG_NODES ? "add_node" : "add_edge");
}

static int graph_add_node(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    int t = lua_getfield(L, 2, "id");
    if (t != LUA_TSTRING && !(t == LUA_TNUMBER && lua_isinteger(L, -1)))
        return luaL_argerror(L, 2, "table with an 'id' (string or integer) expected");
    size_t len;
    const char *id = lua_tolstring(L, -1, &len);
    if (!id[0] || strlen(id) != len || !cpg_lua_utf8_valid(id, len))
        return luaL_argerror(L, 2, "node id must be non-empty UTF-8 text without NUL bytes");
    if (cpg_graph_find(g, id) >= 0)
        return luaL_argerror(L, 2, lua_pushfstring(L, "node '%s' already exists", id));
    static const char *const skip[] = {"id", NULL};
    const char **names;
    size_t count;
    const cpg_value *values = element_values(L, 2, g, skip, &names, &count);
    check_status(L, cpg_graph_add_nodes(g, 1, &id), "add_node");
    store_values(L, g, CPG_NODES, cpg_graph_node_count(g) - 1, names, values, count);
    cpg_lua_push_node(L, 1, cpg_graph_node_count(g) - 1);
    return 1;
}

static int graph_add_edge(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_getfield(L, 2, "source");
    lua_getfield(L, 2, "target");
    igraph_integer_t ends[2] = {cpg_lua_value_vertex(L, 1, -2, 2, " as 'source'"),
                                cpg_lua_value_vertex(L, 1, -1, 2, " as 'target'")};
    static const char *const skip[] = {"source", "target", NULL};
    const char **names;
    size_t count;
    const cpg_value *values = element_values(L, 2, g, skip, &names, &count);
    check_status(L, cpg_graph_add_edges(g, 1, ends), "add_edge");
    store_values(L, g, CPG_EDGES, cpg_graph_edge_count(g) - 1, names, values, count);
    cpg_lua_push_edge(L, 1, cpg_graph_edge_count(g) - 1);
    return 1;
}

/* ---- removing --------------------------------------------------------------------------- */

/* A buffer of N flags owned by a userdata on the stack. */
static bool *push_flags(lua_State *L, igraph_integer_t n, bool value)
{
    bool *flags = lua_newuserdatauv(L, (size_t)n + 1, 0);
    memset(flags, value, (size_t)n + 1);
    return flags;
}

/* Flags the vertices named in the list at ARG. */
static bool *flags_from_list(lua_State *L, int graph_idx, int arg)
{
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    bool *flags = push_flags(L, cpg_graph_node_count(g), false);
    lua_Integer n = (lua_Integer)lua_rawlen(L, arg);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, arg, i);
        flags[cpg_lua_value_vertex(L, graph_idx, -1, arg, " in the list")] = true;
        lua_pop(L, 1);
    }
    return flags;
}

/* Flags the edges (handles of the Graph at 1) in the list at ARG. */
static bool *edge_flags_from_list(lua_State *L, int arg)
{
    cpg_lua_graph *lg = cpg_lua_check_graph_object(L, 1);
    igraph_integer_t m = cpg_graph_edge_count(lg->graph);
    bool *flags = push_flags(L, m, false);
    lua_Integer n = (lua_Integer)lua_rawlen(L, arg);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, arg, i);
        cpg_lua_handle h;
        if (!cpg_lua_to_handle(L, -1, &h) || h.kind != CPG_LUA_KIND_EDGE)
            luaL_argerror(L, arg, lua_pushfstring(L, "edge expected in the list, got %s",
                                                   luaL_typename(L, -1)));
        if (h.gid != lg->gid)
            luaL_argerror(L, arg, "edge belongs to another graph");
        flags[cpg_lua_handle_index(L, lg->graph, &h)] = true;
        lua_pop(L, 1);
    }
    return flags;
}

static int graph_remove_nodes(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    bool *remove = flags_from_list(L, 1, 2);
    igraph_integer_t n = cpg_graph_node_count(g);
    for (igraph_integer_t v = 0; v < n; v++)
        remove[v] = !remove[v]; /* now: keep */
    check_status(L, cpg_graph_filter(g, remove, NULL), "remove_nodes");
    lua_pushinteger(L, (lua_Integer)(n - cpg_graph_node_count(g)));
    return 1;
}

static int graph_remove_edges(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    igraph_integer_t m = cpg_graph_edge_count(g);
    bool *keep = edge_flags_from_list(L, 2);
    for (igraph_integer_t e = 0; e < m; e++)
        keep[e] = !keep[e];
    check_status(L, cpg_graph_filter(g, NULL, keep), "remove_edges");
    lua_pushinteger(L, (lua_Integer)(m - cpg_graph_edge_count(g)));
    return 1;
}

/* ---- merging nodes ---------------------------------------------------------------------- */

#define CPG_LUA_DIAGS "cpecgraph.Diags"

static int diags_gc(lua_State *L)
{
    cpg_diags_clear(luaL_checkudata(L, 1, CPG_LUA_DIAGS));
    return 0;
}

/* A diagnostics list owned by a userdata on the stack, so that an error leaks none of it. */
static cpg_diags *push_diags(lua_State *L)
{
    cpg_diags *d = lua_newuserdatauv(L, sizeof *d, 0);
    cpg_diags_init(d, CPG_DIAGS_DEFAULT_CAP);
    if (luaL_newmetatable(L, CPG_LUA_DIAGS)) {
        lua_pushcfunction(L, diags_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    return d;
}

/* The rule of the option on_conflict of the table at OPTS, "first" by default. */
static cpg_on_conflict opt_conflict_rule(lua_State *L, int opts)
{
    const char *name = cpg_lua_opt_string(L, opts, "on_conflict", "first");
    cpg_on_conflict rule;
    if (!cpg_on_conflict_from_name(name, &rule))
        luaL_error(L, "merge_nodes: on_conflict '%s' is none of first, last, list, error", name);
    return rule;
}

/* graph:merge_nodes(list[, {on_conflict = "first"}]) -> node, notes: the nodes of LIST (ids
 * or nodes) merged into the first, as NetworkX's contracted_nodes with provenance: the others'
 * labels and aliases become its aliases, their sources and edges its own; their other values
 * join by the rule. NOTES lists what the merge settled. */
static int graph_merge_nodes(lua_State *L)
{
    static const char *const allowed[] = {"on_conflict", NULL};
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    lua_settop(L, 3);
    cpg_lua_check_options(L, 3, allowed);
    cpg_on_conflict rule = opt_conflict_rule(L, 3);
    lua_Integer count = (lua_Integer)lua_rawlen(L, 2);
    luaL_argcheck(L, count >= 1, 2, "a list of one node or more");
    igraph_integer_t n = cpg_graph_node_count(g);
    igraph_integer_t *into = lua_newuserdatauv(L, ((size_t)n + 1) * sizeof *into, 0);
    for (igraph_integer_t v = 0; v < n; v++)
        into[v] = v;
    igraph_integer_t kept = -1;
    for (lua_Integer i = 1; i <= count; i++) {
        lua_rawgeti(L, 2, i);
        igraph_integer_t v = cpg_lua_value_vertex(L, 1, -1, 2, " in the list");
        lua_pop(L, 1);
        if (i > 1 && (v == kept || into[v] != v))
            luaL_argerror(L, 2, lua_pushfstring(L, "'%s' is in the list twice",
                                                cpg_graph_node_id(g, v)));
        if (i == 1)
            kept = v;
        else
            into[v] = kept;
    }
    uint64_t uid = cpg_graph_node_uid(g, kept);
    cpg_diags *notes = push_diags(L);
    cpg_status status = cpg_merge_nodes(g, into, rule, "merge_nodes", notes);
    if (status == CPG_EVALUE)
        return luaL_error(L, "merge_nodes: %s", notes->items[notes->count - 1].message);
    check_status(L, status, "merge_nodes");
    cpg_lua_push_node(L, 1, cpg_graph_node_by_uid(g, uid));
    lua_createtable(L, (int)notes->count, 0);
    for (size_t k = 0; k < notes->count; k++) {
        lua_pushstring(L, notes->items[k].message);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 2;
}

/* ---- subgraphs -------------------------------------------------------------------------- */

/* Pushes a new Graph: the nodes flagged in KEEP_NODES and, of the edges among them, those
 * flagged in KEEP_EDGES (NULL: all). */
static int push_induced(lua_State *L, int graph_idx, const bool *keep_nodes,
                        const bool *keep_edges)
{
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    cpg_graph **slot = cpg_lua_new_graph(L);
    cpg_status status;
    *slot = cpg_graph_induced(g, keep_nodes, keep_edges, &status);
    check_status(L, status, "subgraph");
    return 1;
}

/* Whether the argument at ARG is a list (or an empty table, taken as an empty list). */
static bool is_list(lua_State *L, int arg)
{
    if (lua_type(L, arg) != LUA_TTABLE)
        return false;
    if (lua_rawlen(L, arg) > 0)
        return true;
    lua_pushnil(L);
    bool empty = !lua_next(L, arg);
    if (!empty)
        lua_pop(L, 2);
    return empty;
}

static int graph_subgraph(lua_State *L)
{
    cpg_lua_check_graph(L, 1);
    bool list = is_list(L, 2);
    lua_settop(L, 2);
    luaL_argexpected(L, lua_istable(L, 2) || lua_isfunction(L, 2), 2, "list, table or function");
    const bool *keep = list ? flags_from_list(L, 1, 2) : cpg_lua_flags_from_filter(L, 1, 2, false);
    return push_induced(L, 1, keep, NULL);
}

/* graph:subgraph_edges(list | filter[, {all_nodes = false}]): the edges given, with the nodes
 * they join (every node with all_nodes). */
static int graph_subgraph_edges(lua_State *L)
{
    static const char *const allowed[] = {"all_nodes", NULL};
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    bool list = is_list(L, 2);
    lua_settop(L, 3);
    luaL_argexpected(L, lua_istable(L, 2) || lua_isfunction(L, 2), 2, "list, table or function");
    cpg_lua_check_options(L, 3, allowed);
    bool all_nodes = cpg_lua_opt_bool(L, 3, "all_nodes", false);
    const bool *edges = list ? edge_flags_from_list(L, 2) : cpg_lua_flags_from_filter(L, 1, 2, true);
    bool *nodes = push_flags(L, cpg_graph_node_count(g), all_nodes);
    for (igraph_integer_t e = 0; e < cpg_graph_edge_count(g); e++)
        if (edges[e])
            nodes[cpg_graph_edge_from(g, e)] = nodes[cpg_graph_edge_to(g, e)] = true;
    return push_induced(L, 1, nodes, edges);
}

/* An end of graph:window's span: the start of SINCE's interval or the end of UNTIL's; nil
 * is open. */
static double window_end(lua_State *L, int arg, bool until)
{
    if (lua_isnoneornil(L, arg))
        return until ? INFINITY : -INFINITY;
    char year[8];
    const char *text = year;
    size_t len = 4;
    if (lua_isinteger(L, arg) && lua_tointeger(L, arg) >= 1 && lua_tointeger(L, arg) <= 9999)
        snprintf(year, sizeof year, "%04d", (int)lua_tointeger(L, arg));  /* 2015: a year */
    else
        text = luaL_checklstring(L, arg, &len);
    cpg_interval iv;
    const char *why;
    if (!cpg_time_parse(text, len, &iv, &why))
        luaL_argerror(L, arg, lua_pushfstring(L, "'%s': %s", text, why));
    if (!until)
        return iv.start;
    return iv.end > iv.start ? iv.end : nextafter(iv.end, INFINITY);  /* an instant: held */
}

/* graph:window(since, until[, {undated = "keep", drop_isolated = false}]) -> a new graph: the
 * edges whose time meets the span (nil: open), the undated ones too unless undated = "drop",
 * and every node, or with drop_isolated those a kept edge touches (what --since and --until
 * keep). */
static int graph_window(lua_State *L)
{
    static const char *const allowed[] = {"undated", "drop_isolated", NULL};
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    cpg_window w = {{window_end(L, 2, false), window_end(L, 3, true)}, true, false};
    lua_settop(L, 4);  /* the options' slot, before anything is pushed */
    cpg_lua_check_options(L, 4, allowed);
    const char *undated = cpg_lua_opt_string(L, 4, "undated", "keep");
    luaL_argcheck(L, strcmp(undated, "keep") == 0 || strcmp(undated, "drop") == 0, 4,
                  "undated must be \"keep\" or \"drop\"");
    w.keep_undated = undated[0] == 'k';
    w.drop_isolated = cpg_lua_opt_bool(L, 4, "drop_isolated", false);
    luaL_argcheck(L, w.span.start < w.span.end, 3,
                  "the window is empty: since is not before until");
    bool *nodes = push_flags(L, cpg_graph_node_count(g), false);
    bool *edges = push_flags(L, cpg_graph_edge_count(g), false);
    cpg_window_count count;
    if (cpg_graph_window(g, &w, nodes, edges, &count) != CPG_OK)
        return luaL_error(L, "window: edge '%s' -> '%s': its '%s' is no date: %s",
                          cpg_graph_node_id(g, cpg_graph_edge_from(g, count.bad_edge)),
                          cpg_graph_node_id(g, cpg_graph_edge_to(g, count.bad_edge)),
                          count.bad.attribute, count.bad.why);
    return push_induced(L, 1, nodes, edges);
}

static int graph_copy(lua_State *L)
{
    cpg_lua_check_graph(L, 1);
    return push_induced(L, 1, NULL, NULL);
}

static int graph_ego(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    igraph_integer_t center = cpg_lua_check_vertex(L, 1, 2);
    lua_Integer radius = luaL_optinteger(L, 3, 1);
    luaL_argcheck(L, radius >= 0, 3, "radius must be 0 or more");
    igraph_neimode_t mode = cpg_lua_to_mode(L, 4, IGRAPH_ALL);
    igraph_vector_int_list_t *found = cpg_lua_new_int_vector_list(L);
    cpg_lua_check_igraph(L, igraph_neighborhood(cpg_graph_igraph(g), found, igraph_vss_1(center),
                                                (igraph_integer_t)radius, mode, 0), "ego");
    bool *keep = push_flags(L, cpg_graph_node_count(g), false);
    const igraph_vector_int_t *members = igraph_vector_int_list_get_ptr(found, 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(members); i++)
        keep[VECTOR(*members)[i]] = true;
    return push_induced(L, 1, keep, NULL);
}

/* ---- bulk views: whole columns, ends, adjacency ----------------------------------------- */

static const char *const domain_names[] = {"nodes", "edges", NULL};

/* The domain of the attribute NAME when the caller did not say (argument ARG is nil): the one
 * whose column has values; an error when both or neither have. */
static cpg_domain domain_of_name(lua_State *L, const cpg_graph *g, const char *name, int arg)
{
    if (!lua_isnoneornil(L, arg))
        return (cpg_domain)luaL_checkoption(L, arg, NULL, domain_names);
    const cpg_column *n = cpg_graph_column(g, CPG_NODES, name);
    const cpg_column *e = cpg_graph_column(g, CPG_EDGES, name);
    bool on_nodes = n && cpg_column_count(n), on_edges = e && cpg_column_count(e);
    if (on_nodes != on_edges)
        return on_nodes ? CPG_NODES : CPG_EDGES;
    luaL_argerror(L, arg, lua_pushfstring(L, on_nodes ? "both nodes and edges have '%s': say "
                                          "which (\"nodes\" or \"edges\")"
                                                      : "neither nodes nor edges have '%s'",
                                          name));
    return CPG_NODES;
}

/* graph:column(name[, "nodes" | "edges"][, default]) -> values, n: the attribute of every
 * element in graph order (DEFAULT, or nil, where an element has none), and the count. */
static int graph_column(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    const char *name = luaL_checkstring(L, 2);
    cpg_domain d = domain_of_name(L, g, name, 3);
    lua_settop(L, 4);
    igraph_integer_t n = d == CPG_NODES ? cpg_graph_node_count(g) : cpg_graph_edge_count(g);
    const cpg_column *c = cpg_graph_column(g, d, name);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t i = 0; i < n; i++) {
        cpg_value v = c ? cpg_column_get(c, (size_t)i) : (cpg_value){.type = CPG_VNONE};
        if (v.type == CPG_VNONE && lua_isnil(L, 4))
            continue;
        if (v.type == CPG_VNONE)
            lua_pushvalue(L, 4);
        else
            cpg_lua_push_value(L, 1, g, &v);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushinteger(L, (lua_Integer)n);
    return 2;
}

/* graph:set_column(name, "nodes" | "edges", values): stores values[i] as attribute NAME of the
 * i-th element (nil removes it). Every value is checked first: a bad one changes nothing. */
static int graph_set_column(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    if (strlen(name) != len || !cpg_lua_utf8_valid(name, len))
        luaL_argerror(L, 2, "attribute names must be UTF-8 text without NUL bytes");
    cpg_domain d = (cpg_domain)luaL_checkoption(L, 3, NULL, domain_names);
    luaL_checktype(L, 4, LUA_TTABLE);
    igraph_integer_t n = d == CPG_NODES ? cpg_graph_node_count(g) : cpg_graph_edge_count(g);
    cpg_value *values = lua_newuserdatauv(L, ((size_t)n + 1) * sizeof *values, 0);
    for (igraph_integer_t i = 0; i < n; i++) {
        lua_rawgeti(L, 4, (lua_Integer)i + 1);
        values[i] = cpg_lua_to_value(L, -1, g);
        lua_pop(L, 1);
    }
    for (igraph_integer_t i = 0; i < n; i++)
        check_status(L, cpg_graph_set(g, d, i, name, len, &values[i]), "set_column");
    return 0;
}

/* graph:columns(["nodes" | "edges"]) -> {{name =, type =, count =}, ...}: the attributes of
 * the nodes (or edges) in column order, each with the type of its values ("boolean",
 * "integer", "float", "string", "json" or "mixed") and how many elements have it. */
static int graph_columns(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    cpg_domain d = (cpg_domain)luaL_checkoption(L, 2, "nodes", domain_names);
    lua_newtable(L);
    lua_Integer k = 0;
    for (size_t i = 0; i < cpg_graph_column_count(g, d); i++) {
        const cpg_column *c = cpg_graph_column_at(g, d, i);
        if (!cpg_column_count(c))
            continue;
        lua_createtable(L, 0, 3);
        lua_pushstring(L, cpg_column_name(c));
        lua_setfield(L, -2, "name");
        lua_pushstring(L, cpg_ctype_name(cpg_column_type(c)));
        lua_setfield(L, -2, "type");
        lua_pushinteger(L, (lua_Integer)cpg_column_count(c));
        lua_setfield(L, -2, "count");
        lua_rawseti(L, -2, ++k);
    }
    return 1;
}

/* graph:ids() -> the node ids in graph order. */
static int graph_ids(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    igraph_integer_t n = cpg_graph_node_count(g);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t v = 0; v < n; v++) {
        lua_pushstring(L, cpg_graph_node_id(g, v));
        lua_rawseti(L, -2, (lua_Integer)v + 1);
    }
    return 1;
}

/* graph:ends() -> sources, targets: for each edge in graph order, the positions (1-based) of
 * its ends, as the file wrote them. */
static int graph_ends(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    igraph_integer_t m = cpg_graph_edge_count(g);
    lua_createtable(L, (int)m, 0);
    lua_createtable(L, (int)m, 0);
    for (igraph_integer_t e = 0; e < m; e++) {
        lua_pushinteger(L, (lua_Integer)cpg_graph_edge_from(g, e) + 1);
        lua_rawseti(L, -3, (lua_Integer)e + 1);
        lua_pushinteger(L, (lua_Integer)cpg_graph_edge_to(g, e) + 1);
        lua_rawseti(L, -2, (lua_Integer)e + 1);
    }
    return 2;
}

/* graph:adjacency([mode]) -> for each node, the positions (1-based) of its neighbours in MODE
 * ("all" by default), one entry per edge, as n:neighbors() lists them. */
static int graph_adjacency(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    igraph_integer_t n = cpg_graph_node_count(g);
    igraph_vector_int_t *neighbours = cpg_lua_shared_int_vector(L);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t v = 0; v < n; v++) {
        cpg_lua_check_igraph(L, igraph_neighbors(cpg_graph_igraph(g), neighbours, v, mode),
                             "adjacency");
        igraph_integer_t k = igraph_vector_int_size(neighbours);
        lua_createtable(L, (int)k, 0);
        for (igraph_integer_t i = 0; i < k; i++) {
            lua_pushinteger(L, (lua_Integer)VECTOR(*neighbours)[i] + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        lua_rawseti(L, -2, (lua_Integer)v + 1);
    }
    return 1;
}

/* ---- views for the measures ------------------------------------------------------------- */

igraph_vector_t *cpg_lua_opt_edge_numbers(lua_State *L, int graph_idx, int opts, const char *key,
                                          bool nonnegative)
{
    const char *name = cpg_lua_opt_string(L, opts, key, NULL);
    if (!name)
        return NULL;
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    igraph_vector_t *numbers = cpg_lua_new_vector(L);
    igraph_integer_t bad = -1;
    cpg_status status = cpg_graph_edge_numbers(g, name, numbers, &bad);
    if (status == CPG_EVALUE)
        luaL_argerror(L, opts, lua_pushfstring(L, "edge '%s' -> '%s' has no numeric '%s' for "
                      "%s", cpg_graph_node_id(g, cpg_graph_edge_from(g, bad)),
                      cpg_graph_node_id(g, cpg_graph_edge_to(g, bad)), name, key));
    else if (status != CPG_OK)
        luaL_error(L, "%s", cpg_status_message(status));
    for (igraph_integer_t e = 0; e < igraph_vector_size(numbers); e++) {
        double w = VECTOR(*numbers)[e];
        if (!isfinite(w) || (nonnegative && w < 0))
            luaL_argerror(L, opts, lua_pushfstring(L, "edge '%s' -> '%s' has '%s' %f; %s "
                          "must be %s", cpg_graph_node_id(g, cpg_graph_edge_from(g, e)),
                          cpg_graph_node_id(g, cpg_graph_edge_to(g, e)), name, w, key,
                          nonnegative ? "0 or more" : "finite"));
    }
    return numbers;
}

igraph_vector_t *cpg_lua_opt_weights(lua_State *L, int graph_idx, int opts, bool nonnegative)
{
    return cpg_lua_opt_edge_numbers(L, graph_idx, opts, "weights", nonnegative);
}

/* Whole numbers (counts: degree, raw betweenness on unweighted graphs) become Lua integers, so
 * that they print as 20, not 20.0. */
void cpg_lua_push_vertex_values(lua_State *L, const cpg_graph *g, const igraph_vector_t *values)
{
    igraph_integer_t n = igraph_vector_size(values);
    lua_createtable(L, 0, (int)n);
    for (igraph_integer_t v = 0; v < n; v++) {
        double x = VECTOR(*values)[v];
        if (x == floor(x) && fabs(x) < 9007199254740992.0)
            lua_pushinteger(L, (lua_Integer)x);
        else
            lua_pushnumber(L, x);
        lua_setfield(L, -2, cpg_graph_node_id(g, v));
    }
}

const igraph_t *cpg_lua_graph_and_options(lua_State *L, cpg_graph **g,
                                          const char *const *allowed)
{
    *g = cpg_lua_check_graph(L, 1);
    lua_settop(L, 2);  /* so that scratch vectors pushed later never take the options' slot */
    cpg_lua_check_options(L, 2, allowed);
    return cpg_graph_igraph(*g);
}

igraph_integer_t cpg_lua_pair_and_options(lua_State *L, cpg_graph **g, igraph_integer_t *b,
                                          const char *const *allowed)
{
    *g = cpg_lua_check_graph(L, 1);
    igraph_integer_t a = cpg_lua_check_vertex(L, 1, 2);
    *b = cpg_lua_check_vertex(L, 1, 3);
    lua_settop(L, 4);  /* so that scratch vectors pushed later never take the options' slot */
    cpg_lua_check_options(L, 4, allowed);
    return a;
}

void cpg_lua_push_ids(lua_State *L, const cpg_graph *g, const igraph_vector_int_t *nodes)
{
    lua_createtable(L, (int)igraph_vector_int_size(nodes), 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(nodes); i++) {
        lua_pushstring(L, cpg_graph_node_id(g, VECTOR(*nodes)[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

void cpg_lua_push_edges(lua_State *L, int graph_idx, const igraph_vector_int_t *edges)
{
    graph_idx = lua_absindex(L, graph_idx);
    lua_createtable(L, (int)igraph_vector_int_size(edges), 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(edges); i++) {
        cpg_lua_push_edge(L, graph_idx, VECTOR(*edges)[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* ---- registration ----------------------------------------------------------------------- */

static const luaL_Reg graph_methods[] = {
    {"node_count", graph_node_count}, {"edge_count", graph_edge_count},
    {"node", graph_node},             {"nodes", cpg_lua_graph_nodes},
    {"edges", cpg_lua_graph_edges},   {"add_node", graph_add_node},
    {"add_edge", graph_add_edge},     {"remove_nodes", graph_remove_nodes},
    {"remove_edges", graph_remove_edges}, {"subgraph", graph_subgraph},
    {"subgraph_edges", graph_subgraph_edges}, {"ego", graph_ego},
    {"window", graph_window},         {"sources", graph_sources},
    {"merge_nodes", graph_merge_nodes},
    {"copy", graph_copy},             {"node_at", graph_node_at},
    {"edge_at", graph_edge_at},       {"column", graph_column},
    {"set_column", graph_set_column}, {"columns", graph_columns},
    {"ids", graph_ids},               {"ends", graph_ends},
    {"adjacency", graph_adjacency},
    {NULL, NULL},
};

void cpg_lua_open_graph(lua_State *L)
{
    cpg_lua_open_handles(L);
    cpg_lua_new_class(L, CPG_LUA_GRAPH, (luaL_Reg[]){{"__index", graph_index},
        {"__newindex", graph_newindex}, {"__tostring", graph_tostring}, {"__gc", graph_gc},
        {NULL, NULL}}, graph_methods);
    cpg_lua_note_methods(graph_methods);
    cpg_lua_new_class(L, CPG_LUA_ATTRS, (luaL_Reg[]){{"__index", graph_attrs_index},
        {"__newindex", graph_attrs_newindex}, {"__pairs", graph_attrs_pairs}, {NULL, NULL}},
        NULL);
    lua_pop(L, 2);
}
