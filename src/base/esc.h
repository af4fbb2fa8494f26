/* esc.h — the one escaping writer for text a person reads: the batch text,
 * the handout, the monitor, the screen, stderr messages.
 *
 * Text that came from input (--message, lesson files, file names, option
 * values) may hold bytes that drive a terminal: C0 controls (ESC starts a
 * sequence that can set the window title or clear the screen), DEL, C1
 * controls (U+0080..U+009F; U+009B is a one-character CSI), bidirectional
 * overrides and isolates (U+202A..U+202E, U+2066..U+2069) that reorder what
 * is shown, and bytes that are not UTF-8 (a raw 0x9B is CSI to a Latin-1
 * terminal). Each of those is written as a visible escape, like vis(3):
 *
 *   \t \n \r          tab, line feed, carriage return
 *   \xNN              another C0 control, DEL, or a byte that is not UTF-8
 *   \uNNNN            a C1 control or a bidi control written in UTF-8
 *
 * Everything else (printable ASCII, valid UTF-8) is written as it is. A
 * backslash is not doubled, so escaping is idempotent: escaped text escaped
 * again is unchanged, and a message may safely pass through twice.
 */
#ifndef MTLS_ESC_H
#define MTLS_ESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define ESC_MAX 8 /* the longest escape, "\u202e", with its NUL */

/* Length of the UTF-8 sequence at p (n > 0 bytes available) with its code
 * point in *cp; 0 when it is not UTF-8 (overlong, surrogate, above
 * U+10FFFF, a stray continuation byte, truncated). */
size_t esc_utf8_len(const unsigned char *p, size_t n, uint32_t *cp);

/* True for a code point that must not reach a terminal as it is: C0, DEL,
 * C1, and the bidi embeddings, overrides and isolates. */
bool esc_unsafe(uint32_t cp);

/* The next unit of s (n > 0 bytes): returns how many bytes it spans (1..4)
 * and writes its escape into out, or "" when it is safe as it is. */
size_t esc_next(const char *s, size_t n, char out[ESC_MAX]);

/* Write n bytes of s to f, escaped. Write errors are left in ferror(f). */
void esc_write(FILE *f, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL writes nothing). */
void esc_puts(FILE *f, const char *s);

/* Write n bytes of s as XML/HTML text, safe in element content and in a
 * quoted attribute: & < > " ' as entities, and what esc_write escapes as
 * its visible escape (so no control character, bidi override or byte that
 * is not UTF-8 reaches the document). Write errors are left in ferror(f). */
void esc_xml(FILE *f, const char *s, size_t n);
/* The same for a NUL-terminated string (NULL writes nothing). */
void esc_xml_puts(FILE *f, const char *s);

/* s escaped into out (capacity cap > 0), cut before a unit that does not fit,
 * always NUL-terminated. Returns out. */
char *esc_str(const char *s, char *out, size_t cap);

/* One message line on f: "mtls-sim: ", the formatted text escaped, "\n".
 * The format's own text is ours; the escaping is for what its arguments
 * carry in. A message longer than 1,000 bytes is cut. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void esc_msg(FILE *f, const char *fmt, ...);

#endif
