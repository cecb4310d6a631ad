/* gml.c: GML (Himsolt's Graph Modelling Language, as Newman's datasets, igraph, Gephi and
 * NetworkX write it): "key value" pairs whose values are integers, reals, "strings" with
 * &...; entities, or [ records ]; a key that repeats in a record holds the list of its values.
 * A node's id is its label when every node has one and no two share it (as NetworkX reads GML:
 * the GML id is then only what edges name it by, and a "caption", where cpecgraph's export puts
 * the label the id displaced, is the label), else its GML id. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"
#include "entities.h"
#include "readers.h"
#include "text.h"

#define GML_DEPTH 64

typedef struct gml_element {
    cJSON *record;
    load_place at;
} gml_element;

typedef struct gml_reader {
    load_ctx *ctx;
    cpg_text t;
    bool failed;  /* a syntax error: the rest is not read */
    gml_element *nodes, *edges;
    size_t node_count, edge_count, node_cap, edge_cap;
} gml_reader;

static void syntax_error(gml_reader *r, const char *message)
{
    if (r->failed)
        return;
    load_place at = cpg_text_place(&r->t);
    cpg_load_error(r->ctx, &at, NULL, "%s", message);
    r->failed = true;
}

static void skip_comments(gml_reader *r)
{
    cpg_text_skip_comments(&r->t, '#', false);
}

/* ---- values ------------------------------------------------------------------------------ */

