/* render_json.c — the trace as JSON, for scripts, tests and other tools.
 * Keys are written in a fixed order so that seeded output is byte-identical. */
#include "view/batch/render.h"

#include <sodium.h>
#include <string.h>

#include "run/eve.h"
#include "base/hex.h"
#include "tls/msg/msg.h"
#include "tls/suites.h"


static void json_cstr(FILE *f, const char *s) { render_json_str(f, s, strlen(s)); }

static const char *ct_json(uint8_t ct) { return rec_type_name(ct); }

static void json_fields(FILE *f, const span *s, size_t n, const uint8_t *bytes, size_t len)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "%s{\"name\": ", i ? ", " : "");
        json_cstr(f, s[i].name);
        fprintf(f, ", \"offset\": %u, \"length\": %u, \"depth\": %u", s[i].off, s[i].len,
                s[i].depth);
        if (s[i].off + s[i].len <= len) {
            fputs(", \"hex\": ", f);
            render_json_hex(f, bytes + s[i].off, s[i].len);
        }
        fputc('}', f);
    }
    fputc(']', f);
}

static void json_message(FILE *f, const trace_msg *m)
{
    fprintf(f, "    {\"seq\": %d, \"step\": %d, \"from\": \"%s\", \"to\": \"%s\", "
               "\"content_type\": \"%s\", \"name\": ",
            m->seq, m->step, party_name(m->from), render_peer(m->from), ct_json(m->content_type));
    json_cstr(f, m->name);
    fprintf(f, ", \"encrypted\": %s, \"tampered\": %s,\n      \"hex\": ",
            m->sealed ? "true" : "false", m->tampered ? "true" : "false");
    render_json_hex(f, m->plain, m->plain_len);
    fputs(",\n      \"record_hex\": ", f);
    render_json_hex(f, m->record, m->record_len);
    if (m->tampered) {
        fputs(",\n      \"sent_record_hex\": ", f);
        render_json_hex(f, m->sent, m->sent_len);
    }
    fputs(",\n      \"fields\": ", f);
    json_fields(f, m->spans, m->n_spans, m->plain, m->plain_len);
    fputs(",\n      \"record_fields\": ", f);
    json_fields(f, m->rec_spans, m->n_rec_spans, m->record, m->record_len);
    fputs("}", f);
}

static void json_value(FILE *f, const trace_value *v)
{
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    fputs("    ", f);
    json_cstr(f, v->id);
    fputs(": {\"hex\": ", f);
    render_json_hex(f, b, n);
    if (trace_value_is_text(v)) {
        fputs(", \"text\": ", f);
        render_json_str(f, (const char *)b, n);
    }
    /* who holds it, party by party, and the vocabulary's word for it */
    fputs(", \"known_by\": [", f);
    if (v->know & KNOW_PUBLIC)
        fputs("\"client\", \"server\", \"public\"", f);
    else if ((v->know & KNOW_CLIENT) && (v->know & KNOW_SERVER))
        fputs("\"client\", \"server\"", f);
    else
        fprintf(f, "\"%s\"", v->know & KNOW_CLIENT ? "client" : "server");
    fputs("], \"knowledge\": ", f);
    json_cstr(f, trace_knowers_of(v->know)->word);
    fprintf(f, ", \"step\": %d, \"label\": ", v->step);
    json_cstr(f, v->label ? v->label : v->id);
    fputs(", \"how\": ", f);
    json_cstr(f, v->how);
    fputs(", \"inputs\": [", f);
    const char *p = v->inputs;
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, ",");
        if (len) {
            fputs(first ? "" : ", ", f);
            render_json_str(f, p, len);
            first = false;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    fputs("], \"copies\": {", f);
    bool any = false;
    for (int w = 0; w < 2; w++) {
        if (!v->copy[w])
            continue;
        fprintf(f, "%s\"%s\": ", any ? ", " : "", party_name((party)w));
        render_json_hex(f, v->copy[w], v->len[w]);
        any = true;
    }
    fputs("}", f);
    if (v->copy[0] && v->copy[1])
        fprintf(f, ", \"match\": %s", trace_value_match(v) ? "true" : "false");
    fputs("}", f);
}

