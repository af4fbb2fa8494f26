/* test_tls13.c — the TLS 1.3 full handshake with client authentication
 * (RFC 8446), run by the two endpoints over the in-memory wire: it
 * completes; both sides hold the same value of every secret, key and hash
 * of the key schedule, recomputed here from the shares and the transcript
 * with crypto/ks13.c; both Finished and both CertificateVerify check out;
 * the certificates and the client's identity travel only in protected
 * records (and so are not public); a flipped byte of a protected record is
 * bad_record_mac; a client without a certificate gets certificate_required
 * after it has sent its Finished; and every framing gives the same
 * messages and secrets. */
#include "testlib.h"

#include "crypto/ks13.h"
#include "run/scenario.h"
#include "run/sim.h"
#include "tls/steps.h"
#include "view/batch/export.h"
#include "view/batch/render.h"

static sim *run13(uint64_t seed, hsio_framing f, const scenario *sc)
{
    sim_options o = { .seeded = true, .seed = seed, .ems = true, .version = TLS_V13,
                      .framing = f, .scenario = sc };
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    return s;
}

static const uint8_t *both(const trace *t, value_id id, size_t want_len)
{
    const trace_value *v = trace_value_get(t, id);
    if (!v)
        fail_msg("%s was not reported", values_row(id)->id);
    if (!v->copy[PARTY_CLIENT] || !v->copy[PARTY_SERVER])
        fail_msg("%s is not held by both sides", v->id);
    assert_int_equal(v->len[PARTY_CLIENT], want_len);
    assert_int_equal(v->len[PARTY_SERVER], want_len);
    if (memcmp(v->copy[PARTY_CLIENT], v->copy[PARTY_SERVER], want_len) != 0)
        fail_msg("the two sides' %s differ", v->id);
    return v->copy[PARTY_CLIENT];
}

static const uint8_t *one(const trace *t, value_id id, party who, size_t want_len)
{
    const trace_value *v = trace_value_get(t, id);
    if (!v || !v->copy[who])
        fail_msg("%s was not reported by the %s", values_row(id)->id, party_name(who));
    assert_int_equal(v->len[who], want_len);
    return v->copy[who];
}

static const trace_msg *msg_named(const trace *t, party from, const char *name, int nth)
{
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].from == from && strcmp(t->msgs[i].name, name) == 0 && nth-- == 0)
            return &t->msgs[i];
    return NULL;
}

static const hsio_framing by_message = { HSIO_FRAME_MESSAGE, 0 };

/* The wire order of RFC 8446 §2 with Appendix D.4, each message in its
 * step of the TLS 1.3 table, and the step titles from that table. */
static void test_handshake_completes_in_wire_order(void **state)
{
    (void)state;
    sim *s = run13(1, by_message, NULL);
    const trace *t = &s->tr;
    assert_true(t->outcome.ok);
    assert_int_equal(t->version, TLS_V13);
    assert_int_equal(t->suite, CS_TLS13_CHACHA20_POLY1305_SHA256);
    static const struct { party from; const char *name; int step; } want[] = {
        { PARTY_CLIENT, "ClientHello", 1 },
        { PARTY_SERVER, "ServerHello", 2 },
        { PARTY_SERVER, "ChangeCipherSpec (dummy)", 2 },
        { PARTY_SERVER, "EncryptedExtensions", 4 },
        { PARTY_SERVER, "CertificateRequest", 4 },
        { PARTY_SERVER, "Certificate", 4 },
        { PARTY_SERVER, "CertificateVerify", 4 },
        { PARTY_SERVER, "Finished", 4 },
        { PARTY_CLIENT, "ChangeCipherSpec (dummy)", 6 },
        { PARTY_CLIENT, "Certificate", 6 },
        { PARTY_CLIENT, "CertificateVerify", 6 },
        { PARTY_CLIENT, "Finished", 6 },
        { PARTY_CLIENT, "Application data", 7 },
        { PARTY_SERVER, "Application data", 7 },
    };
    assert_int_equal(t->n_msgs, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t->n_msgs; i++) {
        assert_int_equal(t->msgs[i].from, want[i].from);
        assert_string_equal(t->msgs[i].name, want[i].name);
        assert_int_equal(t->msgs[i].step, want[i].step);
    }
    /* the hellos and the dummy ChangeCipherSpecs are in the clear, the rest
     * is protected and says application_data outside (RFC 8446 §5.2) */
    for (size_t i = 0; i < t->n_msgs; i++) {
        bool clear = i <= 2 || i == 8;
        assert_int_equal(t->msgs[i].sealed, !clear);
        assert_int_equal(t->msgs[i].record[0], clear ? t->msgs[i].content_type
                                                     : CT_APPLICATION_DATA);
    }
    const steps_table *st = trace_steps(t);
    assert_ptr_equal(st, &steps_tls13);
    assert_string_equal(steps_title(st, 3), "Handshake keys (before authentication)");
    assert_false(steps_on_wire(st, 3));
    assert_false(steps_on_wire(st, 5));
    /* the server answered the client's request over the application keys */
    const trace_value *ans = trace_value_get(t, VAL_SERVER_APP_PLAINTEXT);
    assert_non_null(ans);
    assert_non_null(ans->copy[PARTY_CLIENT]);
    assert_true(ans->len[PARTY_CLIENT] > 17 &&
                memcmp(ans->copy[PARTY_CLIENT], "HTTP/1.1 200 OK\r\n", 17) == 0);
    sim_free(s);
}

