/* test_framing.c — the sender's framing changes only the records: in every
 * framing (one message per record, a flight per record, records of at most
 * N bytes) and whatever chunks the wire hands over, both key exchanges give
 * the same handshake messages, transcript hashes, master secret and
 * outcome. And the message layer refuses, each with its alert, what
 * RFC 5246 §6.2.1 forbids (zero-length fragments) and what it applies from
 * RFC 8446 §5.1 (another record inside a split handshake message). */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"
#include "tls/hsio.h"
#include "tls/msg/msg.h"

static sim *run(const sim_options *o)
{
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, o), ERR_OK);
    return s;
}

static const trace_value *both(const sim *s, value_id id)
{
    const trace_value *v = trace_value_get(&s->tr, id);
    assert_non_null(v);
    assert_true(trace_value_match(v));
    return v;
}

/* b holds the same value as a, both sides agreeing. */
static void assert_same_value(const sim *a, const sim *b, value_id id)
{
    const trace_value *va = both(a, id), *vb = both(b, id);
    assert_int_equal(va->len[0], vb->len[0]);
    assert_memory_equal(va->copy[0], vb->copy[0], va->len[0]);
}

/* The messages of b are those of a: same order, sender, type, name, bytes. */
static void assert_same_messages(const trace *a, const trace *b)
{
    assert_int_equal(a->n_msgs, b->n_msgs);
    for (size_t i = 0; i < a->n_msgs; i++) {
        const trace_msg *x = &a->msgs[i], *y = &b->msgs[i];
        assert_int_equal(x->from, y->from);
        assert_int_equal(x->content_type, y->content_type);
        assert_int_equal(x->step, y->step);
        assert_string_equal(x->name, y->name);
        assert_int_equal(x->plain_len, y->plain_len);
        assert_memory_equal(x->plain, y->plain, x->plain_len);
    }
}

static const char *const framings[] = { "message", "flight", "1", "7", "100", "16384" };

static void test_every_framing_gives_the_same_handshake(void **state)
{
    (void)state;
    for (int kx = 0; kx < 2; kx++) {
        sim_options base = { .seeded = true, .seed = 5, .kx = (hs_kx)kx };
        sim *ref = run(&base);
        assert_true(ref->tr.outcome.ok);
        /* the default: one record per message */
        assert_int_equal(ref->tr.n_recs, ref->tr.n_msgs);
        for (size_t i = 0; i < ref->tr.n_recs; i++)
            assert_true(trace_record_single(&ref->tr, i));
        for (size_t f = 0; f < sizeof framings / sizeof framings[0]; f++) {
            for (size_t chunk = 0; chunk < 4; chunk += 3) {
                sim_options o = base;
                assert_int_equal(hsio_framing_parse(framings[f], &o.framing), ERR_OK);
                o.wire_chunk = chunk; /* 0: a record at a time, 3: three bytes at a time */
                sim *s = run(&o);
                const trace *t = &s->tr;
                assert_true(t->outcome.ok);
                assert_int_equal(t->outcome.alert, -1);
                assert_int_equal(t->suite, ref->tr.suite);
                assert_int_equal(t->transport, kx == KX_TRANSPORT);
                assert_same_messages(&ref->tr, t);
                assert_same_value(ref, s, VAL_CLIENT_FINISHED_HASH);
                assert_same_value(ref, s, VAL_SERVER_FINISHED_HASH);
                assert_same_value(ref, s, VAL_MASTER_SECRET);
                assert_same_value(ref, s, VAL_CLIENT_APP_PLAINTEXT);
                assert_same_value(ref, s, VAL_SERVER_APP_PLAINTEXT);
                size_t want_recs = ref->tr.n_recs;
                if (strcmp(framings[f], "flight") == 0)
                    /* client: ClientHello | Certificate+ClientKeyExchange+
                     * CertificateVerify, CCS, Finished; the server's first
                     * flight in one record */
                    want_recs = 9;
                else if (strcmp(framings[f], "1") == 0)
                    assert_true(t->n_recs > 1000);
                else if (strcmp(framings[f], "7") == 0)
                    assert_true(t->n_recs > ref->tr.n_recs);
                if (strcmp(framings[f], "message") == 0 || strcmp(framings[f], "flight") == 0)
                    assert_int_equal(t->n_recs, want_recs);
                /* each message points at the records that carry it */
                for (size_t i = 0; i < t->n_msgs; i++) {
                    const trace_msg *m = &t->msgs[i];
                    assert_true(m->rec_first <= m->rec_last);
                    assert_true((size_t)m->rec_last < t->n_recs);
                    assert_int_equal(t->recs[m->rec_last].from, m->from);
                    /* records of at most N bytes: a message of L bytes that
                     * starts at offset k spans (k + L + N - 1) / N of them
                     * (a flight's records cross the wire one after another) */
                    if (o.framing.kind == HSIO_FRAME_SIZE && m->content_type == CT_HANDSHAKE) {
                        size_t want = (m->rec_offset + m->plain_len + o.framing.max - 1) /
                                      o.framing.max;
                        assert_int_equal((size_t)(m->rec_last - m->rec_first) + 1, want);
                    }
                }
                sim_free(s);
            }
        }
        sim_free(ref);
    }
}

