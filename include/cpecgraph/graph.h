/* graph.h: the graph model: an igraph graph, string ids mapped to vertices in O(1), typed
 * attribute columns for the nodes and for the edges (attrs.h), and a JSON object of graph
 * attributes.
 *
 * Ownership: a cpg_graph owns its igraph graph, its ids, its columns and its graph attribute
 * object (a cJSON tree the caller may edit in place). Strings (ids, string and JSON values) live
 * in a pool that the graph shares with the graphs copied from it; the pointers this header hands
 * out stay valid as long as the graph. A column pointer stays valid as long as the graph too,
 * though what the column holds changes with the graph.
 *
 * Vertex and edge indices are igraph's: dense, and renumbered by deletions. Every element also has
 * a uid that is never reused, so that a long-lived handle (a Lua node, say) can tell that its
 * element is gone instead of reading another one. This header knows nothing of Lua or the CLI. */
#ifndef CPECGRAPH_GRAPH_H
#define CPECGRAPH_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <igraph.h>

#include "cpecgraph/attrs.h"
#include "cpecgraph/status.h"

typedef struct cpg_graph cpg_graph;

/* Which elements a column describes. */
typedef enum cpg_domain { CPG_NODES, CPG_EDGES } cpg_domain;

cpg_graph *cpg_graph_new(bool directed);  /* NULL when out of memory */
void cpg_graph_free(cpg_graph *g);

const igraph_t *cpg_graph_igraph(const cpg_graph *g);
bool cpg_graph_directed(const cpg_graph *g);
bool cpg_graph_multigraph(const cpg_graph *g);
void cpg_graph_set_multigraph(cpg_graph *g, bool multigraph);
/* Makes G DIRECTED, which it can be made only while it has no edges (else CPG_EVALUE): a
 * table of nodes loaded first takes the direction of the edges that follow. */
cpg_status cpg_graph_set_directed(cpg_graph *g, bool directed);
igraph_integer_t cpg_graph_node_count(const cpg_graph *g);
igraph_integer_t cpg_graph_edge_count(const cpg_graph *g);
cJSON *cpg_graph_attrs(cpg_graph *g);  /* the graph-level attribute object */

/* Nodes, without attributes. IDS must be new and distinct (CPG_EEXIST), non-empty UTF-8 text. */
cpg_status cpg_graph_add_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids);
igraph_integer_t cpg_graph_find(const cpg_graph *g, const char *id);  /* -1 when absent */
/* The id closest to ID by edit distance, if close enough to be a likely typo; else NULL: for
 * "did you mean" hints. */
const char *cpg_graph_suggest_id(const cpg_graph *g, const char *id);
const char *cpg_graph_node_id(const cpg_graph *g, igraph_integer_t v);

/* Edges, without attributes: ENDS holds 2n vertex indices (from, to, from, to, ...). Adding in
 * batches matters: igraph rebuilds its indices on every call. */
cpg_status cpg_graph_add_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends);
igraph_integer_t cpg_graph_edge_from(const cpg_graph *g, igraph_integer_t e);
igraph_integer_t cpg_graph_edge_to(const cpg_graph *g, igraph_integer_t e);

/* Stable identities: the uid of an element, and the current index of a uid (-1 once deleted). */
uint64_t cpg_graph_node_uid(const cpg_graph *g, igraph_integer_t v);
igraph_integer_t cpg_graph_node_by_uid(const cpg_graph *g, uint64_t uid);
uint64_t cpg_graph_edge_uid(const cpg_graph *g, igraph_integer_t e);
igraph_integer_t cpg_graph_edge_by_uid(const cpg_graph *g, uint64_t uid);
/* The uids handed out so far: every element's uid is below it, and a new one gets it. */
uint64_t cpg_graph_uid_limit(const cpg_graph *g, cpg_domain d);

/* Deletion: KEEP_NODES / KEEP_EDGES are arrays of node_count / edge_count flags (NULL keeps all).
 * Edges touching a deleted node go too. Indices are renumbered; uids are kept. */
