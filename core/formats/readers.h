/* readers.h: the reader of each input format, as the loader calls them (internal to
 * core/formats). Each reads into the intake (intake.h) and never touches a graph. */
#ifndef CPECGRAPH_READERS_H
#define CPECGRAPH_READERS_H

#include <stdio.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "xml.h"

/* Node-link JSON: the sink that streams the arrays of a document into the intake (SCRATCH: the
 * arena each element is parsed in), then the checks of the parsed top level. */
cpg_json_sink cpg_nodelink_sink(load_ctx *ctx, cpg_arena *scratch);
void cpg_load_nodelink(load_ctx *ctx, const cJSON *root);

/* JSON Lines, from a buffer or a stream; whether a file is JSON Lines by its name (.jsonl,
 * .ndjson, .jsonlines) or by its content (a whole object on the first line, more after it). */
void cpg_load_jsonl_buffer(load_ctx *ctx, const char *buf, size_t len);
cpg_status cpg_load_jsonl_stream(load_ctx *ctx, FILE *fp);
bool cpg_jsonl_named(const char *name);
bool cpg_jsonl_looks_like(const char *buf, size_t len);

/* JSON Graph Format and Cytoscape.js, on a parsed document. */
void cpg_load_jgf(load_ctx *ctx, const cJSON *root);
void cpg_load_cytoscape(load_ctx *ctx, const cJSON *root);

/* GraphML and GEXF, on a document parsed with libxml2 (xml.h). */
void cpg_load_graphml(load_ctx *ctx, const xmlDoc *doc);
void cpg_load_gexf(load_ctx *ctx, const xmlDoc *doc);

/* Whether a file (NAME, its first LEN bytes at BUF) is in a graph format that is recognised but
 * not read (sniff.c): then what it looks like ("a GML file") and how to get one that is read. A
 * file that begins as JSON or XML never is. */
bool cpg_sniff_unread(const char *name, const char *buf, size_t len, const char **title,
                      const char **advice);
/* The same for a parsed JSON document, and for one object of a JSON Lines file: what it looks
 * like (a STIX bundle, a FollowTheMoney entity, a GraphSON vertex) or NULL. */
const char *cpg_sniff_unread_document(const cJSON *root, const char **advice);
const char *cpg_sniff_unread_object(const cJSON *object, const char **advice);

#endif
