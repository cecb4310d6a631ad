#!/usr/bin/python3
"""test_cli.py: drives the built cpecgraph binary: exit codes, messages on stderr, --check output,
atomic -o, write errors and closed pipes.

Usage: test_cli.py CPECGRAPH TESTDATA_DIR
Each case is a function named case_*; they run in order and the last line says
'N passed, N failed'."""
import os
import re
import signal
import stat
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main, write_file  # noqa: E402

BIN, DATA = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix="cpecgraph-cli-")
# CPECGRAPH_WRAPPER runs the binary under a tool, e.g. valgrind (its reports go to a log file so
# that stderr stays comparable; any report turns into exit status 99).
WRAPPER = os.environ.get("CPECGRAPH_WRAPPER", "").split()


def run(*args, stdin=None, stdout=subprocess.PIPE, env=None):
    proc = subprocess.run([*WRAPPER, BIN, *args], input=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, env=env, timeout=300)
    if proc.returncode == 99 and WRAPPER:
        raise AssertionError(f"{WRAPPER[0]} reported errors for {args}")
    return proc.returncode, proc.stdout or "", proc.stderr


def write(name, text):
    return write_file(TMP, name, text)



# ---- help, version, usage errors (exit 2) --------------------------------------------------

def case_help_lists_every_option_and_the_exit_codes():
    code, out, err = run("--help")
    expect(code, 0, "exit")
    for option in ["--plugin", "--arg", "--eval", "--interactive", "--output", "--list-plugins",
                   "--plugin-help", "--check", "--format", "--seed", "--timeout", "--memory-limit",
                   "--unsafe", "--quiet", "--verbose", "--version", "--help"]:
        assert option in out, option
    assert "0 success, 1 plugin or script failure" in out


def case_version_names_the_program_and_the_libraries_it_runs_with():
    code, out, _ = run("-V")
    expect(code, 0, "exit")
    lines = out.splitlines()
    expect(len(lines), 6, "lines")
    assert re.fullmatch(r"cpecgraph \d+\.\d+\.\d+", lines[0]), lines[0]
    assert re.fullmatch(r"Lua 5\.4 \(built with Lua 5\.4\.\d+\)", lines[1]), lines[1]
    assert re.fullmatch(r"igraph 0\.10\.\d+ \(built with 0\.10\.\d+\)", lines[2]), lines[2]
    assert re.fullmatch(r"cJSON \d+\.\d+\.\d+ \(built with \d+\.\d+\.\d+\)", lines[3]), lines[3]
    assert re.fullmatch(r"libxml2 2\.\d+\.\d+ \(built with 2\.\d+\.\d+\)", lines[4]), lines[4]
    assert lines[5] in ("libedit (the prompt edits lines, completes and keeps a history)",
                        "no libedit (the prompt reads plain lines)"), lines[5]


def case_unknown_option_is_a_usage_error():
    code, _, err = run("--nope")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: unrecognized option '--nope'", "stderr")


def case_unknown_short_option_is_a_usage_error():
    code, _, err = run("-Z")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: invalid option '-Z'", "stderr")


def case_missing_option_argument_is_a_usage_error():
    code, _, err = run("--check", "-o")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: option '-o' requires an argument", "stderr")


def case_bad_numbers_are_usage_errors():
    code, _, err = run("--seed", "x1")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: --seed: 'x1' is not a non-negative integer", "stderr")
    code, _, err = run("--timeout", "-1")
    expect(code, 2, "exit")
    expect(err.splitlines()[0], "cpecgraph: --timeout: '-1' is not a number from 0 to 1e+07",
           "stderr")


# ---- input errors (exit 3, nothing written) ------------------------------------------------

def case_missing_file_names_the_file():
    code, out, err = run("nope.json")
    expect(code, 3, "exit")
    expect(err, "cpecgraph: nope.json: No such file or directory\n", "stderr")
    expect(out, "", "stdout")


