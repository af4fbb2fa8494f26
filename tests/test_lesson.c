/* test_lesson.c — the lessons: every shipped lesson loads and every one of
 * its placeholders resolves on seeded runs in every mode; expansions give the
 * run's exact bytes; each kind of malformed lesson file is reported with its
 * file and line (control characters C0, DEL, C1 and bidi included, the
 * file name escaped); a --lessons directory that is not there is an error;
 * tabs in a long formula line lose nothing.
 * Run from the repository root (make check-unit does). */
#include "testlib.h"
#include "lesson_dir.h"

#include <unistd.h>

#include "run/eve.h"
#include "teach/lesson.h"
#include "view/batch/render.h"
#include "run/scenario.h"
#include "run/sim.h"

static const char *const standard_ids[] = { "intro", "step1", "step2", "step3", "step4",
                                            "step5", "step6", "step7", "practices" };
/* The shipped lessons in file order: the standard ones and the extra ones
 * (80-failures, 85-forward-secrecy) before the closing practices. */
static const char *const shipped_ids[] = { "intro", "step1", "step2", "step3",
                                           "step4", "step5", "step6", "step7",
                                           "failures", "forward-secrecy", "practices" };
/* The lessons about failing runs and the eavesdropper, which must read right
 * in every run, the failed ones included. */
static const char *const any_run_ids[] = { "intro", "failures", "forward-secrecy", "practices" };

static sim *run_sc(uint64_t seed, hs_kx kx, bool ems, const char *sc_name)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = seed, .kx = kx, .ems = ems };
    if (sc_name)
        assert_non_null(o.scenario = scenario_find(sc_name));
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static sim *run(hs_kx kx, bool ems) { return run_sc(1, kx, ems, NULL); }

static char *hex_of(const trace *t, const char *id)
{
    value_id vid;
    assert_true(values_by_name(id, &vid));
    const trace_value *v = trace_value_get(t, vid);
    assert_non_null(v);
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    char *h = malloc(2 * n + 1);
    assert_non_null(h);
    hex_encode(b, n, h);
    return h;
}

/* A directory with one lesson file, loaded and checked (the caller frees the
 * set and closes d). */
static lesson_set *load_one(tmpdir *d, const char *name, const char *text, size_t len)
{
    tmp_open(d);
    put(d, name, text, len);
    lesson_set *ls = NULL;
    char err[512] = "";
    if (lesson_load(d->dir, &ls, err, sizeof err) != ERR_OK ||
        lesson_validate(ls, err, sizeof err) != ERR_OK)
        fail_msg("%s: %s", name, err);
    return ls;
}

/* ---- the shipped lessons ------------------------------------------------- */

/* lessons/ of the source tree, loaded and checked (the caller frees). */
static lesson_set *load_shipped(void)
{
    lesson_set *ls = NULL;
    char err[512] = "";
    if (lesson_load("lessons", &ls, err, sizeof err) != ERR_OK ||
        lesson_validate(ls, err, sizeof err) != ERR_OK)
        fail_msg("lessons/: %s", err);
    return ls;
}

static void test_shipped_lessons_load(void **state)
{
    (void)state;
    lesson_set *ls = NULL;
    char err[512] = "";
    assert_int_equal(lesson_load("lessons", &ls, err, sizeof err), ERR_OK);
    assert_non_null(ls);
    assert_string_equal(lesson_source(ls), "lessons");
    assert_int_equal(lesson_validate(ls, err, sizeof err), ERR_OK);
    const lesson_set *bi = lesson_builtin();
    assert_int_equal(lesson_count(ls), sizeof shipped_ids / sizeof *shipped_ids);
    for (size_t i = 0; i < sizeof shipped_ids / sizeof *shipped_ids; i++) {
        const char *id = shipped_ids[i];
        assert_string_equal(lesson_id(ls, i), id); /* file order */
        assert_non_null(lesson_title(ls, id));
        /* from the file, not the built-in summary */
        if (lesson_title(bi, id))
            assert_string_not_equal(lesson_title(ls, id), lesson_title(bi, id));
        size_t nq = lesson_n_questions(ls, id);
        assert_true(nq >= 2 && nq <= 3);
        for (size_t k = 0; k < nq; k++) {
            assert_true(strlen(lesson_question(ls, id, k)) > 10);
            assert_true(strlen(lesson_answer(ls, id, k)) > 10);
        }
        assert_null(lesson_question(ls, id, nq));
    }
    lesson_free(ls);
}