/* Every secret of the key schedule, held by both sides alike, equals what
 * crypto/ks13.c gives from the shares and the transcript hashes; and the
 * transcript hashes are those of the messages that crossed. */
static void check_schedule(const trace *t)
{
    const uint8_t *csk = one(t, VAL13_CLIENT_SHARE_PRIVATE, PARTY_CLIENT, 32);
    const uint8_t *spk = one(t, VAL13_SERVER_SHARE_PUBLIC, PARTY_SERVER, 32);
    const uint8_t *ssk = one(t, VAL13_SERVER_SHARE_PRIVATE, PARTY_SERVER, 32);
    const uint8_t *cpk = one(t, VAL13_CLIENT_SHARE_PUBLIC, PARTY_CLIENT, 32);
    /* the public shares crossed in the clear: everyone has them */
    assert_true(trace_value_get(t, VAL13_SERVER_SHARE_PUBLIC)->know & KNOW_PUBLIC);
    assert_true(trace_value_get(t, VAL13_CLIENT_SHARE_PUBLIC)->know & KNOW_PUBLIC);
    /* the private shares stay with their owner */
    assert_int_equal(trace_value_get(t, VAL13_CLIENT_SHARE_PRIVATE)->know, KNOW_CLIENT);
    assert_int_equal(trace_value_get(t, VAL13_SERVER_SHARE_PRIVATE)->know, KNOW_SERVER);
    uint8_t x[32], y[32];
    assert_int_equal(crypto_scalarmult(x, csk, spk), 0);
    assert_int_equal(crypto_scalarmult(y, ssk, cpk), 0);
    assert_memory_equal(x, y, 32);
    assert_memory_equal(both(t, VAL13_ECDHE_SECRET, 32), x, 32);

    /* the transcript: ClientHello and ServerHello as they crossed */
    const trace_msg *ch = msg_named(t, PARTY_CLIENT, "ClientHello", 0);
    const trace_msg *sh = msg_named(t, PARTY_SERVER, "ServerHello", 0);
    assert_non_null(ch);
    assert_non_null(sh);
    uint8_t tr[8192], th[32];
    size_t n = 0;
    memcpy(tr + n, ch->plain, ch->plain_len);
    n += ch->plain_len;
    memcpy(tr + n, sh->plain, sh->plain_len);
    n += sh->plain_len;
    crypto_hash_sha256(th, tr, n);
    assert_memory_equal(both(t, VAL13_HELLO_HASH, 32), th, 32);

    uint8_t early[32], derived[32], hsec[32], c_hs[32], s_hs[32], key[32], iv[12];
    ks13_early_secret(early);
    assert_memory_equal(both(t, VAL13_EARLY_SECRET, 32), early, 32);
    ks13_derived(early, derived);
    assert_memory_equal(both(t, VAL13_DERIVED_HS, 32), derived, 32);
    ks13_handshake_secret(derived, x, 32, hsec);
    assert_memory_equal(both(t, VAL13_HANDSHAKE_SECRET, 32), hsec, 32);
    ks13_derive_secret(hsec, "c hs traffic", th, c_hs);
    ks13_derive_secret(hsec, "s hs traffic", th, s_hs);
    assert_memory_equal(both(t, VAL13_CLIENT_HS_TRAFFIC, 32), c_hs, 32);
    assert_memory_equal(both(t, VAL13_SERVER_HS_TRAFFIC, 32), s_hs, 32);
    ks13_traffic_key(s_hs, key, 32);
    ks13_traffic_iv(s_hs, iv);
    assert_memory_equal(both(t, VAL13_SERVER_HS_KEY, 32), key, 32);
    assert_memory_equal(both(t, VAL13_SERVER_HS_IV, 12), iv, 12);
    ks13_traffic_key(c_hs, key, 32);
    ks13_traffic_iv(c_hs, iv);
    assert_memory_equal(both(t, VAL13_CLIENT_HS_KEY, 32), key, 32);
    assert_memory_equal(both(t, VAL13_CLIENT_HS_IV, 12), iv, 12);

    /* the server's flight: CertificateVerify over CH..Certificate, Finished
     * over CH..CertificateVerify, both checked by the client */
    static const char *const server_flight[] = { "EncryptedExtensions", "CertificateRequest",
                                                 "Certificate", "CertificateVerify",
                                                 "Finished" };
    uint8_t fk[32], vd[32], ms[32], c_ap[32], s_ap[32], exp[32], res[32];
    for (size_t i = 0; i < 5; i++) {
        const trace_msg *m = msg_named(t, PARTY_SERVER, server_flight[i], 0);
        assert_non_null(m);
        if (i == 3) {
            crypto_hash_sha256(th, tr, n);
            assert_memory_equal(both(t, VAL13_SERVER_CV_HASH, 32), th, 32);
            uint8_t content[MSG13_CV_CONTENT_LEN];
            msg13_cert_verify_content(true, th, content);
            const uint8_t *pk = both(t, VAL13_SERVER_CERT_PUBLIC_KEY, 32);
            const uint8_t *sig = both(t, VAL13_SERVER_SIGNATURE, 64);
            assert_int_equal(crypto_sign_verify_detached(sig, content, sizeof content, pk), 0);
            /* the signature is the one in the message */
            assert_memory_equal(m->plain + m->plain_len - 64, sig, 64);
        }
        if (i == 4) {
            crypto_hash_sha256(th, tr, n);
            assert_memory_equal(both(t, VAL13_SERVER_FINISHED_HASH, 32), th, 32);
            ks13_finished_key(s_hs, fk);
            assert_memory_equal(both(t, VAL13_SERVER_FINISHED_KEY, 32), fk, 32);
            ks13_verify_data(fk, th, vd);
            assert_memory_equal(both(t, VAL13_SERVER_VERIFY_DATA, 32), vd, 32);
            assert_int_equal(m->plain_len, 4 + 32);
            assert_memory_equal(m->plain + 4, vd, 32);
        }
        memcpy(tr + n, m->plain, m->plain_len);
        n += m->plain_len;
    }
    crypto_hash_sha256(th, tr, n);
    assert_memory_equal(both(t, VAL13_SF_HASH, 32), th, 32);
    ks13_derived(hsec, derived);
    assert_memory_equal(both(t, VAL13_DERIVED_MS, 32), derived, 32);
    ks13_master_secret(derived, ms);
    assert_memory_equal(both(t, VAL13_MASTER_SECRET, 32), ms, 32);
    ks13_derive_secret(ms, "c ap traffic", th, c_ap);
    ks13_derive_secret(ms, "s ap traffic", th, s_ap);
    ks13_derive_secret(ms, "exp master", th, exp);
    assert_memory_equal(both(t, VAL13_CLIENT_AP_TRAFFIC, 32), c_ap, 32);
    assert_memory_equal(both(t, VAL13_SERVER_AP_TRAFFIC, 32), s_ap, 32);
    assert_memory_equal(both(t, VAL13_EXPORTER, 32), exp, 32);
    ks13_traffic_key(c_ap, key, 32);
    ks13_traffic_iv(c_ap, iv);
    assert_memory_equal(both(t, VAL13_CLIENT_AP_KEY, 32), key, 32);
    assert_memory_equal(both(t, VAL13_CLIENT_AP_IV, 12), iv, 12);
    ks13_traffic_key(s_ap, key, 32);
    ks13_traffic_iv(s_ap, iv);
    assert_memory_equal(both(t, VAL13_SERVER_AP_KEY, 32), key, 32);
    assert_memory_equal(both(t, VAL13_SERVER_AP_IV, 12), iv, 12);

    /* the client's flight */
    static const char *const client_flight[] = { "Certificate", "CertificateVerify",
                                                 "Finished" };
    for (size_t i = 0; i < 3; i++) {
        const trace_msg *m = msg_named(t, PARTY_CLIENT, client_flight[i], 0);
        assert_non_null(m);
        if (i == 1) {
            crypto_hash_sha256(th, tr, n);
            assert_memory_equal(both(t, VAL13_CLIENT_CV_HASH, 32), th, 32);
            uint8_t content[MSG13_CV_CONTENT_LEN];
            msg13_cert_verify_content(false, th, content);
            const uint8_t *pk = both(t, VAL13_CLIENT_CERT_PUBLIC_KEY, 32);
            const uint8_t *sig = both(t, VAL13_CLIENT_SIGNATURE, 64);
            assert_int_equal(crypto_sign_verify_detached(sig, content, sizeof content, pk), 0);
            /* a server signature would not do: the context strings differ */
            msg13_cert_verify_content(true, th, content);
            assert_int_not_equal(crypto_sign_verify_detached(sig, content, sizeof content, pk),
                                 0);
        }
        if (i == 2) {
            crypto_hash_sha256(th, tr, n);
            assert_memory_equal(both(t, VAL13_CLIENT_FINISHED_HASH, 32), th, 32);
            ks13_finished_key(c_hs, fk);
            assert_memory_equal(both(t, VAL13_CLIENT_FINISHED_KEY, 32), fk, 32);
            ks13_verify_data(fk, th, vd);
            assert_memory_equal(both(t, VAL13_CLIENT_VERIFY_DATA, 32), vd, 32);
            assert_memory_equal(m->plain + 4, vd, 32);
        }
        memcpy(tr + n, m->plain, m->plain_len);
        n += m->plain_len;
    }
    crypto_hash_sha256(th, tr, n);
    assert_memory_equal(both(t, VAL13_CF_HASH, 32), th, 32);
    ks13_derive_secret(ms, "res master", th, res);
    assert_memory_equal(both(t, VAL13_RESUMPTION, 32), res, 32);
    /* the server's verdict, the server's alone */
    const trace_value *verdict = trace_value_get(t, VAL13_CLIENT_AUTHENTICATED);
    assert_non_null(verdict);
    assert_int_equal(verdict->know, KNOW_SERVER);
    /* every TLS 1.3 check passed, and the ones that must run did */
    bool cv = false, fin = false, required = false;
    for (size_t i = 0; i < t->n_checks; i++) {
        if (t->checks[i].result != ERR_OK)
            fail_msg("check %s failed", t->checks[i].name);
        cv |= t->checks[i].id == CHK13_CERT_VERIFY && t->checks[i].who == PARTY_SERVER;
        fin |= t->checks[i].id == CHK13_FINISHED && t->checks[i].who == PARTY_CLIENT;
        required |= t->checks[i].id == CHK13_CERT_REQUIRED;
    }
    assert_true(cv && fin && required);
}

