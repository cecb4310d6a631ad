#!/usr/bin/python3
"""test_formats.py: the input formats other than node-link (JSON Lines, JSON Graph Format,
Cytoscape.js, GraphML), each written by an independent producer (NetworkX, or by hand from the
format's specification), read by the built binary and compared with the producer's graph; and
one case per error class of each format, with its place.

Usage: test_formats.py CPECGRAPH TESTDATA_DIR   (last line: 'N passed, N failed')"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import expect, main, write_file  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="cpecgraph-formats-")

# Prints the graph as one JSON document: flags, graph attributes, nodes and edges in order.
DUMP = r'''
local function plain(attrs) local t = {} for k, v in pairs(attrs) do t[k] = v end return t end
local out = {directed = graph.directed, attrs = plain(graph.attrs), nodes = {}, edges = {}}
for n in graph:nodes() do out.nodes[#out.nodes + 1] = {n.id, plain(n.attrs)} end
for e in graph:edges() do out.edges[#out.edges + 1] = {e.source.id, e.target.id, plain(e.attrs)} end
print(cpecgraph.to_json(out))
'''


def run(*args, stdin=None):
    proc = subprocess.run([BIN, *args], input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def dump(path, *options):
    code, out, err = run(*options, "-e", DUMP, path)
    expect(code, 0, f"exit ({err})")
    return json.loads(out)


def write(name, text):
    return write_file(TMP, name, text)


def karate():
    G = nx.karate_club_graph()
    for n in G.nodes:
        G.nodes[n]["type"] = "person"
    return G


def same_graph(got, G, what, node_key=str):
    """GOT (a dump) holds G's nodes, edges and attributes."""
    ids = [node_key(n) for n in G.nodes]
    expect([n[0] for n in got["nodes"]], ids, f"{what}: node ids in order")
    for (nid, attrs), n in zip(got["nodes"], G.nodes):
        expect(attrs, dict(G.nodes[n]), f"{what}: attributes of node {nid}")
    expect(len(got["edges"]), G.number_of_edges(), f"{what}: edge count")
    for (s, t, attrs), (u, v, d) in zip(got["edges"], G.edges(data=True)):
        expect((s, t), (node_key(u), node_key(v)), f"{what}: edge ends")
        expect(attrs, dict(d), f"{what}: attributes of edge {s}-{t}")
    expect(got["directed"], G.is_directed(), f"{what}: directed")


def error_of(path, *options, code=3):
    got, _, err = run(*options, "--check", path)
    expect(got, code, f"exit ({err})")
    return err.strip()


# ---- JSON Lines ----------------------------------------------------------------------------

def jsonl_of(G, header=True):
    lines = [json.dumps({"directed": G.is_directed(), "graph": G.graph})] if header else []
    lines += [json.dumps({"id": n, **G.nodes[n]}) for n in G.nodes]
    lines += [json.dumps({"source": u, "target": v, **d}) for u, v, d in G.edges(data=True)]
    return "\n".join(lines) + "\n"


def case_jsonl_matches_networkx():
    G = karate()
    got = dump(write("karate.jsonl", jsonl_of(G)))
    same_graph(got, G, "jsonl")
    expect(got["attrs"], G.graph, "graph attributes")


def case_jsonl_is_told_from_its_content_and_from_stdin():
    G = karate()
    text = jsonl_of(G)
    got = dump(write("karate-lines.json", text))
    same_graph(got, G, "jsonl named .json")
    code, out, err = run("--check", "-", stdin=text)
    expect(code, 0, f"exit ({err})")
    expect(out.strip(), "<stdin>: 34 nodes, 78 edges, undirected; node types: person 34", "check")


def case_jsonl_edges_may_come_before_their_nodes():
    text = '{"source": "b", "target": "a"}\n{"id": "a"}\n{"id": "b"}\n'
    got = dump(write("late.jsonl", text))
    expect(got["edges"], [["b", "a", {}]], "edges")


def case_jsonl_errors_name_the_line():
    path = write("bad.jsonl", '{"id": "a"}\n\n{"id": "b", }\n{"source": "a", "target": "zz"}\n'
                              '[1]\n{"id": "a"}\n{"colour": "red"}\n')
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}:3:11: trailing comma before '}}'",
        f"cpecgraph: {path}:4: /target: unknown node 'zz'",
        f"cpecgraph: {path}:5: expected an object (a node, an edge or the graph), got array",
        f"cpecgraph: {path}:6: /id: duplicate id 'a' (first declared on line 1)",
        f"cpecgraph: {path}:7: /colour: a line holds a node ('id'), an edge ('source', 'target') "
        "or the graph ('directed', 'multigraph', 'graph'); 'colour' is none of these",
    ], "messages (in line order, though unknown nodes are found last)")


