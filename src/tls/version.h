/* version.h — the protocol versions mtls-sim can show. Each has its own
 * step table and message table (tls12/, later tls13/). */
#ifndef MTLS_VERSION_H
#define MTLS_VERSION_H

typedef enum {
    TLS_V12 = 0, /* RFC 5246 */
} tls_version;

#define TLS_VERSIONS 1

#endif