static void test_both_sides_agree_on_every_secret(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 6; seed++) {
        sim *s = run13(seed, by_message, NULL);
        assert_true(s->tr.outcome.ok);
        check_schedule(&s->tr);
        sim_free(s);
    }
}

/* In TLS 1.3 the certificates, CertificateRequest and both
 * CertificateVerify travel in protected records: the identities and
 * certificate keys are not public, and their bytes are in no record on
 * the wire; the ClientHello's server name and both key shares are. */
static bool in_some_record(const trace *t, const uint8_t *v, size_t n)
{
    for (size_t i = 0; i < t->n_recs; i++) {
        const trace_record *r = &t->recs[i];
        for (size_t k = 0; k + n <= r->len; k++)
            if (memcmp(r->bytes + k, v, n) == 0)
                return true;
    }
    return false;
}

static void test_identities_travel_encrypted(void **state)
{
    (void)state;
    sim *s = run13(2, by_message, NULL);
    const trace *t = &s->tr;
    static const value_id hidden[] = { VAL13_CLIENT_IDENTITY, VAL13_SERVER_IDENTITY,
                                       VAL13_CLIENT_CERT_PUBLIC_KEY,
                                       VAL13_SERVER_CERT_PUBLIC_KEY, VAL13_CLIENT_SIGNATURE,
                                       VAL13_SERVER_SIGNATURE };
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++) {
        const trace_value *v = trace_value_get(t, hidden[i]);
        assert_non_null(v);
        assert_false(v->know & KNOW_PUBLIC);
        /* both ends hold it, the wire shows it to nobody */
        assert_int_equal(v->know, KNOW_CLIENT | KNOW_SERVER);
        /* the server's DNS name is the one the client asked for in the
         * clear (SNI), so its bytes are on the wire, but not from the
         * certificate; everything else is in no record at all */
        if (hidden[i] != VAL13_SERVER_IDENTITY)
            assert_false(in_some_record(t, v->copy[PARTY_CLIENT], v->len[PARTY_CLIENT]));
    }
    /* the client's Certificate crossed in a protected record */
    const trace_msg *cert = msg_named(t, PARTY_CLIENT, "Certificate", 0);
    assert_non_null(cert);
    assert_true(cert->sealed);
    assert_int_equal(cert->record[0], CT_APPLICATION_DATA);
    const trace_value *id = trace_value_get(t, VAL13_CLIENT_IDENTITY);
    assert_int_equal(id->len[PARTY_CLIENT], strlen(PKI_CLIENT_URI));
    assert_memory_equal(id->copy[PARTY_SERVER], PKI_CLIENT_URI, strlen(PKI_CLIENT_URI));
    /* what the eavesdropper does see: the server name and both shares */
    assert_true(in_some_record(t, (const uint8_t *)PKI_SERVER_NAME, strlen(PKI_SERVER_NAME)));
    static const struct { value_id id; party owner; } seen[] = {
        { VAL13_CLIENT_SHARE_PUBLIC, PARTY_CLIENT }, { VAL13_SERVER_SHARE_PUBLIC, PARTY_SERVER },
        { VAL_CLIENT_RANDOM, PARTY_CLIENT }, { VAL_SERVER_RANDOM, PARTY_SERVER } };
    for (size_t i = 0; i < sizeof seen / sizeof seen[0]; i++) {
        const trace_value *v = trace_value_get(t, seen[i].id);
        assert_true(v->know & KNOW_PUBLIC);
        assert_int_equal(v->len[seen[i].owner], 32);
        assert_true(in_some_record(t, v->copy[seen[i].owner], 32));
    }
    /* and the 1.2 rows that would say "in the clear" are not used */
    assert_null(trace_value_get(t, VAL_CLIENT_IDENTITY));
    assert_null(trace_value_get(t, VAL_MASTER_SECRET));
    assert_null(trace_value_get(t, VAL_PRE_MASTER_SECRET));
    sim_free(s);
}

