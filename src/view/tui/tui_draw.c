/* tui_draw.c — one frame: lay out (the one place a resize is handled), the
 * status line, the panes, the hints, then a single doupdate().
 *
 * Each pane is its own window: it is erased and drawn, then staged with
 * wnoutrefresh(); doupdate() sends only the cells that changed, so there is
 * no flicker and no full clear between frames.
 */
#include <stdio.h>
#include <string.h>

#include "tls/msg/msg.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"
#include "tls/suites.h"

#define SEGS 12

typedef struct segment {
    char text[2][96];  /* long and short form */
    tui_role role;
} segment;

static size_t status_segments(const tui_view *v, segment *s)
{
    const trace *t = v->t;
    size_t n = 0;
    /* a question before a step must not give its title away */
    if (v->mode == TUI_MODE_PREDICT && !v->pr->mystery)
        snprintf(s[n].text[0], 96, "Predict: step %d of %d is next", v->step, HS_STEPS);
    else
        snprintf(s[n].text[0], 96, "Step %d of %d: %s", v->step, HS_STEPS,
                 trace_step_title(t, v->step));
    snprintf(s[n].text[1], 96, "%s", s[n].text[0]);
    s[n++].role = ROLE_STATUS;
    /* predict and mystery keep the ending (and a mystery its name) back */
    bool hide = tui_predict_hides(v);
    if (v->pr) {
        tui_predict_status(v, s[n].text[0], s[n].text[1], 96);
        s[n++].role = ROLE_EVE;
    }
    /* a run with a fault says which, and what the real checks made of it
     * once the step where that shows is on screen: before, only its name,
     * so the class can still guess what will happen */
    if (t->scenario && !hide) {
        int reveal = t->outcome.ok || t->outcome.step < 1 ? v->max_step : t->outcome.step;
        if (v->step >= reveal) {
            tui_scenario_outcome(t, false, s[n].text[0], 96);
            tui_scenario_outcome(t, true, s[n].text[1], 96);
        } else {
            snprintf(s[n].text[0], 96, "scenario %.80s", t->scenario);
            snprintf(s[n].text[1], 96, "%.80s", t->scenario);
        }
        s[n++].role = ROLE_EVE;
    }
    if (v->eve) {
        snprintf(s[n].text[0], 96, "EAVESDROPPER VIEW");
        snprintf(s[n].text[1], 96, "EAVESDROPPER");
        s[n++].role = ROLE_EVE;
    }
    bool ok;
    char out[96];
    /* with a scenario its segment says how the run ended */
    if (!t->scenario && !hide && tui_outcome_text(t, v->step, &ok, out, sizeof out)) {
        snprintf(s[n].text[0], 96, "%s %.88s", ok ? "\u2713" : "\u2717",
                 ok ? "handshake complete" : out);
        snprintf(s[n].text[1], 96, "%s", ok ? "\u2713 complete" : "\u2717 FAILED");
        if (!ok && t->outcome.step >= 1)
            snprintf(s[n].text[1], 96, "\u2717 FAILED at step %d", t->outcome.step);
        s[n++].role = ok ? ROLE_STATUS : ROLE_EVE;
    }
    /* a one-off message (after a key) before the facts that stay */
    if (v->note[0]) {
        snprintf(s[n].text[0], 96, "%.95s", v->note);
        snprintf(s[n].text[1], 96, "%.95s", v->note);
        s[n++].role = ROLE_EVE;
    }
    snprintf(s[n].text[0], 96, "TLS %s", tls_version_str(t->version));
    snprintf(s[n].text[1], 96, "TLS %s", tls_version_str(t->version));
    s[n++].role = ROLE_STATUS;
    /* the extended master secret is the default (RFC 7627 §5.2): the header
     * names only the legacy derivation of --no-ems (TLS 1.3 has neither) */
    if (!t->ems && t->version == TLS_V12) {
        snprintf(s[n].text[0], 96, "legacy master secret (--no-ems)");
        snprintf(s[n].text[1], 96, "legacy MS");
        s[n++].role = ROLE_STATUS;
    }
    /* the suite by its registered name; the short form drops the fixed parts */
    const char *suite = suite_name(t->suite);
    snprintf(s[n].text[0], 96, "%s", suite);
    const char *p = strncmp(suite, "TLS_", 4) == 0 ? suite + 4 : suite;
    const char *with = strstr(p, "_WITH_");
    if (with)
        snprintf(s[n].text[1], 96, "%.*s_%s", (int)(with - p), p, with + 6);
    else
        snprintf(s[n].text[1], 96, "%s", p);
    char *sim_only = strstr(s[n].text[1], " (simulation only)");
    if (sim_only)
        snprintf(sim_only, 96 - (size_t)(sim_only - s[n].text[1]), " (sim.)");
    s[n++].role = ROLE_STATUS;
    if (t->seeded) {
        snprintf(s[n].text[0], 96, "seed %llu (demo randomness)", (unsigned long long)t->seed);
        snprintf(s[n].text[1], 96, "seed %llu", (unsigned long long)t->seed);
    } else {
        snprintf(s[n].text[0], 96, "live randomness");
        snprintf(s[n].text[1], 96, "live");
    }
    s[n++].role = ROLE_STATUS;
    if (v->auto_seconds > 0) {
        if (v->auto_on)
            snprintf(s[n].text[0], 96, "auto: a step every %gs", v->auto_seconds);
        else
            snprintf(s[n].text[0], 96, "auto paused (t resumes)");
        snprintf(s[n].text[1], 96, "%s", v->auto_on ? "auto" : "auto paused");
        s[n++].role = ROLE_STATUS;
    }
    /* wall-clock times only for live runs (or --timings): a seeded screen must
     * be the same every time */
    if (tui_view_timings(v) && n < SEGS) {
        snprintf(s[n].text[0], 96, "step took %.0f \u00b5s", (double)t->step_ns[v->step] / 1e3);
        snprintf(s[n].text[1], 96, "%.0f \u00b5s", (double)t->step_ns[v->step] / 1e3);
        s[n++].role = ROLE_STATUS;
    }
    return n;
}

