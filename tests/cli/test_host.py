#!/usr/bin/python3
"""test_host.py: the plugin host through the built binary: discovery, arguments, errors,
chaining, -e, -i, require, the output sink, the sandbox and the limits.

Usage: test_host.py CPECGRAPH SOURCE_ROOT   (last line: 'N passed, N failed')"""
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
KARATE = os.path.join(ROOT, "tests", "data", "karate.json")
TMP = tempfile.mkdtemp(prefix="cpecgraph-host-")
PLUGINS = os.path.join(TMP, "plugins")
os.makedirs(PLUGINS)
BASE_ENV = dict(os.environ, CPECGRAPH_PATH=PLUGINS, XDG_DATA_HOME=os.path.join(TMP, "xdg"))


def run(*args, stdin=None, env=None, cwd=None, stdout=subprocess.PIPE, timeout=60):
    start = time.monotonic()
    proc = subprocess.run([BIN, *args], input=stdin, stdout=stdout, stderr=subprocess.PIPE,
                          text=True, env=env or BASE_ENV, cwd=cwd, timeout=timeout)
    run.elapsed = time.monotonic() - start
    return proc.returncode, proc.stdout or "", proc.stderr


def plugin(name, text, directory=PLUGINS):
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path




TYPES = plugin("types.lua", """
return {
  name = "types", version = "0.1", description = "Prints its arguments with their types.",
  args = {
    n = {type = "number", default = 1.5, help = "a number"},
    i = {type = "integer", default = 2, help = "an integer"},
    b = {type = "boolean", default = false, help = "a boolean"},
    s = {type = "string", default = "x", help = "a string", choices = {"x", "y"}},
    l = {type = "list", default = "a,b", help = "a list"},
  },
  run = function(graph, args)
    print(math.type(args.n), args.n, math.type(args.i), args.i, type(args.b), args.b, args.s,
          #args.l, table.concat(args.l, "|"))
  end,
}
""")

# ---- discovery ------------------------------------------------------------------------------

def case_bundled_plugin_runs_from_any_directory():
    code, out, err = run("--plugin", "centrality.lua", "-a", "top=1", KARATE, cwd="/")
    expect((code, err), (0, ""), "result")
    contains(out, "34 nodes, 78 edges")


def case_plugin_by_path_and_by_name_on_the_path():
    code, out, _ = run("-p", TYPES, KARATE)
    expect((code, out), (0, "float\t1.5\tinteger\t2\tboolean\tfalse\tx\t2\ta|b\n"), "by path")
    code, out, _ = run("-p", "types", KARATE)
    expect(code, 0, "by name")


def case_user_plugin_directory_is_searched():
    plugin("mine.lua", "print('from xdg')", os.path.join(TMP, "xdg", "cpecgraph", "plugins"))
    code, out, _ = run("-p", "mine", KARATE)
    expect((code, out), (0, "from xdg\n"), "result")


def case_unknown_plugin_is_a_usage_error_with_a_hint():
    code, _, err = run("-p", "centraliti", KARATE)
    expect(code, 2, "exit")
    contains(err, "cpecgraph: plugin 'centraliti' not found (did you mean 'centrality'?); "
                  "searched: " + PLUGINS)


def case_list_plugins_shows_descriptions_and_places():
    shadow = plugin("summary.lua", "return {description = 'my summary', run = function() end}")
    code, out, _ = run("--list-plugins")
    os.unlink(shadow)
    expect(code, 0, "exit")
    contains(out, "types          0.1      Prints its arguments with their types.")
    contains(out, os.path.join(ROOT, "plugins", "centrality.lua"))
    contains(out, os.path.join(ROOT, "plugins", "summary.lua") + " (shadowed)")
    contains(out, "my summary")


def case_plugin_help_lists_arguments():
    code, out, _ = run("--plugin-help", "types")
    expect(code, 0, "exit")
    contains(out, "types 0.1\n")
    contains(out, "  s (string, default: x)\n      a string\n      one of: x, y\n")
    contains(out, "  l (list, default: a,b)")


# ---- arguments ------------------------------------------------------------------------------

def case_arguments_are_converted_to_their_declared_types():
    code, out, _ = run("-p", "types", "-a", "n=3", "-a", "i=4", "-a", "b=yes", "-a", "s=y",
                       "-a", "types.l= p, q ,,r", KARATE)
    expect((code, out), (0, "integer\t3\tinteger\t4\tboolean\ttrue\ty\t3\tp|q|r\n"), "result")


def case_bad_argument_values_are_usage_errors():
    for item, message in [("i=1.5", "argument 'i': '1.5' is not an integer"),
                          ("n=abc", "argument 'n': 'abc' is not a number"),
                          ("b=maybe", "argument 'b': 'maybe' is not a boolean (true/false, "
                                      "yes/no, on/off, 1/0)"),
                          ("s=z", "argument 's': 'z' is not one of: x, y")]:
        code, out, err = run("-p", "types", "-a", item, KARATE)
        expect((code, out), (2, ""), item)
        expect(err, f"cpecgraph: plugin 'types': {message}\n", item)


