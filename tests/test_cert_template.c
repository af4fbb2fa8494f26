/* test_cert_template.c — certificate faults as edits of the certificate
 * templates (pki.c, the scenarios' pki hooks): the default templates give
 * the certificates the program has always issued (SHA-256 of their DER
 * pinned for seed 7 at the seeded clock, recorded before templates existed,
 * and the same for every scenario's certificate), and an edit of one
 * template field changes exactly that field of the issued certificate, as
 * the project's x509 parser reads it back, and nothing in the other three. */
#include "testlib.h"

#include "pki/pki.h"
#include "pki/x509.h"
#include "run/scenario.h"

#define NOW 1736935200 /* 2025-01-15 10:00:00 UTC, the seeded clock */
#define DAY 86400

static pki base, edited;

static err_t build_with(pki *p, pki_edit_fn a, pki_edit_fn b)
{
    rng r;
    pki_options o = { .now = NOW, .edit = { a, b }, .n_edit = 2 };
    rng_init_seeded(&r, 7);
    err_t e = pki_build(p, &r, &o);
    rng_wipe(&r);
    return e;
}

static void assert_sha256(const pki_cert *c, const char *hex)
{
    uint8_t h[32];
    crypto_hash_sha256(h, c->der, c->der_len);
    assert_hex_equal(h, 32, hex);
}

/* ---- defaults: today's certificates ---- */

static void test_defaults_are_todays_certificates(void **state)
{
    (void)state;
    assert_int_equal(build_with(&base, NULL, NULL), ERR_OK);
    assert_sha256(&base.ca, "38b54d4552173d26a372d3878f8026a1f597020862b628f7fbc5400a3d1f3f52");
    assert_sha256(&base.rogue, "98efe4f03afad65af7f2a93c289b3f9df629e88dc8e9b4f41d81995dc8271968");
    assert_sha256(&base.server,
                  "665a8bc4c1b213c297e322e80fa80e3a93bf95e1481f78030f624db1b72d45e7");
    assert_sha256(&base.client,
                  "490c7c4c6116bbe34d8ef0207fcc265dd55286d6faa59fd4c7537842c534e3bf");
    /* the defaults as the parser reads them */
    assert_string_equal(base.ca.x.subject_cn, "mtls-sim Classroom Root CA");
    assert_true(base.ca.x.is_ca);
    assert_int_equal(base.ca.x.not_after - base.ca.x.not_before, 3653 * DAY);
    assert_string_equal(base.server.x.issuer_cn, "mtls-sim Server Issuing CA");
    assert_string_equal(base.server.x.dns[0], PKI_SERVER_NAME);
    assert_int_equal(base.server.x.not_before, NOW - 3600);
    assert_int_equal(base.server.x.not_after, NOW + 90 * DAY);
    assert_int_equal(base.server.x.key_type, X509_KEY_ED25519);
    assert_int_equal(base.client.x.eku, X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH);
    assert_string_equal(base.client.x.uri[0], PKI_CLIENT_URI);
    assert_string_equal(base.rogue.x.subject_cn, "Rogue CA");

    /* key transport's server certificate */
    assert_int_equal(build_with(&edited, pki_edit_server_x25519, NULL), ERR_OK);
    assert_sha256(&edited.server,
                  "56f6b0c9ef457f774aca1a9041f4225609a85784e79982f4baaa0fe7344c1ab4");
    assert_int_equal(edited.server.x.key_type, X509_KEY_X25519);
    assert_int_equal(edited.server.x.key_usage, X509_KU_KEY_AGREEMENT);
}

