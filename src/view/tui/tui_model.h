/* tui_model.h — what each pane lists at a given step, read from the trace.
 *
 * Pure functions (no curses): the wire pane's messages, each side's values
 * and checks, who-knows-it tags, the outcome once known, and the compact
 * forms (shortened hex, fitted arrow labels) the panes draw. Nothing here
 * computes cryptography; every byte comes from the trace.
 */
#ifndef MTLS_TUI_MODEL_H
#define MTLS_TUI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/trace.h"

typedef enum { TUI_ITEM_MSG, TUI_ITEM_VALUE, TUI_ITEM_CHECK } tui_item_kind;

/* One line-able thing in a pane: an index into t->msgs, t->values or t->checks. */
typedef struct tui_item {
    tui_item_kind kind;
    int index;
    int step;
} tui_item;

/* The last step a person can move to: 7, or for a failed run the step it
 * failed at or, if later, the step of its last record (the alert). */
int tui_max_step(const trace *t);

/* The messages sent up to step `step`, in wire order. Returns the count (at
 * most cap are written). */
size_t tui_wire_items(const trace *t, int step, tui_item *out, size_t cap);

/* What `side` holds and has checked up to `step`: the values it knows (its
 * own and every public one: what crossed the wire reached it), then the
 * checks it made, step by step in trace order. With eve (the
 * eavesdropper's view) the checks are left out: they happen inside the
 * endpoint and never cross the wire. */
size_t tui_side_items(const trace *t, party side, int step, bool eve, tui_item *out, size_t cap);

/* "[wire]", "[C+S]", "[C]", "[S]": who knows a value, readable in monochrome. */
const char *tui_know_tag(unsigned know);

/* The value crossed the wire (an eavesdropper may see its bytes). */
bool tui_value_public(const trace_value *v);
/* A private key: known to one side only and never to be sent. */
bool tui_value_private(const trace_value *v);
/* The label people read: the catalogue's, else the id. */
const char *tui_value_label(const trace_value *v);

/* The bytes `side` holds of v: its own copy, or for a public value the bytes
 * that crossed the wire. NULL when the side does not hold it. */
const uint8_t *tui_side_bytes(const trace_value *v, party side, size_t *len);

/* The hex of n bytes in at most width columns: whole, or head…tail. out must
 * hold 2*n+8 bytes or width+8, whichever is smaller. */
void tui_hex_fit(const uint8_t *b, size_t n, int width, bool utf8, char *out, size_t cap);

/* The arrow label of a message in one of TUI_LABEL_FORMS forms, from the
 * fullest "#4 ServerKeyExchange 113 B" (form 0) to the bare name, cut to
 * width columns if even that does not fit. */
#define TUI_LABEL_FORMS 4
void tui_msg_label(const trace_msg *m, int form, int width, bool utf8, char *out, size_t cap);
/* The fullest form in which every one of t's messages fits in width columns,
 * so that all arrows are labelled alike (names too long for any form do not
 * count: they are cut). */
int tui_msg_label_form(const trace *t, int width, bool utf8);

/* A check's name, shortened for a narrow pane ("server certificate: x" ->
 * "server cert: x") when it would not fit in width columns. */
void tui_check_label(const trace_check *c, int width, bool utf8, char *out, size_t cap);

/* The outcome as known at `step`: false when it is not known yet. *ok tells
 * success from failure. */
bool tui_outcome_text(const trace *t, int step, bool *ok, char *out, size_t cap);

/* The index of span i's parent (the nearest earlier span one level up), or -1. */
int tui_span_parent(const span *s, size_t n, size_t i);

/* "handshake header › msg_type": span i and its ancestors. */
void tui_span_path(const span *s, size_t n, size_t i, char *out, size_t cap);

#endif
