/* json.c: strict RFC 8259 parser that builds cJSON trees and locates every fault by line:column. */
#include "cpecgraph/json.h"

#include "arena.h"
#include "hash.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define JSON_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define JSON_PRINTF(fmt, args)
#endif

#define JSON_LINEAR_KEYS 32   /* objects with fewer members find duplicates by scanning */
#define JSON_KEY_SHOWN 40     /* bytes of a key quoted in a message before "..." */
#define JSON_MEMO_KEYS 16     /* member positions whose last key streamed elements remember */
#define JSON_MEMO_KEY_LEN 64  /* longer keys are not remembered */
#define JSON_MEMO_BYTES ((size_t)256 << 10)  /* what holds them, at most */

/* The key last read at one member position of a streamed element, if it was plain text (no
 * escapes): elements mostly repeat their keys in order, so that the next key there is most
 * likely the same bytes, checked with one comparison and neither scanned, copied nor stored. */
typedef struct json_memo_key {
    const char *text;  /* in the parser's memo arena, or NULL */
    size_t len;
} json_memo_key;

/* Parser state. Lines are not tracked while parsing: only a failure needs them, and some
 * faults are reported at an earlier token (a trailing comma), so json_locate recounts them. */
typedef struct json_parser {
    const unsigned char *buf;
    size_t len;
    size_t pos;
    size_t depth;         /* arrays/objects currently open */
    cpg_json_error *err;
    const cpg_json_sink *sink;  /* NULL, or where streamed arrays' elements go */
    cpg_arena *scratch;   /* while parsing a streamed element: where it is built */
    cpg_arena *memo;      /* the remembered keys' text, for as long as the parse (or NULL) */
    json_memo_key memo_keys[JSON_MEMO_KEYS];
} json_parser;

/* What the parser wanted when it met a byte it cannot use. */
typedef enum json_expect {
    JSON_EXPECT_VALUE,
    JSON_EXPECT_NOTHING,      /* after the top-level value */
    JSON_EXPECT_KEY,
    JSON_EXPECT_COLON,
    JSON_EXPECT_ARRAY_NEXT,
    JSON_EXPECT_OBJECT_NEXT
} json_expect;

/* Where a value (or nothing) is expected the message names the byte; see json_fail_unexpected. */
static const char *const json_wrong_byte[] = {
    [JSON_EXPECT_KEY] = "expected a string key",
    [JSON_EXPECT_COLON] = "expected ':' after object key",
    [JSON_EXPECT_ARRAY_NEXT] = "expected ',' or ']' after array element",
    [JSON_EXPECT_OBJECT_NEXT] = "expected ',' or '}' after object member",
};

static const char *const json_at_end[] = {
    [JSON_EXPECT_VALUE] = "unexpected end of input, expected a value",
    [JSON_EXPECT_NOTHING] = "unexpected end of input",
    [JSON_EXPECT_KEY] = "unexpected end of input, expected a string key",
    [JSON_EXPECT_COLON] = "unexpected end of input, expected ':'",
    [JSON_EXPECT_ARRAY_NEXT] = "unexpected end of input, expected ',' or ']'",
    [JSON_EXPECT_OBJECT_NEXT] = "unexpected end of input, expected ',' or '}'",
};

/* ---- positions and messages ---- */

static bool json_has_bom(const unsigned char *buf, size_t len)
{
    return len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF;
}

/* Line and column of OFFSET. Columns count code points, i.e. bytes that are not UTF-8
 * continuation bytes; the BOM is not part of line 1. */
static void json_locate(const unsigned char *buf, size_t len, size_t offset, size_t *line, size_t *column)
{
    size_t start = 0;
    size_t lines = 1;
    size_t col = 1;
    const unsigned char *nl;

    while ((nl = memchr(buf + start, '\n', offset - start)) != NULL) {
        lines++;
        start = (size_t)(nl - buf) + 1;
    }
    if (lines == 1 && json_has_bom(buf, len) && offset >= 3)
        start = 3;
    for (size_t i = start; i < offset; i++)
        col += (buf[i] & 0xC0) != 0x80;
    *line = lines;
    *column = col;
}

static void json_fail(json_parser *p, size_t offset, const char *fmt, ...) JSON_PRINTF(3, 4);

static void json_fail(json_parser *p, size_t offset, const char *fmt, ...)
{
    va_list ap;

    p->err->offset = offset;
    json_locate(p->buf, p->len, offset, &p->err->line, &p->err->column);
    va_start(ap, fmt);
    vsnprintf(p->err->message, sizeof p->err->message, fmt, ap);
    va_end(ap);
}

static void json_fail_oom(json_parser *p)
{
    json_fail(p, p->pos, "out of memory");
}

/* Printable ASCII in quotes, anything else as its hex value. */
static const char *json_describe_byte(unsigned char c, char out[16])
{
    if (c > 0x20 && c < 0x7F)
        snprintf(out, 16, "'%c'", c);
    else
        snprintf(out, 16, "byte 0x%02X", c);
    return out;
}

static bool json_is_comment(const json_parser *p, size_t at)
{
    return p->buf[at] == '/' && at + 1 < p->len && (p->buf[at + 1] == '/' || p->buf[at + 1] == '*');
}

/* Reports the byte at p->pos (or the end of input), which cannot give what EXPECT needs.
 * NUL bytes, comments and non-ASCII bytes get messages of their own: they are the usual
 * causes (binary data, JSON5/JSONC files, stray UTF-8) and the generic text hides them. */
