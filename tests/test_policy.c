/* test_policy.c — the policy scenarios (issue 15 items 3, 6, 7, 8) in TLS
 * 1.2 and 1.3: which side refuses, at which step, with which alert and
 * which failed check; the revocation modes on a stale CRL; each side's
 * clock (parsing, the trace's two clocks, a check against the side's own
 * clock); the server's authorization list. */
#include "testlib.h"

#include "model/failure.h"
#include "options.h"
#include "view/batch/render.h"
#include "run/clock.h"
#include "run/scenario_policy.h"
#include "run/sim.h"

static sim *run_with(sim_options o)
{
    sim *s = sim_new();
    assert_non_null(s);
    o.seeded = true;
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static sim *run(const char *name, tls_version v, crl_mode mode)
{
    sim_options o = { .seed = 3, .version = v, .ems = true, .revocation = mode,
                      .scenario = name ? scenario_find(name) : NULL };
    if (name)
        assert_non_null(o.scenario);
    return run_with(o);
}

static const trace_check *first_failure(const trace *t)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].result != ERR_OK)
            return &t->checks[i];
    return NULL;
}

static const trace_check *find_check(const trace *t, party who, const char *name)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].who == who && strcmp(t->checks[i].name, name) == 0)
            return &t->checks[i];
    return NULL;
}

/* side, step (per version), alert, and the check that failed */
static void test_scenarios_refused(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int step12, step13;
        int alert;
        const char *check;
        err_t err;
        const char *detail; /* a phrase the failed check's detail must hold */
    } want[] = {
        { "revoked-client-cert", 3, 6, ALERT_certificate_revoked,
          "client certificate: revocation", ERR_CERT_REVOKED, "is on the CRL, revoked" },
        { "stale-crl", 3, 6, ALERT_certificate_unknown,
          "client certificate: revocation: CRL up to date", ERR_CRL_STALE,
          "nextUpdate 2025-01-08 10:00:00 UTC has passed" },
        { "clock-skew", 3, 6, ALERT_certificate_expired, "client certificate: validity",
          ERR_CERT_NOT_YET_VALID, "notBefore 2025-01-15 09:59:00 UTC is after now "
          "2025-01-15 09:50:00 UTC" },
        { "short-lived", 3, 6, ALERT_certificate_expired, "client certificate: validity",
          ERR_CERT_EXPIRED, "notAfter 2025-01-15 09:50:00 UTC is before now" },
        { "wrong-identity", 4, 6, ALERT_access_denied,
          "authorization: client identity allowed", ERR_AUTHZ_DENIED,
          "authenticated as spiffe://classroom.example/intruder, but the policy allows only "
          "spiffe://classroom.example/student" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        for (tls_version v = TLS_V12; v <= TLS_V13; v++) {
            sim *s = run(want[i].name, v, CRL_MODE_HARD);
            const trace_outcome *o = &s->tr.outcome;
            int step = v == TLS_V12 ? want[i].step12 : want[i].step13;
            if (o->ok || o->sent_by != PARTY_SERVER || o->alert != want[i].alert ||
                o->step != step)
                fail_msg("%s (TLS %s): ok=%d by=%s alert=%s step=%d", want[i].name,
                         tls_version_str(v), o->ok, party_name(o->sent_by),
                         alert_name(o->alert), o->step);
            const trace_check *c = first_failure(&s->tr);
            assert_non_null(c);
            assert_int_equal(c->who, PARTY_SERVER);
            assert_string_equal(c->name, want[i].check);
            assert_int_equal(c->result, want[i].err);
            assert_int_equal(c->step, step);
            if (!strstr(c->detail, want[i].detail))
                fail_msg("%s: detail '%s' lacks '%s'", want[i].name, c->detail,
                         want[i].detail);
            /* the client saw only the alert: it failed no check of its own */
            for (size_t k = 0; k < s->tr.n_checks; k++)
                assert_false(s->tr.checks[k].who == PARTY_CLIENT &&
                             s->tr.checks[k].result != ERR_OK);
            assert_int_equal(s->tr.side[PARTY_CLIENT].alert_received, want[i].alert);
            sim_free(s);
        }
}

/* wrong-identity: authentication passed in full before authorization */
static void test_authz_after_authentication(void **state)
{
    (void)state;
    sim *s = run("wrong-identity", TLS_V12, CRL_MODE_HARD);
    const trace_check *cv = find_check(&s->tr, PARTY_SERVER, "CertificateVerify signature");
    const trace_check *az = find_check(&s->tr, PARTY_SERVER,
                                       "authorization: client identity allowed");
    assert_non_null(cv);
    assert_non_null(az);
    assert_int_equal(cv->result, ERR_OK);
    assert_true(cv < az);
    assert_non_null(trace_value_get(&s->tr, VAL_CLIENT_AUTHENTICATED));
    sim_free(s);
    /* the same certificate, let in by a policy that lists it */
    sim_options o = { .seed = 3, .ems = true, .scenario = scenario_find("wrong-identity"),
                      .authz = "spiffe://classroom.example/student,"
                               "spiffe://classroom.example/intruder" };
    s = run_with(o);
    assert_true(s->tr.outcome.ok);
    az = find_check(&s->tr, PARTY_SERVER, "authorization: client identity allowed");
    assert_non_null(az);
    assert_string_equal(az->detail, "spiffe://classroom.example/intruder is in the server's "
                                    "policy (2 identities allowed)");
    sim_free(s);
    /* the default run: the student is let in */
    s = run(NULL, TLS_V13, CRL_MODE_HARD);
    assert_true(s->tr.outcome.ok);
    az = find_check(&s->tr, PARTY_SERVER, "authorization: client identity allowed");
    assert_non_null(az);
    assert_int_equal(az->result, ERR_OK);
    sim_free(s);
}

static void test_authz_list(void **state)
{
    (void)state;
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_set_authz(s, "a,b,c"), ERR_OK);
    assert_int_equal(s->n_authz, 3);
    assert_string_equal(s->authz[2], "c");
    assert_int_equal(sim_set_authz(s, "a,,b"), ERR_USAGE);
    assert_int_equal(sim_set_authz(s, "a,"), ERR_USAGE);
    assert_int_equal(sim_set_authz(s, ""), ERR_USAGE);
    assert_int_equal(sim_set_authz(s, "1,2,3,4,5,6,7,8,9"), ERR_USAGE);
    sim_free(s);
}

