/* tui_hexdump.c — hex dump rows and message sections. */
#include "view/tui/tui_hexdump.h"

#include <stdio.h>

static int gaps(int per, int k) { return per >= 16 ? k / 8 : 0; }

int tui_hex_byte_col(int per, int k) { return 6 + 3 * k + gaps(per, k); }

/* two spaces between the bytes and their ASCII, as hexdump -C has it */
int tui_hex_ascii_col(int per, int k) { return tui_hex_byte_col(per, per - 1) + 4 + k; }

int tui_hex_row_width(int per) { return tui_hex_ascii_col(per, per - 1) + 1; }

int tui_hex_per_row(int width)
{
    static const int choices[] = { 32, 16, 8 };
    for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
        if (tui_hex_row_width(choices[i]) <= width)
            return choices[i];
    return 4;
}

size_t tui_hex_rows(size_t n, int per) { return (n + (size_t)per - 1) / (size_t)per; }

void tui_hex_row(const uint8_t *b, size_t n, size_t r, int per, char *out, size_t cap)
{
    int w = tui_hex_row_width(per);
    if (cap < (size_t)w + 1) {
        if (cap)
            out[0] = '\0';
        return;
    }
    for (int i = 0; i < w; i++)
        out[i] = ' ';
    out[w] = '\0';
    char off[8];
    snprintf(off, sizeof off, "%04zx", (r * (size_t)per) & 0xffff);
    for (int i = 0; i < 4; i++)
        out[i] = off[i];
    static const char digits[] = "0123456789abcdef";
    int last = 0;
    for (int k = 0; k < per; k++) {
        size_t at = r * (size_t)per + (size_t)k;
        if (at >= n)
            break;
        int c = tui_hex_byte_col(per, k);
        out[c] = digits[b[at] >> 4];
        out[c + 1] = digits[b[at] & 15];
        out[tui_hex_ascii_col(per, k)] = b[at] >= 0x20 && b[at] < 0x7f ? (char)b[at] : '.';
        last = tui_hex_ascii_col(per, k) + 1;
    }
    out[last ? last : 4] = '\0'; /* no trailing spaces on the last, short row */
}

size_t tui_msg_sections(const trace_msg *m, bool eve, tui_dump_section out[TUI_DUMP_SECTIONS])
{
    size_t n = 0;
    out[n++] = (tui_dump_section){
        .title = m->record_note[0] ? m->record_note
                 : m->sealed     ? "on the wire (encrypted record)"
                                 : "on the wire (record)",
        .know = KNOW_CLIENT | KNOW_SERVER | KNOW_PUBLIC,
        .bytes = m->record,
        .len = m->record_len,
        .spans = m->rec_spans,
        .n_spans = m->n_rec_spans,
    };
    if (m->sealed && !eve)
        out[n++] = (tui_dump_section){
            .title = "plaintext inside (the endpoints only)",
            .know = KNOW_CLIENT | KNOW_SERVER,
            .bytes = m->plain,
            .len = m->plain_len,
            .spans = m->spans,
            .n_spans = m->n_spans,
        };
    if (m->tampered && m->sent && !eve)
        out[n++] = (tui_dump_section){
            .title = "as the sender wrote it, before the attacker changed it",
            .know = m->from == PARTY_CLIENT ? KNOW_CLIENT : KNOW_SERVER,
            .bytes = m->sent,
            .len = m->sent_len,
            .spans = m->rec_spans, /* same layout: only bytes differ */
            .n_spans = m->n_rec_spans,
        };
    return n;
}

size_t tui_dump_spans(const tui_dump_section *sec, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += sec[i].n_spans;
    return total;
}

void tui_dump_locate(const tui_dump_section *sec, size_t n, size_t c, size_t *s, size_t *i)
{
    for (size_t k = 0; k < n; k++) {
        if (c < sec[k].n_spans) {
            *s = k;
            *i = c;
            return;
        }
        c -= sec[k].n_spans;
    }
    *s = n ? n - 1 : 0;
    *i = n && sec[*s].n_spans ? sec[*s].n_spans - 1 : 0;
}
