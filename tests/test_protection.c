/* test_protection.c — the record protection methods of record.c: the
 * ChaCha20-Poly1305 row against the AEAD vector of RFC 8439 §2.8.2 and
 * against the TLS 1.2 nonce and additional data laid out by hand (RFC 7905
 * §2, RFC 5246 §6.2.3.3), a write/open round trip through each method, a
 * flipped tag byte refused as bad_record_mac without releasing plaintext, and the null method's record equal to header ‖ plaintext. */
#include "testlib.h"

#include "base/err.h"
#include "tls/record.h"

static const char aead_pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
                              "only one tip for the future, sunscreen would be it.";
#define AEAD_CT \
    "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69" \
    "da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad67594" \
    "5585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116"
#define AEAD_TAG "1ae10b594f09e26a7e902ecbd0600691"

/* After a refused open the buffer holds what the caller put there (0xee) or
 * zeros: no byte of the decryption. */
static void assert_no_plaintext(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_true(p[i] == 0xee || p[i] == 0);
}

/* a direction with the RFC 8439 §2.8.2 key and an IV that, at seq 0, is
 * that section's nonce */
static rec_dir vector_dir(const rec_protection *m)
{
    rec_dir d;
    memset(&d, 0, sizeof d);
    d.prot = m;
    unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", d.key,
          sizeof d.key);
    unhex("070000004041424344454647", d.iv, sizeof d.iv);
    return d;
}

static void test_chacha_method_rfc8439_vector(void **state)
{
    (void)state;
    const rec_protection *m = &rec_prot_chacha20_tls12;
    rec_dir d = vector_dir(m);
    rec_seal_info si;
    memset(&si, 0, sizeof si);
    unhex("070000004041424344454647", si.nonce, sizeof si.nonce);
    si.aad_len = unhex("50515253c0c1c2c3c4c5c6c7", si.aad, sizeof si.aad);
    size_t n = strlen(aead_pt);
    assert_int_equal(n, 114);
    assert_int_equal(m->expansion, 16);
    assert_int_equal(m->tag_len, 16);
    uint8_t out[114 + 16], back[114];
    m->seal(&d, &si, (const uint8_t *)aead_pt, n, out);
    assert_hex_equal(out, 114, AEAD_CT);
    assert_hex_equal(out + 114, 16, AEAD_TAG);
    assert_true(m->open(&d, &si, out, sizeof out, back));
    assert_memory_equal(back, aead_pt, n);
    /* the same nonce construction as the RFC's example: iv XOR seq 0 */
    uint8_t nonce[REC_NONCE_LEN];
    m->nonce(d.iv, 0, nonce);
    assert_memory_equal(nonce, si.nonce, REC_NONCE_LEN);
    /* a flipped tag byte: refused, and no plaintext reaches plain (libsodium
     * verifies first and clears the output) */
    out[114 + 7] ^= 0x80;
    memset(back, 0xee, sizeof back);
    assert_false(m->open(&d, &si, out, sizeof out, back));
    assert_no_plaintext(back, sizeof back);
}

/* The record at seq 5 is the RFC 8439 AEAD over a nonce and additional data
 * written out here by hand. */
