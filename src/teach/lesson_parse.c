/* lesson_parse.c — one lesson's text into its parsed form (the format:
 * lessons/README.md).
 *
 * Lesson files come from teachers, so they are untrusted input: every line is
 * bounded, must be UTF-8 without control characters (C0, DEL, C1 and the
 * bidi controls could drive or reorder the terminal), and anything the
 * format does not define is an error naming the file and line. Nothing
 * here crashes or prints; errors go back as text.
 */
#include "teach/lesson_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "base/esc.h"

/* Conditions of @if, in the order of the C_* enum. */
/* Columns of indentation a formula line keeps at most. */
#define FORMULA_INDENT_MAX 64

static const char *const cond_names[C_COUNT] = {
    "ecdhe", "transport", "ems", "classic", "seeded", "live", "ok", "failed", "tls12", "tls13",
};

err_t lesson_fail(char *err, size_t cap, const char *file, int line, const char *fmt, ...)
{
    /* a file name is input too: it reaches stderr and the screen escaped */
    char name[1024];
    int n = snprintf(err, cap, "%s:%d: ", esc_str(file, name, sizeof name), line);
    if (n >= 0 && (size_t)n < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, cap - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return ERR_LESSON_SYNTAX;
}

/* ---- placeholders -------------------------------------------------------- */

/* Parse the inside of {...} (from p to end, braces excluded). False when it
 * is not name[:short|:len] with a name of a-z, 0-9 and _. */
bool lesson_ph_parse(const char *p, const char *end, char *name, ph_form *form)
{
    const char *colon = memchr(p, ':', (size_t)(end - p));
    const char *nend = colon ? colon : end;
    size_t n = (size_t)(nend - p);
    if (n == 0 || n >= LESSON_PH_NAME_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9') || p[i] == '_'))
            return false;
    memcpy(name, p, n);
    name[n] = '\0';
    *form = F_FULL;
    if (colon) {
        size_t m = (size_t)(end - colon - 1);
        if (m == 5 && memcmp(colon + 1, "short", 5) == 0)
            *form = F_SHORT;
        else if (m == 3 && memcmp(colon + 1, "len", 3) == 0)
            *form = F_LEN;
        else
            return false;
    }
    return true;
}

/* Check the braces of one line. allow: placeholders may appear here. */
static err_t check_braces(const char *s, bool allow, const char *file, int no, char *err,
                          size_t cap)
{
    for (const char *p = s; *p; p++) {
        if (*p == '{' && p[1] == '{') {
            p++;
        } else if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end)
                return lesson_fail(err, cap, file, no, "unterminated '{' (write {{ for a brace)");
            char name[LESSON_PH_NAME_MAX];
            ph_form form;
            if (!lesson_ph_parse(p + 1, end, name, &form))
                return lesson_fail(err, cap, file, no,
                                   "malformed placeholder {%.*s} (use {name}, {name:short} or "
                                   "{name:len}; names are a-z, 0-9 and _)",
                                   (int)(end - p - 1 > 60 ? 60 : end - p - 1), p + 1);
            if (!allow)
                return lesson_fail(err, cap, file, no, "placeholders are filled in the body only, "
                                                       "not in titles, questions or answers");
            p = end;
        } else if (*p == '}' && p[1] == '}') {
            p++;
        }
    }
    return ERR_OK;
}

/* Replace {{ and }} by single braces, in place (titles, questions, answers). */
static void unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        *w++ = *r;
        if ((*r == '{' || *r == '}') && r[1] == *r)
            r++;
    }
    *w = '\0';
}

/* ---- reading a file ------------------------------------------------------ */

char *lesson_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void lesson_del(lesson *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_lines; i++)
        free(l->lines[i].text);
    for (size_t i = 0; i < l->n_qs; i++) {
        free(l->qs[i].q);
        free(l->qs[i].a);
    }
    free(l->lines);
    free(l->file);
    free(l->title);
    free(l->title13);
    free(l);
}

