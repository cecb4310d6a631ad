#!/usr/bin/python3
"""test_prompt.py: the interactive prompt (-i) as a user meets it, through a pseudo-terminal:
Tab completion, values shown as values, help() and ?name, Ctrl-C, the history file; and, fed
a script on a pipe, the script's own line numbers.

Usage: test_prompt.py CPECGRAPH SOURCE_ROOT   (last line: 'N passed, N failed')"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
TMP = tempfile.mkdtemp(prefix="cpecgraph-prompt-")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\x07|\r")


# the last line of -V says whether the prompt has libedit; without it, no terminal case runs
EDITING = subprocess.run([BIN, "-V"], capture_output=True,
                         text=True).stdout.splitlines()[-1].startswith("libedit")


def terminal(case):
    """A case that needs libedit's line editing: skipped, saying so, in a build without it."""
    def run_or_skip():
        if EDITING:
            return case()
        print(f"skip {case.__name__}: cpecgraph was built without libedit")
    return run_or_skip


class Prompt:
    """cpecgraph -i on a pseudo-terminal: send keys, wait for text (escapes stripped)."""

    def __init__(self, *args, state=None):
        env = dict(os.environ, TERM="xterm", HOME=TMP,
                   XDG_STATE_HOME=state or os.path.join(TMP, "state"))
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(BIN, [BIN, "-i", *args], env)
        self.seen = ""
        self.wait_for("> ")

    def read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        self.seen += ESCAPES.sub("", data.decode("utf-8", "replace"))
        return bool(data)

    def wait_for(self, text, timeout=10):
        """Everything up to TEXT's first appearance since the last wait; fails on timeout."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > deadline or not self.read(deadline - time.monotonic()):
                if text in self.seen:
                    break
                raise AssertionError(f"waited for {text!r}; the terminal shows {self.seen!r}")
        before, _, self.seen = self.seen.partition(text)
        if text.endswith("> "):
            # as a person would: libedit sets the terminal up just after the prompt shows,
            # and keys that come before it are echoed twice and a Ctrl-C is missed
            time.sleep(0.2)
        return before

    def send(self, keys):
        os.write(self.fd, keys.encode())

    def line(self, text):
        """Types TEXT and Return; what it printed before the next prompt."""
        self.send(text + "\r")
        self.wait_for(text)
        return self.wait_for("\n> ").strip("\n")

    def close(self):
        self.send("\x04")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            self.read(0.1)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("the prompt did not end on Ctrl-D")


@terminal
def case_tab_completes_methods_globals_ids_and_attributes():
    p = Prompt()
    p.send("graph:pager\t")
    p.wait_for("graph:pagerank")
    p.send("\x15")  # Ctrl-U: clear the line
    p.send('graph:node("wang\t')
    p.wait_for('graph:node("wang_yi')
    p.send("\x15")
    p.send("cpecgraph.te\t")
    p.wait_for("cpecgraph.text")
    p.send("\x15")
    expect(p.line('n = graph:node("china")'), "", "an assignment prints nothing")
    p.send("n.lab\t")
    p.wait_for("n.label")
    p.send("\x15")
    p.send("gra\t")
    p.wait_for("graph")
    p.send("\x15")
    p.send("graph:node_c\t()\r")
    expect(p.wait_for("\n> ").strip("\n").splitlines()[-1], "60", "the completed call ran")
    expect(p.close(), 0, "exit status")


@terminal
def case_values_show_as_values():
    p = Prompt()
    expect(p.line('graph:node("wang_yi")'), "Node 'wang_yi' (person) \"Wang Yi\"", "a node")
    expect(p.line('graph:edges_between("wang_yi", "strategic_dialogue_6")'),
           "{Edge 'wang_yi' -> 'strategic_dialogue_6' (participated_in)}", "a list of edges")
    expect(p.line("graph"), 'Graph "CPEC 2.0" (directed, 60 nodes, 111 edges)', "the graph")
    expect(p.line('{"a", 1, {b = {c = {d = {}}}}, "x\\ny"}'),
           '{"a", 1, {b = {c = {...}}}, "x\\ny"}', "nested tables, to a depth")
    expect(p.close(), 0, "exit status")


@terminal
def case_help_prints_the_documented_signature():
    p = Prompt()
    out = p.line("help(graph.pagerank)")
    contains(out, "graph:pagerank([opts]) -> cpecgraph.Values", "help(graph.pagerank)")
    contains(out, "damping: number  between 0 and 1 (default 0.85)", "its options")
    out = p.line("?graph:nodes")
    contains(out, "graph:nodes([filter])", "?graph:nodes")
    out = p.line("n = graph:node('china')")
    contains(p.line("n:neighbors?"), "n:neighbors([mode])", "name? for a node's method")
    contains(p.line("help('pagernk')"), "no help for 'pagernk' (did you mean 'pagerank'?)",
             "a misspelt name")
    contains(p.line("help(graph)"), "degree", "the methods of a graph")
    contains(p.line("help(n.attributes)"), "n:attributes()", "a node's method")
    expect(p.line("e = graph:edges()()"), "", "an assignment")
    contains(p.line("help(e.attributes)"), "e:attributes()", "an edge's method of that name")
    expect(p.close(), 0, "exit status")


@terminal
def case_ctrl_c_cancels_the_line_or_the_statement_and_keeps_the_session():
    p = Prompt()
    expect(p.line("x = 41"), "", "an assignment")
    p.send("this is not lua\x03")
    p.wait_for("\n> ")
    p.send("for i = 1, 3 do\r")
    p.wait_for(">> ")
    p.send("\x03")  # the statement being typed goes too
    p.wait_for("\n> ")
    p.send("while true do end\r")
    time.sleep(0.5)
    p.send("\x03")
    contains(p.wait_for("\n> "), "cpecgraph: stdin: interrupted", "the loop is interrupted")
    p.send("graph:betweenness() for i = 1, 1e9 do x = x end\r")
    time.sleep(0.5)
    p.send("\x03")
    contains(p.wait_for("\n> "), "interrupted", "interrupted once more")
    p.send("coroutine.wrap(function() while true do end end)()\r")
    time.sleep(0.5)
    p.send("\x03")
    contains(p.wait_for("\n> "), "interrupted", "a loop in a coroutine is interrupted too")
    expect(p.line("x + 1"), "42", "the variables stay")
    expect(p.close(), 0, "exit status")


@terminal
def case_ctrl_c_interrupts_igraph_too():
    """igraph polls its interruption handler: a long measure stops at once, not at its end."""
    import json
    import random
    rng = random.Random(5)
    n = 6000
    doc = {"directed": False, "nodes": [{"id": str(i)} for i in range(n)],
           "edges": [{"source": str(rng.randrange(n)), "target": str(rng.randrange(n))}
                     for _ in range(60000)]}
    path = os.path.join(TMP, "big.json")
    with open(path, "w") as f:
        json.dump(doc, f)
    p = Prompt(path)
    p.send("b = graph:betweenness()\r")
    p.wait_for("b = graph:betweenness()")
    time.sleep(0.3)
    start = time.monotonic()
    p.send("\x03")
    contains(p.wait_for("\n> "), "cpecgraph: stdin: interrupted", "betweenness interrupted")
    elapsed = time.monotonic() - start
    if elapsed > 1.0:
        raise AssertionError(f"the interruption took {elapsed:.2f} s")
    contains(p.line("b"), "undefined global 'b'", "the assignment did not happen")
    expect(p.close(), 0, "exit status")


@terminal
def case_a_second_ctrl_c_ends_code_that_polls_nothing():
    """A pattern match runs in C, where no hook fires: the second Ctrl-C quits (status 130)."""
    p = Prompt("--timeout", "0")
    p.send('string.rep("a", 40):find(string.rep("a*", 12) .. "b")\r')
    time.sleep(0.5)
    p.send("\x03")
    time.sleep(0.5)
    p.send("\x03")
    p.wait_for("cpecgraph: interrupted twice: quitting")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        pid, status = os.waitpid(p.pid, os.WNOHANG)
        if pid:
            expect(os.waitstatus_to_exitcode(status), 130, "exit status")
            return
        time.sleep(0.1)
    raise AssertionError("the second Ctrl-C did not end the process")


@terminal
def case_history_is_kept_between_sessions():
    state = os.path.join(TMP, "history-state")
    p = Prompt(state=state)
    expect(p.line("y = 6 * 7"), "", "an assignment")
    expect(p.close(), 0, "exit status")
    with open(os.path.join(state, "cpecgraph", "history"), encoding="utf-8") as f:
        # libedit's format: vis(3) escapes, a space as \040
        saved = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), f.read())
    contains(saved, "y = 6 * 7", "the history file")
    p = Prompt(state=state)
    p.send("\x1b[A\r")  # Up: the last line of the last session
    p.wait_for("y = 6 * 7")
    p.wait_for("\n> ")
    expect(p.line("y"), "42", "the line from the history ran")
    expect(p.close(), 0, "exit status")


@terminal
def case_a_complete_statement_runs_at_once():
    p = Prompt()
    p.send("for i = 1, 2 do print(i) end\r")
    out = p.wait_for("> ")
    expect(out.split("\n")[1:], ["1", "2", ""], "ran, and the next prompt is no continuation")
    p.send("local t = {\r")
    p.wait_for(">> ")
    p.send("1, 2}\r")
    p.wait_for("\n> ")
    p.send("graph:pagerank{\r")
    p.wait_for(">> ")
    contains(p.line("damping = 0.9}"), "pakistan = 0.", "an expression over two lines shows")
    expect(p.close(), 0, "exit status")


def case_a_piped_script_reports_its_own_line_numbers():
    script = "x = 1\n\nfor i = 1, 2 do\n  x = x + i\nend\nlocal t = {\n  1,\n  nil + 1}\n"
    proc = subprocess.run([BIN, "-i"], input=script, capture_output=True, text=True)
    expect(proc.returncode, 1, "exit status")
    contains(proc.stderr, "stdin:8: attempt to perform arithmetic on a nil value", "stderr")
    proc = subprocess.run([BIN, "-i"], input="x = 1\n\nerror('boom')\n", capture_output=True,
                          text=True)
    expect(proc.stderr, "cpecgraph: stdin:3: boom\n", "a runtime error on line 3")
    proc = subprocess.run([BIN, "-i"], input="x = 1\nx = = 2\n", capture_output=True, text=True)
    contains(proc.stderr, "stdin:2:", "a syntax error on line 2")
    proc = subprocess.run([BIN, "-i"], input="print(1)\nfor i = 1, 2 do\nprint(i)\n",
                          capture_output=True, text=True)
    expect((proc.returncode, proc.stdout), (1, "1\n"), "a script that ends inside a statement")
    contains(proc.stderr, "stdin:3: 'end' expected (to close 'for' at line 2) near <eof>",
             "its error")


if __name__ == "__main__":
    main(globals())
