/* intake.c: the intake every reader feeds: nodes and edges checked and kept (ids in the load's
 * string pool, attributes straight into columns), edge ends resolved, graph-level fields, and
 * every problem with its place. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "graph_internal.h"
#include "intake.h"
#include "suggest.h"

const char *cpg_json_type_name(const cJSON *item)
{
    if (cJSON_IsNull(item)) return "null";
    if (cJSON_IsBool(item)) return "boolean";
    if (cJSON_IsNumber(item)) return "number";
    if (cJSON_IsString(item)) return "string";
    if (cJSON_IsArray(item)) return "array";
    return "object";
}

bool cpg_load_key_in(const char *key, const char *const *keys)
{
    for (; keys && *keys; keys++)
        if (strcmp(key, *keys) == 0)
            return true;
    return false;
}

/* ---- places and messages ---------------------------------------------------------------- */

/* Appends KEY to a JSON pointer, escaped as RFC 6901 wants ('~' -> "~0", '/' -> "~1"). */
static void pointer_append(char *buf, size_t size, const char *key)
{
    size_t n = strlen(buf);
    if (n + 1 < size)
        buf[n++] = '/';
    for (; *key && n + 2 < size; key++) {
        if (*key == '~' || *key == '/') {
            buf[n++] = '~';
            buf[n++] = *key == '~' ? '0' : '1';
        } else {
            buf[n++] = *key;
        }
    }
    buf[n < size ? n : size - 1] = '\0';
}

const char *cpg_load_pointer(const load_place *at, const char *field, char *buf, size_t size)
{
    buf[0] = '\0';
    if (at->xml) {
        if (field)
            snprintf(buf, size, "attribute '%s'", field);
        return buf;
    }
    if (at->array) {
        char index[32];
        snprintf(buf, size, "%s", at->array);
        snprintf(index, sizeof index, "%zu", at->index);
        if (at->key || at->index != LOAD_WHOLE)
            pointer_append(buf, size, at->key ? at->key : index);
        if (at->sub)
            pointer_append(buf, size, at->sub);
    } else if (at->sub) {  /* a line's member (FtM's "properties") */
        pointer_append(buf, size, at->sub);
    }
    if (field)
        pointer_append(buf, size, field);
    return buf;
}

void cpg_load_error(load_ctx *ctx, const load_place *at, const char *field, const char *fmt, ...)
{
    char pointer[256], message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, at->line, at->column,
                  at->text ? NULL : cpg_load_pointer(at, field, pointer, sizeof pointer), "%s",
                  message);
}

const char *cpg_load_lasting_pointer(load_ctx *ctx, const char *head, const char *tail)
{
    char joined[512];  /* pointers to arrays: short, whatever the document */
    snprintf(joined, sizeof joined, "%s%s", head, tail);
    const char *copy = cpg_arena_strdup(ctx->arena, joined);
    return copy ? copy : "";
}

const char *cpg_load_setting(const load_ctx *ctx, const char *key)
{
    const char *value = NULL;
    size_t n = strlen(key);
    for (const char *const *s = ctx->settings; s && *s; s++)
        if (strncmp(*s, key, n) == 0 && (*s)[n] == '=')
            value = *s + n + 1;
    return value;
}

bool cpg_load_setting_flag(load_ctx *ctx, const char *key, bool fallback)
{
    static const char *const flags[] = {"false", "true", NULL};
    return cpg_load_setting_choice(ctx, key, flags, fallback) == 1;
}

size_t cpg_load_setting_choice(load_ctx *ctx, const char *key, const char *const *choices,
                               size_t fallback)
{
    const char *value = cpg_load_setting(ctx, key);
    if (!value)
        return fallback;
    for (size_t i = 0; choices[i]; i++)
        if (strcmp(value, choices[i]) == 0)
            return i;
    char listed[256] = "";
    for (size_t i = 0; choices[i]; i++)
        snprintf(listed + strlen(listed), sizeof listed - strlen(listed), "%s%s",
                 i == 0 ? "" : choices[i + 1] ? ", " : " or ", choices[i]);
    cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                  "--format-option %s=%s: give %s", key, value, listed);
    return fallback;
}

/* ---- the intake ------------------------------------------------------------------------- */

