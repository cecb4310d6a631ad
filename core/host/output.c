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
 * and the dispositions it replaced. */
static char *volatile pending_tmp_path;
static const int watched_signals[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction previous[3];

/* SIGINT, SIGTERM, SIGHUP: remove the partial file, then meet the signal as before. */
static void remove_partial_and_die(int sig)
{
    char *tmp = pending_tmp_path;
    if (tmp)
        unlink(tmp);
    for (size_t i = 0; i < 3; i++)
        if (watched_signals[i] == sig)
            sigaction(sig, &previous[i], NULL);
    raise(sig);
}

/* Watches the signals that would otherwise leave TMP_PATH behind; NULL restores what was there.
 * A signal that was ignored (nohup) stays ignored. */
static void watch_signals(char *tmp_path)
{
    pending_tmp_path = tmp_path;
    for (size_t i = 0; i < 3; i++) {
        if (!tmp_path) {
            sigaction(watched_signals[i], &previous[i], NULL);
            continue;
        }
        struct sigaction action = {0};
        action.sa_handler = remove_partial_and_die;
        sigemptyset(&action.sa_mask);
        sigaction(watched_signals[i], NULL, &previous[i]);
        if (previous[i].sa_handler != SIG_IGN)
            sigaction(watched_signals[i], &action, NULL);
    }
}

/* A device, FIFO or socket cannot be replaced by renaming (and must not be: think of -o
 * /dev/null run as root): it is written to directly. So is anything named through /dev or
 * /proc (-o /dev/stdout with stdout appending to a file must append, not replace it). */
static bool is_special(const char *path)
{
    struct stat st;
    if (strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0)
        return true;
    return stat(path, &st) == 0 && !S_ISREG(st.st_mode);
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

/* A symbolic link keeps pointing where it did: the file it names is the one replaced. */
static char *resolve_target(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : strdup(path);
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
