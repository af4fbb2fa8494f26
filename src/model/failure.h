/* failure.h — a failed handshake seen from both sides, for the views: the
 * side that refused and its real reason (the check and its detail), the
 * alert as it crossed the wire, and what the other side learns from it
 * (only the alert's number and name). With it, the catalogue of what an
 * OpenSSL-based peer would report for the same failed check.
 */
#ifndef MTLS_FAILURE_H
#define MTLS_FAILURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "model/trace.h"

/* One row of the OpenSSL catalogue: for a failure of ours, the
 * certificate verification error OpenSSL's X509_verify_cert reports for
 * the same fault (its name and number in OpenSSL 3's <openssl/x509_vfy.h>,
 * its text from X509_verify_cert_error_string, as `openssl verify`
 * prints it) and the alert OpenSSL's TLS layer sends for that error
 * (ssl_x509err2alert, ssl/statem/statem_lib.c). tests/check_openssl_names.sh
 * compares names and numbers with the installed header. */
typedef struct failure_openssl {
    err_t err;
    const char *name;   /* "X509_V_ERR_CERT_HAS_EXPIRED" */
    int number;
    const char *text;   /* "certificate has expired" */
    int alert;          /* what OpenSSL sends */
    const char *note;   /* when the match is not one to one; "" otherwise */
} failure_openssl;

extern const failure_openssl failure_openssl_list[];
extern const size_t failure_openssl_count;
/* The row for e, or NULL when OpenSSL has no verification error for it
 * (a failure outside certificate verification). */
const failure_openssl *failure_openssl_of(err_t e);

typedef struct failure_sides {
    party rejecter, other;       /* who sent the fatal alert, who received it */
    int step;                    /* the step it failed at */
    const trace_check *check;    /* the rejecter's failed check; NULL when the
                                  * trace does not hold it (a real peer refused) */
    err_t reason;                /* the rejecter's error (ERR_OK: not known here) */
    int level, alert;            /* the alert: level 2 (fatal) and description */
    const trace_msg *msg;        /* the alert as it crossed the wire */
    bool sealed;                 /* its record was encrypted: on the wire only
                                  * ciphertext; the two bytes are inside */
    bool other_received;         /* the other side read the alert (it reported it) */
    const failure_openssl *openssl; /* for reason, or NULL */
} failure_sides;

/* Fill f from a trace whose handshake ended with a fatal alert; false
 * (f zeroed) when it completed or ended without an alert. */
bool failure_sides_of(const trace *t, failure_sides *f);

#endif
