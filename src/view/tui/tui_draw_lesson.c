/* tui_draw_lesson.c — the lesson pane: the step's lesson (or the one `i`
 * chose) from the lesson module, with this run's values highlighted, then
 * its questions and, on `a`, their answers. The monitor takes the pane's
 * place on `m` (tui_draw_monitor.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

bool tui_view_rows(tui_view *v, size_t n)
{
    return vec_reserve((void **)&v->rows, &v->rows_cap, n, sizeof *v->rows, 256);
}

/* One piece of the pane: text wrapped at an indent, in one role; live
 * values (between the marks) in the live role. A prefix ("1. ") sits on
 * the first row before the text, which hangs under it. */
typedef struct block {
    const char *text;
    tui_role role;
    attr_t attr;
    int indent;
    const char *prefix;
} block;

#define BLOCKS (8 + 2 * 16 + 2)

static void draw_rows(tui_view *v, tui_pw *pw, const block *b, size_t n)
{
    const tui_theme *th = &v->th;
    tui_style plain = tui_st(th, b->role, b->attr), live = tui_st(th, ROLE_LIVE, 0);
    for (size_t i = 0; i < n; i++) {
        const tui_mline *r = &v->rows[i];
        if (!tui_pw_visible(pw, pw->row)) {
            tui_pw_nl(pw);
            continue;
        }
        int x = b->indent + r->indent;
        bool in = r->marked;
        const char *s = b->text + r->off;
        size_t start = 0;
        for (size_t k = 0; k <= r->len; k++) {
            bool mark = k < r->len && (s[k] == LESSON_MARK_ON || s[k] == LESSON_MARK_OFF);
            if (k < r->len && !mark)
                continue;
            x = tui_pw_putn(pw, x, in ? live : plain, s + start, k - start);
            if (mark)
                in = s[k] == LESSON_MARK_ON;
            start = k + 1;
        }
        tui_pw_nl(pw);
    }
}

/* Wrap and draw one block; returns false when out of memory. */
static bool put_block(tui_view *v, tui_pw *pw, const block *b)
{
    block hung = *b;
    if (b->prefix) {
        tui_pw_put(pw, b->indent, tui_st(&v->th, ROLE_TITLE, 0), b->prefix);
        hung.indent += tui_text_width(b->prefix, (size_t)-1, v->th.utf8);
    }
    int width = pw->width - hung.indent;
    size_t n = tui_mwrap(b->text, width, v->th.utf8, v->rows, v->rows_cap);
    if (n > v->rows_cap) {
        if (!tui_view_rows(v, n))
            return false;
        n = tui_mwrap(b->text, width, v->th.utf8, v->rows, v->rows_cap);
    }
    draw_rows(v, pw, &hung, n);
    return true;
}

/* The id of the lesson on screen, and the pane's title. */
static const char *lesson_on_screen(const tui_view *v, char *title, size_t tcap)
{
    const char *other = v->other >= 0 ? lesson_id(v->lessons, (size_t)v->other) : NULL;
    if (other) {
        snprintf(title, tcap, "lesson: %s", other);
        return other;
    }
    snprintf(title, tcap, "lesson %d: %s", v->step, trace_step_title(v->t, v->step));
    const char *id = steps_lesson(trace_steps(v->t), v->step);
    return id ? id : ""; /* the step is always one of the table's: "" is no lesson */
}

size_t tui_lesson_questions(const tui_view *v)
{
    char title[96];
    size_t nq = lesson_n_questions_for(v->lessons, lesson_on_screen(v, title, sizeof title), v->t);
    return nq > 16 ? 16 : nq;
}

