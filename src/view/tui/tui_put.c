/* tui_put.c — roles to colours or attributes, clipped UTF-8 text, boxes. */
#include "view/tui/tui_put.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "base/esc.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_text.h"

/* How each role looks: colours when there are colours, else attributes.
 * Legible on a projector, which washes out what is dark: no blue text, no
 * A_DIM (many terminals draw it dark grey), and red and magenta text bold
 * (bright on most terminals). tests/test_tui.c holds the table to that. */
static const struct {
    short fg, bg;
    attr_t color_attr, mono_attr;
} looks[ROLE_COUNT] = {
    [ROLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
    [ROLE_BORDER] = { -1, -1, A_NORMAL, A_NORMAL },
    [ROLE_FOCUS] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
    [ROLE_TITLE] = { -1, -1, A_BOLD, A_BOLD },
    [ROLE_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE },
    [ROLE_KEY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
    [ROLE_CLIENT] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
    [ROLE_SERVER] = { COLOR_MAGENTA, -1, A_BOLD, A_NORMAL },
    [ROLE_SHARED] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
    [ROLE_WIRE] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [ROLE_PRIVATE] = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [ROLE_OK] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [ROLE_FAIL] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
    [ROLE_DIM] = { -1, -1, A_NORMAL, A_NORMAL }, /* secondary by its words, not dimmed */
    [ROLE_HIDDEN] = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [ROLE_EVE] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_REVERSE | A_BOLD },
    [ROLE_LIVE] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
};

void tui_theme_look(tui_role r, short *fg, short *bg, attr_t *color_attr, attr_t *mono_attr)
{
    *fg = looks[r].fg;
    *bg = looks[r].bg;
    *color_attr = looks[r].color_attr;
    *mono_attr = looks[r].mono_attr;
}

void tui_theme_init(tui_theme *th, bool color, bool utf8)
{
    th->color = color;
    th->utf8 = utf8;
    /* -1 is "the terminal's own colour"; without use_default_colors() fall
     * back to white on black */
    bool defaults = color && use_default_colors() == OK;
    for (int r = 0; r < ROLE_COUNT; r++) {
        th->role[r].attr = color ? looks[r].color_attr : looks[r].mono_attr;
        th->role[r].pair = 0;
        if (!color)
            continue;
        short fg = looks[r].fg, bg = looks[r].bg;
        if (!defaults) {
            fg = fg < 0 ? COLOR_WHITE : fg;
            bg = bg < 0 ? COLOR_BLACK : bg;
        }
        if (init_pair((short)(r + 1), fg, bg) == OK)
            th->role[r].pair = (short)(r + 1);
    }
}

tui_style tui_st(const tui_theme *th, tui_role r, attr_t extra)
{
    tui_style s = th->role[r];
    s.attr |= extra;
    return s;
}

tui_role tui_know_role(unsigned know)
{
    if (know & KNOW_PUBLIC)
        return ROLE_WIRE;
    if ((know & KNOW_CLIENT) && (know & KNOW_SERVER))
        return ROLE_SHARED;
    if (know & KNOW_CLIENT)
        return ROLE_CLIENT;
    if (know & KNOW_SERVER)
        return ROLE_SERVER;
    return ROLE_NORMAL;
}

#define PUT_MAX 512

/* Text that goes on past the room is never cut silently: its last columns
 * become an ellipsis ("\u2026", or "..." without UTF-8), so a reader knows
 * there is more (a zoom, a wider terminal or the detail pane shows it).
 * Only spaces left over are not "more". */
static bool more_after(const char *s, size_t i, size_t n)
{
    for (; i < n && s[i]; i++)
        if (s[i] != ' ')
            return true;
    return false;
}

int tui_putn(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st, const char *s,
             size_t n)
{
    wchar_t buf[PUT_MAX + 4];
    unsigned char cw_of[PUT_MAX + 4]; /* the columns of each wide character in buf */
    size_t k = 0;
    int cols = 0;
    bool cut = false;
    for (size_t i = 0; i < n && s[i] && k < PUT_MAX;) {
        uint32_t cp;
        size_t at = i;
        i += tui_utf8_next(s + i, &cp);
        if (esc_unsafe(cp)) /* C0, DEL, C1, bidi: never to the terminal (esc.h) */
            cp = '?';
        const char *alt = NULL;
        if (cp >= 0x80 && !th->utf8)
            alt = tui_ascii_for(cp);
        if (alt) {
            int aw = (int)strlen(alt);
            if (cols + aw > maxw || k + (size_t)aw > PUT_MAX) {
                cut = more_after(s, at, n);
                break;
            }
            for (int j = 0; j < aw; j++) {
                cw_of[k] = 1;
                buf[k++] = (wchar_t)alt[j];
            }
            cols += aw;
        } else {
            int cw = tui_cp_width(cp, th->utf8);
            if (cols + cw > maxw) {
                cut = more_after(s, at, n);
                break;
            }
            cw_of[k] = (unsigned char)cw;
            buf[k++] = (wchar_t)cp;
            cols += cw;
        }
    }
    if (cut && maxw > 0) {
        int dots = th->utf8 ? 1 : 3;
        if (dots > maxw)
            dots = maxw;
        while (k > 0 && cols + dots > maxw)
            cols -= cw_of[--k];
        for (int j = 0; j < dots; j++)
            buf[k++] = th->utf8 ? L'\u2026' : L'.';
        cols += dots;
    }
    buf[k] = L'\0';
    if (k == 0)
        return 0;
    wattr_set(w, st.attr, st.pair, NULL);
    mvwaddnwstr(w, y, x, buf, (int)k);
    wattr_set(w, A_NORMAL, 0, NULL);
    return cols;
}

int tui_put(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st, const char *s)
{
    return tui_putn(w, th, y, x, maxw, st, s, strlen(s));
}

int tui_putf(WINDOW *w, const tui_theme *th, int y, int x, int maxw, tui_style st,
             const char *fmt, ...)
{
    char buf[PUT_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return tui_put(w, th, y, x, maxw, st, buf);
}

void tui_repeat(WINDOW *w, const tui_theme *th, int y, int x, int n, tui_style st, const char *g)
{
    for (int i = 0; i < n; i++)
        tui_put(w, th, y, x + i, 1, st, g);
}

void tui_fill_row(WINDOW *w, int y, int x, tui_style st)
{
    int width = getmaxx(w);
    wattr_set(w, st.attr, st.pair, NULL);
    for (int i = x; i < width; i++)
        mvwaddch(w, y, i, ' ');
    wattr_set(w, A_NORMAL, 0, NULL);
}

void tui_box(WINDOW *w, const tui_theme *th, bool focused, const char *title)
{
    int h = getmaxy(w), wd = getmaxx(w);
    if (h < 2 || wd < 2)
        return;
    tui_style b = tui_st(th, focused ? ROLE_FOCUS : ROLE_BORDER, 0);
    /* drawn as characters, not ACS, so a screen dump reads them back as text */
    tui_put(w, th, 0, 0, 1, b, "\u250c");
    tui_put(w, th, 0, wd - 1, 1, b, "\u2510");
    tui_put(w, th, h - 1, 0, 1, b, "\u2514");
    tui_put(w, th, h - 1, wd - 1, 1, b, "\u2518");
    tui_repeat(w, th, 0, 1, wd - 2, b, "\u2500");
    tui_repeat(w, th, h - 1, 1, wd - 2, b, "\u2500");
    for (int y = 1; y < h - 1; y++) {
        tui_put(w, th, y, 0, 1, b, "\u2502");
        tui_put(w, th, y, wd - 1, 1, b, "\u2502");
    }
    char shorter[128];
    if (title && tui_text_width(title, (size_t)-1, th->utf8) > wd - 6 && strstr(title, ": ")) {
        snprintf(shorter, sizeof shorter, "%.*s", (int)(strstr(title, ": ") - title), title);
        title = shorter;
    }
    if (title && *title && wd > 6) {
        int x = 2;
        x += tui_put(w, th, 0, x, wd - 4, b, " ");
        x += tui_put(w, th, 0, x, wd - 2 - x - 1, tui_st(th, focused ? ROLE_FOCUS : ROLE_TITLE, 0),
                     title);
        tui_put(w, th, 0, x, wd - 1 - x, b, " ");
    }
}

void tui_box_hint(WINDOW *w, const tui_theme *th, const char *all)
{
    int h = getmaxy(w), wd = getmaxx(w);
    /* as many entries as fit, from the first */
    char hint[128];
    snprintf(hint, sizeof hint, "%s", all);
    int hw = tui_text_width(hint, (size_t)-1, th->utf8) + 2;
    while (hw + 4 > wd) {
        /* drop the last "k word" entry, from the two spaces before it */
        char *last = NULL;
        for (char *gap = strstr(hint, "  "); gap; gap = strstr(gap + 2, "  "))
            last = gap;
        if (!last)
            return;
        *last = '\0';
        hw = tui_text_width(hint, (size_t)-1, th->utf8) + 2;
    }
    if (h < 2)
        return;
    int x = wd - 2 - hw, y = h - 1;
    x += tui_put(w, th, y, x, 1, tui_st(th, ROLE_BORDER, 0), " ");
    for (const char *p = hint; *p;) {
        const char *gap = strstr(p, "  ");
        size_t len = gap ? (size_t)(gap - p) : strlen(p);
        const char *sp = memchr(p, ' ', len);
        size_t klen = sp ? (size_t)(sp - p) : len;
        x += tui_putn(w, th, y, x, wd - x, tui_st(th, ROLE_KEY, 0), p, klen);
        x += tui_putn(w, th, y, x, wd - x, tui_st(th, ROLE_DIM, 0), p + klen, len - klen);
        if (!gap)
            break;
        x += tui_put(w, th, y, x, 2, tui_st(th, ROLE_BORDER, 0), "  ");
        p = gap + 2;
    }
    tui_put(w, th, y, x, 1, tui_st(th, ROLE_BORDER, 0), " ");
}

void tui_pw_init(tui_pw *p, WINDOW *w, const tui_theme *th, int top)
{
    p->w = w;
    p->th = th;
    p->h = getmaxy(w) - 2;
    p->width = getmaxx(w) - 2;
    if (p->h < 0)
        p->h = 0;
    if (p->width < 0)
        p->width = 0;
    p->top = top < 0 ? 0 : top;
    p->row = 0;
    p->y0 = 1;
}

void tui_pw_reserve(tui_pw *p, int k)
{
    if (k > p->h)
        k = p->h;
    p->y0 += k;
    p->h -= k;
}

bool tui_pw_visible(const tui_pw *p, int r) { return r >= p->top && r < p->top + p->h; }

int tui_pw_putn(tui_pw *p, int x, tui_style st, const char *s, size_t n)
{
    if (x >= p->width)
        return x;
    if (!tui_pw_visible(p, p->row))
        return x + tui_text_width(s, n, p->th->utf8);
    return x + tui_putn(p->w, p->th, p->y0 + p->row - p->top, 1 + x, p->width - x, st, s, n);
}

int tui_pw_put(tui_pw *p, int x, tui_style st, const char *s)
{
    return tui_pw_putn(p, x, st, s, strlen(s));
}

void tui_pw_bar(tui_pw *p, int x, tui_style st)
{
    if (!tui_pw_visible(p, p->row))
        return;
    int y = p->y0 + p->row - p->top;
    wattr_set(p->w, st.attr, st.pair, NULL);
    for (int i = x; i < p->width; i++)
        mvwaddch(p->w, y, 1 + i, ' ');
    wattr_set(p->w, A_NORMAL, 0, NULL);
}

void tui_pw_nl(tui_pw *p) { p->row++; }

void tui_pw_wrap(tui_pw *p, int x, tui_style st, const char *s)
{
    tui_line lines[64];
    size_t n = tui_wrap(s, p->width - x, p->th->utf8, lines, 64);
    for (size_t i = 0; i < n && i < 64; i++) {
        tui_pw_putn(p, x, st, s + lines[i].off, lines[i].len);
        tui_pw_nl(p);
    }
}
