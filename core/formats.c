/* formats.c: JSON Graph Format and Cytoscape.js documents, read into the loader's intake with
 * every problem located by a JSON pointer into the original document. */
#include <stdio.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "loader_internal.h"

/* HEAD followed by TAIL, living as long as the load (places keep it for later messages). */
static const char *lasting_pointer(load_ctx *ctx, const char *head, const char *tail)
{
    char joined[512];  /* pointers to arrays: short, whatever the document */
    snprintf(joined, sizeof joined, "%s%s", head, tail);
    const char *copy = cpg_arena_strdup(ctx->arena, joined);
    return copy ? copy : "";
}

/* Adds OBJECT's members (all but SKIP) to ATTRS as copies; false when out of memory. */
static bool copy_members(cJSON *attrs, const cJSON *object, const char *const *skip)
{
    for (const cJSON *item = object ? object->child : NULL; item; item = item->next) {
        if (cpg_load_key_in(item->string, skip))
            continue;
        cJSON *copy = cJSON_Duplicate(item, true);
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, item->string);
        if (!copy || !cJSON_AddItemToObject(attrs, item->string, copy)) {
            cJSON_Delete(copy);
            return false;
        }
    }
    return true;
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

static void jgf_node(load_ctx *ctx, const cJSON *id, const cJSON *node, const load_place *at)
{
    if (!cJSON_IsObject(node)) {
        cpg_load_error(ctx, at, NULL, "a node must be an object, got %s", cpg_json_type_name(node));
        return;
    }
    cJSON *attrs = jgf_attrs(ctx, node, at, false);
    if (attrs)
        cpg_load_node(ctx, id, attrs, NULL, at);
    else
        cpg_load_error(ctx, at, NULL, "out of memory");
    cJSON_Delete(attrs);
}

/* The nodes of the graph at GRAPH_AT. */
static void jgf_nodes(load_ctx *ctx, const cJSON *nodes, const load_place *graph_at)
{
    load_place at = {.array = lasting_pointer(ctx, graph_at->array, "/nodes")};
    if (cJSON_IsObject(nodes)) {  /* v2: keyed by id */
        for (const cJSON *node = nodes->child; node; node = node->next) {
            cJSON key = {.type = cJSON_String, .valuestring = node->string};
            at.key = cpg_arena_strdup(ctx->arena, node->string);  /* places outlive the document */
            if (!at.key)
                at.key = "";
            jgf_node(ctx, &key, node, &at);
        }
    } else if (cJSON_IsArray(nodes)) {  /* v1: a list with ids */
        for (const cJSON *node = nodes->child; node; node = node->next, at.index++)
            jgf_node(ctx, cJSON_GetObjectItemCaseSensitive(node, "id"), node, &at);
    } else if (nodes) {
        cpg_load_error(ctx, graph_at, "nodes", "'nodes' must be an object or an array, got %s",
                       cpg_json_type_name(nodes));
    }
}

static void jgf_edges(load_ctx *ctx, const cJSON *edges, const load_place *graph_at)
{
    load_place at = {.array = lasting_pointer(ctx, graph_at->array, "/edges")};
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
    jgf_nodes(ctx, cJSON_GetObjectItemCaseSensitive(graph, "nodes"), &at);
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
            jgf_graph(ctx, g, lasting_pointer(ctx, "/graphs/", index), &first);
        }
    } else {
        cpg_load_error(ctx, &top, graphs ? "graphs" : NULL, "%s",
                       graphs ? "'graphs' must be an array" : "'graph' is missing");
    }
}

/* ---- Cytoscape.js ----------------------------------------------------------------------- */
/* Elements carry their fields in "data"; "group" says nodes or edges, else source and target
 * do. NetworkX's cytoscape_data adds "name" and "value" copies of the id, dropped here. */

