/* jsonl.c: JSON Lines: one node, edge or graph header object per line, read a line at a time
 * (from a stream: the file never exists whole), each problem named by its line; FtM entities
 * are JSON Lines too, handed to ftm.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "lines.h"
#include "readers.h"

static const char *const header_keys[] = {"directed", "multigraph", "graph", NULL};

static void jsonl_header(load_ctx *ctx, const cJSON *object, const load_place *at)
{
    ctx->header_line = at->line;
    for (const cJSON *item = object->child; item; item = item->next)
        if (!cpg_load_key_in(item->string, header_keys)) {
            cpg_load_error(ctx, at, item->string,
                           "a line holds a node ('id'), an edge ('source', 'target') or the graph "
                           "('directed', 'multigraph', 'graph'); '%s' is none of these",
                           item->string);
            return;
        }
    cpg_load_flag(ctx, object, "directed", at, &ctx->directed);
    cpg_load_flag(ctx, object, "multigraph", at, &ctx->multigraph);
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(object, "graph");
    if (attrs && !cJSON_IsObject(attrs))
        cpg_load_error(ctx, at, "graph", "'graph' must be an object, got %s",
                       cpg_json_type_name(attrs));
    else if (attrs)
        cpg_load_graph_attrs(ctx, attrs, NULL);
}

static bool is_blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
            return false;
    return true;
}

/* A node or an edge. The first tells whether the lines are another tool's objects, which
 * would load as nodes without edges: a graph that looks plausible and is wrong. */
static void jsonl_element(load_ctx *ctx, const cJSON *object, bool is_edge, const load_place *at)
{
    const char *unread, *advice;
    bool first = ctx->node_count + ctx->edge_count == 0;
    bool entity = cpg_ftm_is_entity(object, !first);  /* the first line tells, the others not */
    if (entity && !ctx->ftm_line) {  /* once: the rest would say the same */
        ctx->ftm_line = at->line;
        if (first)  /* with --format jsonl */
            cpg_load_error(ctx, at, NULL, "this looks like FollowTheMoney entities: give "
                           "--format ftm, or no --format");
        else
            cpg_load_error(ctx, at, NULL, "a FollowTheMoney entity in a file read as JSON "
                           "Lines, whose first element is not one: give --format ftm");
    } else if (first && (unread = cpg_sniff_unread_object(object, &advice)))
        cpg_load_error(ctx, at, NULL, "this looks like %s, which cpecgraph does not read; %s",
                       unread, advice);
    cpg_load_element(ctx, !is_edge, object, at);
}

/* Line NUMBER, LEN bytes at LINE, parsed in SCRATCH (emptied first). */
static void jsonl_line(load_ctx *ctx, cpg_arena *scratch, const char *line, size_t len,
                       size_t number)
{
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;  /* so that a line cut short is reported at its end, not on the next line */
    if (is_blank(line, len))
        return;
    load_place at = {.line = number};
    if (number > 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        cpg_load_error(ctx, &at, NULL, "a byte order mark, which may only begin the file");
        return;
    }
    cpg_json_error err;
    cpg_arena_reset(scratch);  /* the tree of the line before, whether it parsed or not */
    cJSON *object = cpg_json_parse_in(line, len, &err, scratch);
    if (!object) {
        if (strcmp(err.message, "out of memory") == 0)
            cpg_load_out_of_memory(ctx);
        else
            cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, number, err.column, NULL, "%s",
                          err.message);
        return;
    }
    /* an edge has both ends; a node with a "source" attribute (where a report came from) is
     * still a node, and a line with one end and no id is an edge missing the other */
    bool id = cpg_json_has(object, "id");
    bool source = cpg_json_has(object, "source");
    bool target = cpg_json_has(object, "target");
    bool is_edge = (source && target) || ((source || target) && !id);
    bool first = ctx->node_count + ctx->edge_count == 0 && !ctx->header_line;
    if (first && !ctx->format_given && cpg_ftm_is_entity(object, false))
        ctx->format = CPG_FORMAT_FTM;  /* told from the first line, for the whole file */
    if (ctx->format == CPG_FORMAT_FTM && cJSON_IsObject(object))
        cpg_ftm_entity(ctx, object, &at);
    else if (!cJSON_IsObject(object))
        cpg_load_error(ctx, &at, NULL, "expected an %s, got %s", ctx->format == CPG_FORMAT_FTM
                       ? "FtM entity (an object)" : "object (a node, an edge or the graph)",
                       cpg_json_type_name(object));
    else if (is_edge || id)
        jsonl_element(ctx, object, is_edge, &at);
    else if (ctx->header_line)
        cpg_load_error(ctx, &at, NULL, "a second graph line (the first is line %zu)",
                       ctx->header_line);
    else
        jsonl_header(ctx, object, &at);
}

