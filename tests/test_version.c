/* test_version.c — the protocol version as a setting: --tls on the command
 * line, the version in the endpoints' configuration and the trace, and the
 * engine walking the message table of the configured version. */
#include "testlib.h"

#include "options.h"
#include "run/sim.h"
#include "tls/steps.h"

static bool parse(int argc, char **argv, options *o, char *err, size_t cap)
{
    err[0] = '\0';
    return options_parse(argc, argv, o, err, cap);
}

/* The default is TLS 1.2; --tls 1.2 says so explicitly; anything but 1.2
 * and 1.3 is refused with a message naming the option and the value. */
static void test_tls_option(void **state)
{
    (void)state;
    char err[256];
    options o;
    char *none[] = { "mtls-sim", NULL };
    assert_true(parse(1, none, &o, err, sizeof err));
    assert_int_equal(o.sim.version, TLS_V12);
    char *v12[] = { "mtls-sim", "--tls", "1.2", NULL };
    assert_true(parse(3, v12, &o, err, sizeof err));
    assert_int_equal(o.sim.version, TLS_V12);
    char *eq[] = { "mtls-sim", "--tls=1.2", NULL };
    assert_true(parse(2, eq, &o, err, sizeof err));
    assert_int_equal(o.sim.version, TLS_V12);
    const char *bad[] = { "1.1", "1.0", "13", "1.3 ", "", "tls1.3", "1.2.0" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *argv[] = { "mtls-sim", "--tls", (char *)bad[i], NULL };
        assert_false(parse(3, argv, &o, err, sizeof err));
        char want[96];
        snprintf(want, sizeof want, "--tls: unknown version '%s' (use 1.2 or 1.3)", bad[i]);
        assert_string_equal(err, want);
    }
    char *missing[] = { "mtls-sim", "--tls", NULL };
    assert_false(parse(2, missing, &o, err, sizeof err));
    assert_string_equal(err, "option '--tls' needs a value");
}

/* TLS 1.3 has no key transport (RFC 8446 §1.2): --kx transport with it is
 * refused by name, whichever order they come in. */
static void test_transport_refused_in_13(void **state)
{
    (void)state;
    char err[256];
    options o;
    char *a[] = { "mtls-sim", "--batch", "--tls", "1.3", "--kx", "transport", NULL };
    assert_false(parse(6, a, &o, err, sizeof err));
    assert_non_null(strstr(err, "--kx transport cannot be used with --tls 1.3"));
    assert_non_null(strstr(err, "RFC 8446 §1.2"));
    char *b[] = { "mtls-sim", "--kx", "transport", "--tls", "1.3", NULL };
    assert_false(parse(5, b, &o, err, sizeof err));
    assert_non_null(strstr(err, "--kx transport cannot be used with --tls 1.3"));
    /* nor is there an extended master secret to turn off (RFC 8446 §7.1) */
    char *ne[] = { "mtls-sim", "--tls", "1.3", "--no-ems", NULL };
    assert_false(parse(4, ne, &o, err, sizeof err));
    assert_non_null(strstr(err, "--no-ems cannot be used with --tls 1.3"));
    char *ye[] = { "mtls-sim", "--tls", "1.3", "--ems", NULL };
    assert_true(parse(4, ye, &o, err, sizeof err));
    /* with 1.2 the same key exchange is fine */
    char *c[] = { "mtls-sim", "--kx", "transport", "--tls", "1.2", NULL };
    assert_true(parse(5, c, &o, err, sizeof err));
    assert_int_equal(o.sim.kx, KX_TRANSPORT);
    /* and the run itself refuses it too, whoever calls it */
    sim_options so = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13,
                       .kx = KX_TRANSPORT };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_setup(s, &so), ERR_USAGE);
    sim_free(s);
}

/* TLS 1.3 runs from the command line and the run; a version without
 * tables is refused by the run, and an endpoint configured with one writes
 * nothing and does not claim to be done. Every scenario but weak-cipher
 * runs in TLS 1.3 (test_scenarios13.c). */
