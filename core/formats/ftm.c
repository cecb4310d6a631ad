/* ftm.c: FollowTheMoney entities (Aleph, OpenSanctions), one per line of JSON Lines: things
 * become nodes, the interval schemata that FtM itself draws as edges become edges, and the
 * entity-valued properties of things edges named after the property. The lines are read by
 * jsonl.c (whose reader FtM's is), which hands each entity here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/json.h"
#include "intake.h"
#include "readers.h"

/* The schemata FtM draws as edges, with the properties naming their ends (FtM's edge: source
 * and target). */
typedef struct ftm_edge_schema {
    const char *schema;
    const char *const ends[2];
} ftm_edge_schema;

#define ENDS(source, target) {source, target}
static const ftm_edge_schema edge_schemata[] = {
    {"Associate", ENDS("person", "associate")},
    {"CourtCaseParty", ENDS("party", "case")},
    {"Debt", ENDS("creditor", "debtor")},
    {"Directorship", ENDS("director", "organization")},
    {"Documentation", ENDS("document", "entity")},
    {"Employment", ENDS("employee", "employer")},
    {"Family", ENDS("person", "relative")},
    {"Membership", ENDS("member", "organization")},
    {"Occupancy", ENDS("holder", "post")},
    {"Ownership", ENDS("owner", "asset")},
    {"Payment", ENDS("payer", "beneficiary")},
    {"ProjectParticipant", ENDS("participant", "project")},
    {"Representation", ENDS("agent", "client")},
    {"Succession", ENDS("predecessor", "successor")},
    {"UnknownLink", ENDS("subject", "object")},
};

/* The entity-valued properties of things, each an edge from the thing to the entity it names
 * (the end fields of the edge, for messages: the thing itself, then the property). */
#define REF(name) {"id", name}
static const char *const entity_properties[][2] = {
    REF("account"), REF("addressEntity"), REF("ancestors"), REF("authority"), REF("bank"),
    REF("caller"), REF("candidate"), REF("contract"), REF("document"), REF("entity"),
    REF("holder"), REF("involved"), REF("issuer"), REF("lot"), REF("match"),
    REF("organization"), REF("organizer"), REF("operator"), REF("owner"), REF("parent"),
    REF("project"), REF("proof"), REF("receiver"), REF("recipients"), REF("resolved"),
    REF("sender"), REF("supplier"),
};

/* Every schema of FtM 3: an entity of another is kept as a node, with a note. */
static const char *const known_schemata[] = {
    "Address", "Airplane", "Analyzable", "Article", "Asset", "Associate", "Audio",
    "BankAccount", "Call", "CallForTenders", "Company", "Contract", "ContractAward",
    "CourtCase", "CourtCaseParty", "CryptoWallet", "Debt", "Directorship", "Document",
    "Documentation", "EconomicActivity", "Email", "Employment", "Event", "Family", "Folder",
    "HyperText", "Identification", "Image", "Interest", "Interval", "LegalEntity", "License",
    "Membership", "Mention", "Message", "Note", "Occupancy", "Organization", "Ownership",
    "Package", "Page", "Pages", "Passport", "Payment", "Person", "PlainText", "Position",
    "Post", "Project", "ProjectParticipant", "PublicBody", "RealEstate", "Representation",
    "Sanction", "Security", "Similar", "Succession", "Table", "TaxRoll", "Thing", "Trip",
    "UnknownLink", "UserAccount", "Value", "Vehicle", "Vessel", "Video", "Workbook", NULL,
};

/* The properties that name a thing, in the order FtM's schemata caption by. */
static const char *const caption_properties[] = {"name", "full", "title", "fileName",
                                                 "number", "subject", "summary", NULL};

/* Properties read as a scalar when they hold one value: dates, and amounts as numbers. */
static const char *const date_properties[] = {"date", "startDate", "endDate", NULL};
static const char *const number_properties[] = {"amount", "amountUsd", "amountEur",
                                                "percentage", "sharesCount", NULL};

typedef struct ftm_state {
    cpg_idmap noted;  /* unknown schemata already noted (keys in the load's arena) */
} ftm_state;

static ftm_state *state_of(load_ctx *ctx)
{
    if (!ctx->reader_data && (ctx->reader_data = calloc(1, sizeof(ftm_state))))
        cpg_idmap_init(&((ftm_state *)ctx->reader_data)->noted);
    return ctx->reader_data;
}

static const ftm_edge_schema *edge_schema(const char *schema)
{
    for (size_t i = 0; i < sizeof edge_schemata / sizeof *edge_schemata; i++)
        if (strcmp(edge_schemata[i].schema, schema) == 0)
            return &edge_schemata[i];
    return NULL;
}

static const char *const *entity_property(const char *name)
{
    for (size_t i = 0; i < sizeof entity_properties / sizeof *entity_properties; i++)
        if (strcmp(entity_properties[i][1], name) == 0)
            return entity_properties[i];
    return NULL;
}

/* A property's values as an attribute: a list of strings, or one date or number. NULL when out
 * of memory. */
