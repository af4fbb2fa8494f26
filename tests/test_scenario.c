/* test_scenario.c — every row of the fault table of issue 6, in both key
 * exchanges where it applies: which side catches it, at which step, with
 * which alert (RFC 5246 §7.2). The scenarios only inject; these numbers come
 * from the endpoints' real checks. */
#include "testlib.h"

#include "sim.h"
#include "trace_diff.h"

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
    { "wrong-server-name", PARTY_CLIENT, 3, ALERT_bad_certificate },
    { "wrong-key-usage", PARTY_SERVER, 3, ALERT_unsupported_certificate },
    { "revoked-client-cert", PARTY_SERVER, 3, ALERT_certificate_revoked },
    { "no-client-cert", PARTY_SERVER, 3, ALERT_handshake_failure },
    { "mitm-key-swap", PARTY_CLIENT, 3, ALERT_decrypt_error },
    { "stolen-cert", PARTY_SERVER, 4, ALERT_decrypt_error },
    { "tampered-client-hello", PARTY_SERVER, 4, ALERT_decrypt_error },
    { "weak-cipher", PARTY_SERVER, 2, ALERT_handshake_failure },
    { "tampered-finished", PARTY_SERVER, 7, ALERT_bad_record_mac },
    { "tampered-record", PARTY_SERVER, 7, ALERT_bad_record_mac },
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
    const trace_value *ms = trace_value_get(&s->tr, "master_secret");
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

    /* ECDHE: nothing */
    s = run("key-leak", KX_ECDHE, 1);
    assert_true(s->tr.outcome.ok);
    assert_true(s->eve.attempted);
    assert_false(s->eve.recovered);
    assert_int_equal(s->eve.plaintext_len[0] + s->eve.plaintext_len[1], 0);
    assert_non_null(strstr(s->eve.why, "forward secrecy"));
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
        cmocka_unit_test(test_mitm_key_swap_is_ecdhe_only),
        cmocka_unit_test(test_same_seed_same_handshake_until_the_fault),
        cmocka_unit_test(test_key_leak),
        cmocka_unit_test(test_twin_runs_and_comparison),
    };
    return cmocka_run_group_tests_name("scenario", tests, test_setup_sodium, NULL);
}