/* *ITEMS resized to CAPACITY records of SIZE bytes; false (ITEMS untouched) on failure. */
static bool resize(void *items, size_t size, size_t capacity)
{
    void **p = items;
    void *bigger = capacity <= SIZE_MAX / 64 ? realloc(*p, capacity * size) : NULL;
    if (bigger) {
        *p = bigger;
        cpg_advise_huge_pages(bigger, capacity * size);
    }
    return bigger != NULL;
}

static size_t next_capacity(igraph_integer_t capacity)
{
    return capacity ? 2 * (size_t)capacity : 1024;
}

/* Room for one more node record, and its row (without values) in the node columns. */
static bool reserve_nodes(load_ctx *ctx)
{
    if (ctx->node_count == ctx->node_capacity) {
        size_t cap = next_capacity(ctx->node_capacity);
        if (!resize(&ctx->ids, sizeof *ctx->ids, cap) ||
            !resize(&ctx->node_places, sizeof *ctx->node_places, cap))
            return false;
        ctx->node_capacity = (igraph_integer_t)cap;
    }
    return ctx->node_attrs && cpg_attrs_add_rows(ctx->node_attrs, 1) == CPG_OK;
}

static bool reserve_edges(load_ctx *ctx)
{
    if (ctx->edge_count == ctx->edge_capacity) {
        size_t cap = next_capacity(ctx->edge_capacity);
        if (!resize(&ctx->ends, 2 * sizeof *ctx->ends, cap))
            return false;
        ctx->edge_capacity = (igraph_integer_t)cap;
    }
    return ctx->edge_attrs && cpg_attrs_add_rows(ctx->edge_attrs, 1) == CPG_OK;
}

bool cpg_load_records_init(load_ctx *ctx)
{
    ctx->pool = ctx->graph ? cpg_strpool_ref(cpg_graph_pool(ctx->graph)) : cpg_strpool_new();
    ctx->node_attrs = ctx->pool ? cpg_attrs_new(ctx->pool) : NULL;
    ctx->edge_attrs = ctx->pool ? cpg_attrs_new(ctx->pool) : NULL;
    memset(ctx->shapes, 0, sizeof ctx->shapes);
    return ctx->node_attrs && ctx->edge_attrs;
}

void cpg_load_records_free(load_ctx *ctx)
{
    cpg_attrs_free(ctx->node_attrs);
    cpg_attrs_free(ctx->edge_attrs);
    cpg_strpool_unref(ctx->pool);
    ctx->node_attrs = ctx->edge_attrs = NULL;
    ctx->pool = NULL;
}

void cpg_load_out_of_memory(load_ctx *ctx)
{
    if (!ctx->out_of_memory)
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "out of memory");
    ctx->out_of_memory = true;
}

/* The type of ITEM (cJSON_Invalid for NULL): cJSON's own tests are calls into the library, and
 * the intake makes several for each value of a file. */
static inline int json_kind(const cJSON *item)
{
    return item ? item->type & 0xFF : cJSON_Invalid;
}

/* The text of an id: a non-empty string, or an integer kept as its decimal literal. */
static const char *id_text(load_ctx *ctx, const cJSON *item, const load_place *at,
                           const char *field)
{
    if (json_kind(item) == cJSON_String && item->valuestring[0])
        return item->valuestring;
    if (json_kind(item) == cJSON_Number && cpg_json_is_integer(item))
        return cpg_json_number_text(item);
    if (cJSON_IsString(item))
        cpg_load_error(ctx, at, field, "id must not be empty");
    else if (cJSON_IsNumber(item))
        cpg_load_error(ctx, at, field, "id must be a string or an integer, got %s",
                       cpg_json_number_text(item) ? cpg_json_number_text(item) : "a fraction");
    else
        cpg_load_error(ctx, at, field, "id must be a string or an integer, got %s",
                       cpg_json_type_name(item));
    return NULL;
}

/* ---- values into columns ---------------------------------------------------------------- */

/* An integer literal that fits in 64 bits stays an integer (a tweet id is no double); any other
 * number is a double. */
static cpg_value number_value(const cJSON *item)
{
    const char *text = cpg_json_is_integer(item) ? cpg_json_number_text(item) : NULL;
    if (text) {
        char *end;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (errno == 0 && *end == '\0')
            return (cpg_value){CPG_VINT, {.i = v}};
    }
    return (cpg_value){CPG_VFLOAT, {.f = item->valuedouble}};
}

/* The compact JSON text of an array or object, interned. */
static bool json_value(load_ctx *ctx, const cJSON *item, cpg_value *value)
{
    char *text = cpg_json_print(item, false);
    bool ok = text && cpg_strpool_intern(ctx->pool, text, strlen(text), &value->u.sid);
    free(text);
    value->type = CPG_VJSON;
    return ok;
}

