/* trace.c — building the trace from endpoint reports and wire records. */
#include "trace.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

static const char *const step_titles[HS_STEPS + 1] = {
    "", "ClientHello", "ServerHello", "Authentication", "Pre-master secret",
    "Master secret", "Keys derived", "Encrypted session",
};

const char *trace_step_title(int step)
{
    return step >= 1 && step <= HS_STEPS ? step_titles[step] : "";
}

/* The values the views know by name: their label and their step. */
static const struct { const char *id; const char *label; int step; } catalogue[] = {
    { "client_random", "client random", 1 },
    { "server_random", "server random", 2 },
    { "server_cert_private_key", "server cert private key", 2 },
    { "server_cert_public_key", "server cert public key", 2 },
    { "server_ecdhe_private", "server ECDHE private key", 2 },
    { "server_ecdhe_public", "server ECDHE public key", 2 },
    { "server_signature", "ServerKeyExchange signature", 2 },
    { "client_cert_private_key", "client cert private key", 3 },
    { "client_cert_public_key", "client cert public key", 3 },
    { "client_identity", "authenticated client identity", 3 },
    { "client_ecdhe_private", "client ECDHE private key", 4 },
    { "client_ecdhe_public", "client ECDHE public key", 4 },
    { "encrypted_pre_master_secret", "encrypted pre-master secret", 4 },
    { "pre_master_secret", "pre-master secret", 4 },
    { "client_signature", "CertificateVerify signature", 4 },
    { "session_hash", "session hash (extended master secret)", 5 },
    { "master_secret", "master secret", 5 },
    { "key_block", "key block", 6 },
    { "client_write_key", "client write key", 6 },
    { "server_write_key", "server write key", 6 },
    { "client_write_iv", "client write IV", 6 },
    { "server_write_iv", "server write IV", 6 },
    { "client_finished_hash", "transcript hash for client Finished", 7 },
    { "client_verify_data", "client verify_data", 7 },
    { "server_finished_hash", "transcript hash for server Finished", 7 },
    { "server_verify_data", "server verify_data", 7 },
    { "client_app_plaintext", "client application data", 7 },
    { "server_app_plaintext", "server application data", 7 },
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
    m->plain = dup_bytes(t, o->plain, o->plain_len);
    m->plain_len = o->plain_len;
    m->sealed = o->sealed;
    m->seal = o->seal;
    if (wire_len != o->record_len || memcmp(wire, o->record, wire_len) != 0) {
        m->tampered = true;
        m->sent = dup_bytes(t, o->record, o->record_len);
        m->sent_len = o->record_len;
    }
    if (o->content_type == CT_ALERT && o->plain_len == 2)
        snprintf(m->name, sizeof m->name, "Alert %s", alert_name(o->plain[1]));

    /* spans over the message itself */
    sp_init(&sp, 0);
    (void)msg_annotate(o->content_type, o->plain, o->plain_len, t->transport, &sp);
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
        } else if (m->tampered) {
            /* the receiver got other bytes: annotate what crossed the wire */
            sp.shift = REC_HEADER_LEN;
            (void)msg_annotate(o->content_type, wire + REC_HEADER_LEN, frag, t->transport, &sp);
        } else {
            /* the same bytes as the message: its spans, moved past the header */
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

static void catalogue_find(const char *id, const char **label, int *step)
{
    for (size_t i = 0; i < sizeof catalogue / sizeof catalogue[0]; i++) {
        if (strcmp(catalogue[i].id, id) == 0) {
            *label = catalogue[i].label;
            *step = catalogue[i].step;
            return;
        }
    }
    /* per-record values: <who>_<finished|app|alert>_<part> belong to step 7 */
    if (strstr(id, "_finished_") || strstr(id, "_app_")) {
        *step = 7;
    }
    *label = NULL;
}

void trace_on_value(void *ctx, party who, const char *id, const uint8_t *v, size_t n,
                    bool public_, const char *how, const char *inputs)
{
    trace *t = ctx;
    trace_value *val = NULL;
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].id, id) == 0)
            val = &t->values[i];
    if (!val) {
        val = grow(t, (void **)&t->values, &t->n_values, &t->cap_values, sizeof *val);
        if (!val)
            return;
        snprintf(val->id, sizeof val->id, "%s", id);
        val->order = (int)t->n_values - 1;
        val->step = t->cur_step;
        catalogue_find(id, &val->label, &val->step);
        snprintf(val->how, sizeof val->how, "%s", how);
        snprintf(val->inputs, sizeof val->inputs, "%s", inputs);
        add_event(t, EV_VALUE, t->n_values - 1, val->step);
    }
    val->know |= who == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER;
    if (public_) /* it crossed the wire: the peer and any eavesdropper have it too */
        val->know |= KNOW_PUBLIC | KNOW_CLIENT | KNOW_SERVER;
    /* a second report of the same value replaces the first: wipe the old copy */
    wipe(val->copy[who], val->len[who]);
    free(val->copy[who]);
    val->copy[who] = dup_bytes(t, v, n);
    val->len[who] = n;
}

void trace_on_check(void *ctx, party who, int step, const char *name, err_t result,
                    const char *detail)
{
    trace *t = ctx;
    trace_check *c = grow(t, (void **)&t->checks, &t->n_checks, &t->cap_checks, sizeof *c);
    if (!c)
        return;
    c->step = step;
    c->who = who;
    snprintf(c->name, sizeof c->name, "%s", name);
    c->result = result;
    snprintf(c->detail, sizeof c->detail, "%s", detail);
    c->after_msg = (int)t->n_msgs;
    add_event(t, EV_CHECK, t->n_checks - 1, step);
}

const trace_value *trace_value_get(const trace *t, const char *id)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strcmp(t->values[i].id, id) == 0)
            return &t->values[i];
    return NULL;
}

bool trace_value_match(const trace_value *v)
{
    return v->copy[0] && v->copy[1] && v->len[0] == v->len[1] &&
           memcmp(v->copy[0], v->copy[1], v->len[0]) == 0;
}

void trace_know_str(unsigned know, char *out, size_t cap)
{
    if (know & KNOW_PUBLIC)
        snprintf(out, cap, "public");
    else if ((know & KNOW_CLIENT) && (know & KNOW_SERVER))
        snprintf(out, cap, "client+server");
    else if (know & KNOW_CLIENT)
        snprintf(out, cap, "client");
    else if (know & KNOW_SERVER)
        snprintf(out, cap, "server");
    else
        snprintf(out, cap, "nobody");
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
    if (!b || n == 0)
        return false;
    if (!strstr(v->id, "plaintext") && !strstr(v->id, "identity"))
        return false;
    for (size_t i = 0; i < n; i++)
        if (b[i] < 0x20 || b[i] > 0x7e)
            return false;
    return true;
}
