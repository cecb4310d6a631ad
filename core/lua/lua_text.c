/* lua_text.c: cpecgraph.text, the hot part of the plugins that write files, in C: a buffer
 * that joins pieces and flushes them through a write function (io.write), and text escaped for
 * XML, HTML, DOT, JSON and CSV, with numbers as the shortest text that reads back exactly. The
 * writers themselves stay Lua plugins; these are the rules they share, in one place. */
#include "lua_text.h"

#include <stdlib.h>
#include <string.h>

#include "casefold.h"
#include "cpecgraph/json.h"
#include "cpecgraph/lua.h"
#include "lua_util.h"

#define TEXT_BUFFER "cpecgraph.Buffer"
#define FLUSH_AT ((size_t)64 << 10)  /* with a write function: written in pieces this large */

typedef struct text_buffer {
    char *data;
    size_t len, cap;
} text_buffer;

/* ---- the buffer's memory: from Lua's allocator, so that --memory-limit counts it -------- */

static void buffer_resize(lua_State *L, text_buffer *b, size_t cap)
{
    void *ud;
    lua_Alloc alloc = lua_getallocf(L, &ud);
    char *data = alloc(ud, b->data, b->data ? b->cap : 0, cap);
    if (!data && cap)
        luaL_error(L, "out of memory");
    b->data = data;
    b->cap = cap;
}

static int buffer_gc(lua_State *L)
{
    text_buffer *b = lua_touserdata(L, 1);
    if (b->data)
        buffer_resize(L, b, 0);  /* freeing cannot fail */
    b->len = 0;
    return 0;
}

/* Room for N more bytes. */
static char *reserve(lua_State *L, text_buffer *b, size_t n)
{
    if (n > b->cap - b->len) {
        if (n > ((size_t)1 << 40) - b->len)
            luaL_error(L, "text too large");
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n)
            cap *= 2;
        buffer_resize(L, b, cap);
    }
    return b->data + b->len;
}

static void put(lua_State *L, text_buffer *b, const char *s, size_t n)
{
    if (n == 0)
        return;  /* an empty buffer has no memory yet: NULL + 0 is undefined */
    memcpy(reserve(L, b, n), s, n);
    b->len += n;
}

#define PUT_LITERAL(L, b, s) put(L, b, s, sizeof s - 1)

/* ---- values as text ----------------------------------------------------------------------- */

/* V in decimal into TEXT; its length. (printf is slow for what a million edge ids need.) */
static size_t integer_text(lua_Integer v, char text[CPG_JSON_NUMBER_MAX])
{
    char digits[24];
    int n = 0;
    lua_Unsigned u = v < 0 ? 0u - (lua_Unsigned)v : (lua_Unsigned)v;
    do
        digits[n++] = (char)('0' + u % 10);
    while (u /= 10);
    size_t len = 0;
    if (v < 0)
        text[len++] = '-';
    while (n)
        text[len++] = digits[--n];
    text[len] = '\0';
    return len;
}

/* The value at IDX as plain text: strings as they are, integers in decimal, other numbers as
 * the shortest text that reads back exactly (with ".0" when whole), booleans, null as "null",
 * arrays and objects as their JSON text. The text lives on the stack (pushed) or in NUMBER. TYPE
 * is lua_type(L, IDX), which the callers know. */
static const char *value_text(lua_State *L, int idx, int type, size_t *len,
                              char number[CPG_JSON_NUMBER_MAX])
{
    switch (type) {
    case LUA_TSTRING:
        return lua_tolstring(L, idx, len);
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            *len = integer_text(lua_tointeger(L, idx), number);
        else
            *len = cpg_json_format_double(lua_tonumber(L, idx), number);
        return number;
    case LUA_TBOOLEAN:
        *len = lua_toboolean(L, idx) ? 4 : 5;
        return lua_toboolean(L, idx) ? "true" : "false";
    case LUA_TLIGHTUSERDATA:
        if (!lua_touserdata(L, idx)) {
            *len = 4;
            return "null";
        }
        break;
    case LUA_TTABLE: {  /* through a userdata that frees the text if pushing it raises */
        cpg_lua_owned *owned = cpg_lua_new_owned(L, free);
        cJSON *tree = cpg_lua_to_json(L, idx);
        cpg_lua_owned_set(owned, cpg_json_print(tree, false));
        cJSON_Delete(tree);
        if (!cpg_lua_owned_get(owned))
            luaL_error(L, "out of memory");
        lua_pushstring(L, cpg_lua_owned_get(owned));
        free(cpg_lua_owned_take(owned));
        lua_remove(L, -2);
        return lua_tolstring(L, -1, len);
    }
    }
    luaL_typeerror(L, idx, "string, number, boolean, null or table");
    return NULL;
}

