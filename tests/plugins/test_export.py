#!/usr/bin/python3
"""test_export.py: the export plugin's output read back by the real consumers (NetworkX's
GraphML, GEXF and node-link readers, Python's csv module, cpecgraph itself) and compared with
the source files read independently with the json module.

Usage: test_export.py CPECGRAPH SOURCE_ROOT   (last line: 'N passed, N failed')"""
import csv
import io
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import networkx as nx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, ROOT = sys.argv[1], sys.argv[2]
DATA = os.path.join(ROOT, "tests", "data")
CPEC = os.path.join(ROOT, "data", "cpec-2.0.json")
KARATE = os.path.join(DATA, "karate.json")
MULTI = os.path.join(DATA, "multi.json")
HOSTILE = os.path.join(DATA, "hostile.json")
TMP = tempfile.mkdtemp(prefix="test_export.")

# Every type an attribute can have, in an undirected graph with integer ids, parallel edges
# (in both directions), a self-loop, a node without attributes, names whose values mix types,
# nulls, empty text, and characters XML 1.0 forbids.
TYPED = {
    "graph": {"name": "typed", "year": 2025, "ratio": 0.1, "final": True,
              "tags": ["a", {"b": 1}], "none": None},
    "nodes": [
        {"id": 1, "label": "One", "int": 7, "float": 1.0, "flag": True, "mixed": 1, "num": 2,
         "nested": {"k": [1, 2.5, "x"], "bell": "ring\u0007"}, "nothing": None, "empty": "",
         "ctrl": "a\u0001b\u000bc\u001fd\ufffee\uffff", "cr": "line\r\nnext\rlast\n",
         "big": 9007199254740991, "neg0": -0.0, "tiny": 1e-7, "huge": 1e21,
         "pi": 3.141592653589793},
        {"id": "two", "label": 2, "int": -3, "float": 0.30000000000000004, "flag": False,
         "mixed": "text", "num": 2.5, "nested": [1, [2, [3]]], "nothing": None},
        {"id": "tab\there", "label": None, "mixed": True, "text": "پاکستان 中巴 😀 ﬁ",
         "markup": "<a href=\"x\">&amp;</a> ]]> 'q'"},
        {"id": "lonely"},
    ],
    "edges": [
        {"source": 1, "target": "two", "weight": 2, "type": "rel", "label": "first",
         "when": 1.5},
        {"source": "two", "target": 1, "weight": 0.5, "type": "rel"},
        {"source": "tab\there", "target": "tab\there", "type": "loop", "evidence": "self\nloop"},
        {"source": 1, "target": "lonely", "weight": 3, "ok": False,
         "meta": {"src": "x", "n": None}},
    ],
}
TYPED_PATH = os.path.join(TMP, "typed.json")
with open(TYPED_PATH, "w", encoding="utf-8") as f:
    json.dump(TYPED, f)  # ASCII with \u escapes: the loader refuses raw control characters

GRAPHS = [CPEC, KARATE, MULTI, HOSTILE, TYPED_PATH]


def run(*args, expect=0):
    """cpecgraph's stdout as text, line ends untouched (CSV records end with CRLF)."""
    proc = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != expect:
        raise AssertionError(f"exit {proc.returncode} (wanted {expect}): {err}")
    return proc.stdout.decode("utf-8"), err


def export(fmt, path):
    return run("-p", "export", "-a", "format=" + fmt, path)[0]


def has(text, part):
    """PART is in TEXT (a long output: the message shows its start only)."""
    if part not in text:
        raise AssertionError(f"{part!r} not in the output ({len(text)} characters: "
                             f"{text[:300]!r}...)")


def saved(text, name):
    path = os.path.join(TMP, name)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


# ---- the source, read independently ----------------------------------------------------

