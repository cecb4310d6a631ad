/* host.h: the plugin host: one Lua state with the graph API, the output sink, plugin lookup and
 * arguments, -e chunks and the prompt (program-internal; it prints its errors on stderr). */
#ifndef CPECGRAPH_HOST_H
#define CPECGRAPH_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/output.h"

/* What the host takes from the command line (the CLI fills it; the host borrows it). */
typedef struct cpg_host_options {
    const char *const *args;       /* the -a items: KEY=VALUE or PLUGIN.KEY=VALUE */
    int arg_count;
    int plugin_count, eval_count;  /* --plugin and -e options, run in that order */
    bool interactive;              /* the prompt follows them */
    bool unsafe;                   /* the full standard library, no sandbox */
    int verbosity;                 /* -1 quiet, 0 normal, 1 verbose */
    uint64_t seed;                 /* of math.random (igraph's is the caller's) */
    double timeout_sec, memory_mb; /* limits of each piece of code; 0 means none */
} cpg_host_options;

/* The exit status of a run that the watchdog ends after a breached time limit: the CLI's
 * status for a failed run. */
#define CPG_HOST_EXIT_BREACH 1

typedef enum cpg_run {
    CPG_RUN_OK,
    CPG_RUN_FAILED,   /* a plugin or chunk raised an error or breached a limit */
    CPG_RUN_USAGE,    /* unknown plugin, bad plugin argument */
    CPG_RUN_OUTPUT,   /* writing the output failed */
    CPG_RUN_STOPPED   /* the reader of the output went away: stop quietly */
} cpg_run;

typedef struct cpg_host cpg_host;

/* A new host writing to OUT (borrowed). NULL, with a message printed, when out of memory. */
cpg_host *cpg_host_new(const cpg_host_options *opts, cpg_output *out);
void cpg_host_free(cpg_host *h);

/* Makes G the global `graph`; the host owns G from now on, whatever the result. */
cpg_run cpg_host_set_graph(cpg_host *h, cpg_graph *g);

cpg_run cpg_host_run_plugin(cpg_host *h, const char *name);
cpg_run cpg_host_run_code(cpg_host *h, const char *code);
cpg_run cpg_host_interactive(cpg_host *h);
cpg_run cpg_host_list_plugins(cpg_host *h);
cpg_run cpg_host_plugin_help(cpg_host *h, const char *name);

/* After the plugins ran: a -a KEY=VALUE that nothing could take is a usage error. */
cpg_run cpg_host_check_unused_args(cpg_host *h);

#endif