/* stale-crl under each revocation policy */
static void test_stale_crl_modes(void **state)
{
    (void)state;
    for (tls_version v = TLS_V12; v <= TLS_V13; v++) {
        sim *s = run("stale-crl", v, CRL_MODE_SOFT);
        assert_true(s->tr.outcome.ok);
        const trace_check *c = find_check(&s->tr, PARTY_SERVER,
                                          "client certificate: revocation: CRL up to date");
        assert_non_null(c);
        assert_int_equal(c->result, ERR_OK);
        assert_int_equal(c->warning, ERR_CRL_SOFT_FAIL);
        assert_non_null(strstr(c->detail, "soft-fail: accepted without a revocation status"));
        assert_int_equal(s->tr.revocation, CRL_MODE_SOFT);
        /* the serial of an out-of-date CRL is not looked up */
        assert_null(find_check(&s->tr, PARTY_SERVER, "client certificate: revocation"));
        sim_free(s);

        s = run("stale-crl", v, CRL_MODE_OFF);
        assert_true(s->tr.outcome.ok);
        c = find_check(&s->tr, PARTY_SERVER, "client certificate: revocation");
        assert_non_null(c);
        assert_int_equal(c->warning, ERR_OK);
        assert_non_null(strstr(c->detail, "not checked: --revocation off"));
        assert_null(find_check(&s->tr, PARTY_SERVER,
                               "client certificate: revocation: CRL up to date"));
        sim_free(s);

        /* a revoked serial is refused in soft mode too */
        s = run("revoked-client-cert", v, CRL_MODE_SOFT);
        assert_false(s->tr.outcome.ok);
        assert_int_equal(s->tr.outcome.alert, ALERT_certificate_revoked);
        sim_free(s);
    }
}

/* the CRLs a run issues: one per side, from the CA, parsed back; the
 * server's stale one and the client's current one in stale-crl */
