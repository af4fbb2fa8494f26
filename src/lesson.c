/* lesson.c — load, check and expand the lessons (the format: lessons/README.md).
 *
 * Lesson files come from teachers, so they are untrusted input: every line is
 * bounded, must be UTF-8 without control characters (they could drive the
 * terminal), and anything the format does not define is an error naming the
 * file and line. Nothing here crashes or prints; errors go back as text.
 */
#include "lesson.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "msg.h"
#include "render.h"

#ifndef MTLS_DATADIR
#define MTLS_DATADIR "/usr/local/share/mtls-sim"
#endif

#define LESSON_LINE_MAX 4096
#define LESSON_FILE_MAX (256 * 1024)
#define LESSON_FILES_MAX 64
#define LESSON_QUESTIONS_MAX 16
#define LESSON_ID_MAX 32
#define PH_NAME_MAX 48

typedef enum { LN_TEXT, LN_DISPLAY, LN_IF, LN_ELSE, LN_END, LN_BLANK } line_kind;

/* Conditions of @if, in the order of cond_names. */
enum { C_ECDHE, C_TRANSPORT, C_EMS, C_CLASSIC, C_SEEDED, C_LIVE, C_OK, C_FAILED, C_COUNT };
static const char *const cond_names[C_COUNT] = {
    "ecdhe", "transport", "ems", "classic", "seeded", "live", "ok", "failed",
};

typedef struct {
    line_kind kind;
    int cond; /* LN_IF */
    int no;   /* line number in the file */
    char *text;
} lline;

typedef struct {
    char *q, *a;
    int no;
} lquestion;

