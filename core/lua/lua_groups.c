/* lua_groups.c: what nodes share, as Graph methods: cliques and maximal cliques, the triad
 * census, neighbourhood similarity for link prediction (Jaccard, Dice, Adamic-Adar) and the
 * projection of a two-mode graph, each with NetworkX's convention (docs/lua-api.md, "Cliques,
 * triads and similarity"). */
#include <math.h>
#include <string.h>

#include "lua_graph.h"
#include "lua_groups.h"
#include "lua_util.h"
#include "lua_value.h"

#define OPTS 2 /* options come after self */

/* Orders cliques (sorted vectors of node indices) largest first, then by their members. */
static int by_size_then_members(const igraph_vector_int_t *a, const igraph_vector_int_t *b)
{
    igraph_integer_t x = igraph_vector_int_size(a), y = igraph_vector_int_size(b);
    if (x != y)
        return x < y ? 1 : -1;
    for (igraph_integer_t i = 0; i < x; i++)
        if (VECTOR(*a)[i] != VECTOR(*b)[i])
            return VECTOR(*a)[i] < VECTOR(*b)[i] ? -1 : 1;
    return 0;
}

/* Pushes GROUPS as lists of ids, each in graph order, largest first, then by members. */
static void push_groups(lua_State *L, const cpg_graph *g, igraph_vector_int_list_t *groups)
{
    igraph_integer_t count = igraph_vector_int_list_size(groups);
    for (igraph_integer_t i = 0; i < count; i++)
        igraph_vector_int_sort(igraph_vector_int_list_get_ptr(groups, i));
    igraph_vector_int_list_sort(groups, by_size_then_members);
    lua_createtable(L, (int)count, 0);
    for (igraph_integer_t i = 0; i < count; i++) {
        cpg_lua_push_ids(L, g, igraph_vector_int_list_get_ptr(groups, i));
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
}

/* graph:cliques{min, max} and graph:max_cliques{min, max}: every complete subgraph of MIN to
 * MAX nodes (0: no bound), or only the maximal ones (NetworkX's enumerate_all_cliques and
 * find_cliques), directions ignored. */
static int find_cliques(lua_State *L, bool maximal, const char *what)
{
    static const char *const allowed[] = {"min", "max", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    lua_Integer min = cpg_lua_opt_integer(L, OPTS, "min", 0);
    lua_Integer max = cpg_lua_opt_integer(L, OPTS, "max", 0);
    luaL_argcheck(L, min >= 0 && max >= 0, OPTS, "min and max must be 0 (no bound) or more");
    luaL_argcheck(L, max == 0 || min <= max, OPTS, "min must not exceed max");
    if (igraph_is_directed(ig)) {  /* as documented, and without igraph's warning */
        igraph_t *undirected = cpg_lua_new_igraph_copy(L, ig);
        cpg_lua_check_igraph(L, igraph_to_undirected(undirected, IGRAPH_TO_UNDIRECTED_COLLAPSE,
                                                     NULL), what);
        ig = undirected;
    }
    igraph_vector_int_list_t *groups = cpg_lua_new_int_vector_list(L);
    if (maximal)
        cpg_lua_check_igraph(L, igraph_maximal_cliques(ig, groups, (igraph_integer_t)min,
                                                       (igraph_integer_t)max), what);
    else
        cpg_lua_check_igraph(L, igraph_cliques(ig, groups, (igraph_integer_t)min,
                                               (igraph_integer_t)max), what);
    push_groups(L, g, groups);
    return 1;
}

static int groups_cliques(lua_State *L)
{
    return find_cliques(L, false, "cliques");
}

static int groups_max_cliques(lua_State *L)
{
    return find_cliques(L, true, "max_cliques");
}

/* graph:triad_census() -> code -> count: how many triples of nodes are joined in each of the
 * 16 ways (the codes of Holland and Leinhardt, as NetworkX's triadic_census). Directed only. */
static int groups_triad_census(lua_State *L)
{
    static const char *const codes[16] = {"003", "012", "102", "021D", "021U", "021C",
                                          "111D", "111U", "030T", "030C", "201", "120D",
                                          "120U", "120C", "210", "300"};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, NULL);
    if (!igraph_is_directed(ig))
        return luaL_error(L, "triad_census: the graph is undirected; triads need directions "
                          "(as in NetworkX)");
    igraph_vector_t *counts = cpg_lua_new_vector(L);
    cpg_lua_check_igraph(L, igraph_triad_census(ig, counts), "triad_census");
    lua_createtable(L, 0, 16);
    for (int i = 0; i < 16; i++) {
        lua_pushinteger(L, (lua_Integer)VECTOR(*counts)[i]);
        lua_setfield(L, -2, codes[i]);
    }
    return 1;
}

/* ---- similarity ------------------------------------------------------------------------- */

typedef enum { SIM_JACCARD, SIM_DICE, SIM_ADAMIC_ADAR } sim_method;

/* The distinct neighbours (either way, no loops) of every node, sorted, as one flat vector with
 * offsets: START[v] .. START[v + 1]. Both are scratch vectors on the stack. */
typedef struct neighbourhoods {
    igraph_vector_int_t *flat, *start;
} neighbourhoods;

static neighbourhoods gather_neighbourhoods(lua_State *L, const igraph_t *ig)
{
    igraph_integer_t n = igraph_vcount(ig);
    neighbourhoods nb = {cpg_lua_new_int_vector(L), cpg_lua_new_int_vector(L)};
    igraph_vector_int_t *one = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_vector_int_resize(nb.start, n + 1), "similarity");
    for (igraph_integer_t v = 0; v < n; v++) {
        VECTOR(*nb.start)[v] = igraph_vector_int_size(nb.flat);
        cpg_lua_check_igraph(L, igraph_neighbors(ig, one, v, IGRAPH_ALL), "similarity");
        for (igraph_integer_t i = 0; i < igraph_vector_int_size(one); i++) {
            igraph_integer_t w = VECTOR(*one)[i];  /* sorted: a repeat is a parallel edge */
            if (w != v && (i == 0 || w != VECTOR(*one)[i - 1]))
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(nb.flat, w), "similarity");
        }
    }
    VECTOR(*nb.start)[n] = igraph_vector_int_size(nb.flat);
    lua_pop(L, 1);
    return nb;
}

