/* test_escape.c — the one escaping writer (esc.h) and the views that use
 * it: every C0 control, DEL, C1 control (in UTF-8 and as a raw byte) and
 * bidi control becomes a visible escape, everything else is kept; the
 * escaping is idempotent; --message and what the eavesdropper recovers reach
 * the batch text escaped, and JSON strings escape the same characters. */
#include "testlib.h"

#include "run/eve.h"
#include "base/esc.h"
#include "view/batch/render.h"
#include "run/scenario.h"
#include "run/sim.h"

/* The escape of the first unit of s (n bytes) and how many bytes it spans. */
static void expect_unit(const char *s, size_t n, size_t want_len, const char *want)
{
    char e[ESC_MAX];
    size_t m = esc_next(s, n, e);
    if (m != want_len || strcmp(e, want) != 0)
        fail_msg("unit of %zu bytes: want %zu \"%s\", got %zu \"%s\"", n, want_len, want, m, e);
}

static void test_units(void **state)
{
    (void)state;
    /* C0 and DEL */
    expect_unit("\x1b[2J", 4, 1, "\\x1b");
    expect_unit("\x07", 1, 1, "\\x07");
    expect_unit("\x00x", 2, 1, "\\x00");
    expect_unit("\t", 1, 1, "\\t");
    expect_unit("\n", 1, 1, "\\n");
    expect_unit("\r", 1, 1, "\\r");
    expect_unit("\x7f", 1, 1, "\\x7f");
    /* C1 in UTF-8: U+0080 .. U+009F; U+00A0 is printable */
    expect_unit("\xc2\x80", 2, 2, "\\u0080");
    expect_unit("\xc2\x9b", 2, 2, "\\u009b");
    expect_unit("\xc2\x9f", 2, 2, "\\u009f");
    expect_unit("\xc2\xa0", 2, 2, "");
    /* bidi: U+202A .. U+202E and U+2066 .. U+2069, not their neighbours */
    expect_unit("\xe2\x80\xa9", 3, 3, "");       /* U+2029 */
    expect_unit("\xe2\x80\xaa", 3, 3, "\\u202a"); /* LRE */
    expect_unit("\xe2\x80\xae", 3, 3, "\\u202e"); /* RLO */
    expect_unit("\xe2\x80\xaf", 3, 3, "");       /* U+202F */
    expect_unit("\xe2\x81\xa5", 3, 3, "");       /* U+2065 */
    expect_unit("\xe2\x81\xa6", 3, 3, "\\u2066"); /* LRI */
    expect_unit("\xe2\x81\xa9", 3, 3, "\\u2069"); /* PDI */
    expect_unit("\xe2\x81\xaa", 3, 3, "");       /* U+206A */
    /* bytes that are not UTF-8, one at a time: a raw 0x9B is CSI to a
     * Latin-1 terminal */
    expect_unit("\x9b", 1, 1, "\\x9b");
    expect_unit("\x80", 1, 1, "\\x80");
    expect_unit("\xe2\x80", 2, 1, "\\xe2");        /* truncated */
    expect_unit("\xc0\xaf", 2, 1, "\\xc0");        /* overlong */
    expect_unit("\xed\xa0\x80", 3, 1, "\\xed");    /* surrogate */
    expect_unit("\xf4\x90\x80\x80", 4, 1, "\\xf4"); /* above U+10FFFF */
    expect_unit("\xff", 1, 1, "\\xff");
    /* kept as they are */
    expect_unit("a", 1, 1, "");
    expect_unit("\\", 1, 1, "");
    expect_unit("\xc3\xa9", 2, 2, "");              /* é */
    expect_unit("\xf0\x9f\x94\x92", 4, 4, "");      /* U+1F512 */
    assert_true(esc_unsafe(0x1b) && esc_unsafe(0x7f) && esc_unsafe(0x85) && esc_unsafe(0x202d));
    assert_false(esc_unsafe(' ') || esc_unsafe('~') || esc_unsafe(0xa0) || esc_unsafe(0x2070));
}