void tui_draw_lesson(tui_view *v)
{
    if (v->lesson_shows == TUI_LESSON_MONITOR) {
        tui_draw_monitor(v);
        return;
    }
    WINDOW *w = v->win[TUI_LESSON];
    const trace *t = v->t;
    const lesson_set *ls = v->lessons;
    char title[96];
    const char *id = lesson_on_screen(v, title, sizeof title);
    tui_box(w, &v->th, v->focus == TUI_LESSON, title);
    size_t nq = tui_lesson_questions(v), first_q = 0;
    size_t shown = v->answers < 0 ? 0 : (size_t)v->answers;
    if (shown > nq)
        shown = nq;
    if (v->opening)
        tui_box_hint(w, &v->th, "space: begin at step 1  \u2191\u2193 read on");
    else
        tui_box_hint(w, &v->th, nq && shown == nq ? "a hide  i more  m monitor"
                                                  : "a answers  i more  m monitor");

    block b[BLOCKS];
    size_t nb = 0;
    char out[160], err[512];
    bool ok;
    /* the step at which this run failed says so first (not while predict
     * or a mystery keeps the ending back) */
    if (v->other < 0 && !t->outcome.ok && t->outcome.step == v->step && !tui_predict_hides(v) &&
        tui_outcome_text(t, v->step, &ok, out, sizeof out)) {
        b[nb++] = (block){ out, ROLE_FAIL, 0, 0, NULL };
        b[nb++] = (block){ err_str(t->outcome.err), ROLE_FAIL, 0, 0, NULL };
        b[nb++] = (block){ "", ROLE_NORMAL, 0, 0, NULL };
    }
    if (v->lesson_note[0])
        b[nb++] = (block){ v->lesson_note, v->lesson_note_error ? ROLE_FAIL : ROLE_DIM, 0, 0,
                           NULL };
    const char *lt = lesson_title_for(ls, id, t);
    if (lt)
        b[nb++] = (block){ lt, ROLE_TITLE, A_BOLD, 0, NULL };
    char *body = lesson_expand(ls, id, t, true, NULL, err, sizeof err);
    /* an unknown placeholder names itself in place of the text */
    b[nb++] = (block){ body ? body : err, body ? ROLE_NORMAL : ROLE_FAIL, 0, 0, NULL };
    if (nq) {
        b[nb++] = (block){ "", ROLE_NORMAL, 0, 0, NULL };
        first_q = nb;
        b[nb++] = (block){ "Questions", ROLE_TITLE, A_BOLD, 0, NULL };
    }
    static const char *const numbers[16] = { "1. ", "2. ", "3. ", "4. ", "5. ", "6. ",
                                             "7. ", "8. ", "9. ", "10. ", "11. ", "12. ",
                                             "13. ", "14. ", "15. ", "16. " };
    size_t last_q = 0, last_end = 0; /* the last question answered: its blocks */
    for (size_t i = 0; i < nq; i++) {
        const char *q = lesson_question_for(ls, id, t, i), *a = lesson_answer_for(ls, id, t, i);
        if (i + 1 == shown)
            last_q = nb;
        b[nb++] = (block){ q ? q : "", ROLE_NORMAL, 0, 0, numbers[i] };
        if (i < shown && a)
            b[nb++] = (block){ a, ROLE_OK, 0, 3, "\u2192 " };
        if (i + 1 == shown)
            last_end = nb;
    }
    if (nq && shown == 0)
        b[nb++] = (block){ "(a shows the next answer, A all of them)", ROLE_DIM, 0, 0, NULL };
    else if (nq && shown < nq)
        b[nb++] = (block){ "(a shows the next answer)", ROLE_DIM, 0, 0, NULL };

    /* count the rows off screen, then draw the ones in view */
    tui_pw pw;
    for (int pass = 0; pass < 2; pass++) {
        tui_pw_init(&pw, w, &v->th, pass == 0 ? 1 << 20 : v->top[TUI_LESSON]);
        int q_row = -1, a_row = -1, a_end = -1;
        for (size_t i = 0; i < nb; i++) {
            if (i == first_q && nq)
                q_row = pw.row;
            if (shown && i == last_q)
                a_row = pw.row;
            if (shown && i == last_end)
                a_end = pw.row;
            if (!put_block(v, &pw, &b[i])) {
                tui_pw_put(&pw, 0, tui_st(&v->th, ROLE_FAIL, 0), "out of memory");
                break;
            }
        }
        if (shown && last_end == nb)
            a_end = pw.row;
        if (pass == 0) {
            /* the questions from their heading, or from the one just
             * answered when its answer would fall below the pane */
            if (v->to_questions && q_row >= 0)
                v->top[TUI_LESSON] = a_end >= 0 && a_end - q_row > pw.h ? a_row : q_row;
            v->to_questions = false;
            v->top[TUI_LESSON] = tui_scroll(v->top[TUI_LESSON], pw.row, pw.h, -1, 0, false);
        }
    }
    lesson_text_free(body); /* it may hold the run's secrets */
}
