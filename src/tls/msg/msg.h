/* msg.h — TLS 1.2 handshake messages (RFC 5246 §7.4) for the suites
 * mtls-sim runs, with the ECC extensions of RFC 8422, the Ed25519 signature
 * scheme (RFC 8422 §5.1.3, 0x0807), extended master secret (RFC 7627) and
 * renegotiation_info (RFC 5746); and the TLS 1.3 forms (RFC 8446 §4): the
 * hellos with supported_versions and key_share, EncryptedExtensions,
 * CertificateRequest, Certificate, CertificateVerify and Finished
 * (msg13_*.c).
 *
 * Every message has a writer and a parser side by side in one file per
 * message group (msg_hello.c, msg_cert.c, msg_kx.c, msg_finished.c,
 * msg_ccs_alert.c; the handshake header in msg_header.c, the hello
 * extensions in msg_ext.c, the annotator in msg_annotate.c).
 * Writers produce the whole handshake message, 4-byte header included, into
 * a wr; they fail only through the writer (ERR_OVERFLOW). Parsers read the
 * whole handshake message, header included, check that nothing is left over,
 * and record named spans of every field when sp is not NULL. A parser fails
 * with ERR_HS_UNEXPECTED for another message type, ERR_TRUNCATED when a field
 * is cut short, ERR_TRAILING for bytes left over, ERR_HS_ILLEGAL_PARAM for a
 * field whose value the RFC forbids.
 */
#ifndef MTLS_MSG_H
#define MTLS_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/ks.h"
#include "base/rd.h"
#include "base/span.h"
#include "base/wr.h"
#include "pki/x509.h"
#include "tls/version.h"

enum { /* HandshakeType, RFC 5246 §7.4 */
    HT_HELLO_REQUEST = 0,        /* a server's request to renegotiate (RFC 5246 §7.4.1.1) */
    HT_CLIENT_HELLO = 1,
    HT_SERVER_HELLO = 2,
    HT_NEW_SESSION_TICKET = 4,   /* RFC 8446 §4.6.1 */
    HT_ENCRYPTED_EXTENSIONS = 8, /* RFC 8446 §4.3.1 */
    HT_CERTIFICATE = 11,
    HT_SERVER_KEY_EXCHANGE = 12,
    HT_CERTIFICATE_REQUEST = 13,
    HT_SERVER_HELLO_DONE = 14,
    HT_CERTIFICATE_VERIFY = 15,
    HT_CLIENT_KEY_EXCHANGE = 16,
    HT_FINISHED = 20,
    HT_KEY_UPDATE = 24,          /* RFC 8446 §4.6.3 */
};

enum { /* cipher suites */
    CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256 = 0xCCA9, /* RFC 7905 */
    /* Key transport to an X25519 certificate key with crypto_box_seal: a
     * simulation-only suite from the private-use range (RFC 5246 §12). */
    CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256 = 0xFFA9,
    CS_TLS13_CHACHA20_POLY1305_SHA256 = 0x1303, /* RFC 8446 §B.4 */
    CS_RSA_WITH_RC4_128_SHA = 0x0005,
    CS_RSA_WITH_3DES_EDE_CBC_SHA = 0x000A,
};

enum { /* ExtensionType */
    EXT_SERVER_NAME = 0,
    EXT_SUPPORTED_GROUPS = 10,
    EXT_EC_POINT_FORMATS = 11,
    EXT_SIGNATURE_ALGORITHMS = 13,
    EXT_EXTENDED_MASTER_SECRET = 23,
    EXT_SUPPORTED_VERSIONS = 43,   /* RFC 8446 §4.2.1 */
    EXT_CERTIFICATE_AUTHORITIES = 47, /* RFC 8446 §4.2.4 */
    EXT_KEY_SHARE = 51,            /* RFC 8446 §4.2.8 */
    EXT_RENEGOTIATION_INFO = 0xff01, /* RFC 5746 §3.2 */
};

/* ProtocolVersion values (RFC 8446 §4.1.2, §4.2.1): a TLS 1.3 hello still
 * says 0x0303 in legacy_version and names 0x0304 in supported_versions. */
