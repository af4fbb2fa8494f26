/* render_html_msg.c — one message on the web page: a folded block with
 * the record as it crossed the wire and the message inside it, both as a
 * hex dump and as a tree of fields that nests as the parser's spans nest.
 * Every field says its name, its bytes, what they mean (the TLS catalogue,
 * msg_note.c, or the X.509 layer for a certificate's fields) and the RFC
 * section that defines it.
 */
#include "view/batch/render_html_int.h"

#include <sodium.h>
#include <string.h>

#include "pki/x509.h"
#include "tls/msg/msg.h"
#include "tls/msg/msg_note.h"
#include "tls/record.h"

/* Whether span k lies inside a span called "Certificate" (an X.509
 * certificate, whose fields the X.509 layer explains). */
static bool in_certificate(const span *s, size_t k)
{
    int want = s[k].depth;
    for (size_t i = k + 1; i-- > 0;) {
        if (s[i].depth < want || i == k) {
            if (!strcmp(s[i].name, "Certificate"))
                return true;
            want = s[i].depth;
        }
        if (want == 0)
            break;
    }
    return false;
}

/* The section a certificate field's note cites, else RFC 5280's. */
static void cert_rfc(const char *note, char *out, size_t cap)
{
    const char *r = strstr(note, "RFC ");
    if (!r) {
        snprintf(out, cap, "RFC 5280 §4.1");
        return;
    }
    size_t n = strcspn(r, ",);:");
    snprintf(out, cap, "%.*s", (int)n, r);
}

/* name, bytes (a leaf), meaning, section: one field's line. */
static void field_line(FILE *f, const trace *t, const trace_msg *m, const uint8_t *buf,
                       size_t len, const span *s, size_t n, size_t k, bool leaf)
{
    const span *sp = &s[k];
    char note[512], rfc[64];
    const char *sec = NULL;
    bool has = false;
    uint8_t hs_type = m->content_type == CT_HANDSHAKE && m->plain_len ? m->plain[0] : 0;
    bool fits = (size_t)sp->off + sp->len <= len;
    if (in_certificate(s, k)) {
        has = x509_span_note(buf, len, s, n, k, note, sizeof note);
        cert_rfc(has ? note : "", rfc, sizeof rfc);
        sec = rfc;
    } else {
        const char *parent = NULL;
        for (size_t i = k; i-- > 0;)
            if (s[i].depth < sp->depth) {
                parent = s[i].name;
                break;
            }
        has = fits && msg_field_note(sp->name, parent, m->content_type, hs_type, t->version,
                                     buf + sp->off, sp->len, note, sizeof note, &sec);
        if (!fits)
            sec = msg_rfc(m->content_type, hs_type, t->version);
    }
    fputs("<span class=\"fname\">", f);
    esc_xml_puts(f, sp->name);
    fprintf(f, "</span> <span class=\"rfc\">(%u byte%s, ", sp->len, sp->len == 1 ? "" : "s");
    esc_xml_puts(f, sec);
    fputs(")</span>", f);
    if (leaf && fits) {
        fputs(" <code class=\"hex\">", f);
        html_hex(f, buf + sp->off, sp->len);
        fputs("</code>", f);
    }
    if (has) {
        fputs(" <span class=\"mean\">= ", f);
        esc_xml_puts(f, note);
        fputs("</span>", f);
    }
    sodium_memzero(note, sizeof note); /* a field of a decrypted message */
}

/* The spans as a tree: a span with children is a <details> (open: the
 * script folds it), a leaf a line. */
static void field_tree(FILE *f, const trace *t, const trace_msg *m, const uint8_t *buf,
                       size_t len, const span *s, size_t n)
{
    int open = 0; /* details open now */
    int depth_of[256];
    for (size_t k = 0; k < n; k++) {
        /* close the fields this one is not inside */
        while (open > 0 && depth_of[open - 1] >= s[k].depth) {
            fputs("</details>\n", f);
            open--;
        }
        bool leaf = render_span_is_leaf(s, n, k);
        if (leaf) {
            fputs("<div class=\"leaf\">", f);
            field_line(f, t, m, buf, len, s, n, k, true);
            fputs("</div>\n", f);
        } else {
            fputs("<details class=\"fld\" open><summary>", f);
            field_line(f, t, m, buf, len, s, n, k, false);
            fputs("</summary>\n", f);
            if (open < 256)
                depth_of[open++] = s[k].depth;
        }
    }
    while (open-- > 0)
        fputs("</details>\n", f);
}

