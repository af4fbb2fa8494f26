/* test_x509_verify.c — X.509 chain verification: one case per check, each
 * with its specific error and TLS alert, and the order in which the checks
 * are reported. Building and parsing certificates is tested in test_x509.c;
 * the test certificates come from x509_fixture.h. */
#include "testlib.h"

#include "base/err.h"
#include "pki/crl.h"
#include "pki/x509.h"
#include "x509_fixture.h"

/* ---- verification: one case per check, with its alert and the order ---- */

typedef struct rec {
    size_t n;
    const char *name[24];
    err_t res[24];
    char last[700];
} rec;

static void record(void *ctx, x509_check check, err_t result, const char *detail)
{
    rec *r = ctx;
    assert_true(r->n < 24);
    r->name[r->n] = x509_check_name(check);
    r->res[r->n++] = result;
    snprintf(r->last, sizeof r->last, "%s", detail);
}

/* Verify and check: the result, its alert, and the names reported in order
 * (all but the last must have passed; the last carries the result). */
static void expect(const x509_cert *chain, size_t n, const x509_policy *pol, err_t want,
                   int alert, const char *order)
{
    rec r = { 0 };
    err_t e = x509_verify_chain(chain, n, pol, record, &r);
    if (e != want)
        fail_msg("got %s, want %s (%s)", err_name(e), err_name(want), r.last);
    assert_int_equal(err_alert(e), alert);
    char got[512] = "";
    for (size_t i = 0; i < r.n; i++) {
        assert_int_equal(r.res[i], i + 1 < r.n ? ERR_OK : want);
        strcat(got, i ? "," : "");
        strcat(got, r.name[i]);
    }
    assert_string_equal(got, order);
}

#define UPTO_NAME "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage,extended key usage,name"
#define ALL UPTO_NAME ",revocation"
#define LINK "issuer is a CA,issuer may sign certificates,path length"

typedef struct fx {
    tc ca, other, leaf;
    x509_policy pol;
} fx;

static fx *fixture(void)
{
    static fx f;
    memset(&f, 0, sizeof f);
    mk_ca(&f.ca, 0x11, "mtls-sim Classroom CA");
    mk_ca(&f.other, 0x22, "Rogue CA");
    mk_leaf(&f.leaf, &f.ca);
    f.pol.anchor = &f.ca.x;
    f.pol.now = NOW;
    f.pol.role = X509_ROLE_SERVER;
    f.pol.expected_name = "server.classroom.example";
    /* revocation is test_crl.c's and test_verify_revoked's: here the
     * chain checks end with "revocation: not checked" */
    f.pol.revocation = CRL_MODE_OFF;
    return &f;
}

static void reissue(fx *f, const x509_template *t, const tc *by) { mk(&f->leaf, t, by); }

static void test_verify_ok_and_order(void **state)
{
    (void)state;
    fx *f = fixture();
    rec r = { 0 };
    assert_int_equal(x509_verify_chain(&f->leaf.x, 1, &f->pol, record, &r), ERR_OK);
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    assert_string_equal(r.last, "not checked: --revocation off (the certificate is accepted "
                                "whatever its CA says of it)");
    /* no expected name: that check is not made */
    f->pol.expected_name = NULL;
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage,extended key usage,revocation");
    /* names compare without regard to case (RFC 6125 §6.4.1) */
    f->pol.expected_name = "SERVER.Classroom.EXAMPLE";
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    /* both ends of the validity period are inside it */
    f->pol.now = f->leaf.x.not_after;
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    f->pol.now = f->leaf.x.not_before;
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    expect(&f->leaf.x, 0, &f->pol, ERR_CERT_MISSING, ALERT_handshake_failure, "certificate");

}

static void test_verify_unknown_ca(void **state)
{
    (void)state;
    fx *f = fixture();
    rec r = { 0 };
    mk_leaf(&f->leaf, &f->other);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_UNKNOWN_CA, ALERT_unknown_ca, "issuer: path to a trusted CA");
    assert_int_equal(x509_verify_chain(&f->leaf.x, 1, &f->pol, record, &r), ERR_CERT_UNKNOWN_CA);
    assert_string_equal(r.last, "CN=server.classroom.example: issuer CN=Rogue CA is neither a "
                                "trusted CA in the trust store (CN=mtls-sim Classroom CA) nor a "
                                "certificate the peer sent: no path");
    /* same name, another key: the key identifiers tell them apart */
    mk_ca(&f->other, 0x22, "mtls-sim Classroom CA");
    mk_leaf(&f->leaf, &f->other);
    assert_memory_equal(f->leaf.x.issuer, f->ca.x.subject, f->ca.x.subject_len);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_UNKNOWN_CA, ALERT_unknown_ca, "issuer: path to a trusted CA");
}

