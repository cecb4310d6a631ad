/* output.h: the output sink: standard output, or a file written atomically.
 *
 * A file sink writes to a temporary file in the target's directory and renames it over the target
 * only on cpg_output_commit, so a run that fails leaves an existing file untouched and no partial
 * one behind. Write errors are sticky: after the first failure every write is refused and the
 * failure's errno is kept for the caller (EPIPE means the reader went away). */
#ifndef CPECGRAPH_OUTPUT_H
#define CPECGRAPH_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cpg_output cpg_output;

/* Opens standard output (PATH NULL) or a temporary file beside PATH. NULL with errno set. */
cpg_output *cpg_output_open(const char *path);

/* Appends LEN bytes; false once any write has failed. */
bool cpg_output_write(cpg_output *out, const char *data, size_t len);
bool cpg_output_printf(cpg_output *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* errno of the first failure, 0 when none. */
int cpg_output_error(const cpg_output *out);

/* Flushes and, for a file, moves it into place. Frees OUT. Returns 0 or an errno value. */
int cpg_output_commit(cpg_output *out);

/* Discards a file sink's temporary file, or flushes what standard output already holds. Frees OUT. */
void cpg_output_abort(cpg_output *out);

/* For a watchdog thread about to end the process: removes a file sink's temporary file and
 * flushes standard output if no other thread holds it. Frees nothing. */
void cpg_output_emergency_abort(cpg_output *out);

#endif
