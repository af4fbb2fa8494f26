/* test_scenarios13.c — the eavesdropper and the attackers of TLS 1.3
 * (RFC 8446): what the wire still shows (the SNI, both key shares) and
 * what it hides (both certificates, the CertificateRequest, both
 * CertificateVerify); key-leak recovers nothing, because no traffic key
 * has the server's certificate key among its inputs (§7.1); and each wire
 * scenario that runs in 1.3 is caught by the receiving side's real check,
 * at the step and with the alert asserted here. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"
#include "view/tui/tui_hexdump.h"

static sim *run13(const char *name, uint64_t seed)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .scenario = name ? scenario_find(name) : NULL };
    if (name)
        assert_non_null(o.scenario);
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static bool has_bytes(const uint8_t *hay, size_t n, const uint8_t *needle, size_t m)
{
    for (size_t i = 0; m && i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return true;
    return false;
}

static const eve_step *step_named(const eve_result *e, const char *prefix)
{
    for (size_t i = 0; i < e->n_steps; i++)
        if (strncmp(e->steps[i].what, prefix, strlen(prefix)) == 0)
            return &e->steps[i];
    fail_msg("Eve has no step \"%s\"", prefix);
    return NULL;
}

/* The bytes nobody on the path may see in a TLS 1.3 run: both certificates
 * (DER), the client's identity, both CertificateVerify signatures. */
typedef struct secret_bytes {
    const uint8_t *b[6];
    size_t n[6];
    size_t count;
} secret_bytes;

static void secrets_of(const sim *s, secret_bytes *out)
{
    memset(out, 0, sizeof *out);
    out->b[0] = s->pki.client.der;
    out->n[0] = s->pki.client.der_len;
    out->b[1] = s->pki.server.der;
    out->n[1] = s->pki.server.der_len;
    const value_id ids[] = { VAL13_CLIENT_IDENTITY, VAL13_CLIENT_SIGNATURE,
                             VAL13_SERVER_SIGNATURE };
    out->count = 2;
    for (size_t i = 0; i < 3; i++) {
        const trace_value *v = trace_value_get(&s->tr, ids[i]);
        assert_non_null(v);
        party p = v->copy[PARTY_CLIENT] ? PARTY_CLIENT : PARTY_SERVER;
        assert_non_null(v->copy[p]);
        assert_true(v->len[p] >= 8);
        out->b[out->count] = v->copy[p];
        out->n[out->count++] = v->len[p];
    }
}

/* Everything the eavesdropper's view holds: each record's bytes on the wire
 * and each section the interface's eve lens shows of each message. None of
 * it holds a certificate, the client's identity or a signature. */
static void test_public_view_hides_identities(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sim *s = run13(NULL, seed);
        assert_true(s->tr.outcome.ok);
        secret_bytes sb;
        secrets_of(s, &sb);
        size_t sections = 0;
        for (size_t i = 0; i < s->tr.n_recs; i++)
            for (size_t k = 0; k < sb.count; k++)
                assert_false(has_bytes(s->tr.recs[i].bytes, s->tr.recs[i].len, sb.b[k], sb.n[k]));
        for (size_t i = 0; i < s->tr.n_msgs; i++) {
            tui_dump_section sec[TUI_DUMP_SECTIONS];
            size_t ns = tui_msg_sections(&s->tr.msgs[i], true, sec);
            for (size_t j = 0; j < ns; j++, sections++)
                for (size_t k = 0; k < sb.count; k++)
                    assert_false(has_bytes(sec[j].bytes, sec[j].len, sb.b[k], sb.n[k]));
        }
        assert_true(sections >= s->tr.n_msgs);
        /* the same check can fail: the endpoints' own view holds them */
        bool seen_inside = false;
        for (size_t i = 0; i < s->tr.n_msgs; i++) {
            tui_dump_section sec[TUI_DUMP_SECTIONS];
            size_t ns = tui_msg_sections(&s->tr.msgs[i], false, sec);
            for (size_t j = 0; j < ns; j++)
                seen_inside |= has_bytes(sec[j].bytes, sec[j].len, sb.b[0], sb.n[0]);
        }
        assert_true(seen_inside);
        sim_free(s);
    }
}

