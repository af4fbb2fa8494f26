/* tui_keys.c — the key table and --keys scripts. */
#include "view/tui/tui_keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "view/tui/tui_text.h"

#define KEY_CTRL_C 3
#define KEY_ESC 27
#define KEY_DEL 127
#define KEY_CTRL_H 8

/* The order here is the order of the help screen and the hints line. */
const tui_keybind tui_keymap[] = {
    { { ' ', 'n', KEY_RIGHT, 'l' }, ACT_NEXT, "next step", "step", "\u2190\u2192", 1 },
    { { 'p', KEY_LEFT, 'h', KEY_BACKSPACE, KEY_DEL, KEY_CTRL_H }, ACT_PREV,
      "previous step (shows exactly the earlier state)", NULL, NULL, 0 },
    { { 'g', KEY_HOME }, ACT_FIRST, "first step", NULL, NULL, 0 },
    { { 'G', KEY_END }, ACT_LAST, "last step", NULL, NULL, 0 },
    { { KEY_UP, 'k' }, ACT_UP, "select up (detail: previous field; lesson: scroll)", NULL, NULL,
      0 },
    { { KEY_DOWN, 'j' }, ACT_DOWN, "select down (detail: next field; lesson: scroll)", "select",
      "\u2191\u2193", 1 },
    { { KEY_PPAGE }, ACT_PAGE_UP, "scroll the focused pane up a page", NULL, NULL, 0 },
    { { KEY_NPAGE }, ACT_PAGE_DOWN, "scroll the focused pane down a page", NULL, NULL, 0 },
    { { '\t' }, ACT_TAB, "switch pane: client, wire, server, detail, lesson", "pane", NULL, 2 },
    { { KEY_BTAB }, ACT_BACKTAB, "switch pane backwards", NULL, NULL, 0 },
    { { '\n', '\r', KEY_ENTER }, ACT_ENTER, "open the selection in the detail pane", "detail",
      NULL, 4 },
    { { KEY_ESC }, ACT_ESCAPE, "back: close help or menu, unzoom, leave the detail", NULL,
      NULL, 0 },
    { { 'z' }, ACT_ZOOM, "zoom the focused pane to the full screen, and back", "zoom", NULL, 2 },
    { { 'e' }, ACT_EVE, "eavesdropper view: only what crossed the wire", "eavesdrop", NULL, 1 },
    { { 's' }, ACT_SCENARIO, "scenarios: the same handshake with one fault or attack",
      "scenario", NULL, 2 },
    { { 'c' }, ACT_COMPARE, "compare with the clean run: what changed, from where",
      "compare", NULL, 3 },
    { { 'm' }, ACT_MONITOR, "monitor: messages, checks, alerts, step times",
      "monitor", NULL, 3 },
    { { 'a' }, ACT_ANSWERS, "the lesson's next answer (after the last: hide them)",
      "answers", NULL, 3 },
    { { 'A' }, ACT_ANSWERS_ALL, "all the lesson's answers, or hide them", NULL, NULL, 0 },
    { { 'i' }, ACT_LESSONS, "other lessons: introduction, failures, ..., and back", "lessons",
      NULL, 3 },
    { { 'r' }, ACT_NEW, "new handshake: fresh live randomness, no scenario", "new",
      NULL, 4 },
    { { '?' }, ACT_HELP, "this help", "help", NULL, 1 },
    { { 'q', KEY_CTRL_C }, ACT_QUIT, "quit (Ctrl-C too)", "quit", NULL, 1 },
    /* after quit: the rows above are one 80x24 help screen, every key up to
     * q on it; these are a scroll away there, on the first screen of a
     * taller terminal */
    { { 't' }, ACT_AUTO, "resume or pause --auto (any other key pauses it)", NULL, NULL, 0 },
    { { 'V' }, ACT_VERSIONS, "TLS 1.2 beside TLS 1.3: this run in both versions", NULL, NULL,
      0 },
    { { 'P' }, ACT_PREDICT, "predict mode: a question before each next step, and a score",
      NULL, NULL, 0 },
    { { 'f' }, ACT_GUESS, "--mystery: say what the fault was, then the reveal", NULL, NULL, 0 },
};
const size_t tui_keymap_len = sizeof tui_keymap / sizeof tui_keymap[0];

tui_action tui_key_action(int key)
{
    for (size_t i = 0; i < tui_keymap_len; i++)
        for (int k = 0; k < TUI_KEYS_PER_ACTION && tui_keymap[i].keys[k]; k++)
            if (tui_keymap[i].keys[k] == key)
                return tui_keymap[i].act;
    return ACT_NONE;
}

