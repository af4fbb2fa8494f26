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

err_t hs13_client_write_hello(hs *h, wr *w)
{
    const hs_config *c = h->cfg;
    msg_client_hello m;
    memset(&m, 0, sizeof m);
    /* §4.1.2: legacy_version 0x0303; the version is in supported_versions */
    m.version = TLS13_LEGACY_VERSION;
    rng_bytes(&h->rng, h->client_random, KS_RANDOM_LEN);
    memcpy(m.random, h->client_random, KS_RANDOM_LEN);
    /* Appendix D.4: in middlebox-compatibility mode a client sends a fresh
     * 32-byte legacy_session_id, so the exchange looks like a TLS 1.2
     * session resumption to a middlebox */
    h->t13.session_id_len = MSG_SESSION_ID_MAX;
    rng_bytes(&h->rng, h->t13.session_id, MSG_SESSION_ID_MAX);
    m.session_id_len = MSG_SESSION_ID_MAX;
    memcpy(m.session_id, h->t13.session_id, MSG_SESSION_ID_MAX);
    m.suites[m.n_suites++] = CS_TLS13_CHACHA20_POLY1305_SHA256;
    if (c->server_name && *c->server_name) {
        CHECK(strlen(c->server_name) <= MSG_HOSTNAME_MAX, ERR_USAGE);
        m.has_sni = true;
        snprintf(m.sni, sizeof m.sni, "%s", c->server_name);
    }
    m.groups[m.n_groups++] = GROUP_X25519;
    m.sigalgs[m.n_sigalgs++] = SIGALG_ED25519;
    m.versions[m.n_versions++] = TLS13_VERSION;
    /* §4.2.8: the key share for the group the client expects the server to
     * choose, sent before the server has said anything */
    rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
    crypto_scalarmult_base(h->eph_pk, h->eph_sk);
    m.key_share = true;
    m.has_x25519_share = true;
    m.share_groups[m.n_shares++] = GROUP_X25519;
    memcpy(m.x25519_share, h->eph_pk, X25519_LEN);
    msg_client_hello_write(w, &m);
    h->ext_offered = msg_ext_offered(&m);
    hs_value_way(h, WAY_CLIENT_RANDOM_13, h->client_random, KS_RANDOM_LEN);
    hs_value(h, VAL13_CLIENT_SHARE_PRIVATE, h->eph_sk, X25519_LEN);
    hs_value(h, VAL13_CLIENT_SHARE_PUBLIC, h->eph_pk, X25519_LEN);
    return ERR_OK;
}

err_t hs13_client_read_server_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_hello m;
    char detail[128];
    rd_init(&r, msg, len);
    TRY(msg_server_hello_parse(&r, &m, h->ext_offered, NULL));
    /* §4.1.3: a client that offered TLS 1.3 and gets a ServerHello without
     * supported_versions is talking to an older server; this client offers
     * nothing else (protocol_version) */
    snprintf(detail, sizeof detail, "legacy_version 0x%04x, selected_version 0x%04x",
             m.version, m.selected_version);
    TRY(hs_check(h, CHK13_VERSION,
                 m.selected_version == 0 ? ERR_HS_VERSION
                 : m.selected_version == TLS13_VERSION && m.version == TLS13_LEGACY_VERSION
                     ? ERR_OK
                     : ERR_HS_ILLEGAL_PARAM,
                 detail));
    snprintf(detail, sizeof detail, "server chose 0x%04x %s", m.suite, suite_name(m.suite));
    TRY(hs_check(h, CHK13_SUITE,
                 m.suite == CS_TLS13_CHACHA20_POLY1305_SHA256 ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 detail));
    /* §4.1.3: legacy_session_id_echo must be the client's, else
     * illegal_parameter */
    bool echo = m.session_id_len == h->t13.session_id_len &&
                memcmp(m.session_id, h->t13.session_id, m.session_id_len) == 0;
    TRY(hs_check(h, CHK13_SESSION_ID, echo ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 echo ? "the server echoed the client's 32-byte legacy_session_id"
                      : "legacy_session_id_echo differs from the client's"));
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
