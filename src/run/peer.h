/* peer.h — one side of a handshake against a real peer over TCP: open the
 * connection (connect as the client, listen and accept as the server),
 * then run this side's endpoint over the socket wire (wire_sock.h) into a
 * trace that holds only what this side reports and what crossed the wire.
 */
#ifndef MTLS_PEER_H
#define MTLS_PEER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "base/err.h"
#include "run/sim.h"
#include "run/wire_sock.h"

#define PEER_HOST_MAX 256
#define PEER_PORT_MAX 8
#define PEER_WHY_LEN 512
#define PEER_TIMEOUT_DEFAULT 10   /* seconds */

/* A connected socket and both of its ends. */
typedef struct peer_conn {
    int fd;
    struct sockaddr_storage local, remote;
    socklen_t local_len, remote_len;
} peer_conn;

/* How one socket handshake ended. */
typedef struct peer_result {
    wire_sock_end how;
    char why[PEER_WHY_LEN];   /* how it ended when not by the endpoint; "" otherwise */
    uint64_t bytes_in, bytes_out;
    /* after a completed handshake and this side's close_notify: what the
     * peer still sent (hs_after.c) */
    bool peer_close_notify;   /* its close_notify arrived */
    bool after_timeout;       /* it sent neither that nor an alert, nor closed, in time */
    int after_alert;          /* an alert it sent instead; -1: none */
    size_t after_app_len;     /* application data it sent after the handshake */
    unsigned reneg_refused;   /* its renegotiation requests this side refused */
} peer_result;

/* Split "HOST:PORT" (connect: both needed; "[v6]:PORT" too) or
 * "[ADDR:]PORT" (listen: ADDR defaults to 127.0.0.1; port 0 picks a free
 * one). false with one line in err when it is malformed. */
bool peer_parse_addr(const char *s, bool listen, char host[PEER_HOST_MAX],
                     char port[PEER_PORT_MAX], char *err, size_t cap);
/* Connect to host:port within timeout_ms; the socket is non-blocking.
 * ERR_IO with one line in why (the name does not resolve, the connection
 * was refused, timed out). */
err_t peer_connect(const char *host, const char *port, int timeout_ms, peer_conn *c,
                   char *why, size_t cap);
/* Listen on host:port (port "0": a free one); *bound gets "ADDR:PORT" as
 * bound. ERR_IO with one line in why. */
err_t peer_listen(const char *host, const char *port, int *lfd, char *bound, size_t bcap,
                  char *why, size_t cap);
/* Wait for one connection on lfd. ERR_IO with one line in why. */
err_t peer_accept(int lfd, peer_conn *c, char *why, size_t cap);
/* The printable "ADDR:PORT" of a socket address. */
void peer_addr_str(const struct sockaddr_storage *a, char *out, size_t cap);
/* Run this side's handshake (self) over c, with the PKI and options of
 * sim_setup(s, ...): a fresh trace fed by this side's observer only, the
 * other endpoint unused. server_name (client: SNI and the name it checks)
 * and peer_id (server: the client URI it authorizes) replace the
 * classroom's when not NULL. ERR_NOMEM or ERR_USAGE (a scenario: they belong
 * to the in-process run); how it ended is in s->tr.outcome and *r. */
err_t peer_handshake(sim *s, party self, const peer_conn *c, int timeout_ms, const char *server_name,
                     const char *peer_id, peer_result *r);
/* Close the connection. */
void peer_close(peer_conn *c);

#endif
