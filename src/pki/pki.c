/* pki.c — the classroom PKI: keys and certificates made from the generator
 * and the simulated clock, and their export as PEM (RFC 7468) and PKCS#8
 * (RFC 5958, RFC 8410 §7) files that the openssl CLI reads.
 */
#include "pki/pki.h"

#include "base/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pki/der.h"
#include "base/wr.h"

#define DAY 86400
#define PEM_LINE 64   /* RFC 7468 §2: base64 lines of exactly 64 characters */
#define PEM_MAX 4096  /* PEM text of one certificate of at most X509_CERT_MAX bytes */
#define PATH_LEN 4096

static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 };
static const uint8_t oid_x25519[] = { 0x2b, 0x65, 0x6e };

/* The public half of a key whose seed was drawn: RFC 8032 §5.1.5 for
 * Ed25519 (libsodium expands the seed), RFC 7748 §6.1 for X25519. */
static void key_derive(pki_key *k, x509_key_type type)
{
    k->type = type;
    if (type == X509_KEY_ED25519)
        crypto_sign_seed_keypair(k->pk, k->sk, k->seed);
    else
        crypto_scalarmult_base(k->pk, k->seed);
}

/* Build a certificate signed by issuer_key and parse it back, so every
 * certificate the program uses has been through the same parser a peer
 * would use. A parse failure here is our own bug. */
static err_t issue(pki_cert *out, x509_template *t, const pki_key *subject_key,
                   const pki_cert *issuer, const pki_key *issuer_key)
{
    x509_issuer iss = { issuer ? &issuer->x : NULL, issuer_key->sk };
    /* ten years after a clock late in 9999 is past what X.509 can write */
    t->not_before = t->not_before < PKI_TIME_MAX ? t->not_before : PKI_TIME_MAX;
    t->not_after = t->not_after < PKI_TIME_MAX ? t->not_after : PKI_TIME_MAX;
    t->key_type = subject_key->type;
    t->key = subject_key->pk;
    TRY(x509_build(t, &iss, out->der, sizeof out->der, &out->der_len));
    CHECK(x509_parse(out->der, out->der_len, &out->x) == ERR_OK, ERR_INTERNAL);
    return ERR_OK;
}

pki_cert *pki_cert_of(pki *p, pki_id id)
{
    switch (id) {
    case PKI_CA: return &p->ca;
    case PKI_ROGUE: return &p->rogue;
    case PKI_SERVER: return &p->server;
    default: return &p->client;
    }
}

pki_key *pki_key_of(pki *p, pki_id id)
{
    switch (id) {
    case PKI_CA: return &p->ca_key;
    case PKI_ROGUE: return &p->rogue_key;
    case PKI_SERVER: return &p->server_key;
    default: return &p->client_key;
    }
}

void pki_templates_default(pki_templates *t, int64_t now,
                           const uint8_t serials[PKI_N_CERTS * PKI_SERIAL_LEN])
{
    memset(t, 0, sizeof *t);
    t->now = now;
    pki_template *ca = &t->cert[PKI_CA], *rogue = &t->cert[PKI_ROGUE];
    pki_template *srv = &t->cert[PKI_SERVER], *cli = &t->cert[PKI_CLIENT];
    *ca = (pki_template){
        .x = {
            .serial = serials + PKI_CA * PKI_SERIAL_LEN, .serial_len = PKI_SERIAL_LEN,
            .subject_cn = "mtls-sim Classroom CA", .subject_o = "mtls-sim classroom",
            .not_before = now - DAY, .not_after = now + 3652 * (int64_t)DAY, /* ten years */
            .key_type = X509_KEY_ED25519,
            .is_ca = true, .key_usage = X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN,
        },
        .issuer = PKI_CA, .signer = PKI_CA,
    };
    *rogue = *ca;
    rogue->x.serial = serials + PKI_ROGUE * PKI_SERIAL_LEN;
    rogue->x.subject_cn = "Rogue CA";
    rogue->x.subject_o = "not the classroom";
    rogue->issuer = rogue->signer = PKI_ROGUE;

    *srv = (pki_template){
        .x = {
            .serial = serials + PKI_SERVER * PKI_SERIAL_LEN, .serial_len = PKI_SERIAL_LEN,
            .subject_cn = PKI_SERVER_NAME, .san_dns = PKI_SERVER_NAME,
            .not_before = now - 3600, .not_after = now + 90 * (int64_t)DAY,
            .key_type = X509_KEY_ED25519,
            .key_usage = X509_KU_DIGITAL_SIGNATURE, .eku = X509_EKU_SERVER_AUTH,
        },
        .issuer = PKI_CA, .signer = PKI_CA,
    };
    *cli = *srv;
    cli->x.serial = serials + PKI_CLIENT * PKI_SERIAL_LEN;
    cli->x.subject_cn = "student";
    cli->x.san_dns = NULL;
    cli->x.san_uri = PKI_CLIENT_URI;
    /* an X509-SVID leaf that has EKU MUST list both serverAuth and clientAuth
     * (SPIFFE X509-SVID §4.4) */
    cli->x.eku = X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH;
}

