/* hs.c — the engine both endpoints share: walks the message table of the
 * configured version, frames and protects records, adds messages to the
 * transcript (kept by the message layer, hsio.c), changes keys and sends
 * alerts. What the TLS 1.2 handshake does the same on both sides
 * (certificates, key derivation, ChangeCipherSpec, Finished) is in
 * tls12/hs_cert.c and tls12/hs_keys.c; TLS 1.3's in tls13/.
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "tls/steps.h"
#include "tls/suites.h"

const char *party_name(party p) { return p == PARTY_CLIENT ? "client" : "server"; }

void hs_init(hs *h, const hs_config *cfg, const rng *parent, hs_observer obs)
{
    /* the buffers (about 100 KB) are not cleared: only as much of them is
     * ever read as was written since */
    memset(h, 0, HS_STATE_LEN);
    h->role = cfg->role;
    h->cfg = cfg;
    h->own = (hs_identity){ cfg->chain, cfg->n_chain, cfg->key };
    h->obs = obs;
    h->alert_sent = h->alert_received = h->after_alert = -1;
    const steps_table *st = steps_for(cfg->version);
    if (st) {
        h->table = st->msgs;
        h->table_len = *st->n_msgs;
    }
    hsio_init(&h->io, cfg->framing);
    rng_fork(parent, h->role == PARTY_CLIENT ? "client endpoint" : "server endpoint", &h->rng);
}

static const hs_row *current_row(hs *h);

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
    /* TLS 1.3 puts messages in other steps than TLS 1.2's catalogue gives
     * its checks: a 1.3 check belongs to the step of the message at hand */
    if (step == 0 && h->cfg && h->cfg->version == TLS_V13)
        step = hs_current_step(h);
    else if (step == 0 && r)
        step = (int)r->step;
    checks_name(id, party_name(party_peer(h->role)), param, name, sizeof name);
    if (h->obs.check)
        h->obs.check(h->obs.ctx, h->role, id, step, name, result, detail ? detail : "");
    /* a warning (a soft-fail the policy accepted) is no failure */
    if (err_is_warning(result))
        return ERR_OK;
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

static err_t check_verify_data(hs *h, check_id id, const uint8_t *got, const uint8_t *want,
                               size_t n, const char *what)
{
    /* constant time: a timing difference must not tell how much matched */
    bool ok = sodium_memcmp(got, want, n) == 0;
    char detail[96];
    snprintf(detail, sizeof detail, "%s verify_data %s the %s computed here",
             party_name(party_peer(h->role)), ok ? "equals" : "differs from", what);
    return hs_check(h, id, ok ? ERR_OK : ERR_HS_FINISHED, detail);
}

err_t hs_finished_write(hs *h, wr *w, size_t len, hs_verify_data_fn fn)
{
    uint8_t vd[HS_VERIFY_DATA_MAX];
    CHECK(len <= sizeof vd, ERR_INTERNAL);
    fn(h, h->role, vd);
    msg_finished_write(w, vd, len);
    return ERR_OK;
}

err_t hs_finished_read(hs *h, const uint8_t *msg, size_t n, size_t len, hs_verify_data_fn fn,
                       check_id id, const char *what)
{
    rd r;
    uint8_t got[HS_VERIFY_DATA_MAX], want[HS_VERIFY_DATA_MAX];
    CHECK(len <= sizeof want, ERR_INTERNAL);
    rd_init(&r, msg, n);
    TRY(msg_finished_parse(&r, got, len, NULL));
    fn(h, party_peer(h->role), want);
    return check_verify_data(h, id, got, want, len, what);
}

void hs_transcript_hash(const hs *h, uint8_t out[KS_HASH_LEN])
{
    hsio_transcript_hash(&h->io, out);
}

void hs_transcript_names(const hs *h, char *out, size_t cap)
{
    hsio_transcript_names(&h->io, out, cap);
}

/* Add one handshake message (of table row r) to the transcript. */
static err_t transcript_add(hs *h, const hs_row *r, const uint8_t *m, size_t n)
{
    return hsio_transcript_add(&h->io, r->from, r->name, m, n);
}

