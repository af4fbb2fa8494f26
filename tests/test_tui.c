/* test_tui.c — the interface's pure parts: text measuring and wrapping,
 * layout, scrolling, hex rows, the key table, --keys scripts, and what the
 * panes list from a seeded run's trace. (The screens themselves are checked
 * by tests/check_tui.sh in tmux and against golden dumps.) */
#include "testlib.h"

#include "teach/lesson.h"
#include "run/scenario.h"
#include "run/sim.h"
#include "model/trace_diff.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_hexdump.h"
#include "view/tui/tui_keys.h"
#include "view/tui/tui_layout.h"
#include "view/tui/tui_lesson.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_monitor.h"
#include "view/tui/tui_text.h"

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(tui_utf8_next("A", &cp), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(tui_utf8_next("\u00a7", &cp), 2);
    assert_int_equal(cp, 0xa7);
    assert_int_equal(tui_utf8_next("\u2026x", &cp), 3);
    assert_int_equal(cp, 0x2026);
    assert_int_equal(tui_utf8_next("\xff", &cp), 1);
    assert_int_equal(cp, 0xfffd);
    /* cut short by the end of the string */
    assert_int_equal(tui_utf8_next("\xe2\x80", &cp), 2);
    assert_int_equal(cp, 0xfffd);
    /* an overlong '/' is not text */
    tui_utf8_next("\xc0\xaf", &cp);
    assert_int_equal(cp, 0xfffd);
}

static void test_width_and_fit(void **state)
{
    (void)state;
    assert_int_equal(tui_text_width("a\u2026b", (size_t)-1, true), 3);
    assert_int_equal(tui_text_width("a\u2026b", (size_t)-1, false), 5); /* "..." */
    assert_string_equal(tui_ascii_for(0x2500), "-");
    assert_string_equal(tui_ascii_for(0x2713), "ok");
    assert_string_equal(tui_ascii_for(0x1f600), "?");
    /* fitting never splits a character */
    assert_int_equal(tui_text_fit("ab\u2026cd", 8, 3, true), 5);
    assert_int_equal(tui_text_fit("ab\u2026cd", 8, 2, true), 2);
}

static void test_ellipsize(void **state)
{
    (void)state;
    char out[64];
    tui_text_ellipsize("client cert private key", 21, true, out, sizeof out);
    assert_string_equal(out, "client cert private \u2026");
    assert_int_equal(tui_text_width(out, (size_t)-1, true), 21);
    tui_text_ellipsize("client cert private key", 21, false, out, sizeof out);
    assert_string_equal(out, "client cert privat..."); /* 18 + 3 columns */
    tui_text_ellipsize("short", 21, true, out, sizeof out);
    assert_string_equal(out, "short");
    tui_text_ellipsize("abc", 0, true, out, sizeof out);
    assert_string_equal(out, "");
}

static void test_wrap(void **state)
{
    (void)state;
    tui_line l[8];
    const char *s = "the quick brown fox\njumps";
    size_t n = tui_wrap(s, 10, true, l, 8);
    assert_int_equal(n, 3);
    assert_int_equal(l[0].len, 9); /* "the quick" */
    assert_memory_equal(s + l[1].off, "brown fox", 9);
    assert_memory_equal(s + l[2].off, "jumps", 5);
    /* a word longer than the line is cut; blank lines are kept */
    n = tui_wrap("abcdefghij\n\nx", 4, true, l, 8);
    assert_int_equal(n, 5);
    assert_int_equal(l[0].len, 4);
    assert_int_equal(l[3].len, 0);
    /* counting goes on past the room given */
    assert_int_equal(tui_wrap("a b c d e f", 1, true, l, 2), 6);
}

