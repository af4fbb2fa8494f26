/* tui_compare.h — the scenario menu's entries and the words for comparing a
 * run that has a fault with its clean twin (the same root key and clock,
 * so the same handshake up to the fault), and what the version comparison
 * (key V) runs and how its columns share the width. Pure (no curses); reads
 * traces and the trace_compare() summary, computes nothing cryptographic.
 */
#ifndef MTLS_TUI_COMPARE_H
#define MTLS_TUI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/scenario.h"
#include "run/sim.h"
#include "model/trace.h"
#include "model/trace_diff.h"

/* The menu: NULL ("none: the clean run") first, then every scenario that
 * applies to the key exchange kx and runs in version v, in catalogue
 * order. Returns the count (at most cap are written). */
size_t tui_scenario_menu(hs_kx kx, tls_version v, const scenario **out, size_t cap);

/* Message i (0-based, wire order) of the faulty run is not the clean run's:
 * other bytes, changed in flight, or not in the clean run at all. */
bool tui_msg_differs(const trace *clean, const trace *fault, size_t i);

/* Row r (per bytes a row) of a hex dump of a[0..an) is the same in a dump
 * of b[0..bn): the same bytes, as many of them. */
bool tui_hex_row_same(const uint8_t *a, size_t an, const uint8_t *b, size_t bn, size_t r,
                      int per);

/* Where the runs part, for people:
 * "messages #1–#2 identical; #3 Certificate (server) differs: other bytes". */
void tui_diff_text(const trace_diff *d, char *out, size_t cap);

/* What a run with a scenario came to, as the status line says it: long
 * ("scenario expired-server-cert: the client sends certificate_expired (45)
 * at step 3") or short ("expired-server-cert: client, step 3,
 * certificate_expired"). Empty when the run has no scenario. */
void tui_scenario_outcome(const trace *t, bool shorter, char *out, size_t cap);

/* The options of the run to set beside a run of options o in the version
 * comparison: o in the other protocol version (TLS 1.2 <-> TLS 1.3), into
 * *other. false when that version refuses something o asks for (key
 * transport or --no-ems in TLS 1.3, a scenario written for one version
 * only); why (capacity cap) then says what, for the status line. */
bool tui_versions_other(const sim_options *o, sim_options *other, char *why, size_t cap);

/* Column widths w[0..n) (each a column's widest text) cut down to fit in
 * room columns together: the widest is narrowed first, one column at a
 * time, so the columns end as even as they can; none below min. Returns
 * their sum (more than room only when n * min is). */
int tui_columns_fit(int *w, size_t n, int room, int min);

#endif
