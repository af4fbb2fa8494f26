/* hs13_steps.c — the TLS 1.3 step table: the textbook's seven steps mapped
 * onto TLS 1.3's real order (RFC 8446 §2), beside the message table
 * (hs13_table.c). Where TLS 1.3 differs from the textbook, the title says:
 *
 *   - the key shares ride in the hellos: nothing "pre-master" is ever sent,
 *     and the keys exist (step 3) before anyone is authenticated;
 *   - the server proves its identity in step 4, in records already
 *     encrypted with the server handshake key, certificate included;
 *   - the master secret (step 5) comes after the server's Finished and
 *     gives the application keys;
 *   - the client proves its identity in step 6, encrypted too: an
 *     eavesdropper sees neither certificate.
 */
#include "tls/steps.h"

static const steps_row tls13_rows[STEP_COUNT] = {
    { STEP_CLIENT_HELLO, "ClientHello with key share", "step1", true },
    { STEP_SERVER_HELLO, "ServerHello with key share", "step2", true },
    { STEP_AUTHENTICATION, "Handshake keys (before authentication)", "step3", false },
    { STEP_PRE_MASTER, "Server authentication (encrypted)", "step4", true },
    { STEP_MASTER_SECRET, "Master and application secrets", "step5", false },
    { STEP_KEYS, "Client authentication (encrypted)", "step6", true },
    { STEP_SESSION, "Encrypted session", "step7", true },
};

const steps_table steps_tls13 = { TLS_V13, tls13_rows, hs13_table, &hs13_table_len };
