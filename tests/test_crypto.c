/* test_crypto.c — known-answer tests for the cryptographic core.
 * Sources: ../shared/vectors.md, which quotes RFC 7748 §5.2/§6.1,
 * RFC 8032 §7.1, RFC 8439 §2.8.2, the TLS 1.2 PRF vector from the IETF TLS WG
 * list, and RFC 8448 §3; plus RFC 5869 Appendix A.1 (HKDF test case 1). */
#include "testlib.h"

#include "crypto/ks.h"
#include "crypto/ks13.h"
#include "tls/record.h"
#include "base/rng.h"

static void test_prf_sha256_vector(void **state)
{
    (void)state;
    uint8_t secret[16], seed[16], out[100];
    unhex("9bbe436ba940f017b17652849a71db35", secret, sizeof secret);
    unhex("a0ba9f936cda311827a6f796ffd5198c", seed, sizeof seed);
    ks_prf(secret, sizeof secret, "test label", seed, sizeof seed, NULL, 0, out, sizeof out);
    assert_hex_equal(out, sizeof out,
        "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a4"
        "6b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d1"
        "22ee42c5a72e5a5110fff70187347b66");
}

static void test_prf_split_seed_is_concatenation(void **state)
{
    (void)state;
    /* PRF(s, l, a ‖ b) must not depend on where the seed is split. */
    uint8_t s[48], a[32], b[32], ab[64], o1[88], o2[88];
    for (int i = 0; i < 48; i++) s[i] = (uint8_t)i;
    for (int i = 0; i < 32; i++) { a[i] = (uint8_t)(0x40 + i); b[i] = (uint8_t)(0x80 + i); }
    memcpy(ab, a, 32);
    memcpy(ab + 32, b, 32);
    ks_prf(s, sizeof s, "key expansion", a, 32, b, 32, o1, sizeof o1);
    ks_prf(s, sizeof s, "key expansion", ab, 64, NULL, 0, o2, sizeof o2);
    assert_memory_equal(o1, o2, sizeof o1);
    /* and the key block puts server_random first (RFC 5246 §6.3) */
    uint8_t kb[KS_KEY_BLOCK_LEN];
    ks_key_block(s, b /* client */, a /* server */, kb, sizeof kb);
    assert_memory_equal(kb, o1, sizeof kb);
}

