/* lua_element.c: what a Node, an Edge and their attributes objects do: fields, methods,
 * attributes read and written in the graph's columns, pairs() and tostring(). Handles are light
 * userdata, which share one metatable: its metamethods tell the kinds apart. */
#include "lua_element.h"

#include <math.h>
#include <string.h>

#include "cpecgraph/time.h"
#include "lua_handle.h"
#include "lua_util.h"
#include "lua_value.h"

/* The fixed fields of each kind, as numbers in the field tables (methods are functions there). */
enum { FIELD_ID = 1, FIELD_ATTRS, FIELD_GRAPH, FIELD_SOURCE, FIELD_TARGET };

/* Upvalues of the metamethods: the field tables of nodes and of edges, and the registry table
 * of graphs (a lookup in the registry itself would cost one more on every access). */
#define NODE_FIELDS lua_upvalueindex(1)
#define EDGE_FIELDS lua_upvalueindex(2)
#define GRAPHS lua_upvalueindex(3)

/* The column of attribute KEY (the string at index 2) of domain D of LG (at the top of the
 * stack), or NULL: from LG's cache of names (lua_handle.h), looked up and cached on a miss. */
static const cpg_column *key_column(lua_State *L, cpg_lua_graph *lg, cpg_domain d,
                                    const char *key)
{
    size_t slot = ((uintptr_t)key >> 4) % CPG_LUA_NAME_SLOTS;
    cpg_lua_name_entry *e = &lg->names[slot];
    if (e->name == key && e->domain == (int)d &&
        (e->column || e->columns == cpg_graph_column_count(lg->graph, d)))
        return e->column;
    const cpg_column *c = cpg_graph_column(lg->graph, d, key);
    if (lua_getiuservalue(L, -1, 3) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, CPG_LUA_NAME_SLOTS, 0);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, -3, 3);
    }
    lua_pushvalue(L, 2);
    lua_rawseti(L, -2, (lua_Integer)slot + 1);
    lua_pop(L, 1);
    *e = (cpg_lua_name_entry){key, (int)d, c, cpg_graph_column_count(lg->graph, d)};
    return c;
}

/* The first letters of the names of the fields and methods of nodes ([0]) and edges ([1]), so
 * that reading an attribute ("label", "type") mostly costs no lookup in the field table. */
static bool initials[2][256];

static void note_initials(bool *set, const luaL_Reg *methods, const char *const *fields)
{
    for (; methods->name; methods++)
        set[(unsigned char)methods->name[0]] = true;
    for (; *fields; fields++)
        set[(unsigned char)(*fields)[0]] = true;
}

static bool maybe_field(cpg_lua_kind kind, const char *key)
{
    return initials[kind == CPG_LUA_KIND_EDGE][(unsigned char)key[0]];
}

static bool is_edge_kind(cpg_lua_kind kind)
{
    return kind == CPG_LUA_KIND_EDGE || kind == CPG_LUA_KIND_EDGE_ATTRS;
}

static cpg_domain domain_of(cpg_lua_kind kind)
{
    return is_edge_kind(kind) ? CPG_EDGES : CPG_NODES;
}

/* The handle at 1 (raising for another light userdata, cpecgraph.null among them). */
static cpg_lua_handle check_handle(lua_State *L, const char *what)
{
    cpg_lua_handle h;
    if (!cpg_lua_to_handle(L, 1, &h))
        luaL_error(L, "attempt to %s %s", what,
                   lua_touserdata(L, 1) ? "a light userdata value" : "cpecgraph.null");
    return h;
}

/* An attribute name: a string of UTF-8 text without NUL bytes. */
static const char *attribute_name(lua_State *L, int idx, size_t *len)
{
    const char *name = luaL_checklstring(L, idx, len);
    if (strlen(name) != *len || !cpg_lua_utf8_valid(name, *len))
        luaL_argerror(L, idx, "attribute names must be UTF-8 text without NUL bytes");
    return name;
}

/* ---- reading ---------------------------------------------------------------------------- */

/* Pushes attribute KEY (the string at index 2) of the element H names. */
static int push_attribute(lua_State *L, const cpg_lua_handle *h, const char *key)
{
    cpg_lua_graph *lg = cpg_lua_push_graph_in(L, GRAPHS, h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, h);
    const cpg_column *c = key_column(L, lg, domain_of(h->kind), key);
    cpg_value v = c ? cpg_column_get(c, (size_t)i) : (cpg_value){.type = CPG_VNONE};
    cpg_lua_push_value(L, -1, lg->graph, &v);
    return 1;
}

