/* tui_draw_scenario.c — scenarios on screen: the menu (key s) over the
 * panes, and the detail pane comparing the run with its clean twin (key c):
 * from which message on they part, how many values changed, and both
 * versions of a message that differs, its changed bytes marked. */
#include <stdio.h>
#include <string.h>

#include "view/tui/tui_compare.h"
#include "view/tui/tui_hexdump.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

size_t tui_menu_entries(const tui_view *v, const scenario **out, size_t cap)
{
    size_t n = tui_scenario_menu(v->sim->opt.kx, v->sim->opt.version, out, cap);
    return n < cap ? n : cap;
}

/* ---- the menu ---- */

static const char no_fault[] = "the clean run, no fault";

void tui_draw_menu(tui_view *v)
{
    const tui_theme *th = &v->th;
    const scenario *e[TUI_MENU_MAX];
    int n = (int)tui_menu_entries(v, e, TUI_MENU_MAX);
    /* the rows, two for the chosen one's summary, a footer, the box */
    int w = COLS - 4 < 100 ? COLS - 4 : 100, h = n + 5 < LINES - 2 ? n + 5 : LINES - 2;
    v->menu_rect = (tui_rect){ (LINES - h) / 2, (COLS - w) / 2, h, w };
    WINDOW *win = newwin(h, w, v->menu_rect.y, v->menu_rect.x);
    if (!win)
        return;
    werase(win);
    tui_box(win, th, true, "scenario: the same handshake again, with one fault");
    int inner = w - 2, vis = h - 5;
    v->menu_top = tui_scroll(v->menu_top, n, vis, v->menu_sel, 1, false);
    const scenario *cur = tui_runs_scenario(v);
    int name_w = 4;
    for (int i = 1; i < n; i++) {
        int k = (int)strlen(e[i]->name);
        name_w = k > name_w ? k : name_w;
    }
    for (int r = 0; r < vis && v->menu_top + r < n; r++) {
        int i = v->menu_top + r, y = 1 + r;
        bool sel = i == v->menu_sel;
        attr_t a = sel ? A_REVERSE : 0;
        if (sel)
            tui_fill_row(win, y, 1, tui_st(th, ROLE_NORMAL, a));
        tui_put(win, th, y, 1, 1, tui_st(th, ROLE_FOCUS, a), sel ? "\u25b8" : " ");
        tui_put(win, th, y, 2, 1, tui_st(th, ROLE_OK, a), e[i] == cur ? "\u2022" : " ");
        const char *name = e[i] ? e[i]->name : "none";
        const char *what = e[i] ? e[i]->summary : no_fault;
        tui_put(win, th, y, 4, inner - 3, tui_st(th, ROLE_TITLE, a), name);
        int x = 4 + name_w + 2;
        if (x < inner)
            tui_put(win, th, y, x, inner - x + 1, tui_st(th, ROLE_NORMAL, a), what);
    }
    /* the chosen row's summary in full, in case the row cut it */
    const scenario *chosen = v->menu_sel >= 0 && v->menu_sel < n ? e[v->menu_sel] : NULL;
    char about[256];
    snprintf(about, sizeof about, "%s: %s", chosen ? chosen->name : "none",
             chosen ? chosen->summary : no_fault);
    tui_line lines[2];
    size_t nl = tui_wrap(about, inner, th->utf8, lines, 2);
    for (size_t k = 0; k < nl && k < 2; k++)
        tui_putn(win, th, h - 4 + (int)k, 1, inner, tui_st(th, ROLE_DIM, 0), about + lines[k].off,
                 lines[k].len);
    tui_put(win, th, h - 2, 1, inner, tui_st(th, ROLE_KEY, 0),
            "\u2191\u2193 choose  Enter run it (same keys, same clock)  Esc close");
    /* the box's right edge again: the chosen row's bar was painted over it */
    for (int y = 1; y < h - 1; y++)
        tui_put(win, th, y, w - 1, 1, tui_st(th, ROLE_FOCUS, 0), "\u2502");
    wnoutrefresh(win);
    delwin(win);
}

/* ---- the comparison ---- */

/* One side of a row that differs: "-" (the clean run, or what the sender
 * wrote) or "+" (with the fault, or what arrived), its bytes that differ
 * from the other side's marked. */
static void diff_row(tui_view *v, tui_pw *pw, char sign, const uint8_t *b, size_t n,
                     const uint8_t *o, size_t on, size_t r, int per)
{
    const tui_theme *th = &v->th;
    char line[256], s[2] = { sign, 0 };
    tui_hex_row(b, n, r, per, line, sizeof line);
    tui_style mark = tui_st(th, ROLE_FAIL, A_REVERSE);
    tui_pw_put(pw, 0, tui_st(th, ROLE_FAIL, A_BOLD), s);
    tui_pw_put(pw, 2, tui_st(th, ROLE_DIM, 0), line);
    tui_pw_put(pw, 6, tui_st(th, ROLE_NORMAL, 0), line + 4);
    for (int k = 0; k < per && tui_pw_visible(pw, pw->row); k++) {
        size_t at = r * (size_t)per + (size_t)k;
        if (at >= n)
            break;
        if (at < on && o[at] == b[at])
            continue;
        int x = tui_hex_byte_col(per, k), ax = tui_hex_ascii_col(per, k);
        tui_pw_putn(pw, 2 + x, mark, line + x, 2);
        tui_pw_putn(pw, 2 + ax, mark, line + ax, 1);
    }
    tui_pw_nl(pw);
}

