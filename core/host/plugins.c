/* plugins.c: plugin lookup on the search path, plugin arguments (-a), running a plugin, and
 * --list-plugins / --plugin-help. */
#include "plugins.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cpecgraph/lua.h"
#include "paths.h"
#include "sandbox.h"
#include "suggest.h"

/* ---- the search path -------------------------------------------------------------------- */

/* Adds DIR (LEN bytes) to the search path, shown to plugins as SHOWN (a printf format taking
 * the part of DIR after the PREFIX bytes that SHOWN names): sandboxed code has no environment,
 * and must not learn it from package.path or require's messages either. */
static bool add_dir(cpg_host *h, size_t *count, const char *dir, size_t len, const char *shown,
                    size_t prefix)
{
    char **dirs = realloc(h->dirs, (*count + 2) * sizeof *dirs);
    if (dirs)
        h->dirs = dirs;
    char **names = dirs ? realloc(h->shown_dirs, (*count + 2) * sizeof *names) : NULL;
    if (!names)
        return false;
    h->shown_dirs = names;
    if (prefix > len)
        prefix = len;  /* a path cut short by its buffer: the variable stands for all of it */
    dirs[*count] = strndup(dir, len);
    int size = snprintf(NULL, 0, shown, (int)(len - prefix), dir + prefix);
    names[*count] = size < 0 ? NULL : malloc((size_t)size + 1);
    if (names[*count])
        snprintf(names[*count], (size_t)size + 1, shown, (int)(len - prefix), dir + prefix);
    dirs[*count + 1] = names[*count + 1] = NULL;
    (*count)++;
    return dirs[*count - 1] && names[*count - 1];
}

/* The bundled directory as plugins see it: under $HOME when it is (a checkout, say). */
static bool add_bundled_dir(cpg_host *h, size_t *count, const char *home)
{
    const char *dir = cpg_paths_plugindir();
    size_t home_len = home ? strlen(home) : 0;
    bool under_home = home_len > 1 && strncmp(dir, home, home_len) == 0 && dir[home_len] == '/';
    return add_dir(h, count, dir, strlen(dir), under_home ? "$HOME%.*s" : "%.*s",
                   under_home ? home_len : 0);
}

/* CPECGRAPH_PATH (colon-separated), the user's plugin directory, the bundled plugins. */
bool cpg_host_init_dirs(cpg_host *h)
{
    size_t count = 0;
    h->dirs = calloc(1, sizeof *h->dirs);
    h->shown_dirs = calloc(1, sizeof *h->shown_dirs);
    bool ok = h->dirs && h->shown_dirs;
    const char *env = getenv("CPECGRAPH_PATH");
    bool several = env && strchr(env, ':');
    for (const char *p = env; ok && p && *p;) {
        size_t len = strcspn(p, ":");
        char shown[48];
        snprintf(shown, sizeof shown, several ? "$CPECGRAPH_PATH[%zu]%%.*s"
                                              : "$CPECGRAPH_PATH%%.*s", count + 1);
        if (len)
            ok = add_dir(h, &count, p, len, shown, len);
        p += len + (p[len] == ':');
    }
    char user[4096];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && *xdg)
        snprintf(user, sizeof user, "%s/cpecgraph/plugins", xdg);
    else
        snprintf(user, sizeof user, "%s/.local/share/cpecgraph/plugins", home ? home : "");
    if (ok && (xdg || home))
        ok = xdg && *xdg
                 ? add_dir(h, &count, user, strlen(user), "$XDG_DATA_HOME%.*s", strlen(xdg))
                 : add_dir(h, &count, user, strlen(user), "$HOME%.*s", home ? strlen(home) : 0);
    return ok && add_bundled_dir(h, &count, home);
}

void cpg_host_free_dirs(cpg_host *h)
{
    for (size_t i = 0; h->dirs && h->dirs[i]; i++)
        free(h->dirs[i]);
    for (size_t i = 0; h->shown_dirs && h->shown_dirs[i]; i++)
        free(h->shown_dirs[i]);
    free(h->dirs);
    free(h->shown_dirs);
    h->dirs = h->shown_dirs = NULL;
}

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The file of plugin NAME: NAME itself when it is a file, else NAME or NAME.lua in the first
 * directory of the search path that has it. The caller frees the result; NULL if none. */
static char *find_plugin(const cpg_host *h, const char *name)
{
    if (is_regular_file(name))
        return strdup(name);
    if (strchr(name, '/'))
        return NULL;
    for (size_t i = 0; h->dirs[i]; i++) {
        char *path = cpg_paths_join(h->dirs[i], name);
        if (path && is_regular_file(path))
            return path;
        free(path);
        size_t size = strlen(h->dirs[i]) + strlen(name) + 6;
        path = malloc(size);
        if (path)
            snprintf(path, size, "%s/%s.lua", h->dirs[i], name);
        if (path && is_regular_file(path))
            return path;
        free(path);
    }
    return NULL;
}

