/* main.c — command line, mode dispatch, exit statuses. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "export.h"
#include "lesson.h"
#include "options.h"
#include "render.h"
#include "scenario.h"
#include "sim.h"
#include "tui.h"

static void usage_error(const char *msg)
{
    fprintf(stderr, "mtls-sim: %s\n%s", msg, options_usage);
}

static void list_scenarios(void)
{
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *sc = &scenario_list[i];
        printf("%-27s %s%s\n", sc->name, sc->summary,
               sc->modes == SC_ECDHE_ONLY ? " (--kx ecdhe only)" : "");
    }
}

/* --scenario all: every scenario that applies, one line each, as the real
 * checks decided — a tour of failures for a class. */
static int scenario_tour(const options *o)
{
    int status = EXIT_HANDSHAKE_OK;
    printf("%-27s %-9s %-5s %s\n", "scenario", "caught by", "step", "alert");
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *sc = &scenario_list[i];
        if (!scenario_applies(sc, o->sim.kx))
            continue;
        sim_options so = o->sim;
        so.scenario = sc;
        sim *s = sim_new();
        err_t e = s ? sim_run(s, &so) : ERR_NOMEM;
        if (e != ERR_OK) {
            fprintf(stderr, "mtls-sim: scenario %s could not run: %s\n", sc->name, err_str(e));
            sim_free(s);
            return EXIT_USAGE;
        }
        const trace_outcome *out = &s->tr.outcome;
        if (out->alert >= 0)
            printf("%-27s %-9s %-5d %s (%d)\n", sc->name, party_name(out->sent_by), out->step,
                   alert_name(out->alert), out->alert);
        else if (out->ok && s->tr.eve)
            printf("%-27s %-9s %-5s none: handshake completed; a stolen server key later %s\n",
                   sc->name, "-", "-",
                   s->eve.recovered ? "decrypts the recorded session"
                                    : "decrypts nothing (forward secrecy)");
        else
            printf("%-27s %-9s %-5s %s\n", sc->name, "-", "-",
                   out->ok ? "none: handshake completed" : err_str(out->err));
        sim_free(s);
    }
    return status;
}

/* The markdown handout with the lessons (--format markdown). A malformed
 * lesson file is an error (false); no lessons directory at all falls back to
 * the built-in summaries with a one-line warning. */
static bool print_handout(const options *o, const trace *t, const render_opts *ro)
{
    lesson_set *ls = NULL;
    char err[512];
    err_t e = lesson_load(o->lessons_dir, &ls, err, sizeof err);
    if (e == ERR_OK)
        e = lesson_validate(ls, err, sizeof err);
    if (e == ERR_IO) {
        fprintf(stderr, "mtls-sim: warning: %s; using the built-in summaries\n", err);
    } else if (e != ERR_OK) {
        fprintf(stderr, "mtls-sim: %s\n", err);
        lesson_free(ls);
        return false;
    }
    render_markdown(stdout, t, ls ? ls : lesson_builtin(), ro);
    lesson_free(ls);
    return true;
}

/* Batch and export: run once, print, write files. */
static int run_batch(const options *o)
{
    sim *s = sim_new();
    if (!s) {
        fprintf(stderr, "mtls-sim: out of memory\n");
        return EXIT_USAGE;
    }
    err_t e = sim_run(s, &o->sim);
    if (e != ERR_OK) {
        fprintf(stderr, "mtls-sim: the handshake could not be set up: %s\n", err_str(e));
        sim_free(s);
        return EXIT_USAGE;
    }
    int status = s->tr.outcome.ok ? EXIT_HANDSHAKE_OK : EXIT_HANDSHAKE_FAILED;
    render_opts ro = { .timings = o->timings };
    /* with a fault, run the same handshake without it to show what changed */
    trace_diff diff;
    sim *twin = NULL;
    if (o->sim.scenario) {
        sim_options clean = s->opt;
        clean.scenario = NULL;
        clean.root_key = s->root.key;
        twin = sim_new();
        if (twin && sim_run(twin, &clean) == ERR_OK) {
            trace_compare(&twin->tr, &s->tr, &diff);
            ro.diff = &diff;
        }
    }
    if (o->log_file && !export_log(&s->tr, &ro, o->log_file)) {
        fprintf(stderr, "mtls-sim: --log: cannot write '%s': %s\n", o->log_file,
                strerror(errno));
        sim_free(twin);
        sim_free(s);
        return EXIT_USAGE;
    }
    if (o->batch) {
        if (o->format == FMT_JSON) {
            render_json(stdout, &s->tr, &ro);
        } else if (o->format == FMT_MARKDOWN) {
            if (!print_handout(o, &s->tr, &ro)) {
                sim_free(s);
                return EXIT_USAGE;
            }
        } else {
            render_text(stdout, &s->tr, &ro);
        }
    }
    if (o->export_dir) {
        const char *bad = NULL;
        e = export_all(s, o->export_dir, &bad);
        if (e != ERR_OK) {
            fprintf(stderr, "mtls-sim: --export: cannot write %s in '%s': %s\n",
                    bad ? bad : "the files", o->export_dir, strerror(errno));
            status = EXIT_USAGE;
        } else if (!o->batch) {
            printf("mtls-sim: wrote ca.pem server.pem client.pem server.key client.key "
                   "keylog.txt handshake.pcap transcript.json to %s (handshake %s)\n",
                   o->export_dir, s->tr.outcome.ok ? "completed" : "failed");
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "mtls-sim: cannot write the output: %s\n", strerror(errno));
        status = EXIT_USAGE;
    }
    sim_free(twin);
    sim_free(s);
    return status;
}

int main(int argc, char **argv)
{
    options o;
    char err[256];
    if (!options_parse(argc, argv, &o, err, sizeof err)) {
        usage_error(err);
        return EXIT_USAGE;
    }
    if (o.help) {
        fputs(options_usage, stdout);
        return 0;
    }
    if (o.version) {
        printf("mtls-sim %s (libsodium %s)\n", MTLS_VERSION, sodium_version_string());
        return 0;
    }
    if (o.list_scenarios) {
        list_scenarios();
        return 0;
    }
    if (sodium_init() < 0) {
        fprintf(stderr, "mtls-sim: libsodium could not be initialised\n");
        return EXIT_USAGE;
    }
    if (o.scenario && strcmp(o.scenario, "all") == 0) {
        int status = scenario_tour(&o);
        sodium_memzero(o.seed_key, sizeof o.seed_key); /* --seed KEY: a live run's root key */
        return status;
    }
    if (o.scenario) {
        o.sim.scenario = scenario_find(o.scenario);
        if (!o.sim.scenario) {
            snprintf(err, sizeof err, "--scenario: unknown scenario '%s' (see --list-scenarios)",
                     o.scenario);
            usage_error(err);
            return EXIT_USAGE;
        }
        if (!scenario_applies(o.sim.scenario, o.sim.kx)) {
            snprintf(err, sizeof err, "--scenario: %s needs --kx ecdhe (there is no "
                                      "ServerKeyExchange with key transport)", o.scenario);
            usage_error(err);
            return EXIT_USAGE;
        }
    }
    int status = o.batch || o.export_dir ? run_batch(&o) : tui_main(&o);
    sodium_memzero(o.seed_key, sizeof o.seed_key); /* --seed KEY: a live run's root key */
    return status;
}
