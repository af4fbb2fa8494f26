/* record.h — the TLS record layer (RFC 5246 §6.2, RFC 8446 §5) and its
 * protection methods: none, ChaCha20-Poly1305 as TLS 1.2 uses it (RFC 7905,
 * RFC 8439) and as TLS 1.3 does (RFC 8446 §5.2).
 *
 *   struct { ContentType type; ProtocolVersion version; uint16 length;
 *            opaque fragment[length]; } TLSPlaintext / TLSCiphertext;
 *
 * With ChaCha20-Poly1305, fragments are ciphertext ‖ 16-byte tag. There is
 * no explicit nonce: the nonce is write_iv XOR (0^32 ‖ seq_num_64be) and the
 * additional data is seq_num ‖ type ‖ version ‖ plaintext length
 * (RFC 5246 §6.2.3.3). TLS 1.3 (RFC 8446 §5.2) seals
 *
 *   struct { opaque content[length]; ContentType type; uint8 zeros[length_of_padding]; }
 *   TLSInnerPlaintext;
 *
 * under the same nonce, with the 5-byte record header as additional data;
 * the header says application_data, the real type travels inside.
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
#define REC_MAX_INNER (REC_MAX_PLAIN + 1) /* TLSInnerPlaintext: content and type, RFC 8446 §5.4 */
#define REC13_AAD_LEN REC_HEADER_LEN
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
 * A method with inner_type is TLS 1.3's (RFC 8446 §5.2): rec_write puts the
 * content type after the plaintext and writes application_data in the
 * header, rec_open takes the type back from the inner plaintext (after any
 * zero padding) and refuses a protected record whose header says another
 * type. Its expansion counts the type byte: tag + 1 (mtls-sim pads nothing). */
typedef struct rec_protection {
    const char *name;
    size_t expansion; /* how much longer a fragment is than its plaintext */
    size_t tag_len;   /* the authentication tag at the end of the fragment */
    bool inner_type;  /* TLS 1.3: the content type travels inside the plaintext */
    /* The per-record nonce from the fixed write IV and the sequence number. */
    void (*nonce)(const uint8_t iv[KS_WRITE_IV_LEN], uint64_t seq, uint8_t nonce[REC_NONCE_LEN]);
    /* The additional data of a record whose header says type and whose
     * fragment is plain_len + expansion bytes; returns its length (<=
     * REC_AAD_LEN). */
    size_t (*aad)(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN]);
    /* Write the fragment of plain (plain_len + the tag's bytes: plain is the
     * inner plaintext with an inner type) to out; out may be plain. */
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
/* ChaCha20-Poly1305 as TLS 1.3 uses it (RFC 8446 §5.2, §5.3): the same nonce,
 * the record header as additional data, the type inside. */
extern const rec_protection rec_prot_chacha20_tls13;

/* One direction: its method, key, fixed IV and sequence number. A zeroed
 * rec_dir is unprotected; in TLS 1.2 ChangeCipherSpec installs the
 * negotiated method (RFC 5246 §7.1) once the keys are in, in TLS 1.3
 * rec_dir_set installs each new key (RFC 8446 §5.1, §7.3). */
struct rec_dir {
    const rec_protection *prot; /* NULL: rec_prot_null */
    uint8_t key[KS_WRITE_KEY_LEN];
    uint8_t iv[KS_WRITE_IV_LEN];
    uint64_t seq;
};

/* Protect d from now on with method p, key and iv; the sequence number
 * starts again at 0, as it does with every key (RFC 8446 §5.3). */
void rec_dir_set(rec_dir *d, const rec_protection *p, const uint8_t key[KS_WRITE_KEY_LEN],
                 const uint8_t iv[KS_WRITE_IV_LEN]);
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
/* TLS 1.3: aad = the record header, opaque_type(1) ‖ legacy_record_version
 * 0x0303 (2) ‖ length(2), the length of the whole fragment: plain_len, the
 * type byte and the tag (RFC 8446 §5.2); returns REC13_AAD_LEN. seq is not
 * part of it (it is in the nonce). */
size_t rec_aad13(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN]);

/* Write one record: header and fragment, the fragment made by d's method (d
 * may be NULL: unprotected). A numbering method advances d->seq; info, if
 * not NULL, receives what it used. With an inner-type method the header says
 * application_data and type goes inside.
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
 * 2^14, ERR_OVERFLOW when it does not fit plain_cap (an inner-type method
 * needs room for the inner plaintext: REC_MAX_INNER). With an inner-type
 * method v->type becomes the type found inside (the header's was
 * application_data, else ERR_RECORD_TYPE) and the padding is dropped; an
 * inner plaintext of zeros only is ERR_RECORD_NO_TYPE (RFC 8446 §5.4). */
err_t rec_open(rec_dir *d, rec_view *v, uint8_t *plain, size_t plain_cap, size_t *plain_len,
               rec_seal_info *info);

void rec_dir_wipe(rec_dir *d);

#endif
