/* time.h: dates as attribute values: ISO 8601 text, full or partial, read as the interval it
 * names; the time of a node or an edge from its attributes; and overlap with a window. */
#ifndef CPECGRAPH_TIME_H
#define CPECGRAPH_TIME_H

#include <stdbool.h>
#include <stddef.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/status.h"

/* Seconds since 1970-01-01T00:00:00Z, from START up to END (END excluded), -INFINITY and
 * INFINITY for open ends. A partial date is the whole of what it names ("2015-07" is July); an
 * instant ("2015-07-14T10:00:00Z") is START == END. */
typedef struct cpg_interval {
    double start, end;
} cpg_interval;

/* Reads TEXT (LEN bytes): YYYY, YYYY-MM, YYYY-MM-DD (or YYYYMMDD), and a date with a time,
 * "T" or a space between, HH:MM[:SS[.fff]] and an offset (Z, +HH:MM, +HHMM, +HH; none: UTC).
 * False, with *WHY saying what is wrong, for anything else (a day that does not exist). */
bool cpg_time_parse(const char *text, size_t len, cpg_interval *out, const char **why);

/* Whether IV meets WINDOW (an instant counts when START <= it < END). */
bool cpg_interval_meets(cpg_interval iv, cpg_interval window);

/* T as ISO 8601 ("2015-07-14T10:00:00Z", "-inf" and "inf" for open ends) into BUF. */
void cpg_time_format(double t, char buf[40]);

typedef enum cpg_time_kind { CPG_TIME_UNDATED, CPG_TIME_DATED, CPG_TIME_BAD } cpg_time_kind;

/* The time of an element: its hull (the spells' too), where it was read, or what is wrong. */
typedef struct cpg_time {
    cpg_time_kind kind;
    cpg_interval hull;
    const char *attribute;  /* "date", "start", "spells"...: static text */
    const char *why;        /* for CPG_TIME_BAD: static text */
} cpg_time;

/* The time of element I of D, from the first of its attributes that is there: "date" or
 * "timestamp" (one date), "start"/"end", "startDate"/"endDate", "start_time"/"stop_time",
 * "first_seen"/"last_seen" (either end may be missing: then open), "spells" (GEXF's list of
 * {start, end}). A value is ISO 8601 text or a whole year (2015). */
cpg_time cpg_graph_time(const cpg_graph *g, cpg_domain d, igraph_integer_t i);

/* Whether element I of D meets WINDOW: its interval does, or one of its spells. *T gets its
 * time (for undated or bad elements the caller decides). */
bool cpg_graph_time_meets(const cpg_graph *g, cpg_domain d, igraph_integer_t i,
                          cpg_interval window, cpg_time *t);

/* A time window over the edges: the edges whose time meets SPAN, the undated ones too with
 * KEEP_UNDATED; every node, or with DROP_ISOLATED those a kept edge touches. */
typedef struct cpg_window {
    cpg_interval span;
    bool keep_undated, drop_isolated;
} cpg_window;

/* What a window kept; or the element whose time could not be read (status CPG_EVALUE). */
typedef struct cpg_window_count {
    igraph_integer_t nodes, edges, undated;
    igraph_integer_t bad_edge;  /* -1, or the edge whose time is BAD */
    cpg_time bad;
} cpg_window_count;

/* Fills KEEP_NODES and KEEP_EDGES (node_count and edge_count flags) for window W over G. */
cpg_status cpg_graph_window(const cpg_graph *g, const cpg_window *w, bool *keep_nodes,
                            bool *keep_edges, cpg_window_count *count);

#endif
