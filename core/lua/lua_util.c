/* lua_util.c: helpers of the Lua binding: options tables, direction modes, UTF-8 checks, class
 * metatables, and scratch igraph vectors that are freed by the garbage collector if a Lua error
 * unwinds past them. */
#include "lua_util.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "cpecgraph/status.h"
#include "suggest.h"

/* ---- scratch vectors -------------------------------------------------------------------- */

typedef struct scratch {
    enum { SCRATCH_NONE, SCRATCH_REAL, SCRATCH_INT, SCRATCH_INT_LIST, SCRATCH_GRAPH,
           SCRATCH_INT_MATRIX, SCRATCH_MATRIX } kind;
    union {
        igraph_vector_t real;
        igraph_vector_int_t integer;
        igraph_vector_int_list_t int_list;
        igraph_t graph;
        igraph_matrix_int_t int_matrix;
        igraph_matrix_t matrix;
    } u;
} scratch;

static int scratch_gc(lua_State *L)
{
    scratch *s = lua_touserdata(L, 1);
    switch (s->kind) {
    case SCRATCH_REAL: igraph_vector_destroy(&s->u.real); break;
    case SCRATCH_INT: igraph_vector_int_destroy(&s->u.integer); break;
    case SCRATCH_INT_LIST: igraph_vector_int_list_destroy(&s->u.int_list); break;
    case SCRATCH_GRAPH: igraph_destroy(&s->u.graph); break;
    case SCRATCH_INT_MATRIX: igraph_matrix_int_destroy(&s->u.int_matrix); break;
    case SCRATCH_MATRIX: igraph_matrix_destroy(&s->u.matrix); break;
    case SCRATCH_NONE: break;
    }
    s->kind = SCRATCH_NONE;
    return 0;
}

/* Gives the userdata on top the internal metatable NAME, whose only method is GC; the metatable
 * is hidden from getmetatable(), so no plugin can call the finalizer itself. */
static void set_internal_metatable(lua_State *L, const char *name, lua_CFunction gc)
{
    if (luaL_newmetatable(L, name)) {
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
        lua_pushstring(L, name);
        lua_setfield(L, -2, "__metatable");
    }
    lua_setmetatable(L, -2);
}

/* The userdata exists (empty) before the vector is made, so nothing can leak in between. */
static scratch *new_scratch(lua_State *L)
{
    scratch *s = lua_newuserdatauv(L, sizeof *s, 0);
    s->kind = SCRATCH_NONE;
    set_internal_metatable(L, "cpecgraph.Scratch", scratch_gc);
    return s;
}

igraph_vector_t *cpg_lua_new_vector(lua_State *L)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_vector_init(&s->u.real, 0), "vector");
    s->kind = SCRATCH_REAL;
    return &s->u.real;
}

igraph_vector_int_t *cpg_lua_new_int_vector(lua_State *L)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_vector_int_init(&s->u.integer, 0), "vector");
    s->kind = SCRATCH_INT;
    return &s->u.integer;
}

igraph_vector_int_list_t *cpg_lua_new_int_vector_list(lua_State *L)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_vector_int_list_init(&s->u.int_list, 0), "vector list");
    s->kind = SCRATCH_INT_LIST;
    return &s->u.int_list;
}

igraph_matrix_int_t *cpg_lua_new_int_matrix(lua_State *L)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_matrix_int_init(&s->u.int_matrix, 0, 0), "matrix");
    s->kind = SCRATCH_INT_MATRIX;
    return &s->u.int_matrix;
}

igraph_matrix_t *cpg_lua_new_matrix(lua_State *L)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_matrix_init(&s->u.matrix, 0, 0), "matrix");
    s->kind = SCRATCH_MATRIX;
    return &s->u.matrix;
}

igraph_t *cpg_lua_new_igraph_copy(lua_State *L, const igraph_t *from)
{
    scratch *s = new_scratch(L);
    cpg_lua_check_igraph(L, igraph_copy(&s->u.graph, from), "copy");
    s->kind = SCRATCH_GRAPH;
    return &s->u.graph;
}