/* In a flight, several messages share a record and the views say so. */
static void test_flight_packs_the_server_flight(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 5 };
    assert_int_equal(hsio_framing_parse("flight", &o.framing), ERR_OK);
    sim *s = run(&o);
    const trace *t = &s->tr;
    /* record 2 is the server's first flight: ServerHello .. ServerHelloDone */
    assert_int_equal(t->recs[1].from, PARTY_SERVER);
    size_t carried = 0;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].rec_last == 1)
            carried++;
    assert_int_equal(carried, 5);
    assert_false(trace_record_single(t, 1));
    assert_true(trace_record_single(t, 0)); /* the ClientHello alone */
    sim_free(s);
}

/* The attackers on the wire find their message in a record of a whole
 * flight too, and the receiver catches them the same way. */
static void test_wire_scenarios_act_in_a_flight(void **state)
{
    (void)state;
    static const char *const names[] = { "mitm-key-swap", "tampered-client-hello",
                                         "tampered-finished", "tampered-record" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        sim_options o = { .seeded = true, .seed = 6, .scenario = scenario_find(names[i]) };
        assert_non_null(o.scenario);
        sim *ref = run(&o);
        assert_false(ref->tr.outcome.ok);
        assert_int_equal(hsio_framing_parse("flight", &o.framing), ERR_OK);
        sim *s = run(&o);
        assert_false(s->tr.outcome.ok);
        assert_int_equal(s->tr.outcome.alert, ref->tr.outcome.alert);
        assert_int_equal(s->tr.outcome.step, ref->tr.outcome.step);
        assert_int_equal(s->tr.outcome.sent_by, ref->tr.outcome.sent_by);
        assert_int_equal(s->tr.outcome.err, ref->tr.outcome.err);
        sim_free(s);
        sim_free(ref);
    }
}

/* Records of at most N bytes may cut a message anywhere: the attackers
 * that flip one bit of a protected record still act; those that rewrite a
 * whole handshake message cannot, and are refused as a usage error. */
static void test_wire_scenarios_in_small_records(void **state)
{
    (void)state;
    static const char *const acting[] = { "tampered-finished", "tampered-record" };
    for (size_t i = 0; i < sizeof acting / sizeof acting[0]; i++) {
        sim_options o = { .seeded = true, .seed = 6, .scenario = scenario_find(acting[i]) };
        sim *ref = run(&o);
        assert_int_equal(hsio_framing_parse("7", &o.framing), ERR_OK);
        sim *s = run(&o);
        assert_false(s->tr.outcome.ok);
        assert_int_equal(s->tr.outcome.alert, ALERT_bad_record_mac);
        assert_int_equal(s->tr.outcome.alert, ref->tr.outcome.alert);
        assert_int_equal(s->tr.outcome.step, ref->tr.outcome.step);
        sim_free(s);
        sim_free(ref);
    }
    static const char *const whole[] = { "mitm-key-swap", "tampered-client-hello" };
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        sim_options o = { .seeded = true, .seed = 6, .scenario = scenario_find(whole[i]) };
        assert_int_equal(hsio_framing_parse("100", &o.framing), ERR_OK);
        assert_false(scenario_fits_framing(o.scenario, o.framing));
        sim *s = sim_new();
        assert_non_null(s);
        assert_int_equal(sim_run(s, &o), ERR_USAGE);
        sim_free(s);
        assert_int_equal(hsio_framing_parse("flight", &o.framing), ERR_OK);
        assert_true(scenario_fits_framing(o.scenario, o.framing));
    }
}