/* ---- escaping ----------------------------------------------------------------------------- */

/* MODE_CSV keeps a spreadsheet from running a text that begins as a formula (see put_value);
 * MODE_CSV_RAW writes it as it is. */
typedef enum text_mode { MODE_PLAIN, MODE_XML, MODE_XML_ATTR, MODE_HTML, MODE_DOT, MODE_JSON,
                         MODE_CSV, MODE_CSV_RAW, MODE_COUNT } text_mode;

/* XML 1.0 forbids the control characters other than tab and line breaks, and U+FFFE and U+FFFF:
 * they become U+FFFD, so that a reader sees that something was there. */
static const char *xml_replacement(const unsigned char *p, const unsigned char *end, size_t *skip)
{
    *skip = 1;
    if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        return "\xEF\xBF\xBD";
    if (*p == 0xEF && end - p >= 3 && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
        *skip = 3;
        return "\xEF\xBF\xBD";
    }
    return NULL;
}

/* The escape of byte C in MODE, or NULL to copy it. */
static const char *escape_of(text_mode mode, unsigned char c, char hex[8])
{
    switch (mode) {
    case MODE_XML:
        return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
               : c == '\r' ? "&#13;" : NULL;
    case MODE_XML_ATTR:
        return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
               : c == '"' ? "&quot;" : c == '\t' ? "&#9;" : c == '\n' ? "&#10;"
               : c == '\r' ? "&#13;" : NULL;
    case MODE_HTML:
        if (c < 0x20 || c == 0x7F)
            return " ";
        return c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;"
               : c == '"' ? "&quot;" : c == '\'' ? "&#39;" : NULL;
    case MODE_DOT:  /* line breaks are handled by the caller: "\r\n" is one */
        if (c == '\\')
            return "\\\\";
        if (c == '"')
            return "\\\"";
        return c < 0x20 || c == 0x7F ? " " : NULL;
    case MODE_JSON:
        switch (c) {
        case '"': return "\\\"";
        case '\\': return "\\\\";
        case '\b': return "\\b";
        case '\f': return "\\f";
        case '\n': return "\\n";
        case '\r': return "\\r";
        case '\t': return "\\t";
        }
        if (c < 0x20) {
            snprintf(hex, 8, "\\u%04x", c);
            return hex;
        }
        return NULL;
    case MODE_CSV:
    case MODE_CSV_RAW:
        return c == '"' ? "\"\"" : NULL;
    case MODE_PLAIN:
    case MODE_COUNT:
        break;
    }
    return NULL;
}

/* For each mode, the bytes that may need something done (the rest are copied as runs). */
static bool special[MODE_COUNT][256];

static void note_special_bytes(void)
{
    char hex[8];
    for (int mode = MODE_XML; mode < MODE_COUNT; mode++)
        for (int c = 0; c < 256; c++)
            special[mode][c] = escape_of((text_mode)mode, (unsigned char)c, hex) ||
                               ((mode == MODE_XML || mode == MODE_XML_ATTR) &&
                                (c < 0x20 || c == 0xEF)) ||
                               (mode == MODE_DOT && (c == '\r' || c == '\n'));
}