static void json_fail_unexpected(json_parser *p, json_expect expect)
{
    size_t at = p->pos;
    unsigned char c;
    char what[16];

    if (at >= p->len) {
        json_fail(p, at, "%s", json_at_end[expect]);
        return;
    }
    c = p->buf[at];
    if (c == 0)
        json_fail(p, at, "NUL byte in input");
    else if (json_is_comment(p, at))
        json_fail(p, at, "comments are not allowed in JSON");
    else if (expect == JSON_EXPECT_VALUE)
        json_fail(p, at, "unexpected %s, expected a value", json_describe_byte(c, what));
    else if (expect == JSON_EXPECT_NOTHING)
        json_fail(p, at, "unexpected %s after the JSON value", json_describe_byte(c, what));
    else if (c >= 0x80)
        json_fail(p, at, "unexpected byte 0x%02X", c);
    else
        json_fail(p, at, "%s", json_wrong_byte[expect]);
}

/* A malformed number or literal spans START..END; a NUL right after it is the real fault. */
static void json_fail_token(json_parser *p, size_t start, size_t end, const char *message)
{
    if (end < p->len && p->buf[end] == 0)
        json_fail(p, end, "NUL byte in input");
    else
        json_fail(p, start, "%s", message);
}

/* Copies KEY for a message: at most JSON_KEY_SHOWN bytes, cut between code points,
 * control characters escaped so the message stays on one line. */
static void json_quote_key(const char *key, char out[JSON_KEY_SHOWN + 8])
{
    const unsigned char *k = (const unsigned char *)key;
    size_t o = 0;

    while (*k) {
        size_t n = *k < 0x80 ? 1 : *k < 0xE0 ? 2 : *k < 0xF0 ? 3 : 4;
        size_t shown = (*k < 0x20 || *k == 0x7F) ? 6 : n;

        if (o + shown > JSON_KEY_SHOWN) {
            memcpy(out + o, "...", 4);
            return;
        }
        if (shown == 6)
            snprintf(out + o, 7, "\\u%04X", *k);
        else
            memcpy(out + o, k, n);
        o += shown;
        k += n;
    }
    out[o] = '\0';
}

/* ---- building the tree ---- */

/* Memory for the tree: from the sink's scratch arena inside a streamed element (so that an
 * element costs no malloc and no free), from cJSON's allocator elsewhere. */
static void *json_alloc(json_parser *p, size_t size)
{
    void *block = p->scratch ? cpg_arena_alloc(p->scratch, size) : cJSON_malloc(size);

    if (block == NULL)
        json_fail_oom(p);
    return block;
}

static cJSON *json_new_item(json_parser *p, int type)
{
    cJSON *item = json_alloc(p, sizeof *item);

    if (item == NULL)
        return NULL;
    memset(item, 0, sizeof *item);
    item->type = type;
    return item;
}

/* Appends in O(1): cJSON keeps the last child in child->prev, and its own functions rely on it. */
static void json_append(cJSON *parent, cJSON **tail, cJSON *item)
{
    if (*tail == NULL) {
        parent->child = item;
    } else {
        (*tail)->next = item;
        item->prev = *tail;
    }
    parent->child->prev = item;
    *tail = item;
}

/* ---- lexical helpers ---- */

/* JSON's four whitespace bytes. */
static const bool json_space_byte[256] = { [' '] = 1, ['\n'] = 1, ['\r'] = 1, ['\t'] = 1 };

static void json_skip_ws(json_parser *p)
{
    const unsigned char *b = p->buf;
    size_t i = p->pos;
    size_t n = p->len;

    while (i < n && json_space_byte[b[i]])
        i++;
    p->pos = i;
}

static int json_peek(const json_parser *p)
{
    return p->pos < p->len ? p->buf[p->pos] : -1;
}