/* --- the message layer alone ---------------------------------------------- */

typedef struct sink_log {
    size_t n;
    size_t len[64];
    uint8_t type[64];
    uint8_t bytes[4096];
    size_t used;
} sink_log;

static err_t sink(void *ctx, uint8_t type, const uint8_t *plain, size_t n)
{
    sink_log *l = ctx;
    assert_true(l->n < 64 && l->used + n <= sizeof l->bytes);
    l->type[l->n] = type;
    l->len[l->n++] = n;
    memcpy(l->bytes + l->used, plain, n);
    l->used += n;
    return ERR_OK;
}

typedef struct got_log {
    size_t n;
    size_t len[16];
    uint8_t first[16];
} got_log;

static err_t got(void *ctx, uint8_t type, const uint8_t *msg, size_t n)
{
    got_log *g = ctx;
    (void)type;
    assert_true(g->n < 16);
    g->len[g->n] = n;
    g->first[g->n++] = msg[0];
    return ERR_OK;
}

static void test_hsio_frames_and_reassembles(void **state)
{
    (void)state;
    /* three handshake messages of 4 + 10, 4 + 0 and 4 + 30 bytes */
    uint8_t m1[14] = { HT_CLIENT_HELLO, 0, 0, 10 }, m2[4] = { HT_SERVER_HELLO_DONE, 0, 0, 0 },
            m3[34] = { HT_FINISHED, 0, 0, 30 };
    hsio *io = calloc(1, sizeof *io);
    assert_non_null(io);
    sink_log *l = calloc(1, sizeof *l);
    assert_non_null(l);
    hsio_place at[3];
    hsio_init(io, (hsio_framing){ HSIO_FRAME_SIZE, 8 });
    assert_int_equal(hsio_write(io, CT_HANDSHAKE, m1, sizeof m1, sink, l, &at[0]), ERR_OK);
    assert_int_equal(hsio_write(io, CT_HANDSHAKE, m2, sizeof m2, sink, l, &at[1]), ERR_OK);
    assert_int_equal(hsio_write(io, CT_HANDSHAKE, m3, sizeof m3, sink, l, &at[2]), ERR_OK);
    assert_int_equal(hsio_flush(io, sink, l), ERR_OK);
    /* 52 bytes in records of 8: six full, one of 4 */
    assert_int_equal(l->n, 7);
    assert_int_equal(l->len[6], 4);
    assert_int_equal(at[0].first, 0);
    assert_int_equal(at[0].last, 1);
    assert_int_equal(at[1].first, 1);
    assert_int_equal(at[1].offset, 6);
    assert_int_equal(at[1].last, 2);
    assert_int_equal(at[2].first, 2);
    assert_int_equal(at[2].offset, 2);
    assert_int_equal(at[2].last, 6);

    /* the reader gets the three messages back from those seven records */
    got_log g = { 0 };
    hsio_init(io, (hsio_framing){ 0 });
    size_t off = 0;
    for (size_t i = 0; i < l->n; i++) {
        assert_int_equal(hsio_read(io, l->type[i], l->bytes + off, l->len[i], got, &g), ERR_OK);
        off += l->len[i];
    }
    assert_false(hsio_pending(io));
    assert_int_equal(g.n, 3);
    assert_int_equal(g.len[0], 14);
    assert_int_equal(g.len[1], 4);
    assert_int_equal(g.len[2], 34);
    assert_int_equal(g.first[2], HT_FINISHED);

    /* and all three from one record */
    g = (got_log){ 0 };
    assert_int_equal(hsio_read(io, CT_HANDSHAKE, l->bytes, l->used, got, &g), ERR_OK);
    assert_int_equal(g.n, 3);

    /* a flight of one type is one record; another type is its own */
    memset(l, 0, sizeof *l);
    hsio_init(io, (hsio_framing){ HSIO_FRAME_FLIGHT, 0 });
    uint8_t ccs = 1;
    assert_int_equal(hsio_write(io, CT_HANDSHAKE, m1, sizeof m1, sink, l, &at[0]), ERR_OK);
    assert_int_equal(hsio_write(io, CT_HANDSHAKE, m2, sizeof m2, sink, l, &at[1]), ERR_OK);
    assert_int_equal(hsio_write(io, CT_CHANGE_CIPHER_SPEC, &ccs, 1, sink, l, &at[2]), ERR_OK);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->len[0], 18);
    assert_int_equal(l->type[1], CT_CHANGE_CIPHER_SPEC);
    assert_int_equal(at[1].first, 0);
    assert_int_equal(at[1].offset, 14);
    assert_int_equal(at[2].first, 1);

    /* a message longer than the layer takes */
    uint8_t big[4] = { HT_CERTIFICATE, 0x01, 0x00, 0x00 }; /* 65536 bytes announced */
    hsio_init(io, (hsio_framing){ 0 });
    assert_int_equal(hsio_read(io, CT_HANDSHAKE, big, sizeof big, got, &g), ERR_HS_MSG_TOO_LONG);
    free(l);
    free(io);
}

