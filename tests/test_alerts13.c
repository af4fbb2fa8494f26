/* test_alerts13.c — where a TLS 1.3 alert travels protected (RFC 8446 §5,
 * §6): "alert messages are encrypted as specified by the current
 * connection state", so once a side has its handshake traffic keys (after
 * the hellos) its alerts go in an application_data record (outer type 23)
 * whose inner plaintext ends with the real type, alert (21). Only an
 * alert sent before the hellos are done (a server refusing the
 * ClientHello, a client refusing the ServerHello) is in the clear.
 *
 * For every scenario that runs in TLS 1.3 this test opens each alert
 * record itself, with the sender's traffic key and IV from the trace and
 * the record's sequence number, and asserts what is inside; and it asserts
 * that the receiver decrypted it (it holds the same alert), except where
 * the attack gave the two sides different keys: there the receiver's
 * record tag check fails, which is what a real peer would see. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"

static sim *run13(const scenario *sc, uint64_t seed)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .scenario = sc };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

/* Open record rec (as it crossed the wire) with the key and IV of values
 * key_id/iv_id of the trace at sequence number seq; true when the tag
 * verifies, with the inner type and plaintext. */
static bool open_with(const trace *t, party sender, value_id key_id, value_id iv_id,
                      uint64_t seq, const uint8_t *rec, size_t len, uint8_t *type,
                      uint8_t *plain, size_t *plain_len)
{
    const trace_value *k = trace_value_get(t, key_id), *iv = trace_value_get(t, iv_id);
    if (!k || !iv || !k->copy[sender] || !iv->copy[sender])
        return false;
    rec_dir d;
    memset(&d, 0, sizeof d);
    rec_dir_set(&d, &rec_prot_chacha20_tls13, k->copy[sender], iv->copy[sender]);
    d.seq = seq;
    rd r;
    rec_view v;
    rd_init(&r, rec, len);
    if (rec_parse(&r, &v) != ERR_OK)
        return false;
    bool ok = rec_open(&d, &v, plain, REC_MAX_INNER, plain_len, NULL) == ERR_OK;
    *type = v.type;
    rec_dir_wipe(&d);
    return ok;
}

/* Scenarios whose attack leaves the two sides with different handshake
 * keys (the hellos they hashed differ): the receiver cannot open the
 * alert, its record tag check says so. */
static bool keys_differ(const char *name)
{
    return strcmp(name, "tampered-client-hello") == 0 || strcmp(name, "mitm-key-swap") == 0;
}

static void check_alert(const trace *t, const trace_msg *m, const char *name, size_t *sealed,
                        size_t *clear)
{
    party from = m->from, to = party_peer(from);
    assert_true(m->record_len >= REC_HEADER_LEN);
    if (m->step <= STEP_SERVER_HELLO && !trace_value_get(t, from == PARTY_CLIENT
                                                               ? VAL13_CLIENT_HS_KEY
                                                               : VAL13_SERVER_HS_KEY)) {
        /* before the hellos are done: no key yet, in the clear */
        assert_int_equal(m->record[0], CT_ALERT);
        (*clear)++;
        return;
    }
    if (m->record[0] != CT_APPLICATION_DATA)
        fail_msg("%s: %s's alert at step %d went in a record of type %u", name,
                 party_name(from), m->step, m->record[0]);
    assert_true(m->sealed);
    uint8_t type = 0, plain[REC_MAX_INNER];
    size_t n = 0;
    bool client = from == PARTY_CLIENT;
    bool opened =
        open_with(t, from, client ? VAL13_CLIENT_HS_KEY : VAL13_SERVER_HS_KEY,
                  client ? VAL13_CLIENT_HS_IV : VAL13_SERVER_HS_IV, m->seal.seq, m->record,
                  m->record_len, &type, plain, &n) ||
        open_with(t, from, client ? VAL13_CLIENT_AP_KEY : VAL13_SERVER_AP_KEY,
                  client ? VAL13_CLIENT_AP_IV : VAL13_SERVER_AP_IV, m->seal.seq, m->record,
                  m->record_len, &type, plain, &n);
    if (!opened)
        fail_msg("%s: the %s's alert record opens with none of its traffic keys", name,
                 party_name(from));
    assert_int_equal(type, CT_ALERT);
    assert_int_equal(n, 2);
    assert_int_equal(plain[0], 2); /* fatal */
    assert_int_equal(plain[1], t->side[from].alert_sent);
    /* the receiver: decrypted it, or could not because its keys differ */
    if (keys_differ(name)) {
        bool tag_failed = false;
        for (size_t i = 0; i < t->n_checks; i++)
            tag_failed |= t->checks[i].who == to && t->checks[i].id == CHK_RECORD_TAG &&
                          t->checks[i].result == ERR_RECORD_MAC;
        assert_true(tag_failed);
        assert_int_equal(t->side[to].alert_received, -1);
    } else if (t->side[to].alert_sent < 0) {
        /* it was still reading: it holds the alert */
        if (t->side[to].alert_received != plain[1])
            fail_msg("%s: the %s did not read the %s's alert (%d)", name, party_name(to),
                     party_name(from), t->side[to].alert_received);
    }
    (*sealed)++;
}

