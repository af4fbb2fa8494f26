/* msg_finished.c — the two messages that close a flight: ServerHelloDone
 * (RFC 5246 §7.4.5) and Finished (§7.4.9).
 *
 *   struct { } ServerHelloDone;
 *   struct { opaque verify_data[verify_data_length]; } Finished;
 */
#include "tls/msg/msg.h"

void msg_server_hello_done_write(wr *w)
{
    wr_len hs;
    msg_hs_begin(w, HT_SERVER_HELLO_DONE, &hs);
    msg_hs_end(w, &hs);
}

err_t msg_server_hello_done_parse(rd *r, spans *sp)
{
    rd body;
    TRY(msg_hs_open(r, HT_SERVER_HELLO_DONE, &body, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_finished_write(wr *w, const uint8_t *verify_data, size_t len)
{
    wr_len hs;
    msg_hs_begin(w, HT_FINISHED, &hs);
    wr_bytes(w, verify_data, len);
    msg_hs_end(w, &hs);
}

err_t msg_finished_parse(rd *r, uint8_t *verify_data, size_t len, spans *sp)
{
    rd body;
    TRY(msg_hs_open(r, HT_FINISHED, &body, sp));
    int s = sp_open(sp, &body, "verify_data");
    CHECK(rd_copy(&body, verify_data, len), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
