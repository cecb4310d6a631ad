/* nodelink.c: NetworkX's node-link JSON (extended): the "nodes" and "edges" (or "links") arrays
 * are streamed into the intake one element at a time while the document is parsed; the top
 * level is checked once the parse is over. */
#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>

#include "intake.h"
#include "readers.h"

static const load_place top_place = {0};

static bool nodelink_wants(void *ud, const char *key)
{
    (void)ud;
    return strcmp(key, "nodes") == 0 || strcmp(key, "links") == 0 || strcmp(key, "edges") == 0;
}

/* A mapped file's pages before TEXT have been read for good: they go back to the page cache,
 * so that the file never weighs on the process as a whole (a large file, 8 MB at a time). */
static void release_read_pages(load_ctx *ctx, const char *text)
{
    const size_t step = (size_t)8 << 20;
    size_t done = (size_t)(text - ctx->mapped) & ~(step - 1);
    if (!ctx->mapped || done <= ctx->mapped_released)
        return;
    madvise((char *)ctx->mapped + ctx->mapped_released, done - ctx->mapped_released,
            MADV_DONTNEED);
    ctx->mapped_released = done;
}

/* Whether the first element of an array holds its fields in "data", as Cytoscape.js elements
 * do ({"nodes": [{"data": {"id": ...}}], "edges": [...]}, which cytoscape.js accepts). */
static bool cytoscape_element(const cJSON *element)
{
    return cJSON_IsObject(element) &&
           cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(element, "data")) &&
           !cpg_json_has(element, "id") && !cpg_json_has(element, "source");
}

static bool nodelink_take(void *ud, const char *key, size_t index, cJSON *element,
                          const char *text, size_t len)
{
    load_ctx *ctx = ud;
    (void)len;
    release_read_pages(ctx, text);
    if (index == 0 && ctx->format == CPG_FORMAT_AUTO && cytoscape_element(element))
        ctx->cytoscape_groups = true;  /* the loader reads the file again as Cytoscape.js */
    if (ctx->cytoscape_groups)
        return true;
    load_place at = {.array = key[0] == 'n' ? "/nodes" : key[0] == 'l' ? "/links" : "/edges",
                     .index = index};
    cpg_load_element(ctx, key[0] == 'n', element, &at);
    return !ctx->out_of_memory;  /* the element is in the scratch arena */
}

cpg_json_sink cpg_nodelink_sink(load_ctx *ctx, cpg_arena *scratch)
{
    return (cpg_json_sink){.wants = nodelink_wants, .take = nodelink_take, .ud = ctx,
                           .scratch = scratch};
}

/* The graph's attributes: member KEY of ROOT, an object, when there is one. */
static void graph_attrs_member(load_ctx *ctx, const cJSON *root, const char *key)
{
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(root, key);
    if (attrs && !cJSON_IsObject(attrs))
        cpg_load_error(ctx, &top_place, key, "'%s' must be an object, got %s", key,
                       cpg_json_type_name(attrs));
    else if (attrs)
        cpg_load_graph_attrs(ctx, attrs, NULL);
}

/* graphology's "options": "type" directed, undirected or mixed (its default: directed unless
 * every edge says "undirected"; a graph with both kinds is an error), and "multi". */
