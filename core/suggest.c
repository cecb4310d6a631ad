/* suggest.c: bounded edit distance for "did you mean" hints on unknown ids, plugins and args. */
#include "suggest.h"

#include <string.h>

enum { SUGGEST_MAX_LEN = 128 };

void cpg_suggest_init(cpg_suggest *s, const char *wanted)
{
    s->wanted = wanted;
    s->wanted_len = strlen(wanted);
    /* one edit in short names, about one in three in long ones, never more than three */
    s->max_distance = s->wanted_len < 6 ? 1 : s->wanted_len < 9 ? 2 : 3;
    s->best = NULL;
    s->best_distance = s->max_distance + 1;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

/* Levenshtein distance with adjacent transpositions folded in as substitutions; stops early
 * and returns LIMIT + 1 once every path exceeds LIMIT. */
static size_t bounded_distance(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
    size_t row[SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0], row_min;
        row[0] = row_min = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            row[j] = min3(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1]));
            diagonal = above;
            if (row[j] < row_min)
                row_min = row[j];
        }
        if (row_min > limit)
            return limit + 1;
    }
    return row[lb];
}

void cpg_suggest_consider(cpg_suggest *s, const char *candidate)
{
    size_t len = strlen(candidate);
    size_t gap = len > s->wanted_len ? len - s->wanted_len : s->wanted_len - len;
    if (gap >= s->best_distance || len > SUGGEST_MAX_LEN || s->wanted_len > SUGGEST_MAX_LEN ||
        strcmp(candidate, s->wanted) == 0)
        return;
    size_t d = bounded_distance(s->wanted, s->wanted_len, candidate, len, s->best_distance - 1);
    if (d < s->best_distance) {
        s->best = candidate;
        s->best_distance = d;
    }
}
