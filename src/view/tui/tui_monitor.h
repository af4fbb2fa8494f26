/* tui_monitor.h — the monitor: what happened, in the order it happened, up
 * to the step on screen — messages, checks (passed or failed, with the
 * reason), alerts, and a row per step for its duration. The "monitor
 * handshake failures and latency" practice made visible. Pure (no curses):
 * rows are indices into the trace; the pane draws them.
 */
#ifndef MTLS_TUI_MONITOR_H
#define MTLS_TUI_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "model/trace.h"

typedef enum { TUI_MON_STEP, TUI_MON_MSG, TUI_MON_CHECK, TUI_MON_ALERT } tui_mon_kind;

typedef struct tui_mon_row {
    tui_mon_kind kind;
    int index; /* TUI_MON_STEP: the step; else into t->msgs (messages, alerts) or t->checks */
} tui_mon_row;

/* The monitor at `step`: the trace's events of steps 1..step (values left
 * out) in trace order, with a TUI_MON_STEP row before each step's first
 * message — and for steps that send nothing — so every step up to
 * `step` has its row. Checks stay where they happened, after the message
 * that prompted them. Returns the count (at most cap are written). */
size_t tui_monitor_rows(const trace *t, int step, tui_mon_row *out, size_t cap);

/* Checks made and failed up to `step`. */
void tui_monitor_counts(const trace *t, int step, size_t *checks, size_t *failed);

/* A step's duration for people ("41 µs", "1.2 ms") when timings is set, else
 * "–": a seeded run's screen must be the same every time. */
void tui_step_time(const trace *t, int step, bool timings, char *out, size_t cap);

#endif