/* "centrality" for ".../centrality.lua", in a buffer of the caller's. */
static const char *plugin_stem(const char *path, char *buf, size_t size)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 4 && strcmp(base + len - 4, ".lua") == 0)
        len -= 4;
    snprintf(buf, size, "%.*s", (int)len, base);
    return buf;
}

/* ---- arguments -------------------------------------------------------------------------- */

bool cpg_host_parse_args(cpg_host *h)
{
    h->args = calloc((size_t)h->opts->arg_count + 1, sizeof *h->args);
    if (!h->args)
        return false;
    for (int i = 0; i < h->opts->arg_count; i++) {
        const char *item = h->opts->args[i], *eq = strchr(item, '=');
        const char *dot = NULL; /* the last dot before '=' separates PLUGIN from KEY */
        for (const char *p = item; p < eq; p++)
            if (*p == '.')
                dot = p;
        host_arg *a = &h->args[h->arg_count++];
        a->plugin = dot ? strndup(item, (size_t)(dot - item)) : NULL;
        a->key = dot ? strndup(dot + 1, (size_t)(eq - dot - 1)) : strndup(item, (size_t)(eq - item));
        a->value = eq + 1;
        if (!a->key || (dot && !a->plugin)) {
            fprintf(stderr, "cpecgraph: out of memory\n");
            return false;
        }
    }
    return true;
}

void cpg_host_free_args(cpg_host *h)
{
    for (int i = 0; i < h->arg_count; i++) {
        free(h->args[i].plugin);
        free(h->args[i].key);
    }
    free(h->args);
    h->args = NULL;
    h->arg_count = 0;
}

/* True when argument A is addressed to the plugin known by any of NAMES. */
static bool arg_targets(const host_arg *a, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (a->plugin && strcmp(a->plugin, names[i]) == 0)
            return true;
    return false;
}

/* {KEY = "VALUE"}: the bare arguments (and those addressed to NAMES, if given) as strings, for
 * plain scripts, -e and the prompt, which declare nothing. */
static void push_raw_args_for(cpg_host *h, const char *const *names, bool mark_used)
{
    lua_newtable(h->L);
    for (int i = 0; i < h->arg_count; i++) {
        host_arg *a = &h->args[i];
        if (a->plugin && !(names && arg_targets(a, names)))
            continue;
        a->used = a->used || mark_used;
        lua_pushstring(h->L, a->value);
        lua_setfield(h->L, -2, a->key);
    }
}

void cpg_host_push_raw_args(cpg_host *h)
{
    push_raw_args_for(h, NULL, true);
}

cpg_run cpg_host_check_unused_args(cpg_host *h)
{
    for (int i = 0; i < h->arg_count; i++) {
        const host_arg *a = &h->args[i];
        if (a->used)
            continue;
        if (a->plugin)
            fprintf(stderr, "cpecgraph: --arg %s.%s: no plugin '%s' was run\n", a->plugin, a->key,
                    a->plugin);
        else
            fprintf(stderr, "cpecgraph: --arg %s: no plugin that was run declares '%s'\n", a->key,
                    a->key);
        return CPG_RUN_USAGE;
    }
    return CPG_RUN_OK;
}

/* ---- argument declarations and conversion ----------------------------------------------- */

static const char *const arg_types[] = {"string", "number", "integer", "boolean", "list", NULL};

/* A bad value or an unknown key on the command line: a usage error (exit 2). */
static int usage_error(lua_State *L, const char *fmt, ...)
{
    cpg_host_of(L)->usage_error = true;
    va_list ap;
    va_start(ap, fmt);
    lua_pushvfstring(L, fmt, ap);
    va_end(ap);
    return lua_error(L);
}

/* Pushes field KEY of the plugin's table at IDX, raw: a plugin's metamethods must not run in
 * the host's code, outside the time limit. */
