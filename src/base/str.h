/* str.h — bounded string building for text made on every handshake (value
 * formulas, check names, transcript names), without printf's format work. */
#ifndef MTLS_STR_H
#define MTLS_STR_H

#include <stddef.h>

/* Append n bytes of s to out, which holds *k bytes and has room for cap
 * (cap > *k): cut short so that out stays NUL-terminated; *k is the new
 * length. */
void str_put_n(char *out, size_t cap, size_t *k, const char *s, size_t n);
/* The same for all of s. */
void str_put(char *out, size_t cap, size_t *k, const char *s);
/* s into out (capacity cap > 0), cut short, always NUL-terminated: what
 * snprintf(out, cap, "%s", s) gives. */
void str_copy(char *out, size_t cap, const char *s);

#endif