static void report_fact(hs *h, hs_fact_kind kind, int value, int step, err_t e)
{
    hs_fact f = { kind, value, step, e };
    if (h->obs.fact)
        h->obs.fact(h->obs.ctx, h->role, &f);
}

/* The suite, extended master secret and key exchange, once the hello that
 * decides them has been read (whether or not the rest of it was good). */
static void report_negotiated(hs *h)
{
    if (h->told_hello || h->suite == 0)
        return;
    h->told_hello = true;
    report_fact(h, HS_FACT_SUITE, h->suite, 0, ERR_OK);
    report_fact(h, HS_FACT_EMS, h->ems, 0, ERR_OK);
    report_fact(h, HS_FACT_KX, kx_is(h, KX_TRANSPORT) ? KX_TRANSPORT : KX_ECDHE, 0, ERR_OK);
}

/* hsio_sink: protect one record plaintext (when our write keys are on) and
 * queue the record for sending. */
static err_t write_record(void *ctx, uint8_t type, const uint8_t *plain, size_t n)
{
    hs *h = ctx;
    wr w;
    rec_seal_info si;
    memset(&si, 0, sizeof si);
    /* RFC 8446 §5: the dummy ChangeCipherSpec goes in the clear even when
     * the write key is on; it is not numbered among the protected records */
    bool clear = h->cfg->version == TLS_V13 && type == CT_CHANGE_CIPHER_SPEC;
    bool sealed = !clear && rec_dir_protected(&h->tx);
    uint8_t *rec = h->out + h->out_len;
    wr_init(&w, rec, sizeof h->out - h->out_len);
    TRY(rec_write(&w, clear ? NULL : &h->tx, type, plain, n, &si));
    h->out_len += w.len;
    if (h->out_len > h->out_used)
        h->out_used = h->out_len;
    hs_record_report r = { true, h->io.tx_records - 1, type, rec, w.len, sealed, si };
    if (h->obs.record)
        h->obs.record(h->obs.ctx, h->role, &r);
    if (sealed)
        hs_report_seal(h, h->role, type, plain, n, &si, rec + REC_HEADER_LEN,
                       w.len - REC_HEADER_LEN);
    return ERR_OK;
}

/* Queue one message for sending, framed as configured, and report it. */
static err_t send_msg(hs *h, uint8_t type, int step, const char *name, const uint8_t *msg,
                      size_t n)
{
    hs_msg_report m = { true, step, name, type, msg, n, { 0, 0, 0 } };
    TRY(hsio_write(&h->io, type, msg, n, write_record, h, &m.at));
    if (h->obs.message)
        h->obs.message(h->obs.ctx, h->role, &m);
    return ERR_OK;
}

static void send_alert(hs *h, err_t e)
{
    alert_t a = err_alert(e);
    if (a == ALERT_NONE)
        return;
    uint8_t body[2] = { 2 /* fatal */, (uint8_t)a };
    if (send_msg(h, CT_ALERT, h->fail_step, "Alert", body, sizeof body) == ERR_OK) {
        h->alert_sent = (int)a;
        report_fact(h, HS_FACT_ALERT_SENT, (int)a, h->fail_step, e);
    }
}

err_t hs_close_notify(hs *h)
{
    CHECK(h->done && !h->failed, ERR_USAGE);
    /* RFC 5246 §7.2.1: a warning-level close_notify, protected like the data */
    static const uint8_t body[2] = { 1, 0 };
    TRY(send_msg(h, CT_ALERT, STEP_COUNT, "close_notify", body, sizeof body));
    /* what the peer still sends is read until its own close_notify (hs_after.c) */
    h->closing = true;
    return ERR_OK;
}

