/* jgf.c: JSON Graph Format documents (v1 and v2, one graph or several), read into the intake
 * with every problem located by a JSON pointer into the original document. */
#include <stdio.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"

/* Adds OBJECT's members (all but SKIP) to ATTRS as copies; false when out of memory. */
static bool copy_members(cJSON *attrs, const cJSON *object, const char *const *skip)
{
    cpg_json_names held;  /* by name: metadata of 80k members must not take 80k searches */
    bool ok = cpg_json_names_init(&held, attrs);
    for (const cJSON *item = object ? object->child : NULL; ok && item; item = item->next) {
        if (cpg_load_key_in(item->string, skip))
            continue;
        cJSON *copy = cJSON_Duplicate(item, true);
        ok = copy && cpg_json_names_set(&held, attrs, item->string, copy);
    }
    cpg_json_names_free(&held);
    return ok;
}

/* Copies OBJECT's field KEY into ATTRS as NAME. */
static bool copy_field(cJSON *attrs, const cJSON *object, const char *key, const char *name)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item)
        return true;
    cJSON *copy = cJSON_Duplicate(item, true);
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, name);
    if (copy && cJSON_AddItemToObject(attrs, name, copy))
        return true;
    cJSON_Delete(copy);
    return false;
}

/* A member that must be an object when present. */
static const cJSON *object_field(load_ctx *ctx, const cJSON *parent, const char *key,
                                 const load_place *at)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (item && !cJSON_IsObject(item)) {
        cpg_load_error(ctx, at, key, "'%s' must be an object, got %s", key,
                       cpg_json_type_name(item));
        return NULL;
    }
    return item;
}

/* ---- JSON Graph Format ------------------------------------------------------------------ */
/* https://jsongraphformat.info: v2 keys nodes by id, v1 lists them; "relation" is the edge's
 * type; "metadata" holds everything else. Its graphs are directed unless they say not. */

static const char *const jgf_edge_fields[] = {"source", "target", "relation", "label",
                                              "metadata", NULL};

/* The attributes of a JGF node or edge: its metadata, then its label (and relation as type). */
static cJSON *jgf_attrs(load_ctx *ctx, const cJSON *element, const load_place *at, bool edge)
{
    cJSON *attrs = cJSON_CreateObject();
    const cJSON *metadata = object_field(ctx, element, "metadata", at);
    bool ok = attrs && copy_members(attrs, metadata, NULL) &&
              copy_field(attrs, element, "label", "label");
    if (edge)
        ok = ok && copy_field(attrs, element, "relation", "type") &&
             copy_members(attrs, element, jgf_edge_fields);
    if (!ok) {
        cJSON_Delete(attrs);
        return NULL;
    }
    return attrs;
}

/* A node of a graph whose ids so far are in SEEN (of a collection: ids of its earlier graphs
 * merge, as files do; one repeated within the graph is an error). */
static void jgf_node(load_ctx *ctx, cpg_idmap *seen, const cJSON *id, const cJSON *node,
                     const load_place *at)
{
    if (!cJSON_IsObject(node)) {
        cpg_load_error(ctx, at, NULL, "a node must be an object, got %s", cpg_json_type_name(node));
        return;
    }
    cJSON *attrs = jgf_attrs(ctx, node, at, false);
    const char *text = cJSON_IsString(id) ? id->valuestring : cpg_json_number_text(id);
    igraph_integer_t earlier = text ? cpg_idmap_get(&ctx->file_ids, text) : -1;
    bool again = earlier >= 0 && cpg_idmap_get(seen, text) < 0;
    if (!attrs)
        cpg_load_error(ctx, at, NULL, "out of memory");
    else if (again)
        cpg_load_node_again(ctx, earlier, id, attrs, "an earlier graph of the collection", at);
    else
        cpg_load_node(ctx, id, attrs, NULL, at);
    cJSON_Delete(attrs);
    igraph_integer_t record = again ? earlier : text ? cpg_idmap_get(&ctx->file_ids, text) : -1;
    if (record >= 0 && !cpg_idmap_put(seen, ctx->ids[record], record))
        cpg_load_out_of_memory(ctx);
}

/* The nodes of the graph at GRAPH_AT. */
static void jgf_nodes(load_ctx *ctx, cpg_idmap *seen, const cJSON *nodes,
                      const load_place *graph_at)
{
    load_place at = {.array = cpg_load_lasting_pointer(ctx, graph_at->array, "/nodes")};
    if (cJSON_IsObject(nodes)) {  /* v2: keyed by id */
        for (const cJSON *node = nodes->child; node; node = node->next) {
            cJSON key = {.type = cJSON_String, .valuestring = node->string};
            at.key = cpg_arena_strdup(ctx->arena, node->string);  /* places outlive the document */
            if (!at.key)
                at.key = "";
            jgf_node(ctx, seen, &key, node, &at);
        }
    } else if (cJSON_IsArray(nodes)) {  /* v1: a list with ids */
        for (const cJSON *node = nodes->child; node; node = node->next, at.index++)
            jgf_node(ctx, seen, cJSON_GetObjectItemCaseSensitive(node, "id"), node, &at);
    } else if (nodes) {
        cpg_load_error(ctx, graph_at, "nodes", "'nodes' must be an object or an array, got %s",
                       cpg_json_type_name(nodes));
    }
}

