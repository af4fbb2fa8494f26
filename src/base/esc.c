/* esc.c — escape what could drive a terminal (see esc.h). */
#include "base/esc.h"

#include <stdarg.h>
#include <string.h>

size_t esc_utf8_len(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    size_t len;
    uint32_t min, v;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2, min = 0x80, v = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, min = 0x800, v = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, min = 0x10000, v = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3fu);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return len;
}

bool esc_unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

size_t esc_next(const char *s, size_t n, char out[ESC_MAX])
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    uint32_t cp = 0;
    size_t len = esc_utf8_len(p, n, &cp);
    out[0] = '\0';
    if (len == 0) {
        /* not UTF-8: the byte itself, whatever the terminal would make of it */
        out[0] = '\\', out[1] = 'x', out[2] = digits[p[0] >> 4], out[3] = digits[p[0] & 15];
        out[4] = '\0';
        return 1;
    }
    if (!esc_unsafe(cp))
        return len;
    if (cp == '\t' || cp == '\n' || cp == '\r') {
        out[0] = '\\', out[1] = cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r', out[2] = '\0';
    } else if (cp < 0x80) {
        out[0] = '\\', out[1] = 'x', out[2] = digits[cp >> 4], out[3] = digits[cp & 15];
        out[4] = '\0';
    } else {
        out[0] = '\\', out[1] = 'u';
        for (int i = 0; i < 4; i++)
            out[2 + i] = digits[(cp >> (12 - 4 * i)) & 15];
        out[6] = '\0';
    }
    return len;
}

void esc_write(FILE *f, const char *s, size_t n)
{
    size_t i = 0, plain = 0;
    char e[ESC_MAX];
    while (i < n) {
        size_t m = esc_next(s + i, n - i, e);
        if (e[0]) {
            /* the safe run before it in one piece, then the escape */
            fwrite(s + plain, 1, i - plain, f);
            fputs(e, f);
            plain = i + m;
        }
        i += m;
    }
    fwrite(s + plain, 1, n - plain, f);
}

void esc_puts(FILE *f, const char *s)
{
    if (s)
        esc_write(f, s, strlen(s));
}

char *esc_str(const char *s, char *out, size_t cap)
{
    size_t w = 0, n = strlen(s);
    char e[ESC_MAX];
    for (size_t i = 0; i < n;) {
        size_t m = esc_next(s + i, n - i, e);
        const char *piece = e[0] ? e : s + i;
        size_t len = e[0] ? strlen(e) : m;
        if (w + len >= cap)
            break;
        memcpy(out + w, piece, len);
        w += len;
        i += m;
    }
    out[w] = '\0';
    return out;
}

void esc_msg(FILE *f, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    fputs("mtls-sim: ", f);
    esc_write(f, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
    fputc('\n', f);
}

void esc_xml(FILE *f, const char *s, size_t n)
{
    char e[ESC_MAX];
    for (size_t i = 0; i < n;) {
        size_t m = esc_next(s + i, n - i, e);
        const char *ent = NULL;
        switch (s[i]) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&#39;"; break;
        default: break;
        }
        if (ent)
            fputs(ent, f);
        else if (e[0])
            fputs(e, f);
        else
            fwrite(s + i, 1, m, f);
        i += m;
    }
}

void esc_xml_puts(FILE *f, const char *s)
{
    if (s)
        esc_xml(f, s, strlen(s));
}
