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
    const pki_key *k = h->own.key;
    const x509_cert *cert = &h->own.chain[0]->x;
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
    size_t n = h->own.n_chain;
    /* a client may have none to send (RFC 5246 §7.4.6); a server must */
    CHECK(n <= MSG_CHAIN_MAX && (n >= 1 || h->role == PARTY_CLIENT), ERR_USAGE);
    for (size_t i = 0; i < n; i++) {
        der[i] = h->own.chain[i]->der;
        der_len[i] = h->own.chain[i]->der_len;
    }
    msg_certificate_write(w, der, der_len, n);
    if (n > 0 && h->own.key)
        report_cert_key(h);
    if (n > 0)
        report_identity(h, &h->own.chain[0]->x);
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
    for (size_t i = 1; i < h->peer_n; i++) {
        err_t e = x509_parse(h->peer_der[i], h->peer_der_len[i], &chain[i]);
        char d[2 * X509_STR_MAX + 64];
        if (e == ERR_OK)
            snprintf(d, sizeof d, "certificate %zu of %zu: X.509 v3, subject CN=%s, issuer CN=%s",
                     i + 1, h->peer_n, chain[i].subject_cn, chain[i].issuer_cn);
        else
            snprintf(d, sizeof d, "certificate %zu of %zu: %s", i + 1, h->peer_n, err_str(e));
        TRY(hs_check(h, CHK_CERT_PARSE_INTERMEDIATE, e, d));
    }
    /* the client checks the server's name; the server authenticates the
     * client here and authorizes its identity later (hs_authorize); both
     * ask the CRL of the peer's issuer */
    const hs_config *c = h->cfg;
    x509_policy pol = { .trust = &c->trust, .now = c->now, .crls = c->crls,
                        .revocation = c->revocation };
    if (h->role == PARTY_CLIENT) {
        pol.role = X509_ROLE_SERVER;
        pol.expected_name = c->server_name;
    } else {
        pol.role = X509_ROLE_CLIENT;
    }
    TRY(x509_verify_chain(chain, h->peer_n, &pol, hs_chain_check, h));
    snprintf(detail, sizeof detail, "%s key; %s", key_type_name(h->peer_leaf.key_type),
             want == X509_KEY_X25519 ? "the sealed pre-master secret needs X25519"
             : h->role == PARTY_CLIENT && h->cfg->version == TLS_V12
                 ? "ServerKeyExchange is signed with Ed25519"
                 : "CertificateVerify is signed with Ed25519");
    return hs_check(h, CHK_CERT_KEY_TYPE,
                    h->peer_leaf.key_type == want ? ERR_OK : ERR_CERT_KEY_TYPE, detail);
}

size_t hs_ca_names(const hs *h, const uint8_t **ca, size_t *ca_len, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < h->cfg->trust.n && n < max; i++, n++) {
        ca[n] = h->cfg->trust.anchor[i]->subject;
        ca_len[n] = h->cfg->trust.anchor[i]->subject_len;
    }
    return n;
}

/* Whether a certificate of chain names one of the requested CAs as its
 * issuer (RFC 5246 §7.4.4: the names may be of a root or an intermediate;
 * §7.4.6: "one of the certificates in the certificate chain SHOULD be
 * issued by one of the listed CAs"). *hit: the index of the name. */
static bool reaches_listed(const hs_identity *id, const uint8_t *const *ca,
                           const size_t *ca_len, size_t n_ca, size_t *hit)
{
    for (size_t i = 0; i < id->n_chain; i++)
        for (size_t k = 0; k < n_ca; k++)
            if (x509_name_eq(id->chain[i]->x.issuer, id->chain[i]->x.issuer_len, ca[k],
                             ca_len[k])) {
                *hit = k;
                return true;
            }
    return false;
}

/* "CN=A, CN=B" of the requested names. */
static void ca_list_str(const uint8_t *const *ca, const size_t *ca_len, size_t n_ca, char *out,
                        size_t cap)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t k = 0; k < n_ca && len + 1 < cap; k++) {
        char one[X509_STR_MAX + 8];
        x509_name_str(ca[k], ca_len[k], one, sizeof one);
        int w = snprintf(out + len, cap - len, "%s%s", k ? ", " : "", one);
        if (w < 0)
            break;
        len += (size_t)w;
    }
}

/* The top issuer of an identity's chain: the name a reader would look
 * for in the list. */
