/* fuzz_time.c: libFuzzer target for cpg_time_parse: whatever the bytes (not NUL-terminated, so
 * that a read past them is caught), a date read is an interval that starts no later than it
 * ends, with finite ends, and the text of its start reads back as that instant. */
#include <assert.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpecgraph/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);  /* exactly SIZE bytes are the input */
    if (!text)
        return 0;
    memcpy(text, data, size);
    cpg_interval iv;
    const char *why = NULL;
    if (cpg_time_parse(text, size, &iv, &why)) {
        assert(isfinite(iv.start) && isfinite(iv.end) && iv.start <= iv.end);
        char back[40];
        cpg_time_format(floor(iv.start), back);
        cpg_interval again;
        assert(cpg_time_parse(back, strlen(back), &again, &why));
        assert(again.start == floor(iv.start) && again.start == again.end);
    } else {
        assert(why && *why);
    }
    free(text);
    return 0;
}
