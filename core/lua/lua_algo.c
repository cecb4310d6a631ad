/* lua_algo.c: measures, communities, components and shortest paths as Graph methods. Each
 * measure returns a table id -> number; the conventions are documented in docs/lua-api.md. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lua_algo.h"
#include "lua_graph.h"
#include "lua_util.h"

#define OPTS 2 /* every measure takes its options table as argument #1 after self */

static igraph_real_t others(const cpg_graph *g)
{
    igraph_integer_t n = cpg_graph_node_count(g);
    return n > 1 ? (igraph_real_t)(n - 1) : 1.0;
}

/* Pushes VALUES as id -> number after dividing by DIVISOR and mapping NaN (igraph's value for
 * undefined cases, such as the closeness of an isolated node) to 0, as NetworkX does, and -0
 * to 0. For the iterative (spectral) measures, values within solver noise of 0 (|x| below
 * 1e-12 times the largest) become 0: "5.551e-17" helps nobody. */
static int push_values(lua_State *L, const cpg_graph *g, igraph_vector_t *values, double divisor,
                       bool iterative)
{
    double largest = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_size(values); i++) {
        double x = VECTOR(*values)[i] / divisor;
        VECTOR(*values)[i] = isnan(x) || x == 0 ? 0.0 : x;
        largest = fmax(largest, fabs(VECTOR(*values)[i]));
    }
    for (igraph_integer_t i = 0; iterative && i < igraph_vector_size(values); i++)
        if (fabs(VECTOR(*values)[i]) <= 1e-12 * largest)
            VECTOR(*values)[i] = 0.0;
    cpg_lua_push_vertex_values(L, g, values);
    return 1;
}

static int push_scaled(lua_State *L, const cpg_graph *g, igraph_vector_t *values, double divisor)
{
    return push_values(L, g, values, divisor, false);
}

static int push_iterative(lua_State *L, const cpg_graph *g, igraph_vector_t *values,
                          double divisor)
{
    return push_values(L, g, values, divisor, true);
}

/* ---- degree and strength ---------------------------------------------------------------- */

static int measure_degree(lua_State *L)
{
    static const char *const allowed[] = {"mode", "loops", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_ALL);
    bool loops = cpg_lua_opt_bool(L, OPTS, "loops", true);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_strength(ig, res, igraph_vss_all(), mode, loops, NULL), "degree");
    return push_scaled(L, g, res, normalized ? others(g) : 1.0);
}

static int measure_strength(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "loops", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_ALL);
    bool loops = cpg_lua_opt_bool(L, OPTS, "loops", true);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, false);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_strength(ig, res, igraph_vss_all(), mode, loops, weights),
                         "strength");
    return push_scaled(L, g, res, normalized ? others(g) : 1.0);
}

/* ---- path-based measures ---------------------------------------------------------------- */

/* Betweenness: igraph's raw counts (each pair once in undirected graphs); normalized divides
 * by the number of pairs, (n-1)(n-2) ordered or (n-1)(n-2)/2 unordered, as NetworkX does. */
static int measure_betweenness(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    bool directed = cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT) != IGRAPH_ALL && igraph_is_directed(ig);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_betweenness(ig, res, igraph_vss_all(), directed, weights),
                         "betweenness");
    double n = (double)cpg_graph_node_count(g), pairs = (n - 1) * (n - 2);
    double divisor = normalized && n > 2 ? (directed ? pairs : pairs / 2) : 1.0;
    return push_scaled(L, g, res, divisor);
}

/* Closeness over the reachable nodes only. Raw: 1 / (sum of distances). Normalized: NetworkX's
 * Wasserman-Faust form, (r/(n-1)) * (r / sum), r the number of nodes reached. */
static int measure_closeness(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    igraph_vector_int_t *reached = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_closeness(ig, res, reached, NULL, igraph_vss_all(), mode,
                                             weights, normalized), "closeness");
    for (igraph_integer_t v = 0; normalized && v < igraph_vector_size(res); v++)
        VECTOR(*res)[v] *= (double)VECTOR(*reached)[v] / others(g);
    return push_scaled(L, g, res, 1.0);
}

