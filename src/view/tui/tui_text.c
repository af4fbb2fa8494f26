/* tui_text.c — UTF-8 measuring and wrapping.
 *
 * The decoder is our own rather than mbrtowc() so that the interface reads
 * the trace's UTF-8 strings the same way whatever the locale is, and can fall
 * back to ASCII stand-ins on a terminal that is not UTF-8.
 */
#include "view/tui/tui_text.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "teach/lesson.h"

size_t tui_utf8_next(const char *s, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t need;
    uint32_t c = p[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        need = 1, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        need = 2, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        need = 3, c &= 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xc0) != 0x80) { /* also stops at the NUL */
            *cp = 0xfffd;
            return i;
        }
        c = (c << 6) | (p[i] & 0x3fu);
    }
    /* overlong forms, surrogates and values past U+10FFFF are not text */
    *cp = (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) ? 0xfffd : c;
    return need + 1;
}

/* The characters the trace and the interface use, and what an ASCII
 * terminal shows instead. */
static const struct { uint32_t cp; const char *ascii; } fallback[] = {
    { 0x2026, "..." }, { 0x00a7, "S" },   { 0x2016, "||" },  { 0x2192, "->" },
    { 0x2190, "<-" },  { 0x25b6, ">" },   { 0x25c0, "<" },   { 0x2500, "-" },
    { 0x2502, "|" },   { 0x250c, "+" },   { 0x2510, "+" },   { 0x2514, "+" },
    { 0x2518, "+" },   { 0x251c, "+" },   { 0x2524, "+" },   { 0x2713, "ok" },
    { 0x2717, "X" },   { 0x00b7, "." },   { 0x00d7, "x" },   { 0x2191, "^" },
    { 0x2193, "v" },   { 0x25b8, ">" },   { 0x2022, "*" },   { 0x203a, ">" },
    { 0x2260, "!=" },  { 0x2550, "=" },   { 0x00b5, "u" },   { 0x2014, "--" },
    { 0x2013, "-" },   { 0x2018, "'" },   { 0x2019, "'" },   { 0x201c, "\"" },
    { 0x201d, "\"" },  { 0x21b5, "<-'" }, { 0x232b, "<x" },  { 0x21e5, "->|" },
};

const char *tui_ascii_for(uint32_t cp)
{
    for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
        if (fallback[i].cp == cp)
            return fallback[i].ascii;
    return "?";
}

int tui_cp_width(uint32_t cp, bool utf8)
{
    /* lesson marks switch the highlight on and off; they take no column */
    if (cp == (uint32_t)LESSON_MARK_ON || cp == (uint32_t)LESSON_MARK_OFF)
        return 0;
    if (cp < 0x80)
        return 1; /* controls are shown as '?' */
    if (!utf8)
        return (int)strlen(tui_ascii_for(cp));
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int tui_text_width(const char *s, size_t n, bool utf8)
{
    int w = 0;
    for (size_t i = 0; i < n && s[i];) {
        uint32_t cp;
        i += tui_utf8_next(s + i, &cp);
        w += tui_cp_width(cp, utf8);
    }
    return w;
}

size_t tui_text_fit(const char *s, size_t n, int width, bool utf8)
{
    int w = 0;
    size_t i = 0;
    while (i < n && s[i]) {
        uint32_t cp;
        size_t k = tui_utf8_next(s + i, &cp);
        int cw = tui_cp_width(cp, utf8);
        if (w + cw > width)
            break;
        w += cw;
        i += k;
    }
    return i;
}

size_t tui_text_break(const char *s, size_t p, size_t eol, size_t floor, int room, bool utf8,
                      size_t *next)
{
    size_t fit = tui_text_fit(s + p, eol - p, room, utf8);
    if (fit == 0) { /* a character wider than the row: take it anyway */
        uint32_t cp;
        fit = tui_utf8_next(s + p, &cp);
    }
    size_t cut = p + fit;
    if (cut < eol) {
        size_t sp = cut;
        while (sp > floor && s[sp] != ' ')
            sp--;
        if (sp > floor)
            cut = sp;
    }
    size_t q = cut;
    while (q < eol && s[q] == ' ')
        q++;
    *next = q;
    return cut;
}

static void emit(tui_line *lines, size_t cap, size_t *n, size_t off, size_t len)
{
    if (*n < cap) {
        lines[*n].off = off;
        lines[*n].len = len;
    }
    (*n)++;
}

size_t tui_wrap(const char *s, int width, bool utf8, tui_line *lines, size_t cap)
{
    size_t n = 0, len = strlen(s), i = 0;
    if (width < 1)
        width = 1;
    while (i <= len) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n')
            eol++;
        /* wrap the paragraph s[i..eol) */
        size_t p = i;
        if (p == eol)
            emit(lines, cap, &n, p, 0);
        while (p < eol) {
            size_t next, cut = tui_text_break(s, p, eol, p, width, utf8, &next);
            emit(lines, cap, &n, p, cut - p);
            p = next;
        }
        if (eol == len)
            break;
        i = eol + 1;
    }
    return n;
}

void tui_text_ellipsize(const char *s, int width, bool utf8, char *out, size_t cap)
{
    size_t n = strlen(s);
    if (tui_text_width(s, n, utf8) <= width) {
        snprintf(out, cap, "%s", s);
        return;
    }
    const char *dots = utf8 ? "\u2026" : "...";
    int dots_w = utf8 ? 1 : 3;
    size_t fit = width > dots_w ? tui_text_fit(s, n, width - dots_w, utf8) : 0;
    snprintf(out, cap, "%.*s%s", (int)fit, s, width >= dots_w ? dots : "");
}