static int raw_field(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Pushes a list of the string keys of the table at IDX, sorted (in C: the global table.sort is
 * the plugin's to replace). */
static void push_sorted_keys(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    size_t n = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
        n += lua_type(L, -2) == LUA_TSTRING;
    const char **keys = lua_newuserdatauv(L, (n + 1) * sizeof *keys, 0);
    size_t k = 0;
    for (lua_pushnil(L); lua_next(L, idx); lua_pop(L, 1))
        if (lua_type(L, -2) == LUA_TSTRING && k < n)
            keys[k++] = lua_tostring(L, -2); /* anchored by the table */
    qsort(keys, k, sizeof *keys, by_name);
    lua_createtable(L, (int)k, 0);
    for (size_t i = 0; i < k; i++) {
        lua_pushstring(L, keys[i]);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_remove(L, -2);
}

/* Text for the value at IDX without running any metamethod of the plugin's: strings, numbers
 * and booleans as themselves, anything else by its type. Pushed. */
static const char *push_plain_text(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TSTRING:
        lua_pushvalue(L, idx);
        break;
    case LUA_TNUMBER:
        lua_pushvalue(L, idx);
        lua_tostring(L, -1); /* converts the copy */
        break;
    case LUA_TBOOLEAN:
        lua_pushstring(L, lua_toboolean(L, idx) ? "true" : "false");
        break;
    default:
        lua_pushfstring(L, "(%s)", luaL_typename(L, idx));
    }
    return lua_tostring(L, -1);
}

/* "a, b, c": the values of the list at IDX as plain text, pushed. */
static const char *push_joined(lua_State *L, int idx)
{
    idx = lua_absindex(L, idx);
    lua_pushliteral(L, "");
    lua_Integer n = (lua_Integer)lua_rawlen(L, idx);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, i);
        push_plain_text(L, -1);
        lua_remove(L, -2);
        if (i < n)
            lua_pushliteral(L, ", ");
        lua_concat(L, i < n ? 3 : 2);
    }
    return lua_tostring(L, -1);
}

/* Checks the string at VALUE against the "choices" of the declaration at SPEC, if it has any. */
static void check_choice(lua_State *L, int spec, int value, const char *key, bool from_user)
{
    if (raw_field(L, spec, "choices") != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    int choices = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, choices);
    for (lua_Integer i = 1; i <= n; i++) {
        bool same = lua_rawgeti(L, choices, i) == LUA_TSTRING && lua_rawequal(L, -1, value);
        lua_pop(L, 1);
        if (same) {
            lua_pop(L, 1);
            return;
        }
    }
    const char *fmt = "argument '%s': '%s' is not one of: %s";
    if (from_user)
        usage_error(L, fmt, key, lua_tostring(L, value), push_joined(L, choices));
    luaL_error(L, fmt, key, lua_tostring(L, value), push_joined(L, choices));
}

/* "a, b ,c" -> {"a", "b", "c"}: comma-separated, spaces trimmed, empty items dropped. */
/* A quoted item of a list at TEXT (after its opening quote), as CSV quotes: "" is a quote;
 * pushed, and the text after its closing quote returned; NULL when it has none. */
static const char *push_quoted(lua_State *L, const char *text)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (;; text++) {
        if (!*text)
            return NULL;
        if (*text == '"' && text[1] != '"')
            break;
        text += *text == '"';  /* "" */
        luaL_addchar(&b, *text);
    }
    luaL_pushresult(&b);
    return text + 1;
}

/* Pushes the items of TEXT, separated by commas, spaces around each trimmed; an item in
 * double quotes may hold commas ("Washington, D.C."). False (with a partial table) when a
 * quote is not closed or text follows one. */
static bool push_list(lua_State *L, const char *text)
{
    lua_newtable(L);
    lua_Integer n = 0;
    while (*text) {
        text += strspn(text, " \t");
        if (*text == '"') {
            if (!(text = push_quoted(L, text + 1)))
                return false;
            lua_rawseti(L, -2, ++n);
            text += strspn(text, " \t");
            if (*text && *text != ',')
                return false;
            text += *text == ',';
            continue;
        }
        size_t len = strcspn(text, ",");
        const char *end = text + len;
        while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end > text) {
            lua_pushlstring(L, text, (size_t)(end - text));
            lua_rawseti(L, -2, ++n);
        }
        text += len + (text[len] == ',');
    }
    return true;
}

static bool parse_boolean(const char *text, bool *value)
{
    static const char *const yes[] = {"true", "yes", "on", "1", NULL};
    static const char *const no[] = {"false", "no", "off", "0", NULL};
    for (int i = 0; yes[i]; i++) {
        if (strcmp(text, yes[i]) == 0)
            return *value = true;
        if (strcmp(text, no[i]) == 0)
            return !(*value = false);
    }
    return false;
}

/* Pushes TEXT converted to TYPE, or raises a usage error naming KEY. */
static void convert_text(lua_State *L, int spec, const char *type, const char *key,
                         const char *text)
{
    bool flag = false;
    if (strcmp(type, "string") == 0) {
        lua_pushstring(L, text);
        check_choice(L, spec, lua_gettop(L), key, true);
    } else if (strcmp(type, "list") == 0) {
        if (!push_list(L, text))
            usage_error(L, "argument '%s': '%s' has a quote that is not closed, or text after "
                        "one (a list item with commas is written \"a, b\")", key, text);
        for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            check_choice(L, spec, lua_gettop(L), key, true);
            lua_pop(L, 1);
        }
    } else if (strcmp(type, "boolean") == 0) {
        if (!parse_boolean(text, &flag))
            usage_error(L, "argument '%s': '%s' is not a boolean (true/false, yes/no, on/off, "
                        "1/0)", key, text);
        lua_pushboolean(L, flag);
    } else if (!lua_stringtonumber(L, text)) {
        usage_error(L, "argument '%s': '%s' is not a%s", key, text,
                    type[0] == 'i' ? "n integer" : " number");
    } else if (type[0] == 'i' && !lua_isinteger(L, -1)) {
        lua_Integer i = 0;
        if (!lua_numbertointeger(lua_tonumber(L, -1), &i) || lua_tonumber(L, -1) != (lua_Number)i)
            usage_error(L, "argument '%s': '%s' is not an integer", key, text);
        lua_pop(L, 1);
        lua_pushinteger(L, i);
    }
}

