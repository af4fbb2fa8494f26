/* hs_cert.c — the Certificate message as both TLS 1.2 endpoints handle it:
 * writing our own chain, and keeping, parsing and verifying the peer's
 * (RFC 5246 §7.4.2, §7.4.6), each check reported for step 3.
 */
#include "tls/hs.h"

#include <stdio.h>
#include <string.h>

void hs_chain_check(void *ctx, x509_check check, err_t result, const char *detail)
{
    hs_check_param(ctx, CHK_CERT_CHAIN, x509_check_name(check), result, detail);
}

/* Keep a peer's Certificate chain and parse its leaf; reports the parse. */
static err_t take_chain(hs *h, const msg_certificate *m)
{
    h->peer_n = m->n;
    for (size_t i = 0; i < m->n; i++) {
        CHECK(m->der_len[i] <= X509_CERT_MAX, hs_check(h, CHK_CERT_SIZE,
                                                        ERR_HS_ILLEGAL_PARAM, "over 2048 bytes"));
        memcpy(h->peer_der[i], m->der[i], m->der_len[i]);
        h->peer_der_len[i] = m->der_len[i];
    }
    if (m->n == 0)
        return ERR_OK;
    err_t e = x509_parse(h->peer_der[0], h->peer_der_len[0], &h->peer_leaf);
    char detail[2 * X509_STR_MAX + 48];
    if (e == ERR_OK)
        snprintf(detail, sizeof detail, "X.509 v3, subject CN=%s, issuer CN=%s",
                 h->peer_leaf.subject_cn, h->peer_leaf.issuer_cn);
    else
        snprintf(detail, sizeof detail, "%s", err_str(e));
    return hs_check(h, CHK_CERT_PARSE, e, detail);
}

/* The long-term keys behind our certificate: the public key is the one in
 * the certificate (it crossed the wire), the private key is the one this
 * endpoint holds and never sends. They belong together — unless the
 * certificate was stolen without its key. */
static void report_cert_key(hs *h)
{
    const pki_key *k = h->cfg->key;
    const x509_cert *cert = &h->cfg->chain[0]->x;
    bool client = h->role == PARTY_CLIENT;
    if (k->type == X509_KEY_X25519)
        hs_value_way(h, client ? WAY_CLIENT_CERT_KEY_X25519 : WAY_SERVER_CERT_KEY_X25519,
                     k->seed, sizeof k->seed);
    else
        hs_value(h, client ? VAL_CLIENT_CERT_PRIVATE_KEY : VAL_SERVER_CERT_PRIVATE_KEY, k->seed,
                 sizeof k->seed);
    hs_value(h, client ? VAL_CLIENT_CERT_PUBLIC_KEY : VAL_SERVER_CERT_PUBLIC_KEY, cert->key,
             sizeof cert->key);
}

/* The name in our certificate: the client's subjectAltName URI, the
 * server's DNS name (the subject CN when there is none). In TLS 1.2 the
 * Certificate message travels before ChangeCipherSpec, in a record in the
 * clear (RFC 5246 §7.3, §7.4.2, §7.4.6): anyone on the path reads it. */
static void report_identity(hs *h, const x509_cert *c)
{
    bool client = h->role == PARTY_CLIENT;
    bool san = client ? c->n_uri > 0 : c->n_dns > 0;
    const char *id = san ? (client ? c->uri[0] : c->dns[0]) : c->subject_cn;
    if (san)
        hs_value(h, client ? VAL_CLIENT_IDENTITY : VAL_SERVER_IDENTITY, (const uint8_t *)id,
                 strlen(id));
    else
        hs_value_way(h, client ? WAY_CLIENT_IDENTITY_CN : WAY_SERVER_IDENTITY_CN,
                     (const uint8_t *)id, strlen(id));
}

err_t hs_write_certificate(hs *h, wr *w)
{
    const uint8_t *der[MSG_CHAIN_MAX] = { NULL };
    size_t der_len[MSG_CHAIN_MAX] = { 0 };
    size_t n = h->cfg->n_chain;
    /* a client may have none to send (RFC 5246 §7.4.6); a server must */
    CHECK(n <= MSG_CHAIN_MAX && (n >= 1 || h->role == PARTY_CLIENT), ERR_USAGE);
    for (size_t i = 0; i < n; i++) {
        der[i] = h->cfg->chain[i]->der;
        der_len[i] = h->cfg->chain[i]->der_len;
    }
    msg_certificate_write(w, der, der_len, n);
    if (n > 0 && h->cfg->key)
        report_cert_key(h);
    if (n > 0)
        report_identity(h, &h->cfg->chain[0]->x);
    return ERR_OK;
}

static const char *key_type_name(x509_key_type k)
{
    return k == X509_KEY_X25519 ? "X25519" : "Ed25519";
}

err_t hs_verify_peer(hs *h, const msg_certificate *m, x509_key_type want)
{
    char detail[96];
    TRY(take_chain(h, m));
    x509_cert chain[MSG_CHAIN_MAX];
    chain[0] = h->peer_leaf;
    for (size_t i = 1; i < h->peer_n; i++)
        TRY(hs_check(h, CHK_CERT_PARSE_INTERMEDIATE,
                     x509_parse(h->peer_der[i], h->peer_der_len[i], &chain[i]), ""));
    /* the client checks the server's name; the server checks the client's
     * identity and its revocation list */
    const hs_config *c = h->cfg;
    x509_policy pol = { .anchor = c->anchor, .now = c->now };
    if (h->role == PARTY_CLIENT) {
        pol.role = X509_ROLE_SERVER;
        pol.expected_name = c->server_name;
    } else {
        pol.role = X509_ROLE_CLIENT;
        pol.expected_name = c->peer_identity;
        pol.revoked = (const uint8_t (*)[X509_SERIAL_MAX])c->revoked;
        pol.revoked_len = c->revoked_len;
        pol.n_revoked = c->n_revoked;
    }
    TRY(x509_verify_chain(chain, h->peer_n, &pol, hs_chain_check, h));
    snprintf(detail, sizeof detail, "%s key; %s", key_type_name(h->peer_leaf.key_type),
             want == X509_KEY_X25519 ? "the sealed pre-master secret needs X25519"
             : h->role == PARTY_CLIENT && h->version == TLS_V12
                 ? "ServerKeyExchange is signed with Ed25519"
                 : "CertificateVerify is signed with Ed25519");
    return hs_check(h, CHK_CERT_KEY_TYPE,
                    h->peer_leaf.key_type == want ? ERR_OK : ERR_CERT_KEY_TYPE, detail);
}
