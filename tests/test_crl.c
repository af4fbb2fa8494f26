/* test_crl.c — X.509 CRLs (RFC 5280 §5): the writer's encoding checked
 * field by field against §5.1, the parser's round trip, one malformed
 * structure per kind of fault with its specific error, every truncation
 * and every bit flip of a good CRL (an error or a failed signature, never
 * a crash), and the revocation check in hard, soft and off modes with its
 * steps and alerts. The certificates come from x509_fixture.h. */
#include "testlib.h"

#include "base/err.h"
#include "pki/crl.h"
#include "pki/der.h"
#include "pki/x509.h"
#include "x509_fixture.h"

typedef struct rec {
    size_t n;
    x509_check id[8];
    err_t res[8];
    char last[400];
} rec;

static void record(void *ctx, x509_check check, err_t result, const char *detail)
{
    rec *r = ctx;
    assert_true(r->n < 8);
    r->id[r->n] = check;
    r->res[r->n++] = result;
    snprintf(r->last, sizeof r->last, "%s", detail);
}

static tc ca, other, leaf;
static uint8_t der[CRL_DER_MAX];
static size_t crl_len;

static void setup_pki(void)
{
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    mk_ca(&other, 0x22, "Rogue CA");
    mk_leaf(&leaf, &ca);
}

/* The CA's CRL: thisUpdate an hour ago, nextUpdate in a week, CRL number
 * 5, and n entries (serial 01, then the leaf's serial). */
static void build(size_t n, int64_t this_update, int64_t next_update, const kp *signer)
{
    crl_entry e[2] = { { .serial = { 0x01 }, .serial_len = 1, .date = NOW - 86400 } };
    memcpy(e[1].serial, serial_a, sizeof serial_a);
    e[1].serial_len = sizeof serial_a;
    e[1].date = NOW - 60;
    crl_template t = { .this_update = this_update, .next_update = next_update, .number = 5,
                       .revoked = e, .n_revoked = n };
    assert_int_equal(crl_build(&t, &ca.x, signer->sk, der, sizeof der, &crl_len), ERR_OK);
}

static void test_crl_encoding(void **state)
{
    (void)state;
    setup_pki();
    build(1, NOW - 3600, NOW + 7 * 86400, &ca.k);
    /* CertificateList SEQUENCE, then tbsCertList SEQUENCE, then version
     * INTEGER 1 (v2, §5.1.2.1) and the Ed25519 AlgorithmIdentifier with no
     * parameters (RFC 8410 §3) */
    assert_int_equal(der[0], 0x30);
    size_t at = der[1] == 0x81 ? 3 : der[1] == 0x82 ? 4 : 2;
    assert_int_equal(der[at], 0x30);
    size_t tbs = at + (der[at + 1] == 0x81 ? 3 : der[at + 1] == 0x82 ? 4 : 2);
    static const uint8_t version_alg[] = { 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03,
                                           0x2b, 0x65, 0x70 };
    assert_memory_equal(der + tbs, version_alg, sizeof version_alg);
    /* the issuer is the CA's subject Name, byte for byte (§5.1.2.3) */
    assert_memory_equal(der + tbs + sizeof version_alg, ca.x.subject, ca.x.subject_len);
    /* thisUpdate 2025-01-15 09:00:00 as UTCTime (§5.1.2.4) */
    size_t t0 = tbs + sizeof version_alg + ca.x.subject_len;
    static const uint8_t this_update[] = { 0x17, 0x0d, '2', '5', '0', '1', '1', '5', '0', '9',
                                           '0', '0', '0', '0', 'Z' };
    assert_memory_equal(der + t0, this_update, sizeof this_update);
    /* the CRL number extension, 2.5.29.20, holding INTEGER 5 (§5.2.3) */
    static const uint8_t number[] = { 0x06, 0x03, 0x55, 0x1d, 0x14, 0x04, 0x03, 0x02, 0x01,
                                      0x05 };
    assert_non_null(find_bytes(der, crl_len, (const char *)number, sizeof number));
    /* the signature: BIT STRING of 64 bytes, no unused bits, at the end */
    assert_int_equal(der[crl_len - 67], 0x03);
    assert_int_equal(der[crl_len - 66], 0x41);
    assert_int_equal(der[crl_len - 65], 0x00);
}

