/* render_sides.c — the two sides of a run: each side's clock beside each
 * certificate's lifetime, and, when the handshake failed, who refused and
 * why, what went on the wire, and what the other side learns (only the
 * alert: RFC 5246 §7.2, RFC 8446 §6). The facts are the trace's and
 * model/failure.h's; this file only arranges them. */
#include "view/batch/render.h"

#include <string.h>

#include "model/failure.h"
#include "pki/x509.h"
#include "run/scenario_policy.h"

/* A duration for a person: "9 minutes", "1 hour 10 minutes", "89 days". */
static void span_str(int64_t s, char *out, size_t cap)
{
    static const struct { int64_t sec; const char *one, *many; } u[] = {
        { 86400, "day", "days" }, { 3600, "hour", "hours" }, { 60, "minute", "minutes" },
        { 1, "second", "seconds" },
    };
    if (s < 0)
        s = -s;
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0, parts = 0; i < sizeof u / sizeof *u && parts < 2; i++) {
        int64_t n = s / u[i].sec;
        if (!n && !(i + 1 == sizeof u / sizeof *u && parts == 0))
            continue;
        if (parts && !n)
            break;
        s -= n * u[i].sec;
        int w = snprintf(out + len, cap - len, "%s%lld %s", parts ? " " : "", (long long)n,
                         n == 1 ? u[i].one : u[i].many);
        if (w < 0 || (size_t)w >= cap - len)
            return;
        len += (size_t)w;
        parts++;
        if (parts == 1 && (u[i].sec == 86400 || s == 0))
            break; /* days alone; no "0 minutes" */
    }
}

/* When renewal is due: two thirds of the lifetime (SC_RENEW_NUM /
 * SC_RENEW_DEN), the rule cert-manager's default and SPIFFE agents use. */
static int64_t renew_at(const struct trace_lifetime *l)
{
    return l->not_before + (l->not_after - l->not_before) * SC_RENEW_NUM / SC_RENEW_DEN;
}

/* What certificate l is to a clock reading now. */
static void status_str(const struct trace_lifetime *l, int64_t now, char *out, size_t cap)
{
    char a[48], b[48];
    if (now < l->not_before) {
        span_str(l->not_before - now, a, sizeof a);
        snprintf(out, cap, "not yet valid: it starts in %s", a);
    } else if (now > l->not_after) {
        span_str(now - l->not_after, a, sizeof a);
        span_str(now - renew_at(l), b, sizeof b);
        snprintf(out, cap, "expired %s ago (renewal was due %s ago)", a, b);
    } else if (now >= renew_at(l)) {
        span_str(now - renew_at(l), a, sizeof a);
        span_str(l->not_after - now, b, sizeof b);
        snprintf(out, cap, "valid, renewal overdue by %s, expires in %s", a, b);
    } else {
        span_str(renew_at(l) - now, a, sizeof a);
        snprintf(out, cap, "valid, renewal due in %s", a);
    }
}

static void clock_line(FILE *f, const trace *t, party p)
{
    char tm[40], d[48];
    x509_time_str(t->clock[p], tm, sizeof tm);
    int64_t off = t->clock[p] - t->now;
    span_str(off, d, sizeof d);
    fprintf(f, "the %s's clock: %s", party_name(p), tm);
    if (off == 0)
        fputs(" (the simulated clock)\n", f);
    else
        fprintf(f, " (%s %s the simulated clock)\n", d, off < 0 ? "behind" : "ahead of");
}

void render_clocks_text(FILE *f, const trace *t)
{
    fprintf(f, "\n== Clocks and certificate lifetimes ==\n");
    if (t->one_side) {
        clock_line(f, t, t->self);
    } else {
        clock_line(f, t, PARTY_CLIENT);
        clock_line(f, t, PARTY_SERVER);
    }
    for (party p = PARTY_CLIENT; p <= PARTY_SERVER; p++) {
        const struct trace_lifetime *l = &t->lifetime[p];
        if (!l->has)
            continue;
        char nb[40], ra[40], na[40], life[48], st[256];
        x509_time_str(l->not_before, nb, sizeof nb);
        x509_time_str(renew_at(l), ra, sizeof ra);
        x509_time_str(l->not_after, na, sizeof na);
        span_str(l->not_after - l->not_before, life, sizeof life);
        fprintf(f, "the %s's certificate (the %s checks it):\n", party_name(p),
                party_name(party_peer(p)));
        fprintf(f, "  issued (notBefore)   %s\n", nb);
        fprintf(f, "  renewal due          %s  (two thirds of its %s lifetime)\n", ra, life);
        fprintf(f, "  expires (notAfter)   %s\n", na);
        /* the checker's clock first: its verdict is the one that counts */
        party order[2] = { party_peer(p), p };
        for (int k = 0; k < 2; k++) {
            if (t->one_side && order[k] != t->self)
                continue;
            x509_time_str(t->clock[order[k]], nb, sizeof nb);
            status_str(l, t->clock[order[k]], st, sizeof st);
            fprintf(f, "  to the %s's clock %s: %s\n", party_name(order[k]), nb, st);
        }
    }
    fprintf(f, "revocation policy (--revocation): %s\n", crl_mode_name(t->revocation));
}

