/* x509_describe.c — what each field of a parsed certificate means, in words,
 * for the views to print beside its DER bytes: names as text, validity as
 * UTC dates, subjectAltName entries, keyUsage bits and extendedKeyUsage
 * purposes by name, basicConstraints, key identifiers. The decoding is done
 * here once, from the certificate as x509_parse read it (and, for one RDN or
 * one extension, from that field's own bytes); views only print the text.
 * Field names are the span names x509_parse_rd gives (x509.c).
 */
#include "pki/x509.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pki/der.h"
#include "base/hex.h"
#include "pki/x509_int.h"

typedef struct note {
    char *p;
    size_t cap, n;
} note;

static void put(note *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(note *o, const char *fmt, ...)
{
    if (o->n >= o->cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->p + o->n, o->cap - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n = o->n + (size_t)k < o->cap ? o->n + (size_t)k : o->cap - 1;
}

/* One RDN (a SET of AttributeTypeAndValue) as "O=mtls-sim classroom";
 * a value that is not printable text is shown by its length only. */
static void put_rdn(note *o, rd *set)
{
    bool first = true;
    while (!rd_empty(set)) {
        rd atv, val;
        const uint8_t *oid;
        size_t n;
        uint8_t tag;
        char dotted[64];
        if (der_read(set, DER_SEQUENCE, &atv) || der_read_oid(&atv, &oid, &n) ||
            der_read_any(&atv, &tag, &val))
            return;
        const char *a = x509_attr_short(oid, n);
        if (!a) {
            der_oid_str(oid, n, dotted, sizeof dotted);
            a = dotted;
        }
        bool text = tag == DER_UTF8_STRING || tag == DER_PRINTABLE_STRING ||
                    tag == DER_IA5_STRING || tag == DER_T61_STRING;
        for (size_t i = 0; text && i < rd_left(&val); i++)
            text = val.p[i] >= 0x20 && val.p[i] < 0x7f;
        if (text)
            put(o, "%s%s=%.*s", first ? "" : " + ", a, (int)rd_left(&val), (const char *)val.p);
        else
            put(o, "%s%s=(%zu bytes)", first ? "" : " + ", a, rd_left(&val));
        first = false;
    }
}

/* A whole Name TLV as "O=mtls-sim classroom, CN=mtls-sim Classroom CA". */
static void put_name(note *o, const uint8_t *tlv, size_t len)
{
    rd r, name;
    rd_init(&r, tlv, len);
    if (der_read(&r, DER_SEQUENCE, &name))
        return;
    bool first = true;
    while (!rd_empty(&name)) {
        rd set;
        if (der_read(&name, DER_SET, &set))
            return;
        put(o, "%s", first ? "" : ", ");
        put_rdn(o, &set);
        first = false;
    }
    if (first)
        put(o, "(empty)");
}

static void put_alg(note *o, const uint8_t *f, size_t n)
{
    rd r, seq;
    const uint8_t *oid;
    size_t k;
    char dotted[64];
    rd_init(&r, f, n);
    if (der_read(&r, DER_SEQUENCE, &seq) || der_read_oid(&seq, &oid, &k))
        return;
    der_oid_str(oid, k, dotted, sizeof dotted);
    if (der_oid_eq(oid, k, x509_oid_ed25519, sizeof x509_oid_ed25519))
        put(o, "Ed25519 (%s, RFC 8410 §3)", dotted);
    else if (der_oid_eq(oid, k, x509_oid_x25519, sizeof x509_oid_x25519))
        put(o, "X25519 (%s, RFC 8410 §3)", dotted);
    else
        put(o, "%s", dotted);
}

static void put_time(note *o, int64_t t)
{
    char s[32];
    x509_time_str(t, s, sizeof s);
    put(o, "%s", s);
}

static void put_keyid(note *o, const uint8_t *id, size_t n)
{
    char hex[2 * X509_KEYID_MAX + 1];
    hex_encode(id, n, hex);
    put(o, "key id %s", hex);
}

/* Whether the Extension TLV f has critical TRUE. */
static bool ext_critical(const uint8_t *f, size_t n)
{
    rd r, ext;
    const uint8_t *oid;
    size_t k;
    bool crit = false;
    rd_init(&r, f, n);
    if (der_read(&r, DER_SEQUENCE, &ext) || der_read_oid(&ext, &oid, &k))
        return false;
    if (der_peek(&ext, DER_BOOLEAN) && der_read_bool(&ext, &crit))
        return false;
    return crit;
}

static void put_ext(note *o, const x509_cert *c, const char *ext, const uint8_t *f, size_t n)
{
    put(o, "%s", ext_critical(f, n) ? "critical; " : "");
    if (!strcmp(ext, "basicConstraints")) {
        put(o, "%s", c->is_ca ? "cA TRUE: a CA, may sign certificates (RFC 5280 §4.2.1.9)"
                              : "cA FALSE: an end entity, not a CA (RFC 5280 §4.2.1.9)");
        if (c->has_path_len)
            put(o, "; pathLenConstraint %u: at most %u CA certificate%s below it in a path",
                (unsigned)c->path_len, (unsigned)c->path_len, c->path_len == 1 ? "" : "s");
    } else if (!strcmp(ext, "keyUsage")) {
        static const struct { unsigned bit; const char *name; } ku[] = {
            { X509_KU_DIGITAL_SIGNATURE, "digitalSignature" },
            { X509_KU_KEY_ENCIPHERMENT, "keyEncipherment" },
            { X509_KU_KEY_AGREEMENT, "keyAgreement" },
            { X509_KU_KEY_CERT_SIGN, "keyCertSign" },
            { X509_KU_CRL_SIGN, "cRLSign" },
        };
        bool any = false;
        for (size_t i = 0; i < sizeof ku / sizeof ku[0]; i++)
            if (c->key_usage & ku[i].bit) {
                put(o, "%s%s", any ? ", " : "", ku[i].name);
                any = true;
            }
        put(o, "%s (RFC 5280 §4.2.1.3)", any ? "" : "no bit we know");
    } else if (!strcmp(ext, "extendedKeyUsage")) {
        bool any = false;
        if (c->eku & X509_EKU_SERVER_AUTH) {
            put(o, "serverAuth 1.3.6.1.5.5.7.3.1");
            any = true;
        }
        if (c->eku & X509_EKU_CLIENT_AUTH)
            put(o, "%sclientAuth 1.3.6.1.5.5.7.3.2", any ? ", " : ""), any = true;
        put(o, "%s (RFC 5280 §4.2.1.12)", any ? "" : "no purpose we know");
    } else if (!strcmp(ext, "subjectAltName")) {
        bool any = false;
        for (size_t i = 0; i < c->n_dns; i++, any = true)
            put(o, "%sDNS:%s", any ? ", " : "", c->dns[i]);
        for (size_t i = 0; i < c->n_uri; i++, any = true)
            put(o, "%sURI:%s", any ? ", " : "", c->uri[i]);
        put(o, " (RFC 5280 §4.2.1.6)");
    } else if (!strcmp(ext, "subjectKeyIdentifier")) {
        put_keyid(o, c->skid, c->skid_len);
        put(o, " (RFC 5280 §4.2.1.2)");
    } else if (!strcmp(ext, "authorityKeyIdentifier")) {
        put_keyid(o, c->akid, c->akid_len);
        put(o, ": the issuer's subjectKeyIdentifier (RFC 5280 §4.2.1.1)");
    } else {
        put(o, "not decoded here");
    }
}

bool x509_field_note(const x509_cert *c, const char *field, const uint8_t *f, size_t n,
                     char *out, size_t cap)
{
    note o = { out, cap, 0 };
    if (!cap)
        return false;
    out[0] = '\0';
    rd r, set;
    if (!strcmp(field, "Certificate")) {
        put(&o, "subject ");
        put_name(&o, c->subject, c->subject_len);
        put(&o, "; issuer ");
        put_name(&o, c->issuer, c->issuer_len);
    } else if (!strcmp(field, "version")) {
        put(&o, "v3 (RFC 5280 §4.1.2.1)");
    } else if (!strcmp(field, "serialNumber")) {
        char hex[2 * X509_SERIAL_MAX + 1];
        hex_encode(c->serial, c->serial_len, hex);
        put(&o, "0x%s, unique among the issuer's certificates (RFC 5280 §4.1.2.2)", hex);
    } else if (!strcmp(field, "signature algorithm") || !strcmp(field, "signatureAlgorithm") ||
               !strcmp(field, "key algorithm")) {
        put_alg(&o, f, n);
    } else if (!strcmp(field, "issuer")) {
        put_name(&o, c->issuer, c->issuer_len);
    } else if (!strcmp(field, "subject")) {
        put_name(&o, c->subject, c->subject_len);
    } else if (!strncmp(field, "issuer ", 7) || !strncmp(field, "subject ", 8)) {
        rd_init(&r, f, n);
        if (!der_read(&r, DER_SET, &set))
            put_rdn(&o, &set);
    } else if (!strcmp(field, "validity")) {
        put(&o, "from ");
        put_time(&o, c->not_before);
        put(&o, " to ");
        put_time(&o, c->not_after);
    } else if (!strcmp(field, "notBefore") || !strcmp(field, "notAfter")) {
        put_time(&o, field[3] == 'B' ? c->not_before : c->not_after);
    } else if (!strcmp(field, "subjectPublicKeyInfo") || !strcmp(field, "public key")) {
        put(&o, "an %s public key, %d bytes (RFC 8410 §4)",
            c->key_type == X509_KEY_X25519 ? "X25519" : "Ed25519", X509_KEY_LEN);
    } else if (!strncmp(field, "extension ", 10)) {
        put_ext(&o, c, field + 10, f, n);
    } else if (!strcmp(field, "signatureValue")) {
        put(&o, "the issuer's Ed25519 signature over tbsCertificate, %d bytes (RFC 8410 §6)",
            X509_SIG_LEN);
    }
    return out[0] != '\0';
}

bool x509_span_note(const uint8_t *buf, size_t buf_len, const span *s, size_t n, size_t k,
                    char *out, size_t cap)
{
    if (cap)
        out[0] = '\0';
    if (k >= n || (size_t)s[k].off + s[k].len > buf_len)
        return false;
    /* the innermost "Certificate" span around span k (spans come in order) */
    for (size_t i = k + 1; i-- > 0;) {
        const span *c = &s[i];
        if (strcmp(c->name, "Certificate") != 0 || s[k].off < c->off ||
            (size_t)s[k].off + s[k].len > (size_t)c->off + c->len)
            continue;
        if ((size_t)c->off + c->len > buf_len)
            return false;
        x509_cert cert;
        if (x509_parse(buf + c->off, c->len, &cert) != ERR_OK)
            return false;
        return x509_field_note(&cert, s[k].name, buf + s[k].off, s[k].len, out, cap);
    }
    return false;
}
