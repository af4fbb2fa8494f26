/* x509.c — X.509 v3 certificates with Ed25519 signatures: build, parse,
 * verify (RFC 5280 §4, RFC 8410 for the Ed25519 and X25519 identifiers).
 *
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
 *       signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
 *       serialNumber INTEGER, signature AlgorithmIdentifier, issuer Name,
 *       validity Validity, subject Name, subjectPublicKeyInfo,
 *       issuerUniqueID [1] OPTIONAL, subjectUniqueID [2] OPTIONAL,
 *       extensions [3] EXPLICIT Extensions OPTIONAL }
 */
#include "x509.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "der.h"
#include "hex.h"
#include "wr.h"

static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 }; /* 1.3.101.112, RFC 8410 §3 */
static const uint8_t oid_x25519[] = { 0x2b, 0x65, 0x6e };  /* 1.3.101.110 */
static const uint8_t oid_cn[] = { 0x55, 0x04, 0x03 };      /* 2.5.4.3 commonName */
static const uint8_t oid_o[] = { 0x55, 0x04, 0x0a };       /* 2.5.4.10 organizationName */
static const uint8_t oid_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const uint8_t oid_client_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
static const uint8_t oid_bc[] = { 0x55, 0x1d, 0x13 };   /* 2.5.29.19 */
static const uint8_t oid_ku[] = { 0x55, 0x1d, 0x0f };   /* 2.5.29.15 */
static const uint8_t oid_eku[] = { 0x55, 0x1d, 0x25 };  /* 2.5.29.37 */
static const uint8_t oid_san[] = { 0x55, 0x1d, 0x11 };  /* 2.5.29.17 */
static const uint8_t oid_skid[] = { 0x55, 0x1d, 0x0e }; /* 2.5.29.14 */
static const uint8_t oid_akid[] = { 0x55, 0x1d, 0x23 }; /* 2.5.29.35 */

#define KEYID_LEN 20 /* RFC 7093 §2 method 1: leftmost 160 bits of SHA-256 */
#define EXT_MAX 32   /* extensions remembered for the duplicate check */

/* ---- parsing helpers ---- */

/* Copy a string value for display and matching. Control characters and NUL
 * are refused: an embedded NUL is the classic way to make "good.example\0
 * .evil" look like "good.example" to C code. */
static err_t copy_str(const rd *b, bool ascii, char out[X509_STR_MAX])
{
    size_t n = rd_left(b);
    CHECK(n < X509_STR_MAX, ERR_DER_VALUE);
    for (size_t i = 0; i < n; i++) {
        uint8_t ch = b->p[i];
        CHECK(ch >= 0x20 && ch != 0x7f && (!ascii || ch < 0x80), ERR_DER_VALUE);
    }
    memcpy(out, b->p, n);
    out[n] = '\0';
    return ERR_OK;
}

/* Short names of the attributes a classroom is likely to meet. */
static const char *attr_name(const uint8_t *oid, size_t n)
{
    static const struct { uint8_t last; const char *name; } at[] = {
        { 3, "CN" }, { 6, "C" }, { 7, "L" }, { 8, "ST" }, { 10, "O" }, { 11, "OU" },
    };
    if (n == 3 && oid[0] == 0x55 && oid[1] == 0x04)
        for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
            if (oid[2] == at[i].last)
                return at[i].name;
    return "attribute";
}

/* The first attribute type of the RDN at r, for naming its span; NULL when
 * it does not parse (the real parse reports why). */
static const char *peek_rdn(const rd *r)
{
    rd c = *r, set, atv;
    const uint8_t *oid;
    size_t n;
    if (der_read(&c, DER_SET, &set) || der_read(&set, DER_SEQUENCE, &atv) ||
        der_read_oid(&atv, &oid, &n))
        return NULL;
    return attr_name(oid, n);
}

/* Name ::= SEQUENCE OF RelativeDistinguishedName (RFC 5280 §4.1.2.4);
 * RDN ::= SET SIZE (1..MAX) OF AttributeTypeAndValue. Any attribute is
 * accepted; the raw TLV is kept for comparison, the CN copied out. */
