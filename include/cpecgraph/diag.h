/* diag.h: a list of located problems (file, line:column or JSON pointer, message) that the core
 * hands back to its caller instead of printing.
 *
 * Ownership: a cpg_diags owns every string in it; cpg_diags_clear frees them. The core never
 * prints; only the CLI formats diagnostics for the user. */
#ifndef CPECGRAPH_DIAG_H
#define CPECGRAPH_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum cpg_severity {
    CPG_NOTE,     /* information, shown with --verbose (e.g. stub nodes made for missing ends) */
    CPG_NOTICE,   /* a note shown unless --quiet: what a merge settled (values that contradict) */
    CPG_WARNING,  /* what a load left out by its format's rules (GDELT events without an actor),
                   * shown unless --quiet: the graph loads, and says what it lacks */
    CPG_ERROR
} cpg_severity;

typedef struct cpg_diag {
    cpg_severity severity;
    char *file;     /* name as the user gave it; "-" is shown as "<stdin>" by the caller */
    size_t line;    /* 1-based; 0 when the place is a JSON pointer or the whole file */
    size_t column;
    char *pointer;  /* RFC 6901 JSON pointer (in XML: "attribute 'name'"), or NULL */
    char *message;  /* lowercase, no final period */
} cpg_diag;

typedef struct cpg_diags {
    cpg_diag *items;
    size_t count, capacity;
    size_t error_count;    /* errors reported, including those dropped past the cap */
    size_t error_cap;      /* errors kept per list; 0 means no cap */
    bool out_of_memory;    /* a diagnostic could not be recorded */
} cpg_diags;

#define CPG_DIAGS_DEFAULT_CAP 20

void cpg_diags_init(cpg_diags *d, size_t error_cap);
void cpg_diags_clear(cpg_diags *d);

/* Adds a diagnostic; errors beyond the cap are only counted. Never fails loudly: on allocation
 * failure it sets out_of_memory. */
void cpg_diags_add(cpg_diags *d, cpg_severity sev, const char *file, size_t line, size_t column,
                   const char *pointer, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* A point in a list to go back to: what a later, more basic error makes moot can be dropped. */
typedef struct cpg_diags_mark {
    size_t count, error_count;
} cpg_diags_mark;

static inline cpg_diags_mark cpg_diags_here(const cpg_diags *d)
{
    return (cpg_diags_mark){d->count, d->error_count};
}

/* Drops every diagnostic added since MARK. */
void cpg_diags_rewind(cpg_diags *d, cpg_diags_mark mark);

/* Sorts the diagnostics from index FROM on by line, keeping the order of those on one line:
 * for inputs read line by line, whose checks across lines (an unknown node) come last. */
void cpg_diags_sort_by_line(cpg_diags *d, size_t from);

/* Errors that were counted but not kept because of the cap. */
size_t cpg_diags_dropped(const cpg_diags *d);

/* Writes the LEN bytes at S to FP as a terminal shows them safely: control characters (but
 * line breaks and tabs), DEL and the C1 controls as \xHH or \u00HH. An id from a hostile
 * file ("\u001b]0;...\u0007") must not retitle the terminal or hide a message. */
void cpg_fputs_visible(FILE *fp, const char *s, size_t len);

#endif