def case_unknown_arguments_are_usage_errors():
    code, _, err = run("-p", "types", "-a", "types.nn=1", KARATE)
    expect(code, 2, "exit")
    expect(err, "cpecgraph: plugin 'types': unknown argument 'nn' (did you mean 'n'?); its "
                "arguments: b, i, l, n, s\n", "addressed")
    code, out, err = run("-p", "types", "-a", "zz=1", KARATE)
    expect((code, out), (2, ""), "bare, nothing printed")
    contains(err, "unknown argument 'zz'")
    code, _, err = run("-a", "novalue", KARATE)
    expect(code, 2, "malformed")
    contains(err, "--arg: 'novalue' is not [PLUGIN.]KEY=VALUE")


def case_plain_scripts_and_eval_get_string_args():
    plugin("plain.lua", "print(graph:node_count(), args.k, type(args.k))")
    code, out, _ = run("-p", "plain", "-a", "k=7", KARATE)
    expect((code, out), (0, "34\t7\tstring\n"), "plain script")
    code, out, _ = run("-e", "print(args.k)", "-a", "k=8", KARATE)
    expect((code, out), (0, "8\n"), "eval")


# ---- errors ---------------------------------------------------------------------------------

def case_plugin_errors_name_file_and_line():
    bad = plugin("bad.lua", "return {run = function(g)\n  local x = nil\n  return x.y\nend}\n")
    code, out, err = run("-p", "bad", KARATE)
    expect(code, 1, "exit")
    expect(err, "cpecgraph: plugin 'bad': $CPECGRAPH_PATH/bad.lua:3: attempt to index a nil value "
                "(local 'x')\n", "stderr")
    code, _, err = run("-p", bad, KARATE)  # a path the user gave is shown as given
    contains(err, f"cpecgraph: plugin 'bad': {bad}:3: attempt")
    code, _, err = run("-v", "-p", "bad", KARATE)
    contains(err, "stack traceback:")


def case_syntax_errors_name_file_and_line():
    broken = plugin("broken.lua", "return {\n  run = function(\n}\n")
    code, _, err = run("-p", "broken", KARATE)
    expect(code, 1, "exit")
    contains(err, "cpecgraph: plugin 'broken': $CPECGRAPH_PATH/broken.lua:3: ")
    code, _, err = run("-p", broken, KARATE)
    contains(err, f"cpecgraph: plugin 'broken': {broken}:3: ")


def case_plugins_must_return_a_table_with_run():
    plugin("number.lua", "return 42")
    code, _, err = run("-p", "number", KARATE)
    expect(code, 1, "exit")
    contains(err, "a plugin returns a table with a 'run' function, or nothing (got number)")
    plugin("norun.lua", "return {name = 'x'}")
    code, _, err = run("-p", "norun", KARATE)
    expect(code, 1, "exit")
    contains(err, "a plugin returns a table with a 'run' function")


def case_bad_declarations_are_plugin_errors():
    plugin("baddecl.lua", "return {args = {x = {type = 'int'}}, run = function() end}")
    code, _, err = run("-p", "baddecl", KARATE)
    expect(code, 1, "exit")
    contains(err, "argument 'x': type must be string, number, integer, boolean or list")


def case_eval_errors_name_the_line():
    code, _, err = run("-e", "local a = 1\nerror('boom')", KARATE)
    expect((code, err), (1, "cpecgraph: -e:2: boom\n"), "result")
    code, _, err = run("-e", "x = 1", "-e", "error('second')", KARATE)
    expect((code, err), (1, "cpecgraph: -e2:1: second\n"), "the second chunk")


# ---- chaining ---------------------------------------------------------------------------------

def case_plugins_run_in_order_on_the_same_graph():
    plugin("drop.lua", """return {args = {keep = {type = "integer", default = 10, help = "nodes"}},
      run = function(graph, args)
        local doomed = {}
        for n in graph:nodes() do if tonumber(n.id) >= args.keep then doomed[#doomed+1] = n end end
        graph:remove_nodes(doomed)
      end}""")
    plugin("count.lua", "return {run = function(g) print(g:node_count(), g:edge_count()) end}")
    code, out, _ = run("-p", "drop", "-a", "keep=5", "-p", "count", "-e", "print('e', graph:node_count())",
                       KARATE)
    expect((code, out), (0, "5\t7\ne\t5\n"), "result")


def case_a_plugin_can_hand_a_new_graph_to_the_next():
    plugin("ego.lua", "return {run = function(g) return g:ego('0', 1) end}")
    code, out, _ = run("-p", "ego", "-p", "count", KARATE)
    expect((code, out), (0, "17\t"), "nodes") if False else None
    expect(code, 0, "exit")
    expect(out.split("\t")[0], "17", "the ego graph of node 0 has 17 nodes")


# ---- require ----------------------------------------------------------------------------------

def case_require_finds_lua_modules_on_the_plugin_path_only():
    plugin("helper.lua", "return {answer = 42}", os.path.join(PLUGINS, "lib"))
    code, out, _ = run("-e", "print(require('lib.helper').answer)", KARATE)
    expect((code, out), (0, "42\n"), "module")
    code, _, err = run("-e", "require('os_helpers_nowhere')", KARATE)
    expect(code, 1, "missing module")
    contains(err, "no file '$CPECGRAPH_PATH/os_helpers_nowhere.lua'")
    code, _, err = run("-e", "require('lpeg')", KARATE)
    expect(code, 1, "no C modules")


# ---- -i -------------------------------------------------------------------------------------

