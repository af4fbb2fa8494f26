/* tui_term.c — curses setup and teardown, signals, the virtual screen, dumps. */
#include "tui_term.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "afile.h"

/* A signal handler may only set a flag; the main loop sees it, leaves, and
 * restores the terminal. This is the one piece of global state, because a
 * handler has no other way to talk to the loop. */
static volatile sig_atomic_t quit_signal;

static void on_signal(int sig) { quit_signal = sig; }

static struct sigaction old_int, old_term, old_hup;

/* Process start, taken before main() runs, so the first-frame figure of the
 * benchmark includes everything the program does. */
static struct timespec start_ts;
__attribute__((constructor)) static void mark_start(void)
{
    clock_gettime(CLOCK_MONOTONIC, &start_ts);
}

double tui_ms_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

double tui_ms_since_start(void)
{
    return tui_ms_now() - ((double)start_ts.tv_sec * 1e3 + (double)start_ts.tv_nsec / 1e6);
}

bool tui_term_quit_requested(void) { return quit_signal != 0; }

bool tui_term_usable(char *why, size_t cap)
{
    const char *term = getenv("TERM");
    if (!isatty(STDOUT_FILENO)) {
        snprintf(why, cap, "standard output is not a terminal");
        return false;
    }
    if (!isatty(STDIN_FILENO)) {
        snprintf(why, cap, "standard input is not a terminal");
        return false;
    }
    if (!term || !*term || strcmp(term, "dumb") == 0) {
        snprintf(why, cap, "TERM is %s", term && *term ? "\"dumb\"" : "not set");
        return false;
    }
    return true;
}

static void set_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns so the loop can see the flag */
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
}

static void restore_signals(void)
{
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
}

static bool locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

/* A terminal type for a virtual screen: $TERM when it names a real one, else
 * a common type; only its size and keys matter since nothing is shown. */
static SCREEN *virtual_newterm(FILE *out, FILE *in)
{
    const char *env = getenv("TERM");
    const char *types[] = { env, "xterm-256color", "xterm", "vt100", "ansi" };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (!types[i] || !*types[i] || strcmp(types[i], "dumb") == 0)
            continue;
        SCREEN *s = newterm(types[i], out, in);
        if (s)
            return s;
    }
    return NULL;
}

bool tui_term_start(tui_term *t, bool virtual_screen, int cols, int rows, char *why, size_t cap)
{
    memset(t, 0, sizeof *t);
    setlocale(LC_ALL, "");
    t->utf8 = locale_is_utf8();
    t->virtual_screen = virtual_screen;
    quit_signal = 0;
    /* ours before curses starts: ncurses then leaves SIGINT/SIGTERM to us */
    set_signals();
    if (virtual_screen) {
        t->out = fopen("/dev/null", "w");
        t->in = fopen("/dev/null", "r");
        if (!t->out || !t->in) {
            snprintf(why, cap, "cannot open /dev/null: %s", strerror(errno));
            goto fail;
        }
        t->scr = virtual_newterm(t->out, t->in);
    } else {
        t->scr = newterm(NULL, stdout, stdin);
    }
    if (!t->scr) {
        snprintf(why, cap, "the terminal type \"%s\" is unknown to curses",
                 getenv("TERM") ? getenv("TERM") : "");
        goto fail;
    }
    set_term(t->scr);
    t->active = true;
    if (virtual_screen)
        resizeterm(rows, cols);
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25); /* Esc alone should not wait a second */
    mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL);
    mouseinterval(0);
    const char *nc = getenv("NO_COLOR");
    t->color = has_colors() && !(nc && *nc) && start_color() == OK;
    return true;
fail:
    tui_term_stop(t);
    return false;
}

void tui_term_stop(tui_term *t)
{
    if (t->active) {
        endwin();
        delscreen(t->scr);
        t->scr = NULL;
        t->active = false;
        if (!t->virtual_screen)
            fflush(stdout);
    }
    if (t->out)
        fclose(t->out);
    if (t->in)
        fclose(t->in);
    t->out = t->in = NULL;
    restore_signals();
}

static size_t utf8_put(uint32_t c, char *o)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xc0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xe0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (char)(0xf0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* One screen row as UTF-8, trailing spaces trimmed; returns its length. */
static size_t dump_row(int y, char *line, size_t cap)
{
    size_t n = 0, keep = 0;
    for (int x = 0; x < COLS && n + 8 < cap; x++) {
        cchar_t cc;
        wchar_t wc[CCHARW_MAX + 1] = { 0 };
        attr_t a;
        short pair;
        if (mvwin_wch(curscr, y, x, &cc) == ERR || getcchar(&cc, wc, &a, &pair, NULL) == ERR)
            wc[0] = L' ';
        for (int k = 0; k < CCHARW_MAX && wc[k]; k++)
            n += utf8_put((uint32_t)wc[k], line + n);
        if (!wc[0])
            line[n++] = ' ';
        if (wc[0] != L' ' && wc[0])
            keep = n;
        int w = wc[0] ? wcwidth(wc[0]) : 1;
        if (w > 1)
            x += w - 1; /* the cells a wide character covers hold no text of their own */
    }
    return keep;
}

bool tui_term_dump(const char *path, char *err, size_t cap)
{
    size_t line_cap = (size_t)COLS * 4 * CCHARW_MAX + 16;
    char *line = malloc(line_cap);
    afile a;
    if (!line) {
        snprintf(err, cap, "out of memory");
        return false;
    }
    /* 0600: the screen may show a private key or the master secret */
    if (afile_open(&a, NULL, path, AFILE_SECRET) != ERR_OK) {
        snprintf(err, cap, "%s", afile_why(&a));
        free(line);
        return false;
    }
    for (int y = 0; y < LINES; y++) {
        size_t n = dump_row(y, line, line_cap);
        fwrite(line, 1, n, a.f);
        fputc('\n', a.f);
    }
    free(line);
    if (afile_close(&a, true) != ERR_OK) {
        snprintf(err, cap, "%s", afile_why(&a));
        return false;
    }
    return true;
}