static void test_verify_signature(void **state)
{
    (void)state;
    fx *f = fixture();
    rec r = { 0 };
    f->leaf.der[f->leaf.len - 1] ^= 0x01; /* a signature byte */
    assert_int_equal(reparse(&f->leaf), ERR_OK);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_SIGNATURE, ALERT_bad_certificate, "issuer: path to a trusted CA,signature");
    /* a byte of the signed part: the CN */
    mk_leaf(&f->leaf, &f->ca);
    uint8_t *p = find_bytes(f->leaf.der, f->leaf.len, "server.classroom", 16);
    assert_non_null(p);
    *p = 'S';
    assert_int_equal(reparse(&f->leaf), ERR_OK);
    assert_int_equal(x509_verify_chain(&f->leaf.x, 1, &f->pol, record, &r), ERR_CERT_SIGNATURE);
    assert_non_null(strstr(r.last, "does not verify with the key of CN=mtls-sim Classroom CA"));
}

static void test_verify_validity(void **state)
{
    (void)state;
    fx *f = fixture();
    rec r = { 0 };
    x509_template t = leaf_tmpl(&f->leaf);
    t.not_before = NOW - 100 * DAY;
    t.not_after = NOW - 10 * DAY;
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_EXPIRED, ALERT_certificate_expired,
           "issuer: path to a trusted CA,signature,validity");
    assert_int_equal(x509_verify_chain(&f->leaf.x, 1, &f->pol, record, &r), ERR_CERT_EXPIRED);
    assert_string_equal(r.last, "CN=server.classroom.example: notAfter 2025-01-05 10:00:00 UTC "
                                "is before now 2025-01-15 10:00:00 UTC");
    t.not_before = NOW + 10 * DAY;
    t.not_after = NOW + 100 * DAY;
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_NOT_YET_VALID, ALERT_certificate_expired,
           "issuer: path to a trusted CA,signature,validity");
    t = leaf_tmpl(&f->leaf);
    reissue(f, &t, &f->ca);
    f->pol.now = t.not_after + 1;
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_EXPIRED, ALERT_certificate_expired,
           "issuer: path to a trusted CA,signature,validity");
}

static void test_verify_issuer_not_ca(void **state)
{
    (void)state;
    fx *f = fixture();
    x509_template t = ca_tmpl(&f->ca, "mtls-sim Classroom CA");
    t.is_ca = false;
    mk(&f->ca, &t, NULL);
    mk_leaf(&f->leaf, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_ISSUER_NOT_CA, ALERT_unknown_ca,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA");
    t.is_ca = true;
    t.key_usage = X509_KU_DIGITAL_SIGNATURE; /* a CA, but not for certificates */
    mk(&f->ca, &t, NULL);
    mk_leaf(&f->leaf, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_ISSUER_NOT_CA, ALERT_unknown_ca,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,"
           "issuer may sign certificates");
}

static void test_verify_key_usage(void **state)
{
    (void)state;
    fx *f = fixture();
    x509_template t = leaf_tmpl(&f->leaf);
    t.key_usage = X509_KU_KEY_ENCIPHERMENT;
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_KEY_USAGE, ALERT_unsupported_certificate,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage");
    t.key_usage = 0; /* no extension: any use */
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    /* an X25519 key needs keyAgreement (RFC 8410 §5), not digitalSignature */
    uint8_t scalar[32], pub[32];
    memset(scalar, 0x44, sizeof scalar);
    crypto_scalarmult_base(pub, scalar);
    t.key_type = X509_KEY_X25519;
    t.key = pub;
    t.key_usage = X509_KU_KEY_AGREEMENT;
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    t.key_usage = X509_KU_DIGITAL_SIGNATURE;
    reissue(f, &t, &f->ca);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_KEY_USAGE, ALERT_unsupported_certificate,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage");
}

static void test_verify_eku(void **state)
{
    (void)state;
    fx *f = fixture();
    f->pol.role = X509_ROLE_CLIENT; /* a server certificate offered by a client */
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_EKU, ALERT_unsupported_certificate,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage,extended key usage");
    x509_template t = leaf_tmpl(&f->leaf);
    t.eku = X509_EKU_CLIENT_AUTH;
    reissue(f, &t, &f->ca);
    f->pol.role = X509_ROLE_SERVER;
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_EKU, ALERT_unsupported_certificate,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,key usage,extended key usage");
}

static void test_verify_name(void **state)
{
    (void)state;
    fx *f = fixture();
    rec r = { 0 };
    f->pol.expected_name = "evil.example";
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_NAME, ALERT_bad_certificate, UPTO_NAME);
    assert_int_equal(x509_verify_chain(&f->leaf.x, 1, &f->pol, record, &r), ERR_CERT_NAME);
    assert_string_equal(r.last, "no subjectAltName DNS entry is evil.example "
                                "(it has DNS:server.classroom.example)");
    /* the CN alone does not name a server */
    x509_template t = leaf_tmpl(&f->leaf);
    t.san_dns = NULL;
    reissue(f, &t, &f->ca);
    f->pol.expected_name = "server.classroom.example";
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_NAME, ALERT_bad_certificate, UPTO_NAME);
    /* a client is named by its URI, compared exactly */
    t = leaf_tmpl(&f->leaf);
    t.san_dns = NULL;
    t.san_uri = "spiffe://classroom.example/student";
    t.eku = X509_EKU_CLIENT_AUTH;
    reissue(f, &t, &f->ca);
    f->pol.role = X509_ROLE_CLIENT;
    f->pol.expected_name = "spiffe://classroom.example/student";
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, ALL);
    f->pol.expected_name = "spiffe://classroom.example/Student";
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_NAME, ALERT_bad_certificate, UPTO_NAME);
}