const char *tui_key_name(int key, char *buf, size_t cap)
{
    switch (key) {
    case ' ': return "space";
    case '\t': return "Tab";
    case KEY_BTAB: return "shift-Tab";
    case '\n': case '\r': case KEY_ENTER: return "Enter";
    case KEY_ESC: return "Esc";
    case KEY_CTRL_C: return "Ctrl-C";
    case KEY_BACKSPACE: case KEY_DEL: case KEY_CTRL_H: return "backspace";
    case KEY_RIGHT: return "\u2192";
    case KEY_LEFT: return "\u2190";
    case KEY_UP: return "\u2191";
    case KEY_DOWN: return "\u2193";
    case KEY_HOME: return "Home";
    case KEY_END: return "End";
    case KEY_PPAGE: return "PgUp";
    case KEY_NPAGE: return "PgDn";
    default:
        if (key > ' ' && key < 0x7f)
            snprintf(buf, cap, "%c", key);
        else
            snprintf(buf, cap, "key %d", key);
        return buf;
    }
}

void tui_keybind_names(const tui_keybind *b, int max, const char *sep, char *out, size_t cap)
{
    size_t used = 0;
    const char *named[TUI_KEYS_PER_ACTION]; /* names of special keys already written */
    int n_named = 0, shown = 0;
    out[0] = '\0';
    for (int k = 0; k < TUI_KEYS_PER_ACTION && b->keys[k] && shown < max; k++) {
        char buf[16];
        const char *name = tui_key_name(b->keys[k], buf, sizeof buf);
        if (name != buf) {
            /* Enter and backspace each have several codes: name them once */
            bool dup = false;
            for (int j = 0; j < n_named; j++)
                dup |= strcmp(named[j], name) == 0;
            if (dup)
                continue;
            named[n_named++] = name;
        }
        int w = snprintf(out + used, cap - used, "%s%s", used ? sep : "", name);
        if (w < 0 || (size_t)w >= cap - used)
            break;
        used += (size_t)w;
        shown++;
    }
}

/* The hints entry of row i, as it is written in the line. */
static void hint_entry(const tui_keybind *b, char *out, size_t cap)
{
    char buf[16];
    const char *keys = b->hint_keys ? b->hint_keys : tui_key_name(b->keys[0], buf, sizeof buf);
    snprintf(out, cap, "%s %s", keys, b->hint);
}

#define HINT_RANKS 4

void tui_hints_line(int cols, bool utf8, char *line, size_t cap)
{
    bool in[64] = { false };
    int w[64] = { 0 }, used = 0;
    size_t n = tui_keymap_len < 64 ? tui_keymap_len : 64;
    for (size_t i = 0; i < n; i++) {
        char e[64];
        if (!tui_keymap[i].hint)
            continue;
        hint_entry(&tui_keymap[i], e, sizeof e);
        w[i] = tui_text_width(e, (size_t)-1, utf8);
    }
    /* whole ranks first, so the line does not change its mind about a key
     * from one width to the next; rank 1 always */
    for (int rank = 1; rank <= HINT_RANKS; rank++) {
        int need = used;
        for (size_t i = 0; i < n; i++)
            if (tui_keymap[i].hint && tui_keymap[i].hint_rank == rank)
                need += (need ? 2 : 0) + w[i];
        if (rank > 1 && need > cols - 1) {
            /* then what still fits of the ranks left, more important first */
            for (int r = rank; r <= HINT_RANKS; r++)
                for (size_t i = 0; i < n; i++)
                    if (tui_keymap[i].hint && tui_keymap[i].hint_rank == r &&
                        used + (used ? 2 : 0) + w[i] <= cols - 1) {
                        in[i] = true;
                        used += (used ? 2 : 0) + w[i];
                    }
            break;
        }
        for (size_t i = 0; i < n; i++)
            if (tui_keymap[i].hint && tui_keymap[i].hint_rank == rank)
                in[i] = true;
        used = need;
    }
    size_t at = 0;
    line[0] = '\0';
    for (size_t i = 0; i < n && at < cap; i++) {
        if (!in[i])
            continue;
        char e[64];
        hint_entry(&tui_keymap[i], e, sizeof e);
        int k = snprintf(line + at, cap - at, "%s%s", at ? "  " : "", e);
        if (k < 0 || (size_t)k >= cap - at)
            break;
        at += (size_t)k;
    }
}

