/* tui_text.h — text the interface measures and wraps.
 *
 * Everything here is pure (no curses) so it can be unit-tested: UTF-8
 * decoding with an ASCII fallback for terminals whose locale is not UTF-8,
 * display widths and word wrapping. (The teaching text itself comes from the
 * lesson module, lesson.h, which has the built-in fallback.)
 */
#ifndef MTLS_TUI_TEXT_H
#define MTLS_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 code point at s (which must not be at its NUL); returns the
 * number of bytes used (at least 1). Malformed bytes decode as U+FFFD. */
size_t tui_utf8_next(const char *s, uint32_t *cp);

/* The ASCII stand-in for a non-ASCII code point ("…" -> "...", "✓" -> "ok"),
 * used when the terminal's locale is not UTF-8. Never NULL. */
const char *tui_ascii_for(uint32_t cp);

/* Display width of one code point (0 for combining marks, 2 for wide
 * characters, 1 otherwise) as the terminal will show it. */
int tui_cp_width(uint32_t cp, bool utf8);

/* Display width of the first n bytes of s (n = (size_t)-1: up to the NUL). */
int tui_text_width(const char *s, size_t n, bool utf8);

/* How many bytes of s (at most n) fit in width columns. */
size_t tui_text_fit(const char *s, size_t n, int width, bool utf8);
/* Where the row that starts at s[p] ends when the paragraph ends at eol
 * and the row has `room` columns: after the last space that fits and lies
 * beyond s[floor] (so a row never breaks inside what it must keep, such as
 * a formula's indentation), or mid-word when no such space exists, and
 * after at least one character, however wide. *next is where the following
 * row starts: past the spaces at the break. */
size_t tui_text_break(const char *s, size_t p, size_t eol, size_t floor, int room, bool utf8,
                      size_t *next);
/* s cut to width columns, ending in "…" ("..." in ASCII) when it had to be
 * cut, into out (capacity cap). */
void tui_text_ellipsize(const char *s, int width, bool utf8, char *out, size_t cap);

/* One wrapped line: a byte range of the source text. */
typedef struct tui_line {
    size_t off, len;
} tui_line;

/* Word-wrap s into lines of at most width columns; "\n" starts a new line,
 * a word longer than a line is cut. Fills at most cap lines and returns how
 * many lines the whole text needs (so a caller can size a scroll). */
size_t tui_wrap(const char *s, int width, bool utf8, tui_line *lines, size_t cap);

#endif
