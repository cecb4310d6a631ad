/* lua_structure.c: the structure of a Graph as methods: density, reciprocity, transitivity and
 * clustering, eccentricity with diameter and radius, bridges and articulation points, edge
 * betweenness, assortativity, the edges between two nodes, the simple paths, k-cores and
 * biconnected components, each with NetworkX's convention (docs/lua-api.md says where igraph's
 * differs and which one is kept). */
#include <math.h>

#include "lua_graph.h"
#include "lua_structure.h"
#include "lua_util.h"
#include "lua_value.h"

#define OPTS 2 /* options come after self */

/* graph:density{loops = false} -> m / (n (n - 1)), halved for undirected graphs (NetworkX's
 * density, which counts parallel edges too); 0 for fewer than two nodes. */
static int structure_density(lua_State *L)
{
    static const char *const allowed[] = {"loops", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_real_t d = 0;
    if (igraph_vcount(ig) > 1)
        cpg_lua_check_igraph(L, igraph_density(ig, &d, cpg_lua_opt_bool(L, OPTS, "loops", false)),
                             "density");
    lua_pushnumber(L, isnan(d) ? 0.0 : d);
    return 1;
}

/* graph:reciprocity() -> the share of edges whose reverse is an edge too (NetworkX's overall
 * reciprocity; a loop is its own reverse); 1 for an undirected graph, 0 without edges. */
static int structure_reciprocity(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    igraph_real_t r = 0;
    if (igraph_ecount(ig) > 0)
        cpg_lua_check_igraph(L, igraph_reciprocity(ig, &r, false, IGRAPH_RECIPROCITY_DEFAULT),
                             "reciprocity");
    lua_pushnumber(L, r);
    return 1;
}

/* graph:transitivity() -> 3 x triangles / connected triples, the graph taken as undirected and
 * simple (NetworkX's transitivity); 0 when there is no triple. */
static int structure_transitivity(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    igraph_real_t t;
    cpg_lua_check_igraph(L, igraph_transitivity_undirected(ig, &t, IGRAPH_TRANSITIVITY_ZERO),
                         "transitivity");
    lua_pushnumber(L, isnan(t) ? 0.0 : t);
    return 1;
}

/* graph:clustering{average = false} -> id -> local clustering coefficient (NetworkX's
 * clustering: 0 below two neighbours), or with average = true their mean (average_clustering,
 * zeros included); the graph taken as undirected and simple. */
static int structure_clustering(lua_State *L)
{
    static const char *const allowed[] = {"average", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    if (cpg_lua_opt_bool(L, OPTS, "average", false)) {
        igraph_real_t mean = 0;
        if (igraph_vcount(ig) > 0)
            cpg_lua_check_igraph(L, igraph_transitivity_avglocal_undirected(
                                        ig, &mean, IGRAPH_TRANSITIVITY_ZERO), "clustering");
        lua_pushnumber(L, isnan(mean) ? 0.0 : mean);
        return 1;
    }
    igraph_vector_t *values = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_transitivity_local_undirected(ig, values, igraph_vss_all(),
                                                                 IGRAPH_TRANSITIVITY_ZERO),
                         "clustering");
    for (igraph_integer_t i = 0; i < igraph_vector_size(values); i++)
        if (isnan(VECTOR(*values)[i]))
            VECTOR(*values)[i] = 0.0;
    cpg_lua_push_vertex_values(L, g, values);
    return 1;
}

/* The eccentricity of every node (hops, MODE) in a vector on the stack; raises, as NetworkX
 * does, when some node cannot reach every other: its eccentricity would be infinite. */
static igraph_vector_t *eccentricities(lua_State *L, const igraph_t *ig, igraph_neimode_t mode,
                                       const char *what)
{
    igraph_bool_t connected = true;
    bool strong = igraph_is_directed(ig) && mode != IGRAPH_ALL;
    if (igraph_vcount(ig) > 0)
        cpg_lua_check_igraph(L, igraph_is_connected(ig, &connected,
                                                    strong ? IGRAPH_STRONG : IGRAPH_WEAK), what);
    if (!connected)
        luaL_error(L, "%s: the graph is not %sconnected, so some eccentricity is infinite (as "
                   "in NetworkX): take a component (graph:components())%s", what,
                   strong ? "strongly " : "", strong ? ", or mode = \"all\"" : "");
    igraph_vector_t *values = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_eccentricity(ig, values, igraph_vss_all(), mode), what);
    return values;
}

