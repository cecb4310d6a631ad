#!/usr/bin/python3
"""test_text_formats.py: the text formats (GML, Pajek, CSV tables, NetworkX edge lists, DOT),
each written by an independent producer (NetworkX, python-igraph, Graphviz, or by hand from the
format's description), read by the built binary and compared with the producer's graph; one
case per error class with its place; and the GML and Pajek writers read back by NetworkX and by
cpecgraph.

Usage: test_text_formats.py CPECGRAPH TESTDATA_DIR   (last line: 'N passed, N failed')"""
import csv
import io
import json
import os
import subprocess
import sys

import igraph as ig
import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import expect, main  # noqa: E402
from test_formats import DUMP, TMP, dump, error_of, run, same_graph, write  # noqa: E402


def weighted_karate():
    G = nx.karate_club_graph()
    for u, v in G.edges:
        G[u][v]["weight"] = float(G[u][v]["weight"])
    return G


def path_of(name):
    return os.path.join(TMP, name)


def dump_files(*paths):
    """The graph of several files, merged in order."""
    code, out, err = run("-e", DUMP, *paths)
    expect(code, 0, f"exit ({err})")
    return json.loads(out)


def expect_errors(cases, suffix, *options):
    """Each of CASES, (file text, message after the file's name), is an error that begins with
    that message."""
    for k, (text, message) in enumerate(cases):
        path = write(f"bad{k}.{suffix}", text)
        err = error_of(path, *options)
        expect(err.startswith(f"cpecgraph: {path}{message}"), True, f"{suffix} error {err!r}")


def edge_set(edges):
    """Edges as a sorted list of (ends, attributes), ends sorted: undirected graphs in
    NetworkX list their edges by node, not in file order."""
    return sorted((sorted(e[:2]), sorted(e[2].items())) for e in edges)


# ---- GML -------------------------------------------------------------------------------------

def case_gml_from_networkx_matches_its_reader():
    G = weighted_karate()
    path = path_of("karate.gml")
    nx.write_gml(G, path)
    back = nx.read_gml(path)
    got = dump(path)
    same_graph(got, back, "gml from networkx")
    expect(got["attrs"], {"name": "Zachary's Karate Club"}, "graph attributes")


def case_gml_from_igraph_keeps_its_ids():
    g = ig.Graph.Famous("Zachary")
    g.vs["name"] = [f"v{i}" for i in range(g.vcount())]
    path = path_of("igraph.gml")
    g.write_gml(path)
    got = dump(path)
    expect([n[0] for n in got["nodes"]], [str(i) for i in range(34)], "ids are GML ids")
    expect(got["nodes"][5][1], {"name": "v5"}, "attributes")
    text = open(path).read()  # igraph writes an undirected edge's larger end first
    expect(text.count("source"), 78, "edges in the file")
    expect(sorted(sorted(map(int, e[:2])) for e in got["edges"]),
           sorted(sorted(e.tuple) for e in g.es), "edges")
    expect(got["attrs"]["Creator"].startswith("igraph"), True, "keys outside the graph kept")


def case_gml_records_lists_entities_and_comments():
    text = ('# a comment\nCreator "by hand"\ngraph [\n  directed 1\n  hierarchic 1\n'
            '  node [ id 1 label "K&#246;ln &amp; &quot;Bonn&quot;" graphics [ x 1.5 y -2 ] '
            'alias "a" alias "b" ]\n'
            '  node [ id 2 label "Kabul" weight +3 ratio .5 missing NAN ]\n'
            '  edge [ source 1 target 2 label "road" weight 2.0E1 ]\n]\n')
    got = dump(write("by-hand.gml", text))
    expect(got["directed"], True, "directed")
    expect(got["nodes"], [
        ['Köln & "Bonn"', {"graphics": {"x": 1.5, "y": -2}, "alias": ["a", "b"]}],
        ["Kabul", {"weight": 3, "ratio": 0.5, "missing": None}]], "nodes")
    expect(got["edges"], [['Köln & "Bonn"', "Kabul", {"label": "road", "weight": 20.0}]],
           "edges")
    expect(got["attrs"], {"Creator": "by hand", "hierarchic": 1}, "graph attributes")