/* Harmonic: the sum of 1/distance over the other nodes; normalized divides by n-1. */
static int measure_harmonic(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_harmonic_centrality(ig, res, igraph_vss_all(), mode, weights,
                                                       normalized), "harmonic");
    return push_scaled(L, g, res, 1.0);
}

/* ---- spectral measures ------------------------------------------------------------------ */

/* Rescales VALUES to unit Euclidean length (NetworkX) or leaves igraph's maximum of 1. */
static double euclidean_norm(const igraph_vector_t *values)
{
    double sum = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_size(values); i++)
        sum += VECTOR(*values)[i] * VECTOR(*values)[i];
    return sum > 0 ? sqrt(sum) : 1.0;
}

static double total(const igraph_vector_t *values)
{
    double sum = igraph_vector_sum(values);
    return sum != 0 ? sum : 1.0;
}

/* Eigenvector: scaled so that the largest is 1 (igraph); normalized: unit Euclidean norm
 * (NetworkX). In directed graphs a node is central when central nodes point to it. */
static int measure_eigenvector(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    bool directed = cpg_lua_opt_mode(L, OPTS, IGRAPH_IN) != IGRAPH_ALL;
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, false);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    igraph_real_t value;
    cpg_lua_check_igraph(L, igraph_eigenvector_centrality(ig, res, &value, directed, true,
                                                          weights, NULL), "eigenvector");
    if (directed && igraph_ecount(ig) > 0 && igraph_vector_isnull(res))
        cpg_igraph_warning_add("every eigenvector centrality is 0, as in any directed graph "
                               "without a cycle; mode = \"all\" (-a mode=all in the centrality "
                               "plugin) ignores direction");
    return push_iterative(L, g, res, normalized ? euclidean_norm(res) : 1.0);
}

/* The personalization table (id -> weight) of pagerank as a reset vector, or NULL. */
static igraph_vector_t *reset_vector(lua_State *L, const cpg_graph *g)
{
    if (lua_isnoneornil(L, OPTS))
        return NULL;
    lua_pushliteral(L, "personalization");
    if (lua_rawget(L, OPTS) == LUA_TNIL)
        return NULL;
    int table = lua_gettop(L);
    luaL_argexpected(L, lua_istable(L, table), OPTS, "personalization table");
    igraph_vector_t *reset = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_vector_resize(reset, cpg_graph_node_count(g)), "pagerank");
    igraph_vector_null(reset);
    for (lua_pushnil(L); lua_next(L, table); lua_pop(L, 1)) {
        lua_pushvalue(L, -2); /* a copy: turning an integer key into text would break lua_next */
        igraph_integer_t v = cpg_lua_value_vertex(L, 1, lua_gettop(L), OPTS,
                                                  " in personalization");
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TNUMBER || !isfinite(lua_tonumber(L, -1)) ||
            lua_tonumber(L, -1) < 0)
            luaL_argerror(L, OPTS, "personalization weights must be numbers of 0 or more");
        VECTOR(*reset)[v] = lua_tonumber(L, -1);
    }
    return reset;
}

/* PageRank (PRPACK): sums to 1, damping 0.85 by default, as NetworkX. */
static int measure_pagerank(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "normalized", "damping",
                                          "personalization", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    bool directed = cpg_lua_opt_mode(L, OPTS, IGRAPH_OUT) != IGRAPH_ALL;
    double damping = cpg_lua_opt_number(L, OPTS, "damping", 0.85);
    luaL_argcheck(L, damping >= 0 && damping <= 1, OPTS, "damping must be between 0 and 1");
    cpg_lua_opt_bool(L, OPTS, "normalized", true); /* accepted for symmetry: always sums to 1 */
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_t *reset = reset_vector(L, g);
    igraph_vector_t *res = cpg_lua_new_vector(L);
    igraph_real_t value;
    cpg_lua_check_igraph(L, igraph_personalized_pagerank(ig, IGRAPH_PAGERANK_ALGO_PRPACK, res,
                         &value, igraph_vss_all(), directed, damping, reset, weights, NULL),
                         "pagerank");
    return push_iterative(L, g, res, 1.0);
}

