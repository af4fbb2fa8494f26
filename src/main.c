/* main.c — command line, start-up checks, mode dispatch, exit statuses.
 *
 * Every message goes to stderr through the escaping writer (esc_msg), so an
 * option value or a file name cannot drive the terminal. Everything the
 * user asked for that can be checked before a run is checked first: a typo
 * fails at once with exit status 2, not after a session.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/afile.h"
#include "base/esc.h"
#include "view/batch/export.h"
#include "view/batch/peer_cli.h"
#include "teach/lesson.h"
#include "teach/predict.h"
#include "options.h"
#include "view/batch/render.h"
#include "view/batch/render_worksheet.h"
#include "run/scenario.h"
#include "run/sim.h"
#include "view/tui/tui.h"
#include "view/tui/tui_keys.h"

/* One line naming the problem and where to look, not the whole usage: the
 * message must stay on screen. */
static int usage_error(const char *msg)
{
    esc_msg(stderr, "%s", msg);
    fputs("mtls-sim: see 'mtls-sim --help' for the options\n", stderr);
    return EXIT_USAGE;
}

/* What was printed on stdout reached it: exit 2 when it did not (a full
 * disk, a closed pipe, /dev/full), else status. */
static int finish_output(int status)
{
    int e = fflush(stdout) != 0 ? errno : 0;
    if (e || ferror(stdout)) {
        esc_msg(stderr, "cannot write the output: %s", strerror(e ? e : EIO));
        return EXIT_USAGE;
    }
    return status;
}

/* Every mode writes on stdout, so a closed stdout is an error at once —
 * before a file the program opens could take descriptor 1 and receive the
 * output. A closed stdin or stderr gets /dev/null for the same reason. */
static bool std_fds_open(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        if (fd == 1) {
            esc_msg(stderr, "cannot write the output: %s", strerror(EBADF));
            return false;
        }
        int n = open("/dev/null", fd ? O_WRONLY : O_RDONLY);
        if (n != fd && n >= 0)
            close(n);
    }
    return true;
}

static void list_scenarios(void)
{
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *sc = &scenario_list[i];
        printf("%-27s %s%s [%s]\n", sc->name, sc->summary,
               sc->modes == SC_ECDHE_ONLY ? " (--kx ecdhe only)" : "", scenario_versions(sc));
    }
}

/* --scenario all: every scenario that applies, one row each, as the real
 * checks decided — a tour of failures for a class. */
static int scenario_tour(const options *o)
{
    bool json = o->format == FMT_JSON, any = false;
    render_tour_begin(stdout, json);
    for (size_t i = 0; i < scenario_count; i++) {
        const scenario *sc = &scenario_list[i];
        if (!scenario_applies(sc, o->sim.kx) || !scenario_fits(sc, o->sim.version, o->sim.framing))
            continue;
        sim_options so = o->sim;
        so.scenario = sc;
        sim *s = sim_new();
        err_t e = s ? sim_run(s, &so) : ERR_NOMEM;
        if (e != ERR_OK) {
            esc_msg(stderr, "scenario %s could not run: %s", sc->name, err_str(e));
            sim_free(s);
            return EXIT_USAGE;
        }
        render_tour_row(stdout, json, !any, &s->tr);
        any = true;
        sim_free(s);
    }
    render_tour_end(stdout, json, any);
    return finish_output(EXIT_HANDSHAKE_OK);
}

/* --compare-versions: one TLS 1.2 and one TLS 1.3 run of the same options
 * (and so the same certificates), side by side. */
static int compare_versions(const options *o)
{
    sim *s[2] = { sim_new(), sim_new() };
    static const tls_version v[2] = { TLS_V12, TLS_V13 };
    for (int i = 0; i < 2; i++) {
        sim_options so = o->sim;
        so.version = v[i];
        err_t e = s[i] ? sim_run(s[i], &so) : ERR_NOMEM;
        if (e != ERR_OK) {
            esc_msg(stderr, "the TLS %s run could not be set up: %s", tls_version_str(v[i]),
                    err_str(e));
            sim_free(s[0]);
            sim_free(s[1]);
            return EXIT_USAGE;
        }
    }
    render_versions(stdout, o->format == FMT_JSON, o->format == FMT_MARKDOWN, &s[0]->tr,
                    &s[1]->tr);
    sim_free(s[0]);
    sim_free(s[1]);
    return finish_output(EXIT_HANDSHAKE_OK);
}

