/* render_text.c — the seven steps as readable text, for a terminal, a pipe
 * or a printed handout. ASCII only, so it survives any terminal and printer. */
#include "view/batch/render.h"

#include <sodium.h>
#include <string.h>

#include "base/hex.h"
#include "tls/msg/msg.h"
#include "pki/x509.h"
#include "tls/suites.h"

#define FIELD_HEX 48

static void print_fields(FILE *f, const trace_msg *m)
{
    char hex[FIELD_HEX + 8];
    for (size_t i = 0; i < m->n_spans; i++) {
        const span *s = &m->spans[i];
        fprintf(f, "      %*s%-*s", 2 * s->depth, "", 34 - 2 * (int)s->depth, s->name);
        if (render_span_is_leaf(m->spans, m->n_spans, i) && s->off + s->len <= m->plain_len) {
            render_hex_short(m->plain + s->off, s->len, FIELD_HEX, hex);
            fprintf(f, " %s", hex);
            if (2 * s->len > FIELD_HEX)
                fprintf(f, " (%u bytes)", s->len);
        } else {
            fprintf(f, " (%u bytes)", s->len);
        }
        fputc('\n', f);
        /* a certificate field's meaning, decoded by the X.509 layer */
        char note[256];
        if (x509_span_note(m->plain, m->plain_len, m->spans, m->n_spans, i, note, sizeof note))
            fprintf(f, "      %*s  = %s\n", 2 * s->depth, "", note);
    }
    sodium_memzero(hex, sizeof hex); /* a field of a decrypted message */
}

static void print_message(FILE *f, const trace_msg *m)
{
    /* a TLS 1.3 protected record says application_data outside; what it
     * carries is inside (RFC 8446 §5.2) */
    if (m->record_len > 0 && m->record[0] != m->content_type)
        fprintf(f, "  #%-2d %s -> %s  %s  (%s inside an %s record, %zu bytes on the wire%s)\n",
                m->seq, party_name(m->from), render_peer(m->from), m->name,
                rec_type_name(m->content_type), rec_type_name(m->record[0]), m->record_len,
                m->sealed ? ", encrypted" : "");
    else
        fprintf(f, "  #%-2d %s -> %s  %s  (%s record, %zu bytes on the wire%s)\n", m->seq,
                party_name(m->from), render_peer(m->from), m->name,
                rec_type_name(m->content_type), m->record_len, m->sealed ? ", encrypted" : "");
    if (m->record_note[0])
        fprintf(f, "      %s\n", m->record_note);
    if (m->tampered && !m->sealed)
        fprintf(f, "      ! changed in flight by an attacker: the sender wrote %zu bytes; the "
                   "fields below are the %zu the receiver got\n", m->sent_len, m->record_len);
    else if (m->tampered)
        fprintf(f, "      ! changed in flight by an attacker: the receiver got other ciphertext "
                   "than the sender wrote, which does not decrypt\n");
    if (m->sealed)
        fprintf(f, "      plaintext inside the record (only the two endpoints can see this):\n");
    print_fields(f, m);
}

static void print_value(FILE *f, const trace_value *v)
{
    char know[32], hex[2 * 96 + 8];
    trace_know_str(v->know, know, sizeof know);
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    fprintf(f, "  %-28s [%s] %zu bytes\n", v->id, know, n);
    if (trace_value_is_text(v)) {
        char text[2 * HS_APP_MAX + 8];
        trace_text_escape(b, n, text, sizeof text);
        fprintf(f, "      text: \"%s\"\n", text);
    } else {
        render_hex_short(b, n, 2 * 96, hex);
        fprintf(f, "      %s\n", hex);
        sodium_memzero(hex, sizeof hex); /* it may be a secret */
    }
    fprintf(f, "      = %s\n", v->how);
    if (v->copy[0] && v->copy[1] && !(v->know & KNOW_PUBLIC))
        fprintf(f, "      client and server computed it separately: %s\n",
                trace_value_match(v) ? "the copies match" : "THE COPIES DIFFER");
}

/* A check's detail quotes certificate fields, which come from the peer:
 * escaped (esc.h). */