void pki_edit_server_x25519(pki_templates *t)
{
    t->cert[PKI_SERVER].x.key_type = X509_KEY_X25519;
    t->cert[PKI_SERVER].x.key_usage = X509_KU_KEY_AGREEMENT;
}

err_t pki_build(pki *p, rng *r, const pki_options *opt)
{
    uint8_t serials[PKI_N_CERTS * PKI_SERIAL_LEN];
    pki_templates t;
    int64_t now = opt->now;
    CHECK(opt->n_edit <= PKI_EDITS_MAX, ERR_USAGE);
    memset(p, 0, sizeof *p);
    p->now = now;

    /* Always the same draws in the same order, whatever the edits, so a
     * scenario changes only the certificate it is about. */
    for (pki_id id = 0; id < PKI_N_CERTS; id++) {
        pki_key *k = pki_key_of(p, id);
        rng_bytes(r, k->seed, sizeof k->seed);
    }
    for (size_t i = 0; i < PKI_N_CERTS; i++) {
        uint8_t *serial = serials + i * PKI_SERIAL_LEN;
        rng_bytes(r, serial, PKI_SERIAL_LEN);
        /* RFC 5280 §4.1.2.2: positive; bit 6 set keeps it 16 octets long */
        serial[0] = (uint8_t)((serial[0] & 0x7fu) | 0x40u);
    }
    pki_templates_default(&t, now, serials);
    for (size_t i = 0; i < opt->n_edit; i++)
        if (opt->edit[i])
            opt->edit[i](&t);

    for (pki_id id = 0; id < PKI_N_CERTS; id++)
        key_derive(pki_key_of(p, id), t.cert[id].x.key_type);
    for (pki_id id = 0; id < PKI_N_CERTS; id++) {
        pki_template *c = &t.cert[id];
        /* the issuer's certificate exists already, or this one is self-signed */
        CHECK(c->issuer <= id && c->signer < PKI_N_CERTS, ERR_USAGE);
        const pki_key *signer = pki_key_of(p, c->signer);
        CHECK(signer->type == X509_KEY_ED25519, ERR_USAGE);
        TRY(issue(pki_cert_of(p, id), &c->x, pki_key_of(p, id),
                  c->issuer == id ? NULL : pki_cert_of(p, c->issuer), signer));
    }
    return ERR_OK;
}

void pki_wipe(pki *p) { sodium_memzero(p, sizeof *p); }

/* ---- PKCS#8 and PEM ---- */

/* OneAsymmetricKey ::= SEQUENCE { version INTEGER (0), privateKeyAlgorithm
 *   AlgorithmIdentifier, privateKey OCTET STRING } (RFC 5958 §2), where for
 * the RFC 8410 curves privateKey holds CurvePrivateKey ::= OCTET STRING, the
 * 32-byte seed or scalar (§7). */
err_t pki_key_pkcs8(const pki_key *k, uint8_t *out, size_t cap, size_t *out_len)
{
    wr w;
    der_len seq, alg, pk;
    wr_init(&w, out, cap);
    der_open(&w, &seq, DER_SEQUENCE);
    der_put_small(&w, 0);
    der_open(&w, &alg, DER_SEQUENCE);
    der_put(&w, DER_OID, k->type == X509_KEY_X25519 ? oid_x25519 : oid_ed25519, 3);
    der_close(&w, &alg);
    der_open(&w, &pk, DER_OCTET_STRING);
    der_put(&w, DER_OCTET_STRING, k->seed, sizeof k->seed);
    der_close(&w, &pk);
    der_close(&w, &seq);
    TRY(wr_status(&w));
    *out_len = w.len;
    return ERR_OK;
}