void render_sides_text(FILE *f, const trace *t)
{
    failure_sides s;
    if (!failure_sides_of(t, &s))
        return;
    const char *rej = party_name(s.rejecter), *oth = party_name(s.other);
    fprintf(f, "\n== Both sides of the failure ==\n");
    fprintf(f, "the %s refused, at step %d (%s):\n", rej, s.step, trace_step_title(t, s.step));
    if (s.check) {
        fprintf(f, "  its check:    %s  FAIL\n  its reason:   ", s.check->name);
        esc_puts(f, s.check->detail);
        fprintf(f, " (%s)\n", err_str(s.check->result));
    } else if (s.reason != ERR_OK) {
        fprintf(f, "  its reason:   %s\n", err_str(s.reason));
    } else {
        fprintf(f, "  its reason:   held by the peer, not visible here\n");
    }
    fprintf(f, "  it sent:      fatal alert %s (%d)\n", alert_name(s.alert), s.alert);
    if (s.msg) {
        /* byte by byte: the record header and the two bytes of the alert */
        char hex[3 * 32 + 8] = "";
        size_t n = s.msg->record_len < 32 ? s.msg->record_len : 32;
        for (size_t i = 0; i < n; i++)
            snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02x ", s.msg->record[i]);
        hex[3 * n - 1] = '\0'; /* no space after the last */
        if (n < s.msg->record_len)
            strcat(hex, " ...");
        if (s.sealed)
            fprintf(f, "on the wire:    %s  (%zu bytes, encrypted: an onlooker sees only that "
                       "a record passed; inside, level %d and description %d)\n",
                    hex, s.msg->record_len, s.level, s.alert);
        else
            fprintf(f, "on the wire:    %s  (an alert record in the clear: level %d fatal, "
                       "description %d)\n", hex, s.level, s.alert);
    }
    if (s.other_received || !t->one_side)
        fprintf(f, "the %s sees:    alert %d %s, and nothing more: the check, its detail and "
                   "the %s's clock stay with the %s (RFC 5246 §7.2, RFC 8446 §6)\n", oth,
                s.alert, alert_name(s.alert), rej, rej);
    else
        fprintf(f, "the %s sees:    alert %d %s (the peer: held by the peer, not visible "
                   "here)\n", oth, s.alert, alert_name(s.alert));
    if (s.openssl) {
        fprintf(f, "an OpenSSL-based %s would log %s (%d) \"%s\" and send %s (%d)", rej,
                s.openssl->name, s.openssl->number, s.openssl->text,
                alert_name(s.openssl->alert), s.openssl->alert);
        if (s.openssl->note[0])
            fprintf(f, "; %s", s.openssl->note);
        fputs("\n", f);
        fprintf(f, "an OpenSSL-based %s would report only the alert it received (\"SSL alert "
                   "number %d\")\n", oth, s.alert);
    }
}

void render_clocks_json(FILE *f, const trace *t)
{
    fprintf(f, ",\n  \"clocks\": {\"simulated\": %lld, \"client\": %lld, \"server\": %lld, "
               "\"revocation\": \"%s\", \"certificates\": [",
            (long long)t->now, (long long)t->clock[PARTY_CLIENT],
            (long long)t->clock[PARTY_SERVER], crl_mode_name(t->revocation));
    bool first = true;
    for (party p = PARTY_CLIENT; p <= PARTY_SERVER; p++) {
        const struct trace_lifetime *l = &t->lifetime[p];
        if (!l->has)
            continue;
        fprintf(f, "%s{\"of\": \"%s\", \"not_before\": %lld, \"renew_at\": %lld, "
                   "\"not_after\": %lld}", first ? "" : ", ", party_name(p),
                (long long)l->not_before, (long long)renew_at(l), (long long)l->not_after);
        first = false;
    }
    fputs("]}", f);
}

void render_sides_json(FILE *f, const trace *t)
{
    failure_sides s;
    fputs(",\n  \"both_sides\": ", f);
    if (!failure_sides_of(t, &s)) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"rejected_by\": \"%s\", \"step\": %d, \"check\": ", party_name(s.rejecter),
            s.step);
    if (s.check) {
        render_json_str(f, s.check->name, strlen(s.check->name));
        fputs(", \"detail\": ", f);
        render_json_str(f, s.check->detail, strlen(s.check->detail));
    } else {
        fputs("null, \"detail\": null", f);
    }
    fputs(", \"error\": ", f);
    if (s.reason != ERR_OK)
        fprintf(f, "\"%s\"", err_name(s.reason));
    else
        fputs("null", f);
    fprintf(f, ", \"alert\": {\"level\": %d, \"description\": %d, \"name\": \"%s\", "
               "\"sealed\": %s, \"wire_hex\": ",
            s.level, s.alert, alert_name(s.alert), s.sealed ? "true" : "false");
    if (s.msg) {
        fputc('"', f);
        for (size_t i = 0; i < s.msg->record_len; i++)
            fprintf(f, "%02x", s.msg->record[i]);
        fputc('"', f);
    } else {
        fputs("null", f);
    }
    fprintf(f, "}, \"other_side\": {\"party\": \"%s\", \"learns\": {\"alert\": %d, "
               "\"name\": \"%s\"}}, \"openssl\": ",
            party_name(s.other), s.alert, alert_name(s.alert));
    if (s.openssl)
        fprintf(f, "{\"verify_error\": \"%s\", \"number\": %d, \"text\": \"%s\", "
                   "\"alert\": \"%s\", \"alert_code\": %d}",
                s.openssl->name, s.openssl->number, s.openssl->text,
                alert_name(s.openssl->alert), s.openssl->alert);
    else
        fputs("null", f);
    fputc('}', f);
}
