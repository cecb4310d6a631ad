/* lua_iter.c: graph:nodes(filter) and graph:edges(filter): iterators over the elements in graph
 * order, with a filter table compiled once into conditions on the columns, or a predicate. */
#include "lua_iter.h"

#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "lua_handle.h"
#include "lua_util.h"
#include "lua_value.h"

/* One entry of a filter table. */
typedef enum cond_kind {
    COND_END,    /* "id" of a node, "source" or "target" of an edge: the node with UID */
    COND_VALUE   /* an attribute equal to VALUE */
} cond_kind;

typedef struct cond {
    cond_kind kind;
    int end;                   /* COND_END: 0 the node itself or the source, 1 the target */
    uint64_t uid;
    const char *name;          /* COND_VALUE: anchored by the state's copy of the filter */
    const cpg_column *column;  /* NULL while the graph has no column of that name */
    cpg_value value;           /* CPG_VNONE when the value is no string of the graph */
    cJSON *json;               /* an array or object, parsed: equal JSON may differ as text */
} cond;

/* The state of one iterator. User values: 1 the Graph, 2 the predicate or nil, 3 the filter. */
typedef struct iter_state {
    cpg_lua_graph *lg;
    bool edges;
    bool predicate;   /* a function filters: user value 2 */
    bool never;       /* a condition no element can meet (an unknown id, a string not held) */
    uint64_t next, end;  /* uids: those made during the loop are not visited */
    size_t count;
    cond conds[];
} iter_state;

#define ITER_STATE "cpecgraph.Iterator"

static int state_gc(lua_State *L)
{
    iter_state *s = lua_touserdata(L, 1);
    for (size_t i = 0; i < s->count; i++) {
        cJSON_Delete(s->conds[i].json);
        s->conds[i].json = NULL;
    }
    return 0;
}

/* ---- compiling a filter ----------------------------------------------------------------- */

/* The uid of the node that the value on top names (an id or a node of this graph), or false. */
static bool end_uid(lua_State *L, const cpg_lua_graph *lg, uint64_t *uid)
{
    cpg_lua_handle h;
    if (cpg_lua_to_handle(L, -1, &h)) {
        if (h.kind != CPG_LUA_KIND_NODE || h.gid != lg->gid)
            return false;
        *uid = h.uid;
        return cpg_graph_node_by_uid(lg->graph, h.uid) >= 0;
    }
    int t = lua_type(L, -1);
    if (t != LUA_TSTRING && !(t == LUA_TNUMBER && lua_isinteger(L, -1)))
        return false;
    lua_pushvalue(L, -1);  /* tostring converts in place: a copy keeps the table's key intact */
    igraph_integer_t v = cpg_graph_find(lg->graph, lua_tostring(L, -1));
    lua_pop(L, 1);
    if (v >= 0)
        *uid = cpg_graph_node_uid(lg->graph, v);
    return v >= 0;
}

/* The condition of filter entry NAME = value on top of the stack; false when no element can
 * meet it. A node given as a value stands for its id. */
static bool compile_cond(lua_State *L, iter_state *s, const char *name, cond *c)
{
    const cpg_graph *g = s->lg->graph;
    bool is_end = s->edges ? strcmp(name, "source") == 0 || strcmp(name, "target") == 0
                           : strcmp(name, "id") == 0;
    if (is_end) {
        *c = (cond){.kind = COND_END, .end = strcmp(name, "target") == 0};
        return end_uid(L, s->lg, &c->uid);
    }
    *c = (cond){.kind = COND_VALUE, .name = name,
                .column = cpg_graph_column(g, s->edges ? CPG_EDGES : CPG_NODES, name)};
    cpg_lua_handle h;
    if (cpg_lua_to_handle(L, -1, &h) && h.kind == CPG_LUA_KIND_NODE) {
        cpg_lua_graph *owner = cpg_lua_push_graph_of(L, &h);
        lua_pushstring(L, cpg_graph_node_id(owner->graph,
                                            cpg_lua_handle_index(L, owner->graph, &h)));
        lua_remove(L, -2);
        lua_replace(L, -2);
    }
    if (!lua_istable(L, -1)) {
        bool found = cpg_lua_find_value(L, -1, g, &c->value);
        return found;
    }
    /* an array or object: by its text when the graph holds that text, else parsed */
    c->json = cpg_lua_to_json(L, -1);
    char *text = cpg_json_print(c->json, false);
    if (!text)
        luaL_error(L, "out of memory");
    bool found = cpg_graph_find_string(g, text, strlen(text), &c->value.u.sid);
    free(text);
    c->value.type = found ? CPG_VJSON : CPG_VNONE;
    return true;
}

/* Compiles the filter table at ARG into S's conditions, anchoring its names in a copy. */
static void compile_filter(lua_State *L, iter_state *s, int arg)
{
    lua_newtable(L);
    int copy = lua_gettop(L);
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, arg); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_argerror(L, arg, "a filter table maps attribute names to values");
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, copy);
        const char *name = lua_tostring(L, -2);  /* a key of the copy too: it lives as long */
        s->count = ++n;  /* first: the state frees what the condition holds, whatever happens */
        if (!compile_cond(L, s, name, &s->conds[n - 1]))
            s->never = true;
    }
    lua_setiuservalue(L, -2, 3);
}

/* ---- matching --------------------------------------------------------------------------- */

/* Whether the JSON text V of G equals the parsed WANT, as JSON (members in any order). */
static bool same_json(const cpg_graph *g, const cpg_value *v, const cJSON *want)
{
    size_t len;
    const char *text = cpg_graph_string(g, v->u.sid, &len);
    cJSON *tree = cpg_json_parse(text, len, NULL);
    bool same = tree && cJSON_Compare(tree, want, true);
    cJSON_Delete(tree);
    return same;
}

