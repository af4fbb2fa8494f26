/* x509_verify.c — verifying a certificate chain against one trust anchor
 * (RFC 5280 §6.1 path validation, with the checks in the order x509.h
 * lists), each check reported as it is made with a detail that says what
 * was compared.
 */
#include "pki/x509.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "pki/crl.h"

#define DETAIL_LEN 640

static const struct {
    const char *name, *rfc;
} checks[X509_CHECK_COUNT] = {
#define X(e, name, rfc) [e] = { name, rfc },
    X509_CHECK_LIST(X)
#undef X
};

const char *x509_check_name(x509_check c) { return c < X509_CHECK_COUNT ? checks[c].name : ""; }
const char *x509_check_rfc(x509_check c) { return c < X509_CHECK_COUNT ? checks[c].rfc : ""; }

/* Report one check; returns its result so a caller can TRY(report(...)). */
static err_t report(x509_check_fn cb, void *ctx, x509_check c, err_t e, const char *detail)
{
    if (cb)
        cb(ctx, c, e, detail);
    return e;
}

static const char *cn_of(const char *cn) { return cn[0] ? cn : "(no CN)"; }

static bool issued_by(const x509_cert *c, const x509_cert *iss)
{
    return c->issuer_len == iss->subject_len &&
           memcmp(c->issuer, iss->subject, c->issuer_len) == 0;
}

/* Key identifiers only rule out an issuer when both are there (§4.2.1.1). */
static bool keyid_ok(const x509_cert *c, const x509_cert *iss)
{
    return !c->akid_len || !iss->skid_len ||
           (c->akid_len == iss->skid_len && memcmp(c->akid, iss->skid, c->akid_len) == 0);
}

/* An unknown CA is a failure to find a path to a trust anchor (RFC 5280
 * §6.1.3 (a)(4): the issuer name must be the working issuer's name), not a
 * failed signature: X509_CHECK_PATH.
 *
 * The link from c to iss, found by name, also holds by key identifier
 * (§4.2.1.1: they only rule out an issuer when both are there). */
static err_t check_path(const x509_cert *c, const x509_cert *iss, bool anchor,
                        const char *store, x509_check_fn cb, void *ctx, char *dt)
{
    if (!keyid_ok(c, iss)) {
        snprintf(dt, DETAIL_LEN, "CN=%s: issuer name CN=%s matches, but the authority key ID "
                 "is not the key ID of %s: another key uses that name", cn_of(c->subject_cn),
                 cn_of(c->issuer_cn), anchor ? "the trusted CA" : "the next certificate sent");
        return report(cb, ctx, X509_CHECK_PATH, ERR_CERT_UNKNOWN_CA, dt);
    }
    const char *ids = c->akid_len && iss->skid_len ? " and key ID" : "";
    if (anchor)
        snprintf(dt, DETAIL_LEN, "CN=%s: issuer CN=%s is a trusted CA in %s (name%s match)",
                 cn_of(c->subject_cn), cn_of(iss->subject_cn), store, ids);
    else
        snprintf(dt, DETAIL_LEN, "CN=%s: issuer CN=%s is the next certificate the peer sent "
                 "(name%s match)", cn_of(c->subject_cn), cn_of(iss->subject_cn), ids);
    return report(cb, ctx, X509_CHECK_PATH, ERR_OK, dt);
}

/* The issuer's Ed25519 signature over tbsCertificate (§6.1.3 (a)(1)): a
 * certificate that names the trusted CA but was signed by another key
 * fails here. */
static err_t check_signature(const x509_cert *c, const x509_cert *iss, x509_check_fn cb,
                             void *ctx, char *dt)
{
    if (iss->key_type != X509_KEY_ED25519 ||
        crypto_sign_verify_detached(c->sig, c->tbs, c->tbs_len, iss->key) != 0) {
        snprintf(dt, DETAIL_LEN, "CN=%s: Ed25519 signature over the %zu-byte tbsCertificate "
                 "does not verify with the key of CN=%s", cn_of(c->subject_cn), c->tbs_len,
                 cn_of(iss->subject_cn));
        return report(cb, ctx, X509_CHECK_SIGNATURE, ERR_CERT_SIGNATURE, dt);
    }
    snprintf(dt, DETAIL_LEN, "CN=%s: signed by CN=%s, Ed25519 signature valid",
             cn_of(c->subject_cn), cn_of(iss->subject_cn));
    return report(cb, ctx, X509_CHECK_SIGNATURE, ERR_OK, dt);
}

