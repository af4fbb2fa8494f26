/* tui_intro.c — the interface opens on the introduction.
 *
 * Every start of the interface opens on the introduction lesson, full
 * screen, unless --no-intro (or a lecture script, which says itself what to
 * show). "First time" is deliberately not remembered in a file: a classroom
 * machine is shared, a screen must not depend on hidden state in someone's
 * home directory, and a seeded run must look the same for every student and
 * in every test. One key (space, Enter, Esc, n, z) closes it and stays at
 * step 1; the scroll keys read it; any other key closes it and does what it
 * says, so a person who knows the keys loses nothing.
 */
#include <string.h>

#include "view/tui/tui_view.h"

void tui_intro_open(tui_view *v)
{
    for (size_t i = 0; i < lesson_count(v->lessons); i++) {
        const char *id = lesson_id(v->lessons, i);
        if (id && strcmp(id, "intro") == 0) {
            v->opening = true;
            v->other = (int)i;
            v->zoom = v->focus = TUI_LESSON;
            v->top[TUI_LESSON] = 0;
            return;
        }
    }
}

void tui_intro_close(tui_view *v)
{
    if (!v->opening)
        return;
    v->opening = false;
    v->zoom = -1;
    v->focus = v->subject = TUI_WIRE;
    tui_view_set_step(v, v->step); /* the step's own lesson, its defaults */
}

bool tui_intro_key(tui_view *v, tui_action ac)
{
    if (!v->opening)
        return false;
    switch (ac) {
    case ACT_UP:
    case ACT_DOWN:
    case ACT_PAGE_UP:
    case ACT_PAGE_DOWN:
    case ACT_HELP:
    case ACT_QUIT:
    case ACT_NONE: return false; /* they read it, or leave it as it is */
    case ACT_NEXT:
    case ACT_ENTER:
    case ACT_ESCAPE:
    case ACT_ZOOM:
        tui_intro_close(v);
        return true; /* begin: step 1, as the pane's corner says */
    default:
        tui_intro_close(v);
        return false; /* and the key does what it says */
    }
}
