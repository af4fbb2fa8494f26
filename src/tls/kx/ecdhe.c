/* ecdhe.c — ephemeral Diffie-Hellman over X25519 (RFC 8422, RFC 7748): the
 * server sends a fresh public key signed with its certificate's Ed25519 key
 * (ServerKeyExchange), the client answers with its own (ClientKeyExchange),
 * and each side computes the shared secret. The private halves are wiped
 * once used: forward secrecy.
 */
#include "tls/kx/kx.h"

#include <sodium.h>
#include <string.h>

#include "tls/hs.h"

static const uint16_t suites[] = { CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256 };
static const value_id reports[] = {
    VAL_SERVER_ECDHE_PRIVATE, VAL_SERVER_ECDHE_PUBLIC, VAL_SERVER_SIGNATURE,
    VAL_CLIENT_ECDHE_PRIVATE, VAL_CLIENT_ECDHE_PUBLIC, VAL_PRE_MASTER_SECRET, VAL_NONE,
};

/* The server needs x25519 among the client's groups and ed25519 among its
 * signature algorithms (RFC 8422 §5.1): it signs its key with Ed25519. */
static err_t check_hello(hs *h, const msg_client_hello *m)
{
    bool x = msg_u16_has(m->groups, m->n_groups, GROUP_X25519);
    TRY(hs_check(h, CHK_GROUP, x ? ERR_OK : ERR_HS_NO_SHARED_GROUP, "supported_groups"));
    bool ed = msg_u16_has(m->sigalgs, m->n_sigalgs, SIGALG_ED25519);
    return hs_check(h, CHK_SIGALG, ed ? ERR_OK : ERR_HS_NO_SHARED_SIGALG, "signature_algorithms");
}

static err_t write_server_kx(hs *h, wr *w)
{
    CHECK(h->own.key && h->own.key->type == X509_KEY_ED25519, ERR_USAGE);
    rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
    crypto_scalarmult_base(h->eph_pk, h->eph_sk);
    hs_value(h, VAL_SERVER_ECDHE_PRIVATE, h->eph_sk, X25519_LEN);
    hs_value(h, VAL_SERVER_ECDHE_PUBLIC, h->eph_pk, X25519_LEN);
    /* RFC 8422 §5.4: the certificate's key signs client_random ‖
     * server_random ‖ ServerECDHParams, binding the key to this handshake */
    uint8_t params[MSG_ECDH_PARAMS_LEN], tbs[2 * KS_RANDOM_LEN + MSG_ECDH_PARAMS_LEN];
    uint8_t sig[ED25519_SIG_LEN];
    msg_server_kx_params(h->eph_pk, params);
    size_t n = msg_server_kx_signed(h->client_random, h->server_random, params, sizeof params,
                                    tbs);
    crypto_sign_detached(sig, NULL, tbs, n, h->own.key->sk);
    msg_server_kx_write(w, h->eph_pk, SIGALG_ED25519, sig);
    hs_value(h, VAL_SERVER_SIGNATURE, sig, sizeof sig);
    return ERR_OK;
}

static err_t read_server_kx(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_server_kx m;
    uint8_t tbs[2 * KS_RANDOM_LEN + 64];
    rd_init(&r, msg, len);
    TRY(msg_server_kx_parse(&r, &m, NULL));
    CHECK(m.params_len <= 64, ERR_HS_ILLEGAL_PARAM);
    size_t n = msg_server_kx_signed(h->client_random, h->server_random, m.params, m.params_len,
                                    tbs);
    bool ok = crypto_sign_verify_detached(m.sig, tbs, n, h->peer_leaf.key) == 0;
    TRY(hs_check(h, CHK_SKE_SIGNATURE, ok ? ERR_OK : ERR_HS_SKE_SIGNATURE,
                 ok ? "Ed25519 signature by the server certificate's key over client_random + "
                      "server_random + ECDHE params is valid"
                    : "Ed25519 signature over client_random + server_random + ECDHE params "
                      "does not verify with the server certificate's key"));
    memcpy(h->peer_eph_pk, m.point, X25519_LEN);
    return ERR_OK;
}

static err_t write_client_kx(hs *h, wr *w)
{
    msg_client_kx m;
    memset(&m, 0, sizeof m);
    rng_bytes(&h->rng, h->eph_sk, X25519_LEN);
    crypto_scalarmult_base(h->eph_pk, h->eph_sk);
    hs_value(h, VAL_CLIENT_ECDHE_PRIVATE, h->eph_sk, X25519_LEN);
    hs_value(h, VAL_CLIENT_ECDHE_PUBLIC, h->eph_pk, X25519_LEN);
    int rc = crypto_scalarmult(h->pms, h->eph_sk, h->peer_eph_pk);
    /* RFC 8422 §5.11: an all-zero shared secret means a bad point */
    TRY(hs_check(h, CHK_ECDHE_POINT, rc == 0 ? ERR_OK : ERR_HS_BAD_POINT,
                 rc == 0 ? "shared secret is not all zero" : "shared secret is all zero"));
    h->pms_len = X25519_LEN;
    hs_value(h, VAL_PRE_MASTER_SECRET, h->pms, h->pms_len);
    memcpy(m.point, h->eph_pk, X25519_LEN);
    /* the ephemeral private key is no longer needed: forward secrecy */
    sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    msg_client_kx_write(w, &m);
    return ERR_OK;
}

static err_t read_client_kx(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_client_kx m;
    rd_init(&r, msg, len);
    TRY(msg_client_kx_parse(&r, false, &m, NULL));
    memcpy(h->peer_eph_pk, m.point, X25519_LEN);
    int rc = crypto_scalarmult(h->pms, h->eph_sk, h->peer_eph_pk);
    TRY(hs_check(h, CHK_ECDHE_POINT, rc == 0 ? ERR_OK : ERR_HS_BAD_POINT,
                 rc == 0 ? "shared secret is not all zero" : "shared secret is all zero"));
    h->pms_len = X25519_LEN;
    hs_value_way(h, WAY_PMS_ECDHE_SERVER, h->pms, h->pms_len);
    sodium_memzero(h->eph_sk, sizeof h->eph_sk); /* forward secrecy */
    return ERR_OK;
}

const kx_method kx_ecdhe = {
    .name = "ECDHE over X25519",
    .kind = KX_ECDHE,
    .suites = suites,
    .n_suites = sizeof suites / sizeof suites[0],
    .server_kx = true,
    .point_formats = true,
    .server_key = X509_KEY_ED25519,
    .reports = reports,
    .check_hello = check_hello,
    .write_server_kx = write_server_kx,
    .read_server_kx = read_server_kx,
    .write_client_kx = write_client_kx,
    .read_client_kx = read_client_kx,
};
