/* test_loader.c: the node-link loader: good files, merges, and one case per error class. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attrs_text.h"
#include "cpecgraph/json.h"
#include "cpecgraph/loader.h"

typedef struct fixture {
    cpg_graph *graph;
    cpg_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    cpg_diags_init(&f->diags, CPG_DIAGS_DEFAULT_CAP);
    cpg_igraph_setup(1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    cpg_graph_free(f->graph);
    cpg_diags_clear(&f->diags);
    free(f);
    return 0;
}

static cpg_status load_text(fixture *f, const char *text)
{
    return cpg_load_buffer(&f->graph, "g.json", text, strlen(text), CPG_FORMAT_AUTO, NULL, &f->diags, NULL);
}

static char *data_path(const char *name)
{
    static char path[4096];
    const char *dir = getenv("CPG_TEST_DATA");
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
    return path;
}

/* The only diagnostic, checked for its pointer and message. */
static void assert_one_error(const fixture *f, const char *pointer, const char *message)
{
    assert_int_equal(f->diags.count, 1);
    assert_int_equal(f->diags.items[0].severity, CPG_ERROR);
    assert_string_equal(f->diags.items[0].file, "g.json");
    if (pointer)
        assert_string_equal(f->diags.items[0].pointer, pointer);
    assert_string_equal(f->diags.items[0].message, message);
}

/* Asserts that element I of D has the attributes TEXT (compact JSON, in column order). */
static void assert_attrs(const cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *text)
{
    char *got = attrs_text(g, d, i);
    assert_string_equal(got, text);
    free(got);
}

/* ---- good input ------------------------------------------------------------------------- */

static void loader_should_load_a_networkx_node_link_file(void **state)
{
    fixture *f = *state;
    assert_int_equal(cpg_load_file(&f->graph, data_path("karate.json"), CPG_FORMAT_AUTO, NULL, &f->diags, NULL), CPG_OK);
    assert_int_equal(cpg_graph_node_count(f->graph), 34);
    assert_int_equal(cpg_graph_edge_count(f->graph), 78);
    assert_false(cpg_graph_directed(f->graph));
    igraph_integer_t v = cpg_graph_find(f->graph, "33");
    assert_int_equal(v, 33);
    assert_string_equal(attr_string(f->graph, CPG_NODES, v, "club"), "Officer");
    cpg_value w = cpg_graph_get(f->graph, CPG_EDGES, 0, "weight");
    assert_int_equal(w.type, CPG_VINT);
    assert_int_equal(w.u.i, 4);
    assert_null(cpg_graph_column(f->graph, CPG_EDGES, "source"));
}

static void loader_should_treat_a_missing_directed_as_undirected(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\"}]}"), CPG_OK);
    assert_false(cpg_graph_directed(f->graph));
    assert_int_equal(cpg_graph_edge_count(f->graph), 0);
}

static void loader_should_keep_integer_ids_as_their_decimal_text(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":12345678901234567890},"
                                  "{\"id\":-7}],\"edges\":[{\"source\":-7,"
                                  "\"target\":12345678901234567890}]}"), CPG_OK);
    assert_string_equal(cpg_graph_node_id(f->graph, 0), "12345678901234567890");
    assert_int_equal(cpg_graph_find(f->graph, "-7"), 1);
    assert_int_equal(cpg_graph_edge_from(f->graph, 0), 1);
    assert_int_equal(cpg_graph_edge_to(f->graph, 0), 0);
}

static void loader_should_keep_nested_attributes_whole(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"graph\":{\"name\":\"G\",\"meta\":{\"v\":[1,2]}},"
        "\"nodes\":[{\"id\":\"a\",\"aliases\":[\"A\",\"Ay\"],\"info\":{\"x\":null,\"ok\":true,"
        "\"n\":[1.5,{\"deep\":[]}]}}]}"), CPG_OK);
    assert_attrs(f->graph, CPG_NODES, 0, "{\"aliases\":[\"A\",\"Ay\"],\"info\":{\"x\":null,"
                                         "\"ok\":true,\"n\":[1.5,{\"deep\":[]}]}}");
    assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, 0, "aliases").type, CPG_VJSON);
    char *text = cJSON_PrintUnformatted(cpg_graph_attrs(f->graph));
    assert_string_equal(text, "{\"name\":\"G\",\"meta\":{\"v\":[1,2]}}");
    free(text);
}