def case_directory_is_unreadable_input():
    code, _, err = run(TMP)
    expect(code, 3, "exit")
    expect(err, f"cpecgraph: {TMP}: Is a directory\n", "stderr")


def case_syntax_error_gives_line_and_column():
    path = write("comma.json", '{\n "nodes": [\n  {"id": "a"},\n  {"id": "b"}\n ],\n'
                               ' "edges": [\n  {"source": "a", "target": "b"},\n ]\n}\n')
    code, out, err = run(path)
    expect(code, 3, "exit")
    expect(err, f"cpecgraph: {path}:7:33: trailing comma before ']'\n", "stderr")
    expect(out, "", "stdout")


def case_schema_error_gives_a_json_pointer_and_a_hint():
    path = write("typo.json", '{"nodes":[{"id":"pakistan"},{"id":"china"}],'
                              '"edges":[{"source":"china","target":"pakstan"}]}')
    code, _, err = run(path)
    expect(code, 3, "exit")
    expect(err, f"cpecgraph: {path}: /edges/0/target: unknown node 'pakstan' "
                "(did you mean 'pakistan'?)\n", "stderr")


def case_many_errors_are_capped_with_a_count():
    edges = ",".join('{"source":"a","target":"b%d"}' % i for i in range(30))
    path = write("many.json", '{"nodes":[{"id":"a"}],"edges":[%s]}' % edges)
    code, _, err = run(path)
    expect(code, 3, "exit")
    lines = err.splitlines()
    expect(len(lines), 21, "lines")
    expect(lines[-1], f"cpecgraph: {path}: 10 more errors not shown", "last line")


def case_check_reports_on_every_file():
    bad = write("bad-check.json", '{"nodes":[1,]}')
    code, out, err = run("--check", bad, "nope.json", os.path.join(DATA, "karate.json"))
    expect((code, out), (3, ""), "result")
    expect(err, f"cpecgraph: {bad}:1:12: trailing comma before ']'\n"
                "cpecgraph: nope.json: No such file or directory\n", "stderr")


def case_options_that_cannot_go_together():
    for args, message in [(["--check", "-p", "summary"], "--check only validates"),
                          (["--list-plugins", "-e", "x=1"], "--list-plugins and --plugin-help"),
                          (["-a", "top=3"], "--arg needs a plugin, -e or -i to take it"),
                          (["-p", "summary", "-a", "dot.legend=no"],
                           "--arg dot.legend: no plugin 'dot' is run (-p)")]:
        code, out, err = run(*args)
        expect((code, out), (2, ""), args)
        assert message in err, (args, err)


def case_merge_conflict_in_direction_is_an_input_error():
    code, _, err = run(os.path.join(DATA, "karate.json"), os.path.join(DATA, "multi.json"))
    expect(code, 3, "exit")
    assert "multi.json: /directed: this graph is directed but the files before it are " \
           "undirected" in err, err


def case_deep_nesting_is_an_error_not_a_crash():
    path = write("deep.json", '{"nodes":[{"id":"a","x":' + "[" * 100000 + "]" * 100000 + "}]}")
    code, _, err = run(path)
    expect(code, 3, "exit")
    expect(err, f"cpecgraph: {path}:1:534: nesting deeper than 512 levels\n", "stderr")


def case_huge_strings_and_numbers_have_defined_outcomes():
    big = write("big.json", '{"nodes":[{"id":"a","label":"' + "x" * 20_000_000 + '"}]}')
    code, out, _ = run("--check", big)
    expect((code, out.split(":")[1]), (0, " 1 node, 0 edges, undirected; node types"), "20 MB label")
    huge = write("huge.json", '{"nodes":[{"id":"a","w":1e400}]}')
    code, _, err = run(huge)
    expect((code, err), (3, f"cpecgraph: {huge}:1:25: number out of range\n"), "1e400")