static err_t fail(hs *h, err_t e, int step)
{
    /* after a completed handshake (hs_after.c) a bad record from the peer
     * stops the reading; the handshake stays complete and, its close_notify
     * sent, this side sends nothing more */
    if (h->done && !h->failed && h->closing) {
        h->after_end = true;
        return e;
    }
    if (h->fail_step == 0)
        h->fail_step = step;
    h->failed = true;
    h->err = e;
    report_fact(h, HS_FACT_FAILED, 0, h->fail_step, e);
    /* handshake bytes queued before the failure go out ahead of the alert */
    (void)hsio_flush(&h->io, write_record, h);
    send_alert(h, e);
    /* Nothing more will be sent or read: the secrets are no longer needed. */
    sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    sodium_memzero(h->pms, sizeof h->pms);
    sodium_memzero(h->ms, sizeof h->ms);
    sodium_memzero(h->key_block, sizeof h->key_block);
    sodium_memzero(&h->t13, sizeof h->t13);
    rec_dir_wipe(&h->tx);
    rec_dir_wipe(&h->rx);
    return e;
}

err_t hs_refuse_renegotiation(hs *h, const char *what, int step)
{
    char detail[192];
    h->reneg_refused++;
    if (h->closing) {
        /* RFC 5246 §7.2.1: after its close_notify a side sends nothing more */
        snprintf(detail, sizeof detail, "the %s's %s arrived after this side's close_notify: "
                 "not answered, this side sends nothing more", party_name(party_peer(h->role)),
                 what);
        return hs_check_at(h, CHK_RENEG_REFUSED, step, NULL, ERR_OK, detail);
    }
    /* a peer that asks again and again (gnutls-cli --rehandshake retries
     * on the warning) would keep this side busy until the timeout */
    if (h->reneg_refused > HS_RENEG_REFUSE_MAX) {
        snprintf(detail, sizeof detail, "the %s's %s: request %u, after %d refusals",
                 party_name(party_peer(h->role)), what, h->reneg_refused, HS_RENEG_REFUSE_MAX);
        hs_check_at(h, CHK_RENEG_REFUSED, step, NULL, ERR_HS_RENEG_AGAIN, detail);
        return fail(h, ERR_HS_RENEG_AGAIN, step);
    }
    /* RFC 5246 §7.2.2: no_renegotiation "is always a warning"; the
     * connection goes on, and the peer decides whether it will */
    static const uint8_t body[2] = { 1, ALERT_no_renegotiation };
    TRY(send_msg(h, CT_ALERT, step, "no_renegotiation", body, sizeof body));
    snprintf(detail, sizeof detail, "the %s's %s: answered with the warning alert "
             "no_renegotiation (100); this side does not renegotiate",
             party_name(party_peer(h->role)), what);
    return hs_check_at(h, CHK_RENEG_REFUSED, step, NULL, ERR_OK, detail);
}

static const hs_row *current_row(hs *h)
{
    while (h->row < h->table_len) {
        const hs_row *r = &h->table[h->row];
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
            e = send_msg(h, r->content_type, r->step, r->name, buf, w.len);
        if (e == ERR_OK && r->content_type == CT_HANDSHAKE)
            e = transcript_add(h, r, buf, w.len);
        if (e != ERR_OK)
            return fail(h, e, r->step);
        if (r->derive_after)
            hs_derive_keys(h);
        if (r->after && (e = r->after(h)) != ERR_OK)
            return fail(h, e, r->step);
        /* RFC 5246 §7.1: what follows is protected, as the suite says (a
         * suite without protection never gets this far: no method runs it).
         * TLS 1.3's ChangeCipherSpec changes nothing (RFC 8446 Appendix D.4) */
        if (h->cfg->version == TLS_V12 && r->content_type == CT_CHANGE_CIPHER_SPEC &&
            (h->tx.prot = suite_protection(h->suite)) == NULL)
            return fail(h, ERR_INTERNAL, r->step);
        h->row++;
    }
    /* the flight ends where the peer's turn begins */
    err_t e = hsio_flush(&h->io, write_record, h);
    if (e != ERR_OK)
        return fail(h, e, r ? r->step : HS_STEPS);
    if (!r) {
        h->done = true;
        report_fact(h, HS_FACT_DONE, 0, 0, ERR_OK);
    }
    return ERR_OK;
}

