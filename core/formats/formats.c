/* formats.c: every input format, one line each, in the order of cpg_format (loader.h): adding
 * a format is a file that defines its cpg_reader (readers.h) and a line here. When the format
 * is not given, the first reader whose sniffer knows the content reads the file; then the
 * first whose suffixes match its name; else it is read as JSON. */
#include "cpecgraph/loader.h"
#include <string.h>

#include "readers.h"

/* A file told from its content takes the options of the JSON document it may be (STIX's);
 * document.c refuses them for the others. */
const cpg_reader cpg_reader_auto = {.name = "auto", .settings = cpg_stix_settings};

const cpg_reader *const cpg_readers[] = {
    [CPG_FORMAT_AUTO] = &cpg_reader_auto,
    [CPG_FORMAT_NODE_LINK] = &cpg_reader_node_link,
    [CPG_FORMAT_JSONL] = &cpg_reader_jsonl,
    [CPG_FORMAT_FTM] = &cpg_reader_ftm,
    [CPG_FORMAT_JGF] = &cpg_reader_jgf,
    [CPG_FORMAT_CYTOSCAPE] = &cpg_reader_cytoscape,
    [CPG_FORMAT_STIX] = &cpg_reader_stix,
    [CPG_FORMAT_GRAPHML] = &cpg_reader_graphml,
    [CPG_FORMAT_GEXF] = &cpg_reader_gexf,
    [CPG_FORMAT_GML] = &cpg_reader_gml,
    [CPG_FORMAT_PAJEK] = &cpg_reader_pajek,
    [CPG_FORMAT_GDELT] = &cpg_reader_gdelt,
    [CPG_FORMAT_CSV] = &cpg_reader_csv,
    [CPG_FORMAT_EDGELIST] = &cpg_reader_edgelist,
    [CPG_FORMAT_DOT] = &cpg_reader_dot,
    NULL,
};

const size_t cpg_reader_count = sizeof cpg_readers / sizeof *cpg_readers - 1;

const char *cpg_format_name(cpg_format format)
{
    return (size_t)format < cpg_reader_count ? cpg_readers[format]->name : NULL;
}

bool cpg_format_from_name(const char *name, cpg_format *format)
{
    for (size_t i = 0; i < cpg_reader_count; i++)
        if (strcmp(name, cpg_readers[i]->name) == 0) {
            *format = (cpg_format)i;
            return true;
        }
    return false;
}