/* The CRL in s->crls[p] issued under the name of the issuer of leaf, or NULL. */
static const crl *crl_of_issuer(const sim *s, party p, const x509_cert *leaf)
{
    for (size_t i = 0; i < s->crls[p].set.n; i++) {
        const crl *l = s->crls[p].set.list[i];
        if (l->issuer_len == leaf->issuer_len &&
            memcmp(l->issuer, leaf->issuer, leaf->issuer_len) == 0)
            return l;
    }
    return NULL;
}

static void test_run_crls(void **state)
{
    (void)state;
    sim *s = run("stale-crl", TLS_V12, CRL_MODE_SOFT);
    /* each side holds the CRL of each leaf's issuing CA (the intermediates) */
    for (party p = PARTY_CLIENT; p <= PARTY_SERVER; p++) {
        assert_int_equal(s->crls[p].set.n, 2);
        const crl *c = crl_of_issuer(s, p, &s->pki.client.x);
        const crl *v = crl_of_issuer(s, p, &s->pki.server.x);
        assert_non_null(c);
        assert_non_null(v);
        assert_ptr_not_equal(c, v);
        assert_memory_equal(c->issuer, s->pki.client_ca.x.subject, c->issuer_len);
        assert_memory_equal(v->issuer, s->pki.server_ca.x.subject, v->issuer_len);
        assert_int_equal(c->number, 1);
    }
    /* only the server's CRL from the client's CA is out of date */
    assert_true(crl_of_issuer(s, PARTY_SERVER, &s->pki.client.x)->next_update < s->opt.now);
    assert_true(crl_of_issuer(s, PARTY_SERVER, &s->pki.server.x)->next_update > s->opt.now);
    assert_true(crl_of_issuer(s, PARTY_CLIENT, &s->pki.client.x)->next_update > s->opt.now);
    sim_free(s);
    s = run("revoked-client-cert", TLS_V12, CRL_MODE_HARD);
    const crl *l = crl_of_issuer(s, PARTY_SERVER, &s->pki.client.x);
    assert_int_equal(l->n_revoked, 1);
    assert_memory_equal(l->revoked[0].serial, s->pki.client.x.serial, s->pki.client.x.serial_len);
    sim_free(s);
}

static void test_clock_parse(void **state)
{
    (void)state;
    side_clock c;
    char why[200], out[40];
    assert_true(clock_parse("+2h", &c, why, sizeof why));
    assert_int_equal(c.kind, CLOCK_OFFSET);
    assert_int_equal(c.value, 7200);
    assert_int_equal(clock_resolve(&c, 1000), 8200);
    clock_str(&c, out, sizeof out);
    assert_string_equal(out, "+2h");
    assert_true(clock_parse("-90m", &c, why, sizeof why));
    assert_int_equal(c.value, -5400);
    clock_str(&c, out, sizeof out);
    assert_string_equal(out, "-90m");
    assert_true(clock_parse("-3d", &c, why, sizeof why));
    assert_int_equal(c.value, -3 * 86400);
    assert_true(clock_parse("2026-12-02T10:00:00Z", &c, why, sizeof why));
    assert_int_equal(c.kind, CLOCK_ABSOLUTE);
    assert_int_equal(c.value, 1796205600);
    assert_int_equal(clock_resolve(&c, 5), 1796205600);
    clock_str(&c, out, sizeof out);
    assert_string_equal(out, "2026-12-02T10:00:00Z");
    assert_true(clock_parse("2024-02-29T00:00:00Z", &c, why, sizeof why));
    static const char *const bad[] = { "", "2h", "+2", "+h", "+2w", "+-2h", "+2.5h",
                                       "2026-12-02 10:00:00Z", "2026-12-02T10:00:00",
                                       "2025-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
                                       "2026-12-02T24:00:00Z", "1969-12-31T23:59:59Z",
                                       "+999999999999d", "+40000d" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (clock_parse(bad[i], &c, why, sizeof why))
            fail_msg("'%s' was accepted", bad[i]);
    assert_false(clock_parse("+2w", &c, why, sizeof why));
    assert_non_null(strstr(why, "'+2w' is not an offset"));
}

/* each side's clock: in the trace, and the one its checks use */
static void test_side_clocks(void **state)
{
    (void)state;
    sim_options o = { .seed = 3, .ems = true };
    char why[200];
    assert_true(clock_parse("-2h", &o.clock[PARTY_SERVER], why, sizeof why));
    sim *s = run_with(o);
    assert_int_equal(s->tr.clock[PARTY_CLIENT], SIM_SEEDED_CLOCK);
    assert_int_equal(s->tr.clock[PARTY_SERVER], SIM_SEEDED_CLOCK - 7200);
    /* two hours behind: the client's certificate (notBefore an hour ago)
     * is not yet valid to the server */
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.sent_by, PARTY_SERVER);
    assert_int_equal(s->tr.outcome.alert, ALERT_certificate_expired);
    assert_int_equal(first_failure(&s->tr)->result, ERR_CERT_NOT_YET_VALID);
    sim_free(s);
    /* clock-skew moves the server's clock 10 minutes back from its own */
    o = (sim_options){ .seed = 3, .ems = true, .scenario = scenario_find("clock-skew") };
    assert_true(clock_parse("+1h", &o.clock[PARTY_SERVER], why, sizeof why));
    s = run_with(o);
    assert_int_equal(s->tr.clock[PARTY_SERVER], SIM_SEEDED_CLOCK + 3600 - SC_SKEW_SECONDS);
    assert_true(s->tr.outcome.ok);
    sim_free(s);
    /* a side's clock past what a certificate can name is a usage error */
    o = (sim_options){ .seed = 3, .ems = true };
    assert_true(clock_parse("-60d", &o.clock[PARTY_CLIENT], why, sizeof why));
    o.now = 86400;
    s = sim_new();
    assert_int_equal(sim_run(s, &o), ERR_USAGE);
    sim_free(s);
}

