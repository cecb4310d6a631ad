/* gexf.c: GEXF 1.1 to 1.3 (https://gexf.net), Gephi's format, read with libxml2 into the intake:
 * declared attributes with their types and defaults, labels, weights, Gephi's drawing (viz) and
 * time (spells, dynamic values) kept as attributes, as NetworkX's read_gexf keeps them. Every
 * problem names its line. */
#include <stdio.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"
#include "xml.h"

/* An <attribute> of a class (nodes or edges): what an <attvalue for="ID"> means. */
typedef struct gexf_attribute {
    const char *id, *title;
    cpg_xml_type type;
    const xmlNode *fallback;  /* its <default>, or NULL */
} gexf_attribute;

typedef struct gexf_class {
    gexf_attribute *list;
    size_t count;
} gexf_class;

typedef struct gexf_reader {
    load_ctx *ctx;
    gexf_class classes[2];  /* [0] nodes, [1] edges */
    bool directed;
} gexf_reader;

static void gexf_error(gexf_reader *r, const xmlNode *node, const char *field, const char *fmt,
                       const char *arg)
{
    load_place at = cpg_xml_place(node);
    char message[400];
    snprintf(message, sizeof message, fmt, arg ? arg : "");
    cpg_load_error(r->ctx, &at, field, "%s", message);
}

static const xmlNode *child(const xmlNode *node, const char *name)
{
    for (const xmlNode *c = node->children; c; c = c->next)
        if (cpg_xml_named(c, name))
            return c;
    return NULL;
}

/* Adds VALUE (owned) to OBJECT as NAME, replacing a value it had. */
static void put(gexf_reader *r, cJSON *object, const char *name, cJSON *value)
{
    cJSON_DeleteItemFromObjectCaseSensitive(object, name);
    if (!value || !cJSON_AddItemToObject(object, name, value)) {
        cJSON_Delete(value);
        cpg_load_out_of_memory(r->ctx);
    }
}

/* ---- declared attributes ------------------------------------------------------------------ */

/* GEXF's types: whole numbers and fractions as numbers, booleans, and the rest (strings, URIs,
 * dates, lists as GEXF writes them) as their text. */
static cpg_xml_type attribute_type(const char *name)
{
    static const char *const integers[] = {"integer", "long", "short", "byte", "biginteger", NULL};
    static const char *const reals[] = {"float", "double", "bigdecimal", NULL};
    for (const char *const *t = integers; *t; t++)
        if (strcmp(name, *t) == 0)
            return CPG_XML_INTEGER;
    for (const char *const *t = reals; *t; t++)
        if (strcmp(name, *t) == 0)
            return CPG_XML_REAL;
    return strcmp(name, "boolean") == 0 ? CPG_XML_BOOLEAN : CPG_XML_STRING;
}

static void read_attribute(gexf_reader *r, const xmlNode *node, gexf_attribute *a)
{
    const char *type = cpg_xml_lasting(r->ctx, cpg_xml_attr(node, "type"));
    *a = (gexf_attribute){cpg_xml_lasting(r->ctx, cpg_xml_attr(node, "id")),
                          cpg_xml_lasting(r->ctx, cpg_xml_attr(node, "title")),
                          type ? attribute_type(type) : CPG_XML_STRING, child(node, "default")};
    if (!a->id)
        gexf_error(r, node, "id", "<attribute> has no 'id'", NULL);
    if (!a->title)
        a->title = a->id;
}

/* Which class an <attributes> block declares: 0 nodes, 1 edges, -1 neither. */
static int block_class(const xmlNode *block)
{
    char *class = cpg_xml_attr(block, "class");
    int k = !class ? -1 : strcmp(class, "node") == 0 ? 0 : strcmp(class, "edge") == 0 ? 1 : -1;
    xmlFree(class);
    return k;
}

/* The <attributes class="node|edge"> blocks of GRAPH, into the reader's two classes. */
static void read_attributes(gexf_reader *r, const xmlNode *graph)
{
    size_t counts[2] = {0, 0};
    for (const xmlNode *c = graph->children; c; c = c->next) {
        int k = cpg_xml_named(c, "attributes") ? block_class(c) : -1;
        for (const xmlNode *a = k >= 0 ? c->children : NULL; a; a = a->next)
            counts[k] += cpg_xml_named(a, "attribute");
    }
    for (int k = 0; k < 2; k++) {
        size_t size = (counts[k] + 1) * sizeof(gexf_attribute);
        r->classes[k].list = cpg_arena_alloc(r->ctx->arena, size);
        if (!r->classes[k].list) {
            cpg_load_out_of_memory(r->ctx);
            return;
        }
    }
    for (const xmlNode *c = graph->children; c; c = c->next) {
        if (!cpg_xml_named(c, "attributes"))
            continue;
        int k = block_class(c);
        if (k < 0)
            gexf_error(r, c, "class", "'class' must be node or edge", NULL);
        for (const xmlNode *a = k >= 0 ? c->children : NULL; a; a = a->next)
            if (cpg_xml_named(a, "attribute")) {
                gexf_class *cls = &r->classes[k];
                read_attribute(r, a, &cls->list[cls->count++]);
            }
    }
}

