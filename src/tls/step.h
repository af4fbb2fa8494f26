/* step.h — the seven teaching steps every protocol version is shown in.
 * Which messages each step holds, and whether any cross the wire in it, is
 * the version's step table (tls12/); the numbers are the same for all. */
#ifndef MTLS_STEP_H
#define MTLS_STEP_H

typedef enum {
    STEP_NONE = 0,
    STEP_CLIENT_HELLO = 1,
    STEP_SERVER_HELLO = 2,
    STEP_AUTHENTICATION = 3,
    STEP_PRE_MASTER = 4,
    STEP_MASTER_SECRET = 5,
    STEP_KEYS = 6,
    STEP_SESSION = 7,
} step_id;

#define STEP_COUNT 7

#endif
