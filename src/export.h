/* export.h — files that outside tools read: the PKI as PEM (pki_export),
 * an NSS key log, a pcap capture and the JSON transcript.
 */
#ifndef MTLS_EXPORT_H
#define MTLS_EXPORT_H

#include <stdio.h>

#include "err.h"
#include "render.h"
#include "sim.h"

/* Write every export of a finished run into dir (created if missing).
 * Each file is written atomically (afile.h), so a failure never leaves a
 * half-written file. ERR_IO with errno set on a
 * failure; *bad_file names the file that could not be written. */
err_t export_all(const sim *s, const char *dir, const char **bad_file);

/* NSS key log (the format Wireshark reads):
 * "CLIENT_RANDOM <client_random hex> <master_secret hex>\n". Writes nothing
 * when the run never reached a master secret. */
void export_keylog(FILE *f, const trace *t);

/* A classic pcap (link type Ethernet) of the run's records inside TCP
 * segments between 192.0.2.10 (client) and 198.51.100.20:443 (server), after
 * a TCP three-way handshake, with correct IPv4 and TCP checksums
 * (export_pcap.c). */
void export_pcap(FILE *f, const trace *t);

/* Write the event log (JSON lines, render_log_jsonl) of t to path, through
 * a temporary file in the same directory. false with errno set when it
 * cannot be written (a path ending in '/' gives EISDIR). */
bool export_log(const trace *t, const render_opts *ro, const char *path);

#endif
