/* lua_graph.c: the Graph, Node, Edge and Attrs objects that plugins see, and the structural
 * methods (lookup, iteration, adding, removing, subgraphs). Measures live in lua_algo.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "lua_graph.h"
#include "lua_util.h"
#include "suggest.h"

/* A Graph userdata: the graph plus, as user values, the weak caches of its handles. */
enum { UV_NODE_CACHE = 1, UV_EDGE_CACHE = 2 };

/* Node and Edge handles hold the uid of their element; user value 1 is their Graph. */
typedef struct handle {
    uint64_t uid;
} handle;

/* An Attrs proxy: the attribute object of the graph, of a node or of an edge. */
typedef enum attrs_kind { ATTRS_GRAPH, ATTRS_NODE, ATTRS_EDGE } attrs_kind;
typedef struct attrs_ref {
    attrs_kind kind;
    uint64_t uid;
} attrs_ref;

#define check_node_handle(L, i) ((handle *)luaL_checkudata(L, i, CPG_LUA_NODE))
#define check_edge_handle(L, i) ((handle *)luaL_checkudata(L, i, CPG_LUA_EDGE))

/* ---- graphs ----------------------------------------------------------------------------- */

static int graph_gc(lua_State *L)
{
    cpg_graph **slot = luaL_checkudata(L, 1, CPG_LUA_GRAPH);
    cpg_graph_free(*slot);
    *slot = NULL; /* __gc may run twice (resurrection): the second run must do nothing */
    return 0;
}

cpg_graph **cpg_lua_new_graph(lua_State *L)
{
    cpg_graph **slot = lua_newuserdatauv(L, sizeof *slot, 2);
    *slot = NULL;
    luaL_setmetatable(L, CPG_LUA_GRAPH);
    return slot;
}

cpg_graph *cpg_lua_check_graph(lua_State *L, int idx)
{
    cpg_graph **slot = luaL_checkudata(L, idx, CPG_LUA_GRAPH);
    if (!*slot)
        luaL_argerror(L, idx, "graph has been freed");
    return *slot;
}

/* The Graph that owns the handle or proxy at IDX, pushed; returns its graph. */
static cpg_graph *push_owner(lua_State *L, int idx)
{
    lua_getiuservalue(L, idx, 1);
    return cpg_lua_check_graph(L, -1);
}

/* ---- handles ---------------------------------------------------------------------------- */

static void push_handle(lua_State *L, int graph_idx, uint64_t uid, int cache_uv, const char *mt)
{
    graph_idx = lua_absindex(L, graph_idx);
    if (lua_getiuservalue(L, graph_idx, cache_uv) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_createtable(L, 0, 1);
        lua_pushliteral(L, "v");
        lua_setfield(L, -2, "__mode");
        lua_setmetatable(L, -2);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, graph_idx, cache_uv);
    }
    if (lua_rawgeti(L, -1, (lua_Integer)uid) == LUA_TUSERDATA) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    handle *h = lua_newuserdatauv(L, sizeof *h, 1);
    h->uid = uid;
    luaL_setmetatable(L, mt);
    lua_pushvalue(L, graph_idx);
    lua_setiuservalue(L, -2, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, (lua_Integer)uid);
    lua_remove(L, -2);
}

void cpg_lua_push_node(lua_State *L, int graph_idx, igraph_integer_t v)
{
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    push_handle(L, graph_idx, cpg_graph_node_uid(g, v), UV_NODE_CACHE, CPG_LUA_NODE);
}

void cpg_lua_push_edge(lua_State *L, int graph_idx, igraph_integer_t e)
{
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    push_handle(L, graph_idx, cpg_graph_edge_uid(g, e), UV_EDGE_CACHE, CPG_LUA_EDGE);
}

/* The vertex of the Node at IDX; its Graph is pushed. Raises when the node was removed. */
static igraph_integer_t node_vertex(lua_State *L, int idx, cpg_graph **g)
{
    handle *h = check_node_handle(L, idx);
    *g = push_owner(L, idx);
    igraph_integer_t v = cpg_graph_node_by_uid(*g, h->uid);
    if (v < 0)
        luaL_error(L, "this node has been removed from its graph");
    return v;
}

