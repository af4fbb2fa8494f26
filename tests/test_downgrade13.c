/* test_downgrade13.c — the downgrade scenario (RFC 8446 §4.1.3): both
 * sides also speak TLS 1.2, an attacker strips supported_versions from the
 * ClientHello, the server answers with TLS 1.2 and ends its random with
 * 44 4F 57 4E 47 52 44 01, and the TLS 1.3 client aborts with
 * illegal_parameter (47) at step 2, its downgrade check failing. Asserted
 * from the bytes on the wire: what the attacker removed, the server's TLS 1.2
 * flight, the sentinel (the RFC's bytes, not the code's constant), and that
 * the server's ServerKeyExchange signature covers it. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"

static sim *run(uint64_t seed)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .scenario = scenario_find("downgrade") };
    assert_non_null(o.scenario);
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static bool has_versions_ext(const uint8_t *msg, size_t n)
{
    rd r;
    msg_client_hello m;
    rd_init(&r, msg, n);
    assert_int_equal(msg_client_hello_parse(&r, &m, NULL), ERR_OK);
    return m.n_versions > 0;
}

static void test_downgrade_caught_by_sentinel(void **state)
{
    (void)state;
    const scenario *sc = scenario_find("downgrade");
    assert_true(scenario_runs_in(sc, TLS_V13));
    assert_false(scenario_runs_in(sc, TLS_V12));
    assert_string_equal(scenario_versions(sc), "TLS 1.3 only");
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sim *s = run(seed);
        const trace *t = &s->tr;
        assert_int_equal(t->version, TLS_V13); /* the run starts as TLS 1.3 */
        /* side, step, alert */
        const trace_outcome *o = &t->outcome;
        assert_false(o->ok);
        assert_int_equal(o->sent_by, PARTY_CLIENT);
        assert_int_equal(o->step, 2);
        assert_int_equal(o->alert, ALERT_illegal_parameter);
        assert_int_equal(o->alert, 47);
        assert_int_equal(t->side[PARTY_SERVER].alert_received, 47);
        /* the failed check: the client's downgrade check, the first to fail */
        const trace_check *failed = NULL;
        for (size_t i = 0; i < t->n_checks && !failed; i++)
            if (t->checks[i].result != ERR_OK)
                failed = &t->checks[i];
        assert_non_null(failed);
        assert_int_equal(failed->id, CHK13_DOWNGRADE);
        assert_int_equal(failed->who, PARTY_CLIENT);
        assert_int_equal(failed->step, 2);
        assert_int_equal(failed->result, ERR_HS_ILLEGAL_PARAM);

        /* what the attacker did: the client wrote supported_versions
         * (0x0304, 0x0303), the server got a ClientHello without it */
        const trace_msg *ch = &t->msgs[0];
        assert_string_equal(ch->name, "ClientHello");
        assert_true(ch->tampered);
        assert_non_null(ch->sent);
        assert_true(has_versions_ext(ch->sent + REC_HEADER_LEN, ch->sent_len - REC_HEADER_LEN));
        assert_false(has_versions_ext(ch->plain, ch->plain_len));

        /* the run ends in TLS 1.2 messages: the server's whole 1.2 flight */
        static const char *const flight[] = { "ServerHello", "Certificate", "ServerKeyExchange",
                                              "CertificateRequest", "ServerHelloDone" };
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(t->msgs[1 + i].from, PARTY_SERVER);
            assert_string_equal(t->msgs[1 + i].name, flight[i]);
            assert_int_equal(t->msgs[1 + i].record[0], CT_HANDSHAKE); /* in the clear */
        }
        const trace_msg *sh = &t->msgs[1];
        rd r;
        msg_server_hello h;
        rd_init(&r, sh->plain, sh->plain_len);
        assert_int_equal(msg_server_hello_parse(&r, &h, MSG_EXT_SET_ALL, NULL), ERR_OK);
        assert_int_equal(h.selected_version, 0);
        assert_int_equal(h.version, 0x0303);
        assert_int_equal(h.suite, CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256);
        /* RFC 8446 §4.1.3: "44 4F 57 4E 47 52 44 01" */
        assert_hex_equal(h.random + 24, 8, "444f574e47524401");
        assert_memory_equal(h.random + 24, "DOWNGRD\x01", 8);
        const trace_value *sr = trace_value_get(t, VAL_SERVER_RANDOM);
        assert_non_null(sr);
        assert_non_null(strstr(sr->how, "44 4F 57 4E 47 52 44 01"));
        /* the client's alert, about the hellos, in the clear */
        const trace_msg *a = &t->msgs[6];
        assert_int_equal(a->from, PARTY_CLIENT);
        assert_int_equal(a->content_type, CT_ALERT);
        assert_int_equal(a->record[0], CT_ALERT);

        /* the sentinel is signed: ServerKeyExchange's signature covers
         * client_random + server_random + params (RFC 8422 §5.4) */
        const trace_msg *ske = &t->msgs[3];
        msg_server_kx kx;
        rd_init(&r, ske->plain, ske->plain_len);
        assert_int_equal(msg_server_kx_parse(&r, &kx, NULL), ERR_OK);
        rd_init(&r, ch->plain, ch->plain_len);
        msg_client_hello c;
        assert_int_equal(msg_client_hello_parse(&r, &c, NULL), ERR_OK);
        uint8_t tbs[64 + MSG_ECDH_PARAMS_LEN];
        memcpy(tbs, c.random, 32);
        memcpy(tbs + 32, h.random, 32);
        memcpy(tbs + 64, kx.params, kx.params_len);
        const uint8_t *pk = s->pki.server_key.pk;
        assert_int_equal(crypto_sign_verify_detached(kx.sig, tbs, sizeof tbs, pk), 0);
        tbs[63] ^= 1; /* without the sentinel's last byte it no longer verifies */
        assert_int_not_equal(crypto_sign_verify_detached(kx.sig, tbs, sizeof tbs, pk), 0);
        sim_free(s);
    }
}

/* Without the attacker the same two endpoints run TLS 1.3: the sentinel
 * appears only when the server was made to answer with 1.2. */
static void test_without_attacker_tls13(void **state)
{
    (void)state;
    scenario both = *scenario_find("downgrade");
    both.wire = NULL;
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13,
                      .scenario = &both };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_string_equal(s->tr.msgs[1].name, "ServerHello");
    assert_string_equal(s->tr.msgs[3].name, "EncryptedExtensions");
    const trace_value *sr = trace_value_get(&s->tr, VAL_SERVER_RANDOM);
    assert_non_null(sr);
    const uint8_t *r = sr->copy[PARTY_SERVER];
    assert_non_null(r);
    assert_memory_not_equal(r + 24, "DOWNGRD", 7);
    /* the ClientHello offered both versions */
    assert_true(has_versions_ext(s->tr.msgs[0].plain, s->tr.msgs[0].plain_len));
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_downgrade_caught_by_sentinel),
        cmocka_unit_test(test_without_attacker_tls13),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
