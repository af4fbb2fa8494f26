/* trace.c — building the trace from endpoint reports and wire records. */
#include "model/trace.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "tls/msg/msg.h"
#include "base/str.h"

const steps_table *trace_steps(const trace *t) { return steps_for(t->version); }

value_id trace_verdict_id(const trace *t)
{
    return t->version == TLS_V13 ? VAL13_CLIENT_AUTHENTICATED : VAL_CLIENT_AUTHENTICATED;
}

const char *trace_step_title(const trace *t, int step)
{
    return steps_title(trace_steps(t), step);
}

/* Who knows a value: one vocabulary (trace.h). */
static const trace_knowers knowers_nobody = { "nobody", "[-]", "nobody holds it" };
const trace_knowers trace_knowers_legend[4] = {
    { "client", "[C]", "only the client holds it" },
    { "server", "[S]", "only the server holds it" },
    { "client+server", "[C+S]",
      "both sides hold it, each computed it on its own; it never crossed the wire" },
    { "public", "[wire]", "on the wire: anyone watching the records has it" },
};

void trace_init(trace *t)
{
    memset(t, 0, sizeof *t);
    t->outcome.alert = -1;
    t->cur_step = 1;
    for (int i = 0; i < 2; i++)
        t->side[i].alert_sent = t->side[i].alert_received = -1;
}

/* Zero n bytes at p (NULL is fine). */
static void wipe(void *p, size_t n)
{
    if (p && n)
        sodium_memzero(p, n);
}

/* A message's bytes: plaintexts of sealed records, Finished, the
 * application data; the record bytes too (cheap, and a tampered record may
 * carry anything). */
static void msg_wipe(trace_msg *m)
{
    wipe(m->record, m->record_len);
    wipe(m->plain, m->plain_len);
    wipe(m->sent, m->sent_len);
}

void trace_wipe(trace *t)
{
    for (size_t i = 0; i < t->n_msgs; i++)
        msg_wipe(&t->msgs[i]);
    for (size_t i = 0; i < t->n_recs; i++) {
        wipe(t->recs[i].bytes, t->recs[i].len);
        wipe(t->recs[i].sent, t->recs[i].sent_len);
    }
    for (size_t i = 0; i < t->n_pending; i++)
        wipe(t->pending[i].copy, t->pending[i].is_msg ? t->pending[i].msg.len : t->pending[i].rec.len);
    for (size_t i = 0; i < t->n_values; i++)
        for (int side = 0; side < 2; side++)
            wipe(t->values[i].copy[side], t->values[i].len[side]);
    sodium_memzero(t->root_key, sizeof t->root_key);
}

static void msg_free(trace_msg *m)
{
    free(m->record);
    free(m->plain);
    free(m->sent);
    free(m->rec_spans);
    free(m->spans);
}

void trace_free(trace *t)
{
    trace_wipe(t);
    for (size_t i = 0; i < t->n_msgs; i++)
        msg_free(&t->msgs[i]);
    for (size_t i = 0; i < t->n_values; i++) {
        free(t->values[i].copy[0]);
        free(t->values[i].copy[1]);
    }
    for (size_t i = 0; i < t->n_recs; i++) {
        free(t->recs[i].bytes);
        free(t->recs[i].sent);
    }
    for (size_t i = 0; i < t->n_pending; i++)
        free(t->pending[i].copy);
    free(t->msgs);
    free(t->recs);
    free(t->pending);
    free(t->values);
    free(t->checks);
    free(t->events);
    sodium_memzero(t, sizeof *t);
}

/* Grow an array by one element; NULL (and t->oom set) when memory runs out. */
static void *grow(trace *t, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (!vec_reserve(arr, cap, *n + 1, size, 16)) {
        t->oom = ERR_NOMEM;
        return NULL;
    }
    void *slot = (char *)*arr + (*n)++ * size;
    memset(slot, 0, size);
    return slot;
}

