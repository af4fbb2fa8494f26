/* test_rfc8448_client_auth.c — the TLS 1.3 key schedule (crypto/ks13.h) against
 * RFC 8448 §6, "Client Authentication": a full handshake in which the server
 * sends a CertificateRequest and the client answers with its Certificate,
 * CertificateVerify and Finished.
 *
 * Source: RFC 8448 §6 (TLS_AES_128_GCM_SHA256, x25519). The ten handshake
 * messages below are the RFC's, with their 4-byte headers, written 16 bytes a
 * line as the RFC prints them. The ClientHello was read from the RFC text; the
 * other nine from public test suites that quote RFC 8448 §6, and checked
 * there by opening the RFC's protected records (the server's flight of 0x216
 * bytes and the client's of 0x280) with the RFC's handshake keys and IVs:
 * they decrypt, under AES-128-GCM, to exactly these bytes. Expected secrets,
 * keys and IVs are the RFC's printed values. The RFC does not print the
 * transcript hashes; those marked "(derived)" were computed from these
 * messages with Python's hashlib and hmac, which share no code with this
 * program, and the finished keys are checked by the Finished messages their
 * HMACs must reproduce. Traffic keys are 16 bytes (AES-128). */
#include "testlib.h"

#include "crypto/ks13.h"

static const char client_hello[] = /* 192 octets */
    "010000bc03036a472236328b83af4038"
    "6d3a3e1f1ce624fa4ed89ab865a4ff0f"
    "4144ce3ae23300000613011303130201"
    "00008d0000000b000900000673657276"
    "6572ff01000100000a00140012001d00"
    "17001800190100010101020103010400"
    "3300260024001d0020089cc2671f738d"
    "9a671e5b2e464981d05b76e361aa22ae"
    "a91f1d49ca10a7a362002b0003020304"
    "000d0020001e04030503060302030804"
    "08050806040105010601020104020502"
    "06020202002d00020101001c00024001";
static const char server_hello[] = /* 90 octets */
    "0200005603033b50fdf1c3d572e40e68"
    "953e7fff4e2758459c59afa0582c0ea0"
    "32874255fe6e00130100002e00330024"
    "001d00206c2e50e865919a6b5a12dfaf"
    "918f92b442567b0f89bc54478c692136"
    "6658f062002b00020304";
static const char encrypted_extensions[] = /* 40 octets */
    "080000240022000a00140012001d0017"
    "0018001901000101010201030104001c"
    "0002400100000000";
static const char certificate_request[] = /* 43 octets */
    "0d000027000024000d0020001e040305"
    "03060302030804080508060401050106"
    "0102010402050206020202";
static const char server_certificate[] = /* 319 octets */
    "0b00013b000001370001323082012e30"
    "81d5a003020102020107300a06082a86"
    "48ce3d04030230133111300f06035504"
    "0313086563647361323536301e170d31"
    "36303733303031323430305a170d3236"
    "303733303031323430305a3013311130"
    "0f060355040313086563647361323536"
    "3059301306072a8648ce3d020106082a"
    "8648ce3d0301070342000408d5301615"
    "75f4cfe7f154ee3448180086001e8843"
    "1a79ee62ee6e2f83ef38ba61e9fb37f3"
    "4e007a7df4d2f5b56d1f04ece45d621f"
    "468406f5c3a15158948dd0a31a301830"
    "090603551d1304023000300b0603551d"
    "0f040403020780300a06082a8648ce3d"
    "0403020348003045022100df30fd4507"
    "f5edd22c1a6ff86db479ca693feeca3b"
    "71b3f9ef556b2937c0594d022062e2a4"
    "7250d320fea83c7e2dcb5b76a50e0200"
    "c09adbd13fee946e513e011d110000";
static const char server_certificate_verify[] = /* 79 octets */
    "0f00004b040300473045022100d7a4d3"
    "4bd54f55fee1a89625678c3dd5e5f60d"
    "ac73ec940c5c7b9304a02084a9022028"
    "9f595ed488b9ac689a3d192b1a8bb38f"
    "34af7874c059c9806a1f38269353e8";
static const char server_finished[] = /* 36 octets */
    "1400002093b70cdf4781985b96345caa"
    "c701b4e750d3042df1a689d8faca8122"
    "51113c11";
