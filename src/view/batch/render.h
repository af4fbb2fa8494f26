/* render.h — the batch views of a trace: readable text and JSON.
 * They only read the trace; they compute nothing. Output goes to a FILE the
 * caller owns; write errors are left for the caller to detect with ferror().
 */
#ifndef MTLS_RENDER_H
#define MTLS_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "base/esc.h"
#include "teach/lesson.h"
#include "model/trace.h"
#include "model/trace_diff.h"

#define MTLS_VERSION "0.1.0"

/* Where the handout puts the answers to its questions (--no-answers,
 * --answers-only). */
typedef enum {
    RENDER_ANSWERS_AT_END, /* the default: questions with each lesson, answers at the end */
    RENDER_ANSWERS_NONE,   /* questions only: a handout for students */
    RENDER_ANSWERS_ONLY,   /* the key: each lesson's questions with their answers, no more */
} render_answers;

typedef struct render_opts {
    bool timings; /* include wall-clock step durations (not reproducible) */
    const trace_diff *diff; /* a faulty run compared with its clean twin, or NULL */
    /* a mystery (--mystery): no Outcome section, the student finds it, and
     * no replay command for a live run (it would have to name the scenario) */
    bool hide_outcome;
    render_answers answers; /* the handout (render_markdown) only */
} render_opts;

void render_text(FILE *f, const trace *t, const render_opts *o);
/* The text view's comparison of a faulty run with its clean twin (its
 * "Compared with ..." section). */
void render_diff_text(FILE *f, const trace_diff *d);
void render_json(FILE *f, const trace *t, const render_opts *o);
/* render_markdown.c: a handout for a class (--format markdown): run facts, a
 * ladder diagram of the messages, each lesson with this run's values, each
 * step's messages, values and checks, questions, answers at the end (or,
 * by o->answers, none, or only the key: the questions and their answers,
 * numbered as in the handout). No timings, so a seed always gives the same
 * bytes. */
void render_markdown(FILE *f, const trace *t, const lesson_set *ls, const render_opts *o);

/* render_html*.c: one self-contained web page of the run (--format html):
 * the seven steps as sections with their lessons, every message's bytes
 * in hex with every field named, decoded and cited, folded with
 * <details>; every value with who knows it, its formula and links to its
 * inputs; the checks; the eavesdropper's view; for a failing run the alert
 * and the comparison with the clean run. Readable without JavaScript;
 * every text escaped (esc_xml). */
void render_html(FILE *f, const trace *t, const lesson_set *ls, const render_opts *o);

/* render_mermaid.c: the message ladder as a Mermaid sequenceDiagram
 * (--format mermaid; the handout embeds it): the steps as bands, each
 * message with its number and size, a failing run's alert marked ALERT in
 * a red band, the outcome as a note. Every text is escaped for Mermaid. */
void render_mermaid(FILE *f, const trace *t, const render_opts *o);

/* render_svg.c: the same ladder as one self-contained SVG (--format svg):
 * client, wire and server lanes, the steps as bands, each message numbered
 * with its size, a failing run's alert in red and marked ALERT in text.
 * Every text is escaped as XML. */
void render_svg(FILE *f, const trace *t, const render_opts *o);
/* The same picture without the XML prolog, for a page (page true: ids
 * start "svg-", each arrow links to "#msg-N"). */
void render_svg_ladder(FILE *f, const trace *t, bool page);

/* render_monitor.c: the checks, alerts and messages in order (a section of
 * the text view), the same as JSON lines (--log), and the eavesdropper's
 * attempt when the run had one. */
void render_monitor_text(FILE *f, const trace *t, const render_opts *o);
void render_log_jsonl(FILE *f, const trace *t, const render_opts *o);
void render_eve_text(FILE *f, const trace *t);

/* render_tour.c: the scenario tour (--scenario all), one row per scenario
 * run: a text table, or (json) one JSON array of objects with the keys of
 * the single run's "outcome" plus "scenario" and "eavesdropper_recovered".
 * begin, a row per run (first: the first row), then end (any: a row was
 * written). */
void render_tour_begin(FILE *f, bool json);
void render_tour_row(FILE *f, bool json, bool first, const trace *t);
void render_tour_end(FILE *f, bool json, bool any);
/* render_versions.c: a TLS 1.2 run and a TLS 1.3 run of the same
 * certificates side by side (--compare-versions): round trips, messages
 * and bytes before the client's data, when keys exist and each side is
 * authenticated, what an eavesdropper reads; text, JSON or markdown. */
void render_versions(FILE *f, bool json, bool markdown, const trace *t12, const trace *t13);
/* Its rows, for every view that shows the comparison (the interface too):
 * each a label, its JSON key, each run's value as text ([0] TLS 1.2, [1]
 * TLS 1.3) and as a JSON value (a number, true, false or null). */
#define RENDER_VERSIONS_ROWS 13
typedef struct render_vrow {
    const char *label;
    const char *json;
    char v[2][64];
    char j[2][24];
} render_vrow;
/* Fill rows[RENDER_VERSIONS_ROWS] from the two runs. Never fails. */
void render_versions_rows(const trace *t12, const trace *t13, render_vrow *rows);
/* Where the certificates came from, as the heading says it: "seed 1" or
 * "live randomness". */
void render_versions_source(const trace *t, char *out, size_t cap);
/* Why the columns differ: sentences citing their RFC sections. */
extern const char *const render_versions_why[];
extern const size_t render_versions_why_len;

/* render_sides.c: each side's clock beside each certificate's lifetime
 * (issued, renewal due at two thirds of it, expiry), and, for a failed
 * handshake, both sides' view of it: the side that refused and its check,
 * the alert on the wire, what the other side learns, and what an
 * OpenSSL-based peer would log for the same check (model/failure.h). The
 * JSON forms are the top-level keys "clocks" and "both_sides" (null for a
 * handshake that completed), each written with a leading ",\n". */
void render_clocks_text(FILE *f, const trace *t);
void render_sides_text(FILE *f, const trace *t);
void render_clocks_json(FILE *f, const trace *t);
void render_sides_json(FILE *f, const trace *t);

/* Shared helpers (render_common.c). Text that came from input goes out
 * through the escaping writer (esc.h); JSON strings escape the same
 * characters the JSON way. */
/* The hex of n bytes, shortened to at most max_hex digits with "..." in the
 * middle when longer; out holds at least max_hex + 4 bytes. */
void render_hex_short(const uint8_t *b, size_t n, size_t max_hex, char *out);
/* True when span i has no child spans (it is a leaf). */
bool render_span_is_leaf(const span *s, size_t n, size_t i);
/* "client -> server" style arrow text for a message. */
const char *render_peer(party p);
/* A JSON string of n bytes, and bytes as a JSON hex string. In the string
 * every C0, DEL, C1 and bidi control is a \u escape, and a byte that is not
 * UTF-8 becomes U+FFFD (JSON text is Unicode; the bytes are in the hex). */
void render_json_str(FILE *f, const char *s, size_t n);
void render_json_hex(FILE *f, const uint8_t *b, size_t n);
/* The options that repeat this run byte for byte: "--seed N" for a seeded
 * run, "--seed <64 hex digits> --clock <unix time>" for a live one, plus
 * --ems, --kx transport and --scenario as the run had them (a custom
 * --message is not repeated). */
void render_replay_args(const trace *t, char *out, size_t cap);

#endif
