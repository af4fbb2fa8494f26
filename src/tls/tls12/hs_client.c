/* hs_client.c — the client's side of the table: what it writes and how it
 * checks what the server sends (RFC 5246 §7.3, RFC 8422, RFC 7627).
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const uint16_t ecdhe_suites[] = { CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256 };
static const uint16_t transport_suites[] = { CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256 };

err_t hs_client_write_hello(hs *h, wr *w)
{
    const hs_config *c = h->cfg;
    msg_client_hello m;
    memset(&m, 0, sizeof m);
    m.version = TLS12_VERSION;
    rng_bytes(&h->rng, h->client_random, KS_RANDOM_LEN);
    memcpy(m.random, h->client_random, KS_RANDOM_LEN);
    const uint16_t *s = c->suites;
    size_t n = c->n_suites;
    if (!s) {
        s = c->kx == KX_TRANSPORT ? transport_suites : ecdhe_suites;
        n = 1;
    }
    CHECK(n >= 1 && n <= MSG_LIST_MAX, ERR_USAGE);
    memcpy(m.suites, s, n * sizeof *s);
    m.n_suites = n;
    if (c->server_name && *c->server_name) {
        CHECK(strlen(c->server_name) <= MSG_HOSTNAME_MAX, ERR_USAGE);
        m.has_sni = true;
        snprintf(m.sni, sizeof m.sni, "%s", c->server_name);
    }
    m.groups[m.n_groups++] = GROUP_X25519;
    m.has_point_formats = true;
    m.sigalgs[m.n_sigalgs++] = SIGALG_ED25519;
    m.ems = c->ems;
    /* RFC 5746 §3.4: an initial ClientHello carries the empty extension (or
     * the SCSV); this client sends the extension and never renegotiates */
    m.reneg_info = true;
    msg_client_hello_write(w, &m);
    hs_value(h, VAL_CLIENT_RANDOM, h->client_random, KS_RANDOM_LEN);
    return ERR_OK;
}

err_t hs_client_read_server_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_hello m;
    rd_init(&r, msg, len);
    TRY(msg_server_hello_parse(&r, &m, NULL));
    char detail[128];
    snprintf(detail, sizeof detail, "server answered version 0x%04x", m.version);
    TRY(hs_check(h, CHK_VERSION, m.version == TLS12_VERSION ? ERR_OK : ERR_HS_VERSION,
                 detail));
    bool offered = false;
    const uint16_t *s = h->cfg->suites;
    size_t n = h->cfg->n_suites;
    if (!s) {
        s = h->cfg->kx == KX_TRANSPORT ? transport_suites : ecdhe_suites;
        n = 1;
    }
    for (size_t i = 0; i < n; i++)
        offered |= s[i] == m.suite;
    snprintf(detail, sizeof detail, "server chose 0x%04x %s", m.suite, msg_suite_name(m.suite));
    TRY(hs_check(h, CHK_SUITE_OFFERED, offered ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 detail));
    /* RFC 7627 §5.2: a server must not echo what was not offered */
    CHECK(!m.ems || h->cfg->ems, hs_check(h, CHK_EMS, ERR_HS_ILLEGAL_PARAM,
                                          "echoed without being offered"));
    /* RFC 7627 §4: clients SHOULD NOT accept handshakes without it; a client
     * that offered it (the default) refuses a legacy server (§5.2) */
    if (h->cfg->ems)
        TRY(hs_check(h, CHK_EMS, m.ems ? ERR_OK : ERR_HS_NO_EMS,
                     m.ems ? "the server echoed extended_master_secret (RFC 7627 §5.2)"
                           : "the ServerHello has no extended_master_secret: a legacy server, "
                             "refused (RFC 7627 §4, §5.2)"));
    /* RFC 5746 §3.4: a renegotiation_info that is not empty ends an initial
     * handshake with handshake_failure; an absent one only says the server
     * does not support secure renegotiation, and this client never renegotiates */
    TRY(hs_check(h, CHK_RENEGOTIATION,
                 !m.reneg_info || m.reneg_len == 0 ? ERR_OK : ERR_HS_RENEGOTIATION,
                 !m.reneg_info     ? "absent: the server does not support secure renegotiation "
                                     "(RFC 5746 §3.4), and this client never renegotiates"
                 : m.reneg_len == 0 ? "the server supports secure renegotiation; initial "
                                      "handshake, nothing to renegotiate (RFC 5746 §3.4)"
                                    : "renegotiated_connection is not empty in an initial "
                                      "handshake (RFC 5746 §3.4)"));
    h->suite = m.suite;
    h->transport = m.suite == CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256;
    h->ems = m.ems;
    memcpy(h->server_random, m.random, KS_RANDOM_LEN);
    return ERR_OK;
}

