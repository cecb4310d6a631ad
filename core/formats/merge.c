/* merge.c: the rules for two values of one attribute that a merge brings together (merge.h). */
#include "cpecgraph/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"

static const char *const rule_names[] = {"last", "first", "error", "list"};

const char *cpg_on_conflict_name(cpg_on_conflict rule) { return rule_names[rule]; }

bool cpg_on_conflict_from_name(const char *name, cpg_on_conflict *rule)
{
    for (size_t i = 0; i < sizeof rule_names / sizeof *rule_names; i++)
        if (strcmp(name, rule_names[i]) == 0) {
            *rule = (cpg_on_conflict)i;
            return true;
        }
    return false;
}

const char *cpg_merge_outcome(cpg_on_conflict rule)
{
    switch (rule) {
    case CPG_CONFLICT_FIRST: return "the earlier value stays";
    case CPG_CONFLICT_LIST: return "both stay, as a list";
    case CPG_CONFLICT_LAST: case CPG_CONFLICT_ERROR: break;
    }
    return "the later value replaces it";
}

/* V as a cJSON tree; NULL when out of memory. */
static cJSON *value_json(const cpg_graph *g, const cpg_value *v)
{
    switch (v->type) {
    case CPG_VBOOL: return cJSON_CreateBool(v->u.b);
    case CPG_VINT: return cpg_json_integer((long long)v->u.i);
    case CPG_VFLOAT: return cJSON_CreateNumber(v->u.f);
    case CPG_VSTRING: return cJSON_CreateString(cpg_graph_string(g, v->u.sid, NULL));
    case CPG_VJSON: {
        size_t len;
        const char *text = cpg_graph_string(g, v->u.sid, &len);
        return cpg_json_parse(text, len, NULL);
    }
    case CPG_VNONE: case CPG_VNULL: break;
    }
    return cJSON_CreateNull();
}

bool cpg_merge_values_differ(const cpg_graph *g, const cpg_value *a, const cpg_value *b)
{
    if (cpg_value_equal(a, b))
        return false;
    if (a->type != CPG_VJSON || b->type != CPG_VJSON)
        return true;
    cJSON *x = value_json(g, a), *y = value_json(g, b);
    bool differ = !x || !y || !cJSON_Compare(x, y, true);  /* out of memory: say so */
    cJSON_Delete(x);
    cJSON_Delete(y);
    return differ;
}

size_t cpg_merge_join_json(cJSON *list, cJSON *item)
{
    size_t added = 0;
    cJSON *items = cJSON_IsArray(item) ? item : NULL;
    cJSON *next = items ? items->child : item;
    while (next) {
        cJSON *after = items ? next->next : NULL;
        if (items)
            cJSON_DetachItemViaPointer(items, next);
        bool known = false;
        for (cJSON *had = list->child; had && !known; had = had->next)
            known = cJSON_Compare(had, next, true);
        if (known) {
            cJSON_Delete(next);
        } else {
            cJSON_AddItemToArray(list, next);
            added++;
        }
        next = after;
    }
    cJSON_Delete(items);
    return added;
}

/* *KEPT: the distinct values of OLD and then NEW (an array giving its items), as a JSON array;
 * OLD itself when NEW adds nothing to an array. */
static cpg_status join_values(cpg_graph *g, const cpg_value *old, const cpg_value *new,
                              cpg_value *kept)
{
    cJSON *list = cJSON_CreateArray(), *a = value_json(g, old), *b = value_json(g, new);
    cpg_status status = list && a && b ? CPG_OK : CPG_ENOMEM;
    bool old_is_list = cJSON_IsArray(a);
    size_t added = 0;
    if (status == CPG_OK) {
        cpg_merge_join_json(list, a);
        added = cpg_merge_join_json(list, b);
        a = b = NULL;
    }
    *kept = *old;
    char *text = status == CPG_OK && (added || !old_is_list) ? cpg_json_print(list, false) : NULL;
    if (status == CPG_OK && (added || !old_is_list)) {
        kept->type = CPG_VJSON;
        status = text ? cpg_graph_intern(g, text, strlen(text), &kept->u.sid) : CPG_ENOMEM;
    }
    free(text);
    cJSON_Delete(list);
    cJSON_Delete(a);
    cJSON_Delete(b);
    return status;
}

