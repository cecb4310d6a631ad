/* main.c: the cpecgraph program: read the options, load the inputs, run the actions, and turn
 * every failure into a message on stderr and a documented exit code. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <libxml/parser.h>
#include <lua.h>

#include "config.h"
#include "cpecgraph/diag.h"
#include "cpecgraph/graph.h"
#include "cpecgraph/loader.h"
#include "cpecgraph/merge.h"
#include "cpecgraph/output.h"
#include "cpecgraph/status.h"
#include "cpecgraph/time.h"
#include "host.h"
#include "options.h"
#include "paths.h"

#define BUNDLED_GRAPH "cpec-2.0.json"

/* ---- diagnostics ------------------------------------------------------------------------ */

static void put_visible(const char *s)
{
    cpg_fputs_visible(stderr, s, strlen(s));
}

/* "cpecgraph: FILE:LINE:COLUMN: POINTER: note: MESSAGE", each part as there is one; what came
 * from the file (ids in pointers and messages) with its control characters made visible. */
static void print_diag(const cpg_diag *d)
{
    fputs("cpecgraph: ", stderr);
    put_visible(d->file);
    if (d->line)
        fprintf(stderr, ":%zu", d->line);
    if (d->line && d->column && !d->pointer)
        fprintf(stderr, ":%zu", d->column);
    fputs(": ", stderr);
    if (d->pointer && (d->pointer[0] || !d->line)) {  /* JSON Lines: the line, then the place */
        put_visible(d->pointer[0] ? d->pointer : "/");
        fputs(": ", stderr);
    }
    if (d->severity != CPG_ERROR)
        fputs(d->severity == CPG_WARNING ? "warning: " : "note: ", stderr);
    put_visible(d->message);
    fputc('\n', stderr);
}

static void print_diags(const cpg_diags *diags, const char *file, int verbosity)
{
    for (size_t i = 0; i < diags->count; i++)
        if (diags->items[i].severity == CPG_ERROR || verbosity > 0 ||
            (diags->items[i].severity != CPG_NOTE && verbosity == 0))
            print_diag(&diags->items[i]);
    size_t dropped = cpg_diags_dropped(diags);
    if (dropped)
        fprintf(stderr, "cpecgraph: %s: %zu more error%s not shown\n", file, dropped,
                dropped == 1 ? "" : "s");
    if (diags->out_of_memory)
        fprintf(stderr, "cpecgraph: %s: out of memory: some problems are not shown\n", file);
}

/* ---- --check summaries ------------------------------------------------------------------ */

typedef struct type_count {
    uint32_t sid;  /* a string of the graph */
    long long count;
} type_count;

static const cpg_graph *sorting_graph;  /* qsort has no user data */

static int by_count_then_name(const void *a, const void *b)
{
    const type_count *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(cpg_graph_string(sorting_graph, x->sid, NULL),
                  cpg_graph_string(sorting_graph, y->sid, NULL));
}

/* "person 6, country 2, (untyped) 1": the "type" attribute of the nodes a file declared, most
 * common first, nodes without a string type last. Strings are numbered, so the types are
 * counted in an array indexed by string. */
static void print_type_counts(FILE *fp, const cpg_graph *g, const igraph_vector_int_t *declared)
{
    igraph_integer_t n = igraph_vector_int_size(declared), typed = 0;
    size_t strings = cpg_graph_string_count(g), kinds = 0;
    long long *per_string = calloc(strings + 1, sizeof *per_string);
    const cpg_column *types = cpg_graph_column(g, CPG_NODES, "type");
    for (igraph_integer_t i = 0; per_string && types && i < n; i++) {
        cpg_value t = cpg_column_get(types, (size_t)VECTOR(*declared)[i]);
        if (t.type == CPG_VSTRING) {
            kinds += per_string[t.u.sid]++ == 0;
            typed++;
        }
    }
    type_count *counts = per_string ? malloc((kinds + 1) * sizeof *counts) : NULL;
    for (size_t sid = 0, k = 0; counts && sid < strings; sid++)
        if (per_string[sid])
            counts[k++] = (type_count){(uint32_t)sid, per_string[sid]};
    sorting_graph = g;
    if (counts)
        qsort(counts, kinds, sizeof *counts, by_count_then_name);
    for (size_t k = 0; counts && k < kinds; k++)
        fprintf(fp, "%s%s %lld", k ? ", " : "; node types: ",
                cpg_graph_string(g, counts[k].sid, NULL), counts[k].count);
    if (n > typed)
        fprintf(fp, "%s(untyped) %lld", kinds ? ", " : "; node types: ", (long long)(n - typed));
    free(per_string);
    free(counts);
}