/* Each scenario's hook issues the certificate the boolean options issued. */
static void test_scenario_hooks_issue_todays_certificates(void **state)
{
    (void)state;
    static const struct {
        const char *scenario;
        pki_id changed;
        const char *sha256;
    } want[] = {
        { "expired-server-cert", PKI_SERVER,
          "80c7135e153873fef014022989bfa3897276d92e5e6787ea79da506974ea0539" },
        { "expired-client-cert", PKI_CLIENT,
          "4bc97c918b1376a4bd84ce0aafd01b5d08c0b4e3cba1be3400130fff6543690d" },
        { "not-yet-valid-client-cert", PKI_CLIENT,
          "dfe6316e76bd30d9e88f9915835f3d205a1c144e0575f4c39d1956ffd92df574" },
        { "untrusted-server-ca", PKI_SERVER,
          "dbe874c91bca4154673c477c45f8a6bb95e51cd69923535365ba289451983ee4" },
        { "untrusted-client-ca", PKI_CLIENT,
          "af3e724436ec1650b7ecf45ef7f7e6474e37401240d9e6c5816c25ae5b58d95e" },
        { "forged-signature", PKI_CLIENT,
          "2a3a62cc5f6ce8c18d1f698e94bd6e2fbdba5cb95fd20fdc00fd9ebaf4cf3658" },
        { "wrong-server-name", PKI_SERVER,
          "c81fc62c02c1b526de937c69f696dfc7eca52b11cb43208ff6ec8d18e252b052" },
        { "wrong-key-usage", PKI_CLIENT,
          "96d2c6b573c53c546284d93b3ca166c23453fc7e02508146a520d2cd0581d975" },
    };
    assert_int_equal(build_with(&base, NULL, NULL), ERR_OK);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const scenario *sc = scenario_find(want[i].scenario);
        assert_non_null(sc);
        assert_non_null(sc->pki);
        assert_int_equal(build_with(&edited, sc->pki, NULL), ERR_OK);
        for (pki_id id = PKI_CA; id < PKI_N_CERTS; id++) {
            const pki_cert *a = pki_cert_of(&base, id), *b = pki_cert_of(&edited, id);
            if (id == want[i].changed) {
                assert_sha256(b, want[i].sha256);
            } else {
                assert_int_equal(a->der_len, b->der_len);
                assert_memory_equal(a->der, b->der, a->der_len);
            }
        }
    }
    /* the scenarios without a certificate fault have no hook */
    assert_null(scenario_find("revoked-client-cert")->pki);
    assert_null(scenario_find("mitm-key-swap")->pki);
}

/* ---- one edit, one field ---- */

enum {
    F_SERIAL = 1 << 0,
    F_ISSUER = 1 << 1,  /* issuer Name */
    F_SUBJECT = 1 << 2, /* subject Name */
    F_VALIDITY = 1 << 3,
    F_KEY = 1 << 4,
    F_BC = 1 << 5,
    F_KU = 1 << 6,
    F_EKU = 1 << 7,
    F_SAN = 1 << 8,
    F_SKID = 1 << 9,
    F_AKID = 1 << 10,
};

static bool bytes_differ(const void *a, size_t an, const void *b, size_t bn)
{
    return an != bn || memcmp(a, b, an) != 0;
}

/* The fields in which two parsed certificates differ (the signature aside). */
static unsigned fields_differing(const x509_cert *a, const x509_cert *b)
{
    unsigned f = 0;
    if (bytes_differ(a->serial, a->serial_len, b->serial, b->serial_len))
        f |= F_SERIAL;
    if (bytes_differ(a->issuer, a->issuer_len, b->issuer, b->issuer_len) ||
        strcmp(a->issuer_cn, b->issuer_cn) != 0)
        f |= F_ISSUER;
    if (bytes_differ(a->subject, a->subject_len, b->subject, b->subject_len) ||
        strcmp(a->subject_cn, b->subject_cn) != 0)
        f |= F_SUBJECT;
    if (a->not_before != b->not_before || a->not_after != b->not_after)
        f |= F_VALIDITY;
    if (a->key_type != b->key_type || memcmp(a->key, b->key, X509_KEY_LEN) != 0)
        f |= F_KEY;
    if (a->has_basic_constraints != b->has_basic_constraints || a->is_ca != b->is_ca)
        f |= F_BC;
    if (a->has_key_usage != b->has_key_usage || a->key_usage != b->key_usage)
        f |= F_KU;
    if (a->has_eku != b->has_eku || a->eku != b->eku)
        f |= F_EKU;
    if (a->n_dns != b->n_dns || a->n_uri != b->n_uri)
        f |= F_SAN;
    for (size_t i = 0; i < a->n_dns && i < b->n_dns; i++)
        if (strcmp(a->dns[i], b->dns[i]) != 0)
            f |= F_SAN;
    for (size_t i = 0; i < a->n_uri && i < b->n_uri; i++)
        if (strcmp(a->uri[i], b->uri[i]) != 0)
            f |= F_SAN;
    if (bytes_differ(a->skid, a->skid_len, b->skid, b->skid_len))
        f |= F_SKID;
    if (bytes_differ(a->akid, a->akid_len, b->akid, b->akid_len))
        f |= F_AKID;
    return f;
}

