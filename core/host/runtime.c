/* runtime.c: the Lua state of the host and the rules every piece of plugin code runs under:
 * the Lua heap capped by --memory-limit, the wall-clock limit with its hook, igraph's
 * interruption and the watchdog, print and io.write into the output sink, and protected calls
 * that report errors as "cpecgraph: WHAT: message". */
#include "runtime.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpecgraph/diag.h"
#include "cpecgraph/lua.h"
#include "cpecgraph/memory.h"
#include "cpecgraph/status.h"

/* Raised (as a light userdata) when the reader of the output went away: unwinds quietly. */
static char output_closed_marker;

/* The host whose code is running, for igraph's interruption handler, which has no user data. */
static cpg_host *current_host;

cpg_host *cpg_host_of(lua_State *L)
{
    return *(cpg_host **)lua_getextraspace(L);
}

void cpg_host_set_global(lua_State *L, const char *name)
{
    lua_pushglobaltable(L);
    lua_pushstring(L, name);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 2);
}

int cpg_host_get_global(lua_State *L, const char *name)
{
    lua_pushglobaltable(L);
    lua_pushstring(L, name);
    int type = lua_rawget(L, -2);
    lua_remove(L, -2);
    return type;
}

/* ---- memory: the Lua heap, capped by --memory-limit ------------------------------------- */

/* What the model holds beyond what it held when the state opened: strings, columns and graphs
 * that code stored or made, which count against the limit as much as the Lua heap does. */
static size_t model_growth(const cpg_host *h)
{
    size_t held = cpg_memory_held();
    return held > h->model_base ? held - h->model_base : 0;
}

/* lua_Alloc: when PTR is NULL, OSIZE is a type tag, not a size, and must not be counted. A
 * request is refused once the Lua heap and the model's growth together pass the limit: the
 * model's own allocations cannot fail on the limit, so the next of Lua's does. */
static void *host_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    cpg_host *h = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        h->mem_used -= old;
        return NULL;
    }
    if (h->mem_limit && nsize > old &&
        h->mem_used - old + nsize + model_growth(h) > h->mem_limit) {
        h->mem_exceeded = true;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (p)
        h->mem_used = h->mem_used - old + nsize;
    return p;
}

/* ---- time: the wall-clock limit per plugin and per -e ----------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool cpg_host_time_is_up(cpg_host *h)
{
    if (h->deadline > 0 && !h->timed_out && now_seconds() >= h->deadline)
        h->timed_out = true;
    return h->timed_out;
}

/* The hook that stops Lua code once the time is up. No hook runs while there is time (a count
 * hook makes every Lua instruction call it: ten times slower loops); the watchdog sends
 * SIGALRM at the deadline, and the handler sets this hook, as lua.c does on Ctrl-C. Then it fires
 * every few instructions and raises each time, so that a plugin's own pcall cannot swallow the
 * error for long. Coroutines carry a count hook of their own (see arm_coroutines). */
static void time_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    cpg_host *h = cpg_host_of(L);
    if (!h->interrupted && !cpg_host_time_is_up(h))
        return;
    lua_sethook(L, time_hook, LUA_MASKCOUNT | LUA_MASKCALL | LUA_MASKRET, 1);
    luaL_error(L, h->interrupted ? "interrupted" : "time limit exceeded");
}

/* The state whose run the deadline signal interrupts: NULL between runs. */
static lua_State *volatile interrupted_state;

/* The state running code, whatever the limits: what Ctrl-C at the prompt interrupts. */
static lua_State *volatile running_state;

