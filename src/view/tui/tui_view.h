/* tui_view.h — the interface's state, shared by the main loop (tui.c) and
 * the drawing code (tui_draw*.c).
 *
 * What is on screen is a function of the trace and this state only: going
 * back a step resets the per-step parts (selection, scroll) to the same
 * defaults as going forward, so step N always looks the same however it was
 * reached, and a screen dump of a seeded run is reproducible.
 */
#ifndef MTLS_TUI_VIEW_H
#define MTLS_TUI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "teach/lesson.h"
#include "options.h"
#include "run/sim.h"
#include "model/trace_diff.h"
#include "view/tui/tui_keys.h"
#include "view/tui/tui_layout.h"
#include "view/tui/tui_lesson.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_predict.h"
#include "view/tui/tui_put.h"
#include "view/tui/tui_term.h"

/* The panes with a selection: client, wire, server (TUI_CLIENT..TUI_SERVER). */
#define TUI_LISTS 3
/* Rows remembered per pane for mouse clicks. */
#define TUI_ROWMAP 512

/* Rows of the scenario menu: none, and every scenario. */
#define TUI_MENU_MAX 32

/* What has the screen and the keys: the panes of the step, or one of the
 * things drawn over them. One at a time (the menu's ? puts the help in
 * its place); closing any goes back to the panes as they were. */
typedef enum {
    TUI_MODE_PANES,  /* the five panes; keys move through the steps */
    TUI_MODE_MENU,   /* the scenario menu over the panes (key s) */
    TUI_MODE_HELP,   /* the help screen instead of the panes (key ?) */
    TUI_MODE_VERSIONS, /* TLS 1.2 and TLS 1.3 side by side over the panes (key V) */
    TUI_MODE_PREDICT,  /* a predict or mystery question over the panes (tui_predict.h) */
} tui_mode;

/* What the lesson pane shows (key m switches). */
typedef enum {
    TUI_LESSON_TEXT,     /* the step's lesson, or the one `i` chose */
    TUI_LESSON_MONITOR,  /* the monitor: what happened, in order */
} tui_lesson_show;

/* What the detail pane shows (key c switches, with a scenario). */
typedef enum {
    TUI_DETAIL_SELECTION, /* the selection, or the step when nothing is selected */
    TUI_DETAIL_COMPARE,   /* the comparison with the clean run */
} tui_detail_show;

typedef struct tui_view {
    /* the run on screen (owned) and how to start another */
    sim *sim;
    const trace *t;
    sim_options opts;
    bool timings_set, timings;
    /* with a scenario: the same handshake without it (owned), and how the
     * two differ; NULL for a clean run */
    sim *clean;
    trace_diff diff;
    /* the run on screen again in the other protocol version (owned; made
     * by key V, NULL until then and whenever the run on screen changes) */
    sim *versions;

    /* the teaching text: the loaded set (owned) or the built-in one, and
     * what went wrong loading it (shown in the lesson pane) */
    lesson_set *lessons_owned;
    const lesson_set *lessons;
    char lesson_note[512];
    bool lesson_note_error;      /* a malformed file, not just no directory */

    /* where the person is: the mode, and what the two panes that can show
     * other things show. These are separate choices because they combine:
     * the monitor stays in the lesson pane while the detail compares, and
     * both stay under the menu or the help. The eavesdropper view is a lens
     * over whatever is shown, zoom which pane fills the screen, the answers
     * a part of the lesson kept while the monitor is up: none of them
     * excludes another, so they are not modes. */
    tui_mode mode;
    tui_lesson_show lesson_shows;
    tui_detail_show detail_shows;
    int step, max_step;
    int focus;                   /* the pane keys go to */
    int subject;                 /* the list pane whose selection the detail shows */
    int zoom;                    /* the pane shown alone, or -1 */
    bool eve;                    /* eavesdropper view: only what crossed the wire */
    bool opening;                /* the introduction fills the screen (tui_intro.c) */
    int answers;                 /* how many of the lesson's answers are shown, from
                                  * the first (a: one more, A: all); 0 on a new lesson */
    int other;                   /* the lesson `i` chose (index in the set), -1: the step's */
    bool to_questions;           /* scroll the lesson to its questions once */
    int mon_back;                /* monitor: rows scrolled back from its end */
    int menu_sel, menu_top;      /* the row chosen, the first row shown */
    tui_rect menu_rect;          /* where the menu was drawn (for clicks) */
    int sel[TUI_LISTS];          /* position in the pane's item list, -1: none */
    size_t cursor;               /* detail: the span under the hex cursor */
    int top[TUI_PANES];          /* first content row shown */
    int help_top;
    int versions_top;            /* first row of the version comparison shown */

    /* --predict or --mystery (owned; NULL: neither) */
    tui_predict *pr;

    /* --auto */
    double auto_seconds;
    bool auto_on;

    /* the screen */
    tui_term term;
    tui_theme th;
    tui_layout lay;
    int lay_zoom;                /* the zoom the windows were made for */
    WINDOW *win[TUI_PANES];
    WINDOW *header, *hints;
    int rowitem[TUI_LISTS][TUI_ROWMAP]; /* list position drawn on each inner row, -1 */
    tui_item *items;             /* scratch list, room for everything in the trace */
    size_t items_cap;
    tui_mline *rows;             /* scratch rows of wrapped lesson text */
    size_t rows_cap;
    char note[160];              /* a one-off message for the status line */
} tui_view;

