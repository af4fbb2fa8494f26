/* fuzz_lessons.c — libFuzzer target for the lesson parser and expander
 * (lesson_parse.c, lesson_expand.c): lesson files come from teachers, so
 * they are untrusted, and what comes out reaches the terminal.
 *
 * The first input byte picks one of four real runs (ECDHE, key transport,
 * a failed handshake, the key-leak scenario with Eve); the rest is a lesson
 * file. A file the parser refuses must get a "fuzz.txt:LINE: reason"
 * message. A file it accepts is validated and expanded, and everything that
 * can reach a screen (title, body, questions, answers) must be valid UTF-8
 * with no C0 control but newline and tab, no DEL, no C1 control
 * (U+0080..U+009F) and no bidi control (U+202A..U+202E, U+2066..U+2069);
 * the body expanded with marks must be the body without marks plus
 * balanced LESSON_MARK_ON/OFF pairs. Build: make build/fuzz_lessons. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "teach/lesson_int.h"
#include "run/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define RUNS 4
static sim *runs[RUNS];

static void make_runs(void)
{
    static const struct { hs_kx kx; const char *scenario; } how[RUNS] = {
        { KX_ECDHE, NULL },
        { KX_TRANSPORT, NULL },
        { KX_ECDHE, "expired-client-cert" },
        { KX_ECDHE, "key-leak" },
    };
    if (sodium_init() < 0)
        abort();
    for (int i = 0; i < RUNS; i++) {
        sim_options o = { .seeded = true, .seed = 1, .kx = how[i].kx };
        if (how[i].scenario && !(o.scenario = scenario_find(how[i].scenario)))
            abort();
        runs[i] = sim_new();
        if (!runs[i] || sim_run(runs[i], &o) != ERR_OK)
            abort();
    }
}

/* Text fit for a terminal: valid UTF-8 with none of the controls above.
 * marks: LESSON_MARK_ON/OFF may appear too. */
static void check_text(const char *s, bool marks)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p, cp, len;
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t' &&
                 !(marks && (c == LESSON_MARK_ON || c == LESSON_MARK_OFF))) ||
                c == 0x7f)
                __builtin_trap();
            p++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)
            len = 2, cp = c & 0x1f;
        else if (c >= 0xe0 && c <= 0xef)
            len = 3, cp = c & 0x0f;
        else if (c >= 0xf0 && c <= 0xf4)
            len = 4, cp = c & 0x07;
        else
            __builtin_trap(); /* not a lead byte */
        for (unsigned i = 1; i < len; i++) {
            if ((p[i] & 0xc0) != 0x80)
                __builtin_trap(); /* truncated (a NUL ends the loop here too) */
            cp = cp << 6 | (p[i] & 0x3fu);
        }
        static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
        if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            __builtin_trap(); /* overlong, out of range, surrogate */
        if (cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
            __builtin_trap(); /* C1 or bidi control */
        p += len;
    }
}

/* with is the body expanded with marks: without them, it must be without,
 * and the marks come in ON..OFF pairs that do not nest. */
static void check_marks(const char *with, const char *without)
{
    bool open = false;
    for (; *with; with++) {
        if (*with == LESSON_MARK_ON || *with == LESSON_MARK_OFF) {
            if (open != (*with == LESSON_MARK_OFF))
                __builtin_trap();
            open = !open;
            continue;
        }
        if (*with != *without++)
            __builtin_trap();
    }
    if (open || *without)
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!runs[0])
        make_runs();
    if (size < 1 || size - 1 > LESSON_FILE_MAX)
        return 0;
    const trace *t = &runs[data[0] % RUNS]->tr;
    const char *text = (const char *)data + 1;
    size--;

    lesson *l = NULL;
    char err[512];
    err[0] = '\0';
    err_t e = lesson_parse("fuzz.txt", "extra", 50, text, size, &l, err, sizeof err);
    if (e != ERR_OK) {
        /* refused: a message that names the file and the line; no lesson */
        if (l || strncmp(err, "fuzz.txt:", 9) != 0 || !memchr(err, '\0', sizeof err))
            __builtin_trap();
        return 0;
    }
    lesson *v[1] = { l };
    lesson_set set = { "fuzz", v, 1 };
    check_text(lesson_title(&set, "extra"), false);
    for (size_t i = 0; i < lesson_n_questions(&set, "extra"); i++) {
        check_text(lesson_question(&set, "extra", i), false);
        check_text(lesson_answer(&set, "extra", i), false);
    }
    err_t ev = lesson_validate(&set, err, sizeof err);
    char *plain = lesson_expand(&set, "extra", t, false, &e, err, sizeof err);
    /* a lesson that validates expands (validation also reads the lines an
     * @if skips, so not the other way round); a refusal says why */
    if ((ev == ERR_OK && !plain) || (!plain && e != ERR_LESSON_PLACEHOLDER))
        __builtin_trap();
    if (plain) {
        check_text(plain, false);
        char *marked = lesson_expand(&set, "extra", t, true, &e, err, sizeof err);
        if (!marked)
            __builtin_trap();
        check_text(marked, true);
        check_marks(marked, plain);
        lesson_text_free(marked);
    }
    lesson_text_free(plain);
    lesson_del(l);
    return 0;
}