igraph_vector_int_t *cpg_lua_shared_int_vector(lua_State *L)
{
    static const char key;  /* its address names the vector in the registry */
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &key) == LUA_TUSERDATA) {
        scratch *s = lua_touserdata(L, -1);
        lua_pop(L, 1);
        return &s->u.integer;
    }
    lua_pop(L, 1);
    igraph_vector_int_t *v = cpg_lua_new_int_vector(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &key);
    return v;
}

/* ---- owned pointers -------------------------------------------------------------------- */

struct cpg_lua_owned {
    void *ptr;
    void (*free_fn)(void *);
};

static int owned_gc(lua_State *L)
{
    cpg_lua_owned *o = lua_touserdata(L, 1);
    if (o->ptr)
        o->free_fn(o->ptr);
    o->ptr = NULL;
    return 0;
}

cpg_lua_owned *cpg_lua_new_owned(lua_State *L, void (*free_fn)(void *))
{
    cpg_lua_owned *o = lua_newuserdatauv(L, sizeof *o, 0);
    *o = (cpg_lua_owned){NULL, free_fn};
    set_internal_metatable(L, "cpecgraph.Owned", owned_gc);
    return o;
}

void cpg_lua_owned_set(cpg_lua_owned *o, void *ptr) { o->ptr = ptr; }
void *cpg_lua_owned_get(const cpg_lua_owned *o) { return o->ptr; }

void *cpg_lua_owned_take(cpg_lua_owned *o)
{
    void *ptr = o->ptr;
    o->ptr = NULL;
    return ptr;
}

void cpg_lua_free_json(void *tree)
{
    cJSON_Delete(tree);
}

void cpg_lua_check_igraph(lua_State *L, igraph_error_t rc, const char *fn)
{
    if (rc == IGRAPH_SUCCESS)
        return;
    cpg_status_from_igraph(rc); /* empties igraph's finally stack */
    if (rc == IGRAPH_INTERRUPTED)
        luaL_error(L, "%s: interrupted", fn);
    luaL_error(L, "%s: %s", fn, cpg_igraph_reason());
}

/* ---- options ---------------------------------------------------------------------------- */

void cpg_lua_check_options(lua_State *L, int opts, const char *const *allowed)
{
    if (lua_isnoneornil(L, opts))
        return;
    luaL_checktype(L, opts, LUA_TTABLE);
    for (lua_pushnil(L); lua_next(L, opts); lua_pop(L, 1)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_argerror(L, opts, "option names must be strings");
        const char *key = lua_tostring(L, -2);
        cpg_suggest s;
        cpg_suggest_init(&s, key);
        bool known = false;
        for (int i = 0; allowed[i] && !known; i++) {
            known = strcmp(key, allowed[i]) == 0;
            cpg_suggest_consider(&s, allowed[i]);
        }
        if (!known)
            luaL_argerror(L, opts, s.best ? lua_pushfstring(L, "unknown option '%s' (did you mean "
                                                            "'%s'?)", key, s.best)
                                          : lua_pushfstring(L, "unknown option '%s'", key));
    }
}

int cpg_lua_opt_push(lua_State *L, int opts, const char *key)
{
    if (lua_isnoneornil(L, opts)) {
        lua_pushnil(L);
        return LUA_TNIL;
    }
    luaL_checktype(L, opts, LUA_TTABLE);
    lua_pushstring(L, key);
    return lua_rawget(L, opts);
}

static void option_error(lua_State *L, int opts, const char *key, const char *expected)
{
    luaL_argerror(L, opts, lua_pushfstring(L, "option '%s' must be %s, got %s", key, expected,
                                           luaL_typename(L, -1)));
}

