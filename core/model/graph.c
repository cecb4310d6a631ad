/* graph.c: the graph model: igraph topology plus ids, uids, a table of attribute columns for
 * the nodes and one for the edges, and the files each element came from. */
#include "cpecgraph/graph.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "attrs.h"
#include "cpecgraph/memory.h"
#include "graph_internal.h"
#include "idmap.h"
#include "strpool.h"
#include "suggest.h"

_Static_assert(sizeof(igraph_integer_t) == sizeof(int64_t), "igraph built with 64-bit integers");

/* uid <-> index. Uids are handed out in order and never reused, so until the first deletion an
 * element's uid is its index and neither array exists: a million-edge graph that no plugin
 * shrinks spends nothing on them. */
typedef struct uid_table {
    uint64_t *of_index;        /* index -> uid, or NULL while uid == index */
    igraph_integer_t *index;   /* uid -> index (-1 once deleted), or NULL likewise */
    uint64_t count;            /* uids handed out */
    size_t of_index_capacity, index_capacity;
} uid_table;

/* Element -> the set of sources it came from, as a string of the pool listing their positions in
 * the graph's sources ("0,2"): elements of one file share one string, and a copy of the graph
 * copies 4-byte ids. Elements past LEN (added since, or before any source) have none. */
#define NO_SOURCES UINT32_MAX

typedef struct origin_table {
    uint32_t *set;  /* per element, or NULL */
    size_t len, capacity;
} origin_table;

struct cpg_graph {
    igraph_t ig;
    bool multigraph;
    cJSON *attrs;
    cpg_strpool *pool;    /* ids and string values, shared with the graphs copied from this one */
    const char **ids;     /* per vertex, in the pool */
    size_t ids_capacity;
    cpg_attrs *tables[2]; /* the columns of the nodes (CPG_NODES) and of the edges */
    bool *edge_reversed;  /* igraph keeps undirected edges its own way round; this keeps the file's */
    size_t reversed_capacity;
    cpg_idmap id_index;
    uid_table uids[2];
    origin_table origins[2];
    uint32_t *sources;    /* the files loaded, in order: strings of the pool */
    size_t source_count, sources_capacity;
    size_t counted;       /* the bytes memory.h counts for its nodes and edges */
};

/* ---- small helpers ---------------------------------------------------------------------- */

/* The bytes of a node and of an edge, in igraph's arrays and the graph's own (ids, id index,
 * uids, directions): an estimate, as igraph allocates on its own, for memory.h's count. */
enum { NODE_BYTES = 64, EDGE_BYTES = 48 };

static void recount(cpg_graph *g)
{
    size_t bytes = NODE_BYTES * (size_t)igraph_vcount(&g->ig) +
                   EDGE_BYTES * (size_t)igraph_ecount(&g->ig);
    cpg_memory_count((ptrdiff_t)bytes - (ptrdiff_t)g->counted);
    g->counted = bytes;
}

/* A capacity of at least NEEDED: double CAPACITY, or NEEDED itself when that is more, so that
 * one large addition (a loaded file) gets exactly its size. 0 when that cannot be had. */
static size_t grown(size_t capacity, size_t needed, size_t size)
{
    size_t cap = capacity ? capacity : 16;
    if (cap <= SIZE_MAX / 2 / size)
        cap *= 2;
    if (cap < needed)
        cap = needed;
    return cap <= SIZE_MAX / size ? cap : 0;
}

/* ITEMS grown to hold NEEDED records: the new block, or NULL (ITEMS untouched) on failure. */
static void *reserve(void *items, size_t *capacity, size_t needed, size_t size)
{
    if (needed <= *capacity)
        return items;
    size_t cap = grown(*capacity, needed, size);
    void *p = cap ? realloc(items, cap * size) : NULL;
    if (p) {
        *capacity = cap;
        cpg_advise_huge_pages(p, cap * size);
    }
    return p;
}

/* Grows the array PTR to hold NEEDED records; on failure PTR and CAPACITY stay as they were,
 * so callers test CAPACITY afterwards. */
#define RESERVE(ptr, capacity, needed)                                           \
    do {                                                                         \
        void *fresh_ = reserve((ptr), &(capacity), (needed), sizeof *(ptr));     \
        if (fresh_)                                                              \
            (ptr) = fresh_;                                                      \
    } while (0)

/* ---- uids ------------------------------------------------------------------------------- */

/* Room for EXTRA more uids, given ELEMENTS elements now; nothing to do while uid == index. */
static bool uid_reserve(uid_table *t, igraph_integer_t elements, uint64_t extra)
{
    if (!t->index)
        return true;
    size_t uids = (size_t)(t->count + extra), indices = (size_t)elements + (size_t)extra;
    RESERVE(t->index, t->index_capacity, uids);
    RESERVE(t->of_index, t->of_index_capacity, indices);
    return t->index_capacity >= uids && t->of_index_capacity >= indices;
}

/* Gives the element at INDEX (the last one) the next uid; assumes uid_reserve made room. */
static void uid_assign(uid_table *t, igraph_integer_t index)
{
    if (t->index) {
        t->index[t->count] = index;
        t->of_index[index] = t->count;
    }
    t->count++;
}

static uint64_t uid_of(const uid_table *t, igraph_integer_t index)
{
    return t->of_index ? t->of_index[index] : (uint64_t)index;
}

