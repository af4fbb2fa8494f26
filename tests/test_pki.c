/* test_pki.c — the classroom PKI: determinism under a seed, what each
 * template edit changes (and that it changes nothing else), PEM (RFC 7468)
 * and PKCS#8 (RFC 5958, RFC 8410 §7) encodings, and the exported files. */
#include "testlib.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pki/pki.h"
#include "base/rng.h"
#include "pki/x509.h"

#define NOW 1736935200 /* 2025-01-15 10:00:00 UTC, the seeded clock */
#define DAY 86400

static pki pa, pb;

static void build(pki *p, uint64_t seed, const pki_options *opt)
{
    rng r;
    pki_options o = { .now = NOW };
    rng_init_seeded(&r, seed);
    assert_int_equal(pki_build(p, &r, opt ? opt : &o), ERR_OK);
    rng_wipe(&r);
}

static void assert_same(const pki_cert *a, const pki_cert *b)
{
    assert_int_equal(a->der_len, b->der_len);
    assert_memory_equal(a->der, b->der, a->der_len);
}

static void assert_differ(const pki_cert *a, const pki_cert *b)
{
    assert_false(a->der_len == b->der_len && memcmp(a->der, b->der, a->der_len) == 0);
}

/* Verify the chain the side of c sends (c and its intermediates). */
static err_t verify(const pki *p, const pki_cert *c, const pki_cert *anchor, x509_role role,
                    const char *name)
{
    x509_policy pol = { .anchor = &anchor->x, .now = p->now, .role = role,
                        .expected_name = name };
    pki_id id = c == &p->server ? PKI_SERVER : c == &p->client ? PKI_CLIENT : PKI_CLIENT_PARTNER;
    const pki_cert *chain[PKI_CHAIN_MAX];
    x509_cert x[PKI_CHAIN_MAX];
    size_t n = pki_chain(p, id, chain, PKI_CHAIN_MAX);
    for (size_t i = 0; i < n; i++)
        x[i] = chain[i]->x;
    return x509_verify_chain(x, n, &pol, NULL, NULL);
}

static void test_seeded_build_is_deterministic(void **state)
{
    (void)state;
    build(&pa, 7, NULL);
    build(&pb, 7, NULL);
    assert_same(&pa.ca, &pb.ca);
    assert_same(&pa.rogue, &pb.rogue);
    assert_same(&pa.server, &pb.server);
    assert_same(&pa.client, &pb.client);
    assert_memory_equal(&pa.server_key, &pb.server_key, sizeof pa.server_key);
    /* pinned: the same seed gives these bytes on every machine, any day */
    uint8_t h[32];
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, pa.ca.der, pa.ca.der_len);
    crypto_hash_sha256_update(&st, pa.server.der, pa.server.der_len);
    crypto_hash_sha256_update(&st, pa.client.der, pa.client.der_len);
    crypto_hash_sha256_final(&st, h);
    assert_hex_equal(h, 32, "005d11a81d2c377dd5c3c5b4208cd67663bd06ed6c5c81ebdbec78332e77aee0");
    build(&pb, 8, NULL);
    assert_differ(&pa.ca, &pb.ca);
    assert_differ(&pa.server, &pb.server);
    assert_differ(&pa.client, &pb.client);
    assert_memory_not_equal(pa.client_key.pk, pb.client_key.pk, 32);
}

