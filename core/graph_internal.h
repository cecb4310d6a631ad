/* graph_internal.h: what the loader may do to a graph that the public API does not offer. */
#ifndef CPECGRAPH_GRAPH_INTERNAL_H
#define CPECGRAPH_GRAPH_INTERNAL_H

#include "cpecgraph/graph.h"
#include "idmap.h"

/* cpg_graph_add_nodes for an empty G that takes what a loader has already built instead of
 * building it again: IDS (distinct, living in an arena G keeps), ATTRS (none NULL; taken) and
 * INDEX (id -> position in IDS; taken, left empty). CPG_EVALUE when G has nodes. A million-node
 * file then hashes each id once, not three times. */
cpg_status cpg_graph_adopt_nodes(cpg_graph *g, igraph_integer_t n, const char **ids,
                                 cJSON **attrs, cpg_idmap *index);

#endif
