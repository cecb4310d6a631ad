/* loader.c: graph files -> graph model: reading, telling the format, handing the file to its
 * reader (readers.h), then applying a checked file to the graph. Every reader feeds the intake
 * (intake.c); nothing touches the graph until the whole file has been read without error. */
#include "cpecgraph/loader.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpecgraph/json.h"
#include "cpecgraph/merge.h"
#include "graph_internal.h"
#include "intake.h"
#include "lines.h"
#include "readers.h"
#include "text.h"

static const load_place top_place = {0}, text_place = {.text = true};

/* ---- applying --------------------------------------------------------------------------- */

/* The rules of merges, from --on-conflict and --name (cpg_load_merge_rules). */
static cpg_on_conflict merge_rule = CPG_CONFLICT_LAST;
static const char *merge_name;

void cpg_load_merge_rules(cpg_on_conflict rule, const char *name)
{
    merge_rule = rule;
    merge_name = name;
}

/* "a.json", or "one of a.json, b.json": the files element V of D came from before this one
 * (V < 0: the graph itself), one of which gave the value a later one contradicts. */
static void earlier_files(const cpg_graph *g, cpg_domain d, igraph_integer_t v, char *buf,
                          size_t size)
{
    size_t positions[8], n = v >= 0 ? cpg_graph_sources_of(g, d, v, positions, 8)
                                    : cpg_graph_source_count(g), len = 0;
    if (n == 0) {
        snprintf(buf, size, "an earlier file");
        return;
    }
    len += (size_t)snprintf(buf, size, "%s", n > 1 ? "one of " : "");
    for (size_t k = 0; k < n && k < 8 && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "",
                                cpg_graph_source(g, v >= 0 ? positions[k] : k));
    if (n > 8 && len < size)
        snprintf(buf + len, size - len, " and %zu more", n - 8);
}

/* Reports at AT that WHAT's attribute NAME is given NEW where an earlier file (of element V of
 * D) gave OLD: a note shown without -v, or an error under --on-conflict error. */
static void report_conflict(load_ctx *ctx, const cpg_graph *g, const load_place *at,
                            const char *what, const char *name, const char *old,
                            const char *new, cpg_domain d, igraph_integer_t v)
{
    char pointer[256], files[512];
    earlier_files(g, d, v, files, sizeof files);
    cpg_load_pointer(at, NULL, pointer, sizeof pointer);
    if (merge_rule == CPG_CONFLICT_ERROR)
        cpg_load_error(ctx, at, NULL, "%s: '%s' is %s here but %s in %s (--on-conflict error)",
                       what, name, new, old, files);
    else
        cpg_diags_add(ctx->diags, CPG_NOTICE, ctx->name, at->line, 0, pointer,
                      "%s: '%s' is %s here but %s in %s; %s (--on-conflict %s)", what, name,
                      new, old, files, cpg_merge_outcome(merge_rule), cpg_on_conflict_name(merge_rule));
}

/* Moves every member of SRC, the graph attributes of this file, into DST, those of the graph;
 * one that contradicts the graph's is settled by the merge rule (REPORT_ONLY: only reported,
 * nothing moves). The name that --name gives is not contradicted. */
static cpg_status merge_graph_attrs(load_ctx *ctx, const cpg_graph *g, cJSON *dst, cJSON *src,
                                    bool report_only)
{
    cpg_json_names held;  /* DST by name: it may hold 160k */
    cpg_status status = cpg_json_names_init(&held, dst) ? CPG_OK : CPG_ENOMEM;
    for (cJSON *item = src->child, *next; item && status == CPG_OK; item = next) {
        next = item->next;
        cJSON *old = (cJSON *)cpg_json_names_get(&held, item->string);
        bool named = merge_name && strcmp(item->string, "name") == 0;
        if (old && !named && !cJSON_Compare(old, item, true)) {
            char *a = cpg_json_print(old, false), *b = cpg_json_print(item, false);
            if (a && b)
                report_conflict(ctx, g, &top_place, "the graph", item->string, a, b, CPG_NODES,
                                -1);
            status = a && b ? CPG_OK : CPG_ENOMEM;
            free(a);
            free(b);
        }
        if (report_only || status != CPG_OK || (old && merge_rule == CPG_CONFLICT_FIRST))
            continue;
        cJSON_DetachItemViaPointer(src, item);
        if (old && merge_rule == CPG_CONFLICT_LIST && !cJSON_Compare(old, item, true)) {
            cJSON *list = cJSON_CreateArray();
            if (!list) {
                cJSON_Delete(item);
                status = CPG_ENOMEM;
                continue;
            }
            list->string = item->string;  /* the key moves to the list: joining may free ITEM */
            item->string = NULL;
            cpg_merge_join_json(list, cJSON_Duplicate(old, true));
            cpg_merge_join_json(list, item);
            item = list;
        }
        char *name = item->string;  /* the item keeps it when it is put in an old one's place */
        if (!name || !cpg_json_names_set(&held, dst, name, item))
            status = CPG_ENOMEM;
    }
    cpg_json_names_free(&held);
    return status;
}

