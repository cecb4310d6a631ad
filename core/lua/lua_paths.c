/* lua_paths.c: distances, paths and flows between nodes as Graph methods: the distance table or
 * matrix, every shortest path, the dominator tree, and the maximum flow and minimum cut between
 * two nodes, each with NetworkX's convention (docs/lua-api.md, "Groups and paths"). */
#include <math.h>

#include "lua_graph.h"
#include "lua_paths.h"
#include "lua_util.h"

#define OPTS 2 /* options come after self */

/* Pushes a distance: a whole number as an integer (hops, whole weights), else a number;
 * unreachable is math.huge. */
static void push_distance(lua_State *L, double d)
{
    if (isfinite(d) && d == floor(d) && fabs(d) < 9007199254740992.0)
        lua_pushinteger(L, (lua_Integer)d);
    else
        lua_pushnumber(L, d);
}

/* The nodes of option KEY: a list of ids or nodes, or one of them, in a scratch vector pushed
 * on the stack; NULL, nothing pushed, when the option is absent (then: every node). */
static igraph_vector_int_t *opt_nodes(lua_State *L, int opts, const char *key)
{
    if (cpg_lua_opt_push(L, opts, key) == LUA_TNIL) {
        lua_pop(L, 1);
        return NULL;
    }
    int given = lua_gettop(L);
    const char *where = lua_pushfstring(L, " in option '%s'", key);
    igraph_vector_int_t *nodes = cpg_lua_new_int_vector(L);
    lua_Integer n = lua_istable(L, given) ? (lua_Integer)lua_rawlen(L, given) : -1;
    cpg_lua_check_igraph(L, igraph_vector_int_resize(nodes, n < 0 ? 1 : n), key);
    if (n < 0)
        VECTOR(*nodes)[0] = cpg_lua_value_vertex(L, 1, given, opts, where);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, given, i);
        VECTOR(*nodes)[i - 1] = cpg_lua_value_vertex(L, 1, -1, opts, where);
        lua_pop(L, 1);
    }
    lua_replace(L, given);  /* the vector where the option was; the message goes */
    lua_pop(L, 1);
    return nodes;
}

static igraph_vs_t nodes_or_all(const igraph_vector_int_t *nodes)
{
    return nodes ? igraph_vss_vector(nodes) : igraph_vss_all();
}

/* The index of the I-th node of NODES (every node when NULL). */
static igraph_integer_t nth_node(const igraph_vector_int_t *nodes, igraph_integer_t i)
{
    return nodes ? VECTOR(*nodes)[i] : i;
}

/* graph:distances{from, to, weights, mode = "out", matrix = false} -> from-id -> to-id ->
 * distance, the unreachable left out (NetworkX's dict of shortest_path_length); with matrix =
 * true a list of rows (FROM's order, columns in TO's order) with math.huge where no path is. */
static int paths_distances(lua_State *L)
{
    static const char *const allowed[] = {"from", "to", "weights", "mode", "matrix", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT);
    bool matrix = cpg_lua_opt_bool(L, OPTS, "matrix", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_int_t *from = opt_nodes(L, OPTS, "from"), *to = opt_nodes(L, OPTS, "to");
    igraph_matrix_t *d = cpg_lua_new_matrix(L);
    cpg_lua_check_igraph(L, igraph_distances_dijkstra(ig, d, nodes_or_all(from), nodes_or_all(to),
                                                      weights, mode), "distances");
    igraph_integer_t rows = igraph_matrix_nrow(d), cols = igraph_matrix_ncol(d);
    lua_createtable(L, matrix ? (int)rows : 0, matrix ? 0 : (int)rows);
    for (igraph_integer_t r = 0; r < rows; r++) {
        lua_createtable(L, matrix ? (int)cols : 0, 0);
        for (igraph_integer_t c = 0; c < cols; c++) {
            double x = MATRIX(*d, r, c);
            if (matrix) {
                push_distance(L, x);
                lua_rawseti(L, -2, (lua_Integer)c + 1);
            } else if (isfinite(x)) {
                push_distance(L, x);
                lua_setfield(L, -2, cpg_graph_node_id(g, nth_node(to, c)));
            }
        }
        if (matrix)
            lua_rawseti(L, -2, (lua_Integer)r + 1);
        else
            lua_setfield(L, -2, cpg_graph_node_id(g, nth_node(from, r)));
    }
    return 1;
}

/* graph:all_shortest_paths(a, b[, {weights, mode = "out"}]) -> every shortest path from A to
 * B, each a list of ids, in the order of the nodes' indices (NetworkX's all_shortest_paths,
 * which parallel edges do not repeat either); an empty list when there is none. */
static int paths_all_shortest(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", NULL};
    cpg_graph *g;
    igraph_integer_t b, a = cpg_lua_pair_and_options(L, &g, &b, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 4, IGRAPH_OUT);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, 4, true);
    igraph_vector_int_list_t *paths = cpg_lua_new_int_vector_list(L);
    cpg_lua_check_igraph(L, igraph_get_all_shortest_paths_dijkstra(
                                cpg_graph_igraph(g), paths, NULL, NULL, a, igraph_vss_1(b),
                                weights, mode), "all_shortest_paths");
    /* parallel edges give one node path several times: sorted, each is kept once */
    igraph_vector_int_list_sort(paths, igraph_vector_int_lex_cmp);
    lua_newtable(L);
    lua_Integer kept = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_int_list_size(paths); i++) {
        const igraph_vector_int_t *path = igraph_vector_int_list_get_ptr(paths, i);
        if (i > 0 && igraph_vector_int_all_e(path, igraph_vector_int_list_get_ptr(paths, i - 1)))
            continue;
        cpg_lua_push_ids(L, g, path);
        lua_rawseti(L, -2, ++kept);
    }
    return 1;
}

