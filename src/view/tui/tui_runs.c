/* tui_runs.c — the runs behind the screen: the first one, a new live one
 * (key r), the same handshake again with a scenario (key s) next to its
 * clean twin or in the other protocol version (key V), the lessons they are
 * taught with, and the --log written at the end. The interface only starts runs; the simulator computes them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/batch/export.h"
#include "view/batch/render.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_view.h"

/* Run a handshake; NULL (and a reason in err) when it could not be set up. */
static sim *run(const sim_options *o, char *err, size_t cap)
{
    sim *s = sim_new();
    if (!s) {
        snprintf(err, cap, "out of memory");
        return NULL;
    }
    err_t e = sim_run(s, o);
    if (e != ERR_OK) {
        snprintf(err, cap, "the handshake could not be set up: %s", err_str(e));
        sim_free(s);
        return NULL;
    }
    return s;
}

/* Take a finished run as the one on screen. The run it replaces is freed
 * unless it is the clean twin kept for comparison. keep_step: stay at the
 * same step (as far as the new run goes), so a class sees the same moment
 * with and without a fault. */
static bool adopt(tui_view *v, sim *s, bool keep_step)
{
    const trace *t = &s->tr;
    size_t cap = t->n_msgs + t->n_values + t->n_checks + 1;
    tui_item *items = malloc(cap * sizeof *items);
    if (!items)
        return false;
    if (v->sim != v->clean && v->sim != s)
        sim_free(v->sim);
    if (v->sim != s) {
        /* the other version's twin was of the run that goes */
        sim_free(v->versions);
        v->versions = NULL;
    }
    free(v->items);
    v->sim = s;
    v->t = t;
    v->items = items;
    v->items_cap = cap;
    v->max_step = tui_max_step(t);
    if (!keep_step) {
        v->focus = v->subject = TUI_WIRE;
        v->step = STEP_CLIENT_HELLO;
    }
    tui_view_set_step(v, v->step);
    return true;
}

/* The same handshake as base (its root key and clock) with options so,
 * which are base's with one thing changed. */
static sim *again(const sim *base, sim_options so, char *err, size_t cap)
{
    so.root_key = base->root.key;
    return run(&so, err, cap);
}

/* The same handshake as base with scenario sc. */
static sim *twin(const sim *base, const scenario *sc, char *err, size_t cap)
{
    sim_options so = base->opt;
    so.scenario = sc;
    return again(base, so, err, cap);
}

/* What to look at next, said once in the status line. */
static void hint_scenario(tui_view *v)
{
    const scenario *sc = tui_runs_scenario(v);
    if (sc && sc->key_leak)
        /* her attempt is shown at the last step, once every record has crossed */
        snprintf(v->note, sizeof v->note, "e at step %d: what the stolen key opens", STEP_COUNT);
    else if (sc && v->clean)
        snprintf(v->note, sizeof v->note, "c compares with the clean run");
}

static void compare(tui_view *v)
{
    if (v->clean) {
        trace_compare(&v->clean->tr, &v->sim->tr, &v->diff);
    } else {
        memset(&v->diff, 0, sizeof v->diff);
        v->detail_shows = TUI_DETAIL_SELECTION; /* nothing left to compare with */
    }
}

static void load_lessons(tui_view *v, const char *dir)
{
    char err[sizeof v->lesson_note - 64];
    err_t e = lesson_load(dir, &v->lessons_owned, err, sizeof err);
    v->lessons = v->lessons_owned ? v->lessons_owned : lesson_builtin();
    if (e == ERR_IO)
        snprintf(v->lesson_note, sizeof v->lesson_note, "warning: %s; using the built-in "
                                                         "summaries", err);
    else if (e != ERR_OK)
        snprintf(v->lesson_note, sizeof v->lesson_note, "%s (using the built-in summaries)",
                 e == ERR_NOMEM ? "out of memory reading the lessons" : err);
    v->lesson_note_error = e != ERR_OK && e != ERR_IO;
}

/* A run against a real peer cannot be made again in this process. */
static bool peer_run(tui_view *v, const char *what)
{
    if (!v->t->one_side)
        return false;
    snprintf(v->note, sizeof v->note, "%s: not in a real peer's run", what);
    return true;
}

