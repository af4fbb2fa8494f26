/* pki.c — the classroom PKI: keys and certificates made from the generator
 * and the simulated clock, and their export as PEM (RFC 7468) and PKCS#8
 * (RFC 5958, RFC 8410 §7) files that the openssl CLI reads.
 */
#include "pki/pki.h"

#include "base/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdint.h>
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
    case PKI_CLIENT_ROOT: return &p->client_root;
    case PKI_NEW_CA: return &p->new_ca;
    case PKI_PARTNER_CA: return &p->partner_ca;
    case PKI_SERVER_CA: return &p->server_ca;
    case PKI_CLIENT_CA: return &p->client_ca;
    case PKI_CLIENT_SUB_CA: return &p->client_sub_ca;
    case PKI_SERVER: return &p->server;
    case PKI_CLIENT_PARTNER: return &p->client_partner;
    default: return &p->client;
    }
}

pki_key *pki_key_of(pki *p, pki_id id)
{
    switch (id) {
    case PKI_CA: return &p->ca_key;
    case PKI_ROGUE: return &p->rogue_key;
    case PKI_CLIENT_ROOT: return &p->client_root_key;
    case PKI_NEW_CA: return &p->new_ca_key;
    case PKI_PARTNER_CA: return &p->partner_ca_key;
    case PKI_SERVER_CA: return &p->server_ca_key;
    case PKI_CLIENT_CA: return &p->client_ca_key;
    case PKI_CLIENT_SUB_CA: return &p->client_sub_ca_key;
    case PKI_SERVER: return &p->server_key;
    case PKI_CLIENT_PARTNER: return &p->client_partner_key;
    default: return &p->client_key;
    }
}

const pki_cert *pki_cert_get(const pki *p, pki_id id)
{
    /* the same switch; the pointer is only read through */
    return pki_cert_of((pki *)(uintptr_t)p, id);
}

size_t pki_chain(const pki *p, pki_id id, const pki_cert *out[], size_t max)
{
    size_t n = 0;
    /* each issuer was issued before what it issues, so the walk ends */
    while (n < max && id < PKI_N_CERTS) {
        out[n++] = pki_cert_get(p, id);
        if (p->issuer[id] == id || p->issuer[p->issuer[id]] == p->issuer[id])
            break;
        id = p->issuer[id];
    }
    return n;
}

pki_id pki_root_of(const pki *p, pki_id id)
{
    for (size_t i = 0; i < PKI_N_CERTS && id < PKI_N_CERTS && p->issuer[id] != id; i++)
        id = p->issuer[id];
    return id;
}

/* One root CA: self-signed, ten years, may sign certificates and CRLs. */
static pki_template root_ca(const uint8_t *serial, const char *cn, const char *o, int64_t now,
                            pki_id self)
{
    return (pki_template){
        .x = {
            .serial = serial, .serial_len = PKI_SERIAL_LEN,
            .subject_cn = cn, .subject_o = o,
            .not_before = now - DAY, .not_after = now + 3652 * (int64_t)DAY, /* ten years */
            .key_type = X509_KEY_ED25519,
            .is_ca = true, .key_usage = X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN,
        },
        .issuer = self, .signer = self,
    };
}

