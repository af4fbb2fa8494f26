/* ladder.h — the message ladder as rows, for every diagram of it (the
 * Mermaid and SVG ladders, the HTML page): in wire order, a step's band
 * before its first message, and the steps in which nothing crossed the
 * wire where they happened. Reads the trace; computes nothing.
 */
#ifndef MTLS_LADDER_H
#define MTLS_LADDER_H

#include <stdbool.h>
#include <stddef.h>

#include "model/trace.h"

typedef enum { LADDER_STEP, LADDER_MSG } ladder_kind;

typedef struct ladder_row {
    ladder_kind kind;
    int step;              /* the step of the band, or of the message */
    bool quiet;            /* LADDER_STEP: nothing crossed the wire in it */
    const trace_msg *msg;  /* LADDER_MSG */
    bool alert;            /* LADDER_MSG: an alert record */
} ladder_row;

/* The rows of trace t, at most cap of them into rows; returns how many
 * there are (call with cap 0 to count). Never fails. */
size_t ladder_rows(const trace *t, ladder_row *rows, size_t cap);
/* How many rows t can have at most: enough for every call. */
size_t ladder_max_rows(const trace *t);
/* What the failing run's outcome says in one line, for a diagram's marker:
 * "FAILED at step 3 (Authentication): the server sent the fatal alert
 * certificate_expired (45)"; "" for a run that completed. */
void ladder_outcome(const trace *t, char *out, size_t cap);

/* A message's label on the ladder, after its name: "116 B" (its record's
 * size on the wire, header included) when its record carries it alone,
 * else its own size and the records that carry it ("70 B in record 2",
 * "1100 B in records 3-8"); then ", encrypted" and ", CHANGED IN FLIGHT"
 * when they apply. Always terminated; cut to cap. */
void ladder_size(const trace *t, const trace_msg *m, char *out, size_t cap);

#endif
