/* err.h — the one error enum of mtls-sim.
 *
 * Every failure anywhere in the program is one of these codes. Each code has a
 * message for people and the TLS alert (RFC 5246 §7.2) that a real
 * implementation sends when the failure happens while processing a peer's
 * message. Codes are grouped by the layer that raises them.
 *
 * X(name, alert, message)
 */
#ifndef MTLS_ERR_H
#define MTLS_ERR_H

/* TLS alert descriptions, RFC 5246 §7.2 (and RFC 8446 §6 for 109, 110, 116). */
#define ALERT_LIST(X) \
    X(close_notify, 0) \
    X(unexpected_message, 10) \
    X(bad_record_mac, 20) \
    X(record_overflow, 22) \
    X(handshake_failure, 40) \
    X(bad_certificate, 42) \
    X(unsupported_certificate, 43) \
    X(certificate_revoked, 44) \
    X(certificate_expired, 45) \
    X(certificate_unknown, 46) \
    X(illegal_parameter, 47) \
    X(unknown_ca, 48) \
    X(access_denied, 49) \
    X(decode_error, 50) \
    X(decrypt_error, 51) \
    X(protocol_version, 70) \
    X(insufficient_security, 71) \
    X(internal_error, 80) \
    X(no_renegotiation, 100) \
    X(missing_extension, 109) \
    X(certificate_required, 116) \
    X(unsupported_extension, 110)

typedef enum {
#define X(name, num) ALERT_##name = num,
    ALERT_LIST(X)
#undef X
    ALERT_NONE = 255 /* the error is not one a peer is told about */
} alert_t;