/* Every placeholder of every lesson has a value in a completed run of each
 * mode: no "(not in this run)", no brace left, marks balanced. */
static void check_all_resolve(const lesson_set *ls, hs_kx kx, bool ems, uint64_t seed)
{
    sim *s = run_sc(seed, kx, ems, NULL);
    assert_true(s->tr.outcome.ok);
    for (size_t i = 0; i < lesson_count(ls); i++) {
        const char *id = lesson_id(ls, i);
        for (int marks = 0; marks < 2; marks++) {
            err_t e = ERR_INTERNAL;
            char err[512] = "";
            char *x = lesson_expand(ls, id, &s->tr, marks, &e, err, sizeof err);
            if (!x)
                fail_msg("%s: %s", id, err);
            assert_int_equal(e, ERR_OK);
            if (strstr(x, "(not in this run)") || strchr(x, '{'))
                fail_msg("lesson %s (kx %d, ems %d) leaves a value out:\n%s", id, kx, ems, x);
            size_t on = 0, off = 0;
            for (const char *p = x; *p; p++) {
                on += *p == LESSON_MARK_ON;
                off += *p == LESSON_MARK_OFF;
            }
            assert_int_equal(on, off);
            if (!marks)
                assert_int_equal(on, 0);
            free(x);
        }
    }
    sim_free(s);
}

static void test_shipped_placeholders_resolve(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    for (uint64_t seed = 1; seed <= 2; seed++) {
        check_all_resolve(ls, KX_ECDHE, false, seed);
        check_all_resolve(ls, KX_ECDHE, true, seed);
        check_all_resolve(ls, KX_TRANSPORT, false, seed);
        check_all_resolve(ls, KX_TRANSPORT, true, seed);
    }
    check_all_resolve(lesson_builtin(), KX_ECDHE, false, 1);
    check_all_resolve(lesson_builtin(), KX_TRANSPORT, true, 1);
    lesson_free(ls);
}

/* ---- expansion gives the run's bytes -------------------------------------- */

static const char concrete[] =
    "; a comment\n"
    "# Concrete\n"
    "R {client_random} S {client_random:short}\n"
    "L {master_secret:len} {pre_master_secret:len} K {suite_id} I {client_identity:short}\n"
    "\n"
    "  ms = {master_secret}\n"
    "    indented {{literal}}\n"
    "\n"
    "A\n"
    "@if transport\n"
    "T {encrypted_pre_master_secret:len}\n"
    "@else\n"
    "E {server_ecdhe_public:short}\n"
    "@end\n"
    "Z {session_hash:len} O {outcome} N {message_count}\n"
    "@if session_hash\n"
    "H\n"
    "@end\n"
    "\\# not a title\n"
    "? q {{1}}?\n"
    "! a1\n"
    "! a2\n";

static void test_expand_concrete(void **state)
{
    (void)state;
    tmpdir d;
    lesson_set *ls = load_one(&d, "10-step1.txt", concrete, sizeof concrete - 1);
    char err[512];
    assert_string_equal(lesson_title(ls, "step1"), "Concrete");
    assert_string_equal(lesson_question(ls, "step1", 0), "q {1}?");
    assert_string_equal(lesson_answer(ls, "step1", 0), "a1 a2");
    assert_int_equal(lesson_count(ls), 9); /* the others from the built-in set */

    sim *s = run(KX_ECDHE, false);
    char *cr = hex_of(&s->tr, "client_random"), *ms = hex_of(&s->tr, "master_secret");
    char *sp = hex_of(&s->tr, "server_ecdhe_public");
    char want[2048];
    snprintf(want, sizeof want,
             "R %s S %.8s… L 48 32 K 0xcca9 I spiffe:/…\n\n"
             "  ms = %s\n    indented {literal}\n\n"
             "A E %.8s… Z (not in this run) O completed, both sides authenticated N 15 "
             "# not a title",
             cr, cr, ms, sp);
    err_t e;
    char *x = lesson_expand(ls, "step1", &s->tr, false, &e, err, sizeof err);
    assert_non_null(x);
    assert_string_equal(x, want);
    free(x);
    /* with marks, each value is wrapped */
    x = lesson_expand(ls, "step1", &s->tr, true, &e, err, sizeof err);
    assert_non_null(x);
    snprintf(want, sizeof want, "R \x01%s\x02 S \x01%.8s…\x02 L \x01" "48\x02", cr, cr);
    assert_memory_equal(x, want, strlen(want));
    free(x);
    free(cr);
    free(ms);
    free(sp);
    sim_free(s);

    /* the other branch, and a value only --ems has */
    s = run(KX_TRANSPORT, true);
    x = lesson_expand(ls, "step1", &s->tr, false, &e, err, sizeof err);
    assert_non_null(x);
    assert_non_null(strstr(x, "A T 96 Z 32 O completed"));
    assert_non_null(strstr(x, " H # not a title"));
    assert_non_null(strstr(x, "L 48 48 K 0xffa9"));
    free(x);
    sim_free(s);
    lesson_free(ls);
    tmp_close(&d);
}

