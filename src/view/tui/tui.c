/* tui.c — the interactive interface: start, the key loop, what each action
 * does to the view state, and a clean exit that always restores the terminal.
 *
 * Drawing is in tui_draw*.c, geometry in tui_layout.c, the key table in
 * tui_keys.c. This file turns keys into state changes and never draws.
 */
#include "view/tui/tui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/esc.h"
#include "view/tui/tui_view.h"

party tui_pane_party(int p) { return p == TUI_SERVER ? PARTY_SERVER : PARTY_CLIENT; }

static bool is_list(int p) { return p == TUI_CLIENT || p == TUI_WIRE || p == TUI_SERVER; }

size_t tui_view_items(tui_view *v, int p)
{
    size_t n = p == TUI_WIRE ? tui_wire_items(v->t, v->step, v->items, v->items_cap)
                             : tui_side_items(v->t, tui_pane_party(p), v->step, v->eve, v->items,
                                              v->items_cap);
    return n < v->items_cap ? n : v->items_cap;
}

bool tui_view_selected(tui_view *v, int p, tui_item *it)
{
    if (!is_list(p) || v->sel[p] < 0)
        return false;
    size_t n = tui_view_items(v, p);
    if ((size_t)v->sel[p] >= n)
        return false;
    *it = v->items[v->sel[p]];
    return true;
}

/* The selection a pane starts a step with: the step's failed check, else
 * its first new item (the wire: its first message), or none. It is the same
 * whichever way the step was reached, so "previous" shows exactly the
 * earlier screen. */
static int default_sel(tui_view *v, int p)
{
    /* the eavesdropper's attempt is the thing to look at: nothing selected
     * on the wire lets the detail show it */
    if (p == TUI_WIRE && v->eve && v->t->eve && v->step == v->max_step)
        return -1;
    size_t n = tui_view_items(v, p);
    int first = -1;
    for (size_t i = 0; i < n; i++) {
        const tui_item *it = &v->items[i];
        if (it->step != v->step)
            continue;
        if (first < 0)
            first = (int)i;
        /* a failed check is the thing to look at */
        if (it->kind == TUI_ITEM_CHECK && v->t->checks[it->index].result != ERR_OK &&
            !(v->pr && v->pr->mystery && tui_predict_hides(v))) /* a mystery: find it */
            return (int)i;
    }
    return first;
}

static void reset_step_view(tui_view *v)
{
    for (int p = 0; p < TUI_LISTS; p++)
        v->sel[p] = default_sel(v, p);
    for (int p = 0; p < TUI_PANES; p++)
        v->top[p] = 0;
    v->cursor = 0;
}

void tui_view_set_step(tui_view *v, int step)
{
    if (step < STEP_CLIENT_HELLO)
        step = STEP_CLIENT_HELLO;
    if (step > v->max_step)
        step = v->max_step;
    v->step = step;
    v->other = -1; /* back to the step's own lesson */
    v->answers = 0; /* its questions start unanswered */
    v->mon_back = 0;
    reset_step_view(v);
}

static int list_page(const tui_view *v, int p)
{
    int h = v->lay.pane[p].h - 2;
    return h > 2 ? h / (p == TUI_WIRE ? 1 : 2) : 1;
}

static void move_sel(tui_view *v, int delta)
{
    int p = v->focus;
    if (is_list(p)) {
        int n = (int)tui_view_items(v, p);
        if (n == 0)
            return;
        int s = v->sel[p] < 0 ? (delta > 0 ? -1 : n) : v->sel[p];
        s += delta;
        v->sel[p] = s < 0 ? 0 : s >= n ? n - 1 : s;
        v->subject = p;
        v->cursor = 0;
        v->top[TUI_DETAIL] = 0;
    } else if (p == TUI_LESSON && v->lesson_shows == TUI_LESSON_MONITOR) {
        v->mon_back -= delta; /* counted from the end; clamped when drawn */
        if (v->mon_back < 0)
            v->mon_back = 0;
    } else if (p == TUI_DETAIL && tui_detail_fields(v) > 0) {
        long c = (long)v->cursor + delta, n = (long)tui_detail_fields(v);
        v->cursor = (size_t)(c < 0 ? 0 : c >= n ? n - 1 : c);
    } else {
        v->top[p] += delta; /* clamped when drawn */
        if (v->top[p] < 0)
            v->top[p] = 0;
    }
}

