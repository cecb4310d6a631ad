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

/* cpg_json_parse, building the tree in ARENA (core/arena.h), which must outlive it: it is
 * gone when the arena is emptied (cJSON_Delete is harmless on it but frees nothing). Many small
 * documents (the lines of JSON Lines) then cost no allocation each. */
struct cpg_arena;
cJSON *cpg_json_parse_in(const char *buf, size_t len, cpg_json_error *err,
                         struct cpg_arena *arena);

/* Where cpg_json_parse_streaming sends the elements of the arrays it streams. */
typedef struct cpg_json_sink {
    /* Whether the array under top-level member KEY is streamed. */
    bool (*wants)(void *ud, const char *key);
    /* Element INDEX of the array under KEY, and its text (LEN bytes, not NUL-terminated). The
     * callee owns ELEMENT, unless it was built in SCRATCH: then it is gone when take returns,
     * or, with KEEPS_ELEMENTS, when the callee empties that arena (it may then point SCRATCH at
     * another, empty one for the next element). Keys of elements built in SCRATCH may live in
     * the parser's own memory: an element must not be used once DONE has returned. False stops
     * the parse, which then fails with "out of memory". */
    bool (*take)(void *ud, const char *key, size_t index, cJSON *element, const char *text,
                 size_t len);
    /* NULL, or called once the document is parsed or has failed, before the parse returns: a
     * callee that keeps elements must be done with them all when it returns. */
    void (*done)(void *ud);
    void *ud;
    /* NULL, or an arena (core/arena.h) in which each element is built, emptied after take
     * unless KEEPS_ELEMENTS: streaming then costs no allocation per element. */
    struct cpg_arena *scratch;
    bool keeps_elements;
} cpg_json_sink;

/* cpg_json_parse, except that when the value is an object, the elements of the arrays under
 * the members SINK wants go to SINK as they are parsed; those arrays stay empty in the tree.
 * A large file then never exists as one tree. Elements are handed over before the rest of the
 * document is checked: a later syntax error still fails the parse. SINK may be NULL. */
cJSON *cpg_json_parse_streaming(const char *buf, size_t len, cpg_json_error *err,
                                const cpg_json_sink *sink);

/* True when NUMBER came from a literal with no fraction or exponent (e.g. 12, -3),
 * or was created by cpg_json_integer.
 * The answer describes the text: cJSON_SetNumberValue does not update it. */
bool cpg_json_is_integer(const cJSON *number);

/* The literal text a parsed number was written with ("12", "1.50", "1e3"); NULL for numbers not
 * made by this parser. */
const char *cpg_json_number_text(const cJSON *number);

/* The length of the well-formed UTF-8 sequence at S (LEN >= 1 bytes left; Unicode Table 3-7:
 * no overlongs, no surrogates, nothing above U+10FFFF), or 0, with *BAD the offset of the
 * first byte that cannot be part of it. */
size_t cpg_utf8_sequence(const unsigned char *s, size_t len, size_t *bad);

/* Writes code point CP (at most U+10FFFF, no surrogate) as UTF-8 at OUT; its byte count. */
size_t cpg_utf8_put(char *out, unsigned long cp);

/* Whether OBJECT has member KEY, case and all (cJSON_HasObjectItem ignores case). */
bool cpg_json_has(const cJSON *object, const char *key);

/* A new cJSON number holding integer V that cpg_json_is_integer recognises (text is its decimal form). NULL on OOM. */
cJSON *cpg_json_integer(long long v);

/* The shortest text that reads back as the double V, with ".0" on whole numbers so that they
 * stay fractional when read again ("null" for NaN and infinities); returns its length. */
#define CPG_JSON_NUMBER_MAX 40
size_t cpg_json_format_double(double v, char text[CPG_JSON_NUMBER_MAX]);

/* ITEM as JSON text (malloc'd; NULL when out of memory), two-space indented when PRETTY.
 * Unlike cJSON_Print it loses no digits: a number prints as the literal it was read or made
 * with, else as the shortest text that reads back as the same double ("3.0" for a whole
 * double, so that it reads back as a fraction, not an integer). */
char *cpg_json_print(const cJSON *item, bool pretty);

#endif
