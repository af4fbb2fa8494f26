/* script.h — a lecture that runs itself (--script FILE): the plain-text file
 * a teacher writes, parsed into a list of commands the interface carries
 * out, one pause or question at a time (format: lessons/SCRIPTS.md).
 *
 *   run seed=1 scenario=expired-client-cert     a handshake to show
 *   step 3                                      what the screen shows
 *   pause Ask who sends the alert.              wait for space; the note is
 *                                               the presenter's only
 *   ask Which side finds the expired certificate?
 *   choice the client
 *   choice the server
 *   answer 2                                    a question of the teacher's
 *
 * Parsing checks everything that can be checked without the lessons: each
 * mistake is "FILE:LINE: what was wrong" (ERR_SCRIPT_SYNTAX). What depends
 * on the lessons directory or on the command line's options is checked by
 * script_check_lessons and script_run_options before the lecture starts.
 */
#ifndef MTLS_SCRIPT_H
#define MTLS_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "run/sim.h"
#include "teach/lesson.h"

#define SCRIPT_FILE_MAX (256 * 1024)
#define SCRIPT_LINE_MAX 4096
#define SCRIPT_CMDS_MAX 4096
#define SCRIPT_CHOICES_MAX 6

typedef enum {
    SCRIPT_RUN,     /* a new handshake (run) */
    SCRIPT_STEP,    /* n: the step, 0: the run's last */
    SCRIPT_PANE,    /* n: the pane the keys go to (script_pane) */
    SCRIPT_SELECT,  /* n: the n-th row (1-based) of the list pane in focus */
    SCRIPT_ZOOM,    /* n: 1 the focused pane full screen, 0 back */
    SCRIPT_EVE,     /* n: 1 the eavesdropper's view, 0 back */
    SCRIPT_MONITOR, /* n: 1 the monitor in the lesson pane, 0 the lesson */
    SCRIPT_COMPARE, /* n: 1 the detail compares with the clean run, 0 back */
    SCRIPT_LESSON,  /* text: the lesson id in the lesson pane, NULL: the step's own */
    SCRIPT_ANSWERS, /* n: script_answers */
    SCRIPT_PAUSE,   /* text: the presenter's note ("" none); waits for space */
    SCRIPT_ASK,     /* text, choice[], right, why: a question; waits for an answer */
    SCRIPT_REVEAL,  /* the mystery run's scenario is named */
} script_verb;

/* The panes, in the interface's order. */
typedef enum { SCRIPT_CLIENT, SCRIPT_WIRE, SCRIPT_SERVER, SCRIPT_DETAIL, SCRIPT_LESSON_PANE } script_pane;
typedef enum { SCRIPT_ANSWERS_NONE, SCRIPT_ANSWERS_NEXT, SCRIPT_ANSWERS_ALL } script_answers;

/* What a run line changes from the command line's options; the rest is
 * theirs (--seed, --tls, --kx, ...). */
typedef struct script_run {
    bool seed_set, seeded;  /* seed=N (seeded) or seed=live */
    uint64_t seed;
    bool tls_set;
    tls_version version;    /* tls=1.2|1.3 */
    bool kx_set;
    hs_kx kx;               /* kx=ecdhe|transport */
    bool ems_set, ems;      /* ems=on|off */
    bool framing_set;
    hsio_framing framing;   /* framing=message|flight|N */
    bool scenario_set;
    const scenario *scenario; /* scenario=NAME|none */
    bool mystery;           /* the scenario's name is hidden until reveal */
} script_run;

typedef struct script_cmd {
    script_verb verb;
    int line;               /* in the file, for errors found later */
    int n;
    char *text;
    script_run run;
    char *choice[SCRIPT_CHOICES_MAX];
    size_t n_choices;
    int right;              /* 0-based index of the right choice */
    char *why;              /* NULL: none */
} script_cmd;

typedef struct script {
    char *file;             /* the name errors give (escaped) */
    char *title;            /* NULL: none */
    script_cmd *cmd;
    size_t n;
    size_t n_stops;         /* pauses and questions: the presenter's spaces */
} script;

/* Parse a script from len bytes of buf; file is the name errors give. On a
 * mistake returns ERR_SCRIPT_SYNTAX with "file:line: what was wrong" in
 * err (ERR_NOMEM when memory ran out); *out is NULL on failure. */
err_t script_parse(const char *file, const char *buf, size_t len, script **out, char *err,
                   size_t cap);
/* Read and parse path: ERR_USAGE when it cannot be read ("--script: cannot
 * read 'x': No such file or directory"), else as script_parse. */
err_t script_load(const char *path, script **out, char *err, size_t cap);
void script_free(script *s);

/* Every lesson id the script names is in ls; else ERR_SCRIPT_SYNTAX with
 * "file:line: no lesson 'x' in DIR". */
err_t script_check_lessons(const script *s, const lesson_set *ls, char *err, size_t cap);
/* The options of run line c on top of base. false, with why (no file:line),
 * when they cannot run together (TLS 1.3 with key transport, a scenario
 * that does not run in the version or framing, ...). */
bool script_run_options(const script_cmd *c, const sim_options *base, sim_options *out,
                        char *why, size_t cap);
/* script_run_options for every run line: ERR_SCRIPT_SYNTAX with
 * "file:line: why" at the first that cannot run. */
err_t script_check_runs(const script *s, const sim_options *base, char *err, size_t cap);

#endif
