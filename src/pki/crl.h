/* crl.h — X.509 certificate revocation lists (RFC 5280 §5) signed with
 * Ed25519 (RFC 8410): build one for a CA, parse one, and answer "is this
 * certificate revoked?" against a verifier's clock and revocation policy.
 *
 *   CertificateList ::= SEQUENCE { tbsCertList TBSCertList,
 *       signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertList ::= SEQUENCE { version Version OPTIONAL (v2 = 1),
 *       signature AlgorithmIdentifier, issuer Name, thisUpdate Time,
 *       nextUpdate Time OPTIONAL,
 *       revokedCertificates SEQUENCE OF SEQUENCE { userCertificate
 *           CertificateSerialNumber, revocationDate Time,
 *           crlEntryExtensions Extensions OPTIONAL } OPTIONAL,
 *       crlExtensions [0] EXPLICIT Extensions OPTIONAL }
 *
 * The CRLs built here are what §5 asks of a conforming issuer: version v2,
 * nextUpdate present (§5.1.2.5), revokedCertificates absent when empty
 * (§5.1.2.6), and the two extensions every CRL MUST carry: the authority
 * key identifier (§5.2.1) and the CRL number (§5.2.3).
 */
#ifndef MTLS_CRL_H
#define MTLS_CRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "pki/x509.h"

#define CRL_REVOKED_MAX 8  /* entries a CRL of this program holds */
#define CRL_DER_MAX 1024   /* DER of one CRL with CRL_REVOKED_MAX entries fits */
#define CRL_SET_MAX 4      /* CRLs one verifier holds */

/* One revoked certificate: its serial (INTEGER content, as in the
 * certificate) and when it was revoked. */
typedef struct crl_entry {
    uint8_t serial[X509_SERIAL_MAX];
    size_t serial_len;
    int64_t date;
} crl_entry;

/* What to put in a CRL. */
typedef struct crl_template {
    int64_t this_update, next_update;
    uint32_t number;            /* cRLNumber, monotonically increasing per issuer */
    const crl_entry *revoked;
    size_t n_revoked;           /* at most CRL_REVOKED_MAX */
} crl_template;

/* A CRL as parsed; pointers point into the DER given to crl_parse. */
typedef struct crl {
    const uint8_t *der;
    size_t der_len;
    const uint8_t *tbs;         /* the signed part, TBSCertList TLV */
    size_t tbs_len;
    const uint8_t *issuer;      /* Name TLV */
    size_t issuer_len;
    int64_t this_update, next_update;
    bool has_next_update;
    crl_entry revoked[CRL_REVOKED_MAX];
    size_t n_revoked;
    bool has_number;
    uint32_t number;
    uint8_t akid[X509_KEYID_MAX];
    size_t akid_len;
    uint8_t sig[X509_SIG_LEN];
} crl;

/* Build a CRL of issuer (its Name and subject key identifier), signed
 * with sign_sk (libsodium Ed25519 secret key, 64 bytes), into out
 * (capacity cap). ERR_USAGE for a template that cannot be encoded (too
 * many entries, a serial that is not positive minimal INTEGER content, an
 * issuer without a key identifier), ERR_OVERFLOW when it does not fit. */
err_t crl_build(const crl_template *t, const x509_cert *issuer, const uint8_t *sign_sk,
                uint8_t *out, size_t cap, size_t *out_len);

/* Parse exactly one DER CRL. Every malformed input is an error, never a
 * crash: the DER errors of der.h, ERR_CRL_FORMAT for a structure that is
 * DER but not a v2 CRL this verifier reads (a version other than v2, more
 * than CRL_REVOKED_MAX entries, an unknown critical extension, §5.2), and
 * ERR_X509_ALG / ERR_X509_ALG_MISMATCH for a signature that is not Ed25519
 * or differs inside and outside. */
err_t crl_parse(const uint8_t *der, size_t len, crl *out);

/* crl_mode (x509.h): "hard", "soft", "off"; crl_mode_parse gives false
 * for any other text. */
const char *crl_mode_name(crl_mode m);
bool crl_mode_parse(const char *s, crl_mode *m);

/* The CRLs one verifier holds (pointers must outlive it). */
typedef struct crl_set {
    const crl *list[CRL_SET_MAX];
    size_t n;
} crl_set;

/* Is certificate c, issued by issuer (whose key signs its CRLs), revoked?
 * Each step of RFC 5280 §6.3.3 is reported to cb (may be NULL) under its
 * x509_check.h row: X509_CHECK_CRL_ISSUER (a CRL in set whose issuer Name
 * is c's issuer and whose authority key ID is the issuer's), then
 * X509_CHECK_CRL_SIGNATURE (with issuer's key), X509_CHECK_CRL_TIME
 * (thisUpdate <= now <= nextUpdate) and X509_CHECK_REVOCATION (c's serial
 * looked up). A step that fails but that the soft policy accepts is
 * reported with ERR_CRL_SOFT_FAIL (a warning, err_is_warning) and the
 * steps that need it are skipped.
 * Returns ERR_CERT_REVOKED for a listed serial; a status that cannot be
 * established is ERR_CRL_MISSING, ERR_CRL_SIGNATURE, ERR_CRL_NOT_YET_VALID
 * or ERR_CRL_STALE in CRL_MODE_HARD and ERR_OK (reported as
 * ERR_CRL_SOFT_FAIL) in CRL_MODE_SOFT. CRL_MODE_OFF, and a NULL set (a
 * verifier not configured for revocation at all, unlike an empty set: no
 * CRL at hand), check nothing, report X509_CHECK_REVOCATION passed, and
 * return ERR_OK. *warned (may be NULL) says whether a soft failure was
 * accepted. */
err_t crl_check_cert(const x509_cert *c, const x509_cert *issuer, const crl_set *set,
                     crl_mode mode, int64_t now, x509_check_fn cb, void *ctx, bool *warned);

#endif
