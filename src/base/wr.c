/* wr.c — fixed-buffer writer with back-patched lengths. */
#include "base/wr.h"

#include <string.h>

void wr_init(wr *w, uint8_t *buf, size_t cap)
{
    w->buf = buf;
    w->cap = cap;
    w->len = 0;
    w->err = ERR_OK;
}

err_t wr_status(const wr *w) { return w->err; }

void wr_fail(wr *w, err_t e)
{
    if (w->err == ERR_OK)
        w->err = e;
}

uint8_t *wr_reserve(wr *w, size_t n)
{
    if (w->err != ERR_OK)
        return NULL;
    if (w->cap - w->len < n) {
        wr_fail(w, ERR_OVERFLOW);
        return NULL;
    }
    uint8_t *p = w->buf + w->len;
    w->len += n;
    return p;
}

static void wr_uint(wr *w, uint64_t v, size_t n)
{
    uint8_t *p = wr_reserve(w, n);
    if (!p)
        return;
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void wr_u8(wr *w, uint8_t v) { wr_uint(w, v, 1); }
void wr_u16(wr *w, uint16_t v) { wr_uint(w, v, 2); }
void wr_u24(wr *w, uint32_t v) { wr_uint(w, v, 3); }
void wr_u32(wr *w, uint32_t v) { wr_uint(w, v, 4); }
void wr_u64(wr *w, uint64_t v) { wr_uint(w, v, 8); }

void wr_bytes(wr *w, const void *p, size_t n)
{
    uint8_t *d = wr_reserve(w, n);
    if (d && n)
        memcpy(d, p, n);
}

void wr_begin(wr *w, wr_len *l, uint8_t width)
{
    l->at = w->len;
    l->width = width;
    wr_uint(w, 0, width);
}

void wr_end(wr *w, const wr_len *l)
{
    if (w->err != ERR_OK)
        return;
    size_t body = w->len - l->at - l->width;
    if (l->width < 8 && body >= ((size_t)1 << (8 * l->width))) {
        wr_fail(w, ERR_OVERFLOW);
        return;
    }
    for (size_t i = 0; i < l->width; i++)
        w->buf[l->at + i] = (uint8_t)(body >> (8 * (l->width - 1 - i)));
}