#define ERR_LIST(X) \
    X(OK, NONE, "no error") \
    /* program and environment */ \
    X(USAGE, NONE, "invalid command line") \
    X(IO, NONE, "input/output error") \
    X(NOMEM, NONE, "out of memory") \
    X(SODIUM_INIT, NONE, "libsodium failed to initialise") \
    X(INTERNAL, internal_error, "internal error") \
    /* bytes: reader and writer */ \
    X(TRUNCATED, decode_error, "message ends before a field it announces") \
    X(TRAILING, decode_error, "bytes left over after the last field") \
    X(OVERFLOW, internal_error, "output does not fit its buffer") \
    /* DER (X.690) */ \
    X(DER_TAG, bad_certificate, "DER: unexpected tag") \
    X(DER_LENGTH, bad_certificate, "DER: bad length encoding") \
    X(DER_PAST_END, bad_certificate, "DER: length runs past the end") \
    X(DER_TRUNCATED, bad_certificate, "DER: input truncated") \
    X(DER_TRAILING, bad_certificate, "DER: trailing bytes after the value") \
    X(DER_VALUE, bad_certificate, "DER: malformed value") \
    X(PEM, NONE, "PEM: no block with the expected label, or malformed base64") \
    /* X.509 (RFC 5280, RFC 8410) */ \
    X(X509_VERSION, bad_certificate, "certificate is not X.509 version 3") \
    X(X509_ALG, unsupported_certificate, "certificate uses an unsupported algorithm") \
    X(X509_ALG_MISMATCH, bad_certificate, "signature algorithms inside and outside the certificate differ") \
    X(X509_CRITICAL_EXT, unsupported_certificate, "certificate has an unknown critical extension") \
    X(X509_DUP_EXT, bad_certificate, "certificate repeats an extension") \
    X(X509_TIME, bad_certificate, "certificate has a malformed validity time") \
    /* chain verification, in the order the checks run */ \
    X(CERT_MISSING, handshake_failure, "peer sent no certificate") \
    X(CERT_UNKNOWN_CA, unknown_ca, "certificate was not issued by the trusted CA") \
    X(CERT_SIGNATURE, bad_certificate, "certificate signature does not verify with the issuer's key") \
    X(CERT_EXPIRED, certificate_expired, "certificate has expired") \
    X(CERT_NOT_YET_VALID, certificate_expired, "certificate is not yet valid") \
    X(CERT_ISSUER_NOT_CA, unknown_ca, "issuer is not a CA allowed to sign certificates") \
    X(CERT_PATH_LEN, unknown_ca, "the path has more CA certificates than a pathLenConstraint allows") \
    X(CERT_NOT_REQUESTED, NONE, "none of the client's certificates chains to a CA the server requested") \
    X(CERT_KEY_USAGE, unsupported_certificate, "certificate key usage does not allow this use") \
    X(CERT_EKU, unsupported_certificate, "certificate extended key usage does not allow this role") \
    X(CERT_NAME, bad_certificate, "certificate name does not match the expected name") \
    X(CERT_REVOKED, certificate_revoked, "certificate is on the revocation list") \
    X(CERT_KEY_TYPE, unsupported_certificate, "certificate key type does not fit this use") \
    /* revocation (RFC 5280 §5, §6.3): a status that cannot be established \
     * is "undetermined" (§6.3.3 (k)); refused as certificate_unknown, RFC \
     * 5246 §7.2.2 "some other (unspecified) issue ... rendering it \
     * unacceptable" (RFC 8446 §6.2 keeps the meaning) */ \
    X(CRL_FORMAT, certificate_unknown, "CRL is not a v2 CertificateList this verifier reads") \
    X(CRL_MISSING, certificate_unknown, "no CRL from the certificate's issuer is at hand") \
    X(CRL_SIGNATURE, certificate_unknown, "CRL signature does not verify with the issuer's key") \
    X(CRL_NOT_YET_VALID, certificate_unknown, "CRL thisUpdate is after the verifier's clock") \
    X(CRL_STALE, certificate_unknown, "CRL is out of date: its nextUpdate has passed") \
    X(CRL_SOFT_FAIL, NONE, "revocation status unknown, accepted (--revocation soft)") \
    /* authorization after authentication */ \
    X(AUTHZ_DENIED, access_denied, "the client's identity is not allowed by the server's policy") \
    /* records (RFC 5246 §6) */ \
    X(RECORD_TYPE, unexpected_message, "record has an unknown content type") \
    X(RECORD_VERSION, protocol_version, "record has the wrong protocol version") \
    X(RECORD_OVERFLOW, record_overflow, "record is longer than allowed") \
    X(RECORD_MAC, bad_record_mac, "record authentication tag does not verify") \
    X(RECORD_NO_TYPE, unexpected_message, "protected record has no content type inside") \
    /* handshake (RFC 5246 §7.4, RFC 8422, RFC 7627) */ \
    X(HS_UNEXPECTED, unexpected_message, "message arrived out of order") \
    X(HS_INTERLEAVED, unexpected_message, "record of another type inside a fragmented handshake message") \
    X(HS_EMPTY_FRAGMENT, unexpected_message, "zero-length handshake, alert or ChangeCipherSpec record") \
    X(HS_KEY_CHANGE, unexpected_message, "handshake message does not end its record at a key change") \
    X(HS_MSG_TOO_LONG, illegal_parameter, "handshake message is longer than this endpoint takes") \
    X(HS_VERSION, protocol_version, "peer does not speak TLS 1.2") \
    X(HS_NO_SHARED_SUITE, handshake_failure, "no cipher suite in common") \
    X(HS_NO_SHARED_GROUP, handshake_failure, "no key-exchange group in common") \
    X(HS_NO_SHARED_SIGALG, handshake_failure, "no signature algorithm in common") \
    X(HS_RENEGOTIATION, handshake_failure, "renegotiation_info is not empty in an initial handshake") \
    X(HS_RENEG_AGAIN, handshake_failure, "peer asked to renegotiate again after this side refused") \
    X(HS_NO_EMS, handshake_failure, "peer did not negotiate the extended master secret") \
    X(HS_ILLEGAL_PARAM, illegal_parameter, "message field has an illegal value") \
    X(HS_UNSUPPORTED_EXT, unsupported_extension, "extension not offered or not allowed in this message") \
    X(HS_MISSING_EXT, missing_extension, "a mandatory extension is missing") \
    X(HS_CERT_REQUIRED, certificate_required, "the client sent no certificate, and this server requires one") \
    X(HS_SERVER_CERT_EMPTY, decode_error, "the server's Certificate message is empty") \
    X(HS_BAD_POINT, illegal_parameter, "key share is not a valid X25519 public key") \
    X(HS_SKE_SIGNATURE, decrypt_error, "ServerKeyExchange signature does not verify") \
    X(HS_CV_SIGNATURE, decrypt_error, "CertificateVerify signature does not verify") \
    X(HS_FINISHED, decrypt_error, "Finished verify_data does not match") \
    X(HS_KX_OPEN, decrypt_error, "encrypted pre-master secret cannot be opened") \
    X(HS_ALERT, NONE, "peer sent a fatal alert") \
    X(HS_PEER_GONE, NONE, "peer stopped without an alert") \
    /* lessons */ \
    X(LESSON_SYNTAX, NONE, "lesson file is malformed") \
    X(LESSON_PLACEHOLDER, NONE, "lesson names an unknown value")

typedef enum {
#define X(name, alert, msg) ERR_##name,
    ERR_LIST(X)
#undef X
    ERR_COUNT
} err_t;

/* Whether e is a warning, not a failure: a check reported with it passed
 * under a lenient policy (ERR_CRL_SOFT_FAIL). */
#define err_is_warning(e) ((e) == ERR_CRL_SOFT_FAIL)

/* Message for people; never NULL. */
const char *err_str(err_t e);
/* Symbolic name, e.g. "CERT_EXPIRED"; never NULL. */
const char *err_name(err_t e);
/* The alert a peer is sent for this error, or ALERT_NONE. */
alert_t err_alert(err_t e);
/* RFC name of an alert, e.g. "certificate_expired"; "unknown" for others. */
const char *alert_name(int alert);

/* Run an expression returning err_t; return its error from the caller if it failed. */
#define TRY(expr) do { err_t try_e_ = (expr); if (try_e_ != ERR_OK) return try_e_; } while (0)
/* Return e from the caller unless cond holds. */
#define CHECK(cond, e) do { if (!(cond)) return (e); } while (0)

#endif
