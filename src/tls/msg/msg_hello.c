/* msg_hello.c — ClientHello and ServerHello (RFC 5246 §7.4.1.2, §7.4.1.3),
 * in both versions: a TLS 1.3 hello (RFC 8446 §4.1.2, §4.1.3) has the same
 * layout, with legacy_version 0x0303, a legacy_session_id (32 bytes from a
 * client in middlebox-compatibility mode, echoed by the server, RFC 8446
 * Appendix D.4), null compression, and the version and key share in the
 * supported_versions and key_share extensions. Their extensions are
 * written and parsed by the table in msg_ext.c.
 *
 *   struct {
 *       ProtocolVersion client_version;
 *       Random random;
 *       SessionID session_id;
 *       CipherSuite cipher_suites<2..2^16-2>;
 *       CompressionMethod compression_methods<1..2^8-1>;
 *       Extension extensions<0..2^16-1>;
 *   } ClientHello;
 */
#include "tls/msg/msg.h"

#include <string.h>

/* RFC 8446 §4.1.3: "For reasons of backward compatibility with middleboxes
 * ... the HelloRetryRequest message uses the same structure as the
 * ServerHello, but with Random set to the special value of the SHA-256 of
 * "HelloRetryRequest"". tests/test_hrr13.c recomputes it with libsodium. */
const uint8_t msg13_hrr_random[KS_RANDOM_LEN] = {
    0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
    0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
};

bool msg13_is_hrr_random(const uint8_t r[KS_RANDOM_LEN])
{
    /* public bytes: no need for a constant-time compare */
    return memcmp(r, msg13_hrr_random, KS_RANDOM_LEN) == 0;
}

bool msg13_is_hrr(const uint8_t *msg, size_t len)
{
    /* header(4) legacy_version(2) random(32) */
    return len >= HS_HEADER_LEN + 2 + KS_RANDOM_LEN && msg[0] == HT_SERVER_HELLO &&
           msg13_is_hrr_random(msg + HS_HEADER_LEN + 2);
}

void msg13_message_hash(const uint8_t ch1_hash[32], uint8_t out[MSG13_MESSAGE_HASH_LEN])
{
    wr w;
    wr_len l;
    wr_init(&w, out, MSG13_MESSAGE_HASH_LEN);
    msg_hs_begin(&w, HT_MESSAGE_HASH, &l);
    wr_bytes(&w, ch1_hash, 32);
    msg_hs_end(&w, &l);
}

void msg_client_hello_write(wr *w, const msg_client_hello *m)
{
    wr_len hs, l;
    msg_hs_begin(w, HT_CLIENT_HELLO, &hs);
    wr_u16(w, m->version);
    wr_bytes(w, m->random, KS_RANDOM_LEN);
    wr_u8(w, m->session_id_len);
    wr_bytes(w, m->session_id, m->session_id_len);
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < m->n_suites; i++)
        wr_u16(w, m->suites[i]);
    wr_end(w, &l);
    wr_u8(w, 1); /* compression_methods: null only */
    wr_u8(w, 0);
    /* the table only reads the hello it writes */
    msg_ext_msg e = { .in = MSG_EXT_IN_CH, .ch = (msg_client_hello *)m };
    msg_ext_write(w, &e);
    msg_hs_end(w, &hs);
}

static err_t parse_random_and_session(rd *body, uint16_t *version, uint8_t *random,
                                      uint8_t *sid_len, uint8_t *sid, spans *sp)
{
    rd sidv;
    int s = sp_open(sp, body, "version");
    CHECK(rd_u16(body, version), ERR_TRUNCATED);
    sp_close(sp, s, body);
    s = sp_open(sp, body, "random");
    CHECK(rd_copy(body, random, KS_RANDOM_LEN), ERR_TRUNCATED);
    sp_close(sp, s, body);
    s = sp_open(sp, body, "session_id");
    CHECK(rd_vec8(body, &sidv), ERR_TRUNCATED);
    sp_close(sp, s, body);
    CHECK(rd_left(&sidv) <= MSG_SESSION_ID_MAX, ERR_HS_ILLEGAL_PARAM);
    *sid_len = (uint8_t)rd_left(&sidv);
    rd_copy(&sidv, sid, *sid_len);
    return ERR_OK;
}

err_t msg_client_hello_parse(rd *r, msg_client_hello *m, spans *sp)
{
    rd body, v;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_CLIENT_HELLO, &body, sp));
    TRY(parse_random_and_session(&body, &m->version, m->random, &m->session_id_len,
                                 m->session_id, sp));
    TRY(msg_u16_list_parse(&body, m->suites, &m->n_suites, sp, "cipher_suites"));
    int s = sp_open(sp, &body, "compression_methods");
    CHECK(rd_vec8(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    bool null_ok = false;
    CHECK(!rd_empty(&v), ERR_HS_ILLEGAL_PARAM);
    while (!rd_empty(&v)) {
        uint8_t c;
        rd_u8(&v, &c);
        null_ok |= c == 0;
    }
    CHECK(null_ok, ERR_HS_ILLEGAL_PARAM);
    msg_ext_msg e = { .in = MSG_EXT_IN_CH, .ch = m };
    TRY(msg_ext_parse(&body, &e, 0, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_server_hello_write(wr *w, const msg_server_hello *m)
{
    wr_len hs;
    msg_hs_begin(w, HT_SERVER_HELLO, &hs);
    wr_u16(w, m->version);
    wr_bytes(w, m->random, KS_RANDOM_LEN);
    wr_u8(w, m->session_id_len);
    wr_bytes(w, m->session_id, m->session_id_len);
    wr_u16(w, m->suite);
    wr_u8(w, 0); /* compression_method: null */
    /* which ServerHello it is: supported_versions says (RFC 8446 §4.2.1) */
    msg_ext_msg e = { .in = m->selected_version ? MSG_EXT_IN_SH13 : MSG_EXT_IN_SH,
                      .sh = (msg_server_hello *)m };
    msg_ext_write(w, &e);
    msg_hs_end(w, &hs);
}

err_t msg_server_hello_parse(rd *r, msg_server_hello *m, msg_ext_set offered, spans *sp)
{
    rd body;
    uint8_t comp;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_SERVER_HELLO, &body, sp));
    TRY(parse_random_and_session(&body, &m->version, m->random, &m->session_id_len,
                                 m->session_id, sp));
    int s = sp_open(sp, &body, "cipher_suite");
    CHECK(rd_u16(&body, &m->suite), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "compression_method");
    CHECK(rd_u8(&body, &comp), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(comp == 0, ERR_HS_ILLEGAL_PARAM);
    /* the random says how key_share reads (RFC 8446 §4.2.8) */
    m->hrr = msg13_is_hrr_random(m->random);
    msg_ext_msg e = { .in = MSG_EXT_IN_SH, .sh = m };
    TRY(msg_ext_parse(&body, &e, offered, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
