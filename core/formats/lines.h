/* lines.h: a stream read a line at a time, for the readers that never hold a file whole (JSON
 * Lines, FollowTheMoney, GDELT): in blocks, so that a line is found with memchr, and stopped
 * at a NUL byte or, for a pipe, past --memory-limit (internal to core/formats). */
#ifndef CPECGRAPH_FORMATS_LINES_H
#define CPECGRAPH_FORMATS_LINES_H

#include <stdbool.h>
#include <stdio.h>

#include "intake.h"

typedef struct cpg_lines {
    FILE *fp;
    char *buf;
    size_t cap, start, end;  /* the bytes not yet returned are buf[start, end) */
    size_t number;           /* of the line last returned, 1-based */
    size_t total;            /* bytes read so far */
    size_t limit;            /* bytes FP may give (0: any, as for a regular file) */
    bool eof;
} cpg_lines;

/* Reads FP, which is a regular file or not (then capped by cpg_load_limit_streams). */
void cpg_lines_open(cpg_lines *r, FILE *fp);

/* The next line (without its newline) in *LINE, *LEN: valid until the next call. False at the
 * end of the stream, or after an error reported to CTX (a NUL byte, too much from a pipe, a
 * read error: then *STATUS says which). */
bool cpg_lines_next(cpg_lines *r, load_ctx *ctx, const char **line, size_t *len,
                    cpg_status *status);

void cpg_lines_close(cpg_lines *r);

/* What a reader does with one line: LEN bytes at LINE (without the newline), line NUMBER. */
typedef void cpg_line_fn(void *data, const char *line, size_t len, size_t number);

/* Calls EACH for every line of FP, as cpg_lines_next reads them, until CTX runs out of memory;
 * the status of the read. */
cpg_status cpg_lines_each(load_ctx *ctx, FILE *fp, cpg_line_fn *each, void *data);

/* The same for the LEN bytes at BUF, a file's whole contents. */
void cpg_lines_each_in(load_ctx *ctx, const char *buf, size_t len, cpg_line_fn *each,
                       void *data);

/* What a stream that is not a regular file may give (cpg_load_limit_streams; 0: any). */
size_t cpg_lines_stream_limit(void);

/* The messages of a stream stopped at a NUL byte (at LINE:COLUMN) or past LIMIT bytes. */
void cpg_lines_refuse_nul(cpg_diags *diags, const char *name, size_t line, size_t column);
void cpg_lines_refuse_size(cpg_diags *diags, const char *name, size_t limit);

#endif
