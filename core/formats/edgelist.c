/* edgelist.c: NetworkX's edge list (write_edgelist, write_weighted_edgelist): a line per edge,
 * two node ids then the edge's data: a Python dict literal ({'weight': 2.0}), or values named
 * by -O columns=weight,... (one value alone is its weight, as read_weighted_edgelist reads it).
 * '#' starts a comment. Undirected unless -O directed=true: the file cannot say, and NetworkX
 * reads it as a Graph. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "readers.h"
#include "text.h"

static const char *const edgelist_settings[] = {"directed", "columns", "delimiter", NULL};

typedef struct edgelist_reader {
    load_ctx *ctx;
    cpg_text t;     /* the line being read */
    char delimiter; /* 0 for white space */
    const char *problem;
    load_place problem_at;
} edgelist_reader;

/* The first problem of the line, at AT. */
static void fail_at(edgelist_reader *r, const char *problem, const load_place *at)
{
    if (!r->problem) {
        r->problem = problem;
        r->problem_at = *at;
    }
}

/* The problem of a line whose data could not be held: the load is out of memory. */
static const char out_of_memory[] = "out of memory";

static void fail(edgelist_reader *r, const char *problem)
{
    load_place at = cpg_text_place(&r->t);
    fail_at(r, problem, &at);
}

/* ---- Python literals (ast.literal_eval's, as NetworkX writes them) ------------------------ */

static void skip_blanks(edgelist_reader *r)
{
    while (cpg_text_peek(&r->t) == ' ' || cpg_text_peek(&r->t) == '\t')
        cpg_text_next(&r->t);
}

static bool take(edgelist_reader *r, char c)
{
    skip_blanks(r);
    if (cpg_text_peek(&r->t) != c || cpg_text_end(&r->t))
        return false;
    cpg_text_next(&r->t);
    return true;
}

static int hex_digit(char c)
{
    return isdigit((unsigned char)c) ? c - '0'
           : isxdigit((unsigned char)c) ? tolower((unsigned char)c) - 'a' + 10 : -1;
}

/* The \x, \u and \U escapes: the code point of DIGITS hex digits. */
static long escaped_code(edgelist_reader *r, int digits)
{
    long code = 0;
    for (int k = 0; k < digits; k++) {
        int d = hex_digit(cpg_text_peek(&r->t));
        if (d < 0 || cpg_text_end(&r->t) || code > 0x10FFFF)
            return -1;
        code = code * 16 + d;
        cpg_text_next(&r->t);
    }
    return code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF) ? code : -1;
}

/* A quoted string, from its quote: no longer than the rest of the line, as escapes shorten. */
static cJSON *python_string(edgelist_reader *r)
{
    load_place open = cpg_text_place(&r->t);
    char quote = cpg_text_peek(&r->t);
    cpg_text_next(&r->t);
    char *out = malloc(r->t.len - r->t.i + 4), *o = out;
    while (out && !cpg_text_end(&r->t) && cpg_text_peek(&r->t) != quote) {
        char c = cpg_text_peek(&r->t);
        cpg_text_next(&r->t);
        if (c != '\\') {
            *o++ = c;
            continue;
        }
        char e = cpg_text_peek(&r->t);
        cpg_text_next(&r->t);
        const char *plain = strchr("\\'\"", e);
        long code = e == 'x' ? escaped_code(r, 2) : e == 'u' ? escaped_code(r, 4)
                    : e == 'U' ? escaped_code(r, 8) : e == 'n' ? '\n' : e == 't' ? '\t'
                    : e == 'r' ? '\r' : plain && e ? e : -1;
        if (code < 0) {
            fail(r, "an escape in a string that Python does not write");
            break;
        }
        if (code == 0) {
            fail(r, "a NUL character in a string, which cpecgraph's strings cannot hold");
            break;
        }
        o += cpg_utf8_put(o, (unsigned long)code);
    }
    if (out && !r->problem && cpg_text_end(&r->t))
        fail_at(r, "a string is not closed", &open);
    cpg_text_next(&r->t);
    cJSON *item = NULL;
    if (out && !r->problem) {
        *o = '\0';
        item = cJSON_CreateString(out);
    }
    free(out);
    return item;
}

static cJSON *python_value(edgelist_reader *r, int depth);