static bool meets(const iter_state *s, const cond *c, igraph_integer_t i)
{
    const cpg_graph *g = s->lg->graph;
    if (c->kind == COND_END) {
        igraph_integer_t v = !s->edges ? i : c->end ? cpg_graph_edge_to(g, i)
                                                    : cpg_graph_edge_from(g, i);
        return cpg_graph_node_uid(g, v) == c->uid;
    }
    const cpg_column *column = c->column ? c->column
                               : cpg_graph_column(g, s->edges ? CPG_EDGES : CPG_NODES, c->name);
    cpg_value v = column ? cpg_column_get(column, (size_t)i) : (cpg_value){.type = CPG_VNONE};
    if (v.type == CPG_VNONE)
        return false;
    if (c->value.type != CPG_VNONE && cpg_value_equal(&v, &c->value))
        return true;
    return c->json && v.type == CPG_VJSON && same_json(g, &v, c->json);
}

static bool matches(const iter_state *s, igraph_integer_t i)
{
    for (size_t k = 0; k < s->count; k++)
        if (!meets(s, &s->conds[k], i))
            return false;
    return true;
}

/* ---- iterating -------------------------------------------------------------------------- */

/* The iterator: upvalue 1 is the state. Called with no arguments as well (graph:nodes{...}()
 * tests whether anything matches). */
static int iterate(lua_State *L)
{
    iter_state *s = lua_touserdata(L, lua_upvalueindex(1));
    int pred = s->predicate ? (lua_getiuservalue(L, lua_upvalueindex(1), 2), lua_gettop(L)) : 0;
    while (!s->never && s->next < s->end) {
        const cpg_graph *g = s->lg->graph;
        uint64_t uid = s->next++;
        igraph_integer_t i = s->edges ? cpg_graph_edge_by_uid(g, uid) : cpg_graph_node_by_uid(g, uid);
        if (i < 0 || (s->count && !matches(s, i)))
            continue;
        cpg_lua_push_handle(L, s->lg->gid, s->edges ? CPG_LUA_KIND_EDGE : CPG_LUA_KIND_NODE, uid);
        if (!pred)
            return 1;
        lua_pushvalue(L, pred);
        lua_pushvalue(L, -2);
        lua_call(L, 1, 1);  /* it may change the graph: indices are looked up again */
        if (lua_toboolean(L, -1)) {
            lua_pop(L, 1);
            return 1;
        }
        lua_pop(L, 2);
    }
    return 0;
}

int cpg_lua_iterate(lua_State *L, bool edges)
{
    cpg_lua_graph *lg = cpg_lua_check_graph_object(L, 1);
    lua_settop(L, 2);
    bool table = lua_type(L, 2) == LUA_TTABLE;
    if (!table && !lua_isnoneornil(L, 2) && !lua_isfunction(L, 2))
        luaL_typeerror(L, 2, "table or function");
    size_t entries = 0;
    for (lua_pushnil(L); table && lua_next(L, 2); lua_pop(L, 1))
        entries++;
    iter_state *s = lua_newuserdatauv(L, sizeof *s + entries * sizeof(cond), 3);
    *s = (iter_state){.lg = lg, .edges = edges, .next = 0,
                      .end = cpg_graph_uid_limit(lg->graph, edges ? CPG_EDGES : CPG_NODES)};
    if (luaL_newmetatable(L, ITER_STATE)) {
        lua_pushcfunction(L, state_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushliteral(L, ITER_STATE);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    if (lua_isfunction(L, 2)) {
        s->predicate = true;
        lua_pushvalue(L, 2);
        lua_setiuservalue(L, -2, 2);
    } else if (table) {
        compile_filter(L, s, 2);
    }
    lua_pushcclosure(L, iterate, 1);
    return 1;
}

bool *cpg_lua_flags_from_filter(lua_State *L, int graph_idx, int arg, bool edges)
{
    graph_idx = lua_absindex(L, graph_idx);
    arg = lua_absindex(L, arg);
    lua_newtable(L);
    int accepted = lua_gettop(L);
    lua_pushcfunction(L, edges ? cpg_lua_graph_edges : cpg_lua_graph_nodes);
    lua_pushvalue(L, graph_idx);
    lua_pushvalue(L, arg);
    lua_call(L, 2, 1);
    for (lua_Integer n = 1;; n++) {  /* uids first: a predicate may change the graph */
        lua_pushvalue(L, -1);
        lua_call(L, 0, 1);
        cpg_lua_handle h;
        if (!cpg_lua_to_handle(L, -1, &h))
            break;
        lua_pushinteger(L, (lua_Integer)h.uid);
        lua_rawseti(L, accepted, n);
        lua_pop(L, 1);
    }
    lua_pop(L, 2);
    const cpg_graph *g = cpg_lua_check_graph(L, graph_idx);
    igraph_integer_t count = edges ? cpg_graph_edge_count(g) : cpg_graph_node_count(g);
    bool *flags = lua_newuserdatauv(L, (size_t)count + 1, 0);
    memset(flags, 0, (size_t)count + 1);
    for (lua_Integer i = 1; lua_rawgeti(L, accepted, i) != LUA_TNIL; i++) {
        uint64_t uid = (uint64_t)lua_tointeger(L, -1);
        igraph_integer_t x = edges ? cpg_graph_edge_by_uid(g, uid) : cpg_graph_node_by_uid(g, uid);
        if (x >= 0)
            flags[x] = true;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_remove(L, accepted);
    return flags;
}

int cpg_lua_graph_nodes(lua_State *L) { return cpg_lua_iterate(L, false); }
int cpg_lua_graph_edges(lua_State *L) { return cpg_lua_iterate(L, true); }
