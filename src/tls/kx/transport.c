/* transport.c — the simulation-only key transport: the client makes the
 * pre-master secret and seals it to the X25519 key in the server's
 * certificate with crypto_box_seal, as RSA key transport (RFC 5246
 * §7.4.7.1) encrypts it to an RSA key. No ServerKeyExchange, and no forward
 * secrecy: whoever later learns the certificate's private key opens every
 * recorded session. Its suite number is from the private-use range.
 */
#include "tls/kx/kx.h"

#include <sodium.h>
#include <string.h>

#include "tls/hs.h"

static const uint16_t suites[] = { CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256 };
static const value_id reports[] = {
    VAL_PRE_MASTER_SECRET, VAL_ENCRYPTED_PRE_MASTER_SECRET, VAL_NONE,
};

/* crypto_box_seal with the ephemeral key drawn from our generator instead of
 * the OS, so that a seeded run stays reproducible. The construction is
 * libsodium's own (its documentation, "Sealed boxes"): ephemeral X25519 key
 * pair, nonce = BLAKE2b-192(epk ‖ recipient pk), output = epk ‖ crypto_box
 * (ciphertext and tag). The server opens it with crypto_box_seal_open. */
static void seal_box(hs *h, uint8_t out[SEALED_PMS_LEN], const uint8_t *m, size_t n,
                     const uint8_t pk[X25519_LEN])
{
    uint8_t esk[crypto_box_SECRETKEYBYTES], nonce[crypto_box_NONCEBYTES];
    uint8_t in[2 * X25519_LEN];
    crypto_generichash_state st;
    rng_bytes(&h->rng, esk, sizeof esk);
    crypto_scalarmult_base(out, esk); /* epk */
    memcpy(in, out, X25519_LEN);
    memcpy(in + X25519_LEN, pk, X25519_LEN);
    crypto_generichash_init(&st, NULL, 0, sizeof nonce);
    crypto_generichash_update(&st, in, sizeof in);
    crypto_generichash_final(&st, nonce, sizeof nonce);
    /* fails only for a low-order recipient key, which the certificate check
     * cannot rule out; the server then cannot open the box and says so */
    if (crypto_box_easy(out + X25519_LEN, m, n, nonce, pk, esk) != 0)
        memset(out + X25519_LEN, 0, SEALED_PMS_LEN - X25519_LEN);
    sodium_memzero(esk, sizeof esk);
}

static err_t write_client_kx(hs *h, wr *w)
{
    msg_client_kx m;
    memset(&m, 0, sizeof m);
    /* struct { ProtocolVersion client_version; opaque random[46]; }
     * PreMasterSecret (RFC 5246 §7.4.7.1), sealed to the X25519 key in the
     * server's certificate: the seed article's literal step 4. */
    h->pms[0] = TLS12_VERSION >> 8;
    h->pms[1] = TLS12_VERSION & 0xff;
    rng_bytes(&h->rng, h->pms + 2, PMS_TRANSPORT_LEN - 2);
    h->pms_len = PMS_TRANSPORT_LEN;
    hs_value_way(h, WAY_PMS_TRANSPORT_CLIENT, h->pms, h->pms_len);
    seal_box(h, m.sealed, h->pms, h->pms_len, h->peer_leaf.key);
    m.transport = true;
    hs_value(h, VAL_ENCRYPTED_PRE_MASTER_SECRET, m.sealed, sizeof m.sealed);
    msg_client_kx_write(w, &m);
    return ERR_OK;
}

static err_t read_client_kx(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    msg_client_kx m;
    rd_init(&r, msg, len);
    TRY(msg_client_kx_parse(&r, true, &m, NULL));
    const pki_key *k = h->own.key;
    int rc = crypto_box_seal_open(h->pms, m.sealed, sizeof m.sealed, k->pk, k->seed);
    TRY(hs_check(h, CHK_PMS_OPEN, rc == 0 ? ERR_OK : ERR_HS_KX_OPEN,
                 rc == 0 ? "crypto_box_seal_open with the certificate's X25519 private key"
                         : "the sealed box does not open with this server's key"));
    h->pms_len = PMS_TRANSPORT_LEN;
    /* RFC 5246 §7.4.7.1: a wrong version inside is not reported to the
     * peer; the server goes on with a random secret so that Finished fails. */
    bool version_ok = h->pms[0] == (TLS12_VERSION >> 8) && h->pms[1] == (TLS12_VERSION & 0xff);
    hs_check(h, CHK_PMS_VERSION, ERR_OK,
             version_ok ? "it does" : "it does not: continuing with a random secret");
    if (!version_ok)
        rng_bytes(&h->rng, h->pms, PMS_TRANSPORT_LEN);
    hs_value_way(h, WAY_PMS_TRANSPORT_SERVER, h->pms, h->pms_len);
    return ERR_OK;
}

const kx_method kx_transport = {
    .name = "key transport (simulation only)",
    .kind = KX_TRANSPORT,
    .suites = suites,
    .n_suites = sizeof suites / sizeof suites[0],
    .server_kx = false,
    .point_formats = false,
    .server_key = X509_KEY_X25519,
    .reports = reports,
    .check_hello = NULL,
    .write_server_kx = NULL,
    .read_server_kx = NULL,
    .write_client_kx = write_client_kx,
    .read_client_kx = read_client_kx,
};
