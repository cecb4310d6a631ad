/* stix.c: STIX 2.1 (and 2.0) bundles: domain and cyber-observable objects become nodes, the
 * relationship and sighting objects edges, embedded references (created_by_ref, object_refs)
 * edges named after their property, and external references the evidence of each element. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/graph.h"
#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"

const char *const cpg_stix_settings[] = {"refs", "stubs", NULL};

typedef struct stix_reader {
    load_ctx *ctx;
    const cJSON *objects;
    const char *base;     /* the pointer of the objects: "/objects", or "" for a bare array */
    const cJSON **items;  /* the objects by index: cJSON's own lookup by index is linear */
    size_t count;
    cpg_idmap latest;  /* id -> index in objects of its latest version */
    cpg_idmap stubs;   /* ids of the nodes made for references the bundle does not hold */
    bool refs, stub;   /* -O refs=, -O stubs= */
    size_t versions;   /* objects dropped for a later version of theirs */
    size_t copies;     /* objects dropped for an earlier one of the same id and version */
    size_t differing;  /* of those, the ones whose content differs from the one read */
    size_t stubs_made; /* -O stubs=true */
} stix_reader;

/* Meta objects: definitions of markings, languages and extensions, never nodes. */
static bool meta_type(const char *type)
{
    return strcmp(type, "marking-definition") == 0 || strcmp(type, "language-content") == 0 ||
           strcmp(type, "extension-definition") == 0;
}

static const char *string_member(const cJSON *object, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);
    return cJSON_IsString(item) ? item->valuestring : NULL;
}

/* Whether the digits at S hold one other than 0. */
static bool more_than_zeros(const char *s)
{
    for (; *s >= '0' && *s <= '9'; s++)
        if (*s != '0')
            return true;
    return false;
}

/* Compares two STIX timestamps ("2016-05-12T08:17:27.000Z"): seconds as text, then the
 * fraction as digits, so that ".5Z" is later than "Z". A missing one is the earliest. */
static int compare_times(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    int head = strncmp(a, b, 19);
    if (head || strlen(a) < 19 || strlen(b) < 19)
        return head ? head : strcmp(a, b);
    a += 19 + (a[19] == '.');
    b += 19 + (b[19] == '.');
    for (; *a >= '0' && *a <= '9' && *b >= '0' && *b <= '9'; a++, b++)
        if (*a != *b)
            return *a < *b ? -1 : 1;
    return more_than_zeros(a) - more_than_zeros(b);  /* ".50" is ".5" */
}

/* "modified", else "created": the version of an object. */
static const char *version_of(const cJSON *o)
{
    const char *modified = string_member(o, "modified");
    return modified ? modified : string_member(o, "created");
}

/* The first pass: checks each object's type and id, and keeps each id's latest version. */
static void index_objects(stix_reader *r)
{
    size_t i = 0;
    for (const cJSON *o = r->objects->child; o; o = o->next, i++) {
        r->items[i] = o;
        load_place at = {.array = r->base, .index = i};
        const char *type = string_member(o, "type"), *id = string_member(o, "id");
        if (!cJSON_IsObject(o)) {
            cpg_load_error(r->ctx, &at, NULL, "a STIX object must be an object, got %s",
                           cpg_json_type_name(o));
        } else if (!type || !id) {
            cpg_load_error(r->ctx, &at, type ? "id" : "type", "a STIX object has a string '%s'",
                           type ? "id" : "type");
        } else if (strncmp(id, type, strlen(type)) != 0 || strncmp(id + strlen(type), "--", 2)) {
            cpg_load_error(r->ctx, &at, "id", "the id '%s' does not begin with its type '%s--'",
                           id, type);
        } else {
            int64_t seen = cpg_idmap_get(&r->latest, id);
            const cJSON *other = seen >= 0 ? r->items[seen] : NULL;
            int later = other ? compare_times(version_of(o), version_of(other)) : 1;
            r->versions += other && later != 0;
            r->copies += other && later == 0;
            r->differing += other && later == 0 && !cJSON_Compare(o, other, true);
            if (later > 0 && !cpg_idmap_put(&r->latest, id, (int64_t)i))
                cpg_load_out_of_memory(r->ctx);
        }
    }
}

/* The object with ID in the bundle (its latest version), or NULL. */
static const cJSON *object_of(const stix_reader *r, const char *id)
{
    int64_t i = cpg_idmap_get(&r->latest, id);
    return i >= 0 ? r->items[i] : NULL;
}

