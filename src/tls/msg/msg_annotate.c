/* msg_annotate.c — names the fields of any message by its content type, for
 * the views: each parser run with a span list.
 */
#include "tls/msg/msg.h"

#include "tls/record.h"

/* The TLS 1.3 forms of the messages both versions name alike (RFC 8446
 * §4.3, §4.4, §4.6.1); ERR_HS_UNEXPECTED for one that has no 1.3 form. */
static err_t annotate13(uint8_t type, rd *r, spans *sp)
{
    switch (type) {
    case HT_ENCRYPTED_EXTENSIONS: {
        msg_encrypted_ext m;
        return msg13_encrypted_ext_parse(r, &m, MSG_EXT_SET_ALL, sp);
    }
    case HT_CERTIFICATE_REQUEST: { msg13_cert_request m; return msg13_cert_request_parse(r, &m, sp); }
    case HT_CERTIFICATE: { msg13_certificate m; return msg13_certificate_parse(r, &m, sp); }
    case HT_FINISHED: {
        uint8_t vd[MSG13_FINISHED_LEN];
        return msg_finished_parse(r, vd, sizeof vd, sp);
    }
    case HT_NEW_SESSION_TICKET: {
        uint32_t lifetime;
        return msg13_new_session_ticket_parse(r, &lifetime, sp);
    }
    default:
        return ERR_HS_UNEXPECTED;
    }
}

err_t msg_annotate(uint8_t content_type, const uint8_t *msg, size_t len, bool transport,
                   tls_version version, spans *sp)
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
    /* the hellos and CertificateVerify are laid out alike in both versions */
    if (version == TLS_V13 && type != HT_CLIENT_HELLO && type != HT_SERVER_HELLO &&
        type != HT_CERTIFICATE_VERIFY)
        return annotate13(type, &r, sp);
    switch (type) {
    case HT_CLIENT_HELLO: { msg_client_hello m; return msg_client_hello_parse(&r, &m, sp); }
    case HT_SERVER_HELLO: { msg_server_hello m; return msg_server_hello_parse(&r, &m, MSG_EXT_SET_ALL, sp); }
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
        return msg_finished_parse(&r, vd, sizeof vd, sp);
    }
    default:
        return ERR_HS_UNEXPECTED;
    }
}