static void test_crl_round_trip(void **state)
{
    (void)state;
    setup_pki();
    build(2, NOW - 3600, NOW + 7 * 86400, &ca.k);
    crl l;
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_OK);
    assert_int_equal(l.issuer_len, ca.x.subject_len);
    assert_memory_equal(l.issuer, ca.x.subject, ca.x.subject_len);
    assert_int_equal(l.this_update, NOW - 3600);
    assert_true(l.has_next_update);
    assert_int_equal(l.next_update, NOW + 7 * 86400);
    assert_true(l.has_number);
    assert_int_equal(l.number, 5);
    assert_int_equal(l.akid_len, ca.x.skid_len);
    assert_memory_equal(l.akid, ca.x.skid, ca.x.skid_len);
    assert_int_equal(l.n_revoked, 2);
    assert_int_equal(l.revoked[0].serial_len, 1);
    assert_int_equal(l.revoked[0].serial[0], 0x01);
    assert_int_equal(l.revoked[0].date, NOW - 86400);
    assert_int_equal(l.revoked[1].serial_len, sizeof serial_a);
    assert_memory_equal(l.revoked[1].serial, serial_a, sizeof serial_a);
    /* nothing revoked: revokedCertificates absent (§5.1.2.6), parsed as none */
    build(0, NOW - 3600, NOW + 7 * 86400, &ca.k);
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_OK);
    assert_int_equal(l.n_revoked, 0);
    assert_null(find_bytes(der, crl_len, (const char *)serial_a, sizeof serial_a));
}

static void test_crl_build_refuses(void **state)
{
    (void)state;
    setup_pki();
    crl_entry e = { .serial = { 0x80 }, .serial_len = 1 }; /* negative INTEGER content */
    crl_template t = { .this_update = NOW, .next_update = NOW + 1, .revoked = &e,
                       .n_revoked = 1 };
    assert_int_equal(crl_build(&t, &ca.x, ca.k.sk, der, sizeof der, &crl_len), ERR_USAGE);
    t.n_revoked = CRL_REVOKED_MAX + 1;
    assert_int_equal(crl_build(&t, &ca.x, ca.k.sk, der, sizeof der, &crl_len), ERR_USAGE);
    t.n_revoked = 0;
    assert_int_equal(crl_build(&t, &ca.x, ca.k.sk, der, 40, &crl_len), ERR_OVERFLOW);
}

/* A CRL written by hand, to break one rule at a time (its signature is
 * zeros: the parser does not verify, the check does). */
typedef struct hand {
    bool no_version;
    uint32_t version;
    bool empty_revoked;
    bool unknown_critical;
    bool other_outer_alg;
    bool trailing;
} hand;

static void put_alg(wr *w, uint8_t last)
{
    der_len a;
    static uint8_t oid[] = { 0x2b, 0x65, 0x70 };
    oid[2] = last;
    der_open(w, &a, DER_SEQUENCE);
    der_put(w, DER_OID, oid, 3);
    der_close(w, &a);
}

static void hand_crl(const hand *h)
{
    wr w;
    der_len list, tbs, seq, ext, wrap, exts, val;
    uint8_t sig[64] = { 0 };
    wr_init(&w, der, sizeof der);
    der_open(&w, &list, DER_SEQUENCE);
    der_open(&w, &tbs, DER_SEQUENCE);
    if (!h->no_version)
        der_put_small(&w, h->version);
    put_alg(&w, 0x70);
    wr_bytes(&w, ca.x.subject, ca.x.subject_len);
    der_put_time(&w, NOW - 60);
    der_put_time(&w, NOW + 60);
    if (h->empty_revoked) {
        der_open(&w, &seq, DER_SEQUENCE);
        der_close(&w, &seq);
    }
    if (h->unknown_critical) {
        static const uint8_t oid[] = { 0x55, 0x1d, 0x7f };
        der_open(&w, &wrap, DER_CTX_CONS(0));
        der_open(&w, &exts, DER_SEQUENCE);
        der_open(&w, &ext, DER_SEQUENCE);
        der_put(&w, DER_OID, oid, sizeof oid);
        der_put_bool(&w, true);
        der_open(&w, &val, DER_OCTET_STRING);
        der_put_small(&w, 0);
        der_close(&w, &val);
        der_close(&w, &ext);
        der_close(&w, &exts);
        der_close(&w, &wrap);
    }
    der_close(&w, &tbs);
    put_alg(&w, h->other_outer_alg ? 0x71 : 0x70);
    der_put_bits(&w, sig, sizeof sig);
    der_close(&w, &list);
    if (h->trailing)
        wr_u8(&w, 0);
    assert_int_equal(wr_status(&w), ERR_OK);
    crl_len = w.len;
}