/* HITS: the largest score is 1 (igraph); normalized: scores sum to 1 (NetworkX). */
static int hits(lua_State *L, bool want_hubs)
{
    static const char *const allowed[] = {"weights", "normalized", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    bool normalized = cpg_lua_opt_bool(L, OPTS, "normalized", false);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_t *hub = cpg_lua_new_vector(L);
    igraph_vector_t *authority = cpg_lua_new_vector(L);
    igraph_real_t value;
    cpg_lua_check_igraph(L, igraph_hub_and_authority_scores(ig, hub, authority, &value, true,
                                                            weights, NULL),
                         want_hubs ? "hubs" : "authorities");
    igraph_vector_t *res = want_hubs ? hub : authority;
    return push_iterative(L, g, res, normalized ? total(res) : 1.0);
}

static int measure_hubs(lua_State *L) { return hits(L, true); }
static int measure_authorities(lua_State *L) { return hits(L, false); }

/* Coreness: the largest k of a k-core holding the node (NetworkX's core_number). */
static int measure_coreness(lua_State *L)
{
    static const char *const allowed[] = {"mode", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, OPTS, IGRAPH_ALL);
    igraph_vector_int_t *cores = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_coreness(ig, cores, mode), "coreness");
    lua_createtable(L, 0, (int)igraph_vector_int_size(cores));
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(cores); v++) {
        lua_pushinteger(L, (lua_Integer)VECTOR(*cores)[v]);
        lua_setfield(L, -2, cpg_graph_node_id(g, v));
    }
    return 1;
}

/* ---- groups of nodes: communities and components ---------------------------------------- */

typedef struct group_order {
    igraph_integer_t label, size, first;
} group_order;

static int by_size_then_first(const void *a, const void *b)
{
    const group_order *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->first > y->first) - (x->first < y->first);
}

/* Renumbers MEMBERSHIP in place to 0..k-1 by group size, largest first (ties: the group whose
 * first node comes first), so that numbers mean the same run after run. Returns k. */
static igraph_integer_t number_by_size(lua_State *L, igraph_vector_int_t *membership)
{
    igraph_integer_t n = igraph_vector_int_size(membership), k = 0;
    cpg_lua_check_igraph(L, igraph_reindex_membership(membership, NULL, &k), "communities");
    group_order *order = lua_newuserdatauv(L, ((size_t)k + 1) * sizeof *order, 0);
    for (igraph_integer_t c = 0; c < k; c++)
        order[c] = (group_order){c, 0, n};
    for (igraph_integer_t v = n - 1; v >= 0; v--) {
        group_order *o = &order[VECTOR(*membership)[v]];
        o->size++;
        o->first = v;
    }
    qsort(order, (size_t)k, sizeof *order, by_size_then_first);
    igraph_integer_t *rank = lua_newuserdatauv(L, ((size_t)k + 1) * sizeof *rank, 0);
    for (igraph_integer_t c = 0; c < k; c++)
        rank[order[c].label] = c;
    for (igraph_integer_t v = 0; v < n; v++)
        VECTOR(*membership)[v] = rank[VECTOR(*membership)[v]];
    lua_pop(L, 2);
    return k;
}

/* Pushes {{ids of group 1}, {ids of group 2}, ...} in the renumbered order. */
static void push_groups(lua_State *L, const cpg_graph *g, const igraph_vector_int_t *membership,
                        igraph_integer_t k)
{
    lua_createtable(L, (int)k, 0);
    for (igraph_integer_t c = 0; c < k; c++) {
        lua_newtable(L);
        lua_rawseti(L, -2, (lua_Integer)c + 1);
    }
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(membership); v++) {
        lua_rawgeti(L, -1, (lua_Integer)VECTOR(*membership)[v] + 1);
        lua_pushstring(L, cpg_graph_node_id(g, v));
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
        lua_pop(L, 1);
    }
}

/* components([mode]): lists of ids, largest first; "weak" (default) or "strong". */
static int graph_components(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    static const char *const modes[] = {"weak", "strong", NULL};
    int strong = luaL_checkoption(L, 2, "weak", modes);
    igraph_vector_int_t *membership = cpg_lua_new_int_vector(L);
    igraph_integer_t k;
    cpg_lua_check_igraph(L, igraph_connected_components(cpg_graph_igraph(g), membership, NULL, &k,
                                                        strong ? IGRAPH_STRONG : IGRAPH_WEAK),
                         "components");
    k = number_by_size(L, membership);
    push_groups(L, g, membership, k);
    return 1;
}

