/* version.h — the protocol versions mtls-sim can show. Each has its own
 * step table and message table (tls12/, tls13/); steps_for (steps.h) says
 * whether this build has them. */
#ifndef MTLS_VERSION_H
#define MTLS_VERSION_H

typedef enum {
    TLS_V12 = 0, /* RFC 5246 (the default) */
    TLS_V13 = 1, /* RFC 8446 */
} tls_version;

#define TLS_VERSIONS 2

/* "1.2", "1.3": as --tls takes it; "?" for anything else. */
const char *tls_version_str(tls_version v);

#endif