static bool parse(const char *a, const char *b, char *err, size_t cap)
{
    char *argv[] = { "mtls-sim", "--batch", (char *)a, (char *)b, NULL };
    options o;
    return options_parse(b ? 4 : 3, argv, &o, err, cap);
}

static void test_options(void **state)
{
    (void)state;
    char err[512];
    assert_true(parse("--client-clock", "+2h", err, sizeof err));
    assert_true(parse("--server-clock=2026-12-02T10:00:00Z", NULL, err, sizeof err));
    assert_false(parse("--server-clock", "tomorrow", err, sizeof err));
    assert_non_null(strstr(err, "--server-clock: 'tomorrow' is neither an offset"));
    assert_true(parse("--revocation", "soft", err, sizeof err));
    assert_false(parse("--revocation", "maybe", err, sizeof err));
    assert_string_equal(err, "--revocation: unknown mode 'maybe' (use hard, soft or off)");
    assert_true(parse("--peer-id", "spiffe://a/b,spiffe://a/c", err, sizeof err));
    assert_false(parse("--peer-id", "spiffe://a/b,", err, sizeof err));
    assert_non_null(strstr(err, "is not a list of 1 to 8 URIs"));
}

static char *render(const trace *t, bool json)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    render_opts ro = { .timings = false };
    if (json)
        render_json(f, t, &ro);
    else
        render_text(f, t, &ro);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* both sides of a failure: the model, then the text and JSON views */
