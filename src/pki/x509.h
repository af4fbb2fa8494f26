/* x509.h — X.509 v3 certificates with Ed25519 signatures (RFC 5280, RFC 8410):
 * build, parse, and verify a chain against one trust anchor.
 *
 * Subject keys are Ed25519 (id-Ed25519, 1.3.101.112) or, for the key-transport
 * mode, X25519 (id-X25519, 1.3.101.110). Signatures are always Ed25519.
 *
 * Parsing (and x509_time_str) is in x509.c, building in x509_build.c,
 * verifying in x509_verify.c; x509_int.h holds what x509.c and x509_build.c
 * share.
 */
#ifndef MTLS_X509_H
#define MTLS_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/rd.h"
#include "base/span.h"
#include "pki/x509_check.h"

#define X509_KEY_LEN 32
#define X509_SIG_LEN 64
#define X509_SERIAL_MAX 20
#define X509_NAME_MAX 256   /* DER of a Name */
#define X509_STR_MAX 128    /* a CN, DNS name or URI */
#define X509_SAN_MAX 4
#define X509_KEYID_MAX 32
#define X509_CERT_MAX 2048  /* DER of one certificate */

typedef enum { X509_KEY_ED25519 = 1, X509_KEY_X25519 = 2 } x509_key_type;

/* keyUsage bits, numbered as in RFC 5280 §4.2.1.3. */
enum {
    X509_KU_DIGITAL_SIGNATURE = 1u << 0,
    X509_KU_KEY_ENCIPHERMENT = 1u << 2,
    X509_KU_KEY_AGREEMENT = 1u << 4,
    X509_KU_KEY_CERT_SIGN = 1u << 5,
    X509_KU_CRL_SIGN = 1u << 6,
};

/* extendedKeyUsage purposes we know. */
enum {
    X509_EKU_SERVER_AUTH = 1u << 0, /* 1.3.6.1.5.5.7.3.1 */
    X509_EKU_CLIENT_AUTH = 1u << 1, /* 1.3.6.1.5.5.7.3.2 */
};

typedef enum { X509_ROLE_SERVER, X509_ROLE_CLIENT } x509_role;

/* What a certificate says, as parsed. Pointers point into the DER passed to
 * x509_parse, which must outlive this struct. */
typedef struct x509_cert {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *tbs; /* the signed part, TBSCertificate TLV */
    size_t tbs_len;
    uint8_t serial[X509_SERIAL_MAX];
    size_t serial_len;
    const uint8_t *issuer; /* Name TLV */
    size_t issuer_len;
    const uint8_t *subject; /* Name TLV */
    size_t subject_len;
    char issuer_cn[X509_STR_MAX];  /* commonName, "" if none */
    char subject_cn[X509_STR_MAX];
    int64_t not_before; /* seconds since 1970-01-01 UTC */
    int64_t not_after;
    x509_key_type key_type;
    uint8_t key[X509_KEY_LEN];
    bool has_basic_constraints, is_ca;
    bool has_path_len;    /* basicConstraints pathLenConstraint present */
    uint32_t path_len;    /* at most this many CA certificates may follow it down a path */
    bool has_key_usage;
    unsigned key_usage;   /* X509_KU_* bits */
    bool has_eku;
    unsigned eku;         /* X509_EKU_* bits */
    size_t n_dns, n_uri;
    char dns[X509_SAN_MAX][X509_STR_MAX];
    char uri[X509_SAN_MAX][X509_STR_MAX];
    uint8_t skid[X509_KEYID_MAX];
    size_t skid_len;
    uint8_t akid[X509_KEYID_MAX];
    size_t akid_len;
    uint8_t sig[X509_SIG_LEN];
} x509_cert;

/* What to put in a certificate. Strings may be NULL/empty to leave a field out. */
typedef struct x509_template {
    const uint8_t *serial; size_t serial_len; /* positive INTEGER content, 1..20 bytes */
    const char *subject_cn;
    const char *subject_o;
    int64_t not_before, not_after;
    x509_key_type key_type;
    const uint8_t *key; /* subject public key, 32 bytes */
    bool is_ca;         /* basicConstraints cA TRUE (critical) */
    bool has_path_len;  /* with is_ca: pathLenConstraint path_len (RFC 5280 §4.2.1.9) */
    uint32_t path_len;
    unsigned key_usage; /* X509_KU_* bits; 0 = leave the extension out */
    unsigned eku;       /* X509_EKU_* bits; 0 = leave the extension out */
    const char *san_dns;
    const char *san_uri;
} x509_template;

/* The issuer of a certificate being built: its Name and key identifier come
 * from its certificate (NULL issuer_cert for a self-signed one). */
typedef struct x509_issuer {
    const x509_cert *cert;           /* NULL: self-signed */
    const uint8_t *sign_sk;          /* libsodium Ed25519 secret key, 64 bytes */
} x509_issuer;

/* Build a DER certificate into out (capacity cap). Fails with ERR_OVERFLOW
 * when it does not fit, ERR_USAGE for a template that cannot be encoded. */
err_t x509_build(const x509_template *t, const x509_issuer *iss, uint8_t *out, size_t cap,
                 size_t *out_len);

/* Parse exactly one DER certificate. Every malformed input gives a specific
 * error: ERR_DER_TAG, ERR_DER_LENGTH, ERR_DER_PAST_END, ERR_DER_TRUNCATED,
 * ERR_DER_TRAILING, ERR_DER_VALUE, ERR_X509_VERSION, ERR_X509_ALG,
 * ERR_X509_ALG_MISMATCH, ERR_X509_CRITICAL_EXT, ERR_X509_DUP_EXT,
 * ERR_X509_TIME. */
