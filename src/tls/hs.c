/* hs.c — the engine both endpoints share: walks the step table, frames and
 * protects records, keeps the transcript, sends alerts, and holds the pieces
 * of the handshake that are the same on both sides (key derivation,
 * ChangeCipherSpec, Finished).
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

const char *party_name(party p) { return p == PARTY_CLIENT ? "client" : "server"; }

void hs_init(hs *h, const hs_config *cfg, const rng *parent, hs_observer obs)
{
    memset(h, 0, sizeof *h);
    h->role = cfg->role;
    h->cfg = cfg;
    h->obs = obs;
    h->alert_sent = h->alert_received = -1;
    rng_fork(parent, h->role == PARTY_CLIENT ? "client endpoint" : "server endpoint", &h->rng);
}

void hs_value(hs *h, const char *id, const uint8_t *v, size_t n, bool public_, const char *how,
              const char *inputs)
{
    if (h->obs.value)
        h->obs.value(h->obs.ctx, h->role, id, v, n, public_, how, inputs ? inputs : "");
}

err_t hs_check(hs *h, int step, const char *name, err_t result, const char *detail)
{
    if (h->obs.check)
        h->obs.check(h->obs.ctx, h->role, step, name, result, detail ? detail : "");
    if (result != ERR_OK && h->fail_step == 0)
        h->fail_step = step;
    return result;
}

void hs_chain_check(void *ctx, const char *name, err_t result, const char *detail)
{
    hs *h = ctx;
    char full[96];
    snprintf(full, sizeof full, "%s certificate: %s",
             h->role == PARTY_CLIENT ? "server" : "client", name);
    hs_check(h, 3, full, result, detail);
}

void hs_transcript_hash(const hs *h, uint8_t out[KS_HASH_LEN])
{
    crypto_hash_sha256(out, h->transcript, h->transcript_len);
}

/* Add one handshake message (of table row r) to the transcript. */
static err_t transcript_add(hs *h, const hs_row *r, const uint8_t *m, size_t n)
{
    CHECK(n <= sizeof h->transcript - h->transcript_len, ERR_OVERFLOW);
    CHECK(h->n_hashed < HS_HASHED_MAX, ERR_OVERFLOW);
    memcpy(h->transcript + h->transcript_len, m, n);
    h->transcript_len += n;
    h->hashed[h->n_hashed++] = r;
    return ERR_OK;
}

/* The messages in the transcript by name, in order, as in "ClientHello,
 * ServerHello, server Certificate, ...": what a hash over it covers. A
 * Certificate is named by its sender (both sides send one). */
static void transcript_names(const hs *h, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < h->n_hashed && k < cap; i++) {
        const hs_row *r = h->hashed[i];
        int n = snprintf(out + k, cap - k, "%s%s%s", i ? ", " : "",
                         r->hs_type == HT_CERTIFICATE || r->hs_type == HT_FINISHED
                             ? (r->from == PARTY_CLIENT ? "client " : "server ")
                             : "",
                         r->name);
        if (n < 0)
            return;
        k += (size_t)n;
    }
}

/* Report what protecting one record used, under ids like
 * "client_finished_nonce": the sender reports its copy when sealing, the
 * receiver its own when opening. */
static void report_seal(hs *h, party sender, uint8_t type, const rec_seal_info *si,
                        const uint8_t *fragment, size_t fragment_len)
{
    const char *what = type == CT_HANDSHAKE ? "finished"
                       : type == CT_APPLICATION_DATA ? "app" : "alert";
    const char *who = party_name(sender);
    char id[48], key[24], iv[24], inputs[128];
    snprintf(key, sizeof key, "%s_write_key", who);
    snprintf(iv, sizeof iv, "%s_write_iv", who);
    snprintf(id, sizeof id, "%s_%s_nonce", who, what);
    snprintf(inputs, sizeof inputs, "%s", iv);
    char how[160];
    snprintf(how, sizeof how, "%s XOR (0^32 + seq_num %llu as 8 bytes)  (RFC 7905 §2)", iv,
             (unsigned long long)si->seq);
    hs_value(h, id, si->nonce, sizeof si->nonce, false, how, inputs);
    snprintf(id, sizeof id, "%s_%s_aad", who, what);
    hs_value(h, id, si->aad, sizeof si->aad, true,
             "seq_num(8) + type(1) + version(2) + plaintext length(2)  (RFC 5246 §6.2.3.3)", "");
    if (fragment_len >= REC_TAG_LEN) {
        char nonce_id[32], aad_id[32];
        snprintf(nonce_id, sizeof nonce_id, "%s_%s_nonce", who, what);
        snprintf(aad_id, sizeof aad_id, "%s_%s_aad", who, what);
        snprintf(inputs, sizeof inputs, "%s,%s,%s", key, nonce_id, aad_id);
        snprintf(id, sizeof id, "%s_%s_ciphertext", who, what);
        hs_value(h, id, fragment, fragment_len - REC_TAG_LEN, true,
                 "ChaCha20(key, nonce) XOR plaintext  (RFC 8439 §2.8)", inputs);
        snprintf(id, sizeof id, "%s_%s_tag", who, what);
        hs_value(h, id, si->tag, sizeof si->tag, true,
                 "Poly1305 over aad and ciphertext with a one-time key from ChaCha20(key, nonce)"
                 "  (RFC 8439 §2.8)", inputs);
    }
}

