/* msg_finished.c — the handshake header (RFC 5246 §7.4), ServerHelloDone
 * (§7.4.5), Finished (§7.4.9), ChangeCipherSpec (§7.1), Alert (§7.2), and the
 * annotation of any message by content type.
 *
 *   struct { HandshakeType msg_type; uint24 length; body } Handshake;
 *   struct { } ServerHelloDone;
 *   struct { opaque verify_data[verify_data_length]; } Finished;
 *   struct { enum { change_cipher_spec(1), (255) } type; } ChangeCipherSpec;
 *   struct { AlertLevel level; AlertDescription description; } Alert;
 */
#include "tls/msg/msg.h"

#include "tls/record.h"

const char *msg_type_name(uint8_t type)
{
    switch (type) {
    case HT_CLIENT_HELLO: return "ClientHello";
    case HT_SERVER_HELLO: return "ServerHello";
    case HT_CERTIFICATE: return "Certificate";
    case HT_SERVER_KEY_EXCHANGE: return "ServerKeyExchange";
    case HT_CERTIFICATE_REQUEST: return "CertificateRequest";
    case HT_SERVER_HELLO_DONE: return "ServerHelloDone";
    case HT_CERTIFICATE_VERIFY: return "CertificateVerify";
    case HT_CLIENT_KEY_EXCHANGE: return "ClientKeyExchange";
    case HT_FINISHED: return "Finished";
    default: return "unknown";
    }
}

const char *msg_suite_name(uint16_t suite)
{
    switch (suite) {
    case CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256:
        return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
    case CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256:
        return "SIM_X25519_SEAL_WITH_CHACHA20_POLY1305_SHA256 (simulation only)";
    case CS_RSA_WITH_RC4_128_SHA: return "TLS_RSA_WITH_RC4_128_SHA (obsolete)";
    case CS_RSA_WITH_3DES_EDE_CBC_SHA: return "TLS_RSA_WITH_3DES_EDE_CBC_SHA (obsolete)";
    default: return "unknown suite";
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

void msg_finished_write(wr *w, const uint8_t verify_data[KS_VERIFY_DATA_LEN])
{
    wr_len hs;
    msg_hs_begin(w, HT_FINISHED, &hs);
    wr_bytes(w, verify_data, KS_VERIFY_DATA_LEN);
    msg_hs_end(w, &hs);
}

err_t msg_finished_parse(rd *r, uint8_t verify_data[KS_VERIFY_DATA_LEN], spans *sp)
{
    rd body;
    TRY(msg_hs_open(r, HT_FINISHED, &body, sp));
    int s = sp_open(sp, &body, "verify_data");
    CHECK(rd_copy(&body, verify_data, KS_VERIFY_DATA_LEN), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

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

err_t msg_annotate(uint8_t content_type, const uint8_t *msg, size_t len, bool transport,
                   spans *sp)
{
    rd r;
    rd_init(&r, msg, len);
    switch (content_type) {
    case CT_CHANGE_CIPHER_SPEC:
        return msg_ccs_parse(&r, sp);
    case CT_ALERT: {
        uint8_t level, desc;
        return msg_alert_parse(&r, &level, &desc, sp);
    }
    case CT_APPLICATION_DATA:
        sp_add(sp, 0, (uint32_t)len, "application data");
        return ERR_OK;
    case CT_HANDSHAKE:
        break;
    default:
        return ERR_RECORD_TYPE;
    }
    uint8_t type;
    TRY(msg_hs_peek(msg, len, &type));
    switch (type) {
    case HT_CLIENT_HELLO: { msg_client_hello m; return msg_client_hello_parse(&r, &m, sp); }
    case HT_SERVER_HELLO: { msg_server_hello m; return msg_server_hello_parse(&r, &m, sp); }
    case HT_CERTIFICATE: { msg_certificate m; return msg_certificate_parse(&r, &m, sp); }
    case HT_SERVER_KEY_EXCHANGE: { msg_server_kx m; return msg_server_kx_parse(&r, &m, sp); }
    case HT_CERTIFICATE_REQUEST: { msg_cert_request m; return msg_cert_request_parse(&r, &m, sp); }
    case HT_SERVER_HELLO_DONE: return msg_server_hello_done_parse(&r, sp);
    case HT_CLIENT_KEY_EXCHANGE: {
        msg_client_kx m;
        return msg_client_kx_parse(&r, transport, &m, sp);
    }
    case HT_CERTIFICATE_VERIFY: { msg_cert_verify m; return msg_cert_verify_parse(&r, &m, sp); }
    case HT_FINISHED: {
        uint8_t vd[KS_VERIFY_DATA_LEN];
        return msg_finished_parse(&r, vd, sp);
    }
    default:
        return ERR_HS_UNEXPECTED;
    }
}
