/* xml.h: what the XML readers (GraphML, GEXF) share: a document read with libxml2 safely (no
 * network, no DTD, line numbers kept), its elements and attributes, and their places. */
#ifndef CPECGRAPH_FORMATS_XML_H
#define CPECGRAPH_FORMATS_XML_H

#include <stdbool.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "cpecgraph/json.h"
#include "intake.h"

/* BUF as an XML document of FORMAT ("GraphML"); NULL after reporting why it is not one (or
 * not one that is read: a DTD could expand entities without bound). Free with xmlFreeDoc. */
xmlDocPtr cpg_xml_read(load_ctx *ctx, const char *buf, size_t len, const char *format);

static inline bool cpg_xml_named(const xmlNode *node, const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp((const char *)node->name, name) == 0;
}

/* An XML attribute's value, or NULL; the caller frees it with xmlFree. */
static inline char *cpg_xml_attr(const xmlNode *node, const char *name)
{
    return (char *)xmlGetProp(node, (const xmlChar *)name);
}

static inline load_place cpg_xml_place(const xmlNode *node)
{
    long line = xmlGetLineNo(node);  /* -1 when libxml2 does not know */
    return (load_place){.line = line > 0 ? (size_t)line : 0, .xml = true};
}

/* XML attribute NAME of NODE as a JSON string (an id, an edge's end), or NULL when absent. */
cJSON *cpg_xml_string_item(const xmlNode *node, const char *name);

/* A copy of XML_TEXT (freed) in the load's arena, so that nothing needs freeing on errors. */
const char *cpg_xml_lasting(load_ctx *ctx, char *xml_text);

/* TEXT without the white space around it (in place). */
const char *cpg_xml_trimmed(char *text);

typedef enum cpg_xml_type {
    CPG_XML_BOOLEAN, CPG_XML_INTEGER, CPG_XML_REAL, CPG_XML_STRING, CPG_XML_JSON
} cpg_xml_type;

/* TEXT (trimmed in place unless a string) as a value of TYPE; NULL with *PROBLEM set ("not an
 * integer") when it is not one. Numbers that are not finite (NaN, INF) become null. */
cJSON *cpg_xml_value(char *text, cpg_xml_type type, const char **problem);

#endif
