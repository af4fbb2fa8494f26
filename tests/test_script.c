/* test_script.c — lecture scripts (--script, teach/script.h): a good script
 * parsed into exactly its commands; every mistake refused with its file, its
 * line and what was wrong; the checks against the lessons and the command
 * line's options; the shipped 50-minute lecture parses and checks clean. */
#include "testlib.h"

#include "run/scenario.h"
#include "teach/script.h"

static const char good[] =
    "; a comment\n"
    "title  A lecture  \n"
    "\n"
    "run seed=7 tls=1.2 kx=transport ems=off framing=flight scenario=key-leak\n"
    "step 3\n"
    "  pane server\n"
    "select 2\n"
    "zoom\n"
    "zoom off\n"
    "eve on\n"
    "monitor off\n"
    "compare on\n"
    "lesson forward-secrecy\n"
    "lesson step\n"
    "answers next\n"
    "pause Say this.\r\n"
    "ask Who sends it?\n"
    "\tchoice the client\n"
    "\tchoice the server\n"
    "\tanswer 2\n"
    "\twhy Because (RFC 5246 §7.2).\n"
    "run seed=live scenario=expired-client-cert mystery\n"
    "step last\n"
    "reveal\n"
    "pause\n";

static void test_good(void **state)
{
    (void)state;
    script *s = NULL;
    char err[256] = "";
    assert_int_equal(script_parse("t.script", good, strlen(good), &s, err, sizeof err), ERR_OK);
    assert_string_equal(s->title, "A lecture");
    assert_int_equal(s->n, 18);
    assert_int_equal(s->n_stops, 3);
    const script_cmd *c = s->cmd;
    assert_int_equal(c[0].verb, SCRIPT_RUN);
    assert_int_equal(c[0].line, 4);
    assert_true(c[0].run.seed_set && c[0].run.seeded);
    assert_int_equal(c[0].run.seed, 7);
    assert_true(c[0].run.tls_set && c[0].run.version == TLS_V12);
    assert_true(c[0].run.kx_set && c[0].run.kx == KX_TRANSPORT);
    assert_true(c[0].run.ems_set && !c[0].run.ems);
    assert_true(c[0].run.framing_set);
    assert_ptr_equal(c[0].run.scenario, scenario_find("key-leak"));
    assert_false(c[0].run.mystery);
    assert_int_equal(c[1].verb, SCRIPT_STEP);
    assert_int_equal(c[1].n, 3);
    assert_int_equal(c[2].verb, SCRIPT_PANE);
    assert_int_equal(c[2].n, SCRIPT_SERVER);
    assert_int_equal(c[2].line, 6);
    assert_int_equal(c[3].verb, SCRIPT_SELECT);
    assert_int_equal(c[3].n, 2);
    assert_int_equal(c[4].n, 1); /* zoom alone: on */
    assert_int_equal(c[5].n, 0);
    assert_int_equal(c[6].verb, SCRIPT_EVE);
    assert_int_equal(c[6].n, 1);
    assert_int_equal(c[7].verb, SCRIPT_MONITOR);
    assert_int_equal(c[7].n, 0);
    assert_int_equal(c[8].verb, SCRIPT_COMPARE);
    assert_int_equal(c[9].verb, SCRIPT_LESSON);
    assert_string_equal(c[9].text, "forward-secrecy");
    assert_null(c[10].text); /* the step's own */
    assert_int_equal(c[11].n, SCRIPT_ANSWERS_NEXT);
    assert_int_equal(c[12].verb, SCRIPT_PAUSE);
    assert_string_equal(c[12].text, "Say this."); /* CRLF accepted */
    assert_int_equal(c[13].verb, SCRIPT_ASK);
    assert_string_equal(c[13].text, "Who sends it?");
    assert_int_equal(c[13].n_choices, 2);
    assert_string_equal(c[13].choice[0], "the client");
    assert_string_equal(c[13].choice[1], "the server");
    assert_int_equal(c[13].right, 1);
    assert_string_equal(c[13].why, "Because (RFC 5246 §7.2).");
    assert_int_equal(c[14].verb, SCRIPT_RUN);
    assert_true(c[14].run.seed_set && !c[14].run.seeded);
    assert_true(c[14].run.mystery);
    assert_int_equal(c[15].verb, SCRIPT_STEP);
    assert_int_equal(c[15].n, 0);
    assert_int_equal(c[16].verb, SCRIPT_REVEAL);
    assert_int_equal(c[17].verb, SCRIPT_PAUSE);
    assert_string_equal(c[17].text, "");
    script_free(s);
}

