#!/usr/bin/python3
"""Check a bundled cpecgraph data set against the article it was drawn from.

Usage: tests/data_check.py [--readme README] DATA_JSON ARTICLE_TXT

Checks that the JSON is a directed multigraph in node-link form, that every
node and edge carries its required attributes, that every alias and every
evidence string occurs byte for byte in the article, that node and relation
types belong to the vocabulary tabulated in the README (data/README.md next
to this script's tree by default), and that the graph is weakly connected.
Standard library only. Exit status: 0 when all checks pass, 1 otherwise.
"""

import json
import os
import re
import sys

EXIT_OK = 0
EXIT_FAIL = 1

PROG = "data_check"
DEFAULT_README = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              os.pardir, "data", "README.md")

NODE_KEYS = ("id", "type", "label", "aliases", "description")
EDGE_KEYS = ("source", "target", "type", "evidence", "attributed_to")
ATTRIBUTIONS = ("Associated Press",
                "Ministry of Foreign Affairs (statement on X)",
                "article")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")

# Ids that other code and docs rely on.
REQUIRED_IDS = (
    "pakistan", "china", "wang_yi", "ishaq_dar", "gwadar", "xinjiang",
    "balochistan", "arabian_sea", "islamabad", "kabul", "afghanistan",
    "india", "cpec", "cpec_2_0", "bri", "associated_press", "x",
    "pakistan_mofa", "taliban_government", "strategic_dialogue_6",
    "all_weather_partnership", "trade", "security", "agriculture",
    "science_and_technology", "industry", "cultural_exchanges",
    "economic_development", "roads", "energy_plants", "rail_systems",
    "asia", "africa", "middle_east", "latin_america", "separatist_groups",
    "chinese_workers", "chinese_nationals", "beijing", "new_delhi",
)


class Report:
    """Collects failures; each is printed once, as 'data_check: WHERE: WHAT'."""

    def __init__(self):
        self.failures = []

    def fail(self, where, what):
        self.failures.append("%s: %s: %s" % (PROG, where, what))


# --- vocabulary from the README ----------------------------------------------

def readme_vocabulary(text):
    """Return {section title: [names]} for the first-column `names` of tables.

    Only tables under a '## ' heading are read; a table row is a line starting
    with '|' whose first cell is a single backquoted name.
    """
    vocab, section = {}, None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
            continue
        m = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if section and m:
            vocab.setdefault(section, []).append(m.group(1))
    return vocab


def find_section(vocab, word):
    """The names of the first README section whose title contains word."""
    for title, names in vocab.items():
        if word in title:
            return set(names)
    return None


# --- node and edge checks ----------------------------------------------------

def is_text(v):
    return isinstance(v, str) and v.strip() != ""


def in_article(s, article):
    return s.encode("utf-8") in article


def check_nodes(nodes, article, node_types, rep):
    """Check every node; return the set of ids seen."""
    ids = set()
    for i, node in enumerate(nodes):
        where = "/nodes/%d" % i
        if not isinstance(node, dict):
            rep.fail(where, "node is not an object")
            continue
        nid = node.get("id")
        if not is_text(nid):
            rep.fail(where, "missing or empty 'id'")
        else:
            where = "%s (%s)" % (where, nid)
            if not ID_RE.match(nid):
                rep.fail(where, "id is not snake_case ascii")
            if nid in ids:
                rep.fail(where, "duplicate id '%s'" % nid)
            ids.add(nid)
        for key in ("type", "label", "description"):
            if not is_text(node.get(key)):
                rep.fail(where, "missing or empty '%s'" % key)
        for key in node:
            if key not in NODE_KEYS:
                rep.fail(where, "unknown key '%s'" % key)
        ntype = node.get("type")
        if is_text(ntype) and ntype not in node_types:
            rep.fail(where, "node type '%s' is not in the README table" % ntype)
        desc = node.get("description")
        if is_text(desc) and "\n" in desc:
            rep.fail(where, "description is not one line")
        check_aliases(node.get("aliases"), article, where, rep)
    return ids


def check_aliases(aliases, article, where, rep):
    if not isinstance(aliases, list) or not aliases:
        rep.fail(where, "'aliases' must be a non-empty array")
        return
    for j, alias in enumerate(aliases):
        if not is_text(alias):
            rep.fail("%s/aliases/%d" % (where, j), "alias is not a non-empty string")
        elif not in_article(alias, article):
            rep.fail("%s/aliases/%d" % (where, j),
                     "alias not found verbatim in article: %r" % alias)
    if len(set(a for a in aliases if isinstance(a, str))) != len(aliases):
        rep.fail(where, "duplicate alias")


