/* hs13_cert.c — Certificate and CertificateVerify as both TLS 1.3
 * endpoints handle them (RFC 8446 §4.4.2, §4.4.3): our own chain and
 * signature, and the peer's checked. The chain checks are TLS 1.2's
 * (hs_verify_peer); what differs is the message layout, the signed content
 * and that both travel encrypted, so the identities are not public.
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The name in certificate c, as value or way of side `client`. */
static void report_identity(hs *h, bool client, const x509_cert *c)
{
    bool san = client ? c->n_uri > 0 : c->n_dns > 0;
    const char *id = san ? (client ? c->uri[0] : c->dns[0]) : c->subject_cn;
    if (san)
        hs_value(h, client ? VAL13_CLIENT_IDENTITY : VAL13_SERVER_IDENTITY, (const uint8_t *)id,
                 strlen(id));
    else
        hs_value_way(h, client ? WAY13_CLIENT_IDENTITY_CN : WAY13_SERVER_IDENTITY_CN,
                     (const uint8_t *)id, strlen(id));
}

err_t hs13_write_certificate(hs *h, wr *w)
{
    const uint8_t *der[MSG_CHAIN_MAX] = { NULL };
    size_t der_len[MSG_CHAIN_MAX] = { 0 };
    size_t n = h->own.n_chain;
    bool client = h->role == PARTY_CLIENT;
    /* a client may have none to send (§4.4.2.4); a server must */
    CHECK(n <= MSG_CHAIN_MAX && (n >= 1 || client), ERR_USAGE);
    for (size_t i = 0; i < n; i++) {
        der[i] = h->own.chain[i]->der;
        der_len[i] = h->own.chain[i]->der_len;
    }
    /* §4.4.2: a server's context is empty, a client's echoes the request's */
    msg13_certificate_write(w, h->t13.context, client ? h->t13.context_len : 0, der, der_len,
                            n);
    if (n == 0)
        return ERR_OK;
    const x509_cert *leaf = &h->own.chain[0]->x;
    if (h->own.key)
        hs_value(h, client ? VAL13_CLIENT_CERT_PRIVATE_KEY : VAL13_SERVER_CERT_PRIVATE_KEY,
                 h->own.key->seed, sizeof h->own.key->seed);
    hs_value(h, client ? VAL13_CLIENT_CERT_PUBLIC_KEY : VAL13_SERVER_CERT_PUBLIC_KEY, leaf->key,
             sizeof leaf->key);
    report_identity(h, client, leaf);
    return ERR_OK;
}

err_t hs13_read_certificate(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg13_certificate m;
    bool from_client = h->role == PARTY_SERVER;
    rd_init(&r, msg, len);
    TRY(msg13_certificate_parse(&r, &m, NULL));
    /* §4.4.2: the context is empty from a server, the request's from a
     * client (this server's requests have an empty one) */
    TRY(hs_check(h, CHK13_CONTEXT, m.context_len == 0 ? ERR_OK : ERR_HS_ILLEGAL_PARAM,
                 m.context_len == 0 ? "empty, as the handshake's request had it"
                                    : "not the request's (empty) context"));
    if (from_client) {
        /* §4.4.2.4: "If the client does not send any certificates ... the
         * server MAY ... abort the handshake with a certificate_required
         * alert"; mutual TLS requires one. The client has already sent its
         * Finished: it learns this from its first read. */
        TRY(hs_check(h, CHK13_CERT_REQUIRED, m.chain.n > 0 ? ERR_OK : ERR_HS_CERT_REQUIRED,
                     m.chain.n > 0 ? "the client sent a certificate chain"
                                   : "the client's Certificate message is empty"));
    } else {
        /* §4.4.2.4: an empty server Certificate is decode_error */
        CHECK(m.chain.n > 0, hs_check(h, CHK_CERT_PRESENT, ERR_HS_SERVER_CERT_EMPTY,
                                      "the server's Certificate message is empty"));
    }
    TRY(hs_verify_peer(h, &m.chain, X509_KEY_ED25519));
    /* the peer's certificate reached this side only, inside a protected
     * record: this side now knows the peer's key and name too */
    hs_value(h, from_client ? VAL13_CLIENT_CERT_PUBLIC_KEY : VAL13_SERVER_CERT_PUBLIC_KEY,
             h->peer_leaf.key, sizeof h->peer_leaf.key);
    report_identity(h, from_client, &h->peer_leaf);
    if (from_client) {
        const char *id = h->peer_leaf.n_uri ? h->peer_leaf.uri[0] : h->peer_leaf.subject_cn;
        snprintf(h->peer_identity, sizeof h->peer_identity, "%s", id);
    }
    return ERR_OK;
}

