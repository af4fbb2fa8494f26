/* span.h — named byte ranges recorded while a message is parsed.
 *
 * Parsers take an optional span list (NULL when nobody is annotating) and
 * mark each field they read: sp_open() before the field, sp_close() after.
 * Offsets come from the reader, so they are offsets into the whole buffer the
 * reader was made over. Spans nest: depth is how many spans were open when
 * this one opened. The trace keeps them so a hex dump can name every byte.
 */
#ifndef MTLS_SPAN_H
#define MTLS_SPAN_H

#include <stddef.h>
#include <stdint.h>

#include "base/rd.h"

#define SPAN_NAME_LEN 48
#define SPANS_MAX 384

typedef struct span {
    uint32_t off;
    uint32_t len;
    uint8_t depth;
    char name[SPAN_NAME_LEN];
} span;

typedef struct spans {
    span v[SPANS_MAX];
    size_t n;
    uint8_t depth;
    uint32_t shift; /* added to every offset (e.g. a record header before the message) */
} spans;

void sp_init(spans *s, uint32_t shift);
/* Open a span at the reader's position; returns its index, or -1 when s is
 * NULL or full (later calls with -1 do nothing). name is copied (truncated). */
int sp_open(spans *s, const rd *r, const char *name);
/* printf-style name. */
int sp_openf(spans *s, const rd *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Close span idx at the reader's position. */
void sp_close(spans *s, int idx, const rd *r);
/* Add a closed span of a known range. */
void sp_add(spans *s, uint32_t off, uint32_t len, const char *name);

#endif
