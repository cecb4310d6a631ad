/* pajek.c: Pajek's .net files: *Vertices (a line per vertex: its number, label, coordinates,
 * shape, then "key value" pairs), then *Arcs (directed) or *Edges (undirected) and their list
 * forms *Arcslist / *Edgeslist, with weights and pairs. As NetworkX reads Pajek, a vertex's
 * label is its id (the number when it has none): the number only names it in the edges. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"
#include "readers.h"
#include "text.h"

typedef enum pajek_section {
    PAJEK_NONE, PAJEK_VERTICES, PAJEK_ARCS, PAJEK_EDGES, PAJEK_ARCSLIST, PAJEK_EDGESLIST
} pajek_section;

typedef struct pajek_reader {
    load_ctx *ctx;
    cpg_text t;                /* the line being read */
    pajek_section section;
    long long vertices;        /* declared by *Vertices */
    long long first_mode;      /* of a two-mode network: the vertices of the first mode */
    char **ids;                /* of vertex number k at k - 1; NULL until it is named */
    load_place *places;
    const char *relation;      /* the name of the *Arcs :k "name" section, or NULL */
    bool arcs, edges;          /* sections of either kind met */
    bool unclosed;             /* the line has a quote not closed (reported) */
    bool listed;               /* the vertices are all named: edges may follow */
    load_place first_arcs, first_edges;
} pajek_reader;

/* ---- tokens ------------------------------------------------------------------------------ */

/* The next token of the line, a word or a "quoted" string (Pajek has no escapes): its text in
 * *TOKEN (LEN bytes), false at the end of the line. */
/* The place of the next token. */
static load_place token_place(pajek_reader *r)
{
    cpg_text_skip_spaces(&r->t, true);
    return cpg_text_place(&r->t);
}

static bool next_token(pajek_reader *r, const char **token, size_t *len, bool *quoted)
{
    cpg_text_skip_spaces(&r->t, true);
    if (cpg_text_end(&r->t))
        return false;
    *quoted = cpg_text_peek(&r->t) == '"';
    load_place open = cpg_text_place(&r->t);
    if (*quoted)
        cpg_text_next(&r->t);
    size_t start = r->t.i;
    while (!cpg_text_end(&r->t) && (*quoted ? cpg_text_peek(&r->t) != '"'
                                            : !isspace((unsigned char)cpg_text_peek(&r->t))))
        cpg_text_next(&r->t);
    *token = r->t.s + start;
    *len = r->t.i - start;
    if (*quoted && cpg_text_end(&r->t)) {
        if (!r->unclosed)
            cpg_load_error(r->ctx, &open, NULL, "a quoted string is not closed");
        r->unclosed = true;
        return false;
    }
    if (*quoted)
        cpg_text_next(&r->t);
    return true;
}

static bool number_token(const char *s, size_t len, double *value)
{
    cJSON *item = cpg_text_scalar(s, len);
    bool number = cJSON_IsNumber(item);
    if (number)
        *value = item->valuedouble;
    cJSON_Delete(item);
    return number;
}

/* A vertex number of the line, from 1 to the count declared. */
static long long vertex_number(pajek_reader *r, const char *s, size_t len, const load_place *at)
{
    double v;
    if (!number_token(s, len, &v) || v < 1 || v > (double)r->vertices || v != floor(v)) {
        cpg_load_error(r->ctx, at, NULL, "'%.*s' is no vertex: vertices are numbered from 1 to "
                       "%lld (*Vertices)", (int)(len < 100 ? len : 100), s, r->vertices);
        return 0;
    }
    return (long long)v;
}

/* The "key value" pairs to the end of the line, into ATTRS. */
static void read_pairs(pajek_reader *r, cJSON *attrs)
{
    const char *key, *value;
    size_t key_len, value_len;
    bool quoted;
    for (;;) {
        load_place at = token_place(r);
        if (!next_token(r, &key, &key_len, &quoted))
            break;
        if (!next_token(r, &value, &value_len, &quoted)) {
            if (r->unclosed)
                return;
            cpg_load_error(r->ctx, &at, NULL, "'%.*s' has no value: after the coordinates, a "
                           "line holds \"key value\" pairs", (int)(key_len < 100 ? key_len : 100),
                           key);
            return;
        }
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(key_len < 127 ? key_len : 127), key);
        cJSON *item = quoted ? NULL : cpg_text_scalar(value, value_len);
        if (quoted) {
            char *text = strndup(value, value_len);
            item = text ? cJSON_CreateString(text) : NULL;
            free(text);
        }
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, name);
        if (!item || !cJSON_AddItemToObject(attrs, name, item))
            cJSON_Delete(item);
    }
}

