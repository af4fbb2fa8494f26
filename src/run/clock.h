/* clock.h — each side's clock (--client-clock, --server-clock): the
 * simulated clock itself, an absolute time, or an offset from the
 * simulated clock. A side checks validity (certificates, CRLs) against its
 * own clock, as a real machine does against its own system time.
 */
#ifndef MTLS_CLOCK_H
#define MTLS_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef enum { CLOCK_SAME, CLOCK_ABSOLUTE, CLOCK_OFFSET } clock_kind;

typedef struct side_clock {
    clock_kind kind;  /* CLOCK_SAME (zero): the simulated clock */
    int64_t value;    /* seconds since 1970 (absolute) or seconds added (offset) */
} side_clock;

/* The largest offset: 100 years of 365.25 days either way. */
#define CLOCK_OFFSET_MAX INT64_C(3155760000)

/* Parse "2026-12-02T10:00:00Z" (ISO 8601 / RFC 3339 UTC, the 'Z' required;
 * year 1970..9999) or an offset "+2h", "-90m", "-3d", "+45s" (a sign, a
 * whole number, one unit of s, m, h or d, at most CLOCK_OFFSET_MAX). On
 * failure writes what was wrong into why (cap bytes) and returns false. */
bool clock_parse(const char *s, side_clock *c, char *why, size_t cap);
/* The side's time when the simulated clock reads now. */
int64_t clock_resolve(const side_clock *c, int64_t now);
/* The clock as given, for a person: "+2h" (offsets as seconds, minutes,
 * hours or days, whichever is whole), "2026-12-02T10:00:00Z", or "" for
 * CLOCK_SAME. */
void clock_str(const side_clock *c, char *out, size_t cap);

#endif