static bool json_is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool json_is_word_byte(unsigned char c)
{
    return json_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* Bytes that, glued to a number, make it one malformed token ("01", "1.2.3", "0x1F"). */
static bool json_is_number_byte(unsigned char c)
{
    return json_is_word_byte(c) || c == '.' || c == '+' || c == '-';
}

static int json_hex_value(unsigned char c)
{
    if (json_is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- strings ---- */

/* Reads the four hex digits of the \u escape whose backslash is at AT. */
static bool json_read_hex4(json_parser *p, size_t open, size_t at, unsigned *cp)
{
    unsigned v = 0;

    for (size_t k = at + 2; k < at + 6; k++) {
        int d;

        if (k >= p->len) {
            json_fail(p, open, "unterminated string");
            return false;
        }
        d = json_hex_value(p->buf[k]);
        if (d < 0) {
            if (p->buf[k] == 0)
                json_fail(p, k, "NUL byte in input");
            else
                json_fail(p, at, "invalid \\u escape");
            return false;
        }
        v = v * 16 + (unsigned)d;
    }
    *cp = v;
    return true;
}

static bool json_is_high_surrogate(unsigned cp)
{
    return cp >= 0xD800 && cp <= 0xDBFF;
}

static bool json_is_low_surrogate(unsigned cp)
{
    return cp >= 0xDC00 && cp <= 0xDFFF;
}

/* Validates the \u escape at *IP (its backslash), with its low half if it is a high surrogate. */
static bool json_check_unicode_escape(json_parser *p, size_t open, size_t *ip)
{
    size_t at = *ip;
    size_t next = at + 6;
    unsigned cp, low;

    if (!json_read_hex4(p, open, at, &cp))
        return false;
    if (cp == 0) {
        /* cJSON strings are NUL-terminated, so the value would be silently cut. */
        json_fail(p, at, "\\u0000 is not supported in strings");
        return false;
    }
    if (json_is_low_surrogate(cp)) {
        json_fail(p, at, "unpaired surrogate in \\u escape");
        return false;
    }
    if (!json_is_high_surrogate(cp)) {
        *ip = next;
        return true;
    }
    if (next + 1 >= p->len) {
        json_fail(p, open, "unterminated string");
        return false;
    }
    if (p->buf[next] != '\\' || p->buf[next + 1] != 'u') {
        json_fail(p, at, "unpaired surrogate in \\u escape");
        return false;
    }
    if (!json_read_hex4(p, open, next, &low))
        return false;
    if (!json_is_low_surrogate(low)) {
        json_fail(p, at, "unpaired surrogate in \\u escape");
        return false;
    }
    *ip = next + 6;
    return true;
}

/* Validates the escape whose backslash is at *IP and moves *IP past it. */
static bool json_check_escape(json_parser *p, size_t open, size_t *ip)
{
    size_t at = *ip;
    unsigned char c;

    if (at + 1 >= p->len) {
        json_fail(p, open, "unterminated string");
        return false;
    }
    c = p->buf[at + 1];
    switch (c) {
    case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
        *ip = at + 2;
        return true;
    case 'u':
        return json_check_unicode_escape(p, open, ip);
    case 0:
        json_fail(p, at + 1, "NUL byte in input");
        return false;
    default:
        if (c > 0x20 && c < 0x7F)
            json_fail(p, at, "invalid escape '\\%c' in string", c);
        else
            json_fail(p, at, "invalid escape '\\' followed by byte 0x%02X in string", c);
        return false;
    }
}

size_t cpg_utf8_sequence(const unsigned char *s, size_t len, size_t *bad)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    size_t need;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;          /* shorter forms are overlong */
        else if (c == 0xED)
            hi = 0x9F;          /* ED A0..BF would encode surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;          /* beyond U+10FFFF */
    } else {
        *bad = 0;
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= len || s[k] < lo || s[k] > hi) {
            *bad = k;
            return 0;
        }
        lo = 0x80;
        hi = 0xBF;
    }
    return need + 1;
}

/* Validates the UTF-8 sequence starting at *IP and moves *IP past it. The fault is reported at
 * the first byte that cannot continue a well-formed sequence. */
static bool json_check_utf8(json_parser *p, size_t open, size_t *ip)
{
    size_t at = *ip, bad;
    size_t n = cpg_utf8_sequence((const unsigned char *)p->buf + at, p->len - at, &bad);
    if (n) {
        *ip = at + n;
        return true;
    }
    if (at + bad >= p->len)
        json_fail(p, open, "unterminated string");
    else if (bad && p->buf[at + bad] == 0)
        json_fail(p, at + bad, "NUL byte in input");
    else
        json_fail(p, at + bad, "invalid UTF-8 in string");
    return false;
}

/* Finds the closing quote of the string opening at p->pos, validating everything on the way;
 * *ESCAPED tells whether its content needs unescaping. */
/* The bytes a string holds as they are: printable ASCII but the quote and the backslash. */
static const bool json_plain_byte[256] = {
    [0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  /* 0x22 is '"' */
    [0x30] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x40] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x50] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,  /* 0x5C is '\\' */
    [0x60] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    [0x70] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static bool json_scan_string(json_parser *p, size_t *close, bool *escaped)
{
    const unsigned char *b = p->buf;
    size_t n = p->len;
    size_t open = p->pos;
    size_t i = open + 1;

    *escaped = false;
    while (i < n) {
        unsigned char c = b[i];

        if (json_plain_byte[c]) {
            i++;
        } else if (c == '"') {
            *close = i;
            return true;
        } else if (c == '\\') {
            if (!json_check_escape(p, open, &i))
                return false;
            *escaped = true;
        } else if (c >= 0x80) {
            if (!json_check_utf8(p, open, &i))
                return false;
        } else {
            if (c == 0)
                json_fail(p, i, "NUL byte in input");
            else
                json_fail(p, i, "unescaped control character U+%04X in string", c);
            return false;
        }
    }
    json_fail(p, open, "unterminated string");
    return false;
}

static unsigned json_hex4(const unsigned char *s)
{
    unsigned v = 0;

    for (int k = 0; k < 4; k++)
        v = v * 16 + (unsigned)json_hex_value(s[k]);
    return v;
}

size_t cpg_utf8_put(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the already validated string content S..END into OUT, which has room for it:
 * no escape decodes to more bytes than it is written with. */
static void json_unescape(const unsigned char *s, const unsigned char *end, char *out)
{
    while (s < end) {
        const unsigned char *bs = memchr(s, '\\', (size_t)(end - s));
        size_t run = (size_t)((bs ? bs : end) - s);
        unsigned cp;

        memcpy(out, s, run);
        out += run;
        if (bs == NULL)
            break;
        s = bs + 2;
        switch (bs[1]) {
        case 'b': *out++ = '\b'; break;
        case 'f': *out++ = '\f'; break;
        case 'n': *out++ = '\n'; break;
        case 'r': *out++ = '\r'; break;
        case 't': *out++ = '\t'; break;
        case 'u':
            cp = json_hex4(s);
            s += 4;
            if (json_is_high_surrogate(cp)) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (json_hex4(s + 2) - 0xDC00);
                s += 6;
            }
            out += cpg_utf8_put(out, cp);
            break;
        default:                /* '"', '\\', '/' stand for themselves */
            *out++ = (char)bs[1];
            break;
        }
    }
    *out = '\0';
}