static igraph_integer_t uid_lookup(const uid_table *t, uint64_t uid)
{
    if (uid >= t->count)
        return -1;
    return t->index ? t->index[uid] : (igraph_integer_t)uid;
}

/* The arrays written out for the ELEMENTS there are, before a deletion breaks uid == index. */
static bool uid_materialise(uid_table *t, igraph_integer_t elements)
{
    if (t->index)
        return true;
    t->index = malloc(((size_t)t->count + 1) * sizeof *t->index);
    t->of_index = malloc(((size_t)elements + 1) * sizeof *t->of_index);
    if (!t->index || !t->of_index) {
        free(t->index);
        free(t->of_index);
        *t = (uid_table){.count = t->count};
        return false;
    }
    t->index_capacity = (size_t)t->count + 1;
    t->of_index_capacity = (size_t)elements + 1;
    for (uint64_t u = 0; u < t->count; u++)
        t->index[u] = (igraph_integer_t)u;
    for (igraph_integer_t i = 0; i < elements; i++)
        t->of_index[i] = (uint64_t)i;
    return true;
}

static void uid_free(uid_table *t)
{
    free(t->index);
    free(t->of_index);
}

/* ---- life cycle ------------------------------------------------------------------------- */

/* A graph over POOL (a reference of its own is taken) with no elements and no columns. */
static cpg_graph *graph_over(cpg_strpool *pool, bool directed)
{
    cpg_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    cpg_idmap_init(&g->id_index);
    g->pool = cpg_strpool_ref(pool);
    g->tables[CPG_NODES] = cpg_attrs_new(pool);
    g->tables[CPG_EDGES] = cpg_attrs_new(pool);
    if (!g->tables[CPG_NODES] || !g->tables[CPG_EDGES] ||
        igraph_empty(&g->ig, 0, directed) != IGRAPH_SUCCESS) {
        cpg_attrs_free(g->tables[CPG_NODES]);
        cpg_attrs_free(g->tables[CPG_EDGES]);
        cpg_strpool_unref(g->pool);
        free(g);
        return NULL;
    }
    return g;
}

cpg_graph *cpg_graph_new(bool directed)
{
    cpg_strpool *pool = cpg_strpool_new();
    cpg_graph *g = pool ? graph_over(pool, directed) : NULL;
    cpg_strpool_unref(pool);  /* the graph's reference is the one left */
    if (g && !(g->attrs = cJSON_CreateObject())) {
        cpg_graph_free(g);
        return NULL;
    }
    return g;
}

void cpg_graph_free(cpg_graph *g)
{
    if (!g)
        return;
    cpg_memory_count(-(ptrdiff_t)g->counted);
    igraph_destroy(&g->ig);
    cJSON_Delete(g->attrs);
    free(g->ids);
    cpg_attrs_free(g->tables[CPG_NODES]);
    cpg_attrs_free(g->tables[CPG_EDGES]);
    free(g->edge_reversed);
    uid_free(&g->uids[CPG_NODES]);
    uid_free(&g->uids[CPG_EDGES]);
    free(g->origins[CPG_NODES].set);
    free(g->origins[CPG_EDGES].set);
    free(g->sources);
    cpg_idmap_free(&g->id_index);
    cpg_strpool_unref(g->pool);
    free(g);
}

/* ---- accessors -------------------------------------------------------------------------- */

const igraph_t *cpg_graph_igraph(const cpg_graph *g) { return &g->ig; }
bool cpg_graph_directed(const cpg_graph *g) { return igraph_is_directed(&g->ig); }
bool cpg_graph_multigraph(const cpg_graph *g) { return g->multigraph; }
void cpg_graph_set_multigraph(cpg_graph *g, bool multigraph) { g->multigraph = multigraph; }

cpg_status cpg_graph_set_directed(cpg_graph *g, bool directed)
{
    if (igraph_is_directed(&g->ig) == directed)
        return CPG_OK;
    if (igraph_ecount(&g->ig) > 0)
        return CPG_EVALUE;
    igraph_t fresh;  /* igraph fixes the direction when it makes a graph: make it again */
    cpg_status status = cpg_status_from_igraph(igraph_empty(&fresh, igraph_vcount(&g->ig),
                                                            directed));
    if (status != CPG_OK)
        return status;
    igraph_destroy(&g->ig);
    g->ig = fresh;
    return CPG_OK;
}
igraph_integer_t cpg_graph_node_count(const cpg_graph *g) { return igraph_vcount(&g->ig); }
igraph_integer_t cpg_graph_edge_count(const cpg_graph *g) { return igraph_ecount(&g->ig); }
cJSON *cpg_graph_attrs(cpg_graph *g) { return g->attrs; }
const char *cpg_graph_node_id(const cpg_graph *g, igraph_integer_t v) { return g->ids[v]; }

igraph_integer_t cpg_graph_find(const cpg_graph *g, const char *id)
{
    return cpg_idmap_get(&g->id_index, id);
}

const char *cpg_graph_suggest_id(const cpg_graph *g, const char *id)
{
    cpg_suggest s;
    cpg_suggest_init(&s, id);
    for (igraph_integer_t v = 0; v < igraph_vcount(&g->ig); v++)
        cpg_suggest_consider(&s, g->ids[v]);
    return s.best;
}

uint64_t cpg_graph_node_uid(const cpg_graph *g, igraph_integer_t v)
{
    return uid_of(&g->uids[CPG_NODES], v);
}

