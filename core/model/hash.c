/* hash.c: a keyed string hash for the id index, the string pool and the JSON parser's
 * duplicate-key check. */
#include "hash.h"

#include <stdatomic.h>
#include <string.h>
#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* Drawn at the first hash, which may come from the loader's two threads at once: the first to
 * store its key wins, and both use that one. */
static _Atomic uint64_t hash_key;

static uint64_t draw_key(void)
{
    uint64_t key, none = 0;
    if (getrandom(&key, sizeof key, GRND_NONBLOCK) != (ssize_t)sizeof key)
        key = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    key |= 1;
    return atomic_compare_exchange_strong(&hash_key, &none, key) ? key : none;
}

/* The 128-bit product of A and B folded to 64 bits: one multiply mixes every bit of both. */
static inline uint64_t fold_multiply(uint64_t a, uint64_t b)
{
    unsigned __int128 r = (unsigned __int128)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t read64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t read32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

#define MIX0 0xa0761d6478bd642fULL
#define MIX1 0xe7037ed1a0b428dbULL

/* The scheme of wyhash (Wang Yi, public domain): 16 bytes per multiply, and keys of up to 16
 * bytes, which ids are, read in at most four loads whatever their length. Byte-at-a-time
 * hashes cost a multiply per byte: on a million edges that was a tenth of a load. */
uint64_t cpg_hash_bytes(const char *key, size_t len)
{
    const unsigned char *p = (const unsigned char *)key;
    uint64_t seed = atomic_load_explicit(&hash_key, memory_order_relaxed), a, b;
    if (!seed)
        seed = draw_key();
    if (len <= 16) {
        if (len >= 4) {
            size_t middle = (len >> 3) << 2;  /* 0 below 8 bytes, else 4: the loads overlap */
            a = (read32(p) << 32) | read32(p + middle);
            b = (read32(p + len - 4) << 32) | read32(p + len - 4 - middle);
        } else if (len > 0) {
            a = ((uint64_t)p[0] << 16) | ((uint64_t)p[len >> 1] << 8) | p[len - 1];
            b = 0;
        } else {
            a = b = 0;
        }
    } else {
        size_t left = len;
        for (; left > 16; p += 16, left -= 16)
            seed = fold_multiply(read64(p) ^ MIX1, read64(p + 8) ^ seed);
        a = read64(p + left - 16);
        b = read64(p + left - 8);
    }
    return fold_multiply(MIX1 ^ len, fold_multiply(a ^ MIX1, b ^ seed));
}

uint64_t cpg_hash_string(const char *key)
{
    return cpg_hash_bytes(key, strlen(key));
}
