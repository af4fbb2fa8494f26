/* hs_client.c — the client's side of the table: what it writes and how it
 * checks what the server sends (RFC 5246 §7.3, RFC 8422, RFC 7627).
 */
#include "tls/hs.h"
#include "tls/suites.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

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
        s = kx_for(c->kx)->suites;
        n = kx_for(c->kx)->n_suites;
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
    h->ext_offered = msg_ext_offered(&m);
    hs_value(h, VAL_CLIENT_RANDOM, h->client_random, KS_RANDOM_LEN);
    return ERR_OK;
}

err_t hs_client_read_server_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_hello m;
    rd_init(&r, msg, len);
    TRY(msg_server_hello_parse(&r, &m, h->ext_offered, NULL));
    char detail[128];
    snprintf(detail, sizeof detail, "server answered version 0x%04x", m.version);
    TRY(hs_check(h, CHK_VERSION, m.version == TLS12_VERSION ? ERR_OK : ERR_HS_VERSION,
                 detail));
    bool offered = false;
    const uint16_t *s = h->cfg->suites;
    size_t n = h->cfg->n_suites;
    if (!s) {
        s = kx_for(h->cfg->kx)->suites;
        n = kx_for(h->cfg->kx)->n_suites;
    }
    for (size_t i = 0; i < n; i++)
        offered |= s[i] == m.suite;
    snprintf(detail, sizeof detail, "server chose 0x%04x %s", m.suite, suite_name(m.suite));
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
    /* an offered suite no method runs (a configured list) is refused */
    h->kx = kx_for_suite(m.suite);
    CHECK(h->kx, ERR_HS_ILLEGAL_PARAM);
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
    /* the key exchange says which key: Ed25519 signs the ServerKeyExchange;
     * with key transport the X25519 key receives the sealed pre-master secret */
    return hs_verify_peer(h, &m, h->kx->server_key);
}

err_t hs_client_read_server_kx(hs *h, const uint8_t *msg, size_t len)
{
    return h->kx->read_server_kx(h, msg, len);
}

err_t hs_client_read_cert_request(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_cert_request m;
    rd_init(&r, msg, len);
    TRY(msg_cert_request_parse(&r, &m, NULL));
    bool ed = msg_u16_has(m.sigalgs, m.n_sigalgs, SIGALG_ED25519);
    TRY(hs_check(h, CHK_CERT_REQUEST_SIGALG, ed ? ERR_OK : ERR_HS_NO_SHARED_SIGALG,
                 "supported_signature_algorithms includes ed25519 (0x0807)"));
    h->cert_requested = true;
    hs_choose_identity(h, m.ca, m.ca_len, m.n_cas, m.sigalgs, m.n_sigalgs);
    return ERR_OK;
}

err_t hs_client_read_hello_done(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    rd_init(&r, msg, len);
    (void)h;
    return msg_server_hello_done_parse(&r, NULL);
}

err_t hs_client_write_kx(hs *h, wr *w) { return h->kx->write_client_kx(h, w); }

err_t hs_client_write_cert_verify(hs *h, wr *w)
{
    /* PureEdDSA over all handshake messages so far, ClientHello through
     * ClientKeyExchange (RFC 5246 §7.4.8, RFC 8422 §5.10). */
    msg_cert_verify m = { .sigalg = SIGALG_ED25519 };
    CHECK(h->own.key && h->own.key->type == X509_KEY_ED25519, ERR_USAGE);
    size_t tn;
    const uint8_t *tb = hsio_transcript(&h->io, &tn);
    crypto_sign_detached(m.sig, NULL, tb, tn, h->own.key->sk);
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