/* Reads the string opening at p->pos into a new cJSON_malloc'd buffer. */
static char *json_read_string(json_parser *p)
{
    size_t open = p->pos;
    size_t close;
    size_t raw;
    bool escaped;
    char *s;

    if (!json_scan_string(p, &close, &escaped))
        return NULL;
    raw = close - open - 1;
    s = json_alloc(p, raw + 1);
    if (s == NULL)
        return NULL;
    if (escaped) {
        json_unescape(p->buf + open + 1, p->buf + close, s);
    } else {
        memcpy(s, p->buf + open + 1, raw);
        s[raw] = '\0';
    }
    p->pos = close + 1;
    return s;
}

static cJSON *json_parse_string(json_parser *p)
{
    char *s = json_read_string(p);
    cJSON *item;

    if (s == NULL)
        return NULL;
    item = json_new_item(p, cJSON_String);
    if (item == NULL) {
        cJSON_free(s);
        return NULL;
    }
    item->valuestring = s;
    return item;
}

/* ---- numbers and literals ---- */

static size_t json_skip_digits(const unsigned char *b, size_t i, size_t n)
{
    while (i < n && json_is_digit(b[i]))
        i++;
    return i;
}

/* End of the RFC 8259 number starting at START, or START when it is malformed. */
static size_t json_scan_number(const json_parser *p, size_t start)
{
    const unsigned char *b = p->buf;
    size_t n = p->len;
    size_t i = start;

    if (i < n && b[i] == '-')
        i++;
    if (i < n && b[i] == '0')
        i++;
    else if (i < n && b[i] >= '1' && b[i] <= '9')
        i = json_skip_digits(b, i + 1, n);
    else
        return start;
    if (i < n && b[i] == '.') {
        if (i + 1 >= n || !json_is_digit(b[i + 1]))
            return start;
        i = json_skip_digits(b, i + 2, n);
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
        i++;
        if (i < n && (b[i] == '+' || b[i] == '-'))
            i++;
        if (i >= n || !json_is_digit(b[i]))
            return start;
        i = json_skip_digits(b, i + 1, n);
    }
    if (i < n && json_is_number_byte(b[i]))
        return start;
    return i;
}

static size_t json_number_run_end(const json_parser *p, size_t i)
{
    while (i < p->len && json_is_number_byte(p->buf[i]))
        i++;
    return i;
}

/* The value of a plain decimal literal (-12.375, 0.005) of at most 15 digits, without strtod:
 * its digits M are exact in a double, and so is 10^K for its K fraction digits, so that M / 10^K
 * is the correctly rounded value strtod gives. False for anything else (exponents, more
 * digits), which strtod reads. */
static bool json_fast_number(const unsigned char *s, size_t n, double *v)
{
    static const double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = s[0] == '-', digits = 0, fraction = 0;
    uint64_t m = 0;
    bool point = false;
    for (; i < n; i++) {
        if (s[i] == '.' && !point) {
            point = true;
        } else if (s[i] >= '0' && s[i] <= '9') {
            m = m * 10 + (uint64_t)(s[i] - '0');
            digits += m > 0 || point;  /* leading zeros are no digits of M */
            fraction += point;
        } else {
            return false;  /* an exponent */
        }
        if (digits > 15)
            return false;
    }
    double x = (double)m / powers[fraction];
    *v = s[0] == '-' ? -x : x;
    return true;
}

/* The number's literal text becomes its valuestring: it tells integers from floats and keeps
 * digits a double cannot hold. cJSON_Delete frees it and cJSON_Print ignores it. */
static cJSON *json_parse_number(json_parser *p)
{
    size_t start = p->pos;
    size_t end = json_scan_number(p, start);
    size_t n = end - start;
    char *text;
    double v;
    cJSON *item;

    if (end == start) {
        json_fail_token(p, start, json_number_run_end(p, start), "invalid number");
        return NULL;
    }
    text = json_alloc(p, n + 1);
    if (text == NULL)
        return NULL;
    memcpy(text, p->buf + start, n);
    text[n] = '\0';
    /* strtod reads the decimal point of LC_NUMERIC; the program runs in the "C" locale,
     * where it is the '.' JSON uses. Underflow to 0 or a subnormal is accepted. */
    if (!json_fast_number((const unsigned char *)text, n, &v))
        v = strtod(text, NULL);
    if (isinf(v)) {
        cJSON_free(text);
        json_fail(p, start, "number out of range");
        return NULL;
    }
    item = json_new_item(p, cJSON_Number);
    if (item == NULL) {
        cJSON_free(text);
        return NULL;
    }
    cJSON_SetNumberHelper(item, v);
    item->valuestring = text;
    p->pos = end;
    return item;
}

static bool json_word_is(const unsigned char *w, size_t n, const char *lit)
{
    return n == strlen(lit) && memcmp(w, lit, n) == 0;
}

/* Words some JSON writers emit for non-finite numbers. */
static bool json_is_number_word(const unsigned char *w, size_t n)
{
    static const char *const words[] = { "nan", "inf", "infinity" };

    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        size_t len = strlen(words[k]);
        size_t i = 0;

        while (i < len && i < n && (w[i] | 0x20) == words[k][i])
            i++;
        if (i == len && n == len)
            return true;
    }
    return false;
}