class Source:
    """A graph file as the json module reads it: ids as text (cpecgraph keeps integer ids as
    their decimal text), attributes in file order."""

    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        self.name = os.path.basename(path)
        self.directed = doc.get("directed", False)
        self.multigraph = doc.get("multigraph", False)
        self.graph = doc.get("graph", {})
        self.nodes = [(str(n["id"]), {k: v for k, v in n.items() if k != "id"})
                      for n in doc["nodes"]]
        self.edges = [(str(e["source"]), str(e["target"]),
                       {k: v for k, v in e.items() if k not in ("source", "target")})
                      for e in doc.get("edges", doc.get("links", []))]
        self.ids = [i for i, _ in self.nodes]

    def parallel(self):
        ends = [(s, t) if self.directed else tuple(sorted((s, t))) for s, t, _ in self.edges]
        return len(set(ends)) < len(ends)


def kind(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "double"
    return "string" if isinstance(v, str) else "json"


def merged(a, b):
    if a == b or b == "null":
        return a
    if a == "null":
        return b
    return "double" if {a, b} <= {"integer", "double"} else "mixed"


def schema(elements):
    """Attribute names in the order first met, and the type of each over all its values."""
    kinds = {}
    for attrs in elements:
        for name, value in attrs.items():
            kinds[name] = merged(kinds[name], kind(value)) if name in kinds else kind(value)
    return kinds


XML_TYPE = {"boolean": "boolean", "integer": "long", "double": "double"}
FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_clean(s):
    """What the plugin promises for text XML cannot hold: U+FFFD instead."""
    return FORBIDDEN.sub("\ufffd", s)


def same_number(got, want, what):
    if not (got == want and math.copysign(1, got) == math.copysign(1, want)):
        raise AssertionError(f"{what}: expected {want!r}, got {got!r}")


def check_text(got, want, what, clean=lambda s: s):
    """GOT is the text of value WANT in a text column: strings as they are, booleans as
    true/false, numbers that read back the same, nested values as JSON that parses back."""
    if not isinstance(got, str):
        raise AssertionError(f"{what}: expected text, got {got!r}")
    k = kind(want)
    if k == "string":
        expect(got, clean(want), what)
    elif k == "boolean":
        expect(got, "true" if want else "false", what)
    elif k == "integer":
        expect(got, str(want), what)
    elif k == "double":
        same_number(float(got), want, what)
        assert re.search(r"[.eE]", got), f"{what}: {got!r} reads back as an integer"
    else:
        expect(json.loads(got), want, what)


def check_typed(got, want, key_type, what, clean=xml_clean):
    """GOT is what a typed reader gives for WANT in a key of type KEY_TYPE."""
    if key_type == "boolean":
        assert got is want, f"{what}: expected {want!r}, got {got!r}"
    elif key_type == "integer":
        assert type(got) is int and got == want, f"{what}: expected {want!r}, got {got!r}"
    elif key_type == "double":
        assert type(got) is float, f"{what}: expected a float, got {got!r}"
        same_number(got, want, what)
    else:
        check_text(got, want, what, clean)


def check_attributes(got, want, kinds, what, skip=(), drop_empty=False):
    """GOT (a reader's dict) holds exactly the non-null values of WANT, typed by KINDS."""
    want = {k: v for k, v in want.items()
            if v is not None and k not in skip and not (drop_empty and v == "")}
    expect(sorted(got), sorted(want), what + " names")
    for name, value in want.items():
        check_typed(got[name], value, kinds[name], f"{what}[{name!r}]")


def same_ends(src, got_u, got_v, s, t, what):
    ends = (got_u, got_v) if src.directed else tuple(sorted((got_u, got_v)))
    want = (s, t) if src.directed else tuple(sorted((s, t)))
    expect(ends, want, what + " ends")


# ---- GraphML ---------------------------------------------------------------------------

def check_graphml(path):
    src = Source(path)
    out = export("graphml", path)
    root = ET.fromstring(out.encode("utf-8"))  # well-formed, or this raises
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    kinds = {"graph": schema([src.graph]), "node": schema(a for _, a in src.nodes),
             "edge": schema(a for _, _, a in src.edges)}
    declared = [(k.get("for"), k.get("attr.name"), k.get("attr.type"))
                for k in root.iter(ns + "key")]
    expect(declared, [(d, n, XML_TYPE.get(t, "string")) for d in ("graph", "node", "edge")
                      for n, t in kinds[d].items()], f"{src.name}: keys")
    edge_ids = [e.get("id") for e in root.iter(ns + "edge")]
    expect(edge_ids, [f"e{i}" for i in range(len(src.edges))], f"{src.name}: edge ids")

    G = nx.read_graphml(saved(out, src.name + ".graphml"), force_multigraph=True)
    expect(G.is_directed(), src.directed, f"{src.name}: directed")
    expect(list(G.nodes), [xml_clean(i) for i in src.ids], f"{src.name}: node ids")
    graph_attrs = {k: v for k, v in G.graph.items() if k not in ("node_default", "edge_default")}
    # NetworkX drops <data> elements with empty text (GraphML allows them)
    check_attributes(graph_attrs, src.graph, kinds["graph"], f"{src.name}: graph",
                     drop_empty=True)
    for node_id, attrs in src.nodes:
        check_attributes(G.nodes[xml_clean(node_id)], attrs, kinds["node"],
                         f"{src.name}: node {node_id!r}", drop_empty=True)
    edges = {key: (u, v, d) for u, v, key, d in G.edges(keys=True, data=True)}
    expect(len(edges), len(src.edges), f"{src.name}: edge count")
    for i, (s, t, attrs) in enumerate(src.edges):
        u, v, d = edges[f"e{i}"]
        same_ends(src, u, v, xml_clean(s), xml_clean(t), f"{src.name}: edge e{i}")
        check_attributes(d, attrs, kinds["edge"], f"{src.name}: edge e{i}", drop_empty=True)
    return out


def case_graphml_is_read_back_by_networkx_with_types_and_every_attribute():
    for path in GRAPHS:
        check_graphml(path)


def case_graphml_escapes_markup_and_replaces_characters_xml_forbids():
    out = check_graphml(HOSTILE)
    has(out, '<node id="quote&quot;id">')
    has(out, '<node id="multi&#10;line">')
    has(out, '<node id="tab&#9;id">')
    has(out, "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;")
    assert "<script>" not in out and "<b>" not in out
    out = check_graphml(TYPED_PATH)
    has(out, ">a\ufffdb\ufffdc\ufffdd\ufffde\ufffd</data>")
    has(out, ">line&#13;\nnext&#13;last\n</data>")
    assert not FORBIDDEN.search(out), "a forbidden character was written raw"
    has(out, '<key id="d10" for="node" attr.name="mixed" attr.type="string"/>')
    has(out, '<graph id="G" edgedefault="undirected">')


def case_xml_formats_refuse_ids_that_differ_only_where_xml_cannot_write():
    """Issue 19, item 10: ids differing only in control characters were both written with
    U+FFFD in their place, one id twice (GraphML a file no reader takes, GEXF a merged node)."""
    ids = os.path.join(TMP, "control-ids.json")
    with open(ids, "w", encoding="utf-8") as f:
        json.dump({"nodes": [{"id": "a\u0001"}, {"id": "a\u0002"}], "links": []}, f)
    names = os.path.join(TMP, "control-names.json")
    with open(names, "w", encoding="utf-8") as f:
        json.dump({"nodes": [{"id": "a", "x\u0001": 1, "x\u0002": 2}], "links": []}, f)
    nonchar = os.path.join(TMP, "nonchar-id.json")
    with open(nonchar, "w", encoding="utf-8") as f:
        json.dump({"nodes": [{"id": "b\uffff"}], "links": []}, f)
    for fmt in ("graphml", "gexf"):
        out, err = run("-p", "export", "-a", "format=" + fmt, ids, expect=1)
        assert out == "" and err == (f"cpecgraph: plugin 'export': the node id 'a\\x01' holds "
                                     f"U+0001, which XML cannot carry, so that {fmt} could not "
                                     "tell it from others: export as node-link or gml\n"), err
        err = run("-p", "export", "-a", "format=" + fmt, names, expect=1)[1]
        assert "the node attribute 'x\\x01' holds U+0001" in err, err
        err = run("-p", "export", "-a", "format=" + fmt, nonchar, expect=1)[1]
        assert "the node id 'b\uffff' holds U+FFFF" in err, err
    run("-p", "export", "-a", "format=gml", ids)


def case_graphml_keeps_parallel_edges_apart():
    G = nx.read_graphml(saved(export("graphml", MULTI), "multi.graphml"))
    assert G.is_multigraph(), "parallel edges were merged"
    expect(sorted((u, v, k, d["kind"]) for u, v, k, d in G.edges(keys=True, data=True)
                  if "kind" in d), [("a", "b", "e0", "x"), ("a", "b", "e1", "y")], "edges")


# ---- GEXF ------------------------------------------------------------------------------

def check_gexf(path):
    src = Source(path)
    out = export("gexf", path)
    root = ET.fromstring(out.encode("utf-8"))
    ns = "{http://www.gexf.net/1.2draft}"
    expect(root.get("version"), "1.2", "version")
    description = root.find(f"{ns}meta/{ns}description")
    if src.graph:
        expect(json.loads(description.text), src.graph, f"{src.name}: graph attributes")
    else:
        assert description is None, "description of a graph without attributes"
    nkinds = schema(a for _, a in src.nodes)
    ekinds = schema(a for _, _, a in src.edges)
    # the places GEXF has: text labels, numeric weights; they leave the attribute columns
    nskip = {"label"} if nkinds.get("label") == "string" else set()
    eskip = {"label"} if ekinds.get("label") == "string" else set()
    if ekinds.get("weight") in ("integer", "double"):
        eskip.add("weight")
    columns = {(group.get("class"), a.get("title")): a.get("type")
               for group in root.iter(ns + "attributes") for a in group}
    want = {("node", n): XML_TYPE.get(t, "string") for n, t in nkinds.items() if n not in nskip}
    want.update({("edge", "networkx_key" if n == "key" else n): XML_TYPE.get(t, "string")
                 for n, t in ekinds.items() if n not in eskip})
    expect(columns, want, f"{src.name}: attribute columns")

    G = nx.read_gexf(saved(out, src.name + ".gexf"))
    expect(G.is_directed(), src.directed, f"{src.name}: directed")
    expect(list(G.nodes), [xml_clean(i) for i in src.ids], f"{src.name}: node ids")
    for node_id, attrs in src.nodes:
        what = f"{src.name}: node {node_id!r}"
        data = dict(G.nodes[xml_clean(node_id)])
        label = attrs.get("label")
        expect(data.pop("label"), xml_clean(label if isinstance(label, str) else node_id),
               what + " label")
        check_attributes(data, attrs, nkinds, what, skip={"label"})
    if G.is_multigraph():
        edges = {d["id"]: (u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)}
    else:
        edges = {d["id"]: (u, v, None, d) for u, v, d in G.edges(data=True)}
    expect(len(edges), len(src.edges), f"{src.name}: edge count")
    for i, (s, t, attrs) in enumerate(src.edges):
        what = f"{src.name}: edge {i}"
        u, v, key, d = edges[str(i)]
        same_ends(src, u, v, xml_clean(s), xml_clean(t), what)
        if "key" in attrs and G.is_multigraph():  # written as NetworkX's "networkx_key"
            expect(key, attrs["key"], what + " NetworkX key")
        d = dict(d)
        del d["id"]
        label = next((attrs[k] for k in ("label", "type") if isinstance(attrs.get(k), str)),
                     None)
        expect(d.pop("label", None), label and xml_clean(label), what + " label")
        weight = attrs.get("weight")
        if kind(weight) in ("integer", "double"):
            same_number(d.pop("weight"), float(weight), what + " weight")
        skip = eskip | {"label", "key"} | ({"weight"} if kind(weight) in ("integer", "double")
                                             else set())
        check_attributes(d, attrs, ekinds, what, skip=skip)
    return out


def case_gexf_is_read_back_by_networkx_with_labels_types_and_attributes():
    for path in GRAPHS:
        check_gexf(path)


def case_gexf_uses_labels_weights_and_edge_types_as_gephi_shows_them():
    out = check_gexf(KARATE)
    has(out, '<graph mode="static" defaultedgetype="undirected">')
    has(out, '<edge id="0" source="0" target="1" weight="4"/>')
    has(out, '<node id="0" label="0">')
    out = check_gexf(CPEC)
    has(out, '<node id="wang_yi" label="Wang Yi">')
    has(out, '<edge id="0" source="pakistan" target="new_projects_agreement" label="party_to">')
    out = check_gexf(TYPED_PATH)
    has(out, '<attvalue for="0" value="One"/>')  # a 'label' that is not all text: a column too
    has(out, '<node id="tab&#9;here" label="tab&#9;here">')
    out = check_gexf(MULTI)
    has(out, '<attribute id="1" title="networkx_key" type="long"/>')


# ---- node-link JSON --------------------------------------------------------------------

def strict(a, b, what):
    """Equal values of equal JSON types (1 is not 1.0, nor true); object order is free."""
    if kind(a) != kind(b):
        raise AssertionError(f"{what}: expected {b!r}, got {a!r}")
    if isinstance(b, dict):
        expect(sorted(a), sorted(b), what + " keys")
        for k in b:
            strict(a[k], b[k], f"{what}.{k}")
    elif isinstance(b, list):
        expect(len(a), len(b), what + " length")
        for i, (x, y) in enumerate(zip(a, b)):
            strict(x, y, f"{what}[{i}]")
    elif isinstance(b, float):
        same_number(a, b, what)
    else:
        expect(a, b, what)


def check_members(got, want, what):
    """An element's attributes: the same names in the same order, strictly equal values."""
    expect(list(got), list(want), what + " attribute order")
    for k in want:
        strict(got[k], want[k], f"{what}.{k}")


def check_node_link(path, *options):
    src = Source(path)
    out = run("-p", "export", "-a", "format=node-link", *options, path)[0]
    doc = json.loads(out)
    key = "links" if "links=true" in options else "edges"
    expect(list(doc), ["directed", "multigraph", "graph", "nodes", key], "members")
    doc["links"] = doc.pop(key)
    expect(doc["directed"], src.directed, f"{src.name}: directed")
    expect(doc["multigraph"], src.multigraph or src.parallel(), f"{src.name}: multigraph")
    check_members(doc["graph"], src.graph, f"{src.name}: graph")
    expect([n["id"] for n in doc["nodes"]], src.ids, f"{src.name}: node ids")
    for node, (node_id, attrs) in zip(doc["nodes"], src.nodes):
        check_members({k: v for k, v in node.items() if k != "id"}, attrs,
                      f"{src.name}: node {node_id!r}")
    expect(len(doc["links"]), len(src.edges), f"{src.name}: edge count")
    for i, (link, (s, t, attrs)) in enumerate(zip(doc["links"], src.edges)):
        expect((link["source"], link["target"]), (s, t), f"{src.name}: link {i} ends")
        check_members({k: v for k, v in link.items() if k not in ("source", "target")}, attrs,
                      f"{src.name}: link {i}")
    return src, out, doc


def case_node_link_keeps_every_value_its_type_and_its_order():
    for path in GRAPHS:
        check_node_link(path)


def case_node_link_is_read_by_networkx():
    for path, options, key in [(p, (), "edges") for p in GRAPHS] + [(CPEC, ("-a", "links=true"),
                                                                      "links")]:
        src, out, _ = check_node_link(path, *options)
        G = nx.node_link_graph(json.loads(out), link=key)  # NetworkX 3 reads "edges" by default
        expect(G.is_directed(), src.directed, f"{src.name}: directed")
        expect(list(G.nodes), src.ids, f"{src.name}: nodes")
        expect(G.number_of_edges(), len(src.edges), f"{src.name}: edges")
        for node_id, attrs in src.nodes:
            expect(G.nodes[node_id], attrs, f"{src.name}: node {node_id!r}")
        if not G.is_multigraph():
            for s, t, attrs in src.edges:
                expect(G.edges[s, t], attrs, f"{src.name}: edge {s!r} {t!r}")


def case_node_link_is_read_back_by_cpecgraph_unchanged():
    for path in GRAPHS:
        src, out, _ = check_node_link(path)
        again = saved(out, src.name + ".node-link.json")
        expect(export("node-link", again), out, f"{src.name}: exported twice")
        check, _ = run("--check", again)
        counts = f"{len(src.nodes)} nodes, {len(src.edges)} edges"
        contains(check, counts, f"{src.name}: --check")
        # and the other formats of the copy are those of the original
        for fmt in ("graphml", "csv-edges"):
            expect(export(fmt, again), export(fmt, path), f"{src.name}: {fmt} of the copy")


def node_link_doc(path):
    """The node-link export of PATH as a document, its edge list under "links"."""
    doc = json.loads(export("node-link", path))
    doc["links"] = doc.pop("edges")
    return doc


def without_nulls(doc):
    """DOC with the null attributes dropped: GraphML has no null, so they are not written."""
    for part in [doc["graph"], *doc["nodes"], *doc["links"]]:
        for key in [k for k, v in part.items() if v is None]:
            del part[key]
    return doc


def case_graphml_is_read_back_by_cpecgraph_unchanged():
    # not TYPED_PATH: its control characters and mixed-type names cannot survive XML by design
    for path in [CPEC, KARATE, MULTI, HOSTILE]:
        name = os.path.basename(path)
        original = without_nulls(node_link_doc(path))
        graphml = saved(export("graphml", path), name + ".graphml")
        again = node_link_doc(graphml)
        for key in ("directed", "multigraph", "graph"):
            expect(again[key], original[key], f"{name}: {key}")
        expect(again["nodes"], original["nodes"], f"{name}: nodes, their attributes and types")
        expect(again["links"], original["links"], f"{name}: edges, their ends and attributes")


# ---- CSV -------------------------------------------------------------------------------

def csv_records(text):
    """The records of RFC 4180 text; every record must end with CRLF."""
    assert text.endswith("\r\n"), repr(text[-20:])
    return list(csv.reader(io.StringIO(text, newline=""), strict=True))


def guarded(value):
    """VALUE as the CSV writers put text: a leading ' where a spreadsheet would see a formula."""
    return "'" + value if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t",
                                                                    "\r") else value


