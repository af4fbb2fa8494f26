/* options.c — parse the command line into options; every mistake is named. */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/hex.h"
#include "tls/steps.h"

/* In parts: C11 compilers need take only 4095 characters in one string
 * literal (§5.2.4.1), and the help is longer. */
const char *const options_usage[] = {
    "usage: mtls-sim [options]\n"
    "\n"
    "Run a real TLS mutual-authentication handshake between a client and a\n"
    "server inside this process, and show it step by step.\n"
    "\n"
    "  (no mode)          the interactive terminal interface\n"
    "  --batch            print the seven steps as text, no terminal needed\n"
    "  --format FMT       text (default), json, markdown (handout), html (web page),\n"
    "                     svg or mermaid (the message ladder); implies --batch\n"
    "  --seed N           demo randomness from seed N (0 .. 2^64-1) and a fixed\n"
    "                     clock: the same output on every machine, every day;\n"
    "                     or the 64 hex digits a live run prints, to replay it\n"
    "  --clock UNIXTIME   the simulated clock, 1 .. 253402300798 (default: fixed\n"
    "                     with --seed N, else now)\n"
    "  --client-clock T   the client's own clock, --server-clock T the server's:\n"
    "  --server-clock T   a UTC time (2026-12-02T10:00:00Z) or an offset from the\n"
    "                     simulated clock (+2h, -90m, -3d, +30s); each side checks\n"
    "                     certificates and CRLs against its own clock\n"
    "  --revocation MODE  what a side does when it cannot establish a certificate's\n"
    "                     revocation status from its CA's CRL (RFC 5280 §6.3):\n"
    "                     hard (default: refuse), soft (accept with a warning) or\n"
    "                     off (do not check); a revoked serial is refused in both\n"
    "                     hard and soft. Against a real peer with your own --ca it\n"
    "                     is off unless given: the program has no CRL from that CA\n"
    "  --tls VERSION      the protocol: 1.2 (default, RFC 5246) or 1.3 (RFC 8446)\n"
    "  --no-ems           the legacy master secret of RFC 5246 §8.1, for teaching\n"
    "                     (default: the extended master secret, RFC 7627;\n"
    "                     --ems is accepted and changes nothing)\n"
    "  --kx MODE          key exchange: ecdhe (default) or transport (the client\n"
    "                     seals the pre-master secret to the server's key;\n"
    "                     simulation only, no forward secrecy)\n"
    "  --message TEXT     application data the client sends (at most 1024 bytes)\n"
    "  --framing HOW      how both sides put handshake messages into records:\n"
    "                     message (default: one per record), flight (a flight\n"
    "                     per record) or N (records of at most N bytes, 1 .. 16384)\n"
    ,
    "  --chain N          certificate paths: 2 (default: root -> intermediate ->\n"
    "                     leaf on both sides) or 1 (each leaf straight under\n"
    "                     its root)\n"
    "  --client-ca HOW    the client PKI: shared (default: the server's root) or\n"
    "                     separate (a root of its own, which the server trusts)\n"
    "  --export DIR       write ca.pem, server.pem, client.pem, server.key,\n"
    "                     client.key, each side's chain and root (server-chain.pem,\n"
    "                     server-root.pem, ...), every other CA (ca-*.pem),\n"
    "                     crl.pem (the CRLs the server holds),\n"
    "                     keylog.txt, handshake.pcap, transcript.json\n"
    "  --timings          show step durations (default with live randomness only)\n"
    "  --no-timings       never show step durations\n"
    "  --scenario NAME    inject a fault or attack (see --list-scenarios); 'all'\n"
    "                     runs every scenario and prints one line each (with\n"
    "                     --format json: one JSON array)\n"
    "  --list-scenarios   the scenarios, one line each\n"
    "  --compare-versions one TLS 1.2 and one TLS 1.3 run of the same certificates\n"
    "                     side by side (text, or --format json or markdown)\n"
    "  --log FILE         write every check, alert and step duration as JSON lines\n",
    "  --lessons DIR      read the lessons from DIR instead of the installed ones\n"
    "  --auto SECONDS     interface: advance one step every SECONDS\n"
    "  --keys STRING      interface: type STRING as keystrokes, then quit\n"
    "  --screen-dump FILE interface: write the last screen to FILE as text (its\n"
    "                     directory is checked at start)\n"
    ,
    "  --connect HOST:PORT  be the client of a real TLS server (batch output;\n"
    "                     the views show this side only; HOST may be [IPv6])\n"
    "  --listen [ADDR:]PORT be the server for real TLS clients; binds\n"
    "                     127.0.0.1 unless ADDR is given; port 0 picks a free one\n"
    "                     and prints 'mtls-sim: listening on ADDR:PORT' on stderr\n"
    "  --accept N         --listen: serve N connections, one after another (1)\n"
    "  --timeout S        --connect/--listen: the handshake timeout, 1 .. 3600\n"
    "                     seconds (10)\n"
    "  --cert FILE --key FILE  --connect/--listen: this side's certificate and\n"
    "                     private key (PEM; Ed25519, PKCS#8), instead of the\n"
    "                     classroom PKI's; FILE may hold one intermediate after\n"
    "                     the leaf, sent after it\n"
    "  --ca FILE          --connect/--listen: the CA certificate that vouches for\n"
    "                     the peer (PEM)\n"
    "  --server-name NAME --connect: the SNI name and the name the server's\n"
    "                     certificate must carry (server.classroom.example)\n"
    "  --peer-id URI[,URI...]  the client URIs the server authorizes once the\n"
    "                     client is authenticated (in process and with --listen;\n"
    "                     default spiffe://classroom.example/student); any other\n"
    "                     identity is refused with access_denied\n"
    "  -h, --help         this help\n"
    "  -V, --version      the version\n",
    /* the classroom's options and the exit statuses */
    "\n"
    "For a class:\n"
    "  --predict          before each step, a multiple-choice question on what comes\n"
    "                     next (answer with 1-4 or a-d); a score per step and at the\n"
    "                     end. With --format markdown: the questions as a worksheet\n"
    "  --mystery NAME     run a scenario without naming it (its name and outcome\n"
    "                     hidden); find the fault, guess it with f, then the reveal.\n"
    "                     'random' picks one from --seed (the same for everyone with\n"
    "                     that seed). With --batch: the run, the questions, the reveal\n"
    "  --answers FILE     --predict or --mystery in batch output: write the answer key\n"
    "                     to FILE (markdown) instead of beside the questions\n"
    "  --no-intro         interface: open on step 1 (default: on the introduction,\n"
    "                     every time; space begins)\n"
    "  --no-answers       --format markdown: the handout's questions without the\n"
    "                     answers (for students)\n"
    "  --answers-only     --format markdown: only the answer key, each question\n"
    "                     with its answer, numbered as in the handout\n"
    "\n"
    "Exit status: 0 handshake completed, 1 handshake failed with an alert,\n"
    "2 usage, configuration or file error, or (--connect, --listen) a connection\n"
    "that failed, timed out or was closed by the peer before the handshake ended.\n",
    NULL,
};

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-' || *s == '+' || *s == ' ')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return false;
    *v = x;
    return true;
}

