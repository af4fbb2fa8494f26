/* test_catalogue.c — the value and check catalogues (tls12/values.h,
 * tls12/checks.h, pki/x509_check.h), the key-exchange methods (tls/kx) and
 * the codec that does not sign: the tables are well formed, every value and
 * check a seeded run reports is a row of them with the label, step and kind
 * the views show, a protected record's family comes from what it carries,
 * and each method reports what it says it does. */
#include "testlib.h"

#include "run/scenario.h"
#include "run/sim.h"
#include "teach/lesson_int.h"
#include "tls/hs.h"

/* ---- the value catalogue -------------------------------------------------- */

static void test_value_rows_well_formed(void **state)
{
    (void)state;
    assert_null(values_row(VAL_NONE));
    assert_null(values_row(VAL_COUNT));
    size_t with_param = 0;
    for (int i = VAL_NONE + 1; i < VAL_COUNT; i++) {
        const value_row *r = values_row((value_id)i);
        assert_non_null(r);
        assert_true(r->id[0] && r->label[0] && r->formula[0]);
        assert_true(r->step <= STEP_SESSION);
        assert_true(r->kind < VK_COUNT);
        /* ids unique, and the name finds the row */
        for (int k = VAL_NONE + 1; k < i; k++)
            if (strcmp(values_row((value_id)k)->id, r->id) == 0)
                fail_msg("id %s is in rows %d and %d", r->id, k, i);
        value_id back;
        assert_true(values_by_name(r->id, &back));
        assert_int_equal(back, i);
        /* inputs name other rows, and end with VAL_NONE */
        assert_int_equal(r->inputs[VALUE_INPUTS_MAX - 1], VAL_NONE);
        for (size_t k = 0; k < VALUE_INPUTS_MAX && r->inputs[k] != VAL_NONE; k++) {
            assert_non_null(values_row(r->inputs[k]));
            assert_int_not_equal(r->inputs[k], i);
        }
        if (strstr(r->formula, "{}"))
            with_param++;
    }
    /* the run fills in a sequence number for each of the 2 x 3 record
     * families' nonces, and the messages hashed for each Finished; in TLS
     * 1.3 also for each CertificateVerify and the two later secrets */
    assert_int_equal(with_param, 2 * 3 + 2 + 6);
    value_id v;
    assert_false(values_by_name("client_finished_plaintext", &v));
    assert_false(values_by_name("", &v));
    assert_false(values_by_name("master-secret", &v));
}

static void test_value_ways(void **state)
{
    (void)state;
    char how[256], in[128];
    for (int w = WAY_MAIN + 1; w < WAY_COUNT; w++) {
        const value_way_row *r = values_way((value_way)w);
        assert_non_null(r);
        assert_non_null(values_row(r->value));
        assert_true(values_how(r->value, (value_way)w, NULL, how, sizeof how));
        assert_true(how[0]);
        /* a way is only a way of its own value */
        value_id other = r->value == VAL_CLIENT_RANDOM ? VAL_SERVER_RANDOM : VAL_CLIENT_RANDOM;
        assert_false(values_how(other, (value_way)w, NULL, how, sizeof how));
        assert_string_equal(how, "");
        assert_false(values_inputs(other, (value_way)w, in, sizeof in));
    }
    assert_null(values_way(WAY_MAIN));
    assert_null(values_way(WAY_COUNT));
}

