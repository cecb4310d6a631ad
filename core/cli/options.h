/* options.h: the command line of cpecgraph, read into a struct before anything runs
 * (program-internal; the model of lua.c's collectargs). */
#ifndef CPECGRAPH_OPTIONS_H
#define CPECGRAPH_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "cpecgraph/loader.h"
#include "cpecgraph/time.h"
#include "host.h"

/* Exit codes: documented in --help and the README. */
enum {
    CPG_EXIT_OK = 0,
    CPG_EXIT_FAILURE = CPG_HOST_EXIT_BREACH,  /* a plugin or script failed, or a limit was breached */
    CPG_EXIT_USAGE = 2,    /* bad option, unknown plugin or plugin argument */
    CPG_EXIT_INPUT = 3,    /* an input file is unreadable or invalid */
    CPG_EXIT_OUTPUT = 4    /* the output could not be written */
};

/* Generous defaults that stop accidents, not work (0 means unlimited). */
#define CPG_DEFAULT_TIMEOUT_SEC 600.0
#define CPG_DEFAULT_MEMORY_MB 4096.0
#define CPG_DEFAULT_SEED 1
#define CPG_MAX_TIMEOUT_SEC 1e7  /* about four months: keeps deadlines far from overflow */
#define CPG_MAX_MEMORY_MB 1e9

typedef struct cpg_options {
    const char **files, **plugins, **args, **evals; /* each NULL-terminated */
    const char **settings;    /* -O KEY=VALUE, for the readers (NULL-terminated) */
    int file_count, plugin_count, arg_count, eval_count, setting_count;
    const char *output;       /* -o FILE, or NULL for stdout */
    const char *plugin_help;  /* --plugin-help NAME */
    bool interactive, list_plugins, check, unsafe, help, version;
    int verbosity;            /* -1 quiet, 0 normal, 1 verbose */
    cpg_format format;        /* --format, CPG_FORMAT_AUTO by default */
    uint64_t seed;
    double timeout_sec, memory_mb;
    bool windowed;            /* --since or --until given */
    bool undated_given;       /* --undated, which needs them */
    const char *since, *until; /* as given, for the summary; NULL when open */
    cpg_window window;        /* the span, --undated (keep by default), --drop-isolated */
    cpg_on_conflict on_conflict;  /* --on-conflict, last by default */
    const char *name;         /* --name, or NULL */
    bool on_conflict_given;   /* merges of nodes keep the first value unless it is */
    bool dedupe;              /* --dedupe */
    bool merge_aliases;       /* --merge-aliases */
    const char *resolve;      /* --resolve FILE, or NULL */
} cpg_options;

/* Reads ARGV into OPTS (arrays allocated, freed by cpg_options_free). Prints a usage message on
 * stderr and returns false on a bad command line. */
bool cpg_options_parse(cpg_options *opts, int argc, char **argv);
void cpg_options_free(cpg_options *opts);

void cpg_options_print_help(void);

#endif
