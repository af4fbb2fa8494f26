/* scenario.h — the catalogue of faults and attacks. Each scenario changes
 * one thing at its own point — a certificate property at issue time, what an
 * endpoint is configured with, or bytes an attacker changes on the wire — and
 * nothing else. Whether and where the handshake fails is decided by the real
 * checks of the receiving side; no scenario names an expected alert.
 */
#ifndef MTLS_SCENARIO_H
#define MTLS_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls/hs.h"
#include "pki/pki.h"
#include "base/rng.h"

typedef enum { SC_BOTH, SC_ECDHE_ONLY } scenario_modes;

/* What an attacker on the wire sees of one record in flight and can do to
 * it: change it in place or replace it (len may change, up to cap); the
 * hook returns true when it acted. It sees only what the wire shows. */
typedef struct scenario_wire_ctx {
    int seq;             /* 1-based, wire order */
    party from;
    uint8_t type;        /* the content type in the record's header */
    bool sealed;         /* the sender's ChangeCipherSpec has passed: its records are protected */
    uint64_t n_sealed;   /* the sender's protected records before this one */
    uint64_t n_same_type; /* the sender's records of this header type before this one */
    rng *attacker;       /* the attacker's own randomness */
    const struct scenario *scenario; /* the scenario acting (a parameterised one holds its parameters) */
    tls_version version; /* the protocol, as the hellos on the wire show it */
} scenario_wire_ctx;

typedef struct scenario {
    const char *name;
    const char *summary;          /* one line for --list-scenarios */
    scenario_modes modes;
    /* at issue time: edits the certificate templates */
    pki_edit_fn pki;
    /* what the endpoints are given; thief is a key pair the client may use
     * instead of its certificate's (stolen-cert) */
    void (*config)(hs_config *client, hs_config *server, const pki *p, const pki_key *thief);
    /* the attacker on the wire */
    bool (*wire)(const scenario_wire_ctx *c, uint8_t *bytes, size_t *len, size_t cap);
    bool key_leak;                /* the eavesdropper gets the server's private key afterwards */
} scenario;

extern const scenario scenario_list[];
extern const size_t scenario_count;

/* A parameterised scenario, "tamper": xor x into byte offset (from the
 * start of the record) of the seq-th record on the wire (1-based); nothing
 * when the record is shorter. */
typedef struct scenario_tamper {
    scenario base;
    int seq;
    size_t offset;
    uint8_t x;
} scenario_tamper;
/* Make t that scenario; returns &t->base, valid as long as t is. */
const scenario *scenario_tamper_init(scenario_tamper *t, int seq, size_t offset, uint8_t x);

/* The scenario called name, or NULL. */
const scenario *scenario_find(const char *name);
/* Whether it applies to a key-exchange mode. */
bool scenario_applies(const scenario *sc, hs_kx kx);
/* Whether it runs in protocol version v: hello-retry in TLS 1.3 only (TLS
 * 1.2 has no HelloRetryRequest); in TLS 1.2 every other one; in TLS 1.3
 * all but weak-cipher, whose meaning (offering only obsolete suites) the
 * TLS 1.3 client does not have: it offers its one TLS 1.3 suite, and the
 * obsolete ones are not TLS 1.3 suites at all (RFC 8446 §4.1.2, B.4). The
 * attackers on the wire find their record by what the 1.3 wire shows (the
 * ServerHello's key_share, the client's count of protected records). */
bool scenario_runs_in(const scenario *sc, tls_version v);
/* The versions it runs in, as --list-scenarios says them: "TLS 1.2, 1.3",
 * "TLS 1.2 only" or "TLS 1.3 only". */
const char *scenario_versions(const scenario *sc);
/* Why it does not run in v, a sentence citing the RFC; NULL when it does. */
const char *scenario_why_not(const scenario *sc, tls_version v);
/* Whether it can act under a sender's framing: an attacker that rewrites
 * one handshake message needs it whole in one record (--framing message or
 * flight); records of at most N bytes may cut it anywhere. */
bool scenario_fits_framing(const scenario *sc, hsio_framing f);
/* Whether it runs in version v under framing f: scenario_runs_in and
 * scenario_fits_framing, and in TLS 1.3 tampered-finished and
 * tampered-record only one message a record (--framing message), because
 * they count the client's protected records to find theirs. */
bool scenario_fits(const scenario *sc, tls_version v, hsio_framing f);

#endif
