/* test_chain.c — issue 15's chain scenarios in TLS 1.2 and 1.3: which side
 * refuses, at which step, with which alert, after which failed check and
 * with what detail; the client's choice by the CertificateRequest's CA list
 * (and the 7-byte empty Certificate when it declines); the shapes --chain 1
 * and --client-ca separate. */
#include "testlib.h"

#include "run/sim.h"

static sim *run(const char *name, tls_version v, unsigned chain_len, bool separate)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .version = v, .chain_len = chain_len,
                      .client_ca_separate = separate,
                      .scenario = name ? scenario_find(name) : NULL };
    assert_true(!name || o.scenario);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static const trace_check *first_failure(const trace *t, party who)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].result != ERR_OK && t->checks[i].who == who)
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

typedef struct want {
    const char *scenario;
    party by;
    int step12, step13;
    int alert12, alert13;
    const char *check;  /* the failed check of the refusing side */
    err_t err;
    const char *detail; /* a part of its detail */
} want;

static const want table[] = {
    { "missing-intermediate", PARTY_CLIENT, 3, 4, ALERT_unknown_ca, ALERT_unknown_ca,
      "server certificate: issuer: path to a trusted CA", ERR_CERT_UNKNOWN_CA,
      "CN=server.classroom.example: issuer CN=mtls-sim Server Issuing CA is neither a trusted "
      "CA in the client's trust store (CN=mtls-sim Classroom Root CA) nor a certificate the peer "
      "sent: no path" },
    { "intermediate-not-ca", PARTY_SERVER, 3, 6, ALERT_unknown_ca, ALERT_unknown_ca,
      "client certificate: issuer is a CA", ERR_CERT_ISSUER_NOT_CA,
      "CN=mtls-sim Client Issuing CA has basicConstraints cA FALSE: it is not a CA and may not "
      "issue certificates (RFC 5280 §6.1.4 (k))" },
    { "path-too-long", PARTY_SERVER, 3, 6, ALERT_unknown_ca, ALERT_unknown_ca,
      "client certificate: path length", ERR_CERT_PATH_LEN,
      "CN=mtls-sim Client Issuing CA: pathLenConstraint 0 allows 0 CA certificates below it; "
      "the path has 1" },
    { "wrong-trust-anchor", PARTY_SERVER, 3, 6, ALERT_unknown_ca, ALERT_unknown_ca,
      "client certificate: issuer: path to a trusted CA", ERR_CERT_UNKNOWN_CA,
      "issuer CN=mtls-sim Client Root CA is neither a trusted CA in the server's trust store "
      "(CN=mtls-sim Classroom Root CA)" },
    { "ca-rotation", PARTY_SERVER, 3, 6, ALERT_unknown_ca, ALERT_unknown_ca,
      "client certificate: issuer: path to a trusted CA", ERR_CERT_UNKNOWN_CA,
      "issuer CN=mtls-sim Classroom Root CA is neither a trusted CA in the server's trust store "
      "(CN=mtls-sim Classroom Root CA G2)" },
    { "client-cert-not-requested", PARTY_SERVER, 3, 6, ALERT_handshake_failure,
      ALERT_certificate_required, "client certificate: present", ERR_CERT_MISSING,
      "the client's Certificate message is empty" },
};

static void test_chain_scenarios_both_versions(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const want *w = &table[i];
        for (int v = TLS_V12; v <= TLS_V13; v++) {
            sim *s = run(w->scenario, (tls_version)v, 0, false);
            const trace_outcome *o = &s->tr.outcome;
            int alert = v == TLS_V12 ? w->alert12 : w->alert13;
            int step = v == TLS_V12 ? w->step12 : w->step13;
            if (o->ok || o->alert != alert || o->sent_by != w->by || o->step != step)
                fail_msg("%s (TLS %s): ok=%d alert=%s by=%s step=%d", w->scenario,
                         v == TLS_V12 ? "1.2" : "1.3", o->ok, alert_name(o->alert),
                         party_name(o->sent_by), o->step);
            const trace_check *c = first_failure(&s->tr, w->by);
            assert_non_null(c);
            assert_string_equal(c->name, w->check);
            /* TLS 1.3 refuses the empty Certificate with its own code (§4.4.2.4) */
            err_t err = v == TLS_V13 && w->err == ERR_CERT_MISSING ? ERR_HS_CERT_REQUIRED : w->err;
            assert_int_equal(c->result, err);
            if (!strstr(c->detail, w->detail))
                fail_msg("%s: detail '%s' lacks '%s'", w->scenario, c->detail, w->detail);
            sim_free(s);
        }
    }
}