/* A click on the menu: a row runs it; anywhere else closes the menu. */
static void menu_click(tui_view *v, int x, int y)
{
    int row = v->menu_top + (y - v->menu_rect.y - 1); /* below the box's top */
    const scenario *e[TUI_MENU_MAX];
    int n = (int)tui_menu_entries(v, e, TUI_MENU_MAX);
    v->mode = TUI_MODE_PANES;
    if (tui_rect_has(v->menu_rect, y, x) && y - v->menu_rect.y >= 1 && row < n &&
        y < v->menu_rect.y + v->menu_rect.h - 4)
        tui_runs_choose(v, e[row]);
}

static void click(tui_view *v, int x, int y)
{
    switch (v->mode) {
    case TUI_MODE_HELP:
    case TUI_MODE_VERSIONS: v->mode = TUI_MODE_PANES; return; /* any click closes them */
    case TUI_MODE_PREDICT: return; /* a question is answered with keys */
    case TUI_MODE_MENU: menu_click(v, x, y); return;
    case TUI_MODE_PANES: break;
    }
    tui_intro_close(v); /* a click goes to the panes under it */
    int p = tui_layout_pane_at(&v->lay, y, x);
    if (p < 0)
        return;
    v->focus = p;
    if (!is_list(p))
        return;
    v->subject = p;
    tui_rect in = tui_rect_inner(v->lay.pane[p]);
    int row = y - in.y;
    if (row >= 0 && row < TUI_ROWMAP && tui_rect_has(in, y, x) && v->rowitem[p][row] >= 0) {
        v->sel[p] = v->rowitem[p][row];
        v->cursor = 0;
        v->top[TUI_DETAIL] = 0;
    }
}

static void focus_pane(tui_view *v, int p)
{
    v->focus = (p + TUI_PANES) % TUI_PANES;
    if (is_list(v->focus))
        v->subject = v->focus;
    if (v->zoom >= 0)
        v->zoom = v->focus;
}

static void open_menu(tui_view *v)
{
    const scenario *e[TUI_MENU_MAX];
    size_t n = tui_menu_entries(v, e, TUI_MENU_MAX);
    v->mode = TUI_MODE_MENU;
    v->menu_sel = 0;
    for (size_t i = 0; i < n && i < TUI_MENU_MAX; i++)
        if (e[i] == tui_runs_scenario(v))
            v->menu_sel = (int)i;
}

/* A key while the scenario menu is open: move, choose, or close it. */
static void menu_key(tui_view *v, tui_action ac)
{
    const scenario *e[TUI_MENU_MAX];
    int n = (int)tui_menu_entries(v, e, TUI_MENU_MAX);
    int page = v->menu_rect.h > 6 ? v->menu_rect.h - 5 : 1;
    switch (ac) {
    case ACT_UP: case ACT_PREV: v->menu_sel--; break;
    case ACT_DOWN: case ACT_NEXT: v->menu_sel++; break;
    case ACT_PAGE_UP: v->menu_sel -= page; break;
    case ACT_PAGE_DOWN: v->menu_sel += page; break;
    case ACT_FIRST: v->menu_sel = 0; break;
    case ACT_LAST: v->menu_sel = n - 1; break;
    case ACT_ENTER:
        v->mode = TUI_MODE_PANES;
        if (v->menu_sel >= 0 && v->menu_sel < n)
            tui_runs_choose(v, e[v->menu_sel]);
        return;
    case ACT_HELP:
        v->mode = TUI_MODE_HELP;
        v->help_top = 0;
        return;
    case ACT_ESCAPE: case ACT_SCENARIO: v->mode = TUI_MODE_PANES; return;
    default: return;
    }
    v->menu_sel = v->menu_sel < 0 ? 0 : v->menu_sel >= n ? n - 1 : v->menu_sel;
}