bool cpg_host_interrupt(cpg_host *h)
{
    lua_State *L = running_state;
    bool again = L && h->interrupted;
    h->interrupted = 1;
    if (L)  /* the same hook as the deadline's, which then says "interrupted" */
        lua_sethook(L, time_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
    return again;
}

static void on_deadline(int sig)
{
    (void)sig;
    lua_State *L = interrupted_state;
    if (L)  /* lua_sethook may be called from a signal handler (Lua's manual) */
        lua_sethook(L, time_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* coroutine.create and coroutine.wrap, making threads with a count hook: the deadline signal
 * sets the hook of the main thread only, and a coroutine inherits its creator's hook when it is
 * made. Upvalue 1: the library's own function. */
#define COROUTINE_HOOK_COUNT 1000

static int create_armed(lua_State *L)
{
    lua_Hook old = lua_gethook(L);
    int mask = lua_gethookmask(L), count = lua_gethookcount(L);
    lua_sethook(L, time_hook, LUA_MASKCOUNT, COROUTINE_HOOK_COUNT);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, 1, 0);
    if (lua_gethook(L) == time_hook && lua_gethookmask(L) == LUA_MASKCOUNT)
        lua_sethook(L, old, mask, count);  /* unless the deadline came meanwhile */
    return status == LUA_OK ? 1 : lua_error(L);
}

static void arm_coroutine_function(lua_State *L, const char *name)
{
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, create_armed, 1);
    lua_setfield(L, -2, name);
}

void cpg_host_arm_coroutines(lua_State *L)
{
    cpg_host *h = cpg_host_of(L);
    if (!h->watch_started && !h->opts->interactive)
        return;  /* no time limit, and no Ctrl-C at a prompt, to stop a coroutine */
    lua_getglobal(L, "coroutine");
    arm_coroutine_function(L, "create");
    arm_coroutine_function(L, "wrap");
    lua_pop(L, 1);
}

/* igraph polls this during long computations; IGRAPH_INTERRUPTED makes it return at once.
 * igraph returns without calling the error handler then, so its temporaries are freed here. */
static igraph_error_t igraph_time_check(void *data)
{
    (void)data;
    if (!current_host || (!current_host->interrupted && !cpg_host_time_is_up(current_host)))
        return IGRAPH_SUCCESS;
    IGRAPH_FINALLY_FREE();
    return IGRAPH_INTERRUPTED;
}

/* ---- the watchdog: a backstop for C code that no hook can interrupt --------------------- */

/* At the deadline the watchdog thread sends SIGALRM to the thread running Lua, whose handler
 * sets the time hook. A Lua C function (a pathological pattern match, say) or a blocking call
 * cannot be stopped by the hook: the watchdog waits a grace period more; if the same run is
 * still going it reports the breach, discards a partial -o file, flushes what stdout holds if
 * it can, and ends the process: the output guarantees hold, and the limit cannot be outrun. */
#define WATCHDOG_GRACE_SEC 0.5

static void *watchdog_main(void *arg)
{
    cpg_host *h = arg;
    pthread_mutex_lock(&h->watch_lock);
    while (!h->watch_quit) {
        if (h->deadline <= 0) {
            pthread_cond_wait(&h->watch_cond, &h->watch_lock);
            continue;
        }
        double limit = h->deadline + (h->signalled ? WATCHDOG_GRACE_SEC : 0);
        struct timespec until = {(time_t)limit, (long)((limit - (double)(time_t)limit) * 1e9)};
        bool late = pthread_cond_timedwait(&h->watch_cond, &h->watch_lock, &until) == ETIMEDOUT &&
                    h->deadline > 0 && now_seconds() >= limit;
        if (late && !h->signalled) {
            h->signalled = true;
            pthread_kill(h->lua_thread, SIGALRM);
        } else if (late) {
            dprintf(STDERR_FILENO, "cpecgraph: %s: time limit of %g s exceeded\n", h->running,
                    h->opts->timeout_sec);
            cpg_output_emergency_abort(h->out);
            _exit(CPG_HOST_EXIT_BREACH);
        }
    }
    pthread_mutex_unlock(&h->watch_lock);
    return NULL;
}

static bool start_watchdog(cpg_host *h)
{
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0)
        return false;
    bool ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 &&
              pthread_mutex_init(&h->watch_lock, NULL) == 0 &&
              pthread_cond_init(&h->watch_cond, &attr) == 0;
    pthread_condattr_destroy(&attr);
    /* the watchdog takes no signal: Ctrl-C and the deadline's SIGALRM are the Lua thread's */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    h->watch_started = ok && pthread_create(&h->watch_thread, NULL, watchdog_main, h) == 0;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return h->watch_started;
}

static void stop_watchdog(cpg_host *h)
{
    if (!h->watch_started)
        return;
    pthread_mutex_lock(&h->watch_lock);
    h->watch_quit = true;
    pthread_cond_signal(&h->watch_cond);
    pthread_mutex_unlock(&h->watch_lock);
    pthread_join(h->watch_thread, NULL);
    pthread_cond_destroy(&h->watch_cond);
    pthread_mutex_destroy(&h->watch_lock);
}

static void set_deadline(cpg_host *h, double deadline, const char *what)
{
    if (h->watch_started)
        pthread_mutex_lock(&h->watch_lock);
    h->deadline = deadline;
    h->signalled = false;
    snprintf(h->running, sizeof h->running, "%s", what ? what : "plugin");
    if (h->watch_started) {
        pthread_cond_signal(&h->watch_cond);
        pthread_mutex_unlock(&h->watch_lock);
    }
}