static const char client_certificate[] = /* 451 octets */
    "0b0001bf000001bb0001b6308201b230"
    "82011ba003020102020101300d06092a"
    "864886f70d01010b05003011310f300d"
    "06035504031306636c69656e74301e17"
    "0d3136303733303031323335395a170d"
    "3236303733303031323335395a301131"
    "0f300d06035504031306636c69656e74"
    "30819f300d06092a864886f70d010101"
    "050003818d0030818902818100c38175"
    "e004a68d093f823b9c379d201fbc0bb7"
    "a1c791905e3fbf76847e44e751ebbcd3"
    "60bd945c81e5222bcc8846d3a8a0f93e"
    "9bf5bebabd92edf1de1ff19021703e7a"
    "b6c0901513f97e39b111f09c9348971c"
    "7b211984a754cd45fe095af0ea423682"
    "9bccf7a7fe9b2888e78ab477690a5b9e"
    "1ccbe91c6a4a0f97a7e0284201020301"
    "0001a31a301830090603551d13040230"
    "00300b0603551d0f040403020780300d"
    "06092a864886f70d01010b0500038181"
    "001a7a5a018532b022af0767d486160c"
    "ff2d167a1915d23835b54594916dc680"
    "be5d2e626076c5d52722ebcc775d7d99"
    "f980be2fc94d34acf6cc00ba90cbcfb0"
    "608aa1e7e3971ef0c07a41d47ad8345d"
    "1f81fe418a1cf41054429fd217bd777d"
    "c1cf08f05df90799c659361e0f1a8ee4"
    "ac0f7897420bdbc823da80a2f2ba2308"
    "1c0000";
static const char client_certificate_verify[] = /* 136 octets */
    "0f00008408040080186b2223b503a759"
    "c35dba0e9721b4b579138d5f0f5e6ec7"
    "feaaf27f3ad7f386c2c7bd7cb2be52fb"
    "f5ed8393f406ee79369692ec7ac69565"
    "1d858219e672a8eb7b2a677b640b46ab"
    "630edc5f3f2f8272b9c0d906f81f84dd"
    "c5b8c7bcf955c78a3cf99e5016f73e04"
    "eb7dfcb28833f13e8f75ec2ff3581e2f"
    "098ad4157fd6d6ad";
static const char client_finished[] = /* 36 octets */
    "140000209afe2ba2f63a09d229d8a429"
    "e5b37ffd9fcc73bdb5911b82425972aa"
    "2892440f";

enum { MSG_COUNT = 10, MSG_CAP = 512 };

/* The handshake in order, with the type (RFC 8446 §4) and the octet count the
 * RFC prints beside each message. */
static const struct {
    const char *hex;
    uint8_t type;
    size_t len;
} msgs[MSG_COUNT] = {
    { client_hello, 1, 192 },                  /* client_hello */
    { server_hello, 2, 90 },                   /* server_hello */
    { encrypted_extensions, 8, 40 },           /* encrypted_extensions */
    { certificate_request, 13, 43 },           /* certificate_request */
    { server_certificate, 11, 319 },           /* certificate */
    { server_certificate_verify, 15, 79 },     /* certificate_verify */
    { server_finished, 20, 36 },               /* finished */
    { client_certificate, 11, 451 },           /* certificate */
    { client_certificate_verify, 15, 136 },    /* certificate_verify */
    { client_finished, 20, 36 },               /* finished */
};

enum { CH, SH, EE, CR, SCRT, SCV, SFIN, CCRT, CCV, CFIN };

typedef struct {
    uint8_t b[MSG_COUNT][MSG_CAP];
    size_t n[MSG_COUNT];
} trace6;

static void trace_load(trace6 *t)
{
    for (size_t i = 0; i < MSG_COUNT; i++) t->n[i] = unhex(msgs[i].hex, t->b[i], MSG_CAP);
}

/* Transcript-Hash over the messages whose bit is set in mask, in order
 * (RFC 8446 §4.4.1): SHA-256 of their concatenation, headers included. */