/* 64 hex digits: the root key a live run prints for replaying it. */
static bool parse_key(const char *s, uint8_t key[32])
{
    size_t n = 0;
    return strlen(s) == 64 && hex_decode(s, key, 32, &n) && n == 32;
}

static bool parse_clock(const char *s, int64_t *v)
{
    uint64_t x;
    /* certificates end at the latest at PKI_TIME_MAX; the clock stops one
     * second before, so a certificate can still start after it (the
     * client-not-yet-valid scenario) */
    if (!parse_u64(s, &x) || x == 0 || x > (uint64_t)OPTIONS_CLOCK_MAX)
        return false;
    *v = (int64_t)x;
    return true;
}

static bool parse_seconds(const char *s, double *v)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || *end || end == s || !(x >= 0.1 && x <= 3600.0))
        return false;
    *v = x;
    return true;
}

/* Options that cannot apply to the mode chosen are refused, never ignored:
 * a script that asks for something gets it or an error naming the option. */
static bool check_combination(const options *o, const char *batch_opt, char *err, size_t cap)
{
    const char *mode = NULL; /* a mode without the interface */
    if (o->help || o->version || o->list_scenarios)
        return true; /* they print and exit before any run */
    /* the page and the diagrams draw one run */
    static const char *const one_run[] = { [FMT_HTML] = "--format html",
                                           [FMT_SVG] = "--format svg",
                                           [FMT_MERMAID] = "--format mermaid" };
    const char *page = o->format >= FMT_HTML ? one_run[o->format] : NULL;
    if (page && (o->compare_versions || o->scenario_all)) {
        snprintf(err, cap, "%s draws one run; it cannot be used with %s", page,
                 o->compare_versions ? "--compare-versions" : "--scenario all (pick one "
                                                              "--scenario NAME)");
        return false;
    }
    if (o->compare_versions) {
        mode = "--compare-versions";
        /* it runs both versions of one default handshake */
        const char *one = o->tls_set                  ? "--tls"
                          : o->scenario               ? "--scenario"
                          : o->sim.kx == KX_TRANSPORT ? "--kx transport"
                          : !o->sim.ems               ? "--no-ems"
                          : o->export_dir             ? "--export"
                          : o->log_file               ? "--log"
                                                      : NULL;
        if (one) {
            snprintf(err, cap, "%s cannot be used with --compare-versions, which runs one "
                               "TLS 1.2 and one TLS 1.3 handshake of the default shape", one);
            return false;
        }
    } else if (o->scenario_all) {
        mode = "--scenario all";
        const char *one = o->format == FMT_MARKDOWN ? "--format markdown"
                          : o->export_dir           ? "--export"
                          : o->log_file             ? "--log"
                                                    : NULL;
        if (one) {
            snprintf(err, cap, "%s is about one run; it cannot be used with --scenario all "
                               "(pick one --scenario NAME)", one);
            return false;
        }
    } else if (o->batch) {
        mode = batch_opt;
    } else if (o->export_dir) {
        mode = "--export";
    }
    const char *ui = o->keys ? "--keys" : o->screen_dump ? "--screen-dump"
                     : o->auto_seconds > 0 ? "--auto" : o->no_intro ? "--no-intro" : NULL;
    if (mode && ui) {
        snprintf(err, cap, "%s is for the interface; it cannot be used with %s", ui, mode);
        return false;
    }
    return true;
}

