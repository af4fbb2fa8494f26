/* hs13_keys.c — the TLS 1.3 key schedule as both endpoints run it (RFC 8446
 * §7.1, §7.3, §4.4.4), at its three points: after the hellos (handshake
 * secrets), after the server's Finished (master and application secrets),
 * after the client's Finished (resumption). Every secret, key and IV is
 * reported under its catalogue row (tls13/values13.h); the key schedule
 * itself is crypto/ks13.c, one function per step.
 */
#include "tls/hs.h"

#include <sodium.h>
#include <stdio.h>

/* A traffic secret's key and IV, reported (RFC 8446 §7.3). */
static void report_keys(hs *h, const uint8_t secret[KS13_SECRET_LEN], value_id key_id,
                        value_id iv_id)
{
    uint8_t key[KS_WRITE_KEY_LEN], iv[KS13_IV_LEN];
    ks13_traffic_key(secret, key, sizeof key);
    ks13_traffic_iv(secret, iv);
    hs_value(h, key_id, key, sizeof key);
    hs_value(h, iv_id, iv, sizeof iv);
    sodium_memzero(key, sizeof key);
}

/* SHA-256 of the transcript so far, reported with the messages it covers. */
static void transcript_value(hs *h, value_id id, uint8_t th[KS_HASH_LEN])
{
    char names[192];
    hs_transcript_hash(h, th);
    hs_transcript_names(h, names, sizeof names);
    hs_value_param(h, id, names, th, KS_HASH_LEN);
}

err_t hs13_transcript_restart(hs *h)
{
    uint8_t ch1[KS_HASH_LEN], mh[MSG13_MESSAGE_HASH_LEN];
    /* the transcript holds ClientHello1 alone */
    hs_transcript_hash(h, ch1);
    hs_value(h, VAL13_CH1_HASH, ch1, sizeof ch1);
    msg13_message_hash(ch1, mh);
    hs_value(h, VAL13_MESSAGE_HASH, mh, sizeof mh);
    return hsio_transcript_restart(&h->io, PARTY_CLIENT, "message_hash", mh, sizeof mh);
}

err_t hs13_after_hellos(hs *h)
{
    hs13_state *t = &h->t13;
    bool client = h->role == PARTY_CLIENT;
    uint8_t shared[X25519_LEN], early[KS13_SECRET_LEN], derived[KS13_SECRET_LEN];
    uint8_t th[KS_HASH_LEN];
    int rc = crypto_scalarmult(shared, h->eph_sk, h->peer_eph_pk);
    /* the ephemeral private key has done its job: forward secrecy */
    sodium_memzero(h->eph_sk, sizeof h->eph_sk);
    /* RFC 8446 §7.4.2: an all-zero X25519 result is refused */
    TRY(hs_check(h, CHK_ECDHE_POINT, rc == 0 ? ERR_OK : ERR_HS_BAD_POINT,
                 rc == 0 ? "shared secret is not all zero" : "shared secret is all zero"));
    if (client)
        hs_value(h, VAL13_ECDHE_SECRET, shared, sizeof shared);
    else
        hs_value_way(h, WAY13_ECDHE_SERVER, shared, sizeof shared);

    ks13_early_secret(early);
    hs_value(h, VAL13_EARLY_SECRET, early, sizeof early);
    ks13_derived(early, derived);
    hs_value(h, VAL13_DERIVED_HS, derived, sizeof derived);
    hs_transcript_hash(h, th);
    if (t->hrr)
        hs_value_way(h, WAY13_HELLO_HASH_HRR, th, sizeof th);
    else
        hs_value(h, VAL13_HELLO_HASH, th, sizeof th);
    ks13_handshake_secret(derived, shared, sizeof shared, t->handshake_secret);
    sodium_memzero(shared, sizeof shared);
    hs_value(h, VAL13_HANDSHAKE_SECRET, t->handshake_secret, KS13_SECRET_LEN);
    ks13_derive_secret(t->handshake_secret, "c hs traffic", th, t->c_hs);
    ks13_derive_secret(t->handshake_secret, "s hs traffic", th, t->s_hs);
    hs_value(h, VAL13_CLIENT_HS_TRAFFIC, t->c_hs, KS13_SECRET_LEN);
    hs_value(h, VAL13_SERVER_HS_TRAFFIC, t->s_hs, KS13_SECRET_LEN);
    report_keys(h, t->s_hs, VAL13_SERVER_HS_KEY, VAL13_SERVER_HS_IV);
    report_keys(h, t->c_hs, VAL13_CLIENT_HS_KEY, VAL13_CLIENT_HS_IV);
    sodium_memzero(early, sizeof early);
    sodium_memzero(derived, sizeof derived);
    /* What the peer sends next is protected with its handshake key, and so
     * is everything this side writes from now on (its dummy
     * ChangeCipherSpec excepted, which goes in the clear, RFC 8446 §5): the
     * server's flight, and the client's, but also an alert either side
     * sends before its Finished. RFC 8446 §6: alerts "are encrypted as
     * specified by the current connection state", and once the hellos are
     * done that state is the handshake traffic key; an alert in the clear
     * would tell an eavesdropper why the handshake failed. (BoringSSL's
     * client switches its write key here too, so that its alerts are
     * encrypted.) */
    TRY(hs_set_rx(h, client ? t->s_hs : t->c_hs));
    return hs_set_tx(h, client ? t->c_hs : t->s_hs);
}