static void print_check(FILE *f, const trace_check *c)
{
    fprintf(f, "  [%s] %s  %s: ", party_name(c->who),
            c->warning != ERR_OK ? "WARN" : c->result == ERR_OK ? "ok  " : "FAIL", c->name);
    esc_puts(f, c->detail);
    if (c->result != ERR_OK)
        fprintf(f, " (%s)", err_str(c->result));
    else if (c->warning != ERR_OK)
        fprintf(f, " (warning: %s)", err_str(c->warning));
    fputc('\n', f);
}

/* label "text"\n with the text escaped: it came from the command line or
 * the peer, and could hold terminal escapes. */
static void print_quoted(FILE *f, const char *label, const uint8_t *b, size_t n)
{
    fprintf(f, "%s\"", label);
    esc_write(f, (const char *)b, n);
    fputs("\"\n", f);
}

void render_diff_text(FILE *f, const trace_diff *d)
{
    fprintf(f, "\n== Compared with the same handshake without the fault ==\n");
    if (d->first_seq == 0)
        fprintf(f, "every message is the same in both runs\n");
    else if (d->first_seq == 1)
        fprintf(f, "the runs differ from the first message on\n");
    else
        fprintf(f, "messages #1 to #%d are byte for byte the same in both runs\n",
                d->first_seq - 1);
    if (d->first_seq)
        fprintf(f, "from #%d on they differ: #%d is the %s's %s%s\n", d->first_seq,
                d->first_seq, party_name(d->first_from), d->first_name,
                d->first_tampered ? ", changed in flight by the attacker" : "");
    fprintf(f, "messages: %zu without the fault, %zu with it\n", d->n_clean, d->n_fault);
    fprintf(f, "values: %zu the same, %zu different, %zu never reached\n", d->n_same_values,
            d->n_changed_values, d->n_missing_values);
}

