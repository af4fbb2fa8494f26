/* test_hrr13.c — the hello-retry scenario (RFC 8446 §4.1.4): the client's
 * first key_share is for secp256r1, which the server does not take, so the
 * server answers with a HelloRetryRequest and the hellos take a second
 * round trip. Asserted here byte for byte from the RFC, not from the code's
 * own constants: the HelloRetryRequest random is SHA-256("HelloRetryRequest")
 * (§4.1.3, recomputed with libsodium and compared with the RFC's hex); the
 * transcript starts with message_hash, FE 00 00 20 + SHA-256(ClientHello1)
 * (§4.4.1), recomputed from the messages on the wire, and the hello hash and
 * the client handshake traffic secret follow from it; each side sends one
 * dummy ChangeCipherSpec, the server's right after the HelloRetryRequest and
 * the client's right before its second ClientHello (Appendix D.4); and the
 * handshake completes. Attackers defined here make each new check fail, on
 * its side, at its step, with its alert. */
#include "testlib.h"

#include "crypto/ks13.h"
#include "run/scenario.h"
#include "run/sim.h"

/* RFC 8446 §4.1.3, the value as the RFC prints it */
#define HRR_RANDOM_HEX "cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c"

static sim *run(const scenario *sc, uint64_t seed)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .scenario = sc };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static void test_hrr_random_is_the_rfcs(void **state)
{
    (void)state;
    uint8_t h[32];
    crypto_hash_sha256(h, (const uint8_t *)"HelloRetryRequest", strlen("HelloRetryRequest"));
    assert_hex_equal(h, 32, HRR_RANDOM_HEX);
    assert_memory_equal(msg13_hrr_random, h, 32);
    assert_true(msg13_is_hrr_random(h));
    h[31] ^= 1;
    assert_false(msg13_is_hrr_random(h));
    /* message_hash: type 254, uint24 length 32, the hash */
    uint8_t ch1[32], mh[MSG13_MESSAGE_HASH_LEN];
    memset(ch1, 0xab, sizeof ch1);
    msg13_message_hash(ch1, mh);
    assert_int_equal(sizeof mh, 36);
    assert_hex_equal(mh, 4, "fe000020");
    assert_memory_equal(mh + 4, ch1, 32);
}

static const trace_msg *msg_at(const trace *t, size_t i, party from, const char *name)
{
    assert_true(i < t->n_msgs);
    const trace_msg *m = &t->msgs[i];
    if (m->from != from || strcmp(m->name, name) != 0)
        fail_msg("message #%zu is %s's %s, not %s's %s", i + 1, party_name(m->from), m->name,
                 party_name(from), name);
    return m;
}

static const uint8_t *value_of(const trace *t, value_id id, party p, size_t len)
{
    const trace_value *v = trace_value_get(t, id);
    assert_non_null(v);
    assert_non_null(v->copy[p]);
    assert_int_equal(v->len[p], len);
    return v->copy[p];
}