static void print_summary(FILE *fp, const char *name, const cpg_graph *g,
                          const cpg_load_stats *stats)
{
    fprintf(fp, "%s: %lld node%s, %lld edge%s, %s", name, (long long)stats->nodes,
            stats->nodes == 1 ? "" : "s", (long long)stats->edges, stats->edges == 1 ? "" : "s",
            cpg_graph_directed(g) ? "directed" : "undirected");
    print_type_counts(fp, g, stats->declared);
    fputc('\n', fp);
}

/* ---- loading ---------------------------------------------------------------------------- */

/* Loads one file into *G, printing its diagnostics and appending its summary to REPORT. */
static int load_one(const cpg_options *o, const char *path, cpg_graph **g, FILE *report)
{
    cpg_diags diags;
    cpg_diags_init(&diags, CPG_DIAGS_DEFAULT_CAP);
    igraph_vector_int_t declared;
    if (igraph_vector_int_init(&declared, 0) != IGRAPH_SUCCESS) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        return CPG_EXIT_INPUT;
    }
    cpg_load_stats stats = {.declared = &declared};
    cpg_status status = cpg_load_file(g, path, o->format, o->settings, &diags, &stats);
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
    print_diags(&diags, name, o->verbosity);
    if (status == CPG_OK && report)
        print_summary(report, name, *g, &stats);
    cpg_diags_clear(&diags);
    igraph_vector_int_destroy(&declared);
    return status == CPG_OK ? CPG_EXIT_OK : CPG_EXIT_INPUT;
}

static int load_inputs(const cpg_options *o, cpg_graph **g, FILE *report)
{
    if (o->file_count == 0) {
        char *bundled = cpg_paths_join(cpg_paths_datadir(), BUNDLED_GRAPH);
        int code = bundled ? load_one(o, bundled, g, report) : CPG_EXIT_INPUT;
        free(bundled);
        return code;
    }
    int result = CPG_EXIT_OK;
    for (int i = 0; i < o->file_count; i++) {
        int code = load_one(o, o->files[i], g, report);
        if (code != CPG_EXIT_OK && !o->check)
            return code; /* --check goes on, to report on every file */
        if (code != CPG_EXIT_OK)
            result = code;
    }
    return result;
}

/* "merged: N nodes, M edges, ...": the graph the files made together, after their own lines. */
static int print_merged(FILE *report, const cpg_graph *g)
{
    igraph_vector_int_t all;
    if (igraph_vector_int_init_range(&all, 0, cpg_graph_node_count(g)) != IGRAPH_SUCCESS) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        return CPG_EXIT_FAILURE;
    }
    cpg_load_stats stats = {.nodes = cpg_graph_node_count(g), .edges = cpg_graph_edge_count(g),
                            .declared = &all};
    print_summary(report, "merged", g, &stats);
    igraph_vector_int_destroy(&all);
    return CPG_EXIT_OK;
}

/* ---- merging ---------------------------------------------------------------------------- */

/* --resolve and --merge-aliases: the nodes that are one merged, saying so in REPORT. */
static int resolve(const cpg_options *o, cpg_graph *g, FILE *report)
{
    cpg_diags diags;
    cpg_diags_init(&diags, CPG_DIAGS_DEFAULT_CAP);
    cpg_judgements j = {0};
    igraph_integer_t n = cpg_graph_node_count(g), merged = 0;
    cpg_status status = o->resolve ? cpg_judgements_load(o->resolve, &j, &diags) : CPG_OK;
    if (status == CPG_OK)
        status = cpg_resolve(g, &j, o->resolve ? o->resolve : "--merge-aliases",
                             o->merge_aliases, o->on_conflict_given ? o->on_conflict
                                                                    : CPG_CONFLICT_FIRST,
                             &diags, &merged);
    print_diags(&diags, o->resolve ? o->resolve : "--merge-aliases", o->verbosity);
    cpg_diags_clear(&diags);
    cpg_judgements_free(&j);
    if (status == CPG_EVALUE || status == CPG_ENOENT)
        return CPG_EXIT_INPUT;
    if (status != CPG_OK) {
        fprintf(stderr, "cpecgraph: %s\n", cpg_status_message(status));
        return CPG_EXIT_FAILURE;
    }
    if (report)
        fprintf(report, "resolved: %lld of %lld nodes merged into others; %lld left\n",
                (long long)merged, (long long)n, (long long)(n - merged));
    return CPG_EXIT_OK;
}