def peak_rss_kb(*args):
    """Peak RSS of cpecgraph ARGS, measured from a small process: a child forked from this one
    would start as large as it is. Also its stderr."""
    wrapper = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    proc = subprocess.run([sys.executable, "-c", wrapper, BIN, *args], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    return int(proc.stdout.split()[-1]), proc.stderr


def case_jsonl_bad_lines_do_not_pile_up():
    """Each line is parsed in memory that the next line reuses, whether it parsed or not: 16000
    lines cut short (32 MB) cost no more than 20 of them."""
    line = '{"id": "x", "a": [' + "1," * 1000 + "\n"
    few = write("cut-short-few.jsonl", line * 20)
    many = write("cut-short.jsonl", line * 16000)
    base_kb, _ = peak_rss_kb("--check", few)
    peak_kb, err = peak_rss_kb("--check", many)
    expect(err.splitlines()[0],
           f"cpecgraph: {many}:1:2019: unexpected end of input, expected a value", "first error")
    expect(peak_kb - base_kb < 16 * 1024, True, f"peak RSS {peak_kb} KB against {base_kb} KB")
    os.unlink(many)


def case_jsonl_format_can_be_forced():
    path = write("forced.txt", '{"id": "only"}\n')  # one line: auto reads it as node-link
    expect(error_of(path), f"cpecgraph: {path}: /: 'nodes' is missing", "auto")
    got = dump(path, "--format", "jsonl")
    expect(got["nodes"], [["only", {}]], "forced")


# ---- JSON Graph Format ---------------------------------------------------------------------

def jgf_of(G, keyed=True):
    nodes = [(str(n), {"label": f"N{n}", "metadata": {"club": G.nodes[n]["club"]}})
             for n in G.nodes]
    graph = {"directed": False, "label": "karate", "metadata": {"year": 1977},
             "nodes": dict(nodes) if keyed else [{"id": i, **v} for i, v in nodes],
             "edges": [{"source": str(u), "target": str(v), "relation": "friend",
                        "metadata": {"weight": d["weight"]}} for u, v, d in G.edges(data=True)]}
    return graph


def jgf_expected(G):
    H = nx.Graph()
    H.graph.update(label="karate", year=1977)
    for n in G.nodes:
        H.add_node(n, club=G.nodes[n]["club"], label=f"N{n}")
    for u, v, d in G.edges(data=True):
        H.add_edge(u, v, weight=d["weight"], type="friend")
    return H


def case_jgf_v2_and_v1_match_the_specification():
    G = karate()
    H = jgf_expected(G)
    for name, doc in [("v2", {"graph": jgf_of(G)}), ("v1", {"graph": jgf_of(G, keyed=False)}),
                      ("graphs", {"graphs": [jgf_of(G)]})]:
        got = dump(write(f"karate-{name}.json", json.dumps(doc)))
        same_graph(got, H, f"jgf {name}")
        expect(got["attrs"], H.graph, f"jgf {name}: graph attributes")


def case_jgf_graphs_are_directed_unless_they_say_not():
    doc = {"graph": {"nodes": {"a": {}, "b": {}}, "edges": [{"source": "a", "target": "b"}]}}
    expect(dump(write("jgf-directed.json", json.dumps(doc)))["directed"], True, "directed")


CAR_GRAPHS = {"graphs": [  # after the JGF specification's car_graphs.json: ids repeat
    {"directed": True, "type": "car", "label": "Car Manufacturer Relationships",
     "nodes": {"nissan": {"label": "Nissan"}, "infiniti": {"label": "Infiniti"},
               "toyota": {"label": "Toyota"}},
     "edges": [{"source": "nissan", "relation": "has_luxury_division", "target": "infiniti"}]},
    {"directed": True, "type": "car", "label": "Car Manufacturer Countries",
     "nodes": {"nissan": {"label": "Nissan", "metadata": {"country": "Japan"}},
               "japan": {"label": "Japan"}, "toyota": {"label": "Toyota Motor"}},
     "edges": [{"source": "nissan", "relation": "based_in", "target": "japan"},
               {"source": "toyota", "relation": "based_in", "target": "japan"}]}]}


def case_jgf_collections_merge_their_graphs_by_id():
    path = write("car_graphs.json", json.dumps(CAR_GRAPHS))
    got = dump(path)
    expect(got["nodes"], [["nissan", {"label": "Nissan", "country": "Japan"}],
                          ["infiniti", {"label": "Infiniti"}],
                          ["toyota", {"label": "Toyota Motor"}], ["japan", {"label": "Japan"}]],
           "one node per id, later values win")
    expect([e[:2] for e in got["edges"]], [["nissan", "infiniti"], ["nissan", "japan"],
                                           ["toyota", "japan"]], "every graph's edges")
    code, _, err = run("--verbose", "--check", path)
    expect((code, err.strip()), (0, f"cpecgraph: {path}: /graphs/1/nodes/toyota: note: 'label' "
           "of node 'toyota' overwrites the value from an earlier graph of the collection"), "note")
    again = {"graphs": [{"nodes": [{"id": "a"}]}, {"nodes": [{"id": "a"}, {"id": "a"}]}]}
    path = write("jgf-twice.json", json.dumps(again))
    expect(error_of(path), f"cpecgraph: {path}: /graphs/1/nodes/1/id: duplicate id 'a' (first "
           "declared at /graphs/0/nodes/0)", "a repeated id within one graph is still an error")


def case_jgf_errors_have_pointers():
    doc = {"graph": {"nodes": {"a": {"metadata": 3}, "b": {}},
                     "edges": [{"source": "a", "target": "c"}, {"source": "a"}, 7]}}
    path = write("bad-jgf.json", json.dumps(doc))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /graph/nodes/a/metadata: 'metadata' must be an object, got number",
        f"cpecgraph: {path}: /graph/edges/1: edge has no 'target'",
        f"cpecgraph: {path}: /graph/edges/2: an edge must be an object, got number",
        f"cpecgraph: {path}: /graph/edges/0/target: unknown node 'c' (did you mean 'a'?)",
    ], "messages")


# ---- Cytoscape.js --------------------------------------------------------------------------

def case_cytoscape_data_from_networkx_matches():
    G = karate()
    got = dump(write("karate.cyjs", json.dumps(nx.cytoscape_data(G))))
    same_graph(got, G, "cytoscape")
    expect(got["attrs"], G.graph, "graph attributes from NetworkX's pair list")


def case_cytoscape_elements_as_a_list_with_groups():
    doc = {"elements": [
        {"group": "nodes", "data": {"id": "a", "type": "country"}, "position": {"x": 1, "y": 2}},
        {"data": {"id": "b"}},
        {"group": "edges", "data": {"id": "e1", "source": "a", "target": "b", "type": "ally"}}]}
    got = dump(write("elements.json", json.dumps(doc)))
    expect(got["nodes"], [["a", {"type": "country", "position": {"x": 1, "y": 2}}], ["b", {}]],
           "nodes")
    expect(got["edges"], [["a", "b", {"id": "e1", "type": "ally"}]], "edges")


