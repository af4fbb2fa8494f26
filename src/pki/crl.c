/* crl.c — X.509 CRLs (RFC 5280 §5) with Ed25519 signatures (RFC 8410):
 * the writer, the parser (untrusted bytes through rd and der.h only) and
 * the revocation check of RFC 5280 §6.3.3, one reported step at a time.
 */
#include "pki/crl.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "base/wr.h"
#include "pki/der.h"

#define DETAIL_LEN 320

static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 };     /* 1.3.101.112, RFC 8410 §3 */
static const uint8_t oid_akid[] = { 0x55, 0x1d, 0x23 };        /* 2.5.29.35, §5.2.1 */
static const uint8_t oid_crl_number[] = { 0x55, 0x1d, 0x14 };  /* 2.5.29.20, §5.2.3 */
static const uint8_t oid_reason[] = { 0x55, 0x1d, 0x15 };      /* 2.5.29.21, §5.3.1 */

const char *crl_mode_name(crl_mode m)
{
    return m == CRL_MODE_SOFT ? "soft" : m == CRL_MODE_OFF ? "off" : "hard";
}

bool crl_mode_parse(const char *s, crl_mode *m)
{
    static const crl_mode all[] = { CRL_MODE_HARD, CRL_MODE_SOFT, CRL_MODE_OFF };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        if (strcmp(s, crl_mode_name(all[i])) == 0) {
            *m = all[i];
            return true;
        }
    return false;
}

/* ---- writing ---- */

static void put_alg(wr *w)
{
    der_len alg;
    der_open(w, &alg, DER_SEQUENCE);
    der_put(w, DER_OID, oid_ed25519, sizeof oid_ed25519); /* parameters absent, RFC 8410 §3 */
    der_close(w, &alg);
}

static bool serial_ok(const uint8_t *s, size_t n)
{
    return n >= 1 && n <= X509_SERIAL_MAX && !(s[0] & 0x80u) &&
           !(n > 1 && s[0] == 0 && !(s[1] & 0x80u));
}

/* crlExtensions [0] EXPLICIT: the authority key identifier (§5.2.1, the
 * issuer's subject key identifier as keyIdentifier [0]) and the CRL number
 * (§5.2.3), both non-critical as §5.2.1 and §5.2.3 say. */
static void put_extensions(wr *w, const crl_template *t, const x509_cert *issuer)
{
    der_len wrap, list, ext, val, seq;
    der_open(w, &wrap, DER_CTX_CONS(0));
    der_open(w, &list, DER_SEQUENCE);
    der_open(w, &ext, DER_SEQUENCE);
    der_put(w, DER_OID, oid_akid, sizeof oid_akid);
    der_open(w, &val, DER_OCTET_STRING);
    der_open(w, &seq, DER_SEQUENCE);
    der_put(w, DER_CTX(0), issuer->skid, issuer->skid_len);
    der_close(w, &seq);
    der_close(w, &val);
    der_close(w, &ext);
    der_open(w, &ext, DER_SEQUENCE);
    der_put(w, DER_OID, oid_crl_number, sizeof oid_crl_number);
    der_open(w, &val, DER_OCTET_STRING);
    der_put_small(w, t->number);
    der_close(w, &val);
    der_close(w, &ext);
    der_close(w, &list);
    der_close(w, &wrap);
}