/* Node V of the graph, which an earlier file made a stub for (-O stubs=true: stub = true), is
 * no stub once record I of this file declares it, unless that is a stub too. */
static cpg_status unstub(load_ctx *ctx, cpg_attrs *dst, igraph_integer_t i, igraph_integer_t v)
{
    cpg_column *was = cpg_attrs_find(dst, "stub");
    const cpg_column *is = cpg_attrs_find(ctx->node_attrs, "stub");
    cpg_value old = was ? cpg_column_get(was, (size_t)v) : (cpg_value){0};
    if (old.type != CPG_VBOOL || !old.u.b ||
        (is && cpg_column_get(is, (size_t)i).type != CPG_VNONE))
        return CPG_OK;
    return cpg_attrs_set(dst, was, (size_t)v, &(cpg_value){0});
}

/* Reports the conflicts of value VALUE of column NAME of node record I with vertex V's OLD. */
static cpg_status note_node_conflict(load_ctx *ctx, const cpg_graph *g, igraph_integer_t i,
                                     igraph_integer_t v, const char *name, const cpg_value *old,
                                     const cpg_value *value)
{
    char what[200], a[160], b[160];
    snprintf(what, sizeof what, "node '%.150s'", ctx->ids[i]);
    cpg_merge_value_text(g, old, a, sizeof a);
    cpg_merge_value_text(g, value, b, sizeof b);
    report_conflict(ctx, g, &ctx->node_places[i], what, name, a, b, CPG_NODES, v);
    return CPG_OK;
}

/* Stores the values of node record I in vertex V of G, which an earlier file declared, each
 * one that contradicts the graph's settled by the merge rule and reported (REPORT_ONLY: only
 * reported, nothing changes). */
static cpg_status merge_node(load_ctx *ctx, cpg_graph *g, igraph_integer_t i, igraph_integer_t v,
                             bool report_only)
{
    cpg_attrs *dst = cpg_graph_table(g, CPG_NODES);
    for (size_t k = 0; k < cpg_attrs_column_count(ctx->node_attrs); k++) {
        const cpg_column *from = cpg_attrs_column_at(ctx->node_attrs, k);
        cpg_value value = cpg_column_get(from, (size_t)i), kept;
        if (value.type == CPG_VNONE)
            continue;
        const char *name = cpg_column_name(from);
        const cpg_column *had = cpg_attrs_find(dst, name);
        cpg_value old = had ? cpg_column_get(had, (size_t)v) : (cpg_value){0};
        bool conflict;
        cpg_status status = cpg_merge_settle(g, merge_rule, name, &old, &value, &kept, &conflict);
        if (status == CPG_OK && conflict)
            status = note_node_conflict(ctx, g, i, v, name, &old, &value);
        if (status != CPG_OK)
            return status;
        if (report_only)
            continue;
        cpg_column *to = cpg_attrs_column(dst, name, strlen(name));
        if (!to)
            return CPG_ENOMEM;
        if ((status = cpg_attrs_set(dst, to, (size_t)v, &kept)) != CPG_OK)
            return status;
    }
    return report_only ? CPG_OK : unstub(ctx, dst, i, v);
}

/* Under --on-conflict error: whether this file contradicts the graph, reporting each conflict,
 * before anything changes. */
