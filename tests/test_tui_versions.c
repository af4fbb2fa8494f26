/* test_tui_versions.c — the interface's version comparison (key V): which
 * run it sets beside the one on screen and which options the other version
 * refuses, that the twin made from the run's root key is the same handshake
 * --compare-versions runs (the same rows, from render_versions_rows), its
 * key, and how the table's columns share a narrow screen. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"
#include "view/batch/render.h"
#include "view/tui/tui_compare.h"
#include "view/tui/tui_keys.h"

static sim_options defaults(tls_version v)
{
    return (sim_options){ .seeded = true, .seed = 1, .ems = true, .version = v };
}

static void test_other_version(void **state)
{
    (void)state;
    sim_options o = defaults(TLS_V12), other;
    char why[160] = "";
    o.framing.kind = HSIO_FRAME_FLIGHT;
    assert_true(tui_versions_other(&o, &other, why, sizeof why));
    assert_int_equal(other.version, TLS_V13);
    /* everything else as the run on screen had it */
    assert_true(other.seeded);
    assert_int_equal(other.seed, 1);
    assert_int_equal(other.framing.kind, HSIO_FRAME_FLIGHT);
    assert_true(other.ems);
    o = defaults(TLS_V13);
    assert_true(tui_versions_other(&o, &other, why, sizeof why));
    assert_int_equal(other.version, TLS_V12);
    /* a certificate fault runs in both versions: compared, fault and all */
    o = defaults(TLS_V12);
    o.scenario = scenario_find("expired-server-cert");
    assert_non_null(o.scenario);
    assert_true(tui_versions_other(&o, &other, why, sizeof why));
    assert_ptr_equal(other.scenario, o.scenario);
    assert_int_equal(other.version, TLS_V13);
}

/* o is refused, and the status line's words name what. */
static void refused(const sim_options *o, const char *names)
{
    sim_options other;
    char why[160] = "";
    assert_false(tui_versions_other(o, &other, why, sizeof why));
    if (!strstr(why, "nothing to compare: ") || !strstr(why, names))
        fail_msg("refusal '%s' lacks '%s'", why, names);
    /* short enough for the 80-column status line, beside the step */
    assert_true(strlen(why) <= 76);
}

static void test_refused(void **state)
{
    (void)state;
    sim_options o = defaults(TLS_V12);
    o.kx = KX_TRANSPORT;
    refused(&o, "--kx transport");
    o = defaults(TLS_V12);
    o.ems = false;
    refused(&o, "--no-ems");
    o = defaults(TLS_V12);
    o.scenario = scenario_find("weak-cipher");
    assert_non_null(o.scenario);
    assert_false(scenario_runs_in(o.scenario, TLS_V13));
    refused(&o, "weak-cipher does not run in TLS 1.3");
}

static sim *run(const sim_options *o)
{
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, o), ERR_OK);
    return s;
}

/* The twin made as the interface makes it (the run's options in the other
 * version, its root key) has the rows of --compare-versions --seed 1. */
