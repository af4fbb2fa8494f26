/* render_versions.c — TLS 1.2 and TLS 1.3 side by side (--compare-versions):
 * the same certificates (the PKI comes from the seed, not from the
 * version), each row a fact read off each run's trace (model/versions.c),
 * as a text table, one JSON object, or a markdown table. */
#include "view/batch/render.h"

#include <stdio.h>
#include <string.h>

#include "model/versions.h"
#include "tls/version.h"

static void step_text(const trace *t, int step, char *out, size_t cap)
{
    if (step <= 0)
        snprintf(out, cap, "never");
    else
        snprintf(out, cap, "%d, %s", step, trace_step_title(t, step));
}

enum { R_DONE, R_RTT, R_MSGS, R_BYTES, R_KEY, R_SAUTH, R_CAUTH, R_PROT, R_CID, R_SID, R_PUB,
       R_RECS, R_ALLBYTES, R_COUNT };
_Static_assert(R_COUNT == RENDER_VERSIONS_ROWS, "render.h counts the rows");

static void fill(render_vrow *rows, int side, const trace *t, const version_facts *f)
{
    static const struct { const char *label, *json; } names[R_COUNT] = {
        [R_DONE] = { "handshake", "completed" },
        [R_RTT] = { "round trips before the client sends data", "round_trips" },
        [R_MSGS] = { "messages before the client's data", "messages_before_data" },
        [R_BYTES] = { "bytes on the wire before the client's data", "bytes_before_data" },
        [R_KEY] = { "first record key exists at step", "first_key_step" },
        [R_SAUTH] = { "client checked the server's signature at", "server_authenticated_step" },
        [R_CAUTH] = { "server's verdict on the client at", "client_authenticated_step" },
        [R_PROT] = { "handshake messages in protected records", "protected_handshake" },
        [R_CID] = { "client identity readable on the wire", "client_identity_public" },
        [R_SID] = { "server identity readable on the wire", "server_identity_public" },
        [R_PUB] = { "public values besides records", "public_values" },
        [R_RECS] = { "records in the whole run", "records" },
        [R_ALLBYTES] = { "bytes in the whole run", "bytes" },
    };
    for (int r = 0; r < R_COUNT; r++) {
        rows[r].label = names[r].label;
        rows[r].json = names[r].json;
    }
    char (*v)[64] = NULL;
#define V(r) (v = &rows[r].v[side], *v)
    snprintf(V(R_DONE), sizeof *v, "%s", f->ok ? "completed" : "failed");
    if (f->data_sent) {
        snprintf(V(R_RTT), sizeof *v, "%d", f->round_trips);
        snprintf(V(R_MSGS), sizeof *v, "%zu", f->messages_before_data);
        snprintf(V(R_BYTES), sizeof *v, "%zu", f->bytes_before_data);
    } else { /* it failed first: there is no "before the data" */
        snprintf(V(R_RTT), sizeof *v, "none: no data sent");
        snprintf(V(R_MSGS), sizeof *v, "none: no data sent");
        snprintf(V(R_BYTES), sizeof *v, "none: no data sent");
    }
    step_text(t, f->first_key_step, V(R_KEY), sizeof *v);
    step_text(t, f->server_auth_step, V(R_SAUTH), sizeof *v);
    step_text(t, f->client_auth_step, V(R_CAUTH), sizeof *v);
    snprintf(V(R_PROT), sizeof *v, "%zu of %zu", f->protected_handshake, f->handshake_messages);
    snprintf(V(R_CID), sizeof *v, "%s", !f->client_identity_known ? "none sent"
                                        : f->client_identity_public ? "yes" : "no");
    snprintf(V(R_SID), sizeof *v, "%s", f->server_identity_public ? "yes" : "no");
    snprintf(V(R_PUB), sizeof *v, "%zu", f->public_values);
    snprintf(V(R_RECS), sizeof *v, "%zu", f->records);
    snprintf(V(R_ALLBYTES), sizeof *v, "%zu", f->bytes);
#undef V
    /* the JSON values: numbers stay numbers, a step is its number (null:
     * never), the yes/no rows are booleans */
    for (int r = 0; r < R_COUNT; r++) {
        /* a copy cut to fit, as snprintf would (which some compilers then
         * suspect of overlapping, the two being fields of one struct) */
        char *j = rows[r].j[side];
        const char *txt = rows[r].v[side];
        size_t k = 0;
        for (; k + 1 < sizeof rows[r].j[side] && txt[k]; k++)
            j[k] = txt[k];
        j[k] = '\0';
    }
    static const int steps[] = { R_KEY, R_SAUTH, R_CAUTH };
    const int at[] = { f->first_key_step, f->server_auth_step, f->client_auth_step };
    for (int i = 0; i < 3; i++) {
        char *j = rows[steps[i]].j[side];
        if (at[i] > 0)
            snprintf(j, sizeof rows[0].j[0], "%d", at[i]);
        else
            snprintf(j, sizeof rows[0].j[0], "null");
    }
    if (!f->data_sent)
        for (int r = R_RTT; r <= R_BYTES; r++)
            snprintf(rows[r].j[side], sizeof rows[0].j[0], "null");
    snprintf(rows[R_DONE].j[side], sizeof rows[0].j[0], "%s", f->ok ? "true" : "false");
    snprintf(rows[R_PROT].j[side], sizeof rows[0].j[0], "%zu", f->protected_handshake);
    snprintf(rows[R_CID].j[side], sizeof rows[0].j[0], "%s",
             f->client_identity_public ? "true" : "false");
    snprintf(rows[R_SID].j[side], sizeof rows[0].j[0], "%s",
             f->server_identity_public ? "true" : "false");
}