/* Put one record into the outbox, sealed when our write keys are on. */
static err_t emit(hs *h, uint8_t type, int step, const char *name, const uint8_t *plain,
                  size_t n)
{
    CHECK(h->n_out < HS_OUTBOX, ERR_INTERNAL);
    CHECK(n <= sizeof h->out[0].plain, ERR_OVERFLOW);
    hs_out *o = &h->out[h->n_out];
    wr w;
    o->content_type = type;
    o->step = step;
    o->name = name;
    memcpy(o->plain, plain, n);
    o->plain_len = n;
    o->sealed = h->tx.on;
    wr_init(&w, o->record, sizeof o->record);
    TRY(rec_write(&w, &h->tx, type, plain, n, &o->seal));
    o->record_len = w.len;
    h->n_out++;
    if (o->sealed)
        report_seal(h, h->role, type, &o->seal, o->record + REC_HEADER_LEN,
                    o->record_len - REC_HEADER_LEN);
    return ERR_OK;
}

static void send_alert(hs *h, err_t e)
{
    alert_t a = err_alert(e);
    if (a == ALERT_NONE)
        return;
    uint8_t body[2] = { 2 /* fatal */, (uint8_t)a };
    if (emit(h, CT_ALERT, h->fail_step, "Alert", body, sizeof body) == ERR_OK)
        h->alert_sent = (int)a;
}

static err_t fail(hs *h, err_t e, int step)
{
    if (h->fail_step == 0)
        h->fail_step = step;
    h->failed = true;
    h->err = e;
    send_alert(h, e);
    /* Nothing more will be sent or read: the secrets are no longer needed. */
    sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    sodium_memzero(h->pms, sizeof h->pms);
    sodium_memzero(h->ms, sizeof h->ms);
    sodium_memzero(h->key_block, sizeof h->key_block);
    rec_dir_wipe(&h->tx);
    rec_dir_wipe(&h->rx);
    return e;
}

static const hs_row *current_row(hs *h)
{
    while (h->row < hs12_table_len) {
        const hs_row *r = &hs12_table[h->row];
        if (!r->present || r->present(h))
            return r;
        h->row++;
    }
    return NULL;
}

/* Write every row that is ours, up to the first one that is the peer's. */
static err_t run_writes(hs *h)
{
    uint8_t buf[HS_REC_MAX];
    const hs_row *r;
    while ((r = current_row(h)) != NULL && r->from == h->role) {
        wr w;
        wr_init(&w, buf, sizeof buf);
        err_t e = r->write(h, &w);
        if (e == ERR_OK)
            e = wr_status(&w);
        if (e == ERR_OK)
            e = emit(h, r->content_type, r->step, r->name, buf, w.len);
        if (e == ERR_OK && r->content_type == CT_HANDSHAKE)
            e = transcript_add(h, r, buf, w.len);
        if (e != ERR_OK)
            return fail(h, e, r->step);
        if (r->derive_after)
            hs_derive_keys(h);
        if (r->content_type == CT_CHANGE_CIPHER_SPEC)
            h->tx.on = true; /* RFC 5246 §7.1: what follows is protected */
        h->row++;
    }
    if (!r)
        h->done = true;
    return ERR_OK;
}

err_t hs_start(hs *h) { return run_writes(h); }

