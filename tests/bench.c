/* bench.c — what one complete mutual handshake costs, next to the floor:
 * the sum of the libsodium primitives such a handshake cannot avoid,
 * measured in the same process on the same inputs sizes.
 *
 * Per handshake (ECDHE, classic master secret):
 *   X25519: 2 base-point multiplications (ephemeral keys) + 2 shared secrets
 *   Ed25519: 2 signatures (ServerKeyExchange, CertificateVerify) and
 *            6 verifications (two certificate paths of two links each: leaf
 *            and intermediate, RFC 5280 §6.1.3 (a)(1); ServerKeyExchange,
 *            CertificateVerify)
 *   SHA-256: 4 transcript hashes for the two Finished messages, on each side
 *   PRF: master secret, key block and 2 Finished values, on each side
 *   ChaCha20-Poly1305: 4 records sealed and 4 opened
 *
 * The TLS 1.3 floor (floor13_us) is the same sum for a TLS 1.3 mutual
 * handshake with x25519, Ed25519 and TLS_CHACHA20_POLY1305_SHA256; its count
 * is above floor13_one. handshake13_us is one complete seeded TLS 1.3 mutual
 * handshake (--tls 1.3), timed in rounds alternating with that floor, and
 * ratio13 the median of their round-by-round ratios, as for TLS 1.2.
 * Output ends with "name: value" lines for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/ks.h"
#include "crypto/ks13.h"
#include "run/sim.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Mean time per call of fn over iters calls. */
#define ROUNDS 21
typedef void (*bench_fn)(void *ctx);
static double time_per_call(bench_fn fn, void *ctx, int iters)
{
    double t0 = now_us();
    for (int i = 0; i < iters; i++)
        fn(ctx);
    return (now_us() - t0) / iters;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return v[n / 2];
}

typedef struct floor_ctx {
    uint8_t esk[2][32], epk[2][32], shared[32];
    uint8_t sign_pk[32], sign_sk[64], sig[64];
    uint8_t transcript[2400], tbs_cert[380], ske[100];
    uint8_t pms[32], cr[32], sr[32], ms[48], kb[88], vd[12], hash[32];
    uint8_t key[32], nonce[12], aad[13], pt[200], ct[216];
} floor_ctx;

static void floor_one(void *p)
{
    floor_ctx *c = p;
    unsigned long long n;
    /* X25519 x4 */
    crypto_scalarmult_base(c->epk[0], c->esk[0]);
    crypto_scalarmult_base(c->epk[1], c->esk[1]);
    if (crypto_scalarmult(c->shared, c->esk[0], c->epk[1]) != 0 ||
        crypto_scalarmult(c->shared, c->esk[1], c->epk[0]) != 0)
        abort();
    /* Ed25519: sign ServerKeyExchange and CertificateVerify, verify both, and
     * 4 certificate signatures: each side's leaf and intermediate */
    crypto_sign_detached(c->sig, NULL, c->ske, sizeof c->ske, c->sign_sk);
    if (crypto_sign_verify_detached(c->sig, c->ske, sizeof c->ske, c->sign_pk) != 0)
        abort();
    crypto_sign_detached(c->sig, NULL, c->transcript, 2180, c->sign_sk);
    if (crypto_sign_verify_detached(c->sig, c->transcript, 2180, c->sign_pk) != 0)
        abort();
    crypto_sign_detached(c->sig, NULL, c->tbs_cert, sizeof c->tbs_cert, c->sign_sk);
    for (int i = 0; i < 4; i++)
        if (crypto_sign_verify_detached(c->sig, c->tbs_cert, sizeof c->tbs_cert, c->sign_pk) != 0)
            abort();
    /* the certificate signatures were made once, by the CA, not per handshake:
     * take the extra signature above back out of the floor by not counting it
     * (see floor_sign_cert, subtracted below) */
    for (int side = 0; side < 2; side++) {
        crypto_hash_sha256(c->hash, c->transcript, 2180);
        crypto_hash_sha256(c->hash, c->transcript, 2252);
        ks_master_secret(c->pms, 32, c->cr, c->sr, c->ms);
        ks_key_block(c->ms, c->cr, c->sr, c->kb, sizeof c->kb);
        ks_finished(c->ms, "client finished", c->hash, c->vd);
        ks_finished(c->ms, "server finished", c->hash, c->vd);
    }
    /* 4 records: two Finished (16 bytes), two application data (48, 161) */
    static const size_t sizes[4] = { 16, 16, 48, 161 };
    for (int i = 0; i < 4; i++) {
        crypto_aead_chacha20poly1305_ietf_encrypt(c->ct, &n, c->pt, sizes[i], c->aad, 13, NULL,
                                                  c->nonce, c->key);
        if (crypto_aead_chacha20poly1305_ietf_decrypt(c->pt, &n, NULL, c->ct, sizes[i] + 16,
                                                      c->aad, 13, c->nonce, c->key) != 0)
            abort();
    }
}

