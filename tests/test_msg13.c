/* test_msg13.c — the TLS 1.3 message codecs (RFC 8446 §4): the hellos with
 * supported_versions and key_share, EncryptedExtensions, CertificateRequest,
 * Certificate, the CertificateVerify content and Finished. The RFC 8448 §3
 * ClientHello and ServerHello (the bytes tests/test_crypto.c runs the key
 * schedule over) parse with these parsers; every message round-trips to the
 * same bytes, laid out here by hand from the RFC structs; bad inputs are
 * refused with the error (and so the alert) the RFC names. */
#include "testlib.h"

#include "base/err.h"
#include "tls/msg/msg.h"
#include "tls/suites.h"

/* n bytes of value b as hex, in one of four rotating buffers (so a call
 * may use several). */
static const char *rep(uint8_t b, size_t n)
{
    static char bufs[4][2 * 64 + 1];
    static unsigned k;
    char *out = bufs[k++ % 4];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b);
    out[2 * n] = '\0';
    return out;
}

/* RFC 8448 §3, "Simple 1-RTT Handshake": the ClientHello and ServerHello
 * handshake messages, header included. */
static const char rfc8448_ch[] =
    "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece700000613011303"
    "1302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101"
    "020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413"
    "691e529aaf2c002b0003020304000d0020001e0403050306030203080408050806040105010601020104020502"
    "06020202002d00020101001c00024001";
static const char rfc8448_sh[] =
    "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928001301000"
    "02e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";
static const char rfc8448_client_share[] =
    "99381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c";
static const char rfc8448_server_share[] =
    "c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f";

static err_t parse_ch_hex(const char *hex, msg_client_hello *m)
{
    static uint8_t buf[1024];
    rd r;
    rd_init(&r, buf, unhex(hex, buf, sizeof buf));
    return msg_client_hello_parse(&r, m, NULL);
}

static err_t parse_sh_hex(const char *hex, msg_ext_set offered, msg_server_hello *m)
{
    static uint8_t buf[1024];
    rd r;
    rd_init(&r, buf, unhex(hex, buf, sizeof buf));
    return msg_server_hello_parse(&r, m, offered, NULL);
}

static void test_rfc8448_client_hello(void **state)
{
    (void)state;
    msg_client_hello m;
    assert_int_equal(parse_ch_hex(rfc8448_ch, &m), ERR_OK);
    assert_int_equal(m.version, TLS13_LEGACY_VERSION);
    assert_int_equal(m.session_id_len, 0);
    assert_int_equal(m.n_suites, 3);
    assert_int_equal(m.suites[0], 0x1301);
    assert_int_equal(m.suites[1], CS_TLS13_CHACHA20_POLY1305_SHA256);
    assert_int_equal(m.suites[2], 0x1302);
    assert_true(m.has_sni);
    assert_string_equal(m.sni, "server");
    assert_int_equal(m.n_groups, 9);
    assert_int_equal(m.groups[0], GROUP_X25519);
    assert_int_equal(m.n_sigalgs, 15);
    assert_int_equal(m.sigalgs[4], 0x0804);
    assert_true(m.reneg_info);
    assert_int_equal(m.reneg_len, 0);
    assert_int_equal(m.n_versions, 1);
    assert_int_equal(m.versions[0], TLS13_VERSION);
    assert_true(m.key_share);
    assert_int_equal(m.n_shares, 1);
    assert_int_equal(m.share_groups[0], GROUP_X25519);
    assert_true(m.has_x25519_share);
    assert_hex_equal(m.x25519_share, X25519_LEN, rfc8448_client_share);
    /* session_ticket, psk_key_exchange_modes and record_size_limit are not
     * known here: a server skips them */
    msg_ext_set off = msg_ext_offered(&m);
    const msg_ext_row *ks = msg_ext_find(EXT_KEY_SHARE);
    const msg_ext_row *sv = msg_ext_find(EXT_SUPPORTED_VERSIONS);
    assert_true(off & (1u << (ks - msg_ext_table)));
    assert_true(off & (1u << (sv - msg_ext_table)));
}

