/* test_scenario.c — every row of the fault table of issue 6, in both key
 * exchanges where it applies: which side catches it, at which step, with
 * which alert (RFC 5246 §7.2). The scenarios only inject; these numbers come
 * from the endpoints' real checks. */
#include "testlib.h"

#include "view/batch/render.h"
#include "run/sim.h"
#include "model/trace_diff.h"
#include "view/tui/tui_model.h"

typedef struct row {
    const char *name;
    party by;
    int step;
    int alert;
} row;

static const row table[] = {
    { "expired-client-cert", PARTY_SERVER, 3, ALERT_certificate_expired },
    { "expired-server-cert", PARTY_CLIENT, 3, ALERT_certificate_expired },
    { "not-yet-valid-client-cert", PARTY_SERVER, 3, ALERT_certificate_expired },
    { "untrusted-client-ca", PARTY_SERVER, 3, ALERT_unknown_ca },
    { "untrusted-server-ca", PARTY_CLIENT, 3, ALERT_unknown_ca },
    /* RFC 5246 §7.2.2 bad_certificate: "contained signatures that did not
     * verify correctly" (OpenSSL sends decrypt_error here) */
    { "forged-signature", PARTY_SERVER, 3, ALERT_bad_certificate },
    { "wrong-server-name", PARTY_CLIENT, 3, ALERT_bad_certificate },
    { "wrong-key-usage", PARTY_SERVER, 3, ALERT_unsupported_certificate },
    { "revoked-client-cert", PARTY_SERVER, 3, ALERT_certificate_revoked },
    /* RFC 5280 §6.3.3 (k): status undetermined; RFC 5246 §7.2.2 certificate_unknown */
    { "stale-crl", PARTY_SERVER, 3, ALERT_certificate_unknown },
    /* RFC 5246 §7.2.2 certificate_expired: "expired or is not currently valid" */
    { "clock-skew", PARTY_SERVER, 3, ALERT_certificate_expired },
    { "short-lived", PARTY_SERVER, 3, ALERT_certificate_expired },
    /* after CertificateVerify (step 4): RFC 5246 §7.2.2 access_denied */
    { "wrong-identity", PARTY_SERVER, 4, ALERT_access_denied },
    { "no-client-cert", PARTY_SERVER, 3, ALERT_handshake_failure },
    { "mitm-key-swap", PARTY_CLIENT, 3, ALERT_decrypt_error },
    { "stolen-cert", PARTY_SERVER, 4, ALERT_decrypt_error },
    { "tampered-client-hello", PARTY_SERVER, 4, ALERT_decrypt_error },
    { "weak-cipher", PARTY_SERVER, 2, ALERT_handshake_failure },
    { "tampered-finished", PARTY_SERVER, 7, ALERT_bad_record_mac },
    { "tampered-record", PARTY_SERVER, 7, ALERT_bad_record_mac },
    /* issue 15 (tests/test_chain.c checks each one's failed check and detail) */
    { "client-cert-not-requested", PARTY_SERVER, 3, ALERT_handshake_failure },
    { "missing-intermediate", PARTY_CLIENT, 3, ALERT_unknown_ca },
    { "intermediate-not-ca", PARTY_SERVER, 3, ALERT_unknown_ca },
    { "path-too-long", PARTY_SERVER, 3, ALERT_unknown_ca },
    { "wrong-trust-anchor", PARTY_SERVER, 3, ALERT_unknown_ca },
    { "ca-rotation", PARTY_SERVER, 3, ALERT_unknown_ca },
};