static void floor_sign_cert(void *p)
{
    floor_ctx *c = p;
    crypto_sign_detached(c->sig, NULL, c->tbs_cert, sizeof c->tbs_cert, c->sign_sk);
}

/* The TLS 1.3 floor, per handshake, both sides together (RFC 8446 §4, §7.1):
 *   X25519: 2 base-point multiplications (the key_share of each hello)
 *           + 2 shared secrets
 *   Ed25519: 2 signatures (server and client CertificateVerify) and
 *            6 verifications (the two certificate paths, leaf and
 *            intermediate each; the two CertificateVerify)
 *   HKDF through ks13.c, on each side: 3 Extract (early, handshake, master),
 *            18 Expand-Label (2 "derived", c/s hs traffic, their 2 keys and
 *            2 IVs, 2 finished keys, c/s ap traffic, their 2 keys and 2 IVs,
 *            exp master, res master) and 2 HMACs (both verify_data)
 *   SHA-256: one running transcript on each side over the ten handshake
 *            messages, finished at the 7 points the schedule and the
 *            signatures need it (CH..SH, ..server Certificate, ..server
 *            CertificateVerify, ..server Finished, ..client Certificate,
 *            ..client CertificateVerify, ..client Finished)
 *   ChaCha20-Poly1305: one record per protected message, sealed by its
 *            sender and opened by its receiver: the server's
 *            EncryptedExtensions, CertificateRequest, Certificate,
 *            CertificateVerify, Finished, the client's Certificate,
 *            CertificateVerify, Finished, and one application record each
 *            way; each plaintext carries its 1-byte inner content type
 *            and the additional data is the 5-byte record header (§5.2).
 * Message sizes are those of this program's certificates and of RFC 8448's
 * hellos; the floor hardly depends on them. The ChangeCipherSpec of
 * Appendix D.4 is not protected and costs nothing here. */
enum { F13_MSGS = 10, F13_RECORDS = 10, F13_POINTS = 7 };
/* CH SH EE CR Certificate CertificateVerify Finished, then the client's three */
static const size_t f13_msg_len[F13_MSGS] = { 200, 90, 24, 90, 900, 72, 36, 900, 72, 36 };
/* after which message each transcript hash is taken */
static const int f13_point[F13_POINTS] = { 1, 4, 5, 6, 7, 8, 9 };
/* protected records: the 8 protected handshake messages, then application data */
static const size_t f13_record_len[F13_RECORDS] = { 24, 90, 900, 72, 36, 900, 72, 36, 48, 161 };

typedef struct floor13_ctx {
    uint8_t esk[2][32], epk[2][32], shared[32];
    uint8_t sign_pk[32], sign_sk[64], sig[64];
    uint8_t tbs_cert[380], cv_content[64 + 34 + 32];
    uint8_t msg[F13_MSGS][900], th[F13_POINTS][32];
    uint8_t early[32], derived[32], hs[32], ms[32], c_hs[32], s_hs[32];
    uint8_t c_ap[32], s_ap[32], exp[32], res[32], fk[32], vd[32], key[32], iv[12];
    uint8_t aead_key[32], nonce[12], aad[5], pt[910], ct[910 + 16];
} floor13_ctx;