static cJSON *property_value(const cJSON *values)
{
    const cJSON *only = values->child && !values->child->next ? values->child : NULL;
    if (only && cpg_load_key_in(values->string, date_properties))
        return cJSON_CreateString(only->valuestring);
    if (only && cpg_load_key_in(values->string, number_properties)) {
        char *end;
        double number = strtod(only->valuestring, &end);
        if (end != only->valuestring && *end == '\0')
            return cJSON_CreateNumber(number);
    }
    return cJSON_Duplicate(values, true);
}

/* Whether every property of PROPS (at AT) is a list of strings, as FtM writes them. */
static bool properties_checked(load_ctx *ctx, const cJSON *props, const load_place *at)
{
    load_place in = *at;
    in.sub = "properties";
    for (const cJSON *p = props->child; p; p = p->next) {
        const cJSON *bad = NULL;
        for (const cJSON *v = cJSON_IsArray(p) ? p->child : NULL; v && !bad; v = v->next)
            bad = cJSON_IsString(v) ? NULL : v;
        if (!cJSON_IsArray(p) || bad) {
            cpg_load_error(ctx, &in, p->string, "an FtM property is a list of strings, got %s%s",
                           bad ? "a list holding " : "", cpg_json_type_name(bad ? bad : p));
            return false;
        }
    }
    return true;
}

/* The evidence of an element: "evidence" from summary or description, "evidence_source" from
 * sourceUrl or publisher (the first value of each). */
static bool add_evidence(cJSON *attrs, const cJSON *props)
{
    static const char *const said[] = {"summary", "description", NULL};
    static const char *const cited[] = {"sourceUrl", "publisher", NULL};
    const char *const *lists[] = {said, cited};
    const char *names[] = {"evidence", "evidence_source"};
    for (int k = 0; k < 2; k++)
        for (const char *const *p = lists[k]; *p && !cpg_json_has(attrs, names[k]); p++) {
            const cJSON *values = cJSON_GetObjectItemCaseSensitive(props, *p);
            if (cJSON_IsArray(values) && values->child &&
                !cJSON_AddStringToObject(attrs, names[k], values->child->valuestring))
                return false;
        }
    return true;
}

/* The attributes of entity E: its properties (less those in SKIP, NULL-terminated), its
 * other members but id, schema and properties, type = the schema, and the evidence. */
static cJSON *entity_attrs(const cJSON *e, const cJSON *props, const char *schema,
                           const char *const *skip)
{
    cJSON *attrs = cJSON_CreateObject();
    bool ok = attrs != NULL;
    for (const cJSON *p = props ? props->child : NULL; ok && p; p = p->next) {
        cJSON *value = cpg_load_key_in(p->string, skip) ? NULL : property_value(p);
        ok = cpg_load_key_in(p->string, skip) ||
             (value && cJSON_AddItemToObject(attrs, p->string, value));
        if (!ok)
            cJSON_Delete(value);
    }
    static const char *const own[] = {"id", "schema", "properties", NULL};
    for (const cJSON *m = e->child; ok && m; m = m->next) {
        /* OpenSanctions' "target" (a sanctions target) must not pass for an edge's end */
        const char *name = strcmp(m->string, "target") == 0 ? "is_target" : m->string;
        if (!cpg_load_key_in(m->string, own) && !cpg_json_has(attrs, name)) {
            cJSON *copy = cJSON_Duplicate(m, true);
            ok = copy && cJSON_AddItemToObject(attrs, name, copy);
            if (!ok)
                cJSON_Delete(copy);
        }
    }
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, "type");
    ok = ok && cJSON_AddStringToObject(attrs, "type", schema) && add_evidence(attrs, props);
    if (!ok)
        cJSON_Delete(attrs);
    return ok ? attrs : NULL;
}

/* The label of a thing: FtM's own caption when the export has one, else the first value of
 * the first caption property it has. */
static bool add_label(cJSON *attrs, const cJSON *e, const cJSON *props)
{
    const cJSON *caption = cJSON_GetObjectItemCaseSensitive(e, "caption");
    const char *label = cJSON_IsString(caption) ? caption->valuestring : NULL;
    for (const char *const *p = caption_properties; !label && *p; p++) {
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(props, *p);
        if (cJSON_IsArray(values) && values->child)
            label = values->child->valuestring;
    }
    return !label || cpg_json_has(attrs, "label") ||
           cJSON_AddStringToObject(attrs, "label", label);
}

/* An edge of TYPE from each value of SOURCES (an FtM list, or with ONE_SOURCE the id item
 * itself) to each of TARGETS, with ATTRS (NULL: only the type). */
static void add_edges(load_ctx *ctx, const cJSON *sources, bool one_source, const cJSON *targets,
                      const char *type, const cJSON *attrs, const char *const *ends,
                      const load_place *at)
{
    load_place place = *at;
    place.sub = "properties";
    place.end_fields = ends;
    for (const cJSON *s = one_source ? sources : sources->child; s; s = one_source ? NULL : s->next)
        for (const cJSON *t = targets->child; t; t = t->next) {
            cJSON *copy = attrs ? cJSON_Duplicate(attrs, true) : cJSON_CreateObject();
            if (!copy || (!attrs && !cJSON_AddStringToObject(copy, "type", type)))
                cpg_load_out_of_memory(ctx);
            else
                cpg_load_edge(ctx, s, t, copy, &place);
            cJSON_Delete(copy);
        }
}