static cpg_status check_conflicts(load_ctx *ctx, cpg_graph *g)
{
    cpg_status status = CPG_OK;
    if (ctx->graph_attrs)
        status = merge_graph_attrs(ctx, g, cpg_graph_attrs(g), ctx->graph_attrs, true);
    for (igraph_integer_t i = 0; i < ctx->node_count && status == CPG_OK && ctx->graph; i++) {
        igraph_integer_t v = cpg_graph_find(g, ctx->ids[i]);
        if (v >= 0)
            status = merge_node(ctx, g, i, v, true);
    }
    if (status == CPG_OK && ctx->diags->error_count > ctx->errors_before)
        status = CPG_EVALUE;
    return status;
}

/* The node records, once the graph has taken or copied what it keeps of them; the edges that
 * come next need only VERTEX (see apply_nodes). */
static void free_node_records(load_ctx *ctx)
{
    free(ctx->ids);
    free(ctx->node_places);
    cpg_attrs_free(ctx->node_attrs);
    ctx->ids = NULL;
    ctx->node_places = NULL;
    ctx->node_attrs = NULL;
}

/* Adds the nodes that are new and merges the attributes of those an earlier file declared;
 * VERTEX receives the vertex of every node record. */
static cpg_status apply_nodes(load_ctx *ctx, cpg_graph *g, igraph_integer_t *vertex)
{
    if (!ctx->graph && cpg_graph_node_count(g) == 0) {  /* a new graph: record i is vertex i */
        for (igraph_integer_t i = 0; i < ctx->node_count; i++)
            vertex[i] = i;
        cpg_attrs *columns = ctx->node_attrs;
        ctx->node_attrs = NULL;  /* the graph's, whatever happens */
        cpg_status status = cpg_graph_adopt_nodes(g, ctx->node_count, ctx->ids, columns,
                                                  &ctx->file_ids);
        free_node_records(ctx);  /* the graph has what it needs, and the edges come next */
        return status;
    }
    igraph_integer_t n = 0, base = cpg_graph_node_count(g);
    const char **new_ids = malloc(((size_t)ctx->node_count + 1) * sizeof *new_ids);
    size_t *rows = malloc(((size_t)ctx->node_count + 1) * sizeof *rows);
    cpg_status status = new_ids && rows ? CPG_OK : CPG_ENOMEM;
    for (igraph_integer_t i = 0; i < ctx->node_count && status == CPG_OK; i++) {
        vertex[i] = ctx->graph ? cpg_graph_find(g, ctx->ids[i]) : -1;
        if (vertex[i] >= 0) {
            status = merge_node(ctx, g, i, vertex[i], false);
            continue;
        }
        vertex[i] = base + n;
        new_ids[n] = ctx->ids[i];
        rows[n++] = (size_t)i;
    }
    if (status == CPG_OK)
        status = cpg_graph_append_nodes(g, n, new_ids, ctx->node_attrs, rows);
    free(new_ids);
    free(rows);
    free_node_records(ctx);
    return status;
}

/* Turns the node records in ends into vertices, looking up in the graph the ends declared only
 * there, and adds the edges with their columns. */
static cpg_status apply_edges(load_ctx *ctx, cpg_graph *g, const igraph_integer_t *vertex)
{
    igraph_integer_t *ends = ctx->ends;
    for (size_t k = 0; k < 2 * (size_t)ctx->edge_count; k++)
        if (ends[k] >= 0)
            ends[k] = vertex[ends[k]];
    for (size_t k = 0; k < ctx->late_count; k++)
        if (ends[ctx->late[k].slot] < 0)
            ends[ctx->late[k].slot] = cpg_graph_find(g, ctx->late[k].id);
    return cpg_graph_append_edges(g, ctx->edge_count, ends, &ctx->edge_attrs);
}

static cpg_status record_stats(const load_ctx *ctx, const cpg_graph *g, igraph_integer_t before,
                               const igraph_integer_t *vertex, cpg_load_stats *stats)
{
    stats->nodes = ctx->node_count;
    stats->new_nodes = cpg_graph_node_count(g) - before;
    stats->edges = ctx->edge_count;
    stats->format = ctx->format;
    if (!stats->declared)
        return CPG_OK;
    igraph_vector_int_t view;
    igraph_vector_int_view(&view, vertex, ctx->node_count);
    return cpg_status_from_igraph(igraph_vector_int_update(stats->declared, &view));
}

