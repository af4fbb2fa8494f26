/* tui.h — the interactive ncurses interface. It reads the trace of a run and
 * computes no cryptography. */
#ifndef MTLS_TUI_H
#define MTLS_TUI_H

#include "options.h"

/* Run the interface until the user quits; returns the exit status
 * (EXIT_USAGE when the terminal cannot be driven, with a one-line message
 * on stderr). */
int tui_main(const options *o);

#endif
