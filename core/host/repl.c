/* repl.c: the interactive prompt (-i), in the manner of lua.c and IPython: values print as
 * cpg.repr shows them, incomplete statements continue on the next line, Tab completes, help()
 * and ?name tell what a function does, Ctrl-C cancels the line or the running statement, and
 * libedit keeps the history between sessions. */
#include "plugins.h"
#include "runtime.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cpecgraph/lua.h"

#if CPG_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

#define HISTORY_LINES 1000

typedef enum { LINE_READ, LINE_END, LINE_CANCELLED } line_status;

/* The host at the prompt, for the signal handler and the completion callback, which have no
 * user data. */
static cpg_host *prompt_host;

/* A second Ctrl-C while the first has not stopped the code (C code that polls nothing) ends
 * the process, as a shell user expects; what -o was writing is discarded. */
static void on_interrupt(int sig)
{
    (void)sig;
    if (prompt_host && cpg_host_interrupt(prompt_host)) {
        static const char message[] = "\ncpecgraph: interrupted twice: quitting\n";
        ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        cpg_output_emergency_abort(prompt_host->out);
        _exit(130);
    }
}

/* Ctrl-C: while a line is read, without SA_RESTART, so that the read returns and the line is
 * dropped; while code runs, with it, so that a write it interrupts goes on. */
static void catch_interrupt(bool restart)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_interrupt;
    action.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
}

/* ---- history: $XDG_STATE_HOME/cpecgraph/history ----------------------------------------- */

#if CPG_HAVE_LIBEDIT
/* The history file's path (malloc'ed), its folder made if need be; NULL without a home. */
static char *history_path(void)
{
    const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    char dir[4096];
    int len = state && *state == '/' ? snprintf(dir, sizeof dir, "%s/cpecgraph", state)
              : home && *home ? snprintf(dir, sizeof dir, "%s/.local/state/cpecgraph", home)
              : -1;
    if (len < 0 || (size_t)len >= sizeof dir)
        return NULL;  /* no home, or a path too long: the history lasts the session */
    for (char *p = dir + 1; *p; p++) {  /* mkdir -p, private as a shell's history is */
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(dir, 0700);
        *p = '/';
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return NULL;
    size_t size = (size_t)len + sizeof "/history";
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/history", dir);
    return path;
}

/* Adds LINE to the history and saves it at once (a session that is killed keeps it), unless it
 * is empty or the line before again. */
static char *history_file;  /* NULL: history is kept for the session only */
static char *last_remembered;

static void remember(const char *line)
{
    if (!*line || (last_remembered && strcmp(last_remembered, line) == 0))
        return;
    free(last_remembered);
    last_remembered = strdup(line);
    add_history(line);
    if (history_file)
        write_history(history_file);
}
#endif

/* ---- completion ------------------------------------------------------------------------- */

#if CPG_HAVE_LIBEDIT
/* The candidates of one completion, in C memory: readline takes them one by one. */
typedef struct completions {
    const char *text;
    bool in_string;
    char **items;
    size_t count, next;
} completions;

static completions pending;

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs cpg_lua_completions (under lua_pcall: a Lua error must not unwind through libedit)
 * and copies what it gives into PENDING. */
static int collect(lua_State *L)
{
    completions *c = lua_touserdata(L, 1);
    lua_pushcfunction(L, cpg_lua_completions);
    lua_pushstring(L, c->text);
    lua_pushboolean(L, c->in_string);
    lua_call(L, 2, 1);
    size_t n = (size_t)lua_rawlen(L, -1);
    c->items = calloc(n + 1, sizeof *c->items);
    for (size_t i = 0; c->items && i < n; i++) {
        lua_rawgeti(L, -1, (lua_Integer)i + 1);
        if ((c->items[c->count] = strdup(lua_tostring(L, -1))) != NULL)
            c->count++;
        lua_pop(L, 1);
    }
    return 0;
}

static void forget_pending(void)
{
    for (size_t i = pending.next; i < pending.count; i++)
        free(pending.items[i]);
    free(pending.items);
    memset(&pending, 0, sizeof pending);
}

static char *next_candidate(const char *text, int state)
{
    (void)text, (void)state;  /* PENDING knows where it is */
    return pending.next < pending.count ? pending.items[pending.next++] : NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;  /* never file names */
    forget_pending();
    pending.text = text;
    pending.in_string = start > 0 && (rl_line_buffer[start - 1] == '"' ||
                                      rl_line_buffer[start - 1] == '\'');
    lua_State *L = prompt_host->L;
    int top = lua_gettop(L);
    lua_pushcfunction(L, collect);
    lua_pushlightuserdata(L, &pending);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK)
        forget_pending();  /* out of memory: nothing to offer */
    lua_settop(L, top);
    if (pending.count > 1)
        qsort(pending.items, pending.count, sizeof *pending.items, by_text);
    return rl_completion_matches(text, next_candidate);
}
#endif