err_t hs_start(hs *h)
{
    /* a version without a table has no first message; running nothing
     * would look like a finished handshake */
    CHECK(h->table != NULL, ERR_USAGE);
    return run_writes(h);
}

static int current_step(hs *h)
{
    const hs_row *row = current_row(h);
    return row ? row->step : HS_STEPS;
}

int hs_current_step(hs *h) { return current_step(h); }

err_t hs_set_tx(hs *h, const uint8_t secret[KS13_SECRET_LEN])
{
    /* RFC 8446 §5.1: what was written under the old key ends its record */
    TRY(hsio_flush(&h->io, write_record, h));
    uint8_t key[KS_WRITE_KEY_LEN], iv[KS_WRITE_IV_LEN];
    ks13_traffic_key(secret, key, sizeof key);
    ks13_traffic_iv(secret, iv);
    rec_dir_set(&h->tx, suite_protection(h->suite), key, iv);
    sodium_memzero(key, sizeof key);
    return h->tx.prot ? ERR_OK : ERR_INTERNAL;
}

err_t hs_set_rx(hs *h, const uint8_t secret[KS13_SECRET_LEN])
{
    /* RFC 8446 §5.1: "Handshake messages MUST NOT span key changes" */
    bool aligned = hsio_at_record_end(&h->io);
    TRY(hs_check(h, CHK13_KEY_CHANGE, aligned ? ERR_OK : ERR_HS_KEY_CHANGE,
                 aligned ? "the message before the new key ends its record"
                         : "more bytes follow in the record of the message before the new key"));
    uint8_t key[KS_WRITE_KEY_LEN], iv[KS_WRITE_IV_LEN];
    ks13_traffic_key(secret, key, sizeof key);
    ks13_traffic_iv(secret, iv);
    rec_dir_set(&h->rx, suite_protection(h->suite), key, iv);
    sodium_memzero(key, sizeof key);
    return h->rx.prot ? ERR_OK : ERR_INTERNAL;
}

/* hsio_deliver: one whole message from the peer, checked against the row
 * the table expects next, read, and answered. */
