/* msg_ccs_alert.c — the two content types that are not handshake messages
 * and not application data: ChangeCipherSpec (RFC 5246 §7.1) and Alert (§7.2).
 *
 *   struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;
 *   struct { AlertLevel level; AlertDescription description; } Alert;
 */
#include "tls/msg/msg.h"

err_t msg_ccs_parse(rd *r, spans *sp)
{
    uint8_t v;
    int s = sp_open(sp, r, "type (change_cipher_spec)");
    CHECK(rd_u8(r, &v), ERR_TRUNCATED);
    sp_close(sp, s, r);
    CHECK(v == 1, ERR_HS_ILLEGAL_PARAM);
    CHECK(rd_empty(r), ERR_TRAILING);
    return ERR_OK;
}

err_t msg_alert_parse(rd *r, uint8_t *level, uint8_t *desc, spans *sp)
{
    int s = sp_open(sp, r, "level");
    CHECK(rd_u8(r, level), ERR_TRUNCATED);
    sp_close(sp, s, r);
    s = sp_open(sp, r, "description");
    CHECK(rd_u8(r, desc), ERR_TRUNCATED);
    sp_close(sp, s, r);
    CHECK(*level == 1 || *level == 2, ERR_HS_ILLEGAL_PARAM);
    CHECK(rd_empty(r), ERR_TRAILING);
    return ERR_OK;
}
