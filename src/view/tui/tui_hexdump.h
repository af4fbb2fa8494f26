/* tui_hexdump.h — annotated hex dumps of a message: geometry of the rows and
 * the sections a message is shown in. Pure (no curses).
 *
 * A row reads "0040  1d 00 1b 00 00 18 73 65  72 76 65 72 2e 63 6c 61  ......server.cla":
 * a 4-digit offset, the bytes (an extra space every 8 from 16 per row up),
 * then the bytes as ASCII. The cursor walks the spans in order, parents
 * before their children, so nested fields can be visited one by one.
 */
#ifndef MTLS_TUI_HEXDUMP_H
#define MTLS_TUI_HEXDUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/trace.h"

/* Bytes per row (32, 16, 8 or 4) for a pane width columns wide. */
int tui_hex_per_row(int width);
/* Columns a row of per bytes takes. */
int tui_hex_row_width(int per);
/* Column of byte k (0 <= k < per) of a row: its first hex digit. */
int tui_hex_byte_col(int per, int k);
/* Column of byte k's ASCII character. */
int tui_hex_ascii_col(int per, int k);
/* Row r of a dump of n bytes as text (NUL-terminated; cap >= row width + 1). */
void tui_hex_row(const uint8_t *b, size_t n, size_t r, int per, char *out, size_t cap);
/* Rows a dump of n bytes takes. */
size_t tui_hex_rows(size_t n, int per);

/* One block of bytes in the detail pane, with the spans that name them. */
typedef struct tui_dump_section {
    const char *title;
    unsigned know;            /* KNOW_* bits: who can see these bytes */
    const uint8_t *bytes;
    size_t len;
    const span *spans;
    size_t n_spans;
} tui_dump_section;

#define TUI_DUMP_SECTIONS 3

/* The sections a message is shown in: the record as it crossed the wire;
 * for an encrypted record (not in the eavesdropper's view) the plaintext
 * inside it; for a record an attacker changed, the record as its sender
 * wrote it. Returns how many. */
size_t tui_msg_sections(const trace_msg *m, bool eve, tui_dump_section out[TUI_DUMP_SECTIONS]);

/* Total spans over the sections: the range of the cursor. */
size_t tui_dump_spans(const tui_dump_section *sec, size_t n);
/* Which section and span the cursor c (0 .. total-1) is on. */
void tui_dump_locate(const tui_dump_section *sec, size_t n, size_t c, size_t *s, size_t *i);

#endif