static void test_rfc8448_server_hello(void **state)
{
    (void)state;
    msg_client_hello ch;
    msg_server_hello m;
    assert_int_equal(parse_ch_hex(rfc8448_ch, &ch), ERR_OK);
    assert_int_equal(parse_sh_hex(rfc8448_sh, msg_ext_offered(&ch), &m), ERR_OK);
    assert_int_equal(m.version, TLS13_LEGACY_VERSION);
    assert_int_equal(m.suite, 0x1301);
    assert_int_equal(m.session_id_len, 0);
    assert_int_equal(m.selected_version, TLS13_VERSION);
    assert_true(m.key_share);
    assert_int_equal(m.share_group, GROUP_X25519);
    assert_hex_equal(m.share, X25519_LEN, rfc8448_server_share);
    assert_false(m.sni_ack);
    assert_false(m.ems);
    /* the same ServerHello answering a TLS 1.2 ClientHello (which offered
     * neither key_share nor supported_versions) is refused */
    msg_client_hello ch12 = ch;
    ch12.n_versions = 0;
    ch12.key_share = false;
    assert_int_equal(parse_sh_hex(rfc8448_sh, msg_ext_offered(&ch12), &m),
                     ERR_HS_UNSUPPORTED_EXT);
    /* our writer reproduces it byte for byte */
    uint8_t want[128], buf[128];
    size_t n = unhex(rfc8448_sh, want, sizeof want);
    assert_int_equal(parse_sh_hex(rfc8448_sh, msg_ext_offered(&ch), &m), ERR_OK);
    /* the writer puts rows in table order: supported_versions (43) before
     * key_share (51); RFC 8448's server sent them the other way round */
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_server_hello_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    assert_int_equal(w.len, n);
    static const char reordered[] =
        "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928001301000"
        "02e002b0002030400330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b0"
        "4e751f0f";
    assert_hex_equal(buf, w.len, reordered);
}

/* A TLS 1.3 ClientHello as mtls-sim writes it: legacy_version 0x0303, a
 * 32-byte legacy_session_id (Appendix D.4), the 1.3 suite, and the
 * extensions of RFC 8446 §9.2 for a certificate handshake. */
static void client_hello13(msg_client_hello *m)
{
    memset(m, 0, sizeof *m);
    m->version = TLS13_LEGACY_VERSION;
    memset(m->random, 0x11, sizeof m->random);
    m->session_id_len = 32;
    memset(m->session_id, 0x5a, 32);
    m->n_suites = 1;
    m->suites[0] = CS_TLS13_CHACHA20_POLY1305_SHA256;
    m->has_sni = true;
    strcpy(m->sni, "a.example");
    m->n_groups = 1;
    m->groups[0] = GROUP_X25519;
    m->n_sigalgs = 1;
    m->sigalgs[0] = SIGALG_ED25519;
    m->n_versions = 1;
    m->versions[0] = TLS13_VERSION;
    m->key_share = true;
    m->has_x25519_share = true;
    m->n_shares = 1;
    m->share_groups[0] = GROUP_X25519;
    memset(m->x25519_share, 0x77, X25519_LEN);
}

