/* tui_lesson.h — lesson text for the lesson pane: wrapping text that carries
 * live-value marks, and which lesson `i` shows next. Pure (no curses).
 *
 * The text comes from lesson_expand() (lesson.h): lines separated by "\n",
 * paragraphs to be wrapped, formula lines (two or more leading spaces) to be
 * shown as written, and live values between LESSON_MARK_ON and
 * LESSON_MARK_OFF. The marks take no room on screen; the pane draws what is
 * between them in the live-value role.
 */
#ifndef MTLS_TUI_LESSON_H
#define MTLS_TUI_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "teach/lesson.h"

/* One screen row of marked text. */
typedef struct tui_mline {
    size_t off, len; /* bytes of the source, marks included */
    int indent;      /* columns left blank before the bytes (a formula's continuation) */
    bool marked;     /* the row starts inside a live value */
} tui_mline;


/* Wrap marked text into rows of at most width columns. A paragraph is
 * word-wrapped; a formula line is kept whole when it fits, else broken (at a
 * space when it can be) with its continuation indented two columns past its
 * own indentation; a word longer than a row is cut. Empty lines stay. Fills
 * at most cap rows and returns how many the whole text needs. */
size_t tui_mwrap(const char *s, int width, bool utf8, tui_mline *rows, size_t cap);

/* Lesson id is a step's own lesson in the step table steps ("step1" ..
 * "step7" for TLS 1.2). */
bool tui_lesson_is_step(const steps_table *steps, const char *id);

/* What `i` shows after cur (an index into the set, or -1 for the step's
 * lesson): the next lesson in file order that is not a step lesson of
 * steps, or -1 (back to the step's lesson) after the last. */
int tui_lesson_next_other(const lesson_set *s, const steps_table *steps, int cur);

#endif