uint64_t cpg_graph_edge_uid(const cpg_graph *g, igraph_integer_t e)
{
    return uid_of(&g->uids[CPG_EDGES], e);
}

igraph_integer_t cpg_graph_node_by_uid(const cpg_graph *g, uint64_t uid)
{
    return uid_lookup(&g->uids[CPG_NODES], uid);
}

igraph_integer_t cpg_graph_edge_by_uid(const cpg_graph *g, uint64_t uid)
{
    return uid_lookup(&g->uids[CPG_EDGES], uid);
}

uint64_t cpg_graph_uid_limit(const cpg_graph *g, cpg_domain d)
{
    return g->uids[d].count;
}

igraph_integer_t cpg_graph_edge_from(const cpg_graph *g, igraph_integer_t e)
{
    return g->edge_reversed[e] ? IGRAPH_TO(&g->ig, e) : IGRAPH_FROM(&g->ig, e);
}

igraph_integer_t cpg_graph_edge_to(const cpg_graph *g, igraph_integer_t e)
{
    return g->edge_reversed[e] ? IGRAPH_FROM(&g->ig, e) : IGRAPH_TO(&g->ig, e);
}

cpg_strpool *cpg_graph_pool(const cpg_graph *g) { return g->pool; }
cpg_attrs *cpg_graph_table(cpg_graph *g, cpg_domain d) { return g->tables[d]; }

/* ---- adding nodes ----------------------------------------------------------------------- */

/* Checks that every id is new and distinct, before anything changes. */
static cpg_status check_new_ids(const cpg_graph *g, igraph_integer_t n, const char *const *ids)
{
    for (igraph_integer_t i = 0; i < n; i++)
        if (cpg_graph_find(g, ids[i]) >= 0)
            return CPG_EEXIST;
    cpg_idmap seen;
    cpg_idmap_init(&seen);
    cpg_status status = CPG_OK;
    for (igraph_integer_t i = 0; i < n && status == CPG_OK; i++) {
        if (cpg_idmap_get(&seen, ids[i]) >= 0)
            status = CPG_EEXIST;
        else if (!cpg_idmap_put(&seen, ids[i], i))
            status = CPG_ENOMEM;
    }
    cpg_idmap_free(&seen);
    return status;
}

/* Room for N more nodes in the id array, the uids and the columns. */
static cpg_status reserve_nodes(cpg_graph *g, igraph_integer_t n)
{
    size_t needed = (size_t)(igraph_vcount(&g->ig) + n);
    RESERVE(g->ids, g->ids_capacity, needed);
    if (g->ids_capacity < needed ||
        !uid_reserve(&g->uids[CPG_NODES], igraph_vcount(&g->ig), (uint64_t)n))
        return CPG_ENOMEM;
    return cpg_attrs_reserve(g->tables[CPG_NODES], needed);
}

/* The id index after a renumbering or a failed addition: every node below COUNT. */
static cpg_status rebuild_ids(cpg_graph *g, igraph_integer_t count)
{
    cpg_idmap_clear(&g->id_index);
    for (igraph_integer_t v = 0; v < count; v++)
        if (!cpg_idmap_put(&g->id_index, g->ids[v], v))
            return CPG_ENOMEM;
    return CPG_OK;
}

/* Indexes the ids IDS (pool strings) of the N nodes from BASE on, then makes the vertices;
 * undone on failure. The caller reserved room. */
static cpg_status place_nodes(cpg_graph *g, igraph_integer_t base, igraph_integer_t n,
                              const char *const *ids)
{
    cpg_status status = CPG_OK;
    for (igraph_integer_t i = 0; i < n && status == CPG_OK; i++) {
        g->ids[base + i] = ids[i];
        if (!cpg_idmap_put(&g->id_index, ids[i], base + i))
            status = CPG_ENOMEM;
    }
    if (status == CPG_OK)
        status = cpg_status_from_igraph(igraph_add_vertices(&g->ig, n, NULL));
    if (status != CPG_OK) {
        rebuild_ids(g, base); /* cannot fail: the table only shrinks */
        return status;
    }
    for (igraph_integer_t i = 0; i < n; i++)
        uid_assign(&g->uids[CPG_NODES], base + i);
    recount(g);
    return CPG_OK;
}

cpg_status cpg_graph_add_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids)
{
    igraph_integer_t base = igraph_vcount(&g->ig);
    cpg_status status = check_new_ids(g, n, ids);
    if (status == CPG_OK)
        status = reserve_nodes(g, n);
    const char **kept = status == CPG_OK ? malloc(((size_t)n + 1) * sizeof *kept) : NULL;
    if (status == CPG_OK && !kept)
        status = CPG_ENOMEM;
    for (igraph_integer_t i = 0; i < n && status == CPG_OK; i++)
        if (!(kept[i] = cpg_strpool_keep(g->pool, ids[i], strlen(ids[i]))))
            status = CPG_ENOMEM;  /* what was kept waits for the pool: harmless */
    if (status == CPG_OK)
        status = place_nodes(g, base, n, kept);
    if (status == CPG_OK)
        cpg_attrs_add_rows(g->tables[CPG_NODES], (size_t)n);  /* reserved: cannot fail */
    free(kept);
    return status;
}

