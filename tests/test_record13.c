/* test_record13.c — TLS 1.3 record protection (RFC 8446 §5.2-§5.4) and key
 * changes on record boundaries (§5.1): the additional data is the 5-byte
 * header, the header says application_data and the real type is recovered
 * from TLSInnerPlaintext (after any zero padding), the nonce is the write
 * IV XOR the padded sequence number, which restarts at 0 with a new key;
 * the fragment equals libsodium's AEAD over the inner plaintext laid out by
 * hand; every flipped byte is refused; and the message layer says whether
 * a message ends its record, which a key change requires. */
#include "testlib.h"

#include "base/err.h"
#include "tls/hsio.h"
#include "tls/record.h"
#include "tls/suites.h"
#include "tls/msg/msg.h"

#define KEY_HEX "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
#define IV_HEX "070000004041424344454647"

static rec_dir dir13(void)
{
    uint8_t key[KS_WRITE_KEY_LEN], iv[KS_WRITE_IV_LEN];
    unhex(KEY_HEX, key, sizeof key);
    unhex(IV_HEX, iv, sizeof iv);
    rec_dir d;
    memset(&d, 0, sizeof d);
    rec_dir_set(&d, &rec_prot_chacha20_tls13, key, iv);
    return d;
}

/* Write one record, parse it back; returns its length. */
static size_t write13(rec_dir *tx, uint8_t type, const char *text, uint8_t *buf, size_t cap,
                      rec_seal_info *si)
{
    wr w;
    wr_init(&w, buf, cap);
    assert_int_equal(rec_write(&w, tx, type, (const uint8_t *)text, strlen(text), si), ERR_OK);
    return w.len;
}

/* Parse and open the first record in buf. */
static err_t open13(rec_dir *rx, const uint8_t *buf, size_t len, uint8_t *plain, size_t cap,
                    size_t *plen, uint8_t *type, rec_seal_info *ri)
{
    rd r;
    rec_view v;
    rd_init(&r, buf, len);
    err_t e = rec_parse(&r, &v);
    if (e != ERR_OK)
        return e;
    /* one record: a flipped length may leave bytes for a next one */
    e = rec_open(rx, &v, plain, cap, plen, ri);
    *type = v.type;
    return e;
}

static void test_aad_is_the_header(void **state)
{
    (void)state;
    uint8_t aad[REC_AAD_LEN];
    /* 100 bytes of content + the type byte + the 16-byte tag = 117 */
    assert_int_equal(rec_aad13(99, CT_APPLICATION_DATA, 100, aad), REC13_AAD_LEN);
    assert_hex_equal(aad, REC13_AAD_LEN, "1703030075");
    assert_int_equal(rec_aad13(0, CT_APPLICATION_DATA, 0, aad), 5);
    assert_hex_equal(aad, 5, "1703030011");
    assert_true(rec_prot_chacha20_tls13.inner_type);
    assert_false(rec_prot_chacha20_tls12.inner_type);
    assert_int_equal(rec_prot_chacha20_tls13.expansion, 17);
    assert_string_equal(rec_prot_chacha20_tls13.name, "ChaCha20-Poly1305 (TLS 1.3)");
}

/* The record laid out by hand: header 17 03 03 len, then
 * ChaCha20-Poly1305(key, iv XOR seq, aad = header, content ‖ type). */
static void test_record_by_hand(void **state)
{
    (void)state;
    rec_dir tx = dir13();
    uint8_t buf[128];
    rec_seal_info si;
    tx.seq = 5; /* any record: the nonce takes its number */
    size_t len = write13(&tx, CT_HANDSHAKE, "Finished?", buf, sizeof buf, &si);
    assert_int_equal(len, 5 + 9 + 1 + 16);
    assert_hex_equal(buf, 5, "170303001a");
    assert_int_equal(si.seq, 5);
    assert_int_equal(si.aad_len, 5);
    assert_memory_equal(si.aad, buf, 5);
    /* iv XOR (0^32 ‖ seq): the last byte 0x47 ^ 5 */
    assert_hex_equal(si.nonce, REC_NONCE_LEN, "070000004041424344454642");
    uint8_t key[32], inner[10], want[10 + 16];
    unhex(KEY_HEX, key, sizeof key);
    memcpy(inner, "Finished?", 9);
    inner[9] = CT_HANDSHAKE;
    unsigned long long wl;
    crypto_aead_chacha20poly1305_ietf_encrypt(want, &wl, inner, sizeof inner, buf, 5, NULL,
                                              si.nonce, key);
    assert_int_equal(wl, sizeof want);
    assert_memory_equal(buf + 5, want, sizeof want);
    assert_memory_equal(si.tag, want + 10, 16);
    assert_int_equal(tx.seq, 6);
}