static char *to_string(void (*fn)(FILE *, const void *), const void *arg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    fn(f, arg);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void write_title_attack(FILE *f, const void *arg)
{
    (void)arg;
    static const char s[] = "\x1b]0;pwned\x07\x1b[2J ok \xc2\x9b\xe2\x80\xae \x9b\xc3\xa9";
    esc_write(f, s, sizeof s - 1);
}

static void test_write_and_idempotent(void **state)
{
    (void)state;
    char *out = to_string(write_title_attack, NULL);
    assert_string_equal(out, "\\x1b]0;pwned\\x07\\x1b[2J ok \\u009b\\u202e \\x9b\xc3\xa9");
    /* escaped text escaped again is the same */
    char again[256];
    assert_string_equal(esc_str(out, again, sizeof again), out);
    free(out);
    /* esc_str cuts before a unit that does not fit, never inside it */
    char small[7];
    assert_string_equal(esc_str("ab\x1b" "cd", small, sizeof small), "ab\\x1b");
    assert_string_equal(esc_str("abc\x1b" "d", small, sizeof small), "abc");
    assert_string_equal(esc_str("abcde\xc3\xa9", small, sizeof small), "abcde");
    char one[1];
    assert_string_equal(esc_str("x", one, sizeof one), "");
}

static void write_msg(FILE *f, const void *arg)
{
    esc_msg(f, "--log: cannot write '%s': %s", (const char *)arg, "Permission denied");
}

static void test_message_line(void **state)
{
    (void)state;
    char *out = to_string(write_msg, "/tmp/\x1b[2Jx\ny");
    assert_string_equal(out, "mtls-sim: --log: cannot write '/tmp/\\x1b[2Jx\\ny': "
                             "Permission denied\n");
    free(out);
}

static void write_json(FILE *f, const void *arg)
{
    const char *s = arg;
    render_json_str(f, s, strlen(s));
}

static void test_json_strings(void **state)
{
    (void)state;
    char *out = to_string(write_json, "a\"\\\n\x1b\x7f\xc2\x9b\xe2\x80\xae\x9b\xc3\xa9");
    assert_string_equal(out, "\"a\\\"\\\\\\n\\u001b\\u007f\\u009b\\u202e\\ufffd\xc3\xa9\"");
    free(out);
}

/* ---- the batch views ------------------------------------------------------ */

static const char attack[] = "\x1b]0;pwned\x07\x1b[2J\xc2\x9b" "31m\xe2\x80\xae";
static const char attack_escaped[] = "\\x1b]0;pwned\\x07\\x1b[2J\\u009b31m\\u202e";

static sim *run_msg(const char *scenario_name, hs_kx kx)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .kx = kx, .message = attack };
    if (scenario_name)
        assert_non_null(o.scenario = scenario_find(scenario_name));
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static void write_text(FILE *f, const void *arg)
{
    render_opts ro = { .timings = false };
    render_text(f, arg, &ro);
}

/* Nothing in the output drives a terminal: no C0 but the line feed, no
 * DEL, no C1, no bidi, every byte UTF-8. */
static void assert_terminal_safe(const char *out)
{
    size_t n = strlen(out);
    for (size_t i = 0; i < n;) {
        char e[ESC_MAX];
        size_t m = esc_next(out + i, n - i, e);
        if (e[0] && strcmp(e, "\\n") != 0)
            fail_msg("raw %s at byte %zu of the output", e, i);
        i += m;
    }
}

static void test_text_message(void **state)
{
    (void)state;
    sim *s = run_msg(NULL, KX_ECDHE);
    assert_true(s->tr.outcome.ok);
    char *out = to_string(write_text, &s->tr);
    assert_terminal_safe(out);
    char want[128];
    snprintf(want, sizeof want, "client said: \"%s\"\n", attack_escaped);
    assert_non_null(strstr(out, want));
    free(out);
    sim_free(s);
}

/* The eavesdropper with a stolen key and key transport recovers the
 * message: her "recovered" line is escaped too. */
static void test_text_recovered(void **state)
{
    (void)state;
    sim *s = run_msg("key-leak", KX_TRANSPORT);
    assert_non_null(s->tr.eve);
    assert_true(s->tr.eve->recovered);
    char *out = to_string(write_text, &s->tr);
    assert_terminal_safe(out);
    char want[128];
    snprintf(want, sizeof want, "recovered: the client said \"%s\"\n", attack_escaped);
    assert_non_null(strstr(out, want));
    free(out);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_write_and_idempotent),
        cmocka_unit_test(test_message_line),
        cmocka_unit_test(test_json_strings),
        cmocka_unit_test(test_text_message),
        cmocka_unit_test(test_text_recovered),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
