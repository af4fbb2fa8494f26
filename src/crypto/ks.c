/* ks.c — TLS 1.2 PRF and HKDF over libsodium HMAC-SHA-256. */
#include "crypto/ks.h"

#include <sodium.h>
#include <string.h>

/* P_SHA256(secret, seed) = HMAC(secret, A(1) ‖ seed) ‖ HMAC(secret, A(2) ‖ seed) ‖ …
 * with A(0) = seed, A(i) = HMAC(secret, A(i-1)); here seed = label ‖ seed1 ‖ seed2. */
void ks_prf(const uint8_t *secret, size_t secret_len, const char *label,
            const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
            uint8_t *out, size_t out_len)
{
    crypto_auth_hmacsha256_state base, st;
    uint8_t a[KS_HASH_LEN], block[KS_HASH_LEN];
    size_t label_len = strlen(label);

    crypto_auth_hmacsha256_init(&base, secret, secret_len);

    /* A(1) = HMAC(secret, seed) */
    st = base;
    crypto_auth_hmacsha256_update(&st, (const uint8_t *)label, label_len);
    crypto_auth_hmacsha256_update(&st, seed1, seed1_len);
    if (seed2_len)
        crypto_auth_hmacsha256_update(&st, seed2, seed2_len);
    crypto_auth_hmacsha256_final(&st, a);

    while (out_len > 0) {
        st = base;
        crypto_auth_hmacsha256_update(&st, a, sizeof a);
        crypto_auth_hmacsha256_update(&st, (const uint8_t *)label, label_len);
        crypto_auth_hmacsha256_update(&st, seed1, seed1_len);
        if (seed2_len)
            crypto_auth_hmacsha256_update(&st, seed2, seed2_len);
        crypto_auth_hmacsha256_final(&st, block);
        size_t take = out_len < sizeof block ? out_len : sizeof block;
        memcpy(out, block, take);
        out += take;
        out_len -= take;
        /* A(i+1) = HMAC(secret, A(i)) */
        st = base;
        crypto_auth_hmacsha256_update(&st, a, sizeof a);
        crypto_auth_hmacsha256_final(&st, a);
    }
    sodium_memzero(&base, sizeof base);
    sodium_memzero(&st, sizeof st);
    sodium_memzero(a, sizeof a);
    sodium_memzero(block, sizeof block);
}

void ks_master_secret(const uint8_t *pms, size_t pms_len,
                      const uint8_t client_random[KS_RANDOM_LEN],
                      const uint8_t server_random[KS_RANDOM_LEN],
                      uint8_t out[KS_MASTER_SECRET_LEN])
{
    ks_prf(pms, pms_len, "master secret", client_random, KS_RANDOM_LEN, server_random,
           KS_RANDOM_LEN, out, KS_MASTER_SECRET_LEN);
}

void ks_extended_master_secret(const uint8_t *pms, size_t pms_len,
                               const uint8_t session_hash[KS_HASH_LEN],
                               uint8_t out[KS_MASTER_SECRET_LEN])
{
    ks_prf(pms, pms_len, "extended master secret", session_hash, KS_HASH_LEN, NULL, 0, out,
           KS_MASTER_SECRET_LEN);
}

void ks_key_block(const uint8_t ms[KS_MASTER_SECRET_LEN],
                  const uint8_t client_random[KS_RANDOM_LEN],
                  const uint8_t server_random[KS_RANDOM_LEN],
                  uint8_t *out, size_t out_len)
{
    /* Note the order: server_random first (RFC 5246 §6.3). */
    ks_prf(ms, KS_MASTER_SECRET_LEN, "key expansion", server_random, KS_RANDOM_LEN,
           client_random, KS_RANDOM_LEN, out, out_len);
}

void ks_finished(const uint8_t ms[KS_MASTER_SECRET_LEN], const char *label,
                 const uint8_t transcript_hash[KS_HASH_LEN],
                 uint8_t out[KS_VERIFY_DATA_LEN])
{
    ks_prf(ms, KS_MASTER_SECRET_LEN, label, transcript_hash, KS_HASH_LEN, NULL, 0, out,
           KS_VERIFY_DATA_LEN);
}

void ks_hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                     uint8_t prk[KS_HASH_LEN])
{
    static const uint8_t zeros[KS_HASH_LEN] = { 0 };
    crypto_auth_hmacsha256_state st;
    if (salt == NULL) {
        salt = zeros;
        salt_len = sizeof zeros;
    }
    crypto_auth_hmacsha256_init(&st, salt, salt_len);
    crypto_auth_hmacsha256_update(&st, ikm, ikm_len);
    crypto_auth_hmacsha256_final(&st, prk);
    sodium_memzero(&st, sizeof st);
}

void ks_hkdf_expand(const uint8_t prk[KS_HASH_LEN], const uint8_t *info, size_t info_len,
                    uint8_t *out, size_t out_len)
{
    crypto_auth_hmacsha256_state st;
    uint8_t t[KS_HASH_LEN];
    size_t t_len = 0;
    uint8_t counter = 1;
    while (out_len > 0) {
        crypto_auth_hmacsha256_init(&st, prk, KS_HASH_LEN);
        crypto_auth_hmacsha256_update(&st, t, t_len);
        crypto_auth_hmacsha256_update(&st, info, info_len);
        crypto_auth_hmacsha256_update(&st, &counter, 1);
        crypto_auth_hmacsha256_final(&st, t);
        t_len = sizeof t;
        size_t take = out_len < sizeof t ? out_len : sizeof t;
        memcpy(out, t, take);
        out += take;
        out_len -= take;
        counter++;
    }
    sodium_memzero(&st, sizeof st);
    sodium_memzero(t, sizeof t);
}

void ks_hkdf_expand_label(const uint8_t secret[KS_HASH_LEN], const char *label,
                          const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t out_len)
{
    /* struct { uint16 length; opaque label<7..255> = "tls13 " + Label;
     *          opaque context<0..255>; } HkdfLabel; */
    uint8_t info[2 + 1 + 255 + 1 + 255];
    size_t label_len = strlen(label), n = 0;
    info[n++] = (uint8_t)(out_len >> 8);
    info[n++] = (uint8_t)out_len;
    info[n++] = (uint8_t)(6 + label_len);
    memcpy(info + n, "tls13 ", 6);
    n += 6;
    memcpy(info + n, label, label_len);
    n += label_len;
    info[n++] = (uint8_t)ctx_len;
    if (ctx_len)
        memcpy(info + n, ctx, ctx_len);
    n += ctx_len;
    ks_hkdf_expand(secret, info, n, out, out_len);
}

ks_write_keys ks_key_block_side(const uint8_t kb[KS_KEY_BLOCK_LEN], bool server)
{
    ks_write_keys k = {
        .key = kb + (server ? KS_WRITE_KEY_LEN : 0),
        .iv = kb + 2 * KS_WRITE_KEY_LEN + (server ? KS_WRITE_IV_LEN : 0),
    };
    return k;
}
