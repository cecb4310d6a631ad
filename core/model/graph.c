/* graph.c: the graph model: igraph topology plus ids, uids and JSON attributes per element. */
#include "cpecgraph/graph.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cpecgraph/json.h"
#include "graph_internal.h"
#include "idmap.h"
#include "suggest.h"

/* An element's attributes: a tree, or, until they are first asked for, the JSON text a loader
 * kept (in its arena: a fraction of the tree's size, and nothing to build for elements that no
 * plugin reads). Both NULL means none. */
typedef struct attr_slot {
    cJSON *tree;
    const char *text;
} attr_slot;

typedef struct node_rec {
    char *id;
    attr_slot attrs;
} node_rec;

/* uid <-> index. Uids are handed out in order and never reused, so until the first deletion an
 * element's uid is its index and neither array exists: a million-edge graph that no plugin
 * shrinks spends nothing on them. */
typedef struct uid_table {
    uint64_t *of_index;        /* index -> uid, or NULL while uid == index */
    igraph_integer_t *index;   /* uid -> index (-1 once deleted), or NULL likewise */
    uint64_t count;            /* uids handed out */
    size_t of_index_capacity, index_capacity;
} uid_table;

struct cpg_graph {
    igraph_t ig;
    bool multigraph;
    cJSON *attrs;
    node_rec *nodes;
    attr_slot *edge_attrs;
    bool *edge_reversed;  /* igraph keeps undirected edges its own way round; this keeps the file's */
    size_t node_capacity, edge_capacity, reversed_capacity;
    cpg_idmap ids;
    uid_table node_uids, edge_uids;
    cpg_arena **arenas;  /* of the files loaded: attributes may live there */
    size_t arena_count;
};

/* ---- small helpers ---------------------------------------------------------------------- */

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

/* Ids and attribute texts are copies, except those a loader handed over in its arena. */
static void release(const void *p)
{
    if (!cpg_arena_owns(p))
        free((void *)p);
}

/* The tree of S, parsed from its text the first time (text that the loader checked: only
 * memory can fail). NULL when out of memory. */
static cJSON *slot_tree(attr_slot *s)
{
    if (s->tree)
        return s->tree;
    s->tree = s->text ? cpg_json_parse(s->text, strlen(s->text), NULL) : cJSON_CreateObject();
    if (s->tree) {
        release(s->text);
        s->text = NULL;
    }
    return s->tree;
}

static void slot_free(attr_slot *s)
{
    cJSON_Delete(s->tree);
    release(s->text);
    *s = (attr_slot){NULL, NULL};
}

/* A copy of SRC that owns its memory; false when out of memory. */
static bool slot_copy(attr_slot *dst, const attr_slot *src)
{
    dst->tree = src->tree ? cJSON_Duplicate(src->tree, true) : NULL;
    dst->text = src->text ? strdup(src->text) : NULL;
    return (dst->tree != NULL) == (src->tree != NULL) && (dst->text != NULL) == (src->text != NULL);
}

/* A copy of attribute NAME of S (NULL when absent or out of memory), without keeping S's tree:
 * a pass over a million edges reads one value each and leaves their text as it is. */
static cJSON *slot_value(const attr_slot *s, const char *name)
{
    if (s->tree || !s->text)
        return cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(s->tree, name), true);
    cJSON *tree = cpg_json_parse(s->text, strlen(s->text), NULL);
    cJSON *value = cJSON_DetachItemFromObjectCaseSensitive(tree, name);
    cJSON_Delete(tree);
    return value;
}

static void free_attrs_array(igraph_integer_t n, cJSON **attrs)
{
    for (igraph_integer_t i = 0; attrs && i < n; i++)
        cJSON_Delete(attrs[i]);
}

/* ---- life cycle ------------------------------------------------------------------------- */

cpg_graph *cpg_graph_new(bool directed)
{
    cpg_graph *g = calloc(1, sizeof *g);
    if (!g)
        return NULL;
    g->attrs = cJSON_CreateObject();
    if (!g->attrs || igraph_empty(&g->ig, 0, directed) != IGRAPH_SUCCESS) {
        cJSON_Delete(g->attrs);
        free(g);
        return NULL;
    }
    cpg_idmap_init(&g->ids);
    return g;
}

