/* resolve.c: entity resolution: nodes of different ids that are one thing, found by their
 * names (--merge-aliases: label and aliases, NFC and case folded by utf8proc) or judged so in a
 * file (--resolve: JSON lines of {"same": [...]} and {"different": [...]}), merged into one. */
#include "cpecgraph/merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "cpecgraph/json.h"
#include "idmap.h"

/* ---- the judgement file ----------------------------------------------------------------- */

void cpg_judgements_free(cpg_judgements *j)
{
    for (size_t k = 0; k < j->count; k++) {
        for (size_t i = 0; i < j->items[k].count; i++)
            free(j->items[k].ids[i]);
        free(j->items[k].ids);
    }
    free(j->items);
    *j = (cpg_judgements){0};
}

/* The judgement of one line, OBJECT; false (reported at LINE) when it is none. */
static bool read_judgement(const char *path, size_t line, const cJSON *object, cpg_judgement *out,
                           cpg_diags *diags)
{
    const cJSON *same = cJSON_GetObjectItemCaseSensitive(object, "same");
    const cJSON *different = cJSON_GetObjectItemCaseSensitive(object, "different");
    const cJSON *list = same ? same : different;
    const char *problem = !cJSON_IsObject(object) ? "a judgement is an object"
                          : !list || (same && different) || cJSON_GetArraySize(object) != 1
                              ? "a judgement has one member, \"same\" or \"different\""
                          : !cJSON_IsArray(list) || cJSON_GetArraySize(list) < 2
                              ? "a judgement lists two ids or more"
                              : NULL;
    for (const cJSON *id = list ? list->child : NULL; !problem && id; id = id->next)
        if (!cJSON_IsString(id) || !id->valuestring[0])
            problem = "a judgement's ids are non-empty strings";
    if (problem) {
        cpg_diags_add(diags, CPG_ERROR, path, line, 0, NULL, "%s", problem);
        return false;
    }
    *out = (cpg_judgement){.same = same != NULL, .line = line};
    out->ids = calloc((size_t)cJSON_GetArraySize(list), sizeof *out->ids);
    for (const cJSON *id = list->child; out->ids && id; id = id->next)
        if (!(out->ids[out->count++] = strdup(id->valuestring)))
            return false;
    return out->ids != NULL;
}

/* Takes the judgement on the LEN bytes at TEXT, line LINE of PATH; blank lines are none. */
static bool take_line(const char *path, size_t line, const char *text, size_t len,
                      cpg_judgements *j, cpg_diags *diags)
{
    size_t blank = strspn(text, " \t\r");
    if (blank >= len)
        return true;
    cpg_json_error err;
    cJSON *object = cpg_json_parse(text, len, &err);
    if (!object) {
        cpg_diags_add(diags, CPG_ERROR, path, line, err.column, NULL, "%s", err.message);
        return false;
    }
    cpg_judgement *items = realloc(j->items, (j->count + 1) * sizeof *items);
    bool ok = items != NULL;
    if (ok) {
        j->items = items;
        items[j->count] = (cpg_judgement){0};
        ok = read_judgement(path, line, object, &items[j->count], diags);
        j->count += items[j->count].ids != NULL;  /* what it holds is freed with the rest */
    }
    cJSON_Delete(object);
    return ok;
}

cpg_status cpg_judgements_load(const char *path, cpg_judgements *j, cpg_diags *diags)
{
    *j = (cpg_judgements){0};
    FILE *fp = fopen(path, "r");
    if (!fp) {
        cpg_diags_add(diags, CPG_ERROR, path, 0, 0, NULL, "cannot read: %s", strerror(errno));
        return CPG_ENOENT;
    }
    char *text = NULL;
    size_t cap = 0, line = 0;
    ssize_t len;
    bool ok = true;
    while (ok && (len = getline(&text, &cap, fp)) >= 0)
        ok = take_line(path, ++line, text, (size_t)len - (len && text[len - 1] == '\n'), j,
                       diags);
    bool failed = ferror(fp);
    free(text);
    fclose(fp);
    if (ok && failed)
        cpg_diags_add(diags, CPG_ERROR, path, 0, 0, NULL, "read error");
    if (!ok || failed) {
        if (!diags->error_count)
            cpg_diags_add(diags, CPG_ERROR, path, 0, 0, NULL, "out of memory");
        cpg_judgements_free(j);
        return CPG_EVALUE;
    }
    return CPG_OK;
}

