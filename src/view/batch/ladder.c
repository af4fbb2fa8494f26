/* ladder.c — the message ladder as rows (ladder.h). */
#include "view/batch/ladder.h"

#include <stdio.h>

#include "tls/record.h"

size_t ladder_max_rows(const trace *t) { return t->n_msgs + 2 * HS_STEPS; }

static bool step_has_events(const trace *t, int step)
{
    for (size_t i = 0; i < t->n_events; i++)
        if (t->events[i].step == step)
            return true;
    return false;
}

static void put(ladder_row *rows, size_t cap, size_t *n, ladder_row r)
{
    if (*n < cap)
        rows[*n] = r;
    ++*n;
}

size_t ladder_rows(const trace *t, ladder_row *rows, size_t cap)
{
    size_t n = 0;
    int last = 0;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        /* steps skipped over that happened: each side computed them alone */
        for (int k = last + 1; k < m->step; k++)
            if (step_has_events(t, k))
                put(rows, cap, &n, (ladder_row){ .kind = LADDER_STEP, .step = k, .quiet = true });
        if (m->step != last)
            put(rows, cap, &n, (ladder_row){ .kind = LADDER_STEP, .step = m->step });
        last = m->step;
        put(rows, cap, &n, (ladder_row){ .kind = LADDER_MSG, .step = m->step, .msg = m,
                                         .alert = m->content_type == CT_ALERT });
    }
    /* a run that ended in a computed step (after its last message) */
    for (int k = last + 1; k <= HS_STEPS; k++)
        if (step_has_events(t, k))
            put(rows, cap, &n, (ladder_row){ .kind = LADDER_STEP, .step = k, .quiet = true });
    return n;
}

void ladder_outcome(const trace *t, char *out, size_t cap)
{
    const trace_outcome *o = &t->outcome;
    if (o->ok || cap == 0) {
        if (cap)
            out[0] = '\0';
        return;
    }
    if (o->alert >= 0)
        snprintf(out, cap, "FAILED at step %d (%s): the %s sent the fatal alert %s (%d)", o->step,
                 trace_step_title(t, o->step), party_name(o->sent_by), alert_name(o->alert),
                 o->alert);
    else
        snprintf(out, cap, "FAILED at step %d (%s): %s (%s)", o->step,
                 trace_step_title(t, o->step), err_str(o->err), party_name(o->sent_by));
}

void ladder_size(const trace *t, const trace_msg *m, char *out, size_t cap)
{
    const char *tail = m->sealed && m->tampered ? ", encrypted, CHANGED IN FLIGHT"
                       : m->sealed              ? ", encrypted"
                       : m->tampered            ? ", CHANGED IN FLIGHT"
                                                : "";
    bool shared = m->record_note[0] && m->rec_first >= 0 && (size_t)m->rec_last < t->n_recs;
    if (!shared)
        snprintf(out, cap, "%zu B%s", m->record_len, tail);
    else if (m->rec_first == m->rec_last)
        snprintf(out, cap, "%zu B in record %d%s", m->plain_len, t->recs[m->rec_first].seq, tail);
    else
        snprintf(out, cap, "%zu B in records %d-%d%s", m->plain_len, t->recs[m->rec_first].seq,
                 t->recs[m->rec_last].seq, tail);
}