static bool overlap(tui_rect a, tui_rect b)
{
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

static void test_layout(void **state)
{
    (void)state;
    tui_layout l;
    tui_layout_compute(&l, 79, 24, 1, -1);
    assert_true(l.too_small);
    tui_layout_compute(&l, 80, 23, 1, -1);
    assert_true(l.too_small);

    static const int sizes[][2] = { { 80, 24 }, { 120, 40 }, { 200, 60 }, { 81, 25 } };
    for (size_t k = 0; k < 4; k++) {
        int cols = sizes[k][0], rows = sizes[k][1];
        for (int hh = 1; hh <= 2; hh++) {
            tui_layout_compute(&l, cols, rows, hh, -1);
            assert_false(l.too_small);
            int area = 0;
            for (int p = 0; p < TUI_PANES; p++) {
                tui_rect r = l.pane[p];
                assert_true(r.x >= 0 && r.y >= hh && r.x + r.w <= cols && r.y + r.h <= rows - 1);
                assert_true(r.w >= 12 && r.h >= 4);
                area += r.w * r.h;
                for (int q = p + 1; q < TUI_PANES; q++)
                    assert_false(overlap(r, l.pane[q]));
            }
            /* the panes fill everything between the status and the hints */
            assert_int_equal(area, cols * (rows - hh - 1));
        }
    }
    /* a bigger terminal gives the sides more room, not a small box */
    tui_layout small, big;
    tui_layout_compute(&small, 80, 24, 2, -1);
    tui_layout_compute(&big, 200, 60, 1, -1);
    assert_true(big.pane[TUI_CLIENT].w > 2 * small.pane[TUI_CLIENT].w);
    assert_true(big.pane[TUI_DETAIL].h > 2 * small.pane[TUI_DETAIL].h);
    /* the wire is wide enough for its arrows at 80 columns */
    assert_true(small.pane[TUI_WIRE].w - 2 >= 28);

    tui_layout_compute(&l, 80, 24, 2, TUI_LESSON);
    assert_int_equal(l.pane[TUI_LESSON].w, 80);
    assert_int_equal(l.pane[TUI_LESSON].h, 21);
    assert_int_equal(l.pane[TUI_WIRE].h, 0);
    assert_int_equal(tui_layout_pane_at(&l, 5, 5), TUI_LESSON);
    assert_int_equal(tui_layout_pane_at(&l, 0, 5), -1);
}

static void test_flow_and_scroll(void **state)
{
    (void)state;
    int w[] = { 10, 10, 10, 50 }, row[4], col[4];
    assert_int_equal(tui_flow(w, 4, 40, 3, 2, row, col), 1);
    assert_int_equal(row[0], 0);
    assert_int_equal(col[1], 13);
    assert_int_equal(row[2], 0);
    assert_int_equal(row[3], -1); /* wider than a row: left out */
    int w2[] = { 30, 30, 30 };
    assert_int_equal(tui_flow(w2, 3, 40, 3, 2, row, col), 2);
    assert_int_equal(row[1], 1);
    assert_int_equal(row[2], -1); /* no third row */
    /* a short segment goes back to a row with room, after a long one moved on */
    int w3[] = { 30, 50, 8 };
    assert_int_equal(tui_flow(w3, 3, 60, 3, 2, row, col), 2);
    assert_int_equal(row[1], 1);
    assert_int_equal(col[1], 0);
    assert_int_equal(row[2], 0);
    assert_int_equal(col[2], 33);

    assert_int_equal(tui_scroll(0, 100, 10, 50, 2, false), 42);
    assert_int_equal(tui_scroll(60, 100, 10, 50, 2, false), 50);
    assert_int_equal(tui_scroll(45, 100, 10, 50, 2, false), 45);
    assert_int_equal(tui_scroll(0, 100, 10, -1, 0, true), 90);
    assert_int_equal(tui_scroll(95, 100, 10, -1, 0, false), 90);
    assert_int_equal(tui_scroll(5, 8, 10, -1, 0, true), 0);
}

static void test_hex(void **state)
{
    (void)state;
    assert_int_equal(tui_hex_per_row(48), 8);
    assert_int_equal(tui_hex_per_row(80), 16);
    assert_int_equal(tui_hex_per_row(200), 32);
    assert_int_equal(tui_hex_per_row(20), 4);
    uint8_t b[20];
    for (int i = 0; i < 20; i++)
        b[i] = (uint8_t)(0x41 + i);
    char line[160];
    tui_hex_row(b, 20, 0, 16, line, sizeof line);
    assert_string_equal(line,
                        "0000  41 42 43 44 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  ABCDEFGHIJKLMNOP");
    tui_hex_row(b, 20, 1, 16, line, sizeof line);
    assert_string_equal(line, "0010  51 52 53 54                                       QRST");
    assert_int_equal(tui_hex_byte_col(16, 8), 31);
    assert_int_equal(tui_hex_rows(20, 16), 2);

    char out[64];
    tui_hex_fit(b, 4, 8, true, out, sizeof out);
    assert_string_equal(out, "41424344");
    tui_hex_fit(b, 20, 21, true, out, sizeof out);
    assert_int_equal(tui_text_width(out, (size_t)-1, true), 21);
    assert_true(strstr(out, "\u2026") != NULL);
    assert_true(strncmp(out + strlen(out) - 8, "51525354", 8) == 0);
    tui_hex_fit(b, 20, 21, false, out, sizeof out);
    assert_true(strstr(out, "...") != NULL);
    assert_true(tui_text_width(out, (size_t)-1, false) <= 21);
}

static void test_keys(void **state)
{
    (void)state;
    assert_int_equal(tui_key_action(' '), ACT_NEXT);
    assert_int_equal(tui_key_action(KEY_RIGHT), ACT_NEXT);
    assert_int_equal(tui_key_action('l'), ACT_NEXT);
    assert_int_equal(tui_key_action(KEY_BACKSPACE), ACT_PREV);
    assert_int_equal(tui_key_action(127), ACT_PREV);
    assert_int_equal(tui_key_action(KEY_HOME), ACT_FIRST);
    assert_int_equal(tui_key_action('G'), ACT_LAST);
    assert_int_equal(tui_key_action('j'), ACT_DOWN);
    assert_int_equal(tui_key_action('\t'), ACT_TAB);
    assert_int_equal(tui_key_action('\n'), ACT_ENTER);
    assert_int_equal(tui_key_action('z'), ACT_ZOOM);
    assert_int_equal(tui_key_action('e'), ACT_EVE);
    assert_int_equal(tui_key_action('r'), ACT_NEW);
    assert_int_equal(tui_key_action('s'), ACT_SCENARIO);
    assert_int_equal(tui_key_action('c'), ACT_COMPARE);
    assert_int_equal(tui_key_action('m'), ACT_MONITOR);
    assert_int_equal(tui_key_action('a'), ACT_ANSWERS);
    assert_int_equal(tui_key_action('i'), ACT_LESSONS);
    assert_int_equal(tui_key_action('A'), ACT_ANSWERS_ALL);
    assert_int_equal(tui_key_action('t'), ACT_AUTO); /* any other key pauses --auto */
    assert_int_equal(tui_key_action('?'), ACT_HELP);
    assert_int_equal(tui_key_action('q'), ACT_QUIT);
    assert_int_equal(tui_key_action(3), ACT_QUIT);
    assert_int_equal(tui_key_action('x'), ACT_NONE);
    /* one table: every row has help, no key is bound twice */
    for (size_t i = 0; i < tui_keymap_len; i++) {
        assert_non_null(tui_keymap[i].help);
        for (int k = 0; k < TUI_KEYS_PER_ACTION && tui_keymap[i].keys[k]; k++)
            assert_int_equal(tui_key_action(tui_keymap[i].keys[k]), tui_keymap[i].act);
    }
    char names[96];
    tui_keybind_names(&tui_keymap[1], TUI_KEYS_PER_ACTION, " ", names, sizeof names);
    assert_string_equal(names, "p \u2190 h backspace"); /* three backspace codes, one name */
}

static void test_script(void **state)
{
    (void)state;
    tui_script s;
    char err[200];
    assert_true(tui_script_parse("n<right><lt>x<resize:120x40><click:3,4><tick>", &s, err,
                                 sizeof err));
    assert_int_equal(s.n, 7);
    assert_int_equal(s.k[0].key, 'n');
    assert_int_equal(s.k[1].key, KEY_RIGHT);
    assert_int_equal(s.k[2].key, '<');
    assert_int_equal(s.k[3].key, 'x');
    assert_int_equal(s.k[4].key, TUI_EV_RESIZE);
    assert_int_equal(s.k[4].a, 120);
    assert_int_equal(s.k[4].b, 40);
    assert_int_equal(s.k[5].key, TUI_EV_CLICK);
    assert_int_equal(s.k[5].b, 4);
    assert_int_equal(s.k[6].key, TUI_EV_TICK);
    tui_script_free(&s);
    assert_true(tui_script_parse("", &s, err, sizeof err));
    assert_int_equal(s.n, 0);
    tui_script_free(&s);

    assert_false(tui_script_parse("ab<nope>", &s, err, sizeof err));
    assert_non_null(strstr(err, "unknown key <nope>"));
    assert_false(tui_script_parse("a<right", &s, err, sizeof err));
    assert_non_null(strstr(err, "no closing"));
    assert_false(tui_script_parse("<resize:0x10>", &s, err, sizeof err));
    assert_false(tui_script_parse("<resize:80*24>", &s, err, sizeof err));
    assert_false(tui_script_parse("<click:1>", &s, err, sizeof err));
}

static void test_model(void **state)
{
    (void)state;
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1 };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    const trace *t = &s->tr;
    tui_item it[256];
    assert_int_equal(tui_max_step(t), 7);

    /* step 1: one message; the client made its random, the server received it */
    assert_int_equal(tui_wire_items(t, 1, it, 256), 1);
    size_t n = tui_side_items(t, PARTY_CLIENT, 1, false, it, 256);
    assert_int_equal(n, 1);
    assert_string_equal(t->values[it[0].index].id, "client_random");
    assert_string_equal(tui_know_tag(t->values[it[0].index].know), "[wire]");
    assert_int_equal(tui_side_items(t, PARTY_SERVER, 1, false, it, 256), 1);
    assert_string_equal(t->values[it[0].index].id, "client_random");
    /* the wire grows step by step, and never goes back on itself */
    size_t prev = 0;
    for (int step = 1; step <= 7; step++) {
        size_t w = tui_wire_items(t, step, it, 256);
        assert_true(w >= prev);
        for (size_t i = 0; i < w; i++)
            assert_true(it[i].step <= step && t->msgs[it[i].index].seq == (int)i + 1);
        prev = w;
    }
    assert_int_equal(prev, t->n_msgs);

    /* a private key is on its owner's side only */
    const trace_value *priv = trace_value_get(t, VAL_SERVER_ECDHE_PRIVATE);
    assert_non_null(priv);
    assert_true(tui_value_private(priv));
    size_t len;
    assert_null(tui_side_bytes(priv, PARTY_CLIENT, &len));
    assert_non_null(tui_side_bytes(priv, PARTY_SERVER, &len));
    /* a public value the client received: the bytes that crossed the wire */
    const trace_value *sr = trace_value_get(t, VAL_SERVER_RANDOM);
    assert_non_null(tui_side_bytes(sr, PARTY_CLIENT, &len));
    assert_int_equal(len, 32);
    const trace_value *ms = trace_value_get(t, VAL_MASTER_SECRET);
    assert_string_equal(tui_know_tag(ms->know), "[C+S]");
    assert_false(tui_value_public(ms));

    /* the eavesdropper sees no checks */
    n = tui_side_items(t, PARTY_SERVER, 7, true, it, 256);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(it[i].kind, TUI_ITEM_VALUE);
    assert_true(tui_side_items(t, PARTY_SERVER, 7, false, it, 256) > n);

    bool ok;
    char out[160];
    assert_false(tui_outcome_text(t, 6, &ok, out, sizeof out));
    assert_true(tui_outcome_text(t, 7, &ok, out, sizeof out));
    assert_true(ok);

    char label[64];
    tui_msg_label(&t->msgs[3], 0, 40, true, label, sizeof label);
    assert_string_equal(label, "#4 ServerKeyExchange 113 B");
    int form = tui_msg_label_form(t, 24, true);
    tui_msg_label(&t->msgs[3], form, 24, true, label, sizeof label);
    assert_string_equal(label, "4 ServerKeyExchange 113B");

    /* span paths name the field and its parents */
    const trace_msg *ch = &t->msgs[0];
    char path[256];
    size_t k = 0;
    while (k < ch->n_rec_spans && strcmp(ch->rec_spans[k].name, "msg_type") != 0)
        k++;
    assert_true(k < ch->n_rec_spans);
    tui_span_path(ch->rec_spans, ch->n_rec_spans, k, path, sizeof path);
    assert_string_equal(path, "handshake header \u203a msg_type");
    sim_free(s);
}