static const gexf_attribute *find_attribute(const gexf_class *cls, const char *id)
{
    for (size_t i = 0; i < cls->count; i++)
        if (cls->list[i].id && strcmp(cls->list[i].id, id) == 0)
            return &cls->list[i];
    return NULL;
}

/* ---- values --------------------------------------------------------------------------------- */

/* TEXT (freed) as a value of TYPE for NAME, reported at AT when it is not one; NULL then. */
static cJSON *typed(gexf_reader *r, const xmlNode *at, char *text, cpg_xml_type type,
                    const char *name)
{
    const char *problem = "missing";
    cJSON *value = text ? cpg_xml_value(text, type, &problem) : NULL;
    xmlFree(text);
    if (!value) {
        char what[300];
        snprintf(what, sizeof what, "value of '%.200s' is %s", name, problem);
        gexf_error(r, at, NULL, "%s", what);
    }
    return value;
}

/* The XML attributes that place an element or a value in time (GEXF 1.2's intervals, 1.3's
 * time stamps too). */
static const char *const spell_bounds[] = {"start", "end", "startopen", "endopen", "timestamp",
                                           "timestamps", "intervals", NULL};

/* The spell of NODE as members of OBJECT. */
static void put_spell(gexf_reader *r, const xmlNode *node, cJSON *object)
{
    for (const char *const *b = spell_bounds; *b; b++) {
        char *text = cpg_xml_attr(node, *b);
        if (text)
            put(r, object, *b, cJSON_CreateString(text));
        xmlFree(text);
    }
}

static bool has_spell(const xmlNode *node)
{
    for (const char *const *b = spell_bounds; *b; b++)
        if (xmlHasProp(node, (const xmlChar *)*b))
            return true;
    return false;
}

/* One <attvalue> into ATTRS: a static value as it is; a value over a spell (dynamic mode) into
 * the list of {"value", "start", "end"} the attribute becomes. */
static void read_attvalue(gexf_reader *r, const gexf_class *cls, const xmlNode *v, cJSON *attrs)
{
    char *id = cpg_xml_attr(v, "for");
    if (!id)
        id = cpg_xml_attr(v, "id");  /* GEXF 1.0 and 1.1 */
    const gexf_attribute *a = id ? find_attribute(cls, id) : NULL;
    if (!a) {
        gexf_error(r, v, "for", "<attvalue> refers to no <attribute> with id '%.200s'", id);
        xmlFree(id);
        return;
    }
    xmlFree(id);
    cJSON *value = typed(r, v, cpg_xml_attr(v, "value"), a->type, a->title);
    if (!value)
        return;
    const cJSON *had = cJSON_GetObjectItemCaseSensitive(attrs, a->title);
    if (!has_spell(v)) {
        if (had)
            gexf_error(r, v, NULL, "a second value of '%.200s' (values over time have a spell: "
                       "start, end or timestamp)", a->title);
        put(r, attrs, a->title, value);
        return;
    }
    if (had && !cJSON_IsArray(had)) {
        gexf_error(r, v, NULL, "'%.200s' has a value for all time and values over time",
                   a->title);
        cJSON_Delete(value);
        return;
    }
    if (!had)
        put(r, attrs, a->title, cJSON_CreateArray());
    cJSON *list = cJSON_GetObjectItemCaseSensitive(attrs, a->title);
    cJSON *timed = list ? cJSON_CreateObject() : NULL;
    if (!timed || !cJSON_AddItemToObject(timed, "value", value)) {
        cJSON_Delete(timed);
        cJSON_Delete(value);
        cpg_load_out_of_memory(r->ctx);
        return;
    }
    put_spell(r, v, timed);
    cJSON_AddItemToArray(list, timed);
}

/* The numbers NAMES of NODE as an object, the first WHOLE of them integers ({"r", "g", "b"} of a
 * colour, then its "a"). */
static cJSON *numbers(gexf_reader *r, const xmlNode *node, const char *const *names, int whole)
{
    cJSON *object = cJSON_CreateObject();
    for (int i = 0; object && names[i]; i++) {
        char *text = cpg_xml_attr(node, names[i]);
        cJSON *v = text ? typed(r, node, text, i < whole ? CPG_XML_INTEGER : CPG_XML_REAL,
                                names[i]) : NULL;
        if (v)
            put(r, object, names[i], v);
    }
    return object;
}

