/* eve13.c — the eavesdropper on a TLS 1.3 run. From the wire she keeps the
 * hellos (the server's name and both ephemeral key shares, RFC 8446 §4.1.2,
 * §4.2.8) and every record's size; everything after ServerHello is an
 * application_data record whose real type is inside the encryption
 * (RFC 8446 §5.2), so both certificates, the CertificateRequest and both
 * CertificateVerify messages are hidden (§2, §4.4). Given the server's
 * long-term key afterwards she tries it against the key schedule: it is
 * not an input of any traffic key (§7.1), so she recovers nothing. */
#include "run/eve.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "crypto/ks13.h"
#include "tls/msg/msg.h"
#include "tls/record.h"
#include "tls/tls12/values.h"

/* A TLS 1.3 alert in a protected record: 2 bytes, its inner type byte and
 * the 16-byte tag (RFC 8446 §5.2, §6). */
#define EVE13_ALERT_RECORD_LEN (REC_HEADER_LEN + 2 + 1 + REC_TAG_LEN)

/* The first handshake message of a type in a record in the clear. */
static const trace_msg *clear_msg(const trace *t, party from, uint8_t type)
{
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        if (m->from == from && !m->sealed && m->record_len > REC_HEADER_LEN &&
            m->record[0] == CT_HANDSHAKE && m->record[REC_HEADER_LEN] == type)
            return m;
    }
    return NULL;
}

/* What the protected records of one side show: how many, their sizes in
 * wire order ("58, 94, ..." cut to cap) and the bytes inside them. */
typedef struct eve13_side {
    size_t n, inner;
    char sizes[160];
} eve13_side;

static void count_protected(const trace *t, eve13_side s[2], bool *alert_sized, int *clear_alert)
{
    memset(s, 0, 2 * sizeof *s);
    *alert_sized = false;
    *clear_alert = -1;
    for (size_t i = 0; i < t->n_recs; i++) {
        const trace_record *m = &t->recs[i];
        if (m->len < REC_HEADER_LEN)
            continue;
        if (m->bytes[0] == CT_ALERT && *clear_alert < 0)
            *clear_alert = (int)m->from;
        if (m->bytes[0] != CT_APPLICATION_DATA || m->len < REC_HEADER_LEN + REC_TAG_LEN)
            continue;
        eve13_side *e = &s[m->from];
        size_t at = strlen(e->sizes);
        if (at + 16 < sizeof e->sizes)
            snprintf(e->sizes + at, sizeof e->sizes - at, "%s%zu", e->n ? ", " : "", m->len);
        e->n++;
        e->inner += m->len - REC_HEADER_LEN - REC_TAG_LEN;
        *alert_sized |= m->len == EVE13_ALERT_RECORD_LEN;
    }
}

/* Whether target is among the inputs of id, followed back through every
 * way the catalogue makes each value (depth bounds a malformed catalogue).
 * The values with no inputs that the walk reaches are added to leaves. */
static bool reaches(value_id id, value_id target, int depth, bool leaves[VAL_COUNT])
{
    if (id == target)
        return true;
    if (depth == 0 || id <= VAL_NONE || id >= VAL_COUNT)
        return false;
    const value_row *row = values_row(id);
    bool found = false, any = false;
    for (size_t k = 0; row && k < VALUE_INPUTS_MAX && row->inputs[k] != VAL_NONE; k++) {
        any = true;
        found |= reaches(row->inputs[k], target, depth - 1, leaves);
    }
    for (int w = WAY_MAIN + 1; w < WAY_COUNT; w++) {
        const value_way_row *way = values_way((value_way)w);
        if (!way || way->value != id)
            continue;
        for (size_t k = 0; k < VALUE_INPUTS_MAX && way->inputs[k] != VAL_NONE; k++) {
            any = true;
            found |= reaches(way->inputs[k], target, depth - 1, leaves);
        }
    }
    if (!any)
        leaves[id] = true;
    return found;
}

