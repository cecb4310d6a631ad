/* sniff.c: the formats cpecgraph recognises but does not read, so that such a file gets an error
 * that names what it looks like instead of the JSON parser's "invalid literal", or, worse, loads
 * as a plausible graph of nodes without edges: text formats told from a file's first bytes or
 * its name (one line each in the table below), and JSON shaped as another tool's objects. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "readers.h"
#include "text.h"

/* Sniffers look no further than this into a file: a header, a few lines. */
#define SNIFF_WINDOW 4096

/* Gephi's GDF: "nodedef>" begins the node table. */
static bool looks_like_gdf(cpg_text *t)
{
    cpg_text_skip_spaces(t, false);
    return t->len - t->i >= 8 && strncasecmp(t->s + t->i, "nodedef>", 8) == 0;
}

/* A whitespace-separated edge list (igraph's, SNAP's, NetworkX's): two lines or more, after
 * '#' comments, each of two fields or more, the first of which is a bare id. Read when asked
 * (--format edgelist) or named .edgelist: the content alone could be prose. */
static bool bare_id(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (strchr("\"{[,=", s[i]))
            return false;
    return true;
}

static bool looks_like_edge_list(cpg_text *t)
{
    int lines = 0;
    for (cpg_text_skip_comments(t, '#', false); !cpg_text_end(t) && lines < 8;
         cpg_text_skip_comments(t, '#', false)) {
        size_t fields = 0, first = t->i, first_len = 0;
        while (!cpg_text_end(t) && cpg_text_peek(t) != '\n') {
            while (!cpg_text_end(t) && cpg_text_peek(t) != '\n' &&
                   isspace((unsigned char)cpg_text_peek(t)))
                t->i++;
            size_t start = t->i;
            while (!cpg_text_end(t) && !isspace((unsigned char)cpg_text_peek(t)))
                t->i++;
            if (t->i > start && fields++ == 0) {
                first = start;
                first_len = t->i - start;
            }
        }
        if (fields < 2 || !bare_id(t->s + first, first_len))
            return false;
        lines++;
    }
    return lines >= 2;
}

typedef struct unread_format {
    const char *title;                   /* what the file looks like, in the message */
    const char *const suffixes[4];       /* names that tell it when the content does not */
    bool (*looks_like)(cpg_text *t);
    const char *advice;                  /* how to get a file cpecgraph reads */
    bool read_when_told;                 /* read when its format is given */
} unread_format;

static const unread_format unread_formats[] = {
    {"a Gephi GDF file", {".gdf"}, looks_like_gdf,
     "export it from Gephi as GEXF or GraphML (File > Export > Graph file)", false},
    {"an edge list", {".txt", ".ncol"}, looks_like_edge_list,
     "to read it as one, give --format edgelist (and -O columns=NAME,... for the values after "
     "the ends)", true},
};

bool cpg_sniff_unread(const char *name, const char *buf, size_t len, const char **title,
                      const char **advice, bool *read_when_told)
{
    cpg_text t = cpg_text_window(buf, len, SNIFF_WINDOW);
    cpg_text_skip_spaces(&t, false);
    if (!cpg_text_end(&t) && strchr("{[<", cpg_text_peek(&t)))
        return false;
    const unread_format *found = NULL;
    size_t n = sizeof unread_formats / sizeof *unread_formats;
    for (size_t k = 0; k < n && !found; k++) {
        cpg_text window = t;
        if (unread_formats[k].looks_like(&window))
            found = &unread_formats[k];
    }
    for (size_t k = 0; k < n && !found; k++)
        if (!unread_formats[k].read_when_told && cpg_text_named(name, unread_formats[k].suffixes))
            found = &unread_formats[k];
    if (!found)
        return false;
    *title = found->title;
    *advice = found->advice;
    *read_when_told = found->read_when_told;
    return true;
}

/* ---- JSON that is not a graph of nodes and edges ------------------------------------------ */

static bool has_string(const cJSON *object, const char *key)
{
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(object, key));
}

static bool has_object(const cJSON *object, const char *key)
{
    return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(object, key));
}

/* A STIX 2.1 object names its type in its id: "indicator--44af6c39-...". */
static bool stix_object(const cJSON *o)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (!cJSON_IsString(type) || !cJSON_IsString(id))
        return false;
    size_t n = strlen(type->valuestring);
    return n && strncmp(id->valuestring, type->valuestring, n) == 0 &&
           strncmp(id->valuestring + n, "--", 2) == 0;
}

static const char ftm_advice[] =
    "write them one a line (JSON Lines, as Aleph and OpenSanctions export them), which "
    "cpecgraph reads";
static const char graphson_advice[] =
    "its edges are nested in their vertices ('outE', 'inE'); export GraphML from TinkerPop "
    "(graph.io(IoCore.graphml()).writeGraph('g.graphml'))";
static const char stix_advice[] =
    "to read them, put them in a bundle, {\"type\": \"bundle\", \"objects\": [...]}";

const char *cpg_sniff_unread_object(const cJSON *o, const char **advice)
{
    if (!cJSON_IsObject(o))
        return NULL;
    if (has_string(o, "schema") && has_object(o, "properties") && cpg_json_has(o, "id")) {
        *advice = ftm_advice;
        return "FollowTheMoney entities (Aleph, OpenSanctions)";
    }
    if (has_object(o, "outE") || has_object(o, "inE") ||
        (has_string(o, "@type") && strncmp(cJSON_GetObjectItemCaseSensitive(o, "@type")
                                               ->valuestring, "g:", 2) == 0)) {
        *advice = graphson_advice;
        return "TinkerPop GraphSON";
    }
    if (stix_object(o)) {
        *advice = stix_advice;
        return "STIX 2.1 objects";
    }
    return NULL;
}

bool cpg_sniff_stix(const cJSON *root)
{
    if (cJSON_IsArray(root))
        return stix_object(root->child);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    return cJSON_IsObject(root) && cJSON_IsString(type) &&
           strcmp(type->valuestring, "bundle") == 0 && cpg_json_has(root, "objects");
}

const char *cpg_sniff_unread_document(const cJSON *root, const char **advice)
{
    if (cJSON_IsArray(root))
        return cpg_sniff_unread_object(root->child, advice);
    if (!cJSON_IsObject(root) || cpg_json_has(root, "nodes"))
        return NULL;
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "vertices"))) {
        *advice = graphson_advice;
        return "TinkerPop GraphSON";
    }
    return cpg_sniff_unread_object(root, advice);
}