def case_output_is_never_left_half_written_by_a_signal_or_a_size_limit():
    """Issue 19, item 8: these signals left .FILE.cpecgraph-XXXXXX behind, and a file size
    limit killed the run with SIGXFSZ."""
    import resource
    import signal
    directory = tempfile.mkdtemp(prefix="signals-", dir=TMP)
    out = os.path.join(directory, "out.txt")
    for sig in (signal.SIGQUIT, signal.SIGUSR1, signal.SIGXCPU, signal.SIGSEGV):
        proc = subprocess.Popen([BIN, "--timeout", "0", "-e", 'print("x") while true do end',
                                 "-o", out], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                env=BASE_ENV)
        time.sleep(0.5)
        proc.send_signal(sig)
        proc.wait(timeout=30)
        proc.stderr.close()
        # under AddressSanitizer, whose handler meets SEGV after ours, the run exits 1
        died = proc.returncode == -sig or (sig == signal.SIGSEGV and proc.returncode == 1)
        expect((died, os.listdir(directory)), (True, []),
               f"{sig.name}: dies of it ({proc.returncode}), and leaves nothing")
    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (512, 512))
    proc = subprocess.run([BIN, "-p", "export", "-a", "format=graphml", "-o", out],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=BASE_ENV, preexec_fn=small_files, timeout=60)
    expect((proc.returncode, os.listdir(directory)), (4, []), f"ulimit -f ({proc.stderr})")


def case_output_replaces_regular_files_anywhere_and_follows_dangling_links():
    """Issue 19, items 7 and 8: -o under /dev/ appended (and kept a failed run's output), and a
    link to a file yet to be made was replaced by a regular file."""
    if os.path.isdir("/dev/shm"):
        shm = tempfile.mkdtemp(dir="/dev/shm")
        out = os.path.join(shm, "x.txt")
        for _ in range(2):
            expect(run("-e", "print(1)", "-o", out)[0], 0, "exit")
        expect(open(out).read(), "1\n", "/dev/shm: replaced, not appended")
        expect(run("-e", 'print(2) error("no")', "-o", out)[0], 1, "a failed run")
        expect(open(out).read(), "1\n", "/dev/shm: a failed run leaves the file as it was")
        shutil.rmtree(shm)
    link = os.path.join(TMP, "dangling")
    target = os.path.join(TMP, "made-later.txt")
    os.symlink(target, link)
    expect(run("-e", "print(3)", "-o", link)[0], 0, "exit")
    expect((os.path.islink(link), open(target).read()), (True, "3\n"), "the link stays a link")


def case_control_characters_of_a_file_are_shown_not_sent_to_the_terminal():
    """Issue 19, item 10: an id with an escape sequence was printed raw in messages and
    tables."""
    hostile = "a\u001b]0;pwned\u0007"
    graph = os.path.join(TMP, "escapes.json")
    with open(graph, "w") as f:
        json.dump({"nodes": [{"id": hostile}], "edges": [{"source": hostile,
                                                           "target": "zz\u009b"}]}, f)
    code, _, err = run("--check", graph)
    expect((code, err.strip()), (3, f"cpecgraph: {graph}: /edges/0/target: unknown node "
                                    "'zz\\u009b'"), "a message")
    with open(graph, "w") as f:
        json.dump({"nodes": [{"id": hostile}], "edges": []}, f)
    code, _, err = run("-e", "error(graph:nodes()().id)", graph)
    expect((code, err.strip()), (1, "cpecgraph: -e:1: a\\x1b]0;pwned\\x07"), "an error")
    code, out, _ = run("-p", "centrality", graph)
    expect((code, "\x1b" in out, "a\\x1b]0;pwned\\x07" in out), (0, False, True), "a table")


def case_prompt_fails_when_printing_a_result_fails():
    """Issue 19, item 6: a __tostring that breached the limit or raised left exit 0, and -o
    committed."""
    cases = [("while true do end", "time limit of 1 s exceeded"), ('error("boom")', "boom")]
    for body, message in cases:
        out = os.path.join(TMP, "printed.txt")
        code, _, err = run("--timeout", "1", "-i", "-o", out, stdin="return setmetatable({}, "
                           "{__tostring=function() " + body + " end})\n")
        expect((code, message in err, os.path.exists(out)), (1, True, False),
               f"{body}: exit, message, no output file ({err})")


def case_prompt_prints_values_and_continues_lines():
    code, out, err = run("-i", KARATE, stdin="graph:node_count()\nfor i = 1, 2 do\nprint(i)\nend\n"
                                             "1 + 1, 'two'\n")
    expect((code, out, err), (0, '34\n1\n2\n2\t"two"\n', ""), "result")
    code, out, err = run("-i", KARATE, stdin="error('x')\nprint('after')\n")
    expect((code, out, err), (1, "after\n", "cpecgraph: stdin:1: x\n"), "a failing script")
    code, _, err = run("-i", "-", stdin="1\n")
    expect(code, 2, "-i with the graph on stdin")


# ---- output ---------------------------------------------------------------------------------

def case_failed_plugin_leaves_the_output_file_untouched():
    target = os.path.join(TMP, "out.txt")
    with open(target, "w") as f:
        f.write("previous\n")
    code, _, _ = run("-o", target, "-e", "print('partial') error('late')", KARATE)
    expect(code, 1, "exit")
    with open(target) as f:
        expect(f.read(), "previous\n", "content")
    expect([n for n in os.listdir(TMP) if ".cpecgraph-" in n], [], "temporary files")
    code, _, _ = run("-o", target, "-e", "print('new')", KARATE)
    with open(target) as f:
        expect((code, f.read()), (0, "new\n"), "replaced on success")