static bool add_line(lesson *l, line_kind kind, int cond, int no, const char *text)
{
    if (!vec_reserve((void **)&l->lines, &l->cap_lines, l->n_lines + 1, sizeof *l->lines, 32))
        return false;
    char *t = text ? lesson_strdup(text) : NULL;
    if (text && !t)
        return false;
    l->lines[l->n_lines++] = (lline){ kind, cond, no, t };
    return true;
}

/* Append " text" to *dst (the answer spread over several '!' lines). */
static bool append_words(char **dst, const char *text)
{
    size_t a = *dst ? strlen(*dst) : 0, b = strlen(text);
    char *s = realloc(*dst, a + b + 2);
    if (!s)
        return false;
    if (a)
        s[a++] = ' ';
    memcpy(s + a, text, b + 1);
    *dst = s;
    return true;
}

static const char *skip_ws(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* The open @if blocks: the line of the outer one and of one inside it (0:
 * none), and whether the outer one is a version block, the only kind that may
 * hold another @if (so a lesson keeps each version's text whole). */
typedef struct {
    int outer, inner;
    bool version;
    int vcond;    /* the outer version block's condition, C_TLS12 or C_TLS13 */
    bool in_else; /* past the outer block's @else */
} if_state;

/* The version the lines at this point are for: C_TLS12 or C_TLS13 directly
 * inside a version block, -1 elsewhere (every run). */
static int if_version(const if_state *st)
{
    if (!st->outer || !st->version || st->inner)
        return -1;
    return st->in_else ? (st->vcond == C_TLS12 ? C_TLS13 : C_TLS12) : st->vcond;
}

/* Parse one line (NUL-terminated, already checked for length and encoding). */
static err_t parse_line(lesson *l, char *s, int no, bool *questions, if_state *open_if,
                        char *err, size_t cap)
{
    const char *f = l->file;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        s[--n] = '\0';
    if (s[0] == ';')
        return ERR_OK;
    if (n == 0)
        return !l->title || *questions || add_line(l, LN_BLANK, 0, no, NULL) ? ERR_OK
                                                                              : ERR_NOMEM;
    if (!l->title) {
        if (s[0] != '#')
            return lesson_fail(err, cap, f, no, "a lesson starts with its title line: '# Title'");
        const char *t = skip_ws(s + 1);
        if (*t == '#')
            return lesson_fail(err, cap, f, no, "the title takes one '#' (no subheadings)");
        if (!*t)
            return lesson_fail(err, cap, f, no, "empty title");
        TRY(check_braces(t, false, f, no, err, cap));
        if (!(l->title = lesson_strdup(t)))
            return ERR_NOMEM;
        unescape(l->title);
        return ERR_OK;
    }
    if (s[0] == '#' && if_version(open_if) == C_TLS13 && !l->title13 && !*questions) {
        /* the title a TLS 1.3 run shows instead */
        const char *t = skip_ws(s + 1);
        if (!*t || *t == '#')
            return lesson_fail(err, cap, f, no, "empty or '##' title");
        TRY(check_braces(t, false, f, no, err, cap));
        if (!(l->title13 = lesson_strdup(t)))
            return ERR_NOMEM;
        unescape(l->title13);
        return ERR_OK;
    }
    if (s[0] == '#')
        return lesson_fail(err, cap, f, no, "a second title (only the first line is '# Title', "
                                            "and one inside @if tls13; write \\# for a line "
                                            "that starts with #)");
    if (s[0] == '?' || s[0] == '!') {
        const char *t = skip_ws(s + 1);
        if (open_if->outer && if_version(open_if) < 0)
            return lesson_fail(err, cap, f, no,
                               "questions cannot be inside @if, except @if tls12 or tls13 (the "
                               "@if of line %d has no @end)",
                               open_if->inner ? open_if->inner : open_if->outer);
        if (!*t)
            return lesson_fail(err, cap, f, no, "empty %s", s[0] == '?' ? "question" : "answer");
        TRY(check_braces(t, false, f, no, err, cap));
        if (s[0] == '?') {
            if (l->n_qs && !l->qs[l->n_qs - 1].a)
                return lesson_fail(err, cap, f, l->qs[l->n_qs - 1].no,
                                   "question without an answer (add a '! answer' line)");
            if (l->n_qs == LESSON_QUESTIONS_MAX)
                return lesson_fail(err, cap, f, no, "more than %d questions", LESSON_QUESTIONS_MAX);
            lquestion *q = &l->qs[l->n_qs++];
            q->no = no;
            q->ver = if_version(open_if);
            if (!(q->q = lesson_strdup(t)))
                return ERR_NOMEM;
            unescape(q->q);
            *questions = true;
            return ERR_OK;
        }
        if (!*questions)
            return lesson_fail(err, cap, f, no, "answer without a question (a '! answer' line "
                                                "follows a '? question' line)");
        lquestion *q = &l->qs[l->n_qs - 1];
        if (!append_words(&q->a, t))
            return ERR_NOMEM;
        unescape(q->a);
        return ERR_OK;
    }
    /* after the questions only more questions follow, each version's in a
     * version block of its own */
    bool version_line = s[0] == '@' && (!strcmp(s, "@else") || !strcmp(s, "@end") ||
                                        !strcmp(s, "@if tls12") || !strcmp(s, "@if tls13"));
    if (*questions && (!version_line || (s[1] == 'i' && open_if->outer)))
        return lesson_fail(err, cap, f, no, "text after the questions (there, lines start with "
                                            "'?', '!' or ';', or are @if tls12, @if tls13, "
                                            "@else, @end)");
    if (s[0] == '@') {
        const char *arg = s + 1;
        size_t w = strcspn(arg, " \t");
        if (w == 2 && memcmp(arg, "if", 2) == 0) {
            const char *c = skip_ws(arg + 2);
            int k = 0;
            while (k < C_COUNT && strcmp(c, cond_names[k]) != 0)
                k++;
            if (k == C_COUNT && !lesson_is_value_id(c) && !lesson_is_fact_id(c))
                return lesson_fail(err, cap, f, no,
                                   "unknown condition '@if %.40s' (use ecdhe, transport, ems, "
                                   "classic, seeded, live, ok, failed, tls12, tls13, or the "
                                   "name of a value or run fact)", c);
            if (open_if->inner || (open_if->outer && !open_if->version))
                return lesson_fail(err, cap, f, no, "@if inside @if (they do not nest, except "
                                                    "once inside @if tls12 or @if tls13)");
            if (open_if->outer) {
                open_if->inner = no;
            } else {
                open_if->outer = no;
                open_if->version = k == C_TLS12 || k == C_TLS13;
                open_if->vcond = k;
                open_if->in_else = false;
            }
            return add_line(l, LN_IF, k, no, k == C_COUNT ? c : NULL) ? ERR_OK : ERR_NOMEM;
        }
        bool is_else = w == 4 && memcmp(arg, "else", 4) == 0 && !arg[4];
        bool is_end = w == 3 && memcmp(arg, "end", 3) == 0 && !arg[3];
        if (!is_else && !is_end)
            return lesson_fail(err, cap, f, no, "unknown directive '@%.*s' (use @if, @else, @end; "
                                                "write \\@ for a line that starts with @)",
                               (int)(w > 40 ? 40 : w), arg);
        if (!open_if->outer)
            return lesson_fail(err, cap, f, no, "@%s without @if", is_else ? "else" : "end");
        if (is_end && open_if->inner)
            open_if->inner = 0;
        else if (is_end)
            open_if->outer = 0;
        else if (!open_if->inner)
            open_if->in_else = true;
        return add_line(l, is_else ? LN_ELSE : LN_END, 0, no, NULL) ? ERR_OK : ERR_NOMEM;
    }
    if (s[0] != ' ' && s[0] != '\t') {
        const char *t = s[0] == '\\' ? s + 1 : s;
        TRY(check_braces(t, true, f, no, err, cap));
        return add_line(l, LN_TEXT, 0, no, t) ? ERR_OK : ERR_NOMEM;
    }
    /* a formula line keeps its indentation: a tab is four spaces, and every
     * formula line starts with at least two. The buffer holds the widest
     * indentation and the longest line whole, so expanding tabs never cuts
     * the text (inside a UTF-8 character or a {placeholder}). */
    char ind[FORMULA_INDENT_MAX + LESSON_LINE_MAX + 1];
    size_t w = 0, k = 0;
    for (; s[k] == ' ' || s[k] == '\t'; k++)
        w += s[k] == '\t' ? 4 : 1;
    w = w < 2 ? 2 : w > FORMULA_INDENT_MAX ? FORMULA_INDENT_MAX : w;
    size_t rest = n - k; /* n <= LESSON_LINE_MAX: checked by lesson_parse */
    memset(ind, ' ', w);
    memcpy(ind + w, s + k, rest + 1);
    TRY(check_braces(ind, true, f, no, err, cap));
    return add_line(l, LN_DISPLAY, 0, no, ind) ? ERR_OK : ERR_NOMEM;
}

/* Parse a whole lesson from buf (len bytes); file names it in errors. */
err_t lesson_parse(const char *file, const char *id, int order, const char *buf,
                   size_t len, lesson **out, char *err, size_t cap)
{
    *out = NULL;
    lesson *l = calloc(1, sizeof *l);
    if (!l || !(l->file = lesson_strdup(file))) {
        free(l);
        return ERR_NOMEM;
    }
    snprintf(l->id, sizeof l->id, "%s", id);
    l->order = order;
    char line[LESSON_LINE_MAX + 1];
    bool questions = false;
    if_state open_if = { 0, 0, false, 0, false };
    int no = 0;
    size_t i = 0;
    err_t e = ERR_OK;
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3; /* a byte-order mark some editors write */
    while (e == ERR_OK && i < len) {
        no++;
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
        if (n && buf[i + n - 1] == '\r')
            n--;
        if (n > LESSON_LINE_MAX) {
            e = lesson_fail(err, cap, file, no, "line is longer than %d bytes", LESSON_LINE_MAX);
            break;
        }
        for (size_t k = 0; k < n && e == ERR_OK;) {
            const unsigned char *p = (const unsigned char *)buf + i + k;
            uint32_t cp = 0;
            size_t m = esc_utf8_len(p, n - k, &cp);
            /* C0, DEL, C1 and the bidi controls would reach the screen, the
             * handout and the screen dump; a tab is indentation */
            if (m == 0)
                e = lesson_fail(err, cap, file, no, "invalid UTF-8 at byte %zu of the line", k + 1);
            else if (esc_unsafe(cp) && cp != '\t')
                e = lesson_fail(err, cap, file, no, "control character U+%04X", (unsigned)cp);
            k += m ? m : 1;
        }
        if (e != ERR_OK)
            break;
        memcpy(line, buf + i, n);
        line[n] = '\0';
        e = parse_line(l, line, no, &questions, &open_if, err, cap);
        i = nl ? (size_t)(nl - buf) + 1 : len;
    }
    if (e == ERR_OK && open_if.outer)
        e = lesson_fail(err, cap, file, open_if.inner ? open_if.inner : open_if.outer,
                        "@if without @end");
    if (e == ERR_OK && !l->title)
        e = lesson_fail(err, cap, file, no ? no : 1, "no title line '# Title'");
    if (e == ERR_OK && l->n_qs && !l->qs[l->n_qs - 1].a)
        e = lesson_fail(err, cap, file, l->qs[l->n_qs - 1].no,
                        "question without an answer (add a '! answer' line)");
    bool body = false;
    for (size_t k = 0; k < l->n_lines; k++)
        body |= l->lines[k].kind == LN_TEXT || l->lines[k].kind == LN_DISPLAY;
    if (e == ERR_OK && !body)
        e = lesson_fail(err, cap, file, no, "the lesson has a title but no text");
    if (e != ERR_OK) {
        if (e == ERR_NOMEM)
            snprintf(err, cap, "%s: out of memory", file);
        lesson_del(l);
        return e;
    }
    *out = l;
    return ERR_OK;
}