/* tui_runs.c: the runs on screen */
/* Run the handshake of o, and with a scenario its clean twin; load the
 * lessons. false (and a reason in err) when the handshake could not be set
 * up or memory ran out. */
bool tui_runs_start(tui_view *v, const options *o, char *err, size_t cap);
/* A new live handshake, without a scenario (key r). */
void tui_runs_new(tui_view *v);
/* The same handshake again with scenario sc, or back to the clean run (NULL). */
void tui_runs_choose(tui_view *v, const scenario *sc);
/* The scenario on screen, NULL for none. */
const scenario *tui_runs_scenario(const tui_view *v);
/* The run on screen in the other protocol version, with the same options,
 * root key and clock (v->versions, made once per run on screen). false when
 * that version refuses what the run asks for (--kx transport, --no-ems, a
 * scenario it does not run) or the run could not be made: v->note says so. */
bool tui_runs_versions(tui_view *v);
/* Write the run's events as JSON lines to path (export_log). false when it
 * cannot be written; why (capacity cap) then says why. */
bool tui_runs_write_log(const tui_view *v, const char *path, char *why, size_t cap);
/* Wall-clock times are shown: live runs, or --timings. */
bool tui_view_timings(const tui_view *v);
void tui_runs_free(tui_view *v);

/* tui.c */
/* Set the step (clamped) and reset the per-step view to its defaults. */
void tui_view_set_step(tui_view *v, int step);
/* Fill v->items with list pane p's items at the current step; returns the count. */
size_t tui_view_items(tui_view *v, int p);
/* The item selected in list pane p, if any. */
bool tui_view_selected(tui_view *v, int p, tui_item *it);
/* The party a side pane shows. */
party tui_pane_party(int p);

/* tui_intro.c: the introduction the interface opens on (--no-intro: not) */
/* Show the introduction full screen, when the lessons have one. */
void tui_intro_open(tui_view *v);
/* Back to the panes at the current step. */
void tui_intro_close(tui_view *v);
/* A key while the introduction is open: true when it only closed it. */
bool tui_intro_key(tui_view *v, tui_action ac);

/* tui_draw.c: one whole frame, re-laying out first if the size changed. */
void tui_draw(tui_view *v);
void tui_windows_free(tui_view *v);

/* tui_draw_panes.c */
void tui_draw_side(tui_view *v, int p);
void tui_draw_wire(tui_view *v);

/* tui_draw_detail.c */
void tui_draw_detail(tui_view *v);
/* The number of fields the hex cursor can visit for the current subject (0
 * when the detail does not show a message). */
size_t tui_detail_fields(tui_view *v);

/* tui_draw_lesson.c: the lesson pane (a lesson, or the monitor) */
void tui_draw_lesson(tui_view *v);
/* The number of questions of the lesson on screen (for this run's version). */
size_t tui_lesson_questions(const tui_view *v);
/* Room for n wrapped rows in v->rows; false when out of memory. */
bool tui_view_rows(tui_view *v, size_t n);

/* tui_draw_monitor.c */
void tui_draw_monitor(tui_view *v);

/* tui_draw_scenario.c: the detail pane comparing with the clean run; the
 * scenario menu over the panes */
void tui_draw_compare(tui_view *v, tui_pw *pw);
void tui_draw_menu(tui_view *v);

/* tui_draw_versions.c: the run on screen and its twin in the other version
 * side by side over the panes, the rows and sentences of --compare-versions */
void tui_draw_versions(tui_view *v);
/* The menu's rows (tui_scenario_menu for this run's key exchange and version). */
size_t tui_menu_entries(const tui_view *v, const scenario **out, size_t cap);

/* tui_draw_eve.c: what the eavesdropper opened with the stolen key (the
 * detail pane in the eavesdropper view of a key-leak run, at its last step,
 * when nothing is selected) */
void tui_draw_eve(tui_view *v, tui_pw *pw);

/* tui_draw_sides.c: a failed handshake from both sides (model/failure.h);
 * draws nothing for a handshake that did not fail with an alert */
void tui_draw_sides(tui_view *v, tui_pw *pw);

/* tui_draw_help.c */
void tui_draw_help(tui_view *v);
void tui_draw_too_small(tui_view *v);

#endif
