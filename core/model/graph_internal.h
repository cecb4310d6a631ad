/* graph_internal.h: what the loader may do to a graph that the public API does not offer: take
 * the columns it built instead of copying them, and merge into them (internal). */
#ifndef CPECGRAPH_GRAPH_INTERNAL_H
#define CPECGRAPH_GRAPH_INTERNAL_H

#include "attrs.h"
#include "cpecgraph/graph.h"
#include "idmap.h"
#include "strpool.h"

/* G's string pool, which a file merged into G interns into, and G's columns of domain D. */
cpg_strpool *cpg_graph_pool(const cpg_graph *g);
cpg_attrs *cpg_graph_table(cpg_graph *g, cpg_domain d);

/* cpg_graph_add_nodes for an empty G, taking what a loader has already built instead of
 * building it again: IDS (distinct, in ATTRS's pool), ATTRS (the N nodes' columns: taken on
 * success and on failure) and INDEX (id -> position in IDS; taken, left empty). G's strings
 * become ATTRS's pool. CPG_EVALUE when G has nodes. A million-node file then hashes each id
 * once, and copies no column. */
cpg_status cpg_graph_adopt_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                                 cpg_attrs *attrs, cpg_idmap *index);

/* cpg_graph_add_nodes for ids already in G's pool, with the values of rows ROWS[0..N) of SRC
 * (a table over G's pool). */
cpg_status cpg_graph_append_nodes(cpg_graph *g, igraph_integer_t n, const char *const *ids,
                                  const cpg_attrs *src, const size_t *rows);

/* cpg_graph_add_edges with the values of the N rows of *SRC (over G's pool; NULL for none).
 * When G has no edges yet, *SRC becomes G's edge columns on success (*SRC is set to NULL);
 * otherwise its values are copied and it stays the caller's. */
cpg_status cpg_graph_append_edges(cpg_graph *g, igraph_integer_t n, const igraph_integer_t *ends,
                                  cpg_attrs **src);

#endif