/* --dedupe: the copies of an edge collapsed into it, saying so in REPORT. */
static int dedupe(const cpg_options *o, cpg_graph *g, FILE *report)
{
    cpg_diags diags;
    cpg_diags_init(&diags, CPG_DIAGS_DEFAULT_CAP);
    igraph_integer_t m = cpg_graph_edge_count(g), collapsed = 0;
    cpg_status status = cpg_merge_dedupe_edges(g, o->on_conflict, &diags, &collapsed);
    print_diags(&diags, "--dedupe", o->verbosity);
    cpg_diags_clear(&diags);
    if (status == CPG_EVALUE)
        return CPG_EXIT_INPUT;
    if (status != CPG_OK) {
        fprintf(stderr, "cpecgraph: --dedupe: %s\n", cpg_status_message(status));
        return CPG_EXIT_FAILURE;
    }
    if (report)
        fprintf(report, "dedupe: %lld of %lld edges repeated another (same ends, type and "
                "evidence) and were collapsed into it; %lld left\n", (long long)collapsed,
                (long long)m, (long long)(m - collapsed));
    return CPG_EXIT_OK;
}

/* ---- the time window ------------------------------------------------------------------- */

/* "cpecgraph: edge 'a' -> 'b': its 'date' "14 July 2015": not an ISO 8601 date ..." */
static void report_bad_time(const cpg_graph *g, const cpg_window_count *c)
{
    fputs("cpecgraph: edge '", stderr);
    put_visible(cpg_graph_node_id(g, cpg_graph_edge_from(g, c->bad_edge)));
    fputs("' -> '", stderr);
    put_visible(cpg_graph_node_id(g, cpg_graph_edge_to(g, c->bad_edge)));
    fprintf(stderr, "': its '%s' ", c->bad.attribute);
    cpg_value v = cpg_graph_get(g, CPG_EDGES, c->bad_edge, c->bad.attribute);
    if (v.type == CPG_VSTRING || v.type == CPG_VJSON) {
        fputc('"', stderr);
        put_visible(cpg_graph_string(g, v.u.sid, NULL));
        fputc('"', stderr);
    } else {
        fprintf(stderr, "(%s)", cpg_vtype_name(v.type));
    }
    fprintf(stderr, ": %s; --since and --until need dates\n", c->bad.why);
}

/* Keeps what --since and --until keep of G, saying so in REPORT (--check's summary). */
static int apply_window(const cpg_options *o, cpg_graph *g, FILE *report)
{
    igraph_integer_t n = cpg_graph_node_count(g), m = cpg_graph_edge_count(g);
    bool *nodes = calloc((size_t)n + 1, 1), *edges = calloc((size_t)m + 1, 1);
    cpg_window_count count;
    cpg_status status = nodes && edges ? cpg_graph_window(g, &o->window, nodes, edges, &count)
                                       : CPG_ENOMEM;
    if (status == CPG_OK)
        status = cpg_graph_filter(g, nodes, edges);
    free(nodes);
    free(edges);
    if (status == CPG_EVALUE) {
        report_bad_time(g, &count);
        return CPG_EXIT_INPUT;
    }
    if (status != CPG_OK) {
        fprintf(stderr, "cpecgraph: %s\n", cpg_status_message(status));
        return CPG_EXIT_FAILURE;
    }
    if (report)
        fprintf(report, "window %s .. %s: %lld of %lld edges, %lld of %lld nodes; %lld undated "
                "edge%s %s (--undated %s)\n", o->since ? o->since : "(open)",
                o->until ? o->until : "(open)", (long long)count.edges, (long long)m,
                (long long)count.nodes, (long long)n, (long long)count.undated,
                count.undated == 1 ? "" : "s", o->window.keep_undated ? "kept" : "dropped",
                o->window.keep_undated ? "keep, the default" : "drop");
    return CPG_EXIT_OK;
}