typedef struct lesson {
    char id[LESSON_ID_MAX];
    int order;
    char *file;
    char *title;
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

/* The value ids of the trace (trace.c's catalogue and the per-record values). */
static const char *const value_ids[] = {
    "client_random", "server_random", "server_ecdhe_private", "server_ecdhe_public",
    "server_signature", "client_identity", "client_ecdhe_private", "client_ecdhe_public",
    "encrypted_pre_master_secret", "pre_master_secret", "client_signature", "session_hash",
    "master_secret", "key_block", "client_write_key", "server_write_key", "client_write_iv",
    "server_write_iv", "client_finished_hash", "client_verify_data", "server_finished_hash",
    "server_verify_data",
};
/* Run facts: not values, but things every run has. */
static const char *const fact_ids[] = {
    "suite", "suite_id", "seed", "randomness", "clock", "kx", "ems", "message_count",
    "handshake_bytes", "check_count", "outcome", "scenario",
};

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static err_t fail(char *err, size_t cap, const char *file, int line, const char *fmt, ...)
{
    int n = snprintf(err, cap, "%s:%d: ", file, line);
    if (n >= 0 && (size_t)n < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, cap - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return ERR_LESSON_SYNTAX;
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* <client|server>_<finished|app|alert>_<nonce|aad|ciphertext|tag|plaintext> */
static bool is_record_value(const char *id)
{
    static const char *const who[] = { "client_", "server_" };
    static const char *const rec[] = { "finished_", "app_", "alert_" };
    static const char *const part[] = { "nonce", "aad", "ciphertext", "tag", "plaintext" };
    for (size_t i = 0; i < 2; i++) {
        size_t a = strlen(who[i]);
        if (strncmp(id, who[i], a) != 0)
            continue;
        for (size_t j = 0; j < 3; j++) {
            size_t b = strlen(rec[j]);
            if (strncmp(id + a, rec[j], b) == 0)
                return in_list(id + a + b, part, 5);
        }
    }
    return false;
}

static bool is_value_id(const char *id)
{
    return in_list(id, value_ids, sizeof value_ids / sizeof *value_ids) || is_record_value(id);
}

static bool is_fact_id(const char *id)
{
    return in_list(id, fact_ids, sizeof fact_ids / sizeof *fact_ids);
}

/* ---- placeholders -------------------------------------------------------- */

typedef enum { F_FULL, F_SHORT, F_LEN } ph_form;

/* Parse the inside of {...} (from p to end, braces excluded). False when it
 * is not name[:short|:len] with a name of a-z, 0-9 and _. */
static bool ph_parse(const char *p, const char *end, char *name, ph_form *form)
{
    const char *colon = memchr(p, ':', (size_t)(end - p));
    const char *nend = colon ? colon : end;
    size_t n = (size_t)(nend - p);
    if (n == 0 || n >= PH_NAME_MAX)
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
                return fail(err, cap, file, no, "unterminated '{' (write {{ for a brace)");
            char name[PH_NAME_MAX];
            ph_form form;
            if (!ph_parse(p + 1, end, name, &form))
                return fail(err, cap, file, no,
                            "malformed placeholder {%.*s} (use {name}, {name:short} or "
                            "{name:len}; names are a-z, 0-9 and _)",
                            (int)(end - p - 1 > 60 ? 60 : end - p - 1), p + 1);
            if (!allow)
                return fail(err, cap, file, no, "placeholders are filled in the body only, "
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

/* Length of the UTF-8 sequence at p (at most n bytes), 0 when invalid
 * (overlong, surrogate, above U+10FFFF, truncated). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t len;
    unsigned min, cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2, min = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3, min = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4, min = 0x10000, cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void lesson_del(lesson *l)
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
    free(l);
}

static bool add_line(lesson *l, line_kind kind, int cond, int no, const char *text)
{
    if (l->n_lines == l->cap_lines) {
        size_t cap = l->cap_lines ? 2 * l->cap_lines : 32;
        lline *v = realloc(l->lines, cap * sizeof *v);
        if (!v)
            return false;
        l->lines = v;
        l->cap_lines = cap;
    }
    char *t = text ? xstrdup(text) : NULL;
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

/* Parse one line (NUL-terminated, already checked for length and encoding). */
static err_t parse_line(lesson *l, char *s, int no, bool *questions, int *open_if, char *err,
                        size_t cap)
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
            return fail(err, cap, f, no, "a lesson starts with its title line: '# Title'");
        const char *t = skip_ws(s + 1);
        if (*t == '#')
            return fail(err, cap, f, no, "the title takes one '#' (no subheadings)");
        if (!*t)
            return fail(err, cap, f, no, "empty title");
        TRY(check_braces(t, false, f, no, err, cap));
        if (!(l->title = xstrdup(t)))
            return ERR_NOMEM;
        unescape(l->title);
        return ERR_OK;
    }
    if (s[0] == '#')
        return fail(err, cap, f, no, "a second title (only the first line is '# Title'; "
                                     "write \\# for a line that starts with #)");
    if (s[0] == '?' || s[0] == '!') {
        const char *t = skip_ws(s + 1);
        if (*open_if)
            return fail(err, cap, f, no, "questions cannot be inside @if (the @if of line %d "
                                         "has no @end)", *open_if);
        if (!*t)
            return fail(err, cap, f, no, "empty %s", s[0] == '?' ? "question" : "answer");
        TRY(check_braces(t, false, f, no, err, cap));
        if (s[0] == '?') {
            if (l->n_qs && !l->qs[l->n_qs - 1].a)
                return fail(err, cap, f, l->qs[l->n_qs - 1].no,
                            "question without an answer (add a '! answer' line)");
            if (l->n_qs == LESSON_QUESTIONS_MAX)
                return fail(err, cap, f, no, "more than %d questions", LESSON_QUESTIONS_MAX);
            lquestion *q = &l->qs[l->n_qs++];
            q->no = no;
            if (!(q->q = xstrdup(t)))
                return ERR_NOMEM;
            unescape(q->q);
            *questions = true;
            return ERR_OK;
        }
        if (!*questions)
            return fail(err, cap, f, no, "answer without a question (a '! answer' line "
                                         "follows a '? question' line)");
        lquestion *q = &l->qs[l->n_qs - 1];
        if (!append_words(&q->a, t))
            return ERR_NOMEM;
        unescape(q->a);
        return ERR_OK;
    }
    if (*questions)
        return fail(err, cap, f, no, "text after the questions (there, lines start with "
                                     "'?', '!' or ';')");
    if (s[0] == '@') {
        const char *arg = s + 1;
        size_t w = strcspn(arg, " \t");
        if (w == 2 && memcmp(arg, "if", 2) == 0) {
            const char *c = skip_ws(arg + 2);
            int k = 0;
            while (k < C_COUNT && strcmp(c, cond_names[k]) != 0)
                k++;
            if (k == C_COUNT && !is_value_id(c))
                return fail(err, cap, f, no, "unknown condition '@if %.40s' (use ecdhe, "
                                             "transport, ems, classic, seeded, live, ok, "
                                             "failed or a value name)", c);
            if (*open_if)
                return fail(err, cap, f, no, "@if inside @if (they do not nest)");
            *open_if = no;
            return add_line(l, LN_IF, k, no, k == C_COUNT ? c : NULL) ? ERR_OK : ERR_NOMEM;
        }
        bool is_else = w == 4 && memcmp(arg, "else", 4) == 0 && !arg[4];
        bool is_end = w == 3 && memcmp(arg, "end", 3) == 0 && !arg[3];
        if (!is_else && !is_end)
            return fail(err, cap, f, no, "unknown directive '@%.*s' (use @if, @else, @end; "
                                         "write \\@ for a line that starts with @)",
                        (int)(w > 40 ? 40 : w), arg);
        if (!*open_if)
            return fail(err, cap, f, no, "@%s without @if", is_else ? "else" : "end");
        if (is_end)
            *open_if = 0;
        return add_line(l, is_else ? LN_ELSE : LN_END, 0, no, NULL) ? ERR_OK : ERR_NOMEM;
    }
    if (s[0] != ' ' && s[0] != '\t') {
        const char *t = s[0] == '\\' ? s + 1 : s;
        TRY(check_braces(t, true, f, no, err, cap));
        return add_line(l, LN_TEXT, 0, no, t) ? ERR_OK : ERR_NOMEM;
    }
    /* a formula line keeps its indentation: a tab is four spaces, and every
     * formula line starts with at least two */
    char ind[LESSON_LINE_MAX + 8];
    size_t w = 0, k = 0;
    for (; s[k] == ' ' || s[k] == '\t'; k++)
        w += s[k] == '\t' ? 4 : 1;
    w = w < 2 ? 2 : w > 64 ? 64 : w;
    memset(ind, ' ', w);
    snprintf(ind + w, sizeof ind - w, "%s", s + k);
    TRY(check_braces(ind, true, f, no, err, cap));
    return add_line(l, LN_DISPLAY, 0, no, ind) ? ERR_OK : ERR_NOMEM;
}

/* Parse a whole lesson from buf (len bytes); file names it in errors. */
static err_t parse_lesson(const char *file, const char *id, int order, const char *buf,
                          size_t len, lesson **out, char *err, size_t cap)
{
    *out = NULL;
    lesson *l = calloc(1, sizeof *l);
    if (!l || !(l->file = xstrdup(file))) {
        free(l);
        return ERR_NOMEM;
    }
    snprintf(l->id, sizeof l->id, "%s", id);
    l->order = order;
    char line[LESSON_LINE_MAX + 1];
    bool questions = false;
    int open_if = 0, no = 0;
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
            e = fail(err, cap, file, no, "line is longer than %d bytes", LESSON_LINE_MAX);
            break;
        }
        for (size_t k = 0; k < n && e == ERR_OK;) {
            const unsigned char *p = (const unsigned char *)buf + i + k;
            size_t m = utf8_len(p, n - k);
            if (m == 0)
                e = fail(err, cap, file, no, "invalid UTF-8 at byte %zu of the line", k + 1);
            else if (m == 1 && (*p < 0x20 || *p == 0x7f) && *p != '\t')
                e = fail(err, cap, file, no, "control character 0x%02x", *p);
            k += m ? m : 1;
        }
        if (e != ERR_OK)
            break;
        memcpy(line, buf + i, n);
        line[n] = '\0';
        e = parse_line(l, line, no, &questions, &open_if, err, cap);
        i = nl ? (size_t)(nl - buf) + 1 : len;
    }
    if (e == ERR_OK && open_if)
        e = fail(err, cap, file, open_if, "@if without @end");
    if (e == ERR_OK && !l->title)
        e = fail(err, cap, file, no ? no : 1, "no title line '# Title'");
    if (e == ERR_OK && l->n_qs && !l->qs[l->n_qs - 1].a)
        e = fail(err, cap, file, l->qs[l->n_qs - 1].no,
                 "question without an answer (add a '! answer' line)");
    bool body = false;
    for (size_t k = 0; k < l->n_lines; k++)
        body |= l->lines[k].kind == LN_TEXT || l->lines[k].kind == LN_DISPLAY;
    if (e == ERR_OK && !body)
        e = fail(err, cap, file, no, "the lesson has a title but no text");
    if (e != ERR_OK) {
        if (e == ERR_NOMEM)
            snprintf(err, cap, "%s: out of memory", file);
        lesson_del(l);
        return e;
    }
    *out = l;
    return ERR_OK;
}

/* ---- sets ---------------------------------------------------------------- */

static bool set_add(lesson_set *s, lesson *l)
{
    lesson **v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v)
        return false;
    s->v = v;
    s->v[s->n++] = l;
    return true;
}

