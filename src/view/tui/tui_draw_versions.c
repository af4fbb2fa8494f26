/* tui_draw_versions.c — TLS 1.2 and TLS 1.3 side by side (key V), over the
 * panes: the run on screen and the same handshake in the other version
 * (tui_runs_versions), as the rows and sentences of --compare-versions
 * (render_versions_rows), each cell wrapped to the width it gets. */
#include <stdio.h>
#include <string.h>

#include "tls/version.h"
#include "view/batch/render.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

#define COLS_N 3
#define GAP 2
#define CELL_LINES 6

/* One table row: COLS_N cells wrapped into their widths w, drawn side by
 * side at columns x from the current row; the row takes as many lines as
 * its tallest cell. A label's next lines hang one column in (so its column
 * wraps one narrower), which tells them from the next row's label. */
static void table_row(tui_pw *pw, const char *const cell[COLS_N], const int *x, const int *w,
                      tui_style st)
{
    tui_line l[COLS_N][CELL_LINES];
    size_t n[COLS_N], lines = 1;
    for (int c = 0; c < COLS_N; c++) {
        n[c] = tui_wrap(cell[c], w[c] - (c == 0 ? 1 : 0), pw->th->utf8, l[c], CELL_LINES);
        n[c] = n[c] < CELL_LINES ? n[c] : CELL_LINES;
        lines = n[c] > lines ? n[c] : lines;
    }
    for (size_t k = 0; k < lines; k++) {
        for (int c = 0; c < COLS_N; c++)
            if (k < n[c])
                tui_pw_putn(pw, x[c] + (c == 0 && k > 0 ? 1 : 0), st, cell[c] + l[c][k].off,
                            l[c][k].len);
        tui_pw_nl(pw);
    }
}

/* Everything in the box from row 0; pw counts the rows, draws those in view. */
static void content(tui_view *v, tui_pw *pw, const render_vrow *rows)
{
    const tui_theme *th = &v->th;
    const trace *t = v->t;
    tls_version other = t->version == TLS_V12 ? TLS_V13 : TLS_V12;
    char line[256];
    snprintf(line, sizeof line, "The run on screen is TLS %s; beside it the same handshake%s%s "
                                "in TLS %s, with the same root key and clock.",
             tls_version_str(t->version), t->scenario ? " with " : "",
             t->scenario ? t->scenario : "", tls_version_str(other));
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0), line);
    /* the sentences below are about complete handshakes: say when a run
     * is not one */
    if (!t->outcome.ok || !v->versions->tr.outcome.ok)
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_FAIL, 0),
                    "A run that ends in an alert never sends the client's data: its rows "
                    "count the whole run up to the alert, and the sentences below describe "
                    "complete handshakes.");
    tui_pw_nl(pw);

    /* the columns: each as wide as its widest text, narrowed to fit */
    const char *head[COLS_N] = { "", "TLS 1.2", "TLS 1.3" };
    int w[COLS_N];
    for (int c = 0; c < COLS_N; c++)
        w[c] = tui_text_width(head[c], (size_t)-1, th->utf8) + (c == 0 ? 1 : 0);
    for (int r = 0; r < RENDER_VERSIONS_ROWS; r++) {
        int k = tui_text_width(rows[r].label, (size_t)-1, th->utf8) + 1;
        w[0] = k > w[0] ? k : w[0];
        for (int s = 0; s < 2; s++) {
            k = tui_text_width(rows[r].v[s], (size_t)-1, th->utf8);
            w[1 + s] = k > w[1 + s] ? k : w[1 + s];
        }
    }
    tui_columns_fit(w, COLS_N, pw->width - GAP * (COLS_N - 1), 8);
    int x[COLS_N] = { 0, w[0] + GAP, w[0] + GAP + w[1] + GAP };
    table_row(pw, head, x, w, tui_st(th, ROLE_TITLE, A_BOLD));
    for (int r = 0; r < RENDER_VERSIONS_ROWS; r++) {
        const char *cell[COLS_N] = { rows[r].label, rows[r].v[0], rows[r].v[1] };
        table_row(pw, cell, x, w, tui_st(th, ROLE_NORMAL, 0));
    }
    for (size_t i = 0; i < render_versions_why_len; i++) {
        tui_pw_nl(pw);
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_NORMAL, 0), render_versions_why[i]);
    }
}

void tui_draw_versions(tui_view *v)
{
    const trace *t12 = v->t, *t13 = v->versions ? &v->versions->tr : NULL;
    if (!t13)
        return;
    if (v->t->version != TLS_V12) {
        t12 = t13;
        t13 = v->t;
    }
    int y = v->lay.header.y + v->lay.header.h, h = v->lay.hints.y - y;
    if (h < 3 || COLS < 3)
        return;
    WINDOW *win = newwin(h, COLS, y, 0);
    if (!win)
        return;
    werase(win);
    char src[48], title[128];
    render_versions_source(t12, src, sizeof src);
    snprintf(title, sizeof title, "TLS 1.2 and TLS 1.3 side by side: the same certificates (%s)",
             src);
    tui_box(win, &v->th, true, title);
    tui_box_hint(win, &v->th, "\u2191\u2193 scroll  V close");
    render_vrow rows[RENDER_VERSIONS_ROWS];
    render_versions_rows(t12, t13, rows);
    /* count the rows, keep the scroll in range, then draw those in view */
    tui_pw pw;
    tui_pw_init(&pw, win, &v->th, 1 << 20);
    content(v, &pw, rows);
    v->versions_top = tui_scroll(v->versions_top, pw.row, pw.h, -1, 0, false);
    tui_pw_init(&pw, win, &v->th, v->versions_top);
    content(v, &pw, rows);
    wnoutrefresh(win);
    delwin(win);
}
