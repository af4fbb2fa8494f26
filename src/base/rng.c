/* rng.c — a ChaCha20 keystream under a live or seeded root key. */
#include "base/rng.h"

#include <sodium.h>
#include <string.h>

void rng_init_key(rng *r, const uint8_t key[RNG_KEY_LEN], bool seeded, uint64_t seed)
{
    memset(r, 0, sizeof *r);
    r->seeded = seeded;
    r->seed = seed;
    memcpy(r->key, key, RNG_KEY_LEN);
    r->used = RNG_BLOCK_LEN;
}

void rng_init_live(rng *r)
{
    uint8_t key[RNG_KEY_LEN];
    randombytes_buf(key, sizeof key);
    rng_init_key(r, key, false, 0);
    sodium_memzero(key, sizeof key);
}

void rng_init_seeded(rng *r, uint64_t seed)
{
    static const char domain[] = "mtls-sim seed v1";
    uint8_t in[sizeof domain - 1 + 8];
    memset(r, 0, sizeof *r);
    r->seeded = true;
    r->seed = seed;
    memcpy(in, domain, sizeof domain - 1);
    for (int i = 0; i < 8; i++)
        in[sizeof domain - 1 + (size_t)i] = (uint8_t)(seed >> (56 - 8 * i));
    crypto_hash_sha256(r->key, in, sizeof in);
    r->used = RNG_BLOCK_LEN;
}

void rng_fork(const rng *parent, const char *label, rng *child)
{
    memset(child, 0, sizeof *child);
    child->seeded = parent->seeded;
    child->seed = parent->seed;
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, parent->key, sizeof parent->key);
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)label, strlen(label));
    crypto_auth_hmacsha256_final(&st, child->key);
    sodium_memzero(&st, sizeof st);
    child->used = RNG_BLOCK_LEN;
}

void rng_bytes(rng *r, void *out, size_t n)
{
    static const uint8_t nonce[crypto_stream_chacha20_ietf_NONCEBYTES] = { 0 };
    uint8_t *o = out;
    while (n > 0) {
        if (r->used == RNG_BLOCK_LEN) {
            memset(r->block, 0, sizeof r->block);
            crypto_stream_chacha20_ietf_xor_ic(r->block, r->block, sizeof r->block, nonce,
                                               r->counter++, r->key);
            r->used = 0;
        }
        size_t take = RNG_BLOCK_LEN - r->used;
        if (take > n)
            take = n;
        memcpy(o, r->block + r->used, take);
        /* Handed-out bytes are not kept: they may be key material. */
        sodium_memzero(r->block + r->used, take);
        r->used += take;
        o += take;
        n -= take;
    }
}

void rng_wipe(rng *r) { sodium_memzero(r, sizeof *r); }
