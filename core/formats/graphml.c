/* graphml.c: GraphML (http://graphml.graphdrawing.org) read with libxml2 into the loader's
 * intake: keys become typed attributes, and every problem names its line.
 *
 * igraph 0.10.2's own GraphML reader is not used: on malformed input it reads and writes its
 * parser state after its error path has freed it (igraph issues #1909, #1913), and a file from
 * the wild must never crash the program. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"
#include "xml.h"

typedef cpg_xml_type key_type;

/* A <key>: what a <data key="ID"> means. */
typedef struct graphml_key {
    const char *id, *name, *domain;  /* domain: "node", "edge", "graph" or "all" */
    key_type type;
    const xmlNode *fallback;         /* its <default>, or NULL */
    const char *drawing;             /* yEd's drawing data: its yfiles.type, or the name of a
                                        yFiles 2 key (yEd Live: "NodeLabels"); else NULL */
} graphml_key;

typedef struct graphml_reader {
    load_ctx *ctx;
    graphml_key *keys;
    size_t key_count;
    cpg_idmap key_ids;        /* id -> index in keys: a <data> finds its key at once */
    size_t *defaults[3];      /* by domain (graph, node, edge): the keys with a <default> */
    size_t default_count[3];
    bool directed;
} graphml_reader;

/* The index of DOMAIN in defaults ("graph", "node", "edge"). */
static int domain_index(const char *domain)
{
    return domain[0] == 'g' ? 0 : domain[0] == 'n' ? 1 : 2;
}

static void graphml_error(graphml_reader *r, const xmlNode *node, const char *field,
                          const char *message)
{
    load_place at = cpg_xml_place(node);
    cpg_load_error(r->ctx, &at, field, "%s", message);
}

/* ---- keys ------------------------------------------------------------------------------- */

static bool key_type_of(const char *text, key_type *type)
{
    static const struct { const char *name; key_type type; } types[] = {
        {"boolean", CPG_XML_BOOLEAN}, {"int", CPG_XML_INTEGER}, {"long", CPG_XML_INTEGER},
        {"float", CPG_XML_REAL}, {"double", CPG_XML_REAL}, {"string", CPG_XML_STRING}};
    for (size_t i = 0; i < sizeof types / sizeof *types; i++)
        if (strcmp(text, types[i].name) == 0) {
            *type = types[i].type;
            return true;
        }
    return false;
}

static const char *lasting(graphml_reader *r, char *xml_text)
{
    return cpg_xml_lasting(r->ctx, xml_text);
}

/* Whether a <key> is yFiles 2's (yEd Live), whose y:attr.uri names the drawing data it holds
 * (labels, geometry, styles, folding, z-order). */
static bool yfiles2_key(const xmlNode *node)
{
    char *uri = cpg_xml_attr(node, "attr.uri");
    bool yfiles = uri && strstr(uri, "://www.yworks.com/xml/");
    xmlFree(uri);
    return yfiles;
}

static void read_key(graphml_reader *r, const xmlNode *node, graphml_key *key)
{
    const char *type = lasting(r, cpg_xml_attr(node, "attr.type"));
    *key = (graphml_key){lasting(r, cpg_xml_attr(node, "id")),
                         lasting(r, cpg_xml_attr(node, "attr.name")),
                         lasting(r, cpg_xml_attr(node, "for")), CPG_XML_STRING, NULL,
                         lasting(r, cpg_xml_attr(node, "yfiles.type"))};
    if (!key->drawing && yfiles2_key(node))
        key->drawing = key->name ? key->name : "";
    if (!key->id)
        graphml_error(r, node, "id", "<key> has no 'id'");
    if (!key->name)
        key->name = key->id;
    if (!key->domain)
        key->domain = "all";
    if (type && !key_type_of(type, &key->type))
        graphml_error(r, node, "attr.type", "'attr.type' must be boolean, int, long, float, "
                      "double or string");
    /* cpecgraph writes nested values as JSON text and says so: read them back as values */
    char *json = (char *)xmlGetNsProp(node, (const xmlChar *)"type",
                                      (const xmlChar *)"urn:x-cpecgraph:graphml");
    if (json && strcmp(json, "json") == 0 && key->type == CPG_XML_STRING)
        key->type = CPG_XML_JSON;
    xmlFree(json);
    for (const xmlNode *c = node->children; c; c = c->next)
        if (cpg_xml_named(c, "default"))
            key->fallback = c;
}

static bool key_for(const graphml_key *key, const char *domain)
{
    return strcmp(key->domain, domain) == 0 || strcmp(key->domain, "all") == 0;
}

/* The keys by id, and by domain those with a default: an element then costs what it holds,
 * not the number of keys (80k keys and 80k nodes must not make 6.4 billion steps). */
