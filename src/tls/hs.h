/* hs.h — the two endpoints (TLS 1.2 and TLS 1.3) and the message tables
 * that drive them.
 *
 * An endpoint holds only its own secrets, does no I/O and prints nothing:
 * it is bytes in, bytes out. The caller (a wire driver) feeds it whatever
 * bytes arrived, in any chunks (hs_feed), and sends what it has written
 * (hs_output, hs_output_ack). Between the records and the step table sits
 * the handshake-message layer (hsio.h). What an endpoint sends, receives,
 * computes, decides and checks it reports to an observer, each value with
 * the endpoint that knows it; that is all the trace learns from it.
 *
 * The handshake is a table, one per protocol version (hs12_table in
 * tls12/hs_table.c): one row per message in wire order, with the teaching
 * step it belongs to, who sends it, and the sender's writer and the
 * receiver's reader. Both endpoints walk the table of the configured
 * version (hs_config.version), which the version's step table names.
 */
#ifndef MTLS_HS_H
#define MTLS_HS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "crypto/ks.h"
#include "crypto/ks13.h"
#include "tls/msg/msg.h"
#include "tls/party.h"
#include "tls/step.h"
#include "pki/pki.h"
#include "tls/hsio.h"
#include "tls/record.h"
#include "base/rng.h"
#include "pki/x509.h"
#include "tls/kx/kx.h"
#include "tls/tls12/checks.h"
#include "tls/tls12/values.h"
#include "tls/version.h"


#define HS_STEPS STEP_COUNT
#define HS_REC_MAX 2560      /* one message as mtls-sim writes it: a 2048-byte certificate fits */
#define HS_MSG_MAX HSIO_MSG_MAX /* the longest handshake message it reassembles */
#define HS_IN_MAX (REC_HEADER_LEN + REC_MAX_FRAGMENT) /* the longest record it takes */
#define HS_OUT_MAX 32768     /* bytes waiting to be sent: a whole flight fits */
#define HS_APP_MAX 1024      /* application data either way */
#define HS_RENEG_REFUSE_MAX 3 /* renegotiation requests refused with a warning before a fatal alert */
#define HS_AUTHZ_MAX 8       /* client identities one server policy lists */


/* One record an endpoint wrote (sent) or read (!sent). index counts the
 * records of that direction from 0; bytes is the whole record, as written
 * or as it arrived; seal says how it was protected, when sealed. */
typedef struct hs_record_report {
    bool sent;
    uint64_t index;
    uint8_t type;
    const uint8_t *bytes;
    size_t len;
    bool sealed;
    rec_seal_info seal;
} hs_record_report;

/* One message an endpoint sent or received: its step and name in the table,
 * its content type, its bytes (a handshake message with its header, an
 * alert, application data) and the records it went in (hsio_place, record
 * numbers as in hs_record_report). A sender reports a message once it is
 * queued: the records that carry it may already be reported or may follow
 * (at the end of the flight). A receiver reports it once it is whole, after
 * the records that carried it. */
typedef struct hs_msg_report {
    bool sent;
    int step;
    const char *name;
    uint8_t content_type;
    const uint8_t *plain;
    size_t len;
    hsio_place at;
} hs_msg_report;

/* What an endpoint decided or how it ended. */
typedef enum {
    HS_FACT_SUITE,          /* value: the cipher suite */
    HS_FACT_EMS,            /* value: 1 extended master secret, 0 not */
    HS_FACT_KX,             /* value: the hs_kx in use */
    HS_FACT_ALERT_SENT,     /* value: the alert; step: the step that failed */
    HS_FACT_ALERT_RECEIVED, /* value: the alert */
    HS_FACT_FAILED,         /* err: why; step: the step that failed */
    HS_FACT_DONE,           /* the handshake and the data exchange completed */
} hs_fact_kind;

typedef struct hs_fact {
    hs_fact_kind kind;
    int value;
    int step;
    err_t err;
} hs_fact;

/* Reports from an endpoint. Every callback may be NULL.
 * value: `who` now holds value `id` (values.h), made in `way` (WAY_MAIN: as
 * its row says), with param filling the formula's "{}" (NULL: none); the
 * catalogue says what it is and whether it crossed the wire. check: `who`
 * made check `id` (checks.h), shown as `name`, for teaching step `step`;
 * result ERR_OK when it passed. record, message, fact: what `who` wrote,
 * read, decided (above). */
