/* host.h: the plugin host: one Lua state with the graph API, the output sink, plugin lookup and
 * arguments, -e chunks and the prompt (program-internal; it prints its errors on stderr). */
#ifndef CPECGRAPH_HOST_H
#define CPECGRAPH_HOST_H

#include "cpecgraph/graph.h"
#include "cpecgraph/output.h"
#include "options.h"

typedef enum cpg_run {
    CPG_RUN_OK,
    CPG_RUN_FAILED,   /* a plugin or chunk raised an error or breached a limit */
    CPG_RUN_USAGE,    /* unknown plugin, bad plugin argument */
    CPG_RUN_OUTPUT,   /* writing the output failed */
    CPG_RUN_STOPPED   /* the reader of the output went away: stop quietly */
} cpg_run;

typedef struct cpg_host cpg_host;

/* A new host writing to OUT (borrowed). NULL, with a message printed, when out of memory. */
cpg_host *cpg_host_new(const cpg_options *opts, cpg_output *out);
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
