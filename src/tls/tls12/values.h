/* values.h — every value a TLS 1.2 endpoint reports, as one catalogue, and
 * after them those of TLS 1.3 (tls13/values13.h), in the same id space.
 *
 * A row gives the value's id as the output names it (JSON "id", lesson
 * placeholders), the label people read, the teaching step it belongs to,
 * its kind (which says whether it crossed the wire and whether its bytes
 * are text), the formula shown with it, the RFC section that formula cites,
 * and the values it was made from. An endpoint reports a value by its enum
 * (hs_value); nothing names a value by a string it built.
 *
 * The formula shown is the row's formula, then "  (" section ")" when the
 * section is not empty (a few formulas cite inside their own text). A "{}"
 * in a formula is where the run's parameter goes: the sequence number of a
 * record's nonce, the messages a transcript hash covers.
 *
 * Some values are made in more than one way (the pre-master secret by
 * ECDHE or sealed transport, on either side; the master secret with or
 * without the extended master secret): the row holds the main way and
 * VALUE_WAYS the others, each with its own formula and inputs.
 *
 * X(enum, id, label, step, kind, formula, section, inputs)
 */
#ifndef MTLS_TLS12_VALUES_H
#define MTLS_TLS12_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/party.h"
#include "tls/step.h"
#include "tls/tls13/values13.h"

/* What a value is. K(enum, name, public, text): public says it crossed the
 * wire in a record anyone can read (so the peer and any eavesdropper hold
 * it); text says its bytes are text to show as text. */
#define VALUE_KINDS(K) \
    K(VK_RANDOM, "random", true, false) \
    K(VK_PUBLIC_KEY, "public key", true, false) \
    K(VK_PRIVATE_KEY, "private key", false, false) /* long-term, behind a certificate */ \
    K(VK_EPHEMERAL_KEY, "ephemeral private key", false, false) /* used once */ \
    K(VK_SECRET, "secret", false, false) \
    K(VK_KEY, "key", false, false) \
    K(VK_IV, "IV", false, false) \
    K(VK_HASH, "hash", false, false) \
    K(VK_VERIFY_DATA, "verify_data", false, false) \
    K(VK_SIGNATURE, "signature", true, false) \
    K(VK_IDENTITY, "identity", true, true) \
    K(VK_VERDICT, "verdict", false, true) \
    K(VK_PLAINTEXT, "plaintext", false, true) \
    K(VK_NONCE, "nonce", false, false) \
    K(VK_AAD, "AAD", true, false) \
    K(VK_CIPHERTEXT, "ciphertext", true, false) \
    K(VK_TAG, "tag", true, false) \
    /* TLS 1.3: sent, but in a record protected with a handshake traffic key */ \
    K(VK_SENT_PROTECTED, "sent encrypted", false, false) \
    K(VK_PROTECTED_IDENTITY, "identity (sent encrypted)", false, true)

typedef enum {
#define K(e, name, public_, text) e,
    VALUE_KINDS(K)
#undef K
    VK_COUNT
} value_kind;

#define NO_INPUTS (VAL_NONE)

/* The four values one protected record is made of (RFC 5246 §6.2.3.3,
 * RFC 7905 §2, RFC 8439 §2.8), for sender W/w and record family F/f. */