/* The name of a viz element (color, size, ...) in the viz namespace, or in none with its
 * prefix written out, as files whose writer forgot to declare the prefix have it; else NULL. */
static const char *viz_name(const xmlNode *c)
{
    const char *name = (const char *)c->name;
    if (c->ns && c->ns->href && strstr((const char *)c->ns->href, "viz"))
        return name;
    return !c->ns && strncmp(name, "viz:", 4) == 0 ? name + 4 : NULL;
}

/* Gephi's drawing of an element (viz:color, position, size, thickness, shape) as one "viz"
 * object, as NetworkX keeps it. */
static void read_viz(gexf_reader *r, const xmlNode *element, cJSON *attrs)
{
    static const char *const colour[] = {"r", "g", "b", "a", NULL};
    static const char *const position[] = {"x", "y", "z", NULL};
    cJSON *viz = NULL;
    for (const xmlNode *c = element->children; c; c = c->next) {
        const char *name = c->type == XML_ELEMENT_NODE ? viz_name(c) : NULL;
        if (!name)
            continue;
        if (!viz && !(viz = cJSON_CreateObject()))
            break;
        if (strcmp(name, "color") == 0) {
            put(r, viz, "color", numbers(r, c, colour, 3));
        } else if (strcmp(name, "position") == 0) {
            put(r, viz, "position", numbers(r, c, position, 0));
        } else if (strcmp(name, "size") == 0 || strcmp(name, "thickness") == 0) {
            cJSON *v = typed(r, c, cpg_xml_attr(c, "value"), CPG_XML_REAL, name);
            if (v)
                put(r, viz, name, v);
        } else if (strcmp(name, "shape") == 0) {
            char *shape = cpg_xml_attr(c, "value");
            put(r, viz, "shape", cJSON_CreateString(shape ? shape : ""));
            xmlFree(shape);
        }
    }
    if (viz)
        put(r, attrs, "viz", viz);
}

/* The spells of ELEMENT (<spells><spell start end/>...) as a list "spells". */
static void read_spells(gexf_reader *r, const xmlNode *element, cJSON *attrs)
{
    const xmlNode *spells = child(element, "spells");
    if (!spells)
        return;
    cJSON *list = cJSON_CreateArray();
    for (const xmlNode *s = spells->children; list && s; s = s->next) {
        if (!cpg_xml_named(s, "spell"))
            continue;
        cJSON *spell = cJSON_CreateObject();
        if (spell) {
            put_spell(r, s, spell);
            cJSON_AddItemToArray(list, spell);
        }
    }
    put(r, attrs, "spells", list);
}

/* The attributes of ELEMENT, a node (CLASS 0) or an edge (1): its XML attributes named in
 * OWN, its attvalues, then the defaults it did not give, its drawing and its spells. */
static cJSON *element_attrs(gexf_reader *r, const xmlNode *element, int class,
                            const char *const *own)
{
    cJSON *attrs = cJSON_CreateObject();
    if (!attrs) {
        cpg_load_out_of_memory(r->ctx);
        return NULL;
    }
    for (const char *const *o = own; *o; o++) {
        char *text = cpg_xml_attr(element, *o);
        cJSON *v = text ? typed(r, element, text, strcmp(*o, "weight") == 0 ? CPG_XML_REAL
                                                                           : CPG_XML_STRING, *o)
                        : NULL;
        if (v)
            put(r, attrs, *o, v);
    }
    put_spell(r, element, attrs);
    const gexf_class *cls = &r->classes[class];
    const xmlNode *values = child(element, "attvalues");
    for (const xmlNode *v = values ? values->children : NULL; v; v = v->next)
        if (cpg_xml_named(v, "attvalue"))
            read_attvalue(r, cls, v, attrs);
    for (size_t i = 0; i < cls->count; i++) {
        const gexf_attribute *a = &cls->list[i];
        if (a->id && a->fallback && !cpg_json_has(attrs, a->title)) {
            cJSON *v = typed(r, a->fallback, (char *)xmlNodeGetContent(a->fallback), a->type,
                             a->title);
            if (v)
                put(r, attrs, a->title, v);
        }
    }
    read_viz(r, element, attrs);
    read_spells(r, element, attrs);
    return attrs;
}

/* ---- elements ------------------------------------------------------------------------------- */

