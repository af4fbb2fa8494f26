/* tui_layout.h — where each pane goes for a given terminal size.
 *
 * Pure arithmetic, no curses: the one place that knows the geometry, called
 * on start and on every resize, so a resize never loses the step or the
 * selection (those live in the view state, not here).
 *
 *   header (1 or 2 rows: status)
 *   +-client-+ +--wire--+ +-server-+
 *   |        | | ladder | |        |
 *   +--------+ +--------+ +--------+
 *   +------detail------+ +-lesson--+
 *   +------------------+ +---------+
 *   hints (1 row)
 */
#ifndef MTLS_TUI_LAYOUT_H
#define MTLS_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#define TUI_MIN_COLS 80
#define TUI_MIN_ROWS 24
#define TUI_HEADER_MAX 2

enum { TUI_CLIENT, TUI_WIRE, TUI_SERVER, TUI_DETAIL, TUI_LESSON, TUI_PANES };

typedef struct tui_rect {
    int y, x, h, w;
} tui_rect;

typedef struct tui_layout {
    int cols, rows;
    bool too_small;            /* below TUI_MIN_COLS x TUI_MIN_ROWS: nothing else is set */
    tui_rect header, hints;
    tui_rect pane[TUI_PANES];  /* with their borders; h == 0 when hidden by a zoom */
} tui_layout;

/* Lay out a cols x rows screen whose status takes header_h rows (1..2).
 * zoom is a pane index to show alone, or -1. */
void tui_layout_compute(tui_layout *l, int cols, int rows, int header_h, int zoom);

/* The inside of a bordered pane. */
tui_rect tui_rect_inner(tui_rect r);

/* True when (y, x) is inside r. */
bool tui_rect_has(tui_rect r, int y, int x);

/* The pane under screen cell (y, x), or -1. */
int tui_layout_pane_at(const tui_layout *l, int y, int x);

/* The first row to show of total content rows in a visible-row window:
 * moved as little as possible from top so that rows sel .. sel+len-1 are on
 * screen; with no selection (sel < 0), the end when to_end, else top. Always
 * within 0 .. max(0, total - visible). */
int tui_scroll(int top, int total, int visible, int sel, int len, bool to_end);

/* Flow n segments of display widths w[] into at most max_rows rows of width
 * columns, sep columns between neighbours on a row: each goes on the first
 * row with room left (in order along a row). Each segment gets its row and
 * column, or row -1 when it does not fit anywhere (so put the least
 * important segments last). Returns the rows used (at least 1). */
int tui_flow(const int *w, size_t n, int width, int sep, int max_rows, int *row, int *col);

#endif