static sim *run(const char *name, hs_kx kx, uint64_t seed)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = seed, .kx = kx, .scenario = scenario_find(name) };
    assert_non_null(o.scenario);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static void test_every_row_in_both_modes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const row *r = &table[i];
        for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
            if (!scenario_applies(scenario_find(r->name), (hs_kx)kx))
                continue;
            for (uint64_t seed = 1; seed <= 2; seed++) {
                sim *s = run(r->name, (hs_kx)kx, seed);
                const trace_outcome *o = &s->tr.outcome;
                if (o->ok || o->alert != r->alert || o->sent_by != r->by || o->step != r->step)
                    fail_msg("%s (%s, seed %llu): ok=%d alert=%s by=%s step=%d", r->name,
                             kx == KX_ECDHE ? "ecdhe" : "transport", (unsigned long long)seed,
                             o->ok, alert_name(o->alert), party_name(o->sent_by), o->step);
                /* the alert crossed the wire as a real record from that side */
                const trace_msg *m = &s->tr.msgs[s->tr.n_msgs - 1];
                bool found = false;
                for (size_t k = 0; k < s->tr.n_msgs; k++) {
                    m = &s->tr.msgs[k];
                    if (m->content_type == CT_ALERT && m->from == r->by) {
                        assert_int_equal(m->plain_len, 2);
                        assert_int_equal(m->plain[0], 2); /* fatal */
                        assert_int_equal(m->plain[1], r->alert);
                        found = true;
                    }
                }
                assert_true(found);
                /* and a failed check of that side names the reason at that step */
                bool failed_check = false;
                for (size_t k = 0; k < s->tr.n_checks; k++) {
                    const trace_check *c = &s->tr.checks[k];
                    failed_check |= c->result != ERR_OK && c->who == r->by && c->step == r->step &&
                                    (int)err_alert(c->result) == r->alert;
                }
                if (!failed_check && r->alert != ALERT_bad_record_mac)
                    fail_msg("%s: no failed check by the %s at step %d", r->name,
                             party_name(r->by), r->step);
                sim_free(s);
            }
        }
    }
}

/* The first failed check of a run. */
static const trace_check *first_failure(const trace *t)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].result != ERR_OK)
            return &t->checks[i];
    return NULL;
}

static bool passed(const trace *t, party who, const char *name)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].who == who && t->checks[i].result == ERR_OK &&
            strcmp(t->checks[i].name, name) == 0)
            return true;
    return false;
}

/* An unknown CA is no path to a trust anchor (RFC 5280 §6.1.3 (a)(4)); a
 * certificate that names the trusted CA but was signed by another key
 * passes that and fails the signature (§6.1.3 (a)(1)). */
static void test_path_and_signature_checks(void **state)
{
    (void)state;
    for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
        sim *s = run("untrusted-client-ca", (hs_kx)kx, 1);
        const trace_check *c = first_failure(&s->tr);
        assert_non_null(c);
        assert_string_equal(c->name, "client certificate: issuer: path to a trusted CA");
        assert_int_equal(c->result, ERR_CERT_UNKNOWN_CA);
        assert_false(passed(&s->tr, PARTY_SERVER, "client certificate: signature"));
        sim_free(s);

        s = run("forged-signature", (hs_kx)kx, 1);
        /* the issuer name and key ID are the trusted CA's, byte for byte */
        assert_int_equal(s->pki.client.x.issuer_len, s->pki.client_ca.x.subject_len);
        assert_memory_equal(s->pki.client.x.issuer, s->pki.client_ca.x.subject,
                            s->pki.client_ca.x.subject_len);
        assert_memory_equal(s->pki.client.x.akid, s->pki.client_ca.x.skid,
                            s->pki.client_ca.x.skid_len);
        assert_true(passed(&s->tr, PARTY_SERVER,
                           "client certificate: issuer: path to a trusted CA"));
        c = first_failure(&s->tr);
        assert_non_null(c);
        assert_int_equal(c->who, PARTY_SERVER);
        assert_string_equal(c->name, "client certificate: signature");
        assert_int_equal(c->result, ERR_CERT_SIGNATURE);
        assert_int_equal(s->tr.outcome.alert, ALERT_bad_certificate);
        /* no verdict: the server never authenticated the client */
        assert_null(trace_value_get(&s->tr, VAL_CLIENT_AUTHENTICATED));
        sim_free(s);
    }
}

/* The message numbers as a view prints them: each "#N" in text order. */
static size_t numbers_in(const char *text, const char *prefix, int *out, size_t cap)
{
    size_t n = 0, plen = strlen(prefix);
    for (const char *p = text; (p = strstr(p, prefix)) != NULL; p += plen) {
        int seq;
        if (sscanf(p + plen, "%d", &seq) == 1 && n < cap)
            out[n++] = seq;
    }
    return n;
}

static char *render_to_string(const trace *t, int kind)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    render_opts ro = { .timings = false };
    if (kind == 0)
        render_text(f, t, &ro);
    else if (kind == 1)
        render_markdown(f, t, NULL, &ro);
    else
        render_json(f, t, &ro);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* True wire order in every view: steps never go back along the wire, so
 * each step's messages, the ladder, the JSON step lists and the
 * interface's wire pane at every step number the records 1, 2, 3, ... */
