/* peer.c — a handshake against a real peer: sockets, then one endpoint over the socket wire. */
#include "run/peer.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

static bool port_ok(const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || n > 5 || strspn(p, "0123456789") != n)
        return false;
    return atol(p) <= 65535;
}

bool peer_parse_addr(const char *s, bool listen, char host[PEER_HOST_MAX],
                     char port[PEER_PORT_MAX], char *err, size_t cap)
{
    const char *opt = listen ? "--listen" : "--connect";
    const char *colon = strrchr(s, ':');
    const char *h = s, *p;
    size_t hl;
    if (!colon) {
        if (!listen) {
            snprintf(err, cap, "--connect: '%s' is not HOST:PORT", s);
            return false;
        }
        h = "127.0.0.1";
        hl = strlen(h);
        p = s;
    } else {
        hl = (size_t)(colon - s);
        p = colon + 1;
        if (hl >= 2 && s[0] == '[' && s[hl - 1] == ']') { /* [v6]:port */
            h = s + 1;
            hl -= 2;
        }
    }
    if (hl == 0 || hl >= PEER_HOST_MAX) {
        snprintf(err, cap, "%s: '%s' has no host before the port", opt, s);
        return false;
    }
    if (!port_ok(p) || (!listen && atol(p) == 0)) {
        snprintf(err, cap, "%s: '%s' is not a port number from %d to 65535", opt, p,
                 listen ? 0 : 1);
        return false;
    }
    memcpy(host, h, hl);
    host[hl] = '\0';
    snprintf(port, PEER_PORT_MAX, "%s", p);
    return true;
}

void peer_addr_str(const struct sockaddr_storage *a, char *out, size_t cap)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    if (a->ss_family == AF_INET) {
        const struct sockaddr_in *v = (const struct sockaddr_in *)a;
        inet_ntop(AF_INET, &v->sin_addr, ip, sizeof ip);
        port = ntohs(v->sin_port);
        snprintf(out, cap, "%s:%u", ip, port);
    } else if (a->ss_family == AF_INET6) {
        const struct sockaddr_in6 *v = (const struct sockaddr_in6 *)a;
        inet_ntop(AF_INET6, &v->sin6_addr, ip, sizeof ip);
        port = ntohs(v->sin6_port);
        snprintf(out, cap, "[%s]:%u", ip, port);
    } else {
        snprintf(out, cap, "?");
    }
}

static bool nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl >= 0 && fcntl(fd, F_SETFL, fl | O_NONBLOCK) == 0;
}

static void fill_ends(peer_conn *c)
{
    c->local_len = sizeof c->local;
    c->remote_len = sizeof c->remote;
    if (getsockname(c->fd, (struct sockaddr *)&c->local, &c->local_len) != 0)
        c->local_len = 0;
    if (getpeername(c->fd, (struct sockaddr *)&c->remote, &c->remote_len) != 0)
        c->remote_len = 0;
}

/* One address: a non-blocking connect, finished within timeout_ms. */
static int try_connect(const struct addrinfo *ai, int timeout_ms, int *why)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0 || !nonblocking(fd)) {
        *why = errno;
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
            *why = errno;
            close(fd);
            return -1;
        }
        struct pollfd p = { .fd = fd, .events = POLLOUT };
        int r;
        do
            r = poll(&p, 1, timeout_ms);
        while (r < 0 && errno == EINTR);
        int soerr = 0;
        socklen_t sl = sizeof soerr;
        if (r == 0)
            soerr = ETIMEDOUT;
        else if (r < 0)
            soerr = errno;
        else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
            soerr = errno;
        if (soerr) {
            *why = soerr;
            close(fd);
            return -1;
        }
    }
    return fd;
}

err_t peer_connect(const char *host, const char *port, int timeout_ms, peer_conn *c,
                   char *why, size_t cap)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res = NULL;
    memset(c, 0, sizeof *c);
    c->fd = -1;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0) {
        snprintf(why, cap, "cannot connect to %s:%s: %s", host, port, gai_strerror(g));
        return ERR_IO;
    }
    int last = ECONNREFUSED;
    for (const struct addrinfo *ai = res; ai && c->fd < 0; ai = ai->ai_next)
        c->fd = try_connect(ai, timeout_ms, &last);
    freeaddrinfo(res);
    if (c->fd < 0) {
        snprintf(why, cap, "cannot connect to %s:%s: %s", host, port, strerror(last));
        return ERR_IO;
    }
    fill_ends(c);
    return ERR_OK;
}

err_t peer_listen(const char *host, const char *port, int *lfd, char *bound, size_t bcap,
                  char *why, size_t cap)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res = NULL;
    *lfd = -1;
    int g = getaddrinfo(host, port, &hints, &res);
    if (g != 0) {
        snprintf(why, cap, "cannot listen on %s:%s: %s", host, port, gai_strerror(g));
        return ERR_IO;
    }
    int last = EADDRNOTAVAIL;
    for (const struct addrinfo *ai = res; ai && *lfd < 0; ai = ai->ai_next) {
        int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        int one = 1;
        if (fd < 0) {
            last = errno;
            continue;
        }
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 8) != 0) {
            last = errno;
            close(fd);
            continue;
        }
        *lfd = fd;
    }
    freeaddrinfo(res);
    if (*lfd < 0) {
        snprintf(why, cap, "cannot listen on %s:%s: %s", host, port, strerror(last));
        return ERR_IO;
    }
    struct sockaddr_storage a;
    socklen_t al = sizeof a;
    if (getsockname(*lfd, (struct sockaddr *)&a, &al) != 0) {
        snprintf(why, cap, "cannot listen on %s:%s: %s", host, port, strerror(errno));
        close(*lfd);
        *lfd = -1;
        return ERR_IO;
    }
    peer_addr_str(&a, bound, bcap);
    return ERR_OK;
}

