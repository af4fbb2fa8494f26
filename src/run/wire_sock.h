/* wire_sock.h — the socket wire: a driver that moves the bytes of one
 * endpoint to a real peer over a connected TCP socket and back, without
 * blocking (poll), and shows every record that crosses, either way, to the
 * trace. Only this side's endpoint reports; the peer is whatever answers.
 */
#ifndef MTLS_WIRE_SOCK_H
#define MTLS_WIRE_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "model/trace.h"
#include "tls/hs.h"

/* How a socket run ended, beside what the endpoint reported. */
typedef enum {
    WIRE_SOCK_ENDED,        /* the endpoint finished or failed (its trace says how) */
    WIRE_SOCK_TIMEOUT,      /* the peer sent nothing in time while this side waited */
    WIRE_SOCK_PEER_CLOSED,  /* the peer closed the connection while this side waited */
    WIRE_SOCK_IO,           /* the socket failed (errno in sys_errno) */
} wire_sock_end;

typedef struct wire_sock {
    hs *end;                  /* this side's endpoint */
    party self;
    int fd;                   /* connected, non-blocking */
    trace *tr;
    int timeout_ms;           /* the whole handshake, from the start */
    /* bytes from the peer not yet a whole record */
    uint8_t in[HS_IN_MAX];
    size_t in_len;
    /* this side's bytes not yet sent */
    uint8_t out[HS_OUT_MAX];
    size_t out_len, out_off;
    bool close_sent;          /* the close_notify after a completed handshake is queued */
    bool after_timeout;       /* then the peer sent no close_notify (nor closed) in time */
    bool not_tls;             /* the peer sent bytes that are no TLS record header */
    uint8_t first[8];         /* the peer's first bytes, for the message */
    size_t first_len;
    wire_sock_end how;
    int sys_errno;
    uint64_t bytes_in, bytes_out;
} wire_sock;

/* Run the handshake over w->fd: the client writes first; the loop sends
 * what the endpoint wrote, feeds it what arrives, record by record, and
 * stops when the endpoint ends, the peer closes, or the timeout passes.
 * After the endpoint ended, what it still had to send is sent. When it
 * completed, its close_notify follows, and the peer's last records are
 * read (hs_reads_after) until the peer's close_notify or alert, the end of
 * the stream, or the timeout again, counted from that close_notify
 * (w->after_timeout). Sets w->how; fails only with ERR_NOMEM (the trace
 * could not grow). */
err_t wire_sock_run(wire_sock *w);
/* One line for a person on how the run ended when it was not the endpoint
 * that ended it (the step it was in, what it waited for). */
void wire_sock_explain(const wire_sock *w, char *out, size_t cap);

#endif