static void transcript(const trace6 *t, unsigned mask, uint8_t out[KS_HASH_LEN])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (size_t i = 0; i < MSG_COUNT; i++)
        if (mask & (1u << i)) crypto_hash_sha256_update(&st, t->b[i], t->n[i]);
    crypto_hash_sha256_final(&st, out);
}

/* All messages from the ClientHello up to and including message last. */
static unsigned upto(unsigned last) { return (1u << (last + 1)) - 1; }

/* Every message's 24-bit length is what follows its 4-byte header, and both
 * agree with the octet count the RFC prints. */
static void test_messages_are_framed_as_printed(void **state)
{
    (void)state;
    trace6 t;
    trace_load(&t);
    size_t total = 0;
    for (size_t i = 0; i < MSG_COUNT; i++) {
        assert_int_equal(t.n[i], msgs[i].len);
        assert_int_equal(t.b[i][0], msgs[i].type);
        size_t body = (size_t)t.b[i][1] << 16 | (size_t)t.b[i][2] << 8 | t.b[i][3];
        assert_int_equal(4 + body, t.n[i]);
        total += t.n[i];
    }
    assert_int_equal(total, 1422);
    /* the Finished bodies are verify_data of Hash.length, SHA-256 */
    assert_int_equal(t.n[SFIN] - 4, KS_HASH_LEN);
    assert_int_equal(t.n[CFIN] - 4, KS_HASH_LEN);
}

/* The x25519 shares in the hellos belong to the RFC's private keys, and both
 * sides compute the same shared secret (RFC 7748 §6.1). */
static void test_ecdhe_shared_secret(void **state)
{
    (void)state;
    trace6 t;
    trace_load(&t);
    uint8_t csk[32], ssk[32], pk[32], c_ss[32], s_ss[32];
    unhex("c040b2bb8f3addd20fd4058c547003a3c6f9c1cd915d5e535c87d8d191aaf071", csk, 32);
    unhex("7382a5ad1cdd2056ae18cc708bd007d98130dbe2cd4d9ead9b96952becbb0888", ssk, 32);
    /* key_share entry: group 0x001d, length 0x0020, then the key */
    assert_memory_equal(t.b[CH] + 101, "\x00\x1d\x00\x20", 4);
    assert_memory_equal(t.b[SH] + 48, "\x00\x1d\x00\x20", 4);
    assert_int_equal(crypto_scalarmult_base(pk, csk), 0);
    assert_memory_equal(pk, t.b[CH] + 105, 32);
    assert_hex_equal(pk, 32, "089cc2671f738d9a671e5b2e464981d05b76e361aa22aea91f1d49ca10a7a362");
    assert_int_equal(crypto_scalarmult_base(pk, ssk), 0);
    assert_memory_equal(pk, t.b[SH] + 52, 32);
    assert_hex_equal(pk, 32, "6c2e50e865919a6b5a12dfaf918f92b442567b0f89bc54478c6921366658f062");

    assert_int_equal(crypto_scalarmult(c_ss, csk, t.b[SH] + 52), 0);
    assert_int_equal(crypto_scalarmult(s_ss, ssk, t.b[CH] + 105), 0);
    assert_memory_equal(c_ss, s_ss, 32);
    assert_hex_equal(c_ss, 32, "7dc114f6475dfa7977be736ef7cbebc48c70329e8e9a74b4d7033c43f9597d4f"); /* (derived) */
    sodium_memzero(csk, sizeof csk);
    sodium_memzero(ssk, sizeof ssk);
}