static err_t parse_name(rd *r, const char *label, const uint8_t **tlv, size_t *tlv_len,
                        char cn[X509_STR_MAX], spans *sp)
{
    rd name;
    const uint8_t *start = r->p;
    int s = sp_open(sp, r, label);
    TRY(der_read(r, DER_SEQUENCE, &name));
    cn[0] = '\0';
    while (!rd_empty(&name)) {
        const char *an = peek_rdn(&name);
        int sa = sp_openf(sp, &name, "%s %s", label, an ? an : "RDN");
        rd rdn;
        TRY(der_read(&name, DER_SET, &rdn));
        CHECK(!rd_empty(&rdn), ERR_DER_VALUE);
        while (!rd_empty(&rdn)) {
            rd atv, val;
            const uint8_t *oid;
            size_t n;
            uint8_t tag;
            TRY(der_read(&rdn, DER_SEQUENCE, &atv));
            TRY(der_read_oid(&atv, &oid, &n));
            TRY(der_read_any(&atv, &tag, &val));
            TRY(der_expect_end(&atv));
            if (der_oid_eq(oid, n, oid_cn, sizeof oid_cn) && cn[0] == '\0') {
                /* DirectoryString choices that hold text we can show as is */
                CHECK(tag == DER_UTF8_STRING || tag == DER_PRINTABLE_STRING ||
                          tag == DER_IA5_STRING || tag == DER_T61_STRING,
                      ERR_DER_TAG);
                TRY(copy_str(&val, tag != DER_UTF8_STRING, cn));
            }
        }
        sp_close(sp, sa, &name);
    }
    *tlv = start;
    *tlv_len = (size_t)(r->p - start);
    sp_close(sp, s, r);
    return ERR_OK;
}

/* AlgorithmIdentifier of a key or signature: only the RFC 8410 OIDs, whose
 * parameters MUST be absent (§3). */
static err_t parse_alg(rd *r, x509_key_type *type)
{
    rd alg;
    const uint8_t *oid;
    size_t n;
    TRY(der_read(r, DER_SEQUENCE, &alg));
    TRY(der_read_oid(&alg, &oid, &n));
    if (der_oid_eq(oid, n, oid_ed25519, sizeof oid_ed25519))
        *type = X509_KEY_ED25519;
    else if (der_oid_eq(oid, n, oid_x25519, sizeof oid_x25519))
        *type = X509_KEY_X25519;
    else
        return ERR_X509_ALG;
    CHECK(rd_empty(&alg), ERR_X509_ALG);
    return ERR_OK;
}

/* SubjectPublicKeyInfo (RFC 5280 §4.1.2.7, RFC 8410 §4). */
static err_t parse_spki(rd *r, x509_cert *c, spans *sp)
{
    rd spki;
    const uint8_t *p;
    size_t n;
    uint8_t unused;
    int s = sp_open(sp, r, "subjectPublicKeyInfo");
    TRY(der_read(r, DER_SEQUENCE, &spki));
    int sa = sp_open(sp, &spki, "key algorithm");
    TRY(parse_alg(&spki, &c->key_type));
    sp_close(sp, sa, &spki);
    int sk = sp_open(sp, &spki, "public key");
    TRY(der_read_bits(&spki, &p, &n, &unused));
    CHECK(unused == 0 && n == X509_KEY_LEN, ERR_DER_VALUE);
    memcpy(c->key, p, n);
    sp_close(sp, sk, &spki);
    TRY(der_expect_end(&spki));
    sp_close(sp, s, r);
    return ERR_OK;
}

/* ---- extensions (RFC 5280 §4.2) ---- */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 *                                 pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
static err_t ext_bc(rd *v, x509_cert *c)
{
    rd seq;
    TRY(der_read(v, DER_SEQUENCE, &seq));
    c->has_basic_constraints = true;
    if (der_peek(&seq, DER_BOOLEAN)) {
        TRY(der_read_bool(&seq, &c->is_ca));
        CHECK(c->is_ca, ERR_DER_VALUE); /* X.690 §11.5: a DEFAULT value is left out */
    }
    if (der_peek(&seq, DER_INTEGER)) {
        /* read but not enforced: the classroom chain has no intermediate CA */
        uint32_t path_len;
        TRY(der_read_small(&seq, &path_len));
    }
    return der_expect_end(&seq);
}