static const lesson *find(const lesson_set *s, const char *id)
{
    for (size_t i = 0; s && id && i < s->n; i++)
        if (strcmp(s->v[i]->id, id) == 0)
            return s->v[i];
    return NULL;
}

static int by_order(const void *a, const void *b)
{
    const lesson *x = *(lesson *const *)a, *y = *(lesson *const *)b;
    return x->order != y->order ? (x->order < y->order ? -1 : 1) : strcmp(x->id, y->id);
}

void lesson_free(lesson_set *s)
{
    if (!s || s == lesson_builtin())
        return;
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i]->builtin)
            lesson_del(s->v[i]);
    free(s->v);
    free(s->source);
    free(s);
}

/* ---- the built-in summaries ---------------------------------------------- */

/* One short paragraph per lesson, in the same format as a file, so the same
 * parser reads them; used when no lessons directory is found and for any
 * standard lesson a directory leaves out. */
static const struct { const char *id; int order; const char *text; } builtin_text[] = {
    { "intro", 0, "# Mutual TLS in seven steps\n"
      "In mutual TLS both ends prove who they are with an X.509 certificate: the server, as in "
      "any HTTPS connection, and the client too. This run is a real TLS 1.2 handshake (RFC 5246) "
      "with {suite} and {kx}; randomness: {randomness}.\n" },
    { "step1", 10, "# ClientHello\n"
      "The client sends, in the clear, the versions, cipher suites and extensions it accepts and "
      "client_random {client_random:short}, 32 fresh bytes that make this handshake's keys its "
      "own (RFC 5246 §7.4.1.2).\n" },
    { "step2", 20, "# ServerHello\n"
      "The textbook's one step is five messages: ServerHello (the suite chosen and "
      "server_random {server_random:short}, RFC 5246 §7.4.1.3), Certificate,\n@if ecdhe\n"
      "ServerKeyExchange (a fresh X25519 key signed with the certificate's key, RFC 8422 §5.4),\n"
      "@end\nCertificateRequest (the message that makes TLS mutual, RFC 5246 §7.4.4) and "
      "ServerHelloDone.\n" },
    { "step3", 30, "# Authentication\n"
      "Each side verifies the other's certificate on its own: the CA's signature, validity at "
      "{clock}, key usage, extended key usage, name and revocation (RFC 5280 §6). The client "
      "sends its Certificate (RFC 5246 §7.4.6).\n@if client_identity\nThe server now knows it "
      "as {client_identity}.\n@end\n" },
    { "step4", 40, "# Pre-master secret\n@if ecdhe\n"
      "ClientKeyExchange carries the client's X25519 public key (RFC 8422 §5.7). Each side "
      "combines its own private key with the other's public key; both get the same pre-master "
      "secret {pre_master_secret:short}, which never crosses the wire (RFC 8422 §5.10).\n@else\n"
      "The client picks a 48-byte pre-master secret {pre_master_secret:short} and sends it "
      "sealed to the server certificate's key (simulation only: no forward secrecy).\n@end\n"
      "Then CertificateVerify: the client signs the handshake so far with its certificate's "
      "key (RFC 5246 §7.4.8).\n" },
    { "step5", 50, "# Master secret\n"
      "Nothing is sent. Each side computes master_secret {master_secret:short} =\n@if ems\n"
      "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47] (RFC 7627 §4).\n"
      "@else\nPRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47] "
      "(RFC 5246 §8.1).\n@end\n" },
    { "step6", 60, "# Keys derived\n"
      "Nothing is sent. key_block = PRF(master_secret, \"key expansion\", server_random + "
      "client_random) gives 88 bytes: client write key, server write key (32 bytes each), client "
      "write IV, server write IV (12 bytes each) (RFC 5246 §6.3, RFC 7905 §2).\n" },
    { "step7", 70, "# Encrypted session\n"
      "Each side sends ChangeCipherSpec and an encrypted Finished: PRF(master_secret, \"client "
      "finished\" or \"server finished\", SHA-256(handshake messages))[0..11] (RFC 5246 §7.4.9); "
      "the client's is {client_verify_data}. Records are sealed with ChaCha20-Poly1305, nonce = "
      "write IV XOR sequence number (RFC 7905 §2).\n" },
    { "practices", 90, "# In production\n"
      "Offer only strong algorithms (this run: {suite}); renew certificates before they expire "
      "and check revocation; monitor failed handshakes and their alerts; watch handshake latency "
      "(a full TLS 1.2 handshake takes two round trips).\n" },
};