static void test_crl_parse_faults(void **state)
{
    (void)state;
    setup_pki();
    crl l;
    hand ok = { .version = 1 };
    hand_crl(&ok);
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_OK);
    hand_crl(&(hand){ .version = 0 }); /* v1 */
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_CRL_FORMAT);
    hand_crl(&(hand){ .version = 2 }); /* v3 does not exist for CRLs */
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_CRL_FORMAT);
    hand_crl(&(hand){ .no_version = true });
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_CRL_FORMAT);
    hand_crl(&(hand){ .version = 1, .empty_revoked = true });
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_CRL_FORMAT);
    hand_crl(&(hand){ .version = 1, .unknown_critical = true });
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_CRL_FORMAT);
    hand_crl(&(hand){ .version = 1, .other_outer_alg = true }); /* X448's OID outside */
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_X509_ALG);
    hand_crl(&(hand){ .version = 1, .trailing = true });
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_DER_TRAILING);
    assert_int_equal(crl_parse(der, 0, &l), ERR_DER_TRUNCATED);
}

/* Every prefix is an error; every one-bit change is an error or, when it
 * still parses, a CRL whose signature no longer verifies (the signed part
 * changed) or that says what the original said (the flip hit the outer,
 * unsigned signature value: then the signature fails too). Never a crash. */
static void test_crl_truncations_and_flips(void **state)
{
    (void)state;
    setup_pki();
    build(2, NOW - 3600, NOW + 7 * 86400, &ca.k);
    static uint8_t good[CRL_DER_MAX];
    size_t n = crl_len;
    memcpy(good, der, n);
    crl l;
    for (size_t k = 0; k < n; k++)
        assert_int_not_equal(crl_parse(good, k, &l), ERR_OK);
    size_t parsed = 0;
    for (size_t i = 0; i < n * 8; i++) {
        memcpy(der, good, n);
        der[i / 8] ^= (uint8_t)(1u << (i % 8));
        if (crl_parse(der, n, &l) != ERR_OK)
            continue;
        parsed++;
        crl_set set = { { &l }, 1 };
        rec r = { 0 };
        err_t e = crl_check_cert(&leaf.x, &ca.x, &set, CRL_MODE_HARD, NOW, record, &r, NULL);
        /* a flipped bit anywhere in a CRL that still parses: not found
         * (issuer name or key ID changed) or a failed signature */
        if (e != ERR_CRL_MISSING && e != ERR_CRL_SIGNATURE)
            fail_msg("bit %zu: %s (%s)", i, err_name(e), r.last);
    }
    assert_true(parsed > 0); /* flips in the strings and times still parse */
}

static err_t check(crl_mode mode, int64_t now, rec *r, bool *warned)
{
    crl l;
    assert_int_equal(crl_parse(der, crl_len, &l), ERR_OK);
    crl_set set = { { &l }, 1 };
    memset(r, 0, sizeof *r);
    return crl_check_cert(&leaf.x, &ca.x, &set, mode, now, record, r, warned);
}

