/* test_lessons13.c — the shipped lessons told for TLS 1.3: every lesson
 * expands for seeded TLS 1.3 runs (a clean one and every scenario that runs in
 * 1.3) with no unknown placeholder, no value the run lacks and no marker left
 * over; each step lesson's 1.3 text names what that step really holds in TLS
 * 1.3; 1.3 runs get their own titles and questions while 1.2 runs keep theirs;
 * and the lesson language nests one @if inside a version block, and only
 * there. */
#include "testlib.h"
#include "lesson_dir.h"

#include <unistd.h>

#include "run/scenario.h"
#include "run/sim.h"
#include "teach/lesson.h"
#include "tls/tls12/values.h"
#include "tls/version.h"

static const char *const all_ids[] = { "intro", "step1", "step2", "step3", "step4", "step5",
                                       "step6", "step7", "failures", "forward-secrecy",
                                       "practices" };
#define N_IDS (sizeof all_ids / sizeof *all_ids)

static lesson_set *load_shipped(void)
{
    lesson_set *ls = NULL;
    char err[512] = "";
    if (lesson_load("lessons", &ls, err, sizeof err) != ERR_OK ||
        lesson_validate(ls, err, sizeof err) != ERR_OK)
        fail_msg("%s", err);
    return ls;
}

static sim *run_v(tls_version v, const char *sc_name)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .kx = KX_ECDHE, .ems = v == TLS_V12,
                      .version = v };
    if (sc_name)
        assert_non_null(o.scenario = scenario_find(sc_name));
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_int_equal(s->tr.version, v);
    return s;
}

static char *expand(const lesson_set *ls, const char *id, const trace *t)
{
    err_t e = ERR_OK;
    char err[512] = "";
    char *x = lesson_expand(ls, id, t, false, &e, err, sizeof err);
    if (!x)
        fail_msg("%s: %s", id, err);
    assert_int_equal(e, ERR_OK);
    return x;
}