/* §4.1.2.5: valid from notBefore to notAfter, both inclusive. */
static err_t check_validity(const x509_cert *c, int64_t now, x509_check_fn cb, void *ctx,
                            char *dt)
{
    char nb[32], na[32], tn[32];
    x509_time_str(c->not_before, nb, sizeof nb);
    x509_time_str(c->not_after, na, sizeof na);
    x509_time_str(now, tn, sizeof tn);
    err_t e = ERR_OK;
    const char *cn = cn_of(c->subject_cn);
    if (now > c->not_after) {
        e = ERR_CERT_EXPIRED;
        snprintf(dt, DETAIL_LEN, "CN=%s: notAfter %s is before now %s", cn, na, tn);
    } else if (now < c->not_before) {
        e = ERR_CERT_NOT_YET_VALID;
        snprintf(dt, DETAIL_LEN, "CN=%s: notBefore %s is after now %s", cn, nb, tn);
    } else {
        snprintf(dt, DETAIL_LEN, "CN=%s: now %s is within %s … %s", cn, tn, nb, na);
    }
    return report(cb, ctx, X509_CHECK_VALIDITY, e, dt);
}

/* §6.1.4 (k): a certificate that issues another must say cA TRUE in a
 * basicConstraints extension. */
static err_t check_issuer_ca(const x509_cert *iss, x509_check_fn cb, void *ctx, char *dt)
{
    if (!iss->has_basic_constraints || !iss->is_ca) {
        snprintf(dt, DETAIL_LEN, "CN=%s has %s: it is not a CA and may not issue certificates "
                 "(RFC 5280 §6.1.4 (k))", cn_of(iss->subject_cn),
                 iss->has_basic_constraints ? "basicConstraints cA FALSE" : "no basicConstraints");
        return report(cb, ctx, X509_CHECK_ISSUER_CA, ERR_CERT_ISSUER_NOT_CA, dt);
    }
    snprintf(dt, DETAIL_LEN, "CN=%s: basicConstraints cA TRUE", cn_of(iss->subject_cn));
    return report(cb, ctx, X509_CHECK_ISSUER_CA, ERR_OK, dt);
}

/* §6.1.4 (n): if the issuer has keyUsage, it must include keyCertSign. */
static err_t check_cert_sign(const x509_cert *iss, x509_check_fn cb, void *ctx, char *dt)
{
    if (iss->has_key_usage && !(iss->key_usage & X509_KU_KEY_CERT_SIGN)) {
        snprintf(dt, DETAIL_LEN, "CN=%s has keyUsage without keyCertSign: its key may not sign "
                 "certificates (RFC 5280 §6.1.4 (n))", cn_of(iss->subject_cn));
        return report(cb, ctx, X509_CHECK_CERT_SIGN, ERR_CERT_ISSUER_NOT_CA, dt);
    }
    snprintf(dt, DETAIL_LEN, iss->has_key_usage ? "CN=%s: keyUsage has keyCertSign"
                                                : "CN=%s: no keyUsage extension, any use",
             cn_of(iss->subject_cn));
    return report(cb, ctx, X509_CHECK_CERT_SIGN, ERR_OK, dt);
}

/* §6.1.4 (l), (m): a CA's pathLenConstraint is the number of CA
 * certificates (not self-issued) that may follow it down the path; below
 * does not count the peer's own certificate. The trust anchor's constraint
 * is enforced too, as OpenSSL does (RFC 5280 §6.1.1 (d) leaves it to the
 * implementation; RFC 5937 §3 applies it). */