static void graphology_options(load_ctx *ctx, const cJSON *options)
{
    load_place at = {.array = "", .key = "options"};
    if (options && !cJSON_IsObject(options)) {
        cpg_load_error(ctx, &top_place, "options", "'options' must be an object, got %s",
                       cpg_json_type_name(options));
        return;
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(options, "type");
    const char *kind = cJSON_IsString(type) ? type->valuestring : "mixed";
    size_t undirected = ctx->undirected_edges, all = (size_t)ctx->edge_count;
    if (type && (!cJSON_IsString(type) || (strcmp(kind, "directed") != 0 &&
                                           strcmp(kind, "undirected") != 0 &&
                                           strcmp(kind, "mixed") != 0)))
        cpg_load_error(ctx, &at, "type", "'type' must be \"directed\", \"undirected\" or "
                       "\"mixed\"");
    else if (strcmp(kind, "undirected") == 0)
        ctx->directed = false;
    else if (strcmp(kind, "directed") == 0 && undirected > 0)
        cpg_load_error(ctx, &at, "type", "the graph is directed, but %zu of its edges are "
                       "undirected", undirected);
    else if (undirected > 0 && undirected < all)
        cpg_load_error(ctx, &top_place, NULL, "%zu of the %zu edges are undirected and the others "
                       "directed: cpecgraph holds graphs whose edges are all one or the other",
                       undirected, all);
    else
        ctx->directed = strcmp(kind, "directed") == 0 || undirected == 0;
    const cJSON *multi = cJSON_GetObjectItemCaseSensitive(options, "multi");
    if (multi && !cJSON_IsBool(multi))
        cpg_load_error(ctx, &at, "multi", "'multi' must be true or false, got %s",
                       cpg_json_type_name(multi));
    ctx->multigraph = cJSON_IsTrue(multi);
}

/* The top level of graphology's serialisation (sigma.js): "attributes", "options", "nodes",
 * "edges". */
static void graphology_top(load_ctx *ctx, const cJSON *root)
{
    static const char *const known[] = {"attributes", "options", "nodes", "edges", NULL};
    cpg_load_check_members(ctx, root, known, &top_place);
    static const char *const node_link[] = {"directed", "multigraph", "graph", "links", NULL};
    for (const char *const *k = node_link; *k; k++)
        if (cpg_json_has(root, *k))
            cpg_load_error(ctx, &top_place, *k, "'%s' is node-link JSON, but the nodes have a "
                           "'key', as graphology's do: use its 'options' and 'attributes'", *k);
    if (ctx->edges_before_nodes)
        cpg_load_error(ctx, &top_place, "edges", "the edges come before the nodes, whose 'key' "
                       "says graphology: %" PRId64 " edges were read as node-link edges; put "
                       "'nodes' first, as graphology writes it", (int64_t)ctx->edges_before_nodes);
    graphology_options(ctx, cJSON_GetObjectItemCaseSensitive(root, "options"));
    graph_attrs_member(ctx, root, "attributes");
}

/* The top level: an object with "nodes" (array), "edges" or "links" (array), "graph" (object).
 * The arrays were streamed: here they are empty. */
void cpg_load_nodelink(load_ctx *ctx, const cJSON *root)
{
    if (!cJSON_IsObject(root)) {
        cpg_load_error(ctx, &top_place, NULL, "expected an object with 'nodes' and 'edges', got %s",
                       cpg_json_type_name(root));
        return;
    }
    if (ctx->graphology) {
        graphology_top(ctx, root);
        return;
    }
    static const char *const known[] = {"directed", "multigraph", "graph", "nodes", "edges",
                                        "links", NULL};
    cpg_load_check_members(ctx, root, known, &top_place);
    cpg_load_flag(ctx, root, "directed", &top_place, &ctx->directed);
    cpg_load_flag(ctx, root, "multigraph", &top_place, &ctx->multigraph);
    graph_attrs_member(ctx, root, "graph");
    const cJSON *nodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
    if (!nodes)
        cpg_load_error(ctx, &top_place, NULL, "'nodes' is missing");
    else if (!cJSON_IsArray(nodes))
        cpg_load_error(ctx, &top_place, "nodes", "'nodes' must be an array, got %s",
                       cpg_json_type_name(nodes));
    const cJSON *edges = cJSON_GetObjectItemCaseSensitive(root, "edges");
    const cJSON *links = cJSON_GetObjectItemCaseSensitive(root, "links");
    const char *key = edges ? "edges" : "links";
    if (edges && links)
        cpg_load_error(ctx, &top_place, "links", "both 'edges' and 'links' are present: use one");
    else if ((edges || links) && !cJSON_IsArray(edges ? edges : links))
        cpg_load_error(ctx, &top_place, key, "'%s' must be an array, got %s", key,
                       cpg_json_type_name(edges ? edges : links));
}
