/* sniff.c: the formats cpecgraph recognises but does not read, so that such a file gets an error
 * that names what it looks like instead of the JSON parser's "invalid literal", or, worse, loads
 * as a plausible graph of nodes without edges: text formats told from a file's first bytes (one
 * line each in the table below; tables by name too), and JSON shaped as another tool's objects. */
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "readers.h"

/* Sniffers look no further than this into a file: a header, a few lines. */
#define SNIFF_WINDOW 4096

typedef struct sniff_text {
    const char *s;
    size_t len;
} sniff_text;

/* ---- scanning ----------------------------------------------------------------------------- */

static bool at_end(const sniff_text *t, size_t i)
{
    return i >= t->len;
}

static size_t skip_spaces(const sniff_text *t, size_t i)
{
    while (!at_end(t, i) && isspace((unsigned char)t->s[i]))
        i++;
    return i;
}

static size_t skip_line(const sniff_text *t, size_t i)
{
    while (!at_end(t, i) && t->s[i] != '\n')
        i++;
    return i;
}

/* Past white space and the comments of LINE_COMMENT (a character that starts a comment running
 * to the end of its line, or 0) and, when C_COMMENTS, of // and slash-star. */
static size_t skip_comments(const sniff_text *t, size_t i, char line_comment, bool c_comments)
{
    for (;;) {
        i = skip_spaces(t, i);
        if (at_end(t, i))
            return i;
        if (line_comment && t->s[i] == line_comment) {
            i = skip_line(t, i);
        } else if (c_comments && i + 1 < t->len && t->s[i] == '/' && t->s[i + 1] == '/') {
            i = skip_line(t, i);
        } else if (c_comments && i + 1 < t->len && t->s[i] == '/' && t->s[i + 1] == '*') {
            i += 2;
            while (i + 1 < t->len && !(t->s[i] == '*' && t->s[i + 1] == '/'))
                i++;
            if (i + 1 >= t->len)
                return t->len;  /* not closed in the window */
            i += 2;
        } else {
            return i;
        }
    }
}

/* Whether the word WORD (any case) is at I, not followed by a letter, digit or '_'. */
static bool word_at(const sniff_text *t, size_t i, const char *word)
{
    size_t n = strlen(word);
    if (i > t->len || t->len - i < n || strncasecmp(t->s + i, word, n) != 0)
        return false;
    return at_end(t, i + n) || !(isalnum((unsigned char)t->s[i + n]) || t->s[i + n] == '_');
}

/* ---- the formats -------------------------------------------------------------------------- */

/* Graphviz: [strict] (graph | digraph) [ID] '{', after comments and '#' lines. */
static bool looks_like_dot(const sniff_text *t)
{
    size_t i = skip_comments(t, 0, '#', true);
    if (word_at(t, i, "strict"))
        i = skip_comments(t, i + 6, '#', true);
    if (word_at(t, i, "graph"))
        i += 5;
    else if (word_at(t, i, "digraph"))
        i += 7;
    else
        return false;
    i = skip_comments(t, i, '#', true);
    while (!at_end(t, i) && t->s[i] != '{' && t->s[i] != '\n' && t->s[i] != '[')
        i++;  /* the graph's name, quoted or not */
    return !at_end(t, i) && t->s[i] == '{';
}

/* GML: key-value pairs, the graph a record "graph [" (after keys such as Creator or Version). */
static bool looks_like_gml(const sniff_text *t)
{
    size_t i = skip_comments(t, 0, '#', false);
    for (int keys = 0; keys < 8 && !at_end(t, i); keys++) {
        if (word_at(t, i, "graph")) {
            i = skip_spaces(t, i + 5);
            return !at_end(t, i) && t->s[i] == '[';
        }
        if (!isalpha((unsigned char)t->s[i]))
            return false;
        while (!at_end(t, i) && (isalnum((unsigned char)t->s[i]) || t->s[i] == '_'))
            i++;  /* a key; its value follows */
        i = skip_spaces(t, i);
        if (!at_end(t, i) && t->s[i] == '"') {
            const char *close = memchr(t->s + i + 1, '"', t->len - i - 1);
            if (!close)
                return false;
            i = (size_t)(close + 1 - t->s);
        } else {
            while (!at_end(t, i) && !isspace((unsigned char)t->s[i]))
                i++;
        }
        i = skip_comments(t, i, '#', false);
    }
    return false;
}

/* Pajek: a section line such as *Vertices 34 or *Network name first, after '%' comments. */
static bool looks_like_pajek(const sniff_text *t)
{
    static const char *const sections[] = {"vertices", "network", "arcs", "edges", "arcslist",
                                           "edgeslist", "matrix", NULL};
    size_t i = skip_comments(t, 0, '%', false);
    if (at_end(t, i) || t->s[i] != '*')
        return false;
    for (const char *const *s = sections; *s; s++)
        if (word_at(t, i + 1, *s))
            return true;
    return false;
}

/* Gephi's GDF: "nodedef>" begins the node table. */
static bool looks_like_gdf(const sniff_text *t)
{
    size_t i = skip_spaces(t, 0);
    return t->len - i >= 8 && strncasecmp(t->s + i, "nodedef>", 8) == 0;
}

/* The cells of the first line, split at SEP, one of them naming an edge's start as the
 * importers of Gephi ("Source"), Cytoscape and NetworkX ("source") and Neo4j (":START_ID") do. */