static void test_default_pki(void **state)
{
    (void)state;
    build(&pa, 7, NULL);
    const x509_cert *ca = &pa.ca.x, *s = &pa.server.x, *c = &pa.client.x;
    assert_string_equal(ca->subject_cn, "mtls-sim Classroom Root CA");
    /* O before CN, as PrintableString: SET { SEQUENCE { 2.5.4.10, "mtls-sim classroom" } } */
    assert_hex_equal(ca->subject + 2, 29,
                     "311b3019060355040a13126d746c732d73696d20636c617373726f6f6d");
    assert_true(ca->is_ca && ca->key_usage == (X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN));
    assert_true(ca->not_before == NOW - DAY && ca->not_after == NOW + 3652 * (int64_t)DAY);
    assert_memory_equal(ca->key, pa.ca_key.pk, 32);
    assert_string_equal(pa.rogue.x.subject_cn, "Rogue CA");

    assert_string_equal(s->subject_cn, PKI_SERVER_NAME);
    assert_string_equal(s->issuer_cn, "mtls-sim Server Issuing CA");
    assert_int_equal(s->n_dns, 1);
    assert_string_equal(s->dns[0], PKI_SERVER_NAME);
    assert_int_equal(s->eku, X509_EKU_SERVER_AUTH);
    assert_int_equal(s->key_usage, X509_KU_DIGITAL_SIGNATURE);
    assert_int_equal(s->key_type, X509_KEY_ED25519);
    assert_true(s->not_before == NOW - 3600 && s->not_after == NOW + 90 * (int64_t)DAY);
    assert_memory_equal(s->akid, pa.server_ca.x.skid, 20);
    /* the hierarchy: root → intermediate (pathLenConstraint 0) → leaf, on both sides */
    const x509_cert *sca = &pa.server_ca.x, *cca = &pa.client_ca.x;
    assert_string_equal(sca->issuer_cn, "mtls-sim Classroom Root CA");
    assert_string_equal(cca->issuer_cn, "mtls-sim Classroom Root CA");
    assert_string_equal(cca->subject_cn, "mtls-sim Client Issuing CA");
    assert_true(sca->is_ca && sca->has_path_len && sca->path_len == 0);
    assert_true(cca->is_ca && cca->has_path_len && cca->path_len == 0);
    assert_false(ca->has_path_len);
    assert_memory_equal(sca->akid, ca->skid, 20);
    assert_true(sca->not_after == NOW + 1826 * (int64_t)DAY);
    const pki_cert *chain[PKI_CHAIN_MAX];
    assert_int_equal(pki_chain(&pa, PKI_SERVER, chain, PKI_CHAIN_MAX), 2);
    assert_ptr_equal(chain[0], &pa.server);
    assert_ptr_equal(chain[1], &pa.server_ca);
    assert_int_equal(pki_chain(&pa, PKI_CLIENT, chain, PKI_CHAIN_MAX), 2);
    assert_ptr_equal(chain[1], &pa.client_ca);
    assert_int_equal(pki_root_of(&pa, PKI_CLIENT), PKI_CA);
    assert_int_equal(pki_chain(&pa, PKI_CLIENT_PARTNER, chain, PKI_CHAIN_MAX), 1);
    assert_int_equal(pki_root_of(&pa, PKI_CLIENT_PARTNER), PKI_PARTNER_CA);
    assert_string_equal(pa.client_partner.x.uri[0], PKI_PARTNER_URI);

    assert_string_equal(c->subject_cn, "student");
    assert_int_equal(c->n_uri, 1);
    assert_string_equal(c->uri[0], PKI_CLIENT_URI);
    assert_int_equal(c->n_dns, 0);
    /* an X509-SVID: EKU with both purposes (SPIFFE X509-SVID §4.4) */
    assert_int_equal(c->eku, X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH);
    assert_int_equal(c->key_usage, X509_KU_DIGITAL_SIGNATURE);

    /* serials: 16 octets, positive, with bit 6 set; all different */
    const x509_cert *all[PKI_N_CERTS];
    for (pki_id id = 0; id < PKI_N_CERTS; id++)
        all[id] = &pki_cert_of(&pa, id)->x;
    for (size_t i = 0; i < PKI_N_CERTS; i++) {
        assert_int_equal(all[i]->serial_len, 16);
        assert_int_equal(all[i]->serial[0] & 0xc0, 0x40);
        for (size_t j = 0; j < i; j++)
            assert_memory_not_equal(all[i]->serial, all[j]->serial, 16);
    }
    /* Ed25519 keys are the libsodium expansion of their seed */
    uint8_t pk[32], sk[64];
    crypto_sign_seed_keypair(pk, sk, pa.client_key.seed);
    assert_memory_equal(pk, pa.client_key.pk, 32);
    assert_memory_equal(sk, pa.client_key.sk, 64);

    assert_int_equal(verify(&pa, &pa.server, &pa.ca, X509_ROLE_SERVER, PKI_SERVER_NAME), ERR_OK);
    assert_int_equal(verify(&pa, &pa.client, &pa.ca, X509_ROLE_CLIENT, PKI_CLIENT_URI), ERR_OK);
    /* the partner's certificate chains to the partner's root, not the classroom's */
    assert_int_equal(verify(&pa, &pa.client_partner, &pa.ca, X509_ROLE_CLIENT, NULL),
                     ERR_CERT_UNKNOWN_CA);
    assert_int_equal(verify(&pa, &pa.client_partner, &pa.partner_ca, X509_ROLE_CLIENT, NULL),
                     ERR_OK);

    /* --chain 1: both leaves straight under the root; the same keys */
    pki_options o = { .now = NOW, .chain_len = 1 };
    build(&pb, 7, &o);
    assert_int_equal(pki_chain(&pb, PKI_SERVER, chain, PKI_CHAIN_MAX), 1);
    assert_int_equal(pki_chain(&pb, PKI_CLIENT, chain, PKI_CHAIN_MAX), 1);
    assert_string_equal(pb.server.x.issuer_cn, "mtls-sim Classroom Root CA");
    assert_memory_equal(pb.client_key.pk, pa.client_key.pk, 32);
    assert_int_equal(verify(&pb, &pb.server, &pb.ca, X509_ROLE_SERVER, PKI_SERVER_NAME), ERR_OK);
    /* --client-ca separate: the client's intermediate under the client root */
    o = (pki_options){ .now = NOW, .client_ca_separate = true };
    build(&pb, 7, &o);
    assert_string_equal(pb.client_ca.x.issuer_cn, "mtls-sim Client Root CA");
    assert_int_equal(pki_root_of(&pb, PKI_CLIENT), PKI_CLIENT_ROOT);
    assert_int_equal(pki_root_of(&pb, PKI_SERVER), PKI_CA);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, NULL), ERR_CERT_UNKNOWN_CA);
    assert_int_equal(verify(&pb, &pb.client, &pb.client_root, X509_ROLE_CLIENT, NULL), ERR_OK);
    o.chain_len = 1;
    build(&pb, 7, &o);
    assert_string_equal(pb.client.x.issuer_cn, "mtls-sim Client Root CA");
    o.chain_len = 3;
    rng r;
    rng_init_seeded(&r, 7);
    assert_int_equal(pki_build(&pb, &r, &o), ERR_USAGE);
    rng_wipe(&r);
}