static void msg_name(FILE *f, const trace *t, const trace_msg *m)
{
    /* TLS 1.3 hides a protected record's type: the eavesdropper sees
     * application_data (RFC 8446 §5.2) */
    if (t->version == TLS_V13 && m->sealed) {
        fputs("<span class=\"secret-name\">", f);
        esc_xml_puts(f, m->name);
        fputs("</span><span class=\"eve-name\">application_data record</span>", f);
    } else {
        esc_xml_puts(f, m->name);
    }
}

void html_message(FILE *f, const trace *t, const trace_msg *m)
{
    bool alert = m->content_type == CT_ALERT;
    fprintf(f, "<article class=\"msg from-%s%s\" id=\"msg-%d\">\n<details open><summary>",
            party_name(m->from), alert ? " alert" : "", m->seq);
    fprintf(f, "#%d ", m->seq);
    if (alert)
        fputs("<span class=\"flag\">ALERT</span> ", f);
    msg_name(f, t, m);
    fprintf(f, " <span class=\"dir\">%s &#8594; %s, %zu bytes on the wire, %s record%s</span>",
            party_name(m->from), render_peer(m->from), m->record_len,
            rec_type_name(m->record_len ? m->record[0] : m->content_type),
            m->sealed ? ", encrypted" : "");
    if (m->tampered)
        fputs(" <span class=\"flag\">CHANGED IN FLIGHT</span>", f);
    fputs("</summary>\n", f);
    if (m->record_note[0]) {
        fputs("<p>", f);
        esc_xml_puts(f, m->record_note);
        fputs(".</p>\n", f);
    }
    if (m->tampered)
        fprintf(f, "<p class=\"bad\">An attacker changed this record in flight: the %s wrote "
                   "%zu bytes, the %s received the %zu below%s.</p>\n",
                party_name(m->from), m->sent_len, render_peer(m->from), m->record_len,
                m->sealed ? ", which do not decrypt" : "");

    /* the record: what anyone on the wire saw */
    fprintf(f, "<details class=\"fld\" open><summary><span class=\"fname\">The record on the "
               "wire</span> <span class=\"k k-public\">[public]</span> <span class=\"rfc\">(%zu "
               "bytes, %s)</span></summary>\n",
            m->record_len, t->version == TLS_V13 ? "RFC 8446 §5.1" : "RFC 5246 §6.2");
    html_hex_dump(f, m->record, m->record_len);
    field_tree(f, t, m, m->record, m->record_len, m->rec_spans, m->n_rec_spans);
    fputs("</details>\n", f);

    /* the message itself, when the record tree did not show it already */
    if (m->sealed || m->record_note[0]) {
        const char *who = m->sealed ? "k-both secret" : "k-public";
        fprintf(f, "<div class=\"plain %s\">\n<details class=\"fld\" open><summary>"
                   "<span class=\"fname\">The %s</span> <span class=\"k %s\">[%s]</span> "
                   "<span class=\"rfc\">(%zu bytes, ", who,
                m->sealed ? "message inside the encryption" : "message", m->sealed ? "k-both" : "k-public",
                m->sealed ? "client+server" : "public", m->plain_len);
        esc_xml_puts(f, msg_rfc(m->content_type, m->content_type == CT_HANDSHAKE && m->plain_len
                                                     ? m->plain[0] : 0, t->version));
        fputs(")</span></summary>\n", f);
        if (m->sealed)
            fputs("<p>Only the two endpoints can read these bytes: the record is sealed with "
                  "a key that only they derived.</p>\n", f);
        html_hex_dump(f, m->plain, m->plain_len);
        field_tree(f, t, m, m->plain, m->plain_len, m->spans, m->n_spans);
        fputs("</details>\n</div>\n", f);
        if (m->sealed)
            fputs("<p class=\"eve-note\">The eavesdropper sees only the record above: "
                  "ciphertext and a tag.</p>\n", f);
    }
    fputs("</details>\n</article>\n", f);
}