const lesson_set *lesson_builtin(void)
{
    static lesson_set set = { "built-in", NULL, 0 };
    static lesson *mem[sizeof builtin_text / sizeof *builtin_text];
    static bool done;
    if (!done) {
        done = true;
        set.v = mem;
        for (size_t i = 0; i < sizeof builtin_text / sizeof *builtin_text; i++) {
            char file[48], err[160];
            snprintf(file, sizeof file, "built-in/%s", builtin_text[i].id);
            const char *t = builtin_text[i].text;
            if (parse_lesson(file, builtin_text[i].id, builtin_text[i].order, t, strlen(t),
                             &mem[set.n], err, sizeof err) == ERR_OK)
                mem[set.n++]->builtin = true;
        }
    }
    return &set;
}

/* ---- loading a directory ------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "NN-id.txt" -> id and NN; false when the name does not have that shape. */
static bool lesson_name(const char *name, char *id, int *order)
{
    size_t n = strlen(name);
    if (n < 8 || name[0] < '0' || name[0] > '9' || name[1] < '0' || name[1] > '9' ||
        name[2] != '-' || n - 7 >= LESSON_ID_MAX)
        return false;
    for (size_t i = 3; i < n - 4; i++)
        if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
              name[i] == '_' || name[i] == '-'))
            return false;
    memcpy(id, name + 3, n - 7);
    id[n - 7] = '\0';
    *order = (name[0] - '0') * 10 + (name[1] - '0');
    return true;
}