err_t hs_client_read_certificate(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_certificate m;
    rd_init(&r, msg, len);
    TRY(msg_certificate_parse(&r, &m, NULL));
    CHECK(m.n > 0, hs_check(h, CHK_CERT_PRESENT, ERR_CERT_MISSING,
                            "the server's Certificate message is empty"));
    /* Ed25519 signs the ServerKeyExchange; with key transport the
     * certificate's X25519 key receives the sealed pre-master secret */
    return hs_verify_peer(h, &m, h->transport ? X509_KEY_X25519 : X509_KEY_ED25519);
}

err_t hs_client_read_server_kx(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_kx m;
    uint8_t tbs[2 * KS_RANDOM_LEN + 64];
    rd_init(&r, msg, len);
    TRY(msg_server_kx_parse(&r, &m, NULL));
    CHECK(m.params_len <= 64, ERR_HS_ILLEGAL_PARAM);
    size_t n = msg_server_kx_signed(h->client_random, h->server_random, m.params, m.params_len,
                                    tbs);
    bool ok = crypto_sign_verify_detached(m.sig, tbs, n, h->peer_leaf.key) == 0;
    TRY(hs_check(h, CHK_SKE_SIGNATURE, ok ? ERR_OK : ERR_HS_SKE_SIGNATURE,
                 ok ? "Ed25519 signature by the server certificate's key over client_random + "
                      "server_random + ECDHE params is valid"
                    : "Ed25519 signature over client_random + server_random + ECDHE params "
                      "does not verify with the server certificate's key"));
    memcpy(h->peer_eph_pk, m.point, X25519_LEN);
    return ERR_OK;
}

err_t hs_client_read_cert_request(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_cert_request m;
    rd_init(&r, msg, len);
    TRY(msg_cert_request_parse(&r, &m, NULL));
    bool ed = false;
    for (size_t i = 0; i < m.n_sigalgs; i++)
        ed |= m.sigalgs[i] == SIGALG_ED25519;
    TRY(hs_check(h, CHK_CERT_REQUEST_SIGALG, ed ? ERR_OK : ERR_HS_NO_SHARED_SIGALG,
                 "supported_signature_algorithms includes ed25519 (0x0807)"));
    h->cert_requested = true;
    return ERR_OK;
}

err_t hs_client_read_hello_done(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    rd_init(&r, msg, len);
    (void)h;
    return msg_server_hello_done_parse(&r, NULL);
}

/* crypto_box_seal with the ephemeral key drawn from our generator instead of
 * the OS, so that a seeded run stays reproducible. The construction is
 * libsodium's own (its documentation, "Sealed boxes"): ephemeral X25519 key
 * pair, nonce = BLAKE2b-192(epk ‖ recipient pk), output = epk ‖ crypto_box
 * (ciphertext and tag). The server opens it with crypto_box_seal_open. */
static void seal_box(hs *h, uint8_t out[SEALED_PMS_LEN], const uint8_t *m, size_t n,
                     const uint8_t pk[X25519_LEN])
{
    uint8_t esk[crypto_box_SECRETKEYBYTES], nonce[crypto_box_NONCEBYTES];
    uint8_t in[2 * X25519_LEN];
    crypto_generichash_state st;
    rng_bytes(&h->rng, esk, sizeof esk);
    crypto_scalarmult_base(out, esk); /* epk */
    memcpy(in, out, X25519_LEN);
    memcpy(in + X25519_LEN, pk, X25519_LEN);
    crypto_generichash_init(&st, NULL, 0, sizeof nonce);
    crypto_generichash_update(&st, in, sizeof in);
    crypto_generichash_final(&st, nonce, sizeof nonce);
    /* fails only for a low-order recipient key, which the certificate check
     * cannot rule out; the server then cannot open the box and says so */
    if (crypto_box_easy(out + X25519_LEN, m, n, nonce, pk, esk) != 0)
        memset(out + X25519_LEN, 0, SEALED_PMS_LEN - X25519_LEN);
    sodium_memzero(esk, sizeof esk);
}