static void test_hkdf_rfc5869_case1(void **state)
{
    (void)state;
    uint8_t ikm[22], salt[13], info[10], prk[32], okm[42];
    memset(ikm, 0x0b, sizeof ikm);
    unhex("000102030405060708090a0b0c", salt, sizeof salt);
    unhex("f0f1f2f3f4f5f6f7f8f9", info, sizeof info);
    ks_hkdf_extract(salt, sizeof salt, ikm, sizeof ikm, prk);
    assert_hex_equal(prk, 32, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    ks_hkdf_expand(prk, info, sizeof info, okm, sizeof okm);
    assert_hex_equal(okm, 42, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                              "34007208d5b887185865");
}

/* RFC 8448 §3, the TLS 1.3 key schedule (crypto/ks13.c) up to the application
 * traffic keys. */
static void test_hkdf_rfc8448_schedule(void **state)
{
    (void)state;
    static const char ch_hex[] =
        "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece700000613011303"
        "1302010000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101"
        "020103010400230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413"
        "691e529aaf2c002b0003020304000d0020001e0403050306030203080408050806040105010601020104020502"
        "06020202002d00020101001c00024001";
    static const char sh_hex[] =
        "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e26928001301000"
        "02e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";
    uint8_t hs[512], empty_hash[32], early[32], derived[32], ecdhe[32];
    uint8_t hsec[32], th[32], c_hs[32], s_hs[32], key[16], iv[12], fk[32], ms[32], out[32];
    size_t n = unhex(ch_hex, hs, sizeof hs);
    n += unhex(sh_hex, hs + n, sizeof hs - n);
    assert_int_equal(n, 196 + 90);

    ks13_early_secret(early);
    assert_hex_equal(early, 32, "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a");
    ks13_empty_hash(empty_hash);
    assert_hex_equal(empty_hash, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ks13_derived(early, derived);
    assert_hex_equal(derived, 32, "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba");

    /* the ECDHE input is X25519 of the RFC's keys */
    uint8_t csk[32], spk[32];
    unhex("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005", csk, 32);
    unhex("c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f", spk, 32);
    assert_int_equal(crypto_scalarmult(ecdhe, csk, spk), 0);
    assert_hex_equal(ecdhe, 32, "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d");

    ks13_handshake_secret(derived, ecdhe, sizeof ecdhe, hsec);
    assert_hex_equal(hsec, 32, "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac");
    crypto_hash_sha256(th, hs, n);
    assert_hex_equal(th, 32, "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8");
    ks13_derive_secret(hsec, "c hs traffic", th, c_hs);
    assert_hex_equal(c_hs, 32, "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21");
    ks13_derive_secret(hsec, "s hs traffic", th, s_hs);
    assert_hex_equal(s_hs, 32, "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
    ks13_traffic_key(s_hs, key, 16);
    assert_hex_equal(key, 16, "3fce516009c21727d0f2e4e86ee403bc");
    ks13_traffic_iv(s_hs, iv);
    assert_hex_equal(iv, 12, "5d313eb2671276ee13000b30");
    ks13_traffic_key(c_hs, key, 16);
    assert_hex_equal(key, 16, "dbfaa693d1762c5b666af5d950258d01");

    ks13_finished_key(s_hs, fk);
    assert_hex_equal(fk, 32, "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8");
    unhex("edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed", th, 32);
    ks13_verify_data(fk, th, out);
    assert_hex_equal(out, 32, "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");

    ks13_derived(hsec, derived);
    assert_hex_equal(derived, 32, "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4");
    ks13_master_secret(derived, ms);
    assert_hex_equal(ms, 32, "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919");
    unhex("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13", th, 32);
    ks13_derive_secret(ms, "c ap traffic", th, out);
    assert_hex_equal(out, 32, "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5");
    ks13_derive_secret(ms, "s ap traffic", th, out);
    assert_hex_equal(out, 32, "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643");
    ks13_traffic_key(out, key, 16);
    assert_hex_equal(key, 16, "9f02283b6c9c07efc26bb9f2ac92e356");
    ks13_traffic_iv(out, iv);
    assert_hex_equal(iv, 12, "cf782b88dd83549aadf1e984");
}

static void test_x25519_rfc7748(void **state)
{
    (void)state;
    uint8_t k[32], u[32], out[32], a[32], b[32], apk[32], bpk[32];
    unhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", k, 32);
    unhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", u, 32);
    assert_int_equal(crypto_scalarmult(out, k, u), 0);
    assert_hex_equal(out, 32, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");

    unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", a, 32);
    unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", b, 32);
    crypto_scalarmult_base(apk, a);
    crypto_scalarmult_base(bpk, b);
    assert_hex_equal(apk, 32, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assert_hex_equal(bpk, 32, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    assert_int_equal(crypto_scalarmult(out, a, bpk), 0);
    assert_hex_equal(out, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_int_equal(crypto_scalarmult(out, b, apk), 0);
    assert_hex_equal(out, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    /* a low-order point gives an all-zero secret, which libsodium refuses */
    uint8_t zero_point[32] = { 0 };
    assert_int_equal(crypto_scalarmult(out, a, zero_point), -1);
}

static void test_ed25519_rfc8032(void **state)
{
    (void)state;
    uint8_t seed[32], pk[32], sk[64], sig[64];
    unsigned long long siglen;
    unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", seed, 32);
    crypto_sign_seed_keypair(pk, sk, seed);
    assert_hex_equal(pk, 32, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    crypto_sign_detached(sig, &siglen, (const uint8_t *)"", 0, sk);
    assert_int_equal(siglen, 64);
    assert_hex_equal(sig, 64, "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                              "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    assert_int_equal(crypto_sign_verify_detached(sig, (const uint8_t *)"", 0, pk), 0);

    uint8_t msg = 0x72;
    unhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", seed, 32);
    crypto_sign_seed_keypair(pk, sk, seed);
    assert_hex_equal(pk, 32, "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
    crypto_sign_detached(sig, &siglen, &msg, 1, sk);
    assert_hex_equal(sig, 64, "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                              "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    sig[10] ^= 1;
    assert_int_equal(crypto_sign_verify_detached(sig, &msg, 1, pk), -1);
}

static const char aead_pt[] = "Ladies and Gentlemen of the class of '99: If I could offer you "
                              "only one tip for the future, sunscreen would be it.";

static void test_chacha20poly1305_rfc8439(void **state)
{
    (void)state;
    uint8_t key[32], nonce[12], aad[12], ct[130];
    unsigned long long clen;
    unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f", key, 32);
    unhex("070000004041424344454647", nonce, 12);
    unhex("50515253c0c1c2c3c4c5c6c7", aad, 12);
    size_t n = strlen(aead_pt);
    assert_int_equal(n, 114);
    crypto_aead_chacha20poly1305_ietf_encrypt(ct, &clen, (const uint8_t *)aead_pt, n, aad, 12,
                                              NULL, nonce, key);
    assert_int_equal(clen, 130);
    assert_hex_equal(ct, 114,
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69"
        "da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad67594"
        "5585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116");
    assert_hex_equal(ct + 114, 16, "1ae10b594f09e26a7e902ecbd0600691");
}

static void test_record_nonce_and_aad(void **state)
{
    (void)state;
    uint8_t iv[12], nonce[12], aad[13];
    unhex("070000004041424344454647", iv, 12);
    rec_nonce(iv, 0, nonce);
    assert_hex_equal(nonce, 12, "070000004041424344454647");
    rec_nonce(iv, 0x0102030405060708ull, nonce);
    assert_hex_equal(nonce, 12, "07000000414341474143414f");
    rec_aad(1, CT_HANDSHAKE, 16, aad);
    assert_hex_equal(aad, 13, "00000000000000011603030010");
}

static void test_record_seal_open_roundtrip_and_tamper(void **state)
{
    (void)state;
    rec_dir tx = { .prot = &rec_prot_chacha20_tls12, .seq = 0 }, rx;
    for (int i = 0; i < 32; i++) tx.key[i] = (uint8_t)i;
    for (int i = 0; i < 12; i++) tx.iv[i] = (uint8_t)(0xa0 + i);
    rx = tx;
    uint8_t buf[256], plain[64];
    size_t plen;
    wr w;
    rec_seal_info si, ri;
    wr_init(&w, buf, sizeof buf);
    assert_int_equal(rec_write(&w, &tx, CT_APPLICATION_DATA, (const uint8_t *)"hello", 5, &si), ERR_OK);
    assert_int_equal(w.len, 5 + 5 + 16);
    assert_hex_equal(buf, 5, "1703030015");
    assert_int_equal(tx.seq, 1);

    /* The record is exactly the RFC 8439 AEAD over the RFC 7905 nonce and AAD. */
    uint8_t expect[21];
    unsigned long long elen;
    crypto_aead_chacha20poly1305_ietf_encrypt(expect, &elen, (const uint8_t *)"hello", 5, si.aad,
                                              13, NULL, si.nonce, tx.key);
    assert_memory_equal(buf + 5, expect, 21);

    rd r;
    rec_view v;
    rd_init(&r, buf, w.len);
    assert_int_equal(rec_parse(&r, &v), ERR_OK);
    assert_true(rd_empty(&r));
    assert_int_equal(rec_open(&rx, &v, plain, sizeof plain, &plen, &ri), ERR_OK);
    assert_int_equal(plen, 5);
    assert_memory_equal(plain, "hello", 5);
    assert_memory_equal(ri.nonce, si.nonce, 12);

    /* one flipped bit anywhere in the fragment: bad_record_mac */
    rec_dir rx2 = tx;
    rx2.seq = 0;
    for (size_t i = 5; i < w.len; i++) {
        buf[i] ^= 0x01;
        rd_init(&r, buf, w.len);
        assert_int_equal(rec_parse(&r, &v), ERR_OK);
        assert_int_equal(rec_open(&rx2, &v, plain, sizeof plain, &plen, NULL), ERR_RECORD_MAC);
        assert_int_equal(err_alert(ERR_RECORD_MAC), ALERT_bad_record_mac);
        buf[i] ^= 0x01;
    }
    /* and a wrong sequence number is also caught */
    rx2.seq = 1;
    rd_init(&r, buf, w.len);
    assert_int_equal(rec_parse(&r, &v), ERR_OK);
    assert_int_equal(rec_open(&rx2, &v, plain, sizeof plain, &plen, NULL), ERR_RECORD_MAC);
}

static void test_record_parse_errors(void **state)
{
    (void)state;
    uint8_t b[8];
    rd r;
    rec_view v;
    size_t n = unhex("16030300", b, sizeof b);
    rd_init(&r, b, n);
    assert_int_equal(rec_parse(&r, &v), ERR_TRUNCATED);
    n = unhex("1603030005aabb", b, sizeof b);
    rd_init(&r, b, n);
    assert_int_equal(rec_parse(&r, &v), ERR_TRUNCATED);
    n = unhex("1803030001aa", b, sizeof b);
    rd_init(&r, b, n);
    assert_int_equal(rec_parse(&r, &v), ERR_RECORD_TYPE);
    n = unhex("1603010001aa", b, sizeof b);
    rd_init(&r, b, n);
    assert_int_equal(rec_parse(&r, &v), ERR_RECORD_VERSION);
}

static void test_rng_seeded_is_deterministic(void **state)
{
    (void)state;
    rng a, b, c, fa, fb;
    uint8_t x[100], y[100], z[100];
    rng_init_seeded(&a, 42);
    rng_init_seeded(&b, 42);
    rng_init_seeded(&c, 43);
    /* the same bytes however the draws are split */
    rng_bytes(&a, x, 100);
    rng_bytes(&b, y, 7);
    rng_bytes(&b, y + 7, 64);
    rng_bytes(&b, y + 71, 29);
    assert_memory_equal(x, y, 100);
    rng_bytes(&c, z, 100);
    assert_memory_not_equal(x, z, 100);
    /* the stream is ChaCha20 (IETF, zero nonce) keyed by SHA-256("mtls-sim seed v1" ‖ seed_be) */
    uint8_t in[24], key[32], ks[100] = { 0 }, nonce[12] = { 0 };
    memcpy(in, "mtls-sim seed v1", 16);
    memset(in + 16, 0, 7);
    in[23] = 42;
    crypto_hash_sha256(key, in, sizeof in);
    crypto_stream_chacha20_ietf_xor_ic(ks, ks, sizeof ks, nonce, 0, key);
    assert_memory_equal(ks, x, 100);
    /* forks are independent of each other and of how much the parent drew */
    rng_init_seeded(&a, 42);
    rng_fork(&a, "client", &fa);
    rng_bytes(&a, x, 50);
    rng_fork(&a, "client", &fb);
    rng_bytes(&fa, x, 32);
    rng_bytes(&fb, y, 32);
    assert_memory_equal(x, y, 32);
    rng_fork(&a, "server", &fb);
    rng_bytes(&fb, y, 32);
    assert_memory_not_equal(x, y, 32);
    /* live: two draws differ, two live generators differ */
    rng_init_live(&a);
    rng_init_live(&b);
    rng_bytes(&a, x, 32);
    rng_bytes(&a, y, 32);
    assert_memory_not_equal(x, y, 32);
    rng_bytes(&b, z, 32);
    assert_memory_not_equal(x, z, 32);
    assert_false(a.seeded);
    /* a live run can be repeated from its root key */
    rng_init_key(&c, a.key, false, 0);
    rng_bytes(&c, z, 64);
    assert_memory_equal(z, x, 32);
    assert_memory_equal(z + 32, y, 32);
    rng_wipe(&a);
    rng_wipe(&b);
    rng_wipe(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prf_sha256_vector),
        cmocka_unit_test(test_prf_split_seed_is_concatenation),
        cmocka_unit_test(test_hkdf_rfc5869_case1),
        cmocka_unit_test(test_hkdf_rfc8448_schedule),
        cmocka_unit_test(test_x25519_rfc7748),
        cmocka_unit_test(test_ed25519_rfc8032),
        cmocka_unit_test(test_chacha20poly1305_rfc8439),
        cmocka_unit_test(test_record_nonce_and_aad),
        cmocka_unit_test(test_record_seal_open_roundtrip_and_tamper),
        cmocka_unit_test(test_record_parse_errors),
        cmocka_unit_test(test_rng_seeded_is_deterministic),
    };
    return cmocka_run_group_tests_name("crypto", tests, test_setup_sodium, NULL);
}
