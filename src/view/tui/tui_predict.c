/* tui_predict.c — where the person is in the predict questions or the
 * mystery, and what each key does there (tui_predict.h). Drawing is in
 * tui_predict_draw.c. */
#include "view/tui/tui_predict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/tui/tui_view.h"

/* The questions asked before step `step` go on screen, if it has any. */
static void ask(tui_view *v, int step)
{
    tui_predict *p = v->pr;
    size_t first, n = predict_step(&p->quiz, step, &first);
    p->asked_to = step;
    tui_view_set_step(v, step);
    if (!n)
        return;
    p->cur = first;
    p->feedback = false;
    p->sel = 0;
    p->top = 0;
    v->mode = TUI_MODE_PREDICT;
}

bool tui_predict_start(tui_view *v, bool mystery, bool before_this_step)
{
    tui_predict *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(v->note, sizeof v->note, "out of memory");
        return false;
    }
    err_t e = mystery ? predict_build_mystery(v->t, tui_runs_scenario(v), &p->quiz)
                      : predict_build(v->t, &p->quiz);
    if (e != ERR_OK) {
        snprintf(v->note, sizeof v->note, "no questions for this run: %s", err_str(e));
        free(p);
        return false;
    }
    tui_predict_stop(v);
    p->mystery = mystery;
    v->pr = p;
    if (mystery) {
        v->note[0] = '\0'; /* "c compares with the clean run" would point at the answer */
        v->detail_shows = TUI_DETAIL_SELECTION;
        tui_view_set_step(v, v->step); /* the selection without the failed check */
    } else if (before_this_step) {
        ask(v, v->step); /* nothing shown yet (--predict): start before this step */
    } else {
        p->asked_to = v->step; /* what is on screen was seen: ask before the next */
        snprintf(v->note, sizeof v->note, "predict: a question before each next step");
    }
    return true;
}

void tui_predict_stop(tui_view *v)
{
    free(v->pr);
    v->pr = NULL;
    if (v->mode == TUI_MODE_PREDICT)
        v->mode = TUI_MODE_PANES;
}

static bool all_asked(const tui_predict *p)
{
    for (size_t i = 0; i < p->quiz.n; i++)
        if (p->quiz.q[i].given < 0)
            return false;
    return true;
}

bool tui_predict_hides(const tui_view *v)
{
    const tui_predict *p = v->pr;
    if (!p)
        return false;
    return p->mystery ? !p->revealed : !all_asked(p);
}

void tui_predict_status(const tui_view *v, char *longer, char *shorter, size_t cap)
{
    const tui_predict *p = v->pr;
    int asked, right;
    predict_score(&p->quiz, 0, p->quiz.n, &asked, &right);
    if (p->mystery && !p->revealed) {
        snprintf(longer, cap, "MYSTERY: find the fault, then f to guess");
        snprintf(shorter, cap, "MYSTERY (f guess)");
    } else if (p->mystery) {
        const scenario *sc = tui_runs_scenario(v);
        snprintf(longer, cap, "mystery: it was %.40s (%d of %zu right)", sc ? sc->name : "?",
                 right, p->quiz.n);
        snprintf(shorter, cap, "%.40s (%d/%zu)", sc ? sc->name : "?", right, p->quiz.n);
    } else if (all_asked(p)) {
        snprintf(longer, cap, "predict: final score %d of %zu", right, p->quiz.n);
        snprintf(shorter, cap, "final %d/%zu", right, p->quiz.n);
    } else {
        snprintf(longer, cap, "predict: %d of %d right", right, asked);
        snprintf(shorter, cap, "predict %d/%d", right, asked);
    }
}

/* Predict: on to the next step, through its questions first. */
static void next_step(tui_view *v)
{
    int to = v->step + 1 > v->max_step ? v->max_step : v->step + 1;
    if (to > v->pr->asked_to)
        ask(v, to);
    else
        tui_view_set_step(v, to);
}

/* After an answer's feedback: the step's next question, or the step. */
static void advance(tui_view *v)
{
    tui_predict *p = v->pr;
    if (p->mystery) {
        /* the reveal was on screen: now the run is named everywhere */
        v->mode = TUI_MODE_PANES;
        p->revealed = true;
        p->guessing = false;
        if (v->clean) {
            v->detail_shows = TUI_DETAIL_COMPARE;
            v->top[TUI_DETAIL] = 0;
        }
        tui_view_set_step(v, v->step);
        return;
    }
    size_t first, n = predict_step(&p->quiz, p->quiz.q[p->cur].step, &first);
    if (p->cur + 1 < first + n) {
        p->cur++;
        p->feedback = false;
        p->sel = 0;
        p->top = 0;
        return;
    }
    v->mode = TUI_MODE_PANES;
    if (all_asked(p)) {
        int asked, right;
        predict_score(&p->quiz, 0, p->quiz.n, &asked, &right);
        snprintf(v->note, sizeof v->note, "final score: %d of %zu", right, p->quiz.n);
    }
}

