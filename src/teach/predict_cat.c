/* predict_cat.c — the catalogues the questions draw on: why each message
 * comes where it does, what each alert means, and the messages that are
 * plausible but wrong in a version (the other version's, or ones this
 * program never sends). Every sentence is written for this program's runs
 * (mutual authentication, ECDHE or the sealed transport) and cites its
 * section; the RFC's own text is paraphrased, not quoted.
 */
#include "teach/predict_int.h"

#include <string.h>

#include "base/err.h"

/* Rows are found by version, name and sender (-1: either sender). */
static const predict_msg_row msg_rows[] = {
    { TLS_V12, -1, "ClientHello",
      "the client speaks first: its ClientHello offers the version, cipher suites and "
      "extensions it supports (RFC 5246 §7.4.1.2)" },
    { TLS_V12, -1, "ServerHello",
      "the server answers the ClientHello with a ServerHello that picks one suite from the "
      "client's offer (RFC 5246 §7.4.1.3)" },
    { TLS_V12, PARTY_SERVER, "Certificate",
      "after ServerHello the server sends its certificate chain: the suite authenticates the "
      "server by certificate (RFC 5246 §7.4.2)" },
    { TLS_V12, PARTY_CLIENT, "Certificate",
      "asked for by CertificateRequest, the client answers with its Certificate first, before "
      "ClientKeyExchange (RFC 5246 §7.3, §7.4.6)" },
    { TLS_V12, -1, "ServerKeyExchange",
      "the certificate cannot carry an ephemeral key, so the server sends its ECDHE key in "
      "ServerKeyExchange, signed with its certificate's key (RFC 8422 §5.4)" },
    { TLS_V12, -1, "CertificateRequest",
      "mutual TLS: the server asks for the client's certificate before it ends its flight "
      "(RFC 5246 §7.4.4)" },
    { TLS_V12, -1, "ServerHelloDone",
      "ServerHelloDone ends the server's first flight; the client answers only after it "
      "(RFC 5246 §7.4.5)" },
    { TLS_V12, -1, "ClientKeyExchange",
      "ClientKeyExchange is always sent, right after the client's Certificate: it carries the "
      "client's part of the key exchange (RFC 5246 §7.4.7)" },
    { TLS_V12, -1, "CertificateVerify",
      "the client proves it holds its certificate's private key by signing the handshake so "
      "far, right after ClientKeyExchange (RFC 5246 §7.4.8)" },
    { TLS_V12, -1, "ChangeCipherSpec",
      "before its Finished each side sends ChangeCipherSpec: from its next record on it "
      "protects what it sends (RFC 5246 §7.1)" },
    { TLS_V12, -1, "Finished",
      "Finished is each side's first protected message: verify_data over the whole handshake "
      "shows that nothing in it was changed (RFC 5246 §7.4.9)" },
    { TLS_V12, -1, "Application data",
      "once both Finished messages have been checked, application data flows under the "
      "record keys (RFC 5246 §6.2.3)" },
    { TLS_V13, -1, "ClientHello",
      "the client speaks first, and in TLS 1.3 its ClientHello already carries a key_share "
      "(RFC 8446 §4.1.2, §4.2.8)" },
    { TLS_V13, -1, "ServerHello",
      "the ServerHello answers with the server's key_share; from the two shares both sides "
      "derive the handshake keys (RFC 8446 §4.1.3, §7.1)" },
    { TLS_V13, -1, "ChangeCipherSpec (dummy)",
      "a dummy ChangeCipherSpec for middleboxes that expect one; it changes nothing and is "
      "not part of the transcript (RFC 8446 Appendix D.4)" },
    { TLS_V13, -1, "EncryptedExtensions",
      "the first message under the server's handshake traffic key is EncryptedExtensions "
      "(RFC 8446 §4.3.1)" },
    { TLS_V13, -1, "CertificateRequest",
      "the server asks for the client's certificate right after EncryptedExtensions "
      "(RFC 8446 §4.3.2)" },
    { TLS_V13, -1, "Certificate",
      "each side authenticates with Certificate, CertificateVerify and Finished, in that "
      "order (RFC 8446 §4.4)" },
    { TLS_V13, -1, "CertificateVerify",
      "CertificateVerify signs the transcript hash with the certificate's key, right after "
      "the Certificate (RFC 8446 §4.4.3)" },
    { TLS_V13, -1, "Finished",
      "Finished ends each side's authentication: an HMAC over the transcript (RFC 8446 "
      "§4.4.4)" },
    { TLS_V13, -1, "Application data",
      "after the Finished messages, application data is protected with the application "
      "traffic keys (RFC 8446 §7.1, §5.2)" },
};

const predict_msg_row *predict_msg_why(tls_version v, party from, const char *name)
{
    for (size_t i = 0; i < sizeof msg_rows / sizeof *msg_rows; i++)
        if (msg_rows[i].version == v && (msg_rows[i].from < 0 || msg_rows[i].from == (int)from) &&
            !strcmp(msg_rows[i].name, name))
            return &msg_rows[i];
    return NULL;
}

/* Plausible wrong messages: this version has no such message, or this
 * program never sends it. */
static const char *const wrong12[] = { "HelloRequest", "EncryptedExtensions", NULL };
static const char *const wrong13[] = { "ServerKeyExchange", "ClientKeyExchange",
                                       "ServerHelloDone", NULL };

const char *const *predict_msg_wrong(tls_version v) { return v == TLS_V13 ? wrong13 : wrong12; }

/* What each alert this program can send means, in the words of RFC 5246
 * §7.2.2 and RFC 8446 §6.2, paraphrased. */
static const predict_alert_row alert_rows[] = {
    { ALERT_bad_record_mac, "a record could not be deprotected: its tag did not verify" },
    { ALERT_handshake_failure, "the sides could not agree on acceptable security parameters" },
    { ALERT_bad_certificate, "a certificate was corrupt or its signature did not verify" },
    { ALERT_unsupported_certificate, "a certificate was of a type the receiver does not "
                                     "support" },
    { ALERT_certificate_revoked, "a certificate was revoked by its issuer" },
    { ALERT_certificate_expired, "a certificate has expired or is not yet valid" },
    { ALERT_certificate_unknown, "some other problem came up while processing a certificate" },
    { ALERT_illegal_parameter, "a field was out of range or inconsistent with other fields" },
    { ALERT_unknown_ca, "the chain did not lead to a trusted CA" },
    { ALERT_access_denied, "the peer was authenticated but is not allowed in" },
    { ALERT_decode_error, "a message could not be decoded" },
    { ALERT_decrypt_error, "a handshake cryptographic operation failed: a signature or a "
                           "Finished did not verify" },
    { ALERT_protocol_version, "the peer's protocol version is not supported" },
    { ALERT_insufficient_security, "the receiver needs stronger parameters than the peer "
                                   "offered" },
    { ALERT_unexpected_message, "a message came that does not belong where it came" },
    { ALERT_certificate_required, "a certificate was required but the peer sent none" },
    { ALERT_missing_extension, "an extension that is required was not sent" },
};

const predict_alert_row *predict_alerts(size_t *n)
{
    *n = sizeof alert_rows / sizeof *alert_rows;
    return alert_rows;
}

const char *predict_alert_meaning(int alert)
{
    for (size_t i = 0; i < sizeof alert_rows / sizeof *alert_rows; i++)
        if ((int)alert_rows[i].alert == alert)
            return alert_rows[i].meaning;
    return NULL;
}
