/* lesson.h — the teaching text, loaded from lessons/ so that a teacher can
 * edit, translate or add lessons without recompiling (format: lessons/README.md).
 *
 * A lesson has an id ("intro", "step1" .. "step7", "practices", and more),
 * a title, a body, and self-study questions with answers. The body may name
 * values of the current run as {placeholders}; lesson_expand() fills them in
 * from a trace.
 */
#ifndef MTLS_LESSON_H
#define MTLS_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "model/trace.h"

typedef struct lesson_set lesson_set;

/* Marks around an expanded live value in lesson_expand's output, so the
 * interface can highlight it and batch views can drop the marks. */
#define LESSON_MARK_ON '\x01'
#define LESSON_MARK_OFF '\x02'

/* Load every lesson file of a directory. dir NULL: search, in order, the
 * source tree's lessons/ (next to the running binary), then the installed
 * data directory (MTLS_DATADIR/lessons). On a malformed file returns
 * ERR_LESSON_SYNTAX with "file:line: reason" in err. When the search finds
 * no directory returns ERR_IO with a one-line message in err, and the caller
 * falls back to lesson_builtin(); when the directory dir the user named
 * cannot be opened or holds no lesson file, ERR_USAGE, an error (no
 * fallback). Names in err are escaped (esc.h). *out is NULL on failure. */
err_t lesson_load(const char *dir, lesson_set **out, char *err, size_t cap);
/* The built-in short summaries, always available. Never NULL. */
const lesson_set *lesson_builtin(void);
void lesson_free(lesson_set *s);

/* Where the set came from ("lessons/", "/usr/local/share/mtls-sim/lessons",
 * "built-in"). */
const char *lesson_source(const lesson_set *s);

/* The lessons in reading order (by file name: 00-intro.txt, 10-step1.txt, …):
 * how many, and the id of the i-th (NULL when i is out of range). A directory
 * that leaves out a standard lesson (intro, step1 .. step7, practices) gets the
 * built-in summary in its place. */
size_t lesson_count(const lesson_set *s);
const char *lesson_id(const lesson_set *s, size_t i);

/* The title of lesson id, or NULL when the set has no such lesson. */
const char *lesson_title(const lesson_set *s, const char *id);
/* Number of questions of lesson id (0 when none or no such lesson), for a
 * TLS 1.2 run (see lesson_n_questions_for). */
size_t lesson_n_questions(const lesson_set *s, const char *id);
const char *lesson_question(const lesson_set *s, const char *id, size_t i);
const char *lesson_answer(const lesson_set *s, const char *id, size_t i);

/* The same for the run t: the title and the questions a run of t's protocol
 * version shows (a '# Title' or questions inside @if tls13 / @if tls12 are
 * only for that version). Without t (and in the functions above, which take
 * no run) they are those of the default protocol, TLS 1.2. */
const char *lesson_title_for(const lesson_set *s, const char *id, const trace *t);
size_t lesson_n_questions_for(const lesson_set *s, const char *id, const trace *t);
const char *lesson_question_for(const lesson_set *s, const char *id, const trace *t, size_t i);
const char *lesson_answer_for(const lesson_set *s, const char *id, const trace *t, size_t i);

/* The body of lesson id with every {placeholder} replaced by the run's value,
 * wrapped in LESSON_MARK_ON/OFF when marks is true. Returns a malloc'd string
 * (caller frees), or NULL with err filled ("file:line: unknown placeholder
 * {name}") when a placeholder is unknown (ERR_LESSON_PLACEHOLDER), or when out
 * of memory (ERR_NOMEM), or when there is no lesson id (ERR_USAGE). e may be
 * NULL.
 *
 * The text: blocks separated by one blank line ("\n\n"). A paragraph is one
 * line, for the view to wrap. A formula block (indented lines in the file)
 * has one or more lines joined by "\n", each starting with at least two
 * spaces (the file's indentation), to be shown unwrapped. A value the run does
 * not have (a handshake that failed before it) reads "(not in this run)". */
char *lesson_expand(const lesson_set *s, const char *id, const trace *t, bool marks,
                    err_t *e, char *err, size_t cap);
/* lesson_expand's text may hold the run's secrets ({master_secret}, …):
 * free it with lesson_text_free, which zeroes it first. lesson_text_wipe only
 * zeroes it (up to its NUL), for a caller that keeps the buffer. NULL is
 * fine for both. */
void lesson_text_wipe(char *s);
void lesson_text_free(char *s);

/* A run fact by placeholder name (suite, suite_id, seed, randomness, clock,
 * kx, ems, scenario, message_count, handshake_bytes, check_count, outcome;
 * and the ones only some runs have: alert, alert_step, alert_sender,
 * failed_check, eve_recovered, hello_retry, hellos_once) as text in out; a fact this run lacks reads
 * "(not in this run)". False when name is not a fact. */
bool lesson_fact(const trace *t, const char *name, char *out, size_t cap);

/* Check that every lesson's placeholders are known names (without a run).
 * ERR_OK, or the first problem as "file:line: reason" in err. */
err_t lesson_validate(const lesson_set *s, char *err, size_t cap);

#endif