/* The formula shown: the row's, "{}" filled, then its section. */
static void test_value_formula_text(void **state)
{
    (void)state;
    char how[256], in[128];
    assert_true(values_how(VAL_MASTER_SECRET, WAY_MS_LEGACY, NULL, how, sizeof how));
    assert_string_equal(how, "PRF(pre_master_secret, \"master secret\", client_random + "
                             "server_random)[0..47]  (RFC 5246 §8.1)");
    assert_true(values_inputs(VAL_MASTER_SECRET, WAY_MS_LEGACY, in, sizeof in));
    assert_string_equal(in, "pre_master_secret,client_random,server_random");
    assert_true(values_inputs(VAL_MASTER_SECRET, WAY_MAIN, in, sizeof in));
    assert_string_equal(in, "pre_master_secret,session_hash");
    assert_true(values_how(VAL_SERVER_APP_NONCE, WAY_MAIN, "3", how, sizeof how));
    assert_string_equal(how, "server_write_iv XOR (0^32 + seq_num 3 as 8 bytes)  (RFC 7905 §2)");
    assert_true(values_inputs(VAL_CLIENT_ALERT_TAG, WAY_MAIN, in, sizeof in));
    assert_string_equal(in, "client_write_key,client_alert_nonce,client_alert_aad");
    /* a section cited inside the formula is not repeated */
    assert_true(values_how(VAL_CLIENT_WRITE_KEY, WAY_MAIN, NULL, how, sizeof how));
    assert_string_equal(how, "key_block[0..31] (no MAC keys with an AEAD, RFC 7905)");
    assert_true(values_inputs(VAL_CLIENT_RANDOM, WAY_MAIN, in, sizeof in));
    assert_string_equal(in, "");
    /* cut to the buffer, always terminated */
    assert_true(values_how(VAL_KEY_BLOCK, WAY_MAIN, NULL, how, 8));
    assert_string_equal(how, "PRF(mas");
    char out[32];
    assert_int_equal(values_fill("{peer} saw {} twice {}", "client", "x", out, sizeof out), 20);
    assert_string_equal(out, "client saw x twice x");
    assert_int_equal(values_fill("{peer}{}", NULL, NULL, out, sizeof out), 0);
}

/* ---- protected records ---------------------------------------------------- */

static void test_seal_family_table(void **state)
{
    (void)state;
    seal_family f;
    assert_true(values_seal_family(CT_HANDSHAKE, HT_FINISHED, &f));
    assert_int_equal(f, SEAL_FINISHED);
    assert_true(values_seal_family(CT_APPLICATION_DATA, 0, &f));
    assert_int_equal(f, SEAL_APP);
    assert_true(values_seal_family(CT_ALERT, 0, &f));
    assert_int_equal(f, SEAL_ALERT);
    /* RFC 5246 §7.1, §7.4.9: no other handshake message follows
     * ChangeCipherSpec, and ChangeCipherSpec itself is never protected */
    assert_false(values_seal_family(CT_HANDSHAKE, HT_CLIENT_HELLO, &f));
    assert_false(values_seal_family(CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, &f));
    assert_false(values_seal_family(CT_CHANGE_CIPHER_SPEC, 0, &f));
    assert_false(values_seal_family(99, 0, &f));

    static const char *const fam[] = { "finished", "app", "alert" };
    static const char *const part[] = { "nonce", "aad", "ciphertext", "tag" };
    for (int who = 0; who < 2; who++)
        for (int i = 0; i < SEAL_FAMILIES; i++)
            for (int k = 0; k < SEAL_PARTS; k++) {
                char want[48];
                snprintf(want, sizeof want, "%s_%s_%s", party_name((party)who), fam[i], part[k]);
                value_id v = values_sealed((party)who, (seal_family)i, (seal_part)k);
                assert_non_null(values_row(v));
                assert_string_equal(values_row(v)->id, want);
                assert_int_equal(values_row(v)->step, i == SEAL_ALERT ? STEP_NONE : STEP_SESSION);
            }
    assert_int_equal(values_sealed(PARTY_CLIENT, SEAL_FAMILIES, SEAL_NONCE), VAL_NONE);
}

typedef struct got {
    size_t n;
    value_id id[8];
    char param[8][24];
} got;

static void on_value(void *ctx, party who, value_id id, value_way way, const char *param,
                     const uint8_t *v, size_t n)
{
    got *g = ctx;
    (void)who, (void)v, (void)n;
    assert_int_equal(way, WAY_MAIN);
    assert_true(g->n < 8);
    snprintf(g->param[g->n], sizeof g->param[0], "%s", param ? param : "");
    g->id[g->n++] = id;
}