/* What the eavesdropper recovered with the stolen key: null when she did
 * not try; "recovered": null when she got nothing. */
static void json_eve(FILE *f, const eve_result *e)
{
    if (!e || !e->attempted) {
        fputs("null", f);
        return;
    }
    fputs("{\"steps\": [", f);
    for (size_t i = 0; i < e->n_steps; i++) {
        fprintf(f, "%s{\"what\": ", i ? ", " : "");
        json_cstr(f, e->steps[i].what);
        fprintf(f, ", \"ok\": %s, \"detail\": ", e->steps[i].ok ? "true" : "false");
        json_cstr(f, e->steps[i].detail);
        if (e->steps[i].len) {
            fputs(", \"hex\": ", f);
            render_json_hex(f, e->steps[i].bytes, e->steps[i].len);
        }
        fputc('}', f);
    }
    fputs("], \"recovered\": ", f);
    if (e->recovered) {
        fputs("{\"client_app_plaintext\": ", f);
        render_json_str(f, e->plaintext[PARTY_CLIENT], e->plaintext_len[PARTY_CLIENT]);
        fputs(", \"server_app_plaintext\": ", f);
        render_json_str(f, e->plaintext[PARTY_SERVER], e->plaintext_len[PARTY_SERVER]);
        fputc('}', f);
    } else {
        fputs("null", f);
    }
    fputs(", \"learned_from_wire\": ", f);
    json_cstr(f, e->learned);
    fputs(", \"why\": ", f);
    json_cstr(f, e->why);
    fputc('}', f);
}

static void json_diff(FILE *f, const trace_diff *d)
{
    if (!d) {
        fputs("null", f);
        return;
    }
    fputs("{\"first_difference\": ", f);
    if (d->first_seq) {
        fprintf(f, "{\"seq\": %d, \"name\": ", d->first_seq);
        json_cstr(f, d->first_name);
        fprintf(f, ", \"from\": \"%s\", \"tampered\": %s}", party_name(d->first_from),
                d->first_tampered ? "true" : "false");
    } else {
        fputs("null", f);
    }
    fprintf(f, ", \"messages\": {\"clean\": %zu, \"fault\": %zu}, \"values\": {\"same\": %zu, "
               "\"changed\": %zu, \"missing\": %zu}}",
            d->n_clean, d->n_fault, d->n_same_values, d->n_changed_values, d->n_missing_values);
}

