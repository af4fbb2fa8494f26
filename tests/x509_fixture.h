/* x509_fixture.h — test certificates, shared by test_x509.c (build and
 * parse) and test_x509_verify.c (verification): key pairs from a seed byte,
 * CA and leaf templates, and a build-then-parse helper. Static inline, so
 * each test program gets its own copy and none warns about what it does
 * not use. */
#ifndef MTLS_X509_FIXTURE_H
#define MTLS_X509_FIXTURE_H

#include "testlib.h"

#include "base/err.h"
#include "pki/x509.h"

#define NOW 1736935200 /* 2025-01-15 10:00:00 UTC, the seeded clock */
#define DAY 86400

static const uint8_t serial_a[16] = { 0x4a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                      0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };

typedef struct kp {
    uint8_t pk[32], sk[64];
} kp;

static inline void kp_make(kp *k, uint8_t b)
{
    uint8_t seed[32];
    memset(seed, b, sizeof seed);
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
}

/* A certificate under test: DER, its parse, the key that signs with it. */
typedef struct tc {
    uint8_t der[X509_CERT_MAX];
    size_t len;
    x509_cert x;
    kp k;
} tc;

static inline x509_template ca_tmpl(const tc *c, const char *cn)
{
    x509_template t = {
        .serial = serial_a, .serial_len = sizeof serial_a, .subject_cn = cn,
        .subject_o = "mtls-sim classroom", .not_before = NOW - DAY, .not_after = NOW + 3652 * DAY,
        .key_type = X509_KEY_ED25519, .key = c->k.pk, .is_ca = true,
        .key_usage = X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN,
    };
    return t;
}

static inline x509_template leaf_tmpl(const tc *c)
{
    x509_template t = {
        .serial = serial_a, .serial_len = sizeof serial_a, .subject_cn = "server.classroom.example",
        .not_before = NOW - 3600, .not_after = NOW + 90 * DAY, .key_type = X509_KEY_ED25519,
        .key = c->k.pk, .key_usage = X509_KU_DIGITAL_SIGNATURE, .eku = X509_EKU_SERVER_AUTH,
        .san_dns = "server.classroom.example",
    };
    return t;
}

/* Build t, signed by issuer (NULL: self-signed by c's own key), and parse it. */
static inline void mk(tc *c, const x509_template *t, const tc *issuer)
{
    x509_issuer iss = { issuer ? &issuer->x : NULL, issuer ? issuer->k.sk : c->k.sk };
    assert_int_equal(x509_build(t, &iss, c->der, sizeof c->der, &c->len), ERR_OK);
    assert_int_equal(x509_parse(c->der, c->len, &c->x), ERR_OK);
}

static inline void mk_ca(tc *c, uint8_t key, const char *cn)
{
    kp_make(&c->k, key);
    x509_template t = ca_tmpl(c, cn);
    mk(c, &t, NULL);
}

static inline void mk_leaf(tc *c, const tc *ca)
{
    kp_make(&c->k, 0x33);
    x509_template t = leaf_tmpl(c);
    mk(c, &t, ca);
}

/* memmem is a GNU extension. */
static inline uint8_t *find_bytes(uint8_t *hay, size_t n, const char *needle, size_t k)
{
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

static inline err_t reparse(tc *c) { return x509_parse(c->der, c->len, &c->x); }

#endif
