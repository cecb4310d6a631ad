/* attrs.c: attribute columns: a typed dense array and a presence bitmap per name, turned into
 * tagged values when values of different types meet in one column. */
#include "attrs.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "cpecgraph/memory.h"
#include "idmap.h"

struct cpg_column {
    char *name;
    cpg_ctype type;     /* of the cells; with no values the column reads as empty */
    size_t count;       /* rows with a value */
    uint64_t *present;  /* a bit per row of the table's capacity; 0 past the last row */
    void *cells;        /* capacity cells of the type's width; NULL until the first value */
    size_t held;        /* the bytes of it counted as held (memory.h) */
};

struct cpg_attrs {
    cpg_strpool *pool;
    size_t rows, capacity;  /* capacity is a multiple of 64 (or 0) */
    cpg_column **columns;
    size_t column_count, column_capacity;
    cpg_idmap names;        /* name -> column index */
};

/* ---- cells ------------------------------------------------------------------------------ */

static size_t cell_size(cpg_ctype t)
{
    switch (t) {
    case CPG_CBOOL: return sizeof(uint8_t);
    case CPG_CINT: return sizeof(int64_t);
    case CPG_CFLOAT: return sizeof(double);
    case CPG_CSTRING: case CPG_CJSON: return sizeof(uint32_t);
    case CPG_CMIXED: return sizeof(cpg_value);
    case CPG_CEMPTY: break;
    }
    return 0;
}

/* The column type that holds values of type T alone. */
static cpg_ctype ctype_for(cpg_vtype t)
{
    switch (t) {
    case CPG_VBOOL: return CPG_CBOOL;
    case CPG_VINT: return CPG_CINT;
    case CPG_VFLOAT: return CPG_CFLOAT;
    case CPG_VSTRING: return CPG_CSTRING;
    case CPG_VJSON: return CPG_CJSON;
    case CPG_VNULL: case CPG_VNONE: break;
    }
    return CPG_CMIXED;  /* nulls live among tagged values */
}

static cpg_value read_cell(const cpg_column *c, size_t row)
{
    cpg_value v = {.type = CPG_VNONE};
    switch (c->type) {
    case CPG_CBOOL: v.type = CPG_VBOOL; v.u.b = ((const uint8_t *)c->cells)[row]; break;
    case CPG_CINT: v.type = CPG_VINT; v.u.i = ((const int64_t *)c->cells)[row]; break;
    case CPG_CFLOAT: v.type = CPG_VFLOAT; v.u.f = ((const double *)c->cells)[row]; break;
    case CPG_CSTRING: v.type = CPG_VSTRING; v.u.sid = ((const uint32_t *)c->cells)[row]; break;
    case CPG_CJSON: v.type = CPG_VJSON; v.u.sid = ((const uint32_t *)c->cells)[row]; break;
    case CPG_CMIXED: v = ((const cpg_value *)c->cells)[row]; break;
    case CPG_CEMPTY: break;
    }
    return v;
}

/* Writes V, whose type the column holds, into the cell of ROW. */
static void write_cell(cpg_column *c, size_t row, const cpg_value *v)
{
    switch (c->type) {
    case CPG_CBOOL: ((uint8_t *)c->cells)[row] = v->u.b; break;
    case CPG_CINT: ((int64_t *)c->cells)[row] = v->u.i; break;
    case CPG_CFLOAT: ((double *)c->cells)[row] = v->u.f; break;
    case CPG_CSTRING: case CPG_CJSON: ((uint32_t *)c->cells)[row] = v->u.sid; break;
    case CPG_CMIXED: ((cpg_value *)c->cells)[row] = *v; break;
    case CPG_CEMPTY: break;
    }
}

/* Moves the cell of row FROM to row TO within one column. */
static void move_cell(cpg_column *c, size_t to, size_t from)
{
    size_t size = cell_size(c->type);
    memcpy((char *)c->cells + to * size, (const char *)c->cells + from * size, size);
}

/* ---- bits ------------------------------------------------------------------------------- */

static size_t words_for(size_t rows)
{
    return (rows + 63) / 64;
}

static bool has_bit(const uint64_t *bits, size_t i)
{
    return bits[i >> 6] >> (i & 63) & 1;
}

static void set_bit(uint64_t *bits, size_t i)
{
    bits[i >> 6] |= (uint64_t)1 << (i & 63);
}

static void clear_bit(uint64_t *bits, size_t i)
{
    bits[i >> 6] &= ~((uint64_t)1 << (i & 63));
}