static void add_event(trace *t, trace_ev_kind kind, size_t index, int step)
{
    trace_event *e = grow(t, (void **)&t->events, &t->n_events, &t->cap_events, sizeof *e);
    if (e) {
        e->kind = kind;
        e->index = (int)index;
        e->step = step;
    }
}

static uint8_t *dup_bytes(trace *t, const uint8_t *p, size_t n)
{
    uint8_t *d = malloc(n ? n : 1);
    if (!d) {
        t->oom = ERR_NOMEM;
        return NULL;
    }
    if (n)
        memcpy(d, p, n);
    return d;
}

static span *dup_spans(trace *t, const spans *s, size_t *n)
{
    *n = 0;
    if (s->n == 0)
        return NULL;
    span *d = malloc(s->n * sizeof *d);
    if (!d) {
        t->oom = ERR_NOMEM;
        return NULL;
    }
    memcpy(d, s->v, s->n * sizeof *d);
    *n = s->n;
    return d;
}

static trace_record *find_record(trace *t, party from, uint64_t index)
{
    for (size_t i = t->n_recs; i-- > 0;)
        if (t->recs[i].from == from && t->recs[i].index == index)
            return &t->recs[i];
    return NULL;
}

/* Record one message carried by records first..rec (into recs): its plain
 * bytes, spans over itself and over the record that completes it, and its
 * event. whole_record: it is the only message of that one record. */
static void add_msg(trace *t, const hs_msg_report *rep, const char *name, size_t first,
                    bool whole_record)
{
    size_t ri = t->n_recs - 1;
    const trace_record *r = &t->recs[ri];
    int step = rep->step;
    /* True wire order in every view: an alert answers what the peer had
     * already sent, so it belongs to the step of the last message before it
     * on the wire when that is later than the step that failed (the
     * server's alert follows the client's ChangeCipherSpec and Finished
     * that were on their way; the check that failed keeps its step). */
    if (rep->content_type == CT_ALERT && t->n_msgs > 0 && t->msgs[t->n_msgs - 1].step > step)
        step = t->msgs[t->n_msgs - 1].step;
    trace_msg *m = grow(t, (void **)&t->msgs, &t->n_msgs, &t->cap_msgs, sizeof *m);
    if (!m)
        return;
    spans sp;
    m->seq = (int)t->n_msgs;
    m->step = step;
    m->from = r->from;
    m->content_type = rep->content_type;
    str_copy(m->name, sizeof m->name, name);
    m->record = dup_bytes(t, r->bytes, r->len);
    m->record_len = r->len;
    m->sealed = r->sealed;
    m->seal = r->seal;
    m->rec_first = (int)first;
    m->rec_last = (int)ri;
    m->rec_offset = rep->at.offset;
    if (r->tampered) {
        m->tampered = true;
        m->sent = dup_bytes(t, r->sent, r->sent_len);
        m->sent_len = r->sent_len;
    }
    /* The message is what crossed the wire: for a record in the clear that
     * an attacker changed, the receiver's bytes, not the sender's (those
     * stay in sent). Inside a protected record only the sender's plaintext
     * exists: the changed ciphertext decrypts to nothing. */
    const uint8_t *plain = rep->plain;
    size_t plain_len = rep->len;
    if (m->tampered && !r->sealed && whole_record && r->len >= REC_HEADER_LEN) {
        plain = r->bytes + REC_HEADER_LEN;
        plain_len = r->len - REC_HEADER_LEN;
    }
    m->plain = dup_bytes(t, plain, plain_len);
    m->plain_len = plain_len;
    if (rep->content_type == CT_ALERT && plain_len == 2)
        snprintf(m->name, sizeof m->name, "Alert %s", alert_name(plain[1]));

    /* spans over the message itself */
    sp_init(&sp, 0);
    (void)msg_annotate(rep->content_type, plain, plain_len, t->transport, t->version, &sp);
    m->spans = dup_spans(t, &sp, &m->n_spans);

    /* spans over the record: header fields, then the fragment */
    sp_init(&sp, 0);
    sp_add(&sp, 0, REC_HEADER_LEN, "record header");
    sp.depth = 1;
    sp_add(&sp, 0, 1, "content type");
    sp_add(&sp, 1, 2, "version");
    sp_add(&sp, 3, 2, "length");
    sp.depth = 0;
    if (r->len >= REC_HEADER_LEN) {
        uint32_t frag = (uint32_t)(r->len - REC_HEADER_LEN);
        if (r->sealed && frag >= REC_TAG_LEN) {
            sp_add(&sp, REC_HEADER_LEN, frag - REC_TAG_LEN, "encrypted message (ciphertext)");
            sp_add(&sp, (uint32_t)r->len - REC_TAG_LEN, REC_TAG_LEN, "Poly1305 tag");
        } else if (first == ri) {
            /* the message is in the fragment: its spans, moved past the
             * header and the messages before it */
            uint32_t at = REC_HEADER_LEN + (uint32_t)rep->at.offset;
            for (size_t i = 0; i < m->n_spans && sp.n < SPANS_MAX; i++) {
                if (m->spans[i].off + at + m->spans[i].len > r->len)
                    continue;
                sp.v[sp.n] = m->spans[i];
                sp.v[sp.n++].off += at;
            }
        }
    }
    m->rec_spans = dup_spans(t, &sp, &m->n_rec_spans);
    t->cur_step = step;
    add_event(t, EV_MESSAGE, t->n_msgs - 1, m->step);
    if (rep->content_type == CT_ALERT)
        add_event(t, EV_ALERT, t->n_msgs - 1, m->step);
}