typedef struct hs_observer {
    void *ctx;
    void (*value)(void *ctx, party who, value_id id, value_way way, const char *param,
                  const uint8_t *v, size_t n);
    void (*check)(void *ctx, party who, check_id id, int step, const char *name, err_t result,
                  const char *detail);
    void (*record)(void *ctx, party who, const hs_record_report *r);
    void (*message)(void *ctx, party who, const hs_msg_report *m);
    void (*fact)(void *ctx, party who, const hs_fact *f);
} hs_observer;

/* A certificate chain (leaf first) with the private key of its leaf: one
 * identity an endpoint can present. */
typedef struct hs_identity {
    const pki_cert *const *chain;
    size_t n_chain;
    const pki_key *key;
} hs_identity;

#define HS_MORE_IDS_MAX 2

/* How a client chooses the certificate it answers a CertificateRequest
 * with (RFC 5246 §7.4.4, §7.4.6; RFC 8446 §4.2.4, §4.4.2.3). */
typedef enum {
    HS_PICK_CA_LIST, /* the first whose chain reaches a requested CA and whose key fits the
                      * signature algorithms; none: the empty Certificate (as Go, Java and
                      * browsers do) */
    HS_PICK_FIRST,   /* its first, whatever the list says (as an OpenSSL-based client with
                      * one configured certificate does: the list is a SHOULD) */
} hs_pick;

/* What one endpoint is given. Pointers must outlive the endpoint. */
typedef struct hs_config {
    party role;
    tls_version version;      /* the protocol both sides run: whose message table */
    hs_kx kx;                 /* client: what to offer; server: ignored (its key decides) */
    bool ems;                 /* offer (client) / accept (server) extended master secret */
    const uint16_t *suites;   /* client: suites to offer; NULL = by kx */
    size_t n_suites;
    const pki_cert *const *chain; /* own certificate chain, leaf first; n_chain 0 = none */
    size_t n_chain;
    const pki_key *key;       /* own long-term private key */
    /* client: further identities it holds, considered after chain/key */
    hs_identity more[HS_MORE_IDS_MAX];
    size_t n_more;
    hs_pick pick;             /* client: how it chooses among them */
    x509_store trust;         /* the CAs this endpoint trusts; a server names them in its
                               * CertificateRequest */
    const char *server_name;  /* client: SNI and the name the server must have */
    /* server: its authorization policy, the client URIs it lets in once
     * authenticated (tls/authz.c); n_authz 0: any authenticated client */
    const char *const *authz;
    size_t n_authz;
    int64_t now;              /* the clock certificates are checked against */
    const char *app_message;  /* client: the application data it sends */
    /* TLS 1.3 client: the group of its first key_share; 0 is x25519.
     * GROUP_SECP256R1 lists secp256r1 before x25519 in supported_groups and
     * sends only a secp256r1 entry, which this server does not take, so it
     * asks again with a HelloRetryRequest (RFC 8446 §4.1.4) */
    uint16_t first_share_group;
    hsio_framing framing;     /* how it puts handshake messages into records */
    const struct crl_set *crls; /* the CRLs at hand for the peer's certificate (pki/crl.h) */
    crl_mode revocation;      /* hard, soft or off (x509.h) */
} hs_config;

typedef struct hs hs;

/* A row of the step table. */
typedef struct hs_row {
    int step;                 /* 1..7, the teaching step */
    party from;
    uint8_t content_type;
    uint8_t hs_type;          /* for handshake rows */
    const char *name;
    bool (*present)(const hs *h); /* NULL: always sent */
    bool derive_after;        /* both sides derive the keys once this message is in the transcript */
    err_t (*write)(hs *h, wr *w);
    err_t (*read)(hs *h, const uint8_t *msg, size_t len);
    /* TLS 1.3: what both sides do once the message was written or read and
     * is in the transcript (derive secrets, change keys); NULL: nothing */
    err_t (*after)(hs *h);
    /* NULL: any message of the row's type is this row's. Else a peer's row
     * the peer may leave out: a handshake message that `is` refuses belongs
     * to a later row (a ServerHello that is not a HelloRetryRequest) */
    bool (*is)(const uint8_t *msg, size_t len);
} hs_row;

