/* hs13_client.c — the TLS 1.3 client's own messages and its checks of the
 * server's hellos, EncryptedExtensions and CertificateRequest (RFC 8446
 * §4.1.2, §4.1.3, §4.3). Certificates, CertificateVerify and Finished are
 * the same on both sides (hs13_cert.c, hs13_keys.c).
 */
#include "tls/hs.h"
#include "tls/suites.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The secp256r1 base point G, uncompressed (SEC 2 §2.4.2, FIPS 186-4
 * D.1.2.3): the one P-256 point this client can write without P-256
 * arithmetic, which libsodium does not have. It is the public key of the
 * private key 1, so it is no secret; it is sent only as a first key_share
 * for a group the server does not take (the hello-retry scenario). */
static const uint8_t p256_base_point[P256_POINT_LEN] = {
    0x04, 0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6, 0xE5, 0x63,
    0xA4, 0x40, 0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB, 0x33, 0xA0, 0xF4, 0xA1, 0x39,
    0x45, 0xD8, 0x98, 0xC2, 0x96, 0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E,
    0xE7, 0xEB, 0x4A, 0x7C, 0x0F, 0x9E, 0x16, 0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31, 0x5E,
    0xCE, 0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51, 0xF5,
};

/* The first ClientHello's groups and shares, or the second's after a
 * HelloRetryRequest (§4.1.2: the same hello, its key_share replaced by
 * one entry for the selected group). */
static bool first_share_p256(const hs *h)
{
    return h->cfg->first_share_group == GROUP_SECP256R1 && !h->t13.hrr;
}

err_t hs13_client_write_hello(hs *h, wr *w)
{
    const hs_config *c = h->cfg;
    bool second = h->t13.hrr;
    msg_client_hello m;
    memset(&m, 0, sizeof m);
    /* §4.1.2: legacy_version 0x0303; the version is in supported_versions */
    m.version = TLS13_LEGACY_VERSION;
    /* Appendix D.4: in middlebox-compatibility mode a client sends a fresh
     * 32-byte legacy_session_id, so the exchange looks like a TLS 1.2
     * session resumption to a middlebox. After a HelloRetryRequest the
     * second ClientHello repeats the random and the session id (§4.1.2) */
    if (!second) {
        rng_bytes(&h->rng, h->client_random, KS_RANDOM_LEN);
        h->t13.session_id_len = MSG_SESSION_ID_MAX;
        rng_bytes(&h->rng, h->t13.session_id, MSG_SESSION_ID_MAX);
    }
    memcpy(m.random, h->client_random, KS_RANDOM_LEN);
    m.session_id_len = MSG_SESSION_ID_MAX;
    memcpy(m.session_id, h->t13.session_id, MSG_SESSION_ID_MAX);
    m.suites[m.n_suites++] = CS_TLS13_CHACHA20_POLY1305_SHA256;
    if (c->server_name && *c->server_name) {
        CHECK(strlen(c->server_name) <= MSG_HOSTNAME_MAX, ERR_USAGE);
        m.has_sni = true;
        snprintf(m.sni, sizeof m.sni, "%s", c->server_name);
    }
    /* §4.2.7: the groups in the client's order of preference */
    if (c->first_share_group == GROUP_SECP256R1)
        m.groups[m.n_groups++] = GROUP_SECP256R1;
    m.groups[m.n_groups++] = GROUP_X25519;
    m.sigalgs[m.n_sigalgs++] = SIGALG_ED25519;
    m.versions[m.n_versions++] = TLS13_VERSION;
    m.key_share = true;
    if (first_share_p256(h)) {
        /* §4.2.8: one share, for its preferred group; see p256_base_point */
        m.share_groups[m.n_shares++] = GROUP_SECP256R1;
        memcpy(m.p256_share, p256_base_point, P256_POINT_LEN);
    } else {
        /* §4.2.8: the key share for the group the client expects the
         * server to choose (or the one it asked for), sent before the
         * server has said anything */
        rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
        crypto_scalarmult_base(h->eph_pk, h->eph_sk);
        m.has_x25519_share = true;
        m.share_groups[m.n_shares++] = GROUP_X25519;
        memcpy(m.x25519_share, h->eph_pk, X25519_LEN);
    }
    msg_client_hello_write(w, &m);
    h->ext_offered = msg_ext_offered(&m);
    if (!second)
        hs_value_way(h, WAY_CLIENT_RANDOM_13, h->client_random, KS_RANDOM_LEN);
    if (first_share_p256(h)) {
        hs_value(h, VAL13_CLIENT_P256_SHARE, m.p256_share, P256_POINT_LEN);
        return ERR_OK;
    }
    hs_value(h, VAL13_CLIENT_SHARE_PRIVATE, h->eph_sk, X25519_LEN);
    hs_value(h, VAL13_CLIENT_SHARE_PUBLIC, h->eph_pk, X25519_LEN);
    return ERR_OK;
}

/* The checks of a HelloRetryRequest that a ServerHello shares: version,
 * suite, the echoed session id (§4.1.3, §4.1.4). */