/* --predict, --mystery and --answers: one exercise, about one in-process
 * run, in the interface or as a worksheet. */
static bool check_exercise(const options *o, char *err, size_t cap)
{
    const char *ex = o->predict ? "--predict" : o->mystery ? "--mystery" : NULL;
    if (o->help || o->version || o->list_scenarios)
        return true;
    if (!ex) {
        if (o->answers_file) {
            snprintf(err, cap, "--answers writes the answer key of --predict or --mystery in "
                               "batch output; add one of them and --format markdown");
            return false;
        }
        return true;
    }
    const char *bad = o->predict && o->mystery   ? "--mystery"
                      : o->mystery && o->scenario ? "--scenario"
                      : o->scenario_all           ? "--scenario all"
                      : o->compare_versions       ? "--compare-versions"
                      : o->export_dir             ? "--export"
                      : o->connect_to             ? "--connect"
                      : o->listen_on              ? "--listen"
                                                  : NULL;
    if (bad) {
        snprintf(err, cap, "%s cannot be used with %s%s", bad, ex,
                 !strcmp(bad, "--mystery")    ? ": they are two exercises, choose one"
                 : !strcmp(bad, "--scenario") ? ": the mystery is the scenario (name it "
                                                "with --mystery NAME)"
                                              : ", which is about one in-process run");
        return false;
    }
    if (o->batch && o->format == FMT_JSON) {
        snprintf(err, cap, "%s has no JSON form: use --format markdown (a worksheet)%s", ex,
                 o->mystery ? " or --batch (text)" : "");
        return false;
    }
    if (o->batch && o->predict && o->format != FMT_MARKDOWN) {
        snprintf(err, cap, "--predict in batch output writes a worksheet: use --format "
                           "markdown (and --answers FILE for the key)");
        return false;
    }
    if (o->answers_file && !o->batch) {
        snprintf(err, cap, "--answers is for batch output: the interface marks each answer "
                           "as it is given (add --format markdown for a worksheet)");
        return false;
    }
    return true;
}