static bool signed_by(const pki_cert *c, const pki_key *k)
{
    return crypto_sign_verify_detached(c->x.sig, c->x.tbs, c->x.tbs_len, k->pk) == 0;
}

static const uint8_t other_serial[PKI_SERIAL_LEN] = { 0x42, 1, 2, 3, 4, 5, 6, 7,
                                                      8, 9, 10, 11, 12, 13, 14, 15 };

static void edit_client_validity(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.not_before = t->now - 2 * DAY;
    t->cert[PKI_CLIENT].x.not_after = t->now + 7 * DAY;
}
static void edit_client_eku(pki_templates *t) { t->cert[PKI_CLIENT].x.eku = X509_EKU_CLIENT_AUTH; }
static void edit_server_san(pki_templates *t) { t->cert[PKI_SERVER].x.san_dns = "alt.example"; }
static void edit_server_cn(pki_templates *t) { t->cert[PKI_SERVER].x.subject_cn = "cn.example"; }
static void edit_server_ku(pki_templates *t)
{
    t->cert[PKI_SERVER].x.key_usage = X509_KU_DIGITAL_SIGNATURE | X509_KU_KEY_ENCIPHERMENT;
}
static void edit_server_key_type(pki_templates *t)
{
    t->cert[PKI_SERVER].x.key_type = X509_KEY_X25519;
}
static void edit_client_ca(pki_templates *t) { t->cert[PKI_CLIENT].x.is_ca = true; }
static void edit_client_serial(pki_templates *t) { t->cert[PKI_CLIENT].x.serial = other_serial; }
static void edit_client_issuer(pki_templates *t)
{
    t->cert[PKI_CLIENT].issuer = t->cert[PKI_CLIENT].signer = PKI_ROGUE;
}
static void edit_client_signer(pki_templates *t) { t->cert[PKI_CLIENT].signer = PKI_ROGUE; }

