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

#include "sim.h"
#include "tui_keys.h"
#include "tui_layout.h"
#include "tui_model.h"
#include "tui_put.h"
#include "tui_term.h"

/* The panes with a selection: client, wire, server (TUI_CLIENT..TUI_SERVER). */
#define TUI_LISTS 3
/* Rows remembered per pane for mouse clicks. */
#define TUI_ROWMAP 512

typedef struct tui_view {
    /* the run on screen (owned) and how to start another */
    sim *sim;
    const trace *t;
    sim_options opts;
    bool timings_set, timings;

    /* where the person is */
    int step, max_step;
    int focus;                   /* the pane keys go to */
    int subject;                 /* the list pane whose selection the detail shows */
    int zoom;                    /* the pane shown alone, or -1 */
    bool eve;                    /* eavesdropper view: only what crossed the wire */
    bool help;
    int sel[TUI_LISTS];          /* position in the pane's item list, -1: none */
    size_t cursor;               /* detail: the span under the hex cursor */
    int top[TUI_PANES];          /* first content row shown */
    int help_top;

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
    char note[160];              /* a one-off message for the status line */
} tui_view;

/* tui.c */
/* Fill v->items with list pane p's items at the current step; returns the count. */
size_t tui_view_items(tui_view *v, int p);
/* The item selected in list pane p, if any. */
bool tui_view_selected(tui_view *v, int p, tui_item *it);
/* The party a side pane shows. */
party tui_pane_party(int p);

/* tui_draw.c: one whole frame, re-laying out first if the size changed. */
void tui_draw(tui_view *v);
void tui_windows_free(tui_view *v);

/* tui_draw_panes.c */
void tui_draw_side(tui_view *v, int p);
void tui_draw_wire(tui_view *v);

/* tui_draw_detail.c */
void tui_draw_detail(tui_view *v);
void tui_draw_lesson(tui_view *v);
/* The number of fields the hex cursor can visit for the current subject (0
 * when the detail does not show a message). */
size_t tui_detail_fields(tui_view *v);

/* tui_draw_help.c */
void tui_draw_help(tui_view *v);
void tui_draw_too_small(tui_view *v);

#endif
