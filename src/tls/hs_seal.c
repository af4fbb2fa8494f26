/* hs_seal.c — the values one protected record is made of (nonce, additional
 * data, ciphertext, tag), reported by the endpoint that sealed or opened it.
 */
#include "tls/hs.h"

#include <stdio.h>

void hs_report_seal(hs *h, party sender, uint8_t type, const uint8_t *plain, size_t plain_len,
                    const rec_seal_info *si, const uint8_t *fragment, size_t fragment_len)
{
    seal_family fam;
    /* the catalogue's record values are TLS 1.2's (its additional data, its
     * families): a TLS 1.3 record has no rows of its own yet */
    if (h->cfg && h->version != TLS_V12)
        return;
    uint8_t hs_type = type == CT_HANDSHAKE && plain_len > 0 ? plain[0] : 0;
    /* a record TLS 1.2 never protects has no values of its own to show */
    if (!values_seal_family(type, hs_type, &fam))
        return;
    char seq[24];
    snprintf(seq, sizeof seq, "%llu", (unsigned long long)si->seq);
    hs_value_param(h, values_sealed(sender, fam, SEAL_NONCE), seq, si->nonce, sizeof si->nonce);
    hs_value(h, values_sealed(sender, fam, SEAL_AAD), si->aad, si->aad_len);
    if (fragment_len >= REC_TAG_LEN) {
        hs_value(h, values_sealed(sender, fam, SEAL_CIPHERTEXT), fragment,
                 fragment_len - REC_TAG_LEN);
        hs_value(h, values_sealed(sender, fam, SEAL_TAG), si->tag, sizeof si->tag);
    }
}
