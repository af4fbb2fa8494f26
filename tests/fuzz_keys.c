/* fuzz_keys.c — libFuzzer target for the --keys parser (tui_keys.c): the
 * input, up to its first NUL, is a --keys string.
 *
 * A string the parser refuses gets a "--keys: ..." message and no script (the
 * message may quote the input raw: whoever prints it escapes it). A
 * string it accepts gives at most one event per byte, each a byte, a key of
 * the escape table, or a resize/click inside its bounds; and writing the
 * script back as a --keys string (bytes as they are, '<' as <lt>, the rest
 * by their escape names) and parsing that gives the same script again.
 * Build: make build/fuzz_keys. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/tui/tui_keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEYS_MAX 4096

/* The name of an escape for key, or NULL. */
static const char *escape_name(int key)
{
    for (size_t i = 0; i < tui_escapes_len; i++)
        if (tui_escapes[i].key == key)
            return tui_escapes[i].name;
    return NULL;
}

/* Write script sc back as a --keys string; false when it cannot be written. */
static bool unparse(const tui_script *sc, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sc->n; i++) {
        const tui_script_key *k = &sc->k[i];
        int w;
        if (k->key > 0 && k->key < 256 && k->key != '<')
            w = snprintf(out + at, cap - at, "%c", k->key);
        else if (k->key == TUI_EV_RESIZE)
            w = snprintf(out + at, cap - at, "<resize:%dx%d>", k->a, k->b);
        else if (k->key == TUI_EV_CLICK)
            w = snprintf(out + at, cap - at, "<click:%d,%d>", k->a, k->b);
        else if (escape_name(k->key))
            w = snprintf(out + at, cap - at, "<%s>", escape_name(k->key));
        else
            __builtin_trap(); /* an event --keys cannot have written */
        if (w < 0 || (size_t)w >= cap - at)
            return false;
        at += (size_t)w;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char s[KEYS_MAX + 1], again[16 * KEYS_MAX + 1];
    if (size > KEYS_MAX)
        size = KEYS_MAX;
    memcpy(s, data, size);
    s[size] = '\0';
    size = strlen(s);

    tui_script sc;
    char err[256];
    err[0] = '\0';
    if (!tui_script_parse(s, &sc, err, sizeof err)) {
        if (sc.k || sc.n || strncmp(err, "--keys: ", 8) != 0)
            __builtin_trap();
        return 0;
    }
    if (sc.n > size || sc.pos != 0)
        __builtin_trap();
    for (size_t i = 0; i < sc.n; i++) {
        const tui_script_key *k = &sc.k[i];
        if (k->key == TUI_EV_RESIZE) {
            if (k->a < 1 || k->a > 1000 || k->b < 1 || k->b > 1000)
                __builtin_trap();
        } else if (k->key == TUI_EV_CLICK) {
            if (k->a < 0 || k->a > 1000 || k->b < 0 || k->b > 1000)
                __builtin_trap();
        } else if (k->a || k->b || k->key <= 0 || (k->key >= 256 && !escape_name(k->key))) {
            __builtin_trap();
        }
    }
    /* the same script, written back and read again */
    if (!unparse(&sc, again, sizeof again))
        __builtin_trap();
    tui_script sc2;
    if (!tui_script_parse(again, &sc2, err, sizeof err) || sc2.n != sc.n ||
        (sc.n && memcmp(sc.k, sc2.k, sc.n * sizeof *sc.k) != 0))
        __builtin_trap();
    tui_script_free(&sc2);
    tui_script_free(&sc);
    return 0;
}
