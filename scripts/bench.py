#!/usr/bin/python3
"""bench.py: cpecgraph against python-igraph and NetworkX on the same generated node-link files.

Two sections. End to end: each tool in a new process, from start to exit, wall time and peak RSS
(PageRank top 10, loading alone, betweenness, DOT and GraphML output; and cpecgraph alone reading
a generated GDELT 2.0 events file, streamed, which the peers do not read). Scripting: five analyses
written the way each tool's users write them (Lua for cpecgraph, Python for the others), timed in
CPU seconds inside the process, loading excluded. Every figure is the median of several runs, in
which the three tools take turns; the three must agree on every answer.

Usage: bench.py --binary BUILD/cpecgraph [--sizes 10k,100k,1M] [--runs N] [--smoke] [--keep DIR]
       [--section all|end-to-end|scripting]
scripts/bench installs and builds first; the test suite runs --smoke. The tables go to stdout,
progress to stderr; the exit status is 1 when the tools disagree."""
import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
PYTHON = "/usr/bin/python3"  # Debian's, with python3-igraph and python3-networkx
TOOLS = ("cpecgraph", "python-igraph", "networkx")

# ---- the graphs ------------------------------------------------------------------------------

NODE_TYPES = ["country", "minister", "organisation", "initiative", "place", "event"]
EDGE_TYPES = ["meets", "funds", "signs", "member_of", "located_in", "attends"]


def node_id(v):
    return "n%07d" % v


def generate(edges, seed):
    """A preferential-attachment graph with EDGES edges, average degree 10, no parallel edges:
    each new node links to 5 distinct earlier ones, chosen by degree (80%) or uniformly."""
    rnd = random.Random(seed)
    pool, pairs, v = [], [], 0
    while len(pairs) < edges:
        targets = set()
        if v <= 5:
            targets = set(range(v))
        while len(targets) < min(5, v):
            targets.add(rnd.choice(pool) if pool and rnd.random() < 0.8 else rnd.randrange(v))
        for u in sorted(targets):
            if len(pairs) < edges:
                pairs.append((v, u))
                pool += (u, v)
        v += 1
    nodes = [{"id": node_id(i), "type": NODE_TYPES[rnd.randrange(6)], "label": "Actor %d" % i}
             for i in range(v)]
    links = [{"source": node_id(a), "target": node_id(b), "type": EDGE_TYPES[rnd.randrange(6)],
              "weight": round(rnd.uniform(0.1, 5.0), 3)} for a, b in pairs]
    return {"directed": False, "multigraph": False, "graph": {"name": "bench"},
            "nodes": nodes, "links": links}


def write_gdelt(rows, seed, path):
    """ROWS GDELT 2.0 events (61 tab-separated columns) among 2,000 actors of 200 countries,
    drawn as skewed as the news is (the k-th actor with weight 1/k), as the streamed reader's
    load."""
    rng = random.Random(seed)
    countries = ["C%02d" % i for i in range(200)]
    actors = [(c + t, c, t) for c in countries for t in ("GOV", "MIL", "BUS", "CVL", "MED",
                                                           "OPP", "JUD", "EDU", "LEG", "")]
    weights = [1 / (k + 1) for k in range(len(actors))]
    with open(path, "w") as f:
        for i in range(rows):
            a, b = rng.choices(actors, weights, k=2)
            day = "2025%02d%02d" % (rng.randint(1, 12), rng.randint(1, 28))
            code = "%02d%d" % (rng.randint(1, 20), rng.randint(0, 9))
            fields = [str(1000000000 + i), day, day[:6], day[:4], "2025.5"]
            for code_, country, kind in (a, b):
                fields += [code_, code_ + " NAME", country, "", "", "", "", kind, "", ""]
            fields += ["1", code, code, code[:2], str(rng.randint(1, 4)),
                       "%.1f" % rng.uniform(-10, 10), str(rng.randint(1, 50)), "1",
                       str(rng.randint(1, 50)), "%.2f" % rng.uniform(-10, 10)]
            for _ in range(3):
                fields += ["4", "Somewhere, Region, Country", "XX", "XX01", "", "%.4f" %
                           rng.uniform(-90, 90), "%.4f" % rng.uniform(-180, 180), "-1"]
            fields += [day + "120000", "https://example.org/news/%d" % i]
            f.write("\t".join(fields) + "\n")
    return path


