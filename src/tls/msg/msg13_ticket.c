/* msg13_ticket.c — NewSessionTicket (RFC 8446 §4.6.1), which a TLS 1.3
 * server may send at any time after it has received the client's Finished.
 * This client does not resume sessions, so it only checks the message is
 * well formed and keeps nothing of it.
 *
 *   struct {
 *       uint32 ticket_lifetime;
 *       uint32 ticket_age_add;
 *       opaque ticket_nonce<0..255>;
 *       opaque ticket<1..2^16-1>;
 *       Extension extensions<0..2^16-2>;
 *   } NewSessionTicket;
 */
#include "tls/msg/msg.h"

err_t msg13_new_session_ticket_parse(rd *r, uint32_t *lifetime, spans *sp)
{
    rd body, v;
    uint32_t age_add;
    TRY(msg_hs_open(r, HT_NEW_SESSION_TICKET, &body, sp));
    int s = sp_open(sp, &body, "ticket_lifetime");
    CHECK(rd_u32(&body, lifetime), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    /* §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds" */
    CHECK(*lifetime <= 604800, ERR_HS_ILLEGAL_PARAM);
    s = sp_open(sp, &body, "ticket_age_add");
    CHECK(rd_u32(&body, &age_add), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "ticket_nonce");
    CHECK(rd_vec8(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "ticket");
    CHECK(rd_vec16(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(rd_left(&v) >= 1, ERR_TRUNCATED); /* ticket<1..2^16-1>: decode_error (§6.2) */
    s = sp_open(sp, &body, "extensions");
    CHECK(rd_vec16(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