/* ---- failures, the eavesdropper and their run facts ----------------------- */

/* Expand lesson id of ls for t; the caller frees. */
static char *expand(const lesson_set *ls, const char *id, const trace *t)
{
    err_t e = ERR_INTERNAL;
    char err[512] = "";
    char *x = lesson_expand(ls, id, t, false, &e, err, sizeof err);
    if (!x)
        fail_msg("%s: %s", id, err);
    assert_int_equal(e, ERR_OK);
    return x;
}

/* The lessons that speak of every run resolve every placeholder in every
 * scenario, in both key-exchange modes, failed runs and key-leak included. */
static void test_any_run_lessons_resolve(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    size_t failed = 0;
    for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
        for (size_t k = 0; k <= scenario_count; k++) {
            const scenario *sc = k < scenario_count ? &scenario_list[k] : NULL;
            if (sc && (!scenario_applies(sc, (hs_kx)kx) || !scenario_runs_in(sc, TLS_V12)))
                continue;
            sim *s = run_sc(1, (hs_kx)kx, kx == KX_TRANSPORT, sc ? sc->name : NULL);
            failed += !s->tr.outcome.ok;
            for (size_t i = 0; i < sizeof any_run_ids / sizeof *any_run_ids; i++) {
                char *x = expand(ls, any_run_ids[i], &s->tr);
                if (strstr(x, "(not in this run)") || strchr(x, '{'))
                    fail_msg("lesson %s (kx %d, scenario %s) leaves a value out:\n%s",
                             any_run_ids[i], kx, sc ? sc->name : "none", x);
                free(x);
            }
            sim_free(s);
        }
    }
    assert_true(failed >= 20); /* the failing scenarios ran, in both modes */
    lesson_free(ls);
}

static const char facts[] =
    "# Facts\n"
    "A {alert} S {alert_step} B {alert_sender} C {failed_check} E {eve_recovered}\n"
    "@if alert\n"
    "has-alert\n"
    "@end\n"
    "@if eve_recovered\n"
    "has-eve\n"
    "@end\n"
    "@if scenario\n"
    "has-scenario {scenario}\n"
    "@else\n"
    "no-scenario {scenario}\n"
    "@end\n";

static char *facts_of(const lesson_set *ls, hs_kx kx, const char *sc_name)
{
    sim *s = run_sc(1, kx, false, sc_name);
    char *x = expand(ls, "step1", &s->tr);
    sim_free(s);
    return x;
}