static bool is_relation(const char *type)
{
    return strcmp(type, "relationship") == 0 || strcmp(type, "sighting") == 0;
}

/* The type an id names: what precedes its "--" ("attack-pattern" for attack-pattern--...). */
static void type_of_id(const char *id, char *type, size_t size)
{
    const char *dashes = strstr(id, "--");
    snprintf(type, size, "%.*s", (int)(dashes ? dashes - id : 0), id);
}

/* What a reference names: a node, something else (a relation, a marking, a language or
 * extension definition: in the bundle or by its id's type), or an object neither the bundle
 * nor the graph it is merged into holds. */
typedef enum { REF_NODE, REF_OTHER, REF_MISSING } ref_kind;

static ref_kind kind_of_ref(const stix_reader *r, const char *id)
{
    const cJSON *o = object_of(r, id);
    char type[64];
    if (o)
        snprintf(type, sizeof type, "%s", string_member(o, "type"));
    else
        type_of_id(id, type, sizeof type);
    if (is_relation(type) || meta_type(type))
        return REF_OTHER;
    bool merged = r->ctx->graph && cpg_graph_find(r->ctx->graph, id) >= 0;  /* a bundle before */
    return o || merged || cpg_idmap_get(&r->stubs, id) >= 0 ? REF_NODE : REF_MISSING;
}

/* A stub node for ID, which the bundle lacks, typed by its id; false when out of memory. */
static bool make_stub(stix_reader *r, const char *id, const load_place *at)
{
    char type[64];
    type_of_id(id, type, sizeof type);
    cJSON *attrs = cJSON_CreateObject(), *key = cJSON_CreateString(id);
    bool ok = attrs && key && cJSON_AddTrueToObject(attrs, "stub") &&
              cJSON_AddStringToObject(attrs, "type", type) && cpg_idmap_put(&r->stubs, id, 0);
    if (ok)
        cpg_load_node(r->ctx, key, attrs, NULL, at);
    else
        cpg_load_out_of_memory(r->ctx);
    cJSON_Delete(attrs);
    cJSON_Delete(key);
    r->stubs_made += ok;
    return ok;
}

/* Whether reference ID at AT/FIELD names a node, made a stub when the bundle lacks it and
 * -O stubs=true; else reported, as an edge end must be a node. */
static bool end_referenced(stix_reader *r, const char *id, const load_place *at,
                           const char *field)
{
    ref_kind kind = kind_of_ref(r, id);
    if (kind == REF_NODE || (kind == REF_MISSING && r->stub && make_stub(r, id, at)))
        return true;
    if (kind == REF_OTHER) {
        char type[64];
        type_of_id(id, type, sizeof type);
        cpg_load_error(r->ctx, at, field, "'%s' is a %s, which is not a node", id, type);
    } else if (!r->ctx->out_of_memory) {
        cpg_load_error(r->ctx, at, field, "'%s' is not in the bundle (with -O stubs=true, a stub "
                       "node stands for it)", id);
    }
    return false;
}

/* The evidence of an element from its external references: "evidence_source" is the first URL
 * (else the first source_name with its external_id), "evidence" a relation's own description
 * or the first reference's. ("source" would be read as an edge's end by node-link JSON and
 * CSV.) Existing members of ATTRS are kept. */
static bool add_evidence(cJSON *attrs, const cJSON *o)
{
    const cJSON *refs = cJSON_GetObjectItemCaseSensitive(o, "external_references");
    const char *url = NULL, *name = NULL, *external_id = NULL, *said = NULL;
    for (const cJSON *ref = cJSON_IsArray(refs) ? refs->child : NULL; ref; ref = ref->next) {
        if (!url && (url = string_member(ref, "url")))
            name = NULL;
        if (!url && !name) {
            name = string_member(ref, "source_name");
            external_id = string_member(ref, "external_id");
        }
        if (!said)
            said = string_member(ref, "description");
    }
    const char *description = string_member(o, "description");
    if (description && is_relation(string_member(o, "type")))
        said = description;
    char cited[512];
    if (name)
        snprintf(cited, sizeof cited, external_id ? "%s %s" : "%s", name, external_id);
    const char *source = url ? url : name ? cited : NULL;
    return (!source || cpg_json_has(attrs, "evidence_source") ||
            cJSON_AddStringToObject(attrs, "evidence_source", source)) &&
           (!said || cpg_json_has(attrs, "evidence") ||
            cJSON_AddStringToObject(attrs, "evidence", said));
}

