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
#include "text.h"

/* FtM's model (its schemata as of FtM 3.8): what each extends, the properties that name the
 * ends of those it draws as edges (its edge: source, target), the properties it is captioned
 * by, and its own entity-valued properties, each with the fields of the edge it becomes (the
 * thing itself, then the property: for messages). Sorted by name, for bsearch. */
#define FTM_MAX_ENTITIES 9
typedef struct ftm_schema {
    const char *name;
    const char *extends[4];
    const char *edge[2];
    const char *caption[5];
    const char *entities[FTM_MAX_ENTITIES][2];
} ftm_schema;

#define EXTENDS(...) .extends = {__VA_ARGS__}
#define EDGE(source, target) .edge = {source, target}
#define CAPTION(...) .caption = {__VA_ARGS__}
#define R(name) {"id", name}
#define ENTITIES(...) .entities = {__VA_ARGS__}
static const ftm_schema ftm_model[] = {
    {"Address", EXTENDS("Thing"), CAPTION("full", "summary", "city", "remarks")},
    {"Airplane", EXTENDS("Vehicle"), CAPTION("name", "registrationNumber")},
    {.name = "Analyzable"},
    {"Article", EXTENDS("Document"), CAPTION("title", "fileName")},
    {"Assessment", EXTENDS("Thing"), CAPTION("name"), ENTITIES(R("author"))},
    {"Asset", EXTENDS("Thing", "Value")},
    {"Associate", EXTENDS("Interval"), EDGE("person", "associate")},
    {"Audio", EXTENDS("Document"), CAPTION("fileName", "title")},
    {"BankAccount", EXTENDS("Asset"), CAPTION("name", "iban", "accountNumber"),
     ENTITIES(R("bank"))},
    {"Call", EXTENDS("Interval"), CAPTION("callerNumber", "receiverNumber"),
     ENTITIES(R("caller"), R("receiver"))},
    {"CallForTenders", EXTENDS("Thing", "Interval"), CAPTION("title"),
     ENTITIES(R("authority"), R("onBehalfOf"), R("tenderers"))},
    {"Company", EXTENDS("Organization", "Asset"), CAPTION("name")},
    {"Contract", EXTENDS("Asset"), CAPTION("title", "name", "procedureNumber"),
     ENTITIES(R("authority"), R("project"))},
    {"ContractAward", EXTENDS("Value", "Interest"), EDGE("contract", "supplier")},
    {"CourtCase", EXTENDS("Thing"), CAPTION("name", "caseNumber")},
    {"CourtCaseParty", EXTENDS("Interest"), EDGE("party", "case")},
    {"CryptoWallet", EXTENDS("Thing", "Value"), CAPTION("publicKey", "name", "summary"),
     ENTITIES(R("holder"))},
    {"Debt", EXTENDS("Interval", "Value"), EDGE("debtor", "creditor")},
    {"Directorship", EXTENDS("Interest"), EDGE("director", "organization")},
    {"Document", EXTENDS("Thing", "Analyzable"), CAPTION("fileName", "title"),
     ENTITIES(R("parent"), R("ancestors"))},
    {"Documentation", EXTENDS("Interest"), EDGE("document", "entity")},
    {"EconomicActivity", EXTENDS("Interval"), CAPTION("summary", "goodsDescription", "ccdNumber"),
     ENTITIES(R("contract"), R("declarant"), R("sender"), R("receiver"), R("contractHolder"),
              R("bankAccount"), R("bankRub"), R("bankForeign"), R("transport"))},
    {"Email", EXTENDS("Folder", "PlainText", "HyperText"),
     CAPTION("subject", "threadTopic", "title", "name", "fileName"),
     ENTITIES(R("emitters"), R("recipients"), R("inReplyToEmail"))},
    {"Employment", EXTENDS("Interest"), EDGE("employee", "employer")},
    {"Event", EXTENDS("Interval", "Analyzable", "Thing"), CAPTION("name", "summary", "date"),
     ENTITIES(R("organizer"), R("involved"))},
    {"Family", EXTENDS("Interval"), EDGE("person", "relative")},
    {"Folder", EXTENDS("Document"), CAPTION("fileName", "title")},
    {"HyperText", EXTENDS("Document"), CAPTION("title", "fileName")},
    {"Identification", EXTENDS("Interval"), CAPTION("number"), ENTITIES(R("holder"))},
    {"Image", EXTENDS("Document"), CAPTION("fileName", "title"), ENTITIES(R("pictured"))},
    {"Interest", EXTENDS("Interval")},
    {.name = "Interval"},
    {"LegalEntity", EXTENDS("Thing"), CAPTION("name", "email", "phone", "registrationNumber"),
     ENTITIES(R("parent"))},
    {"License", EXTENDS("Contract"), CAPTION("name")},
    {"Membership", EXTENDS("Interest"), EDGE("member", "organization")},
    {"Mention", CAPTION("name"), ENTITIES(R("document"), R("resolved"))},
    {"Message", EXTENDS("Interval", "Folder", "PlainText", "HyperText"),
     CAPTION("subject", "title", "threadTopic", "fileName"),
     ENTITIES(R("sender"), R("senderAccount"), R("recipients"), R("recipientAccount"),
              R("inReplyToMessage"))},
    {"Note", EXTENDS("Thing", "Analyzable"), CAPTION("description"), ENTITIES(R("entity"))},
    {"Occupancy", EXTENDS("Interval"), EDGE("holder", "post")},
    {"Organization", EXTENDS("LegalEntity"), CAPTION("name")},
    {"Ownership", EXTENDS("Interest"), EDGE("owner", "asset")},
    {"Package", EXTENDS("Folder"), CAPTION("fileName", "title")},
    {"Page", ENTITIES(R("document"))},
    {"Pages", EXTENDS("Document"), CAPTION("fileName", "title")},
    {"Passport", EXTENDS("Identification"), CAPTION("passportNumber", "number")},
    {"Payment", EXTENDS("Interval", "Value"), EDGE("payer", "beneficiary")},
    {"Person", EXTENDS("LegalEntity"), CAPTION("name", "lastName", "email", "phone")},
    {"PlainText", EXTENDS("Document"), CAPTION("fileName", "title")},
    {"Position", EXTENDS("Thing"), CAPTION("name"), ENTITIES(R("organization"))},
    {"Post", EXTENDS("Interest"), CAPTION("summary", "organization", "role"),
     ENTITIES(R("holder"))},
    {"Project", EXTENDS("Interval", "Thing", "Value"), CAPTION("name", "projectId")},
    {"ProjectParticipant", EXTENDS("Interest"), EDGE("participant", "project")},
    {"PublicBody", EXTENDS("Organization"), CAPTION("name")},
    {"RealEstate", EXTENDS("Asset"), CAPTION("name", "address", "registrationNumber"),
     ENTITIES(R("parent"))},
    {.name = "Record"},
    {"Representation", EXTENDS("Interest"), EDGE("agent", "client")},
    {"Row", EXTENDS("Record"), ENTITIES(R("table"))},
    {"Sanction", EXTENDS("Interval"), CAPTION("program"), ENTITIES(R("entity"))},
    {"Security", EXTENDS("Asset"), CAPTION("name", "isin", "registrationNumber"),
     ENTITIES(R("issuer"))},
    {"Similar", CAPTION("confidenceScore", "criteria"), ENTITIES(R("candidate"), R("match"))},
    {"Succession", EXTENDS("Interest"), EDGE("predecessor", "successor")},
    {"Table", EXTENDS("Document"), CAPTION("title", "name", "fileName")},
    {"TaxRoll", EXTENDS("Interval"), ENTITIES(R("taxee"))},
    {"Thing", CAPTION("name"), ENTITIES(R("addressEntity"), R("proof"))},
    {"Trip", EXTENDS("Event"), CAPTION("name", "startDate", "endDate"),
     ENTITIES(R("startLocation"), R("endLocation"), R("vehicle"))},
    {"UnknownLink", EXTENDS("Interest"), EDGE("subject", "object")},
    {"UserAccount", EXTENDS("Thing"), CAPTION("username", "email", "service"),
     ENTITIES(R("owner"))},
    {.name = "Value"},
    {"Vehicle", EXTENDS("Asset"), CAPTION("name", "registrationNumber"),
     ENTITIES(R("owner"), R("operator"))},
    {"Vessel", EXTENDS("Vehicle"), CAPTION("name", "imoNumber")},
    {"Video", EXTENDS("Document"), CAPTION("fileName", "title")},
    {"Workbook", EXTENDS("Folder"), CAPTION("fileName", "title")},
};
#define FTM_SCHEMATA (sizeof ftm_model / sizeof *ftm_model)