/* The markdown handout or the web page, both with the lessons (--format
 * markdown, html). A malformed
 * lesson file or a --lessons directory that cannot be read is an error
 * (false); when the search finds no lessons at all the handout falls back to
 * the built-in summaries with a one-line warning. */
static bool print_handout(const options *o, const trace *t, const render_opts *ro)
{
    lesson_set *ls = NULL;
    char err[512];
    err_t e = lesson_load(o->lessons_dir, &ls, err, sizeof err);
    if (e == ERR_OK)
        e = lesson_validate(ls, err, sizeof err);
    if (e == ERR_IO) {
        esc_msg(stderr, "warning: %s; using the built-in summaries", err);
    } else if (e != ERR_OK) {
        esc_msg(stderr, "%s%s", e == ERR_USAGE ? "--lessons: " : "", err);
        lesson_free(ls);
        return false;
    }
    if (o->format == FMT_HTML)
        render_html(stdout, t, ls ? ls : lesson_builtin(), ro);
    else
        render_markdown(stdout, t, ls ? ls : lesson_builtin(), ro);
    lesson_free(ls);
    return true;
}

/* Batch and export: run once, print, write files. Both runs (with the fault
 * and its clean twin) are freed, their secrets wiped, on every path. */
static int run_batch(const options *o)
{
    sim *s = sim_new(), *twin = NULL;
    int status = EXIT_USAGE;
    if (!s) {
        esc_msg(stderr, "out of memory");
        return EXIT_USAGE;
    }
    err_t e = sim_run(s, &o->sim);
    if (e != ERR_OK) {
        esc_msg(stderr, "the handshake could not be set up: %s", err_str(e));
        goto done;
    }
    render_opts ro = { .timings = o->timings,
                       .answers = o->answers_only ? RENDER_ANSWERS_ONLY
                                  : o->no_answers ? RENDER_ANSWERS_NONE
                                                  : RENDER_ANSWERS_AT_END };
    /* with a fault, run the same handshake without it to show what changed */
    trace_diff diff;
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
    char why[EXPORT_WHY_LEN];
    if (o->log_file && !export_log(&s->tr, &ro, o->log_file, why, sizeof why)) {
        esc_msg(stderr, "--log: %s", why);
        goto done;
    }
    if (o->batch) {
        if (o->format == FMT_JSON)
            render_json(stdout, &s->tr, &ro);
        else if ((o->format == FMT_MARKDOWN || o->format == FMT_HTML) &&
                 !print_handout(o, &s->tr, &ro))
            goto done;
        else if (o->format == FMT_SVG)
            render_svg(stdout, &s->tr, &ro);
        else if (o->format == FMT_MERMAID)
            render_mermaid(stdout, &s->tr, &ro);
        else if (o->format == FMT_TEXT)
            render_text(stdout, &s->tr, &ro);
    }
    status = s->tr.outcome.ok ? EXIT_HANDSHAKE_OK : EXIT_HANDSHAKE_FAILED;
    if (o->export_dir) {
        e = export_all(s, o->export_dir, why, sizeof why);
        if (e != ERR_OK) {
            esc_msg(stderr, "--export: %s", why);
            status = EXIT_USAGE;
        } else if (!o->batch) {
            fputs("mtls-sim: wrote ca.pem server.pem client.pem server.key client.key crl.pem "
                  "keylog.txt handshake.pcap transcript.json to ", stdout);
            esc_puts(stdout, o->export_dir);
            printf(" (handshake %s)\n", s->tr.outcome.ok ? "completed" : "failed");
        }
    }
    status = finish_output(status);
done:
    sim_free(twin);
    sim_free(s);
    return status;
}

/* The answer key of a worksheet or a batch mystery, written atomically. */
static bool write_key(const options *o, const trace *t, const predict_quiz *z,
                      const worksheet_info *wi, const scenario *sc, const trace_diff *d)
{
    afile a;
    if (afile_open(&a, NULL, o->answers_file, AFILE_PUBLIC) != ERR_OK) {
        esc_msg(stderr, "--answers: %s", afile_why(&a));
        return false;
    }
    if (o->format == FMT_MARKDOWN)
        render_worksheet_key(a.f, t, z, wi);
    else
        render_mystery_reveal(a.f, sc, z, d);
    if (afile_close(&a, true) != ERR_OK) {
        esc_msg(stderr, "--answers: %s", afile_why(&a));
        return false;
    }
    return true;
}

