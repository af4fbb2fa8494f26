/* test_extensions.c — the hello extensions table (msg_ext.c) against
 * RFC 5246 §7.4.1.4: every type at most once (below 32 and above), a
 * ServerHello carries only what the ClientHello offered and what a
 * ServerHello may carry (unsupported_extension), a server ignores types it
 * does not know, and writing then parsing gives the same hello and bytes.
 * The expected bytes are laid out by hand from RFC 6066 §3, RFC 8422 §5.1,
 * RFC 5246 §7.4.1.4.1, RFC 7627 §5.1 and RFC 5746 §3.2. */
#include "testlib.h"

#include "base/err.h"
#include "tls/msg/msg.h"

/* A hello around an extensions block given in hex (the block's 2-byte
 * length is added): ClientHello with the one suite 0xCCA9 and null
 * compression, or ServerHello choosing 0xCCA9; random 0x11… / 0x22…. */
static size_t hello_bytes(uint8_t type, const char *exts_hex, uint8_t *out, size_t cap)
{
    uint8_t exts[512];
    size_t n = unhex(exts_hex, exts, sizeof exts);
    uint8_t random[KS_RANDOM_LEN];
    memset(random, type == HT_CLIENT_HELLO ? 0x11 : 0x22, sizeof random);
    wr w;
    wr_len hs, l;
    wr_init(&w, out, cap);
    msg_hs_begin(&w, type, &hs);
    wr_u16(&w, 0x0303);
    wr_bytes(&w, random, sizeof random);
    wr_u8(&w, 0); /* session_id */
    if (type == HT_CLIENT_HELLO) {
        wr_u16(&w, 2);
        wr_u16(&w, CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256);
        wr_u8(&w, 1);
        wr_u8(&w, 0);
    } else {
        wr_u16(&w, CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256);
        wr_u8(&w, 0);
    }
    wr_begin(&w, &l, 2);
    wr_bytes(&w, exts, n);
    wr_end(&w, &l);
    msg_hs_end(&w, &hs);
    assert_int_equal(wr_status(&w), ERR_OK);
    return w.len;
}

static err_t parse_ch(const char *exts_hex, msg_client_hello *m, spans *sp)
{
    uint8_t buf[600];
    rd r;
    rd_init(&r, buf, hello_bytes(HT_CLIENT_HELLO, exts_hex, buf, sizeof buf));
    return msg_client_hello_parse(&r, m, sp);
}

static err_t parse_sh(const char *exts_hex, msg_ext_set offered, msg_server_hello *m)
{
    uint8_t buf[600];
    rd r;
    rd_init(&r, buf, hello_bytes(HT_SERVER_HELLO, exts_hex, buf, sizeof buf));
    return msg_server_hello_parse(&r, m, offered, NULL);
}

/* the extensions of the full ClientHello below, laid out by hand */
#define EXT_SNI "0000000e000c00000961" "2e6578616d706c65" /* host_name "a.example" */
#define EXT_GROUPS "000a00040002001d"
#define EXT_FORMATS "000b00020100"
#define EXT_SIGALGS "000d000400020807"
#define EXT_EMS "00170000"
#define EXT_RENEG "ff01000100"

/* The bit of a type's row in a msg_ext_set. */
static msg_ext_set row_bit(uint16_t type)
{
    const msg_ext_row *row = msg_ext_find(type);
    assert_non_null(row);
    return (msg_ext_set)1 << (size_t)(row - msg_ext_table);
}

static void full_client_hello(msg_client_hello *m)
{
    memset(m, 0, sizeof *m);
    m->version = 0x0303;
    memset(m->random, 0x11, sizeof m->random);
    m->suites[m->n_suites++] = CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256;
    m->has_sni = true;
    strcpy(m->sni, "a.example");
    m->groups[m->n_groups++] = GROUP_X25519;
    m->has_point_formats = true;
    m->sigalgs[m->n_sigalgs++] = SIGALG_ED25519;
    m->ems = true;
    m->reneg_info = true;
}

