/* lesson_expand.c — a lesson for one run: the @if conditions, the
 * {placeholders} (values of the trace and run facts) and the names they may
 * use (lesson.h, lessons/README.md).
 */
#include "teach/lesson_int.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/eve.h"
#include "base/hex.h"
#include "tls/msg/msg.h"
#include "pki/x509.h"
#include "tls/suites.h"
#include "tls/version.h"

/* ---- the names a lesson may use ------------------------------------------ */

/* Run facts: not values, but text about the run. The last ones only some
 * runs have (fact_present); the others every run has. */
static const char *const fact_ids[] = {
    "suite", "suite_id", "seed", "randomness", "clock", "kx", "ems", "message_count",
    "handshake_bytes", "check_count", "outcome", "scenario",
    "alert", "alert_step", "alert_sender", "failed_check", "eve_recovered", "eve_learned",
    "hello_retry", "hellos_once",
};

/* What a placeholder reads when the run lacks its value or fact. */
static const char not_in_run[] = "(not in this run)";

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* A value placeholder names a row of the value catalogue (tls12/values.h). */
bool lesson_is_value_id(const char *id)
{
    value_id v;
    return values_by_name(id, &v);
}

bool lesson_is_fact_id(const char *id)
{
    return in_list(id, fact_ids, sizeof fact_ids / sizeof *fact_ids);
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
        /* not realloc: the text may hold the run's secrets, and realloc
         * would leave the old block unwiped in freed memory */
        char *p = malloc(cap);
        if (!p) {
            b->oom = true;
            return;
        }
        if (b->p) {
            memcpy(p, b->p, b->n + 1);
            sodium_memzero(b->p, b->cap);
            free(b->p);
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* Wipe and free what the buffer holds. */
static void sb_free(sbuf *b)
{
    if (b->p)
        sodium_memzero(b->p, b->cap);
    free(b->p);
    *b = (sbuf){ 0 };
}

/* The first check that failed, or NULL. */
static const trace_check *first_failed_check(const trace *t)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].result != ERR_OK)
            return &t->checks[i];
    return NULL;
}

/* Whether run t has fact name: the alert facts only when the run ended with
 * an alert, failed_check only when a check failed, eve_recovered and
 * eve_learned only when the eavesdropper tried (key-leak), scenario only
 * with a scenario. */
static bool fact_present(const trace *t, const char *name)
{
    if (!strcmp(name, "scenario"))
        return t->scenario != NULL;
    if (!strcmp(name, "alert") || !strcmp(name, "alert_step") || !strcmp(name, "alert_sender"))
        return !t->outcome.ok && t->outcome.alert >= 0;
    if (!strcmp(name, "failed_check"))
        return first_failed_check(t) != NULL;
    if (!strcmp(name, "eve_recovered") || !strcmp(name, "eve_learned"))
        return t->eve && t->eve->attempted;
    /* TLS 1.3: the server asked again with a HelloRetryRequest (the
     * transcript starts with message_hash), or the hellos were done in one
     * round trip */
    if (!strcmp(name, "hello_retry"))
        return trace_value_get(t, VAL13_MESSAGE_HASH) != NULL;
    if (!strcmp(name, "hellos_once"))
        return trace_value_get(t, VAL13_HELLO_HASH) && !trace_value_get(t, VAL13_MESSAGE_HASH);
    return lesson_is_fact_id(name);
}

/* An @if condition; a value name is true when the run has that value, a
 * fact name when the run has that fact. */
static bool cond_true(const lline *ln, const trace *t)
{
    size_t n;
    value_id id;
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
    /* The protocol version of the run. TLS 1.2 is the only version the
     * program has yet; every other version it is given is 1.3, the only
     * other one it is meant to show. */
    case C_TLS12: return t->version == TLS_V12;
    case C_TLS13: return t->version == TLS_V13;
    default:
        if (lesson_is_fact_id(ln->text))
            return fact_present(t, ln->text);
        return values_by_name(ln->text, &id) && (v = trace_value_get(t, id)) &&
               trace_value_bytes(v, &n);
    }
}

static void fact_failed_check(const trace *t, char *out, size_t cap)
{
    const trace_check *c = first_failed_check(t);
    snprintf(out, cap, "the %s's \"%s\" (%s)", party_name(c->who), c->name,
             err_str(c->result));
}