/* The graph itself, or for a directed one an undirected copy with every edge kept (so that
 * weights still line up), owned by a scratch userdata left on the stack. */
static const igraph_t *undirected_view(lua_State *L, const cpg_graph *g)
{
    if (!cpg_graph_directed(g))
        return cpg_graph_igraph(g);
    igraph_t *copy = cpg_lua_new_igraph_copy(L, cpg_graph_igraph(g));
    cpg_lua_check_igraph(L, igraph_to_undirected(copy, IGRAPH_TO_UNDIRECTED_EACH, NULL),
                         "communities");
    return copy;
}

typedef struct community_opts {
    const char *method;
    double resolution, beta;
    lua_Integer steps, trials, iterations;
    const igraph_vector_t *weights;
} community_opts;

/* Whether an edge of positive weight joins two distinct nodes: without one, there is nothing
 * to group, and igraph's Leiden would move nodes about until the time limit. */
static bool has_a_tie(const igraph_t *ig, const igraph_vector_t *weights)
{
    for (igraph_integer_t e = 0; e < igraph_ecount(ig); e++)
        if (IGRAPH_FROM(ig, e) != IGRAPH_TO(ig, e) && (!weights || VECTOR(*weights)[e] > 0))
            return true;
    return false;
}

static void leiden_modularity(lua_State *L, const igraph_t *ig, const community_opts *o,
                              igraph_vector_int_t *membership)
{
    if (!has_a_tie(ig, o->weights)) {  /* every node a community of its own, at once */
        cpg_lua_check_igraph(L, igraph_vector_int_resize(membership, igraph_vcount(ig)),
                             "communities");
        for (igraph_integer_t v = 0; v < igraph_vcount(ig); v++)
            VECTOR(*membership)[v] = v;
        return;
    }
    /* Leiden optimises modularity when node weights are strengths and the resolution is
     * divided by twice the total edge weight (igraph's documentation). */
    igraph_vector_t *strength = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_strength(ig, strength, igraph_vss_all(), IGRAPH_ALL, true,
                                            o->weights), "communities");
    double two_m = igraph_vector_sum(strength);
    igraph_integer_t clusters;
    igraph_real_t quality;
    cpg_lua_check_igraph(L, igraph_community_leiden(ig, o->weights, strength,
                         two_m > 0 ? o->resolution / two_m : o->resolution, o->beta, false,
                         (igraph_integer_t)o->iterations, membership, &clusters, &quality),
                         "communities");
    lua_pop(L, 1);
}

static void run_method(lua_State *L, const cpg_graph *g, const community_opts *o,
                       igraph_vector_int_t *membership)
{
    const char *m = o->method;
    if (strcmp(m, "infomap") == 0) {
        igraph_real_t codelength;
        cpg_lua_check_igraph(L, igraph_community_infomap(cpg_graph_igraph(g), o->weights, NULL,
                             (igraph_integer_t)o->trials, membership, &codelength), "communities");
        return;
    }
    if (strcmp(m, "label_propagation") == 0) {
        cpg_lua_check_igraph(L, igraph_community_label_propagation(cpg_graph_igraph(g), membership,
                             IGRAPH_ALL, o->weights, NULL, NULL), "communities");
        return;
    }
    const igraph_t *ig = undirected_view(L, g);
    if (strcmp(m, "louvain") == 0 || strcmp(m, "multilevel") == 0)
        cpg_lua_check_igraph(L, igraph_community_multilevel(ig, o->weights, o->resolution,
                             membership, NULL, NULL), "communities");
    else if (strcmp(m, "leiden") == 0)
        leiden_modularity(L, ig, o, membership);
    else if (strcmp(m, "walktrap") == 0) /* the dendrogram is cut at its best modularity */
        cpg_lua_check_igraph(L, igraph_community_walktrap(ig, o->weights,
                             (igraph_integer_t)o->steps, cpg_lua_new_int_matrix(L),
                             cpg_lua_new_vector(L), membership), "communities");
    else
        luaL_argerror(L, OPTS, lua_pushfstring(L, "unknown method '%s' (louvain, leiden, "
                      "label_propagation, walktrap or infomap)", m));
}