/* The endpoint says what it sealed; the family follows from that. */
static void test_report_seal_by_content(void **state)
{
    (void)state;
    static hs h;
    got g = { 0 };
    memset(&h, 0, sizeof h);
    h.role = PARTY_SERVER;
    h.obs = (hs_observer){ .ctx = &g, .value = on_value };
    rec_seal_info si;
    memset(&si, 0, sizeof si);
    si.seq = 5;
    uint8_t finished[16] = { HT_FINISHED, 0, 0, 12 }, hello[8] = { HT_CLIENT_HELLO };
    uint8_t frag[16 + REC_TAG_LEN] = { 0 };
    hs_report_seal(&h, PARTY_SERVER, CT_HANDSHAKE, hello, sizeof hello, &si, frag, sizeof frag);
    assert_int_equal(g.n, 0); /* not a Finished: TLS 1.2 never protects it, nothing to show */
    hs_report_seal(&h, PARTY_SERVER, CT_HANDSHAKE, finished, sizeof finished, &si, frag,
                   sizeof frag);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.id[0], VAL_SERVER_FINISHED_NONCE);
    assert_string_equal(g.param[0], "5");
    assert_int_equal(g.id[1], VAL_SERVER_FINISHED_AAD);
    assert_int_equal(g.id[2], VAL_SERVER_FINISHED_CIPHERTEXT);
    assert_int_equal(g.id[3], VAL_SERVER_FINISHED_TAG);
    g.n = 0;
    hs_report_seal(&h, PARTY_CLIENT, CT_APPLICATION_DATA, hello, sizeof hello, &si, frag, 4);
    assert_int_equal(g.n, 2); /* a fragment shorter than a tag: nonce and AAD only */
    assert_int_equal(g.id[0], VAL_CLIENT_APP_NONCE);
    assert_int_equal(g.id[1], VAL_CLIENT_APP_AAD);
}

/* ---- the check catalogues ------------------------------------------------- */

static void test_check_rows_well_formed(void **state)
{
    (void)state;
    assert_null(checks_row(CHK_NONE));
    assert_null(checks_row(CHK_COUNT));
    for (int i = CHK_NONE + 1; i < CHK_COUNT; i++) {
        const check_row *r = checks_row((check_id)i);
        assert_non_null(r);
        assert_true(r->name[0] && r->rfc[0]);
        assert_true(r->step <= STEP_SESSION);
        for (int k = CHK_NONE + 1; k < i; k++)
            if (strcmp(checks_row((check_id)k)->name, r->name) == 0)
                fail_msg("check %s is in rows %d and %d", r->name, k, i);
    }
    char name[96];
    checks_name(CHK_CERT_PARSE, "server", NULL, name, sizeof name);
    assert_string_equal(name, "server certificate: parse");
    checks_name(CHK_CERT_CHAIN, "client", x509_check_name(X509_CHECK_PATH), name, sizeof name);
    assert_string_equal(name, "client certificate: issuer: path to a trusted CA");
    checks_name(CHK_DECODE, "client", "ServerHello", name, sizeof name);
    assert_string_equal(name, "decode ServerHello");
    checks_name(CHK_FINISHED, "server", NULL, name, sizeof name);
    assert_string_equal(name, "server Finished");
    checks_name(CHK_COUNT, "server", NULL, name, sizeof name);
    assert_string_equal(name, "");

    for (int i = 0; i < X509_CHECK_COUNT; i++) {
        assert_true(x509_check_name((x509_check)i)[0] && x509_check_rfc((x509_check)i)[0]);
        for (int k = 0; k < i; k++)
            assert_string_not_equal(x509_check_name((x509_check)k),
                                    x509_check_name((x509_check)i));
    }
    assert_string_equal(x509_check_name(X509_CHECK_REVOCATION), "revocation");
    assert_string_equal(x509_check_name(X509_CHECK_COUNT), "");
}

/* ---- key exchange --------------------------------------------------------- */

static bool reports(const kx_method *k, value_id v)
{
    for (const value_id *p = k->reports; *p != VAL_NONE; p++)
        if (*p == v)
            return true;
    return false;
}

