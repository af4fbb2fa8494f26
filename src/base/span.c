/* span.c — named byte ranges for annotated hex dumps. */
#include "base/span.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Copy a name, truncated to fit; a plain copy because this runs for every
 * field of every message. */
static void copy_name(char dst[SPAN_NAME_LEN], const char *src)
{
    size_t n = strlen(src);
    if (n >= SPAN_NAME_LEN)
        n = SPAN_NAME_LEN - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void sp_init(spans *s, uint32_t shift)
{
    s->n = 0;
    s->depth = 0;
    s->shift = shift;
}

int sp_open(spans *s, const rd *r, const char *name)
{
    if (!s || s->n >= SPANS_MAX)
        return -1;
    span *p = &s->v[s->n];
    p->off = (uint32_t)rd_off(r) + s->shift;
    p->len = 0;
    p->depth = s->depth++;
    copy_name(p->name, name);
    return (int)s->n++;
}

int sp_openf(spans *s, const rd *r, const char *fmt, ...)
{
    char name[SPAN_NAME_LEN];
    va_list ap;
    if (!s)
        return -1;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return sp_open(s, r, name);
}

void sp_close(spans *s, int idx, const rd *r)
{
    if (!s || idx < 0)
        return;
    span *p = &s->v[idx];
    p->len = (uint32_t)rd_off(r) + s->shift - p->off;
    if (s->depth > 0)
        s->depth--;
}

void sp_add(spans *s, uint32_t off, uint32_t len, const char *name)
{
    if (!s || s->n >= SPANS_MAX)
        return;
    span *p = &s->v[s->n++];
    p->off = off + s->shift;
    p->len = len;
    p->depth = s->depth;
    copy_name(p->name, name);
}
