/* test_handshake.c — the whole handshake, both endpoints, through the
 * simulator: the two sides agree on every secret they compute separately,
 * every secret is what the RFC formula gives from its inputs, every message
 * parses back and re-encodes to the same bytes, seeded runs repeat exactly,
 * and any byte changed in flight ends the handshake with an alert. */
#include "testlib.h"

#include "crypto/ks.h"
#include "tls/msg/msg.h"
#include "options.h"
#include "run/scenario.h"
#include "view/batch/render.h"
#include "run/sim.h"

static sim *run(const sim_options *o)
{
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, o), ERR_OK);
    return s;
}

/* The value the catalogue names id (its row must exist). */
static const trace_value *named(const trace *t, const char *id)
{
    value_id vid;
    assert_true(values_by_name(id, &vid));
    return trace_value_get(t, vid);
}

static const uint8_t *val(const sim *s, const char *id, party who, size_t want_len)
{
    const trace_value *v = named(&s->tr, id);
    assert_non_null(v);
    assert_non_null(v->copy[who]);
    assert_int_equal(v->len[who], want_len);
    return v->copy[who];
}

/* Both sides computed the secret on their own and got the same bytes. */
static void assert_agree(const sim *s, const char *id, size_t len)
{
    const trace_value *v = named(&s->tr, id);
    assert_non_null(v);
    assert_true(trace_value_match(v));
    assert_int_equal(v->len[0], len);
    assert_int_equal(v->know, KNOW_CLIENT | KNOW_SERVER); /* a shared secret, never on the wire */
}