/* Every byte of a protected record changed in flight is refused with
 * bad_record_mac by the side that reads it. */
static void test_tampered_protected_record(void **state)
{
    (void)state;
    sim *clean = run13(3, by_message, NULL);
    const trace *t = &clean->tr;
    int tried = 0;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (!m->sealed)
            continue;
        /* a byte inside the fragment: past the header, before the end */
        for (size_t off = REC_HEADER_LEN; off < m->record_len; off += m->record_len / 3 + 1) {
            scenario_tamper tp;
            const scenario *sc = scenario_tamper_init(&tp, m->seq, off, 0x20);
            sim *s = run13(3, by_message, sc);
            assert_false(s->tr.outcome.ok);
            party reader = party_peer(m->from);
            assert_int_equal(s->tr.side[reader].alert_sent, ALERT_bad_record_mac);
            sim_free(s);
            tried++;
        }
    }
    assert_true(tried >= 3 * 10);
    sim_free(clean);
}

/* No client certificate: the client sends an empty Certificate, no
 * CertificateVerify and its Finished, and is done from its side; the
 * server answers certificate_required (RFC 8446 §4.4.2.4), which the client
 * reads after its Finished went out. */
static void test_certificate_required_after_client_finished(void **state)
{
    (void)state;
    const scenario *sc = scenario_find("no-client-cert");
    assert_non_null(sc);
    sim *s = run13(4, by_message, sc);
    const trace *t = &s->tr;
    assert_false(t->outcome.ok);
    assert_int_equal(t->side[PARTY_SERVER].alert_sent, 116);
    assert_int_equal(t->side[PARTY_CLIENT].alert_received, 116);
    assert_string_equal(alert_name(116), "certificate_required");
    const trace_msg *fin = msg_named(t, PARTY_CLIENT, "Finished", 0);
    const trace_msg *cert = msg_named(t, PARTY_CLIENT, "Certificate", 0);
    assert_non_null(fin);
    assert_non_null(cert);
    assert_null(msg_named(t, PARTY_CLIENT, "CertificateVerify", 0));
    /* an empty certificate_list: context, then a zero 3-byte length */
    assert_int_equal(cert->plain_len, 4 + 1 + 3);
    const trace_msg *alert = NULL;
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].from == PARTY_SERVER && t->msgs[i].content_type == CT_ALERT)
            alert = &t->msgs[i];
    assert_non_null(alert);
    /* on the wire: the client's Finished (and its data) first, then the alert */
    assert_true(fin->seq < alert->seq);
    /* the alert is protected with the server's application key */
    assert_true(alert->sealed);
    /* the check that failed is the server's, in the client's flight */
    bool found = false;
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].id == CHK13_CERT_REQUIRED) {
            assert_int_equal(t->checks[i].result, ERR_HS_CERT_REQUIRED);
            assert_int_equal(t->checks[i].step, 6);
            found = true;
        }
    assert_true(found);
    sim_free(s);
}