static err_t check_path_len(const x509_cert *iss, size_t below, x509_check_fn cb, void *ctx,
                            char *dt)
{
    if (!iss->has_path_len) {
        snprintf(dt, DETAIL_LEN, "CN=%s: no pathLenConstraint; %zu CA certificate%s below it",
                 cn_of(iss->subject_cn), below, below == 1 ? "" : "s");
        return report(cb, ctx, X509_CHECK_PATH_LEN, ERR_OK, dt);
    }
    bool ok = below <= iss->path_len;
    snprintf(dt, DETAIL_LEN, "CN=%s: pathLenConstraint %u allows %u CA certificate%s below it; "
             "the path has %zu", cn_of(iss->subject_cn), (unsigned)iss->path_len,
             (unsigned)iss->path_len, iss->path_len == 1 ? "" : "s", below);
    return report(cb, ctx, X509_CHECK_PATH_LEN, ok ? ERR_OK : ERR_CERT_PATH_LEN, dt);
}

/* An Ed25519 key signs the handshake (digitalSignature); an X25519 key can
 * only agree on a key (keyAgreement, RFC 8410 §5). No extension: any use. */
static err_t check_key_usage(const x509_cert *c, x509_check_fn cb, void *ctx, char *dt)
{
    bool sign = c->key_type == X509_KEY_ED25519;
    unsigned need = sign ? X509_KU_DIGITAL_SIGNATURE : X509_KU_KEY_AGREEMENT;
    const char *what = sign ? "digitalSignature" : "keyAgreement";
    err_t e = ERR_OK;
    if (!c->has_key_usage)
        snprintf(dt, DETAIL_LEN, "no keyUsage extension: any use allowed (RFC 5280 §4.2.1.3)");
    else if (c->key_usage & need)
        snprintf(dt, DETAIL_LEN, "keyUsage has %s, as an %s key needs", what,
                 sign ? "Ed25519" : "X25519");
    else {
        e = ERR_CERT_KEY_USAGE;
        snprintf(dt, DETAIL_LEN, "keyUsage lacks %s, which an %s key needs", what,
                 sign ? "Ed25519" : "X25519");
    }
    return report(cb, ctx, X509_CHECK_KEY_USAGE, e, dt);
}

static err_t check_eku(const x509_cert *c, x509_role role, x509_check_fn cb, void *ctx, char *dt)
{
    bool srv = role == X509_ROLE_SERVER;
    unsigned need = srv ? X509_EKU_SERVER_AUTH : X509_EKU_CLIENT_AUTH;
    const char *what = srv ? "serverAuth" : "clientAuth";
    err_t e = ERR_OK;
    if (!c->has_eku)
        snprintf(dt, DETAIL_LEN, "no extendedKeyUsage extension: any purpose (RFC 5280 "
                 "§4.2.1.12)");
    else if (c->eku & need)
        snprintf(dt, DETAIL_LEN, "extendedKeyUsage has %s, needed for a %s", what,
                 srv ? "server" : "client");
    else {
        e = ERR_CERT_EKU;
        snprintf(dt, DETAIL_LEN, "extendedKeyUsage lacks %s, needed for a %s", what,
                 srv ? "server" : "client");
    }
    return report(cb, ctx, X509_CHECK_EKU, e, dt);
}

/* RFC 6125 §6.4: DNS names compare without regard to ASCII case; the CN is
 * not consulted (§6.4.4 allows it only when there is no SAN, and we never
 * want it). A client is named by a SAN URI, compared as bytes. */