/* ---- actions ---------------------------------------------------------------------------- */

/* Commits the sink, or discards it after a failure; an EPIPE from a closed reader ends quietly. */
static int finish_output(const cpg_options *o, cpg_output *out, int code)
{
    if (code != CPG_EXIT_OK) {
        cpg_output_abort(out);
        return code;
    }
    int error = cpg_output_commit(out);
    if (!error || error == EPIPE)
        return CPG_EXIT_OK;
    fprintf(stderr, "cpecgraph: %s: %s\n", o->output ? o->output : "write error", strerror(error));
    return CPG_EXIT_OUTPUT;
}

static cpg_output *open_output(const cpg_options *o)
{
    cpg_output *out = cpg_output_open(o->output);
    if (!out)
        fprintf(stderr, "cpecgraph: %s: %s\n", o->output ? o->output : "output", strerror(errno));
    return out;
}

static int exit_code_of(cpg_run result)
{
    switch (result) {
    case CPG_RUN_OK: case CPG_RUN_STOPPED: return CPG_EXIT_OK;
    case CPG_RUN_USAGE: return CPG_EXIT_USAGE;
    case CPG_RUN_OUTPUT: return CPG_EXIT_OUTPUT;
    case CPG_RUN_FAILED: break;
    }
    return CPG_EXIT_FAILURE;
}

/* Plugins in order, then -e chunks, then the prompt; the first failure stops the run. */
static cpg_run run_code(const cpg_options *o, cpg_host *h)
{
    cpg_run result = CPG_RUN_OK;
    for (int i = 0; i < o->plugin_count && result == CPG_RUN_OK; i++)
        result = cpg_host_run_plugin(h, o->plugins[i]);
    for (int i = 0; i < o->eval_count && result == CPG_RUN_OK; i++)
        result = cpg_host_run_code(h, o->evals[i]);
    if (result == CPG_RUN_OK && !o->interactive)
        result = cpg_host_check_unused_args(h);
    if (result == CPG_RUN_OK && o->interactive)
        result = cpg_host_interactive(h);
    return result;
}

/* What the host takes from the command line. */
static cpg_host_options host_options(const cpg_options *o)
{
    return (cpg_host_options){.args = o->args, .arg_count = o->arg_count,
                              .plugin_count = o->plugin_count, .eval_count = o->eval_count,
                              .interactive = o->interactive, .unsafe = o->unsafe,
                              .verbosity = o->verbosity, .seed = o->seed,
                              .timeout_sec = o->timeout_sec, .memory_mb = o->memory_mb};
}

/* --list-plugins and --plugin-help need no graph. */
static int run_plugin_info(const cpg_options *o)
{
    cpg_output *out = open_output(o);
    if (!out)
        return CPG_EXIT_OUTPUT;
    cpg_host_options ho = host_options(o);
    cpg_host *h = cpg_host_new(&ho, out);
    cpg_run result = !h                ? CPG_RUN_FAILED
                     : o->list_plugins ? cpg_host_list_plugins(h)
                                       : cpg_host_plugin_help(h, o->plugin_help);
    cpg_host_free(h);
    return finish_output(o, out, exit_code_of(result));
}

/* Runs plugins, -e and the prompt on G, which it frees. */
static int run_on_graph(const cpg_options *o, cpg_graph *g)
{
    cpg_output *out = open_output(o);
    if (!out) {
        cpg_graph_free(g);
        return CPG_EXIT_OUTPUT;
    }
    cpg_host_options ho = host_options(o);
    cpg_host *h = cpg_host_new(&ho, out);
    cpg_run result = h ? cpg_host_set_graph(h, g) : CPG_RUN_FAILED;
    if (!h)
        cpg_graph_free(g);
    if (result == CPG_RUN_OK)
        result = run_code(o, h);
    cpg_host_free(h);
    return finish_output(o, out, exit_code_of(result));
}

static bool runs_code(const cpg_options *o)
{
    return o->plugin_count || o->eval_count || o->interactive;
}

/* --check (and the default without code): the summary lines, written to the output. */
static int write_report(const cpg_options *o, const char *report, size_t len)
{
    cpg_output *out = open_output(o);
    if (!out)
        return CPG_EXIT_OUTPUT;
    if (o->verbosity >= 0)
        cpg_output_write(out, report, len);
    return finish_output(o, out, CPG_EXIT_OK);
}