static err_t take_msg(void *ctx, uint8_t type, const uint8_t *msg, size_t n)
{
    hs *h = ctx;
    if (h->done && !h->failed && h->closing)
        return hs_after_msg(h, type, msg, n);
    if (h->failed || h->done)
        return ERR_HS_PEER_GONE;
    const hs_row *row = current_row(h);
    bool v13 = h->cfg->version == TLS_V13;
    /* RFC 8446 Appendix D.4: the peer's dummy ChangeCipherSpec is optional;
     * a peer that sends none goes on with its next message. A row with an
     * `is` test is left out when the message is not its kind (a
     * ServerHello where a HelloRetryRequest might have come, §4.1.4) */
    if (v13 && row && row->from != h->role &&
        ((row->content_type == CT_CHANGE_CIPHER_SPEC && type != CT_CHANGE_CIPHER_SPEC) ||
         (row->is && (type != row->content_type || !row->is(msg, n))))) {
        h->row++;
        row = current_row(h);
    }
    int step = row ? row->step : HS_STEPS;
    hs_msg_report rep = { false, step, rec_type_name(type), type, msg, n,
                          { hsio_read_first(&h->io), h->io.rx_records - 1, 0 } };
    if (type == CT_HANDSHAKE) {
        uint8_t t;
        if (row && row->content_type == type && msg_hs_peek(msg, n, &t) == ERR_OK &&
            t == row->hs_type)
            rep.name = row->name;
        else if (msg_hs_peek(msg, n, &t) == ERR_OK)
            rep.name = msg_type_name(t);
    } else if (type == CT_ALERT) {
        rep.name = "Alert";
    } else if (row && row->content_type == type) {
        rep.name = row->name;
    }
    if (type == CT_ALERT) {
        uint8_t level, desc;
        rd r;
        rd_init(&r, msg, n);
        if (h->obs.message)
            h->obs.message(h->obs.ctx, h->role, &rep);
        if (msg_alert_parse(&r, &level, &desc, NULL) != ERR_OK)
            return fail(h, ERR_HS_ILLEGAL_PARAM, step);
        h->alert_received = desc;
        h->failed = true;
        h->err = ERR_HS_ALERT;
        report_fact(h, HS_FACT_ALERT_RECEIVED, desc, 0, ERR_OK);
        report_fact(h, HS_FACT_FAILED, 0, h->fail_step, ERR_HS_ALERT);
        return ERR_HS_ALERT;
    }
    if (h->obs.message)
        h->obs.message(h->obs.ctx, h->role, &rep);

    /* RFC 8446 §5: a ChangeCipherSpec of value 1 that arrives anywhere else
     * before the peer's Finished is dropped; any other value is refused */
    if (v13 && type == CT_CHANGE_CIPHER_SPEC && !h->t13.peer_finished &&
        (!row || row->content_type != CT_CHANGE_CIPHER_SPEC)) {
        bool one = n == 1 && msg[0] == 1;
        hs_check_at(h, CHK13_CCS, step, NULL, one ? ERR_OK : ERR_HS_UNEXPECTED,
                    one ? "a ChangeCipherSpec of value 1, dropped" : "not the value 1");
        return one ? ERR_OK : fail(h, ERR_HS_UNEXPECTED, step);
    }
    /* RFC 8446 §4.6.1: once it has the client's Finished a server may send
     * NewSessionTicket at any time; this client resumes no sessions, so it
     * checks the message and keeps nothing (not part of the transcript) */
    uint8_t ht;
    if (v13 && h->role == PARTY_CLIENT && h->t13.peer_finished && type == CT_HANDSHAKE &&
        msg_hs_peek(msg, n, &ht) == ERR_OK && ht == HT_NEW_SESSION_TICKET) {
        rd r;
        uint32_t lifetime = 0;
        rd_init(&r, msg, n);
        err_t e = msg13_new_session_ticket_parse(&r, &lifetime, NULL);
        char detail[128];
        snprintf(detail, sizeof detail, "a ticket for %lu s, not kept: this client does not "
                                        "resume sessions", (unsigned long)lifetime);
        hs_check_at(h, CHK13_TICKET, step, NULL, e, e == ERR_OK ? detail : err_str(e));
        return e == ERR_OK ? ERR_OK : fail(h, e, step);
    }
    /* RFC 5246 §7.4.1.1, §7.2.2: once the handshake is over (this side
     * waits for the peer's data), a request to renegotiate is declined
     * with a warning and the connection goes on. TLS 1.3 has no
     * renegotiation: its ClientHello here is out of order (RFC 8446 §4.1.2) */
    if (!v13 && type == CT_HANDSHAKE && row && row->from != h->role &&
        row->content_type == CT_APPLICATION_DATA && msg_hs_peek(msg, n, &ht) == ERR_OK &&
        ht == (h->role == PARTY_CLIENT ? HT_HELLO_REQUEST : HT_CLIENT_HELLO))
        return hs_refuse_renegotiation(h, msg_type_name(ht), step);
    if (!row || row->from == h->role || type != row->content_type) {
        hs_check_at(h, CHK_MESSAGE_ORDER, step, NULL, ERR_HS_UNEXPECTED, rec_type_name(type));
        return fail(h, ERR_HS_UNEXPECTED, step);
    }
    err_t e;
    if (type == CT_HANDSHAKE) {
        uint8_t t;
        e = msg_hs_peek(msg, n, &t);
        if (e == ERR_OK && t != row->hs_type)
            e = ERR_HS_UNEXPECTED;
        if (e != ERR_OK) {
            hs_check_at(h, CHK_MESSAGE_ORDER, step, NULL, e, row->name);
            return fail(h, e, step);
        }
    }
    e = row->read(h, msg, n);
    report_negotiated(h);
    if (e == ERR_OK && type == CT_HANDSHAKE)
        e = transcript_add(h, row, msg, n);
    if (e != ERR_OK) {
        if (h->fail_step == 0)
            hs_check_at(h, CHK_DECODE, step, row->name, e, err_str(e));
        return fail(h, e, step);
    }
    if (row->derive_after)
        hs_derive_keys(h);
    if (row->after && (e = row->after(h)) != ERR_OK)
        return fail(h, e, step);
    if (!v13 && type == CT_CHANGE_CIPHER_SPEC &&
        (h->rx.prot = suite_protection(h->suite)) == NULL)
        return fail(h, ERR_INTERNAL, step);
    h->row++;
    return run_writes(h);
}

