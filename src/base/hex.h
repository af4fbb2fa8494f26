/* hex.h — lowercase hex, the way every value is shown and tested. */
#ifndef MTLS_HEX_H
#define MTLS_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Write 2*n hex digits and a NUL into out (capacity at least 2*n+1). */
void hex_encode(const uint8_t *in, size_t n, char *out);
/* Parse an even-length hex string into out (capacity cap); false on a
 * non-hex character, odd length, or when it does not fit. */
bool hex_decode(const char *hex, uint8_t *out, size_t cap, size_t *out_len);

#endif
