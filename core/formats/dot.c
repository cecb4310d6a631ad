/* dot.c: Graphviz DOT, parsed by Graphviz's own libcgraph: nodes and edges with their
 * attributes (those set by default statements too), digraph or graph, strict or not; the
 * named subgraphs a node is in are its "subgraphs" (outermost first), the innermost cluster
 * its "cluster". cgraph's warnings (a badly delimited number split in two) are errors: the
 * graph it then builds is not the one the file meant. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>

#include "cpecgraph/json.h"
#include "readers.h"
#include "text.h"

/* ---- reading and messages ---------------------------------------------------------------- */

typedef struct dot_source {
    const char *buf;
    size_t len, pos;
} dot_source;

/* A line at a time, as cgraph's own reader of memory hands the lexer its input. */
static int dot_afread(void *chan, char *buf, int bufsize)
{
    dot_source *src = chan;
    size_t n = 0;
    while (src->pos < src->len && n + 1 < (size_t)bufsize) {
        char c = src->buf[src->pos++];
        buf[n++] = c;
        if (c == '\n')
            break;
    }
    return (int)n;
}

static int dot_putstr(void *chan, const char *str)
{
    (void)chan;
    (void)str;
    return 0;
}

static int dot_flush(void *chan)
{
    (void)chan;
    return 0;
}

static Agiodisc_t dot_io = {dot_afread, dot_putstr, dot_flush};

/* cgraph reports through one callback of the process, in pieces ("Error", ": ", the message):
 * the load it is reading for, and the message so far. */
static load_ctx *reporting;
static char message[512];
static size_t message_len;

/* "Error: syntax error in line 3 near 'x'": the message without its kind, its place apart. */
static void report_message(void)
{
    message[message_len] = '\0';
    message_len = 0;
    char *text = message;
    if (strncmp(text, "Error: ", 7) == 0 || strncmp(text, "Warning: ", 9) == 0)
        text = strchr(text, ' ') + 1;
    if (strncmp(text, "<stdin>: ", 9) == 0)
        text += 9;
    text[strcspn(text, "\n")] = '\0';
    size_t line = 0;
    char *at = strstr(text, " in line ");
    if (at) {
        char *end;
        line = strtoul(at + 9, &end, 10);
        if (strncmp(end, " of input", 9) == 0)
            end += 9;
        memmove(at, end, strlen(end) + 1);
    }
    if (*text && reporting)
        cpg_diags_add(reporting->diags, CPG_ERROR, reporting->name, line, 0, NULL, "%s", text);
}

static int dot_message(char *piece)
{
    size_t n = strlen(piece);
    if (n > sizeof message - 1 - message_len)
        n = sizeof message - 1 - message_len;
    memcpy(message + message_len, piece, n);
    message_len += n;
    if (message_len && message[message_len - 1] == '\n')
        report_message();
    return 0;
}

/* ---- values ------------------------------------------------------------------------------ */

/* A label of OBJ (of KIND) with Graphviz's escapes for names expanded, as Graphviz draws
 * it: \N the node's name, \G the graph's, \E an edge's (tail->head), \T and \H its ends. */
static cJSON *expanded_label(Agraph_t *g, void *obj, int kind, const char *text)
{
    size_t cap = strlen(text) + 1, n = 0;
    char *out = malloc(cap);
    for (const char *p = text; out && *p; p++) {
        char tail[2 * 512 + 3];
        const char *name = NULL;
        if (p[0] == '\\' && p[1]) {
            char e = p[1];
            name = e == 'G' ? agnameof(g)
                   : e == 'N' && kind == AGNODE ? agnameof(obj)
                   : e == 'T' && kind == AGEDGE ? agnameof(agtail((Agedge_t *)obj))
                   : e == 'H' && kind == AGEDGE ? agnameof(aghead((Agedge_t *)obj))
                   : NULL;
            if (e == 'E' && kind == AGEDGE) {
                snprintf(tail, sizeof tail, "%.512s->%.512s", agnameof(agtail((Agedge_t *)obj)),
                         agnameof(aghead((Agedge_t *)obj)));
                name = tail;
            }
        }
        const char *piece = name ? name : p;
        size_t len = name ? strlen(name) : 1;
        if (n + len + 1 > cap) {
            char *bigger = realloc(out, cap = 2 * (n + len + 1));
            if (!bigger)
                free(out);
            out = bigger;
        }
        if (out)
            memcpy(out + n, piece, len);
        n += len;
        p += name != NULL;
    }
    cJSON *item = NULL;
    if (out) {
        out[n] = '\0';
        item = cJSON_CreateString(out);
    }
    free(out);
    return item;
}