/* The code point of the named entity of NAME_LEN bytes at NAME ("eacute"), or 0. */
static unsigned long named_entity(const char *name, size_t name_len)
{
    if (name_len == 4 && memcmp(name, "apos", 4) == 0)  /* XML's, not HTML 4's */
        return '\'';
    size_t lo = 0, hi = sizeof gml_entities / sizeof *gml_entities;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strncmp(gml_entities[mid].name, name, name_len);
        if (cmp == 0 && gml_entities[mid].name[name_len] != '\0')
            cmp = 1;
        if (cmp == 0)
            return gml_entities[mid].code;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* An entity from its '&' (NetworkX writes &#NNN; for what is not ASCII, and &amp; &quot;;
 * others write HTML's &eacute;): its UTF-8 bytes in OUT, their count; 0 when it is none,
 * which leaves the '&' as text. */
static size_t entity(const char *s, size_t len, char *out, size_t *used)
{
    size_t n = 1;
    while (n < len && n < 10 && isalnum((unsigned char)s[n]))
        n++;
    unsigned long named = len > 1 && s[1] != '#' && n < len && s[n] == ';'
                              ? named_entity(s + 1, n - 1) : 0;
    if (named) {
        *used = n + 1;
        return cpg_utf8_put(out, named);
    }
    if (len < 4 || s[1] != '#')
        return 0;
    bool hex = s[2] == 'x' || s[2] == 'X';
    size_t i = hex ? 3 : 2;
    unsigned long code = 0;
    for (; i < len && i < 12 && isxdigit((unsigned char)s[i]) && code <= 0x10FFFF; i++) {
        if (!hex && !isdigit((unsigned char)s[i]))
            break;
        int digit = isdigit((unsigned char)s[i]) ? s[i] - '0'
                                                 : tolower((unsigned char)s[i]) - 'a' + 10;
        code = code * (hex ? 16 : 10) + (unsigned long)digit;
    }
    if (i >= len || s[i] != ';' || i == (hex ? 3u : 2u) || code == 0 || code > 0x10FFFF ||
        (code >= 0xD800 && code <= 0xDFFF))
        return 0;
    *used = i + 1;
    return cpg_utf8_put(out, code);
}

static cJSON *gml_string(gml_reader *r)
{
    load_place open = cpg_text_place(&r->t);
    cpg_text_next(&r->t);
    size_t start = r->t.i;
    while (!cpg_text_end(&r->t) && cpg_text_peek(&r->t) != '"')
        cpg_text_next(&r->t);
    if (cpg_text_end(&r->t)) {
        cpg_load_error(r->ctx, &open, NULL, "this string is not closed: a '\"' is missing");
        r->failed = true;
        return NULL;
    }
    size_t len = r->t.i - start;
    cpg_text_next(&r->t);
    char *text = malloc(len + 1), *o = text;
    for (size_t i = 0; text && i < len;) {
        const char *s = r->t.s + start + i;
        size_t used, n = *s == '&' ? entity(s, len - i, o, &used) : 0;
        if (n) {
            o += n;
            i += used;
        } else {
            *o++ = *s;
            i++;
        }
    }
    cJSON *item = NULL;
    if (text) {
        *o = '\0';
        item = cJSON_CreateString(text);
    }
    free(text);
    if (!item)
        cpg_load_out_of_memory(r->ctx);
    return item;
}

/* A number, or NetworkX's INF, +INF, -INF and NAN (igraph's Inf, NaN), which become null as
 * JSON has none. */
static cJSON *gml_number(gml_reader *r)
{
    size_t start = r->t.i;
    while (!cpg_text_end(&r->t) && !isspace((unsigned char)cpg_text_peek(&r->t)) &&
           cpg_text_peek(&r->t) != ']' && cpg_text_peek(&r->t) != '[')
        cpg_text_next(&r->t);
    const char *s = r->t.s + start;
    size_t n = r->t.i - start;
    s += n && s[0] == '+';  /* GML allows a sign JSON does not */
    n -= s > r->t.s + start;
    char text[80];
    snprintf(text, sizeof text, "%.*s", (int)(n < 79 ? n : 79), s);
    const char *magnitude = text[0] == '-' ? text + 1 : text;  /* NetworkX's INF, igraph's Inf */
    if (strcasecmp(magnitude, "inf") == 0 || strcasecmp(magnitude, "nan") == 0)
        return cJSON_CreateNull();
    bool integer = n > 0 && n < 79, number = integer;
    for (size_t i = 0; i < n && number; i++) {
        integer &= isdigit((unsigned char)text[i]) || (i == 0 && text[i] == '-');
        number &= isdigit((unsigned char)text[i]) || strchr(".-+eE", text[i]);
    }
    char *end = text;
    errno = 0;
    long long v = integer ? strtoll(text, &end, 10) : 0;
    if (integer && *end == '\0' && errno == 0)
        return cpg_json_integer(v);
    double d = number && (isdigit((unsigned char)text[0]) || strchr("-.", text[0]))
                   ? strtod(text, &end) : 0;
    if (number && end != text && *end == '\0' && isfinite(d))
        return cJSON_CreateNumber(d);
    r->t.i = start;
    syntax_error(r, "expected a value: a number, a \"string\" or a [ record ]");
    return NULL;
}

typedef enum gml_kind { GML_TOP, GML_GRAPH, GML_OTHER } gml_kind;

static cJSON *gml_record(gml_reader *r, int depth, gml_kind kind);

static cJSON *gml_value(gml_reader *r, int depth, gml_kind kind)
{
    skip_comments(r);
    char c = cpg_text_peek(&r->t);
    if (cpg_text_end(&r->t)) {
        syntax_error(r, "the file ends where a value was expected");
        return NULL;
    }
    if (c == '"')
        return gml_string(r);
    if (c == '[') {
        cpg_text_next(&r->t);
        return gml_record(r, depth + 1, kind);
    }
    return gml_number(r);
}

/* Sets KEY to VALUE (taken) in RECORD; a key met again holds the list of its values. */
static void add_member(gml_reader *r, cJSON *record, const char *key, cJSON *value)
{
    cJSON *old = cJSON_GetObjectItemCaseSensitive(record, key);
    if (!old) {
        cpg_text_set(r->ctx, record, key, value);
        return;
    }
    if (!cJSON_IsArray(old)) {  /* GML has no lists: an array is the values of a repeat */
        cJSON *list = cJSON_CreateArray();
        if (!cpg_text_append(r->ctx, list, cJSON_DetachItemViaPointer(record, old)) ||
            !cpg_text_set(r->ctx, record, key, list)) {
            cJSON_Delete(list);
            cJSON_Delete(value);
            return;
        }
        old = list;
    }
    cpg_text_append(r->ctx, old, value);
}

/* NetworkX writes a list of one value as the key given twice, "_networkx_list_start" first,
 * so that it reads back as a list: the marker is no value. */
static void drop_list_markers(cJSON *record)
{
    static const char marker[] = "_networkx_list_start";
    for (cJSON *member = record->child; member; member = member->next) {
        cJSON *first = cJSON_IsArray(member) ? member->child : NULL;
        if (cJSON_IsString(first) && strcmp(first->valuestring, marker) == 0)
            cJSON_Delete(cJSON_DetachItemViaPointer(member, first));
    }
}

/* ---- records ----------------------------------------------------------------------------- */

static size_t key_length(const cpg_text *t)
{
    size_t i = t->i;
    if (i >= t->len || !(isalpha((unsigned char)t->s[i]) || t->s[i] == '_'))
        return 0;
    while (i < t->len && (isalnum((unsigned char)t->s[i]) || t->s[i] == '_'))
        i++;
    return i - t->i;
}

static bool keep_element(gml_element **items, size_t *count, size_t *cap, cJSON *record,
                 const load_place *at)
{
    if (*count == *cap) {
        size_t bigger = *cap ? 2 * *cap : 64;
        gml_element *grown = realloc(*items, bigger * sizeof *grown);
        if (!grown)
            return false;
        *items = grown;
        *cap = bigger;
    }
    (*items)[(*count)++] = (gml_element){record, *at};
    return true;
}

/* The node and edge records of the graph are kept apart, with their places. */
static bool graph_element(gml_reader *r, const char *key, int depth)
{
    bool node = strcmp(key, "node") == 0, edge = strcmp(key, "edge") == 0;
    if (!(node || edge))
        return false;
    skip_comments(r);
    load_place at = cpg_text_place(&r->t);
    cJSON *record = gml_value(r, depth, GML_OTHER);
    if (!record && !r->failed)
        cpg_load_out_of_memory(r->ctx);
    if (!record)
        return true;
    if (!cJSON_IsObject(record)) {
        cpg_load_error(r->ctx, &at, NULL, "%s must be a [ record ]", node ? "node" : "edge");
        cJSON_Delete(record);
    } else if (!(node ? keep_element(&r->nodes, &r->node_count, &r->node_cap, record, &at)
                      : keep_element(&r->edges, &r->edge_count, &r->edge_cap, record, &at))) {
        cJSON_Delete(record);
        cpg_load_out_of_memory(r->ctx);
    }
    return true;
}

/* The pairs of a record up to its ']' (or, at the top level, the end of the file). */
static cJSON *gml_record(gml_reader *r, int depth, gml_kind kind)
{
    bool top = kind == GML_TOP;
    if (depth > GML_DEPTH) {
        syntax_error(r, "records nest deeper than 64");
        return NULL;
    }
    cJSON *record = cJSON_CreateObject();
    if (!record)
        cpg_load_out_of_memory(r->ctx);
    while (record && !r->failed && !r->ctx->out_of_memory) {
        skip_comments(r);
        if (cpg_text_end(&r->t)) {
            if (!top)
                syntax_error(r, "the file ends inside a record: a ']' is missing");
            break;
        }
        if (cpg_text_peek(&r->t) == ']' && !top) {
            cpg_text_next(&r->t);
            break;
        }
        size_t n = key_length(&r->t);
        if (!n) {
            syntax_error(r, top && cpg_text_peek(&r->t) == ']' ? "a ']' closes no record"
                                                               : "expected a key");
            break;
        }
        const char *key = cpg_arena_strndup(r->ctx->arena, r->t.s + r->t.i, n);
        r->t.i += n;
        if (!key) {
            cpg_load_out_of_memory(r->ctx);
            break;
        }
        if (kind == GML_GRAPH && graph_element(r, key, depth))
            continue;
        cJSON *value = gml_value(r, depth, top && strcmp(key, "graph") == 0 ? GML_GRAPH
                                                                            : GML_OTHER);
        if (value)
            add_member(r, record, key, value);
        else if (!r->failed)
            cpg_load_out_of_memory(r->ctx);
    }
    if (r->failed || r->ctx->out_of_memory) {
        cJSON_Delete(record);
        r->failed = true;  /* reported: the callers stop */
        return NULL;
    }
    drop_list_markers(record);
    return record;
}

/* ---- the graph --------------------------------------------------------------------------- */

/* The text of a GML id (an integer, or a string as NetworkX allows), or NULL. */
static const char *id_text(const cJSON *item)
{
    if (cJSON_IsString(item) && item->valuestring[0])
        return item->valuestring;
    return cpg_json_is_integer(item) ? cpg_json_number_text(item) : NULL;
}

/* Whether every node has a string label and no two share one: then labels are the ids. */
static bool labels_are_ids(gml_reader *r)
{
    cpg_idmap seen;
    cpg_idmap_init(&seen);
    bool unique = r->node_count > 0;
    for (size_t k = 0; k < r->node_count && unique; k++) {
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(r->nodes[k].record, "label");
        unique = cJSON_IsString(label) && label->valuestring[0] &&
                 cpg_idmap_get(&seen, label->valuestring) < 0;
        if (unique && !cpg_idmap_put(&seen, label->valuestring, (int64_t)k)) {
            cpg_load_out_of_memory(r->ctx);
            unique = false;
        }
    }
    cpg_idmap_free(&seen);
    return unique;
}

/* Gives MEMBER the name NAME, in its place among its siblings; false when out of memory. */
static bool rename_member(cJSON *member, const char *name)
{
    size_t n = strlen(name) + 1;
    char *key = cJSON_malloc(n);
    if (!key)
        return false;
    memcpy(key, name, n);
    cJSON_free(member->string);
    member->string = key;
    return true;
}

/* Each node, under its id; BY_GML receives GML id -> node, for the edges. */
static void take_nodes(gml_reader *r, cpg_idmap *by_gml, bool by_label)
{
    for (size_t k = 0; k < r->node_count && !r->ctx->out_of_memory; k++) {
        cJSON *record = r->nodes[k].record;
        cJSON *gml_id = cJSON_GetObjectItemCaseSensitive(record, "id");
        const char *text = id_text(gml_id);
        if (!text) {
            cpg_load_error(r->ctx, &r->nodes[k].at, NULL, gml_id ? "a node's id must be an "
                           "integer or a string" : "node has no 'id'");
            continue;
        }
        if (cpg_idmap_get(by_gml, text) >= 0) {
            cpg_load_error(r->ctx, &r->nodes[k].at, NULL, "duplicate id %s (first declared on "
                           "line %zu)", text, r->nodes[cpg_idmap_get(by_gml, text)].at.line);
            continue;
        }
        if (!cpg_idmap_put(by_gml, text, (int64_t)k)) {
            cpg_load_out_of_memory(r->ctx);
            return;
        }
        const cJSON *id = by_label ? cJSON_GetObjectItemCaseSensitive(record, "label") : gml_id;
        cJSON *caption = by_label ? cJSON_GetObjectItemCaseSensitive(record, "caption") : NULL;
        if (caption && !rename_member(caption, "label"))  /* where cpecgraph's export puts it */
            cpg_load_out_of_memory(r->ctx);
        const cJSON *left_out[] = {gml_id, NULL};  /* a number for the edges, as in NetworkX */
        cpg_load_node(r->ctx, id, record, left_out, &r->nodes[k].at);
    }
}

/* The node an edge's end names by GML id, as a JSON string of its id; NULL after an error. */
static cJSON *edge_end(gml_reader *r, cJSON *record, const char *end, const cpg_idmap *by_gml,
                       bool by_label, const load_place *at)
{
    cJSON *item = cJSON_DetachItemFromObjectCaseSensitive(record, end);
    const char *text = id_text(item);
    int64_t node = text ? cpg_idmap_get(by_gml, text) : -1;
    cJSON *id = NULL;
    if (!item)
        cpg_load_error(r->ctx, at, NULL, "edge has no '%s'", end);
    else if (node < 0)
        cpg_load_error(r->ctx, at, NULL, "edge %s %s%.100s%s is no node's id", end,
                       cJSON_IsString(item) ? "'" : "", text ? text : "(not an id)",
                       cJSON_IsString(item) ? "'" : "");
    else if (!(id = cJSON_CreateString(by_label ? cJSON_GetObjectItemCaseSensitive(
                                              r->nodes[node].record, "label")->valuestring
                                          : text)))
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(item);
    return id;
}

static void take_edges(gml_reader *r, const cpg_idmap *by_gml, bool by_label)
{
    for (size_t k = 0; k < r->edge_count && !r->ctx->out_of_memory; k++) {
        cJSON *record = r->edges[k].record;
        const load_place *at = &r->edges[k].at;
        cJSON *source = edge_end(r, record, "source", by_gml, by_label, at);
        cJSON *target = edge_end(r, record, "target", by_gml, by_label, at);
        if (source && target)
            cpg_load_edge(r->ctx, source, target, record, at);
        cJSON_Delete(source);
        cJSON_Delete(target);
    }
}

/* A 0/1 flag of the graph record (directed, multigraph). */
static bool graph_flag(gml_reader *r, cJSON *graph, const char *key, const load_place *at)
{
    cJSON *item = cJSON_DetachItemFromObjectCaseSensitive(graph, key);
    bool on = cJSON_IsNumber(item) && item->valuedouble == 1;
    if (item && !(cJSON_IsNumber(item) && (item->valuedouble == 0 || on)))
        cpg_load_error(r->ctx, at, NULL, "'%s' of the graph must be 0 or 1", key);
    cJSON_Delete(item);
    return on;
}

static void read_graph(gml_reader *r, cJSON *top, const load_place *at)
{
    cJSON *graph = cJSON_DetachItemFromObjectCaseSensitive(top, "graph");
    if (!cJSON_IsObject(graph)) {
        cpg_load_error(r->ctx, at, NULL, graph ? (cJSON_IsArray(graph)
                                                      ? "more than one graph [ ] record"
                                                      : "graph must be a [ record ]")
                                               : "no graph [ ] record: this is not a GML graph");
        cJSON_Delete(graph);
        return;
    }
    r->ctx->directed = graph_flag(r, graph, "directed", at);
    r->ctx->multigraph = graph_flag(r, graph, "multigraph", at);
    cpg_load_graph_attrs(r->ctx, top, NULL);    /* Creator, Version */
    cpg_load_graph_attrs(r->ctx, graph, NULL);
    cJSON_Delete(graph);
    bool by_label = labels_are_ids(r);
    if (by_label)
        cpg_diags_add(r->ctx->diags, CPG_NOTE, r->ctx->name, 0, 0, NULL,
                      "every node has a label of its own: the labels are the node ids (as "
                      "NetworkX reads GML)");
    cpg_idmap by_gml;
    cpg_idmap_init(&by_gml);
    take_nodes(r, &by_gml, by_label);
    take_edges(r, &by_gml, by_label);
    cpg_idmap_free(&by_gml);
}

static void gml_read(load_ctx *ctx, const char *buf, size_t len)
{
    if (cpg_text_refuse_bad_text(ctx, buf, len, "a GML file"))
        return;
    gml_reader r = {.ctx = ctx, .t = cpg_text_open(buf, len)};
    load_place start = cpg_text_place(&r.t);
    cJSON *top = gml_record(&r, 0, GML_TOP);
    if (top && !ctx->out_of_memory)
        read_graph(&r, top, &start);
    else if (!top && !r.failed)
        cpg_load_out_of_memory(ctx);
    cJSON_Delete(top);
    for (size_t k = 0; k < r.node_count; k++)
        cJSON_Delete(r.nodes[k].record);
    for (size_t k = 0; k < r.edge_count; k++)
        cJSON_Delete(r.edges[k].record);
    free(r.nodes);
    free(r.edges);
}

/* GML: key-value pairs, the graph a record "graph [" (after keys such as Creator or Version). */
static bool gml_sniff(const char *buf, size_t len)
{
    cpg_text t = cpg_text_window(buf, len, 4096);
    for (int keys = 0; keys < 8; keys++) {
        cpg_text_skip_comments(&t, '#', false);
        if (cpg_text_word_at(&t, "graph")) {
            t.i += 5;
            cpg_text_skip_spaces(&t, false);
            return cpg_text_peek(&t) == '[';
        }
        size_t n = key_length(&t);
        if (!n)
            return false;
        t.i += n;  /* a key; its value follows */
        cpg_text_skip_spaces(&t, false);
        if (cpg_text_peek(&t) == '"') {
            const char *close = memchr(t.s + t.i + 1, '"', t.len - t.i - 1);
            if (!close)
                return false;
            t.i = (size_t)(close + 1 - t.s);
        } else if (isdigit((unsigned char)cpg_text_peek(&t)) ||
                   strchr("+-.", cpg_text_peek(&t))) {  /* a number ("strict digraph" is DOT) */
            while (!cpg_text_end(&t) && !isspace((unsigned char)cpg_text_peek(&t)))
                t.i++;
        } else {
            return false;
        }
    }
    return false;
}

const cpg_reader cpg_reader_gml = {
    .name = "gml", .title = "a GML file", .suffixes = {".gml"},
    .sniff = gml_sniff, .read = gml_read, .by_line = true,
};