static igraph_integer_t edge_index(lua_State *L, int idx, cpg_graph **g)
{
    handle *h = check_edge_handle(L, idx);
    *g = push_owner(L, idx);
    igraph_integer_t e = cpg_graph_edge_by_uid(*g, h->uid);
    if (e < 0)
        luaL_error(L, "this edge has been removed from its graph");
    return e;
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
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    if (lua_type(L, idx) != LUA_TUSERDATA)
        return cpg_graph_find(g, id_arg(L, idx));
    idx = lua_absindex(L, idx);
    cpg_graph *owner;
    igraph_integer_t v = node_vertex(L, idx, &owner);
    bool same = lua_rawequal(L, -1, graph_idx);
    lua_pop(L, 1);
    return same ? v : -2;
}

igraph_integer_t cpg_lua_find_vertex(lua_State *L, int graph_idx, int arg)
{
    igraph_integer_t v = find_vertex(L, graph_idx, arg);
    if (v == -2)
        luaL_argerror(L, arg, "node belongs to another graph");
    return v;
}

/* ---- attributes ------------------------------------------------------------------------- */

/* The attribute object behind an Attrs proxy at IDX (its Graph pushed). */
/* The attributes of node or edge I, raising when out of memory: a loaded file's attributes
 * are parsed when first used. Callers hold no C resource here. */
static cJSON *element_attrs(lua_State *L, const cpg_graph *g, igraph_integer_t i, bool edge)
{
    cJSON *attrs = edge ? cpg_graph_edge_attrs(g, i) : cpg_graph_node_attrs(g, i);
    if (!attrs)
        luaL_error(L, "out of memory");
    return attrs;
}

static cJSON *attrs_object(lua_State *L, int idx)
{
    attrs_ref *ref = luaL_checkudata(L, idx, CPG_LUA_ATTRS);
    cpg_graph *g = push_owner(L, idx);
    igraph_integer_t i = ref->kind == ATTRS_NODE   ? cpg_graph_node_by_uid(g, ref->uid)
                         : ref->kind == ATTRS_EDGE ? cpg_graph_edge_by_uid(g, ref->uid)
                                                   : 0;
    if (i < 0)
        luaL_error(L, "this %s has been removed from its graph",
                   ref->kind == ATTRS_NODE ? "node" : "edge");
    return ref->kind == ATTRS_GRAPH ? cpg_graph_attrs(g)
                                    : element_attrs(L, g, i, ref->kind == ATTRS_EDGE);
}

static void push_attrs_proxy(lua_State *L, int owner_graph_idx, attrs_kind kind, uint64_t uid)
{
    owner_graph_idx = lua_absindex(L, owner_graph_idx);
    attrs_ref *ref = lua_newuserdatauv(L, sizeof *ref, 1);
    *ref = (attrs_ref){kind, uid};
    luaL_setmetatable(L, CPG_LUA_ATTRS);
    lua_pushvalue(L, owner_graph_idx);
    lua_setiuservalue(L, -2, 1);
}

static int push_attr(lua_State *L, const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item)
        lua_pushnil(L);
    else
        cpg_lua_push_json(L, item);
    return 1;
}

/* Sets (or with nil removes) KEY of OBJECT to the Lua value at VALUE_IDX. */
static void set_attr(lua_State *L, cJSON *object, const char *key, int value_idx)
{
    if (lua_isnil(L, value_idx)) {
        cJSON_DeleteItemFromObjectCaseSensitive(object, key);
        return;
    }
    cJSON *value = cpg_lua_to_json(L, value_idx); /* ours from here: no raising until linked */
    bool ok = cJSON_GetObjectItemCaseSensitive(object, key)
                  ? cJSON_ReplaceItemInObjectCaseSensitive(object, key, value)
                  : cJSON_AddItemToObject(object, key, value);
    if (!ok) {
        cJSON_Delete(value);
        luaL_error(L, "out of memory");
    }
}

static int push_attr_table(lua_State *L, const cJSON *object)
{
    lua_newtable(L);
    for (const cJSON *item = object->child; item; item = item->next) {
        cpg_lua_push_json(L, item);
        lua_setfield(L, -2, item->string);
    }
    return 1;
}

/* Iterator of pairs(): upvalues 1 the names in attribute order, 2 the values, 3 position. */
static int next_in_order(lua_State *L)
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