/* ---- groups: union-find over the vertices ------------------------------------------------ */

/* The groups being formed: a parent per vertex, and the rank that picks a group's node: a
 * judgement's first id first, in file order, then the graph's order. */
typedef struct groups {
    igraph_integer_t *parent;
    int64_t *rank;
    igraph_integer_t n;
} groups;

static igraph_integer_t find(groups *gr, igraph_integer_t v)
{
    while (gr->parent[v] != v)
        v = gr->parent[v] = gr->parent[gr->parent[v]];  /* halving: paths stay short */
    return v;
}

static void join(groups *gr, igraph_integer_t a, igraph_integer_t b)
{
    a = find(gr, a);
    b = find(gr, b);
    if (a == b)
        return;
    if (gr->rank[b] < gr->rank[a]) {
        igraph_integer_t t = a;
        a = b;
        b = t;
    }
    gr->parent[b] = a;
}

/* Whether joining A's group and B's would put two nodes judged different together; *LINE
 * receives the line of that judgement. */
static bool judged_apart(groups *gr, const cpg_judgements *j, const igraph_integer_t *const *v,
                         igraph_integer_t a, igraph_integer_t b, size_t *line)
{
    a = find(gr, a);
    b = find(gr, b);
    for (size_t k = 0; a != b && k < j->count; k++) {
        if (j->items[k].same)
            continue;
        for (size_t x = 0; x < j->items[k].count; x++)
            for (size_t y = 0; y < j->items[k].count; y++) {
                if (v[k][x] < 0 || v[k][y] < 0 || find(gr, v[k][x]) != a ||
                    find(gr, v[k][y]) != b)
                    continue;
                *line = j->items[k].line;
                return true;
            }
    }
    return false;
}

