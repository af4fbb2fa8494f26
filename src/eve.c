/* eve.c — what a stolen server key gives an eavesdropper who recorded the
 * session: everything with key transport, nothing with ECDHE (forward
 * secrecy, RFC 5246 §F.1.1.3 and RFC 8422 §1). */
#include "eve.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "hex.h"
#include "msg.h"
#include "record.h"

static eve_step *step(eve_result *r, const char *what, bool ok, const char *detail,
                      const uint8_t *b, size_t n)
{
    if (r->n_steps >= EVE_STEPS_MAX)
        return NULL;
    eve_step *s = &r->steps[r->n_steps++];
    snprintf(s->what, sizeof s->what, "%s", what);
    snprintf(s->detail, sizeof s->detail, "%s", detail);
    s->ok = ok;
    s->len = n < sizeof s->bytes ? n : sizeof s->bytes;
    if (b && s->len)
        memcpy(s->bytes, b, s->len);
    return s;
}

/* The first handshake message of a type in wire order, as Eve saw it
 * (unencrypted records only). */
static const trace_msg *seen(const trace *t, party from, uint8_t type)
{
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->from == from && m->content_type == CT_HANDSHAKE && !m->sealed &&
            m->record_len > REC_HEADER_LEN && m->record[REC_HEADER_LEN] == type)
            return m;
    }
    return NULL;
}

