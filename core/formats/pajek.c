/* pajek.c: Pajek's .net files: *Vertices (a line per vertex: its number, label, coordinates,
 * shape, then "key value" pairs), then *Arcs (directed) or *Edges (undirected) and their list
 * forms *Arcslist / *Edgeslist, with weights and pairs. As NetworkX reads Pajek, a vertex's
 * label is its id (the number when it has none): the number only names it in the edges, and a
 * "caption", where cpecgraph's export puts the label the id displaced, is its label. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"
#include "readers.h"
#include "text.h"

/* A file may declare vertices it does not list (each is then named by its number), but not
 * more than this, or this many a byte: a line of 20 bytes must not cost a gigabyte. */
#define PAJEK_FREE_VERTICES 10000
#define PAJEK_VERTICES_PER_BYTE 16

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
    size_t file_len;           /* bytes: what bounds the vertices a file may declare */
    load_place first_arcs, first_edges;
} pajek_reader;

/* ---- tokens ------------------------------------------------------------------------------ */

/* A word, or a "quoted" string (Pajek has no escapes), and where it begins. */
typedef struct pajek_token {
    const char *s;
    size_t len;
    bool quoted;
    load_place at;
} pajek_token;

/* The next token of the line in *TOKEN; false at the end of the line, or after a quote that is
 * not closed (reported once). */
static bool next_token(pajek_reader *r, pajek_token *token)
{
    cpg_text_skip_spaces(&r->t, true);
    token->at = cpg_text_place(&r->t);
    token->s = r->t.s + r->t.i;
    token->len = 0;
    if (cpg_text_end(&r->t))
        return false;
    token->quoted = cpg_text_peek(&r->t) == '"';
    if (token->quoted)
        cpg_text_next(&r->t);
    size_t start = r->t.i;
    while (!cpg_text_end(&r->t) && (token->quoted ? cpg_text_peek(&r->t) != '"'
                                                  : !isspace((unsigned char)cpg_text_peek(&r->t))))
        cpg_text_next(&r->t);
    token->s = r->t.s + start;
    token->len = r->t.i - start;
    if (token->quoted && cpg_text_end(&r->t)) {
        if (!r->unclosed)
            cpg_load_error(r->ctx, &token->at, NULL, "a quoted string is not closed");
        r->unclosed = true;
        return false;
    }
    if (token->quoted)
        cpg_text_next(&r->t);
    return true;
}

/* A token's text, for messages: at most 100 bytes of it. */
#define TOKEN_SHOWN(token) (int)((token)->len < 100 ? (token)->len : 100), (token)->s

static bool number_token(const pajek_token *token, double *value)
{
    if (token->quoted)
        return false;
    cJSON *item = cpg_text_scalar(token->s, token->len);
    bool number = cJSON_IsNumber(item);
    if (number)
        *value = item->valuedouble;
    cJSON_Delete(item);
    return number;
}

/* A token's value: a string when quoted, else a number when it is one, else its text. */
static cJSON *token_value(const pajek_token *token)
{
    if (!token->quoted)
        return cpg_text_scalar(token->s, token->len);
    char *text = strndup(token->s, token->len);
    cJSON *item = text ? cJSON_CreateString(text) : NULL;
    free(text);
    return item;
}

/* The next token, a vertex number from 1 to the count declared; 0 after an error. */
static long long next_vertex(pajek_reader *r, const char *missing)
{
    pajek_token token;
    double v;
    if (!next_token(r, &token)) {
        if (!r->unclosed)
            cpg_load_error(r->ctx, &token.at, NULL, "%s", missing);
        return 0;
    }
    if (!number_token(&token, &v) || v < 1 || v > (double)r->vertices || v != floor(v)) {
        cpg_load_error(r->ctx, &token.at, NULL, "'%.*s' is no vertex: vertices are numbered "
                       "from 1 to %lld (*Vertices)", TOKEN_SHOWN(&token), r->vertices);
        return 0;
    }
    return (long long)v;
}

/* The "key value" pairs to the end of the line, into ATTRS. */
static void read_pairs(pajek_reader *r, cJSON *attrs)
{
    pajek_token key, value;
    while (next_token(r, &key)) {
        if (!next_token(r, &value)) {
            if (!r->unclosed)
                cpg_load_error(r->ctx, &key.at, NULL, "'%.*s' has no value: after the "
                               "coordinates, a line holds \"key value\" pairs", TOKEN_SHOWN(&key));
            return;
        }
        const char *name = cpg_arena_strndup(r->ctx->arena, key.s, key.len);
        if (name && r->section == PAJEK_VERTICES && strcmp(name, "caption") == 0)
            name = "label";  /* the label the id displaced, as cpecgraph exports it */
        if (!name)
            cpg_load_out_of_memory(r->ctx);
        if (!name || !cpg_text_set(r->ctx, attrs, name, token_value(&value)))
            return;
    }
}

