/* scenario.c — each fault injected only at its point (RFC 5246 §7.2 and
 * §7.4 decide, through the endpoints' real checks, what happens next). */
#include "run/scenario.h"

#include <sodium.h>
#include <string.h>

#include "tls/msg/msg.h"
#include "tls/record.h"
#include "run/scenario_policy.h"

/* --- at issue time: edits of the certificate templates ------------------ */
#define DAY (int64_t)86400

/* validity from now + from days to now + to days */
static void set_validity(pki_template *c, int64_t now, int64_t from, int64_t to)
{
    c->x.not_before = now + from * DAY;
    c->x.not_after = now + to * DAY;
}

static void pki_expired_client(pki_templates *t)
{
    set_validity(&t->cert[PKI_CLIENT], t->now, -100, -10);
}

static void pki_expired_server(pki_templates *t)
{
    set_validity(&t->cert[PKI_SERVER], t->now, -100, -10);
}

static void pki_not_yet_client(pki_templates *t)
{
    set_validity(&t->cert[PKI_CLIENT], t->now, 10, 100);
}

/* issued by a second CA that the peer does not trust */
static void pki_rogue_client(pki_templates *t)
{
    t->cert[PKI_CLIENT].issuer = t->cert[PKI_CLIENT].signer = PKI_ROGUE;
}

static void pki_rogue_server(pki_templates *t)
{
    t->cert[PKI_SERVER].issuer = t->cert[PKI_SERVER].signer = PKI_ROGUE;
}

/* The trusted CA's name and key identifier are public; its signature is not
 * (RFC 5280 §6.1.3 (a)(1) checks it). The server answers bad_certificate,
 * RFC 5246 §7.2.2: "contained signatures that did not verify correctly"
 * (OpenSSL's ssl_x509err2alert sends decrypt_error for the same failure). */
static void pki_forged_client(pki_templates *t) { t->cert[PKI_CLIENT].signer = PKI_ROGUE; }

static void pki_wrong_name(pki_templates *t)
{
    t->cert[PKI_SERVER].x.subject_cn = t->cert[PKI_SERVER].x.san_dns =
        "www.other-school.example";
}

/* a certificate made for servers: EKU serverAuth only */
static void pki_no_client_auth(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.eku = X509_EKU_SERVER_AUTH;
}

/* An intermediate that is no CA: basicConstraints cA FALSE, and its key
 * only for signatures (no keyCertSign), as when a leaf certificate is
 * mistaken for the issuing CA's. */
static void pki_inter_not_ca(pki_templates *t)
{
    t->cert[PKI_CLIENT_CA].x.is_ca = false;
    t->cert[PKI_CLIENT_CA].x.has_path_len = false;
    t->cert[PKI_CLIENT_CA].x.key_usage = X509_KU_DIGITAL_SIGNATURE;
}

/* The client's certificate from a CA under the intermediate, whose
 * pathLenConstraint 0 allows no CA below it. */
static void pki_path_too_long(pki_templates *t)
{
    t->cert[PKI_CLIENT].issuer = t->cert[PKI_CLIENT].signer = PKI_CLIENT_SUB_CA;
}

/* The client PKI is its own root (as with --client-ca separate). */
static void pki_client_ca_separate(pki_templates *t) { t->client_ca_separate = true; }

/* --- what the endpoints are given ---------------------------------------- */
/* A client that sends its certificate whatever the CertificateRequest's CA
 * list says, as an OpenSSL-based client configured with one certificate
 * does (RFC 5246 §7.4.6: SHOULD), and with its second certificate gone: the
 * server's own checks then decide. */
static void send_anyway(hs_config *c)
{
    c->pick = HS_PICK_FIRST;
    c->n_more = 0;
}

static void cfg_send_anyway(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)p;
    (void)thief;
    send_anyway(c);
}

/* The client's only certificate is the partner school's. */
static void cfg_not_requested(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)thief;
    c->chain = c->more[0].chain;
    c->n_chain = c->more[0].n_chain;
    c->key = &p->client_partner_key;
    c->n_more = 0;
}

/* The server sends its leaf alone: the intermediate was left out of its
 * configuration (a certificate file without the chain). */
