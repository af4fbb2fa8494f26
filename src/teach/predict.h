/* predict.h — predict before you see: multiple-choice questions about the
 * next step of a run, made from its trace and from catalogues of plausible
 * wrong answers (issue 16 items 1 and 2).
 *
 * A question is a pure function of the trace and a generator forked from
 * the run's own root key ("predict"), so with --seed N the same questions
 * come with their choices in the same order on every machine, and the
 * views (the interface, the worksheet, the answer key) only show them.
 *
 * Per step, in this order, each when the run has what it asks about:
 *   - which message the sender sends first in the step (not for an alert);
 *   - who holds one of the step's values (client, server, both, everyone
 *     on the wire, the eavesdropper too);
 *   - which check fails, and on which side (the run's first failed check);
 *   - which alert is sent, and by whom.
 * Every choice differs from every other; the answer is one of them; its
 * "why" is one sentence from the catalogues, true of the run, with its RFC
 * section.
 *
 * A mystery (--mystery) asks, after the whole run: at which step it failed,
 * on which side, which check, and which scenario of the catalogue it was.
 */
#ifndef MTLS_PREDICT_H
#define MTLS_PREDICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/trace.h"
#include "run/scenario.h"

/* Choices of an ordinary question; a mystery's scenario question lists the
 * whole catalogue (up to PREDICT_CHOICES_MAX). */
#define PREDICT_CHOICES 4
#define PREDICT_CHOICES_MAX 48
/* Questions of one run: at most four a step, and a mystery's four. */
#define PREDICT_MAX 32
#define PREDICT_TEXT_LEN 160
#define PREDICT_WHY_LEN 400

typedef enum {
    PQ_NEXT_MESSAGE,  /* which message the sender sends first in the step */
    PQ_WHO_KNOWS,     /* who holds a value of the step */
    PQ_CHECK_FAILS,   /* which check fails, on which side */
    PQ_ALERT,         /* which alert is sent */
    PQ_FAIL_STEP,     /* mystery: at which step the handshake failed */
    PQ_FAIL_SIDE,     /* mystery: which side found the fault */
    PQ_SCENARIO,      /* mystery: which scenario of the catalogue it was */
} predict_kind;

typedef struct predict_q {
    predict_kind kind;
    int step;                      /* the step it is asked before (mystery: 0) */
    char prompt[PREDICT_TEXT_LEN];
    char choice[PREDICT_CHOICES_MAX][PREDICT_TEXT_LEN];
    int n_choices;
    int answer;                    /* index of the right choice */
    char why[PREDICT_WHY_LEN];     /* one sentence, with its RFC section */
    int given;                     /* the choice the student gave, -1: none yet */
} predict_q;

typedef struct predict_quiz {
    predict_q q[PREDICT_MAX];
    size_t n;
} predict_quiz;

/* Every question of the run t, step by step (steps 1..7 in order). Fails
 * with ERR_USAGE for a one-sided trace (a run against a real peer: the
 * peer's side is not known, so no question about it could be checked). */
err_t predict_build(const trace *t, predict_quiz *out);
/* A mystery's questions about the finished run t of scenario sc: the step
 * and the side of the failure and its check (when the handshake failed),
 * then which scenario it was, from every scenario that runs with t's
 * version (the catalogue's order). ERR_USAGE without a scenario or for a
 * one-sided trace. */
err_t predict_build_mystery(const trace *t, const scenario *sc, predict_quiz *out);

/* The questions asked before step `step`: the first index in *first, how
 * many as the result (0: none; *first is then where they would be). */
size_t predict_step(const predict_quiz *z, int step, size_t *first);
/* Record choice c for question i; true when it is the right one. false
 * (and nothing recorded) when i or c is out of range. */
bool predict_answer(predict_quiz *z, size_t i, int c);
/* Of the questions [first, first + n): how many were answered, how many
 * right. */
void predict_score(const predict_quiz *z, size_t first, size_t n, int *asked, int *right);
/* A choice's letter: 'a' for 0 ... */
char predict_letter(int c);
/* The choice a key means for question q (1..9 or a..z), -1 for none. */
int predict_key_choice(const predict_q *q, int key);

/* --mystery random: the scenario from the seed (with --seed N) or from
 * live randomness (root_key NULL and !seeded: the OS), among those that
 * run in version v under framing f with key exchange kx and make the
 * handshake fail (key-leak's attack comes after a clean handshake, so it
 * is not a mystery to find in the run). NULL when none fits. */
const scenario *predict_mystery_pick(bool seeded, uint64_t seed, const uint8_t *root_key,
                                     tls_version v, hsio_framing f, hs_kx kx);

#endif