extern const hs_row hs12_table[];
extern const size_t hs12_table_len;
extern const hs_row hs13_table[];   /* tls13/hs13_table.c */
extern const size_t hs13_table_len;

/* What a TLS 1.3 endpoint keeps of its key schedule (RFC 8446 §7.1). */
typedef struct hs13_state {
    uint8_t handshake_secret[KS13_SECRET_LEN];
    uint8_t c_hs[KS13_SECRET_LEN], s_hs[KS13_SECRET_LEN]; /* handshake traffic secrets */
    uint8_t master[KS13_SECRET_LEN];
    uint8_t c_ap[KS13_SECRET_LEN], s_ap[KS13_SECRET_LEN]; /* application traffic secrets */
    uint8_t session_id[MSG_SESSION_ID_MAX];               /* legacy_session_id, echoed */
    uint8_t session_id_len;
    uint8_t context_len;                                  /* certificate_request_context */
    uint8_t context[MSG13_CONTEXT_MAX];
    bool peer_finished;                                   /* the peer's Finished was read */
    bool sni_used;                                        /* server: the client named it */
    bool hrr;             /* a HelloRetryRequest was sent (server) or read (client) */
} hs13_state;

struct hs {
    party role;
    const hs_config *cfg;
    hs_observer obs;
    rng rng;
    const hs_row *table;      /* the message table of cfg->version; NULL: none in this build */
    size_t table_len;
    size_t row;               /* next row of the table */
    bool done, failed;
    err_t err;                /* why it failed */
    int fail_step;
    int alert_sent, alert_received; /* -1: none */
    /* after the handshake (hs_close_notify, hs_after.c): the peer's last records */
    bool closing;             /* our close_notify is queued; hs_feed reads what the peer still sends */
    bool after_end;           /* nothing more is read (its close_notify or alert, the end of the stream) */
    bool peer_close_notify;   /* the peer's close_notify arrived */
    int after_alert;          /* another alert from the peer after the handshake; -1: none */
    size_t after_app_len;     /* bytes of application data the peer sent after the handshake */
    unsigned reneg_refused;   /* renegotiation requests this side refused or left unanswered */

    uint16_t suite;
    bool ems;
    const kx_method *kx;      /* the key exchange negotiated; NULL before the hellos */
    bool reneg_info;          /* server: the client signalled RFC 5746 secure renegotiation */
    msg_ext_set ext_offered;  /* client: the extensions its ClientHello offered */
    uint8_t client_random[KS_RANDOM_LEN], server_random[KS_RANDOM_LEN];
    uint8_t eph_sk[X25519_LEN], eph_pk[X25519_LEN], peer_eph_pk[X25519_LEN];
    uint8_t pms[PMS_TRANSPORT_LEN];
    size_t pms_len;
    uint8_t ms[KS_MASTER_SECRET_LEN];
    uint8_t key_block[KS_KEY_BLOCK_LEN];
    rec_dir tx, rx;

    bool cert_requested;      /* client: the server asked for a certificate */
    hs_identity own;          /* the identity this endpoint presents: the server's, the
                               * client's choice once the CertificateRequest is read */
    size_t peer_n;
    uint8_t peer_der[MSG_CHAIN_MAX][X509_CERT_MAX];
    size_t peer_der_len[MSG_CHAIN_MAX];
    x509_cert peer_leaf;      /* parsed peer certificate (points into peer_der[0]) */
    char peer_identity[X509_STR_MAX];
    uint8_t app_in[HS_APP_MAX + 1];
    size_t app_in_len;
    hs13_state t13;           /* TLS 1.3 only */

    bool told_hello;          /* the negotiated suite, ems and kx have been reported */
    size_t in_len;            /* bytes of a record not yet complete, in in[] */
    size_t out_len;           /* bytes written, not yet acknowledged as sent, in out[] */
    size_t in_used, out_used; /* how far in[] and out[] were ever filled */
    /* the large buffers last: set up and wiped only as far as they were used */
    hsio io;                  /* the handshake-message layer */
    uint8_t in[HS_IN_MAX];
    uint8_t out[HS_OUT_MAX];
};

