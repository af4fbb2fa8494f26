/* values13.h — the values a TLS 1.3 endpoint reports (RFC 8446 §7.1, §7.3,
 * §4.4), as rows of the one value catalogue (tls12/values.h includes them
 * in its VALUE_LIST, so both versions share one value_id space), and the
 * checks only TLS 1.3 makes (in its CHECK_LIST).
 *
 * Steps are those of the TLS 1.3 step table (hs13_steps.c): 1 ClientHello,
 * 2 ServerHello, 3 handshake keys, 4 the server's encrypted flight, 5 the
 * master and application secrets, 6 the client's encrypted flight, 7 the
 * session. Where a TLS 1.2 row would say something false of TLS 1.3 (an
 * identity "sent in the clear", a public key anyone on the path reads) the
 * value has a row of its own here, of a kind that is not public: in TLS 1.3
 * the certificates and CertificateVerify travel in records protected with
 * the handshake traffic keys (RFC 8446 §2, §4.4).
 */
#ifndef MTLS_TLS13_VALUES13_H
#define MTLS_TLS13_VALUES13_H

/* The TLS 1.3 meaning of the seven step numbers (step.h names them after
 * the TLS 1.2 textbook order). */
#define STEP13_HANDSHAKE_KEYS STEP_AUTHENTICATION /* 3 */
#define STEP13_SERVER_FLIGHT STEP_PRE_MASTER      /* 4 */
#define STEP13_MASTER_SECRET STEP_MASTER_SECRET   /* 5 */
#define STEP13_CLIENT_FLIGHT STEP_KEYS            /* 6 */