/* The same handshake under every framing: the same messages, the same
 * secrets; only the records differ. */
static void test_every_framing_same_messages_and_secrets(void **state)
{
    (void)state;
    sim *base = run13(5, by_message, NULL);
    const hsio_framing f[] = { { HSIO_FRAME_FLIGHT, 0 }, { HSIO_FRAME_SIZE, 1 },
                               { HSIO_FRAME_SIZE, 7 }, { HSIO_FRAME_SIZE, 300 },
                               { HSIO_FRAME_SIZE, 16384 } };
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
        sim *s = run13(5, f[k], NULL);
        const trace *a = &base->tr, *b = &s->tr;
        assert_true(b->outcome.ok);
        assert_int_equal(a->n_msgs, b->n_msgs);
        for (size_t i = 0; i < a->n_msgs; i++) {
            assert_string_equal(a->msgs[i].name, b->msgs[i].name);
            assert_int_equal(a->msgs[i].plain_len, b->msgs[i].plain_len);
            assert_memory_equal(a->msgs[i].plain, b->msgs[i].plain, a->msgs[i].plain_len);
        }
        for (int id = VAL13_FIRST; id < VAL_COUNT; id++) {
            const trace_value *x = trace_value_get(a, (value_id)id);
            const trace_value *y = trace_value_get(b, (value_id)id);
            assert_int_equal(x == NULL, y == NULL);
            if (!x)
                continue;
            for (int p = 0; p < 2; p++) {
                assert_int_equal(x->len[p], y->len[p]);
                if (x->len[p])
                    assert_memory_equal(x->copy[p], y->copy[p], x->len[p]);
            }
        }
        check_schedule(b);
        /* with records of 7 bytes the server's Certificate spans many */
        if (f[k].kind == HSIO_FRAME_SIZE && f[k].max == 7)
            assert_true(b->n_recs > a->n_recs + 100);
        sim_free(s);
    }
    sim_free(base);
}

