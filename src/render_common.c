/* render_common.c — small helpers the batch views share. */
#include "render.h"

#include <string.h>

#include "hex.h"
#include "x509.h"

void render_hex_short(const uint8_t *b, size_t n, size_t max_hex, char *out)
{
    if (2 * n <= max_hex) {
        hex_encode(b, n, out);
        return;
    }
    /* first bytes ... last 4 bytes, in about max_hex digits */
    size_t tail = 4, head = max_hex > 2 * tail + 2 ? (max_hex - 2 * tail) / 2 : 1;
    hex_encode(b, head, out);
    memcpy(out + 2 * head, "...", 3);
    hex_encode(b + n - tail, tail, out + 2 * head + 3);
}

bool render_span_is_leaf(const span *s, size_t n, size_t i)
{
    return i + 1 >= n || s[i + 1].depth <= s[i].depth;
}

const char *render_peer(party p) { return p == PARTY_CLIENT ? "server" : "client"; }

void render_clock(const trace *t, char *out, size_t cap) { x509_time_str(t->now, out, cap); }
