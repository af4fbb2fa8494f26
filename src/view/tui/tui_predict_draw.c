/* tui_predict_draw.c — a predict question, its answer marked, or a
 * mystery's questions and reveal, drawn over the panes between the status
 * line and the hints (tui_predict.h). Everything shown was made by the
 * model (teach/predict.h); this only lays it out. */
#include <stdio.h>
#include <string.h>

#include "view/tui/tui_predict.h"
#include "view/tui/tui_view.h"

/* One choice: its letter, a mark once answered, the text wrapped under
 * itself. */
static void choice_row(tui_view *v, tui_pw *pw, const predict_q *q, int c, bool marked,
                       bool selected, int *sel_row)
{
    const tui_theme *th = &v->th;
    bool right = c == q->answer, given = c == q->given;
    tui_style st = tui_st(th, ROLE_NORMAL, 0);
    const char *mark = "  ";
    if (marked && right) {
        st = tui_st(th, ROLE_OK, A_BOLD);
        mark = "\u2713 ";
    } else if (marked && given) {
        st = tui_st(th, ROLE_FAIL, A_BOLD);
        mark = "\u2717 ";
    } else if (selected && !marked) {
        st = tui_st(th, ROLE_FOCUS, A_REVERSE);
        mark = "> "; /* seen without colour and in a screen dump too */
    }
    char text[PREDICT_TEXT_LEN + 16];
    /* the scenario list: names only, but the one chosen or marked in full,
     * so the catalogue fits the screen */
    int len = (int)strlen(q->choice[c]);
    const char *colon = strstr(q->choice[c], ": ");
    if (q->kind == PQ_SCENARIO && colon && !selected && !(marked && (right || given)))
        len = (int)(colon - q->choice[c]);
    /* letters up to p: q quits, so the seventeenth choice has the arrows only */
    if (c < 16)
        snprintf(text, sizeof text, "%s(%c) %.*s", mark, predict_letter(c), len, q->choice[c]);
    else
        snprintf(text, sizeof text, "%s    %.*s", mark, len, q->choice[c]);
    if (selected && sel_row)
        sel_row[0] = pw->row;
    if (selected && !marked)
        tui_pw_bar(pw, 0, st);
    tui_pw_wrap(pw, 1, st, text);
    if (selected && sel_row)
        sel_row[1] = pw->row - 1; /* its last row: the whole choice is kept in view */
}

static void score_line(const tui_predict *p, size_t first, size_t n, char *out, size_t cap)
{
    int sa, sr, aa, ar;
    predict_score(&p->quiz, first, n, &sa, &sr);
    predict_score(&p->quiz, 0, p->quiz.n, &aa, &ar);
    bool done = aa == (int)p->quiz.n;
    if (done)
        snprintf(out, cap, "This step: %d of %d right. Final score: %d of %zu.", sr, sa, ar,
                 p->quiz.n);
    else
        snprintf(out, cap, "This step: %d of %d right. So far: %d of %d.", sr, sa, ar, aa);
}

/* One predict question, or (feedback) with its answer marked and why. */
static void question(tui_view *v, tui_pw *pw, int *sel_row)
{
    const tui_theme *th = &v->th;
    tui_predict *p = v->pr;
    const predict_q *q = &p->quiz.q[p->cur];
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), q->prompt);
    tui_pw_nl(pw);
    for (int c = 0; c < q->n_choices; c++)
        choice_row(v, pw, q, c, p->feedback, c == p->sel, sel_row);
    if (!p->feedback)
        return;
    tui_pw_nl(pw);
    char line[PREDICT_WHY_LEN + 64];
    bool right = q->given == q->answer;
    if (right)
        snprintf(line, sizeof line, "Right: (%c).", predict_letter(q->answer));
    else
        snprintf(line, sizeof line, "Wrong: the answer is (%c), not (%c).",
                 predict_letter(q->answer), predict_letter(q->given));
    tui_pw_wrap(pw, 0, tui_st(th, right ? ROLE_OK : ROLE_FAIL, A_BOLD), line);
    snprintf(line, sizeof line, "Why: %s", q->why);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_NORMAL, 0), line);
    tui_pw_nl(pw);
    size_t first, n = predict_step(&p->quiz, q->step, &first);
    score_line(p, first, n, line, sizeof line);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_STATUS, A_BOLD), line);
}