/* __pairs: the attributes of OBJECT in their file order, from a snapshot (edits during the
 * loop are safe, and the order is the same run after run). */
static int pairs_in_order(lua_State *L, const cJSON *object)
{
    lua_newtable(L);
    lua_Integer n = 0;
    for (const cJSON *item = object->child; item; item = item->next) {
        lua_pushstring(L, item->string);
        lua_rawseti(L, -2, ++n);
    }
    push_attr_table(L, object);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, next_in_order, 3);
    return 1;
}

static int attrs_index(lua_State *L)
{
    const cJSON *object = attrs_object(L, 1);
    return push_attr(L, object, luaL_checkstring(L, 2));
}

static int attrs_newindex(lua_State *L)
{
    cJSON *object = attrs_object(L, 1);
    set_attr(L, object, luaL_checkstring(L, 2), 3);
    return 0;
}

static int attrs_pairs(lua_State *L)
{
    return pairs_in_order(L, attrs_object(L, 1));
}

/* ---- nodes ------------------------------------------------------------------------------ */

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

static int node_index(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    int graph_idx = lua_gettop(L);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "id") == 0) {
        lua_pushstring(L, cpg_graph_node_id(g, v));
        return 1;
    }
    if (strcmp(key, "attrs") == 0) {
        push_attrs_proxy(L, graph_idx, ATTRS_NODE, check_node_handle(L, 1)->uid);
        return 1;
    }
    if (strcmp(key, "graph") == 0)
        return 1; /* the owner, pushed by node_vertex */
    if (push_method(L, key))
        return 1;
    return push_attr(L, element_attrs(L, g, v, false), key);
}

static int node_newindex(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "id") == 0 || strcmp(key, "attrs") == 0 || strcmp(key, "graph") == 0)
        return luaL_error(L, "cannot set '%s' of a node", key);
    set_attr(L, element_attrs(L, g, v, false), key, 3);
    return 0;
}

static int node_tostring(lua_State *L)
{
    handle *h = check_node_handle(L, 1);
    cpg_graph *g = push_owner(L, 1);
    igraph_integer_t v = cpg_graph_node_by_uid(g, h->uid);
    if (v < 0)
        lua_pushliteral(L, "node (removed)");
    else
        lua_pushfstring(L, "node '%s'", cpg_graph_node_id(g, v));
    return 1;
}

static int node_pairs(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    return pairs_in_order(L, element_attrs(L, g, v, false));
}

static int node_degree(lua_State *L)
{
    lua_settop(L, 2); /* the owner Graph that node_vertex pushes goes above the arguments */
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    igraph_vector_int_t *degree = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_degree(cpg_graph_igraph(g), degree, igraph_vss_1(v), mode, true),
                         "degree");
    lua_pushinteger(L, (lua_Integer)VECTOR(*degree)[0]);
    return 1;
}