static void cfg_missing_intermediate(hs_config *c, hs_config *s, const pki *p,
                                     const pki_key *thief)
{
    (void)c;
    (void)p;
    (void)thief;
    s->n_chain = 1;
}

/* The server was given its own server root to trust for clients. */
static void cfg_wrong_anchor(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)thief;
    send_anyway(c);
    s->trust = (x509_store){ "the server's trust store", { &p->ca.x }, 1 };
}

/* Rotation: the server trusts the new root; the client still holds a
 * certificate from the old one. */
static void cfg_rotated(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)thief;
    send_anyway(c);
    s->trust = (x509_store){ "the server's trust store", { &p->new_ca.x }, 1 };
}

/* During the overlap the server trusts both roots, the new one first. */
static void cfg_rotation_overlap(hs_config *c, hs_config *s, const pki *p,
                                 const pki_key *thief)
{
    (void)thief;
    send_anyway(c);
    const x509_cert *old = s->trust.anchor[0];
    s->trust = (x509_store){ "the server's trust store", { &p->new_ca.x, old }, 2 };
}

static void cfg_no_client_cert(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)p;
    (void)thief;
    c->n_chain = 0;
}

static void cfg_stolen_cert(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)p;
    /* the thief presents the student's certificate but signs with its own key */
    c->key = thief;
}

static const uint16_t weak_suites[] = { CS_RSA_WITH_RC4_128_SHA, CS_RSA_WITH_3DES_EDE_CBC_SHA };
static void cfg_weak_cipher(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)p;
    (void)thief;
    c->suites = weak_suites;
    c->n_suites = sizeof weak_suites / sizeof weak_suites[0];
}

/* TLS 1.3: the client prefers secp256r1 and sends its first key share for
 * it only; the server takes x25519 only, which the client also lists, so it
 * asks for an x25519 share with a HelloRetryRequest (RFC 8446 §4.1.4) and
 * the handshake goes on. Not a fault: a round trip more. */
static void cfg_hello_retry(hs_config *c, hs_config *s, const pki *p, const pki_key *thief)
{
    (void)s;
    (void)p;
    (void)thief;
    c->first_share_group = GROUP_SECP256R1;
}

/* --- the attacker on the wire --------------------------------------------- */
/* In a handshake record in the clear from `from`, the first handshake
 * message of type type that lies whole in it: *at its offset in the
 * record, *n its length. A record may carry several messages (--framing
 * flight); the attacker walks their headers as any reader of the wire can. */
static bool find_hs(const scenario_wire_ctx *c, party from, uint8_t type, const uint8_t *b,
                    size_t len, size_t *at, size_t *n)
{
    if (c->from != from || c->type != CT_HANDSHAKE || c->sealed)
        return false;
    for (size_t off = REC_HEADER_LEN; off + 4 <= len;) {
        size_t m = 4 + ((size_t)b[off + 1] << 16 | (size_t)b[off + 2] << 8 | b[off + 3]);
        if (m > len - off)
            return false;
        if (b[off] == type) {
            *at = off;
            *n = m;
            return true;
        }
        off += m;
    }
    return false;
}

/* TLS 1.3: the server's x25519 key_share in ServerHello (RFC 8446
 * §4.2.8), in the clear, replaced with the attacker's own. The parser gives
 * the share's value; its bytes are found where they stand in the record. */
static bool key_swap13(const scenario_wire_ctx *c, uint8_t *b, size_t len)
{
    size_t off, n;
    if (!find_hs(c, PARTY_SERVER, HT_SERVER_HELLO, b, len, &off, &n))
        return false;
    rd r;
    msg_server_hello m;
    rd_init(&r, b + off, n);
    if (msg_server_hello_parse(&r, &m, MSG_EXT_SET_ALL, NULL) != ERR_OK || !m.key_share)
        return false;
    for (size_t at = off; at + X25519_LEN <= off + n; at++) {
        if (memcmp(b + at, m.share, X25519_LEN) != 0)
            continue;
        uint8_t sk[X25519_LEN];
        rng_bytes(c->attacker, sk, sizeof sk);
        crypto_scalarmult_base(b + at, sk);
        sodium_memzero(sk, sizeof sk);
        return true;
    }
    return false;
}