/* Pushes the id of node V, whose uid is UID, of the Graph on top, from the Graph's table of ids
 * (user value 2, made the first time): n.id makes no new string the second time. */
static void push_node_id(lua_State *L, const cpg_graph *g, igraph_integer_t v, uint64_t uid)
{
    int graph_idx = lua_gettop(L);
    if (lua_getiuservalue(L, graph_idx, 2) != LUA_TTABLE) {
        lua_pop(L, 1);  /* sized for every node: filling it never rehashes */
        lua_createtable(L, (int)cpg_graph_uid_limit(g, CPG_NODES), 0);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, graph_idx, 2);
    }
    if (lua_rawgeti(L, -1, (lua_Integer)uid + 1) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushstring(L, cpg_graph_node_id(g, v));
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, (lua_Integer)uid + 1);
    }
    lua_replace(L, -2);
}

/* Pushes the fixed field CODE of the node or edge H names. */
static int push_field(lua_State *L, const cpg_lua_handle *h, lua_Integer code)
{
    cpg_lua_graph *lg = cpg_lua_push_graph_in(L, GRAPHS, h);
    const cpg_graph *g = lg->graph;
    igraph_integer_t i = cpg_lua_handle_index(L, g, h);
    switch (code) {
    case FIELD_ID:
        if (h->kind == CPG_LUA_KIND_EDGE)
            lua_pushinteger(L, (lua_Integer)h->uid);
        else
            push_node_id(L, g, i, h->uid);
        return 1;
    case FIELD_ATTRS:
        cpg_lua_push_handle(L, h->gid, h->kind == CPG_LUA_KIND_EDGE ? CPG_LUA_KIND_EDGE_ATTRS
                                                                    : CPG_LUA_KIND_NODE_ATTRS,
                            h->uid);
        return 1;
    case FIELD_GRAPH:
        return 1;  /* pushed by cpg_lua_push_graph_of */
    case FIELD_SOURCE: case FIELD_TARGET: {
        igraph_integer_t v = code == FIELD_SOURCE ? cpg_graph_edge_from(g, i)
                                                  : cpg_graph_edge_to(g, i);
        cpg_lua_push_handle(L, h->gid, CPG_LUA_KIND_NODE, cpg_graph_node_uid(g, v));
        return 1;
    }
    }
    return 0;
}

/* __index: a field, a method, or else an attribute (n.attrs.NAME reaches one named like a
 * field or method). */
static int element_index(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "index");
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : luaL_checkstring(L, 2);
    if ((h.kind == CPG_LUA_KIND_NODE || h.kind == CPG_LUA_KIND_EDGE) && maybe_field(h.kind, key)) {
        lua_pushvalue(L, 2);
        int t = lua_rawget(L, h.kind == CPG_LUA_KIND_EDGE ? EDGE_FIELDS : NODE_FIELDS);
        if (t == LUA_TFUNCTION)
            return 1;
        if (t == LUA_TNUMBER)
            return push_field(L, &h, lua_tointeger(L, -1));
        lua_pop(L, 1);
    }
    return push_attribute(L, &h, key);
}

/* ---- writing ---------------------------------------------------------------------------- */

/* Stores the value at VALUE_IDX as attribute KEY (LEN bytes) of the element H names. */
static void store_attribute(lua_State *L, const cpg_lua_handle *h, const char *key, size_t len,
                            int value_idx)
{
    cpg_lua_graph *lg = cpg_lua_push_graph_in(L, GRAPHS, h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, h);
    cpg_value v = cpg_lua_to_value(L, value_idx, lg->graph);
    if (cpg_graph_set(lg->graph, domain_of(h->kind), i, key, len, &v) != CPG_OK)
        luaL_error(L, "out of memory");
}

static int element_newindex(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "index");
    size_t len;
    const char *key = attribute_name(L, 2, &len);
    if ((h.kind == CPG_LUA_KIND_NODE || h.kind == CPG_LUA_KIND_EDGE) && maybe_field(h.kind, key)) {
        lua_pushvalue(L, 2);
        bool fixed = lua_rawget(L, h.kind == CPG_LUA_KIND_EDGE ? EDGE_FIELDS : NODE_FIELDS) ==
                     LUA_TNUMBER;
        lua_pop(L, 1);
        if (fixed)
            return luaL_error(L, "cannot set '%s' of %s", key,
                              h.kind == CPG_LUA_KIND_EDGE ? "an edge" : "a node");
    }
    store_attribute(L, &h, key, len, 3);
    return 0;
}