void pki_templates_default(pki_templates *t, int64_t now,
                           const uint8_t serials[PKI_N_CERTS * PKI_SERIAL_LEN])
{
    memset(t, 0, sizeof *t);
    t->now = now;
    t->chain_len = 2;
#define SERIAL(id) (serials + (id) * PKI_SERIAL_LEN)
    t->cert[PKI_CA] = root_ca(SERIAL(PKI_CA), "mtls-sim Classroom Root CA",
                              "mtls-sim classroom", now, PKI_CA);
    t->cert[PKI_ROGUE] = root_ca(SERIAL(PKI_ROGUE), "Rogue CA", "not the classroom", now,
                                 PKI_ROGUE);
    t->cert[PKI_CLIENT_ROOT] = root_ca(SERIAL(PKI_CLIENT_ROOT), "mtls-sim Client Root CA",
                                       "mtls-sim classroom", now, PKI_CLIENT_ROOT);
    t->cert[PKI_NEW_CA] = root_ca(SERIAL(PKI_NEW_CA), "mtls-sim Classroom Root CA G2",
                                  "mtls-sim classroom", now, PKI_NEW_CA);
    t->cert[PKI_PARTNER_CA] = root_ca(SERIAL(PKI_PARTNER_CA), "Partner School CA",
                                      "partner school", now, PKI_PARTNER_CA);

    /* Intermediates: five years, and pathLenConstraint 0 — they issue
     * leaves only, never another CA (RFC 5280 §4.2.1.9). */
    pki_template *sca = &t->cert[PKI_SERVER_CA], *cca = &t->cert[PKI_CLIENT_CA];
    *sca = root_ca(SERIAL(PKI_SERVER_CA), "mtls-sim Server Issuing CA", "mtls-sim classroom",
                   now, PKI_CA);
    sca->x.not_after = now + 1826 * (int64_t)DAY;
    sca->x.has_path_len = true;
    sca->x.path_len = 0;
    *cca = *sca;
    cca->x.serial = SERIAL(PKI_CLIENT_CA);
    cca->x.subject_cn = "mtls-sim Client Issuing CA";
    /* a CA under the client intermediate: only path-too-long issues from it */
    t->cert[PKI_CLIENT_SUB_CA] = *cca;
    t->cert[PKI_CLIENT_SUB_CA].x.serial = SERIAL(PKI_CLIENT_SUB_CA);
    t->cert[PKI_CLIENT_SUB_CA].x.subject_cn = "mtls-sim Lab Issuing CA";
    t->cert[PKI_CLIENT_SUB_CA].issuer = t->cert[PKI_CLIENT_SUB_CA].signer = PKI_CLIENT_CA;

    pki_template *srv = &t->cert[PKI_SERVER], *cli = &t->cert[PKI_CLIENT];
    *srv = (pki_template){
        .x = {
            .serial = SERIAL(PKI_SERVER), .serial_len = PKI_SERIAL_LEN,
            .subject_cn = PKI_SERVER_NAME, .san_dns = PKI_SERVER_NAME,
            .not_before = now - 3600, .not_after = now + 90 * (int64_t)DAY,
            .key_type = X509_KEY_ED25519,
            .key_usage = X509_KU_DIGITAL_SIGNATURE, .eku = X509_EKU_SERVER_AUTH,
        },
        .issuer = PKI_SERVER_CA, .signer = PKI_SERVER_CA,
    };
    *cli = *srv;
    cli->x.serial = SERIAL(PKI_CLIENT);
    cli->x.subject_cn = "student";
    cli->x.san_dns = NULL;
    cli->x.san_uri = PKI_CLIENT_URI;
    /* an X509-SVID leaf that has EKU MUST list both serverAuth and clientAuth
     * (SPIFFE X509-SVID §4.4) */
    cli->x.eku = X509_EKU_SERVER_AUTH | X509_EKU_CLIENT_AUTH;
    cli->issuer = cli->signer = PKI_CLIENT_CA;
    t->cert[PKI_CLIENT_PARTNER] = *cli;
    t->cert[PKI_CLIENT_PARTNER].x.serial = SERIAL(PKI_CLIENT_PARTNER);
    t->cert[PKI_CLIENT_PARTNER].x.san_uri = PKI_PARTNER_URI;
    t->cert[PKI_CLIENT_PARTNER].issuer = t->cert[PKI_CLIENT_PARTNER].signer = PKI_PARTNER_CA;
#undef SERIAL
}

void pki_edit_server_x25519(pki_templates *t)
{
    t->cert[PKI_SERVER].x.key_type = X509_KEY_X25519;
    t->cert[PKI_SERVER].x.key_usage = X509_KU_KEY_AGREEMENT;
}

/* Move a certificate issued by `from` (and signed by it: a forged signer
 * is left as the edit made it) to `to`. */
static void reissue(pki_template *c, pki_id from, pki_id to)
{
    if (c->issuer == from) {
        c->issuer = to;
        if (c->signer == from)
            c->signer = to;
    }
}

