/* render_common.c — small helpers the batch views share. */
#include "view/batch/render.h"

#include "pki/crl.h"
#include "pki/der.h"

#include <sodium.h>
#include <string.h>

#include "base/hex.h"
#include "pki/x509.h"

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

const char *render_peer(party p) { return party_name(party_peer(p)); }


void render_json_str(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = 0;
        size_t m = esc_utf8_len((const unsigned char *)s + i, n - i, &cp);
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (m == 0)
            fputs("\\ufffd", f);
        else if (esc_unsafe(cp))
            fprintf(f, "\\u%04x", (unsigned)cp);
        else
            fwrite(s + i, 1, m, f);
        i += m ? m : 1;
    }
    fputc('"', f);
}

void render_json_hex(FILE *f, const uint8_t *b, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    fputc('"', f);
    for (size_t i = 0; i < n; i++) {
        fputc(digits[b[i] >> 4], f);
        fputc(digits[b[i] & 15], f);
    }
    fputc('"', f);
}

void render_replay_args(const trace *t, char *out, size_t cap)
{
    char key[2 * RNG_KEY_LEN + 1];
    int n;
    if (t->seeded) {
        n = snprintf(out, cap, "--seed %llu", (unsigned long long)t->seed);
    } else {
        hex_encode(t->root_key, sizeof t->root_key, key);
        n = snprintf(out, cap, "--seed %s --clock %lld", key, (long long)t->now);
        sodium_memzero(key, sizeof key); /* the root key: every secret of the run */
    }
    if (n < 0 || (size_t)n >= cap)
        return;
    char framing[24] = "";
    if (t->framing.kind != HSIO_FRAME_MESSAGE) {
        memcpy(framing, " --framing ", 11);
        hsio_framing_str(t->framing, framing + 11, sizeof framing - 11);
    }
    /* TLS 1.3 has no extended master secret to turn off (RFC 8446 §7.1) */
    bool v13 = t->version == TLS_V13;
    int m = snprintf(out + n, cap - (size_t)n, "%s%s%s%s%s%s", v13 ? " --tls 1.3" : "",
                     t->ems || v13 ? "" : " --no-ems", t->transport ? " --kx transport" : "",
                     framing, t->scenario ? " --scenario " : "", t->scenario ? t->scenario : "");
    if (m < 0 || (size_t)m >= cap - (size_t)n)
        return;
    n += m;
    /* each side's clock as an absolute time, the same whatever the clock */
    for (int p = 0; p < 2; p++) {
        if (t->clock_given[p] == t->now || t->clock_given[p] <= 0)
            continue;
        int64_t y, c = t->clock_given[p];
        unsigned mo, d;
        der_civil_from_days(c / 86400, &y, &mo, &d);
        m = snprintf(out + n, cap - (size_t)n, " --%s-clock %04lld-%02u-%02uT%02d:%02d:%02dZ",
                     p ? "server" : "client", (long long)y, mo, d, (int)(c % 86400 / 3600),
                     (int)(c % 3600 / 60), (int)(c % 60));
        if (m < 0 || (size_t)m >= cap - (size_t)n)
            return;
        n += m;
    }
    if (t->revocation != CRL_MODE_HARD && !t->one_side) {
        m = snprintf(out + n, cap - (size_t)n, " --revocation %s", crl_mode_name(t->revocation));
        if (m < 0 || (size_t)m >= cap - (size_t)n)
            return;
        n += m;
    }
    if (t->authz) /* the URIs came from the command line: shown as given */
        snprintf(out + n, cap - (size_t)n, " --peer-id %s", t->authz);
}