static void check_run_agrees(const sim_options *o)
{
    sim *s = run(o);
    const trace *t = &s->tr;
    assert_true(t->outcome.ok);
    assert_int_equal(t->outcome.alert, -1);
    assert_int_equal(t->n_msgs, o->kx == KX_TRANSPORT ? 14 : 15);

    const uint8_t *cr = val(s, "client_random", PARTY_CLIENT, 32);
    const uint8_t *sr = val(s, "server_random", PARTY_SERVER, 32);
    size_t pms_len = o->kx == KX_TRANSPORT ? 48 : 32;
    assert_agree(s, "pre_master_secret", pms_len);
    assert_agree(s, "master_secret", 48);
    assert_agree(s, "key_block", 88);
    assert_agree(s, "client_write_key", 32);
    assert_agree(s, "server_write_key", 32);
    assert_agree(s, "client_write_iv", 12);
    assert_agree(s, "server_write_iv", 12);
    assert_agree(s, "client_verify_data", 12);
    assert_agree(s, "server_verify_data", 12);
    const uint8_t *pms = val(s, "pre_master_secret", PARTY_CLIENT, pms_len);

    if (o->kx == KX_ECDHE) {
        /* the pre-master secret is X25519 of one side's private key and the
         * other side's public key, both ways round */
        uint8_t k1[32], k2[32];
        assert_int_equal(crypto_scalarmult(k1, val(s, "client_ecdhe_private", PARTY_CLIENT, 32),
                                           val(s, "server_ecdhe_public", PARTY_SERVER, 32)), 0);
        assert_int_equal(crypto_scalarmult(k2, val(s, "server_ecdhe_private", PARTY_SERVER, 32),
                                           val(s, "client_ecdhe_public", PARTY_CLIENT, 32)), 0);
        assert_memory_equal(k1, pms, 32);
        assert_memory_equal(k2, pms, 32);
        /* private keys are known only to their owner */
        assert_int_equal(trace_value_get(t, VAL_CLIENT_ECDHE_PRIVATE)->know, KNOW_CLIENT);
        assert_int_equal(trace_value_get(t, VAL_SERVER_ECDHE_PRIVATE)->know, KNOW_SERVER);
    } else {
        assert_int_equal(pms[0], 3);
        assert_int_equal(pms[1], 3);
        assert_null(trace_value_get(t, VAL_SERVER_ECDHE_PRIVATE));
    }

    /* master secret = PRF(pms, "master secret" | "extended master secret", …) */
    uint8_t ms[48], kb[88];
    if (o->ems) {
        assert_true(t->ems);
        ks_extended_master_secret(pms, pms_len, val(s, "session_hash", PARTY_CLIENT, 32), ms);
    } else {
        assert_false(t->ems);
        assert_null(trace_value_get(t, VAL_SESSION_HASH));
        ks_master_secret(pms, pms_len, cr, sr, ms);
    }
    assert_memory_equal(ms, val(s, "master_secret", PARTY_SERVER, 48), 48);
    ks_key_block(ms, cr, sr, kb, sizeof kb);
    assert_memory_equal(kb, val(s, "client_write_key", PARTY_CLIENT, 32), 32);
    assert_memory_equal(kb + 32, val(s, "server_write_key", PARTY_CLIENT, 32), 32);
    assert_memory_equal(kb + 64, val(s, "client_write_iv", PARTY_CLIENT, 12), 12);
    assert_memory_equal(kb + 76, val(s, "server_write_iv", PARTY_CLIENT, 12), 12);

    /* the client's identity crossed the wire in its Certificate, in the
     * clear (RFC 5246 §7.4.6): public; the server's verdict is its own */
    const trace_value *id = trace_value_get(t, VAL_CLIENT_IDENTITY);
    assert_non_null(id);
    assert_int_equal(id->know, KNOW_CLIENT | KNOW_SERVER | KNOW_PUBLIC);
    assert_int_equal(id->len[PARTY_CLIENT], 34);
    assert_memory_equal(id->copy[PARTY_CLIENT], "spiffe://classroom.example/student", 34);
    const trace_value *sid = trace_value_get(t, VAL_SERVER_IDENTITY);
    assert_non_null(sid);
    assert_true(sid->know & KNOW_PUBLIC);
    assert_memory_equal(sid->copy[PARTY_SERVER], "server.classroom.example", 24);
    const trace_value *verdict = trace_value_get(t, VAL_CLIENT_AUTHENTICATED);
    assert_non_null(verdict);
    assert_int_equal(verdict->know, KNOW_SERVER);
    assert_int_equal(verdict->step, 4); /* only CertificateVerify completes it */
    assert_int_equal(verdict->len[PARTY_SERVER], 51);
    assert_memory_equal(verdict->copy[PARTY_SERVER],
                        "authenticated as spiffe://classroom.example/student", 51);
    /* the Finished hashes name the messages they cover, CertificateVerify
     * included (a run without a client certificate: test_scenario.c) */
    const trace_value *fh = trace_value_get(t, VAL_CLIENT_FINISHED_HASH);
    assert_non_null(strstr(fh->how, "ServerHelloDone, client Certificate, ClientKeyExchange, "
                                    "CertificateVerify)"));
    assert_non_null(strstr(trace_value_get(t, VAL_SERVER_FINISHED_HASH)->how,
                           "CertificateVerify, client Finished)"));
    const trace_value *ans = trace_value_get(t, VAL_SERVER_APP_PLAINTEXT);
    assert_true(trace_value_match(ans));
    assert_non_null(strstr((const char *)ans->copy[PARTY_CLIENT], "spiffe://classroom.example/student"));
    sim_free(s);
}

static void test_both_sides_agree_over_seeds(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 12; seed++) {
        sim_options o = { .seeded = true, .seed = seed, .ems = seed % 2 == 0 };
        check_run_agrees(&o);
    }
}

static void test_transport_mode_agrees(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 4; seed++) {
        sim_options o = { .seeded = true, .seed = seed, .kx = KX_TRANSPORT, .ems = seed == 2 };
        check_run_agrees(&o);
    }
}

static void test_live_runs_agree_and_differ(void **state)
{
    (void)state;
    sim_options o = { .seeded = false };
    check_run_agrees(&o);
    sim *a = run(&o), *b = run(&o);
    size_t n;
    const uint8_t *x = trace_value_bytes(trace_value_get(&a->tr, VAL_MASTER_SECRET), &n);
    const uint8_t *y = trace_value_bytes(trace_value_get(&b->tr, VAL_MASTER_SECRET), &n);
    assert_memory_not_equal(x, y, 48);
    assert_false(a->tr.seeded);
    sim_free(a);
    sim_free(b);
}