/* KeyUsage ::= BIT STRING; at least one bit set (§4.2.1.3). */
static err_t ext_ku(rd *v, x509_cert *c)
{
    TRY(der_read_named_bits(v, &c->key_usage));
    CHECK(c->key_usage != 0, ERR_DER_VALUE);
    c->has_key_usage = true;
    return ERR_OK;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId (§4.2.1.12);
 * purposes other than serverAuth and clientAuth grant nothing here. */
static err_t ext_eku(rd *v, x509_cert *c)
{
    rd seq;
    TRY(der_read(v, DER_SEQUENCE, &seq));
    CHECK(!rd_empty(&seq), ERR_DER_VALUE);
    while (!rd_empty(&seq)) {
        const uint8_t *oid;
        size_t n;
        TRY(der_read_oid(&seq, &oid, &n));
        if (der_oid_eq(oid, n, oid_server_auth, sizeof oid_server_auth))
            c->eku |= X509_EKU_SERVER_AUTH;
        if (der_oid_eq(oid, n, oid_client_auth, sizeof oid_client_auth))
            c->eku |= X509_EKU_CLIENT_AUTH;
    }
    c->has_eku = true;
    return ERR_OK;
}

/* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName (§4.2.1.6);
 * dNSName [2] and uniformResourceIdentifier [6] are IA5String. More names
 * than we keep is an error: silently dropping one could hide the name that
 * a check should have seen. */
static err_t ext_san(rd *v, x509_cert *c)
{
    rd seq;
    TRY(der_read(v, DER_SEQUENCE, &seq));
    CHECK(!rd_empty(&seq), ERR_DER_VALUE);
    while (!rd_empty(&seq)) {
        rd gn;
        uint8_t tag;
        TRY(der_read_any(&seq, &tag, &gn));
        if (tag == DER_CTX(2)) {
            CHECK(c->n_dns < X509_SAN_MAX, ERR_DER_VALUE);
            TRY(copy_str(&gn, true, c->dns[c->n_dns++]));
        } else if (tag == DER_CTX(6)) {
            CHECK(c->n_uri < X509_SAN_MAX, ERR_DER_VALUE);
            TRY(copy_str(&gn, true, c->uri[c->n_uri++]));
        }
    }
    return ERR_OK;
}

static err_t copy_keyid(const rd *b, uint8_t out[X509_KEYID_MAX], size_t *len)
{
    *len = rd_left(b);
    CHECK(*len >= 1 && *len <= X509_KEYID_MAX, ERR_DER_VALUE);
    memcpy(out, b->p, *len);
    return ERR_OK;
}

/* SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING (§4.2.1.2) */
static err_t ext_skid(rd *v, x509_cert *c)
{
    rd id;
    TRY(der_read(v, DER_OCTET_STRING, &id));
    return copy_keyid(&id, c->skid, &c->skid_len);
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL,
 *   authorityCertIssuer [1] OPTIONAL, authorityCertSerialNumber [2] OPTIONAL } */
static err_t ext_akid(rd *v, x509_cert *c)
{
    rd seq, f;
    TRY(der_read(v, DER_SEQUENCE, &seq));
    if (der_peek(&seq, DER_CTX(0))) {
        TRY(der_read(&seq, DER_CTX(0), &f));
        TRY(copy_keyid(&f, c->akid, &c->akid_len));
    }
    if (der_peek(&seq, DER_CTX_CONS(1)))
        TRY(der_read(&seq, DER_CTX_CONS(1), &f));
    if (der_peek(&seq, DER_CTX(2)))
        TRY(der_read(&seq, DER_CTX(2), &f));
    return der_expect_end(&seq);
}

static const struct ext_def {
    const char *name;
    const uint8_t *oid;
    err_t (*parse)(rd *v, x509_cert *c);
} ext_defs[] = {
    { "basicConstraints", oid_bc, ext_bc },
    { "keyUsage", oid_ku, ext_ku },
    { "extendedKeyUsage", oid_eku, ext_eku },
    { "subjectAltName", oid_san, ext_san },
    { "subjectKeyIdentifier", oid_skid, ext_skid },
    { "authorityKeyIdentifier", oid_akid, ext_akid },
};

static const struct ext_def *find_ext(const uint8_t *oid, size_t n)
{
    for (size_t i = 0; i < sizeof ext_defs / sizeof ext_defs[0]; i++)
        if (der_oid_eq(oid, n, ext_defs[i].oid, 3))
            return &ext_defs[i];
    return NULL;
}

static const char *peek_ext(const rd *r, char *buf, size_t cap)
{
    rd c = *r, ext;
    const uint8_t *oid;
    size_t n;
    if (der_read(&c, DER_SEQUENCE, &ext) || der_read_oid(&ext, &oid, &n))
        return "?";
    const struct ext_def *d = find_ext(oid, n);
    if (d)
        return d->name;
    der_oid_str(oid, n, buf, cap);
    return buf;
}

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
 * Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 *                          extnValue OCTET STRING } */
