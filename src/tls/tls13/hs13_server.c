/* hs13_server.c — the TLS 1.3 server's hello, EncryptedExtensions and
 * CertificateRequest, and its checks of the ClientHello (RFC 8446 §4.1,
 * §4.3). It runs one suite, TLS_CHACHA20_POLY1305_SHA256, with x25519 and an
 * Ed25519 certificate, and always asks for the client's certificate.
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

err_t hs13_server_read_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_client_hello m;
    rd_init(&r, msg, len);
    TRY(msg_client_hello_parse(&r, &m, NULL));
    if (h->t13.hrr) {
        /* §4.1.2: after a HelloRetryRequest the client "MUST send the same
         * ClientHello without modification, except" its key_share, now one
         * entry for the group asked for (§4.2.8): this server checks the
         * random, the session id and that entry (illegal_parameter) */
        bool same = memcmp(m.random, h->client_random, KS_RANDOM_LEN) == 0 &&
                    m.session_id_len == h->t13.session_id_len &&
                    memcmp(m.session_id, h->t13.session_id, m.session_id_len) == 0;
        bool one = m.n_shares == 1 && m.has_x25519_share;
        TRY(hs_check(h, CHK13_SECOND_HELLO, same && one ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                     !same ? "the random or legacy_session_id differs from the first ClientHello"
                     : one ? "the same random and legacy_session_id, and one key share, for "
                             "x25519 as asked"
                           : "its key_share is not one x25519 entry, as the retry asked"));
    }
    memcpy(h->client_random, m.random, KS_RANDOM_LEN);
    bool v13 = false;
    for (size_t i = 0; i < m.n_versions; i++)
        v13 |= m.versions[i] == TLS13_VERSION;
    /* §4.2.1: a TLS 1.3-only server refuses a client that does not offer it */
    TRY(hs_check(h, CHK13_VERSION, v13 ? ERR_OK : ERR_HS_VERSION,
                 v13 ? "supported_versions lists 0x0304"
                     : "no supported_versions with 0x0304: not a TLS 1.3 client"));
    bool suite = msg_u16_has(m.suites, m.n_suites, CS_TLS13_CHACHA20_POLY1305_SHA256);
    TRY(hs_check(h, CHK13_SUITE, suite ? ERR_OK : ERR_HS_NO_SHARED_SUITE,
                 "the server accepts TLS_CHACHA20_POLY1305_SHA256 (0x1303) only"));
    bool ed = msg_u16_has(m.sigalgs, m.n_sigalgs, SIGALG_ED25519);
    TRY(hs_check(h, CHK13_SIGALGS, ed ? ERR_OK : ERR_HS_NO_SHARED_SIGALG,
                 "signature_algorithms includes ed25519 (0x0807)"));
    /* §4.2.8: this server takes x25519 only. A client that lists it in
     * supported_groups but sent no x25519 share is asked for one with a
     * HelloRetryRequest (§4.1.4), once; one that does not list it shares
     * no group with this server (handshake_failure, §4.1.1) */
    bool listed = msg_u16_has(m.groups, m.n_groups, GROUP_X25519);
    bool retry = !m.has_x25519_share && listed && !h->t13.hrr;
    TRY(hs_check(h, CHK13_KEY_SHARE,
                 m.has_x25519_share || retry ? ERR_OK : ERR_HS_NO_SHARED_GROUP,
                 m.has_x25519_share ? "the client sent an x25519 key share"
                 : retry ? "no x25519 key share, but x25519 is in supported_groups: the server "
                           "asks for one with a HelloRetryRequest"
                         : "no x25519 key share and x25519 not in supported_groups"));
    h->suite = CS_TLS13_CHACHA20_POLY1305_SHA256;
    h->kx = &kx_ecdhe;
    h->t13.session_id_len = m.session_id_len;
    memcpy(h->t13.session_id, m.session_id, m.session_id_len);
    memcpy(h->peer_eph_pk, m.x25519_share, X25519_LEN);
    h->t13.sni_used = m.has_sni; /* EncryptedExtensions says the name was used */
    h->t13.hrr |= retry;         /* the table's HelloRetryRequest row is written */
    return ERR_OK;
}

err_t hs13_server_write_hrr(hs *h, wr *w)
{
    /* §4.1.4: "the same structure as the ServerHello", with the special
     * random, supported_versions, and in key_share only the group the
     * server wants: no key of its own yet */
    msg_server_hello m;
    memset(&m, 0, sizeof m);
    m.version = TLS13_LEGACY_VERSION;
    memcpy(m.random, msg13_hrr_random, KS_RANDOM_LEN);
    m.session_id_len = h->t13.session_id_len;
    memcpy(m.session_id, h->t13.session_id, m.session_id_len);
    m.suite = h->suite;
    m.selected_version = TLS13_VERSION;
    m.hrr = true;
    m.key_share = true;
    m.share_group = GROUP_X25519;
    msg_server_hello_write(w, &m);
    hs_value(h, VAL13_HRR_RANDOM, m.random, KS_RANDOM_LEN);
    /* the HelloRetryRequest joins the transcript after message_hash */
    return hs13_transcript_restart(h);
}

err_t hs13_server_write_hello(hs *h, wr *w)
{
    msg_server_hello m;
    memset(&m, 0, sizeof m);
    m.version = TLS13_LEGACY_VERSION;
    rng_bytes(&h->rng, h->server_random, KS_RANDOM_LEN);
    memcpy(m.random, h->server_random, KS_RANDOM_LEN);
    /* §4.1.3: legacy_session_id_echo is the client's, whatever it was */
    m.session_id_len = h->t13.session_id_len;
    memcpy(m.session_id, h->t13.session_id, m.session_id_len);
    m.suite = h->suite;
    m.selected_version = TLS13_VERSION;
    rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
    crypto_scalarmult_base(h->eph_pk, h->eph_sk);
    m.key_share = true;
    m.share_group = GROUP_X25519;
    memcpy(m.share, h->eph_pk, X25519_LEN);
    msg_server_hello_write(w, &m);
    hs_value_way(h, WAY_SERVER_RANDOM_13, h->server_random, KS_RANDOM_LEN);
    hs_value(h, VAL13_SERVER_SHARE_PRIVATE, h->eph_sk, X25519_LEN);
    hs_value(h, VAL13_SERVER_SHARE_PUBLIC, h->eph_pk, X25519_LEN);
    return ERR_OK;
}

err_t hs13_server_write_ee(hs *h, wr *w)
{
    /* §4.3.1: the answers that need no key exchange, now under the
     * handshake key; TLS 1.2 had them in the ServerHello, in the clear */
    msg_encrypted_ext m = { .sni_ack = h->t13.sni_used };
    msg13_encrypted_ext_write(w, &m);
    return ERR_OK;
}

err_t hs13_server_write_cert_request(hs *h, wr *w)
{
    msg13_cert_request m;
    memset(&m, 0, sizeof m);
    /* §4.3.2: during the handshake the context is empty */
    m.has_sigalgs = true;
    m.sigalgs[m.n_sigalgs++] = SIGALG_ED25519;
    /* name the CAs we trust, so the client can pick a certificate they issued */
    m.n_cas = hs_ca_names(h, m.ca, m.ca_len, MSG_CA_NAMES_MAX);
    msg13_cert_request_write(w, &m);
    return ERR_OK;
}