/* One side's key schedule, every step the handshake shows. */
static void floor13_schedule(floor13_ctx *c)
{
    ks13_early_secret(c->early);
    ks13_derived(c->early, c->derived);
    ks13_handshake_secret(c->derived, c->shared, sizeof c->shared, c->hs);
    ks13_derive_secret(c->hs, "c hs traffic", c->th[0], c->c_hs);
    ks13_derive_secret(c->hs, "s hs traffic", c->th[0], c->s_hs);
    ks13_traffic_key(c->c_hs, c->key, 32);
    ks13_traffic_iv(c->c_hs, c->iv);
    ks13_traffic_key(c->s_hs, c->key, 32);
    ks13_traffic_iv(c->s_hs, c->iv);
    ks13_finished_key(c->s_hs, c->fk);
    ks13_verify_data(c->fk, c->th[2], c->vd);
    ks13_finished_key(c->c_hs, c->fk);
    ks13_verify_data(c->fk, c->th[5], c->vd);
    ks13_derived(c->hs, c->derived);
    ks13_master_secret(c->derived, c->ms);
    ks13_derive_secret(c->ms, "c ap traffic", c->th[3], c->c_ap);
    ks13_derive_secret(c->ms, "s ap traffic", c->th[3], c->s_ap);
    ks13_traffic_key(c->c_ap, c->key, 32);
    ks13_traffic_iv(c->c_ap, c->iv);
    ks13_traffic_key(c->s_ap, c->key, 32);
    ks13_traffic_iv(c->s_ap, c->iv);
    ks13_derive_secret(c->ms, "exp master", c->th[3], c->exp);
    ks13_derive_secret(c->ms, "res master", c->th[6], c->res);
}

/* One side's running transcript hash, finished at each point. */
static void floor13_transcript(floor13_ctx *c)
{
    crypto_hash_sha256_state st, snap;
    crypto_hash_sha256_init(&st);
    for (int i = 0, p = 0; i < F13_MSGS; i++) {
        crypto_hash_sha256_update(&st, c->msg[i], f13_msg_len[i]);
        if (p < F13_POINTS && f13_point[p] == i) {
            snap = st;
            crypto_hash_sha256_final(&snap, c->th[p++]);
        }
    }
}

static void floor13_one(void *p)
{
    floor13_ctx *c = p;
    unsigned long long n;
    crypto_scalarmult_base(c->epk[0], c->esk[0]);
    crypto_scalarmult_base(c->epk[1], c->esk[1]);
    if (crypto_scalarmult(c->shared, c->esk[0], c->epk[1]) != 0 ||
        crypto_scalarmult(c->shared, c->esk[1], c->epk[0]) != 0)
        abort();
    for (int side = 0; side < 2; side++) {
        floor13_transcript(c);
        floor13_schedule(c);
    }
    /* both CertificateVerify: 64 spaces, context string, 0, transcript hash */
    for (int i = 0; i < 2; i++) {
        crypto_sign_detached(c->sig, NULL, c->cv_content, sizeof c->cv_content, c->sign_sk);
        if (crypto_sign_verify_detached(c->sig, c->cv_content, sizeof c->cv_content,
                                        c->sign_pk) != 0)
            abort();
    }
    /* the two certificate paths (leaf and intermediate each): signed once by
     * the CAs, not per handshake (the signature made here is taken back out
     * with floor13_sign_cert) */
    crypto_sign_detached(c->sig, NULL, c->tbs_cert, sizeof c->tbs_cert, c->sign_sk);
    for (int i = 0; i < 4; i++)
        if (crypto_sign_verify_detached(c->sig, c->tbs_cert, sizeof c->tbs_cert, c->sign_pk) != 0)
            abort();
    for (int i = 0; i < F13_RECORDS; i++) {
        size_t len = f13_record_len[i] + 1; /* the inner content type */
        crypto_aead_chacha20poly1305_ietf_encrypt(c->ct, &n, c->pt, len, c->aad, sizeof c->aad,
                                                  NULL, c->nonce, c->aead_key);
        if (crypto_aead_chacha20poly1305_ietf_decrypt(c->pt, &n, NULL, c->ct, len + 16, c->aad,
                                                      sizeof c->aad, c->nonce, c->aead_key) != 0)
            abort();
    }
}