/* After the last line: stub nodes for the ends no line named (-O stubs=true). */
static void jsonl_finish(load_ctx *ctx)
{
    size_t stubs = !ctx->out_of_memory && cpg_load_setting_flag(ctx, "stubs", false)
                       ? cpg_load_stub_late_ends(ctx, NULL, NULL) : 0;
    if (stubs)
        cpg_diags_add(ctx->diags, CPG_NOTE, ctx->name, 0, 0, NULL,
                      "%zu stub node%s for ids the edges name and no line holds", stubs,
                      stubs == 1 ? "" : "s");
    if (ctx->format == CPG_FORMAT_FTM)
        cpg_ftm_finish(ctx);
}

/* A line's reading: the load and the arena each line is parsed in. */
typedef struct jsonl_reading {
    load_ctx *ctx;
    cpg_arena *scratch;
} jsonl_reading;

static void each_line(void *data, const char *line, size_t len, size_t number)
{
    jsonl_reading *r = data;
    jsonl_line(r->ctx, r->scratch, line, len, number);
}

void cpg_read_json_lines(load_ctx *ctx, const char *buf, size_t len)
{
    jsonl_reading r = {ctx, cpg_arena_new()};
    if (!r.scratch) {
        cpg_load_out_of_memory(ctx);
        return;
    }
    cpg_lines_each_in(ctx, buf, len, each_line, &r);
    cpg_arena_free(r.scratch);
    jsonl_finish(ctx);
}

cpg_status cpg_read_json_lines_stream(load_ctx *ctx, FILE *fp)
{
    jsonl_reading r = {ctx, cpg_arena_new()};
    if (!r.scratch) {
        cpg_load_out_of_memory(ctx);
        return CPG_ENOMEM;
    }
    cpg_status status = cpg_lines_each(ctx, fp, each_line, &r);
    cpg_arena_free(r.scratch);
    jsonl_finish(ctx);
    return status;
}

/* The first line of BUF parsed, when it is an object and more lines follow (else NULL). */
static cJSON *first_line_object(const char *buf, size_t len)
{
    const char *nl = memchr(buf, '\n', len);
    if (!nl || is_blank(nl + 1, len - (size_t)(nl + 1 - buf)))
        return NULL;
    cJSON *first = cpg_json_parse(buf, (size_t)(nl - buf), NULL);
    if (!cJSON_IsObject(first)) {
        cJSON_Delete(first);
        return NULL;
    }
    return first;
}

/* JSON Lines told from the content: a first line that is a whole object, and more after it;
 * FtM when that object is an entity. */
static bool jsonl_looks_like(const char *buf, size_t len)
{
    cJSON *first = first_line_object(buf, len);
    bool lines = first && !cpg_ftm_is_entity(first, false);
    cJSON_Delete(first);
    return lines;
}

bool cpg_ftm_looks_like(const char *buf, size_t len)
{
    cJSON *first = first_line_object(buf, len);
    bool entities = cpg_ftm_is_entity(first, false);
    cJSON_Delete(first);
    return entities;
}

static const char *const jsonl_settings[] = {"stubs", NULL};  /* FtM's too */

const cpg_reader cpg_reader_jsonl = {
    .name = "jsonl", .title = "a JSON Lines file", .suffixes = {".jsonl", ".ndjson", ".jsonlines"},
    .sniff = jsonl_looks_like, .read = cpg_read_json_lines,
    .read_stream = cpg_read_json_lines_stream, .settings = jsonl_settings, .by_line = true,
};

const cpg_reader cpg_reader_ftm = {
    .name = "ftm", .title = "FollowTheMoney entities",
    .suffixes = {".ftm.json", ".ftm", ".ijson"},
    .sniff = cpg_ftm_looks_like, .read = cpg_read_json_lines,
    .read_stream = cpg_read_json_lines_stream, .settings = jsonl_settings, .by_line = true,
};