/* Each value keeps its JSON type in its column, whatever the blanks and escapes around it; the
 * id and ends are no attributes however their keys are spelt. */
static void loader_should_keep_each_value_with_its_type(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{ \"nodes\" : [\n  { \"\\u0069d\" : \"a\" ,\n"
        "    \"say\" : \"two  spaces, a \\\" and a }\" , \"n\" : [ 1 , { \"k\" : \"]\" } ] ,\n"
        "    \"x y\":-0.0e1, \"big\": 123456789012345678901 } , {\"id\":\"b\"} ],\r\n"
        " \"edges\":[ {\"w\" : 2 ,\"source\" :\"a\", \"t\\u0061rget\":\"b\" , \"e\":null} ] }"),
        CPG_OK);
    assert_attrs(f->graph, CPG_NODES, 0, "{\"say\":\"two  spaces, a \\\" and a }\","
                                         "\"n\":[1,{\"k\":\"]\"}],\"x y\":-0.0,"
                                         "\"big\":1.2345678901234568e+20}");
    assert_attrs(f->graph, CPG_NODES, 1, "{}");
    assert_attrs(f->graph, CPG_EDGES, 0, "{\"w\":2,\"e\":null}");
    assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, 0, "x y").type, CPG_VFLOAT);
    assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, 0, "big").type, CPG_VFLOAT);
    assert_int_equal(cpg_graph_get(f->graph, CPG_EDGES, 0, "w").type, CPG_VINT);
    assert_int_equal(cpg_graph_get(f->graph, CPG_EDGES, 0, "e").type, CPG_VNULL);
    assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, 1, "n").type, CPG_VNONE);
    assert_int_equal(cpg_column_type(cpg_graph_column(f->graph, CPG_NODES, "n")), CPG_CJSON);
}

static void loader_should_keep_multi_edges_and_self_loops(void **state)
{
    fixture *f = *state;
    assert_int_equal(cpg_load_file(&f->graph, data_path("multi.json"), CPG_FORMAT_AUTO, NULL, &f->diags, NULL), CPG_OK);
    assert_true(cpg_graph_directed(f->graph));
    assert_true(cpg_graph_multigraph(f->graph));
    assert_int_equal(cpg_graph_edge_count(f->graph), 3);
    assert_string_equal(attr_string(f->graph, CPG_EDGES, 1, "kind"), "y");
    assert_int_equal(cpg_graph_edge_from(f->graph, 2), cpg_graph_edge_to(f->graph, 2));
}

static void loader_should_merge_files_with_later_attributes_winning(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"graph\":{\"name\":\"one\"},\"nodes\":[{\"id\":\"a\","
        "\"label\":\"A\",\"type\":\"x\"},{\"id\":\"b\"}],\"edges\":[{\"source\":\"a\","
        "\"target\":\"b\"}]}"), CPG_OK);
    const char *second = "{\"graph\":{\"name\":\"two\"},"
        "\"nodes\":[{\"id\":\"a\",\"label\":\"Alpha\"},{\"id\":\"c\"}],"
        "\"links\":[{\"source\":\"b\",\"target\":\"c\"}]}";
    cpg_load_stats stats = {0};
    assert_int_equal(cpg_load_buffer(&f->graph, "g.json", second, strlen(second), CPG_FORMAT_AUTO, NULL, &f->diags,
                                     &stats), CPG_OK);
    assert_int_equal(cpg_graph_node_count(f->graph), 3);
    assert_int_equal(cpg_graph_edge_count(f->graph), 2);
    assert_int_equal(stats.nodes, 2);
    assert_int_equal(stats.new_nodes, 1);
    igraph_integer_t a = cpg_graph_find(f->graph, "a");
    assert_string_equal(attr_string(f->graph, CPG_NODES, a, "label"), "Alpha");
    assert_string_equal(attr_string(f->graph, CPG_NODES, a, "type"), "x");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cpg_graph_attrs(f->graph), "name")
                            ->valuestring, "two");
    /* two overwrites, each a note naming what it replaced */
    assert_int_equal(f->diags.count, 2);
    assert_int_equal(f->diags.error_count, 0);
    assert_int_equal(f->diags.items[1].severity, CPG_NOTICE);
    assert_string_equal(f->diags.items[1].pointer, "/nodes/0");
    assert_string_equal(f->diags.items[1].message,
                        "node 'a': 'label' is \"Alpha\" here but \"A\" in g.json; the later value "
                        "replaces it (--on-conflict last)");
    /* each file is a source of what it declares: a in both, b only in the first */
    size_t sources[4];
    assert_int_equal(cpg_graph_source_count(f->graph), 1);  /* both were called g.json */
    assert_int_equal(cpg_graph_sources_of(f->graph, CPG_NODES, a, sources, 4), 1);
    assert_int_equal(cpg_graph_sources_of(f->graph, CPG_EDGES, 1, sources, 4), 1);
}