/* Options that only some methods take: given to another, they would silently do nothing. */
static void check_method_options(lua_State *L, const char *method)
{
    static const struct { const char *option, *methods; } only[] = {
        {"resolution", " louvain multilevel leiden "}, {"steps", " walktrap "},
        {"trials", " infomap "}, {"beta", " leiden "}, {"iterations", " leiden "},
    };
    if (!lua_istable(L, OPTS))
        return;
    char padded[64];
    snprintf(padded, sizeof padded, " %s ", method);
    for (size_t i = 0; i < sizeof only / sizeof *only; i++) {
        lua_pushstring(L, only[i].option);
        bool given = lua_rawget(L, OPTS) != LUA_TNIL;
        lua_pop(L, 1);
        if (given && !strstr(only[i].methods, padded))
            luaL_argerror(L, OPTS, lua_pushfstring(L, "option '%s' does not apply to method '%s'",
                                                   only[i].option, method));
    }
}

/* communities{method=..., weights=..., resolution=...}: {membership = {id -> 1..k},
 * groups = {{ids}...}, count = k, modularity = Q at resolution 1 (NetworkX's modularity),
 * resolution = r, quality = Q at r (what louvain and leiden optimise), method = name}.
 * Communities are numbered by size, largest first; modularity is computed on the graph taken
 * as undirected. */
static int graph_communities(lua_State *L)
{
    static const char *const allowed[] = {"method", "weights", "resolution", "steps", "trials",
                                          "beta", "iterations", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    community_opts o = {
        .method = cpg_lua_opt_string(L, OPTS, "method", "louvain"),
        .resolution = cpg_lua_opt_number(L, OPTS, "resolution", 1.0),
        .beta = cpg_lua_opt_number(L, OPTS, "beta", 0.01),
        .steps = cpg_lua_opt_integer(L, OPTS, "steps", 4),
        .trials = cpg_lua_opt_integer(L, OPTS, "trials", 10),
        .iterations = cpg_lua_opt_integer(L, OPTS, "iterations", -1),
    };
    check_method_options(L, o.method);
    luaL_argcheck(L, o.resolution >= 0, OPTS, "resolution must be 0 or more");
    luaL_argcheck(L, o.steps > 0 && o.trials > 0, OPTS, "steps and trials must be positive");
    o.weights = cpg_lua_opt_weights(L, 1, OPTS, true);
    igraph_vector_int_t *membership = cpg_lua_new_int_vector(L);
    if (cpg_graph_node_count(g) > 0)
        run_method(L, g, &o, membership);
    igraph_real_t q = NAN, quality = NAN;  /* a quality at another resolution is no modularity */
    if (cpg_graph_edge_count(g) > 0) {
        cpg_lua_check_igraph(L, igraph_modularity(ig, membership, o.weights, 1.0, false, &q),
                             "communities");
        cpg_lua_check_igraph(L, igraph_modularity(ig, membership, o.weights, o.resolution,
                                                  false, &quality), "communities");
    }
    igraph_integer_t k = igraph_vector_int_size(membership) ? number_by_size(L, membership) : 0;

    lua_createtable(L, 0, 7);
    lua_createtable(L, 0, (int)cpg_graph_node_count(g));
    for (igraph_integer_t v = 0; v < igraph_vector_int_size(membership); v++) {
        lua_pushinteger(L, (lua_Integer)VECTOR(*membership)[v] + 1);
        lua_setfield(L, -2, cpg_graph_node_id(g, v));
    }
    lua_setfield(L, -2, "membership");
    push_groups(L, g, membership, k);
    lua_setfield(L, -2, "groups");
    lua_pushinteger(L, (lua_Integer)k);
    lua_setfield(L, -2, "count");
    lua_pushnumber(L, isnan(q) ? 0.0 : q);
    lua_setfield(L, -2, "modularity");
    lua_pushnumber(L, o.resolution);
    lua_setfield(L, -2, "resolution");
    lua_pushnumber(L, isnan(quality) ? 0.0 : quality);
    lua_setfield(L, -2, "quality");
    lua_pushstring(L, o.method);
    lua_setfield(L, -2, "method");
    return 1;
}

/* ---- shortest paths --------------------------------------------------------------------- */

/* Pushes {nodes = {ids}, edges = {Edge handles}} for one path. */
static void push_path(lua_State *L, const cpg_graph *g, const igraph_vector_int_t *vertices,
                      const igraph_vector_int_t *edges)
{
    lua_createtable(L, 0, 2);
    cpg_lua_push_ids(L, g, vertices);
    lua_setfield(L, -2, "nodes");
    cpg_lua_push_edges(L, 1, edges);
    lua_setfield(L, -2, "edges");
}

/* shortest_path(from, to[, {weights=, mode=}]) -> list of ids, list of Edges; nil if none. */
static int graph_shortest_path(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", NULL};
    cpg_graph *g;
    igraph_integer_t to, from = cpg_lua_pair_and_options(L, &g, &to, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 4, IGRAPH_OUT);
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, 4, true);
    igraph_vector_int_t *vertices = cpg_lua_new_int_vector(L), *edges = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_get_shortest_path_dijkstra(cpg_graph_igraph(g), vertices, edges,
                         from, to, weights, mode), "shortest_path");
    if (igraph_vector_int_size(vertices) == 0) {
        lua_pushnil(L);
        return 1;
    }
    push_path(L, g, vertices, edges);
    lua_getfield(L, -1, "nodes");
    lua_getfield(L, -2, "edges");
    return 2;
}

