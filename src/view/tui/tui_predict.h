/* tui_predict.h — predict mode and mystery runs in the interface.
 *
 * Predict (--predict, or key P): before a step is shown, its questions
 * (teach/predict.h) fill the screen between the status line and the hints,
 * one at a time; 1-4 or a-d (or the arrows and Enter) answer, and the
 * answer is marked right or wrong with one sentence of why; space goes on,
 * and after the step's last question the step appears. The status line
 * keeps the score and hides the step's title and the outcome until every
 * question was asked.
 *
 * Mystery (--mystery NAME|random): the run of a scenario with its name and
 * outcome hidden (the status line, the comparison, the scenario menu); f
 * asks where it failed, on which side, which check and which scenario (the
 * catalogue as a list); then the reveal: each answer marked, the name on
 * the status line, and the detail pane comparing with the clean run.
 *
 * The questions are made by the model; this file keeps only where the
 * person is in them, and draws them.
 */
#ifndef MTLS_TUI_PREDICT_H
#define MTLS_TUI_PREDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "teach/predict.h"

struct tui_view;

typedef struct tui_predict {
    bool mystery;
    bool revealed;        /* mystery: the scenario is named now */
    bool guessing;        /* mystery: the questions are on screen */
    predict_quiz quiz;
    size_t cur;           /* the question on screen */
    bool feedback;        /* its answer is shown */
    int sel;              /* the choice the arrows are on */
    int asked_to;         /* predict: the questions of steps up to this one were asked */
    int top;              /* first row shown of a long question */
} tui_predict;

/* Start predict mode (mystery false) or a mystery run on the run on screen;
 * predict mode asks first before the step on screen when before_this_step
 * (--predict, at start), else before the next one (key P: this step was
 * seen). false, with v->note saying why, when the questions cannot be made. */
bool tui_predict_start(struct tui_view *v, bool mystery, bool before_this_step);
void tui_predict_stop(struct tui_view *v);
/* A key in predict or mystery mode: true when it was handled here (the
 * main loop does nothing more with it). */
bool tui_predict_act(struct tui_view *v, int key);
/* Whether the status line must not say how the run ends (or, for a
 * mystery, what it is). */
bool tui_predict_hides(const struct tui_view *v);
/* The status line's segment: the score, or what the mystery asks. Long
 * and short forms, each cap bytes. */
void tui_predict_status(const struct tui_view *v, char *longer, char *shorter, size_t cap);
/* The questions, drawn over the panes (TUI_MODE_PREDICT). */
void tui_draw_predict(struct tui_view *v);

#endif
