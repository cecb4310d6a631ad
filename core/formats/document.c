/* document.c: the formats read from a whole document: JSON (node-link, JGF or Cytoscape.js,
 * told apart by its keys when the format was not given: node-link elements stream into the
 * intake while the document is parsed, on a second thread when one can be started, the others
 * are read once it is whole) and XML (GraphML or GEXF, told apart by the root). The family's
 * reader hands the document to its member's file (nodelink.c, jgf.c, ...). */
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "pipeline.h"
#include "readers.h"
#include "text.h"

/* The format of a parsed document: its keys tell. Anything unrecognised is read as node-link,
 * whose messages then say what is missing. */
static cpg_format document_format(const cJSON *root)
{
    if (cJSON_IsArray(root) && cpg_json_has(root->child, "data"))
        return CPG_FORMAT_CYTOSCAPE;  /* a bare list of elements */
    if (cpg_sniff_stix(root))
        return CPG_FORMAT_STIX;
    if (!cJSON_IsObject(root) || cpg_json_has(root, "nodes"))
        return CPG_FORMAT_NODE_LINK;
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(root, "graph");
    static const char *const jgf_members[] = {"nodes", "edges", "node", "edge", NULL};
    const char *const *member = jgf_members;  /* with the typos JGF's reader reports */
    while (cJSON_IsObject(graph) && *member && !cpg_json_has(graph, *member))
        member++;
    if (cpg_json_has(root, "graphs") || (cJSON_IsObject(graph) && *member))
        return CPG_FORMAT_JGF;
    if (cpg_json_has(root, "elements"))
        return CPG_FORMAT_CYTOSCAPE;
    return CPG_FORMAT_NODE_LINK;
}

/* Drops what streaming took from a document that turned out not to be node-link JSON. */
static void forget_streamed(load_ctx *ctx, cpg_diags_mark mark)
{
    cpg_diags_rewind(ctx->diags, mark);
    cpg_load_records_free(ctx);
    if (!cpg_load_records_init(ctx))
        cpg_load_out_of_memory(ctx);
    ctx->node_count = ctx->edge_count = 0;
    cpg_load_forget_ends(ctx);
    cpg_idmap_clear(&ctx->file_ids);
}

/* Parses the document, streaming node-link elements into the intake: on a second thread when
 * one can be started (parsing and taking in cost about the same), else here. */
static cJSON *parse_document(load_ctx *ctx, const char *buf, size_t len, cpg_json_error *err)
{
    if (ctx->format != CPG_FORMAT_AUTO && ctx->format != CPG_FORMAT_NODE_LINK)
        return cpg_json_parse(buf, len, err);
    cpg_json_sink direct = cpg_nodelink_sink(ctx, cpg_arena_new());
    if (!direct.scratch) {
        *err = (cpg_json_error){.message = "out of memory"};  /* what load_document looks for */
        return NULL;
    }
    cpg_pipeline *pipeline = cpg_pipeline_new(&direct);
    cJSON *root = cpg_json_parse_streaming(buf, len, err,
                                           pipeline ? cpg_pipeline_sink(pipeline) : &direct);
    cpg_pipeline_free(pipeline);
    cpg_arena_free(direct.scratch);
    return root;
}