#define TLS13_LEGACY_VERSION 0x0303
#define TLS13_VERSION 0x0304

/* TLS_EMPTY_RENEGOTIATION_INFO_SCSV: a client may send this suite value
 * instead of the empty extension (RFC 5746 §3.3); it is not a real suite. */
#define CS_EMPTY_RENEGOTIATION_INFO_SCSV 0x00FF

#define GROUP_X25519 0x001d     /* RFC 8422 §5.1.1 */
#define GROUP_SECP256R1 0x0017  /* RFC 8446 §4.2.7; only its base point is written here */
#define P256_POINT_LEN 65       /* UncompressedPointRepresentation, RFC 8446 §4.2.8.2 */
#define SIGALG_ED25519 0x0807   /* RFC 8422 §5.1.3 */
#define CERT_TYPE_ECDSA_SIGN 64 /* RFC 8422 §5.5, also for Ed25519 */
#define CURVE_TYPE_NAMED 3
#define POINT_FORMAT_UNCOMPRESSED 0
#define X25519_LEN 32
#define ED25519_SIG_LEN 64
#define PMS_TRANSPORT_LEN 48 /* client_version(2) ‖ random(46), RFC 5246 §7.4.7.1 */
#define SEALED_PMS_LEN (PMS_TRANSPORT_LEN + 48) /* crypto_box_SEALBYTES */
#define MSG_HOSTNAME_MAX 255
#define MSG_LIST_MAX 128 /* a real client offers dozens of suites; the SCSV may come last */
#define MSG_CHAIN_MAX 4
#define MSG_CA_NAMES_MAX 4
#define HS_HEADER_LEN 4
#define MSG_SESSION_ID_MAX 32
#define MSG13_CONTEXT_MAX 255   /* certificate_request_context<0..2^8-1> */
#define MSG13_FINISHED_LEN 32   /* verify_data of a SHA-256 suite, RFC 8446 §4.4.4 */

const char *msg_type_name(uint8_t type);

/* struct { msg_type; uint24 length; body } with spans for the header. */
void msg_hs_begin(wr *w, uint8_t type, wr_len *l);
void msg_hs_end(wr *w, const wr_len *l);
/* Check the header and type; *body is the body, which must fill the rest. */
err_t msg_hs_open(rd *r, uint8_t type, rd *body, spans *sp);
/* The type of a handshake message, or ERR_TRUNCATED for under 4 bytes. */
err_t msg_hs_peek(const uint8_t *msg, size_t len, uint8_t *type);
/* A non-empty list of uint16 values behind a 2-byte length (suites, groups,
 * signature schemes), as one span called name. Keeps the first
 * MSG_LIST_MAX in out (more is legal; the rest is ignored). ERR_TRUNCATED
 * when short, ERR_HS_ILLEGAL_PARAM for an empty or odd-length list. */
err_t msg_u16_list_parse(rd *r, uint16_t *out, size_t *n, spans *sp, const char *name);
/* Whether the n values of v include x (a suite, group or signature scheme). */
bool msg_u16_has(const uint16_t *v, size_t n, uint16_t x);

typedef struct msg_client_hello {
    uint16_t version;
    uint8_t random[KS_RANDOM_LEN];
    uint8_t session_id_len;
    uint8_t session_id[32];
    size_t n_suites;
    uint16_t suites[MSG_LIST_MAX];
    bool has_sni;
    char sni[MSG_HOSTNAME_MAX + 1];
    size_t n_groups;
    uint16_t groups[MSG_LIST_MAX];
    bool has_point_formats, uncompressed_ok;
    size_t n_sigalgs;
    uint16_t sigalgs[MSG_LIST_MAX];
    bool ems;
    /* renegotiation_info (RFC 5746 §3.2): present, and the length of its
     * renegotiated_connection, which is 0 in an initial handshake */
    bool reneg_info;
    uint8_t reneg_len;
    /* TLS 1.3 (RFC 8446 §4.2.1, §4.2.8): supported_versions, and key_share
     * with its groups in order and the x25519 entry's key, when there is one */
    size_t n_versions;
    uint16_t versions[MSG_LIST_MAX];
    bool key_share;
    size_t n_shares;
    uint16_t share_groups[MSG_LIST_MAX];
    bool has_x25519_share;
    uint8_t x25519_share[X25519_LEN];
    /* a secp256r1 entry's key_exchange, written where its group stands in
     * share_groups (the writer writes the entries in that order) */
    uint8_t p256_share[P256_POINT_LEN];
} msg_client_hello;