/* The graph's name, as --name gives it. */
static cpg_status set_name(cpg_graph *g)
{
    cJSON *attrs = cpg_graph_attrs(g), *name = cJSON_CreateString(merge_name);
    if (!name)
        return CPG_ENOMEM;
    if (cJSON_HasObjectItem(attrs, "name"))
        return cJSON_ReplaceItemInObjectCaseSensitive(attrs, "name", name) ? CPG_OK : CPG_ENOMEM;
    return cJSON_AddItemToObject(attrs, "name", name) ? CPG_OK : CPG_ENOMEM;
}

/* This file becomes a source of every node it declared (VERTEX, per record; those from
 * NODES_BEFORE on are new) and of the edges from EDGES_BEFORE on. */
static cpg_status record_sources(const load_ctx *ctx, cpg_graph *g, const igraph_integer_t *vertex,
                                 igraph_integer_t nodes_before, igraph_integer_t edges_before)
{
    size_t k;
    cpg_status status = cpg_graph_add_source(g, ctx->name, &k);
    for (igraph_integer_t i = 0; i < ctx->node_count && status == CPG_OK; i++)
        if (vertex[i] < nodes_before)
            status = cpg_graph_add_sources(g, CPG_NODES, vertex[i], 1, k);
    if (status == CPG_OK)
        status = cpg_graph_add_sources(g, CPG_NODES, nodes_before,
                                       cpg_graph_node_count(g) - nodes_before, k);
    if (status == CPG_OK)
        status = cpg_graph_add_sources(g, CPG_EDGES, edges_before,
                                       cpg_graph_edge_count(g) - edges_before, k);
    return status;
}

/* Applies a checked file. */
static cpg_status apply(load_ctx *ctx, cpg_graph *g, cpg_load_stats *stats)
{
    igraph_integer_t before = cpg_graph_node_count(g);
    igraph_integer_t *vertex = malloc(((size_t)ctx->node_count + 1) * sizeof *vertex);
    if (!vertex)
        return CPG_ENOMEM;
    cpg_status status = merge_rule == CPG_CONFLICT_ERROR ? check_conflicts(ctx, g) : CPG_OK;
    if (status != CPG_OK) {
        free(vertex);
        return status;
    }
    cpg_graph_set_multigraph(g, cpg_graph_multigraph(g) || ctx->multigraph);
    /* a graph of nodes only (a node table) takes the direction of the file */
    status = cpg_graph_set_directed(g, ctx->directed);
    if (status == CPG_OK && ctx->graph_attrs)
        status = merge_graph_attrs(ctx, g, cpg_graph_attrs(g), ctx->graph_attrs, false);
    if (status == CPG_OK && merge_name)
        status = set_name(g);
    igraph_integer_t edges_before = cpg_graph_edge_count(g);
    if (status == CPG_OK)
        status = apply_nodes(ctx, g, vertex);
    if (status == CPG_OK)
        status = apply_edges(ctx, g, vertex);
    if (status == CPG_OK)
        status = record_sources(ctx, g, vertex, before, edges_before);
    if (status == CPG_OK && stats)
        status = record_stats(ctx, g, before, vertex, stats);
    free(vertex);
    return status;
}

/* ---- entry points ----------------------------------------------------------------------- */

/* What one load is asked for: the format (AUTO to tell it) and the reader's settings. */
typedef struct load_request {
    cpg_format format;
    const char *const *settings;
    bool by_name;  /* FORMAT was told by the file's name: its content may say more (FtM) */
} load_request;

static cpg_status ctx_init(load_ctx *ctx, const char *name, const load_request *asked,
                           cpg_diags *diags, const cpg_graph *graph)
{
    *ctx = (load_ctx){.name = name, .diags = diags, .errors_before = diags->error_count,
                      .diags_before = diags->count, .graph = graph, .format = asked->format,
                      .format_given = asked->format != CPG_FORMAT_AUTO && !asked->by_name,
                      .settings = asked->settings, .last_end = {{.record = -1}, {.record = -1}}};
    cpg_idmap_init(&ctx->file_ids);
    if ((ctx->arena = cpg_arena_new()) && cpg_load_records_init(ctx))
        return CPG_OK;
    cpg_arena_free(ctx->arena);
    cpg_load_records_free(ctx);
    cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "out of memory");
    return CPG_ENOMEM;
}

