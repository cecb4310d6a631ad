/* cytoscape.c: Cytoscape.js element documents (and NetworkX's cytoscape_data), read into the
 * intake with every problem located by a JSON pointer into the original document. */
#include <stdio.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"

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
    load_place at = {.array = key ? cpg_load_lasting_pointer(ctx, parent, tail) : ""};
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
    const cJSON *elements = cJSON_GetObjectItemCaseSensitive(root, "elements");
    if (!elements && (cpg_json_has(root, "nodes") || cpg_json_has(root, "edges"))) {
        /* the groups at the top, as cytoscape.js also accepts them */
        static const char *const known[] = {"nodes", "edges", "data", "directed", "multigraph",
                                            NULL};
        cpg_load_check_members(ctx, root, known, &top);
        cytoscape_list(ctx, cJSON_GetObjectItemCaseSensitive(root, "nodes"), "", "nodes", "nodes");
        cytoscape_list(ctx, cJSON_GetObjectItemCaseSensitive(root, "edges"), "", "edges", "edges");
        return;
    }
    static const char *const known[] = {"elements", "data", "directed", "multigraph", NULL};
    cpg_load_check_members(ctx, root, known, &top);
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