/* Replace the server's ECDHE public key with the attacker's own: in TLS 1.2
 * in ServerKeyExchange, leaving the signature as it was; in TLS 1.3 in the
 * ServerHello's key_share. */
static bool wire_key_swap(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    if (c->version == TLS_V13)
        return key_swap13(c, b, *len);
    size_t off, n;
    if (!find_hs(c, PARTY_SERVER, HT_SERVER_KEY_EXCHANGE, b, *len, &off, &n))
        return false;
    rd r;
    msg_server_kx m;
    rd_init(&r, b + off, n);
    if (msg_server_kx_parse(&r, &m, NULL) != ERR_OK)
        return false;
    uint8_t sk[X25519_LEN], pk[X25519_LEN];
    rng_bytes(c->attacker, sk, sizeof sk);
    crypto_scalarmult_base(pk, sk);
    sodium_memzero(sk, sizeof sk);
    /* ServerECDHParams: curve_type(1) named_curve(2) point_len(1) point */
    size_t at = off + (size_t)(m.params - r.base) + 4;
    memcpy(b + at, pk, X25519_LEN);
    return true;
}

/* Add an obsolete suite to the ClientHello's list, as a downgrade attempt:
 * parse, change, write again with the real writer, and frame the record. */
static bool wire_edit_hello(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    size_t off, n;
    /* the ClientHello is its sender's whole first flight: alone in its record */
    if (!find_hs(c, PARTY_CLIENT, HT_CLIENT_HELLO, b, *len, &off, &n) || off != REC_HEADER_LEN ||
        n != *len - REC_HEADER_LEN)
        return false;
    rd r;
    msg_client_hello m;
    rd_init(&r, b + off, n);
    if (msg_client_hello_parse(&r, &m, NULL) != ERR_OK || m.n_suites >= MSG_LIST_MAX)
        return false;
    m.suites[m.n_suites++] = CS_RSA_WITH_RC4_128_SHA;
    uint8_t msg[HS_REC_MAX];
    wr w;
    wr_init(&w, msg, sizeof msg);
    msg_client_hello_write(&w, &m);
    if (wr_status(&w) != ERR_OK)
        return false;
    wr out;
    wr_init(&out, b, cap);
    if (rec_write(&out, NULL, CT_HANDSHAKE, msg, w.len, NULL) != ERR_OK)
        return false;
    *len = out.len;
    return true;
}

/* Flip one bit of the ciphertext of the first protected record of a kind
 * from the client (the first protected record of all, for the Finished
 * that follows the ChangeCipherSpec; the first application data record). */
static bool flip_first_sealed(const scenario_wire_ctx *c, uint8_t type, uint8_t *b, size_t len)
{
    if (c->from != PARTY_CLIENT || !c->sealed || c->type != type ||
        (type == CT_HANDSHAKE ? c->n_sealed : c->n_same_type) > 0 || len <= REC_HEADER_LEN + 2)
        return false;
    b[REC_HEADER_LEN + 2] ^= 0x04;
    return true;
}

/* TLS 1.3: every client record after its ChangeCipherSpec says
 * application_data (RFC 8446 §5.2); one message a record, the client's
 * protected records are Certificate, CertificateVerify, Finished, then its
 * data (§4.4), so the attacker counts them: flip the nth (0-based). */
static bool flip_nth_sealed13(const scenario_wire_ctx *c, uint64_t nth, uint8_t *b, size_t len)
{
    if (c->from != PARTY_CLIENT || !c->sealed || c->type != CT_APPLICATION_DATA ||
        c->n_sealed != nth || len <= REC_HEADER_LEN + 2)
        return false;
    b[REC_HEADER_LEN + 2] ^= 0x04;
    return true;
}

#define CLIENT13_FINISHED_RECORD 2 /* after Certificate and CertificateVerify */

static bool wire_flip_finished(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    if (c->version == TLS_V13)
        return flip_nth_sealed13(c, CLIENT13_FINISHED_RECORD, b, *len);
    return flip_first_sealed(c, CT_HANDSHAKE, b, *len);
}

