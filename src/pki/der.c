/* der.c — DER reading and writing (ITU-T X.690). */
#include "pki/der.h"

#include <stdio.h>
#include <string.h>

/* ---- reading ---- */

/* X.690 §8.1.3: short form for 0..127; long form 0x81..0x84 followed by the
 * length in as few octets as possible (§10.1 forbids anything longer). */
static err_t der_read_len(rd *r, size_t *len)
{
    uint8_t b;
    CHECK(rd_u8(r, &b), ERR_DER_TRUNCATED);
    if (b < 0x80) {
        *len = b;
        return ERR_OK;
    }
    /* 0x80 is the indefinite form (BER only), 0xff is reserved; more than
     * four length octets would describe a value no certificate has. */
    size_t nb = b & 0x7fu;
    CHECK(nb >= 1 && nb <= 4, ERR_DER_LENGTH);
    uint32_t v = 0;
    for (size_t i = 0; i < nb; i++) {
        CHECK(rd_u8(r, &b), ERR_DER_TRUNCATED);
        CHECK(!(i == 0 && b == 0), ERR_DER_LENGTH); /* leading zero octet */
        v = (v << 8) | b;
    }
    CHECK(v >= 0x80, ERR_DER_LENGTH); /* fits the short form */
    *len = v;
    return ERR_OK;
}

static err_t der_read_tag(rd *r, uint8_t *tag)
{
    CHECK(rd_u8(r, tag), ERR_DER_TRUNCATED);
    /* Tag number 31 announces the multi-byte form: no X.509 field uses it. */
    CHECK((*tag & 0x1fu) != 0x1fu, ERR_DER_TAG);
    return ERR_OK;
}

err_t der_read_header(rd *r, uint8_t *tag, size_t *len)
{
    rd save = *r;
    err_t e = der_read_tag(r, tag);
    if (e == ERR_OK)
        e = der_read_len(r, len);
    if (e == ERR_OK && *len > rd_left(r))
        e = ERR_DER_PAST_END;
    if (e != ERR_OK)
        *r = save;
    return e;
}

err_t der_read_any(rd *r, uint8_t *tag, rd *body)
{
    size_t len;
    TRY(der_read_header(r, tag, &len));
    (void)rd_sub(r, len, body); /* the header checked len fits */
    return ERR_OK;
}

err_t der_read(rd *r, uint8_t tag, rd *body)
{
    CHECK(!rd_empty(r), ERR_DER_TRUNCATED);
    CHECK(*r->p == tag, ERR_DER_TAG);
    uint8_t t;
    return der_read_any(r, &t, body);
}

bool der_peek(const rd *r, uint8_t tag) { return !rd_empty(r) && *r->p == tag; }

err_t der_expect_end(const rd *r) { return rd_empty(r) ? ERR_OK : ERR_DER_TRAILING; }

err_t der_read_uint(rd *r, const uint8_t **p, size_t *n)
{
    rd b;
    TRY(der_read(r, DER_INTEGER, &b));
    *n = rd_left(&b);
    *p = b.p;
    CHECK(*n >= 1, ERR_DER_VALUE);
    CHECK(((*p)[0] & 0x80u) == 0, ERR_DER_VALUE); /* negative */
    /* §8.3.2: the first nine bits must not be all zero */
    CHECK(!(*n > 1 && (*p)[0] == 0 && ((*p)[1] & 0x80u) == 0), ERR_DER_VALUE);
    return ERR_OK;
}

err_t der_read_small(rd *r, uint32_t *v)
{
    const uint8_t *p;
    size_t n;
    TRY(der_read_uint(r, &p, &n));
    if (p[0] == 0 && n > 1) {
        p++;
        n--;
    }
    CHECK(n <= 4, ERR_DER_VALUE);
    uint32_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | p[i];
    *v = x;
    return ERR_OK;
}

err_t der_read_bool(rd *r, bool *v)
{
    rd b;
    uint8_t x;
    TRY(der_read(r, DER_BOOLEAN, &b));
    CHECK(rd_left(&b) == 1, ERR_DER_VALUE);
    (void)rd_u8(&b, &x);
    CHECK(x == 0x00 || x == 0xff, ERR_DER_VALUE);
    *v = x == 0xff;
    return ERR_OK;
}

