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

/* Edit distance counting an adjacent transposition as one edit (optimal string alignment:
 * "tpo" is one edit from "top"); stops early and returns LIMIT + 1 once every path exceeds
 * LIMIT. */
static size_t bounded_distance(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
    size_t rows[3][SUGGEST_MAX_LEN + 1];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t row_min = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < cur[j])
                cur[j] = before[j - 2] + 1;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        if (row_min > limit)
            return limit + 1;
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[lb];
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