/* ---- pairs and tables ------------------------------------------------------------------- */

/* Upvalues of the iterator of pairs(): 1 the handle, 2 the next column, 3 the number of columns
 * when the loop began (columns made during the loop are not visited). */
static int next_attribute(lua_State *L)
{
    cpg_lua_handle h;
    cpg_lua_to_handle(L, lua_upvalueindex(1), &h);
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, &h);
    size_t k = (size_t)lua_tointeger(L, lua_upvalueindex(2));
    size_t limit = (size_t)lua_tointeger(L, lua_upvalueindex(3));
    for (; k < limit; k++) {
        const cpg_column *c = cpg_graph_column_at(lg->graph, domain_of(h.kind), k);
        if (!cpg_column_has(c, (size_t)i))
            continue;
        lua_pushinteger(L, (lua_Integer)k + 1);
        lua_replace(L, lua_upvalueindex(2));
        cpg_value v = cpg_column_get(c, (size_t)i);
        lua_pushstring(L, cpg_column_name(c));
        cpg_lua_push_value(L, -2, lg->graph, &v);
        return 2;
    }
    lua_pushinteger(L, (lua_Integer)limit);
    lua_replace(L, lua_upvalueindex(2));
    return 0;
}

/* __pairs: the attributes in the order of the graph's columns (the order in which their names
 * first appeared), the same run after run. */
static int element_pairs(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "iterate over");
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    cpg_lua_handle_index(L, lg->graph, &h);
    lua_pushvalue(L, 1);
    lua_pushinteger(L, 0);
    lua_pushinteger(L, (lua_Integer)cpg_graph_column_count(lg->graph, domain_of(h.kind)));
    lua_pushcclosure(L, next_attribute, 3);
    return 1;
}

/* n:attributes(), e:attributes(): a fresh table of every attribute. */
static int element_attributes(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "read the attributes of");
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, &h);
    cpg_domain d = domain_of(h.kind);
    lua_newtable(L);
    for (size_t k = 0; k < cpg_graph_column_count(lg->graph, d); k++) {
        const cpg_column *c = cpg_graph_column_at(lg->graph, d, k);
        cpg_value v = cpg_column_get(c, (size_t)i);
        if (v.type == CPG_VNONE)
            continue;
        cpg_lua_push_value(L, -2, lg->graph, &v);
        lua_setfield(L, -2, cpg_column_name(c));
    }
    return 1;
}

/* ---- tostring --------------------------------------------------------------------------- */

static int element_tostring(lua_State *L)
{
    cpg_lua_handle h;
    if (!cpg_lua_to_handle(L, 1, &h)) {
        if (lua_touserdata(L, 1))
            lua_pushfstring(L, "userdata: %p", lua_touserdata(L, 1));
        else
            lua_pushliteral(L, "null");
        return 1;
    }
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    const cpg_graph *g = lg->graph;
    bool edge = is_edge_kind(h.kind);
    igraph_integer_t i = edge ? cpg_graph_edge_by_uid(g, h.uid) : cpg_graph_node_by_uid(g, h.uid);
    const char *prefix = h.kind >= CPG_LUA_KIND_NODE_ATTRS ? "attributes of " : "";
    if (i < 0)
        lua_pushfstring(L, "%s%s (removed)", prefix, edge ? "edge" : "node");
    else if (!edge)
        lua_pushfstring(L, "%snode '%s'", prefix, cpg_graph_node_id(g, i));
    else
        lua_pushfstring(L, "%sedge '%s' %s '%s'", prefix,
                        cpg_graph_node_id(g, cpg_graph_edge_from(g, i)),
                        cpg_graph_directed(g) ? "->" : "--",
                        cpg_graph_node_id(g, cpg_graph_edge_to(g, i)));
    return 1;
}

/* ---- node methods ----------------------------------------------------------------------- */

/* The number of edges at V in MODE, read off igraph's edge indices (os and is, in the public
 * igraph_t): a self-loop counts twice with "all", as igraph_degree counts it. */