static void floor13_sign_cert(void *p)
{
    floor13_ctx *c = p;
    crypto_sign_detached(c->sig, NULL, c->tbs_cert, sizeof c->tbs_cert, c->sign_sk);
}

static void handshake_one(void *p)
{
    sim *s = p;
    if (sim_handshake(s) != ERR_OK || !s->tr.outcome.ok)
        abort();
}

int main(int argc, char **argv)
{
    int iters = argc > 1 ? atoi(argv[1]) : 40;
    if (iters < 1 || sodium_init() < 0)
        return 2;
    floor_ctx fc;
    randombytes_buf(&fc, sizeof fc);
    crypto_sign_keypair(fc.sign_pk, fc.sign_sk);

    sim *s = sim_new();
    sim_options o = { .seeded = true, .seed = 1 };
    if (!s || sim_setup(s, &o) != ERR_OK)
        return 2;

    /* Handshakes and floor in alternating rounds, so that a machine whose
     * speed drifts affects both alike; the ratio is taken round by round. */
    double hs_r[ROUNDS], fl_r[ROUNDS], ratio_r[ROUNDS];
    handshake_one(s);
    floor_one(&fc);
    for (int k = 0; k < ROUNDS; k++) {
        hs_r[k] = time_per_call(handshake_one, s, iters);
        fl_r[k] = time_per_call(floor_one, &fc, iters) - time_per_call(floor_sign_cert, &fc, iters);
        ratio_r[k] = hs_r[k] / fl_r[k];
    }
    double hs_us = median(hs_r, ROUNDS), fl = median(fl_r, ROUNDS);
    double ratio = median(ratio_r, ROUNDS);
    printf("one complete seeded mutual TLS 1.2 handshake (both endpoints, trace recorded),\n"
           "medians of %d alternating rounds of %d; floor = the libsodium primitives it needs\n",
           ROUNDS, iters);
    printf("handshake_us: %.1f\n", hs_us);
    printf("floor_us: %.1f\n", fl);
    printf("ratio: %.2f\n", ratio);

    /* TLS 1.3 the same way, against its own floor */
    sim *s13 = sim_new();
    sim_options o13 = { .seeded = true, .seed = 1, .version = TLS_V13 };
    if (!s13 || sim_setup(s13, &o13) != ERR_OK)
        return 2;
    floor13_ctx f13;
    randombytes_buf(&f13, sizeof f13);
    crypto_sign_keypair(f13.sign_pk, f13.sign_sk);
    double hs13_r[ROUNDS], fl13_r[ROUNDS], ratio13_r[ROUNDS];
    handshake_one(s13);
    floor13_one(&f13);
    for (int k = 0; k < ROUNDS; k++) {
        hs13_r[k] = time_per_call(handshake_one, s13, iters);
        fl13_r[k] = time_per_call(floor13_one, &f13, iters) -
                    time_per_call(floor13_sign_cert, &f13, iters);
        ratio13_r[k] = hs13_r[k] / fl13_r[k];
    }
    printf("one complete seeded mutual TLS 1.3 handshake, timed the same way\n");
    printf("handshake13_us: %.1f\n", median(hs13_r, ROUNDS));
    printf("floor13_us: %.1f\n", median(fl13_r, ROUNDS));
    printf("ratio13: %.2f\n", median(ratio13_r, ROUNDS));
    sim_free(s13);
    sim_free(s);
    return 0;
}