static void ctx_free(load_ctx *ctx)
{
    cpg_arena_free(ctx->arena);
    cJSON_Delete(ctx->graph_attrs);
    cpg_idmap_free(&ctx->file_ids);
    free_node_records(ctx);
    cpg_load_records_free(ctx);
    free(ctx->ends);
    free(ctx->late);
}

/* After reading: the late ends, the direction, then the graph, if nothing went wrong. */
static cpg_status finish(load_ctx *ctx, cpg_status status, cpg_graph **graph,
                         cpg_load_stats *stats)
{
    if (status == CPG_OK && !ctx->out_of_memory)
        cpg_load_resolve_late_ends(ctx);
    bool broken = ctx->diags->error_count > ctx->errors_before;  /* its direction is moot */
    if (ctx->graph && !broken && ctx->edge_count == 0)
        ctx->directed = cpg_graph_directed(ctx->graph);  /* a node table takes the graph's */
    if (ctx->graph && !broken && cpg_graph_directed(ctx->graph) != ctx->directed &&
        cpg_graph_edge_count(ctx->graph) > 0)
        cpg_load_error(ctx, cpg_readers[ctx->format]->read == cpg_read_json_document ||
                                    ctx->format == CPG_FORMAT_JSONL ||
                                    ctx->format == CPG_FORMAT_FTM ? &top_place : &text_place,
                       "directed", "this graph is %s but the files before it are %s",
                       ctx->directed ? "directed" : "undirected",
                       ctx->directed ? "undirected" : "directed");
    if (cpg_readers[ctx->format]->by_line)
        cpg_diags_sort_by_line(ctx->diags, ctx->diags_before);
    if (status == CPG_OK && ctx->out_of_memory)
        status = CPG_ENOMEM;
    if (status == CPG_OK && ctx->diags->error_count > ctx->errors_before)
        status = CPG_EVALUE;
    cpg_graph *g = *graph;
    if (status == CPG_OK && !g && !(g = cpg_graph_new(ctx->directed)))
        status = CPG_ENOMEM;
    if (status == CPG_OK)
        status = apply(ctx, g, stats);
    if (status == CPG_ENOMEM && ctx->diags->error_count == ctx->errors_before)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "out of memory");
    else if (status == CPG_EIGRAPH)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "%s", cpg_igraph_reason());
    if (g != *graph && status != CPG_OK)
        cpg_graph_free(g);
    else
        *graph = g;
    ctx_free(ctx);
    return status;
}

/* ---- telling the format ----------------------------------------------------------------- */

static bool json_or_xml(const char *buf, size_t len)
{
    size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r' || buf[i] == '\n'))
        i++;
    return i < len && strchr("{[<", buf[i]);
}

/* The format of a file (NAME, the LEN bytes at BUF) not given one: that of a reader of lines
 * whose suffixes match the name (JSON Lines), else the first reader whose sniffer knows the
 * content, else the first whose suffixes match the name (never for what begins as JSON or
 * XML), else AUTO: a JSON document, or a format that is not read. */
static cpg_format told_format(const char *name, const char *buf, size_t len)
{
    for (size_t i = 1; i < cpg_reader_count; i++)  /* a .jsonl name says more than a line */
        if (cpg_readers[i]->read_stream && cpg_text_named(name, cpg_readers[i]->suffixes))
            return (cpg_format)i;
    for (size_t i = 1; i < cpg_reader_count; i++)
        if (cpg_readers[i]->sniff && cpg_readers[i]->sniff(buf, len))
            return (cpg_format)i;
    if (json_or_xml(buf, len))
        return CPG_FORMAT_AUTO;
    for (size_t i = 1; i < cpg_reader_count; i++)
        if (cpg_readers[i]->read != cpg_read_json_document &&
            cpg_text_named(name, cpg_readers[i]->suffixes))
            return (cpg_format)i;
    return CPG_FORMAT_AUTO;
}

static bool reader_takes(const cpg_reader *reader, const char *setting)
{
    size_t n = strcspn(setting, "=");
    for (const char *const *key = reader->settings; key && *key; key++)
        if (strlen(*key) == n && strncmp(*key, setting, n) == 0)
            return true;
    return false;
}