cpg_status cpg_graph_adopt_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                                 cpg_attrs *attrs, cpg_idmap *index)
{
    cpg_attrs *edges = NULL;
    cpg_status status = igraph_vcount(&g->ig) || (size_t)n != cpg_attrs_rows(attrs)
                            ? CPG_EVALUE : CPG_OK;
    if (status == CPG_OK && !(edges = cpg_attrs_new(cpg_attrs_pool(attrs))))
        status = CPG_ENOMEM;
    if (status == CPG_OK) {  /* the graph's strings become the loader's: it has none yet */
        cpg_strpool_unref(g->pool);
        g->pool = cpg_strpool_ref(cpg_attrs_pool(attrs));
        cpg_attrs_free(g->tables[CPG_NODES]);
        cpg_attrs_free(g->tables[CPG_EDGES]);
        g->tables[CPG_NODES] = attrs;
        g->tables[CPG_EDGES] = edges;
        attrs = NULL;
        status = reserve_nodes(g, n);
    }
    if (status == CPG_OK)
        status = cpg_status_from_igraph(igraph_add_vertices(&g->ig, n, NULL));
    cpg_attrs_free(attrs);
    if (status != CPG_OK)
        return status;
    if (n)
        memcpy(g->ids, ids, (size_t)n * sizeof *ids);
    for (igraph_integer_t v = 0; v < n; v++)
        uid_assign(&g->uids[CPG_NODES], v);
    cpg_idmap_free(&g->id_index);
    g->id_index = *index;
    cpg_idmap_init(index);
    recount(g);
    return CPG_OK;
}

cpg_status cpg_graph_append_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                                  const cpg_attrs *src, const size_t *rows)
{
    igraph_integer_t base = igraph_vcount(&g->ig);
    cpg_attrs *table = g->tables[CPG_NODES];
    cpg_status status = check_new_ids(g, n, ids);
    if (status == CPG_OK)
        status = reserve_nodes(g, n);
    if (status == CPG_OK)
        status = cpg_attrs_append(table, src, rows, (size_t)n);
    if (status == CPG_OK && (status = place_nodes(g, base, n, ids)) != CPG_OK)
        cpg_attrs_truncate(table, (size_t)base);
    return status;
}

/* ---- adding edges ----------------------------------------------------------------------- */

static cpg_status check_ends(const cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends)
{
    for (igraph_integer_t i = 0; i < 2 * n; i++)
        if (ends[i] < 0 || ends[i] >= igraph_vcount(&g->ig))
            return CPG_ENOENT;
    return CPG_OK;
}

static cpg_status reserve_edges(cpg_graph *g, igraph_integer_t n)
{
    size_t needed = (size_t)(igraph_ecount(&g->ig) + n);
    RESERVE(g->edge_reversed, g->reversed_capacity, needed);
    if (g->reversed_capacity < needed ||
        !uid_reserve(&g->uids[CPG_EDGES], igraph_ecount(&g->ig), (uint64_t)n))
        return CPG_ENOMEM;
    return CPG_OK;
}

/* The igraph edges, their direction as given and their uids; the caller reserved room. */
static cpg_status place_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends)
{
    igraph_integer_t base = igraph_ecount(&g->ig);
    igraph_vector_int_t v;
    igraph_vector_int_view(&v, ends, 2 * n);
    cpg_status status = cpg_status_from_igraph(igraph_add_edges(&g->ig, &v, NULL));
    if (status != CPG_OK)
        return status;
    for (igraph_integer_t i = 0; i < n; i++) {  /* nothing below can fail */
        igraph_integer_t e = base + i;
        g->edge_reversed[e] = IGRAPH_FROM(&g->ig, e) != ends[2 * i];
        uid_assign(&g->uids[CPG_EDGES], e);
    }
    recount(g);
    return CPG_OK;
}

cpg_status cpg_graph_add_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends)
{
    cpg_attrs *table = g->tables[CPG_EDGES];
    cpg_status status = check_ends(g, n, ends);
    if (status == CPG_OK)
        status = reserve_edges(g, n);
    if (status == CPG_OK)
        status = cpg_attrs_reserve(table, cpg_attrs_rows(table) + (size_t)n);
    if (status == CPG_OK)
        status = place_edges(g, n, ends);
    if (status == CPG_OK)
        cpg_attrs_add_rows(table, (size_t)n);  /* reserved: cannot fail */
    return status;
}

cpg_status cpg_graph_append_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends,
                                  cpg_attrs **src)
{
    size_t base = cpg_attrs_rows(g->tables[CPG_EDGES]);
    bool take = base == 0 && *src && cpg_attrs_rows(*src) == (size_t)n &&
                cpg_attrs_pool(*src) == g->pool;
    cpg_status status = check_ends(g, n, ends);
    if (status == CPG_OK)
        status = reserve_edges(g, n);
    if (status == CPG_OK && !take)
        status = *src ? cpg_attrs_append(g->tables[CPG_EDGES], *src, NULL, (size_t)n)
                      : cpg_attrs_add_rows(g->tables[CPG_EDGES], (size_t)n);
    if (status == CPG_OK)
        status = place_edges(g, n, ends);
    if (status != CPG_OK) {
        if (!take)
            cpg_attrs_truncate(g->tables[CPG_EDGES], base);
        return status;
    }
    if (take) {  /* the first edges: their columns become the graph's, without a copy */
        cpg_attrs_free(g->tables[CPG_EDGES]);
        g->tables[CPG_EDGES] = *src;
        *src = NULL;
    }
    return CPG_OK;
}

/* ---- deleting and copying ------------------------------------------------------------- */