static bool header_names_a_source(const sniff_text *t, char sep)
{
    size_t end = skip_line(t, 0), i = 0;
    bool separated = false;
    while (i < end) {
        size_t cell = i;
        while (i < end && t->s[i] != sep)
            i++;
        size_t stop = i;
        while (cell < stop && (isspace((unsigned char)t->s[cell]) || t->s[cell] == '"'))
            cell++;
        while (stop > cell && (isspace((unsigned char)t->s[stop - 1]) || t->s[stop - 1] == '"'))
            stop--;
        size_t n = stop - cell;
        if ((n == 6 && strncasecmp(t->s + cell, "source", 6) == 0) ||
            (n == 9 && strncmp(t->s + cell, ":START_ID", 9) == 0))
            return separated || i < end;
        separated |= i < end;
        i++;
    }
    return false;
}

static bool looks_like_csv(const sniff_text *t)
{
    return header_names_a_source(t, ',') || header_names_a_source(t, ';');
}

static bool looks_like_tsv(const sniff_text *t)
{
    return header_names_a_source(t, '\t');
}

/* A file no content test tells apart, known by its name alone. */
static bool by_name_only(const sniff_text *t)
{
    (void)t;
    return false;
}

typedef struct unread_format {
    const char *title;                   /* what the file looks like, in the message */
    const char *const suffixes[4];       /* names that tell it when the content does not */
    bool (*looks_like)(const sniff_text *t);
    const char *advice;                  /* how to get a file cpecgraph reads */
} unread_format;

#define VIA_NETWORKX(reader) \
    "convert it to GraphML, e.g. with NetworkX: nx.write_graphml(nx." reader "(path), 'g.graphml')"

static const unread_format unread_formats[] = {
    {"a Graphviz DOT file", {".dot", ".gv"}, looks_like_dot,
     "convert it to GraphML, e.g. with NetworkX and pygraphviz: "
     "nx.write_graphml(nx.nx_agraph.read_dot(path), 'g.graphml')"},
    {"a GML file", {".gml"}, looks_like_gml, VIA_NETWORKX("read_gml")},
    {"a Pajek .net file", {".net", ".paj"}, looks_like_pajek, VIA_NETWORKX("read_pajek")},
    {"a Gephi GDF file", {".gdf"}, looks_like_gdf,
     "export it from Gephi as GraphML (File > Export > Graph file)"},
    {"a CSV edge table", {".csv"}, looks_like_csv,
     "write it as JSON Lines, a line per node and per edge: {\"source\": ..., \"target\": ...}"},
    {"a TSV edge table", {".tsv", ".tab"}, looks_like_tsv,
     "write it as JSON Lines, a line per node and per edge: {\"source\": ..., \"target\": ...}"},
    {"a whitespace-separated edge list", {".edgelist", ".edges"}, by_name_only,
     VIA_NETWORKX("read_edgelist")},
};

static bool named(const char *name, const char *const suffixes[4])
{
    size_t n = strlen(name);
    for (int k = 0; k < 4 && suffixes[k]; k++) {
        size_t s = strlen(suffixes[k]);
        if (n > s && strcasecmp(name + n - s, suffixes[k]) == 0)
            return true;
    }
    return false;
}

bool cpg_sniff_unread(const char *name, const char *buf, size_t len, const char **title,
                      const char **advice)
{
    sniff_text t = {buf, len < SNIFF_WINDOW ? len : SNIFF_WINDOW};
    if (t.len >= 3 && memcmp(t.s, "\xEF\xBB\xBF", 3) == 0) {
        t.s += 3;
        t.len -= 3;
    }
    size_t first = skip_spaces(&t, 0);
    bool json_or_xml = !at_end(&t, first) && strchr("{[<", t.s[first]);
    const unread_format *found = NULL;
    size_t n = sizeof unread_formats / sizeof *unread_formats;
    for (size_t k = 0; k < n && !found && !json_or_xml; k++)
        if (unread_formats[k].looks_like(&t))
            found = &unread_formats[k];
    for (size_t k = 0; k < n && !found && !json_or_xml; k++)
        if (named(name, unread_formats[k].suffixes))
            found = &unread_formats[k];
    if (!found)
        return false;
    *title = found->title;
    *advice = found->advice;
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
    "its relations (Ownership, Membership, ...) are entities of their own: to read them, write "
    "each as an edge, {\"source\": ..., \"target\": ...}";
static const char graphson_advice[] =
    "its edges are nested in their vertices ('outE', 'inE'); export GraphML from TinkerPop "
    "(graph.io(IoCore.graphml()).writeGraph('g.graphml'))";
static const char stix_advice[] =
    "its relations are objects of their own: to read them, write each 'relationship' as an "
    "edge, {\"source\": source_ref, \"target\": target_ref}";

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

const char *cpg_sniff_unread_document(const cJSON *root, const char **advice)
{
    if (cJSON_IsArray(root))
        return cpg_sniff_unread_object(root->child, advice);
    if (!cJSON_IsObject(root) || cpg_json_has(root, "nodes"))
        return NULL;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(root, "type");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "bundle") == 0 &&
        cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "objects"))) {
        *advice = stix_advice;
        return "a STIX 2.1 bundle";
    }
    if (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "vertices"))) {
        *advice = graphson_advice;
        return "TinkerPop GraphSON";
    }
    return cpg_sniff_unread_object(root, advice);
}