/* The attributes of OBJ of KIND that have a value: DOT's values are text, and one that is a
 * number as JSON writes it (a weight) is read as the number. A node's label "\N", which
 * Graphviz and pygraphviz write as every node's default, is its name: not kept. */
static cJSON *object_attrs(load_ctx *ctx, Agraph_t *g, void *obj, int kind)
{
    cJSON *attrs = cJSON_CreateObject();
    if (!attrs)
        cpg_load_out_of_memory(ctx);
    for (Agsym_t *sym = agnxtattr(g, kind, NULL); attrs && sym; sym = agnxtattr(g, kind, sym)) {
        const char *value = agxget(obj, sym);
        bool label = strcmp(sym->name, "label") == 0 || strcmp(sym->name, "xlabel") == 0;
        if (!value || !*value || (label && kind == AGNODE && strcmp(value, "\\N") == 0))
            continue;
        cJSON *item = label && strchr(value, '\\') ? expanded_label(g, obj, kind, value)
                                                    : cpg_text_scalar(value, strlen(value));
        if (!cpg_text_add(ctx, attrs, sym->name, item))  /* symbols are unique */
            break;
    }
    return attrs;
}

/* Whether a subgraph was named in the file: cgraph names anonymous ones "%N". */
static bool named_subgraph(Agraph_t *sub)
{
    const char *name = agnameof(sub);
    return name && name[0] != '%';
}

/* The named subgraphs below G that hold node N, outermost first, into LIST; the innermost
 * cluster's name into *CLUSTER. */
static void node_subgraphs(load_ctx *ctx, Agraph_t *g, Agnode_t *n, cJSON *list,
                           const char **cluster)
{
    for (Agraph_t *sub = agfstsubg(g); sub && !ctx->out_of_memory; sub = agnxtsubg(sub)) {
        if (!agsubnode(sub, n, 0))
            continue;
        if (named_subgraph(sub)) {
            cpg_text_append(ctx, list, cJSON_CreateString(agnameof(sub)));
            if (strncmp(agnameof(sub), "cluster", 7) == 0)
                *cluster = agnameof(sub);
        }
        node_subgraphs(ctx, sub, n, list, cluster);
    }
}

/* ---- the graph --------------------------------------------------------------------------- */

static void take_graph_attrs(load_ctx *ctx, Agraph_t *g)
{
    cJSON *attrs = object_attrs(ctx, g, g, AGRAPH);
    if (attrs && named_subgraph(g) && !cpg_json_has(attrs, "name"))
        cpg_text_set(ctx, attrs, "name", cJSON_CreateString(agnameof(g)));
    if (attrs && !ctx->out_of_memory)
        cpg_load_graph_attrs(ctx, attrs, NULL);
    cJSON_Delete(attrs);
}

/* The subgraphs of node N, and its cluster, as attributes; an attribute of the file with
 * either name would be lost, which is an error. */
static void add_subgraphs(load_ctx *ctx, Agraph_t *g, Agnode_t *n, cJSON *attrs,
                          const load_place *at)
{
    cJSON *subgraphs = cJSON_CreateArray();
    const char *cluster = NULL;
    if (subgraphs)
        node_subgraphs(ctx, g, n, subgraphs, &cluster);
    if (cJSON_GetArraySize(subgraphs) == 0 || ctx->out_of_memory) {
        cJSON_Delete(subgraphs);
        return;
    }
    const char *taken = cpg_json_has(attrs, "subgraphs") ? "subgraphs"
                        : cluster && cpg_json_has(attrs, "cluster") ? "cluster" : NULL;
    if (taken) {
        cpg_load_error(ctx, at, NULL, "node '%.100s' has an attribute '%s', which the DOT reader "
                       "gives the subgraphs it is in: rename it", agnameof(n), taken);
        cJSON_Delete(subgraphs);
        return;
    }
    if (cpg_text_set(ctx, attrs, "subgraphs", subgraphs) && cluster)
        cpg_text_set(ctx, attrs, "cluster", cJSON_CreateString(cluster));
}

static void take_node(load_ctx *ctx, Agraph_t *g, Agnode_t *n, const load_place *at)
{
    cJSON *attrs = object_attrs(ctx, g, n, AGNODE);
    if (attrs)
        add_subgraphs(ctx, g, n, attrs, at);
    cJSON *id = cJSON_CreateString(agnameof(n));
    if (attrs && id && !ctx->out_of_memory)
        cpg_load_node(ctx, id, attrs, NULL, at);
    else if (!id)
        cpg_load_out_of_memory(ctx);
    cJSON_Delete(id);
    cJSON_Delete(attrs);
}