/* true, false or null, spelled exactly; any other word is reported whole. */
static cJSON *json_parse_word(json_parser *p)
{
    size_t start = p->pos;
    size_t end = start;
    const unsigned char *w = p->buf + start;
    int type;

    while (end < p->len && json_is_word_byte(p->buf[end]))
        end++;
    if (json_word_is(w, end - start, "true")) {
        type = cJSON_True;
    } else if (json_word_is(w, end - start, "false")) {
        type = cJSON_False;
    } else if (json_word_is(w, end - start, "null")) {
        type = cJSON_NULL;
    } else {
        json_fail_token(p, start, end,
                        json_is_number_word(w, end - start) ? "invalid number" : "invalid literal");
        return NULL;
    }
    p->pos = end;
    return json_new_item(p, type);
}

/* ---- remembered keys ---- */

/* The key remembered at member position POSITION, when the string at p->pos is that key: the
 * string is then consumed. The remembered key was plain text, so the same bytes are valid. */
static char *json_recall_key(json_parser *p, size_t position)
{
    const json_memo_key *m = &p->memo_keys[position];
    size_t start = p->pos + 1;

    if (m->text == NULL || p->len - start <= m->len || p->buf[start + m->len] != '"' ||
        memcmp(p->buf + start, m->text, m->len) != 0)
        return NULL;
    p->pos = start + m->len + 1;
    return (char *)m->text;
}

/* Remembers KEY, just read from the input at KEY_AT, for member position POSITION (when it was
 * plain text: an unescaped string is as long as its bytes, an escaped one shorter). Keys are
 * never forgotten, as elements a sink keeps may use them: a file whose elements never repeat
 * their keys stops being remembered once JSON_MEMO_BYTES are taken. */
static void json_remember_key(json_parser *p, size_t position, const char *key, size_t key_at)
{
    size_t len = p->pos - key_at - 2;
    char *copy;

    if (p->memo == NULL || len > JSON_MEMO_KEY_LEN || strlen(key) != len ||
        cpg_arena_size(p->memo) + len + 1 > JSON_MEMO_BYTES)
        return;
    if ((copy = cpg_arena_alloc_text(p->memo, len + 1)) == NULL)
        return;
    memcpy(copy, key, len + 1);
    p->memo_keys[position] = (json_memo_key){ copy, len };
}

/* The key of a member at p->pos (the opening quote), the POSITION-th of its object: inside a
 * streamed element, one remembered there, else read (and remembered). */
static char *json_read_key(json_parser *p, size_t position)
{
    size_t key_at = p->pos;
    bool memo = p->scratch != NULL && p->memo != NULL && position < JSON_MEMO_KEYS;
    char *key = memo ? json_recall_key(p, position) : NULL;

    if (key != NULL)
        return key;
    key = json_read_string(p);
    if (key != NULL && memo)
        json_remember_key(p, position, key, key_at);
    return key;
}

/* ---- containers ---- */

static cJSON *json_parse_value(json_parser *p);

/* Consumes the opening bracket at p->pos after checking the nesting limit, which also bounds
 * the recursion and so the C stack. */
static cJSON *json_open_container(json_parser *p, int type)
{
    cJSON *item;

    if (p->depth >= CPG_JSON_MAX_DEPTH) {
        json_fail(p, p->pos, "nesting deeper than %d levels", CPG_JSON_MAX_DEPTH);
        return NULL;
    }
    item = json_new_item(p, type);
    if (item == NULL)
        return NULL;
    p->depth++;
    p->pos++;
    json_skip_ws(p);
    return item;
}

/* At p->pos after an element: consumes ',' and the whitespace after it. A ',' directly
 * before CLOSE is reported at the comma, where the mistake is, not at the bracket. */
static bool json_eat_comma(json_parser *p, char close, json_expect expect)
{
    size_t comma = p->pos;

    if (json_peek(p) != ',') {
        json_fail_unexpected(p, expect);
        return false;
    }
    p->pos++;
    json_skip_ws(p);
    if (json_peek(p) == close) {
        json_fail(p, comma, "trailing comma before '%c'", close);
        return false;
    }
    return true;
}

/* Element INDEX of the array under top-level member KEY, parsed in the sink's scratch arena
 * and handed to the sink with its text: the tree keeps the array empty, so only one element
 * is ever held at a time. */
static bool json_stream_element(json_parser *p, const char *key, size_t index)
{
    cJSON *item;
    bool taken;
    size_t start;

    json_skip_ws(p);
    start = p->pos;
    p->scratch = p->sink->scratch;
    item = json_parse_value(p);
    p->scratch = NULL;
    taken = item != NULL && p->sink->take(p->sink->ud, key, index, item,
                                          (const char *)p->buf + start, p->pos - start);
    if (p->sink->scratch != NULL && !p->sink->keeps_elements)
        cpg_arena_reset(p->sink->scratch);
    if (item != NULL && !taken)
        json_fail_oom(p);
    return taken;
}

/* An array; with STREAM_KEY (see json_streams) its elements go to the sink instead. */
static cJSON *json_parse_array(json_parser *p, const char *stream_key)
{
    cJSON *array = json_open_container(p, cJSON_Array);
    cJSON *tail = NULL;
    size_t index = 0;

    if (array == NULL)
        return NULL;
    if (json_peek(p) != ']') {
        for (;;) {
            if (stream_key != NULL) {
                if (!json_stream_element(p, stream_key, index++))
                    goto fail;
            } else {
                cJSON *item = json_parse_value(p);

                if (item == NULL)
                    goto fail;
                json_append(array, &tail, item);
            }
            json_skip_ws(p);
            if (json_peek(p) == ']')
                break;
            if (!json_eat_comma(p, ']', JSON_EXPECT_ARRAY_NEXT))
                goto fail;
        }
    }
    p->pos++;
    p->depth--;
    return array;
fail:
    cJSON_Delete(array);
    return NULL;
}

