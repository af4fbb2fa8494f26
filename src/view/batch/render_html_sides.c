/* render_html_sides.c — on the web page, a failed handshake from both
 * sides (model/failure.h): the side that refused knows its check and its
 * reason; the other side learns the alert's number and name and nothing
 * more (RFC 5246 §7.2, RFC 8446 §6); and what an OpenSSL-based peer would
 * log for the same fault. Two columns, each with its knower's colour and
 * word. */
#include "view/batch/render_html_int.h"

#include "model/failure.h"

bool html_sides(FILE *f, const trace *t)
{
    failure_sides s;
    if (!failure_sides_of(t, &s))
        return false;
    const char *rej = party_name(s.rejecter), *oth = party_name(s.other);
    unsigned krej = s.rejecter == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER;
    unsigned koth = s.other == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER;
    fputs("<h3>Both sides of the failure</h3>\n<div class=\"cols sides\">\n", f);
    fprintf(f, "<div class=\"val %s\">\n<h4>The %s refused ", html_know_class(krej), rej);
    html_knowers(f, krej);
    fprintf(f, "</h4>\n<p>At step %d (", s.step);
    esc_xml_puts(f, trace_step_title(t, s.step));
    fputs(").</p>\n", f);
    if (s.check) {
        fprintf(f, "<p>Its check (<a href=\"#check-%td\">in step %d</a>): ",
                s.check - t->checks + 1, s.check->step);
        esc_xml_puts(f, s.check->name);
        fputs(" <span class=\"bad\">FAILED</span>: ", f);
        esc_xml_puts(f, s.check->detail); /* it quotes the peer's certificate */
        fputs(" (", f);
        esc_xml_puts(f, err_str(s.check->result));
        fputs(").</p>\n", f);
    } else if (s.reason != ERR_OK) {
        fputs("<p>Its reason: ", f);
        esc_xml_puts(f, err_str(s.reason));
        fputs(".</p>\n", f);
    } else {
        fputs("<p>Its reason: held by the peer, not visible here.</p>\n", f);
    }
    fprintf(f, "<p>It sent the fatal alert %s (%d)", alert_name(s.alert), s.alert);
    if (s.msg)
        fprintf(f, ", <a href=\"#msg-%d\">#%d</a> on the wire, %s", s.msg->seq, s.msg->seq,
                s.sealed ? "encrypted: an onlooker sees only that a record passed"
                         : "in the clear: anyone watching reads level and description");
    fputs(".</p>\n", f);
    if (s.openssl) {
        fprintf(f, "<p>An OpenSSL-based %s would log %s (%d) &quot;", rej, s.openssl->name,
                s.openssl->number);
        esc_xml_puts(f, s.openssl->text);
        fprintf(f, "&quot; and send %s (%d)", alert_name(s.openssl->alert), s.openssl->alert);
        if (s.openssl->note[0]) {
            fputs("; ", f);
            esc_xml_puts(f, s.openssl->note);
        }
        fputs(".</p>\n", f);
    }
    fprintf(f, "</div>\n<div class=\"val %s\">\n<h4>The %s sees ", html_know_class(koth), oth);
    html_knowers(f, koth);
    fputs("</h4>\n", f);
    if (s.other_received || !t->one_side)
        fprintf(f, "<p>Alert %d %s, and nothing more: the check, its detail and the %s's clock "
                   "stay with the %s (RFC 5246 §7.2, RFC 8446 §6).</p>\n",
                s.alert, alert_name(s.alert), rej, rej);
    else
        fprintf(f, "<p>Alert %d %s (the peer: held by the peer, not visible here).</p>\n",
                s.alert, alert_name(s.alert));
    if (s.openssl)
        fprintf(f, "<p>An OpenSSL-based %s would report only the alert it received "
                   "(&quot;SSL alert number %d&quot;).</p>\n", oth, s.alert);
    fputs("</div>\n</div>\n", f);
    return true;
}