/* Template edits of the kinds the scenarios make. */
static void edit_server_expired(pki_templates *t)
{
    t->cert[PKI_SERVER].x.not_before = t->now - 100 * DAY;
    t->cert[PKI_SERVER].x.not_after = t->now - 10 * DAY;
}

static void edit_client_expired(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.not_before = t->now - 100 * DAY;
    t->cert[PKI_CLIENT].x.not_after = t->now - 10 * DAY;
}

static void edit_client_not_yet_valid(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.not_before = t->now + 10 * DAY;
    t->cert[PKI_CLIENT].x.not_after = t->now + 100 * DAY;
}

static void edit_server_rogue(pki_templates *t)
{
    t->cert[PKI_SERVER].issuer = t->cert[PKI_SERVER].signer = PKI_ROGUE;
}

static void edit_client_rogue(pki_templates *t)
{
    t->cert[PKI_CLIENT].issuer = t->cert[PKI_CLIENT].signer = PKI_ROGUE;
}

static void edit_names(pki_templates *t)
{
    t->cert[PKI_SERVER].x.subject_cn = t->cert[PKI_SERVER].x.san_dns = "other.example";
    t->cert[PKI_CLIENT].x.san_uri = "spiffe://other.example/x";
}

static void edit_no_client_auth(pki_templates *t)
{
    t->cert[PKI_CLIENT].x.eku = X509_EKU_SERVER_AUTH;
}