/* ---- reading ---------------------------------------------------------------------------- */

const char *cpg_column_name(const cpg_column *c) { return c->name; }
size_t cpg_column_count(const cpg_column *c) { return c->count; }

cpg_ctype cpg_column_type(const cpg_column *c)
{
    return c->count ? c->type : CPG_CEMPTY;
}

bool cpg_column_has(const cpg_column *c, size_t row)
{
    return c->count && has_bit(c->present, row);
}

cpg_value cpg_column_get(const cpg_column *c, size_t row)
{
    if (!cpg_column_has(c, row))
        return (cpg_value){.type = CPG_VNONE};
    return read_cell(c, row);
}

const double *cpg_column_floats(const cpg_column *c)
{
    return c->count && c->type == CPG_CFLOAT ? c->cells : NULL;
}

const int64_t *cpg_column_ints(const cpg_column *c)
{
    return c->count && c->type == CPG_CINT ? c->cells : NULL;
}

const uint32_t *cpg_column_sids(const cpg_column *c)
{
    return c->count && c->type == CPG_CSTRING ? c->cells : NULL;
}

/* Numbers compare as cJSON_Compare does, so that 2 and 2.0 (and what a round trip through
 * decimal text may change in the last bit) are the same value. */
static bool same_number(double a, double b)
{
    double largest = fmax(fabs(a), fabs(b));
    return fabs(a - b) <= largest * DBL_EPSILON;
}

static bool is_number(const cpg_value *v)
{
    return v->type == CPG_VINT || v->type == CPG_VFLOAT;
}

static double number_of(const cpg_value *v)
{
    return v->type == CPG_VINT ? (double)v->u.i : v->u.f;
}

bool cpg_value_equal(const cpg_value *a, const cpg_value *b)
{
    if (a->type == CPG_VINT && b->type == CPG_VINT)
        return a->u.i == b->u.i;
    if (is_number(a) && is_number(b))
        return same_number(number_of(a), number_of(b));
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case CPG_VBOOL: return a->u.b == b->u.b;
    case CPG_VSTRING: case CPG_VJSON: return a->u.sid == b->u.sid;
    default: return true;  /* none and null */
    }
}

