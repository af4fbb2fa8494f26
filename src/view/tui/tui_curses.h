/* tui_curses.h — include curses through here, never <curses.h> directly.
 *
 * curses.h declares a debugging function named trace(), which clashes with
 * the model's type `trace` (trace.h). Renaming the declaration while curses.h
 * is read keeps both usable; the interface never calls curses' trace().
 */
#ifndef MTLS_TUI_CURSES_H
#define MTLS_TUI_CURSES_H

#define trace tui_curses_trace_unused
#include <curses.h>
#undef trace

#endif