def case_output_before_a_failure_is_flushed_to_stdout():
    code, out, err = run("-e", "print('before') io.write('x', 1, '\\n') error('after')", KARATE)
    expect((code, out), (1, "before\nx1\n"), "result")


def case_closed_pipe_stops_a_plugin_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as pipe:
        code, _, err = run("-e", "for i = 1, 1e6 do print(i) end", KARATE, stdout=pipe)
    expect((code, err), (0, ""), "result")


def case_full_disk_fails_a_plugin():
    with open("/dev/full", "w") as full:
        code, _, err = run("-e", "for i = 1, 1e5 do print(i) end", KARATE, stdout=full)
    expect(code, 4, "exit")
    contains(err, "No space left on device")


# ---- sandbox --------------------------------------------------------------------------------

def case_blocked_capabilities_raise_and_touch_nothing():
    victim = os.path.join(TMP, "victim.txt")
    with open(victim, "w") as f:
        f.write("safe\n")
    for call, name in [(f"os.remove('{victim}')", "os.remove"),
                       (f"os.rename('{victim}', '{victim}.x')", "os.rename"),
                       ("os.execute('touch /tmp/cpecgraph-pwned')", "os.execute"),
                       ("os.exit(0)", "os.exit"), ("os.getenv('HOME')", "os.getenv"),
                       ("os.tmpname()", "os.tmpname"),
                       (f"io.open('{victim}', 'w')", "io.open"), ("io.popen('ls')", "io.popen"),
                       ("io.read()", "io.read"), (f"dofile('{victim}')", "dofile"),
                       (f"loadfile('{victim}')", "loadfile"),
                       ("package.loadlib('libc.so.6', 'puts')", "package.loadlib"),
                       ("debug.getinfo(1)", "debug.getinfo"), ("debug.sethook()", "debug.sethook")]:
        code, _, err = run("-e", call, KARATE)
        expect(code, 1, call)
        expect(err, f"cpecgraph: -e:1: '{name}' is not available to plugins (run with --unsafe "
                    "to allow it)\n", call)
    with open(victim) as f:
        expect(f.read(), "safe\n", "file untouched")
    expect(os.path.exists(victim + ".x") or os.path.exists("/tmp/cpecgraph-pwned"), False,
           "nothing created")


def case_the_sandbox_cannot_be_left_through_require_or_package_loaded():
    for call, name in [("require('os').execute('id')", "os.execute"),
                       ("package.loaded.io.open('/etc/hostname')", "io.open"),
                       ("package.loaded.debug.sethook()", "debug.sethook"),
                       ("package.loaded.package.loadlib('x', 'y')", "package.loadlib"),
                       ("require('io').popen('id')", "io.popen")]:
        code, _, err = run("-e", call, KARATE)
        expect((code, err), (1, f"cpecgraph: -e:1: '{name}' is not available to plugins (run "
                                "with --unsafe to allow it)\n"), call)


def case_finalizers_and_metatables_of_the_api_are_out_of_reach():
    code, _, err = run("-e", "setmetatable({}, {__gc = function() end})", KARATE)
    expect((code, err), (1, "cpecgraph: -e:1: '__gc' finalizers are not available to plugins "
                            "(run with --unsafe to allow them)\n"), "__gc")
    code, out, _ = run("-e", "print(getmetatable(graph), getmetatable(graph:node('0')))", KARATE)
    expect((code, out), (0, "cpecgraph.Graph\tcpecgraph.Node\n"), "metatables are hidden")


def case_usage_errors_hide_their_metatable_and_run_no_plugin_code():
    code, out, _ = run("-e", "print(getmetatable(select(2, pcall(cpecgraph.usage, 'x'))))", KARATE)
    expect((code, out), (0, "cpecgraph.UsageError\n"), "hidden metatable")
    code, _, err = run("--timeout", "1", "-e", "local ok, e = pcall(cpecgraph.usage, 'x') "
                       "e.usage = nil error(e)", KARATE)
    expect((code, err), (2, "cpecgraph: -e: bad usage\n"), "a usage error without a message")


def case_plugin_listing_runs_no_metamethods_outside_the_limit():
    plugin("strmt.lua", "getmetatable('').__tostring = function() while true do end end\n"
                        "return {args = {x = {type = 'string', default = 'a', help = 'h'}},"
                        " run = function() end}")
    code, out, _ = run("--timeout", "1", "--plugin-help", "strmt", timeout=20)
    expect(code, 0, "exit")
    contains(out, "x (string, default: a)")
    os.unlink(os.path.join(PLUGINS, "strmt.lua"))


def case_nested_coroutine_close_does_not_crash():
    code, out, _ = run("-e", """local coro = false
for i = 1, 100000 do
  local previous = coro
  coro = coroutine.create(function()
    local cc <close> = setmetatable({}, {__close = function()
      if previous then assert(coroutine.close(previous)) end end})
    coroutine.yield()
  end)
  assert(coroutine.resume(coro))
end
print((select(2, coroutine.close(coro))):match("C stack overflow") ~= nil)""", KARATE)
    expect((code, out), (0, "true\n"), "result")


