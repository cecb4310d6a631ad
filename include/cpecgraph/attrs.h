/* attrs.h: typed attribute columns. A graph keeps the attributes of its nodes in one column per
 * name, and those of its edges likewise: each column holds one type of value (booleans, 64-bit
 * integers, doubles, strings, or JSON arrays and objects) in a dense array, or, once values of
 * different types meet in it, tagged values ("mixed"), with a presence bitmap for the rows that
 * have no value. This header says what a value is and how a column is read; graph.h says how
 * they are reached and changed.
 *
 * Strings and JSON texts are interned in the graph's string pool and named by a 32-bit id (sid):
 * equal strings have equal ids, and cpg_graph_string() gives the text. A JSON value is the
 * compact JSON text of an array or object. */
#ifndef CPECGRAPH_ATTRS_H
#define CPECGRAPH_ATTRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum cpg_vtype {
    CPG_VNONE = 0,  /* no value (the attribute is absent) */
    CPG_VNULL,      /* JSON null */
    CPG_VBOOL,
    CPG_VINT,       /* a JSON integer literal, kept in 64 bits */
    CPG_VFLOAT,     /* any other number */
    CPG_VSTRING,
    CPG_VJSON       /* an array or an object, as compact JSON text */
} cpg_vtype;

/* Arrays and objects nest at most this deep in a value: the loader refuses a deeper one (as no
 * plugin could read it), and Lua's conversions stop there (a table that contains itself). */
#define CPG_VALUE_MAX_DEPTH 200

typedef struct cpg_value {
    cpg_vtype type;
    union {
        bool b;
        int64_t i;
        double f;
        uint32_t sid;  /* CPG_VSTRING and CPG_VJSON */
    } u;
} cpg_value;

/* The type of a column: the type of all its values, or mixed. A column without values is
 * empty, and takes the type of the next value stored in it. */
typedef enum cpg_ctype {
    CPG_CEMPTY = 0,
    CPG_CBOOL,
    CPG_CINT,
    CPG_CFLOAT,
    CPG_CSTRING,
    CPG_CJSON,
    CPG_CMIXED      /* tagged values: several types, or nulls */
} cpg_ctype;

typedef struct cpg_column cpg_column;

const char *cpg_column_name(const cpg_column *c);
cpg_ctype cpg_column_type(const cpg_column *c);
size_t cpg_column_count(const cpg_column *c);  /* rows that have a value */
bool cpg_column_has(const cpg_column *c, size_t row);
cpg_value cpg_column_get(const cpg_column *c, size_t row);  /* CPG_VNONE when absent */

/* The cells of a float, integer or string column (NULL for a column of another type): a row
 * without a value holds an unspecified cell. For passes over every row without a call each. */
const double *cpg_column_floats(const cpg_column *c);
const int64_t *cpg_column_ints(const cpg_column *c);
const uint32_t *cpg_column_sids(const cpg_column *c);

/* Whether two values are equal as JSON values: numbers by value (within cJSON's tolerance, so
 * that 2 equals 2.0), strings and JSON texts by text, CPG_VNONE only to itself. JSON texts that
 * differ as text (an object's members in another order) are unequal here: callers that care
 * compare them parsed. */
bool cpg_value_equal(const cpg_value *a, const cpg_value *b);

/* "none", "null", "boolean", "integer", "float", "string", "json"; and for columns "empty",
 * "boolean", ..., "mixed". */
const char *cpg_vtype_name(cpg_vtype t);
const char *cpg_ctype_name(cpg_ctype t);

#endif