static cpg_status load_named(fixture *f, const char *name, const char *text)
{
    return cpg_load_buffer(&f->graph, name, text, strlen(text), CPG_FORMAT_AUTO, NULL, &f->diags,
                           NULL);
}

/* The JSON text of string or JSON attribute NAME of node ID. */
static const char *node_text(const fixture *f, const char *id, const char *name)
{
    cpg_value v = cpg_graph_get(f->graph, CPG_NODES, cpg_graph_find(f->graph, id), name);
    return v.type == CPG_VSTRING || v.type == CPG_VJSON ? cpg_graph_string(f->graph, v.u.sid, NULL)
                                                        : "(none)";
}

#define FIRST_FILE "{\"graph\":{\"name\":\"one\"},\"nodes\":[{\"id\":\"us\",\"label\":\"US\"," \
                   "\"aliases\":[\"U.S.\"]},{\"id\":\"cn\"}],\"edges\":[{\"source\":\"us\"," \
                   "\"target\":\"cn\"}]}"
#define SECOND_FILE "{\"graph\":{\"name\":\"two\",\"year\":2024},\"nodes\":[{\"id\":\"us\"," \
                    "\"label\":\"USA\",\"aliases\":\"America\"},{\"id\":\"pk\"}],\"edges\":" \
                    "[{\"source\":\"pk\",\"target\":\"cn\"}]}"

static void loader_should_settle_conflicts_by_the_merge_rule(void **state)
{
    fixture *f = *state;
    cpg_load_merge_rules(CPG_CONFLICT_LIST, NULL);
    assert_int_equal(load_named(f, "a.json", FIRST_FILE), CPG_OK);
    assert_int_equal(load_named(f, "b.json", SECOND_FILE), CPG_OK);
    assert_string_equal(node_text(f, "us", "label"), "[\"US\",\"USA\"]");
    assert_string_equal(node_text(f, "us", "aliases"), "[\"U.S.\",\"America\"]");
    char *attrs = cJSON_PrintUnformatted(cpg_graph_attrs(f->graph));
    assert_string_equal(attrs, "{\"name\":[\"one\",\"two\"],\"year\":2024}");
    free(attrs);
    /* sources: us in both files, cn in the first, pk and its edge in the second */
    size_t got[4];
    assert_int_equal(cpg_graph_source_count(f->graph), 2);
    assert_string_equal(cpg_graph_source(f->graph, 1), "b.json");
    assert_int_equal(cpg_graph_sources_of(f->graph, CPG_NODES, cpg_graph_find(f->graph, "us"),
                                          got, 4), 2);
    assert_int_equal(got[0] * 10 + got[1], 1);
    assert_int_equal(cpg_graph_sources_of(f->graph, CPG_NODES, cpg_graph_find(f->graph, "cn"),
                                          got, 4), 1);
    assert_int_equal(got[0], 0);
    assert_int_equal(cpg_graph_sources_of(f->graph, CPG_EDGES, 1, got, 4), 1);
    assert_int_equal(got[0], 1);
    cpg_load_merge_rules(CPG_CONFLICT_LAST, NULL);
}

static void loader_should_keep_the_first_value_and_the_given_name(void **state)
{
    fixture *f = *state;
    cpg_load_merge_rules(CPG_CONFLICT_FIRST, "both");
    assert_int_equal(load_named(f, "a.json", FIRST_FILE), CPG_OK);
    assert_int_equal(load_named(f, "b.json", SECOND_FILE), CPG_OK);
    assert_string_equal(node_text(f, "us", "label"), "US");
    char *attrs = cJSON_PrintUnformatted(cpg_graph_attrs(f->graph));
    assert_string_equal(attrs, "{\"name\":\"both\",\"year\":2024}");
    free(attrs);
    assert_int_equal(f->diags.count, 1);  /* the label; the name is --name's */
    assert_int_equal(f->diags.items[0].severity, CPG_NOTICE);
    cpg_load_merge_rules(CPG_CONFLICT_LAST, NULL);
}

