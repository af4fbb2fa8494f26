/* tui_layout.c — pane geometry. The wire pane keeps the width its longest
 * arrow label needs; the client and server panes share what is left, so a
 * bigger terminal shows more of each side's values, not a small box. */
#include "view/tui/tui_layout.h"

/* The ladder needs room for "ServerKeyExchange 113 B" plus an arrow. */
#define WIRE_MIN 28
#define WIRE_MAX 56
#define LESSON_MIN 28
#define LESSON_MAX 64

#define FLOW_ROWS_MAX 8

static int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

void tui_layout_compute(tui_layout *l, int cols, int rows, int header_h, int zoom)
{
    *l = (tui_layout){ .cols = cols, .rows = rows };
    if (cols < TUI_MIN_COLS || rows < TUI_MIN_ROWS) {
        l->too_small = true;
        return;
    }
    header_h = clamp(header_h, 1, TUI_HEADER_MAX);
    l->header = (tui_rect){ 0, 0, header_h, cols };
    l->hints = (tui_rect){ rows - 1, 0, 1, cols };
    int top = header_h, avail = rows - header_h - 1;

    if (zoom >= 0 && zoom < TUI_PANES) {
        l->pane[zoom] = (tui_rect){ top, 0, avail, cols };
        return;
    }

    /* a little more height for the ladder and the sides than for the detail */
    int top_h = avail * 55 / 100, bottom_h = avail - top_h;

    /* three boxes side by side: 6 border columns */
    int inner = cols - 6;
    int ww = clamp(cols / 4, WIRE_MIN, WIRE_MAX);
    int cw = (inner - ww) / 2, sw = inner - ww - cw;
    l->pane[TUI_CLIENT] = (tui_rect){ top, 0, top_h, cw + 2 };
    l->pane[TUI_WIRE] = (tui_rect){ top, cw + 2, top_h, ww + 2 };
    l->pane[TUI_SERVER] = (tui_rect){ top, cw + ww + 4, top_h, sw + 2 };

    /* two boxes below: 4 border columns */
    int binner = cols - 4;
    int lw = clamp(cols * 35 / 100, LESSON_MIN, LESSON_MAX), dw = binner - lw;
    l->pane[TUI_DETAIL] = (tui_rect){ top + top_h, 0, bottom_h, dw + 2 };
    l->pane[TUI_LESSON] = (tui_rect){ top + top_h, dw + 2, bottom_h, lw + 2 };
}

tui_rect tui_rect_inner(tui_rect r)
{
    tui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };
    if (in.h < 0)
        in.h = 0;
    if (in.w < 0)
        in.w = 0;
    return in;
}

bool tui_rect_has(tui_rect r, int y, int x)
{
    return r.h > 0 && r.w > 0 && y >= r.y && y < r.y + r.h && x >= r.x && x < r.x + r.w;
}

int tui_layout_pane_at(const tui_layout *l, int y, int x)
{
    if (l->too_small)
        return -1;
    for (int p = 0; p < TUI_PANES; p++)
        if (tui_rect_has(l->pane[p], y, x))
            return p;
    return -1;
}

int tui_flow(const int *w, size_t n, int width, int sep, int max_rows, int *row, int *col)
{
    int end[FLOW_ROWS_MAX] = { 0 }, used = 1; /* where each row's text ends */
    if (max_rows > FLOW_ROWS_MAX)
        max_rows = FLOW_ROWS_MAX;
    for (size_t i = 0; i < n; i++) {
        row[i] = -1;
        col[i] = 0;
        /* the first row with room, so a short segment need not be lost
         * behind a long one that had to start the next row */
        for (int r = 0; r < max_rows; r++) {
            int at = end[r] > 0 ? end[r] + sep : 0;
            if (at + w[i] > width)
                continue;
            row[i] = r;
            col[i] = at;
            end[r] = at + w[i];
            used = r + 1 > used ? r + 1 : used;
            break;
        }
    }
    return used;
}

int tui_scroll(int top, int total, int visible, int sel, int len, bool to_end)
{
    if (sel >= 0) {
        if (sel + len > top + visible)
            top = sel + len - visible;
        if (sel < top)
            top = sel;
    } else if (to_end) {
        top = total - visible;
    }
    return clamp(top, 0, total > visible ? total - visible : 0);
}