cpg_status cpg_graph_filter(cpg_graph *g, const bool *keep_nodes, const bool *keep_edges);

/* Merges nodes: INTO gives for each vertex the vertex it becomes (itself for one that stays;
 * a vertex that another becomes must stay). Edges keep their order, attributes and uids and
 * have their ends re-pointed (an edge between two merged nodes becomes a loop); the merged-away
 * nodes go, with their attributes (join them first). */
cpg_status cpg_graph_contract(cpg_graph *g, const igraph_integer_t *into);

/* A new graph holding the nodes flagged in KEEP_NODES (NULL: all) and, of the edges among
 * them, those flagged in KEEP_EDGES (NULL: all), attributes copied; NULL with *status set on
 * failure. The copy shares G's strings. */
cpg_graph *cpg_graph_induced(const cpg_graph *g, const bool *keep_nodes, const bool *keep_edges,
                             cpg_status *status);

/* ---- sources: the files each element came from ------------------------------------------- */

/* The sources of G (the files loaded into it, names as given), in the order they were added.
 * Adding a name G has returns its position; *INDEX receives the position. */
cpg_status cpg_graph_add_source(cpg_graph *g, const char *name, size_t *index);
size_t cpg_graph_source_count(const cpg_graph *g);
const char *cpg_graph_source(const cpg_graph *g, size_t k);

/* The sources of element I of D, as positions among G's, ascending: up to CAP of them into
 * OUT. Returns how many it has (0 for an element made since, by a script). */
size_t cpg_graph_sources_of(const cpg_graph *g, cpg_domain d, igraph_integer_t i, size_t *out,
                            size_t cap);
/* Adds source K to the N elements of D from FIRST on. */
cpg_status cpg_graph_add_sources(cpg_graph *g, cpg_domain d, igraph_integer_t first,
                                 igraph_integer_t n, size_t k);
/* Adds the sources of element J to those of element I, both of D (a merge). */
cpg_status cpg_graph_union_sources(cpg_graph *g, cpg_domain d, igraph_integer_t i,
                                   igraph_integer_t j);

/* ---- attributes ------------------------------------------------------------------------- */

/* The columns of domain D in the order they were made, empty ones included (those no element
 * has a value in: cpg_column_count is 0). */
size_t cpg_graph_column_count(const cpg_graph *g, cpg_domain d);
const cpg_column *cpg_graph_column_at(const cpg_graph *g, cpg_domain d, size_t k);
const cpg_column *cpg_graph_column(const cpg_graph *g, cpg_domain d, const char *name);

/* The value of attribute NAME of element I of D; CPG_VNONE when it has none. */
cpg_value cpg_graph_get(const cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *name);

/* Stores V as attribute NAME (LEN bytes: non-empty UTF-8 without NUL) of element I of D;
 * CPG_VNONE removes it. A string or JSON value must name a string of this graph
 * (cpg_graph_intern). */
cpg_status cpg_graph_set(cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *name,
                         size_t len, const cpg_value *v);

/* Strings of the graph: *SID names the LEN bytes at S (interned when new), or the string that
 * is already there (find: false when none is, so that no value can equal S). */
cpg_status cpg_graph_intern(cpg_graph *g, const char *s, size_t len, uint32_t *sid);
bool cpg_graph_find_string(const cpg_graph *g, const char *s, size_t len, uint32_t *sid);
/* How many strings the graph's pool holds: every sid is below it. */
size_t cpg_graph_string_count(const cpg_graph *g);
/* The string SID, NUL-terminated; *LEN (when LEN is not NULL) its length. */
const char *cpg_graph_string(const cpg_graph *g, uint32_t sid, size_t *len);

/* Fills WEIGHTS (initialised by the caller) with the numeric edge attribute NAME. On a missing or
 * non-numeric value returns CPG_EVALUE with *bad_edge set to the first offending edge. */
cpg_status cpg_graph_edge_numbers(const cpg_graph *g, const char *name, igraph_vector_t *weights,
                                  igraph_integer_t *bad_edge);

#endif
