/* lua_structure.c: the structure of a Graph as methods: density, reciprocity, transitivity and
 * clustering, eccentricity with diameter and radius, bridges and articulation points, each with
 * NetworkX's convention (docs/lua-api.md says where igraph's differs and which one is kept). */
#include <math.h>

#include "lua_graph.h"
#include "lua_structure.h"
#include "lua_util.h"

#define OPTS 2 /* options come after self */

static const igraph_t *graph_arg(lua_State *L, cpg_graph **g, const char *const *allowed)
{
    *g = cpg_lua_check_graph(L, 1);
    cpg_lua_check_options(L, OPTS, allowed);
    return cpg_graph_igraph(*g);
}

/* graph:density{loops = false} -> m / (n (n - 1)), halved for undirected graphs (NetworkX's
 * density, which counts parallel edges too); 0 for fewer than two nodes. */
static int structure_density(lua_State *L)
{
    static const char *const allowed[] = {"loops", NULL};
    cpg_graph *g;
    const igraph_t *ig = graph_arg(L, &g, allowed);
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
    const igraph_t *ig = graph_arg(L, &g, NULL);
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
    const igraph_t *ig = graph_arg(L, &g, NULL);
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
    const igraph_t *ig = graph_arg(L, &g, allowed);
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
    const igraph_t *ig = graph_arg(L, &g, allowed);
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
    const igraph_t *ig = graph_arg(L, &g, allowed);
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

/* Pushes ITEMS (edge or node indices) sorted, in graph order, as a list of edge handles
 * (EDGES) or of node ids. */
static int push_in_order(lua_State *L, const cpg_graph *g, igraph_vector_int_t *items,
                         bool edges)
{
    igraph_vector_int_sort(items);
    lua_createtable(L, (int)igraph_vector_int_size(items), 0);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(items); i++) {
        if (edges)
            cpg_lua_push_edge(L, 1, VECTOR(*items)[i]);
        else
            lua_pushstring(L, cpg_graph_node_id(g, VECTOR(*items)[i]));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* graph:bridges() -> the edges whose removal disconnects their ends (directions ignored; of
 * parallel edges none is a bridge), in graph order. */
static int structure_bridges(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = graph_arg(L, &g, NULL);
    igraph_vector_int_t *edges = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_bridges(ig, edges), "bridges");
    return push_in_order(L, g, edges, true);
}

/* graph:articulation_points() -> the ids of the nodes whose removal disconnects the others
 * (directions ignored), in graph order. */
static int structure_articulation_points(lua_State *L)
{
    cpg_graph *g;
    const igraph_t *ig = graph_arg(L, &g, NULL);
    igraph_vector_int_t *nodes = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_articulation_points(ig, nodes), "articulation_points");
    return push_in_order(L, g, nodes, false);
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
    {NULL, NULL},
};

void cpg_lua_open_structure(lua_State *L)
{
    luaL_setfuncs(L, structure, 0);
    cpg_lua_note_methods(structure);
}
