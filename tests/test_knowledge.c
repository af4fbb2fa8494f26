/* test_knowledge.c — the knowledge model checked by machine (DESIGN.md:
 * "anything that crossed the wire in a cleartext record is public"), over
 * many seeds, both key exchanges, with and without the extended master
 * secret, and every scenario.
 *
 * The rule, precisely. A value is "in the clear" when one of its copies
 * (the client's or the server's) occurs byte for byte inside a record that
 * crossed the wire unencrypted — a record before the sender's
 * ChangeCipherSpec (trace_msg.sealed false), header included, as the
 * receiver got it or, when an attacker changed it in flight, as the sender
 * wrote it (the attacker read that one). Only copies of at least MIN_LEN
 * (8) bytes are searched: a chance match of 8 random-looking bytes in the
 * few kilobytes of a handshake has a probability near 2^-64 * 3000, while
 * 1- to 4-byte values (a version, a length) would match by accident. Every
 * value of a run is at least 12 bytes with the default application data.
 *
 * Then, for every run:
 *  1. a value in the clear is tagged public (KNOW_PUBLIC), and so a value
 *     tagged client, server or client+server is never in the clear;
 *  2. the secrets — long-term and ECDHE private keys, the pre-master and
 *     master secret, the key block and the keys and IVs cut from it, the
 *     nonces, verify_data, the plaintexts and the server's verdict — are
 *     never tagged public and occur in no record at all, sealed or not;
 *  3. a value tagged public did cross the wire: it occurs in some record
 *     (sealed ones included, where ciphertext and tag travel), except the
 *     AEAD additional data, which each side builds from the sequence number
 *     and the header (RFC 5246 §6.2.3.3) and which is never sent as such;
 *  4. the search is not vacuous: client_random, the certificates' public
 *     keys and the client's identity are found in the clear.
 */
#include "testlib.h"

#include "run/sim.h"

#define MIN_LEN 8
#define SEEDS 16

/* Where needle occurs in hay, or NULL. */
static const uint8_t *find(const uint8_t *hay, size_t n, const uint8_t *needle, size_t k)
{
    for (size_t i = 0; k && k <= n && i <= n - k; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, k) == 0)
            return hay + i;
    return NULL;
}

/* Whether b occurs in a record that crossed the wire (sealed ones too when
 * any_record), as received or as the sender wrote it. */
static bool on_wire(const trace *t, const uint8_t *b, size_t n, bool any_record)
{
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->sealed && !any_record)
            continue;
        if (find(m->record, m->record_len, b, n))
            return true;
        if (m->tampered && m->sent && find(m->sent, m->sent_len, b, n))
            return true;
    }
    return false;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t a = strlen(s), b = strlen(tail);
    return a >= b && strcmp(s + a - b, tail) == 0;
}

/* The values that must never be on the wire nor public (rule 2). */
static bool is_secret(const char *id)
{
    static const char *const exact[] = {
        "pre_master_secret", "master_secret", "key_block", "client_write_key",
        "server_write_key", "client_write_iv", "server_write_iv", "client_verify_data",
        "server_verify_data", "client_authenticated", "session_hash",
    };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(id, exact[i]) == 0)
            return true;
    return ends_with(id, "_private_key") || ends_with(id, "_ecdhe_private") ||
           ends_with(id, "_plaintext") || ends_with(id, "_nonce");
}

typedef struct tally {
    size_t runs, searched, in_clear, public_values;
} tally;

/* Check one run against rules 1-4; the number of violations, the first one
 * described in first. */
static size_t violations(const sim *s, tally *tl, char *first, size_t cap)
{
    const trace *t = &s->tr;
    size_t bad = 0;
#define VIOLATION(...)                                                                       \
    do {                                                                                     \
        if (bad++ == 0)                                                                      \
            snprintf(first, cap, __VA_ARGS__);                                               \
    } while (0)
    for (size_t i = 0; i < t->n_values; i++) {
        const trace_value *v = &t->values[i];
        bool pub = (v->know & KNOW_PUBLIC) != 0;
        bool clear = false, anywhere = false, searched = false;
        for (int side = 0; side < 2; side++) {
            if (!v->copy[side] || v->len[side] < MIN_LEN)
                continue;
            searched = true;
            clear |= on_wire(t, v->copy[side], v->len[side], false);
            anywhere |= on_wire(t, v->copy[side], v->len[side], true);
        }
        if (!searched)
            continue;
        tl->searched++;
        tl->in_clear += clear;
        tl->public_values += pub;
        if (clear && !pub) /* rule 1 */
            VIOLATION("%s is tagged %s but its bytes are in a cleartext record", v->id,
                      trace_knowers_of(v->know)->word);
        if (is_secret(v->id) && (pub || anywhere)) /* rule 2 */
            VIOLATION("the secret %s is %s", v->id,
                      pub ? "tagged public" : "inside a record on the wire");
        if (pub && !anywhere && !ends_with(v->id, "_aad")) /* rule 3 */
            VIOLATION("%s is tagged public but never crossed the wire", v->id);
    }
    /* rule 4: what is in the clear is found there: client_random in every
     * run, the server's key and name once it sent its certificate */
    static const char *const must[] = { "client_random", "server_cert_public_key",
                                        "server_identity" };
    for (size_t i = 0; i < sizeof must / sizeof *must; i++) {
        value_id vid;
        const trace_value *v = values_by_name(must[i], &vid) ? trace_value_get(t, vid) : NULL;
        size_t n;
        const uint8_t *b = v ? trace_value_bytes(v, &n) : NULL;
        if ((i == 0 || v) && (!b || !on_wire(t, b, n, false)))
            VIOLATION("%s was not found in the clear", must[i]);
    }
    /* the client's identity, whenever it sent a certificate */
    bool sent = false;
    for (size_t i = 0; i < t->n_msgs; i++)
        sent |= t->msgs[i].from == PARTY_CLIENT && strcmp(t->msgs[i].name, "Certificate") == 0;
    sent &= s->client.own.n_chain > 0; /* what the client chose to send */
    const trace_value *id = trace_value_get(t, VAL_CLIENT_IDENTITY);
    size_t n;
    const uint8_t *b = id ? trace_value_bytes(id, &n) : NULL;
    if (sent && (!b || !(id->know & KNOW_PUBLIC) || !on_wire(t, b, n, false)))
        VIOLATION("client_identity is missing, not public or not in the client's Certificate");
    if (!sent && id)
        VIOLATION("client_identity without a client certificate on the wire");
#undef VIOLATION
    return bad;
}