/* The messages, in wire order, for the default run. */
static const char *const wire_order[] = {
    "ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "CertificateRequest",
    "ServerHelloDone", "Certificate", "ClientKeyExchange", "CertificateVerify",
    "ChangeCipherSpec", "Finished", "ChangeCipherSpec", "Finished", "Application data",
    "Application data",
};
static const int wire_steps[] = { 1, 2, 2, 2, 2, 2, 3, 4, 4, 7, 7, 7, 7, 7, 7 };
static const party wire_from[] = { 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1 };

/* Parse a handshake message and write it again: the same bytes. */
static void reencode(const trace_msg *m, bool transport)
{
    uint8_t buf[HS_REC_MAX];
    wr w;
    rd r;
    wr_init(&w, buf, sizeof buf);
    rd_init(&r, m->plain, m->plain_len);
    switch (m->plain[0]) {
    case HT_CLIENT_HELLO: {
        msg_client_hello x;
        assert_int_equal(msg_client_hello_parse(&r, &x, NULL), ERR_OK);
        assert_int_equal(x.n_suites, 1);
        assert_int_equal(x.suites[0], CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256);
        assert_string_equal(x.sni, "server.classroom.example");
        assert_int_equal(x.groups[0], GROUP_X25519);
        assert_int_equal(x.sigalgs[0], SIGALG_ED25519);
        msg_client_hello_write(&w, &x);
        break;
    }
    case HT_SERVER_HELLO: {
        msg_server_hello x;
        assert_int_equal(msg_server_hello_parse(&r, &x, MSG_EXT_SET_ALL, NULL), ERR_OK);
        assert_int_equal(x.version, 0x0303);
        msg_server_hello_write(&w, &x);
        break;
    }
    case HT_CERTIFICATE: {
        msg_certificate x;
        assert_int_equal(msg_certificate_parse(&r, &x, NULL), ERR_OK);
        /* leaf, then its intermediate; never the root (RFC 5246 §7.4.2) */
        assert_int_equal(x.n, 2);
        x509_cert c, ic;
        assert_int_equal(x509_parse(x.der[0], x.der_len[0], &c), ERR_OK);
        assert_int_equal(x509_parse(x.der[1], x.der_len[1], &ic), ERR_OK);
        assert_memory_equal(c.issuer, ic.subject, c.issuer_len);
        assert_true(ic.is_ca);
        assert_string_not_equal(ic.issuer_cn, ic.subject_cn);
        msg_certificate_write(&w, x.der, x.der_len, x.n);
        break;
    }
    case HT_SERVER_KEY_EXCHANGE: {
        msg_server_kx x;
        assert_int_equal(msg_server_kx_parse(&r, &x, NULL), ERR_OK);
        assert_int_equal(x.group, GROUP_X25519);
        assert_int_equal(x.sigalg, SIGALG_ED25519);
        /* signed: nothing to re-encode without the key; the bytes are the params + sig */
        assert_int_equal(m->plain_len, 4 + 4 + 32 + 4 + 64);
        return;
    }
    case HT_CERTIFICATE_REQUEST: {
        msg_cert_request x;
        assert_int_equal(msg_cert_request_parse(&r, &x, NULL), ERR_OK);
        assert_int_equal(x.types[0], CERT_TYPE_ECDSA_SIGN);
        assert_int_equal(x.n_cas, 1);
        msg_cert_request_write(&w, &x);
        break;
    }
    case HT_SERVER_HELLO_DONE:
        assert_int_equal(msg_server_hello_done_parse(&r, NULL), ERR_OK);
        msg_server_hello_done_write(&w);
        break;
    case HT_CLIENT_KEY_EXCHANGE: {
        msg_client_kx x;
        assert_int_equal(msg_client_kx_parse(&r, transport, &x, NULL), ERR_OK);
        msg_client_kx_write(&w, &x);
        break;
    }
    case HT_CERTIFICATE_VERIFY: {
        msg_cert_verify x;
        assert_int_equal(msg_cert_verify_parse(&r, &x, NULL), ERR_OK);
        msg_cert_verify_write(&w, &x);
        break;
    }
    case HT_FINISHED: {
        uint8_t vd[12];
        assert_int_equal(msg_finished_parse(&r, vd, sizeof vd, NULL), ERR_OK);
        msg_finished_write(&w, vd, sizeof vd);
        break;
    }
    default:
        fail_msg("unexpected handshake type %u", m->plain[0]);
    }
    assert_int_equal(wr_status(&w), ERR_OK);
    assert_int_equal(w.len, m->plain_len);
    assert_memory_equal(buf, m->plain, w.len);
}