/* shortest_paths(from, to[, {k=, weights=, mode=}]) -> list of {nodes=, edges=}: every shortest
 * path, or with k the k shortest (Yen's algorithm), shortest first. */
static int graph_shortest_paths(lua_State *L)
{
    static const char *const allowed[] = {"weights", "mode", "k", NULL};
    cpg_graph *g;
    igraph_integer_t to, from = cpg_lua_pair_and_options(L, &g, &to, allowed);
    igraph_neimode_t mode = cpg_lua_opt_mode(L, 4, IGRAPH_OUT);
    lua_Integer k = cpg_lua_opt_integer(L, 4, "k", 0);
    luaL_argcheck(L, k >= 0, 4, "k must be 0 (all shortest) or more");
    igraph_vector_t *weights = cpg_lua_opt_weights(L, 1, 4, true);
    igraph_vector_int_list_t *vpaths = cpg_lua_new_int_vector_list(L);
    igraph_vector_int_list_t *epaths = cpg_lua_new_int_vector_list(L);
    const igraph_t *ig = cpg_graph_igraph(g);
    if (k > 0)
        cpg_lua_check_igraph(L, igraph_get_k_shortest_paths(ig, weights, vpaths, epaths,
                             (igraph_integer_t)k, from, to, mode), "shortest_paths");
    else
        cpg_lua_check_igraph(L, igraph_get_all_shortest_paths_dijkstra(ig, vpaths, epaths, NULL,
                             from, igraph_vss_1(to), weights, mode), "shortest_paths");
    igraph_integer_t n = igraph_vector_int_list_size(vpaths);
    lua_createtable(L, (int)n, 0);
    for (igraph_integer_t i = 0; i < n; i++) {
        push_path(L, g, igraph_vector_int_list_get_ptr(vpaths, i),
                  igraph_vector_int_list_get_ptr(epaths, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

static const luaL_Reg algorithms[] = {
    {"degree", measure_degree},
    {"strength", measure_strength},
    {"betweenness", measure_betweenness},
    {"closeness", measure_closeness},
    {"harmonic", measure_harmonic},
    {"eigenvector", measure_eigenvector},
    {"pagerank", measure_pagerank},
    {"hubs", measure_hubs},
    {"authorities", measure_authorities},
    {"coreness", measure_coreness},
    {"communities", graph_communities},
    {"components", graph_components},
    {"shortest_path", graph_shortest_path},
    {"shortest_paths", graph_shortest_paths},
    {NULL, NULL},
};

int cpg_lua_open_algorithms(lua_State *L)
{
    luaL_setfuncs(L, algorithms, 0);
    cpg_lua_note_methods(algorithms);
    return 0;
}
