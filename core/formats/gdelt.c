/* gdelt.c: GDELT 2.0 events (the *.export.CSV files: tab-separated, no header, 61 columns),
 * read a line at a time: each event an edge from Actor1 to Actor2 (their actor codes, countries
 * or types, by -O level=), with its CAMEO codes, measures, places and source article; or, with
 * -O aggregate=true, one weighted edge per pair of actors and CAMEO root code. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/json.h"
#include "intake.h"
#include "lines.h"
#include "readers.h"
#include "text.h"

static const char *const gdelt_settings[] = {"level", "aggregate", NULL};

enum {
    GDELT_COLUMNS = 61,
    COL_EVENT_ID = 0, COL_DAY = 1,
    COL_ACTOR1 = 5, COL_ACTOR2 = 15,  /* each actor: Code, Name, CountryCode, KnownGroupCode,
                                       * EthnicCode, Religion1Code, Religion2Code, Type1Code..3 */
    ACTOR_NAME = 1, ACTOR_COUNTRY = 2, ACTOR_TYPE1 = 7,
    COL_IS_ROOT = 25, COL_EVENT_CODE = 26, COL_BASE_CODE = 27, COL_ROOT_CODE = 28,
    COL_QUAD_CLASS = 29, COL_GOLDSTEIN = 30, COL_MENTIONS = 31, COL_SOURCES = 32,
    COL_ARTICLES = 33, COL_TONE = 34,
    COL_ACTOR1_GEO = 35, COL_ACTOR2_GEO = 43, COL_ACTION_GEO = 51,  /* each: Type, FullName,
                                       * CountryCode (FIPS 10-4), ADM1Code, ADM2Code, Lat, Long,
                                       * FeatureID */
    GEO_NAME = 1, GEO_COUNTRY = 2, GEO_LAT = 5, GEO_LONG = 6,
    COL_DATE_ADDED = 59, COL_SOURCE_URL = 60,
};

/* CAMEO's twenty root codes, "01" to "20": the edge's type. */
static const char *const cameo_roots[] = {
    "Make public statement", "Appeal", "Express intent to cooperate", "Consult",
    "Engage in diplomatic cooperation", "Engage in material cooperation", "Provide aid",
    "Yield", "Investigate", "Demand", "Disapprove", "Reject", "Threaten", "Protest",
    "Exhibit force posture", "Reduce relations", "Coerce", "Assault", "Fight",
    "Use unconventional mass violence",
};

typedef enum { LEVEL_ACTOR, LEVEL_COUNTRY, LEVEL_TYPE } gdelt_level;

/* One pair of actors and root code, with -O aggregate=true. */
typedef struct gdelt_pair {
    const char *source, *target;  /* in the load's arena */
    char root[3];
    size_t events;
    long long mentions;
    double tone, goldstein;      /* sums over the events that have one */
    size_t tones, goldsteins;    /* how many have one: an empty measure is not a zero */
    char first_day[11], last_day[11];
    const char *first_url;
    load_place at;  /* the first event's */
} gdelt_pair;

typedef struct gdelt_reader {
    load_ctx *ctx;
    gdelt_level level;
    bool aggregate;
    size_t skipped;  /* events without one of their actors at the level read */
    cpg_idmap pair_index;  /* "source\x1ftarget\x1froot" -> index in pairs */
    gdelt_pair *pairs;
    size_t pair_count, pair_capacity;
} gdelt_reader;

/* The fields of one line: start and length of each. */
typedef struct gdelt_row {
    const char *start[GDELT_COLUMNS];
    size_t len[GDELT_COLUMNS];
    const char *line;
    size_t number;
} gdelt_row;

static load_place field_place(const gdelt_row *row, int col)
{
    return (load_place){.line = row->number, .column = (size_t)(row->start[col] - row->line) + 1,
                        .text = true};
}

/* Splits LINE into its 61 fields; false after reporting another count. */
static bool split_row(gdelt_reader *r, gdelt_row *row)
{
    const char *p = row->line, *end = row->line + strlen(row->line);
    int n = 0;
    for (;;) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        if (n < GDELT_COLUMNS) {
            row->start[n] = p;
            row->len[n] = (size_t)((tab ? tab : end) - p);
        }
        n++;
        if (!tab)
            break;
        p = tab + 1;
    }
    if (n == GDELT_COLUMNS)
        return true;
    load_place at = {.line = row->number, .column = 1, .text = true};
    cpg_load_error(r->ctx, &at, NULL, "%d tab-separated fields; a GDELT 2.0 event has 61%s", n,
                   n == 57 || n == 58 ? " (this looks like GDELT 1.0, which cpecgraph does not "
                                        "read)" : "");
    return false;
}