typedef struct msg_server_hello {
    uint16_t version;
    uint8_t random[KS_RANDOM_LEN];
    uint8_t session_id_len;
    uint8_t session_id[32];
    uint16_t suite;
    bool sni_ack; /* an empty server_name: the server used the name (RFC 6066 §3) */
    bool has_point_formats;
    bool ems;
    bool reneg_info; /* as in msg_client_hello; the writer sends it empty */
    uint8_t reneg_len;
    /* TLS 1.3: supported_versions' selected_version (0: absent, a TLS 1.2
     * ServerHello) and key_share's server_share, which for x25519 is a
     * 32-byte key (RFC 8446 §4.2.8, §4.2.8.2) */
    uint16_t selected_version;
    bool key_share;
    uint16_t share_group;
    uint8_t share[X25519_LEN];
    /* a HelloRetryRequest (RFC 8446 §4.1.3, §4.1.4): a ServerHello whose
     * random is msg13_hrr_random; its key_share is only the selected_group
     * (share_group above), no key */
    bool hrr;
} msg_server_hello;

/* EncryptedExtensions (RFC 8446 §4.3.1): the server's answers that need no
 * key, sent under the handshake key. */
typedef struct msg_encrypted_ext {
    bool sni_ack;          /* an empty server_name: the server used the name */
    size_t n_groups;       /* supported_groups, the server's preference */
    uint16_t groups[MSG_LIST_MAX];
} msg_encrypted_ext;

/* CertificateRequest as TLS 1.3 has it (RFC 8446 §4.3.2): a context the
 * client's Certificate echoes, and extensions; signature_algorithms is
 * required, certificate_authorities optional (DER names point into the
 * parsed buffer). */
typedef struct msg13_cert_request {
    uint8_t context_len;
    uint8_t context[MSG13_CONTEXT_MAX];
    bool has_sigalgs;
    size_t n_sigalgs;
    uint16_t sigalgs[MSG_LIST_MAX];
    size_t n_cas;
    const uint8_t *ca[MSG_CA_NAMES_MAX];
    size_t ca_len[MSG_CA_NAMES_MAX];
} msg13_cert_request;


/* Certificate: the DER of each certificate points into the parsed buffer. */
typedef struct msg_certificate {
    size_t n;
    const uint8_t *der[MSG_CHAIN_MAX];
    size_t der_len[MSG_CHAIN_MAX];
} msg_certificate;

/* Certificate as TLS 1.3 has it (RFC 8446 §4.4.2): the request context
 * (empty from a server), then entries of a certificate and its extensions. */
typedef struct msg13_certificate {
    uint8_t context_len;
    uint8_t context[MSG13_CONTEXT_MAX];
    msg_certificate chain; /* DER into the parsed buffer */
} msg13_certificate;

typedef struct msg_cert_request {
    size_t n_types;
    uint8_t types[MSG_LIST_MAX];
    size_t n_sigalgs;
    uint16_t sigalgs[MSG_LIST_MAX];
    size_t n_cas;
    const uint8_t *ca[MSG_CA_NAMES_MAX]; /* DistinguishedName DER, into the buffer */
    size_t ca_len[MSG_CA_NAMES_MAX];
} msg_cert_request;

/* ServerKeyExchange for ECDHE: params and their signature. */
typedef struct msg_server_kx {
    uint16_t group;
    uint8_t point[X25519_LEN];
    const uint8_t *params; /* ServerECDHParams bytes, as signed; into the buffer */
    size_t params_len;
    uint16_t sigalg;
    uint8_t sig[ED25519_SIG_LEN];
} msg_server_kx;

