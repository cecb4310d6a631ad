/* loader.c: node-link JSON -> graph model, with every schema problem located by a JSON pointer. */
#include "cpecgraph/loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "idmap.h"
#include "suggest.h"

/* What one file holds once checked: enough to apply it to the graph without failing on input. */
typedef struct load_ctx {
    const char *name;
    cpg_diags *diags;
    const cpg_graph *graph;  /* the graph merged into, or NULL for the first file */
    cJSON *root, *graph_attrs, *nodes, *edges;
    const char *edges_key;   /* "edges" or "links", as the file spells it, for pointers */
    bool directed, multigraph;
    igraph_integer_t node_count, edge_count;
    const char **ids;        /* per node, borrowed from the tree */
    cpg_idmap file_ids;      /* id -> index in "nodes" */
    igraph_integer_t *ends;  /* per edge endpoint: index in "nodes" */
    const char **end_ids;    /* per edge endpoint, resolved only against the earlier graph */
} load_ctx;

static const char *json_type_name(const cJSON *item)
{
    if (cJSON_IsNull(item)) return "null";
    if (cJSON_IsBool(item)) return "boolean";
    if (cJSON_IsNumber(item)) return "number";
    if (cJSON_IsString(item)) return "string";
    if (cJSON_IsArray(item)) return "array";
    return "object";
}

#define load_error(ctx, pointer, ...) \
    cpg_diags_add((ctx)->diags, CPG_ERROR, (ctx)->name, 0, 0, (pointer), __VA_ARGS__)

/* ---- reading ---------------------------------------------------------------------------- */

static cpg_status read_stream(FILE *fp, char **buf, size_t *len)
{
    size_t cap = 1 << 16, used = 0;
    char *data = malloc(cap);
    while (data) {
        used += fread(data + used, 1, cap - used, fp);
        if (used < cap)
            break;
        char *bigger = cap < SIZE_MAX / 2 ? realloc(data, cap *= 2) : NULL;
        if (!bigger)
            free(data);
        data = bigger;
    }
    if (!data)
        return CPG_ENOMEM;
    if (ferror(fp)) {
        free(data);
        return CPG_ENOENT;
    }
    *buf = data;
    *len = used;
    return CPG_OK;
}

cpg_status cpg_load_file(cpg_graph **graph, const char *path, cpg_diags *diags,
                         cpg_load_stats *stats)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "%s", strerror(errno));
        return CPG_ENOENT;
    }
    char *buf = NULL;
    size_t len = 0;
    errno = 0;
    cpg_status status = read_stream(fp, &buf, &len);
    int read_errno = errno ? errno : EIO;
    if (!is_stdin)
        fclose(fp);
    if (status == CPG_ENOENT)
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "%s", strerror(read_errno));
    else if (status == CPG_ENOMEM)
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "out of memory reading the file");
    if (status != CPG_OK)
        return status;
    status = cpg_load_buffer(graph, name, buf, len, diags, stats);
    free(buf);
    return status;
}

/* ---- checking --------------------------------------------------------------------------- */

static bool check_flag(load_ctx *ctx, const char *key, bool *value)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(ctx->root, key);
    *value = cJSON_IsTrue(item);
    if (item && !cJSON_IsBool(item)) {
        char pointer[32];
        snprintf(pointer, sizeof pointer, "/%s", key);
        load_error(ctx, pointer, "'%s' must be true or false, got %s", key, json_type_name(item));
        return false;
    }
    return true;
}

