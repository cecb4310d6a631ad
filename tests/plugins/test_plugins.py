#!/usr/bin/python3
"""test_plugins.py: the bundled plugins' real output, checked against values computed
independently by NetworkX and python-igraph, and DOT output rendered by real Graphviz.

Usage: test_plugins.py CPECGRAPH SOURCE_ROOT   (last line: 'N passed, N failed')"""
import csv
import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, ROOT = sys.argv[1], sys.argv[2]
DATA = os.path.join(ROOT, "tests", "data")
KARATE = os.path.join(DATA, "karate.json")
CPEC = os.path.join(ROOT, "data", "cpec-2.0.json")
HOSTILE = os.path.join(DATA, "hostile.json")
with open(os.path.join(ROOT, "data", "cpec-2.0-article.txt"), encoding="utf-8") as f:
    ARTICLE = f.read()


def run(*args, expect=0):
    proc = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=120)
    if proc.returncode != expect:
        raise AssertionError(f"exit {proc.returncode} (wanted {expect}): {proc.stderr}")
    return proc.stdout, proc.stderr


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def close(a, b, what, tol=1e-9):
    if not math.isclose(a, b, rel_tol=tol, abs_tol=tol):
        raise AssertionError(f"{what}: cpecgraph {a!r}, reference {b!r}")


def compare(rows, column, reference, what, tol=1e-9):
    if len(rows) != len(reference):
        raise AssertionError(f"{what}: {len(rows)} rows, {len(reference)} reference values")
    for row in rows:
        key = row["id"]
        ref = reference[int(key)] if isinstance(next(iter(reference)), int) else reference[key]
        close(float(row[column]), ref, f"{what}[{key}]", tol)


def load_nx(path, multigraph=False):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data = dict(data, edges=None) if False else data
    if "edges" in data:
        data["links"] = data.pop("edges")
    data["multigraph"] = multigraph
    return nx.node_link_graph(data)