bool cpg_load_value(load_ctx *ctx, const cJSON *item, cpg_value *value)
{
    switch (json_kind(item)) {
    case cJSON_NULL:
        *value = (cpg_value){.type = CPG_VNULL};
        return true;
    case cJSON_False:
    case cJSON_True:
        *value = (cpg_value){CPG_VBOOL, {.b = json_kind(item) == cJSON_True}};
        return true;
    case cJSON_Number:
        *value = number_value(item);
        return true;
    case cJSON_String:
        value->type = CPG_VSTRING;
        return cpg_strpool_intern(ctx->pool, item->valuestring, strlen(item->valuestring),
                                  &value->u.sid);
    default:
        return json_value(ctx, item, value);
    }
}

/* The column of member ITEM, the POSITION-th of its element: the one the member at that
 * position of the last element went to when the names agree, else found or made by name. */
static cpg_column *member_column(load_ctx *ctx, cpg_attrs *table, load_shape *shapes,
                                 size_t position, const char *name)
{
    load_shape *shape = position < LOAD_SHAPE_CACHE ? &shapes[position] : NULL;
    if (shape && shape->name && strcmp(shape->name, name) == 0)
        return shape->column;
    cpg_column *c = cpg_attrs_column(table, name, strlen(name));
    if (!c)
        cpg_load_out_of_memory(ctx);
    else if (shape)
        *shape = (load_shape){cpg_column_name(c), c};
    return c;
}

/* Whether ITEM nests arrays and objects more than CPG_VALUE_MAX_DEPTH deep, below DEPTH. */
static bool nests_too_deep(const cJSON *item, int depth)
{
    if (!cJSON_IsArray(item) && !cJSON_IsObject(item))
        return false;
    if (depth >= CPG_VALUE_MAX_DEPTH)
        return true;
    for (const cJSON *child = item->child; child; child = child->next)
        if (nests_too_deep(child, depth + 1))
            return true;
    return false;
}

/* Whether member ITEM of an element at AT may be stored; else an error says why. */
static bool storable(load_ctx *ctx, const cJSON *item, const load_place *at)
{
    if (!nests_too_deep(item, 0))
        return true;
    cpg_load_error(ctx, at, item->string, "'%s' nests arrays or objects deeper than %d levels",
                   item->string, CPG_VALUE_MAX_DEPTH);
    return false;
}

/* Stores the members of OBJECT, at AT, other than those in LEAVE_OUT (NULL-terminated) as the
 * values of ROW of the node (or edge) columns. */
static void store_members(load_ctx *ctx, bool edge, size_t row, const cJSON *object,
                          const cJSON *const *leave_out, const load_place *at)
{
    cpg_attrs *table = edge ? ctx->edge_attrs : ctx->node_attrs;
    size_t position = 0;
    for (const cJSON *item = object ? object->child : NULL; item && !ctx->out_of_memory;
         item = item->next) {
        bool left_out = false;
        for (const cJSON *const *l = leave_out; *l && !left_out; l++)
            left_out = *l == item;
        if (left_out || !storable(ctx, item, at))
            continue;
        cpg_column *c = member_column(ctx, table, ctx->shapes[edge], position++, item->string);
        cpg_value v;
        if (c && (!cpg_load_value(ctx, item, &v) || cpg_attrs_set(table, c, row, &v) != CPG_OK))
            cpg_load_out_of_memory(ctx);
    }
}

/* "at /nodes/3" or "on line 3": where an element was. */
static const char *describe_place(const load_place *at, char *buf, size_t size)
{
    char pointer[256];
    if (at->array)
        snprintf(buf, size, "at %s", cpg_load_pointer(at, NULL, pointer, sizeof pointer));
    else
        snprintf(buf, size, "on line %zu", at->line);
    return buf;
}

/* A new node record, without an id yet; its index, or -1 after an error. A record whose id has
 * an error stays, with no id, so that records and elements keep in step. */
static igraph_integer_t new_node_record(load_ctx *ctx, const load_place *at)
{
    if (!reserve_nodes(ctx)) {
        cpg_load_out_of_memory(ctx);
        return -1;
    }
    if (ctx->node_count >= CPG_IDMAP_MAX_VALUE) {
        cpg_load_error(ctx, at, NULL, "more than %d nodes in one file", CPG_IDMAP_MAX_VALUE);
        return -1;
    }
    igraph_integer_t i = ctx->node_count++;
    ctx->ids[i] = NULL;
    ctx->node_places[i] = *at;
    return i;
}

