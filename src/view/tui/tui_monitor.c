/* tui_monitor.c — the monitor's rows from the trace's events. */
#include "view/tui/tui_monitor.h"

#include <stdio.h>

static void put(tui_mon_row *out, size_t cap, size_t *n, tui_mon_kind k, int index)
{
    if (*n < cap)
        out[*n] = (tui_mon_row){ k, index };
    (*n)++;
}

size_t tui_monitor_rows(const trace *t, int step, tui_mon_row *out, size_t cap)
{
    size_t n = 0;
    int shown = 0; /* the last step that has its row */
    for (size_t i = 0; i < t->n_events; i++) {
        const trace_event *e = &t->events[i];
        if (e->kind == EV_VALUE || e->step > step)
            continue;
        /* a message opens its step (and any quiet steps before it); a check
         * or an alert belongs under the message it follows */
        int opens = e->kind == EV_MESSAGE ? t->msgs[e->index].step : shown ? shown : 1;
        while (shown < opens)
            put(out, cap, &n, TUI_MON_STEP, ++shown);
        switch (e->kind) {
        case EV_MESSAGE: put(out, cap, &n, TUI_MON_MSG, e->index); break;
        case EV_CHECK: put(out, cap, &n, TUI_MON_CHECK, e->index); break;
        case EV_ALERT: put(out, cap, &n, TUI_MON_ALERT, e->index); break;
        default: break;
        }
    }
    while (shown < step)
        put(out, cap, &n, TUI_MON_STEP, ++shown);
    return n;
}

void tui_monitor_counts(const trace *t, int step, size_t *checks, size_t *failed)
{
    *checks = *failed = 0;
    for (size_t i = 0; i < t->n_checks; i++) {
        if (t->checks[i].step > step)
            continue;
        (*checks)++;
        *failed += t->checks[i].result != ERR_OK;
    }
}

void tui_step_time(const trace *t, int step, bool timings, char *out, size_t cap)
{
    if (!timings || step < 1 || step > HS_STEPS) {
        snprintf(out, cap, "\u2013");
        return;
    }
    double us = (double)t->step_ns[step] / 1e3;
    if (us < 1000)
        snprintf(out, cap, "%.0f \u00b5s", us);
    else
        snprintf(out, cap, "%.1f ms", us / 1e3);
}
