/* tui_draw_help.c — the help screen, generated from the key table and the
 * --keys escape table, and the "terminal too small" screen. */
#include <stdio.h>
#include <string.h>

#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

#define HELP_LINES 96

typedef struct help_line {
    char key[96];     /* drawn in the key role */
    char text[160];
    tui_role role;
} help_line;

static size_t add(help_line *h, size_t n, const char *key, tui_role role, const char *text)
{
    if (n < HELP_LINES) {
        snprintf(h[n].key, sizeof h[n].key, "%s", key);
        snprintf(h[n].text, sizeof h[n].text, "%s", text);
        h[n].role = role;
    }
    return n + 1;
}

static size_t help_lines(help_line *h)
{
    size_t n = 0;
    /* the title, then every key: one 80x24 screen */
    n = add(h, n, "", ROLE_TITLE, "mtls-sim: keys (\u2191\u2193 scroll this help, any other key "
                                  "closes it)");
    for (size_t i = 0; i < tui_keymap_len; i++) {
        char keys[96];
        tui_keybind_names(&tui_keymap[i], TUI_KEYS_PER_ACTION, " ", keys, sizeof keys);
        n = add(h, n, keys, ROLE_NORMAL, tui_keymap[i].help);
    }
    n = add(h, n, "mouse", ROLE_NORMAL, "click a message or a value to select it");
    n = add(h, n, "", ROLE_NORMAL, "");
    n = add(h, n, "", ROLE_TITLE, "who knows what (a tag on every value, colour too)");
    /* the one vocabulary (trace.h): tag, word, meaning */
    static const tui_role roles[] = { ROLE_CLIENT, ROLE_SERVER, ROLE_SHARED, ROLE_WIRE };
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        char text[160];
        const trace_knowers *k = &trace_knowers_legend[i];
        snprintf(text, sizeof text, "%s: %s", k->word, k->meaning);
        n = add(h, n, k->tag, roles[i], text);
    }
    n = add(h, n, "\u2500\u2500\u25b6", ROLE_NORMAL, "a record in the clear, sender to receiver");
    n = add(h, n, "\u2550\u2550\u25b6", ROLE_NORMAL, "an encrypted record");
    n = add(h, n, "", ROLE_NORMAL, "");
    n = add(h, n, "", ROLE_TITLE, "--keys STRING types STRING as keystrokes, then quits; special keys:");
    char line[160] = "";
    for (size_t i = 0; i < tui_escapes_len; i++) {
        /* escapes that share a description are listed on one line */
        char one[32];
        snprintf(one, sizeof one, "%s<%s>", line[0] ? " " : "", tui_escapes[i].name);
        strncat(line, one, sizeof line - strlen(line) - 1);
        bool last = i + 1 == tui_escapes_len || tui_escapes[i + 1].help;
        if (last) {
            const char *what = tui_escapes[i].help;
            for (size_t j = i + 1; j-- > 0 && !what;)
                what = tui_escapes[j].help;
            n = add(h, n, line, ROLE_NORMAL, what ? what : "");
            line[0] = '\0';
        }
    }
    n = add(h, n, "<resize:WxH>", ROLE_NORMAL, "the terminal becomes W columns by H rows");
    n = add(h, n, "<click:X,Y>", ROLE_NORMAL, "a mouse click at column X, row Y (from 0)");
    return n > HELP_LINES ? HELP_LINES : n;
}

static bool key_alone(const tui_view *v, const help_line *l, int key_w)
{
    return tui_text_width(l->key, (size_t)-1, v->th.utf8) > key_w - 1;
}

void tui_draw_help(tui_view *v)
{
    help_line h[HELP_LINES];
    size_t n = help_lines(h);
    int key_w = 22, text_x = 3 + key_w;
    /* each entry wrapped to the screen: count the rows, then draw those in view */
    tui_line wl[8];
    int total = 0;
    for (size_t i = 0; i < n; i++) {
        int x = h[i].key[0] ? text_x : 1;
        size_t k = tui_wrap(h[i].text, COLS - x - 1, v->th.utf8, wl, 8);
        total += (int)(k < 8 ? k : 8) + (key_alone(v, &h[i], key_w) ? 1 : 0);
    }
    int max_top = total > LINES ? total - LINES : 0;
    if (v->help_top > max_top)
        v->help_top = max_top;
    if (v->help_top < 0)
        v->help_top = 0;
    int row = 0;
    for (size_t i = 0; i < n && row - v->help_top < LINES; i++) {
        const help_line *l = &h[i];
        int x = l->key[0] ? text_x : 1;
        size_t k = tui_wrap(l->text, COLS - x - 1, v->th.utf8, wl, 8);
        tui_style ks = tui_st(&v->th, l->role == ROLE_NORMAL ? ROLE_KEY : l->role, 0);
        if (key_alone(v, l, key_w)) {
            /* keys longer than their column get a row of their own */
            if (row - v->help_top >= 0)
                tui_put(stdscr, &v->th, row - v->help_top, 3, COLS - 4, ks, l->key);
            row++;
        }
        for (size_t j = 0; j < k && j < 8; j++, row++) {
            int y = row - v->help_top;
            if (y < 0 || y >= LINES)
                continue;
            if (j == 0 && l->key[0] && !key_alone(v, l, key_w))
                tui_put(stdscr, &v->th, y, 3, key_w - 1, ks, l->key);
            tui_putn(stdscr, &v->th, y, x, COLS - x, tui_st(&v->th, l->role, 0),
                     l->text + wl[j].off, wl[j].len);
        }
    }
    wnoutrefresh(stdscr);
}

void tui_draw_too_small(tui_view *v)
{
    char msg[96];
    snprintf(msg, sizeof msg, "terminal too small: need %dx%d, have %dx%d", TUI_MIN_COLS,
             TUI_MIN_ROWS, COLS, LINES);
    int y = LINES / 2, w = (int)strlen(msg);
    int x = COLS > w ? (COLS - w) / 2 : 0;
    tui_put(stdscr, &v->th, y > 0 ? y - 1 : 0, x, COLS - x, tui_st(&v->th, ROLE_FAIL, 0), msg);
    const char *q = "make it bigger, or press q to quit";
    int qw = (int)strlen(q);
    tui_put(stdscr, &v->th, y + 1 < LINES ? y + 1 : y, COLS > qw ? (COLS - qw) / 2 : 0, COLS,
            tui_st(&v->th, ROLE_NORMAL, 0), q);
    wnoutrefresh(stdscr);
}