/* Attackers on the wire for the ChangeCipherSpec and key-change rules:
 * they act on the server's records only. */
static bool ccs_value_2(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)cap;
    if (c->from != PARTY_SERVER || c->type != CT_CHANGE_CIPHER_SPEC || *len != 6)
        return false;
    b[5] = 2;
    return true;
}

static bool ccs_dropped(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    (void)b;
    (void)cap;
    if (c->type != CT_CHANGE_CIPHER_SPEC)
        return false;
    *len = 0;
    return true;
}

static bool ccs_twice(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->from != PARTY_SERVER || c->type != CT_CHANGE_CIPHER_SPEC || *len != 6 || cap < 12)
        return false;
    memcpy(b + 6, b, 6);
    *len = 12;
    return true;
}

/* the ServerHello's record with one more byte after the message: the
 * client's key change would split that record */
static bool hello_plus_byte(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->from != PARTY_SERVER || c->seq != 2 || *len + 1 > cap)
        return false;
    b[*len] = HT_ENCRYPTED_EXTENSIONS;
    *len += 1;
    size_t frag = *len - REC_HEADER_LEN;
    b[3] = (uint8_t)(frag >> 8);
    b[4] = (uint8_t)frag;
    return true;
}

static const trace_check *check_of(const trace *t, check_id id, party who)
{
    for (size_t i = 0; i < t->n_checks; i++)
        if (t->checks[i].id == id && t->checks[i].who == who)
            return &t->checks[i];
    return NULL;
}

static void test_dummy_change_cipher_spec(void **state)
{
    (void)state;
    /* another value than 1 is refused (RFC 8446 §5) */
    scenario bad = { .name = "ccs-2", .summary = "", .modes = SC_BOTH, .wire = ccs_value_2 };
    sim *s = run13(7, by_message, &bad);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.side[PARTY_CLIENT].alert_sent, ALERT_unexpected_message);
    const trace_check *c = check_of(&s->tr, CHK13_CCS, PARTY_CLIENT);
    assert_non_null(c);
    assert_int_equal(c->result, ERR_HS_UNEXPECTED);
    sim_free(s);
    /* none at all is fine: it is for middleboxes, not for the peer */
    scenario none = { .name = "no-ccs", .summary = "", .modes = SC_BOTH, .wire = ccs_dropped };
    s = run13(7, by_message, &none);
    assert_true(s->tr.outcome.ok);
    check_schedule(&s->tr);
    sim_free(s);
    /* a second one before the peer's Finished is dropped */
    scenario twice = { .name = "ccs-twice", .summary = "", .modes = SC_BOTH, .wire = ccs_twice };
    s = run13(7, by_message, &twice);
    assert_true(s->tr.outcome.ok);
    size_t dropped = 0;
    for (size_t i = 0; i < s->tr.n_checks; i++)
        dropped += s->tr.checks[i].id == CHK13_CCS && s->tr.checks[i].who == PARTY_CLIENT &&
                   s->tr.checks[i].result == ERR_OK;
    assert_int_equal(dropped, 2);
    sim_free(s);
}

