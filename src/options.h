/* options.h — the command line. */
#ifndef MTLS_OPTIONS_H
#define MTLS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/peer.h"
#include "run/sim.h"

/* Exit statuses, as documented in --help and the manual page. */
enum {
    EXIT_HANDSHAKE_OK = 0,
    EXIT_HANDSHAKE_FAILED = 1, /* the handshake ended with an alert */
    EXIT_USAGE = 2,            /* bad command line, configuration or I/O error */
};

/* FMT_HTML, FMT_SVG and FMT_MERMAID are about one run (the page, the ladder). */
typedef enum { FMT_TEXT, FMT_JSON, FMT_MARKDOWN, FMT_HTML, FMT_SVG, FMT_MERMAID } out_format;

/* The latest --clock: one second before the last one a certificate can name
 * (PKI_TIME_MAX), so that a certificate can still start after the clock. */
#define OPTIONS_CLOCK_MAX (PKI_TIME_MAX - 1)

typedef struct options {
    bool help, version;
    bool batch;
    out_format format;
    bool timings, timings_set;
    uint8_t seed_key[32];      /* --seed with 64 hex digits: a live run's root key */
    const char *export_dir;
    const char *lessons_dir;   /* --lessons DIR, NULL: search */
    const char *scenario;      /* --scenario NAME ("all": every one), NULL: none */
    bool scenario_all;         /* --scenario all: the tour */
    bool compare_versions;     /* --compare-versions: TLS 1.2 and 1.3 side by side */
    bool tls_set;              /* --tls was given */
    bool list_scenarios;
    const char *log_file;      /* --log FILE: events as JSON lines */
    /* the classroom exercises (teach/predict.h) */
    bool predict;              /* --predict: a question before each step */
    const char *mystery;       /* --mystery NAME|random: a scenario run unnamed, NULL: none */
    bool mystery_random;       /* --mystery random: picked from the seed */
    const char *answers_file;  /* --answers FILE: the worksheet's answer key */
    bool no_answers;           /* --no-answers: the handout without its answers */
    bool answers_only;         /* --answers-only: only the handout's answer key */
    sim_options sim;
    /* the interface */
    double auto_seconds;       /* 0: off */
    const char *keys;          /* scripted keystrokes, NULL: none */
    const char *screen_dump;   /* file for the final screen, NULL: none */
    bool no_intro;             /* --no-intro: open on step 1, not the introduction */
    /* one side of a handshake against a real peer over TCP (run/peer.h) */
    const char *connect_to;    /* --connect HOST:PORT: this program is the client */
    const char *listen_on;     /* --listen [ADDR:]PORT: this program is the server */
    char peer_host[PEER_HOST_MAX], peer_port[PEER_PORT_MAX];
    unsigned long accept_n;    /* --accept N: connections the server serves (default 1) */
    bool accept_set, timeout_set;
    unsigned long timeout_s;   /* --timeout S: the handshake timeout (default 10) */
    /* one's own PKI for a socket run: PEM files (pki/pki_load.h) */
    const char *cert_file, *key_file, *ca_file;
    const char *server_name;   /* --server-name: SNI and the name the client checks */
    const char *peer_id;       /* --peer-id: the client URI the server authorizes */
} options;

/* Parse argv into o (defaults first). On an error, writes one line naming
 * the option and what is wrong into err (capacity cap) and returns false;
 * an option that cannot apply to the chosen mode (--keys with --batch,
 * --export with --scenario all, ...) is such an error. The values in err
 * are as given: print it escaped (esc.h). */
bool options_parse(int argc, char **argv, options *o, char *err, size_t cap);

/* The usage text (--help). */
extern const char *const options_usage[]; /* the --help text in parts, NULL-terminated */

#endif