/* A key on the help screen: scroll it, or close it. */
static void help_key(tui_view *v, tui_action ac)
{
    if (ac == ACT_UP || ac == ACT_DOWN)
        v->help_top += ac == ACT_UP ? -1 : 1;
    else if (ac == ACT_PAGE_UP || ac == ACT_PAGE_DOWN)
        v->help_top += (ac == ACT_PAGE_UP ? -1 : 1) * (LINES - 1);
    else
        v->mode = TUI_MODE_PANES;
}

/* A key over the version comparison: scroll it, the help, or close it. */
static void versions_key(tui_view *v, tui_action ac)
{
    int page = v->lay.hints.y - (v->lay.header.y + v->lay.header.h) - 2;
    page = page > 1 ? page : 1;
    switch (ac) {
    case ACT_UP: v->versions_top--; break;
    case ACT_DOWN: v->versions_top++; break;
    case ACT_PAGE_UP: v->versions_top -= page; break;
    case ACT_PAGE_DOWN: v->versions_top += page; break;
    case ACT_FIRST: v->versions_top = 0; break;
    case ACT_LAST: v->versions_top = 1 << 20; break; /* clamped when drawn */
    case ACT_HELP:
        v->mode = TUI_MODE_HELP;
        v->help_top = 0;
        return;
    case ACT_ESCAPE: case ACT_VERSIONS: v->mode = TUI_MODE_PANES; return;
    default: return;
    }
    if (v->versions_top < 0)
        v->versions_top = 0;
}

/* Key V: the comparison over the panes, or on the status line why there is
 * none (the other version refuses this run's options). */
static void open_versions(tui_view *v)
{
    if (!tui_runs_versions(v))
        return;
    v->mode = TUI_MODE_VERSIONS;
    v->versions_top = 0;
}

/* Keys of the lesson pane and the views that replace panes. */
static void view_key(tui_view *v, tui_action ac)
{
    switch (ac) {
    case ACT_COMPARE:
        if (!v->clean) {
            snprintf(v->note, sizeof v->note, "nothing to compare: s chooses a scenario");
            return;
        }
        v->detail_shows = v->detail_shows == TUI_DETAIL_COMPARE ? TUI_DETAIL_SELECTION
                                                                 : TUI_DETAIL_COMPARE;
        v->top[TUI_DETAIL] = 0;
        break;
    case ACT_MONITOR:
        v->lesson_shows = v->lesson_shows == TUI_LESSON_MONITOR ? TUI_LESSON_TEXT
                                                                : TUI_LESSON_MONITOR;
        v->mon_back = 0;
        v->top[TUI_LESSON] = 0;
        break;
    case ACT_ANSWERS:
    case ACT_ANSWERS_ALL: {
        /* one answer at a time, so a class can try each question first; a
         * key past the last hides them all again */
        int nq = (int)tui_lesson_questions(v);
        v->lesson_shows = TUI_LESSON_TEXT; /* from the monitor too */
        if (nq == 0) {
            snprintf(v->note, sizeof v->note, "this lesson has no questions");
            return;
        } else if (v->answers >= nq) {
            v->answers = 0;
        } else {
            v->answers = ac == ACT_ANSWERS_ALL ? nq : v->answers + 1;
        }
        v->to_questions = v->answers > 0; /* show what was asked for */
        break;
    }
    case ACT_LESSONS:
        /* from the monitor, back to the lesson that was there */
        v->other = v->lesson_shows == TUI_LESSON_MONITOR
                       ? v->other
                       : tui_lesson_next_other(v->lessons, trace_steps(v->t), v->other);
        v->lesson_shows = TUI_LESSON_TEXT;
        v->top[TUI_LESSON] = 0;
        v->answers = 0; /* another lesson, other questions */
        break;
    default: break;
    }
}