static void fact_eve(const struct eve_result *r, char *out, size_t cap)
{
    if (r->recovered)
        snprintf(out, cap, "all the application data in plaintext, %zu bytes from the client "
                           "and %zu from the server",
                 r->plaintext_len[PARTY_CLIENT], r->plaintext_len[PARTY_SERVER]);
    else
        snprintf(out, cap, "no content of the session");
}

bool lesson_fact(const trace *t, const char *name, char *out, size_t cap)
{
    size_t bytes = 0;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].content_type != CT_APPLICATION_DATA)
            bytes += t->msgs[i].record_len;
    const trace_outcome *o = &t->outcome;
    if (!strcmp(name, "suite"))
        snprintf(out, cap, "%s", suite_name(t->suite));
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
        x509_time_str(t->now, out, cap);
    else if (!strcmp(name, "kx"))
        snprintf(out, cap, "%s", t->transport ? "key transport (simulation only)"
                                              : "ECDHE over X25519");
    else if (!strcmp(name, "ems"))
        snprintf(out, cap, "%s",
                 t->version == TLS_V13 ? "the TLS 1.3 key schedule (RFC 8446 §7.1): every "
                                         "secret covers the transcript"
                 : t->ems              ? "extended (RFC 7627)"
                                       : "legacy (RFC 5246 §8.1, --no-ems)");
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
                 o->step, trace_step_title(t, o->step), party_name(o->sent_by),
                 alert_name(o->alert), o->alert);
    else if (!strcmp(name, "outcome"))
        snprintf(out, cap, "failed at step %d: %s", o->step, err_str(o->err));
    else if (!lesson_is_fact_id(name))
        return false;
    else if (!fact_present(t, name))
        snprintf(out, cap, "%s", not_in_run);
    else if (!strcmp(name, "alert"))
        snprintf(out, cap, "%s (%d)", alert_name(o->alert), o->alert);
    else if (!strcmp(name, "alert_step"))
        snprintf(out, cap, "%d (%s)", o->step, trace_step_title(t, o->step));
    else if (!strcmp(name, "alert_sender"))
        snprintf(out, cap, "%s", party_name(o->sent_by));
    else if (!strcmp(name, "failed_check"))
        fact_failed_check(t, out, cap);
    else if (!strcmp(name, "hello_retry"))
        snprintf(out, cap, "a HelloRetryRequest: the hellos took two round trips");
    else if (!strcmp(name, "hellos_once"))
        snprintf(out, cap, "the hellos took one round trip");
    else if (!strcmp(name, "eve_learned")) /* what the wire alone told her */
        snprintf(out, cap, "%s", t->eve->learned);
    else /* eve_recovered */
        fact_eve(t->eve, out, cap);
    return true;
}

/* Write the value of placeholder name/form into b; false when unknown. */
static bool put_value(sbuf *b, const trace *t, const char *name, ph_form form)
{
    char tmp[800]; /* eve_learned is the longest fact */
    value_id id;
    if (!values_by_name(name, &id)) {
        if (form == F_LEN || !lesson_fact(t, name, tmp, sizeof tmp))
            return false;
        sb_puts(b, tmp);
        return true;
    }
    const trace_value *v = trace_value_get(t, id);
    size_t n = 0;
    const uint8_t *bytes = v ? trace_value_bytes(v, &n) : NULL;
    if (!bytes) {
        sb_puts(b, not_in_run);
    } else if (form == F_LEN) {
        snprintf(tmp, sizeof tmp, "%zu", n);
        sb_puts(b, tmp);
    } else if (trace_value_is_text(v)) {
        /* one line: CR and LF of an HTTP message as \r \n */
        char text[2 * HS_APP_MAX + 8];
        size_t k = trace_text_escape(bytes, n, text, sizeof text);
        sb_put(b, text, form == F_SHORT && k > 8 ? 8 : k);
        if (form == F_SHORT && k > 8)
            sb_puts(b, "…");
    } else {
        size_t k = form == F_SHORT && n > 4 ? 4 : n;
        /* a secret's hex, a chunk at a time through a buffer that is wiped */
        char hex[2 * 64 + 1];
        for (size_t at = 0; at < k; at += 64) {
            size_t m = k - at < 64 ? k - at : 64;
            hex_encode(bytes + at, m, hex);
            sb_put(b, hex, 2 * m);
        }
        sodium_memzero(hex, sizeof hex);
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
        char name[LESSON_PH_NAME_MAX];
        ph_form form;
        bool known = end && lesson_ph_parse(p + 1, end, name, &form) &&
                     (lesson_is_value_id(name) || (lesson_is_fact_id(name) && form != F_LEN));
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
    const lesson *l = lesson_find(s, id);
    if (!l || !t) {
        snprintf(err, cap, "no lesson '%s'", id ? id : "(null)");
        set_err(e, ERR_USAGE);
        return NULL;
    }
    sbuf b = { 0 };
    enum { NONE, PARA, DISPLAY };
    int cur = NONE;
    /* skip[0]: the outer @if block hides its lines, skip[1]: the one inside
     * it does (only a version block holds another, lesson_parse.c) */
    bool skip[2] = { false, false };
    int depth = 0;
    char bad[80];
    sb_puts(&b, "");
    for (size_t i = 0; i < l->n_lines; i++) {
        const lline *ln = &l->lines[i];
        if (ln->kind == LN_IF && depth < 2)
            skip[depth++] = !cond_true(ln, t);
        else if (ln->kind == LN_ELSE && depth > 0)
            skip[depth - 1] = !skip[depth - 1];
        else if (ln->kind == LN_END && depth > 0)
            skip[--depth] = false;
        if (ln->kind == LN_IF || ln->kind == LN_ELSE || ln->kind == LN_END)
            continue;
        if ((depth > 0 && skip[0]) || (depth > 1 && skip[1]))
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
            sb_free(&b);
            return NULL;
        }
    }
    if (b.oom) {
        snprintf(err, cap, "out of memory");
        set_err(e, ERR_NOMEM);
        sb_free(&b);
        return NULL;
    }
    set_err(e, ERR_OK);
    return b.p;
}