static void test_kx_table(void **state)
{
    (void)state;
    assert_ptr_equal(kx_for(KX_ECDHE), &kx_ecdhe);
    assert_ptr_equal(kx_for(KX_TRANSPORT), &kx_transport);
    assert_ptr_equal(kx_for_suite(CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256), &kx_ecdhe);
    assert_ptr_equal(kx_for_suite(CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256), &kx_transport);
    assert_null(kx_for_suite(CS_RSA_WITH_RC4_128_SHA));
    assert_ptr_equal(kx_for_server_key(X509_KEY_ED25519), &kx_ecdhe);
    assert_ptr_equal(kx_for_server_key(X509_KEY_X25519), &kx_transport);
    const kx_method *all[] = { &kx_ecdhe, &kx_transport };
    for (size_t i = 0; i < 2; i++) {
        const kx_method *k = all[i];
        assert_true(k->n_suites >= 1 && k->write_client_kx && k->read_client_kx);
        /* a method sends a ServerKeyExchange exactly when it has both handlers */
        assert_int_equal(k->server_kx, k->write_server_kx != NULL);
        assert_int_equal(k->server_kx, k->read_server_kx != NULL);
        assert_true(reports(k, VAL_PRE_MASTER_SECRET));
    }
    assert_true(reports(&kx_ecdhe, VAL_SERVER_SIGNATURE));
    assert_false(reports(&kx_transport, VAL_SERVER_SIGNATURE));
    assert_true(reports(&kx_transport, VAL_ENCRYPTED_PRE_MASTER_SECRET));
}

/* The codec lays out the signature it is given, byte for byte. */
static void test_server_kx_codec_takes_signature(void **state)
{
    (void)state;
    uint8_t point[X25519_LEN], sig[ED25519_SIG_LEN], buf[256], params[MSG_ECDH_PARAMS_LEN];
    for (size_t i = 0; i < sizeof point; i++)
        point[i] = (uint8_t)(i + 1);
    memset(sig, 0xa5, sizeof sig);
    wr w;
    wr_init(&w, buf, sizeof buf);
    msg_server_kx_write(&w, point, SIGALG_ED25519, sig);
    assert_int_equal(wr_status(&w), ERR_OK);
    /* header(4) params(36) sigalg(2) length(2) signature(64) */
    assert_int_equal(w.len, 4 + MSG_ECDH_PARAMS_LEN + 2 + 2 + ED25519_SIG_LEN);
    assert_memory_equal(buf + w.len - ED25519_SIG_LEN, sig, sizeof sig);
    msg_server_kx_params(point, params);
    assert_hex_equal(params, 4, "03001d20");
    assert_memory_equal(buf + 4, params, sizeof params);
    rd r;
    msg_server_kx m;
    rd_init(&r, buf, w.len);
    assert_int_equal(msg_server_kx_parse(&r, &m, NULL), ERR_OK);
    assert_memory_equal(m.point, point, sizeof point);
    assert_memory_equal(m.sig, sig, sizeof sig);
    assert_int_equal(m.params_len, MSG_ECDH_PARAMS_LEN);
}

/* ---- seeded runs ---------------------------------------------------------- */

static sim *run(hs_kx kx, bool ems, const scenario *sc, uint64_t seed)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = seed, .kx = kx, .ems = ems, .scenario = sc };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static bool has_msg(const trace *t, const char *name)
{
    for (size_t i = 0; i < t->n_msgs; i++)
        if (strcmp(t->msgs[i].name, name) == 0)
            return true;
    return false;
}

/* Every value is a catalogue row, shown with the row's label, step and
 * kind; the wire bit follows the kind. */
static void check_values(const trace *t, const char *what)
{
    for (size_t i = 0; i < t->n_values; i++) {
        const trace_value *v = &t->values[i];
        const value_row *r = values_row(v->vid);
        if (!r)
            fail_msg("%s: value %zu has no catalogue row", what, i);
        assert_ptr_equal(v->id, r->id);
        assert_ptr_equal(v->label, r->label);
        assert_int_equal(v->kind, r->kind);
        assert_int_equal(v->text, values_kind(r->kind)->text);
        if (r->step != STEP_NONE)
            assert_int_equal(v->step, r->step);
        else
            assert_true(v->step >= STEP_CLIENT_HELLO && v->step <= STEP_SESSION);
        if (((v->know & KNOW_PUBLIC) != 0) != values_kind(r->kind)->public_)
            fail_msg("%s: %s is %s public", what, v->id,
                     values_kind(r->kind)->public_ ? "not" : "");
        assert_true(v->how[0]);
    }
}