static void jgf_edges(load_ctx *ctx, const cJSON *edges, const load_place *graph_at)
{
    load_place at = {.array = cpg_load_lasting_pointer(ctx, graph_at->array, "/edges")};
    if (edges && !cJSON_IsArray(edges)) {
        cpg_load_error(ctx, graph_at, "edges", "'edges' must be an array, got %s",
                       cpg_json_type_name(edges));
        return;
    }
    for (const cJSON *edge = edges ? edges->child : NULL; edge; edge = edge->next, at.index++) {
        if (!cJSON_IsObject(edge)) {
            cpg_load_error(ctx, &at, NULL, "an edge must be an object, got %s",
                           cpg_json_type_name(edge));
            continue;
        }
        cJSON *attrs = jgf_attrs(ctx, edge, &at, true);
        if (attrs)
            cpg_load_edge(ctx, cJSON_GetObjectItemCaseSensitive(edge, "source"),
                          cJSON_GetObjectItemCaseSensitive(edge, "target"), attrs, &at);
        else
            cpg_load_error(ctx, &at, NULL, "out of memory");
        cJSON_Delete(attrs);
    }
}

/* One graph at pointer BASE ("/graph" or "/graphs/N"). */
static void jgf_graph(load_ctx *ctx, const cJSON *graph, const char *base, bool *first)
{
    load_place at = {.array = base, .index = LOAD_WHOLE};
    if (!cJSON_IsObject(graph)) {
        cpg_load_error(ctx, &at, NULL, "a graph must be an object, got %s",
                       cpg_json_type_name(graph));
        return;
    }
    static const char *const known[] = {"id", "label", "type", "directed", "multigraph",
                                        "metadata", "nodes", "edges", "hyperedges", NULL};
    cpg_load_check_members(ctx, graph, known, &at);
    bool directed = true;
    cpg_load_flag(ctx, graph, "directed", &at, &directed);
    if (*first)
        ctx->directed = directed;
    else if (directed != ctx->directed)
        cpg_load_error(ctx, &at, "directed", "the graphs of one file must all be directed or all "
                       "undirected");
    *first = false;
    cpg_load_flag(ctx, graph, "multigraph", &at, &ctx->multigraph);
    const cJSON *metadata = object_field(ctx, graph, "metadata", &at);
    cJSON *attrs = cJSON_CreateObject();
    static const char *const skip[] = {"nodes", "edges", "hyperedges", "metadata", "directed",
                                       "multigraph", NULL};
    if (!attrs || !copy_members(attrs, graph, skip) || !copy_members(attrs, metadata, NULL) ||
        !cpg_load_graph_attrs(ctx, attrs, NULL))
        cpg_load_error(ctx, &at, NULL, "out of memory");
    cJSON_Delete(attrs);
    if (cpg_json_has(graph, "hyperedges"))
        cpg_load_error(ctx, &at, "hyperedges", "hyperedges are not supported: a relation joins "
                       "two nodes");
    cpg_idmap seen;  /* the ids of this graph: those of earlier graphs merge, as files do */
    cpg_idmap_init(&seen);
    jgf_nodes(ctx, &seen, cJSON_GetObjectItemCaseSensitive(graph, "nodes"), &at);
    cpg_idmap_free(&seen);
    jgf_edges(ctx, cJSON_GetObjectItemCaseSensitive(graph, "edges"), &at);
}

void cpg_load_jgf(load_ctx *ctx, const cJSON *root)
{
    load_place top = {0};
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(root, "graph");
    const cJSON *graphs = cJSON_GetObjectItemCaseSensitive(root, "graphs");
    static const char *const node_link[] = {"nodes", "links", "edges", NULL};
    const char *const *other = node_link;
    while (*other && !cpg_json_has(root, *other))
        other++;
    if (!cJSON_IsObject(root)) {
        cpg_load_error(ctx, &top, NULL, "expected a JSON Graph Format object, got %s",
                       cpg_json_type_name(root));
    } else if (*other) {
        cpg_load_error(ctx, &top, *other, "'%s' at the top level is node-link JSON, not JSON "
                       "Graph Format (which has 'graph' or 'graphs')", *other);
    } else if (graph && graphs) {
        cpg_load_error(ctx, &top, "graphs", "both 'graph' and 'graphs' are present: use one");
    } else if (graph) {
        bool first = true;
        jgf_graph(ctx, graph, "/graph", &first);
    } else if (cJSON_IsArray(graphs)) {
        size_t i = 0;
        bool first = true;  /* the first graph that is an object sets the direction */
        for (const cJSON *g = graphs->child; g; g = g->next, i++) {
            char index[32];
            snprintf(index, sizeof index, "%zu", i);
            jgf_graph(ctx, g, cpg_load_lasting_pointer(ctx, "/graphs/", index), &first);
        }
    } else {
        cpg_load_error(ctx, &top, graphs ? "graphs" : NULL, "%s",
                       graphs ? "'graphs' must be an array" : "'graph' is missing");
    }
}