/* graph:eccentricity{mode = "out"} -> id -> the hops to the farthest node. */
static int structure_eccentricity(lua_State *L)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_vector_t *values = eccentricities(L, ig, cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT),
                                             "eccentricity");
    lua_createtable(L, 0, (int)igraph_vector_size(values));
    for (igraph_integer_t v = 0; v < igraph_vector_size(values); v++) {
        lua_pushinteger(L, (lua_Integer)VECTOR(*values)[v]);
        lua_setfield(L, -2, cpg_graph_node_id(g, v));
    }
    return 1;
}

/* graph:diameter{mode}, graph:radius{mode} -> the largest and the smallest eccentricity. */
static int extreme_eccentricity(lua_State *L, bool largest, const char *what)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    if (igraph_vcount(ig) == 0)
        return luaL_error(L, "%s: the graph has no node", what);
    igraph_vector_t *values = eccentricities(L, ig, cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT), what);
    lua_pushinteger(L, (lua_Integer)(largest ? igraph_vector_max(values)
                                             : igraph_vector_min(values)));
    return 1;
}

static int structure_diameter(lua_State *L)
{
    return extreme_eccentricity(L, true, "diameter");
}

static int structure_radius(lua_State *L)
{
    return extreme_eccentricity(L, false, "radius");
}

/* Orders groups (sorted vectors of node indices) largest first, then by their first node. */
static int by_size_then_first(const igraph_vector_int_t *a, const igraph_vector_int_t *b)
{
    igraph_integer_t x = igraph_vector_int_size(a), y = igraph_vector_int_size(b);
    if (x != y)
        return x < y ? 1 : -1;
    return x == 0 ? 0 : (VECTOR(*a)[0] > VECTOR(*b)[0]) - (VECTOR(*a)[0] < VECTOR(*b)[0]);
}

/* Pushes ITEMS (edge or node indices) sorted, in graph order, as a list of edge handles
 * (EDGES) or of node ids. */
static int push_in_order(lua_State *L, const cpg_graph *g, igraph_vector_int_t *items,
                         bool edges)
{
    igraph_vector_int_sort(items);
    if (edges)
        cpg_lua_push_edges(L, 1, items);
    else
        cpg_lua_push_ids(L, g, items);
    return 1;
}

/* graph:bridges() -> the edges whose removal disconnects their ends (directions ignored; of
 * parallel edges none is a bridge), in graph order. */
static int structure_bridges(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    igraph_vector_int_t *edges = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_bridges(ig, edges), "bridges");
    return push_in_order(L, g, edges, true);
}

/* graph:articulation_points() -> the ids of the nodes whose removal disconnects the others
 * (directions ignored), in graph order. */
static int structure_articulation_points(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    igraph_vector_int_t *nodes = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_articulation_points(ig, nodes), "articulation_points");
    return push_in_order(L, g, nodes, false);
}

/* graph:edge_betweenness{weights, normalized = false} -> the betweenness of each edge, a list
 * in edge order (e:index()): shortest paths through it, along directions in a directed
 * graph; normalized, divided by n (n - 1) (by n (n - 1) / 2 when undirected), as NetworkX's
 * edge_betweenness_centrality. */