/* ---- vertices ---------------------------------------------------------------------------- */

static bool shape_word(const pajek_token *token)
{
    static const char *const shapes[] = {"ellipse", "box", "diamond", "triangle", "cross",
                                         "empty", "man", "woman", NULL};
    for (const char *const *w = shapes; *w && !token->quoted; w++)
        if (strlen(*w) == token->len && strncasecmp(token->s, *w, token->len) == 0)
            return true;
    return false;
}

/* Vertex K as a node named ID (taken), with ATTRS (or none) and, in a two-mode network, its
 * mode. */
static void make_vertex(pajek_reader *r, long long k, char *id, cJSON *attrs,
                        const load_place *at)
{
    char number[32];
    snprintf(number, sizeof number, "%lld", k);
    r->ids[k - 1] = id ? id : strdup(number);
    r->places[k - 1] = *at;
    if (r->first_mode &&
        !cpg_text_set(r->ctx, attrs, "mode", cpg_json_integer(k <= r->first_mode ? 1 : 2)))
        return;
    cJSON *item = r->ids[k - 1] ? cJSON_CreateString(r->ids[k - 1]) : NULL;
    if (item && attrs)
        cpg_load_node(r->ctx, item, attrs, NULL, at);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(item);
}

/* After the label: up to three coordinates, then a shape, each optional. */
static void vertex_position(pajek_reader *r, cJSON *attrs)
{
    static const char *const axes[] = {"x", "y", "z"};
    pajek_token token;
    double v;
    cpg_text before = r->t;
    for (size_t axis = 0; axis < 3 && next_token(r, &token) && number_token(&token, &v);
         axis++, before = r->t)
        if (!cpg_text_set(r->ctx, attrs, axes[axis], cJSON_CreateNumber(v)))
            return;
    r->t = before;
    if (next_token(r, &token) && shape_word(&token))
        cpg_text_set(r->ctx, attrs, "shape", token_value(&token));
    else
        r->t = before;
}

static void vertex_line(pajek_reader *r)
{
    load_place at = cpg_text_place(&r->t);
    long long k = next_vertex(r, "a vertex line begins with the vertex's number");
    if (!k)
        return;
    if (r->ids[k - 1]) {
        cpg_load_error(r->ctx, &at, NULL, "vertex %lld is listed twice (first on line %zu)", k,
                       r->places[k - 1].line);
        return;
    }
    pajek_token label;
    bool labelled = next_token(r, &label);
    char *id = labelled ? strndup(label.s, label.len) : NULL;
    cJSON *attrs = cJSON_CreateObject();
    if (attrs && !r->unclosed) {
        vertex_position(r, attrs);
        read_pairs(r, attrs);
    }
    if ((labelled && !id) || !attrs)
        cpg_load_out_of_memory(r->ctx);
    else if (!r->unclosed)
        make_vertex(r, k, id, attrs, &at);
    if (r->ids[k - 1] != id)
        free(id);
    cJSON_Delete(attrs);
}

/* The vertices *Vertices declared but did not list (or whose line was broken): each is its
 * number. */
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
        if (cpg_idmap_get(&r->ctx->file_ids, number) >= 0) {
            cpg_load_error(r->ctx, at, NULL, "vertex %lld is not listed, so its id is its "
                           "number, %lld, which another vertex's label already is: list it "
                           "with a label of its own", k, k);
            continue;
        }
        cJSON *attrs = cJSON_CreateObject();
        make_vertex(r, k, NULL, attrs, at);
        cJSON_Delete(attrs);
    }
}

/* ---- edges ------------------------------------------------------------------------------- */

static void add_edge(pajek_reader *r, long long u, long long v, cJSON *attrs,
                     const load_place *at)
{
    if (!r->ids[u - 1] || !r->ids[v - 1])
        return;  /* a vertex that could not be named, reported */
    if (r->relation && !cpg_json_has(attrs, "type") &&
        !cpg_text_set(r->ctx, attrs, "type", cJSON_CreateString(r->relation)))
        return;
    cpg_text_edge(r->ctx, r->ids[u - 1], r->ids[v - 1], attrs, at);
}