/* The mystery after its last answer: every question marked, then why. */
static void reveal(tui_view *v, tui_pw *pw)
{
    const tui_theme *th = &v->th;
    const tui_predict *p = v->pr;
    char line[PREDICT_WHY_LEN + 64];
    int asked, right;
    predict_score(&p->quiz, 0, p->quiz.n, &asked, &right);
    const scenario *sc = tui_runs_scenario(v);
    snprintf(line, sizeof line, "It was %s: %s. You had %d of %zu right.", sc ? sc->name : "?",
             sc ? sc->summary : "", right, p->quiz.n);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), line);
    for (size_t i = 0; i < p->quiz.n; i++) {
        const predict_q *q = &p->quiz.q[i];
        tui_pw_nl(pw);
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_NORMAL, A_BOLD), q->prompt);
        bool ok = q->given == q->answer;
        snprintf(line, sizeof line, "%s you: %s", ok ? "\u2713" : "\u2717",
                 q->given >= 0 ? q->choice[q->given] : "-");
        tui_pw_wrap(pw, 1, tui_st(th, ok ? ROLE_OK : ROLE_FAIL, 0), line);
        if (!ok) {
            snprintf(line, sizeof line, "  answer: %s", q->choice[q->answer]);
            tui_pw_wrap(pw, 1, tui_st(th, ROLE_OK, 0), line);
        }
    }
    tui_pw_nl(pw);
    /* the last question's why says it all: scenario, check, side, step */
    snprintf(line, sizeof line, "Why: %s", p->quiz.q[p->quiz.n - 1].why);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_NORMAL, 0), line);
    tui_pw_nl(pw);
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0),
                "Space: back to the run, named now, with the detail pane comparing it with "
                "the clean run.");
}

static void content(tui_view *v, tui_pw *pw, int *sel_row)
{
    if (v->pr->mystery && v->pr->feedback)
        reveal(v, pw);
    else
        question(v, pw, sel_row);
}

void tui_draw_predict(tui_view *v)
{
    tui_predict *p = v->pr;
    if (!p || p->cur >= p->quiz.n)
        return;
    int y = v->lay.header.y + v->lay.header.h, h = v->lay.hints.y - y;
    if (h < 3 || COLS < 3)
        return;
    WINDOW *win = newwin(h, COLS, y, 0);
    if (!win)
        return;
    werase(win);
    const predict_q *q = &p->quiz.q[p->cur];
    char title[96];
    size_t first, n = predict_step(&p->quiz, q->step, &first);
    if (p->mystery)
        snprintf(title, sizeof title, p->feedback ? "Mystery: the reveal"
                                                  : "Mystery: question %zu of %zu",
                 p->cur + 1, p->quiz.n);
    else
        snprintf(title, sizeof title, "Predict before step %d of %d: question %zu of %zu",
                 q->step, HS_STEPS, p->cur - first + 1, n);
    tui_box(win, &v->th, true, title);
    tui_box_hint(win, &v->th,
                 p->feedback ? "space next  \u2191\u2193 scroll"
                 : q->n_choices <= 4 ? "1-4/a-d answer  \u2191\u2193 Enter choose"
                                     : "a-p answer  \u2191\u2193 Enter choose");
    /* count the rows (and where the selection is), keep it in view, draw */
    tui_pw pw;
    int sel_row[2] = { 0, 0 };
    tui_pw_init(&pw, win, &v->th, 1 << 20);
    content(v, &pw, sel_row);
    int rows = pw.row;
    if (!p->feedback) {
        if (sel_row[1] >= p->top + pw.h)
            p->top = sel_row[1] - pw.h + 1;
        if (sel_row[0] < p->top)
            p->top = sel_row[0];
    }
    if (p->top > rows - pw.h)
        p->top = rows - pw.h > 0 ? rows - pw.h : 0;
    tui_pw_init(&pw, win, &v->th, p->top);
    content(v, &pw, NULL);
    wnoutrefresh(win);
    delwin(win);
}