def write_files(doc, stem):
    with open(stem + ".json", "w") as f:
        json.dump(doc, f)
    with open(stem + ".jsonl", "w") as f:
        f.write(json.dumps({"directed": doc["directed"], "graph": doc["graph"]}) + "\n")
        for item in doc["nodes"] + doc["links"]:
            f.write(json.dumps(item) + "\n")
    return stem + ".json", stem + ".jsonl"


# ---- the peers, end to end -------------------------------------------------------------------
# Each prints one line: "TOP id id ..." (ten ids, best first), or "DONE". python-igraph gets
# the attributes too (g.vs[...], g.es[...]), as cpecgraph keeps them.

PEER_LOAD = {
    "python-igraph": """
import json, sys, igraph
with open(sys.argv[1]) as f:
    data = json.load(f)
index = {node["id"]: i for i, node in enumerate(data["nodes"])}
g = igraph.Graph(n=len(index), directed=data["directed"],
                 edges=[(index[e["source"]], index[e["target"]]) for e in data["links"]])
g.vs["name"] = [node["id"] for node in data["nodes"]]
g.vs["type"] = [node["type"] for node in data["nodes"]]
g.vs["label"] = [node["label"] for node in data["nodes"]]
g.es["type"] = [e["type"] for e in data["links"]]
g.es["weight"] = [e["weight"] for e in data["links"]]
del data, index
""",
    "networkx": """
import json, sys
import networkx as nx
with open(sys.argv[1]) as f:
    data = json.load(f)
G = nx.node_link_graph(data)
del data
""",
}

TOP10 = """
def top10(values, names):
    best = sorted(range(len(values)), key=lambda i: (-values[i], names[i]))[:10]
    print("TOP", *(names[i] for i in best))
"""

PEER_WORK = {
    ("python-igraph", "pagerank"): TOP10 + "top10(g.pagerank(damping=0.85), g.vs['name'])",
    ("networkx", "pagerank"): TOP10 + "pr = nx.pagerank(G, alpha=0.85, weight=None)\n"
                                      "names = list(pr)\ntop10([pr[n] for n in names], names)",
    ("python-igraph", "betweenness"): TOP10 + "top10(g.betweenness(), g.vs['name'])",
    ("networkx", "betweenness"): TOP10 + "b = nx.betweenness_centrality(G)\n"
                                         "names = list(b)\ntop10([b[n] for n in names], names)",
    ("python-igraph", "load"): "print('DONE')",
    ("networkx", "load"): "print('DONE')",
    ("python-igraph", "dot"): "g.write_dot(sys.argv[2])\nprint('DONE')",
    ("networkx", "dot"): "nx.nx_agraph.write_dot(G, sys.argv[2])\nprint('DONE')",
    ("python-igraph", "graphml"): "g.write_graphml(sys.argv[2])\nprint('DONE')",
    ("networkx", "graphml"): "nx.write_graphml(G, sys.argv[2])\nprint('DONE')",
}

END_TO_END_NAMES = {"pagerank": "PageRank top 10", "load": "load only (--check)",
                    "betweenness": "betweenness top 10", "dot": "DOT export (-p dot)",
                    "graphml": "GraphML export"}


def cpecgraph_command(binary, work, path, out):
    if work in ("pagerank", "betweenness"):
        return [binary, "-p", "centrality", "-a", "measures=" + work, "-a", "top=10", path]
    if work == "load":
        return [binary, "--check", path]
    if work == "graphml":
        return [binary, "-p", "export", "-a", "format=graphml", "-o", out, path]
    return [binary, "-p", "dot", "-o", out, path]


def command(tool, binary, work, path, out):
    if tool == "cpecgraph":
        return cpecgraph_command(binary, work, path, out)
    return [PYTHON, "-c", PEER_LOAD[tool] + PEER_WORK[tool, work], path, out]


def answer(tool, work, stdout):
    """The ten ids a run ranks first (None for workloads without a ranking)."""
    if work not in ("pagerank", "betweenness"):
        return None
    if tool != "cpecgraph":
        line = [ln for ln in stdout.splitlines() if ln.startswith("TOP ")][-1]
        return line.split()[1:]
    # the table shows labels: "Actor 12" is node n0000012
    labels = re.findall(r"^\s*\d+\s+Actor (\d+)\s", stdout, re.M)
    return [node_id(int(x)) for x in labels]


