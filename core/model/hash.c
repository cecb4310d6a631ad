/* hash.c: a keyed string hash for the id index and the JSON parser's duplicate-key check. */
#include "hash.h"

#include <sys/random.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static uint64_t process_key(void)
{
    static uint64_t key;
    if (!key && getrandom(&key, sizeof key, GRND_NONBLOCK) != (ssize_t)sizeof key)
        key = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    key |= 1;
    return key;
}

/* FNV-1a from a random basis (short ids dominate, and it needs no length up front), finished
 * with a multiply-xorshift so that the key reaches every bit. */
static uint64_t finish(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ULL;
    return h ^ (h >> 32);
}

uint64_t cpg_hash_string(const char *key)
{
    uint64_t h = 14695981039346656037ULL ^ process_key();
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return finish(h);
}

uint64_t cpg_hash_bytes(const char *key, size_t len)
{
    uint64_t h = 14695981039346656037ULL ^ process_key();
    for (const unsigned char *p = (const unsigned char *)key, *end = p + len; p < end; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return finish(h);
}
