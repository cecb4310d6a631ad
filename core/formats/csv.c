/* csv.c: tables of edges or of nodes (RFC 4180: comma, semicolon or tab, quoted cells), with
 * the header conventions of the importers analysts already use: Gephi's (Source, Target, Type,
 * Id, Label, Weight), Cytoscape's and pandas' (source, target), Neo4j's admin import
 * (:START_ID, :END_ID, :TYPE, :ID, :LABEL, name:int, tags:string[]). A table with a source
 * column is an edge table, whose ends make the nodes they name; else one with an id column is
 * a node table, to be merged with an edge table given as another file. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"
#include "readers.h"
#include "text.h"
#include "xml.h"

typedef enum csv_role {
    CSV_ATTRIBUTE, CSV_ID, CSV_SOURCE, CSV_TARGET, CSV_DIRECTION, CSV_LABELS, CSV_IGNORE
} csv_role;

typedef struct csv_column {
    const char *name;   /* the attribute it fills (in the arena) */
    const char *space;  /* of an id or an end: Neo4j's ID space, "Person" in :ID(Person) */
    const char *property;  /* of an id: Neo4j's property that keeps it, personId in personId:ID */
    csv_role role;
    bool typed;         /* a Neo4j type was given: TYPE, and ARRAY for "type[]" */
    cpg_xml_type type;
    bool array;
    load_place at;      /* of its header cell */
} csv_column;

typedef struct csv_reader {
    load_ctx *ctx;
    cpg_text t;
    char delimiter;
    csv_column *columns;
    size_t column_count;
    /* the cells of the row being read, NUL-terminated one after another in TEXT */
    char *text;
    size_t text_len, text_cap;
    size_t *starts;
    load_place *places;
    size_t cell_count, cell_cap;
    char *qualified[2];                /* an id or end with its ID space, "Person:1" */
    size_t qualified_cap[2];
    bool edges;                        /* an edge table */
    size_t directed_rows, undirected_rows;
    load_place first_directed, first_undirected;
} csv_reader;

static const char *const csv_settings[] = {"delimiter", "source", "target", "id", "directed",
                                           NULL};

/* ---- cells ------------------------------------------------------------------------------- */

static bool put_byte(csv_reader *r, char c)
{
    if (r->text_len == r->text_cap) {
        size_t cap = r->text_cap ? 2 * r->text_cap : 256;
        char *bigger = realloc(r->text, cap);
        if (!bigger)
            return false;
        r->text = bigger;
        r->text_cap = cap;
    }
    r->text[r->text_len++] = c;
    return true;
}

static bool begin_cell(csv_reader *r)
{
    if (r->cell_count == r->cell_cap) {
        size_t cap = r->cell_cap ? 2 * r->cell_cap : 16;
        size_t *starts = realloc(r->starts, cap * sizeof *starts);
        if (starts)
            r->starts = starts;
        load_place *places = starts ? realloc(r->places, cap * sizeof *places) : NULL;
        if (!places)
            return false;
        r->places = places;
        r->cell_cap = cap;
    }
    r->starts[r->cell_count] = r->text_len;
    r->places[r->cell_count++] = cpg_text_place(&r->t);
    return true;
}

static const char *cell(const csv_reader *r, size_t k)
{
    return r->text + r->starts[k];
}

static void csv_error(csv_reader *r, const load_place *at, const char *message)
{
    cpg_load_error(r->ctx, at, NULL, "%s", message);
}

/* A quoted cell, from its opening quote: "" is a quote; it may hold delimiters and newlines. */
static bool read_quoted(csv_reader *r)
{
    load_place open = cpg_text_place(&r->t);
    cpg_text_next(&r->t);
    for (;;) {
        if (cpg_text_end(&r->t)) {
            csv_error(r, &open, "this quoted cell is not closed: a '\"' is missing");
            return false;
        }
        char c = cpg_text_peek(&r->t);
        cpg_text_next(&r->t);
        if (c == '"' && cpg_text_peek(&r->t) != '"')
            break;
        if (c == '"')
            cpg_text_next(&r->t);
        if (!put_byte(r, c))
            return false;
    }
    char next = cpg_text_peek(&r->t);
    if (cpg_text_end(&r->t) || next == r->delimiter || next == '\n' || next == '\r')
        return true;
    load_place at = cpg_text_place(&r->t);
    csv_error(r, &at, "text after a quoted cell: a '\"' inside a cell is written '\"\"'");
    return false;
}

