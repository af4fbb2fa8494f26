/* test_predict.c — the question generator of --predict and --mystery
 * (teach/predict.h): concrete questions and their right choices, read from
 * real runs; distractors that differ from the answer and from each other;
 * the same choices in the same order for the same seed; scores; the
 * mystery's pick from a seed and its questions. */
#include "testlib.h"

#include "run/sim.h"
#include "teach/predict.h"

static sim *run(const char *sc_name, tls_version v, uint64_t seed)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = v, .kx = KX_ECDHE };
    if (sc_name) {
        o.scenario = scenario_find(sc_name);
        assert_non_null(o.scenario);
    }
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static predict_quiz *quiz_of(const sim *s)
{
    predict_quiz *z = calloc(1, sizeof *z);
    assert_non_null(z);
    assert_int_equal(predict_build(&s->tr, z), ERR_OK);
    return z;
}

/* The first question of kind k asked before step `step`, NULL when none. */
static const predict_q *find(const predict_quiz *z, predict_kind k, int step)
{
    for (size_t i = 0; i < z->n; i++)
        if (z->q[i].kind == k && z->q[i].step == step)
            return &z->q[i];
    return NULL;
}

static const char *answer(const predict_q *q)
{
    assert_non_null(q);
    assert_true(q->answer >= 0 && q->answer < q->n_choices);
    return q->choice[q->answer];
}

/* Every question: 2..max choices, all different, none empty, a why with
 * an RFC section ending in a full stop, and nothing answered yet. */
static void assert_well_formed(const predict_quiz *z)
{
    assert_true(z->n > 0);
    for (size_t i = 0; i < z->n; i++) {
        const predict_q *q = &z->q[i];
        assert_true(q->n_choices >= 2);
        assert_true(q->n_choices <= (q->kind == PQ_SCENARIO || q->kind == PQ_FAIL_STEP
                                         ? PREDICT_CHOICES_MAX
                                         : PREDICT_CHOICES));
        for (int a = 0; a < q->n_choices; a++) {
            assert_true(q->choice[a][0] != '\0');
            for (int b = a + 1; b < q->n_choices; b++)
                assert_string_not_equal(q->choice[a], q->choice[b]);
        }
        assert_non_null(strstr(q->why, "RFC "));
        assert_int_equal(q->why[strlen(q->why) - 1], '.');
        assert_int_equal(q->given, -1);
        if (i > 0)
            assert_true(q->step >= z->q[i - 1].step); /* step by step */
    }
}

static void test_clean_tls12(void **state)
{
    (void)state;
    sim *s = run(NULL, TLS_V12, 1);
    predict_quiz *z = quiz_of(s);
    assert_well_formed(z);
    const predict_q *q = &z->q[0];
    assert_int_equal(q->kind, PQ_NEXT_MESSAGE);
    assert_int_equal(q->step, 1);
    assert_string_equal(q->prompt,
                        "Step 1 of 7 is next. Which message does the client send first in it?");
    assert_int_equal(q->n_choices, 4);
    assert_string_equal(answer(q), "ClientHello");
    assert_non_null(strstr(q->why, "RFC 5246 §7.4.1.2"));
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 2)), "ServerHello");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 3)), "Certificate");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 4)), "ClientKeyExchange");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 7)), "ChangeCipherSpec");
    /* steps 5 and 6 send nothing: no message question there */
    assert_null(find(z, PQ_NEXT_MESSAGE, 5));
    assert_null(find(z, PQ_NEXT_MESSAGE, 6));
    /* a clean run: every check question is answered "none" */
    for (int st = 1; st <= 7; st++) {
        const predict_q *c = find(z, PQ_CHECK_FAILS, st);
        if (c)
            assert_string_equal(answer(c), "none: every check passes");
    }
    assert_non_null(find(z, PQ_CHECK_FAILS, 3));
    assert_null(find(z, PQ_ALERT, 7));
    /* who holds client_random: it is in the ClientHello, in the clear */
    const predict_q *k = find(z, PQ_WHO_KNOWS, 1);
    assert_non_null(k);
    assert_string_equal(k->prompt, "After step 1, who holds client_random (random)?");
    assert_string_equal(answer(k), "everyone: both sides and the eavesdropper on the wire");
    assert_int_equal(k->n_choices, 4);
    /* the step 6 value is a record key or IV: both sides, never sent */
    assert_string_equal(answer(find(z, PQ_WHO_KNOWS, 6)),
                        "the client and the server, not the eavesdropper");
    assert_int_equal(z->n, 16);
    free(z);
    sim_free(s);
}