/* Whether the reader of CTX takes every setting it is given; if not, says which it takes. */
static bool settings_taken(load_ctx *ctx)
{
    const cpg_reader *reader = cpg_readers[ctx->format];
    bool ok = true;
    for (const char *const *s = ctx->settings; s && *s; s++) {
        if (reader_takes(reader, *s))
            continue;
        char keys[256] = "";
        for (const char *const *key = reader->settings; key && *key; key++)
            snprintf(keys + strlen(keys), sizeof keys - strlen(keys), "%s%s",
                     key == reader->settings ? "" : ", ", *key);
        if (ctx->format == CPG_FORMAT_AUTO)  /* its settings are a STIX bundle's */
            cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                          "--format-option %.*s: a JSON document takes no options (a STIX "
                          "bundle takes %s)", (int)strcspn(*s, "="), *s, keys);
        else
            cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                          "--format-option %.*s: %s takes %s%s", (int)strcspn(*s, "="), *s,
                          reader->title, keys[0] ? "only " : "no options", keys);
        ok = false;
    }
    return ok;
}

/* ---- a file that changes while it is read ---------------------------------------------- */

/* A regular file as it was when its reading began. */
typedef struct file_seen {
    int fd;
    bool mapped;  /* the buffer is its mapping */
    struct stat at_start;
} file_seen;

/* When another process truncates a mapped file, reading a page past its new end raises SIGBUS.
 * The handler maps zeros over the rest of the mapping and notes it, so that the reader goes on
 * to an error of its own, which the loader then replaces by saying what happened: no jump out
 * of the reader, which may hold memory and locks, and no cost while the file stays as it was. */
static char *volatile bus_watched;
static volatile size_t bus_watched_len;
static volatile sig_atomic_t bus_file_shrank;
static size_t bus_page;
static struct sigaction bus_previous;

static void on_bus_error(int sig, siginfo_t *info, void *context)
{
    (void)context;
    int saved_errno = errno;  /* the interrupted code may be between a call and its errno */
    char *base = bus_watched, *at = info->si_addr;
    if (info->si_code > 0 && base && at >= base && at < base + bus_watched_len) {
        char *page = (char *)((uintptr_t)at & ~(uintptr_t)(bus_page - 1));
        if (mmap(page, (size_t)(base + bus_watched_len - page), PROT_READ,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
            bus_file_shrank = 1;
            errno = saved_errno;
            return;  /* the read is made again, of a zero */
        }
    }
    sigaction(sig, &bus_previous, NULL);
    if (info->si_code <= 0)
        raise(sig);  /* sent, not a fault: a fault meets the old disposition when it recurs */
    errno = saved_errno;
}

/* Watches BUF, LEN bytes, for the SIGBUS of a file that shrank; NULL stops watching. */
static void watch_mapping(char *buf, size_t len)
{
    if (!buf) {
        bus_watched = NULL;
        sigaction(SIGBUS, &bus_previous, NULL);
        return;
    }
    struct sigaction action = {0};
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    bus_page = (size_t)sysconf(_SC_PAGESIZE);
    bus_file_shrank = 0;
    bus_watched_len = len;
    bus_watched = buf;
    sigaction(SIGBUS, &action, &bus_previous);
}

static bool same_time(struct timespec a, struct timespec b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* Whether the file SEEN changed since its reading began: it shrank under its mapping, or was
 * written (a file cut and written again reads as neither the old file nor the new one). */
static bool file_changed(const file_seen *seen)
{
    struct stat now;
    if (seen->mapped && bus_file_shrank)
        return true;
    return fstat(seen->fd, &now) != 0 || now.st_size != seen->at_start.st_size ||
           !same_time(now.st_mtim, seen->at_start.st_mtim);
}

/* Takes FP's state into SEEN; false when FP is not a regular file (a pipe cannot be seen to
 * change). */
static bool see_file(FILE *fp, file_seen *seen)
{
    *seen = (file_seen){.fd = fileno(fp)};
    return fstat(seen->fd, &seen->at_start) == 0 && S_ISREG(seen->at_start.st_mode);
}

/* STATUS, the reader's, unless the file SEEN (NULL: none) changed: then the reader's verdict,
 * about bytes that were never the file, gives way to what happened (the diagnostics since
 * BEFORE go). */
static cpg_status unless_changed(load_ctx *ctx, const file_seen *seen, cpg_diags_mark before,
                                 cpg_status status)
{
    if (!seen || !file_changed(seen))
        return status;
    cpg_diags_rewind(ctx->diags, before);
    cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                  "the file changed while it was read");
    return CPG_ENOENT;
}

/* ---- reading a buffer ------------------------------------------------------------------- */

/* cpg_load_buffer, for a buffer that may be a file's contents (SEEN, else NULL). */
static cpg_status load_buffer(cpg_graph **graph, const char *name, const char *buf, size_t len,
                              const file_seen *seen, const load_request *asked, cpg_diags *diags,
                              cpg_load_stats *stats)
{
    load_ctx ctx;
    cpg_diags_mark before = cpg_diags_here(diags);
    cpg_status status = ctx_init(&ctx, name, asked, diags, *graph);
    if (status != CPG_OK)
        return status;
    ctx.mapped = seen && seen->mapped ? buf : NULL;
    const char *title, *advice;
    bool when_told;
    if (!ctx.format_given)
        ctx.format = told_format(name, buf, len);
    if (!settings_taken(&ctx))
        status = CPG_EVALUE;
    else if (ctx.format == CPG_FORMAT_AUTO &&
             cpg_sniff_unread(name, buf, len, &title, &advice, &when_told))
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "this looks like %s%s; %s", title,
                      when_told ? "" : ", which cpecgraph does not read", advice);
    else if (ctx.format == CPG_FORMAT_AUTO)
        cpg_read_json_document(&ctx, buf, len);
    else
        cpg_readers[ctx.format]->read(&ctx, buf, len);
    return finish(&ctx, unless_changed(&ctx, seen, before, status), graph, stats);
}

