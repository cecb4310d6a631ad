/* graph.h: the graph model: an igraph graph, string ids mapped to vertices in O(1), and a JSON
 * attribute object on the graph, on every node and on every edge.
 *
 * Ownership: a cpg_graph owns its igraph graph, its id strings and its attribute objects (cJSON
 * trees). Attribute pointers returned here stay valid until the element is deleted or the graph
 * freed; callers may edit them in place. Functions taking a cJSON ** take ownership of the trees
 * on success and on failure alike.
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

#include "cpecgraph/status.h"

typedef struct cpg_graph cpg_graph;

cpg_graph *cpg_graph_new(bool directed);  /* NULL when out of memory */
void cpg_graph_free(cpg_graph *g);

const igraph_t *cpg_graph_igraph(const cpg_graph *g);
bool cpg_graph_directed(const cpg_graph *g);
bool cpg_graph_multigraph(const cpg_graph *g);
void cpg_graph_set_multigraph(cpg_graph *g, bool multigraph);
igraph_integer_t cpg_graph_node_count(const cpg_graph *g);
igraph_integer_t cpg_graph_edge_count(const cpg_graph *g);
cJSON *cpg_graph_attrs(cpg_graph *g);  /* the graph-level attribute object */

/* Nodes. IDS must not exist yet (CPG_EEXIST); attrs[i] may be NULL for no attributes. */
cpg_status cpg_graph_add_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                               cJSON **attrs);
igraph_integer_t cpg_graph_find(const cpg_graph *g, const char *id);  /* -1 when absent */
/* The id closest to ID by edit distance, if close enough to be a likely typo; else NULL: for
 * "did you mean" hints. */
const char *cpg_graph_suggest_id(const cpg_graph *g, const char *id);
const char *cpg_graph_node_id(const cpg_graph *g, igraph_integer_t v);

/* An element's attribute object. A loaded file keeps attributes as text until they are first
 * asked for, so this may parse, and returns NULL when out of memory. */
cJSON *cpg_graph_node_attrs(const cpg_graph *g, igraph_integer_t v);

/* A copy of node V's attribute NAME (the caller deletes it; NULL when absent or out of
 * memory), read without making the node's whole attribute object: for passes over every node
 * that want one value. */
cJSON *cpg_graph_node_value(const cpg_graph *g, igraph_integer_t v, const char *name);

/* Edges: ENDS holds 2n vertex indices (from, to, from, to, ...); attrs[i] may be NULL. Adding in
 * batches matters: igraph rebuilds its indices on every call. */
cpg_status cpg_graph_add_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends,
                               cJSON **attrs);
cJSON *cpg_graph_edge_attrs(const cpg_graph *g, igraph_integer_t e);  /* NULL: out of memory */
igraph_integer_t cpg_graph_edge_from(const cpg_graph *g, igraph_integer_t e);
igraph_integer_t cpg_graph_edge_to(const cpg_graph *g, igraph_integer_t e);

/* Stable identities: the uid of an element, and the current index of a uid (-1 once deleted). */
uint64_t cpg_graph_node_uid(const cpg_graph *g, igraph_integer_t v);
igraph_integer_t cpg_graph_node_by_uid(const cpg_graph *g, uint64_t uid);
uint64_t cpg_graph_edge_uid(const cpg_graph *g, igraph_integer_t e);
igraph_integer_t cpg_graph_edge_by_uid(const cpg_graph *g, uint64_t uid);

/* Deletion: KEEP_NODES / KEEP_EDGES are arrays of node_count / edge_count flags (NULL keeps all).
 * Edges touching a deleted node go too. Indices are renumbered; uids are kept. */
cpg_status cpg_graph_filter(cpg_graph *g, const bool *keep_nodes, const bool *keep_edges);

/* A new graph holding the nodes flagged in KEEP_NODES and the edges among them, attributes
 * copied; NULL with *status set on failure. */
cpg_graph *cpg_graph_induced(const cpg_graph *g, const bool *keep_nodes, cpg_status *status);

/* Makes G own ARENA (see core/arena.h), where attributes about to be added live, so that it is
 * released with G. CPG_ENOMEM leaves it with the caller. */
typedef struct cpg_arena cpg_arena;
cpg_status cpg_graph_keep_arena(cpg_graph *g, cpg_arena *arena);

/* Fills WEIGHTS (initialised by the caller) with the numeric edge attribute NAME. On a missing or
 * non-numeric value returns CPG_EVALUE with *bad_edge set to the first offending edge. */
cpg_status cpg_graph_edge_numbers(const cpg_graph *g, const char *name, igraph_vector_t *weights,
                                  igraph_integer_t *bad_edge);

#endif