static bool wire_flip_record(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    if (c->version == TLS_V13)
        return flip_nth_sealed13(c, CLIENT13_FINISHED_RECORD + 1, b, *len);
    return flip_first_sealed(c, CT_APPLICATION_DATA, b, *len);
}

const scenario scenario_list[] = {
    { "expired-client-cert", "the client's certificate expired ten days ago", SC_BOTH,
      pki_expired_client, NULL, NULL, false },
    { "expired-server-cert", "the server's certificate expired ten days ago", SC_BOTH,
      pki_expired_server, NULL, NULL, false },
    { "not-yet-valid-client-cert", "the client's certificate becomes valid in ten days",
      SC_BOTH, pki_not_yet_client, NULL, NULL, false },
    { "untrusted-client-ca", "the client's certificate comes from a rogue CA (the client sends "
      "it regardless of the requested CAs)", SC_BOTH, pki_rogue_client, cfg_send_anyway, NULL,
      false },
    { "untrusted-server-ca", "the server's certificate comes from a rogue CA", SC_BOTH,
      pki_rogue_server, NULL, NULL, false },
    { "forged-signature", "the client's certificate names the trusted CA but another key "
      "signed it", SC_BOTH, pki_forged_client, NULL, NULL, false },
    { "wrong-server-name", "the server's certificate is for www.other-school.example", SC_BOTH,
      pki_wrong_name, NULL, NULL, false },
    { "wrong-key-usage", "the client presents a certificate made for servers (no clientAuth)",
      SC_BOTH, pki_no_client_auth, NULL, NULL, false },
    { "revoked-client-cert", "the client's CA lists its serial on its CRL (RFC 5280 §5)",
      SC_BOTH, NULL, NULL, NULL, false },
    { "stale-crl", "the server's newest CRL from the client's CA is past its nextUpdate",
      SC_BOTH, NULL, NULL, NULL, false },
    { "clock-skew", "the server's clock is 10 minutes behind; the client's certificate is a "
      "minute old", SC_BOTH, pki_fresh_client, cfg_clock_skew, NULL, false },
    { "short-lived", "one-hour certificates; the client's was not renewed and expired 10 "
      "minutes ago", SC_BOTH, pki_short_lived, NULL, NULL, false },
    { "wrong-identity", "a valid client certificate for spiffe://classroom.example/intruder",
      SC_BOTH, pki_intruder, NULL, NULL, false },
    { "no-client-cert", "the client sends an empty Certificate message", SC_BOTH, NULL,
      cfg_no_client_cert, NULL, false },
    { "mitm-key-swap", "an attacker replaces the server's ECDHE key in ServerKeyExchange "
      "(TLS 1.3: its key_share in ServerHello)",
      SC_ECDHE_ONLY, NULL, NULL, wire_key_swap, false },
    { "stolen-cert", "the client has the certificate but not its private key", SC_BOTH, NULL,
      cfg_stolen_cert, NULL, false },
    { "tampered-client-hello", "an attacker adds RC4 to the ClientHello's cipher suites",
      SC_BOTH, NULL, NULL, wire_edit_hello, false },
    { "weak-cipher", "the client offers only obsolete suites (RC4, 3DES)", SC_BOTH, NULL,
      cfg_weak_cipher, NULL, false },
    { "tampered-finished", "an attacker flips a bit of the client's encrypted Finished",
      SC_BOTH, NULL, NULL, wire_flip_finished, false },
    { "tampered-record", "an attacker flips a bit of the client's application data", SC_BOTH,
      NULL, NULL, wire_flip_record, false },
    { "key-leak", "the server's long-term private key is stolen after the session", SC_BOTH,
      NULL, NULL, NULL, true },
    { "client-cert-not-requested", "the client's only certificate is from a CA the server does "
      "not list in its CertificateRequest", SC_BOTH, NULL, cfg_not_requested, NULL, false },
    { "missing-intermediate", "the server sends its certificate without the intermediate CA",
      SC_BOTH, NULL, cfg_missing_intermediate, NULL, false },
    { "intermediate-not-ca", "the client's intermediate has no CA flag and no keyCertSign",
      SC_BOTH, pki_inter_not_ca, NULL, NULL, false },
    { "path-too-long", "the client's certificate is two CAs below the root, past the "
      "intermediate's pathLenConstraint 0", SC_BOTH, pki_path_too_long, NULL, NULL, false },
    { "wrong-trust-anchor", "the client PKI has its own root, but the server trusts its own "
      "server root for clients", SC_BOTH, pki_client_ca_separate, cfg_wrong_anchor, NULL,
      false },
    { "ca-rotation", "the server trusts only the new root (G2); the client's certificate still "
      "chains to the old one", SC_BOTH, NULL, cfg_rotated, NULL, false },
    { "ca-rotation-overlap", "during the overlap the server trusts the new root and the old: "
      "the old client certificate still works", SC_BOTH, NULL, cfg_rotation_overlap, NULL,
      false },
    { "hello-retry", "the client's first key_share is for secp256r1, which the server does "
      "not take: it asks again with a HelloRetryRequest", SC_BOTH, NULL, cfg_hello_retry, NULL,
      false },
};