static void pending_free(trace_pending *p)
{
    if (p->copy) {
        sodium_memzero(p->copy, p->is_msg ? p->msg.len : p->rec.len);
        free(p->copy);
    }
    p->copy = NULL;
}

static void pending_drop(trace *t, size_t i)
{
    pending_free(&t->pending[i]);
    memmove(&t->pending[i], &t->pending[i + 1], (t->n_pending - i - 1) * sizeof *t->pending);
    t->n_pending--;
}

void trace_add_record(trace *t, party from, const uint8_t *wire, size_t wire_len)
{
    trace_record *r = grow(t, (void **)&t->recs, &t->n_recs, &t->cap_recs, sizeof *r);
    if (!r)
        return;
    r->seq = (int)t->n_recs;
    r->from = from;
    r->index = t->side[from].wire_records++;
    r->bytes = dup_bytes(t, wire, wire_len);
    r->len = wire_len;
    for (size_t i = 0; i < t->n_pending; i++) {
        trace_pending *p = &t->pending[i];
        if (p->is_msg || p->from != from || p->rec.index != r->index)
            continue;
        r->by_sender = true;
        r->sealed = p->rec.sealed;
        r->seal = p->rec.seal;
        if (wire_len != p->rec.len || memcmp(wire, p->copy, wire_len) != 0) {
            r->tampered = true;
            r->sent = dup_bytes(t, p->copy, p->rec.len);
            r->sent_len = p->rec.len;
        }
        pending_drop(t, i);
        break;
    }
    /* the messages its sender said end in this record, in the order sent */
    size_t carried = 0;
    for (size_t i = 0; i < t->n_pending; i++) {
        const trace_pending *p = &t->pending[i];
        if (p->is_msg && p->from == from && p->msg.at.first <= r->index &&
            p->msg.at.last >= r->index)
            carried++;
    }
    for (size_t i = 0; i < t->n_pending;) {
        trace_pending *p = &t->pending[i];
        if (!p->is_msg || p->from != from || p->msg.at.last > r->index) {
            i++;
            continue;
        }
        const trace_record *f = find_record(t, from, p->msg.at.first);
        size_t first = f ? (size_t)(f - t->recs) : t->n_recs - 1;
        bool whole = carried == 1 && p->msg.at.first == p->msg.at.last && p->msg.at.offset == 0;
        hs_msg_report rep = p->msg;
        rep.plain = p->copy;
        add_msg(t, &rep, p->name, first, whole);
        pending_drop(t, i);
    }
}

