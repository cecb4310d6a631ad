/* loader.h: reads relationship-graph files into the model: NetworkX node-link JSON (extended),
 * JSON Lines, JSON Graph Format, Cytoscape.js JSON, GraphML, GEXF, GML, Pajek, CSV tables,
 * edge lists and Graphviz DOT.
 *
 * The loader never prints: every problem goes into the caller's cpg_diags with its place (line and
 * column for syntax, a JSON pointer for schema). A file with any error in it leaves the graph as
 * it was (running out of memory half-way through applying it may not).
 * Loading into an existing graph merges: the same id is the same node, edges are appended, and
 * a value that contradicts an earlier file's is settled by the merge rule (the later file wins
 * by default) and reported as a CPG_NOTICE. Each file becomes a source of the elements it
 * declares (graph.h). */
#ifndef CPECGRAPH_LOADER_H
#define CPECGRAPH_LOADER_H

#include <stdbool.h>
#include <stddef.h>

#include "cpecgraph/diag.h"
#include "cpecgraph/graph.h"
#include "cpecgraph/merge.h"

typedef enum cpg_format {
    CPG_FORMAT_AUTO,       /* told from the content (and a .jsonl/.ndjson name) */
    CPG_FORMAT_NODE_LINK,
    CPG_FORMAT_JSONL,      /* one node, edge or graph header object per line */
    CPG_FORMAT_FTM,        /* FollowTheMoney entities, one per line (Aleph, OpenSanctions) */
    CPG_FORMAT_JGF,        /* JSON Graph Format, v1 and v2, one graph or several */
    CPG_FORMAT_CYTOSCAPE,  /* Cytoscape.js elements, and NetworkX's cytoscape_data */
    CPG_FORMAT_STIX,       /* a STIX 2.1 bundle */
    CPG_FORMAT_GRAPHML,
    CPG_FORMAT_GEXF,       /* Gephi's GEXF, 1.1 to 1.3 */
    CPG_FORMAT_GML,
    CPG_FORMAT_PAJEK,      /* Pajek .net */
    CPG_FORMAT_GDELT,      /* GDELT 2.0 events (tab-separated, 61 columns) */
    CPG_FORMAT_CSV,        /* an edge table or a node table; comma, semicolon or tab */
    CPG_FORMAT_EDGELIST,   /* NetworkX's whitespace-separated edge list */
    CPG_FORMAT_DOT         /* Graphviz, read by its own libcgraph */
} cpg_format;

/* The format's name as --format spells it ("node-link", "jsonl", ...); NULL past the last, so
 * that a loop from CPG_FORMAT_AUTO lists them all. */
const char *cpg_format_name(cpg_format format);
/* The format called NAME; false when there is none. */
bool cpg_format_from_name(const char *name, cpg_format *format);

/* What one file contributed, for summaries such as --check. */
typedef struct cpg_load_stats {
    igraph_integer_t nodes;         /* entries in "nodes" */
    igraph_integer_t new_nodes;     /* of which an earlier file had not declared */
    igraph_integer_t edges;
    cpg_format format;              /* the format read */
    igraph_vector_int_t *declared;  /* optional, initialised by the caller: the vertex of every
                                       entry of "nodes" */
} cpg_load_stats;

/* Loads PATH ("-" for standard input) in FORMAT into *GRAPH, creating the graph when *GRAPH is
 * NULL. SETTINGS are the reader's options, "KEY=VALUE" each (--format-option; the last of a key
 * wins), NULL-terminated, or NULL: one the file's reader does not take is an error. Returns
 * CPG_OK; CPG_ENOENT when the file cannot be read; CPG_EVALUE when it holds errors (all
 * reported in DIAGS, up to its cap); CPG_ENOMEM or CPG_EIGRAPH. STATS may be NULL.
 * JSON Lines files are read a line at a time, never whole. */
cpg_status cpg_load_file(cpg_graph **graph, const char *path, cpg_format format,
                         const char *const *settings, cpg_diags *diags, cpg_load_stats *stats);

/* Caps what a stream (standard input, a pipe, a device) may give at BYTES, 0 for no cap: such
 * a file is read whole into memory, where a regular file is mapped, or a line at a time (JSON
 * Lines, FtM, GDELT), which stops at the cap too. Process-wide. */
void cpg_load_limit_streams(size_t bytes);

/* How the files loaded into one graph settle what they contradict: RULE for the attributes of
 * nodes and of the graph, and NAME (NULL for none) as the graph's name, which no file then
 * contradicts. Process-wide, as --on-conflict and --name are; until called, the last wins. */
void cpg_load_merge_rules(cpg_on_conflict rule, const char *name);

/* The same for a buffer already in memory; NAME is used in diagnostics. */
cpg_status cpg_load_buffer(cpg_graph **graph, const char *name, const char *buf, size_t len,
                           cpg_format format, const char *const *settings, cpg_diags *diags,
                           cpg_load_stats *stats);

#endif