static void test_run_facts(void **state)
{
    (void)state;
    tmpdir d;
    lesson_set *ls = load_one(&d, "10-step1.txt", facts, sizeof facts - 1);

    char *x = facts_of(ls, KX_ECDHE, NULL);
    assert_string_equal(x, "A (not in this run) S (not in this run) B (not in this run) "
                           "C (not in this run) E (not in this run) no-scenario none");
    free(x);

    x = facts_of(ls, KX_ECDHE, "expired-client-cert");
    assert_string_equal(x, "A certificate_expired (45) S 3 (Authentication) B server "
                           "C the server's \"client certificate: validity\" (certificate has "
                           "expired) E (not in this run) has-alert has-scenario "
                           "expired-client-cert");
    free(x);

    x = facts_of(ls, KX_ECDHE, "mitm-key-swap");
    assert_non_null(strstr(x, "A decrypt_error (51) S 3 (Authentication) B client C the "
                              "client's \"ServerKeyExchange signature\""));
    free(x);

    x = facts_of(ls, KX_TRANSPORT, "tampered-record");
    assert_non_null(strstr(x, "A bad_record_mac (20) S 7 (Encrypted session) B server"));
    free(x);

    /* the eavesdropper: everything with key transport, nothing with ECDHE */
    sim *s = run_sc(1, KX_TRANSPORT, false, "key-leak");
    assert_true(s->tr.eve && s->tr.eve->recovered);
    char want[256];
    snprintf(want, sizeof want,
             "E all the application data in plaintext, %zu bytes from the client and %zu "
             "from the server has-eve has-scenario key-leak",
             s->tr.eve->plaintext_len[PARTY_CLIENT], s->tr.eve->plaintext_len[PARTY_SERVER]);
    x = expand(ls, "step1", &s->tr);
    assert_non_null(strstr(x, want));
    assert_null(strstr(x, "has-alert"));
    free(x);
    sim_free(s);
    x = facts_of(ls, KX_ECDHE, "key-leak");
    assert_non_null(strstr(x, "C (not in this run) E no content of the session has-eve has-scenario key-leak"));
    free(x);

    /* the public lesson_fact: an absent fact is still a fact */
    s = run(KX_ECDHE, false);
    char out[64];
    assert_true(lesson_fact(&s->tr, "alert", out, sizeof out));
    assert_string_equal(out, "(not in this run)");
    assert_false(lesson_fact(&s->tr, "alerts", out, sizeof out));
    sim_free(s);
    lesson_free(ls);
    tmp_close(&d);
}

/* The new lessons say what this run did: the alert of a failed run, what
 * the eavesdropper got. */
typedef struct {
    hs_kx kx;
    const char *scenario; /* NULL: none */
    const char *id;
    const char *has[2];   /* in the expanded text (NULL: nothing more) */
    const char *lacks;    /* not in it */
} says_case;

static void test_failure_and_secrecy_lessons(void **state)
{
    (void)state;
    static const says_case cases[] = {
        { KX_ECDHE, "expired-server-cert", "failures",
          { "The first check to fail was the client's \"server certificate: validity\" "
            "(certificate has expired), at step 3 (Authentication), so the client sent the "
            "fatal alert certificate_expired (45)", NULL },
          "ended without an alert" },
        { KX_ECDHE, "tampered-record", "failures",
          { "so the server sent the fatal alert bad_record_mac (20)",
            "even its alert crossed the wire as a sealed record: 2 bytes of ciphertext" },
          "ended without an alert" },
        { KX_ECDHE, NULL, "failures", { "ended without an alert (scenario: none)", NULL },
          "first check to fail" },
        { KX_ECDHE, NULL, "forward-secrecy", { "This run gives nobody the key", NULL },
          "What she recovered" },
        { KX_TRANSPORT, "key-leak", "forward-secrecy",
          { "What she recovered: all the application data in plaintext",
            "With key transport the certificate's key does two jobs" },
          "With ECDHE" },
        { KX_ECDHE, "key-leak", "forward-secrecy",
          { "What she recovered: no content of the session.", "With ECDHE the certificate's key has one job" },
          "With key transport" },
    };
    lesson_set *ls = load_shipped();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const says_case *c = &cases[i];
        sim *s = run_sc(1, c->kx, false, c->scenario);
        char *x = expand(ls, c->id, &s->tr);
        for (size_t k = 0; k < 2 && c->has[k]; k++)
            if (!strstr(x, c->has[k]))
                fail_msg("case %zu: lesson %s lacks \"%s\":\n%s", i, c->id, c->has[k], x);
        if (strstr(x, c->lacks))
            fail_msg("case %zu: lesson %s says \"%s\":\n%s", i, c->id, c->lacks, x);
        free(x);
        sim_free(s);
    }
    lesson_free(ls);
}

/* ---- malformed files ------------------------------------------------------ */

typedef struct {
    const char *name, *text;
    size_t len; /* 0: strlen(text) */
    int line;
    const char *reason;
} bad_case;

