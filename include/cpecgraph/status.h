/* status.h: the status codes of the core library and igraph's side of them.
 *
 * The core never prints. When igraph fails inside a core call, the call returns CPG_EIGRAPH and
 * cpg_igraph_reason() gives igraph's message until the next igraph failure. */
#ifndef CPECGRAPH_STATUS_H
#define CPECGRAPH_STATUS_H

#include <stdint.h>

typedef enum cpg_status {
    CPG_OK = 0,
    CPG_ENOMEM,     /* out of memory */
    CPG_EIGRAPH,    /* igraph reported an error: see cpg_igraph_reason() */
    CPG_EEXIST,     /* an id that must be new is taken */
    CPG_ENOENT,     /* no such node, edge or file */
    CPG_EVALUE,     /* a value of the wrong type or range */
    CPG_EINTERRUPTED /* stopped by the interruption handler (a time limit) */
} cpg_status;

const char *cpg_status_message(cpg_status s);

/* Installs igraph error, warning and fatal handlers that never abort nor longjmp, and seeds
 * igraph's default RNG. Call once at start-up, before any other igraph call. */
void cpg_igraph_setup(uint64_t seed);

/* Seeds igraph's default random number generator. */
void cpg_igraph_seed(uint64_t seed);

/* igraph's reason for its last error ("" if none). */
const char *cpg_igraph_reason(void);

/* Maps an igraph error code to a status, freeing what a failed igraph call left on igraph's
 * finally stack (an interruption leaves its temporaries there). */
cpg_status cpg_status_from_igraph(int igraph_error);

/* Warnings igraph emitted since the last call, newline-separated (NULL when none); the caller
 * does not free it. Cleared by the call. */
const char *cpg_igraph_take_warnings(void);

/* Adds TEXT to those warnings: what a caller of igraph knows of a result igraph warned about
 * (how to get a meaningful one). */
void cpg_igraph_warning_add(const char *text);

#endif