err_t crl_build(const crl_template *t, const x509_cert *issuer, const uint8_t *sign_sk,
                uint8_t *out, size_t cap, size_t *out_len)
{
    CHECK(t && issuer && sign_sk && out && out_len, ERR_USAGE);
    CHECK(t->n_revoked <= CRL_REVOKED_MAX && (t->revoked || !t->n_revoked), ERR_USAGE);
    CHECK(issuer->skid_len > 0, ERR_USAGE); /* §5.2.1: the AKID MUST be there */
    for (size_t i = 0; i < t->n_revoked; i++)
        CHECK(serial_ok(t->revoked[i].serial, t->revoked[i].serial_len), ERR_USAGE);

    wr w;
    der_len list, tbs, seq, entry;
    wr_init(&w, out, cap);
    der_open(&w, &list, DER_SEQUENCE);
    size_t tbs_at = w.len;
    der_open(&w, &tbs, DER_SEQUENCE);
    der_put_small(&w, 1); /* §5.1.2.1: v2, since the CRL has extensions */
    put_alg(&w);
    wr_bytes(&w, issuer->subject, issuer->subject_len); /* §5.1.2.3: the issuer's subject */
    der_put_time(&w, t->this_update);
    der_put_time(&w, t->next_update);
    if (t->n_revoked) { /* §5.1.2.6: absent, not empty, when nothing is revoked */
        der_open(&w, &seq, DER_SEQUENCE);
        for (size_t i = 0; i < t->n_revoked; i++) {
            der_open(&w, &entry, DER_SEQUENCE);
            der_put(&w, DER_INTEGER, t->revoked[i].serial, t->revoked[i].serial_len);
            der_put_time(&w, t->revoked[i].date);
            der_close(&w, &entry);
        }
        der_close(&w, &seq);
    }
    put_extensions(&w, t, issuer);
    der_close(&w, &tbs);
    TRY(wr_status(&w));

    /* RFC 8410 §6: PureEdDSA over the DER of tbsCertList */
    uint8_t sig[X509_SIG_LEN];
    crypto_sign_detached(sig, NULL, out + tbs_at, w.len - tbs_at, sign_sk);
    put_alg(&w);
    der_put_bits(&w, sig, sizeof sig);
    der_close(&w, &list);
    TRY(wr_status(&w));
    *out_len = w.len;
    return ERR_OK;
}

/* ---- parsing ---- */

/* AlgorithmIdentifier: Ed25519 with absent parameters, or ERR_X509_ALG. */
static err_t parse_alg(rd *r, const uint8_t **tlv, size_t *tlv_len)
{
    rd alg;
    const uint8_t *oid, *start = r->p;
    size_t n;
    TRY(der_read(r, DER_SEQUENCE, &alg));
    TRY(der_read_oid(&alg, &oid, &n));
    CHECK(der_oid_eq(oid, n, oid_ed25519, sizeof oid_ed25519), ERR_X509_ALG);
    CHECK(rd_empty(&alg), ERR_X509_ALG);
    *tlv = start;
    *tlv_len = (size_t)(r->p - start);
    return ERR_OK;
}

/* One Extension ::= SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING }; *known says whether it was one of ours. */
static err_t read_ext(rd *list, const uint8_t **oid, size_t *oid_len, bool *critical, rd *val)
{
    rd ext;
    TRY(der_read(list, DER_SEQUENCE, &ext));
    TRY(der_read_oid(&ext, oid, oid_len));
    *critical = false;
    if (der_peek(&ext, DER_BOOLEAN)) {
        TRY(der_read_bool(&ext, critical));
        CHECK(*critical, ERR_DER_VALUE); /* DER: a DEFAULT value is never encoded (X.690 §11.5) */
    }
    TRY(der_read(&ext, DER_OCTET_STRING, val));
    return der_expect_end(&ext);
}