/* ---- vertices ---------------------------------------------------------------------------- */

static bool shape_word(const char *s, size_t len)
{
    static const char *const shapes[] = {"ellipse", "box", "diamond", "triangle", "cross",
                                         "empty", "man", "woman", NULL};
    for (const char *const *w = shapes; *w; w++)
        if (strlen(*w) == len && strncasecmp(s, *w, len) == 0)
            return true;
    return false;
}

static void vertex_line(pajek_reader *r)
{
    const char *token;
    size_t len;
    bool quoted;
    load_place at = cpg_text_place(&r->t);
    next_token(r, &token, &len, &quoted);
    long long k = vertex_number(r, token, len, &at);
    if (!k)
        return;
    if (r->ids[k - 1]) {
        cpg_load_error(r->ctx, &at, NULL, "vertex %lld is listed twice (first on line %zu)", k,
                       r->places[k - 1].line);
        return;
    }
    char *label = next_token(r, &token, &len, &quoted) ? strndup(token, len) : NULL;
    if (r->unclosed)
        return;
    cJSON *attrs = cJSON_CreateObject();
    static const char *const axes[] = {"x", "y", "z"};
    size_t axis = 0;
    cpg_text before;
    double v;
    for (before = r->t; axis < 3 && next_token(r, &token, &len, &quoted) && !quoted &&
                        number_token(token, len, &v);
         before = r->t)
        cJSON_AddItemToObject(attrs, axes[axis++], cJSON_CreateNumber(v));
    r->t = before;
    if (next_token(r, &token, &len, &quoted) && !quoted && shape_word(token, len)) {
        char *shape = strndup(token, len);
        cJSON_AddItemToObject(attrs, "shape", cJSON_CreateString(shape ? shape : ""));
        free(shape);
    } else {
        r->t = before;
    }
    read_pairs(r, attrs);
    if (r->first_mode)
        cJSON_AddItemToObject(attrs, "mode", cpg_json_integer(k <= r->first_mode ? 1 : 2));
    if (!label) {
        char number[32];
        snprintf(number, sizeof number, "%lld", k);
        label = strdup(number);
    }
    r->ids[k - 1] = label;
    r->places[k - 1] = at;
    cJSON *id = label ? cJSON_CreateString(label) : NULL;
    if (id && attrs)
        cpg_load_node(r->ctx, id, attrs, NULL, &at);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(id);
    cJSON_Delete(attrs);
}

/* The vertices *Vertices declared but did not list: each is its number. */
static void unlisted_vertices(pajek_reader *r, const load_place *at)
{
    if (r->listed || !r->ids)
        return;
    r->listed = true;
    for (long long k = 1; k <= r->vertices && !r->ctx->out_of_memory; k++) {
        if (r->ids[k - 1])
            continue;
        char number[32];
        snprintf(number, sizeof number, "%lld", k);
        r->ids[k - 1] = strdup(number);
        r->places[k - 1] = *at;
        cJSON *attrs = cJSON_CreateObject(), *id = cJSON_CreateString(number);
        if (r->first_mode)
            cJSON_AddItemToObject(attrs, "mode", cpg_json_integer(k <= r->first_mode ? 1 : 2));
        if (r->ids[k - 1] && attrs && id)
            cpg_load_node(r->ctx, id, attrs, NULL, at);
        else
            cpg_load_out_of_memory(r->ctx);
        cJSON_Delete(id);
        cJSON_Delete(attrs);
    }
}

/* ---- edges ------------------------------------------------------------------------------- */

static void add_edge(pajek_reader *r, long long u, long long v, cJSON *attrs,
                     const load_place *at)
{
    if (r->relation && !cpg_json_has(attrs, "type"))
        cJSON_AddItemToObject(attrs, "type", cJSON_CreateString(r->relation));
    cpg_text_edge(r->ctx, r->ids[u - 1], r->ids[v - 1], attrs, at);
}

