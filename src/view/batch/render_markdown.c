/* render_markdown.c — a handout for a class (--batch --format markdown): the
 * run's facts, a ladder diagram of every message in wire order, each lesson
 * with this run's values filled in, the messages and values of each step, and
 * the self-study questions with the answers collected at the end.
 *
 * Like the other views it only reads the trace (and the lessons). It prints
 * no timings and no paths, so a seed always gives the same handout.
 */
#include "view/batch/render.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "teach/lesson.h"
#include "tls/msg/msg.h"
#include "run/sim.h"
#include "pki/x509.h"

#define LADDER_W 56   /* characters between the client's and the server's bar */
#define VALUE_HEX 96  /* values up to 48 bytes are shown whole */

/* Text written into markdown: the characters that would start emphasis,
 * code or HTML are escaped; so is a first character that would start a
 * heading, list or quote; and a control character is written as its
 * visible escape (esc.h), its backslash doubled so markdown shows it.
 * Returns nothing; writes n bytes of s. */
static void md_escape(FILE *f, const char *s, size_t n, bool para_start)
{
    char e[ESC_MAX];
    size_t i = 0;
    if (para_start && n && strchr("#-+>=|", s[0])) {
        fputc('\\', f);
    } else if (para_start) {
        while (i < n && s[i] >= '0' && s[i] <= '9')
            fputc(s[i++], f);
        if (i && i < n && (s[i] == '.' || s[i] == ')'))
            fputc('\\', f);
    }
    while (i < n) {
        size_t m = esc_next(s + i, n - i, e);
        if (e[0])
            fprintf(f, "\\%s", e);
        else if (strchr("\\`*<", s[i]))
            fprintf(f, "\\%c", s[i]);
        else
            fwrite(s + i, 1, m, f);
        i += m;
    }
}

/* A code span that survives backticks inside it; shown literally, so a
 * control character is its escape as it is. */
static void md_code(FILE *f, const char *s, size_t n)
{
    bool tick = memchr(s, '`', n) != NULL;
    fputs(tick ? "`` " : "`", f);
    esc_write(f, s, n);
    fputs(tick ? " ``" : "`", f);
}

/* One paragraph of expanded lesson text: live values become code spans. */
static void md_paragraph(FILE *f, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        const char *on = memchr(s + i, LESSON_MARK_ON, n - i);
        size_t lit = on ? (size_t)(on - (s + i)) : n - i;
        md_escape(f, s + i, lit, i == 0);
        i += lit;
        if (!on)
            break;
        const char *off = memchr(on + 1, LESSON_MARK_OFF, n - i - 1);
        size_t vlen = off ? (size_t)(off - on - 1) : n - i - 1;
        md_code(f, on + 1, vlen);
        i += vlen + 1 + (off != NULL);
    }
    fputs("\n\n", f);
}

/* A formula block: its lines as they are, without the marks; the line
 * breaks are the block's own, any other control character is escaped. */
static void md_display(FILE *f, const char *s, size_t n)
{
    char e[ESC_MAX];
    fputs("```text\n", f);
    for (size_t i = 0; i < n;) {
        if (s[i] == LESSON_MARK_ON || s[i] == LESSON_MARK_OFF) {
            i++;
        } else if ((i == 0 || s[i - 1] == '\n') && n - i >= 2 && s[i] == ' ' && s[i + 1] == ' ') {
            i += 2;
        } else if (s[i] == '\n') {
            fputc('\n', f);
            i++;
        } else {
            size_t m = esc_next(s + i, n - i, e);
            if (e[0])
                fputs(e, f);
            else
                fwrite(s + i, 1, m, f);
            i += m;
        }
    }
    fputs("\n```\n\n", f);
}

static void md_body(FILE *f, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n >= 2 && p[0] == ' ' && p[1] == ' ')
            md_display(f, p, n);
        else if (n)
            md_paragraph(f, p, n);
        p += n + (end ? 2 : 0);
    }
}

/* ---- the ladder ---------------------------------------------------------- */