def case_gml_labels_that_repeat_leave_the_ids_as_they_are():
    text = 'graph [ node [ id 7 label "Li" ] node [ id 8 label "Li" ] edge [ source 7 target 8 ] ]'
    got = dump(write("same-label.gml", text))
    expect(got["nodes"], [["7", {"label": "Li"}], ["8", {"label": "Li"}]], "nodes")
    expect(got["edges"], [["7", "8", {}]], "edges")



def case_gml_html_entities_igraph_infinities_and_networkx_list_markers():
    text = ('graph [ node [ id 1 label "Z&uuml;rich &thetasym; &bogus;" w Inf z -NaN '
            'one "_networkx_list_start" one "only" ] ]')
    got = dump(write("entities.gml", text))
    expect(got["nodes"], [["Zürich ϑ &bogus;", {"w": None, "z": None, "one": ["only"]}]],
           "entities decoded (an unknown one left), infinities null, a one-item list")

def case_gml_errors_name_the_line_and_column():
    cases = [
        ('graph [\n  node [ id 1 label "open ]\n]\n', ':2:21: this string is not closed'),
        ('graph [\n  node [ id 1 ]\n', ':3:1: the file ends inside a record'),
        ('graph [ node [ id 1 ] edge [ source 1 target 9 ] ]',
         ':1:28: edge target 9 is no node\'s id'),
        ('graph [\n node [ id 1 ]\n node [ id 1 ] ]',
         ':3:7: duplicate id 1 (first declared on line 2)'),
        ('graph [ node [ id 1 size 12px ] ]', ':1:26: expected a value'),
        ('Creator "x"\n', ':1:1: no graph [ ] record'),
        ('graph [ directed 2 ]', ':1:1: \'directed\' of the graph must be 0 or 1'),
        ('graph [ node [ label "a" ] ]', ':1:14: node has no \'id\''),
    ]
    expect_errors(cases, "gml")


# ---- Pajek -----------------------------------------------------------------------------------

def case_pajek_from_networkx_matches_its_reader():
    G = weighted_karate()
    path = path_of("karate.net")
    nx.write_pajek(G, path)
    back = nx.read_pajek(path)
    got = dump(path)
    expect([n[0] for n in got["nodes"]], list(back.nodes), "ids are labels")
    for (nid, attrs), n in zip(got["nodes"], back.nodes):
        want = {k: v for k, v in back.nodes[n].items() if k != "id"}  # the number: a position
        expect(attrs, want, f"attributes of {nid}")
    expect([(s, t, a["weight"]) for s, t, a in got["edges"]],
           [(u, v, d["weight"]) for u, v, d in back.edges(data=True)], "edges and weights")
    expect(got["directed"], False, "*Edges: undirected")


def case_pajek_from_igraph_lists_no_vertices():
    g = ig.Graph.Famous("Zachary")
    g.es["weight"] = [2] * g.ecount()
    path = path_of("igraph.net")
    g.write_pajek(path)
    got = dump(path)
    expect([n[0] for n in got["nodes"]], [str(i + 1) for i in range(34)], "numbers as ids")
    expect([e[:2] for e in got["edges"]], [[str(e.source + 1), str(e.target + 1)] for e in g.es],
           "edges")
    expect(got["edges"][0][2], {"weight": 2}, "weights")