static int compare_schema(const void *key, const void *schema)
{
    return strcmp(key, ((const ftm_schema *)schema)->name);
}

static const ftm_schema *schema_named(const char *name)
{
    return bsearch(name, ftm_model, FTM_SCHEMATA, sizeof *ftm_model, compare_schema);
}

/* The edge fields of property NAME when SCHEMA (or what it extends) defines it as
 * entity-valued, else NULL. */
static const char *const *entity_property(const ftm_schema *schema, const char *name)
{
    for (size_t i = 0; i < FTM_MAX_ENTITIES && schema->entities[i][1]; i++)
        if (strcmp(schema->entities[i][1], name) == 0)
            return schema->entities[i];
    const char *const *found = NULL;
    for (size_t i = 0; i < 4 && schema->extends[i] && !found; i++) {
        const ftm_schema *parent = schema_named(schema->extends[i]);
        found = parent ? entity_property(parent, name) : NULL;
    }
    return found;
}

/* The caption properties of SCHEMA: its own, else the first that what it extends has. */
static const char *const *caption_of(const ftm_schema *schema)
{
    if (schema->caption[0])
        return schema->caption;
    const char *const *found = NULL;
    for (size_t i = 0; i < 4 && schema->extends[i] && !found; i++) {
        const ftm_schema *parent = schema_named(schema->extends[i]);
        found = parent ? caption_of(parent) : NULL;
    }
    return found;
}