static void test_alerts_protected_after_hellos(void **state)
{
    (void)state;
    hsio_framing one = { .kind = HSIO_FRAME_MESSAGE };
    size_t sealed = 0, clear = 0, runs = 0;
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *sc = &scenario_list[i];
        if (!scenario_fits(sc, TLS_V13, one))
            continue;
        for (uint64_t seed = 1; seed <= 2; seed++) {
            sim *s = run13(sc, seed);
            runs++;
            for (size_t k = 0; k < s->tr.n_msgs; k++)
                if (s->tr.msgs[k].content_type == CT_ALERT)
                    check_alert(&s->tr, &s->tr.msgs[k], sc->name, &sealed, &clear);
            sim_free(s);
        }
    }
    assert_true(runs >= 30);
    /* most failures happen after the hellos: their alerts are protected */
    assert_true(sealed >= 20);
}

/* The client refusing the server's certificate (step 4): its alert is in
 * an application_data record of 24 bytes (5 header, 2 alert, 1 type, 16
 * tag) under the client handshake key, sequence 0, and the server, reading
 * with that key, takes it as certificate_expired. */
static void test_client_alert_on_server_flight(void **state)
{
    (void)state;
    sim *s = run13(scenario_find("expired-server-cert"), 1);
    const trace *t = &s->tr;
    const trace_msg *a = NULL;
    for (size_t k = 0; k < t->n_msgs; k++)
        if (t->msgs[k].content_type == CT_ALERT)
            a = &t->msgs[k];
    assert_non_null(a);
    assert_int_equal(a->from, PARTY_CLIENT);
    assert_int_equal(a->step, 4);
    assert_int_equal(a->record_len, REC_HEADER_LEN + 2 + 1 + REC_TAG_LEN);
    assert_int_equal(a->record[0], CT_APPLICATION_DATA);
    assert_int_equal(a->seal.seq, 0);
    uint8_t type, plain[REC_MAX_INNER];
    size_t n;
    assert_true(open_with(t, PARTY_CLIENT, VAL13_CLIENT_HS_KEY, VAL13_CLIENT_HS_IV, 0, a->record,
                          a->record_len, &type, plain, &n));
    assert_int_equal(type, CT_ALERT);
    assert_int_equal(plain[1], ALERT_certificate_expired);
    /* the check can fail: the server's key does not open it */
    assert_false(open_with(t, PARTY_SERVER, VAL13_SERVER_HS_KEY, VAL13_SERVER_HS_IV, 0,
                           a->record, a->record_len, &type, plain, &n));
    assert_int_equal(t->side[PARTY_SERVER].alert_received, ALERT_certificate_expired);
    assert_int_equal(t->side[PARTY_SERVER].alert_sent, -1);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alerts_protected_after_hellos),
        cmocka_unit_test(test_client_alert_on_server_flight),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
