/* test_trace_wipe.c — the trace's copies of every secret are zeroed before
 * they are freed (issue 11, item 15). trace_free is trace_wipe and then
 * free; freed memory cannot be looked at, so these tests run trace_wipe on a
 * real run's trace and look at every buffer it still owns. */
#include "testlib.h"

#include "teach/lesson_int.h"
#include "run/sim.h"

/* The values a run must have, each secret: the wipe is checked on them by
 * name as well as on every buffer. */
static const char *const secret_ids[] = {
    "server_cert_private_key", "client_cert_private_key", "pre_master_secret",
    "master_secret", "key_block", "client_write_key", "server_write_key",
    "client_app_plaintext", "server_app_plaintext",
};

static bool all_zero(const uint8_t *p, size_t n)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

static sim *run(hs_kx kx, const char *fault)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 7, .kx = kx };
    if (fault) {
        o.scenario = scenario_find(fault);
        assert_non_null(o.scenario);
    }
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

/* How many buffers of t hold a non-zero byte. */
static size_t nonzero_buffers(const trace *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->n_values; i++)
        for (int side = 0; side < 2; side++)
            if (t->values[i].copy[side] &&
                !all_zero(t->values[i].copy[side], t->values[i].len[side]))
                n++;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        n += m->plain && !all_zero(m->plain, m->plain_len);
        n += m->record && !all_zero(m->record, m->record_len);
        n += m->sent && !all_zero(m->sent, m->sent_len);
    }
    n += !all_zero(t->root_key, sizeof t->root_key);
    return n;
}

static void check_wipe(sim *s, bool all_secrets)
{
    trace *t = &s->tr;
    size_t n_values = t->n_values, n_msgs = t->n_msgs;
    /* the run really put secrets in the trace: the test can fail */
    if (all_secrets) {
        for (size_t i = 0; i < sizeof secret_ids / sizeof *secret_ids; i++) {
            value_id vid;
            assert_true(values_by_name(secret_ids[i], &vid));
            const trace_value *v = trace_value_get(t, vid);
            if (!v)
                fail_msg("the run has no %s", secret_ids[i]);
            size_t len;
            const uint8_t *b = trace_value_bytes(v, &len);
            assert_non_null(b);
            assert_true(len > 0);
            if (all_zero(b, len))
                fail_msg("%s is zero before the wipe", secret_ids[i]);
        }
    }
    assert_false(all_zero(t->root_key, sizeof t->root_key));
    assert_true(nonzero_buffers(t) > 20);

    trace_wipe(t);

    /* the structure stays (so views and this test can look) … */
    assert_int_equal(t->n_values, n_values);
    assert_int_equal(t->n_msgs, n_msgs);
    /* … and no byte of any buffer it owns is left */
    for (size_t i = 0; i < t->n_values; i++)
        for (int side = 0; side < 2; side++)
            if (t->values[i].copy[side] &&
                !all_zero(t->values[i].copy[side], t->values[i].len[side]))
                fail_msg("value %s (%s's copy) survived the wipe", t->values[i].id,
                         side == PARTY_CLIENT ? "client" : "server");
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->plain && !all_zero(m->plain, m->plain_len))
            fail_msg("message %d (%s): the plaintext survived the wipe", m->seq, m->name);
        if (m->record && !all_zero(m->record, m->record_len))
            fail_msg("message %d (%s): the record survived the wipe", m->seq, m->name);
        if (m->sent && !all_zero(m->sent, m->sent_len))
            fail_msg("message %d (%s): the record as sent survived the wipe", m->seq, m->name);
    }
    assert_true(all_zero(t->root_key, sizeof t->root_key));
    assert_int_equal(nonzero_buffers(t), 0);
    sim_free(s);
}

static void test_ecdhe_run_is_wiped(void **state)
{
    (void)state;
    sim *s = run(KX_ECDHE, NULL);
    assert_true(s->tr.outcome.ok);
    /* the ECDHE private keys too */
    assert_non_null(trace_value_get(&s->tr, VAL_CLIENT_ECDHE_PRIVATE));
    assert_non_null(trace_value_get(&s->tr, VAL_SERVER_ECDHE_PRIVATE));
    check_wipe(s, true);
}

static void test_transport_run_is_wiped(void **state)
{
    (void)state;
    sim *s = run(KX_TRANSPORT, NULL);
    assert_true(s->tr.outcome.ok);
    check_wipe(s, true);
}

/* A record changed in flight keeps a second copy (as sent): wiped too. */
static void test_tampered_run_is_wiped(void **state)
{
    (void)state;
    sim *s = run(KX_ECDHE, "tampered-finished");
    bool sent = false;
    for (size_t i = 0; i < s->tr.n_msgs; i++)
        sent |= s->tr.msgs[i].sent != NULL;
    assert_true(sent);
    check_wipe(s, false);
}

/* trace_free leaves nothing in the struct itself either (the root key is
 * kept in it, not on the heap). */
static void test_free_zeroes_the_struct(void **state)
{
    (void)state;
    sim *s = run(KX_ECDHE, NULL);
    trace_free(&s->tr);
    assert_true(all_zero((const uint8_t *)&s->tr, sizeof s->tr));
    trace_init(&s->tr); /* sim_free frees it again */
    sim_free(s);
}

/* The expanded lesson holds secrets in hex; lesson_text_wipe zeroes all of
 * it (lesson_text_free is that and free). */
static void test_lesson_text_is_wiped(void **state)
{
    (void)state;
    static const char text[] = "# Secrets\nmaster {master_secret}, pre-master "
                               "{pre_master_secret:short}, key block {key_block}\n";
    lesson *l = NULL;
    char err[256];
    assert_int_equal(lesson_parse("t.txt", "extra", 50, text, sizeof text - 1, &l, err,
                                  sizeof err),
                     ERR_OK);
    lesson *v[1] = { l };
    lesson_set set = { "test", v, 1 };
    sim *s = run(KX_ECDHE, NULL);
    err_t e;
    char *body = lesson_expand(&set, "extra", &s->tr, false, &e, err, sizeof err);
    assert_non_null(body);
    size_t len;
    const uint8_t *ms = trace_value_bytes(trace_value_get(&s->tr, VAL_MASTER_SECRET), &len);
    char hex[2 * 48 + 1];
    assert_int_equal(len, 48);
    hex_encode(ms, len, hex);
    assert_non_null(strstr(body, hex));
    size_t n = strlen(body);
    assert_true(n > 2 * 48 + 2 * 104);
    lesson_text_wipe(body);
    assert_true(all_zero((const uint8_t *)body, n));
    lesson_text_free(body);
    lesson_text_free(NULL);
    lesson_del(l);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ecdhe_run_is_wiped),
        cmocka_unit_test(test_transport_run_is_wiped),
        cmocka_unit_test(test_tampered_run_is_wiped),
        cmocka_unit_test(test_free_zeroes_the_struct),
        cmocka_unit_test(test_lesson_text_is_wiped),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