static err_t load_file(lesson_set *set, const char *path, const char *name, char *err,
                       size_t cap)
{
    char id[LESSON_ID_MAX];
    int order;
    if (!lesson_name(name, id, &order))
        return fail(err, cap, path, 1, "a lesson file is named NN-id.txt (two digits, '-', "
                                       "then a-z, 0-9, _ or -)");
    const lesson *dup = find(set, id);
    if (dup)
        return fail(err, cap, path, 1, "lesson id '%s' is also %s", id, dup->file);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return fail(err, cap, path, 1, "not a regular file");
    FILE *f = fopen(path, "rb");
    char *buf = malloc(LESSON_FILE_MAX + 1);
    if (!f || !buf) {
        int saved = errno;
        free(buf);
        if (f)
            fclose(f);
        return buf ? fail(err, cap, path, 1, "cannot read: %s", strerror(saved)) : ERR_NOMEM;
    }
    size_t len = fread(buf, 1, LESSON_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    err_t e = ERR_OK;
    lesson *l = NULL;
    if (bad) {
        e = fail(err, cap, path, 1, "cannot read the file");
    } else if (len > LESSON_FILE_MAX) {
        int no = 1;
        for (size_t i = 0; i < LESSON_FILE_MAX; i++)
            no += buf[i] == '\n';
        e = fail(err, cap, path, no, "the file is larger than %d bytes", LESSON_FILE_MAX);
    } else {
        e = parse_lesson(path, id, order, buf, len, &l, err, cap);
    }
    free(buf);
    if (e == ERR_OK && !set_add(set, l)) {
        lesson_del(l);
        e = ERR_NOMEM;
    }
    return e;
}

static err_t load_dir(const char *dir, lesson_set **out, char *err, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, cap, "cannot open the lessons directory '%s': %s", dir, strerror(errno));
        return ERR_IO;
    }
    char *names[LESSON_FILES_MAX + 1];
    size_t n = 0;
    err_t e = ERR_OK;
    const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    for (struct dirent *de; e == ERR_OK && (de = readdir(d)) != NULL;) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 4 || strcmp(de->d_name + len - 4, ".txt") != 0)
            continue;
        if (n == LESSON_FILES_MAX) {
            snprintf(err, cap, "%s: more than %d lesson files", dir, LESSON_FILES_MAX);
            e = ERR_LESSON_SYNTAX;
        } else if ((names[n] = xstrdup(de->d_name)) != NULL) {
            n++;
        } else {
            e = ERR_NOMEM;
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    lesson_set *set = calloc(1, sizeof *set);
    if (!set || !(set->source = xstrdup(dir)))
        e = ERR_NOMEM;
    for (size_t i = 0; i < n && e == ERR_OK; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s%s%s", dir, sep, names[i]);
        e = load_file(set, path, names[i], err, cap);
    }
    if (e == ERR_OK && n == 0) {
        snprintf(err, cap, "no lesson files (NN-id.txt) in '%s'", dir);
        e = ERR_IO;
    }
    /* a standard lesson the directory leaves out: the built-in summary */
    const lesson_set *bi = lesson_builtin();
    for (size_t i = 0; i < bi->n && e == ERR_OK; i++)
        if (!find(set, bi->v[i]->id) && !set_add(set, bi->v[i]))
            e = ERR_NOMEM;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    if (e == ERR_NOMEM)
        snprintf(err, cap, "out of memory while reading the lessons");
    if (e != ERR_OK) {
        lesson_free(set);
        return e;
    }
    qsort(set->v, set->n, sizeof *set->v, by_order);
    *out = set;
    return ERR_OK;
}

