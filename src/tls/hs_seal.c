/* hs_seal.c — the values one protected record is made of (nonce, additional
 * data, ciphertext, tag), reported by the endpoint that sealed or opened it.
 */
#include "tls/hs.h"

#include <stdio.h>

/* Report what protecting one record used, under ids like
 * "client_finished_nonce": the sender reports its copy when sealing, the
 * receiver its own when opening. */
void hs_report_seal(hs *h, party sender, uint8_t type, const rec_seal_info *si,
                        const uint8_t *fragment, size_t fragment_len)
{
    const char *what = type == CT_HANDSHAKE ? "finished"
                       : type == CT_APPLICATION_DATA ? "app" : "alert";
    const char *who = party_name(sender);
    char id[48], key[24], iv[24], inputs[128];
    snprintf(key, sizeof key, "%s_write_key", who);
    snprintf(iv, sizeof iv, "%s_write_iv", who);
    snprintf(id, sizeof id, "%s_%s_nonce", who, what);
    snprintf(inputs, sizeof inputs, "%s", iv);
    char how[160];
    snprintf(how, sizeof how, "%s XOR (0^32 + seq_num %llu as 8 bytes)  (RFC 7905 §2)", iv,
             (unsigned long long)si->seq);
    hs_value(h, id, si->nonce, sizeof si->nonce, false, how, inputs);
    snprintf(id, sizeof id, "%s_%s_aad", who, what);
    hs_value(h, id, si->aad, sizeof si->aad, true,
             "seq_num(8) + type(1) + version(2) + plaintext length(2)  (RFC 5246 §6.2.3.3)", "");
    if (fragment_len >= REC_TAG_LEN) {
        char nonce_id[32], aad_id[32];
        snprintf(nonce_id, sizeof nonce_id, "%s_%s_nonce", who, what);
        snprintf(aad_id, sizeof aad_id, "%s_%s_aad", who, what);
        snprintf(inputs, sizeof inputs, "%s,%s,%s", key, nonce_id, aad_id);
        snprintf(id, sizeof id, "%s_%s_ciphertext", who, what);
        hs_value(h, id, fragment, fragment_len - REC_TAG_LEN, true,
                 "ChaCha20(key, nonce) XOR plaintext  (RFC 8439 §2.8)", inputs);
        snprintf(id, sizeof id, "%s_%s_tag", who, what);
        hs_value(h, id, si->tag, sizeof si->tag, true,
                 "Poly1305 over aad and ciphertext with a one-time key from ChaCha20(key, nonce)"
                 "  (RFC 8439 §2.8)", inputs);
    }
}
