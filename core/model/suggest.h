/* suggest.h: "did you mean" hints: the candidate closest to a misspelt name (internal). */
#ifndef CPECGRAPH_SUGGEST_H
#define CPECGRAPH_SUGGEST_H

#include <stddef.h>

typedef struct cpg_suggest {
    const char *wanted;
    size_t wanted_len;
    size_t max_distance;  /* a candidate further than this is no likely typo */
    const char *best;     /* borrowed from the caller's candidates */
    size_t best_distance;
} cpg_suggest;

void cpg_suggest_init(cpg_suggest *s, const char *wanted);
void cpg_suggest_consider(cpg_suggest *s, const char *candidate);

#endif
