/* test_graph.c: the graph model: ids, uids, attributes through deletions and subgraphs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "attrs_text.h"
#include "cpecgraph/graph.h"

/* Stores string S as attribute NAME of element I of D. */
static void set_string(cpg_graph *g, cpg_domain d, igraph_integer_t i, const char *name,
                       const char *s)
{
    cpg_value v = {.type = CPG_VSTRING};
    assert_int_equal(cpg_graph_intern(g, s, strlen(s), &v.u.sid), CPG_OK);
    assert_int_equal(cpg_graph_set(g, d, i, name, strlen(name), &v), CPG_OK);
}

/* a -> b -> c -> d, plus a -> c; every node has a string "name", every edge a float "w" */
static cpg_graph *make_path(void)
{
    cpg_graph *g = cpg_graph_new(true);
    const char *ids[] = {"a", "b", "c", "d"};
    assert_int_equal(cpg_graph_add_nodes(g, 4, ids), CPG_OK);
    for (int i = 0; i < 4; i++)
        set_string(g, CPG_NODES, i, "name", ids[i]);
    igraph_integer_t ends[] = {0, 1, 1, 2, 2, 3, 0, 2};
    assert_int_equal(cpg_graph_add_edges(g, 4, ends), CPG_OK);
    for (int i = 0; i < 4; i++) {
        cpg_value w = {CPG_VFLOAT, {.f = i + 1}};
        assert_int_equal(cpg_graph_set(g, CPG_EDGES, i, "w", 1, &w), CPG_OK);
    }
    return g;
}

static const char *name_of(const cpg_graph *g, igraph_integer_t v)
{
    return attr_string(g, CPG_NODES, v, "name");
}

static double weight_of(const cpg_graph *g, igraph_integer_t e)
{
    cpg_value w = cpg_graph_get(g, CPG_EDGES, e, "w");
    assert_int_equal(w.type, CPG_VFLOAT);
    return w.u.f;
}

static void graph_should_find_nodes_by_id(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    assert_int_equal(cpg_graph_node_count(g), 4);
    assert_int_equal(cpg_graph_edge_count(g), 4);
    assert_int_equal(cpg_graph_find(g, "c"), 2);
    assert_int_equal(cpg_graph_find(g, "zz"), -1);
    assert_string_equal(cpg_graph_node_id(g, 3), "d");
    cpg_graph_free(g);
}

static void graph_should_reject_an_id_that_exists(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    const char *again[] = {"e", "b"};
    assert_int_equal(cpg_graph_add_nodes(g, 2, again), CPG_EEXIST);
    const char *twice[] = {"e", "e"};
    assert_int_equal(cpg_graph_add_nodes(g, 2, twice), CPG_EEXIST);
    assert_int_equal(cpg_graph_node_count(g), 4);
    assert_int_equal(cpg_graph_find(g, "e"), -1);
    cpg_graph_free(g);
}

static void graph_should_reject_edges_to_missing_vertices(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    igraph_integer_t ends[] = {0, 9};
    assert_int_equal(cpg_graph_add_edges(g, 1, ends), CPG_ENOENT);
    assert_int_equal(cpg_graph_edge_count(g), 4);
    cpg_graph_free(g);
}

static void graph_should_keep_attributes_and_uids_through_deletion(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    uint64_t uid_c = cpg_graph_node_uid(g, 2), uid_b = cpg_graph_node_uid(g, 1);
    uint64_t uid_cd = cpg_graph_edge_uid(g, 2), uid_ab = cpg_graph_edge_uid(g, 0);
    bool keep[] = {true, false, true, true};
    assert_int_equal(cpg_graph_filter(g, keep, NULL), CPG_OK);
    assert_int_equal(cpg_graph_node_count(g), 3);
    assert_int_equal(cpg_graph_edge_count(g), 2); /* c->d and a->c */
    assert_int_equal(cpg_graph_find(g, "b"), -1);
    assert_int_equal(cpg_graph_find(g, "d"), 2);
    assert_string_equal(name_of(g, 2), "d");
    assert_int_equal(cpg_graph_node_by_uid(g, uid_c), 1);
    assert_int_equal(cpg_graph_node_by_uid(g, uid_b), -1);
    assert_int_equal(cpg_graph_edge_by_uid(g, uid_ab), -1);
    igraph_integer_t cd = cpg_graph_edge_by_uid(g, uid_cd);
    assert_int_equal(cd, 0);
    assert_true(weight_of(g, cd) == 3.0);
    assert_int_equal(cpg_graph_edge_from(g, cd), 1);
    assert_int_equal(cpg_graph_edge_to(g, cd), 2);
    assert_true(weight_of(g, 1) == 4.0);
    cpg_graph_free(g);
}