err_t hs_recv(hs *h, const uint8_t *bytes, size_t len)
{
    rd r;
    rec_view v;
    uint8_t plain[HS_REC_MAX];
    size_t plain_len;

    if (h->failed || h->done)
        return ERR_HS_PEER_GONE;
    const hs_row *row = current_row(h);
    int step = row ? row->step : HS_STEPS;

    rd_init(&r, bytes, len);
    err_t e = rec_parse(&r, &v);
    if (e == ERR_OK && !rd_empty(&r))
        e = ERR_TRAILING; /* one record at a time */
    /* this endpoint takes records up to its own buffer, well below 2^14:
     * larger ones are refused as a record_overflow */
    if (e == ERR_OK && v.fragment_len > sizeof plain + (h->rx.on ? REC_TAG_LEN : 0))
        e = ERR_RECORD_OVERFLOW;
    if (e != ERR_OK) {
        hs_check(h, step, "record framing", e, "the record header or length is malformed");
        return fail(h, e, step);
    }
    if (h->rx.on) {
        rec_seal_info si;
        e = rec_open(&h->rx, &v, plain, sizeof plain, &plain_len, &si);
        char detail[96];
        snprintf(detail, sizeof detail, "Poly1305 tag of %s record, seq %llu",
                 rec_type_name(v.type), (unsigned long long)si.seq);
        hs_check(h, step, "record tag", e, detail);
        if (e != ERR_OK)
            return fail(h, e, step);
        report_seal(h, h->role == PARTY_CLIENT ? PARTY_SERVER : PARTY_CLIENT, v.type, &si,
                    v.fragment, v.fragment_len);
    } else {
        memcpy(plain, v.fragment, v.fragment_len);
        plain_len = v.fragment_len;
    }

    if (v.type == CT_ALERT) {
        uint8_t level, desc;
        rd_init(&r, plain, plain_len);
        if (msg_alert_parse(&r, &level, &desc, NULL) != ERR_OK)
            return fail(h, ERR_HS_ILLEGAL_PARAM, step);
        h->alert_received = desc;
        h->failed = true;
        h->err = ERR_HS_ALERT;
        return ERR_HS_ALERT;
    }

    if (!row || row->from == h->role || v.type != row->content_type) {
        hs_check(h, step, "message order", ERR_HS_UNEXPECTED, rec_type_name(v.type));
        return fail(h, ERR_HS_UNEXPECTED, step);
    }
    if (v.type == CT_HANDSHAKE) {
        uint8_t type;
        e = msg_hs_peek(plain, plain_len, &type);
        if (e == ERR_OK && type != row->hs_type)
            e = ERR_HS_UNEXPECTED;
        if (e != ERR_OK) {
            hs_check(h, step, "message order", e, row->name);
            return fail(h, e, step);
        }
    }
    e = row->read(h, plain, plain_len);
    if (e == ERR_OK && v.type == CT_HANDSHAKE)
        e = transcript_add(h, row, plain, plain_len);
    if (e != ERR_OK) {
        if (h->fail_step == 0) {
            char name[64];
            snprintf(name, sizeof name, "decode %s", row->name);
            hs_check(h, step, name, e, err_str(e));
        }
        return fail(h, e, step);
    }
    if (row->derive_after)
        hs_derive_keys(h);
    if (v.type == CT_CHANGE_CIPHER_SPEC)
        h->rx.on = true;
    h->row++;
    return run_writes(h);
}

void hs_out_clear(hs *h) { h->n_out = 0; }

void hs_wipe(hs *h)
{
    rng_wipe(&h->rng);
    sodium_memzero(h, sizeof *h);
}

