/* msg_note.h — what a field of a TLS message means, for the views that
 * annotate every byte (the web page): a catalogue from the span names the
 * parsers give (msg_*.c) to the RFC section that defines the field and a
 * decoder that says its value in words (suites, groups, signature schemes,
 * extensions and versions by name, lengths as byte counts).
 *
 * Certificate fields are the X.509 layer's (x509_span_note); this is the
 * TLS side only.
 */
#ifndef MTLS_MSG_NOTE_H
#define MTLS_MSG_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/version.h"

/* The section that defines a message of this content type (and, for a
 * handshake message, handshake type hs_type) in version v: "RFC 5246
 * §7.4.1.2". Never NULL: "RFC 5246 §6.2" for a record it does not know. */
const char *msg_rfc(uint8_t content_type, uint8_t hs_type, tls_version v);

/* The field called `name` (inside the field called `parent`, NULL at the
 * top) with bytes f[0..n) of such a message: its
 * section in *rfc (never NULL: the message's own when the catalogue has no
 * row) and its meaning in out (always terminated, cut to cap). Returns
 * false, with out "", when there is nothing to say beyond its bytes. */
bool msg_field_note(const char *name, const char *parent, uint8_t content_type, uint8_t hs_type,
                    tls_version v, const uint8_t *f, size_t n, char *out, size_t cap,
                    const char **rfc);

/* The name of a named group and of a signature scheme; "unknown" for one
 * this catalogue does not list. */
const char *msg_group_name(uint16_t g);
const char *msg_sigalg_name(uint16_t s);

#endif