cpg_status cpg_load_buffer(cpg_graph **graph, const char *name, const char *buf, size_t len,
                           cpg_format format, const char *const *settings, cpg_diags *diags,
                           cpg_load_stats *stats)
{
    load_request asked = {.format = format, .settings = settings};
    return load_buffer(graph, name, buf, len, NULL, &asked, diags, stats);
}

/* ---- reading files ---------------------------------------------------------------------- */

/* Line and column of byte AT of DATA, for a message. */
static void place_of(const char *data, size_t at, size_t *line, size_t *column)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < at; i++)
        if (data[i] == '\n') {
            (*line)++;
            start = i + 1;
        }
    *column = at - start + 1;
}

/* Whether the code units of UNIT bytes that end in DATA[FROM, USED) hold one that is zero: a
 * NUL in UTF-16 or UTF-32 text (/dev/zero behind a byte order mark). */
static bool wide_nul(const char *data, size_t from, size_t used, size_t unit)
{
    for (size_t i = from - from % unit; i + unit <= used; i += unit) {
        size_t zeros = 0;
        while (zeros < unit && data[i + zeros] == 0)
            zeros++;
        if (zeros == unit)
            return true;
    }
    return false;
}

/* Stops a stream that no reader would take, before it is all in memory: a NUL byte, which
 * every format but wide XML refuses (so /dev/zero ends at once), or more than the limit. */
static bool stream_refused(const char *name, const char *data, size_t from, size_t used,
                           size_t limit, cpg_diags *diags)
{
    size_t unit = cpg_text_wide_unit(data, used);
    if (unit && wide_nul(data, from, used, unit)) {
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL,
                      "a NUL character: no format that cpecgraph reads has one");
        return true;
    }
    const char *nul = unit ? NULL : memchr(data + from, '\0', used - from);
    if (nul) {
        size_t line, column;
        place_of(data, (size_t)(nul - data), &line, &column);
        cpg_lines_refuse_nul(diags, name, line, column);
        return true;
    }
    if (limit && used > limit) {
        cpg_lines_refuse_size(diags, name, limit);
        return true;
    }
    return false;
}

/* The whole stream; regular files are read into a buffer of their exact size. Reports its own
 * errors. */