static err_t parse_extensions(rd *r, x509_cert *c, spans *sp)
{
    rd wrap, list;
    const uint8_t *seen[EXT_MAX];
    size_t seen_len[EXT_MAX], n_seen = 0;
    int s = sp_open(sp, r, "extensions");
    TRY(der_read(r, DER_CTX_CONS(3), &wrap));
    TRY(der_read(&wrap, DER_SEQUENCE, &list));
    TRY(der_expect_end(&wrap));
    CHECK(!rd_empty(&list), ERR_DER_VALUE);
    while (!rd_empty(&list)) {
        char buf[SPAN_NAME_LEN];
        int se = sp_openf(sp, &list, "extension %s", peek_ext(&list, buf, sizeof buf));
        rd ext, val;
        const uint8_t *oid;
        size_t n;
        bool critical = false;
        TRY(der_read(&list, DER_SEQUENCE, &ext));
        TRY(der_read_oid(&ext, &oid, &n));
        /* §4.2: "MUST NOT include more than one instance of a particular extension" */
        for (size_t i = 0; i < n_seen; i++)
            CHECK(!der_oid_eq(oid, n, seen[i], seen_len[i]), ERR_X509_DUP_EXT);
        CHECK(n_seen < EXT_MAX, ERR_DER_VALUE);
        seen[n_seen] = oid;
        seen_len[n_seen++] = n;
        if (der_peek(&ext, DER_BOOLEAN)) {
            TRY(der_read_bool(&ext, &critical));
            CHECK(critical, ERR_DER_VALUE); /* DEFAULT FALSE is never encoded */
        }
        TRY(der_read(&ext, DER_OCTET_STRING, &val));
        TRY(der_expect_end(&ext));
        const struct ext_def *d = find_ext(oid, n);
        if (d) {
            TRY(d->parse(&val, c));
            TRY(der_expect_end(&val));
        } else {
            /* §4.2: an unrecognised critical extension means reject */
            CHECK(!critical, ERR_X509_CRITICAL_EXT);
        }
        sp_close(sp, se, &list);
    }
    sp_close(sp, s, r);
    return ERR_OK;
}

/* ---- the certificate ---- */

static err_t parse_tbs(rd *r, x509_cert *c, const uint8_t **alg, size_t *alg_len, spans *sp)
{
    rd tbs, f;
    x509_key_type sig_type;
    uint32_t version;
    int s = sp_open(sp, r, "tbsCertificate");
    c->tbs = r->p;
    TRY(der_read(r, DER_SEQUENCE, &tbs));
    c->tbs_len = (size_t)(r->p - c->tbs);

    /* A v1 certificate leaves the version out and starts with the serial. */
    CHECK(!der_peek(&tbs, DER_INTEGER), ERR_X509_VERSION);
    int sv = sp_open(sp, &tbs, "version");
    TRY(der_read(&tbs, DER_CTX_CONS(0), &f));
    TRY(der_read_small(&f, &version));
    TRY(der_expect_end(&f));
    CHECK(version == 2, ERR_X509_VERSION); /* v3 is encoded as 2 */
    sp_close(sp, sv, &tbs);

    int sn = sp_open(sp, &tbs, "serialNumber");
    const uint8_t *serial;
    TRY(der_read_uint(&tbs, &serial, &c->serial_len));
    CHECK(c->serial_len <= X509_SERIAL_MAX, ERR_DER_VALUE); /* §4.1.2.2: at most 20 octets */
    memcpy(c->serial, serial, c->serial_len);
    sp_close(sp, sn, &tbs);

    int sa = sp_open(sp, &tbs, "signature algorithm");
    *alg = tbs.p;
    TRY(parse_alg(&tbs, &sig_type));
    CHECK(sig_type == X509_KEY_ED25519, ERR_X509_ALG); /* X25519 cannot sign */
    *alg_len = (size_t)(tbs.p - *alg);
    sp_close(sp, sa, &tbs);

    TRY(parse_name(&tbs, "issuer", &c->issuer, &c->issuer_len, c->issuer_cn, sp));

    int sval = sp_open(sp, &tbs, "validity");
    TRY(der_read(&tbs, DER_SEQUENCE, &f));
    int sb = sp_open(sp, &f, "notBefore");
    TRY(der_read_time(&f, &c->not_before));
    sp_close(sp, sb, &f);
    int se = sp_open(sp, &f, "notAfter");
    TRY(der_read_time(&f, &c->not_after));
    sp_close(sp, se, &f);
    TRY(der_expect_end(&f));
    sp_close(sp, sval, &tbs);

    TRY(parse_name(&tbs, "subject", &c->subject, &c->subject_len, c->subject_cn, sp));
    TRY(parse_spki(&tbs, c, sp));

    /* The unique identifiers of §4.1.2.8 are obsolete; skip them whole. */
    for (unsigned i = 1; i <= 2; i++) {
        if (!der_peek(&tbs, DER_CTX(i)))
            continue;
        int su = sp_open(sp, &tbs, i == 1 ? "issuerUniqueID" : "subjectUniqueID");
        TRY(der_read(&tbs, DER_CTX(i), &f));
        sp_close(sp, su, &tbs);
    }
    if (!rd_empty(&tbs))
        TRY(parse_extensions(&tbs, c, sp));
    TRY(der_expect_end(&tbs));
    sp_close(sp, s, r);
    return ERR_OK;
}

