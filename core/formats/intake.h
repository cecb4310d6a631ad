/* intake.h: what the readers of each input format share: the checked records of one file, and
 * the intake of one node or edge with its place for messages (internal to core/formats). */
#ifndef CPECGRAPH_INTAKE_H
#define CPECGRAPH_INTAKE_H

#include "arena.h"
#include "attrs.h"
#include "cpecgraph/loader.h"
#include "idmap.h"
#include "strpool.h"

/* Where an element sits, for messages: the JSON pointer ARRAY/INDEX (or ARRAY/KEY when the
 * element is a member of an object), then SUB ("data" in Cytoscape) and the field; or, in JSON
 * Lines, the LINE (ARRAY is NULL, SUB a member of the line's object); in a text format, the
 * LINE and COLUMN. Built into text only
 * when there is something to report. */
#define LOAD_WHOLE ((size_t)-1)  /* as index: the place is ARRAY itself (with KEY NULL) */

typedef struct load_place {
    const char *array;
    const char *key;
    size_t index;
    const char *sub;
    size_t line;
    size_t column;  /* text formats: the column on LINE, 1-based */
    const char *const *end_fields;  /* the fields naming an edge's source and target, when they
                                     * are not "source" and "target" (FtM's "owner", "asset") */
    bool xml;   /* GraphML: a field is an attribute of the element on LINE */
    bool text;  /* text formats (GML, CSV, ...): the place is LINE:COLUMN, fields are not named */
} load_place;

/* An edge end whose node was not known when the edge was read. */
typedef struct load_late_end {
    size_t slot;  /* index in ends: 2 * edge + (0 source, 1 target) */
    const char *id;
    load_place at;
} load_late_end;

#define LOAD_END_ID 48  /* bytes of an end's id kept at hand, NUL included */

/* The last source (or target) read: the next edge often names the same node. */
typedef struct load_last_end {
    igraph_integer_t record;  /* -1 for none, LOAD_PENDING while its lookup waits */
    size_t slot;              /* while pending: the slot in ends that will hold it */
    char id[LOAD_END_ID];
} load_last_end;

#define LOAD_PENDING (-2)

/* An edge end waiting for its lookup in the id table (see take_end). */
#define LOAD_LOOKAHEAD 8
typedef struct load_pending_end {
    size_t slot;
    size_t same_as;  /* the slot of an earlier end with the same id, or SIZE_MAX */
    uint64_t hash;
    load_place at;
    char id[LOAD_END_ID];
} load_pending_end;

/* The column the member at one position of the last element went to: elements of one file
 * mostly share their members and their order, so that most lookups are one strcmp. */
#define LOAD_SHAPE_CACHE 16
typedef struct load_shape {
    const char *name;  /* the column's own name */
    cpg_column *column;
} load_shape;

typedef struct load_ctx {
    const char *name;
    cpg_diags *diags;
    size_t errors_before, diags_before;
    const cpg_graph *graph;  /* the graph merged into, or NULL for the first file */
    cpg_arena *arena;        /* places and unresolved ends: what lives as long as the load */
    cpg_strpool *pool;       /* ids and string values: the graph's pool when merging */
    cpg_format format;
    bool format_given;         /* by the caller, not told from the file */
    const char *const *settings;  /* the reader's options, "KEY=VALUE" (NULL-terminated) */
    bool directed, multigraph;
    cJSON *graph_attrs;      /* owned by the ctx; NULL for none */
    /* nodes in file order; a node with an error is kept with a NULL id */
    const char **ids;
    cpg_attrs *node_attrs;   /* a row per node record */
    load_place *node_places;
    igraph_integer_t node_count, node_capacity;
    cpg_idmap file_ids;      /* id -> node record */
    /* edges in file order: ends are node records, or -1 for a late end */
    igraph_integer_t *ends;
    cpg_attrs *edge_attrs;   /* a row per edge record */
    igraph_integer_t edge_count, edge_capacity;
    load_shape shapes[2][LOAD_SHAPE_CACHE];  /* of the last node and the last edge */
    load_last_end last_end[2];  /* the last source and target found */
    load_pending_end pending[LOAD_LOOKAHEAD];  /* a ring of ends to look up */
    size_t pending_first, pending_count;
    size_t header_line;         /* JSON Lines: the line of the graph's own object, or 0 */
    size_t ftm_line;            /* JSON Lines: the first line found to be an FtM entity, or 0 */
    bool by_position;           /* node-link: the first node has no id, so none has (D3) */
    bool graphology;            /* node-link: the first node has a "key" instead (graphology) */
    size_t undirected_edges;    /* graphology: edges with "undirected": true */
    igraph_integer_t edges_before_nodes;  /* node-link: edges read before the first node */
    bool cytoscape_groups;      /* node-link streaming met Cytoscape.js elements (see nodelink.c) */
    const char *mapped;         /* the file's pages when it is mapped, or NULL */
    size_t mapped_released;     /* bytes of it given back (see release_read_pages) */
    load_late_end *late;
    size_t late_count, late_capacity;
    void *reader_data;          /* a reader's own state across lines (FtM), freed by it */
    bool out_of_memory;
} load_ctx;

/* The intake: ID, SOURCE and TARGET are the items naming nodes (NULL when missing), ATTRS the
 * object whose members become the element's attributes (NULL for none), less those that are
 * ID, SOURCE, TARGET or listed in SKIP (NULL-terminated, or NULL). Problems are reported at AT. */