static void expect_bad(const bad_case *c)
{
    tmpdir d;
    tmp_open(&d);
    put(&d, c->name, c->text, c->len ? c->len : strlen(c->text));
    lesson_set *ls = (lesson_set *)1;
    char err[512] = "", want[256];
    err_t e = lesson_load(d.dir, &ls, err, sizeof err);
    if (e == ERR_OK) { /* placeholders are names, checked by validate and expand */
        e = lesson_validate(ls, err, sizeof err);
        assert_int_equal(e, ERR_LESSON_PLACEHOLDER);
        sim *s = run(KX_ECDHE, false);
        char err2[512];
        err_t e2;
        assert_null(lesson_expand(ls, "step1", &s->tr, true, &e2, err2, sizeof err2));
        assert_int_equal(e2, ERR_LESSON_PLACEHOLDER);
        assert_string_equal(err2, err);
        sim_free(s);
        lesson_free(ls);
    } else {
        assert_int_equal(e, ERR_LESSON_SYNTAX);
        assert_null(ls);
    }
    snprintf(want, sizeof want, "%s/%s:%d: ", d.dir, c->name, c->line);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, c->reason))
        fail_msg("want \"%s...%s\", got \"%s\"", want, c->reason, err);
    tmp_close(&d);
}

static void test_malformed(void **state)
{
    (void)state;
    static char long_line[5000], big[300 * 1024];
    memcpy(long_line, "# T\nok\n", 7);
    memset(long_line + 7, 'x', 4097);
    memcpy(big, "# T\n", 4);
    for (size_t i = 4; i < sizeof big; i++)
        big[i] = (i % 64 == 63) ? '\n' : 'y';
    const bad_case cases[] = {
        { "10-step1.txt", "# T\ntext\n@fi ecdhe\n", 0, 3, "unknown directive '@fi'" },
        { "10-step1.txt", "# T\ntext {client_random\n", 0, 2, "unterminated '{'" },
        { "10-step1.txt", "# T\n\ntext\nmore {nmae} here\n", 0, 4,
          "unknown placeholder {nmae}" },
        { "10-step1.txt", "# T\ntext {suite:len}\n", 0, 2, "unknown placeholder {suite:len}" },
        { "10-step1.txt", "# T\ntext {alert:len}\n", 0, 2, "unknown placeholder {alert:len}" },
        { "10-step1.txt", "# T\n@if alerts\n@end\n", 0, 2, "unknown condition '@if alerts'" },
        { "10-step1.txt", "# T\ntext\n! an answer\n", 0, 3, "answer without a question" },
        { "10-step1.txt", long_line, 7 + 4097, 3, "longer than 4096 bytes" },
        { "10-step1.txt", "# T\nok\nbad \xc3\x28 byte\n", 0, 3, "invalid UTF-8" },
        { "10-step1.txt", "# T\nok\noverlong \xc0\xaf\n", 0, 3, "invalid UTF-8" },
        { "10-step1.txt", "# T\nok\nsurrogate \xed\xa0\x80\n", 0, 3, "invalid UTF-8" },
        { "10-step1.txt", "; c\n#   \ntext\n", 0, 2, "empty title" },
        { "10-step1.txt", "text first\n", 0, 1, "starts with its title" },
        { "10-step1.txt", "# T\nesc \x1b[31m red\n", 0, 2, "control character U+001B" },
        { "10-step1.txt", "# T\nok\ndel \x7f\n", 0, 3, "control character U+007F" },
        /* C1 in UTF-8 (U+009B is a one-character CSI) and the bidi controls */
        { "10-step1.txt", "# T\nok\ncsi \xc2\x9b""2J\n", 0, 3, "control character U+009B" },
        { "10-step1.txt", "# T\nok\n? q \xc2\x80\n! a\n", 0, 3, "control character U+0080" },
        { "10-step1.txt", "# T\nok\n? q\n! a \xc2\x9f\n", 0, 4, "control character U+009F" },
        { "10-step1.txt", "# T \xe2\x80\xae\nok\n", 0, 1, "control character U+202E" },
        { "10-step1.txt", "# T\n  f(x) \xe2\x80\xaa\n", 0, 2, "control character U+202A" },
        { "10-step1.txt", "# T\nx \xe2\x81\xa6 y\n", 0, 2, "control character U+2066" },
        { "10-step1.txt", "# T\nx \xe2\x81\xa9 y\n", 0, 2, "control character U+2069" },
        { "10-step1.txt", "# T\n@if ems\ntext\n", 0, 2, "@if without @end" },
        { "10-step1.txt", "# T\ntext\n@else\n", 0, 3, "@else without @if" },
        { "10-step1.txt", "# T\n@if ems\n@if ok\n@end\n", 0, 3, "do not nest" },
        { "10-step1.txt", "# T\n@if sunny\n@end\n", 0, 2, "unknown condition" },
        { "10-step1.txt", "# T\ntext\n? q1\n? q2\n! a\n", 0, 3, "question without an answer" },
        { "10-step1.txt", "# T\ntext\n? q1\n", 0, 3, "question without an answer" },
        { "10-step1.txt", "# T\ntext\n? q\n! a\nmore text\n", 0, 5, "text after the questions" },
        { "10-step1.txt", "# T\ntext\n# T2\n", 0, 3, "a second title" },
        { "10-step1.txt", "# T\ntext {Client}\n", 0, 2, "malformed placeholder {Client}" },
        { "10-step1.txt", "# T\ntext\n? what is {client_random}?\n! x\n", 0, 3,
          "not in titles, questions or answers" },
        { "10-step1.txt", "# T\n; only a comment\n", 0, 2, "no text" },
        { "10-step1.txt", "", 0, 1, "no title line" },
        { "10-step1.txt", big, sizeof big, 4098, "larger than 262144 bytes" },
        { "step1.txt", "# T\ntext\n", 0, 1, "named NN-id.txt" },
        { "10-Step1.txt", "# T\ntext\n", 0, 1, "named NN-id.txt" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_bad(&cases[i]);
}

static void test_duplicate_id_and_accepted_forms(void **state)
{
    (void)state;
    tmpdir d;
    tmp_open(&d);
    put(&d, "10-step1.txt", "# A\ntext\n", 9);
    put(&d, "11-step1.txt", "# B\ntext\n", 9);
    put(&d, "README.md", "ignored\n", 8);
    lesson_set *ls = NULL;
    char err[512], want[512];
    assert_int_equal(lesson_load(d.dir, &ls, err, sizeof err), ERR_LESSON_SYNTAX);
    snprintf(want, sizeof want, "%s/11-step1.txt:1: lesson id 'step1' is also %s/10-step1.txt",
             d.dir, d.dir);
    assert_string_equal(err, want);
    tmp_close(&d);

    /* a byte-order mark, CRLF line ends, tabs, trailing blanks and a
     * teacher's own lesson: all fine */
    tmp_open(&d);
    static const char crlf[] = "\xef\xbb\xbf# Caf\xc3\xa9\r\ntext \r\n\tf(x)\r\n";
    put(&d, "50-extra.txt", crlf, sizeof crlf - 1);
    put(&d, "notes.md", "x", 1);
    assert_int_equal(lesson_load(d.dir, &ls, err, sizeof err), ERR_OK);
    assert_string_equal(lesson_title(ls, "extra"), "Caf\xc3\xa9");
    assert_int_equal(lesson_count(ls), 10);
    assert_string_equal(lesson_id(ls, 5), "extra"); /* between step4 (40) and step5 (50) */
    sim *s = run(KX_ECDHE, false);
    err_t e;
    char *x = lesson_expand(ls, "extra", &s->tr, false, &e, err, sizeof err);
    assert_string_equal(x, "text\n\n    f(x)");
    free(x);
    assert_null(lesson_expand(ls, "nope", &s->tr, false, &e, err, sizeof err));
    assert_int_equal(e, ERR_USAGE);
    assert_null(lesson_title(ls, "nope"));
    assert_int_equal(lesson_n_questions(ls, "nope"), 0);
    assert_null(lesson_answer(ls, "nope", 0));
    assert_null(lesson_id(ls, 10));
    sim_free(s);
    lesson_free(ls);
    tmp_close(&d);
}

/* A formula line near the 4,096-byte limit with leading tabs: the tabs
 * become spaces and nothing of the line is lost — not the {placeholder} at
 * its end, not the last UTF-8 character. */
static void test_formula_tabs_near_limit(void **state)
{
    (void)state;
    static char text[4200];
    static const char tail_ph[] = "{client_random}", tail_utf8[] = "\xc3\xa9";
    for (int v = 0; v < 2; v++) {
        const char *tail = v ? tail_utf8 : tail_ph;
        size_t hdr = strlen("# T\n"), tabs = 8, line = 4096;
        size_t fill = line - tabs - strlen(tail);
        memcpy(text, "# T\n", hdr);
        memset(text + hdr, '\t', tabs);
        memset(text + hdr + tabs, 'x', fill);
        memcpy(text + hdr + tabs + fill, tail, strlen(tail));
        size_t len = hdr + line;
        text[len++] = '\n';
        tmpdir d;
        lesson_set *ls = load_one(&d, "10-step1.txt", text, len);
        sim *s = run(KX_ECDHE, false);
        err_t e;
        char err[512];
        char *x = lesson_expand(ls, "step1", &s->tr, false, &e, err, sizeof err);
        assert_non_null(x);
        /* 8 tabs are 32 columns of spaces, then every x */
        assert_int_equal(strspn(x, " "), 4 * tabs);
        assert_int_equal(strspn(x + 4 * tabs, "x"), fill);
        if (v) {
            assert_string_equal(x + 4 * tabs + fill, tail_utf8);
        } else {
            char *h = hex_of(&s->tr, "client_random");
            assert_string_equal(x + 4 * tabs + fill, h);
            free(h);
        }
        free(x);
        sim_free(s);
        lesson_free(ls);
        tmp_close(&d);
    }
}

/* A file name is input too: in an error it is escaped, so a directory
 * named with ESC [ 2 J cannot clear the screen that shows the error. */
static void test_error_names_escaped(void **state)
{
    (void)state;
    char dir[64], path[128], err[512];
    snprintf(dir, sizeof dir, "/tmp/mtls-\x1b[2J-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/10-step1.txt", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("# T\n@fi\n", f);
    assert_int_equal(fclose(f), 0);
    lesson_set *ls = NULL;
    assert_int_equal(lesson_load(dir, &ls, err, sizeof err), ERR_LESSON_SYNTAX);
    assert_null(strchr(err, '\x1b'));
    assert_non_null(strstr(err, "/tmp/mtls-\\x1b[2J-"));
    assert_non_null(strstr(err, "/10-step1.txt:2: unknown directive '@fi'"));
    unlink(path);
    /* and the directory's own name when it cannot be opened */
    assert_int_equal(lesson_load(dir, &ls, err, sizeof err), ERR_USAGE);
    assert_null(strchr(err, '\x1b'));
    assert_non_null(strstr(err, "'/tmp/mtls-\\x1b[2J-"));
    rmdir(dir);
}

/* ---- no directory --------------------------------------------------------- */

static void test_missing_dir_and_builtin(void **state)
{
    (void)state;
    lesson_set *ls = (lesson_set *)1;
    char err[512];
    /* a directory the user names must be there: an error, not a fallback
     * (only the search, dir NULL, may end in ERR_IO and the built-ins) */
    assert_int_equal(lesson_load("/nonexistent/lessons", &ls, err, sizeof err), ERR_USAGE);
    assert_null(ls);
    assert_non_null(strstr(err, "'/nonexistent/lessons'"));
    assert_non_null(strstr(err, "No such file or directory"));
    assert_null(strchr(err, '\n'));
    tmpdir d;
    tmp_open(&d); /* empty */
    assert_int_equal(lesson_load(d.dir, &ls, err, sizeof err), ERR_USAGE);
    assert_non_null(strstr(err, "no lesson files"));
    tmp_close(&d);

    const lesson_set *bi = lesson_builtin();
    assert_ptr_equal(bi, lesson_builtin());
    assert_string_equal(lesson_source(bi), "built-in");
    assert_int_equal(lesson_count(bi), 9);
    for (size_t i = 0; i < lesson_count(bi); i++)
        assert_string_equal(lesson_id(bi, i), standard_ids[i]);
    assert_int_equal(lesson_validate(bi, err, sizeof err), ERR_OK);
    lesson_free((lesson_set *)bi); /* a no-op */
    assert_non_null(lesson_title(lesson_builtin(), "step4"));
}

/* ---- the handout ----------------------------------------------------------- */

static char *handout(const trace *t, const lesson_set *ls, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    render_opts ro = { .timings = true };
    render_markdown(f, t, ls, &ro);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_handout(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    sim *s = run(KX_ECDHE, false);
    size_t n1, n2;
    char *a = handout(&s->tr, ls, &n1);
    sim_free(s);
    s = run(KX_ECDHE, false);
    char *b = handout(&s->tr, ls, &n2);
    /* no timings, even when asked: the same seed gives the same bytes */
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    /* legacy master secret: the hellos carry renegotiation_info (5 bytes
     * each, RFC 5746) but not extended_master_secret */
    assert_non_null(strstr(a, "\n  1  |-- ClientHello (112 B) ---"));
    assert_non_null(strstr(a, "--- ServerHello (60 B) --|\n"));
    assert_non_null(strstr(a, "## Step 7 of 7: "));
    assert_non_null(strstr(a, "\n## Answers\n"));
    char *cr = hex_of(&s->tr, "client_random");
    char row[200];
    snprintf(row, sizeof row, "| client_random | public | 32 | `%s` |", cr);
    assert_non_null(strstr(a, row));
    assert_null(strchr(a, LESSON_MARK_ON));
    free(cr);
    free(a);
    free(b);
    sim_free(s);

    /* a failed run: the steps it never reached say so, and the lessons still
     * expand (a value the run lacks reads "(not in this run)") */
    s = run_sc(1, KX_ECDHE, false, "expired-server-cert");
    assert_false(s->tr.outcome.ok);
    a = handout(&s->tr, ls, &n1);
    assert_non_null(strstr(a, "*This run ended at step 3; it did not reach this step.*"));
    assert_non_null(strstr(a, "certificate_expired"));
    assert_null(strstr(a, "Lesson error"));
    free(a);
    sim_free(s);
    lesson_free(ls);
}

/* What the shipped lessons teach, as a handout reads in both master-secret
 * modes: the client's identity is public in TLS 1.2 and TLS 1.3's answer is
 * named; renegotiation_info is listed and explained; the randoms give
 * freshness, not uniqueness; the path check has its own name. */
static void test_handout_says_it_right(void **state)
{
    (void)state;
    lesson_set *ls = load_shipped();
    for (int ems = 0; ems < 2; ems++) {
        sim *s = run(KX_ECDHE, ems);
        size_t n;
        char *a = handout(&s->tr, ls, &n);
        assert_non_null(strstr(a, "What does an eavesdropper learn about who is calling?"));
        assert_non_null(strstr(a, "RFC 8446 Appendix E.1"));
        assert_non_null(strstr(a, "in a plaintext record (RFC 5246 §7.3, §7.4.6)"));
        assert_non_null(strstr(a, "renegotiation_info, empty (RFC 5746 §3.4)"));
        assert_non_null(strstr(a, "issuer: path to a trusted CA"));
        assert_non_null(strstr(a, "Fresh is not the same as unique."));
        assert_null(strstr(a, "unique to this connection. Run"));
        assert_null(strstr(a, "RFC 6125 §"));
        assert_null(strstr(a, "most common mTLS outage"));
        /* the EMS paragraph of step 5 follows the run */
        assert_true((strstr(a, "the legacy derivation, which this run uses") != NULL) == !ems);
        assert_true((strstr(a, "the extended master secret (RFC 7627), the default here") !=
                     NULL) == ems);
        free(a);
        sim_free(s);
    }
    lesson_free(ls);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shipped_lessons_load),
        cmocka_unit_test(test_shipped_placeholders_resolve),
        cmocka_unit_test(test_any_run_lessons_resolve),
        cmocka_unit_test(test_run_facts),
        cmocka_unit_test(test_failure_and_secrecy_lessons),
        cmocka_unit_test(test_expand_concrete),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_duplicate_id_and_accepted_forms),
        cmocka_unit_test(test_missing_dir_and_builtin),
        cmocka_unit_test(test_formula_tabs_near_limit),
        cmocka_unit_test(test_error_names_escaped),
        cmocka_unit_test(test_handout),
        cmocka_unit_test(test_handout_says_it_right),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