static void ladder_row(FILE *f, const trace_msg *m)
{
    char label[96], inner[LADDER_W + 1];
    snprintf(label, sizeof label, " %s (%zu B%s%s) ", m->name, m->record_len,
             m->sealed ? ", encrypted" : "", m->tampered ? ", CHANGED IN FLIGHT" : "");
    size_t n = strlen(label);
    if (n > LADDER_W - 6)
        n = LADDER_W - 6;
    memset(inner, '-', LADDER_W);
    inner[LADDER_W] = '\0';
    if (m->from == PARTY_CLIENT) {
        memcpy(inner + 2, label, n);
        inner[LADDER_W - 1] = '>';
    } else {
        inner[0] = '<';
        memcpy(inner + LADDER_W - 2 - n, label, n);
    }
    fprintf(f, "%3d  |%s|\n", m->seq, inner);
}

static void ladder_step(FILE *f, const trace *t, int step, const char *note)
{
    char label[96];
    int n = snprintf(label, sizeof label, "step %d: %s%s", step, trace_step_title(t, step),
                     note);
    int pad = (LADDER_W - n) / 2;
    fprintf(f, "     |%*s%s%*s|\n", pad, "", label, LADDER_W - n - pad, "");
}

static bool step_has_events(const trace *t, int step)
{
    for (size_t i = 0; i < t->n_events; i++)
        if (t->events[i].step == step)
            return true;
    return false;
}

/* Wire order; a step's name comes before its first message, and a step
 * without messages shows as "nothing sent" where it happened. */
static void ladder(FILE *f, const trace *t)
{
    fputs("## The messages on the wire\n\n"
          "Every record that crossed the wire, in order, with its size on the wire (record "
          "header included).\n\n```text\n", f);
    fprintf(f, "  #  client%*sserver\n", LADDER_W - 10, "");
    int last = 0;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        for (int k = last + 1; k < m->step; k++)
            if (step_has_events(t, k))
                ladder_step(f, t, k, " (nothing sent)");
        if (m->step != last)
            ladder_step(f, t, m->step, "");
        last = m->step;
        ladder_row(f, m);
    }
    fputs("```\n\n", f);
    /* the same ladder for a viewer that draws Mermaid (render_mermaid.c) */
    fputs("The same ladder as a Mermaid diagram, for a Markdown viewer or slide tool that "
          "draws one:\n\n```mermaid\n", f);
    render_mermaid(f, t, NULL);
    fputs("```\n\n", f);
}

/* ---- one step's facts ---------------------------------------------------- */

/* Under a message that carries certificates: each field the X.509 layer
 * decodes, with its meaning beside its DER bytes, as a list under it. */
static void cert_fields(FILE *f, const trace_msg *m)
{
    char note[256], hex[2 * 24 + 8];
    for (size_t i = 0; i < m->n_spans; i++) {
        const span *s = &m->spans[i];
        if (!x509_span_note(m->plain, m->plain_len, m->spans, m->n_spans, i, note, sizeof note))
            continue;
        fprintf(f, "  - %s", s->name);
        if (render_span_is_leaf(m->spans, m->n_spans, i)) {
            render_hex_short(m->plain + s->off, s->len, 2 * 24, hex);
            fprintf(f, " `%s`", hex);
        }
        fputs(": ", f);
        md_escape(f, note, strlen(note), false);
        fputc('\n', f);
    }
}

static void step_facts(FILE *f, const trace *t, int step)
{
    if (!step_has_events(t, step) && !t->outcome.ok && step > t->outcome.step) {
        fprintf(f, "*This run ended at step %d; it did not reach this step.*\n\n",
                t->outcome.step);
        return;
    }
    bool hdr = false;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->step != step)
            continue;
        if (!hdr)
            fputs("**On the wire:**\n\n", f);
        hdr = true;
        fprintf(f, "- #%d %s -> %s: %s, %zu bytes%s%s\n", m->seq, party_name(m->from),
                render_peer(m->from), m->name, m->record_len, m->sealed ? ", encrypted" : "",
                m->tampered ? ", changed in flight by the attacker" : "");
        cert_fields(f, m);
    }
    fputs(hdr ? "\n" : "**On the wire:** nothing; each side computes this step on its own.\n\n",
          f);
    hdr = false;
    for (size_t i = 0; i < t->n_values; i++) {
        const trace_value *v = &t->values[i];
        size_t n;
        const uint8_t *b = trace_value_bytes(v, &n);
        if (v->step != step || !b)
            continue;
        if (!hdr)
            fputs("**Values:**\n\n| value | known by | bytes | hex or text |\n|---|---|---|---|\n", f);
        hdr = true;
        fprintf(f, "| %s | %s | %zu | ", v->id, trace_knowers_of(v->know)->word, n);
        if (trace_value_is_text(v)) {
            /* one line (CR, LF as \r \n), and nothing that ends the cell */
            char text[2 * HS_APP_MAX + 8];
            size_t k = trace_text_escape(b, n, text, sizeof text);
            fputs("`\"", f);
            for (size_t j = 0; j < k; j++) {
                if (text[j] == '|')
                    fputc('\\', f);
                fputc(text[j] == '`' ? '\'' : text[j], f);
            }
            fputs("\"`", f);
        } else {
            char hex[VALUE_HEX + 8];
            render_hex_short(b, n, 2 * n <= VALUE_HEX ? VALUE_HEX : 64, hex);
            fprintf(f, "`%s`", hex);
            sodium_memzero(hex, sizeof hex); /* it may be a secret */
        }
        fputs(" |\n", f);
    }
    if (hdr)
        fputs("\n", f);
    size_t by[2] = { 0, 0 }, failed = 0;
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        if (c->step != step)
            continue;
        by[c->who]++;
        if (c->result != ERR_OK) {
            if (!failed++)
                fputs("**Failed checks:**\n\n", f);
            fprintf(f, "- %s: %s: %s (%s)\n", party_name(c->who), c->name, c->detail,
                    err_str(c->result));
        }
    }
    if (failed)
        fputs("\n", f);
    else if (by[0] + by[1])
        fprintf(f, "**Checks:** %zu by the client, %zu by the server; all passed.\n\n", by[0],
                by[1]);
}