static void test_key_change_on_record_boundary(void **state)
{
    (void)state;
    scenario split = { .name = "split", .summary = "", .modes = SC_BOTH,
                       .wire = hello_plus_byte };
    sim *s = run13(8, by_message, &split);
    assert_false(s->tr.outcome.ok);
    assert_int_equal(s->tr.side[PARTY_CLIENT].alert_sent, ALERT_unexpected_message);
    const trace_check *c = check_of(&s->tr, CHK13_KEY_CHANGE, PARTY_CLIENT);
    assert_non_null(c);
    assert_int_equal(c->result, ERR_HS_KEY_CHANGE);
    assert_int_equal(c->step, 2);
    /* in a clean run every key change passed the check, on both sides */
    sim_free(s);
    s = run13(8, by_message, NULL);
    size_t n = 0;
    for (size_t i = 0; i < s->tr.n_checks; i++)
        if (s->tr.checks[i].id == CHK13_KEY_CHANGE) {
            assert_int_equal(s->tr.checks[i].result, ERR_OK);
            n++;
        }
    assert_int_equal(n, 4); /* each side: the peer's handshake key, then its application key */
    sim_free(s);
}

/* A clean run reports every TLS 1.3 row of the catalogue but the two ways
 * for certificates without a SAN, and none of the TLS 1.2 key rows. */
static void test_every_tls13_row_reported(void **state)
{
    (void)state;
    sim *s = run13(6, by_message, NULL);
    /* those of a HelloRetryRequest only in the hello-retry run */
    static const value_id retry_only[] = { VAL13_CLIENT_P256_SHARE, VAL13_HRR_RANDOM,
                                           VAL13_CH1_HASH, VAL13_MESSAGE_HASH };
    sim *hrr = run13(6, by_message, scenario_find("hello-retry"));
    for (int id = VAL13_FIRST; id < VAL_COUNT; id++) {
        bool retry = false;
        for (size_t k = 0; k < sizeof retry_only / sizeof retry_only[0]; k++)
            retry |= retry_only[k] == (value_id)id;
        if (retry && trace_value_get(&s->tr, (value_id)id))
            fail_msg("%s is reported without a HelloRetryRequest", values_row((value_id)id)->id);
        if (!trace_value_get(retry ? &hrr->tr : &s->tr, (value_id)id))
            fail_msg("%s is never reported", values_row((value_id)id)->id);
    }
    sim_free(hrr);
    static const value_id tls12_only[] = { VAL_KEY_BLOCK, VAL_SESSION_HASH,
                                           VAL_CLIENT_WRITE_KEY, VAL_SERVER_SIGNATURE,
                                           VAL_CLIENT_SIGNATURE, VAL_CLIENT_AUTHENTICATED,
                                           VAL_CLIENT_VERIFY_DATA, VAL_SERVER_IDENTITY };
    for (size_t i = 0; i < sizeof tls12_only / sizeof tls12_only[0]; i++)
        assert_null(trace_value_get(&s->tr, tls12_only[i]));
    /* and every value has the step of the TLS 1.3 table its row gives */
    assert_int_equal(trace_value_get(&s->tr, VAL13_HANDSHAKE_SECRET)->step, 3);
    assert_int_equal(trace_value_get(&s->tr, VAL13_SERVER_IDENTITY)->step, 4);
    assert_int_equal(trace_value_get(&s->tr, VAL13_MASTER_SECRET)->step, 5);
    assert_int_equal(trace_value_get(&s->tr, VAL13_CLIENT_IDENTITY)->step, 6);
    sim_free(s);
}

/* The scenarios that run in TLS 1.3 fail where a TLS 1.3 implementation
 * does, with its alert, caught by the side that makes the check. */