/* The first 8 hex digits of value id in t, as {id:short} shows them. */
static void short_hex(const trace *t, const char *id, char out[9])
{
    value_id vid;
    assert_true(values_by_name(id, &vid));
    const trace_value *v = trace_value_get(t, vid);
    assert_non_null(v);
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    assert_true(n >= 4);
    snprintf(out, 9, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
}

/* No placeholder left, no value missing, no directive shown as text. */
static void assert_clean(const char *id, const char *sc, const char *x)
{
    if (strstr(x, "(not in this run)") || strchr(x, '{') || strchr(x, '}') ||
        strstr(x, "@if") || strstr(x, "@else") || strstr(x, "@end"))
        fail_msg("lesson %s (TLS 1.3, scenario %s) leaves something unexpanded:\n%s", id, sc, x);
}

/* Every lesson, for the clean 1.3 run and for every scenario that runs in
 * 1.3: clean, and free of TLS 1.2's formulas. */
static void test_every_lesson_expands_for_13(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    size_t runs = 0, failed = 0;
    for (size_t k = 0; k <= scenario_count; k++) {
        const scenario *sc = k < scenario_count ? &scenario_list[k] : NULL;
        if (sc && !scenario_runs_in(sc, TLS_V13))
            continue;
        sim *s = run_v(TLS_V13, sc ? sc->name : NULL);
        runs++;
        failed += !s->tr.outcome.ok;
        for (size_t i = 0; i < N_IDS; i++) {
            char *x = expand(ls, all_ids[i], &s->tr);
            assert_clean(all_ids[i], sc ? sc->name : "none", x);
            /* TLS 1.2's derivations and messages are not told as this run's */
            static const char *const only12[] = { "PRF(", "key_block", "ClientKeyExchange,",
                                                  "RFC 5246 §8.1", "ServerHelloDone (RFC" };
            for (size_t j = 0; j < sizeof only12 / sizeof *only12; j++)
                if (strstr(x, only12[j]))
                    fail_msg("lesson %s (TLS 1.3, %s) says \"%s\":\n%s", all_ids[i],
                             sc ? sc->name : "none", only12[j], x);
            free(x);
        }
        sim_free(s);
    }
    assert_true(runs >= 10); /* the clean run and the 1.3 scenarios */
    assert_true(failed >= 9);
    lesson_free(ls);
}

/* What each step really holds in TLS 1.3, named in that step's lesson with
 * this run's values. */
static void test_step_lessons_name_what_13_does(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    sim *s = run_v(TLS_V13, NULL);
    const trace *t = &s->tr;
    assert_true(t->outcome.ok);
    static const struct {
        const char *id, *words[4], *value;
    } want[] = {
        { "step1", { "key_share", "supported_versions", "RFC 8446 §4.1.2", NULL },
          "client_share_public" },
        { "step2", { "ServerHello", "ChangeCipherSpec", "Appendix D.4", "not signed here" },
          "server_share_public" },
        { "step3", { "handshake traffic secret", "HKDF-Extract", "before anyone is authenticated",
                     "Nothing \"pre-master\"" },
          "client_handshake_traffic_secret" },
        { "step4", { "EncryptedExtensions", "CertificateRequest",
                     "64 spaces + \"TLS 1.3, server CertificateVerify\" + 0x00", "§4.4.4" },
          "server_cv_transcript_hash" },
        { "step5", { "c ap traffic", "s ap traffic", "exporter", "no extended master secret" },
          "server_application_traffic_secret_0" },
        { "step6", { "encrypted", "certificate_required (116)", "§4.4.2.4", "first read" },
          "client_cv_signature" },
        { "step7", { "application_data (23)", "§5.3", "SNI", NULL }, "client_application_key" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *x = expand(ls, want[i].id, t);
        for (size_t j = 0; j < 4 && want[i].words[j]; j++)
            if (!strstr(x, want[i].words[j]))
                fail_msg("%s's TLS 1.3 text lacks \"%s\":\n%s", want[i].id, want[i].words[j], x);
        char h[9];
        short_hex(t, want[i].value, h);
        if (!strstr(x, h))
            fail_msg("%s's TLS 1.3 text does not show %s (%s)", want[i].id, want[i].value, h);
        free(x);
    }
    /* the client's identity, read from the encrypted Certificate */
    char *x = expand(ls, "step6", t);
    assert_non_null(strstr(x, "spiffe://classroom.example/student"));
    free(x);
    sim_free(s);
    lesson_free(ls);
}

/* A missing client certificate in 1.3: certificate_required, after the
 * client's Finished, in the lessons of that very run. */
static void test_no_client_cert_13(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    sim *s = run_v(TLS_V13, "no-client-cert");
    assert_false(s->tr.outcome.ok);
    char *x = expand(ls, "failures", &s->tr);
    assert_non_null(strstr(x, "the fatal alert certificate_required (116)"));
    assert_non_null(strstr(x, "after the client has sent its Finished"));
    free(x);
    x = expand(ls, "step6", &s->tr);
    assert_non_null(strstr(x, "In this run the client sent none"));
    assert_non_null(strstr(x, "In this run the server sent certificate_required (116)"));
    free(x);
    sim_free(s);
    lesson_free(ls);
}

/* 1.3 runs get the 1.3 titles and questions; 1.2 runs keep the others. */
static void test_titles_and_questions_follow_the_version(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    sim *s12 = run_v(TLS_V12, NULL), *s13 = run_v(TLS_V13, NULL);
    for (size_t i = 0; i < N_IDS; i++) {
        const char *id = all_ids[i];
        const char *t12 = lesson_title_for(ls, id, &s12->tr);
        const char *t13 = lesson_title_for(ls, id, &s13->tr);
        assert_non_null(t12);
        assert_non_null(t13);
        assert_string_equal(t12, lesson_title(ls, id));
        if (!strcmp(t12, t13))
            fail_msg("lesson %s has no title of its own for TLS 1.3", id);
        size_t n12 = lesson_n_questions_for(ls, id, &s12->tr);
        size_t n13 = lesson_n_questions_for(ls, id, &s13->tr);
        assert_true(n12 >= 2);
        assert_int_equal(n13, 2);
        assert_int_equal(n12, lesson_n_questions(ls, id)); /* no run: TLS 1.2's */
        for (size_t k = 0; k < n13; k++) {
            const char *a = lesson_answer_for(ls, id, &s13->tr, k);
            assert_non_null(lesson_question_for(ls, id, &s13->tr, k));
            if (!a || !strstr(a, "RFC 8446"))
                fail_msg("lesson %s: TLS 1.3 answer %zu cites no RFC 8446 section", id, k);
            /* a 1.3 question is none of the 1.2 ones */
            for (size_t j = 0; j < n12; j++)
                assert_string_not_equal(lesson_question_for(ls, id, &s13->tr, k),
                                        lesson_question_for(ls, id, &s12->tr, j));
        }
        assert_null(lesson_question_for(ls, id, &s13->tr, n13));
    }
    assert_non_null(strstr(lesson_title_for(ls, "step3", &s13->tr), "Handshake keys"));
    assert_non_null(strstr(lesson_title_for(ls, "step3", &s12->tr), "Authentication"));
    /* the 1.2 text is still the 1.2 text */
    char *x = expand(ls, "step4", &s12->tr);
    assert_non_null(strstr(x, "ClientKeyExchange (RFC 8422 §5.7)"));
    assert_null(strstr(x, "RFC 8446 §4.4.3"));
    free(x);
    sim_free(s12);
    sim_free(s13);
    lesson_free(ls);
}

static err_t load_text(tmpdir *d, const char *text, lesson_set **ls, char *err, size_t cap)
{
    tmp_open(d);
    put(d, "10-step1.txt", text, strlen(text));
    return lesson_load(d->dir, ls, err, cap);
}

/* One @if inside a version block is allowed, and chooses per run; an @if
 * inside any other @if, or two levels deep, is still refused. */
static void test_nesting_in_a_version_block(void **state)
{
    (void)state;
    static const char text[] = "# T12\n"
                               "@if tls13\n"
                               "# T13\n"
                               "one\n"
                               "@if ok\n"
                               "done.\n"
                               "@else\n"
                               "failed.\n"
                               "@end\n"
                               "@else\n"
                               "two\n"
                               "@if transport\n"
                               "sealed.\n"
                               "@end\n"
                               "@end\n"
                               "@if tls13\n"
                               "? q13\n"
                               "! a13\n"
                               "@else\n"
                               "? q12\n"
                               "! a12\n"
                               "@end\n";
    tmpdir d;
    lesson_set *ls = NULL;
    char err[512] = "";
    if (load_text(&d, text, &ls, err, sizeof err) != ERR_OK)
        fail_msg("%s", err);
    sim *s12 = run_v(TLS_V12, NULL), *s13 = run_v(TLS_V13, "no-client-cert");
    char *x = expand(ls, "step1", &s12->tr);
    assert_string_equal(x, "two");
    free(x);
    x = expand(ls, "step1", &s13->tr);
    assert_string_equal(x, "one failed.");
    free(x);
    assert_string_equal(lesson_title_for(ls, "step1", &s13->tr), "T13");
    assert_string_equal(lesson_title_for(ls, "step1", &s12->tr), "T12");
    assert_string_equal(lesson_question_for(ls, "step1", &s13->tr, 0), "q13");
    assert_string_equal(lesson_answer_for(ls, "step1", &s12->tr, 0), "a12");
    assert_int_equal(lesson_n_questions_for(ls, "step1", &s12->tr), 1);
    sim_free(s12);
    sim_free(s13);
    lesson_free(ls);
    tmp_close(&d);

    static const struct {
        const char *text;
        int line;
        const char *why;
    } bad[] = {
        { "# T\n@if ok\n@if tls13\nx\n@end\n@end\n", 3, "do not nest" },
        { "# T\n@if tls13\n@if ok\n@if ems\nx\n@end\n@end\n@end\n", 4, "do not nest" },
        { "# T\n@if ems\n? q\n! a\n@end\n", 3, "questions cannot be inside @if" },
        { "# T\n@if tls13\n@if ok\n? q\n! a\n@end\n@end\n", 4, "questions cannot be inside" },
        { "# T\n@if tls12\n# T2\n@end\n", 3, "a second title" },
        { "# T\n? q\n! a\n@if ok\n? q2\n! a2\n@end\n", 4, "text after the questions" },
        { "# T\n@if tls13\n# A\n# B\n@end\n", 4, "a second title" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char want[256];
        ls = NULL;
        err[0] = '\0';
        assert_int_equal(load_text(&d, bad[i].text, &ls, err, sizeof err), ERR_LESSON_SYNTAX);
        snprintf(want, sizeof want, "%s:%d: ", d.files[0], bad[i].line);
        if (strncmp(err, want, strlen(want)) || !strstr(err, bad[i].why))
            fail_msg("case %zu: want '%s...%s', got '%s'", i, want, bad[i].why, err);
        tmp_close(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson_expands_for_13),
        cmocka_unit_test(test_step_lessons_name_what_13_does),
        cmocka_unit_test(test_no_client_cert_13),
        cmocka_unit_test(test_titles_and_questions_follow_the_version),
        cmocka_unit_test(test_nesting_in_a_version_block),
    };
    return cmocka_run_group_tests_name("lessons13", tests, test_setup_sodium, NULL);
}