/* Gives record I the id TEXT, unless an earlier record has it; I, or -1 after an error. */
static igraph_integer_t name_node(load_ctx *ctx, igraph_integer_t i, const char *text,
                                  const load_place *at, const char *field)
{
    int64_t first = cpg_idmap_get(&ctx->file_ids, text);
    if (first >= 0) {
        char where[300];
        /* an FtM store's export holds an entity's fragments on several lines */
        cpg_load_error(ctx, at, field, "duplicate id '%s' (first declared %s)%s", text,
                       describe_place(&ctx->node_places[first], where, sizeof where),
                       ctx->format == CPG_FORMAT_FTM ? "; merge FtM fragments first: ftm "
                                                       "aggregate < in.ftm.json > out.ftm.json"
                                                     : "");
        return -1;
    }
    const char *kept = cpg_strpool_keep(ctx->pool, text, strlen(text));
    if (!kept || !cpg_idmap_put(&ctx->file_ids, kept, i)) {
        cpg_load_out_of_memory(ctx);
        return -1;
    }
    ctx->ids[i] = kept;
    return i;
}

/* A new node record for ID, the member NAME ("id", or graphology's "key"), checked; its index,
 * or -1 after an error. */
static igraph_integer_t take_node(load_ctx *ctx, const cJSON *id, const char *name,
                                  const load_place *at)
{
    igraph_integer_t i = new_node_record(ctx, at);
    if (i < 0)
        return -1;
    const char *field = at->key ? NULL : name;
    if (!id) {
        cpg_load_error(ctx, at, NULL, "node has no '%s'", name);
        return -1;
    }
    const char *text = id_text(ctx, id, at, field);
    return text ? name_node(ctx, i, text, at, field) : -1;
}

void cpg_load_node(load_ctx *ctx, const cJSON *id, const cJSON *attrs, const cJSON *const *skip,
                   const load_place *at)
{
    igraph_integer_t i = take_node(ctx, id, "id", at);
    if (i < 0)
        return;
    const cJSON *leave_out[8] = {id};
    for (size_t k = 1; skip && *skip && k + 1 < sizeof leave_out / sizeof *leave_out; skip++)
        leave_out[k++] = *skip;
    store_members(ctx, false, (size_t)i, attrs, leave_out, at);
}

void cpg_load_node_again(load_ctx *ctx, igraph_integer_t record, const cJSON *id,
                         const cJSON *attrs, const char *from, const load_place *at)
{
    char pointer[256];
    for (const cJSON *item = attrs->child; item && !ctx->out_of_memory; item = item->next) {
        if (item == id || !storable(ctx, item, at))
            continue;
        cpg_column *c = cpg_attrs_column(ctx->node_attrs, item->string, strlen(item->string));
        cpg_value v, old = c ? cpg_column_get(c, (size_t)record) : (cpg_value){0};
        if (!c || !cpg_load_value(ctx, item, &v)) {
            cpg_load_out_of_memory(ctx);
            return;
        }
        if (old.type != CPG_VNONE && !cpg_value_equal(&old, &v))
            cpg_diags_add(ctx->diags, CPG_NOTE, ctx->name, at->line, 0,
                          cpg_load_pointer(at, NULL, pointer, sizeof pointer),
                          "'%s' of node '%.150s' overwrites the value from %s", item->string,
                          ctx->ids[record], from);
        if (cpg_attrs_set(ctx->node_attrs, c, (size_t)record, &v) != CPG_OK)
            cpg_load_out_of_memory(ctx);
    }
}

/* Records the end in SLOT of an edge whose node this file has not declared (yet): it may come
 * later in the file, or be in the graph already. */
static void add_late_end(load_ctx *ctx, size_t slot, const char *text, const load_place *at)
{
    if (ctx->late_count == ctx->late_capacity) {
        size_t cap = ctx->late_capacity ? 2 * ctx->late_capacity : 64;
        if (!resize(&ctx->late, sizeof *ctx->late, cap)) {
            cpg_load_out_of_memory(ctx);
            return;
        }
        ctx->late_capacity = cap;
    }
    const char *kept = cpg_arena_strdup(ctx->arena, text);
    if (!kept) {
        cpg_load_out_of_memory(ctx);
        return;
    }
    ctx->late[ctx->late_count++] = (load_late_end){slot, kept, *at};
}