static void test_round_trip_recovers_type(void **state)
{
    (void)state;
    rec_dir tx = dir13(), rx = dir13();
    static const struct { uint8_t type; const char *text; } recs[] = {
        { CT_HANDSHAKE, "EncryptedExtensions" },
        { CT_ALERT, "\x02\x74" },
        { CT_APPLICATION_DATA, "GET / HTTP/1.1" },
        { CT_APPLICATION_DATA, "" }, /* an empty application record is legal */
    };
    for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++) {
        uint8_t buf[128], plain[64], type = 0;
        size_t plen = 99;
        rec_seal_info si, ri;
        size_t len = write13(&tx, recs[i].type, recs[i].text, buf, sizeof buf, &si);
        /* every protected record says application_data outside */
        assert_int_equal(buf[0], CT_APPLICATION_DATA);
        assert_int_equal(open13(&rx, buf, len, plain, sizeof plain, &plen, &type, &ri), ERR_OK);
        assert_int_equal(type, recs[i].type);
        assert_int_equal(plen, strlen(recs[i].text));
        assert_memory_equal(plain, recs[i].text, plen);
        assert_int_equal(ri.seq, i);
        assert_memory_equal(ri.nonce, si.nonce, REC_NONCE_LEN);
        assert_memory_equal(ri.aad, si.aad, 5);
    }
    assert_int_equal(tx.seq, 4);
    assert_int_equal(rx.seq, 4);
    /* a new key: the numbers start again at 0, so the first nonce is the IV */
    uint8_t key2[32], iv2[12];
    memset(key2, 0x42, sizeof key2);
    memset(iv2, 0x24, sizeof iv2);
    rec_dir_set(&tx, &rec_prot_chacha20_tls13, key2, iv2);
    rec_dir_set(&rx, &rec_prot_chacha20_tls13, key2, iv2);
    assert_int_equal(tx.seq, 0);
    uint8_t buf[64], plain[64], type;
    size_t plen;
    rec_seal_info si;
    size_t len = write13(&tx, CT_APPLICATION_DATA, "after", buf, sizeof buf, &si);
    assert_memory_equal(si.nonce, iv2, REC_NONCE_LEN);
    assert_int_equal(open13(&rx, buf, len, plain, sizeof plain, &plen, &type, NULL), ERR_OK);
    assert_memory_equal(plain, "after", 5);
    /* the old key's reader cannot open it */
    rec_dir old = dir13();
    assert_int_equal(open13(&old, buf, len, plain, sizeof plain, &plen, &type, NULL),
                     ERR_RECORD_MAC);
}

/* Every byte flipped, header or fragment, is refused: a fragment byte or the
 * header's length as bad_record_mac (the header is the additional data),
 * the header's type as not application_data, its version by the parser. */