const char *cpg_vtype_name(cpg_vtype t)
{
    static const char *const names[] = {"none", "null", "boolean", "integer", "float",
                                        "string", "json"};
    return (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

const char *cpg_ctype_name(cpg_ctype t)
{
    static const char *const names[] = {"empty", "boolean", "integer", "float", "string",
                                        "json", "mixed"};
    return (size_t)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* ---- the table -------------------------------------------------------------------------- */

cpg_attrs *cpg_attrs_new(cpg_strpool *pool)
{
    cpg_attrs *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->pool = cpg_strpool_ref(pool);
    cpg_idmap_init(&a->names);
    return a;
}

/* Counts C as holding what it holds for CAPACITY rows (of which CELL_ROWS have cells). */
static void count_column(cpg_column *c, size_t capacity, size_t cell_rows)
{
    size_t bytes = sizeof *c + (c->name ? strlen(c->name) + 1 : 0) +
                   (words_for(capacity) + 1) * sizeof *c->present +
                   (c->cells ? cell_rows * cell_size(c->type) : 0);
    cpg_memory_count((ptrdiff_t)bytes - (ptrdiff_t)c->held);
    c->held = bytes;
}

static void column_free(cpg_column *c)
{
    cpg_memory_count(-(ptrdiff_t)c->held);
    free(c->name);
    free(c->present);
    free(c->cells);
    free(c);
}

void cpg_attrs_free(cpg_attrs *a)
{
    if (!a)
        return;
    for (size_t k = 0; k < a->column_count; k++)
        column_free(a->columns[k]);
    free(a->columns);
    cpg_idmap_free(&a->names);
    cpg_strpool_unref(a->pool);
    free(a);
}

cpg_strpool *cpg_attrs_pool(const cpg_attrs *a) { return a->pool; }
size_t cpg_attrs_rows(const cpg_attrs *a) { return a->rows; }
size_t cpg_attrs_column_count(const cpg_attrs *a) { return a->column_count; }
cpg_column *cpg_attrs_column_at(const cpg_attrs *a, size_t k) { return a->columns[k]; }

cpg_column *cpg_attrs_find(const cpg_attrs *a, const char *name)
{
    int64_t k = cpg_idmap_get(&a->names, name);
    return k >= 0 ? a->columns[k] : NULL;
}

/* Grows C's arrays from the table's capacity to CAPACITY rows; the new bits are 0. A column
 * grown by an attempt that failed later is grown again harmlessly. */
static bool column_grow(cpg_column *c, size_t old_capacity, size_t capacity)
{
    size_t old_words = words_for(old_capacity), words = words_for(capacity);
    uint64_t *present = realloc(c->present, words * sizeof *present);
    if (!present)
        return false;
    memset(present + old_words, 0, (words - old_words) * sizeof *present);
    c->present = present;
    if (c->cells) {
        void *cells = realloc(c->cells, capacity * cell_size(c->type));
        if (!cells)
            return false;
        cpg_advise_huge_pages(cells, capacity * cell_size(c->type));
        c->cells = cells;
    }
    count_column(c, capacity, capacity);
    return true;
}

cpg_status cpg_attrs_reserve(cpg_attrs *a, size_t rows)
{
    if (rows <= a->capacity)
        return CPG_OK;
    if (rows > SIZE_MAX / 2 / sizeof(cpg_value))
        return CPG_ENOMEM;
    size_t capacity = (rows + 63) & ~(size_t)63;
    for (size_t k = 0; k < a->column_count; k++)
        if (!column_grow(a->columns[k], a->capacity, capacity))
            return CPG_ENOMEM;
    a->capacity = capacity;
    return CPG_OK;
}

cpg_status cpg_attrs_add_rows(cpg_attrs *a, size_t n)
{
    if (n > SIZE_MAX - a->rows)
        return CPG_ENOMEM;
    size_t needed = a->rows + n;
    if (needed > a->capacity) {
        size_t doubled = a->capacity < SIZE_MAX / 2 ? 2 * a->capacity : SIZE_MAX;
        cpg_status s = cpg_attrs_reserve(a, needed > doubled ? needed : doubled);
        if (s != CPG_OK && (s = cpg_attrs_reserve(a, needed)) != CPG_OK)
            return s;
    }
    a->rows = needed;
    return CPG_OK;
}

cpg_column *cpg_attrs_column(cpg_attrs *a, const char *name, size_t len)
{
    cpg_column *found = cpg_attrs_find(a, name);
    if (found)
        return found;
    if (a->column_count >= CPG_IDMAP_MAX_VALUE)
        return NULL;
    if (a->column_count == a->column_capacity) {
        size_t cap = a->column_capacity ? 2 * a->column_capacity : 8;
        cpg_column **columns = realloc(a->columns, cap * sizeof *columns);
        if (!columns)
            return NULL;
        a->columns = columns;
        a->column_capacity = cap;
    }
    cpg_column *c = calloc(1, sizeof *c);
    if (c) {
        c->name = malloc(len + 1);
        c->present = calloc(words_for(a->capacity) + 1, sizeof *c->present);
    }
    if (!c || !c->name || !c->present ||
        (memcpy(c->name, name, len), c->name[len] = '\0',
         !cpg_idmap_put(&a->names, c->name, (int64_t)a->column_count))) {
        if (c)
            column_free(c);
        return NULL;
    }
    count_column(c, a->capacity, 0);
    a->columns[a->column_count++] = c;
    return c;
}

/* ---- storing ---------------------------------------------------------------------------- */

/* Fresh cells of type T for a column that has no values. */
static cpg_status retype(const cpg_attrs *a, cpg_column *c, cpg_ctype t)
{
    void *cells = malloc((a->capacity ? a->capacity : 64) * cell_size(t));
    if (!cells)
        return CPG_ENOMEM;
    cpg_advise_huge_pages(cells, a->capacity * cell_size(t));
    free(c->cells);
    c->cells = cells;
    c->type = t;
    count_column(c, a->capacity, a->capacity ? a->capacity : 64);
    return CPG_OK;
}

/* Turns C's cells into tagged values, each keeping its type. */
static cpg_status make_mixed(const cpg_attrs *a, cpg_column *c)
{
    cpg_value *cells = malloc(a->capacity * sizeof *cells);
    if (!cells)
        return CPG_ENOMEM;
    for (size_t w = 0; w < words_for(a->rows); w++)
        for (uint64_t bits = c->present[w]; bits; bits &= bits - 1) {
            size_t row = w * 64 + (size_t)__builtin_ctzll(bits);
            cells[row] = read_cell(c, row);
        }
    free(c->cells);
    c->cells = cells;
    c->type = CPG_CMIXED;
    count_column(c, a->capacity, a->capacity);
    return CPG_OK;
}

cpg_status cpg_attrs_set(cpg_attrs *a, cpg_column *c, size_t row, const cpg_value *v)
{
    bool had = has_bit(c->present, row);
    if (v->type == CPG_VNONE) {
        if (had) {
            clear_bit(c->present, row);
            c->count--;
        }
        return CPG_OK;
    }
    cpg_ctype want = ctype_for(v->type);
    bool alone = c->count == (had ? 1u : 0u);  /* no other row has a value */
    if (c->type != want && (c->type != CPG_CMIXED || alone)) {
        cpg_status s = alone || !c->cells ? retype(a, c, want) : make_mixed(a, c);
        if (s != CPG_OK)
            return s;
    }
    write_cell(c, row, v);
    if (!had) {
        set_bit(c->present, row);
        c->count++;
    }
    return CPG_OK;
}

/* ---- rows: filtering, gathering, appending ---------------------------------------------- */

void cpg_attrs_filter(cpg_attrs *a, const int64_t *new_index, size_t new_rows)
{
    for (size_t k = 0; k < a->column_count; k++) {
        cpg_column *c = a->columns[k];
        if (!c->count)
            continue;  /* no bits to move */
        c->count = 0;
        for (size_t w = 0; w < words_for(a->rows); w++) {
            uint64_t bits = c->present[w];
            c->present[w] = 0;  /* the kept rows land at or before where they were */
            for (; bits; bits &= bits - 1) {
                size_t row = w * 64 + (size_t)__builtin_ctzll(bits);
                if (new_index[row] < 0)
                    continue;
                move_cell(c, (size_t)new_index[row], row);
                set_bit(c->present, (size_t)new_index[row]);
                c->count++;
            }
        }
    }
    a->rows = new_rows;
}

void cpg_attrs_truncate(cpg_attrs *a, size_t rows)
{
    for (size_t k = 0; k < a->column_count; k++) {
        cpg_column *c = a->columns[k];
        for (size_t row = rows; row < a->rows && c->count; row++)
            if (has_bit(c->present, row)) {
                clear_bit(c->present, row);
                c->count--;
            }
    }
    a->rows = rows;
}

cpg_status cpg_attrs_append(cpg_attrs *dst, const cpg_attrs *src, const size_t *rows, size_t n)
{
    size_t base = dst->rows;
    cpg_status s = cpg_attrs_add_rows(dst, n);
    for (size_t k = 0; s == CPG_OK && k < src->column_count; k++) {
        const cpg_column *from = src->columns[k];
        if (!from->count)
            continue;
        cpg_column *to = cpg_attrs_column(dst, from->name, strlen(from->name));
        if (!to)
            s = CPG_ENOMEM;
        for (size_t i = 0; s == CPG_OK && i < n; i++) {
            size_t row = rows ? rows[i] : i;
            if (has_bit(from->present, row)) {
                cpg_value v = read_cell(from, row);
                s = cpg_attrs_set(dst, to, base + i, &v);
            }
        }
    }
    if (s != CPG_OK && dst->rows > base)
        cpg_attrs_truncate(dst, base);
    return s;
}

/* Copies into TO (empty, of FROM's type, with room for N rows) rows ROWS[0..N) of FROM. */
static void gather_column(cpg_column *to, const cpg_column *from, const size_t *rows, size_t n,
                          size_t from_rows)
{
    size_t size = cell_size(from->type);
    if (!rows) {  /* a copy of every row: whole arrays */
        memcpy(to->cells, from->cells, from_rows * size);
        memcpy(to->present, from->present, words_for(from_rows) * sizeof *to->present);
        to->count = from->count;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (has_bit(from->present, rows[i])) {
            memcpy((char *)to->cells + i * size, (const char *)from->cells + rows[i] * size, size);
            set_bit(to->present, i);
            to->count++;
        }
}

cpg_attrs *cpg_attrs_gather(const cpg_attrs *src, const size_t *rows, size_t n)
{
    if (!rows)
        n = src->rows;
    cpg_attrs *dst = cpg_attrs_new(src->pool);
    if (!dst || cpg_attrs_add_rows(dst, n) != CPG_OK) {
        cpg_attrs_free(dst);
        return NULL;
    }
    for (size_t k = 0; k < src->column_count; k++) {
        const cpg_column *from = src->columns[k];
        if (!from->count)
            continue;
        cpg_column *to = cpg_attrs_column(dst, from->name, strlen(from->name));
        if (!to || retype(dst, to, from->type) != CPG_OK) {
            cpg_attrs_free(dst);
            return NULL;
        }
        gather_column(to, from, rows, n, src->rows);
    }
    return dst;
}
