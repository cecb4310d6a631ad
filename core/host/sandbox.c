/* sandbox.c: an allow-listed Lua environment in the manner of linit.c and Redis's scripting:
 * what plugins may call is listed here, everything else raises a clear error. */
#include "sandbox.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include <lauxlib.h>
#include <lualib.h>

#include "cpecgraph/lua.h"

/* ---- loading files ---------------------------------------------------------------------- */

typedef struct file_reader {
    FILE *fp;
    char prefix[4];  /* bytes read while looking for a '#' line, given back first */
    size_t prefix_len;
    char buf[BUFSIZ];
} file_reader;

static const char *read_file_block(lua_State *L, void *data, size_t *size)
{
    (void)L;
    file_reader *r = data;
    if (r->prefix_len) {
        *size = r->prefix_len;
        r->prefix_len = 0;
        return r->prefix;
    }
    *size = feof(r->fp) ? 0 : fread(r->buf, 1, sizeof r->buf, r->fp);
    return r->buf;
}

/* Past a UTF-8 byte order mark and a first line that starts with '#', which is given back as
 * a newline so that line numbers stay right. */
static void skip_file_header(file_reader *r)
{
    int c = getc(r->fp);
    if (c == 0xEF && getc(r->fp) == 0xBB && getc(r->fp) == 0xBF)
        c = getc(r->fp);
    else if (c == 0xEF)
        rewind(r->fp), c = getc(r->fp);
    if (c == '#') {
        while ((c = getc(r->fp)) != EOF && c != '\n')
            ;
        r->prefix[r->prefix_len++] = '\n';
    } else if (c != EOF) {
        r->prefix[r->prefix_len++] = (char)c;
    }
}

int cpg_sandbox_load_file(lua_State *L, const char *path, const char *shown)
{
    lua_pushfstring(L, "@%s", shown);
    file_reader *r = lua_newuserdatauv(L, sizeof *r, 0); /* no C resource across a raise */
    r->prefix_len = 0;
    r->fp = fopen(path, "r");
    if (!r->fp) {
        lua_pop(L, 2);
        lua_pushfstring(L, "cannot open %s", shown);
        return LUA_ERRFILE;
    }
    skip_file_header(r);
    int status = lua_load(L, read_file_block, r, lua_tostring(L, -2), "t");
    bool failed = ferror(r->fp);
    fclose(r->fp);
    if (failed && status == LUA_OK) {
        lua_pop(L, 1);
        lua_pushfstring(L, "cannot read %s", shown);
        status = LUA_ERRFILE;
    }
    lua_replace(L, -3);  /* the chunk or message where the name was */
    lua_pop(L, 1);
    return status;
}

/* ---- blocked functions ------------------------------------------------------------------ */

static int blocked(lua_State *L)
{
    return luaL_error(L, "'%s' is not available to plugins (run with --unsafe to allow it)",
                      lua_tostring(L, lua_upvalueindex(1)));
}

static void push_blocked(lua_State *L, const char *qualified_name)
{
    lua_pushstring(L, qualified_name);
    lua_pushcclosure(L, blocked, 1);
}

/* Replaces LIB (a global table) by a table holding only ALLOWED of it; every other function is
 * a blocked stub, so that a plugin learns why instead of calling nil. */
static void restrict_library(lua_State *L, const char *lib, const char *const *allowed)
{
    lua_getglobal(L, lib);
    int original = lua_gettop(L);
    lua_newtable(L);
    for (lua_pushnil(L); lua_next(L, original); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            continue;
        const char *name = lua_tostring(L, -2);
        bool ok = false;
        for (int i = 0; allowed[i] && !ok; i++)
            ok = strcmp(name, allowed[i]) == 0;
        lua_pushvalue(L, -2); /* orig, new, key, value, key */
        if (ok) {
            lua_pushvalue(L, -2);
        } else {
            const char *qualified = lua_pushfstring(L, "%s.%s", lib, name);
            push_blocked(L, qualified);
            lua_remove(L, -2);
        }
        lua_rawset(L, -5);
    }
    /* require("os") and package.loaded.os must give the restricted table too */
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_pushvalue(L, -2);
    lua_setfield(L, -2, lib);
    lua_pop(L, 1);
    lua_setglobal(L, lib);
    lua_pop(L, 1);
}

/* ---- load, text only -------------------------------------------------------------------- */

/* load(chunk [, chunkname [, mode [, env]]]) with the mode forced to "t": a binary chunk can
 * break the VM's invariants, so only source text is accepted. */