static void test_client_hello13_round_trip(void **state)
{
    (void)state;
    msg_client_hello m, back;
    client_hello13(&m);
    uint8_t buf[600], again[600];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_client_hello_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* laid out by hand: header (body 158 bytes), legacy_version, random,
     * the 32-byte session id, one suite, null compression, then 83 bytes of
     * extensions in table order */
    char want[1201];
    snprintf(want, sizeof want,
             "0100009e" "0303" "%s" "20" "%s" "00021303" "0100" "0053"
             "0000000e000c000009612e6578616d706c65" /* server_name "a.example" */
             "000a00040002001d"                     /* supported_groups: x25519 */
             "000d000400020807"                     /* signature_algorithms: ed25519 */
             "002b0003020304"                       /* supported_versions: TLS 1.3 */
             "003300260024001d0020%s",              /* key_share: one x25519 entry */
             rep(0x11, 32), rep(0x5a, 32), rep(0x77, 32));
    assert_hex_equal(buf, w.len, want);

    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_client_hello_parse(&r, &back, NULL), ERR_OK);
    assert_int_equal(back.session_id_len, 32);
    assert_memory_equal(back.session_id, m.session_id, 32);
    assert_int_equal(back.n_versions, 1);
    assert_int_equal(back.versions[0], TLS13_VERSION);
    assert_true(back.has_x25519_share);
    assert_memory_equal(back.x25519_share, m.x25519_share, X25519_LEN);
    assert_false(back.ems);
    assert_false(back.has_point_formats);
    size_t n = w.len;
    wr_init(&w, again, sizeof again);
    msg_client_hello_write(&w, &back);
    assert_int_equal(w.len, n);
    assert_memory_equal(again, buf, n);
}

/* A ClientHello around one extension given in hex (type, length, data). */
static err_t parse_ch_ext(const char *ext_hex, msg_client_hello *m)
{
    char hex[1200];
    size_t n = strlen(ext_hex) / 2;
    /* type 1, a 3-byte length (00 and four digits), random of zeros, no
     * session id, the one suite, null compression, the extensions block */
    snprintf(hex, sizeof hex, "0100%04zx" "0303" "%s" "00" "00021303" "0100" "%04zx" "%s",
             (size_t)(2 + 32 + 1 + 4 + 2 + 2 + n), rep(0, 32), n, ext_hex);
    return parse_ch_hex(hex, m);
}

static void test_client_hello13_bad_extensions(void **state)
{
    (void)state;
    msg_client_hello m;
    /* the harness itself: a valid key share parses */
    char ext[200];
    snprintf(ext, sizeof ext, "003300260024001d0020%s", rep(0x77, 32));
    assert_int_equal(parse_ch_ext(ext, &m), ERR_OK);
    assert_true(m.has_x25519_share);
    /* x25519 key of 31 bytes: RFC 8446 §4.2.8.2 */
    snprintf(ext, sizeof ext, "003300250023001d001f%s", rep(0x77, 31));
    assert_int_equal(parse_ch_ext(ext, &m), ERR_HS_ILLEGAL_PARAM);
    /* two shares of the same group: §4.2.8 */
    assert_int_equal(parse_ch_ext("0033000e000c" "00170002abcd" "00170002abcd", &m),
                     ERR_HS_ILLEGAL_PARAM);
    /* an empty key_exchange: <1..2^16-1> */
    assert_int_equal(parse_ch_ext("0033000600040017" "0000", &m), ERR_HS_ILLEGAL_PARAM);
    /* a share of another group is kept by group, without a key */
    assert_int_equal(parse_ch_ext("003300080006" "00170002abcd", &m), ERR_OK);
    assert_int_equal(m.n_shares, 1);
    assert_int_equal(m.share_groups[0], 0x0017);
    assert_false(m.has_x25519_share);
    /* an empty client_shares is legal (a client that waits for a retry) */
    assert_int_equal(parse_ch_ext("003300020000", &m), ERR_OK);
    assert_true(m.key_share);
    assert_int_equal(m.n_shares, 0);
    /* a share that runs past its list */
    assert_int_equal(parse_ch_ext("003300060004001d0020", &m), ERR_TRUNCATED);
    /* supported_versions: an odd or empty list, <2..254> */
    assert_int_equal(parse_ch_ext("002b000403030403", &m), ERR_HS_ILLEGAL_PARAM);
    assert_int_equal(parse_ch_ext("002b000100", &m), ERR_HS_ILLEGAL_PARAM);
    assert_int_equal(parse_ch_ext("002b0005040304", &m), ERR_TRUNCATED);
    assert_int_equal(parse_ch_ext("002b00050403040303", &m), ERR_OK);
    assert_int_equal(m.n_versions, 2);
    assert_int_equal(m.versions[1], 0x0303);
    /* certificate_authorities in a ClientHello is read and not kept */
    assert_int_equal(parse_ch_ext("002f000500030001aa", &m), ERR_OK);
    assert_int_equal(parse_ch_ext("002f0004000200" "00", &m), ERR_HS_ILLEGAL_PARAM);
}