static void test_wire_order_and_reencode(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 1 };
    sim *s = run(&o);
    const trace *t = &s->tr;
    assert_int_equal(t->n_msgs, 15);
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        assert_string_equal(m->name, wire_order[i]);
        assert_int_equal(m->step, wire_steps[i]);
        assert_int_equal(m->from, wire_from[i]);
        assert_int_equal(m->seq, (int)i + 1);
        /* encrypted from each side's Finished on */
        assert_int_equal(m->sealed, i == 10 || i >= 12);
        /* the record on the wire is header + message (+ tag when sealed) */
        assert_int_equal(m->record_len, 5 + m->plain_len + (m->sealed ? 16 : 0));
        if (!m->sealed)
            assert_memory_equal(m->record + 5, m->plain, m->plain_len);
        /* the named spans cover every byte of the record and stay inside it */
        for (size_t b = 0; b < m->record_len; b++) {
            bool covered = false;
            for (size_t k = 0; k < m->n_rec_spans && !covered; k++) {
                const span *sp = &m->rec_spans[k];
                covered = b >= sp->off && b < sp->off + sp->len;
            }
            if (!covered)
                fail_msg("message %zu (%s): byte %zu is in no span", i + 1, m->name, b);
        }
        for (size_t k = 0; k < m->n_spans; k++)
            assert_true(m->spans[k].off + m->spans[k].len <= m->plain_len);
        /* handshake messages name their fields down to the header and lengths */
        if (m->content_type == CT_HANDSHAKE && !m->sealed && m->plain[0] != HT_CERTIFICATE) {
            for (size_t b = 0; b < m->plain_len; b++) {
                bool leaf = false;
                for (size_t k = 0; k < m->n_spans && !leaf; k++)
                    leaf = b >= m->spans[k].off && b < m->spans[k].off + m->spans[k].len &&
                           render_span_is_leaf(m->spans, m->n_spans, k);
                if (!leaf)
                    fail_msg("%s: byte %zu is in no leaf span", m->name, b);
            }
        }
        if (m->content_type == CT_HANDSHAKE)
            reencode(m, false);
    }
    sim_free(s);
}

