/* x509_check.h — the checks x509_verify_chain makes, as one catalogue:
 * each with the name it is reported under and the section that requires it.
 * Whoever shows them adds whose certificate it was (tls prefixes the peer).
 *
 * X(enum, name, section), in the order the chain is verified.
 */
#ifndef MTLS_X509_CHECK_H
#define MTLS_X509_CHECK_H

#define X509_CHECK_LIST(X) \
    X(X509_CHECK_CERTIFICATE, "certificate", "RFC 5246 §7.4.2, §7.4.6") \
    X(X509_CHECK_PATH, "issuer: path to a trusted CA", "RFC 5280 §6.1.3 (a)(4)") \
    X(X509_CHECK_SIGNATURE, "signature", "RFC 5280 §6.1.3 (a)(1)") \
    X(X509_CHECK_VALIDITY, "validity", "RFC 5280 §4.1.2.5") \
    X(X509_CHECK_ISSUER_CA, "issuer is a CA", "RFC 5280 §6.1.4 (k), §4.2.1.9") \
    X(X509_CHECK_CERT_SIGN, "issuer may sign certificates", "RFC 5280 §6.1.4 (n), §4.2.1.3") \
    X(X509_CHECK_PATH_LEN, "path length", "RFC 5280 §6.1.4 (l), (m), §4.2.1.9") \
    X(X509_CHECK_KEY_USAGE, "key usage", "RFC 5280 §4.2.1.3, RFC 8410 §5") \
    X(X509_CHECK_EKU, "extended key usage", "RFC 5280 §4.2.1.12") \
    X(X509_CHECK_NAME, "name", "RFC 6125 §6.4") \
    X(X509_CHECK_CRL_ISSUER, "revocation: CRL issuer", "RFC 5280 §6.3.3 (b), §5.1.2.3") \
    X(X509_CHECK_CRL_SIGNATURE, "revocation: CRL signature", "RFC 5280 §6.3.3 (f), §5.1.1.3") \
    X(X509_CHECK_CRL_TIME, "revocation: CRL up to date", "RFC 5280 §6.3.3 (a), §5.1.2.4-5") \
    X(X509_CHECK_REVOCATION, "revocation", "RFC 5280 §6.3.3 (i), §5.1.2.6")

typedef enum {
#define X(e, name, rfc) e,
    X509_CHECK_LIST(X)
#undef X
    X509_CHECK_COUNT
} x509_check;

/* The check's name ("signature", ...) and section; "" out of range. */
const char *x509_check_name(x509_check c);
const char *x509_check_rfc(x509_check c);

#endif
