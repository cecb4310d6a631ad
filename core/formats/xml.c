/* xml.c: reading an XML document for the GraphML and GEXF readers (see xml.h). */
#include "xml.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"

/* libxml2 reports a failed encoding conversion through its generic handler, which prints on
 * stderr whatever the parser's options say; the first line it says is kept instead, as the
 * cause of the parse error that follows. */
typedef struct generic_message {
    char text[256];
    size_t len;
    bool ended;  /* by a line break */
} generic_message;

static void keep_generic_message(void *data, const char *fmt, ...)
{
    generic_message *m = data;
    if (m->ended || m->len + 1 >= sizeof m->text)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text + m->len, sizeof m->text - m->len, fmt, ap);
    va_end(ap);
    m->len += strlen(m->text + m->len);
    char *end = strchr(m->text, '\n');
    if (end) {
        *end = '\0';
        m->len = (size_t)(end - m->text);
        m->ended = true;
    }
}

static void report_xml_error(load_ctx *ctx, xmlParserCtxtPtr parser, const generic_message *m)
{
    const xmlError *e = xmlCtxtGetLastError(parser);
    char message[300];
    bool encoding = strstr(m->text, "conver") || strstr(m->text, "ncoding");
    if (m->len)  /* the generic message, the cause; named an encoding error when it is one */
        snprintf(message, sizeof message, "%s%s", encoding ? "encoding error: " : "", m->text);
    else
        snprintf(message, sizeof message, "%s", e && e->message ? e->message : "not XML");
    message[strcspn(message, "\n")] = '\0';
    cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, e ? (size_t)e->line : 0,
                  e && e->int2 > 0 ? (size_t)e->int2 : 0, NULL, "%s", message);
}

xmlDocPtr cpg_xml_read(load_ctx *ctx, const char *buf, size_t len, const char *format)
{
    if (len > INT_MAX) {
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL, "%s over 2 GB", format);
        return NULL;
    }
    xmlParserCtxtPtr parser = xmlNewParserCtxt();
    if (!parser) {
        cpg_load_out_of_memory(ctx);
        return NULL;
    }
    /* no network, no entity substitution, no messages of libxml2's own on stderr, line numbers
     * past 65535 */
    generic_message said = {0};
    xmlGenericErrorFunc was = xmlGenericError;
    void *was_data = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(&said, keep_generic_message);
    xmlDocPtr doc = xmlCtxtReadMemory(parser, buf, (int)len, ctx->name, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                          XML_PARSE_BIG_LINES);
    xmlSetGenericErrorFunc(was_data, was);
    if (!doc)
        report_xml_error(ctx, parser, &said);
    xmlFreeParserCtxt(parser);
    if (doc && doc->intSubset) {  /* entities could expand without bound; neither needs a DTD */
        cpg_diags_add(ctx->diags, CPG_ERROR, ctx->name, 0, 0, NULL,
                      "a document type declaration (<!DOCTYPE>) is not accepted in %s", format);
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

cJSON *cpg_xml_string_item(const xmlNode *node, const char *name)
{
    char *text = cpg_xml_attr(node, name);
    cJSON *item = text ? cJSON_CreateString(text) : NULL;
    xmlFree(text);
    return item;
}

const char *cpg_xml_lasting(load_ctx *ctx, char *xml_text)
{
    if (!xml_text)
        return NULL;
    char *copy = cpg_arena_strdup(ctx->arena, xml_text);
    xmlFree(xml_text);
    return copy;
}

const char *cpg_xml_trimmed(char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t n = strlen(text);
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\n' ||
                 text[n - 1] == '\r'))
        text[--n] = '\0';
    return text;
}

/* Numbers that are not finite (GraphML allows NaN and INF) become null: JSON has no such
 * numbers. */
cJSON *cpg_xml_value(char *text, cpg_xml_type type, const char **problem)
{
    const char *t = type == CPG_XML_STRING ? text : cpg_xml_trimmed(text);
    char *end;
    errno = 0;
    switch (type) {
    case CPG_XML_BOOLEAN:
        if (strcasecmp(t, "true") == 0 || strcmp(t, "1") == 0)
            return cJSON_CreateTrue();
        if (strcasecmp(t, "false") == 0 || strcmp(t, "0") == 0)
            return cJSON_CreateFalse();
        *problem = "not a boolean";
        return NULL;
    case CPG_XML_INTEGER: {
        long long v = strtoll(t, &end, 10);
        if (*t && !*end && errno == 0)
            return cpg_json_integer(v);
        *problem = "not an integer";
        return NULL;
    }
    case CPG_XML_REAL: {
        double v = strtod(t, &end);
        if (*t && !*end)
            return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
        *problem = "not a number";
        return NULL;
    }
    case CPG_XML_JSON: {
        cJSON *v = cpg_json_parse(t, strlen(t), NULL);
        if (!v)
            *problem = "not JSON";
        return v;
    }
    case CPG_XML_STRING:
        break;
    }
    return cJSON_CreateString(t);
}