static err_t parse_cert(rd *r, x509_cert *c, spans *sp)
{
    rd cert, outer;
    const uint8_t *alg, *sig;
    size_t alg_len, sig_len;
    uint8_t unused;
    int s = sp_open(sp, r, "Certificate");
    c->der = r->p;
    TRY(der_read(r, DER_SEQUENCE, &cert));
    c->der_len = (size_t)(r->p - c->der);
    TRY(parse_tbs(&cert, c, &alg, &alg_len, sp));

    /* §4.1.1.2: MUST be the same as the signature field inside. Compared as
     * bytes, before anything else is said about it. */
    int sa = sp_open(sp, &cert, "signatureAlgorithm");
    const uint8_t *p = cert.p;
    TRY(der_read(&cert, DER_SEQUENCE, &outer));
    CHECK((size_t)(cert.p - p) == alg_len && memcmp(p, alg, alg_len) == 0,
          ERR_X509_ALG_MISMATCH);
    sp_close(sp, sa, &cert);

    int sv = sp_open(sp, &cert, "signatureValue");
    TRY(der_read_bits(&cert, &sig, &sig_len, &unused));
    CHECK(unused == 0 && sig_len == X509_SIG_LEN, ERR_DER_VALUE); /* RFC 8032 §5.1.6 */
    memcpy(c->sig, sig, sig_len);
    sp_close(sp, sv, &cert);
    TRY(der_expect_end(&cert));
    sp_close(sp, s, r);
    return der_expect_end(r);
}

err_t x509_parse_rd(rd *r, x509_cert *out, spans *sp)
{
    size_t n0 = sp ? sp->n : 0;
    uint8_t d0 = sp ? sp->depth : 0;
    memset(out, 0, sizeof *out);
    err_t e = parse_cert(r, out, sp);
    if (e != ERR_OK) {
        memset(out, 0, sizeof *out);
        if (sp) {
            /* Keep the fields that parsed; drop spans left open by the
             * failure so the caller's nesting is as it was. */
            size_t k = n0;
            for (size_t i = n0; i < sp->n; i++)
                if (sp->v[i].len > 0)
                    sp->v[k++] = sp->v[i];
            sp->n = k;
            sp->depth = d0;
        }
    }
    return e;
}

err_t x509_parse(const uint8_t *der, size_t len, x509_cert *out)
{
    rd r;
    rd_init(&r, der, len);
    return x509_parse_rd(&r, out, NULL);
}