static igraph_integer_t degree_of(const neighbourhoods *nb, igraph_integer_t v)
{
    return VECTOR(*nb->start)[v + 1] - VECTOR(*nb->start)[v];
}

/* The score of the pair A, B: their shared neighbours against the union (Jaccard), against
 * the mean size (Dice), or each shared neighbour w counted 1 / log(degree of w) (Adamic-Adar). */
static double pair_score(const neighbourhoods *nb, sim_method method, igraph_integer_t a,
                         igraph_integer_t b)
{
    const igraph_integer_t *x = &VECTOR(*nb->flat)[VECTOR(*nb->start)[a]];
    const igraph_integer_t *y = &VECTOR(*nb->flat)[VECTOR(*nb->start)[b]];
    igraph_integer_t nx = degree_of(nb, a), ny = degree_of(nb, b), i = 0, j = 0, shared = 0;
    double adamic_adar = 0;
    while (i < nx && j < ny) {
        if (x[i] < y[j]) {
            i++;
        } else if (x[i] > y[j]) {
            j++;
        } else {
            shared++;
            adamic_adar += 1.0 / log((double)degree_of(nb, x[i]));
            i++, j++;
        }
    }
    switch (method) {
    case SIM_JACCARD: return nx + ny - shared > 0 ? (double)shared / (double)(nx + ny - shared) : 0;
    case SIM_DICE: return nx + ny > 0 ? 2.0 * (double)shared / (double)(nx + ny) : 0;
    case SIM_ADAMIC_ADAR: return adamic_adar;
    }
    return 0;
}