/* Appends S (LEN bytes) escaped for MODE: runs that need nothing are copied whole. */
static void put_escaped(lua_State *L, text_buffer *b, text_mode mode, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len, *run = p;
    bool xml = mode == MODE_XML || mode == MODE_XML_ATTR;
    const bool *attention = special[mode];
    char hex[8];
    while (p < end) {
        if (!attention[*p]) {
            p++;
            continue;
        }
        size_t skip = 1;
        const char *escape = xml ? xml_replacement(p, end, &skip) : NULL;
        if (!escape && mode == MODE_DOT && (*p == '\r' || *p == '\n')) {
            escape = "\\n";  /* a centred line break in a label; "\r\n" makes one */
            skip = *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 1;
        }
        if (!escape)
            escape = escape_of(mode, *p, hex);
        if (!escape) {
            p++;
            continue;
        }
        put(L, b, (const char *)run, (size_t)(p - run));
        put(L, b, escape, strlen(escape));
        p += skip;
        run = p;
    }
    put(L, b, (const char *)run, (size_t)(end - run));
}

/* Whether a CSV field must be quoted: it holds a comma, a quote or a line break. */
static bool csv_needs_quotes(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
            return true;
    return false;
}

/* Whether a CSV text field S (LEN bytes) would be run as a formula by a spreadsheet: it begins
 * with = + - @, a tab or a carriage return (OWASP's list). Numbers are never text fields. */
static bool csv_formula(const char *s, size_t len)
{
    return len && strchr("=+-@\t\r", s[0]);
}

/* Whether the value at IDX, of TYPE, is nil or null. */
static bool nil_or_null(lua_State *L, int idx, int type)
{
    return type == LUA_TNIL || (type == LUA_TLIGHTUSERDATA && !lua_touserdata(L, idx));
}

/* Appends the value at IDX, of TYPE, in MODE: quoted for DOT and JSON strings, and for CSV when
 * needed. */
static void put_value(lua_State *L, text_buffer *b, text_mode mode, int idx, int type)
{
    int top = type == LUA_TTABLE ? lua_gettop(L) : 0;  /* restored after a table's text */
    char number[CPG_JSON_NUMBER_MAX];
    size_t len;
    bool csv = mode == MODE_CSV || mode == MODE_CSV_RAW;
    if (csv && nil_or_null(L, idx, type))
        return;  /* nil and null: an empty field */
    if (mode == MODE_JSON && type != LUA_TSTRING) {
        const char *text = value_text(L, idx, type, &len, number);  /* JSON already */
        put(L, b, text, len);
        if (top)
            lua_settop(L, top);
        return;
    }
    const char *text = value_text(L, idx, type, &len, number);
    bool formula = mode == MODE_CSV && type == LUA_TSTRING && csv_formula(text, len);
    bool quoted = mode == MODE_DOT || mode == MODE_JSON || formula ||
                  (csv && csv_needs_quotes(text, len));
    if (quoted)
        PUT_LITERAL(L, b, "\"");
    if (formula)  /* OWASP's defence: a leading quote makes the cell text */
        PUT_LITERAL(L, b, "'");
    if (mode == MODE_PLAIN)
        put(L, b, text, len);
    else
        put_escaped(L, b, mode, text, len);
    if (quoted)
        PUT_LITERAL(L, b, "\"");
    if (top)
        lua_settop(L, top);
}

/* ---- the buffer ------------------------------------------------------------------------- */

/* The buffer at 1. The methods have the buffers' metatable as upvalue 1: comparing with it is
 * much cheaper than luaL_checkudata's lookup by name, and these are called millions of times. */
static text_buffer *check_buffer(lua_State *L)
{
    bool is_buffer = lua_getmetatable(L, 1) && lua_rawequal(L, -1, lua_upvalueindex(1));
    if (!is_buffer)
        luaL_typeerror(L, 1, TEXT_BUFFER);
    lua_pop(L, 1);
    return lua_touserdata(L, 1);
}

/* Writes what the buffer holds through its write function (user value 1), and empties it. */
static void flush(lua_State *L, text_buffer *b)
{
    if (!b->len)
        return;
    if (lua_getiuservalue(L, 1, 1) != LUA_TFUNCTION)
        luaL_error(L, "this buffer has no write function: use tostring(buffer)");
    lua_pushlstring(L, b->data, b->len);
    b->len = 0;
    lua_call(L, 1, 0);
}

/* Writes a buffer that has filled, when it has a write function; leaves the buffer at 1. */
static int written_when_full(lua_State *L, text_buffer *b)
{
    if (b->len >= FLUSH_AT) {
        lua_settop(L, 1);
        bool writable = lua_getiuservalue(L, 1, 1) == LUA_TFUNCTION;
        lua_pop(L, 1);
        if (writable)
            flush(L, b);
    }
    lua_pushvalue(L, 1);
    return 1;
}