/* Pushes a list of the handles of the vertices (or edges) in IDS. */
static void push_handle_list(lua_State *L, int graph_idx, const igraph_vector_int_t *ids,
                             bool edges)
{
    igraph_integer_t n = igraph_vector_int_size(ids);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t i = 0; i < n; i++) {
        if (edges)
            cpg_lua_push_edge(L, graph_idx, VECTOR(*ids)[i]);
        else
            cpg_lua_push_node(L, graph_idx, VECTOR(*ids)[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

static int node_neighbors(lua_State *L)
{
    lua_settop(L, 2); /* the owner Graph that node_vertex pushes goes above the arguments */
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    int graph_idx = lua_gettop(L);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    igraph_vector_int_t *ids = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_neighbors(cpg_graph_igraph(g), ids, v, mode), "neighbors");
    push_handle_list(L, graph_idx, ids, false);
    return 1;
}

static int node_edges(lua_State *L)
{
    lua_settop(L, 2); /* the owner Graph that node_vertex pushes goes above the arguments */
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    int graph_idx = lua_gettop(L);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    igraph_vector_int_t *ids = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_incident(cpg_graph_igraph(g), ids, v, mode), "edges");
    push_handle_list(L, graph_idx, ids, true);
    return 1;
}

static int node_attributes(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t v = node_vertex(L, 1, &g);
    return push_attr_table(L, element_attrs(L, g, v, false));
}

/* ---- edges ------------------------------------------------------------------------------ */

static int edge_index_mm(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t e = edge_index(L, 1, &g);
    int graph_idx = lua_gettop(L);
    const char *key = luaL_checkstring(L, 2);
    if (strcmp(key, "source") == 0 || strcmp(key, "target") == 0) {
        cpg_lua_push_node(L, graph_idx, key[0] == 's' ? cpg_graph_edge_from(g, e)
                                                      : cpg_graph_edge_to(g, e));
        return 1;
    }
    if (strcmp(key, "id") == 0) {
        lua_pushinteger(L, (lua_Integer)check_edge_handle(L, 1)->uid);
        return 1;
    }
    if (strcmp(key, "attrs") == 0) {
        push_attrs_proxy(L, graph_idx, ATTRS_EDGE, check_edge_handle(L, 1)->uid);
        return 1;
    }
    if (strcmp(key, "graph") == 0)
        return 1;
    if (push_method(L, key))
        return 1;
    return push_attr(L, element_attrs(L, g, e, true), key);
}

static int edge_newindex(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t e = edge_index(L, 1, &g);
    const char *key = luaL_checkstring(L, 2);
    static const char *const fixed[] = {"source", "target", "id", "attrs", "graph", NULL};
    for (int i = 0; fixed[i]; i++)
        if (strcmp(key, fixed[i]) == 0)
            return luaL_error(L, "cannot set '%s' of an edge", key);
    set_attr(L, element_attrs(L, g, e, true), key, 3);
    return 0;
}

static int edge_tostring(lua_State *L)
{
    handle *h = check_edge_handle(L, 1);
    cpg_graph *g = push_owner(L, 1);
    igraph_integer_t e = cpg_graph_edge_by_uid(g, h->uid);
    if (e < 0)
        lua_pushliteral(L, "edge (removed)");
    else
        lua_pushfstring(L, "edge '%s' %s '%s'", cpg_graph_node_id(g, cpg_graph_edge_from(g, e)),
                        cpg_graph_directed(g) ? "->" : "--",
                        cpg_graph_node_id(g, cpg_graph_edge_to(g, e)));
    return 1;
}

static int edge_pairs(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t e = edge_index(L, 1, &g);
    return pairs_in_order(L, element_attrs(L, g, e, true));
}

static int edge_attributes(lua_State *L)
{
    cpg_graph *g;
    igraph_integer_t e = edge_index(L, 1, &g);
    return push_attr_table(L, element_attrs(L, g, e, true));
}

/* ---- graph fields and lookups ----------------------------------------------------------- */

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
        push_attrs_proxy(L, 1, ATTRS_GRAPH, 0);
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

/* ---- iteration with filters ------------------------------------------------------------- */

/* A filter table, compiled to JSON once and owned by a userdata pushed on the stack. */
/* A copy of the filter table at ARG in which Node handles are replaced by their ids, so that
 * graph:edges{source = some_node} works as graph:edges{source = "id"} does. */
static int push_filter_values(lua_State *L, int arg)
{
    lua_newtable(L);
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) {
        lua_pushvalue(L, -2);
        if (luaL_testudata(L, -2, CPG_LUA_NODE)) {
            cpg_graph *g;
            igraph_integer_t v = node_vertex(L, lua_gettop(L) - 1, &g);
            lua_pop(L, 1);
            lua_pushstring(L, cpg_graph_node_id(g, v));
        } else {
            lua_pushvalue(L, -2);
        }
        lua_rawset(L, -5);
    }
    return lua_gettop(L);
}

static void push_filter(lua_State *L, int arg)
{
    cpg_lua_owned *match = cpg_lua_new_owned(L, cpg_lua_free_json);
    if (lua_type(L, arg) == LUA_TTABLE) {
        int values = push_filter_values(L, arg);
        cpg_lua_owned_set(match, cpg_lua_to_json(L, values));
        lua_pop(L, 1);
    }
    else if (!lua_isnoneornil(L, arg) && !lua_isfunction(L, arg))
        luaL_typeerror(L, arg, "table or function");
    if (cpg_lua_owned_get(match) && !cJSON_IsObject(cpg_lua_owned_get(match)))
        luaL_argerror(L, arg, "a filter table maps attribute names to values");
}

/* True when every member of MATCH equals the attribute of the same name; "id", "source" and
 * "target" compare with the element's id or ends. */
