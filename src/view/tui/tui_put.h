/* tui_put.h — drawing primitives: roles and their look, clipped UTF-8 text,
 * boxes, and a writer for scrolled pane contents.
 *
 * Views name what a piece of text IS (a client value, a failed check, the
 * border of the focused pane); the theme decides how that looks: a colour
 * when the terminal has colours and NO_COLOR is not set, else attributes
 * (bold, dim, reverse, underline). Meaning never depends on colour alone:
 * every value also carries a text tag like [C+S].
 *
 * All text is UTF-8; on a terminal whose locale is not UTF-8 each non-ASCII
 * character is replaced by its ASCII stand-in (tui_ascii_for), so box lines
 * become +-| and arrows become -> without a second code path.
 */
#ifndef MTLS_TUI_PUT_H
#define MTLS_TUI_PUT_H

#include <stdbool.h>
#include <stddef.h>

#include "view/tui/tui_curses.h"

typedef enum {
    ROLE_NORMAL,
    ROLE_BORDER,
    ROLE_FOCUS,      /* border and title of the focused pane */
    ROLE_TITLE,
    ROLE_STATUS,     /* the status line */
    ROLE_KEY,        /* a key name in the hints and the help */
    ROLE_CLIENT,     /* known to the client only */
    ROLE_SERVER,     /* known to the server only */
    ROLE_SHARED,     /* known to both, never sent */
    ROLE_WIRE,       /* crossed the wire */
    ROLE_PRIVATE,    /* a private key */
    ROLE_OK,
    ROLE_FAIL,
    ROLE_DIM,        /* earlier steps */
    ROLE_HIDDEN,     /* "hidden from the eavesdropper" */
    ROLE_EVE,        /* the eavesdropper-view marker */
    ROLE_LIVE,       /* a live value of this run inside lesson text */
    ROLE_COUNT
} tui_role;

typedef struct tui_style {
    attr_t attr;
    short pair;
} tui_style;

typedef struct tui_theme {
    bool color;
    bool utf8;
    tui_style role[ROLE_COUNT];
} tui_theme;

/* Set up the theme; with color, init_pair() is called (start_color() must
 * have succeeded). */
void tui_theme_init(tui_theme *th, bool color, bool utf8);
/* The style of a role with extra attributes (A_BOLD, A_DIM, A_REVERSE...). */
tui_style tui_st(const tui_theme *th, tui_role r, attr_t extra);
/* The role that colours a who-knows-it tag. */
tui_role tui_know_role(unsigned know);
/* A role's colours (-1: the terminal's own) and its attributes with and
 * without colour, as tui_theme_init uses them (for the tests). */
void tui_theme_look(tui_role r, short *fg, short *bg, attr_t *color_attr, attr_t *mono_attr);
/* The attributes of what belongs to the step on screen and of what came
 * before: bold and normal, never A_DIM, which a projector washes out. */
#define TUI_A_NOW A_BOLD
#define TUI_A_PAST A_NORMAL

/* Write at most n bytes of UTF-8 text s at (y, x) of w, clipped to maxw
 * columns; returns the columns written. Control characters show as '?'. */
int tui_putn(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st, const char *s,
             size_t n);
int tui_put(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st, const char *s);
/* printf into a small buffer, then tui_put. */
int tui_putf(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st,
             const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Repeat a one-column glyph n times. */
void tui_repeat(WINDOW *w, const tui_theme *th, int y, int x, int n, tui_style st, const char *g);
/* Fill a row from x to the window's right edge with spaces in st. */
void tui_fill_row(WINDOW *w, int y, int x, tui_style st);
/* A box around the whole window, with a title in the top border. */
void tui_box(WINDOW *w, const tui_theme *th, bool focused, const char *title);
/* Key hints in the bottom border, at its right end: "k word" entries two
 * spaces apart, the keys in the key role; left out when they do not fit. */
void tui_box_hint(WINDOW *w, const tui_theme *th, const char *hint);

/* Scrolled content: rows are numbered from 0; only rows top .. top+h-1 are
 * drawn, into the inside of a boxed window (1 cell in from each edge). */
typedef struct tui_pw {
    WINDOW *w;
    const tui_theme *th;
    int y0;         /* the window row of the first visible content row */
    int h, width;   /* the visible area */
    int top;        /* first row shown */
    int row;        /* the row being written */
} tui_pw;

void tui_pw_init(tui_pw *p, WINDOW *w, const tui_theme *th, int top);
/* Keep the first k inside rows for fixed lines: content starts below them. */
void tui_pw_reserve(tui_pw *p, int k);
/* Is content row r on screen? */
bool tui_pw_visible(const tui_pw *p, int r);
/* Write on the current row at column x; returns the column after the text. */
int tui_pw_put(tui_pw *p, int x, tui_style st, const char *s);
int tui_pw_putn(tui_pw *p, int x, tui_style st, const char *s, size_t n);
/* Paint the current row's background from column x (for a selection bar). */
void tui_pw_bar(tui_pw *p, int x, tui_style st);
/* Move to the next row. */
void tui_pw_nl(tui_pw *p);
/* Word-wrap text starting at column x on the current row; ends on a fresh row. */
void tui_pw_wrap(tui_pw *p, int x, tui_style st, const char *s);

#endif