static err_t parse_crl_extensions(rd *r, crl *c)
{
    rd wrap, list;
    TRY(der_read(r, DER_CTX_CONS(0), &wrap));
    TRY(der_read(&wrap, DER_SEQUENCE, &list));
    TRY(der_expect_end(&wrap));
    while (!rd_empty(&list)) {
        const uint8_t *oid;
        size_t n;
        bool critical;
        rd val;
        TRY(read_ext(&list, &oid, &n, &critical, &val));
        if (der_oid_eq(oid, n, oid_akid, sizeof oid_akid)) {
            rd seq, id;
            CHECK(!c->akid_len, ERR_X509_DUP_EXT);
            TRY(der_read(&val, DER_SEQUENCE, &seq));
            TRY(der_read(&seq, DER_CTX(0), &id)); /* keyIdentifier; issuer/serial not used */
            CHECK(rd_left(&id) >= 1 && rd_left(&id) <= X509_KEYID_MAX, ERR_DER_VALUE);
            c->akid_len = rd_left(&id);
            memcpy(c->akid, id.p, c->akid_len);
        } else if (der_oid_eq(oid, n, oid_crl_number, sizeof oid_crl_number)) {
            CHECK(!c->has_number, ERR_X509_DUP_EXT);
            TRY(der_read_small(&val, &c->number)); /* §5.2.3: at most 20 octets; ours fit 32 bits */
            c->has_number = true;
        } else {
            /* §5.2: a CRL with an unrecognized critical extension is not used */
            CHECK(!critical, ERR_CRL_FORMAT);
            continue;
        }
        TRY(der_expect_end(&val));
    }
    return der_expect_end(r);
}

/* crlEntryExtensions: the reason code is understood (and not needed
 * here); any other critical one makes the CRL unusable (§5.3). */
static err_t parse_entry_extensions(rd *list)
{
    while (!rd_empty(list)) {
        const uint8_t *oid;
        size_t n;
        bool critical;
        rd val;
        TRY(read_ext(list, &oid, &n, &critical, &val));
        CHECK(!critical || der_oid_eq(oid, n, oid_reason, sizeof oid_reason), ERR_CRL_FORMAT);
    }
    return ERR_OK;
}

static err_t parse_revoked(rd *r, crl *c)
{
    rd seq;
    TRY(der_read(r, DER_SEQUENCE, &seq));
    CHECK(!rd_empty(&seq), ERR_CRL_FORMAT); /* §5.1.2.6: absent when empty */
    while (!rd_empty(&seq)) {
        rd entry, exts;
        const uint8_t *p;
        size_t n;
        CHECK(c->n_revoked < CRL_REVOKED_MAX, ERR_CRL_FORMAT);
        crl_entry *e = &c->revoked[c->n_revoked];
        TRY(der_read(&seq, DER_SEQUENCE, &entry));
        TRY(der_read_uint(&entry, &p, &n));
        CHECK(n <= X509_SERIAL_MAX, ERR_DER_VALUE);
        memcpy(e->serial, p, n);
        e->serial_len = n;
        TRY(der_read_time(&entry, &e->date));
        if (!rd_empty(&entry)) {
            TRY(der_read(&entry, DER_SEQUENCE, &exts));
            TRY(parse_entry_extensions(&exts));
        }
        TRY(der_expect_end(&entry));
        c->n_revoked++;
    }
    return ERR_OK;
}

static bool is_time(const rd *r) { return der_peek(r, DER_UTC_TIME) || der_peek(r, DER_GENERALIZED_TIME); }

static err_t parse_tbs(rd *r, crl *c, const uint8_t **alg, size_t *alg_len)
{
    rd tbs, name;
    uint32_t version;
    c->tbs = r->p;
    TRY(der_read(r, DER_SEQUENCE, &tbs));
    c->tbs_len = (size_t)(r->p - c->tbs);
    /* version is OPTIONAL (absent: v1), and v1 has no extensions; this
     * verifier needs the extensions (§5.2), so only v2 */
    CHECK(der_peek(&tbs, DER_INTEGER), ERR_CRL_FORMAT);
    TRY(der_read_small(&tbs, &version));
    CHECK(version == 1, ERR_CRL_FORMAT);
    TRY(parse_alg(&tbs, alg, alg_len));
    c->issuer = tbs.p;
    TRY(der_read(&tbs, DER_SEQUENCE, &name));
    c->issuer_len = (size_t)(tbs.p - c->issuer);
    TRY(der_read_time(&tbs, &c->this_update));
    if (is_time(&tbs)) {
        TRY(der_read_time(&tbs, &c->next_update));
        c->has_next_update = true;
    }
    if (der_peek(&tbs, DER_SEQUENCE))
        TRY(parse_revoked(&tbs, c));
    if (!rd_empty(&tbs))
        TRY(parse_crl_extensions(&tbs, c));
    return der_expect_end(&tbs);
}