/* The bytes of an hs before its buffers. */
#define HS_STATE_LEN (offsetof(hs, io) + HSIO_STATE_LEN)

/* Set up an endpoint. Its generator is forked from parent under its role's
 * name, so client and server draw independent streams. */
void hs_init(hs *h, const hs_config *cfg, const rng *parent, hs_observer obs);
/* Write what this endpoint sends first (the client: ClientHello).
 * ERR_USAGE when the configured version has no message table. */
err_t hs_start(hs *h);
/* Take bytes from the peer, in any chunks: a partial record is kept until
 * the rest arrives, every complete record is processed. On a failure the
 * endpoint queues a fatal alert (RFC 5246 §7.2.2) and returns the error;
 * afterwards it accepts nothing (ERR_HS_PEER_GONE). A received fatal alert
 * gives ERR_HS_ALERT. */
err_t hs_feed(hs *h, const uint8_t *bytes, size_t len);
/* The peer will send nothing more. A record or handshake message left
 * incomplete is a failure (ERR_TRUNCATED, a decode_error alert); otherwise
 * nothing happens. */
err_t hs_close(hs *h);
/* Whether the endpoint still reads (it has neither failed nor finished). */
bool hs_wants_input(const hs *h);
/* The bytes waiting to be sent (*len of them; NULL and 0 when none). */
const uint8_t *hs_output(const hs *h, size_t *len);
/* The first n of them were sent. */
void hs_output_ack(hs *h, size_t n);
/* After a completed handshake: queue a close_notify alert (RFC 5246
 * §7.2.1), as a peer over a real connection expects before the socket
 * closes. ERR_USAGE when the handshake has not completed. */
err_t hs_close_notify(hs *h);
/* Wipe every secret the endpoint holds. */
void hs_wipe(hs *h);

/* hs_after.c: the records a peer sends once the handshake is over and this
 * side has queued its close_notify — more application data, a ticket, a
 * renegotiation request, its own close_notify or an alert — read (hs_feed),
 * reported as the peer's messages with a check each, and never a failure of
 * the handshake, which had completed. */
/* Whether the endpoint still reads the peer's last records. */
bool hs_reads_after(const hs *h);
/* One whole message from the peer after the handshake (take_msg's). */
err_t hs_after_msg(hs *h, uint8_t type, const uint8_t *msg, size_t n);
/* The stream ended after the handshake: without the peer's close_notify,
 * that is reported as a failed check (RFC 5246 §7.2.1, RFC 8446 §6.1). */
void hs_after_eof(hs *h);
/* TLS 1.2, after the handshake: the peer asks to renegotiate (a server's
 * HelloRequest, a client's ClientHello). This side does not renegotiate: it
 * answers with the warning no_renegotiation (RFC 5246 §7.4.1.1, §7.2.2)
 * while it can still send, and reports the check; ERR_OK. A request after
 * HS_RENEG_REFUSE_MAX refusals ends the connection: ERR_HS_RENEG_AGAIN
 * (handshake_failure). After this side's close_notify nothing is sent. hs.c. */
err_t hs_refuse_renegotiation(hs *h, const char *what, int step);

/* Shared by both endpoints (hs.c, tls12/hs_cert.c, tls12/hs_keys.c). */
/* Report what protecting one record of content type `type` with plaintext
 * plain used (VAL_CLIENT_FINISHED_NONCE, ...): the sender reports its copy
 * when sealing, the receiver its own when opening (hs_seal.c). The family
 * (Finished, application data, alert) comes from what the record carries
 * (values_seal_family); a record of no family is not reported. fragment is
 * the record's ciphertext and tag. */
void hs_report_seal(hs *h, party sender, uint8_t type, const uint8_t *plain, size_t plain_len,
                    const rec_seal_info *si, const uint8_t *fragment, size_t fragment_len);
/* Report that this endpoint now holds value id (n bytes at v), made as its
 * catalogue row says; _way: made in another of its ways (the way names the
 * value); _param: with the run's parameter for the formula's "{}". */