/* The content `signer` signs: the transcript so far, framed (§4.4.3). */
static void cv_content(hs *h, party signer, uint8_t out[MSG13_CV_CONTENT_LEN])
{
    uint8_t th[KS_HASH_LEN];
    char names[192];
    bool client = signer == PARTY_CLIENT;
    hs_transcript_hash(h, th);
    hs_transcript_names(h, names, sizeof names);
    hs_value_param(h, client ? VAL13_CLIENT_CV_HASH : VAL13_SERVER_CV_HASH, names, th,
                   sizeof th);
    msg13_cert_verify_content(!client, th, out);
}

err_t hs13_write_cert_verify(hs *h, wr *w)
{
    msg_cert_verify m = { .sigalg = SIGALG_ED25519 };
    uint8_t content[MSG13_CV_CONTENT_LEN];
    bool client = h->role == PARTY_CLIENT;
    CHECK(h->own.key && h->own.key->type == X509_KEY_ED25519, ERR_USAGE);
    cv_content(h, h->role, content);
    crypto_sign_detached(m.sig, NULL, content, sizeof content, h->own.key->sk);
    hs_value(h, client ? VAL13_CLIENT_SIGNATURE : VAL13_SERVER_SIGNATURE, m.sig, sizeof m.sig);
    msg_cert_verify_write(w, &m);
    return ERR_OK;
}

err_t hs13_read_cert_verify(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_cert_verify m;
    uint8_t content[MSG13_CV_CONTENT_LEN];
    party peer = party_peer(h->role);
    rd_init(&r, msg, len);
    TRY(msg_cert_verify_parse(&r, &m, NULL));
    cv_content(h, peer, content);
    /* §4.4.3: a scheme we did not offer is illegal_parameter; the only one
     * offered is ed25519, the key type hs_verify_peer required */
    bool ok = m.sigalg == SIGALG_ED25519 &&
              crypto_sign_verify_detached(m.sig, content, sizeof content, h->peer_leaf.key) == 0;
    char detail[160];
    snprintf(detail, sizeof detail,
             "Ed25519 signature over 64 spaces, the %s context string, 0 and the transcript "
             "hash %s with the %s certificate's key", party_name(peer),
             ok ? "verifies" : "does not verify", party_name(peer));
    TRY(hs_check(h, CHK13_CERT_VERIFY,
                 ok                           ? ERR_OK
                 : m.sigalg != SIGALG_ED25519 ? ERR_HS_ILLEGAL_PARAM
                                              : ERR_HS_CV_SIGNATURE,
                 detail));
    hs_value(h, peer == PARTY_CLIENT ? VAL13_CLIENT_SIGNATURE : VAL13_SERVER_SIGNATURE, m.sig,
             sizeof m.sig);
    if (peer == PARTY_CLIENT) {
        char verdict[X509_STR_MAX + 24];
        int n = snprintf(verdict, sizeof verdict, "authenticated as %s", h->peer_identity);
        CHECK(n > 0 && (size_t)n < sizeof verdict, ERR_INTERNAL);
        hs_value(h, VAL13_CLIENT_AUTHENTICATED, (const uint8_t *)verdict, (size_t)n);
        return hs_authorize(h);
    }
    return ERR_OK;
}