def case_cytoscape_groups_without_elements_are_read_as_cytoscape():
    G = karate()
    data = nx.cytoscape_data(G)
    doc = {"directed": data["directed"], **data["elements"]}  # as cytoscape.js also accepts it
    path = write("karate-groups.json", json.dumps(doc))
    same_graph(dump(path), G, "groups at the top")
    expect(dump(path, "--format", "cytoscape")["nodes"], dump(path)["nodes"], "forced")
    doc = {"nodes": [{"data": {"id": "a"}}], "edges": [{"data": {"source": "a", "target": "zz"}}],
           "edgez": []}
    path = write("groups-bad.json", json.dumps(doc))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /edgez: unknown member 'edgez' (did you mean 'edges'?)",
        f"cpecgraph: {path}: /edges/0/data/target: unknown node 'zz'"],
        "errors point into the groups")


def case_cytoscape_errors_have_pointers():
    doc = {"elements": {"nodes": [{"data": {"id": "a"}}, {"position": {}}, {"data": {"id": "a"}}],
                        "edges": [{"data": {"source": "a", "target": "x"}}]}}
    path = write("bad-cy.json", json.dumps(doc))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /elements/nodes/1: element has no 'data'",
        f"cpecgraph: {path}: /elements/nodes/2/data/id: duplicate id 'a' "
        "(first declared at /elements/nodes/0/data)",
        f"cpecgraph: {path}: /elements/edges/0/data/target: unknown node 'x' (did you mean 'a'?)",
    ], "messages")


# ---- GraphML -------------------------------------------------------------------------------

def case_graphml_from_networkx_matches():
    G = karate()
    path = os.path.join(TMP, "karate.graphml")
    nx.write_graphml(G, path)
    got = dump(path)
    same_graph(got, G, "graphml")
    expect(got["attrs"], G.graph, "graph attributes")


def case_graphml_directed_keeps_direction_and_types():
    G = nx.DiGraph()
    G.add_node("x", score=1.5, ok=True, name="X")
    G.add_node("y", score=2.0, ok=False, name="Y")
    G.add_edge("y", "x", kind="funds", amount=12)
    path = os.path.join(TMP, "typed.graphml")
    nx.write_graphml(G, path)
    got = dump(path)
    expect(got["directed"], True, "directed")
    expect(got["nodes"], [["x", {"score": 1.5, "ok": True, "name": "X"}],
                          ["y", {"score": 2, "ok": False, "name": "Y"}]], "nodes")
    expect(got["edges"], [["y", "x", {"kind": "funds", "amount": 12}]], "edges")


def case_graphml_errors_name_the_line():
    path = write("truncated.graphml", "<?xml version='1.0'?>\n<graphml><graph><node id='a'>\n")
    expect(error_of(path), f"cpecgraph: {path}:3:1: Premature end of data in tag node line 2",
           "not well-formed")
    path = write("notxml.json", '{"nodes": []}')
    expect(error_of(path, "--format", "graphml"),
           f"cpecgraph: {path}:1:1: Start tag expected, '<' not found", "forced on JSON")
    path = write("bad.graphml", """<graphml>
<key id="w" for="edge" attr.name="weight" attr.type="double"/>
<graph edgedefault="undirected">
<node id="a"/><node id="a"/>
<node id="b"><data key="nope">1</data></node>
<edge source="a" target="b"><data key="w">heavy</data></edge>
<edge source="a" target="zz"/>
<hyperedge/>
</graph></graphml>""")
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}:4: attribute 'id': duplicate id 'a' (first declared on line 4)",
        f"cpecgraph: {path}:5: attribute 'key': <data> refers to no <key> for node named 'nope'",
        f"cpecgraph: {path}:6: value of 'weight' is not a number",
        f"cpecgraph: {path}:7: attribute 'target': unknown node 'zz'",
        f"cpecgraph: {path}:8: hyperedges are not supported: a relation joins two nodes",
    ], "messages")


def case_graphml_from_yed_takes_labels_from_the_drawing():
    got = dump(os.path.join(DATA, "yed.graphml"))
    expect(got["nodes"], [["n0", {"description": "first", "label": "Alice"}],
                          ["n1", {"label": "Bob"}]], "nodes: drawing data is no attribute")
    expect(got["edges"], [["n0", "n1", {"label": "knows"}]], "edges")


def case_graphml_from_yed_live_takes_labels_and_drops_the_drawing():
    got = dump(os.path.join(DATA, "yed-live.graphml"))  # yFiles 2: labels in x:List
    expect(got["nodes"], [["n0", {"url": "https://example.org/a", "label": "Wang Yi"}],
                          ["n1", {}]], "nodes: the first Label.Text; geometry, z-order, folding "
                                       "dropped")
    expect(got["edges"], [["n0", "n1", {"label": "meets"}]], "edges")


def case_graphml_refuses_a_dtd():
    path = write("dtd.graphml", '<?xml version="1.0"?>\n<!DOCTYPE g [<!ENTITY a "aaaa">]>\n'
                                '<graphml><graph><node id="&a;"/></graph></graphml>')
    expect(error_of(path), f"cpecgraph: {path}: a document type declaration (<!DOCTYPE>) is not "
           "accepted in GraphML or GEXF", "dtd")
    expect(error_of(path, "--format", "gexf"), f"cpecgraph: {path}: a document type declaration "
           "(<!DOCTYPE>) is not accepted in GEXF", "dtd, GEXF forced")


# ---- --format ------------------------------------------------------------------------------

def case_unknown_format_is_a_usage_error():
    code, _, err = run("--format", "gdf", "--check")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: --format: unknown format 'gdf'; the formats: auto "
           "node-link jsonl ftm jgf cytoscape stix graphml gexf gml pajek gdelt csv edgelist dot",
           "stderr")


def case_forced_format_reports_the_mismatch():
    G = karate()
    path = write("cy-as-jgf.json", json.dumps(nx.cytoscape_data(G)))
    expect(error_of(path, "--format", "jgf"), f"cpecgraph: {path}: /: 'graph' is missing",
           "jgf forced on cytoscape")


