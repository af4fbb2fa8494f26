/* test_pki_load.c — one's own certificate and key from PEM: the program's
 * own export and RFC 8410's example key load; RSA, ECDSA P-256, a key that
 * does not match, a malformed PKCS#8 and the wrong kind of block are each
 * refused with a line that names what and why. */
#include "testlib.h"

#include <string.h>

#include "pki/pki_load.h"

/* RFC 8410 §10.3: an Ed25519 private key; its public key is §10.1's. */
static const char rfc8410_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
    "-----END PRIVATE KEY-----\n";
static const char rfc8410_pub_hex[] =
    "19bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";

/* made with openssl req -x509 -newkey rsa:1024 / ec P-256, genpkey ec P-256 */
static const char rsa_cert[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIB9DCCAV2gAwIBAgIUQHtsctYquJM2ZWx9mWBCP/YSWbQwDQYJKoZIhvcNAQEL\n"
    "BQAwDDEKMAgGA1UEAwwBcjAeFw0yNjEyMDIxNDA4MzFaFw0yNjEyMDMxNDA4MzFa\n"
    "MAwxCjAIBgNVBAMMAXIwgZ8wDQYJKoZIhvcNAQEBBQADgY0AMIGJAoGBALdGjDpQ\n"
    "Ls6fewVPRx1MeWcFzRE62VqJy7gelruBS6kMyzvebIwqSt7fDDViFInzp4YmzWIX\n"
    "qMvTvVEm+zKXeTx10V9BHELNa4pl/Ca9/ydKii4p6J26HImhPGJ8IzqW+MQhCue+\n"
    "TJ7VCTo6/XVvjoVKuDeC9XEt0ackqg0xbGIbAgMBAAGjUzBRMB0GA1UdDgQWBBRx\n"
    "JAyTxwB3PmxAiZAHuTDSBCRH5zAfBgNVHSMEGDAWgBRxJAyTxwB3PmxAiZAHuTDS\n"
    "BCRH5zAPBgNVHRMBAf8EBTADAQH/MA0GCSqGSIb3DQEBCwUAA4GBAA+SdsL5fWU+\n"
    "wvw8ayxAcPNImjQbnFNAujjqiDNdqfr552rcqepoq/wHO9c2faPcpMVrsr37NvU6\n"
    "UOYNYcH3BKnGQoKmPlKXaafNnuUAqw8u9pzgta38zxw3lFifqCeAe/vM3iBDq0mE\n"
    "X/WdHprm9idIg1+7ExoQ2K684CYmhSAi\n"
    "-----END CERTIFICATE-----\n";
static const char p256_cert[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBbDCCAROgAwIBAgIUepvVmfpeOcip7FioS3m0U4N/X04wCgYIKoZIzj0EAwIw\n"
    "DDEKMAgGA1UEAwwBcDAeFw0yNjEyMDIxNDA4MThaFw0yNjEyMDMxNDA4MThaMAwx\n"
    "CjAIBgNVBAMMAXAwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASpdET3uglCUUn2\n"
    "mXot1nxG/pxoVJt/ooi+/qB1+jyL9BhDq1DxJQnuwRRbnXCvh7hBCjtaa4qKVCbM\n"
    "n+M+kdczo1MwUTAdBgNVHQ4EFgQUVOI3U8FeoDp9ibrnIXB47c4yjD4wHwYDVR0j\n"
    "BBgwFoAUVOI3U8FeoDp9ibrnIXB47c4yjD4wDwYDVR0TAQH/BAUwAwEB/zAKBggq\n"
    "hkjOPQQDAgNHADBEAiAPFCyBzfMcajWtOmypgIQ0kNizH5q2AQktj1ZVqzU3+AIg\n"
    "ZWEruIW3vkfsXKJmGQVLIBs46uoQLlazatZgcC9OtBg=\n"
    "-----END CERTIFICATE-----\n";
static const char p256_key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvmdvNeYWXpadPHVQ\n"
    "GLmqzyOHsMximX64675nkI5hY3KhRANCAATtFsYAEfiku4npjgSRVLENiiOFrNEW\n"
    "IquvL1Em3+IGk1rbLUWzDT6MZ3SR42LbmsCDoQn+o6lBAM1jML7LDcY4\n"
    "-----END PRIVATE KEY-----\n";

static void test_rfc8410_key_loads(void **state)
{
    (void)state;
    pki_key k;
    char why[PKI_LOAD_WHY] = "";
    assert_int_equal(pki_load_key_pem(rfc8410_key, strlen(rfc8410_key), "k", &k, why,
                                      sizeof why), ERR_OK);
    assert_int_equal(k.type, X509_KEY_ED25519);
    uint8_t want[32];
    assert_int_equal(unhex(rfc8410_pub_hex, want, sizeof want), 32);
    assert_memory_equal(k.pk, want, 32);
}

/* The files --export writes load back as the same certificate and key, and
 * the key matches its own certificate and not the other one. */
static void test_export_round_trip(void **state)
{
    (void)state;
    pki p;
    rng r;
    rng_init_seeded(&r, 3);
    pki_options po = { .now = 1736935200 };
    assert_int_equal(pki_build(&p, &r, &po), ERR_OK);
    static char pem[8192];
    uint8_t der[256];
    size_t n, dn;
    char why[PKI_LOAD_WHY] = "";
    assert_int_equal(pem_encode("CERTIFICATE", p.client.der, p.client.der_len, pem, sizeof pem,
                                &n), ERR_OK);
    static pki_cert c;
    assert_int_equal(pki_load_cert_pem(pem, n, "c", &c, why, sizeof why), ERR_OK);
    assert_int_equal(c.der_len, p.client.der_len);
    assert_memory_equal(c.der, p.client.der, c.der_len);
    assert_memory_equal(c.x.key, p.client_key.pk, 32);
    assert_int_equal(pki_key_pkcs8(&p.client_key, der, sizeof der, &dn), ERR_OK);
    assert_int_equal(pem_encode("PRIVATE KEY", der, dn, pem, sizeof pem, &n), ERR_OK);
    pki_key k;
    assert_int_equal(pki_load_key_pem(pem, n, "k", &k, why, sizeof why), ERR_OK);
    assert_memory_equal(k.seed, p.client_key.seed, 32);
    assert_memory_equal(k.sk, p.client_key.sk, 64);
    assert_int_equal(pki_load_match(&k, &c, "--key K", "--cert C", why, sizeof why), ERR_OK);
    assert_int_equal(pki_load_match(&k, &p.server, "--key K", "--cert S", why, sizeof why),
                     ERR_USAGE);
    assert_string_equal(why, "--key K does not match --cert S: its public half is not the key "
                             "the certificate holds");

    /* a fullchain file: the leaf, then its intermediate */
    size_t m;
    assert_int_equal(pem_encode("CERTIFICATE", p.client.der, p.client.der_len, pem, sizeof pem,
                                &n), ERR_OK);
    assert_int_equal(pem_encode("CERTIFICATE", p.client_ca.der, p.client_ca.der_len, pem + n,
                                sizeof pem - n, &m), ERR_OK);
    static pki_cert chain[2];
    err_t e;
    assert_int_equal(pki_load_chain_pem(pem, n + m, "--cert F", chain, 2, &e, why, sizeof why),
                     2);
    assert_int_equal(e, ERR_OK);
    assert_memory_equal(chain[0].der, p.client.der, p.client.der_len);
    assert_memory_equal(chain[1].der, p.client_ca.der, p.client_ca.der_len);
    assert_true(chain[1].x.is_ca);
    assert_int_equal(pki_load_chain_pem(pem, n, "--cert F", chain, 2, &e, why, sizeof why), 1);
    assert_int_equal(e, ERR_OK);
    assert_int_equal(pki_load_chain_pem(pem, n + m, "--cert F", chain, 1, &e, why, sizeof why),
                     1);
    assert_int_equal(e, ERR_USAGE);
    assert_string_equal(why, "--cert F: more than 1 certificates (a leaf and at most 0 "
                             "intermediates)");
    /* a broken second block is named by its place */
    pem[n + 40] = '!';
    assert_int_equal(pki_load_chain_pem(pem, n + m, "--cert F", chain, 2, &e, why, sizeof why),
                     1);
    assert_int_equal(e, ERR_PEM);
    assert_non_null(strstr(why, "--cert F, certificate 2: no PEM block"));
    pki_wipe(&p);
}

static void test_rsa_and_p256_refused_with_reason(void **state)
{
    (void)state;
    static pki_cert c;
    pki_key k;
    char why[PKI_LOAD_WHY] = "";
    assert_int_equal(pki_load_cert_pem(rsa_cert, strlen(rsa_cert), "--cert 'r.pem'", &c, why,
                                       sizeof why), ERR_X509_ALG);
    assert_non_null(strstr(why, "--cert 'r.pem': an RSA certificate, which mtls-sim cannot use: "
                                "libsodium, which mtls-sim uses, has Ed25519 and X25519 only"));
    assert_non_null(strstr(why, "openssl req -x509 -newkey ed25519"));
    assert_int_equal(pki_load_cert_pem(p256_cert, strlen(p256_cert), "p", &c, why, sizeof why),
                     ERR_X509_ALG);
    assert_non_null(strstr(why, "p: an ECDSA P-256 certificate, which mtls-sim cannot use"));
    assert_int_equal(pki_load_key_pem(p256_key, strlen(p256_key), "k", &k, why, sizeof why),
                     ERR_X509_ALG);
    assert_non_null(strstr(why, "k: an ECDSA P-256 key, which mtls-sim cannot use"));
    static const char rsa_key[] = "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"
                                  "-----END RSA PRIVATE KEY-----\n";
    assert_int_equal(pki_load_key_pem(rsa_key, strlen(rsa_key), "k", &k, why, sizeof why),
                     ERR_PEM);
    assert_non_null(strstr(why, "k: an RSA key, which mtls-sim cannot use"));
}

static void test_malformed_inputs_refused(void **state)
{
    (void)state;
    static pki_cert c;
    pki_key k;
    char why[PKI_LOAD_WHY] = "";
    /* a key where a certificate belongs, and the other way round */
    assert_int_equal(pki_load_cert_pem(rfc8410_key, strlen(rfc8410_key), "c", &c, why,
                                       sizeof why), ERR_PEM);
    assert_string_equal(why, "c: no PEM block 'BEGIN CERTIFICATE' with valid base64 in it "
                             "(this is a private key)");
    assert_int_equal(pki_load_key_pem(p256_cert, strlen(p256_cert), "k", &k, why, sizeof why),
                     ERR_PEM);
    assert_string_equal(why, "k: no PEM block 'BEGIN PRIVATE KEY' (PKCS#8) with valid base64 "
                             "in it (this is a certificate)");
    /* PKCS#8 version 2 does not exist; a 31-byte Ed25519 key is no key */
    static const char v2[] = "-----BEGIN PRIVATE KEY-----\n"
                             "MC4CAQIwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
                             "-----END PRIVATE KEY-----\n";
    assert_int_equal(pki_load_key_pem(v2, strlen(v2), "k", &k, why, sizeof why), ERR_DER_VALUE);
    assert_non_null(strstr(why, "k: not a PKCS#8 Ed25519 or X25519 private key"));
    static const char short_key[] = "-----BEGIN PRIVATE KEY-----\n"
                                    "MC0CAQAwBQYDK2VwBCEEH9Tuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVg=\n"
                                    "-----END PRIVATE KEY-----\n";
    assert_int_equal(pki_load_key_pem(short_key, strlen(short_key), "k", &k, why, sizeof why),
                     ERR_DER_LENGTH);
    /* a truncated certificate */
    char cut[sizeof p256_cert];
    memcpy(cut, p256_cert, sizeof p256_cert);
    memcpy(cut + 200, "\n-----END CERTIFICATE-----\n", 28);
    assert_int_not_equal(pki_load_cert_pem(cut, strlen(cut), "c", &c, why, sizeof why), ERR_OK);
    assert_non_null(strstr(why, "c: "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc8410_key_loads),
        cmocka_unit_test(test_export_round_trip),
        cmocka_unit_test(test_rsa_and_p256_refused_with_reason),
        cmocka_unit_test(test_malformed_inputs_refused),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
