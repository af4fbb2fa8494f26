/* predict_int.h — inside the question generator: its catalogues
 * (predict_cat.c) and the helpers predict.c and predict_mystery.c share. */
#ifndef MTLS_PREDICT_INT_H
#define MTLS_PREDICT_INT_H

#include "base/rng.h"
#include "teach/predict.h"

typedef struct predict_msg_row {
    tls_version version;
    int from;           /* the sender (party), -1: either */
    const char *name;   /* as the message table names it */
    const char *why;    /* why it comes where it does, with its section */
} predict_msg_row;

typedef struct predict_alert_row {
    alert_t alert;
    const char *meaning; /* what the alert says, without the section */
} predict_alert_row;

/* The row of message `name` sent by `from` in version v, NULL when the
 * catalogue has none. */
const predict_msg_row *predict_msg_why(tls_version v, party from, const char *name);
/* Messages that are plausible but wrong in version v; NULL-terminated. */
const char *const *predict_msg_wrong(tls_version v);
/* The alerts with their meaning: the rows, their count in *n. */
const predict_alert_row *predict_alerts(size_t *n);
/* An alert's meaning, NULL when it has no row. */
const char *predict_alert_meaning(int alert);
/* Where the alerts are defined in version v. */
static inline const char *predict_alert_rfc(tls_version v)
{
    return v == TLS_V13 ? "RFC 8446 §6.2" : "RFC 5246 §7.2.2";
}

/* The generator of the run's questions: forked from its root key. */
void predict_rng(const trace *t, const char *label, rng *out);
/* A number in [0, n), n > 0, without modulo bias. */
uint32_t predict_uniform(rng *r, uint32_t n);

/* A question being made: the prompt, then the right choice and the
 * distractors offered one by one (duplicates of what is there are
 * dropped), then predict_q_finish shuffles them. */
void predict_q_begin(predict_q *q, predict_kind kind, int step, const char *prompt);
/* Add a choice; false when it is already there or there is no room (max
 * choices). The first added is the answer. */
bool predict_q_add(predict_q *q, const char *text, int max);
/* Put the choices in an order drawn from r (the answer moves with them). */
void predict_q_shuffle(predict_q *q, rng *r);

/* The strings after cap, up to a NULL, joined into out (cut short, always
 * terminated): text built from trace fields without printf's truncation
 * guesswork. */
void predict_join(char *out, size_t cap, ...);

/* A check as a choice: "server: client certificate: validity". */
void predict_check_text(const trace_check *c, char *out, size_t cap);
/* The choice that says no check fails. */
extern const char predict_no_check[];

#endif