/* Whether ITEM, a member of a node's object, is a reference (…_ref, a string; …_refs, an
 * array) that becomes an edge: markings are not nodes, and the ends of relations are read as
 * such. */
static bool edge_reference(const stix_reader *r, const cJSON *item)
{
    size_t n = strlen(item->string);
    bool one = n > 4 && strcmp(item->string + n - 4, "_ref") == 0 && cJSON_IsString(item);
    bool many = n > 5 && strcmp(item->string + n - 5, "_refs") == 0 && cJSON_IsArray(item);
    static const char *const kept[] = {"object_marking_refs", "source_ref", "target_ref",
                                       "sighting_of_ref", "where_sighted_refs", NULL};
    return r->refs && (one || many) && !cpg_load_key_in(item->string, kept);
}

/* An edge of TYPE from SOURCE to TARGET (ids) with the members of ATTRS (or none). */
static void add_edge(stix_reader *r, const char *source, const char *target, const char *type,
                     const cJSON *attrs, const load_place *at)
{
    cJSON *copy = attrs ? cJSON_Duplicate(attrs, true) : cJSON_CreateObject();
    cJSON *from = cJSON_CreateString(source), *to = cJSON_CreateString(target);
    cJSON_DeleteItemFromObjectCaseSensitive(copy, "type");
    if (!copy || !from || !to || !cJSON_AddStringToObject(copy, "type", type))
        cpg_load_out_of_memory(r->ctx);
    else
        cpg_load_edge(r->ctx, from, to, copy, at);
    cJSON_Delete(copy);
    cJSON_Delete(from);
    cJSON_Delete(to);
}

/* The embedded reference REF (at IN/FIELD) of node ID, of property NAME: an edge to a node;
 * else, to what is no node (a relationship in a report's object_refs, a marking), kept in
 * KEPT, the property's value that stays an attribute. False after an error. */
static bool reference_edge(stix_reader *r, const cJSON *ref, const char *id, const char *name,
                           cJSON *kept, const load_place *in, const char *field,
                           const load_place *at)
{
    if (!cJSON_IsString(ref)) {
        cpg_load_error(r->ctx, in, field, "a reference is an id string, got %s",
                       cpg_json_type_name(ref));
        return false;
    }
    if (kind_of_ref(r, ref->valuestring) == REF_OTHER) {
        cJSON *copy = cJSON_CreateString(ref->valuestring);
        if (!copy || !cJSON_AddItemToArray(kept, copy)) {
            cJSON_Delete(copy);
            cpg_load_out_of_memory(r->ctx);
            return false;
        }
        return true;
    }
    if (!end_referenced(r, ref->valuestring, in, field))
        return false;
    add_edge(r, id, ref->valuestring, name, NULL, at);
    return true;
}

/* The embedded references of node object O (id ID) as edges, taken out of ATTRS but for those
 * to what is no node. */
static void reference_edges(stix_reader *r, const cJSON *o, const char *id, cJSON *attrs,
                            const load_place *at)
{
    for (const cJSON *item = o->child; item; item = item->next) {
        if (!edge_reference(r, item))
            continue;
        bool list = cJSON_IsArray(item);
        load_place in = *at;  /* a list's items are at /objects/N/NAME/K */
        in.sub = list ? item->string : NULL;
        cJSON *kept = cJSON_CreateArray();
        if (!kept) {
            cpg_load_out_of_memory(r->ctx);
            return;
        }
        size_t k = 0;
        for (const cJSON *ref = list ? item->child : item; ref; ref = list ? ref->next : NULL) {
            char index[32];
            snprintf(index, sizeof index, "%zu", k++);
            reference_edge(r, ref, id, item->string, kept, &in, list ? index : item->string, at);
        }
        cJSON *value = !kept->child ? NULL : list ? kept : cJSON_DetachItemFromArray(kept, 0);
        if (value != kept)
            cJSON_Delete(kept);
        if (!value) {
            cJSON_DeleteItemFromObjectCaseSensitive(attrs, item->string);
        } else if (!cJSON_ReplaceItemInObjectCaseSensitive(attrs, item->string, value)) {
            cJSON_Delete(value);
            cpg_load_out_of_memory(r->ctx);
        }
    }
}

