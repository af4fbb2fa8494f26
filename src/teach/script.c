/* script.c — lecture scripts: read, parse line by line, check. The format
 * is in lessons/SCRIPTS.md; every refusal names the file and the line. */
#include "teach/script.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/esc.h"
#include "base/vec.h"
#include "run/scenario.h"

/* ---- errors -------------------------------------------------------------- */

static err_t fail(char *err, size_t cap, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static err_t fail(char *err, size_t cap, const char *file, int line, const char *fmt, ...)
{
    int k = snprintf(err, cap, "%s:%d: ", file, line);
    if (k >= 0 && (size_t)k < cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + k, cap - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return ERR_SCRIPT_SYNTAX;
}

/* A word of the file for an error message: at most 40 bytes, and escaped
 * (it came from input), in quotes. */
static const char *shown(const char *s, size_t n, char *out, size_t cap)
{
    char w[48];
    snprintf(w, sizeof w, "%.*s", (int)(n > 40 ? 40 : n), s);
    return esc_str(w, out, cap);
}

/* ---- the parser's state -------------------------------------------------- */

typedef struct parser {
    const char *file;
    int line;
    script *s;
    size_t cap;
    char *err;
    size_t err_cap;
    bool have_run;
    bool run_has_scenario, mystery_hidden;
    script_pane pane;          /* the pane in focus, as far as the script says */
    script_cmd *ask;           /* the question whose choices are being read */
} parser;

static script_cmd *add(parser *p, script_verb verb)
{
    if (p->s->n >= SCRIPT_CMDS_MAX)
        return NULL;
    if (!vec_reserve((void **)&p->s->cmd, &p->cap, p->s->n + 1, sizeof *p->s->cmd, 64))
        return NULL;
    script_cmd *c = &p->s->cmd[p->s->n++];
    memset(c, 0, sizeof *c);
    c->verb = verb;
    c->line = p->line;
    return c;
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

#define FAIL(...) fail(p->err, p->err_cap, p->file, p->line, __VA_ARGS__)

/* ---- arguments ----------------------------------------------------------- */

static bool word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* A whole number from lo to hi, digits only. */
static bool number(const char *s, size_t n, uint64_t lo, uint64_t hi, uint64_t *v)
{
    uint64_t x = 0;
    if (n == 0 || n > 20)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (x > (UINT64_MAX - d) / 10)
            return false;
        x = x * 10 + d;
    }
    if (x < lo || x > hi)
        return false;
    *v = x;
    return true;
}

/* on/off (or nothing, for on when empty_on). */
static err_t on_off(parser *p, const char *verb, const char *a, size_t n, bool empty_on, int *v)
{
    char w[64];
    if ((n == 0 && empty_on) || word_is(a, n, "on"))
        *v = 1;
    else if (word_is(a, n, "off"))
        *v = 0;
    else
        return FAIL("%s takes on or off, not '%s'", verb, shown(a, n, w, sizeof w));
    return ERR_OK;
}

/* One key=value of a run line. */
static err_t run_arg(parser *p, script_run *r, const char *a, size_t n)
{
    char w[64], w2[64];
    const char *eq = memchr(a, '=', n);
    if (word_is(a, n, "mystery")) {
        if (r->mystery)
            return FAIL("run: mystery is given twice");
        r->mystery = true;
        return ERR_OK;
    }
    if (!eq)
        return FAIL("run: '%s' is not KEY=VALUE (seed, tls, kx, ems, framing, scenario) nor "
                    "mystery", shown(a, n, w, sizeof w));
    const char *k = a, *v = eq + 1;
    size_t kn = (size_t)(eq - a), vn = n - kn - 1;
    bool *set = word_is(k, kn, "seed")       ? &r->seed_set
                : word_is(k, kn, "tls")      ? &r->tls_set
                : word_is(k, kn, "kx")       ? &r->kx_set
                : word_is(k, kn, "ems")      ? &r->ems_set
                : word_is(k, kn, "framing")  ? &r->framing_set
                : word_is(k, kn, "scenario") ? &r->scenario_set
                                             : NULL;
    if (!set)
        return FAIL("run: unknown key '%s' (seed, tls, kx, ems, framing, scenario)",
                    shown(k, kn, w, sizeof w));
    if (*set)
        return FAIL("run: %s is given twice", shown(k, kn, w, sizeof w));
    *set = true;
    bool ok = true;
    if (set == &r->seed_set) {
        r->seeded = !word_is(v, vn, "live");
        ok = !r->seeded || number(v, vn, 0, UINT64_MAX, &r->seed);
    } else if (set == &r->tls_set) {
        ok = word_is(v, vn, "1.2") || word_is(v, vn, "1.3");
        r->version = word_is(v, vn, "1.3") ? TLS_V13 : TLS_V12;
    } else if (set == &r->kx_set) {
        ok = word_is(v, vn, "ecdhe") || word_is(v, vn, "transport");
        r->kx = word_is(v, vn, "transport") ? KX_TRANSPORT : KX_ECDHE;
    } else if (set == &r->ems_set) {
        ok = word_is(v, vn, "on") || word_is(v, vn, "off");
        r->ems = word_is(v, vn, "on");
    } else if (set == &r->framing_set) {
        char f[32];
        ok = vn < sizeof f;
        if (ok) {
            memcpy(f, v, vn);
            f[vn] = '\0';
            ok = hsio_framing_parse(f, &r->framing) == ERR_OK;
        }
    } else {
        char name[64];
        ok = vn < sizeof name;
        if (ok) {
            memcpy(name, v, vn);
            name[vn] = '\0';
            r->scenario = strcmp(name, "none") == 0 ? NULL : scenario_find(name);
            ok = r->scenario || strcmp(name, "none") == 0;
            /* the tour is many runs; a lecture names each */
            if (!strcmp(name, "all"))
                return FAIL("run: scenario=all is the tour of --scenario all; name one scenario "
                            "per run");
        }
        if (!ok)
            return FAIL("run: unknown scenario '%s' (mtls-sim --list-scenarios lists them)",
                        shown(v, vn, w, sizeof w));
    }
    if (!ok) {
        static const char *const want[] = { "a whole number or live", "1.2 or 1.3",
                                            "ecdhe or transport", "on or off",
                                            "message, flight or a number of bytes" };
        size_t i = set == &r->seed_set ? 0 : set == &r->tls_set ? 1 : set == &r->kx_set ? 2
                   : set == &r->ems_set ? 3 : 4;
        return FAIL("run: %s='%s': use %s", shown(k, kn, w2, sizeof w2), shown(v, vn, w, sizeof w),
                    want[i]);
    }
    return ERR_OK;
}

static err_t parse_run(parser *p, const char *a, size_t n)
{
    script_cmd *c = add(p, SCRIPT_RUN);
    if (!c)
        return ERR_NOMEM;
    for (size_t i = 0; i < n;) {
        while (i < n && (a[i] == ' ' || a[i] == '\t'))
            i++;
        size_t j = i;
        while (j < n && a[j] != ' ' && a[j] != '\t')
            j++;
        if (j > i) {
            err_t e = run_arg(p, &c->run, a + i, j - i);
            if (e != ERR_OK)
                return e;
        }
        i = j;
    }
    if (c->run.mystery && !c->run.scenario)
        return FAIL("run: a mystery needs a scenario=NAME to hide");
    p->have_run = true;
    p->run_has_scenario = c->run.scenario != NULL;
    p->mystery_hidden = c->run.mystery;
    p->pane = SCRIPT_WIRE; /* where a run starts */
    return ERR_OK;
}

/* ---- one line ------------------------------------------------------------ */

static const char *const pane_names[] = { "client", "wire", "server", "detail", "lesson" };

/* The question being read ends: it needs its choices and its answer. */
static err_t end_ask(parser *p)
{
    script_cmd *q = p->ask;
    p->ask = NULL;
    if (!q)
        return ERR_OK;
    int keep = p->line;
    p->line = q->line;
    err_t e = ERR_OK;
    if (q->n_choices < 2)
        e = FAIL("ask: a question needs at least two choice lines after it");
    else if (q->right < 0)
        e = FAIL("ask: no 'answer N' line says which choice is right");
    p->line = keep;
    return e;
}

static err_t parse_line(parser *p, const char *s, size_t n)
{
    char w[64];
    size_t vn = 0;
    while (vn < n && s[vn] != ' ' && s[vn] != '\t')
        vn++;
    const char *a = s + vn;
    size_t an = n - vn;
    while (an && (*a == ' ' || *a == '\t'))
        a++, an--;
    while (an && (a[an - 1] == ' ' || a[an - 1] == '\t'))
        an--;

    /* the lines that belong to a question */
    if (word_is(s, vn, "choice") || word_is(s, vn, "answer") || word_is(s, vn, "why")) {
        script_cmd *q = p->ask;
        if (!q)
            return FAIL("%s belongs under an 'ask' line", shown(s, vn, w, sizeof w));
        if (an == 0)
            return FAIL("%s needs its text", shown(s, vn, w, sizeof w));
        if (word_is(s, vn, "choice")) {
            if (q->right >= 0)
                return FAIL("choice after the answer line: list the choices first");
            if (q->n_choices == SCRIPT_CHOICES_MAX)
                return FAIL("ask: at most %d choices", SCRIPT_CHOICES_MAX);
            if (!(q->choice[q->n_choices] = dup_n(a, an)))
                return ERR_NOMEM;
            q->n_choices++;
        } else if (word_is(s, vn, "answer")) {
            uint64_t k;
            if (q->right >= 0)
                return FAIL("answer is given twice");
            if (!number(a, an, 1, q->n_choices, &k))
                return FAIL("answer '%s': the number of the right choice, 1 to %zu",
                            shown(a, an, w, sizeof w), q->n_choices);
            q->right = (int)k - 1;
        } else {
            if (q->why)
                return FAIL("why is given twice");
            if (!(q->why = dup_n(a, an)))
                return ERR_NOMEM;
        }
        return ERR_OK;
    }
    err_t e = end_ask(p);
    if (e != ERR_OK)
        return e;

    if (word_is(s, vn, "title")) {
        if (p->s->title)
            return FAIL("title is given twice");
        if (p->have_run)
            return FAIL("title comes before the first run");
        if (an == 0)
            return FAIL("title needs its text");
        return (p->s->title = dup_n(a, an)) ? ERR_OK : ERR_NOMEM;
    }
    if (word_is(s, vn, "run"))
        return parse_run(p, a, an);

    static const char *const verbs[] = { "step", "pane", "select", "zoom", "eve", "monitor",
                                         "compare", "lesson", "answers", "pause", "ask",
                                         "reveal" };
    static const script_verb verb_of[] = { SCRIPT_STEP, SCRIPT_PANE, SCRIPT_SELECT,
                                           SCRIPT_ZOOM, SCRIPT_EVE, SCRIPT_MONITOR,
                                           SCRIPT_COMPARE, SCRIPT_LESSON, SCRIPT_ANSWERS,
                                           SCRIPT_PAUSE, SCRIPT_ASK, SCRIPT_REVEAL };
    size_t k = 0;
    while (k < sizeof verbs / sizeof *verbs && !word_is(s, vn, verbs[k]))
        k++;
    if (k == sizeof verbs / sizeof *verbs)
        return FAIL("unknown command '%s' (lessons/SCRIPTS.md lists them)",
                    shown(s, vn, w, sizeof w));
    if (!p->have_run)
        return FAIL("%s before the first run: a lecture starts with a 'run' line", verbs[k]);
    script_cmd *c = add(p, verb_of[k]);
    if (!c)
        return ERR_NOMEM;
    switch (c->verb) {
    case SCRIPT_STEP: {
        uint64_t x;
        if (word_is(a, an, "last"))
            c->n = 0;
        else if (number(a, an, 1, 7, &x))
            c->n = (int)x;
        else
            return FAIL("step '%s': a step from 1 to 7, or last", shown(a, an, w, sizeof w));
        return ERR_OK;
    }
    case SCRIPT_PANE:
        for (int i = 0; i < 5; i++)
            if (word_is(a, an, pane_names[i])) {
                c->n = i;
                p->pane = (script_pane)i;
                return ERR_OK;
            }
        return FAIL("pane '%s': client, wire, server, detail or lesson",
                    shown(a, an, w, sizeof w));
    case SCRIPT_SELECT: {
        uint64_t x;
        if (p->pane != SCRIPT_CLIENT && p->pane != SCRIPT_WIRE && p->pane != SCRIPT_SERVER)
            return FAIL("select chooses a row of the client, wire or server pane; the pane "
                        "in focus is the %s", pane_names[p->pane]);
        if (!number(a, an, 1, 999, &x))
            return FAIL("select '%s': a row from 1 to 999", shown(a, an, w, sizeof w));
        c->n = (int)x;
        return ERR_OK;
    }
    case SCRIPT_ZOOM: return on_off(p, "zoom", a, an, true, &c->n);
    case SCRIPT_EVE: return on_off(p, "eve", a, an, false, &c->n);
    case SCRIPT_MONITOR: return on_off(p, "monitor", a, an, false, &c->n);
    case SCRIPT_COMPARE:
        e = on_off(p, "compare", a, an, false, &c->n);
        if (e == ERR_OK && c->n && !p->run_has_scenario)
            return FAIL("compare on: this run has no scenario, so no clean run to compare with");
        if (e == ERR_OK && c->n && p->mystery_hidden)
            return FAIL("compare on: the comparison names the mystery's scenario; 'reveal' it "
                        "first");
        return e;
    case SCRIPT_LESSON: {
        if (an == 0)
            return FAIL("lesson needs a lesson id (intro, step3, failures, ...) or step");
        if (word_is(a, an, "step"))
            return ERR_OK; /* text NULL: the step's own */
        for (size_t i = 0; i < an; i++)
            if (!((a[i] >= 'a' && a[i] <= 'z') || (a[i] >= '0' && a[i] <= '9') || a[i] == '_' ||
                  a[i] == '-'))
                return FAIL("lesson '%s': a lesson id is a-z, 0-9, _ and -",
                            shown(a, an, w, sizeof w));
        return (c->text = dup_n(a, an)) ? ERR_OK : ERR_NOMEM;
    }
    case SCRIPT_ANSWERS:
        if (word_is(a, an, "next"))
            c->n = SCRIPT_ANSWERS_NEXT;
        else if (word_is(a, an, "all"))
            c->n = SCRIPT_ANSWERS_ALL;
        else if (word_is(a, an, "none"))
            c->n = SCRIPT_ANSWERS_NONE;
        else
            return FAIL("answers '%s': next, all or none", shown(a, an, w, sizeof w));
        return ERR_OK;
    case SCRIPT_PAUSE:
        p->s->n_stops++;
        return (c->text = dup_n(a, an)) ? ERR_OK : ERR_NOMEM;
    case SCRIPT_ASK:
        if (an == 0)
            return FAIL("ask needs the question");
        p->s->n_stops++;
        c->right = -1;
        p->ask = c;
        return (c->text = dup_n(a, an)) ? ERR_OK : ERR_NOMEM;
    case SCRIPT_REVEAL:
        if (an)
            return FAIL("reveal takes nothing after it");
        if (!p->mystery_hidden)
            return FAIL("reveal: this run is not a mystery, or it was revealed already");
        p->mystery_hidden = false;
        return ERR_OK;
    default: return ERR_OK;
    }
}

/* ---- the file ------------------------------------------------------------ */

/* What a line may hold: UTF-8 without control characters but tab. */
static bool line_text_ok(parser *p, const char *s, size_t n, err_t *e)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = esc_utf8_len((const unsigned char *)s + i, n - i, &cp);
        if (k == 0) {
            *e = FAIL("not UTF-8 (byte 0x%02x)", (unsigned char)s[i]);
            return false;
        }
        if (cp != '\t' && esc_unsafe(cp)) {
            *e = FAIL("control character U+%04X", (unsigned)cp);
            return false;
        }
        i += k;
    }
    return true;
}