void render_text(FILE *f, const trace *t, const render_opts *o)
{
    char clock[40], replay[256];
    render_replay_args(t, replay, sizeof replay);
    x509_time_str(t->now, clock, sizeof clock);
    fprintf(f, "mtls-sim %s: mutual TLS %s, step by step\n", MTLS_VERSION,
            tls_version_str(t->version));
    if (t->seeded)
        fprintf(f, "randomness: seed %llu (demo randomness: predictable, for teaching only)\n",
                (unsigned long long)t->seed);
    else if (o->hide_outcome)
        fprintf(f, "randomness: live (from the operating system)\n");
    else
        fprintf(f, "randomness: live (from the operating system); replay this run with\n"
                   "  mtls-sim --batch %s\n", replay);
    sodium_memzero(replay, sizeof replay); /* holds the root key of a live run */
    fprintf(f, "clock: %s%s\n", clock, t->seeded ? " (simulated, fixed by the seed)" : "");
    fprintf(f, "suite: %s (0x%04x)\n", suite_name(t->suite), t->suite);
    if (t->version == TLS_V13)
        fprintf(f, "key schedule: HKDF, RFC 8446 §7.1 (every secret covers the transcript)\n");
    else
        fprintf(f, "master secret: %s\n",
                t->ems ? "extended (RFC 7627)" : "legacy (RFC 5246 §8.1, --no-ems)");
    if (t->scenario) {
        fputs("scenario: ", f);
        esc_puts(f, t->scenario);
        fputc('\n', f);
    }
    if (t->one_side)
        fprintf(f, "this side: the %s, against a real %s over TCP: the views show this "
                   "side's values and checks and the wire both ways; what only the %s "
                   "holds is held by the peer, not visible here\n",
                party_name(t->self), party_name(party_peer(t->self)),
                party_name(party_peer(t->self)));
    fprintf(f, "who knows a value:\n");
    for (size_t i = 0; i < sizeof trace_knowers_legend / sizeof *trace_knowers_legend; i++)
        fprintf(f, "  [%s] %s\n", trace_knowers_legend[i].word, trace_knowers_legend[i].meaning);

    for (int step = 1; step <= HS_STEPS; step++) {
        bool any = false;
        for (size_t i = 0; i < t->n_events; i++)
            any |= t->events[i].step == step;
        if (!any && t->outcome.step && step > t->outcome.step)
            break;
        fprintf(f, "\n== Step %d of %d: %s ==\n", step, HS_STEPS, trace_step_title(t, step));
        if (o->timings)
            fprintf(f, "  (took %.1f us)\n", (double)t->step_ns[step] / 1000.0);
        bool hdr = false;
        for (size_t i = 0; i < t->n_msgs; i++) {
            if (t->msgs[i].step != step)
                continue;
            if (!hdr)
                fprintf(f, "messages:\n");
            hdr = true;
            print_message(f, &t->msgs[i]);
        }
        if (!hdr && !steps_on_wire(trace_steps(t), step))
            fprintf(f, "messages: none - both sides compute this step on their own\n");
        hdr = false;
        for (size_t i = 0; i < t->n_values; i++) {
            if (t->values[i].step != step)
                continue;
            if (!hdr)
                fprintf(f, "values:\n");
            hdr = true;
            print_value(f, &t->values[i]);
            if (trace_peer_copy_hidden(t, &t->values[i]))
                fprintf(f, "      the %s's copy: held by the peer, not visible here\n",
                        party_name(party_peer(t->self)));
        }
        value_id hidden[4];
        size_t nh = trace_peer_secrets(t, step, hidden, 4);
        for (size_t i = 0; i < nh && i < 4; i++)
            fprintf(f, "  %-28s [%s] held by the peer, not visible here\n",
                    values_row(hidden[i])->id, party_name(party_peer(t->self)));
        hdr = false;
        for (size_t i = 0; i < t->n_checks; i++) {
            if (t->checks[i].step != step)
                continue;
            if (!hdr)
                fprintf(f, "checks:\n");
            hdr = true;
            print_check(f, &t->checks[i]);
        }
    }

    render_clocks_text(f, t);
    const trace_outcome *out = &t->outcome;
    if (!o->hide_outcome)
        fprintf(f, "\n== Outcome ==\n");
    if (o->hide_outcome) {
        /* a mystery: how it ended is what the student finds */
    } else if (out->ok) {
        /* the name crossed the wire (public); the verdict is the server's */
        const trace_value *id = trace_value_get(t, trace_verdict_id(t));
        fputs("handshake complete: both sides authenticated each other; the server's verdict: ", f);
        if (id && id->copy[PARTY_SERVER])
            esc_write(f, (const char *)id->copy[PARTY_SERVER], id->len[PARTY_SERVER]);
        else if (t->one_side)
            fputs("held by the peer, not visible here", f);
        else
            fputc('?', f);
        fputc('\n', f);
        const trace_value *c = trace_value_get(t, VAL_CLIENT_APP_PLAINTEXT);
        const trace_value *s = trace_value_get(t, VAL_SERVER_APP_PLAINTEXT);
        if (c && c->copy[PARTY_SERVER])
            print_quoted(f, "client said: ", c->copy[PARTY_SERVER], c->len[PARTY_SERVER]);
        if (s && s->copy[PARTY_CLIENT])
            print_quoted(f, "server said: ", s->copy[PARTY_CLIENT], s->len[PARTY_CLIENT]);
    } else if (out->alert >= 0) {
        fprintf(f, "handshake FAILED at step %d (%s): the %s sent the fatal alert %s (%d)\n",
                out->step, trace_step_title(t, out->step), party_name(out->sent_by),
                alert_name(out->alert), out->alert);
        fprintf(f, "reason: %s\n", err_str(out->err));
        if (t->one_side && out->sent_by != t->self)
            fprintf(f, "step %d is this side's: the %s's alert arrived while this side (the %s) "
                       "was at it; the peer does not say in which step it refused\n",
                    out->step, party_name(out->sent_by), party_name(t->self));
    } else {
        fprintf(f, "handshake FAILED at step %d: %s (%s)\n", out->step, err_str(out->err),
                party_name(out->sent_by));
    }
    render_sides_text(f, t);
    if (o->timings) {
        uint64_t sum = 0;
        for (int i = 1; i <= HS_STEPS; i++)
            sum += t->step_ns[i];
        fprintf(f, "time: %.1f us for the whole handshake (wall clock, both sides)\n",
                (double)sum / 1000.0);
    }
    if (o->diff)
        render_diff_text(f, o->diff);
    render_eve_text(f, t);
    render_monitor_text(f, t, o);
}