/* --no-answers and --answers-only shape the handout: one of them, with
 * --format markdown of one run. */
static bool check_answers(const options *o, char *err, size_t cap)
{
    const char *one = o->no_answers ? "--no-answers" : o->answers_only ? "--answers-only" : NULL;
    if (!one || o->help || o->version || o->list_scenarios)
        return true;
    if (o->no_answers && o->answers_only) {
        snprintf(err, cap, "--no-answers and --answers-only ask for opposite things: the "
                           "handout without its answers, or only the answers");
        return false;
    }
    if (o->format != FMT_MARKDOWN || o->compare_versions || o->scenario_all || o->connect_to ||
        o->listen_on || o->predict || o->mystery) {
        snprintf(err, cap, "%s is about the handout of one in-process run: use it with "
                           "--format markdown", one);
        return false;
    }
    return true;
}

/* Whether the views show a run of version v (batch text, JSON, handout,
 * interface, key log): a version the engine runs but the views do not
 * show is refused here, not half shown. */
static bool options_version_shown(tls_version v) { return v == TLS_V12 || v == TLS_V13; }

/* What the chosen protocol version cannot do is refused, as above. */
static bool check_version(const options *o, char *err, size_t cap)
{
    if (o->help || o->version || o->list_scenarios)
        return true;
    /* the named scenarios written for one version only (an unknown name is
     * left for the caller to name) */
    const scenario *sc = o->scenario ? scenario_find(o->scenario) : NULL;
    if (sc && !scenario_runs_in(sc, o->sim.version)) {
        snprintf(err, cap, "--scenario %s does not run with --tls %s: %s", sc->name,
                 tls_version_str(o->sim.version), scenario_why_not(sc, o->sim.version));
        return false;
    }
    if (o->sim.version == TLS_V12)
        return true;
    if (o->sim.kx == KX_TRANSPORT) {
        snprintf(err, cap, "--kx transport cannot be used with --tls 1.3: TLS 1.3 has no key "
                           "transport, its key exchange is always (EC)DHE (RFC 8446 §1.2, §2)");
        return false;
    }
    if (!o->sim.ems) {
        snprintf(err, cap, "--no-ems cannot be used with --tls 1.3: TLS 1.3 has no extended "
                           "master secret to turn off, its key schedule covers the transcript "
                           "(RFC 8446 §7.1)");
        return false;
    }
    if (!steps_for(o->sim.version) || !options_version_shown(o->sim.version)) {
        snprintf(err, cap, "--tls %s: this build does not run that version yet (use 1.2)",
                 tls_version_str(o->sim.version));
        return false;
    }
    if (sc && scenario_runs_in(sc, o->sim.version) && scenario_fits_framing(sc, o->sim.framing) &&
        !scenario_fits(sc, o->sim.version, o->sim.framing)) {
        snprintf(err, cap, "--scenario %s with --tls %s needs --framing message: its attacker "
                           "finds the client's record by counting its protected records, one "
                           "message each", sc->name, tls_version_str(o->sim.version));
        return false;
    }
    return true;
}