static bool matches(lua_State *L, const cpg_graph *g, const cJSON *match, igraph_integer_t i,
                    bool edge)
{
    const cJSON *attrs = element_attrs(L, g, i, edge);
    for (const cJSON *want = match->child; want; want = want->next) {
        const char *end_id = NULL;
        if (!edge && strcmp(want->string, "id") == 0)
            end_id = cpg_graph_node_id(g, i);
        else if (edge && strcmp(want->string, "source") == 0)
            end_id = cpg_graph_node_id(g, cpg_graph_edge_from(g, i));
        else if (edge && strcmp(want->string, "target") == 0)
            end_id = cpg_graph_node_id(g, cpg_graph_edge_to(g, i));
        if (end_id) {
            const char *text = cJSON_IsString(want) ? want->valuestring
                               : cJSON_IsNumber(want) && cpg_json_is_integer(want)
                                   ? cpg_json_number_text(want) /* integer ids: decimal text */
                                   : NULL;
            if (!text || strcmp(text, end_id) != 0)
                return false;
        } else if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(attrs, want->string), want,
                                  true)) {
            return false;
        }
    }
    return true;
}

/* Upvalues of an iterator: 1 Graph, 2 filter box, 3 predicate or nil, 4 uid snapshot, 5 next
 * position. Walking a snapshot of uids makes removals during the loop safe. */
static int iterate(lua_State *L, bool edge)
{
    const cJSON *match = cpg_lua_owned_get(lua_touserdata(L, lua_upvalueindex(2)));
    const uint64_t *uids = lua_touserdata(L, lua_upvalueindex(4));
    lua_Integer count = (lua_Integer)(lua_rawlen(L, lua_upvalueindex(4)) / sizeof *uids);
    for (lua_Integer pos = lua_tointeger(L, lua_upvalueindex(5)); pos < count; pos++) {
        cpg_graph *g = cpg_lua_check_graph(L, lua_upvalueindex(1));
        igraph_integer_t i = edge ? cpg_graph_edge_by_uid(g, uids[pos])
                                  : cpg_graph_node_by_uid(g, uids[pos]);
        if (i < 0 || (match && !matches(L, g, match, i, edge)))
            continue;
        lua_pushinteger(L, pos + 1);
        lua_replace(L, lua_upvalueindex(5));
        if (edge)
            cpg_lua_push_edge(L, lua_upvalueindex(1), i);
        else
            cpg_lua_push_node(L, lua_upvalueindex(1), i);
        if (lua_isnil(L, lua_upvalueindex(3)))
            return 1;
        lua_pushvalue(L, lua_upvalueindex(3));
        lua_pushvalue(L, -2);
        lua_call(L, 1, 1);
        if (lua_toboolean(L, -1)) {
            lua_pop(L, 1);
            return 1;
        }
        lua_pop(L, 2);
    }
    lua_pushinteger(L, count);
    lua_replace(L, lua_upvalueindex(5));
    return 0;
}

static int iterate_nodes(lua_State *L) { return iterate(L, false); }
static int iterate_edges(lua_State *L) { return iterate(L, true); }

static int push_iterator(lua_State *L, bool edge)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    lua_settop(L, 2);
    lua_pushvalue(L, 1);
    push_filter(L, 2);
    if (lua_isfunction(L, 2))
        lua_pushvalue(L, 2);
    else
        lua_pushnil(L);
    igraph_integer_t n = edge ? cpg_graph_edge_count(g) : cpg_graph_node_count(g);
    uint64_t *uids = lua_newuserdatauv(L, (size_t)n * sizeof *uids, 0);
    for (igraph_integer_t i = 0; i < n; i++)
        uids[i] = edge ? cpg_graph_edge_uid(g, i) : cpg_graph_node_uid(g, i);
    lua_pushinteger(L, 0);
    lua_pushcclosure(L, edge ? iterate_edges : iterate_nodes, 5);
    return 1;
}

static int graph_nodes(lua_State *L) { return push_iterator(L, false); }
static int graph_edges(lua_State *L) { return push_iterator(L, true); }

/* ---- changing the structure ------------------------------------------------------------- */