cpg_status cpg_merge_settle(cpg_graph *g, cpg_on_conflict rule, const char *name,
                            const cpg_value *old, const cpg_value *new, cpg_value *kept,
                            bool *conflict)
{
    *conflict = false;
    *kept = old->type == CPG_VNONE ? *new : *old;
    if (old->type == CPG_VNONE || new->type == CPG_VNONE || !cpg_merge_values_differ(g, old, new))
        return CPG_OK;
    if (strcmp(name, "aliases") == 0)  /* other names for one thing: they add up */
        return join_values(g, old, new, kept);
    *conflict = true;
    if (rule == CPG_CONFLICT_LAST)
        *kept = *new;
    return rule == CPG_CONFLICT_LIST ? join_values(g, old, new, kept) : CPG_OK;
}

void cpg_merge_value_text(const cpg_graph *g, const cpg_value *v, char *buf, size_t size)
{
    cJSON *tree = value_json(g, v);
    char *text = tree ? cpg_json_print(tree, false) : NULL;
    const char *shown = text ? text : "(out of memory)";
    size_t len = strlen(shown);
    if (len < size) {
        memcpy(buf, shown, len + 1);
    } else {
        size_t cut = size - 4;
        while (cut > 0 && ((unsigned char)shown[cut] & 0xC0) == 0x80)
            cut--;  /* not inside a UTF-8 sequence */
        snprintf(buf, size, "%.*s...", (int)cut, shown);
    }
    free(text);
    cJSON_Delete(tree);
}

/* ---- --dedupe --------------------------------------------------------------------------- */

/* What makes two edges one relation: their ends, and the type and evidence as stored. */
typedef struct edge_key {
    igraph_integer_t from, to, edge;
    cpg_value type, evidence;
} edge_key;

static int compare_values(const cpg_value *a, const cpg_value *b)
{
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    switch (a->type) {
    case CPG_VBOOL: return (int)a->u.b - (int)b->u.b;
    case CPG_VINT: return a->u.i < b->u.i ? -1 : a->u.i > b->u.i;
    case CPG_VFLOAT: return memcmp(&a->u.f, &b->u.f, sizeof a->u.f);
    case CPG_VSTRING: case CPG_VJSON: return a->u.sid < b->u.sid ? -1 : a->u.sid > b->u.sid;
    case CPG_VNONE: case CPG_VNULL: break;
    }
    return 0;
}

static int compare_keys_only(const edge_key *x, const edge_key *y)
{
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->to != y->to)
        return x->to < y->to ? -1 : 1;
    int c = compare_values(&x->type, &y->type);
    return c ? c : compare_values(&x->evidence, &y->evidence);
}

static int compare_keys(const void *a, const void *b)
{
    const edge_key *x = a, *y = b;
    int c = compare_keys_only(x, y);
    return c ? c : (x->edge > y->edge) - (x->edge < y->edge);  /* the first edge leads */
}

/* "a.json" or "a.json, b.json": the sources of edge E, for a note. */
static void edge_files(const cpg_graph *g, igraph_integer_t e, char *buf, size_t size)
{
    size_t positions[8], n = cpg_graph_sources_of(g, CPG_EDGES, e, positions, 8), len = 0;
    snprintf(buf, size, "%s", n ? "" : "a script");
    for (size_t k = 0; k < n && k < 8 && len < size; k++)
        len += (size_t)snprintf(buf + len, size - len, "%s%s", k ? ", " : "",
                                cpg_graph_source(g, positions[k]));
}

/* Reports that copy J of edge KEPT gives NAME the value B where KEPT has A. */
static void report_copy_conflict(const cpg_graph *g, cpg_on_conflict rule, cpg_diags *diags,
                                 igraph_integer_t kept, igraph_integer_t j, const char *name,
                                 const cpg_value *a, const cpg_value *b)
{
    char old[160], new[160], here[256], there[256];
    cpg_merge_value_text(g, a, old, sizeof old);
    cpg_merge_value_text(g, b, new, sizeof new);
    edge_files(g, j, here, sizeof here);
    edge_files(g, kept, there, sizeof there);
    const char *from = cpg_graph_node_id(g, cpg_graph_edge_from(g, kept));
    const char *to = cpg_graph_node_id(g, cpg_graph_edge_to(g, kept));
    if (rule == CPG_CONFLICT_ERROR)
        cpg_diags_add(diags, CPG_ERROR, here, 0, 0, NULL, "--dedupe: edge '%.100s' -> '%.100s': "
                      "'%s' is %s here but %s in %s (--on-conflict error)", from, to, name, new,
                      old, there);
    else
        cpg_diags_add(diags, CPG_NOTICE, here, 0, 0, NULL, "--dedupe: edge '%.100s' -> '%.100s': "
                      "'%s' is %s here but %s in %s; %s (--on-conflict %s)", from, to, name, new,
                      old, there, cpg_merge_outcome(rule), cpg_on_conflict_name(rule));
}