/* --predict or --mystery in batch output: the worksheet (markdown) or, for
 * a mystery in text, the run with its name and outcome hidden and its
 * questions; the answer key in --answers FILE, or (a text mystery without
 * it) the reveal at the end. */
static int run_exercise(const options *o)
{
    sim *s = sim_new(), *twin = NULL;
    int status = EXIT_USAGE;
    predict_quiz *z = calloc(1, sizeof *z);
    if (!s || !z) {
        esc_msg(stderr, "out of memory");
        goto done;
    }
    err_t e = sim_run(s, &o->sim);
    if (e != ERR_OK) {
        esc_msg(stderr, "the handshake could not be set up: %s", err_str(e));
        goto done;
    }
    const scenario *sc = o->sim.scenario;
    e = o->mystery ? predict_build_mystery(&s->tr, sc, z) : predict_build(&s->tr, z);
    if (e != ERR_OK) {
        esc_msg(stderr, "the questions could not be made: %s", err_str(e));
        goto done;
    }
    trace_diff diff, *d = NULL;
    if (o->mystery) {
        sim_options clean = s->opt;
        clean.scenario = NULL;
        clean.root_key = s->root.key;
        twin = sim_new();
        if (twin && sim_run(twin, &clean) == ERR_OK) {
            trace_compare(&twin->tr, &s->tr, &diff);
            d = &diff;
        }
    }
    /* the command a student types for this run: a mystery only when it was
     * drawn from a seed (a name would give it away) */
    char cmd[320] = "";
    if (o->mystery && o->mystery_random && s->tr.seeded) {
        snprintf(cmd, sizeof cmd, "mtls-sim --mystery random --seed %llu%s",
                 (unsigned long long)s->tr.seed, s->tr.version == TLS_V13 ? " --tls 1.3" : "");
    } else if (!o->mystery && s->tr.seeded) {
        char replay[256];
        render_replay_args(&s->tr, replay, sizeof replay);
        snprintf(cmd, sizeof cmd, "mtls-sim --predict %s", replay);
    }
    worksheet_info wi = { .mystery = o->mystery != NULL, .command = cmd };
    if (o->format == FMT_MARKDOWN) {
        render_worksheet(stdout, &s->tr, z, &wi);
    } else {
        /* the run as the text view shows it, unnamed and without its outcome */
        trace hidden = s->tr;
        hidden.scenario = NULL;
        render_opts ro = { .timings = o->timings, .hide_outcome = true };
        render_text(stdout, &hidden, &ro);
        render_mystery_questions(stdout, z);
        if (!o->answers_file)
            render_mystery_reveal(stdout, sc, z, d);
    }
    status = s->tr.outcome.ok ? EXIT_HANDSHAKE_OK : EXIT_HANDSHAKE_FAILED;
    if (o->answers_file && !write_key(o, &s->tr, z, &wi, sc, d))
        status = EXIT_USAGE;
    status = finish_output(status);
done:
    free(z);
    sim_free(twin);
    sim_free(s);
    return status;
}

/* A file written when the interface ends (--screen-dump, --log), checked
 * before the session so that a typo does not lose it: the atomic writer
 * makes its temporary file beside the target, so that directory must exist
 * and be writable, and the target must not be a directory. */
static bool check_out_file(const char *opt, const char *path)
{
    char dir[AFILE_PATH_LEN];
    struct stat st;
    size_t n = strlen(path);
    const char *bad = afile_bad_name(path); /* the writer's own words */
    if (bad) {
        if (n == 0)
            esc_msg(stderr, "%s: %s", opt, bad);
        else
            esc_msg(stderr, "%s: '%s': %s", opt, path, bad);
        return false;
    }
    if (n >= sizeof dir) {
        esc_msg(stderr, "%s: cannot write '%s': %s", opt, path, strerror(ENAMETOOLONG));
        return false;
    }
    if (path[n - 1] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        esc_msg(stderr, "%s: '%s' is a directory; name a file", opt, path);
        return false;
    }
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == path ? 1 : (int)(slash - path), path);
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || access(dir, W_OK | X_OK) != 0) {
        int why = errno;
        if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
            why = ENOTDIR;
        esc_msg(stderr, "%s: cannot write '%s': the directory '%s': %s", opt, path, dir,
                strerror(why));
        return false;
    }
    return true;
}

/* Everything that can be checked before a run: the scenario, the
 * interface's --keys script, the files written at the end, an explicit
 * --lessons directory. False after printing the message. */
