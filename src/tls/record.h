/* record.h — the TLS record layer (RFC 5246 §6.2) and its protection with
 * ChaCha20-Poly1305 (RFC 7905, RFC 8439).
 *
 *   struct { ContentType type; ProtocolVersion version; uint16 length;
 *            opaque fragment[length]; } TLSPlaintext / TLSCiphertext;
 *
 * Protected fragments are ciphertext ‖ 16-byte tag. There is no explicit
 * nonce: the nonce is write_iv XOR (0^32 ‖ seq_num_64be) and the additional
 * data is seq_num ‖ type ‖ version ‖ plaintext length (RFC 5246 §6.2.3.3).
 */
#ifndef MTLS_RECORD_H
#define MTLS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/ks.h"
#include "base/rd.h"
#include "base/wr.h"

enum {
    CT_CHANGE_CIPHER_SPEC = 20,
    CT_ALERT = 21,
    CT_HANDSHAKE = 22,
    CT_APPLICATION_DATA = 23,
};

#define TLS12_VERSION 0x0303
#define REC_HEADER_LEN 5
#define REC_TAG_LEN 16
#define REC_NONCE_LEN 12
#define REC_AAD_LEN 13
#define REC_MAX_PLAIN 16384 /* 2^14, RFC 5246 §6.2.1 */
#define REC_MAX_FRAGMENT (REC_MAX_PLAIN + 2048)

/* One direction of protection: its key, fixed IV and sequence number. */
typedef struct rec_dir {
    bool on; /* after ChangeCipherSpec */
    uint8_t key[KS_WRITE_KEY_LEN];
    uint8_t iv[KS_WRITE_IV_LEN];
    uint64_t seq;
} rec_dir;

/* What one sealed record was made of, for the trace. */
typedef struct rec_seal_info {
    uint64_t seq;
    uint8_t nonce[REC_NONCE_LEN];
    uint8_t aad[REC_AAD_LEN];
    uint8_t tag[REC_TAG_LEN];
} rec_seal_info;

/* A record read from bytes. fragment points into the parsed buffer. */
typedef struct rec_view {
    uint8_t type;
    uint16_t version;
    const uint8_t *fragment;
    size_t fragment_len;
} rec_view;

const char *rec_type_name(uint8_t type);

/* nonce = iv XOR (0^32 ‖ seq_64be)  (RFC 7905 §2) */
void rec_nonce(const uint8_t iv[KS_WRITE_IV_LEN], uint64_t seq, uint8_t nonce[REC_NONCE_LEN]);
/* aad = seq_num(8) ‖ type(1) ‖ version(2) ‖ length(2)  (RFC 5246 §6.2.3.3) */
void rec_aad(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN]);

/* Write one record: header and fragment. If d->on, the fragment is sealed
 * (and d->seq advances); info, if not NULL, receives what sealing used.
 * Fails with ERR_RECORD_OVERFLOW for a fragment over 2^14 bytes and with the
 * writer's error when the record does not fit. */
err_t rec_write(wr *w, rec_dir *d, uint8_t type, const uint8_t *plain, size_t plain_len,
                rec_seal_info *info);

/* Parse exactly one record from r (header and fragment); the caller checks
 * what is left. ERR_TRUNCATED when the bytes are short, ERR_RECORD_TYPE for
 * an unknown content type, ERR_RECORD_VERSION for a version other than
 * TLS 1.2, ERR_RECORD_OVERFLOW for a fragment over 2^14 + 2048. */
err_t rec_parse(rd *r, rec_view *out);

/* Open a protected fragment into plain (capacity plain_cap), verifying the tag
 * before any plaintext is used (libsodium checks first). Advances d->seq on
 * success. ERR_RECORD_MAC when the tag does not verify or the fragment is
 * shorter than a tag. */
err_t rec_open(rec_dir *d, const rec_view *v, uint8_t *plain, size_t plain_cap,
               size_t *plain_len, rec_seal_info *info);

void rec_dir_wipe(rec_dir *d);

#endif