void cpg_graph_free(cpg_graph *g)
{
    if (!g)
        return;
    for (igraph_integer_t v = 0; g->nodes && v < igraph_vcount(&g->ig); v++) {
        release(g->nodes[v].id);
        slot_free(&g->nodes[v].attrs);
    }
    for (igraph_integer_t e = 0; g->edge_attrs && e < igraph_ecount(&g->ig); e++)
        slot_free(&g->edge_attrs[e]);
    igraph_destroy(&g->ig);
    cJSON_Delete(g->attrs);
    free(g->nodes);
    free(g->edge_attrs);
    free(g->edge_reversed);
    uid_free(&g->node_uids);
    uid_free(&g->edge_uids);
    cpg_idmap_free(&g->ids);
    for (size_t i = 0; i < g->arena_count; i++)  /* last: the deletions above read them */
        cpg_arena_free(g->arenas[i]);
    free(g->arenas);
    free(g);
}

cpg_status cpg_graph_keep_arena(cpg_graph *g, cpg_arena *arena)
{
    cpg_arena **arenas = realloc(g->arenas, (g->arena_count + 1) * sizeof *arenas);
    if (!arenas)
        return CPG_ENOMEM;
    g->arenas = arenas;
    g->arenas[g->arena_count++] = arena;
    return CPG_OK;
}

/* ---- accessors -------------------------------------------------------------------------- */

const igraph_t *cpg_graph_igraph(const cpg_graph *g) { return &g->ig; }
bool cpg_graph_directed(const cpg_graph *g) { return igraph_is_directed(&g->ig); }
bool cpg_graph_multigraph(const cpg_graph *g) { return g->multigraph; }
void cpg_graph_set_multigraph(cpg_graph *g, bool multigraph) { g->multigraph = multigraph; }
igraph_integer_t cpg_graph_node_count(const cpg_graph *g) { return igraph_vcount(&g->ig); }
igraph_integer_t cpg_graph_edge_count(const cpg_graph *g) { return igraph_ecount(&g->ig); }
cJSON *cpg_graph_attrs(cpg_graph *g) { return g->attrs; }

igraph_integer_t cpg_graph_find(const cpg_graph *g, const char *id)
{
    return cpg_idmap_get(&g->ids, id);
}

const char *cpg_graph_suggest_id(const cpg_graph *g, const char *id)
{
    cpg_suggest s;
    cpg_suggest_init(&s, id);
    for (igraph_integer_t v = 0; v < igraph_vcount(&g->ig); v++)
        cpg_suggest_consider(&s, g->nodes[v].id);
    return s.best;
}

const char *cpg_graph_node_id(const cpg_graph *g, igraph_integer_t v) { return g->nodes[v].id; }
cJSON *cpg_graph_node_attrs(const cpg_graph *g, igraph_integer_t v)
{
    return slot_tree(&g->nodes[v].attrs);
}

cJSON *cpg_graph_edge_attrs(const cpg_graph *g, igraph_integer_t e)
{
    return slot_tree(&g->edge_attrs[e]);
}

cJSON *cpg_graph_node_value(const cpg_graph *g, igraph_integer_t v, const char *name)
{
    return slot_value(&g->nodes[v].attrs, name);
}
uint64_t cpg_graph_node_uid(const cpg_graph *g, igraph_integer_t v)
{
    return uid_of(&g->node_uids, v);
}

uint64_t cpg_graph_edge_uid(const cpg_graph *g, igraph_integer_t e)
{
    return uid_of(&g->edge_uids, e);
}

igraph_integer_t cpg_graph_edge_from(const cpg_graph *g, igraph_integer_t e)
{
    return g->edge_reversed[e] ? IGRAPH_TO(&g->ig, e) : IGRAPH_FROM(&g->ig, e);
}

igraph_integer_t cpg_graph_edge_to(const cpg_graph *g, igraph_integer_t e)
{
    return g->edge_reversed[e] ? IGRAPH_FROM(&g->ig, e) : IGRAPH_TO(&g->ig, e);
}

igraph_integer_t cpg_graph_node_by_uid(const cpg_graph *g, uint64_t uid)
{
    return uid_lookup(&g->node_uids, uid);
}

igraph_integer_t cpg_graph_edge_by_uid(const cpg_graph *g, uint64_t uid)
{
    return uid_lookup(&g->edge_uids, uid);
}

/* ---- adding ----------------------------------------------------------------------------- */

/* Checks that every id is new and distinct, before anything changes. */
static cpg_status check_new_ids(cpg_graph *g, igraph_integer_t n, const char *const *ids)
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