/* Keep a copy of a sender's report until the wire carries it. */
static void pending_add(trace *t, party from, const hs_record_report *rec, const hs_msg_report *msg)
{
    trace_pending *p = grow(t, (void **)&t->pending, &t->n_pending, &t->cap_pending, sizeof *p);
    if (!p)
        return;
    p->from = from;
    p->is_msg = msg != NULL;
    if (msg) {
        p->msg = *msg;
        str_copy(p->name, sizeof p->name, msg->name ? msg->name : "");
        p->copy = dup_bytes(t, msg->plain, msg->len);
        p->msg.plain = NULL;
    } else {
        p->rec = *rec;
        p->copy = dup_bytes(t, rec->bytes, rec->len);
        p->rec.bytes = NULL;
    }
}

void trace_on_record(void *ctx, party who, const hs_record_report *r)
{
    trace *t = ctx;
    t->side[who].reported = true;
    if (r->sent) {
        pending_add(t, who, r, NULL);
        return;
    }
    /* a record whose sender said nothing: what its receiver found */
    trace_record *rec = find_record(t, party_peer(who), r->index);
    if (rec && !rec->by_sender) {
        rec->sealed = r->sealed;
        rec->seal = r->seal;
    }
}

void trace_on_message(void *ctx, party who, const hs_msg_report *m)
{
    trace *t = ctx;
    t->side[who].reported = true;
    if (m->sent) {
        pending_add(t, who, NULL, m);
        return;
    }
    /* a message its sender did not report: as its receiver read it */
    const trace_record *last = find_record(t, party_peer(who), m->at.last);
    const trace_record *first = find_record(t, party_peer(who), m->at.first);
    if (!last || last->by_sender || last != &t->recs[t->n_recs - 1])
        return;
    add_msg(t, m, m->name ? m->name : "", first ? (size_t)(first - t->recs) : t->n_recs - 1,
            false);
}

void trace_on_fact(void *ctx, party who, const hs_fact *f)
{
    trace *t = ctx;
    trace_side *s = &t->side[who];
    s->reported = true;
    switch (f->kind) {
    case HS_FACT_SUITE: s->suite = (uint16_t)f->value; break;
    case HS_FACT_EMS:
        s->ems = f->value != 0;
        s->ems_told = true;
        break;
    case HS_FACT_KX: s->transport = f->value == KX_TRANSPORT; break;
    case HS_FACT_ALERT_SENT:
        s->alert_sent = f->value;
        s->fail_step = f->step;
        break;
    case HS_FACT_ALERT_RECEIVED: s->alert_received = f->value; break;
    case HS_FACT_FAILED:
        s->failed = true;
        s->err = f->err;
        s->fail_step = f->step;
        break;
    case HS_FACT_DONE: s->done = true; break;
    }
    const trace_side *c = &t->side[PARTY_CLIENT], *v = &t->side[PARTY_SERVER];
    /* the client's view of what was agreed when it has one (it reads the
     * server's choice), the server's otherwise */
    t->suite = c->suite ? c->suite : v->suite;
    t->transport = c->transport || v->transport;
    t->ems = c->ems_told ? c->ems : !c->reported && v->ems_told && v->ems;
}

/* Which records carry message i and what else they carry, when that is
 * not simply one record for one message. */