/* The edges that survive: flagged in KEEP_EDGES (or all) with both ends kept. */
static bool edge_kept(const cpg_graph *g, igraph_integer_t e, const bool *keep_nodes,
                      const bool *keep_edges)
{
    if (keep_edges && !keep_edges[e])
        return false;
    return !keep_nodes || (keep_nodes[IGRAPH_FROM(&g->ig, e)] && keep_nodes[IGRAPH_TO(&g->ig, e)]);
}

/* NODE_INDEX (vcount entries) and EDGE_INDEX (ecount entries) receive each element's index once
 * the elements not kept are gone, or -1; *NODES and *EDGES how many remain. */
static void number_kept(const cpg_graph *g, const bool *keep_nodes, const bool *keep_edges,
                        int64_t *node_index, int64_t *edge_index, igraph_integer_t *nodes,
                        igraph_integer_t *edges)
{
    igraph_integer_t kept = 0;
    for (igraph_integer_t v = 0; v < igraph_vcount(&g->ig); v++)
        node_index[v] = !keep_nodes || keep_nodes[v] ? kept++ : -1;
    *nodes = kept;
    kept = 0;
    for (igraph_integer_t e = 0; e < igraph_ecount(&g->ig); e++)
        edge_index[e] = edge_kept(g, e, keep_nodes, keep_edges) ? kept++ : -1;
    *edges = kept;
}

/* Builds in DST the topology of G restricted to the elements numbered by number_kept. */
static cpg_status build_restricted(const cpg_graph *g, const int64_t *node_index,
                                   const int64_t *edge_index, igraph_integer_t nodes,
                                   igraph_integer_t edges, igraph_t *dst)
{
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 2 * edges) != IGRAPH_SUCCESS)
        return CPG_ENOMEM;
    for (igraph_integer_t e = 0; e < igraph_ecount(&g->ig); e++) {
        if (edge_index[e] < 0)
            continue;
        VECTOR(ends)[2 * edge_index[e]] = node_index[IGRAPH_FROM(&g->ig, e)];
        VECTOR(ends)[2 * edge_index[e] + 1] = node_index[IGRAPH_TO(&g->ig, e)];
    }
    igraph_error_t rc = igraph_create(dst, &ends, nodes, igraph_is_directed(&g->ig));
    igraph_vector_int_destroy(&ends);
    return cpg_status_from_igraph(rc);
}

/* Moves the sets of the kept elements down, INDEX giving each one's new place (-1: gone). */
static void origin_compact(origin_table *t, const int64_t *index)
{
    size_t kept = 0;
    for (size_t i = 0; i < t->len; i++)
        if (index[i] >= 0)
            t->set[kept++] = t->set[i];  /* the kept keep their order: index[i] is kept - 1 */
    t->len = kept;
}

/* Moves the kept ids, directions and uids down in place and points the uids at the new
 * indices. */
static void compact_records(cpg_graph *g, const int64_t *node_index, const int64_t *edge_index)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig), ecount = igraph_ecount(&g->ig);
    uid_table *eu = &g->uids[CPG_EDGES], *nu = &g->uids[CPG_NODES];
    for (igraph_integer_t e = 0; e < ecount; e++) {
        uint64_t uid = eu->of_index[e];
        eu->index[uid] = edge_index[e];
        if (edge_index[e] < 0)
            continue;
        g->edge_reversed[edge_index[e]] = g->edge_reversed[e];
        eu->of_index[edge_index[e]] = uid;
    }
    for (igraph_integer_t v = 0; v < vcount; v++) {
        uint64_t uid = nu->of_index[v];
        nu->index[uid] = node_index[v];
        if (node_index[v] < 0)
            continue;
        g->ids[node_index[v]] = g->ids[v];
        nu->of_index[node_index[v]] = uid;
    }
    origin_compact(&g->origins[CPG_NODES], node_index);
    origin_compact(&g->origins[CPG_EDGES], edge_index);
}

cpg_status cpg_graph_filter(cpg_graph *g, const bool *keep_nodes, const bool *keep_edges)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig), ecount = igraph_ecount(&g->ig);
    if (!uid_materialise(&g->uids[CPG_NODES], vcount) ||
        !uid_materialise(&g->uids[CPG_EDGES], ecount))
        return CPG_ENOMEM;
    int64_t *node_index = malloc(((size_t)vcount + 1) * sizeof *node_index);
    int64_t *edge_index = malloc(((size_t)ecount + 1) * sizeof *edge_index);
    cpg_status status = node_index && edge_index ? CPG_OK : CPG_ENOMEM;
    igraph_integer_t nodes = 0, edges = 0;
    igraph_t restricted;
    if (status == CPG_OK) {
        number_kept(g, keep_nodes, keep_edges, node_index, edge_index, &nodes, &edges);
        status = build_restricted(g, node_index, edge_index, nodes, edges, &restricted);
    }
    if (status == CPG_OK) {
        compact_records(g, node_index, edge_index);
        cpg_attrs_filter(g->tables[CPG_NODES], node_index, (size_t)nodes);
        cpg_attrs_filter(g->tables[CPG_EDGES], edge_index, (size_t)edges);
        igraph_destroy(&g->ig);
        g->ig = restricted;
        recount(g);
        status = rebuild_ids(g, nodes);
    }
    free(node_index);
    free(edge_index);
    return status;
}

