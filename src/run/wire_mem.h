/* wire_mem.h — the in-memory wire: a driver that moves bytes between two
 * endpoints in one process, record by record in the order they were
 * written, lets the scenario's attacker act on each record in flight, and
 * shows each record to the trace as it crosses. (A socket driver moves the
 * bytes of one endpoint to a real peer instead.)
 */
#ifndef MTLS_WIRE_MEM_H
#define MTLS_WIRE_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "base/rng.h"
#include "model/trace.h"
#include "run/scenario.h"
#include "tls/hs.h"

/* A record on its way. */
typedef struct wire_mem_rec {
    party from;
    uint8_t *bytes;
    size_t len;
} wire_mem_rec;

typedef struct wire_mem {
    hs *end[2];               /* PARTY_CLIENT, PARTY_SERVER */
    trace *tr;
    const scenario *sc;       /* its wire hook acts on records in flight; NULL: none */
    rng *attacker;
    size_t chunk;             /* feed the receiver this many bytes at a time; 0: a record */
    /* records in flight, oldest first */
    wire_mem_rec *q;
    size_t n, head, cap;
    int seq;                  /* records carried so far */
    /* what the wire shows of each sender: its ChangeCipherSpec has passed,
     * how many of its records since were protected, how many of each type
     * it sent */
    bool sealed[2];
    uint64_t n_sealed[2];
    uint64_t n_type[2][256];  /* records of each header type */
} wire_mem;

/* Let endpoint `first` write what it sends first (hs_start), timed as
 * step 1, and take it. A failure of the endpoint ends in the trace's
 * outcome; fails only with ERR_NOMEM. */
err_t wire_mem_start(wire_mem *w, party first);
/* Take what an endpoint has written: its output, cut into records at their
 * headers, joins the queue. ERR_NOMEM when the queue cannot grow. */
err_t wire_mem_take(wire_mem *w, party from);
/* Carry every record in flight to its receiver (who may answer), until
 * the wire is idle; an endpoint left with an incomplete record or message
 * then hears that its peer stopped (hs_close), and its answer is carried
 * too. Endpoint failures end in the trace's outcome, not here: fails only
 * with ERR_NOMEM. */
err_t wire_mem_run(wire_mem *w);
/* Free the queue. */
void wire_mem_free(wire_mem *w);

#endif