/* The pairs of option "pairs" ({{a, b}, ...}) into PAIRS (2 indices each). */
static void read_pairs(lua_State *L, int opts, igraph_vector_int_t *pairs)
{
    cpg_lua_opt_push(L, opts, "pairs");
    int list = lua_gettop(L);
    luaL_argexpected(L, lua_istable(L, list), opts, "a list of pairs as option 'pairs'");
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    cpg_lua_check_igraph(L, igraph_vector_int_resize(pairs, 2 * n), "similarity");
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE || lua_rawlen(L, -1) != 2)
            luaL_argerror(L, opts, lua_pushfstring(L, "pair %d is not a list of two nodes",
                                                   (int)i));
        for (int k = 1; k <= 2; k++) {
            lua_rawgeti(L, -1, k);
            VECTOR(*pairs)[2 * (i - 1) + k - 1] = cpg_lua_value_vertex(L, 1, -1, opts,
                                                                        " in option 'pairs'");
            lua_pop(L, 1);
        }
        if (VECTOR(*pairs)[2 * (i - 1)] == VECTOR(*pairs)[2 * (i - 1) + 1])
            luaL_argerror(L, opts, lua_pushfstring(L, "pair %d names the same node twice",
                                                   (int)i));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* Every pair of nodes not joined by an edge that share a neighbour: the pairs whose score is
 * above 0, found through each shared neighbour, not by trying all n (n - 1) / 2 pairs. */
static void candidate_pairs(lua_State *L, const neighbourhoods *nb, igraph_vector_int_t *pairs)
{
    igraph_integer_t n = igraph_vector_int_size(nb->start) - 1;
    igraph_vector_int_t *mark = cpg_lua_new_int_vector(L);  /* the last a that reached b */
    cpg_lua_check_igraph(L, igraph_vector_int_resize(mark, n), "similarity");
    igraph_vector_int_fill(mark, -1);
    for (igraph_integer_t a = 0; a < n; a++) {
        for (igraph_integer_t i = VECTOR(*nb->start)[a]; i < VECTOR(*nb->start)[a + 1]; i++)
            VECTOR(*mark)[VECTOR(*nb->flat)[i]] = a;  /* a's neighbours are joined already */
        for (igraph_integer_t i = VECTOR(*nb->start)[a]; i < VECTOR(*nb->start)[a + 1]; i++) {
            igraph_integer_t w = VECTOR(*nb->flat)[i];
            for (igraph_integer_t j = VECTOR(*nb->start)[w]; j < VECTOR(*nb->start)[w + 1]; j++) {
                igraph_integer_t b = VECTOR(*nb->flat)[j];
                if (b <= a || VECTOR(*mark)[b] == a)
                    continue;
                VECTOR(*mark)[b] = a;
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(pairs, a), "similarity");
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(pairs, b), "similarity");
            }
        }
    }
    lua_pop(L, 1);
}

/* A pair with its score; sorted best first, then by its ends. */
typedef struct scored_pair {
    double score;
    igraph_integer_t a, b;
} scored_pair;

static int by_score(const void *x, const void *y)
{
    const scored_pair *p = x, *q = y;
    if (p->score != q->score)
        return p->score > q->score ? -1 : 1;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    return (p->b > q->b) - (p->b < q->b);
}

/* graph:similarity{method = "jaccard", pairs, top = 0} -> list of {a, b, score}: how alike the
 * neighbourhoods of two nodes are (directions ignored, as NetworkX's functions are for
 * undirected graphs only), for the PAIRS given (in their order) or, by
 * default, for every pair not joined by an edge that shares a neighbour, best first (NetworkX's
 * jaccard_coefficient and adamic_adar_index, which list the pairs that score 0 too); TOP keeps
 * the first TOP. */
