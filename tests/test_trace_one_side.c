/* test_trace_one_side.c — the trace needs only one side: built from the
 * client's reports and the wire alone (the server's observer left empty, as
 * against a real peer), it holds every message with its bytes and every
 * value and check of the client, the same as the trace of both sides. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"

static sim *run(const sim_options *o)
{
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, o), ERR_OK);
    return s;
}

static void assert_client_view_equal(const sim_options *base, size_t min_values)
{
    sim *two = run(base);
    sim_options o = *base;
    o.unobserved = 1u << PARTY_SERVER;
    sim *one = run(&o);
    const trace *a = &two->tr, *b = &one->tr;

    /* every message, as it crossed the wire */
    assert_int_equal(b->n_msgs, a->n_msgs);
    assert_int_equal(b->n_recs, a->n_recs);
    for (size_t i = 0; i < a->n_msgs; i++) {
        const trace_msg *x = &a->msgs[i], *y = &b->msgs[i];
        assert_int_equal(y->from, x->from);
        assert_int_equal(y->content_type, x->content_type);
        assert_string_equal(y->name, x->name);
        assert_int_equal(y->step, x->step);
        assert_int_equal(y->plain_len, x->plain_len);
        assert_memory_equal(y->plain, x->plain, x->plain_len);
        assert_int_equal(y->record_len, x->record_len);
        assert_memory_equal(y->record, x->record, x->record_len);
        assert_int_equal(y->sealed, x->sealed);
        if (x->sealed)
            assert_int_equal(y->seal.seq, x->seal.seq);
        assert_int_equal(y->n_spans, x->n_spans);
    }

    /* every value the client holds, with the client's bytes; nothing of the
     * server's own */
    size_t client_values = 0;
    for (size_t i = 0; i < a->n_values; i++) {
        const trace_value *x = &a->values[i];
        const trace_value *y = trace_value_get(b, x->vid);
        if (!x->copy[PARTY_CLIENT]) {
            assert_true(!y || !y->copy[PARTY_SERVER]);
            continue;
        }
        assert_non_null(y);
        assert_non_null(y->copy[PARTY_CLIENT]);
        assert_int_equal(y->len[PARTY_CLIENT], x->len[PARTY_CLIENT]);
        assert_memory_equal(y->copy[PARTY_CLIENT], x->copy[PARTY_CLIENT], x->len[PARTY_CLIENT]);
        client_values++;
    }
    assert_true(client_values >= min_values);
    for (size_t i = 0; i < b->n_values; i++)
        assert_null(b->values[i].copy[PARTY_SERVER]);

    /* every check the client made, in order, with its result */
    size_t k = 0;
    for (size_t i = 0; i < a->n_checks; i++) {
        const trace_check *x = &a->checks[i];
        if (x->who != PARTY_CLIENT)
            continue;
        assert_true(k < b->n_checks);
        const trace_check *y = &b->checks[k++];
        assert_int_equal(y->who, PARTY_CLIENT);
        assert_string_equal(y->name, x->name);
        assert_int_equal(y->step, x->step);
        assert_int_equal(y->result, x->result);
        assert_string_equal(y->detail, x->detail);
    }
    assert_int_equal(k, b->n_checks);
    assert_true(k > 0);

    /* what was agreed, as the client saw it */
    assert_int_equal(b->suite, a->suite);
    assert_int_equal(b->ems, a->ems);
    assert_int_equal(b->transport, a->transport);
    sim_free(two);
    sim_free(one);
}

static void test_client_alone_sees_a_whole_handshake(void **state)
{
    (void)state;
    for (int kx = 0; kx < 2; kx++) {
        sim_options o = { .seeded = true, .seed = 4, .kx = (hs_kx)kx };
        assert_client_view_equal(&o, 20);
        o.ems = true;
        assert_client_view_equal(&o, 20);
        /* and a flight per record */
        assert_int_equal(hsio_framing_parse("flight", &o.framing), ERR_OK);
        assert_client_view_equal(&o, 20);
    }
}

static void test_client_alone_sees_the_outcome(void **state)
{
    (void)state;
    sim_options o = { .seeded = true, .seed = 4 };
    sim *s;
    o.unobserved = 1u << PARTY_SERVER;
    s = run(&o);
    assert_true(s->tr.outcome.ok);
    sim_free(s);

    /* the client refuses the server's certificate: its alert, its step */
    o.scenario = scenario_find("expired-server-cert");
    assert_non_null(o.scenario);
    assert_client_view_equal(&o, 1);
    sim *two = run(&(sim_options){ .seeded = true, .seed = 4, .scenario = o.scenario });
    s = run(&o);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.sent_by, PARTY_CLIENT);
    assert_int_equal(s->tr.outcome.alert, two->tr.outcome.alert);
    assert_int_equal(s->tr.outcome.step, two->tr.outcome.step);
    assert_int_equal(s->tr.outcome.err, two->tr.outcome.err);
    sim_free(s);
    sim_free(two);

    /* the server refuses the client's: the client sees the alert arrive */
    o.scenario = scenario_find("expired-client-cert");
    assert_non_null(o.scenario);
    s = run(&o);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.outcome.err, ERR_HS_ALERT);
    const trace_msg *last = &s->tr.msgs[s->tr.n_msgs - 1];
    assert_int_equal(last->content_type, CT_ALERT);
    assert_int_equal(last->from, PARTY_SERVER);
    assert_int_equal(last->plain[1], ALERT_certificate_expired);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_alone_sees_a_whole_handshake),
        cmocka_unit_test(test_client_alone_sees_the_outcome),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