static void assert_wire_order(const trace *t, const char *name)
{
    for (size_t i = 1; i < t->n_msgs; i++)
        if (t->msgs[i].step < t->msgs[i - 1].step)
            fail_msg("%s: #%d (%s, step %d) after #%d (step %d)", name, t->msgs[i].seq,
                     t->msgs[i].name, t->msgs[i].step, t->msgs[i - 1].seq, t->msgs[i - 1].step);
    /* the interface's wire pane: at each step a prefix of the wire, and at
     * the last step it can reach, all of it */
    tui_item it[64];
    for (int step = 1; step <= HS_STEPS; step++) {
        size_t n = tui_wire_items(t, step, it, 64);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(it[i].index, (int)i);
    }
    assert_int_equal(tui_wire_items(t, tui_max_step(t), it, 64), t->n_msgs);

    int seqs[256];
    /* text: the step sections (up to the outcome), then the monitor */
    char *x = render_to_string(t, 0);
    char *outcome = strstr(x, "\n== Outcome ==");
    assert_non_null(outcome);
    *outcome = '\0';
    size_t n = numbers_in(x, "\n  #", seqs, 256);
    assert_int_equal(n, t->n_msgs);
    for (size_t i = 0; i < n; i++)
        if (seqs[i] != (int)i + 1)
            fail_msg("%s: text view shows #%d in place %zu", name, seqs[i], i + 1);
    free(x);
    /* markdown: the step facts ("- #N ...") */
    x = render_to_string(t, 1);
    n = numbers_in(x, "\n- #", seqs, 256);
    assert_int_equal(n, t->n_msgs);
    for (size_t i = 0; i < n; i++)
        if (seqs[i] != (int)i + 1)
            fail_msg("%s: handout shows #%d in place %zu", name, seqs[i], i + 1);
    free(x);
    /* JSON: the messages listed under the steps, step after step */
    x = render_to_string(t, 2);
    char *steps = strstr(x, "\"steps\": [");
    char *end = steps ? strstr(steps, "\n  ],") : NULL;
    assert_non_null(end);
    *end = '\0';
    n = 0;
    for (char *p = steps; (p = strstr(p, "\"messages\": [")) != NULL;) {
        p += strlen("\"messages\": [");
        while (*p != ']') {
            long v = strtol(p, &p, 10);
            if (n < 256)
                seqs[n++] = (int)v;
            if (*p == ',')
                p++;
            while (*p == ' ')
                p++;
        }
    }
    assert_int_equal(n, t->n_msgs);
    for (size_t i = 0; i < n; i++)
        if (seqs[i] != (int)i + 1)
            fail_msg("%s: JSON steps list #%d in place %zu", name, seqs[i], i + 1);
    free(x);
}

static void test_wire_order_in_failed_runs(void **state)
{
    (void)state;
    for (size_t i = 0; i < scenario_count; i++) {
        for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
            if (!scenario_applies(&scenario_list[i], (hs_kx)kx) ||
                !scenario_runs_in(&scenario_list[i], TLS_V12))
                continue;
            sim *s = run(scenario_list[i].name, (hs_kx)kx, 1);
            assert_wire_order(&s->tr, scenario_list[i].name);
            sim_free(s);
        }
    }

    /* stolen-cert: the server refuses CertificateVerify (#9, step 4), but
     * the client's ChangeCipherSpec and Finished (#10, #11) were already on
     * the wire: the alert is #12 and comes after them, in step 7 */
    sim *s = run("stolen-cert", KX_ECDHE, 1);
    const trace *t = &s->tr;
    assert_int_equal(t->n_msgs, 12);
    assert_string_equal(t->msgs[9].name, "ChangeCipherSpec");
    assert_string_equal(t->msgs[10].name, "Finished");
    assert_int_equal(t->msgs[11].content_type, CT_ALERT);
    assert_int_equal(t->msgs[11].from, PARTY_SERVER);
    assert_int_equal(t->msgs[11].step, 7);
    assert_int_equal(t->outcome.step, 4); /* the check that failed keeps its step */
    assert_int_equal(tui_max_step(t), 7);
    sim_free(s);

    /* no-client-cert: the alert (#11) follows the client's whole flight,
     * ClientKeyExchange (#8) included; the check failed at step 3 */
    s = run("no-client-cert", KX_ECDHE, 1);
    t = &s->tr;
    assert_int_equal(t->n_msgs, 11);
    assert_string_equal(t->msgs[7].name, "ClientKeyExchange");
    assert_int_equal(t->msgs[10].content_type, CT_ALERT);
    assert_int_equal(t->msgs[10].step, 7);
    assert_int_equal(t->outcome.step, 3);
    /* its Finished hash names the messages it covers: no CertificateVerify */
    const trace_value *fh = trace_value_get(t, VAL_CLIENT_FINISHED_HASH);
    assert_non_null(fh);
    assert_non_null(strstr(fh->how, "client Certificate, ClientKeyExchange)"));
    assert_null(strstr(fh->how, "CertificateVerify"));
    sim_free(s);

    /* a failure where nothing else was on its way keeps its own step */
    s = run("expired-server-cert", KX_ECDHE, 1);
    assert_int_equal(s->tr.msgs[s->tr.n_msgs - 1].content_type, CT_ALERT);
    assert_int_equal(s->tr.msgs[s->tr.n_msgs - 1].step, 3);
    sim_free(s);
}