err_t hs13_after_server_finished(hs *h)
{
    hs13_state *t = &h->t13;
    uint8_t th[KS_HASH_LEN], derived[KS13_SECRET_LEN], exporter[KS13_SECRET_LEN];
    transcript_value(h, VAL13_SF_HASH, th);
    ks13_derived(t->handshake_secret, derived);
    hs_value(h, VAL13_DERIVED_MS, derived, sizeof derived);
    ks13_master_secret(derived, t->master);
    sodium_memzero(derived, sizeof derived);
    hs_value(h, VAL13_MASTER_SECRET, t->master, KS13_SECRET_LEN);
    ks13_derive_secret(t->master, "c ap traffic", th, t->c_ap);
    ks13_derive_secret(t->master, "s ap traffic", th, t->s_ap);
    ks13_derive_secret(t->master, "exp master", th, exporter);
    hs_value(h, VAL13_CLIENT_AP_TRAFFIC, t->c_ap, KS13_SECRET_LEN);
    hs_value(h, VAL13_SERVER_AP_TRAFFIC, t->s_ap, KS13_SECRET_LEN);
    hs_value(h, VAL13_EXPORTER, exporter, sizeof exporter);
    sodium_memzero(exporter, sizeof exporter);
    report_keys(h, t->s_ap, VAL13_SERVER_AP_KEY, VAL13_SERVER_AP_IV);
    report_keys(h, t->c_ap, VAL13_CLIENT_AP_KEY, VAL13_CLIENT_AP_IV);
    /* the handshake secret is no longer needed */
    sodium_memzero(t->handshake_secret, sizeof t->handshake_secret);
    /* the server writes under its application key from now on; the client
     * reads the server's records under it */
    if (h->role == PARTY_SERVER)
        return hs_set_tx(h, t->s_ap);
    t->peer_finished = true;
    return hs_set_rx(h, t->s_ap);
}

err_t hs13_after_client_finished(hs *h)
{
    hs13_state *t = &h->t13;
    uint8_t th[KS_HASH_LEN], res[KS13_SECRET_LEN];
    transcript_value(h, VAL13_CF_HASH, th);
    ks13_derive_secret(t->master, "res master", th, res);
    hs_value(h, VAL13_RESUMPTION, res, sizeof res);
    sodium_memzero(res, sizeof res);
    /* no ticket is sent: the handshake secrets are all done */
    sodium_memzero(t->master, sizeof t->master);
    sodium_memzero(t->c_hs, sizeof t->c_hs);
    sodium_memzero(t->s_hs, sizeof t->s_hs);
    if (h->role == PARTY_CLIENT)
        return hs_set_tx(h, t->c_ap);
    t->peer_finished = true;
    return hs_set_rx(h, t->c_ap);
}

void hs13_finished_for(hs *h, party sender, uint8_t *vd)
{
    bool client = sender == PARTY_CLIENT;
    uint8_t fk[KS13_SECRET_LEN], th[KS_HASH_LEN];
    /* RFC 8446 §4.4.4: the base key is the sender's handshake traffic secret */
    ks13_finished_key(client ? h->t13.c_hs : h->t13.s_hs, fk);
    hs_value(h, client ? VAL13_CLIENT_FINISHED_KEY : VAL13_SERVER_FINISHED_KEY, fk, sizeof fk);
    transcript_value(h, client ? VAL13_CLIENT_FINISHED_HASH : VAL13_SERVER_FINISHED_HASH, th);
    ks13_verify_data(fk, th, vd);
    sodium_memzero(fk, sizeof fk);
    hs_value(h, client ? VAL13_CLIENT_VERIFY_DATA : VAL13_SERVER_VERIFY_DATA, vd,
             MSG13_FINISHED_LEN);
}

err_t hs13_write_finished(hs *h, wr *w)
{
    return hs_finished_write(h, w, MSG13_FINISHED_LEN, hs13_finished_for);
}

err_t hs13_read_finished(hs *h, const uint8_t *msg, size_t len)
{
    return hs_finished_read(h, msg, len, MSG13_FINISHED_LEN, hs13_finished_for, CHK13_FINISHED,
                            "HMAC");
}

err_t hs13_write_ccs(hs *h, wr *w)
{
    (void)h;
    wr_u8(w, 1);
    return ERR_OK;
}

err_t hs13_read_ccs(hs *h, const uint8_t *msg, size_t len)
{
    rd r;
    rd_init(&r, msg, len);
    /* RFC 8446 §5: the value 1, or unexpected_message */
    err_t e = msg_ccs_parse(&r, NULL);
    return hs_check(h, CHK13_CCS, e == ERR_OK ? ERR_OK : ERR_HS_UNEXPECTED,
                    e == ERR_OK ? "value 1, changes no key (middlebox compatibility)"
                                : "not the single byte 1");
}