err_t pem_encode(const char *label, const uint8_t *der, size_t len, char *out, size_t cap,
                 size_t *out_len)
{
    wr w;
    char line[PEM_LINE + 1];
    wr_init(&w, (uint8_t *)out, cap);
    wr_bytes(&w, "-----BEGIN ", 11);
    wr_bytes(&w, label, strlen(label));
    wr_bytes(&w, "-----\n", 6);
    /* 48 input bytes make one full 64-character line */
    for (size_t off = 0; off < len; off += PEM_LINE / 4 * 3) {
        size_t n = len - off < PEM_LINE / 4 * 3 ? len - off : PEM_LINE / 4 * 3;
        sodium_bin2base64(line, sizeof line, der + off, n, sodium_base64_VARIANT_ORIGINAL);
        wr_bytes(&w, line, strlen(line));
        wr_u8(&w, '\n');
    }
    wr_bytes(&w, "-----END ", 9);
    wr_bytes(&w, label, strlen(label));
    wr_bytes(&w, "-----\n", 7); /* with the NUL, not counted in out_len */
    TRY(wr_status(&w));
    *out_len = w.len - 1;
    return ERR_OK;
}

/* Where needle starts in hay, or NULL (memmem is not in C11 or POSIX). */
static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

err_t pem_decode(const char *text, size_t len, const char *label, uint8_t *out, size_t cap,
                 size_t *out_len)
{
    char begin[96], end[96];
    CHECK(strlen(label) < 64, ERR_USAGE);
    snprintf(begin, sizeof begin, "-----BEGIN %s-----", label);
    snprintf(end, sizeof end, "-----END %s-----", label);
    const char *b = find(text, len, begin);
    CHECK(b, ERR_PEM);
    b += strlen(begin);
    const char *e = find(b, len - (size_t)(b - text), end);
    CHECK(e, ERR_PEM);
    size_t chars = 0, pad = 0;
    for (const char *p = b; p < e; p++) {
        chars += !strchr(" \t\r\n", *p);
        pad += *p == '=';
    }
    CHECK(chars % 4 == 0 && pad <= 2, ERR_PEM);
    CHECK(chars / 4 * 3 - pad <= cap, ERR_OVERFLOW);
    const char *stop;
    CHECK(sodium_base642bin(out, cap, b, (size_t)(e - b), " \t\r\n", out_len, &stop,
                            sodium_base64_VARIANT_ORIGINAL) == 0 && stop == e,
          ERR_PEM);
    return ERR_OK;
}

/* ---- files ---- */

/* One whole file, staged in set (afile.h): it lands with the others or not
 * at all. */
static err_t write_file(afile_set *set, const char *dir, const char *name, const void *data,
                        size_t len, mode_t mode)
{
    FILE *f = afile_set_add(set, dir, name, mode);
    if (!f)
        return ERR_IO;
    fwrite(data, 1, len, f); /* a failed write shows at afile_set_close */
    return ERR_OK;
}

static err_t export_pem(afile_set *set, const char *dir, const char *name, const char *label,
                        const uint8_t *der, size_t len, mode_t mode)
{
    char pem[PEM_MAX];
    size_t n;
    TRY(pem_encode(label, der, len, pem, sizeof pem, &n));
    err_t e = write_file(set, dir, name, pem, n, mode);
    sodium_memzero(pem, sizeof pem); /* it may hold a private key */
    return e;
}

static err_t export_key(afile_set *set, const char *dir, const char *name, const pki_key *k)
{
    uint8_t der[64];
    size_t n;
    err_t e = pki_key_pkcs8(k, der, sizeof der, &n);
    if (e == ERR_OK)
        e = export_pem(set, dir, name, "PRIVATE KEY", der, n, AFILE_SECRET);
    sodium_memzero(der, sizeof der);
    return e;
}

err_t pki_export_set(const pki *p, afile_set *set, const char *dir)
{
    TRY(export_pem(set, dir, "ca.pem", "CERTIFICATE", p->ca.der, p->ca.der_len, AFILE_PUBLIC));
    TRY(export_pem(set, dir, "server.pem", "CERTIFICATE", p->server.der, p->server.der_len,
                   AFILE_PUBLIC));
    TRY(export_pem(set, dir, "client.pem", "CERTIFICATE", p->client.der, p->client.der_len,
                   AFILE_PUBLIC));
    TRY(export_key(set, dir, "server.key", &p->server_key));
    TRY(export_key(set, dir, "client.key", &p->client_key));
    return ERR_OK;
}

err_t pki_export(const pki *p, const char *dir)
{
    struct stat st;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return ERR_IO;
    if (stat(dir, &st) != 0)
        return ERR_IO;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return ERR_IO;
    }
    afile_set *set = malloc(sizeof *set); /* about 200 KB: too big for the stack */
    if (!set) {
        errno = ENOMEM;
        return ERR_IO;
    }
    afile_set_init(set);
    err_t e = pki_export_set(p, set, dir);
    err_t c = afile_set_close(set, e == ERR_OK);
    free(set);
    return e != ERR_OK ? e : c;
}
