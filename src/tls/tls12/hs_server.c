/* hs_server.c — the server's side of the table: it negotiates, proves its
 * identity, asks for the client's, and checks every answer
 * (RFC 5246 §7.3, §7.4.4, §7.4.6–7.4.8; RFC 8422).
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

err_t hs_server_read_hello(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_client_hello m;
    char detail[160];
    rd_init(&r, msg, len);
    TRY(msg_client_hello_parse(&r, &m, NULL));
    memcpy(h->client_random, m.random, KS_RANDOM_LEN);

    snprintf(detail, sizeof detail, "client offers version 0x%04x", m.version);
    TRY(hs_check(h, CHK_VERSION, m.version >= TLS12_VERSION ? ERR_OK : ERR_HS_VERSION,
                 detail));

    /* The one key exchange, and so the one suite, this server can run is
     * fixed by its certificate's key (without one: ECDHE, which then cannot sign). */
    const kx_method *kx = h->own.key ? kx_for_server_key(h->own.key->type) : NULL;
    if (!kx)
        kx = &kx_ecdhe;
    uint16_t want = kx->suites[0];
    bool found = false;
    int n = snprintf(detail, sizeof detail, "offered:");
    for (size_t i = 0; i < m.n_suites; i++) {
        found |= m.suites[i] == want;
        if (n > 0 && (size_t)n < sizeof detail)
            n += snprintf(detail + n, sizeof detail - (size_t)n, " 0x%04x", m.suites[i]);
    }
    if (n > 0 && (size_t)n < sizeof detail)
        snprintf(detail + n, sizeof detail - (size_t)n, "; server accepts 0x%04x only", want);
    TRY(hs_check(h, CHK_SUITE_COMMON, found ? ERR_OK : ERR_HS_NO_SHARED_SUITE,
                 detail));
    h->suite = want;
    h->kx = kx;
    if (kx->check_hello)
        TRY(kx->check_hello(h, &m));
    h->ems = m.ems && h->cfg->ems;

    /* RFC 5746 §3.6: the SCSV or the extension says the client supports
     * secure renegotiation; in an initial handshake the extension must be
     * empty, else handshake_failure. This server never renegotiates. */
    bool scsv = msg_u16_has(m.suites, m.n_suites, CS_EMPTY_RENEGOTIATION_INFO_SCSV);
    TRY(hs_check(h, CHK_RENEGOTIATION,
                 !m.reneg_info || m.reneg_len == 0 ? ERR_OK : ERR_HS_RENEGOTIATION,
                 m.reneg_info && m.reneg_len ? "renegotiated_connection is not empty in an "
                                               "initial handshake (RFC 5746 §3.6)"
                 : m.reneg_info ? "the client sent the empty extension: initial handshake, "
                                  "secure renegotiation supported (RFC 5746 §3.6)"
                 : scsv         ? "the client sent TLS_EMPTY_RENEGOTIATION_INFO_SCSV "
                                  "(RFC 5746 §3.6)"
                                : "absent: a legacy client without secure renegotiation "
                                  "(RFC 5746 §4.3); this server never renegotiates"));
    h->reneg_info = m.reneg_info || scsv;
    return ERR_OK;
}

err_t hs_server_write_hello(hs *h, wr *w)
{
    msg_server_hello m;
    memset(&m, 0, sizeof m);
    m.version = TLS12_VERSION;
    rng_bytes(&h->rng, h->server_random, KS_RANDOM_LEN);
    memcpy(m.random, h->server_random, KS_RANDOM_LEN);
    m.suite = h->suite;
    m.has_point_formats = h->kx->point_formats;
    m.ems = h->ems;
    /* RFC 5746 §3.6: answer a client that signalled support with the empty
     * extension; a ServerHello may not carry what the client did not offer */
    m.reneg_info = h->reneg_info;
    msg_server_hello_write(w, &m);
    hs_value(h, VAL_SERVER_RANDOM, h->server_random, KS_RANDOM_LEN);
    return ERR_OK;
}

err_t hs_server_write_kx(hs *h, wr *w) { return h->kx->write_server_kx(h, w); }

err_t hs_server_write_cert_request(hs *h, wr *w)
{
    msg_cert_request m;
    memset(&m, 0, sizeof m);
    m.types[m.n_types++] = CERT_TYPE_ECDSA_SIGN;
    m.sigalgs[m.n_sigalgs++] = SIGALG_ED25519;
    /* name the CAs we trust, so the client can pick a certificate they issued */
    m.n_cas = hs_ca_names(h, m.ca, m.ca_len, MSG_CA_NAMES_MAX);
    msg_cert_request_write(w, &m);
    return ERR_OK;
}