static igraph_integer_t degree_of(const igraph_t *ig, igraph_integer_t v, igraph_neimode_t mode)
{
    igraph_integer_t out = VECTOR(ig->os)[v + 1] - VECTOR(ig->os)[v];
    igraph_integer_t in = VECTOR(ig->is)[v + 1] - VECTOR(ig->is)[v];
    if (!igraph_is_directed(ig) || mode == IGRAPH_ALL)
        return out + in;
    return mode == IGRAPH_OUT ? out : in;
}

/* The node (or edge) handle at 1, which a method was called on, and its index; its Graph is
 * pushed, from the registry of graphs that methods have as upvalue 1. */
static igraph_integer_t method_self(lua_State *L, bool edge, cpg_lua_graph **lg)
{
    cpg_lua_handle h;
    if (!cpg_lua_to_handle(L, 1, &h) || h.kind != (edge ? CPG_LUA_KIND_EDGE : CPG_LUA_KIND_NODE))
        luaL_typeerror(L, 1, edge ? CPG_LUA_EDGE : CPG_LUA_NODE);
    *lg = cpg_lua_push_graph_in(L, lua_upvalueindex(1), &h);
    return cpg_lua_handle_index(L, (*lg)->graph, &h);
}

static int node_degree(lua_State *L)
{
    lua_settop(L, 2);  /* the Graph that method_self pushes goes above the arguments */
    cpg_lua_graph *lg;
    igraph_integer_t v = method_self(L, false, &lg);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    lua_pushinteger(L, (lua_Integer)degree_of(cpg_graph_igraph(lg->graph), v, mode));
    return 1;
}

/* Pushes a list of the handles of the vertices (or edges) in IDS, of the graph LG. */
static void push_handle_list(lua_State *L, const cpg_lua_graph *lg,
                             const igraph_vector_int_t *ids, bool edges)
{
    igraph_integer_t n = igraph_vector_int_size(ids);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t i = 0; i < n; i++) {
        igraph_integer_t x = VECTOR(*ids)[i];
        cpg_lua_push_handle(L, lg->gid, edges ? CPG_LUA_KIND_EDGE : CPG_LUA_KIND_NODE,
                            edges ? cpg_graph_edge_uid(lg->graph, x)
                                  : cpg_graph_node_uid(lg->graph, x));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* n:neighbors(mode), n:edges(mode): igraph's lists, in a vector reused from call to call. */
static int node_list(lua_State *L, bool edges)
{
    lua_settop(L, 2);  /* the Graph that method_self pushes goes above the arguments */
    cpg_lua_graph *lg;
    igraph_integer_t v = method_self(L, false, &lg);
    igraph_neimode_t mode = cpg_lua_to_mode(L, 2, IGRAPH_ALL);
    igraph_vector_int_t *ids = cpg_lua_shared_int_vector(L);
    const igraph_t *ig = cpg_graph_igraph(lg->graph);
    cpg_lua_check_igraph(L, edges ? igraph_incident(ig, ids, v, mode)
                                  : igraph_neighbors(ig, ids, v, mode),
                         edges ? "edges" : "neighbors");
    push_handle_list(L, lg, ids, edges);
    return 1;
}

static int node_neighbors(lua_State *L) { return node_list(L, false); }
static int node_edges(lua_State *L) { return node_list(L, true); }

/* n:index(), e:index(): the element's position (1-based) in the graph's order, which is the
 * order of the arrays of graph:column() and its kin; renumbered when elements are removed. */
static int element_position(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "take the index of");
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    lua_pushinteger(L, (lua_Integer)cpg_lua_handle_index(L, lg->graph, &h) + 1);
    return 1;
}

/* Whole seconds as an integer (os.date takes them), infinities and fractions as numbers. */
static void push_seconds(lua_State *L, double t)
{
    if (isfinite(t) && t == floor(t))
        lua_pushinteger(L, (lua_Integer)t);
    else
        lua_pushnumber(L, t);
}

/* n:time(), e:time() -> start, end: the element's time as docs/lua-api.md ("Time") reads it
 * from its attributes, in seconds since 1970 UTC (-math.huge, math.huge for open ends); nil
 * when it has none. Raises on a time that is not a date. */
static int element_time(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "take the time of");
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, &h);
    cpg_time t = cpg_graph_time(lg->graph, is_edge_kind(h.kind) ? CPG_EDGES : CPG_NODES, i);
    if (t.kind == CPG_TIME_BAD)
        return luaL_error(L, "time: its '%s' is no date: %s", t.attribute, t.why);
    if (t.kind == CPG_TIME_UNDATED) {
        lua_pushnil(L);
        return 1;
    }
    push_seconds(L, t.hull.start);
    push_seconds(L, t.hull.end);
    return 2;
}