/* Keep a peer's Certificate chain and parse its leaf; reports the parse. */
static err_t take_chain(hs *h, const msg_certificate *m, int step)
{
    h->peer_n = m->n;
    for (size_t i = 0; i < m->n; i++) {
        CHECK(m->der_len[i] <= X509_CERT_MAX, hs_check(h, step, "certificate size",
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
    return hs_check(h, step, h->role == PARTY_CLIENT ? "server certificate: parse"
                                                     : "client certificate: parse", e, detail);
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
    const char *priv = client ? "client_cert_private_key" : "server_cert_private_key";
    hs_value(h, priv, k->seed, sizeof k->seed, false,
             k->type == X509_KEY_X25519
                 ? "the X25519 private key this endpoint holds for its certificate (RFC 8410)"
                 : "the Ed25519 private key (RFC 8032 seed) this endpoint holds for its "
                   "certificate",
             "");
    hs_value(h, client ? "client_cert_public_key" : "server_cert_public_key", cert->key,
             sizeof cert->key, true, "the subjectPublicKey inside the certificate (RFC 8410)",
             "");
}

/* The name in our certificate: the client's subjectAltName URI, the
 * server's DNS name (the subject CN when there is none). In TLS 1.2 the
 * Certificate message travels before ChangeCipherSpec, in a record in the
 * clear (RFC 5246 §7.3, §7.4.2, §7.4.6): anyone on the path reads it. */
static void report_identity(hs *h, const x509_cert *c)
{
    bool client = h->role == PARTY_CLIENT;
    const char *id = client ? (c->n_uri ? c->uri[0] : c->subject_cn)
                            : (c->n_dns ? c->dns[0] : c->subject_cn);
    const char *how =
        client ? (c->n_uri ? "the subjectAltName URI of the client's certificate, sent in the "
                             "clear in its Certificate message  (RFC 5246 §7.4.6, RFC 5280 "
                             "§4.2.1.6)"
                           : "the subject CN of the client's certificate (it has no URI), sent "
                             "in the clear in its Certificate message  (RFC 5246 §7.4.6)")
               : (c->n_dns ? "the subjectAltName DNS name of the server's certificate, sent in "
                             "the clear in its Certificate message  (RFC 5246 §7.4.2, RFC 5280 "
                             "§4.2.1.6)"
                           : "the subject CN of the server's certificate (it has no DNS name), "
                             "sent in the clear in its Certificate message  (RFC 5246 §7.4.2)");
    hs_value(h, client ? "client_identity" : "server_identity", (const uint8_t *)id, strlen(id),
             true, how, "");
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
    const char *peer = h->role == PARTY_CLIENT ? "server" : "client";
    char name[64], detail[96];
    TRY(take_chain(h, m, 3));
    x509_cert chain[MSG_CHAIN_MAX];
    chain[0] = h->peer_leaf;
    snprintf(name, sizeof name, "%s certificate: parse intermediate", peer);
    for (size_t i = 1; i < h->peer_n; i++)
        TRY(hs_check(h, 3, name, x509_parse(h->peer_der[i], h->peer_der_len[i], &chain[i]), ""));
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
    snprintf(name, sizeof name, "%s certificate: key type", peer);
    snprintf(detail, sizeof detail, "%s key; %s", key_type_name(h->peer_leaf.key_type),
             want == X509_KEY_X25519 ? "the sealed pre-master secret needs X25519"
             : h->role == PARTY_CLIENT ? "ServerKeyExchange is signed with Ed25519"
                                       : "CertificateVerify is signed with Ed25519");
    return hs_check(h, 3, name, h->peer_leaf.key_type == want ? ERR_OK : ERR_CERT_KEY_TYPE,
                    detail);
}

void hs_derive_keys(hs *h)
{
    if (h->ems) {
        uint8_t session_hash[KS_HASH_LEN];
        hs_transcript_hash(h, session_hash);
        hs_value(h, "session_hash", session_hash, sizeof session_hash, false,
                 "SHA-256(handshake messages from ClientHello up to and including "
                 "ClientKeyExchange)  (RFC 7627 §3)", "");
        ks_extended_master_secret(h->pms, h->pms_len, session_hash, h->ms);
        hs_value(h, "master_secret", h->ms, sizeof h->ms, false,
                 "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47]  "
                 "(RFC 7627 §4)", "pre_master_secret,session_hash");
    } else {
        ks_master_secret(h->pms, h->pms_len, h->client_random, h->server_random, h->ms);
        hs_value(h, "master_secret", h->ms, sizeof h->ms, false,
                 "PRF(pre_master_secret, \"master secret\", client_random + server_random)"
                 "[0..47]  (RFC 5246 §8.1)", "pre_master_secret,client_random,server_random");
    }
    /* The pre-master secret has done its job (RFC 5246 §8.1: delete it). */
    sodium_memzero(h->pms, sizeof h->pms);

    ks_key_block(h->ms, h->client_random, h->server_random, h->key_block,
                 sizeof h->key_block);
    hs_value(h, "key_block", h->key_block, sizeof h->key_block, false,
             "PRF(master_secret, \"key expansion\", server_random + client_random)[0..87]  "
             "(RFC 5246 §6.3)", "master_secret,server_random,client_random");
    const uint8_t *kb = h->key_block;
    const uint8_t *ckey = kb, *skey = kb + KS_WRITE_KEY_LEN;
    const uint8_t *civ = kb + 2 * KS_WRITE_KEY_LEN, *siv = civ + KS_WRITE_IV_LEN;
    hs_value(h, "client_write_key", ckey, KS_WRITE_KEY_LEN, false,
             "key_block[0..31] (no MAC keys with an AEAD, RFC 7905)", "key_block");
    hs_value(h, "server_write_key", skey, KS_WRITE_KEY_LEN, false, "key_block[32..63]",
             "key_block");
    hs_value(h, "client_write_iv", civ, KS_WRITE_IV_LEN, false, "key_block[64..75]",
             "key_block");
    hs_value(h, "server_write_iv", siv, KS_WRITE_IV_LEN, false, "key_block[76..87]",
             "key_block");
    bool client = h->role == PARTY_CLIENT;
    memcpy(h->tx.key, client ? ckey : skey, KS_WRITE_KEY_LEN);
    memcpy(h->tx.iv, client ? civ : siv, KS_WRITE_IV_LEN);
    memcpy(h->rx.key, client ? skey : ckey, KS_WRITE_KEY_LEN);
    memcpy(h->rx.iv, client ? siv : civ, KS_WRITE_IV_LEN);
    h->tx.seq = h->rx.seq = 0;
}

err_t hs_write_ccs(hs *h, wr *w)
{
    (void)h;
    wr_u8(w, 1);
    return ERR_OK;
}

err_t hs_read_ccs(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    rd_init(&r, msg, len);
    (void)h;
    return msg_ccs_parse(&r, NULL);
}

/* verify_data for the Finished that `sender` sends, over the transcript so far. */
static void finished_for(hs *h, party sender, uint8_t vd[KS_VERIFY_DATA_LEN])
{
    uint8_t th[KS_HASH_LEN];
    const char *label = sender == PARTY_CLIENT ? "client finished" : "server finished";
    char names[192], how[256];
    hs_transcript_hash(h, th);
    /* the messages actually hashed: a run without a client certificate has
     * no CertificateVerify in it */
    transcript_names(h, names, sizeof names);
    snprintf(how, sizeof how, "SHA-256(%s)  (RFC 5246 §7.4.9)", names);
    hs_value(h, sender == PARTY_CLIENT ? "client_finished_hash" : "server_finished_hash", th,
             sizeof th, false, how, "");
    ks_finished(h->ms, label, th, vd);
    hs_value(h, sender == PARTY_CLIENT ? "client_verify_data" : "server_verify_data", vd,
             KS_VERIFY_DATA_LEN, false,
             sender == PARTY_CLIENT
                 ? "PRF(master_secret, \"client finished\", client_finished_hash)[0..11]  "
                   "(RFC 5246 §7.4.9)"
                 : "PRF(master_secret, \"server finished\", server_finished_hash)[0..11]  "
                   "(RFC 5246 §7.4.9)",
             sender == PARTY_CLIENT ? "master_secret,client_finished_hash"
                                    : "master_secret,server_finished_hash");
}

err_t hs_write_finished(hs *h, wr *w)
{
    uint8_t vd[KS_VERIFY_DATA_LEN];
    finished_for(h, h->role, vd);
    msg_finished_write(w, vd);
    return ERR_OK;
}

err_t hs_read_finished(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    uint8_t got[KS_VERIFY_DATA_LEN], want[KS_VERIFY_DATA_LEN];
    party peer = h->role == PARTY_CLIENT ? PARTY_SERVER : PARTY_CLIENT;
    rd_init(&r, msg, len);
    TRY(msg_finished_parse(&r, got, NULL));
    finished_for(h, peer, want);
    /* constant time: a timing difference must not tell how much matched */
    bool ok = sodium_memcmp(got, want, sizeof want) == 0;
    char detail[96];
    snprintf(detail, sizeof detail, "%s verify_data %s the value computed here",
             party_name(peer), ok ? "equals" : "differs from");
    char name[48];
    snprintf(name, sizeof name, "%s Finished", party_name(peer));
    return hs_check(h, 7, name, ok ? ERR_OK : ERR_HS_FINISHED, detail);
}