static char *render_to_string(const trace *t, bool json, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    render_opts ro = { .timings = false };
    if (json)
        render_json(f, t, &ro);
    else
        render_text(f, t, &ro);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_seeded_runs_repeat_exactly(void **state)
{
    (void)state;
    for (int json = 0; json < 2; json++) {
        sim_options o = { .seeded = true, .seed = 5, .ems = true };
        sim *a = run(&o), *b = run(&o);
        o.seed = 6;
        sim *c = run(&o);
        size_t na, nb, nc;
        char *ta = render_to_string(&a->tr, json, &na);
        char *tb = render_to_string(&b->tr, json, &nb);
        char *tc = render_to_string(&c->tr, json, &nc);
        assert_int_equal(na, nb);
        assert_memory_equal(ta, tb, na);
        assert_true(na != nc || memcmp(ta, tc, na) != 0);
        assert_non_null(strstr(ta, "demo randomness"));
        free(ta);
        free(tb);
        free(tc);
        sim_free(a);
        sim_free(b);
        sim_free(c);
    }
}

/* Flip each byte of each record in flight (every stride-th byte; the
 * valgrind run uses a sparser stride): the handshake must end with an alert
 * from the side that received the damaged record. */
static void test_any_changed_byte_is_caught(void **state)
{
    (void)state;
    const char *e = getenv("TAMPER_STRIDE");
    size_t stride = e ? (size_t)strtoul(e, NULL, 10) : 1;
    if (stride == 0)
        stride = 1;
    sim_options base = { .seeded = true, .seed = 9 };
    sim *clean = run(&base);
    size_t tried = 0;
    for (size_t i = 0; i < clean->tr.n_msgs; i++) {
        const trace_msg *m = &clean->tr.msgs[i];
        for (size_t off = (i % stride); off < m->record_len; off += stride) {
            sim_options o = base;
            scenario_tamper tp;
            o.scenario = scenario_tamper_init(&tp, (int)i + 1, off, (uint8_t)(0x01u << (off % 8)));
            sim *s = run(&o);
            const trace_outcome *out = &s->tr.outcome;
            if (out->ok || out->alert < 0)
                fail_msg("byte %zu of message %zu (%s) changed: ok=%d alert=%d", off, i + 1,
                         m->name, out->ok, out->alert);
            /* the receiver of the damaged record noticed (or the sender, when
             * the damage made the receiver answer something it rejects) */
            assert_true(s->tr.msgs[i].tampered);
            assert_true(out->step >= 1 && out->step <= 7);
            sim_free(s);
            tried++;
        }
    }
    assert_true(tried >= (stride == 1 ? 1500u : 50u));
    sim_free(clean);
}

static void test_tampered_finished_is_bad_record_mac(void **state)
{
    (void)state;
    /* message 11 is the client's encrypted Finished: flip a ciphertext bit */
    scenario_tamper tp;
    sim_options o = { .seeded = true, .seed = 1,
                      .scenario = scenario_tamper_init(&tp, 11, 7, 0x10) };
    sim *s = run(&o);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.alert, ALERT_bad_record_mac);
    assert_int_equal(s->tr.outcome.sent_by, PARTY_SERVER);
    assert_int_equal(s->tr.outcome.step, 7);
    /* the alert itself crossed the wire, encrypted under the server's keys */
    const trace_msg *last = &s->tr.msgs[s->tr.n_msgs - 1];
    assert_int_equal(last->content_type, CT_ALERT);
    assert_int_equal(last->from, PARTY_SERVER);
    assert_int_equal(last->plain[0], 2);
    assert_int_equal(last->plain[1], ALERT_bad_record_mac);
    sim_free(s);

    /* a changed byte in the ClientHello's cipher-suite list is caught by the
     * server when it checks the client's signature over the transcript */
    /* low byte of the one suite: 0xcca9 → 0xcca8 */
    o = (sim_options){ .seeded = true, .seed = 1,
                       .scenario = scenario_tamper_init(&tp, 1, 5 + 4 + 2 + 32 + 1 + 2 + 1, 0x01) };
    s = run(&o);
    assert_int_equal(s->tr.outcome.alert, ALERT_handshake_failure); /* no suite in common */
    assert_int_equal(s->tr.outcome.step, 2);
    sim_free(s);
}

/* Both hellos end with renegotiation_info (RFC 5746 §3.4, §3.6) carrying an
 * empty renegotiated_connection: type 0xff01, length 1, the byte 0. */