/* The node of a waiting end, now that its slot of the id table is in cache: that of the earlier
 * end it repeats, or the table's; one not found (yet) is late. */
static void resolve_pending_end(load_ctx *ctx, const load_pending_end *end)
{
    igraph_integer_t record = end->same_as != SIZE_MAX
                                  ? ctx->ends[end->same_as]
                                  : cpg_idmap_get_hashed(&ctx->file_ids, end->id, end->hash);
    ctx->ends[end->slot] = record;
    load_last_end *last = &ctx->last_end[end->slot % 2];
    if (record < 0)
        add_late_end(ctx, end->slot, end->id, &end->at);
    else if (last->record == LOAD_PENDING && last->slot == end->slot)
        last->record = record;
}

static void resolve_oldest_end(load_ctx *ctx)
{
    resolve_pending_end(ctx, &ctx->pending[ctx->pending_first]);
    ctx->pending_first = (ctx->pending_first + 1) % LOAD_LOOKAHEAD;
    ctx->pending_count--;
}

/* Resolves every waiting end, oldest first: late ends keep the order they were read in, and so
 * do the errors about them. */
static void resolve_waiting_ends(load_ctx *ctx)
{
    while (ctx->pending_count)
        resolve_oldest_end(ctx);
}

/* Queues the end in SLOT, named TEXT of LEN bytes (less than LOAD_END_ID), for a lookup
 * LOAD_LOOKAHEAD ends later: its slot of the id table is fetched meanwhile. SAME_AS as in
 * load_pending_end. */
static void queue_end(load_ctx *ctx, size_t slot, const char *text, size_t len, size_t same_as,
                      const load_place *at)
{
    if (ctx->pending_count == LOAD_LOOKAHEAD)
        resolve_oldest_end(ctx);
    load_pending_end *end =
        &ctx->pending[(ctx->pending_first + ctx->pending_count++) % LOAD_LOOKAHEAD];
    end->slot = slot;  /* field by field: a compound literal would clear the id first */
    end->same_as = same_as;
    end->at = *at;
    memcpy(end->id, text, len + 1);
    if (same_as == SIZE_MAX) {
        end->hash = cpg_idmap_hash(text);
        cpg_idmap_prefetch(&ctx->file_ids, end->hash);
    }
}

void cpg_load_forget_ends(load_ctx *ctx)
{
    ctx->late_count = ctx->pending_count = 0;
    ctx->last_end[0].record = ctx->last_end[1].record = -1;
}

/* The field of AT that names the source (SLOT even) or the target of an edge. */
static const char *end_field(const load_place *at, size_t slot)
{
    return at->end_fields ? at->end_fields[slot % 2] : slot % 2 ? "target" : "source";
}

/* Each end costs a lookup in a table of every id, a cache miss in a large file: the lookup
 * waits in a queue while the next edges are read, and two shortcuts skip it. Edge lists are often
 * grouped by source: an end naming the node of the last end of its kind takes (or, while that
 * waits, will copy) its record, compared with a copy of its id kept at hand. */
static void take_end(load_ctx *ctx, const cJSON *item, size_t slot, const load_place *at)
{
    const char *field = end_field(at, slot);
    if (!item) {
        cpg_load_error(ctx, at, NULL, "edge has no '%s'", field);
        return;
    }
    const char *text = id_text(ctx, item, at, field);
    if (!text)
        return;
    load_last_end *last = &ctx->last_end[slot % 2];
    size_t len = strlen(text);
    if (last->record != -1 && len < LOAD_END_ID && memcmp(last->id, text, len + 1) == 0) {
        if (last->record >= 0)
            ctx->ends[slot] = last->record;
        else
            queue_end(ctx, slot, text, len, last->slot, at);
        return;
    }
    if (len >= LOAD_END_ID) {  /* rare: looked up at once, without the shortcut */
        resolve_waiting_ends(ctx);
        ctx->ends[slot] = cpg_idmap_get(&ctx->file_ids, text);
        if (ctx->ends[slot] < 0)
            add_late_end(ctx, slot, text, at);
        return;
    }
    queue_end(ctx, slot, text, len, SIZE_MAX, at);
    memcpy(last->id, text, len + 1);
    last->record = LOAD_PENDING;
    last->slot = slot;
}

