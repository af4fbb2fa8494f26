/* record.h — the TLS record layer (RFC 5246 §6.2) and its protection
 * methods: none, and ChaCha20-Poly1305 (RFC 7905, RFC 8439).
 *
 *   struct { ContentType type; ProtocolVersion version; uint16 length;
 *            opaque fragment[length]; } TLSPlaintext / TLSCiphertext;
 *
 * With ChaCha20-Poly1305, fragments are ciphertext ‖ 16-byte tag. There is
 * no explicit nonce: the nonce is write_iv XOR (0^32 ‖ seq_num_64be) and the
 * additional data is seq_num ‖ type ‖ version ‖ plaintext length
 * (RFC 5246 §6.2.3.3).
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

/* What one protected record was made of, for the trace. */
typedef struct rec_seal_info {
    uint64_t seq;
    uint8_t nonce[REC_NONCE_LEN];
    uint8_t aad[REC_AAD_LEN];
    size_t aad_len;
    uint8_t tag[REC_TAG_LEN];
} rec_seal_info;

typedef struct rec_dir rec_dir;

/* A record protection method: how one direction turns a record's plaintext
 * into its fragment and back.
 *
 * A method with a nonce function numbers its records: rec_write and rec_open
 * build the nonce and additional data of record d->seq with it, hand them to
 * seal and open in si, and advance d->seq. A method without one (null)
 * numbers nothing and fills no rec_seal_info.
 *
 * A TLS 1.3 row (RFC 8446 §5.2) will sit beside the TLS 1.2 one: the same
 * nonce, additional data over the record header with the ciphertext length,
 * and the content type carried inside the plaintext (expansion tag + 1). */
typedef struct rec_protection {
    const char *name;
    size_t expansion; /* how much longer a fragment is than its plaintext */
    size_t tag_len;   /* the authentication tag at the end of the fragment */
    /* The per-record nonce from the fixed write IV and the sequence number. */
    void (*nonce)(const uint8_t iv[KS_WRITE_IV_LEN], uint64_t seq, uint8_t nonce[REC_NONCE_LEN]);
    /* The additional data of a record; returns its length (<= REC_AAD_LEN). */
    size_t (*aad)(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN]);
    /* Write the fragment of plain (plain_len + expansion bytes) to out. */
    void (*seal)(const rec_dir *d, const rec_seal_info *si, const uint8_t *plain,
                 size_t plain_len, uint8_t *out);
    /* Verify a fragment and only then write its plaintext (frag_len -
     * expansion bytes) to plain; false when it does not verify. */
    bool (*open)(const rec_dir *d, const rec_seal_info *si, const uint8_t *frag, size_t frag_len,
                 uint8_t *plain);
} rec_protection;

/* No protection: the fragment is the plaintext (before ChangeCipherSpec). */
extern const rec_protection rec_prot_null;
/* ChaCha20-Poly1305 as TLS 1.2 uses it (RFC 7905 §2, RFC 8439 §2.8): no
 * explicit nonce, a 16-byte tag. */
extern const rec_protection rec_prot_chacha20_tls12;

/* One direction: its method, key, fixed IV and sequence number. A zeroed
 * rec_dir is unprotected; ChangeCipherSpec installs the negotiated method
 * (RFC 5246 §7.1) once the keys are in. */
struct rec_dir {
    const rec_protection *prot; /* NULL: rec_prot_null */
    uint8_t key[KS_WRITE_KEY_LEN];
    uint8_t iv[KS_WRITE_IV_LEN];
    uint64_t seq;
};

/* The method protecting d; rec_prot_null for NULL or a zeroed rec_dir. */
const rec_protection *rec_dir_method(const rec_dir *d);
/* Whether d protects its records (any method but null). */
bool rec_dir_protected(const rec_dir *d);

/* A record read from bytes. fragment points into the parsed buffer. */
typedef struct rec_view {
    uint8_t type;
    uint16_t version;
    const uint8_t *fragment;
    size_t fragment_len;
} rec_view;

const char *rec_type_name(uint8_t type);

/* The TLS 1.2 ChaCha20-Poly1305 constructions:
 * nonce = iv XOR (0^32 ‖ seq_64be)  (RFC 7905 §2) */
void rec_nonce(const uint8_t iv[KS_WRITE_IV_LEN], uint64_t seq, uint8_t nonce[REC_NONCE_LEN]);
/* aad = seq_num(8) ‖ type(1) ‖ version(2) ‖ length(2)  (RFC 5246 §6.2.3.3);
 * returns REC_AAD_LEN */
size_t rec_aad(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN]);

/* Write one record: header and fragment, the fragment made by d's method (d
 * may be NULL: unprotected). A numbering method advances d->seq; info, if
 * not NULL, receives what it used.
 * Fails with ERR_RECORD_OVERFLOW for a fragment over 2^14 bytes and with the
 * writer's error when the record does not fit. */
err_t rec_write(wr *w, rec_dir *d, uint8_t type, const uint8_t *plain, size_t plain_len,
                rec_seal_info *info);

/* Parse exactly one record from r (header and fragment); the caller checks
 * what is left. ERR_TRUNCATED when the bytes are short, ERR_RECORD_TYPE for
 * an unknown content type, ERR_RECORD_VERSION for a version other than
 * TLS 1.2, ERR_RECORD_OVERFLOW for a fragment over 2^14 + 2048. */
err_t rec_parse(rd *r, rec_view *out);
/* rec_parse, taking any record version from min_version to TLS 1.2's: a
 * ClientHello's record may say {03,00} or {03,01} (RFC 5246 Appendix E.1). */
err_t rec_parse_from(rd *r, rec_view *out, uint16_t min_version);

/* Open a fragment with d's method into plain (capacity plain_cap), verifying
 * the tag before any plaintext is used (libsodium checks first). A numbering
 * method advances d->seq on success and fills info (if not NULL).
 * ERR_RECORD_MAC when the tag does not verify or the fragment is shorter
 * than the method's expansion, ERR_RECORD_OVERFLOW for a plaintext over
 * 2^14, ERR_OVERFLOW when it does not fit plain_cap. */
err_t rec_open(rec_dir *d, const rec_view *v, uint8_t *plain, size_t plain_cap,
               size_t *plain_len, rec_seal_info *info);

void rec_dir_wipe(rec_dir *d);

#endif
