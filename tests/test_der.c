/* test_der.c — DER encodings checked against X.690 by hand, one malformed
 * header or value per kind of fault with its specific error, and time
 * round trips (UTCTime and GeneralizedTime, and x509_time_str). The
 * certificate tests are in test_x509.c. */
#include "testlib.h"

#include "pki/der.h"
#include "base/err.h"
#include "pki/x509.h"

#define NOW 1736935200 /* 2025-01-15 10:00:00 UTC, the seeded clock */

/* ---- DER encodings ---- */

static void test_der_write_known(void **state)
{
    (void)state;
    uint8_t buf[400];
    wr w;
    der_len l;
    wr_init(&w, buf, sizeof buf);
    der_put_small(&w, 0);
    der_put_small(&w, 128);       /* needs a 0x00 so it stays positive */
    der_put_bool(&w, true);
    der_put_named_bits(&w, X509_KU_DIGITAL_SIGNATURE);                   /* RFC 5280 §4.2.1.3 */
    der_put_named_bits(&w, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    der_put_named_bits(&w, X509_KU_DIGITAL_SIGNATURE | X509_KU_KEY_AGREEMENT);
    der_put_time(&w, NOW);                /* UTCTime */
    der_put_time(&w, 2524608000);         /* 2050-01-01: GeneralizedTime */
    der_put_time(&w, -631152001);         /* 1949-12-31 23:59:59: GeneralizedTime */
    assert_int_equal(wr_status(&w), ERR_OK);
    assert_hex_equal(buf, w.len, "020100" "02020080" "0101ff" "03020780" "03020106" "03020388"
                                 "170d3235303131353130303030305a"
                                 "180f32303530303130313030303030305a"
                                 "180f31393439313233313233353935395a");
    /* a body of 200 and of 300 bytes moves up for the long form */
    wr_init(&w, buf, sizeof buf);
    der_open(&w, &l, DER_SEQUENCE);
    for (int i = 0; i < 200; i++)
        wr_u8(&w, 0xaa);
    der_close(&w, &l);
    assert_int_equal(w.len, 203);
    assert_hex_equal(buf, 4, "3081c8aa");
    wr_init(&w, buf, sizeof buf);
    der_open(&w, &l, DER_SEQUENCE);
    for (int i = 0; i < 300; i++)
        wr_u8(&w, (uint8_t)i);
    der_close(&w, &l);
    assert_int_equal(w.len, 304);
    assert_hex_equal(buf, 6, "3082012c0001");
    assert_int_equal(buf[303], 299 & 0xff);
    /* and does not fit: the error sticks */
    wr_init(&w, buf, 301);
    der_open(&w, &l, DER_SEQUENCE);
    for (int i = 0; i < 299; i++)
        wr_u8(&w, 0);
    der_close(&w, &l);
    assert_int_equal(wr_status(&w), ERR_OVERFLOW);
}

static void test_der_header_faults(void **state)
{
    (void)state;
    static const struct { const char *hex; err_t want; } cases[] = {
        { "", ERR_DER_TRUNCATED },           /* no tag */
        { "30", ERR_DER_TRUNCATED },         /* no length */
        { "3082", ERR_DER_TRUNCATED },       /* length octets missing */
        { "308201", ERR_DER_TRUNCATED },
        { "3080", ERR_DER_LENGTH },          /* indefinite */
        { "30ff", ERR_DER_LENGTH },          /* reserved */
        { "30817f", ERR_DER_LENGTH },        /* fits the short form */
        { "30820080", ERR_DER_LENGTH },      /* leading zero octet */
        { "30850000000001", ERR_DER_LENGTH },/* five length octets */
        { "300200", ERR_DER_PAST_END },
        { "3084ffffffff", ERR_DER_PAST_END },
        { "1f0100", ERR_DER_TAG },           /* multi-byte tag */
        { "3000", ERR_OK },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t b[16];
        size_t n = unhex(cases[i].hex, b, sizeof b), len;
        uint8_t tag;
        rd r;
        rd_init(&r, b, n);
        err_t e = der_read_header(&r, &tag, &len);
        if (e != cases[i].want)
            fail_msg("%s: got %s, want %s", cases[i].hex, err_name(e), err_name(cases[i].want));
        if (e != ERR_OK)
            assert_int_equal(rd_off(&r), 0); /* a failed read consumes nothing */
    }
}

static void test_der_value_faults(void **state)
{
    (void)state;
    static const struct { const char *hex; int kind; err_t want; } cases[] = {
        { "0200", 0, ERR_DER_VALUE },       /* empty INTEGER */
        { "02020001", 0, ERR_DER_VALUE },   /* non-minimal */
        { "020180", 0, ERR_DER_VALUE },     /* negative */
        { "02020080", 0, ERR_OK },
        { "010101", 1, ERR_DER_VALUE },     /* BOOLEAN must be 00 or ff */
        { "01020000", 1, ERR_DER_VALUE },
        { "0300", 2, ERR_DER_VALUE },       /* no unused-bits octet */
        { "030208ff", 2, ERR_DER_VALUE },   /* 8 unused bits */
        { "030101", 2, ERR_DER_VALUE },     /* unused bits without content */
        { "030201ff", 2, ERR_DER_VALUE },   /* unused bit not zero */
        { "0600", 3, ERR_DER_VALUE },       /* empty OID */
        { "06022b85", 3, ERR_DER_VALUE },   /* unfinished subidentifier */
        { "0603802b65", 3, ERR_DER_VALUE }, /* 0x80 padding */
        { "170d3235313331353130303030305a", 4, ERR_X509_TIME }, /* month 13 */
        { "170d3235303233303130303030305a", 4, ERR_X509_TIME }, /* 30 February */
        { "170d3235303131353130303036305a", 4, ERR_X509_TIME }, /* second 60 */
        { "170b323530313135313030305a", 4, ERR_X509_TIME },     /* no seconds */
        { "170d323530313135313030303030", 4, ERR_DER_PAST_END },
        { "170d3235303131353130303030302b", 4, ERR_X509_TIME }, /* not Z */
        { "170d32353031313531303030303a5a", 4, ERR_X509_TIME }, /* not a digit */
        { "180f32303235303131353130303030305a", 4, ERR_X509_TIME }, /* 2025 must be UTCTime */
        { "0c0141", 4, ERR_DER_TAG },
        { "170d3030303232393030303030305a", 4, ERR_OK }, /* 2000-02-29 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t b[32];
        size_t n = unhex(cases[i].hex, b, sizeof b), pn;
        const uint8_t *p;
        bool bv;
        uint8_t u;
        int64_t t;
        rd r;
        rd_init(&r, b, n);
        err_t e = cases[i].kind == 0 ? der_read_uint(&r, &p, &pn)
                : cases[i].kind == 1 ? der_read_bool(&r, &bv)
                : cases[i].kind == 2 ? der_read_bits(&r, &p, &pn, &u)
                : cases[i].kind == 3 ? der_read_oid(&r, &p, &pn)
                                     : der_read_time(&r, &t);
        if (e != cases[i].want)
            fail_msg("%s: got %s, want %s", cases[i].hex, err_name(e), err_name(cases[i].want));
    }
}

static void test_time_round_trip(void **state)
{
    (void)state;
    static const int64_t ts[] = { 0, NOW, 951782400 /* 2000-02-29 */, -631152001, 2524607999,
                                  2524608000, 253402300799 /* 9999-12-31 23:59:59 */ };
    char s[32];
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        uint8_t buf[32];
        wr w;
        rd r;
        int64_t t;
        wr_init(&w, buf, sizeof buf);
        der_put_time(&w, ts[i]);
        assert_int_equal(wr_status(&w), ERR_OK);
        rd_init(&r, buf, w.len);
        assert_int_equal(der_read_time(&r, &t), ERR_OK);
        assert_true(t == ts[i]);
    }
    x509_time_str(NOW, s, sizeof s);
    assert_string_equal(s, "2025-01-15 10:00:00 UTC");
    x509_time_str(951782400, s, sizeof s);
    assert_string_equal(s, "2000-02-29 00:00:00 UTC");
    x509_time_str(-1, s, sizeof s);
    assert_string_equal(s, "1969-12-31 23:59:59 UTC");
    char oid[32];
    der_oid_str((const uint8_t *)"\x2b\x06\x01\x05\x05\x07\x03\x01", 8, oid, sizeof oid);
    assert_string_equal(oid, "1.3.6.1.5.5.7.3.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_der_write_known),
        cmocka_unit_test(test_der_header_faults),
        cmocka_unit_test(test_der_value_faults),
        cmocka_unit_test(test_time_round_trip),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
