/* render_tour.c — the scenario tour (--scenario all): one row per scenario,
 * as the real checks of that run decided it — who caught the fault, at
 * which step, with which alert — as a text table or as one JSON array. */
#include "view/batch/render.h"

#include <string.h>

#include "run/eve.h"

#define TOUR_FMT "%-27s %-9s %-5s %s\n"

void render_tour_begin(FILE *f, bool json)
{
    if (json)
        fputs("[\n", f);
    else
        fprintf(f, TOUR_FMT, "scenario", "caught by", "step", "alert");
}

static void row_text(FILE *f, const trace *t)
{
    const trace_outcome *out = &t->outcome;
    const char *name = t->scenario ? t->scenario : "-";
    if (out->alert >= 0)
        fprintf(f, "%-27s %-9s %-5d %s (%d)\n", name, party_name(out->sent_by), out->step,
                alert_name(out->alert), out->alert);
    else if (out->ok && t->eve)
        fprintf(f, "%-27s %-9s %-5s none: handshake completed; a stolen server key later %s\n",
                name, "-", "-",
                t->eve->recovered ? "decrypts the recorded session"
                                  : "decrypts nothing (forward secrecy)");
    else
        fprintf(f, TOUR_FMT, name, "-", "-", out->ok ? "none: handshake completed"
                                                     : err_str(out->err));
}

/* The keys of the single-run JSON's "outcome", plus the scenario and what
 * the eavesdropper recovered, so a script reads both the same way. */
static void row_json(FILE *f, const trace *t, bool first)
{
    const trace_outcome *out = &t->outcome;
    fputs(first ? "  {\"scenario\": " : ",\n  {\"scenario\": ", f);
    if (t->scenario)
        render_json_str(f, t->scenario, strlen(t->scenario));
    else
        fputs("null", f);
    fprintf(f, ", \"ok\": %s, \"alert\": ", out->ok ? "true" : "false");
    if (out->alert >= 0)
        fprintf(f, "\"%s\", \"alert_code\": %d", alert_name(out->alert), out->alert);
    else
        fputs("null, \"alert_code\": null", f);
    if (!out->ok && out->step)
        fprintf(f, ", \"step\": %d, \"sent_by\": \"%s\", \"reason\": ", out->step,
                party_name(out->sent_by));
    else
        fputs(", \"step\": null, \"sent_by\": null, \"reason\": ", f);
    if (out->ok)
        fputs("null", f);
    else
        render_json_str(f, err_str(out->err), strlen(err_str(out->err)));
    fputs(", \"eavesdropper_recovered\": ", f);
    fputs(!t->eve || !t->eve->attempted ? "null" : t->eve->recovered ? "true" : "false", f);
    fputc('}', f);
}

void render_tour_row(FILE *f, bool json, bool first, const trace *t)
{
    if (json)
        row_json(f, t, first);
    else
        row_text(f, t);
}

void render_tour_end(FILE *f, bool json, bool any)
{
    if (json)
        fputs(any ? "\n]\n" : "]\n", f);
}
