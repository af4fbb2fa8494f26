/* tui_lecture.c — --script: the lecture carried out on the view state, its
 * presenter's line and its question box. The script is parsed and checked
 * in teach/script.c; this file only does what each command says, with the
 * same state changes the keys make, so a scripted screen is a screen a
 * person could reach by hand. */
#include "view/tui/tui_lecture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teach/script.h"
#include "view/tui/tui_text.h"
#include "view/tui/tui_view.h"

typedef enum {
    LEC_PAUSED,   /* at a pause: space goes on */
    LEC_ASKING,   /* a question is asked: a digit guesses, space reveals */
    LEC_ANSWERED, /* its answer is shown: space goes on */
    LEC_DONE,     /* past the last line */
} lec_state;

struct tui_lecture {
    script *s;
    size_t pc;               /* the next command to carry out */
    const script_cmd *at;    /* the pause or question the lecture stands at */
    size_t stop;             /* how many stops so far (1-based: the one shown) */
    lec_state st;
    int guess;               /* the choice guessed (0-based), -1: revealed without one */
    int asked, right;        /* the score */
    bool hidden;             /* the run on screen is a mystery not yet revealed */
    sim_options base;        /* the command line's options, under every run line */
};

static bool is_list(int p) { return p == TUI_CLIENT || p == TUI_WIRE || p == TUI_SERVER; }

/* The per-step defaults again (as a new step gets them), keeping the lesson
 * chosen and its answers. */
static void step_defaults(tui_view *v)
{
    int other = v->other, answers = v->answers;
    tui_view_set_step(v, v->step);
    v->other = other;
    v->answers = answers;
}

static void do_run(tui_view *v, tui_lecture *l, const script_cmd *c)
{
    sim_options so;
    char why[200];
    /* checked before the lecture began (script_check_runs); a run that
     * cannot be made now (memory) leaves the last one on screen, said so */
    if (!script_run_options(c, &l->base, &so, why, sizeof why) ||
        !tui_runs_replace(v, &so, !c->run.mystery, why, sizeof why)) {
        snprintf(v->note, sizeof v->note, "line %d: %.120s", c->line, why);
        return;
    }
    l->hidden = c->run.mystery;
    v->eve = false;
    v->zoom = -1;
    v->focus = v->subject = TUI_WIRE;
    v->lesson_shows = TUI_LESSON_TEXT;
    v->detail_shows = TUI_DETAIL_SELECTION;
    v->mode = TUI_MODE_PANES;
    tui_view_set_step(v, STEP_CLIENT_HELLO);
}

static void do_lesson(tui_view *v, const script_cmd *c)
{
    v->other = -1;
    if (c->text)
        for (size_t i = 0; i < lesson_count(v->lessons); i++)
            if (strcmp(lesson_id(v->lessons, i), c->text) == 0)
                v->other = (int)i;
    v->lesson_shows = TUI_LESSON_TEXT;
    v->top[TUI_LESSON] = 0;
    v->answers = 0;
}

static void do_answers(tui_view *v, const script_cmd *c)
{
    int nq = (int)tui_lesson_questions(v);
    v->lesson_shows = TUI_LESSON_TEXT;
    v->answers = c->n == SCRIPT_ANSWERS_NONE  ? 0
                 : c->n == SCRIPT_ANSWERS_ALL ? nq
                 : v->answers < nq            ? v->answers + 1
                                              : nq;
    v->to_questions = v->answers > 0;
}

/* Carry out one command; true when the lecture stops at it. */
static bool carry_out(tui_view *v, tui_lecture *l, const script_cmd *c)
{
    switch (c->verb) {
    case SCRIPT_RUN: do_run(v, l, c); break;
    case SCRIPT_STEP:
        tui_view_set_step(v, c->n == 0 ? v->max_step : c->n); /* clamped to the run's last */
        break;
    case SCRIPT_PANE:
        v->focus = c->n;
        if (is_list(v->focus))
            v->subject = v->focus;
        if (v->zoom >= 0)
            v->zoom = v->focus;
        break;
    case SCRIPT_SELECT: {
        int p = v->focus;
        if (!is_list(p))
            break;
        int n = (int)tui_view_items(v, p);
        v->sel[p] = n == 0 ? -1 : c->n > n ? n - 1 : c->n - 1;
        v->subject = p;
        v->cursor = 0;
        v->top[TUI_DETAIL] = 0;
        break;
    }
    case SCRIPT_ZOOM: v->zoom = c->n ? v->focus : -1; break;
    case SCRIPT_EVE:
        v->eve = c->n != 0;
        step_defaults(v);
        break;
    case SCRIPT_MONITOR:
        v->lesson_shows = c->n ? TUI_LESSON_MONITOR : TUI_LESSON_TEXT;
        v->mon_back = 0;
        v->top[TUI_LESSON] = 0;
        break;
    case SCRIPT_COMPARE:
        v->detail_shows = c->n && v->clean ? TUI_DETAIL_COMPARE : TUI_DETAIL_SELECTION;
        v->top[TUI_DETAIL] = 0;
        break;
    case SCRIPT_LESSON: do_lesson(v, c); break;
    case SCRIPT_ANSWERS: do_answers(v, c); break;
    case SCRIPT_REVEAL:
        l->hidden = false;
        tui_runs_twin(v); /* now it may be compared */
        snprintf(v->note, sizeof v->note, "the mystery was %s",
                 v->sim->opt.scenario ? v->sim->opt.scenario->name : "no fault");
        break;
    case SCRIPT_PAUSE:
        l->st = LEC_PAUSED;
        return true;
    case SCRIPT_ASK:
        l->st = LEC_ASKING;
        l->guess = -1;
        return true;
    }
    return false;
}