static void graph_should_delete_edges_alone(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    bool keep[] = {true, false, true, false};
    assert_int_equal(cpg_graph_filter(g, NULL, keep), CPG_OK);
    assert_int_equal(cpg_graph_node_count(g), 4);
    assert_int_equal(cpg_graph_edge_count(g), 2);
    assert_true(weight_of(g, 0) == 1.0);
    assert_true(weight_of(g, 1) == 3.0);
    cpg_graph_free(g);
}

static void graph_should_hand_out_fresh_uids_after_a_deletion(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    bool keep[] = {false, true, true, true};
    assert_int_equal(cpg_graph_filter(g, keep, NULL), CPG_OK);  /* b, c, d; b->c, c->d */
    const char *ids[] = {"e"};
    assert_int_equal(cpg_graph_add_nodes(g, 1, ids), CPG_OK);
    igraph_integer_t ends[] = {3, 0};  /* e -> b */
    assert_int_equal(cpg_graph_add_edges(g, 1, ends), CPG_OK);
    /* uids 0..3 were a..d and 0..3 the edges: the new ones come after, never reused */
    assert_int_equal(cpg_graph_node_uid(g, 0), 1);
    assert_int_equal(cpg_graph_node_uid(g, 3), 4);
    assert_int_equal(cpg_graph_node_by_uid(g, 4), 3);
    assert_int_equal(cpg_graph_node_by_uid(g, 0), -1);
    assert_int_equal(cpg_graph_node_by_uid(g, 5), -1);
    assert_int_equal(cpg_graph_edge_uid(g, 2), 4);
    assert_int_equal(cpg_graph_edge_by_uid(g, 4), 2);
    assert_int_equal(cpg_graph_edge_by_uid(g, 3), -1);  /* a->c went with a */
    assert_int_equal(cpg_graph_edge_from(g, 2), 3);
    /* a second deletion goes from the uids the first one wrote out */
    bool keep_edges[] = {false, true, true};
    assert_int_equal(cpg_graph_filter(g, NULL, keep_edges), CPG_OK);
    assert_int_equal(cpg_graph_edge_by_uid(g, 4), 1);
    assert_int_equal(cpg_graph_edge_by_uid(g, 1), -1);
    assert_true(weight_of(g, 0) == 3.0);
    cpg_graph_free(g);
}

static void graph_should_keep_the_given_direction_of_undirected_edges(void **state)
{
    (void)state;
    cpg_graph *g = cpg_graph_new(false);
    const char *ids[] = {"a", "b", "c"};
    assert_int_equal(cpg_graph_add_nodes(g, 3, ids), CPG_OK);
    igraph_integer_t ends[] = {0, 2, 2, 1, 1, 0};  /* a-c, c-b, b-a as written */
    assert_int_equal(cpg_graph_add_edges(g, 3, ends), CPG_OK);
    bool keep[] = {false, true, true};
    assert_int_equal(cpg_graph_filter(g, NULL, keep), CPG_OK);
    assert_int_equal(cpg_graph_edge_from(g, 0), 2);
    assert_int_equal(cpg_graph_edge_to(g, 0), 1);
    assert_int_equal(cpg_graph_edge_from(g, 1), 1);
    assert_int_equal(cpg_graph_edge_to(g, 1), 0);
    bool nodes[] = {true, true, false};
    cpg_status status;
    cpg_graph *sub = cpg_graph_induced(g, nodes, NULL, &status);
    assert_int_equal(status, CPG_OK);
    assert_int_equal(cpg_graph_edge_count(sub), 1);
    assert_int_equal(cpg_graph_edge_from(sub, 0), 1);
    assert_int_equal(cpg_graph_edge_to(sub, 0), 0);
    assert_int_equal(cpg_graph_edge_uid(sub, 0), 0);
    cpg_graph_free(sub);
    cpg_graph_free(g);
}

