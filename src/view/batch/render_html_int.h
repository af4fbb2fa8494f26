/* render_html_int.h — the parts of the web page (--format html), shared by
 * its files: the skeleton and the steps (render_html.c), one message with
 * its annotated bytes (render_html_msg.c), values and checks
 * (render_html_values.c), the stylesheet and the script
 * (render_html_assets.c).
 *
 * Every text that reaches the page goes through esc_xml (esc.h): the trace
 * holds what a real peer sent (names, certificate fields), so nothing is
 * written raw. Ids on the page: "step-N", "msg-N" (wire order), "v-ID"
 * (a value's catalogue id), "check-N".
 */
#ifndef MTLS_RENDER_HTML_INT_H
#define MTLS_RENDER_HTML_INT_H

#include <stdio.h>

#include "view/batch/render.h"

/* The stylesheet and the script, inline in the page (no network): each
 * in pieces, NULL-terminated, written one after the other. */
extern const char *const html_css[];
extern const char *const html_js[];

/* n bytes as hex, two digits a byte, a space between bytes. */
void html_hex(FILE *f, const uint8_t *b, size_t n);
/* n bytes as a hex dump in a <pre>: an offset and 16 bytes a line. */
void html_hex_dump(FILE *f, const uint8_t *b, size_t n);
/* The badge of who knows something: a colour class and the word, so it
 * is never colour alone ("k-client", "[client]"). */
void html_knowers(FILE *f, unsigned know);
/* The class for KNOW_* bits: "k-client", "k-server", "k-both", "k-public". */
const char *html_know_class(unsigned know);

/* render_html_msg.c: message m as a folded block (details) with its
 * record and message bytes and every field named, decoded and cited. */
void html_message(FILE *f, const trace *t, const trace_msg *m);

/* render_html_values.c: step `step`'s values (each with its knowers,
 * bytes, formula and links to its inputs) and its checks. */
void html_values(FILE *f, const trace *t, int step);
void html_checks(FILE *f, const trace *t, int step);
/* render_html_sides.c: a failed run from both sides; false, writing
 * nothing, for a run that completed or ended without an alert. */
bool html_sides(FILE *f, const trace *t);
/* Whether a live value of a lesson (s, n bytes: a value's hex, shortened
 * with an ellipsis, or its text) is the bytes of a value the eavesdropper
 * cannot read, so that her view blurs it there too. */
bool html_live_secret(const trace *t, const char *s, size_t n);
/* Whether value `id` is on this page (so a link to it has a target). */
bool html_value_here(const trace *t, const char *id, size_t len);

#endif