static cpg_status read_stream(FILE *fp, const char *name, cpg_diags *diags, char **buf,
                              size_t *len)
{
    struct stat st;
    bool regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    size_t cap = regular && st.st_size > 0 ? (size_t)st.st_size + 1 : (size_t)1 << 16;
    size_t used = 0;
    char *data = malloc(cap);
    while (data) {
        size_t before = used;
        errno = 0;
        used += fread(data + used, 1, cap - used, fp);
        size_t limit = regular ? 0 : cpg_lines_stream_limit();
        if (stream_refused(name, data, before, used, limit, diags)) {
            free(data);
            return CPG_EVALUE;
        }
        if (used < cap)
            break;
        char *bigger = cap < SIZE_MAX / 2 ? realloc(data, cap *= 2) : NULL;
        if (!bigger)
            free(data);
        data = bigger;
    }
    if (!data) {
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "out of memory reading the file");
        return CPG_ENOMEM;
    }
    if (ferror(fp)) {
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "%s", strerror(errno ? errno : EIO));
        free(data);
        return CPG_ENOENT;
    }
    *buf = data;
    *len = used;
    return CPG_OK;
}

/* A regular file is mapped instead of read: its pages come from the page cache as they are,
 * where reading would copy them into fresh memory, which costs more than the parse. */
static cpg_status load_mapped(cpg_graph **graph, const char *name, FILE *fp,
                              const load_request *asked, cpg_diags *diags, cpg_load_stats *stats,
                              bool *mapped)
{
    struct stat st;
    *mapped = false;
    if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (uintmax_t)st.st_size > SIZE_MAX)
        return CPG_OK;
    size_t len = (size_t)st.st_size;
    void *buf = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fileno(fp), 0);
    if (buf == MAP_FAILED)
        return CPG_OK;
    *mapped = true;
    madvise(buf, len, MADV_SEQUENTIAL);
    file_seen seen = {fileno(fp), true, st};
    watch_mapping(buf, len);
    cpg_status status = load_buffer(graph, name, buf, len, &seen, asked, diags, stats);
    watch_mapping(NULL, 0);
    munmap(buf, len);
    return status;
}

static cpg_status load_whole(cpg_graph **graph, const char *name, FILE *fp,
                             const load_request *asked, cpg_diags *diags, cpg_load_stats *stats)
{
    bool mapped;
    cpg_status mapped_status = load_mapped(graph, name, fp, asked, diags, stats, &mapped);
    if (mapped)
        return mapped_status;
    file_seen seen;
    bool regular = see_file(fp, &seen);
    char *buf = NULL;
    size_t len = 0;
    cpg_status status = read_stream(fp, name, diags, &buf, &len);
    if (status != CPG_OK)
        return status;
    status = load_buffer(graph, name, buf, len, regular ? &seen : NULL, asked, diags, stats);
    free(buf);
    return status;
}

/* The format of the file NAME when its reader reads it a line at a time (JSON Lines: the file
 * never exists whole), else AUTO. */
static cpg_format streamed_format(const char *name, cpg_format format)
{
    for (size_t i = 1; format == CPG_FORMAT_AUTO && i < cpg_reader_count; i++)
        if (cpg_readers[i]->read_stream && cpg_text_named(name, cpg_readers[i]->suffixes))
            return (cpg_format)i;
    return cpg_readers[format]->read_stream ? format : CPG_FORMAT_AUTO;
}

static cpg_status load_stream(cpg_graph **graph, const char *name, FILE *fp,
                              const load_request *asked, cpg_diags *diags, cpg_load_stats *stats)
{
    file_seen seen;
    bool regular = see_file(fp, &seen);
    load_ctx ctx;
    cpg_diags_mark before = cpg_diags_here(diags);
    cpg_status status = ctx_init(&ctx, name, asked, diags, *graph);
    if (status != CPG_OK)
        return status;
    status = settings_taken(&ctx) ? cpg_readers[ctx.format]->read_stream(&ctx, fp) : CPG_EVALUE;
    return finish(&ctx, unless_changed(&ctx, regular ? &seen : NULL, before, status), graph,
                  stats);
}

cpg_status cpg_load_file(cpg_graph **graph, const char *path, cpg_format format,
                         const char *const *settings, cpg_diags *diags, cpg_load_stats *stats)
{
    bool is_stdin = strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL, "%s", strerror(errno));
        return CPG_ENOENT;
    }
    load_request asked = {.format = format, .settings = settings},
                 streamed = {.format = streamed_format(name, format), .settings = settings,
                             .by_name = format == CPG_FORMAT_AUTO};
    cpg_status status = streamed.format != CPG_FORMAT_AUTO
                            ? load_stream(graph, name, fp, &streamed, diags, stats)
                            : load_whole(graph, name, fp, &asked, diags, stats);
    if (!is_stdin)
        fclose(fp);
    return status;
}