/* ClientKeyExchange: an X25519 point (ECDHE) or a sealed pre-master secret. */
typedef struct msg_client_kx {
    bool transport;
    uint8_t point[X25519_LEN];
    uint8_t sealed[SEALED_PMS_LEN];
} msg_client_kx;

typedef struct msg_cert_verify {
    uint16_t sigalg;
    uint8_t sig[ED25519_SIG_LEN];
} msg_cert_verify;

/* msg_ext.c — the extensions as a table (RFC 5246 §7.4.1.4, RFC 8446 §4.2). */
enum { /* the messages an extension may appear in (RFC 8446 §4.2's table) */
    MSG_EXT_IN_CH = 1u << 0,   /* ClientHello, either version */
    MSG_EXT_IN_SH = 1u << 1,   /* a TLS 1.2 ServerHello */
    MSG_EXT_IN_SH13 = 1u << 2, /* a TLS 1.3 ServerHello (selected_version 0x0304) */
    MSG_EXT_IN_EE = 1u << 3,   /* EncryptedExtensions */
    MSG_EXT_IN_CR = 1u << 4,   /* a TLS 1.3 CertificateRequest */
    MSG_EXT_IN_CT = 1u << 5,   /* a TLS 1.3 CertificateEntry */
};
/* A set of rows of msg_ext_table: bit i is row i. */
typedef uint32_t msg_ext_set;
/* Every row: for a reader that does not know the ClientHello (the annotator). */
#define MSG_EXT_SET_ALL ((msg_ext_set)0xffffffffu)

/* The message an extensions block belongs to: `in` is its one MSG_EXT_IN_*
 * bit, and the pointer of that kind is its fields (the others are NULL;
 * ServerHello of either version is sh). */
typedef struct msg_ext_msg {
    unsigned in;
    msg_client_hello *ch;
    msg_server_hello *sh;
    msg_encrypted_ext *ee;
    msg13_cert_request *cr;
} msg_ext_msg;

/* One extension type. present says whether message m carries it; write
 * writes its extension_data (NULL: empty); parse reads extension_data from
 * body into m, recording spans, and fails as a message parser does (the
 * caller checks that nothing is left over). A row's functions are called
 * only for messages its `in` names. */
typedef struct msg_ext_row {
    uint16_t type;
    const char *name;
    unsigned in; /* MSG_EXT_IN_* */
    bool (*present)(const msg_ext_msg *m);
    void (*write)(wr *w, const msg_ext_msg *m);
    err_t (*parse)(rd *body, msg_ext_msg *m, spans *sp);
} msg_ext_row;

/* The rows, in the order a message writes them. */
extern const msg_ext_row msg_ext_table[];
extern const size_t msg_ext_table_len;
/* The row of a type, or NULL for a type mtls-sim does not know. */
const msg_ext_row *msg_ext_find(uint16_t type);
/* The name of a type; "unknown" for one without a row. */
const char *msg_ext_name(uint16_t type);
/* The rows a ClientHello offers: those it carries, and renegotiation_info
 * when it lists the SCSV (RFC 5746 §3.3). */
msg_ext_set msg_ext_offered(const msg_client_hello *ch);
/* Write the extensions block of message m: its 2-byte length, then every
 * row that may appear in it and is present. */
void msg_ext_write(wr *w, const msg_ext_msg *m);
/* Parse the extensions block of message m. In a hello an absent block is
 * no extensions; in the other messages the block is required
 * (ERR_TRUNCATED). ERR_HS_ILLEGAL_PARAM for a type that appears twice (any
 * type) or a field the RFC forbids. The ClientHello and a CertificateRequest
 * skip unknown types (RFC 5246 §7.4.1.4, RFC 8446 §4.3.2); the messages that
 * answer them (ServerHello, EncryptedExtensions, CertificateEntry) give
 * ERR_HS_UNSUPPORTED_EXT for an unknown type or one not in offered
 * (RFC 8446 §4.2). A known type in a message it may not appear in is
 * ERR_HS_ILLEGAL_PARAM (RFC 8446 §4.2), except in a TLS 1.2 ServerHello,
 * where it stays ERR_HS_UNSUPPORTED_EXT (RFC 5246 §7.4.1.4). A ServerHello's
 * extensions must all fit its version: those of a TLS 1.3 ServerHello when
 * it selects 0x0304, those of TLS 1.2 otherwise. ERR_TRUNCATED,
 * ERR_TRAILING as for any parser. */
