/* test_tui_keys.c — the --keys parser reads the numbers of <resize:WxH> and
 * <click:X,Y> as --seed reads its number: digits only, so a space, a sign
 * or anything after the second number is refused with the usual message,
 * never read as something else. */
#include "testlib.h"

#include "view/tui/tui_keys.h"

/* s parses to exactly one event of kind key with numbers a and b. */
static void one_event(const char *s, int key, int a, int b)
{
    tui_script sc;
    char err[200] = "";
    if (!tui_script_parse(s, &sc, err, sizeof err))
        fail_msg("--keys '%s' refused: %s", s, err);
    assert_int_equal(sc.n, 1);
    assert_int_equal(sc.k[0].key, key);
    assert_int_equal(sc.k[0].a, a);
    assert_int_equal(sc.k[0].b, b);
    tui_script_free(&sc);
}

/* s is refused, and the message quotes the escape and says how to write it. */
static void refused(const char *s, const char *quoted, const char *advice)
{
    tui_script sc;
    char err[200] = "";
    if (tui_script_parse(s, &sc, err, sizeof err)) {
        size_t n = sc.n;
        tui_script_free(&sc);
        fail_msg("--keys '%s' accepted (%zu events), want it refused", s, n);
    }
    if (!strstr(err, quoted) || !strstr(err, advice))
        fail_msg("--keys '%s': message '%s' lacks '%s' or '%s'", s, err, quoted, advice);
    assert_null(sc.k);
    assert_int_equal(sc.n, 0);
}

static void test_resize_numbers(void **state)
{
    (void)state;
    one_event("<resize:80x24>", TUI_EV_RESIZE, 80, 24);
    one_event("<resize:1x1000>", TUI_EV_RESIZE, 1, 1000);
    one_event("<resize:080x024>", TUI_EV_RESIZE, 80, 24); /* --seed takes 007 too */
    const char *want = "write <resize:COLUMNSxROWS>";
    /* what strtol would have read as 80x24 */
    refused("<resize: 80x24>", "<resize: 80x24>", want);
    refused("<resize:+80x24>", "<resize:+80x24>", want);
    refused("<resize:80x 24>", "<resize:80x 24>", want);
    refused("<resize:80x+24>", "<resize:80x+24>", want);
    refused("<resize:\t80x24>", "<resize:\t80x24>", want);
    refused("<resize:80 x24>", "<resize:80 x24>", want);
    refused("<resize:80x24 >", "<resize:80x24 >", want);
    /* signs, ranges, missing parts */
    refused("<resize:-80x24>", "<resize:-80x24>", want);
    refused("<resize:0x24>", "<resize:0x24>", want);
    refused("<resize:1001x24>", "<resize:1001x24>", want);
    refused("<resize:80x>", "<resize:80x>", want);
    refused("<resize:x24>", "<resize:x24>", want);
    refused("<resize:80x24x1>", "<resize:80x24x1>", want);
    refused("<resize:99999999999999999999x24>", "<resize:99999999999999999999x24>", want);
}

static void test_click_numbers(void **state)
{
    (void)state;
    one_event("<click:0,0>", TUI_EV_CLICK, 0, 0);
    one_event("<click:40,5>", TUI_EV_CLICK, 40, 5);
    const char *want = "write <click:COLUMN,ROW>";
    refused("<click: 40,5>", "<click: 40,5>", want);
    refused("<click:+40,5>", "<click:+40,5>", want);
    refused("<click:40, 5>", "<click:40, 5>", want);
    refused("<click:40,+5>", "<click:40,+5>", want);
    refused("<click:-0,5>", "<click:-0,5>", want); /* strtol reads -0 as 0 */
    refused("<click:40,1001>", "<click:40,1001>", want);
    refused("<click:40;5>", "<click:40;5>", want);
}

/* A refusal in the middle of a script leaves nothing behind. */
static void test_refusal_mid_script(void **state)
{
    (void)state;
    refused("nnn<resize:120x40>n<resize:+80x24>q", "<resize:+80x24>",
            "write <resize:COLUMNSxROWS>");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resize_numbers),
        cmocka_unit_test(test_click_numbers),
        cmocka_unit_test(test_refusal_mid_script),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
