/* peer_cli.h — the run against a real peer (--connect, --listen) from the
 * command line: open the connection, run this side's handshake, print it
 * in the batch format asked for, write --log, and give the exit status. */
#ifndef MTLS_PEER_CLI_H
#define MTLS_PEER_CLI_H

#include "options.h"

/* Run o's --connect or --listen to its end; returns the exit status
 * (EXIT_HANDSHAKE_OK, EXIT_HANDSHAKE_FAILED when an alert ended a
 * handshake, EXIT_USAGE for a connection that failed, timed out or was
 * closed, or a file that could not be written). Every message goes to
 * stderr, one line each, escaped. */
int peer_cli_main(const options *o);

#endif