static bool check_startup(options *o)
{
    char err[256];
    if (o->scenario && !o->scenario_all) {
        o->sim.scenario = scenario_find(o->scenario);
        if (!o->sim.scenario) {
            snprintf(err, sizeof err,
                     "--scenario: unknown scenario '%s' (see --list-scenarios)", o->scenario);
            usage_error(err);
            return false;
        }
        if (!scenario_applies(o->sim.scenario, o->sim.kx)) {
            snprintf(err, sizeof err, "--scenario: '%s' needs --kx ecdhe (there is no "
                                      "ServerKeyExchange with key transport)", o->scenario);
            usage_error(err);
            return false;
        }
        if (!scenario_fits_framing(o->sim.scenario, o->sim.framing)) {
            snprintf(err, sizeof err, "--scenario: '%s' rewrites a whole handshake message "
                                      "and needs --framing message or flight", o->scenario);
            usage_error(err);
            return false;
        }
    }
    if (o->mystery) {
        /* the scenario, picked from the seed or named; never printed here */
        const scenario *sc = o->mystery_random
                                 ? predict_mystery_pick(o->sim.seeded, o->sim.seed,
                                                        o->sim.root_key, o->sim.version,
                                                        o->sim.framing, o->sim.kx)
                                 : scenario_find(o->mystery);
        if (!sc) {
            snprintf(err, sizeof err, o->mystery_random
                                          ? "--mystery random: no scenario runs with these "
                                            "options"
                                          : "--mystery: unknown scenario '%s' (see "
                                            "--list-scenarios, or use random)",
                     o->mystery);
            usage_error(err);
            return false;
        }
        if (!scenario_applies(sc, o->sim.kx) ||
            !scenario_fits(sc, o->sim.version, o->sim.framing)) {
            snprintf(err, sizeof err, "--mystery: '%s' does not run with these options (see "
                                      "--list-scenarios)", o->mystery);
            usage_error(err);
            return false;
        }
        o->sim.scenario = sc;
    }
    if (o->answers_file && !check_out_file("--answers", o->answers_file))
        return false;
    if (o->log_file && !check_out_file("--log", o->log_file))
        return false;
    if (o->screen_dump && !check_out_file("--screen-dump", o->screen_dump))
        return false;
    bool interface = !o->batch && !o->export_dir && !o->scenario_all && !o->compare_versions;
    if (interface && o->keys) {
        tui_script sc = { 0 };
        bool ok = tui_script_parse(o->keys, &sc, err, sizeof err);
        tui_script_free(&sc);
        if (!ok) {
            usage_error(err);
            return false;
        }
    }
    if (interface && o->lessons_dir) {
        lesson_set *ls = NULL;
        char lerr[512];
        err_t e = lesson_load(o->lessons_dir, &ls, lerr, sizeof lerr);
        lesson_free(ls);
        if (e == ERR_USAGE) {
            esc_msg(stderr, "--lessons: %s", lerr);
            return false;
        }
    }
    return true;
}

int main(int argc, char **argv)
{
    options o;
    char err[256];
    if (!std_fds_open())
        return EXIT_USAGE;
    if (!options_parse(argc, argv, &o, err, sizeof err))
        return usage_error(err);
    if (o.help) {
        for (size_t i = 0; options_usage[i]; i++)
            fputs(options_usage[i], stdout);
        return finish_output(EXIT_HANDSHAKE_OK);
    }
    if (o.version) {
        printf("mtls-sim %s (libsodium %s)\n", MTLS_VERSION, sodium_version_string());
        return finish_output(EXIT_HANDSHAKE_OK);
    }
    if (o.list_scenarios) {
        list_scenarios();
        return finish_output(EXIT_HANDSHAKE_OK);
    }
    if (sodium_init() < 0) {
        esc_msg(stderr, "libsodium could not be initialised");
        return EXIT_USAGE;
    }
    if (!check_startup(&o)) {
        sodium_memzero(o.seed_key, sizeof o.seed_key);
        return EXIT_USAGE;
    }
    int status = o.connect_to || o.listen_on ? peer_cli_main(&o)
                 : o.compare_versions ? compare_versions(&o)
                 : o.scenario_all ? scenario_tour(&o)
                 : o.batch && (o.predict || o.mystery) ? run_exercise(&o)
                 : o.batch || o.export_dir ? run_batch(&o)
                 : tui_main(&o);
    sodium_memzero(o.seed_key, sizeof o.seed_key); /* --seed KEY: a live run's root key */
    return status;
}