static void loader_should_refuse_a_conflict_under_the_error_rule(void **state)
{
    fixture *f = *state;
    cpg_load_merge_rules(CPG_CONFLICT_ERROR, NULL);
    assert_int_equal(load_named(f, "a.json", FIRST_FILE), CPG_OK);
    assert_int_equal(load_named(f, "b.json", SECOND_FILE), CPG_EVALUE);
    assert_int_equal(f->diags.error_count, 2);  /* the graph's name and the label */
    assert_string_equal(f->diags.items[1].message, "node 'us': 'label' is \"USA\" here but "
                        "\"US\" in a.json (--on-conflict error)");
    assert_int_equal(cpg_graph_node_count(f->graph), 2);  /* b.json left no trace */
    assert_string_equal(node_text(f, "us", "label"), "US");
    assert_int_equal(cpg_graph_source_count(f->graph), 1);
    cpg_load_merge_rules(CPG_CONFLICT_LAST, NULL);
}

static void loader_should_skip_a_utf8_bom(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "\xEF\xBB\xBF{\"nodes\":[]}"), CPG_OK);
    assert_int_equal(cpg_graph_node_count(f->graph), 0);
}

/* ---- errors ----------------------------------------------------------------------------- */

static void loader_should_report_an_unreadable_file(void **state)
{
    fixture *f = *state;
    assert_int_equal(cpg_load_file(&f->graph, "no/such.json", CPG_FORMAT_AUTO, NULL, &f->diags, NULL), CPG_ENOENT);
    assert_int_equal(f->diags.count, 1);
    assert_string_equal(f->diags.items[0].file, "no/such.json");
    assert_string_equal(f->diags.items[0].message, "No such file or directory");
    assert_null(f->graph);
}

static void loader_should_report_a_trailing_comma_at_its_line(void **state)
{
    fixture *f = *state;
    const char *text = "{\n"
                       "  \"nodes\": [\n"
                       "    {\"id\": \"a\"},\n"
                       "    {\"id\": \"b\"}\n"
                       "  ],\n"
                       "  \"edges\": [\n"
                       "    {\"source\": \"a\", \"target\": \"b\"},\n"
                       "  ]\n"
                       "}\n";
    assert_int_equal(load_text(f, text), CPG_EVALUE);
    assert_int_equal(f->diags.count, 1);
    assert_int_equal(f->diags.items[0].line, 7);
    assert_int_equal(f->diags.items[0].column, 35);
    assert_string_equal(f->diags.items[0].message, "trailing comma before ']'");
    assert_null(f->graph);
}

static void loader_should_reject_a_top_level_that_is_not_an_object(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "[1]"), CPG_EVALUE);
    assert_one_error(f, "", "expected an object with 'nodes' and 'edges', got array");
}

static void loader_should_reject_missing_nodes(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"edges\":[]}"), CPG_EVALUE);
    assert_one_error(f, "", "'nodes' is missing");
}

static void loader_should_reject_nodes_of_the_wrong_type(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":{}}"), CPG_EVALUE);
    assert_one_error(f, "/nodes", "'nodes' must be an array, got object");
}

static void loader_should_reject_edges_of_the_wrong_type(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[],\"links\":\"x\"}"), CPG_EVALUE);
    assert_one_error(f, "/links", "'links' must be an array, got string");
}

static void loader_should_reject_both_edges_and_links(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[],\"edges\":[],\"links\":[]}"), CPG_EVALUE);
    assert_one_error(f, "/links", "both 'edges' and 'links' are present: use one");
}

static void loader_should_reject_a_directed_flag_that_is_not_boolean(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"directed\":1,\"nodes\":[]}"), CPG_EVALUE);
    assert_one_error(f, "/directed", "'directed' must be true or false, got number");
}

static void loader_should_reject_a_node_without_id(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\"},{\"label\":\"B\"}]}"), CPG_EVALUE);
    assert_one_error(f, "/nodes/1", "node has no 'id'");
}

/* D3's examples and NetworkX 1.x write nodes without ids and links that point by position: the
 * nodes are named "0", "1", ... and every member is an attribute. Either every node has an id or
 * none has. */