# Issue 19, item 1: each close restarted Lua's count of C calls, so 40 closes, each from 190
# string.gsub callbacks, overflowed the C stack (exit 139, and -o left its temporary file).
with open(os.path.join(ROOT, "tests", "fuzz", "regressions", "sandbox", "deep-closes.lua")) as f:
    DEEP_CLOSES = f.read()  # the sandbox's fuzz target replays it too


def case_closes_nested_through_deep_callbacks_are_an_error_not_a_crash():
    out_path = os.path.join(TMP, "closes", "out.txt")
    os.makedirs(os.path.dirname(out_path))
    code, _, err = run("-o", out_path, "-e", DEEP_CLOSES, KARATE)
    expect((code, err), (0, ""), "exit")
    with open(out_path) as f:
        text = f.read()
    expect(text.startswith("false\t"), True, f"the outer close failed: {text[:60]}")
    contains(text, "C stack overflow (coroutine.close nested too deep)")
    expect(os.listdir(os.path.dirname(out_path)), ["out.txt"], "no temporary file")


def sanitized():
    with open(BIN, "rb") as f:
        return b"__asan_init" in f.read()


def with_stack_limit(soft, hard):
    return lambda: resource.setrlimit(resource.RLIMIT_STACK, (soft, hard))


def case_a_plugin_cannot_tamper_with_the_plugins_after_it():
    """Issue 19, item 10: one plugin replaced string functions, a loaded module or the string
    metatable, and so changed what the next plugin wrote (export writing raw <script>)."""
    plugin("tamper.lua", """
getmetatable("").__index.format = function() return "<script>" end
string.format = function() return "<script>" end
table.concat = function() return "<script>" end
getmetatable("").__index = {format = string.format, rep = string.format}
getmetatable("").__add = function() return "<script>" end
package.loaded["cpg.format"] = {flat = string.format}
package.searchers[2] = function() return function() return {} end end
cpecgraph.text.xml = string.format
leaked = true
setmetatable(_G, nil)
return {run = function() end}""")
    clean = run("-p", "export", "-a", "format=graphml", KARATE)
    expect(clean[0], 0, f"export alone ({clean[2]})")
    tampered = run("-p", "tamper", "-p", "export", "-a", "format=graphml", KARATE)
    expect(tampered, clean, "export after the tampering plugin")
    code, out, err = run("-p", "tamper", "-e", 'print(rawget(_G, "leaked"), ("%d"):format(7),'
                         ' pcall(function() return undefined_name end))', KARATE)
    expect((code, out.split("\t")[:3]), (0, ["nil", "7", "false"]), f"-e after it ({err})")
    code, out, _ = run("-p", "tamper", "-p", "centrality", "-a", "top=2", KARATE)
    expect((code, "<script>" in out), (0, False), "centrality after it")


def case_the_module_path_hides_the_environment():
    """Issue 19, item 10: package.path and require's messages named HOME, XDG_DATA_HOME and
    CPECGRAPH_PATH's directories, which sandboxed code must not learn."""
    home, xdg, extra = (os.path.join(TMP, d) for d in ("home-ann", "xdg-ann", "extra-ann"))
    code = 'print(package.path) print(select(2, pcall(require, "nope")))'
    for env, names in [({"HOME": home, "XDG_DATA_HOME": xdg}, ["$XDG_DATA_HOME/cpecgraph"]),
                       ({"HOME": home}, ["$HOME/.local/share/cpecgraph/plugins/nope.lua"]),
                       ({"HOME": home, "CPECGRAPH_PATH": f"{PLUGINS}:{extra}"},
                        ["$CPECGRAPH_PATH[1]/?.lua", "no file '$CPECGRAPH_PATH[2]/nope.lua'"])]:
        full = {k: v for k, v in BASE_ENV.items() if k not in ("XDG_DATA_HOME", "CPECGRAPH_PATH")}
        full.update(env)
        status, out, err = run("-e", code, env=full)
        expect(status, 0, f"exit ({err})")
        for name in names:
            contains(out, name)
        for secret in (home, xdg, extra, PLUGINS):
            expect(secret in out, False, f"{secret} in {out}")
    plugin("mod_ann.lua", "return {where = select(2, ...)}")
    status, out, _ = run("-e", 'print(require("mod_ann").where)')
    expect((status, out), (0, "$CPECGRAPH_PATH/mod_ann.lua\n"), "a module's own name")
    status, out, _ = run("--unsafe", "-e", 'print(package.path)')
    contains(out, PLUGINS)
    # error positions name a plugin's and a module's file as the search path shows them
    plugin("mod_raises.lua", "#!/usr/bin/env cpecgraph\nlocal t = {}\nreturn t.x.y\n")
    plugin("raises.lua", "local ok, e = pcall(require, 'mod_raises') print(e)\nerror('boom')\n")
    status, out, err = run("-p", "raises")
    expect((status, err), (1, "cpecgraph: plugin 'raises': $CPECGRAPH_PATH/raises.lua:2: boom\n"),
           "a plugin's error")
    contains(out, "$CPECGRAPH_PATH/mod_raises.lua:3: attempt to index a nil value")
    expect(PLUGINS in out + err, False, f"{PLUGINS} in {out}{err}")