static const char *top_issuer(const hs_identity *id)
{
    return id->chain[id->n_chain - 1]->x.issuer_cn;
}

void hs_choose_identity(hs *h, const uint8_t *const *ca, const size_t *ca_len, size_t n_ca,
                        const uint16_t *sigalgs, size_t n_sigalgs)
{
    const hs_config *c = h->cfg;
    hs_identity ids[1 + HS_MORE_IDS_MAX];
    size_t n = 0;
    if (c->n_chain > 0)
        ids[n++] = (hs_identity){ c->chain, c->n_chain, c->key };
    for (size_t i = 0; i < c->n_more && n < 1 + HS_MORE_IDS_MAX; i++)
        if (c->more[i].n_chain > 0)
            ids[n++] = c->more[i];
    char list[320], why[384], detail[640];
    ca_list_str(ca, ca_len, n_ca, list, sizeof list);
    bool ed = msg_u16_has(sigalgs, n_sigalgs, SIGALG_ED25519);
    h->own = (hs_identity){ NULL, 0, NULL };
    if (n == 0) {
        /* nothing to choose from: the empty Certificate, as configured */
        hs_check(h, CHK_CERT_CHOICE, ERR_OK, "the client holds no certificate: it sends the "
                 "empty Certificate message");
        return;
    }
    if (c->pick == HS_PICK_FIRST) {
        h->own = ids[0];
        snprintf(detail, sizeof detail, "the client sends its first certificate, CN=%s issued "
                 "by CN=%s, without reading the list (%s): RFC 5246 §7.4.6 says SHOULD",
                 ids[0].chain[0]->x.subject_cn, ids[0].chain[0]->x.issuer_cn,
                 n_ca ? list : "empty");
        hs_check(h, CHK_CERT_CHOICE, ERR_OK, detail);
        return;
    }
    why[0] = '\0';
    size_t wl = 0, chosen = n, hit_of = 0;
    for (size_t i = 0; i < n; i++) {
        const x509_cert *leaf = &ids[i].chain[0]->x;
        size_t hit = 0;
        /* an empty list: any CA will do (RFC 5246 §7.4.4, RFC 8446 §4.2.4) */
        bool listed = n_ca == 0 || reaches_listed(&ids[i], ca, ca_len, n_ca, &hit);
        bool key_fits = leaf->key_type == X509_KEY_ED25519 && ed;
        if (listed && key_fits && chosen == n) {
            chosen = i;
            hit_of = hit;
            continue;
        }
        int w = snprintf(why + wl, sizeof why - wl, "%sCN=%s (%s) from CN=%s: %s",
                         wl ? "; " : "", leaf->subject_cn, leaf->n_uri ? leaf->uri[0] : "no URI",
                         top_issuer(&ids[i]),
                         !listed ? "its issuer is not requested"
                         : !key_fits ? "its key does not fit signature_algorithms"
                                     : "fits too, but comes later");
        if (w > 0 && (size_t)w < sizeof why - wl)
            wl += (size_t)w;
    }
    if (chosen < n) {
        const x509_cert *leaf = &ids[chosen].chain[0]->x;
        h->own = ids[chosen];
        char name[X509_STR_MAX + 8] = "any CA: the list is empty";
        if (n_ca)
            x509_name_str(ca[hit_of], ca_len[hit_of], name, sizeof name);
        snprintf(detail, sizeof detail, "chose CN=%s (%s): its chain reaches the requested "
                 "%s, and its Ed25519 key fits ed25519 in signature_algorithms%s%s",
                 leaf->subject_cn, leaf->n_uri ? leaf->uri[0] : "no URI", name,
                 wl ? "; not chosen: " : "", why);
        hs_check(h, CHK_CERT_CHOICE, ERR_OK, detail);
        return;
    }
    if (n == 1)
        snprintf(detail, sizeof detail, "the client declined: its issuer CN=%s is not among the "
                 "requested CAs %s; it sends the empty Certificate message", top_issuer(&ids[0]),
                 list);
    else
        snprintf(detail, sizeof detail, "the client declined: none of its %zu certificates "
                 "reaches the requested CAs %s (%s); it sends the empty Certificate message",
                 n, list, why);
    /* not this side's failure: it goes on, and the server decides */
    int fail_step = h->fail_step;
    hs_check(h, CHK_CERT_CHOICE, ERR_CERT_NOT_REQUESTED, detail);
    h->fail_step = fail_step;
}