/* A new edge record for SOURCE and TARGET, checked; its index, or -1 after an error. */
static igraph_integer_t take_edge(load_ctx *ctx, const cJSON *source, const cJSON *target,
                                  const load_place *at)
{
    if (!reserve_edges(ctx)) {
        cpg_load_out_of_memory(ctx);
        return -1;
    }
    igraph_integer_t i = ctx->edge_count++;
    ctx->ends[2 * i] = ctx->ends[2 * i + 1] = -1;
    size_t errors = ctx->diags->error_count;
    take_end(ctx, target, 2 * (size_t)i + 1, at);
    take_end(ctx, source, 2 * (size_t)i, at);
    return ctx->diags->error_count == errors ? i : -1;
}

void cpg_load_edge(load_ctx *ctx, const cJSON *source, const cJSON *target, const cJSON *attrs,
                   const load_place *at)
{
    igraph_integer_t i = take_edge(ctx, source, target, at);
    const cJSON *leave_out[] = {source, target, NULL};
    if (i >= 0)
        store_members(ctx, true, (size_t)i, attrs, leave_out, at);
}

/* Offers the ids of this file and of the graph so far. */
static const char *suggest_for(load_ctx *ctx, const char *wanted)
{
    cpg_suggest s;
    cpg_suggest_init(&s, wanted);
    for (igraph_integer_t i = 0; i < ctx->node_count; i++)
        if (ctx->ids[i])
            cpg_suggest_consider(&s, ctx->ids[i]);
    const char *in_graph = ctx->graph ? cpg_graph_suggest_id(ctx->graph, wanted) : NULL;
    if (in_graph)
        cpg_suggest_consider(&s, in_graph);
    return s.best;
}

size_t cpg_load_stub_late_ends(load_ctx *ctx, const char *(*type_of)(const char *id, void *data),
                               void *data)
{
    resolve_waiting_ends(ctx);
    size_t made = 0;
    for (size_t k = 0; k < ctx->late_count && !ctx->out_of_memory; k++) {
        const load_late_end *end = &ctx->late[k];
        if (cpg_idmap_get(&ctx->file_ids, end->id) >= 0 ||
            (ctx->graph && cpg_graph_find(ctx->graph, end->id) >= 0))
            continue;
        const char *type = type_of ? type_of(end->id, data) : NULL;
        cJSON *attrs = cJSON_CreateObject(), *id = cJSON_CreateString(end->id);
        if (!attrs || !id || !cJSON_AddTrueToObject(attrs, "stub") ||
            (type && !cJSON_AddStringToObject(attrs, "type", type)))
            cpg_load_out_of_memory(ctx);
        else
            cpg_load_node(ctx, id, attrs, NULL, &end->at), made++;
        cJSON_Delete(attrs);
        cJSON_Delete(id);
    }
    return made;
}

/* Resolves the late ends against the whole file, then the graph; the rest are unknown. Ends left
 * at -1 are looked up in the graph when the file is applied. */
void cpg_load_resolve_late_ends(load_ctx *ctx)
{
    resolve_waiting_ends(ctx);
    for (size_t k = 0; k < ctx->late_count; k++) {
        const load_late_end *end = &ctx->late[k];
        ctx->ends[end->slot] = cpg_idmap_get(&ctx->file_ids, end->id);
        if (ctx->ends[end->slot] >= 0 || (ctx->graph && cpg_graph_find(ctx->graph, end->id) >= 0))
            continue;
        const char *field = end_field(&end->at, end->slot);
        if (ctx->diags->error_cap && ctx->diags->error_count >= ctx->diags->error_cap) {
            cpg_load_error(ctx, &end->at, field, "unknown node"); /* only counted: no hint */
            continue;
        }
        const char *hint = suggest_for(ctx, end->id);
        if (hint)
            cpg_load_error(ctx, &end->at, field, "unknown node '%s' (did you mean '%s'?)", end->id,
                           hint);
        else
            cpg_load_error(ctx, &end->at, field, "unknown node '%s'", end->id);
    }
}

/* ---- graph-level fields ----------------------------------------------------------------- */

void cpg_load_check_members(load_ctx *ctx, const cJSON *object, const char *const *known,
                            const load_place *at)
{
    for (const cJSON *item = object->child; item; item = item->next) {
        if (cpg_load_key_in(item->string, known))
            continue;
        cpg_suggest s;
        cpg_suggest_init(&s, item->string);
        for (const char *const *k = known; *k; k++)
            cpg_suggest_consider(&s, *k);
        if (s.best)  /* other members are the file's own business: only typos are errors */
            cpg_load_error(ctx, at, item->string, "unknown member '%s' (did you mean '%s'?)",
                           item->string, s.best);
    }
}