# ---- the scripting workloads -----------------------------------------------------------------
# The same five analyses in each tool, each printing "CHECK name value" (compared across the
# tools) and, at the end, "TIME name seconds" per analysis. The rows of the last one go to
# standard output, row by row, as a script writes a report.

SCRIPT_NAMES = {
    "sum": "sum of an edge attribute over every edge",
    "types": "count nodes by type",
    "neighbours": "for each node, sum its neighbours' degrees",
    "filter": "copy keeping only edges of one type",
    "rows": "PageRank, then a text row per node",
}

LUA_SCRIPT = r"""
local times = {}
local function timed(name, work)
  collectgarbage() collectgarbage()
  local t = os.clock()
  local check = work()
  times[#times + 1] = string.format("TIME %s %.6f", name, os.clock() - t)
  times[#times + 1] = "CHECK " .. name .. " " .. check
end

timed("sum", function()
  local s = 0
  for e in graph:edges() do s = s + e.weight end
  return string.format("%.3f", s)
end)

timed("types", function()
  local counts = {}
  for n in graph:nodes() do
    local t = n.type
    counts[t] = (counts[t] or 0) + 1
  end
  local keys = {}
  for t, c in pairs(counts) do keys[#keys + 1] = t .. ":" .. c end
  table.sort(keys)
  return table.concat(keys, ",")
end)

timed("neighbours", function()
  local total = 0
  for n in graph:nodes() do
    local s = 0
    for _, m in ipairs(n:neighbors()) do s = s + m:degree() end
    total = total + s
  end
  return tostring(total)
end)

timed("filter", function()
  local h = graph:subgraph_edges{type = "meets"}
  return h:node_count() .. "/" .. h:edge_count()
end)

timed("rows", function()
  local pr = graph:pagerank()
  local rows = 0
  for n in graph:nodes() do
    io.write(n.id, "\t", n.label, "\t", n.type, "\t", string.format("%.6g", pr[n.id]), "\n")
    rows = rows + 1
  end
  return tostring(rows)
end)

print(table.concat(times, "\n"))
"""

PYTHON_SCRIPT_HEAD = r"""
import gc, sys, time
times = []
def timed(name, work):
    gc.collect()
    t = time.process_time()
    check = work()
    times.append("TIME %s %.6f" % (name, time.process_time() - t))
    times.append("CHECK %s %s" % (name, check))
def sorted_counts(counts):
    return ",".join(sorted("%s:%d" % (t, c) for t, c in counts.items()))
"""

PYTHON_SCRIPT_TAIL = r"""
for name in ("sum", "types", "neighbours", "filter", "rows"):
    timed(name, globals()["work_" + name])
sys.stdout.write("\n".join(times) + "\n")
"""

PEER_SCRIPTS = {
    "python-igraph": r"""
def work_sum():
    s = 0.0
    for e in g.es:
        s += e["weight"]
    return "%.3f" % s

def work_types():
    counts = {}
    for v in g.vs:
        t = v["type"]
        counts[t] = counts.get(t, 0) + 1
    return sorted_counts(counts)

def work_neighbours():
    total = 0
    for v in g.vs:
        s = 0
        for u in v.neighbors():
            s += u.degree()
        total += s
    return str(total)

def work_filter():
    h = g.subgraph_edges(g.es.select(type_eq="meets"))
    return "%d/%d" % (h.vcount(), h.ecount())

def work_rows():
    pr = g.pagerank()
    write = sys.stdout.write
    rows = 0
    for v in g.vs:
        write("%s\t%s\t%s\t%.6g\n" % (v["name"], v["label"], v["type"], pr[v.index]))
        rows += 1
    return str(rows)
""",
    "networkx": r"""
def work_sum():
    s = 0.0
    for u, v, w in G.edges(data="weight"):
        s += w
    return "%.3f" % s

def work_types():
    counts = {}
    for n, t in G.nodes(data="type"):
        counts[t] = counts.get(t, 0) + 1
    return sorted_counts(counts)

def work_neighbours():
    total = 0
    for n in G:
        s = 0
        for m in G.neighbors(n):
            s += G.degree(m)
        total += s
    return str(total)

def work_filter():
    h = G.edge_subgraph([(u, v) for u, v, t in G.edges(data="type") if t == "meets"]).copy()
    return "%d/%d" % (h.number_of_nodes(), h.number_of_edges())

def work_rows():
    pr = nx.pagerank(G)
    write = sys.stdout.write
    rows = 0
    for n, d in G.nodes(data=True):
        write("%s\t%s\t%s\t%.6g\n" % (n, d["label"], d["type"], pr[n]))
        rows += 1
    return str(rows)
""",
}


