/* der.h — DER (ITU-T X.690 §8, §10) reading over rd and writing into wr.
 *
 * Only what X.509 needs: single-byte tags (low tag number form), definite
 * lengths in their minimal form, and the primitive types certificates use.
 * Readers never read past the rd they are given; every malformed input gives
 * one specific error:
 *   ERR_DER_TRUNCATED  a tag or length byte is missing
 *   ERR_DER_LENGTH     indefinite (0x80), reserved (0xff), non-minimal, or
 *                      more than 4 length bytes
 *   ERR_DER_PAST_END   the length announces more bytes than there are
 *   ERR_DER_TAG        not the tag that was expected (or a multi-byte tag)
 *   ERR_DER_TRAILING   bytes left after the last field of a value
 *   ERR_DER_VALUE      content that is not valid DER for its type
 *   ERR_X509_TIME      a UTCTime/GeneralizedTime that is not RFC 5280 form
 *
 * Writers never allocate: der_open() writes a one-byte length placeholder and
 * der_close() moves the body up when the length needs the long form, so
 * nesting is straight-line code; errors stick in the wr (ERR_OVERFLOW).
 */
#ifndef MTLS_DER_H
#define MTLS_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/rd.h"
#include "base/wr.h"

/* Universal tags (X.680 §8.4); constructed ones have bit 6 set. */
#define DER_BOOLEAN 0x01
#define DER_INTEGER 0x02
#define DER_BIT_STRING 0x03
#define DER_OCTET_STRING 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_UTF8_STRING 0x0c
#define DER_PRINTABLE_STRING 0x13
#define DER_T61_STRING 0x14
#define DER_IA5_STRING 0x16
#define DER_UTC_TIME 0x17
#define DER_GENERALIZED_TIME 0x18
#define DER_SEQUENCE 0x30
#define DER_SET 0x31
/* Context-specific tags [n], primitive and constructed. */
#define DER_CTX(n) ((uint8_t)(0x80u | (n)))
#define DER_CTX_CONS(n) ((uint8_t)(0xa0u | (n)))

/* ---- reading ---- */

/* Read a tag and length; on success the reader stands at the first content
 * byte and *len bytes are known to be there. */
err_t der_read_header(rd *r, uint8_t *tag, size_t *len);
/* Read one TLV of any tag; its content becomes *body. */
err_t der_read_any(rd *r, uint8_t *tag, rd *body);
/* Read one TLV that must have tag `tag` (ERR_DER_TAG otherwise, reported
 * before the length is looked at). */
err_t der_read(rd *r, uint8_t tag, rd *body);
/* True when the next byte is `tag` (false when empty). Consumes nothing. */
bool der_peek(const rd *r, uint8_t tag);
/* ERR_DER_TRAILING unless the reader is empty: every value ends with this. */
err_t der_expect_end(const rd *r);

/* INTEGER that must be non-negative and minimal (X.690 §8.3.2): *p and *n are
 * the content octets as encoded (a leading 0x00 is kept). ERR_DER_VALUE for
 * empty, non-minimal or negative content. */
err_t der_read_uint(rd *r, const uint8_t **p, size_t *n);
/* A non-negative INTEGER that fits in 32 bits. */
err_t der_read_small(rd *r, uint32_t *v);
/* BOOLEAN: one octet, 0x00 or 0xff (X.690 §11.1). */
err_t der_read_bool(rd *r, bool *v);
/* BIT STRING (§8.6, §11.2): *unused is 0..7, zero when empty, and the unused
 * bits of the last octet must be zero. */
err_t der_read_bits(rd *r, const uint8_t **p, size_t *n, uint8_t *unused);
/* A BIT STRING as a named bit list: bit i of the result is bit i of the
 * string (X.680 §22.6); bits past 31 must be zero. */
err_t der_read_named_bits(rd *r, unsigned *bits);
/* OBJECT IDENTIFIER content (§8.19): non-empty, each subidentifier minimal,
 * last octet ends a subidentifier. */
err_t der_read_oid(rd *r, const uint8_t **p, size_t *n);
/* UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ" as RFC 5280
 * §4.1.2.5 allows them (years 1950–2049 only as UTCTime). ERR_DER_TAG for
 * another type, ERR_X509_TIME for any other content. */
err_t der_read_time(rd *r, int64_t *t);

/* Is OID content p/n the same as oid (content octets)? */
bool der_oid_eq(const uint8_t *p, size_t n, const uint8_t *oid, size_t oid_len);

/* Dotted decimal form of OID content ("1.3.101.112"), truncated to cap. */
void der_oid_str(const uint8_t *p, size_t n, char *out, size_t cap);

/* ---- writing ---- */

typedef struct der_len {
    size_t at; /* offset of the tag */
} der_len;

/* Open a constructed value; close it with der_close() once its body is
 * written. Nest freely; close in reverse order. */
void der_open(wr *w, der_len *l, uint8_t tag);
void der_close(wr *w, const der_len *l);
/* A whole TLV with content p/n. */
void der_put(wr *w, uint8_t tag, const void *p, size_t n);
/* INTEGER from unsigned big-endian bytes: leading zeros are dropped and a
 * 0x00 is added when the top bit is set, so the result is minimal. */
void der_put_uint(wr *w, const uint8_t *be, size_t n);
void der_put_small(wr *w, uint32_t v);
void der_put_bool(wr *w, bool v);
/* BIT STRING of whole octets (unused bits 0). */
void der_put_bits(wr *w, const uint8_t *p, size_t n);
/* BIT STRING of a named bit list with trailing zero bits removed (X.690 §11.2.2). */
void der_put_named_bits(wr *w, unsigned bits);
/* UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5280 §4.1.2.5).
 * Years outside 0..9999 fail the writer with ERR_USAGE. */
void der_put_time(wr *w, int64_t t);

/* ---- calendar (proleptic Gregorian, UTC) ---- */

/* Days since 1970-01-01 of a civil date (m 1..12, d 1..31). */
int64_t der_days_from_civil(int64_t y, unsigned m, unsigned d);
/* The civil date of a day count since 1970-01-01. */
void der_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

#endif