static err_t check_name(const x509_cert *c, x509_role role, const char *want, x509_check_fn cb,
                        void *ctx, char *dt)
{
    bool srv = role == X509_ROLE_SERVER;
    size_t n = srv ? c->n_dns : c->n_uri;
    const char *kind = srv ? "DNS" : "URI";
    for (size_t i = 0; i < n; i++) {
        const char *have = srv ? c->dns[i] : c->uri[i];
        bool eq = strlen(have) == strlen(want);
        for (size_t j = 0; eq && have[j]; j++) {
            char a = have[j], b = want[j];
            if (srv && a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (srv && b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            eq = a == b;
        }
        if (eq) {
            snprintf(dt, DETAIL_LEN, "subjectAltName %s:%s matches %s", kind, have, want);
            return report(cb, ctx, X509_CHECK_NAME, ERR_OK, dt);
        }
    }
    int len = snprintf(dt, DETAIL_LEN, "no subjectAltName %s entry is %s (it has%s", kind, want,
                       n ? "" : " none");
    for (size_t i = 0; i < n && len > 0 && len < DETAIL_LEN; i++)
        len += snprintf(dt + len, DETAIL_LEN - (size_t)len, "%s %s:%s", i ? "," : "", kind,
                        srv ? c->dns[i] : c->uri[i]);
    if (len > 0 && len < DETAIL_LEN)
        snprintf(dt + len, DETAIL_LEN - (size_t)len, ")");
    return report(cb, ctx, X509_CHECK_NAME, ERR_CERT_NAME, dt);
}

/* The trusted CA whose subject is c's issuer name, or NULL. */
static const x509_cert *find_anchor(const x509_cert *c, const x509_policy *pol)
{
    if (!pol->trust)
        return pol->anchor && issued_by(c, pol->anchor) ? pol->anchor : NULL;
    for (size_t i = 0; i < pol->trust->n; i++)
        if (issued_by(c, pol->trust->anchor[i]))
            return pol->trust->anchor[i];
    return NULL;
}

/* "CN=A, CN=B" of the trusted CAs, for a detail. */
static void list_anchors(const x509_policy *pol, char *out, size_t cap)
{
    size_t n = pol->trust ? pol->trust->n : pol->anchor != NULL;
    int len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n && len >= 0 && (size_t)len < cap; i++) {
        const x509_cert *a = pol->trust ? pol->trust->anchor[i] : pol->anchor;
        len += snprintf(out + len, cap - (size_t)len, "%sCN=%s", i ? ", " : "",
                        cn_of(a->subject_cn));
    }
    if (n == 0)
        snprintf(out, cap, "(none)");
}

err_t x509_verify_chain(const x509_cert *chain, size_t n, const x509_policy *pol,
                        x509_check_fn cb, void *ctx)
{
    char dt[DETAIL_LEN];
    const char *store = pol->trust && pol->trust->name ? pol->trust->name : "the trust store";
    if (n == 0)
        return report(cb, ctx, X509_CHECK_CERTIFICATE, ERR_CERT_MISSING,
                      "the peer sent no certificate");
    /* Walk up from the peer's certificate: each link is issued either by a
     * trusted CA (and the walk ends) or by the next certificate sent. A
     * certificate sent out of order, or one that is missing, ends the walk
     * with no path (RFC 5246 §7.4.2: each certificate certifies the one
     * before it). */
    const x509_cert *leaf_issuer = NULL;
    for (size_t i = 0;; i++) {
        const x509_cert *c = &chain[i], *iss = find_anchor(c, pol);
        bool top = iss != NULL;
        if (!iss && i + 1 < n && issued_by(c, &chain[i + 1]))
            iss = &chain[i + 1];
        if (!iss) {
            char anchors[160];
            list_anchors(pol, anchors, sizeof anchors);
            snprintf(dt, DETAIL_LEN, "CN=%s: issuer CN=%s is neither a trusted CA in %s (%s) nor "
                     "%s", cn_of(c->subject_cn), cn_of(c->issuer_cn), store, anchors,
                     i + 1 < n ? "the next certificate the peer sent"
                               : "a certificate the peer sent: no path");
            return report(cb, ctx, X509_CHECK_PATH, ERR_CERT_UNKNOWN_CA, dt);
        }
        if (i == 0)
            leaf_issuer = iss;
        TRY(check_path(c, iss, top, store, cb, ctx, dt));
        TRY(check_signature(c, iss, cb, ctx, dt));
        TRY(check_validity(c, pol->now, cb, ctx, dt));
        TRY(check_issuer_ca(iss, cb, ctx, dt));
        TRY(check_cert_sign(iss, cb, ctx, dt));
        /* chain[1..i] are the CA certificates below iss */
        TRY(check_path_len(iss, i, cb, ctx, dt));
        if (top)
            break;
    }
    /* What the peer's own certificate allows, and whether it is still wanted. */
    TRY(check_key_usage(&chain[0], cb, ctx, dt));
    TRY(check_eku(&chain[0], pol->role, cb, ctx, dt));
    if (pol->expected_name)
        TRY(check_name(&chain[0], pol->role, pol->expected_name, cb, ctx, dt));
    /* RFC 5280 §6.3: the CRL of the peer's certificate's issuer (the
     * intermediates' revocation is not checked: simplified) */
    return crl_check_cert(&chain[0], leaf_issuer, pol->crls, pol->revocation, pol->now, cb, ctx,
                          pol->revocation_warned);
}