/* ---- the handout --------------------------------------------------------- */

static void fact_row(FILE *f, const trace *t, const char *label, const char *id)
{
    char v[256];
    if (!lesson_fact(t, id, v, sizeof v))
        snprintf(v, sizeof v, "?");
    fprintf(f, "| %s | ", label);
    md_escape(f, v, strlen(v), false);
    fputs(" |\n", f);
}

static void header(FILE *f, const trace *t)
{
    fputs("# Mutual TLS, step by step: a handout\n\n", f);
    fprintf(f, "Written by mtls-sim %s from one real TLS %s handshake with client "
               "certificates. Every value below is a byte this handshake produced",
            MTLS_VERSION, tls_version_str(t->version));
    fputs("; the command below gives the same bytes again.\n\n", f);
    fputs("| run fact | value |\n|---|---|\n", f);
    {
        char replay[256];
        const trace_value *m = trace_value_get(t, VAL_CLIENT_APP_PLAINTEXT);
        size_t n = 0;
        const uint8_t *b = m ? trace_value_bytes(m, &n) : NULL;
        bool own = b && (n != strlen(SIM_DEFAULT_MESSAGE) || memcmp(b, SIM_DEFAULT_MESSAGE, n));
        render_replay_args(t, replay, sizeof replay);
        fprintf(f, "| command | `mtls-sim --batch --format markdown %s`%s |\n", replay,
                own ? " with the same --message" : "");
        sodium_memzero(replay, sizeof replay); /* holds the root key of a live run */
    }
    fact_row(f, t, "randomness", "randomness");
    fact_row(f, t, "clock", "clock");
    fact_row(f, t, "cipher suite", "suite");
    fact_row(f, t, "suite number", "suite_id");
    fact_row(f, t, "key exchange", "kx");
    fact_row(f, t, "master secret", "ems");
    if (t->scenario)
        fact_row(f, t, "scenario", "scenario");
    fact_row(f, t, "records on the wire", "message_count");
    fact_row(f, t, "handshake bytes (all but application data)", "handshake_bytes");
    fact_row(f, t, "checks made", "check_count");
    fact_row(f, t, "outcome", "outcome");
    fputs("\nWho knows a value (the \"known by\" column of each step):\n\n", f);
    for (size_t i = 0; i < sizeof trace_knowers_legend / sizeof *trace_knowers_legend; i++) {
        fprintf(f, "- `%s`: ", trace_knowers_legend[i].word);
        md_escape(f, trace_knowers_legend[i].meaning, strlen(trace_knowers_legend[i].meaning),
                  false);
        fputs("\n", f);
    }
    fputs("\n", f);
}