/* The vertices of each judgement's ids (-1 for an id the graph lacks, warned about). */
static igraph_integer_t **judged_vertices(const cpg_graph *g, const cpg_judgements *j,
                                          const char *path, cpg_diags *diags)
{
    igraph_integer_t **v = calloc(j->count + 1, sizeof *v);
    for (size_t k = 0; v && k < j->count; k++) {
        if (!(v[k] = malloc(j->items[k].count * sizeof **v)))
            return v;  /* the caller sees the hole */
        for (size_t i = 0; i < j->items[k].count; i++) {
            const char *id = j->items[k].ids[i];
            if ((v[k][i] = cpg_graph_find(g, id)) >= 0)
                continue;
            const char *near = cpg_graph_suggest_id(g, id);
            cpg_diags_add(diags, CPG_WARNING, path, j->items[k].line, 0, NULL,
                          "no node '%.150s'%s%.150s%s: left out of this judgement", id,
                          near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
        }
    }
    return v;
}

static void free_vertices(igraph_integer_t **v, size_t count)
{
    for (size_t k = 0; v && k < count; k++)
        free(v[k]);
    free(v);
}

/* The "same" judgements, joined; one that joins nodes judged different is an error. */
static void join_judged(groups *gr, const cpg_judgements *j, igraph_integer_t *const *v,
                        const char *path, cpg_diags *diags)
{
    for (size_t k = 0; k < j->count; k++) {
        igraph_integer_t first = -1;
        for (size_t i = 0; j->items[k].same && i < j->items[k].count; i++) {
            size_t line;
            if (v[k][i] < 0)
                continue;
            if (first < 0) {
                first = v[k][i];
                gr->rank[first] = gr->rank[first] < 0 ? gr->rank[first] : -(int64_t)(j->count - k);
            } else if (judged_apart(gr, j, (const igraph_integer_t *const *)v, first, v[k][i],
                                    &line)) {
                cpg_diags_add(diags, CPG_ERROR, path, j->items[k].line, 0, NULL,
                              "'%.150s' and '%.150s' are judged the same here but different "
                              "on line %zu", j->items[k].ids[0], j->items[k].ids[i], line);
            } else {
                join(gr, first, v[k][i]);
            }
        }
    }
}

/* ---- groups by name --------------------------------------------------------------------- */

/* NAME, NFC and case folded, with TYPE in front ("country\x1funited states"), malloc'd; NULL
 * when it is no valid UTF-8 or out of memory. */
static char *name_key(const char *type, const char *name)
{
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    size_t len = strlen(type) + (size_t)n + 2;
    char *key = malloc(len);
    if (key)
        snprintf(key, len, "%s\x1f%s", type, (const char *)folded);
    free(folded);
    return key;
}

/* The names of vertex V: its label and its aliases (a string or a list of strings). */
static size_t names_of(const cpg_graph *g, igraph_integer_t v, cJSON **aliases,
                       const char *names[], size_t cap)
{
    size_t n = 0;
    cpg_value label = cpg_graph_get(g, CPG_NODES, v, "label");
    cpg_value alias = cpg_graph_get(g, CPG_NODES, v, "aliases");
    if (label.type == CPG_VSTRING)
        names[n++] = cpg_graph_string(g, label.u.sid, NULL);
    if (alias.type == CPG_VSTRING)
        names[n++] = cpg_graph_string(g, alias.u.sid, NULL);
    *aliases = NULL;
    if (alias.type == CPG_VJSON) {
        size_t len;
        const char *text = cpg_graph_string(g, alias.u.sid, &len);
        *aliases = cpg_json_parse(text, len, NULL);
    }
    for (const cJSON *a = *aliases ? (*aliases)->child : NULL; a && n < cap; a = a->next)
        if (cJSON_IsString(a))
            names[n++] = a->valuestring;
    return n;
}

/* Joins the nodes of one type that share a name, unless judged different (a note then). */
static cpg_status join_by_names(const cpg_graph *g, groups *gr, const cpg_judgements *j,
                                igraph_integer_t *const *v, cpg_diags *diags)
{
    cpg_idmap first;  /* name key -> the first vertex with it */
    cpg_idmap_init(&first);
    char **keys = NULL;
    size_t key_count = 0, key_cap = 0;
    cpg_status status = CPG_OK;
    for (igraph_integer_t u = 0; u < gr->n && status == CPG_OK; u++) {
        cpg_value t = cpg_graph_get(g, CPG_NODES, u, "type");
        const char *type = t.type == CPG_VSTRING ? cpg_graph_string(g, t.u.sid, NULL) : "";
        const char *names[64];
        cJSON *aliases;
        size_t n = names_of(g, u, &aliases, names, 64);
        for (size_t i = 0; i < n && status == CPG_OK; i++) {
            char *key = name_key(type, names[i]);
            if (!key || (key_count == key_cap &&
                         !(keys = realloc(keys, (key_cap = 2 * key_cap + 16) * sizeof *keys)))) {
                free(key);
                status = key ? CPG_ENOMEM : CPG_OK;  /* a name that is no UTF-8 matches none */
                continue;
            }
            keys[key_count++] = key;
            int64_t w = cpg_idmap_get(&first, key);
            size_t line;
            if (w < 0 && !cpg_idmap_put(&first, key, u))
                status = CPG_ENOMEM;
            else if (w >= 0 && judged_apart(gr, j, (const igraph_integer_t *const *)v, w, u, &line))
                cpg_diags_add(diags, CPG_NOTICE, "--merge-aliases", 0, 0, NULL, "'%.150s' and "
                              "'%.150s' share the name \"%.150s\" but are judged different on "
                              "line %zu: not merged", cpg_graph_node_id(g, w),
                              cpg_graph_node_id(g, u), names[i], line);
            else if (w >= 0)
                join(gr, w, u);
        }
        cJSON_Delete(aliases);
    }
    for (size_t k = 0; k < key_count; k++)
        free(keys[k]);
    free(keys);
    cpg_idmap_free(&first);
    return status;
}

/* ---- merging ---------------------------------------------------------------------------- */

/* Joins node V into node R: its label and aliases into R's aliases, its other attributes by
 * RULE (conflicts reported as from WHO), its sources. ONLY_REPORT: nothing changes. */
static cpg_status take_in(cpg_graph *g, igraph_integer_t r, igraph_integer_t v,
                          cpg_on_conflict rule, const char *who, cpg_diags *diags,
                          bool only_report)
{
    for (size_t k = 0; k < cpg_graph_column_count(g, CPG_NODES); k++) {
        const cpg_column *c = cpg_graph_column_at(g, CPG_NODES, k);
        const char *name = cpg_column_name(c);
        cpg_value a = cpg_column_get(c, (size_t)r), b = cpg_column_get(c, (size_t)v), kept;
        bool label = strcmp(name, "label") == 0, conflict;
        if (label && a.type != CPG_VNONE) {  /* another name: an alias of the node kept */
            cpg_value old = cpg_graph_get(g, CPG_NODES, r, "aliases");
            if (old.type == CPG_VNONE)
                old = a;  /* its aliases then begin with its own label, as the bundled graph's */
            cpg_status status = cpg_merge_settle(g, rule, "aliases", &old, &b, &kept, &conflict);
            if (status == CPG_OK && !only_report && b.type != CPG_VNONE &&
                cpg_merge_values_differ(g, &a, &b))
                status = cpg_graph_set(g, CPG_NODES, r, "aliases", 7, &kept);
            if (status != CPG_OK)
                return status;
            continue;
        }
        cpg_status status = cpg_merge_settle(g, rule, name, &a, &b, &kept, &conflict);
        if (status == CPG_OK && conflict) {
            char old[160], new[160];
            cpg_merge_value_text(g, &a, old, sizeof old);
            cpg_merge_value_text(g, &b, new, sizeof new);
            cpg_diags_add(diags, rule == CPG_CONFLICT_ERROR ? CPG_ERROR : CPG_NOTICE, who, 0, 0,
                          NULL, "'%.150s' merged into '%.150s': '%s' is %s there but %s here%s%s"
                          " (--on-conflict %s)", cpg_graph_node_id(g, v), cpg_graph_node_id(g, r),
                          name, new, old, rule == CPG_CONFLICT_ERROR ? "" : "; ",
                          rule == CPG_CONFLICT_ERROR ? "" : rule == CPG_CONFLICT_LAST
                              ? "the merged node's value replaces it" : rule == CPG_CONFLICT_LIST
                              ? "both stay, as a list" : "the value here stays",
                          cpg_on_conflict_name(rule));
        }
        if (status == CPG_OK && !only_report && !cpg_value_equal(&a, &kept))
            status = cpg_graph_set(g, CPG_NODES, r, name, strlen(name), &kept);
        if (status != CPG_OK)
            return status;
    }
    return only_report ? CPG_OK : cpg_graph_union_sources(g, CPG_NODES, r, v);
}

typedef struct merge_pair {
    igraph_integer_t into, node;
} merge_pair;

static int by_group(const void *a, const void *b)
{
    const merge_pair *x = a, *y = b;
    if (x->into != y->into)
        return x->into < y->into ? -1 : 1;
    return (x->node > y->node) - (x->node < y->node);
}

/* "merged 'a', 'b' into 'c'": a note per group, groups and their nodes in the graph's order. */
static cpg_status note_groups(const cpg_graph *g, const igraph_integer_t *into, const char *who,
                              cpg_diags *diags)
{
    igraph_integer_t n = cpg_graph_node_count(g);
    merge_pair *pairs = malloc(((size_t)n + 1) * sizeof *pairs);
    if (!pairs)
        return CPG_ENOMEM;
    size_t count = 0;
    for (igraph_integer_t v = 0; v < n; v++)
        if (into[v] != v)
            pairs[count++] = (merge_pair){into[v], v};
    qsort(pairs, count, sizeof *pairs, by_group);
    for (size_t i = 0, first = 0; i < count; i = first) {
        char list[768];
        size_t len = 0;
        for (first = i; first < count && pairs[first].into == pairs[i].into; first++)
            if (len < sizeof list - 1)
                len += (size_t)snprintf(list + len, sizeof list - len, "%s'%.150s'",
                                        first > i ? ", " : "", cpg_graph_node_id(g, pairs[first].node));
        cpg_diags_add(diags, CPG_NOTICE, who, 0, 0, NULL, "merged %s into '%.150s'", list,
                      cpg_graph_node_id(g, pairs[i].into));
    }
    free(pairs);
    return CPG_OK;
}

cpg_status cpg_merge_nodes(cpg_graph *g, const igraph_integer_t *into, cpg_on_conflict rule,
                           const char *who, cpg_diags *diags)
{
    igraph_integer_t n = cpg_graph_node_count(g);
    size_t errors = diags->error_count;
    for (igraph_integer_t v = 0; v < n && rule == CPG_CONFLICT_ERROR; v++)
        if (into[v] != v)
            take_in(g, into[v], v, rule, who, diags, true);
    if (diags->error_count > errors)
        return CPG_EVALUE;
    cpg_status status = CPG_OK;
    for (igraph_integer_t v = 0; v < n && status == CPG_OK; v++)
        if (into[v] != v)
            status = take_in(g, into[v], v, rule, who, diags, false);
    if (status == CPG_OK && diags->error_count > errors)
        return CPG_EVALUE;  /* two merged nodes disagree where the kept one has no value */
    if (status == CPG_OK)
        status = note_groups(g, into, who, diags);
    return status == CPG_OK ? cpg_graph_contract(g, into) : status;
}

cpg_status cpg_resolve(cpg_graph *g, const cpg_judgements *j, const char *path, bool by_names,
                       cpg_on_conflict rule, cpg_diags *diags, igraph_integer_t *merged)
{
    igraph_integer_t n = cpg_graph_node_count(g);
    groups gr = {malloc(((size_t)n + 1) * sizeof *gr.parent),
                 malloc(((size_t)n + 1) * sizeof *gr.rank), n};
    igraph_integer_t **v = judged_vertices(g, j, path, diags);
    bool whole = v != NULL;
    for (size_t k = 0; whole && k < j->count; k++)
        whole = v[k] != NULL;
    cpg_status status = gr.parent && gr.rank && whole ? CPG_OK : CPG_ENOMEM;
    for (igraph_integer_t u = 0; status == CPG_OK && u < n; u++) {
        gr.parent[u] = u;
        gr.rank[u] = u;
    }
    size_t errors = diags->error_count;
    if (status == CPG_OK)
        join_judged(&gr, j, v, path, diags);
    if (status == CPG_OK && diags->error_count > errors)
        status = CPG_EVALUE;
    if (status == CPG_OK && by_names)
        status = join_by_names(g, &gr, j, v, diags);
    *merged = 0;
    for (igraph_integer_t u = 0; status == CPG_OK && u < n; u++) {
        gr.parent[u] = find(&gr, u);
        *merged += gr.parent[u] != u;
    }
    if (status == CPG_OK && *merged)
        status = cpg_merge_nodes(g, gr.parent, rule, by_names && !j->count ? "--merge-aliases"
                                                                          : path, diags);
    free_vertices(v, j->count);
    free(gr.parent);
    free(gr.rank);
    return status;
}