/* ---- reading statements ----------------------------------------------------------------- */

/* Reads one line into the host's line buffer (C memory only, so that no Lua error can happen
 * while a line from readline is held). */
static line_status read_line(cpg_host *h, bool continued, bool interactive)
{
    const char *prompt = continued ? ">> " : "> ";
    char *line = NULL;
    size_t cap = 0;
    if (interactive)
        catch_interrupt(false);
    h->interrupted = 0;  /* a Ctrl-C that stopped the last statement is not this line's */
#if CPG_HAVE_LIBEDIT
    if (interactive) {
        line = readline(prompt);
        if (line && !h->interrupted)
            remember(line);
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
    bool cancelled = interactive && h->interrupted;
    if (interactive)
        catch_interrupt(true);
    free(h->line);
    h->line = cancelled ? (free(line), NULL) : line;
    h->interrupted = 0;
    if (cancelled)
        return LINE_CANCELLED;
    if (line)
        h->lines_read++;
    return line ? LINE_READ : LINE_END;
}

/* Compiles BUF, whose first line is line FIRST of the input, so that errors name the input's
 * own lines; as "return BUF" when AS_EXPRESSION, so that an expression prints its value. */
static int compile(lua_State *L, const char *buf, int first, bool as_expression)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i < first; i++)
        luaL_addchar(&b, '\n');
    if (as_expression)
        luaL_addstring(&b, "return ");
    luaL_addstring(&b, buf);
    luaL_pushresult(&b);
    size_t len;
    const char *chunk = lua_tolstring(L, -1, &len);
    int status = luaL_loadbufferx(L, chunk, len, "=stdin", "t");
    lua_remove(L, -2);
    return status;
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

