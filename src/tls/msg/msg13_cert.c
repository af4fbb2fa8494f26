/* msg13_cert.c — the TLS 1.3 Certificate (RFC 8446 §4.4.2), the content a
 * CertificateVerify signs (§4.4.3); Finished, 32 bytes here (§4.4.4), is msg_finished.c's.
 *
 *   struct {
 *       select (certificate_type) {
 *           case X509: opaque cert_data<1..2^24-1>;
 *       };
 *       Extension extensions<0..2^16-1>;
 *   } CertificateEntry;
 *
 *   struct {
 *       opaque certificate_request_context<0..2^8-1>;
 *       CertificateEntry certificate_list<0..2^24-1>;
 *   } Certificate;
 *
 *
 * CertificateVerify itself is laid out as in TLS 1.2 (a SignatureScheme and
 * a signature<0..2^16-1>): msg_cert_verify_write/parse (msg_kx.c).
 */
#include "tls/msg/msg.h"

#include <string.h>

void msg13_certificate_write(wr *w, const uint8_t *context, uint8_t context_len,
                             const uint8_t *const *der, const size_t *der_len, size_t n)
{
    wr_len hs, l, list, one;
    msg_hs_begin(w, HT_CERTIFICATE, &hs);
    wr_begin(w, &l, 1);
    wr_bytes(w, context, context_len);
    wr_end(w, &l);
    wr_begin(w, &list, 3);
    for (size_t i = 0; i < n; i++) {
        wr_begin(w, &one, 3);
        wr_bytes(w, der[i], der_len[i]);
        wr_end(w, &one);
        wr_u16(w, 0); /* extensions: none (no OCSP, no SCT) */
    }
    wr_end(w, &list);
    msg_hs_end(w, &hs);
}

err_t msg13_certificate_parse(rd *r, msg13_certificate *m, spans *sp)
{
    rd body, ctx, list;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_CERTIFICATE, &body, sp));
    int s = sp_open(sp, &body, "certificate_request_context");
    CHECK(rd_vec8(&body, &ctx), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    m->context_len = (uint8_t)rd_left(&ctx);
    rd_copy(&ctx, m->context, m->context_len);

    msg_certificate *c = &m->chain;
    s = sp_open(sp, &body, "certificate_list");
    int sl = sp_open(sp, &body, "certificate_list length");
    CHECK(rd_vec24(&body, &list), ERR_TRUNCATED);
    sp_close(sp, sl, &list);
    while (!rd_empty(&list)) {
        rd cert;
        int se = sp_openf(sp, &list, "CertificateEntry[%zu]", c->n);
        sl = sp_open(sp, &list, "cert_data length");
        CHECK(rd_vec24(&list, &cert), ERR_TRUNCATED);
        sp_close(sp, sl, &cert);
        CHECK(rd_left(&cert) >= 1, ERR_HS_ILLEGAL_PARAM);
        CHECK(c->n < MSG_CHAIN_MAX, ERR_HS_ILLEGAL_PARAM);
        c->der[c->n] = cert.p;
        c->der_len[c->n] = rd_left(&cert);
        if (sp) {
            /* annotation only, as in TLS 1.2: the receiver verifies it */
            x509_cert x;
            rd inner = cert;
            (void)x509_parse_rd(&inner, &x, sp);
        }
        /* the entry's extensions block is not optional */
        CHECK(rd_left(&list) >= 2, ERR_TRUNCATED);
        msg_ext_msg e = { .in = MSG_EXT_IN_CT };
        TRY(msg_ext_parse(&list, &e, 0, sp));
        c->n++;
        sp_close(sp, se, &list);
    }
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

size_t msg13_cert_verify_content(bool server, const uint8_t th[KS_HASH_LEN],
                                 uint8_t out[MSG13_CV_CONTENT_LEN])
{
    static const char srv[] = "TLS 1.3, server CertificateVerify";
    static const char cli[] = "TLS 1.3, client CertificateVerify";
    _Static_assert(sizeof srv - 1 == 33 && sizeof cli - 1 == 33, "both contexts are 33 bytes");
    /* §4.4.3: 64 octets of 0x20, the context string, a single 0 byte, then
     * the content to be signed (the transcript hash) */
    memset(out, 0x20, 64);
    memcpy(out + 64, server ? srv : cli, 33);
    out[64 + 33] = 0;
    memcpy(out + 64 + 33 + 1, th, KS_HASH_LEN);
    return MSG13_CV_CONTENT_LEN;
}
