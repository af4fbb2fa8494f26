/* trace_diff.h — what changed between two runs of the same handshake (the
 * same root key and clock), one with a fault: from which message on the
 * wire differs, and which values differ. Reads two traces; computes nothing
 * cryptographic. */
#ifndef MTLS_TRACE_DIFF_H
#define MTLS_TRACE_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "model/trace.h"

typedef struct trace_diff {
    int first_seq;            /* first message (1-based) that differs or is missing; 0: none */
    const char *first_name;   /* its name in the faulty run (or the clean run if missing there) */
    party first_from;
    bool first_tampered;      /* it differs because an attacker changed it in flight */
    size_t n_clean, n_fault;  /* messages in each run */
    size_t n_same_values;     /* values with the same bytes in both runs */
    size_t n_changed_values;  /* values present in both with different bytes */
    size_t n_missing_values;  /* values of the clean run the faulty run never reached */
} trace_diff;

void trace_compare(const trace *clean, const trace *fault, trace_diff *d);

#endif
