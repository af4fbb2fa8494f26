/* tui_term.c — curses setup and teardown, signals, the virtual screen, dumps. */
#include "view/tui/tui_term.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "base/afile.h"

/* A signal handler may only set a flag; the main loop sees it, leaves, and
 * restores the terminal. This flag and the saved dispositions below are the
 * only global state, because a handler has no other way to talk to the loop
 * and dispositions belong to the process. The first signal sticks: it is the
 * one the program ends by. */
static volatile sig_atomic_t quit_signal;

static void on_signal(int sig)
{
    if (!quit_signal)
        quit_signal = sig;
}

/* Every signal whose default action ends the process and that can come from
 * outside (the keyboard, kill, the kernel on a hangup or a limit). Each one
 * is caught so that the terminal is restored before the program ends: left
 * to its default, SIGQUIT or SIGUSR1 would leave the cursor hidden, keypad
 * mode and mouse reporting on. Faults (SIGSEGV, SIGABRT, ...) are not here:
 * returning from their handler cannot go on safely. */
static const int end_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGPIPE, SIGALRM,
#ifdef SIGVTALRM
    SIGVTALRM,
#endif
#ifdef SIGPROF
    SIGPROF,
#endif
#ifdef SIGXCPU
    SIGXCPU,
#endif
#ifdef SIGXFSZ
    SIGXFSZ,
#endif
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
#define END_SIGNALS_LEN (sizeof end_signals / sizeof end_signals[0])
#define RT_SIGNALS_MAX 64

/* The dispositions found at start, put back at stop. */
static struct saved_signal {
    int sig;
    struct sigaction old;
} saved[END_SIGNALS_LEN + RT_SIGNALS_MAX];
static size_t n_saved;

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

static void catch_signal(int sig, const struct sigaction *sa)
{
    struct sigaction old;
    if (n_saved == sizeof saved / sizeof saved[0] || sigaction(sig, NULL, &old) != 0)
        return;
    /* only a signal left to its default: one ignored by whoever started us
     * (nohup, a daemon) stays ignored, and a handler someone else installed
     * (a profiler's SIGPROF) stays theirs */
    if ((old.sa_flags & SA_SIGINFO) || old.sa_handler != SIG_DFL)
        return;
    if (sigaction(sig, sa, NULL) == 0)
        saved[n_saved++] = (struct saved_signal){ sig, old };
}

static void set_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocked read returns so the loop can see the flag */
    n_saved = 0;
    for (size_t i = 0; i < END_SIGNALS_LEN; i++)
        catch_signal(end_signals[i], &sa);
#if defined(SIGRTMIN) && defined(SIGRTMAX)
    for (int sig = SIGRTMIN; sig <= SIGRTMAX; sig++)
        catch_signal(sig, &sa);
#endif
}

static void restore_signals(void)
{
    for (size_t i = 0; i < n_saved; i++)
        sigaction(saved[i].sig, &saved[i].old, NULL);
    n_saved = 0;
}

int tui_term_signal(void) { return quit_signal; }

void tui_term_hangup(void)
{
    if (!quit_signal)
        quit_signal = SIGHUP;
}

/* A signal whose default action writes a core file: the program has already
 * cleaned up, so a core of it would show nothing but this function. */
static bool dumps_core(int sig)
{
    return sig == SIGQUIT
#ifdef SIGXCPU
           || sig == SIGXCPU
#endif
#ifdef SIGXFSZ
           || sig == SIGXFSZ
#endif
        ;
}

_Noreturn void tui_term_reraise(int sig)
{
    fflush(NULL);
    if (!dumps_core(sig)) {
        /* ended by the signal itself, so a shell running us knows (an
         * interrupted script stops instead of going on) */
        struct sigaction sa;
        sigset_t set;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(sig, &sa, NULL);
        sigemptyset(&set);
        sigaddset(&set, sig);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        raise(sig);
    }
    _exit(128 + sig); /* what a shell reports for a death by sig */
}

bool tui_term_lost(const tui_term *t)
{
    if (t->virtual_screen)
        return false;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
    if (poll(&p, 1, 0) < 0)
        return errno != EINTR && errno != EAGAIN;
    if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
        return true;
    /* a hung-up terminal answers every request with EIO */
    struct termios tio;
    return tcgetattr(STDIN_FILENO, &tio) != 0 && errno != EINTR;
}

/* Flow control (Ctrl-S, Ctrl-Q) and the keys that send SIGINT and SIGQUIT
 * are turned off while curses runs: Ctrl-S would freeze the screen, which a
 * student takes for a hang, and Ctrl-\ would end the program by a signal.
 * Ctrl-C then reaches the key table as a key (quit, like q); Ctrl-Z still
 * suspends. def_prog_mode records these modes as curses' own, so they come
 * back after a suspension; endwin restores the modes found at start. When
 * the modes cannot be read or set they stay as they are: the interface
 * works, only Ctrl-S and Ctrl-\ keep their usual meaning. */
static void quiet_keyboard(void)
{
    struct termios tio;
    if (tcgetattr(STDIN_FILENO, &tio) != 0)
        return;
    tio.c_iflag &= (tcflag_t)~IXON;
    tio.c_cc[VINTR] = _POSIX_VDISABLE;
    tio.c_cc[VQUIT] = _POSIX_VDISABLE;
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &tio) == 0)
        def_prog_mode();
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
    if (!virtual_screen)
        quiet_keyboard();
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
