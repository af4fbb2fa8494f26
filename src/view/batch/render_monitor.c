/* render_monitor.c — the monitor: every check, alert and message, with step
 * durations, in the order they happened — as a text section and as JSON
 * lines (--log) for other tools. The "monitor handshake failures and
 * latency" practice made visible. */
#include "view/batch/render.h"

#include <sodium.h>
#include <string.h>

#include "run/eve.h"
#include "base/hex.h"

static void step_line_text(FILE *f, const trace *t, int step, const render_opts *o)
{
    fprintf(f, "  -- step %d %s", step, trace_step_title(t, step));
    if (o->timings)
        fprintf(f, " (%.1f us)", (double)t->step_ns[step] / 1000.0);
    fputc('\n', f);
}

void render_monitor_text(FILE *f, const trace *t, const render_opts *o)
{
    fprintf(f, "\n== Monitor: checks, alerts and messages in the order they happened ==\n");
    int step = 0;
    size_t failed = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const trace_event *e = &t->events[i];
        if (e->kind == EV_VALUE)
            continue;
        if (e->step != step && e->kind == EV_MESSAGE) {
            step = e->step;
            step_line_text(f, t, step, o);
        }
        if (e->kind == EV_MESSAGE) {
            const trace_msg *m = &t->msgs[e->index];
            fprintf(f, "  #%-2d %s -> %s %s (%zu bytes)%s\n", m->seq, party_name(m->from),
                    render_peer(m->from), m->name, m->record_len,
                    m->tampered ? " CHANGED IN FLIGHT" : "");
        } else if (e->kind == EV_CHECK) {
            const trace_check *c = &t->checks[e->index];
            failed += c->result != ERR_OK;
            fprintf(f, "      [%s] %s %s%s%s\n", party_name(c->who),
                    c->warning != ERR_OK ? "WARN" : c->result == ERR_OK ? "ok  " : "FAIL", c->name,
                    c->result == ERR_OK && c->warning == ERR_OK ? "" : ": ",
                    c->warning != ERR_OK ? err_str(c->warning)
                    : c->result == ERR_OK ? "" : err_str(c->result));
        } else if (e->kind == EV_ALERT) {
            const trace_msg *m = &t->msgs[e->index];
            if (m->plain_len == 2)
                fprintf(f, "      [%s] ALERT %s (%d), %s\n", party_name(m->from),
                        alert_name(m->plain[1]), m->plain[1],
                        m->plain[0] == 1 ? "warning" : "fatal");
        }
    }
    fprintf(f, "  %zu checks, %zu failed; %s\n", t->n_checks, failed,
            t->outcome.ok ? "no alert" : "the handshake ended with an alert");
}

static void json_text(FILE *f, const char *s) { render_json_str(f, s, strlen(s)); }

void render_log_jsonl(FILE *f, const trace *t, const render_opts *o)
{
    int step = 0;
    for (size_t i = 0; i < t->n_events; i++) {
        const trace_event *e = &t->events[i];
        if (e->kind == EV_VALUE)
            continue;
        if (e->kind == EV_MESSAGE && e->step != step) {
            step = e->step;
            fprintf(f, "{\"event\": \"step\", \"step\": %d, \"title\": \"%s\"", step,
                    trace_step_title(t, step));
            if (o->timings)
                fprintf(f, ", \"duration_us\": %.1f", (double)t->step_ns[step] / 1000.0);
            fputs("}\n", f);
        }
        if (e->kind == EV_MESSAGE) {
            const trace_msg *m = &t->msgs[e->index];
            fprintf(f, "{\"event\": \"message\", \"step\": %d, \"seq\": %d, \"from\": \"%s\", "
                       "\"name\": ",
                    m->step, m->seq, party_name(m->from));
            json_text(f, m->name);
            fprintf(f, ", \"bytes\": %zu, \"tampered\": %s}\n", m->record_len,
                    m->tampered ? "true" : "false");
        } else if (e->kind == EV_CHECK) {
            const trace_check *c = &t->checks[e->index];
            fprintf(f, "{\"event\": \"check\", \"step\": %d, \"by\": \"%s\", \"name\": ", c->step,
                    party_name(c->who));
            json_text(f, c->name);
            fprintf(f, ", \"ok\": %s, \"error\": ", c->result == ERR_OK ? "true" : "false");
            if (c->result == ERR_OK)
                fputs("null", f);
            else
                json_text(f, err_name(c->result));
            if (c->warning != ERR_OK) {
                fputs(", \"warning\": ", f);
                json_text(f, err_name(c->warning));
            }
            fputs(", \"detail\": ", f);
            json_text(f, c->detail);
            fputs("}\n", f);
        } else if (e->kind == EV_ALERT) {
            const trace_msg *m = &t->msgs[e->index];
            if (m->plain_len == 2)
                fprintf(f, "{\"event\": \"alert\", \"step\": %d, \"by\": \"%s\", \"alert\": "
                           "\"%s\", \"code\": %d, \"level\": \"%s\"}\n",
                        m->step, party_name(m->from), alert_name(m->plain[1]), m->plain[1],
                        m->plain[0] == 1 ? "warning" : "fatal");
        }
    }
    const trace_outcome *out = &t->outcome;
    fprintf(f, "{\"event\": \"outcome\", \"ok\": %s", out->ok ? "true" : "false");
    if (out->alert >= 0)
        fprintf(f, ", \"alert\": \"%s\", \"step\": %d, \"sent_by\": \"%s\"",
                alert_name(out->alert), out->step, party_name(out->sent_by));
    if (o->timings) {
        uint64_t sum = 0;
        for (int s = 1; s <= HS_STEPS; s++)
            sum += t->step_ns[s];
        fprintf(f, ", \"total_us\": %.1f", (double)sum / 1000.0);
    }
    fputs("}\n", f);
}

void render_eve_text(FILE *f, const trace *t)
{
    const eve_result *e = t->eve;
    if (!e || !e->attempted)
        return;
    char hex[2 * 48 + 8];
    fprintf(f, "\n== The eavesdropper, after the server's private key leaked ==\n");
    fprintf(f, "She recorded every record on the wire; now she holds the server's long-term "
               "private key.\n");
    for (size_t i = 0; i < e->n_steps; i++) {
        const eve_step *s = &e->steps[i];
        fprintf(f, "  %s %s: %s\n", s->ok ? "+" : "x", s->what, s->detail);
        if (s->len) {
            render_hex_short(s->bytes, s->len, 2 * 40, hex);
            fprintf(f, "      %s\n", hex);
        }
    }
    sodium_memzero(hex, sizeof hex); /* the keys she recovered */
    if (e->recovered) {
        /* what she decrypted is the endpoints' application data: escaped */
        fputs("recovered: the client said \"", f);
        esc_write(f, e->plaintext[PARTY_CLIENT], e->plaintext_len[PARTY_CLIENT]);
        fputs("\"\nrecovered: the server said \"", f);
        esc_write(f, e->plaintext[PARTY_SERVER], e->plaintext_len[PARTY_SERVER]);
        fputs("\"\n", f);
    } else {
        fprintf(f, "recovered: no content of the session\n");
    }
    if (e->learned[0])
        fprintf(f, "learned: %s\n", e->learned);
    fprintf(f, "why: %s\n", e->why);
}
