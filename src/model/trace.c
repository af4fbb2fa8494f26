/* trace.c — building the trace from endpoint reports and wire records. */
#include "model/trace.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/msg/msg.h"

const steps_table *trace_steps(const trace *t) { return steps_for(t->version); }

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
    free(t->msgs);
    free(t->values);
    free(t->checks);
    free(t->events);
    sodium_memzero(t, sizeof *t);
}

/* Grow an array by one element; NULL (and t->oom set) when memory runs out. */
static void *grow(trace *t, void **arr, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void *p = realloc(*arr, nc * size);
        if (!p) {
            t->oom = ERR_NOMEM;
            return NULL;
        }
        *arr = p;
        *cap = nc;
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

void trace_add_msg(trace *t, party from, const hs_out *o, const uint8_t *wire, size_t wire_len)
{
    trace_msg *m = grow(t, (void **)&t->msgs, &t->n_msgs, &t->cap_msgs, sizeof *m);
    if (!m)
        return;
    spans sp;
    m->seq = (int)t->n_msgs;
    m->step = o->step;
    m->from = from;
    m->content_type = o->content_type;
    snprintf(m->name, sizeof m->name, "%s", o->name);
    m->record = dup_bytes(t, wire, wire_len);
    m->record_len = wire_len;
    m->sealed = o->sealed;
    m->seal = o->seal;
    if (wire_len != o->record_len || memcmp(wire, o->record, wire_len) != 0) {
        m->tampered = true;
        m->sent = dup_bytes(t, o->record, o->record_len);
        m->sent_len = o->record_len;
    }
    /* The message is what crossed the wire: for a record in the clear that
     * an attacker changed, the receiver's bytes, not the sender's (those
     * stay in sent). Inside a protected record only the sender's plaintext
     * exists: the changed ciphertext decrypts to nothing. */
    const uint8_t *plain = o->plain;
    size_t plain_len = o->plain_len;
    if (m->tampered && !o->sealed && wire_len >= REC_HEADER_LEN) {
        plain = wire + REC_HEADER_LEN;
        plain_len = wire_len - REC_HEADER_LEN;
    }
    m->plain = dup_bytes(t, plain, plain_len);
    m->plain_len = plain_len;
    if (o->content_type == CT_ALERT && plain_len == 2)
        snprintf(m->name, sizeof m->name, "Alert %s", alert_name(plain[1]));

    /* spans over the message itself */
    sp_init(&sp, 0);
    (void)msg_annotate(o->content_type, plain, plain_len, t->transport, &sp);
    m->spans = dup_spans(t, &sp, &m->n_spans);

    /* spans over the record: header fields, then the fragment */
    sp_init(&sp, 0);
    sp_add(&sp, 0, REC_HEADER_LEN, "record header");
    sp.depth = 1;
    sp_add(&sp, 0, 1, "content type");
    sp_add(&sp, 1, 2, "version");
    sp_add(&sp, 3, 2, "length");
    sp.depth = 0;
    if (wire_len >= REC_HEADER_LEN) {
        uint32_t frag = (uint32_t)(wire_len - REC_HEADER_LEN);
        if (o->sealed && frag >= REC_TAG_LEN) {
            sp_add(&sp, REC_HEADER_LEN, frag - REC_TAG_LEN, "encrypted message (ciphertext)");
            sp_add(&sp, (uint32_t)wire_len - REC_TAG_LEN, REC_TAG_LEN, "Poly1305 tag");
        } else {
            /* the message is the fragment: its spans, moved past the header */
            for (size_t i = 0; i < m->n_spans && sp.n < SPANS_MAX; i++) {
                sp.v[sp.n] = m->spans[i];
                sp.v[sp.n++].off += REC_HEADER_LEN;
            }
        }
    }
    m->rec_spans = dup_spans(t, &sp, &m->n_rec_spans);
    add_event(t, EV_MESSAGE, t->n_msgs - 1, m->step);
    if (o->content_type == CT_ALERT)
        add_event(t, EV_ALERT, t->n_msgs - 1, m->step);
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
    snprintf(c->name, sizeof c->name, "%s", name);
    c->result = result;
    snprintf(c->detail, sizeof c->detail, "%s", detail);
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
