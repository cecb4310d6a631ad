/* attrs.h (model): a table of attribute columns over the rows of one domain (a graph's nodes, or
 * its edges, or the records of a file being loaded), sharing one string pool (internal to the
 * model and the loader; cpecgraph/attrs.h has the read side).
 *
 * Rows are added at the end, all without values, and removed by filtering; columns are made the
 * first time a value is stored under their name and listed in that order. Every operation that
 * can fail for want of memory leaves the table as it was, unless it says otherwise. */
#ifndef CPECGRAPH_MODEL_ATTRS_H
#define CPECGRAPH_MODEL_ATTRS_H

#include "cpecgraph/attrs.h"
#include "cpecgraph/status.h"
#include "strpool.h"

typedef struct cpg_attrs cpg_attrs;

cpg_attrs *cpg_attrs_new(cpg_strpool *pool);  /* takes a reference to POOL; NULL on OOM */
void cpg_attrs_free(cpg_attrs *a);
cpg_strpool *cpg_attrs_pool(const cpg_attrs *a);

size_t cpg_attrs_rows(const cpg_attrs *a);
/* Room for ROWS rows in all, so that adding up to that many cannot fail. */
cpg_status cpg_attrs_reserve(cpg_attrs *a, size_t rows);
/* N rows more, without values. */
cpg_status cpg_attrs_add_rows(cpg_attrs *a, size_t n);

/* Columns, in the order they were made (empty ones included). */
size_t cpg_attrs_column_count(const cpg_attrs *a);
cpg_column *cpg_attrs_column_at(const cpg_attrs *a, size_t k);
cpg_column *cpg_attrs_find(const cpg_attrs *a, const char *name);  /* NULL when none */
/* The column NAME (LEN bytes, no NUL), made empty when there is none; NULL when out of memory. */
cpg_column *cpg_attrs_column(cpg_attrs *a, const char *name, size_t len);

/* Stores V (CPG_VNONE removes the value) at ROW of C, a column of A. A value of another type
 * than the column's turns it into a mixed column, whose values keep their own types; an empty
 * column takes the value's type. */
cpg_status cpg_attrs_set(cpg_attrs *a, cpg_column *c, size_t row, const cpg_value *v);

/* Keeps the rows whose NEW_INDEX (one entry per row) is 0 or more and moves each to that index,
 * which must keep their order (NEW_INDEX[r] <= r); NEW_ROWS rows remain. Cannot fail. */
void cpg_attrs_filter(cpg_attrs *a, const int64_t *new_index, size_t new_rows);

/* Drops the rows from ROWS on (fewer than there are), with their values. Cannot fail. */
void cpg_attrs_truncate(cpg_attrs *a, size_t rows);

/* A new table over the same pool holding rows ROWS[0..N) of SRC, in that order (every row when
 * ROWS is NULL), with SRC's columns that have values, in SRC's order and of the same types.
 * NULL when out of memory. */
cpg_attrs *cpg_attrs_gather(const cpg_attrs *src, const size_t *rows, size_t n);

/* Appends rows ROWS[0..N) of SRC (every row in order when ROWS is NULL) to DST, which shares
 * SRC's pool; columns are matched by name, made in DST when new. On failure DST may have
 * gained columns, but not rows. */
cpg_status cpg_attrs_append(cpg_attrs *dst, const cpg_attrs *src, const size_t *rows, size_t n);

#endif