static void note_records(trace *t, size_t i)
{
    trace_msg *m = &t->msgs[i];
    m->record_note[0] = '\0';
    if (m->rec_first == m->rec_last && trace_record_single(t, (size_t)m->rec_last))
        return;
    char *o = m->record_note;
    size_t cap = sizeof m->record_note, k = 0;
    const char *what = m->sealed ? "encrypted record" : "record";
    int n;
    if (m->rec_first == m->rec_last)
        n = snprintf(o, cap, "%s %d on the wire", what, t->recs[m->rec_last].seq);
    else
        n = snprintf(o, cap, "split over %ss %d to %d on the wire", what,
                     t->recs[m->rec_first].seq, t->recs[m->rec_last].seq);
    if (n < 0 || (size_t)n >= cap)
        return;
    k = (size_t)n;
    /* the other messages in those records */
    bool first = true;
    for (size_t j = 0; j < t->n_msgs && k < cap; j++) {
        const trace_msg *x = &t->msgs[j];
        if (j == i || x->rec_last < m->rec_first || x->rec_first > m->rec_last)
            continue;
        n = snprintf(o + k, cap - k, "%s%s", first ? ", shared with " : ", ", x->name);
        if (n < 0)
            return;
        k += (size_t)n;
        first = false;
    }
}

void trace_finish(trace *t)
{
    for (size_t i = 0; i < t->n_msgs; i++)
        note_records(t, i);
    trace_outcome *out = &t->outcome;
    const trace_side *c = &t->side[PARTY_CLIENT], *v = &t->side[PARTY_SERVER];
    bool any = c->reported || v->reported;
    out->ok = any && (!c->reported || (c->done && !c->failed)) &&
              (!v->reported || (v->done && !v->failed));
    out->alert = -1;
    out->step = 0;
    out->err = ERR_OK;
    /* the side that detected the problem is the one that sent an alert */
    const trace_side *first = NULL;
    if (c->alert_sent >= 0 && v->alert_sent >= 0)
        first = c->alert_received >= 0 ? v : c;
    else if (c->alert_sent >= 0)
        first = c;
    else if (v->alert_sent >= 0)
        first = v;
    if (first) {
        out->alert = first->alert_sent;
        out->step = first->fail_step;
        out->sent_by = first == c ? PARTY_CLIENT : PARTY_SERVER;
        out->err = first->err;
    } else if (t->one_side && t->side[t->self].alert_received >= 0) {
        /* a run against a real peer: the peer detected the problem and
         * sent the alert, in the step this side was in when it arrived */
        out->alert = t->side[t->self].alert_received;
        out->step = t->cur_step;
        out->sent_by = party_peer(t->self);
        out->err = ERR_HS_ALERT;
    } else if (c->failed || v->failed) {
        const trace_side *f = c->failed ? c : v;
        out->step = f->fail_step;
        out->sent_by = f == c ? PARTY_CLIENT : PARTY_SERVER;
        out->err = f->err;
    }
}

hs_observer trace_observer(trace *t)
{
    return (hs_observer){ t, trace_on_value, trace_on_check, trace_on_record, trace_on_message,
                          trace_on_fact };
}

bool trace_record_single(const trace *t, size_t r)
{
    size_t n = 0;
    bool whole = false;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if ((size_t)m->rec_first <= r && (size_t)m->rec_last >= r) {
            n++;
            whole = m->rec_first == m->rec_last;
        }
    }
    return n == 1 && whole;
}

void trace_on_value(void *ctx, party who, value_id id, value_way way, const char *param,
                    const uint8_t *v, size_t n)
{
    trace *t = ctx;
    const value_row *row = values_row(id);
    trace_value *val = NULL;
    if (!row)
        return;
    for (size_t i = 0; i < t->n_values; i++)
        if (t->values[i].vid == id)
            val = &t->values[i];
    if (!val) {
        val = grow(t, (void **)&t->values, &t->n_values, &t->cap_values, sizeof *val);
        if (!val)
            return;
        val->vid = id;
        val->id = row->id;
        val->label = row->label;
        val->kind = row->kind;
        val->order = (int)t->n_values - 1;
        val->step = row->step != STEP_NONE ? (int)row->step : t->cur_step;
        val->text = values_kind(row->kind)->text;
        values_how(id, way, param, val->how, sizeof val->how);
        values_inputs(id, way, val->inputs, sizeof val->inputs);
        add_event(t, EV_VALUE, t->n_values - 1, val->step);
    }
    val->know |= who == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER;
    /* it crossed the wire: the peer and any eavesdropper have it too */
    if (values_kind(row->kind)->public_)
        val->know |= KNOW_PUBLIC | KNOW_CLIENT | KNOW_SERVER;
    /* a second report of the same value replaces the first: wipe the old copy */
    wipe(val->copy[who], val->len[who]);
    free(val->copy[who]);
    val->copy[who] = dup_bytes(t, v, n);
    val->len[who] = n;
}