static void loader_should_name_nodes_without_ids_by_position(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"links\":[{\"source\":2,\"target\":0,\"value\":8}],"
                                  "\"nodes\":[{\"name\":\"Myriel\",\"group\":1},{\"name\":\"Napoleon\"},"
                                  "{\"name\":\"Mlle.Baptistine\",\"group\":1}]}"), CPG_OK);
    assert_int_equal(cpg_graph_node_count(f->graph), 3);
    assert_string_equal(cpg_graph_node_id(f->graph, 2), "2");
    assert_attrs(f->graph, CPG_NODES, 2, "{\"name\":\"Mlle.Baptistine\",\"group\":1}");
    assert_int_equal(cpg_graph_edge_from(f->graph, 0), 2);
    assert_int_equal(cpg_graph_edge_to(f->graph, 0), 0);
    cpg_graph_free(f->graph);
    f->graph = NULL;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"name\":\"a\"},{\"id\":\"b\"}],"
                                  "\"links\":[{\"source\":0,\"target\":\"a\"}]}"), CPG_EVALUE);
    assert_int_equal(f->diags.count, 2);
    assert_string_equal(f->diags.items[0].pointer, "/nodes/1/id");
    assert_string_equal(f->diags.items[0].message,
                        "node has an 'id', but the first node has none (nodes without ids are "
                        "named by their position, 0 for the first): give every node an id, or "
                        "none");
    assert_string_equal(f->diags.items[1].pointer, "/links/0/target");
}

static void loader_should_reject_ids_that_are_not_strings_or_integers(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":true},{\"id\":1.5},{\"id\":\"\"},7]}"),
                     CPG_EVALUE);
    assert_int_equal(f->diags.count, 4);
    assert_string_equal(f->diags.items[0].pointer, "/nodes/0/id");
    assert_string_equal(f->diags.items[0].message, "id must be a string or an integer, got boolean");
    assert_string_equal(f->diags.items[1].message, "id must be a string or an integer, got 1.5");
    assert_string_equal(f->diags.items[2].message, "id must not be empty");
    assert_string_equal(f->diags.items[3].pointer, "/nodes/3");
    assert_string_equal(f->diags.items[3].message, "a node must be an object, got number");
}

static void loader_should_reject_duplicate_ids(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"a\"}]}"),
                     CPG_EVALUE);
    assert_one_error(f, "/nodes/2/id", "duplicate id 'a' (first declared at /nodes/0)");
}

static void loader_should_reject_an_edge_without_endpoints(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[{\"source\":\"a\"},"
                                  "{\"target\":\"a\"}]}"), CPG_EVALUE);
    assert_int_equal(f->diags.count, 2);
    assert_string_equal(f->diags.items[0].pointer, "/edges/0");
    assert_string_equal(f->diags.items[0].message, "edge has no 'target'");
    assert_string_equal(f->diags.items[1].message, "edge has no 'source'");
}

static void loader_should_suggest_a_close_id_for_an_unknown_node(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"pakistan\"},{\"id\":\"china\"}],"
        "\"edges\":[{\"source\":\"china\",\"target\":\"pakstan\"},"
        "{\"source\":\"china\",\"target\":\"zzzzzz\"}]}"), CPG_EVALUE);
    assert_int_equal(f->diags.count, 2);
    assert_string_equal(f->diags.items[0].pointer, "/edges/0/target");
    assert_string_equal(f->diags.items[0].message,
                        "unknown node 'pakstan' (did you mean 'pakistan'?)");
    assert_string_equal(f->diags.items[1].message, "unknown node 'zzzzzz'");
}

static void loader_should_report_every_error_up_to_the_cap(void **state)
{
    fixture *f = *state;
    char text[8192] = "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[";
    for (int i = 0; i < 25; i++)
        strcat(text, i ? ",{\"source\":\"a\",\"target\":\"q\"}" : "{\"source\":\"a\",\"target\":\"q\"}");
    strcat(text, "]}");
    assert_int_equal(load_text(f, text), CPG_EVALUE);
    assert_int_equal(f->diags.count, CPG_DIAGS_DEFAULT_CAP);
    assert_int_equal(f->diags.error_count, 25);
    assert_int_equal(cpg_diags_dropped(&f->diags), 5);
    assert_string_equal(f->diags.items[19].pointer, "/edges/19/target");
}

