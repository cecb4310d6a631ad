/* graph_internal.h: what the loader may do to a graph that the public API does not offer. */
#ifndef CPECGRAPH_GRAPH_INTERNAL_H
#define CPECGRAPH_GRAPH_INTERNAL_H

#include "cpecgraph/graph.h"
#include "idmap.h"

/* Attributes from a loader come as a tree (ATTRS[i]) or as the JSON text of an object, checked
 * and living in an arena G keeps (TEXTS[i]), parsed only when first asked for; both NULL means
 * none. Trees are taken on success and on failure alike. */

/* cpg_graph_add_nodes for an empty G that takes what a loader has already built instead of
 * building it again: IDS (distinct, living in an arena G keeps), ATTRS and TEXTS (either may
 * be NULL for none), and INDEX (id -> position in IDS; taken, left empty). CPG_EVALUE when G
 * has nodes. A million-node file then hashes each id once, not three times. */
cpg_status cpg_graph_adopt_nodes(cpg_graph *g, igraph_integer_t n, const char **ids,
                                 cJSON **attrs, const char **texts, cpg_idmap *index);

/* cpg_graph_add_edges with attributes as ATTRS and TEXTS (either may be NULL for none). */
cpg_status cpg_graph_add_loaded_edges(cpg_graph *g, igraph_integer_t n,
                                      const igraph_integer_t *ends, cJSON **attrs,
                                      const char **texts);

#endif