/* Pushes the default of the declaration at SPEC, checked against TYPE (a plugin bug if not). */
static void push_default(lua_State *L, int spec, const char *type, const char *key)
{
    int t = raw_field(L, spec, "default");
    if (t == LUA_TNIL)
        return;
    if (strcmp(type, "list") == 0 && t == LUA_TSTRING) {
        const char *text = lua_tostring(L, -1);
        if (!push_list(L, text))
            luaL_error(L, "argument '%s': default '%s' has a quote that is not closed", key,
                       text);
        lua_remove(L, -2);
        return;
    }
    bool ok = strcmp(type, "list") == 0      ? t == LUA_TTABLE
              : strcmp(type, "boolean") == 0 ? t == LUA_TBOOLEAN
              : strcmp(type, "string") == 0  ? t == LUA_TSTRING
              : strcmp(type, "integer") == 0 ? lua_isinteger(L, -1)
                                             : t == LUA_TNUMBER;
    if (!ok)
        luaL_error(L, "argument '%s': default is a %s, not a%s %s", key, luaL_typename(L, -1),
                   type[0] == 'i' ? "n" : "", type);
}

/* The declared type of the declaration at SPEC, checked (a plugin bug if wrong). */
static const char *declared_type(lua_State *L, int spec, const char *key)
{
    if (!lua_istable(L, spec))
        luaL_error(L, "argument '%s': declaration must be a table {type=, default=, help=}", key);
    raw_field(L, spec, "type");
    const char *type = lua_tostring(L, -1);
    lua_pop(L, 1); /* the string stays alive in the declaration */
    for (int i = 0; type && arg_types[i]; i++)
        if (strcmp(type, arg_types[i]) == 0)
            return type;
    luaL_error(L, "argument '%s': type must be string, number, integer, boolean or list", key);
    return NULL;
}

/* Raises the usage error for KEY, which the plugin (declarations at DECLS) does not declare. */
static int unknown_argument(lua_State *L, int decls, const char *key)
{
    cpg_suggest s;
    cpg_suggest_init(&s, key);
    push_sorted_keys(L, decls);
    int names = lua_gettop(L);
    for (lua_Integer i = 1; lua_rawgeti(L, names, i) == LUA_TSTRING; i++) {
        cpg_suggest_consider(&s, lua_tostring(L, -1)); /* anchored by the list */
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    const char *listed = lua_rawlen(L, names) ? push_joined(L, names) : "(none)";
    if (s.best)
        return usage_error(L, "unknown argument '%s' (did you mean '%s'?); its arguments: %s", key,
                           s.best, listed);
    return usage_error(L, "unknown argument '%s'; its arguments: %s", key, listed);
}

/* True when the plugin being prepared is the last thing that can take a bare -a KEY=VALUE, so
 * that an unknown KEY is reported before it runs rather than after. */
static bool last_consumer(const cpg_host *h)
{
    const cpg_host_options *o = h->opts;
    return h->plugins_run == o->plugin_count && !o->eval_count && !o->interactive;
}

/* build_args(plugin, given name, file stem) -> args: defaults, then the -a items for this
 * plugin converted to their declared types. Runs protected. */
static int build_args(lua_State *L)
{
    cpg_host *h = cpg_host_of(L);
    const char *names[3] = {lua_tostring(L, 2), lua_tostring(L, 3), NULL};
    int t = raw_field(L, 1, "args");
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L, "'args' must be a table of argument declarations");
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        lua_newtable(L);
    }
    int decls = lua_gettop(L);
    lua_newtable(L);
    int result = lua_gettop(L);
    for (lua_pushnil(L); lua_next(L, decls); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "'args' must map argument names to declarations");
        const char *key = lua_tostring(L, -2);
        push_default(L, lua_gettop(L), declared_type(L, lua_gettop(L), key), key);
        lua_setfield(L, result, key);
    }
    for (int i = 0; i < h->arg_count; i++) {
        host_arg *a = &h->args[i];
        bool targeted = arg_targets(a, names);
        if (a->plugin && !targeted)
            continue;
        if (raw_field(L, decls, a->key) == LUA_TNIL) {
            if (targeted || (!a->used && last_consumer(h)))
                unknown_argument(L, decls, a->key);
            lua_pop(L, 1);
            continue; /* a bare key that another plugin may declare */
        }
        int spec = lua_gettop(L);
        convert_text(L, spec, declared_type(L, spec, a->key), a->key, a->value);
        lua_setfield(L, result, a->key);
        lua_pop(L, 1);
        a->used = true;
    }
    return 1;
}