static void test_twin_rows(void **state)
{
    (void)state;
    sim_options o = defaults(TLS_V12), other;
    sim *shown = run(&o);
    char why[160];
    assert_true(tui_versions_other(&shown->opt, &other, why, sizeof why));
    other.root_key = shown->root.key;
    sim *twin = run(&other);
    o = defaults(TLS_V13);
    sim *direct = run(&o);
    /* the same certificates, byte for byte */
    assert_int_equal(twin->tr.n_msgs, direct->tr.n_msgs);
    assert_memory_equal(twin->pki.server.der, direct->pki.server.der, direct->pki.server.der_len);
    render_vrow a[RENDER_VERSIONS_ROWS], b[RENDER_VERSIONS_ROWS];
    render_versions_rows(&shown->tr, &twin->tr, a);
    render_versions_rows(&shown->tr, &direct->tr, b);
    for (int r = 0; r < RENDER_VERSIONS_ROWS; r++) {
        assert_string_equal(a[r].label, b[r].label);
        assert_string_equal(a[r].v[0], b[r].v[0]);
        assert_string_equal(a[r].v[1], b[r].v[1]);
    }
    /* what the batch golden shows for seed 1 */
    assert_string_equal(a[0].label, "handshake");
    assert_string_equal(a[0].v[0], "completed");
    assert_string_equal(a[1].label, "round trips before the client sends data");
    assert_string_equal(a[1].v[0], "2");
    assert_string_equal(a[1].v[1], "1");
    assert_string_equal(a[1].j[1], "1");
    assert_string_equal(a[4].v[1], "3, Handshake keys (before authentication)");
    assert_string_equal(a[4].j[1], "3");
    assert_string_equal(a[8].label, "client identity readable on the wire");
    assert_string_equal(a[8].v[0], "yes");
    assert_string_equal(a[8].v[1], "no");
    assert_string_equal(a[8].j[1], "false");
    assert_true(render_versions_why_len == 3);
    assert_non_null(strstr(render_versions_why[1], "RFC 8446 \u00a74.2.8"));
    char src[48];
    render_versions_source(&shown->tr, src, sizeof src);
    assert_string_equal(src, "seed 1");
    sim_free(shown);
    sim_free(twin);
    sim_free(direct);
}

/* A live run (no seed): its twin has the same certificates all the same,
 * from the root key and the clock the run used. */
static void test_live_twin(void **state)
{
    (void)state;
    sim_options o = { .ems = true, .version = TLS_V12 }, other;
    sim *shown = run(&o);
    char why[160];
    assert_true(tui_versions_other(&shown->opt, &other, why, sizeof why));
    other.root_key = shown->root.key;
    sim *twin = run(&other);
    assert_int_equal(twin->tr.version, TLS_V13);
    assert_true(twin->tr.outcome.ok);
    assert_int_equal(twin->opt.now, shown->opt.now);
    assert_int_equal(twin->pki.client.der_len, shown->pki.client.der_len);
    assert_memory_equal(twin->pki.client.der, shown->pki.client.der, shown->pki.client.der_len);
    assert_memory_equal(twin->pki.server.der, shown->pki.server.der, shown->pki.server.der_len);
    sim_free(shown);
    sim_free(twin);
}

/* V is bound once, in the table the help screen is made from. */
static void test_key(void **state)
{
    (void)state;
    assert_int_equal(tui_key_action('V'), ACT_VERSIONS);
    size_t rows = 0;
    for (size_t i = 0; i < tui_keymap_len; i++)
        if (tui_keymap[i].act == ACT_VERSIONS) {
            rows++;
            assert_int_equal(tui_keymap[i].keys[0], 'V');
            assert_int_equal(tui_keymap[i].keys[1], 0);
            assert_non_null(strstr(tui_keymap[i].help, "TLS 1.3"));
        }
    assert_int_equal(rows, 1);
}

static void test_columns_fit(void **state)
{
    (void)state;
    /* the widest narrowed first, until they are even */
    int w[3] = { 45, 20, 41 };
    assert_int_equal(tui_columns_fit(w, 3, 74, 8), 74);
    assert_int_equal(w[0], 27);
    assert_int_equal(w[1], 20);
    assert_int_equal(w[2], 27);
    /* room enough: unchanged */
    int u[3] = { 45, 20, 41 };
    assert_int_equal(tui_columns_fit(u, 3, 116, 8), 106);
    assert_int_equal(u[0], 45);
    assert_int_equal(u[2], 41);
    /* never below the minimum, even when that is too wide */
    int m[3] = { 30, 9, 30 };
    assert_int_equal(tui_columns_fit(m, 3, 20, 8), 24);
    assert_int_equal(m[0], 8);
    assert_int_equal(m[1], 8);
    assert_int_equal(m[2], 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_other_version),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_twin_rows),
        cmocka_unit_test(test_live_twin),
        cmocka_unit_test(test_key),
        cmocka_unit_test(test_columns_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