static void test_hints(void **state)
{
    (void)state;
    char line[512];
    tui_hints_line(80, true, line, sizeof line);
    assert_true(tui_text_width(line, (size_t)-1, true) <= 79);
    /* rank 1 always, and Tab, zoom and the scenario menu at 80 columns */
    assert_non_null(strstr(line, "\u2190\u2192 step"));
    assert_non_null(strstr(line, "e eavesdrop"));
    assert_non_null(strstr(line, "q quit"));
    assert_non_null(strstr(line, "Tab pane"));
    assert_non_null(strstr(line, "s scenario"));
    tui_hints_line(200, true, line, sizeof line);
    for (size_t i = 0; i < tui_keymap_len; i++)
        if (tui_keymap[i].hint)
            assert_non_null(strstr(line, tui_keymap[i].hint));
    /* narrow: what fits of the rest, more important first; never too long */
    tui_hints_line(60, true, line, sizeof line);
    assert_true(tui_text_width(line, (size_t)-1, true) <= 59);
    assert_non_null(strstr(line, "q quit"));
    assert_null(strstr(line, "m monitor"));
}

/* Every key of the table is in the manual page's INTERFACE KEYS section. */
static void test_man_keys(void **state)
{
    (void)state;
    FILE *f = fopen("man/mtls-sim.1", "r");
    if (!f)
        skip(); /* not run from the source tree */
    char line[512], section[8192] = "";
    bool in = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, ".SH", 3) == 0)
            in = strstr(line, "INTERFACE KEYS") != NULL;
        else if (in && (strncmp(line, ".B ", 3) == 0 || strncmp(line, ".BR ", 4) == 0))
            strncat(section, line, sizeof section - strlen(section) - 1);
    }
    fclose(f);
    for (size_t i = 0; i < tui_keymap_len; i++) {
        int k = tui_keymap[i].keys[0];
        if (k <= ' ' || k >= 0x7f)
            continue; /* named keys: spelled for roff */
        /* as a word of a .B or .BR line: "k" alone, or "k", between commas */
        char a[8], b[8], c[8];
        snprintf(a, sizeof a, ".B %c\n", k);
        snprintf(b, sizeof b, "R %c ", k);
        snprintf(c, sizeof c, "\" %c \"", k);
        if (!strstr(section, a) && !strstr(section, b) && !strstr(section, c))
            fail_msg("key '%c' (%s) is not in man/mtls-sim.1, INTERFACE KEYS", k,
                     tui_keymap[i].help);
    }
}

