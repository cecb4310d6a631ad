/* repl.c: the interactive prompt (-i), in the manner of lua.c: expressions print their values,
 * incomplete statements continue on the next line, libedit gives editing and history. */
#include "plugins.h"
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

#if CPG_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

/* Reads one line into the host's line buffer (C memory only, so that no Lua error can happen
 * while a line from readline is held). False at end of input. */
static bool read_line(cpg_host *h, bool continued, bool interactive)
{
    const char *prompt = continued ? ">> " : "> ";
    char *line = NULL;
    size_t cap = 0;
#if CPG_HAVE_LIBEDIT
    if (interactive) {
        line = readline(prompt);
        if (line && *line)
            add_history(line);
    } else
#endif
    {
        if (interactive) {
            fputs(prompt, stdout);
            fflush(stdout);
        }
        ssize_t n = getline(&line, &cap, stdin);
        if (n < 0) {
            free(line);
            line = NULL;
        } else if (n > 0 && line[n - 1] == '\n') {
            line[n - 1] = '\0';
        }
    }
    free(h->line);
    h->line = line;
    return line != NULL;
}

/* Compiles the chunk in BUF: first as "return BUF" so that expressions print their values. */
static int compile(lua_State *L, const char *buf, bool first_line)
{
    if (first_line) {
        const char *ret = lua_pushfstring(L, "return %s;", buf);
        int status = luaL_loadbufferx(L, ret, strlen(ret), "=stdin", "t");
        lua_remove(L, -2);
        if (status == LUA_OK)
            return LUA_OK;
        lua_pop(L, 1);
    }
    return luaL_loadbufferx(L, buf, strlen(buf), "=stdin", "t");
}

/* True when the syntax error on top says the chunk merely ended too early. */
static bool incomplete(lua_State *L, int status)
{
    if (status != LUA_ERRSYNTAX)
        return false;
    size_t len;
    const char *msg = lua_tolstring(L, -1, &len);
    return len >= 5 && strcmp(msg + len - 5, "<eof>") == 0;
}

/* Reads lines until they form a chunk (or a real syntax error); pushes the compiled function.
 * False at end of input. */
static bool read_statement(cpg_host *h, bool interactive)
{
    lua_State *L = h->L;
    if (!read_line(h, false, interactive))
        return false;
    lua_pushstring(L, h->line);
    for (bool first = true;; first = false) {
        int status = compile(L, lua_tostring(L, -1), first);
        if (!incomplete(L, status)) {
            lua_remove(L, -2); /* the source */
            return true;
        }
        lua_pop(L, 1);
        if (!read_line(h, true, interactive))
            return false;
        lua_pushfstring(L, "%s\n%s", lua_tostring(L, -1), h->line);
        lua_remove(L, -2);
    }
}

/* Prints the values a statement returned, with the sink's print. Printing runs code (a
 * __tostring), which can fail or breach a limit as the statement can: the result says so. */
static cpg_run print_results(cpg_host *h, int base)
{
    lua_State *L = h->L;
    int n = lua_gettop(L) - base;
    if (n <= 0)
        return CPG_RUN_OK;
    cpg_host_get_global(L, "print");
    lua_insert(L, base + 1);
    return cpg_host_pcall(h, n, 0, "stdin");
}

static int interactive_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    cpg_host *h = call->h;
    bool interactive = isatty(STDIN_FILENO);
    if (interactive)
        fprintf(stderr, "cpecgraph %s (%s): the graph is in `graph`; Ctrl-D quits\n",
                CPG_VERSION, LUA_RELEASE);
    cpg_host_push_raw_args(h);
    cpg_host_set_global(L, "args");
    /* at a terminal a mistake is just a mistake; fed a script, the run fails, as lua's would */
    bool failed = false;
    call->result = CPG_RUN_OK;
    while (read_statement(h, interactive)) {
        int base = lua_gettop(L) - 1;
        if (lua_type(L, -1) == LUA_TSTRING) { /* a syntax error */
            fprintf(stderr, "cpecgraph: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
            failed = true;
            continue;
        }
        cpg_run result = cpg_host_pcall(h, 0, LUA_MULTRET, "stdin");
        if (result == CPG_RUN_OK)
            result = print_results(h, base);
        lua_settop(L, base);
        failed = failed || result != CPG_RUN_OK;
        if (result == CPG_RUN_STOPPED || result == CPG_RUN_OUTPUT) {
            call->result = result;
            break;
        }
    }
    if (failed && !interactive && call->result == CPG_RUN_OK)
        call->result = CPG_RUN_FAILED;
    if (interactive)
        fputc('\n', stderr);
    return 0;
}

cpg_run cpg_host_interactive(cpg_host *h)
{
    host_call call = {h, NULL, CPG_RUN_FAILED};
    cpg_run glue = cpg_host_protected(h, interactive_body, &call);
    return glue == CPG_RUN_OK ? call.result : glue;
}
