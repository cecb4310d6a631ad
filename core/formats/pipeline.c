/* pipeline.c: streamed JSON elements taken on a thread of their own (see pipeline.h). */
#include "pipeline.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define PIPE_BATCHES 4  /* the parser fills one while the thread empties the oldest */
#define PIPE_BATCH_ITEMS 256  /* a hand-over costs a lock and a wake-up: not one per element */
#define PIPE_BATCH_BYTES ((size_t)1 << 20)  /* nor a large file's elements in one batch */

typedef struct pipe_item {
    const char *key;
    size_t index;
    cJSON *element;
    const char *text;
    size_t len;
} pipe_item;

typedef struct pipe_batch {
    cpg_arena *arena;  /* where its elements were built */
    size_t count;
    pipe_item items[PIPE_BATCH_ITEMS];
} pipe_batch;

/* The batches form a ring: FULL of them from FIRST_FULL on are handed over (the oldest may be
 * being emptied), and the parser fills the one after them, so that it can only move on to a
 * batch that is free. */
struct cpg_pipeline {
    cpg_json_sink target;  /* takes the elements, on the thread */
    cpg_json_sink sink;    /* what the parser sees */
    pipe_batch batches[PIPE_BATCHES];
    size_t filling;        /* the parser's own */
    bool stopped;          /* the parser's own: a hand-over found the target failed */
    const char *key_seen;  /* the parser's own: the last key it gave, and a copy in KEYS */
    const char *key_copy;
    cpg_arena *keys;       /* keys outlive their arrays in the parser, which may fail first */
    pthread_t thread;
    bool running;          /* started and not joined */
    pthread_mutex_t lock;  /* over what follows */
    pthread_cond_t changed;
    size_t first_full, full;
    bool finished;         /* no more batches will come */
    bool failed;           /* the target refused an element: the rest are dropped */
};

/* ---- the thread ------------------------------------------------------------------------- */

/* Gives B's elements to the target in order (none once it has failed) and empties B. */
static bool take_batch(cpg_pipeline *p, pipe_batch *b, bool failed)
{
    for (size_t i = 0; i < b->count && !failed; i++) {
        const pipe_item *it = &b->items[i];
        failed = !p->target.take(p->target.ud, it->key, it->index, it->element, it->text,
                                 it->len);
    }
    b->count = 0;
    cpg_arena_reset(b->arena);
    return failed;
}

static void *pipe_run(void *arg)
{
    cpg_pipeline *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->full == 0 && !p->finished)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->full == 0)
            break;
        pipe_batch *b = &p->batches[p->first_full];
        bool failed = p->failed;
        pthread_mutex_unlock(&p->lock);
        failed = take_batch(p, b, failed);
        pthread_mutex_lock(&p->lock);
        p->failed = failed;
        p->first_full = (p->first_full + 1) % PIPE_BATCHES;
        p->full--;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* ---- the parser's side ------------------------------------------------------------------ */

static bool pipe_wants(void *ud, const char *key)
{
    cpg_pipeline *p = ud;
    return p->target.wants(p->target.ud, key);
}

/* Hands the batch being filled over and moves to the next once it is free; false (and the
 * parser stops) once the target has failed. */
static bool hand_over(cpg_pipeline *p)
{
    pthread_mutex_lock(&p->lock);
    p->full++;
    pthread_cond_broadcast(&p->changed);
    while (p->full == PIPE_BATCHES && !p->failed)
        pthread_cond_wait(&p->changed, &p->lock);
    p->stopped = p->failed;
    pthread_mutex_unlock(&p->lock);
    if (p->stopped)
        return false;
    p->filling = (p->filling + 1) % PIPE_BATCHES;
    p->sink.scratch = p->batches[p->filling].arena;
    return true;
}

/* KEY, copied when it is not the key the parser gave last (one per streamed array). */
static const char *lasting_key(cpg_pipeline *p, const char *key)
{
    if (key != p->key_seen || !p->key_copy || strcmp(key, p->key_copy) != 0) {
        p->key_seen = key;
        p->key_copy = cpg_arena_strdup(p->keys, key);
    }
    return p->key_copy;
}

static bool pipe_take(void *ud, const char *key, size_t index, cJSON *element, const char *text,
                      size_t len)
{
    cpg_pipeline *p = ud;
    const char *lasting = lasting_key(p, key);
    if (!lasting)
        return false;
    pipe_batch *b = &p->batches[p->filling];
    b->items[b->count++] = (pipe_item){lasting, index, element, text, len};
    if (b->count < PIPE_BATCH_ITEMS && cpg_arena_size(b->arena) < PIPE_BATCH_BYTES)
        return true;
    return hand_over(p);
}

/* The last batch goes, and the thread ends once it has taken everything. */
static void pipe_done(void *ud)
{
    cpg_pipeline *p = ud;
    pthread_mutex_lock(&p->lock);
    if (!p->stopped && p->batches[p->filling].count > 0)
        p->full++;
    p->finished = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (p->running)
        pthread_join(p->thread, NULL);
    p->running = false;
}

/* ---- life ------------------------------------------------------------------------------- */

/* Starts the thread with every signal blocked, so that signals go to the threads that handle
 * them (the watchdog's, Ctrl-C) and never interrupt the intake. */
static bool start_thread(cpg_pipeline *p)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    p->running = pthread_create(&p->thread, NULL, pipe_run, p) == 0;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return p->running;
}

static void free_arenas(cpg_pipeline *p)
{
    for (size_t i = 0; i < PIPE_BATCHES; i++)
        cpg_arena_free(p->batches[i].arena);
    cpg_arena_free(p->keys);
}

/* The lock, its condition and the thread, in that order; false (with none of them) on failure. */
static bool start(cpg_pipeline *p)
{
    if (pthread_mutex_init(&p->lock, NULL) != 0)
        return false;
    if (pthread_cond_init(&p->changed, NULL) == 0) {
        if (start_thread(p))
            return true;
        pthread_cond_destroy(&p->changed);
    }
    pthread_mutex_destroy(&p->lock);
    return false;
}

cpg_pipeline *cpg_pipeline_new(const cpg_json_sink *target)
{
    cpg_pipeline *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->target = *target;
    bool ok = (p->keys = cpg_arena_new()) != NULL;
    for (size_t i = 0; i < PIPE_BATCHES; i++)
        ok = (p->batches[i].arena = cpg_arena_new()) != NULL && ok;
    if (!ok || !start(p)) {
        free_arenas(p);
        free(p);
        return NULL;
    }
    p->sink = (cpg_json_sink){.wants = pipe_wants, .take = pipe_take, .done = pipe_done, .ud = p,
                              .scratch = p->batches[0].arena, .keeps_elements = true};
    return p;
}

const cpg_json_sink *cpg_pipeline_sink(cpg_pipeline *p)
{
    return &p->sink;
}

void cpg_pipeline_free(cpg_pipeline *p)
{
    if (!p)
        return;
    if (p->running) {  /* no parse came to its end: what was handed over is dropped */
        pthread_mutex_lock(&p->lock);
        p->failed = true;
        pthread_mutex_unlock(&p->lock);
        p->stopped = true;
        pipe_done(p);
    }
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free_arenas(p);
    free(p);
}