/* A node's label: its name, else what names its kind (an observable's value, a note's
 * abstract or content, an opinion, a malware analysis's result or product). */
static const char *label_of(const cJSON *o)
{
    static const char *const keys[] = {"name", "value", "abstract", "content", "opinion",
                                       "result_name", "product", NULL};
    for (const char *const *k = keys; *k; k++)
        if (string_member(o, *k))
            return string_member(o, *k);
    return NULL;
}

static void stix_node(stix_reader *r, const cJSON *o, const char *id, const load_place *at)
{
    cJSON *attrs = cJSON_Duplicate(o, true);
    const char *label = label_of(o);
    if (!attrs || (label && !cpg_json_has(o, "label") &&
                   !cJSON_AddStringToObject(attrs, "label", label)) || !add_evidence(attrs, o)) {
        cJSON_Delete(attrs);
        cpg_load_out_of_memory(r->ctx);
        return;
    }
    reference_edges(r, o, id, attrs, at);
    cpg_load_node(r->ctx, cJSON_GetObjectItemCaseSensitive(attrs, "id"), attrs, NULL, at);
    cJSON_Delete(attrs);
}

/* The members of relation O that stay attributes of its edges: all but its ends and type;
 * its id is kept as stix_id. NULL when out of memory. */
static cJSON *relation_attrs(const cJSON *o)
{
    cJSON *attrs = cJSON_Duplicate(o, true);
    static const char *const ends[] = {"id", "type", "relationship_type", "source_ref",
                                       "target_ref", "sighting_of_ref", "where_sighted_refs",
                                       NULL};
    for (const char *const *k = ends; attrs && *k; k++)
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, *k);
    if (attrs && (!cJSON_AddStringToObject(attrs, "stix_id", string_member(o, "id")) ||
                  !add_evidence(attrs, o))) {
        cJSON_Delete(attrs);
        attrs = NULL;
    }
    return attrs;
}

/* A relationship: source_ref -> target_ref, of its relationship_type. */
static void stix_relationship(stix_reader *r, const cJSON *o, const load_place *at)
{
    const char *source = string_member(o, "source_ref"), *target = string_member(o, "target_ref");
    const char *type = string_member(o, "relationship_type");
    if (!source || !target || !type) {
        cpg_load_error(r->ctx, at, !source ? "source_ref" : !target ? "target_ref"
                                                                    : "relationship_type",
                       "a relationship has a string '%s'", !source ? "source_ref"
                                                           : !target ? "target_ref"
                                                                     : "relationship_type");
        return;
    }
    bool ends = end_referenced(r, source, at, "source_ref");
    if (!end_referenced(r, target, at, "target_ref") || !ends)
        return;
    cJSON *attrs = relation_attrs(o);
    if (!attrs)
        cpg_load_out_of_memory(r->ctx);
    else
        add_edge(r, source, target, type, attrs, at);
    cJSON_Delete(attrs);
}

/* A sighting: an edge "sighting" from what was seen to each place it was seen at. */
static void stix_sighting(stix_reader *r, const cJSON *o, const load_place *at)
{
    const char *seen = string_member(o, "sighting_of_ref");
    const cJSON *where = cJSON_GetObjectItemCaseSensitive(o, "where_sighted_refs");
    if (!seen || (where && !cJSON_IsArray(where))) {
        cpg_load_error(r->ctx, at, seen ? "where_sighted_refs" : "sighting_of_ref", "%s",
                       seen ? "'where_sighted_refs' must be a list of ids"
                            : "a sighting has a string 'sighting_of_ref'");
        return;
    }
    if (!end_referenced(r, seen, at, "sighting_of_ref"))
        return;
    if (!where || !where->child) {  /* seen, nobody says where: a node of its own */
        const char *id = string_member(o, "id");
        stix_node(r, o, id, at);
        add_edge(r, id, seen, "sighting_of_ref", NULL, at);
        return;
    }
    cJSON *attrs = relation_attrs(o);
    if (!attrs) {
        cpg_load_out_of_memory(r->ctx);
        return;
    }
    load_place in = *at;
    in.sub = "where_sighted_refs";
    size_t k = 0;
    for (const cJSON *place = where->child; place; place = place->next) {
        char field[32];
        snprintf(field, sizeof field, "%zu", k++);
        if (!cJSON_IsString(place))
            cpg_load_error(r->ctx, &in, field, "a reference is an id string, got %s",
                           cpg_json_type_name(place));
        else if (end_referenced(r, place->valuestring, &in, field))
            add_edge(r, seen, place->valuestring, "sighting", attrs, at);
    }
    cJSON_Delete(attrs);
}