/* Every check is a catalogue row, named as the row says for the peer. */
static void check_checks(const trace *t, const char *what)
{
    for (size_t i = 0; i < t->n_checks; i++) {
        const trace_check *c = &t->checks[i];
        const check_row *r = checks_row(c->id);
        if (!r)
            fail_msg("%s: check %zu (%s) has no catalogue row", what, i, c->name);
        if (r->step != STEP_NONE)
            assert_int_equal(c->step, r->step);
        else
            assert_true(c->step >= STEP_CLIENT_HELLO && c->step <= STEP_SESSION);
        const char *peer = party_name(party_peer(c->who));
        char want[96];
        if (c->id == CHK_CERT_CHAIN) {
            bool found = false;
            for (int k = 0; k < X509_CHECK_COUNT; k++) {
                checks_name(c->id, peer, x509_check_name((x509_check)k), want, sizeof want);
                found |= strcmp(want, c->name) == 0;
            }
            if (!found)
                fail_msg("%s: chain check %s is no x509 check", what, c->name);
        } else if (c->id == CHK_DECODE) {
            assert_int_equal(strncmp(c->name, "decode ", 7), 0);
        } else {
            checks_name(c->id, peer, NULL, want, sizeof want);
            assert_string_equal(c->name, want);
        }
    }
}

/* The key exchange reports its own values and no other's; a complete run
 * reports all of them, and a ServerKeyExchange is sent exactly when the
 * method says. */
static void check_kx(const trace *t, hs_kx kx, const char *what)
{
    const kx_method *used = kx_for(kx), *other = kx == KX_ECDHE ? &kx_transport : &kx_ecdhe;
    for (const value_id *p = other->reports; *p != VAL_NONE; p++)
        if (!reports(used, *p) && trace_value_get(t, *p))
            fail_msg("%s: %s belongs to the other key exchange", what, values_row(*p)->id);
    if (t->outcome.ok) {
        for (const value_id *p = used->reports; *p != VAL_NONE; p++)
            if (!trace_value_get(t, *p))
                fail_msg("%s: %s was not reported", what, values_row(*p)->id);
        assert_int_equal(has_msg(t, "ServerKeyExchange"), used->server_kx);
        assert_int_equal(t->transport, kx == KX_TRANSPORT);
    }
}

static void test_runs_report_catalogue_rows(void **state)
{
    (void)state;
    bool seen[VAL_COUNT] = { false }, checked[CHK_COUNT] = { false };
    size_t runs = 0;
    for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++)
        for (int ems = 0; ems <= 1; ems++)
            for (size_t i = 0; i <= scenario_count; i++) {
                const scenario *sc = i < scenario_count ? &scenario_list[i] : NULL;
                if (sc && (!scenario_applies(sc, (hs_kx)kx) || !scenario_runs_in(sc, TLS_V12)))
                    continue;
                char what[96];
                snprintf(what, sizeof what, "%s, %s, %s", kx == KX_ECDHE ? "ecdhe" : "transport",
                         ems ? "ems" : "no-ems", sc ? sc->name : "no scenario");
                sim *s = run((hs_kx)kx, ems != 0, sc, 7);
                check_values(&s->tr, what);
                check_checks(&s->tr, what);
                check_kx(&s->tr, (hs_kx)kx, what);
                if (!sc)
                    assert_true(s->tr.outcome.ok);
                if (!sc && ems)
                    assert_non_null(trace_value_get(&s->tr, VAL_SESSION_HASH));
                if (!sc && !ems)
                    assert_null(trace_value_get(&s->tr, VAL_SESSION_HASH));
                for (size_t k = 0; k < s->tr.n_values; k++)
                    seen[s->tr.values[k].vid] = true;
                for (size_t k = 0; k < s->tr.n_checks; k++)
                    checked[s->tr.checks[k].id] = true;
                sim_free(s);
                runs++;
            }
    assert_true(runs > 4 * 8);
    /* the built-in runs use every row but the client's protected alert (a
     * client never detects a fault after ChangeCipherSpec in them) */
    for (int i = VAL_NONE + 1; i < VAL13_FIRST; i++) { /* the TLS 1.2 rows: test_tls13.c */
        bool client_alert = i >= VAL_CLIENT_ALERT_NONCE && i <= VAL_CLIENT_ALERT_TAG;
        if (seen[i] == client_alert)
            fail_msg("%s is %sreported", values_row((value_id)i)->id, seen[i] ? "" : "never ");
    }
    assert_true(checked[CHK_CERT_CHAIN] && checked[CHK_FINISHED] && checked[CHK_PMS_OPEN] &&
                checked[CHK_ECDHE_POINT] && checked[CHK_RECORD_TAG]);
}