/* Do what a key means; false when it is time to quit. */
static bool act(tui_view *v, int key, int a, int b)
{
    v->note[0] = '\0';
    if (key == TUI_EV_RESIZE) {
        resizeterm(b, a); /* then drawn like any resize */
        return true;
    }
    if (key == KEY_RESIZE)
        return true; /* tui_draw re-lays out from LINES and COLS */
    if (key == KEY_MOUSE) {
        MEVENT ev;
        if (getmouse(&ev) == OK && (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
            click(v, ev.x, ev.y);
        return true;
    }
    if (key == TUI_EV_CLICK) {
        click(v, a, b);
        return true;
    }
    tui_action ac = tui_key_action(key);
    if (ac == ACT_QUIT)
        return false;
    if (v->lay.too_small)
        return true; /* nothing to act on until the terminal grows */
    if (v->pr && tui_predict_act(v, key))
        return true;
    switch (v->mode) {
    case TUI_MODE_MENU: menu_key(v, ac); return true;
    case TUI_MODE_HELP: help_key(v, ac); return true;
    case TUI_MODE_VERSIONS: versions_key(v, ac); return true;
    case TUI_MODE_PREDICT: return true; /* tui_predict_act has it */
    case TUI_MODE_PANES: break;
    }
    if (tui_intro_key(v, ac))
        return true;
    switch (ac) {
    case ACT_NEXT: tui_view_set_step(v, v->step + 1); break;
    case ACT_PREV: tui_view_set_step(v, v->step - 1); break;
    case ACT_FIRST: tui_view_set_step(v, STEP_CLIENT_HELLO); break;
    case ACT_LAST: tui_view_set_step(v, v->max_step); break;
    case ACT_UP: move_sel(v, -1); break;
    case ACT_DOWN: move_sel(v, 1); break;
    case ACT_PAGE_UP: move_sel(v, -list_page(v, v->focus)); break;
    case ACT_PAGE_DOWN: move_sel(v, list_page(v, v->focus)); break;
    case ACT_TAB: focus_pane(v, v->focus + 1); break;
    case ACT_BACKTAB: focus_pane(v, v->focus - 1); break;
    case ACT_ENTER:
        if (is_list(v->focus)) {
            v->subject = v->focus;
            focus_pane(v, TUI_DETAIL);
            v->cursor = 0;
            v->top[TUI_DETAIL] = 0;
        } else if (v->focus == TUI_DETAIL) {
            focus_pane(v, v->subject);
        }
        break;
    case ACT_ESCAPE:
        if (v->zoom >= 0)
            v->zoom = -1;
        else if (!is_list(v->focus))
            focus_pane(v, v->subject);
        break;
    case ACT_ZOOM: v->zoom = v->zoom >= 0 ? -1 : v->focus; break;
    case ACT_EVE:
        v->eve = !v->eve;
        reset_step_view(v);
        break;
    case ACT_SCENARIO: open_menu(v); break;
    case ACT_VERSIONS: open_versions(v); break;
    case ACT_COMPARE:
    case ACT_MONITOR:
    case ACT_ANSWERS:
    case ACT_ANSWERS_ALL:
    case ACT_LESSONS: view_key(v, ac); break;
    case ACT_NEW: tui_runs_new(v); break;
    case ACT_AUTO:
        if (v->auto_seconds > 0)
            v->auto_on = !v->auto_on;
        else
            snprintf(v->note, sizeof v->note, "start with --auto SECONDS to step automatically");
        break;
    case ACT_HELP:
        v->mode = TUI_MODE_HELP;
        v->help_top = 0;
        break;
    case ACT_PREDICT: tui_predict_start(v, false, false); break;
    case ACT_GUESS: snprintf(v->note, sizeof v->note, "f is for a --mystery run"); break;
    default: break;
    }
    return true;
}

/* The --auto timer: one step on; stops at the last step. */
static void tick(tui_view *v)
{
    if (!v->auto_on)
        return;
    if (v->opening) {
        tui_intro_close(v); /* the first tick begins at step 1 */
        return;
    }
    if (v->pr && !v->pr->mystery) {
        /* predict: on to the next step's questions; none while one is asked */
        if (v->mode == TUI_MODE_PANES && v->step < v->max_step)
            tui_predict_act(v, ' ');
        if (v->step >= v->max_step && v->mode == TUI_MODE_PANES)
            v->auto_on = false;
        return;
    }
    if (v->step < v->max_step)
        tui_view_set_step(v, v->step + 1);
    if (v->step >= v->max_step)
        v->auto_on = false;
}

typedef struct bench {
    bool on;
    double first_frame_ms;
    double max_key_ms;             /* the slowest key press, to its frame on screen */
    int slowest_key;
    double max_resize_ms;          /* resizes redraw everything: counted apart */
    int keys;
} bench;

static void frame(tui_view *v, bench *bn)
{
    tui_draw(v);
    if (bn->on && bn->first_frame_ms == 0)
        bn->first_frame_ms = tui_ms_since_start();
}

/* A terminal that answers "nothing" at once this many times in a row, with
 * no signal to explain it, is gone even if it does not say so. */
#define TUI_EARLY_ERR_MAX 20

/* Wait up to wait ms for a key: the key, or ERR after the time. ERR long
 * before the time with no signal is a terminal that went away (its window
 * closed, read failing with EIO or at end of file, which getch reports as
 * ERR at once): then it is recorded as a hangup, so the loop ends instead of
 * spinning on it forever. */
static int wait_key(tui_view *v, int wait, int *early)
{
    double before = tui_ms_now();
    timeout(wait);
    int key = getch();
    if (key != ERR || tui_term_quit_requested()) {
        *early = 0;
        return key;
    }
    if (wait > 0 && tui_ms_now() - before < wait / 2.0) {
        if (tui_term_lost(&v->term) || ++*early >= TUI_EARLY_ERR_MAX)
            tui_term_hangup();
    } else {
        *early = 0;
    }
    return ERR;
}

/* The loop: draw, wait for a key (or the script's next), act. */
static void loop(tui_view *v, tui_script *script, bench *bn)
{
    double next_auto = tui_ms_now() + v->auto_seconds * 1e3;
    int early = 0;
    frame(v, bn);
    while (!tui_term_quit_requested()) {
        int key, a = 0, b = 0;
        if (script) {
            if (script->pos == script->n)
                break;
            tui_script_key *k = &script->k[script->pos++];
            key = k->key, a = k->a, b = k->b;
        } else {
            /* wake for the auto step, else now and then to notice a signal */
            int wait = 250;
            if (v->auto_on) {
                double left = next_auto - tui_ms_now();
                wait = left < 0 ? 0 : left < 250 ? (int)left : 250;
            }
            key = wait_key(v, wait, &early);
            if (key == ERR) {
                if (v->auto_on && tui_ms_now() >= next_auto)
                    key = TUI_EV_TICK;
                else
                    continue;
            }
        }
        double t0 = tui_ms_now();
        if (key == TUI_EV_TICK) {
            tick(v);
            next_auto = tui_ms_now() + v->auto_seconds * 1e3;
        } else {
            /* any key pauses --auto; a resize or a click is not a key */
            bool pauses = key != KEY_RESIZE && key != TUI_EV_RESIZE && key != KEY_MOUSE &&
                          key != TUI_EV_CLICK && tui_key_action(key) != ACT_AUTO;
            if (pauses)
                v->auto_on = false;
            if (!act(v, key, a, b))
                break;
            if (v->auto_on)
                next_auto = tui_ms_now() + v->auto_seconds * 1e3;
        }
        frame(v, bn);
        double dt = tui_ms_now() - t0;
        if (key == KEY_RESIZE || key == TUI_EV_RESIZE) {
            if (dt > bn->max_resize_ms)
                bn->max_resize_ms = dt;
        } else if (dt > bn->max_key_ms) {
            bn->max_key_ms = dt;
            bn->slowest_key = key;
        }
        bn->keys++;
    }
}

static void view_free(tui_view *v)
{
    tui_predict_stop(v);
    tui_windows_free(v);
    tui_runs_free(v);
    free(v->items);
    free(v->rows);
    free(v);
}

/* Returns the exit status, as tui.h says. After a signal that would end the
 * program (or a terminal that went away: a hangup) it does not return: it
 * restores the terminal, writes the dump and the log, then ends by that
 * signal (tui_term_reraise), so the status is 128+N. */
int tui_main(const options *o)
{
    tui_script script = { 0 };
    char err[AFILE_WHY_LEN], why[120]; /* err: room for a file message (afile.h) */
    if (o->keys && !tui_script_parse(o->keys, &script, err, sizeof err)) {
        fprintf(stderr, "mtls-sim: %s\n", err);
        return EXIT_USAGE;
    }
    bool usable = tui_term_usable(why, sizeof why);
    if (!usable && !o->keys) {
        fprintf(stderr, "mtls-sim: cannot start the interface: %s; use --batch for text output\n",
                why);
        return EXIT_USAGE;
    }
    tui_view *v = calloc(1, sizeof *v);
    if (!v || !tui_runs_start(v, o, err, sizeof err)) {
        fprintf(stderr, "mtls-sim: %s\n", v ? err : "out of memory");
        if (v)
            view_free(v);
        tui_script_free(&script);
        return EXIT_USAGE;
    }
    v->timings_set = o->timings_set;
    v->timings = o->timings;
    v->auto_seconds = o->auto_seconds;
    v->auto_on = o->auto_seconds > 0;
    v->zoom = v->lay_zoom = -1;
    if ((o->predict || o->mystery) && !tui_predict_start(v, o->mystery != NULL, true)) {
        fprintf(stderr, "mtls-sim: %s\n", v->note);
        view_free(v);
        tui_script_free(&script);
        return EXIT_USAGE;
    }
    /* the exercises open on their own first question */
    if (!o->no_intro && !o->predict && !o->mystery)
        tui_intro_open(v);

    /* a scripted run without a usable terminal draws on a virtual 80x24 screen
     * (also when curses does not know this terminal's type) */
    bool started = tui_term_start(&v->term, !usable, TUI_MIN_COLS, TUI_MIN_ROWS, why, sizeof why);
    if (!started && usable && o->keys)
        started = tui_term_start(&v->term, true, TUI_MIN_COLS, TUI_MIN_ROWS, why, sizeof why);
    if (!started) {
        fprintf(stderr, "mtls-sim: cannot start the interface: %s; use --batch for text output\n",
                why);
        view_free(v);
        tui_script_free(&script);
        return EXIT_USAGE;
    }
    tui_theme_init(&v->th, v->term.color, v->term.utf8);
    const char *b = getenv("MTLS_TUI_BENCH");
    bench bn = { .on = b && *b && strcmp(b, "0") != 0 };

    loop(v, o->keys ? &script : NULL, &bn);

    int status = v->t->outcome.ok ? EXIT_HANDSHAKE_OK : EXIT_HANDSHAKE_FAILED;
    bool dumped = true;
    if (o->screen_dump)
        dumped = tui_term_dump(o->screen_dump, err, sizeof err);
    tui_windows_free(v);
    tui_term_stop(&v->term);
    /* a signal or a vanished terminal ends the program by that signal, now
     * that the terminal is restored, once the dump and the log are written */
    int sig = tui_term_signal();
    if (!dumped) {
        esc_msg(stderr, "--screen-dump: %s", err);
        status = EXIT_USAGE;
    }
    /* the final run's events, now that the terminal is itself again */
    if (o->log_file && !tui_runs_write_log(v, o->log_file, err, sizeof err)) {
        esc_msg(stderr, "--log: %s", err);
        status = EXIT_USAGE;
    }
    if (bn.on) {
        fprintf(stderr, "tui_first_frame_ms: %.2f\n", bn.first_frame_ms);
        char kb[16];
        fprintf(stderr, "tui_key_redraw_ms: %.3f\n", bn.max_key_ms);
        fprintf(stderr, "tui_slowest_key: %s\n",
                bn.slowest_key == TUI_EV_CLICK  ? "<click>"
                : bn.slowest_key == TUI_EV_TICK ? "<tick>"
                                                : tui_key_name(bn.slowest_key, kb, sizeof kb));
        fprintf(stderr, "tui_resize_redraw_ms: %.3f\n", bn.max_resize_ms);
        fprintf(stderr, "tui_keys: %d\n", bn.keys);
    }
    view_free(v);
    tui_script_free(&script);
    if (sig)
        tui_term_reraise(sig);
    return status;
}