#define PLURAL(n) ((n) == 1 ? "" : "s")

/* What the bundle held and the graph does not: versions and copies (warnings: a reader who
 * counts objects must know), definitions (a note: they are no content), stubs made. */
static void report_left_out(const stix_reader *r, size_t meta)
{
    cpg_diags *d = r->ctx->diags;
    const char *name = r->ctx->name;
    if (r->versions)
        cpg_diags_add(d, CPG_WARNING, name, 0, 0, NULL, "%zu older version%s of objects left "
                      "out (the latest 'modified' is read)", r->versions, PLURAL(r->versions));
    if (r->copies)
        cpg_diags_add(d, CPG_WARNING, name, 0, 0, NULL, "%zu object%s repeated with the same id "
                      "and version left out, %zu of them unlike the one read (the first)",
                      r->copies, PLURAL(r->copies), r->differing);
    if (meta)
        cpg_diags_add(d, CPG_NOTE, name, 0, 0, NULL, "%zu marking, language or extension "
                      "definition%s not read as nodes", meta, PLURAL(meta));
    if (r->stubs_made)
        cpg_diags_add(d, CPG_NOTE, name, 0, 0, NULL, "%zu stub node%s for objects the bundle "
                      "lacks", r->stubs_made, PLURAL(r->stubs_made));
}

/* The second pass: each object that is the latest version of its id. */
static void read_objects(stix_reader *r)
{
    size_t i = 0, meta = 0;
    for (const cJSON *o = r->objects->child; o && !r->ctx->out_of_memory; o = o->next, i++) {
        const char *type = string_member(o, "type"), *id = string_member(o, "id");
        if (!type || !id || cpg_idmap_get(&r->latest, id) != (int64_t)i)
            continue;
        load_place at = {.array = r->base, .index = i};
        if (meta_type(type))
            meta++;
        else if (strcmp(type, "relationship") == 0)
            stix_relationship(r, o, &at);
        else if (strcmp(type, "sighting") == 0)
            stix_sighting(r, o, &at);
        else
            stix_node(r, o, id, &at);
    }
    report_left_out(r, meta);
}

void cpg_load_stix(load_ctx *ctx, const cJSON *root)
{
    load_place top = {0};
    stix_reader r = {.ctx = ctx};
    r.objects = cJSON_IsArray(root) ? root : cJSON_GetObjectItemCaseSensitive(root, "objects");
    r.base = cJSON_IsArray(root) ? "" : "/objects";
    if (!cJSON_IsArray(r.objects)) {
        cpg_load_error(ctx, &top, cJSON_IsObject(root) ? "objects" : NULL, "%s",
                       cJSON_IsObject(root) ? "a STIX bundle has an array 'objects'"
                                            : "expected a STIX bundle");
        return;
    }
    r.refs = cpg_load_setting_flag(ctx, "refs", true);
    r.stub = cpg_load_setting_flag(ctx, "stubs", false);
    ctx->directed = ctx->multigraph = true;  /* two actors share many relationships */
    const char *bundle = cJSON_IsObject(root) ? string_member(root, "id") : NULL;
    cJSON *attrs = cJSON_CreateObject();
    if (!attrs || (bundle && !cJSON_AddStringToObject(attrs, "stix_bundle", bundle)) ||
        !cpg_load_graph_attrs(ctx, attrs, NULL))
        cpg_load_out_of_memory(ctx);
    cJSON_Delete(attrs);
    for (const cJSON *o = r.objects->child; o; o = o->next)
        r.count++;
    r.items = malloc((r.count ? r.count : 1) * sizeof *r.items);
    cpg_idmap_init(&r.latest);
    cpg_idmap_init(&r.stubs);
    if (!r.items) {
        cpg_load_out_of_memory(ctx);
    } else {
        index_objects(&r);
        read_objects(&r);
    }
    free(r.items);
    cpg_idmap_free(&r.latest);
    cpg_idmap_free(&r.stubs);
}