static void server_hello13(msg_server_hello *m)
{
    memset(m, 0, sizeof *m);
    m->version = TLS13_LEGACY_VERSION;
    memset(m->random, 0x22, sizeof m->random);
    m->session_id_len = 32;
    memset(m->session_id, 0x5a, 32); /* the client's, echoed */
    m->suite = CS_TLS13_CHACHA20_POLY1305_SHA256;
    m->selected_version = TLS13_VERSION;
    m->key_share = true;
    m->share_group = GROUP_X25519;
    memset(m->share, 0x88, X25519_LEN);
}

/* A ServerHello around an extensions block given in hex. */
static err_t parse_sh_exts(const char *exts_hex, msg_ext_set offered, msg_server_hello *m)
{
    char hex[1200];
    size_t n = strlen(exts_hex) / 2;
    snprintf(hex, sizeof hex, "0200%04zx" "0303" "%s" "00" "1303" "00" "%04zx" "%s",
             (size_t)(2 + 32 + 1 + 2 + 1 + 2 + n), rep(0, 32), n, exts_hex);
    return parse_sh_hex(hex, offered, m);
}

#define SH13_VERSIONS "002b00020304"
#define SH13_SHARE "00330024001d0020" \
    "8888888888888888888888888888888888888888888888888888888888888888" /* 32 x 0x88 */

static void test_server_hello13(void **state)
{
    (void)state;
    msg_client_hello ch;
    client_hello13(&ch);
    ch.ems = true; /* offered too, so only the version rule can refuse it */
    msg_ext_set off = msg_ext_offered(&ch);
    msg_server_hello m, back;
    server_hello13(&m);
    uint8_t buf[300];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_server_hello_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    char want[700];
    /* body 118 bytes: legacy_version, random, the echoed 32-byte session
     * id, the suite, null compression, 46 bytes of extensions */
    snprintf(want, sizeof want, "02000076" "0303" "%s" "20" "%s" "1303" "00" "002e" "%s%s",
             rep(0x22, 32), rep(0x5a, 32), SH13_VERSIONS, SH13_SHARE);
    assert_hex_equal(buf, w.len, want);
    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_server_hello_parse(&r, &back, off, NULL), ERR_OK);
    assert_int_equal(back.selected_version, TLS13_VERSION);
    assert_true(back.key_share);
    assert_memory_equal(back.share, m.share, X25519_LEN);
    assert_int_equal(back.session_id_len, 32);
    /* a TLS 1.2 ServerHello is unchanged by the new rows: with the same
     * fields but no selected version, neither 1.3 extension is written */
    m.selected_version = 0;
    m.key_share = false;
    m.ems = true;
    wr_init(&w, buf, sizeof buf);
    msg_server_hello_write(&w, &m);
    snprintf(want, sizeof want, "0200004c" "0303" "%s" "20" "%s" "1303" "00" "0004" "00170000",
             rep(0x22, 32), rep(0x5a, 32));
    assert_hex_equal(buf, w.len, want);

    /* the harness: the 1.3 extensions alone parse */
    assert_int_equal(parse_sh_exts(SH13_VERSIONS SH13_SHARE, off, &back), ERR_OK);
    /* extended_master_secret may not be in a TLS 1.3 ServerHello (§4.1.3,
     * §4.2): illegal_parameter, even though it was offered */
    assert_int_equal(parse_sh_exts(SH13_VERSIONS "00170000" SH13_SHARE, off, &back),
                     ERR_HS_ILLEGAL_PARAM);
    /* server_name's answer goes in EncryptedExtensions in TLS 1.3 */
    assert_int_equal(parse_sh_exts("00000000" SH13_VERSIONS SH13_SHARE, off, &back),
                     ERR_HS_ILLEGAL_PARAM);
    /* key_share without supported_versions is a TLS 1.2 ServerHello with a
     * TLS 1.3 extension */
    assert_int_equal(parse_sh_exts(SH13_SHARE, off, &back), ERR_HS_UNSUPPORTED_EXT);
    /* selected_version cut short, or 0 */
    assert_int_equal(parse_sh_exts("002b000103", off, &back), ERR_TRUNCATED);
    assert_int_equal(parse_sh_exts("002b00020000", off, &back), ERR_HS_ILLEGAL_PARAM);
    /* a server x25519 share of 33 bytes */
    char exts[200];
    snprintf(exts, sizeof exts, "%s00330025001d0021%s", SH13_VERSIONS, rep(0x88, 33));
    assert_int_equal(parse_sh_exts(exts, off, &back), ERR_HS_ILLEGAL_PARAM);
    /* a group the codec has no key length for is kept by group only: the
     * endpoint decides (illegal_parameter: not offered, §4.2.8) */
    assert_int_equal(parse_sh_exts(SH13_VERSIONS "0033000600170002abcd", off, &back), ERR_OK);
    assert_int_equal(back.share_group, 0x0017);
}

