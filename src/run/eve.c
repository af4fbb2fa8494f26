/* eve.c — what a stolen server key gives an eavesdropper who recorded the
 * session: everything with key transport, nothing with ECDHE (forward
 * secrecy, RFC 5246 §F.1.1.3 and RFC 8422 §1). */
#include "run/eve.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/hex.h"
#include "tls/msg/msg.h"
#include "tls/record.h"
#include "tls/suites.h"

eve_step *eve_note(eve_result *r, const char *what, bool ok, const char *detail,
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

/* The first certificate of a Certificate message in the clear, parsed. */
static bool leaf_of(const trace_msg *m, uint8_t *der, x509_cert *leaf)
{
    rd rr;
    msg_certificate mc;
    if (!m)
        return false;
    rd_init(&rr, m->record + REC_HEADER_LEN, m->record_len - REC_HEADER_LEN);
    if (msg_certificate_parse(&rr, &mc, NULL) != ERR_OK || mc.n == 0 ||
        mc.der_len[0] > X509_CERT_MAX)
        return false;
    memcpy(der, mc.der[0], mc.der_len[0]);
    return x509_parse(der, mc.der_len[0], leaf) == ERR_OK;
}

/* "subject CN=…, URI …, issuer CN=…, serial …, valid … to …" */
static void describe(const x509_cert *c, char *out, size_t cap)
{
    char serial[2 * X509_SERIAL_MAX + 1], nb[32], na[32];
    hex_encode(c->serial, c->serial_len, serial);
    x509_time_str(c->not_before, nb, sizeof nb);
    x509_time_str(c->not_after, na, sizeof na);
    snprintf(out, cap, "subject CN=%s%s%s, issuer CN=%s, serial %s, valid %s to %s",
             c->subject_cn, c->n_uri ? ", URI " : c->n_dns ? ", DNS " : "",
             c->n_uri ? c->uri[0] : c->n_dns ? c->dns[0] : "", c->issuer_cn, serial, nb, na);
}

/* What the recording shows without any key: names, identities, whether the
 * handshake succeeded, sizes and order. Every record before ChangeCipherSpec
 * is in the clear (RFC 5246 §7.3); an AEAD record's length gives its
 * plaintext length exactly (RFC 5246 §6.2.3.3: no padding; RFC 7905: a
 * 16-byte tag). */
static void learn_from_wire(const trace *t, const msg_client_hello *ch, eve_result *r)
{
    char d[640];
    uint8_t der[X509_CERT_MAX];
    x509_cert srv, cli;
    snprintf(d, sizeof d, "%s%s (RFC 6066 §3), in the clear", ch->has_sni ? "SNI " : "no SNI",
             ch->has_sni ? ch->sni : "");
    eve_note(r, "read the server's name from the ClientHello", ch->has_sni, d, NULL, 0);
    bool have_srv = leaf_of(seen(t, PARTY_SERVER, HT_CERTIFICATE), der, &srv);
    if (have_srv) {
        describe(&srv, d, sizeof d);
        eve_note(r, "read the server's certificate (RFC 5246 §7.4.2, in the clear)", true, d, NULL,
             0);
    }
    const trace_msg *cm = seen(t, PARTY_CLIENT, HT_CERTIFICATE);
    bool have_cli = leaf_of(cm, der, &cli);
    if (have_cli)
        describe(&cli, d, sizeof d);
    else
        snprintf(d, sizeof d, cm ? "its Certificate message is empty" : "none was sent");
    eve_note(r, "read the client's certificate (RFC 5246 §7.4.6: in TLS 1.2 it travels in the "
            "clear)", have_cli, d, NULL, 0);

    /* sizes, direction and the end of the handshake, record by record */
    size_t nrec[2] = { 0, 0 }, bytes[2] = { 0, 0 };
    int alert_from = -1;
    bool server_finished = false;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        uint8_t type = m->record_len > 0 ? m->record[0] : 0;
        if (type == CT_APPLICATION_DATA && m->record_len >= REC_HEADER_LEN + REC_TAG_LEN) {
            nrec[m->from]++;
            bytes[m->from] += m->record_len - REC_HEADER_LEN - REC_TAG_LEN;
        }
        if (type == CT_ALERT && alert_from < 0)
            alert_from = (int)m->from;
        server_finished |= m->from == PARTY_SERVER && m->sealed && type == CT_HANDSHAKE;
    }
    bool accepted = server_finished && nrec[PARTY_SERVER] > 0 && alert_from < 0;
    if (accepted)
        snprintf(d, sizeof d, "the server sent its ChangeCipherSpec and Finished and answered "
                              "with application data: it accepted the client");
    else if (alert_from >= 0)
        snprintf(d, sizeof d, "the %s sent an alert record: the handshake failed",
                 party_name((party)alert_from));
    else
        snprintf(d, sizeof d, "the recording ends before any answer from the server");
    eve_note(r, "see whether the handshake succeeded", accepted, d, NULL, 0);
    snprintf(d, sizeof d, "%zu records in all, in order; application data: %zu bytes in %zu "
                          "record%s from the client, %zu bytes in %zu record%s from the server "
                          "(each record's length less its 5-byte header and 16-byte tag); a "
                          "live capture also times every record",
             t->n_msgs, bytes[PARTY_CLIENT], nrec[PARTY_CLIENT],
             nrec[PARTY_CLIENT] == 1 ? "" : "s", bytes[PARTY_SERVER], nrec[PARTY_SERVER],
             nrec[PARTY_SERVER] == 1 ? "" : "s");
    eve_note(r, "measure the records", true, d, NULL, 0);

    snprintf(r->learned, sizeof r->learned,
             "who talked, from the wire alone: the client %s%s%s%s, the server %s%s; %s; "
             "%zu bytes of application data to the server, %zu back",
             have_cli ? (cli.n_uri ? cli.uri[0] : cli.subject_cn) : "(no certificate)",
             have_cli ? " (CN=" : "", have_cli ? cli.subject_cn : "", have_cli ? ")" : "",
             ch->has_sni ? ch->sni : have_srv ? srv.subject_cn : "(unnamed)",
             ch->has_sni ? " (SNI)" : "",
             accepted ? "the server accepted the client" : "the handshake did not complete",
             bytes[PARTY_CLIENT], bytes[PARTY_SERVER]);
}