static bool json_streams(json_parser *p, const char *key)
{
    if (p->sink == NULL || p->depth != 1)
        return false;
    json_skip_ws(p);
    return json_peek(p) == '[' && p->sink->wants(p->sink->ud, key);
}

/* Open-addressing hash set of the keys of one large object. It points at keys owned by the
 * members, so it only lives while its object is being parsed. Probes read only a dense array
 * of 32-bit hash tags; the key pointers beside them are read when a tag matches. With a
 * million keys this halves the memory the probes wander through, and those random reads
 * (cache and TLB misses) are what the set costs. */
typedef struct json_key_set {
    const char **keys;         /* capacity entries, then the tags; one allocation */
    uint32_t *tags;            /* 0 marks an empty slot */
    unsigned bits;             /* capacity is 1 << bits */
    size_t count;
} json_key_set;

#define JSON_KEY_SET_MAX_BITS 31

typedef enum json_key_status { JSON_KEY_NEW, JSON_KEY_DUPLICATE, JSON_KEY_OOM } json_key_status;

static uint32_t json_key_tag(const char *key)
{
    uint64_t h = cpg_hash_string(key); /* keyed: a hostile file cannot make keys collide */

    h ^= h >> 32;
    return (uint32_t)h ? (uint32_t)h : 1u;
}

/* Fibonacci hashing spreads the tag over the table, so the slot can be rederived when growing. */
static size_t json_key_slot(uint32_t tag, unsigned bits)
{
    return (size_t)((uint32_t)(tag * 2654435769u) >> (32 - bits));
}

/* Places a key known to be absent. */
static void json_key_set_place(json_key_set *set, uint32_t tag, const char *key)
{
    size_t mask = ((size_t)1 << set->bits) - 1;
    size_t i = json_key_slot(tag, set->bits);

    while (set->tags[i] != 0)
        i = (i + 1) & mask;
    set->tags[i] = tag;
    set->keys[i] = key;
}

static bool json_key_set_grow(json_key_set *set)
{
    unsigned bits = set->keys ? set->bits + 1 : 7;
    size_t cap = (size_t)1 << bits;
    json_key_set bigger = { NULL, NULL, bits, set->count };

    if (bits > JSON_KEY_SET_MAX_BITS || cap > SIZE_MAX / (sizeof *bigger.keys + sizeof *bigger.tags))
        return false;
    bigger.keys = cJSON_malloc(cap * (sizeof *bigger.keys + sizeof *bigger.tags));
    if (bigger.keys == NULL)
        return false;
    bigger.tags = (uint32_t *)(bigger.keys + cap);
    memset(bigger.tags, 0, cap * sizeof *bigger.tags);
    for (size_t i = 0; set->keys && i < ((size_t)1 << set->bits); i++)
        if (set->tags[i] != 0)
            json_key_set_place(&bigger, set->tags[i], set->keys[i]);
    cJSON_free(set->keys);
    *set = bigger;
    return true;
}

static json_key_status json_key_set_add(json_key_set *set, const char *key)
{
    uint32_t tag = json_key_tag(key);
    size_t mask, i;

    /* Grow at half full: linear probing stays short below that. */
    if (set->keys == NULL || (set->count + 1) * 2 > ((size_t)1 << set->bits)) {
        if (!json_key_set_grow(set))
            return JSON_KEY_OOM;
    }
    mask = ((size_t)1 << set->bits) - 1;
    for (i = json_key_slot(tag, set->bits); set->tags[i] != 0; i = (i + 1) & mask)
        if (set->tags[i] == tag && strcmp(set->keys[i], key) == 0)
            return JSON_KEY_DUPLICATE;
    set->tags[i] = tag;
    set->keys[i] = key;
    set->count++;
    return JSON_KEY_NEW;
}

/* Small objects (nearly all) are scanned; once an object reaches JSON_LINEAR_KEYS members
 * its keys move to a hash set so huge objects stay linear. */
static json_key_status json_check_key(json_key_set *set, const cJSON *object, size_t members,
                                      const char *key)
{
    if (members < JSON_LINEAR_KEYS) {
        /* Comparing the first byte inline skips most strcmp calls. */
        for (const cJSON *m = object->child; m != NULL; m = m->next)
            if (m->string[0] == key[0] && strcmp(m->string, key) == 0)
                return JSON_KEY_DUPLICATE;
        return JSON_KEY_NEW;
    }
    if (set->keys == NULL) {
        for (const cJSON *m = object->child; m != NULL; m = m->next)
            if (json_key_set_add(set, m->string) == JSON_KEY_OOM)
                return JSON_KEY_OOM;
    }
    return json_key_set_add(set, key);
}

/* Parses one "key": value member at p->pos; the value comes back named by its key. */
static cJSON *json_parse_member(json_parser *p, const cJSON *object, size_t members,
                                json_key_set *keys)
{
    size_t key_at = p->pos;
    char shown[JSON_KEY_SHOWN + 8];
    char *key;
    cJSON *value;

    if (json_peek(p) != '"') {
        json_fail_unexpected(p, JSON_EXPECT_KEY);
        return NULL;
    }
    key = json_read_key(p, members);
    if (key == NULL)
        return NULL;
    switch (json_check_key(keys, object, members, key)) {
    case JSON_KEY_NEW:
        break;
    case JSON_KEY_DUPLICATE:
        json_quote_key(key, shown);
        json_fail(p, key_at, "duplicate key '%s' in object", shown);
        cJSON_free(key);
        return NULL;
    case JSON_KEY_OOM:
        json_fail_oom(p);
        cJSON_free(key);
        return NULL;
    }
    json_skip_ws(p);
    if (json_peek(p) != ':') {
        json_fail_unexpected(p, JSON_EXPECT_COLON);
        cJSON_free(key);
        return NULL;
    }
    p->pos++;
    value = json_streams(p, key) ? json_parse_array(p, key) : json_parse_value(p);
    if (value == NULL) {
        cJSON_free(key);
        return NULL;
    }
    value->string = key;
    return value;
}