static int groups_similarity(lua_State *L)
{
    static const char *const allowed[] = {"method", "pairs", "top", NULL};
    static const char *const methods[] = {"jaccard", "dice", "adamic_adar", NULL};
    cpg_graph *g;
    const igraph_t *ig = cpg_lua_graph_and_options(L, &g, allowed);
    const char *name = cpg_lua_opt_string(L, OPTS, "method", "jaccard");
    int method = 0;
    while (methods[method] && strcmp(methods[method], name) != 0)
        method++;
    if (!methods[method])
        return luaL_argerror(L, OPTS, lua_pushfstring(L, "unknown method '%s' (jaccard, dice or "
                                                      "adamic_adar)", name));
    lua_Integer top = cpg_lua_opt_integer(L, OPTS, "top", 0);
    luaL_argcheck(L, top >= 0, OPTS, "top must be 0 (all) or more");
    bool given = cpg_lua_opt_push(L, OPTS, "pairs") != LUA_TNIL;
    lua_pop(L, 1);
    neighbourhoods nb = gather_neighbourhoods(L, ig);
    igraph_vector_int_t *pairs = cpg_lua_new_int_vector(L);
    if (given)
        read_pairs(L, OPTS, pairs);
    else
        candidate_pairs(L, &nb, pairs);
    size_t count = (size_t)igraph_vector_int_size(pairs) / 2;
    scored_pair *scored = lua_newuserdatauv(L, count * sizeof *scored + 1, 0);
    for (size_t i = 0; i < count; i++) {
        scored[i].a = VECTOR(*pairs)[2 * i], scored[i].b = VECTOR(*pairs)[2 * i + 1];
        scored[i].score = pair_score(&nb, (sim_method)method, scored[i].a, scored[i].b);
    }
    if (!given && count > 0)
        qsort(scored, count, sizeof *scored, by_score);
    size_t shown = top > 0 && (size_t)top < count ? (size_t)top : count;
    lua_createtable(L, (int)shown, 0);
    for (size_t i = 0; i < shown; i++) {
        lua_createtable(L, 3, 0);
        lua_pushstring(L, cpg_graph_node_id(g, scored[i].a));
        lua_rawseti(L, -2, 1);
        lua_pushstring(L, cpg_graph_node_id(g, scored[i].b));
        lua_rawseti(L, -2, 2);
        lua_pushnumber(L, scored[i].score);
        lua_rawseti(L, -2, 3);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    return 1;
}

/* ---- projection ------------------------------------------------------------------------ */

/* Flags (pushed on the stack) of the nodes whose attribute NAME equals the value at
 * VALUE_IDX; raises when none does. */
static bool *kind_flags(lua_State *L, const cpg_graph *g, const char *name, int value_idx)
{
    igraph_integer_t n = cpg_graph_node_count(g), kept = 0;
    bool *flags = lua_newuserdatauv(L, (size_t)n + 1, 0);
    cpg_value value;
    bool known = cpg_lua_find_value(L, value_idx, g, &value);
    for (igraph_integer_t v = 0; v < n; v++) {
        cpg_value x = cpg_graph_get(g, CPG_NODES, v, name);
        flags[v] = known && cpg_value_equal(&x, &value);
        kept += flags[v];
    }
    if (kept == 0)
        luaL_error(L, "bipartite_projection: no node has '%s' = %s", name,
                   luaL_tolstring(L, value_idx, NULL));
    return flags;
}

/* The projected edges: for each kept node A (in order), the kept nodes B after it that share a
 * neighbour of the other kind, with the shared ones: ENDS holds (A, B) pairs, VIA the shared
 * nodes of each edge from VIA_START[e] to VIA_START[e + 1]. Vectors on the stack. */
typedef struct projection {
    igraph_vector_int_t *ends, *via, *via_start;
} projection;

static projection project(lua_State *L, const neighbourhoods *nb, const bool *kind)
{
    projection p = {cpg_lua_new_int_vector(L), cpg_lua_new_int_vector(L),
                    cpg_lua_new_int_vector(L)};
    igraph_vector_int_t *found = cpg_lua_new_int_vector(L);  /* b * n + shared, per a */
    igraph_integer_t n = igraph_vector_int_size(nb->start) - 1;
    const igraph_integer_t *flat = VECTOR(*nb->flat), *start = VECTOR(*nb->start);
    for (igraph_integer_t a = 0; a < n; a++) {
        if (!kind[a])
            continue;
        igraph_vector_int_clear(found);
        for (igraph_integer_t i = start[a]; i < start[a + 1]; i++)
            if (!kind[flat[i]])
                for (igraph_integer_t j = start[flat[i]]; j < start[flat[i] + 1]; j++)
                    if (kind[flat[j]] && flat[j] > a)
                        cpg_lua_check_igraph(L, igraph_vector_int_push_back(
                                                    found, flat[j] * n + flat[i]), "projection");
        igraph_vector_int_sort(found);
        for (igraph_integer_t k = 0; k < igraph_vector_int_size(found); k++) {
            igraph_integer_t b = VECTOR(*found)[k] / n, shared = VECTOR(*found)[k] % n;
            if (k == 0 || VECTOR(*found)[k - 1] / n != b) {
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(p.ends, a), "projection");
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(p.ends, b), "projection");
                cpg_lua_check_igraph(L, igraph_vector_int_push_back(
                                            p.via_start, igraph_vector_int_size(p.via)),
                                     "projection");
            }
            cpg_lua_check_igraph(L, igraph_vector_int_push_back(p.via, shared), "projection");
        }
    }
    cpg_lua_check_igraph(L, igraph_vector_int_push_back(p.via_start, igraph_vector_int_size(p.via)),
                         "projection");
    lua_pop(L, 1);
    return p;
}

