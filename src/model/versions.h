/* versions.h — what one run shows a class about its protocol version, read
 * off its trace, so that a TLS 1.2 run and a TLS 1.3 run of the same
 * certificates can be set side by side (--compare-versions). Facts only:
 * counted from the records, messages, values and checks the run recorded. */
#ifndef MTLS_VERSIONS_H
#define MTLS_VERSIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/trace.h"

typedef struct version_facts {
    tls_version version;
    bool ok;                      /* the handshake completed */
    /* until the client sends its first application data; a run that
     * failed before it has none of these (data_sent false, all 0) */
    bool data_sent;
    size_t messages_before_data;  /* messages on the wire before it */
    size_t bytes_before_data;     /* bytes of the records before its record */
    int round_trips;              /* server flights the client waited for first */
    /* the whole run */
    size_t records, bytes;
    size_t handshake_messages, protected_handshake; /* and how many in protected records */
    /* when, as teaching steps (0: never in this run) */
    int first_key_step;           /* a key that protects records first exists */
    int server_auth_step;         /* the client has checked the server's signature */
    int client_auth_step;         /* the server's verdict on the client */
    /* what an eavesdropper reads */
    bool client_identity_known;   /* the run reported the client's identity at all */
    bool client_identity_public;  /* ... and it crossed the wire readable */
    bool server_identity_public;
    size_t public_values;         /* values anyone on the path holds, records' AAD,
                                   * ciphertext and tag aside */
} version_facts;

/* The facts of run t into *f. Never fails. */
void version_facts_of(const trace *t, version_facts *f);

#endif
