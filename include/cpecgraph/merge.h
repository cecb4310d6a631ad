/* merge.h: settling what two sources say of one element: which value stays when they differ
 * (--on-conflict), aliases joined whatever the rule, and values shown short in notes. */
#ifndef CPECGRAPH_MERGE_H
#define CPECGRAPH_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "cpecgraph/diag.h"
#include "cpecgraph/graph.h"

/* What a value that contradicts an earlier one does. */
typedef enum cpg_on_conflict {
    CPG_CONFLICT_LAST,   /* replaces it (the default) */
    CPG_CONFLICT_FIRST,  /* is dropped */
    CPG_CONFLICT_ERROR,  /* is an error: the file is not loaded */
    CPG_CONFLICT_LIST    /* joins it: a JSON array of the distinct values, in the order met */
} cpg_on_conflict;

/* "last", "first", "error", "list"; false for any other name. */
const char *cpg_on_conflict_name(cpg_on_conflict rule);
bool cpg_on_conflict_from_name(const char *name, cpg_on_conflict *rule);

/* What a note of a conflict ends with under RULE: "the later value replaces it", ... */
const char *cpg_merge_outcome(cpg_on_conflict rule);

/* Whether A and B, values of G, differ as JSON values (objects compared parsed, as two texts of
 * one object may order its members differently). */
bool cpg_merge_values_differ(const cpg_graph *g, const cpg_value *a, const cpg_value *b);

/* Attribute NAME of one element holds OLD and is given NEW, both values of G. *KEPT receives
 * what it holds after: "aliases" are joined (a string counts as a list of one) whatever RULE
 * says; other values that differ follow RULE (CPG_CONFLICT_ERROR keeps OLD), and *CONFLICT
 * says that they did. */
cpg_status cpg_merge_settle(cpg_graph *g, cpg_on_conflict rule, const char *name,
                            const cpg_value *old, const cpg_value *new, cpg_value *kept,
                            bool *conflict);

/* Appends to the JSON array LIST the items of ITEM (an array), or ITEM itself, that LIST does
 * not hold yet; takes ITEM. Returns how many it appended. */
size_t cpg_merge_join_json(cJSON *list, cJSON *item);

/* V as JSON text for a message, cut at SIZE - 1 bytes with "..." when longer. */
void cpg_merge_value_text(const cpg_graph *g, const cpg_value *v, char *buf, size_t size);

/* --dedupe: collapses the edges of G that are copies of an earlier one (the same ends, in
 * order when G is directed, the same "type" and the same "evidence", absent counting as a
 * value) into that one, which takes their sources; their other attributes join its own by
 * RULE, each conflict reported in DIAGS as the loader reports one (CPG_CONFLICT_ERROR: as an
 * error, and G is left as it was, CPG_EVALUE). *COLLAPSED receives how many edges went. */
cpg_status cpg_merge_dedupe_edges(cpg_graph *g, cpg_on_conflict rule, cpg_diags *diags,
                                  igraph_integer_t *collapsed);

/* ---- entity resolution (resolve.c) ------------------------------------------------------ */

/* One line of a judgement file: these ids are one node ("same"), or no two of them are. */
typedef struct cpg_judgement {
    bool same;
    size_t line;
    char **ids;
    size_t count;
} cpg_judgement;

typedef struct cpg_judgements {
    cpg_judgement *items;
    size_t count;
} cpg_judgements;

/* Reads PATH, JSON lines of {"same": [id, ...]} or {"different": [id, ...]} (blank lines
 * allowed), into *J; CPG_ENOENT or CPG_EVALUE with the problems, at their lines, in DIAGS. */
cpg_status cpg_judgements_load(const char *path, cpg_judgements *j, cpg_diags *diags);
void cpg_judgements_free(cpg_judgements *j);

/* Merges the nodes of G that J (read from PATH: a judgement's first id is the node kept) and,
 * when BY_NAMES, their names say are one: nodes of one "type" whose labels or aliases are equal
 * once NFC-normalised and case folded (the node first in the graph is kept), except those
 * judged different. Reports ids J names that G lacks as warnings, judgements that contradict
 * each other as errors (CPG_EVALUE, G as it was), and each merge as a note. *MERGED receives
 * how many nodes were merged into others. */
cpg_status cpg_resolve(cpg_graph *g, const cpg_judgements *j, const char *path, bool by_names,
                       cpg_on_conflict rule, cpg_diags *diags, igraph_integer_t *merged);

/* Merges each node V of G with INTO[V] != V into node INTO[V] (which stays: INTO of it is
 * itself): its label and aliases join the aliases of the node kept, its other attributes join
 * by RULE (each conflict a note from WHO, or under CPG_CONFLICT_ERROR an error and CPG_EVALUE
 * with G as it was), its sources and its edges are the kept node's. A note per group. */
cpg_status cpg_merge_nodes(cpg_graph *g, const igraph_integer_t *into, cpg_on_conflict rule,
                           const char *who, cpg_diags *diags);

#endif