# ---- D3 and NetworkX 1.x node-link: nodes without ids, links by position --------------------

MISERABLES = {  # the head of D3 v3's miserables.json, as hundreds of repositories ship it
    "nodes": [{"name": "Myriel", "group": 1}, {"name": "Napoleon", "group": 1},
              {"name": "Mlle.Baptistine", "group": 1}, {"name": "Mme.Magloire", "group": 1},
              {"name": "Labarre", "group": 2}],
    "links": [{"source": 1, "target": 0, "value": 1}, {"source": 2, "target": 0, "value": 8},
              {"source": 3, "target": 0, "value": 10}, {"source": 3, "target": 2, "value": 6},
              {"source": 4, "target": 3, "value": 1}],
}


def case_d3_nodes_without_ids_are_named_by_position():
    G = nx.Graph()  # read as NetworkX 1.x read it: the position is the node
    for i, node in enumerate(MISERABLES["nodes"]):
        G.add_node(i, **node)
    for link in MISERABLES["links"]:
        G.add_edge(link["source"], link["target"], value=link["value"])
    path = write("miserables.json", json.dumps(MISERABLES))
    got = dump(path)
    expect(got["nodes"], [[str(n), d] for n, d in G.nodes(data=True)], "nodes")
    expect(sorted((sorted((s, t)), d) for s, t, d in got["edges"]),
           sorted((sorted((str(u), str(v))), d) for u, v, d in G.edges(data=True)), "edges")
    expect(got["directed"], False, "directed")
    code, out, err = run("-p", "centrality", "-a", "measures=degree", "-a", "top=2", path)
    expect(code, 0, f"exit ({err})")
    expect([line.split()[1] for line in out.splitlines()[3:]], ["Myriel", "Mme.Magloire"],
           "plugins show a node's name where it has no label")
    code, out, err = run("-p", "paths", "-a", "from=napoleon", "-a", "to=Labarre", path)
    expect((code, out.splitlines()[0]), (0, "1 path from Napoleon to Labarre"), "names resolve")


# ---- graphology (sigma.js) ------------------------------------------------------------------

GRAPHOLOGY = {  # graph.export() of graphology, as its serialisation specification shows it
    "attributes": {"name": "My Graph"},
    "options": {"allowSelfLoops": True, "multi": False, "type": "mixed"},
    "nodes": [{"key": "Thomas"}, {"key": "Eric", "attributes": {"age": 34, "label": "Eric R."}}],
    "edges": [{"key": "T->E", "source": "Thomas", "target": "Eric", "attributes": {"type": "KNOWS",
                                                                                  "weight": 1}}],
}


def case_graphology_json_is_read_with_its_keys_and_options():
    got = dump(write("graphology.json", json.dumps(GRAPHOLOGY)))
    expect(got["attrs"], {"name": "My Graph"}, "graph attributes")
    expect(got["nodes"], [["Thomas", {}], ["Eric", {"age": 34, "label": "Eric R."}]], "nodes")
    expect(got["edges"], [["Thomas", "Eric", {"key": "T->E", "type": "KNOWS", "weight": 1}]],
           "edges keep their key")
    expect(got["directed"], True, "mixed with no undirected edge: directed")
    sigma = {"nodes": [{"key": "0", "label": "Myriel", "x": 1.5, "y": -2, "size": 4}],
             "edges": [{"source": "0", "target": "0", "undirected": True}]}
    got = dump(write("sigma.json", json.dumps(sigma)))
    expect(got["nodes"], [["0", {"label": "Myriel", "x": 1.5, "y": -2, "size": 4}]],
           "sigma's form: attributes beside the key")
    expect(got["directed"], False, "every edge undirected")
    mixed = dict(GRAPHOLOGY, edges=GRAPHOLOGY["edges"] + [
        {"source": "Eric", "target": "Thomas", "undirected": True}])
    path = write("mixed.json", json.dumps(mixed))
    expect(error_of(path), f"cpecgraph: {path}: /: 1 of the 2 edges are undirected and the "
           "others directed: cpecgraph holds graphs whose edges are all one or the other", "mixed")
    one_way = dict(GRAPHOLOGY, options={"type": "directed"}, edges=[
        {"source": "Eric", "target": "Thomas", "undirected": True}])
    path = write("one-way.json", json.dumps(one_way))
    expect(error_of(path), f"cpecgraph: {path}: /options/type: the graph is directed, but 1 of "
           "its edges are undirected", "undirected edges in a directed graph")
    first = {"edges": GRAPHOLOGY["edges"], "nodes": GRAPHOLOGY["nodes"], "directed": False}
    path = write("edges-first.json", json.dumps(first))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /directed: 'directed' is node-link JSON, but the nodes have a 'key', "
        "as graphology's do: use its 'options' and 'attributes'",
        f"cpecgraph: {path}: /edges: the edges come before the nodes, whose 'key' says "
        "graphology: 1 edges were read as node-link edges; put 'nodes' first, as graphology "
        "writes it"], "node-link members, and edges before the nodes")
    odd = {"options": {"multi": "yes"}, "nodes": [{"key": "a"}],
           "edges": [{"source": "a", "target": "a", "undirected": 1}]}
    path = write("graphology-odd.json", json.dumps(odd))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /edges/0/undirected: 'undirected' must be true or false, got number",
        f"cpecgraph: {path}: /options/multi: 'multi' must be true or false, got string"], "flags")
    path = write("graphology-options.json", json.dumps({"options": [], "nodes": [{"key": "a"}]}))
    expect(error_of(path), f"cpecgraph: {path}: /options: 'options' must be an object, got array",
           "options")
    bad = {"options": {"type": "sideways"}, "nodes": [{"key": "a"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "a", "attributes": [1]}]}
    path = write("graphology-bad.json", json.dumps(bad))
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}: /nodes/1: node has no 'key'",
        f"cpecgraph: {path}: /edges/0/attributes: 'attributes' must be an object, got array",
        f"cpecgraph: {path}: /options/type: 'type' must be \"directed\", \"undirected\" or "
        '"mixed"'], "errors")