static void test_same_seed_same_order(void **state)
{
    (void)state;
    sim *a = run(NULL, TLS_V12, 7), *b = run(NULL, TLS_V12, 7), *c = run(NULL, TLS_V12, 8);
    predict_quiz *za = quiz_of(a), *zb = quiz_of(b), *zc = quiz_of(c);
    assert_int_equal(za->n, zb->n);
    assert_memory_equal(za, zb, sizeof *za);
    /* another seed: the same right answers where they are the run's facts,
     * but the choices in another order somewhere */
    bool moved = false;
    for (size_t i = 0; i < za->n && i < zc->n; i++)
        moved |= za->q[i].answer != zc->q[i].answer ||
                 strcmp(za->q[i].choice[0], zc->q[i].choice[0]) != 0;
    assert_true(moved);
    assert_string_equal(answer(&za->q[0]), answer(&zc->q[0]));
    free(za);
    free(zb);
    free(zc);
    sim_free(a);
    sim_free(b);
    sim_free(c);
}

static void test_failing_run(void **state)
{
    (void)state;
    sim *s = run("expired-client-cert", TLS_V12, 1);
    predict_quiz *z = quiz_of(s);
    assert_well_formed(z);
    const predict_q *c = find(z, PQ_CHECK_FAILS, 3);
    assert_string_equal(c->prompt,
                        "Step 3 of 7 is next. Which check fails in it, and on which side?");
    assert_string_equal(answer(c), "server: client certificate: validity");
    assert_int_equal(c->n_choices, 4);
    /* "none" is among the distractors of a step with a failure */
    bool none = false;
    for (int i = 0; i < c->n_choices; i++)
        none |= !strcmp(c->choice[i], "none: every check passes");
    assert_true(none);
    assert_non_null(strstr(c->why, "notAfter 2025-01-05 10:00:00 UTC"));
    assert_non_null(strstr(c->why, "RFC 5280"));
    /* the alert goes out in step 7, after the client's last flight */
    const predict_q *al = find(z, PQ_ALERT, 7);
    assert_non_null(al);
    assert_string_equal(al->prompt,
                        "Step 7 of 7 is next. The server sends an alert: which one?");
    assert_string_equal(answer(al), "certificate_expired");
    assert_non_null(strstr(al->why, "RFC 5246 §7.2.2"));
    assert_non_null(strstr(al->why, "certificate has expired"));
    free(z);
    sim_free(s);
}

static void test_tls13(void **state)
{
    (void)state;
    sim *s = run(NULL, TLS_V13, 1);
    predict_quiz *z = quiz_of(s);
    assert_well_formed(z);
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 1)), "ClientHello");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 2)), "ServerHello");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 4)), "EncryptedExtensions");
    assert_string_equal(answer(find(z, PQ_NEXT_MESSAGE, 6)), "ChangeCipherSpec (dummy)");
    assert_non_null(strstr(find(z, PQ_NEXT_MESSAGE, 4)->why, "RFC 8446 §4.3.1"));
    /* step 3 (handshake keys) sends nothing in TLS 1.3 */
    assert_null(find(z, PQ_NEXT_MESSAGE, 3));
    /* TLS 1.2's messages are plausible wrong answers, never right ones */
    for (size_t i = 0; i < z->n; i++)
        if (z->q[i].kind == PQ_NEXT_MESSAGE)
            assert_string_not_equal(answer(&z->q[i]), "ServerKeyExchange");
    free(z);
    sim_free(s);
}

static void test_answer_and_score(void **state)
{
    (void)state;
    sim *s = run(NULL, TLS_V12, 1);
    predict_quiz *z = quiz_of(s);
    size_t first, n = predict_step(z, 1, &first);
    assert_int_equal(first, 0);
    assert_int_equal(n, 2);
    n = predict_step(z, 2, &first);
    assert_int_equal(first, 2);
    assert_int_equal(n, 3);
    assert_int_equal(predict_step(z, 5, &first), 1);
    /* right on the first, wrong on the second */
    assert_true(predict_answer(z, 0, z->q[0].answer));
    assert_false(predict_answer(z, 1, (z->q[1].answer + 1) % z->q[1].n_choices));
    assert_false(predict_answer(z, 1, 9));   /* no such choice: not recorded */
    assert_false(predict_answer(z, 999, 0)); /* no such question */
    int asked, right;
    predict_score(z, 0, 2, &asked, &right);
    assert_int_equal(asked, 2);
    assert_int_equal(right, 1);
    predict_score(z, 0, z->n, &asked, &right);
    assert_int_equal(asked, 2);
    /* keys: 1..4 and a..d */
    assert_int_equal(predict_key_choice(&z->q[0], '1'), 0);
    assert_int_equal(predict_key_choice(&z->q[0], 'd'), 3);
    assert_int_equal(predict_key_choice(&z->q[0], '5'), -1);
    assert_int_equal(predict_key_choice(&z->q[0], 'e'), -1);
    assert_int_equal(predict_letter(2), 'c');
    free(z);
    sim_free(s);
}