def check_csv_table(text, first, ends, elements, what):
    names = list(schema(elements))
    records = csv_records(text)
    expect(records[0], first + [guarded(n) for n in names], what + " header")
    expect(len(records) - 1, len(elements), what + " rows")
    for record, end, attrs in zip(records[1:], ends, elements):
        expect(len(record), len(first) + len(names), f"{what} {end}: fields")
        expect(record[:len(first)], [guarded(e) for e in end], f"{what} {end}: ends")
        for name, field in zip(names, record[len(first):]):
            value = attrs.get(name)
            if value is None:
                expect(field, "", f"{what} {end}[{name!r}]")
            else:
                check_text(field, guarded(value), f"{what} {end}[{name!r}]")


def case_csv_tables_parse_with_every_value():
    for path in GRAPHS:
        src = Source(path)
        check_csv_table(export("csv-nodes", path), ["id"], [(i,) for i in src.ids],
                        [a for _, a in src.nodes], f"{src.name}: nodes")
        check_csv_table(export("csv-edges", path), ["source", "target"],
                        [(s, t) for s, t, _ in src.edges], [a for _, _, a in src.edges],
                        f"{src.name}: edges")


def case_csv_text_that_a_spreadsheet_would_run_gets_a_quote():
    graph = os.path.join(TMP, "formulas.json")
    with open(graph, "w") as f:
        json.dump({"nodes": [{"id": "=HYPERLINK(\"http://x\")", "label": "+1", "w": -5},
                             {"id": "@SUM(A1)", "label": "\tx", "note": "-2+3"}],
                   "edges": [{"source": "=HYPERLINK(\"http://x\")", "target": "@SUM(A1)"}]}, f)
    out = export("csv-nodes", graph)
    expect(out, 'id,label,w,note\r\n"\'=HYPERLINK(""http://x"")","\'+1",-5,\r\n'
                '"\'@SUM(A1)","\'\tx",,"\'-2+3"\r\n', "guarded, numbers untouched")
    raw = run("-p", "export", "-a", "format=csv-nodes", "-a", "raw=true", graph)[0]
    expect(raw.splitlines()[2], '@SUM(A1),\tx,,-2+3', "-a raw=true")
    for plugin in ("centrality", "communities"):
        out = run("-p", plugin, "-a", "format=csv", graph)[0]
        expect(out.splitlines()[1].startswith('"\'=HYPERLINK(""http://x"")","\'+1"'), True,
               f"{plugin}: {out.splitlines()[1]!r}")


