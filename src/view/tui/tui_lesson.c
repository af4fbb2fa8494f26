/* tui_lesson.c — wrapping lesson text with live-value marks; `i`'s order. */
#include "view/tui/tui_lesson.h"

#include <stdio.h>
#include <string.h>

#include "view/tui/tui_text.h"

typedef struct wrapper {
    const char *s;
    tui_mline *rows;
    size_t cap, n;
    size_t scanned; /* marks are followed up to here */
    bool inside;    /* ... and this is the state there */
} wrapper;

static void emit(wrapper *w, size_t off, size_t len, int indent)
{
    /* the mark state at off: follow the marks from where the last row began */
    for (; w->scanned < off; w->scanned++) {
        if (w->s[w->scanned] == LESSON_MARK_ON)
            w->inside = true;
        else if (w->s[w->scanned] == LESSON_MARK_OFF)
            w->inside = false;
    }
    if (w->n < w->cap)
        w->rows[w->n] = (tui_mline){ off, len, indent, w->inside };
    w->n++;
}

/* One line of the source, s[i..eol), into rows. */
static void wrap_line(wrapper *w, size_t i, size_t eol, int width, bool utf8)
{
    const char *s = w->s;
    size_t lead = 0;
    while (i + lead < eol && s[i + lead] == ' ')
        lead++;
    bool formula = lead >= 2;
    /* a formula's continuation hangs under its first row, when there is room */
    int hang = formula ? (int)lead + 2 : 0;
    if (hang > width / 2)
        hang = 0;
    if (i == eol) {
        emit(w, i, 0, 0);
        return;
    }
    size_t p = i;
    int indent = 0;
    while (p < eol) {
        /* never break inside a formula's indentation */
        size_t floor = p == i ? i + lead : p;
        size_t next, cut = tui_text_break(s, p, eol, floor, width - indent, utf8, &next);
        emit(w, p, cut - p, indent);
        p = next;
        indent = hang;
    }
}

size_t tui_mwrap(const char *s, int width, bool utf8, tui_mline *rows, size_t cap)
{
    wrapper w = { .s = s, .rows = rows, .cap = cap };
    if (width < 1)
        width = 1;
    size_t len = strlen(s);
    for (size_t i = 0;;) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n')
            eol++;
        wrap_line(&w, i, eol, width, utf8);
        if (eol == len)
            break;
        i = eol + 1;
    }
    return w.n;
}

bool tui_lesson_is_step(const steps_table *steps, const char *id)
{
    return steps_of_lesson(steps, id) != 0;
}

int tui_lesson_next_other(const lesson_set *s, const steps_table *steps, int cur)
{
    size_t n = lesson_count(s);
    for (size_t i = cur < 0 ? 0 : (size_t)cur + 1; i < n; i++)
        if (!tui_lesson_is_step(steps, lesson_id(s, i)))
            return (int)i;
    return -1;
}