err_t msg_ext_parse(rd *r, msg_ext_msg *m, msg_ext_set offered, spans *sp);

/* msg_hello.c */
/* The random of a HelloRetryRequest, SHA-256("HelloRetryRequest")
 * (RFC 8446 §4.1.3), and whether r is it. */
extern const uint8_t msg13_hrr_random[KS_RANDOM_LEN];
bool msg13_is_hrr_random(const uint8_t r[KS_RANDOM_LEN]);
/* Whether a whole handshake message is a HelloRetryRequest: a ServerHello
 * (type 2) with that random. Reads only the header, version and random. */
bool msg13_is_hrr(const uint8_t *msg, size_t len);
/* The message that replaces ClientHello1 in the transcript after a
 * HelloRetryRequest (RFC 8446 §4.4.1): handshake type message_hash (254),
 * length 32, then ch1_hash = Hash(ClientHello1). */
#define HT_MESSAGE_HASH 254
#define MSG13_MESSAGE_HASH_LEN (HS_HEADER_LEN + 32)
void msg13_message_hash(const uint8_t ch1_hash[32], uint8_t out[MSG13_MESSAGE_HASH_LEN]);
void msg_client_hello_write(wr *w, const msg_client_hello *m);
err_t msg_client_hello_parse(rd *r, msg_client_hello *m, spans *sp);
void msg_server_hello_write(wr *w, const msg_server_hello *m);
/* offered: the extensions the client offered (msg_ext_offered), which are
 * all a ServerHello may carry; MSG_EXT_SET_ALL when the reader does not
 * know them. */
err_t msg_server_hello_parse(rd *r, msg_server_hello *m, msg_ext_set offered, spans *sp);

/* msg_cert.c */
void msg_certificate_write(wr *w, const uint8_t *const *der, const size_t *der_len, size_t n);
err_t msg_certificate_parse(rd *r, msg_certificate *m, spans *sp);
void msg_cert_request_write(wr *w, const msg_cert_request *m);
err_t msg_cert_request_parse(rd *r, msg_cert_request *m, spans *sp);

/* msg_kx.c */
/* ServerECDHParams for an X25519 point (curve_type, named_curve, the point),
 * the bytes a ServerKeyExchange carries and its signature covers. */
#define MSG_ECDH_PARAMS_LEN (1 + 2 + 1 + X25519_LEN)
void msg_server_kx_params(const uint8_t point[X25519_LEN], uint8_t out[MSG_ECDH_PARAMS_LEN]);
/* Writes ServerKeyExchange: ServerECDHParams for point, then sig under
 * sigalg. The caller signs (msg_server_kx_signed gives the bytes); the
 * codec never holds a private key. */
void msg_server_kx_write(wr *w, const uint8_t point[X25519_LEN], uint16_t sigalg,
                         const uint8_t sig[ED25519_SIG_LEN]);
err_t msg_server_kx_parse(rd *r, msg_server_kx *m, spans *sp);
/* The bytes a ServerKeyExchange signature covers (RFC 8422 §5.4):
 * client_random ‖ server_random ‖ params; out holds at least 64 + params_len. */
size_t msg_server_kx_signed(const uint8_t client_random[KS_RANDOM_LEN],
                            const uint8_t server_random[KS_RANDOM_LEN],
                            const uint8_t *params, size_t params_len, uint8_t *out);
void msg_client_kx_write(wr *w, const msg_client_kx *m);
/* transport says which form to expect: the negotiated suite decides. */
err_t msg_client_kx_parse(rd *r, bool transport, msg_client_kx *m, spans *sp);
void msg_cert_verify_write(wr *w, const msg_cert_verify *m);
err_t msg_cert_verify_parse(rd *r, msg_cert_verify *m, spans *sp);