err_t hs_server_write_hello_done(hs *h, wr *w)
{
    (void)h;
    msg_server_hello_done_write(w);
    return ERR_OK;
}

err_t hs_server_read_certificate(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_certificate m;
    rd_init(&r, msg, len);
    TRY(msg_certificate_parse(&r, &m, NULL));
    /* Mutual TLS: a client that sends no certificate is refused
     * (RFC 5246 §7.4.6 leaves this to the server; ours requires one). */
    TRY(hs_check(h, CHK_CERT_PRESENT, m.n > 0 ? ERR_OK : ERR_CERT_MISSING,
                 m.n > 0 ? "the client sent a certificate chain"
                         : "the client's Certificate message is empty"));
    TRY(hs_verify_peer(h, &m, X509_KEY_ED25519));
    /* The identity crossed the wire in the clear (the client reports it as
     * client_identity); whether it is authenticated is the server's own
     * verdict, and only CertificateVerify completes it (step 4). */
    const char *id = h->peer_leaf.n_uri ? h->peer_leaf.uri[0] : h->peer_leaf.subject_cn;
    snprintf(h->peer_identity, sizeof h->peer_identity, "%s", id);
    return ERR_OK;
}

err_t hs_server_read_kx(hs *h, const uint8_t *msg, size_t len)
{
    return h->kx->read_client_kx(h, msg, len);
}

err_t hs_server_read_cert_verify(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_cert_verify m;
    rd_init(&r, msg, len);
    TRY(msg_cert_verify_parse(&r, &m, NULL));
    /* The transcript holds ClientHello .. ClientKeyExchange as this server
     * saw them: a message changed in flight makes the signature fail. */
    size_t tn;
    const uint8_t *tb = hsio_transcript(&h->io, &tn);
    bool ok = crypto_sign_verify_detached(m.sig, tb, tn, h->peer_leaf.key) == 0;
    char detail[160];
    snprintf(detail, sizeof detail,
             "Ed25519 signature over the %zu bytes of handshake messages so far %s with the "
             "client certificate's key", tn, ok ? "verifies" : "does not verify");
    TRY(hs_check(h, CHK_CERT_VERIFY, ok ? ERR_OK : ERR_HS_CV_SIGNATURE,
                 detail));
    /* The certificate passed every check and the client proved it holds its
     * private key (RFC 5246 §7.4.8): only now is the identity authenticated.
     * The name itself is public; this conclusion is the server's alone. */
    char verdict[X509_STR_MAX + 24];
    int n = snprintf(verdict, sizeof verdict, "authenticated as %s", h->peer_identity);
    CHECK(n > 0 && (size_t)n < sizeof verdict, ERR_INTERNAL);
    hs_value(h, VAL_CLIENT_AUTHENTICATED, (const uint8_t *)verdict, (size_t)n);
    return hs_authorize(h);
}

err_t hs_server_read_app(hs *h, const uint8_t *msg, size_t len)
{
    CHECK(len <= HS_APP_MAX, ERR_RECORD_OVERFLOW);
    memcpy(h->app_in, msg, len);
    h->app_in[len] = '\0';
    h->app_in_len = len;
    hs_value_way(h, WAY_CLIENT_APP_RECEIVED, msg, len);
    return ERR_OK;
}

/* The answer is a small HTTP/1.1 response (RFC 9112 §4, RFC 9110 §8.6):
 * mutual TLS mostly carries HTTP, and Wireshark shows the HTTP layer once it
 * decrypts the records. The body names the identity the server verified. */
err_t hs_server_write_app(hs *h, wr *w)
{
    char body[HS_APP_MAX / 2], text[HS_APP_MAX];
    int nb = snprintf(body, sizeof body,
                      "Hello %s - this server verified your certificate (CN=%s, issued by CN=%s) "
                      "and received %zu bytes from you.\n",
                      h->peer_identity, h->peer_leaf.subject_cn, h->peer_leaf.issuer_cn,
                      h->app_in_len);
    CHECK(nb > 0 && (size_t)nb < sizeof body, ERR_INTERNAL);
    int n = snprintf(text, sizeof text,
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n"
                     "Connection: close\r\n\r\n%s",
                     nb, body);
    CHECK(n > 0 && (size_t)n < sizeof text, ERR_INTERNAL);
    wr_bytes(w, text, (size_t)n);
    hs_value(h, VAL_SERVER_APP_PLAINTEXT, (const uint8_t *)text, (size_t)n);
    return ERR_OK;
}