static int load_text_only(lua_State *L)
{
    int nargs = lua_gettop(L); /* an absent env differs from a nil one: keep the count */
    lua_settop(L, 4);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushliteral(L, "t");
    if (nargs >= 4)
        lua_pushvalue(L, 4);
    lua_call(L, nargs >= 4 ? 4 : 3, LUA_MULTRET);
    return lua_gettop(L) - 4;
}

/* ---- no finalizers ---------------------------------------------------------------------- */

/* setmetatable refusing __gc: a finalizer runs whenever the collector does, in the middle of
 * any allocation, and could change the graph under a C function that is using it. */
static int setmetatable_without_gc(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "'__gc' finalizers are not available to plugins (run with "
                                 "--unsafe to allow them)");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* ---- getmetatable of handles ---------------------------------------------------------- */

/* Nodes, edges and their attributes are light userdata, which share one metatable: its
 * __metatable field cannot name each kind, so getmetatable does, as for the other classes. */
static int getmetatable_naming_handles(lua_State *L)
{
    const char *name = cpg_lua_handle_class(L, 1);
    if (name) {
        lua_pushstring(L, name);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* ---- coroutine.close, bounded by the C stack ------------------------------------------- */

/* Lua 5.4.4 bounds the C stack by counting C calls, and coroutine.close restarts the count: the
 * __close handlers of a coroutine run from the count it had when it last yielded. Closes nested
 * through such handlers (directly, or each from a deep chain of string.gsub callbacks) overflow
 * the stack (fixed upstream in 5.4.6). So each close first measures the stack itself, from the
 * frame of cpg_sandbox_open, against half of the stack's size limit: the counted calls between
 * two closes (at most LUAI_MAXCCALLS, 200) fit in the other half. Those 200 calls alone need
 * most of a megabyte, so a smaller limit (ulimit -s) is raised to STACK_WANTED where the hard
 * limit allows, and below STACK_NEEDED no Lua runs: an error, not a crash later. */
enum { STACK_WANTED = 8 << 20, STACK_NEEDED = 2 << 20 };
static uintptr_t stack_base;  /* one Lua state per process */
static size_t stack_budget;

static void measure_stack(lua_State *L)
{
    struct rlimit limit;
    size_t size = STACK_WANTED;
    if (getrlimit(RLIMIT_STACK, &limit) == 0 && limit.rlim_cur < STACK_WANTED) {
        rlim_t old = limit.rlim_cur;
        limit.rlim_cur = limit.rlim_max < STACK_WANTED ? limit.rlim_max : STACK_WANTED;
        /* the main thread's stack grows up to it; when refused, the old limit is the budget */
        size = (size_t)(setrlimit(RLIMIT_STACK, &limit) == 0 ? limit.rlim_cur : old);
    }
    if (size < STACK_NEEDED)
        luaL_error(L, "the stack size limit (ulimit -s) is %d KB; Lua needs %d KB",
                   (int)(size >> 10), STACK_NEEDED >> 10);
    stack_base = (uintptr_t)__builtin_frame_address(0);  /* ASan's fake stack is not the stack */
    stack_budget = size / 2;
}

static bool stack_is_spent(void)
{
    uintptr_t here = (uintptr_t)__builtin_frame_address(0);
    return (here < stack_base ? stack_base - here : here - stack_base) > stack_budget;
}

static int close_bounded(lua_State *L)
{
    if (stack_is_spent())
        return luaL_error(L, "C stack overflow (coroutine.close nested too deep)");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

static void bound_coroutine_close(lua_State *L)
{
    lua_getglobal(L, "coroutine");
    lua_getfield(L, -1, "close");
    lua_pushcclosure(L, close_bounded, 1);
    lua_setfield(L, -2, "close");
    lua_pop(L, 1);
}

/* ---- strict globals --------------------------------------------------------------------- */

static int undefined_global(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
    return luaL_error(L, "undefined global");
}

static void make_globals_strict(lua_State *L)
{
    lua_pushglobaltable(L);
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, undefined_global);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_pop(L, 1);
}

/* ---- the environment -------------------------------------------------------------------- */

static void block_global(lua_State *L, const char *name)
{
    push_blocked(L, name);
    lua_setglobal(L, name);
}

#define ORIGINAL_PACKAGE "cpecgraph.package" /* registry key: the table `require` reads */

void cpg_sandbox_open(lua_State *L, bool unsafe)
{
    luaL_openlibs(L);
    lua_getglobal(L, "package");
    lua_setfield(L, LUA_REGISTRYINDEX, ORIGINAL_PACKAGE);
    measure_stack(L);
    bound_coroutine_close(L);
    lua_getglobal(L, "getmetatable");
    lua_pushcclosure(L, getmetatable_naming_handles, 1);
    lua_setglobal(L, "getmetatable");
    if (unsafe)
        return;
    static const char *const os_allowed[] = {"time", "clock", "date", "difftime", NULL};
    static const char *const io_allowed[] = {"write", NULL};
    static const char *const debug_allowed[] = {"traceback", NULL};
    static const char *const package_allowed[] = {"loaded", "preload", "searchers", NULL};
    restrict_library(L, "os", os_allowed);
    restrict_library(L, "io", io_allowed);
    restrict_library(L, "debug", debug_allowed);
    restrict_library(L, "package", package_allowed);
    block_global(L, "dofile");
    block_global(L, "loadfile");
    lua_getglobal(L, "load");
    lua_pushcclosure(L, load_text_only, 1);
    lua_setglobal(L, "load");
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, setmetatable_without_gc, 1);
    lua_setglobal(L, "setmetatable");
    make_globals_strict(L);
}

/* ---- require ---------------------------------------------------------------------------- */

/* A package searcher over the host's module directories only (upvalue 1: a list of dirs;
 * upvalue 2: the same as plugins are shown them), for "a.b" trying DIR/a/b.lua and
 * DIR/a/b/init.lua, loading source text only. Returns the loader, or the list of files tried
 * (built by concatenation at a fixed stack slot), named as shown. */
static int search_module_dirs(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    lua_settop(L, 1);
    luaL_gsub(L, name, ".", "/");            /* 2: the name as a path */
    lua_pushliteral(L, "");                  /* 3: the files tried */
    lua_Integer n = (lua_Integer)lua_rawlen(L, lua_upvalueindex(1));
    for (lua_Integer i = 1; i <= n; i++) {
        static const char *const patterns[] = {"%s/%s.lua", "%s/%s/init.lua"};
        for (int p = 0; p < 2; p++) {
            lua_rawgeti(L, lua_upvalueindex(1), i);
            const char *file = lua_pushfstring(L, patterns[p], lua_tostring(L, -1),
                                               lua_tostring(L, 2));
            lua_remove(L, -2);               /* 4: the file */
            lua_rawgeti(L, lua_upvalueindex(2), i);
            const char *shown = lua_pushfstring(L, patterns[p], lua_tostring(L, -1),
                                                lua_tostring(L, 2));
            lua_remove(L, -2);               /* 5: the file as shown */
            FILE *fp = fopen(file, "r");
            if (fp) {
                fclose(fp);
                if (cpg_sandbox_load_file(L, file, shown) != LUA_OK)
                    return luaL_error(L, "error loading module '%s' from '%s':\n\t%s", name,
                                      shown, lua_tostring(L, -1));
                lua_insert(L, -2);           /* the loader, then the file as shown: its data */
                return 2;
            }
            /* Lua 5.4's require puts "\n\t" between the messages of searchers, not before */
            lua_pushfstring(L, "%sno file '%s'", lua_rawlen(L, 3) ? "\n\t" : "", shown);
            lua_remove(L, -2);
            lua_remove(L, -2);
            lua_concat(L, 2);                /* back to 3 */
        }
    }
    return 1;
}

static void push_list(lua_State *L, const char *const *items)
{
    lua_newtable(L);
    for (int i = 0; items[i]; i++) {
        lua_pushstring(L, items[i]);
        lua_rawseti(L, -2, i + 1);
    }
}

/* Sets the searchers of the package table on top of the stack. */
static void set_searchers(lua_State *L, const char *const *dirs, const char *const *shown)
{
    lua_createtable(L, 2, 0);
    lua_getfield(L, -2, "searchers");
    lua_rawgeti(L, -1, 1); /* the preload searcher stays first */
    lua_rawseti(L, -3, 1);
    lua_pop(L, 1);
    push_list(L, dirs);
    push_list(L, shown);
    lua_pushcclosure(L, search_module_dirs, 2);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, -2, "searchers");
    lua_pushliteral(L, "");
    lua_setfield(L, -2, "cpath");
    /* for reading only: the searcher above ignores package.path, which therefore says where it
     * looks rather than letting a plugin point require at arbitrary files */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; shown[i]; i++) {
        lua_pushfstring(L, "%s%s/?.lua;%s/?/init.lua", i ? ";" : "", shown[i], shown[i]);
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    lua_setfield(L, -2, "path");
}