void eve_attack(const trace *t, const pki_key *key, eve_result *r)
{
    if (t->version == TLS_V13) {
        eve13_attack(t, key, r);
        return;
    }
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
    ok = ok && msg_server_hello_parse(&rr, &msh, msg_ext_offered(&mch), NULL) == ERR_OK;
    if (!ok) {
        snprintf(r->why, sizeof r->why, "the recorded hellos do not parse");
        return;
    }
    learn_from_wire(t, &mch, r);
    eve_note(r, "read client_random and server_random from the hellos", true,
         "they crossed the wire in the clear", mch.random, KS_RANDOM_LEN);
    bool transport = msh.suite == CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256;

    if (!transport) {
        eve_note(r, "look for the pre-master secret on the wire", false,
             "ClientKeyExchange carries only the client's ephemeral X25519 public key", NULL, 0);
        eve_note(r, "use the stolen server key", false,
             "with ECDHE the server's certificate key only signed the ServerKeyExchange; "
             "it decrypts nothing",
             NULL, 0);
        eve_note(r, "recompute X25519(ephemeral private key, peer public key)", false,
             "both ephemeral private keys were random, used once and wiped after the "
             "handshake: they are gone",
             NULL, 0);
        snprintf(r->why, sizeof r->why,
                 "forward secrecy: the stolen key only signed; the session keys came from "
                 "ephemeral X25519 secrets that no longer exist. It hides the content only: "
                 "the identities, names and sizes were on the wire in the clear");
        return;
    }

    msg_client_kx mkx;
    rd_init(&rr, cke->record + REC_HEADER_LEN, cke->record_len - REC_HEADER_LEN);
    if (msg_client_kx_parse(&rr, true, &mkx, NULL) != ERR_OK || key->type != X509_KEY_X25519) {
        snprintf(r->why, sizeof r->why, "the recorded ClientKeyExchange does not parse");
        return;
    }
    eve_note(r, "read the sealed pre-master secret from ClientKeyExchange", true,
         "it crossed the wire, encrypted to the server's certificate key", mkx.sealed,
         sizeof mkx.sealed);
    uint8_t pms[PMS_TRANSPORT_LEN], ms[KS_MASTER_SECRET_LEN], kb[KS_KEY_BLOCK_LEN];
    if (crypto_box_seal_open(pms, mkx.sealed, sizeof mkx.sealed, key->pk, key->seed) != 0) {
        eve_note(r, "open it with the stolen key", false, "the box does not open", NULL, 0);
        snprintf(r->why, sizeof r->why, "the sealed box did not open with the stolen key");
        return;
    }
    eve_note(r, "open it with the stolen server key", true,
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
    eve_note(r, "compute the master secret", true,
         msh.ems ? "PRF(pre_master_secret, \"extended master secret\", session_hash)"
                 : "PRF(pre_master_secret, \"master secret\", client_random + server_random)",
         ms, sizeof ms);
    ks_key_block(ms, mch.random, msh.random, kb, sizeof kb);
    eve_note(r, "compute the key block", true, "PRF(master_secret, \"key expansion\", ...)", kb,
         sizeof kb);

    /* decrypt every protected application-data record, each direction with
     * its own key and sequence numbers (the Finished used seq 0) */
    rec_dir d[2];
    memset(d, 0, sizeof d);
    for (int p = 0; p < 2; p++) {
        ks_write_keys k = ks_key_block_side(kb, p == PARTY_SERVER);
        memcpy(d[p].key, k.key, KS_WRITE_KEY_LEN);
        memcpy(d[p].iv, k.iv, KS_WRITE_IV_LEN);
        d[p].prot = suite_protection(msh.suite);
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
    eve_note(r, "decrypt the recorded application data", r->recovered,
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