static void test_framing_parse(void **state)
{
    (void)state;
    hsio_framing f;
    char text[16];
    assert_int_equal(hsio_framing_parse("message", &f), ERR_OK);
    assert_int_equal(f.kind, HSIO_FRAME_MESSAGE);
    assert_int_equal(hsio_framing_parse("flight", &f), ERR_OK);
    assert_int_equal(f.kind, HSIO_FRAME_FLIGHT);
    assert_int_equal(hsio_framing_parse("16384", &f), ERR_OK);
    assert_int_equal(f.kind, HSIO_FRAME_SIZE);
    assert_int_equal(f.max, 16384);
    hsio_framing_str(f, text, sizeof text);
    assert_string_equal(text, "16384");
    assert_int_equal(hsio_framing_parse("0", &f), ERR_USAGE);
    assert_int_equal(hsio_framing_parse("16385", &f), ERR_USAGE);
    assert_int_equal(hsio_framing_parse("7x", &f), ERR_USAGE);
    assert_int_equal(hsio_framing_parse("-1", &f), ERR_USAGE);
    assert_int_equal(hsio_framing_parse("", &f), ERR_USAGE);
    assert_int_equal(hsio_framing_parse("Flight", &f), ERR_USAGE);
}

/* --- refusals: what the server is sent instead of the ClientHello --------- */

static uint8_t forged[REC_HEADER_LEN + REC_MAX_PLAIN + 64];
static size_t forged_len;

static bool replace_hello(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->seq != 1 || forged_len > cap)
        return false;
    memcpy(b, forged, forged_len);
    *len = forged_len;
    return true;
}

static const scenario forge = { "forge", "records from the test", SC_BOTH, NULL, NULL,
                                replace_hello, false };

static void forge_record(uint8_t type, const uint8_t *frag, size_t n)
{
    assert_true(forged_len + REC_HEADER_LEN + n <= sizeof forged);
    uint8_t *p = forged + forged_len;
    p[0] = type;
    p[1] = 3;
    p[2] = 3;
    p[3] = (uint8_t)(n >> 8);
    p[4] = (uint8_t)n;
    if (n)
        memcpy(p + REC_HEADER_LEN, frag, n);
    forged_len += REC_HEADER_LEN + n;
}

/* The server refuses the forged bytes with err and alert, in the check
 * named check. Returns the run for more looks. */
