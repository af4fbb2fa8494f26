/* lesson_int.h — what the lesson files share inside the module, nothing
 * more: the parsed form of a lesson, and the few functions one file calls in
 * another. Not for use outside src/lesson*.c (the API is lesson.h).
 *
 *   lesson.c          sets: loading a directory, lookup, the public getters
 *   lesson_parse.c    one lesson's text -> struct lesson, with file:line errors
 *   lesson_expand.c   placeholders, @if conditions and the run facts
 *   lesson_builtin.c  the built-in summaries
 */
#ifndef MTLS_LESSON_INT_H
#define MTLS_LESSON_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "teach/lesson.h"

#define LESSON_LINE_MAX 4096
#define LESSON_FILE_MAX (256 * 1024)
#define LESSON_FILES_MAX 64
#define LESSON_QUESTIONS_MAX 16
#define LESSON_ID_MAX 32
#define LESSON_PH_NAME_MAX 48

typedef enum { LN_TEXT, LN_DISPLAY, LN_IF, LN_ELSE, LN_END, LN_BLANK } line_kind;

/* Conditions of @if (names in lesson_parse.c); C_COUNT: the name of a value
 * or run fact, kept in the line's text. */
enum { C_ECDHE, C_TRANSPORT, C_EMS, C_CLASSIC, C_SEEDED, C_LIVE, C_OK, C_FAILED, C_TLS12, C_TLS13,
       C_COUNT };

typedef struct {
    line_kind kind;
    int cond; /* LN_IF */
    int no;   /* line number in the file */
    char *text;
} lline;

typedef struct {
    char *q, *a;
    int no;
    int ver; /* -1: every run; C_TLS12 or C_TLS13: only runs of that version */
} lquestion;

typedef struct lesson {
    char id[LESSON_ID_MAX];
    int order;
    char *file;
    char *title;
    char *title13; /* the title for TLS 1.3 runs ('# Title' inside @if tls13), or NULL */
    lline *lines;
    size_t n_lines, cap_lines;
    lquestion qs[LESSON_QUESTIONS_MAX];
    size_t n_qs;
    bool builtin; /* belongs to the built-in set, which lives as long as the program */
} lesson;

struct lesson_set {
    char *source;
    lesson **v;
    size_t n;
};

/* The forms of a placeholder: {name}, {name:short}, {name:len}. */
typedef enum { F_FULL, F_SHORT, F_LEN } ph_form;

/* ---- lesson_parse.c ---- */

/* Write "file:line: " and the message into err; returns ERR_LESSON_SYNTAX. */
#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
err_t lesson_fail(char *err, size_t cap, const char *file, int line, const char *fmt, ...);
/* strdup that this module's callers check for NULL (out of memory). */
char *lesson_strdup(const char *s);
/* Parse a whole lesson from buf (len bytes, need not end in NUL); file names
 * it in errors. On success *out is a new lesson (free with lesson_del); on
 * failure *out is NULL and err says "file:line: reason". */
err_t lesson_parse(const char *file, const char *id, int order, const char *buf, size_t len,
                   lesson **out, char *err, size_t cap);
void lesson_del(lesson *l);
/* The inside of {...} (p to end, braces excluded) as name (LESSON_PH_NAME_MAX
 * bytes) and form; false when it is not name[:short|:len] with a-z, 0-9, _. */
bool lesson_ph_parse(const char *p, const char *end, char *name, ph_form *form);

/* ---- lesson_expand.c ---- */

/* A value id of the trace (a placeholder and an @if condition). */
bool lesson_is_value_id(const char *id);
/* A run fact's name (a placeholder, not for :len). */
bool lesson_is_fact_id(const char *id);

/* ---- lesson.c ---- */

/* The lesson id of set s, or NULL (s may be NULL). */
const lesson *lesson_find(const lesson_set *s, const char *id);

#endif