/* Properties read as a scalar when they hold one value: dates, and amounts as numbers. */
static const char *const date_properties[] = {"date", "startDate", "endDate", NULL};
static const char *const number_properties[] = {"amount", "amountUsd", "amountEur",
                                                "percentage", "sharesCount", NULL};

typedef struct ftm_state {
    cpg_idmap noted;     /* unknown schemata already noted (keys in the load's arena) */
    cpg_idmap relations; /* the ids of the entities read as edges -> their line */
} ftm_state;

static ftm_state *state_of(load_ctx *ctx)
{
    ftm_state *state = ctx->reader_data;
    if (!state && (state = ctx->reader_data = calloc(1, sizeof *state))) {
        cpg_idmap_init(&state->noted);
        cpg_idmap_init(&state->relations);
    }
    return state;
}

/* Whether ID, of an entity at AT, was read before: as a thing (a node, which the intake tells
 * for things) or as a relation, which only this table remembers. Fragments of one entity on
 * several lines, as an FtM store exports them, would otherwise be two edges. */
static bool repeated(load_ctx *ctx, const char *id, bool relation, const load_place *at)
{
    ftm_state *state = state_of(ctx);
    if (!state) {
        cpg_load_out_of_memory(ctx);
        return true;
    }
    int64_t line = cpg_idmap_get(&state->relations, id);
    int64_t node = relation ? cpg_idmap_get(&ctx->file_ids, id) : -1;
    if (line < 0 && node < 0) {
        const char *kept = relation ? cpg_arena_strdup(ctx->arena, id) : NULL;
        if (relation && (!kept || !cpg_idmap_put(&state->relations, kept, (int64_t)at->line)))
            cpg_load_out_of_memory(ctx);
        return false;
    }
    cpg_load_error(ctx, at, "id", "duplicate id '%s' (first declared on line %zu); merge FtM "
                   "fragments first: ftm aggregate < in.ftm.json > out.ftm.json", id,
                   line >= 0 ? (size_t)line : ctx->node_places[node].line);
    return true;
}

/* A property's values as an attribute: a list of strings, or one date or number. NULL when out
 * of memory. */
