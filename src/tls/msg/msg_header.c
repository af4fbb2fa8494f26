/* msg_header.c — the header every handshake message starts with (RFC 5246
 * §7.4), and the names of message types and cipher suites.
 *
 *   struct { HandshakeType msg_type; uint24 length; body } Handshake;
 */
#include "tls/msg/msg.h"

const char *msg_type_name(uint8_t type)
{
    switch (type) {
    case HT_HELLO_REQUEST: return "HelloRequest";
    case HT_CLIENT_HELLO: return "ClientHello";
    case HT_SERVER_HELLO: return "ServerHello";
    case HT_NEW_SESSION_TICKET: return "NewSessionTicket";
    case HT_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
    case HT_CERTIFICATE: return "Certificate";
    case HT_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case HT_CERTIFICATE_REQUEST: return "CertificateRequest";
    case HT_SERVER_HELLO_DONE: return "ServerHelloDone";
    case HT_CERTIFICATE_VERIFY: return "CertificateVerify";
    case HT_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case HT_FINISHED: return "Finished";
    case HT_KEY_UPDATE: return "KeyUpdate";
    default: return "unknown";
    }
}

void msg_hs_begin(wr *w, uint8_t type, wr_len *l)
{
    wr_u8(w, type);
    wr_begin(w, l, 3);
}

void msg_hs_end(wr *w, const wr_len *l) { wr_end(w, l); }

err_t msg_hs_peek(const uint8_t *msg, size_t len, uint8_t *type)
{
    CHECK(len >= HS_HEADER_LEN, ERR_TRUNCATED);
    *type = msg[0];
    return ERR_OK;
}

err_t msg_hs_open(rd *r, uint8_t type, rd *body, spans *sp)
{
    uint8_t t;
    int s = sp_open(sp, r, "handshake header");
    int st = sp_open(sp, r, "msg_type");
    CHECK(rd_u8(r, &t), ERR_TRUNCATED);
    sp_close(sp, st, r);
    int sl = sp_open(sp, r, "length");
    CHECK(t == type, ERR_HS_UNEXPECTED);
    CHECK(rd_vec24(r, body), ERR_TRUNCATED);
    /* the length covers the body: close the header span before it */
    sp_close(sp, sl, body);
    sp_close(sp, s, body);
    CHECK(rd_empty(r), ERR_TRAILING);
    return ERR_OK;
}

err_t msg_u16_list_parse(rd *r, uint16_t *out, size_t *n, spans *sp, const char *name)
{
    rd list;
    int s = sp_open(sp, r, name);
    CHECK(rd_vec16(r, &list), ERR_TRUNCATED);
    CHECK(rd_left(&list) >= 2 && rd_left(&list) % 2 == 0, ERR_HS_ILLEGAL_PARAM);
    *n = 0;
    while (!rd_empty(&list)) {
        uint16_t v;
        CHECK(rd_u16(&list, &v), ERR_TRUNCATED);
        if (*n < MSG_LIST_MAX) /* more than we keep is legal; the rest is ignored */
            out[(*n)++] = v;
    }
    sp_close(sp, s, r);
    return ERR_OK;
}

bool msg_u16_has(const uint16_t *v, size_t n, uint16_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x)
            return true;
    return false;
}
