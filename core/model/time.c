/* time.c: ISO 8601 dates, full or partial, as the intervals they name; the time of an element
 * from the attributes that carry time in the formats cpecgraph reads; windows. */
#include "cpecgraph/time.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#define DAY 86400.0

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly N digits at *P (before END) into *V. */
static bool take_digits(const char **p, const char *end, int n, int *v)
{
    if (end - *p < n)
        return false;
    int x = 0;
    for (int i = 0; i < n; i++) {
        if ((*p)[i] < '0' || (*p)[i] > '9')
            return false;
        x = x * 10 + ((*p)[i] - '0');
    }
    *p += n, *v = x;
    return true;
}

static bool take_char(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return true;
    }
    return false;
}

/* The offset after a time (Z, +HH:MM, +HHMM, +HH, or none: UTC), in seconds east. */
static bool take_offset(const char **p, const char *end, double *offset)
{
    *offset = 0;
    if (*p == end || take_char(p, end, 'Z'))
        return true;
    int sign = take_char(p, end, '+') ? 1 : take_char(p, end, '-') ? -1 : 0;
    int hh, mm = 0;
    if (!sign || !take_digits(p, end, 2, &hh) || hh > 23)
        return false;
    if (*p < end) {  /* minutes, after a colon or not */
        take_char(p, end, ':');
        if (!take_digits(p, end, 2, &mm) || mm > 59)
            return false;
    }
    *offset = sign * (hh * 3600.0 + mm * 60.0);
    return true;
}

/* The time of day after the date at *P: HH (the hour), HH:MM (the minute) or HH:MM:SS[.fff]
 * (an instant), and the offset; *SPAN is the length it names (0 for an instant). */
static bool take_time(const char **p, const char *end, double *seconds, double *span,
                      const char **why)
{
    int hh, mm = 0, ss = 0;
    double fraction = 0;
    *why = "a time of day must be HH, HH:MM or HH:MM:SS";
    if (!take_digits(p, end, 2, &hh))
        return false;
    *span = 3600;
    if (take_char(p, end, ':')) {
        if (!take_digits(p, end, 2, &mm))
            return false;
        *span = 60;
        if (take_char(p, end, ':')) {
            if (!take_digits(p, end, 2, &ss))
                return false;
            *span = 0;
            if (take_char(p, end, '.') || take_char(p, end, ',')) {
                double scale = 0.1;
                const char *digits = *p;
                for (; *p < end && **p >= '0' && **p <= '9'; (*p)++, scale /= 10)
                    fraction += (**p - '0') * scale;
                if (*p == digits)
                    return false;
            }
        }
    }
    if (hh > 23 || mm > 59 || ss > 60) {
        *why = "the time of day is out of range";
        return false;
    }
    double offset;
    if (!take_offset(p, end, &offset)) {
        *why = "the offset must be Z, +HH:MM, +HHMM or +HH";
        return false;
    }
    *seconds = hh * 3600.0 + mm * 60.0 + ss + fraction - offset;
    return true;
}

bool cpg_time_parse(const char *text, size_t len, cpg_interval *out, const char **why)
{
    const char *p = text, *end = text + len;
    int y, m = 1, d = 1;
    *why = "not an ISO 8601 date (YYYY, YYYY-MM, YYYY-MM-DD, with a time: "
           "YYYY-MM-DDTHH:MM:SSZ)";
    if (!take_digits(&p, end, 4, &y))
        return false;
    enum { YEAR, MONTH, DAY_ } precision = YEAR;
    if (take_char(&p, end, '-')) {
        if (!take_digits(&p, end, 2, &m))
            return false;
        precision = MONTH;
        if (take_char(&p, end, '-')) {
            if (!take_digits(&p, end, 2, &d))
                return false;
            precision = DAY_;
        }
    } else if (p < end && take_digits(&p, end, 2, &m)) {  /* YYYYMMDD, ISO's basic form */
        if (!take_digits(&p, end, 2, &d))
            return false;
        precision = DAY_;
    }
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) {
        *why = "that day does not exist";
        return false;
    }
    double start = (double)days_from_civil(y, m, d) * DAY;
    if (p == end) {
        double next = precision == YEAR ? (double)days_from_civil(y + 1, 1, 1) * DAY
                      : precision == MONTH ? start + days_in_month(y, m) * DAY
                      : start + DAY;
        *out = (cpg_interval){start, next};
        return true;
    }
    if (precision != DAY_ || !(take_char(&p, end, 'T') || take_char(&p, end, ' ')))
        return false;
    double seconds, span;
    if (!take_time(&p, end, &seconds, &span, why))
        return false;
    if (p != end) {
        *why = "text follows the date";
        return false;
    }
    *out = (cpg_interval){start + seconds, start + seconds + span};
    return true;
}