cpg_status cpg_graph_contract(cpg_graph *g, const igraph_integer_t *into)
{
    igraph_integer_t n = igraph_vcount(&g->ig), m = igraph_ecount(&g->ig);
    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 2 * m) != IGRAPH_SUCCESS)
        return CPG_ENOMEM;
    for (igraph_integer_t e = 0; e < m; e++) {  /* each edge the file's way round */
        bool reversed = g->edge_reversed[e];
        VECTOR(ends)[2 * e] = into[reversed ? IGRAPH_TO(&g->ig, e) : IGRAPH_FROM(&g->ig, e)];
        VECTOR(ends)[2 * e + 1] = into[reversed ? IGRAPH_FROM(&g->ig, e) : IGRAPH_TO(&g->ig, e)];
    }
    igraph_t contracted;
    cpg_status status = cpg_status_from_igraph(
        igraph_create(&contracted, &ends, n, igraph_is_directed(&g->ig)));
    bool *keep = status == CPG_OK ? malloc((size_t)n + 1) : NULL;
    if (status == CPG_OK && !keep) {
        igraph_destroy(&contracted);
        status = CPG_ENOMEM;
    }
    if (status == CPG_OK) {  /* nothing below fails but the filter, which leaves G whole */
        for (igraph_integer_t e = 0; e < m; e++)
            g->edge_reversed[e] = IGRAPH_FROM(&contracted, e) != VECTOR(ends)[2 * e];
        igraph_destroy(&g->ig);
        g->ig = contracted;
        igraph_bool_t multiple = false;  /* two edges to two merged nodes are now parallel */
        status = cpg_status_from_igraph(igraph_has_multiple(&g->ig, &multiple));
        g->multigraph = g->multigraph || multiple;
        for (igraph_integer_t v = 0; v < n; v++)
            keep[v] = into[v] == v;
        if (status == CPG_OK)
            status = cpg_graph_filter(g, keep, NULL);
    }
    free(keep);
    igraph_vector_int_destroy(&ends);
    return status;
}

/* The positions in G of the elements that number_kept kept, in order: the rows to gather. */
static size_t *kept_rows(const int64_t *index, igraph_integer_t count, igraph_integer_t kept)
{
    size_t *rows = malloc(((size_t)kept + 1) * sizeof *rows);
    for (igraph_integer_t i = 0; rows && i < count; i++)
        if (index[i] >= 0)
            rows[index[i]] = (size_t)i;
    return rows;
}

/* The sets of the COUNT elements at ROWS of SRC (NULL: the first COUNT) into DST, empty. */
static cpg_status origin_copy(origin_table *dst, const origin_table *src, const size_t *rows,
                              size_t count)
{
    if (!src->set)
        return CPG_OK;
    dst->set = malloc((count + 1) * sizeof *dst->set);
    if (!dst->set)
        return CPG_ENOMEM;
    dst->capacity = count + 1;
    for (size_t i = 0; i < count; i++) {
        size_t from = rows ? rows[i] : i;
        dst->set[i] = from < src->len ? src->set[from] : NO_SOURCES;
    }
    dst->len = count;
    return CPG_OK;
}

static cpg_status sources_copy(cpg_graph *dst, const cpg_graph *src)
{
    if (!src->source_count)
        return CPG_OK;
    dst->sources = malloc(src->source_count * sizeof *dst->sources);
    if (!dst->sources)
        return CPG_ENOMEM;
    memcpy(dst->sources, src->sources, src->source_count * sizeof *dst->sources);
    dst->source_count = dst->sources_capacity = src->source_count;
    return CPG_OK;
}

/* Copies into DST, whose topology build_restricted made, the ids, columns, directions and
 * uids of the kept elements of SRC. Every row when ALL, which copies arrays whole. */
static cpg_status copy_records(const cpg_graph *src, cpg_graph *dst, const int64_t *node_index,
                               const int64_t *edge_index, bool all)
{
    igraph_integer_t nv = igraph_vcount(&dst->ig), ne = igraph_ecount(&dst->ig);
    size_t *node_rows = all ? NULL : kept_rows(node_index, igraph_vcount(&src->ig), nv);
    size_t *edge_rows = all ? NULL : kept_rows(edge_index, igraph_ecount(&src->ig), ne);
    dst->ids = malloc(((size_t)nv + 1) * sizeof *dst->ids);
    dst->edge_reversed = malloc(((size_t)ne + 1) * sizeof *dst->edge_reversed);
    dst->ids_capacity = (size_t)nv + 1;
    dst->reversed_capacity = (size_t)ne + 1;
    cpg_status status = dst->ids && dst->edge_reversed && (all || (node_rows && edge_rows))
                            ? CPG_OK : CPG_ENOMEM;
    for (int d = 0; d < 2 && status == CPG_OK; d++) {
        cpg_attrs *copy = cpg_attrs_gather(src->tables[d], d == CPG_NODES ? node_rows : edge_rows,
                                           (size_t)(d == CPG_NODES ? nv : ne));
        if (!copy)
            status = CPG_ENOMEM;
        cpg_attrs_free(dst->tables[d]);
        dst->tables[d] = copy;
    }
    for (igraph_integer_t v = 0; status == CPG_OK && v < nv; v++) {
        dst->ids[v] = src->ids[all ? (size_t)v : node_rows[v]];
        uid_assign(&dst->uids[CPG_NODES], v);
    }
    for (igraph_integer_t e = 0; status == CPG_OK && e < ne; e++) {
        /* new indices keep the old order: igraph stores the edge the same way round */
        dst->edge_reversed[e] = src->edge_reversed[all ? (size_t)e : edge_rows[e]];
        uid_assign(&dst->uids[CPG_EDGES], e);
    }
    for (int d = 0; d < 2 && status == CPG_OK; d++)
        status = origin_copy(&dst->origins[d], &src->origins[d],
                             all ? NULL : d == CPG_NODES ? node_rows : edge_rows,
                             (size_t)(d == CPG_NODES ? nv : ne));
    if (status == CPG_OK)
        status = sources_copy(dst, src);
    if (status == CPG_OK)
        status = all && cpg_idmap_copy(&dst->id_index, &src->id_index) ? CPG_OK
                                                                      : rebuild_ids(dst, nv);
    free(node_rows);
    free(edge_rows);
    return status;
}