static void lesson_section(FILE *f, const trace *t, const lesson_set *ls, const char *id,
                           int *qn)
{
    int step = steps_of_lesson(trace_steps(t), id); /* 0: a lesson of no one step */
    if (step)
        fprintf(f, "## Step %d of %d: ", step, HS_STEPS);
    else
        fputs("## ", f);
    const char *title = lesson_title_for(ls, id, t);
    md_escape(f, title, strlen(title), false);
    fputs("\n\n", f);
    err_t e;
    char err[512];
    char *body = lesson_expand(ls, id, t, true, &e, err, sizeof err);
    if (body) {
        md_body(f, body);
        lesson_text_free(body); /* it may hold the run's secrets */
    } else {
        fputs("> **Lesson error:** ", f);
        md_escape(f, err, strlen(err), false);
        fputs("\n\n", f);
    }
    if (step)
        step_facts(f, t, step);
    size_t nq = lesson_n_questions_for(ls, id, t);
    if (nq)
        fputs("**Questions:**\n\n", f);
    for (size_t i = 0; i < nq; i++) {
        const char *q = lesson_question_for(ls, id, t, i);
        fprintf(f, "- **Q%d.** ", ++*qn);
        md_escape(f, q, strlen(q), false);
        fputs("\n", f);
    }
    if (nq)
        fputs("\n", f);
}

/* --answers-only: the key for the teacher. The same numbering as the
 * handout's, each question with its answer under its lesson's heading, and
 * the command that gives the handout it belongs to. */
static void answer_key(FILE *f, const trace *t, const lesson_set *ls)
{
    char replay[256];
    render_replay_args(t, replay, sizeof replay);
    fputs("# Mutual TLS, step by step: the answer key\n\n", f);
    fprintf(f, "The answers to the questions of the handout `mtls-sim --batch --format "
               "markdown %s` (with or without `--no-answers`: the questions are numbered "
               "the same).\n\n",
            replay);
    sodium_memzero(replay, sizeof replay); /* holds the root key of a live run */
    int qn = 0;
    for (size_t i = 0; i < lesson_count(ls); i++) {
        const char *id = lesson_id(ls, i);
        size_t nq = lesson_n_questions_for(ls, id, t);
        if (!nq)
            continue;
        int step = steps_of_lesson(trace_steps(t), id);
        if (step)
            fprintf(f, "## Step %d of %d: ", step, HS_STEPS);
        else
            fputs("## ", f);
        const char *title = lesson_title_for(ls, id, t);
        md_escape(f, title, strlen(title), false);
        fputs("\n\n", f);
        for (size_t k = 0; k < nq; k++) {
            const char *q = lesson_question_for(ls, id, t, k);
            const char *a = lesson_answer_for(ls, id, t, k);
            fprintf(f, "**Q%d.** ", ++qn);
            md_escape(f, q, strlen(q), false);
            fputs("\n\n", f);
            md_escape(f, a, strlen(a), true);
            fputs("\n\n", f);
        }
    }
    if (!qn)
        fputs("These lessons ask no questions.\n", f);
}

void render_markdown(FILE *f, const trace *t, const lesson_set *ls, const render_opts *o)
{
    /* no timings: a handout for a seed is the same every time */
    if (!ls)
        ls = lesson_builtin();
    if (o && o->answers == RENDER_ANSWERS_ONLY) {
        answer_key(f, t, ls);
        return;
    }
    header(f, t);
    ladder(f, t);
    int qn = 0;
    for (size_t i = 0; i < lesson_count(ls); i++)
        lesson_section(f, t, ls, lesson_id(ls, i), &qn);
    fputs("## Outcome\n\n", f);
    char out[256];
    lesson_fact(t, "outcome", out, sizeof out);
    fputs("The handshake ", f);
    md_escape(f, out, strlen(out), false);
    /* the client's name crossed the wire; the verdict is the server's own */
    const trace_value *id = trace_value_get(t, trace_verdict_id(t));
    if (t->outcome.ok && id && id->copy[PARTY_SERVER]) {
        fputs(". The server's verdict: ", f);
        md_code(f, (const char *)id->copy[PARTY_SERVER], id->len[PARTY_SERVER]);
    }
    fputs(".\n\n", f);
    if (!qn || (o && o->answers == RENDER_ANSWERS_NONE))
        return;
    fputs("## Answers\n\n", f);
    qn = 0;
    for (size_t i = 0; i < lesson_count(ls); i++) {
        const char *lid = lesson_id(ls, i);
        for (size_t k = 0; k < lesson_n_questions_for(ls, lid, t); k++) {
            const char *a = lesson_answer_for(ls, lid, t, k);
            fprintf(f, "**Q%d.** ", ++qn);
            md_escape(f, a, strlen(a), false);
            fputs("\n\n", f);
        }
    }
}
