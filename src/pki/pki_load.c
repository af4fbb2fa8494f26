/* pki_load.c — one's own certificate and key from PEM files, refused with a reason. */
#include "pki/pki_load.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/rd.h"
#include "pki/der.h"

static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 }; /* 1.3.101.112, RFC 8410 §3 */
static const uint8_t oid_x25519[] = { 0x2b, 0x65, 0x6e };  /* 1.3.101.110 */

/* What works, said after every refusal of an algorithm. */
#define WHAT_WORKS                                                                            \
    "libsodium, which mtls-sim uses, has Ed25519 and X25519 only; make an Ed25519 "          \
    "certificate with 'openssl req -x509 -newkey ed25519' or use the files --export writes"

/* Algorithms people bring, by the DER bytes of their OIDs (with tag and
 * length), and what to call them. */
static const struct {
    const uint8_t *oid;
    size_t len;
    const char *name;
} foreign[] = {
    { (const uint8_t *)"\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07", 10, "ECDSA P-256" },
    { (const uint8_t *)"\x06\x05\x2b\x81\x04\x00\x22", 7, "ECDSA P-384" },
    { (const uint8_t *)"\x06\x05\x2b\x81\x04\x00\x23", 7, "ECDSA P-521" },
    { (const uint8_t *)"\x06\x07\x2a\x86\x48\xce\x3d\x02\x01", 9, "ECDSA" },
    { (const uint8_t *)"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0a", 11, "RSA-PSS" },
    { (const uint8_t *)"\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 11, "RSA" },
    { (const uint8_t *)"\x06\x03\x2b\x65\x71", 5, "Ed448" },
    { (const uint8_t *)"\x06\x03\x2b\x65\x6f", 5, "X448" },
};

/* The first foreign algorithm whose OID occurs in der, or NULL. */
static const char *foreign_alg(const uint8_t *der, size_t len)
{
    for (size_t k = 0; k < sizeof foreign / sizeof *foreign; k++)
        for (size_t i = 0; i + foreign[k].len <= len; i++)
            if (memcmp(der + i, foreign[k].oid, foreign[k].len) == 0)
                return foreign[k].name;
    return NULL;
}

static bool has_block(const char *text, size_t len, const char *label)
{
    char b[64];
    int n = snprintf(b, sizeof b, "-----BEGIN %s-----", label);
    if (n <= 0 || (size_t)n > len)
        return false;
    for (size_t i = 0; i + (size_t)n <= len; i++)
        if (memcmp(text + i, b, (size_t)n) == 0)
            return true;
    return false;
}

err_t pki_load_cert_pem(const char *text, size_t len, const char *name, pki_cert *out,
                        char *why, size_t cap)
{
    memset(out, 0, sizeof *out);
    err_t e = pem_decode(text, len, "CERTIFICATE", out->der, sizeof out->der, &out->der_len);
    if (e == ERR_OVERFLOW) {
        snprintf(why, cap, "%s: the certificate is longer than the %d bytes mtls-sim takes",
                 name, X509_CERT_MAX);
        return e;
    }
    if (e != ERR_OK) {
        snprintf(why, cap, "%s: no PEM block 'BEGIN CERTIFICATE' with valid base64 in it%s",
                 name, has_block(text, len, "PRIVATE KEY") ? " (this is a private key)" : "");
        return e;
    }
    const char *alg = foreign_alg(out->der, out->der_len);
    e = x509_parse(out->der, out->der_len, &out->x);
    if (e == ERR_OK)
        return ERR_OK;
    if (alg && (e == ERR_X509_ALG || e == ERR_X509_ALG_MISMATCH)) {
        snprintf(why, cap, "%s: an %s certificate, which mtls-sim cannot use: %s", name, alg,
                 WHAT_WORKS);
        return ERR_X509_ALG;
    }
    snprintf(why, cap, "%s: not a certificate mtls-sim can read: %s", name, err_str(e));
    return e;
}

size_t pki_load_chain_pem(const char *text, size_t len, const char *name, pki_cert *out,
                          size_t max, err_t *e, char *why, size_t cap)
{
    static const char end[] = "-----END CERTIFICATE-----";
    size_t n = 0, at = 0;
    *e = ERR_OK;
    /* each block after the one before: pem_decode reads the first it finds */
    while (at < len && has_block(text + at, len - at, "CERTIFICATE")) {
        if (n == max) {
            snprintf(why, cap, "%s: more than %zu certificates (a leaf and at most %zu "
                     "intermediates)", name, max, max - 1);
            *e = ERR_USAGE;
            return n;
        }
        char one[PKI_LOAD_WHY / 2];
        snprintf(one, sizeof one, "%s, certificate %zu", name, n + 1);
        *e = pki_load_cert_pem(text + at, len - at, n ? one : name, &out[n], why, cap);
        if (*e != ERR_OK)
            return n;
        n++;
        size_t k = sizeof end - 1, i = at;
        while (i + k <= len && memcmp(text + i, end, k) != 0)
            i++;
        at = i + k;
    }
    return n;
}

err_t pki_load_key_pem(const char *text, size_t len, const char *name, pki_key *k, char *why,
                       size_t cap)
{
    uint8_t der[512];
    size_t n = 0;
    memset(k, 0, sizeof *k);
    err_t e = pem_decode(text, len, "PRIVATE KEY", der, sizeof der, &n);
    if (e != ERR_OK) {
        const char *what = has_block(text, len, "RSA PRIVATE KEY")  ? "an RSA key"
                           : has_block(text, len, "EC PRIVATE KEY") ? "an ECDSA key"
                           : has_block(text, len, "ENCRYPTED PRIVATE KEY")
                               ? "an encrypted key (mtls-sim takes no passphrase; 'openssl pkey "
                                 "-in KEY -out PLAIN' decrypts it)"
                           : NULL;
        if (what && !strncmp(what, "an encrypted", 12))
            snprintf(why, cap, "%s: %s", name, what);
        else if (what)
            snprintf(why, cap, "%s: %s, which mtls-sim cannot use: %s", name, what, WHAT_WORKS);
        else
            snprintf(why, cap, "%s: no PEM block 'BEGIN PRIVATE KEY' (PKCS#8) with valid base64 "
                               "in it%s", name,
                     has_block(text, len, "CERTIFICATE") ? " (this is a certificate)" : "");
        sodium_memzero(der, sizeof der);
        return e == ERR_OVERFLOW ? ERR_PEM : e;
    }
    /* OneAsymmetricKey ::= SEQUENCE { version, privateKeyAlgorithm, privateKey
     * OCTET STRING, [0] attributes OPTIONAL, [1] publicKey OPTIONAL }
     * (RFC 5958 §2); for Ed25519 and X25519 privateKey holds an OCTET STRING
     * of the 32-byte private key (RFC 8410 §7) */
    rd r, seq, alg, pkey, inner;
    const uint8_t *oid = NULL, *ver = NULL;
    size_t oid_len = 0, ver_len = 0;
    rd_init(&r, der, n);
    e = der_read(&r, DER_SEQUENCE, &seq);
    if (e == ERR_OK)
        e = der_read_uint(&seq, &ver, &ver_len);
    if (e == ERR_OK)
        e = der_read(&seq, DER_SEQUENCE, &alg);
    if (e == ERR_OK)
        e = der_read_oid(&alg, &oid, &oid_len);
    const char *foreign_name = e == ERR_OK ? foreign_alg(der, n) : NULL;
    bool ed = e == ERR_OK && der_oid_eq(oid, oid_len, oid_ed25519, sizeof oid_ed25519);
    bool x = e == ERR_OK && der_oid_eq(oid, oid_len, oid_x25519, sizeof oid_x25519);
    if (e == ERR_OK && !ed && !x) {
        if (foreign_name)
            snprintf(why, cap, "%s: an %s key, which mtls-sim cannot use: %s", name,
                     foreign_name, WHAT_WORKS);
        else
            snprintf(why, cap, "%s: a key of an algorithm mtls-sim does not know: %s", name,
                     WHAT_WORKS);
        sodium_memzero(der, sizeof der);
        return ERR_X509_ALG;
    }
    if (e == ERR_OK)
        e = der_read(&seq, DER_OCTET_STRING, &pkey);
    if (e == ERR_OK)
        e = der_read(&pkey, DER_OCTET_STRING, &inner);
    if (e == ERR_OK)
        e = der_expect_end(&pkey);
    if (e == ERR_OK && (ver_len != 1 || ver[0] > 1))
        e = ERR_DER_VALUE; /* v1 (0) or v2 (1) only */
    if (e == ERR_OK && rd_left(&inner) != 32)
        e = ERR_DER_LENGTH;
    if (e != ERR_OK) {
        snprintf(why, cap, "%s: not a PKCS#8 Ed25519 or X25519 private key: %s", name,
                 err_str(e));
        sodium_memzero(der, sizeof der);
        return e;
    }
    memcpy(k->seed, inner.p, 32);
    sodium_memzero(der, sizeof der);
    if (ed) {
        k->type = X509_KEY_ED25519;
        crypto_sign_seed_keypair(k->pk, k->sk, k->seed);
    } else {
        k->type = X509_KEY_X25519;
        crypto_scalarmult_base(k->pk, k->seed);
    }
    return ERR_OK;
}

err_t pki_load_match(const pki_key *k, const pki_cert *c, const char *kname,
                     const char *cname, char *why, size_t cap)
{
    if (k->type != c->x.key_type) {
        snprintf(why, cap, "%s is an %s key but %s holds an %s key", kname,
                 k->type == X509_KEY_ED25519 ? "Ed25519" : "X25519", cname,
                 c->x.key_type == X509_KEY_ED25519 ? "Ed25519" : "X25519");
        return ERR_USAGE;
    }
    if (sodium_memcmp(k->pk, c->x.key, X509_KEY_LEN) != 0) {
        snprintf(why, cap, "%s does not match %s: its public half is not the key the "
                           "certificate holds", kname, cname);
        return ERR_USAGE;
    }
    return ERR_OK;
}

err_t pki_load_file(const char *path, char *buf, size_t cap, size_t *len, char *why,
                    size_t wcap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *len = 0;
    if (fd < 0) {
        snprintf(why, wcap, "cannot read '%s': %s", path, strerror(errno));
        return ERR_IO;
    }
    for (;;) {
        if (*len == cap) {
            close(fd);
            snprintf(why, wcap, "'%s' is larger than %zu bytes: not one certificate or key",
                     path, cap);
            return ERR_IO;
        }
        ssize_t n = read(fd, buf + *len, cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(why, wcap, "cannot read '%s': %s", path, strerror(errno));
            close(fd);
            return ERR_IO;
        }
        if (n == 0)
            break;
        *len += (size_t)n;
    }
    close(fd);
    return ERR_OK;
}
