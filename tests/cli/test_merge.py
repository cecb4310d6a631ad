#!/usr/bin/python3
"""test_merge.py: merging files (tests/data/merge/a.json and b.json, which disagree on the label
of 'us' and the graph's name, and both state the relation us-cn): where each element came
from (sources()), the notes a conflict gives without -v, --on-conflict, --name, the graph
attributes that merge and --dedupe; then entity resolution on tests/data/merge/aliases.json
(--merge-aliases, with NFC and full case folding, --resolve with judgements.jsonl, and
graph:merge_nodes). Every expected value is read off the files by hand.

Usage: test_merge.py CPECGRAPH DATA_DIR   (last line: 'N passed, N failed')"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import expect, main  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
A, B = os.path.join(DATA, "merge", "a.json"), os.path.join(DATA, "merge", "b.json")
LABEL = 'print(cpecgraph.to_json(graph:node("us").label))'
CONFLICT = ("node 'us': 'label' is \"United States of America\" here but \"United States\" in "
            f"{A}")


def run(*args, expect_code=0):
    proc = subprocess.run([BIN, *args], capture_output=True, text=True)
    expect(proc.returncode, expect_code, f"exit of {' '.join(args)} ({proc.stderr.strip()})")
    return proc.stdout, proc.stderr


def case_every_element_names_the_files_that_declared_it():
    code = ('print(table.concat(graph:sources(), " "))'
            ' for n in graph:nodes() do print(n.id, table.concat(n:sources(), " ")) end'
            ' for e in graph:edges() do print(e.source.id .. "-" .. e.target.id,'
            ' table.concat(e:sources(), " ")) end')
    out, _ = run("-q", "-e", code, A, B)
    expect(out.splitlines(), [f"{A} {B}", f"us\t{A} {B}", f"cn\t{A}", f"pk\t{B}",
                              f"us-cn\t{A}", f"us-cn\t{B}", f"pk-cn\t{B}"], "sources")
    out, _ = run("-q", "-e", 'print(#graph:window("2020"):node("us"):sources(),'
                 ' #graph:add_node{id="new"}:sources())', A, B)
    expect(out, "2\t0\n", "a copy keeps them; a node a script made has none")


def case_a_conflict_is_a_note_with_both_places_without_verbose():
    out, err = run("-e", LABEL, A, B)
    expect(out, '"United States of America"\n', "the last wins by default")
    expect(err.splitlines(), [
        f"cpecgraph: {B}: /: note: the graph: 'name' is \"Talks, second account\" here but "
        f"\"Talks, first account\" in {A}; the later value replaces it (--on-conflict last)",
        f"cpecgraph: {B}: /nodes/0: note: {CONFLICT}; the later value replaces it "
        "(--on-conflict last)"], "two notes: the name and the label; the same 'source' is none")
    _, err = run("-q", "-e", LABEL, A, B)
    expect(err, "", "-q hides them")


def case_on_conflict_first_list_and_error():
    out, err = run("--on-conflict", "first", "-e", LABEL, A, B)
    expect(out, '"United States"\n', "first")
    expect(err.splitlines()[-1], f"cpecgraph: {B}: /nodes/0: note: {CONFLICT}; the earlier value "
           "stays (--on-conflict first)", "first's note")
    out, _ = run("-q", "--on-conflict", "list", "-e", LABEL, A, B)
    expect(out, '["United States","United States of America"]\n', "list")
    _, err = run("--on-conflict", "error", "--check", A, B, expect_code=3)
    expect(err.splitlines()[-1], f"cpecgraph: {B}: /nodes/0: {CONFLICT} (--on-conflict error)",
           "error")
    _, err = run("--on-conflict", "newest", A, expect_code=2)
    expect(err.splitlines()[0], "cpecgraph: --on-conflict: 'newest' is none of last, first, "
           "error, list", "a bad rule")


def case_aliases_and_graph_attributes_merge_and_name_names():
    out, err = run("--name", "Talks", "-e", 'print(cpecgraph.to_json(graph:node("us").aliases))'
                   ' print(graph.attrs.name, graph.attrs.source)', A, B)
    expect(out, '["US","USA"]\nTalks\tillustrative test data\n', "aliases join, --name names")
    expect(len(err.splitlines()), 1, f"only the label is a conflict ({err})")
    out, _ = run("--name", "Mine", "-e", "print(graph.attrs.name)", A)
    expect(out, "Mine\n", "--name on one file")


def case_dedupe_collapses_the_relation_both_files_state():
    out, err = run("--check", "--dedupe", A, B)
    expect(out.splitlines()[-2:], [
        "merged: 3 nodes, 3 edges, undirected; node types: country 3",
        "dedupe: 1 of 3 edges repeated another (same ends, type and evidence) and were collapsed "
        "into it; 2 left"], "summary")
    expect(err.splitlines()[-1], f"cpecgraph: {B}: note: --dedupe: edge 'us' -> 'cn': 'date' is "
           f"\"2024-05-20\" here but \"2024-05\" in {A}; the later value replaces it "
           "(--on-conflict last)", "the copies' dates differ")
    code = ('for e in graph:edges() do print(e.source.id .. "-" .. e.target.id, e.date,'
            ' table.concat(e:sources(), " ")) end')
    out, _ = run("-q", "--dedupe", "--on-conflict", "first", "-e", code, A, B)
    expect(out.splitlines(), [f"us-cn\t2024-05\t{A} {B}", f"pk-cn\tnil\t{B}"],
           "one edge with both sources, the first date")
    out, _ = run("-q", "-e", "print(graph:edge_count())", A, B)
    expect(out, "3\n", "without --dedupe every edge stays")


def case_dedupe_under_the_error_rule_refuses_differing_copies():
    tmp = tempfile.mkdtemp(prefix="cpecgraph-merge-")
    paths = []
    for name, weight in (("x.json", 1), ("y.json", 2)):
        paths.append(os.path.join(tmp, name))
        with open(paths[-1], "w") as f:
            f.write('{"nodes": [{"id": "a"}, {"id": "b"}], "edges": [{"source": "b", '
                    f'"target": "a", "type": "t", "weight": {weight}}}]}}')
    _, err = run("--dedupe", "--on-conflict", "error", *paths, expect_code=3)
    expect(err, f"cpecgraph: {paths[1]}: --dedupe: edge 'b' -> 'a': 'weight' is 2 here but 1 "
           f"in {paths[0]} (--on-conflict error)\n", "error")
    out, _ = run("-q", "--dedupe", "-e", "print(graph:edge_count(), graph:edges()().weight)",
                 paths[0], paths[0])
    expect(out, "1\t1\n", "a file loaded twice: its edges are copies, with no conflict")


ALIASES = os.path.join(DATA, "merge", "aliases.json")
JUDGED = os.path.join(DATA, "merge", "judgements.jsonl")
NODES = ('for n in graph:nodes() do print(n.id, cpecgraph.to_json(n.aliases or false)) end'
         ' for e in graph:edges() do print(e.source.id .. ">" .. e.target.id) end')


def judgements(text):
    path = os.path.join(tempfile.mkdtemp(prefix="cpecgraph-judged-"), "j.jsonl")
    with open(path, "w") as f:
        f.write(text)
    return path


def case_merge_aliases_folds_case_and_unicode_within_a_type():
    out, err = run("--merge-aliases", "-e", NODES, ALIASES)
    # München (NFC), MÜNCHEN (an alias of munich) and Mu+U+0308nchen (NFD) are one name; the
    # full case fold makes HAUPTSTRASSE Hauptstraße; Wang Yi the person and the organisation
    # differ in type; PAKISTAN is Pakistan
    expect(out.splitlines(), [
        'muenchen\t["München","Munich","MÜNCHEN","Mu\u0308nchen"]',
        'strasse\t["Hauptstraße","HAUPTSTRASSE"]', "wang_yi\tfalse", "wang_yi_org\tfalse",
        'pk\t["Pakistan","PAKISTAN"]', "cn\tfalse", "prc\tfalse",
        "wang_yi>muenchen", "wang_yi>muenchen", "strasse>muenchen", "prc>pk", "cn>pk"],
        "merged nodes, re-pointed edges")
    expect(err.splitlines(), [
        "cpecgraph: --merge-aliases: note: 'munchen_nfd' merged into 'muenchen': 'note' is "
        "\"capital\" there but \"city\" here; the value here stays (--on-conflict first)",
        "cpecgraph: --merge-aliases: note: merged 'munich', 'munchen_nfd' into 'muenchen'",
        "cpecgraph: --merge-aliases: note: merged 'strasse_caps' into 'strasse'",
        "cpecgraph: --merge-aliases: note: merged 'pk_other' into 'pk'"], "notes")
    out, _ = run("-q", "--merge-aliases", "-e", 'print(graph:node("muenchen").note)', ALIASES)
    expect(out, "city\n", "the node kept keeps its values: munich's comes first")
    out, _ = run("--check", "--merge-aliases", ALIASES)
    expect(out.splitlines()[-1], "resolved: 4 of 11 nodes merged into others; 7 left", "check")


def case_resolve_merges_as_judged_and_keeps_apart_what_is_judged_different():
    out, err = run("--merge-aliases", "--resolve", JUDGED, "-e", NODES, ALIASES)
    expect(out.splitlines()[4:], [
        "pk\tfalse", "pk_other\tfalse", 'cn\t["China","People\'s Republic of China"]',
        "wang_yi>muenchen", "wang_yi>muenchen", "strasse>muenchen", "cn>pk_other", "cn>pk"],
        "cn and prc merged as judged; pk and pk_other kept apart")
    expect(err.splitlines()[0], "cpecgraph: --merge-aliases: note: 'pk' and 'pk_other' share the "
           "name \"PAKISTAN\" but are judged different on line 3: not merged", "the note")
    path = judgements('{"same": ["cn", "prc"]}\n{"same": ["pk", "pk_other"]}\n'
                      '{"different": ["pk_other", "pk"]}\n')
    _, err = run("--resolve", path, ALIASES, expect_code=3)
    expect(err, f"cpecgraph: {path}:2: 'pk' and 'pk_other' are judged the same here but "
           "different on line 3\n", "judgements that contradict each other")
    for text, message in (('{"same": ["cn"]}', "1: a judgement lists two ids or more"),
                          ('{"same": ["cn", "prc"], "different": ["a", "b"]}',
                           '1: a judgement has one member, "same" or "different"'),
                          ('{"same": ["cn", 7]}', "1: a judgement's ids are non-empty strings"),
                          ('\n{"same": ["cn"', "2:15: unexpected end of input, expected ',' or "
                           "']'")):
        path = judgements(text + "\n")
        _, err = run("--resolve", path, ALIASES, expect_code=3)
        expect(err, f"cpecgraph: {path}:{message}\n", f"error: {text}")
    path = judgements('{"same": ["cn", "prcc"]}\n')
    out, err = run("--resolve", path, "-e", "print(graph:node_count())", ALIASES)
    expect((out, err), ("11\n", f"cpecgraph: {path}:1: warning: no node 'prcc' (did you mean "
                        "'prc'?): left out of this judgement\n"), "an unknown id")
    _, err = run("--resolve", "/nonexistent.jsonl", ALIASES, expect_code=3)
    expect(err, "cpecgraph: /nonexistent.jsonl: cannot read: No such file or directory\n", "none")


def case_merge_nodes_in_lua_contracts_with_provenance():
    code = ('local n, notes = graph:merge_nodes({"cn", "prc", graph:node("pk")},'
            ' {on_conflict = "list"}) print(n.id, cpecgraph.to_json(n.aliases), graph:node_count())'
            ' for _, s in ipairs(notes) do print(s) end'
            ' for e in graph:edges() do print(e.source.id .. ">" .. e.target.id) end'
            ' print(select(2, pcall(graph.merge_nodes, graph, {"cn", "cn"})))'
            ' print(select(2, pcall(graph.merge_nodes, graph, {"cn", "pk_other"}, {on_conflict = "x"})))')
    out, _ = run("-q", "-e", code, ALIASES)
    expect(out.splitlines(), [
        'cn\t["China","Pakistan","People\'s Republic of China"]\t9',
        "merged 'pk', 'prc' into 'cn'",
        "wang_yi>munich", "wang_yi>munchen_nfd", "strasse_caps>muenchen", "cn>pk_other", "cn>cn",
        "bad argument #2 to '?' ('cn' is in the list twice)",
        "merge_nodes: on_conflict 'x' is none of first, last, list, error"], "merge_nodes")
    code = ('local a = graph:add_node{id = "a", label = "A", rank = 1}'
            ' local b = graph:add_node{id = "b", label = "B", rank = 2}'
            ' print(select(2, pcall(graph.merge_nodes, graph, {"a", "b"}, {on_conflict = "error"})))'
            ' print(graph:node_count(), graph:merge_nodes({"a", "b"}, {on_conflict = "last"}).rank)')
    out, _ = run("-q", "-e", code, ALIASES)
    expect(out.splitlines(), [
        "merge_nodes: 'b' merged into 'a': 'rank' is 2 there but 1 here (--on-conflict error)",
        "13\t2"], "the error rule changes nothing; last takes the merged node's value")


def case_regressions_from_review():
    out, _ = run("-q", "--on-conflict", "list", "-e", "print(cpecgraph.to_json(graph.attrs.name))",
                 A, B, A)  # the third file's name is in the list already: it was freed, then read
    expect(out, '["Talks, first account","Talks, second account"]\n', "a list met again")
    path = judgements('{"nodes": [{"id": "r", "label": "x"}, {"id": "v1", "label": "X", '
                      '"note": "one"}, {"id": "v3", "label": "x", "note": "two"}], "edges": []}')
    os.rename(path, path[:-1])  # a .json graph, not JSON Lines
    path = path[:-1]
    _, err = run("--merge-aliases", "--on-conflict", "error", path, expect_code=3)
    expect(err, "cpecgraph: --merge-aliases: 'v3' merged into 'r': 'note' is \"two\" there but "
           "\"one\" here (--on-conflict error)\n", "merged nodes that disagree among themselves")


def case_check_names_the_merged_graph():
    out, _ = run("--check", A, B)
    expect(out.splitlines()[-1], "merged: 3 nodes, 3 edges, undirected; node types: country 3",
           "merged line")


if __name__ == "__main__":
    main(globals())
