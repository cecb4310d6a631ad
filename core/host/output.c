/* output.c: the output sink, with atomic replacement of -o files and sticky write errors. */
#define _POSIX_C_SOURCE 200809L
#include "cpecgraph/output.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct cpg_output {
    FILE *fp;
    char *path;      /* target, NULL for stdout */
    char *tmp_path;  /* the temporary file being written */
    int error;
};

/* "dir/.name.XXXXXX" beside PATH, so that rename() stays within one file system. */
static char *temp_name_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t size = strlen(path) + sizeof ".cpecgraph-XXXXXX" + 1;
    char *tmp = malloc(size);
    if (tmp)
        snprintf(tmp, size, "%.*s.%s.cpecgraph-XXXXXX", (int)dir_len, path, path + dir_len);
    return tmp;
}

/* The mode a plain fopen() would have given a new file, or the existing file's mode. */
static mode_t target_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* The temporary file being written, for the signal handler (one sink writes a file at a time),
 * and the dispositions it replaced. The signals are those whose default ends the process;
 * SIGALRM is the runtime's own (its watchdog stops Lua with it). */
static char *volatile pending_tmp_path;
static const int watched_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
                                      SIGXCPU, SIGSEGV, SIGBUS, SIGABRT};
#define WATCHED (sizeof watched_signals / sizeof *watched_signals)
static struct sigaction previous[WATCHED];

/* A watched signal: remove the partial file, then meet the signal as before. */
static void remove_partial_and_die(int sig)
{
    char *tmp = pending_tmp_path;
    if (tmp)
        unlink(tmp);
    for (size_t i = 0; i < WATCHED; i++)
        if (watched_signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
    raise(sig);
}

/* A stack for the handler, unless the process has one (ASan's): a SIGSEGV from a stack that
 * overflowed cannot run a handler on that stack. */
static void ensure_signal_stack(void)
{
    static char handler_stack[1 << 16];
    stack_t now;
    if (sigaltstack(NULL, &now) != 0 || !(now.ss_flags & SS_DISABLE))
        return;
    stack_t ours = {.ss_sp = handler_stack, .ss_size = sizeof handler_stack};
    sigaltstack(&ours, NULL);
}

/* Watches the signals that would otherwise leave TMP_PATH behind; NULL restores what was there.
 * A signal that was ignored (nohup) stays ignored. */
static void watch_signals(char *tmp_path)
{
    if (tmp_path)
        ensure_signal_stack();
    pending_tmp_path = tmp_path;
    for (size_t i = 0; i < WATCHED; i++) {
        if (!tmp_path) {
            sigaction(watched_signals[i], &previous[i], NULL);
            continue;
        }
        struct sigaction action = {0};
        action.sa_handler = remove_partial_and_die;
        action.sa_flags = SA_ONSTACK;
        sigemptyset(&action.sa_mask);
        sigaction(watched_signals[i], NULL, &previous[i]);
        if (previous[i].sa_handler != SIG_IGN)
            sigaction(watched_signals[i], &action, NULL);
    }
}

/* Whether PATH names an open file descriptor (/dev/stdout, /dev/fd/3, /proc/self/fd/1): -o
 * /dev/stdout, with stdout appending to a file, must append, not replace the file. */
static bool names_a_descriptor(const char *path)
{
    static const char *const prefixes[] = {"/dev/stdout", "/dev/stderr", "/dev/fd/",
                                           "/proc/self/fd/", NULL};
    for (const char *const *p = prefixes; *p; p++)
        if (strncmp(path, *p, strlen(*p)) == 0)
            return true;
    return strncmp(path, "/proc/", 6) == 0 && strstr(path, "/fd/");
}

/* A device, FIFO or socket cannot be replaced by renaming (and must not be: think of -o
 * /dev/null run as root): it is written to directly, as is an open descriptor. A regular file
 * is replaced, wherever it is (/dev/shm/x too). */
static bool is_special(const char *path)
{
    struct stat st;
    return names_a_descriptor(path) || (stat(path, &st) == 0 && !S_ISREG(st.st_mode));
}

static cpg_output *open_direct(cpg_output *out, const char *path)
{
    out->fp = fopen(path, "a"); /* "w" would truncate a file that /dev/stdout leads to */
    if (out->fp)
        return out;
    int saved = errno;
    free(out);
    errno = saved;
    return NULL;
}

/* The file a dangling symbolic link PATH names (relative to the link's directory), or NULL
 * when PATH is no link. */
static char *link_target(const char *path)
{
    char target[4096];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0 || (size_t)n >= sizeof target - 1)
        return NULL;
    target[n] = '\0';
    const char *slash = strrchr(path, '/');
    size_t dir = target[0] == '/' || !slash ? 0 : (size_t)(slash - path) + 1;
    char *joined = malloc(dir + (size_t)n + 1);
    if (joined)
        snprintf(joined, dir + (size_t)n + 1, "%.*s%s", (int)dir, path, target);
    return joined;
}