# ---- GEXF -------------------------------------------------------------------------------------

def same_as_networkx(path, what):
    """PATH read by cpecgraph holds what NetworkX's read_gexf reads from it."""
    H = nx.read_gexf(path)
    got = dump(path)
    expect(got["directed"], H.is_directed(), f"{what}: directed")
    expect([n[0] for n in got["nodes"]], list(H.nodes), f"{what}: node ids in order")
    for (nid, attrs), n in zip(got["nodes"], H.nodes):
        expect(attrs, H.nodes[n], f"{what}: node {nid}")
    expect([e[:2] for e in got["edges"]], [[u, v] for u, v in H.edges()], f"{what}: edge ends")
    for (s, t, attrs), (u, v, d) in zip(got["edges"], H.edges(data=True)):
        expect(attrs, d, f"{what}: edge {s}-{t}")
    return got


def case_gexf_from_networkx_matches_its_reader():
    G = karate()
    for n in G.nodes:
        G.nodes[n].update(score=n * 1.5, big=n > 10, rank=n,
                          viz={"color": {"r": 255, "g": n, "b": 0, "a": 0.5},
                               "position": {"x": float(n), "y": -2.0, "z": 0.0}, "size": 3.0})
    G.nodes[0]["label"] = "Mr Hi"
    path = os.path.join(TMP, "karate.gexf")
    nx.write_gexf(G, path)
    got = same_as_networkx(path, "karate")
    expect(got["attrs"]["name"], G.graph["name"], "the graph's name")
    expect(got["attrs"]["creator"].startswith("NetworkX"), True, "<meta> is kept")
    D = nx.DiGraph()
    D.add_edge("a", "b", weight=2.5, label="knows", since=1999)
    D.add_edge("b", "c")
    path = os.path.join(TMP, "directed.gexf")
    nx.write_gexf(D, path)
    same_as_networkx(path, "directed")


GEXF_13 = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">
  <graph mode="dynamic" defaultedgetype="directed" timeformat="date">
    <attributes class="node" mode="dynamic">
      <attribute id="0" title="role" type="string"><default>observer</default></attribute>
      <attribute id="1" title="members" type="integer"/>
      <attribute id="2" title="aliases" type="liststring"/>
    </attributes>
    <attributes class="edge">
      <attribute id="e0" title="evidence" type="string"/>
    </attributes>
    <nodes>
      <node id="pk" label="Pakistan" start="1947-08-14">
        <attvalues>
          <attvalue for="1" value="4" start="2015-01-01" end="2019-12-31"/>
          <attvalue for="1" value="6" start="2020-01-01"/>
          <attvalue for="2" value="[Islamic Republic of Pakistan]"/>
        </attvalues>
        <spells><spell start="1947-08-14"/></spells>
      </node>
      <node id="cn" label="China"/>
    </nodes>
    <edges>
      <edge id="e1" source="pk" target="cn" weight="3" kind="ally" label="strategic partners">
        <attvalues><attvalue for="e0" value="the sixth Strategic Dialogue"/></attvalues>
        <viz:color r="10" g="20" b="30"/><viz:thickness value="2.5"/>
      </edge>
    </edges>
  </graph>