/* A run against a real peer: one of --connect and --listen, in batch
 * output, without what belongs to the in-process run only. */
static bool check_peer(options *o, const char *batch_opt, char *err, size_t cap)
{
    const char *mode = o->connect_to ? "--connect" : o->listen_on ? "--listen" : NULL;
    if (!o->accept_n)
        o->accept_n = 1;
    if (!o->timeout_s)
        o->timeout_s = PEER_TIMEOUT_DEFAULT;
    if (o->help || o->version || o->list_scenarios)
        return true;
    if (!mode) {
        const char *one = o->accept_set ? "--accept" : o->timeout_set ? "--timeout"
                          : o->cert_file ? "--cert" : o->key_file ? "--key"
                          : o->ca_file ? "--ca" : o->server_name ? "--server-name"
                          : NULL;
        if (one) {
            snprintf(err, cap, "%s is for a run against a real peer (--connect or --listen)",
                     one);
            return false;
        }
        return true;
    }
    const char *bad = o->connect_to && o->listen_on ? "--listen"
                      : o->scenario                  ? "--scenario"
                      : o->compare_versions          ? "--compare-versions"
                      : o->accept_set && o->connect_to ? "--accept"
                      : o->export_dir && o->accept_n > 1 ? "--export"
                      : o->keys                      ? "--keys"
                      : o->screen_dump               ? "--screen-dump"
                      : o->auto_seconds > 0          ? "--auto"
                                                     : NULL;
    if (bad) {
        snprintf(err, cap, "%s cannot be used with %s%s", bad, mode,
                 !strcmp(bad, "--scenario") ? " (a scenario's fault is injected in the "
                                              "in-process run only)"
                 : !strcmp(bad, "--export") ? " and --accept N above 1 (one connection's "
                                              "capture and key log per directory)"
                 : !strcmp(bad, "--compare-versions")
                     ? " (it runs one TLS 1.2 and one TLS 1.3 handshake in this process; a "
                       "real peer makes one connection in one version: run --tls 1.2 and "
                       "--tls 1.3 against it one after the other)"
                     : "");
        return false;
    }
    if (!o->cert_file != !o->key_file) {
        snprintf(err, cap, "%s needs %s too: a certificate and its private key go together",
                 o->cert_file ? "--cert" : "--key", o->cert_file ? "--key" : "--cert");
        return false;
    }
    if (o->server_name && o->listen_on) {
        snprintf(err, cap, "--server-name is the name the client checks: use it with --connect");
        return false;
    }
    if (o->peer_id && o->connect_to) {
        snprintf(err, cap, "--peer-id is the client identity the server authorizes: use it "
                           "with --listen");
        return false;
    }
    if (!batch_opt) {
        snprintf(err, cap, "%s shows its run in batch output only: add --batch or --format "
                           "(the interface steps through an in-process run)", mode);
        return false;
    }
    return true;
}

