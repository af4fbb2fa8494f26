/* test_after.c — what a peer sends after a completed handshake (hs_after.c):
 * once this side has queued its close_notify it reads the peer's last
 * records — application data, a renegotiation request, its close_notify, an
 * alert, a bad record, the end of the stream — reports each, and the
 * handshake stays complete whatever they are. The peer's records are sealed
 * here with the other endpoint's own write keys, as a real peer seals them.
 */
#include "testlib.h"

#include "run/sim.h"

typedef struct seen {
    size_t tags_ok;           /* each record's tag, checked as it is opened */
    size_t n;                 /* the other checks */
    check_id id[16];
    err_t result[16];
    char detail[16][256];
} seen;

static void on_check(void *ctx, party who, check_id id, int step, const char *name,
                     err_t result, const char *detail)
{
    seen *s = ctx;
    (void)who, (void)name;
    assert_int_equal(step, HS_STEPS);
    if (id == CHK_RECORD_TAG && result == ERR_OK) {
        s->tags_ok++;
        return;
    }
    if (s->n < 16) {
        s->id[s->n] = id;
        s->result[s->n] = result;
        snprintf(s->detail[s->n], sizeof s->detail[0], "%s", detail);
        s->n++;
    }
}

/* A completed in-process handshake; the client has sent its close_notify
 * and reports its checks to *cap from now on. */
static sim *finished(tls_version v, seen *cap)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 11, .ems = true, .version = v };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_true(s->client.done && s->server.done);
    memset(cap, 0, sizeof *cap);
    s->client.obs = (hs_observer){ .ctx = cap, .check = on_check };
    assert_false(hs_reads_after(&s->client));
    assert_int_equal(hs_close_notify(&s->client), ERR_OK);
    size_t n;
    assert_non_null(hs_output(&s->client, &n));
    hs_output_ack(&s->client, n);
    assert_true(hs_reads_after(&s->client));
    return s;
}

/* One record as the server writes it, with its own keys. */
static size_t server_record(sim *s, uint8_t type, const uint8_t *plain, size_t n, uint8_t *out,
                            size_t cap)
{
    wr w;
    rec_seal_info si;
    wr_init(&w, out, cap);
    assert_int_equal(rec_write(&w, &s->server.tx, type, plain, n, &si), ERR_OK);
    return w.len;
}

static void test_close_notify_after_data(void **state)
{
    (void)state;
    for (int v = 0; v < 2; v++) {
        seen cap;
        sim *s = finished(v ? TLS_V13 : TLS_V12, &cap);
        uint8_t rec[256];
        static const uint8_t late[] = "late data", close[] = { 1, 0 };
        size_t n = server_record(s, CT_APPLICATION_DATA, late, sizeof late - 1, rec, sizeof rec);
        assert_int_equal(hs_feed(&s->client, rec, n), ERR_OK);
        assert_int_equal(s->client.after_app_len, sizeof late - 1);
        assert_true(hs_reads_after(&s->client));
        n = server_record(s, CT_ALERT, close, sizeof close, rec, sizeof rec);
        assert_int_equal(hs_feed(&s->client, rec, n), ERR_OK);
        assert_true(s->client.peer_close_notify);
        assert_false(hs_reads_after(&s->client));
        assert_true(s->client.done && !s->client.failed);
        assert_int_equal(cap.n, 1);
        assert_int_equal(cap.tags_ok, 2);
        assert_int_equal(cap.id[0], CHK_PEER_CLOSURE);
        assert_int_equal(cap.result[0], ERR_OK);
        assert_non_null(strstr(cap.detail[0], "9 bytes of application data"));
        /* nothing is read after the close_notify */
        n = server_record(s, CT_APPLICATION_DATA, late, sizeof late - 1, rec, sizeof rec);
        assert_int_equal(hs_feed(&s->client, rec, n), ERR_HS_PEER_GONE);
        assert_int_equal(s->client.after_app_len, sizeof late - 1);
        sim_free(s);
    }
}

static void test_end_of_stream_without_close_notify(void **state)
{
    (void)state;
    seen cap;
    sim *s = finished(TLS_V12, &cap);
    assert_int_equal(hs_close(&s->client), ERR_OK);
    assert_false(hs_reads_after(&s->client));
    assert_false(s->client.peer_close_notify);
    assert_true(s->client.done && !s->client.failed);
    assert_int_equal(cap.n, 1);
    assert_int_equal(cap.id[0], CHK_PEER_CLOSURE);
    assert_int_equal(cap.result[0], ERR_TRUNCATED);
    assert_non_null(strstr(cap.detail[0], "without a close_notify"));
    sim_free(s);
}

static void test_renegotiation_after_close_is_not_answered(void **state)
{
    (void)state;
    seen cap;
    sim *s = finished(TLS_V12, &cap);
    uint8_t rec[128];
    static const uint8_t hello_request[] = { 0, 0, 0, 0 }; /* RFC 5246 §7.4.1.1 */
    size_t n = server_record(s, CT_HANDSHAKE, hello_request, sizeof hello_request, rec, sizeof rec);
    assert_int_equal(hs_feed(&s->client, rec, n), ERR_OK);
    assert_int_equal(s->client.reneg_refused, 1);
    assert_int_equal(cap.n, 1);
    assert_int_equal(cap.id[0], CHK_RENEG_REFUSED);
    assert_int_equal(cap.result[0], ERR_OK);
    assert_non_null(strstr(cap.detail[0], "after this side's close_notify: not answered"));
    /* its close_notify sent, this side sends nothing more */
    size_t out;
    assert_null(hs_output(&s->client, &out));
    assert_int_equal(out, 0);
    assert_true(hs_reads_after(&s->client));
    sim_free(s);
}

static void test_fatal_alert_and_bad_record_stop_reading(void **state)
{
    (void)state;
    seen cap;
    sim *s = finished(TLS_V12, &cap);
    uint8_t rec[128];
    static const uint8_t fatal[] = { 2, ALERT_handshake_failure };
    size_t n = server_record(s, CT_ALERT, fatal, sizeof fatal, rec, sizeof rec);
    assert_int_equal(hs_feed(&s->client, rec, n), ERR_OK);
    assert_int_equal(s->client.after_alert, ALERT_handshake_failure);
    assert_false(hs_reads_after(&s->client));
    assert_true(s->client.done && !s->client.failed);
    assert_int_equal(cap.id[0], CHK_PEER_CLOSURE);
    assert_int_equal(cap.result[0], ERR_HS_ALERT);
    sim_free(s);

    /* a record whose tag does not verify: the reading stops, the handshake
     * stays complete, and no alert follows this side's close_notify */
    s = finished(TLS_V12, &cap);
    static const uint8_t data[] = "data";
    n = server_record(s, CT_APPLICATION_DATA, data, 4, rec, sizeof rec);
    rec[n - 1] ^= 1;
    assert_int_equal(hs_feed(&s->client, rec, n), ERR_RECORD_MAC);
    assert_false(hs_reads_after(&s->client));
    assert_true(s->client.done && !s->client.failed);
    assert_int_equal(s->client.after_app_len, 0);
    size_t out;
    assert_null(hs_output(&s->client, &out));
    assert_int_equal(cap.id[0], CHK_RECORD_TAG);
    assert_int_equal(cap.result[0], ERR_RECORD_MAC);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_close_notify_after_data),
        cmocka_unit_test(test_end_of_stream_without_close_notify),
        cmocka_unit_test(test_renegotiation_after_close_is_not_answered),
        cmocka_unit_test(test_fatal_alert_and_bad_record_stop_reading),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