static void test_encrypted_extensions(void **state)
{
    (void)state;
    msg_client_hello ch;
    client_hello13(&ch);
    msg_ext_set off = msg_ext_offered(&ch);
    msg_encrypted_ext m = { .sni_ack = true }, back;
    uint8_t buf[64];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg13_encrypted_ext_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* type 8, length 6, extensions length 4, server_name with no data */
    assert_hex_equal(buf, w.len, "08000006000400000000");
    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_encrypted_ext_parse(&r, &back, off, NULL), ERR_OK);
    assert_true(back.sni_ack);
    /* the same without the server name: an empty block, still present */
    m.sni_ack = false;
    m.n_groups = 1;
    m.groups[0] = GROUP_X25519;
    wr_init(&w, buf, sizeof buf);
    msg13_encrypted_ext_write(&w, &m);
    assert_hex_equal(buf, w.len, "0800000a0008000a00040002001d");
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_encrypted_ext_parse(&r, &back, off, NULL), ERR_OK);
    assert_int_equal(back.n_groups, 1);
    assert_false(back.sni_ack);

    struct { const char *hex; err_t want; } bad[] = {
        { "08000002000000", ERR_TRAILING },       /* a byte after the message */
        { "0800000300000000", ERR_TRAILING },     /* a byte after the block */
        { "08000000", ERR_TRUNCATED },            /* no extensions block */
        { "0800000400020000", ERR_TRUNCATED },    /* an extension cut short */
        { "080000080006002b00020304", ERR_HS_ILLEGAL_PARAM }, /* supported_versions */
        { "08000006000433740000", ERR_HS_UNSUPPORTED_EXT }, /* an unknown type */
        { "0800000a00080000000000000000", ERR_HS_ILLEGAL_PARAM }, /* server_name twice */
        { "0800000700050000000100", ERR_HS_ILLEGAL_PARAM }, /* server_name with data */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t b[64];
        rd_init(&r, b, unhex(bad[i].hex, b, sizeof b));
        assert_int_equal(msg13_encrypted_ext_parse(&r, &back, off, NULL), bad[i].want);
    }
    /* an answer to what the client did not offer */
    ch.has_sni = false;
    rd_init(&r, (const uint8_t *)"\x08\x00\x00\x06\x00\x04\x00\x00\x00\x00", 10);
    assert_int_equal(msg13_encrypted_ext_parse(&r, &back, msg_ext_offered(&ch), NULL),
                     ERR_HS_UNSUPPORTED_EXT);
}