bool cpg_interval_meets(cpg_interval iv, cpg_interval window)
{
    if (iv.start == iv.end)
        return window.start <= iv.start && iv.start < window.end;
    return iv.start < window.end && window.start < iv.end;
}

void cpg_time_format(double t, char buf[40])
{
    if (isinf(t)) {
        snprintf(buf, 40, "%s", t < 0 ? "-inf" : "inf");
        return;
    }
    int64_t days = (int64_t)floor(t / DAY);
    double rest = t - (double)days * DAY;
    /* civil_from_days (Hinnant) */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
    int64_t y = yoe + era * 400 + (m <= 2);
    int secs = (int)rest;  /* 0 .. 86399 */
    snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)(y % 100000), m % 100, d % 100,
             secs / 3600 % 100, secs / 60 % 60, secs % 60);
}

/* ---- the time of an element ------------------------------------------------------------- */

/* The pairs of attributes that hold a start and an end, in the order they are looked for. */
static const char *const pairs[][2] = {{"start", "end"}, {"startDate", "endDate"},
                                       {"start_time", "stop_time"},
                                       {"first_seen", "last_seen"}};

/* The interval of value V of G: ISO 8601 text, or an integer that is a year. */
static bool value_interval(const cpg_graph *g, const cpg_value *v, cpg_interval *iv,
                           const char **why)
{
    if (v->type == CPG_VINT && v->u.i >= 1 && v->u.i <= 9999) {
        char year[8];
        snprintf(year, sizeof year, "%04d", (int)v->u.i);
        return cpg_time_parse(year, 4, iv, why);
    }
    if (v->type != CPG_VSTRING) {
        *why = "a date must be ISO 8601 text or a whole year";
        return false;
    }
    size_t len;
    const char *text = cpg_graph_string(g, v->u.sid, &len);
    return cpg_time_parse(text, len, iv, why);
}

/* The interval of a JSON date (a spell's start or end), or absent. */
static bool json_interval(const cJSON *item, cpg_interval *iv, const char **why)
{
    if (cJSON_IsString(item))
        return cpg_time_parse(item->valuestring, strlen(item->valuestring), iv, why);
    if (cJSON_IsNumber(item) && item->valuedouble == floor(item->valuedouble) &&
        item->valuedouble >= 1 && item->valuedouble <= 9999) {
        char year[8];
        snprintf(year, sizeof year, "%04d", (int)item->valuedouble);
        return cpg_time_parse(year, 4, iv, why);
    }
    *why = "a date must be ISO 8601 text or a whole year";
    return false;
}

/* The interval from START's beginning to END's end, either open when absent; an END whose
 * period begins before START's does is wrong ("2016" to "2015"). */
static bool span_of(const cpg_interval *start, const cpg_interval *end, cpg_interval *iv,
                    const char **why)
{
    *iv = (cpg_interval){start ? start->start : -INFINITY, end ? end->end : INFINITY};
    if (start && end && end->start < start->start) {
        *why = "it ends before it starts";
        return false;
    }
    return true;
}

/* Calls EACH on every spell of the JSON list TEXT (GEXF's spells), stopping when it returns
 * true; false with *WHY when a spell is not one. */
static bool for_each_spell(const char *text, bool (*each)(cpg_interval, void *), void *ud,
                           const char **why)
{
    cJSON *list = cJSON_Parse(text);
    bool ok = cJSON_IsArray(list);
    *why = "spells must be a list of {start, end}";
    const cJSON *spell, *items = ok ? list : NULL;
    cJSON_ArrayForEach(spell, items) {
        const cJSON *from = cJSON_GetObjectItemCaseSensitive(spell, "start");
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(spell, "end");
        cpg_interval a, b, iv;
        ok = cJSON_IsObject(spell) && (from || to) && (!from || json_interval(from, &a, why)) &&
             (!to || json_interval(to, &b, why)) &&
             span_of(from ? &a : NULL, to ? &b : NULL, &iv, why);
        if (!ok || each(iv, ud))
            break;
    }
    cJSON_Delete(list);
    return ok;
}

static bool widen_hull(cpg_interval iv, void *ud)
{
    cpg_interval *hull = ud;
    hull->start = fmin(hull->start, iv.start);
    hull->end = fmax(hull->end, iv.end);
    return false;
}

