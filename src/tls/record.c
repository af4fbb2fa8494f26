/* record.c — record framing and ChaCha20-Poly1305 protection. */
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

void rec_aad(uint64_t seq, uint8_t type, uint16_t plain_len, uint8_t aad[REC_AAD_LEN])
{
    for (int i = 0; i < 8; i++)
        aad[i] = (uint8_t)(seq >> (56 - 8 * i));
    aad[8] = type;
    aad[9] = TLS12_VERSION >> 8;
    aad[10] = TLS12_VERSION & 0xff;
    aad[11] = (uint8_t)(plain_len >> 8);
    aad[12] = (uint8_t)plain_len;
}

err_t rec_write(wr *w, rec_dir *d, uint8_t type, const uint8_t *plain, size_t plain_len,
                rec_seal_info *info)
{
    CHECK(plain_len <= REC_MAX_PLAIN, ERR_RECORD_OVERFLOW);
    wr_len l;
    wr_u8(w, type);
    wr_u16(w, TLS12_VERSION);
    wr_begin(w, &l, 2);
    if (!d || !d->on) {
        wr_bytes(w, plain, plain_len);
    } else {
        rec_seal_info local;
        rec_seal_info *si = info ? info : &local;
        si->seq = d->seq;
        rec_nonce(d->iv, d->seq, si->nonce);
        rec_aad(d->seq, type, (uint16_t)plain_len, si->aad);
        uint8_t *out = wr_reserve(w, plain_len + REC_TAG_LEN);
        if (out) {
            unsigned long long clen;
            crypto_aead_chacha20poly1305_ietf_encrypt(out, &clen, plain, plain_len, si->aad,
                                                      REC_AAD_LEN, NULL, si->nonce, d->key);
            memcpy(si->tag, out + plain_len, REC_TAG_LEN);
            d->seq++;
        }
    }
    wr_end(w, &l);
    return wr_status(w);
}

err_t rec_parse(rd *r, rec_view *out)
{
    rd frag;
    CHECK(rd_u8(r, &out->type), ERR_TRUNCATED);
    CHECK(rd_u16(r, &out->version), ERR_TRUNCATED);
    CHECK(rd_vec16(r, &frag), ERR_TRUNCATED);
    CHECK(out->type >= CT_CHANGE_CIPHER_SPEC && out->type <= CT_APPLICATION_DATA,
          ERR_RECORD_TYPE);
    CHECK(out->version == TLS12_VERSION, ERR_RECORD_VERSION);
    out->fragment_len = rd_left(&frag);
    CHECK(out->fragment_len <= REC_MAX_FRAGMENT, ERR_RECORD_OVERFLOW);
    out->fragment = frag.p;
    return ERR_OK;
}

err_t rec_open(rec_dir *d, const rec_view *v, uint8_t *plain, size_t plain_cap,
               size_t *plain_len, rec_seal_info *info)
{
    rec_seal_info local;
    rec_seal_info *si = info ? info : &local;
    CHECK(v->fragment_len >= REC_TAG_LEN, ERR_RECORD_MAC);
    size_t n = v->fragment_len - REC_TAG_LEN;
    CHECK(n <= REC_MAX_PLAIN, ERR_RECORD_OVERFLOW);
    CHECK(n <= plain_cap, ERR_OVERFLOW);
    si->seq = d->seq;
    rec_nonce(d->iv, d->seq, si->nonce);
    rec_aad(d->seq, v->type, (uint16_t)n, si->aad);
    memcpy(si->tag, v->fragment + n, REC_TAG_LEN);
    unsigned long long m;
    if (crypto_aead_chacha20poly1305_ietf_decrypt(plain, &m, NULL, v->fragment,
                                                  v->fragment_len, si->aad, REC_AAD_LEN,
                                                  si->nonce, d->key) != 0)
        return ERR_RECORD_MAC;
    *plain_len = (size_t)m;
    d->seq++;
    return ERR_OK;
}

void rec_dir_wipe(rec_dir *d) { sodium_memzero(d, sizeof *d); }
