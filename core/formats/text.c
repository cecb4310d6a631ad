/* text.c: the cursor, sniffing tests and implicit nodes of the text-format readers (text.h). */
#include "text.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpecgraph/json.h"

cpg_text cpg_text_open(const char *buf, size_t len)
{
    cpg_text t = {buf, len, 0, 1, 0};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        t.i = t.line_start = 3;
    return t;
}

cpg_text cpg_text_window(const char *buf, size_t len, size_t limit)
{
    return cpg_text_open(buf, len < limit ? len : limit);
}

void cpg_text_next(cpg_text *t)
{
    if (t->i >= t->len)
        return;
    if (t->s[t->i++] == '\n') {
        t->line++;
        t->line_start = t->i;
    }
}

void cpg_text_skip_spaces(cpg_text *t, bool stop_at_newline)
{
    while (!cpg_text_end(t) && isspace((unsigned char)t->s[t->i]) &&
           !(stop_at_newline && t->s[t->i] == '\n'))
        cpg_text_next(t);
}

void cpg_text_skip_line(cpg_text *t)
{
    while (!cpg_text_end(t) && t->s[t->i] != '\n')
        t->i++;
    cpg_text_next(t);
}

static bool at_pair(const cpg_text *t, char a, char b)
{
    return t->i + 1 < t->len && t->s[t->i] == a && t->s[t->i + 1] == b;
}

void cpg_text_skip_comments(cpg_text *t, char line_comment, bool c_comments)
{
    for (;;) {
        cpg_text_skip_spaces(t, false);
        if (cpg_text_end(t))
            return;
        if ((line_comment && t->s[t->i] == line_comment) || (c_comments && at_pair(t, '/', '/'))) {
            cpg_text_skip_line(t);
        } else if (c_comments && at_pair(t, '/', '*')) {
            t->i += 2;
            while (!cpg_text_end(t) && !at_pair(t, '*', '/'))
                cpg_text_next(t);
            t->i = t->i + 2 < t->len ? t->i + 2 : t->len;
        } else {
            return;
        }
    }
}

bool cpg_text_word_at(const cpg_text *t, const char *word)
{
    size_t n = strlen(word), i = t->i;
    if (i > t->len || t->len - i < n || strncasecmp(t->s + i, word, n) != 0)
        return false;
    return i + n >= t->len || !(isalnum((unsigned char)t->s[i + n]) || t->s[i + n] == '_');
}

load_place cpg_text_place(const cpg_text *t)
{
    return (load_place){.line = t->line, .column = t->i - t->line_start + 1, .text = true};
}

bool cpg_text_named(const char *name, const char *const suffixes[4])
{
    size_t n = strlen(name);
    for (int k = 0; k < 4 && suffixes[k]; k++) {
        size_t s = strlen(suffixes[k]);
        if (n > s && strcasecmp(name + n - s, suffixes[k]) == 0)
            return true;
    }
    return false;
}

bool cpg_text_refuse_bad_text(load_ctx *ctx, const char *buf, size_t len, const char *format)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t i = 0, n, bad = 0;
    while (i < len && u[i] && (n = u[i] < 0x80 ? 1 : cpg_utf8_sequence(u + i, len - i, &bad)))
        i += n;
    if (i == len)
        return false;
    size_t at = u[i] ? i + bad : i;
    cpg_text t = cpg_text_open(buf, at);
    while (!cpg_text_end(&t))
        cpg_text_next(&t);
    load_place place = cpg_text_place(&t);
    if (!u[i])
        cpg_load_error(ctx, &place, NULL, "a NUL byte: this is not %s", format);
    else
        cpg_load_error(ctx, &place, NULL, "invalid UTF-8: cpecgraph reads %s in UTF-8 (convert "
                       "it first, e.g. iconv -f latin1 -t utf-8)", format);
    return true;
}

/* ---- nodes and edges ---------------------------------------------------------------------- */