err_t hs_client_write_kx(hs *h, wr *w)
{
    msg_client_kx m;
    memset(&m, 0, sizeof m);
    if (h->transport) {
        /* struct { ProtocolVersion client_version; opaque random[46]; }
         * PreMasterSecret (RFC 5246 §7.4.7.1), sealed to the X25519 key in
         * the server's certificate: the seed article's literal step 4. */
        h->pms[0] = TLS12_VERSION >> 8;
        h->pms[1] = TLS12_VERSION & 0xff;
        rng_bytes(&h->rng, h->pms + 2, PMS_TRANSPORT_LEN - 2);
        h->pms_len = PMS_TRANSPORT_LEN;
        hs_value_way(h, WAY_PMS_TRANSPORT_CLIENT, h->pms, h->pms_len);
        seal_box(h, m.sealed, h->pms, h->pms_len, h->peer_leaf.key);
        m.transport = true;
        hs_value(h, VAL_ENCRYPTED_PRE_MASTER_SECRET, m.sealed, sizeof m.sealed);
    } else {
        rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
        crypto_scalarmult_base(h->eph_pk, h->eph_sk);
        hs_value(h, VAL_CLIENT_ECDHE_PRIVATE, h->eph_sk, X25519_LEN);
        hs_value(h, VAL_CLIENT_ECDHE_PUBLIC, h->eph_pk, X25519_LEN);
        int rc = crypto_scalarmult(h->pms, h->eph_sk, h->peer_eph_pk);
        /* RFC 8422 §5.11: an all-zero shared secret means a bad point */
        TRY(hs_check(h, CHK_ECDHE_POINT,
                     rc == 0 ? ERR_OK : ERR_HS_BAD_POINT,
                     rc == 0 ? "shared secret is not all zero" : "shared secret is all zero"));
        h->pms_len = X25519_LEN;
        hs_value(h, VAL_PRE_MASTER_SECRET, h->pms, h->pms_len);
        memcpy(m.point, h->eph_pk, X25519_LEN);
        /* the ephemeral private key is no longer needed: forward secrecy */
        sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    }
    msg_client_kx_write(w, &m);
    return ERR_OK;
}

err_t hs_client_write_cert_verify(hs *h, wr *w)
{
    /* PureEdDSA over all handshake messages so far, ClientHello through
     * ClientKeyExchange (RFC 5246 §7.4.8, RFC 8422 §5.10). */
    msg_cert_verify m = { .sigalg = SIGALG_ED25519 };
    CHECK(h->cfg->key && h->cfg->key->type == X509_KEY_ED25519, ERR_USAGE);
    crypto_sign_detached(m.sig, NULL, h->transcript, h->transcript_len, h->cfg->key->sk);
    hs_value(h, VAL_CLIENT_SIGNATURE, m.sig, sizeof m.sig);
    msg_cert_verify_write(w, &m);
    return ERR_OK;
}

err_t hs_client_write_app(hs *h, wr *w)
{
    const char *text = h->cfg->app_message ? h->cfg->app_message : "";
    size_t n = strlen(text);
    CHECK(n <= HS_APP_MAX, ERR_USAGE);
    wr_bytes(w, text, n);
    hs_value(h, VAL_CLIENT_APP_PLAINTEXT, (const uint8_t *)text, n);
    return ERR_OK;
}

err_t hs_client_read_app(hs *h, const uint8_t *msg, size_t len)
{
    CHECK(len <= HS_APP_MAX, ERR_RECORD_OVERFLOW);
    memcpy(h->app_in, msg, len);
    h->app_in[len] = '\0';
    h->app_in_len = len;
    hs_value_way(h, WAY_SERVER_APP_RECEIVED, msg, len);
    return ERR_OK;
}
