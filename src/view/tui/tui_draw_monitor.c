/* tui_draw_monitor.c — the monitor in the lesson pane (key m): messages,
 * checks with their verdicts, alerts, and each step's duration, in the order
 * they happened, up to the step on screen. It keeps to its end, like a log,
 * unless scrolled back. */
#include <stdio.h>
#include <stdlib.h>

#include "view/tui/tui_monitor.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

static bool step_sends(const trace *t, int step)
{
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].step == step)
            return true;
    return false;
}

/* "step 5 Master secret (nothing sent)", wrapped, its duration at the right
 * of its last row (or of a row of its own). */
static void row_step(tui_view *v, tui_pw *pw, int step)
{
    const tui_theme *th = &v->th;
    char time[32], head[96];
    tui_step_time(v->t, step, tui_view_timings(v), time, sizeof time);
    snprintf(head, sizeof head, "step %d %s%s", step, trace_step_title(v->t, step),
             step_sends(v->t, step) ? "" : " (nothing sent)");
    int tw = tui_text_width(time, (size_t)-1, th->utf8);
    tui_line l[4];
    size_t n = tui_wrap(head, pw->width, th->utf8, l, 4);
    int x = 0;
    for (size_t i = 0; i < n && i < 4; i++) {
        if (i)
            tui_pw_nl(pw);
        x = tui_pw_putn(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), head + l[i].off, l[i].len);
    }
    if (x + 1 + tw > pw->width)
        tui_pw_nl(pw);
    tui_pw_put(pw, pw->width - tw, tui_st(th, ROLE_DIM, 0), time);
    tui_pw_nl(pw);
}

static void row_msg(tui_view *v, tui_pw *pw, const trace_msg *m)
{
    const tui_theme *th = &v->th;
    char seq[24], line[128];
    /* the arrow points the way it went, as on the wire: the client is left */
    snprintf(seq, sizeof seq, "#%d %s ", m->seq, m->from == PARTY_CLIENT ? "\u25b6" : "\u25c0");
    snprintf(line, sizeof line, "%s %zu B%s", m->name, m->record_len,
             m->tampered ? " CHANGED IN FLIGHT" : "");
    tui_role r = m->tampered ? ROLE_FAIL : m->from == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER;
    int x = tui_pw_put(pw, 0, tui_st(th, r, A_BOLD), seq);
    tui_pw_wrap(pw, x, tui_st(th, r, 0), line);
}

static void row_check(tui_view *v, tui_pw *pw, const trace_check *c)
{
    const tui_theme *th = &v->th;
    bool ok = c->result == ERR_OK;
    int x = tui_pw_put(pw, 1, tui_st(th, ok ? ROLE_OK : ROLE_FAIL, 0), ok ? "\u2713" : "\u2717");
    x = tui_pw_put(pw, x + 1, tui_st(th, c->who == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER, 0),
                   c->who == PARTY_CLIENT ? "C" : "S");
    char text[400];
    if (ok)
        snprintf(text, sizeof text, "%s", c->name);
    else
        snprintf(text, sizeof text, "%s: %s", c->name, err_str(c->result));
    tui_pw_wrap(pw, x + 1, tui_st(th, ok ? ROLE_NORMAL : ROLE_FAIL, 0), text);
}

static void row_alert(tui_view *v, tui_pw *pw, const trace_msg *m)
{
    if (m->plain_len != 2)
        return;
    char text[128];
    snprintf(text, sizeof text, "ALERT %s (%d), fatal, from the %s", alert_name(m->plain[1]),
             m->plain[1], party_name(m->from));
    tui_pw_wrap(pw, 1, tui_st(&v->th, ROLE_FAIL, A_BOLD), text);
}

static void draw_all(tui_view *v, tui_pw *pw, const tui_mon_row *rows, size_t n)
{
    const trace *t = v->t;
    for (size_t i = 0; i < n; i++) {
        const tui_mon_row *r = &rows[i];
        switch (r->kind) {
        case TUI_MON_STEP: row_step(v, pw, r->index); break;
        case TUI_MON_MSG: row_msg(v, pw, &t->msgs[r->index]); break;
        case TUI_MON_CHECK: row_check(v, pw, &t->checks[r->index]); break;
        case TUI_MON_ALERT: row_alert(v, pw, &t->msgs[r->index]); break;
        }
    }
    size_t checks, failed;
    tui_monitor_counts(t, v->step, &checks, &failed);
    char sum[96];
    snprintf(sum, sizeof sum, "%zu checks, %zu failed", checks, failed);
    tui_pw_wrap(pw, 0, tui_st(&v->th, failed ? ROLE_FAIL : ROLE_DIM, 0), sum);
}

void tui_draw_monitor(tui_view *v)
{
    WINDOW *w = v->win[TUI_LESSON];
    const trace *t = v->t;
    tui_box(w, &v->th, v->focus == TUI_LESSON, "monitor: in the order it happened");
    tui_box_hint(w, &v->th, "m lesson");
    size_t cap = t->n_events + HS_STEPS + 1;
    tui_mon_row *rows = malloc(cap * sizeof *rows);
    tui_pw pw;
    if (!rows) {
        tui_pw_init(&pw, w, &v->th, 0);
        tui_pw_put(&pw, 0, tui_st(&v->th, ROLE_FAIL, 0), "out of memory");
        return;
    }
    size_t n = tui_monitor_rows(t, v->step, rows, cap);
    if (n > cap)
        n = cap;
    /* count the rows off screen; show the end, or as far back as scrolled */
    tui_pw_init(&pw, w, &v->th, 1 << 20);
    draw_all(v, &pw, rows, n);
    int total = pw.row, back_max = total > pw.h ? total - pw.h : 0;
    if (v->mon_back > back_max)
        v->mon_back = back_max;
    tui_pw_init(&pw, w, &v->th, back_max - v->mon_back);
    draw_all(v, &pw, rows, n);
    free(rows);
}