void hs_value(hs *h, value_id id, const uint8_t *v, size_t n);
void hs_value_way(hs *h, value_way way, const uint8_t *v, size_t n);
void hs_value_param(hs *h, value_id id, const char *param, const uint8_t *v, size_t n);
/* Report check id, in the step its catalogue row gives; a failure also sets
 * the step the alert belongs to. Returns result, so a caller can
 * TRY(hs_check(...)). _param: with the run's parameter for the name's "{}";
 * _at: in `step` (the engine's checks on any record; 0: the row's step). */
err_t hs_check(hs *h, check_id id, err_t result, const char *detail);
err_t hs_check_param(hs *h, check_id id, const char *param, err_t result, const char *detail);
err_t hs_check_at(hs *h, check_id id, int step, const char *param, err_t result,
                  const char *detail);
/* Forward x509_verify_chain's reports (ctx is the hs) as CHK_CERT_CHAIN. */
void hs_chain_check(void *ctx, x509_check check, err_t result, const char *detail);
/* Client: choose the identity to answer a CertificateRequest with, by
 * cfg->pick, from cfg's identities, the requested CA names ca[0..n_ca) (DER
 * Names; none: any CA, RFC 5246 §7.4.4) and the signature algorithms;
 * sets h->own (n_chain 0 when it declines) and reports the choice as
 * CHK_CERT_CHOICE (ERR_CERT_NOT_REQUESTED when it declines: not fatal, the
 * client sends the empty Certificate). */
void hs_choose_identity(hs *h, const uint8_t *const *ca, const size_t *ca_len, size_t n_ca,
                        const uint16_t *sigalgs, size_t n_sigalgs);
/* Server: the names of the CAs in its trust store, for the
 * CertificateRequest (at most max). */
size_t hs_ca_names(const hs *h, const uint8_t **ca, size_t *ca_len, size_t max);
/* Write our own Certificate message (the client's may be empty). */
err_t hs_write_certificate(hs *h, wr *w);
/* Keep the peer's chain and verify it as this side must (RFC 5246 §7.4.2,
 * §7.4.6; the client checks the server name, the server the client identity
 * and revocation), then that its key is of type want. Every check is
 * reported; the first failure is returned. */
err_t hs_verify_peer(hs *h, const msg_certificate *m, x509_key_type want);
/* tls/authz.c: the server, once the client is authenticated (its chain
 * verified and its CertificateVerify checked), asks whether that identity
 * may come in: each SAN URI of the client's certificate against the
 * policy (cfg->authz). ERR_AUTHZ_DENIED (access_denied, RFC 5246 §7.2.2)
 * when none is listed; reported as CHK_AUTHZ. */
err_t hs_authorize(hs *h);
/* Pre-master → master secret → key block → record keys, reported as values. */
void hs_derive_keys(hs *h);
/* Finished, the same in both versions but for how verify_data is made:
 * fn computes the verify_data that `sender` sends, len bytes (12 in TLS 1.2,
 * 32 in TLS 1.3; at most HS_VERIFY_DATA_MAX). Writing sends ours; reading
 * parses the peer's, computes what it must be and compares in constant
 * time, reporting check id ("... equals the <what> computed here");
 * ERR_HS_FINISHED when it differs, the parser's error when malformed. */
#define HS_VERIFY_DATA_MAX 32
typedef void (*hs_verify_data_fn)(hs *h, party sender, uint8_t *vd);
err_t hs_finished_write(hs *h, wr *w, size_t len, hs_verify_data_fn fn);
err_t hs_finished_read(hs *h, const uint8_t *msg, size_t n, size_t len, hs_verify_data_fn fn,
                       check_id id, const char *what);
/* SHA-256 of the transcript so far. */
void hs_transcript_hash(const hs *h, uint8_t out[KS_HASH_LEN]);
/* The messages in the transcript by name, in order ("ClientHello,
 * ServerHello, server Certificate, ..."): what a hash over it covers. A
 * Certificate or Finished is named by its sender. Cut short when cap is. */
void hs_transcript_names(const hs *h, char *out, size_t cap);
/* Finished: write ours / check the peer's. */
err_t hs_write_finished(hs *h, wr *w);
err_t hs_read_finished(hs *h, const uint8_t *msg, size_t len);
err_t hs_write_ccs(hs *h, wr *w);
err_t hs_read_ccs(hs *h, const uint8_t *msg, size_t len);