/* The next row's cells; false at the end of the file or after an error (R->ctx says which).
 * Blank lines are skipped. */
static bool read_row(csv_reader *r)
{
    r->text_len = r->cell_count = 0;
    while (!cpg_text_end(&r->t) && (cpg_text_peek(&r->t) == '\n' || cpg_text_peek(&r->t) == '\r'))
        cpg_text_next(&r->t);
    if (cpg_text_end(&r->t))
        return false;
    for (;;) {
        if (!begin_cell(r))
            goto out_of_memory;
        if (cpg_text_peek(&r->t) == '"' && !read_quoted(r))
            return false;
        while (!cpg_text_end(&r->t) && cpg_text_peek(&r->t) != r->delimiter &&
               cpg_text_peek(&r->t) != '\n' && cpg_text_peek(&r->t) != '\r') {
            if (!put_byte(r, cpg_text_peek(&r->t)))
                goto out_of_memory;
            cpg_text_next(&r->t);
        }
        if (!put_byte(r, '\0'))
            goto out_of_memory;
        if (cpg_text_peek(&r->t) != r->delimiter || cpg_text_end(&r->t))
            break;
        cpg_text_next(&r->t);
    }
    if (cpg_text_peek(&r->t) == '\r')
        cpg_text_next(&r->t);
    return true;
out_of_memory:
    cpg_load_out_of_memory(r->ctx);
    return false;
}

/* ---- the header -------------------------------------------------------------------------- */

/* The delimiter of the first line: the one of comma, semicolon and tab found most often
 * outside quotes (a comma when none is). */