static err_t check_server_hello_common(hs *h, const msg_server_hello *m)
{
    char detail[128];
    snprintf(detail, sizeof detail, "legacy_version 0x%04x, selected_version 0x%04x",
             m->version, m->selected_version);
    TRY(hs_check(h, CHK13_VERSION,
                 m->selected_version == 0 ? ERR_HS_VERSION
                 : m->selected_version == TLS13_VERSION && m->version == TLS13_LEGACY_VERSION
                     ? ERR_OK
                     : ERR_HS_ILLEGAL_PARAM,
                 detail));
    snprintf(detail, sizeof detail, "server chose 0x%04x %s", m->suite, suite_name(m->suite));
    TRY(hs_check(h, CHK13_SUITE,
                 m->suite == CS_TLS13_CHACHA20_POLY1305_SHA256 ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 detail));
    /* §4.1.3: legacy_session_id_echo must be the client's, else
     * illegal_parameter */
    bool echo = m->session_id_len == h->t13.session_id_len &&
                memcmp(m->session_id, h->t13.session_id, m->session_id_len) == 0;
    return hs_check(h, CHK13_SESSION_ID, echo ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                    echo ? "the server echoed the client's 32-byte legacy_session_id"
                         : "legacy_session_id_echo differs from the client's");
}

err_t hs13_client_read_hrr(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_hello m;
    rd_init(&r, msg, len);
    TRY(msg_server_hello_parse(&r, &m, h->ext_offered, NULL));
    TRY(check_server_hello_common(h, &m));
    /* §4.2.8: "the client MUST verify that (1) the selected_group field
     * corresponds to a group which was provided in the "supported_groups"
     * extension in the original ClientHello and (2) the selected_group
     * field does not correspond to a group which was provided in the
     * "key_share" extension in the original ClientHello", else
     * illegal_parameter. This client's only other group is x25519. */
    bool first_x = !first_share_p256(h);
    bool ok = m.key_share && m.share_group == GROUP_X25519 && !first_x;
    char detail[160];
    snprintf(detail, sizeof detail, "selected_group 0x%04x%s", m.share_group,
             ok ? " (x25519): offered in supported_groups, not in the first key_share"
                : !m.key_share ? ": no key_share"
                : m.share_group == GROUP_X25519 ? ": the first key_share was already x25519"
                                                : ": not a group this client can use");
    TRY(hs_check(h, CHK13_HRR, ok ? ERR_OK : ERR_HS_ILLEGAL_PARAM, detail));
    h->suite = m.suite;
    h->t13.hrr = true;
    /* the HelloRetryRequest joins the transcript after message_hash */
    return hs13_transcript_restart(h);
}

err_t hs13_client_read_server_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_hello m;
    rd_init(&r, msg, len);
    TRY(msg_server_hello_parse(&r, &m, h->ext_offered, NULL));
    /* §4.1.4: "If a client receives a second HelloRetryRequest in the same
     * connection ..., it MUST abort the handshake with an
     * "unexpected_message" alert." */
    if (m.hrr)
        return hs_check(h, CHK13_HRR, ERR_HS_UNEXPECTED,
                        "a second HelloRetryRequest where the ServerHello belongs");
    /* §4.1.3: a client that offered TLS 1.3 and gets a ServerHello without
     * supported_versions is talking to an older server; this client offers
     * nothing else (protocol_version) */
    TRY(check_server_hello_common(h, &m));
    /* §4.2.8: the server's share must be for a group the client offered */
    bool share = m.key_share && m.share_group == GROUP_X25519;
    TRY(hs_check(h, CHK13_KEY_SHARE, share ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 share ? "server_share is an x25519 key" : "no x25519 server_share"));
    h->suite = m.suite;
    h->kx = &kx_ecdhe; /* TLS 1.3's key exchange is (EC)DHE, always */
    memcpy(h->server_random, m.random, KS_RANDOM_LEN);
    memcpy(h->peer_eph_pk, m.share, X25519_LEN);
    return ERR_OK;
}

err_t hs13_client_read_ee(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_encrypted_ext m;
    rd_init(&r, msg, len);
    /* §4.3.1: only answers to what the ClientHello offered */
    return msg13_encrypted_ext_parse(&r, &m, h->ext_offered, NULL);
}

err_t hs13_client_read_cert_request(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg13_cert_request m;
    rd_init(&r, msg, len);
    TRY(msg13_cert_request_parse(&r, &m, NULL));
    bool ed = msg_u16_has(m.sigalgs, m.n_sigalgs, SIGALG_ED25519);
    TRY(hs_check(h, CHK13_SIGALGS, ed ? ERR_OK : ERR_HS_NO_SHARED_SIGALG,
                 "the CertificateRequest's signature_algorithms include ed25519 (0x0807)"));
    /* §4.4.2: the client's Certificate echoes the request's context */
    h->t13.context_len = m.context_len;
    memcpy(h->t13.context, m.context, m.context_len);
    h->cert_requested = true;
    hs_choose_identity(h, m.ca, m.ca_len, m.n_cas, m.sigalgs, m.n_sigalgs);
    return ERR_OK;
}