def case_pajek_sections_of_every_kind():
    text = ('% by hand\n*Network trade\n*Vertices 4 2\n1 "Pakistan" 0.1 0.2 box ic Red\n'
            '2 "China"\n3 Gwadar 0.5 0.5 0.5\n*Arcs :1 "exports"\n1 2 3.5 c Blue\n'
            '*Arcslist\n3 1 2\n')
    got = dump(write("kinds.net", text))
    expect(got["directed"], True, "arcs: directed")
    expect(got["attrs"], {"name": "trade"}, "network name")
    expect(got["nodes"], [
        ["Pakistan", {"x": 0.1, "y": 0.2, "shape": "box", "ic": "Red", "mode": 1}],
        ["China", {"mode": 1}],
        ["Gwadar", {"x": 0.5, "y": 0.5, "z": 0.5, "mode": 2}],
        ["4", {"mode": 2}]], "vertices, listed or not, of two modes")
    expect(got["edges"], [["Pakistan", "China", {"weight": 3.5, "c": "Blue", "type": "exports"}],
                          ["Gwadar", "Pakistan", {}], ["Gwadar", "China", {}]], "edges")


def case_pajek_errors_name_the_line_and_column():
    cases = [
        ('*Vertices 2\n1 "a"\n*Arcs\n1 3\n', ':4:3: \'3\' is no vertex'),
        ('*Vertices 2\n*Arcs\n1 2\n*Edges\n1 2\n', ':4:1: *Arcs and *Edges in one network'),
        ('*Vertices 2\n1 "a\n', ':2:3: a quoted string is not closed'),
        ('*Vertices two\n', ':1:1: *Vertices needs the number of vertices'),
        ('*Vertices 2\n*Matrix\n0 1\n1 0\n', ':2:1: the section *Matrix is not read'),
        ('*Vertices 2\n1 "a" 0.0 0.0 ellipse colour\n', ':2:23: \'colour\' has no value'),
        ('*Vertices 2\n1 "a"\n1 "b"\n', ':3:1: vertex 1 is listed twice (first on line 2)'),
    ]
    expect_errors(cases, "net")


# ---- CSV -------------------------------------------------------------------------------------


def case_pajek_network_names_and_what_a_small_file_may_declare():
    got = dump(write("named.net", '*Network "My net"  \n*Vertices 1\n'))
    expect(got["attrs"], {"name": "My net"}, "quotes and blanks are not the name")
    expect(error_of(write("stray.net", "*Network x\n1 2\n*Vertices 2\n")).endswith(
        "stray.net:2:1: a line outside any section: a Pajek file begins with *Vertices N"), True,
        "a line after *Network")
    big = write("big.net", "*Vertices 20000000\n")
    expect(error_of(big), f"cpecgraph: {big}:1:1: *Vertices 20000000: more vertices than a "
           "file of 19 bytes can hold (beyond 10000, at most 16 a byte)", "bounded")
    expect(len(dump(write("free.net", "*Vertices 10000\n"))["nodes"]), 10000, "within bounds")
    clash = write("clash.net", '*Vertices 3\n1 "2"\n3 "c"\n*Edges\n1 2\n')
    expect(error_of(clash), f"cpecgraph: {clash}:4:1: vertex 2 is not listed, so its id is its "
           "number, 2, which another vertex's label already is: list it with a label of its "
           "own", "an unlisted vertex named like another")
    latin = path_of("latin.net")
    with open(latin, "wb") as f:
        f.write("*Vertices 1\n1 \"Z\xfcrich\"\n".encode("latin-1"))
    expect(error_of(latin).startswith(f"cpecgraph: {latin}:2:5: invalid UTF-8"), True,
           "Latin-1 is refused, not written out later as broken JSON")