/* key-leak in 1.3: she sees the SNI and both shares, not the certificates;
 * the stolen key is no input of any traffic key and, tried as the server's
 * share, opens nothing. */
static void test_key_leak_recovers_nothing(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sim *s = run13("key-leak", seed);
        assert_true(s->tr.outcome.ok);
        const eve_result *e = &s->eve;
        assert_ptr_equal(s->tr.eve, e);
        assert_true(e->attempted);
        assert_false(e->recovered);
        assert_int_equal(e->plaintext_len[PARTY_CLIENT], 0);
        assert_int_equal(e->plaintext_len[PARTY_SERVER], 0);
        assert_true(step_named(e, "read the server's name")->ok);
        assert_non_null(strstr(step_named(e, "read the server's name")->detail,
                               "server.classroom.example"));
        const eve_step *shares = step_named(e, "read both key shares");
        assert_true(shares->ok);
        const trace_value *cs = trace_value_get(&s->tr, VAL13_CLIENT_SHARE_PUBLIC);
        assert_non_null(cs);
        assert_int_equal(shares->len, 32);
        assert_memory_equal(shares->bytes, cs->copy[PARTY_CLIENT], 32);
        assert_false(step_named(e, "read the server's certificate")->ok);
        assert_false(step_named(e, "read the CertificateRequest")->ok);
        assert_false(step_named(e, "read the client's certificate")->ok);
        assert_false(step_named(e, "read both CertificateVerify")->ok);
        assert_true(step_named(e, "see whether the handshake succeeded")->ok);
        const eve_step *sched = step_named(e, "find the stolen key among the inputs");
        assert_false(sched->ok);
        /* the walk ends at the ephemeral shares, not the certificate key */
        assert_non_null(strstr(sched->detail, "client_share_private"));
        assert_non_null(strstr(sched->detail, "server_share_private"));
        assert_null(strstr(sched->detail, "cert_private_key"));
        const eve_step *tried = step_named(e, "try the stolen key as the server's key share");
        assert_false(tried->ok);
        assert_int_equal(tried->len, 32);
        const trace_value *ecdhe = trace_value_get(&s->tr, VAL13_ECDHE_SECRET);
        assert_non_null(ecdhe);
        assert_memory_not_equal(tried->bytes, ecdhe->copy[PARTY_CLIENT], 32);
        /* nothing she wrote down names the client */
        secret_bytes sb;
        secrets_of(s, &sb);
        char id[128];
        size_t idn = sb.n[2] < sizeof id - 1 ? sb.n[2] : sizeof id - 1;
        memcpy(id, sb.b[2], idn);
        id[idn] = '\0';
        assert_null(strstr(e->learned, id));
        assert_null(strstr(e->why, id));
        for (size_t i = 0; i < e->n_steps; i++) {
            assert_null(strstr(e->steps[i].detail, id));
            for (size_t k = 0; k < sb.count; k++)
                assert_false(has_bytes(e->steps[i].bytes, e->steps[i].len, sb.b[k], sb.n[k]));
        }
        assert_non_null(strstr(e->why, "forward secrecy"));
        sim_free(s);
    }
}

/* The wire scenarios in TLS 1.3, each caught by the receiver's real check:
 * a changed protected record fails its Poly1305 tag (bad_record_mac, RFC
 * 8446 §5.2); a changed ClientHello or a swapped server key_share gives the
 * two sides different handshake traffic keys (their secrets hash the
 * hellos, §7.1), so the client cannot open the server's first protected
 * record, EncryptedExtensions, at step 4: the record tag fails before the
 * CertificateVerify or Finished check is reached. */
typedef struct row13 {
    const char *name;
    party by;
    int step;
    int alert;
    const char *check; /* the failing check's name begins so */
    int tampered_seq;  /* the record the attacker changed */
} row13;

static const row13 wire_rows[] = {
    { "tampered-record", PARTY_SERVER, 7, ALERT_bad_record_mac, "record tag", 13 },
    { "tampered-finished", PARTY_SERVER, 6, ALERT_bad_record_mac, "record tag", 12 },
    { "tampered-client-hello", PARTY_CLIENT, 4, ALERT_bad_record_mac, "record tag", 1 },
    { "mitm-key-swap", PARTY_CLIENT, 4, ALERT_bad_record_mac, "record tag", 2 },
};