err_t lesson_load(const char *dir, lesson_set **out, char *err, size_t cap)
{
    *out = NULL;
    if (dir)
        return load_dir(dir, out, err, cap);
    /* the source tree: lessons/ next to the running binary */
    char tried[2][4096];
    ssize_t n = readlink("/proc/self/exe", tried[0], sizeof tried[0] - 16);
    tried[0][n > 0 ? n : 0] = '\0';
    char *slash = strrchr(tried[0], '/');
    if (slash)
        strcpy(slash, "/lessons");
    else
        snprintf(tried[0], sizeof tried[0], "lessons");
    snprintf(tried[1], sizeof tried[1], "%s/lessons", MTLS_DATADIR);
    for (int i = 0; i < 2; i++) {
        err_t e = load_dir(tried[i], out, err, cap);
        if (e != ERR_IO)
            return e;
    }
    snprintf(err, cap, "no lessons found in %s or %s", tried[0], tried[1]);
    return ERR_IO;
}

/* ---- reading a set ------------------------------------------------------- */

const char *lesson_source(const lesson_set *s) { return s ? s->source : "built-in"; }
size_t lesson_count(const lesson_set *s) { return s ? s->n : 0; }
const char *lesson_id(const lesson_set *s, size_t i) { return s && i < s->n ? s->v[i]->id : NULL; }

const char *lesson_title(const lesson_set *s, const char *id)
{
    const lesson *l = find(s, id);
    return l ? l->title : NULL;
}

size_t lesson_n_questions(const lesson_set *s, const char *id)
{
    const lesson *l = find(s, id);
    return l ? l->n_qs : 0;
}

const char *lesson_question(const lesson_set *s, const char *id, size_t i)
{
    const lesson *l = find(s, id);
    return l && i < l->n_qs ? l->qs[i].q : NULL;
}

const char *lesson_answer(const lesson_set *s, const char *id, size_t i)
{
    const lesson *l = find(s, id);
    return l && i < l->n_qs ? l->qs[i].a : NULL;
}