/* ---- building ---- */

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
        put_rdn(w, oid_cn, t->subject_cn);
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
    ext_begin(w, &ext, &val, oid_bc, true);
    der_open(w, &seq, DER_SEQUENCE);
    if (t->is_ca)
        der_put_bool(w, true);
    der_close(w, &seq);
    ext_end(w, &ext, &val);
    if (t->key_usage) { /* §4.2.1.3: SHOULD be critical */
        ext_begin(w, &ext, &val, oid_ku, true);
        der_put_named_bits(w, t->key_usage);
        ext_end(w, &ext, &val);
    }
    if (t->eku) {
        ext_begin(w, &ext, &val, oid_eku, false);
        der_open(w, &seq, DER_SEQUENCE);
        if (t->eku & X509_EKU_SERVER_AUTH)
            der_put(w, DER_OID, oid_server_auth, sizeof oid_server_auth);
        if (t->eku & X509_EKU_CLIENT_AUTH)
            der_put(w, DER_OID, oid_client_auth, sizeof oid_client_auth);
        der_close(w, &seq);
        ext_end(w, &ext, &val);
    }
    bool dns = t->san_dns && *t->san_dns, uri = t->san_uri && *t->san_uri;
    if (dns || uri) {
        ext_begin(w, &ext, &val, oid_san, false);
        der_open(w, &seq, DER_SEQUENCE);
        if (dns)
            der_put(w, DER_CTX(2), t->san_dns, strlen(t->san_dns));
        if (uri)
            der_put(w, DER_CTX(6), t->san_uri, strlen(t->san_uri));
        der_close(w, &seq);
        ext_end(w, &ext, &val);
    }
    ext_begin(w, &ext, &val, oid_skid, false);
    der_put(w, DER_OCTET_STRING, skid, sizeof skid);
    ext_end(w, &ext, &val);
    /* AKID names the key that signs: our own for a self-signed CA */
    const uint8_t *akid = iss->cert ? iss->cert->skid : skid;
    size_t akid_len = iss->cert ? iss->cert->skid_len : sizeof skid;
    if (akid_len) {
        ext_begin(w, &ext, &val, oid_akid, false);
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
    put_alg(&w, oid_ed25519);
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
    put_alg(&w, t->key_type == X509_KEY_ED25519 ? oid_ed25519 : oid_x25519);
    der_put_bits(&w, t->key, X509_KEY_LEN);
    der_close(&w, &f);
    put_extensions(&w, t, iss);
    der_close(&w, &tbs);
    TRY(wr_status(&w));

    /* RFC 8410 §6: the signature is PureEdDSA over the DER of tbsCertificate */
    uint8_t sig[X509_SIG_LEN];
    crypto_sign_detached(sig, NULL, out + tbs_at, w.len - tbs_at, iss->sign_sk);
    put_alg(&w, oid_ed25519);
    der_put_bits(&w, sig, sizeof sig);
    der_close(&w, &cert);
    TRY(wr_status(&w));
    *out_len = w.len;
    return ERR_OK;
}

/* ---- verifying ---- */

#define DETAIL_LEN 320

void x509_time_str(int64_t t, char *out, size_t cap)
{
    int64_t days = t / 86400, secs = t % 86400, y;
    unsigned m, d;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    der_civil_from_days(days, &y, &m, &d);
    snprintf(out, cap, "%04lld-%02u-%02u %02u:%02u:%02u UTC", (long long)y, m, d,
             (unsigned)(secs / 3600), (unsigned)(secs / 60 % 60), (unsigned)(secs % 60));
}

/* Report one check; returns its result so a caller can TRY(report(...)). */
static err_t report(x509_check_fn cb, void *ctx, const char *name, err_t e, const char *detail)
{
    if (cb)
        cb(ctx, name, e, detail);
    return e;
}

static const char *cn_of(const char *cn) { return cn[0] ? cn : "(no CN)"; }

static bool issued_by(const x509_cert *c, const x509_cert *iss)
{
    return c->issuer_len == iss->subject_len &&
           memcmp(c->issuer, iss->subject, c->issuer_len) == 0;
}

/* Key identifiers only rule out an issuer when both are there (§4.2.1.1). */
static bool keyid_ok(const x509_cert *c, const x509_cert *iss)
{
    return !c->akid_len || !iss->skid_len ||
           (c->akid_len == iss->skid_len && memcmp(c->akid, iss->skid, c->akid_len) == 0);
}

/* Issuer found by Name (§6.1.3 (a)(4)) and its Ed25519 signature checked. */
static err_t check_signature(const x509_cert *c, const x509_cert *iss, x509_check_fn cb,
                             void *ctx, char *dt)
{
    if (!keyid_ok(c, iss)) {
        snprintf(dt, DETAIL_LEN, "issuer name CN=%s matches, but the authority key ID is not "
                 "the trusted CA's key ID: another key uses that name", cn_of(c->issuer_cn));
        return report(cb, ctx, "signature", ERR_CERT_UNKNOWN_CA, dt);
    }
    if (iss->key_type != X509_KEY_ED25519 ||
        crypto_sign_verify_detached(c->sig, c->tbs, c->tbs_len, iss->key) != 0) {
        snprintf(dt, DETAIL_LEN, "Ed25519 signature over the %zu-byte tbsCertificate does not "
                 "verify with the key of CN=%s", c->tbs_len, cn_of(iss->subject_cn));
        return report(cb, ctx, "signature", ERR_CERT_SIGNATURE, dt);
    }
    snprintf(dt, DETAIL_LEN, "signed by CN=%s: Ed25519 signature valid", cn_of(iss->subject_cn));
    return report(cb, ctx, "signature", ERR_OK, dt);
}

