/* tui.h — the interactive ncurses interface. It reads the trace of a run and
 * computes no cryptography. */
#ifndef MTLS_TUI_H
#define MTLS_TUI_H

#include "options.h"
#include "run/sim.h"

/* Run the interface until the user quits; returns the exit status
 * (EXIT_USAGE when the terminal cannot be driven, with a one-line message
 * on stderr). */
int tui_main(const options *o);
/* The same on a run already made (a run against a real peer, finished):
 * the interface takes s and frees it. The keys that start in-process runs
 * (new handshake, scenario, other version) say why they do nothing. */
int tui_main_on(const options *o, sim *s);

#endif
