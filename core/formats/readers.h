/* readers.h: the reader of each input format, as the loader calls them (internal to
 * core/formats): one file per format defines its cpg_reader, and formats.c lists them all, in
 * the order of cpg_format, the way Lua's linit.c lists its libraries. A reader feeds the intake
 * (intake.h) and never touches a graph. */
#ifndef CPECGRAPH_READERS_H
#define CPECGRAPH_READERS_H

#include <stdio.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "xml.h"

typedef struct cpg_reader {
    const char *name;               /* as --format spells it */
    const char *title;              /* what a file of it is, in messages ("a GML file") */
    const char *const suffixes[4];  /* the names that tell it when the content does not */
    /* whether the first bytes of a file (at most LEN at BUF) are of this format; NULL when the
     * content cannot tell (a family's reader tells its members apart: JSON, XML) */
    bool (*sniff)(const char *buf, size_t len);
    void (*read)(load_ctx *ctx, const char *buf, size_t len);
    /* reads a stream a line at a time, never whole (JSON Lines); NULL for none */
    cpg_status (*read_stream)(load_ctx *ctx, FILE *fp);
    const char *const *settings;    /* the --format-option keys it takes (NULL-terminated) */
    bool by_line;                   /* its messages are sorted by line */
} cpg_reader;

/* Every reader, indexed by cpg_format (the entry of CPG_FORMAT_AUTO names the choice only). */
extern const cpg_reader *const cpg_readers[];
extern const size_t cpg_reader_count;

extern const cpg_reader cpg_reader_auto, cpg_reader_node_link, cpg_reader_jsonl, cpg_reader_jgf,
    cpg_reader_cytoscape, cpg_reader_stix, cpg_reader_ftm, cpg_reader_gdelt, cpg_reader_graphml,
    cpg_reader_gexf, cpg_reader_gml, cpg_reader_pajek,
    cpg_reader_csv, cpg_reader_edgelist, cpg_reader_dot;

/* A JSON document (node-link, JGF or Cytoscape.js: told by its keys when the format was not
 * given), and an XML one (GraphML or GEXF: told by its root). */
void cpg_read_json_document(load_ctx *ctx, const char *buf, size_t len);
void cpg_read_xml_document(load_ctx *ctx, const char *buf, size_t len);

/* JSON Lines, whole or from a stream; an FtM file is JSON Lines of entities. */
void cpg_read_json_lines(load_ctx *ctx, const char *buf, size_t len);
cpg_status cpg_read_json_lines_stream(load_ctx *ctx, FILE *fp);

/* FollowTheMoney: whether a line's object is an entity (an id, a schema and, when STRICT, the
 * properties), one entity at AT, and the end of the file; whether the first bytes of a file
 * are entities. */
bool cpg_ftm_is_entity(const cJSON *object, bool strict);
void cpg_ftm_entity(load_ctx *ctx, const cJSON *entity, const load_place *at);
void cpg_ftm_finish(load_ctx *ctx);
bool cpg_ftm_looks_like(const char *buf, size_t len);

/* Node-link JSON: the sink that streams the arrays of a document into the intake (SCRATCH: the
 * arena each element is parsed in), then the checks of the parsed top level. */
cpg_json_sink cpg_nodelink_sink(load_ctx *ctx, cpg_arena *scratch);
void cpg_load_nodelink(load_ctx *ctx, const cJSON *root);

/* JSON Graph Format, Cytoscape.js and STIX, on a parsed document. */
void cpg_load_jgf(load_ctx *ctx, const cJSON *root);
void cpg_load_cytoscape(load_ctx *ctx, const cJSON *root);
void cpg_load_stix(load_ctx *ctx, const cJSON *root);

/* Whether a parsed document is a STIX bundle (or a bare array of STIX objects); the settings
 * its reader takes. */
bool cpg_sniff_stix(const cJSON *root);
extern const char *const cpg_stix_settings[];

/* GraphML and GEXF, on a document parsed with libxml2 (xml.h). */
void cpg_load_graphml(load_ctx *ctx, const xmlDoc *doc);
void cpg_load_gexf(load_ctx *ctx, const xmlDoc *doc);

/* Whether a file (NAME, its first LEN bytes at BUF) is in a graph format that is recognised but
 * not read (sniff.c), or read only when its format is given (*READ_WHEN_TOLD: an edge list in
 * a .txt file): then what it looks like ("a Gephi GDF file") and how to get it read. A file
 * that begins as JSON or XML never is. */
bool cpg_sniff_unread(const char *name, const char *buf, size_t len, const char **title,
                      const char **advice, bool *read_when_told);
/* The same for a parsed JSON document, and for one object of a JSON Lines file: what it looks
 * like (a STIX bundle, a FollowTheMoney entity, a GraphSON vertex) or NULL. */
const char *cpg_sniff_unread_document(const cJSON *root, const char **advice);
const char *cpg_sniff_unread_object(const cJSON *object, const char **advice);

#endif