/* The real check that the stolen key plays no part in the schedule: from
 * every record key and IV back to the values they are made of. */
static void check_schedule(eve_result *r)
{
    static const value_id keys[] = { VAL13_SERVER_HS_KEY, VAL13_SERVER_HS_IV,
                                     VAL13_CLIENT_HS_KEY, VAL13_CLIENT_HS_IV,
                                     VAL13_SERVER_AP_KEY, VAL13_SERVER_AP_IV,
                                     VAL13_CLIENT_AP_KEY, VAL13_CLIENT_AP_IV };
    bool leaves[VAL_COUNT];
    memset(leaves, 0, sizeof leaves);
    bool found = false;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        found |= reaches(keys[i], VAL13_SERVER_CERT_PRIVATE_KEY, 16, leaves);
    char names[400] = "";
    for (int v = VAL_NONE + 1; v < VAL_COUNT; v++) {
        size_t at = strlen(names);
        if (leaves[v] && at + 64 < sizeof names)
            snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "",
                     values_row((value_id)v)->id);
    }
    char d[640];
    snprintf(d, sizeof d, "every handshake and application traffic key and IV, traced back "
                          "through the schedule (RFC 8446 §7.1), is made of %s only; %s",
             names, found ? "the server's certificate key is one of them"
                          : "the server's certificate key is none of them: it only signed the "
                            "server's CertificateVerify (RFC 8446 §4.4.3)");
    eve_note(r, "find the stolen key among the inputs of the traffic keys", found, d, NULL, 0);
}

/* The only use the key could have: as if it were the server's x25519
 * share. She derives the handshake keys that would follow and tries them
 * on the server's first protected record; the tag decides. */
static void try_as_share(const trace *t, const pki_key *key, const msg_client_hello *ch,
                         const msg_server_hello *sh, const trace_msg *chm,
                         const trace_msg *shm, eve_result *r)
{
    const trace_record *first = NULL;
    for (size_t i = 0; i < t->n_recs && !first; i++)
        if (t->recs[i].from == PARTY_SERVER && t->recs[i].len > REC_HEADER_LEN &&
            t->recs[i].bytes[0] == CT_APPLICATION_DATA)
            first = &t->recs[i];
    if (key->type != X509_KEY_ED25519 || !ch->has_x25519_share || !first) {
        eve_note(r, "try the stolen key as the server's key share", false,
                 "the recording holds no x25519 share or protected record to try it on",
                 NULL, 0);
        return;
    }
    /* Ed25519 secret key -> the X25519 scalar of the same curve */
    uint8_t x[X25519_LEN], pub[X25519_LEN], shared[X25519_LEN];
    uint8_t es[KS13_SECRET_LEN], salt[KS13_SECRET_LEN], hsec[KS13_SECRET_LEN];
    uint8_t sts[KS13_SECRET_LEN], th[KS_HASH_LEN];
    crypto_sign_ed25519_sk_to_curve25519(x, key->sk);
    crypto_scalarmult_base(pub, x);
    bool same_pub = sodium_memcmp(pub, sh->share, X25519_LEN) == 0;
    bool dh = crypto_scalarmult(shared, x, ch->x25519_share) == 0;
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, chm->record + REC_HEADER_LEN, chm->record_len - REC_HEADER_LEN);
    crypto_hash_sha256_update(&st, shm->record + REC_HEADER_LEN, shm->record_len - REC_HEADER_LEN);
    crypto_hash_sha256_final(&st, th);
    ks13_early_secret(es);
    ks13_derived(es, salt);
    ks13_handshake_secret(salt, shared, sizeof shared, hsec);
    ks13_derive_secret(hsec, "s hs traffic", th, sts);
    rec_dir d;
    memset(&d, 0, sizeof d);
    uint8_t k[KS_WRITE_KEY_LEN], iv[KS13_IV_LEN];
    ks13_traffic_key(sts, k, sizeof k);
    ks13_traffic_iv(sts, iv);
    rec_dir_set(&d, &rec_prot_chacha20_tls13, k, iv);
    rd rec;
    rec_view v;
    uint8_t plain[HS_REC_MAX];
    size_t n;
    rd_init(&rec, first->bytes, first->len);
    bool opened = dh && rec_parse(&rec, &v) == ERR_OK &&
                  rec_open(&d, &v, plain, sizeof plain, &n, NULL) == ERR_OK;
    char d1[640];
    snprintf(d1, sizeof d1,
             "X25519(the stolen key as a scalar, the client's share) gives a candidate shared "
             "secret; the server handshake key derived from it %s the server's first protected "
             "record (%zu bytes)%s; and that scalar's public key %s the server's share in "
             "ServerHello",
             opened ? "opens" : "does not open", first->len,
             opened ? "" : ": its Poly1305 tag does not verify", same_pub ? "is" : "is not");
    eve_note(r, "try the stolen key as the server's key share", opened, d1, shared,
             sizeof shared);
    if (opened)
        r->recovered = true;
    sodium_memzero(x, sizeof x);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(es, sizeof es);
    sodium_memzero(salt, sizeof salt);
    sodium_memzero(hsec, sizeof hsec);
    sodium_memzero(sts, sizeof sts);
    sodium_memzero(k, sizeof k);
    sodium_memzero(iv, sizeof iv);
    sodium_memzero(plain, sizeof plain);
    sodium_memzero(&d, sizeof d);
}