/* The top level: an object with "nodes" (array), "edges" or "links" (array), "graph" (object). */
static bool check_top(load_ctx *ctx)
{
    if (!cJSON_IsObject(ctx->root)) {
        load_error(ctx, "", "expected an object with 'nodes' and 'edges', got %s",
                   json_type_name(ctx->root));
        return false;
    }
    bool ok = check_flag(ctx, "directed", &ctx->directed);
    ok = check_flag(ctx, "multigraph", &ctx->multigraph) && ok;
    ctx->graph_attrs = cJSON_GetObjectItemCaseSensitive(ctx->root, "graph");
    if (ctx->graph_attrs && !cJSON_IsObject(ctx->graph_attrs)) {
        load_error(ctx, "/graph", "'graph' must be an object, got %s",
                   json_type_name(ctx->graph_attrs));
        ok = false;
    }
    ctx->nodes = cJSON_GetObjectItemCaseSensitive(ctx->root, "nodes");
    if (!cJSON_IsArray(ctx->nodes)) {
        if (ctx->nodes)
            load_error(ctx, "/nodes", "'nodes' must be an array, got %s", json_type_name(ctx->nodes));
        else
            load_error(ctx, "", "'nodes' is missing");
        ok = false;
    }
    cJSON *edges = cJSON_GetObjectItemCaseSensitive(ctx->root, "edges");
    cJSON *links = cJSON_GetObjectItemCaseSensitive(ctx->root, "links");
    ctx->edges = edges ? edges : links;
    ctx->edges_key = edges ? "edges" : "links";
    if (edges && links) {
        load_error(ctx, "/links", "both 'edges' and 'links' are present: use one");
        ok = false;
    } else if (ctx->edges && !cJSON_IsArray(ctx->edges)) {
        char pointer[16];
        snprintf(pointer, sizeof pointer, "/%s", ctx->edges_key);
        load_error(ctx, pointer, "'%s' must be an array, got %s", ctx->edges_key,
                   json_type_name(ctx->edges));
        ok = false;
    }
    if (ctx->graph && cpg_graph_directed(ctx->graph) != ctx->directed) {
        load_error(ctx, "/directed", "this graph is %s but the files before it are %s",
                   ctx->directed ? "directed" : "undirected",
                   ctx->directed ? "undirected" : "directed");
        ok = false;
    }
    return ok;
}

/* "/ARRAY/I" or "/ARRAY/I/FIELD" in BUF: made only when there is something to report, as
 * formatting one per element costs more than checking it. */
typedef struct place {
    const char *array;
    igraph_integer_t index;
    const char *field;  /* NULL for the element itself */
    char pointer[64];
} place;

static const char *at(place *p)
{
    snprintf(p->pointer, sizeof p->pointer, "/%s/%lld%s%s", p->array, (long long)p->index,
             p->field ? "/" : "", p->field ? p->field : "");
    return p->pointer;
}

/* The text of an id: a non-empty string, or an integer kept as its decimal literal. */
static const char *id_text(load_ctx *ctx, const cJSON *item, place *p)
{
    if (cJSON_IsString(item) && item->valuestring[0])
        return item->valuestring;
    if (cJSON_IsNumber(item) && cpg_json_is_integer(item))
        return cpg_json_number_text(item);
    if (cJSON_IsString(item))
        load_error(ctx, at(p), "id must not be empty");
    else if (cJSON_IsNumber(item))
        load_error(ctx, at(p), "id must be a string or an integer, got %s",
                   cpg_json_number_text(item) ? cpg_json_number_text(item) : "a fraction");
    else
        load_error(ctx, at(p), "id must be a string or an integer, got %s", json_type_name(item));
    return NULL;
}