igraph_integer_t cpg_lua_value_vertex(lua_State *L, int graph_idx, int value_idx, int arg,
                                      const char *where)
{
    int t = lua_type(L, value_idx);
    if (t != LUA_TSTRING && t != LUA_TUSERDATA && !(t == LUA_TNUMBER && lua_isinteger(L, value_idx)))
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

/* Copies the table at IDX without the keys in SKIP into a new table on the stack. */
static void push_table_without(lua_State *L, int idx, const char *const *skip)
{
    lua_newtable(L);
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        bool skipped = false;
        for (int i = 0; skip[i] && lua_type(L, -2) == LUA_TSTRING; i++)
            skipped = skipped || strcmp(lua_tostring(L, -2), skip[i]) == 0;
        if (skipped)
            continue;
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_settable(L, -5);
    }
}

/* The attribute object of the fields of the table at IDX other than SKIP; the caller owns it. */
static cJSON *attrs_from_table(lua_State *L, int idx, const char *const *skip)
{
    push_table_without(L, idx, skip);
    cJSON *attrs = cpg_lua_to_json(L, -1);
    lua_pop(L, 1);
    if (!cJSON_IsObject(attrs)) {
        cJSON_Delete(attrs);
        luaL_argerror(L, 2, "attributes must have string names");
    }
    return attrs;
}

static void check_status(lua_State *L, cpg_status status, const char *fn)
{
    if (status != CPG_OK)
        luaL_error(L, "%s: %s", fn, cpg_status_message(status));
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
    cJSON *attrs = attrs_from_table(L, 2, skip);
    check_status(L, cpg_graph_add_nodes(g, 1, &id, &attrs), "add_node");
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
    cJSON *attrs = attrs_from_table(L, 2, skip);
    check_status(L, cpg_graph_add_edges(g, 1, ends, &attrs), "add_edge");
    cpg_lua_push_edge(L, 1, cpg_graph_edge_count(g) - 1);
    return 1;
}

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
    bool *keep = push_flags(L, m, true);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 2);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 2, i);
        cpg_graph *owner;
        if (!luaL_testudata(L, -1, CPG_LUA_EDGE))
            return luaL_argerror(L, 2, lua_pushfstring(L, "edge expected in the list, got %s",
                                                       luaL_typename(L, -1)));
        igraph_integer_t e = edge_index(L, lua_gettop(L), &owner);
        if (!lua_rawequal(L, -1, 1) || e >= m)
            return luaL_argerror(L, 2, "edge belongs to another graph");
        keep[e] = false;
        lua_pop(L, 2);
    }
    check_status(L, cpg_graph_filter(g, NULL, keep), "remove_edges");
    lua_pushinteger(L, (lua_Integer)(m - cpg_graph_edge_count(g)));
    return 1;
}

/* Flags the vertices that the filter (attribute table or predicate) at ARG accepts. A predicate
 * may change the graph, so the nodes are noted by uid and flagged once the loop is over. */
static bool *flags_from_filter(lua_State *L, int graph_idx, int arg)
{
    lua_newtable(L);
    int accepted = lua_gettop(L);
    lua_pushcfunction(L, graph_nodes);
    lua_pushvalue(L, graph_idx);
    lua_pushvalue(L, arg);
    lua_call(L, 2, 1);
    for (lua_Integer n = 1;; n++) {
        lua_pushvalue(L, -1);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1))
            break;
        lua_pushinteger(L, (lua_Integer)check_node_handle(L, -1)->uid);
        lua_rawseti(L, accepted, n);
        lua_pop(L, 1);
    }
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    bool *flags = push_flags(L, cpg_graph_node_count(g), false);
    for (lua_Integer i = 1; lua_rawgeti(L, accepted, i) != LUA_TNIL; i++) {
        igraph_integer_t v = cpg_graph_node_by_uid(g, (uint64_t)lua_tointeger(L, -1));
        if (v >= 0)
            flags[v] = true;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return flags;
}

/* Pushes a new Graph: the nodes flagged in KEEP and the edges among them. */
static int push_induced(lua_State *L, int graph_idx, const bool *keep)
{
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    cpg_graph **slot = cpg_lua_new_graph(L);
    cpg_status status;
    *slot = cpg_graph_induced(g, keep, &status);
    check_status(L, status, "subgraph");
    return 1;
}