static char sniff_delimiter(const char *buf, size_t len)
{
    static const char candidates[] = {',', ';', '\t'};
    size_t counts[3] = {0};
    bool quoted = false;
    for (size_t i = 0; i < len && (quoted || buf[i] != '\n'); i++) {
        quoted ^= buf[i] == '"';
        for (int k = 0; k < 3 && !quoted; k++)
            counts[k] += buf[i] == candidates[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (counts[k] > counts[best])
            best = k;
    return candidates[best];
}

/* Neo4j's type after a header's last ':' ("int", "string[]"); false for none it knows. */
static bool neo4j_type(const char *text, csv_column *column)
{
    static const struct { const char *name; cpg_xml_type type; } types[] = {
        {"int", CPG_XML_INTEGER}, {"long", CPG_XML_INTEGER}, {"short", CPG_XML_INTEGER},
        {"byte", CPG_XML_INTEGER}, {"float", CPG_XML_REAL}, {"double", CPG_XML_REAL},
        {"boolean", CPG_XML_BOOLEAN}, {"string", CPG_XML_STRING}, {"char", CPG_XML_STRING},
        {"date", CPG_XML_STRING}, {"datetime", CPG_XML_STRING}, {"localdatetime", CPG_XML_STRING},
        {"time", CPG_XML_STRING}, {"localtime", CPG_XML_STRING},
        {"duration", CPG_XML_STRING}, {"point", CPG_XML_STRING}};
    size_t n = strlen(text);
    column->array = n > 2 && strcmp(text + n - 2, "[]") == 0;
    n -= column->array ? 2 : 0;
    for (size_t k = 0; k < sizeof types / sizeof *types; k++)
        if (strlen(types[k].name) == n && strncasecmp(text, types[k].name, n) == 0) {
            column->typed = true;
            column->type = types[k].type;
            return true;
        }
    return false;
}

/* Whether NAME is the header SPECIAL of Neo4j (":ID", ":START_ID(Person)"): what follows the
 * colon, then an id space in brackets. */
static bool neo4j_special(const char *suffix, const char *special)
{
    size_t n = strlen(special);
    return strncmp(suffix, special, n) == 0 && (suffix[n] == '\0' || suffix[n] == '(');
}

/* The ID space of a Neo4j id header ("Person" of ":ID(Person)"), in the arena, or NULL: ids
 * are unique within their space, so that Person 1 and Movie 1 are two nodes. */
static const char *id_space(csv_reader *r, const char *suffix)
{
    const char *open = strchr(suffix, '('), *close = open ? strchr(open, ')') : NULL;
    if (!close || close == open + 1)
        return NULL;
    const char *space = cpg_arena_strndup(r->ctx->arena, open + 1, (size_t)(close - open - 1));
    if (!space)
        cpg_load_out_of_memory(r->ctx);
    return space;
}

/* The colon of a Neo4j header ("since:int", ":ID(Person)"): the last one before any '(',
 * which begins an ID space; NULL for none. */
static char *header_colon(char *name)
{
    char *open = strchr(name, '('), *colon = NULL;
    for (char *p = name; *p && (!open || p < open); p++)
        if (*p == ':')
            colon = p;
    return colon;
}

/* The role of a header NAME, from the settings or the conventions; COLUMN gets the name of
 * the attribute when a convention renames it, and a Neo4j type ("since:int" is since). */
static csv_role header_role(csv_reader *r, char *name, csv_column *column)
{
    const char *source = cpg_load_setting(r->ctx, "source");
    const char *target = cpg_load_setting(r->ctx, "target");
    const char *id = cpg_load_setting(r->ctx, "id");
    if (source && strcmp(name, source) == 0)
        return CSV_SOURCE;
    if (target && strcmp(name, target) == 0)
        return CSV_TARGET;
    if (id && strcmp(name, id) == 0)
        return CSV_ID;
    char *colon = header_colon(name);
    if (colon && neo4j_special(colon + 1, "START_ID")) {
        column->space = id_space(r, colon + 1);
        return CSV_SOURCE;
    }
    if (colon && neo4j_special(colon + 1, "END_ID")) {
        column->space = id_space(r, colon + 1);
        return CSV_TARGET;
    }
    if (colon && neo4j_special(colon + 1, "IGNORE"))
        return CSV_IGNORE;
    if (colon && neo4j_special(colon + 1, "ID")) {
        column->space = id_space(r, colon + 1);
        *colon = '\0';
        column->property = *name ? name : NULL;  /* "personId:ID": kept as personId too */
        return CSV_ID;
    }
    if (colon && strcmp(colon + 1, "TYPE") == 0) {
        column->name = "type";  /* the relation's type */
        return CSV_ATTRIBUTE;
    }
    if (colon && strcmp(colon + 1, "LABEL") == 0)
        return CSV_LABELS;
    if (colon && colon > name && neo4j_type(colon + 1, column))
        *colon = '\0';
    /* Gephi's columns, of any case; its Type is the direction, which cpecgraph's type is not */
    if (!source && strcasecmp(name, "source") == 0)
        return CSV_SOURCE;
    if (!target && strcasecmp(name, "target") == 0)
        return CSV_TARGET;
    if (!id && strcasecmp(name, "id") == 0)
        return CSV_ID;
    if (strcmp(name, "Type") == 0)
        return CSV_DIRECTION;
    static const char *const gephi[] = {"label", "weight", NULL};
    for (const char *const *g = gephi; *g; g++)
        if (strcasecmp(name, *g) == 0)
            column->name = *g;
    return CSV_ATTRIBUTE;
}

/* The names a column gives the attributes of a row: its own, or for :LABEL type and labels,
 * for personId:ID personId. */
static size_t column_names(const csv_column *column, const char *names[2])
{
    if (column->role == CSV_LABELS) {
        names[0] = "type";
        names[1] = "labels";
        return 2;
    }
    names[0] = column->role == CSV_ID ? column->property : column->name;
    return column->role == CSV_ATTRIBUTE || (column->role == CSV_ID && names[0]);
}

/* Two columns that fill one attribute would leave one value unseen: an error. */
static void check_unique_names(csv_reader *r)
{
    cpg_idmap seen;
    cpg_idmap_init(&seen);
    for (size_t k = 0; k < r->column_count; k++) {
        const char *names[2];
        size_t n = column_names(&r->columns[k], names);
        for (size_t j = 0; j < n; j++) {
            int64_t first = cpg_idmap_get(&seen, names[j]);
            if (first >= 0) {
                char message[300];
                snprintf(message, sizeof message, "column %zu fills the attribute '%.100s', as "
                         "column %lld does: rename one", k + 1, names[j], (long long)first + 1);
                csv_error(r, &r->columns[k].at, message);
            } else if (!cpg_idmap_put(&seen, names[j], (int64_t)k)) {
                cpg_load_out_of_memory(r->ctx);
            }
        }
    }
    cpg_idmap_free(&seen);
}

static bool read_header(csv_reader *r)
{
    if (!read_row(r)) {
        if (!r->ctx->out_of_memory && r->ctx->diags->error_count == r->ctx->errors_before)
            cpg_diags_add(r->ctx->diags, CPG_ERROR, r->ctx->name, 0, 0, NULL,
                          "the table is empty: its first line names the columns");
        return false;
    }
    r->column_count = r->cell_count;
    r->columns = cpg_arena_alloc(r->ctx->arena, r->column_count * sizeof *r->columns);
    if (!r->columns) {
        cpg_load_out_of_memory(r->ctx);
        return false;
    }
    bool sources = false, targets = false, ids = false;
    for (size_t k = 0; k < r->column_count; k++) {
        csv_column *column = &r->columns[k];
        char *name = cpg_arena_strdup(r->ctx->arena, cpg_xml_trimmed((char *)cell(r, k)));
        *column = (csv_column){.at = r->places[k]};
        if (!name) {
            cpg_load_out_of_memory(r->ctx);
            return false;
        }
        column->role = header_role(r, name, column);
        if (!column->name)
            column->name = name;
        sources |= column->role == CSV_SOURCE;
        targets |= column->role == CSV_TARGET;
        ids |= column->role == CSV_ID;
        if (!*column->name && column->role == CSV_ATTRIBUTE)
            csv_error(r, &column->at, "a column has no name");
    }
    r->edges = sources || targets;
    for (size_t k = 0; k < r->column_count; k++)
        if (r->edges && r->columns[k].role == CSV_ID) {  /* Gephi's edge Id: an attribute */
            r->columns[k].role = CSV_ATTRIBUTE;
            r->columns[k].name = "id";
        } else if (!r->edges && r->columns[k].role == CSV_DIRECTION) {
            r->columns[k].role = CSV_ATTRIBUTE;  /* a node's Type is what the column says */
        }
    check_unique_names(r);
    if (r->edges && !(sources && targets))
        csv_error(r, &r->places[0], sources ? "an edge table needs a target column too "
                                              "(Target, target, :END_ID, or -O target=NAME)"
                                            : "an edge table needs a source column too "
                                              "(Source, source, :START_ID, or -O source=NAME)");
    else if (!r->edges && !ids)
        csv_error(r, &r->places[0], "the header names no source and target columns (an edge "
                  "table) and no id column (a node table): name them Source,Target or Id, as "
                  "Gephi does, or say which they are (-O source=NAME -O target=NAME, -O id=NAME)");
    return r->ctx->diags->error_count == r->ctx->errors_before;
}

/* ---- rows -------------------------------------------------------------------------------- */

/* A cell of a typed (Neo4j) column: its value, or its values split at ';' for an array. */
static cJSON *typed_value(csv_reader *r, const csv_column *column, size_t k)
{
    char *text = (char *)cell(r, k), *item = text;
    const char *problem = NULL;
    cJSON *list = column->array ? cJSON_CreateArray() : NULL, *value = NULL;
    for (char *next; item && (list || !column->array); item = next) {
        next = column->array ? strchr(item, ';') : NULL;
        char *end = next ? next : item + strlen(item), kept = *end;
        *end = '\0';
        value = cpg_xml_value(item, column->type, &problem);
        if (!value || !list)
            break;  /* a scalar, or an item that is not one */
        *end = kept;  /* the cell stays whole, for a message */
        next = next ? next + 1 : NULL;
        if (!cpg_text_append(r->ctx, list, value))
            break;
        value = NULL;
    }
    if (column->array && !item && list)
        return list;
    if (!column->array && value)
        return value;
    cJSON_Delete(list);
    if (!problem) {
        cpg_load_out_of_memory(r->ctx);
        return NULL;
    }
    char message[300];
    snprintf(message, sizeof message, "'%.100s' is %s", item, problem);
    csv_error(r, &r->places[k], message);
    return NULL;
}

static void note_direction(csv_reader *r, size_t k)
{
    const char *text = cell(r, k);
    if (strcasecmp(text, "directed") == 0) {
        if (!r->directed_rows++)
            r->first_directed = r->places[k];
    } else if (strcasecmp(text, "undirected") == 0 || strcasecmp(text, "mutual") == 0) {
        if (!r->undirected_rows++)
            r->first_undirected = r->places[k];
    } else if (*text) {
        csv_error(r, &r->places[k], "Type (Gephi's direction of the edge) must be Directed or "
                  "Undirected; a column for the relation's type is best named type");
    }
}

/* Neo4j's labels of a node ("Person;Minister"): the first is its type, all are its labels
 * (a list, however many). */
static void add_labels(csv_reader *r, cJSON *attrs, char *text)
{
    cJSON *labels = cJSON_CreateArray();
    bool ok = labels != NULL;
    if (!labels)
        cpg_load_out_of_memory(r->ctx);
    for (char *label = text, *next; ok && label; label = next) {
        next = strchr(label, ';');
        if (next)
            *next++ = '\0';
        ok = cpg_text_append(r->ctx, labels, cJSON_CreateString(label));
    }
    if (ok && *text)
        ok = cpg_text_add(r->ctx, attrs, "type", cJSON_CreateString(text));
    if (ok && labels)
        cpg_text_add(r->ctx, attrs, "labels", labels);
    else
        cJSON_Delete(labels);
}

/* Cell K as an id: with its column's ID space ("Person:1"), when it has one, in the buffer of
 * SLOT (0 the id or source, 1 the target); NULL when out of memory. */
static const char *qualified_id(csv_reader *r, size_t k, int slot)
{
    const char *text = cell(r, k), *space = r->columns[k].space;
    if (!space || !*text)
        return text;
    size_t n = strlen(space) + strlen(text) + 2;
    if (n > r->qualified_cap[slot]) {
        char *bigger = realloc(r->qualified[slot], n);
        if (!bigger) {
            cpg_load_out_of_memory(r->ctx);
            return NULL;
        }
        r->qualified[slot] = bigger;
        r->qualified_cap[slot] = n;
    }
    snprintf(r->qualified[slot], n, "%s:%s", space, text);
    return r->qualified[slot];
}

/* The id of the row (a node table) or its ends; "" for none, NULL when out of memory. */
static void row_ends(csv_reader *r, const char **first, const char **second)
{
    *first = *second = "";
    for (size_t k = 0; k < r->column_count; k++) {
        csv_role role = r->columns[k].role;
        if (role == CSV_SOURCE || role == CSV_ID)
            *first = qualified_id(r, k, 0);
        else if (role == CSV_TARGET)
            *second = qualified_id(r, k, 1);
    }
}

/* The attributes of the row; NULL when out of memory. */
static cJSON *row_attrs(csv_reader *r)
{
    cJSON *attrs = cJSON_CreateObject();
    for (size_t k = 0; attrs && k < r->column_count && !r->ctx->out_of_memory; k++) {
        const csv_column *column = &r->columns[k];
        char *text = (char *)cell(r, k);
        if (column->role == CSV_LABELS)
            add_labels(r, attrs, text);
        if (column->role == CSV_ID && column->property && *text)
            cpg_text_add(r->ctx, attrs, column->property, cpg_text_scalar(text, strlen(text)));
        if (column->role != CSV_ATTRIBUTE || !*text)
            continue;
        cJSON *value = column->typed ? typed_value(r, column, k)
                                     : cpg_text_scalar(text, strlen(text));
        if (value || !column->typed)
            cpg_text_add(r->ctx, attrs, column->name, value);  /* names are unique */
    }
    if (!attrs)
        cpg_load_out_of_memory(r->ctx);
    return attrs;
}

static void take_node(csv_reader *r, const char *id, const cJSON *attrs, const load_place *at)
{
    cJSON *item = cJSON_CreateString(id);
    if (item)
        cpg_load_node(r->ctx, item, attrs, NULL, at);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(item);
}

static void read_rows(csv_reader *r)
{
    while (!r->ctx->out_of_memory && read_row(r)) {
        load_place at = r->places[0];
        if (r->cell_count != r->column_count) {
            char message[200];
            snprintf(message, sizeof message, "this row has %zu cells, the header %zu",
                     r->cell_count, r->column_count);
            csv_error(r, &at, message);
            continue;
        }
        const char *first, *second;
        row_ends(r, &first, &second);
        for (size_t k = 0; k < r->column_count; k++)
            if (r->columns[k].role == CSV_DIRECTION)
                note_direction(r, k);
        cJSON *attrs = first && second ? row_attrs(r) : NULL;
        if (!attrs || r->ctx->out_of_memory) {
            cJSON_Delete(attrs);
            return;
        }
        if (r->edges && (!*first || !*second))
            csv_error(r, &at, "an edge needs both ends: a cell of its source or target is "
                      "empty");
        else if (r->edges)
            cpg_text_edge(r->ctx, first, second, attrs, &at);
        else if (!*first)
            csv_error(r, &at, "a node needs an id: its id cell is empty");
        else
            take_node(r, first, attrs, &at);
        cJSON_Delete(attrs);
    }
}

/* ---- direction --------------------------------------------------------------------------- */

static void decide_direction(csv_reader *r)
{
    const char *setting = cpg_load_setting(r->ctx, "directed");
    r->ctx->directed = true;  /* Gephi's default, and Neo4j's relations */
    if (setting && strcmp(setting, "true") != 0 && strcmp(setting, "false") != 0)
        cpg_diags_add(r->ctx->diags, CPG_ERROR, r->ctx->name, 0, 0, NULL,
                      "--format-option directed=%s: give true or false", setting);
    if (setting)
        r->ctx->directed = strcmp(setting, "false") != 0;
    else if (r->undirected_rows && !r->directed_rows)
        r->ctx->directed = false;
    else if (r->undirected_rows)
        cpg_load_error(r->ctx, &r->first_undirected, NULL,
                       "an undirected edge in a table of directed ones (the first is on line "
                       "%zu): mixed graphs are not supported", r->first_directed.line);
}

static void csv_read(load_ctx *ctx, const char *buf, size_t len)
{
    if (cpg_text_refuse_bad_text(ctx, buf, len, "a CSV table"))
        return;
    const char *delimiter = cpg_load_setting(ctx, "delimiter");
    csv_reader r = {.ctx = ctx, .t = cpg_text_open(buf, len)};
    r.delimiter = delimiter && strcmp(delimiter, "tab") == 0 ? '\t'
                  : delimiter && strlen(delimiter) == 1      ? delimiter[0]
                                                             : sniff_delimiter(buf, len);
    if (delimiter && strcmp(delimiter, "tab") != 0 && strlen(delimiter) != 1)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "--format-option delimiter=%s: give one character, or tab", delimiter);
    else if (read_header(&r))
        read_rows(&r);
    decide_direction(&r);
    free(r.text);
    free(r.starts);
    free(r.places);
    free(r.qualified[0]);
    free(r.qualified[1]);
}

/* ---- sniffing ---------------------------------------------------------------------------- */

/* Whether a cell of the first line, split at SEP, names an edge's start, as the importers of
 * Gephi ("Source"), Cytoscape and pandas ("source") and Neo4j (":START_ID") do. */
static bool header_names_a_source(const char *buf, size_t len, char sep)
{
    const char *end = memchr(buf, '\n', len);
    size_t line = end ? (size_t)(end - buf) : len, i = 0;
    bool separated = false;
    while (i < line) {
        size_t start = i;
        while (i < line && buf[i] != sep)
            i++;
        size_t stop = i;
        while (start < stop && (isspace((unsigned char)buf[start]) || buf[start] == '"'))
            start++;
        while (stop > start && (isspace((unsigned char)buf[stop - 1]) || buf[stop - 1] == '"'))
            stop--;
        size_t n = stop - start;
        if ((n == 6 && strncasecmp(buf + start, "source", 6) == 0) ||
            (n >= 9 && strncmp(buf + start, ":START_ID", 9) == 0))
            return separated || i < line;
        separated |= i < line;
        i++;
    }
    return false;
}

static bool csv_sniff(const char *buf, size_t len)
{
    cpg_text t = cpg_text_window(buf, len, 4096);
    cpg_text_skip_spaces(&t, false);
    if (strchr("{[<", cpg_text_peek(&t)))
        return false;  /* JSON or XML, whatever its first line holds */
    return header_names_a_source(t.s + t.i, t.len - t.i, ',') ||
           header_names_a_source(t.s + t.i, t.len - t.i, ';') ||
           header_names_a_source(t.s + t.i, t.len - t.i, '\t');
}

const cpg_reader cpg_reader_csv = {
    .name = "csv", .title = "a CSV table", .suffixes = {".csv", ".tsv", ".tab"},
    .sniff = csv_sniff, .read = csv_read, .settings = csv_settings, .by_line = true,
};
