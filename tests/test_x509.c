/* test_x509.c — X.509: build→parse round trips, one malformed-certificate
 * case per kind of fault with its specific error (in the manner of mbedTLS
 * test_suite_x509parse), span coverage, and certificates made by OpenSSL.
 * The DER-level tests (encodings, header and value faults) are in
 * test_der.c; verification, one case per check, is in test_x509_verify.c;
 * the test certificates come from x509_fixture.h. */
#include "testlib.h"

#include "pki/der.h"
#include "base/err.h"
#include "base/hex.h"
#include "pki/pki.h"
#include "base/rng.h"
#include "base/span.h"
#include "pki/x509.h"
#include "x509_fixture.h"

static const span *find_span(const spans *sp, const char *name)
{
    for (size_t i = 0; i < sp->n; i++)
        if (strcmp(sp->v[i].name, name) == 0)
            return &sp->v[i];
    fail_msg("no span %s", name);
    return NULL;
}

/* Replace n_old bytes at off by rep and fix the length of each enclosing
 * TLV whose header is at parents[i] (each keeps its length form). */
static void splice(tc *c, size_t off, size_t n_old, const char *rep_hex, const size_t *parents,
                   size_t np)
{
    uint8_t rep[64];
    size_t n_new = unhex(rep_hex, rep, sizeof rep);
    assert_true(c->len - n_old + n_new <= sizeof c->der);
    memmove(c->der + off + n_new, c->der + off + n_old, c->len - off - n_old);
    memcpy(c->der + off, rep, n_new);
    c->len = c->len - n_old + n_new;
    for (size_t i = 0; i < np; i++) {
        uint8_t *l = c->der + parents[i] + 1;
        size_t nb = *l < 0x80 ? 0 : *l & 0x7fu, v = nb ? 0 : *l;
        for (size_t j = 0; j < nb; j++)
            v = v << 8 | l[1 + j];
        v = v - n_old + n_new;
        if (nb == 0) {
            assert_true(v < 0x80);
            *l = (uint8_t)v;
        }
        for (size_t j = 0; j < nb; j++)
            l[nb - j] = (uint8_t)(v >> (8 * j));
    }
}

static const size_t CERT_TBS[] = { 0, 4 }; /* headers of Certificate and tbsCertificate */

/* ---- build → parse ---- */

static void test_round_trip_leaf(void **state)
{
    (void)state;
    static tc ca, leaf;
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    kp_make(&leaf.k, 0x33);
    x509_template t = leaf_tmpl(&leaf);
    t.subject_o = "Grüne Schule"; /* not PrintableString: UTF8String */
    t.eku = X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH;
    t.san_uri = "spiffe://classroom.example/server";
    mk(&leaf, &t, &ca);
    const x509_cert *x = &leaf.x;

    assert_ptr_equal(x->der, leaf.der);
    assert_int_equal(x->der_len, leaf.len);
    assert_ptr_equal(x->tbs, leaf.der + 4);
    assert_int_equal(x->tbs_len + 4 + 7 + 67, leaf.len); /* + algorithm + signature */
    assert_memory_equal(x->serial, serial_a, sizeof serial_a);
    assert_int_equal(x->serial_len, 16);
    assert_int_equal(x->issuer_len, ca.x.subject_len);
    assert_memory_equal(x->issuer, ca.x.subject, x->issuer_len);
    assert_string_equal(x->issuer_cn, "mtls-sim Classroom CA");
    assert_string_equal(x->subject_cn, "server.classroom.example");
    uint8_t *o = find_bytes(leaf.der, leaf.len, "\x0c\x0dGr\xc3\xbcne Schule", 15);
    assert_true(o > x->subject && o < x->subject + x->subject_len);
    assert_true(x->not_before == NOW - 3600 && x->not_after == NOW + 90 * DAY);
    assert_int_equal(x->key_type, X509_KEY_ED25519);
    assert_memory_equal(x->key, leaf.k.pk, 32);
    assert_true(x->has_basic_constraints && !x->is_ca);
    assert_true(x->has_key_usage && x->key_usage == X509_KU_DIGITAL_SIGNATURE);
    assert_true(x->has_eku && x->eku == (X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH));
    assert_int_equal(x->n_dns, 1);
    assert_string_equal(x->dns[0], "server.classroom.example");
    assert_int_equal(x->n_uri, 1);
    assert_string_equal(x->uri[0], "spiffe://classroom.example/server");
    /* RFC 7093 §2 method 1 */
    uint8_t h[32];
    crypto_hash_sha256(h, leaf.k.pk, 32);
    assert_int_equal(x->skid_len, 20);
    assert_memory_equal(x->skid, h, 20);
    assert_int_equal(x->akid_len, 20);
    assert_memory_equal(x->akid, ca.x.skid, 20);
    assert_int_equal(crypto_sign_verify_detached(x->sig, x->tbs, x->tbs_len, ca.k.pk), 0);
    /* deterministic: Ed25519 signatures are */
    static tc again;
    again.k = leaf.k;
    mk(&again, &t, &ca);
    assert_int_equal(again.len, leaf.len);
    assert_memory_equal(again.der, leaf.der, leaf.len);
}