static void edge_line(pajek_reader *r)
{
    load_place at = cpg_text_place(&r->t);
    long long u = next_vertex(r, "an edge line begins with the vertex's number");
    long long v = u ? next_vertex(r, r->section == PAJEK_ARCS
                                         ? "a line of *Arcs holds two vertex numbers, then "
                                           "the weight"
                                         : "a line of *Edges holds two vertex numbers, then "
                                           "the weight")
                    : 0;
    if (!v)
        return;
    cJSON *attrs = cJSON_CreateObject();
    cpg_text before = r->t;
    pajek_token weight;
    double w;
    if (attrs && next_token(r, &weight) && number_token(&weight, &w))
        cpg_text_set(r->ctx, attrs, "weight", token_value(&weight));
    else
        r->t = before;
    if (attrs)
        read_pairs(r, attrs);
    if (attrs && !r->unclosed && !r->ctx->out_of_memory)
        add_edge(r, u, v, attrs, &at);
    else if (!attrs)
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(attrs);
}

/* *Arcslist, *Edgeslist: a vertex, then those it points to. */
static void list_line(pajek_reader *r)
{
    long long u = next_vertex(r, "a list line begins with the vertex's number");
    cpg_text_skip_spaces(&r->t, true);
    for (load_place at = cpg_text_place(&r->t); u && !cpg_text_end(&r->t);
         at = cpg_text_place(&r->t)) {
        long long v = next_vertex(r, "");
        cJSON *attrs = v ? cJSON_CreateObject() : NULL;
        if (attrs)
            add_edge(r, u, v, attrs, &at);
        else if (v)
            cpg_load_out_of_memory(r->ctx);
        cJSON_Delete(attrs);
        if (!v)
            return;
        cpg_text_skip_spaces(&r->t, true);
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
    pajek_token token;
    double n = -1, first = 0;
    load_place at = cpg_text_place(&r->t);
    next_token(r, &token);  /* the keyword */
    if (r->ids) {
        cpg_load_error(r->ctx, &at, NULL, "a second *Vertices section");
        return;
    }
    if (next_token(r, &token))
        number_token(&token, &n);
    if (next_token(r, &token) && !number_token(&token, &first))
        first = -1;
    if (n < 0 || n > CPG_IDMAP_MAX_VALUE || n != floor(n) || first < 0 || first > n ||
        first != floor(first)) {
        cpg_load_error(r->ctx, &at, NULL, "*Vertices needs the number of vertices (and, for a "
                       "two-mode network, of the first mode)");
        return;
    }
    if (n > PAJEK_FREE_VERTICES && n > PAJEK_VERTICES_PER_BYTE * (double)r->file_len) {
        cpg_load_error(r->ctx, &at, NULL, "*Vertices %.0f: more vertices than a file of %zu "
                       "bytes can hold (beyond %d, at most %d a byte)", n, r->file_len,
                       PAJEK_FREE_VERTICES, PAJEK_VERTICES_PER_BYTE);
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
    pajek_token token;
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
    next_token(r, &token);  /* the keyword */
    r->relation = NULL;
    if (next_token(r, &token) && token.s[0] == ':' && next_token(r, &token))
        r->relation = cpg_arena_strndup(r->ctx->arena, token.s, token.len);
    r->section = section;
}

/* *Network NAME: the graph's name (quoted or not). */
static void network_section(pajek_reader *r)
{
    pajek_token keyword, name;
    next_token(r, &keyword);
    cpg_text_skip_spaces(&r->t, true);
    size_t start = r->t.i, end = r->t.len;
    while (end > start && isspace((unsigned char)r->t.s[end - 1]))
        end--;
    if (end - start >= 2 && r->t.s[start] == '"' && r->t.s[end - 1] == '"') {
        start++;
        end--;
    }
    name = (pajek_token){.s = r->t.s + start, .len = end - start, .quoted = true};
    cJSON *attrs = cJSON_CreateObject();
    if (name.len && cpg_text_set(r->ctx, attrs, "name", token_value(&name)))
        cpg_load_graph_attrs(r->ctx, attrs, NULL);
    else if (!attrs)
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(attrs);
}

static void section_line(pajek_reader *r)
{
    static const struct { const char *name; pajek_section section; } sections[] = {
        {"arcslist", PAJEK_ARCSLIST}, {"edgeslist", PAJEK_EDGESLIST}, {"arcs", PAJEK_ARCS},
        {"edges", PAJEK_EDGES}};
    if (section_named(&r->t, "network")) {
        network_section(r);
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
        bool network = section_named(&r->t, "network");
        *skipping = false;
        section_line(r);
        *skipping = r->section == PAJEK_NONE && !network;  /* a section not read */
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
    if (cpg_text_refuse_bad_text(ctx, buf, len, "a Pajek file"))
        return;
    pajek_reader r = {.ctx = ctx, .t = cpg_text_open(buf, len), .file_len = len};
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