static void same_rows(tui_view *v, tui_pw *pw, size_t from, size_t to, int per)
{
    char line[64];
    snprintf(line, sizeof line, "  %04zx\u2013%04zx the same in both", from * (size_t)per,
             to * (size_t)per - 1);
    tui_pw_put(pw, 0, tui_st(&v->th, ROLE_DIM, 0), line);
    tui_pw_nl(pw);
}

/* Two versions of a record as a hex diff: rows that agree folded into one
 * line, rows that differ shown from both, their changed bytes marked. */
static void hex_diff(tui_view *v, tui_pw *pw, const uint8_t *a, size_t an, const uint8_t *b,
                     size_t bn)
{
    int per = tui_hex_per_row(pw->width - 2);
    size_t ra = tui_hex_rows(an, per), rb = tui_hex_rows(bn, per);
    size_t rows = ra > rb ? ra : rb, same_from = 0;
    for (size_t r = 0; r <= rows; r++) {
        if (r < rows && tui_hex_row_same(a, an, b, bn, r, per))
            continue;
        if (same_from < r)
            same_rows(v, pw, same_from, r, per);
        same_from = r + 1;
        if (r == rows)
            break;
        if (r < ra)
            diff_row(v, pw, '-', a, an, b, bn, r, per);
        if (r < rb)
            diff_row(v, pw, '+', b, bn, a, an, r, per);
    }
}

static void legend(tui_view *v, tui_pw *pw, char sign, const char *what, size_t len)
{
    char line[160];
    snprintf(line, sizeof line, "%c %s, %zu B", sign, what, len);
    tui_pw_wrap(pw, 0, tui_st(&v->th, ROLE_TITLE, 0), line);
}

/* Both versions of the wire's selected message. */
static void compare_msg(tui_view *v, tui_pw *pw, size_t i)
{
    const tui_theme *th = &v->th;
    const trace *clean = &v->clean->tr, *t = v->t;
    const trace_msg *m = &t->msgs[i];
    const trace_msg *c = i < clean->n_msgs ? &clean->msgs[i] : NULL;
    bool differs = tui_msg_differs(clean, t, i);
    char head[160];
    snprintf(head, sizeof head, "#%d %s (%s): %s", m->seq, m->name, party_name(m->from),
             !differs ? "identical in both runs" : m->tampered ? "changed in flight"
                                                   : "differs from the clean run");
    tui_pw_wrap(pw, 0, tui_st(th, differs ? ROLE_FAIL : ROLE_OK, A_BOLD), head);
    if (!differs)
        return;
    if (m->tampered && m->sent) {
        legend(v, pw, '-', "as the sender wrote it", m->sent_len);
        legend(v, pw, '+', "as it arrived, changed by the attacker", m->record_len);
        hex_diff(v, pw, m->sent, m->sent_len, m->record, m->record_len);
        return;
    }
    char what[96];
    if (c) {
        snprintf(what, sizeof what, "the clean run's #%d %s", c->seq, c->name);
        legend(v, pw, '-', what, c->record_len);
    } else {
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0), "- the clean run has no such message");
    }
    snprintf(what, sizeof what, "with %s: #%d %s", t->scenario ? t->scenario : "the fault",
             m->seq, m->name);
    legend(v, pw, '+', what, m->record_len);
    hex_diff(v, pw, c ? c->record : NULL, c ? c->record_len : 0, m->record, m->record_len);
}

void tui_draw_compare(tui_view *v, tui_pw *pw)
{
    const tui_theme *th = &v->th;
    const trace_diff *d = &v->diff;
    const trace *t = v->t;
    tui_style plain = tui_st(th, ROLE_NORMAL, 0);
    char line[256], out[160];
    snprintf(line, sizeof line, "with and without %s: the same root key and clock",
             t->scenario ? t->scenario : "the fault");
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), line);
    tui_diff_text(d, line, sizeof line);
    tui_pw_wrap(pw, 0, tui_st(th, d->first_seq ? ROLE_FAIL : ROLE_OK, 0), line);
    snprintf(line, sizeof line, "messages: %zu in the clean run, %zu with the fault", d->n_clean,
             d->n_fault);
    tui_pw_wrap(pw, 0, plain, line);
    snprintf(line, sizeof line, "values: %zu the same, %zu changed, %zu never reached",
             d->n_same_values, d->n_changed_values, d->n_missing_values);
    tui_pw_wrap(pw, 0, plain, line);
    bool ok;
    if (!tui_outcome_text(t, HS_STEPS, &ok, out, sizeof out))
        snprintf(out, sizeof out, "no outcome");
    snprintf(line, sizeof line, "with the fault: %s", out);
    tui_pw_wrap(pw, 0, tui_st(th, ok ? ROLE_OK : ROLE_FAIL, 0), line);
    tui_pw_nl(pw);
    tui_item it;
    if (v->subject == TUI_WIRE && tui_view_selected(v, TUI_WIRE, &it) && it.kind == TUI_ITEM_MSG)
        compare_msg(v, pw, (size_t)it.index);
    else
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0),
                    "select a message on the wire to see both versions");
}