/* Each mistake: the text, and the error it must give, file and line first. */
static const struct {
    const char *text;
    const char *want;
} bad[] = {
    { "", "f.script:1: no 'run' line" },
    { "; only a comment\n", "f.script:1: no 'run' line" },
    { "step 3\n", "f.script:1: step before the first run" },
    { "run\nfly away\n", "f.script:2: unknown command 'fly'" },
    { "run seed=x\n", "f.script:1: run: seed='x': use a whole number or live" },
    { "run seed=18446744073709551616\n", "f.script:1: run: seed=" },
    { "run tls=1.4\n", "f.script:1: run: tls='1.4': use 1.2 or 1.3" },
    { "run kx=rsa\n", "f.script:1: run: kx='rsa': use ecdhe or transport" },
    { "run ems=maybe\n", "f.script:1: run: ems='maybe': use on or off" },
    { "run framing=0\n", "f.script:1: run: framing='0': use message, flight" },
    { "run scenario=nope\n", "f.script:1: run: unknown scenario 'nope'" },
    { "run scenario=all\n", "f.script:1: run: scenario=all is the tour" },
    { "run colour=red\n", "f.script:1: run: unknown key 'colour'" },
    { "run seed=1 seed=2\n", "f.script:1: run: seed is given twice" },
    { "run fast\n", "f.script:1: run: 'fast' is not KEY=VALUE" },
    { "run mystery\n", "f.script:1: run: a mystery needs a scenario=NAME" },
    { "run\nstep 8\n", "f.script:2: step '8': a step from 1 to 7, or last" },
    { "run\nstep\n", "f.script:2: step '': a step from 1 to 7" },
    { "run\npane middle\n", "f.script:2: pane 'middle': client, wire, server, detail or lesson" },
    { "run\npane detail\nselect 1\n", "f.script:3: select chooses a row of the client, wire or "
                                      "server pane; the pane in focus is the detail" },
    { "run\nselect 0\n", "f.script:2: select '0': a row from 1 to 999" },
    { "run\nzoom maybe\n", "f.script:2: zoom takes on or off, not 'maybe'" },
    { "run\neve\n", "f.script:2: eve takes on or off, not ''" },
    { "run\ncompare on\n", "f.script:2: compare on: this run has no scenario" },
    { "run scenario=key-leak mystery\ncompare on\n",
      "f.script:2: compare on: the comparison names the mystery's scenario" },
    { "run\nlesson\n", "f.script:2: lesson needs a lesson id" },
    { "run\nlesson Step3\n", "f.script:2: lesson 'Step3': a lesson id is a-z, 0-9, _ and -" },
    { "run\nanswers some\n", "f.script:2: answers 'some': next, all or none" },
    { "run\nask\n", "f.script:2: ask needs the question" },
    { "run\nask Q?\nchoice a\nanswer 1\npause\n",
      "f.script:2: ask: a question needs at least two choice lines" },
    { "run\nask Q?\nchoice a\nchoice b\n", "f.script:2: ask: no 'answer N' line" },
    { "run\nask Q?\nchoice a\nchoice b\nanswer 3\n",
      "f.script:5: answer '3': the number of the right choice, 1 to 2" },
    { "run\nask Q?\nchoice a\nchoice b\nanswer 1\nanswer 2\n", "f.script:6: answer is given twice" },
    { "run\nask Q?\nchoice a\nanswer 1\nchoice b\n",
      "f.script:5: choice after the answer line" },
    { "run\nask Q?\nchoice a\nchoice b\nanswer 1\nwhy x\nwhy y\n", "f.script:7: why is given twice" },
    { "run\nask Q?\nchoice 1\nchoice 2\nchoice 3\nchoice 4\nchoice 5\nchoice 6\nchoice 7\n",
      "f.script:9: ask: at most 6 choices" },
    { "run\nchoice a\n", "f.script:2: choice belongs under an 'ask' line" },
    { "run\nask Q?\nchoice\n", "f.script:3: choice needs its text" },
    { "run\nreveal\n", "f.script:2: reveal: this run is not a mystery" },
    { "run scenario=key-leak mystery\nreveal\nreveal\n", "f.script:3: reveal: this run is not" },
    { "run scenario=key-leak mystery\nreveal now\n", "f.script:2: reveal takes nothing after it" },
    { "title A\ntitle B\nrun\n", "f.script:2: title is given twice" },
    { "run\ntitle late\n", "f.script:2: title comes before the first run" },
    { "title\nrun\n", "f.script:1: title needs its text" },
    { "run\npause a\x1b[2Jb\n", "f.script:2: control character U+001B" },
    { "run\npause \xc2\x9b\n", "f.script:2: control character U+009B" },
    { "run\npause \xe2\x80\xae\n", "f.script:2: control character U+202E" },
    { "run\npause \xff\n", "f.script:2: not UTF-8 (byte 0xff)" },
};

