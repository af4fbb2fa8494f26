/* test_web.c — the pieces of the web page and the diagrams: the XML
 * escaper (esc_xml), the TLS field catalogue that decodes and cites every
 * field (msg_note.c), the ladder rows every diagram draws (ladder.c), and
 * the three renderers on seeded runs: every message on the page with its
 * id, the alert marked in text, no raw markup from --message. */
#include "testlib.h"

#include "base/esc.h"
#include "run/scenario.h"
#include "run/sim.h"
#include "tls/msg/msg_note.h"
#include "tls/record.h"
#include "view/batch/ladder.h"
#include "view/batch/render.h"

static char *xml(const char *s, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    esc_xml(f, s, n);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_esc_xml(void **state)
{
    (void)state;
    char *a = xml("<a href=\"x\">'&'</a>", 19);
    assert_string_equal(a, "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    free(a);
    /* ESC, a bidi override, a byte that is not UTF-8, NUL: visible escapes */
    static const char ctl[] = "a\x1b[2J\xe2\x80\xae\x9b\x00z";
    char *b = xml(ctl, sizeof ctl - 1);
    assert_string_equal(b, "a\\x1b[2J\\u202e\\x9b\\x00z");
    free(b);
    char *c = xml("caf\xc3\xa9", 5); /* UTF-8 kept */
    assert_string_equal(c, "caf\xc3\xa9");
    free(c);
}

static void note(const char *name, const char *parent, uint8_t ct, uint8_t ht, tls_version v,
                 const char *hex, const char *want, const char *want_rfc)
{
    uint8_t b[64];
    size_t n = unhex(hex, b, sizeof b);
    char out[256];
    const char *rfc = NULL;
    bool has = msg_field_note(name, parent, ct, ht, v, b, n, out, sizeof out, &rfc);
    assert_non_null(rfc);
    if (want) {
        assert_true(has);
        if (!strstr(out, want))
            fail_msg("%s: want \"%s\" in \"%s\"", name, want, out);
    } else {
        assert_false(has);
    }
    assert_string_equal(rfc, want_rfc);
}

static void test_field_notes(void **state)
{
    (void)state;
    note("cipher_suites", NULL, CT_HANDSHAKE, 1, TLS_V12, "0002cca9",
         "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 (0xcca9)", "RFC 5246 §7.4.1.2");
    note("cipher_suite", NULL, CT_HANDSHAKE, 2, TLS_V13, "1303",
         "TLS_CHACHA20_POLY1305_SHA256 (0x1303)", "RFC 8446 §4.1.3");
    note("named groups", NULL, CT_HANDSHAKE, 1, TLS_V12, "0002001d", "x25519 (0x001d)",
         "RFC 8422 §5.1.1");
    note("signature schemes", NULL, CT_HANDSHAKE, 1, TLS_V13, "00020807", "ed25519 (0x0807)",
         "RFC 8446 §4.2.3");
    note("msg_type", NULL, CT_HANDSHAKE, 11, TLS_V12, "0b", "Certificate (11)", "RFC 5246 §7.4");
    note("length", "handshake header", CT_HANDSHAKE, 1, TLS_V12, "00006b", "107 bytes follow",
         "RFC 5246 §7.4");
    note("content type", "record header", CT_HANDSHAKE, 1, TLS_V12, "16",
         "the record's content type: handshake (22)", "RFC 5246 §6.2.1");
    note("record header", NULL, CT_HANDSHAKE, 1, TLS_V12, "160303006f",
         "handshake record, version 0x0303 (TLS 1.2), 111 bytes follow", "RFC 5246 §6.2.1");
    note("extension supported_groups (10)", NULL, CT_HANDSHAKE, 1, TLS_V13, "000a00040002001d",
         "supported_groups (10), 4 bytes of data", "RFC 8446 §4.2.7");
    note("host_name", NULL, CT_HANDSHAKE, 1, TLS_V12, "000361620a", "\"ab\n\"", "RFC 6066 §3");
    note("description", NULL, CT_ALERT, 0, TLS_V12, "2d", "certificate_expired (45)",
         "RFC 5246 §7.2");
    note("level", NULL, CT_ALERT, 0, TLS_V13, "02", "fatal (2)", "RFC 8446 §6");
    note("versions", NULL, CT_HANDSHAKE, 1, TLS_V13, "020304", "TLS 1.3 (0x0304)",
         "RFC 8446 §4.2.1");
    note("signature", NULL, CT_HANDSHAKE, 15, TLS_V13, "0040", "over the transcript",
         "RFC 8446 §4.4.3");
    /* a field the catalogue does not know: no meaning, the message's section */
    note("no such field", NULL, CT_HANDSHAKE, 20, TLS_V12, "00", NULL, "RFC 5246 §7.4.9");
    assert_string_equal(msg_group_name(0x1234), "unknown");
}

static sim *run(tls_version v, const char *scen)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 7, .version = v, .ems = true,
                      .scenario = scen ? scenario_find(scen) : NULL };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static void test_ladder_rows(void **state)
{
    (void)state;
    sim *s = run(TLS_V12, NULL);
    const trace *t = &s->tr;
    ladder_row rows[64];
    size_t n = ladder_rows(t, rows, 64);
    assert_true(n <= ladder_max_rows(t));
    size_t msgs = 0, quiet = 0, bands = 0;
    for (size_t i = 0; i < n; i++) {
        msgs += rows[i].kind == LADDER_MSG;
        bands += rows[i].kind == LADDER_STEP;
        if (rows[i].kind == LADDER_STEP && rows[i].quiet) {
            quiet++;
            /* TLS 1.2: steps 5 and 6 send nothing */
            assert_true(rows[i].step == 5 || rows[i].step == 6);
        }
    }
    assert_int_equal(msgs, t->n_msgs);
    assert_int_equal(quiet, 2);
    assert_int_equal(bands, 7);
    char size[96];
    ladder_size(t, &t->msgs[0], size, sizeof size);
    char want[32];
    snprintf(want, sizeof want, "%zu B", t->msgs[0].record_len);
    assert_string_equal(size, want);
    char out[256];
    ladder_outcome(t, out, sizeof out);
    assert_string_equal(out, "");
    sim_free(s);

    s = run(TLS_V12, "expired-client-cert");
    t = &s->tr;
    n = ladder_rows(t, rows, 64);
    assert_true(rows[n - 1].kind == LADDER_MSG && rows[n - 1].alert);
    ladder_outcome(t, out, sizeof out);
    assert_string_equal(out, "FAILED at step 3 (Authentication): the server sent the fatal "
                             "alert certificate_expired (45)");
    sim_free(s);
}

static char *render(void (*fn)(FILE *, const trace *, const render_opts *), const trace *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    render_opts o = { 0 };
    fn(f, t, &o);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static char *page(const trace *t)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    render_opts o = { 0 };
    render_html(f, t, lesson_builtin(), &o);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_renderers(void **state)
{
    (void)state;
    sim *s = run(TLS_V13, "expired-client-cert");
    const trace *t = &s->tr;
    char *h = page(t), *svg = render(render_svg, t), *mm = render(render_mermaid, t);
    char id[32], num[32];
    for (size_t i = 0; i < t->n_msgs; i++) {
        snprintf(id, sizeof id, "id=\"msg-%d\"", t->msgs[i].seq);
        assert_non_null(strstr(h, id));
        snprintf(num, sizeof num, ">%d. ", t->msgs[i].seq);
        assert_non_null(strstr(svg, num));
        snprintf(num, sizeof num, ": %d. ", t->msgs[i].seq);
        assert_non_null(strstr(mm, num));
    }
    for (size_t i = 0; i < t->n_values; i++) {
        size_t n;
        if (!trace_value_bytes(&t->values[i], &n))
            continue;
        snprintf(id, sizeof id, "id=\"v-%s\"", t->values[i].id);
        assert_non_null(strstr(h, id));
    }
    assert_non_null(strstr(h, "<span class=\"flag\">ALERT</span>"));
    assert_non_null(strstr(svg, "ALERT: Alert certificate_expired"));
    assert_non_null(strstr(mm, "ALERT: Alert certificate_expired"));
    /* the page starts as HTML5 and ends closed; the SVG page form has no prolog */
    assert_int_equal(strncmp(h, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
    assert_non_null(strstr(h, "</body>\n</html>\n"));
    assert_null(strstr(h, "<?xml"));
    assert_int_equal(strncmp(svg, "<?xml version=\"1.0\"", 19), 0);
    free(h);
    free(svg);
    free(mm);
    sim_free(s);

    /* markup in the client's message is text on the page, never markup */
    s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 7, .ems = true,
                      .message = "</code><script>alert(1)</script>" };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    h = page(&s->tr);
    assert_null(strstr(h, "<script>alert"));
    assert_non_null(strstr(h, "&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
    free(h);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_esc_xml),
        cmocka_unit_test(test_field_notes),
        cmocka_unit_test(test_ladder_rows),
        cmocka_unit_test(test_renderers),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