/* ---- expansion ----------------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* An @if condition; a value name is true when the run has that value. */
static bool cond_true(const lline *ln, const trace *t)
{
    size_t n;
    const trace_value *v;
    switch (ln->cond) {
    case C_ECDHE: return !t->transport;
    case C_TRANSPORT: return t->transport;
    case C_EMS: return t->ems;
    case C_CLASSIC: return !t->ems;
    case C_SEEDED: return t->seeded;
    case C_LIVE: return !t->seeded;
    case C_OK: return t->outcome.ok;
    case C_FAILED: return !t->outcome.ok;
    default: return (v = trace_value_get(t, ln->text)) && trace_value_bytes(v, &n);
    }
}

bool lesson_fact(const trace *t, const char *name, char *out, size_t cap)
{
    size_t bytes = 0;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].content_type != CT_APPLICATION_DATA)
            bytes += t->msgs[i].record_len;
    const trace_outcome *o = &t->outcome;
    if (!strcmp(name, "suite"))
        snprintf(out, cap, "%s", msg_suite_name(t->suite));
    else if (!strcmp(name, "suite_id"))
        snprintf(out, cap, "0x%04x", t->suite);
    else if (!strcmp(name, "seed"))
        snprintf(out, cap, t->seeded ? "%llu" : "none (live randomness)",
                 (unsigned long long)t->seed);
    else if (!strcmp(name, "randomness") && t->seeded)
        snprintf(out, cap, "seed %llu (demo randomness: predictable, for teaching only)",
                 (unsigned long long)t->seed);
    else if (!strcmp(name, "randomness"))
        snprintf(out, cap, "live (from the operating system)");
    else if (!strcmp(name, "clock"))
        render_clock(t, out, cap);
    else if (!strcmp(name, "kx"))
        snprintf(out, cap, "%s", t->transport ? "key transport (simulation only)"
                                              : "ECDHE over X25519");
    else if (!strcmp(name, "ems"))
        snprintf(out, cap, "%s", t->ems ? "extended (RFC 7627)" : "classic (RFC 5246 §8.1)");
    else if (!strcmp(name, "scenario"))
        snprintf(out, cap, "%s", t->scenario ? t->scenario : "none");
    else if (!strcmp(name, "message_count"))
        snprintf(out, cap, "%zu", t->n_msgs);
    else if (!strcmp(name, "handshake_bytes"))
        snprintf(out, cap, "%zu", bytes);
    else if (!strcmp(name, "check_count"))
        snprintf(out, cap, "%zu", t->n_checks);
    else if (!strcmp(name, "outcome") && o->ok)
        snprintf(out, cap, "completed, both sides authenticated");
    else if (!strcmp(name, "outcome") && o->alert >= 0)
        snprintf(out, cap, "failed at step %d (%s): the %s sent the fatal alert %s (%d)",
                 o->step, trace_step_title(o->step), party_name(o->sent_by),
                 alert_name(o->alert), o->alert);
    else if (!strcmp(name, "outcome"))
        snprintf(out, cap, "failed at step %d: %s", o->step, err_str(o->err));
    else
        return false;
    return true;
}

/* Write the value of placeholder name/form into b; false when unknown. */
static bool put_value(sbuf *b, const trace *t, const char *name, ph_form form)
{
    char tmp[256];
    if (!is_value_id(name)) {
        if (form == F_LEN || !lesson_fact(t, name, tmp, sizeof tmp))
            return false;
        sb_puts(b, tmp);
        return true;
    }
    const trace_value *v = trace_value_get(t, name);
    size_t n = 0;
    const uint8_t *bytes = v ? trace_value_bytes(v, &n) : NULL;
    if (!bytes) {
        sb_puts(b, "(not in this run)");
    } else if (form == F_LEN) {
        snprintf(tmp, sizeof tmp, "%zu", n);
        sb_puts(b, tmp);
    } else if (trace_value_is_text(v)) {
        sb_put(b, (const char *)bytes, form == F_SHORT && n > 8 ? 8 : n);
        if (form == F_SHORT && n > 8)
            sb_puts(b, "…");
    } else {
        size_t k = form == F_SHORT && n > 4 ? 4 : n;
        char *hex = malloc(2 * k + 1);
        if (!hex) {
            b->oom = true;
            return true;
        }
        hex_encode(bytes, k, hex);
        sb_puts(b, hex);
        free(hex);
        if (k < n)
            sb_puts(b, "…");
    }
    return true;
}