static void test_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        script *s = (script *)1;
        char err[256] = "";
        err_t e = script_parse("f.script", bad[i].text, strlen(bad[i].text), &s, err, sizeof err);
        if (e != ERR_SCRIPT_SYNTAX || strncmp(err, bad[i].want, strlen(bad[i].want)) != 0)
            fail_msg("case %zu (%s): got %d '%s', want '%s'", i, bad[i].text, (int)e, err,
                     bad[i].want);
        assert_null(s);
    }
}

static void test_limits(void **state)
{
    (void)state;
    char err[256];
    script *s = NULL;
    /* a line of 4097 bytes on line 2 */
    size_t n = 4 + SCRIPT_LINE_MAX + 8 + 2;
    char *buf = malloc(n);
    assert_non_null(buf);
    memcpy(buf, "run\n", 4);
    memcpy(buf + 4, "pause ", 6);
    memset(buf + 10, 'x', SCRIPT_LINE_MAX - 5);
    buf[10 + SCRIPT_LINE_MAX - 5] = '\n';
    assert_int_equal(script_parse("f", buf, 10 + SCRIPT_LINE_MAX - 5 + 1, &s, err, sizeof err),
                     ERR_SCRIPT_SYNTAX);
    assert_string_equal(err, "f:2: the line is longer than 4096 bytes");
    free(buf);
    /* a file over the limit */
    buf = malloc(SCRIPT_FILE_MAX + 2);
    assert_non_null(buf);
    memset(buf, '\n', SCRIPT_FILE_MAX + 1);
    assert_int_equal(script_parse("f", buf, SCRIPT_FILE_MAX + 1, &s, err, sizeof err),
                     ERR_SCRIPT_SYNTAX);
    assert_string_equal(err, "f:1: the file is larger than 262144 bytes");
    free(buf);
    /* a byte-order mark is skipped; a name that came from input is escaped */
    const char bom[] = "\xef\xbb\xbfrun\n";
    assert_int_equal(script_parse("f", bom, strlen(bom), &s, err, sizeof err), ERR_OK);
    script_free(s);
    assert_int_equal(script_parse("a\x1b" "b", "x\n", 2, &s, err, sizeof err), ERR_SCRIPT_SYNTAX);
    assert_null(strchr(err, '\x1b'));
    assert_non_null(strstr(err, ":1: unknown command 'x'"));
}

