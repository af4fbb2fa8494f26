/* tui_compare.h — the scenario menu's entries and the words for comparing a
 * run that has a fault with its clean twin (the same root key and clock,
 * so the same handshake up to the fault). Pure (no curses); reads traces and
 * the trace_compare() summary, computes nothing cryptographic.
 */
#ifndef MTLS_TUI_COMPARE_H
#define MTLS_TUI_COMPARE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/scenario.h"
#include "model/trace.h"
#include "model/trace_diff.h"

/* The menu: NULL ("none: the clean run") first, then every scenario that
 * applies to the key exchange kx, in catalogue order. Returns the count (at
 * most cap are written). */
size_t tui_scenario_menu(hs_kx kx, const scenario **out, size_t cap);

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

#endif