static void test_round_trip_ca_and_x25519(void **state)
{
    (void)state;
    static tc ca, kt;
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    const x509_cert *x = &ca.x;
    assert_int_equal(x->issuer_len, x->subject_len); /* self-signed */
    assert_memory_equal(x->issuer, x->subject, x->subject_len);
    /* O then CN, both PrintableString */
    assert_hex_equal(x->subject, 20, "303d311b3019060355040a13126d746c732d7369");
    assert_true(x->has_basic_constraints && x->is_ca);
    assert_int_equal(x->key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    assert_false(x->has_eku);
    assert_int_equal(x->n_dns + x->n_uri, 0);
    assert_int_equal(x->akid_len, 20);
    assert_memory_equal(x->akid, x->skid, 20);
    assert_true(x->not_after == NOW + 3652 * DAY);

    uint8_t scalar[32], pub[32];
    memset(scalar, 0x44, sizeof scalar);
    crypto_scalarmult_base(pub, scalar);
    x509_template t = leaf_tmpl(&kt);
    t.key_type = X509_KEY_X25519;
    t.key = pub;
    t.key_usage = X509_KU_KEY_AGREEMENT;
    t.not_after = 2524608000 + 1; /* 2050: GeneralizedTime */
    mk(&kt, &t, &ca);
    assert_int_equal(kt.x.key_type, X509_KEY_X25519);
    assert_memory_equal(kt.x.key, pub, 32);
    assert_int_equal(kt.x.key_usage, X509_KU_KEY_AGREEMENT);
    assert_true(kt.x.not_after == 2524608001);
    assert_non_null(find_bytes(kt.der, kt.len, "\x06\x03\x2b\x65\x6e", 5)); /* id-X25519 */
}

static void test_build_refuses_bad_templates(void **state)
{
    (void)state;
    static tc c;
    kp_make(&c.k, 0x33);
    x509_issuer iss = { NULL, c.k.sk };
    uint8_t neg[2] = { 0x80, 0x01 }, pad[2] = { 0x00, 0x01 };
    x509_template t = leaf_tmpl(&c);
    t.serial = neg;
    t.serial_len = 2;
    assert_int_equal(x509_build(&t, &iss, c.der, sizeof c.der, &c.len), ERR_USAGE);
    t.serial = pad;
    assert_int_equal(x509_build(&t, &iss, c.der, sizeof c.der, &c.len), ERR_USAGE);
    t = leaf_tmpl(&c);
    t.not_after = 253402300800; /* year 10000 */
    assert_int_equal(x509_build(&t, &iss, c.der, sizeof c.der, &c.len), ERR_USAGE);
    t = leaf_tmpl(&c);
    assert_int_equal(x509_build(&t, &iss, c.der, 200, &c.len), ERR_OVERFLOW);
}

/* ---- malformed certificates: one specific error each ---- */

static void test_parse_faults(void **state)
{
    (void)state;
    static tc ca, good, c;
    static spans sp;
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    mk_leaf(&good, &ca);
    sp_init(&sp, 0);
    rd r;
    rd_init(&r, good.der, good.len);
    assert_int_equal(x509_parse_rd(&r, &good.x, &sp), ERR_OK);
    /* both outer SEQUENCEs use the two-octet long form, so fields sit where expected */
    assert_int_equal(good.der[1], 0x82);
    assert_int_equal(good.der[5], 0x82);
    assert_hex_equal(good.der + 8, 5, "a003020102");
    size_t inner_alg = find_span(&sp, "signature algorithm")->off;
    size_t outer_alg = find_span(&sp, "signatureAlgorithm")->off;
    size_t key_alg = find_span(&sp, "key algorithm")->off;
    size_t nb = find_span(&sp, "notBefore")->off;
    size_t sig = find_span(&sp, "signatureValue")->off;
    const span *ku = find_span(&sp, "extension keyUsage");
    const span *skid = find_span(&sp, "extension subjectKeyIdentifier");
    const span *bc = find_span(&sp, "extension basicConstraints");
    assert_hex_equal(good.der + inner_alg, 7, "300506032b6570");
    assert_hex_equal(good.der + ku->off, 7, "300e0603551d0f");
    assert_hex_equal(good.der + skid->off, 7, "301d0603551d0e");
    assert_hex_equal(good.der + bc->off, 10, "300c0603551d130101ff");

#define FAULT(want, ...) \
    do { c = good; __VA_ARGS__; assert_int_equal(reparse(&c), (want)); } while (0)
    /* tags */
    FAULT(ERR_DER_TAG, c.der[0] = 0x31);                 /* outer SET, not SEQUENCE */
    FAULT(ERR_DER_TAG, c.der[8] = 0xa1);                 /* version [1], not [0] */
    FAULT(ERR_DER_TAG, c.der[10] = 0x04);                /* version OCTET STRING, not INTEGER */
    /* lengths */
    FAULT(ERR_DER_LENGTH, c.der[1] = 0x80);              /* indefinite */
    FAULT(ERR_DER_LENGTH, c.der[9] = 0x80);
    FAULT(ERR_DER_LENGTH, splice(&c, 8, 2, "a08103", CERT_TBS, 2));      /* 3 in long form */
    FAULT(ERR_DER_LENGTH, splice(&c, 8, 2, "a0820003", CERT_TBS, 2));    /* leading zero */
    FAULT(ERR_DER_LENGTH, splice(&c, 8, 2, "a0850000000003", CERT_TBS, 2)); /* 5 octets */
    FAULT(ERR_DER_PAST_END, c.der[3]++);                 /* one byte more than there is */
    FAULT(ERR_DER_PAST_END, c.der[sig + 1]++);           /* inner value runs past its parent */
    /* truncation: in a header (outer, then inner), and in a value */
    FAULT(ERR_DER_TRUNCATED, c.len = 3);
    FAULT(ERR_DER_TRUNCATED, memcpy(c.der + 8, "\xa0\x03\x02\x82\x01", 5));
    FAULT(ERR_DER_PAST_END, c.len = good.len / 2);
    for (size_t n = 0; n < good.len; n++) {
        c = good;
        c.len = n;
        assert_int_equal(reparse(&c), n < 4 ? ERR_DER_TRUNCATED : ERR_DER_PAST_END);
    }
    /* trailing bytes: after the certificate, and inside a field */
    FAULT(ERR_DER_TRAILING, c.der[c.len++] = 0x00);
    FAULT(ERR_DER_TRAILING, splice(&c, 8, 5, "a00402010200", CERT_TBS, 2));
    /* algorithms: ecdsa-with-SHA256 (RFC 5758 §3.2) inside and out */
    FAULT(ERR_X509_ALG, {
        static const size_t outer[] = { 0 };
        splice(&c, outer_alg, 7, "300a06082a8648ce3d040302", outer, 1);
        splice(&c, inner_alg, 7, "300a06082a8648ce3d040302", CERT_TBS, 2);
    });
    FAULT(ERR_X509_ALG, c.der[key_alg + 6] = 0x71);     /* key is id-Ed448 */
    FAULT(ERR_X509_ALG, c.der[inner_alg + 1] = 7;        /* Ed25519 with parameters */
          splice(&c, inner_alg + 7, 0, "0500", CERT_TBS, 2));
    FAULT(ERR_X509_ALG_MISMATCH, c.der[outer_alg + 6] = 0x71);
    /* version */
    FAULT(ERR_X509_VERSION, c.der[12] = 0x00);          /* v1 written out */
    FAULT(ERR_X509_VERSION, c.der[12] = 0x01);          /* v2 */
    FAULT(ERR_X509_VERSION, splice(&c, 8, 5, "", CERT_TBS, 2)); /* v1: no version field */
    /* time */
    FAULT(ERR_X509_TIME, c.der[nb + 4] = '1'; c.der[nb + 5] = '3'); /* month 13 */
    FAULT(ERR_X509_TIME, c.der[nb + 14] = '+');
    FAULT(ERR_DER_TAG, c.der[nb] = DER_PRINTABLE_STRING);
    /* extensions: unknown critical (keyUsage renamed to nameConstraints), unknown
     * non-critical skipped, duplicate (subjectKeyIdentifier renamed keyUsage) */
    FAULT(ERR_X509_CRITICAL_EXT, c.der[ku->off + 6] = 0x1e);
    FAULT(ERR_OK, c.der[skid->off + 6] = 0x20; c.x.skid_len = 99);
    assert_int_equal(c.x.skid_len, 0);
    FAULT(ERR_X509_DUP_EXT, c.der[skid->off + 6] = 0x0f);
    /* values */
    FAULT(ERR_DER_VALUE, c.der[bc->off + 9] = 0x01);     /* BOOLEAN 01 */
    FAULT(ERR_DER_VALUE, c.der[15] = 0x00);              /* serial 00 01 ...: not minimal */
    FAULT(ERR_DER_VALUE, c.der[15] = 0xca);              /* negative serial */
    FAULT(ERR_DER_VALUE, c.der[sig + 2] = 0x01);         /* signature with an unused bit */
#undef FAULT
}

static void test_parse_refuses_embedded_nul(void **state)
{
    (void)state;
    static tc ca, c;
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    kp_make(&c.k, 0x33);
    x509_template t = leaf_tmpl(&c);
    t.san_dns = "good.example.evil.example";
    mk(&c, &t, &ca);
    uint8_t *p = find_bytes(c.der, c.len, ".evil", 5);
    assert_non_null(p);
    *p = 0; /* "good.example\0evil.example" */
    assert_int_equal(reparse(&c), ERR_DER_VALUE);
}

/* ---- spans ---- */

/* Length of the DER header at off. */
static size_t hdr_len(const uint8_t *d, size_t off)
{
    return d[off + 1] < 0x80 ? 2 : 2 + (d[off + 1] & 0x7fu);
}

static void check_tiling(const uint8_t *der, const spans *sp)
{
    for (size_t i = 0; i < sp->n; i++) {
        const span *s = &sp->v[i];
        assert_true(s->len > 0);
        size_t end = s->off + s->len, pos = s->off, kids = 0;
        for (size_t j = i + 1; j < sp->n && sp->v[j].off < end; j++) {
            if (sp->v[j].depth != s->depth + 1)
                continue;
            if (kids++ == 0) {
                /* only headers of values that end with this span come first */
                while (pos < sp->v[j].off) {
                    size_t h = hdr_len(der, pos), body = der[pos + 1] < 0x80 ? der[pos + 1] : 0;
                    for (size_t k = 2; k < h; k++)
                        body = body << 8 | der[pos + k];
                    assert_int_equal(pos + h + body, end);
                    pos += h;
                }
            }
            if (sp->v[j].off != pos)
                fail_msg("gap or overlap before span %s at %u (expected %zu)", sp->v[j].name,
                         sp->v[j].off, pos);
            pos += sp->v[j].len;
        }
        if (kids && pos != end)
            fail_msg("children of %s end at %zu, not %zu", s->name, pos, end);
    }
}

static void test_spans_cover_every_byte(void **state)
{
    (void)state;
    static tc ca, c;
    static spans sp;
    mk_ca(&ca, 0x11, "mtls-sim Classroom CA");
    kp_make(&c.k, 0x33);
    x509_template t = leaf_tmpl(&c);
    t.subject_o = "mtls-sim classroom";
    t.san_uri = "spiffe://classroom.example/student";
    mk(&c, &t, &ca);
    sp_init(&sp, 0);
    rd r;
    rd_init(&r, c.der, c.len);
    assert_int_equal(x509_parse_rd(&r, &c.x, &sp), ERR_OK);
    assert_int_equal(sp.depth, 0);
    assert_int_equal(sp.v[0].off, 0);
    assert_int_equal(sp.v[0].len, c.len);
    assert_string_equal(sp.v[0].name, "Certificate");
    static const char *const names[] = {
        "tbsCertificate", "version", "serialNumber", "signature algorithm", "issuer",
        "issuer O", "issuer CN", "validity", "notBefore", "notAfter", "subject", "subject O",
        "subject CN", "subjectPublicKeyInfo", "key algorithm", "public key", "extensions",
        "extension basicConstraints", "extension keyUsage", "extension extendedKeyUsage",
        "extension subjectAltName", "extension subjectKeyIdentifier",
        "extension authorityKeyIdentifier", "signatureAlgorithm", "signatureValue",
    };
    assert_int_equal(sp.n, 1 + sizeof names / sizeof names[0]);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_string_equal(sp.v[i + 1].name, names[i]);
    assert_int_equal(find_span(&sp, "public key")->len, 35);
    assert_int_equal(find_span(&sp, "signatureValue")->len, 67);
    check_tiling(c.der, &sp);
    /* every byte is inside a field below the Certificate, or a header of one */
    for (size_t b = 4; b < c.len; b++) {
        bool in = false;
        for (size_t i = 1; i < sp.n && !in; i++)
            in = b >= sp.v[i].off && b < sp.v[i].off + sp.v[i].len;
        assert_true(in);
    }
    /* an unknown extension is named by its OID; a shift moves every span */
    c.der[find_span(&sp, "extension subjectKeyIdentifier")->off + 6] = 0x20;
    sp_init(&sp, 5);
    rd_init(&r, c.der, c.len);
    assert_int_equal(x509_parse_rd(&r, &c.x, &sp), ERR_OK);
    assert_int_equal(find_span(&sp, "extension 2.5.29.32")->len, 31);
    assert_int_equal(sp.v[0].off, 5);

    /* a failure keeps what parsed, drops what it left open, restores depth */
    c.der[find_span(&sp, "notAfter")->off - 5 + 14] = 'X';
    sp_init(&sp, 0);
    sp.depth = 2;
    rd_init(&r, c.der, c.len);
    assert_int_equal(x509_parse_rd(&r, &c.x, &sp), ERR_X509_TIME);
    assert_int_equal(sp.depth, 2);
    assert_string_equal(sp.v[sp.n - 1].name, "notBefore");
    for (size_t i = 0; i < sp.n; i++)
        assert_true(sp.v[i].len > 0);
}

/* ---- certificates made by OpenSSL 3.0 ---- */

/* openssl req -x509 -newkey ed25519 -nodes -subj "/C=DE/O=Example School/CN=Test CA"
 *   -days 3650 -addext basicConstraints=critical,CA:TRUE
 *   -addext keyUsage=critical,keyCertSign,cRLSign
 * and a leaf signed by it with openssl x509 -req -extfile holding
 * subjectAltName=DNS:leaf.test,IP:192.0.2.1,email:a@leaf.test,
 * extendedKeyUsage=serverAuth,clientAuth, keyUsage=critical,digitalSignature,
 * certificatePolicies=2.23.140.1.2.1. Valid 2026-11-27 04:05:13 to
 * 2036-11-24 04:05:13 UTC; key IDs are SHA-1 (RFC 5280 §4.2.1.2 method 1). */
static const char ossl_ca_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBlTCCAUegAwIBAgIUeytgSa1jpxciGmadqng8FOF3tdcwBQYDK2VwMDgxCzAJ\n"
    "BgNVBAYTAkRFMRcwFQYDVQQKDA5FeGFtcGxlIFNjaG9vbDEQMA4GA1UEAwwHVGVz\n"
    "dCBDQTAeFw0yNjExMjcwNDA1MTNaFw0zNjExMjQwNDA1MTNaMDgxCzAJBgNVBAYT\n"
    "AkRFMRcwFQYDVQQKDA5FeGFtcGxlIFNjaG9vbDEQMA4GA1UEAwwHVGVzdCBDQTAq\n"
    "MAUGAytlcAMhANnKlvZMtxV/Gen7ijIRtlmf2hJ/RH1Gf/ZqP8XFn6Ldo2MwYTAd\n"
    "BgNVHQ4EFgQU7IODUxef5d+KH0p2NO6wZ9pHRxkwHwYDVR0jBBgwFoAU7IODUxef\n"
    "5d+KH0p2NO6wZ9pHRxkwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw\n"
    "BQYDK2VwA0EAEYsJ5eF1QC5ja1R2oIwMbr2DN1OkQHRsJSPPNfchLqFwbOTutP63\n"
    "nUA/q+TWgEHV5fI69J3pVVPuYxRagtumDw==\n"
    "-----END CERTIFICATE-----\n"
    ;
static const char ossl_leaf_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBvzCCAXGgAwIBAgIUMLejFAORZYOIEUOQDFTzRrqpIUIwBQYDK2VwMDgxCzAJ\n"
    "BgNVBAYTAkRFMRcwFQYDVQQKDA5FeGFtcGxlIFNjaG9vbDEQMA4GA1UEAwwHVGVz\n"
    "dCBDQTAeFw0yNjExMjcwNDA1MTNaFw0zNjExMjQwNDA1MTNaMBQxEjAQBgNVBAMM\n"
    "CWxlYWYudGVzdDAqMAUGAytlcAMhAHQJrWorUliZsZccHZmXwy7peLJ3tgb8sJdq\n"
    "FJ8OjrUbo4GwMIGtMCcGA1UdEQQgMB6CCWxlYWYudGVzdIcEwAACAYELYUBsZWFm\n"
    "LnRlc3QwHQYDVR0lBBYwFAYIKwYBBQUHAwEGCCsGAQUFBwMCMA4GA1UdDwEB/wQE\n"
    "AwIHgDATBgNVHSAEDDAKMAgGBmeBDAECATAdBgNVHQ4EFgQUat2taowM78BGKZuM\n"
    "jrOameb+QJQwHwYDVR0jBBgwFoAU7IODUxef5d+KH0p2NO6wZ9pHRxkwBQYDK2Vw\n"
    "A0EAWNPd/lONhAMQqPJ/THv9FwQ3UewqVRXeZOHeqmAPCWnfAe+p2Afy+5+OR1AL\n"
    "8Op5SvZ4mUlhPJtL7D0nzdArDQ==\n"
    "-----END CERTIFICATE-----\n"
    ;

#define OSSL_NOT_BEFORE 1795752313
#define OSSL_NOT_AFTER 2111112313

static void load_pem(tc *c, const char *pem)
{
    assert_int_equal(pem_decode(pem, strlen(pem), "CERTIFICATE", c->der, sizeof c->der, &c->len),
                     ERR_OK);
    assert_int_equal(reparse(c), ERR_OK);
}

static void test_openssl_certificates(void **state)
{
    (void)state;
    static tc ca, leaf;
    load_pem(&ca, ossl_ca_pem);
    load_pem(&leaf, ossl_leaf_pem);
    assert_string_equal(ca.x.subject_cn, "Test CA");
    assert_int_equal(ca.x.serial_len, 20);
    assert_true(ca.x.is_ca && ca.x.key_usage == (X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN));
    assert_hex_equal(ca.x.skid, ca.x.skid_len, "ec838353179fe5df8a1f4a7634eeb067da474719");
    assert_string_equal(leaf.x.subject_cn, "leaf.test");
    assert_string_equal(leaf.x.issuer_cn, "Test CA");
    assert_hex_equal(leaf.x.serial, leaf.x.serial_len, "30b7a31403916583881143900c54f346baa92142");
    assert_true(leaf.x.not_before == OSSL_NOT_BEFORE && leaf.x.not_after == OSSL_NOT_AFTER);
    assert_int_equal(leaf.x.n_dns, 1); /* the IP address and e-mail names are skipped */
    assert_string_equal(leaf.x.dns[0], "leaf.test");
    assert_int_equal(leaf.x.eku, X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH);
    assert_false(leaf.x.has_basic_constraints);
    assert_memory_equal(leaf.x.akid, ca.x.skid, 20);
    x509_policy pol = { .anchor = &ca.x, .now = OSSL_NOT_BEFORE, .role = X509_ROLE_SERVER,
                        .expected_name = "LEAF.test" };
    assert_int_equal(x509_verify_chain(&leaf.x, 1, &pol, NULL, NULL), ERR_OK);
    pol.role = X509_ROLE_CLIENT;
    pol.expected_name = NULL;
    assert_int_equal(x509_verify_chain(&leaf.x, 1, &pol, NULL, NULL), ERR_OK);
    pol.now = OSSL_NOT_AFTER + 1;
    assert_int_equal(x509_verify_chain(&leaf.x, 1, &pol, NULL, NULL), ERR_CERT_EXPIRED);
}

/* The note x509_span_note gives for the field named name of certificate c. */
static const char *note_of(const pki_cert *c, const char *name, char *out, size_t cap)
{
    static spans sp;
    rd r;
    x509_cert x;
    sp_init(&sp, 0);
    rd_init(&r, c->der, c->der_len);
    assert_int_equal(x509_parse_rd(&r, &x, &sp), ERR_OK);
    for (size_t k = 0; k < sp.n; k++)
        if (strcmp(sp.v[k].name, name) == 0) {
            assert_true(x509_span_note(c->der, c->der_len, sp.v, sp.n, k, out, cap));
            return out;
        }
    fail_msg("no field %s", name);
    return NULL;
}

/* Every DER field a student reads in the handout has its meaning beside it,
 * decoded from the certificate: names, dates, SAN, key usage, EKU, key ids.
 * The client certificate is an X509-SVID: its EKU lists serverAuth and
 * clientAuth (SPIFFE X509-SVID §4.4); wrong-key-usage's has serverAuth only. */
static void no_client_auth(pki_templates *t) { t->cert[PKI_CLIENT].x.eku = X509_EKU_SERVER_AUTH; }

static void test_field_notes_and_svid(void **state)
{
    (void)state;
    static pki p;
    rng g;
    char n[256];
    pki_options o = { .now = 1736935200 }; /* 2025-01-15 10:00:00 UTC */
    rng_init_seeded(&g, 1);
    assert_int_equal(pki_build(&p, &g, &o), ERR_OK);
    rng_wipe(&g);
    assert_true(p.client.x.has_eku);
    assert_int_equal(p.client.x.eku, X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH);
    assert_string_equal(note_of(&p.client, "issuer", n, sizeof n),
                        "O=mtls-sim classroom, CN=mtls-sim Client Issuing CA");
    assert_string_equal(note_of(&p.client, "issuer O", n, sizeof n), "O=mtls-sim classroom");
    assert_string_equal(note_of(&p.client, "subject CN", n, sizeof n), "CN=student");
    assert_string_equal(note_of(&p.client, "notBefore", n, sizeof n), "2025-01-15 09:00:00 UTC");
    assert_string_equal(note_of(&p.client, "notAfter", n, sizeof n), "2025-04-15 10:00:00 UTC");
    assert_string_equal(note_of(&p.client, "extension extendedKeyUsage", n, sizeof n),
                        "serverAuth 1.3.6.1.5.5.7.3.1, clientAuth 1.3.6.1.5.5.7.3.2 "
                        "(RFC 5280 §4.2.1.12)");
    assert_string_equal(note_of(&p.client, "extension subjectAltName", n, sizeof n),
                        "URI:spiffe://classroom.example/student (RFC 5280 §4.2.1.6)");
    assert_string_equal(note_of(&p.client, "extension keyUsage", n, sizeof n),
                        "critical; digitalSignature (RFC 5280 §4.2.1.3)");
    assert_string_equal(note_of(&p.client, "extension basicConstraints", n, sizeof n),
                        "critical; cA FALSE: an end entity, not a CA (RFC 5280 §4.2.1.9)");
    assert_non_null(strstr(note_of(&p.client, "signature algorithm", n, sizeof n),
                           "Ed25519 (1.3.101.112"));
    /* key identifiers: the AKID is the issuing CA's SKID, in full */
    char hex[2 * X509_KEYID_MAX + 1], want[128];
    hex_encode(p.client_ca.x.skid, p.client_ca.x.skid_len, hex);
    snprintf(want, sizeof want, "key id %s: the issuer's subjectKeyIdentifier (RFC 5280 §4.2.1.1)",
             hex);
    assert_string_equal(note_of(&p.client, "extension authorityKeyIdentifier", n, sizeof n),
                        want);
    assert_string_equal(note_of(&p.ca, "extension basicConstraints", n, sizeof n),
                        "critical; cA TRUE: a CA, may sign certificates (RFC 5280 §4.2.1.9)");
    assert_string_equal(note_of(&p.client_ca, "extension basicConstraints", n, sizeof n),
                        "critical; cA TRUE: a CA, may sign certificates (RFC 5280 §4.2.1.9); "
                        "pathLenConstraint 0: at most 0 CA certificates below it in a path");
    assert_string_equal(note_of(&p.ca, "extension keyUsage", n, sizeof n),
                        "critical; keyCertSign, cRLSign (RFC 5280 §4.2.1.3)");
    assert_string_equal(note_of(&p.server, "extension subjectAltName", n, sizeof n),
                        "DNS:server.classroom.example (RFC 5280 §4.2.1.6)");
    /* a span outside any certificate has no note */
    spans sp;
    sp_init(&sp, 0);
    sp_add(&sp, 0, 4, "length");
    assert_false(x509_span_note(p.client.der, p.client.der_len, sp.v, sp.n, 0, n, sizeof n));
    assert_string_equal(n, "");
    pki_wipe(&p);

    o.edit[o.n_edit++] = no_client_auth;
    rng_init_seeded(&g, 1);
    assert_int_equal(pki_build(&p, &g, &o), ERR_OK);
    rng_wipe(&g);
    assert_int_equal(p.client.x.eku, X509_EKU_SERVER_AUTH);
    assert_string_equal(note_of(&p.client, "extension extendedKeyUsage", n, sizeof n),
                        "serverAuth 1.3.6.1.5.5.7.3.1 (RFC 5280 §4.2.1.12)");
    pki_wipe(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_leaf),
        cmocka_unit_test(test_round_trip_ca_and_x25519),
        cmocka_unit_test(test_build_refuses_bad_templates),
        cmocka_unit_test(test_parse_faults),
        cmocka_unit_test(test_parse_refuses_embedded_nul),
        cmocka_unit_test(test_spans_cover_every_byte),
        cmocka_unit_test(test_openssl_certificates),
        cmocka_unit_test(test_field_notes_and_svid),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
