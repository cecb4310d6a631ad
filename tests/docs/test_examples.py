#!/usr/bin/python3
"""test_examples.py: the documentation against the program. Every ```lua block of
docs/lua-api.md runs on the bundled graph (a block that returns a plugin table as a plugin file,
any other as -e code) and must succeed; a ```text block right after one is its expected output.
The README's cpecgraph commands that run on the bundled graph and the repository's files must
exit 0 and print what the README shows after them (or something, when it shows nothing).
The man page must name every option of --help and render without warnings; the LuaCATS file
docs/cpecgraph.d.lua must be valid Lua and name every method, field, option and module function
that the program exposes.

Usage: test_examples.py CPECGRAPH SOURCE_ROOT   (last line: 'N passed, N failed')"""
import atexit
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from casetest import contains, expect, main  # noqa: E402

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
API_DOC = os.path.join(ROOT, "docs", "lua-api.md")
META = os.path.join(ROOT, "docs", "cpecgraph.d.lua")
MAN = os.path.join(ROOT, "docs", "cpecgraph.1")
CPEC = os.path.join(ROOT, "data", "cpec-2.0.json")
TMP = tempfile.mkdtemp(prefix="cpecgraph-docs-")
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
# no user plugins: the examples must run with the bundled ones only
ENV = dict(os.environ, CPECGRAPH_PATH="", XDG_DATA_HOME=os.path.join(TMP, "xdg"))
MIN_LUA_BLOCKS = 40   # a parser that finds fewer is broken, not a short document
MAX_NORUN_BLOCKS = 3  # blocks fenced as ```lua-norun: kept rare