bool options_parse(int argc, char **argv, options *o, char *err, size_t cap)
{
    const char *batch_opt = NULL; /* the option that chose batch output */
    memset(o, 0, sizeof *o);
    o->format = FMT_TEXT;
    o->sim.kx = KX_ECDHE;
    /* RFC 7627 §5.2: a client that implements the extension MUST send it */
    o->sim.ems = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        /* options that take a value: --opt VALUE or --opt=VALUE */
        static const char *const with_value[] = { "--format", "--seed", "--kx", "--message",
                                                  "--export", "--auto", "--keys", "--clock",
                                                  "--screen-dump", "--scenario", "--log",
                                                  "--lessons", "--framing", "--tls", "--connect",
                                                  "--listen", "--accept", "--timeout", "--cert",
                                                  "--key", "--ca", "--server-name", "--peer-id",
                                                  "--chain", "--client-ca", "--mystery",
                                                  "--answers", "--client-clock", "--server-clock",
                                                  "--revocation" };
        static const char *const flags[] = { "-h", "--help", "-V", "--version", "--batch",
                                             "--ems", "--timings", "--no-timings",
                                             "--list-scenarios", "--compare-versions",
                                             "--predict", "--no-answers", "--answers-only",
                                             "--no-intro" };
        /* the name is what comes before '=', whatever its length */
        const char *eq = a[0] == '-' && a[1] == '-' ? strchr(a, '=') : NULL;
        size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
        const char *name = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value && !name; k++)
            if (strlen(with_value[k]) == nlen && memcmp(a, with_value[k], nlen) == 0)
                name = with_value[k];
        if (name) {
            if (eq) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                snprintf(err, cap, "option '%s' needs a value", name);
                return false;
            }
        } else if (eq) {
            bool flag = false;
            for (size_t k = 0; k < sizeof flags / sizeof *flags; k++)
                flag |= strlen(flags[k]) == nlen && memcmp(a, flags[k], nlen) == 0;
            if (flag)
                snprintf(err, cap, "option '%.*s' takes no value", (int)nlen, a);
            else
                snprintf(err, cap, "unknown option '%.*s'", (int)(nlen > 64 ? 64 : nlen), a);
            return false;
        } else {
            name = a;
        }

        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = true;
        } else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
            o->version = true;
        } else if (!strcmp(a, "--batch")) {
            o->batch = true;
            batch_opt = a;
        } else if (!strcmp(a, "--ems")) {
            o->sim.ems = true; /* the default; kept so older commands still run */
        } else if (!strcmp(a, "--no-ems")) {
            o->sim.ems = false;
        } else if (!strcmp(a, "--timings")) {
            o->timings = o->timings_set = true;
        } else if (!strcmp(name, "--format")) {
            if (!strcmp(val, "text")) {
                o->format = FMT_TEXT;
            } else if (!strcmp(val, "json")) {
                o->format = FMT_JSON;
            } else if (!strcmp(val, "markdown")) {
                o->format = FMT_MARKDOWN;
            } else if (!strcmp(val, "html")) {
                o->format = FMT_HTML;
            } else if (!strcmp(val, "svg")) {
                o->format = FMT_SVG;
            } else if (!strcmp(val, "mermaid")) {
                o->format = FMT_MERMAID;
            } else {
                snprintf(err, cap, "--format: unknown format '%s' (use text, json, markdown, "
                                   "html, svg or mermaid)", val);
                return false;
            }
            o->batch = true;
            if (!batch_opt)
                batch_opt = "--format";
        } else if (!strcmp(name, "--seed")) {
            if (parse_key(val, o->seed_key)) {
                /* replaying a live run: its randomness, still labelled live */
                o->sim.root_key = o->seed_key;
                o->sim.seeded = false;
            } else if (parse_u64(val, &o->sim.seed)) {
                o->sim.root_key = NULL;
                o->sim.seeded = true;
            } else {
                snprintf(err, cap, "--seed: '%s' is not a whole number from 0 to "
                                   "18446744073709551615 nor 64 hex digits", val);
                return false;
            }
        } else if (!strcmp(name, "--clock")) {
            if (!parse_clock(val, &o->sim.now)) {
                snprintf(err, cap, "--clock: '%s' is not a unix time from 1 to %lld "
                                   "(9999-12-31 23:59:58 UTC)", val, (long long)OPTIONS_CLOCK_MAX);
                return false;
            }
        } else if (!strcmp(name, "--client-clock") || !strcmp(name, "--server-clock")) {
            char why[160];
            party side = !strcmp(name, "--client-clock") ? PARTY_CLIENT : PARTY_SERVER;
            if (!clock_parse(val, &o->sim.clock[side], why, sizeof why)) {
                snprintf(err, cap, "%s: %s", name, why);
                return false;
            }
        } else if (!strcmp(name, "--revocation")) {
            if (!crl_mode_parse(val, &o->sim.revocation)) {
                snprintf(err, cap, "--revocation: unknown mode '%s' (use hard, soft or off)", val);
                return false;
            }
            o->sim.revocation_set = true;
        } else if (!strcmp(a, "--no-timings")) {
            o->timings = false;
            o->timings_set = true;
        } else if (!strcmp(name, "--kx")) {
            if (!strcmp(val, "ecdhe")) {
                o->sim.kx = KX_ECDHE;
            } else if (!strcmp(val, "transport")) {
                o->sim.kx = KX_TRANSPORT;
            } else {
                snprintf(err, cap, "--kx: unknown key exchange '%s' (use ecdhe or transport)",
                         val);
                return false;
            }
        } else if (!strcmp(name, "--tls")) {
            o->tls_set = true;
            if (!strcmp(val, "1.2")) {
                o->sim.version = TLS_V12;
            } else if (!strcmp(val, "1.3")) {
                o->sim.version = TLS_V13;
            } else {
                snprintf(err, cap, "--tls: unknown version '%s' (use 1.2 or 1.3)", val);
                return false;
            }
        } else if (!strcmp(name, "--chain")) {
            if (strcmp(val, "1") && strcmp(val, "2")) {
                snprintf(err, cap, "--chain: '%s' is not 1 (leaf under the root) or 2 (root, "
                                   "intermediate, leaf)", val);
                return false;
            }
            o->sim.chain_len = val[0] == '1' ? 1 : 2;
        } else if (!strcmp(name, "--client-ca")) {
            if (!strcmp(val, "shared") || !strcmp(val, "separate")) {
                o->sim.client_ca_separate = val[1] == 'e';
            } else {
                snprintf(err, cap, "--client-ca: '%s' is not shared or separate", val);
                return false;
            }
        } else if (!strcmp(name, "--framing")) {
            if (hsio_framing_parse(val, &o->sim.framing) != ERR_OK) {
                snprintf(err, cap, "--framing: '%s' is not message, flight nor a number of "
                                   "bytes from 1 to %d", val, REC_MAX_PLAIN);
                return false;
            }
        } else if (!strcmp(name, "--message")) {
            if (strlen(val) > HS_APP_MAX) {
                snprintf(err, cap, "--message: %zu bytes is too long (at most %d)", strlen(val),
                         HS_APP_MAX);
                return false;
            }
            o->sim.message = val;
        } else if (!strcmp(name, "--export")) {
            if (!*val) {
                snprintf(err, cap, "--export: the directory name is empty");
                return false;
            }
            o->export_dir = val;
        } else if (!strcmp(name, "--auto")) {
            if (!parse_seconds(val, &o->auto_seconds)) {
                snprintf(err, cap, "--auto: '%s' is not a number of seconds from 0.1 to 3600",
                         val);
                return false;
            }
        } else if (!strcmp(a, "--no-intro")) {
            o->no_intro = true;
        } else if (!strcmp(a, "--no-answers")) {
            o->no_answers = true;
        } else if (!strcmp(a, "--answers-only")) {
            o->answers_only = true;
        } else if (!strcmp(a, "--compare-versions")) {
            o->compare_versions = true;
        } else if (!strcmp(a, "--predict")) {
            o->predict = true;
        } else if (!strcmp(name, "--mystery")) {
            if (!*val) {
                snprintf(err, cap, "--mystery: the value is empty (a scenario's name, or "
                                   "random)");
                return false;
            }
            o->mystery = val;
            o->mystery_random = !strcmp(val, "random");
        } else if (!strcmp(name, "--answers")) {
            o->answers_file = val;
        } else if (!strcmp(a, "--list-scenarios")) {
            o->list_scenarios = true;
        } else if (!strcmp(name, "--scenario")) {
            o->scenario = val;
        } else if (!strcmp(name, "--log")) {
            o->log_file = val;
        } else if (!strcmp(name, "--lessons")) {
            o->lessons_dir = val;
        } else if (!strcmp(name, "--keys")) {
            o->keys = val;
        } else if (!strcmp(name, "--screen-dump")) {
            o->screen_dump = val;
        } else if (!strcmp(name, "--connect") || !strcmp(name, "--listen")) {
            bool listen = !strcmp(name, "--listen");
            if (!peer_parse_addr(val, listen, o->peer_host, o->peer_port, err, cap))
                return false;
            *(listen ? &o->listen_on : &o->connect_to) = val;
        } else if (!strcmp(name, "--cert") || !strcmp(name, "--key") || !strcmp(name, "--ca") ||
                   !strcmp(name, "--server-name") || !strcmp(name, "--peer-id")) {
            if (!*val) {
                snprintf(err, cap, "%s: the value is empty", name);
                return false;
            }
            const char **slot = !strcmp(name, "--cert")          ? &o->cert_file
                                : !strcmp(name, "--key")         ? &o->key_file
                                : !strcmp(name, "--ca")          ? &o->ca_file
                                : !strcmp(name, "--server-name") ? &o->server_name
                                                                 : &o->peer_id;
            *slot = val;
            if (slot == &o->peer_id) {
                /* the same rule sim_set_authz applies, said here with the value */
                size_t n = strlen(val), k = 1;
                for (size_t j = 0; j < n; j++)
                    k += val[j] == ',';
                if (n >= SIM_AUTHZ_TEXT_MAX || k > HS_AUTHZ_MAX || val[n - 1] == ',' ||
                    val[0] == ',' || strstr(val, ",,")) {
                    snprintf(err, cap, "--peer-id: '%.64s' is not a list of 1 to %d URIs "
                                       "separated by single commas (at most %d characters)",
                             val, HS_AUTHZ_MAX, SIM_AUTHZ_TEXT_MAX - 1);
                    return false;
                }
                o->sim.authz = val;
            }
        } else if (!strcmp(name, "--accept") || !strcmp(name, "--timeout")) {
            bool acc = !strcmp(name, "--accept");
            uint64_t x;
            if (!parse_u64(val, &x) || x < 1 || x > (acc ? 1000000u : 3600u)) {
                snprintf(err, cap, "%s: '%s' is not a whole number from 1 to %u", name, val,
                         acc ? 1000000u : 3600u);
                return false;
            }
            if (acc) {
                o->accept_n = (unsigned long)x;
                o->accept_set = true;
            } else {
                o->timeout_s = (unsigned long)x;
                o->timeout_set = true;
            }
        } else if (a[0] == '-') {
            snprintf(err, cap, "unknown option '%s'", a);
            return false;
        } else {
            snprintf(err, cap, "unexpected argument '%s'", a);
            return false;
        }
    }
    if (!o->timings_set)
        o->timings = !o->sim.seeded;
    /* a side's clock must name a time a certificate can be checked at */
    int64_t base = o->sim.now ? o->sim.now : o->sim.seeded ? SIM_SEEDED_CLOCK : (int64_t)time(NULL);
    for (int p = 0; p < 2; p++) {
        int64_t at = clock_resolve(&o->sim.clock[p], base);
        if (at < 1 || at > OPTIONS_CLOCK_MAX) {
            char given[40], when[40];
            clock_str(&o->sim.clock[p], given, sizeof given);
            x509_time_str(base, when, sizeof when);
            snprintf(err, cap, "--%s-clock: %s from the simulated clock (%s) is outside "
                               "1970-01-01 00:00:01 .. 9999-12-31 23:59:58 UTC",
                     p == PARTY_CLIENT ? "client" : "server", given, when);
            return false;
        }
    }
    o->scenario_all = o->scenario && strcmp(o->scenario, "all") == 0;
    if (!check_peer(o, batch_opt, err, cap) || !check_exercise(o, err, cap))
        return false;
    if (!check_answers(o, err, cap))
        return false;
    return check_combination(o, batch_opt, err, cap) && check_version(o, err, cap);
}