static int buffer_flush(lua_State *L)
{
    flush(L, check_buffer(L));
    lua_settop(L, 1);
    return 1;
}

/* buf:add(...), buf:xml(v), ...: appends the arguments in one mode; returns the buffer. */
static int buffer_append(lua_State *L, text_mode mode)
{
    text_buffer *b = check_buffer(L);
    int n = lua_gettop(L);
    for (int i = 2; i <= n; i++)
        put_value(L, b, mode, i, lua_type(L, i));
    return written_when_full(L, b);
}

/* The mode of a directive of buf:format: %s plain, %x XML text, %a XML attribute value, %h
 * HTML, %q DOT string (quoted), %j JSON value, %c CSV field, %C CSV field as it is. */
static bool directive_mode(char c, text_mode *mode)
{
    static const char letters[] = "sxahqjcC";
    static const text_mode modes[] = {MODE_PLAIN, MODE_XML, MODE_XML_ATTR, MODE_HTML, MODE_DOT,
                                      MODE_JSON, MODE_CSV, MODE_CSV_RAW};
    const char *at = c ? strchr(letters, c) : NULL;
    if (at)
        *mode = modes[at - letters];
    return at != NULL;
}

/* ---- templates: buf:format and buf:rows ------------------------------------------------- */
/* A template is text with directives: %s %x %a %h %q %j %c %C take the next value (see
 * directive_mode), %% is a percent sign, and a group %{...%} is written only when none of its
 * values is nil or cpecgraph.null (%[...%] only when none is nil): an attribute that an element
 * lacks, say. Groups do not nest. */

/* A template compiled into steps, so that buf:rows reads its text once, not once per row. */
typedef enum step_kind { STEP_TEXT, STEP_VALUE, STEP_GROUP, STEP_GROUP_END } step_kind;

typedef struct template_step {
    step_kind kind;
    text_mode mode;        /* STEP_VALUE */
    bool nulls_too;        /* STEP_GROUP: %{ (nil and null leave it out) or %[ (nil only) */
    size_t end;            /* STEP_GROUP: the index of its STEP_GROUP_END */
    int values;            /* STEP_GROUP: the values it takes */
    const char *text;      /* STEP_TEXT */
    size_t len;
} template_step;

typedef struct template_code {
    template_step *steps;
    size_t count;
    int values;            /* directives that take a value */
} template_code;

static void template_error(lua_State *L, const char *message)
{
    luaL_argerror(L, 2, message);
}

/* Compiles FMT (LEN bytes; it must outlive CODE) into CODE->steps, room for which (a userdata)
 * is pushed on the stack. */
static void compile_template(lua_State *L, const char *fmt, size_t len, template_code *code)
{
    code->steps = lua_newuserdatauv(L, (2 * len + 1) * sizeof *code->steps, 0);
    code->count = 0;
    code->values = 0;
    const char *end = fmt + len, *run = fmt;
    size_t group = SIZE_MAX;  /* the open group's step */
    for (const char *p = fmt; p < end; p++) {
        if (*p != '%')
            continue;
        if (p > run)
            code->steps[code->count++] = (template_step){.kind = STEP_TEXT, .text = run,
                                                         .len = (size_t)(p - run)};
        char d = p + 1 < end ? p[1] : '\0';
        template_step *step = &code->steps[code->count];
        text_mode mode;
        if (d == '%') {
            *step = (template_step){.kind = STEP_TEXT, .text = p, .len = 1};
        } else if (d == '{' || d == '[') {
            if (group != SIZE_MAX)
                template_error(L, "groups do not nest");
            group = code->count;
            *step = (template_step){.kind = STEP_GROUP, .nulls_too = d == '{'};
        } else if (d == '}' || d == ']') {
            if (group == SIZE_MAX || (d == '}') != code->steps[group].nulls_too)
                template_error(L, lua_pushfstring(L, "'%%%c' closes no group", d));
            code->steps[group].end = code->count;
            group = SIZE_MAX;
            *step = (template_step){.kind = STEP_GROUP_END};
        } else if (directive_mode(d, &mode)) {
            *step = (template_step){.kind = STEP_VALUE, .mode = mode};
            code->values++;
            if (group != SIZE_MAX)
                code->steps[group].values++;
        } else {
            template_error(L, lua_pushfstring(L, "unknown directive '%%%c' (%%s, %%x, %%a, %%h, "
                           "%%q, %%j, %%c, %%{...%%}, %%[...%%] or %%%%)", d ? d : ' '));
        }
        code->count++;
        run = ++p + 1;
    }
    if (group != SIZE_MAX)
        template_error(L, lua_pushfstring(L, "a group is not closed ('%%%c' missing)",
                                          code->steps[group].nulls_too ? '}' : ']'));
    if (end > run)
        code->steps[code->count++] = (template_step){.kind = STEP_TEXT, .text = run,
                                                     .len = (size_t)(end - run)};
}