/* msg_finished.c */
void msg_server_hello_done_write(wr *w);
err_t msg_server_hello_done_parse(rd *r, spans *sp);
/* Finished with len bytes of verify_data: 12 in TLS 1.2 (KS_VERIFY_DATA_LEN,
 * RFC 5246 §7.4.9), the hash length in TLS 1.3 (MSG13_FINISHED_LEN, RFC 8446
 * §4.4.4). The parser wants exactly len bytes: ERR_TRUNCATED for fewer,
 * ERR_TRAILING for more. */
void msg_finished_write(wr *w, const uint8_t *verify_data, size_t len);
err_t msg_finished_parse(rd *r, uint8_t *verify_data, size_t len, spans *sp);
/* ChangeCipherSpec: one byte, 1 (RFC 5246 §7.1). */
err_t msg_ccs_parse(rd *r, spans *sp);
/* Alert: level (2 = fatal) and description (RFC 5246 §7.2). */
err_t msg_alert_parse(rd *r, uint8_t *level, uint8_t *desc, spans *sp);

/* msg13_ee_cr.c — EncryptedExtensions and the TLS 1.3 CertificateRequest.
 * offered: as for msg_server_hello_parse. */
/* msg13_ticket.c — NewSessionTicket (RFC 8446 §4.6.1): checked and its
 * lifetime given; the ticket is not kept (no resumption here).
 * ERR_TRUNCATED for a field short or out of its range, ERR_HS_ILLEGAL_PARAM
 * for a lifetime over seven days, ERR_TRAILING for bytes left over. */
err_t msg13_new_session_ticket_parse(rd *r, uint32_t *lifetime, spans *sp);
void msg13_encrypted_ext_write(wr *w, const msg_encrypted_ext *m);
err_t msg13_encrypted_ext_parse(rd *r, msg_encrypted_ext *m, msg_ext_set offered, spans *sp);
void msg13_cert_request_write(wr *w, const msg13_cert_request *m);
/* ERR_HS_MISSING_EXT when signature_algorithms is absent (RFC 8446 §4.3.2). */
err_t msg13_cert_request_parse(rd *r, msg13_cert_request *m, spans *sp);

/* msg13_cert.c — the TLS 1.3 Certificate, the content a CertificateVerify
 * signs (Finished is msg_finished_write/parse with 32 bytes). The CertificateVerify message itself has the same
 * layout as in TLS 1.2 (msg_cert_verify_write/parse, RFC 8446 §4.4.3). */
/* Writes Certificate with this request context and one CertificateEntry
 * per certificate, each with an empty extensions block. */
void msg13_certificate_write(wr *w, const uint8_t *context, uint8_t context_len,
                             const uint8_t *const *der, const size_t *der_len, size_t n);
/* An entry may only answer what was requested (RFC 8446 §4.4.2) and
 * mtls-sim requests nothing there: an entry extension of an unknown type is
 * ERR_HS_UNSUPPORTED_EXT, one of a known type (which no entry may carry)
 * ERR_HS_ILLEGAL_PARAM (§4.2). More than MSG_CHAIN_MAX entries or an empty
 * cert_data: ERR_HS_ILLEGAL_PARAM. */
err_t msg13_certificate_parse(rd *r, msg13_certificate *m, spans *sp);
/* The bytes a TLS 1.3 CertificateVerify signs (RFC 8446 §4.4.3): 64 spaces
 * (0x20), the context string "TLS 1.3, server CertificateVerify" or
 * "TLS 1.3, client CertificateVerify" as signer says, one zero byte, then
 * the transcript hash th. Returns the length, MSG13_CV_CONTENT_LEN (both
 * context strings are 33 bytes). */
#define MSG13_CV_CONTENT_LEN (64 + 33 + 1 + KS_HASH_LEN)
size_t msg13_cert_verify_content(bool server, const uint8_t th[KS_HASH_LEN],
                                 uint8_t out[MSG13_CV_CONTENT_LEN]);

/* Annotate any message of a content type: spans of every field, read by
 * the parser of its protocol version. Used by the trace for messages it
 * did not parse itself. transport as for msg_client_kx_parse. Returns the
 * parser's error. */
err_t msg_annotate(uint8_t content_type, const uint8_t *msg, size_t len, bool transport,
                   tls_version version, spans *sp);

#endif