static void edge_line(pajek_reader *r)
{
    const char *token;
    size_t len;
    bool quoted;
    load_place at = cpg_text_place(&r->t);
    next_token(r, &token, &len, &quoted);
    long long u = vertex_number(r, token, len, &at);
    load_place second = token_place(r);
    if (u && !next_token(r, &token, &len, &quoted)) {
        cpg_load_error(r->ctx, &second, NULL, "a line of %s holds two vertex numbers, then the "
                       "weight", r->section == PAJEK_ARCS ? "*Arcs" : "*Edges");
        return;
    }
    long long v = u ? vertex_number(r, token, len, &second) : 0;
    if (!v)
        return;
    cJSON *attrs = cJSON_CreateObject();
    cpg_text before = r->t;
    double w;
    if (next_token(r, &token, &len, &quoted) && !quoted && number_token(token, len, &w))
        cJSON_AddItemToObject(attrs, "weight", cpg_text_scalar(token, len));
    else
        r->t = before;
    read_pairs(r, attrs);
    if (attrs)
        add_edge(r, u, v, attrs, &at);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(attrs);
}

/* *Arcslist, *Edgeslist: a vertex, then those it points to. */
static void list_line(pajek_reader *r)
{
    const char *token;
    size_t len;
    bool quoted;
    load_place at = cpg_text_place(&r->t);
    next_token(r, &token, &len, &quoted);
    long long u = vertex_number(r, token, len, &at);
    for (load_place place = token_place(r);
         u && next_token(r, &token, &len, &quoted); place = token_place(r)) {
        long long v = vertex_number(r, token, len, &place);
        cJSON *attrs = cJSON_CreateObject();
        if (v && attrs)
            add_edge(r, u, v, attrs, &place);
        cJSON_Delete(attrs);
    }
}

/* ---- sections ---------------------------------------------------------------------------- */

static bool section_named(const cpg_text *t, const char *name)
{
    cpg_text after = *t;
    after.i++;
    return cpg_text_word_at(&after, name);
}

/* *Vertices N [N1]: the count, and of a two-mode network the first mode's. */
static void vertices_section(pajek_reader *r)
{
    const char *token;
    size_t len;
    bool quoted;
    double n = -1, first = 0;
    load_place at = cpg_text_place(&r->t);
    next_token(r, &token, &len, &quoted);  /* the keyword */
    if (r->ids) {
        cpg_load_error(r->ctx, &at, NULL, "a second *Vertices section");
        return;
    }
    if (next_token(r, &token, &len, &quoted))
        number_token(token, len, &n);
    if (next_token(r, &token, &len, &quoted) && !number_token(token, len, &first))
        first = -1;
    if (n < 0 || n > CPG_IDMAP_MAX_VALUE || n != floor(n) || first < 0 || first > n ||
        first != floor(first)) {
        cpg_load_error(r->ctx, &at, NULL, "*Vertices needs the number of vertices (and, for a "
                       "two-mode network, of the first mode)");
        return;
    }
    r->vertices = (long long)n;
    r->first_mode = (long long)first;
    r->ids = calloc((size_t)r->vertices + 1, sizeof *r->ids);
    r->places = calloc((size_t)r->vertices + 1, sizeof *r->places);
    if (!r->ids || !r->places)
        cpg_load_out_of_memory(r->ctx);
    r->section = PAJEK_VERTICES;
}

/* *Arcs [:k "name"]: a relation of a multi-relational network names the type of its edges. */
static void edges_section(pajek_reader *r, pajek_section section)
{
    const char *token;
    size_t len;
    bool quoted;
    load_place at = cpg_text_place(&r->t);
    bool arcs = section == PAJEK_ARCS || section == PAJEK_ARCSLIST;
    unlisted_vertices(r, &at);
    if (!r->ids) {
        cpg_load_error(r->ctx, &at, NULL, "%s before *Vertices", arcs ? "*Arcs" : "*Edges");
        return;
    }
    if (arcs && !r->arcs)
        r->first_arcs = at;
    if (!arcs && !r->edges)
        r->first_edges = at;
    r->arcs |= arcs;
    r->edges |= !arcs;
    next_token(r, &token, &len, &quoted);
    r->relation = NULL;
    if (next_token(r, &token, &len, &quoted) && token[0] == ':' &&
        next_token(r, &token, &len, &quoted))
        r->relation = cpg_arena_strndup(r->ctx->arena, token, len);
    r->section = section;
}