static int structure_edge_betweenness(lua_State *L)
{
    static const char *const allowed[] = {"weights", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *values = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_edge_betweenness(ig, values, true, weights),
                         "edge_betweenness");
    double n = (double)igraph_vcount(ig);
    double pairs = n > 1 ? n * (n - 1) / (igraph_is_directed(ig) ? 1 : 2) : 1;
    lua_createtable(L, (int)igraph_vector_size(values), 0);
    for (igraph_integer_t e = 0; e < igraph_vector_size(values); e++) {
        lua_pushnumber(L, VECTOR(*values)[e] / (normalized ? pairs : 1));
        lua_rawseti(L, -2, (lua_Integer)e + 1);
    }
    return 1;
}

/* graph:edges_between(a, b[, {mode = "out"}]) -> the edges from A to B (either way with mode
 * "all", or in an undirected graph), in graph order. */
static int structure_edges_between(lua_State *L)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g;
    igraph_integer_t b, a = cpg_lua_pair_and_options(L, &g, &b, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 4, IGRAPH_OUT);
    if (mode == IGRAPH_IN) {
        igraph_integer_t swap = a;
        a = b, b = swap;
    }
    igraph_vector_int_t *edges = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_get_all_eids_between(cpg_graph_igraph(g), edges, a, b,
                                                        mode != IGRAPH_ALL), "edges_between");
    return push_in_order(L, g, edges, true);
}

/* The vertex types of attribute NAME for nominal assortativity: each distinct value (by its
 * text) a number; a node without one is an error. */
static igraph_vector_int_t *nominal_types(lua_State *L, const cpg_graph *g, const char *name)
{
    igraph_integer_t n = cpg_graph_node_count(g);
    igraph_vector_int_t *types = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_vector_int_resize(types, n), "assortativity");
    lua_newtable(L);  /* value -> type */
    int seen = lua_gettop(L);
    lua_Integer next = 0;
    for (igraph_integer_t v = 0; v < n; v++) {
        cpg_value value = cpg_graph_get(g, CPG_NODES, v, name);
        if (value.type == CPG_VNONE || value.type == CPG_VNULL)
            luaL_error(L, "assortativity: node '%s' has no '%s'", cpg_graph_node_id(g, v), name);
        cpg_lua_push_value(L, 1, g, &value);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, seen) == LUA_TNIL) {
            lua_pop(L, 1);
            lua_pushinteger(L, next++);
            lua_pushvalue(L, -1);
            lua_insert(L, -3);
            lua_rawset(L, seen);
        } else {
            lua_remove(L, -2);
        }
        VECTOR(*types)[v] = (igraph_integer_t)lua_tointeger(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return types;
}

/* graph:assortativity{attribute} -> the degree assortativity (out-degree of sources against
 * in-degree of targets when directed), or with attribute = NAME the nominal assortativity of
 * its values: NetworkX's degree_ and attribute_assortativity_coefficient. */
static int structure_assortativity(lua_State *L)
{
    static const char *const allowed[] = {"attribute", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    const char *name = cpg_lua_opt_string(L, OPTS, "attribute", NULL);
    igraph_real_t r;
    if (name)
        cpg_lua_check_igraph(L, igraph_assortativity_nominal(ig, nominal_types(L, g, name), &r,
                                                             true, true), "assortativity");
    else
        cpg_lua_check_igraph(L, igraph_assortativity_degree(ig, &r, true), "assortativity");
    lua_pushnumber(L, r);
    return 1;
}

/* graph:simple_paths(a, b[, {cutoff = -1, mode = "out"}]) -> every path from A to B that visits
 * no node twice (at most CUTOFF hops), each a list of ids, in the order igraph finds them. */
static int structure_simple_paths(lua_State *L)
{
    static const char *const allowed[] = {"cutoff", "mode", NULL};
    cpg_graph *g;
    igraph_integer_t b, a = cpg_lua_pair_and_options(L, &g, &b, allowed);
    lua_Integer cutoff = cpg_lua_opt_integer(L, 4, "cutoff", -1);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 4, IGRAPH_OUT);
    igraph_vector_int_t *found = cpg_lua_new_int_vector(L);  /* paths, each ended by -1 */
    cpg_lua_check_igraph(L, igraph_get_all_simple_paths(cpg_graph_igraph(g), found, a,
                                                        igraph_vss_1(b), (igraph_integer_t)cutoff,
                                                        mode), "simple_paths");
    lua_newtable(L);
    lua_Integer paths = 0, at = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(found); i++) {
        if (at == 0) {
            lua_newtable(L);
            lua_pushvalue(L, -1);
            lua_rawseti(L, -3, ++paths);
        }
        if (VECTOR(*found)[i] < 0) {
            lua_pop(L, 1);
            at = 0;
            continue;
        }
        lua_pushstring(L, cpg_graph_node_id(g, VECTOR(*found)[i]));
        lua_rawseti(L, -2, ++at);
    }
    return 1;
}

