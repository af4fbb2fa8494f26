/* hs_seal.c — the values one protected record is made of (nonce, additional
 * data, ciphertext, tag), reported by the endpoint that sealed or opened it.
 */
#include "tls/hs.h"

#include <stdio.h>

void hs_report_seal(hs *h, party sender, uint8_t type, const uint8_t *plain, size_t plain_len,
                    const rec_seal_info *si, const uint8_t *fragment, size_t fragment_len)
{
    seal_family fam;
    uint8_t hs_type = type == CT_HANDSHAKE && plain_len > 0 ? plain[0] : 0;
    char seq[24];
    if (h->version == TLS_V13) {
        if (!h->obs.record_values13)
            return;
        /* RFC 8446 §5.2, §5.3: the nonce, the header as additional data,
         * the real type inside, the tag (the ciphertext is the record) */
        value_id nonce = values13_sealed(sender, type, hs_type, SEAL13_NONCE);
        if (nonce == VAL_NONE)
            return;
        /* a handshake record is named by its message only when it holds
         * exactly one whole message (--framing message, the default): one
         * that holds several, or a piece, is the record of none of them */
        if (type == CT_HANDSHAKE &&
            (plain_len < HS_HEADER_LEN ||
             HS_HEADER_LEN + ((size_t)plain[1] << 16 | (size_t)plain[2] << 8 | plain[3]) !=
                 plain_len))
            return;
        snprintf(seq, sizeof seq, "%llu", (unsigned long long)si->seq);
        hs_value_param(h, nonce, seq, si->nonce, sizeof si->nonce);
        hs_value(h, values13_sealed(sender, type, hs_type, SEAL13_AAD), si->aad, si->aad_len);
        hs_value(h, values13_sealed(sender, type, hs_type, SEAL13_INNER_TYPE), &type, 1);
        hs_value(h, values13_sealed(sender, type, hs_type, SEAL13_TAG), si->tag, sizeof si->tag);
        (void)fragment;
        (void)fragment_len;
        return;
    }
    /* a record TLS 1.2 never protects has no values of its own to show */
    if (!values_seal_family(type, hs_type, &fam))
        return;
    snprintf(seq, sizeof seq, "%llu", (unsigned long long)si->seq);
    hs_value_param(h, values_sealed(sender, fam, SEAL_NONCE), seq, si->nonce, sizeof si->nonce);
    hs_value(h, values_sealed(sender, fam, SEAL_AAD), si->aad, si->aad_len);
    if (fragment_len >= REC_TAG_LEN) {
        hs_value(h, values_sealed(sender, fam, SEAL_CIPHERTEXT), fragment,
                 fragment_len - REC_TAG_LEN);
        hs_value(h, values_sealed(sender, fam, SEAL_TAG), si->tag, sizeof si->tag);
    }
}