static void start_clock(cpg_host *h, const char *what)
{
    h->timed_out = false;
    h->mem_exceeded = false;
    h->interrupted = 0;
    lua_sethook(h->L, NULL, 0, 0);
    interrupted_state = h->opts->timeout_sec > 0 ? h->L : NULL;
    running_state = h->L;
    set_deadline(h, h->opts->timeout_sec > 0 ? now_seconds() + h->opts->timeout_sec : 0, what);
}

static void stop_clock(cpg_host *h)
{
    set_deadline(h, 0, NULL);
    interrupted_state = NULL;
    running_state = NULL;
    lua_sethook(h->L, NULL, 0, 0);
}

/* ---- output sink: print and io.write ---------------------------------------------------- */

static void sink_write(lua_State *L, const char *s, size_t len)
{
    cpg_host *h = cpg_host_of(L);
    if (cpg_output_write(h->out, s, len))
        return;
    if (cpg_output_error(h->out) == EPIPE) {
        lua_pushlightuserdata(L, &output_closed_marker);
        lua_error(L);
    }
    luaL_error(L, "cannot write the output: %s", strerror(cpg_output_error(h->out)));
}

/* The pieces of one print or io.write call, joined on the C stack: one write to the sink per
 * call, not one per piece (a report of a million rows makes seven pieces a row). */
typedef struct sink_line {
    char buf[4096];
    size_t len;
} sink_line;

static void line_add(lua_State *L, sink_line *line, const char *s, size_t len)
{
    if (line->len + len > sizeof line->buf) {
        sink_write(L, line->buf, line->len);
        line->len = 0;
    }
    if (len > sizeof line->buf) {
        sink_write(L, s, len);
        return;
    }
    memcpy(line->buf + line->len, s, len);
    line->len += len;
}

static int sink_print(lua_State *L)
{
    int n = lua_gettop(L);
    sink_line line;
    line.len = 0;  /* not an initialiser, which would clear the whole buffer on every call */
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            line_add(L, &line, "\t", 1);
        line_add(L, &line, s, len);
        lua_pop(L, 1);
    }
    line_add(L, &line, "\n", 1);
    sink_write(L, line.buf, line.len);
    return 0;
}

static int sink_io_write(lua_State *L)
{
    int n = lua_gettop(L);
    sink_line line;
    line.len = 0;
    for (int i = 1; i <= n; i++) {
        size_t len;
        bool number = lua_type(L, i) == LUA_TNUMBER;
        const char *s = number ? luaL_tolstring(L, i, &len) : luaL_checklstring(L, i, &len);
        line_add(L, &line, s, len);
        if (number)
            lua_pop(L, 1);
    }
    if (line.len)
        sink_write(L, line.buf, line.len);
    return 0;
}

/* ---- protected calls -------------------------------------------------------------------- */

/* Message handler: appends a traceback to the message ("\nstack traceback:" separates them, and
 * only --verbose prints the second part); leaves the quiet-stop marker alone. */
/* True for the error objects that cpecgraph.usage() raises. */
static bool is_usage_error(lua_State *L, int idx)
{
    if (!lua_istable(L, idx) || !lua_getmetatable(L, idx))
        return false;
    luaL_getmetatable(L, CPG_LUA_USAGE_ERROR);
    bool usage = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return usage;
}

/* MSG, and when it is Lua's "attempt to call a nil value (method 'neighbours')" for a name
 * close to a method of graphs, nodes or edges, the hint (did you mean 'neighbors'?), pushed. */
static const char *with_method_hint(lua_State *L, const char *msg)
{
    const char *at = strstr(msg, "attempt to call a nil value (method '");
    if (!at)
        return msg;
    at += strlen("attempt to call a nil value (method '");
    char name[64];
    size_t len = strcspn(at, "'");
    if (len >= sizeof name)
        return msg;
    memcpy(name, at, len);
    name[len] = '\0';
    const char *best = cpg_lua_nearest_method(name);
    return best && strcmp(best, name) != 0
               ? lua_pushfstring(L, "%s (did you mean '%s'?)", msg, best) : msg;
}

static int message_handler(lua_State *L)
{
    if (lua_touserdata(L, 1) == &output_closed_marker || is_usage_error(L, 1))
        return 1;
    const char *msg = lua_tostring(L, 1);
    if (!msg)
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    msg = with_method_hint(L, msg);
    luaL_traceback(L, L, msg, 1);
    return 1;
}

static cpg_run report_limit(cpg_host *h, const char *what)
{
    if (h->interrupted)
        fprintf(stderr, "cpecgraph: %s: interrupted\n", what);
    else if (h->timed_out)
        fprintf(stderr, "cpecgraph: %s: time limit of %g s exceeded\n", what, h->opts->timeout_sec);
    else
        fprintf(stderr, "cpecgraph: %s: memory limit of %g MB exceeded\n", what,
                h->opts->memory_mb);
    return CPG_RUN_FAILED;
}

