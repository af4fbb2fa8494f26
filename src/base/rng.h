/* rng.h — the random generator every random byte comes from.
 *
 * Every generator is a ChaCha20 keystream (libsodium
 * crypto_stream_chacha20_ietf) under a 256-bit root key:
 * - live: the key comes from the operating system (randombytes_buf), so the
 *   stream is as unpredictable as the OS generator itself;
 * - seeded: the key is SHA-256 of the seed, so the same seed gives the same
 *   bytes on every machine. Seeded randomness is for demonstrations and tests
 *   only: it is predictable.
 * Keeping the key of a live run lets the program repeat that exact run (the
 * interface reruns the same handshake with a fault); it is never written out.
 *
 * rng_fork() makes an independent, labelled stream (for example one for the
 * client and one for the server), so that a change in how much one part draws
 * does not shift the bytes another part sees.
 */
#ifndef MTLS_RNG_H
#define MTLS_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RNG_KEY_LEN 32
#define RNG_BLOCK_LEN 64

typedef struct rng {
    bool seeded;               /* from --seed (demo randomness) rather than the OS */
    uint64_t seed;
    uint8_t key[RNG_KEY_LEN];
    uint32_t counter;          /* next ChaCha20 block */
    uint8_t block[RNG_BLOCK_LEN];
    size_t used;               /* bytes of block already handed out */
} rng;

/* Live randomness: a root key from the OS. sodium_init() must have succeeded. */
void rng_init_live(rng *r);
/* A stream under a given root key (to repeat a run); seeded says how to label it. */
void rng_init_key(rng *r, const uint8_t key[RNG_KEY_LEN], bool seeded, uint64_t seed);
/* Deterministic stream for a seed. */
void rng_init_seeded(rng *r, uint64_t seed);
/* An independent stream named by label; live parents give live children. */
void rng_fork(const rng *parent, const char *label, rng *child);
/* Fill out with n random bytes. Never fails. */
void rng_bytes(rng *r, void *out, size_t n);
/* Wipe the generator state. */
void rng_wipe(rng *r);

#endif
