/* record.c — record framing and the protection methods (null,
 * ChaCha20-Poly1305 for TLS 1.2 and for TLS 1.3). */
#include "tls/record.h"

#include <sodium.h>
#include <string.h>

const char *rec_type_name(uint8_t type)
{
    switch (type) {
    case CT_CHANGE_CIPHER_SPEC: return "change_cipher_spec";
    case CT_ALERT: return "alert";
    case CT_HANDSHAKE: return "handshake";
    case CT_APPLICATION_DATA: return "application_data";
    default: return "unknown";
    }
}

void rec_nonce(const uint8_t iv[KS_WRITE_IV_LEN], uint64_t seq, uint8_t nonce[REC_NONCE_LEN])
{
    memcpy(nonce, iv, REC_NONCE_LEN);
    for (int i = 0; i < 8; i++)
        nonce[4 + i] ^= (uint8_t)(seq >> (56 - 8 * i));
}

size_t rec_aad(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN])
{
    for (int i = 0; i < 8; i++)
        aad[i] = (uint8_t)(seq >> (56 - 8 * i));
    aad[8] = type;
    aad[9] = TLS12_VERSION >> 8;
    aad[10] = TLS12_VERSION & 0xff;
    aad[11] = (uint8_t)(plain_len >> 8);
    aad[12] = (uint8_t)plain_len;
    return REC_AAD_LEN;
}

size_t rec_aad13(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN])
{
    (void)seq;
    /* §5.2: additional_data = TLSCiphertext.opaque_type ||
     * TLSCiphertext.legacy_record_version || TLSCiphertext.length */
    size_t len = (size_t)plain_len + 1 + REC_TAG_LEN;
    aad[0] = type;
    aad[1] = TLS12_VERSION >> 8;
    aad[2] = TLS12_VERSION & 0xff;
    aad[3] = (uint8_t)(len >> 8);
    aad[4] = (uint8_t)len;
    return REC13_AAD_LEN;
}

static void null_seal(const rec_dir *d, const rec_seal_info *si, const uint8_t *plain,
                      size_t plain_len, uint8_t *out)
{
    (void)d;
    (void)si;
    if (plain_len) /* an empty record may come with no buffer at all */
        memcpy(out, plain, plain_len);
}

static bool null_open(const rec_dir *d, const rec_seal_info *si, const uint8_t *frag,
                      size_t frag_len, uint8_t *plain)
{
    (void)d;
    (void)si;
    if (frag_len)
        memcpy(plain, frag, frag_len);
    return true;
}

const rec_protection rec_prot_null = {
    .name = "null",
    .expansion = 0,
    .tag_len = 0,
    .nonce = NULL,
    .aad = NULL,
    .seal = null_seal,
    .open = null_open,
};

static void chacha_seal(const rec_dir *d, const rec_seal_info *si, const uint8_t *plain,
                        size_t plain_len, uint8_t *out)
{
    unsigned long long clen;
    crypto_aead_chacha20poly1305_ietf_encrypt(out, &clen, plain, plain_len, si->aad, si->aad_len,
                                              NULL, si->nonce, d->key);
}

static bool chacha_open(const rec_dir *d, const rec_seal_info *si, const uint8_t *frag,
                        size_t frag_len, uint8_t *plain)
{
    unsigned long long m;
    return crypto_aead_chacha20poly1305_ietf_decrypt(plain, &m, NULL, frag, frag_len, si->aad,
                                                     si->aad_len, si->nonce, d->key) == 0;
}

const rec_protection rec_prot_chacha20_tls12 = {
    .name = "ChaCha20-Poly1305 (TLS 1.2)",
    .expansion = REC_TAG_LEN,
    .tag_len = REC_TAG_LEN,
    .nonce = rec_nonce,
    .aad = rec_aad,
    .seal = chacha_seal,
    .open = chacha_open,
};

/* RFC 8446 §5.2, §5.3: the nonce is built as in TLS 1.2 (RFC 7905 §2 took
 * it from there), the additional data is the header, the type is inside. */
const rec_protection rec_prot_chacha20_tls13 = {
    .name = "ChaCha20-Poly1305 (TLS 1.3)",
    .expansion = 1 + REC_TAG_LEN,
    .tag_len = REC_TAG_LEN,
    .inner_type = true,
    .nonce = rec_nonce,
    .aad = rec_aad13,
    .seal = chacha_seal,
    .open = chacha_open,
};

void rec_dir_set(rec_dir *d, const rec_protection *p, const uint8_t key[KS_WRITE_KEY_LEN],
                 const uint8_t iv[KS_WRITE_IV_LEN])
{
    d->prot = p;
    memcpy(d->key, key, KS_WRITE_KEY_LEN);
    memcpy(d->iv, iv, KS_WRITE_IV_LEN);
    d->seq = 0;
}

const rec_protection *rec_dir_method(const rec_dir *d)
{
    return d && d->prot ? d->prot : &rec_prot_null;
}

bool rec_dir_protected(const rec_dir *d) { return rec_dir_method(d) != &rec_prot_null; }