static void test_hello_retry_run(void **state)
{
    (void)state;
    const scenario *sc = scenario_find("hello-retry");
    assert_non_null(sc);
    assert_true(scenario_runs_in(sc, TLS_V13));
    assert_false(scenario_runs_in(sc, TLS_V12));
    assert_string_equal(scenario_versions(sc), "TLS 1.3 only");
    assert_non_null(scenario_why_not(sc, TLS_V12));
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sim *s = run(sc, seed);
        const trace *t = &s->tr;
        /* the handshake completes: a round trip more, nothing failed */
        assert_true(t->outcome.ok);
        assert_int_equal(t->outcome.alert, -1);
        for (size_t i = 0; i < t->n_checks; i++)
            if (t->checks[i].result != ERR_OK)
                fail_msg("check %s failed: %s", t->checks[i].name, t->checks[i].detail);
        assert_true(t->side[PARTY_CLIENT].done && t->side[PARTY_SERVER].done);

        /* the wire order of RFC 8446 §2.1 Figure 2, with Appendix D.4's
         * ChangeCipherSpecs: the server's right after its first handshake
         * message, the client's right before its second flight */
        const trace_msg *ch1 = msg_at(t, 0, PARTY_CLIENT, "ClientHello");
        const trace_msg *hrr = msg_at(t, 1, PARTY_SERVER, "HelloRetryRequest");
        msg_at(t, 2, PARTY_SERVER, "ChangeCipherSpec (dummy)");
        msg_at(t, 3, PARTY_CLIENT, "ChangeCipherSpec (dummy)");
        const trace_msg *ch2 = msg_at(t, 4, PARTY_CLIENT, "ClientHello");
        const trace_msg *sh = msg_at(t, 5, PARTY_SERVER, "ServerHello");
        msg_at(t, 6, PARTY_SERVER, "EncryptedExtensions");
        size_t ccs[2] = { 0, 0 };
        for (size_t i = 0; i < t->n_recs; i++)
            if (t->recs[i].bytes[0] == CT_CHANGE_CIPHER_SPEC)
                ccs[t->recs[i].from]++;
        assert_int_equal(ccs[PARTY_CLIENT], 1);
        assert_int_equal(ccs[PARTY_SERVER], 1);
        assert_int_equal(hrr->step, 1);
        assert_int_equal(ch2->step, 1);
        assert_int_equal(sh->step, 2);

        /* ClientHello1: supported_groups secp256r1, x25519; one key share,
         * for secp256r1, the 65-byte uncompressed base point */
        rd r;
        msg_client_hello c1, c2;
        rd_init(&r, ch1->plain, ch1->plain_len);
        assert_int_equal(msg_client_hello_parse(&r, &c1, NULL), ERR_OK);
        assert_int_equal(c1.n_groups, 2);
        assert_int_equal(c1.groups[0], GROUP_SECP256R1);
        assert_int_equal(c1.groups[1], GROUP_X25519);
        assert_int_equal(c1.n_shares, 1);
        assert_int_equal(c1.share_groups[0], GROUP_SECP256R1);
        assert_false(c1.has_x25519_share);
        assert_hex_equal(c1.p256_share, P256_POINT_LEN,
                         "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
                         "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5");
        /* the HelloRetryRequest: the RFC's random, selected_group x25519 */
        assert_true(hrr->plain_len > 38);
        assert_hex_equal(hrr->plain + 6, 32, HRR_RANDOM_HEX);
        msg_server_hello h;
        rd_init(&r, hrr->plain, hrr->plain_len);
        assert_int_equal(msg_server_hello_parse(&r, &h, msg_ext_offered(&c1), NULL), ERR_OK);
        assert_true(h.hrr);
        assert_int_equal(h.selected_version, TLS13_VERSION);
        assert_int_equal(h.share_group, GROUP_X25519);
        /* the second ClientHello: the same random and session id, one
         * x25519 share */
        rd_init(&r, ch2->plain, ch2->plain_len);
        assert_int_equal(msg_client_hello_parse(&r, &c2, NULL), ERR_OK);
        assert_memory_equal(c2.random, c1.random, 32);
        assert_memory_equal(c2.session_id, c1.session_id, 32);
        assert_int_equal(c2.n_shares, 1);
        assert_true(c2.has_x25519_share);
        assert_memory_equal(c2.x25519_share,
                            value_of(t, VAL13_CLIENT_SHARE_PUBLIC, PARTY_CLIENT, 32), 32);

        /* message_hash = FE 00 00 20 + SHA-256(ClientHello1), from the
         * bytes on the wire; both sides hold it */
        uint8_t want[36];
        want[0] = 0xfe;
        want[1] = want[2] = 0;
        want[3] = 0x20;
        crypto_hash_sha256(want + 4, ch1->plain, ch1->plain_len);
        assert_memory_equal(value_of(t, VAL13_MESSAGE_HASH, PARTY_CLIENT, 36), want, 36);
        assert_memory_equal(value_of(t, VAL13_MESSAGE_HASH, PARTY_SERVER, 36), want, 36);
        assert_memory_equal(value_of(t, VAL13_CH1_HASH, PARTY_SERVER, 32), want + 4, 32);
        /* Transcript-Hash(ClientHello1, HelloRetryRequest, ClientHello2,
         * ServerHello) = SHA-256(message_hash + HRR + CH2 + SH) (§4.4.1) */
        crypto_hash_sha256_state st;
        uint8_t th[32];
        crypto_hash_sha256_init(&st);
        crypto_hash_sha256_update(&st, want, sizeof want);
        crypto_hash_sha256_update(&st, hrr->plain, hrr->plain_len);
        crypto_hash_sha256_update(&st, ch2->plain, ch2->plain_len);
        crypto_hash_sha256_update(&st, sh->plain, sh->plain_len);
        crypto_hash_sha256_final(&st, th);
        const trace_value *hh = trace_value_get(t, VAL13_HELLO_HASH);
        assert_non_null(hh);
        assert_memory_equal(hh->copy[PARTY_CLIENT], th, 32);
        assert_memory_equal(hh->copy[PARTY_SERVER], th, 32);
        assert_non_null(strstr(hh->how, "message_hash + HelloRetryRequest"));
        /* and the client handshake traffic secret is made of it (§7.1) */
        uint8_t chs[32];
        ks13_derive_secret(value_of(t, VAL13_HANDSHAKE_SECRET, PARTY_CLIENT, 32),
                           "c hs traffic", th, chs);
        assert_memory_equal(value_of(t, VAL13_CLIENT_HS_TRAFFIC, PARTY_SERVER, 32), chs, 32);
        /* the later transcript hashes name message_hash first */
        const trace_value *sf = trace_value_get(t, VAL13_SF_HASH);
        assert_non_null(sf);
        assert_non_null(strstr(sf->how, "SHA-256(message_hash, HelloRetryRequest, ClientHello, "
                                        "ServerHello, EncryptedExtensions"));
        sim_free(s);
    }
}