static void loader_should_leave_the_graph_as_it_was_after_a_bad_file(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":\"a\",\"k\":1}]}"), CPG_OK);
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":\"a\",\"k\":2},"
                                  "{\"id\":\"b\"}],\"edges\":[{\"source\":\"a\",\"target\":\"c\"}]}"),
                     CPG_EVALUE);
    assert_int_equal(cpg_graph_node_count(f->graph), 1);
    assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, 0, "k").u.i, 1);
    assert_null(cpg_graph_column(f->graph, CPG_NODES, "b"));
}

static void loader_should_reject_merging_directed_with_undirected(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":\"a\"}],"
                                  "\"edges\":[{\"source\":\"a\",\"target\":\"a\"}]}"), CPG_OK);
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"b\"}],"
                                  "\"edges\":[{\"source\":\"b\",\"target\":\"b\"}]}"), CPG_EVALUE);
    assert_one_error(f, "/directed", "this graph is undirected but the files before it are directed");
}

/* A file without edges (a table of nodes) has no direction of its own to clash with. */
static void loader_should_give_a_graph_of_nodes_the_direction_of_its_edges(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":\"a\"}]}"), CPG_OK);
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"b\"}],"
                                  "\"edges\":[{\"source\":\"a\",\"target\":\"b\"}]}"), CPG_OK);
    assert_false(cpg_graph_directed(f->graph));
    assert_int_equal(load_text(f, "{\"directed\":true,\"nodes\":[{\"id\":\"c\"}]}"), CPG_OK);
    assert_false(cpg_graph_directed(f->graph));
    assert_int_equal(cpg_graph_node_count(f->graph), 3);
}

/* A .jsonl name says JSON Lines, even of one line, which the content alone does not. */
static void loader_should_read_a_buffer_named_jsonl_as_json_lines(void **state)
{
    fixture *f = *state;
    const char *line = "{\"id\": \"a\"}";
    assert_int_equal(cpg_load_buffer(&f->graph, "one.jsonl", line, strlen(line), CPG_FORMAT_AUTO,
                                     NULL, &f->diags, NULL), CPG_OK);
    assert_int_equal(cpg_graph_node_count(f->graph), 1);
}

static void loader_should_resolve_edges_to_nodes_of_earlier_files(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\"},{\"id\":\"b\"}]}"), CPG_OK);
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"c\"}],\"edges\":[{\"source\":\"a\","
                                  "\"target\":\"c\"},{\"source\":\"b\",\"target\":\"a\"}]}"), CPG_OK);
    assert_int_equal(cpg_graph_edge_count(f->graph), 2);
    assert_int_equal(cpg_graph_edge_to(f->graph, 0), cpg_graph_find(f->graph, "c"));
}

/* A growable text for generated files. */
typedef struct text_buf {
    char *s;
    size_t len, cap;
} text_buf;

static void add_text(text_buf *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char piece[512];
    int n = vsnprintf(piece, sizeof piece, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof piece);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = 2 * (t->len + (size_t)n + 1);
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    memcpy(t->s + t->len, piece, (size_t)n + 1);
    t->len += (size_t)n;
}

/* Ends wait in a queue for their lookup and repeat the last end of their kind: runs of one
 * source longer than the queue, ends before their nodes, a repeated unknown end (each occurrence
 * reported) and an id too long to wait must all come out as when looked up at once. */