/* n:sources(), e:sources() -> {file, ...}: the files that declared the element, in the order
 * they were loaded; empty for one a script made. */
static int element_sources(lua_State *L)
{
    cpg_lua_handle h = check_handle(L, "take the sources of");
    cpg_lua_graph *lg = cpg_lua_push_graph_of(L, &h);
    igraph_integer_t i = cpg_lua_handle_index(L, lg->graph, &h);
    cpg_domain d = is_edge_kind(h.kind) ? CPG_EDGES : CPG_NODES;
    size_t n = cpg_graph_sources_of(lg->graph, d, i, NULL, 0);
    size_t *positions = lua_newuserdatauv(L, (n + 1) * sizeof *positions, 0);  /* Lua's memory */
    cpg_graph_sources_of(lg->graph, d, i, positions, n);
    lua_createtable(L, (int)n, 0);
    for (size_t k = 0; k < n; k++) {
        lua_pushstring(L, cpg_graph_source(lg->graph, positions[k]));
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    return 1;
}

/* ---- registration ----------------------------------------------------------------------- */

static const luaL_Reg node_methods[] = {
    {"degree", node_degree}, {"neighbors", node_neighbors},
    {"edges", node_edges},   {"attributes", element_attributes},
    {"index", element_position}, {"time", element_time},
    {"sources", element_sources},
    {NULL, NULL},
};

static const luaL_Reg edge_methods[] = {
    {"attributes", element_attributes}, {"index", element_position},
    {"time", element_time},       {"sources", element_sources},
    {NULL, NULL},
};

/* A table of METHODS (name -> function, each with the registry of graphs as upvalue 1) and
 * FIELDS (name -> code), pushed. */
static void push_fields(lua_State *L, const luaL_Reg *methods, const char *const *fields,
                        const int *codes)
{
    lua_newtable(L);
    cpg_lua_push_graphs(L);
    luaL_setfuncs(L, methods, 1);
    for (int i = 0; fields[i]; i++) {
        lua_pushinteger(L, codes[i]);
        lua_setfield(L, -2, fields[i]);
    }
}

/* The functions of the field table on top, stored in the metatable at META as NAME: the
 * methods alone, where --unsafe code and the documentation check can list them. */
static void note_methods(lua_State *L, int meta, const char *name)
{
    lua_newtable(L);
    for (lua_pushnil(L); lua_next(L, -3); lua_pop(L, 1))
        if (lua_isfunction(L, -1)) {
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, -5);
        }
    lua_setfield(L, meta, name);
}

void cpg_lua_open_elements(lua_State *L)
{
    static const char *const node_fields[] = {"id", "attrs", "graph", NULL};
    static const int node_codes[] = {FIELD_ID, FIELD_ATTRS, FIELD_GRAPH};
    static const char *const edge_fields[] = {"source", "target", "id", "attrs", "graph", NULL};
    static const int edge_codes[] = {FIELD_SOURCE, FIELD_TARGET, FIELD_ID, FIELD_ATTRS,
                                     FIELD_GRAPH};
    note_initials(initials[0], node_methods, node_fields);
    note_initials(initials[1], edge_methods, edge_fields);
    cpg_lua_note_methods(node_methods);
    cpg_lua_note_methods(edge_methods);
    lua_newtable(L);  /* the metatable of every light userdata */
    int meta = lua_gettop(L);
    push_fields(L, node_methods, node_fields, node_codes);
    note_methods(L, meta, "node_methods");
    push_fields(L, edge_methods, edge_fields, edge_codes);
    note_methods(L, meta, "edge_methods");
    static const luaL_Reg metamethods[] = {{"__index", element_index},
        {"__newindex", element_newindex}, {"__pairs", element_pairs},
        {"__tostring", element_tostring}, {NULL, NULL}};
    cpg_lua_push_graphs(L);
    luaL_setfuncs(L, metamethods, 3);
    lua_pushliteral(L, "cpecgraph.Handle");  /* getmetatable() gives this, not the table */
    lua_setfield(L, -2, "__metatable");
    lua_pushlightuserdata(L, NULL);
    lua_insert(L, -2);
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
}
