/* json.h: strict JSON parser building cJSON trees, with the line and column of every fault. */
#ifndef CPECGRAPH_JSON_H
#define CPECGRAPH_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#define CPG_JSON_MAX_DEPTH 512   /* arrays/objects nested deeper than this are refused */

typedef struct cpg_json_error {
    size_t line;        /* 1-based */
    size_t column;      /* 1-based, in characters (UTF-8 code points) */
    size_t offset;      /* 0-based byte offset */
    char message[256];  /* lowercase, no final period */
} cpg_json_error;

/* Parses exactly one JSON value filling buf[0..len) (buf need not be NUL-terminated).
 * Returns a tree the caller owns (free with cJSON_Delete), or NULL with *err filled.
 * On success *err is cleared (line 0, empty message); err may be NULL.
 * Every number item keeps its literal text in valuestring (see cpg_json_number_text);
 * cJSON_Print ignores it, cJSON_Duplicate copies it, cJSON_Delete frees it.
 * All memory comes from cJSON_malloc, so cJSON_InitHooks allocators are honoured. */
cJSON *cpg_json_parse(const char *buf, size_t len, cpg_json_error *err);

/* True when NUMBER came from a literal with no fraction or exponent (e.g. 12, -3),
 * or was created by cpg_json_integer.
 * The answer describes the text: cJSON_SetNumberValue does not update it. */
bool cpg_json_is_integer(const cJSON *number);

/* The literal text a parsed number was written with ("12", "1.50", "1e3"); NULL for numbers not
 * made by this parser. */
const char *cpg_json_number_text(const cJSON *number);

/* A new cJSON number holding integer V that cpg_json_is_integer recognises (text is its decimal form). NULL on OOM. */
cJSON *cpg_json_integer(long long v);

#endif