err_t crl_parse(const uint8_t *der, size_t len, crl *out)
{
    rd r, list;
    const uint8_t *alg_in, *alg_out, *bits;
    size_t alg_in_len, alg_out_len, n;
    uint8_t unused;
    memset(out, 0, sizeof *out);
    rd_init(&r, der, len);
    TRY(der_read(&r, DER_SEQUENCE, &list));
    TRY(der_expect_end(&r));
    out->der = der;
    out->der_len = len;
    TRY(parse_tbs(&list, out, &alg_in, &alg_in_len));
    TRY(parse_alg(&list, &alg_out, &alg_out_len));
    /* §5.1.1.2: the same algorithm as the signature field inside */
    CHECK(alg_in_len == alg_out_len && memcmp(alg_in, alg_out, alg_in_len) == 0,
          ERR_X509_ALG_MISMATCH);
    TRY(der_read_bits(&list, &bits, &n, &unused));
    CHECK(unused == 0 && n == X509_SIG_LEN, ERR_DER_VALUE);
    memcpy(out->sig, bits, n);
    return der_expect_end(&list);
}

/* ---- checking ---- */

static const char *cn_of(const char *cn) { return cn[0] ? cn : "(no CN)"; }

/* A step that cannot establish the status: refused in hard mode, a
 * warning in soft mode (reported as ERR_CRL_SOFT_FAIL, then ERR_OK). */
static err_t undetermined(x509_check_fn cb, void *ctx, x509_check id, err_t e, crl_mode mode,
                          char *dt, bool *warned)
{
    if (mode == CRL_MODE_SOFT) {
        size_t len = strlen(dt);
        snprintf(dt + len, DETAIL_LEN - len, "; soft-fail: accepted without a revocation status "
                 "(--revocation soft)");
        if (warned)
            *warned = true;
        if (cb)
            cb(ctx, id, ERR_CRL_SOFT_FAIL, dt);
        return ERR_OK;
    }
    if (cb)
        cb(ctx, id, e, dt);
    return e;
}

static void report(x509_check_fn cb, void *ctx, x509_check id, err_t e, const char *dt)
{
    if (cb)
        cb(ctx, id, e, dt);
}

/* The CRL in set that issuer issued: the same Name (§6.3.3 (b)) and, when
 * it names one, the issuer's key identifier (§5.2.1). */
static const crl *find_crl(const crl_set *set, const x509_cert *issuer)
{
    for (size_t i = 0; set && i < set->n; i++) {
        const crl *l = set->list[i];
        if (l->issuer_len == issuer->subject_len &&
            memcmp(l->issuer, issuer->subject, l->issuer_len) == 0 &&
            (!l->akid_len || !issuer->skid_len ||
             (l->akid_len == issuer->skid_len &&
              memcmp(l->akid, issuer->skid, l->akid_len) == 0)))
            return l;
    }
    return NULL;
}