static void test_one_side_refused(void **state)
{
    (void)state;
    sim *s = run(NULL, TLS_V12, 1);
    predict_quiz *z = calloc(1, sizeof *z);
    assert_non_null(z);
    s->tr.one_side = true;
    assert_int_equal(predict_build(&s->tr, z), ERR_USAGE);
    assert_int_equal(z->n, 0);
    assert_int_equal(predict_build_mystery(&s->tr, scenario_find("stolen-cert"), z), ERR_USAGE);
    s->tr.one_side = false;
    assert_int_equal(predict_build_mystery(&s->tr, NULL, z), ERR_USAGE);
    free(z);
    sim_free(s);
}

static void test_mystery_pick(void **state)
{
    (void)state;
    hsio_framing msg = { 0 };
    const scenario *a = predict_mystery_pick(true, 42, NULL, TLS_V12, msg, KX_ECDHE);
    const scenario *b = predict_mystery_pick(true, 42, NULL, TLS_V12, msg, KX_ECDHE);
    assert_non_null(a);
    assert_ptr_equal(a, b);
    assert_false(a->key_leak);
    /* over many seeds: never key-leak, never a scenario that cannot run,
     * and more than one scenario comes up */
    const scenario *seen[64] = { 0 };
    size_t n_seen = 0;
    for (uint64_t seed = 0; seed < 200; seed++) {
        const scenario *sc = predict_mystery_pick(true, seed, NULL, TLS_V13, msg, KX_ECDHE);
        assert_non_null(sc);
        assert_false(sc->key_leak);
        assert_true(scenario_runs_in(sc, TLS_V13));
        bool dup = false;
        for (size_t i = 0; i < n_seen; i++)
            dup |= seen[i] == sc;
        if (!dup && n_seen < 64)
            seen[n_seen++] = sc;
    }
    assert_true(n_seen >= 10);
    /* key transport has no ServerKeyExchange to swap */
    for (uint64_t seed = 0; seed < 100; seed++)
        assert_string_not_equal(
            predict_mystery_pick(true, seed, NULL, TLS_V12, msg, KX_TRANSPORT)->name,
            "mitm-key-swap");
}

static void test_mystery_questions(void **state)
{
    (void)state;
    sim *s = run("expired-client-cert", TLS_V12, 3);
    predict_quiz *z = calloc(1, sizeof *z);
    assert_non_null(z);
    assert_int_equal(predict_build_mystery(&s->tr, scenario_find("expired-client-cert"), z),
                     ERR_OK);
    assert_well_formed(z);
    assert_int_equal(z->n, 4);
    assert_int_equal(z->q[0].kind, PQ_FAIL_STEP);
    assert_int_equal(z->q[0].n_choices, 7);
    assert_string_equal(answer(&z->q[0]), "step 3: Authentication");
    assert_int_equal(z->q[1].kind, PQ_FAIL_SIDE);
    assert_string_equal(answer(&z->q[1]), "the server");
    assert_int_equal(z->q[2].kind, PQ_CHECK_FAILS);
    assert_string_equal(answer(&z->q[2]), "server: client certificate: validity");
    assert_int_equal(z->q[3].kind, PQ_SCENARIO);
    assert_string_equal(answer(&z->q[3]),
                        "expired-client-cert: the client's certificate expired ten days ago");
    /* the list is the catalogue: every TLS 1.2 scenario, in its order */
    int n12 = 0;
    for (size_t i = 0; i < scenario_count; i++)
        n12 += scenario_runs_in(&scenario_list[i], TLS_V12);
    assert_true(n12 < (int)scenario_count); /* hello-retry is TLS 1.3's alone */
    assert_int_equal(z->q[3].n_choices, n12);
    assert_string_equal(z->q[3].choice[0], "expired-client-cert: the client's certificate "
                                           "expired ten days ago");
    assert_non_null(strstr(z->q[3].why, "It was expired-client-cert"));
    free(z);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_tls12),
        cmocka_unit_test(test_same_seed_same_order),
        cmocka_unit_test(test_failing_run),
        cmocka_unit_test(test_tls13),
        cmocka_unit_test(test_answer_and_score),
        cmocka_unit_test(test_one_side_refused),
        cmocka_unit_test(test_mystery_pick),
        cmocka_unit_test(test_mystery_questions),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
