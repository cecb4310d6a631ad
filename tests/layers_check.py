#!/usr/bin/python3
"""layers_check.py: the core's layers use only the layers below them, and no two of its files
call each other. Reads the symbols of the static library of each layer (nm) and of the program:
which object file defines and which uses each symbol.

Usage: layers_check.py BUILD_DIR"""
import collections
import os
import subprocess
import sys

# Bottom to top: each may use only those before it.
LAYERS = [("model", "core/model/libcpg_model.a"), ("formats", "core/formats/libcpg_formats.a"),
          ("lua", "core/lua/libcpg_lua.a"), ("host", "core/host/libcpg_host.a"),
          ("cli", "cpecgraph.p")]


def objects(build, path):
    """{object name: (defined symbols, undefined symbols)} of a static library or object dir."""
    full = os.path.join(build, path)
    files = ([os.path.join(full, f) for f in sorted(os.listdir(full)) if f.endswith(".o")]
             if os.path.isdir(full) else [full])
    out = subprocess.run(["nm", "-A", *files], capture_output=True, text=True, check=True).stdout
    result = collections.defaultdict(lambda: (set(), set()))
    for line in out.splitlines():
        where, _, rest = line.rpartition(":")
        name = os.path.basename(where.split("[")[-1].rstrip("]")).split(".c.o")[0].split("_c.o")[0]
        parts = rest.split()
        if len(parts) == 3 and parts[1] in "TDBR":
            result[name][0].add(parts[2])
        elif len(parts) == 2 and parts[0] == "U":
            result[name][1].add(parts[1])
    return result


def main():
    build = sys.argv[1]
    layer_of, defined_in, uses = {}, {}, {}
    for rank, (layer, path) in enumerate(LAYERS):
        for name, (defs, undefs) in objects(build, path).items():
            layer_of[name] = rank
            uses[name] = undefs
            for sym in defs:
                defined_in[sym] = name
    failures = []
    graph = collections.defaultdict(set)
    for name, undefs in uses.items():
        for sym in undefs:
            target = defined_in.get(sym)
            if target is None or target == name:
                continue
            graph[name].add(target)
            if layer_of[target] > layer_of[name]:
                failures.append("%s (%s) uses %s of %s (%s), a layer above" % (
                    name, LAYERS[layer_of[name]][0], sym, target, LAYERS[layer_of[target]][0]))
    state = {}

    def visit(node, path):
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                failures.append("files call each other: " + " -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    for f in failures:
        print("FAIL " + f)
    print("%d files in %d layers, %d dependencies: %s" % (
        len(uses), len(LAYERS), sum(len(v) for v in graph.values()),
        "ok" if not failures else "%d problems" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