static void test_every_flipped_byte_refused(void **state)
{
    (void)state;
    rec_dir tx = dir13();
    uint8_t buf[64], plain[64], type;
    size_t plen;
    size_t len = write13(&tx, CT_HANDSHAKE, "client Certificate", buf, sizeof buf, NULL);
    for (size_t i = 0; i < len; i++) {
        rec_dir rx = dir13();
        buf[i] ^= 0x01;
        memset(plain, 0xee, sizeof plain);
        err_t e = open13(&rx, buf, len, plain, sizeof plain, &plen, &type, NULL);
        if (i == 0)
            assert_int_equal(e, ERR_RECORD_TYPE); /* 0x16: handshake, unprotected type */
        else if (i == 1 || i == 2)
            assert_int_equal(e, ERR_RECORD_VERSION);
        else if (i == 3)
            assert_int_equal(e, ERR_TRUNCATED); /* the length runs past the bytes */
        else if (i == 4)
            assert_true(e == ERR_TRUNCATED || e == ERR_RECORD_MAC);
        else
            assert_int_equal(e, ERR_RECORD_MAC);
        assert_int_equal(rx.seq, 0);
        for (size_t k = 0; k < sizeof plain; k++)
            assert_true(plain[k] == 0xee || plain[k] == 0);
        buf[i] ^= 0x01;
    }
    /* the header's length made one shorter, with the fragment cut to
     * match: the additional data differs, so the tag fails */
    rec_dir rx = dir13();
    buf[4] = (uint8_t)(buf[4] - 1);
    assert_int_equal(open13(&rx, buf, len - 1, plain, sizeof plain, &plen, &type, NULL),
                     ERR_RECORD_MAC);
    assert_int_equal(err_alert(ERR_RECORD_MAC), ALERT_bad_record_mac);
}

/* Seal an inner plaintext given in full (content ‖ type ‖ padding). */
static size_t seal_inner(const uint8_t *inner, size_t n, uint8_t *buf)
{
    uint8_t key[32], iv[12];
    unhex(KEY_HEX, key, sizeof key);
    unhex(IV_HEX, iv, sizeof iv);
    size_t frag = n + 16;
    buf[0] = CT_APPLICATION_DATA;
    buf[1] = 3;
    buf[2] = 3;
    buf[3] = (uint8_t)(frag >> 8);
    buf[4] = (uint8_t)frag;
    unsigned long long cl;
    crypto_aead_chacha20poly1305_ietf_encrypt(buf + 5, &cl, inner, n, buf, 5, NULL, iv, key);
    return 5 + frag;
}

static void test_padding_and_missing_type(void **state)
{
    (void)state;
    uint8_t inner[64], buf[128], plain[128], type;
    size_t plen;
    /* "hi" ‖ handshake ‖ 20 zeros: the type is the last non-zero byte */
    memset(inner, 0, sizeof inner);
    memcpy(inner, "hi", 2);
    inner[2] = CT_HANDSHAKE;
    size_t len = seal_inner(inner, 23, buf);
    rec_dir rx = dir13();
    assert_int_equal(open13(&rx, buf, len, plain, sizeof plain, &plen, &type, NULL), ERR_OK);
    assert_int_equal(type, CT_HANDSHAKE);
    assert_int_equal(plen, 2);
    assert_memory_equal(plain, "hi", 2);
    /* only zeros: no type at all (§5.4: unexpected_message) */
    memset(inner, 0, sizeof inner);
    len = seal_inner(inner, 8, buf);
    rx = dir13();
    assert_int_equal(open13(&rx, buf, len, plain, sizeof plain, &plen, &type, NULL),
                     ERR_RECORD_NO_TYPE);
    assert_int_equal(err_alert(ERR_RECORD_NO_TYPE), ALERT_unexpected_message);
    /* a type that is none of TLS's */
    inner[0] = 'x';
    inner[1] = 0x42;
    len = seal_inner(inner, 2, buf);
    rx = dir13();
    assert_int_equal(open13(&rx, buf, len, plain, sizeof plain, &plen, &type, NULL),
                     ERR_RECORD_TYPE);
}

/* The largest content, 2^14 bytes, opens into REC_MAX_INNER and not into
 * less (the type byte needs its place). */
