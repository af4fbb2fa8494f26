/* tui_keys.h — the one key table, the help it generates, and --keys scripts.
 *
 * Every key the interface understands is a row of tui_keymap; the dispatcher,
 * the help screen and the hints line all read that table, so they cannot
 * disagree. --keys STRING is parsed here into the same key codes a person
 * would type, plus a few script-only events (resize, click, auto tick).
 */
#ifndef MTLS_TUI_KEYS_H
#define MTLS_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "view/tui/tui_curses.h"

typedef enum {
    ACT_NONE,
    ACT_NEXT,
    ACT_PREV,
    ACT_FIRST,
    ACT_LAST,
    ACT_UP,
    ACT_DOWN,
    ACT_PAGE_UP,
    ACT_PAGE_DOWN,
    ACT_TAB,
    ACT_BACKTAB,
    ACT_ENTER,
    ACT_ESCAPE,
    ACT_ZOOM,
    ACT_EVE,
    ACT_SCENARIO,
    ACT_COMPARE,
    ACT_VERSIONS,
    ACT_MONITOR,
    ACT_ANSWERS,
    ACT_ANSWERS_ALL,
    ACT_LESSONS,
    ACT_NEW,
    ACT_AUTO,
    ACT_HELP,
    ACT_QUIT,
    ACT_PREDICT,
    ACT_GUESS,
} tui_action;

#define TUI_KEYS_PER_ACTION 6

typedef struct tui_keybind {
    int keys[TUI_KEYS_PER_ACTION]; /* 0 ends the list */
    tui_action act;
    const char *help;              /* the help screen's words */
    const char *hint;              /* the hints line's word, NULL: not in the hints */
    const char *hint_keys;         /* the hints line's key names, NULL: the first key's */
    int hint_rank;                 /* 1: always in the hints; 2..4: when there is room */
} tui_keybind;

extern const tui_keybind tui_keymap[];
extern const size_t tui_keymap_len;

/* The action of a key code (from getch or a script), ACT_NONE if unbound. */
tui_action tui_key_action(int key);
/* A key's name for people: "space", "→", "Tab", "q" (UTF-8; the drawing
 * code turns arrows into ASCII on other terminals). */
const char *tui_key_name(int key, char *buf, size_t cap);
/* All of a row's key names, joined by sep (duplicates such as the three
 * backspace codes named once). */
void tui_keybind_names(const tui_keybind *b, int max, const char *sep, char *out, size_t cap);
/* The hints line for a screen cols wide: "keys word" entries two spaces
 * apart, in table order. Every entry of the highest rank that fits whole
 * (1 always), then more important leftovers (lower rank first) while they
 * fit in cols - 1 columns. */
void tui_hints_line(int cols, bool utf8, char *line, size_t cap);

/* Script-only events, above any curses key code. */
enum {
    TUI_EV_RESIZE = KEY_MAX + 1, /* a = columns, b = rows */
    TUI_EV_CLICK,                /* a = column, b = row (0-based) */
    TUI_EV_TICK,                 /* the --auto timer fires */
};

typedef struct tui_script_key {
    int key;
    int a, b;
} tui_script_key;

typedef struct tui_script {
    tui_script_key *k;
    size_t n, pos;
} tui_script;

/* The escapes --keys understands, for the help screen and errors. */
typedef struct tui_escape {
    const char *name;   /* as written between < and > */
    int key;
    const char *help;
} tui_escape;
extern const tui_escape tui_escapes[];
extern const size_t tui_escapes_len;

/* Parse a --keys string: plain characters are typed as they are, <name>
 * is a special key (see tui_escapes), <resize:WxH>, <click:X,Y>.
 * On a mistake, writes one line into err and returns false. */
bool tui_script_parse(const char *s, tui_script *out, char *err, size_t cap);
void tui_script_free(tui_script *s);

#endif