/* The header of a record, checked as soon as its five bytes are in (a
 * record that cannot be good is refused before its body arrives). *need is
 * the whole record's length. */
static err_t record_header(const hs *h, const uint8_t *b, size_t *need)
{
    uint8_t type = b[0];
    uint16_t version = (uint16_t)(b[1] << 8 | b[2]);
    size_t len = (size_t)b[3] << 8 | b[4];
    CHECK(type >= CT_CHANGE_CIPHER_SPEC && type <= CT_APPLICATION_DATA, ERR_RECORD_TYPE);
    /* RFC 5246 Appendix E.1: a client's first record (its ClientHello) may
     * carry {03,00} or {03,01}, as OpenSSL's and GnuTLS's do; afterwards
     * only TLS 1.2's own */
    bool first = h->role == PARTY_SERVER && h->row == 0;
    CHECK(version == TLS12_VERSION || (first && version >= 0x0300 && version < TLS12_VERSION),
          ERR_RECORD_VERSION);
    CHECK(len <= REC_MAX_FRAGMENT, ERR_RECORD_OVERFLOW);
    *need = REC_HEADER_LEN + len;
    return ERR_OK;
}

static err_t framing_failed(hs *h, err_t e, int step)
{
    hs_check_at(h, CHK_RECORD_FRAMING, step, NULL, e, "the record header or length is malformed");
    return fail(h, e, step);
}

/* One complete record from the peer: open it, report it, hand its
 * plaintext to the message layer. */
static err_t take_record(hs *h, const uint8_t *bytes, size_t len)
{
    rd r;
    rec_view v;
    uint8_t plain[REC_MAX_INNER]; /* a TLS 1.3 record opens to content and type */
    size_t plain_len;
    int step = current_step(h);

    rd_init(&r, bytes, len);
    /* RFC 5246 Appendix E.1: a ClientHello's record may say {03,00} or {03,01} */
    bool first = h->role == PARTY_SERVER && h->row == 0;
    err_t e = rec_parse_from(&r, &v, first ? 0x0300 : TLS12_VERSION);
    /* RFC 5246 §6.2.1: "The length MUST NOT exceed 2^14." */
    if (e == ERR_OK && v.fragment_len > REC_MAX_PLAIN + rec_dir_method(&h->rx)->expansion)
        e = ERR_RECORD_OVERFLOW;
    if (e != ERR_OK)
        return framing_failed(h, e, step);
    /* RFC 8446 §5: the dummy ChangeCipherSpec travels in the clear even
     * when the keys are on (its header says so; a protected record says
     * application_data) */
    bool v13_ccs = h->cfg->version == TLS_V13 && v.type == CT_CHANGE_CIPHER_SPEC;
    hs_record_report rep = { false, h->io.rx_records, v.type, bytes, len,
                           rec_dir_protected(&h->rx) && !v13_ccs, { 0 } };
    if (rep.sealed) {
        e = rec_open(&h->rx, &v, plain, sizeof plain, &plain_len, &rep.seal);
        char detail[96];
        snprintf(detail, sizeof detail, "Poly1305 tag of %s record, seq %llu",
                 rec_type_name(v.type), (unsigned long long)rep.seal.seq);
        hs_check_at(h, CHK_RECORD_TAG, step, NULL, e, detail);
        if (e != ERR_OK)
            return fail(h, e, step);
        hs_report_seal(h, party_peer(h->role), v.type, plain, plain_len, &rep.seal, v.fragment,
                       v.fragment_len);
        /* "An implementation ... which receives a protected
         * change_cipher_spec record MUST abort the handshake with an
         * unexpected_message alert." (RFC 8446 §5) */
        if (h->cfg->version == TLS_V13 && v.type == CT_CHANGE_CIPHER_SPEC) {
            sodium_memzero(plain, plain_len);
            hs_check_at(h, CHK13_CCS, step, NULL, ERR_HS_UNEXPECTED,
                        "a ChangeCipherSpec inside a protected record");
            return fail(h, ERR_HS_UNEXPECTED, step);
        }
    } else {
        memcpy(plain, v.fragment, v.fragment_len);
        plain_len = v.fragment_len;
    }
    if (h->obs.record)
        h->obs.record(h->obs.ctx, h->role, &rep);
    e = hsio_read(&h->io, v.type, plain, plain_len, take_msg, h);
    sodium_memzero(plain, plain_len);
    if (e == ERR_HS_EMPTY_FRAGMENT || e == ERR_HS_INTERLEAVED || e == ERR_HS_MSG_TOO_LONG) {
        hs_check_at(h, CHK_MESSAGE_FRAMING, step, NULL, e, err_str(e));
        return fail(h, e, step);
    }
    return e;
}

