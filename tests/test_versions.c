/* test_versions.c — the facts --compare-versions sets side by side, read off
 * a seeded TLS 1.2 run and a TLS 1.3 run of the same certificates: round
 * trips before the client's data, when keys exist and each side is
 * authenticated, what is protected and what an eavesdropper reads; and the
 * options it refuses. */
#include "testlib.h"

#include "model/versions.h"
#include "options.h"
#include "run/scenario.h"
#include "run/sim.h"
#include "view/batch/render.h"

static sim *run(tls_version v)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .version = v };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    return s;
}

static void test_facts_of_each_version(void **state)
{
    (void)state;
    sim *a = run(TLS_V12), *b = run(TLS_V13);
    version_facts f12, f13;
    version_facts_of(&a->tr, &f12);
    version_facts_of(&b->tr, &f13);
    /* RFC 5246 §7.3 Figure 1: data after the server's Finished */
    assert_int_equal(f12.round_trips, 2);
    /* RFC 8446 §2 Figure 1: data after the client's own Finished */
    assert_int_equal(f13.round_trips, 1);
    assert_int_equal(f12.first_key_step, STEP_KEYS);
    assert_int_equal(f13.first_key_step, 3); /* the 1.3 table's handshake-keys step */
    assert_int_equal(f12.server_auth_step, STEP_AUTHENTICATION);
    assert_int_equal(f13.server_auth_step, 4);
    assert_int_equal(f12.client_auth_step, STEP_PRE_MASTER);
    assert_int_equal(f13.client_auth_step, 6);
    /* 1.2: only the two Finished; 1.3: all but the two hellos */
    assert_int_equal(f12.protected_handshake, 2);
    assert_int_equal(f13.protected_handshake, f13.handshake_messages - 2);
    assert_true(f12.client_identity_known && f12.client_identity_public);
    assert_true(f13.client_identity_known && !f13.client_identity_public);
    assert_true(f12.server_identity_public);
    assert_false(f13.server_identity_public);
    assert_true(f13.public_values < f12.public_values);
    /* the byte counts are the records' */
    size_t total = 0;
    for (size_t i = 0; i < b->tr.n_recs; i++)
        total += b->tr.recs[i].len;
    assert_int_equal(f13.bytes, total);
    assert_true(f13.bytes_before_data > 0 && f13.bytes_before_data < f13.bytes);
    sim_free(a);
    sim_free(b);
}

/* A run that failed before the client's data has no "before the data": the
 * rows say none (JSON null) instead of counting the whole run. */
static void test_failed_run_has_no_before_data(void **state)
{
    (void)state;
    sim *s[2];
    for (int i = 0; i < 2; i++) {
        s[i] = sim_new();
        assert_non_null(s[i]);
        sim_options o = { .seeded = true, .seed = 1, .ems = true,
                          .version = i ? TLS_V13 : TLS_V12,
                          .scenario = scenario_find("expired-server-cert") };
        assert_int_equal(sim_run(s[i], &o), ERR_OK);
        assert_false(s[i]->tr.outcome.ok);
        version_facts f;
        version_facts_of(&s[i]->tr, &f);
        assert_false(f.data_sent);
        assert_int_equal(f.messages_before_data, 0);
        assert_int_equal(f.bytes_before_data, 0);
        assert_int_equal(f.round_trips, 0);
        assert_true(f.records > 0);
    }
    render_vrow rows[RENDER_VERSIONS_ROWS];
    render_versions_rows(&s[0]->tr, &s[1]->tr, rows);
    size_t none = 0;
    for (int r = 0; r < RENDER_VERSIONS_ROWS; r++)
        if (strstr(rows[r].label, "before the client")) {
            for (int k = 0; k < 2; k++) {
                assert_string_equal(rows[r].v[k], "none: no data sent");
                assert_string_equal(rows[r].j[k], "null");
            }
            none++;
        }
    assert_int_equal(none, 3); /* round trips, messages and bytes */
    /* the clean run counts them */
    sim *c = run(TLS_V13);
    version_facts f;
    version_facts_of(&c->tr, &f);
    assert_true(f.data_sent);
    assert_true(f.messages_before_data > 0 && f.messages_before_data < c->tr.n_msgs);
    sim_free(c);
    sim_free(s[0]);
    sim_free(s[1]);
}

static void test_options_refused_with_it(void **state)
{
    (void)state;
    static const char *const bad[][3] = {
        { "mtls-sim", "--compare-versions", "--tls=1.3" },
        { "mtls-sim", "--compare-versions", "--kx=transport" },
        { "mtls-sim", "--compare-versions", "--no-ems" },
        { "mtls-sim", "--compare-versions", "--scenario=no-client-cert" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        options o;
        char err[256] = "";
        assert_false(options_parse(3, (char **)bad[i], &o, err, sizeof err));
        assert_non_null(strstr(err, "cannot be used with --compare-versions"));
    }
    options o;
    char err[256] = "";
    const char *ok[] = { "mtls-sim", "--compare-versions", "--seed", "4" };
    assert_true(options_parse(4, (char **)ok, &o, err, sizeof err));
    assert_true(o.compare_versions);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_facts_of_each_version),
        cmocka_unit_test(test_failed_run_has_no_before_data),
        cmocka_unit_test(test_options_refused_with_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