#define VALUES13_SHARE(X, W, w, step, sec) \
    X(VAL13_##W##_SHARE_PRIVATE, #w "_share_private", #w " key share private key", step, \
      VK_EPHEMERAL_KEY, "32 random bytes from the " #w "'s generator, used once", "", \
      NO_INPUTS) \
    X(VAL13_##W##_SHARE_PUBLIC, #w "_share_public", #w " key share (x25519)", step, \
      VK_PUBLIC_KEY, "X25519(" #w "_share_private, 9), sent in the " sec " key_share", \
      "RFC 8446 §4.2.8.2, RFC 7748 §6.1", (VAL13_##W##_SHARE_PRIVATE))

/* One traffic secret's write key and IV (RFC 8446 §7.3). */
#define VALUES13_KEYS(X, E, id, what, step, secret) \
    X(VAL13_##E##_KEY, id "_key", what " key", step, VK_KEY, \
      "HKDF-Expand-Label(" id "_traffic_secret, \"key\", \"\", 32)", "RFC 8446 §7.3", \
      (secret)) \
    X(VAL13_##E##_IV, id "_iv", what " IV", step, VK_IV, \
      "HKDF-Expand-Label(" id "_traffic_secret, \"iv\", \"\", 12)", "RFC 8446 §7.3", (secret))

/* What one side's certificate and CertificateVerify carry. */
#define VALUES13_AUTH(X, W, w, step, idsrc) \
    X(VAL13_##W##_CERT_PRIVATE_KEY, #w "_cert_private_key_tls13", #w " cert private key", \
      step, VK_PRIVATE_KEY, \
      "the Ed25519 private key (RFC 8032 seed) this endpoint holds for its certificate", "", \
      NO_INPUTS) \
    X(VAL13_##W##_CERT_PUBLIC_KEY, #w "_cert_public_key_tls13", #w " cert public key", step, \
      VK_SENT_PROTECTED, "the subjectPublicKey inside the certificate (RFC 8410), sent in " \
      "a record protected with the " #w " handshake traffic key", "RFC 8446 §4.4.2", NO_INPUTS) \
    X(VAL13_##W##_IDENTITY, #w "_identity_tls13", #w " identity (" idsrc ")", step, \
      VK_PROTECTED_IDENTITY, "the subjectAltName " idsrc " of the " #w "'s certificate, sent " \
      "in a record protected with the " #w " handshake traffic key: an eavesdropper does " \
      "not see it", "RFC 8446 §4.4.2, RFC 5280 §4.2.1.6", NO_INPUTS) \
    X(VAL13_##W##_CV_HASH, #w "_cv_transcript_hash", \
      "transcript hash for " #w " CertificateVerify", step, VK_HASH, "SHA-256({})", \
      "RFC 8446 §4.4.1, §4.4.3", NO_INPUTS) \
    X(VAL13_##W##_SIGNATURE, #w "_cv_signature", #w " CertificateVerify signature", step, \
      VK_SENT_PROTECTED, "Ed25519(" #w " certificate's private key, 64 spaces + \"TLS 1.3, " \
      #w " CertificateVerify\" + 0x00 + " #w "_cv_transcript_hash)", "RFC 8446 §4.4.3", \
      (VAL13_##W##_CV_HASH)) \
    X(VAL13_##W##_FINISHED_KEY, #w "_finished_key", #w " finished_key", step, VK_KEY, \
      "HKDF-Expand-Label(" #w "_handshake_traffic_secret, \"finished\", \"\", 32)", \
      "RFC 8446 §4.4.4", (VAL13_##W##_HS_TRAFFIC)) \
    X(VAL13_##W##_FINISHED_HASH, #w "_finished_transcript_hash", \
      "transcript hash for " #w " Finished", step, VK_HASH, "SHA-256({})", \
      "RFC 8446 §4.4.1, §4.4.4", NO_INPUTS) \
    X(VAL13_##W##_VERIFY_DATA, #w "_finished_verify_data", #w " Finished verify_data", step, \
      VK_VERIFY_DATA, "HMAC-SHA256(" #w "_finished_key, " #w "_finished_transcript_hash)", \
      "RFC 8446 §4.4.4", (VAL13_##W##_FINISHED_KEY, VAL13_##W##_FINISHED_HASH))

#define VALUE_LIST_13(X) \
    /* step 1: the ClientHello carries the client's key share already */ \
    VALUES13_SHARE(X, CLIENT, client, STEP_CLIENT_HELLO, "ClientHello's") \
    /* step 1, when the server asks again (RFC 8446 §4.1.4) */ \
    X(VAL13_CLIENT_P256_SHARE, "client_first_share_secp256r1", \
      "client's first key share (secp256r1)", STEP_CLIENT_HELLO, VK_PUBLIC_KEY, \
      "04 + x + y of the secp256r1 base point G (SEC 2 §2.4.2): a real point, but the " \
      "public key of the private key 1 (simplified: libsodium has no P-256; a real client " \
      "sends a fresh key)", "RFC 8446 §4.2.8.2", NO_INPUTS) \
    X(VAL13_HRR_RANDOM, "hello_retry_request_random", "HelloRetryRequest random", \
      STEP_CLIENT_HELLO, VK_RANDOM, "SHA-256(\"HelloRetryRequest\"): a constant, not random; " \
      "it marks this ServerHello as a HelloRetryRequest", "RFC 8446 §4.1.3, §4.1.4", NO_INPUTS) \
    X(VAL13_CH1_HASH, "client_hello1_hash", "hash of the first ClientHello", STEP_CLIENT_HELLO, \
      VK_HASH, "SHA-256(ClientHello1)", "RFC 8446 §4.4.1", NO_INPUTS) \
    X(VAL13_MESSAGE_HASH, "message_hash", "message_hash (replaces ClientHello1)", \
      STEP_CLIENT_HELLO, VK_HASH, "FE 00 00 20 + client_hello1_hash: a handshake message of " \
      "type message_hash (254), length 32, that stands in the transcript for ClientHello1", \
      "RFC 8446 §4.4.1", (VAL13_CH1_HASH)) \
    /* step 2 */ \
    VALUES13_SHARE(X, SERVER, server, STEP_SERVER_HELLO, "ServerHello's") \
    /* step 3: the handshake keys, before anyone is authenticated */ \
    X(VAL13_ECDHE_SECRET, "ecdhe_shared_secret", "ECDHE shared secret", STEP13_HANDSHAKE_KEYS, \
      VK_SECRET, "X25519(client_share_private, server_share_public); never sent (TLS 1.3 " \
      "has no pre-master secret message)", "RFC 8446 §7.4.2", \
      (VAL13_CLIENT_SHARE_PRIVATE, VAL13_SERVER_SHARE_PUBLIC)) \
    X(VAL13_EARLY_SECRET, "early_secret", "early secret", STEP13_HANDSHAKE_KEYS, VK_SECRET, \
      "HKDF-Extract(salt 0, IKM 32 zero bytes): no pre-shared key", "RFC 8446 §7.1", \
      NO_INPUTS) \
    X(VAL13_DERIVED_HS, "derived_handshake_salt", "derived (salt for the handshake secret)", \
      STEP13_HANDSHAKE_KEYS, VK_SECRET, "Derive-Secret(early_secret, \"derived\", \"\")", \
      "RFC 8446 §7.1", (VAL13_EARLY_SECRET)) \
    X(VAL13_HELLO_HASH, "transcript_hash_hellos", "transcript hash ClientHello..ServerHello", \
      STEP13_HANDSHAKE_KEYS, VK_HASH, "SHA-256(ClientHello + ServerHello)", "RFC 8446 §4.4.1", \
      NO_INPUTS) \
    X(VAL13_HANDSHAKE_SECRET, "handshake_secret", "handshake secret", STEP13_HANDSHAKE_KEYS, \
      VK_SECRET, "HKDF-Extract(derived_handshake_salt, ecdhe_shared_secret)", \
      "RFC 8446 §7.1", (VAL13_DERIVED_HS, VAL13_ECDHE_SECRET)) \
    X(VAL13_CLIENT_HS_TRAFFIC, "client_handshake_traffic_secret", \
      "client handshake traffic secret", STEP13_HANDSHAKE_KEYS, VK_SECRET, \
      "Derive-Secret(handshake_secret, \"c hs traffic\", ClientHello..ServerHello)", \
      "RFC 8446 §7.1", (VAL13_HANDSHAKE_SECRET, VAL13_HELLO_HASH)) \
    X(VAL13_SERVER_HS_TRAFFIC, "server_handshake_traffic_secret", \
      "server handshake traffic secret", STEP13_HANDSHAKE_KEYS, VK_SECRET, \
      "Derive-Secret(handshake_secret, \"s hs traffic\", ClientHello..ServerHello)", \
      "RFC 8446 §7.1", (VAL13_HANDSHAKE_SECRET, VAL13_HELLO_HASH)) \
    VALUES13_KEYS(X, SERVER_HS, "server_handshake", "server handshake", STEP13_HANDSHAKE_KEYS, \
                  VAL13_SERVER_HS_TRAFFIC) \
    VALUES13_KEYS(X, CLIENT_HS, "client_handshake", "client handshake", STEP13_HANDSHAKE_KEYS, \
                  VAL13_CLIENT_HS_TRAFFIC) \
    /* step 4: the server's flight, encrypted */ \
    VALUES13_AUTH(X, SERVER, server, STEP13_SERVER_FLIGHT, "DNS") \
    /* step 5: master secret and application secrets, after the server's Finished */ \
    X(VAL13_SF_HASH, "transcript_hash_server_finished", \
      "transcript hash ClientHello..server Finished", STEP13_MASTER_SECRET, VK_HASH, \
      "SHA-256({})", "RFC 8446 §4.4.1, §7.1", NO_INPUTS) \
    X(VAL13_DERIVED_MS, "derived_master_salt", "derived (salt for the master secret)", \
      STEP13_MASTER_SECRET, VK_SECRET, "Derive-Secret(handshake_secret, \"derived\", \"\")", \
      "RFC 8446 §7.1", (VAL13_HANDSHAKE_SECRET)) \
    X(VAL13_MASTER_SECRET, "master_secret_tls13", "master secret", STEP13_MASTER_SECRET, \
      VK_SECRET, "HKDF-Extract(derived_master_salt, 32 zero bytes)", "RFC 8446 §7.1", \
      (VAL13_DERIVED_MS)) \
    X(VAL13_CLIENT_AP_TRAFFIC, "client_application_traffic_secret_0", \
      "client application traffic secret", STEP13_MASTER_SECRET, VK_SECRET, \
      "Derive-Secret(master_secret_tls13, \"c ap traffic\", ClientHello..server Finished)", \
      "RFC 8446 §7.1", (VAL13_MASTER_SECRET, VAL13_SF_HASH)) \
    X(VAL13_SERVER_AP_TRAFFIC, "server_application_traffic_secret_0", \
      "server application traffic secret", STEP13_MASTER_SECRET, VK_SECRET, \
      "Derive-Secret(master_secret_tls13, \"s ap traffic\", ClientHello..server Finished)", \
      "RFC 8446 §7.1", (VAL13_MASTER_SECRET, VAL13_SF_HASH)) \
    X(VAL13_EXPORTER, "exporter_master_secret", "exporter master secret", STEP13_MASTER_SECRET, \
      VK_SECRET, "Derive-Secret(master_secret_tls13, \"exp master\", ClientHello..server " \
      "Finished)", "RFC 8446 §7.1, §7.5", (VAL13_MASTER_SECRET, VAL13_SF_HASH)) \
    VALUES13_KEYS(X, SERVER_AP, "server_application", "server application", \
                  STEP13_MASTER_SECRET, VAL13_SERVER_AP_TRAFFIC) \
    VALUES13_KEYS(X, CLIENT_AP, "client_application", "client application", \
                  STEP13_MASTER_SECRET, VAL13_CLIENT_AP_TRAFFIC) \
    /* step 6: the client's flight, encrypted */ \
    VALUES13_AUTH(X, CLIENT, client, STEP13_CLIENT_FLIGHT, "URI") \
    X(VAL13_CLIENT_AUTHENTICATED, "client_authenticated_tls13", "server's verdict on client", \
      STEP13_CLIENT_FLIGHT, VK_VERDICT, "the server's conclusion: the client certificate passed every " \
      "check and its CertificateVerify proves the client holds the private key", \
      "RFC 8446 §4.4.2.4, §4.4.3", (VAL13_CLIENT_IDENTITY, VAL13_CLIENT_SIGNATURE)) \
    X(VAL13_CF_HASH, "transcript_hash_client_finished", \
      "transcript hash ClientHello..client Finished", STEP13_CLIENT_FLIGHT, VK_HASH, "SHA-256({})", \
      "RFC 8446 §4.4.1, §7.1", NO_INPUTS) \
    X(VAL13_RESUMPTION, "resumption_master_secret", "resumption master secret", STEP13_CLIENT_FLIGHT, \
      VK_SECRET, "Derive-Secret(master_secret_tls13, \"res master\", ClientHello..client " \
      "Finished)", "RFC 8446 §7.1", (VAL13_MASTER_SECRET, VAL13_CF_HASH))

/* C(enum, name, step, section); STEP_NONE: the step of the message at hand,
 * which a TLS 1.3 endpoint always gives (its checks belong to the step the
 * TLS 1.3 table puts the message in). */
#define CHECK_LIST_13(C) \
    C(CHK13_VERSION, "supported_versions selects TLS 1.3", STEP_NONE, "RFC 8446 §4.2.1") \
    C(CHK13_SUITE, "TLS 1.3 cipher suite", STEP_NONE, "RFC 8446 §4.1.2, §4.1.3") \
    C(CHK13_KEY_SHARE, "key_share for x25519", STEP_NONE, "RFC 8446 §4.2.8") \
    C(CHK13_SESSION_ID, "legacy_session_id echoed", STEP_NONE, "RFC 8446 §4.1.3") \
    C(CHK13_SIGALGS, "signature_algorithms include ed25519", STEP_NONE, \
      "RFC 8446 §4.2.3, §4.3.2") \
    C(CHK13_CCS, "dummy ChangeCipherSpec (ignored)", STEP_NONE, "RFC 8446 §5, Appendix D.4") \
    C(CHK13_CERT_REQUIRED, "client certificate: present", STEP_NONE, "RFC 8446 §4.4.2.4") \
    C(CHK13_CONTEXT, "certificate_request_context", STEP_NONE, "RFC 8446 §4.3.2, §4.4.2") \
    C(CHK13_CERT_VERIFY, "{peer} CertificateVerify", STEP_NONE, "RFC 8446 §4.4.3") \
    C(CHK13_FINISHED, "{peer} Finished (TLS 1.3)", STEP_NONE, "RFC 8446 §4.4.4") \
    C(CHK13_KEY_CHANGE, "key change at a record boundary", STEP_NONE, "RFC 8446 §5.1") \
    C(CHK13_TICKET, "NewSessionTicket after the handshake", STEP_NONE, "RFC 8446 §4.6.1") \
    C(CHK13_HRR, "HelloRetryRequest asks for a group offered", STEP_NONE, \
      "RFC 8446 §4.1.4, §4.2.8") \
    C(CHK13_SECOND_HELLO, "second ClientHello as the retry asked", STEP_NONE, \
      "RFC 8446 §4.1.2, §4.2.8")

#endif