def case_a_plugin_file_of_the_current_directory_is_said_to_come_first():
    """Issue 19, item 10: -p NAME runs a file NAME of the current directory before the search
    path, silently; --verbose and --list-plugins now say so."""
    here = os.path.join(TMP, "cwd-first")
    os.makedirs(here)
    with open(os.path.join(here, "centrality.lua"), "w") as f:
        f.write('print("the local one")\n')
    code, out, err = run("-v", "-p", "centrality.lua", KARATE, cwd=here)
    expect((code, out), (0, "the local one\n"), "it runs")
    contains(err, "cpecgraph: plugin 'centrality.lua': note: running the file 'centrality.lua' of "
             "the current directory, which comes before the plugin search path")
    expect(run("-p", "centrality.lua", KARATE, cwd=here)[2], "", "quiet without -v")
    code, out, _ = run("--list-plugins", cwd=here)
    contains(out, "/plugins/centrality.lua\n    (-p centrality.lua runs ./centrality.lua of the "
             "current directory instead)\n")
    expect(out.count("of the current directory instead"), 1, "only that plugin")


def peak_rss_mb(*args):
    """The exit status, stderr and peak RSS (MB) of one run, measured in a process of its own."""
    probe = ("import resource, subprocess, sys\n"
             "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
             "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
             "sys.stdout.write(p.stderr.decode())\n")
    out = subprocess.run([sys.executable, "-c", probe, BIN, *args], capture_output=True,
                         text=True, timeout=120).stdout
    first, _, err = out.partition("\n")
    code, rss = first.split()
    return int(code), err, int(rss)


def case_the_memory_limit_counts_what_code_stores_in_the_graph():
    """Issue 19, item 9: a 20 MB string stored in 100 attributes under --memory-limit 64 took
    1.98 GB: the strings, columns and graphs that code makes the model hold count too."""
    for code_text in ['local s = string.rep("x", 20 * 1024 * 1024) local n = graph:node("0") '
                      'for i = 1, 100 do n.attrs["k" .. i] = s .. i end',
                      'local copies = {} for i = 1, 100000 do copies[i] = graph:copy() end',
                      'local g = cpecgraph.graph() local id = string.rep("x", 4000) '
                      'for i = 1, 100000 do g:add_node{id = id .. i} end']:
        code, err, rss = peak_rss_mb("--memory-limit", "64", "-e", code_text, KARATE)
        expect((code, err), (1, "cpecgraph: -e: memory limit of 64 MB exceeded\n"), code_text)
        # AddressSanitizer's quarantine keeps freed memory: 256 MB of it by default
        expect(rss < (1200 if sanitized() else 400), True, f"peak RSS {rss} MB: {code_text}")
    code, out, err = run("--memory-limit", "64", "-e", 'local s = string.rep("x", 1 << 19) '
                         'for n in graph:nodes() do n.attrs.big = s .. n.id end print("ok")',
                         KARATE)
    expect((code, out), (0, "ok\n"), f"17 MB stored fits ({err})")


def case_a_stream_is_bounded_and_ends_at_a_nul_byte():
    """Issue 19, item 9: --check /dev/zero grew without bound."""
    code, _, err = run("--check", "/dev/zero", timeout=20)
    expect((code, err), (3, "cpecgraph: /dev/zero:1:1: a NUL byte: no format that cpecgraph "
                            "reads has one\n"), "/dev/zero")
    endless_pipe_stops(["yes", '{"id": "a"}'], "node-link")


