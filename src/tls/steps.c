/* steps.c — questions to a version's step table (steps.h). */
#include "tls/steps.h"

#include <stdio.h>
#include <string.h>

const steps_table *steps_for(tls_version v)
{
    switch (v) {
    case TLS_V12: return &steps_tls12;
    case TLS_V13: return &steps_tls13;
    }
    return NULL;
}

const steps_row *steps_row_of(const steps_table *s, int step)
{
    return step >= 1 && step <= STEP_COUNT ? &s->rows[step - 1] : NULL;
}

const char *steps_title(const steps_table *s, int step)
{
    const steps_row *r = steps_row_of(s, step);
    return r ? r->title : "";
}

bool steps_on_wire(const steps_table *s, int step)
{
    const steps_row *r = steps_row_of(s, step);
    return r && r->on_wire;
}

size_t steps_messages(const steps_table *s, int step, const hs_row **first)
{
    size_t n = 0;
    *first = NULL;
    for (size_t i = 0; i < *s->n_msgs; i++) {
        if (s->msgs[i].step != step)
            continue;
        if (!*first)
            *first = &s->msgs[i];
        n++;
    }
    return n;
}

bool steps_quiet_run(const steps_table *s, int from, int *first, int *last)
{
    int k = from < 1 ? 1 : from;
    while (k <= STEP_COUNT && steps_on_wire(s, k))
        k++;
    if (k > STEP_COUNT)
        return false;
    *first = k;
    while (k + 1 <= STEP_COUNT && !steps_on_wire(s, k + 1))
        k++;
    *last = k;
    return true;
}

const char *steps_quiet_phrase(int first, int last, char *out, size_t cap)
{
    if (first == last)
        snprintf(out, cap, "step %d: nothing sent", first);
    else
        snprintf(out, cap, "steps %d-%d: nothing sent", first, last);
    return out;
}

int steps_of_lesson(const steps_table *s, const char *id)
{
    for (int k = 1; id && k <= STEP_COUNT; k++)
        if (strcmp(s->rows[k - 1].lesson, id) == 0)
            return k;
    return 0;
}

const char *steps_lesson(const steps_table *s, int step)
{
    const steps_row *r = steps_row_of(s, step);
    return r ? r->lesson : NULL;
}