/* The CRL of the leaf's CA, listing serial 01 and (when both) the leaf's. */
static void crl_of_ca(const fx *f, bool both, uint8_t *der, size_t cap, size_t *len, crl *out)
{
    crl_entry e[2] = { { .serial = { 0x01 }, .serial_len = 1, .date = NOW - 60 } };
    memcpy(e[1].serial, serial_a, 16);
    e[1].serial_len = 16;
    e[1].date = NOW - 30;
    crl_template t = { .this_update = NOW - 3600, .next_update = NOW + 86400, .number = 3,
                       .revoked = e, .n_revoked = both ? 2 : 1 };
    assert_int_equal(crl_build(&t, &f->ca.x, f->ca.k.sk, der, cap, len), ERR_OK);
    assert_int_equal(crl_parse(der, *len, out), ERR_OK);
}

#define CRL_ALL UPTO_NAME ",revocation: CRL issuer,revocation: CRL signature,revocation: CRL up to date,revocation"

static void test_verify_revoked(void **state)
{
    (void)state;
    fx *f = fixture();
    static uint8_t der[CRL_DER_MAX];
    static crl l;
    size_t len;
    crl_set set = { { &l }, 1 };
    f->pol.crls = &set;
    f->pol.revocation = CRL_MODE_HARD;
    crl_of_ca(f, false, der, sizeof der, &len, &l);
    expect(&f->leaf.x, 1, &f->pol, ERR_OK, ALERT_NONE, CRL_ALL);
    crl_of_ca(f, true, der, sizeof der, &len, &l);
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_REVOKED, ALERT_certificate_revoked, CRL_ALL);
    /* soft does not forgive a revoked serial on a good CRL */
    f->pol.revocation = CRL_MODE_SOFT;
    expect(&f->leaf.x, 1, &f->pol, ERR_CERT_REVOKED, ALERT_certificate_revoked, CRL_ALL);
    /* no CRL from the CA: hard refuses with certificate_unknown */
    set.n = 0;
    f->pol.revocation = CRL_MODE_HARD;
    expect(&f->leaf.x, 1, &f->pol, ERR_CRL_MISSING, ALERT_certificate_unknown,
           UPTO_NAME ",revocation: CRL issuer");
}