/* An interval that FtM draws as an edge: from each source to each target. */
static void ftm_edge(load_ctx *ctx, const cJSON *e, const cJSON *props,
                     const ftm_edge_schema *schema, const load_place *at)
{
    const cJSON *ends[2];
    load_place in = *at;
    in.sub = "properties";
    for (int k = 0; k < 2; k++) {
        ends[k] = cJSON_GetObjectItemCaseSensitive(props, schema->ends[k]);
        if (!ends[k] || !ends[k]->child) {
            cpg_load_error(ctx, &in, schema->ends[k], "a%s %s is an edge, and names its %s in "
                           "'%s'", strchr("AEIOU", schema->schema[0]) ? "n" : "",
                           schema->schema, k ? "target" : "source", schema->ends[k]);
            return;
        }
    }
    const char *const skip[] = {schema->ends[0], schema->ends[1], NULL};
    cJSON *attrs = entity_attrs(e, props, schema->schema, skip);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
    if (!attrs || !cJSON_AddStringToObject(attrs, "ftm_id", id->valuestring))
        cpg_load_out_of_memory(ctx);
    else
        add_edges(ctx, ends[0], false, ends[1], schema->schema, attrs, schema->ends, at);
    cJSON_Delete(attrs);
}

/* Notes, once per schema, an entity of a schema FtM does not define. */
static void note_unknown_schema(load_ctx *ctx, const char *schema, const load_place *at)
{
    ftm_state *state = state_of(ctx);
    if (cpg_load_key_in(schema, known_schemata) ||
        (state && cpg_idmap_get(&state->noted, schema) >= 0))
        return;
    const char *kept = cpg_arena_strdup(ctx->arena, schema);
    if (!state || !kept || !cpg_idmap_put(&state->noted, kept, 1)) {
        cpg_load_out_of_memory(ctx);
        return;
    }
    cpg_diags_add(ctx->diags, CPG_NOTE, ctx->name, at->line, 0, "/schema",
                  "'%s' is not a FollowTheMoney schema: its entities are read as nodes", schema);
}

/* A thing: a node, and an edge for each entity-valued property. */
static void ftm_node(load_ctx *ctx, const cJSON *e, const cJSON *props, const char *schema,
                     const load_place *at)
{
    note_unknown_schema(ctx, schema, at);
    const char *refs[sizeof entity_properties / sizeof *entity_properties + 1] = {NULL};
    size_t n = 0;
    for (const cJSON *p = props ? props->child : NULL; p; p = p->next)
        if (entity_property(p->string) && n + 1 < sizeof refs / sizeof *refs)
            refs[n++] = p->string;
    cJSON *attrs = entity_attrs(e, props, schema, refs);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
    if (!attrs || !add_label(attrs, e, props)) {
        cJSON_Delete(attrs);
        cpg_load_out_of_memory(ctx);
        return;
    }
    size_t errors = ctx->diags->error_count;
    cpg_load_node(ctx, id, attrs, NULL, at);
    cJSON_Delete(attrs);
    for (size_t k = 0; k < n && ctx->diags->error_count == errors; k++)
        add_edges(ctx, id, true, cJSON_GetObjectItemCaseSensitive(props, refs[k]), refs[k], NULL,
                  entity_property(refs[k]), at);
}

bool cpg_ftm_is_entity(const cJSON *object)
{
    return cJSON_IsObject(object) &&
           cJSON_IsString(cJSON_GetObjectItemCaseSensitive(object, "schema")) &&
           cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(object, "properties")) &&
           cpg_json_has(object, "id");
}

void cpg_ftm_entity(load_ctx *ctx, const cJSON *e, const load_place *at)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(e, "schema");
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(e, "properties");
    if (!cJSON_IsString(id) || !id->valuestring[0] || !cJSON_IsString(schema)) {
        cpg_load_error(ctx, at, cJSON_IsString(schema) ? "id" : "schema",
                       "an FtM entity has a string '%s'", cJSON_IsString(schema) ? "id"
                                                                                 : "schema");
        return;
    }
    if (props && !cJSON_IsObject(props)) {
        cpg_load_error(ctx, at, "properties", "'properties' must be an object, got %s",
                       cpg_json_type_name(props));
        return;
    }
    if (props && !properties_checked(ctx, props, at))
        return;
    ctx->directed = ctx->multigraph = true;  /* FtM's edges have a direction, and repeat */
    const ftm_edge_schema *edge = edge_schema(schema->valuestring);
    if (edge)
        ftm_edge(ctx, e, props, edge, at);
    else
        ftm_node(ctx, e, props, schema->valuestring, at);
}

void cpg_ftm_finish(load_ctx *ctx)
{
    ftm_state *state = ctx->reader_data;
    if (state)
        cpg_idmap_free(&state->noted);
    free(state);
    ctx->reader_data = NULL;
}
