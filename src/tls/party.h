/* party.h — the two ends of a connection. */
#ifndef MTLS_PARTY_H
#define MTLS_PARTY_H

typedef enum { PARTY_CLIENT = 0, PARTY_SERVER = 1 } party;

/* "client" or "server". */
const char *party_name(party p);
/* The other end. */
static inline party party_peer(party p) { return p == PARTY_CLIENT ? PARTY_SERVER : PARTY_CLIENT; }

#endif
