/* tui_lecture.h — a lecture that runs itself (--script FILE) in the
 * interface: the script's commands carried out up to its next pause or
 * question; space goes on. The presenter's note is on the bottom line (the
 * presenter's line, where the key hints are otherwise), never in the panes;
 * a question of the script is a box over the panes, answered with 1..6 or
 * revealed with space, and scored. A mystery run hides its scenario's name
 * (and the ways to it: the menu, the comparison, the other lessons, the
 * version comparison) until the script's reveal line.
 */
#ifndef MTLS_TUI_LECTURE_H
#define MTLS_TUI_LECTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "view/tui/tui_keys.h"

typedef struct tui_view tui_view;
typedef struct tui_lecture tui_lecture;

/* Read o->script, check its lessons (v's) and its runs (on o's options),
 * and carry it out to its first stop. false with "FILE:LINE: what was wrong"
 * (or why it cannot be read, or out of memory) in err: the caller exits 2. */
bool tui_lecture_start(tui_view *v, const options *o, char *err, size_t cap);
/* A key during the lecture: true when the lecture took it (space, a
 * choice's digit, a key a mystery refuses). */
bool tui_lecture_key(tui_view *v, int key, tui_action ac);
/* The run on screen is a mystery whose name is still hidden. */
bool tui_lecture_hides(const tui_view *v);
/* The presenter's line into the hints window; false without a lecture. */
bool tui_lecture_draw_line(tui_view *v);
/* The question over the panes, when one is asked. */
void tui_lecture_draw(tui_view *v);
void tui_lecture_free(tui_view *v);

#endif
