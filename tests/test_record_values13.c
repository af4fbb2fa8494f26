/* test_record_values13.c — what each protected TLS 1.3 record is made of,
 * as the trace reports it, checked against the record's own bytes and the
 * traffic IVs of the key schedule: the nonce is the sender's write IV XOR
 * the sequence number left-padded to 12 bytes (RFC 8446 §5.3), the
 * additional data is the record's 5-byte header (§5.2), the inner type is
 * the content type the record really carries (§5.2), and the tag is the
 * record's last 16 bytes; the header and tag are public (on the wire), the
 * nonce and the inner type known to the two endpoints only. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"

static sim *run(const char *sc, uint64_t seed)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .scenario = sc ? scenario_find(sc) : NULL, .record_values13 = true };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static const trace_value *get(const trace *t, value_id id)
{
    const trace_value *v = trace_value_get(t, id);
    if (!v)
        fail_msg("%s is not reported", values_row(id)->id);
    return v;
}

/* The sender's IV for a record: handshake messages under the handshake
 * traffic key, data under the application one (RFC 8446 §7.3). */
static const uint8_t *iv_for(const trace *t, const trace_msg *m)
{
    bool client = m->from == PARTY_CLIENT;
    value_id id = m->content_type == CT_APPLICATION_DATA
                      ? (client ? VAL13_CLIENT_AP_IV : VAL13_SERVER_AP_IV)
                      : (client ? VAL13_CLIENT_HS_IV : VAL13_SERVER_HS_IV);
    return get(t, id)->copy[m->from];
}

/* both: every record was read, so the receiver holds its own copies too
 * (in a failed run the records after the failure were not). */
static size_t check_run(const trace *t, bool both)
{
    size_t checked = 0;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (!m->sealed)
            continue;
        uint8_t ht = m->content_type == CT_HANDSHAKE ? m->plain[0] : 0;
        value_id nid = values13_sealed(m->from, m->content_type, ht, SEAL13_NONCE);
        assert_int_not_equal(nid, VAL_NONE);
        const trace_value *nonce = get(t, nid);
        const trace_value *aad = get(t, values13_sealed(m->from, m->content_type, ht, SEAL13_AAD));
        const trace_value *in =
            get(t, values13_sealed(m->from, m->content_type, ht, SEAL13_INNER_TYPE));
        const trace_value *tag = get(t, values13_sealed(m->from, m->content_type, ht, SEAL13_TAG));
        /* nonce = iv XOR (0^32 || seq), recomputed here */
        uint8_t want[12];
        memcpy(want, iv_for(t, m), 12);
        for (int k = 0; k < 8; k++)
            want[11 - k] ^= (uint8_t)(m->seal.seq >> (8 * k));
        for (int p = 0; p < 2; p++) {
            if (!nonce->copy[p] && !both && p != (int)m->from)
                continue;
            assert_int_equal(nonce->len[p], 12);
            assert_memory_equal(nonce->copy[p], want, 12);
        }
        assert_non_null(strstr(nonce->how, "XOR"));
        /* AAD: the header as it crossed the wire; inner type; tag: the last 16 bytes */
        assert_int_equal(aad->len[m->from], 5);
        assert_memory_equal(aad->copy[m->from], m->record, 5);
        assert_int_equal(m->record[0], CT_APPLICATION_DATA);
        assert_int_equal(in->len[m->from], 1);
        assert_int_equal(in->copy[m->from][0], m->content_type);
        if (both || in->copy[party_peer(m->from)])
            assert_int_equal(in->copy[party_peer(m->from)][0], m->content_type);
        assert_memory_equal(tag->copy[m->from], m->record + m->record_len - 16, 16);
        /* who knows them */
        assert_true(aad->know & KNOW_PUBLIC);
        assert_true(tag->know & KNOW_PUBLIC);
        assert_false(nonce->know & KNOW_PUBLIC);
        assert_false(in->know & KNOW_PUBLIC);
        /* the receiver knows it once it opened the record */
        unsigned peer = m->from == PARTY_CLIENT ? KNOW_SERVER : KNOW_CLIENT;
        assert_int_equal((nonce->know & peer) != 0, nonce->copy[party_peer(m->from)] != NULL);
        if (both)
            assert_true(nonce->know & peer);
        checked++;
    }
    return checked;
}

static void test_each_protected_record(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 2; seed++) {
        sim *s = run(NULL, seed);
        /* EE, CR, Certificate, CertificateVerify, Finished; Certificate,
         * CertificateVerify, Finished; data both ways */
        assert_int_equal(check_run(&s->tr, true), 10);
        /* the first of a key's records is number 0, and so its nonce is the IV */
        const trace_value *n0 = get(&s->tr, VAL13_SERVER_EE_NONCE);
        assert_memory_equal(n0->copy[PARTY_SERVER], get(&s->tr, VAL13_SERVER_HS_IV)->copy[PARTY_SERVER],
                            12);
        assert_non_null(strstr(n0->how, "number 0,"));
        sim_free(s);
    }
    /* an alert record: the client's, under its handshake key */
    sim *s = run("expired-server-cert", 1);
    assert_true(check_run(&s->tr, false) >= 6);
    const trace_value *in = get(&s->tr, VAL13_CLIENT_ALERT_INNER_TYPE);
    assert_int_equal(in->copy[PARTY_CLIENT][0], CT_ALERT);
    assert_int_equal(in->copy[PARTY_SERVER][0], CT_ALERT);
    sim_free(s);
}

/* A record that holds several messages (--framing flight) is the record of
 * none of them: only the data records are named. */
static void test_flight_framing(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13,
                      .framing = { HSIO_FRAME_FLIGHT, 0 }, .record_values13 = true };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_null(trace_value_get(&s->tr, VAL13_SERVER_EE_NONCE));
    assert_null(trace_value_get(&s->tr, VAL13_CLIENT_FIN_TAG));
    assert_non_null(trace_value_get(&s->tr, VAL13_CLIENT_APP_NONCE));
    assert_non_null(trace_value_get(&s->tr, VAL13_SERVER_APP_TAG));
    sim_free(s);
}

/* Only when asked: a run for its outcome alone leaves them out. */
static void test_only_when_asked(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 1, .ems = true, .version = TLS_V13 };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_null(trace_value_get(&s->tr, VAL13_SERVER_EE_NONCE));
    assert_null(trace_value_get(&s->tr, VAL13_CLIENT_APP_TAG));
    assert_non_null(trace_value_get(&s->tr, VAL13_SERVER_HS_IV));
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_protected_record),
        cmocka_unit_test(test_flight_framing),
        cmocka_unit_test(test_only_when_asked),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