err_t crl_check_cert(const x509_cert *c, const x509_cert *issuer, const crl_set *set,
                     crl_mode mode, int64_t now, x509_check_fn cb, void *ctx, bool *warned)
{
    char dt[DETAIL_LEN], a[32], b[32], t[32], hex[2 * X509_SERIAL_MAX + 1];
    if (warned)
        *warned = false;
    if (mode == CRL_MODE_OFF || !set) {
        report(cb, ctx, X509_CHECK_REVOCATION, ERR_OK,
               mode == CRL_MODE_OFF ? "not checked: --revocation off (the certificate is accepted whatever its "
                     "CA says of it)"
                   : "not checked: this verifier was given no CRLs to consult");
        return ERR_OK;
    }
    const crl *l = find_crl(set, issuer);
    if (!l) {
        snprintf(dt, DETAIL_LEN, "no CRL from CN=%s is at hand (%zu CRL%s held)",
                 cn_of(issuer->subject_cn), set ? set->n : 0, set && set->n == 1 ? "" : "s");
        return undetermined(cb, ctx, X509_CHECK_CRL_ISSUER, ERR_CRL_MISSING, mode, dt, warned);
    }
    if (l->has_number)
        snprintf(dt, DETAIL_LEN, "CRL number %u from CN=%s (issuer name%s match)", l->number,
                 cn_of(issuer->subject_cn), l->akid_len ? " and key ID" : "");
    else
        snprintf(dt, DETAIL_LEN, "CRL from CN=%s (issuer name%s match)",
                 cn_of(issuer->subject_cn), l->akid_len ? " and key ID" : "");
    report(cb, ctx, X509_CHECK_CRL_ISSUER, ERR_OK, dt);

    /* §6.3.3 (f): the CRL issuer's key signed it */
    if (issuer->key_type != X509_KEY_ED25519 ||
        crypto_sign_verify_detached(l->sig, l->tbs, l->tbs_len, issuer->key) != 0) {
        snprintf(dt, DETAIL_LEN, "Ed25519 signature over the %zu-byte tbsCertList does not "
                 "verify with the key of CN=%s", l->tbs_len, cn_of(issuer->subject_cn));
        return undetermined(cb, ctx, X509_CHECK_CRL_SIGNATURE, ERR_CRL_SIGNATURE, mode, dt,
                            warned);
    }
    snprintf(dt, DETAIL_LEN, "signed by CN=%s: Ed25519 signature over the %zu-byte tbsCertList "
             "valid", cn_of(issuer->subject_cn), l->tbs_len);
    report(cb, ctx, X509_CHECK_CRL_SIGNATURE, ERR_OK, dt);

    /* §6.3.3 (a): a CRL is current from thisUpdate until nextUpdate */
    x509_time_str(l->this_update, a, sizeof a);
    x509_time_str(l->next_update, b, sizeof b);
    x509_time_str(now, t, sizeof t);
    if (now < l->this_update) {
        snprintf(dt, DETAIL_LEN, "thisUpdate %s is after this side's clock %s", a, t);
        return undetermined(cb, ctx, X509_CHECK_CRL_TIME, ERR_CRL_NOT_YET_VALID, mode, dt,
                            warned);
    }
    if (!l->has_next_update || now > l->next_update) {
        if (l->has_next_update)
            snprintf(dt, DETAIL_LEN, "nextUpdate %s has passed: this side's clock is %s, the "
                     "CA should have published a newer CRL", b, t);
        else
            snprintf(dt, DETAIL_LEN, "no nextUpdate (§5.1.2.5): it cannot be known current");
        return undetermined(cb, ctx, X509_CHECK_CRL_TIME, ERR_CRL_STALE, mode, dt, warned);
    }
    snprintf(dt, DETAIL_LEN, "this side's clock %s is within thisUpdate %s … nextUpdate %s", t,
             a, b);
    report(cb, ctx, X509_CHECK_CRL_TIME, ERR_OK, dt);

    /* §6.3.3 (i): the serial among revokedCertificates */
    hex_encode(c->serial, c->serial_len, hex);
    for (size_t i = 0; i < l->n_revoked; i++) {
        const crl_entry *e = &l->revoked[i];
        if (e->serial_len == c->serial_len && memcmp(e->serial, c->serial, e->serial_len) == 0) {
            x509_time_str(e->date, a, sizeof a);
            snprintf(dt, DETAIL_LEN, "serial %s is on the CRL, revoked %s", hex, a);
            report(cb, ctx, X509_CHECK_REVOCATION, ERR_CERT_REVOKED, dt);
            return ERR_CERT_REVOKED;
        }
    }
    snprintf(dt, DETAIL_LEN, "serial %s is not among the CRL's %zu revoked serial%s", hex,
             l->n_revoked, l->n_revoked == 1 ? "" : "s");
    report(cb, ctx, X509_CHECK_REVOCATION, ERR_OK, dt);
    return ERR_OK;
}