/* On to the next stop (or the end). */
static void advance(tui_view *v, tui_lecture *l)
{
    while (l->pc < l->s->n) {
        const script_cmd *c = &l->s->cmd[l->pc++];
        if (carry_out(v, l, c)) {
            l->at = c;
            l->stop++;
            return;
        }
    }
    l->at = NULL;
    l->st = LEC_DONE;
}

bool tui_lecture_start(tui_view *v, const options *o, char *err, size_t cap)
{
    script *s = NULL;
    err_t e = script_load(o->script, &s, err, cap);
    if (e == ERR_OK)
        e = script_check_lessons(s, v->lessons, err, cap);
    if (e == ERR_OK)
        e = script_check_runs(s, &o->sim, err, cap);
    if (e == ERR_NOMEM)
        snprintf(err, cap, "--script: out of memory");
    tui_lecture *l = e == ERR_OK ? calloc(1, sizeof *l) : NULL;
    if (!l) {
        if (e == ERR_OK)
            snprintf(err, cap, "--script: out of memory");
        script_free(s);
        return false;
    }
    l->s = s;
    l->base = o->sim;
    v->lecture = l;
    advance(v, l);
    return true;
}

/* A mystery keeps its name from every way to it until the script names it. */
static bool refused(tui_view *v, tui_action ac)
{
    const char *what = ac == ACT_SCENARIO   ? "the scenario menu"
                       : ac == ACT_COMPARE  ? "the comparison"
                       : ac == ACT_VERSIONS ? "the version comparison"
                       : ac == ACT_LESSONS  ? "the other lessons"
                                            : NULL;
    if (!what)
        return false;
    snprintf(v->note, sizeof v->note, "a mystery: %s would name it; the script reveals it", what);
    return true;
}

bool tui_lecture_key(tui_view *v, int key, tui_action ac)
{
    tui_lecture *l = v->lecture;
    if (!l || v->mode != TUI_MODE_PANES)
        return false;
    if (l->hidden && refused(v, ac))
        return true;
    if (ac == ACT_PREDICT) {
        /* its questions would take space, which the lecture needs */
        snprintf(v->note, sizeof v->note, "a lecture asks its own questions: no predict mode");
        return true;
    }
    if (l->st == LEC_ASKING && key >= '1' && key < '1' + (int)l->at->n_choices) {
        l->guess = key - '1';
        l->st = LEC_ANSWERED;
        l->asked++;
        l->right += l->guess == l->at->right;
        return true;
    }
    if (key != ' ')
        return false; /* n, the arrows and every other key work as ever */
    switch (l->st) {
    case LEC_ASKING:
        l->st = LEC_ANSWERED; /* revealed without a guess: not scored */
        break;
    case LEC_PAUSED:
    case LEC_ANSWERED: advance(v, l); break;
    case LEC_DONE: snprintf(v->note, sizeof v->note, "the lecture is over: q quits"); break;
    }
    return true;
}

bool tui_lecture_hides(const tui_view *v) { return v->lecture && v->lecture->hidden; }