/* igraph's warnings (a non-converging eigenvector, a DAG's zero eigenvector) flag a measure
 * that may mislead: shown unless --quiet, a line each. */
static void report_igraph_warnings(const cpg_host *h, const char *what)
{
    const char *warnings = cpg_igraph_take_warnings();
    for (const char *w = warnings; w && what && h->opts->verbosity >= 0 && *w;) {
        size_t len = strcspn(w, "\n");
        fprintf(stderr, "cpecgraph: %s: warning: %.*s\n", what, (int)len, w);
        w += len + (w[len] == '\n');
    }
}

/* Prints the error on top of the stack as "cpecgraph: WHAT: message" and classifies it. */
static cpg_run report_error(cpg_host *h, const char *what)
{
    lua_State *L = h->L;
    if (lua_touserdata(L, -1) == &output_closed_marker)
        return CPG_RUN_STOPPED;
    if (cpg_output_error(h->out) && cpg_output_error(h->out) != EPIPE) {
        fprintf(stderr, "cpecgraph: %s: cannot write the output: %s\n", what,
                strerror(cpg_output_error(h->out)));
        return CPG_RUN_OUTPUT;
    }
    if (h->interrupted || h->timed_out || h->mem_exceeded)
        return report_limit(h, what);
    if (is_usage_error(L, -1)) {
        lua_pushliteral(L, "usage"); /* raw: the clock is stopped, no plugin code may run */
        lua_rawget(L, -2);
        fprintf(stderr, "cpecgraph: %s: %s\n", what,
                lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "bad usage");
        lua_pop(L, 1);
        return CPG_RUN_USAGE;
    }
    const char *msg = lua_tostring(L, -1);
    const char *trace = msg ? strstr(msg, "\nstack traceback:") : NULL;
    if (!msg)
        msg = "(error object is not a string)";
    int len = trace && h->opts->verbosity <= 0 ? (int)(trace - msg) : (int)strlen(msg);
    size_t what_len = strlen(what);
    bool placed = strncmp(msg, what, what_len) == 0 && msg[what_len] == ':'; /* "-e:1: ..." */
    fprintf(stderr, "cpecgraph: %s%s", placed ? "" : what, placed ? "" : ": ");
    cpg_fputs_visible(stderr, msg, (size_t)len);  /* it may quote an id of a hostile file */
    fputc('\n', stderr);
    return CPG_RUN_FAILED;
}

cpg_run cpg_host_protected(cpg_host *h, lua_CFunction body, void *ctx)
{
    lua_State *L = h->L;
    lua_pushcfunction(L, body);
    lua_pushlightuserdata(L, ctx);
    int status = lua_pcall(L, 1, 0, 0);
    if (status == LUA_OK)
        return CPG_RUN_OK;
    /* the host's own glue fails here: for want of memory, or a plugin table it cannot read */
    const char *msg = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "out of memory";
    if (h->mem_exceeded)
        fprintf(stderr, "cpecgraph: memory limit of %g MB exceeded\n", h->opts->memory_mb);
    else
        fprintf(stderr, "cpecgraph: %s\n", msg);
    lua_pop(L, 1);
    return CPG_RUN_FAILED;
}

cpg_run cpg_host_pcall(cpg_host *h, int nargs, int nresults, const char *what)
{
    lua_State *L = h->L;
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, message_handler);
    lua_insert(L, base);
    start_clock(h, what);
    current_host = h;
    int status = lua_pcall(L, nargs, nresults, base);
    current_host = NULL;
    stop_clock(h);
    lua_remove(L, base);
    report_igraph_warnings(h, what);
    if (status == LUA_OK && (h->interrupted || h->timed_out || h->mem_exceeded)) {
        /* the plugin caught the error with its own pcall: the breach still fails the run */
        lua_settop(L, base - 1);
        if (what)
            return report_limit(h, what);
        lua_pushstring(L, h->interrupted ? "interrupted"
                          : h->timed_out ? "time limit exceeded" : "memory limit exceeded");
        return CPG_RUN_FAILED;
    }
    if (status == LUA_OK)
        return CPG_RUN_OK;
    if (!what) /* the caller reads the error on the stack */
        return CPG_RUN_FAILED;
    if (status == LUA_ERRMEM && !h->mem_exceeded) {
        fprintf(stderr, "cpecgraph: %s: out of memory\n", what);
        lua_pop(L, 1);
        return CPG_RUN_FAILED;
    }
    cpg_run result = report_error(h, what);
    lua_pop(L, 1);
    return result;
}

