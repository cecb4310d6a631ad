/* replay.c: runs a fuzz target on the files given, so that the seed corpus and every input a
 * fuzzer ever found stay regression tests in the ordinary (non-fuzzing) build. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *fp = fopen(argv[i], "rb");
        if (!fp) {
            perror(argv[i]);
            return 1;
        }
        size_t cap = 1 << 16, len = 0, n;
        uint8_t *buf = malloc(cap);
        while (buf && (n = fread(buf + len, 1, cap - len, fp)) > 0)
            if ((len += n) == cap && !(buf = realloc(buf, cap *= 2)))
                break;
        fclose(fp);
        if (!buf)
            return 1;
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
    }
    printf("%d passed, 0 failed\n", argc - 1);
    return 0;
}