static void test_wire_scenarios(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wire_rows / sizeof wire_rows[0]; i++) {
        const row13 *r = &wire_rows[i];
        assert_true(scenario_runs_in(scenario_find(r->name), TLS_V13));
        for (uint64_t seed = 1; seed <= 2; seed++) {
            sim *s = run13(r->name, seed);
            const trace *t = &s->tr;
            const trace_outcome *o = &t->outcome;
            if (o->ok || o->alert != r->alert || o->sent_by != r->by || o->step != r->step)
                fail_msg("%s (seed %llu): ok=%d alert=%s by=%s step=%d", r->name,
                         (unsigned long long)seed, o->ok, alert_name(o->alert),
                         party_name(o->sent_by), o->step);
            /* exactly the record the attacker meant, and what it carried */
            size_t changed = 0;
            for (size_t k = 0; k < t->n_recs; k++)
                if (t->recs[k].tampered) {
                    changed++;
                    assert_int_equal(t->recs[k].seq, r->tampered_seq);
                }
            assert_int_equal(changed, 1);
            /* the failing check is the receiver's, at that step */
            bool failed = false;
            for (size_t k = 0; k < t->n_checks; k++) {
                const trace_check *c = &t->checks[k];
                if (c->result == ERR_OK || c->who != r->by)
                    continue;
                assert_int_equal(c->step, r->step);
                assert_int_equal(strncmp(c->name, r->check, strlen(r->check)), 0);
                failed = true;
                break;
            }
            assert_true(failed);
            sim_free(s);
        }
    }
    /* the Finished and the data the attackers meant (one message a record) */
    sim *s = run13(NULL, 1);
    assert_string_equal(s->tr.msgs[11].name, "Finished");
    assert_int_equal(s->tr.msgs[11].from, PARTY_CLIENT);
    assert_int_equal(s->tr.msgs[11].seq, 12);
    assert_int_equal(s->tr.msgs[12].content_type, CT_APPLICATION_DATA);
    assert_int_equal(s->tr.msgs[12].seq, 13);
    sim_free(s);
}

/* What runs where: weak-cipher stays TLS 1.2's; the two attackers that
 * count the client's records need one message a record in TLS 1.3. */
static void test_versions_and_framings(void **state)
{
    (void)state;
    hsio_framing msg = { .kind = HSIO_FRAME_MESSAGE }, flight = { .kind = HSIO_FRAME_FLIGHT };
    size_t runs13 = 0;
    for (size_t i = 0; i < scenario_count; i++)
        runs13 += scenario_runs_in(&scenario_list[i], TLS_V13);
    assert_int_equal(runs13, scenario_count - 1);
    const scenario *weak = scenario_find("weak-cipher");
    assert_false(scenario_runs_in(weak, TLS_V13));
    assert_false(scenario_fits(weak, TLS_V13, msg));
    assert_true(scenario_fits(weak, TLS_V12, msg));
    assert_true(scenario_fits(scenario_find("tampered-finished"), TLS_V13, msg));
    assert_false(scenario_fits(scenario_find("tampered-finished"), TLS_V13, flight));
    assert_false(scenario_fits(scenario_find("tampered-record"), TLS_V13, flight));
    assert_true(scenario_fits(scenario_find("tampered-record"), TLS_V12, flight));
    assert_true(scenario_fits(scenario_find("mitm-key-swap"), TLS_V13, flight));
    /* sim refuses what does not fit rather than run without its attacker */
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13,
                      .framing = flight, .scenario = scenario_find("tampered-record") };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_USAGE);
    sim_free(s);
    /* under flight framing the key swap is still caught */
    o.scenario = scenario_find("mitm-key-swap");
    s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.alert, ALERT_bad_record_mac);
    assert_int_equal(s->tr.outcome.sent_by, PARTY_CLIENT);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_public_view_hides_identities),
        cmocka_unit_test(test_key_leak_recovers_nothing),
        cmocka_unit_test(test_wire_scenarios),
        cmocka_unit_test(test_versions_and_framings),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
