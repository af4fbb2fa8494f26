/* test_tui_screen.c — a presenter's screen: text too long for its room ends
 * in an ellipsis instead of being cut silently (UTF-8 "…", ASCII "..."), a
 * message label squeezed onto an arrow too, and the roles' looks stay
 * legible on a projector (no blue text, no A_DIM, dark colours bold).
 * Drawn on a real curses screen (newterm on pipes), read back cell by cell. */
#include "testlib.h"

#include <locale.h>
#include <wchar.h>

#include "run/sim.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_put.h"
#include "view/tui/tui_text.h"

static SCREEN *scr;
static FILE *scr_in, *scr_out;

static int screen_up(void **state)
{
    (void)state;
    setlocale(LC_ALL, "C.UTF-8");
    scr_in = fopen("/dev/null", "r");
    scr_out = fopen("/dev/null", "w");
    if (!scr_in || !scr_out)
        return -1;
    scr = newterm("xterm-256color", scr_out, scr_in);
    return scr ? 0 : -1;
}

static int screen_down(void **state)
{
    (void)state;
    endwin();
    delscreen(scr);
    fclose(scr_in);
    fclose(scr_out);
    return 0;
}

/* Row 0 of w as UTF-8, trailing spaces dropped. */
static void row_text(WINDOW *w, char *out, size_t cap)
{
    size_t at = 0;
    int width = getmaxx(w);
    for (int x = 0; x < width; x++) {
        cchar_t c;
        wchar_t wc[CCHARW_MAX + 1];
        attr_t a;
        short pair;
        assert_int_equal(mvwin_wch(w, 0, x, &c), OK);
        assert_int_equal(getcchar(&c, wc, &a, &pair, NULL), OK);
        char mb[8];
        int k = (int)wcrtomb(mb, wc[0] ? wc[0] : L' ', &(mbstate_t){ 0 });
        assert_true(k > 0 && at + (size_t)k < cap);
        memcpy(out + at, mb, (size_t)k);
        at += (size_t)k;
    }
    while (at && out[at - 1] == ' ')
        at--;
    out[at] = '\0';
}

static void put_and_read(bool utf8, int maxw, const char *s, char *out, size_t cap, int *cols)
{
    tui_theme th;
    tui_theme_init(&th, false, utf8);
    WINDOW *w = newwin(1, 40, 0, 0);
    assert_non_null(w);
    *cols = tui_put(w, &th, 0, 0, maxw, tui_st(&th, ROLE_NORMAL, 0), s);
    row_text(w, out, cap);
    delwin(w);
}

static void test_ellipsis(void **state)
{
    (void)state;
    char got[256];
    int cols;
    put_and_read(true, 8, "client random", got, sizeof got, &cols);
    assert_string_equal(got, "client \u2026");
    assert_int_equal(cols, 8);
    put_and_read(false, 8, "client random", got, sizeof got, &cols);
    assert_string_equal(got, "clien...");
    assert_int_equal(cols, 8);
    /* what fits is not touched; spaces past the room are not "more" */
    put_and_read(true, 13, "client random", got, sizeof got, &cols);
    assert_string_equal(got, "client random");
    put_and_read(true, 6, "client      ", got, sizeof got, &cols);
    assert_string_equal(got, "client");
    /* a wide character at the edge gives its two columns to the ellipsis */
    put_and_read(true, 4, "ab\u4e2d\u6587cd", got, sizeof got, &cols);
    assert_string_equal(got, "ab\u2026");
    assert_true(cols <= 4);
    /* ASCII with less room than "...": as many dots as fit */
    put_and_read(false, 2, "abcdef", got, sizeof got, &cols);
    assert_string_equal(got, "..");
    /* a non-ASCII character that becomes several ASCII ones is cut whole */
    put_and_read(false, 5, "a\u2192b\u2192c\u2192d", got, sizeof got, &cols);
    assert_int_equal(cols, 5);
    assert_string_equal(got + strlen(got) - 3, "...");
}

static void test_arrow_label(void **state)
{
    (void)state;
    sim_options o = { .seed = 1, .seeded = true, .kx = KX_ECDHE, .ems = true };
    o.scenario = scenario_find("expired-server-cert");
    assert_non_null(o.scenario);
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    const trace *t = &s->tr;
    const trace_msg *alert = &t->msgs[t->n_msgs - 1];
    char label[96];
    /* too narrow for every form: cut, and it says so */
    tui_msg_label(alert, 0, 12, true, label, sizeof label);
    assert_int_equal(tui_text_width(label, (size_t)-1, true), 12);
    assert_non_null(strstr(label, "\u2026"));
    tui_msg_label(alert, 0, 12, false, label, sizeof label);
    assert_int_equal((int)strlen(label), 12);
    assert_string_equal(label + 9, "...");
    /* room enough: whole, no ellipsis */
    tui_msg_label(alert, 0, 60, true, label, sizeof label);
    assert_null(strstr(label, "\u2026"));
    assert_non_null(strstr(label, "certificate_expired"));
    sim_free(s);
}

static void test_projector_colours(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        short fg, bg;
        attr_t ca, ma;
        tui_theme_look((tui_role)r, &fg, &bg, &ca, &ma);
        assert_int_not_equal(fg, COLOR_BLUE);       /* dark blue text vanishes */
        assert_false(ca & A_DIM);                   /* so does dim text */
        assert_false(ma & A_DIM);
        if (fg == COLOR_RED || fg == COLOR_MAGENTA) /* dark: bold, bright on most terminals */
            assert_true(ca & A_BOLD);
        if (bg == COLOR_BLUE || bg == COLOR_RED)    /* light text on a dark bar */
            assert_true(fg == COLOR_WHITE && (ca & A_BOLD));
    }
    assert_false(TUI_A_PAST & A_DIM);
    assert_true(TUI_A_NOW & A_BOLD);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ellipsis),
        cmocka_unit_test(test_arrow_label),
        cmocka_unit_test(test_projector_colours),
    };
    if (sodium_init() < 0)
        return 1;
    return cmocka_run_group_tests(tests, screen_up, screen_down);
}
