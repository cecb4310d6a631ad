#!/usr/bin/python3
"""test_time.py: time windows (--since, --until, --undated, --drop-isolated, graph:window,
e:time()) on tests/data/time/dated.json, whose 13 relations carry time in every spelling the
readers know; the windows below were counted by hand from the file.

Usage: test_time.py CPECGRAPH DATA_DIR   (last line: 'N passed, N failed')"""
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
DATED = os.path.join(DATA, "time", "dated.json")
TMP = tempfile.mkdtemp(prefix="cpecgraph-time-")
EDGES = 'local n = {} for e in graph:edges() do n[#n + 1] = e.n end print(table.concat(n, " "))'


def run(*args, expect_code=0):
    proc = subprocess.run([BIN, *args], capture_output=True, text=True)
    expect(proc.returncode, expect_code, f"exit of {' '.join(args)} ({proc.stderr.strip()})")
    return proc.stdout, proc.stderr


def kept(*window):
    """The numbers (attribute n) of the edges a window keeps, undated ones dropped."""
    out, _ = run("-e", EDGES, DATED, "--undated", "drop", *window)
    return [int(x) for x in out.split()]


def epoch(*args):
    return datetime(*args, tzinfo=timezone.utc).timestamp()


def case_windows_keep_the_edges_counted_by_hand():
    expect(kept("--since", "2015", "--until", "2015"), [2, 3, 4, 5], "the year 2015")
    expect(kept("--since", "2016-01"), [5, 6, 8, 9, 10, 13], "from January 2016, open")
    expect(kept("--until", "2013-12"), [7, 13], "up to December 2013")
    expect(kept("--since", "2015-07-14", "--until", "2015-07-14"), [3, 4], "one day")
    expect(kept("--since", "2017-01-01T12:00", "--until", "2017-01-01T12:00"), [6, 8, 9],
           "one minute")
    expect(kept("--since", "2015-07-14T08:00:30Z", "--until", "2015-07-14T08:00:30Z"), [3, 4],
           "an instant --until holds the instant")
    expect(kept("--since", "2015-07-14", "--until", "2015-07-14T08:00:30Z"), [3, 4],
           "a window that ends at an instant holds it")


def case_check_prints_what_the_window_kept_and_the_undated_default():
    out, _ = run("--check", DATED, "--since", "2015", "--until", "2015")
    expect(out.splitlines()[-1], "window 2015 .. 2015: 6 of 13 edges, 8 of 8 nodes; 2 undated "
           "edges kept (--undated keep, the default)", "summary")
    out, _ = run("--check", DATED, "--since", "2015", "--until", "2015", "--undated", "drop",
                 "--drop-isolated")
    expect(out.splitlines()[-1], "window 2015 .. 2015: 4 of 13 edges, 5 of 8 nodes; 2 undated "
           "edges dropped (--undated drop)", "summary, undated dropped")
    out, _ = run("--check", "--since", "2025")  # the bundled graph: the article states no dates
    contains(out.splitlines()[-1], "111 of 111 edges, 60 of 60 nodes; 111 undated edges kept",
             "the bundled graph")


def case_lua_reads_the_same_times_and_windows():
    script = r"""
local function end_text(x)  -- JSON holds no infinity
  return x == math.huge and "inf" or x == -math.huge and "-inf" or x
end
local times = {}
for e in graph:edges() do
  local s, t = e:time()
  times[#times + 1] = s and {end_text(s), end_text(t)} or cpecgraph.array()
end
local w = graph:window("2015", 2015, {undated = "drop", drop_isolated = true})
print(cpecgraph.to_json({times = times, window = {w:node_count(), w:edge_count()},
                         open = graph:window(nil, "2013-12"):edge_count()}))"""
    out, _ = run("-e", script, DATED)
    d = json.loads(out)
    expected = {1: [epoch(2014, 1, 1), epoch(2015, 1, 1)], 2: [epoch(2015, 3, 1), epoch(2015, 4, 1)],
                4: [epoch(2015, 7, 14, 8, 0, 30)] * 2,
                5: [epoch(2015, 11, 1), epoch(2016, 3, 1)], 6: [epoch(2016, 6, 1), "inf"],
                7: ["-inf", epoch(2014, 1, 1)], 8: [epoch(2017, 1, 1), epoch(2017, 1, 1, 12, 1)],
                9: [epoch(2016, 12, 30), epoch(2017, 1, 3)],
                10: [epoch(2016, 1, 1), epoch(2017, 1, 1)], 11: [], 12: [],
                13: [epoch(2012, 1, 1), "inf"]}
    for n, interval in expected.items():
        expect(d["times"][n - 1], interval, f"e:time() of edge {n}")
    expect(d["window"], [5, 4], "graph:window with undated dropped and isolated nodes dropped")
    expect(d["open"], 4, "an open start")