static bool make_node(load_ctx *ctx, const char *id, const load_place *at)
{
    if (cpg_idmap_get(&ctx->file_ids, id) >= 0)
        return true;
    cJSON *item = cJSON_CreateString(id);
    if (!item) {
        cpg_load_out_of_memory(ctx);
        return false;
    }
    size_t errors = ctx->diags->error_count;
    cpg_load_node(ctx, item, NULL, NULL, at);
    cJSON_Delete(item);
    return ctx->diags->error_count == errors && !ctx->out_of_memory;
}

void cpg_text_edge(load_ctx *ctx, const char *source, const char *target, const cJSON *attrs,
                   const load_place *at)
{
    if (!make_node(ctx, source, at) || !make_node(ctx, target, at))
        return;
    cJSON *s = cJSON_CreateString(source), *t = cJSON_CreateString(target);
    if (s && t)
        cpg_load_edge(ctx, s, t, attrs, at);
    else
        cpg_load_out_of_memory(ctx);
    cJSON_Delete(s);
    cJSON_Delete(t);
}

bool cpg_text_add(load_ctx *ctx, cJSON *object, const char *key, cJSON *item)
{
    if (object && item && cJSON_AddItemToObject(object, key, item))
        return true;
    cJSON_Delete(item);
    cpg_load_out_of_memory(ctx);
    return false;
}

bool cpg_text_set(load_ctx *ctx, cJSON *object, const char *key, cJSON *item)
{
    if (object)
        cJSON_DeleteItemFromObjectCaseSensitive(object, key);
    return cpg_text_add(ctx, object, key, item);
}

bool cpg_text_append(load_ctx *ctx, cJSON *array, cJSON *item)
{
    if (array && item && cJSON_AddItemToArray(array, item))
        return true;
    cJSON_Delete(item);
    cpg_load_out_of_memory(ctx);
    return false;
}

/* ---- values ------------------------------------------------------------------------------- */

/* Whether the LEN bytes at S are a number as JSON writes one (no sign but '-', no leading
 * zeros: "02134" is a postcode, not 2134); *INTEGER when it has no fraction or exponent. */
static bool json_number_text(const char *s, size_t len, bool *integer)
{
    size_t i = len && s[0] == '-';
    size_t digits = i;
    while (i < len && isdigit((unsigned char)s[i]))
        i++;
    if (i == digits || (s[digits] == '0' && i - digits > 1))
        return false;
    *integer = true;
    if (i < len && s[i] == '.') {
        size_t fraction = ++i;
        while (i < len && isdigit((unsigned char)s[i]))
            i++;
        if (i == fraction)
            return false;
        *integer = false;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i += i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-');
        size_t exponent = ++i;
        while (i < len && isdigit((unsigned char)s[i]))
            i++;
        if (i == exponent)
            return false;
        *integer = false;
    }
    return i == len;
}

cJSON *cpg_text_scalar(const char *s, size_t len)
{
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    bool integer;
    cJSON *item;
    if (!json_number_text(copy, len, &integer)) {
        item = cJSON_CreateString(copy);
    } else {
        errno = 0;
        long long v = integer ? strtoll(copy, NULL, 10) : 0;
        double d = strtod(copy, NULL);
        item = integer && errno == 0 ? cpg_json_integer(v)
               : isfinite(d)         ? cJSON_CreateNumber(d)
                                     : cJSON_CreateString(copy);
    }
    if (copy != small)
        free(copy);
    return item;
}

size_t cpg_text_wide_unit(const char *buf, size_t len)
{
    static const char *const starts[] = {"\0\0\xFE\xFF", "\0\0\0<", "\xFF\xFE\0\0", "<\0\0\0",
                                         "\xFF\xFE", "\xFE\xFF", "<\0", "\0<"};
    static const size_t lengths[] = {4, 4, 4, 4, 2, 2, 2, 2};
    for (size_t i = 0; i < sizeof lengths / sizeof *lengths; i++)
        if (len >= lengths[i] && memcmp(buf, starts[i], lengths[i]) == 0)
            return i < 4 ? 4 : 2;  /* UTF-32 first: its marks begin as UTF-16's do */
    return 0;
}