def csv_text(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def case_csv_gephi_tables_with_a_node_table_given_first():
    nodes = write("nodes.csv", csv_text([["Id", "Label", "type"], ["wang_yi", "Wang Yi", "person"],
                                         ["ishaq_dar", "Ishaq Dar", "person"],
                                         ["kabul", "Kabul", "city"]]))
    edges = write("edges.csv", csv_text([
        ["Source", "Target", "Type", "Id", "Label", "Weight", "evidence", "postcode"],
        ["wang_yi", "ishaq_dar", "Directed", "e1", "met", "2.5", 'said "we agree", twice', "02134"],
        ["ishaq_dar", "Beijing, China", "Directed", "e2", "", "1", "line one\nline two", ""]]))
    got = dump_files(nodes, edges)
    expect(got["directed"], True, "Gephi's Type")
    expect(got["nodes"], [["wang_yi", {"label": "Wang Yi", "type": "person"}],
                          ["ishaq_dar", {"label": "Ishaq Dar", "type": "person"}],
                          ["kabul", {"label": "Kabul", "type": "city"}],
                          ["Beijing, China", {}]], "nodes, and one made by an edge")
    expect(got["edges"], [
        ["wang_yi", "ishaq_dar", {"id": "e1", "label": "met", "weight": 2.5,
                                  "evidence": 'said "we agree", twice', "postcode": "02134"}],
        ["ishaq_dar", "Beijing, China", {"id": "e2", "weight": 1,
                                         "evidence": "line one\nline two"}]],
        "edges: quoted cells, numbers, text that only looks like one, empty cells absent")


def case_csv_neo4j_headers_type_their_columns():
    nodes = write("people.csv", "personId:ID,:LABEL,name,born:int\n"
                                "p1,Person;Minister,Wang Yi,1953\np2,Person,Ishaq Dar,1950\n")
    rels = write("rels.csv", ":START_ID,:END_ID,:TYPE,since:int,tags:string[],ok:boolean\n"
                             "p1,p2,MET,2024,talks;cpec,true\n")
    got = dump_files(nodes, rels)
    expect(got["nodes"], [["p1", {"personId": "p1", "type": "Person",
                                  "labels": ["Person", "Minister"], "name": "Wang Yi",
                                  "born": 1953}],
                          ["p2", {"personId": "p2", "type": "Person", "labels": ["Person"],
                                  "name": "Ishaq Dar", "born": 1950}]], "nodes")
    expect(got["edges"], [["p1", "p2", {"type": "MET", "since": 2024, "tags": ["talks", "cpec"],
                                        "ok": True}]], "relations, arrays split at ';'")
    semicolons = write("semi.csv", "Source;Target;weight\na;b;2\n")
    expect(dump(semicolons)["edges"], [["a", "b", {"weight": 2}]], "delimiter ';' told")


def case_csv_tab_separated_and_named_columns():
    path = write("links.tsv", "from\tto\tw\nx\ty\t1.5\n")
    got = dump(path, "-O", "source=from", "-O", "target=to", "-O", "directed=false")
    expect(got["directed"], False, "-O directed=false")
    expect(got["edges"], [["x", "y", {"w": 1.5}]], "edges")
    undirected = write("u.csv", "Source,Target,Type\na,b,Undirected\n")
    expect(dump(undirected)["directed"], False, "Gephi's Undirected")



def case_csv_node_tables_take_the_direction_of_the_edges_either_way():
    edges = write("u-edges.csv", "Source,Target,Type\na,b,Undirected\n")
    nodes = write("u-nodes.csv", "Id,Label,Type\na,A,Person\nz,Z,Place\n")
    for order in [(edges, nodes), (nodes, edges)]:
        got = dump_files(*order)
        expect(got["directed"], False, f"undirected, {order}")
        expect(sorted(n[0] for n in got["nodes"]), ["a", "b", "z"], "nodes")
    expect(dump(nodes)["nodes"][0][1], {"label": "A", "Type": "Person"},
           "a node table's Type is an attribute")


def case_csv_neo4j_id_spaces_keep_nodes_apart():
    people = write("np.csv", ":ID(Person),name\n1,Keanu\n2,Carrie\n")
    movies = write("nm.csv", "movieId:ID(Movie),title\n1,Matrix\n")
    rels = write("nr.csv", ":START_ID(Person),:END_ID(Movie),:TYPE\n1,1,ACTED_IN\n"
                           "2,1,ACTED_IN\n")
    got = dump_files(people, movies, rels)
    expect(got["nodes"], [["Person:1", {"name": "Keanu"}], ["Person:2", {"name": "Carrie"}],
                          ["Movie:1", {"movieId": 1, "title": "Matrix"}]], "nodes")
    expect([e[:2] for e in got["edges"]], [["Person:1", "Movie:1"], ["Person:2", "Movie:1"]],
           "no self-loop")

def case_csv_errors_name_the_line_and_column():
    cases = [
        ('Source,Target\na,"b\n', ':2:3: this quoted cell is not closed'),
        ('Source,Target\na,"b"c\n', ':2:6: text after a quoted cell'),
        ('Source,Target\na,b,c\n', ':2:1: this row has 3 cells, the header 2'),
        ('Source,weight\na,1\n', ':1:1: an edge table needs a target column too'),
        ('name,weight\na,1\n', ':1:1: the header names no source and target columns'),
        ('Source,Target,Type\na,b,Directed\nb,c,Mutual\n',
         ':3:5: an undirected edge in a table of directed ones'),
        ('Source,Target,Type\na,b,sideways\n', ':2:5: Type (Gephi\'s direction'),
        (':START_ID,:END_ID,n:int\na,b,two\n', ':2:5: \'two\' is not an integer'),
        ('Source,Target\na,\n', ':2:1: an edge needs both ends'),
        ('', ': the table is empty'),
        ('Source,Target,w,w\na,b,1,2\n', ':1:17: column 4 fills the attribute \'w\', as column 3'),
        (':START_ID,:END_ID,w:int[]\na,b,1;x;3\n', ':2:5: \'x\' is not an integer'),
    ]
    expect_errors(cases, "csv", "--format", "csv")


# ---- NetworkX edge lists ---------------------------------------------------------------------

def case_edgelist_from_networkx_matches_its_reader():
    G = nx.Graph()
    G.add_edge("wang_yi", "ishaq_dar", weight=2.0, type="met", tags=["a", "b"], ok=True,
               note="it's \u00e9")
    G.add_edge("ishaq_dar", "kabul")
    path = path_of("talks.edgelist")
    nx.write_edgelist(G, path)
    back = nx.read_edgelist(path)
    got = dump(path)
    same_graph(got, back, "edgelist")
    weighted = path_of("karate.edges")
    nx.write_weighted_edgelist(weighted_karate(), weighted)
    back = nx.read_weighted_edgelist(weighted)
    got = dump(weighted)
    expect([n[0] for n in got["nodes"]], list(back.nodes), "weighted edge list: nodes")
    expect(edge_set(got["edges"]), edge_set([(u, v, d) for u, v, d in back.edges(data=True)]),
           "weighted edge list: edges")
    bare = path_of("bare.txt")
    nx.write_edgelist(G, bare, data=False)
    got = dump(bare, "--format", "edgelist", "-O", "directed=true")
    expect(got["directed"], True, "-O directed=true")
    expect([e[:2] for e in got["edges"]], [["wang_yi", "ishaq_dar"], ["ishaq_dar", "kabul"]],
           "no data")


def case_edgelist_columns_and_comments():
    path = write("cols.edgelist", "# exported\na b 1.5 2024 # trailing\n\nb c 2 2025\n")
    got = dump(path, "-O", "columns=weight,year")
    expect(got["edges"], [["a", "b", {"weight": 1.5, "year": 2024}],
                          ["b", "c", {"weight": 2, "year": 2025}]], "named columns")



def case_edgelists_in_other_files_are_named_and_read_when_told():
    path = path_of("igraph.txt")
    ig.Graph.Famous("Zachary").write_edgelist(path)
    expect(error_of(path), f"cpecgraph: {path}: this looks like an edge list; to read it as "
           "one, give --format edgelist (and -O columns=NAME,... for the values after the "
           "ends)", "a hint")
    got = dump(path, "--format", "edgelist")
    expect(len(got["edges"]), 78, "read when told")
    expect(error_of(path, "--format", "edgelist", "-O", "delimiter=ab"),
           f"cpecgraph: {path}: --format-option delimiter=ab: give one character, or tab",
           "a bad delimiter")

def case_edgelist_errors_name_the_line_and_column():
    cases = [
        ("a b\nc\n", ":2:1: a line holds an edge"),
        ("a b 1 2\n", ":1:7: more than one value after the ends"),
        ("a b c\n", ":1:5: a weight is a number"),
        ("a b {'n': 'x\\x00y'}\n", ":1:17: a NUL character in a string"),
        ("a b {'w': 1\n", ":1:12: expected ',' or '}'"),
        ("a b {'w': nope}\n", ":1:11: a value of the data is not a Python literal"),
        ("a b {1: 2}\n", ":1:6: a key of the data must be a string"),
        ("a b {'w': 'open}\n", ":1:11: a string is not closed"),
    ]
    expect_errors(cases, "edgelist")


# ---- DOT -------------------------------------------------------------------------------------

DOT = ('/* by hand */\nstrict digraph "CPEC" {\n  label="CPEC 2.0"; node [shape=box];\n'
       '  subgraph cluster_pk { dar [label="Ishaq Dar"]; islamabad }\n'
       '  subgraph cluster_cn { wang [label="Wang Yi"]; subgraph inner { beijing } }\n'
       '  dar -> wang [weight=2.5, evidence="met in \\"Beijing\\""];\n'
       '  wang -> beijing; dar -> wang; 7 -> dar\n}\n')


def case_dot_keeps_attributes_subgraphs_and_strictness():
    got = dump(write("cpec.dot", DOT))
    expect(got["directed"], True, "digraph")
    expect(got["attrs"], {"label": "CPEC 2.0", "name": "CPEC"}, "graph attributes")
    expect(got["nodes"], [
        ["dar", {"label": "Ishaq Dar", "shape": "box", "subgraphs": ["cluster_pk"],
                 "cluster": "cluster_pk"}],
        ["islamabad", {"shape": "box", "subgraphs": ["cluster_pk"], "cluster": "cluster_pk"}],
        ["wang", {"label": "Wang Yi", "shape": "box", "subgraphs": ["cluster_cn"],
                  "cluster": "cluster_cn"}],
        ["beijing", {"shape": "box", "subgraphs": ["cluster_cn", "inner"],
                     "cluster": "cluster_cn"}],
        ["7", {"shape": "box"}]], "nodes")
    expect(got["edges"], [["dar", "wang", {"weight": 2.5, "evidence": 'met in "Beijing"'}],
                          ["wang", "beijing", {}], ["7", "dar", {}]],
           "edges in file order; strict: the repeated edge is one")


def case_dot_written_by_graphviz_and_networkx_reads_the_same():
    source = write("hand.dot", DOT)
    canon = subprocess.run(["dot", "-Tcanon", source], stdout=subprocess.PIPE, text=True,
                           check=True).stdout
    expect(edge_set(dump(write("canon.dot", canon))["edges"]), edge_set(dump(source)["edges"]),
           "dot -Tcanon (which writes edges by node)")
    G = nx.MultiGraph()
    G.add_edge("a", "b", weight=3, label="x y")
    G.add_edge("a", "b", weight=4)
    G.add_node("c", type="person")
    path = path_of("nx.dot")
    nx.nx_agraph.write_dot(G, path)
    got = dump(path)
    expect(got["directed"], False, "graph")
    expect(sorted(n[0] for n in got["nodes"]), ["a", "b", "c"], "nodes")
    expect(sorted(e[2].get("weight") for e in got["edges"]), [3, 4], "parallel edges")
    expect([n[1] for n in got["nodes"] if n[0] == "c"], [{"type": "person"}], "attributes")


def case_dot_errors_name_the_line():
    cases = [
        ("digraph {\n a -> b;\n c -> ;\n}\n", ":3: syntax error near ';'"),
        ("digraph { a -> b; 1a -> c }\n", ":1: syntax ambiguity - badly delimited number '1a'"),
        ("digraph { a }\ngraph { b }\n", ": more than one graph in the file"),
        ("digraph { a -> \x00 }\n", ":1:16: a NUL byte"),
    ]
    expect_errors(cases, "dot")


# ---- telling formats apart, and options ------------------------------------------------------


def case_dot_escapes_keys_marks_and_attributes_it_sets():
    text = ('\ufeffdigraph G {\n node [label="\\N"];\n a; b [label="\\N of \\G"];\n'
            ' a -> b [key=0, label="\\E (\\T to \\H)"]; a -> b [key=1]\n}\n')
    got = dump(write("esc.dot", text))
    expect(got["nodes"], [["a", {}], ["b", {"label": "b of G"}]], "\\N is the name")
    expect([e[2] for e in got["edges"]], [{"key": 0, "label": "a->b (a to b)"}, {"key": 1}],
           "keys kept, escapes expanded, after a byte order mark")
    clash = write("clash.dot", 'graph { subgraph cluster_x { a [cluster="mine"] } }\n')
    expect(error_of(clash), f"cpecgraph: {clash}: node 'a' has an attribute 'cluster', which "
           "the DOT reader gives the subgraphs it is in: rename it", "no attribute overwritten")
    bad, good = write("bad.dot", "digraph { a -> ; }\n"), write("good.dot", "graph { x -- y }\n")
    code, _, err = run("--check", bad, good)
    expect((code, err.strip()), (3, f"cpecgraph: {bad}:1: syntax error near ';'"),
           "a broken file leaves nothing behind for the next")

def case_formats_are_told_from_the_content_then_the_name():
    G = weighted_karate()
    text = "\n".join(nx.generate_gml(G)) + "\n"
    for name, content in [("karate.gml.txt", text), ("graph.txt", DOT),
                          ("pajek.txt", "*Vertices 1\n1 \"a\"\n"),
                          ("edges.txt", "Source,Target\na,b\n")]:
        code, _, err = run("--check", write(name, content))
        expect(code, 0, f"{name} read by its content ({err})")
    code, out, _ = run("--check", write("plain.edges", "a b\nb c\n"))
    expect(out.split(":")[1].split(";")[0].strip(), "3 nodes, 2 edges, undirected",
           "edge list by its name")
    gdf = write("g.gdf", "nodedef>name VARCHAR,label VARCHAR\na,A\nedgedef>node1,node2\na,a\n")
    expect(error_of(gdf).startswith(f"cpecgraph: {gdf}: this looks like a Gephi GDF file, which "
                                    "cpecgraph does not read; export it from Gephi"), True, "GDF")


def case_format_options_are_checked_against_the_reader():
    path = write("o.csv", "Source,Target\na,b\n")
    expect(error_of(path, "-O", "sep=;"), f"cpecgraph: {path}: --format-option sep: a CSV table "
           "takes only delimiter, source, target, id, directed", "unknown key")
    json_path = write("o.json", '{"nodes": [], "edges": []}')
    expect(error_of(json_path, "-O", "directed=true"), f"cpecgraph: {json_path}: "
           "--format-option directed: a JSON document takes no options (a STIX bundle takes "
           "refs, stubs)", "JSON")
    code, _, err = run("-O", "novalue", "--check", path)
    expect((code, err.splitlines()[0]), (2, "cpecgraph: --format-option: 'novalue' is not "
                                            "KEY=VALUE"), "usage")
    expect(error_of(path, "-O", "directed=maybe"),
           f"cpecgraph: {path}: --format-option directed=maybe: give true or false", "a value")


# ---- the writers -----------------------------------------------------------------------------

def export(fmt, *more):
    out = path_of(f"export.{fmt}")
    code, _, err = run("-p", "export", "-a", f"format={fmt}", *more, "-o", out)
    expect(code, 0, f"export {fmt} ({err})")
    return out


BUNDLED = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "data", "cpec-2.0.json")