bool tui_lecture_draw_line(tui_view *v)
{
    tui_lecture *l = v->lecture;
    if (!l)
        return false;
    WINDOW *w = v->hints;
    const tui_theme *th = &v->th;
    werase(w);
    char where[48], score[48] = "", line[SCRIPT_LINE_MAX + 64], guess_keys[48];
    snprintf(where, sizeof where, "%zu/%zu", l->stop, l->s->n_stops);
    if (l->asked)
        snprintf(score, sizeof score, "score %d/%d  ", l->right, l->asked);
    const char *keys;
    switch (l->st) {
    case LEC_PAUSED:
        snprintf(line, sizeof line, "%s", l->at->text);
        keys = "space";
        break;
    case LEC_ASKING:
        snprintf(line, sizeof line, "question: the class guesses");
        snprintf(guess_keys, sizeof guess_keys, "1-%zu guess  space reveal", l->at->n_choices);
        keys = guess_keys;
        break;
    case LEC_ANSWERED:
        snprintf(line, sizeof line, "%s%s: %d %s", score,
                 l->guess < 0 ? "the answer" : l->guess == l->at->right ? "right" : "wrong",
                 l->at->right + 1, l->at->choice[l->at->right]);
        keys = "space";
        break;
    default:
        snprintf(line, sizeof line, "%send of the lecture%s%s", score, l->s->title ? ": " : "",
                 l->s->title ? l->s->title : "");
        keys = "q quit";
        break;
    }
    /* "3/14 the note  space": the keys at the right, unless the note needs
     * their room (the presenter knows them; a note longer still ends in …) */
    int kw = tui_text_width(keys, (size_t)-1, th->utf8);
    int x = 1;
    x += tui_put(w, th, 0, x, COLS - x, tui_st(th, ROLE_KEY, A_BOLD), where);
    x += 1;
    int lw = tui_text_width(line, (size_t)-1, th->utf8), room = COLS - 1 - kw - 2 - x;
    bool with_keys = lw <= room;
    tui_put(w, th, 0, x, with_keys ? room : COLS - 1 - x, tui_st(th, ROLE_TITLE, 0), line);
    if (with_keys)
        tui_put(w, th, 0, COLS - 1 - kw, kw, tui_st(th, ROLE_KEY, 0), keys);
    wnoutrefresh(w);
    return true;
}

/* The rows a text needs at a width. */
static int rows_of(const char *s, int width, bool utf8)
{
    tui_line one[1];
    return (int)tui_wrap(s, width, utf8, one, 1);
}

void tui_lecture_draw(tui_view *v)
{
    tui_lecture *l = v->lecture;
    if (!l || (l->st != LEC_ASKING && l->st != LEC_ANSWERED) || v->mode != TUI_MODE_PANES)
        return;
    const script_cmd *q = l->at;
    const tui_theme *th = &v->th;
    bool shown = l->st == LEC_ANSWERED;
    int w = COLS - 6 < 72 ? COLS - 6 : 72, inner = w - 2;
    int body = inner - 2;    /* text, one column in from each side */
    int hang = 4;            /* "1  " and the mark */
    int h = 2 + rows_of(q->text, body, th->utf8) + 1;
    for (size_t i = 0; i < q->n_choices; i++)
        h += rows_of(q->choice[i], body - hang, th->utf8);
    if (shown && q->why)
        h += 1 + rows_of(q->why, body, th->utf8);
    int top = v->lay.header.y + v->lay.header.h, bottom = v->lay.hints.y;
    if (h > bottom - top)
        h = bottom - top; /* rows past the box's end are not drawn: tui_pw clips */
    WINDOW *win = newwin(h, w, top + (bottom - top - h) / 2, (COLS - w) / 2);
    if (!win)
        return;
    werase(win);
    tui_box(win, th, true, "question");
    char hint[48];
    snprintf(hint, sizeof hint, "1-%zu guess  space reveals", q->n_choices);
    tui_box_hint(win, th, shown ? "space continues" : hint);
    tui_pw pw;
    tui_pw_init(&pw, win, th, 0);
    tui_pw_wrap(&pw, 1, tui_st(th, ROLE_TITLE, A_BOLD), q->text);
    tui_pw_nl(&pw);
    for (size_t i = 0; i < q->n_choices; i++) {
        bool right = shown && (int)i == q->right, wrong = shown && (int)i == l->guess && !right;
        char num[8];
        snprintf(num, sizeof num, "%zu", i + 1);
        tui_role role = right ? ROLE_OK : wrong ? ROLE_FAIL : ROLE_NORMAL;
        tui_pw_put(&pw, 1, tui_st(th, ROLE_KEY, 0), num);
        if (right || wrong)
            tui_pw_put(&pw, 2, tui_st(th, role, 0), right ? "\u2713" : "\u2717");
        tui_line lines[32];
        size_t n = tui_wrap(q->choice[i], body - hang, th->utf8, lines, 32);
        for (size_t k = 0; k < n && k < 32; k++) {
            tui_pw_putn(&pw, 1 + hang, tui_st(th, role, right ? A_BOLD : 0),
                        q->choice[i] + lines[k].off, lines[k].len);
            tui_pw_nl(&pw);
        }
    }
    if (shown && q->why) {
        tui_pw_nl(&pw);
        tui_pw_wrap(&pw, 1, tui_st(th, ROLE_NORMAL, 0), q->why);
    }
    wnoutrefresh(win);
    delwin(win);
}

void tui_lecture_free(tui_view *v)
{
    if (!v->lecture)
        return;
    script_free(v->lecture->s);
    free(v->lecture);
    v->lecture = NULL;
}
