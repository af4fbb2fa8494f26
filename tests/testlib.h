/* testlib.h — shared by the cmocka unit tests. */
#ifndef MTLS_TESTLIB_H
#define MTLS_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "base/hex.h"

/* Decode a hex literal from a test vector; fails the test if it is not hex. */
static inline size_t unhex(const char *h, uint8_t *out, size_t cap)
{
    size_t n = 0;
    assert_true(hex_decode(h, out, cap, &n));
    return n;
}

/* Compare bytes with an expected hex string, printing both on mismatch. */
#define assert_hex_equal(bytes, len, hexstr) do { \
        char got_[2 * 4096 + 1]; \
        assert_true((len) <= 4096); \
        hex_encode((bytes), (len), got_); \
        assert_string_equal(got_, (hexstr)); \
    } while (0)

static inline int test_setup_sodium(void **state)
{
    (void)state;
    return sodium_init() < 0 ? -1 : 0;
}

#endif