/* The whole schedule, step by step, from the messages and the ECDHE secret. */
static void test_key_schedule(void **state)
{
    (void)state;
    trace6 t;
    trace_load(&t);
    uint8_t csk[32], ecdhe[32], early[32], derived[32], hsec[32], ms[32];
    uint8_t th[32], c_hs[32], s_hs[32], secret[32], key[16], iv[12];
    unhex("c040b2bb8f3addd20fd4058c547003a3c6f9c1cd915d5e535c87d8d191aaf071", csk, 32);
    assert_int_equal(crypto_scalarmult(ecdhe, csk, t.b[SH] + 52), 0);

    /* {server} extract secret "early" */
    ks13_early_secret(early);
    assert_hex_equal(early, 32, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    /* {server} derive secret for handshake "tls13 derived" */
    ks13_derived(early, derived);
    assert_hex_equal(derived, 32, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");
    /* {server} extract secret "handshake" */
    ks13_handshake_secret(derived, ecdhe, sizeof ecdhe, hsec);
    assert_hex_equal(hsec, 32, "d995243674fb6400d7d37bc0e9861bdbd9ed095601dcf2994874f2803de22e39");

    transcript(&t, upto(SH), th);
    assert_hex_equal(th, 32, "88ebc042bd0d5a643b22fca7a47defd4007dfe184949a6261c596c4e002a74a2"); /* (derived) */
    /* {server} derive secret "tls13 c hs traffic" / "tls13 s hs traffic" */
    ks13_derive_secret(hsec, "c hs traffic", th, c_hs);
    assert_hex_equal(c_hs, 32, "cec7a30c6872070f22a7eeb065768db67c45e29533db879908ce6dc66f5911de");
    ks13_derive_secret(hsec, "s hs traffic", th, s_hs);
    assert_hex_equal(s_hs, 32, "8b02d3c00442a2722c4098ebe8675b23e801510f0d7ed778d8eb0b8f42a19a5e");
    /* {server} derive write traffic keys for handshake data */
    ks13_traffic_key(s_hs, key, sizeof key);
    assert_hex_equal(key, 16, "6cb6e60619d8c7355c5d4c4bc2be90d5");
    ks13_traffic_iv(s_hs, iv);
    assert_hex_equal(iv, 12, "64f239530c3b888fde85e0be");
    /* {server} derive read traffic keys for handshake data */
    ks13_traffic_key(c_hs, key, sizeof key);
    assert_hex_equal(key, 16, "916948f728d9823fa41a004d083f217f");
    ks13_traffic_iv(c_hs, iv);
    assert_hex_equal(iv, 12, "64153d79bac9ea10ca5a0a88");

    /* {server} derive secret for master "tls13 derived", extract secret "master" */
    ks13_derived(hsec, derived);
    assert_hex_equal(derived, 32, "74575526b07c81a9c1b17e6b34e0e6d084747a61f396f597ebb92c0736ec60e8");
    ks13_master_secret(derived, ms);
    assert_hex_equal(ms, 32, "57c15d7b9d441b3d40a9c6ea8a3d730e07b3a1ea7a3339ed7070b9a74a3f4f28");

    /* The application secrets take the transcript up to the server's Finished:
     * the client's Certificate and CertificateVerify come after it. */
    transcript(&t, upto(SFIN), th);
    assert_hex_equal(th, 32, "5177a29af5a17f9b4933e431851d128345366c1720d38f8f0465eeeae6740372"); /* (derived) */
    ks13_derive_secret(ms, "c ap traffic", th, secret);
    assert_hex_equal(secret, 32, "73c2e890fa8d067258d6d50fa92fe456b098cf00d9727eed91e8892ef4e6f860");
    ks13_traffic_key(secret, key, sizeof key);
    assert_hex_equal(key, 16, "cdc09c806aa8f86dfcd51efc44a0c039");
    ks13_traffic_iv(secret, iv);
    assert_hex_equal(iv, 12, "6ef852e78b46d913668e53e7");
    ks13_derive_secret(ms, "s ap traffic", th, secret);
    assert_hex_equal(secret, 32, "c49a91faf57f8c545d5048a015bf849ff63942e4a7edcd319f8b438a97c52e21");
    ks13_traffic_key(secret, key, sizeof key);
    assert_hex_equal(key, 16, "88b3123ddecadf8c1ba298e2c18176b0");
    ks13_traffic_iv(secret, iv);
    assert_hex_equal(iv, 12, "4e0978513f9de8327c08e4f3");
    /* {server} derive secret "tls13 exp master" */
    ks13_derive_secret(ms, "exp master", th, secret);
    assert_hex_equal(secret, 32, "052e39795e5f2be6e4e0974cfdd86c6a7afe3e57e5589810a3cccf642958beb2");

    /* {client} derive secret "tls13 res master": the transcript now ends with
     * the client's Finished, so it covers the client's certificate too. */
    transcript(&t, upto(CFIN), th);
    assert_hex_equal(th, 32, "391d004bd84c831b1582444414b4dc8064010ecc76f37f88bfeb1e88fe135c25"); /* (derived) */
    ks13_derive_secret(ms, "res master", th, secret);
    assert_hex_equal(secret, 32, "1006dccbf40eb4eb978bff0392a9e452a4fbad58aa14784d5a241c6b49daccfb");

    sodium_memzero(csk, sizeof csk);
    sodium_memzero(ecdhe, sizeof ecdhe);
}

/* Both Finished messages (RFC 8446 §4.4.4): each side's verify_data is the HMAC,
 * under its finished key, of the transcript up to its CertificateVerify, and
 * must be the 32 bytes inside the Finished the RFC prints. */
static void test_finished_both_sides(void **state)
{
    (void)state;
    trace6 t;
    trace_load(&t);
    uint8_t csk[32], ecdhe[32], early[32], derived[32], hsec[32], th[32];
    uint8_t c_hs[32], s_hs[32], fk[32], vd[32];
    unhex("c040b2bb8f3addd20fd4058c547003a3c6f9c1cd915d5e535c87d8d191aaf071", csk, 32);
    assert_int_equal(crypto_scalarmult(ecdhe, csk, t.b[SH] + 52), 0);
    ks13_early_secret(early);
    ks13_derived(early, derived);
    ks13_handshake_secret(derived, ecdhe, sizeof ecdhe, hsec);
    transcript(&t, upto(SH), th);
    ks13_derive_secret(hsec, "c hs traffic", th, c_hs);
    ks13_derive_secret(hsec, "s hs traffic", th, s_hs);

    /* {server} calculate finished "tls13 finished" */
    ks13_finished_key(s_hs, fk);
    assert_hex_equal(fk, 32, "4e795cde239d5e190eae441b9e716eeb138549058cdb76fa9aeeaf548aef563e"); /* (derived) */
    transcript(&t, upto(SCV), th);
    assert_hex_equal(th, 32, "ab7bb7151312882a263c45d29e2cfb389a64ff781e227d5e5b58976653837d63"); /* (derived) */
    ks13_verify_data(fk, th, vd);
    assert_memory_equal(vd, t.b[SFIN] + 4, 32);
    assert_hex_equal(vd, 32, "93b70cdf4781985b96345caac701b4e750d3042df1a689d8faca812251113c11");
    /* The CertificateRequest is part of what the server's Finished covers:
     * without it the MAC is a different one. */
    transcript(&t, upto(SCV) & ~(1u << CR), th);
    ks13_verify_data(fk, th, vd);
    assert_memory_not_equal(vd, t.b[SFIN] + 4, 32);

    /* {client} calculate finished "tls13 finished": over everything up to the
     * client's own CertificateVerify, the server's Finished included. */
    ks13_finished_key(c_hs, fk);
    assert_hex_equal(fk, 32, "4fddd76bbcb8e30c7261b1db401bb136ed39bce6a4815a2124476e27e6cbcbf6"); /* (derived) */
    transcript(&t, upto(CCV), th);
    assert_hex_equal(th, 32, "c201e184ef389b8239f5d2e374fc2a69bd8d279667ad3f889bfaa665315eab9f"); /* (derived) */
    ks13_verify_data(fk, th, vd);
    assert_memory_equal(vd, t.b[CFIN] + 4, 32);
    assert_hex_equal(vd, 32, "9afe2ba2f63a09d229d8a429e5b37ffd9fcc73bdb5911b82425972aa2892440f");
    /* The client's Finished is bound to its certificate: leave the client's
     * Certificate out of the transcript and the MAC no longer matches. */
    transcript(&t, upto(CCV) & ~(1u << CCRT), th);
    ks13_verify_data(fk, th, vd);
    assert_memory_not_equal(vd, t.b[CFIN] + 4, 32);

    sodium_memzero(csk, sizeof csk);
    sodium_memzero(ecdhe, sizeof ecdhe);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_messages_are_framed_as_printed),
        cmocka_unit_test(test_ecdhe_shared_secret),
        cmocka_unit_test(test_key_schedule),
        cmocka_unit_test(test_finished_both_sides),
    };
    return cmocka_run_group_tests_name("rfc8448_client_auth", tests, test_setup_sodium, NULL);
}