/* The nonce and additional data of record d->seq, as d's method builds them. */
static void seal_info(const rec_dir *d, const rec_protection *m, uint8_t type, size_t plain_len,
                      rec_seal_info *si)
{
    si->seq = d->seq;
    m->nonce(d->iv, d->seq, si->nonce);
    si->aad_len = m->aad(d->seq, type, (uint16_t)plain_len, si->aad);
}

err_t rec_write(wr *w, rec_dir *d, uint8_t type, const uint8_t *plain, size_t plain_len,
                rec_seal_info *info)
{
    const rec_protection *m = rec_dir_method(d);
    CHECK(plain_len <= REC_MAX_PLAIN, ERR_RECORD_OVERFLOW);
    /* RFC 8446 §5.2: "The outer opaque_type field of a TLSCiphertext
     * record is always set to the value 23 (application_data)" */
    uint8_t outer = m->inner_type ? CT_APPLICATION_DATA : type;
    wr_len l;
    wr_u8(w, outer);
    wr_u16(w, TLS12_VERSION);
    wr_begin(w, &l, 2);
    rec_seal_info local;
    rec_seal_info *si = info ? info : &local;
    if (m->nonce)
        seal_info(d, m, outer, plain_len, si);
    uint8_t *out = wr_reserve(w, plain_len + m->expansion);
    if (out && m->inner_type) {
        /* TLSInnerPlaintext = content ‖ type, no padding; sealed in place */
        if (plain_len)
            memcpy(out, plain, plain_len);
        out[plain_len] = type;
        m->seal(d, si, out, plain_len + 1, out);
        memcpy(si->tag, out + plain_len + m->expansion - m->tag_len, m->tag_len);
        d->seq++;
    } else if (out) {
        m->seal(d, si, plain, plain_len, out);
        if (m->nonce) {
            memcpy(si->tag, out + plain_len + m->expansion - m->tag_len, m->tag_len);
            d->seq++;
        }
    }
    wr_end(w, &l);
    return wr_status(w);
}

err_t rec_parse(rd *r, rec_view *out)
{
    return rec_parse_from(r, out, TLS12_VERSION);
}

err_t rec_parse_from(rd *r, rec_view *out, uint16_t min_version)
{
    rd frag;
    CHECK(rd_u8(r, &out->type), ERR_TRUNCATED);
    CHECK(rd_u16(r, &out->version), ERR_TRUNCATED);
    CHECK(rd_vec16(r, &frag), ERR_TRUNCATED);
    CHECK(out->type >= CT_CHANGE_CIPHER_SPEC && out->type <= CT_APPLICATION_DATA,
          ERR_RECORD_TYPE);
    CHECK(out->version >= min_version && out->version <= TLS12_VERSION, ERR_RECORD_VERSION);
    out->fragment_len = rd_left(&frag);
    CHECK(out->fragment_len <= REC_MAX_FRAGMENT, ERR_RECORD_OVERFLOW);
    out->fragment = frag.p;
    return ERR_OK;
}

err_t rec_open(rec_dir *d, rec_view *v, uint8_t *plain, size_t plain_cap, size_t *plain_len,
               rec_seal_info *info)
{
    const rec_protection *m = rec_dir_method(d);
    rec_seal_info local;
    rec_seal_info *si = info ? info : &local;
    /* §5.2: a protected TLS 1.3 record says application_data outside */
    CHECK(!m->inner_type || v->type == CT_APPLICATION_DATA, ERR_RECORD_TYPE);
    CHECK(v->fragment_len >= m->expansion, ERR_RECORD_MAC);
    size_t n = v->fragment_len - m->expansion;
    /* what the AEAD gives back: the plaintext, or the inner plaintext */
    size_t out_len = v->fragment_len - m->tag_len;
    CHECK(n <= REC_MAX_PLAIN, ERR_RECORD_OVERFLOW);
    CHECK(out_len <= plain_cap, ERR_OVERFLOW);
    if (m->nonce) {
        seal_info(d, m, v->type, n, si);
        memcpy(si->tag, v->fragment + v->fragment_len - m->tag_len, m->tag_len);
    }
    if (!m->open(d, si, v->fragment, v->fragment_len, plain))
        return ERR_RECORD_MAC;
    if (m->nonce)
        d->seq++;
    if (m->inner_type) {
        /* §5.4: the type is the last non-zero byte; zeros after it are
         * padding; "If a receiving implementation does not find a non-zero
         * octet in the cleartext, it MUST terminate the connection with an
         * unexpected_message alert." */
        size_t k = out_len;
        while (k > 0 && plain[k - 1] == 0)
            k--;
        if (k == 0)
            return ERR_RECORD_NO_TYPE;
        v->type = plain[k - 1];
        n = k - 1;
        sodium_memzero(plain + n, out_len - n);
        CHECK(v->type >= CT_CHANGE_CIPHER_SPEC && v->type <= CT_APPLICATION_DATA,
              ERR_RECORD_TYPE);
    }
    *plain_len = n;
    return ERR_OK;
}

void rec_dir_wipe(rec_dir *d) { sodium_memzero(d, sizeof *d); }