/* Whether the value at IDX, of TYPE, leaves its group out: nil, or null when NULLS_TOO. */
static bool absent(lua_State *L, int idx, int type, bool nulls_too)
{
    return type == LUA_TNIL || (nulls_too && nil_or_null(L, idx, type));
}

/* The types of the arguments from FIRST to LAST, for render: known once for all the rows. */
#define KNOWN_TYPES 64
typedef struct arg_types {
    int first, count;
    int of[KNOWN_TYPES];
} arg_types;

static void note_types(lua_State *L, arg_types *t, int first, int last)
{
    t->first = first;
    t->count = last - first + 1 < KNOWN_TYPES ? last - first + 1 : KNOWN_TYPES;
    for (int k = 0; k < t->count; k++)
        t->of[k] = lua_type(L, first + k);
}

static int type_of(lua_State *L, const arg_types *t, int arg)
{
    return arg - t->first < t->count ? t->of[arg - t->first] : lua_type(L, arg);
}

/* Appends CODE with the values from argument TYPES->first on: each argument itself, or, for a
 * ROW (buf:rows; 0 for buf:format), its element ROW when it is a table. A group is written as
 * it goes, and taken back when one of its values is absent. */
static void render(lua_State *L, text_buffer *b, const template_code *code,
                   const arg_types *types, int last, lua_Integer row)
{
    int arg = types->first, top = lua_gettop(L), group_arg = 0;
    size_t group_start = 0;
    const template_step *group = NULL;
    for (size_t i = 0; i < code->count; i++) {
        const template_step *step = &code->steps[i];
        switch (step->kind) {
        case STEP_TEXT:
            put(L, b, step->text, step->len);
            break;
        case STEP_GROUP:
            group = step;
            group_start = b->len;
            group_arg = arg;
            break;
        case STEP_GROUP_END:
            group = NULL;
            break;
        case STEP_VALUE: {
            if (arg > last)
                luaL_argerror(L, arg, "value expected (the template has more directives)");
            int idx = arg, type = type_of(L, types, arg);
            if (row && type == LUA_TTABLE) {  /* a column: its element, pushed */
                type = lua_rawgeti(L, arg, row);
                idx = top + 1;
            }
            arg++;
            if (group && absent(L, idx, type, group->nulls_too)) {  /* the group is left out */
                lua_settop(L, top);
                b->len = group_start;
                arg = group_arg + group->values;  /* its values are passed over */
                i = group->end;
                group = NULL;
                break;
            }
            put_value(L, b, step->mode, idx, type);
            if (idx > top)
                lua_settop(L, top);
            break;
        }
        }
    }
}

/* buf:format(fmt, ...): the template FMT with the arguments as its values, in one call: what
 * a line of markup needs ('<node id="%a">'), without a call per piece. */
static int buffer_format(lua_State *L)
{
    text_buffer *b = check_buffer(L);
    size_t len;
    const char *fmt = luaL_checklstring(L, 2, &len);
    int last = lua_gettop(L);
    template_code code;
    compile_template(L, fmt, len, &code);  /* its steps go on top, above the values */
    arg_types types;
    note_types(L, &types, 3, last);
    render(L, b, &code, &types, last, 0);
    return written_when_full(L, b);
}

