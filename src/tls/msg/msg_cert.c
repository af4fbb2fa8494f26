/* msg_cert.c — Certificate (RFC 5246 §7.4.2, §7.4.6) and CertificateRequest
 * (RFC 5246 §7.4.4, RFC 8422 §5.5).
 *
 *   opaque ASN.1Cert<1..2^24-1>;
 *   struct { ASN.1Cert certificate_list<0..2^24-1>; } Certificate;
 *
 *   struct {
 *       ClientCertificateType certificate_types<1..2^8-1>;
 *       SignatureAndHashAlgorithm supported_signature_algorithms<2^16-1>;
 *       DistinguishedName certificate_authorities<0..2^16-1>;
 *   } CertificateRequest;
 */
#include "tls/msg/msg.h"

void msg_certificate_write(wr *w, const uint8_t *const *der, const size_t *der_len, size_t n)
{
    wr_len hs, list, one;
    msg_hs_begin(w, HT_CERTIFICATE, &hs);
    wr_begin(w, &list, 3);
    for (size_t i = 0; i < n; i++) {
        wr_begin(w, &one, 3);
        wr_bytes(w, der[i], der_len[i]);
        wr_end(w, &one);
    }
    wr_end(w, &list);
    msg_hs_end(w, &hs);
}

err_t msg_certificate_parse(rd *r, msg_certificate *m, spans *sp)
{
    rd body, list;
    m->n = 0;
    TRY(msg_hs_open(r, HT_CERTIFICATE, &body, sp));
    int s = sp_open(sp, &body, "certificate_list");
    int sl = sp_open(sp, &body, "certificate_list length");
    CHECK(rd_vec24(&body, &list), ERR_TRUNCATED);
    sp_close(sp, sl, &list);
    while (!rd_empty(&list)) {
        rd cert;
        int sc = sp_openf(sp, &list, "certificate[%zu]", m->n);
        sl = sp_open(sp, &list, "certificate length");
        CHECK(rd_vec24(&list, &cert), ERR_TRUNCATED);
        sp_close(sp, sl, &cert);
        CHECK(rd_left(&cert) >= 1, ERR_HS_ILLEGAL_PARAM);
        CHECK(m->n < MSG_CHAIN_MAX, ERR_HS_ILLEGAL_PARAM);
        m->der[m->n] = cert.p;
        m->der_len[m->n] = rd_left(&cert);
        m->n++;
        if (sp) {
            /* Annotation only: the receiver verifies the certificate itself,
             * so a certificate that does not parse just has fewer spans. */
            x509_cert x;
            rd inner = cert;
            (void)x509_parse_rd(&inner, &x, sp);
        }
        sp_close(sp, sc, &list);
    }
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_cert_request_write(wr *w, const msg_cert_request *m)
{
    wr_len hs, l, one;
    msg_hs_begin(w, HT_CERTIFICATE_REQUEST, &hs);
    wr_begin(w, &l, 1);
    for (size_t i = 0; i < m->n_types; i++)
        wr_u8(w, m->types[i]);
    wr_end(w, &l);
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < m->n_sigalgs; i++)
        wr_u16(w, m->sigalgs[i]);
    wr_end(w, &l);
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < m->n_cas; i++) {
        wr_begin(w, &one, 2);
        wr_bytes(w, m->ca[i], m->ca_len[i]);
        wr_end(w, &one);
    }
    wr_end(w, &l);
    msg_hs_end(w, &hs);
}

err_t msg_cert_request_parse(rd *r, msg_cert_request *m, spans *sp)
{
    rd body, v;
    m->n_types = m->n_sigalgs = m->n_cas = 0;
    TRY(msg_hs_open(r, HT_CERTIFICATE_REQUEST, &body, sp));

    int s = sp_open(sp, &body, "certificate_types");
    CHECK(rd_vec8(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(!rd_empty(&v), ERR_HS_ILLEGAL_PARAM);
    while (!rd_empty(&v)) {
        uint8_t t;
        rd_u8(&v, &t);
        if (m->n_types < MSG_LIST_MAX)
            m->types[m->n_types++] = t;
    }

    TRY(msg_u16_list_parse(&body, m->sigalgs, &m->n_sigalgs, sp,
                           "supported_signature_algorithms"));

    s = sp_open(sp, &body, "certificate_authorities");
    int sl = sp_open(sp, &body, "certificate_authorities length");
    CHECK(rd_vec16(&body, &v), ERR_TRUNCATED);
    sp_close(sp, sl, &v);
    while (!rd_empty(&v)) {
        rd name;
        int sn = sp_openf(sp, &v, "DistinguishedName[%zu]", m->n_cas);
        CHECK(rd_vec16(&v, &name), ERR_TRUNCATED);
        sp_close(sp, sn, &v);
        CHECK(rd_left(&name) >= 1, ERR_HS_ILLEGAL_PARAM);
        if (m->n_cas < MSG_CA_NAMES_MAX) {
            m->ca[m->n_cas] = name.p;
            m->ca_len[m->n_cas] = rd_left(&name);
            m->n_cas++;
        }
    }
    sp_close(sp, s, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