/* Place the segments: all long forms if they fit in TUI_HEADER_MAX rows,
 * else the short ones. Returns the rows needed. */
static int status_flow(const tui_view *v, const segment *s, size_t n, int *form, int *row,
                       int *col)
{
    int w[SEGS];
    int rows = 1;
    for (*form = 0; *form < 2; (*form)++) {
        for (size_t i = 0; i < n; i++)
            w[i] = tui_text_width(s[i].text[*form], (size_t)-1, v->th.utf8);
        rows = tui_flow(w, n, COLS - 2, 3, TUI_HEADER_MAX, row, col);
        bool all = true;
        for (size_t i = 0; i < n; i++)
            all &= row[i] >= 0;
        if (all)
            break;
    }
    if (*form == 2)
        *form = 1;
    return rows;
}

static void draw_status(tui_view *v, const segment *s, size_t n, int form, const int *row,
                        const int *col)
{
    WINDOW *w = v->header;
    werase(w);
    tui_style bar = tui_st(&v->th, ROLE_STATUS, 0);
    for (int y = 0; y < getmaxy(w); y++)
        tui_fill_row(w, y, 0, bar);
    for (size_t i = 0; i < n; i++) {
        if (row[i] < 0)
            continue;
        int x = 1 + col[i];
        if (col[i] > 0)
            tui_put(w, &v->th, row[i], x - 2, 1, bar, "\u2502");
        tui_style st = tui_st(&v->th, s[i].role, i == 0 ? A_BOLD : 0);
        tui_put(w, &v->th, row[i], x, COLS - x, st, s[i].text[form]);
    }
    wnoutrefresh(w);
}