def case_invalid_utf8_and_duplicate_keys_are_errors():
    bad = os.path.join(TMP, "utf8.json")
    with open(bad, "wb") as f:
        f.write(b'{"nodes":[{"id":"a\xff"}]}')
    code, _, err = run(bad)
    expect((code, err), (3, f"cpecgraph: {bad}:1:19: invalid UTF-8 in string\n"), "utf8")
    dup = write("dup.json", '{"nodes":[{"id":"a","id":"b"}]}')
    code, _, err = run(dup)
    expect((code, err), (3, f"cpecgraph: {dup}:1:21: duplicate key 'id' in object\n"), "dup")


# ---- --check and the default action --------------------------------------------------------

def case_check_summarises_each_file():
    code, out, err = run("--check", os.path.join(DATA, "karate.json"))
    expect(code, 0, "exit")
    expect(out, os.path.join(DATA, "karate.json") +
           ": 34 nodes, 78 edges, undirected; node types: (untyped) 34\n", "stdout")
    expect(err, "", "stderr")


def case_check_of_several_files_ends_with_the_merged_graph():
    """Issue 16: --check printed each file only; the merged graph is what plugins see."""
    a = write("merge-a.json", '{"nodes": [{"id": "x", "type": "person"}, {"id": "y"}], '
                              '"edges": [{"source": "x", "target": "y"}]}')
    b = write("merge-b.json", '{"nodes": [{"id": "y", "type": "place"}, {"id": "z", '
                              '"type": "place"}], "edges": [{"source": "y", "target": "z"}]}')
    code, out, err = run("--check", a, b)
    expect((code, err), (0, ""), "exit and stderr")
    expect(out.splitlines(), [
        f"{a}: 2 nodes, 1 edge, undirected; node types: person 1, (untyped) 1",
        f"{b}: 2 nodes, 1 edge, undirected; node types: place 2",
        "merged: 3 nodes, 2 edges, undirected; node types: place 2, person 1"], "stdout")
    code, out, _ = run("--check", a)
    expect(len(out.splitlines()), 1, "one file: no merged line")


def case_check_counts_node_types():
    path = write("types.json", '{"directed":true,"nodes":[{"id":"a","type":"person"},'
                 '{"id":"b","type":"country"},{"id":"c","type":"person"},{"id":"d"}],'
                 '"edges":[{"source":"a","target":"b"}]}')
    code, out, _ = run("--check", path)
    expect(code, 0, "exit")
    expect(out, f"{path}: 4 nodes, 1 edge, directed; node types: person 2, country 1, "
                "(untyped) 1\n", "stdout")


def case_no_file_checks_the_bundled_graph():
    code, out, err = run("--check")
    expect(code, 0, "exit")
    assert out.split(":")[0].endswith("cpec-2.0.json"), out
    assert " nodes, " in out and "directed" in out, out


def case_stdin_is_read_for_dash():
    code, out, _ = run("-", stdin='{"nodes":[{"id":1},{"id":2}],"links":[{"source":1,"target":2}]}')
    expect(code, 0, "exit")
    expect(out, "<stdin>: 2 nodes, 1 edge, undirected; node types: (untyped) 2\n", "stdout")


def case_a_merge_reports_overwritten_attributes_unless_quiet():
    first = write("m1.json", '{"nodes":[{"id":"a","label":"A"}]}')
    second = write("m2.json", '{"nodes":[{"id":"a","label":"Alpha"}]}')
    code, _, err = run(first, second)
    expect(code, 0, "exit")
    expect(err, f"cpecgraph: {second}: /nodes/0: note: node 'a': 'label' is \"Alpha\" here but "
                f"\"A\" in {first}; the later value replaces it (--on-conflict last)\n", "stderr")
    code, _, err = run("-q", first, second)
    expect(err, "", "stderr with -q")


def case_quiet_prints_nothing_on_success():
    code, out, err = run("-q", os.path.join(DATA, "karate.json"))
    expect((code, out, err), (0, "", ""), "result")


# ---- output --------------------------------------------------------------------------------

def leftovers():
    return [n for n in os.listdir(TMP) if ".cpecgraph-" in n]


