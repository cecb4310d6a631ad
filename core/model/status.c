/* status.c: status messages and the igraph handlers that turn igraph failures into statuses. */
#include "cpecgraph/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

static char igraph_reason[512];
static char igraph_warnings[2048];

const char *cpg_status_message(cpg_status s)
{
    switch (s) {
    case CPG_OK: return "success";
    case CPG_ENOMEM: return "out of memory";
    case CPG_EIGRAPH: return igraph_reason[0] ? igraph_reason : "igraph error";
    case CPG_EEXIST: return "id already exists";
    case CPG_ENOENT: return "not found";
    case CPG_EVALUE: return "bad value";
    case CPG_EINTERRUPTED: return "interrupted";
    }
    return "unknown error";
}

/* igraph 0.10 calls this and then returns the error code from the failing function; it must not
 * longjmp, and it must free the temporaries that igraph registered on its finally stack. */
static void igraph_error_record(const char *reason, const char *file, int line,
                                igraph_error_t code)
{
    (void)file;
    (void)line;
    IGRAPH_FINALLY_FREE();
    if (code == IGRAPH_INTERRUPTED)
        snprintf(igraph_reason, sizeof igraph_reason, "interrupted");
    else
        snprintf(igraph_reason, sizeof igraph_reason, "%s (%s)", reason,
                 igraph_strerror(code));
}

void cpg_igraph_warning_add(const char *text)
{
    size_t used = strlen(igraph_warnings);
    if (used + 2 < sizeof igraph_warnings)
        snprintf(igraph_warnings + used, sizeof igraph_warnings - used, "%s%s",
                 used ? "\n" : "", text);
}

static void igraph_warning_record(const char *reason, const char *file, int line)
{
    (void)file;
    (void)line;
    cpg_igraph_warning_add(reason);
}

/* A fatal error is a bug inside igraph and igraph requires that the handler does not return. */
static void igraph_fatal_exit(const char *reason, const char *file, int line)
{
    fprintf(stderr, "cpecgraph: internal igraph error: %s (%s:%d)\n", reason, file, line);
    fflush(NULL);
    _Exit(70);
}

void cpg_igraph_setup(uint64_t seed)
{
    igraph_set_error_handler(igraph_error_record);
    igraph_set_warning_handler(igraph_warning_record);
    igraph_set_fatal_handler(igraph_fatal_exit);
    cpg_igraph_seed(seed);
}

void cpg_igraph_seed(uint64_t seed)
{
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
}

const char *cpg_igraph_reason(void)
{
    return igraph_reason;
}

cpg_status cpg_status_from_igraph(int code)
{
    /* An interrupted igraph function returns without calling the error handler, leaving its
     * temporaries on the finally stack: free them here. */
    if (code != IGRAPH_SUCCESS)
        IGRAPH_FINALLY_FREE();
    switch (code) {
    case IGRAPH_SUCCESS: return CPG_OK;
    case IGRAPH_ENOMEM: return CPG_ENOMEM;
    case IGRAPH_INTERRUPTED: return CPG_EINTERRUPTED;
    default: return CPG_EIGRAPH;
    }
}

const char *cpg_igraph_take_warnings(void)
{
    static char taken[sizeof igraph_warnings];
    if (!igraph_warnings[0])
        return NULL;
    memcpy(taken, igraph_warnings, sizeof taken);
    igraph_warnings[0] = '\0';
    return taken;
}