static void draw_hints(tui_view *v)
{
    WINDOW *w = v->hints;
    werase(w);
    char line[512];
    /* from the key table: what fits, most important first */
    tui_hints_line(COLS, v->th.utf8, line, sizeof line);
    /* key names in the key role, words plain: entries are split by two spaces,
     * a key list from its word by one */
    int x = 1;
    for (const char *p = line; *p;) {
        const char *gap = strstr(p, "  ");
        size_t len = gap ? (size_t)(gap - p) : strlen(p);
        const char *sp = memchr(p, ' ', len);
        size_t klen = sp ? (size_t)(sp - p) : len;
        x += tui_putn(w, &v->th, 0, x, COLS - x, tui_st(&v->th, ROLE_KEY, 0), p, klen);
        x += tui_putn(w, &v->th, 0, x, COLS - x, tui_st(&v->th, ROLE_NORMAL, 0), p + klen,
                      len - klen);
        if (!gap)
            break;
        x += 2;
        p = gap + 2;
    }
    wnoutrefresh(w);
}

void tui_windows_free(tui_view *v)
{
    for (int p = 0; p < TUI_PANES; p++) {
        if (v->win[p])
            delwin(v->win[p]);
        v->win[p] = NULL;
    }
    if (v->header)
        delwin(v->header);
    if (v->hints)
        delwin(v->hints);
    v->header = v->hints = NULL;
}

static WINDOW *make(tui_rect r) { return r.h > 0 && r.w > 0 ? newwin(r.h, r.w, r.y, r.x) : NULL; }

/* The one place a new size, zoom or status height becomes geometry. The
 * step, selection and scroll live in the view state and survive it. */
static void relayout(tui_view *v, int header_h)
{
    tui_windows_free(v);
    tui_layout_compute(&v->lay, COLS, LINES, header_h, v->zoom);
    v->lay_zoom = v->zoom;
    if (v->lay.too_small)
        return;
    v->header = make(v->lay.header);
    v->hints = make(v->lay.hints);
    for (int p = 0; p < TUI_PANES; p++)
        v->win[p] = make(v->lay.pane[p]);
}

void tui_draw(tui_view *v)
{
    segment seg[SEGS];
    int row[SEGS], col[SEGS], form;
    size_t n = status_segments(v, seg);
    int header_h = status_flow(v, seg, n, &form, row, col);
    if (COLS != v->lay.cols || LINES != v->lay.rows || v->zoom != v->lay_zoom ||
        (!v->lay.too_small && header_h != v->lay.header.h))
        relayout(v, header_h);

    werase(stdscr);
    if (v->lay.too_small) {
        tui_draw_too_small(v);
        doupdate();
        return;
    }
    if (v->mode == TUI_MODE_HELP) {
        tui_draw_help(v); /* instead of the panes */
        doupdate();
        return;
    }
    wnoutrefresh(stdscr);
    /* header and hints windows exist whenever the layout is not too small,
     * unless curses ran out of memory: then draw what we have */
    if (v->header)
        draw_status(v, seg, n, form, row, col);
    if (v->hints)
        draw_hints(v);
    for (int p = 0; p < TUI_PANES; p++) {
        if (!v->win[p])
            continue;
        werase(v->win[p]);
        switch (p) {
        case TUI_CLIENT:
        case TUI_SERVER: tui_draw_side(v, p); break;
        case TUI_WIRE: tui_draw_wire(v); break;
        case TUI_DETAIL: tui_draw_detail(v); break;
        default: tui_draw_lesson(v); break;
        }
        wnoutrefresh(v->win[p]);
    }
    if (v->mode == TUI_MODE_MENU)
        tui_draw_menu(v); /* over the panes */
    else if (v->mode == TUI_MODE_VERSIONS)
        tui_draw_versions(v); /* over the panes */
    else if (v->mode == TUI_MODE_PREDICT)
        tui_draw_predict(v); /* over the panes */
    doupdate();
}