err_t script_parse(const char *file, const char *buf, size_t len, script **out, char *err,
                   size_t cap)
{
    *out = NULL;
    script *s = calloc(1, sizeof *s);
    char name[512];
    esc_str(file, name, sizeof name);
    if (!s || !(s->file = dup_n(name, strlen(name)))) {
        free(s);
        return ERR_NOMEM;
    }
    parser ps = { .file = s->file, .s = s, .err = err, .err_cap = cap, .pane = SCRIPT_WIRE };
    parser *p = &ps;
    err_t e = ERR_OK;
    size_t i = 0;
    /* a byte-order mark at the start is not text */
    if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    if (len > SCRIPT_FILE_MAX) {
        p->line = 1;
        e = FAIL("the file is larger than %d bytes", SCRIPT_FILE_MAX);
    }
    while (e == ERR_OK && i < len) {
        p->line++;
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (buf + i)) : len - i;
        const char *l = buf + i;
        i += n + (nl != NULL);
        if (n && l[n - 1] == '\r')
            n--; /* CRLF */
        if (n > SCRIPT_LINE_MAX) {
            e = FAIL("the line is longer than %d bytes", SCRIPT_LINE_MAX);
            break;
        }
        if (!line_text_ok(p, l, n, &e))
            break;
        while (n && (*l == ' ' || *l == '\t'))
            l++, n--;
        if (n == 0 || *l == ';')
            continue;
        e = parse_line(p, l, n);
        if (e == ERR_NOMEM)
            break;
    }
    if (e == ERR_OK)
        e = end_ask(p);
    if (e == ERR_OK && !p->have_run) {
        p->line = p->line ? p->line : 1;
        e = FAIL("no 'run' line: a lecture shows at least one handshake");
    }
    if (e == ERR_NOMEM)
        snprintf(err, cap, "%s: out of memory", s->file);
    if (e != ERR_OK) {
        script_free(s);
        return e;
    }
    *out = s;
    return ERR_OK;
}