/* §4.1.2.5: valid from notBefore to notAfter, both inclusive. */
static err_t check_validity(const x509_cert *c, int64_t now, x509_check_fn cb, void *ctx,
                            char *dt)
{
    char nb[32], na[32], tn[32];
    x509_time_str(c->not_before, nb, sizeof nb);
    x509_time_str(c->not_after, na, sizeof na);
    x509_time_str(now, tn, sizeof tn);
    err_t e = ERR_OK;
    if (now > c->not_after) {
        e = ERR_CERT_EXPIRED;
        snprintf(dt, DETAIL_LEN, "notAfter %s is before now %s", na, tn);
    } else if (now < c->not_before) {
        e = ERR_CERT_NOT_YET_VALID;
        snprintf(dt, DETAIL_LEN, "notBefore %s is after now %s", nb, tn);
    } else {
        snprintf(dt, DETAIL_LEN, "now %s is within %s … %s", tn, nb, na);
    }
    return report(cb, ctx, "validity", e, dt);
}

/* §4.2.1.9 and §4.2.1.3: an issuer must be a CA whose key may sign certificates. */
static err_t check_issuer_ca(const x509_cert *iss, x509_check_fn cb, void *ctx, char *dt)
{
    err_t e = ERR_CERT_ISSUER_NOT_CA;
    if (!iss->has_basic_constraints || !iss->is_ca)
        snprintf(dt, DETAIL_LEN, "CN=%s has no basicConstraints cA TRUE: it may not issue "
                 "certificates", cn_of(iss->subject_cn));
    else if (iss->has_key_usage && !(iss->key_usage & X509_KU_KEY_CERT_SIGN))
        snprintf(dt, DETAIL_LEN, "CN=%s has keyUsage without keyCertSign",
                 cn_of(iss->subject_cn));
    else {
        e = ERR_OK;
        snprintf(dt, DETAIL_LEN, "CN=%s is a CA (basicConstraints cA TRUE%s)",
                 cn_of(iss->subject_cn), iss->has_key_usage ? ", keyUsage keyCertSign" : "");
    }
    return report(cb, ctx, "issuer is CA", e, dt);
}

/* An Ed25519 key signs the handshake (digitalSignature); an X25519 key can
 * only agree on a key (keyAgreement, RFC 8410 §5). No extension: any use. */
static err_t check_key_usage(const x509_cert *c, x509_check_fn cb, void *ctx, char *dt)
{
    bool sign = c->key_type == X509_KEY_ED25519;
    unsigned need = sign ? X509_KU_DIGITAL_SIGNATURE : X509_KU_KEY_AGREEMENT;
    const char *what = sign ? "digitalSignature" : "keyAgreement";
    err_t e = ERR_OK;
    if (!c->has_key_usage)
        snprintf(dt, DETAIL_LEN, "no keyUsage extension: any use allowed (RFC 5280 §4.2.1.3)");
    else if (c->key_usage & need)
        snprintf(dt, DETAIL_LEN, "keyUsage has %s, as an %s key needs", what,
                 sign ? "Ed25519" : "X25519");
    else {
        e = ERR_CERT_KEY_USAGE;
        snprintf(dt, DETAIL_LEN, "keyUsage lacks %s, which an %s key needs", what,
                 sign ? "Ed25519" : "X25519");
    }
    return report(cb, ctx, "key usage", e, dt);
}

static err_t check_eku(const x509_cert *c, x509_role role, x509_check_fn cb, void *ctx, char *dt)
{
    bool srv = role == X509_ROLE_SERVER;
    unsigned need = srv ? X509_EKU_SERVER_AUTH : X509_EKU_CLIENT_AUTH;
    const char *what = srv ? "serverAuth" : "clientAuth";
    err_t e = ERR_OK;
    if (!c->has_eku)
        snprintf(dt, DETAIL_LEN, "no extendedKeyUsage extension: any purpose (RFC 5280 "
                 "§4.2.1.12)");
    else if (c->eku & need)
        snprintf(dt, DETAIL_LEN, "extendedKeyUsage has %s, needed for a %s", what,
                 srv ? "server" : "client");
    else {
        e = ERR_CERT_EKU;
        snprintf(dt, DETAIL_LEN, "extendedKeyUsage lacks %s, needed for a %s", what,
                 srv ? "server" : "client");
    }
    return report(cb, ctx, "extended key usage", e, dt);
}