static sim *assert_refused(err_t err, int alert, const char *check)
{
    sim_options o = { .seeded = true, .seed = 2, .scenario = &forge };
    sim *s = run(&o);
    const trace *t = &s->tr;
    assert_false(t->outcome.ok);
    assert_int_equal(t->outcome.sent_by, PARTY_SERVER);
    assert_int_equal(t->outcome.err, err);
    assert_int_equal(t->outcome.alert, alert);
    assert_int_equal(t->outcome.step, 1);
    bool found = false;
    for (size_t i = 0; i < t->n_checks; i++)
        if (strcmp(t->checks[i].name, check) == 0 && t->checks[i].result == err &&
            t->checks[i].who == PARTY_SERVER)
            found = true;
    assert_true(found);
    /* the alert crossed the wire */
    const trace_msg *last = &t->msgs[t->n_msgs - 1];
    assert_int_equal(last->content_type, CT_ALERT);
    assert_int_equal(last->plain[1], alert);
    return s;
}

/* The ClientHello of a clean run of the same seed. */
static size_t clean_hello(uint8_t *out, size_t cap)
{
    sim_options o = { .seeded = true, .seed = 2 };
    sim *s = run(&o);
    const trace_msg *m = &s->tr.msgs[0];
    assert_int_equal(m->plain[0], HT_CLIENT_HELLO);
    assert_true(m->plain_len <= cap);
    size_t n = m->plain_len;
    memcpy(out, m->plain, n);
    sim_free(s);
    return n;
}

static void test_split_hello_is_read(void **state)
{
    (void)state;
    uint8_t hello[1024];
    size_t n = clean_hello(hello, sizeof hello);
    /* the ClientHello in three records: the server reads it whole */
    forged_len = 0;
    forge_record(CT_HANDSHAKE, hello, 2);
    forge_record(CT_HANDSHAKE, hello + 2, 40);
    forge_record(CT_HANDSHAKE, hello + 42, n - 42);
    sim_options o = { .seeded = true, .seed = 2, .scenario = &forge };
    sim *s = run(&o);
    assert_true(s->tr.outcome.ok);
    sim_free(s);
}

static void test_interleaved_record_is_refused(void **state)
{
    (void)state;
    uint8_t hello[1024];
    size_t n = clean_hello(hello, sizeof hello);
    uint8_t data = 'x';
    forged_len = 0;
    forge_record(CT_HANDSHAKE, hello, 10);
    forge_record(CT_APPLICATION_DATA, &data, 1);
    forge_record(CT_HANDSHAKE, hello + 10, n - 10);
    sim_free(assert_refused(ERR_HS_INTERLEAVED, ALERT_unexpected_message, "message framing"));
}

static void test_ccs_inside_a_fragmented_message_is_refused(void **state)
{
    (void)state;
    uint8_t hello[1024];
    size_t n = clean_hello(hello, sizeof hello);
    uint8_t one = 1;
    forged_len = 0;
    forge_record(CT_HANDSHAKE, hello, n - 1);
    forge_record(CT_CHANGE_CIPHER_SPEC, &one, 1);
    forge_record(CT_HANDSHAKE, hello + n - 1, 1);
    sim_free(assert_refused(ERR_HS_INTERLEAVED, ALERT_unexpected_message, "message framing"));
}

static void test_zero_length_fragment_is_refused(void **state)
{
    (void)state;
    uint8_t hello[1024];
    size_t n = clean_hello(hello, sizeof hello);
    forged_len = 0;
    forge_record(CT_HANDSHAKE, NULL, 0);
    forge_record(CT_HANDSHAKE, hello, n);
    sim_free(assert_refused(ERR_HS_EMPTY_FRAGMENT, ALERT_unexpected_message,
                            "message framing"));
}