bool tui_runs_start(tui_view *v, const options *o, sim *given, char *err, size_t cap)
{
    v->other = -1;
    v->opts = o->sim;
    sim *s = given ? given : run(&o->sim, err, cap);
    if (!s || !adopt(v, s, false)) {
        if (s) {
            sim_free(s);
            snprintf(err, cap, "out of memory");
        }
        return false;
    }
    /* --scenario: the same handshake without the fault, to compare with */
    if (o->sim.scenario) {
        char why[160];
        v->clean = twin(s, NULL, why, sizeof why);
        if (!v->clean)
            snprintf(v->note, sizeof v->note, "no clean run to compare with: %.100s", why);
    }
    compare(v);
    hint_scenario(v);
    load_lessons(v, o->lessons_dir);
    return true;
}

bool tui_runs_replace(tui_view *v, const sim_options *so, bool with_twin, char *err, size_t cap)
{
    sim *s = run(so, err, cap);
    if (!s)
        return false;
    sim *old_clean = v->clean;
    v->clean = NULL; /* so that adopt lets the run on screen go */
    if (!adopt(v, s, false)) {
        v->clean = old_clean;
        sim_free(s);
        snprintf(err, cap, "out of memory");
        return false;
    }
    sim_free(old_clean);
    v->opts = *so;
    if (with_twin)
        tui_runs_twin(v);
    compare(v);
    return true;
}

void tui_runs_twin(tui_view *v)
{
    if (v->clean || !v->sim->opt.scenario)
        return;
    char why[160];
    v->clean = twin(v->sim, NULL, why, sizeof why);
    if (!v->clean)
        snprintf(v->note, sizeof v->note, "no clean run to compare with: %.100s", why);
    compare(v);
}

void tui_runs_new(tui_view *v)
{
    if (peer_run(v, "no new handshake"))
        return;
    char err[160];
    sim_options o = v->opts;
    /* fresh live randomness and the real clock, no fault, the rest as on
     * the command line */
    o.seeded = false;
    o.seed = 0;
    o.now = 0;
    o.scenario = NULL;
    o.root_key = NULL;
    sim *s = run(&o, err, sizeof err);
    if (!s || !adopt(v, s, false)) {
        if (s)
            sim_free(s);
        snprintf(v->note, sizeof v->note, "new handshake failed: %.120s",
                 s ? "out of memory" : err);
        return;
    }
    sim_free(v->clean);
    v->clean = NULL;
    compare(v);
    snprintf(v->note, sizeof v->note, "new handshake");
}

void tui_runs_choose(tui_view *v, const scenario *sc)
{
    if (sc == tui_runs_scenario(v) || peer_run(v, "no scenario"))
        return;
    if (!sc) {
        /* back to the clean twin; the faulty run goes */
        if (!adopt(v, v->clean, true)) {
            snprintf(v->note, sizeof v->note, "out of memory");
            return;
        }
        v->clean = NULL;
        compare(v);
        snprintf(v->note, sizeof v->note, "the clean run");
        return;
    }
    char err[160];
    sim *base = v->clean ? v->clean : v->sim;
    sim *f = twin(base, sc, err, sizeof err);
    if (!f) {
        snprintf(v->note, sizeof v->note, "%s: %.120s", sc->name, err);
        return;
    }
    if (!v->clean)
        v->clean = v->sim; /* kept: adopt frees only a faulty run */
    if (!adopt(v, f, true)) {
        sim_free(f);
        snprintf(v->note, sizeof v->note, "out of memory");
        return;
    }
    compare(v);
    hint_scenario(v);
}

bool tui_runs_versions(tui_view *v)
{
    if (v->versions)
        return true;
    if (peer_run(v, "no other version"))
        return false;
    sim_options so;
    char why[sizeof v->note];
    if (!tui_versions_other(&v->sim->opt, &so, why, sizeof why)) {
        snprintf(v->note, sizeof v->note, "%s", why);
        return false;
    }
    v->versions = again(v->sim, so, why, sizeof why);
    if (!v->versions) {
        snprintf(v->note, sizeof v->note, "no TLS %s run: %.120s", tls_version_str(so.version),
                 why);
        return false;
    }
    return true;
}

const scenario *tui_runs_scenario(const tui_view *v) { return v->sim->opt.scenario; }

bool tui_view_timings(const tui_view *v) { return v->timings_set ? v->timings : !v->t->seeded; }

bool tui_runs_write_log(const tui_view *v, const char *path, char *why, size_t cap)
{
    render_opts ro = { .timings = tui_view_timings(v), .diff = v->clean ? &v->diff : NULL };
    return export_log(v->t, &ro, path, why, cap);
}

void tui_runs_free(tui_view *v)
{
    sim_free(v->sim);
    sim_free(v->clean);
    sim_free(v->versions);
    v->sim = v->clean = v->versions = NULL;
    v->t = NULL;
    lesson_free(v->lessons_owned);
    v->lessons_owned = NULL;
}