/* ---- running ---------------------------------------------------------------------------- */

/* Prints "plugin 'NAME' not found", with a hint from the plugins on the search path. */
static cpg_run report_not_found(const cpg_host *h, const char *name)
{
    cpg_suggest s;
    char wanted[256], stem[256];
    cpg_suggest_init(&s, plugin_stem(name, wanted, sizeof wanted));
    char best[256] = "";
    for (size_t i = 0; h->dirs[i]; i++) {
        DIR *dir = opendir(h->dirs[i]);
        for (struct dirent *e; dir && (e = readdir(dir));) {
            const char *before = s.best;
            cpg_suggest_consider(&s, plugin_stem(e->d_name, stem, sizeof stem));
            if (s.best != before) { /* keep the name: STEM is reused for the next entry */
                snprintf(best, sizeof best, "%s", stem);
                s.best = best;
            }
        }
        if (dir)
            closedir(dir);
    }
    fprintf(stderr, "cpecgraph: plugin '%s' not found", name);
    if (s.best)
        fprintf(stderr, " (did you mean '%s'?)", s.best);
    fprintf(stderr, "; searched:");
    for (size_t i = 0; h->dirs[i]; i++)
        fprintf(stderr, " %s", h->dirs[i]);
    fprintf(stderr, "\n");
    return CPG_RUN_USAGE;
}

/* Loads the plugin file at PATH as a text chunk named as plugins see its directory (the
 * search path's variables, see add_dir): a plugin must not learn the environment from its own
 * error positions or debug.getinfo either. A PATH the user GAVE (else NULL) is named as given. */
static int load_plugin_chunk(cpg_host *h, const char *path, const char *gave)
{
    lua_State *L = h->L;
    for (size_t i = 0; !h->opts->unsafe && !(gave && strcmp(gave, path) == 0) && h->dirs[i];
         i++) {
        size_t len = strlen(h->dirs[i]);
        if (strncmp(path, h->dirs[i], len) == 0 && path[len] == '/') {
            const char *shown = lua_pushfstring(L, "%s%s", h->shown_dirs[i], path + len);
            int status = cpg_sandbox_load_file(L, path, shown);
            lua_remove(L, -2);
            return status;
        }
    }
    return cpg_sandbox_load_file(L, path, path);
}

/* Loads the plugin file at PATH as text and runs its top level; leaves its result on the stack
 * (a plugin table, or nil for a plain script, which has then already run). */
static cpg_run run_top_level(cpg_host *h, const char *path, const char *gave, const char *what)
{
    if (load_plugin_chunk(h, path, gave) != LUA_OK) {
        fprintf(stderr, "cpecgraph: %s: %s\n", what, lua_tostring(h->L, -1));
        lua_pop(h->L, 1);
        return CPG_RUN_FAILED;
    }
    return cpg_host_pcall(h, 0, 1, what);
}

static void push_graph_global(lua_State *L)
{
    lua_pushglobaltable(L);
    lua_pushliteral(L, "graph");
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

/* Calls plugin.run(graph, args) for the plugin table on top; a Graph it returns becomes the
 * graph of the plugins that follow. */
static cpg_run run_declared(cpg_host *h, const char *given, const char *stem, const char *what)
{
    lua_State *L = h->L;
    int plugin = lua_gettop(L);
    if (raw_field(L, plugin, "run") != LUA_TFUNCTION) {
        fprintf(stderr, "cpecgraph: %s: a plugin returns a table with a 'run' function, or "
                        "nothing\n", what);
        return CPG_RUN_FAILED;
    }
    lua_pushcfunction(L, build_args);
    lua_pushvalue(L, plugin);
    lua_pushstring(L, given);
    lua_pushstring(L, stem);
    h->usage_error = false;
    cpg_run result = cpg_host_pcall(h, 3, 1, what);
    if (result != CPG_RUN_OK)
        return h->usage_error ? CPG_RUN_USAGE : result;
    push_graph_global(L);
    lua_insert(L, -2); /* run, graph, args */
    result = cpg_host_pcall(h, 2, 1, what);
    if (result == CPG_RUN_OK && luaL_testudata(L, -1, CPG_LUA_GRAPH))
        lua_copy(L, -1, plugin - 1);  /* the slot run_plugin_file keeps for it */
    else if (result == CPG_RUN_OK && !lua_isnil(L, -1) && h->opts->verbosity >= 0)
        fprintf(stderr, "cpecgraph: %s: warning: run returned a %s, which is ignored: a plugin's "
                        "run returns a graph (for the plugins after it) or nothing\n", what,
                luaL_typename(L, -1));
    return result;
}

/* After a plain script ran: the name of a global it left holding a table with a 'run'
 * function, a plugin that the file forgot to return, or NULL. Raw reads: no code runs. */
static const char *forgotten_plugin(lua_State *L)
{
    const char *found = NULL;
    lua_pushglobaltable(L);
    for (lua_pushnil(L); !found && lua_next(L, -2); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING || !lua_istable(L, -1))
            continue;
        lua_pushliteral(L, "run");
        if (lua_rawget(L, -2) == LUA_TFUNCTION)
            found = lua_tostring(L, -3);  /* the key stays on the stack while it is read */
        lua_pop(L, 1);
    }
    return found;  /* the caller's lua_settop drops the table and the key */
}