</gexf>
"""


def case_gexf_1_3_keeps_defaults_time_and_drawing():
    got = dump(write("dynamic.gexf", GEXF_13))
    expect(got["directed"], True, "defaultedgetype")
    expect(got["attrs"], {"mode": "dynamic", "timeformat": "date"}, "graph attributes")
    expect(got["nodes"], [
        ["pk", {"label": "Pakistan", "start": "1947-08-14",
                "members": [{"value": 4, "start": "2015-01-01", "end": "2019-12-31"},
                            {"value": 6, "start": "2020-01-01"}],
                "aliases": "[Islamic Republic of Pakistan]", "role": "observer",
                "spells": [{"start": "1947-08-14"}]}],
        ["cn", {"label": "China", "role": "observer"}]], "nodes")
    expect(got["edges"], [["pk", "cn", {
        "id": "e1", "label": "strategic partners", "weight": 3.0, "kind": "ally",
        "evidence": "the sixth Strategic Dialogue",
        "viz": {"color": {"r": 10, "g": 20, "b": 30}, "thickness": 2.5}}]], "edges")
    old = GEXF_13.replace('for="2"', 'id="2"').replace('version="1.3"', 'version="1.1"')
    expect(dump(write("old.gexf", old))["nodes"][0][1]["aliases"],
           "[Islamic Republic of Pakistan]", "GEXF 1.1's attvalue id=")


def case_gexf_declarations_and_values_that_cannot_be_read_are_errors():
    text = ('<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
            '<graph defaultedgetype="sideways">\n'
            '<attributes class="vertex"><attribute id="9" title="w"/></attributes>\n'
            '<attributes class="node"><attribute title="nameless"/>'
            '<attribute id="0" title="n" type="integer"/></attributes>\n'
            '<nodes><node id="a"><attvalues><attvalue for="0" value="1"/>'
            '<attvalue for="0" value="2"/></attvalues></node>\n'
            '<node id="b"><attvalues><attvalue for="0" value="1"/>'
            '<attvalue for="0" value="2" start="3"/></attvalues></node></nodes>\n'
            '</graph></gexf>\n')
    path = write("declarations.gexf", text)
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}:2: attribute 'defaultedgetype': 'defaultedgetype' must be directed "
        "or undirected, got 'sideways'",
        f"cpecgraph: {path}:3: attribute 'class': 'class' must be node or edge",
        f"cpecgraph: {path}:4: attribute 'id': <attribute> has no 'id'",
        f"cpecgraph: {path}:5: a second value of 'n' (values over time have a spell: start, end "
        "or timestamp)",
        f"cpecgraph: {path}:6: 'n' has a value for all time and values over time"], "messages")
    empty = write("empty.gexf", '<gexf xmlns="http://gexf.net/1.3" version="1.3"/>')
    expect(error_of(empty), f"cpecgraph: {empty}:1: <gexf> holds no <graph>", "no graph")
    graphml = os.path.join(DATA, "yed.graphml")
    expect(error_of(graphml, "--format", "gexf"),
           f"cpecgraph: {graphml}: expected a <gexf> document, found <graphml>", "forced")


def case_gexf_time_stamps_and_an_undeclared_viz_prefix_are_kept():
    text = ('<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed" '
            'timerepresentation="timestamp"><attributes class="node"><attribute id="0" '
            'title="score" type="integer"/></attributes><nodes><node id="a" timestamps="[1,2]">'
            '<attvalues><attvalue for="0" value="5" timestamp="1"/><attvalue for="0" value="6" '
            'timestamp="2"/></attvalues><viz:size value="3"/></node></nodes></graph></gexf>')
    got = dump(write("stamps.gexf", text))
    expect(got["nodes"], [["a", {"timestamps": "[1,2]", "score": [{"value": 5, "timestamp": "1"},
                                                                 {"value": 6, "timestamp": "2"}],
                                 "viz": {"size": 3.0}}]], "time stamps, viz without xmlns:viz")


def case_gexf_errors_name_the_line():
    bad = (GEXF_13.replace('for="e0"', 'for="e9"').replace('value="6"', 'value="six"')
           .replace('<node id="cn" label="China"/>',
                    '<node id="cn" label="China"/><node id="x"><nodes/></node>')
           .replace('kind="ally"', 'kind="ally" type="mutual"'))
    path = write("bad.gexf", bad)
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}:16: value of 'members' is not an integer",
        f"cpecgraph: {path}:21: nested nodes (a hierarchy) are not supported",
        f"cpecgraph: {path}:24: attribute 'type': a mutual edge (both ways) is not supported: "
        "write two directed edges",
        f"cpecgraph: {path}:25: attribute 'for': <attvalue> refers to no <attribute> with id "
        "'e9'"], "messages")
    odd = GEXF_13.replace('kind="ally"', 'type="undirectd"').replace(
        '<attvalue for="2" value="[Islamic Republic of Pakistan]"/>', '<attvalue for="2"/>')
    path = write("odd.gexf", odd)
    expect(error_of(path).splitlines(), [
        f"cpecgraph: {path}:17: value of 'aliases' is missing",
        f"cpecgraph: {path}:24: attribute 'type': 'type' must be directed, undirected or mutual, "
        "got 'undirectd'"], "a value missing, a misspelt type")
    expect(error_of(write("as-graphml.gexf", GEXF_13), "--format", "graphml"),
           f"cpecgraph: {TMP}/as-graphml.gexf: expected a <graphml> document, found <gexf>",
           "a forced format")


# ---- telling formats apart ------------------------------------------------------------------

def not_read(path, title, advice_start):
    """The one error for a file in a format cpecgraph recognises and does not read."""
    err = error_of(path)
    head = f"cpecgraph: {path}: this looks like {title}, which cpecgraph does not read; "
    expect(err.startswith(head + advice_start), True, f"message for {title}: {err!r}")
    expect(len(err.splitlines()), 1, f"one message for {title}")


def case_a_file_named_for_another_format_is_still_read_by_its_content():
    path = write("graph.csv", '{"nodes": [{"id": "a"}], "links": []}')
    got = dump(path)
    expect(got["nodes"], [["a", {}]], "JSON named .csv")
    forced = write("forced.gml", 'graph [ node [ id 1 ] ]\n')
    expect(error_of(forced, "--format", "node-link"), f"cpecgraph: {forced}:1:1: invalid literal",
           "a forced format is read as told")
    text = write("prose.txt", "graphs are everywhere\n")
    expect(error_of(text), f"cpecgraph: {text}:1:1: invalid literal", "not a format at all")


FTM_LINES = [  # FollowTheMoney entities as Aleph and OpenSanctions export them
    {"id": "p1", "schema": "Person", "properties": {"name": ["Ana Ruiz"]}},
    {"id": "c1", "schema": "Company", "properties": {"name": ["Acme Ltd"]}},
    {"id": "o1", "schema": "Ownership", "properties": {"owner": ["p1"], "asset": ["c1"]}},
]
GRAPHSON_LINES = [  # TinkerPop's GraphSON 3 adjacency lists, a vertex per line
    {"id": 1, "label": "person", "outE": {"knows": [{"id": 7, "inV": 2}]},
     "properties": {"name": [{"id": 0, "value": "marko"}]}},
    {"id": 2, "label": "person", "inE": {"knows": [{"id": 7, "outV": 1}]}},
]


def case_other_tools_json_never_loads_as_nodes_without_edges():
    ftm = write("entities.ftm.json", "\n".join(json.dumps(o) for o in FTM_LINES) + "\n")
    forced = error_of(ftm, "--format", "jsonl")
    expect(forced, f"cpecgraph: {ftm}:1: this looks like FollowTheMoney entities: give --format "
           "ftm, or no --format", "FtM lines, read as JSON Lines by force")
    not_read(write("entities.json", json.dumps(FTM_LINES)),
             "FollowTheMoney entities (Aleph, OpenSanctions)", "write them one a line")
    graphson = write("tinkerpop.json", "\n".join(json.dumps(o) for o in GRAPHSON_LINES) + "\n")
    expect(error_of(graphson).startswith(f"cpecgraph: {graphson}:1: this looks like TinkerPop "
           "GraphSON, which cpecgraph does not read; its edges are nested"), True, "GraphSON")
    bundle = {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d",
              "objects": [{"type": "indicator", "spec_version": "2.1",
                           "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f"}]}
    stix_lines = write("stix.jsonl", "\n".join(json.dumps(o) for o in bundle["objects"]) + "\n")
    expect(error_of(stix_lines).startswith(f"cpecgraph: {stix_lines}:1: this looks like STIX 2.1 "
           "objects"), True, "STIX objects as lines")
    expect("put them in a bundle" in error_of(stix_lines), True, "STIX advice")


def case_formats_merge_like_files():
    a = write("a.jsonl", '{"id": "a", "type": "country"}\n{"id": "b"}\n')
    b = write("b.json", json.dumps({"graph": {"directed": False, "nodes": {"b": {}, "c": {}},
                                              "edges": [{"source": "a", "target": "c"}]}}))
    code, out, err = run("-e", DUMP, a, b)
    expect(code, 0, f"exit ({err})")
    got = json.loads(out)
    expect([n[0] for n in got["nodes"]], ["a", "b", "c"], "nodes")
    expect(got["edges"], [["a", "c", {}]], "edges")


def case_merging_a_tree_format_keeps_its_attributes_and_notes_overwrites():
    a = write("m-a.json", json.dumps({"nodes": [{"id": "a", "x": 1}, {"id": "b"}]}))
    jgf = write("m-b.json", json.dumps({"graph": {"directed": False, "nodes": {
        "a": {"metadata": {"x": 4}}, "c": {"metadata": {"x": 7}}}}}))
    G = nx.Graph()
    G.add_node("a", x=4)
    G.add_node("c", x=7)
    cy = write("m-c.json", json.dumps(nx.cytoscape_data(G)))
    gml = os.path.join(TMP, "m-d.graphml")
    nx.write_graphml(G, gml)
    for other in (jgf, cy, gml):
        code, out, err = run("-v", "-e", DUMP, a, other)
        expect(code, 0, f"exit ({err})")
        got = json.loads(out)
        expect(got["nodes"], [["a", {"x": 4}], ["b", {}], ["c", {"x": 7}]], f"merged {other}")
        assert (f"note: node 'a': 'x' is 4 here but 1 in {a}; the later value replaces it "
                "(--on-conflict last)") in err, err
    _, _, err = run("--check", a, jgf)  # a conflict is a note shown without -v
    assert f"{jgf}: /graph/nodes/a: note:" in err, err


def case_objects_of_many_members_load_in_linear_time():
    """Issue 19, item 3: every member was searched for among those before it, so that a
    "graph" of 160k members took two minutes to merge, JGF metadata of 80k 42 s, and a GraphML
    element of 60k <data> many seconds. The subprocess timeout is the test."""
    graph = {f"k{i}": i for i in range(160000)}
    big = write("big-graph.json", json.dumps({"graph": graph, "nodes": [], "edges": []}))
    code, out, err = run("--check", big, big)
    expect(code, 0, f"exit ({err})")
    meta = {f"m{i}": i for i in range(80000)}
    jgf = write("big-meta.json", json.dumps({"graph": {"nodes": [{"id": "a", "metadata": meta}],
                                                       "edges": []}}))
    expect(len(dump(jgf)["nodes"][0][1]), 80000, "JGF metadata")
    n = 60000
    keys = "".join(f'<key id="k{i}" for="node" attr.name="a{i}" attr.type="int"/>'
                   for i in range(n))
    data = "".join(f'<data key="k{i}">{i}</data>' for i in range(n))
    graphml = write("big-node.graphml", '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                    f'{keys}<graph edgedefault="undirected"><node id="x">{data}</node></graph>'
                    '</graphml>')
    code, out, err = run("--check", graphml)
    expect((code, out.split(";")[0]), (0, f"{graphml}: 1 node, 0 edges, undirected"), err)
    twice = write("twice.graphml", '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
                  '<key id="w" for="node" attr.name="w" attr.type="int"><default>7</default></key>'
                  '<graph><node id="x"><data key="w">1</data><data key="w">2</data></node>'
                  '<node id="y"/></graph></graphml>')
    expect(dump(twice)["nodes"], [["x", {"w": 2}], ["y", {"w": 7}]], "the last <data> wins")


def case_sixty_four_bit_integers_and_empty_arrays_survive():
    doc = {"nodes": [{"id": "a", "tweet": 1234567890123456789, "odd": 9007199254740993,
                      "aliases": [], "deep": {"x": [], "y": {}}}], "links": []}
    path = write("exact.json", json.dumps(doc))
    code, out, err = run("-p", "export", "-a", "format=node-link", path)
    expect(code, 0, f"exit ({err})")
    expect(json.loads(out)["nodes"], doc["nodes"], "exported values")


def case_keys_are_told_apart_by_case_and_a_node_may_have_a_source():
    path = write("case.jsonl", '{"id": "a", "Source": "x", "Target": "y"}\n'
                               '{"id": "b", "source": "AP"}\n{"ID": "c"}\n')
    code, _, err = run("--check", path)
    expect(code, 3, "exit")
    expect(err.strip(), f"cpecgraph: {path}:3: /ID: a line holds a node ('id'), an edge "
           "('source', 'target') or the graph ('directed', 'multigraph', 'graph'); 'ID' is none "
           "of these", "only the third line is wrong")
    cy = write("case-cy.json", json.dumps({"elements": [{"data": {"id": "a", "Source": "w"}},
                                                         {"data": {"id": "b", "source": "AP"}}]}))
    expect(dump(cy)["nodes"], [["a", {"Source": "w"}], ["b", {"source": "AP"}]], "cytoscape")


def case_typos_in_structural_members_are_errors_and_other_members_are_not():
    typo = write("typo.json", '{"nodes": [{"id": "a"}], "edge": []}')
    expect(error_of(typo), f"cpecgraph: {typo}: /edge: unknown member 'edge' (did you mean "
           "'edges'?)", "node-link")
    extra = write("extra.json", '{"nodes": [{"id": "a"}], "links": [], "generator": "x"}')
    expect(run("--check", extra)[0], 0, "an unrelated member is the file's business")
    jgf = write("typo-jgf.json", '{"graph": {"node": {"a": {}}}}')
    expect(error_of(jgf), f"cpecgraph: {jgf}: /graph/node: unknown member 'node' (did you mean "
           "'nodes'?)", "jgf")
    cy = write("typo-cy.json", '{"elements": {"node": [{"data": {"id": "a"}}]}}')
    expect(error_of(cy), f"cpecgraph: {cy}: /elements/node: unknown member 'node' (did you mean "
           "'nodes'?)", "cytoscape")
    nl = write("nl-as-jgf.json", '{"graph": {}, "nodes": [{"id": "a"}], "links": []}')
    expect(error_of(nl, "--format", "jgf"), f"cpecgraph: {nl}: /nodes: 'nodes' at the top level "
           "is node-link JSON, not JSON Graph Format (which has 'graph' or 'graphs')", "forced")


def case_a_cytoscape_file_with_top_level_links_is_read_as_cytoscape():
    path = write("cy-links.json", json.dumps({"elements": [{"data": {"id": "a"}}],
                                              "links": [{"source": "a", "target": "zz"}]}))
    expect(dump(path)["nodes"], [["a", {}]], "nodes")


def case_an_encoding_libxml2_cannot_convert_is_one_error_of_ours():
    """Issue 19, item 10: libxml2 printed its own lines on stderr for a failed conversion."""
    for name, text in [("ebcdic.gexf", '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph>'
                        '<nodes><node id="a" label="x"/></nodes></graph></gexf>'),
                       ("ebcdic.graphml", '<graphml><graph edgedefault="directed"><node id="a"/>'
                        '</graph></graphml>')]:
        path = write(name, '<?xml version="1.0" encoding="EBCDIC-US"?>\n' + text + "\n")
        code, _, err = run("--check", path)
        expect((code, err.count("\n")), (3, 1), f"{name}: one line ({err})")
        expect(err.startswith(f"cpecgraph: {path}:1:41: encoding error: input conversion failed"),
               True, f"{name}: {err}")
    unknown = write("unknown.graphml", '<?xml version="1.0" encoding="X-NOPE"?>\n<graphml/>\n')
    expect(run("--check", unknown)[2], f"cpecgraph: {unknown}:1:38: Unsupported encoding X-NOPE\n",
           "an unknown encoding")

def nested(depth):
    value = 1
    for _ in range(depth):
        value = [value]
    return value


def case_one_nesting_limit_for_loading_and_for_plugins():
    """Issue 19, item 10: values nested 201 to 511 deep loaded, then failed every plugin."""
    deepest = {"graph": {"g": nested(200)}, "nodes": [{"id": "a", "v": nested(200)}],
               "links": [{"source": "a", "target": "a", "w": {"x": nested(199)}}]}
    path = write("deepest.json", json.dumps(deepest))
    code, out, err = run("-p", "export", "-a", "format=node-link", path)
    expect((code, err), (0, ""), "200 levels export")
    again = write("deepest-again.json", out)
    code, out, err = run("-e", 'print(cpecgraph.to_json(graph:node("a").v))'
                         ' print(cpecgraph.to_json(graph.attrs.g))', again)
    expect((code, [json.loads(line) for line in out.splitlines()]), (0, [nested(200)] * 2),
           f"round trip ({err})")
    expect(run("-p", "summary", path)[0], 0, "summary")
    deeper = {"graph": {"g": nested(201)}, "nodes": [{"id": "a", "v": nested(201)}],
              "links": [{"source": "a", "target": "a", "w": {"x": nested(200)}}]}
    path = write("deeper.json", json.dumps(deeper))
    code, _, err = run("--check", path)
    expect((code, err), (3, "".join(f"cpecgraph: {path}: {m} nests arrays or objects deeper than "
                                    "200 levels\n" for m in ("/nodes/0/v: 'v'", "/links/0/w: 'w'",
                                                            "graph attribute 'g'"))), "201 levels")

def big_node_link(path, edges):
    """A node-link file of EDGES edges on EDGES / 5 nodes, written fast (no json.dump)."""
    n = edges // 5
    with open(path, "w") as f:
        f.write('{"nodes": [')
        f.write(",".join('{"id": "n%d", "type": "t"}' % i for i in range(n)))
        f.write('], "links": [')
        f.write(",".join('{"source": "n%d", "target": "n%d", "weight": 1.5}' % (i % n, i * 7 % n)
                         for i in range(edges)))
        f.write("]}")


def load_while(path, change, moments):
    """Runs --check on PATH and CHANGE()s the file at each of MOMENTS (fractions of an unchanged
    load's time), each time on a fresh copy; returns the (exit, stderr) of each run."""
    original = path + ".orig"
    os.replace(path, original)
    started = time.monotonic()
    expect(run("--check", original)[0], 0, "the file loads when left alone")
    took = time.monotonic() - started
    results = []
    for moment in moments:
        shutil.copyfile(original, path)
        proc = subprocess.Popen([BIN, "--check", path], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(took * moment)
        change(path)
        err = proc.communicate(timeout=120)[1]
        results.append((proc.returncode, err))
    return results


def case_a_file_cut_or_rewritten_while_it_loads_is_an_error_not_a_signal():
    """Issue 19: a mapped file truncated under the loader raised SIGBUS (exit 135); written
    again, it would load as neither file. Either ends with the loader's message, exit 3. The
    moments are spread over the load: a change that comes after it may leave a clean load."""
    said = f"cpecgraph: {TMP}/changing.json: the file changed while it was read\n"
    changes = {"truncated": lambda p: os.truncate(p, os.path.getsize(p) // 3),
               "emptied": lambda p: os.truncate(p, 0),
               "rewritten": lambda p: write_file(TMP, "changing.json", '{"nodes": []}')}
    for what, change in changes.items():
        path = os.path.join(TMP, "changing.json")
        big_node_link(path, 300_000)
        results = load_while(path, change, [0.1, 0.3, 0.5, 0.7])
        for code, err in results:
            expect(code in (0, 3), True, f"{what}: exit {code}, not a signal ({err})")
            if code == 3:
                expect(err, said, f"{what}: the message")
        expect(sum(code == 3 for code, _ in results) >= 2, True, f"{what}: seen during the load")


if __name__ == "__main__":
    sys.exit(main(globals()))