void eve_attack(const trace *t, const pki_key *key, eve_result *r)
{
    memset(r, 0, sizeof *r);
    r->attempted = true;
    const trace_msg *ch = seen(t, PARTY_CLIENT, HT_CLIENT_HELLO);
    const trace_msg *sh = seen(t, PARTY_SERVER, HT_SERVER_HELLO);
    const trace_msg *cke = seen(t, PARTY_CLIENT, HT_CLIENT_KEY_EXCHANGE);
    if (!ch || !sh || !cke) {
        snprintf(r->why, sizeof r->why, "the recording holds no complete key exchange");
        return;
    }
    rd rr;
    msg_client_hello mch;
    msg_server_hello msh;
    rd_init(&rr, ch->record + REC_HEADER_LEN, ch->record_len - REC_HEADER_LEN);
    bool ok = msg_client_hello_parse(&rr, &mch, NULL) == ERR_OK;
    rd_init(&rr, sh->record + REC_HEADER_LEN, sh->record_len - REC_HEADER_LEN);
    ok = ok && msg_server_hello_parse(&rr, &msh, NULL) == ERR_OK;
    if (!ok) {
        snprintf(r->why, sizeof r->why, "the recorded hellos do not parse");
        return;
    }
    step(r, "read client_random and server_random from the hellos", true,
         "they crossed the wire in the clear", mch.random, KS_RANDOM_LEN);
    bool transport = msh.suite == CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256;

    if (!transport) {
        step(r, "look for the pre-master secret on the wire", false,
             "ClientKeyExchange carries only the client's ephemeral X25519 public key", NULL, 0);
        step(r, "use the stolen server key", false,
             "with ECDHE the server's certificate key only signed the ServerKeyExchange; "
             "it decrypts nothing",
             NULL, 0);
        step(r, "recompute X25519(ephemeral private key, peer public key)", false,
             "both ephemeral private keys were random, used once and wiped after the "
             "handshake: they are gone",
             NULL, 0);
        snprintf(r->why, sizeof r->why,
                 "forward secrecy: the stolen key only signed; the session keys came from "
                 "ephemeral X25519 secrets that no longer exist");
        return;
    }

    msg_client_kx mkx;
    rd_init(&rr, cke->record + REC_HEADER_LEN, cke->record_len - REC_HEADER_LEN);
    if (msg_client_kx_parse(&rr, true, &mkx, NULL) != ERR_OK || key->type != X509_KEY_X25519) {
        snprintf(r->why, sizeof r->why, "the recorded ClientKeyExchange does not parse");
        return;
    }
    step(r, "read the sealed pre-master secret from ClientKeyExchange", true,
         "it crossed the wire, encrypted to the server's certificate key", mkx.sealed,
         sizeof mkx.sealed);
    uint8_t pms[PMS_TRANSPORT_LEN], ms[KS_MASTER_SECRET_LEN], kb[KS_KEY_BLOCK_LEN];
    if (crypto_box_seal_open(pms, mkx.sealed, sizeof mkx.sealed, key->pk, key->seed) != 0) {
        step(r, "open it with the stolen key", false, "the box does not open", NULL, 0);
        snprintf(r->why, sizeof r->why, "the sealed box did not open with the stolen key");
        return;
    }
    step(r, "open it with the stolen server key", true,
         "crypto_box_seal_open gives the 48-byte pre-master secret", pms, sizeof pms);

    if (msh.ems) {
        /* the session hash covers ClientHello .. ClientKeyExchange, all of
         * which Eve recorded in the clear */
        crypto_hash_sha256_state hst;
        uint8_t sh_hash[KS_HASH_LEN];
        crypto_hash_sha256_init(&hst);
        for (size_t i = 0; i < t->n_msgs; i++) {
            const trace_msg *m = &t->msgs[i];
            if (m->content_type != CT_HANDSHAKE || m->sealed)
                continue;
            crypto_hash_sha256_update(&hst, m->record + REC_HEADER_LEN,
                                      m->record_len - REC_HEADER_LEN);
            if (m == cke)
                break;
        }
        crypto_hash_sha256_final(&hst, sh_hash);
        ks_extended_master_secret(pms, sizeof pms, sh_hash, ms);
    } else {
        ks_master_secret(pms, sizeof pms, mch.random, msh.random, ms);
    }
    step(r, "compute the master secret", true,
         msh.ems ? "PRF(pre_master_secret, \"extended master secret\", session_hash)"
                 : "PRF(pre_master_secret, \"master secret\", client_random + server_random)",
         ms, sizeof ms);
    ks_key_block(ms, mch.random, msh.random, kb, sizeof kb);
    step(r, "compute the key block", true, "PRF(master_secret, \"key expansion\", ...)", kb,
         sizeof kb);

    /* decrypt every protected application-data record, each direction with
     * its own key and sequence numbers (the Finished used seq 0) */
    rec_dir d[2];
    memset(d, 0, sizeof d);
    for (int p = 0; p < 2; p++) {
        const uint8_t *k = kb + (p == PARTY_CLIENT ? 0 : KS_WRITE_KEY_LEN);
        const uint8_t *iv = kb + 2 * KS_WRITE_KEY_LEN + (p == PARTY_CLIENT ? 0 : KS_WRITE_IV_LEN);
        memcpy(d[p].key, k, KS_WRITE_KEY_LEN);
        memcpy(d[p].iv, iv, KS_WRITE_IV_LEN);
        d[p].on = true;
    }
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (!m->sealed)
            continue;
        rd rec;
        rec_view v;
        uint8_t plain[HS_REC_MAX];
        size_t n;
        rd_init(&rec, m->record, m->record_len);
        if (rec_parse(&rec, &v) != ERR_OK ||
            rec_open(&d[m->from], &v, plain, sizeof plain, &n, NULL) != ERR_OK)
            continue;
        if (v.type == CT_APPLICATION_DATA && n <= HS_APP_MAX) {
            memcpy(r->plaintext[m->from], plain, n);
            r->plaintext[m->from][n] = '\0';
            r->plaintext_len[m->from] = n;
            r->recovered = true;
        }
        sodium_memzero(plain, sizeof plain); /* the Finished and data she opened */
    }
    step(r, "decrypt the recorded application data", r->recovered,
         r->recovered ? "ChaCha20-Poly1305 with the recomputed keys: the tags verify"
                      : "no application data was recorded",
         NULL, 0);
    snprintf(r->why, sizeof r->why,
             r->recovered ? "key transport has no forward secrecy: whoever gets the server's "
                            "key later can open every recorded session"
                          : "the session carried no application data");
    sodium_memzero(pms, sizeof pms);
    sodium_memzero(ms, sizeof ms);
    sodium_memzero(kb, sizeof kb);
    sodium_memzero(d, sizeof d);
}
