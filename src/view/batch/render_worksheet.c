/* render_worksheet.c — predict and mystery questions for paper: the
 * worksheet, its answer key, and the mystery in batch text. */
#include "view/batch/render_worksheet.h"

#include <string.h>

#include "base/esc.h"
#include "view/batch/render.h"

/* Text in a markdown paragraph or list item: control characters escaped
 * (esc.h), and the characters markdown would read as markup backslashed. */
static void md_text(FILE *f, const char *s)
{
    char e[ESC_MAX];
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t m = esc_next(s + i, n - i, e);
        if (e[0])
            fprintf(f, "\\%s", e);
        else if (strchr("\\`*_<>[]#|", s[i]))
            fprintf(f, "\\%c", s[i]);
        else
            fwrite(s + i, 1, m, f);
        i += m;
    }
}

static void md_heading(FILE *f, const trace *t, const worksheet_info *wi, bool key)
{
    fprintf(f, "# %s: %s\n\n", wi->mystery ? "Mystery handshake" : "Predict the handshake",
            key ? "answer key" : "worksheet");
    fprintf(f, "A real mutual TLS %s handshake, run by mtls-sim %s.", tls_version_str(t->version),
            MTLS_VERSION);
    if (wi->command && wi->command[0]) {
        fputs(" Run it with `", f);
        esc_puts(f, wi->command);
        fputs("`.", f);
    }
    fputs("\n\n", f);
}

void render_worksheet(FILE *f, const trace *t, const predict_quiz *z, const worksheet_info *wi)
{
    md_heading(f, t, wi, false);
    if (wi->mystery)
        fputs("The run has one fault or attack in it; its name and its outcome are hidden. Step "
              "through it, find the fault, then answer. Circle one choice a question.\n",
              f);
    else
        fputs("Before each step is shown, circle one choice for each of its questions; then "
              "show the step and check your prediction. The answer key is a separate sheet.\n",
              f);
    int step = -1;
    for (size_t i = 0; i < z->n; i++) {
        const predict_q *q = &z->q[i];
        if (q->step != step) {
            step = q->step;
            if (step > 0)
                fprintf(f, "\n## Before step %d of %d\n", step, HS_STEPS);
            else
                fprintf(f, "\n## After the run\n");
        }
        fprintf(f, "\n**%zu.** ", i + 1);
        md_text(f, q->prompt);
        fputs("\n\n", f);
        for (int c = 0; c < q->n_choices; c++) {
            fprintf(f, "- (%c) ", predict_letter(c));
            md_text(f, q->choice[c]);
            fputc('\n', f);
        }
    }
    fprintf(f, "\n---\n\nScore: ____ of %zu\n", z->n);
}

void render_worksheet_key(FILE *f, const trace *t, const predict_quiz *z,
                          const worksheet_info *wi)
{
    md_heading(f, t, wi, true);
    fprintf(f, "%zu questions; each answer is what this run did, with why and its RFC "
               "section.\n", z->n);
    int step = -1;
    for (size_t i = 0; i < z->n; i++) {
        const predict_q *q = &z->q[i];
        if (q->step != step) {
            step = q->step;
            size_t first, n = predict_step(z, step, &first);
            if (step > 0)
                fprintf(f, "\n## Before step %d of %d (%zu question%s)\n", step, HS_STEPS, n,
                        n == 1 ? "" : "s");
            else
                fprintf(f, "\n## After the run\n");
        }
        fprintf(f, "\n**%zu.** (%c) ", i + 1, predict_letter(q->answer));
        md_text(f, q->choice[q->answer]);
        fputs("  \n", f);
        md_text(f, q->why);
        fputc('\n', f);
    }
}

void render_mystery_questions(FILE *f, const predict_quiz *z)
{
    fputs("\n== Mystery: find the fault ==\n"
          "This run had one fault or attack injected; its name and its outcome are hidden.\n"
          "Find it in the steps above, then answer:\n",
          f);
    for (size_t i = 0; i < z->n; i++) {
        const predict_q *q = &z->q[i];
        fprintf(f, "%zu. ", i + 1);
        esc_puts(f, q->prompt);
        fputc('\n', f);
        for (int c = 0; c < q->n_choices; c++) {
            fprintf(f, "   %c) ", predict_letter(c));
            esc_puts(f, q->choice[c]);
            fputc('\n', f);
        }
    }
}

void render_mystery_reveal(FILE *f, const scenario *sc, const predict_quiz *z,
                           const trace_diff *d)
{
    fputs("\n== Reveal ==\nscenario: ", f);
    esc_puts(f, sc->name);
    fputs(" (", f);
    esc_puts(f, sc->summary);
    fputs(")\n", f);
    for (size_t i = 0; i < z->n; i++) {
        const predict_q *q = &z->q[i];
        fprintf(f, "%zu. %c) ", i + 1, predict_letter(q->answer));
        esc_puts(f, q->choice[q->answer]);
        fputs("\n   ", f);
        esc_puts(f, q->why);
        fputc('\n', f);
    }
    if (d)
        render_diff_text(f, d);
}