static void cytoscape_element(load_ctx *ctx, const cJSON *element, const char *group,
                              load_place at)
{
    if (!cJSON_IsObject(element)) {
        cpg_load_error(ctx, &at, NULL, "an element must be an object, got %s",
                       cpg_json_type_name(element));
        return;
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(element, "data");
    if (!cJSON_IsObject(data)) {
        cpg_load_error(ctx, &at, data ? "data" : NULL, "%s", data ? "'data' must be an object"
                                                                  : "element has no 'data'");
        return;
    }
    const cJSON *named = cJSON_GetObjectItemCaseSensitive(element, "group");
    if (!group)
        group = cJSON_IsString(named) ? named->valuestring
                : cpg_json_has(data, "source") && cpg_json_has(data, "target") ? "edges" : "nodes";
    at.sub = "data";
    cJSON *attrs = cJSON_Duplicate(data, true);
    static const char *const extras[] = {"position", "classes", NULL};
    for (const char *const *k = extras; attrs && *k; k++) {
        const cJSON *extra = cJSON_GetObjectItemCaseSensitive(element, *k);
        cJSON *copy = extra && !cpg_json_has(attrs, *k) ? cJSON_Duplicate(extra, true) : NULL;
        if ((extra && !copy && !cpg_json_has(attrs, *k)) ||
            (copy && !cJSON_AddItemToObject(attrs, *k, copy))) {
            cJSON_Delete(copy);
            cJSON_Delete(attrs);
            attrs = NULL;  /* reported below as out of memory */
        }
    }
    if (!attrs) {
        cpg_load_error(ctx, &at, NULL, "out of memory");
    } else if (strcmp(group, "nodes") == 0) {
        /* the items of ATTRS, a copy of DATA: those are the ones left out */
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(attrs, "id");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(attrs, "name");
        const cJSON *value = cJSON_GetObjectItemCaseSensitive(attrs, "value");
        bool from_networkx = cJSON_IsString(id) && cJSON_IsString(name) &&
                             strcmp(id->valuestring, name->valuestring) == 0 && value;
        const cJSON *copies[] = {from_networkx ? name : NULL, value, NULL};
        cpg_load_node(ctx, id, attrs, copies, &at);
    } else if (strcmp(group, "edges") == 0) {
        cpg_load_edge(ctx, cJSON_GetObjectItemCaseSensitive(attrs, "source"),
                      cJSON_GetObjectItemCaseSensitive(attrs, "target"), attrs, &at);
    } else {
        at.sub = NULL;
        cpg_load_error(ctx, &at, "group", "'group' must be \"nodes\" or \"edges\", got \"%s\"",
                       group);
    }
    cJSON_Delete(attrs);
}

/* The elements in LIST, member KEY of the object at PARENT (KEY NULL: LIST is the document). */
static void cytoscape_list(load_ctx *ctx, const cJSON *list, const char *parent, const char *key,
                           const char *group)
{
    if (!list)
        return;
    load_place parent_at = {.array = parent, .index = LOAD_WHOLE};
    if (!cJSON_IsArray(list)) {
        cpg_load_error(ctx, &parent_at, key, "'%s' must be an array, got %s", key,
                       cpg_json_type_name(list));
        return;
    }
    char tail[64];
    snprintf(tail, sizeof tail, "/%s", key ? key : "");
    load_place at = {.array = key ? lasting_pointer(ctx, parent, tail) : ""};
    for (const cJSON *e = list->child; e; e = e->next, at.index++)
        cytoscape_element(ctx, e, group, at);
}

/* The graph's attributes: an object, or the list of [key, value] pairs NetworkX writes. */
static void cytoscape_graph_data(load_ctx *ctx, const cJSON *data)
{
    load_place top = {0};
    if (!data || cJSON_IsObject(data)) {
        if (data)
            cpg_load_graph_attrs(ctx, data, NULL);
        return;
    }
    cJSON *attrs = cJSON_IsArray(data) ? cJSON_CreateObject() : NULL;
    const cJSON *pair = data->child;
    for (; attrs && pair; pair = pair->next) {
        const cJSON *key = cJSON_GetArrayItem(pair, 0), *value = cJSON_GetArrayItem(pair, 1);
        if (!cJSON_IsArray(pair) || cJSON_GetArraySize(pair) != 2 || !cJSON_IsString(key))
            break;
        cJSON *copy = cJSON_Duplicate(value, true);
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, key->valuestring);
        if (!copy || !cJSON_AddItemToObject(attrs, key->valuestring, copy)) {
            cJSON_Delete(copy);
            break;
        }
    }
    if (attrs && !pair)
        cpg_load_graph_attrs(ctx, attrs, NULL);
    else
        cpg_load_error(ctx, &top, "data", "'data' must be an object or a list of [key, value] "
                       "pairs, got %s", cpg_json_type_name(data));
    cJSON_Delete(attrs);
}

void cpg_load_cytoscape(load_ctx *ctx, const cJSON *root)
{
    load_place top = {0};
    if (cJSON_IsArray(root)) {
        cytoscape_list(ctx, root, "", NULL, NULL);
        return;
    }
    if (!cJSON_IsObject(root)) {
        cpg_load_error(ctx, &top, NULL, "expected Cytoscape.js elements, got %s",
                       cpg_json_type_name(root));
        return;
    }
    cpg_load_flag(ctx, root, "directed", &top, &ctx->directed);
    cpg_load_flag(ctx, root, "multigraph", &top, &ctx->multigraph);
    cytoscape_graph_data(ctx, cJSON_GetObjectItemCaseSensitive(root, "data"));
    static const char *const known[] = {"elements", "data", "directed", "multigraph", NULL};
    cpg_load_check_members(ctx, root, known, &top);
    const cJSON *elements = cJSON_GetObjectItemCaseSensitive(root, "elements");
    if (cJSON_IsArray(elements)) {
        cytoscape_list(ctx, elements, "", "elements", NULL);
    } else if (cJSON_IsObject(elements)) {
        static const char *const groups[] = {"nodes", "edges", NULL};
        load_place at = {.array = "", .key = "elements"};
        cpg_load_check_members(ctx, elements, groups, &at);
        cytoscape_list(ctx, cJSON_GetObjectItemCaseSensitive(elements, "nodes"), "/elements",
                       "nodes", "nodes");
        cytoscape_list(ctx, cJSON_GetObjectItemCaseSensitive(elements, "edges"), "/elements",
                       "edges", "edges");
    } else {
        cpg_load_error(ctx, &top, elements ? "elements" : NULL, "%s",
                       elements ? "'elements' must be an array or an object" : "'elements' is missing");
    }
}