def case_gml_export_reads_back_in_networkx_and_cpecgraph():
    path = export("gml")
    ours = dump(BUNDLED)
    G = nx.read_gml(path)
    expect(list(G.nodes), [n[0] for n in ours["nodes"]], "networkx: node ids")
    expect(G.is_directed(), True, "networkx: directed")
    first = ours["nodes"][0]
    want = {("caption" if k == "label" else k): v for k, v in first[1].items()}
    expect(G.nodes[first[0]], want, "networkx: attributes (lists as lists), label as caption")
    expect(sorted((u, v) for u, v, _ in G.edges(keys=True)),
           sorted((e[0], e[1]) for e in ours["edges"]), "networkx: edges")
    expect(dump(path), ours, "cpecgraph reads back the same graph")
    again = path_of("again.gml")
    run("-p", "export", "-a", "format=gml", "-o", again, path)
    expect(open(again).read(), open(path).read(), "a second round trip changes nothing")


def case_gml_export_refuses_names_gml_keeps():
    graph = write("names.json", json.dumps({"directed": True, "nodes": [
        {"id": "a", "label": "A", "caption": "c"}], "edges": []}))
    code, _, err = run("-p", "export", "-a", "format=gml", graph)
    expect((code, err.strip()), (1, "cpecgraph: plugin 'export': the node attribute 'label' "
                                    "would be written as 'caption', which the node also has: "
                                    "rename it, or export as graphml"), "label and caption")
    graph = write("bad-key.json", json.dumps({"nodes": [{"id": "a", "start-date": 1}],
                                              "edges": []}))
    code, _, err = run("-p", "export", "-a", "format=gml", graph)
    expect((code, "'start-date' is not a gml key" in err), (1, True), f"a key ({err})")


