/* fuzz_dot.c: libFuzzer target for the escaping of plugins/cpg/dot.lua and cpecgraph.text:
 * whatever the input, dot.quote must give one well-formed DOT string, dot.url nothing but an
 * http(s) URL, text.xml and text.xml_attr no markup, and text.json a string JSON reads back. */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include <lauxlib.h>
#include <lualib.h>

#include "config.h"
#include "cpecgraph/json.h"
#include "cpecgraph/lua.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A DOT double-quoted string that cannot end early: quotes and backslashes come escaped, and
 * no raw line break or control character is left. */
static void check_quoted(const char *s, size_t len)
{
    assert(len >= 2 && s[0] == '"' && s[len - 1] == '"');
    for (size_t i = 1; i + 1 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        assert(c >= 0x20 && c != 0x7F);
        if (c == '\\') {
            assert(s[i + 1] == '\\' || s[i + 1] == '"' || s[i + 1] == 'n');
            i++;
        } else {
            assert(c != '"');
        }
    }
}

static lua_State *open_dot_module(void)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    luaL_requiref(L, "cpecgraph", luaopen_cpecgraph, 1);
    lua_pop(L, 1);
    if (luaL_loadfilex(L, CPG_SOURCE_ROOT "/plugins/cpg/dot.lua", "t") != LUA_OK ||
        lua_pcall(L, 0, 1, 0) != LUA_OK)
        assert(!"cannot load plugins/cpg/dot.lua");
    lua_setglobal(L, "dot");
    return L;
}

/* XML text (ATTR: an attribute value) holding no markup: no '<', no quote in an attribute,
 * every '&' starting a reference, no raw tab or line break in an attribute. */
static void check_xml(const char *s, size_t len, bool attr)
{
    for (size_t i = 0; i < len; i++) {
        assert(s[i] != '<' && s[i] != '>');
        assert(!attr || (s[i] != '"' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r'));
        if (s[i] == '&')
            assert(memchr(s + i, ';', len - i) != NULL);
    }
}

/* Calls cpecgraph.text.FN on the LEN bytes at ARG, leaving the result on the stack. */
static void call_text(lua_State *L, const char *fn, const char *arg, size_t len)
{
    lua_getglobal(L, "cpecgraph");
    lua_getfield(L, -1, "text");
    lua_getfield(L, -1, fn);
    lua_pushlstring(L, arg, len);
    int status = lua_pcall(L, 1, 1, 0);
    assert(status == LUA_OK);
}

static void check_text_escapes(lua_State *L, const char *data, size_t size)
{
    size_t len;
    call_text(L, "xml", data, size);
    const char *text = lua_tolstring(L, -1, &len);
    check_xml(text, len, false);
    call_text(L, "xml_attr", data, size);
    text = lua_tolstring(L, -1, &len);
    check_xml(text, len, true);
    call_text(L, "json", data, size);
    const char *json = lua_tolstring(L, -1, &len);
    cJSON *back = cpg_json_parse(json, len, NULL);  /* fails only for what is not UTF-8 */
    if (back) {
        assert(cJSON_IsString(back) && strlen(back->valuestring) == size &&
               memcmp(back->valuestring, data, size) == 0);
        cJSON_Delete(back);
    }
    lua_settop(L, 0);
}

static void call(lua_State *L, const char *fn, const char *arg, size_t len)
{
    lua_getglobal(L, "dot");
    lua_getfield(L, -1, fn);
    lua_pushlstring(L, arg, len);
    if (strcmp(fn, "wrap") == 0)
        lua_pushinteger(L, 22);
    int status = lua_pcall(L, strcmp(fn, "wrap") == 0 ? 2 : 1, 1, 0);
    assert(status == LUA_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static lua_State *L;
    if (!L)
        L = open_dot_module();
    size_t len;
    call(L, "quote", (const char *)data, size);
    const char *quoted = lua_tolstring(L, -1, &len);
    check_quoted(quoted, len);
    lua_settop(L, 0);
    call(L, "url", (const char *)data, size);
    if (!lua_isnil(L, -1)) {
        const char *url = lua_tostring(L, -1);
        assert(strncasecmp(url, "http://", 7) == 0 || strncasecmp(url, "https://", 8) == 0);
        assert(!strpbrk(url, "\"<> \t\r\n\\"));
    }
    lua_settop(L, 0);
    call(L, "wrap", (const char *)data, size);
    call(L, "quote", lua_tostring(L, -1), lua_rawlen(L, -1));
    quoted = lua_tolstring(L, -1, &len);
    check_quoted(quoted, len);
    lua_settop(L, 0);
    check_text_escapes(L, (const char *)data, size);
    return 0;
}