def run(*args, timeout=120):
    proc = subprocess.run([BIN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, env=ENV, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


# ---- the blocks of lua-api.md -----------------------------------------------------------------

def fenced_blocks(text):
    """[(info, first line number, last line number, body)] for every ``` block."""
    blocks, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        m = re.match(r"^```(\S*)\s*$", lines[i])
        if not m:
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and not re.match(r"^```\s*$", lines[i]):
            i += 1
        if i == len(lines):
            raise AssertionError(f"unclosed ``` block at line {start + 1}")
        blocks.append((m.group(1), start + 1, i + 1, "\n".join(lines[start + 1:i]) + "\n"))
        i += 1
    return blocks


def lua_examples(text):
    """[(line, code, expected output or None)]: each ```lua block with the ```text block that
    directly follows it, if any."""
    lines, blocks, examples = text.split("\n"), fenced_blocks(text), []
    for k, (info, start, end, body) in enumerate(blocks):
        if info != "lua":
            continue
        expected = None
        if k + 1 < len(blocks) and blocks[k + 1][0] == "text":
            between = lines[end:blocks[k + 1][1] - 1]
            if all(not line.strip() for line in between):
                expected = blocks[k + 1][3]
        examples.append((start, body, expected))
    return examples


def is_plugin(code):
    """A block whose top level returns (a plugin table): it runs as a file."""
    return re.search(r"^return\b", code, re.M) is not None


def command_for(line, code):
    """The arguments that run the block at LINE: its '-- $ cpecgraph ARGS' line if it has one
    (the first -p names the block's own file), else -p FILE for a plugin, -e CODE otherwise."""
    m = re.search(r"^--\s*\$\s*cpecgraph\s+(.*)$", code, re.M)
    given = shlex.split(m.group(1)) if m else []
    directory = os.path.join(TMP, f"block-{line}")
    os.makedirs(directory, exist_ok=True)
    for i, arg in enumerate(given):
        if arg in ("-p", "--plugin") and i + 1 < len(given):
            path = os.path.join(directory, os.path.basename(given[i + 1]))
            write(path, code)
            return given[:i + 1] + [path] + given[i + 2:] + [CPEC]
    # a graph named in ARGS (a .json path from the source root) replaces the bundled one
    graphs = [os.path.join(ROOT, a) for a in given if a.endswith(".json")]
    given = [a for a in given if not a.endswith(".json")]
    if is_plugin(code):
        path = os.path.join(directory, f"example_{line}.lua")
        write(path, code)
        return ["-p", path] + given + (graphs or [CPEC])
    return ["-e", code] + given + (graphs or [CPEC])


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def normalized(text):
    """Lines without trailing blanks, runs of spaces and tabs as one space, no final blank lines
    (the documentation aligns with spaces what print separates with tabs)."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r", "").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def make_case(line, code, expected):
    def case():
        args = command_for(line, code)
        code_, out, err = run(*args)
        if code_ != 0:
            raise AssertionError(f"lua-api.md:{line}: exit {code_}: {err.strip()}")
        if expected is not None and normalized(out) != normalized(expected):
            raise AssertionError(f"lua-api.md:{line}: output differs\n--- expected\n{expected}"
                                 f"--- got\n{out}")
    return case


API_TEXT = read(API_DOC)
EXAMPLES = lua_examples(API_TEXT)
for _line, _code, _expected in EXAMPLES:
    globals()[f"case_lua_api_md_line_{_line}"] = make_case(_line, _code, _expected)


def case_the_document_has_examples_with_outputs():
    if len(EXAMPLES) < MIN_LUA_BLOCKS:
        raise AssertionError(f"only {len(EXAMPLES)} ```lua blocks found")
    with_output = sum(1 for _, _, expected in EXAMPLES if expected is not None)
    if with_output < 20:
        raise AssertionError(f"only {with_output} examples show their output")
    norun = [b for b in fenced_blocks(API_TEXT) if b[0].startswith("lua-")]
    if len(norun) > MAX_NORUN_BLOCKS:
        raise AssertionError(f"{len(norun)} blocks that do not run (at most {MAX_NORUN_BLOCKS})")


def case_a_failing_example_is_caught():
    """The runner itself: a block that raises must fail, a wrong output must differ."""
    try:
        make_case(0, "error('boom')\n", None)()
    except AssertionError as e:
        contains(str(e), "boom")
    else:
        raise AssertionError("a failing block passed")
    try:
        make_case(0, "print(graph:node_count())\n", "61\n")()
    except AssertionError as e:
        contains(str(e), "output differs")
    else:
        raise AssertionError("a wrong output passed")


# ---- what the program exposes ----------------------------------------------------------------

def c_source(name):
    return read(os.path.join(ROOT, "core", name))


def lual_reg(source, table):
    """{lua name: C function} of the luaL_Reg table TABLE in SOURCE."""
    m = re.search(r"luaL_Reg\s+" + re.escape(table) + r"\[\]\s*=\s*\{(.*?)\{NULL,\s*NULL\}",
                  source, re.S)
    if not m:
        raise AssertionError(f"no luaL_Reg table '{table}' in the sources")
    return dict(re.findall(r'\{"(\w+)",\s*(\w+)\}', m.group(1)))


def runtime_names(code):
    """Names printed, one a line, by CODE run with --unsafe (debug.getmetatable sees through the
    __metatable field that hides the method tables from plugins)."""
    code_, out, err = run("--unsafe", "-e", code, CPEC)
    expect((code_, err), (0, ""), "listing names")
    return set(out.split())


def listing(expr):
    return f"for name in pairs({expr}) do print(name) end"


GRAPH_C, ALGO_C = c_source("lua/lua_graph.c"), c_source("lua/lua_algo.c")
STRUCTURE_C = c_source("lua/lua_structure.c")
PATHS_C, GROUPS_C = c_source("lua/lua_paths.c"), c_source("lua/lua_groups.c")
MEASURE_TABLES = [(ALGO_C, "algorithms"), (STRUCTURE_C, "structure"), (PATHS_C, "paths"),
                  (GROUPS_C, "groups")]
ELEMENT_C = c_source("lua/lua_element.c")
SOURCE_GRAPH_METHODS = set(lual_reg(GRAPH_C, "graph_methods")).union(
    *(lual_reg(source, table) for source, table in MEASURE_TABLES))
SOURCE_NODE_METHODS = set(lual_reg(ELEMENT_C, "node_methods"))
SOURCE_EDGE_METHODS = set(lual_reg(ELEMENT_C, "edge_methods"))

try:
    GRAPH_METHODS = runtime_names(listing("debug.getmetatable(graph).methods"))
    # nodes and edges are handles sharing one metatable, which lists each kind's methods
    NODE_METHODS = runtime_names(listing("debug.getmetatable(graph:node('china')).node_methods"))
    EDGE_METHODS = runtime_names(listing("debug.getmetatable(graph:edges()()).edge_methods"))
    MODULE_NAMES = runtime_names(listing("cpecgraph"))
    # the module's tables of functions (cpecgraph.text) and the methods of the objects they make
    TEXT_NAMES = runtime_names(listing("cpecgraph.text"))
    BUFFER_METHODS = runtime_names(listing("debug.getmetatable(cpecgraph.text.buffer()).__index"))
except AssertionError as _e:  # reported by the case below, without stopping the others
    print(f"note: cannot list the names the program exposes: {_e}")
    GRAPH_METHODS, NODE_METHODS, EDGE_METHODS, MODULE_NAMES = set(), set(), set(), set()
    TEXT_NAMES, BUFFER_METHODS = set(), set()


def c_function(source, name):
    """The body of the C function NAME (also of a one-line function)."""
    head = r"^static \w+ \**" + re.escape(name) + r"\([^)]*\)"
    m = re.search(head + r"\n\{\n(.*?)^\}", source, re.S | re.M)
    if not m:
        m = re.search(head + r" \{(.*)\}$", source, re.M)
    return m.group(1) if m else ""


def fields_of(source, function):
    """The fixed fields an __index function answers: the names it compares the key with."""
    return set(re.findall(r'strcmp\(key, "(\w+)"\)', c_function(source, function)))


def field_list(source, name):
    """The names in the NULL-terminated C array NAME (the fixed fields of handles)."""
    m = re.search(re.escape(name) + r"\[\]\s*=\s*\{(.*?)NULL\}", source, re.S)
    return set(re.findall(r'"(\w+)"', m.group(1))) if m else set()


def allowed_options(method, source=ALGO_C, table="algorithms"):
    """The options a method accepts: its 'allowed' list in the C SOURCE (following one call to
    a shared helper, as hubs and authorities call hits)."""
    body = c_function(source, lual_reg(source, table)[method])
    m = re.search(r"allowed\[\]\s*=\s*\{(.*?)\};", body, re.S)
    if not m:
        helper = re.search(r"return (\w+)\(L", body)
        body = c_function(source, helper.group(1)) if helper else ""
        m = re.search(r"allowed\[\]\s*=\s*\{(.*?)\};", body, re.S)
    return set(re.findall(r'"(\w+)"', m.group(1))) if m else set()


def case_method_lists_from_the_source_match_the_program():
    expect(SOURCE_GRAPH_METHODS, GRAPH_METHODS, "Graph methods")
    expect(SOURCE_NODE_METHODS, NODE_METHODS, "Node methods")
    expect(SOURCE_EDGE_METHODS, EDGE_METHODS, "Edge methods")
    if len(GRAPH_METHODS) < 20 or not MODULE_NAMES:
        raise AssertionError(f"too few names found: {sorted(GRAPH_METHODS)} {MODULE_NAMES}")


# ---- the LuaCATS definitions -----------------------------------------------------------------

META_TEXT = read(META)


def meta_classes():
    """{class name: set of field names} from the ---@class / ---@field annotations."""
    classes, current = {}, None
    for line in META_TEXT.split("\n"):
        m = re.match(r"---@class\s+([\w.]+)", line)
        if m:
            current = classes.setdefault(m.group(1), set())
            continue
        m = re.match(r"---@field\s+(\[?\w+\]?)\??\s", line)
        if m and current is not None:
            current.add(m.group(1))
            continue
        if not line.startswith("---"):
            current = None
    return classes


def meta_param_type(cls, method, param):
    """The type annotated for PARAM of cls:method in the definitions."""
    m = re.search(r"((?:^---.*\n)+)^function " + re.escape(cls) + ":" + re.escape(method) +
                  r"\(", META_TEXT, re.M)
    if not m:
        return None
    t = re.search(r"^---@param\s+" + re.escape(param) + r"\??\s+(\S+)", m.group(1), re.M)
    return t.group(1) if t else None


def missing(names, pattern):
    return sorted(n for n in names if not re.search(pattern.format(re.escape(n)), META_TEXT,
                                                    re.M))


def case_meta_file_is_valid_lua():
    code, _, err = run("--unsafe", "-e", f"assert(loadfile({META!r}, 't'))", CPEC)
    expect((code, err), (0, ""), "loading the definitions")
    contains(META_TEXT.split("\n")[0], "---@meta", "first line")
    luac = shutil.which("luac5.4") or shutil.which("luac")
    if luac:
        proc = subprocess.run([luac, "-p", META], stderr=subprocess.PIPE, text=True)
        expect((proc.returncode, proc.stderr), (0, ""), "luac -p")


def case_meta_file_names_every_method():
    expect(missing(GRAPH_METHODS, r"^function Graph:{}\("), [], "Graph methods not annotated")
    expect(missing(NODE_METHODS, r"^function Node:{}\("), [], "Node methods not annotated")
    expect(missing(EDGE_METHODS, r"^function Edge:{}\("), [], "Edge methods not annotated")
    expect(missing(MODULE_NAMES - {"null", "text"}, r"^function cpecgraph\.{}\("), [],
           "module functions not annotated")
    contains(MODULE_NAMES, "text", "the module's tables")
    expect(missing(TEXT_NAMES, r"^function cpecgraph\.text\.{}\("), [],
           "cpecgraph.text functions not annotated")
    expect(missing(BUFFER_METHODS, r"^function TextBuffer:{}\("), [],
           "text buffer methods not annotated")
    if len(TEXT_NAMES) < 8 or len(BUFFER_METHODS) < 10:
        raise AssertionError(f"too few names found: {sorted(TEXT_NAMES)} {sorted(BUFFER_METHODS)}")
    classes = meta_classes()
    contains(classes.get("cpecgraph", set()), "null", "fields of the module")


def case_meta_file_names_every_field():
    classes = meta_classes()
    for cls, fixed, where in (("cpecgraph.Graph", fields_of(GRAPH_C, "graph_index"), "graph_index"),
                              ("cpecgraph.Node", field_list(ELEMENT_C, "node_fields"), "node_fields"),
                              ("cpecgraph.Edge", field_list(ELEMENT_C, "edge_fields"), "edge_fields")):
        if not fixed:
            raise AssertionError(f"no fields found in {where}")
        expect(sorted(fixed - classes.get(cls, set())), [], f"fields of {cls} not annotated")


def case_meta_file_names_every_option():
    classes = meta_classes()
    checked = 0
    for source, table, method in sorted((source, table, method)
                                        for source, table in MEASURE_TABLES
                                        for method in lual_reg(source, table)):
        options = allowed_options(method, source, table)
        if not options:
            continue
        param = "opts"
        type_name = meta_param_type("Graph", method, param)
        if type_name is None or type_name not in classes:
            raise AssertionError(f"Graph:{method}: no options class for '{param}' "
                                 f"(got {type_name!r})")
        expect(sorted(options ^ classes[type_name]), [], f"options of {method} vs {type_name}")
        checked += 1
    if checked < 12:
        raise AssertionError(f"only {checked} methods with options found")


def case_meta_file_describes_plugins_and_globals():
    classes = meta_classes()
    expect(sorted({"name", "version", "description", "usage", "args", "run"} -
                  classes.get("cpecgraph.Plugin", set())), [], "plugin fields")
    expect(sorted({"type", "default", "choices", "help"} - classes.get("cpecgraph.ArgSpec", set())),
           [], "argument declaration fields")
    types = re.search(r'static const char \*const arg_types\[\] = \{(.*?)\};',
                      c_source("host/plugins.c")).group(1)
    for t in re.findall(r'"(\w+)"', types):
        contains(META_TEXT, f'"{t}"', "argument types")
    for name in ("graph", "args"):
        if not re.search(rf"^{name} = nil$", META_TEXT, re.M):
            raise AssertionError(f"global '{name}' not declared")


# ---- lua-api.md names everything -------------------------------------------------------------

def case_api_doc_documents_every_function():
    def absent(names, fmt):
        return sorted(n for n in names if fmt.format(n) not in API_TEXT)
    expect(absent(GRAPH_METHODS, "graph:{}"), [], "Graph methods without a mention")
    headings = "\n".join(re.findall(r"^###.*$", API_TEXT, re.M))
    expect(sorted(n for n in GRAPH_METHODS if f"graph:{n}" not in headings), [],
           "Graph methods without a section")
    expect(absent(NODE_METHODS, "n:{}("), [], "Node methods")
    expect(absent(EDGE_METHODS, "e:{}("), [], "Edge methods")
    expect(absent(MODULE_NAMES, "cpecgraph.{}"), [], "module functions")
    for method in GRAPH_METHODS:
        used = re.search(r"graph:" + method + r"\b", "\n".join(c for _, c, _ in EXAMPLES))
        if not used and method not in ("node_count", "edge_count"):
            raise AssertionError(f"no runnable example uses graph:{method}")
    contains(API_TEXT, "workspace.library", "editor support")
    contains(API_TEXT, os.path.basename(META), "editor support")


# ---- the man page ----------------------------------------------------------------------------

MAN_TEXT = read(MAN)


def man_plain(text):
    """The man page source with roff escapes for '-' and fonts removed."""
    text = text.replace("\\-", "-").replace("\\(em", "-")
    return re.sub(r"\\f[BIRP]|\\f\(\w\w|\\&", "", text)


def case_man_page_names_every_option_of_help():
    code, help_text, _ = run("--help")
    expect(code, 0, "--help")
    long_options = set(re.findall(r"(?<![\w-])--([a-z][a-z-]+)", help_text))
    short_options = set(re.findall(r"^\s+-(\w),", help_text, re.M))
    if len(long_options) < 15 or len(short_options) < 8:
        raise AssertionError(f"too few options parsed from --help: {long_options}")
    plain = man_plain(MAN_TEXT)
    expect(sorted(o for o in long_options if f"--{o}" not in plain), [], "long options")
    expect(sorted(o for o in short_options if not re.search(rf"(?<![\w-])-{o}\b", plain)), [],
           "short options")


def case_man_page_states_defaults_and_exit_codes():
    plain = man_plain(MAN_TEXT)
    options_h = c_source("cli/options.h")
    for name in ("CPG_DEFAULT_TIMEOUT_SEC", "CPG_DEFAULT_MEMORY_MB", "CPG_DEFAULT_SEED"):
        value = "%g" % float(re.search(rf"#define {name} ([\d.]+)", options_h).group(1))
        contains(plain, f"default {value}", name)
    codes = set(re.findall(r"CPG_EXIT_\w+ = (\d+)", options_h)) | {"70", "130"}
    section = plain.split(".SH EXIT STATUS", 1)[-1].split(".SH", 1)[0]
    for code in sorted(codes):
        if not re.search(rf"^\.IP {code}\b|^\.TP\n{code}\b", section, re.M):
            raise AssertionError(f"exit status {code} not described")
    for word in ("CPECGRAPH_PATH", "CPECGRAPH_DATADIR", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        contains(plain, word, "ENVIRONMENT")


def case_man_page_has_the_program_version():
    code, out, _ = run("--version")
    expect(code, 0, "--version")
    version = out.split()[1]
    contains(MAN_TEXT.split("\n.TH", 1)[-1].splitlines()[0], f'"cpecgraph {version}"', ".TH")


def case_man_page_renders_without_warnings():
    groff = shutil.which("groff")
    if groff:
        proc = subprocess.run([groff, "-man", "-ww", "-z", MAN], stderr=subprocess.PIPE,
                              text=True)
        expect((proc.returncode, proc.stderr), (0, ""), "groff -man -ww -z")
    man = shutil.which("man")
    if man:
        proc = subprocess.run([man, "--warnings", "-E", "UTF-8", "-l", MAN],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
        expect((proc.returncode, proc.stderr), (0, ""), "man --warnings")
    if not groff and not man:
        print("note: neither groff nor man is installed; the man page was not rendered")


# ---- the README ------------------------------------------------------------------------------

README = os.path.join(ROOT, "README.md")


def readme_examples():
    """The cpecgraph commands of the README's indented blocks: (line, argv, shown output or
    None). A command runs on while its quotes are open; "$ " marks one whose output follows,
    up to the next command or the end of the block."""
    examples, lines = [], open(README, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        text = lines[i][4:] if lines[i].startswith("    ") else None
        shown = text is not None and text.startswith("$ cpecgraph")
        if text is None or not (shown or text.startswith("cpecgraph ")):
            i += 1
            continue
        start, command = i, text[2:] if shown else text
        while True:
            try:
                argv = shlex.split(command, comments=not shown)
                break
            except ValueError:  # an open quote: the command goes on
                i += 1
                command += "\n" + lines[i][4:]
        i += 1
        output = None
        if shown:
            out = []
            while i < len(lines) and lines[i].startswith("    ") and \
                    not lines[i][4:].startswith(("$ ", "cpecgraph ")):
                out.append(lines[i][4:])
                i += 1
            output = "\n".join(out).rstrip() + "\n"
        examples.append((start + 1, argv, output))
    return examples


def runs_here(argv):
    """Whether a README command runs as it is on the bundled graph and the repository's files:
    no pipe or redirection, no output file, no file of the reader's own (my.json)."""
    if any(a in ("|", ">", "<", "-o", "\\") or a.startswith((">", "|", "[")) for a in argv):
        return False  # a pipe, a redirection, an output file, a synopsis ("[OPTIONS]")
    files = [a for a in argv[1:] if re.search(r"\.(json|jsonl|csv|tsv|gml|graphml|gexf|net|dot|"
                                              r"CSV)$", a) and not a.startswith("-")]
    return all(os.path.exists(os.path.join(ROOT, f)) for f in files) and "*" not in " ".join(argv)


def case_prompt_transcripts_print_what_they_show():
    """Issue 18: a ```console block of `$ cpecgraph -i`: the lines after '> ' are fed to the
    prompt, and what it prints must be the other lines."""
    checked = 0
    for info, start, _, body in fenced_blocks(read(API_DOC)):
        lines = body.rstrip("\n").split("\n")
        if info != "console" or not lines[0].startswith("$ cpecgraph -i"):
            continue
        typed = "".join(line[2:] + "\n" for line in lines[1:] if line.startswith("> "))
        shown = "".join(line + "\n" for line in lines[1:] if not line.startswith("> "))
        proc = subprocess.run([BIN, *shlex.split(lines[0][len("$ cpecgraph "):])], input=typed,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=ENV, cwd=ROOT, timeout=60)
        expect((proc.returncode, proc.stderr, proc.stdout), (0, "", shown),
               f"lua-api.md:{start}: the transcript")
        checked += 1
    expect(checked >= 1, True, "prompt transcripts found")


def case_readme_examples_print_what_they_show():
    """Issue 18: the README's first one-liner printed nothing on the bundled graph."""
    examples = readme_examples()
    expect(len(examples) >= 20, True, f"README commands found: {len(examples)}")
    ran = 0
    for line, argv, shown in examples:
        if not runs_here(argv):
            continue
        proc = subprocess.run([BIN, *argv[1:]], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=ENV, cwd=ROOT, timeout=120)
        ran += 1
        where = f"README.md:{line}: {' '.join(argv)[:80]}"
        expect(proc.returncode, 0, f"{where}: exit ({proc.stderr.strip()[:300]})")
        if shown is not None:
            expect(proc.stdout, shown, where)
        else:
            expect(proc.stdout.strip() != "", True, f"{where}: prints nothing")
    expect(ran >= 8, True, f"README commands run: {ran}")


main(globals())
