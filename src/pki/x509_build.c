/* x509_build.c — building an X.509 v3 certificate signed with Ed25519
 * (RFC 5280 §4, RFC 8410): the structure shown at the top of x509.c, DER
 * encoded, with the extensions the classroom PKI needs.
 */
#include "pki/x509.h"

#include <sodium.h>
#include <string.h>

#include "pki/der.h"
#include "base/wr.h"
#include "pki/x509_int.h"

static const uint8_t oid_o[] = { 0x55, 0x04, 0x0a }; /* 2.5.4.10 organizationName */

#define KEYID_LEN 20 /* RFC 7093 §2 method 1: leftmost 160 bits of SHA-256 */

/* Key identifier, RFC 7093 §2 method 1: the leftmost 160 bits of the
 * SHA-256 hash of the subjectPublicKey BIT STRING value. */
static void key_id(const uint8_t key[X509_KEY_LEN], uint8_t id[KEYID_LEN])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, key, X509_KEY_LEN);
    memcpy(id, h, KEYID_LEN);
}

/* PrintableString when every character allows it (X.680 §41.4), so plain
 * names look the way most CAs write them; UTF8String otherwise. */
static bool printable(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(" '()+,-./:=?", *s)))
            return false;
    return true;
}

static void put_rdn(wr *w, const uint8_t *oid, const char *v)
{
    der_len set, atv;
    der_open(w, &set, DER_SET);
    der_open(w, &atv, DER_SEQUENCE);
    der_put(w, DER_OID, oid, 3);
    der_put(w, printable(v) ? DER_PRINTABLE_STRING : DER_UTF8_STRING, v, strlen(v));
    der_close(w, &atv);
    der_close(w, &set);
}

/* Most significant attribute first, the usual order: O, then CN. */
static void put_name(wr *w, const x509_template *t)
{
    der_len name;
    der_open(w, &name, DER_SEQUENCE);
    if (t->subject_o && *t->subject_o)
        put_rdn(w, oid_o, t->subject_o);
    if (t->subject_cn && *t->subject_cn)
        put_rdn(w, x509_oid_cn, t->subject_cn);
    der_close(w, &name);
}

static void put_alg(wr *w, const uint8_t *oid)
{
    der_len alg;
    der_open(w, &alg, DER_SEQUENCE);
    der_put(w, DER_OID, oid, 3); /* parameters absent, RFC 8410 §3 */
    der_close(w, &alg);
}

/* Extension header up to the open extnValue; ext_end closes both. */
static void ext_begin(wr *w, der_len *ext, der_len *val, const uint8_t *oid, bool critical)
{
    der_open(w, ext, DER_SEQUENCE);
    der_put(w, DER_OID, oid, 3);
    if (critical)
        der_put_bool(w, true);
    der_open(w, val, DER_OCTET_STRING);
}

static void ext_end(wr *w, der_len *ext, der_len *val)
{
    der_close(w, val);
    der_close(w, ext);
}