/* Why the columns differ, each sentence with the RFC sections that say so. */
const char *const render_versions_why[] = {
    "TLS 1.2 puts the key exchange after the certificates: the client sends data after the "
    "server's Finished, two round trips after its ClientHello (RFC 5246 §7.3, Figure 1).",
    "TLS 1.3 sends the key shares in the hellos (RFC 8446 §4.2.8): the handshake keys exist "
    "before any certificate is sent, every handshake message after the ServerHello is "
    "protected, and the "
    "client sends data after its own Finished, one round trip after its ClientHello "
    "(RFC 8446 §2, Figure 1).",
    "So in TLS 1.3 an eavesdropper no longer reads either certificate; she still reads the "
    "server name the client asks for (server_name in the ClientHello, RFC 8446 §4.2, "
    "RFC 6066 §3).",
};

const size_t render_versions_why_len = sizeof render_versions_why / sizeof render_versions_why[0];

void render_versions_rows(const trace *t12, const trace *t13, render_vrow *rows)
{
    version_facts f12, f13;
    version_facts_of(t12, &f12);
    version_facts_of(t13, &f13);
    fill(rows, 0, t12, &f12);
    fill(rows, 1, t13, &f13);
}

void render_versions_source(const trace *t, char *out, size_t cap)
{
    if (t->seeded)
        snprintf(out, cap, "seed %llu", (unsigned long long)t->seed);
    else
        snprintf(out, cap, "live randomness");
}

void render_versions(FILE *f, bool json, bool markdown, const trace *t12, const trace *t13)
{
    render_vrow rows[R_COUNT];
    render_versions_rows(t12, t13, rows);
    if (json) {
        /* one key more than the rows: the count the protected row is "of" */
        version_facts f12, f13;
        version_facts_of(t12, &f12);
        version_facts_of(t13, &f13);
        fputs("{\n", f);
        for (int side = 0; side < 2; side++) {
            fprintf(f, "  \"%s\": {", side ? "tls13" : "tls12");
            for (int r = 0; r < R_COUNT; r++)
                fprintf(f, "%s\"%s\": %s", r ? ", " : "", rows[r].json, rows[r].j[side]);
            fprintf(f, ", \"handshake_messages\": %zu", side ? f13.handshake_messages
                                                             : f12.handshake_messages);
            fputs(side ? "}\n" : "},\n", f);
        }
        fputs("}\n", f);
        return;
    }
    bool md = markdown;
    char seed[48];
    render_versions_source(t12, seed, sizeof seed);
    if (md) {
        fprintf(f, "# TLS 1.2 and TLS 1.3 side by side\n\nThe same certificates (%s), one run of "
                   "each version.\n\n| | TLS 1.2 | TLS 1.3 |\n|---|---|---|\n", seed);
        for (int r = 0; r < R_COUNT; r++)
            fprintf(f, "| %s | %s | %s |\n", rows[r].label, rows[r].v[0], rows[r].v[1]);
        fputc('\n', f);
        for (size_t i = 0; i < render_versions_why_len; i++)
            fprintf(f, "%s\n\n", render_versions_why[i]);
        return;
    }
    fprintf(f, "TLS 1.2 and TLS 1.3 side by side: the same certificates (%s)\n\n", seed);
    fprintf(f, "%-44s %-26s %s\n", "", "TLS 1.2", "TLS 1.3");
    for (int r = 0; r < R_COUNT; r++)
        fprintf(f, "%-44s %-26s %s\n", rows[r].label, rows[r].v[0], rows[r].v[1]);
    fputc('\n', f);
    for (size_t i = 0; i < render_versions_why_len; i++)
        fprintf(f, "%s\n", render_versions_why[i]);
}