/* A record in the clear that the attacker changed is decoded as it crossed
 * the wire: the fields are the receiver's bytes, RC4 included. */
static void test_tampered_hello_decodes_what_crossed(void **state)
{
    (void)state;
    sim *s = run("tampered-client-hello", KX_ECDHE, 1);
    const trace_msg *m = &s->tr.msgs[0];
    assert_true(m->tampered);
    assert_int_equal(m->plain_len, m->record_len - REC_HEADER_LEN);
    assert_memory_equal(m->plain, m->record + REC_HEADER_LEN, m->plain_len);
    assert_int_equal(m->sent_len, m->record_len - 2); /* one more suite: 2 bytes */
    bool found = false;
    for (size_t i = 0; i < m->n_spans; i++) {
        const span *sp = &m->spans[i];
        if (strcmp(sp->name, "cipher_suites") != 0)
            continue;
        assert_int_equal(sp->len, 6); /* length 0004, 0xcca9, 0x0005 (RC4) */
        assert_true(sp->off + sp->len <= m->plain_len);
        assert_int_equal(m->plain[sp->off + 5], CS_RSA_WITH_RC4_128_SHA & 0xff);
        found = true;
    }
    assert_true(found);
    sim_free(s);
}

static void test_mitm_key_swap_is_ecdhe_only(void **state)
{
    (void)state;
    sim *s = sim_new();
    sim_options o = { .seeded = true, .seed = 1, .kx = KX_TRANSPORT,
                      .scenario = scenario_find("mitm-key-swap") };
    assert_int_equal(sim_run(s, &o), ERR_USAGE);
    sim_free(s);
    assert_null(scenario_find("no-such-scenario"));
}

static void test_same_seed_same_handshake_until_the_fault(void **state)
{
    (void)state;
    /* the scenario changes only what it must: the ClientHello of a run with
     * an expired server certificate is the clean run's, byte for byte */
    sim *clean = sim_new(), *bad = run("expired-server-cert", KX_ECDHE, 4);
    sim_options o = { .seeded = true, .seed = 4 };
    assert_int_equal(sim_run(clean, &o), ERR_OK);
    assert_int_equal(clean->tr.msgs[0].record_len, bad->tr.msgs[0].record_len);
    assert_memory_equal(clean->tr.msgs[0].record, bad->tr.msgs[0].record,
                        bad->tr.msgs[0].record_len);
    /* ... and so is the client certificate the PKI issued */
    assert_memory_equal(clean->pki.client.der, bad->pki.client.der, bad->pki.client.der_len);
    sim_free(clean);
    sim_free(bad);
}