/* RFC 6125 §6.4: DNS names compare without regard to ASCII case; the CN is
 * not consulted (§6.4.4 allows it only when there is no SAN, and we never
 * want it). A client is named by a SAN URI, compared as bytes. */
static err_t check_name(const x509_cert *c, x509_role role, const char *want, x509_check_fn cb,
                        void *ctx, char *dt)
{
    bool srv = role == X509_ROLE_SERVER;
    size_t n = srv ? c->n_dns : c->n_uri;
    const char *kind = srv ? "DNS" : "URI";
    for (size_t i = 0; i < n; i++) {
        const char *have = srv ? c->dns[i] : c->uri[i];
        bool eq = strlen(have) == strlen(want);
        for (size_t j = 0; eq && have[j]; j++) {
            char a = have[j], b = want[j];
            if (srv && a >= 'A' && a <= 'Z')
                a = (char)(a - 'A' + 'a');
            if (srv && b >= 'A' && b <= 'Z')
                b = (char)(b - 'A' + 'a');
            eq = a == b;
        }
        if (eq) {
            snprintf(dt, DETAIL_LEN, "subjectAltName %s:%s matches %s", kind, have, want);
            return report(cb, ctx, "name", ERR_OK, dt);
        }
    }
    int len = snprintf(dt, DETAIL_LEN, "no subjectAltName %s entry is %s (it has%s", kind, want,
                       n ? "" : " none");
    for (size_t i = 0; i < n && len > 0 && len < DETAIL_LEN; i++)
        len += snprintf(dt + len, DETAIL_LEN - (size_t)len, "%s %s:%s", i ? "," : "", kind,
                        srv ? c->dns[i] : c->uri[i]);
    if (len > 0 && len < DETAIL_LEN)
        snprintf(dt + len, DETAIL_LEN - (size_t)len, ")");
    return report(cb, ctx, "name", ERR_CERT_NAME, dt);
}

static err_t check_revocation(const x509_cert *c, const x509_policy *pol, x509_check_fn cb,
                              void *ctx, char *dt)
{
    char hex[2 * X509_SERIAL_MAX + 1];
    hex_encode(c->serial, c->serial_len, hex);
    for (size_t i = 0; i < pol->n_revoked; i++) {
        if (pol->revoked_len[i] == c->serial_len &&
            memcmp(pol->revoked[i], c->serial, c->serial_len) == 0) {
            snprintf(dt, DETAIL_LEN, "serial %s is on the revocation list", hex);
            return report(cb, ctx, "revocation", ERR_CERT_REVOKED, dt);
        }
    }
    snprintf(dt, DETAIL_LEN, "serial %s is not among the %zu revoked serials", hex,
             pol->n_revoked);
    return report(cb, ctx, "revocation", ERR_OK, dt);
}

err_t x509_verify_chain(const x509_cert *chain, size_t n, const x509_policy *pol,
                        x509_check_fn cb, void *ctx)
{
    char dt[DETAIL_LEN];
    if (n == 0)
        return report(cb, ctx, "certificate", ERR_CERT_MISSING, "the peer sent no certificate");
    /* Walk up from the peer's certificate: each link is issued either by the
     * anchor (and the walk ends) or by the next certificate sent. */
    for (size_t i = 0;; i++) {
        const x509_cert *c = &chain[i], *iss;
        if (issued_by(c, pol->anchor))
            iss = pol->anchor;
        else if (i + 1 < n && issued_by(c, &chain[i + 1]))
            iss = &chain[i + 1];
        else {
            snprintf(dt, DETAIL_LEN, "issuer CN=%s is not the trusted CA CN=%s",
                     cn_of(c->issuer_cn), cn_of(pol->anchor->subject_cn));
            return report(cb, ctx, "signature", ERR_CERT_UNKNOWN_CA, dt);
        }
        TRY(check_signature(c, iss, cb, ctx, dt));
        TRY(check_validity(c, pol->now, cb, ctx, dt));
        TRY(check_issuer_ca(iss, cb, ctx, dt));
        if (iss == pol->anchor)
            break;
    }
    /* What the peer's own certificate allows, and whether it is still wanted. */
    TRY(check_key_usage(&chain[0], cb, ctx, dt));
    TRY(check_eku(&chain[0], pol->role, cb, ctx, dt));
    if (pol->expected_name)
        TRY(check_name(&chain[0], pol->role, pol->expected_name, cb, ctx, dt));
    return check_revocation(&chain[0], pol, cb, ctx, dt);
}