void eve13_attack(const trace *t, const pki_key *key, eve_result *r)
{
    memset(r, 0, sizeof *r);
    r->attempted = true;
    const trace_msg *chm = clear_msg(t, PARTY_CLIENT, HT_CLIENT_HELLO);
    const trace_msg *shm = clear_msg(t, PARTY_SERVER, HT_SERVER_HELLO);
    if (!chm || !shm) {
        snprintf(r->why, sizeof r->why, "the recording holds no ClientHello and ServerHello");
        return;
    }
    rd rr;
    msg_client_hello ch;
    msg_server_hello sh;
    rd_init(&rr, chm->record + REC_HEADER_LEN, chm->record_len - REC_HEADER_LEN);
    bool ok = msg_client_hello_parse(&rr, &ch, NULL) == ERR_OK;
    rd_init(&rr, shm->record + REC_HEADER_LEN, shm->record_len - REC_HEADER_LEN);
    ok = ok && msg_server_hello_parse(&rr, &sh, msg_ext_offered(&ch), NULL) == ERR_OK;
    if (!ok || !sh.key_share) {
        snprintf(r->why, sizeof r->why, "the recorded hellos do not parse as TLS 1.3's");
        return;
    }

    /* what the hellos still show */
    char d[640];
    snprintf(d, sizeof d, "%s%s (RFC 6066 §3), in the ClientHello, in the clear",
             ch.has_sni ? "SNI " : "no SNI", ch.has_sni ? ch.sni : "");
    eve_note(r, "read the server's name from the ClientHello", ch.has_sni, d, NULL, 0);
    snprintf(d, sizeof d, "the client's x25519 share (below) in ClientHello and the server's "
                          "in ServerHello (RFC 8446 §4.2.8), in the clear: public keys; their "
                          "private halves never crossed the wire");
    eve_note(r, "read both key shares from the hellos", ch.has_x25519_share, d, ch.x25519_share,
             X25519_LEN);

    /* what the protected records hide */
    eve13_side s[2];
    bool alert_sized;
    int clear_alert;
    count_protected(t, s, &alert_sized, &clear_alert);
    snprintf(d, sizeof d, "after ServerHello the server sent only application_data records (%s "
                          "bytes), protected with its handshake and then application traffic "
                          "keys; their real content type is inside the encryption (RFC 8446 "
                          "§5.2, §4.4.2)",
             s[PARTY_SERVER].n ? s[PARTY_SERVER].sizes : "none");
    eve_note(r, "read the server's certificate", false, d, NULL, 0);
    eve_note(r, "read the CertificateRequest (what the server asks of the client)", false,
             "it is in one of those protected records (RFC 8446 §4.3.2): she does not see which "
             "CAs the server accepts",
             NULL, 0);
    snprintf(d, sizeof d, "the client's Certificate travels in a record protected with the "
                          "client handshake traffic key (RFC 8446 §4.4.2): its application_data "
                          "records (%s bytes) do not tell her who the client is",
             s[PARTY_CLIENT].n ? s[PARTY_CLIENT].sizes : "none");
    eve_note(r, "read the client's certificate (its identity)", false, d, NULL, 0);
    eve_note(r, "read both CertificateVerify signatures", false,
             "each is in a protected record of its sender (RFC 8446 §4.4.3)", NULL, 0);

    /* in 1.3 an alert after ServerHello is protected too: only its size
     * (EVE13_ALERT_RECORD_LEN) gives it away */
    bool accepted = clear_alert < 0 && !alert_sized && s[PARTY_SERVER].n > 0 &&
                    s[PARTY_CLIENT].n > 0;
    if (clear_alert >= 0)
        snprintf(d, sizeof d, "the %s sent an alert record in the clear: the handshake failed",
                 party_name((party)clear_alert));
    else if (alert_sized)
        snprintf(d, sizeof d, "a protected record of %d bytes, the size of an encrypted alert "
                              "(RFC 8446 §5.2, §6): most likely the handshake failed",
                 EVE13_ALERT_RECORD_LEN);
    else if (accepted)
        snprintf(d, sizeof d, "both sides went on sending protected records and no record has "
                              "an alert's size: by sizes only, the handshake went through");
    else
        snprintf(d, sizeof d, "the recording ends before both sides sent protected records");
    eve_note(r, "see whether the handshake succeeded", accepted, d, NULL, 0);
    snprintf(d, sizeof d, "%zu records in all; protected records: %zu from the client (%zu "
                          "bytes inside), %zu from the server (%zu bytes inside), each record's "
                          "length less its 5-byte header and 16-byte tag, a content-type byte "
                          "included: handshake and application data look alike",
             t->n_recs, s[PARTY_CLIENT].n, s[PARTY_CLIENT].inner, s[PARTY_SERVER].n,
             s[PARTY_SERVER].inner);
    eve_note(r, "measure the records", true, d, NULL, 0);
    snprintf(r->learned, sizeof r->learned,
             "from the wire alone: the server's name %s; the client's identity: nothing (its "
             "certificate is encrypted, RFC 8446 §4.4.2); %s; %zu protected records from the "
             "client, %zu from the server",
             ch.has_sni ? ch.sni : "(no SNI)",
             accepted ? "by sizes, the handshake went through" : "the handshake did not complete",
             s[PARTY_CLIENT].n, s[PARTY_SERVER].n);

    /* the stolen key */
    eve_note(r, "look for a key exchange the stolen key opens", false,
             "TLS 1.3 has no key transport (RFC 8446 §1.2): the hellos carry only ephemeral "
             "x25519 shares",
             NULL, 0);
    check_schedule(r);
    try_as_share(t, key, &ch, &sh, chm, shm, r);
    eve_note(r, "recompute X25519(ephemeral private key, peer share)", false,
             "client_share_private and server_share_private were random, used once and wiped "
             "after the handshake: they are gone",
             NULL, 0);
    snprintf(r->why, sizeof r->why,
             r->recovered ? "the stolen key opened a record: the key schedule would not be "
                            "forward secret"
                          : "forward secrecy: every TLS 1.3 traffic key comes from the "
                            "ephemeral x25519 shares (RFC 8446 §7.1); the stolen key only "
                            "signed. The SNI and the sizes were on the wire; the certificates "
                            "were not");
}