cpg_graph *cpg_graph_induced(const cpg_graph *g, const bool *keep_nodes, const bool *keep_edges,
                             cpg_status *status)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig), ecount = igraph_ecount(&g->ig);
    cpg_graph *dst = graph_over(g->pool, igraph_is_directed(&g->ig));
    int64_t *node_index = malloc(((size_t)vcount + 1) * sizeof *node_index);
    int64_t *edge_index = malloc(((size_t)ecount + 1) * sizeof *edge_index);
    *status = dst && node_index && edge_index ? CPG_OK : CPG_ENOMEM;
    igraph_integer_t nodes = 0, edges = 0;
    igraph_t restricted;
    if (*status == CPG_OK) {
        number_kept(g, keep_nodes, keep_edges, node_index, edge_index, &nodes, &edges);
        *status = build_restricted(g, node_index, edge_index, nodes, edges, &restricted);
    }
    if (*status == CPG_OK) {
        igraph_destroy(&dst->ig);
        dst->ig = restricted;
        recount(dst);
    }
    if (*status == CPG_OK) {
        dst->multigraph = g->multigraph;
        dst->attrs = cJSON_Duplicate(g->attrs, true);
        *status = dst->attrs ? copy_records(g, dst, node_index, edge_index,
                                            nodes == vcount && edges == ecount)
                             : CPG_ENOMEM;
    }
    free(node_index);
    free(edge_index);
    if (*status != CPG_OK) {
        cpg_graph_free(dst);
        return NULL;
    }
    return dst;
}

/* ---- sources ---------------------------------------------------------------------------- */

cpg_status cpg_graph_add_source(cpg_graph *g, const char *name, size_t *index)
{
    uint32_t sid;
    if (!cpg_strpool_intern(g->pool, name, strlen(name), &sid))
        return CPG_ENOMEM;
    for (size_t k = 0; k < g->source_count; k++)
        if (g->sources[k] == sid) {
            *index = k;
            return CPG_OK;
        }
    RESERVE(g->sources, g->sources_capacity, g->source_count + 1);
    if (g->sources_capacity < g->source_count + 1)
        return CPG_ENOMEM;
    *index = g->source_count;
    g->sources[g->source_count++] = sid;
    return CPG_OK;
}

size_t cpg_graph_source_count(const cpg_graph *g) { return g->source_count; }

const char *cpg_graph_source(const cpg_graph *g, size_t k)
{
    return cpg_strpool_str(g->pool, g->sources[k]);
}

static uint32_t origin_of(const cpg_graph *g, cpg_domain d, igraph_integer_t i)
{
    const origin_table *t = &g->origins[d];
    return (size_t)i < t->len ? t->set[i] : NO_SOURCES;
}

/* Reads the next position of a set's text at *P ("0,2"), moving past it; false at the end. */
static bool next_position(const char **p, size_t *k)
{
    if (!**p)
        return false;
    char *end;
    *k = (size_t)strtoull(*p, &end, 10);
    *p = *end == ',' ? end + 1 : end;
    return true;
}

size_t cpg_graph_sources_of(const cpg_graph *g, cpg_domain d, igraph_integer_t i, size_t *out,
                            size_t cap)
{
    uint32_t set = origin_of(g, d, i);
    if (set == NO_SOURCES)
        return 0;
    const char *p = cpg_strpool_str(g->pool, set);
    size_t n = 0, k;
    while (next_position(&p, &k))
        if (n++ < cap)
            out[n - 1] = k;
    return n;
}

/* The set of the positions in sets A and B (NO_SOURCES for none), as a string of G's pool. */
static cpg_status union_set(cpg_graph *g, uint32_t a, uint32_t b, uint32_t *sid)
{
    if (a == b || b == NO_SOURCES || a == NO_SOURCES) {
        *sid = a == NO_SOURCES ? b : a;
        return CPG_OK;
    }
    const char *x = cpg_strpool_str(g->pool, a), *y = cpg_strpool_str(g->pool, b);
    size_t cap = strlen(x) + strlen(y) + 2, len = 0, i, j;
    char *text = malloc(cap);
    if (!text)
        return CPG_ENOMEM;
    bool more_x = next_position(&x, &i), more_y = next_position(&y, &j);
    while (more_x || more_y) {  /* both ascending: a merge, each position once */
        size_t k = !more_y || (more_x && i <= j) ? i : j;
        len += (size_t)snprintf(text + len, cap - len, len ? ",%zu" : "%zu", k);
        if (more_x && i == k)
            more_x = next_position(&x, &i);
        if (more_y && j == k)
            more_y = next_position(&y, &j);
    }
    bool ok = cpg_strpool_intern(g->pool, text, len, sid);
    free(text);
    return ok ? CPG_OK : CPG_ENOMEM;
}