/* graph:k_core(k[, {mode = "all"}]) -> a new graph: the nodes of coreness K or more and the
 * edges among them (NetworkX's k_core), made by graph:subgraph. */
static int structure_k_core(lua_State *L)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    lua_settop(L, 3);  /* the options' slot, before anything is pushed */
    cpg_lua_check_options(L, 3, allowed);
    igraph_vector_int_t *cores = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_coreness(cpg_graph_igraph(g), cores,
                                            cpg_lua_opt_mode(L, 3, IGRAPH_ALL)), "k_core");
    lua_getmetatable(L, 1);  /* the class's own subgraph, not what a plugin may have put there */
    lua_getfield(L, -1, "methods");
    lua_getfield(L, -1, "subgraph");
    lua_pushvalue(L, 1);
    lua_newtable(L);
    lua_Integer n = 0;
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(cores); v++)
        if (VECTOR(*cores)[v] >= k) {
            lua_pushstring(L, cpg_graph_node_id(g, v));
            lua_rawseti(L, -2, ++n);
        }
    lua_call(L, 2, 1);
    return 1;
}

/* graph:biconnected_components() -> lists of ids: the maximal groups that no single node's
 * removal disconnects (directions ignored), largest first, then by their first node; an
 * articulation point is in several (NetworkX's biconnected_components). */
static int structure_biconnected_components(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    igraph_vector_int_list_t *groups = cpg_lua_new_int_vector_list(L);
    igraph_integer_t count;
    cpg_lua_check_igraph(L, igraph_biconnected_components(ig, &count, NULL, NULL, groups, NULL),
                         "biconnected_components");
    for (igraph_integer_t i = 0; i < count; i++)
        igraph_vector_int_sort(igraph_vector_int_list_get_ptr(groups, i));
    igraph_vector_int_list_sort(groups, by_size_then_first);
    lua_createtable(L, (int)count, 0);
    for (igraph_integer_t i = 0; i < count; i++) {
        push_in_order(L, g, igraph_vector_int_list_get_ptr(groups, i), false);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static const luaL_Reg structure[] = {
    {"density", structure_density},
    {"reciprocity", structure_reciprocity},
    {"transitivity", structure_transitivity},
    {"clustering", structure_clustering},
    {"eccentricity", structure_eccentricity},
    {"diameter", structure_diameter},
    {"radius", structure_radius},
    {"bridges", structure_bridges},
    {"articulation_points", structure_articulation_points},
    {"edge_betweenness", structure_edge_betweenness},
    {"edges_between", structure_edges_between},
    {"assortativity", structure_assortativity},
    {"simple_paths", structure_simple_paths},
    {"k_core", structure_k_core},
    {"biconnected_components", structure_biconnected_components},
    {NULL, NULL},
};

void cpg_lua_open_structure(lua_State *L)
{
    luaL_setfuncs(L, structure, 0);
    cpg_lua_note_methods(structure);
}