static void graph_should_copy_attributes_into_an_induced_subgraph(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    cJSON_AddStringToObject(cpg_graph_attrs(g), "name", "path");
    bool keep[] = {true, false, true, true};
    cpg_status status;
    cpg_graph *sub = cpg_graph_induced(g, keep, NULL, &status);
    assert_int_equal(status, CPG_OK);
    assert_non_null(sub);
    assert_true(cpg_graph_directed(sub));
    assert_int_equal(cpg_graph_node_count(sub), 3);
    assert_int_equal(cpg_graph_edge_count(sub), 2);
    assert_string_equal(name_of(sub, cpg_graph_find(sub, "d")), "d");
    assert_true(weight_of(sub, 0) == 3.0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(cpg_graph_attrs(sub), "name")->valuestring,
                        "path");
    /* a copy: editing it leaves the original alone */
    cpg_value none = {.type = CPG_VNONE};
    assert_int_equal(cpg_graph_set(sub, CPG_NODES, 0, "name", 4, &none), CPG_OK);
    set_string(sub, CPG_NODES, 1, "name", "changed");
    assert_null(name_of(sub, 0));
    assert_string_equal(name_of(g, 0), "a");
    assert_string_equal(name_of(g, 2), "c");
    assert_int_equal(cpg_graph_node_count(g), 4);
    cpg_graph_free(sub);
    cpg_graph_free(g);
}

static void graph_should_read_numeric_edge_attributes_as_weights(void **state)
{
    (void)state;
    cpg_graph *g = make_path();
    igraph_vector_t w;
    igraph_vector_init(&w, 0);
    igraph_integer_t bad = -1;
    assert_int_equal(cpg_graph_edge_numbers(g, "w", &w, &bad), CPG_OK);
    assert_int_equal(igraph_vector_size(&w), 4);
    assert_true(VECTOR(w)[3] == 4.0);
    cpg_value one = {CPG_VINT, {.i = 1}};  /* an integer among doubles: still a number */
    assert_int_equal(cpg_graph_set(g, CPG_EDGES, 1, "w", 1, &one), CPG_OK);
    assert_int_equal(cpg_graph_edge_numbers(g, "w", &w, &bad), CPG_OK);
    assert_true(VECTOR(w)[1] == 1.0);
    set_string(g, CPG_EDGES, 2, "w", "x");
    assert_int_equal(cpg_graph_edge_numbers(g, "w", &w, &bad), CPG_EVALUE);
    assert_int_equal(bad, 2);
    cpg_value none = {.type = CPG_VNONE};
    set_string(g, CPG_EDGES, 2, "w", "x");
    assert_int_equal(cpg_graph_set(g, CPG_EDGES, 0, "w", 1, &none), CPG_OK);
    assert_int_equal(cpg_graph_edge_numbers(g, "w", &w, &bad), CPG_EVALUE);
    assert_int_equal(bad, 0);
    assert_int_equal(cpg_graph_edge_numbers(g, "nothing", &w, &bad), CPG_EVALUE);
    igraph_vector_destroy(&w);
    cpg_graph_free(g);
}

int main(void)
{
    cpg_igraph_setup(1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(graph_should_find_nodes_by_id),
        cmocka_unit_test(graph_should_reject_an_id_that_exists),
        cmocka_unit_test(graph_should_reject_edges_to_missing_vertices),
        cmocka_unit_test(graph_should_keep_attributes_and_uids_through_deletion),
        cmocka_unit_test(graph_should_delete_edges_alone),
        cmocka_unit_test(graph_should_hand_out_fresh_uids_after_a_deletion),
        cmocka_unit_test(graph_should_keep_the_given_direction_of_undirected_edges),
        cmocka_unit_test(graph_should_copy_attributes_into_an_induced_subgraph),
        cmocka_unit_test(graph_should_read_numeric_edge_attributes_as_weights),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