void render_json(FILE *f, const trace *t, const render_opts *o)
{
    char clock[40];
    x509_time_str(t->now, clock, sizeof clock);
    fprintf(f, "{\n  \"tool\": \"mtls-sim\", \"version\": \"%s\", \"tls_version\": \"%s\",\n",
            MTLS_VERSION, tls_version_str(t->version));
    fprintf(f, "  \"suite\": {\"id\": \"0x%04x\", \"name\": ", t->suite);
    json_cstr(f, suite_name(t->suite));
    fprintf(f, "}, \"kx\": \"%s\", \"ems\": %s,\n", t->transport ? "transport" : "ecdhe",
            t->ems ? "true" : "false");
    char replay[256];
    render_replay_args(t, replay, sizeof replay);
    if (t->seeded)
        fprintf(f, "  \"randomness\": {\"seeded\": true, \"seed\": %llu, \"note\": \"demo "
                   "randomness: predictable, for teaching only\", ",
                (unsigned long long)t->seed);
    else
        fprintf(f, "  \"randomness\": {\"seeded\": false, \"seed\": null, \"note\": \"live "
                   "randomness\", ");
    fputs("\"replay\": ", f);
    json_cstr(f, replay);
    sodium_memzero(replay, sizeof replay); /* holds the root key of a live run */
    fputs("},\n", f);
    fprintf(f, "  \"clock\": {\"unix\": %lld, \"utc\": \"%s\"},\n", (long long)t->now, clock);

    fputs("  \"steps\": [\n", f);
    for (int s = 1; s <= HS_STEPS; s++) {
        fprintf(f, "    {\"step\": %d, \"title\": \"%s\", \"messages\": [", s,
                trace_step_title(t, s));
        bool first = true;
        for (size_t i = 0; i < t->n_msgs; i++) {
            if (t->msgs[i].step != s)
                continue;
            fprintf(f, "%s%d", first ? "" : ", ", t->msgs[i].seq);
            first = false;
        }
        fputc(']', f);
        if (o->timings)
            fprintf(f, ", \"duration_us\": %.1f", (double)t->step_ns[s] / 1000.0);
        fprintf(f, "}%s\n", s < HS_STEPS ? "," : "");
    }
    fputs("  ],\n  \"messages\": [\n", f);
    for (size_t i = 0; i < t->n_msgs; i++) {
        json_message(f, &t->msgs[i]);
        fputs(i + 1 < t->n_msgs ? ",\n" : "\n", f);
    }
    fputs("  ],\n  \"values\": {\n", f);
    for (size_t i = 0; i < t->n_values; i++) {
        json_value(f, &t->values[i]);
        fputs(i + 1 < t->n_values ? ",\n" : "\n", f);
    }
    fputs("  },\n  \"checks\": [\n", f);
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        fprintf(f, "    {\"step\": %d, \"by\": \"%s\", \"name\": ", c->step, party_name(c->who));
        json_cstr(f, c->name);
        fprintf(f, ", \"ok\": %s, \"error\": ", c->result == ERR_OK ? "true" : "false");
        if (c->result == ERR_OK)
            fputs("null", f);
        else
            json_cstr(f, err_name(c->result));
        if (c->warning != ERR_OK) { /* passed under a lenient policy: said so */
            fputs(", \"warning\": ", f);
            json_cstr(f, err_name(c->warning));
        }
        fputs(", \"detail\": ", f);
        json_cstr(f, c->detail);
        fprintf(f, "}%s\n", i + 1 < t->n_checks ? "," : "");
    }
    fputs("  ],\n  \"scenario\": ", f);
    if (t->scenario)
        json_cstr(f, t->scenario);
    else
        fputs("null", f);
    render_clocks_json(f, t);
    render_sides_json(f, t);
    if (t->one_side) {
        /* a run against a real peer: only this side reported */
        value_id hidden[4];
        size_t nh = trace_peer_secrets(t, 0, hidden, 4);
        fprintf(f, ",\n  \"one_side\": {\"self\": \"%s\", \"peer\": \"%s\", "
                   "\"held_by_peer\": [", party_name(t->self), party_name(party_peer(t->self)));
        for (size_t i = 0; i < nh && i < 4; i++)
            fprintf(f, "%s\"%s\"", i ? ", " : "", values_row(hidden[i])->id);
        fputs("], \"note\": \"the peer's values and checks are held by the peer, not "
              "visible here\"}", f);
    }
    fputs(",\n  \"eavesdropper\": ", f);
    json_eve(f, t->eve);
    fputs(",\n  \"compared_to_clean\": ", f);
    json_diff(f, o->diff);
    const trace_outcome *out = &t->outcome;
    fprintf(f, ",\n  \"outcome\": {\"ok\": %s, \"alert\": ", out->ok ? "true" : "false");
    if (out->alert >= 0)
        fprintf(f, "\"%s\", \"alert_code\": %d", alert_name(out->alert), out->alert);
    else
        fputs("null, \"alert_code\": null", f);
    if (out->step)
        fprintf(f, ", \"step\": %d", out->step);
    else
        fputs(", \"step\": null", f);
    /* against a real peer its alert carries no step: the step is this side's */
    if (!out->ok && out->step && t->one_side && out->sent_by != t->self)
        fputs(", \"step_is\": \"this side's step when the peer's alert arrived\"", f);
    if (!out->ok && out->step)
        fprintf(f, ", \"sent_by\": \"%s\", \"reason\": ", party_name(out->sent_by));
    else
        fputs(", \"sent_by\": null, \"reason\": ", f);
    if (out->ok)
        fputs("null", f);
    else
        json_cstr(f, err_str(out->err));
    fputs("}\n}\n", f);
}