static void test_chacha_record_construction(void **state)
{
    (void)state;
    rec_dir d = vector_dir(&rec_prot_chacha20_tls12);
    d.seq = 5;
    uint8_t buf[200];
    wr w;
    rec_seal_info si;
    wr_init(&w, buf, sizeof buf);
    size_t n = strlen(aead_pt);
    assert_int_equal(rec_write(&w, &d, CT_APPLICATION_DATA, (const uint8_t *)aead_pt, n, &si),
                     ERR_OK);
    assert_int_equal(d.seq, 6);
    assert_int_equal(w.len, REC_HEADER_LEN + n + 16);
    assert_hex_equal(buf, REC_HEADER_LEN, "1703030082"); /* 114 + 16 = 0x82 */
    assert_int_equal(si.seq, 5);
    assert_hex_equal(si.nonce, 12, "070000004041424344454642"); /* ...47 XOR 05 */
    assert_int_equal(si.aad_len, 13);
    /* seq_num ‖ type ‖ version ‖ length of the plaintext (114 = 0x72) */
    assert_hex_equal(si.aad, 13, "0000000000000005" "17" "0303" "0072");
    uint8_t nonce[12], aad[13], want[130];
    unsigned long long clen;
    unhex("070000004041424344454642", nonce, sizeof nonce);
    unhex("00000000000000051703030072", aad, sizeof aad);
    crypto_aead_chacha20poly1305_ietf_encrypt(want, &clen, (const uint8_t *)aead_pt, n, aad,
                                              sizeof aad, NULL, nonce, d.key);
    assert_memory_equal(buf + REC_HEADER_LEN, want, sizeof want);
    assert_memory_equal(si.tag, want + 114, 16);
}

/* Three records through a method and back, in order. */
static void round_trip(const rec_protection *m)
{
    rec_dir tx = vector_dir(m), rx = vector_dir(m);
    static const char *const msgs[] = { "hello", "", "a longer third record" };
    for (size_t i = 0; i < 3; i++) {
        uint8_t buf[128], plain[64];
        size_t len = strlen(msgs[i]), plen = 99;
        wr w;
        rd r;
        rec_view v;
        rec_seal_info si, ri;
        wr_init(&w, buf, sizeof buf);
        assert_int_equal(rec_write(&w, &tx, CT_HANDSHAKE, (const uint8_t *)msgs[i], len, &si),
                         ERR_OK);
        assert_int_equal(w.len, REC_HEADER_LEN + len + m->expansion);
        rd_init(&r, buf, w.len);
        assert_int_equal(rec_parse(&r, &v), ERR_OK);
        assert_true(rd_empty(&r));
        assert_int_equal(v.type, CT_HANDSHAKE);
        assert_int_equal(rec_open(&rx, &v, plain, sizeof plain, &plen, &ri), ERR_OK);
        assert_int_equal(plen, len);
        assert_memory_equal(plain, msgs[i], len);
        if (m->nonce) {
            assert_int_equal(si.seq, i);
            assert_int_equal(ri.seq, i);
            assert_memory_equal(ri.nonce, si.nonce, REC_NONCE_LEN);
            assert_memory_equal(ri.aad, si.aad, REC_AAD_LEN);
            assert_memory_equal(ri.tag, si.tag, REC_TAG_LEN);
        }
    }
    /* a numbering method counted three records on each side; null none */
    assert_int_equal(tx.seq, m->nonce ? 3 : 0);
    assert_int_equal(rx.seq, m->nonce ? 3 : 0);
}

static void test_round_trip_each_method(void **state)
{
    (void)state;
    round_trip(&rec_prot_null);
    round_trip(&rec_prot_chacha20_tls12);
    assert_string_equal(rec_prot_null.name, "null");
    assert_string_equal(rec_prot_chacha20_tls12.name, "ChaCha20-Poly1305 (TLS 1.2)");
}

