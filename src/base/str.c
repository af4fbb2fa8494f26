/* str.c — bounded string building (str.h). */
#include "base/str.h"

#include <string.h>

void str_put_n(char *out, size_t cap, size_t *k, const char *s, size_t n)
{
    if (*k + n >= cap)
        n = cap - 1 - *k;
    memcpy(out + *k, s, n);
    *k += n;
    out[*k] = '\0';
}

void str_put(char *out, size_t cap, size_t *k, const char *s) { str_put_n(out, cap, k, s, strlen(s)); }

void str_copy(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    out[0] = '\0';
    str_put(out, cap, &k, s);
}