/* Attackers for the checks that a normal run never trips, through the real
 * parser and writer: each rewrites one handshake message alone in its
 * record. */
static bool rewrite(uint8_t *b, size_t *len, size_t cap, const uint8_t *msg, size_t n)
{
    wr out;
    wr_init(&out, b, cap);
    if (rec_write(&out, NULL, CT_HANDSHAKE, msg, n, NULL) != ERR_OK)
        return false;
    *len = out.len;
    return true;
}

/* The server's ServerHello turned into a HelloRetryRequest for x25519,
 * although the client's first share was already x25519: §4.2.8 (2). */
static bool wire_fake_hrr(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->from != PARTY_SERVER || c->type != CT_HANDSHAKE || c->n_same_type > 0 ||
        *len <= REC_HEADER_LEN || b[REC_HEADER_LEN] != HT_SERVER_HELLO)
        return false;
    rd r;
    msg_server_hello m;
    rd_init(&r, b + REC_HEADER_LEN, *len - REC_HEADER_LEN);
    if (msg_server_hello_parse(&r, &m, MSG_EXT_SET_ALL, NULL) != ERR_OK)
        return false;
    memcpy(m.random, msg13_hrr_random, 32);
    m.hrr = true;
    uint8_t msg[512];
    wr w;
    wr_init(&w, msg, sizeof msg);
    msg_server_hello_write(&w, &m);
    return wr_status(&w) == ERR_OK && rewrite(b, len, cap, msg, w.len);
}

/* The second ClientHello with another random: §4.1.2 asks for the same. */
static bool wire_new_random(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->from != PARTY_CLIENT || c->type != CT_HANDSHAKE || c->n_same_type != 1 ||
        *len <= REC_HEADER_LEN || b[REC_HEADER_LEN] != HT_CLIENT_HELLO)
        return false;
    rd r;
    msg_client_hello m;
    rd_init(&r, b + REC_HEADER_LEN, *len - REC_HEADER_LEN);
    if (msg_client_hello_parse(&r, &m, NULL) != ERR_OK)
        return false;
    m.random[0] ^= 0x80;
    uint8_t msg[512];
    wr w;
    wr_init(&w, msg, sizeof msg);
    msg_client_hello_write(&w, &m);
    return wr_status(&w) == ERR_OK && rewrite(b, len, cap, msg, w.len);
}

static void expect_failure(const scenario *sc, party by, int step, int alert, check_id chk)
{
    sim *s = run(sc, 1);
    const trace_outcome *o = &s->tr.outcome;
    if (o->ok || o->sent_by != by || o->step != step || o->alert != alert)
        fail_msg("%s: ok=%d by=%s step=%d alert=%s", sc->name, o->ok, party_name(o->sent_by),
                 o->step, alert_name(o->alert));
    const trace_check *failed = NULL;
    for (size_t i = 0; i < s->tr.n_checks && !failed; i++)
        if (s->tr.checks[i].result != ERR_OK)
            failed = &s->tr.checks[i];
    assert_non_null(failed);
    assert_int_equal(failed->id, chk);
    assert_int_equal(failed->who, by);
    assert_int_equal(failed->step, step);
    /* its alert, about the hellos, goes in the clear: it has no keys yet */
    for (size_t i = 0; i < s->tr.n_msgs; i++)
        if (s->tr.msgs[i].content_type == CT_ALERT && s->tr.msgs[i].from == by)
            assert_int_equal(s->tr.msgs[i].record[0], CT_ALERT);
    sim_free(s);
}

static void test_hrr_checks_fail(void **state)
{
    (void)state;
    scenario fake = { "test-fake-hrr", "", SC_BOTH, NULL, NULL, wire_fake_hrr, false };
    expect_failure(&fake, PARTY_CLIENT, 1, ALERT_illegal_parameter, CHK13_HRR);
    /* on top of hello-retry: the second ClientHello's random changed */
    scenario renew = *scenario_find("hello-retry");
    renew.wire = wire_new_random;
    expect_failure(&renew, PARTY_SERVER, 1, ALERT_illegal_parameter, CHK13_SECOND_HELLO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hrr_random_is_the_rfcs),
        cmocka_unit_test(test_hello_retry_run),
        cmocka_unit_test(test_hrr_checks_fail),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