void cpg_load_node(load_ctx *ctx, const cJSON *id, const cJSON *attrs, const cJSON *const *skip,
                   const load_place *at);
void cpg_load_edge(load_ctx *ctx, const cJSON *source, const cJSON *target, const cJSON *attrs,
                   const load_place *at);
/* The members of ATTRS but ID given again to node RECORD of this file (by another graph of a
 * JGF collection): later values win, and each one changed is noted as coming over one FROM. */
void cpg_load_node_again(load_ctx *ctx, igraph_integer_t record, const cJSON *id,
                         const cJSON *attrs, const char *from, const load_place *at);

/* A node-link or JSON Lines element: ELEMENT, an object whose members other than its id (or its
 * ends) are its attributes. */
void cpg_load_element(load_ctx *ctx, bool is_node, const cJSON *element, const load_place *at);

/* After the last element: the ends of edges that named nodes not known then, resolved against
 * the whole file and then the graph; the others are reported. */
void cpg_load_resolve_late_ends(load_ctx *ctx);

/* Before cpg_load_resolve_late_ends: a node for each id that the ends of edges name and
 * neither this file nor the graph holds (formats whose exports are often partial offer it:
 * FollowTheMoney, STIX), with the attributes stub = true and type = TYPE_OF(id, DATA) when it
 * returns one (NULL: none). Returns how many it made. */
size_t cpg_load_stub_late_ends(load_ctx *ctx, const char *(*type_of)(const char *id, void *data),
                               void *data);

/* Forgets the edges read so far: their ends, late or waiting, and the last ones seen. */
void cpg_load_forget_ends(load_ctx *ctx);

/* ITEM as a value of the load's pool (a string interned, an array or object as its compact
 * JSON text); false when out of memory. */
bool cpg_load_value(load_ctx *ctx, const cJSON *item, cpg_value *value);

/* The load's records and their columns, made empty for a file of a new graph or for one merged
 * into GRAPH (whose pool they share); false when out of memory. */
bool cpg_load_records_init(load_ctx *ctx);
void cpg_load_records_free(load_ctx *ctx);

/* Records running out of memory (reported once). */
void cpg_load_out_of_memory(load_ctx *ctx);

/* The JSON pointer of AT and FIELD (or, in XML, the attribute) in BUF. */
const char *cpg_load_pointer(const load_place *at, const char *field, char *buf, size_t size);

/* Whether KEY is one of KEYS (NULL-terminated, or NULL). */
bool cpg_load_key_in(const char *key, const char *const *keys);

/* The reader's setting KEY as a flag: FALLBACK when not given; reported unless true or false. */
bool cpg_load_setting_flag(load_ctx *ctx, const char *key, bool fallback);

/* The reader's setting KEY as the index of one of CHOICES (NULL-terminated): FALLBACK when not
 * given; reported, with the choices, when it is none of them. */
size_t cpg_load_setting_choice(load_ctx *ctx, const char *key, const char *const *choices,
                               size_t fallback);

/* The value of the reader's setting KEY (--format-option KEY=VALUE, the last one given), or
 * NULL. */
const char *cpg_load_setting(const load_ctx *ctx, const char *key);

/* A problem at AT (FIELD may be NULL for the element itself). */
void cpg_load_error(load_ctx *ctx, const load_place *at, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "null", "boolean", "number", "string", "array" or "object". */
const char *cpg_json_type_name(const cJSON *item);

/* Reads the flag KEY of OBJECT (a boolean, absent is false) at pointer BASE/KEY. */
bool cpg_load_flag(load_ctx *ctx, const cJSON *object, const char *key, const load_place *at,
                   bool *value);

/* Reports the members of OBJECT (at AT) that are not KNOWN (NULL-terminated) but close to a
 * known name: a typo such as "edge" for "edges" would otherwise lose data without a word. */
void cpg_load_check_members(load_ctx *ctx, const cJSON *object, const char *const *known,
                            const load_place *at);

/* The members of a JSON object by name, in a hash table (keyed by the members' own names):
 * cJSON's lookups are linear, so that setting the members of an object of 160k, one by one,
 * would be quadratic. Valid while the object is changed through it only. */
typedef struct cpg_json_names {
    cpg_idmap map;   /* name -> index in items */
    cJSON **items;
    size_t count, capacity;
} cpg_json_names;

/* Indexes the members of OBJECT; false when out of memory (free it all the same). */
bool cpg_json_names_init(cpg_json_names *names, const cJSON *object);
/* The member NAME, or NULL. */
cJSON *cpg_json_names_get(const cpg_json_names *names, const char *name);
/* Sets member NAME of OBJECT (the one NAMES indexes) to ITEM (taken): in the place of a member
 * of that name, else last. False when out of memory (ITEM freed). */
bool cpg_json_names_set(cpg_json_names *names, cJSON *object, const char *name, cJSON *item);
void cpg_json_names_free(cpg_json_names *names);

/* Graph attributes: OBJECT's members, less SKIP, are merged into the file's (copied). */
bool cpg_load_graph_attrs(load_ctx *ctx, const cJSON *object, const char *const *skip);

/* HEAD followed by TAIL in the load's arena, for places that outlive the document ("" when out
 * of memory). */
const char *cpg_load_lasting_pointer(load_ctx *ctx, const char *head, const char *tail);

#endif