err_t script_load(const char *path, script **out, char *err, size_t cap)
{
    char name[512];
    esc_str(path, name, sizeof name);
    *out = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, cap, "--script: '%s' is not a regular file", name);
        return ERR_USAGE;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, cap, "--script: cannot read '%s': %s", name, strerror(errno));
        return ERR_USAGE;
    }
    char *buf = malloc(SCRIPT_FILE_MAX + 1);
    if (!buf) {
        fclose(f);
        return ERR_NOMEM;
    }
    size_t len = fread(buf, 1, SCRIPT_FILE_MAX + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    err_t e;
    if (bad) {
        snprintf(err, cap, "--script: cannot read '%s'", name);
        e = ERR_USAGE;
    } else {
        e = script_parse(path, buf, len, out, err, cap);
    }
    free(buf);
    return e;
}

void script_free(script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        script_cmd *c = &s->cmd[i];
        free(c->text);
        free(c->why);
        for (size_t k = 0; k < c->n_choices; k++)
            free(c->choice[k]);
    }
    free(s->cmd);
    free(s->title);
    free(s->file);
    free(s);
}

/* ---- checks against the lessons and the command line ---------------------- */

err_t script_check_lessons(const script *s, const lesson_set *ls, char *err, size_t cap)
{
    for (size_t i = 0; i < s->n; i++) {
        const script_cmd *c = &s->cmd[i];
        char src[256];
        if (c->verb == SCRIPT_LESSON && c->text && !lesson_title(ls, c->text))
            return fail(err, cap, s->file, c->line, "no lesson '%s' in %s", c->text,
                        esc_str(lesson_source(ls), src, sizeof src));
    }
    return ERR_OK;
}