static void loader_should_resolve_every_end_whatever_waits(void **state)
{
    fixture *f = *state;
    static const char long_id[] = "a-node-whose-id-is-longer-than-the-queue-keeps-at-hand";
    text_buf t = {0};
    add_text(&t, "{\"directed\":true,\"edges\":[");
    for (int i = 0; i < 40; i++)  /* 40 edges from s0, then alternating sources */
        add_text(&t, "%s{\"source\":\"s%d\",\"target\":\"t%d\",\"k\":%d}", i ? "," : "",
                 i < 20 ? 0 : i % 3, i % 7, i);
    add_text(&t, ",{\"source\":\"%s\",\"target\":\"%s\"}", long_id, long_id);
    add_text(&t, ",{\"source\":\"s1\",\"target\":\"nowhere\"},{\"source\":\"s1\",\"target\":\"nowhere\"}");
    add_text(&t, "],\"nodes\":[{\"id\":\"%s\"}", long_id);
    for (int i = 0; i < 7; i++)
        add_text(&t, ",{\"id\":\"s%d\"},{\"id\":\"t%d\"}", i, i);
    add_text(&t, "]}");
    assert_int_equal(load_text(f, t.s), CPG_EVALUE);
    assert_int_equal(f->diags.count, 2);
    assert_string_equal(f->diags.items[0].pointer, "/edges/41/target");
    assert_string_equal(f->diags.items[1].pointer, "/edges/42/target");
    assert_string_equal(f->diags.items[1].message, "unknown node 'nowhere'");

    /* the same file without the unknown ends loads, each edge between the nodes it names */
    t.len = 0;
    add_text(&t, "{\"directed\":true,\"edges\":[");
    for (int i = 0; i < 40; i++)
        add_text(&t, "%s{\"source\":\"s%d\",\"target\":\"t%d\",\"k\":%d}", i ? "," : "",
                 i < 20 ? 0 : i % 3, i % 7, i);
    add_text(&t, ",{\"source\":\"%s\",\"target\":\"%s\"}", long_id, long_id);
    add_text(&t, "],\"nodes\":[{\"id\":\"%s\"}", long_id);
    for (int i = 0; i < 7; i++)
        add_text(&t, ",{\"id\":\"s%d\"},{\"id\":\"t%d\"}", i, i);
    add_text(&t, "]}");
    cpg_diags_clear(&f->diags);
    assert_int_equal(load_text(f, t.s), CPG_OK);
    assert_int_equal(cpg_graph_edge_count(f->graph), 41);
    for (int i = 0; i < 40; i++) {
        char source[8], target[8];
        snprintf(source, sizeof source, "s%d", i < 20 ? 0 : i % 3);
        snprintf(target, sizeof target, "t%d", i % 7);
        assert_string_equal(cpg_graph_node_id(f->graph, cpg_graph_edge_from(f->graph, i)), source);
        assert_string_equal(cpg_graph_node_id(f->graph, cpg_graph_edge_to(f->graph, i)), target);
        assert_int_equal(cpg_graph_get(f->graph, CPG_EDGES, i, "k").u.i, i);
    }
    assert_int_equal(cpg_graph_edge_from(f->graph, 40), cpg_graph_find(f->graph, long_id));
    free(t.s);
}

/* An id too long to wait in the queue is looked up at once, but after the ends read before it:
 * unknown ends are reported in the order they are read (an edge's target first), short or long. */
static void loader_should_report_unknown_ends_in_file_order(void **state)
{
    fixture *f = *state;
    static const char long_a[] = "an-unknown-id-longer-than-the-queue-keeps-at-hand-aaaaaaaa";
    static const char long_b[] = "an-unknown-id-longer-than-the-queue-keeps-at-hand-bbbbbbbb";
    text_buf t = {0};
    add_text(&t, "{\"nodes\":[{\"id\":\"a\"}],\"edges\":[{\"source\":\"a\",\"target\":\"x\"},"
                 "{\"source\":\"%s\",\"target\":\"y\"},{\"source\":\"a\",\"target\":\"%s\"}]}",
             long_a, long_b);
    assert_int_equal(load_text(f, t.s), CPG_EVALUE);
    static const char *const pointers[] = {"/edges/0/target", "/edges/1/target",
                                           "/edges/1/source", "/edges/2/target"};
    assert_int_equal(f->diags.count, 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(f->diags.items[i].pointer, pointers[i]);
    free(t.s);
}

/* The parser remembers the keys of streamed elements by position: keys that change from one
 * element to the next, shift position, are escaped, or repeat within an element (a duplicate,
 * even at a position that remembers that key) must read as written. */
static void loader_should_read_keys_however_elements_vary(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\",\"type\":\"x\",\"w\":1},"
                                  "{\"id\":\"b\",\"typed\":true,\"w\":2},"
                                  "{\"id\":\"c\",\"typ\":\"y\",\"w\":3},"
                                  "{\"id\":\"d\",\"w\":4,\"type\":\"z\"},"
                                  "{\"id\":\"e\",\"t\\u0079pe\":\"q\",\"w\":5}]}"), CPG_OK);
    assert_attrs(f->graph, CPG_NODES, 0, "{\"type\":\"x\",\"w\":1}");
    assert_attrs(f->graph, CPG_NODES, 1, "{\"w\":2,\"typed\":true}");
    assert_attrs(f->graph, CPG_NODES, 2, "{\"w\":3,\"typ\":\"y\"}");
    assert_attrs(f->graph, CPG_NODES, 3, "{\"type\":\"z\",\"w\":4}");
    assert_attrs(f->graph, CPG_NODES, 4, "{\"type\":\"q\",\"w\":5}");
    cpg_graph_free(f->graph);
    f->graph = NULL;
    assert_int_equal(load_text(f, "{\"nodes\":[{\"id\":\"a\",\"w\":1},{\"w\":1,\"w\":2}]}"),
                     CPG_EVALUE);
    assert_string_equal(f->diags.items[0].message, "duplicate key 'w' in object");
}

