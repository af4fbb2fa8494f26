/* sim.h — one complete run: build the PKI, set up both endpoints, let the
 * in-memory wire (wire_mem.h) move their bytes (applying the scenario's
 * fault, if any), time each step, and record in the trace what the
 * endpoints report and the wire carries.
 */
#ifndef MTLS_SIM_H
#define MTLS_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "tls/hs.h"
#include "pki/pki.h"
#include "base/rng.h"
#include "pki/crl.h"
#include "run/clock.h"
#include "run/eve.h"
#include "run/scenario.h"
#include "model/trace.h"

/* The fixed clock of seeded runs: 2025-01-15 10:00:00 UTC. Certificates of a
 * seeded run are valid around it, whatever the real date. */
#define SIM_SEEDED_CLOCK 1736935200
/* The client's application data unless --message replaces it: a small
 * HTTP/1.1 request (RFC 9112 §3) for the server the client connects to
 * (the SNI name it sends), so a decrypted capture shows the HTTP layer. */
#define SIM_DEFAULT_MESSAGE                                                                   \
    "GET / HTTP/1.1\r\nHost: " PKI_SERVER_NAME "\r\nUser-Agent: mtls-sim\r\n"              \
    "Accept: text/plain\r\nConnection: close\r\n\r\n"

typedef struct sim_options {
    bool seeded;
    uint64_t seed;
    tls_version version;      /* the protocol both endpoints run (default TLS_V12) */
    bool ems;
    hs_kx kx;
    const char *message;      /* NULL: SIM_DEFAULT_MESSAGE */
    int64_t now;              /* 0: the real clock, or SIM_SEEDED_CLOCK when seeded */
    hsio_framing framing;     /* how both endpoints put handshake messages into records */
    size_t wire_chunk;        /* the wire hands bytes over this many at a time; 0: a record */
    unsigned unobserved;      /* bit 1 << party: that endpoint's observer is left empty,
                               * so the trace is what the other side and the wire show */
    unsigned chain_len;       /* 0 or 2: root → intermediate → leaf; 1: leaf under the root */
    bool client_ca_separate;  /* the client PKI has a root of its own (--client-ca separate) */
    const scenario *scenario; /* NULL: none */
    side_clock clock[2];      /* each side's clock (by party); CLOCK_SAME: the simulated one */
    crl_mode revocation;      /* how the sides treat an unknown revocation status (hard) */
    bool revocation_set;      /* --revocation was given (a one-sided run keeps it) */
    /* the server's authorization policy: client URIs separated by commas;
     * NULL: SIM_DEFAULT_AUTHZ */
    const char *authz;
    /* Repeat a run: its root key (s->root.key) instead of the seed or the
     * OS; NULL: from the seed or the OS. */
    const uint8_t *root_key;
} sim_options;

/* The in-process server lets in the classroom's student, and only it. */
#define SIM_DEFAULT_AUTHZ PKI_CLIENT_URI
#define SIM_AUTHZ_TEXT_MAX 1024

/* The CRLs one side holds: one from each CA that issued a leaf, as that
 * side last fetched it (a scenario may leave one side an old one). */
#define SIM_CRL_NEXT_UPDATE (7 * 86400) /* weekly CRLs */
#define SIM_CRL_AGE 3600                /* published an hour before the clock */

typedef struct sim_crls {
    uint8_t der[CRL_SET_MAX][CRL_DER_MAX];
    size_t der_len[CRL_SET_MAX];
    crl parsed[CRL_SET_MAX];
    crl_set set;
} sim_crls;

typedef struct sim {
    sim_options opt;
    rng root;
    pki pki;
    trace tr;
    hs_config ccfg, scfg;
    const pki_cert *cchain[PKI_CHAIN_MAX], *schain[PKI_CHAIN_MAX];
    const pki_cert *cchain2[PKI_CHAIN_MAX]; /* the client's second identity (partner school) */
    pki_key thief;            /* a key pair that is not the client's (stolen-cert) */
    rng attacker;             /* the attacker's randomness (scenarios on the wire) */
    hs client, server;
    eve_result eve;           /* the eavesdropper's attempt (key-leak), if any */
    sim_crls crls[2];         /* the CRLs each side holds (by party) */
    char authz_text[SIM_AUTHZ_TEXT_MAX];
    const char *authz[HS_AUTHZ_MAX];
    size_t n_authz;
} sim;

/* Set the server's authorization policy from a comma-separated list of
 * client URIs. ERR_USAGE for an empty entry, more than HS_AUTHZ_MAX, or a
 * list longer than SIM_AUTHZ_TEXT_MAX - 1. */
err_t sim_set_authz(sim *s, const char *list);

/* Allocate a run; NULL when out of memory. */
sim *sim_new(void);
/* Run the handshake to its end (success or alert). The outcome is in
 * s->tr.outcome. A scenario that does not apply to the key exchange gives
 * ERR_USAGE, and so do a version this build has no tables for and key
 * transport with TLS 1.3 (which has none, RFC 8446 §1.2), a side's clock
 * outside 1 .. PKI_TIME_MAX - 1, and a bad authorization list. Fails only for configuration errors (ERR_USAGE) or
 * internal ones (ERR_NOMEM, ERR_INTERNAL); a handshake that ends in an alert
 * is a successful run. */
err_t sim_run(sim *s, const sim_options *o);
/* The two halves of sim_run: issue the certificates, then run one
 * handshake with them (again and again if wanted: each call starts a fresh
 * trace and fresh endpoints; a seeded run repeats the same handshake). */
err_t sim_setup(sim *s, const sim_options *o);
err_t sim_handshake(sim *s);
/* A fresh trace for the next handshake of s, stamped with the run's
 * randomness, clock, protocol version and framing (sim_handshake and a run
 * against a real peer start with it). */
void sim_trace_begin(sim *s);
/* Set up both endpoints' configurations from the PKI and the options (and
 * the scenario's config hook) and initialise both endpoints, each with the
 * trace's observer unless o->unobserved leaves it out. */
void sim_configure(sim *s);
/* Wipe the secrets and free everything. NULL is fine. */
void sim_free(sim *s);

#endif
