/* steps.h — the seven teaching steps of one protocol version as data.
 *
 * A version's step table says, for each step of step.h, its title, the
 * lesson that teaches it, and whether any message crosses the wire in it;
 * which messages those are is the version's message table (hs_row), which
 * the step table points to. Views and lessons ask the table instead of
 * knowing step numbers, so a second version brings its own table.
 */
#ifndef MTLS_STEPS_H
#define MTLS_STEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "tls/hs.h"
#include "tls/step.h"
#include "tls/version.h"

typedef struct steps_row {
    step_id step;
    const char *title;   /* "ClientHello", "Master secret", … */
    const char *lesson;  /* the id of the lesson that teaches it: "step1" … */
    bool on_wire;        /* messages cross the wire in this step */
} steps_row;

typedef struct steps_table {
    tls_version version;
    const steps_row *rows;       /* STEP_COUNT rows, rows[i].step == i + 1 */
    const hs_row *msgs;          /* the version's message table, in wire order */
    const size_t *n_msgs;
} steps_table;

/* The step table of version v; NULL for a version without one. */
const steps_table *steps_for(tls_version v);

/* The row of step `step`; NULL when it is not a step (0, > STEP_COUNT). */
const steps_row *steps_row_of(const steps_table *s, int step);
/* The step's title; "" when it is not a step. */
const char *steps_title(const steps_table *s, int step);
/* Whether messages cross the wire in the step (false when not a step). */
bool steps_on_wire(const steps_table *s, int step);
/* The message table's rows of the step: the first in *first (NULL when
 * none), how many as the result. A step's rows are contiguous. */
size_t steps_messages(const steps_table *s, int step, const hs_row **first);

/* The run of consecutive steps that send nothing which starts at or after
 * `from`: its first and last step in *first and *last. false when no step
 * from `from` on is quiet. Walking from last + 1 finds the next run. */
bool steps_quiet_run(const steps_table *s, int from, int *first, int *last);
/* What the wire shows for the quiet steps first..last: "step 5: nothing
 * sent", "steps 5-6: nothing sent". Returns out (cut to cap). */
const char *steps_quiet_phrase(int first, int last, char *out, size_t cap);

/* The step lesson `id` teaches; 0 when it teaches none (or id is NULL). */
int steps_of_lesson(const steps_table *s, const char *id);
/* The id of the lesson that teaches `step`; NULL when it is not a step. */
const char *steps_lesson(const steps_table *s, int step);

/* tls12/hs_steps.c, tls13/hs13_steps.c */
extern const steps_table steps_tls12;
extern const steps_table steps_tls13;

#endif