static void test_scenarios_in_tls13(void **state)
{
    (void)state;
    static const struct { const char *name; party catcher; int alert; } want[] = {
        { "expired-client-cert", PARTY_SERVER, ALERT_certificate_expired },
        { "expired-server-cert", PARTY_CLIENT, ALERT_certificate_expired },
        { "not-yet-valid-client-cert", PARTY_SERVER, ALERT_certificate_expired },
        { "untrusted-client-ca", PARTY_SERVER, ALERT_unknown_ca },
        { "untrusted-server-ca", PARTY_CLIENT, ALERT_unknown_ca },
        { "forged-signature", PARTY_SERVER, ALERT_bad_certificate },
        { "wrong-server-name", PARTY_CLIENT, ALERT_bad_certificate },
        { "wrong-key-usage", PARTY_SERVER, ALERT_unsupported_certificate },
        { "revoked-client-cert", PARTY_SERVER, ALERT_certificate_revoked },
        { "stale-crl", PARTY_SERVER, ALERT_certificate_unknown },
        { "clock-skew", PARTY_SERVER, ALERT_certificate_expired },
        { "short-lived", PARTY_SERVER, ALERT_certificate_expired },
        { "wrong-identity", PARTY_SERVER, ALERT_access_denied },
        { "no-client-cert", PARTY_SERVER, ALERT_certificate_required },
        { "stolen-cert", PARTY_SERVER, ALERT_decrypt_error },
        /* issue 15: chains, the CA list, trust stores, rotation */
        { "client-cert-not-requested", PARTY_SERVER, ALERT_certificate_required },
        { "missing-intermediate", PARTY_CLIENT, ALERT_unknown_ca },
        { "intermediate-not-ca", PARTY_SERVER, ALERT_unknown_ca },
        { "path-too-long", PARTY_SERVER, ALERT_unknown_ca },
        { "wrong-trust-anchor", PARTY_SERVER, ALERT_unknown_ca },
        { "ca-rotation", PARTY_SERVER, ALERT_unknown_ca },
        { "ca-rotation-overlap", PARTY_SERVER, -1 }, /* completes */
    };
    size_t runs = 0;
    for (size_t i = 0; i < scenario_count; i++)
        runs += scenario_runs_in(&scenario_list[i], TLS_V13) && !scenario_list[i].key_leak &&
                !scenario_list[i].wire && /* those two: test_scenarios13.c */
                scenario_runs_in(&scenario_list[i], TLS_V12); /* hello-retry: test_hrr13.c */
    assert_int_equal(runs, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const scenario *sc = scenario_find(want[i].name);
        assert_non_null(sc);
        assert_true(scenario_runs_in(sc, TLS_V13));
        assert_true(scenario_runs_in(sc, TLS_V12));
        sim *s = run13(10, by_message, sc);
        if (want[i].alert < 0) {
            if (!s->tr.outcome.ok)
                fail_msg("%s failed in TLS 1.3", want[i].name);
            sim_free(s);
            continue;
        }
        if (s->tr.outcome.ok)
            fail_msg("%s completed in TLS 1.3", want[i].name);
        if (s->tr.side[want[i].catcher].alert_sent != want[i].alert)
            fail_msg("%s: the %s sent alert %d, want %d", want[i].name,
                     party_name(want[i].catcher), s->tr.side[want[i].catcher].alert_sent,
                     want[i].alert);
        sim_free(s);
    }
    assert_true(scenario_runs_in(scenario_find("tampered-finished"), TLS_V13));
    assert_true(scenario_runs_in(scenario_find("key-leak"), TLS_V13)); /* test_scenarios13.c */
    assert_false(scenario_runs_in(scenario_find("weak-cipher"), TLS_V13));
}

/* The replay line names the version; the key log has the five TLS 1.3
 * lines (NSS key log labels), each with the client random. */
static void test_replay_and_keylog(void **state)
{
    (void)state;
    sim *s = run13(9, by_message, NULL);
    char line[256];
    render_replay_args(&s->tr, line, sizeof line);
    assert_string_equal(line, "--seed 9 --tls 1.3");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    export_keylog(f, &s->tr);
    fclose(f);
    char cr[65], sec[65], want[200];
    hex_encode(trace_value_get(&s->tr, VAL_CLIENT_RANDOM)->copy[PARTY_CLIENT], 32, cr);
    static const struct { const char *label; value_id id; } lines[] = {
        { "CLIENT_HANDSHAKE_TRAFFIC_SECRET", VAL13_CLIENT_HS_TRAFFIC },
        { "SERVER_HANDSHAKE_TRAFFIC_SECRET", VAL13_SERVER_HS_TRAFFIC },
        { "CLIENT_TRAFFIC_SECRET_0", VAL13_CLIENT_AP_TRAFFIC },
        { "SERVER_TRAFFIC_SECRET_0", VAL13_SERVER_AP_TRAFFIC },
        { "EXPORTER_SECRET", VAL13_EXPORTER },
    };
    for (size_t i = 0; i < 5; i++) {
        hex_encode(both(&s->tr, lines[i].id, 32), 32, sec);
        snprintf(want, sizeof want, "\n%s %s %s\n", lines[i].label, cr, sec);
        if (!strstr(buf, want))
            fail_msg("the key log has no line %s", lines[i].label);
    }
    assert_null(strstr(buf, "CLIENT_RANDOM"));
    free(buf);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_handshake_completes_in_wire_order),
        cmocka_unit_test(test_both_sides_agree_on_every_secret),
        cmocka_unit_test(test_identities_travel_encrypted),
        cmocka_unit_test(test_tampered_protected_record),
        cmocka_unit_test(test_certificate_required_after_client_finished),
        cmocka_unit_test(test_every_framing_same_messages_and_secrets),
        cmocka_unit_test(test_every_tls13_row_reported),
        cmocka_unit_test(test_dummy_change_cipher_spec),
        cmocka_unit_test(test_key_change_on_record_boundary),
        cmocka_unit_test(test_replay_and_keylog),
        cmocka_unit_test(test_scenarios_in_tls13),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