#define VALUES_SEALED(X, W, w, F, f, step) \
    X(VAL_##W##_##F##_NONCE, #w "_" #f "_nonce", #w "_" #f "_nonce", step, VK_NONCE, \
      #w "_write_iv XOR (0^32 + seq_num {} as 8 bytes)", "RFC 7905 §2", (VAL_##W##_WRITE_IV)) \
    X(VAL_##W##_##F##_AAD, #w "_" #f "_aad", #w "_" #f "_aad", step, VK_AAD, \
      "seq_num(8) + type(1) + version(2) + plaintext length(2)", "RFC 5246 §6.2.3.3", NO_INPUTS) \
    X(VAL_##W##_##F##_CIPHERTEXT, #w "_" #f "_ciphertext", #w "_" #f "_ciphertext", step, \
      VK_CIPHERTEXT, "ChaCha20(key, nonce) XOR plaintext", "RFC 8439 §2.8", \
      (VAL_##W##_WRITE_KEY, VAL_##W##_##F##_NONCE, VAL_##W##_##F##_AAD)) \
    X(VAL_##W##_##F##_TAG, #w "_" #f "_tag", #w "_" #f "_tag", step, VK_TAG, \
      "Poly1305 over aad and ciphertext with a one-time key from ChaCha20(key, nonce)", \
      "RFC 8439 §2.8", (VAL_##W##_WRITE_KEY, VAL_##W##_##F##_NONCE, VAL_##W##_##F##_AAD))

/* An alert may be sealed in any step: its values take the step the run is in. */
#define VALUES_SEALED_SIDE(X, W, w) \
    VALUES_SEALED(X, W, w, FINISHED, finished, STEP_SESSION) \
    VALUES_SEALED(X, W, w, APP, app, STEP_SESSION) \
    VALUES_SEALED(X, W, w, ALERT, alert, STEP_NONE)

#define VALUE_LIST(X) \
    /* step 1 */ \
    X(VAL_CLIENT_RANDOM, "client_random", "client random", STEP_CLIENT_HELLO, VK_RANDOM, \
      "32 random bytes from the client's generator", "RFC 5246 §7.4.1.2", NO_INPUTS) \
    /* step 2 */ \
    X(VAL_SERVER_RANDOM, "server_random", "server random", STEP_SERVER_HELLO, VK_RANDOM, \
      "32 random bytes from the server's generator", "RFC 5246 §7.4.1.3", NO_INPUTS) \
    X(VAL_SERVER_CERT_PRIVATE_KEY, "server_cert_private_key", "server cert private key", \
      STEP_SERVER_HELLO, VK_PRIVATE_KEY, \
      "the Ed25519 private key (RFC 8032 seed) this endpoint holds for its certificate", "", \
      NO_INPUTS) \
    X(VAL_SERVER_CERT_PUBLIC_KEY, "server_cert_public_key", "server cert public key", \
      STEP_SERVER_HELLO, VK_PUBLIC_KEY, \
      "the subjectPublicKey inside the certificate (RFC 8410)", "", NO_INPUTS) \
    X(VAL_SERVER_IDENTITY, "server_identity", "server identity (SAN DNS)", STEP_SERVER_HELLO, \
      VK_IDENTITY, "the subjectAltName DNS name of the server's certificate, sent in the " \
      "clear in its Certificate message", "RFC 5246 §7.4.2, RFC 5280 §4.2.1.6", NO_INPUTS) \
    X(VAL_SERVER_ECDHE_PRIVATE, "server_ecdhe_private", "server ECDHE private key", \
      STEP_SERVER_HELLO, VK_EPHEMERAL_KEY, \
      "32 random bytes from the server's generator, used once", "", NO_INPUTS) \
    X(VAL_SERVER_ECDHE_PUBLIC, "server_ecdhe_public", "server ECDHE public key", \
      STEP_SERVER_HELLO, VK_PUBLIC_KEY, "X25519(server_ecdhe_private, 9)", "RFC 7748 §6.1", \
      (VAL_SERVER_ECDHE_PRIVATE)) \
    X(VAL_SERVER_SIGNATURE, "server_signature", "ServerKeyExchange signature", \
      STEP_SERVER_HELLO, VK_SIGNATURE, "Ed25519(server certificate's private key, " \
      "client_random + server_random + ECDHE params)", "RFC 8422 §5.4", \
      (VAL_CLIENT_RANDOM, VAL_SERVER_RANDOM, VAL_SERVER_ECDHE_PUBLIC)) \
    /* step 3 */ \
    X(VAL_CLIENT_CERT_PRIVATE_KEY, "client_cert_private_key", "client cert private key", \
      STEP_AUTHENTICATION, VK_PRIVATE_KEY, \
      "the Ed25519 private key (RFC 8032 seed) this endpoint holds for its certificate", "", \
      NO_INPUTS) \
    X(VAL_CLIENT_CERT_PUBLIC_KEY, "client_cert_public_key", "client cert public key", \
      STEP_AUTHENTICATION, VK_PUBLIC_KEY, \
      "the subjectPublicKey inside the certificate (RFC 8410)", "", NO_INPUTS) \
    X(VAL_CLIENT_IDENTITY, "client_identity", "client identity (SAN URI)", STEP_AUTHENTICATION, \
      VK_IDENTITY, "the subjectAltName URI of the client's certificate, sent in the clear in " \
      "its Certificate message", "RFC 5246 §7.4.6, RFC 5280 §4.2.1.6", NO_INPUTS) \
    /* step 4 */ \
    X(VAL_CLIENT_ECDHE_PRIVATE, "client_ecdhe_private", "client ECDHE private key", \
      STEP_PRE_MASTER, VK_EPHEMERAL_KEY, \
      "32 random bytes from the client's generator, used once", "", NO_INPUTS) \
    X(VAL_CLIENT_ECDHE_PUBLIC, "client_ecdhe_public", "client ECDHE public key", \
      STEP_PRE_MASTER, VK_PUBLIC_KEY, "X25519(client_ecdhe_private, 9)", "RFC 7748 §6.1", \
      (VAL_CLIENT_ECDHE_PRIVATE)) \
    X(VAL_ENCRYPTED_PRE_MASTER_SECRET, "encrypted_pre_master_secret", \
      "encrypted pre-master secret", STEP_PRE_MASTER, VK_CIPHERTEXT, \
      "crypto_box_seal(pre_master_secret, server certificate's X25519 key)", "", \
      (VAL_PRE_MASTER_SECRET)) \
    X(VAL_PRE_MASTER_SECRET, "pre_master_secret", "pre-master secret", STEP_PRE_MASTER, \
      VK_SECRET, "X25519(client_ecdhe_private, server_ecdhe_public)", "RFC 8422 §5.10", \
      (VAL_CLIENT_ECDHE_PRIVATE, VAL_SERVER_ECDHE_PUBLIC)) \
    X(VAL_CLIENT_SIGNATURE, "client_signature", "CertificateVerify signature", STEP_PRE_MASTER, \
      VK_SIGNATURE, "Ed25519(client certificate's private key, handshake messages " \
      "ClientHello .. ClientKeyExchange)", "RFC 5246 §7.4.8", NO_INPUTS) \
    X(VAL_CLIENT_AUTHENTICATED, "client_authenticated", "server's verdict on client", \
      STEP_PRE_MASTER, VK_VERDICT, "the server's conclusion: the client certificate passed " \
      "every check of step 3 and CertificateVerify proves the client holds its private key", \
      "RFC 5246 §7.4.8", (VAL_CLIENT_IDENTITY, VAL_CLIENT_SIGNATURE)) \
    /* step 5 */ \
    X(VAL_SESSION_HASH, "session_hash", "session hash (extended master secret)", \
      STEP_MASTER_SECRET, VK_HASH, "SHA-256(handshake messages from ClientHello up to and " \
      "including ClientKeyExchange)", "RFC 7627 §3", NO_INPUTS) \
    X(VAL_MASTER_SECRET, "master_secret", "master secret", STEP_MASTER_SECRET, VK_SECRET, \
      "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]", \
      "RFC 7627 §4", (VAL_PRE_MASTER_SECRET, VAL_SESSION_HASH)) \
    /* step 6 */ \
    X(VAL_KEY_BLOCK, "key_block", "key block", STEP_KEYS, VK_SECRET, \
      "PRF(master_secret, \"key expansion\", server_random + client_random)[0..87]", \
      "RFC 5246 §6.3", (VAL_MASTER_SECRET, VAL_SERVER_RANDOM, VAL_CLIENT_RANDOM)) \
    X(VAL_CLIENT_WRITE_KEY, "client_write_key", "client write key", STEP_KEYS, VK_KEY, \
      "key_block[0..31] (no MAC keys with an AEAD, RFC 7905)", "", (VAL_KEY_BLOCK)) \
    X(VAL_SERVER_WRITE_KEY, "server_write_key", "server write key", STEP_KEYS, VK_KEY, \
      "key_block[32..63]", "", (VAL_KEY_BLOCK)) \
    X(VAL_CLIENT_WRITE_IV, "client_write_iv", "client write IV", STEP_KEYS, VK_IV, \
      "key_block[64..75]", "", (VAL_KEY_BLOCK)) \
    X(VAL_SERVER_WRITE_IV, "server_write_iv", "server write IV", STEP_KEYS, VK_IV, \
      "key_block[76..87]", "", (VAL_KEY_BLOCK)) \
    /* step 7 */ \
    X(VAL_CLIENT_FINISHED_HASH, "client_finished_hash", "transcript hash for client Finished", \
      STEP_SESSION, VK_HASH, "SHA-256({})", "RFC 5246 §7.4.9", NO_INPUTS) \
    X(VAL_CLIENT_VERIFY_DATA, "client_verify_data", "client verify_data", STEP_SESSION, \
      VK_VERIFY_DATA, "PRF(master_secret, \"client finished\", client_finished_hash)[0..11]", \
      "RFC 5246 §7.4.9", (VAL_MASTER_SECRET, VAL_CLIENT_FINISHED_HASH)) \
    X(VAL_SERVER_FINISHED_HASH, "server_finished_hash", "transcript hash for server Finished", \
      STEP_SESSION, VK_HASH, "SHA-256({})", "RFC 5246 §7.4.9", NO_INPUTS) \
    X(VAL_SERVER_VERIFY_DATA, "server_verify_data", "server verify_data", STEP_SESSION, \
      VK_VERIFY_DATA, "PRF(master_secret, \"server finished\", server_finished_hash)[0..11]", \
      "RFC 5246 §7.4.9", (VAL_MASTER_SECRET, VAL_SERVER_FINISHED_HASH)) \
    X(VAL_CLIENT_APP_PLAINTEXT, "client_app_plaintext", "client application data", \
      STEP_SESSION, VK_PLAINTEXT, "the client's application data: an HTTP/1.1 request, or " \
      "the text of --message", "", NO_INPUTS) \
    X(VAL_SERVER_APP_PLAINTEXT, "server_app_plaintext", "server application data", \
      STEP_SESSION, VK_PLAINTEXT, "the server's answer: an HTTP/1.1 200 response whose body " \
      "names the identity in the client certificate", "", NO_INPUTS) \
    /* the protected records, per sender and family */ \
    VALUES_SEALED_SIDE(X, CLIENT, client) \
    VALUES_SEALED_SIDE(X, SERVER, server) \
    /* TLS 1.3 (tls13/values13.h) */ \
    VALUE_LIST_13(X)

typedef enum {
    VAL_NONE = 0, /* ends a list of inputs */
#define X(e, id, label, step, kind, formula, rfc, inputs) e,
    VALUE_LIST(X)
#undef X
    VAL_COUNT
} value_id;

/* The TLS 1.3 rows are the last: VAL13_FIRST..VAL_COUNT-1. */
#define VAL13_FIRST VAL13_CLIENT_SHARE_PRIVATE

/* The other ways a value is made. W(enum, value, formula, section, inputs) */
#define VALUE_WAYS(W) \
    W(WAY_CLIENT_RANDOM_13, VAL_CLIENT_RANDOM, \
      "32 random bytes from the client's generator", "RFC 8446 §4.1.2", NO_INPUTS) \
    W(WAY_SERVER_RANDOM_13, VAL_SERVER_RANDOM, \
      "32 random bytes from the server's generator", "RFC 8446 §4.1.3", NO_INPUTS) \
    W(WAY_SERVER_CERT_KEY_X25519, VAL_SERVER_CERT_PRIVATE_KEY, \
      "the X25519 private key this endpoint holds for its certificate (RFC 8410)", "", \
      NO_INPUTS) \
    W(WAY_CLIENT_CERT_KEY_X25519, VAL_CLIENT_CERT_PRIVATE_KEY, \
      "the X25519 private key this endpoint holds for its certificate (RFC 8410)", "", \
      NO_INPUTS) \
    W(WAY_SERVER_IDENTITY_CN, VAL_SERVER_IDENTITY, "the subject CN of the server's " \
      "certificate (it has no DNS name), sent in the clear in its Certificate message", \
      "RFC 5246 §7.4.2", NO_INPUTS) \
    W(WAY_CLIENT_IDENTITY_CN, VAL_CLIENT_IDENTITY, "the subject CN of the client's " \
      "certificate (it has no URI), sent in the clear in its Certificate message", \
      "RFC 5246 §7.4.6", NO_INPUTS) \
    W(WAY_PMS_ECDHE_SERVER, VAL_PRE_MASTER_SECRET, \
      "X25519(server_ecdhe_private, client_ecdhe_public)", "RFC 8422 §5.10", \
      (VAL_SERVER_ECDHE_PRIVATE, VAL_CLIENT_ECDHE_PUBLIC)) \
    W(WAY_PMS_TRANSPORT_CLIENT, VAL_PRE_MASTER_SECRET, \
      "client_version (0x0303) + 46 random bytes", "RFC 5246 §7.4.7.1", NO_INPUTS) \
    W(WAY_PMS_TRANSPORT_SERVER, VAL_PRE_MASTER_SECRET, \
      "crypto_box_seal_open(encrypted_pre_master_secret, server X25519 private key)", "", \
      (VAL_ENCRYPTED_PRE_MASTER_SECRET)) \
    W(WAY_MS_LEGACY, VAL_MASTER_SECRET, \
      "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47]", \
      "RFC 5246 §8.1", (VAL_PRE_MASTER_SECRET, VAL_CLIENT_RANDOM, VAL_SERVER_RANDOM)) \
    W(WAY_CLIENT_APP_RECEIVED, VAL_CLIENT_APP_PLAINTEXT, \
      "the client's application data, decrypted by the server", "", NO_INPUTS) \
    W(WAY_SERVER_APP_RECEIVED, VAL_SERVER_APP_PLAINTEXT, \
      "the server's answer, decrypted by the client", "", NO_INPUTS) \
    /* TLS 1.3 */ \
    W(WAY13_ECDHE_SERVER, VAL13_ECDHE_SECRET, \
      "X25519(server_share_private, client_share_public); never sent", "RFC 8446 §7.4.2", \
      (VAL13_SERVER_SHARE_PRIVATE, VAL13_CLIENT_SHARE_PUBLIC)) \
    W(WAY13_SERVER_IDENTITY_CN, VAL13_SERVER_IDENTITY, "the subject CN of the server's " \
      "certificate (it has no DNS name), sent in a protected record", "RFC 8446 §4.4.2", \
      NO_INPUTS) \
    W(WAY13_CLIENT_IDENTITY_CN, VAL13_CLIENT_IDENTITY, "the subject CN of the client's " \
      "certificate (it has no URI), sent in a protected record", "RFC 8446 §4.4.2", NO_INPUTS) \
    W(WAY13_HELLO_HASH_HRR, VAL13_HELLO_HASH, "SHA-256(message_hash + HelloRetryRequest + " \
      "ClientHello + ServerHello): after a retry the transcript starts with message_hash", \
      "RFC 8446 §4.4.1", (VAL13_MESSAGE_HASH))

typedef enum {
    WAY_MAIN = 0, /* the row's own formula */
#define W(e, value, formula, rfc, inputs) e,
    VALUE_WAYS(W)
#undef W
    WAY_COUNT
} value_way;

#define VALUE_INPUTS_MAX 4 /* three at most, then VAL_NONE */

typedef struct value_row {
    const char *id;          /* as JSON and lessons name it */
    const char *label;
    step_id step;            /* STEP_NONE: the step the run is in */
    value_kind kind;
    const char *formula;     /* "{}": the report's parameter */
    const char *rfc;
    value_id inputs[VALUE_INPUTS_MAX];
} value_row;

typedef struct value_way_row {
    value_id value;
    const char *formula;
    const char *rfc;
    value_id inputs[VALUE_INPUTS_MAX];
} value_way_row;

typedef struct value_kind_row {
    const char *name;
    bool public_, text;
} value_kind_row;

/* The row of id; NULL for VAL_NONE or out of range. */
const value_row *values_row(value_id id);
/* The row of way (WAY_MAIN excluded); NULL when out of range. */
const value_way_row *values_way(value_way way);
const value_kind_row *values_kind(value_kind k);
/* The value a lesson or a person names: false when no row has that id. */
bool values_by_name(const char *name, value_id *out);

/* The formula shown for value id made in way (WAY_MAIN: the row's), with
 * "{}" replaced by param (NULL: ""), then its section, into out (always
 * terminated, cut to cap). False when way is not a way of id. */
bool values_how(value_id id, value_way way, const char *param, char *out, size_t cap);
/* The ids it was made from, comma-separated ("pre_master_secret,
 * session_hash", no spaces), into out; "" when none. False as values_how. */
bool values_inputs(value_id id, value_way way, char *out, size_t cap);

/* The record families whose protection is reported. */
typedef enum { SEAL_FINISHED, SEAL_APP, SEAL_ALERT, SEAL_FAMILIES } seal_family;
typedef enum { SEAL_NONCE, SEAL_AAD, SEAL_CIPHERTEXT, SEAL_TAG, SEAL_PARTS } seal_part;
/* Which family a protected record belongs to, by what it carries: its
 * content type and, for a handshake record, the message type. False when
 * TLS 1.2 sends no such protected record. */
bool values_seal_family(uint8_t content_type, uint8_t hs_type, seal_family *out);
/* The value of part of a record of family fam sealed by sender. */
value_id values_sealed(party sender, seal_family fam, seal_part part);

/* tmpl with "{peer}" replaced by peer and "{}" by param (either NULL: ""),
 * into out (always terminated, cut to cap). Returns the length written. */
size_t values_fill(const char *tmpl, const char *peer, const char *param, char *out, size_t cap);

#endif