/* Reserves room in every table so that only the id strings can fail to allocate below. */
static cpg_status reserve_nodes(cpg_graph *g, igraph_integer_t n)
{
    size_t needed = (size_t)(igraph_vcount(&g->ig) + n);
    RESERVE(g->nodes, g->node_capacity, needed);
    if (g->node_capacity < needed ||
        !uid_reserve(&g->node_uids, igraph_vcount(&g->ig), (uint64_t)n))
        return CPG_ENOMEM;
    return CPG_OK;
}

/* The id index after a renumbering or a failed addition: every node below COUNT. */
static cpg_status rebuild_ids(cpg_graph *g, igraph_integer_t count)
{
    cpg_idmap_clear(&g->ids);
    for (igraph_integer_t v = 0; v < count; v++)
        if (!cpg_idmap_put(&g->ids, g->nodes[v].id, v))
            return CPG_ENOMEM;
    return CPG_OK;
}

static cpg_status node_init(cpg_graph *g, igraph_integer_t v, const char *id, cJSON **attrs)
{
    node_rec *r = &g->nodes[v];
    r->id = strdup(id);
    r->attrs = (attr_slot){attrs ? *attrs : NULL, NULL};
    if (attrs)
        *attrs = NULL;
    if (r->id && cpg_idmap_put(&g->ids, r->id, v))
        return CPG_OK;
    release(r->id);
    slot_free(&r->attrs);
    return CPG_ENOMEM;
}

static void nodes_undo(cpg_graph *g, igraph_integer_t base, igraph_integer_t made)
{
    for (igraph_integer_t i = 0; i < made; i++) {
        release(g->nodes[base + i].id);
        slot_free(&g->nodes[base + i].attrs);
    }
    rebuild_ids(g, base); /* cannot fail: the table only shrinks */
}

cpg_status cpg_graph_add_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                               cJSON **attrs)
{
    igraph_integer_t base = igraph_vcount(&g->ig), made = 0;
    cpg_status status = check_new_ids(g, n, ids);
    if (status == CPG_OK)
        status = reserve_nodes(g, n);
    while (status == CPG_OK && made < n) {
        status = node_init(g, base + made, ids[made], attrs ? &attrs[made] : NULL);
        made += status == CPG_OK;
    }
    if (status == CPG_OK)
        status = cpg_status_from_igraph(igraph_add_vertices(&g->ig, n, NULL));
    if (status != CPG_OK) {
        nodes_undo(g, base, made);
        free_attrs_array(n, attrs);
        return status;
    }
    for (igraph_integer_t i = 0; i < n; i++)
        uid_assign(&g->node_uids, base + i);
    return CPG_OK;
}

cpg_status cpg_graph_adopt_nodes(cpg_graph *g, igraph_integer_t n, const char **ids,
                                 cJSON **attrs, const char **texts, cpg_idmap *index)
{
    cpg_status status = igraph_vcount(&g->ig) ? CPG_EVALUE : reserve_nodes(g, n);
    if (status == CPG_OK)
        status = cpg_status_from_igraph(igraph_add_vertices(&g->ig, n, NULL));
    if (status != CPG_OK) {
        free_attrs_array(n, attrs);
        return status;
    }
    for (igraph_integer_t v = 0; v < n; v++) {
        g->nodes[v] = (node_rec){(char *)ids[v], {attrs ? attrs[v] : NULL, texts ? texts[v] : NULL}};
        uid_assign(&g->node_uids, v);
        if (attrs)
            attrs[v] = NULL;
    }
    cpg_idmap_free(&g->ids);
    g->ids = *index;
    cpg_idmap_init(index);
    return CPG_OK;
}

cpg_status cpg_graph_add_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends,
                               cJSON **attrs)
{
    return cpg_graph_add_loaded_edges(g, n, ends, attrs, NULL);
}

