/* test_steps.c — the TLS 1.2 step table agrees with the message table it
 * sits beside (tls12/hs_steps.c, tls12/hs_table.c), with the lessons that
 * teach its steps, and with a real run: a step said to send nothing has no
 * message row and sends nothing, and every message belongs to a step. */
#include "testlib.h"

#include "run/sim.h"
#include "teach/lesson.h"
#include "tls/steps.h"

static const char *const want_titles[STEP_COUNT] = {
    "ClientHello", "ServerHello", "Authentication", "Pre-master secret",
    "Master secret", "Keys derived", "Encrypted session",
};

static const steps_table *tls12(void)
{
    const steps_table *s = steps_for(TLS_V12);
    assert_non_null(s);
    assert_int_equal(s->version, TLS_V12);
    return s;
}

/* One row per step, in order, with today's titles. */
static void test_rows_and_titles(void **state)
{
    (void)state;
    const steps_table *s = tls12();
    for (int k = 1; k <= STEP_COUNT; k++) {
        const steps_row *r = steps_row_of(s, k);
        assert_non_null(r);
        assert_int_equal(r->step, k);
        assert_string_equal(r->title, want_titles[k - 1]);
        assert_string_equal(steps_title(s, k), want_titles[k - 1]);
    }
    assert_null(steps_row_of(s, 0));
    assert_null(steps_row_of(s, STEP_COUNT + 1));
    assert_string_equal(steps_title(s, 0), "");
    assert_string_equal(steps_title(s, STEP_COUNT + 1), "");
    assert_false(steps_on_wire(s, 0));
    assert_false(steps_on_wire(s, STEP_COUNT + 1));
}

/* "No messages" in the step table exactly when the message table has no row
 * of that step; every message row names a step; a step's rows are together. */
static void test_agrees_with_message_table(void **state)
{
    (void)state;
    const steps_table *s = tls12();
    assert_ptr_equal(s->msgs, hs12_table);
    assert_int_equal(*s->n_msgs, hs12_table_len);
    size_t counted = 0;
    for (int k = 1; k <= STEP_COUNT; k++) {
        size_t rows = 0;
        for (size_t i = 0; i < hs12_table_len; i++)
            rows += hs12_table[i].step == k;
        const hs_row *first;
        size_t n = steps_messages(s, k, &first);
        assert_int_equal(n, rows);
        if (steps_on_wire(s, k) != (rows > 0))
            fail_msg("step %d: on_wire %d but %zu message rows", k, steps_on_wire(s, k), rows);
        if (n) {
            /* contiguous: the n rows from first are all of step k */
            assert_true(first >= hs12_table && first + n <= hs12_table + hs12_table_len);
            for (size_t i = 0; i < n; i++)
                assert_int_equal(first[i].step, k);
        } else {
            assert_null(first);
        }
        counted += n;
    }
    /* so no row names a step outside 1..STEP_COUNT */
    assert_int_equal(counted, hs12_table_len);
    for (size_t i = 0; i < hs12_table_len; i++)
        assert_non_null(steps_row_of(s, hs12_table[i].step));
    /* wire order never goes back a step */
    for (size_t i = 1; i < hs12_table_len; i++)
        assert_true(hs12_table[i].step >= hs12_table[i - 1].step);
    /* the rows the textbook names */
    const hs_row *first;
    assert_int_equal(steps_messages(s, STEP_SERVER_HELLO, &first), 5);
    assert_string_equal(first->name, "ServerHello");
    assert_int_equal(steps_messages(s, STEP_AUTHENTICATION, &first), 1);
    assert_int_equal(first->hs_type, HT_CERTIFICATE);
    assert_int_equal(first->from, PARTY_CLIENT);
    assert_int_equal(steps_messages(s, STEP_SESSION, &first), 6);
    assert_int_equal(first->content_type, CT_CHANGE_CIPHER_SPEC);
}

/* The quiet runs and the words the wire pane shows for them. */
static void test_quiet_runs(void **state)
{
    (void)state;
    const steps_table *s = tls12();
    int first = 0, last = 0;
    assert_true(steps_quiet_run(s, 1, &first, &last));
    assert_int_equal(first, STEP_MASTER_SECRET);
    assert_int_equal(last, STEP_KEYS);
    assert_true(steps_quiet_run(s, STEP_KEYS, &first, &last));
    assert_int_equal(first, STEP_KEYS);
    assert_int_equal(last, STEP_KEYS);
    assert_false(steps_quiet_run(s, last + 1, &first, &last));
    char buf[40];
    assert_string_equal(steps_quiet_phrase(5, 5, buf, sizeof buf), "step 5: nothing sent");
    assert_string_equal(steps_quiet_phrase(5, 6, buf, sizeof buf), "steps 5-6: nothing sent");
    /* cut to the room given, still terminated */
    assert_string_equal(steps_quiet_phrase(5, 6, buf, 8), "steps 5");
}

/* Each step's lesson exists (the built-in set has every standard one), and
 * the lesson id leads back to its step; other lessons teach no step. */
static void test_lessons(void **state)
{
    (void)state;
    const steps_table *s = tls12();
    for (int k = 1; k <= STEP_COUNT; k++) {
        const char *id = steps_lesson(s, k);
        assert_non_null(id);
        assert_non_null(lesson_title(lesson_builtin(), id));
        assert_int_equal(steps_of_lesson(s, id), k);
    }
    assert_string_equal(steps_lesson(s, STEP_SESSION), "step7");
    assert_null(steps_lesson(s, 0));
    assert_int_equal(steps_of_lesson(s, "intro"), 0);
    assert_int_equal(steps_of_lesson(s, "step8"), 0);
    assert_int_equal(steps_of_lesson(s, "step1x"), 0);
    assert_int_equal(steps_of_lesson(s, NULL), 0);
}

/* A real run, both key exchanges: every message the trace holds is in a step
 * the table says sends, every such step sent something, the quiet ones sent
 * nothing, and the trace's titles are the table's. */
static void test_real_run(void **state)
{
    (void)state;
    for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
        sim *sm = sim_new();
        assert_non_null(sm);
        sim_options o = { .seeded = true, .seed = 1, .kx = (hs_kx)kx };
        assert_int_equal(sim_run(sm, &o), ERR_OK);
        const trace *t = &sm->tr;
        assert_true(t->outcome.ok);
        const steps_table *s = trace_steps(t);
        assert_ptr_equal(s, tls12());
        size_t sent[STEP_COUNT + 1] = { 0 };
        for (size_t i = 0; i < t->n_msgs; i++) {
            assert_true(steps_on_wire(s, t->msgs[i].step));
            sent[t->msgs[i].step]++;
        }
        for (int k = 1; k <= STEP_COUNT; k++) {
            assert_int_equal(sent[k] > 0, steps_on_wire(s, k));
            assert_string_equal(trace_step_title(t, k), want_titles[k - 1]);
        }
        assert_string_equal(trace_step_title(t, 0), "");
        sim_free(sm);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_titles),
        cmocka_unit_test(test_agrees_with_message_table),
        cmocka_unit_test(test_quiet_runs),
        cmocka_unit_test(test_lessons),
        cmocka_unit_test(test_real_run),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