/* The items of a list, tuple or dict up to CLOSE; KEYS for a dict. */
static cJSON *python_items(edgelist_reader *r, char close, bool keys, int depth)
{
    cJSON *items = keys ? cJSON_CreateObject() : cJSON_CreateArray();
    while (items && !r->problem && !take(r, close)) {
        skip_blanks(r);
        load_place at = cpg_text_place(&r->t);
        cJSON *key = keys ? python_value(r, depth + 1) : NULL;
        if (keys && !r->problem && !cJSON_IsString(key))
            fail_at(r, "a key of the data must be a string", &at);
        else if (keys && !r->problem && !take(r, ':'))
            fail(r, "expected ':' after a key");
        cJSON *value = r->problem ? NULL : python_value(r, depth + 1);
        bool added = value && (keys ? cJSON_AddItemToObject(items, key->valuestring, value)
                                    : cJSON_AddItemToArray(items, value));
        if (!added)
            cJSON_Delete(value);
        if (value && !added)
            fail(r, out_of_memory);
        cJSON_Delete(key);
        if (!r->problem && !take(r, ',') && !(skip_blanks(r), cpg_text_peek(&r->t) == close))
            fail(r, keys ? "expected ',' or '}' in the data" : "expected ',' or a closing bracket");
    }
    if (r->problem) {
        cJSON_Delete(items);
        return NULL;
    }
    return items;
}

static cJSON *python_word(edgelist_reader *r)
{
    size_t start = r->t.i;
    load_place at = cpg_text_place(&r->t);
    while (!cpg_text_end(&r->t) && (isalnum((unsigned char)cpg_text_peek(&r->t)) ||
                                    strchr("+-._", cpg_text_peek(&r->t))))
        cpg_text_next(&r->t);
    size_t n = r->t.i - start;
    const char *word = r->t.s + start;
    if (n == 4 && memcmp(word, "True", 4) == 0)
        return cJSON_CreateTrue();
    if (n == 5 && memcmp(word, "False", 5) == 0)
        return cJSON_CreateFalse();
    if (n == 4 && memcmp(word, "None", 4) == 0)
        return cJSON_CreateNull();
    cJSON *number = n ? cpg_text_scalar(word, n) : NULL;
    if (!cJSON_IsNumber(number)) {
        cJSON_Delete(number);
        fail_at(r, "a value of the data is not a Python literal (a string, a number, True, "
                "False, None, a list or a dict)", &at);
        return NULL;
    }
    return number;
}

static cJSON *python_item(edgelist_reader *r, int depth);

/* A value; NULL after a problem, out of memory included. */
static cJSON *python_value(edgelist_reader *r, int depth)
{
    cJSON *value = python_item(r, depth);
    if (!value)
        fail(r, out_of_memory);  /* unless a problem came first */
    return value;
}

static cJSON *python_item(edgelist_reader *r, int depth)
{
    skip_blanks(r);
    char c = cpg_text_peek(&r->t);
    if (depth > 64) {
        fail(r, "the data nests deeper than 64");
        return NULL;
    }
    if (c == '\'' || c == '"')
        return python_string(r);
    if (c == '{' || c == '[' || c == '(') {
        cpg_text_next(&r->t);
        return python_items(r, c == '{' ? '}' : c == '[' ? ']' : ')', c == '{', depth);
    }
    return python_word(r);
}

/* ---- lines ------------------------------------------------------------------------------- */

/* The next field of the line (up to white space, or the delimiter), or an empty one. */
static size_t next_field(edgelist_reader *r, const char **field)
{
    skip_blanks(r);
    size_t start = r->t.i;
    while (!cpg_text_end(&r->t) && (r->delimiter ? cpg_text_peek(&r->t) != r->delimiter
                                                 : !isspace((unsigned char)cpg_text_peek(&r->t))))
        cpg_text_next(&r->t);
    size_t n = r->t.i - start;
    if (r->delimiter && !cpg_text_end(&r->t))
        cpg_text_next(&r->t);
    while (r->delimiter && n && isspace((unsigned char)r->t.s[start + n - 1]))
        n--;
    *field = r->t.s + start;
    return n;
}