cpg_status cpg_graph_add_loaded_edges(cpg_graph *g, igraph_integer_t n,
                                      const igraph_integer_t *ends, cJSON **attrs,
                                      const char **texts)
{
    igraph_integer_t base = igraph_ecount(&g->ig), vcount = igraph_vcount(&g->ig);
    for (igraph_integer_t i = 0; i < 2 * n; i++)
        if (ends[i] < 0 || ends[i] >= vcount) {
            free_attrs_array(n, attrs);
            return CPG_ENOENT;
        }
    size_t needed = (size_t)(base + n);
    RESERVE(g->edge_attrs, g->edge_capacity, needed);
    RESERVE(g->edge_reversed, g->reversed_capacity, needed);
    bool room = g->edge_capacity >= needed && g->reversed_capacity >= needed &&
                uid_reserve(&g->edge_uids, base, (uint64_t)n);
    cpg_status status = room ? CPG_OK : CPG_ENOMEM;
    if (status == CPG_OK) {
        igraph_vector_int_t v;
        igraph_vector_int_view(&v, ends, 2 * n);
        status = cpg_status_from_igraph(igraph_add_edges(&g->ig, &v, NULL));
    }
    if (status != CPG_OK) {
        free_attrs_array(n, attrs);
        return status;
    }
    for (igraph_integer_t i = 0; i < n; i++) {  /* nothing below can fail */
        igraph_integer_t e = base + i;
        g->edge_attrs[e] = (attr_slot){attrs ? attrs[i] : NULL, texts ? texts[i] : NULL};
        if (attrs)
            attrs[i] = NULL;
        g->edge_reversed[e] = IGRAPH_FROM(&g->ig, e) != ends[2 * i];
        uid_assign(&g->edge_uids, e);
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

/* Builds in DST the topology of G restricted to the kept elements; NEW_INDEX (vcount entries)
 * receives each old vertex's new index or -1. */
static cpg_status build_restricted(const cpg_graph *g, const bool *keep_nodes,
                                   const bool *keep_edges, igraph_integer_t *new_index,
                                   igraph_t *dst)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig), kept = 0;
    for (igraph_integer_t v = 0; v < vcount; v++)
        new_index[v] = !keep_nodes || keep_nodes[v] ? kept++ : -1;

    igraph_vector_int_t ends;
    if (igraph_vector_int_init(&ends, 0) != IGRAPH_SUCCESS)
        return CPG_ENOMEM;
    igraph_error_t rc = IGRAPH_SUCCESS;
    for (igraph_integer_t e = 0; e < igraph_ecount(&g->ig) && rc == IGRAPH_SUCCESS; e++) {
        if (!edge_kept(g, e, keep_nodes, keep_edges))
            continue;
        rc = igraph_vector_int_push_back(&ends, new_index[IGRAPH_FROM(&g->ig, e)]);
        if (rc == IGRAPH_SUCCESS)
            rc = igraph_vector_int_push_back(&ends, new_index[IGRAPH_TO(&g->ig, e)]);
    }
    if (rc == IGRAPH_SUCCESS)
        rc = igraph_create(dst, &ends, kept, igraph_is_directed(&g->ig));
    igraph_vector_int_destroy(&ends);
    return cpg_status_from_igraph(rc);
}

/* Moves the kept records down in place, frees the others, and points the uids at the new
 * indices. */
static void compact_records(cpg_graph *g, const bool *keep_nodes, const bool *keep_edges,
                            const igraph_integer_t *new_index)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig), ecount = igraph_ecount(&g->ig), ne = 0;
    uid_table *eu = &g->edge_uids, *nu = &g->node_uids;
    for (igraph_integer_t e = 0; e < ecount; e++) {
        uint64_t uid = eu->of_index[e];
        bool keep = edge_kept(g, e, keep_nodes, keep_edges);
        eu->index[uid] = keep ? ne : -1;
        if (!keep) {
            slot_free(&g->edge_attrs[e]);
            continue;
        }
        g->edge_attrs[ne] = g->edge_attrs[e];
        g->edge_reversed[ne] = g->edge_reversed[e];
        eu->of_index[ne++] = uid;
    }
    for (igraph_integer_t v = 0; v < vcount; v++) {
        node_rec r = g->nodes[v];
        uint64_t uid = nu->of_index[v];
        nu->index[uid] = new_index[v];
        if (new_index[v] >= 0) {
            g->nodes[new_index[v]] = r;
            nu->of_index[new_index[v]] = uid;
        } else {
            release(r.id);
            slot_free(&r.attrs);
        }
    }
}

