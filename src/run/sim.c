/* sim.c — the in-memory wire between the two endpoints. */
#include "run/sim.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

sim *sim_new(void)
{
    sim *s = calloc(1, sizeof *s);
    if (s)
        trace_init(&s->tr);
    return s;
}

void sim_free(sim *s)
{
    if (!s)
        return;
    trace_free(&s->tr);
    hs_wipe(&s->client);
    hs_wipe(&s->server);
    pki_wipe(&s->pki);
    rng_wipe(&s->root);
    rng_wipe(&s->attacker);
    sodium_memzero(&s->thief, sizeof s->thief);
    sodium_memzero(s, sizeof *s);
    free(s);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Records in flight, oldest first. */
typedef struct wire {
    hs_out *q;
    party *from;
    size_t n, head, cap;
} wire;

static err_t wire_take(wire *w, hs *h)
{
    for (size_t i = 0; i < h->n_out; i++) {
        if (w->n == w->cap) {
            size_t nc = w->cap ? 2 * w->cap : 16;
            hs_out *q = realloc(w->q, nc * sizeof *q);
            if (!q)
                return ERR_NOMEM;
            w->q = q;
            party *f = realloc(w->from, nc * sizeof *f);
            if (!f)
                return ERR_NOMEM;
            w->from = f;
            w->cap = nc;
        }
        w->q[w->n] = h->out[i];
        w->from[w->n] = h->role;
        w->n++;
    }
    hs_out_clear(h);
    return ERR_OK;
}

static void configure(sim *s)
{
    const sim_options *o = &s->opt;
    pki *p = &s->pki;
    hs_observer obs = { &s->tr, trace_on_value, trace_on_check };

    s->cchain[0] = &p->client;
    s->ccfg = (hs_config){
        .role = PARTY_CLIENT,
        .kx = o->kx,
        .ems = o->ems,
        .chain = s->cchain,
        .n_chain = 1,
        .key = &p->client_key,
        .anchor = &p->ca.x,
        .server_name = PKI_SERVER_NAME,
        .now = o->now,
        .app_message = o->message,
    };
    s->schain[0] = &p->server;
    s->scfg = (hs_config){
        .role = PARTY_SERVER,
        .kx = o->kx,
        .ems = true, /* the server supports RFC 7627; the client decides */
        .chain = s->schain,
        .n_chain = 1,
        .key = &p->server_key,
        .anchor = &p->ca.x,
        .peer_identity = PKI_CLIENT_URI,
        .now = o->now,
    };
    const scenario *sc = s->opt.scenario;
    if (sc && sc->config)
        sc->config(&s->ccfg, &s->scfg, p, &s->thief);
    hs_init(&s->client, &s->ccfg, &s->root, obs);
    hs_init(&s->server, &s->scfg, &s->root, obs);
}

static void record_outcome(sim *s)
{
    trace_outcome *out = &s->tr.outcome;
    hs *c = &s->client, *v = &s->server;
    out->ok = c->done && v->done && !c->failed && !v->failed;
    out->alert = -1;
    out->step = 0;
    out->err = ERR_OK;
    /* the side that detected the problem is the one that sent an alert */
    hs *first = NULL;
    if (c->alert_sent >= 0 && v->alert_sent >= 0)
        first = c->alert_received >= 0 ? v : c;
    else if (c->alert_sent >= 0)
        first = c;
    else if (v->alert_sent >= 0)
        first = v;
    if (first) {
        out->alert = first->alert_sent;
        out->step = first->fail_step;
        out->sent_by = first->role;
        out->err = first->err;
    } else if (c->failed || v->failed) {
        hs *f = c->failed ? c : v;
        out->step = f->fail_step;
        out->sent_by = f->role;
        out->err = f->err;
    }
}

err_t sim_setup(sim *s, const sim_options *o)
{
    s->opt = *o;
    if (!s->opt.message)
        s->opt.message = SIM_DEFAULT_MESSAGE;
    CHECK(strlen(s->opt.message) <= HS_APP_MAX, ERR_USAGE);
    if (s->opt.now == 0)
        s->opt.now = o->seeded ? SIM_SEEDED_CLOCK : (int64_t)time(NULL);
    if (o->root_key)
        rng_init_key(&s->root, o->root_key, o->seeded, o->seed);
    else if (o->seeded)
        rng_init_seeded(&s->root, o->seed);
    else
        rng_init_live(&s->root);
    s->opt.root_key = NULL; /* the caller's buffer need not outlive this call */

    rng pki_rng;
    rng_fork(&s->root, "classroom pki", &pki_rng);
    pki_options po = { .now = s->opt.now };
    if (o->kx == KX_TRANSPORT) /* the sealed pre-master secret goes to an X25519 key */
        po.edit[po.n_edit++] = pki_edit_server_x25519;
    if (o->scenario) {
        CHECK(scenario_applies(o->scenario, o->kx), ERR_USAGE);
        po.edit[po.n_edit++] = o->scenario->pki;
    }
    err_t e = pki_build(&s->pki, &pki_rng, &po);
    rng_wipe(&pki_rng);
    TRY(e);

    /* the thief's own key pair: the same bytes whatever the scenario */
    uint8_t seed[32];
    rng thief_rng;
    rng_fork(&s->root, "thief", &thief_rng);
    rng_bytes(&thief_rng, seed, sizeof seed);
    rng_wipe(&thief_rng);
    s->thief.type = X509_KEY_ED25519;
    memcpy(s->thief.seed, seed, sizeof seed);
    crypto_sign_seed_keypair(s->thief.pk, s->thief.sk, seed);
    sodium_memzero(seed, sizeof seed);
    return ERR_OK;
}

err_t sim_handshake(sim *s)
{
    const sim_options *o = &s->opt;
    trace *t = &s->tr;
    trace_free(t);
    trace_init(t);
    t->seeded = o->seeded;
    t->seed = o->seed;
    memcpy(t->root_key, s->root.key, sizeof t->root_key);
    t->now = o->now;
    hs_wipe(&s->client);
    hs_wipe(&s->server);
    configure(s);
    rng_fork(&s->root, "attacker", &s->attacker);
    memset(&s->eve, 0, sizeof s->eve);

    wire w = { 0 };
    uint64_t t0 = now_ns();
    t->cur_step = 1;
    err_t e = hs_start(&s->client);
    t->step_ns[1] += now_ns() - t0;
    if (e == ERR_OK || s->client.n_out)
        e = wire_take(&w, &s->client);

    int seq = 0;
    while (e == ERR_OK && w.head < w.n) {
        hs_out *rec = &w.q[w.head];
        party from = w.from[w.head];
        w.head++;
        seq++;
        uint8_t wire_bytes[HS_REC_MAX];
        size_t wire_len = rec->record_len;
        memcpy(wire_bytes, rec->record, wire_len);
        if (o->scenario && o->scenario->wire) {
            scenario_wire_ctx c = { seq, from, rec, &s->attacker };
            o->scenario->wire(&c, wire_bytes, &wire_len, sizeof wire_bytes);
        }
        if (seq == o->tamper_seq && o->tamper_offset < wire_len)
            wire_bytes[o->tamper_offset] ^= o->tamper_xor;
        /* True wire order in every view: an alert answers what the peer had
         * already sent, so it belongs to the step of the last record before
         * it on the wire when that is later than the step that failed (the
         * server's alert follows the client's ChangeCipherSpec and Finished
         * that were on their way; the check that failed keeps its step). */
        if (rec->content_type == CT_ALERT && t->n_msgs > 0 &&
            t->msgs[t->n_msgs - 1].step > rec->step)
            rec->step = t->msgs[t->n_msgs - 1].step;
        t->cur_step = rec->step;
        trace_add_msg(t, from, rec, wire_bytes, wire_len);

        hs *to = from == PARTY_CLIENT ? &s->server : &s->client;
        if (to->failed || to->done)
            continue; /* the peer has stopped reading */
        t0 = now_ns();
        (void)hs_recv(to, wire_bytes, wire_len); /* failures end up in the outcome */
        t->step_ns[rec->step >= 1 && rec->step <= HS_STEPS ? rec->step : HS_STEPS] +=
            now_ns() - t0;
        t->transport = kx_is(&s->client, KX_TRANSPORT) || kx_is(&s->server, KX_TRANSPORT);
        t->ems = s->client.ems;
        t->suite = s->client.suite ? s->client.suite : s->server.suite;
        e = wire_take(&w, to);
    }
    free(w.q);
    free(w.from);
    TRY(e);
    TRY(t->oom);
    record_outcome(s);
    t->scenario = o->scenario ? o->scenario->name : NULL;
    if (o->scenario && o->scenario->key_leak) {
        eve_attack(t, &s->pki.server_key, &s->eve);
        t->eve = &s->eve;
    }
    return ERR_OK;
}

err_t sim_run(sim *s, const sim_options *o)
{
    TRY(sim_setup(s, o));
    return sim_handshake(s);
}
