/* tui_term.h — the terminal: start, stop (always restored), signals, the
 * virtual screen for scripted runs without a terminal, and screen dumps.
 */
#ifndef MTLS_TUI_TERM_H
#define MTLS_TUI_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "view/tui/tui_curses.h"

typedef struct tui_term {
    SCREEN *scr;
    FILE *out, *in;      /* our own streams for a virtual screen, else NULL */
    bool virtual_screen; /* drawing into memory: output goes to /dev/null */
    bool utf8;           /* the locale's codeset is UTF-8 */
    bool color;          /* colours are available and NO_COLOR is not set */
    bool active;         /* between start and stop */
} tui_term;

/* Can the real terminal be driven (stdin and stdout terminals, TERM set and
 * not "dumb")? When not, why says so in a few words. */
bool tui_term_usable(char *why, size_t cap);

/* Start curses: on the real terminal, or on a virtual cols x rows screen
 * whose output goes to /dev/null (scripted runs in pipes and tests). Sets
 * the locale first. Catches every signal that would end the program
 * (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGPIPE, ...; not those
 * already ignored) with a handler that only sets a flag, so the terminal is
 * always restored. On the real terminal, turns off flow control (Ctrl-S)
 * and the interrupt and quit keys: Ctrl-C arrives as a key. On failure
 * nothing is left changed and why says what went wrong. */
bool tui_term_start(tui_term *t, bool virtual_screen, int cols, int rows, char *why, size_t cap);

/* Restore the terminal (endwin: the modes found at start, flow control and
 * the interrupt keys included) and the signal handlers; safe to call twice. */
void tui_term_stop(tui_term *t);

/* A signal asked us to quit, or the terminal went away. */
bool tui_term_quit_requested(void);
/* The signal that asked us to quit (the first one), 0 when none. */
int tui_term_signal(void);
/* Record that the terminal went away, as a hangup (SIGHUP) would. */
void tui_term_hangup(void);
/* Is the real terminal gone (hung up, closed, every request failing)?
 * Never true of a virtual screen. It does not read a key. */
bool tui_term_lost(const tui_term *t);
/* End the process because of sig, after tui_term_stop: by the signal itself
 * with its default action, so the parent sees status 128+sig; signals whose
 * default writes a core file (SIGQUIT, SIGXCPU, SIGXFSZ) exit 128+sig
 * without one. Flushes stdio first. Does not return. */
_Noreturn void tui_term_reraise(int sig);

/* Write the screen as the person sees it, as UTF-8 text: one line per row,
 * trailing spaces trimmed. Written to a temporary file in the same directory,
 * then renamed, so a reader never sees half a dump. */
bool tui_term_dump(const char *path, char *err, size_t cap);

/* Milliseconds since the process started (for MTLS_TUI_BENCH). */
double tui_ms_since_start(void);
/* Milliseconds on a monotonic clock. */
double tui_ms_now(void);

#endif