static void test_client_hello_round_trip(void **state)
{
    (void)state;
    msg_client_hello m, back;
    full_client_hello(&m);
    uint8_t buf[600], again[600], want[600];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_client_hello_write(&w, &m);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* the same bytes as the hand-made hello, extensions in table order */
    size_t n = hello_bytes(HT_CLIENT_HELLO,
                           "" EXT_SNI EXT_GROUPS EXT_FORMATS EXT_SIGALGS EXT_EMS EXT_RENEG, want,
                           sizeof want);
    assert_int_equal(w.len, n);
    assert_memory_equal(buf, want, n);
    assert_int_equal(n, 4 + 2 + 32 + 1 + 4 + 2 + 2 + 49); /* 49 bytes of extensions */

    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_client_hello_parse(&r, &back, NULL), ERR_OK);
    assert_true(back.has_sni);
    assert_string_equal(back.sni, "a.example");
    assert_int_equal(back.n_groups, 1);
    assert_int_equal(back.groups[0], GROUP_X25519);
    assert_true(back.has_point_formats);
    assert_true(back.uncompressed_ok);
    assert_int_equal(back.n_sigalgs, 1);
    assert_int_equal(back.sigalgs[0], SIGALG_ED25519);
    assert_true(back.ems);
    assert_true(back.reneg_info);
    assert_int_equal(back.reneg_len, 0);
    wr_init(&w, again, sizeof again);
    msg_client_hello_write(&w, &back);
    assert_int_equal(w.len, n);
    assert_memory_equal(again, buf, n);

    /* what it offers: every TLS 1.2 row of the table (none of TLS 1.3's) */
    assert_int_equal(msg_ext_offered(&back),
                     row_bit(EXT_SERVER_NAME) | row_bit(EXT_SUPPORTED_GROUPS) |
                         row_bit(EXT_EC_POINT_FORMATS) | row_bit(EXT_SIGNATURE_ALGORITHMS) |
                         row_bit(EXT_EXTENDED_MASTER_SECRET) | row_bit(EXT_RENEGOTIATION_INFO));
    /* without SNI and EMS, those two rows are neither written nor offered */
    m.has_sni = false;
    m.ems = false;
    wr_init(&w, buf, sizeof buf);
    msg_client_hello_write(&w, &m);
    n = hello_bytes(HT_CLIENT_HELLO, "" EXT_GROUPS EXT_FORMATS EXT_SIGALGS EXT_RENEG, want,
                    sizeof want);
    assert_int_equal(w.len, n);
    assert_memory_equal(buf, want, n);
    msg_ext_set off = msg_ext_offered(&m);
    assert_false(off & row_bit(EXT_SERVER_NAME));
    assert_false(off & row_bit(EXT_EXTENDED_MASTER_SECRET));
    assert_true(off & row_bit(EXT_RENEGOTIATION_INFO));
    assert_true(off & row_bit(EXT_SUPPORTED_GROUPS));
}

static void test_server_hello_round_trip(void **state)
{
    (void)state;
    msg_client_hello ch;
    full_client_hello(&ch);
    msg_server_hello m, back;
    memset(&m, 0, sizeof m);
    m.version = 0x0303;
    memset(m.random, 0x22, sizeof m.random);
    m.suite = CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256;
    m.sni_ack = true;
    m.has_point_formats = true;
    m.ems = true;
    m.reneg_info = true;
    uint8_t buf[600], want[600];
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_server_hello_write(&w, &m);
    size_t n = hello_bytes(HT_SERVER_HELLO, "00000000" EXT_FORMATS EXT_EMS EXT_RENEG, want,
                           sizeof want);
    assert_int_equal(w.len, n);
    assert_memory_equal(buf, want, n);
    rd r;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_server_hello_parse(&r, &back, msg_ext_offered(&ch), NULL), ERR_OK);
    assert_true(back.sni_ack);
    assert_true(back.has_point_formats);
    assert_true(back.ems);
    assert_true(back.reneg_info);
    assert_int_equal(back.reneg_len, 0);
    assert_int_equal(back.suite, CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256);
    /* no extensions at all: an empty block, 2 bytes of zero length */
    m.sni_ack = m.has_point_formats = m.ems = m.reneg_info = false;
    wr_init(&w, buf, sizeof buf);
    msg_server_hello_write(&w, &m);
    n = hello_bytes(HT_SERVER_HELLO, "", want, sizeof want);
    assert_int_equal(w.len, n);
    assert_memory_equal(buf, want, n);
}

/* renegotiation_info is 0xff01: a repeat of it, and of an unknown type above
 * 32, is refused as a repeat of a small type is */
static void test_duplicate_type_above_32(void **state)
{
    (void)state;
    msg_client_hello m;
    assert_int_equal(parse_ch(EXT_RENEG EXT_EMS EXT_RENEG, &m, NULL), ERR_HS_ILLEGAL_PARAM);
    assert_int_equal(parse_ch("337400020000" EXT_EMS "337400020000", &m, NULL),
                     ERR_HS_ILLEGAL_PARAM);
    /* type 32 and type 0: the edges of the old 32-bit mask */
    assert_int_equal(parse_ch("00200000" "00200000", &m, NULL), ERR_HS_ILLEGAL_PARAM);
    msg_server_hello s;
    assert_int_equal(parse_sh(EXT_RENEG EXT_RENEG, MSG_EXT_SET_ALL, &s), ERR_HS_ILLEGAL_PARAM);
    /* each once is fine */
    assert_int_equal(parse_ch(EXT_RENEG "337400020000" "00200000", &m, NULL), ERR_OK);
    assert_true(m.reneg_info);
}