cpg_status cpg_graph_filter(cpg_graph *g, const bool *keep_nodes, const bool *keep_edges)
{
    igraph_integer_t vcount = igraph_vcount(&g->ig);
    if (!uid_materialise(&g->node_uids, vcount) ||
        !uid_materialise(&g->edge_uids, igraph_ecount(&g->ig)))
        return CPG_ENOMEM;
    igraph_integer_t *new_index = malloc(((size_t)vcount + 1) * sizeof *new_index);
    if (!new_index)
        return CPG_ENOMEM;
    igraph_t restricted;
    cpg_status status = build_restricted(g, keep_nodes, keep_edges, new_index, &restricted);
    if (status == CPG_OK) {
        compact_records(g, keep_nodes, keep_edges, new_index);
        igraph_destroy(&g->ig);
        g->ig = restricted;
        status = rebuild_ids(g, igraph_vcount(&g->ig));
    }
    free(new_index);
    return status;
}

/* Copies the kept records of SRC into DST, whose topology build_restricted made. */
static cpg_status copy_records(const cpg_graph *src, cpg_graph *dst, const bool *keep_nodes)
{
    igraph_integer_t nv = igraph_vcount(&dst->ig), ne = igraph_ecount(&dst->ig), v2 = 0, e2 = 0;
    /* cpg_graph_free(dst) must find zeroed records whatever fails below */
    dst->nodes = calloc((size_t)nv + 1, sizeof *dst->nodes);
    dst->edge_attrs = calloc((size_t)ne + 1, sizeof *dst->edge_attrs);
    dst->edge_reversed = calloc((size_t)ne + 1, sizeof *dst->edge_reversed);
    dst->node_capacity = (size_t)nv + 1;
    dst->edge_capacity = dst->reversed_capacity = (size_t)ne + 1;
    if (!dst->nodes || !dst->edge_attrs || !dst->edge_reversed)
        return CPG_ENOMEM;
    cpg_status status = CPG_OK;
    for (igraph_integer_t v = 0; v < igraph_vcount(&src->ig); v++) {
        if (!keep_nodes[v])
            continue;
        node_rec *r = &dst->nodes[v2];
        r->id = strdup(src->nodes[v].id);
        uid_assign(&dst->node_uids, v2++);
        if (!r->id || !slot_copy(&r->attrs, &src->nodes[v].attrs))
            status = CPG_ENOMEM;
    }
    for (igraph_integer_t e = 0; e < igraph_ecount(&src->ig); e++) {
        if (!edge_kept(src, e, keep_nodes, NULL))
            continue;
        /* new indices keep the old order: igraph stores the edge the same way round */
        dst->edge_reversed[e2] = src->edge_reversed[e];
        if (!slot_copy(&dst->edge_attrs[e2], &src->edge_attrs[e]))
            status = CPG_ENOMEM;
        uid_assign(&dst->edge_uids, e2++);
    }
    return status == CPG_OK ? rebuild_ids(dst, nv) : status;
}

cpg_graph *cpg_graph_induced(const cpg_graph *g, const bool *keep_nodes, cpg_status *status)
{
    cpg_graph *dst = calloc(1, sizeof *dst);
    igraph_integer_t *new_index = malloc(((size_t)igraph_vcount(&g->ig) + 1) * sizeof *new_index);
    *status = dst && new_index ? CPG_OK : CPG_ENOMEM;
    if (*status == CPG_OK)
        *status = build_restricted(g, keep_nodes, NULL, new_index, &dst->ig);
    free(new_index);
    if (*status != CPG_OK) {
        free(dst);
        return NULL;
    }
    cpg_idmap_init(&dst->ids);
    dst->multigraph = g->multigraph;
    dst->attrs = cJSON_Duplicate(g->attrs, true);
    *status = dst->attrs ? copy_records(g, dst, keep_nodes) : CPG_ENOMEM;
    if (*status != CPG_OK) {
        cpg_graph_free(dst);
        return NULL;
    }
    return dst;
}

/* ---- attribute views ------------------------------------------------------------------ */

cpg_status cpg_graph_edge_numbers(const cpg_graph *g, const char *name, igraph_vector_t *weights,
                                  igraph_integer_t *bad_edge)
{
    igraph_integer_t ecount = igraph_ecount(&g->ig);
    if (igraph_vector_resize(weights, ecount) != IGRAPH_SUCCESS)
        return CPG_ENOMEM;
    for (igraph_integer_t e = 0; e < ecount; e++) {
        cJSON *value = slot_value(&g->edge_attrs[e], name);
        bool number = cJSON_IsNumber(value);
        if (number)
            VECTOR(*weights)[e] = value->valuedouble;
        cJSON_Delete(value);
        if (!number) {
            *bad_edge = e;
            return CPG_EVALUE;  /* out of memory passes for a bad value here: rare, and safe */
        }
    }
    return CPG_OK;
}