def case_csv_quotes_what_rfc_4180_asks():
    out = export("csv-nodes", HOSTILE)
    has(out, '"quote""id","quoted "" type","He said ""hi""; label=""evil""",\r\n')
    has(out, '"multi\nline",text,"first line\nsecond line\r\nthird",\r\n')
    out = export("csv-edges", TYPED_PATH)
    expect(out.split("\r\n")[0], "source,target,weight,type,label,when,evidence,ok,meta",
           "header")
    has(out, '\r\n1,lonely,3,,,,,false,"{""n"":null,""src"":""x""}"\r\n')
    out = export("csv-nodes", TYPED_PATH)
    has(out, ",1.0,")  # a float keeps its point
    has(out, ',1e-07,1e+21,')


# ---- arguments, output file, scale -------------------------------------------------------

def case_unknown_or_missing_format_is_a_usage_error():
    _, err = run("-p", "export", "-a", "format=xml", MULTI, expect=2)
    expect(err, "cpecgraph: plugin 'export': argument 'format': 'xml' is not one of: graphml, "
                "gexf, node-link, gml, pajek, csv-nodes, csv-edges, neo4j-nodes, "
                "neo4j-relationships, graphframes-vertices, graphframes-edges\n", "stderr")
    _, err = run("-p", "export", MULTI, expect=2)
    contains(err, "argument 'format': give one of graphml, gexf, node-link, gml, pajek, "
                  "csv-nodes, csv-edges", "stderr")
    _, err = run("-p", "export", "-a", "format=csv-nodes", "-a", "table=nodes", MULTI, expect=2)
    contains(err, "unknown argument 'table'; its arguments: format", "stderr")