static cJSON *property_value(const cJSON *values)
{
    const cJSON *only = values->child && !values->child->next ? values->child : NULL;
    if (only && cpg_load_key_in(values->string, date_properties))
        return cJSON_CreateString(only->valuestring);
    if (only && cpg_load_key_in(values->string, number_properties)) {
        /* a number as JSON writes it: not "nan", "inf" or "0x1A", which strtod takes */
        cJSON *number = cpg_text_scalar(only->valuestring, strlen(only->valuestring));
        if (!number || cJSON_IsNumber(number))
            return number;
        cJSON_Delete(number);
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

/* The attributes of entity E: its properties (less those in SKIP, NULL-terminated; a property
 * "type" as "ftm_type"), its other members but id, schema and properties, type = the schema,
 * and the evidence. */
static cJSON *entity_attrs(const cJSON *e, const cJSON *props, const char *schema,
                           const char *const *skip)
{
    cJSON *attrs = cJSON_CreateObject();
    bool ok = attrs != NULL;
    for (const cJSON *p = props ? props->child : NULL; ok && p; p = p->next) {
        /* FtM's own "type" (an Identification's "Passport") must not pass for the schema */
        const char *name = strcmp(p->string, "type") == 0 ? "ftm_type" : p->string;
        cJSON *value = cpg_load_key_in(p->string, skip) ? NULL : property_value(p);
        ok = cpg_load_key_in(p->string, skip) ||
             (value && cJSON_AddItemToObject(attrs, name, value));
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
    ok = ok && cJSON_AddStringToObject(attrs, "type", schema) && add_evidence(attrs, props);
    if (!ok)
        cJSON_Delete(attrs);
    return ok ? attrs : NULL;
}

/* The label of a thing: FtM's own caption when the export has one, else the first value of
 * the first caption property of its schema (SCHEMA, NULL for one FtM does not define) that it
 * has, else its first name. */
static bool add_label(cJSON *attrs, const cJSON *e, const cJSON *props, const ftm_schema *schema)
{
    static const char *const by_name[] = {"name", NULL};
    const char *const *captions = schema ? caption_of(schema) : NULL;
    const cJSON *caption = cJSON_GetObjectItemCaseSensitive(e, "caption");
    const char *label = cJSON_IsString(caption) ? caption->valuestring : NULL;
    for (int k = 0; k < 2 && !label; k++)
        for (const char *const *p = k ? by_name : captions; p && *p && !label; p++) {
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
                     const ftm_schema *schema, const load_place *at)
{
    const cJSON *ends[2];
    load_place in = *at;
    in.sub = "properties";
    for (int k = 0; k < 2; k++) {
        ends[k] = cJSON_GetObjectItemCaseSensitive(props, schema->edge[k]);
        if (!ends[k] || !ends[k]->child) {
            cpg_load_error(ctx, &in, schema->edge[k], "a%s %s is an edge, and names its %s in "
                           "'%s'", strchr("AEIOU", schema->name[0]) ? "n" : "",
                           schema->name, k ? "target" : "source", schema->edge[k]);
            return;
        }
    }
    const char *const skip[] = {schema->edge[0], schema->edge[1], NULL};
    cJSON *attrs = entity_attrs(e, props, schema->name, skip);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
    if (!attrs || !cJSON_AddStringToObject(attrs, "ftm_id", id->valuestring))
        cpg_load_out_of_memory(ctx);
    else
        add_edges(ctx, ends[0], false, ends[1], schema->name, attrs, schema->edge, at);
    cJSON_Delete(attrs);
}

/* Warns, once per schema, of an entity of a schema the model does not define (a newer FtM's
 * edge would be read as a node). */
static void note_unknown_schema(load_ctx *ctx, const char *schema, const load_place *at)
{
    ftm_state *state = state_of(ctx);
    if (state && cpg_idmap_get(&state->noted, schema) >= 0)
        return;
    const char *kept = cpg_arena_strdup(ctx->arena, schema);
    if (!state || !kept || !cpg_idmap_put(&state->noted, kept, 1)) {
        cpg_load_out_of_memory(ctx);
        return;
    }
    cpg_diags_add(ctx->diags, CPG_WARNING, ctx->name, at->line, 0, "/schema",
                  "'%s' is not a FollowTheMoney schema: its entities are read as nodes, none of "
                  "whose properties is taken for a relation", schema);
}

/* A thing of SCHEMA (NAME; SCHEMA is NULL when FtM does not define it): a node, and an edge
 * for each entity-valued property. */
static void ftm_node(load_ctx *ctx, const cJSON *e, const cJSON *props, const ftm_schema *schema,
                     const char *name, const load_place *at)
{
    if (!schema)
        note_unknown_schema(ctx, name, at);
    enum { MAX_REFS = 32 };  /* entity-valued properties a schema has, with what it extends */
    const char *refs[MAX_REFS + 1] = {NULL};
    const char *const *fields[MAX_REFS];
    size_t n = 0;
    for (const cJSON *p = props && schema ? props->child : NULL; p && n < MAX_REFS; p = p->next)
        if ((fields[n] = entity_property(schema, p->string)))
            refs[n++] = p->string;
    cJSON *attrs = entity_attrs(e, props, name, refs);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");
    if (!attrs || !add_label(attrs, e, props, schema)) {
        cJSON_Delete(attrs);
        cpg_load_out_of_memory(ctx);
        return;
    }
    size_t errors = ctx->diags->error_count;
    cpg_load_node(ctx, id, attrs, NULL, at);
    cJSON_Delete(attrs);
    for (size_t k = 0; k < n && ctx->diags->error_count == errors; k++)
        add_edges(ctx, id, true, cJSON_GetObjectItemCaseSensitive(props, refs[k]), refs[k], NULL,
                  fields[k], at);
}

bool cpg_ftm_is_entity(const cJSON *object, bool strict)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(object, "properties");
    return cJSON_IsObject(object) &&
           cJSON_IsString(cJSON_GetObjectItemCaseSensitive(object, "schema")) &&
           cpg_json_has(object, "id") && (cJSON_IsObject(props) || (!strict && !props));
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
    const ftm_schema *model = schema_named(schema->valuestring);
    bool relation = model && model->edge[0];
    if (repeated(ctx, id->valuestring, relation, at))
        return;
    if (relation)
        ftm_edge(ctx, e, props, model, at);
    else
        ftm_node(ctx, e, props, model, schema->valuestring, at);
}

void cpg_ftm_finish(load_ctx *ctx)
{
    ftm_state *state = ctx->reader_data;
    if (state) {
        cpg_idmap_free(&state->noted);
        cpg_idmap_free(&state->relations);
    }
    free(state);
    ctx->reader_data = NULL;
}