/* TLS 1.3 key changes (RFC 8446 §5.1, §7.3): protect what this endpoint
 * writes (reads) from now on with the traffic key and IV of secret. Writing,
 * the handshake bytes queued so far go out first, under the old key;
 * reading, the message just delivered must end its record, else
 * ERR_HS_KEY_CHANGE (unexpected_message). */
err_t hs_set_tx(hs *h, const uint8_t secret[KS13_SECRET_LEN]);
err_t hs_set_rx(hs *h, const uint8_t secret[KS13_SECRET_LEN]);
/* The step of the table row being written or read (HS_STEPS after the end). */
int hs_current_step(hs *h);

/* tls13/: the TLS 1.3 handlers the TLS 1.3 table names. */
err_t hs13_client_write_hello(hs *h, wr *w);
err_t hs13_server_read_hello(hs *h, const uint8_t *m, size_t n);
err_t hs13_server_write_hello(hs *h, wr *w);
err_t hs13_server_write_hrr(hs *h, wr *w);
err_t hs13_client_read_hrr(hs *h, const uint8_t *m, size_t n);
/* The transcript after a HelloRetryRequest: ClientHello1 replaced by
 * message_hash (RFC 8446 §4.4.1), both reported as values. */
err_t hs13_transcript_restart(hs *h);
err_t hs13_client_read_server_hello(hs *h, const uint8_t *m, size_t n);
err_t hs13_write_ccs(hs *h, wr *w);
err_t hs13_read_ccs(hs *h, const uint8_t *m, size_t n);
err_t hs13_server_write_ee(hs *h, wr *w);
err_t hs13_client_read_ee(hs *h, const uint8_t *m, size_t n);
err_t hs13_server_write_cert_request(hs *h, wr *w);
err_t hs13_client_read_cert_request(hs *h, const uint8_t *m, size_t n);
err_t hs13_write_certificate(hs *h, wr *w);
err_t hs13_read_certificate(hs *h, const uint8_t *m, size_t n);
err_t hs13_write_cert_verify(hs *h, wr *w);
err_t hs13_read_cert_verify(hs *h, const uint8_t *m, size_t n);
err_t hs13_write_finished(hs *h, wr *w);
err_t hs13_read_finished(hs *h, const uint8_t *m, size_t n);
/* tls13/hs13_keys.c: the key schedule at its three points, each secret
 * reported as a value, and the key changes that follow. */
err_t hs13_after_hellos(hs *h);
err_t hs13_after_server_finished(hs *h);
err_t hs13_after_client_finished(hs *h);
/* The Finished verify_data `sender` sends, over the transcript so far. */
void hs13_finished_for(hs *h, party sender, uint8_t *vd);

/* hs_client.c / hs_server.c: the handlers the table names. */
err_t hs_client_write_hello(hs *h, wr *w);
err_t hs_client_read_server_hello(hs *h, const uint8_t *m, size_t n);
err_t hs_client_read_certificate(hs *h, const uint8_t *m, size_t n);
err_t hs_client_read_server_kx(hs *h, const uint8_t *m, size_t n);
err_t hs_client_read_cert_request(hs *h, const uint8_t *m, size_t n);
err_t hs_client_read_hello_done(hs *h, const uint8_t *m, size_t n);
err_t hs_client_write_kx(hs *h, wr *w);
err_t hs_client_write_cert_verify(hs *h, wr *w);
err_t hs_client_write_app(hs *h, wr *w);
err_t hs_client_read_app(hs *h, const uint8_t *m, size_t n);

err_t hs_server_read_hello(hs *h, const uint8_t *m, size_t n);
err_t hs_server_write_hello(hs *h, wr *w);
err_t hs_server_write_kx(hs *h, wr *w);
err_t hs_server_write_cert_request(hs *h, wr *w);
err_t hs_server_write_hello_done(hs *h, wr *w);
err_t hs_server_read_certificate(hs *h, const uint8_t *m, size_t n);
err_t hs_server_read_kx(hs *h, const uint8_t *m, size_t n);
err_t hs_server_read_cert_verify(hs *h, const uint8_t *m, size_t n);
err_t hs_server_read_app(hs *h, const uint8_t *m, size_t n);
err_t hs_server_write_app(hs *h, wr *w);

#endif
