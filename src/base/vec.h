/* vec.h — room for a growing array, one allocation per doubling. */
#ifndef MTLS_VEC_H
#define MTLS_VEC_H

#include <stdbool.h>
#include <stddef.h>

/* Make *arr, an array of elements of `size` bytes with room for *cap of
 * them, hold at least `need`: when it is too small, its room doubles
 * (starting at `first`) until need fits, and *arr and *cap are updated.
 * Elements already there are kept; new room is not initialised. Returns
 * false, changing nothing, when memory runs out or the size overflows. */
bool vec_reserve(void **arr, size_t *cap, size_t need, size_t size, size_t first);

#endif
