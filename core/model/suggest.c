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
 * "tpo" is one edit from "top"), computed only in the band |i - j| <= LIMIT, so that a hostile
 * file of long ids costs O(length) per candidate. Returns LIMIT + 1 for anything further. */
static size_t bounded_distance(const char *a, size_t la, const char *b, size_t lb, size_t limit)
{
    size_t far = limit + 1, rows[3][SUGGEST_MAX_LEN + 2];
    size_t *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb + 1; j++)
        prev[j] = before[j] = cur[j] = j <= limit ? j : far;
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > limit ? i - limit : 1, hi = i + limit < lb ? i + limit : lb;
        cur[0] = i <= limit ? i : far;
        cur[lo - 1] = lo > 1 ? far : cur[0];
        size_t row_min = lo == 1 ? cur[0] : far; /* an empty band still has column 0 */
        for (size_t j = lo; j <= hi; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < cur[j])
                cur[j] = before[j - 2] + 1;
            if (cur[j] > far)
                cur[j] = far;
            if (cur[j] < row_min)
                row_min = cur[j];
        }
        cur[hi + 1] = far; /* the next row reads one cell past this band */
        if (row_min > limit)
            return far;
        size_t *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[lb] < far ? prev[lb] : far;
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