err_t peer_accept(int lfd, peer_conn *c, char *why, size_t cap)
{
    memset(c, 0, sizeof *c);
    do
        c->fd = accept(lfd, NULL, NULL);
    while (c->fd < 0 && errno == EINTR);
    if (c->fd < 0 || !nonblocking(c->fd)) {
        snprintf(why, cap, "cannot accept a connection: %s", strerror(errno));
        if (c->fd >= 0)
            close(c->fd);
        c->fd = -1;
        return ERR_IO;
    }
    (void)fcntl(c->fd, F_SETFD, FD_CLOEXEC);
    fill_ends(c);
    return ERR_OK;
}

void peer_close(peer_conn *c)
{
    if (c->fd >= 0) {
        (void)shutdown(c->fd, SHUT_WR);
        close(c->fd);
    }
    c->fd = -1;
}

err_t peer_handshake(sim *s, party self, const peer_conn *c, int timeout_ms, const char *server_name,
                     const char *peer_id, peer_result *r)
{
    const sim_options *o = &s->opt;
    trace *t = &s->tr;
    CHECK(!o->scenario, ERR_USAGE);
    memset(r, 0, sizeof *r);
    sim_trace_begin(s);
    t->one_side = true;
    t->self = self;
    if (c->local.ss_family == AF_INET && c->remote.ss_family == AF_INET) {
        const struct sockaddr_in *me = (const struct sockaddr_in *)&c->local;
        const struct sockaddr_in *them = (const struct sockaddr_in *)&c->remote;
        t->has_addr = true;
        memcpy(t->addr_ip[self], &me->sin_addr, 4);
        memcpy(t->addr_ip[party_peer(self)], &them->sin_addr, 4);
        t->addr_port[self] = ntohs(me->sin_port);
        t->addr_port[party_peer(self)] = ntohs(them->sin_port);
    } else if (c->local.ss_family == AF_INET6 && c->remote.ss_family == AF_INET6) {
        /* the capture is then an IPv6 one (export_pcap.c) */
        const struct sockaddr_in6 *me = (const struct sockaddr_in6 *)&c->local;
        const struct sockaddr_in6 *them = (const struct sockaddr_in6 *)&c->remote;
        t->has_addr = t->addr_v6 = true;
        memcpy(t->addr_ip[self], &me->sin6_addr, 16);
        memcpy(t->addr_ip[party_peer(self)], &them->sin6_addr, 16);
        t->addr_port[self] = ntohs(me->sin6_port);
        t->addr_port[party_peer(self)] = ntohs(them->sin6_port);
    }
    hs_wipe(&s->client);
    hs_wipe(&s->server);
    /* only this side reports: the other endpoint is configured but never runs */
    s->opt.unobserved = 1u << party_peer(self);
    sim_configure(s);
    /* in one process the client decides; a real client is not ours, so
     * --no-ems makes this server decline the extension (RFC 7627 §5.2) */
    if (self == PARTY_SERVER)
        s->scfg.ems = o->ems;
    if (server_name)
        s->ccfg.server_name = server_name;
    if (peer_id && sim_set_authz(s, peer_id) != ERR_OK)
        return ERR_USAGE;
    s->scfg.authz = s->authz;
    s->scfg.n_authz = s->n_authz;

    wire_sock *w = calloc(1, sizeof *w);
    if (!w)
        return ERR_NOMEM;
    w->end = self == PARTY_CLIENT ? &s->client : &s->server;
    w->self = self;
    w->fd = c->fd;
    w->tr = t;
    w->timeout_ms = timeout_ms;
    err_t e = wire_sock_run(w);
    r->how = w->how;
    r->bytes_in = w->bytes_in;
    r->bytes_out = w->bytes_out;
    r->peer_close_notify = w->end->peer_close_notify;
    r->after_timeout = w->after_timeout;
    r->after_alert = w->end->after_alert;
    r->after_app_len = w->end->after_app_len;
    r->reneg_refused = w->end->reneg_refused;
    if (w->how != WIRE_SOCK_ENDED)
        wire_sock_explain(w, r->why, sizeof r->why);
    else if (w->not_tls)
        snprintf(r->why, sizeof r->why, "%s", w->first_len >= 4 &&
                 (!memcmp(w->first, "GET ", 4) || !memcmp(w->first, "POST", 4) ||
                  !memcmp(w->first, "HEAD", 4) || !memcmp(w->first, "PUT ", 4))
                 ? "the peer sent an HTTP request, not TLS: it speaks plain HTTP to this TLS port"
                 : w->first_len >= 5 && !memcmp(w->first, "HTTP/", 5)
                 ? "the peer answered in plain HTTP, not TLS: it is an HTTP server, not a TLS one"
                 : "the peer sent bytes that are not a TLS record");
    sodium_memzero(w, sizeof *w);
    free(w);
    TRY(e);
    TRY(t->oom);
    trace_finish(t);
    return ERR_OK;
}
