/* render_worksheet.h — the predict and mystery questions on paper: a
 * worksheet for the students (--predict --format markdown, --mystery with
 * --format markdown), its answer key for the teacher (--answers FILE), and
 * a mystery in batch text (the run with its name and outcome hidden, the
 * questions, then the reveal). They only show what teach/predict.h made.
 * Write errors are left for the caller to see with ferror().
 */
#ifndef MTLS_RENDER_WORKSHEET_H
#define MTLS_RENDER_WORKSHEET_H

#include <stdbool.h>
#include <stdio.h>

#include "model/trace_diff.h"
#include "teach/predict.h"

typedef struct worksheet_info {
    bool mystery;
    /* the command that gives a student this run ("" when there is none to
     * print: a mystery named on the command line would name it) */
    const char *command;
} worksheet_info;

/* The questions in markdown, step by step (a mystery: all at once), with
 * a box for the score; no answers. */
void render_worksheet(FILE *f, const trace *t, const predict_quiz *z, const worksheet_info *wi);
/* The answer key in markdown: each question's right choice and why, and
 * the count per step. */
void render_worksheet_key(FILE *f, const trace *t, const predict_quiz *z,
                          const worksheet_info *wi);
/* A mystery's questions in text (after the run's text view), and the
 * reveal: the scenario, each answer and why, and the comparison with the
 * clean run (d, NULL when the clean run could not be made). */
void render_mystery_questions(FILE *f, const predict_quiz *z);
void render_mystery_reveal(FILE *f, const scenario *sc, const predict_quiz *z,
                           const trace_diff *d);

#endif