void cpg_read_json_document(load_ctx *ctx, const char *buf, size_t len)
{
    cpg_json_error err;
    cpg_diags_mark mark = cpg_diags_here(ctx->diags);
    cJSON *root = parse_document(ctx, buf, len, &err);
    if (!root) {
        /* what the elements before a syntax error said is moot: the file is not JSON */
        cpg_diags_rewind(ctx->diags, mark);
        if (ctx->out_of_memory || strcmp(err.message, "out of memory") == 0) {
            /* the intake's thread may have run out first: its message went with the rewind */
            ctx->out_of_memory = false;
            cpg_load_out_of_memory(ctx);
        } else {
            cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, err.line, err.column, NULL, "%s",
                          err.message);
        }
        return;
    }
    const char *unread = NULL, *advice;
    if (ctx->format == CPG_FORMAT_AUTO && ctx->cytoscape_groups) {
        /* streaming met Cytoscape.js elements, and dropped them: read the file again, whole */
        cJSON_Delete(root);
        forget_streamed(ctx, mark);
        ctx->format = CPG_FORMAT_CYTOSCAPE;
        if (!(root = cpg_json_parse(buf, len, &err))) {
            cpg_load_out_of_memory(ctx);  /* it parsed a moment ago */
            return;
        }
    }
    if (ctx->format == CPG_FORMAT_AUTO) {
        ctx->format = document_format(root);
        if (ctx->format == CPG_FORMAT_NODE_LINK)
            unread = cpg_sniff_unread_document(root, &advice);
    }
    if (unread) {  /* not a graph of nodes and edges, though some of it could pass for one */
        forget_streamed(ctx, mark);
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "this looks like %s, which cpecgraph does not read; %s", unread, advice);
        cJSON_Delete(root);
        return;
    }
    if (ctx->format != CPG_FORMAT_AUTO && ctx->format != CPG_FORMAT_NODE_LINK)
        forget_streamed(ctx, mark);  /* top-level "links" of a Cytoscape file are not edges */
    if (ctx->format != CPG_FORMAT_STIX && ctx->settings && *ctx->settings) {
        const cpg_reader *reader = ctx->format == CPG_FORMAT_JGF ? &cpg_reader_jgf
                                   : ctx->format == CPG_FORMAT_CYTOSCAPE ? &cpg_reader_cytoscape
                                                                         : &cpg_reader_node_link;
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "--format-option %.*s: %s "
                      "takes no options", (int)strcspn(*ctx->settings, "="), *ctx->settings,
                      reader->title);
        cJSON_Delete(root);
        return;
    }
    if (ctx->format == CPG_FORMAT_JGF)
        cpg_load_jgf(ctx, root);
    else if (ctx->format == CPG_FORMAT_STIX)
        cpg_load_stix(ctx, root);
    else if (ctx->format == CPG_FORMAT_CYTOSCAPE)
        cpg_load_cytoscape(ctx, root);
    else
        cpg_load_nodelink(ctx, root);
    cJSON_Delete(root);
}

/* ---- XML documents ---------------------------------------------------------------------- */

void cpg_read_xml_document(load_ctx *ctx, const char *buf, size_t len)
{
    const char *name = !ctx->format_given              ? "GraphML or GEXF"
                       : ctx->format == CPG_FORMAT_GEXF ? "GEXF" : "GraphML";
    xmlDocPtr doc = cpg_xml_read(ctx, buf, len, name);
    if (!doc)
        return;
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!ctx->format_given && root && cpg_xml_named(root, "gexf"))
        ctx->format = CPG_FORMAT_GEXF;
    if (ctx->format == CPG_FORMAT_GEXF)
        cpg_load_gexf(ctx, doc);
    else
        cpg_load_graphml(ctx, doc);
    xmlFreeDoc(doc);
}

/* ---- the readers of the two families ---------------------------------------------------- */

const cpg_reader cpg_reader_node_link = {
    .name = "node-link", .title = "NetworkX node-link JSON", .suffixes = {".json"},
    .read = cpg_read_json_document,
};

const cpg_reader cpg_reader_jgf = {
    .name = "jgf", .title = "a JSON Graph Format file", .suffixes = {".jgf"},
    .read = cpg_read_json_document,
};

const cpg_reader cpg_reader_stix = {
    .name = "stix", .title = "a STIX 2.1 bundle", .suffixes = {".stix.json", ".stix"},
    .read = cpg_read_json_document, .settings = cpg_stix_settings,
};

const cpg_reader cpg_reader_cytoscape = {
    .name = "cytoscape", .title = "Cytoscape.js JSON", .suffixes = {".cyjs"},
    .read = cpg_read_json_document,
};

/* Markup first, in UTF-8 or UTF-16/32: GraphML or GEXF, which the document's root tells
 * (cpg_read_xml_document). */
static bool graphml_sniff(const char *buf, size_t len)
{
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return (i < len && buf[i] == '<') || cpg_text_wide_unit(buf, len) > 0;
}

const cpg_reader cpg_reader_graphml = {
    .name = "graphml", .title = "a GraphML file", .suffixes = {".graphml", ".xml"},
    .sniff = graphml_sniff, .read = cpg_read_xml_document, .by_line = true,
};

const cpg_reader cpg_reader_gexf = {
    .name = "gexf", .title = "a GEXF file", .suffixes = {".gexf"},
    .read = cpg_read_xml_document, .by_line = true,
};