/* Expand one line into b. t NULL: only check the names. On an unknown name,
 * its {text} goes into bad and the result is false. */
static bool expand_line(sbuf *b, const char *s, const trace *t, bool marks, char *bad,
                        size_t badcap)
{
    for (const char *p = s; *p; p++) {
        if ((*p == '{' || *p == '}') && p[1] == *p) {
            sb_put(b, p++, 1);
            continue;
        }
        if (*p != '{') {
            sb_put(b, p, 1);
            continue;
        }
        const char *end = strchr(p, '}');
        char name[PH_NAME_MAX];
        ph_form form;
        bool known = end && ph_parse(p + 1, end, name, &form) &&
                     (is_value_id(name) || (is_fact_id(name) && form != F_LEN));
        if (!known) {
            snprintf(bad, badcap, "%.*s", end ? (int)(end - p + 1) : 60, p);
            return false;
        }
        if (t) {
            if (marks)
                sb_put(b, (const char[]){ LESSON_MARK_ON }, 1);
            put_value(b, t, name, form);
            if (marks)
                sb_put(b, (const char[]){ LESSON_MARK_OFF }, 1);
        }
        p = end;
    }
    return true;
}

static void set_err(err_t *e, err_t v)
{
    if (e)
        *e = v;
}

char *lesson_expand(const lesson_set *s, const char *id, const trace *t, bool marks,
                    err_t *e, char *err, size_t cap)
{
    const lesson *l = find(s, id);
    if (!l || !t) {
        snprintf(err, cap, "no lesson '%s'", id ? id : "(null)");
        set_err(e, ERR_USAGE);
        return NULL;
    }
    sbuf b = { 0 };
    enum { NONE, PARA, DISPLAY };
    int cur = NONE;
    bool skip = false;
    char bad[80];
    sb_puts(&b, "");
    for (size_t i = 0; i < l->n_lines; i++) {
        const lline *ln = &l->lines[i];
        if (ln->kind == LN_IF || ln->kind == LN_ELSE || ln->kind == LN_END) {
            skip = ln->kind == LN_IF ? !cond_true(ln, t)
                                     : ln->kind == LN_ELSE ? !skip : false;
            continue;
        }
        if (skip)
            continue;
        if (ln->kind == LN_BLANK) {
            cur = NONE;
            continue;
        }
        int want = ln->kind == LN_DISPLAY ? DISPLAY : PARA;
        if (cur == want)
            sb_puts(&b, want == PARA ? " " : "\n");
        else if (b.n)
            sb_puts(&b, "\n\n");
        cur = want;
        if (!expand_line(&b, ln->text, t, marks, bad, sizeof bad)) {
            snprintf(err, cap, "%s:%d: unknown placeholder %s", l->file, ln->no, bad);
            set_err(e, ERR_LESSON_PLACEHOLDER);
            free(b.p);
            return NULL;
        }
    }
    if (b.oom) {
        snprintf(err, cap, "out of memory");
        set_err(e, ERR_NOMEM);
        free(b.p);
        return NULL;
    }
    set_err(e, ERR_OK);
    return b.p;
}

err_t lesson_validate(const lesson_set *s, char *err, size_t cap)
{
    char bad[80];
    sbuf none = { 0 };
    for (size_t i = 0; s && i < s->n; i++) {
        const lesson *l = s->v[i];
        for (size_t k = 0; k < l->n_lines; k++) {
            const lline *ln = &l->lines[k];
            if (ln->kind != LN_IF && ln->text && !expand_line(&none, ln->text, NULL, false, bad, sizeof bad)) {
                free(none.p);
                snprintf(err, cap, "%s:%d: unknown placeholder %s", l->file, ln->no, bad);
                return ERR_LESSON_PLACEHOLDER;
            }
        }
    }
    free(none.p);
    return ERR_OK;
}