def check_edges(edges, article, ids, rel_types, rep):
    seen = set()
    for i, edge in enumerate(edges):
        where = "/edges/%d" % i
        if not isinstance(edge, dict):
            rep.fail(where, "edge is not an object")
            continue
        where = "%s (%s -%s-> %s)" % (where, edge.get("source"),
                                     edge.get("type"), edge.get("target"))
        for key in EDGE_KEYS:
            if not is_text(edge.get(key)):
                rep.fail(where, "missing or empty '%s'" % key)
        for key in edge:
            if key not in EDGE_KEYS:
                rep.fail(where, "unknown key '%s'" % key)
        for end in ("source", "target"):
            v = edge.get(end)
            if is_text(v) and v not in ids:
                rep.fail(where, "%s '%s' is not a node id" % (end, v))
        etype = edge.get("type")
        if is_text(etype) and etype not in rel_types:
            rep.fail(where, "relation type '%s' is not in the README table" % etype)
        att = edge.get("attributed_to")
        if is_text(att) and att not in ATTRIBUTIONS:
            rep.fail(where, "attributed_to '%s' is not one of %s"
                     % (att, ", ".join("'%s'" % a for a in ATTRIBUTIONS)))
        ev = edge.get("evidence")
        if is_text(ev):
            if "\n" in ev:
                rep.fail(where, "evidence spans more than one paragraph")
            elif not in_article(ev, article):
                rep.fail(where, "evidence not found verbatim in article: %r" % ev)
        key = tuple(edge.get(k) for k in ("source", "target", "type", "evidence"))
        if key in seen:
            rep.fail(where, "duplicate edge")
        seen.add(key)


# --- connectivity --------------------------------------------------------------

def components(ids, edges):
    """Weakly connected components, by union-find over valid edges."""
    parent = {n: n for n in ids}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for edge in edges:
        s, t = edge.get("source"), edge.get("target")
        if s in parent and t in parent:
            parent[find(s)] = find(t)
    groups = {}
    for n in ids:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=len, reverse=True)


def check_connected(ids, edges, rep):
    touched = set()
    for edge in edges:
        touched.update((edge.get("source"), edge.get("target")))
    for n in sorted(ids - touched):
        rep.fail("/nodes (%s)" % n, "node is isolated")
    comps = components(ids, edges)
    if len(comps) > 1:
        for c in comps[1:]:
            rep.fail("/edges", "not weakly connected: component %s is cut off"
                     % ", ".join(c))


# --- driver --------------------------------------------------------------------

def check_top(data, rep):
    if not isinstance(data, dict):
        rep.fail("/", "top level is not an object")
        return False
    if data.get("directed") is not True:
        rep.fail("/directed", "must be true")
    if data.get("multigraph") is not True:
        rep.fail("/multigraph", "must be true")
    graph = data.get("graph")
    if not isinstance(graph, dict):
        rep.fail("/graph", "missing graph attributes")
    else:
        for key in ("name", "description", "source"):
            if not is_text(graph.get(key)):
                rep.fail("/graph/%s" % key, "missing or empty")
    ok = True
    for key in ("nodes", "edges"):
        if not isinstance(data.get(key), list):
            rep.fail("/%s" % key, "missing or not an array")
            ok = False
    return ok


def load_vocabulary(readme_path, rep):
    """Return (node types, relation types) from the README tables."""
    try:
        with open(readme_path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        rep.fail(readme_path, "cannot read README: %s" % e.strerror)
        return set(), set()
    vocab = readme_vocabulary(text)
    node_types = find_section(vocab, "node type")
    rel_types = find_section(vocab, "relation")
    if not node_types:
        rep.fail(readme_path, "no table under a '## Node types' heading")
    if not rel_types:
        rep.fail(readme_path, "no table under a '## Relation...' heading")
    for a in ATTRIBUTIONS:
        if a not in text:
            rep.fail(readme_path, "attribution value '%s' is not documented" % a)
    return node_types or set(), rel_types or set()


def parse_args(argv):
    args, readme = list(argv[1:]), DEFAULT_README
    if len(args) >= 2 and args[0] == "--readme":
        readme = args[1]
        args = args[2:]
    if len(args) != 2:
        sys.stderr.write("usage: %s [--readme README] DATA_JSON ARTICLE_TXT\n"
                         % os.path.basename(argv[0]))
        return None
    return args[0], args[1], readme


def run(data_path, article_path, readme_path):
    rep = Report()
    try:
        with open(article_path, "rb") as f:
            article = f.read()
        with open(data_path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        rep.fail(e.filename, "cannot read: %s" % e.strerror)
        return rep, 0, 0
    except ValueError as e:
        rep.fail(data_path, "invalid json: %s" % e)
        return rep, 0, 0
    node_types, rel_types = load_vocabulary(readme_path, rep)
    if not check_top(data, rep):
        return rep, 0, 0
    nodes, edges = data["nodes"], data["edges"]
    ids = check_nodes(nodes, article, node_types, rep)
    for nid in REQUIRED_IDS:
        if nid not in ids:
            rep.fail("/nodes", "required id '%s' is missing" % nid)
    check_edges(edges, article, ids, rel_types, rep)
    good = [e for e in edges if isinstance(e, dict)]
    check_connected(ids, good, rep)
    return rep, len(nodes), len(edges)


def main(argv):
    parsed = parse_args(argv)
    if parsed is None:
        return EXIT_FAIL
    rep, n_nodes, n_edges = run(*parsed)
    for line in rep.failures:
        print(line, file=sys.stderr)
    status = "ok" if not rep.failures else "%d failure(s)" % len(rep.failures)
    print("%s: %d nodes, %d edges, %s" % (PROG, n_nodes, n_edges, status))
    try:
        sys.stdout.flush()
    except OSError:
        return EXIT_FAIL
    return EXIT_OK if not rep.failures else EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main(sys.argv))
