/* tui_draw_sides.c — a failed handshake from both sides, in the detail
 * pane: the side that refused with its check and detail, the alert as it
 * crossed the wire, what the other side learns (the alert's number and name
 * only), and what an OpenSSL-based peer would log. The facts are
 * model/failure.h's; nothing is computed here. Shown under a selected
 * failed check, and at the failing step when nothing is selected. */
#include <stdio.h>
#include <string.h>

#include "model/failure.h"
#include "pki/x509.h"
#include "view/tui/tui_model.h"
#include "view/tui/tui_view.h"

static tui_style side_style(const tui_theme *th, party p, attr_t attr)
{
    return tui_st(th, p == PARTY_CLIENT ? ROLE_CLIENT : ROLE_SERVER, attr);
}

void tui_draw_sides(tui_view *v, tui_pw *pw)
{
    const tui_theme *th = &v->th;
    failure_sides s;
    if (!failure_sides_of(v->t, &s))
        return;
    tui_style key = tui_st(th, ROLE_TITLE, 0), plain = tui_st(th, ROLE_NORMAL, 0);
    char line[512];
    tui_pw_wrap(pw, 0, tui_st(th, ROLE_TITLE, A_BOLD), "both sides of the failure");

    snprintf(line, sizeof line, "the %s refused at step %d", party_name(s.rejecter), s.step);
    tui_pw_wrap(pw, 0, side_style(th, s.rejecter, A_BOLD), line);
    if (s.check) {
        tui_pw_put(pw, 2, key, "check");
        tui_pw_wrap(pw, 9, tui_st(th, ROLE_FAIL, 0), s.check->name);
        tui_pw_put(pw, 2, key, "why");
        tui_pw_wrap(pw, 9, plain, s.check->detail);
    } else {
        tui_pw_put(pw, 2, key, "why");
        tui_pw_wrap(pw, 9, plain, s.reason != ERR_OK ? err_str(s.reason)
                                                     : "held by the peer, not visible here");
    }
    snprintf(line, sizeof line, "fatal alert %s (%d)", alert_name(s.alert), s.alert);
    tui_pw_put(pw, 2, key, "sent");
    tui_pw_wrap(pw, 9, plain, line);

    if (s.msg) {
        char hex[3 * 32 + 8] = "";
        size_t n = s.msg->record_len < 32 ? s.msg->record_len : 32;
        for (size_t i = 0; i < n; i++)
            snprintf(hex + 3 * i, sizeof hex - 3 * i, "%02x ", s.msg->record[i]);
        hex[3 * n - 1] = '\0';
        snprintf(line, sizeof line, "%s%s (%s)", hex, n < s.msg->record_len ? " ..." : "",
                 s.sealed ? "encrypted: only the two sides can read the alert inside"
                          : "in the clear: level 2 fatal, then the description");
        tui_pw_wrap(pw, 0, key, "on the wire");
        tui_pw_wrap(pw, 2, tui_st(th, ROLE_WIRE, 0), line);
    }

    snprintf(line, sizeof line, "the %s sees", party_name(s.other));
    tui_pw_wrap(pw, 0, side_style(th, s.other, A_BOLD), line);
    snprintf(line, sizeof line, "alert %d %s, and nothing more: the check and its detail "
             "stay with the %s (RFC 5246 §7.2, RFC 8446 §6)", s.alert, alert_name(s.alert),
             party_name(s.rejecter));
    tui_pw_wrap(pw, 2, plain, line);

    /* each side checks against its own clock: both, as the trace has them */
    char c[40], sv[40];
    x509_time_str(v->t->clock[PARTY_CLIENT], c, sizeof c);
    x509_time_str(v->t->clock[PARTY_SERVER], sv, sizeof sv);
    snprintf(line, sizeof line, "clocks: the client's %s, the server's %s", c, sv);
    tui_pw_wrap(pw, 0, key, line);

    if (s.openssl) {
        snprintf(line, sizeof line, "an OpenSSL-based %s logs %s (%d) \"%s\" and sends %s (%d)",
                 party_name(s.rejecter), s.openssl->name, s.openssl->number, s.openssl->text,
                 alert_name(s.openssl->alert), s.openssl->alert);
        tui_pw_wrap(pw, 0, tui_st(th, ROLE_DIM, 0), line);
    }
}