bool cpg_load_flag(load_ctx *ctx, const cJSON *object, const char *key, const load_place *at,
                   bool *value)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (!item)
        return true;
    if (!cJSON_IsBool(item)) {
        cpg_load_error(ctx, at, key, "'%s' must be true or false, got %s", key,
                       cpg_json_type_name(item));
        return false;
    }
    *value = cJSON_IsTrue(item);
    return true;
}

/* Records ITEM under its name; false when out of memory. */
static bool names_index(cpg_json_names *names, cJSON *item)
{
    if (names->count == names->capacity) {
        size_t cap = names->capacity ? 2 * names->capacity : 16;
        cJSON **items = realloc(names->items, cap * sizeof *items);
        if (!items)
            return false;
        names->items = items;
        names->capacity = cap;
    }
    if (!cpg_idmap_put(&names->map, item->string, (int64_t)names->count))
        return false;
    names->items[names->count++] = item;
    return true;
}

bool cpg_json_names_init(cpg_json_names *names, const cJSON *object)
{
    *names = (cpg_json_names){0};
    cpg_idmap_init(&names->map);
    bool ok = true;
    for (cJSON *item = object->child; ok && item; item = item->next)
        ok = cpg_json_names_get(names, item->string) || names_index(names, item);
    return ok;
}

cJSON *cpg_json_names_get(const cpg_json_names *names, const char *name)
{
    int64_t k = cpg_idmap_get(&names->map, name);
    return k >= 0 ? names->items[k] : NULL;
}

/* Gives ITEM the name NAME (cJSON_AddItemToObject does so, cJSON_ReplaceItemViaPointer does
 * not); false when out of memory. */
static bool name_item(cJSON *item, const char *name)
{
    if (item->string && strcmp(item->string, name) == 0)
        return true;
    size_t n = strlen(name) + 1;
    char *key = cJSON_malloc(n);
    if (!key)
        return false;
    memcpy(key, name, n);
    if (!(item->type & cJSON_StringIsConst))
        cJSON_free(item->string);
    item->type &= ~cJSON_StringIsConst;
    item->string = key;
    return true;
}

bool cpg_json_names_set(cpg_json_names *names, cJSON *object, const char *name, cJSON *item)
{
    int64_t k = cpg_idmap_get(&names->map, name);
    if (k >= 0) {
        /* the table's key moves to ITEM's name before the old member, and its name, go */
        if (!name_item(item, name) || !cpg_idmap_put(&names->map, item->string, k)) {
            cJSON_Delete(item);
            return false;
        }
        cJSON_ReplaceItemViaPointer(object, names->items[k], item);  /* both are there */
        names->items[k] = item;
        return true;
    }
    if (!cJSON_AddItemToObject(object, name, item)) {
        cJSON_Delete(item);
        return false;
    }
    return names_index(names, item);
}

void cpg_json_names_free(cpg_json_names *names)
{
    cpg_idmap_free(&names->map);
    free(names->items);
}

bool cpg_load_graph_attrs(load_ctx *ctx, const cJSON *object, const char *const *skip)
{
    if (!ctx->graph_attrs && !(ctx->graph_attrs = cJSON_CreateObject())) {
        cpg_load_out_of_memory(ctx);
        return false;
    }
    cpg_json_names held;
    bool ok = cpg_json_names_init(&held, ctx->graph_attrs);
    for (const cJSON *item = object->child; ok && item; item = item->next) {
        if (cpg_load_key_in(item->string, skip))
            continue;
        if (nests_too_deep(item, 0)) {
            cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "graph attribute '%s' "
                          "nests arrays or objects deeper than %d levels", item->string,
                          CPG_VALUE_MAX_DEPTH);
            continue;
        }
        cJSON *copy = cJSON_Duplicate(item, true);
        ok = copy && cpg_json_names_set(&held, ctx->graph_attrs, item->string, copy);
    }
    cpg_json_names_free(&held);
    if (!ok)
        cpg_load_out_of_memory(ctx);
    return ok;
}


