/* msg_kx.c — the key exchange and its signatures: ServerKeyExchange
 * (RFC 5246 §7.4.3, RFC 8422 §5.4), ClientKeyExchange (RFC 5246 §7.4.7,
 * RFC 8422 §5.7) and CertificateVerify (RFC 5246 §7.4.8).
 *
 *   struct { ECCurveType curve_type; NamedCurve namedcurve; } ECParameters;
 *   struct { ECParameters curve_params; ECPoint public; } ServerECDHParams;
 *   struct { ServerECDHParams params; digitally-signed struct {
 *       opaque client_random[32]; opaque server_random[32];
 *       ServerECDHParams params; } signed_params; } ServerKeyExchange;
 *
 *   struct { SignatureAndHashAlgorithm algorithm; opaque signature<0..2^16-1>; }
 *       digitally-signed;
 *
 * With Ed25519 (RFC 8422 §5.1.3) the signature is PureEdDSA over the bytes
 * themselves; nothing is hashed first. The codec only lays out bytes: the
 * endpoint that holds the key signs, and passes the signature in.
 */
#include "tls/msg/msg.h"

#include <string.h>

static void write_signed(wr *w, uint16_t sigalg, const uint8_t sig[ED25519_SIG_LEN])
{
    wr_len l;
    wr_u16(w, sigalg);
    wr_begin(w, &l, 2);
    wr_bytes(w, sig, ED25519_SIG_LEN);
    wr_end(w, &l);
}

static err_t parse_signed(rd *r, uint16_t *sigalg, uint8_t sig[ED25519_SIG_LEN], spans *sp)
{
    rd v;
    int s = sp_open(sp, r, "signature algorithm");
    CHECK(rd_u16(r, sigalg), ERR_TRUNCATED);
    sp_close(sp, s, r);
    s = sp_open(sp, r, "signature");
    CHECK(rd_vec16(r, &v), ERR_TRUNCATED);
    sp_close(sp, s, r);
    CHECK(*sigalg == SIGALG_ED25519, ERR_HS_ILLEGAL_PARAM);
    CHECK(rd_left(&v) == ED25519_SIG_LEN, ERR_HS_ILLEGAL_PARAM);
    rd_copy(&v, sig, ED25519_SIG_LEN);
    return ERR_OK;
}

size_t msg_server_kx_signed(const uint8_t client_random[KS_RANDOM_LEN],
                            const uint8_t server_random[KS_RANDOM_LEN],
                            const uint8_t *params, size_t params_len, uint8_t *out)
{
    memcpy(out, client_random, KS_RANDOM_LEN);
    memcpy(out + KS_RANDOM_LEN, server_random, KS_RANDOM_LEN);
    memcpy(out + 2 * KS_RANDOM_LEN, params, params_len);
    return 2 * KS_RANDOM_LEN + params_len;
}

/* ServerECDHParams: a named curve (x25519) and the point. */
static void write_params(wr *w, const uint8_t point[X25519_LEN])
{
    wr_len l;
    wr_u8(w, CURVE_TYPE_NAMED);
    wr_u16(w, GROUP_X25519);
    wr_begin(w, &l, 1);
    wr_bytes(w, point, X25519_LEN);
    wr_end(w, &l);
}

void msg_server_kx_params(const uint8_t point[X25519_LEN], uint8_t out[MSG_ECDH_PARAMS_LEN])
{
    wr w;
    wr_init(&w, out, MSG_ECDH_PARAMS_LEN);
    write_params(&w, point);
}

void msg_server_kx_write(wr *w, const uint8_t point[X25519_LEN], uint16_t sigalg,
                         const uint8_t sig[ED25519_SIG_LEN])
{
    wr_len hs;
    msg_hs_begin(w, HT_SERVER_KEY_EXCHANGE, &hs);
    write_params(w, point);
    write_signed(w, sigalg, sig);
    msg_hs_end(w, &hs);
}

err_t msg_server_kx_parse(rd *r, msg_server_kx *m, spans *sp)
{
    rd body, pt;
    uint8_t curve_type;
    TRY(msg_hs_open(r, HT_SERVER_KEY_EXCHANGE, &body, sp));
    int sparams = sp_open(sp, &body, "ServerECDHParams");
    m->params = body.p;
    int s = sp_open(sp, &body, "curve_type");
    CHECK(rd_u8(&body, &curve_type), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "named_curve");
    CHECK(rd_u16(&body, &m->group), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "public (server ECDHE key)");
    CHECK(rd_vec8(&body, &pt), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    sp_close(sp, sparams, &body);
    m->params_len = (size_t)(body.p - m->params);
    CHECK(curve_type == CURVE_TYPE_NAMED, ERR_HS_ILLEGAL_PARAM);
    CHECK(m->group == GROUP_X25519, ERR_HS_ILLEGAL_PARAM);
    CHECK(rd_left(&pt) == X25519_LEN, ERR_HS_ILLEGAL_PARAM);
    rd_copy(&pt, m->point, X25519_LEN);
    int ss = sp_open(sp, &body, "signed_params");
    TRY(parse_signed(&body, &m->sigalg, m->sig, sp));
    sp_close(sp, ss, &body);
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_client_kx_write(wr *w, const msg_client_kx *m)
{
    wr_len hs, l;
    msg_hs_begin(w, HT_CLIENT_KEY_EXCHANGE, &hs);
    if (m->transport) {
        /* EncryptedPreMasterSecret: opaque <0..2^16-1> in TLS 1.2 form */
        wr_begin(w, &l, 2);
        wr_bytes(w, m->sealed, SEALED_PMS_LEN);
    } else {
        /* ClientECDiffieHellmanPublic: ECPoint ecdh_Yc <1..2^8-1> */
        wr_begin(w, &l, 1);
        wr_bytes(w, m->point, X25519_LEN);
    }
    wr_end(w, &l);
    msg_hs_end(w, &hs);
}

err_t msg_client_kx_parse(rd *r, bool transport, msg_client_kx *m, spans *sp)
{
    rd body, v;
    TRY(msg_hs_open(r, HT_CLIENT_KEY_EXCHANGE, &body, sp));
    m->transport = transport;
    if (transport) {
        int s = sp_open(sp, &body, "encrypted pre-master secret (sealed box)");
        CHECK(rd_vec16(&body, &v), ERR_TRUNCATED);
        sp_close(sp, s, &body);
        CHECK(rd_left(&v) == SEALED_PMS_LEN, ERR_HS_ILLEGAL_PARAM);
        rd_copy(&v, m->sealed, SEALED_PMS_LEN);
    } else {
        int s = sp_open(sp, &body, "ecdh_Yc (client ECDHE key)");
        CHECK(rd_vec8(&body, &v), ERR_TRUNCATED);
        sp_close(sp, s, &body);
        CHECK(rd_left(&v) == X25519_LEN, ERR_HS_ILLEGAL_PARAM);
        rd_copy(&v, m->point, X25519_LEN);
    }
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_cert_verify_write(wr *w, const msg_cert_verify *m)
{
    wr_len hs;
    msg_hs_begin(w, HT_CERTIFICATE_VERIFY, &hs);
    write_signed(w, m->sigalg, m->sig);
    msg_hs_end(w, &hs);
}

err_t msg_cert_verify_parse(rd *r, msg_cert_verify *m, spans *sp)
{
    rd body;
    TRY(msg_hs_open(r, HT_CERTIFICATE_VERIFY, &body, sp));
    TRY(parse_signed(&body, &m->sigalg, m->sig, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