static void test_crl_check_modes(void **state)
{
    (void)state;
    setup_pki();
    rec r;
    bool warned;
    /* current, leaf not listed: four steps, all passed */
    build(1, NOW - 3600, NOW + 86400, &ca.k);
    assert_int_equal(check(CRL_MODE_HARD, NOW, &r, &warned), ERR_OK);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.id[0], X509_CHECK_CRL_ISSUER);
    assert_int_equal(r.id[1], X509_CHECK_CRL_SIGNATURE);
    assert_int_equal(r.id[2], X509_CHECK_CRL_TIME);
    assert_int_equal(r.id[3], X509_CHECK_REVOCATION);
    assert_false(warned);
    /* listed: certificate_revoked, in hard and soft alike */
    build(2, NOW - 3600, NOW + 86400, &ca.k);
    assert_int_equal(check(CRL_MODE_HARD, NOW, &r, &warned), ERR_CERT_REVOKED);
    assert_int_equal(err_alert(ERR_CERT_REVOKED), ALERT_certificate_revoked);
    assert_non_null(strstr(r.last, "is on the CRL, revoked 2025-01-15 09:59:00 UTC"));
    assert_int_equal(check(CRL_MODE_SOFT, NOW, &r, &warned), ERR_CERT_REVOKED);
    /* off: one report, nothing looked at */
    assert_int_equal(check(CRL_MODE_OFF, NOW, &r, &warned), ERR_OK);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.id[0], X509_CHECK_REVOCATION);
    /* stale: hard refuses with certificate_unknown, soft warns and passes */
    build(2, NOW - 14 * 86400, NOW - 7 * 86400, &ca.k);
    assert_int_equal(check(CRL_MODE_HARD, NOW, &r, &warned), ERR_CRL_STALE);
    assert_int_equal(err_alert(ERR_CRL_STALE), ALERT_certificate_unknown);
    assert_int_equal(r.id[r.n - 1], X509_CHECK_CRL_TIME);
    assert_non_null(strstr(r.last, "nextUpdate 2025-01-08 10:00:00 UTC has passed"));
    assert_int_equal(check(CRL_MODE_SOFT, NOW, &r, &warned), ERR_OK);
    assert_true(warned);
    assert_int_equal(r.res[r.n - 1], ERR_CRL_SOFT_FAIL);
    assert_true(err_is_warning(ERR_CRL_SOFT_FAIL));
    assert_int_equal(r.n, 3); /* the serial of an out-of-date CRL is not looked up */
    /* the clock before thisUpdate: not yet valid */
    build(0, NOW - 3600, NOW + 86400, &ca.k);
    assert_int_equal(check(CRL_MODE_HARD, NOW - 7200, &r, &warned), ERR_CRL_NOT_YET_VALID);
    /* signed by another key under the CA's name */
    build(0, NOW - 3600, NOW + 86400, &other.k);
    assert_int_equal(check(CRL_MODE_HARD, NOW, &r, &warned), ERR_CRL_SIGNATURE);
    assert_int_equal(r.id[r.n - 1], X509_CHECK_CRL_SIGNATURE);
    /* no CRL from the leaf's issuer at all */
    memset(&r, 0, sizeof r);
    crl_set none = { { NULL }, 0 };
    assert_int_equal(crl_check_cert(&leaf.x, &ca.x, &none, CRL_MODE_HARD, NOW, record, &r, NULL),
                     ERR_CRL_MISSING);
    assert_int_equal(crl_check_cert(&leaf.x, &ca.x, &none, CRL_MODE_SOFT, NOW, record, &r,
                                    &warned), ERR_OK);
    assert_true(warned);
    /* no set at all: a verifier not configured for revocation checks nothing */
    memset(&r, 0, sizeof r);
    assert_int_equal(crl_check_cert(&leaf.x, &ca.x, NULL, CRL_MODE_HARD, NOW, record, &r, NULL),
                     ERR_OK);
    assert_int_equal(r.n, 1);
    assert_string_equal(r.last, "not checked: this verifier was given no CRLs to consult");
}

static void test_crl_mode_names(void **state)
{
    (void)state;
    crl_mode m;
    assert_true(crl_mode_parse("soft", &m));
    assert_int_equal(m, CRL_MODE_SOFT);
    assert_true(crl_mode_parse("off", &m));
    assert_int_equal(m, CRL_MODE_OFF);
    assert_true(crl_mode_parse("hard", &m));
    assert_int_equal(m, CRL_MODE_HARD);
    assert_false(crl_mode_parse("Hard", &m));
    assert_false(crl_mode_parse("", &m));
    assert_string_equal(crl_mode_name(CRL_MODE_SOFT), "soft");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crl_encoding),
        cmocka_unit_test(test_crl_round_trip),
        cmocka_unit_test(test_crl_build_refuses),
        cmocka_unit_test(test_crl_parse_faults),
        cmocka_unit_test(test_crl_truncations_and_flips),
        cmocka_unit_test(test_crl_check_modes),
        cmocka_unit_test(test_crl_mode_names),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