/* buf:rows(fmt, n, ...): the template FMT once for each row I from 1 to N, each argument giving
 * its element I when it is a table (a column from graph:column, say), else itself: a whole
 * table of records in one call. Full buffers are written as they fill. */
static int buffer_rows(lua_State *L)
{
    text_buffer *b = check_buffer(L);
    size_t len;
    const char *fmt = luaL_checklstring(L, 2, &len);
    lua_Integer n = luaL_checkinteger(L, 3);
    int last = lua_gettop(L);
    template_code code;
    compile_template(L, fmt, len, &code);  /* its steps go on top, above the values */
    arg_types types;
    note_types(L, &types, 4, last);
    for (lua_Integer row = 1; row <= n; row++) {
        render(L, b, &code, &types, last, row);
        if (b->len < FLUSH_AT)
            continue;
        bool writable = lua_getiuservalue(L, 1, 1) == LUA_TFUNCTION;
        lua_pop(L, 1);
        if (writable)
            flush(L, b);
    }
    lua_pushvalue(L, 1);
    return 1;
}

static int buffer_add(lua_State *L) { return buffer_append(L, MODE_PLAIN); }
static int buffer_xml(lua_State *L) { return buffer_append(L, MODE_XML); }
static int buffer_xml_attr(lua_State *L) { return buffer_append(L, MODE_XML_ATTR); }
static int buffer_html(lua_State *L) { return buffer_append(L, MODE_HTML); }
static int buffer_dot(lua_State *L) { return buffer_append(L, MODE_DOT); }
static int buffer_json(lua_State *L) { return buffer_append(L, MODE_JSON); }
static int buffer_csv(lua_State *L) { return buffer_append(L, MODE_CSV); }
static int buffer_csv_raw(lua_State *L) { return buffer_append(L, MODE_CSV_RAW); }

static int buffer_tostring(lua_State *L)
{
    text_buffer *b = check_buffer(L);
    lua_pushlstring(L, b->data ? b->data : "", b->len);
    return 1;
}

static int buffer_len(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_buffer(L)->len);
    return 1;
}

/* text.buffer([write]) -> a new buffer; with WRITE (io.write, say), full buffers are written
 * through it as they fill, and buf:flush() writes the rest. */
static int text_buffer_new(lua_State *L)
{
    if (!lua_isnoneornil(L, 1))
        luaL_checktype(L, 1, LUA_TFUNCTION);
    text_buffer *b = lua_newuserdatauv(L, sizeof *b, 1);
    *b = (text_buffer){NULL, 0, 0};
    luaL_setmetatable(L, TEXT_BUFFER);
    lua_pushvalue(L, 1);
    lua_setiuservalue(L, -2, 1);
    return 1;
}

/* ---- one value at a time: text.xml(v) and its kin --------------------------------------- */

/* The value at 1 in MODE as a new string, through a buffer of its own (the string itself when
 * it needs no change, which is most text). */
static int escape_one(lua_State *L, text_mode mode)
{
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    if (mode != MODE_JSON && mode != MODE_DOT && lua_type(L, 1) == LUA_TSTRING) {
        size_t len;
        const char *s = lua_tolstring(L, 1, &len);
        bool csv = mode == MODE_CSV || mode == MODE_CSV_RAW;
        bool plain = !csv || (!csv_needs_quotes(s, len) &&
                              !(mode == MODE_CSV && csv_formula(s, len)));
        for (size_t i = 0; plain && i < len; i++)
            plain = !special[mode][(unsigned char)s[i]];
        if (plain)
            return 1;
    }
    text_buffer *box = lua_newuserdatauv(L, sizeof *box, 0);  /* collected with its data */
    *box = (text_buffer){NULL, 0, 0};
    luaL_setmetatable(L, TEXT_BUFFER);
    put_value(L, box, mode, 1, lua_type(L, 1));
    lua_pushlstring(L, box->data ? box->data : "", box->len);
    return 1;
}

static int text_xml(lua_State *L) { return escape_one(L, MODE_XML); }
static int text_xml_attr(lua_State *L) { return escape_one(L, MODE_XML_ATTR); }
static int text_html(lua_State *L) { return escape_one(L, MODE_HTML); }
static int text_dot(lua_State *L) { return escape_one(L, MODE_DOT); }
static int text_json(lua_State *L) { return escape_one(L, MODE_JSON); }
static int text_csv(lua_State *L) { return escape_one(L, MODE_CSV); }
static int text_csv_raw(lua_State *L) { return escape_one(L, MODE_CSV_RAW); }