static void test_checks(void **state)
{
    (void)state;
    char err[256];
    script *s = NULL;
    const char *t = "run\nlesson intro\nlesson no-such-lesson\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_lessons(s, lesson_builtin(), err, sizeof err),
                     ERR_SCRIPT_SYNTAX);
    assert_string_equal(err, "f:3: no lesson 'no-such-lesson' in built-in");
    script_free(s);

    sim_options base = { .seeded = true, .seed = 1, .kx = KX_ECDHE, .ems = true };
    t = "run\nrun tls=1.3\nrun tls=1.3 kx=transport\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_runs(s, &base, err, sizeof err), ERR_SCRIPT_SYNTAX);
    assert_non_null(strstr(err, "f:3: run: TLS 1.3 has no key transport"));
    script_free(s);
    /* the command line's options are the runs' defaults: --tls 1.3 there */
    base.version = TLS_V13;
    t = "run\nrun ems=off\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_runs(s, &base, err, sizeof err), ERR_SCRIPT_SYNTAX);
    assert_non_null(strstr(err, "f:2: run: TLS 1.3 has no legacy master secret"));
    script_free(s);
    base.version = TLS_V12;
    t = "run kx=transport scenario=mitm-key-swap\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_runs(s, &base, err, sizeof err), ERR_SCRIPT_SYNTAX);
    assert_non_null(strstr(err, "f:1: run: scenario mitm-key-swap does not apply with kx=transport"));
    script_free(s);
    t = "run tls=1.3 scenario=weak-cipher\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_runs(s, &base, err, sizeof err), ERR_SCRIPT_SYNTAX);
    assert_non_null(strstr(err, "f:1: run: scenario weak-cipher does not run in TLS 1.3"));
    /* what a run line leaves alone is the base's; what it sets is its own */
    sim_options so;
    char why[200];
    base.message = "hello";
    assert_false(script_run_options(&s->cmd[0], &base, &so, why, sizeof why));
    script_free(s);
    t = "run seed=9 scenario=expired-client-cert\n";
    assert_int_equal(script_parse("f", t, strlen(t), &s, err, sizeof err), ERR_OK);
    assert_true(script_run_options(&s->cmd[0], &base, &so, why, sizeof why));
    assert_true(so.seeded);
    assert_int_equal(so.seed, 9);
    assert_string_equal(so.message, "hello");
    assert_ptr_equal(so.scenario, scenario_find("expired-client-cert"));
    script_free(s);
}

static void test_shipped_lecture(void **state)
{
    (void)state;
    char err[256];
    script *s = NULL;
    lesson_set *ls = NULL;
    assert_int_equal(lesson_load("lessons", &ls, err, sizeof err), ERR_OK);
    err_t e = script_load("lessons/lecture-50min.script", &s, err, sizeof err);
    if (e != ERR_OK)
        fail_msg("%s", err);
    sim_options base = { .seeded = true, .seed = 1, .kx = KX_ECDHE, .ems = true };
    assert_int_equal(script_check_lessons(s, ls, err, sizeof err), ERR_OK);
    assert_int_equal(script_check_runs(s, &base, err, sizeof err), ERR_OK);
    /* what the issue asks of it: a clean run, the eavesdropper, key
     * transport and ECDHE with the stolen key, two failures, a mystery */
    int runs = 0, eve = 0, transport_leak = 0, ecdhe_leak = 0, failures = 0, mysteries = 0,
        asks = 0;
    for (size_t i = 0; i < s->n; i++) {
        const script_cmd *c = &s->cmd[i];
        const scenario *sc = c->run.scenario;
        runs += c->verb == SCRIPT_RUN;
        eve += c->verb == SCRIPT_EVE && c->n;
        asks += c->verb == SCRIPT_ASK;
        if (c->verb != SCRIPT_RUN || !sc)
            continue;
        transport_leak += sc->key_leak && c->run.kx_set && c->run.kx == KX_TRANSPORT;
        ecdhe_leak += sc->key_leak && !c->run.kx_set;
        failures += !sc->key_leak && !c->run.mystery;
        mysteries += c->run.mystery;
    }
    assert_true(s->cmd[0].verb == SCRIPT_RUN && !s->cmd[0].run.scenario);
    assert_true(runs >= 6 && eve >= 1 && transport_leak == 1 && ecdhe_leak == 1);
    assert_true(failures >= 2 && mysteries == 1 && asks >= 5);
    script_free(s);
    lesson_free(ls);
    /* a file that is not there, and a directory */
    assert_int_equal(script_load("no-such.script", &s, err, sizeof err), ERR_USAGE);
    assert_string_equal(err, "--script: cannot read 'no-such.script': No such file or directory");
    assert_int_equal(script_load("lessons", &s, err, sizeof err), ERR_USAGE);
    assert_string_equal(err, "--script: 'lessons' is not a regular file");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_shipped_lecture),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