/* Field COL as a NUL-terminated copy in BUF (SIZE bytes; longer fields are cut). */
static const char *field(const gdelt_row *row, int col, char *buf, size_t size)
{
    size_t n = row->len[col] < size - 1 ? row->len[col] : size - 1;
    memcpy(buf, row->start[col], n);
    buf[n] = '\0';
    return buf;
}

/* Adds field COL as a number named NAME when it is not empty; false after an error. */
static bool add_number(gdelt_reader *r, cJSON *attrs, const gdelt_row *row, int col,
                       const char *name, bool integer)
{
    if (row->len[col] == 0)
        return true;
    char text[64], *end;
    field(row, col, text, sizeof text);
    errno = 0;
    long long whole = integer ? strtoll(text, &end, 10) : 0;
    double value = integer ? (double)whole : strtod(text, &end);
    if (*end || end == text || errno || !isfinite(value) || row->len[col] >= sizeof text) {
        load_place at = field_place(row, col);
        cpg_load_error(r->ctx, &at, NULL, "%s must be %s, got '%s'", name,
                       integer ? "an integer" : "a number", text);
        return false;
    }
    return cpg_text_add(r->ctx, attrs, name,
                        integer ? cpg_json_integer(whole) : cJSON_CreateNumber(value));
}

/* Adds field COL as a string named NAME when it is not empty. */
static bool add_text(gdelt_reader *r, cJSON *attrs, const gdelt_row *row, int col,
                     const char *name)
{
    if (row->len[col] == 0)
        return true;
    char *text = malloc(row->len[col] + 1);
    if (!text) {
        cpg_load_out_of_memory(r->ctx);
        return false;
    }
    bool ok = cpg_text_add(r->ctx, attrs, name,
                           cJSON_CreateString(field(row, col, text, row->len[col] + 1)));
    free(text);
    return ok;
}