static void test_duplicate_type_below_32(void **state)
{
    (void)state;
    msg_client_hello m;
    assert_int_equal(parse_ch(EXT_EMS EXT_EMS, &m, NULL), ERR_HS_ILLEGAL_PARAM);
    assert_int_equal(parse_ch(EXT_SNI EXT_GROUPS EXT_SNI, &m, NULL), ERR_HS_ILLEGAL_PARAM);
    assert_int_equal(parse_ch("00050000" "00050000", &m, NULL), ERR_HS_ILLEGAL_PARAM);
    msg_server_hello s;
    assert_int_equal(parse_sh(EXT_EMS EXT_FORMATS EXT_EMS, MSG_EXT_SET_ALL, &s),
                     ERR_HS_ILLEGAL_PARAM);
}

static void test_server_hello_not_offered(void **state)
{
    (void)state;
    msg_client_hello ch;
    full_client_hello(&ch);
    ch.ems = false;
    ch.has_sni = false;
    msg_ext_set off = msg_ext_offered(&ch);
    msg_server_hello s;
    assert_int_equal(parse_sh(EXT_FORMATS EXT_RENEG, off, &s), ERR_OK);
    /* extended_master_secret was not offered (RFC 7627 §5.2 too) */
    assert_int_equal(parse_sh(EXT_FORMATS EXT_EMS, off, &s), ERR_HS_UNSUPPORTED_EXT);
    assert_int_equal(parse_sh("00000000", off, &s), ERR_HS_UNSUPPORTED_EXT);
    /* a type the client cannot have offered: it knows no such type */
    assert_int_equal(parse_sh("337400020000", MSG_EXT_SET_ALL, &s), ERR_HS_UNSUPPORTED_EXT);
    /* offered, but a ServerHello may not carry them in TLS 1.2 */
    assert_int_equal(parse_sh(EXT_GROUPS, MSG_EXT_SET_ALL, &s), ERR_HS_UNSUPPORTED_EXT);
    assert_int_equal(parse_sh(EXT_SIGALGS, off, &s), ERR_HS_UNSUPPORTED_EXT);
    /* the alert RFC 5246 §7.2.2 names for it */
    assert_int_equal(err_alert(ERR_HS_UNSUPPORTED_EXT), ALERT_unsupported_extension);
    assert_int_equal(ALERT_unsupported_extension, 110);

    /* the SCSV offers renegotiation_info as the empty extension does */
    ch.reneg_info = false;
    off = msg_ext_offered(&ch);
    assert_int_equal(parse_sh(EXT_RENEG, off, &s), ERR_HS_UNSUPPORTED_EXT);
    ch.suites[ch.n_suites++] = CS_EMPTY_RENEGOTIATION_INFO_SCSV;
    off = msg_ext_offered(&ch);
    assert_int_equal(parse_sh(EXT_RENEG, off, &s), ERR_OK);
    assert_true(s.reneg_info);
}

static void test_client_hello_unknown_ignored(void **state)
{
    (void)state;
    msg_client_hello m;
    spans sp;
    sp_init(&sp, 0);
    /* next_protocol_negotiation (0x3374) with a body, and type 0xfe00 */
    assert_int_equal(parse_ch("33740003abcdef" EXT_EMS "fe000000", &m, &sp), ERR_OK);
    assert_true(m.ems);
    assert_false(m.has_sni);
    assert_int_equal(m.n_groups, 0);
    bool named = false;
    for (size_t i = 0; i < sp.n; i++)
        named |= strcmp(sp.v[i].name, "extension unknown (13172)") == 0;
    assert_true(named);
    /* still framed: an unknown extension that runs past the block fails */
    assert_int_equal(parse_ch("33740009abcdef", &m, NULL), ERR_TRUNCATED);
}

static void test_table(void **state)
{
    (void)state;
    /* ascending type order, each type once, every row allowed in a ClientHello */
    for (size_t i = 0; i < msg_ext_table_len; i++) {
        assert_true(msg_ext_table[i].in & MSG_EXT_IN_CH);
        if (i > 0)
            assert_true(msg_ext_table[i - 1].type < msg_ext_table[i].type);
        assert_ptr_equal(msg_ext_find(msg_ext_table[i].type), &msg_ext_table[i]);
    }
    assert_int_equal(msg_ext_table_len, 9); /* 6 of TLS 1.2, 3 of TLS 1.3 */
    assert_string_equal(msg_ext_name(EXT_RENEGOTIATION_INFO), "renegotiation_info");
    assert_string_equal(msg_ext_name(0x3374), "unknown");
    assert_null(msg_ext_find(0x3374));
    assert_false(msg_ext_find(EXT_SUPPORTED_GROUPS)->in & MSG_EXT_IN_SH);
    assert_true(msg_ext_find(EXT_EXTENDED_MASTER_SECRET)->in & MSG_EXT_IN_SH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_client_hello_round_trip),
        cmocka_unit_test(test_server_hello_round_trip),
        cmocka_unit_test(test_duplicate_type_above_32),
        cmocka_unit_test(test_duplicate_type_below_32),
        cmocka_unit_test(test_server_hello_not_offered),
        cmocka_unit_test(test_client_hello_unknown_ignored),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