/* Runs the plugin file at PATH; leaves one value on the stack: the Graph its run returned, for
 * the plugins that follow, or nil. */
static cpg_run run_plugin_file(cpg_host *h, const char *name, const char *path)
{
    lua_State *L = h->L;
    h->plugins_run++;
    lua_pushnil(L);
    int top = lua_gettop(L);
    char stem[256], what[300];
    plugin_stem(path, stem, sizeof stem);
    snprintf(what, sizeof what, "plugin '%s'", stem);
    const char *names[] = {name, stem, NULL};
    push_raw_args_for(h, names, false); /* a plain script's `args`: strings, undeclared */
    cpg_host_set_global(L, "args");
    cpg_run result = run_top_level(h, path, name, what);
    if (result == CPG_RUN_OK && lua_isnil(L, -1)) {
        push_raw_args_for(h, names, true); /* a plain script took them all */
        const char *global = forgotten_plugin(L);
        if (global && h->opts->verbosity >= 0)
            fprintf(stderr, "cpecgraph: %s: warning: it returns nothing, so it ran as a plain "
                            "script, but its global '%s' is a table with a 'run' function: end "
                            "the file with 'return %s' to run it as a plugin\n", what, global,
                    global);
    } else if (result == CPG_RUN_OK && !lua_istable(L, -1)) {
        fprintf(stderr, "cpecgraph: %s: a plugin returns a table with a 'run' function, or "
                        "nothing (got %s)\n", what, luaL_typename(L, -1));
        result = CPG_RUN_FAILED;
    } else if (result == CPG_RUN_OK) {
        result = run_declared(h, name, stem, what);
    }
    lua_settop(L, top);
    return result;
}

/* The path of the plugin being run is kept in a Lua string, so that nothing leaks on errors. */
static int run_plugin_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    char *found = find_plugin(call->h, call->text);
    if (!found) {
        call->result = report_not_found(call->h, call->text);
        return 0;
    }
    if (call->h->opts->verbosity > 0 && strcmp(found, call->text) == 0 && !strchr(found, '/'))
        fprintf(stderr, "cpecgraph: plugin '%s': note: running the file '%s' of the current "
                        "directory, which comes before the plugin search path\n", call->text,
                found);
    lua_pushstring(L, found);
    free(found);
    call->h->warnings_off = false;  /* warn("@off") holds for the plugin that said it */
    cpg_sandbox_enter_world(L);
    call->result = run_plugin_file(call->h, call->text, lua_tostring(L, -1));
    cpg_sandbox_leave_world(L);
    if (!lua_isnil(L, -1))
        cpg_host_set_global(L, "graph");  /* the main world's, which the next world copies */
    return 0;
}

cpg_run cpg_host_run_plugin(cpg_host *h, const char *name)
{
    host_call call = {h, name, CPG_RUN_FAILED};
    cpg_run glue = cpg_host_protected(h, run_plugin_body, &call);
    cpg_sandbox_leave_world(h->L);  /* had the glue failed in the plugin's world */
    return glue == CPG_RUN_OK ? call.result : glue;
}

/* ---- --list-plugins and --plugin-help --------------------------------------------------- */

/* A listing cut short by a closed pipe (| head) stops quietly. */
static cpg_run output_result(const cpg_host *h)
{
    int error = cpg_output_error(h->out);
    return !error ? CPG_RUN_OK : error == EPIPE ? CPG_RUN_STOPPED : CPG_RUN_OUTPUT;
}

static int silent_print(lua_State *L)
{
    (void)L;
    return 0;
}

/* Runs the top level of the plugin at PATH in a world of its own with its output silenced, to
 * read its table. Leaves the table on the stack, or nil for a plain script, or the reason it
 * is no plugin (a string: a syntax error, an error at its top level, another kind of value
 * returned). */