err_t hs_feed(hs *h, const uint8_t *bytes, size_t len)
{
    while (len > 0) {
        if (h->failed || (h->done && !hs_reads_after(h)))
            return ERR_HS_PEER_GONE;
        /* gather one record: its header first, then as much body as it says */
        size_t need = REC_HEADER_LEN;
        if (h->in_len >= REC_HEADER_LEN) {
            err_t e = record_header(h, h->in, &need);
            if (e != ERR_OK)
                return framing_failed(h, e, current_step(h));
        }
        hsio_fill(h->in, &h->in_len, &h->in_used, need, &bytes, &len);
        if (h->in_len == REC_HEADER_LEN) {
            err_t e = record_header(h, h->in, &need);
            if (e != ERR_OK)
                return framing_failed(h, e, current_step(h));
        }
        if (h->in_len < need)
            continue;
        h->in_len = 0;
        TRY(take_record(h, h->in, need));
    }
    return h->failed ? h->err : ERR_OK;
}

err_t hs_close(hs *h)
{
    if (hs_reads_after(h)) {
        hs_after_eof(h);
        return ERR_OK;
    }
    if (h->failed || h->done)
        return ERR_HS_PEER_GONE;
    if (h->in_len == 0 && !hsio_pending(&h->io))
        return ERR_OK;
    /* the stream ended inside a record or a message */
    return framing_failed(h, ERR_TRUNCATED, current_step(h));
}

bool hs_wants_input(const hs *h) { return !h->failed && !h->done; }

const uint8_t *hs_output(const hs *h, size_t *len)
{
    *len = h->out_len;
    return h->out_len ? h->out : NULL;
}

void hs_output_ack(hs *h, size_t n)
{
    if (n >= h->out_len) {
        h->out_len = 0;
        return;
    }
    memmove(h->out, h->out + n, h->out_len - n);
    h->out_len -= n;
}

static size_t clamp(size_t used, size_t cap) { return used < cap ? used : cap; }

void hs_wipe(hs *h)
{
    rng_wipe(&h->rng);
    /* the buffers as far as they were ever filled, then everything else */
    sodium_memzero(h->in, clamp(h->in_used, sizeof h->in));
    sodium_memzero(h->out, clamp(h->out_used, sizeof h->out));
    h->io.msg_used = clamp(h->io.msg_used, sizeof h->io.msg);
    h->io.pend_used = clamp(h->io.pend_used, sizeof h->io.pend);
    h->io.tr_used = clamp(h->io.tr_used, sizeof h->io.transcript);
    hsio_wipe(&h->io);
    sodium_memzero(h, HS_STATE_LEN);
}
