/* x509.c — X.509 v3 certificates with Ed25519 signatures: parsing (RFC 5280
 * §4, RFC 8410 for the Ed25519 and X25519 identifiers), and the object
 * identifiers that x509_build.c writes too. Building is in x509_build.c,
 * verifying a chain in x509_verify.c.
 *
 *   Certificate ::= SEQUENCE { tbsCertificate TBSCertificate,
 *       signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
 *   TBSCertificate ::= SEQUENCE { version [0] EXPLICIT Version DEFAULT v1,
 *       serialNumber INTEGER, signature AlgorithmIdentifier, issuer Name,
 *       validity Validity, subject Name, subjectPublicKeyInfo,
 *       issuerUniqueID [1] OPTIONAL, subjectUniqueID [2] OPTIONAL,
 *       extensions [3] EXPLICIT Extensions OPTIONAL }
 */
#include "pki/x509.h"

#include <stdio.h>
#include <string.h>

#include "pki/der.h"
#include "pki/x509_int.h"

/* Object identifiers; x509_build.c uses them too, through x509_int.h. */
const uint8_t x509_oid_ed25519[] = { 0x2b, 0x65, 0x70 }; /* 1.3.101.112, RFC 8410 §3 */
const uint8_t x509_oid_x25519[] = { 0x2b, 0x65, 0x6e };  /* 1.3.101.110 */
const uint8_t x509_oid_cn[] = { 0x55, 0x04, 0x03 };      /* 2.5.4.3 commonName */
const uint8_t x509_oid_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
const uint8_t x509_oid_client_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
const uint8_t x509_oid_bc[] = { 0x55, 0x1d, 0x13 };   /* 2.5.29.19 */
const uint8_t x509_oid_ku[] = { 0x55, 0x1d, 0x0f };   /* 2.5.29.15 */
const uint8_t x509_oid_eku[] = { 0x55, 0x1d, 0x25 };  /* 2.5.29.37 */
const uint8_t x509_oid_san[] = { 0x55, 0x1d, 0x11 };  /* 2.5.29.17 */
const uint8_t x509_oid_skid[] = { 0x55, 0x1d, 0x0e }; /* 2.5.29.14 */
const uint8_t x509_oid_akid[] = { 0x55, 0x1d, 0x23 }; /* 2.5.29.35 */

#define EXT_MAX 32 /* extensions remembered for the duplicate check */

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
const char *x509_attr_short(const uint8_t *oid, size_t n)
{
    static const struct { uint8_t last; const char *name; } at[] = {
        { 3, "CN" }, { 6, "C" }, { 7, "L" }, { 8, "ST" }, { 10, "O" }, { 11, "OU" },
    };
    if (n == 3 && oid[0] == 0x55 && oid[1] == 0x04)
        for (size_t i = 0; i < sizeof at / sizeof at[0]; i++)
            if (oid[2] == at[i].last)
                return at[i].name;
    return NULL;
}

static const char *attr_name(const uint8_t *oid, size_t n)
{
    const char *a = x509_attr_short(oid, n);
    return a ? a : "attribute";
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
            if (der_oid_eq(oid, n, x509_oid_cn, sizeof x509_oid_cn) && cn[0] == '\0') {
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

void x509_name_str(const uint8_t *name, size_t len, char *out, size_t cap)
{
    rd r;
    const uint8_t *tlv;
    size_t tlv_len;
    char cn[X509_STR_MAX];
    rd_init(&r, name, len);
    if (parse_name(&r, "name", &tlv, &tlv_len, cn, NULL) != ERR_OK || !rd_empty(&r))
        snprintf(out, cap, "(not a Name)");
    else if (!cn[0])
        snprintf(out, cap, "(a Name without CN)");
    else
        snprintf(out, cap, "CN=%s", cn);
}

bool x509_name_eq(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    return a_len == b_len && memcmp(a, b, a_len) == 0;
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
    if (der_oid_eq(oid, n, x509_oid_ed25519, sizeof x509_oid_ed25519))
        *type = X509_KEY_ED25519;
    else if (der_oid_eq(oid, n, x509_oid_x25519, sizeof x509_oid_x25519))
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
        /* §4.2.1.9: meaningful only with cA TRUE; x509_verify_chain enforces it */
        TRY(der_read_small(&seq, &c->path_len));
        CHECK(c->is_ca, ERR_DER_VALUE);
        c->has_path_len = true;
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
        if (der_oid_eq(oid, n, x509_oid_server_auth, sizeof x509_oid_server_auth))
            c->eku |= X509_EKU_SERVER_AUTH;
        if (der_oid_eq(oid, n, x509_oid_client_auth, sizeof x509_oid_client_auth))
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
    { "basicConstraints", x509_oid_bc, ext_bc },
    { "keyUsage", x509_oid_ku, ext_ku },
    { "extendedKeyUsage", x509_oid_eku, ext_eku },
    { "subjectAltName", x509_oid_san, ext_san },
    { "subjectKeyIdentifier", x509_oid_skid, ext_skid },
    { "authorityKeyIdentifier", x509_oid_akid, ext_akid },
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

/* ---- time ---- */

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