/* The shape of the hierarchy, on what the edits left at its default. */
static void apply_shape(pki_templates *t)
{
    if (t->client_ca_separate)
        reissue(&t->cert[PKI_CLIENT_CA], PKI_CA, PKI_CLIENT_ROOT);
    if (t->chain_len == 1) {
        reissue(&t->cert[PKI_SERVER], PKI_SERVER_CA, t->cert[PKI_SERVER_CA].issuer);
        reissue(&t->cert[PKI_CLIENT], PKI_CLIENT_CA, t->cert[PKI_CLIENT_CA].issuer);
    }
}

err_t pki_build(pki *p, rng *r, const pki_options *opt)
{
    uint8_t serials[PKI_N_CERTS * PKI_SERIAL_LEN];
    pki_templates t;
    int64_t now = opt->now;
    CHECK(opt->n_edit <= PKI_EDITS_MAX, ERR_USAGE);
    CHECK(opt->chain_len <= 2, ERR_USAGE);
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
    t.chain_len = opt->chain_len ? opt->chain_len : 2;
    t.client_ca_separate = opt->client_ca_separate;
    for (size_t i = 0; i < opt->n_edit; i++)
        if (opt->edit[i])
            opt->edit[i](&t);
    apply_shape(&t);

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
        p->issuer[id] = c->issuer;
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

/* Several certificates in one PEM file, in order (as a "fullchain" file). */
static err_t export_chain(afile_set *set, const char *dir, const char *name,
                          const pki_cert *const *c, size_t n)
{
    char pem[PEM_MAX * PKI_CHAIN_MAX];
    size_t len = 0, one;
    for (size_t i = 0; i < n; i++) {
        TRY(pem_encode("CERTIFICATE", c[i]->der, c[i]->der_len, pem + len, sizeof pem - len,
                       &one));
        len += one;
    }
    return write_file(set, dir, name, pem, len, AFILE_PUBLIC);
}

/* Every CA certificate, by what it is. */
static const struct {
    pki_id id;
    const char *file;
} ca_files[] = {
    { PKI_CA, "ca.pem" },
    { PKI_ROGUE, "ca-rogue.pem" },
    { PKI_CLIENT_ROOT, "ca-client-root.pem" },
    { PKI_NEW_CA, "ca-g2.pem" },
    { PKI_PARTNER_CA, "ca-partner.pem" },
    { PKI_SERVER_CA, "ca-server-issuing.pem" },
    { PKI_CLIENT_CA, "ca-client-issuing.pem" },
    { PKI_CLIENT_SUB_CA, "ca-client-lab.pem" },
};

err_t pki_export_set(const pki *p, afile_set *set, const char *dir)
{
    for (size_t i = 0; i < sizeof ca_files / sizeof ca_files[0]; i++) {
        const pki_cert *c = pki_cert_get(p, ca_files[i].id);
        TRY(export_pem(set, dir, ca_files[i].file, "CERTIFICATE", c->der, c->der_len,
                       AFILE_PUBLIC));
    }
    static const struct {
        pki_id id;
        const char *cert, *key, *chain, *root;
    } leaves[] = {
        { PKI_SERVER, "server.pem", "server.key", "server-chain.pem", "server-root.pem" },
        { PKI_CLIENT, "client.pem", "client.key", "client-chain.pem", "client-root.pem" },
        { PKI_CLIENT_PARTNER, "client-partner.pem", "client-partner.key",
          "client-partner-chain.pem", "client-partner-root.pem" },
    };
    for (size_t i = 0; i < sizeof leaves / sizeof leaves[0]; i++) {
        const pki_cert *chain[PKI_CHAIN_MAX];
        size_t n = pki_chain(p, leaves[i].id, chain, PKI_CHAIN_MAX);
        const pki_cert *root = pki_cert_get(p, pki_root_of(p, leaves[i].id));
        TRY(export_pem(set, dir, leaves[i].cert, "CERTIFICATE", chain[0]->der,
                       chain[0]->der_len, AFILE_PUBLIC));
        TRY(export_chain(set, dir, leaves[i].chain, chain, n));
        TRY(export_pem(set, dir, leaves[i].root, "CERTIFICATE", root->der, root->der_len,
                       AFILE_PUBLIC));
        pki_key *k = pki_key_of((pki *)(uintptr_t)p, leaves[i].id);
        TRY(export_key(set, dir, leaves[i].key, k));
    }
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