static pki_options with(pki_edit_fn e)
{
    return (pki_options){ .now = NOW, .edit = { e }, .n_edit = 1 };
}

/* Each edit: what it changes, and that the other certificates stay put
 * (the generator is drawn in the same order whatever the edits). */
static void test_options(void **state)
{
    (void)state;
    pki_options o;
    build(&pa, 7, NULL);

    o = with(pki_edit_server_x25519);
    build(&pb, 7, &o);
    assert_int_equal(pb.server.x.key_type, X509_KEY_X25519);
    assert_int_equal(pb.server.x.key_usage, X509_KU_KEY_AGREEMENT);
    uint8_t pk[32];
    crypto_scalarmult_base(pk, pb.server_key.seed);
    assert_memory_equal(pb.server.x.key, pk, 32);
    assert_memory_equal(pb.server_key.seed, pa.server_key.seed, 32);
    assert_same(&pa.ca, &pb.ca);
    assert_same(&pa.client, &pb.client);
    assert_int_equal(verify(&pb, &pb.server, &pb.ca, X509_ROLE_SERVER, NULL), ERR_OK);

    o = with(edit_server_expired);
    build(&pb, 7, &o);
    assert_true(pb.server.x.not_after == NOW - 10 * DAY);
    assert_true(pb.server.x.not_before == NOW - 100 * DAY);
    assert_same(&pa.client, &pb.client);
    assert_int_equal(verify(&pb, &pb.server, &pb.ca, X509_ROLE_SERVER, NULL), ERR_CERT_EXPIRED);

    o = with(edit_client_expired);
    build(&pb, 7, &o);
    assert_same(&pa.server, &pb.server);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, NULL), ERR_CERT_EXPIRED);

    o = with(edit_client_not_yet_valid);
    build(&pb, 7, &o);
    assert_true(pb.client.x.not_before == NOW + 10 * DAY);
    assert_true(pb.client.x.not_after == NOW + 100 * DAY);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, NULL),
                     ERR_CERT_NOT_YET_VALID);

    o = with(edit_server_rogue);
    build(&pb, 7, &o);
    assert_string_equal(pb.server.x.issuer_cn, "Rogue CA");
    assert_same(&pa.client, &pb.client);
    assert_int_equal(verify(&pb, &pb.server, &pb.ca, X509_ROLE_SERVER, NULL),
                     ERR_CERT_UNKNOWN_CA);
    assert_int_equal(verify(&pb, &pb.server, &pb.rogue, X509_ROLE_SERVER, NULL), ERR_OK);

    o = with(edit_client_rogue);
    build(&pb, 7, &o);
    assert_string_equal(pb.client.x.issuer_cn, "Rogue CA");
    assert_same(&pa.server, &pb.server);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, NULL),
                     ERR_CERT_UNKNOWN_CA);

    o = with(edit_names);
    build(&pb, 7, &o);
    assert_string_equal(pb.server.x.dns[0], "other.example");
    assert_string_equal(pb.server.x.subject_cn, "other.example");
    assert_string_equal(pb.client.x.uri[0], "spiffe://other.example/x");
    assert_int_equal(verify(&pb, &pb.server, &pb.ca, X509_ROLE_SERVER, PKI_SERVER_NAME),
                     ERR_CERT_NAME);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, PKI_CLIENT_URI),
                     ERR_CERT_NAME);

    o = with(edit_no_client_auth);
    build(&pb, 7, &o);
    assert_int_equal(pb.client.x.eku, X509_EKU_SERVER_AUTH);
    assert_same(&pa.server, &pb.server);
    assert_int_equal(verify(&pb, &pb.client, &pb.ca, X509_ROLE_CLIENT, NULL), ERR_CERT_EKU);

    pki_wipe(&pb);
    static const pki zero;
    assert_memory_equal(&pb, &zero, sizeof pb);
}

