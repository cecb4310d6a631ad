/* diag.c: the located-problem list that the loader and the model return to their callers. */
#include "cpecgraph/diag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cpg_diags_init(cpg_diags *d, size_t error_cap)
{
    memset(d, 0, sizeof *d);
    d->error_cap = error_cap;
}

void cpg_diags_rewind(cpg_diags *d, cpg_diags_mark mark)
{
    for (size_t i = mark.count; i < d->count; i++) {
        free(d->items[i].file);
        free(d->items[i].pointer);
        free(d->items[i].message);
    }
    d->count = mark.count;
    d->error_count = mark.error_count;
}

void cpg_diags_sort_by_line(cpg_diags *d, size_t from)
{
    for (size_t i = from + 1; i < d->count; i++) {  /* stable; the lists are short (capped) */
        cpg_diag item = d->items[i];
        size_t k = i;
        for (; k > from && d->items[k - 1].line > item.line; k--)
            d->items[k] = d->items[k - 1];
        d->items[k] = item;
    }
}

void cpg_diags_clear(cpg_diags *d)
{
    cpg_diags_rewind(d, (cpg_diags_mark){0, 0});
    free(d->items);
    cpg_diags_init(d, d->error_cap);
}

size_t cpg_diags_dropped(const cpg_diags *d)
{
    size_t kept = 0;
    for (size_t i = 0; i < d->count; i++)
        kept += d->items[i].severity == CPG_ERROR;
    return d->error_count - kept;
}

static char *diag_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

static bool diag_reserve(cpg_diags *d)
{
    if (d->count < d->capacity)
        return true;
    size_t cap = d->capacity ? 2 * d->capacity : 8;
    cpg_diag *items = realloc(d->items, cap * sizeof *items);
    if (!items)
        return false;
    d->items = items;
    d->capacity = cap;
    return true;
}

void cpg_diags_add(cpg_diags *d, cpg_severity sev, const char *file, size_t line, size_t column,
                   const char *pointer, const char *fmt, ...)
{
    if (sev == CPG_ERROR && d->error_cap && d->error_count++ >= d->error_cap)
        return;
    if (sev == CPG_ERROR && !d->error_cap)
        d->error_count++;
    if (sev != CPG_ERROR && d->error_cap && d->count >= 4 * d->error_cap)
        return; /* notes are information: past a few screens they only cost memory */

    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);

    if (!diag_reserve(d)) {
        d->out_of_memory = true;
        return;
    }
    cpg_diag *it = &d->items[d->count];
    *it = (cpg_diag){sev, diag_strdup(file), line, column, diag_strdup(pointer), strdup(message)};
    if (!it->message || (file && !it->file) || (pointer && !it->pointer)) {
        free(it->file);
        free(it->pointer);
        free(it->message);
        d->out_of_memory = true;
        return;
    }
    d->count++;
}

void cpg_fputs_visible(FILE *fp, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
        bool c0 = (u[i] < 0x20 && u[i] != '\n' && u[i] != '\t') || u[i] == 0x7F;
        bool c1 = u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F;
        if (!c0 && !c1)
            continue;
        fwrite(s + run, 1, i - run, fp);
        if (c0)
            fprintf(fp, "\\x%02x", u[i]);
        else
            fprintf(fp, "\\u%04x", u[++i]);
        run = i + 1;
    }
    fwrite(s + run, 1, len - run, fp);
}
