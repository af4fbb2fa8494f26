/* hs.c — the engine both endpoints share: walks the step table, frames and
 * protects records, keeps the transcript and sends alerts. What the TLS 1.2
 * handshake does the same on both sides (certificates, key derivation,
 * ChangeCipherSpec, Finished) is in tls12/hs_cert.c and tls12/hs_keys.c.
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

void hs_value_param(hs *h, value_id id, const char *param, const uint8_t *v, size_t n)
{
    if (h->obs.value)
        h->obs.value(h->obs.ctx, h->role, id, WAY_MAIN, param, v, n);
}

void hs_value(hs *h, value_id id, const uint8_t *v, size_t n) { hs_value_param(h, id, NULL, v, n); }

void hs_value_way(hs *h, value_way way, const uint8_t *v, size_t n)
{
    const value_way_row *w = values_way(way);
    if (w && h->obs.value)
        h->obs.value(h->obs.ctx, h->role, w->value, way, NULL, v, n);
}

err_t hs_check_at(hs *h, check_id id, int step, const char *param, err_t result,
                  const char *detail)
{
    const check_row *r = checks_row(id);
    char name[96];
    if (step == 0 && r)
        step = (int)r->step;
    checks_name(id, party_name(party_peer(h->role)), param, name, sizeof name);
    if (h->obs.check)
        h->obs.check(h->obs.ctx, h->role, id, step, name, result, detail ? detail : "");
    if (result != ERR_OK && h->fail_step == 0)
        h->fail_step = step;
    return result;
}

err_t hs_check_param(hs *h, check_id id, const char *param, err_t result, const char *detail)
{
    return hs_check_at(h, id, 0, param, result, detail);
}

err_t hs_check(hs *h, check_id id, err_t result, const char *detail)
{
    return hs_check_at(h, id, 0, NULL, result, detail);
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
void hs_transcript_names(const hs *h, char *out, size_t cap)
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
    o->sealed = rec_dir_protected(&h->tx);
    wr_init(&w, o->record, sizeof o->record);
    TRY(rec_write(&w, &h->tx, type, plain, n, &o->seal));
    o->record_len = w.len;
    h->n_out++;
    if (o->sealed)
        hs_report_seal(h, h->role, type, plain, n, &o->seal, o->record + REC_HEADER_LEN,
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
            h->tx.prot = &rec_prot_chacha20_tls12; /* RFC 5246 §7.1: what follows is protected */
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
    if (e == ERR_OK && v.fragment_len > sizeof plain + rec_dir_method(&h->rx)->expansion)
        e = ERR_RECORD_OVERFLOW;
    if (e != ERR_OK) {
        hs_check_at(h, CHK_RECORD_FRAMING, step, NULL, e,
                    "the record header or length is malformed");
        return fail(h, e, step);
    }
    if (rec_dir_protected(&h->rx)) {
        rec_seal_info si;
        e = rec_open(&h->rx, &v, plain, sizeof plain, &plain_len, &si);
        char detail[96];
        snprintf(detail, sizeof detail, "Poly1305 tag of %s record, seq %llu",
                 rec_type_name(v.type), (unsigned long long)si.seq);
        hs_check_at(h, CHK_RECORD_TAG, step, NULL, e, detail);
        if (e != ERR_OK)
            return fail(h, e, step);
        hs_report_seal(h, party_peer(h->role), v.type, plain, plain_len, &si,
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
        hs_check_at(h, CHK_MESSAGE_ORDER, step, NULL, ERR_HS_UNEXPECTED, rec_type_name(v.type));
        return fail(h, ERR_HS_UNEXPECTED, step);
    }
    if (v.type == CT_HANDSHAKE) {
        uint8_t type;
        e = msg_hs_peek(plain, plain_len, &type);
        if (e == ERR_OK && type != row->hs_type)
            e = ERR_HS_UNEXPECTED;
        if (e != ERR_OK) {
            hs_check_at(h, CHK_MESSAGE_ORDER, step, NULL, e, row->name);
            return fail(h, e, step);
        }
    }
    e = row->read(h, plain, plain_len);
    if (e == ERR_OK && v.type == CT_HANDSHAKE)
        e = transcript_add(h, row, plain, plain_len);
    if (e != ERR_OK) {
        if (h->fail_step == 0)
            hs_check_at(h, CHK_DECODE, step, row->name, e, err_str(e));
        return fail(h, e, step);
    }
    if (row->derive_after)
        hs_derive_keys(h);
    if (v.type == CT_CHANGE_CIPHER_SPEC)
        h->rx.prot = &rec_prot_chacha20_tls12;
    h->row++;
    return run_writes(h);
}

void hs_out_clear(hs *h) { h->n_out = 0; }

void hs_wipe(hs *h)
{
    rng_wipe(&h->rng);
    sodium_memzero(h, sizeof *h);
}