static void test_cert_request13(void **state)
{
    (void)state;
    static const uint8_t ca_name[] = { 0x30, 0x03, 0x31, 0x01, 0x00 }; /* a DER name's shape */
    msg13_cert_request m, back;
    memset(&m, 0, sizeof m);
    m.has_sigalgs = true;
    m.n_sigalgs = 1;
    m.sigalgs[0] = SIGALG_ED25519;
    m.n_cas = 1;
    m.ca[0] = ca_name;
    m.ca_len[0] = sizeof ca_name;
    uint8_t buf[128];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg13_cert_request_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* type 13, an empty context (RFC 8446 §4.3.2: during the handshake it
     * is zero length), signature_algorithms, certificate_authorities */
    assert_hex_equal(buf, w.len, "0d000018" "00" "0015" "000d000400020807"
                                 "002f0009" "0007" "0005" "3003310100");
    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_cert_request_parse(&r, &back, NULL), ERR_OK);
    assert_int_equal(back.context_len, 0);
    assert_true(back.has_sigalgs);
    assert_int_equal(back.sigalgs[0], SIGALG_ED25519);
    assert_int_equal(back.n_cas, 1);
    assert_int_equal(back.ca_len[0], sizeof ca_name);
    assert_memory_equal(back.ca[0], ca_name, sizeof ca_name);
    /* a context, as a post-handshake request would carry, comes back */
    m.context_len = 3;
    memcpy(m.context, "\x01\x02\x03", 3);
    m.n_cas = 0;
    wr_init(&w, buf, sizeof buf);
    msg13_cert_request_write(&w, &m);
    assert_hex_equal(buf, w.len, "0d00000e" "03010203" "0008" "000d000400020807");
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_cert_request_parse(&r, &back, NULL), ERR_OK);
    assert_int_equal(back.context_len, 3);
    assert_memory_equal(back.context, "\x01\x02\x03", 3);
    assert_int_equal(back.n_cas, 0);

    struct { const char *hex; err_t want; } bad[] = {
        { "0d0000030000" "00", ERR_HS_MISSING_EXT },   /* no signature_algorithms */
        { "0d000001" "05", ERR_TRUNCATED },            /* the context runs past */
        { "0d000001" "00", ERR_TRUNCATED },            /* no extensions block */
        { "0d000007" "00" "0004" "00000000", ERR_HS_ILLEGAL_PARAM }, /* server_name */
        { "0d00000b" "00" "0008" "000d000400020807" "", ERR_OK },
        { "0d00000f" "00" "000c" "33740000" "000d000400020807", ERR_OK }, /* unknown: skipped */
        { "0d000011" "00" "000e" "000d000400020807" "002f00020000", ERR_HS_ILLEGAL_PARAM },
        { "0d00000c" "00" "000a" "000d000400020807" "00", ERR_TRUNCATED },
        { "0d00000d" "00" "0008" "000d000400020807" "0000", ERR_TRAILING },
        { "0d000009" "00" "0006" "000d00020000", ERR_HS_ILLEGAL_PARAM }, /* empty list */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t b[64];
        rd_init(&r, b, unhex(bad[i].hex, b, sizeof b));
        assert_int_equal(msg13_cert_request_parse(&r, &back, NULL), bad[i].want);
    }
}