cpg_time cpg_graph_time(const cpg_graph *g, cpg_domain d, igraph_integer_t i)
{
    cpg_time t = {CPG_TIME_UNDATED, {0, 0}, NULL, NULL};
    static const char *const single[] = {"date", "timestamp"};
    for (size_t k = 0; k < 2; k++) {
        cpg_value v = cpg_graph_get(g, d, i, single[k]);
        if (v.type == CPG_VNONE)
            continue;
        t.attribute = single[k];
        t.kind = value_interval(g, &v, &t.hull, &t.why) ? CPG_TIME_DATED : CPG_TIME_BAD;
        return t;
    }
    for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++) {
        cpg_value from = cpg_graph_get(g, d, i, pairs[k][0]);
        cpg_value to = cpg_graph_get(g, d, i, pairs[k][1]);
        if (from.type == CPG_VNONE && to.type == CPG_VNONE)
            continue;
        cpg_interval a, b;
        bool has_from = from.type != CPG_VNONE, has_to = to.type != CPG_VNONE;
        t.kind = CPG_TIME_BAD;
        t.attribute = pairs[k][0];
        if (has_from && !value_interval(g, &from, &a, &t.why))
            return t;
        t.attribute = has_to ? pairs[k][1] : pairs[k][0];
        if (has_to && !value_interval(g, &to, &b, &t.why))
            return t;
        if (span_of(has_from ? &a : NULL, has_to ? &b : NULL, &t.hull, &t.why))
            t.kind = CPG_TIME_DATED;
        return t;
    }
    cpg_value spells = cpg_graph_get(g, d, i, "spells");
    if (spells.type == CPG_VNONE)
        return t;
    t.attribute = "spells";
    t.hull = (cpg_interval){INFINITY, -INFINITY};
    bool ok = spells.type == CPG_VJSON &&
              for_each_spell(cpg_graph_string(g, spells.u.sid, NULL), widen_hull, &t.hull,
                             &t.why);
    if (spells.type != CPG_VJSON)
        t.why = "spells must be a list of {start, end}";
    t.kind = ok && t.hull.start <= t.hull.end ? CPG_TIME_DATED : CPG_TIME_BAD;
    if (ok && t.kind == CPG_TIME_BAD)
        t.why = "spells must be a list of {start, end}";  /* an empty list */
    return t;
}

typedef struct spell_window {
    cpg_interval window;
    bool met;
} spell_window;

static bool meets_window(cpg_interval iv, void *ud)
{
    spell_window *w = ud;
    w->met = cpg_interval_meets(iv, w->window);
    return w->met;
}

bool cpg_graph_time_meets(const cpg_graph *g, cpg_domain d, igraph_integer_t i,
                          cpg_interval window, cpg_time *t)
{
    *t = cpg_graph_time(g, d, i);
    if (t->kind != CPG_TIME_DATED)
        return false;
    if (strcmp(t->attribute, "spells") != 0)
        return cpg_interval_meets(t->hull, window);
    spell_window w = {window, false};
    cpg_value spells = cpg_graph_get(g, d, i, "spells");
    const char *why;
    for_each_spell(cpg_graph_string(g, spells.u.sid, NULL), meets_window, &w, &why);
    return w.met;
}

cpg_status cpg_graph_window(const cpg_graph *g, const cpg_window *w, bool *keep_nodes,
                            bool *keep_edges, cpg_window_count *count)
{
    igraph_integer_t n = cpg_graph_node_count(g), m = cpg_graph_edge_count(g);
    *count = (cpg_window_count){0, 0, 0, -1, {CPG_TIME_UNDATED, {0, 0}, NULL, NULL}};
    for (igraph_integer_t v = 0; v < n; v++)
        keep_nodes[v] = !w->drop_isolated;
    for (igraph_integer_t e = 0; e < m; e++) {
        cpg_time t;
        bool meets = cpg_graph_time_meets(g, CPG_EDGES, e, w->span, &t);
        if (t.kind == CPG_TIME_BAD) {
            count->bad_edge = e;
            count->bad = t;
            return CPG_EVALUE;
        }
        count->undated += t.kind == CPG_TIME_UNDATED;
        keep_edges[e] = meets || (t.kind == CPG_TIME_UNDATED && w->keep_undated);
        count->edges += keep_edges[e];
        if (keep_edges[e])
            keep_nodes[cpg_graph_edge_from(g, e)] = keep_nodes[cpg_graph_edge_to(g, e)] = true;
    }
    for (igraph_integer_t v = 0; v < n; v++)
        count->nodes += keep_nodes[v];
    return CPG_OK;
}