/* Elements whose keys never repeat fill the memory of remembered keys (256 KB), after which no
 * more are remembered; the 5000 elements also go through the intake's thread in 20 batches:
 * every value stays with its own key. */
static void loader_should_keep_keys_right_when_none_repeats(void **state)
{
    fixture *f = *state;
    enum { NODES = 5000 };
    const char *pad = "keys-of-up-to-64-bytes-are-remembered-this-is-one";  /* 55-byte keys */
    text_buf t = {0};
    add_text(&t, "{\"nodes\":[");
    for (int i = 0; i < NODES; i++)
        add_text(&t, "%s{\"id\":\"n%d\",\"%05d-%s\":%d}", i ? "," : "", i, i, pad, i);
    add_text(&t, "]}");
    assert_int_equal(load_text(f, t.s), CPG_OK);
    assert_int_equal(cpg_graph_column_count(f->graph, CPG_NODES), NODES);
    for (int i = 0; i < NODES; i += 499) {
        char name[128];
        snprintf(name, sizeof name, "%05d-%s", i, pad);
        assert_int_equal(cpg_graph_get(f->graph, CPG_NODES, i, name).u.i, i);
        assert_int_equal(cpg_column_count(cpg_graph_column(f->graph, CPG_NODES, name)), 1);
    }
    free(t.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(loader_should_load_a_networkx_node_link_file),
        T(loader_should_treat_a_missing_directed_as_undirected),
        T(loader_should_keep_integer_ids_as_their_decimal_text),
        T(loader_should_keep_nested_attributes_whole),
        T(loader_should_keep_each_value_with_its_type),
        T(loader_should_keep_multi_edges_and_self_loops),
        T(loader_should_merge_files_with_later_attributes_winning),
        T(loader_should_settle_conflicts_by_the_merge_rule),
        T(loader_should_keep_the_first_value_and_the_given_name),
        T(loader_should_refuse_a_conflict_under_the_error_rule),
        T(loader_should_skip_a_utf8_bom),
        T(loader_should_report_an_unreadable_file),
        T(loader_should_report_a_trailing_comma_at_its_line),
        T(loader_should_reject_a_top_level_that_is_not_an_object),
        T(loader_should_reject_missing_nodes),
        T(loader_should_reject_nodes_of_the_wrong_type),
        T(loader_should_reject_edges_of_the_wrong_type),
        T(loader_should_reject_both_edges_and_links),
        T(loader_should_reject_a_directed_flag_that_is_not_boolean),
        T(loader_should_reject_a_node_without_id),
        T(loader_should_name_nodes_without_ids_by_position),
        T(loader_should_reject_ids_that_are_not_strings_or_integers),
        T(loader_should_reject_duplicate_ids),
        T(loader_should_reject_an_edge_without_endpoints),
        T(loader_should_suggest_a_close_id_for_an_unknown_node),
        T(loader_should_report_every_error_up_to_the_cap),
        T(loader_should_leave_the_graph_as_it_was_after_a_bad_file),
        T(loader_should_reject_merging_directed_with_undirected),
        T(loader_should_give_a_graph_of_nodes_the_direction_of_its_edges),
        T(loader_should_read_a_buffer_named_jsonl_as_json_lines),
        T(loader_should_resolve_edges_to_nodes_of_earlier_files),
        T(loader_should_resolve_every_end_whatever_waits),
        T(loader_should_report_unknown_ends_in_file_order),
        T(loader_should_read_keys_however_elements_vary),
        T(loader_should_keep_keys_right_when_none_repeats),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
