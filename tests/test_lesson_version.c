/* test_lesson_version.c — the lesson conditions @if tls12 and @if tls13:
 * they follow the protocol version of the trace, so one lesson file can hold
 * the text for both versions and a run shows the text of its own; a
 * misspelt version is still an error that names the file and the line. */
#include "testlib.h"
#include "lesson_dir.h"

#include <unistd.h>

#include "run/sim.h"
#include "teach/lesson.h"
#include "tls/version.h"

/* A fresh directory holding one lesson file 10-step1.txt with text. */
static void one_file(tmpdir *d, const char *text)
{
    tmp_open(d);
    put(d, "10-step1.txt", text, strlen(text));
}

static sim *run_version(tls_version v)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .kx = KX_ECDHE, .ems = v == TLS_V12,
                      .version = v };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

/* Two versions of a sentence inside one paragraph, and a block of each. */
static const char versioned[] =
    "# Keys\n"
    "The keys exist\n"
    "@if tls12\n"
    "after the certificates (RFC 5246 §7.3).\n"
    "@else\n"
    "before the certificates (RFC 8446 §2).\n"
    "@end\n"
    "\n"
    "@if tls13\n"
    "The Certificate travels encrypted.\n"
    "@end\n"
    "@if tls12\n"
    "The Certificate travels in the clear.\n"
    "@end\n";

static char *expand(const lesson_set *ls, const trace *t)
{
    err_t e = ERR_OK;
    char err[512] = "";
    char *x = lesson_expand(ls, "step1", t, false, &e, err, sizeof err);
    if (!x)
        fail_msg("expand: %s", err);
    return x;
}

static void test_tls12_run_gets_the_12_text(void **state)
{
    (void)state;
    tmpdir d;
    one_file(&d, versioned);
    lesson_set *ls = NULL;
    char err[512] = "";
    if (lesson_load(d.dir, &ls, err, sizeof err) != ERR_OK ||
        lesson_validate(ls, err, sizeof err) != ERR_OK)
        fail_msg("%s", err);
    sim *s = run_version(TLS_V12);
    assert_int_equal(s->tr.version, TLS_V12);
    char *x = expand(ls, &s->tr);
    assert_string_equal(x, "The keys exist after the certificates (RFC 5246 §7.3).\n\n"
                           "The Certificate travels in the clear.");
    free(x);

    sim_free(s);

    /* a real TLS 1.3 run takes the other branches */
    s = run_version(TLS_V13);
    assert_int_equal(s->tr.version, TLS_V13);
    assert_true(s->tr.outcome.ok);
    x = expand(ls, &s->tr);
    assert_string_equal(x, "The keys exist before the certificates (RFC 8446 §2).\n\n"
                           "The Certificate travels encrypted.");
    free(x);
    sim_free(s);
    lesson_free(ls);
    tmp_close(&d);
}

/* Names are exact: a version the language does not know is refused at load
 * time with the file and the line of the @if. */
static void test_unknown_version_condition(void **state)
{
    (void)state;
    static const char *const bad[] = { "tls14", "TLS13", "tls1.3", "tls" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char text[128], want[256], err[512] = "";
        snprintf(text, sizeof text, "# T\ntext\n@if %s\nmore\n@end\n", bad[i]);
        tmpdir d;
        one_file(&d, text);
        lesson_set *ls = NULL;
        assert_int_equal(lesson_load(d.dir, &ls, err, sizeof err), ERR_LESSON_SYNTAX);
        snprintf(want, sizeof want, "%s:3: unknown condition '@if %s' (use ", d.files[0], bad[i]);
        assert_memory_equal(err, want, strlen(want));
        assert_non_null(strstr(err, "tls12, tls13"));
        tmp_close(&d);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tls12_run_gets_the_12_text),
        cmocka_unit_test(test_unknown_version_condition),
    };
    return cmocka_run_group_tests_name("lesson_version", tests, test_setup_sodium, NULL);
}