def case_output_file_is_written():
    target = os.path.join(TMP, "out.txt")
    code, out, _ = run("-o", target, os.path.join(DATA, "karate.json"))
    expect((code, out), (0, ""), "result")
    with open(target) as f:
        assert f.read().startswith(os.path.join(DATA, "karate.json") + ": 34 nodes")
    expect(leftovers(), [], "temporary files")


def case_failed_run_leaves_the_output_file_untouched():
    target = write("keep.txt", "precious\n")
    bad = write("bad.json", "{")
    code, _, _ = run("-o", target, bad)
    expect(code, 3, "exit")
    with open(target) as f:
        expect(f.read(), "precious\n", "content")
    missing = os.path.join(TMP, "never.txt")
    run("-o", missing, bad)
    expect(os.path.exists(missing), False, "file created by a failed run")
    expect(leftovers(), [], "temporary files")


def case_output_to_a_device_or_a_link_keeps_them():
    device = os.path.join(TMP, "null-device")
    if not os.path.exists(device):
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    code, _, _ = run("-o", device, os.path.join(DATA, "karate.json"))
    expect((code, stat.S_ISCHR(os.stat(device).st_mode)), (0, True), "still a device")
    target = write("real.txt", "old\n")
    link = os.path.join(TMP, "link.txt")
    os.symlink(target, link)
    code, _, _ = run("-o", link, os.path.join(DATA, "karate.json"))
    expect((code, os.path.islink(link)), (0, True), "still a link")
    with open(target) as f:
        assert f.read().endswith(": 34 nodes, 78 edges, undirected; node types: (untyped) 34\n")
    expect(leftovers(), [], "temporary files")


def case_output_to_dev_stdout_appends_to_a_redirected_file():
    log = write("appended.txt", "old\n")
    with open(log, "a") as f:
        code, _, _ = run("-o", "/dev/stdout", os.path.join(DATA, "karate.json"), stdout=f)
    with open(log) as f:
        lines = f.read().splitlines()
    expect((code, lines[0], len(lines)), (0, "old", 2), "appended")


def case_an_ignored_hangup_stays_ignored():
    target = os.path.join(TMP, "nohup.txt")
    proc = subprocess.Popen([*WRAPPER, BIN, "-o", target, "--timeout", "0", "-e",
                             "local t = os.clock() while os.clock() - t < 2 do end",
                             os.path.join(DATA, "karate.json")],
                            preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN))
    time.sleep(1 if not WRAPPER else 8)
    proc.send_signal(signal.SIGHUP)
    expect(proc.wait(timeout=120), 0, "exit")
    expect(os.path.exists(target), True, "written")


def case_interrupted_run_leaves_no_partial_file():
    target = os.path.join(TMP, "interrupted.txt")
    proc = subprocess.Popen([*WRAPPER, BIN, "--timeout", "0", "-o", target, "-e",
                             "print(1) while true do end", os.path.join(DATA, "karate.json")],
                            stderr=subprocess.PIPE)
    time.sleep(1.5 if not WRAPPER else 8)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    expect((os.path.exists(target), leftovers()), (False, []), "files")


def case_unwritable_output_is_an_output_error():
    target = os.path.join(TMP, "no-such-dir", "out.txt")
    code, _, err = run("-o", target, os.path.join(DATA, "karate.json"))
    expect(code, 4, "exit")
    expect(err, f"cpecgraph: {target}: No such file or directory\n", "stderr")


def case_full_disk_on_stdout_is_an_error():
    with open("/dev/full", "w") as full:
        code, _, err = run(os.path.join(DATA, "karate.json"), stdout=full)
    expect(code, 4, "exit")
    expect(err, "cpecgraph: write error: No space left on device\n", "stderr")


def case_closed_pipe_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as pipe:
        code, _, err = run(os.path.join(DATA, "karate.json"), stdout=pipe)
    expect((code, err), (0, ""), "result")


if __name__ == "__main__":
    main(globals())
