/* msg13_ee_cr.c — the two TLS 1.3 messages that are only extensions:
 * EncryptedExtensions (RFC 8446 §4.3.1) and CertificateRequest (§4.3.2).
 * Their extensions are the table's (msg_ext.c).
 *
 *   struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;
 *
 *   struct {
 *       opaque certificate_request_context<0..2^8-1>;
 *       Extension extensions<2..2^16-1>;
 *   } CertificateRequest;
 */
#include "tls/msg/msg.h"

#include <string.h>

void msg13_encrypted_ext_write(wr *w, const msg_encrypted_ext *m)
{
    wr_len hs;
    msg_hs_begin(w, HT_ENCRYPTED_EXTENSIONS, &hs);
    /* the table only reads the message it writes */
    msg_ext_msg e = { .in = MSG_EXT_IN_EE, .ee = (msg_encrypted_ext *)m };
    msg_ext_write(w, &e);
    msg_hs_end(w, &hs);
}

err_t msg13_encrypted_ext_parse(rd *r, msg_encrypted_ext *m, msg_ext_set offered, spans *sp)
{
    rd body;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_ENCRYPTED_EXTENSIONS, &body, sp));
    msg_ext_msg e = { .in = MSG_EXT_IN_EE, .ee = m };
    TRY(msg_ext_parse(&body, &e, offered, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg13_cert_request_write(wr *w, const msg13_cert_request *m)
{
    wr_len hs, l;
    msg_hs_begin(w, HT_CERTIFICATE_REQUEST, &hs);
    wr_begin(w, &l, 1);
    wr_bytes(w, m->context, m->context_len);
    wr_end(w, &l);
    msg_ext_msg e = { .in = MSG_EXT_IN_CR, .cr = (msg13_cert_request *)m };
    msg_ext_write(w, &e);
    msg_hs_end(w, &hs);
}

err_t msg13_cert_request_parse(rd *r, msg13_cert_request *m, spans *sp)
{
    rd body, ctx;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_CERTIFICATE_REQUEST, &body, sp));
    int s = sp_open(sp, &body, "certificate_request_context");
    CHECK(rd_vec8(&body, &ctx), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    m->context_len = (uint8_t)rd_left(&ctx);
    rd_copy(&ctx, m->context, m->context_len);
    msg_ext_msg e = { .in = MSG_EXT_IN_CR, .cr = m };
    TRY(msg_ext_parse(&body, &e, 0, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    /* §4.3.2: "The "signature_algorithms" extension MUST be specified";
     * §9.2: a mandatory extension that is missing is missing_extension */
    CHECK(m->has_sigalgs, ERR_HS_MISSING_EXT);
    return ERR_OK;
}