static void test_client_declines_with_the_empty_certificate(void **state)
{
    (void)state;
    for (int v = TLS_V12; v <= TLS_V13; v++) {
        sim *s = run("client-cert-not-requested", (tls_version)v, 0, false);
        const trace_check *c = first_failure(&s->tr, PARTY_CLIENT);
        assert_non_null(c);
        assert_string_equal(c->name, "client certificate: choice by the requested CAs");
        assert_int_equal(c->result, ERR_CERT_NOT_REQUESTED);
        assert_string_equal(c->detail, "the client declined: its issuer CN=Partner School CA is "
                                       "not among the requested CAs CN=mtls-sim Classroom Root "
                                       "CA; it sends the empty Certificate message");
        /* the client did not fail: the server's alert ended the handshake */
        assert_int_equal(s->tr.side[PARTY_CLIENT].alert_sent, -1);
        /* the client's Certificate message: in TLS 1.2 seven bytes, a header
         * and an empty certificate_list (RFC 5246 §7.4.6) */
        bool seen = false;
        for (size_t k = 0; k < s->tr.n_msgs; k++) {
            const trace_msg *m = &s->tr.msgs[k];
            if (m->from != PARTY_CLIENT || strcmp(m->name, "Certificate") != 0)
                continue;
            seen = true;
            if (v == TLS_V12) {
                assert_int_equal(m->plain_len, 7);
                assert_memory_equal(m->plain, "\x0b\x00\x00\x03\x00\x00\x00", 7);
            } else {
                /* context length 0, empty list (RFC 8446 §4.4.2) */
                assert_int_equal(m->plain_len, 8);
            }
        }
        assert_true(seen);
        sim_free(s);
    }
}

static void test_default_choice_and_chains(void **state)
{
    (void)state;
    for (int v = TLS_V12; v <= TLS_V13; v++) {
        sim *s = run(NULL, (tls_version)v, 0, false);
        assert_true(s->tr.outcome.ok);
        const trace_check *c =
            find_check(&s->tr, PARTY_CLIENT, "client certificate: choice by the requested CAs");
        assert_non_null(c);
        assert_int_equal(c->result, ERR_OK);
        assert_non_null(strstr(c->detail, "chose CN=student (spiffe://classroom.example/student)"
                                          ": its chain reaches the requested CN=mtls-sim "
                                          "Classroom Root CA"));
        assert_non_null(strstr(c->detail, "not chosen: CN=student (spiffe://partner-school."
                                          "example/student) from CN=Partner School CA: its "
                                          "issuer is not requested"));
        /* both sides sent leaf + intermediate */
        assert_int_equal(s->client.own.n_chain, 2);
        assert_int_equal(s->server.peer_n, 2);
        assert_int_equal(s->client.peer_n, 2);
        assert_non_null(find_check(&s->tr, PARTY_SERVER, "client certificate: path length"));
        sim_free(s);
    }
    /* --chain 1: the leaf alone, under the root */
    sim *s = run(NULL, TLS_V12, 1, false);
    assert_true(s->tr.outcome.ok);
    assert_int_equal(s->server.peer_n, 1);
    assert_int_equal(s->client.peer_n, 1);
    sim_free(s);
    /* --client-ca separate: the server trusts the client root and lists it */
    s = run(NULL, TLS_V13, 0, true);
    assert_true(s->tr.outcome.ok);
    assert_string_equal(s->scfg.trust.anchor[0]->subject_cn, "mtls-sim Client Root CA");
    const trace_check *c =
        find_check(&s->tr, PARTY_CLIENT, "client certificate: choice by the requested CAs");
    assert_non_null(c);
    assert_non_null(strstr(c->detail, "the requested CN=mtls-sim Client Root CA"));
    sim_free(s);
    /* the overlap of a rotation: both roots trusted and listed; it completes */
    s = run("ca-rotation-overlap", TLS_V12, 0, false);
    assert_true(s->tr.outcome.ok);
    assert_int_equal(s->scfg.trust.n, 2);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chain_scenarios_both_versions),
        cmocka_unit_test(test_client_declines_with_the_empty_certificate),
        cmocka_unit_test(test_default_choice_and_chains),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