static void test_key_leak(void **state)
{
    (void)state;
    /* key transport: the stolen key opens the recorded session */
    sim *s = run("key-leak", KX_TRANSPORT, 1);
    assert_true(s->tr.outcome.ok);
    assert_true(s->eve.attempted);
    assert_true(s->eve.recovered);
    assert_string_equal(s->eve.plaintext[PARTY_CLIENT], SIM_DEFAULT_MESSAGE);
    assert_non_null(strstr(s->eve.plaintext[PARTY_SERVER], "spiffe://classroom.example/student"));
    /* her master secret is the endpoints' */
    const trace_value *ms = trace_value_get(&s->tr, VAL_MASTER_SECRET);
    bool found = false;
    for (size_t i = 0; i < s->eve.n_steps; i++)
        if (strcmp(s->eve.steps[i].what, "compute the master secret") == 0) {
            assert_int_equal(s->eve.steps[i].len, 48);
            assert_memory_equal(s->eve.steps[i].bytes, ms->copy[PARTY_CLIENT], 48);
            found = true;
        }
    assert_true(found);
    sim_free(s);

    /* the same with the extended master secret */
    sim *e = sim_new();
    sim_options o = { .seeded = true, .seed = 2, .kx = KX_TRANSPORT, .ems = true,
                      .scenario = scenario_find("key-leak") };
    assert_int_equal(sim_run(e, &o), ERR_OK);
    assert_true(e->eve.recovered);
    sim_free(e);

    /* ECDHE: no content, but the wire alone names both sides */
    s = run("key-leak", KX_ECDHE, 1);
    assert_true(s->tr.outcome.ok);
    assert_true(s->eve.attempted);
    assert_false(s->eve.recovered);
    assert_int_equal(s->eve.plaintext_len[0] + s->eve.plaintext_len[1], 0);
    assert_non_null(strstr(s->eve.why, "forward secrecy"));
    assert_non_null(strstr(s->eve.learned, "spiffe://classroom.example/student"));
    assert_non_null(strstr(s->eve.learned, "server.classroom.example"));
    assert_non_null(strstr(s->eve.learned, "the server accepted the client"));
    found = false;
    for (size_t i = 0; i < s->eve.n_steps; i++)
        if (strncmp(s->eve.steps[i].what, "read the client's certificate", 29) == 0) {
            assert_true(s->eve.steps[i].ok);
            assert_non_null(strstr(s->eve.steps[i].detail, "URI spiffe://classroom.example/"));
            found = true;
        }
    assert_true(found);
    /* the sizes she reads are the plaintext sizes: the AEAD adds 16 bytes */
    const trace_value *cp = trace_value_get(&s->tr, VAL_CLIENT_APP_PLAINTEXT);
    char want[64];
    snprintf(want, sizeof want, "%zu bytes of application data to the server", cp->len[0]);
    assert_non_null(strstr(s->eve.learned, want));
    sim_free(s);
}

/* A run repeated from its root key and clock is the same run, live or
 * seeded; with a fault, the comparison names the first message that differs. */
static void test_twin_runs_and_comparison(void **state)
{
    (void)state;
    sim *live = sim_new(), *again = sim_new(), *fault = sim_new();
    sim_options o = { .seeded = false };
    assert_int_equal(sim_run(live, &o), ERR_OK);
    sim_options rep = live->opt;
    rep.root_key = live->root.key;
    assert_int_equal(sim_run(again, &rep), ERR_OK);
    trace_diff d;
    trace_compare(&live->tr, &again->tr, &d);
    assert_int_equal(d.first_seq, 0);
    assert_int_equal(d.n_changed_values + d.n_missing_values, 0);
    assert_int_equal(d.n_same_values, live->tr.n_values);

    rep.scenario = scenario_find("tampered-finished");
    assert_int_equal(sim_run(fault, &rep), ERR_OK);
    trace_compare(&live->tr, &fault->tr, &d);
    assert_int_equal(d.first_seq, 11); /* the client's Finished */
    assert_true(d.first_tampered);
    assert_string_equal(d.first_name, "Finished");
    assert_int_equal(d.first_from, PARTY_CLIENT);
    assert_int_equal(d.n_changed_values, 0); /* the keys are the same; the run just stops */
    assert_true(d.n_missing_values > 0);
    sim_free(live);
    sim_free(again);
    sim_free(fault);

    /* an expired server certificate changes the run from message 3 on */
    sim *clean = sim_new(), *bad = run("expired-server-cert", KX_ECDHE, 1);
    sim_options so = { .seeded = true, .seed = 1 };
    assert_int_equal(sim_run(clean, &so), ERR_OK);
    trace_compare(&clean->tr, &bad->tr, &d);
    assert_int_equal(d.first_seq, 3);
    assert_false(d.first_tampered);
    assert_int_equal(d.n_fault, 7);
    sim_free(clean);
    sim_free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_row_in_both_modes),
        cmocka_unit_test(test_path_and_signature_checks),
        cmocka_unit_test(test_wire_order_in_failed_runs),
        cmocka_unit_test(test_tampered_hello_decodes_what_crossed),
        cmocka_unit_test(test_mitm_key_swap_is_ecdhe_only),
        cmocka_unit_test(test_same_seed_same_handshake_until_the_fault),
        cmocka_unit_test(test_key_leak),
        cmocka_unit_test(test_twin_runs_and_comparison),
    };
    return cmocka_run_group_tests_name("scenario", tests, test_setup_sodium, NULL);
}