static void test_hellos_carry_empty_renegotiation_info(void **state)
{
    (void)state;
    static const uint8_t tail[] = { 0xff, 0x01, 0x00, 0x01, 0x00 };
    for (int kx = 0; kx < 2; kx++) {
        for (int ems = 0; ems < 2; ems++) {
            sim_options o = { .seeded = true, .seed = 3, .ems = ems, .kx = (hs_kx)kx };
            sim *s = run(&o);
            for (size_t i = 0; i < 2; i++) {
                const trace_msg *m = &s->tr.msgs[i];
                assert_true(m->plain_len > sizeof tail);
                assert_memory_equal(m->plain + m->plain_len - sizeof tail, tail, sizeof tail);
                rd r;
                rd_init(&r, m->plain, m->plain_len);
                if (i == 0) {
                    msg_client_hello ch;
                    assert_int_equal(msg_client_hello_parse(&r, &ch, NULL), ERR_OK);
                    assert_true(ch.reneg_info);
                    assert_int_equal(ch.reneg_len, 0);
                    assert_int_equal(ch.ems, ems);
                } else {
                    msg_server_hello sh;
                    assert_int_equal(msg_server_hello_parse(&r, &sh, MSG_EXT_SET_ALL, NULL), ERR_OK);
                    assert_true(sh.reneg_info);
                    assert_int_equal(sh.reneg_len, 0);
                    assert_int_equal(sh.ems, ems);
                }
            }
            sim_free(s);
        }
    }
}

/* An attacker on the wire who makes a hello's renegotiation_info non-empty,
 * as in a renegotiation: 12 bytes of renegotiated_connection. */
static int reneg_target; /* 1: ClientHello, 2: ServerHello */

static bool make_reneg_nonempty(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->seq != reneg_target || *len + 12 > cap || *len < 5 + 4 + 2 + 32 + 1)
        return false;
    /* the extensions length: after version, random, session_id, then the
     * suites and compression (ClientHello) or suite and compression (ServerHello) */
    size_t p = 5 + 4 + 2 + 32;
    p += 1u + b[p];
    if (reneg_target == 1) {
        p += 2u + (size_t)(b[p] << 8 | b[p + 1]);
        p += 1u + b[p];
    } else {
        p += 3;
    }
    uint8_t *t = b + *len - 5;
    if (t[0] != 0xff || t[1] != 0x01 || t[3] != 1 || t[4] != 0)
        return false;
    t[3] = 13; /* extension data: length byte + 12 */
    t[4] = 12; /* renegotiated_connection<0..255> */
    memset(b + *len, 0xab, 12);
    *len += 12;
    size_t rl = (size_t)(b[3] << 8 | b[4]) + 12, hl = ((size_t)b[6] << 16 | (size_t)b[7] << 8 | b[8]) + 12;
    size_t el = (size_t)(b[p] << 8 | b[p + 1]) + 12;
    b[3] = (uint8_t)(rl >> 8), b[4] = (uint8_t)rl;
    b[6] = (uint8_t)(hl >> 16), b[7] = (uint8_t)(hl >> 8), b[8] = (uint8_t)hl;
    b[p] = (uint8_t)(el >> 8), b[p + 1] = (uint8_t)el;
    return true;
}

static const scenario reneg_scenario = { "reneg", "a non-empty renegotiation_info", SC_BOTH,
                                         NULL, NULL, make_reneg_nonempty, false };

/* RFC 5746 §3.6 (server) and §3.4 (client): a non-empty renegotiation_info
 * in an initial handshake ends it with handshake_failure, from the side that
 * received it, at step 2. */
static void test_nonempty_renegotiation_info_is_refused(void **state)
{
    (void)state;
    for (reneg_target = 1; reneg_target <= 2; reneg_target++) {
        sim_options o = { .seeded = true, .seed = 1, .ems = true, .scenario = &reneg_scenario };
        sim *s = run(&o);
        const trace_outcome *out = &s->tr.outcome;
        assert_true(s->tr.msgs[reneg_target - 1].tampered);
        assert_false(out->ok);
        assert_int_equal(out->alert, ALERT_handshake_failure);
        assert_int_equal(out->err, ERR_HS_RENEGOTIATION);
        assert_int_equal(out->step, 2);
        assert_int_equal(out->sent_by, reneg_target == 1 ? PARTY_SERVER : PARTY_CLIENT);
        sim_free(s);
    }
}

/* An attacker strips extended_master_secret (00 17 00 00) from the
 * ServerHello, as a legacy server would answer. */
