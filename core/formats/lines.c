/* lines.c: a stream read a line at a time, in blocks, stopped at a NUL byte or past the cap
 * on what a pipe may give: /dev/zero or an endless producer must not grow one line forever. */
#include "lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINES_BLOCK ((size_t)1 << 16)

static size_t stream_limit;

void cpg_load_limit_streams(size_t bytes)
{
    stream_limit = bytes;
}

size_t cpg_lines_stream_limit(void)
{
    return stream_limit;
}

void cpg_lines_refuse_nul(cpg_diags *diags, const char *name, size_t line, size_t column)
{
    cpg_diags_add(diags, CPG_ERROR, name, line, column, NULL,
                  "a NUL byte: no format that cpecgraph reads has one");
}

void cpg_lines_refuse_size(cpg_diags *diags, const char *name, size_t limit)
{
    cpg_diags_add(diags, CPG_ERROR, name, 0, 0, NULL,
                  "more than %zu MB from a stream (--memory-limit): save it to a file, which "
                  "is read as it is", limit >> 20);
}

void cpg_lines_open(cpg_lines *r, FILE *fp)
{
    struct stat st;
    bool regular = fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode);
    *r = (cpg_lines){.fp = fp, .limit = regular ? 0 : stream_limit};
}

void cpg_lines_close(cpg_lines *r)
{
    free(r->buf);
    r->buf = NULL;
}

/* Room for another block after the bytes kept, which move to the front. */
static bool make_room(cpg_lines *r)
{
    if (r->buf)  /* memmove wants a buffer even for no bytes */
        memmove(r->buf, r->buf + r->start, r->end - r->start);
    r->end -= r->start;
    r->start = 0;
    if (r->cap - r->end >= LINES_BLOCK / 2)
        return true;
    size_t cap = r->cap ? r->cap * 2 : LINES_BLOCK;
    char *bigger = cap > r->cap ? realloc(r->buf, cap) : NULL;
    if (!bigger)
        return false;
    r->buf = bigger;
    r->cap = cap;
    return true;
}

/* Reads one more block; false on an error, reported. The column of a NUL byte counts from the
 * start of the line being read, which is at buf[start]. */
static bool read_block(cpg_lines *r, load_ctx *ctx, cpg_status *status)
{
    if (!make_room(r)) {
        cpg_load_out_of_memory(ctx);
        *status = CPG_ENOMEM;
        return false;
    }
    errno = 0;
    size_t n = fread(r->buf + r->end, 1, r->cap - r->end, r->fp);
    if (n == 0 && ferror(r->fp)) {
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "%s",
                      strerror(errno ? errno : EIO));
        *status = CPG_ENOENT;
        return false;
    }
    r->eof = n == 0;
    const char *nul = memchr(r->buf + r->end, '\0', n);
    r->end += n;
    r->total += n;
    if (nul) {  /* on the line being read or a later one of this block */
        size_t line = r->number + 1, from = r->start;
        for (const char *p = r->buf + from; (p = memchr(p, '\n', (size_t)(nul - p))); p++)
            line++, from = (size_t)(p - r->buf) + 1;
        cpg_lines_refuse_nul(ctx->diags, ctx->name, line, (size_t)(nul - r->buf) - from + 1);
        *status = CPG_EVALUE;
        return false;
    }
    if (r->limit && r->total > r->limit) {
        cpg_lines_refuse_size(ctx->diags, ctx->name, r->limit);
        *status = CPG_EVALUE;
        return false;
    }
    return true;
}

bool cpg_lines_next(cpg_lines *r, load_ctx *ctx, const char **line, size_t *len,
                    cpg_status *status)
{
    *status = CPG_OK;
    size_t searched = 0;  /* bytes from start known to hold no newline: a long line is not
                             * searched again from its start at every block */
    for (;;) {
        size_t from = r->start + searched;
        char *nl = r->end > from ? memchr(r->buf + from, '\n', r->end - from) : NULL;
        searched = r->end - r->start;
        if (nl || (r->eof && r->end > r->start)) {
            size_t stop = nl ? (size_t)(nl - r->buf) : r->end;
            *line = r->buf + r->start;
            *len = stop - r->start;
            r->start = nl ? stop + 1 : stop;
            r->number++;
            return true;
        }
        if (r->eof || !read_block(r, ctx, status))
            return false;
    }
}

cpg_status cpg_lines_each(load_ctx *ctx, FILE *fp, cpg_line_fn *each, void *data)
{
    cpg_lines lines;
    cpg_lines_open(&lines, fp);
    const char *line;
    size_t len;
    cpg_status status;
    while (!ctx->out_of_memory && cpg_lines_next(&lines, ctx, &line, &len, &status))
        each(data, line, len, lines.number);
    cpg_lines_close(&lines);
    return ctx->out_of_memory ? CPG_ENOMEM : status;
}

void cpg_lines_each_in(load_ctx *ctx, const char *buf, size_t len, cpg_line_fn *each,
                       void *data)
{
    size_t number = 1;
    for (size_t start = 0; start < len && !ctx->out_of_memory; number++) {
        const char *nl = memchr(buf + start, '\n', len - start);
        size_t end = nl ? (size_t)(nl - buf) : len;
        each(data, buf + start, end - start, number);
        start = end + 1;
    }
}