static void index_keys(graphml_reader *r, const xmlNode *root)
{
    static const char *const domains[] = {"graph", "node", "edge"};
    bool ok = true;
    for (size_t i = r->key_count; ok && i-- > 0;)  /* the first of an id wins, as it did */
        ok = !r->keys[i].id || cpg_idmap_put(&r->key_ids, r->keys[i].id, (int64_t)i);
    for (int d = 0; ok && d < 3; d++) {
        r->defaults[d] = cpg_arena_alloc(r->ctx->arena, (r->key_count + 1) * sizeof(size_t));
        ok = r->defaults[d] != NULL;
        for (size_t i = 0; ok && i < r->key_count; i++) {
            const graphml_key *key = &r->keys[i];
            if (key->id && !key->drawing && key->fallback && key_for(key, domains[d]))
                r->defaults[d][r->default_count[d]++] = i;
        }
    }
    if (!ok)
        graphml_error(r, root, NULL, "out of memory");
}

static void read_keys(graphml_reader *r, const xmlNode *root)
{
    for (const xmlNode *c = root->children; c; c = c->next)
        r->key_count += cpg_xml_named(c, "key");
    r->keys = cpg_arena_alloc(r->ctx->arena, (r->key_count + 1) * sizeof *r->keys);
    if (!r->keys) {
        r->key_count = 0;
        graphml_error(r, root, NULL, "out of memory");
        return;
    }
    size_t i = 0;
    for (const xmlNode *c = root->children; c; c = c->next)
        if (cpg_xml_named(c, "key"))
            read_key(r, c, &r->keys[i++]);
    index_keys(r, root);
}

static const graphml_key *find_key(const graphml_reader *r, const char *id, const char *domain)
{
    int64_t i = cpg_idmap_get(&r->key_ids, id);
    if (i >= 0 && key_for(&r->keys[i], domain))
        return &r->keys[i];
    for (size_t k = 0; i >= 0 && k < r->key_count; k++)  /* an id given to keys of two domains */
        if (r->keys[k].id && strcmp(r->keys[k].id, id) == 0 && key_for(&r->keys[k], domain))
            return &r->keys[k];
    return NULL;
}

/* ---- values ----------------------------------------------------------------------------- */

/* Sets KEY's value from the text of NODE (a <data> or a <default>) in ATTRS, which NAMES
 * indexes. */
static void set_value(graphml_reader *r, cpg_json_names *names, cJSON *attrs,
                      const graphml_key *key, const xmlNode *node)
{
    char *text = (char *)xmlNodeGetContent(node);
    const char *problem = "out of memory";
    cJSON *value = text ? cpg_xml_value(text, key->type, &problem) : NULL;
    xmlFree(text);
    if (!value) {
        char message[300];
        snprintf(message, sizeof message, "value of '%.200s' is %s", key->name, problem);
        graphml_error(r, node, NULL, message);
        return;
    }
    if (!cpg_json_names_set(names, attrs, key->name, value))
        graphml_error(r, node, NULL, "out of memory");
}

/* The text of the first element named NAME below NODE, or NULL (the caller xmlFrees it). */
static char *descendant_text(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node->children; c; c = c->next) {
        if (cpg_xml_named(c, name))
            return (char *)xmlNodeGetContent(c);
        char *text = c->type == XML_ELEMENT_NODE ? descendant_text(c, name) : NULL;
        if (text)
            return text;
    }
    return NULL;
}

/* yEd's drawing data is no attribute; its node and edge label is the "label" (as NetworkX
 * reads it), unless the element has a label of its own: in a NodeLabel (EdgeLabel) of classic
 * yEd, in the first Label.Text of the NodeLabels (EdgeLabels) list of yEd Live. */
static void drawing_label(graphml_reader *r, cpg_json_names *names, cJSON *attrs,
                          const graphml_key *key, const xmlNode *data)
{
    const char *tag = strcmp(key->drawing, "nodegraphics") == 0   ? "NodeLabel"
                      : strcmp(key->drawing, "edgegraphics") == 0 ? "EdgeLabel"
                      : strcmp(key->drawing, "NodeLabels") == 0 ||
                              strcmp(key->drawing, "EdgeLabels") == 0
                          ? "Label.Text"
                          : NULL;
    char *text = tag && !cpg_json_names_get(names, "label") ? descendant_text(data, tag)
                                                               : NULL;
    const char *shown = text ? cpg_xml_trimmed(text) : NULL;
    bool labelled = shown && *shown;
    cJSON *label = labelled ? cJSON_CreateString(shown) : NULL;
    xmlFree(text);
    if (labelled && !(label && cpg_json_names_set(names, attrs, "label", label)))
        graphml_error(r, data, NULL, "out of memory");
}

/* The attributes of ELEMENT (a <graph>, <node> or <edge>): its <data>, then the defaults of the
 * keys of its DOMAIN that it did not give. NULL when out of memory. */
