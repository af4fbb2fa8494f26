/* suites.h — the cipher suites mtls-sim knows, as a table: the number on
 * the wire, its name, and the record protection it uses once
 * ChangeCipherSpec switches it on (TLS 1.2) or once the handshake keys are
 * in (TLS 1.3, RFC 8446 §5.2). Which key exchange runs a suite is the
 * key-exchange method's row (kx/kx.h); a suite with no protection here is
 * one the program only names (an obsolete suite a scenario offers). */
#ifndef MTLS_SUITES_H
#define MTLS_SUITES_H

#include <stdint.h>

#include "tls/record.h"

typedef struct suite_row {
    uint16_t id;
    const char *name;
    const rec_protection *prot; /* NULL: named, never run */
} suite_row;

/* The row of suite id; NULL when the program does not know it. */
const suite_row *suite_find(uint16_t id);
/* Its name, "unknown suite" when there is no row. */
const char *suite_name(uint16_t id);
/* The protection it runs with once it protects records; NULL when it is
 * not one the program runs. */
const rec_protection *suite_protection(uint16_t id);

#endif
