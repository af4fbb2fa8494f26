/* render_html_values.c — a step's values and checks on the web page. A
 * value says who knows it (a colour and a word), its bytes, how it was
 * made and from what (each input a link to where it was made), and, when
 * both sides computed it, whether their copies agree. What the
 * eavesdropper cannot read is marked "secret" (blurred in her view). */
#include "view/batch/render_html_int.h"

#include <sodium.h>
#include <string.h>

bool html_value_here(const trace *t, const char *id, size_t len)
{
    for (size_t i = 0; i < t->n_values; i++)
        if (strlen(t->values[i].id) == len && !memcmp(t->values[i].id, id, len))
            return trace_value_bytes(&t->values[i], &(size_t){ 0 }) != NULL;
    return false;
}

static void inputs(FILE *f, const trace *t, const char *list)
{
    if (!*list)
        return;
    fputs("<p>Made from: ", f);
    bool first = true;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        if (n) {
            fputs(first ? "" : ", ", f);
            first = false;
            if (html_value_here(t, p, n)) {
                fputs("<a href=\"#v-", f);
                esc_xml(f, p, n);
                fputs("\"><code>", f);
                esc_xml(f, p, n);
                fputs("</code></a>", f);
            } else {
                /* made on the other side or not in this run: no target */
                fputs("<code>", f);
                esc_xml(f, p, n);
                fputs("</code> (not shown in this run)", f);
            }
        }
        p += n;
        if (*p == ',')
            p++;
    }
    fputs("</p>\n", f);
}

/* The bytes; `secret` (the eavesdropper cannot read them) blurs them in
 * her view. The name, formula and inputs stay: how a secret is made is
 * public (the RFCs); only its bytes are not. */
static void bytes(FILE *f, const trace_value *v, const uint8_t *b, size_t n, bool secret)
{
    const char *cls = secret ? " secret" : "";
    if (trace_value_is_text(v)) {
        /* text for people: one line, CR and LF as \r \n; escaped for HTML */
        char text[2 * HS_APP_MAX + 8];
        trace_text_escape(b, n, text, sizeof text);
        fprintf(f, "<p class=\"text%s\">Text: <code>&quot;", cls);
        esc_xml_puts(f, text);
        fputs("&quot;</code></p>\n", f);
        sodium_memzero(text, sizeof text);
    }
    fprintf(f, "<p class=\"hex%s\">", cls);
    html_hex(f, b, n);
    fputs("</p>\n", f);
}

static void value(FILE *f, const trace *t, const trace_value *v)
{
    size_t n;
    const uint8_t *b = trace_value_bytes(v, &n);
    if (!b)
        return;
    bool secret = !(v->know & KNOW_PUBLIC);
    fprintf(f, "<article class=\"val %s\" id=\"v-", html_know_class(v->know));
    esc_xml_puts(f, v->id);
    fputs("\">\n<h4><code>", f);
    esc_xml_puts(f, v->id);
    fputs("</code> ", f);
    html_knowers(f, v->know);
    fprintf(f, " <span class=\"rfc\">%zu bytes</span></h4>\n<p>", n);
    esc_xml_puts(f, v->label ? v->label : v->id);
    fputs("</p>\n", f);
    bytes(f, v, b, n, secret);
    fputs("<p>How: ", f);
    esc_xml_puts(f, v->how);
    fputs("</p>\n", f);
    inputs(f, t, v->inputs);
    if (v->copy[0] && v->copy[1] && secret)
        fprintf(f, "<p>The client and the server computed it separately: <span class=\"%s\">%s"
                   "</span>.</p>\n", trace_value_match(v) ? "ok" : "bad",
                trace_value_match(v) ? "the copies match" : "THE COPIES DIFFER");
    if (trace_peer_copy_hidden(t, v))
        fprintf(f, "<p>The %s's copy: held by the peer, not visible here.</p>\n",
                party_name(party_peer(t->self)));
    fputs("</article>\n", f);
}

void html_values(FILE *f, const trace *t, int step)
{
    bool hdr = false;
    for (size_t i = 0; i < t->n_values; i++) {
        const trace_value *v = &t->values[i];
        size_t n;
        if (v->step != step || !trace_value_bytes(v, &n))
            continue;
        if (!hdr)
            fputs("<h3>Values</h3>\n", f);
        hdr = true;
        value(f, t, v);
    }
    value_id hidden[4];
    size_t nh = trace_peer_secrets(t, step, hidden, 4);
    for (size_t i = 0; i < nh && i < 4; i++) {
        if (!hdr)
            fputs("<h3>Values</h3>\n", f);
        hdr = true;
        fprintf(f, "<p><code>%s</code> <span class=\"k k-%s\">[%s]</span> held by the peer, not "
                   "visible here.</p>\n", values_row(hidden[i])->id,
                party_name(party_peer(t->self)), party_name(party_peer(t->self)));
    }
}

void html_checks(FILE *f, const trace *t, int step)
{
    bool hdr = false;
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        if (c->step != step)
            continue;
        if (!hdr)
            fputs("<h3>Checks</h3>\n<ul class=\"checks\">\n", f);
        hdr = true;
        bool ok = c->result == ERR_OK;
        fprintf(f, "<li id=\"check-%zu\"><span class=\"k k-%s\">[%s]</span> <span class=\"%s\">%s"
                   "</span> ", i + 1, party_name(c->who), party_name(c->who), ok ? "ok" : "bad",
                ok ? "passed" : "FAILED");
        esc_xml_puts(f, c->name);
        fputs(": ", f);
        esc_xml_puts(f, c->detail); /* it quotes the peer's certificate */
        if (!ok) {
            fputs(" (", f);
            esc_xml_puts(f, err_str(c->result));
            fputc(')', f);
        }
        fputs("</li>\n", f);
    }
    if (hdr)
        fputs("</ul>\n", f);
}

bool html_live_secret(const trace *t, const char *s, size_t n)
{
    /* a shortened value ends in an ellipsis; what is before it is a prefix */
    if (n >= 3 && !memcmp(s + n - 3, "\xe2\x80\xa6", 3))
        n -= 3;
    else if (n >= 3 && !memcmp(s + n - 3, "...", 3))
        n -= 3;
    if (n < 8)
        return false; /* too short to tell a value from a number or a word */
    bool hex = true;
    for (size_t i = 0; i < n && hex; i++)
        hex = (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f');
    char buf[2 * HS_APP_MAX + 8];
    bool found = false;
    for (size_t i = 0; i < t->n_values && !found; i++) {
        const trace_value *v = &t->values[i];
        size_t len;
        const uint8_t *b = trace_value_bytes(v, &len);
        if (!b || (v->know & KNOW_PUBLIC))
            continue;
        size_t k;
        if (hex && len * 2 >= n && n / 2 < sizeof buf / 2) {
            /* the first n hex digits of the value */
            static const char d[] = "0123456789abcdef";
            for (k = 0; k < n; k++)
                buf[k] = d[(k % 2 ? b[k / 2] : b[k / 2] >> 4) & 15];
            found = !memcmp(buf, s, n);
        } else if (!hex && trace_value_is_text(v)) {
            k = trace_text_escape(b, len, buf, sizeof buf);
            found = k >= n && !memcmp(buf, s, n);
        }
    }
    sodium_memzero(buf, sizeof buf);
    return found;
}
