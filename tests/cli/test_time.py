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
    _, err = run("--check", "--since", "2015-07-14T08:00:30Z", "--until", "2015-07-14T08:00:30Z",
                 expect_code=2)
    contains(err, "the window is empty", "an instant is no span: a window from it to itself")


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


if __name__ == "__main__":
    main(globals())