static void read_plugin_table(cpg_host *h, const char *path, const char *gave)
{
    lua_State *L = h->L;
    cpg_sandbox_enter_world(L);
    lua_pushcfunction(L, silent_print);
    cpg_host_set_global(L, "print");
    lua_newtable(L); /* io.write too: a listing must not carry a plugin's output */
    lua_pushcfunction(L, silent_print);
    lua_setfield(L, -2, "write");
    cpg_host_set_global(L, "io");
    int status = load_plugin_chunk(h, path, gave);
    if (status == LUA_OK)
        status = cpg_host_pcall(h, 0, 1, NULL) == CPG_RUN_OK ? LUA_OK : LUA_ERRRUN;
    if (status != LUA_OK && lua_type(L, -1) != LUA_TSTRING) {
        lua_pop(L, 1);
        lua_pushliteral(L, "its top level raised an error that is not a message");
    } else if (status == LUA_OK && !lua_istable(L, -1) && !lua_isnil(L, -1)) {
        const char *kind = luaL_typename(L, -1);
        lua_pop(L, 1);
        lua_pushfstring(L, "returns a %s, not a plugin table", kind);
    }
    if (lua_type(L, -1) == LUA_TSTRING) { /* the first line of a message */
        const char *msg = lua_tostring(L, -1);
        lua_pushlstring(L, msg, strcspn(msg, "\n"));
        lua_remove(L, -2);
    }
    cpg_sandbox_leave_world(L);
}

static const char *field_string(lua_State *L, int table, const char *key, const char *def)
{
    raw_field(L, table, key);
    const char *s = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : def;
    lua_pop(L, 1); /* a string, so it stays alive in the table */
    return s;
}

/* The *.lua files of DIR, sorted; the caller frees the array and its strings. */
static char **lua_files(const char *dir, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    char **names = NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".lua") != 0 || e->d_name[0] == '.')
            continue;
        char **more = realloc(names, (*count + 1) * sizeof *names);
        if (!more)
            break;
        names = more;
        if ((names[*count] = strdup(e->d_name)))
            (*count)++;
    }
    if (d)
        closedir(d);
    if (names)
        qsort(names, *count, sizeof *names, by_name);
    return names;
}

static bool listed_before(cpg_host *h, size_t dir_index, const char *file)
{
    for (size_t i = 0; i < dir_index; i++) {
        char *path = cpg_paths_join(h->dirs[i], file);
        bool found = path && is_regular_file(path);
        free(path);
        if (found)
            return true;
    }
    return false;
}

static void list_one(cpg_host *h, size_t dir_index, const char *file)
{
    lua_State *L = h->L;
    char *joined = cpg_paths_join(h->dirs[dir_index], file);
    if (!joined)
        luaL_error(L, "out of memory");
    lua_pushstring(L, joined); /* a Lua string from here: an error cannot leak it */
    free(joined);
    const char *path = lua_tostring(L, -1);
    char stem[256];
    plugin_stem(file, stem, sizeof stem);
    read_plugin_table(h, path, NULL);
    int t = lua_gettop(L);
    const char *description = lua_istable(L, t) ? field_string(L, t, "description", "")
                              : lua_isnil(L, t) ? "(a plain script)"
                                                : lua_pushfstring(L, "(broken: %s)",
                                                                  lua_tostring(L, t));
    size_t first_line = strcspn(description, "\n");
    cpg_output_printf(h->out, "%-14s %-8s %.*s\n    %s%s\n", stem,
                      lua_istable(L, t) ? field_string(L, t, "version", "") : "",
                      (int)first_line, description, path,
                      listed_before(h, dir_index, file) ? " (shadowed)" : "");
    for (int i = 0; i < 2; i++) {  /* -p NAME takes the file NAME of the current directory */
        const char *name = i ? stem : file;
        if (is_regular_file(name))
            cpg_output_printf(h->out, "    (-p %s runs ./%s of the current directory instead)\n",
                              name, name);
    }
    lua_settop(L, t - 2);
}

static int list_plugins_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    cpg_host *h = call->h;
    for (size_t i = 0; h->dirs[i]; i++) {
        size_t count;
        char **files = lua_files(h->dirs[i], &count);
        for (size_t k = 0; k < count; k++) {
            list_one(h, i, files[k]);
            free(files[k]);
        }
        free(files);
    }
    call->result = output_result(h);
    return 0;
}

cpg_run cpg_host_list_plugins(cpg_host *h)
{
    host_call call = {h, NULL, CPG_RUN_FAILED};
    cpg_run glue = cpg_host_protected(h, list_plugins_body, &call);
    cpg_sandbox_leave_world(h->L);
    return glue == CPG_RUN_OK ? call.result : glue;
}