static cJSON *json_parse_object(json_parser *p)
{
    cJSON *object = json_open_container(p, cJSON_Object);
    json_key_set keys = { NULL, NULL, 0, 0 };
    cJSON *tail = NULL;
    size_t members = 0;

    if (object == NULL)
        return NULL;
    if (json_peek(p) != '}') {
        for (;;) {
            cJSON *member = json_parse_member(p, object, members, &keys);

            if (member == NULL)
                goto fail;
            json_append(object, &tail, member);
            members++;
            json_skip_ws(p);
            if (json_peek(p) == '}')
                break;
            if (!json_eat_comma(p, '}', JSON_EXPECT_OBJECT_NEXT))
                goto fail;
        }
    }
    if (keys.keys != NULL)  /* the free hook costs a search of the arenas, even for NULL */
        cJSON_free(keys.keys);
    p->pos++;
    p->depth--;
    return object;
fail:
    if (keys.keys != NULL)
        cJSON_free(keys.keys);
    cJSON_Delete(object);
    return NULL;
}

static cJSON *json_parse_value(json_parser *p)
{
    json_skip_ws(p);
    if (p->pos >= p->len) {
        json_fail_unexpected(p, JSON_EXPECT_VALUE);
        return NULL;
    }
    switch (p->buf[p->pos]) {
    case '{':
        return json_parse_object(p);
    case '[':
        return json_parse_array(p, NULL);
    case '"':
        return json_parse_string(p);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
    case '+': case '.':         /* never valid, but clearly meant as numbers */
        return json_parse_number(p);
    default:
        if (json_is_word_byte(p->buf[p->pos]))
            return json_parse_word(p);
        json_fail_unexpected(p, JSON_EXPECT_VALUE);
        return NULL;
    }
}

/* ---- public API ---- */

static cJSON *json_parse_document(json_parser *p)
{
    cJSON *root;

    json_skip_ws(p);
    if (p->pos == p->len) {
        json_fail(p, p->pos, "empty input, expected a JSON value");
        return NULL;
    }
    root = json_parse_value(p);
    if (root == NULL)
        return NULL;
    json_skip_ws(p);
    if (p->pos < p->len) {
        json_fail_unexpected(p, JSON_EXPECT_NOTHING);
        cJSON_Delete(root);
        return NULL;
    }
    memset(p->err, 0, sizeof *p->err);
    return root;
}

/* A parse of BUF, streaming to SINK (or NULL), building the tree in ARENA (or NULL: with cJSON's
 * allocator). */
static cJSON *json_parse_with(const char *buf, size_t len, cpg_json_error *err,
                              const cpg_json_sink *sink, cpg_arena *arena)
{
    cpg_json_error scratch;
    json_parser p;
    cJSON *root;

    if (buf == NULL) {
        buf = "";
        len = 0;
    }
    p.buf = (const unsigned char *)buf;
    p.len = len;
    p.pos = json_has_bom(p.buf, len) ? 3 : 0;
    p.depth = 0;
    p.err = err ? err : &scratch;
    p.sink = sink;
    p.scratch = arena;
    /* made now, not at the first key: a sink's thread may be running by then, and making an
     * arena installs cJSON's hooks (NULL: no key is remembered) */
    p.memo = sink != NULL ? cpg_arena_new() : NULL;
    memset(p.memo_keys, 0, sizeof p.memo_keys);

    root = json_parse_document(&p);
    if (sink != NULL && sink->done != NULL)
        sink->done(sink->ud);  /* before the remembered keys go */
    cpg_arena_free(p.memo);
    return root;
}

cJSON *cpg_json_parse(const char *buf, size_t len, cpg_json_error *err)
{
    return json_parse_with(buf, len, err, NULL, NULL);
}

cJSON *cpg_json_parse_in(const char *buf, size_t len, cpg_json_error *err, cpg_arena *arena)
{
    return json_parse_with(buf, len, err, NULL, arena);
}

cJSON *cpg_json_parse_streaming(const char *buf, size_t len, cpg_json_error *err,
                                const cpg_json_sink *sink)
{
    return json_parse_with(buf, len, err, sink, NULL);
}

bool cpg_json_is_integer(const cJSON *number)
{
    const char *text = cpg_json_number_text(number);

    if (text == NULL)
        return false;
    for (; *text; text++)  /* not strpbrk: numbers are short, and the call costs more */
        if (*text == '.' || *text == 'e' || *text == 'E')
            return false;
    return true;
}

const char *cpg_json_number_text(const cJSON *number)
{
    if (number == NULL || (number->type & 0xFF) != cJSON_Number)
        return NULL;
    return number->valuestring;
}

bool cpg_json_has(const cJSON *object, const char *key)
{
    return cJSON_GetObjectItemCaseSensitive(object, key) != NULL;
}

