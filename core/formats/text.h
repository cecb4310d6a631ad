/* text.h: what the readers of text formats (GML, Pajek, CSV, edge lists) share: a cursor over
 * the file that knows its line and column, the tests their sniffers make on a file's first
 * bytes, and nodes named only by the edges that join them. */
#ifndef CPECGRAPH_FORMATS_TEXT_H
#define CPECGRAPH_FORMATS_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "intake.h"

/* LEN bytes at S, read from position I, which is on LINE (1-based) that begins at LINE_START. */
typedef struct cpg_text {
    const char *s;
    size_t len, i;
    size_t line, line_start;
} cpg_text;

/* TEXT from its first byte past a UTF-8 byte order mark, on line 1. */
cpg_text cpg_text_open(const char *buf, size_t len);

/* The first LIMIT bytes of a file, for a sniffer. */
cpg_text cpg_text_window(const char *buf, size_t len, size_t limit);

static inline bool cpg_text_end(const cpg_text *t)
{
    return t->i >= t->len;
}

static inline char cpg_text_peek(const cpg_text *t)
{
    return t->i < t->len ? t->s[t->i] : '\0';
}

/* Moves past one byte, counting lines. */
void cpg_text_next(cpg_text *t);

/* Past white space (newlines too, unless STOP_AT_NEWLINE). */
void cpg_text_skip_spaces(cpg_text *t, bool stop_at_newline);

/* Past white space and the comments that LINE_COMMENT starts (a byte that comments out the rest
 * of its line, or 0) and, when C_COMMENTS, // and slash-star comments. */
void cpg_text_skip_comments(cpg_text *t, char line_comment, bool c_comments);

/* To the start of the next line. */
void cpg_text_skip_line(cpg_text *t);

/* Whether WORD (any case) is at the cursor, not followed by a letter, a digit or '_'. */
bool cpg_text_word_at(const cpg_text *t, const char *word);

/* The place of the cursor, for messages: line and column (1-based, in bytes). */
load_place cpg_text_place(const cpg_text *t);

/* Whether BUF holds a NUL byte, which no text format has and C strings would cut short, or is
 * not UTF-8 (a Latin-1 file would load, and be written out as invalid JSON or XML): then the
 * first such byte is reported at its place, naming FORMAT ("a DOT file"). */
bool cpg_text_refuse_bad_text(load_ctx *ctx, const char *buf, size_t len, const char *format);

/* The code unit of BUF (LEN bytes) when it begins as UTF-16 or UTF-32 markup (a byte order
 * mark, or "<" as one of them spells it), where NUL bytes belong: 2 or 4; else 0. libxml2
 * reads such XML. */
size_t cpg_text_wide_unit(const char *buf, size_t len);

/* Whether NAME ends in one of SUFFIXES (any case; NULL-terminated, at most 4). */
bool cpg_text_named(const char *name, const char *const suffixes[4]);

/* An edge from SOURCE to TARGET with ATTRS (or NULL); an end this file has not named yet is
 * made a node without attributes (edge lists and edge tables name nodes by their edges). */
void cpg_text_edge(load_ctx *ctx, const char *source, const char *target, const cJSON *attrs,
                   const load_place *at);

/* Sets member KEY of OBJECT to ITEM (taken), replacing any; adds it, for a KEY that OBJECT
 * cannot have yet (a search per member would make a wide table quadratic); appends ITEM
 * (taken) to ARRAY. False, after reporting the load out of memory, when OBJECT, ARRAY or ITEM
 * is NULL (a failed allocation) or the addition fails: no value is dropped without a word. */
bool cpg_text_set(load_ctx *ctx, cJSON *object, const char *key, cJSON *item);
bool cpg_text_add(load_ctx *ctx, cJSON *object, const char *key, cJSON *item);
bool cpg_text_append(load_ctx *ctx, cJSON *array, cJSON *item);

/* A number or a string from the LEN bytes at S, as the text formats' untyped cells are read:
 * a number when the whole cell is one as JSON writes it (so "02134" stays text), else the
 * text. NULL when out of memory. */
cJSON *cpg_text_scalar(const char *s, size_t len);

#endif