static void test_mwrap(void **state)
{
    (void)state;
    tui_mline r[16];
    /* marks take no room */
    const char *s = "ab \x01" "cdef\x02 gh";
    assert_int_equal(tui_text_width(s, (size_t)-1, true), 10);
    size_t n = tui_mwrap(s, 7, true, r, 16);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].len, 9); /* "ab " ON "cdef" OFF */
    assert_false(r[0].marked);
    assert_memory_equal(s + r[1].off, "gh", 2);
    /* a row that starts inside a live value knows it (a row that starts
     * with the mark itself draws it) */
    const char *hex = "x \x01" "0123456789abcdef\x02";
    n = tui_mwrap(hex, 8, true, r, 16);
    assert_int_equal(n, 3);
    assert_int_equal(r[0].len, 1);
    assert_false(r[1].marked);
    assert_int_equal(hex[r[1].off], LESSON_MARK_ON);
    assert_true(r[2].marked);
    assert_memory_equal(hex + r[2].off, "89abcdef", 8);
    assert_int_equal(r[1].indent, 0);
    /* a formula line stays whole when it fits, else hangs two past its indent */
    const char *f = "para one\n\n  ms = PRF(pms, label)";
    n = tui_mwrap(f, 40, true, r, 16);
    assert_int_equal(n, 3);
    assert_int_equal(r[1].len, 0);
    assert_int_equal(r[2].len, strlen("  ms = PRF(pms, label)"));
    n = tui_mwrap(f, 14, true, r, 16);
    assert_int_equal(n, 5);
    assert_int_equal(r[2].len, 6); /* "  ms =": broken at a space */
    assert_int_equal(r[2].indent, 0);
    assert_int_equal(r[3].indent, 4);
    assert_memory_equal(f + r[3].off, "PRF(pms,", 8);
    assert_int_equal(r[4].indent, 4);
    assert_memory_equal(f + r[4].off, "label)", 6);
    /* a long hex value in a formula is cut where it must be */
    n = tui_mwrap("  k = \x01" "00112233445566778899\x02", 12, true, r, 16);
    assert_int_equal(n, 4); /* "  k =", then 8 hex digits a row under it */
    assert_int_equal(r[1].len, 9);
    assert_true(r[2].marked && r[3].marked);
    /* counting goes on past the room given */
    assert_int_equal(tui_mwrap("a b c d e f", 1, true, r, 2), 6);
}