/* graph:dominator_tree(root[, {mode = "out"}]) -> id -> the id of its immediate dominator, for
 * the nodes ROOT reaches, ROOT mapped to itself (NetworkX's immediate_dominators); with mode
 * "in", the post-dominators. Directed graphs only. */
static int paths_dominator_tree(lua_State *L)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    igraph_integer_t root = cpg_lua_check_vertex(L, 1, 2);
    lua_settop(L, 3);  /* the options' slot, before anything is pushed */
    cpg_lua_check_options(L, 3, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 3, IGRAPH_OUT);
    if (!cpg_graph_directed(g))
        return luaL_error(L, "dominator_tree: the graph is undirected; dominators need "
                          "directions (as in NetworkX)");
    if (mode == IGRAPH_ALL)
        return luaL_argerror(L, 3, "mode must be \"out\" or \"in\"");
    igraph_vector_int_t *dom = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_dominator_tree(cpg_graph_igraph(g), root, dom, NULL, NULL,
                                                  mode), "dominator_tree");
    lua_newtable(L);
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(dom); v++) {
        igraph_integer_t by = v == root ? root : VECTOR(*dom)[v];
        if (by < 0)
            continue;  /* not reached from the root */
        lua_pushstring(L, cpg_graph_node_id(g, by));
        lua_setfield(L, -2, cpg_graph_node_id(g, v));
    }
    return 1;
}

/* The two ends and the capacities of a flow method (self, a, b, {capacity}); the capacity
 * vector (or nothing: every edge 1) pushed on the stack. */
typedef struct flow_args {
    cpg_graph *g;
    igraph_integer_t source, target;
    const igraph_vector_t *capacity;
} flow_args;

static flow_args check_flow_args(lua_State *L, const char *what)
{
    static const char *const allowed[] = {"capacity", NULL};
    flow_args f;
    f.source = cpg_lua_pair_and_options(L, &f.g, &f.target, allowed);
    if (f.source == f.target)
        luaL_error(L, "%s: the source and the target are the same node", what);
    f.capacity = cpg_lua_opt_edge_numbers(L, 1, 4, "capacity", true);
    return f;
}

/* graph:max_flow(a, b[, {capacity}]) -> value, flows: the largest flow from A to B, each edge
 * carrying at most its CAPACITY attribute (1 each without it: then the value counts
 * edge-disjoint paths), and the flow on each edge in edge order (e:index()), positive along
 * the edge from source to target and, in an undirected graph, negative against it. */
static int paths_max_flow(lua_State *L)
{
    flow_args f = check_flow_args(L, "max_flow");
    igraph_vector_t *flows = cpg_lua_new_vector(L);
    igraph_real_t value;
    cpg_lua_check_igraph(L, igraph_maxflow(cpg_graph_igraph(f.g), &value, flows, NULL, NULL, NULL,
                                           f.source, f.target, f.capacity, NULL), "max_flow");
    push_distance(L, value);
    lua_createtable(L, (int)igraph_vector_size(flows), 0);
    for (igraph_integer_t e = 0; e < igraph_vector_size(flows); e++) {
        double x = VECTOR(*flows)[e];
        /* igraph signs an undirected edge's flow by its ends' indices, not by its direction */
        if (!cpg_graph_directed(f.g) && cpg_graph_edge_from(f.g, e) > cpg_graph_edge_to(f.g, e))
            x = -x;
        push_distance(L, x == 0 ? 0 : x);
        lua_rawseti(L, -2, (lua_Integer)e + 1);
    }
    return 2;
}

/* graph:min_cut(a, b[, {capacity}]) -> value, cut, side: the smallest total capacity whose
 * removal leaves no path from A to B (equal to max_flow's value), the edges of such a cut and
 * the ids on A's side of it, both in graph order (NetworkX's minimum_cut). */
static int paths_min_cut(lua_State *L)
{
    flow_args f = check_flow_args(L, "min_cut");
    igraph_vector_int_t *cut = cpg_lua_new_int_vector(L), *side = cpg_lua_new_int_vector(L);
    igraph_real_t value;
    cpg_lua_check_igraph(L, igraph_st_mincut(cpg_graph_igraph(f.g), &value, cut, side, NULL,
                                             f.source, f.target, f.capacity), "min_cut");
    push_distance(L, value);
    igraph_vector_int_sort(cut);
    igraph_vector_int_sort(side);
    cpg_lua_push_edges(L, 1, cut);
    cpg_lua_push_ids(L, f.g, side);
    return 3;
}

static const luaL_Reg paths[] = {
    {"distances", paths_distances},
    {"all_shortest_paths", paths_all_shortest},
    {"dominator_tree", paths_dominator_tree},
    {"max_flow", paths_max_flow},
    {"min_cut", paths_min_cut},
    {NULL, NULL},
};

void cpg_lua_open_paths(lua_State *L)
{
    luaL_setfuncs(L, paths, 0);
    cpg_lua_note_methods(paths);
}