void lesson_text_wipe(char *s)
{
    if (s)
        sodium_memzero(s, strlen(s));
}

void lesson_text_free(char *s)
{
    lesson_text_wipe(s);
    free(s);
}

err_t lesson_validate(const lesson_set *s, char *err, size_t cap)
{
    char bad[80];
    sbuf none = { 0 };
    for (size_t i = 0; s && i < s->n; i++) {
        const lesson *l = s->v[i];
        for (size_t k = 0; k < l->n_lines; k++) {
            const lline *ln = &l->lines[k];
            if (ln->kind != LN_IF && ln->text &&
                !expand_line(&none, ln->text, NULL, false, bad, sizeof bad)) {
                free(none.p);
                snprintf(err, cap, "%s:%d: unknown placeholder %s", l->file, ln->no, bad);
                return ERR_LESSON_PLACEHOLDER;
            }
        }
    }
    free(none.p);
    return ERR_OK;
}


/* ---- what a run of one protocol version shows ---------------------------- */

/* Whether question q is for the run t (a version block's questions are only
 * for runs of that version; t NULL: a TLS 1.2 run). */
static bool question_for(const lquestion *q, const trace *t)
{
    if (q->ver < 0)
        return true;
    /* no run: the default protocol, TLS 1.2 */
    return q->ver == (t && t->version == TLS_V13 ? C_TLS13 : C_TLS12);
}

/* The index in l->qs of the i-th question for t, or l->n_qs when none. */
static size_t question_index(const lesson *l, const trace *t, size_t i)
{
    size_t k = 0;
    for (; k < l->n_qs; k++)
        if (question_for(&l->qs[k], t) && i-- == 0)
            break;
    return k;
}

const char *lesson_title_for(const lesson_set *s, const char *id, const trace *t)
{
    const lesson *l = lesson_find(s, id);
    if (!l)
        return NULL;
    return t && t->version == TLS_V13 && l->title13 ? l->title13 : l->title;
}

size_t lesson_n_questions_for(const lesson_set *s, const char *id, const trace *t)
{
    const lesson *l = lesson_find(s, id);
    size_t n = 0;
    for (size_t k = 0; l && k < l->n_qs; k++)
        n += question_for(&l->qs[k], t);
    return n;
}

const char *lesson_question_for(const lesson_set *s, const char *id, const trace *t, size_t i)
{
    const lesson *l = lesson_find(s, id);
    size_t k = l ? question_index(l, t, i) : 0;
    return l && k < l->n_qs ? l->qs[k].q : NULL;
}

const char *lesson_answer_for(const lesson_set *s, const char *id, const trace *t, size_t i)
{
    const lesson *l = lesson_find(s, id);
    size_t k = l ? question_index(l, t, i) : 0;
    return l && k < l->n_qs ? l->qs[k].a : NULL;
}
