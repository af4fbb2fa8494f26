/* ks13.c — the TLS 1.3 key schedule (ks13.h). */
#include "crypto/ks13.h"

#include <sodium.h>

void ks13_empty_hash(uint8_t out[KS_HASH_LEN]) { crypto_hash_sha256(out, NULL, 0); }

void ks13_derive_secret(const uint8_t secret[KS13_SECRET_LEN], const char *label,
                        const uint8_t th[KS_HASH_LEN], uint8_t out[KS13_SECRET_LEN])
{
    ks_hkdf_expand_label(secret, label, th, KS_HASH_LEN, out, KS13_SECRET_LEN);
}

void ks13_early_secret(uint8_t out[KS13_SECRET_LEN])
{
    static const uint8_t zeros[KS13_SECRET_LEN] = { 0 };
    ks_hkdf_extract(NULL, 0, zeros, sizeof zeros, out);
}

void ks13_derived(const uint8_t secret[KS13_SECRET_LEN], uint8_t out[KS13_SECRET_LEN])
{
    uint8_t empty[KS_HASH_LEN];
    ks13_empty_hash(empty);
    ks13_derive_secret(secret, "derived", empty, out);
}

void ks13_handshake_secret(const uint8_t derived[KS13_SECRET_LEN], const uint8_t *shared,
                           size_t shared_len, uint8_t out[KS13_SECRET_LEN])
{
    ks_hkdf_extract(derived, KS13_SECRET_LEN, shared, shared_len, out);
}

void ks13_master_secret(const uint8_t derived[KS13_SECRET_LEN], uint8_t out[KS13_SECRET_LEN])
{
    static const uint8_t zeros[KS13_SECRET_LEN] = { 0 };
    ks_hkdf_extract(derived, KS13_SECRET_LEN, zeros, sizeof zeros, out);
}

void ks13_traffic_key(const uint8_t secret[KS13_SECRET_LEN], uint8_t *key, size_t key_len)
{
    ks_hkdf_expand_label(secret, "key", NULL, 0, key, key_len);
}

void ks13_traffic_iv(const uint8_t secret[KS13_SECRET_LEN], uint8_t iv[KS13_IV_LEN])
{
    ks_hkdf_expand_label(secret, "iv", NULL, 0, iv, KS13_IV_LEN);
}

void ks13_finished_key(const uint8_t base_key[KS13_SECRET_LEN], uint8_t out[KS13_SECRET_LEN])
{
    ks_hkdf_expand_label(base_key, "finished", NULL, 0, out, KS13_SECRET_LEN);
}

void ks13_verify_data(const uint8_t finished_key[KS13_SECRET_LEN],
                      const uint8_t th[KS_HASH_LEN], uint8_t out[KS_HASH_LEN])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, finished_key, KS13_SECRET_LEN);
    crypto_auth_hmacsha256_update(&st, th, KS_HASH_LEN);
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}
