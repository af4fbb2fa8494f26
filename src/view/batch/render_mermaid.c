/* render_mermaid.c — the message ladder as a Mermaid sequenceDiagram
 * (--format mermaid), for Markdown slides and wikis; the handout embeds the
 * same diagram. Each step is a band (rect) with a note naming it; each
 * message an arrow with its number and size; a failing run's alert a red
 * band marked ALERT, and the outcome as a note.
 *
 * Mermaid reads ';' as the end of a statement and '#...;' as an entity, so
 * every text goes through mm_text: those characters, '<', '>', '&', '"',
 * every control character and every byte that is not UTF-8 become
 * "#NNN;" entities, which Mermaid shows as the character itself.
 */
#include "view/batch/render.h"

#include <stdlib.h>
#include <string.h>

#include "view/batch/ladder.h"

/* Two band colours taking turns, and the alert's red. */
static const char *const band[2] = { "rgb(232, 240, 254)", "rgb(243, 243, 243)" };
static const char alert_band[] = "rgb(255, 205, 205)";

static void mm_text(FILE *f, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t m = esc_utf8_len((const unsigned char *)s + i, n - i, &cp);
        if (m == 0) {
            fputs("#65533;", f); /* not UTF-8: the replacement character */
            i++;
            continue;
        }
        if (esc_unsafe(cp) || (cp < 0x80 && strchr(";#<>&\"%", (int)cp)))
            fprintf(f, "#%u;", (unsigned)cp);
        else
            fwrite(s + i, 1, m, f);
        i += m;
    }
}

void render_mermaid(FILE *f, const trace *t, const render_opts *o)
{
    (void)o; /* no timings: the same seed, the same diagram */
    size_t cap = ladder_max_rows(t);
    ladder_row *rows = malloc(cap * sizeof *rows);
    if (!rows) {
        fputs("%% out of memory\n", f);
        return;
    }
    size_t n = ladder_rows(t, rows, cap);
    fputs("sequenceDiagram\n", f);
    fprintf(f, "    %%%% mtls-sim %s: the messages of one mutual TLS %s handshake", MTLS_VERSION,
            tls_version_str(t->version));
    if (t->seeded)
        fprintf(f, " (seed %llu)", (unsigned long long)t->seed);
    else
        fputs(" (live randomness)", f);
    fputs("\n    participant C as client\n    participant S as server\n", f);
    if (t->one_side)
        fprintf(f, "    Note over C,S: this side: the %s; the %s is a real peer over TCP\n",
                party_name(t->self), party_name(party_peer(t->self)));
    int bands = 0;
    bool open = false;
    for (size_t i = 0; i < n && i < cap; i++) {
        const ladder_row *r = &rows[i];
        if (r->kind == LADDER_STEP) {
            if (open)
                fputs("    end\n", f);
            fprintf(f, "    rect %s\n    Note over C,S: Step %d of %d: ", band[bands++ % 2],
                    r->step, HS_STEPS);
            mm_text(f, trace_step_title(t, r->step));
            if (r->quiet)
                fputs(" (nothing sent: each side computes it)", f);
            fputc('\n', f);
            open = !r->quiet;
            if (r->quiet)
                fputs("    end\n", f);
            continue;
        }
        const trace_msg *m = r->msg;
        char size[96];
        ladder_size(t, m, size, sizeof size);
        const char *from = m->from == PARTY_CLIENT ? "C" : "S";
        const char *to = m->from == PARTY_CLIENT ? "S" : "C";
        /* solid: cleartext; dotted: encrypted; a cross: the alert that ends it */
        const char *arrow = r->alert ? (m->sealed ? "--x" : "-x") : m->sealed ? "-->>" : "->>";
        if (r->alert)
            fprintf(f, "    rect %s\n", alert_band);
        fprintf(f, "    %s%s%s: %d. %s", from, arrow, to, m->seq, r->alert ? "ALERT: " : "");
        char label[160];
        snprintf(label, sizeof label, "%s (%s)", m->name, size);
        mm_text(f, label);
        fputc('\n', f);
        if (r->alert)
            fputs("    end\n", f);
    }
    if (open)
        fputs("    end\n", f);
    char out[256];
    ladder_outcome(t, out, sizeof out);
    if (out[0]) {
        fputs("    Note over C,S: ", f);
        mm_text(f, out);
        fputc('\n', f);
    } else {
        fputs("    Note over C,S: handshake complete: both sides authenticated each other\n", f);
    }
    free(rows);
}