/* Joins copy J into edge KEPT: its sources, and each attribute by RULE (ONLY_REPORT: the
 * conflicts are reported, nothing changes). */
static cpg_status join_copy(cpg_graph *g, cpg_on_conflict rule, cpg_diags *diags,
                            igraph_integer_t kept, igraph_integer_t j, bool only_report)
{
    for (size_t k = 0; k < cpg_graph_column_count(g, CPG_EDGES); k++) {
        const cpg_column *c = cpg_graph_column_at(g, CPG_EDGES, k);
        cpg_value a = cpg_column_get(c, (size_t)kept), b = cpg_column_get(c, (size_t)j), value;
        const char *name = cpg_column_name(c);
        bool conflict;
        cpg_status status = cpg_merge_settle(g, rule, name, &a, &b, &value, &conflict);
        if (status == CPG_OK && conflict)
            report_copy_conflict(g, rule, diags, kept, j, name, &a, &b);
        if (status == CPG_OK && !only_report && !cpg_value_equal(&a, &value))
            status = cpg_graph_set(g, CPG_EDGES, kept, name, strlen(name), &value);
        if (status != CPG_OK)
            return status;
    }
    return only_report ? CPG_OK : cpg_graph_union_sources(g, CPG_EDGES, kept, j);
}

/* The keys of G's edges, sorted: copies side by side, the first of each run first. */
static edge_key *sorted_keys(const cpg_graph *g)
{
    igraph_integer_t m = cpg_graph_edge_count(g);
    edge_key *keys = malloc(((size_t)m + 1) * sizeof *keys);
    const cpg_column *type = cpg_graph_column(g, CPG_EDGES, "type");
    const cpg_column *evidence = cpg_graph_column(g, CPG_EDGES, "evidence");
    const igraph_t *ig = cpg_graph_igraph(g);
    for (igraph_integer_t e = 0; keys && e < m; e++) {
        /* igraph keeps an undirected edge with its ends in one order, whichever the file's */
        keys[e] = (edge_key){IGRAPH_FROM(ig, e), IGRAPH_TO(ig, e), e,
                             type ? cpg_column_get(type, (size_t)e) : (cpg_value){0},
                             evidence ? cpg_column_get(evidence, (size_t)e) : (cpg_value){0}};
    }
    if (keys)
        qsort(keys, (size_t)m, sizeof *keys, compare_keys);
    return keys;
}

/* Joins every copy into the first of its run, flagging it in KEEP as gone. */
static cpg_status join_copies(cpg_graph *g, const edge_key *keys, cpg_on_conflict rule,
                              cpg_diags *diags, bool only_report, bool *keep)
{
    igraph_integer_t m = cpg_graph_edge_count(g);
    cpg_status status = CPG_OK;
    for (igraph_integer_t i = 0, first = 0; i < m && status == CPG_OK; i++) {
        if (i == 0 || compare_keys_only(&keys[first], &keys[i]) != 0) {
            first = i;
            continue;
        }
        keep[keys[i].edge] = false;
        status = join_copy(g, rule, diags, keys[first].edge, keys[i].edge, only_report);
    }
    return status;
}

cpg_status cpg_merge_dedupe_edges(cpg_graph *g, cpg_on_conflict rule, cpg_diags *diags,
                                  igraph_integer_t *collapsed)
{
    igraph_integer_t m = cpg_graph_edge_count(g);
    edge_key *keys = sorted_keys(g);
    bool *keep = malloc((size_t)m + 1);
    cpg_status status = keys && keep ? CPG_OK : CPG_ENOMEM;
    if (keep)
        memset(keep, 1, (size_t)m + 1);
    size_t errors = diags->error_count;
    if (status == CPG_OK && rule == CPG_CONFLICT_ERROR)  /* nothing changes when one is found */
        status = join_copies(g, keys, rule, diags, true, keep);
    if (status == CPG_OK && diags->error_count > errors)
        status = CPG_EVALUE;
    if (status == CPG_OK)
        status = join_copies(g, keys, rule, diags, false, keep);
    if (status == CPG_OK && diags->error_count > errors)
        status = CPG_EVALUE;  /* two copies disagree where the first has no value */
    *collapsed = 0;
    for (igraph_integer_t e = 0; status == CPG_OK && e < m; e++)
        *collapsed += !keep[e];
    if (status == CPG_OK && *collapsed)
        status = cpg_graph_filter(g, NULL, keep);
    free(keys);
    free(keep);
    return status;
}
