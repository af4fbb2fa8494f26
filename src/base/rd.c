/* rd.c — bounds-checked reader. */
#include "base/rd.h"

#include <string.h>

void rd_init(rd *r, const uint8_t *buf, size_t len)
{
    r->base = buf;
    r->p = buf;
    r->end = buf + len;
}

size_t rd_left(const rd *r) { return (size_t)(r->end - r->p); }
size_t rd_off(const rd *r) { return (size_t)(r->p - r->base); }
bool rd_empty(const rd *r) { return r->p == r->end; }

static bool rd_uint(rd *r, size_t n, uint32_t *v)
{
    if (rd_left(r) < n)
        return false;
    uint32_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | r->p[i];
    r->p += n;
    *v = x;
    return true;
}

bool rd_u8(rd *r, uint8_t *v)
{
    uint32_t x;
    if (!rd_uint(r, 1, &x))
        return false;
    *v = (uint8_t)x;
    return true;
}

bool rd_u16(rd *r, uint16_t *v)
{
    uint32_t x;
    if (!rd_uint(r, 2, &x))
        return false;
    *v = (uint16_t)x;
    return true;
}

bool rd_u24(rd *r, uint32_t *v) { return rd_uint(r, 3, v); }
bool rd_u32(rd *r, uint32_t *v) { return rd_uint(r, 4, v); }

bool rd_bytes(rd *r, size_t n, const uint8_t **p)
{
    if (rd_left(r) < n)
        return false;
    *p = r->p;
    r->p += n;
    return true;
}

bool rd_copy(rd *r, uint8_t *out, size_t n)
{
    const uint8_t *p;
    if (!rd_bytes(r, n, &p))
        return false;
    if (n)
        memcpy(out, p, n);
    return true;
}

bool rd_skip(rd *r, size_t n)
{
    const uint8_t *p;
    return rd_bytes(r, n, &p);
}

bool rd_sub(rd *r, size_t n, rd *sub)
{
    if (rd_left(r) < n)
        return false;
    sub->base = r->base;
    sub->p = r->p;
    sub->end = r->p + n;
    r->p += n;
    return true;
}

static bool rd_vec(rd *r, size_t prefix, rd *sub)
{
    rd save = *r;
    uint32_t n;
    if (!rd_uint(r, prefix, &n) || !rd_sub(r, n, sub)) {
        *r = save;
        return false;
    }
    return true;
}

bool rd_vec8(rd *r, rd *sub) { return rd_vec(r, 1, sub); }
bool rd_vec16(rd *r, rd *sub) { return rd_vec(r, 2, sub); }
bool rd_vec24(rd *r, rd *sub) { return rd_vec(r, 3, sub); }