/* SQLDATE (YYYYMMDD) as an ISO 8601 date in DAY (11 bytes); false after an error. */
static bool read_day(gdelt_reader *r, const gdelt_row *row, char day[11])
{
    const char *s = row->start[COL_DAY];
    bool digits = row->len[COL_DAY] == 8;
    for (int i = 0; digits && i < 8; i++)
        digits = s[i] >= '0' && s[i] <= '9';
    if (!digits) {
        load_place at = field_place(row, COL_DAY);
        char text[32];
        cpg_load_error(r->ctx, &at, NULL, "the day (SQLDATE) must be YYYYMMDD, got '%s'",
                       field(row, COL_DAY, text, sizeof text));
        return false;
    }
    snprintf(day, 11, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    return true;
}

/* The root code "01".."20" of the event; false after an error. */
static bool read_root(gdelt_reader *r, const gdelt_row *row, char root[3], int *index)
{
    const char *s = row->start[COL_ROOT_CODE];
    int n = row->len[COL_ROOT_CODE] == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
                    s[1] <= '9' ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
    if (n < 1 || n > 20) {
        load_place at = field_place(row, COL_ROOT_CODE);
        char text[32];
        cpg_load_error(r->ctx, &at, NULL, "the CAMEO root code (EventRootCode) must be 01 to "
                       "20, got '%s'", field(row, COL_ROOT_CODE, text, sizeof text));
        return false;
    }
    memcpy(root, s, 2);
    root[2] = '\0';
    *index = n - 1;
    return true;
}

/* The node of the actor whose fields begin at column BASE, at the level read, in ID (SIZE
 * bytes): 1, or 0 when the event has no such actor (its code is empty), or -1 after an error. */
static int actor_id(gdelt_reader *r, const gdelt_row *row, int base, char *id, size_t size)
{
    int col = base + (r->level == LEVEL_COUNTRY ? ACTOR_COUNTRY
                      : r->level == LEVEL_TYPE  ? ACTOR_TYPE1 : 0);
    if (row->len[col] == 0)
        return 0;
    if (row->len[col] >= size) {
        load_place at = field_place(row, col);
        cpg_load_error(r->ctx, &at, NULL, "an actor code of %zu bytes: GDELT's have a few",
                       row->len[col]);
        return -1;
    }
    field(row, col, id, size);
    return 1;
}

/* A node for actor ID (columns from BASE) when the file has none yet: its name, country and
 * type as the first event that names it gives them. */
static bool make_actor(gdelt_reader *r, const gdelt_row *row, int base, const char *id,
                       const load_place *at)
{
    load_ctx *ctx = r->ctx;
    if (cpg_idmap_get(&ctx->file_ids, id) >= 0)
        return true;
    static const char *const kinds[] = {"actor", "country", "actor type"};
    cJSON *attrs = cJSON_CreateObject(), *key = cJSON_CreateString(id);
    bool ok = attrs && key && cpg_text_add(ctx, attrs, "type", cJSON_CreateString(kinds[r->level]));
    if (ok && r->level == LEVEL_ACTOR)
        ok = add_text(r, attrs, row, base + ACTOR_NAME, "label") &&
             add_text(r, attrs, row, base + ACTOR_COUNTRY, "country") &&
             add_text(r, attrs, row, base + ACTOR_TYPE1, "actor_type");
    size_t errors = ctx->diags->error_count;
    if (ok)
        cpg_load_node(ctx, key, attrs, NULL, at);
    else if (!attrs || !key)
        cpg_load_out_of_memory(ctx);
    cJSON_Delete(attrs);
    cJSON_Delete(key);
    return ok && ctx->diags->error_count == errors && !ctx->out_of_memory;
}

/* The attribute names of a geography: its place, country (FIPS 10-4: CH is China), latitude
 * and longitude. */
typedef struct geo_names {
    const char *name, *country, *lat, *lon;
} geo_names;

#define GEO_NAMES(prefix) {prefix, prefix "_country", prefix "_lat", prefix "_long"}
static const geo_names actor1_geo = GEO_NAMES("actor1_geo"),
                       actor2_geo = GEO_NAMES("actor2_geo"),
                       action_geo = GEO_NAMES("action_geo");

/* The geography whose fields begin at BASE, under NAMES. */
static bool add_geo(gdelt_reader *r, cJSON *attrs, const gdelt_row *row, int base,
                    const geo_names *names)
{
    return add_text(r, attrs, row, base + GEO_NAME, names->name) &&
           add_text(r, attrs, row, base + GEO_COUNTRY, names->country) &&
           add_number(r, attrs, row, base + GEO_LAT, names->lat, false) &&
           add_number(r, attrs, row, base + GEO_LONG, names->lon, false);
}

/* The attributes of one event. NULL after an error. */
static cJSON *event_attrs(gdelt_reader *r, const gdelt_row *row, const char *day,
                          const char *root, int root_index)
{
    cJSON *a = cJSON_CreateObject();
    char event_id[32], evidence[160];
    snprintf(evidence, sizeof evidence, "GDELT event %s: %s (CAMEO %.*s) on %s",
             field(row, COL_EVENT_ID, event_id, sizeof event_id), cameo_roots[root_index],
             (int)(row->len[COL_EVENT_CODE] < 8 ? row->len[COL_EVENT_CODE] : 8),
             row->start[COL_EVENT_CODE], day);
    bool ok = cpg_text_add(r->ctx, a, "type", cJSON_CreateString(cameo_roots[root_index])) &&
              add_number(r, a, row, COL_EVENT_ID, "event_id", true) &&
              cpg_text_add(r->ctx, a, "date", cJSON_CreateString(day)) &&
              add_text(r, a, row, COL_EVENT_CODE, "event_code") &&
              add_text(r, a, row, COL_BASE_CODE, "event_base_code") &&
              cpg_text_add(r->ctx, a, "event_root_code", cJSON_CreateString(root)) &&
              (!row->len[COL_IS_ROOT] ||
               cpg_text_add(r->ctx, a, "is_root_event",
                            cJSON_CreateBool(row->len[COL_IS_ROOT] == 1 &&
                                             row->start[COL_IS_ROOT][0] == '1'))) &&
              add_number(r, a, row, COL_QUAD_CLASS, "quad_class", true) &&
              add_number(r, a, row, COL_GOLDSTEIN, "goldstein", false) &&
              add_number(r, a, row, COL_MENTIONS, "num_mentions", true) &&
              add_number(r, a, row, COL_SOURCES, "num_sources", true) &&
              add_number(r, a, row, COL_ARTICLES, "num_articles", true) &&
              add_number(r, a, row, COL_TONE, "avg_tone", false) &&
              add_geo(r, a, row, COL_ACTOR1_GEO, &actor1_geo) &&
              add_geo(r, a, row, COL_ACTOR2_GEO, &actor2_geo) &&
              add_geo(r, a, row, COL_ACTION_GEO, &action_geo) &&
              add_number(r, a, row, COL_DATE_ADDED, "date_added", true) &&
              add_text(r, a, row, COL_SOURCE_URL, "evidence_source") &&
              cpg_text_add(r->ctx, a, "evidence", cJSON_CreateString(evidence));
    if (!ok)
        cJSON_Delete(a);
    return ok ? a : NULL;
}

/* A number field as a double, 0 when empty (aggregates); checked by event_attrs before. */
static double number_of(const gdelt_row *row, int col)
{
    char text[64];
    return row->len[col] ? strtod(field(row, col, text, sizeof text), NULL) : 0;
}

/* Adds field COL, when it has a value, to *SUM, counted in *COUNT. */
static void add_measure(const gdelt_row *row, int col, double *sum, size_t *count)
{
    *sum += number_of(row, col);
    *count += row->len[col] > 0;
}

/* Field COL, the whole of it, in the load's arena; NULL when empty or out of memory. */
static const char *lasting_field(gdelt_reader *r, const gdelt_row *row, int col)
{
    char *text = row->len[col] ? cpg_arena_alloc_text(r->ctx->arena, row->len[col] + 1) : NULL;
    return text ? field(row, col, text, row->len[col] + 1) : NULL;
}

/* -O aggregate=true: the event counted into the edge of its pair and root code. */
static void count_event(gdelt_reader *r, const gdelt_row *row, const char *source,
                        const char *target, const char *root, const char *day,
                        const load_place *at)
{
    char key[2 * 256 + 8];  /* ids of less than 256 bytes (actor_id) */
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", source, target, root);
    int64_t i = cpg_idmap_get(&r->pair_index, key);
    if (i < 0) {
        if (r->pair_count == r->pair_capacity) {
            size_t cap = r->pair_capacity ? 2 * r->pair_capacity : 1024;
            gdelt_pair *bigger = realloc(r->pairs, cap * sizeof *bigger);
            if (!bigger) {
                cpg_load_out_of_memory(r->ctx);
                return;
            }
            r->pairs = bigger;
            r->pair_capacity = cap;
        }
        const char *kept = cpg_arena_strdup(r->ctx->arena, key);
        gdelt_pair *p = &r->pairs[r->pair_count];
        *p = (gdelt_pair){.source = cpg_arena_strdup(r->ctx->arena, source),
                          .target = cpg_arena_strdup(r->ctx->arena, target), .at = *at,
                          .first_url = lasting_field(r, row, COL_SOURCE_URL)};
        memcpy(p->root, root, 3);
        memcpy(p->first_day, day, 11);
        memcpy(p->last_day, day, 11);
        if (!kept || !p->source || !p->target || (row->len[COL_SOURCE_URL] && !p->first_url) ||
            !cpg_idmap_put(&r->pair_index, kept, (int64_t)r->pair_count)) {
            cpg_load_out_of_memory(r->ctx);
            return;
        }
        i = (int64_t)r->pair_count++;
    }
    gdelt_pair *p = &r->pairs[i];
    p->events++;
    p->mentions += (long long)number_of(row, COL_MENTIONS);
    add_measure(row, COL_TONE, &p->tone, &p->tones);
    add_measure(row, COL_GOLDSTEIN, &p->goldstein, &p->goldsteins);
    if (strcmp(day, p->first_day) < 0)
        memcpy(p->first_day, day, 11);
    if (strcmp(day, p->last_day) > 0)
        memcpy(p->last_day, day, 11);
}

/* The aggregated edges, after the last line. */
static void emit_pairs(gdelt_reader *r)
{
    for (size_t i = 0; i < r->pair_count && !r->ctx->out_of_memory; i++) {
        const gdelt_pair *p = &r->pairs[i];
        cJSON *a = cJSON_CreateObject();
        int root = (p->root[0] - '0') * 10 + (p->root[1] - '0') - 1;
        char evidence[200];
        snprintf(evidence, sizeof evidence, "%zu GDELT events: %s (CAMEO %s), %s to %s",
                 p->events, cameo_roots[root], p->root, p->first_day, p->last_day);
        /* cpg_text_add reports a NULL A, or any item it could not make, as out of memory */
        if (cpg_text_add(r->ctx, a, "type", cJSON_CreateString(cameo_roots[root])) &&
            cpg_text_add(r->ctx, a, "event_root_code", cJSON_CreateString(p->root)) &&
            cpg_text_add(r->ctx, a, "weight", cpg_json_integer((long long)p->events)) &&
            cpg_text_add(r->ctx, a, "events", cpg_json_integer((long long)p->events)) &&
            cpg_text_add(r->ctx, a, "num_mentions", cpg_json_integer(p->mentions)) &&
            (!p->tones ||
             cpg_text_add(r->ctx, a, "avg_tone", cJSON_CreateNumber(p->tone / p->tones))) &&
            (!p->goldsteins || cpg_text_add(r->ctx, a, "goldstein",
                                            cJSON_CreateNumber(p->goldstein / p->goldsteins))) &&
            cpg_text_add(r->ctx, a, "start", cJSON_CreateString(p->first_day)) &&
            cpg_text_add(r->ctx, a, "end", cJSON_CreateString(p->last_day)) &&
            (!p->first_url || cpg_text_add(r->ctx, a, "evidence_source",
                                           cJSON_CreateString(p->first_url))) &&
            cpg_text_add(r->ctx, a, "evidence", cJSON_CreateString(evidence)))
            cpg_text_edge(r->ctx, p->source, p->target, a, &p->at);
        cJSON_Delete(a);
    }
}

/* Whether LINE (LEN bytes, line NUMBER) is UTF-8 text without NUL bytes; reported at its
 * first bad byte if not. */
static bool line_is_utf8(gdelt_reader *r, const char *line, size_t len, size_t number)
{
    const unsigned char *u = (const unsigned char *)line;
    size_t bad = 0;
    for (size_t i = 0, n; i < len; i += n)
        if (!u[i] || !(n = u[i] < 0x80 ? 1 : cpg_utf8_sequence(u + i, len - i, &bad))) {
            load_place at = {.line = number, .column = i + 1, .text = true};
            cpg_load_error(r->ctx, &at, NULL, u[i] ? "invalid UTF-8: GDELT files are UTF-8"
                                                   : "a NUL byte: this is not a GDELT file");
            return false;
        }
    return true;
}

/* The ends of the event of ROW in SOURCE and TARGET (256 bytes each): 1, or 0 when it lacks
 * one (counted), or -1 after an error. */
static int event_ends(gdelt_reader *r, const gdelt_row *row, char *source, char *target)
{
    int has_source = actor_id(r, row, COL_ACTOR1, source, 256);
    int has_target = has_source < 0 ? -1 : actor_id(r, row, COL_ACTOR2, target, 256);
    if (has_source < 0 || has_target < 0)
        return -1;
    r->skipped += !has_source || !has_target;
    return has_source && has_target;
}

/* The fields every event has: its id and CAMEO code (the day and root code are read apart). */
static bool required_fields(gdelt_reader *r, const gdelt_row *row)
{
    static const int cols[] = {COL_EVENT_ID, COL_EVENT_CODE};
    static const char *const names[] = {"GlobalEventID", "EventCode"};
    for (int k = 0; k < 2; k++)
        if (row->len[cols[k]] == 0) {
            load_place at = field_place(row, cols[k]);
            cpg_load_error(r->ctx, &at, NULL, "the %s is empty", names[k]);
            return false;
        }
    return true;
}

static void gdelt_line(gdelt_reader *r, const char *text, size_t len, size_t number)
{
    while (len && (text[len - 1] == '\r' || text[len - 1] == '\n'))
        len--;
    if (number == 1 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        text += 3, len -= 3;  /* a byte order mark; columns count from after it */
    if (len == 0 || !line_is_utf8(r, text, len, number))
        return;
    char *line = malloc(len + 1);
    if (!line) {
        cpg_load_out_of_memory(r->ctx);
        return;
    }
    memcpy(line, text, len);
    line[len] = '\0';
    gdelt_row row = {.line = line, .number = number};
    char day[11], root[3], source[256], target[256];
    int root_index;
    load_place at = {.line = number, .column = 1, .text = true};
    if (split_row(r, &row) && required_fields(r, &row) && read_day(r, &row, day) &&
        read_root(r, &row, root, &root_index) && event_ends(r, &row, source, target) > 0 &&
        make_actor(r, &row, COL_ACTOR1, source, &at) &&
        make_actor(r, &row, COL_ACTOR2, target, &at)) {
        cJSON *attrs = event_attrs(r, &row, day, root, root_index);
        if (attrs && r->aggregate)
            count_event(r, &row, source, target, root, day, &at);
        else if (attrs)
            cpg_text_edge(r->ctx, source, target, attrs, &at);
        cJSON_Delete(attrs);
    }
    free(line);
}

static void gdelt_begin(gdelt_reader *r, load_ctx *ctx)
{
    static const char *const levels[] = {"actor", "country", "type", NULL};
    *r = (gdelt_reader){.ctx = ctx};
    r->level = (gdelt_level)cpg_load_setting_choice(ctx, "level", levels, LEVEL_ACTOR);
    r->aggregate = cpg_load_setting_flag(ctx, "aggregate", false);
    ctx->directed = ctx->multigraph = true;
    if (r->aggregate && ctx->graph && cpg_graph_edge_count(ctx->graph) > 0)
        cpg_diags_add(ctx->diags, CPG_WARNING, ctx->name, 0, 0, NULL, "aggregate=true "
                      "aggregates the events of each file: the edges of the files before stay "
                      "apart from these (to aggregate them all, concatenate the files: cat "
                      "*.export.CSV > all.export.CSV)");
    cpg_idmap_init(&r->pair_index);
}

static void gdelt_end(gdelt_reader *r)
{
    emit_pairs(r);
    if (r->skipped) {
        static const char *const missing[] = {"actor code", "country code", "type code"};
        cpg_diags_add(r->ctx->diags, CPG_WARNING, r->ctx->name, 0, 0, NULL,
                      "%zu event%s without Actor1 or Actor2 (an empty %s) left out", r->skipped,
                      r->skipped == 1 ? "" : "s", missing[r->level]);
    }
    cpg_idmap_free(&r->pair_index);
    free(r->pairs);
}

static void each_line(void *data, const char *line, size_t len, size_t number)
{
    gdelt_line(data, line, len, number);
}

static void gdelt_read(load_ctx *ctx, const char *buf, size_t len)
{
    gdelt_reader r;
    gdelt_begin(&r, ctx);
    cpg_lines_each_in(ctx, buf, len, each_line, &r);
    gdelt_end(&r);
}

static cpg_status gdelt_read_stream(load_ctx *ctx, FILE *fp)
{
    gdelt_reader r;
    gdelt_begin(&r, ctx);
    cpg_status status = cpg_lines_each(ctx, fp, each_line, &r);
    gdelt_end(&r);
    return status;
}

/* A first line of 61 tab-separated fields (or 1.0's 57 or 58), the first an event id and the
 * second a day. */
static bool gdelt_sniff(const char *buf, size_t len)
{
    const char *nl = memchr(buf, '\n', len);
    size_t n = nl ? (size_t)(nl - buf) : len, tabs = 0, first = n;
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '\t' && tabs++ == 0)
            first = i;
    bool digits = first > 0 && first < n && n - first > 9;
    for (size_t i = 0; digits && i < first; i++)
        digits = buf[i] >= '0' && buf[i] <= '9';
    for (size_t i = first + 1; digits && i < first + 9; i++)
        digits = buf[i] >= '0' && buf[i] <= '9';
    /* GDELT 1.0's 57 or 58 columns too, for the error that says what it is */
    return (tabs == GDELT_COLUMNS - 1 || tabs == 56 || tabs == 57) && digits &&
           buf[first + 9] == '\t';
}

const cpg_reader cpg_reader_gdelt = {
    .name = "gdelt", .title = "a GDELT 2.0 events file", .suffixes = {".export.csv"},
    .sniff = gdelt_sniff, .read = gdelt_read, .read_stream = gdelt_read_stream,
    .settings = gdelt_settings, .by_line = true,
};