static void test_certificate13(void **state)
{
    (void)state;
    static const uint8_t c1[] = { 0x30, 0x01, 0xaa }, c2[] = { 0x30, 0x02, 0xbb, 0xcc };
    const uint8_t *der[] = { c1, c2 };
    size_t der_len[] = { sizeof c1, sizeof c2 };
    uint8_t buf[128];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg13_certificate_write(&w, NULL, 0, der, der_len, 2);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* an empty context (a server's, or a client's answering an empty
     * request), then two entries of cert_data and empty extensions */
    assert_hex_equal(buf, w.len, "0b000015" "00" "000011" "000003" "3001aa" "0000"
                                 "000004" "3002bbcc" "0000");
    rd r;
    msg13_certificate m;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_certificate_parse(&r, &m, NULL), ERR_OK);
    assert_int_equal(m.context_len, 0);
    assert_int_equal(m.chain.n, 2);
    assert_int_equal(m.chain.der_len[1], sizeof c2);
    assert_memory_equal(m.chain.der[1], c2, sizeof c2);
    /* a context is echoed back; an empty list is a client without a
     * certificate (RFC 8446 §4.4.2.4) */
    wr_init(&w, buf, sizeof buf);
    msg13_certificate_write(&w, (const uint8_t *)"\x07", 1, NULL, NULL, 0);
    assert_hex_equal(buf, w.len, "0b000005" "0107" "000000");
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_certificate_parse(&r, &m, NULL), ERR_OK);
    assert_int_equal(m.context_len, 1);
    assert_int_equal(m.context[0], 7);
    assert_int_equal(m.chain.n, 0);

    struct { const char *hex; err_t want; } bad[] = {
        /* an entry without its extensions block */
        { "0b000008" "00" "000004" "000001" "aa", ERR_TRUNCATED },
        /* an empty cert_data: <1..2^24-1> */
        { "0b000009" "00" "000005" "000000" "0000", ERR_HS_ILLEGAL_PARAM },
        /* an entry extension of a type mtls-sim never asked for */
        { "0b00000e" "00" "00000a" "000001" "aa" "0004" "33740000", ERR_HS_UNSUPPORTED_EXT },
        /* a known type no entry may carry */
        { "0b00000e" "00" "00000a" "000001" "aa" "0004" "00000000", ERR_HS_ILLEGAL_PARAM },
        /* the list runs past the message */
        { "0b000004" "00" "000006", ERR_TRUNCATED },
        { "0b000005" "00" "000000" "00", ERR_TRAILING },
        /* not a Certificate */
        { "0d000004" "00" "000000", ERR_HS_UNEXPECTED },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint8_t b[64];
        rd_init(&r, b, unhex(bad[i].hex, b, sizeof b));
        assert_int_equal(msg13_certificate_parse(&r, &m, NULL), bad[i].want);
    }
    /* more entries than a chain holds */
    const uint8_t *five[] = { c1, c1, c1, c1, c1 };
    size_t five_len[] = { 3, 3, 3, 3, 3 };
    wr_init(&w, buf, sizeof buf);
    msg13_certificate_write(&w, NULL, 0, five, five_len, 5);
    rd_init(&r, buf, w.len);
    assert_int_equal(msg13_certificate_parse(&r, &m, NULL), ERR_HS_ILLEGAL_PARAM);
}

/* RFC 8446 §4.4.3: 64 spaces, the context string, a zero byte, the
 * transcript hash. The strings' bytes are written out here in hex. */
static void test_cert_verify_content(void **state)
{
    (void)state;
    uint8_t th[KS_HASH_LEN], out[MSG13_CV_CONTENT_LEN];
    memset(th, 0x01, sizeof th);
    char want[2 * MSG13_CV_CONTENT_LEN + 1];
    assert_int_equal(msg13_cert_verify_content(true, th, out), MSG13_CV_CONTENT_LEN);
    snprintf(want, sizeof want, "%s%s" "544c5320312e332c20736572766572204365727469666963617465566572696679"
             "00" "%s", rep(0x20, 32), rep(0x20, 32), rep(0x01, 32));
    assert_hex_equal(out, sizeof out, want);
    assert_int_equal(msg13_cert_verify_content(false, th, out), MSG13_CV_CONTENT_LEN);
    snprintf(want, sizeof want, "%s%s" "544c5320312e332c20636c69656e74204365727469666963617465566572696679"
             "00" "%s", rep(0x20, 32), rep(0x20, 32), rep(0x01, 32));
    assert_hex_equal(out, sizeof out, want);
    assert_int_equal(MSG13_CV_CONTENT_LEN, 130);
}