def script_command(tool, binary, path):
    if tool == "cpecgraph":
        return [binary, "-e", LUA_SCRIPT, path]
    return [PYTHON, "-c", PEER_LOAD[tool] + PYTHON_SCRIPT_HEAD + PEER_SCRIPTS[tool] +
            PYTHON_SCRIPT_TAIL, path]


def script_results(stdout):
    """{name: seconds} and {name: check} from the last lines of a scripting run."""
    times = {m[0]: float(m[1]) for m in re.findall(r"^TIME (\w+) ([\d.]+)$", stdout, re.M)}
    checks = dict(re.findall(r"^CHECK (\w+) (.*)$", stdout, re.M))
    return times, checks


# ---- running ---------------------------------------------------------------------------------

# Runs a command and reports its peak RSS: RUSAGE_CHILDREN of a process that has only that one
# child is the child's own, where the benchmark's would be the largest of all its runs.
RSS_WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
t = time.perf_counter() - t
sys.stdout.buffer.write(p.stdout)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stderr.write("\\nMEASURED %.6f %d\\n" % (t, rss))
sys.exit(p.returncode)
"""


def measure(cmd):
    """Wall seconds from start to exit, peak RSS in MB and stdout of one run of CMD."""
    proc = subprocess.run([PYTHON, "-c", RSS_WRAPPER, *cmd], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit("bench: %s failed (%d): %s" % (" ".join(cmd[:5]), proc.returncode,
                                                       proc.stderr.strip()[-500:]))
    wall, rss_kb = re.findall(r"MEASURED ([\d.]+) (\d+)", proc.stderr)[-1]
    return float(wall), int(rss_kb) / 1024, proc.stdout


def bench(binary, work, path, runs, tmp):
    """Each tool's median figures on one workload. The runs take turns (cpecgraph, igraph,
    NetworkX, cpecgraph, ...), so that a busy moment of a shared machine slows all three
    alike instead of one."""
    out = os.path.join(tmp, "out." + work)
    seen = {tool: {"walls": [], "rsss": [], "tops": []} for tool in TOOLS}
    for _ in range(runs):
        for tool in TOOLS:
            wall, rss, stdout = measure(command(tool, binary, work, path, out))
            seen[tool]["walls"].append(wall)
            seen[tool]["rsss"].append(rss)
            seen[tool]["tops"].append(answer(tool, work, stdout))
    if os.path.exists(out):
        os.unlink(out)
    return {tool: {"wall": statistics.median(m["walls"]), "rss": statistics.median(m["rsss"]),
                   "top": m["tops"][0]} for tool, m in seen.items()}


def bench_scripts(binary, path, runs):
    """{tool: {name: median seconds}} and {tool: {name: check}} of the scripting workloads,
    the tools taking turns."""
    times = {tool: {name: [] for name in SCRIPT_NAMES} for tool in TOOLS}
    checks = {}
    for _ in range(runs):
        for tool in TOOLS:
            proc = subprocess.run(script_command(tool, binary, path), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
            if proc.returncode != 0:
                raise SystemExit("bench: the %s scripts failed (%d): %s" %
                                 (tool, proc.returncode, proc.stderr.strip()[-500:]))
            got, check = script_results(proc.stdout)
            for name in SCRIPT_NAMES:
                times[tool][name].append(got[name])
            checks[tool] = check
    return {tool: {name: statistics.median(t) for name, t in m.items()}
            for tool, m in times.items()}, checks


def lua_layer(binary, path):
    """Seconds a script takes to read one attribute of every node and sum it (in-process)."""
    code = ("local t = os.clock() local sum = 0 "
            "for node in graph:nodes() do sum = sum + #node.attrs.label end "
            "print(os.clock() - t, graph:node_count(), sum)")
    proc = subprocess.run([binary, "-e", code, path], stdout=subprocess.PIPE, text=True,
                          check=True)
    seconds, nodes, _ = proc.stdout.split()
    return float(seconds), int(nodes)


# ---- the report ------------------------------------------------------------------------------

def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except (OSError, AttributeError):
        pass
    return "%s, %d CPUs, Python %s" % (cpu, os.cpu_count(), platform.python_version())


def fmt_ratio(cpg, peer):
    return "%.2fx" % (cpg / peer) if peer else "-"


def print_table(head, table):
    widths = [max(len(row[k]) for row in [head] + table) for k in range(len(head))]
    for k, row in enumerate([head] + table):
        print("  ".join(cell.ljust(w) if j < 2 else cell.rjust(w)
                        for j, (cell, w) in enumerate(zip(row, widths))).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))


def report(rows):
    head = ["workload", "edges", "cpecgraph", "python-igraph", "networkx", "cpg/igraph",
            "cpg/nx", "RSS cpg/igraph", "RSS cpg/nx", "top 10"]
    table = []
    for r in rows:
        cells = [END_TO_END_NAMES[r["work"]], r["size"]]
        for tool in TOOLS:
            m = r[tool]
            cells.append("%.3f s %4.0f MB" % (m["wall"], m["rss"]))
        c, i, n = r["cpecgraph"], r["python-igraph"], r["networkx"]
        cells += [fmt_ratio(c["wall"], i["wall"]), fmt_ratio(c["wall"], n["wall"]),
                  fmt_ratio(c["rss"], i["rss"]), fmt_ratio(c["rss"], n["rss"]), r["agree"]]
        table.append(cells)
    print_table(head, table)


def report_scripts(script_rows):
    head = ["analysis (in-process CPU time, load excluded)", "edges", "cpecgraph",
            "python-igraph", "networkx", "cpg/igraph", "cpg/nx", "answers"]
    table = []
    for size, times, agree in script_rows:
        for name, title in SCRIPT_NAMES.items():
            c, i, n = (times[tool][name] for tool in TOOLS)
            table.append([title, size, "%.3f s" % c, "%.3f s" % i, "%.3f s" % n,
                          fmt_ratio(c, i), fmt_ratio(c, n), agree[name]])
    print_table(head, table)


def agreement(row):
    """"agree": the three rank the same ten first. cpecgraph and python-igraph run the same
    algorithms and must give the same order; NetworkX's PageRank stops at a looser tolerance
    (1e-6 over the sum), so two of its near-equal values may swap: "agree*" then."""
    cpg, ig, nx_ = (row[tool]["top"] for tool in TOOLS)
    if cpg is None:
        return "-"
    if len(cpg) != 10 or cpg != ig or sorted(cpg) != sorted(nx_):
        return "DIFFER"
    return "agree" if cpg == nx_ else "agree*"


def script_agreement(checks):
    """Per analysis, "agree" when the three tools gave the same answer, else "DIFFER"."""
    return {name: "agree" if len({checks[tool].get(name) for tool in TOOLS}) == 1 else "DIFFER"
            for name in SCRIPT_NAMES}


def end_to_end(args, sizes, files, runs, tmp, notes):
    plan = [("pagerank", s) for s in sizes] + [("load", s) for s in sizes]
    writing = "10k" if args.smoke else "100k"
    plan += [("betweenness", "10k"), ("dot", writing), ("graphml", writing)]
    rows = []
    for work, size in plan:
        if size not in files:
            continue
        log("%s %s (%d run%s of each tool)" % (work, size, runs, "s" if runs > 1 else ""))
        row = {"work": work, "size": size, **bench(args.binary, work, files[size][0], runs, tmp)}
        row["agree"] = agreement(row)
        rows.append(row)
    by = {(r["work"], r["size"]): r for r in rows}
    if "100k" in sizes and "1M" in sizes:
        for work in ("pagerank", "load"):
            a, b = by[work, "100k"]["cpecgraph"]["wall"], by[work, "1M"]["cpecgraph"]["wall"]
            notes.append("cost per edge, %s, 100k -> 1M edges: x%.2f (cpecgraph)" %
                         (work, (b / 1e6) / (a / 1e5)))
    big = sizes[-1]
    for fmt, path in (("JSON", files[big][0]), ("JSON Lines", files[big][1])):
        wall, rss, _ = measure([args.binary, "--check", path])
        notes.append("load only, %s edges as %s (one run): %.3f s, %.0f MB peak RSS" %
                     (big, fmt, wall, rss))
    rows_n = SIZES[big]
    log("GDELT: %s generated events" % big)
    gdelt = write_gdelt(rows_n, 1, os.path.join(tmp, "bench-%s.export.CSV" % big))
    for label, options in (("per event", []), ("-O aggregate=true", ["-O", "aggregate=true"])):
        wall, rss, _ = measure([args.binary, *options, "--check", gdelt])
        notes.append("GDELT 2.0, %s events streamed, %s (one run): %.3f s, %.0f MB peak RSS "
                     "(%.0f MB file)" % (big, label, wall, rss, os.path.getsize(gdelt) / 1e6))
    seconds, nodes = lua_layer(args.binary, files[big][0])
    notes.append("Lua layer (one run): reading one attribute of each of %d nodes and summing it: "
                 "%.3f s" % (nodes, seconds))
    if any(r["agree"] == "agree*" for r in rows):
        notes.append("agree*: the same ten; NetworkX swaps near-equal neighbours (its PageRank "
                     "stops at a looser tolerance)")
    return rows


def scripting(args, sizes, files, runs):
    script_sizes = ["10k"] if args.smoke else [s for s in sizes if s != "10k"] or sizes
    results = []
    for size in script_sizes:
        log("scripting %s (%d run%s of each tool)" % (size, runs, "s" if runs > 1 else ""))
        times, checks = bench_scripts(args.binary, files[size][0], runs)
        results.append((size, times, script_agreement(checks), checks))
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog="scripts/bench passes --binary itself: "
                                        "scripts/bench --sizes 10k,100k --runs 5")
    ap.add_argument("--binary", required=True,
                    help="the cpecgraph to time (scripts/bench gives build/cpecgraph)")
    ap.add_argument("--sizes", default="10k,100k,1M",
                    help="graph sizes in edges, among 10k, 100k and 1M (default: all three); "
                         "the scripting section uses those above 10k")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs of each tool on each workload; the median is shown (default 3)")
    ap.add_argument("--section", choices=("all", "end-to-end", "scripting"), default="all",
                    help="which section to run (default: both)")
    ap.add_argument("--smoke", action="store_true", help="10k edges, one run: does it work?")
    ap.add_argument("--keep", help="write the generated graphs into this directory")
    args = ap.parse_args()
    sizes = ["10k"] if args.smoke else args.sizes.split(",")
    runs = 1 if args.smoke else args.runs
    if any(s not in SIZES for s in sizes):
        ap.error("sizes are among: " + ", ".join(SIZES))
    tmp = args.keep or tempfile.mkdtemp(prefix="cpecgraph-bench-")
    os.makedirs(tmp, exist_ok=True)
    files = {}
    for size in sorted(set(sizes) | {"10k"}, key=SIZES.get):
        log("generating %s edges" % size)
        doc = generate(SIZES[size], seed=1)
        files[size] = write_files(doc, os.path.join(tmp, "bench-" + size))
        files[size] += (len(doc["nodes"]),)
        del doc
    notes, rows, scripts = [], [], []
    if args.section in ("all", "end-to-end"):
        rows = end_to_end(args, sizes, files, runs, tmp, notes)
    if args.section in ("all", "scripting"):
        scripts = scripting(args, sizes, files, runs)
    print("cpecgraph benchmark: %s; median of %d run%s, the tools taking turns" %
          (machine(), runs, "s" if runs > 1 else ""))
    for size in sorted(files, key=SIZES.get):
        print("  %s: %d nodes, %d edges, %.1f MB of node-link JSON" % (
            size, files[size][2], SIZES[size], os.path.getsize(files[size][0]) / 1e6))
    if rows:
        print("\nEnd to end: each run a new process, wall time from start to exit, peak RSS\n")
        report(rows)
        for note in notes:
            print(note)
    if scripts:
        print("\nScripting: the same analysis written for each tool, CPU seconds in the "
              "process\n")
        report_scripts([(size, times, agree) for size, times, agree, _ in scripts])
    failed = False
    for r in rows:
        if r["agree"] == "DIFFER":
            failed = True
            for tool in TOOLS:
                print("%s %s %s: %s" % (r["work"], r["size"], tool, r[tool]["top"]),
                      file=sys.stderr)
    for size, _, agree, checks in scripts:
        for name, verdict in agree.items():
            if verdict == "DIFFER":
                failed = True
                for tool in TOOLS:
                    print("%s %s %s: %s" % (name, size, tool, checks[tool].get(name)),
                          file=sys.stderr)
    if failed:
        print("bench: the tools disagree", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
