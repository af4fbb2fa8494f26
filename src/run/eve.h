/* eve.h — the eavesdropper. Eve saw every record on the wire (and nothing
 * else); in the key-leak scenario she is handed the server's long-term
 * private key after the session and tries to read what was said. She uses
 * only the public records and that key — never an endpoint's memory.
 *
 * Before the key, the wire alone tells her a lot in TLS 1.2: the server's
 * name (SNI), both certificates (the client's too: RFC 5246 §7.4.6 sends it
 * before ChangeCipherSpec, in the clear), whether the handshake went on to
 * application data, and the exact size of every record. In TLS 1.3 every
 * record after ServerHello is protected (RFC 8446 §2): she keeps the SNI,
 * both key shares and the sizes, and loses both certificates, the
 * CertificateRequest and both CertificateVerify messages.
 */
#ifndef MTLS_EVE_H
#define MTLS_EVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/hs.h"
#include "crypto/ks.h"
#include "pki/pki.h"
#include "model/trace.h"

#define EVE_STEPS_MAX 16

typedef struct eve_step {
    char what[96];     /* e.g. "open the sealed pre-master secret" */
    bool ok;
    char detail[640];
    uint8_t bytes[KS_KEY_BLOCK_LEN];
    size_t len;
} eve_step;

typedef struct eve_result {
    bool attempted;
    bool recovered;            /* she read the application data */
    char why[256];             /* why it worked or failed, for people */
    char learned[768];         /* what the wire alone told her, for people */
    size_t n_steps;
    eve_step steps[EVE_STEPS_MAX];
    char plaintext[2][HS_APP_MAX + 1]; /* [PARTY_CLIENT], [PARTY_SERVER], when recovered */
    size_t plaintext_len[2];
} eve_result;

/* Try to decrypt the recorded session with the server's long-term key
 * (a TLS 1.3 trace goes to eve13_attack). Never fails: what happened is in
 * out. */
void eve_attack(const trace *t, const pki_key *server_key, eve_result *out);
/* The same for a TLS 1.3 trace (eve13.c): what the hellos still show, what
 * the protected records hide, and the stolen key tried against the key
 * schedule, which it is not an input of. Never fails. */
void eve13_attack(const trace *t, const pki_key *server_key, eve_result *out);
/* Add a step (what, verdict, detail, up to KS_KEY_BLOCK_LEN bytes of b) to
 * r; NULL when r already holds EVE_STEPS_MAX. */
eve_step *eve_note(eve_result *r, const char *what, bool ok, const char *detail,
                   const uint8_t *b, size_t n);

#endif