err_t der_read_bits(rd *r, const uint8_t **p, size_t *n, uint8_t *unused)
{
    rd b;
    TRY(der_read(r, DER_BIT_STRING, &b));
    CHECK(rd_u8(&b, unused), ERR_DER_VALUE);
    CHECK(*unused <= 7, ERR_DER_VALUE);
    *n = rd_left(&b);
    *p = b.p;
    CHECK(*n > 0 || *unused == 0, ERR_DER_VALUE);
    /* §11.2.1: unused bits are zero */
    CHECK(*n == 0 || ((*p)[*n - 1] & ((1u << *unused) - 1u)) == 0, ERR_DER_VALUE);
    return ERR_OK;
}

err_t der_read_named_bits(rd *r, unsigned *bits)
{
    const uint8_t *p;
    size_t n;
    uint8_t unused;
    TRY(der_read_bits(r, &p, &n, &unused));
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        for (unsigned j = 0; j < 8; j++) {
            if (!(p[i] & (0x80u >> j)))
                continue;
            CHECK(i < 4, ERR_DER_VALUE);
            v |= 1u << (8 * i + j);
        }
    }
    *bits = v;
    return ERR_OK;
}

err_t der_read_oid(rd *r, const uint8_t **p, size_t *n)
{
    rd b;
    TRY(der_read(r, DER_OID, &b));
    *n = rd_left(&b);
    *p = b.p;
    CHECK(*n >= 1, ERR_DER_VALUE);
    CHECK(((*p)[*n - 1] & 0x80u) == 0, ERR_DER_VALUE); /* last subidentifier unfinished */
    for (size_t i = 0; i < *n; i++) {
        bool starts = i == 0 || ((*p)[i - 1] & 0x80u) == 0;
        CHECK(!(starts && (*p)[i] == 0x80), ERR_DER_VALUE); /* §8.19.2: no 0x80 padding */
    }
    return ERR_OK;
}

bool der_oid_eq(const uint8_t *p, size_t n, const uint8_t *oid, size_t oid_len)
{
    return n == oid_len && memcmp(p, oid, n) == 0;
}

void der_oid_str(const uint8_t *p, size_t n, char *out, size_t cap)
{
    size_t len = 0;
    uint64_t v = 0;
    bool first = true;
    if (cap == 0)
        return;
    out[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++) {
        v = (v << 7) | (p[i] & 0x7fu);
        if (p[i] & 0x80u)
            continue;
        int w;
        if (first) /* §8.19.4: the first subidentifier packs two arcs, X*40+Y */
            w = snprintf(out + len, cap - len, "%u.%llu", v < 80 ? (unsigned)(v / 40) : 2u,
                         (unsigned long long)(v < 80 ? v % 40 : v - 80));
        else
            w = snprintf(out + len, cap - len, ".%llu", (unsigned long long)v);
        len += w > 0 ? (size_t)w : 0;
        first = false;
        v = 0;
    }
}

/* n decimal digits at s; false on anything else. */
static bool digits(const uint8_t *s, size_t n, unsigned *v)
{
    unsigned x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        x = x * 10 + (unsigned)(s[i] - '0');
    }
    *v = x;
    return true;
}

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static unsigned days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : dm[m - 1];
}

err_t der_read_time(rd *r, int64_t *t)
{
    uint8_t tag;
    rd b;
    CHECK(!rd_empty(r), ERR_DER_TRUNCATED);
    tag = *r->p;
    CHECK(tag == DER_UTC_TIME || tag == DER_GENERALIZED_TIME, ERR_DER_TAG);
    TRY(der_read_any(r, &tag, &b));
    /* RFC 5280 §4.1.2.5.1/.2: seconds present, always "Z", no fractions. */
    size_t ylen = tag == DER_UTC_TIME ? 2 : 4;
    const uint8_t *s = b.p;
    unsigned yv, mo, d, h, mi, sec;
    CHECK(rd_left(&b) == ylen + 11 && s[ylen + 10] == 'Z', ERR_X509_TIME);
    CHECK(digits(s, ylen, &yv) && digits(s + ylen, 2, &mo) && digits(s + ylen + 2, 2, &d) &&
              digits(s + ylen + 4, 2, &h) && digits(s + ylen + 6, 2, &mi) &&
              digits(s + ylen + 8, 2, &sec),
          ERR_X509_TIME);
    int64_t y = yv;
    if (tag == DER_UTC_TIME)
        y += yv >= 50 ? 1900 : 2000;
    else
        CHECK(y < 1950 || y >= 2050, ERR_X509_TIME); /* must have been UTCTime */
    CHECK(mo >= 1 && mo <= 12 && d >= 1 && d <= days_in_month(y, mo), ERR_X509_TIME);
    CHECK(h < 24 && mi < 60 && sec < 60, ERR_X509_TIME);
    *t = der_days_from_civil(y, mo, d) * 86400 + (int64_t)(h * 3600 + mi * 60 + sec);
    return ERR_OK;
}

