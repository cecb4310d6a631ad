/* attrs_text.h: the attributes of one element as compact JSON text, in column order, for tests
 * that compare what the columns hold with what a file said (static helpers, one copy per test). */
#ifndef CPECGRAPH_TEST_ATTRS_TEXT_H
#define CPECGRAPH_TEST_ATTRS_TEXT_H

#include <string.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/json.h"

/* V as a cJSON item (NULL for none). */
static inline cJSON *value_item(const cpg_graph *g, const cpg_value *v)
{
    size_t len;
    const char *s;
    switch (v->type) {
    case CPG_VNULL: return cJSON_CreateNull();
    case CPG_VBOOL: return cJSON_CreateBool(v->u.b);
    case CPG_VINT: return cpg_json_integer((long long)v->u.i);
    case CPG_VFLOAT: return cJSON_CreateNumber(v->u.f);
    case CPG_VSTRING: return cJSON_CreateString(cpg_graph_string(g, v->u.sid, NULL));
    case CPG_VJSON:
        s = cpg_graph_string(g, v->u.sid, &len);
        return cpg_json_parse(s, len, NULL);
    case CPG_VNONE: break;
    }
    return NULL;
}

/* The attributes of element I of D as JSON text (malloc'd: the caller frees it). */
static inline char *attrs_text(const cpg_graph *g, cpg_domain d, igraph_integer_t i)
{
    cJSON *object = cJSON_CreateObject();
    for (size_t k = 0; k < cpg_graph_column_count(g, d); k++) {
        const cpg_column *c = cpg_graph_column_at(g, d, k);
        cpg_value v = cpg_column_get(c, (size_t)i);
        if (v.type != CPG_VNONE)
            cJSON_AddItemToObject(object, cpg_column_name(c), value_item(g, &v));
    }
    char *text = cpg_json_print(object, false);
    cJSON_Delete(object);
    return text;
}

/* The string attribute NAME of element I of D, or NULL. */
static inline const char *attr_string(const cpg_graph *g, cpg_domain d, igraph_integer_t i,
                                      const char *name)
{
    cpg_value v = cpg_graph_get(g, d, i, name);
    return v.type == CPG_VSTRING ? cpg_graph_string(g, v.u.sid, NULL) : NULL;
}

#endif