static void section_line(pajek_reader *r)
{
    static const struct { const char *name; pajek_section section; } sections[] = {
        {"arcslist", PAJEK_ARCSLIST}, {"edgeslist", PAJEK_EDGESLIST}, {"arcs", PAJEK_ARCS},
        {"edges", PAJEK_EDGES}};
    if (section_named(&r->t, "network")) {
        const char *token;
        size_t len;
        bool quoted;
        next_token(r, &token, &len, &quoted);
        cpg_text_skip_spaces(&r->t, true);
        char *name = strndup(r->t.s + r->t.i, r->t.len - r->t.i);
        cJSON *attrs = cJSON_CreateObject();
        if (name && *name && attrs)
            cJSON_AddItemToObject(attrs, "name", cJSON_CreateString(name));
        if (attrs)
            cpg_load_graph_attrs(r->ctx, attrs, NULL);
        free(name);
        cJSON_Delete(attrs);
        return;
    }
    if (section_named(&r->t, "vertices")) {
        vertices_section(r);
        return;
    }
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++)
        if (section_named(&r->t, sections[k].name)) {
            edges_section(r, sections[k].section);
            return;
        }
    load_place at = cpg_text_place(&r->t);
    size_t n = 0;  /* the buffer has no NUL: the section's word ends at white space */
    while (r->t.i + n < r->t.len && !isspace((unsigned char)r->t.s[r->t.i + n]))
        n++;
    cpg_load_error(r->ctx, &at, NULL, "the section %.*s is not read (cpecgraph reads *Network, "
                   "*Vertices, *Arcs, *Edges, *Arcslist and *Edgeslist)",
                   (int)(n < 40 ? n : 40), r->t.s + r->t.i);
    r->section = PAJEK_NONE;
}

static void pajek_line(pajek_reader *r, bool *skipping)
{
    r->unclosed = false;
    cpg_text_skip_spaces(&r->t, true);
    if (cpg_text_end(&r->t) || cpg_text_peek(&r->t) == '%')
        return;  /* a blank line or a comment */
    if (cpg_text_peek(&r->t) == '*') {
        *skipping = false;
        section_line(r);
        *skipping = r->section == PAJEK_NONE;
        return;
    }
    if (*skipping)
        return;  /* the lines of a section reported as not read */
    if (r->section == PAJEK_VERTICES && r->ids && !r->listed)
        vertex_line(r);
    else if (r->section == PAJEK_ARCS || r->section == PAJEK_EDGES)
        edge_line(r);
    else if (r->section == PAJEK_ARCSLIST || r->section == PAJEK_EDGESLIST)
        list_line(r);
    else if (r->section == PAJEK_NONE) {
        load_place at = cpg_text_place(&r->t);
        cpg_load_error(r->ctx, &at, NULL, "a line outside any section: a Pajek file begins "
                       "with *Vertices N");
        *skipping = true;
    }
}

static void pajek_read(load_ctx *ctx, const char *buf, size_t len)
{
    if (cpg_text_refuse_nul(ctx, buf, len, "a Pajek file"))
        return;
    pajek_reader r = {.ctx = ctx, .t = cpg_text_open(buf, len)};
    bool skipping = false;
    for (size_t start = r.t.i, line = 1; start < len && !ctx->out_of_memory; line++) {
        const char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len, stop = end;
        while (stop > start && buf[stop - 1] == '\r')
            stop--;
        r.t = (cpg_text){buf, stop, start, line, start};
        pajek_line(&r, &skipping);
        start = end + 1;
    }
    load_place end = cpg_text_place(&r.t);
    unlisted_vertices(&r, &end);
    if (!r.ids && !ctx->out_of_memory && ctx->diags->error_count == ctx->errors_before)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "no *Vertices section: a Pajek file begins with *Vertices N");
    ctx->directed = r.arcs;
    if (r.arcs && r.edges)
        cpg_load_error(ctx, r.first_arcs.line > r.first_edges.line ? &r.first_arcs
                                                                   : &r.first_edges, NULL,
                       "*Arcs and *Edges in one network: mixed graphs are not supported (make "
                       "the edges arcs both ways, or the arcs edges)");
    for (long long k = 0; r.ids && k < r.vertices; k++)
        free(r.ids[k]);
    free(r.ids);
    free(r.places);
}

static bool pajek_sniff(const char *buf, size_t len)
{
    static const char *const sections[] = {"vertices", "network", NULL};
    cpg_text t = cpg_text_window(buf, len, 4096);
    cpg_text_skip_comments(&t, '%', false);
    for (const char *const *s = sections; *s; s++)
        if (cpg_text_peek(&t) == '*' && section_named(&t, *s))
            return true;
    return false;
}

const cpg_reader cpg_reader_pajek = {
    .name = "pajek", .title = "a Pajek .net file", .suffixes = {".net", ".paj"},
    .sniff = pajek_sniff, .read = pajek_read, .by_line = true,
};