bool script_run_options(const script_cmd *c, const sim_options *base, sim_options *out,
                        char *why, size_t cap)
{
    const script_run *r = &c->run;
    *out = *base;
    if (r->seed_set) {
        out->seeded = r->seeded;
        out->seed = r->seeded ? r->seed : 0;
        out->root_key = NULL; /* --clock, when given, stays: now is 0 without it */
    }
    if (r->tls_set)
        out->version = r->version;
    if (r->kx_set)
        out->kx = r->kx;
    if (r->ems_set)
        out->ems = r->ems;
    if (r->framing_set)
        out->framing = r->framing;
    if (r->scenario_set)
        out->scenario = r->scenario;
    if (out->version == TLS_V13 && out->kx == KX_TRANSPORT) {
        snprintf(why, cap, "TLS 1.3 has no key transport (RFC 8446 §1.2): kx=transport needs "
                           "tls=1.2");
        return false;
    }
    if (out->version == TLS_V13 && !out->ems) {
        snprintf(why, cap, "TLS 1.3 has no legacy master secret to choose (RFC 8446 §7.1): "
                           "ems=off needs tls=1.2");
        return false;
    }
    const scenario *sc = out->scenario;
    if (sc && !scenario_applies(sc, out->kx)) {
        snprintf(why, cap, "scenario %s does not apply with kx=%s", sc->name,
                 out->kx == KX_TRANSPORT ? "transport" : "ecdhe");
        return false;
    }
    if (sc && !scenario_fits(sc, out->version, out->framing)) {
        snprintf(why, cap, "scenario %s does not run in TLS %s with this framing", sc->name,
                 tls_version_str(out->version));
        return false;
    }
    return true;
}

err_t script_check_runs(const script *s, const sim_options *base, char *err, size_t cap)
{
    for (size_t i = 0; i < s->n; i++) {
        const script_cmd *c = &s->cmd[i];
        sim_options so;
        char why[200];
        if (c->verb == SCRIPT_RUN && !script_run_options(c, base, &so, why, sizeof why))
            return fail(err, cap, s->file, c->line, "run: %s", why);
    }
    return ERR_OK;
}