def endless_pipe_stops(producer, fmt):
    """An endless PRODUCER piped into --check of format FMT stops at --memory-limit 10."""
    endless = subprocess.Popen(producer, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    proc = subprocess.run([BIN, "--memory-limit", "10", "--format", fmt, "--check", "-"],
                          stdin=endless.stdout, capture_output=True, text=True, timeout=60)
    endless.kill()
    endless.wait()
    expect((proc.returncode, proc.stderr), (3, "cpecgraph: <stdin>: more than 10 MB from a stream "
           "(--memory-limit): save it to a file, which is read as it is\n"), f"{fmt} pipe")


def case_a_json_lines_stream_is_bounded_too():
    """Issue 19 review: streamed JSON Lines bypassed the cap and the NUL stop."""
    code, _, err = run("--format", "jsonl", "--check", "/dev/zero", timeout=20)
    expect((code, err), (3, "cpecgraph: /dev/zero:1:1: a NUL byte: no format that cpecgraph "
                            "reads has one\n"), "jsonl /dev/zero")
    code, _, err = run("--format", "jsonl", "--check", "-",
                       stdin='{"id": "a"}\n{"id": "b"}\n{"id": "c\0"}\n')
    expect((code, err), (3, "cpecgraph: <stdin>:3:10: a NUL byte: no format that cpecgraph "
                            "reads has one\n"), "a NUL on line 3")
    endless_pipe_stops(["/usr/bin/python3", "-c", "import itertools\nfor i in itertools.count(): "
                        "print('{\"id\": \"n%d\"}' % i)"], "jsonl")


def case_wide_xml_from_a_pipe_is_read():
    """Issue 19 review: the NUL stop refused UTF-16 XML from a pipe, which libxml2 reads."""
    text = ('<?xml version="1.0" encoding="UTF-16"?>\n<graphml xmlns="http://graphml.graphdrawing'
            '.org/xmlns"><graph edgedefault="directed"><node id="a"/><node id="b"/>'
            '<edge source="a" target="b"/></graph></graphml>\n')
    for encoding in ("utf-16", "utf-16-be", "utf-16-le"):
        proc = subprocess.run([BIN, "--check", "-"], input=text.encode(encoding),
                              capture_output=True, timeout=60)
        expect((proc.returncode, proc.stdout.decode()),
               (0, "<stdin>: 2 nodes, 1 edge, directed; node types: (untyped) 2\n"),
               f"{encoding}: {proc.stderr.decode()}")
    zeros = subprocess.run(["sh", "-c", f"(printf '<\\0'; head -c 50000000 /dev/zero) | {BIN} "
                            "--check -"], capture_output=True, text=True, timeout=60)
    expect((zeros.returncode, zeros.stderr), (3, "cpecgraph: <stdin>: a NUL character: no format "
                                                 "that cpecgraph reads has one\n"),
           "a NUL behind the start of UTF-16")


def case_a_small_stack_limit_is_raised_or_refused():
    if sanitized():  # AddressSanitizer sets the stack up itself, before main
        return
    deep = ('local function rec(n) if n == 0 then return end '
            'string.gsub("x", "x", function() rec(n - 1) end) end rec(195) print("deep")')
    raised = subprocess.run([BIN, "-e", deep], capture_output=True, text=True, timeout=60,
                            preexec_fn=with_stack_limit(200 << 10, resource.RLIM_INFINITY))
    expect((raised.returncode, raised.stdout), (0, "deep\n"), f"soft limit ({raised.stderr})")
    refused = subprocess.run([BIN, "-e", deep], capture_output=True, text=True, timeout=60,
                             preexec_fn=with_stack_limit(1000 << 10, 1000 << 10))
    expect((refused.returncode, refused.stderr), (1, "cpecgraph: setup: the stack size limit "
           "(ulimit -s) is 1000 KB; Lua needs 2048 KB\n"), "hard limit")
    checked = subprocess.run([BIN, "--check", KARATE], capture_output=True, timeout=60,
                             preexec_fn=with_stack_limit(1000 << 10, 1000 << 10))
    expect(checked.returncode, 0, "--check runs no Lua")


def case_listing_into_a_closed_pipe_ends_quietly():
    read_end, write_end = os.pipe()
    os.close(read_end)
    with os.fdopen(write_end, "w") as pipe:
        code, _, err = run("--list-plugins", stdout=pipe)
    expect((code, err), (0, ""), "result")


def case_long_module_names_are_reported_not_crashed_on():
    code, _, err = run("-e", "require(string.rep('a', 5000))", KARATE)
    expect(code, 1, "exit")
    contains(err, "module '" + "a" * 100)


def case_binary_chunks_are_refused():
    code, _, err = run("-e", "local f = load(string.dump(function() return 1 end)); "
                             "assert(f, 'refused')", KARATE)
    expect(code, 1, "exit")
    contains(err, "refused")
    code, out, _ = run("-e", "print(load('return 1 + 1')())", KARATE)
    expect((code, out), (0, "2\n"), "text chunks load")


def case_allowed_libraries_work():
    code, out, err = run("-e", "print(type(os.time()), type(os.clock()), os.date('!%Y', 0), "
                               "string.upper('a'), math.floor(2.5), utf8.char(228), "
                               "coroutine.wrap(function() coroutine.yield(1) end)(), "
                               "table.concat({1, 2}))", KARATE)
    expect((code, err), (0, ""), "result")
    expect(out, "number\tnumber\t1970\tA\t2\tä\t1\t12\n", "values")


def case_undefined_globals_are_errors():
    code, _, err = run("-e", "print(grpah)", KARATE)
    expect((code, err), (1, "cpecgraph: -e:1: undefined global 'grpah'\n"), "result")


def case_unsafe_gives_the_full_library():
    code, out, _ = run("--unsafe", "-e", "print(type(os.getenv('HOME')), io.open ~= nil)", KARATE)
    expect((code, out), (0, "string\ttrue\n"), "result")


# ---- limits ---------------------------------------------------------------------------------

def check_time_limit(code_text, limit=1, extra=(), slack=0.8):
    code, _, err = run("--timeout", str(limit), *extra, "-e", code_text, KARATE)
    expect(code, 1, "exit")
    expect(err, f"cpecgraph: -e: time limit of {limit} s exceeded\n", "stderr")
    if run.elapsed > limit + slack:
        raise AssertionError(f"stopped after {run.elapsed:.2f} s")


def case_time_limit_stops_an_infinite_loop():
    check_time_limit("while true do end")


def case_time_limit_cannot_be_caught_by_pcall():
    check_time_limit("while true do pcall(function() while true do end end) end")
    check_time_limit("local co = coroutine.wrap(function() while true do end end) "
                     "while true do pcall(co) end")


def case_time_limit_stops_pattern_matching():
    check_time_limit("local s = string.rep('a', 300000) s:find('.-.-.-.-.-.-b')")


def case_a_measure_igraph_warns_about_is_flagged_without_verbose():
    """Issue 18: eigenvector centrality of a DAG is 0 everywhere, and only -v said so."""
    dag = os.path.join(TMP, "dag.json")
    with open(dag, "w") as f:
        json.dump({"directed": True, "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
                   "edges": [{"source": "a", "target": "b"}, {"source": "b", "target": "c"}]}, f)
    code, out, err = run("-p", "centrality", "-a", "measures=eigenvector", dag)
    expect((code, err.splitlines()), (0, [
        "cpecgraph: plugin 'centrality': warning: graph is directed and acyclic; eigenvector "
        "centralities will be zeros",
        "cpecgraph: plugin 'centrality': warning: every eigenvector centrality is 0, as in any "
        "directed graph without a cycle; mode = \"all\" (-a mode=all in the centrality plugin) "
        "ignores direction"]), "the warnings")
    code, out, err = run("-q", "-p", "centrality", "-a", "measures=eigenvector", dag)
    expect((code, err), (0, ""), "--quiet")
    code, out, err = run("-p", "centrality", "-a", "measures=eigenvector", "-a", "mode=all", dag)
    expect((code, err), (0, ""), "mode=all: no warning")
    contains(out, "   1  b ")


def case_misspelt_names_get_the_nearest():
    """Issue 18: an unknown method, format or option named no alternative."""
    code, _, err = run("-e", 'graph:node("china"):neighbours()')
    expect((code, err), (1, "cpecgraph: -e:1: attempt to call a nil value (method 'neighbours') "
                            "(did you mean 'neighbors'?)\n"), "a node's method")
    code, _, err = run("-e", "graph:pagerankk()")
    contains(err, "(did you mean 'pagerank'?)")
    code, _, err = run("-e", "graph:xyzzy()")
    expect("did you mean" in err, False, f"nothing near: {err}")
    code, _, err = run("--chek")
    expect((code, err.splitlines()[0]), (2, "cpecgraph: unrecognized option '--chek' (did you "
                                            "mean '--check'?)"), "an option")
    code, _, err = run("--format", "grapml", "--check")
    contains(err, "unknown format 'grapml' (did you mean 'graphml'?)")
    code, _, err = run("--format", "json", "--check")
    contains(err, "unknown format 'json' (a JSON document is told by its keys: leave --format "
             "out, or give node-link, jgf, cytoscape or stix)")


def case_plugins_report_on_stderr_without_touching_the_output():
    """Issue 18: no way to log from the sandbox; warn() printed nothing even with -v."""
    code, out, err = run("-e", 'io.stderr:write("a ", 1, "\\n"):write("b\\n") '
                         'cpecgraph.log("%d nodes", graph:node_count()) '
                         'warn("careful: ", "two parts") warn("@off") warn("hidden") print("out")')
    expect((code, out, err), (0, "out\n", "a 1\nb\n60 nodes\ncpecgraph: warning: careful: two "
                                         "parts\n"), "stderr, not the output")
    code, out, err = run("-q", "-e", 'cpecgraph.log("x") warn("y") io.stderr:write("z\\n")')
    expect((code, err), (0, "z\n"), "--quiet silences logs and warnings, not io.stderr")
    plugin("forgot.lua", 'plugin = {run = function(g) print("ran") end}\n')
    code, out, err = run("-p", "forgot")
    expect((code, out, err), (0, "", "cpecgraph: plugin 'forgot': warning: it returns nothing, "
           "so it ran as a plain script, but its global 'plugin' is a table with a 'run' "
           "function: end the file with 'return plugin' to run it as a plugin\n"), "no return")
    plugin("ret42.lua", "return {run = function(g) return 42 end}\n")
    code, out, err = run("-p", "ret42")
    expect((code, err), (0, "cpecgraph: plugin 'ret42': warning: run returned a number, which "
           "is ignored: a plugin's run returns a graph (for the plugins after it) or nothing\n"),
           "a run that returns a number")


def case_time_limit_stops_a_long_igraph_computation():
    path = os.path.join(TMP, "big.json")
    import networkx as nx
    with open(path, "w") as f:
        json.dump(nx.node_link_data(nx.gnm_random_graph(20000, 100000, seed=1)), f)
    code, _, err = run("--timeout", "1", "-e", "local ok = pcall(graph.betweenness, graph)", path)
    expect((code, err), (1, "cpecgraph: -e: time limit of 1 s exceeded\n"), "result")


def case_timeout_keeps_the_previous_output_file():
    target = os.path.join(TMP, "slow.txt")
    with open(target, "w") as f:
        f.write("kept\n")
    run("--timeout", "1", "-o", target, "-e",
        "print('x') local s = string.rep('a', 300000) s:find('.-.-.-.-.-.-b')", KARATE)
    with open(target) as f:
        expect(f.read(), "kept\n", "content")
    expect([n for n in os.listdir(TMP) if ".cpecgraph-" in n], [], "temporary files")


def case_memory_limit_stops_allocation():
    for text in ["local s = string.rep('x', 10 * 2^30)", "local s = string.rep('x', 2^31)",
                 "local t = {} for i = 1, 1e9 do t[i] = i end",
                 "local ok = pcall(string.rep, 'x', 2^30)"]:
        code, _, err = run("--memory-limit", "64", "-e", text, KARATE)
        expect(code, 1, text)
        if "too large" not in err:
            expect(err, "cpecgraph: -e: memory limit of 64 MB exceeded\n", text)


def case_zero_means_no_limit():
    code, out, _ = run("--timeout", "0", "--memory-limit", "0", "-e",
                       "local t = {} for i = 1, 1e6 do t[i] = i end print(#t)", KARATE)
    expect((code, out), (0, "1000000\n"), "result")


if __name__ == "__main__":
    main(globals())