static int by_sequence(const void *a, const void *b)
{
    Agedge_t *const *x = a, *const *y = b;
    return AGSEQ(*x) < AGSEQ(*y) ? -1 : AGSEQ(*x) > AGSEQ(*y);
}

/* The edges in the order the file gave them (cgraph keeps them per node). */
static void take_edges(load_ctx *ctx, Agraph_t *g, const load_place *at)
{
    size_t count = (size_t)agnedges(g), k = 0;
    Agedge_t **edges = malloc((count + 1) * sizeof *edges);
    if (!edges) {
        cpg_load_out_of_memory(ctx);
        return;
    }
    for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
        for (Agedge_t *e = agfstout(g, n); e && k < count; e = agnxtout(g, e))
            edges[k++] = e;
    qsort(edges, k, sizeof *edges, by_sequence);
    for (size_t i = 0; i < k && !ctx->out_of_memory; i++) {
        cJSON *attrs = object_attrs(ctx, g, edges[i], AGEDGE);
        const char *key = agnameof(edges[i]);  /* cgraph keeps an edge's key as its name */
        if (attrs && key && *key && key[0] != '%' && !cpg_json_has(attrs, "key"))
            cpg_text_add(ctx, attrs, "key", cpg_text_scalar(key, strlen(key)));
        cJSON *source = cJSON_CreateString(agnameof(agtail(edges[i])));
        cJSON *target = cJSON_CreateString(agnameof(aghead(edges[i])));
        if (attrs && source && target)
            cpg_load_edge(ctx, source, target, attrs, at);
        else
            cpg_load_out_of_memory(ctx);
        cJSON_Delete(source);
        cJSON_Delete(target);
        cJSON_Delete(attrs);
    }
    free(edges);
}

static void take_graph(load_ctx *ctx, Agraph_t *g)
{
    load_place at = {.text = true};  /* cgraph keeps no places: the file is the place */
    ctx->directed = agisdirected(g);
    ctx->multigraph = !agisstrict(g);
    take_graph_attrs(ctx, g);
    for (Agnode_t *n = agfstnode(g); n && !ctx->out_of_memory; n = agnxtnode(g, n))
        take_node(ctx, g, n, &at);
    take_edges(ctx, g, &at);
}

static void dot_read(load_ctx *ctx, const char *buf, size_t len)
{
    if (cpg_text_refuse_bad_text(ctx, buf, len, "a DOT file"))
        return;
    cpg_text t = cpg_text_open(buf, len);  /* past a byte order mark, which cgraph refuses */
    dot_source src = {buf + t.i, len - t.i, 0};
    Agdisc_t disc = {&AgMemDisc, &AgIdDisc, &dot_io};
    size_t errors = ctx->diags->error_count;
    reporting = ctx;
    agerrlevel_t level = agseterr(AGWARN);
    agusererrf previous = agseterrf(dot_message);
    agreadline(1);
    Agraph_t *g = agread(&src, &disc);
    Agraph_t *more = g ? agread(&src, &disc) : NULL;
    if (message_len)
        report_message();
    agseterrf(previous);
    agseterr(level);
    reporting = NULL;
    if (!g && ctx->diags->error_count == errors)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "no graph: a DOT file holds graph { ... } or digraph { ... }");
    else if (more)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "more than one graph in the file: give each its own file");
    else if (g && ctx->diags->error_count == errors)
        take_graph(ctx, g);
    if (more)
        agclose(more);
    if (g)
        agclose(g);
}

/* ---- sniffing ---------------------------------------------------------------------------- */

/* [strict] (graph | digraph) [ID] '{', after comments and '#' lines. */
static bool dot_sniff(const char *buf, size_t len)
{
    cpg_text t = cpg_text_window(buf, len, 4096);
    cpg_text_skip_comments(&t, '#', true);
    if (cpg_text_word_at(&t, "strict")) {
        t.i += 6;
        cpg_text_skip_comments(&t, '#', true);
    }
    if (cpg_text_word_at(&t, "graph"))
        t.i += 5;
    else if (cpg_text_word_at(&t, "digraph"))
        t.i += 7;
    else
        return false;
    cpg_text_skip_comments(&t, '#', true);
    while (!cpg_text_end(&t) && cpg_text_peek(&t) != '{' && cpg_text_peek(&t) != '\n' &&
           cpg_text_peek(&t) != '[')
        t.i++;  /* the graph's name, quoted or not */
    return cpg_text_peek(&t) == '{';
}

const cpg_reader cpg_reader_dot = {
    .name = "dot", .title = "a Graphviz DOT file", .suffixes = {".dot", ".gv"},
    .sniff = dot_sniff, .read = dot_read, .by_line = true,
};