/* Sets attribute NAME of edge E of TO to the value on top of the stack, which it pops. */
static void set_edge_value(lua_State *L, cpg_graph *to, igraph_integer_t e, const char *name)
{
    cpg_value v = cpg_lua_to_value(L, -1, to);
    cpg_status status = cpg_graph_set(to, CPG_EDGES, e, name, strlen(name), &v);
    if (status != CPG_OK)
        luaL_error(L, "bipartite_projection: %s", cpg_status_message(status));
    lua_pop(L, 1);
}

/* graph:bipartite_projection(attribute, value) -> a new undirected graph of the nodes whose
 * ATTRIBUTE is VALUE (the people of a person-event graph), two joined when they share a
 * neighbour of another kind (an event), the edge holding `weight`, how many they share, and
 * `via`, the ids of those shared, in graph order (NetworkX's weighted_projected_graph, the
 * shared nodes kept); directions are ignored and edges between two kept nodes dropped. */
static int groups_bipartite_projection(lua_State *L)
{
    cpg_graph *g = cpg_lua_check_graph(L, 1);
    const char *name = luaL_checkstring(L, 2);
    luaL_argexpected(L, !lua_isnoneornil(L, 3), 3, "a value");
    lua_settop(L, 3);
    const bool *kind = kind_flags(L, g, name, 3);
    neighbourhoods nb = gather_neighbourhoods(L, cpg_graph_igraph(g));
    projection p = project(L, &nb, kind);
    igraph_integer_t n = cpg_graph_node_count(g), m = cpg_graph_edge_count(g);
    igraph_vector_int_t *renumber = cpg_lua_new_int_vector(L);
    cpg_lua_check_igraph(L, igraph_vector_int_resize(renumber, n), "bipartite_projection");
    for (igraph_integer_t v = 0, next = 0; v < n; v++)
        VECTOR(*renumber)[v] = kind[v] ? next++ : -1;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(p.ends); i++)
        VECTOR(*p.ends)[i] = VECTOR(*renumber)[VECTOR(*p.ends)[i]];
    bool *no_edges = memset(lua_newuserdatauv(L, (size_t)m + 1, 0), 0, (size_t)m + 1);
    cpg_graph **slot = cpg_lua_new_graph(L);
    cpg_status status;
    *slot = cpg_graph_induced(g, kind, no_edges, &status);
    if (!*slot)
        return luaL_error(L, "bipartite_projection: %s", cpg_status_message(status));
    cpg_graph *to = *slot;
    igraph_integer_t edges = igraph_vector_int_size(p.ends) / 2;
    status = cpg_graph_set_directed(to, false);
    if (status == CPG_OK)
        status = cpg_graph_add_edges(to, edges, VECTOR(*p.ends));
    if (status != CPG_OK)
        return luaL_error(L, "bipartite_projection: %s", cpg_status_message(status));
    for (igraph_integer_t e = 0; e < edges; e++) {
        igraph_integer_t first = VECTOR(*p.via_start)[e], last = VECTOR(*p.via_start)[e + 1];
        lua_pushinteger(L, (lua_Integer)(last - first));
        set_edge_value(L, to, e, "weight");
        lua_createtable(L, (int)(last - first), 0);
        for (igraph_integer_t i = first; i < last; i++) {
            lua_pushstring(L, cpg_graph_node_id(g, VECTOR(*p.via)[i]));
            lua_rawseti(L, -2, (lua_Integer)(i - first) + 1);
        }
        set_edge_value(L, to, e, "via");
    }
    return 1;
}

static const luaL_Reg groups[] = {
    {"cliques", groups_cliques},
    {"max_cliques", groups_max_cliques},
    {"triad_census", groups_triad_census},
    {"similarity", groups_similarity},
    {"bipartite_projection", groups_bipartite_projection},
    {NULL, NULL},
};

void cpg_lua_open_groups(lua_State *L)
{
    luaL_setfuncs(L, groups, 0);
    cpg_lua_note_methods(groups);
}