def case_attributes_named_like_ids_or_ends_are_refused_not_misread():
    path = os.path.join(TMP, "reserved.graphml")
    G = nx.DiGraph()
    G.add_node("a", id="ext-1")
    G.add_node("b")
    G.add_edge("a", "b", source="AP")
    nx.write_graphml(G, path)
    for fmt in ("node-link", "csv-nodes"):
        _, err = run("-p", "export", "-a", "format=" + fmt, path, expect=1)
        contains(err, "node 'a' has an attribute named 'id', which %s keeps for the node's own "
                 "id" % fmt, fmt)
    G.nodes["a"].pop("id")
    nx.write_graphml(G, path)
    _, err = run("-p", "export", "-a", "format=csv-edges", path, expect=1)
    contains(err, "edge 'a' -> 'b' has an attribute named 'source'", "csv-edges")
    out, _ = run("-p", "export", "-a", "format=graphml", path)
    contains(out, 'attr.name="source"', "graphml keeps it")


def case_output_file_holds_what_stdout_shows():
    target = os.path.join(TMP, "out.gexf")
    out, _ = run("-p", "export", "-a", "format=gexf", "-o", target, CPEC)
    expect(out, "", "stdout with -o")
    with open(target, encoding="utf-8", newline="") as f:
        expect(f.read(), export("gexf", CPEC), "file")
    help_text, _ = run("--plugin-help", "export")
    for fmt in ("graphml", "gexf", "node-link", "csv-nodes", "csv-edges"):
        contains(help_text, fmt, "--plugin-help")


def case_a_100k_edge_graph_exports_in_seconds():
    rng = random.Random(5)
    n, m = 20000, 100000
    doc = {"directed": True, "graph": {"name": "big"},
           "nodes": [{"id": f"n{i}", "type": "t", "label": f"Node <{i}>", "score": i / 7}
                     for i in range(n)],
           "edges": [{"source": f"n{rng.randrange(n)}", "target": f"n{rng.randrange(n)}",
                      "type": "rel", "weight": rng.random(), "evidence": "a, \"b\"\nc"}
                     for _ in range(m)]}
    path = saved(json.dumps(doc), "big.json")
    for fmt, count in (("graphml", "<edge "), ("csv-edges", "\r\nn")):
        start = time.monotonic()
        out = export(fmt, path)
        seconds = time.monotonic() - start
        expect(out.count(count), m, f"{fmt}: edges")
        assert seconds < 20, f"{fmt}: {seconds:.1f} s for {m} edges"


if __name__ == "__main__":
    try:
        main(globals())
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
