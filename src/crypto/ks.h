/* ks.h — key schedules: the TLS 1.2 PRF and what it derives (RFC 5246 §5,
 * §6.3, §7.4.9, §8.1; RFC 7627), and HKDF (RFC 5869) with HKDF-Expand-Label
 * (RFC 8446 §7.1) for the TLS 1.3 schedule.
 *
 * All functions are built on libsodium's HMAC-SHA-256 and cannot fail; output
 * lengths are the caller's. The caller wipes what it no longer needs.
 */
#ifndef MTLS_KS_H
#define MTLS_KS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KS_HASH_LEN 32
#define KS_RANDOM_LEN 32
#define KS_MASTER_SECRET_LEN 48
#define KS_VERIFY_DATA_LEN 12
/* TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (RFC 7905): no MAC keys,
 * 32-byte write keys, 12-byte fixed IVs. */
#define KS_WRITE_KEY_LEN 32
#define KS_WRITE_IV_LEN 12
#define KS_KEY_BLOCK_LEN (2 * KS_WRITE_KEY_LEN + 2 * KS_WRITE_IV_LEN)

/* PRF(secret, label, seed1 ‖ seed2) = P_SHA256(secret, label ‖ seed1 ‖ seed2),
 * RFC 5246 §5. seed2 may be NULL with len 0. */
void ks_prf(const uint8_t *secret, size_t secret_len, const char *label,
            const uint8_t *seed1, size_t seed1_len, const uint8_t *seed2, size_t seed2_len,
            uint8_t *out, size_t out_len);

/* master_secret = PRF(pre_master_secret, "master secret",
 *                     ClientHello.random ‖ ServerHello.random)[0..47]  (RFC 5246 §8.1) */
void ks_master_secret(const uint8_t *pms, size_t pms_len,
                      const uint8_t client_random[KS_RANDOM_LEN],
                      const uint8_t server_random[KS_RANDOM_LEN],
                      uint8_t out[KS_MASTER_SECRET_LEN]);

/* master_secret = PRF(pre_master_secret, "extended master secret",
 *                     session_hash)[0..47]  (RFC 7627 §4) */
void ks_extended_master_secret(const uint8_t *pms, size_t pms_len,
                               const uint8_t session_hash[KS_HASH_LEN],
                               uint8_t out[KS_MASTER_SECRET_LEN]);

/* key_block = PRF(master_secret, "key expansion",
 *                 server_random ‖ client_random)  (RFC 5246 §6.3) */
void ks_key_block(const uint8_t ms[KS_MASTER_SECRET_LEN],
                  const uint8_t client_random[KS_RANDOM_LEN],
                  const uint8_t server_random[KS_RANDOM_LEN],
                  uint8_t *out, size_t out_len);
/* Where one side's write key and write IV sit in a TLS 1.2 AEAD key block:
 * client_write_key, server_write_key, client_write_IV, server_write_IV, in
 * that order (RFC 5246 §6.3; an AEAD suite has no MAC keys, RFC 7905). */
typedef struct ks_write_keys {
    const uint8_t *key; /* KS_WRITE_KEY_LEN bytes */
    const uint8_t *iv;  /* KS_WRITE_IV_LEN bytes */
} ks_write_keys;
ks_write_keys ks_key_block_side(const uint8_t kb[KS_KEY_BLOCK_LEN], bool server);

/* verify_data = PRF(master_secret, finished_label,
 *                   Hash(handshake_messages))[0..11]  (RFC 5246 §7.4.9);
 * label is "client finished" or "server finished". */
void ks_finished(const uint8_t ms[KS_MASTER_SECRET_LEN], const char *label,
                 const uint8_t transcript_hash[KS_HASH_LEN],
                 uint8_t out[KS_VERIFY_DATA_LEN]);

/* HKDF-Extract(salt, IKM) (RFC 5869 §2.2); salt may be NULL (= 32 zero bytes). */
void ks_hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm, size_t ikm_len,
                     uint8_t prk[KS_HASH_LEN]);
/* HKDF-Expand(PRK, info, L) (RFC 5869 §2.3); out_len at most 255 * 32. */
void ks_hkdf_expand(const uint8_t prk[KS_HASH_LEN], const uint8_t *info, size_t info_len,
                    uint8_t *out, size_t out_len);
/* HKDF-Expand-Label(Secret, Label, Context, Length) (RFC 8446 §7.1): the
 * label is given without the "tls13 " prefix. Label at most 249 bytes,
 * context at most 255. */
void ks_hkdf_expand_label(const uint8_t secret[KS_HASH_LEN], const char *label,
                          const uint8_t *ctx, size_t ctx_len, uint8_t *out, size_t out_len);

#endif