def load_igraph(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    ids = [str(n["id"]) for n in data["nodes"]]
    index = {v: i for i, v in enumerate(ids)}
    edges = [(index[str(e["source"])], index[str(e["target"])])
             for e in data.get("edges", data.get("links", []))]
    return igraph.Graph(n=len(ids), edges=edges, directed=data.get("directed", False)), ids


# ---- centrality: against NetworkX on a real undirected graph (Zachary's karate club) -------

def case_centrality_normalized_values_equal_networkx_on_karate():
    out, _ = run("-p", "centrality", "-a", "format=csv", "-a",
                 "measures=degree,betweenness,closeness,eigenvector,pagerank,hubs,authorities",
                 KARATE)
    rows = csv_rows(out)
    G = nx.karate_club_graph()
    compare(rows, "degree", nx.degree_centrality(G), "degree")
    compare(rows, "betweenness", nx.betweenness_centrality(G), "betweenness")
    compare(rows, "closeness", nx.closeness_centrality(G), "closeness")
    compare(rows, "eigenvector", nx.eigenvector_centrality_numpy(G), "eigenvector", 1e-6)
    compare(rows, "pagerank", nx.pagerank(G, weight=None, tol=1e-12), "pagerank", 1e-6)
    hubs, authorities = nx.hits(nx.Graph(G.edges()), tol=1e-12)  # nx.hits would use "weight"
    compare(rows, "hubs", hubs, "hubs", 1e-6)
    compare(rows, "authorities", authorities, "authorities", 1e-6)


def case_centrality_raw_values_equal_networkx_on_karate():
    out, _ = run("-p", "centrality", "-a", "format=csv", "-a", "normalized=false", "-a",
                 "measures=betweenness,harmonic,coreness,degree", KARATE)
    rows = csv_rows(out)
    G = nx.karate_club_graph()
    compare(rows, "betweenness", nx.betweenness_centrality(G, normalized=False), "betweenness")
    compare(rows, "harmonic", nx.harmonic_centrality(G), "harmonic")
    compare(rows, "coreness", nx.core_number(G), "coreness")
    compare(rows, "degree", dict(G.degree()), "degree")


def case_centrality_weighted_values_equal_networkx_on_karate():
    out, _ = run("-p", "centrality", "-a", "format=csv", "-a", "weights=weight", "-a",
                 "measures=betweenness,closeness,strength,pagerank", KARATE)
    rows = csv_rows(out)
    G = nx.karate_club_graph()
    compare(rows, "betweenness", nx.betweenness_centrality(G, weight="weight"), "betweenness")
    compare(rows, "closeness", nx.closeness_centrality(G, distance="weight"), "closeness")
    n = G.number_of_nodes()
    compare(rows, "strength", {v: d / (n - 1) for v, d in G.degree(weight="weight")}, "strength")
    compare(rows, "pagerank", nx.pagerank(G, weight="weight", tol=1e-12), "pagerank", 1e-6)


# ---- centrality: against python-igraph on the bundled directed multigraph ------------------

def case_centrality_raw_values_equal_python_igraph_on_cpec():
    out, _ = run("-p", "centrality", "-a", "format=csv", "-a", "normalized=false", "-a",
                 "measures=betweenness,closeness,pagerank,hubs,authorities,eigenvector", CPEC)
    rows = {r["id"]: r for r in csv_rows(out)}
    g, ids = load_igraph(CPEC)
    reference = {
        "betweenness": g.betweenness(directed=True),
        "closeness": [0.0 if math.isnan(x) else x for x in g.closeness(mode="out", normalized=False)],
        "pagerank": g.pagerank(directed=True, damping=0.85),
        "hubs": g.hub_score(),
        "authorities": g.authority_score(),
        "eigenvector": g.eigenvector_centrality(directed=True),
    }
    for measure, values in reference.items():
        for i, node_id in enumerate(ids):
            close(float(rows[node_id][measure]), values[i], f"{measure}[{node_id}]", 1e-6)


def case_centrality_closeness_in_mode_equals_networkx_on_a_directed_graph():
    G = nx.gnp_random_graph(40, 0.08, seed=7, directed=True)
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(nx.node_link_data(G), f)
    out, _ = run("-p", "centrality", "-a", "format=csv", "-a", "mode=in", "-a",
                 "measures=closeness,betweenness", path)
    rows = csv_rows(out)
    compare(rows, "closeness", nx.closeness_centrality(G), "closeness")
    compare(rows, "betweenness", nx.betweenness_centrality(G), "betweenness")
    os.unlink(path)


# ---- centrality: presentation ------------------------------------------------------------

def case_centrality_table_is_sorted_with_ties_broken_by_id():
    out, _ = run("-p", "centrality", "-a", "measures=degree,pagerank", "-a", "top=0", KARATE)
    lines = out.splitlines()
    assert lines[0] == "Zachary's Karate Club: 34 nodes, 78 edges (undirected, normalized)", lines[0]
    assert lines[1].split() == ["rank", "label", "type", "degree", "pagerank"], lines[1]
    body = [line.split() for line in lines[3:]]
    assert len(body) == 34, len(body)
    G = nx.karate_club_graph()
    degree = nx.degree_centrality(G)
    expected = sorted(G.nodes, key=lambda v: (-degree[v], str(v)))
    assert [row[1] for row in body] == [str(v) for v in expected], [row[1] for row in body]
    assert body[0][:2] == ["1", "33"] and body[0][2] == "0.5152", body[0]


def case_centrality_type_filter_ranks_only_that_type():
    out, _ = run("-p", "centrality", "-a", "type=person", "-a", "format=json", CPEC)
    doc = json.loads(out)
    assert [n["id"] for n in doc["nodes"]] == ["wang_yi", "ishaq_dar"], doc["nodes"]
    assert doc["measures"] == ["degree", "betweenness", "closeness", "eigenvector", "pagerank"]
    G = load_nx(CPEC, multigraph=True)
    close(doc["nodes"][0]["degree"], G.degree("wang_yi") / (G.number_of_nodes() - 1), "degree")


def case_centrality_csv_quotes_fields_as_rfc_4180():
    out, _ = run("-p", "centrality", "-a", "format=csv", HOSTILE)
    rows = csv_rows(out.replace("\r\n", "\n"))
    labels = {r["id"]: r["label"] for r in rows}
    assert labels['quote"id'] == 'He said "hi"; label="evil"', labels
    assert labels["multi\nline"] == "first line\nsecond line\r\nthird".replace("\r\n", "\n")


def case_centrality_csv_and_json_print_the_top_asked_for():
    out, _ = run("-p", "centrality", "-a", "measures=pagerank", "-a", "format=csv", "-a", "top=3",
                 KARATE)
    rows = csv_rows(out.replace("\r\n", "\n"))
    pr = nx.pagerank(nx.karate_club_graph(), weight=None)
    best = sorted(pr, key=lambda v: (-pr[v], str(v)))[:3]
    assert [r["id"] for r in rows] == [str(v) for v in best], rows
    out, _ = run("-p", "centrality", "-a", "format=json", "-a", "top=2", KARATE)
    assert len(json.loads(out)["nodes"]) == 2, out
    out, _ = run("-p", "centrality", "-a", "format=csv", KARATE)  # no top: every node
    assert len(csv_rows(out.replace("\r\n", "\n"))) == 34, out


def case_centrality_rejects_bad_arguments():
    _, err = run("-p", "centrality", "-a", "measures=degree,fame", expect=2)
    assert "argument 'measures': 'fame' is not one of: degree, strength" in err, err
    _, err = run("-p", "centrality", "-a", "format=xml", expect=2)
    assert "'xml' is not one of: table, csv, json" in err, err
    _, err = run("-p", "centrality", "-a", "centrality.top=-", expect=2)
    assert "argument 'top': '-' is not an integer" in err, err


# ---- dot: valid DOT for real Graphviz, whatever the data holds ----------------------------

def svg_texts(svg):
    root = ET.fromstring(svg)
    texts = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")]
    titles = [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title")]
    links = [a.get("{http://www.w3.org/1999/xlink}href") for a in
             root.iter("{http://www.w3.org/2000/svg}a")]
    return texts, titles, [x for x in links if x]


def render(dot_text, engine="dot"):
    proc = subprocess.run([engine, "-Tsvg"], input=dot_text, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=120)
    if proc.returncode != 0 or proc.stderr:
        raise AssertionError(f"{engine}: exit {proc.returncode}: {proc.stderr}")
    return proc.stdout


def check_drawing(path, args=()):
    out, _ = run("-p", "dot", *args, path)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for engine in ["dot", "neato", "sfdp"]:
        texts, titles, links = svg_texts(render(out, engine))
        joined = "\n".join(texts)
        assert len([t for t in titles if t.startswith("n")]) >= len(data["nodes"]), titles
        for node in data["nodes"]:
            for word in node["label"].split():
                assert word in joined, f"{engine}: label word {word!r} of {node['id']!r} missing"
        for edge in data["edges"]:
            for word in edge["type"].split():
                assert word in joined, f"{engine}: edge label {word!r} missing"
        for link in links:
            assert link.startswith("https://") or link.startswith("http://"), link
    return out


def case_dot_renders_the_bundled_graph_with_every_label():
    out = check_drawing(CPEC)
    assert out.startswith('digraph "CPEC 2.0" {'), out[:40]
    assert "<b>node types</b>" in out and "labelloc=b;" in out, "legend"
    assert "layout=" not in out, "a small graph leaves the engine to the command"


def case_dot_survives_hostile_ids_and_labels():
    out = check_drawing(HOSTILE)
    assert "javascript:" not in out and "file:///" not in out
    assert 'URL="https://example.org/a?b=c&amp;d=e"' in out
    # one statement per node and edge: nothing in the data opened another
    statements = [l for l in out.splitlines() if re.match(r"  n\d+ ", l) and l.endswith("];")]
    assert len(statements) == 17 + 15, len(statements)


def case_dot_options_cluster_size_highlight_and_ego():
    out = check_drawing(CPEC, ["-a", "cluster=type", "-a", "size=pagerank", "-a",
                               "highlight=Wang Yi,gwadar"])
    assert out.count("subgraph cluster_") == 26, out.count("subgraph cluster_")  # 26 types
    bold = [l for l in out.splitlines() if "penwidth=4" in l]
    assert len(bold) == 4 + 3, len(bold)  # 4 nodes and 3 edges on the path
    out, _ = run("-p", "dot", "-a", "ego=ishaq_dar", "-a", "radius=1", "-a", "legend=false", CPEC)
    G = load_nx(CPEC, multigraph=True).to_undirected(as_view=True)
    ego = nx.ego_graph(G, "ishaq_dar", radius=1)
    node_lines = [l for l in out.splitlines() if re.match(r"  n\d+ \[", l)]
    assert len(node_lines) == ego.number_of_nodes(), (len(node_lines), ego.number_of_nodes())


def case_dot_draws_a_time_window_with_dates():
    dated = os.path.join(ROOT, "tests", "data", "time", "dated.json")
    # 2015, relations counted by hand from the file: 2 (2015-03), 3 (2015-07-14), 4 (an instant
    # that day) and 5 (2015-11 to 2016-02) meet it; 11 and 12 are undated and dropped
    out, _ = run("-p", "dot", "-a", "from=2015", "-a", "to=2015", "-a", "undated=drop", "-a",
                 "dates=true", dated)
    render(out, "dot")  # Graphviz reads it
    labels = re.findall(r'label="met\\n([^"]*)"', out)
    expect(labels, ["2015-03", "2015-07-14", "2015-07-14T08:00:30Z", "2015-11-01 – 2016-02-29"],
           "the edges of 2015, each with its time")
    edges = [l for l in out.splitlines() if re.match(r"  n\d+ -- n\d+ ", l)]
    expect(len(edges), 4, "four edges")
    out, _ = run("-p", "dot", "-a", "from=2015", "-a", "to=2015", dated)
    expect(len([l for l in out.splitlines() if re.match(r"  n\d+ -- n\d+ ", l)]), 6,
           "undated relations are kept by default")
    _, err = run("-p", "dot", "-a", "to=July 2015", dated, expect=2)
    assert "argument 'to': not an ISO 8601 date" in err, err


def case_dot_picks_a_scalable_engine_for_big_graphs():
    G = nx.gnm_random_graph(400, 2000, seed=3)
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(nx.node_link_data(G), f)
    out, _ = run("-p", "dot", path)
    os.unlink(path)
    assert "layout=sfdp;" in out and "overlap=prism;" in out, out[:200]
    render(out, "dot")


# ---- communities ---------------------------------------------------------------------------

def case_communities_report_the_modularity_networkx_computes():
    for method in ["louvain", "leiden", "label_propagation", "walktrap", "infomap"]:
        out, _ = run("-p", "communities", "-a", "format=json", "-a", "method=" + method, KARATE)
        doc = json.loads(out)
        groups = [{int(m["id"]) for m in c["members"]} for c in doc["communities"]]
        G = nx.karate_club_graph()
        assert set().union(*groups) == set(G.nodes), method
        sizes = [len(g) for g in groups]
        assert sizes == sorted(sizes, reverse=True), (method, sizes)
        close(doc["modularity"], nx.community.modularity(G, groups, weight=None), method, 1e-9)
    assert 0.37 < doc["modularity"] < 0.43 or method != "louvain"


def case_communities_at_another_resolution_report_modularity_at_1_and_the_quality_apart():
    """Issue 18: the modularity printed at resolution 0.5 was the quality at 0.5."""
    for method in ["louvain", "leiden"]:
        out, _ = run("-p", "communities", "-a", "format=json", "-a", "method=" + method,
                     "-a", "resolution=0.5", KARATE)
        doc = json.loads(out)
        groups = [{int(m["id"]) for m in c["members"]} for c in doc["communities"]]
        G = nx.karate_club_graph()
        close(doc["modularity"], nx.community.modularity(G, groups, weight=None), method, 1e-9)
        close(doc["quality"], nx.community.modularity(G, groups, weight=None, resolution=0.5),
              method, 1e-9)
        assert doc["resolution"] == 0.5, doc["resolution"]
        assert doc["quality"] > doc["modularity"], (doc["quality"], doc["modularity"])
    out, _ = run("-p", "communities", "-a", "method=leiden", "-a", "resolution=0.5", KARATE)
    first = out.splitlines()[0]  # the same --seed: the partition of the last JSON run
    expect = "modularity %.4f (at resolution 1), quality %.4f at resolution 0.5" % (
        doc["modularity"], doc["quality"])
    assert first.endswith(expect), (first, expect)


def temp_graph(name, doc):
    path = os.path.join(tempfile.mkdtemp(prefix="cpecgraph-plugins-"), name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def case_leiden_answers_at_once_when_nothing_ties_two_nodes():
    """Issue 19, item 5: igraph's Leiden spun until the time limit on such graphs."""
    nodes = [{"id": n} for n in "abc"]
    graphs = {
        "no edges": {"nodes": nodes, "edges": []},
        "self-loops only": {"nodes": nodes, "edges": [{"source": "a", "target": "a"}]},
        "zero weights": {"nodes": nodes, "edges": [{"source": "a", "target": "b", "w": 0},
                                                   {"source": "b", "target": "c", "w": 0}]},
    }
    for what, doc in graphs.items():
        weights = ["-a", "weights=w"] if what == "zero weights" else []
        out, _ = run("--timeout", "5", "-p", "communities", "-a", "method=leiden",
                     "-a", "format=json", *weights, temp_graph("g.json", doc))
        groups = sorted([m["id"] for m in c["members"]] for c in json.loads(out)["communities"])
        expect(groups, [["a"], ["b"], ["c"]], f"{what}: every node its own community")


def case_centrality_table_of_a_very_long_type_is_linear():
    """Issue 19, item 4: trimming a padded row with gsub backtracked quadratically."""
    doc = {"nodes": [{"id": "a", "type": "x" + " " * 300000 + "y"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "b"}]}
    out, _ = run("--timeout", "10", "-p", "centrality", temp_graph("long.json", doc))
    expect((len(out.splitlines()), "x" + " " * 300000 + "y" in out), (5, True),
           "the whole table, under the time limit")


def case_communities_are_the_same_for_the_same_seed():
    first, _ = run("--seed", "5", "-p", "communities", "-a", "method=louvain", CPEC)
    second, _ = run("--seed", "5", "-p", "communities", "-a", "method=louvain", CPEC)
    assert first == second
    assert first.startswith("8 communities by louvain") or "communities by louvain" in first


def case_communities_list_ties_between_communities():
    out, _ = run("-p", "communities", "-a", "format=json", KARATE)
    doc = json.loads(out)
    member = {int(m["id"]): c["community"] for c in doc["communities"] for m in c["members"]}
    G = nx.karate_club_graph()
    between = {}
    for u, v in G.edges():
        a, b = sorted((member[u], member[v]))
        if a != b:
            between[(a, b)] = between.get((a, b), 0) + 1
    top = doc["ties"][0]
    assert top["weight"] == max(between.values()), (top, between)
    assert len(doc["ties"]) == len(between)


# ---- structure -----------------------------------------------------------------------------

STRUCTURE = r"""
local out = {density = graph:density(), transitivity = graph:transitivity(),
  average = graph:clustering{average = true}, clustering = graph:clustering(),
  articulation_points = graph:articulation_points(), reciprocity = graph:reciprocity(),
  bridges = {}}
for i, e in ipairs(graph:bridges()) do out.bridges[i] = {e.source.id, e.target.id} end
if %s then
  out.eccentricity, out.diameter, out.radius = graph:eccentricity(), graph:diameter(),
                                               graph:radius()
end
print(cpecgraph.to_json(out))"""


def structure_of(path, connected):
    out, _ = run("-e", STRUCTURE % ("true" if connected else "false"), path)
    return json.loads(out)


def case_structure_matches_networkx():
    """Issue 18: density, reciprocity, transitivity, clustering, eccentricity, diameter, radius,
    bridges and articulation points, against NetworkX on karate and on the bundled graph."""
    G = nx.karate_club_graph()
    d = structure_of(KARATE, True)
    close(d["density"], nx.density(G), "density", 1e-12)
    close(d["transitivity"], nx.transitivity(G), "transitivity", 1e-12)
    close(d["average"], nx.average_clustering(G), "average clustering", 1e-12)
    for v, c in nx.clustering(G).items():
        close(d["clustering"][str(v)], c, f"clustering of {v}", 1e-12)
    assert d["eccentricity"] == {str(v): e for v, e in nx.eccentricity(G).items()}
    assert (d["diameter"], d["radius"]) == (nx.diameter(G), nx.radius(G))
    assert sorted(map(int, d["articulation_points"])) == sorted(nx.articulation_points(G))
    assert sorted(tuple(sorted(map(int, b))) for b in d["bridges"]) == \
        sorted(tuple(sorted(b)) for b in nx.bridges(G))
    assert d["reciprocity"] == 1.0
    M = load_nx(CPEC, multigraph=True)  # directed, with parallel edges
    d = structure_of(CPEC, False)
    close(d["density"], nx.density(M), "density of a multigraph", 1e-12)
    D = nx.DiGraph(M)
    close(d["reciprocity"], nx.reciprocity(D), "reciprocity", 1e-12)
    U = nx.Graph(M)  # clustering takes the graph as undirected and simple
    close(d["transitivity"], nx.transitivity(U), "transitivity", 1e-12)
    close(d["average"], nx.average_clustering(U), "average clustering", 1e-12)
    assert sorted(d["articulation_points"]) == sorted(nx.articulation_points(U))
    bridges = nx.bridges(nx.MultiGraph(M))  # of parallel edges, none is a bridge
    assert sorted(tuple(sorted(b)) for b in d["bridges"]) == sorted(tuple(sorted(b))
                                                                    for b in bridges)
    _, err = run("-e", "graph:diameter()", expect=1)
    assert "the graph is not strongly connected, so some eccentricity is infinite" in err, err


EDGE_MEASURES = r"""
local out = {raw = graph:edge_betweenness(),
  normalized = graph:edge_betweenness{normalized = true},
  ends = {}, degree = graph:assortativity(), club = graph:assortativity{attribute = "club"},
  paths = graph:simple_paths("0", "33", {cutoff = 3}), between = {}}
for e in graph:edges() do out.ends[#out.ends + 1] = {e.source.id, e.target.id} end
for i, e in ipairs(graph:edges_between("0", "1")) do out.between[i] = {e.source.id, e.target.id} end
out.all_paths = #graph:simple_paths("0", "1")  -- no options table: the defaults
out.core = {}
for n in graph:k_core(4):nodes() do out.core[#out.core + 1] = n.id end
out.biconnected = graph:biconnected_components()
print(cpecgraph.to_json(out))"""


def case_edge_measures_and_simple_paths_match_networkx():
    """Issue 18: edge betweenness, assortativity, simple paths, edges between two nodes."""
    G = nx.karate_club_graph()
    out, _ = run("-e", EDGE_MEASURES, KARATE)
    d = json.loads(out)
    raw = nx.edge_betweenness_centrality(G, normalized=False)
    norm = nx.edge_betweenness_centrality(G, normalized=True)
    for i, (a, b) in enumerate(d["ends"]):
        key = (int(a), int(b)) if (int(a), int(b)) in raw else (int(b), int(a))
        close(d["raw"][i], raw[key], f"edge betweenness of {key}", 1e-9)
        close(d["normalized"][i], norm[key], f"normalized edge betweenness of {key}", 1e-12)
    close(d["degree"], nx.degree_assortativity_coefficient(G), "degree assortativity", 1e-12)
    close(d["club"], nx.attribute_assortativity_coefficient(G, "club"), "club assortativity",
          1e-12)
    assert sorted(tuple(map(int, p)) for p in d["paths"]) == \
        sorted(tuple(p) for p in nx.all_simple_paths(G, 0, 33, cutoff=3))
    assert d["between"] == [["0", "1"]], d["between"]
    assert d["all_paths"] == len(list(nx.all_simple_paths(G, 0, 1))), d["all_paths"]
    assert sorted(map(int, d["core"])) == sorted(nx.k_core(G, 4).nodes), d["core"]
    assert sorted(sorted(map(int, c)) for c in d["biconnected"]) == \
        sorted(sorted(c) for c in nx.biconnected_components(G))
    sizes = [len(c) for c in d["biconnected"]]
    assert sizes == sorted(sizes, reverse=True), sizes


PATHS_AND_FLOWS = r"""
local out = {hops = graph:distances(), weighted = graph:distances{weights = "weight"},
  rows = graph:distances{from = {"0", "33"}, to = {"26", "9"}, matrix = true},
  one = graph:distances{from = "5"}, all = graph:all_shortest_paths("0", "26"),
  lightest = graph:all_shortest_paths("0", "26", {weights = "weight"})}
out.unit, out.unit_flows = graph:max_flow("0", "33")
out.value, out.flows = graph:max_flow("0", "33", {capacity = "weight"})
local value, cut, side = graph:min_cut("0", "33", {capacity = "weight"})
out.cut_value, out.side, out.cut = value, side, {}
for i, e in ipairs(cut) do out.cut[i] = e:index() - 1 end  -- 0-based, as Python's lists
out.ends = {}
for e in graph:edges() do out.ends[#out.ends + 1] = {e.source.id, e.target.id} end
print(cpecgraph.to_json(out))"""


def check_flows(ends, flows, capacity, source, target, value, directed):
    """Each edge within its capacity, and flow kept at every node but the two ends."""
    balance = {}
    for (a, b), f, c in zip(ends, flows, capacity):
        assert (f >= -1e-9 or not directed) and abs(f) <= c + 1e-9, (a, b, f, c)
        balance[a] = balance.get(a, 0) - f
        balance[b] = balance.get(b, 0) + f
    for node, net in balance.items():
        want = {source: -value, target: value}.get(node, 0)
        close(net, want, f"flow kept at {node}", 1e-9)


def case_distances_paths_and_flows_match_networkx():
    """Issue 18: distances, all_shortest_paths, max_flow and min_cut on karate."""
    G = nx.karate_club_graph()
    d = json.loads(run("-e", PATHS_AND_FLOWS, KARATE)[0])
    hops = dict(nx.all_pairs_shortest_path_length(G))
    assert d["hops"] == {str(a): {str(b): n for b, n in row.items()} for a, row in hops.items()}
    weighted = dict(nx.all_pairs_dijkstra_path_length(G, weight="weight"))
    assert d["weighted"] == {str(a): {str(b): n for b, n in row.items()}
                             for a, row in weighted.items()}
    assert d["rows"] == [[hops[0][26], hops[0][9]], [hops[33][26], hops[33][9]]], d["rows"]
    assert d["one"] == {"5": {str(b): n for b, n in hops[5].items()}}, d["one"]
    assert sorted(d["all"]) == sorted([str(v) for v in p] for v in [0]
                                      for p in nx.all_shortest_paths(G, 0, 26)), d["all"]
    assert sorted(d["lightest"]) == sorted(
        [str(v) for v in p] for p in nx.all_shortest_paths(G, 0, 26, weight="weight"))
    ends = [tuple(map(int, e)) for e in d["ends"]]
    assert d["unit"] == nx.edge_connectivity(G, 0, 33), d["unit"]
    check_flows(ends, d["unit_flows"], [1] * len(ends), 0, 33, d["unit"], False)
    assert d["value"] == nx.maximum_flow_value(G, 0, 33, capacity="weight"), d["value"]
    capacity = [G[a][b]["weight"] for a, b in ends]
    check_flows(ends, d["flows"], capacity, 0, 33, d["value"], False)
    assert d["cut_value"] == nx.minimum_cut_value(G, 0, 33, capacity="weight")
    assert sum(capacity[i] for i in d["cut"]) == d["cut_value"], d["cut"]
    H = G.copy()
    H.remove_edges_from(ends[i] for i in d["cut"])
    assert not nx.has_path(H, 0, 33)
    side = set(map(int, d["side"]))
    assert 0 in side and 33 not in side and side == nx.node_connected_component(H, 0), side


DIRECTED = r"""
local out = {triads = graph:triad_census(), dom = graph:dominator_tree("0"),
  post = graph:dominator_tree("1", {mode = "in"}), hops = graph:distances(), ends = {}}
out.value, out.flows = graph:max_flow("0", "1", {capacity = "cap"})
out.cut_value = graph:min_cut("0", "1", {capacity = "cap"})
for e in graph:edges() do out.ends[#out.ends + 1] = {e.source.id, e.target.id, e.cap} end
print(cpecgraph.to_json(out))"""


def case_directed_measures_match_networkx():
    """Issue 18: triad census, dominators, directed distances and flows."""
    G = nx.gnp_random_graph(40, 0.08, seed=7, directed=True)
    for a, b in G.edges:
        G[a][b]["cap"] = (a * 7 + b) % 5 + 1
    doc = {"directed": True, "nodes": [{"id": str(v)} for v in G],
           "edges": [{"source": str(a), "target": str(b), "cap": c}
                     for a, b, c in G.edges(data="cap")]}
    path = temp_graph("directed.json", doc)
    d = json.loads(run("-e", DIRECTED, path)[0])
    assert d["triads"] == nx.triadic_census(G), d["triads"]
    assert d["dom"] == {str(a): str(b) for a, b in nx.immediate_dominators(G, 0).items()}
    assert d["post"] == {str(a): str(b)
                         for a, b in nx.immediate_dominators(G.reverse(), 1).items()}
    hops = dict(nx.all_pairs_shortest_path_length(G))
    assert d["hops"] == {str(a): {str(b): n for b, n in row.items()} for a, row in hops.items()}
    value = nx.maximum_flow_value(G, 0, 1, capacity="cap")
    assert value > 0 and d["value"] == value == d["cut_value"], (d["value"], value)
    ends = [(int(a), int(b)) for a, b, _ in d["ends"]]
    check_flows(ends, d["flows"], [c for _, _, c in d["ends"]], 0, 1, value, True)
    for script, message in (
            ('graph:dominator_tree("0", {mode = "all"})', 'mode must be "out" or "in"'),
            ('graph:max_flow("0", "0")', "the source and the target are the same node"),
            ('graph:max_flow("0", "1", {capacity = "nope"})', "has no numeric 'nope' for capacity")):
        _, err = run("-e", script, path, expect=1)
        assert message in err, err
    for script, message in (('graph:triad_census()', "triads need directions"),
                            ('graph:dominator_tree("0")', "dominators need directions")):
        _, err = run("-e", script, KARATE, expect=1)
        assert message in err, err
    os.unlink(path)


GROUPS = r"""
local out = {all = graph:cliques(), maximal = graph:max_cliques(),
  bounded = graph:cliques{min = 3, max = 4}, big = graph:max_cliques{min = 5},
  jaccard = graph:similarity(), top = graph:similarity{method = "adamic_adar", top = 5},
  given = {}}
for _, method in ipairs{"jaccard", "dice", "adamic_adar"} do
  out.given[method] = graph:similarity{method = method, pairs = {{"0", "33"}, {"5", "6"},
                                                                 {"24", "25"}}}
end
print(cpecgraph.to_json(out))"""


def case_cliques_and_similarity_match_networkx():
    """Issue 18: cliques, maximal cliques, Jaccard, Dice and Adamic-Adar on karate."""
    G = nx.karate_club_graph()
    d = json.loads(run("-e", GROUPS, KARATE)[0])

    def as_sets(groups):
        return sorted(sorted(map(int, c)) for c in groups)
    everything = list(nx.enumerate_all_cliques(G))
    assert as_sets(d["all"]) == sorted(sorted(c) for c in everything)
    assert as_sets(d["maximal"]) == sorted(sorted(c) for c in nx.find_cliques(G))
    assert as_sets(d["bounded"]) == sorted(sorted(c) for c in everything if 3 <= len(c) <= 4)
    assert as_sets(d["big"]) == sorted(sorted(c) for c in nx.find_cliques(G) if len(c) >= 5)
    sizes = [len(c) for c in d["maximal"]]
    assert sizes == sorted(sizes, reverse=True), sizes
    jaccard = {(a, b): p for a, b, p in nx.jaccard_coefficient(G) if p > 0}
    got = {(int(a), int(b)): p for a, b, p in d["jaccard"]}
    assert got.keys() == jaccard.keys(), sorted(got.keys() ^ jaccard.keys())[:5]
    for pair, p in jaccard.items():
        close(got[pair], p, f"jaccard of {pair}", 1e-12)
    scores = [p for _, _, p in d["jaccard"]]
    assert scores == sorted(scores, reverse=True)
    best = sorted(nx.adamic_adar_index(G), key=lambda t: -t[2])[:5]
    for (a, b, p), (x, y, q) in zip(d["top"], best):
        close(p, q, f"adamic-adar of {a}, {b}", 1e-12)
    pairs = [(0, 33), (5, 6), (24, 25)]
    for (a, b, p), (x, y, q) in zip(d["given"]["jaccard"], nx.jaccard_coefficient(G, pairs)):
        assert (a, b) == (str(x), str(y)), (a, b)
        close(p, q, f"jaccard of {a}, {b}", 1e-12)
    for (a, b, p), (x, y, q) in zip(d["given"]["adamic_adar"], nx.adamic_adar_index(G, pairs)):
        close(p, q, f"adamic-adar of {a}, {b}", 1e-12)
    for (a, b, p), (x, y) in zip(d["given"]["dice"], pairs):  # by hand: NetworkX has no Dice
        shared = len(set(G[x]) & set(G[y]))
        close(p, 2 * shared / (len(G[x]) + len(G[y])), f"dice of {a}, {b}", 1e-12)
    for script, message in (
            ('graph:similarity{method = "cosine"}', "unknown method 'cosine'"),
            ('graph:similarity{pairs = {{"1", "1"}}}', "pair 1 names the same node twice"),
            ('graph:similarity{pairs = {{"1"}}}', "pair 1 is not a list of two nodes"),
            ('graph:cliques{min = 4, max = 3}', "min must not exceed max"),
            ('graph:similarity{mode = "out"}', "unknown option 'mode'")):
        _, err = run("-e", script, KARATE, expect=1)
        assert message in err, err
    # options are read raw: a metamethod of the caller's cannot change the graph mid-call
    out, _ = run("-e", 'local o = setmetatable({}, {__index = function() error("ran") end})\n'
                       'print(#graph:similarity(o), graph:distances(o)["0"]["26"])', KARATE)
    expect(out, f"{len(jaccard)}\t3\n", "options with an __index")


def case_bipartite_projection_matches_networkx_on_davis_southern_women():
    """Issue 18: who met whom, with the events they shared kept on each edge."""
    B = nx.davis_southern_women_graph()
    women = [n for n, side in B.nodes(data="bipartite") if side == 0]
    doc = {"directed": False,
           "nodes": [{"id": n, "kind": "person" if side == 0 else "event"}
                     for n, side in B.nodes(data="bipartite")],
           "edges": [{"source": a, "target": b} for a, b in B.edges]}
    path = temp_graph("davis.json", doc)
    script = r"""local p = graph:bipartite_projection("kind", "person")
local out = {directed = p.directed, nodes = p:node_count(), edges = {}}
for e in p:edges() do out.edges[#out.edges + 1] = {e.source.id, e.target.id, e.weight, e.via} end
print(cpecgraph.to_json(out))"""
    d = json.loads(run("-e", script, path)[0])
    P = nx.bipartite.weighted_projected_graph(B, women)
    assert (d["directed"], d["nodes"]) == (False, len(women)), d
    got = {frozenset((a, b)): (w, via) for a, b, w, via in d["edges"]}
    assert got.keys() == {frozenset(e) for e in P.edges}, len(got)
    for a, b, w in P.edges(data="weight"):
        weight, via = got[frozenset((a, b))]
        assert weight == w and sorted(via) == sorted(set(B[a]) & set(B[b])), (a, b, via)
    _, err = run("-e", 'graph:bipartite_projection("kind", "place")', path, expect=1)
    assert "no node has 'kind' = place" in err, err
    _, err = run("-e", 'graph:bipartite_projection("kind")', path, expect=1)
    assert "bad argument #2 to 'bipartite_projection' (a value expected" in err, err
    os.unlink(path)


def case_repr_shows_values_safely():
    """Issue 18: the prompt's values: control characters escaped, cycles and depth bounded,
    removed handles named as such."""
    script = r"""local repr = require "cpg.repr"
local t = {1, {2, {3, {4}}}} t[3] = t
local n = graph:node("wang_yi")
local g = graph:copy() local m = g:node("wang_yi") g:remove_nodes{"wang_yi"}
repr.print("\27[31mred\0", t, {["not id"] = 1, ["end"] = 2, x = cpecgraph.null}, m, n.label)
repr.print({1, nil, 3, x = 1}, "\u{9b}[2J'\"", g:add_node{id = "it's", type = "\27]0;x\7"})
repr.items = 2
print(repr.repr({5, 6, 7, 8}))"""
    out, _ = run("-e", script)
    expect(out, '"\\027[31mred\\000"\t{1, {2, {3, {...}}}, <cycle>}\t'
                '{["end"] = 2, ["not id"] = 1, x = null}\tNode (removed)\t"Wang Yi"\n'
                '{[1] = 1, [3] = 3, x = 1}\t"\\u{9b}[2J\'\\""\tNode \'it\\\'s\' (\\027]0;x\\007)\n'
                '{5, 6, ... (2 more)}\n', "repr")


# ---- paths -----------------------------------------------------------------------------------

def case_paths_show_each_hop_with_evidence_from_the_article():
    out, _ = run("-p", "paths", "-a", "from=Wang Yi", "-a", "to=gwadar")
    lines = out.splitlines()
    G = load_nx(CPEC, multigraph=True).to_undirected(as_view=True)
    paths = list(nx.all_shortest_paths(G, "wang_yi", "gwadar"))
    assert lines[0].startswith(f"{len(paths)} path"), lines[0]
    quotes = [l.strip() for l in lines if l.strip().startswith("“")]
    assert quotes, out
    for q in quotes:
        evidence = q[1:q.rindex("”")]
        assert evidence in ARTICLE, evidence
    # every other attribute of each hop, whatever its name, on the line after its evidence
    others = [lines[i + 1].strip() for i, l in enumerate(lines) if l.strip().startswith("“")]
    assert others == ["attributed_to: article"] * len(quotes), others


def case_paths_keep_every_attribute_of_a_relation():
    """Issue 18: paths named the bundled graph's attributed_to and dropped the rest."""
    doc = {"directed": True, "nodes": [{"id": "a"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "b", "type": "met", "evidence": "they met",
                      "date": "2025-08-21", "confidence": 0.8, "lat": 33.716667,
                      "where": ["Islamabad"]}]}
    path = temp_graph("hop.json", doc)
    out, _ = run("-p", "paths", "-a", "from=a", "-a", "to=b", path)
    assert out.splitlines()[3:] == [
        "   a --met--> b", "       “they met”",
        '       confidence: 0.8; date: 2025-08-21; lat: 33.716667; where: ["Islamabad"]'], out
    out, _ = run("-p", "paths", "-a", "from=a", "-a", "to=b", "-a", "format=json", path)
    hop = json.loads(out)["paths"][0]["hops"][0]
    assert hop["attributes"] == {k: v for k, v in doc["edges"][0].items()
                                 if k not in ("source", "target")}, hop
    assert (hop["from"], hop["to"], hop["forward"], hop["type"]) == ("a", "b", True, "met"), hop
    os.unlink(path)


def case_names_fold_case_beyond_ascii_and_list_items_may_hold_commas():
    """Issue 18: ZÜRICH did not find Zürich; a list item could not hold a comma."""
    doc = {"directed": False, "nodes": [{"id": "z", "label": "Zürich"},
                                        {"id": "w", "label": "Washington, D.C."},
                                        {"id": "s", "label": "Straße"}],
           "edges": [{"source": "z", "target": "w", "type": "flight"},
                     {"source": "w", "target": "s", "type": "road"}]}
    path = temp_graph("fold.json", doc)
    out, _ = run("-p", "paths", "-a", "from=ZÜRICH", "-a", "to=STRASSE", path)
    assert out.startswith("1 path from Zürich to Straße"), out
    out, _ = run("-p", "dot", "-a", 'highlight="Washington, D.C.",zürich', path)
    for label in ("Zürich", "Washington, D.C."):
        assert f'label="{label}", penwidth=4' in out, out
    out, err = run("-p", "dot", "-a", 'highlight="Washington, D.C.,zürich', path, expect=2)
    assert "has a quote that is not closed" in err, err
    os.unlink(path)


def case_paths_json_gives_k_paths_in_order():
    out, _ = run("-p", "paths", "-a", "from=wang_yi", "-a", "to=balochistan", "-a", "k=3",
                 "-a", "format=json")
    doc = json.loads(out)
    lengths = [len(p["hops"]) for p in doc["paths"]]
    assert len(lengths) == 3 and lengths == sorted(lengths), lengths
    G = load_nx(CPEC, multigraph=True).to_undirected(as_view=True)
    assert lengths[0] == nx.shortest_path_length(G, "wang_yi", "balochistan")
    assert doc["paths"][0]["nodes"][0] == "wang_yi"


def case_paths_suggest_a_name_when_nothing_matches():
    _, err = run("-p", "paths", "-a", "from=wang_yii", "-a", "to=gwadar", expect=2)
    expect(err, "cpecgraph: plugin 'paths': argument 'from': no node is called 'wang_yii' "
                "(did you mean 'wang_yi'?)\n", "stderr")
    _, err = run("-p", "paths", "-a", "from=wang_yi", expect=2)
    assert "give both ends" in err, err
    _, err = run("-p", "centrality", "-a", "type=minister", expect=2)
    assert "argument 'type': no node has type 'minister' (types: agreement, city," in err, err
    _, err = run("-p", "centrality", "-a", "weights=id", expect=2)
    assert "has no numeric 'id'" in err, err
    _, err = run("-p", "centrality", "-a", "weights=nope", expect=2)
    assert "argument 'weights': edge 'pakistan' -> 'new_projects_agreement' has no numeric" in err


# ---- summary ---------------------------------------------------------------------------------

def case_summary_counts_equal_networkx():
    out, _ = run("-p", "summary", "-a", "format=json", CPEC)
    doc = json.loads(out)
    G = load_nx(CPEC, multigraph=True)
    assert doc["nodes"] == G.number_of_nodes() and doc["edges"] == G.number_of_edges()
    close(doc["density"], nx.density(G), "density")
    assert doc["components"] == nx.number_weakly_connected_components(G)
    assert doc["strong_components"] == nx.number_strongly_connected_components(G)
    histogram = nx.degree_histogram(G)
    assert {h["degree"]: h["nodes"] for h in doc["degree_histogram"]} == \
        {d: n for d, n in enumerate(histogram) if n}
    simple = nx.DiGraph(G)
    assert doc["multi_edges"] == G.number_of_edges() - simple.number_of_edges()
    assert doc["self_loops"] == nx.number_of_selfloops(G)
    assert doc["hubs"][0]["id"] in ("pakistan", "strategic_dialogue_6")


def case_summary_text_has_a_histogram():
    out, _ = run("-p", "summary", KARATE)
    assert out.startswith("Zachary's Karate Club: 34 nodes, 78 edges, undirected, density 0.1390"), \
        out[:80]
    assert "    17: " in out and "#" in out


# ---- the README shows real output ----------------------------------------------------------

def case_readme_shows_the_current_centrality_output():
    out, _ = run("--plugin", "centrality.lua")
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    block = "".join("    " + line + "\n" for line in out.splitlines())
    assert block in readme, "README's centrality output is stale: run scripts/figures"


if __name__ == "__main__":
    main(globals())
