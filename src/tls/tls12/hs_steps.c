/* hs_steps.c — the TLS 1.2 step table, beside the message table
 * (hs_table.c): the seven teaching steps of DESIGN.md, with the two in the
 * middle (the master secret, the key block) sent by nobody: both sides
 * compute them from what has already crossed the wire (RFC 5246 §8.1, §6.3).
 */
#include "tls/steps.h"

static const steps_row tls12_rows[STEP_COUNT] = {
    { STEP_CLIENT_HELLO, "ClientHello", "step1", true },
    { STEP_SERVER_HELLO, "ServerHello", "step2", true },
    { STEP_AUTHENTICATION, "Authentication", "step3", true },
    { STEP_PRE_MASTER, "Pre-master secret", "step4", true },
    { STEP_MASTER_SECRET, "Master secret", "step5", false },
    { STEP_KEYS, "Keys derived", "step6", false },
    { STEP_SESSION, "Encrypted session", "step7", true },
};

const steps_table steps_tls12 = { TLS_V12, tls12_rows, hs12_table, &hs12_table_len };