/* One line per declared argument: name, type, default, help. */
static void print_arguments(cpg_host *h, int plugin, const char *stem)
{
    lua_State *L = h->L;
    if (raw_field(L, plugin, "args") != LUA_TTABLE || (lua_pushnil(L), !lua_next(L, -2))) {
        cpg_output_printf(h->out, "\nArguments: none\n");
        lua_settop(L, plugin);
        return;
    }
    lua_settop(L, plugin + 1);
    int decls = plugin + 1;
    push_sorted_keys(L, decls);
    cpg_output_printf(h->out, "\nArguments (-a KEY=VALUE, or -a %s.KEY=VALUE for this plugin "
                      "only):\n", stem);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, decls + 1); i++) {
        lua_rawgeti(L, decls + 1, i);
        const char *key = lua_tostring(L, -1); /* anchored by the list */
        lua_rawget(L, decls);
        int spec = lua_gettop(L);
        if (!lua_istable(L, spec)) {
            cpg_output_printf(h->out, "  %s (a broken declaration)\n", key);
            lua_settop(L, decls + 1);
            continue;
        }
        const char *type = field_string(L, spec, "type", "?");
        raw_field(L, spec, "default");
        const char *def = lua_istable(L, -1) ? push_joined(L, -1) : push_plain_text(L, -1);
        if (lua_isnil(L, spec + 1))
            cpg_output_printf(h->out, "  %s (%s)\n", key, type);
        else
            cpg_output_printf(h->out, "  %s (%s, default: %s)\n", key, type, def);
        cpg_output_printf(h->out, "      %s\n", field_string(L, spec, "help", ""));
        if (raw_field(L, spec, "choices") == LUA_TTABLE)
            cpg_output_printf(h->out, "      one of: %s\n", push_joined(L, -1));
        lua_settop(L, decls + 1);
    }
    lua_settop(L, plugin);
}

/* Checks every argument declaration of the plugin table at 1 (type, default, choices). */
static int check_declarations(lua_State *L)
{
    if (raw_field(L, 1, "args") != LUA_TTABLE)
        return lua_isnil(L, -1) ? 0 : luaL_error(L, "'args' must be a table of declarations");
    int decls = lua_gettop(L);
    for (lua_pushnil(L); lua_next(L, decls); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "'args' must map argument names to declarations");
        const char *key = lua_tostring(L, -2);
        int spec = lua_gettop(L);
        push_default(L, spec, declared_type(L, spec, key), key);
        if (lua_gettop(L) > spec && lua_type(L, -1) == LUA_TSTRING)
            check_choice(L, spec, lua_gettop(L), key, false);
        lua_settop(L, spec);
    }
    return 0;
}

static cpg_run plugin_help(cpg_host *h, const char *path, const char *gave)
{
    char stem[256], what[300];
    plugin_stem(path, stem, sizeof stem);
    snprintf(what, sizeof what, "plugin '%s'", stem);
    lua_State *L = h->L;
    read_plugin_table(h, path, gave);
    int plugin = lua_gettop(L);
    if (lua_type(L, plugin) == LUA_TSTRING) {
        fprintf(stderr, "cpecgraph: %s: %s\n", what, lua_tostring(L, plugin));
        return CPG_RUN_FAILED;
    }
    if (lua_isnil(L, plugin)) {
        cpg_output_printf(h->out, "%s: a plain script (it declares no description or "
                          "arguments)\n    %s\n", stem, path);
        return output_result(h);
    }
    lua_pushcfunction(L, check_declarations);
    lua_pushvalue(L, plugin);
    if (cpg_host_pcall(h, 1, 0, what) != CPG_RUN_OK)
        return CPG_RUN_FAILED;
    const char *version = field_string(L, plugin, "version", NULL);
    cpg_output_printf(h->out, "%s%s%s\n    %s\n\n%s\n", field_string(L, plugin, "name", stem),
                      version ? " " : "", version ? version : "", path,
                      field_string(L, plugin, "description", "(no description)"));
    print_arguments(h, plugin, stem);
    const char *usage = field_string(L, plugin, "usage", NULL);
    if (usage)
        cpg_output_printf(h->out, "\nExamples:\n%s\n", usage);
    return output_result(h);
}

static int plugin_help_body(lua_State *L)
{
    host_call *call = lua_touserdata(L, 1);
    char *found = find_plugin(call->h, call->text);
    if (!found) {
        call->result = report_not_found(call->h, call->text);
        return 0;
    }
    lua_pushstring(L, found);
    free(found);
    call->result = plugin_help(call->h, lua_tostring(L, -1), call->text);
    return 0;
}

cpg_run cpg_host_plugin_help(cpg_host *h, const char *name)
{
    host_call call = {h, name, CPG_RUN_FAILED};
    cpg_run glue = cpg_host_protected(h, plugin_help_body, &call);
    cpg_sandbox_leave_world(h->L);
    return glue == CPG_RUN_OK ? call.result : glue;
}
