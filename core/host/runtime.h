/* runtime.h: the host's state, shared by host.c, plugins.c and repl.c, and what runtime.c does
 * with it: the Lua state under its limits, the output sink and protected calls (internal to
 * core/host). */
#ifndef CPECGRAPH_RUNTIME_H
#define CPECGRAPH_RUNTIME_H

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <lauxlib.h>
#include <lua.h>

#include "host.h"

/* One -a [PLUGIN.]KEY=VALUE. */
typedef struct host_arg {
    char *plugin;       /* NULL for a bare KEY */
    char *key;
    const char *value;  /* borrowed from argv */
    bool used;
} host_arg;

struct cpg_host {
    lua_State *L;
    const cpg_host_options *opts;
    cpg_output *out;
    char **dirs;             /* plugin search path, NULL-terminated */
    char **shown_dirs;       /* the same as plugins see them ($HOME/..., not /home/ann/...) */
    host_arg *args;
    int arg_count;
    int plugins_run;         /* --plugin options started so far */
    int chunks_run;          /* -e chunks started so far */
    bool usage_error;        /* the error being raised is the user's (exit 2), not the plugin's */
    size_t mem_used, mem_limit;
    size_t model_base;       /* cpg_memory_held() when the state opened */
    bool mem_exceeded;
    double deadline;         /* monotonic seconds; 0 = none (guarded by watch_lock) */
    bool timed_out;
    volatile sig_atomic_t interrupted;  /* Ctrl-C at the prompt, until the next run starts */
    int lines_read;          /* the prompt's input lines so far, for the line numbers of errors */
    char running[300];       /* what runs now, for the watchdog's message */
    pthread_t watch_thread;
    pthread_t lua_thread;    /* the thread the deadline signal goes to */
    bool signalled;          /* it went, for this deadline (guarded by watch_lock) */
    pthread_mutex_t watch_lock;
    pthread_cond_t watch_cond;
    bool watch_started, watch_quit;
    char *line;              /* the prompt's last input line (C memory) */
    bool warnings_off;       /* Lua's warn("@off") */
    char warning[512];       /* the parts of a Lua warning so far (warn with several args) */
    size_t warning_len;
};

cpg_host *cpg_host_of(lua_State *L);

/* Globals the host sets and reads, raw: a metatable a plugin put on _G must not run code of
 * its outside the time limit. set pops the value; get pushes it and returns its type. */
void cpg_host_set_global(lua_State *L, const char *name);
int cpg_host_get_global(lua_State *L, const char *name);

/* The context of a host entry point run by cpg_host_protected. */
typedef struct host_call {
    cpg_host *h;
    const char *text;  /* a plugin name or a chunk */
    cpg_run result;
} host_call;

/* Runs BODY(ctx as light userdata) protected: every host entry point does its Lua work there,
 * so that a memory error in the glue is an error, not a panic. */
cpg_run cpg_host_protected(cpg_host *h, lua_CFunction body, void *ctx);

/* Calls the function below NARGS arguments with a traceback handler and the limits armed;
 * prints an error as "cpecgraph: WHAT: message", or with WHAT NULL prints nothing and leaves the
 * error (with its traceback) on the stack instead of the results. */
cpg_run cpg_host_pcall(cpg_host *h, int nargs, int nresults, const char *what);
bool cpg_host_time_is_up(cpg_host *h);
/* Stops the code running now with "interrupted" (Ctrl-C at the prompt; safe in a signal
 * handler): the hook of the time limit, and igraph's interruption. True when the code was
 * interrupted already and runs on: the second Ctrl-C of a user who wants out. */
bool cpg_host_interrupt(cpg_host *h);

/* The Lua state, its allocator under the memory limit, the watchdog of the time limit and
 * igraph's interruption handler; false when out of memory. close runs the finalizers under
 * the time limit, then stops the watchdog. */
bool cpg_host_open_state(cpg_host *h);
void cpg_host_close_state(cpg_host *h);

/* print and io.write, into the host's output sink. */
void cpg_host_install_sink(lua_State *L);

/* Makes coroutine.create and coroutine.wrap give their threads the time limit's count hook,
 * when there is a time limit: the deadline's signal reaches the main thread only. */
void cpg_host_arm_coroutines(lua_State *L);

#endif
