/* wr.h — writer into a buffer the caller owns.
 *
 * A writer never allocates. When a write does not fit, the writer remembers
 * the overflow (the first error sticks) and ignores every later write, so a
 * message writer is straight-line code that checks wr_status() once at the end.
 *
 * Nested length prefixes (RFC 5246 §4.3 vectors) are written as placeholders by
 * wr_begin() and patched by wr_end() once the body is known.
 */
#ifndef MTLS_WR_H
#define MTLS_WR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct wr {
    uint8_t *buf;
    size_t cap;
    size_t len;
    err_t err; /* ERR_OK until the first failure */
} wr;

/* An open length prefix: where it is and how many bytes wide. */
typedef struct wr_len {
    size_t at;
    uint8_t width;
} wr_len;

void wr_init(wr *w, uint8_t *buf, size_t cap);
/* ERR_OK, or the first error (ERR_OVERFLOW when something did not fit). */
err_t wr_status(const wr *w);
/* Record a failure (kept only if it is the first). */
void wr_fail(wr *w, err_t e);

void wr_u8(wr *w, uint8_t v);
void wr_u16(wr *w, uint16_t v);
void wr_u24(wr *w, uint32_t v);
void wr_u32(wr *w, uint32_t v);
void wr_u64(wr *w, uint64_t v);
void wr_bytes(wr *w, const void *p, size_t n);
/* Reserve n bytes and return where they start (NULL after an error), for
 * fields that are filled in later, such as a signature. */
uint8_t *wr_reserve(wr *w, size_t n);

/* Open a length prefix of width 1, 2 or 3 bytes; close it with wr_end(),
 * which fails with ERR_OVERFLOW when the body is too long for the width. */
void wr_begin(wr *w, wr_len *l, uint8_t width);
void wr_end(wr *w, const wr_len *l);

#endif
