/* ks13.h — the TLS 1.3 key schedule (RFC 8446 §7.1) for SHA-256 suites,
 * one function per step, so each secret can be shown with its inputs.
 *
 *              0
 *              |
 *   PSK (0) -> HKDF-Extract = Early Secret
 *              |  Derive-Secret(., "derived", "")
 *              v
 *   (EC)DHE -> HKDF-Extract = Handshake Secret -> "c hs traffic", "s hs traffic"
 *              |  Derive-Secret(., "derived", "")
 *              v
 *        0 -> HKDF-Extract = Master Secret -> "c ap traffic", "s ap traffic",
 *                                             "exp master", "res master"
 *
 * Every secret is KS13_SECRET_LEN bytes; transcript hashes are SHA-256.
 * None of these functions fail: lengths are fixed by the types. */
#ifndef MTLS_KS13_H
#define MTLS_KS13_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/ks.h"

#define KS13_SECRET_LEN KS_HASH_LEN
#define KS13_IV_LEN 12

/* SHA-256 of the empty string: the context of every "derived" step. */
void ks13_empty_hash(uint8_t out[KS_HASH_LEN]);
/* Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label,
 * Transcript-Hash(Messages), 32); th is that hash. */
void ks13_derive_secret(const uint8_t secret[KS13_SECRET_LEN], const char *label,
                        const uint8_t th[KS_HASH_LEN], uint8_t out[KS13_SECRET_LEN]);
/* Early Secret = HKDF-Extract(salt 0, IKM 0^32): no pre-shared key. */
void ks13_early_secret(uint8_t out[KS13_SECRET_LEN]);
/* The salt of the next Extract: Derive-Secret(secret, "derived", ""). */
void ks13_derived(const uint8_t secret[KS13_SECRET_LEN], uint8_t out[KS13_SECRET_LEN]);
/* Handshake Secret = HKDF-Extract(derived, (EC)DHE shared secret). */
void ks13_handshake_secret(const uint8_t derived[KS13_SECRET_LEN], const uint8_t *shared,
                           size_t shared_len, uint8_t out[KS13_SECRET_LEN]);
/* Master Secret = HKDF-Extract(derived, 0^32). */
void ks13_master_secret(const uint8_t derived[KS13_SECRET_LEN], uint8_t out[KS13_SECRET_LEN]);
/* A traffic secret's write key and IV (RFC 8446 §7.3):
 * HKDF-Expand-Label(secret, "key", "", key_len), (…, "iv", "", 12). */
void ks13_traffic_key(const uint8_t secret[KS13_SECRET_LEN], uint8_t *key, size_t key_len);
void ks13_traffic_iv(const uint8_t secret[KS13_SECRET_LEN], uint8_t iv[KS13_IV_LEN]);
/* finished_key = HKDF-Expand-Label(base_key, "finished", "", 32) and
 * verify_data = HMAC(finished_key, Transcript-Hash(...)) (RFC 8446 §4.4.4). */
void ks13_finished_key(const uint8_t base_key[KS13_SECRET_LEN],
                       uint8_t out[KS13_SECRET_LEN]);
void ks13_verify_data(const uint8_t finished_key[KS13_SECRET_LEN],
                      const uint8_t th[KS_HASH_LEN], uint8_t out[KS_HASH_LEN]);

#endif