static int graph_subgraph(lua_State *L)
{
    cpg_lua_check_graph(L, 1);
    bool is_list = lua_type(L, 2) == LUA_TTABLE &&
                   (lua_rawlen(L, 2) > 0 || (lua_pushnil(L), !lua_next(L, 2)));
    lua_settop(L, 2);
    luaL_argexpected(L, lua_istable(L, 2) || lua_isfunction(L, 2), 2, "list, table or function");
    const bool *keep = is_list ? flags_from_list(L, 1, 2) : flags_from_filter(L, 1, 2);
    return push_induced(L, 1, keep);
}

static int graph_copy(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    return push_induced(L, 1, push_flags(L, cpg_graph_node_count(g), true));
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
    return push_induced(L, 1, keep);
}

/* ---- views for the measures ----------------------------------------------------------- */

igraph_vector_t *cpg_lua_opt_weights(lua_State *L, int graph_idx, int opts, bool nonnegative)
{
    const char *name = cpg_lua_opt_string(L, opts, "weights", NULL);
    if (!name)
        return NULL;
    cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    igraph_vector_t *weights = cpg_lua_new_vector(L);
    igraph_integer_t bad = -1;
    cpg_status status = cpg_graph_edge_numbers(g, name, weights, &bad);
    if (status == CPG_EVALUE)
        luaL_argerror(L, opts, lua_pushfstring(L, "edge '%s' -> '%s' has no numeric '%s' for "
                      "weights", cpg_graph_node_id(g, cpg_graph_edge_from(g, bad)),
                      cpg_graph_node_id(g, cpg_graph_edge_to(g, bad)), name));
    else if (status != CPG_OK)
        luaL_error(L, "%s", cpg_status_message(status));
    for (igraph_integer_t e = 0; e < igraph_vector_size(weights); e++) {
        double w = VECTOR(*weights)[e];
        if (!isfinite(w) || (nonnegative && w < 0))
            luaL_argerror(L, opts, lua_pushfstring(L, "edge '%s' -> '%s' has weight %f; weights "
                          "must be %s", cpg_graph_node_id(g, cpg_graph_edge_from(g, e)),
                          cpg_graph_node_id(g, cpg_graph_edge_to(g, e)), w,
                          nonnegative ? "0 or more" : "finite"));
    }
    return weights;
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

/* ---- registration ----------------------------------------------------------------------- */

static const luaL_Reg graph_methods[] = {
    {"node_count", graph_node_count}, {"edge_count", graph_edge_count},
    {"node", graph_node},             {"nodes", graph_nodes},
    {"edges", graph_edges},           {"add_node", graph_add_node},
    {"add_edge", graph_add_edge},     {"remove_nodes", graph_remove_nodes},
    {"remove_edges", graph_remove_edges}, {"subgraph", graph_subgraph},
    {"ego", graph_ego},               {"copy", graph_copy},
    {NULL, NULL},
};

static const luaL_Reg node_methods[] = {
    {"degree", node_degree}, {"neighbors", node_neighbors},
    {"edges", node_edges},   {"attributes", node_attributes},
    {NULL, NULL},
};

static const luaL_Reg edge_methods[] = {
    {"attributes", edge_attributes},
    {NULL, NULL},
};

void cpg_lua_open_graph(lua_State *L)
{
    cpg_lua_new_class(L, CPG_LUA_GRAPH, (luaL_Reg[]){{"__index", graph_index},
        {"__newindex", graph_newindex}, {"__tostring", graph_tostring}, {"__gc", graph_gc},
        {NULL, NULL}}, graph_methods);
    cpg_lua_new_class(L, CPG_LUA_NODE, (luaL_Reg[]){{"__index", node_index},
        {"__newindex", node_newindex}, {"__tostring", node_tostring}, {"__pairs", node_pairs},
        {NULL, NULL}}, node_methods);
    cpg_lua_new_class(L, CPG_LUA_EDGE, (luaL_Reg[]){{"__index", edge_index_mm},
        {"__newindex", edge_newindex}, {"__tostring", edge_tostring}, {"__pairs", edge_pairs},
        {NULL, NULL}}, edge_methods);
    cpg_lua_new_class(L, CPG_LUA_ATTRS, (luaL_Reg[]){{"__index", attrs_index},
        {"__newindex", attrs_newindex}, {"__pairs", attrs_pairs}, {NULL, NULL}}, NULL);
    lua_pop(L, 4);
}