/* ---- writing ---- */

void der_open(wr *w, der_len *l, uint8_t tag)
{
    l->at = w->len;
    wr_u8(w, tag);
    wr_u8(w, 0); /* short-form placeholder, widened by der_close if needed */
}

void der_close(wr *w, const der_len *l)
{
    if (wr_status(w) != ERR_OK)
        return;
    size_t body_at = l->at + 2;
    size_t body = w->len - body_at;
    if (body < 0x80) {
        w->buf[l->at + 1] = (uint8_t)body;
        return;
    }
    uint8_t nb = 0;
    for (size_t v = body; v; v >>= 8)
        nb++;
    if (nb > 4) {
        wr_fail(w, ERR_OVERFLOW);
        return;
    }
    if (!wr_reserve(w, nb))
        return;
    memmove(w->buf + body_at + nb, w->buf + body_at, body);
    w->buf[l->at + 1] = (uint8_t)(0x80u | nb);
    for (uint8_t i = 0; i < nb; i++)
        w->buf[body_at + i] = (uint8_t)(body >> (8 * (nb - 1 - i)));
}

void der_put(wr *w, uint8_t tag, const void *p, size_t n)
{
    der_len l;
    der_open(w, &l, tag);
    wr_bytes(w, p, n);
    der_close(w, &l);
}

void der_put_uint(wr *w, const uint8_t *be, size_t n)
{
    while (n > 1 && be[0] == 0) {
        be++;
        n--;
    }
    der_len l;
    der_open(w, &l, DER_INTEGER);
    if (n == 0 || (be[0] & 0x80u))
        wr_u8(w, 0);
    wr_bytes(w, be, n);
    der_close(w, &l);
}

void der_put_small(wr *w, uint32_t v)
{
    uint8_t be[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };
    der_put_uint(w, be, sizeof be);
}

void der_put_bool(wr *w, bool v)
{
    uint8_t b = v ? 0xff : 0x00;
    der_put(w, DER_BOOLEAN, &b, 1);
}

void der_put_bits(wr *w, const uint8_t *p, size_t n)
{
    der_len l;
    der_open(w, &l, DER_BIT_STRING);
    wr_u8(w, 0);
    wr_bytes(w, p, n);
    der_close(w, &l);
}

void der_put_named_bits(wr *w, unsigned bits)
{
    uint8_t b[4];
    size_t n = 0;
    unsigned last = 0;
    for (unsigned i = 0; i < 32; i++)
        if (bits & (1u << i))
            last = i + 1; /* number of bits up to the highest one set */
    n = (last + 7) / 8;
    for (size_t i = 0; i < n; i++) {
        b[i] = 0;
        for (unsigned j = 0; j < 8; j++)
            if (bits & (1u << (8 * i + j)))
                b[i] |= (uint8_t)(0x80u >> j);
    }
    der_len l;
    der_open(w, &l, DER_BIT_STRING);
    wr_u8(w, (uint8_t)(n * 8 - last));
    wr_bytes(w, b, n);
    der_close(w, &l);
}

static void put_digits(char *s, unsigned v, unsigned n)
{
    for (unsigned i = n; i-- > 0; v /= 10)
        s[i] = (char)('0' + v % 10);
}

void der_put_time(wr *w, int64_t t)
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    int64_t y;
    unsigned mo, d;
    der_civil_from_days(days, &y, &mo, &d);
    if (y < 0 || y > 9999) {
        wr_fail(w, ERR_USAGE);
        return;
    }
    char s[16];
    bool utc = y >= 1950 && y <= 2049;
    unsigned yl = utc ? 2 : 4;
    put_digits(s, (unsigned)(utc ? y % 100 : y), yl);
    put_digits(s + yl, mo, 2);
    put_digits(s + yl + 2, d, 2);
    put_digits(s + yl + 4, (unsigned)(secs / 3600), 2);
    put_digits(s + yl + 6, (unsigned)(secs / 60 % 60), 2);
    put_digits(s + yl + 8, (unsigned)(secs % 60), 2);
    s[yl + 10] = 'Z';
    der_put(w, utc ? DER_UTC_TIME : DER_GENERALIZED_TIME, s, yl + 11);
}

/* ---- calendar: Howard Hinnant's days-from-civil, eras of 400 years ---- */

int64_t der_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9; /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void der_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}