void cpg_sandbox_set_module_path(lua_State *L, const char *const *dirs,
                                 const char *const *shown)
{
    /* `require` reads the searchers of the original package table (its upvalue), which the
     * sandbox's restricted `package` global only mirrors: set both. */
    lua_getfield(L, LUA_REGISTRYINDEX, ORIGINAL_PACKAGE);
    set_searchers(L, dirs, shown);
    lua_getfield(L, -1, "searchers");
    lua_getfield(L, -2, "path");
    lua_getglobal(L, "package");
    if (lua_istable(L, -1)) {
        lua_pushvalue(L, -3);
        lua_setfield(L, -2, "searchers");
        lua_pushvalue(L, -2);
        lua_setfield(L, -2, "path");
    }
    lua_pop(L, 4);
}

/* ---- a world per plugin ----------------------------------------------------------------- */

/* Plugins share one Lua state, so that the graph passes from one to the next without a copy;
 * what else they share is what one plugin could tamper with to change the next (replace
 * string.format, package.loaded["cpg.format"] or the string metatable's __index). So each
 * plugin runs in a world of its own: the global table, its library tables and theirs
 * (cpecgraph.text, package.searchers), the loaded modules and the string metatable are copies
 * of the main world's, made when the plugin starts; modules it requires load afresh into it. */