static void test_pem_round_trip(void **state)
{
    (void)state;
    static char pem[4096];
    static uint8_t der[X509_CERT_MAX];
    size_t n, m;
    build(&pa, 7, NULL);
    assert_int_equal(pem_encode("CERTIFICATE", pa.ca.der, pa.ca.der_len, pem, sizeof pem, &n),
                     ERR_OK);
    assert_int_equal(strlen(pem), n);
    assert_int_equal(strncmp(pem, "-----BEGIN CERTIFICATE-----\nMII", 31), 0);
    assert_string_equal(pem + n - 27, "\n-----END CERTIFICATE-----\n");
    /* RFC 7468 §2: full lines of 64 characters, the last one shorter */
    const char *line = strchr(pem, '\n') + 1;
    size_t full = pa.ca.der_len / 48;
    for (size_t i = 0; i < full; i++, line += 65)
        assert_int_equal(strchr(line, '\n') - line, 64);
    assert_true(strchr(line, '\n') - line < 64);
    assert_int_equal(pem_decode(pem, n, "CERTIFICATE", der, sizeof der, &m), ERR_OK);
    assert_int_equal(m, pa.ca.der_len);
    assert_memory_equal(der, pa.ca.der, m);
    /* the block with the asked-for label, after another one */
    static char two[8192];
    size_t k;
    assert_int_equal(pem_encode("PRIVATE KEY", (const uint8_t *)"\x30\x00", 2, two,
                                sizeof two, &k), ERR_OK);
    memcpy(two + k, pem, n + 1);
    assert_int_equal(pem_decode(two, k + n, "CERTIFICATE", der, sizeof der, &m), ERR_OK);
    assert_int_equal(m, pa.ca.der_len);
    assert_int_equal(pem_decode(two, k + n, "PRIVATE KEY", der, sizeof der, &m), ERR_OK);
    assert_hex_equal(der, m, "3000");
    /* faults */
    assert_int_equal(pem_decode(pem, n, "PUBLIC KEY", der, sizeof der, &m), ERR_PEM);
    assert_int_equal(pem_decode(pem, n - 10, "CERTIFICATE", der, sizeof der, &m), ERR_PEM);
    assert_int_equal(pem_decode(pem, n, "CERTIFICATE", der, 100, &m), ERR_OVERFLOW);
    pem[40] = '*';
    assert_int_equal(pem_decode(pem, n, "CERTIFICATE", der, sizeof der, &m), ERR_PEM);
    assert_int_equal(pem_encode("CERTIFICATE", pa.ca.der, pa.ca.der_len, pem, 500, &n),
                     ERR_OVERFLOW);
}

static void test_pkcs8_layout(void **state)
{
    (void)state;
    uint8_t der[64];
    size_t n;
    char want[256];
    pki_key k = { .type = X509_KEY_ED25519 };
    for (int i = 0; i < 32; i++)
        k.seed[i] = (uint8_t)i;
    static const char seed_hex[] =
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    /* RFC 8410 §10.3 shows this layout for an Ed25519 private key */
    assert_int_equal(pki_key_pkcs8(&k, der, sizeof der, &n), ERR_OK);
    snprintf(want, sizeof want, "302e020100300506032b657004220420%s", seed_hex);
    assert_hex_equal(der, n, want);
    k.type = X509_KEY_X25519;
    assert_int_equal(pki_key_pkcs8(&k, der, sizeof der, &n), ERR_OK);
    snprintf(want, sizeof want, "302e020100300506032b656e04220420%s", seed_hex);
    assert_hex_equal(der, n, want);
    assert_int_equal(pki_key_pkcs8(&k, der, 47, &n), ERR_OVERFLOW);
}