static void test_verify_intermediate(void **state)
{
    (void)state;
    fx *f = fixture();
    static tc inter;
    kp_make(&inter.k, 0x55);
    x509_template t = ca_tmpl(&inter, "Classroom Issuing CA");
    mk(&inter, &t, &f->ca);
    mk_leaf(&f->leaf, &inter);
    static x509_cert chain[2];
    chain[0] = f->leaf.x;
    chain[1] = inter.x;
    expect(chain, 2, &f->pol, ERR_OK, ALERT_NONE,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign certificates,path length,issuer: path to a trusted CA,signature,validity," LINK ","
           "key usage,extended key usage,name,revocation");
    /* the intermediate left out: no path (missing-intermediate) */
    rec r = { 0 };
    expect(chain, 1, &f->pol, ERR_CERT_UNKNOWN_CA, ALERT_unknown_ca, "issuer: path to a trusted CA");
    assert_int_equal(x509_verify_chain(chain, 1, &f->pol, record, &r), ERR_CERT_UNKNOWN_CA);
    assert_non_null(strstr(r.last, "issuer CN=Classroom Issuing CA is neither a trusted CA"));

    /* a trust store of two: the second anchors the path */
    x509_store st = { "the test store", { &f->other.x, &f->ca.x }, 2 };
    f->pol.trust = &st;
    memset(&r, 0, sizeof r);
    assert_int_equal(x509_verify_chain(chain, 2, &f->pol, record, &r), ERR_OK);
    st.n = 1; /* only the other CA: unknown_ca, naming the store */
    memset(&r, 0, sizeof r);
    assert_int_equal(x509_verify_chain(chain, 2, &f->pol, record, &r), ERR_CERT_UNKNOWN_CA);
    assert_non_null(strstr(r.last, "in the test store (CN=Rogue CA)"));
    f->pol.trust = NULL;

    /* pathLenConstraint 0 on the root: no CA may stand below it */
    x509_template rt = ca_tmpl(&f->ca, "mtls-sim Classroom CA");
    rt.has_path_len = true;
    rt.path_len = 0;
    mk(&f->ca, &rt, NULL);
    assert_true(f->ca.x.has_path_len);
    assert_int_equal(f->ca.x.path_len, 0);
    mk(&inter, &t, &f->ca);
    mk_leaf(&f->leaf, &inter);
    chain[0] = f->leaf.x;
    chain[1] = inter.x;
    expect(chain, 2, &f->pol, ERR_CERT_PATH_LEN, ALERT_unknown_ca,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA,issuer may sign "
           "certificates,path length,issuer: path to a trusted CA,signature,validity,issuer is "
           "a CA,issuer may sign certificates,path length");
    memset(&r, 0, sizeof r);
    (void)x509_verify_chain(chain, 2, &f->pol, record, &r);
    assert_string_equal(r.last, "CN=mtls-sim Classroom CA: pathLenConstraint 0 allows 0 CA "
                                "certificates below it; the path has 1");
    rt.path_len = 1;
    mk(&f->ca, &rt, NULL);
    mk(&inter, &t, &f->ca);
    mk_leaf(&f->leaf, &inter);
    chain[0] = f->leaf.x;
    chain[1] = inter.x;
    expect(chain, 2, &f->pol, ERR_OK, ALERT_NONE,
           "issuer: path to a trusted CA,signature,validity," LINK ",issuer: path to a trusted "
           "CA,signature,validity," LINK ",key usage,extended key usage,name,revocation");

    /* an intermediate that is not a CA (intermediate-not-ca) */
    t.is_ca = false;
    t.key_usage = X509_KU_DIGITAL_SIGNATURE;
    mk(&inter, &t, &f->ca);
    mk_leaf(&f->leaf, &inter);
    chain[0] = f->leaf.x;
    chain[1] = inter.x;
    memset(&r, 0, sizeof r);
    expect(chain, 2, &f->pol, ERR_CERT_ISSUER_NOT_CA, ALERT_unknown_ca,
           "issuer: path to a trusted CA,signature,validity,issuer is a CA");
    (void)x509_verify_chain(chain, 2, &f->pol, record, &r);
    assert_string_equal(r.last, "CN=Classroom Issuing CA has basicConstraints cA FALSE: it is "
                                "not a CA and may not issue certificates (RFC 5280 §6.1.4 (k))");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verify_ok_and_order),
        cmocka_unit_test(test_verify_unknown_ca),
        cmocka_unit_test(test_verify_signature),
        cmocka_unit_test(test_verify_validity),
        cmocka_unit_test(test_verify_issuer_not_ca),
        cmocka_unit_test(test_verify_key_usage),
        cmocka_unit_test(test_verify_eku),
        cmocka_unit_test(test_verify_name),
        cmocka_unit_test(test_verify_revoked),
        cmocka_unit_test(test_verify_intermediate),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