/* The table of D long enough for element I, the new places without sources. */
static bool origin_reach(cpg_graph *g, cpg_domain d, igraph_integer_t i)
{
    origin_table *t = &g->origins[d];
    if ((size_t)i < t->len)
        return true;
    size_t count = (size_t)(d == CPG_NODES ? igraph_vcount(&g->ig) : igraph_ecount(&g->ig));
    RESERVE(t->set, t->capacity, count);
    if (t->capacity < count)
        return false;
    for (size_t k = t->len; k < count; k++)
        t->set[k] = NO_SOURCES;
    t->len = count;
    return true;
}

cpg_status cpg_graph_add_sources(cpg_graph *g, cpg_domain d, igraph_integer_t first,
                                 igraph_integer_t n, size_t k)
{
    if (n <= 0)
        return CPG_OK;
    if (!origin_reach(g, d, first + n - 1))
        return CPG_ENOMEM;
    char text[24];
    uint32_t one, from = NO_SOURCES, to = NO_SOURCES;  /* the last union: most repeat it */
    if (!cpg_strpool_intern(g->pool, text, (size_t)snprintf(text, sizeof text, "%zu", k), &one))
        return CPG_ENOMEM;
    uint32_t *set = g->origins[d].set;
    for (igraph_integer_t i = first; i < first + n; i++) {
        if (set[i] != from || to == NO_SOURCES) {
            from = set[i];
            cpg_status status = union_set(g, from, one, &to);
            if (status != CPG_OK)
                return status;
        }
        set[i] = to;
    }
    return CPG_OK;
}

cpg_status cpg_graph_union_sources(cpg_graph *g, cpg_domain d, igraph_integer_t i,
                                   igraph_integer_t j)
{
    uint32_t other = origin_of(g, d, j);
    if (other == NO_SOURCES)
        return CPG_OK;
    if (!origin_reach(g, d, i))
        return CPG_ENOMEM;
    return union_set(g, g->origins[d].set[i], other, &g->origins[d].set[i]);
}

/* ---- attributes ------------------------------------------------------------------------- */

size_t cpg_graph_column_count(const cpg_graph *g, cpg_domain d)
{
    return cpg_attrs_column_count(g->tables[d]);
}

const cpg_column *cpg_graph_column_at(const cpg_graph *g, cpg_domain d, size_t k)
{
    return cpg_attrs_column_at(g->tables[d], k);
}

const cpg_column *cpg_graph_column(const cpg_graph *g, cpg_domain d, const char *name)
{
    return cpg_attrs_find(g->tables[d], name);
}

cpg_value cpg_graph_get(const cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *name)
{
    const cpg_column *c = cpg_attrs_find(g->tables[d], name);
    return c ? cpg_column_get(c, (size_t)i) : (cpg_value){.type = CPG_VNONE};
}

cpg_status cpg_graph_set(cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *name,
                         size_t len, const cpg_value *v)
{
    cpg_attrs *table = g->tables[d];
    cpg_column *c = v->type == CPG_VNONE ? cpg_attrs_find(table, name)
                                         : cpg_attrs_column(table, name, len);
    if (!c)
        return v->type == CPG_VNONE ? CPG_OK : CPG_ENOMEM;
    return cpg_attrs_set(table, c, (size_t)i, v);
}

cpg_status cpg_graph_intern(cpg_graph *g, const char *s, size_t len, uint32_t *sid)
{
    return cpg_strpool_intern(g->pool, s, len, sid) ? CPG_OK : CPG_ENOMEM;
}

bool cpg_graph_find_string(const cpg_graph *g, const char *s, size_t len, uint32_t *sid)
{
    return cpg_strpool_find(g->pool, s, len, sid);
}

size_t cpg_graph_string_count(const cpg_graph *g)
{
    return cpg_strpool_count(g->pool);
}

const char *cpg_graph_string(const cpg_graph *g, uint32_t sid, size_t *len)
{
    if (len)
        *len = cpg_strpool_len(g->pool, sid);
    return cpg_strpool_str(g->pool, sid);
}

cpg_status cpg_graph_edge_numbers(const cpg_graph *g, const char *name, igraph_vector_t *weights,
                                  igraph_integer_t *bad_edge)
{
    igraph_integer_t ecount = igraph_ecount(&g->ig);
    if (igraph_vector_resize(weights, ecount) != IGRAPH_SUCCESS)
        return CPG_ENOMEM;
    const cpg_column *c = cpg_attrs_find(g->tables[CPG_EDGES], name);
    const double *floats = c ? cpg_column_floats(c) : NULL;
    if (floats && cpg_column_count(c) == (size_t)ecount) {  /* the common case: one copy */
        memcpy(VECTOR(*weights), floats, (size_t)ecount * sizeof *floats);
        return CPG_OK;
    }
    for (igraph_integer_t e = 0; e < ecount; e++) {
        cpg_value v = c ? cpg_column_get(c, (size_t)e) : (cpg_value){.type = CPG_VNONE};
        if (v.type != CPG_VINT && v.type != CPG_VFLOAT) {
            *bad_edge = e;
            return CPG_EVALUE;
        }
        VECTOR(*weights)[e] = v.type == CPG_VINT ? (double)v.u.i : v.u.f;
    }
    return CPG_OK;
}