static void read_node(gexf_reader *r, const xmlNode *node)
{
    if (child(node, "nodes") || child(node, "parents")) {
        gexf_error(r, node, NULL, "nested nodes (a hierarchy) are not supported", NULL);
        return;
    }
    static const char *const own[] = {"label", "pid", NULL};
    cJSON *id = cpg_xml_string_item(node, "id"), *attrs = element_attrs(r, node, 0, own);
    load_place at = cpg_xml_place(node);
    if (attrs)
        cpg_load_node(r->ctx, id, attrs, NULL, &at);
    cJSON_Delete(id);
    cJSON_Delete(attrs);
}

static void read_edge(gexf_reader *r, const xmlNode *edge)
{
    char *type = cpg_xml_attr(edge, "type");
    if (type && strcmp(type, "directed") != 0 && strcmp(type, "undirected") != 0 &&
        strcmp(type, "mutual") != 0)
        gexf_error(r, edge, "type", "'type' must be directed, undirected or mutual, got "
                   "'%.100s'", type);
    else if (type && strcmp(type, "mutual") == 0)
        gexf_error(r, edge, "type", "a mutual edge (both ways) is not supported: write two "
                   "directed edges", NULL);
    else if (type && (strcmp(type, "directed") == 0) != r->directed)
        gexf_error(r, edge, "type", "an edge against the graph's defaultedgetype: mixed graphs "
                   "are not supported", NULL);
    xmlFree(type);
    static const char *const own[] = {"id", "label", "weight", "kind", NULL};
    cJSON *source = cpg_xml_string_item(edge, "source"), *target = cpg_xml_string_item(edge, "target");
    cJSON *attrs = element_attrs(r, edge, 1, own);
    load_place at = cpg_xml_place(edge);
    if (attrs)
        cpg_load_edge(r->ctx, source, target, attrs, &at);
    cJSON_Delete(source);
    cJSON_Delete(target);
    cJSON_Delete(attrs);
}

/* The graph's attributes: those of <graph> (mode, time format, a name), and what <meta> says
 * (creator, description, keywords, lastmodifieddate): where a graph comes from is evidence. */
static void read_graph_attrs(gexf_reader *r, const xmlNode *root, const xmlNode *graph)
{
    cJSON *attrs = cJSON_CreateObject();
    for (const xmlAttr *a = graph->properties; attrs && a; a = a->next) {
        if (strcmp((const char *)a->name, "defaultedgetype") == 0)
            continue;  /* the graph's direction */
        char *text = (char *)xmlNodeGetContent((const xmlNode *)a);
        if (text)
            put(r, attrs, (const char *)a->name, cJSON_CreateString(text));
        xmlFree(text);
    }
    const xmlNode *meta = child(root, "meta");
    char *date = meta ? cpg_xml_attr(meta, "lastmodifieddate") : NULL;
    if (attrs && date)
        put(r, attrs, "lastmodifieddate", cJSON_CreateString(date));
    xmlFree(date);
    for (const xmlNode *c = meta ? meta->children : NULL; attrs && c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        char *text = (char *)xmlNodeGetContent(c);
        if (text)
            put(r, attrs, (const char *)c->name, cJSON_CreateString(cpg_xml_trimmed(text)));
        xmlFree(text);
    }
    if (attrs)
        cpg_load_graph_attrs(r->ctx, attrs, NULL);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(attrs);
}

static void read_graph(gexf_reader *r, const xmlNode *root, const xmlNode *graph)
{
    char *edgetype = cpg_xml_attr(graph, "defaultedgetype");
    r->directed = edgetype && strcmp(edgetype, "directed") == 0;  /* GEXF's default: undirected */
    if (edgetype && !r->directed && strcmp(edgetype, "undirected") != 0)
        gexf_error(r, graph, "defaultedgetype", "'defaultedgetype' must be directed or "
                   "undirected, got '%.100s'", edgetype);
    xmlFree(edgetype);
    r->ctx->directed = r->directed;
    read_graph_attrs(r, root, graph);
    read_attributes(r, graph);
    for (const xmlNode *c = graph->children; c; c = c->next) {
        bool nodes = cpg_xml_named(c, "nodes"), edges = cpg_xml_named(c, "edges");
        for (const xmlNode *e = nodes || edges ? c->children : NULL; e; e = e->next) {
            if (nodes && cpg_xml_named(e, "node"))
                read_node(r, e);
            else if (edges && cpg_xml_named(e, "edge"))
                read_edge(r, e);
        }
    }
}

void cpg_load_gexf(load_ctx *ctx, const xmlDoc *doc)
{
    gexf_reader r = {.ctx = ctx};
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (!root || !cpg_xml_named(root, "gexf")) {
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "expected a <gexf> document, found <%.100s>",
                      root ? (const char *)root->name : "");
        return;
    }
    const xmlNode *graph = child(root, "graph");
    if (graph)
        read_graph(&r, root, graph);
    else
        gexf_error(&r, root, NULL, "<gexf> holds no <graph>", NULL);
}