/* The ServerKeyExchange signature the method made verifies over what RFC
 * 8422 §5.4 says it covers, with the key in the server's certificate. */
static void test_server_signature_verifies(void **state)
{
    (void)state;
    sim *s = run(KX_ECDHE, true, NULL, 3);
    const trace *t = &s->tr;
    size_t n_sig, n_pk, n_cr, n_sr, n_pt;
    const uint8_t *sig = trace_value_bytes(trace_value_get(t, VAL_SERVER_SIGNATURE), &n_sig);
    const uint8_t *pk = trace_value_bytes(trace_value_get(t, VAL_SERVER_CERT_PUBLIC_KEY), &n_pk);
    const uint8_t *cr = trace_value_bytes(trace_value_get(t, VAL_CLIENT_RANDOM), &n_cr);
    const uint8_t *sr = trace_value_bytes(trace_value_get(t, VAL_SERVER_RANDOM), &n_sr);
    const uint8_t *pt = trace_value_bytes(trace_value_get(t, VAL_SERVER_ECDHE_PUBLIC), &n_pt);
    assert_int_equal(n_sig, ED25519_SIG_LEN);
    assert_int_equal(n_pk, 32);
    uint8_t params[MSG_ECDH_PARAMS_LEN], tbs[2 * KS_RANDOM_LEN + MSG_ECDH_PARAMS_LEN];
    msg_server_kx_params(pt, params);
    size_t n = msg_server_kx_signed(cr, sr, params, sizeof params, tbs);
    assert_int_equal(n, sizeof tbs);
    assert_int_equal(crypto_sign_verify_detached(sig, tbs, n, pk), 0);
    tbs[0] ^= 1; /* another client_random: another handshake */
    assert_int_not_equal(crypto_sign_verify_detached(sig, tbs, n, pk), 0);
    /* and it is the signature that crossed the wire */
    bool on_wire = false;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (strcmp(t->msgs[i].name, "ServerKeyExchange") == 0)
            on_wire = t->msgs[i].plain_len >= n_sig &&
                      memcmp(t->msgs[i].plain + t->msgs[i].plain_len - n_sig, sig, n_sig) == 0;
    assert_true(on_wire);
    sim_free(s);
}

/* Lesson placeholders are the catalogue's ids, and only those. */
static void test_lesson_placeholders_from_catalogue(void **state)
{
    (void)state;
    for (int i = VAL_NONE + 1; i < VAL_COUNT; i++)
        assert_true(lesson_is_value_id(values_row((value_id)i)->id));
    assert_false(lesson_is_value_id("client_finished_plaintext"));
    assert_false(lesson_is_value_id("suite"));
    assert_true(lesson_is_fact_id("suite"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_rows_well_formed),
        cmocka_unit_test(test_value_ways),
        cmocka_unit_test(test_value_formula_text),
        cmocka_unit_test(test_seal_family_table),
        cmocka_unit_test(test_report_seal_by_content),
        cmocka_unit_test(test_check_rows_well_formed),
        cmocka_unit_test(test_kx_table),
        cmocka_unit_test(test_server_kx_codec_takes_signature),
        cmocka_unit_test(test_runs_report_catalogue_rows),
        cmocka_unit_test(test_server_signature_verifies),
        cmocka_unit_test(test_lesson_placeholders_from_catalogue),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