/* The values after the ends, named by COLUMNS ("weight,date") or, alone, a weight. */
static cJSON *column_values(edgelist_reader *r, const char *columns)
{
    cJSON *attrs = cJSON_CreateObject();
    const char *name = columns ? columns : "weight";
    for (const char *field; attrs && !r->problem;) {
        skip_blanks(r);
        if (cpg_text_end(&r->t))
            break;
        if (!*name) {
            fail(r, columns ? "more values on this line than -O columns names"
                            : "more than one value after the ends: name them with -O "
                              "columns=NAME,... (an adjacency list is not an edge list)");
            break;
        }
        load_place at = cpg_text_place(&r->t);
        size_t n = next_field(r, &field);
        size_t name_len = strcspn(name, ",");
        char key[128];
        snprintf(key, sizeof key, "%.*s", (int)(name_len < 127 ? name_len : 127), name);
        cJSON *value = cpg_text_scalar(field, n);
        if (!columns && value && !cJSON_IsNumber(value))  /* NetworkX's float() would fail */
            fail_at(r, "a weight is a number: name other values with -O columns=NAME,...",
                    &at);
        if (!value || !cJSON_AddItemToObject(attrs, key, value)) {
            cJSON_Delete(value);
            fail(r, out_of_memory);
        }
        name += name_len + (name[name_len] == ',');
    }
    if (!attrs)
        fail(r, out_of_memory);
    return attrs;
}

static void edgelist_line(edgelist_reader *r, const char *columns)
{
    cpg_text *t = &r->t;
    skip_blanks(r);
    load_place at = cpg_text_place(t);
    if (cpg_text_end(t))
        return;  /* a blank line, or a comment */
    const char *source, *target;
    size_t source_len = next_field(r, &source), target_len = next_field(r, &target);
    if (!target_len) {
        cpg_load_error(r->ctx, &at, NULL, "a line holds an edge: two node ids, then its data");
        return;
    }
    skip_blanks(r);
    cJSON *attrs = !columns && cpg_text_peek(t) == '{' ? python_value(r, 0)
                                                       : column_values(r, columns);
    skip_blanks(r);
    if (!r->problem && !cpg_text_end(t))
        fail(r, "text after the edge's data");
    char *ends = malloc(source_len + target_len + 2);
    if (r->problem == out_of_memory) {
        cpg_load_out_of_memory(r->ctx);
    } else if (r->problem) {
        cpg_load_error(r->ctx, &r->problem_at, NULL, "%s", r->problem);
    } else if (!attrs || !ends) {
        cpg_load_out_of_memory(r->ctx);
    } else {
        memcpy(ends, source, source_len);
        ends[source_len] = '\0';
        memcpy(ends + source_len + 1, target, target_len);
        ends[source_len + 1 + target_len] = '\0';
        cpg_text_edge(r->ctx, ends, ends + source_len + 1, attrs, &at);
    }
    free(ends);
    cJSON_Delete(attrs);
}

static void edgelist_read(load_ctx *ctx, const char *buf, size_t len)
{
    if (cpg_text_refuse_bad_text(ctx, buf, len, "an edge list"))
        return;
    const char *directed = cpg_load_setting(ctx, "directed");
    const char *delimiter = cpg_load_setting(ctx, "delimiter");
    const char *columns = cpg_load_setting(ctx, "columns");
    ctx->directed = directed && strcmp(directed, "true") == 0;
    if (directed && !ctx->directed && strcmp(directed, "false") != 0)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "--format-option directed=%s: give true or false", directed);
    edgelist_reader r = {.ctx = ctx, .t = cpg_text_open(buf, len)};
    r.delimiter = delimiter && strlen(delimiter) == 1 ? delimiter[0]
                  : delimiter && strcmp(delimiter, "tab") == 0 ? '\t' : 0;
    if (delimiter && !r.delimiter) {
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "--format-option delimiter=%s: give one character, or tab", delimiter);
        return;
    }
    for (size_t start = r.t.i, line = 1; start < len && !ctx->out_of_memory; line++) {
        const char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len, stop = end;
        const char *hash = memchr(buf + start, '#', end - start);
        if (hash)
            stop = (size_t)(hash - buf);  /* NetworkX's comments; ids hold no '#' */
        while (stop > start && buf[stop - 1] == '\r')
            stop--;
        r.t = (cpg_text){buf, stop, start, line, start};
        r.problem = NULL;
        edgelist_line(&r, columns);
        start = end + 1;
    }
}

const cpg_reader cpg_reader_edgelist = {
    .name = "edgelist", .title = "an edge list", .suffixes = {".edgelist", ".edges"},
    .read = edgelist_read, .settings = edgelist_settings, .by_line = true,
};