static size_t read_file(const char *dir, const char *name, char *buf, size_t cap, mode_t *mode)
{
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(stat(path, &st), 0);
    *mode = st.st_mode & 0777;
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_export(void **state)
{
    (void)state;
    static const char *const names[] = {
        "ca.pem", "client.key", "client.pem", "server.key", "server.pem",
        "ca-rogue.pem", "ca-client-root.pem", "ca-g2.pem", "ca-partner.pem",
        "ca-server-issuing.pem", "ca-client-issuing.pem", "ca-client-lab.pem",
        "server-chain.pem", "server-root.pem", "client-chain.pem", "client-root.pem",
        "client-partner.pem", "client-partner.key", "client-partner-chain.pem",
        "client-partner-root.pem",
    };
    enum { N_FILES = sizeof names / sizeof names[0] };
    char dir[] = "/tmp/mtls-sim-test-XXXXXX", sub[64], path[128];
    static char text[8192], want[8192];
    static uint8_t der[256];
    size_t n, m;
    mode_t mode;
    assert_non_null(mkdtemp(dir));
    snprintf(sub, sizeof sub, "%s/pki", dir); /* made by the export */
    build(&pa, 7, NULL);
    assert_int_equal(pki_export(&pa, sub), ERR_OK);
    assert_int_equal(pki_export(&pa, sub), ERR_OK); /* again over the old files */

    n = read_file(sub, "server.pem", text, sizeof text, &mode);
    assert_int_equal(pem_encode("CERTIFICATE", pa.server.der, pa.server.der_len, want,
                                sizeof want, &m), ERR_OK);
    assert_int_equal(n, m);
    assert_memory_equal(text, want, n);
    /* a certificate holds no secret: the umask decides, as for any file */
    mode_t mask = umask(0);
    umask(mask);
    assert_int_equal(mode, 0666 & ~mask);
    n = read_file(sub, "client.key", text, sizeof text, &mode);
    assert_int_equal(mode, 0600);
    assert_int_equal(pem_decode(text, n, "PRIVATE KEY", der, sizeof der, &m), ERR_OK);
    assert_int_equal(m, 48);
    assert_memory_equal(der + 16, pa.client_key.seed, 32);

    /* the chain file is the Certificate message's list: leaf, then intermediate */
    n = read_file(sub, "server-chain.pem", text, sizeof text, &mode);
    size_t m2;
    assert_int_equal(pem_encode("CERTIFICATE", pa.server_ca.der, pa.server_ca.der_len, want,
                                sizeof want, &m2), ERR_OK);
    assert_int_equal(pem_encode("CERTIFICATE", pa.server.der, pa.server.der_len, want + m2,
                                sizeof want - m2, &m), ERR_OK);
    assert_int_equal(n, m + m2);
    assert_memory_equal(text, want + m2, m);
    assert_memory_equal(text + m, want, m2);
    n = read_file(sub, "client-root.pem", text, sizeof text, &mode);
    assert_int_equal(pem_encode("CERTIFICATE", pa.ca.der, pa.ca.der_len, want, sizeof want, &m),
                     ERR_OK);
    assert_int_equal(n, m);
    assert_memory_equal(text, want, n);

    /* exactly these files: no temporary file is left behind */
    DIR *d = opendir(sub);
    assert_non_null(d);
    struct dirent *e;
    size_t count = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        bool known = false;
        for (size_t i = 0; i < N_FILES; i++)
            known = known || strcmp(e->d_name, names[i]) == 0;
        if (!known)
            fail_msg("unexpected file %s", e->d_name);
        count++;
    }
    closedir(d);
    assert_int_equal(count, N_FILES);

    /* failures: a missing parent, and a file where the directory should be */
    snprintf(path, sizeof path, "%s/no/such", dir);
    errno = 0;
    assert_int_equal(pki_export(&pa, path), ERR_IO);
    assert_int_equal(errno, ENOENT);
    snprintf(path, sizeof path, "%s/ca.pem", sub);
    errno = 0;
    assert_int_equal(pki_export(&pa, path), ERR_IO);
    assert_int_equal(errno, ENOTDIR);

    for (size_t i = 0; i < N_FILES; i++) {
        snprintf(path, sizeof path, "%s/%s", sub, names[i]);
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(sub), 0);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeded_build_is_deterministic),
        cmocka_unit_test(test_default_pki),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_pem_round_trip),
        cmocka_unit_test(test_pkcs8_layout),
        cmocka_unit_test(test_export),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
