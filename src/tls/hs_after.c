/* hs_after.c — what a real peer sends once the handshake is over.
 *
 * When this side has finished (its data sent, the peer's read) it queues
 * its close_notify (hs_close_notify) and then reads the peer's last records
 * until the peer's own close_notify, its alert, or the end of the stream:
 * RFC 5246 §7.2.1 has the peer answer a close_notify with its own, and RFC
 * 8446 §6.1 lets it send more data first (a half-closed connection). Each
 * message is reported as the peer's, in step 7, with a check where there is
 * something to decide. None of it makes the handshake fail: it had
 * completed, and this side sends nothing more, so a message it cannot
 * follow only stops the reading.
 */
#include "tls/hs.h"

#include <stdio.h>
#include <string.h>

bool hs_reads_after(const hs *h) { return h->done && !h->failed && h->closing && !h->after_end; }

static const char *peer_name(const hs *h) { return party_name(party_peer(h->role)); }

static void report(hs *h, uint8_t type, const char *name, const uint8_t *msg, size_t n)
{
    hs_msg_report rep = { false, HS_STEPS, name, type, msg, n,
                          { hsio_read_first(&h->io), h->io.rx_records - 1, 0 } };
    if (h->obs.message)
        h->obs.message(h->obs.ctx, h->role, &rep);
}

static err_t after_alert(hs *h, const uint8_t *msg, size_t n)
{
    uint8_t level = 0, desc = 0;
    rd r;
    char detail[192];
    rd_init(&r, msg, n);
    report(h, CT_ALERT, "Alert", msg, n);
    if (msg_alert_parse(&r, &level, &desc, NULL) != ERR_OK) {
        h->after_end = true;
        return hs_check_at(h, CHK_PEER_CLOSURE, HS_STEPS, NULL, ERR_HS_ILLEGAL_PARAM,
                           "the peer's alert after the handshake does not decode");
    }
    if (desc == ALERT_close_notify) {
        h->after_end = true;
        h->peer_close_notify = true;
        snprintf(detail, sizeof detail, "the %s closed its side of the connection; %zu bytes "
                 "of application data came after the handshake", peer_name(h), h->after_app_len);
        return hs_check_at(h, CHK_PEER_CLOSURE, HS_STEPS, NULL, ERR_OK, detail);
    }
    /* a warning (no_renegotiation, user_canceled) leaves the connection
     * open (RFC 5246 §7.2); a fatal alert ends it */
    h->after_alert = desc;
    snprintf(detail, sizeof detail, "the %s sent the %s alert %s (%d) instead of close_notify",
             peer_name(h), level == 1 ? "warning" : "fatal", alert_name(desc), desc);
    if (level == 1)
        return hs_check_at(h, CHK_AFTER_MESSAGE, HS_STEPS, NULL, ERR_OK, detail);
    h->after_end = true;
    return hs_check_at(h, CHK_PEER_CLOSURE, HS_STEPS, NULL, ERR_HS_ALERT, detail);
}

static err_t after_handshake_msg(hs *h, const uint8_t *msg, size_t n)
{
    uint8_t t;
    char detail[192];
    bool v13 = h->cfg->version == TLS_V13;
    if (msg_hs_peek(msg, n, &t) != ERR_OK) {
        report(h, CT_HANDSHAKE, "Handshake", msg, n);
        h->after_end = true;
        return hs_check_at(h, CHK_AFTER_MESSAGE, HS_STEPS, NULL, ERR_TRUNCATED,
                           "a handshake message that does not decode");
    }
    report(h, CT_HANDSHAKE, msg_type_name(t), msg, n);
    /* RFC 8446 §4.6.1: a ticket may come at any time; nothing is kept */
    if (v13 && h->role == PARTY_CLIENT && t == HT_NEW_SESSION_TICKET) {
        rd r;
        uint32_t lifetime = 0;
        rd_init(&r, msg, n);
        err_t e = msg13_new_session_ticket_parse(&r, &lifetime, NULL);
        snprintf(detail, sizeof detail, "a ticket for %lu s, not kept: this client does not "
                 "resume sessions", (unsigned long)lifetime);
        return hs_check_at(h, CHK13_TICKET, HS_STEPS, NULL, e, e == ERR_OK ? detail : err_str(e));
    }
    /* TLS 1.2: the peer asks to renegotiate (RFC 5246 §7.4.1.1) */
    if (!v13 && t == (h->role == PARTY_CLIENT ? HT_HELLO_REQUEST : HT_CLIENT_HELLO))
        return hs_refuse_renegotiation(h, msg_type_name(t), HS_STEPS);
    /* A KeyUpdate changes the keys of what follows (RFC 8446 §4.6.3), which
     * this side does not follow; anything else has no place here */
    h->after_end = true;
    snprintf(detail, sizeof detail, "a %s (type %u) after the handshake: %s", msg_type_name(t),
             t, v13 && t == HT_KEY_UPDATE
             ? "this side does not update its keys, so it reads nothing after it"
             : "not a message this side takes here; it reads nothing more");
    return hs_check_at(h, CHK_AFTER_MESSAGE, HS_STEPS, NULL,
                       v13 && t == HT_KEY_UPDATE ? ERR_OK : ERR_HS_UNEXPECTED, detail);
}

err_t hs_after_msg(hs *h, uint8_t type, const uint8_t *msg, size_t n)
{
    switch (type) {
    case CT_ALERT:
        (void)after_alert(h, msg, n);
        return ERR_OK;
    case CT_APPLICATION_DATA:
        /* its plaintext is in the message report: the trace shows it */
        h->after_app_len += n;
        report(h, CT_APPLICATION_DATA, "Application data", msg, n);
        return ERR_OK;
    case CT_HANDSHAKE:
        (void)after_handshake_msg(h, msg, n);
        return ERR_OK;
    default:
        report(h, type, rec_type_name(type), msg, n);
        h->after_end = true;
        (void)hs_check_at(h, CHK_AFTER_MESSAGE, HS_STEPS, NULL, ERR_HS_UNEXPECTED,
                          "a ChangeCipherSpec after the handshake: this side reads nothing more");
        return ERR_OK;
    }
}

void hs_after_eof(hs *h)
{
    h->after_end = true;
    char detail[192];
    snprintf(detail, sizeof detail, "the %s closed the connection without a close_notify: "
             "its data could have been cut short (the handshake itself had completed)",
             peer_name(h));
    (void)hs_check_at(h, CHK_PEER_CLOSURE, HS_STEPS, NULL, ERR_TRUNCATED, detail);
}
