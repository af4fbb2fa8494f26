/* export.h — files that outside tools read: the PKI as PEM (pki_export),
 * an NSS key log, a pcap capture and the JSON transcript.
 */
#ifndef MTLS_EXPORT_H
#define MTLS_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "base/afile.h"
#include "base/err.h"
#include "view/batch/render.h"
#include "run/sim.h"

/* Room for a message of export_all or export_log (afile.h). */
#define EXPORT_WHY_LEN (AFILE_WHY_LEN + AFILE_PATH_LEN + 160)

/* Write every export of a finished run into dir (created if missing): all of
 * them or none. Every file is written to a temporary file and synced before
 * any is renamed (afile_set), so a failure (a full disk) leaves every old file
 * as it was. Secret files (keys, key log, transcript) are 0600. ERR_IO (or
 * ERR_NOMEM) with errno set on a failure; why (capacity cap) then names the
 * file that failed, the cause, and what is left on disk. */
err_t export_all(const sim *s, const char *dir, char *why, size_t cap);

/* export_all without the PKI files: the key log, the capture and the
 * transcript of a run against a real peer, whose certificates are not
 * this program's to write. */
err_t export_run(const sim *s, const char *dir, char *why, size_t cap);

/* NSS key log (the format Wireshark reads):
 * "CLIENT_RANDOM <client_random hex> <master_secret hex>\n". Writes nothing
 * when the run never reached a master secret. */
void export_keylog(FILE *f, const trace *t);

/* A classic pcap (link type Ethernet) of the run's records inside TCP
 * segments between 192.0.2.10 (client) and 198.51.100.20:443 (server) — or
 * the real connection's addresses and ports (t->has_addr), IPv4 or IPv6
 * (t->addr_v6) — after a TCP three-way handshake, with correct checksums
 * (IPv4's header, TCP's) (export_pcap.c). */
void export_pcap(FILE *f, const trace *t);

/* Write the event log (JSON lines, render_log_jsonl) of t to path (afile.h:
 * atomically, or in place for a pipe or a device). false when it cannot be
 * written; why (capacity cap) then says why ("the file name is empty", a
 * directory, a full disk). */
bool export_log(const trace *t, const render_opts *ro, const char *path, char *why,
                size_t cap);

#endif