static void put_extensions(wr *w, const x509_template *t, const x509_issuer *iss)
{
    der_len wrap, list, ext, val, seq;
    uint8_t skid[KEYID_LEN];
    key_id(t->key, skid);
    der_open(w, &wrap, DER_CTX_CONS(3));
    der_open(w, &list, DER_SEQUENCE);
    /* critical, so that no relying party can miss whether this is a CA;
     * a leaf says CA:FALSE by the empty SEQUENCE (cA DEFAULT FALSE) */
    ext_begin(w, &ext, &val, x509_oid_bc, true);
    der_open(w, &seq, DER_SEQUENCE);
    if (t->is_ca)
        der_put_bool(w, true);
    if (t->is_ca && t->has_path_len)
        der_put_small(w, t->path_len);
    der_close(w, &seq);
    ext_end(w, &ext, &val);
    if (t->key_usage) { /* §4.2.1.3: SHOULD be critical */
        ext_begin(w, &ext, &val, x509_oid_ku, true);
        der_put_named_bits(w, t->key_usage);
        ext_end(w, &ext, &val);
    }
    if (t->eku) {
        ext_begin(w, &ext, &val, x509_oid_eku, false);
        der_open(w, &seq, DER_SEQUENCE);
        if (t->eku & X509_EKU_SERVER_AUTH)
            der_put(w, DER_OID, x509_oid_server_auth, sizeof x509_oid_server_auth);
        if (t->eku & X509_EKU_CLIENT_AUTH)
            der_put(w, DER_OID, x509_oid_client_auth, sizeof x509_oid_client_auth);
        der_close(w, &seq);
        ext_end(w, &ext, &val);
    }
    bool dns = t->san_dns && *t->san_dns, uri = t->san_uri && *t->san_uri;
    if (dns || uri) {
        ext_begin(w, &ext, &val, x509_oid_san, false);
        der_open(w, &seq, DER_SEQUENCE);
        if (dns)
            der_put(w, DER_CTX(2), t->san_dns, strlen(t->san_dns));
        if (uri)
            der_put(w, DER_CTX(6), t->san_uri, strlen(t->san_uri));
        der_close(w, &seq);
        ext_end(w, &ext, &val);
    }
    ext_begin(w, &ext, &val, x509_oid_skid, false);
    der_put(w, DER_OCTET_STRING, skid, sizeof skid);
    ext_end(w, &ext, &val);
    /* AKID names the key that signs: our own for a self-signed CA */
    const uint8_t *akid = iss->cert ? iss->cert->skid : skid;
    size_t akid_len = iss->cert ? iss->cert->skid_len : sizeof skid;
    if (akid_len) {
        ext_begin(w, &ext, &val, x509_oid_akid, false);
        der_open(w, &seq, DER_SEQUENCE);
        der_put(w, DER_CTX(0), akid, akid_len);
        der_close(w, &seq);
        ext_end(w, &ext, &val);
    }
    der_close(w, &list);
    der_close(w, &wrap);
}

static bool str_ok(const char *s) { return !s || strlen(s) < X509_STR_MAX; }

err_t x509_build(const x509_template *t, const x509_issuer *iss, uint8_t *out, size_t cap,
                 size_t *out_len)
{
    CHECK(t && iss && iss->sign_sk && t->key && t->serial, ERR_USAGE);
    CHECK(t->key_type == X509_KEY_ED25519 || t->key_type == X509_KEY_X25519, ERR_USAGE);
    /* the serial is INTEGER content as it will appear: positive and minimal */
    CHECK(t->serial_len >= 1 && t->serial_len <= X509_SERIAL_MAX, ERR_USAGE);
    CHECK(!(t->serial[0] & 0x80u), ERR_USAGE);
    CHECK(!(t->serial_len > 1 && t->serial[0] == 0 && !(t->serial[1] & 0x80u)), ERR_USAGE);
    CHECK(str_ok(t->subject_cn) && str_ok(t->subject_o) && str_ok(t->san_dns) &&
              str_ok(t->san_uri), ERR_USAGE);

    wr w;
    der_len cert, tbs, f;
    wr_init(&w, out, cap);
    der_open(&w, &cert, DER_SEQUENCE);
    size_t tbs_at = w.len;
    der_open(&w, &tbs, DER_SEQUENCE);
    der_open(&w, &f, DER_CTX_CONS(0));
    der_put_small(&w, 2); /* v3 */
    der_close(&w, &f);
    der_put(&w, DER_INTEGER, t->serial, t->serial_len);
    put_alg(&w, x509_oid_ed25519);
    if (iss->cert)
        wr_bytes(&w, iss->cert->subject, iss->cert->subject_len);
    else
        put_name(&w, t); /* self-signed: issuer is the subject */
    der_open(&w, &f, DER_SEQUENCE);
    der_put_time(&w, t->not_before);
    der_put_time(&w, t->not_after);
    der_close(&w, &f);
    put_name(&w, t);
    der_open(&w, &f, DER_SEQUENCE);
    put_alg(&w, t->key_type == X509_KEY_ED25519 ? x509_oid_ed25519 : x509_oid_x25519);
    der_put_bits(&w, t->key, X509_KEY_LEN);
    der_close(&w, &f);
    put_extensions(&w, t, iss);
    der_close(&w, &tbs);
    TRY(wr_status(&w));

    /* RFC 8410 §6: the signature is PureEdDSA over the DER of tbsCertificate */
    uint8_t sig[X509_SIG_LEN];
    crypto_sign_detached(sig, NULL, out + tbs_at, w.len - tbs_at, iss->sign_sk);
    put_alg(&w, x509_oid_ed25519);
    der_put_bits(&w, sig, sizeof sig);
    der_close(&w, &cert);
    TRY(wr_status(&w));
    *out_len = w.len;
    return ERR_OK;
}