static cJSON *element_attrs(graphml_reader *r, const xmlNode *element, const char *domain)
{
    cJSON *attrs = cJSON_CreateObject();
    cpg_json_names names;  /* so that an element of 80k <data> is not quadratic */
    if (!cpg_json_names_init(&names, attrs ? attrs : &(cJSON){0})) {
        cJSON_Delete(attrs);
        attrs = NULL;
    }
    for (const xmlNode *c = element->children; attrs && c; c = c->next) {
        if (!cpg_xml_named(c, "data"))
            continue;
        char *id = cpg_xml_attr(c, "key");
        const graphml_key *key = id ? find_key(r, id, domain) : NULL;
        if (key && key->drawing) {
            drawing_label(r, &names, attrs, key, c);
        } else if (key) {
            set_value(r, &names, attrs, key, c);
        } else {
            char message[300];
            snprintf(message, sizeof message, "<data> refers to no <key> for %s%s%.200s%s",
                     domain, id ? " named '" : "", id ? id : "", id ? "'" : "");
            graphml_error(r, c, "key", message);
        }
        xmlFree(id);
    }
    int d = domain_index(domain);
    for (size_t k = 0; attrs && k < r->default_count[d]; k++) {
        const graphml_key *key = &r->keys[r->defaults[d][k]];
        if (!cpg_json_names_get(&names, key->name))
            set_value(r, &names, attrs, key, key->fallback);
    }
    cpg_json_names_free(&names);
    return attrs;
}

/* ---- elements --------------------------------------------------------------------------- */

static void read_node(graphml_reader *r, const xmlNode *node)
{
    for (const xmlNode *c = node->children; c; c = c->next)
        if (cpg_xml_named(c, "graph")) {
            graphml_error(r, c, NULL, "nested graphs are not supported");
            return;
        }
    cJSON *id = cpg_xml_string_item(node, "id"), *attrs = element_attrs(r, node, "node");
    load_place at = cpg_xml_place(node);
    if (attrs)
        cpg_load_node(r->ctx, id, attrs, NULL, &at);
    else
        graphml_error(r, node, NULL, "out of memory");
    cJSON_Delete(id);
    cJSON_Delete(attrs);
}

static void read_edge(graphml_reader *r, const xmlNode *edge)
{
    char *directed = cpg_xml_attr(edge, "directed");
    if (directed && (strcmp(directed, "true") == 0) != r->directed)
        graphml_error(r, edge, "directed", "an edge against the graph's edgedefault: mixed "
                      "graphs are not supported");
    xmlFree(directed);
    cJSON *source = cpg_xml_string_item(edge, "source"), *target = cpg_xml_string_item(edge, "target");
    cJSON *attrs = element_attrs(r, edge, "edge");
    load_place at = cpg_xml_place(edge);
    if (attrs)
        cpg_load_edge(r->ctx, source, target, attrs, &at);
    else
        graphml_error(r, edge, NULL, "out of memory");
    cJSON_Delete(source);
    cJSON_Delete(target);
    cJSON_Delete(attrs);
}

static void read_graph(graphml_reader *r, const xmlNode *graph)
{
    char *edgedefault = cpg_xml_attr(graph, "edgedefault");
    r->directed = !edgedefault || strcmp(edgedefault, "undirected") != 0;
    if (edgedefault && strcmp(edgedefault, "directed") != 0 && r->directed)
        graphml_error(r, graph, "edgedefault", "'edgedefault' must be directed or undirected");
    xmlFree(edgedefault);
    r->ctx->directed = r->directed;
    cJSON *attrs = element_attrs(r, graph, "graph");
    if (attrs)
        cpg_load_graph_attrs(r->ctx, attrs, NULL);
    cJSON_Delete(attrs);
    for (const xmlNode *c = graph->children; c; c = c->next) {
        if (cpg_xml_named(c, "node"))
            read_node(r, c);
        else if (cpg_xml_named(c, "edge"))
            read_edge(r, c);
        else if (cpg_xml_named(c, "hyperedge"))
            graphml_error(r, c, NULL, "hyperedges are not supported: a relation joins two nodes");
    }
}

/* ---- the document ----------------------------------------------------------------------- */

static void read_document(graphml_reader *r, const xmlDoc *doc)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !cpg_xml_named(root, "graphml")) {
        cpg_diags_add(r->ctx->diags, CPG_ERROR, r->ctx->name, 0, 0, NULL,
                      "expected a <graphml> document, found <%.100s>",
                      root ? (const char *)root->name : "");
        return;
    }
    read_keys(r, root);
    const xmlNode *graph = root->children;
    while (graph && !cpg_xml_named(graph, "graph"))
        graph = graph->next;
    if (graph)
        read_graph(r, graph);
    else
        graphml_error(r, root, NULL, "<graphml> holds no <graph>");
}

void cpg_load_graphml(load_ctx *ctx, const xmlDoc *doc)
{
    graphml_reader r = {.ctx = ctx};
    cpg_idmap_init(&r.key_ids);
    read_document(&r, doc);
    cpg_idmap_free(&r.key_ids);
}