static void test_version_gates(void **state)
{
    (void)state;
    assert_non_null(steps_for(TLS_V13));
    assert_int_equal(steps_for(TLS_V13)->version, TLS_V13);
    char err[256];
    options o;
    char *a[] = { "mtls-sim", "--batch", "--tls", "1.3", NULL };
    assert_true(parse(4, a, &o, err, sizeof err));
    assert_int_equal(o.sim.version, TLS_V13);
    char *sc[] = { "mtls-sim", "--batch", "--tls", "1.3", "--scenario", "no-client-cert", NULL };
    assert_true(parse(6, sc, &o, err, sizeof err));
    char *wire[] = { "mtls-sim", "--batch", "--tls", "1.3", "--scenario", "tampered-record",
                     NULL };
    assert_true(parse(6, wire, &o, err, sizeof err));
    char *weak[] = { "mtls-sim", "--batch", "--tls", "1.3", "--scenario", "weak-cipher", NULL };
    assert_false(parse(6, weak, &o, err, sizeof err));
    assert_string_equal(err, "--scenario weak-cipher does not run with --tls 1.3: a TLS 1.3 "
                             "client offers only TLS 1.3 suites, and RC4 and 3DES are not "
                             "among them (RFC 8446 §4.1.2, §B.4)");
    char *flight[] = { "mtls-sim", "--batch", "--tls", "1.3", "--scenario", "tampered-finished",
                       "--framing", "flight", NULL };
    assert_false(parse(8, flight, &o, err, sizeof err));
    assert_non_null(strstr(err, "needs --framing message"));
    char *all[] = { "mtls-sim", "--tls", "1.3", "--scenario", "all", NULL };
    assert_true(parse(5, all, &o, err, sizeof err));

    sim_options so = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13 };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &so), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_ptr_equal(s->client.table, hs13_table);
    sim_free(s);
    so.version = (tls_version)7;
    s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_setup(s, &so), ERR_USAGE);
    sim_free(s);

    hs_config cfg = { .role = PARTY_CLIENT, .version = (tls_version)7 };
    rng parent;
    rng_init_seeded(&parent, 1);
    hs *h = calloc(1, sizeof *h);
    assert_non_null(h);
    hs_observer none = { 0 };
    hs_init(h, &cfg, &parent, none);
    assert_null(h->table);
    assert_int_equal(hs_start(h), ERR_USAGE);
    size_t n = 1;
    assert_null(hs_output(h, &n));
    assert_int_equal(n, 0);
    assert_false(h->done);
    hs_wipe(h);
    free(h);
    rng_wipe(&parent);
}

/* The endpoints walk the table of their configured version, and the trace
 * says which version made it. */
static void test_engine_walks_configured_table(void **state)
{
    (void)state;
    sim_options so = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V12 };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &so), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_int_equal(s->tr.version, TLS_V12);
    assert_ptr_equal(trace_steps(&s->tr), steps_for(TLS_V12));
    assert_ptr_equal(s->client.table, hs12_table);
    assert_ptr_equal(s->server.table, hs12_table);
    assert_int_equal(s->client.table_len, hs12_table_len);
    assert_int_equal(s->client.row, hs12_table_len); /* every row walked */
    assert_int_equal(s->ccfg.version, TLS_V12);
    assert_int_equal(s->scfg.version, TLS_V12);
    sim_free(s);
}

static void test_version_names(void **state)
{
    (void)state;
    assert_string_equal(tls_version_str(TLS_V12), "1.2");
    assert_string_equal(tls_version_str(TLS_V13), "1.3");
    assert_string_equal(tls_version_str((tls_version)7), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls_option),
        cmocka_unit_test(test_transport_refused_in_13),
        cmocka_unit_test(test_version_gates),
        cmocka_unit_test(test_engine_walks_configured_table),
        cmocka_unit_test(test_version_names),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
