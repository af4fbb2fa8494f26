/* hs_keys.c — what both TLS 1.2 endpoints compute the same way: the master
 * secret and the key block from the pre-master secret (RFC 5246 §8.1, §6.3,
 * RFC 7627), ChangeCipherSpec, and Finished over the transcript (§7.4.9).
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

void hs_derive_keys(hs *h)
{
    if (h->ems) {
        uint8_t session_hash[KS_HASH_LEN];
        hs_transcript_hash(h, session_hash);
        hs_value(h, VAL_SESSION_HASH, session_hash, sizeof session_hash);
        ks_extended_master_secret(h->pms, h->pms_len, session_hash, h->ms);
        hs_value(h, VAL_MASTER_SECRET, h->ms, sizeof h->ms);
    } else {
        ks_master_secret(h->pms, h->pms_len, h->client_random, h->server_random, h->ms);
        hs_value_way(h, WAY_MS_LEGACY, h->ms, sizeof h->ms);
    }
    /* The pre-master secret has done its job (RFC 5246 §8.1: delete it). */
    sodium_memzero(h->pms, sizeof h->pms);

    ks_key_block(h->ms, h->client_random, h->server_random, h->key_block,
                 sizeof h->key_block);
    hs_value(h, VAL_KEY_BLOCK, h->key_block, sizeof h->key_block);
    ks_write_keys cw = ks_key_block_side(h->key_block, false);
    ks_write_keys sw = ks_key_block_side(h->key_block, true);
    const uint8_t *ckey = cw.key, *skey = sw.key, *civ = cw.iv, *siv = sw.iv;
    hs_value(h, VAL_CLIENT_WRITE_KEY, ckey, KS_WRITE_KEY_LEN);
    hs_value(h, VAL_SERVER_WRITE_KEY, skey, KS_WRITE_KEY_LEN);
    hs_value(h, VAL_CLIENT_WRITE_IV, civ, KS_WRITE_IV_LEN);
    hs_value(h, VAL_SERVER_WRITE_IV, siv, KS_WRITE_IV_LEN);
    bool client = h->role == PARTY_CLIENT;
    memcpy(h->tx.key, client ? ckey : skey, KS_WRITE_KEY_LEN);
    memcpy(h->tx.iv, client ? civ : siv, KS_WRITE_IV_LEN);
    memcpy(h->rx.key, client ? skey : ckey, KS_WRITE_KEY_LEN);
    memcpy(h->rx.iv, client ? siv : civ, KS_WRITE_IV_LEN);
    h->tx.seq = h->rx.seq = 0;
}

err_t hs_write_ccs(hs *h, wr *w)
{
    (void)h;
    wr_u8(w, 1);
    return ERR_OK;
}

err_t hs_read_ccs(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    rd_init(&r, msg, len);
    (void)h;
    return msg_ccs_parse(&r, NULL);
}

/* verify_data for the Finished that `sender` sends, over the transcript so far. */
static void finished_for(hs *h, party sender, uint8_t *vd)
{
    uint8_t th[KS_HASH_LEN];
    const char *label = sender == PARTY_CLIENT ? "client finished" : "server finished";
    char names[192];
    bool client = sender == PARTY_CLIENT;
    hs_transcript_hash(h, th);
    /* the messages actually hashed: a run without a client certificate has
     * no CertificateVerify in it */
    hs_transcript_names(h, names, sizeof names);
    hs_value_param(h, client ? VAL_CLIENT_FINISHED_HASH : VAL_SERVER_FINISHED_HASH, names, th,
                   sizeof th);
    ks_finished(h->ms, label, th, vd);
    hs_value(h, client ? VAL_CLIENT_VERIFY_DATA : VAL_SERVER_VERIFY_DATA, vd, KS_VERIFY_DATA_LEN);
}

err_t hs_write_finished(hs *h, wr *w)
{
    return hs_finished_write(h, w, KS_VERIFY_DATA_LEN, finished_for);
}

err_t hs_read_finished(hs *h, const uint8_t *msg, size_t len)
{
    return hs_finished_read(h, msg, len, KS_VERIFY_DATA_LEN, finished_for, CHK_FINISHED, "value");
}