const tui_escape tui_escapes[] = {
    { "right", KEY_RIGHT, "arrow keys" },
    { "left", KEY_LEFT, NULL },
    { "up", KEY_UP, NULL },
    { "down", KEY_DOWN, NULL },
    { "tab", '\t', "Tab and shift-Tab" },
    { "btab", KEY_BTAB, NULL },
    { "enter", '\n', "Enter" },
    { "bs", KEY_BACKSPACE, "backspace" },
    { "home", KEY_HOME, "Home, End" },
    { "end", KEY_END, NULL },
    { "pgup", KEY_PPAGE, "page up, page down" },
    { "pgdn", KEY_NPAGE, NULL },
    { "esc", KEY_ESC, "Escape" },
    { "space", ' ', "space" },
    { "c-c", KEY_CTRL_C, "Ctrl-C" },
    { "lt", '<', "a literal <" },
    { "tick", TUI_EV_TICK, "the --auto timer firing once" },
};
const size_t tui_escapes_len = sizeof tui_escapes / sizeof tui_escapes[0];

static bool push(tui_script *s, size_t *cap, int key, int a, int b)
{
    if (!vec_reserve((void **)&s->k, cap, s->n + 1, sizeof *s->k, 32))
        return false;
    s->k[s->n++] = (tui_script_key){ key, a, b };
    return true;
}

/* A whole number from lo to hi written with digits only, at *p: no sign and
 * no space, as --seed reads numbers (strtol would take " 80" and "+80").
 * Moves *p past the digits; false when there are none or it is out of range. */
static bool whole_number(const char **p, const char *end, int lo, int hi, int *v)
{
    long x = 0;
    const char *s = *p;
    while (s < end && *s >= '0' && *s <= '9') {
        x = x * 10 + (*s - '0');
        if (x > hi)
            return false; /* also keeps a long run of digits from overflowing */
        s++;
    }
    if (s == *p || x < lo)
        return false;
    *v = (int)x;
    *p = s;
    return true;
}

/* "WxH" or "X,Y": two whole numbers from lo to hi around a separator, and
 * nothing else. */
static bool two_numbers(const char *s, size_t n, char sep, int lo, int hi, int *a, int *b)
{
    const char *p = s, *end = s + n;
    return whole_number(&p, end, lo, hi, a) && p < end && *p++ == sep &&
           whole_number(&p, end, lo, hi, b) && p == end;
}

bool tui_script_parse(const char *s, tui_script *out, char *err, size_t cap)
{
    size_t kcap = 0;
    *out = (tui_script){ 0 };
    for (size_t i = 0; s[i];) {
        bool ok = true;
        if (s[i] != '<') {
            /* the byte itself, as a terminal would deliver it */
            ok = push(out, &kcap, (unsigned char)s[i], 0, 0);
            i++;
        } else {
            const char *close = strchr(s + i, '>');
            if (!close) {
                snprintf(err, cap, "--keys: '<' at position %zu has no closing '>' (write <lt> "
                                   "for a literal <)", i + 1);
                goto fail;
            }
            const char *name = s + i + 1;
            size_t n = (size_t)(close - name);
            int a = 0, b = 0;
            bool found = false;
            for (size_t e = 0; e < tui_escapes_len && !found; e++) {
                if (strlen(tui_escapes[e].name) == n && strncmp(name, tui_escapes[e].name, n) == 0) {
                    ok = push(out, &kcap, tui_escapes[e].key, 0, 0);
                    found = true;
                }
            }
            if (!found && n > 7 && strncmp(name, "resize:", 7) == 0) {
                if (!two_numbers(name + 7, n - 7, 'x', 1, 1000, &a, &b)) {
                    snprintf(err, cap, "--keys: <%.*s>: write <resize:COLUMNSxROWS>, e.g. "
                                       "<resize:120x40>", (int)n, name);
                    goto fail;
                }
                ok = push(out, &kcap, TUI_EV_RESIZE, a, b);
                found = true;
            }
            if (!found && n > 6 && strncmp(name, "click:", 6) == 0) {
                if (!two_numbers(name + 6, n - 6, ',', 0, 1000, &a, &b)) {
                    snprintf(err, cap, "--keys: <%.*s>: write <click:COLUMN,ROW>, counted from "
                                       "0, e.g. <click:40,5>", (int)n, name);
                    goto fail;
                }
                ok = push(out, &kcap, TUI_EV_CLICK, a, b);
                found = true;
            }
            if (!found) {
                snprintf(err, cap, "--keys: unknown key <%.*s> (the help screen, key ?, lists "
                                   "them)", (int)(n > 40 ? 40 : n), name);
                goto fail;
            }
            i += n + 2;
        }
        if (!ok) {
            snprintf(err, cap, "--keys: out of memory");
            goto fail;
        }
    }
    return true;
fail:
    tui_script_free(out);
    return false;
}

void tui_script_free(tui_script *s)
{
    free(s->k);
    *s = (tui_script){ 0 };
}