static void test_lesson_order(void **state)
{
    (void)state;
    const steps_table *st = steps_for(TLS_V12);
    assert_true(tui_lesson_is_step(st, "step1"));
    assert_true(tui_lesson_is_step(st, "step7"));
    assert_false(tui_lesson_is_step(st, "step8"));
    assert_false(tui_lesson_is_step(st, "step10"));
    assert_false(tui_lesson_is_step(st, "intro"));
    assert_string_equal(steps_lesson(st, 4), "step4");
    /* i: the lessons that are not steps, in file order, then back */
    const lesson_set *b = lesson_builtin();
    int k = tui_lesson_next_other(b, st, -1);
    assert_string_equal(lesson_id(b, (size_t)k), "intro");
    k = tui_lesson_next_other(b, st, k);
    assert_string_equal(lesson_id(b, (size_t)k), "practices");
    assert_int_equal(tui_lesson_next_other(b, st, k), -1);
}

static sim *run_scenario(const char *name, hs_kx kx)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1, .kx = kx };
    o.scenario = name ? scenario_find(name) : NULL;
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static void test_monitor(void **state)
{
    (void)state;
    sim *s = run_scenario(NULL, KX_ECDHE);
    const trace *t = &s->tr;
    tui_mon_row r[256];
    /* step 1: its row, the ClientHello; the server's checks of it are step 2's */
    size_t n = tui_monitor_rows(t, 1, r, 256);
    assert_int_equal(n, 2);
    assert_int_equal(r[0].kind, TUI_MON_STEP);
    assert_int_equal(r[0].index, 1);
    assert_int_equal(r[1].kind, TUI_MON_MSG);
    /* every step has its row, in order, the quiet ones too; every check once */
    n = tui_monitor_rows(t, 7, r, 256);
    int next = 1;
    size_t checks = 0, msgs = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].kind == TUI_MON_STEP)
            assert_int_equal(r[i].index, next++);
        checks += r[i].kind == TUI_MON_CHECK;
        msgs += r[i].kind == TUI_MON_MSG;
    }
    assert_int_equal(next, 8);
    assert_int_equal(checks, t->n_checks);
    assert_int_equal(msgs, t->n_msgs);
    size_t c, f;
    tui_monitor_counts(t, 7, &c, &f);
    assert_int_equal(c, t->n_checks);
    assert_int_equal(f, 0);
    /* a seeded screen shows no wall-clock time */
    char time[32];
    tui_step_time(t, 1, false, time, sizeof time);
    assert_string_equal(time, "\u2013");
    tui_step_time(t, 1, true, time, sizeof time);
    assert_non_null(strstr(time, "s"));
    sim_free(s);

    /* a failure: the failed check, then the alert, both shown at step 3 */
    s = run_scenario("expired-server-cert", KX_ECDHE);
    t = &s->tr;
    n = tui_monitor_rows(t, 3, r, 256);
    assert_int_equal(r[n - 1].kind, TUI_MON_ALERT);
    tui_monitor_counts(t, 3, &c, &f);
    assert_int_equal(f, 1);
    tui_monitor_counts(t, 2, &c, &f);
    assert_int_equal(f, 0);
    sim_free(s);
}