/* The choice a key names: a digit, or a letter that is a choice (other
 * letters keep their meaning: j and k move); -1 for none. q is never a
 * choice: it quits everywhere. */
static int key_choice(const predict_q *q, int key)
{
    if (key >= 'a' && key <= 'z' && (key == 'q' || key - 'a' >= q->n_choices))
        return -1;
    return predict_key_choice(q, key);
}

/* A key while a question (or its feedback, or the reveal) is on screen. */
static void question_key(tui_view *v, int key, tui_action ac)
{
    tui_predict *p = v->pr;
    predict_q *q = &p->quiz.q[p->cur];
    if (p->feedback) {
        if (ac == ACT_NEXT || ac == ACT_ENTER || ac == ACT_ESCAPE)
            advance(v);
        else if (ac == ACT_UP || ac == ACT_DOWN)
            p->top += ac == ACT_UP ? -1 : 1; /* clamped when drawn */
        else if (ac == ACT_PAGE_UP || ac == ACT_PAGE_DOWN)
            p->top += ac == ACT_PAGE_UP ? -10 : 10;
        p->top = p->top < 0 ? 0 : p->top;
        return;
    }
    int c = key_choice(q, key);
    if (c < 0 && ac == ACT_ENTER)
        c = p->sel;
    if (c < 0) {
        if (ac == ACT_UP || ac == ACT_DOWN) {
            p->sel += ac == ACT_UP ? -1 : 1;
            p->sel = p->sel < 0 ? 0 : p->sel >= q->n_choices ? q->n_choices - 1 : p->sel;
        } else if (ac == ACT_ESCAPE && p->mystery) {
            v->mode = TUI_MODE_PANES; /* back to looking; the answers so far stay */
            p->guessing = false;
        }
        return;
    }
    predict_answer(&p->quiz, p->cur, c);
    if (p->mystery && p->cur + 1 < p->quiz.n) {
        /* a mystery marks nothing until the end: each answer would hint at the next */
        p->cur++;
        p->sel = 0;
        p->top = 0;
        return;
    }
    p->feedback = true;
    p->top = 0;
}

bool tui_predict_act(tui_view *v, int key)
{
    tui_predict *p = v->pr;
    tui_action ac = tui_key_action(key);
    if (v->mode == TUI_MODE_PREDICT) {
        question_key(v, key, ac);
        return true;
    }
    if (v->mode != TUI_MODE_PANES)
        return false;
    bool hidden = p->mystery && !p->revealed;
    switch (ac) {
    case ACT_NEXT:
        if (p->mystery)
            return false;
        next_step(v);
        return true;
    case ACT_LAST:
        if (p->mystery)
            return false;
        /* as far as the next step with questions, never past them */
        while (v->step < v->max_step && v->mode != TUI_MODE_PREDICT)
            next_step(v);
        return true;
    case ACT_SCENARIO:
    case ACT_NEW:
    case ACT_VERSIONS:
        if (p->mystery && !hidden) {
            /* the mystery is over: another run is not its run */
            if (ac != ACT_VERSIONS)
                tui_predict_stop(v);
            return false;
        }
        snprintf(v->note, sizeof v->note, "%s", p->mystery ? "first find the fault: f to guess"
                                                           : "P leaves predict mode first");
        return true;
    case ACT_COMPARE:
        if (!hidden)
            return false;
        snprintf(v->note, sizeof v->note, "the comparison shows the fault: f to guess first");
        return true;
    case ACT_GUESS:
        if (!p->mystery) {
            snprintf(v->note, sizeof v->note, "f is for a --mystery run");
        } else if (p->revealed) {
            snprintf(v->note, sizeof v->note, "revealed already: c compares with the clean run");
        } else {
            v->mode = TUI_MODE_PREDICT;
            p->guessing = true;
            p->top = 0;
        }
        return true;
    case ACT_PREDICT:
        if (p->mystery) {
            snprintf(v->note, sizeof v->note, "a mystery has its own questions: f to guess");
        } else {
            int asked, right;
            predict_score(&p->quiz, 0, p->quiz.n, &asked, &right);
            tui_predict_stop(v);
            snprintf(v->note, sizeof v->note, "predict mode off: %d of %d right", right, asked);
        }
        return true;
    default: return false;
    }
}