static void check_node(load_ctx *ctx, const cJSON *node, igraph_integer_t i)
{
    place p = {"nodes", i, NULL, ""};
    if (!cJSON_IsObject(node)) {
        load_error(ctx, at(&p), "a node must be an object, got %s", json_type_name(node));
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(node, "id");
    if (!id) {
        load_error(ctx, at(&p), "node has no 'id'");
        return;
    }
    p.field = "id";
    const char *text = ctx->ids[i] = id_text(ctx, id, &p);
    if (!text)
        return;
    int64_t first = cpg_idmap_get(&ctx->file_ids, text);
    if (first >= 0)
        load_error(ctx, at(&p), "duplicate id '%s' (first declared at /nodes/%lld)", text,
                   (long long)first);
    else if (!cpg_idmap_put(&ctx->file_ids, text, i))
        load_error(ctx, at(&p), "out of memory");
}

/* Offers the ids of this file and of the graph so far to S. */
static const char *suggest_for(load_ctx *ctx, const char *wanted)
{
    cpg_suggest s;
    cpg_suggest_init(&s, wanted);
    for (igraph_integer_t i = 0; i < ctx->node_count; i++)
        if (ctx->ids[i])
            cpg_suggest_consider(&s, ctx->ids[i]);
    const char *in_graph = ctx->graph ? cpg_suggest_id(ctx->graph, wanted) : NULL;
    if (in_graph)
        cpg_suggest_consider(&s, in_graph);
    return s.best;
}

/* Resolves one endpoint to an index in "nodes", or -1 for a node of an earlier file. */
static bool check_endpoint(load_ctx *ctx, const cJSON *edge, igraph_integer_t i, const char *key)
{
    place p = {ctx->edges_key, i, NULL, ""};
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(edge, key);
    if (!item) {
        load_error(ctx, at(&p), "edge has no '%s'", key);
        return false;
    }
    p.field = key;
    size_t slot = 2 * (size_t)i + (key[0] == 't');
    const char *text = ctx->end_ids[slot] = id_text(ctx, item, &p);
    if (!text)
        return false;
    ctx->ends[slot] = cpg_idmap_get(&ctx->file_ids, text);
    if (ctx->ends[slot] >= 0 || (ctx->graph && cpg_graph_find(ctx->graph, text) >= 0))
        return true;
    if (ctx->diags->error_cap && ctx->diags->error_count >= ctx->diags->error_cap) {
        load_error(ctx, at(&p), "unknown node"); /* only counted: skip the costly hint */
        return false;
    }
    const char *hint = suggest_for(ctx, text);
    if (hint)
        load_error(ctx, at(&p), "unknown node '%s' (did you mean '%s'?)", text, hint);
    else
        load_error(ctx, at(&p), "unknown node '%s'", text);
    return false;
}

static void check_edge(load_ctx *ctx, const cJSON *edge, igraph_integer_t i)
{
    if (!cJSON_IsObject(edge)) {
        place p = {ctx->edges_key, i, NULL, ""};
        load_error(ctx, at(&p), "an edge must be an object, got %s", json_type_name(edge));
        return;
    }
    check_endpoint(ctx, edge, i, "source");
    check_endpoint(ctx, edge, i, "target");
}

static cpg_status check_elements(load_ctx *ctx)
{
    ctx->node_count = cJSON_GetArraySize(ctx->nodes);
    ctx->edge_count = ctx->edges ? cJSON_GetArraySize(ctx->edges) : 0;
    ctx->ids = calloc((size_t)ctx->node_count + 1, sizeof *ctx->ids);
    ctx->ends = calloc(2 * (size_t)ctx->edge_count + 1, sizeof *ctx->ends);
    ctx->end_ids = calloc(2 * (size_t)ctx->edge_count + 1, sizeof *ctx->end_ids);
    if (!ctx->ids || !ctx->ends || !ctx->end_ids)
        return CPG_ENOMEM;
    igraph_integer_t i = 0;
    for (const cJSON *node = ctx->nodes->child; node; node = node->next)
        check_node(ctx, node, i++);
    i = 0;
    for (const cJSON *edge = ctx->edges ? ctx->edges->child : NULL; edge; edge = edge->next)
        check_edge(ctx, edge, i++);
    return CPG_OK;
}

/* ---- applying --------------------------------------------------------------------------- */

/* Moves every member of SRC except SKIP into DST; a member DST already has is replaced and,
 * when its value changes, noted at POINTER_BASE/key. */
static cpg_status merge_attrs(load_ctx *ctx, cJSON *dst, cJSON *src, const char *skip,
                              const char *pointer_base, const char *owner)
{
    while (src->child) {
        cJSON *item = cJSON_DetachItemViaPointer(src, src->child);
        if (skip && strcmp(item->string, skip) == 0) {
            cJSON_Delete(item);
            continue;
        }
        cJSON *old = cJSON_GetObjectItemCaseSensitive(dst, item->string);
        if (old && !cJSON_Compare(old, item, true))
            cpg_diags_add(ctx->diags, CPG_NOTE, ctx->name, 0, 0, pointer_base,
                          "'%s' of %s overwrites the value from an earlier file", item->string,
                          owner);
        bool ok = old ? cJSON_ReplaceItemViaPointer(dst, old, item)
                      : cJSON_AddItemToObject(dst, item->string, item);
        if (!ok) {
            cJSON_Delete(item);
            return CPG_ENOMEM;
        }
    }
    return CPG_OK;
}

/* Adds the nodes that are new and merges the attributes of those an earlier file declared;
 * VERTEX receives the vertex of every entry of "nodes". */
static cpg_status apply_nodes(load_ctx *ctx, cpg_graph *g, igraph_integer_t *vertex)
{
    igraph_integer_t n = 0, base = cpg_graph_node_count(g), i = 0;
    const char **new_ids = malloc(((size_t)ctx->node_count + 1) * sizeof *new_ids);
    cJSON **new_attrs = malloc(((size_t)ctx->node_count + 1) * sizeof *new_attrs);
    cpg_status status = new_ids && new_attrs ? CPG_OK : CPG_ENOMEM;
    for (cJSON *node = ctx->nodes->child, *next; node && status == CPG_OK; node = next, i++) {
        next = node->next;
        vertex[i] = cpg_graph_find(g, ctx->ids[i]);
        if (vertex[i] >= 0) {
            char pointer[64], owner[200];
            snprintf(pointer, sizeof pointer, "/nodes/%lld", (long long)i);
            snprintf(owner, sizeof owner, "node '%.150s'", ctx->ids[i]);
            status = merge_attrs(ctx, cpg_graph_node_attrs(g, vertex[i]), node, "id", pointer, owner);
            continue;
        }
        vertex[i] = base + n;
        new_ids[n] = strdup(ctx->ids[i]); /* the id lives in the node, which moves away */
        new_attrs[n] = cJSON_DetachItemViaPointer(ctx->nodes, node);
        cJSON_DeleteItemFromObjectCaseSensitive(new_attrs[n], "id");
        if (!new_ids[n++])
            status = CPG_ENOMEM;
    }
    if (status == CPG_OK)
        status = cpg_graph_add_nodes(g, n, new_ids, new_attrs);
    else
        for (igraph_integer_t k = 0; k < n; k++)
            cJSON_Delete(new_attrs[k]);
    for (igraph_integer_t k = 0; k < n; k++)
        free((char *)new_ids[k]);
    free(new_ids);
    free(new_attrs);
    return status;
}

static cpg_status apply_edges(load_ctx *ctx, cpg_graph *g, const igraph_integer_t *vertex)
{
    igraph_integer_t m = ctx->edge_count;
    igraph_integer_t *ends = malloc((2 * (size_t)m + 1) * sizeof *ends);
    cJSON **attrs = malloc(((size_t)m + 1) * sizeof *attrs);
    if (!ends || !attrs) {
        free(ends);
        free(attrs);
        return CPG_ENOMEM;
    }
    for (igraph_integer_t k = 0; k < 2 * m; k++)
        ends[k] = ctx->ends[k] >= 0 ? vertex[ctx->ends[k]] : cpg_graph_find(g, ctx->end_ids[k]);
    igraph_integer_t i = 0;
    while (ctx->edges && ctx->edges->child) {
        attrs[i] = cJSON_DetachItemViaPointer(ctx->edges, ctx->edges->child);
        cJSON_DeleteItemFromObjectCaseSensitive(attrs[i], "source");
        cJSON_DeleteItemFromObjectCaseSensitive(attrs[i++], "target");
    }
    cpg_status status = cpg_graph_add_edges(g, m, ends, attrs);
    free(ends);
    free(attrs);
    return status;
}

static cpg_status record_stats(const load_ctx *ctx, const cpg_graph *g, igraph_integer_t before,
                               const igraph_integer_t *vertex, cpg_load_stats *stats)
{
    stats->nodes = ctx->node_count;
    stats->new_nodes = cpg_graph_node_count(g) - before;
    stats->edges = ctx->edge_count;
    if (!stats->declared)
        return CPG_OK;
    igraph_vector_int_t view;
    igraph_vector_int_view(&view, vertex, ctx->node_count);
    return cpg_status_from_igraph(igraph_vector_int_update(stats->declared, &view));
}

static cpg_status apply(load_ctx *ctx, cpg_graph *g, cpg_load_stats *stats)
{
    igraph_integer_t before = cpg_graph_node_count(g);
    cpg_graph_set_multigraph(g, cpg_graph_multigraph(g) || ctx->multigraph);
    cpg_status status = CPG_OK;
    if (ctx->graph_attrs)
        status = merge_attrs(ctx, cpg_graph_attrs(g), ctx->graph_attrs, NULL, "/graph", "the graph");
    igraph_integer_t *vertex = malloc(((size_t)ctx->node_count + 1) * sizeof *vertex);
    if (!vertex)
        return CPG_ENOMEM;
    if (status == CPG_OK)
        status = apply_nodes(ctx, g, vertex);
    if (status == CPG_OK)
        status = apply_edges(ctx, g, vertex);
    if (status == CPG_OK && stats)
        status = record_stats(ctx, g, before, vertex, stats);
    free(vertex);
    return status;
}

/* ---- entry points ----------------------------------------------------------------------- */

static cpg_status parse_root(load_ctx *ctx, const char *buf, size_t len)
{
    cpg_json_error err;
    ctx->root = cpg_json_parse(buf, len, &err);
    if (ctx->root)
        return CPG_OK;
    cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, err.line, err.column, NULL, "%s", err.message);
    return strcmp(err.message, "out of memory") == 0 ? CPG_ENOMEM : CPG_EVALUE;
}