static int run(const cpg_options *o)
{
    cpg_igraph_setup(o->seed);
    cpg_load_limit_streams((size_t)(o->memory_mb * 1024 * 1024));  /* the CLI bounds it */
    cpg_load_merge_rules(o->on_conflict, o->name);
    if (o->list_plugins || o->plugin_help)
        return run_plugin_info(o);
    char *report = NULL;
    size_t report_len = 0;
    FILE *report_fp = open_memstream(&report, &report_len);
    if (!report_fp) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        return CPG_EXIT_FAILURE;
    }
    cpg_graph *g = NULL;
    bool reports = !runs_code(o) || o->check;  /* a plugin's run shows no summary */
    int code = load_inputs(o, &g, reports ? report_fp : NULL);
    if (code == CPG_EXIT_OK && reports && o->file_count > 1)
        code = print_merged(report_fp, g);
    if (code == CPG_EXIT_OK && (o->resolve || o->merge_aliases))
        code = resolve(o, g, reports ? report_fp : NULL);
    if (code == CPG_EXIT_OK && o->dedupe)
        code = dedupe(o, g, reports ? report_fp : NULL);
    if (code == CPG_EXIT_OK && o->windowed)
        code = apply_window(o, g, reports ? report_fp : NULL);
    bool report_failed = ferror(report_fp) != 0;
    report_failed = fclose(report_fp) != 0 || report_failed;
    if (report_failed && code == CPG_EXIT_OK) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        code = CPG_EXIT_FAILURE;
    }
    if (code != CPG_EXIT_OK) {
        cpg_graph_free(g);
    } else if (runs_code(o) && !o->check) {
        code = run_on_graph(o, g); /* which owns g from here */
    } else {
        cpg_graph_free(g);
        code = write_report(o, report, report_len);
    }
    free(report);
    return code;
}

/* The versions of the libraries this process runs with, which may differ from those it was
 * built against (a shared library updated since). */
static void print_versions(void)
{
    const char *igraph_runtime;
    igraph_version(&igraph_runtime, NULL, NULL, NULL);
    lua_State *L = luaL_newstate();
    lua_Number lua_runtime = L ? lua_version(L) : 0;
    if (L)
        lua_close(L);
    printf("cpecgraph %s\n", CPG_VERSION);
    printf("Lua %d.%d (built with %s)\n", (int)lua_runtime / 100, (int)lua_runtime % 100,
           LUA_RELEASE);
    printf("igraph %s (built with %s)\n", igraph_runtime, IGRAPH_VERSION);
    printf("cJSON %s (built with %d.%d.%d)\n", cJSON_Version(), CJSON_VERSION_MAJOR,
           CJSON_VERSION_MINOR, CJSON_VERSION_PATCH);
    int xml = atoi(xmlParserVersion);  /* "20914" for 2.9.14 */
    printf("libxml2 %d.%d.%d (built with %s)\n", xml / 10000, xml / 100 % 100, xml % 100,
           LIBXML_DOTTED_VERSION);
    puts(CPG_HAVE_LIBEDIT ? "libedit (the prompt edits lines, completes and keeps a history)"
                          : "no libedit (the prompt reads plain lines)");
}

/* Help and version go to stdout, whose failure (a full disk) must not pass for success. */
static int print_info(const cpg_options *o)
{
    if (o->help)
        cpg_options_print_help();
    else
        print_versions();
    if (fflush(stdout) == 0 && !ferror(stdout))
        return CPG_EXIT_OK;
    if (errno == EPIPE)
        return CPG_EXIT_OK;
    fprintf(stderr, "cpecgraph: write error: %s\n", strerror(errno));
    return CPG_EXIT_OUTPUT;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN); /* a closed pipe becomes EPIPE, which ends the run quietly */
    cpg_options opts;
    int code = CPG_EXIT_USAGE;
    if (cpg_options_parse(&opts, argc, argv))
        code = opts.help || opts.version ? print_info(&opts) : run(&opts);
    cpg_options_free(&opts);
    if (!IGRAPH_FINALLY_STACK_EMPTY) { /* every igraph failure must have been cleaned up */
        fprintf(stderr, "cpecgraph: internal error: igraph's finally stack holds %d entries\n",
                IGRAPH_FINALLY_STACK_SIZE());
        return 70;
    }
    return code;
}