def case_lua_window_arguments_are_checked():
    for script, message in (
            ('graph:window("July 2015")', "bad argument #1 to 'window' ('July 2015': not an ISO"),
            ('graph:window("2016", "2015")', "the window is empty"),
            ('graph:window(nil, nil, {undated = "maybe"})', 'undated must be "keep" or "drop"'),
            ('graph:window(nil, nil, {dropisolated = true})',
             "unknown option 'dropisolated' (did you mean 'drop_isolated'?)"),
            ('cpecgraph.time({})', "bad argument #1 to 'time' (string expected, got table)")):
        _, err = run("-e", script, DATED, expect_code=1)
        contains(err, message, script)
    doc = {"nodes": [{"id": "a"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "b", "date": "soon"}]}
    path = os.path.join(TMP, "soon.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    _, err = run("-e", "graph:window(2015)", path, expect_code=1)
    contains(err, "window: edge 'a' -> 'b': its 'date' is no date: not an ISO 8601 date",
             "a time that is no date")


def case_bad_times_are_errors_that_name_the_edge_and_the_value():
    doc = {"nodes": [{"id": "a"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "b", "date": "14 July 2015"}]}
    path = os.path.join(TMP, "bad.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    _, err = run("--check", path, "--since", "2015", expect_code=3)
    expect(err, "cpecgraph: edge 'a' -> 'b': its 'date' \"14 July 2015\": not an ISO 8601 date "
           "(YYYY, YYYY-MM, YYYY-MM-DD, with a time: YYYY-MM-DDTHH:MM:SSZ); --since and --until "
           "need dates\n", "stderr")
    _, err = run("-e", "graph:edges()():time()", path, expect_code=1)
    contains(err, "time: its 'date' is no date: not an ISO 8601 date", "e:time()")
    doc["edges"][0] = {"source": "a", "target": "b", "start": "2016", "end": "2015"}
    with open(path, "w") as f:
        json.dump(doc, f)
    _, err = run("--check", path, "--until", "2020", expect_code=3)
    contains(err, "its 'end' \"2015\": it ends before it starts", "an end before the start")
    for args, message in ((["--since", "July 2015"], "--since: 'July 2015': not an ISO 8601"),
                          (["--since", "2016", "--until", "2015"], "the window is empty"),
                          (["--undated", "drop"], "need a window"),
                          (["--since", "2015", "--undated", "maybe"], "neither keep nor drop"),
                          (["--since", "2015-02-30"], "that day does not exist")):
        _, err = run("--check", *args, expect_code=2)
        contains(err, message, " ".join(args))


def timeline(*args, expect_code=0):
    return run("-p", "timeline", DATED, *args, expect_code=expect_code)


def case_timeline_counts_match_the_windows_counted_by_hand():
    out, _ = timeline("-a", "by=year")
    lines = out.splitlines()
    expect(lines[1].split(), ["label", "2012", "2013", "2014", "2015", "2016", "2017"], "header")
    rows = {line.split()[0]: line.split()[1:] for line in lines[3:]}
    expect(rows["c"], ["0", "0", "0", "3", "1", "0"], "degree of c per year")
    expect(rows["e"], ["1", "0", "0", "1", "3", "2"], "degree of e per year")
    expect(list(rows)[:2], ["c", "e"], "the highest peaks first, ties by id")
    out, _ = timeline("-a", "measure=relations")
    expect(out.splitlines()[3].split(), ["met", "2", "1", "1", "4", "4", "3"], "relations per year")
    out, _ = timeline("-a", "every=1y", "-a", "width=2y", "-a", "top=1")
    expect(out.splitlines()[1].split()[1:3], ["2012..2013", "2013..2014"], "sliding windows")
    expect(out.splitlines()[3].split(), ["c", "0", "0", "3", "4", "1", "0"], "two-year degree")


def case_timeline_pagerank_matches_networkx_on_each_window():
    import csv
    import io
    import networkx as nx
    out, _ = timeline("-a", "by=year", "-a", "measure=pagerank", "-a", "format=csv", "-a", "top=0")
    rows = list(csv.DictReader(io.StringIO(out)))
    expect(len(rows), 6 * 8, "a row per node and window")
    # the relations of 2015 and of 2016, listed by hand from the file
    for year, edges in (("2015", [("a", "c"), ("b", "c"), ("c", "d"), ("d", "e")]),
                        ("2016", [("d", "e"), ("e", "f"), ("b", "e"), ("c", "f")])):
        G = nx.Graph()
        G.add_nodes_from("abcdefgh")
        G.add_edges_from(edges)
        reference = nx.pagerank(G, tol=1e-12, max_iter=10000)
        for row in rows:
            if row["window"] == year:
                if abs(float(row["pagerank"]) - reference[row["id"]]) > 1e-6:
                    raise AssertionError(f"{year} {row['id']}: {row['pagerank']} vs "
                                         f"{reference[row['id']]}")
    expect((rows[0]["since"], rows[0]["until"]), ("2012-01-01", "2012-12-31"), "window ends")


def case_timeline_svg_draws_a_line_per_series():
    import xml.etree.ElementTree as ET
    out, _ = timeline("-a", "by=year", "-a", "top=3", "-a", "format=svg", "-a", "title=<Ties>")
    root = ET.fromstring(out)
    ns = {"s": "http://www.w3.org/2000/svg"}
    expect(len(root.findall(".//s:polyline", ns)), 3, "lines")
    expect(len(root.findall(".//s:circle", ns)), 3 * 6, "points")
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    contains(texts, "<Ties>", "the title, escaped")
    tips = [t.text for t in root.iter("{http://www.w3.org/2000/svg}title")]
    contains(tips, "c, 2015: 3", "a point's tooltip")


def case_timeline_refuses_what_it_cannot_chart():
    _, err = run("-p", "timeline", expect_code=2)  # the bundled graph: the article gives no dates
    contains(err, "no relation has a time", "undated graph")
    for args, message in ((["-a", "every=1q"], "is not N followed by y, m, w or d"),
                          (["-a", "by=year", "-a", "every=1y"], "not both"),
                          (["-a", "from=July"], "argument 'from': 'July': not an ISO 8601"),
                          (["-a", "every=1d", "-a", "from=1900"], "more than 2000 windows")):
        _, err = timeline(*args, expect_code=2)
        contains(err, message, " ".join(args))


def case_gexf_export_writes_times_that_gephi_networkx_and_cpecgraph_read_back():
    import networkx as nx
    harbour = os.path.join(os.path.dirname(DATA), "..", "data", "examples",
                           "harbour-illustrative.json")
    times = 'for e in graph:edges() do print(e.source.id, e.target.id, e:time()) end'
    for source, timeformat in ((harbour, "date"), (DATED, "dateTime")):
        gexf = os.path.join(TMP, os.path.basename(source) + ".gexf")
        out, _ = run("-p", "export", "-a", "format=gexf", "-o", gexf, source)
        with open(gexf, encoding="utf-8") as f:
            text = f.read()
        contains(text, f'<graph mode="dynamic" defaultedgetype=', "a dynamic graph")
        contains(text, f'timeformat="{timeformat}"', "its time format")
        before, _ = run("-e", times, source)
        after, _ = run("-e", times, gexf)
        expect(after, before, "times read back, exactly")
        if timeformat == "date":  # NetworkX reads GEXF's "date", not its "dateTime"
            H = nx.read_gexf(gexf)
            expect(H.edges["minister_a", "port_authority"]["start"], "2019-03-01", "NetworkX")
            expect(H.edges["minister_a", "port_authority"]["end"], "2021-06-30", "NetworkX")
        out, _ = run("-e", EDGES, gexf, "--undated", "drop", "--since", "2015", "--until", "2015")
        expect(out.split(), ["2", "3", "4", "5"] if source == DATED else [],
               "a window on the file read back")
    contains(text, '<spells><spell start="2012-01-01T00:00:00Z" end="2013-01-01T00:00:00Z"/>'
             '<spell start="2018-05-01T00:00:00Z"/></spells>', "spells stay spells")
    expect(kept("--until", "2013-12"), [7, 13], "the spells' gap")
    out, _ = run("-e", EDGES, gexf, "--undated", "drop", "--since", "2014", "--until", "2017")
    expect([int(x) for x in out.split()], [1, 2, 3, 4, 5, 6, 8, 9, 10], "no spell in 2014-2017")
    out, _ = run("-p", "export", "-a", "format=gexf", "-a", "time=false", DATED)
    contains(out, '<graph mode="static"', "time=false writes no time")
    # a time that is no date, and bounds that are not the time: written as they are, said
    doc = {"nodes": [{"id": "a"}, {"id": "b"}],
           "edges": [{"source": "a", "target": "b", "date": "soon"},
                     {"source": "b", "target": "a", "date": "2015", "start": "2014-06"},
                     {"source": "a", "target": "b", "startDate": "2015",
                      "spells": [{"start": "2010", "end": "2011"}]}]}
    path = os.path.join(TMP, "odd.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    gexf = os.path.join(TMP, "odd.gexf")
    _, err = run("-p", "export", "-a", "format=gexf", "-o", gexf, path)
    contains(err, "export: 1 edges without a GEXF time, as their time is no date (the first: "
             "edge 'a' -> 'b'", "the undecodable date")
    contains(err, "are not all their time (a date comes first): written as attributes",
             "bounds apart from the time")
    back, _ = run("-e", 'for e in graph:edges() do print(e.start, e.spells) end', gexf)
    # GEXF has no lists: the spells come back as their JSON text, as every list does
    expect(back.split("\n")[1:3], ['2014-06\tnil', 'nil\t[{"end":"2011","start":"2010"}]'],
           "nothing lost on the way back")


if __name__ == "__main__":
    main(globals())