static void test_largest_record(void **state)
{
    (void)state;
    static uint8_t content[REC_MAX_PLAIN], buf[REC_HEADER_LEN + REC_MAX_PLAIN + 17],
        plain[REC_MAX_INNER];
    memset(content, 'a', sizeof content);
    rec_dir tx = dir13();
    wr w;
    wr_init(&w, buf, sizeof buf);
    assert_int_equal(rec_write(&w, &tx, CT_APPLICATION_DATA, content, sizeof content, NULL),
                     ERR_OK);
    uint8_t type;
    size_t plen;
    rec_dir rx = dir13();
    assert_int_equal(open13(&rx, buf, w.len, plain, REC_MAX_PLAIN, &plen, &type, NULL),
                     ERR_OVERFLOW);
    assert_int_equal(open13(&rx, buf, w.len, plain, sizeof plain, &plen, &type, NULL), ERR_OK);
    assert_int_equal(plen, REC_MAX_PLAIN);
    /* one byte more is not a record */
    wr_init(&w, buf, sizeof buf);
    assert_int_equal(rec_write(&w, &tx, CT_APPLICATION_DATA, content, REC_MAX_PLAIN + 1, NULL),
                     ERR_RECORD_OVERFLOW);
}

/* What the message layer tells a reader about to change keys. */
typedef struct ends {
    size_t n;
    bool at_end[8];
    const hsio *io;
} ends;

static err_t note_end(void *ctx, uint8_t type, const uint8_t *msg, size_t n)
{
    (void)type;
    (void)msg;
    (void)n;
    ends *e = ctx;
    e->at_end[e->n++] = hsio_at_record_end(e->io);
    return ERR_OK;
}

static void test_message_at_record_end(void **state)
{
    (void)state;
    static hsio io;
    memset(&io, 0, sizeof io);
    hsio_init(&io, (hsio_framing){ HSIO_FRAME_MESSAGE, 0 });
    ends e = { .io = &io };
    /* two whole messages in one record: the first does not end it (a key
     * change after it would split the record), the second does */
    static const uint8_t two[] = { 2, 0, 0, 1, 0xaa, 8, 0, 0, 0 };
    assert_int_equal(hsio_read(&io, CT_HANDSHAKE, two, sizeof two, note_end, &e), ERR_OK);
    assert_int_equal(e.n, 2);
    assert_false(e.at_end[0]);
    assert_true(e.at_end[1]);
    /* a message over two records, with the start of the next one after it */
    static const uint8_t a[] = { 20, 0, 0, 3, 1 }, b[] = { 2, 3, 11, 0 };
    e.n = 0;
    assert_int_equal(hsio_read(&io, CT_HANDSHAKE, a, sizeof a, note_end, &e), ERR_OK);
    assert_int_equal(e.n, 0);
    assert_int_equal(hsio_read(&io, CT_HANDSHAKE, b, sizeof b, note_end, &e), ERR_OK);
    assert_int_equal(e.n, 1);
    assert_false(e.at_end[0]);
    /* ... and when it ends its second record */
    hsio_init(&io, (hsio_framing){ HSIO_FRAME_MESSAGE, 0 });
    e.n = 0;
    static const uint8_t c[] = { 2, 3 };
    assert_int_equal(hsio_read(&io, CT_HANDSHAKE, a, sizeof a, note_end, &e), ERR_OK);
    assert_int_equal(hsio_read(&io, CT_HANDSHAKE, c, sizeof c, note_end, &e), ERR_OK);
    assert_int_equal(e.n, 1);
    assert_true(e.at_end[0]);
    /* a record of another type is one message */
    static const uint8_t ccs[] = { 1 };
    e.n = 0;
    assert_int_equal(hsio_read(&io, CT_CHANGE_CIPHER_SPEC, ccs, 1, note_end, &e), ERR_OK);
    assert_true(e.at_end[0]);
    assert_int_equal(err_alert(ERR_HS_KEY_CHANGE), ALERT_unexpected_message);
    hsio_wipe(&io);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_aad_is_the_header),
        cmocka_unit_test(test_record_by_hand),
        cmocka_unit_test(test_round_trip_recovers_type),
        cmocka_unit_test(test_every_flipped_byte_refused),
        cmocka_unit_test(test_padding_and_missing_type),
        cmocka_unit_test(test_largest_record),
        cmocka_unit_test(test_message_at_record_end),
    };
    return cmocka_run_group_tests(tests, test_setup_sodium, NULL);
}