void trace_on_check(void *ctx, party who, check_id id, int step, const char *name,
                    err_t result, const char *detail)
{
    trace *t = ctx;
    trace_check *c = grow(t, (void **)&t->checks, &t->n_checks, &t->cap_checks, sizeof *c);
    if (!c)
        return;
    c->id = id;
    c->step = step;
    c->who = who;
    str_copy(c->name, sizeof c->name, name);
    /* a check a lenient policy let pass: passed, with its warning kept */
    c->warning = err_is_warning(result) ? result : ERR_OK;
    c->result = err_is_warning(result) ? ERR_OK : result;
    str_copy(c->detail, sizeof c->detail, detail);
    c->after_msg = (int)t->n_msgs;
    add_event(t, EV_CHECK, t->n_checks - 1, step);
}

const trace_value *trace_value_get(const trace *t, value_id id)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (t->values[i].vid == id)
            return &t->values[i];
    return NULL;
}

bool trace_value_match(const trace_value *v)
{
    return v->copy[0] && v->copy[1] && v->len[0] == v->len[1] &&
           memcmp(v->copy[0], v->copy[1], v->len[0]) == 0;
}

const trace_knowers *trace_knowers_of(unsigned know)
{
    if (know & KNOW_PUBLIC)
        return &trace_knowers_legend[3];
    if ((know & KNOW_CLIENT) && (know & KNOW_SERVER))
        return &trace_knowers_legend[2];
    if (know & KNOW_CLIENT)
        return &trace_knowers_legend[0];
    if (know & KNOW_SERVER)
        return &trace_knowers_legend[1];
    return &knowers_nobody;
}

void trace_know_str(unsigned know, char *out, size_t cap)
{
    snprintf(out, cap, "%s", trace_knowers_of(know)->word);
}

const uint8_t *trace_value_bytes(const trace_value *v, size_t *len)
{
    int i = v->copy[PARTY_CLIENT] ? PARTY_CLIENT : PARTY_SERVER;
    *len = v->len[i];
    return v->copy[i];
}

bool trace_value_is_text(const trace_value *v)
{
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    if (!v->text || !b || n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((b[i] < 0x20 || b[i] > 0x7e) && b[i] != '\r' && b[i] != '\n' && b[i] != '\t')
            return false;
    return true;
}

size_t trace_text_escape(const uint8_t *b, size_t n, char *out, size_t cap)
{
    static const char digits[] = "0123456789abcdef";
    size_t k = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char e[5];
        size_t len = 2;
        e[0] = '\\';
        switch (b[i]) {
        case '\r': e[1] = 'r'; break;
        case '\n': e[1] = 'n'; break;
        case '\t': e[1] = 't'; break;
        case '\\': e[1] = '\\'; break;
        default:
            if (b[i] >= 0x20 && b[i] <= 0x7e) {
                e[0] = (char)b[i];
                len = 1;
            } else {
                e[1] = 'x';
                e[2] = digits[b[i] >> 4];
                e[3] = digits[b[i] & 15];
                len = 4;
            }
        }
        if (k + len >= cap)
            break;
        memcpy(out + k, e, len);
        k += len;
    }
    out[k] = '\0';
    return k;
}