const size_t scenario_count = sizeof scenario_list / sizeof scenario_list[0];

static bool wire_tamper(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    /* the scenario is the first member of its parameters */
    const scenario_tamper *p = (const scenario_tamper *)(const void *)c->scenario;
    if (c->seq != p->seq || p->offset >= *len)
        return false;
    b[p->offset] ^= p->x;
    return true;
}

const scenario *scenario_tamper_init(scenario_tamper *t, int seq, size_t offset, uint8_t x)
{
    *t = (scenario_tamper){ { "tamper", "an attacker flips bits at one byte of one record",
                              SC_BOTH, NULL, NULL, wire_tamper, false },
                            seq, offset, x };
    return &t->base;
}

const scenario *scenario_find(const char *name)
{
    for (size_t i = 0; i < scenario_count; i++)
        if (strcmp(scenario_list[i].name, name) == 0)
            return &scenario_list[i];
    return NULL;
}

bool scenario_applies(const scenario *sc, hs_kx kx)
{
    return sc->modes == SC_BOTH || kx == KX_ECDHE;
}

bool scenario_runs_in(const scenario *sc, tls_version v)
{
    /* TLS 1.3's alone: a HelloRetryRequest (RFC 8446 §4.1.4) */
    if (sc->config == cfg_hello_retry)
        return v == TLS_V13;
    return v == TLS_V12 || sc->config != cfg_weak_cipher;
}

const char *scenario_versions(const scenario *sc)
{
    bool v12 = scenario_runs_in(sc, TLS_V12), v13 = scenario_runs_in(sc, TLS_V13);
    return v12 && v13 ? "TLS 1.2, 1.3" : v12 ? "TLS 1.2 only" : "TLS 1.3 only";
}

const char *scenario_why_not(const scenario *sc, tls_version v)
{
    if (scenario_runs_in(sc, v))
        return NULL;
    if (sc->config == cfg_weak_cipher)
        return "a TLS 1.3 client offers only TLS 1.3 suites, and RC4 and 3DES are not among "
               "them (RFC 8446 §4.1.2, §B.4)";
    if (sc->config == cfg_hello_retry)
        return "TLS 1.2 has no HelloRetryRequest: a TLS 1.2 client sends its key in "
               "ClientKeyExchange, after the server chose the group (RFC 8446 §4.1.4, "
               "RFC 8422 §5.7)";
    return "it is written for the other version";
}

bool scenario_fits_framing(const scenario *sc, hsio_framing f)
{
    return f.kind != HSIO_FRAME_SIZE || (sc->wire != wire_key_swap && sc->wire != wire_edit_hello);
}

bool scenario_fits(const scenario *sc, tls_version v, hsio_framing f)
{
    if (!scenario_runs_in(sc, v) || !scenario_fits_framing(sc, f))
        return false;
    /* the TLS 1.3 attackers that count the client's protected records */
    return v == TLS_V12 || f.kind == HSIO_FRAME_MESSAGE ||
           (sc->wire != wire_flip_finished && sc->wire != wire_flip_record);
}
