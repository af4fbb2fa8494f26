/* rd.h — bounds-checked reader over untrusted bytes.
 *
 * Every parse of bytes that came from outside (the wire, a file) goes through
 * an rd cursor. Each read checks the remaining length first and returns false,
 * leaving the cursor where it was, when the bytes are not there. A parser ends
 * with rd_empty() so that trailing bytes are an error, not ignored.
 *
 * A sub-reader made by rd_vec8/16/24 shares the base pointer of its parent, so
 * rd_off() gives offsets into the whole buffer (used for annotated spans).
 */
#ifndef MTLS_RD_H
#define MTLS_RD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rd {
    const uint8_t *base; /* start of the whole buffer, for offsets */
    const uint8_t *p;    /* next unread byte */
    const uint8_t *end;  /* one past the last readable byte */
} rd;

void rd_init(rd *r, const uint8_t *buf, size_t len);

size_t rd_left(const rd *r);
/* Offset of the cursor from the start of the whole buffer. */
size_t rd_off(const rd *r);
/* True when nothing is left. */
bool rd_empty(const rd *r);

/* Big-endian integers of 1, 2, 3 and 4 bytes. False when too short. */
bool rd_u8(rd *r, uint8_t *v);
bool rd_u16(rd *r, uint16_t *v);
bool rd_u24(rd *r, uint32_t *v);
bool rd_u32(rd *r, uint32_t *v);
/* Point *p at the next n bytes and skip them (no copy). */
bool rd_bytes(rd *r, size_t n, const uint8_t **p);
/* Copy the next n bytes into out. */
bool rd_copy(rd *r, uint8_t *out, size_t n);
/* Skip n bytes. */
bool rd_skip(rd *r, size_t n);
/* Split off the next n bytes as a sub-reader. */
bool rd_sub(rd *r, size_t n, rd *sub);
/* A vector with a 1-, 2- or 3-byte length prefix (RFC 5246 §4.3): the body
 * becomes *sub. False when the prefix or the body is not there. */
bool rd_vec8(rd *r, rd *sub);
bool rd_vec16(rd *r, rd *sub);
bool rd_vec24(rd *r, rd *sub);

#endif