/* The registry's key of the main world, {globals, loaded, string metatable, a string}: an
 * address, so that leaving a world allocates nothing (the string is there to set the string
 * metatable on, for the same reason). */
static const char main_world_key;
enum { WORLD_COPY_DEPTH = 3 };  /* the globals, the libraries, their tables */

/* Pushes the copy of the table at IDX (absolute) made for this world, making it first when
 * there is none: MEMO (absolute) maps each original to its copy, so that a table reached
 * twice (_G.string and package.loaded.string) has one copy. */
static void push_world_copy(lua_State *L, int idx, int memo, int depth)
{
    luaL_checkstack(L, 8, "copying the main world");  /* per level of the recursion */
    lua_pushvalue(L, idx);
    if (lua_rawget(L, memo) != LUA_TNIL)
        return;
    lua_pop(L, 1);
    lua_newtable(L);
    int copy = lua_gettop(L);
    lua_pushvalue(L, idx);
    lua_pushvalue(L, copy);
    lua_rawset(L, memo);
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1)) {
        lua_pushvalue(L, -2);
        if (lua_type(L, -2) == LUA_TTABLE && depth > 1) {
            push_world_copy(L, lua_gettop(L) - 1, memo, depth - 1);
        } else {
            lua_pushvalue(L, -2);  /* a table copied elsewhere is its copy here too */
            if (lua_type(L, -1) == LUA_TTABLE && lua_rawget(L, memo) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -2);
            }
        }
        lua_rawset(L, copy);
    }
    if (lua_getmetatable(L, idx)) {  /* the strict-globals metatable, say: a copy too */
        push_world_copy(L, lua_gettop(L), memo, 1);
        lua_setmetatable(L, copy);
        lua_pop(L, 1);
    }
}

/* Keeps the main world's tables in the registry, once. */
static void remember_main_world(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &main_world_key) != LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    lua_createtable(L, 4, 0);
    lua_pushglobaltable(L);
    lua_rawseti(L, -2, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_rawseti(L, -2, 2);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_rawseti(L, -3, 3);
    lua_rawseti(L, -2, 4);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &main_world_key);
}

void cpg_sandbox_enter_world(lua_State *L)
{
    luaL_checkstack(L, 10, "entering a plugin's world");
    remember_main_world(L);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &main_world_key);
    int main = lua_gettop(L);
    lua_newtable(L);
    int memo = lua_gettop(L);
    lua_newtable(L);  /* the world's loaded modules: the libraries only */
    int loaded = lua_gettop(L);
    lua_rawgeti(L, main, 2);
    lua_pushvalue(L, loaded);
    lua_rawset(L, memo);  /* package.loaded is the loaded table itself */
    lua_rawgeti(L, main, 1);
    push_world_copy(L, lua_gettop(L), memo, WORLD_COPY_DEPTH);
    int globals = lua_gettop(L);
    lua_rawgeti(L, main, 2);
    for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        if (lua_rawget(L, memo) != LUA_TNIL)
            lua_rawset(L, loaded);
        else
            lua_pop(L, 2);
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    lua_rawgeti(L, main, 3);
    push_world_copy(L, lua_gettop(L), memo, 1);  /* its __index: the world's string table */
    lua_setmetatable(L, -3);
    lua_pop(L, 2);
    lua_pushvalue(L, globals);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_pushvalue(L, loaded);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
    lua_settop(L, main - 1);
}

void cpg_sandbox_leave_world(lua_State *L)
{
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &main_world_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_rawgeti(L, -1, 1);
    lua_rawseti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS);
    lua_rawgeti(L, -1, 2);
    lua_setfield(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);  /* a key of the registry: interned */
    lua_rawgeti(L, -1, 4);
    lua_rawgeti(L, -2, 3);
    lua_setmetatable(L, -2);
    lua_pop(L, 2);
}