static void test_flipped_tag_refused(void **state)
{
    (void)state;
    rec_dir tx = vector_dir(&rec_prot_chacha20_tls12);
    uint8_t buf[64], plain[32];
    size_t plen;
    wr w;
    wr_init(&w, buf, sizeof buf);
    assert_int_equal(rec_write(&w, &tx, CT_APPLICATION_DATA, (const uint8_t *)"secret", 6, NULL),
                     ERR_OK);
    assert_int_equal(w.len, REC_HEADER_LEN + 6 + 16);
    for (size_t i = w.len - REC_TAG_LEN; i < w.len; i++) {
        rec_dir rx = vector_dir(&rec_prot_chacha20_tls12);
        rd r;
        rec_view v;
        buf[i] ^= 0x01;
        rd_init(&r, buf, w.len);
        assert_int_equal(rec_parse(&r, &v), ERR_OK);
        memset(plain, 0xee, sizeof plain);
        assert_int_equal(rec_open(&rx, &v, plain, sizeof plain, &plen, NULL), ERR_RECORD_MAC);
        assert_int_equal(err_alert(ERR_RECORD_MAC), ALERT_bad_record_mac);
        assert_int_equal(rx.seq, 0); /* a refused record does not count */
        assert_no_plaintext(plain, sizeof plain);
        buf[i] ^= 0x01;
    }
    /* unflipped it opens */
    rec_dir rx = vector_dir(&rec_prot_chacha20_tls12);
    rd r;
    rec_view v;
    rd_init(&r, buf, w.len);
    assert_int_equal(rec_parse(&r, &v), ERR_OK);
    assert_int_equal(rec_open(&rx, &v, plain, sizeof plain, &plen, NULL), ERR_OK);
    assert_memory_equal(plain, "secret", 6);
    /* a fragment shorter than a tag cannot be a protected record */
    v.fragment_len = REC_TAG_LEN - 1;
    assert_int_equal(rec_open(&rx, &v, plain, sizeof plain, &plen, NULL), ERR_RECORD_MAC);
    /* and a plaintext that does not fit the caller's buffer is refused */
    v.fragment_len = REC_TAG_LEN + 6;
    assert_int_equal(rec_open(&rx, &v, plain, 5, &plen, NULL), ERR_OVERFLOW);
}

static void test_null_record_is_plaintext(void **state)
{
    (void)state;
    rec_dir zeroed, null_dir = vector_dir(&rec_prot_null);
    memset(&zeroed, 0, sizeof zeroed);
    /* a zeroed direction, NULL and the null method are all unprotected */
    assert_ptr_equal(rec_dir_method(NULL), &rec_prot_null);
    assert_ptr_equal(rec_dir_method(&zeroed), &rec_prot_null);
    assert_false(rec_dir_protected(&zeroed));
    assert_false(rec_dir_protected(&null_dir));
    assert_true(rec_dir_protected(&(rec_dir){ .prot = &rec_prot_chacha20_tls12 }));
    rec_dir *dirs[] = { NULL, &zeroed, &null_dir };
    for (size_t i = 0; i < 3; i++) {
        uint8_t buf[32];
        rec_seal_info si;
        memset(&si, 0xaa, sizeof si);
        wr w;
        wr_init(&w, buf, sizeof buf);
        assert_int_equal(rec_write(&w, dirs[i], CT_HANDSHAKE, (const uint8_t *)"hello", 5, &si),
                         ERR_OK);
        assert_hex_equal(buf, w.len, "1603030005" "68656c6c6f");
        /* nothing numbered, nothing reported */
        for (size_t k = 0; k < sizeof si; k++)
            assert_int_equal(((const uint8_t *)&si)[k], 0xaa);
    }
    assert_int_equal(null_dir.seq, 0);
    /* over 2^14 bytes of plaintext: record_overflow, whatever the method */
    static uint8_t big[REC_MAX_PLAIN + 1];
    static uint8_t out[REC_MAX_PLAIN + 64];
    wr w;
    wr_init(&w, out, sizeof out);
    assert_int_equal(rec_write(&w, &null_dir, CT_APPLICATION_DATA, big, sizeof big, NULL),
                     ERR_RECORD_OVERFLOW);
    rec_dir tx = vector_dir(&rec_prot_chacha20_tls12);
    wr_init(&w, out, sizeof out);
    assert_int_equal(rec_write(&w, &tx, CT_APPLICATION_DATA, big, sizeof big, NULL),
                     ERR_RECORD_OVERFLOW);
    assert_int_equal(tx.seq, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_chacha_method_rfc8439_vector),
        cmocka_unit_test(test_chacha_record_construction),
        cmocka_unit_test(test_round_trip_each_method),
        cmocka_unit_test(test_flipped_tag_refused),
        cmocka_unit_test(test_null_record_is_plaintext),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
