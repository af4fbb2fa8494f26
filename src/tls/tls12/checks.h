/* checks.h — every check a TLS 1.2 endpoint reports, as one catalogue: the
 * name it is shown under, the teaching step it belongs to and the section
 * that requires it. An endpoint reports a check by its enum (hs_check).
 *
 * In a name, "{peer}" is the role of the endpoint whose message is checked
 * ("server certificate: parse" when the client checks), "{}" the report's
 * parameter (the chain check x509_verify_chain made, the message that did
 * not decode). STEP_NONE: the step of the message being read, which the
 * engine gives.
 *
 * C(enum, name, step, section)
 */
#ifndef MTLS_TLS12_CHECKS_H
#define MTLS_TLS12_CHECKS_H

#include <stddef.h>

#include "tls/step.h"
#include "tls/tls13/values13.h"

#define CHECK_LIST(C) \
    /* the hellos (step 2) */ \
    C(CHK_VERSION, "protocol version", STEP_SERVER_HELLO, "RFC 5246 §7.4.1.2, §7.4.1.3") \
    C(CHK_SUITE_OFFERED, "cipher suite was offered", STEP_SERVER_HELLO, "RFC 5246 §7.4.1.3") \
    C(CHK_SUITE_COMMON, "cipher suite in common", STEP_SERVER_HELLO, "RFC 5246 §7.4.1.3") \
    C(CHK_EMS, "extended master secret", STEP_SERVER_HELLO, "RFC 7627 §4, §5.2") \
    C(CHK_RENEGOTIATION, "renegotiation_info is empty", STEP_SERVER_HELLO, \
      "RFC 5746 §3.4, §3.6") \
    C(CHK_GROUP, "key-exchange group x25519 offered", STEP_SERVER_HELLO, "RFC 8422 §5.1.1") \
    C(CHK_SIGALG, "signature scheme ed25519 offered", STEP_SERVER_HELLO, \
      "RFC 5246 §7.4.1.4.1, RFC 8422 §5.1.3") \
    C(CHK_CERT_REQUEST_SIGALG, "certificate request accepts Ed25519", STEP_SERVER_HELLO, \
      "RFC 5246 §7.4.4") \
    /* certificates (step 3) */ \
    C(CHK_CERT_CHOICE, "client certificate: choice by the requested CAs", STEP_AUTHENTICATION, \
      "RFC 5246 §7.4.4, §7.4.6, RFC 8446 §4.2.4") \
    C(CHK_CERT_PRESENT, "{peer} certificate: present", STEP_AUTHENTICATION, \
      "RFC 5246 §7.4.2, §7.4.6") \
    C(CHK_CERT_SIZE, "certificate size", STEP_AUTHENTICATION, "RFC 5246 §7.4.2") \
    C(CHK_CERT_PARSE, "{peer} certificate: parse", STEP_AUTHENTICATION, "RFC 5280 §4.1") \
    C(CHK_CERT_PARSE_INTERMEDIATE, "{peer} certificate: parse intermediate", \
      STEP_AUTHENTICATION, "RFC 5280 §4.1") \
    C(CHK_CERT_CHAIN, "{peer} certificate: {}", STEP_AUTHENTICATION, "RFC 5280 §6.1") \
    C(CHK_CERT_KEY_TYPE, "{peer} certificate: key type", STEP_AUTHENTICATION, \
      "RFC 8422 §5.3, RFC 8410") \
    C(CHK_SKE_SIGNATURE, "ServerKeyExchange signature", STEP_AUTHENTICATION, "RFC 8422 §5.4") \
    /* key exchange (step 4) */ \
    C(CHK_ECDHE_POINT, "{peer} ECDHE key is a valid X25519 point", STEP_PRE_MASTER, \
      "RFC 8422 §5.11") \
    C(CHK_PMS_OPEN, "open the sealed pre-master secret", STEP_PRE_MASTER, "RFC 5246 §7.4.7.1") \
    C(CHK_PMS_VERSION, "pre-master secret carries client_version 0x0303", STEP_PRE_MASTER, \
      "RFC 5246 §7.4.7.1") \
    C(CHK_CERT_VERIFY, "CertificateVerify signature", STEP_PRE_MASTER, "RFC 5246 §7.4.8") \
    C(CHK_AUTHZ, "authorization: client identity allowed", STEP_PRE_MASTER, \
      "RFC 5246 §7.2.2 access_denied, RFC 8446 §6.2") \
    /* step 7 */ \
    C(CHK_FINISHED, "{peer} Finished", STEP_SESSION, "RFC 5246 §7.4.9") \
    /* any record, in the step of the message it should carry */ \
    C(CHK_RECORD_FRAMING, "record framing", STEP_NONE, "RFC 5246 §6.2.1") \
    C(CHK_RECORD_TAG, "record tag", STEP_NONE, "RFC 5246 §6.2.3.3") \
    C(CHK_MESSAGE_FRAMING, "message framing", STEP_NONE, "RFC 5246 §6.2.1, RFC 8446 §5.1") \
    C(CHK_MESSAGE_ORDER, "message order", STEP_NONE, "RFC 5246 §7.3") \
    C(CHK_DECODE, "decode {}", STEP_NONE, "RFC 5246 §7.4") \
    /* after the handshake: what a real peer still sends (hs_after.c) */ \
    C(CHK_RENEG_REFUSED, "{peer} renegotiation request refused", STEP_SESSION, \
      "RFC 5246 §7.4.1.1, §7.2.2; RFC 5746 §5") \
    C(CHK_PEER_CLOSURE, "{peer} close_notify", STEP_SESSION, "RFC 5246 §7.2.1, RFC 8446 §6.1") \
    C(CHK_AFTER_MESSAGE, "{peer} message after the handshake", STEP_SESSION, \
      "RFC 5246 §7.4, RFC 8446 §4.6") \
    /* TLS 1.3 (tls13/values13.h) */ \
    CHECK_LIST_13(C)

typedef enum {
    CHK_NONE = 0,
#define C(e, name, step, rfc) e,
    CHECK_LIST(C)
#undef C
    CHK_COUNT
} check_id;

typedef struct check_row {
    const char *name;  /* "{peer}" and "{}" filled in when reported */
    step_id step;
    const char *rfc;
} check_row;

/* The row of id; NULL for CHK_NONE or out of range. */
const check_row *checks_row(check_id id);
/* The name check id is shown under when `peer` ("client" or "server") is the
 * endpoint whose message is checked, with param for "{}", into out (always
 * terminated, cut to cap). "" for an id with no row. */
void checks_name(check_id id, const char *peer, const char *param, char *out, size_t cap);

#endif