/* A symbolic link keeps pointing where it did: the file it names is the one replaced, or, when
 * it names none yet, made (a link to a file to come stays a link). */
static char *resolve_target(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    char *current = strdup(path);
    for (int hops = 0; current && hops < 40; hops++) {  /* as many as the kernel follows */
        char *next = link_target(current);
        if (!next)
            return current;
        free(current);
        current = next;
    }
    return current;
}

static cpg_output *open_file(cpg_output *out, const char *path)
{
    if (is_special(path))
        return open_direct(out, path);
    out->path = resolve_target(path);
    out->tmp_path = out->path ? temp_name_for(out->path) : NULL;
    int fd = out->tmp_path ? mkstemp(out->tmp_path) : -1;
    if (fd >= 0 && (fchmod(fd, target_mode(out->path)) != 0 || !(out->fp = fdopen(fd, "w")))) {
        int saved = errno;
        close(fd);
        unlink(out->tmp_path);
        errno = saved;
    }
    if (out->fp) {
        watch_signals(out->tmp_path);
        return out;
    }
    int saved = errno ? errno : ENOMEM;
    free(out->path);
    free(out->tmp_path);
    free(out);
    errno = saved;
    return NULL;
}

cpg_output *cpg_output_open(const char *path)
{
    cpg_output *out = calloc(1, sizeof *out);
    if (!out)
        return NULL;
    /* past a file size limit (ulimit -f) a write fails with EFBIG, an output error (exit 4),
     * instead of the process dying of SIGXFSZ */
    signal(SIGXFSZ, SIG_IGN);
    if (path)
        return open_file(out, path);
    out->fp = stdout;
    return out;
}

bool cpg_output_write(cpg_output *out, const char *data, size_t len)
{
    if (out->error)
        return false;
    if (fwrite(data, 1, len, out->fp) == len)
        return true;
    out->error = errno ? errno : EIO;
    return false;
}

bool cpg_output_printf(cpg_output *out, const char *fmt, ...)
{
    if (out->error)
        return false;
    va_list ap;
    va_start(ap, fmt);
    int rc = vfprintf(out->fp, fmt, ap);
    va_end(ap);
    if (rc >= 0)
        return true;
    out->error = errno ? errno : EIO;
    return false;
}

int cpg_output_error(const cpg_output *out)
{
    return out->error;
}

static void output_free(cpg_output *out)
{
    if (out->tmp_path)
        watch_signals(NULL);
    free(out->path);
    free(out->tmp_path);
    free(out);
}

/* fsync before rename: otherwise a crash can leave the new name pointing at an empty file. */
int cpg_output_commit(cpg_output *out)
{
    int error = out->error;
    if (!error && fflush(out->fp) != 0)
        error = errno ? errno : EIO;
    if (!out->path && out->fp != stdout && fclose(out->fp) != 0 && !error)
        error = errno ? errno : EIO;
    if (out->path) {
        if (!error && fsync(fileno(out->fp)) != 0)
            error = errno;
        if (fclose(out->fp) != 0 && !error)
            error = errno ? errno : EIO;
        if (!error && rename(out->tmp_path, out->path) != 0)
            error = errno;
        if (error)
            unlink(out->tmp_path);
    }
    output_free(out);
    return error;
}

void cpg_output_abort(cpg_output *out)
{
    if (out->path) {
        fclose(out->fp);
        unlink(out->tmp_path);
    } else if (out->fp != stdout) {
        fclose(out->fp); /* a device or FIFO: what was written is gone already */
    } else {
        fflush(out->fp);
    }
    output_free(out);
}

void cpg_output_emergency_abort(cpg_output *out)
{
    if (out && out->path) {
        unlink(out->tmp_path);
    } else if (ftrylockfile(stdout) == 0) {
        fflush(stdout);
        funlockfile(stdout);
    }
}