/* ---- opening and closing ---------------------------------------------------------------- */

/* ---- stderr: logs and warnings ---------------------------------------------------------- */

/* Writes the arguments from FIRST on (strings and numbers) to stderr, with what they quote of
 * a file made visible. */
static void stderr_write_args(lua_State *L, int first)
{
    for (int i = first; i <= lua_gettop(L); i++) {
        size_t len;
        const char *s = lua_type(L, i) == LUA_TNUMBER ? luaL_tolstring(L, i, &len)
                                                       : luaL_checklstring(L, i, &len);
        cpg_fputs_visible(stderr, s, len);
        if (lua_type(L, i) == LUA_TNUMBER)
            lua_pop(L, 1);
    }
}

/* cpecgraph.log(fmt, ...): a line on stderr, string.format'ed (upvalue 1), that the output
 * does not carry; --quiet silences it. */
static int stderr_log(lua_State *L)
{
    luaL_checkstring(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    if (cpg_host_of(L)->opts->verbosity >= 0) {
        stderr_write_args(L, 1);
        fputc('\n', stderr);
    }
    return 0;
}

/* io.stderr:write(...) in the sandbox, which has no files: stderr itself; returns the
 * object, as a file's write does. */
static int stderr_object_write(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    stderr_write_args(L, 2);
    lua_settop(L, 1);
    return 1;
}

/* Lua's warn(): "cpecgraph: warning: ..." on stderr unless --quiet or warn("@off"); the parts
 * of one warning (warn("a", "b")) are joined. */
static void host_warning(void *data, const char *msg, int tocont)
{
    cpg_host *h = data;
    if (!tocont && h->warning_len == 0 && msg[0] == '@') {  /* a control message */
        if (strcmp(msg, "@on") == 0 || strcmp(msg, "@off") == 0)
            h->warnings_off = msg[2] == 'f';
        return;
    }
    size_t room = sizeof h->warning - 1 - h->warning_len, len = strlen(msg);
    memcpy(h->warning + h->warning_len, msg, len < room ? len : room);
    h->warning_len += len < room ? len : room;
    if (tocont)
        return;
    if (!h->warnings_off && h->opts->verbosity >= 0) {
        fputs("cpecgraph: warning: ", stderr);
        cpg_fputs_visible(stderr, h->warning, h->warning_len);
        fputc('\n', stderr);
    }
    h->warning_len = 0;
}

void cpg_host_install_sink(lua_State *L)
{
    lua_pushcfunction(L, sink_print);
    lua_setglobal(L, "print");
    lua_getglobal(L, "io");
    lua_pushcfunction(L, sink_io_write);
    lua_setfield(L, -2, "write");
    if (!cpg_host_of(L)->opts->unsafe) {  /* --unsafe code has the real one */
        lua_createtable(L, 0, 1);
        lua_pushcfunction(L, stderr_object_write);
        lua_setfield(L, -2, "write");
        lua_setfield(L, -2, "stderr");
    }
    lua_pop(L, 1);
    lua_getglobal(L, "cpecgraph");
    lua_getglobal(L, "string");
    lua_getfield(L, -1, "format");
    lua_pushcclosure(L, stderr_log, 1);
    lua_setfield(L, -3, "log");
    lua_pop(L, 2);
    lua_setwarnf(L, host_warning, cpg_host_of(L));
}

/* The handler of the deadline signal; SA_RESTART, so that a write it interrupts goes on. */
static bool catch_deadline_signal(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_deadline;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(SIGALRM, &action, NULL) == 0;
}

bool cpg_host_open_state(cpg_host *h)
{
    h->mem_limit = (size_t)ceil(h->opts->memory_mb * 1024 * 1024); /* the CLI bounds it */
    h->model_base = cpg_memory_held();
    h->L = lua_newstate(host_alloc, h);
    h->lua_thread = pthread_self();
    if (!h->L || (h->opts->timeout_sec > 0 && (!catch_deadline_signal() || !start_watchdog(h))))
        return false;
    *(cpg_host **)lua_getextraspace(h->L) = h;
    lua_atpanic(h->L, NULL);
    igraph_set_interruption_handler(igraph_time_check);
    return true;
}

void cpg_host_close_state(cpg_host *h)
{
    if (h->L) {
        start_clock(h, "cleanup"); /* finalizers of --unsafe code run here, under the limit */
        lua_close(h->L);
        h->L = NULL;
    }
    stop_watchdog(h);
}