bool cpg_lua_opt_bool(lua_State *L, int opts, const char *key, bool def)
{
    int t = cpg_lua_opt_push(L, opts, key);
    bool value = t == LUA_TNIL ? def : lua_toboolean(L, -1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        option_error(L, opts, key, "a boolean");
    lua_pop(L, 1);
    return value;
}

lua_Number cpg_lua_opt_number(lua_State *L, int opts, const char *key, lua_Number def)
{
    int t = cpg_lua_opt_push(L, opts, key);
    if (t != LUA_TNIL && t != LUA_TNUMBER)
        option_error(L, opts, key, "a number");
    lua_Number value = t == LUA_TNIL ? def : lua_tonumber(L, -1);
    lua_pop(L, 1);
    return value;
}

lua_Integer cpg_lua_opt_integer(lua_State *L, int opts, const char *key, lua_Integer def)
{
    int t = cpg_lua_opt_push(L, opts, key);
    if (t != LUA_TNIL && !lua_isinteger(L, -1))
        option_error(L, opts, key, "an integer");
    lua_Integer value = t == LUA_TNIL ? def : lua_tointeger(L, -1);
    lua_pop(L, 1);
    return value;
}

/* The string stays valid while the options table holds it. */
const char *cpg_lua_opt_string(lua_State *L, int opts, const char *key, const char *def)
{
    int t = cpg_lua_opt_push(L, opts, key);
    if (t != LUA_TNIL && t != LUA_TSTRING)
        option_error(L, opts, key, "a string");
    const char *value = t == LUA_TNIL ? def : lua_tostring(L, -1);
    lua_pop(L, 1);
    return value;
}

static igraph_neimode_t mode_named(lua_State *L, int arg, const char *name)
{
    if (strcmp(name, "out") == 0) return IGRAPH_OUT;
    if (strcmp(name, "in") == 0) return IGRAPH_IN;
    if (strcmp(name, "all") == 0) return IGRAPH_ALL;
    luaL_argerror(L, arg, lua_pushfstring(L, "mode must be \"out\", \"in\" or \"all\", got \"%s\"",
                                          name));
    return IGRAPH_ALL;
}

igraph_neimode_t cpg_lua_to_mode(lua_State *L, int arg, igraph_neimode_t def)
{
    if (lua_isnoneornil(L, arg))
        return def;
    return mode_named(L, arg, luaL_checkstring(L, arg));
}

igraph_neimode_t cpg_lua_opt_mode(lua_State *L, int opts, igraph_neimode_t def)
{
    const char *name = cpg_lua_opt_string(L, opts, "mode", NULL);
    return name ? mode_named(L, opts, name) : def;
}

/* ---- text ------------------------------------------------------------------------------- */

bool cpg_lua_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        unsigned c = *p;
        size_t n; /* continuation bytes */
        if (c < 0x80) {
            p++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 1;
        else if ((c & 0xF0) == 0xE0)
            n = 2;
        else if (c >= 0xF0 && c <= 0xF4)
            n = 3;
        else
            return false;
        if ((size_t)(end - p) <= n)
            return false;
        unsigned cp = c & (0x3F >> n);
        for (size_t k = 1; k <= n; k++) {
            if ((p[k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[k] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        p += n + 1;
    }
    return true;
}

/* ---- classes ---------------------------------------------------------------------------- */

/* The method lists of the classes (graphs, algorithms, nodes, edges), for "did you mean":
 * static arrays, noted as the library opens. */
static const luaL_Reg *method_lists[16];
static size_t method_list_count;

void cpg_lua_note_methods(const luaL_Reg *methods)
{
    for (size_t i = 0; i < method_list_count; i++)
        if (method_lists[i] == methods)
            return;
    if (method_list_count < sizeof method_lists / sizeof *method_lists)
        method_lists[method_list_count++] = methods;
}

const char *cpg_lua_nearest_method(const char *name)
{
    cpg_suggest s;
    cpg_suggest_init(&s, name);
    for (size_t i = 0; i < method_list_count; i++)
        for (const luaL_Reg *m = method_lists[i]; m->name; m++)
            cpg_suggest_consider(&s, m->name);
    return s.best;
}

/* Creates metatable NAME with META and a "methods" table holding METHODS. */
void cpg_lua_new_class(lua_State *L, const char *name, const luaL_Reg *meta,
                       const luaL_Reg *methods)
{
    luaL_newmetatable(L, name);
    luaL_setfuncs(L, meta, 0);
    if (methods) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "methods");
    }
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    /* getmetatable() gives the name, not the table: no plugin can call __gc on a live graph */
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__metatable");
}