err_t x509_parse(const uint8_t *der, size_t len, x509_cert *out);

/* The same over a reader holding exactly the certificate, recording named
 * spans of every field (sp may be NULL). */
err_t x509_parse_rd(rd *r, x509_cert *out, spans *sp);

/* One check made while verifying, reported as it happens: which one
 * (x509_check.h), its result, and a detail that says what was compared.
 * Finding the issuer is X509_CHECK_PATH (ERR_CERT_UNKNOWN_CA); an empty
 * chain is X509_CHECK_CERTIFICATE (ERR_CERT_MISSING); X509_CHECK_NAME is
 * reported only when an expected name is given. */
typedef void (*x509_check_fn)(void *ctx, x509_check check, err_t result, const char *detail);

/* A trust store: the CA certificates one side accepts as the top of a
 * path (RFC 5280 §6.1.1 (d), trust anchors), under a name a person reads
 * ("the server's store for client certificates"). */
#define X509_STORE_MAX 4
typedef struct x509_store {
    const char *name;
    const x509_cert *anchor[X509_STORE_MAX];
    size_t n;
} x509_store;

/* How a verifier treats a revocation status it cannot establish (no CRL
 * from the issuer, a CRL whose signature fails or that is out of date):
 * hard, the certificate is refused; soft, accepted with a warning; off,
 * revocation is not checked at all. A serial on a good CRL is refused in
 * hard and soft. Names and parsing in crl.h. */
typedef enum { CRL_MODE_HARD, CRL_MODE_SOFT, CRL_MODE_OFF } crl_mode;

struct crl_set; /* crl.h */

typedef struct x509_policy {
    const x509_cert *anchor;        /* the trusted CA, when trust is NULL */
    const x509_store *trust;        /* the trusted CAs; NULL: anchor alone */
    int64_t now;                    /* the (simulated) clock */
    x509_role role;                 /* the peer's role: which EKU it needs */
    const char *expected_name;      /* DNS name (server) or URI (client); NULL: no check */
    const struct crl_set *crls;     /* the CRLs at hand (NULL: revocation not checked) */
    crl_mode revocation;            /* what a status that cannot be established means */
    bool *revocation_warned;        /* set when soft revocation accepted one (may be NULL) */
} x509_policy;

/* Verify chain[0] (the peer's certificate), chain[1..n-1] (intermediates)
 * against the trust store pol->trust (or pol->anchor). The path is built one
 * link at a time from the peer's certificate up: the issuer is a trusted CA
 * whose subject is the certificate's issuer name, else the next certificate
 * sent, if its subject is that name. For every link, in this order, the
 * first failure returned: "issuer: path to a trusted CA", the issuer found
 * by name and key identifier (ERR_CERT_UNKNOWN_CA: no trusted CA and no
 * certificate sent has that name, or the key identifiers differ), its
 * signature (ERR_CERT_SIGNATURE), validity (ERR_CERT_EXPIRED,
 * ERR_CERT_NOT_YET_VALID), the issuer is a CA by basicConstraints
 * (ERR_CERT_ISSUER_NOT_CA), its keyUsage has keyCertSign
 * (ERR_CERT_ISSUER_NOT_CA), its pathLenConstraint allows the CAs below it
 * (ERR_CERT_PATH_LEN). Then, for the peer's certificate: key usage
 * (ERR_CERT_KEY_USAGE), extended key usage for the role (ERR_CERT_EKU),
 * expected name (ERR_CERT_NAME), revocation of the peer's certificate by
 * the CRL of its issuer (crl_check_cert: ERR_CERT_REVOKED, and in hard
 * mode ERR_CRL_MISSING, ERR_CRL_SIGNATURE, ERR_CRL_NOT_YET_VALID,
 * ERR_CRL_STALE). n == 0 gives
 * ERR_CERT_MISSING. Every check made is reported to cb (may be NULL). */
err_t x509_verify_chain(const x509_cert *chain, size_t n, const x509_policy *pol,
                        x509_check_fn cb, void *ctx);

/* What one field of certificate c means, decoded (x509_describe.c): field
 * is the span name x509_parse_rd gives it ("issuer CN", "notBefore",
 * "extension keyUsage", ...), f[0..n) its bytes inside c->der (used for a
 * single RDN, an algorithm and an extension's critical flag). Writes the text
 * to out (always terminated; cut to cap) and returns true, or returns false
 * with out "" for a field whose bytes say nothing more (lengths, wrappers). */
bool x509_field_note(const x509_cert *c, const char *field, const uint8_t *f, size_t n,
                     char *out, size_t cap);

/* The same for span k of the n spans over buf (a message as the trace holds
 * it): the certificate is the one whose "Certificate" span encloses span k,
 * read with x509_parse. False when span k is in no certificate, the
 * certificate does not parse, or the field has nothing to add. */
bool x509_span_note(const uint8_t *buf, size_t buf_len, const span *s, size_t n, size_t k,
                    char *out, size_t cap);

/* The commonName of a DER Name (a CertificateRequest's DistinguishedName)
 * into out as "CN=..."; "(a Name without CN)" when it has none, "(not a
 * Name)" when it does not parse. Always terminated, cut to cap. */
void x509_name_str(const uint8_t *name, size_t len, char *out, size_t cap);

/* Whether the Name DER a equals b, byte for byte (RFC 5280 §7.1 allows
 * this for names the same CA encoded). */
bool x509_name_eq(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len);

/* Format seconds since the epoch as "YYYY-MM-DD HH:MM:SS UTC" (out >= 24 bytes). */
void x509_time_str(int64_t t, char *out, size_t cap);

#endif