/* text.number(x) -> the shortest text that reads back as X ("1.0" for a whole double). */
static int text_number(lua_State *L)
{
    luaL_checknumber(L, 1);
    char number[CPG_JSON_NUMBER_MAX];
    size_t len;
    value_text(L, 1, LUA_TNUMBER, &len, number);
    lua_pushlstring(L, number, len);
    return 1;
}

/* ---- case folding ------------------------------------------------------------------------ */

static int compare_fold(const void *key, const void *entry)
{
    uint32_t cp = *(const uint32_t *)key, from = ((const cpg_fold *)entry)->from;
    return cp < from ? -1 : cp > from;
}

/* The code point of the well-formed UTF-8 sequence of N bytes at S. */
static uint32_t decode_utf8(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    uint32_t cp = s[0] & lead_mask[n];
    for (size_t i = 1; i < n; i++)
        cp = (cp << 6) | (s[i] & 0x3F);
    return cp;
}

/* text.fold(s) -> S case-folded as Unicode does (CaseFolding.txt, full): "ZÜRICH" and
 * "zürich", "Straße" and "STRASSE" fold alike. Bytes that are not UTF-8 stay as they are. */
static int text_fold(lua_State *L)
{
    size_t len;
    const unsigned char *s = (const unsigned char *)luaL_checklstring(L, 1, &len);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (size_t i = 0; i < len;) {
        size_t bad = 0, n = s[i] < 0x80 ? 1 : cpg_utf8_sequence(s + i, len - i, &bad);
        if (n <= 1) {  /* ASCII, or a byte that begins no sequence */
            luaL_addchar(&b, (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]));
            i++;
            continue;
        }
        uint32_t cp = decode_utf8(s + i, n);
        const cpg_fold *fold = bsearch(&cp, cpg_folds, sizeof cpg_folds / sizeof *cpg_folds,
                                       sizeof *cpg_folds, compare_fold);
        if (!fold) {
            luaL_addlstring(&b, (const char *)s + i, n);
        } else {
            for (int k = 0; k < 3 && fold->to[k]; k++) {
                char out[4];
                luaL_addlstring(&b, out, cpg_utf8_put(out, fold->to[k]));
            }
        }
        i += n;
    }
    luaL_pushresult(&b);
    return 1;
}

void cpg_lua_open_text(lua_State *L)
{
    note_special_bytes();
    static const luaL_Reg methods[] = {
        {"add", buffer_add}, {"xml", buffer_xml}, {"xml_attr", buffer_xml_attr},
        {"html", buffer_html}, {"dot", buffer_dot}, {"json", buffer_json}, {"csv", buffer_csv},
        {"csv_raw", buffer_csv_raw}, {"format", buffer_format}, {"rows", buffer_rows}, {"flush", buffer_flush},
        {NULL, NULL},
    };
    static const luaL_Reg functions[] = {
        {"buffer", text_buffer_new}, {"xml", text_xml}, {"xml_attr", text_xml_attr},
        {"html", text_html}, {"dot", text_dot}, {"json", text_json}, {"csv", text_csv},
        {"csv_raw", text_csv_raw}, {"number", text_number}, {"fold", text_fold},
        {NULL, NULL},
    };
    cpg_lua_new_class(L, TEXT_BUFFER, (luaL_Reg[]){{"__gc", buffer_gc}, {NULL, NULL}}, NULL);
    lua_newtable(L);  /* buf:add(...): the methods straight from a table */
    lua_pushvalue(L, -2);
    luaL_setfuncs(L, methods, 1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "__index");
    lua_setfield(L, -2, "methods");
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, buffer_tostring, 1);
    lua_setfield(L, -2, "__tostring");
    lua_pushvalue(L, -1);
    lua_pushcclosure(L, buffer_len, 1);
    lua_setfield(L, -2, "__len");
    lua_pop(L, 1);
    luaL_newlib(L, functions);
}