static void test_both_sides(void **state)
{
    (void)state;
    for (tls_version v = TLS_V12; v <= TLS_V13; v++) {
        sim *s = run("clock-skew", v, CRL_MODE_HARD);
        failure_sides f;
        assert_true(failure_sides_of(&s->tr, &f));
        assert_int_equal(f.rejecter, PARTY_SERVER);
        assert_int_equal(f.other, PARTY_CLIENT);
        assert_non_null(f.check);
        assert_string_equal(f.check->name, "client certificate: validity");
        assert_int_equal(f.reason, ERR_CERT_NOT_YET_VALID);
        assert_int_equal(f.alert, ALERT_certificate_expired);
        assert_non_null(f.msg);
        assert_true(f.other_received);
        /* TLS 1.2: the alert in the clear, 15 03 03 00 02 02 2d; TLS 1.3:
         * after the server's keys changed, sealed */
        if (v == TLS_V12) {
            static const uint8_t rec[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x2d };
            assert_false(f.sealed);
            assert_int_equal(f.msg->record_len, sizeof rec);
            assert_memory_equal(f.msg->record, rec, sizeof rec);
        } else {
            assert_true(f.sealed);
            assert_int_equal(f.msg->record[0], 0x17);
        }
        assert_non_null(f.openssl);
        assert_string_equal(f.openssl->name, "X509_V_ERR_CERT_NOT_YET_VALID");
        assert_int_equal(f.openssl->alert, ALERT_bad_certificate);
        char *text = render(&s->tr, false);
        assert_non_null(strstr(text, "== Both sides of the failure ==\nthe server refused, at "
                                     "step"));
        assert_non_null(strstr(text, "  its check:    client certificate: validity  FAIL\n"));
        assert_non_null(strstr(text, "the client sees:    alert 45 certificate_expired, and "
                                     "nothing more"));
        assert_non_null(strstr(text, "an OpenSSL-based server would log "
                                     "X509_V_ERR_CERT_NOT_YET_VALID (9)"));
        assert_non_null(strstr(text, "the server's clock: 2025-01-15 09:50:00 UTC (10 minutes "
                                     "behind the simulated clock)"));
        assert_non_null(strstr(text, "  to the server's clock 2025-01-15 09:50:00 UTC: not yet "
                                     "valid: it starts in 9 minutes\n"));
        if (v == TLS_V12)
            assert_non_null(strstr(text, "on the wire:    15 03 03 00 02 02 2d  (an alert "
                                         "record in the clear"));
        free(text);
        char *json = render(&s->tr, true);
        assert_non_null(strstr(json, "\"both_sides\": {\"rejected_by\": \"server\", "));
        assert_non_null(strstr(json, "\"error\": \"CERT_NOT_YET_VALID\""));
        assert_non_null(strstr(json, "\"other_side\": {\"party\": \"client\", \"learns\": "
                                     "{\"alert\": 45, \"name\": \"certificate_expired\"}}"));
        assert_non_null(strstr(json, "\"verify_error\": \"X509_V_ERR_CERT_NOT_YET_VALID\""));
        assert_non_null(strstr(json, "\"server\": 1736934600"));
        free(json);
        sim_free(s);
    }
    /* a completed run has no failure to show: null in JSON, no section */
    sim *s = run(NULL, TLS_V12, CRL_MODE_HARD);
    failure_sides f;
    assert_false(failure_sides_of(&s->tr, &f));
    char *json = render(&s->tr, true);
    assert_non_null(strstr(json, "\"both_sides\": null"));
    free(json);
    char *text = render(&s->tr, false);
    assert_null(strstr(text, "== Both sides of the failure =="));
    assert_non_null(strstr(text, "== Clocks and certificate lifetimes =="));
    free(text);
    sim_free(s);
    /* the short-lived timeline: issued, renewal due, expiry, and the clock */
    s = run("short-lived", TLS_V12, CRL_MODE_HARD);
    text = render(&s->tr, false);
    assert_non_null(strstr(text, "  issued (notBefore)   2025-01-15 08:50:00 UTC\n"
                                 "  renewal due          2025-01-15 09:30:00 UTC  (two thirds "
                                 "of its 1 hour lifetime)\n"
                                 "  expires (notAfter)   2025-01-15 09:50:00 UTC\n"
                                 "  to the server's clock 2025-01-15 10:00:00 UTC: expired 10 "
                                 "minutes ago (renewal was due 30 minutes ago)\n"));
    free(text);
    sim_free(s);
    /* every OpenSSL row names an error our checks can give, once */
    for (size_t i = 0; i < failure_openssl_count; i++) {
        assert_true(failure_openssl_list[i].err > ERR_OK && failure_openssl_list[i].err < ERR_COUNT);
        assert_ptr_equal(failure_openssl_of(failure_openssl_list[i].err), &failure_openssl_list[i]);
        assert_int_equal(strncmp(failure_openssl_list[i].name, "X509_V_ERR_", 11), 0);
    }
    assert_null(failure_openssl_of(ERR_HS_FINISHED));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenarios_refused),
        cmocka_unit_test(test_authz_after_authentication),
        cmocka_unit_test(test_authz_list),
        cmocka_unit_test(test_stale_crl_modes),
        cmocka_unit_test(test_run_crls),
        cmocka_unit_test(test_clock_parse),
        cmocka_unit_test(test_side_clocks),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_both_sides),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