/* "?name" or "name?" (IPython's), as help("name"); NULL for any other line. */
static const char *help_request(lua_State *L, const char *line)
{
    size_t len = strlen(line);
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
        len--;
    while (len > 0 && (*line == ' ' || *line == '\t'))
        line++, len--;
    bool before = len > 1 && line[0] == '?', after = len > 1 && line[len - 1] == '?';
    if (before == after)
        return NULL;
    const char *name = line + before;
    size_t name_len = len - 1;
    for (size_t i = 0; i < name_len; i++)
        if (!(name[i] == '_' || name[i] == '.' || name[i] == ':' ||
              (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
              (name[i] >= '0' && name[i] <= '9')))
            return NULL;
    return lua_pushfstring(L, "help(\"%s\")", lua_pushlstring(L, name, name_len));
}

/* Reads lines until they form a chunk (or a real syntax error); pushes the compiled function
 * or the error message. The statement is tried as an expression first at every line, so that
 * an expression spread over lines prints its value too. */
static line_status read_statement(cpg_host *h, bool interactive)
{
    lua_State *L = h->L;
    line_status got = read_line(h, false, interactive);
    if (got != LINE_READ)
        return got;
    int first = h->lines_read;
    const char *help = help_request(L, h->line);
    if (help) {
        compile(L, help, first, false);
        lua_remove(L, -2);
        lua_remove(L, -2);
        return LINE_READ;
    }
    lua_pushstring(L, h->line);
    for (;;) {
        if (compile(L, lua_tostring(L, -1), first, true) == LUA_OK) {
            lua_remove(L, -2);
            return LINE_READ;
        }
        lua_pop(L, 1);
        int status = compile(L, lua_tostring(L, -1), first, false);
        if (!incomplete(L, status)) {
            lua_remove(L, -2); /* the source */
            return LINE_READ;
        }
        got = read_line(h, true, interactive);
        if (got == LINE_END) {  /* the statement never ends: its error ("'end' expected") */
            lua_remove(L, -2);
            return LINE_READ;
        }
        lua_pop(L, 1);
        if (got == LINE_CANCELLED) {
            lua_pop(L, 1);
            return got;
        }
        lua_pushfstring(L, "%s\n%s", lua_tostring(L, -1), h->line);
        lua_remove(L, -2);
    }
}

/* ---- running ---------------------------------------------------------------------------- */

/* Prints the values a statement returned with SHOW (cpg.repr's print, or the sink's print).
 * Printing runs code (a __tostring), which can fail or breach a limit as the statement can:
 * the result says so. */
static cpg_run print_results(cpg_host *h, int base, int show)
{
    lua_State *L = h->L;
    int n = lua_gettop(L) - base;
    if (n <= 0)
        return CPG_RUN_OK;
    lua_pushvalue(L, show);
    lua_insert(L, base + 1);
    return cpg_host_pcall(h, n, 0, "stdin");
}

/* help([x]): prints what cpg_lua_help_text says of X with the print of upvalue 1. */
static int prompt_help(lua_State *L)
{
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushcfunction(L, cpg_lua_help_text);
    lua_pushvalue(L, 1);
    lua_call(L, 1, 1);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    lua_pushlstring(L, text, len > 0 && text[len - 1] == '\n' ? len - 1 : len);
    lua_remove(L, -2);
    lua_call(L, 1, 0);
    return 0;
}

/* Pushes the function that shows results: cpg.repr's print, or plain print if the module
 * cannot be loaded (it says why on stderr). Sets the global help, which prints with print. */
static void push_show(cpg_host *h)
{
    lua_State *L = h->L;
    cpg_host_get_global(L, "print");
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, prompt_help, 1);
    cpg_host_set_global(L, "help");
    cpg_host_get_global(L, "require");
    lua_pushliteral(L, "cpg.repr");
    if (cpg_host_pcall(h, 1, 1, "cpg.repr") != CPG_RUN_OK)
        return;  /* it said why; the plain print shows */
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_getfield(L, -1, "print") == LUA_TFUNCTION) {
        lua_replace(L, -3);  /* over the plain print */
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 2);
}

/* Sets up libedit: completion, and the history of earlier sessions. */
static void open_editor(void)
{
#if CPG_HAVE_LIBEDIT
    rl_readline_name = "cpecgraph";
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = " \t\n\"'`@$><=;|&{(,+-*/%^#~[]})";
    rl_completion_append_character = '\0';
    using_history();
    stifle_history(HISTORY_LINES);
    history_file = history_path();
    if (history_file)
        read_history(history_file);
#endif
}

static void close_editor(void)
{
#if CPG_HAVE_LIBEDIT
    forget_pending();
    free(history_file);
    free(last_remembered);
    history_file = last_remembered = NULL;
#endif
}

static int interactive_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    cpg_host *h = call->h;
    bool interactive = isatty(STDIN_FILENO);
    if (interactive)
        open_editor();
    if (interactive)
        fprintf(stderr, "cpecgraph %s (%s): the graph is in `graph`; help() tells more, Tab "
                "completes, Ctrl-D quits\n", CPG_VERSION, LUA_RELEASE);
    cpg_host_push_raw_args(h);
    cpg_host_set_global(L, "args");
    push_show(h);
    int show = lua_gettop(L);
    /* at a terminal a mistake is just a mistake; fed a script, the run fails, as lua's would */
    bool failed = false;
    call->result = CPG_RUN_OK;
    line_status got;
    while ((got = read_statement(h, interactive)) != LINE_END) {
        if (got == LINE_CANCELLED) {
            fputc('\n', stderr);
            continue;
        }
        int base = lua_gettop(L) - 1;
        if (lua_type(L, -1) == LUA_TSTRING) { /* a syntax error */
            fprintf(stderr, "cpecgraph: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
            failed = true;
            continue;
        }
        cpg_run result = cpg_host_pcall(h, 0, LUA_MULTRET, "stdin");
        if (result == CPG_RUN_OK)
            result = print_results(h, base, show);
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
    prompt_host = h;
    struct sigaction previous;
    sigaction(SIGINT, NULL, &previous);
    cpg_run glue = cpg_host_protected(h, interactive_body, &call);
    sigaction(SIGINT, &previous, NULL);
    close_editor();
    prompt_host = NULL;
    return glue == CPG_RUN_OK ? call.result : glue;
}
