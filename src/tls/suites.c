/* suites.c — the cipher suite table (suites.h). */
#include "tls/suites.h"

#include <stddef.h>

#include "tls/msg/msg.h"

static const suite_row suites[] = {
    /* RFC 7905 §2: ChaCha20-Poly1305 with ECDHE and an ECDSA-class (here
     * Ed25519, RFC 8422 §5.1.3) certificate */
    { CS_ECDHE_ECDSA_CHACHA20_POLY1305_SHA256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      &rec_prot_chacha20_tls12 },
    /* private-use number (RFC 5246 §12): the sealed pre-master secret */
    { CS_SIM_X25519_SEAL_CHACHA20_POLY1305_SHA256,
      "SIM_X25519_SEAL_WITH_CHACHA20_POLY1305_SHA256 (simulation only)",
      &rec_prot_chacha20_tls12 },
    /* RFC 8446 §B.4: a TLS 1.3 suite names only the AEAD and the hash; the
     * key exchange and signature are negotiated by extensions */
    { CS_TLS13_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256",
      &rec_prot_chacha20_tls13 },
    { CS_RSA_WITH_RC4_128_SHA, "TLS_RSA_WITH_RC4_128_SHA (obsolete)", NULL },
    { CS_RSA_WITH_3DES_EDE_CBC_SHA, "TLS_RSA_WITH_3DES_EDE_CBC_SHA (obsolete)", NULL },
};

const suite_row *suite_find(uint16_t id)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++)
        if (suites[i].id == id)
            return &suites[i];
    return NULL;
}

const char *suite_name(uint16_t id)
{
    const suite_row *r = suite_find(id);
    return r ? r->name : "unknown suite";
}

const rec_protection *suite_protection(uint16_t id)
{
    const suite_row *r = suite_find(id);
    return r ? r->prot : NULL;
}
