/* vec.c — room for a growing array (vec.h). */
#include "base/vec.h"

#include <stdint.h>
#include <stdlib.h>

bool vec_reserve(void **arr, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : (first ? first : 1);
    while (nc < need) {
        if (nc > SIZE_MAX / 2)
            return false;
        nc *= 2;
    }
    if (size == 0 || nc > SIZE_MAX / size)
        return false;
    void *p = realloc(*arr, nc * size);
    if (!p)
        return false;
    *arr = p;
    *cap = nc;
    return true;
}
