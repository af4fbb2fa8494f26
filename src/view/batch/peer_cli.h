/* peer_cli.h — the run against a real peer (--connect, --listen) from the
 * command line: open the connection, run this side's handshake, print it
 * in the batch format asked for, write --log, and give the exit status. */
#ifndef MTLS_PEER_CLI_H
#define MTLS_PEER_CLI_H

#include "options.h"

#include "run/sim.h"

/* The interface, given a finished run to show (it takes s and frees it);
 * returns its exit status (tui_main_on in view/tui/tui.h). */
typedef int (*peer_cli_show)(const options *o, sim *s);

/* Run o's --connect or --listen to its end; returns the exit status
 * (EXIT_HANDSHAKE_OK, EXIT_HANDSHAKE_FAILED when an alert ended a
 * handshake, EXIT_USAGE for a connection that failed, timed out or was
 * closed, or a file that could not be written). Every message goes to
 * stderr, one line each, escaped. Without batch output or --export (one
 * connection), the finished run then goes to show: the handshake runs
 * at the peer's pace first, the interface steps through it afterwards, so
 * stepping never holds up a send or runs into the peer's timeout; the
 * status is the interface's when it could not start, else the run's. */
int peer_cli_main(const options *o, peer_cli_show show);

#endif