def case_pajek_export_reads_back_in_networkx_and_cpecgraph():
    path = export("pajek", "-a", "omit=aliases")
    P = nx.read_pajek(path)
    back = dump(path)
    ours = dump(BUNDLED)
    expect(list(P.nodes), [n[0] for n in back["nodes"]], "networkx and cpecgraph: ids")
    expect(P.number_of_edges(), len(back["edges"]), "edge count")
    expect(P.graph["name"], "CPEC 2.0", "networkx: the name")
    first = back["nodes"][0]
    expect(P.nodes[first[0]]["caption"], "Pakistan", "networkx: label as caption")
    placed = {"x": 0.0, "y": 0.0, "shape": "ellipse"}
    expect(first[1], {**placed, **{k: v for k, v in ours["nodes"][0][1].items()
                                   if k != "aliases"}}, "cpecgraph: the label back, a place")
    expect([e[:2] for e in back["edges"]], [e[:2] for e in ours["edges"]], "cpecgraph: edges")
    code, _, err = run("-p", "export", "-a", "format=pajek")
    expect((code, "holds a list or an object" in err), (1, True), f"lists refused ({err})")
    odd = write("odd.json", json.dumps({"nodes": [{"id": "a", "shape": "circle"},
                                                  {"id": "b", "x": "12.5"}], "edges": []}))
    code, out, err = run("-p", "export", "-a", "format=pajek", odd)
    expect((code, "attribute 'x' of node 'b' is \"12.5\", not a number" in err), (1, True),
           f"a coordinate that is not a number ({err})")
    shaped = write("shaped.json", json.dumps({"nodes": [{"id": "a", "shape": "circle"}],
                                              "edges": []}))
    code, out, err = run("-p", "export", "-a", "format=pajek", shaped)
    expect(out, '*Vertices 1\n1 "a" 0.0 0.0 ellipse shape "circle"\n*Edges\n', "a shape of "
           "its own, after Pajek's")


if __name__ == "__main__":
    sys.exit(main(globals()))