static void run_and_check(const sim_options *o, const char *what, tally *tl)
{
    sim *s = sim_new();
    assert_non_null(s);
    assert_int_equal(sim_run(s, o), ERR_OK);
    char first[256];
    tl->runs++;
    size_t bad = violations(s, tl, first, sizeof first);
    if (bad)
        fail_msg("%s: %zu violations, the first: %s", what, bad, first);
    sim_free(s);
}

static void test_knowledge_over_runs(void **state)
{
    (void)state;
    tally tl = { 0 };
    char what[160];
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        /* seeds far apart too: the high bits of the seed matter as much */
        uint64_t sd = seed <= SEEDS / 2 ? seed : seed * 0x9e3779b97f4a7c15u;
        for (int kx = KX_ECDHE; kx <= KX_TRANSPORT; kx++) {
            for (int ems = 0; ems <= 1; ems++) {
                /* no scenario, then each one that applies */
                for (size_t k = 0; k <= scenario_count; k++) {
                    const scenario *sc = k ? &scenario_list[k - 1] : NULL;
                    if (sc && (!scenario_applies(sc, (hs_kx)kx) ||
                               !scenario_runs_in(sc, TLS_V12)))
                        continue;
                    sim_options o = { .seeded = true, .seed = sd, .kx = (hs_kx)kx,
                                      .ems = ems == 1, .scenario = sc };
                    snprintf(what, sizeof what, "seed %llu, %s%s, %s",
                             (unsigned long long)sd, kx == KX_ECDHE ? "ecdhe" : "transport",
                             ems ? ", ems" : "", sc ? sc->name : "no scenario");
                    run_and_check(&o, what, &tl);
                }
            }
        }
    }
    /* a live run too: randomness from the operating system */
    sim_options live = { .seeded = false };
    run_and_check(&live, "live run", &tl);
    print_message("knowledge: %zu runs, %zu values searched, %zu in the clear, %zu public\n",
                  tl.runs, tl.searched, tl.in_clear, tl.public_values);
    /* every scenario but one (mitm-key-swap: ECDHE only) in both modes */
    /* (and hello-retry: TLS 1.3 only) */
    assert_true(tl.runs >= (size_t)SEEDS * 2 * 2 * (scenario_count - 1) + 1);
    assert_true(tl.in_clear > tl.runs * 4);
}

static trace_value *value(sim *s, const char *id)
{
    for (size_t i = 0; i < s->tr.n_values; i++)
        if (strcmp(s->tr.values[i].id, id) == 0)
            return &s->tr.values[i];
    fail_msg("no value %s", id);
    return NULL;
}

/* The check can fail: each rule catches a wrong tag. */
static void test_the_check_catches_wrong_tags(void **state)
{
    (void)state;
    sim *s = sim_new();
    sim_options o = { .seeded = true, .seed = 1 };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    tally tl = { 0 };
    char first[256];
    assert_int_equal(violations(s, &tl, first, sizeof first), 0);

    /* rule 1: the identity known to the server only, as the trace had it */
    trace_value *v = value(s, "client_identity");
    unsigned was = v->know;
    v->know = KNOW_SERVER;
    assert_true(violations(s, &tl, first, sizeof first) >= 1);
    assert_string_equal(first, "client_identity is tagged server but its bytes are in a "
                               "cleartext record");
    v->know = was;
    /* rule 2: a secret tagged public */
    v = value(s, "master_secret");
    was = v->know;
    v->know |= KNOW_PUBLIC;
    assert_int_equal(violations(s, &tl, first, sizeof first), 2); /* rules 2 and 3 */
    assert_string_equal(first, "the secret master_secret is tagged public");
    v->know = was;
    /* rule 3: something public that never crossed (the session's verify_data
     * travels only inside the sealed Finished) */
    v = value(s, "client_verify_data");
    v->know |= KNOW_PUBLIC;
    assert_true(violations(s, &tl, first, sizeof first) >= 1);
    v->know &= ~(unsigned)KNOW_PUBLIC;
    assert_int_equal(violations(s, &tl, first, sizeof first), 0);
    /* the search sees sealed records only when asked */
    const trace_msg *fin = &s->tr.msgs[10];
    assert_true(fin->sealed);
    assert_true(on_wire(&s->tr, fin->record + REC_HEADER_LEN, MIN_LEN, true));
    assert_false(on_wire(&s->tr, fin->record + REC_HEADER_LEN, MIN_LEN, false));
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_check_catches_wrong_tags),
        cmocka_unit_test(test_knowledge_over_runs),
    };
    return cmocka_run_group_tests_name("knowledge", tests, test_setup_sodium, NULL);
}