static bool strip_ems(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    if (c->seq != 2 || *len < 5 + 4 + 2 + 32 + 1)
        return false;
    size_t p = 5 + 4 + 2 + 32;
    p += 1u + b[p] + 3; /* session_id, suite, compression: the extensions length */
    for (size_t i = p + 2; i + 4 <= *len; i++) {
        if (b[i] == 0x00 && b[i + 1] == 0x17 && b[i + 2] == 0 && b[i + 3] == 0) {
            memmove(b + i, b + i + 4, *len - i - 4);
            *len -= 4;
            size_t rl = (size_t)(b[3] << 8 | b[4]) - 4, el = (size_t)(b[p] << 8 | b[p + 1]) - 4;
            size_t hl = ((size_t)b[6] << 16 | (size_t)b[7] << 8 | b[8]) - 4;
            b[3] = (uint8_t)(rl >> 8), b[4] = (uint8_t)rl;
            b[6] = (uint8_t)(hl >> 16), b[7] = (uint8_t)(hl >> 8), b[8] = (uint8_t)hl;
            b[p] = (uint8_t)(el >> 8), b[p + 1] = (uint8_t)el;
            return true;
        }
    }
    return false;
}

static const scenario strip_ems_scenario = { "strip-ems", "a ServerHello without EMS", SC_BOTH,
                                             NULL, NULL, strip_ems, false };

/* RFC 7627 §4: a client that offered the extended master secret does not
 * accept a handshake without it (handshake_failure, step 2); a --no-ems
 * client never looks for it. */
static void test_client_refuses_a_server_without_ems(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .scenario = &strip_ems_scenario };
    sim *s = run(&o);
    assert_true(s->tr.msgs[1].tampered);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.alert, ALERT_handshake_failure);
    assert_int_equal(s->tr.outcome.err, ERR_HS_NO_EMS);
    assert_int_equal(s->tr.outcome.sent_by, PARTY_CLIENT);
    assert_int_equal(s->tr.outcome.step, 2);
    sim_free(s);
}

/* The command line's default is the extended master secret (RFC 7627 §5.2);
 * --no-ems is the legacy one and --ems a no-op. */
static void test_ems_is_the_default(void **state)
{
    (void)state;
    char err[160];
    options o;
    char *none[] = { "mtls-sim", NULL };
    assert_true(options_parse(1, none, &o, err, sizeof err));
    assert_true(o.sim.ems);
    char *no[] = { "mtls-sim", "--no-ems", NULL };
    assert_true(options_parse(2, no, &o, err, sizeof err));
    assert_false(o.sim.ems);
    char *yes[] = { "mtls-sim", "--no-ems", "--ems", NULL };
    assert_true(options_parse(3, yes, &o, err, sizeof err));
    assert_true(o.sim.ems);
    /* and the replay line of a legacy run names --no-ems */
    sim_options so = { .seeded = true, .seed = 2, .ems = false };
    sim *s = run(&so);
    char line[256];
    render_replay_args(&s->tr, line, sizeof line);
    assert_string_equal(line, "--seed 2 --no-ems");
    sim_free(s);
    so.ems = true;
    s = run(&so);
    render_replay_args(&s->tr, line, sizeof line);
    assert_string_equal(line, "--seed 2");
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_sides_agree_over_seeds),
        cmocka_unit_test(test_transport_mode_agrees),
        cmocka_unit_test(test_live_runs_agree_and_differ),
        cmocka_unit_test(test_wire_order_and_reencode),
        cmocka_unit_test(test_seeded_runs_repeat_exactly),
        cmocka_unit_test(test_any_changed_byte_is_caught),
        cmocka_unit_test(test_tampered_finished_is_bad_record_mac),
        cmocka_unit_test(test_hellos_carry_empty_renegotiation_info),
        cmocka_unit_test(test_nonempty_renegotiation_info_is_refused),
        cmocka_unit_test(test_ems_is_the_default),
        cmocka_unit_test(test_client_refuses_a_server_without_ems),
    };
    return cmocka_run_group_tests_name("handshake", tests, test_setup_sodium, NULL);
}