/* Member KEY of OBJECT (cJSON's lookup is a call into the library, and compares every key). */
static const cJSON *member(const cJSON *object, const char *key)
{
    for (const cJSON *m = object->child; m; m = m->next)
        if (m->string && m->string[0] == key[0] && strcmp(m->string, key) == 0)
            return m;
    return NULL;
}

/* A node of a file whose first node has no id, as D3's examples and NetworkX 1.x write them
 * (links name their ends by position): its id is its position, "0" for the first. */
static void take_node_by_position(load_ctx *ctx, const cJSON *id, const cJSON *element,
                                  const load_place *at)
{
    igraph_integer_t i = new_node_record(ctx, at);
    if (i < 0)
        return;
    if (id) {
        cpg_load_error(ctx, at, "id", "node has an 'id', but the first node has none (nodes "
                       "without ids are named by their position, 0 for the first): give every "
                       "node an id, or none");
        return;
    }
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, (int64_t)i);
    static const cJSON *const none[] = {NULL};
    if (name_node(ctx, i, text, at, NULL) >= 0)
        store_members(ctx, false, (size_t)i, element, none, at);
}

/* The members of graphology's "attributes" (ATTRIBUTES, member of an element at AT) as
 * attributes of ROW too. */
static void take_attributes_object(load_ctx *ctx, bool edge, size_t row, const cJSON *attributes,
                                   const load_place *at)
{
    static const cJSON *const none[] = {NULL};
    if (json_kind(attributes) == cJSON_Object)
        store_members(ctx, edge, row, attributes, none, at);
    else if (attributes)
        cpg_load_error(ctx, at, "attributes", "'attributes' must be an object, got %s",
                       cpg_json_type_name(attributes));
}

/* A node as graphology (sigma.js) serialises it: {"key", "attributes": {...}}; members beside
 * them, as sigma's examples have, are attributes too. */
static void take_graphology_node(load_ctx *ctx, const cJSON *element, const load_place *at)
{
    const cJSON *key = member(element, "key"), *attributes = member(element, "attributes");
    igraph_integer_t i = take_node(ctx, key, "key", at);
    if (i < 0)
        return;
    const cJSON *leave_out[] = {key, attributes, NULL};
    store_members(ctx, false, (size_t)i, element, leave_out, at);
    take_attributes_object(ctx, false, (size_t)i, attributes, at);
}

/* An edge of a graphology file: its "key" stays an attribute; "undirected" is counted, for
 * the direction of the graph (see nodelink.c). */
static void take_graphology_edge(load_ctx *ctx, const cJSON *element, const load_place *at)
{
    const cJSON *source = member(element, "source"), *target = member(element, "target");
    const cJSON *attributes = member(element, "attributes");
    const cJSON *undirected = member(element, "undirected");
    igraph_integer_t i = take_edge(ctx, source, target, at);
    if (i < 0)
        return;
    if (undirected && json_kind(undirected) != cJSON_True && json_kind(undirected) != cJSON_False)
        cpg_load_error(ctx, at, "undirected", "'undirected' must be true or false, got %s",
                       cpg_json_type_name(undirected));
    ctx->undirected_edges += json_kind(undirected) == cJSON_True;
    const cJSON *leave_out[] = {source, target, attributes, undirected, NULL};
    store_members(ctx, true, (size_t)i, element, leave_out, at);
    take_attributes_object(ctx, true, (size_t)i, attributes, at);
}

/* A node or edge object: its members but the id (or the ends) are its attributes. */
void cpg_load_element(load_ctx *ctx, bool is_node, const cJSON *element, const load_place *at)
{
    if (json_kind(element) != cJSON_Object) {
        cpg_load_error(ctx, at, NULL, "%s must be an object, got %s",
                       is_node ? "a node" : "an edge", cpg_json_type_name(element));
    } else if (is_node) {
        const cJSON *id = member(element, "id");
        if (ctx->node_count == 0) {  /* the first node tells how nodes are named */
            ctx->graphology = !id && member(element, "key");
            ctx->by_position = !id && !ctx->graphology;
            ctx->edges_before_nodes = ctx->edge_count;
        }
        if (ctx->graphology)
            take_graphology_node(ctx, element, at);
        else if (ctx->by_position)
            take_node_by_position(ctx, id, element, at);
        else
            cpg_load_node(ctx, id, element, NULL, at);
    } else if (ctx->graphology) {
        take_graphology_edge(ctx, element, at);
    } else {
        cpg_load_edge(ctx, member(element, "source"), member(element, "target"), element, at);
    }
}
