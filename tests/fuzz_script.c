/* fuzz_script.c — libFuzzer target for the lecture-script parser
 * (teach/script.c): the input is a script file.
 *
 * A refused input gives "f:LINE: what" with LINE one of the input's lines
 * (or 1 for an empty one) and no script. An accepted one holds at most one
 * command per line, each naming a line in order; its questions have two to
 * six choices and a right one among them; its stops are its pauses and
 * questions; no text it keeps has a control character (they reach the
 * screen). Checking its runs against default options never fails silently:
 * ERR_OK, or a message naming one of its run lines.
 * Build: make build/fuzz_script. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/esc.h"
#include "teach/script.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void clean_text(const char *s)
{
    if (!s)
        return;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = esc_utf8_len((const unsigned char *)s + i, n - i, &cp);
        if (k == 0 || (cp != '\t' && esc_unsafe(cp)))
            abort();
        i += k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    script *s = NULL;
    char err[512];
    err[0] = '\0';
    err_t e = script_parse("f", (const char *)data, size, &s, err, sizeof err);
    if (e != ERR_OK) {
        if (s)
            abort();
        if (e == ERR_NOMEM)
            return 0;
        unsigned long line = 0;
        if (e != ERR_SCRIPT_SYNTAX || sscanf(err, "f:%lu:", &line) != 1 || line < 1 ||
            line > lines)
            abort();
        return 0;
    }
    size_t stops = 0;
    int last = 0;
    for (size_t i = 0; i < s->n; i++) {
        const script_cmd *c = &s->cmd[i];
        if (c->line < 1 || (size_t)c->line > lines || c->line <= last)
            abort();
        last = c->line;
        clean_text(c->text);
        clean_text(c->why);
        if (c->verb == SCRIPT_ASK) {
            if (c->n_choices < 2 || c->n_choices > SCRIPT_CHOICES_MAX || c->right < 0 ||
                (size_t)c->right >= c->n_choices || !c->text)
                abort();
            for (size_t k = 0; k < c->n_choices; k++)
                clean_text(c->choice[k]);
        }
        stops += c->verb == SCRIPT_PAUSE || c->verb == SCRIPT_ASK;
        if (c->verb == SCRIPT_STEP && (c->n < 0 || c->n > 7))
            abort();
    }
    clean_text(s->title);
    if (stops != s->n_stops || s->n == 0 || s->cmd[0].verb != SCRIPT_RUN)
        abort();
    sim_options base = { .seeded = true, .seed = 1, .kx = KX_ECDHE, .ems = true };
    unsigned long line = 0;
    if (script_check_runs(s, &base, err, sizeof err) != ERR_OK &&
        (sscanf(err, "f:%lu: run:", &line) != 1 || line < 1 || line > lines))
        abort();
    script_free(s);
    return 0;
}