cJSON *cpg_json_integer(long long v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v);
    char *text = cJSON_malloc((size_t)n + 1);
    cJSON *item;

    if (text == NULL)
        return NULL;
    memcpy(text, digits, (size_t)n + 1);
    item = cJSON_CreateNumber((double)v);
    if (item == NULL) {
        cJSON_free(text);
        return NULL;
    }
    item->valuestring = text;
    return item;
}

/* ---- printing ---- */

typedef struct json_out {
    char *buf;
    size_t len, cap;
    bool failed;
} json_out;

static void out_bytes(json_out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 256;
        while (cap < o->len + n + 1 && cap <= SIZE_MAX / 2)
            cap *= 2;
        char *bigger = cap >= o->len + n + 1 ? realloc(o->buf, cap) : NULL;
        if (bigger == NULL) {
            o->failed = true;
            return;
        }
        o->buf = bigger;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void out_text(json_out *o, const char *s)
{
    out_bytes(o, s, strlen(s));
}

static void out_string(json_out *o, const char *s)
{
    out_bytes(o, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *escape = NULL;
        char hex[8];

        switch (*p) {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        default:
            if (*p < 0x20) {
                snprintf(hex, sizeof hex, "\\u%04x", *p);
                escape = hex;
            }
        }
        if (escape != NULL)
            out_text(o, escape);
        else
            out_bytes(o, (const char *)p, 1);
    }
    out_bytes(o, "\"", 1);
}

/* The fast way for most numbers in data (4.59, 0.125, 1500.0): V as an integer M over 10^K, K
 * as small as can be, when M fits a double exactly; M / 10^K == V then proves that the decimal
 * reads back as V (the division is correctly rounded, as strtod is). The text is what the
 * shortest %.Ng gives, without printf. 0 when V is not such a number. */
static size_t format_decimal(double v, char text[CPG_JSON_NUMBER_MAX])
{
    static const double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                    1e11, 1e12, 1e13, 1e14, 1e15};
    if (!(fabs(v) >= 1e-4 && fabs(v) < 1e15))  /* outside: %g writes an exponent */
        return 0;
    for (int k = 0; k < 16; k++) {
        double m = nearbyint(v * powers[k]);  /* the product may be off by its last bit */
        if (fabs(m) >= 9007199254740992.0)
            return 0;
        if (m / powers[k] != v)
            continue;
        unsigned long long u = (unsigned long long)llabs((long long)m);
        for (; k > 0 && u % 10 == 0; k--)  /* 540.320 is 540.32: the same real number */
            u /= 10;
        char digits[24], *out = text;
        int n = 0;
        for (; u || !n; u /= 10)
            digits[n++] = (char)('0' + u % 10);  /* backwards */
        if (v < 0)
            *out++ = '-';
        for (int i = n - 1; i >= k; i--)
            *out++ = digits[i];
        if (n <= k)
            *out++ = '0';
        *out++ = '.';
        for (int i = k - 1; i >= 0; i--)
            *out++ = i < n ? digits[i] : '0';
        if (k == 0)
            *out++ = '0';
        *out = '\0';
        return (size_t)(out - text);
    }
    return 0;
}

size_t cpg_json_format_double(double v, char text[CPG_JSON_NUMBER_MAX])
{
    if (!isfinite(v))
        return (size_t)snprintf(text, CPG_JSON_NUMBER_MAX, "null");
    size_t fast = format_decimal(v, text);
    if (fast)
        return fast;
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, CPG_JSON_NUMBER_MAX, "%.*g", digits, v);
        if (strtod(text, NULL) == v)
            break;
    }
    if (strpbrk(text, ".eEn") == NULL)
        strcat(text, ".0");
    return strlen(text);
}

/* The literal a number was read or made with; else the shortest text that reads back as the
 * same double. */
static void out_number(json_out *o, const cJSON *item)
{
    char text[CPG_JSON_NUMBER_MAX];
    if (item->valuestring != NULL)
        out_text(o, item->valuestring);
    else
        out_bytes(o, text, cpg_json_format_double(item->valuedouble, text));
}

static void out_indent(json_out *o, bool pretty, size_t depth)
{
    if (!pretty)
        return;
    out_bytes(o, "\n", 1);
    for (size_t i = 0; i < depth; i++)
        out_bytes(o, "  ", 2);
}

static void out_value(json_out *o, const cJSON *item, bool pretty, size_t depth)
{
    switch (item->type & 0xFF) {
    case cJSON_NULL: out_text(o, "null"); return;
    case cJSON_False: out_text(o, "false"); return;
    case cJSON_True: out_text(o, "true"); return;
    case cJSON_Number: out_number(o, item); return;
    case cJSON_String: out_string(o, item->valuestring ? item->valuestring : ""); return;
    case cJSON_Raw: out_text(o, item->valuestring ? item->valuestring : "null"); return;
    default: break;
    }
    bool object = cJSON_IsObject(item);
    out_bytes(o, object ? "{" : "[", 1);
    for (const cJSON *c = item->child; c != NULL; c = c->next) {
        out_indent(o, pretty, depth + 1);
        if (object) {
            out_string(o, c->string ? c->string : "");
            out_text(o, pretty ? ": " : ":");
        }
        out_value(o, c, pretty, depth + 1);
        if (c->next != NULL)
            out_bytes(o, ",", 1);
    }
    if (item->child != NULL)
        out_indent(o, pretty, depth);
    out_bytes(o, object ? "}" : "]", 1);
}

char *cpg_json_print(const cJSON *item, bool pretty)
{
    json_out o = { NULL, 0, 0, false };

    out_value(&o, item, pretty, 0);
    if (o.failed) {
        free(o.buf);
        return NULL;
    }
    return o.buf;
}