cpg_status cpg_load_buffer(cpg_graph **graph, const char *name, const char *buf, size_t len,
                           cpg_diags *diags, cpg_load_stats *stats)
{
    load_ctx ctx = {.name = name, .diags = diags, .graph = *graph};
    cpg_idmap_init(&ctx.file_ids);
    size_t errors_before = diags->error_count;
    cpg_status status = parse_root(&ctx, buf, len);
    if (status == CPG_OK && !check_top(&ctx))
        status = CPG_EVALUE;
    if (status == CPG_OK)
        status = check_elements(&ctx);
    if (status == CPG_OK && diags->error_count > errors_before)
        status = CPG_EVALUE;
    cpg_graph *g = *graph;
    if (status == CPG_OK && !g && !(g = cpg_graph_new(ctx.directed)))
        status = CPG_ENOMEM;
    if (status == CPG_OK)
        status = apply(&ctx, g, stats);
    if (status == CPG_ENOMEM && diags->error_count == errors_before)
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "out of memory");
    else if (status == CPG_EIGRAPH)
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "%s", cpg_igraph_reason());
    if (g != *graph && status != CPG_OK)
        cpg_graph_free(g);
    else
        *graph = g;
    cJSON_Delete(ctx.root);
    cpg_idmap_free(&ctx.file_ids);
    free(ctx.ids);
    free(ctx.ends);
    free(ctx.end_ids);
    return status;
}

const char *cpg_suggest_id(const cpg_graph *graph, const char *id)
{
    cpg_suggest s;
    cpg_suggest_init(&s, id);
    for (igraph_integer_t v = 0; v < cpg_graph_node_count(graph); v++)
        cpg_suggest_consider(&s, cpg_graph_node_id(graph, v));
    return s.best;
}