static void test_finished13(void **state)
{
    (void)state;
    uint8_t vd[MSG13_FINISHED_LEN], back[MSG13_FINISHED_LEN], buf[64];
    for (size_t i = 0; i < sizeof vd; i++)
        vd[i] = (uint8_t)i;
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_finished_write(&w, vd, sizeof vd);
    assert_int_equal(wr_status(&w), ERR_OK);
    assert_hex_equal(buf, w.len, "14000020"
                     "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_finished_parse(&r, back, sizeof back, NULL), ERR_OK);
    assert_memory_equal(back, vd, sizeof vd);
    /* TLS 1.2's 12 bytes are too short; 33 too long */
    uint8_t b[64];
    memcpy(b, "\x14\x00\x00\x0c", 4);
    memcpy(b + 4, vd, 12);
    rd_init(&r, b, 16);
    assert_int_equal(msg_finished_parse(&r, back, sizeof back, NULL), ERR_TRUNCATED);
    memcpy(b, "\x14\x00\x00\x21", 4);
    memcpy(b + 4, vd, 32);
    b[36] = 0;
    rd_init(&r, b, 37);
    assert_int_equal(msg_finished_parse(&r, back, sizeof back, NULL), ERR_TRAILING);
    b[0] = HT_CERTIFICATE_VERIFY;
    rd_init(&r, b, 37);
    assert_int_equal(msg_finished_parse(&r, back, sizeof back, NULL), ERR_HS_UNEXPECTED);
}

/* The suite is in the table by its RFC 8446 §B.4 name, with the TLS 1.3
 * record protection (§5.2). */
static void test_suite_and_names(void **state)
{
    (void)state;
    assert_int_equal(CS_TLS13_CHACHA20_POLY1305_SHA256, 0x1303);
    assert_string_equal(suite_name(CS_TLS13_CHACHA20_POLY1305_SHA256),
                        "TLS_CHACHA20_POLY1305_SHA256");
    assert_ptr_equal(suite_protection(CS_TLS13_CHACHA20_POLY1305_SHA256),
                     &rec_prot_chacha20_tls13);
    assert_string_equal(msg_type_name(HT_ENCRYPTED_EXTENSIONS), "EncryptedExtensions");
    assert_string_equal(msg_ext_name(EXT_SUPPORTED_VERSIONS), "supported_versions");
    assert_string_equal(msg_ext_name(EXT_KEY_SHARE), "key_share");
    assert_string_equal(msg_ext_name(EXT_CERTIFICATE_AUTHORITIES), "certificate_authorities");
    assert_int_equal(err_alert(ERR_HS_MISSING_EXT), 109);
    assert_string_equal(alert_name(109), "missing_extension");
    /* where each may appear, as RFC 8446 §4.2's table says */
    assert_int_equal(msg_ext_find(EXT_KEY_SHARE)->in, MSG_EXT_IN_CH | MSG_EXT_IN_SH13);
    assert_int_equal(msg_ext_find(EXT_SUPPORTED_VERSIONS)->in, MSG_EXT_IN_CH | MSG_EXT_IN_SH13);
    assert_int_equal(msg_ext_find(EXT_SIGNATURE_ALGORITHMS)->in, MSG_EXT_IN_CH | MSG_EXT_IN_CR);
    assert_int_equal(msg_ext_find(EXT_CERTIFICATE_AUTHORITIES)->in,
                     MSG_EXT_IN_CH | MSG_EXT_IN_CR);
    assert_int_equal(msg_ext_find(EXT_SERVER_NAME)->in,
                     MSG_EXT_IN_CH | MSG_EXT_IN_SH | MSG_EXT_IN_EE);
    assert_false(msg_ext_find(EXT_EXTENDED_MASTER_SECRET)->in & (MSG_EXT_IN_SH13 | MSG_EXT_IN_EE));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8448_client_hello),
        cmocka_unit_test(test_rfc8448_server_hello),
        cmocka_unit_test(test_client_hello13_round_trip),
        cmocka_unit_test(test_client_hello13_bad_extensions),
        cmocka_unit_test(test_server_hello13),
        cmocka_unit_test(test_encrypted_extensions),
        cmocka_unit_test(test_cert_request13),
        cmocka_unit_test(test_certificate13),
        cmocka_unit_test(test_cert_verify_content),
        cmocka_unit_test(test_finished13),
        cmocka_unit_test(test_suite_and_names),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
