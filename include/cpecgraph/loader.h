/* loader.h: reads relationship-graph JSON files (NetworkX node-link, extended) into the model.
 *
 * The loader never prints: every problem goes into the caller's cpg_diags with its place (line and
 * column for syntax, a JSON pointer for schema). A file with any error in it leaves the graph as
 * it was (running out of memory half-way through applying it may not).
 * Loading into an existing graph merges: the same id is the same node, attributes of the later
 * file win (each overwrite is reported as a CPG_NOTE), edges are appended. */
#ifndef CPECGRAPH_LOADER_H
#define CPECGRAPH_LOADER_H

#include <stddef.h>

#include "cpecgraph/diag.h"
#include "cpecgraph/graph.h"

/* What one file contributed, for summaries such as --check. */
typedef struct cpg_load_stats {
    igraph_integer_t nodes;         /* entries in "nodes" */
    igraph_integer_t new_nodes;     /* of which an earlier file had not declared */
    igraph_integer_t edges;
    igraph_vector_int_t *declared;  /* optional, initialised by the caller: the vertex of every
                                       entry of "nodes" */
} cpg_load_stats;

/* Loads PATH ("-" for standard input) into *GRAPH, creating the graph when *GRAPH is NULL.
 * Returns CPG_OK; CPG_ENOENT when the file cannot be read; CPG_EVALUE when it holds errors
 * (all reported in DIAGS, up to its cap); CPG_ENOMEM or CPG_EIGRAPH. STATS may be NULL. */
cpg_status cpg_load_file(cpg_graph **graph, const char *path, cpg_diags *diags,
                         cpg_load_stats *stats);

/* The same for a buffer already in memory; NAME is used in diagnostics. */
cpg_status cpg_load_buffer(cpg_graph **graph, const char *name, const char *buf, size_t len,
                           cpg_diags *diags, cpg_load_stats *stats);

/* The declared id closest to ID by edit distance, if close enough to be a likely typo; else
 * NULL. Exposed for the Lua API's own "did you mean" hints. */
const char *cpg_suggest_id(const cpg_graph *graph, const char *id);

#endif