static void test_record_over_2_14_is_refused(void **state)
{
    (void)state;
    static uint8_t body[REC_MAX_PLAIN + 1];
    size_t n = clean_hello(body, sizeof body);
    /* 2^14 bytes: the ClientHello and a message the server does not expect
     * yet; the record is taken and the message is what is refused */
    body[n] = HT_CERTIFICATE;
    size_t rest = REC_MAX_PLAIN - n - 4;
    body[n + 1] = (uint8_t)(rest >> 16);
    body[n + 2] = (uint8_t)(rest >> 8);
    body[n + 3] = (uint8_t)rest;
    forged_len = 0;
    forge_record(CT_HANDSHAKE, body, REC_MAX_PLAIN);
    sim_options o = { .seeded = true, .seed = 2, .scenario = &forge };
    sim *s = run(&o);
    const trace *t = &s->tr;
    assert_false(t->outcome.ok);
    assert_int_equal(t->outcome.sent_by, PARTY_SERVER);
    for (size_t i = 0; i < t->n_checks; i++)
        assert_string_not_equal(t->checks[i].name, "record framing");
    sim_free(s);

    /* one byte more is a record_overflow */
    forged_len = 0;
    forge_record(CT_HANDSHAKE, body, REC_MAX_PLAIN + 1);
    sim_free(assert_refused(ERR_RECORD_OVERFLOW, ALERT_record_overflow, "record framing"));
}

/* A stream that ends inside a record: the receiver says decode_error. */
static void test_truncated_record_is_refused(void **state)
{
    (void)state;
    uint8_t hello[1024];
    size_t n = clean_hello(hello, sizeof hello);
    forged_len = 0;
    forge_record(CT_HANDSHAKE, hello, n);
    forged_len -= 3;
    sim_free(assert_refused(ERR_TRUNCATED, ALERT_decode_error, "record framing"));
}

/* The message layer keeps the transcript: bytes in order, names by sender
 * where both sides send one, and a full transcript refused, not cut. */
static void test_transcript_kept_by_message_layer(void **state)
{
    (void)state;
    static hsio io;
    memset(&io, 0, sizeof io);
    hsio_init(&io, (hsio_framing){ HSIO_FRAME_MESSAGE, 0 });
    uint8_t hello[6] = { HT_CLIENT_HELLO, 0, 0, 2, 0xaa, 0xbb };
    uint8_t cert[5] = { HT_CERTIFICATE, 0, 0, 1, 0xcc };
    assert_int_equal(hsio_transcript_add(&io, PARTY_CLIENT, "ClientHello", hello, sizeof hello),
                     ERR_OK);
    assert_int_equal(hsio_transcript_add(&io, PARTY_SERVER, "Certificate", cert, sizeof cert),
                     ERR_OK);
    size_t n;
    const uint8_t *b = hsio_transcript(&io, &n);
    assert_int_equal(n, sizeof hello + sizeof cert);
    assert_memory_equal(b, hello, sizeof hello);
    assert_memory_equal(b + sizeof hello, cert, sizeof cert);
    char names[64];
    hsio_transcript_names(&io, names, sizeof names);
    assert_string_equal(names, "ClientHello, server Certificate");
    static uint8_t big[HSIO_TRANSCRIPT_MAX];
    big[0] = HT_CERTIFICATE;
    assert_int_equal(hsio_transcript_add(&io, PARTY_CLIENT, "Certificate", big, sizeof big),
                     ERR_OVERFLOW);
    (void)hsio_transcript(&io, &n);
    assert_int_equal(n, sizeof hello + sizeof cert);
    hsio_wipe(&io);
    assert_int_equal(io.tr_len, 0);
    for (size_t i = 0; i < sizeof hello + sizeof cert; i++)
        assert_int_equal(io.transcript[i], 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_framing_gives_the_same_handshake),
        cmocka_unit_test(test_flight_packs_the_server_flight),
        cmocka_unit_test(test_wire_scenarios_act_in_a_flight),
        cmocka_unit_test(test_wire_scenarios_in_small_records),
        cmocka_unit_test(test_hsio_frames_and_reassembles),
        cmocka_unit_test(test_framing_parse),
        cmocka_unit_test(test_split_hello_is_read),
        cmocka_unit_test(test_interleaved_record_is_refused),
        cmocka_unit_test(test_transcript_kept_by_message_layer),
        cmocka_unit_test(test_ccs_inside_a_fragmented_message_is_refused),
        cmocka_unit_test(test_zero_length_fragment_is_refused),
        cmocka_unit_test(test_record_over_2_14_is_refused),
        cmocka_unit_test(test_truncated_record_is_refused),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