#define TUI_MENU_TEST 32

static void test_compare(void **state)
{
    (void)state;
    const scenario *e[TUI_MENU_TEST];
    size_t n = tui_scenario_menu(KX_ECDHE, TLS_V12, e, TUI_MENU_TEST);
    /* hello-retry runs in TLS 1.3 only, weak-cipher in TLS 1.2 only */
    assert_int_equal(n, scenario_count);
    assert_int_equal(tui_scenario_menu(KX_ECDHE, TLS_V13, e, TUI_MENU_TEST), scenario_count);
    assert_string_equal(e[scenario_count - 1]->name, "hello-retry");
    n = tui_scenario_menu(KX_ECDHE, TLS_V12, e, TUI_MENU_TEST);
    assert_null(e[0]); /* none: the clean run */
    assert_string_equal(e[1]->name, scenario_list[0].name);
    /* mitm-key-swap needs a ServerKeyExchange */
    assert_int_equal(tui_scenario_menu(KX_TRANSPORT, TLS_V12, e, TUI_MENU_TEST), scenario_count - 1);
    for (size_t i = 1; i < scenario_count - 1; i++)
        assert_string_not_equal(e[i]->name, "mitm-key-swap");

    /* hex diff rows: the same bytes, as many of them */
    const uint8_t x[20] = { 1, 2, 3 }, y[20] = { 1, 2, 4 };
    assert_false(tui_hex_row_same(x, 20, y, 20, 0, 16));
    assert_true(tui_hex_row_same(x, 20, y, 20, 1, 16));
    assert_false(tui_hex_row_same(x, 20, y, 18, 1, 16)); /* one is shorter */
    assert_true(tui_hex_row_same(x, 20, y, 18, 2, 16));  /* both past their end */
    assert_false(tui_hex_row_same(NULL, 0, y, 18, 0, 16));

    sim *clean = run_scenario(NULL, KX_ECDHE);
    sim *bad = run_scenario("expired-server-cert", KX_ECDHE);
    assert_false(tui_msg_differs(&clean->tr, &bad->tr, 0));
    assert_false(tui_msg_differs(&clean->tr, &bad->tr, 1));
    assert_true(tui_msg_differs(&clean->tr, &bad->tr, 2)); /* #3 Certificate */
    assert_true(tui_msg_differs(&clean->tr, &bad->tr, 6)); /* the alert */
    assert_false(tui_msg_differs(&clean->tr, &bad->tr, 7)); /* no such message */
    trace_diff d;
    trace_compare(&clean->tr, &bad->tr, &d);
    char text[256];
    tui_diff_text(&d, text, sizeof text);
    assert_string_equal(text, "messages #1\u2013#2 identical; "
                              "#3 Certificate (server) differs: other bytes");
    tui_scenario_outcome(&bad->tr, false, text, sizeof text);
    assert_string_equal(text, "scenario expired-server-cert: the client sends "
                              "certificate_expired (45) at step 3");
    tui_scenario_outcome(&bad->tr, true, text, sizeof text);
    assert_string_equal(text, "expired-server-cert: client, step 3, certificate_expired");
    tui_scenario_outcome(&clean->tr, true, text, sizeof text);
    assert_string_equal(text, "");
    sim_free(bad);

    /* an attacker's change in flight, from the first message on */
    bad = run_scenario("tampered-client-hello", KX_ECDHE);
    trace_compare(&clean->tr, &bad->tr, &d);
    tui_diff_text(&d, text, sizeof text);
    assert_string_equal(text, "#1 ClientHello (client) differs: changed in flight");
    assert_true(tui_msg_differs(&clean->tr, &bad->tr, 0));
    sim_free(bad);

    /* key-leak changes no byte of the session: the stolen key comes after */
    bad = run_scenario("key-leak", KX_ECDHE);
    trace_compare(&clean->tr, &bad->tr, &d);
    tui_diff_text(&d, text, sizeof text);
    assert_string_equal(text, "all 15 messages identical");
    tui_scenario_outcome(&bad->tr, true, text, sizeof text);
    assert_string_equal(text, "key-leak: completes; Eve reads nothing");
    sim_free(bad);
    sim_free(clean);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_width_and_fit),
        cmocka_unit_test(test_ellipsize),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_flow_and_scroll),
        cmocka_unit_test(test_hex),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_script),
        cmocka_unit_test(test_model),
        cmocka_unit_test(test_hints),
        cmocka_unit_test(test_man_keys),
        cmocka_unit_test(test_mwrap),
        cmocka_unit_test(test_lesson_order),
        cmocka_unit_test(test_monitor),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