static void test_one_edit_one_field(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        pki_edit_fn edit;
        pki_id cert;
        unsigned fields; /* what the parser sees change */
        pki_id signer;
    } cases[] = {
        { "validity", edit_client_validity, PKI_CLIENT, F_VALIDITY, PKI_CLIENT_CA },
        { "extended key usage", edit_client_eku, PKI_CLIENT, F_EKU, PKI_CLIENT_CA },
        { "SAN dNSName", edit_server_san, PKI_SERVER, F_SAN, PKI_SERVER_CA },
        { "subject CN", edit_server_cn, PKI_SERVER, F_SUBJECT, PKI_SERVER_CA },
        { "key usage", edit_server_ku, PKI_SERVER, F_KU, PKI_SERVER_CA },
        /* the subject key identifier is the key's hash (RFC 5280 §4.2.1.2) */
        { "key type", edit_server_key_type, PKI_SERVER, F_KEY | F_SKID, PKI_SERVER_CA },
        { "basic constraints", edit_client_ca, PKI_CLIENT, F_BC, PKI_CLIENT_CA },
        { "serial", edit_client_serial, PKI_CLIENT, F_SERIAL, PKI_CLIENT_CA },
        /* another issuer: its Name and its key identifier */
        { "issuer", edit_client_issuer, PKI_CLIENT, F_ISSUER | F_AKID, PKI_ROGUE },
        /* forged: every field as before, only the signing key differs */
        { "signer", edit_client_signer, PKI_CLIENT, 0, PKI_ROGUE },
    };
    assert_int_equal(build_with(&base, NULL, NULL), ERR_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(build_with(&edited, cases[i].edit, NULL), ERR_OK);
        for (pki_id id = PKI_CA; id < PKI_N_CERTS; id++) {
            pki_cert *a = pki_cert_of(&base, id), *b = pki_cert_of(&edited, id);
            if (id != cases[i].cert) {
                assert_int_equal(a->der_len, b->der_len);
                assert_memory_equal(a->der, b->der, a->der_len);
                continue;
            }
            /* parsed back from the DER by the project's own parser */
            x509_cert pa, pb;
            assert_int_equal(x509_parse(a->der, a->der_len, &pa), ERR_OK);
            assert_int_equal(x509_parse(b->der, b->der_len, &pb), ERR_OK);
            assert_int_equal(fields_differing(&pa, &pb), cases[i].fields);
            assert_true(signed_by(b, pki_key_of(&edited, cases[i].signer)));
            /* the leaves are signed by their intermediate (the default shape) */
            if (cases[i].signer == PKI_ROGUE)
                assert_false(signed_by(b, pki_key_of(&edited, PKI_CLIENT_CA)));
        }
    }
    /* the values the parser read are the ones the edits wrote */
    assert_int_equal(build_with(&edited, edit_client_validity, edit_server_san), ERR_OK);
    assert_int_equal(edited.client.x.not_before, NOW - 2 * DAY);
    assert_int_equal(edited.client.x.not_after, NOW + 7 * DAY);
    assert_int_equal(edited.server.x.n_dns, 1);
    assert_string_equal(edited.server.x.dns[0], "alt.example");
    assert_string_equal(edited.server.x.subject_cn, PKI_SERVER_NAME);
    assert_int_equal(build_with(&edited, edit_client_serial, NULL), ERR_OK);
    assert_memory_equal(edited.client.x.serial, other_serial, sizeof other_serial);
}

/* ---- edits that cannot be issued ---- */

static void edit_ca_by_client(pki_templates *t) { t->cert[PKI_CA].issuer = PKI_CLIENT; }
static void edit_client_by_server(pki_templates *t)
{
    t->cert[PKI_CLIENT].issuer = t->cert[PKI_CLIENT].signer = PKI_SERVER;
}

static void test_edits_that_cannot_be_issued(void **state)
{
    (void)state;
    /* an issuer that is issued after its subject */
    assert_int_equal(build_with(&edited, edit_ca_by_client, NULL), ERR_USAGE);
    /* a signer whose key is X25519 cannot sign */
    assert_int_equal(build_with(&edited, pki_edit_server_x25519, edit_client_by_server),
                     ERR_USAGE);
    /* but an Ed25519 server may: the client certificate is then a leaf's */
    assert_int_equal(build_with(&edited, edit_client_by_server, NULL), ERR_OK);
    assert_string_equal(edited.client.x.issuer_cn, PKI_SERVER_NAME);
    assert_true(signed_by(&edited.client, &edited.server_key));
    /* more edits than the options hold */
    rng r;
    pki_options o = { .now = NOW, .n_edit = PKI_EDITS_MAX + 1 };
    rng_init_seeded(&r, 7);
    assert_int_equal(pki_build(&edited, &r, &o), ERR_USAGE);
    rng_wipe(&r);
    pki_wipe(&edited);
    pki_wipe(&base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults_are_todays_certificates),
        cmocka_unit_test(test_scenario_hooks_issue_todays_certificates),
        cmocka_unit_test(test_one_edit_one_field),
        cmocka_unit_test(test_edits_that_cannot_be_issued),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
