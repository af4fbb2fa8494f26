/* wire_sock.c — the socket wire between this side's endpoint and a real peer. */
#include "run/wire_sock.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Move what the endpoint wrote into the send buffer, record by record, and
 * show each record to the trace as it leaves this side. */
static void take_output(wire_sock *w)
{
    size_t len;
    const uint8_t *b = hs_output(w->end, &len);
    if (w->out_off == w->out_len)
        w->out_off = w->out_len = 0;
    size_t at = 0;
    /* an endpoint writes whole records: cut at each header's length */
    while (len - at >= REC_HEADER_LEN) {
        size_t n = REC_HEADER_LEN + ((size_t)b[at + 3] << 8 | b[at + 4]);
        if (n > len - at || n > sizeof w->out - w->out_len)
            break;
        memcpy(w->out + w->out_len, b + at, n);
        w->out_len += n;
        trace_add_record(w->tr, w->self, b + at, n);
        at += n;
    }
    hs_output_ack(w->end, at);
}

/* Whether the endpoint reads: the handshake, or the peer's last records after it. */
static bool reading(const wire_sock *w)
{
    return hs_wants_input(w->end) || hs_reads_after(w->end);
}

/* Whether five bytes can start a record this endpoint would take whole: a
 * known content type, a TLS record version (3.x) and a length within the
 * limit. Anything else is handed to the endpoint at once, which refuses it
 * with the alert RFC 5246 gives. */
static bool plausible_header(const uint8_t *b)
{
    size_t len = (size_t)b[3] << 8 | b[4];
    return b[0] >= CT_CHANGE_CIPHER_SPEC && b[0] <= CT_APPLICATION_DATA && b[1] == 3 &&
           len <= REC_MAX_FRAGMENT;
}

/* Feed the endpoint every whole record in the input buffer; each is shown
 * to the trace as the peer's before the endpoint reads it. */
static void feed_records(wire_sock *w)
{
    trace *t = w->tr;
    while (w->in_len >= REC_HEADER_LEN && reading(w)) {
        uint64_t t0 = now_ns();
        if (!plausible_header(w->in)) {
            /* a length past the limit is still TLS; a wrong type or version is not */
            w->not_tls = !(w->in[0] >= CT_CHANGE_CIPHER_SPEC && w->in[0] <= CT_APPLICATION_DATA &&
                           w->in[1] == 3);
            (void)hs_feed(w->end, w->in, w->in_len); /* it fails, with its alert */
            w->in_len = 0;
        } else {
            size_t n = REC_HEADER_LEN + ((size_t)w->in[3] << 8 | w->in[4]);
            if (n > w->in_len)
                return;
            trace_add_record(t, party_peer(w->self), w->in, n);
            (void)hs_feed(w->end, w->in, n); /* failures end up in the outcome */
            memmove(w->in, w->in + n, w->in_len - n);
            w->in_len -= n;
        }
        int s = t->cur_step;
        t->step_ns[s >= 1 && s <= HS_STEPS ? s : HS_STEPS] += now_ns() - t0;
        take_output(w);
    }
}

/* Send what is waiting; false when the socket failed. */
static bool send_some(wire_sock *w)
{
    while (w->out_off < w->out_len) {
        ssize_t n = send(w->fd, w->out + w->out_off, w->out_len - w->out_off, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return true;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            w->sys_errno = n < 0 ? errno : EPIPE;
            return false;
        }
        w->out_off += (size_t)n;
        w->bytes_out += (uint64_t)n;
    }
    return true;
}

/* The peer closed its side: a record or message left half-way is a
 * failure the endpoint answers (decode_error); a clean cut leaves the
 * endpoint waiting, which is the peer closing mid-handshake. */
static void peer_closed(wire_sock *w)
{
    if (w->in_len > 0) {
        (void)hs_feed(w->end, w->in, w->in_len);
        w->in_len = 0;
    }
    if (reading(w))
        (void)hs_close(w->end); /* after the handshake: was there a close_notify? */
    take_output(w);
    w->how = hs_wants_input(w->end) ? WIRE_SOCK_PEER_CLOSED : WIRE_SOCK_ENDED;
}

err_t wire_sock_run(wire_sock *w)
{
    trace *t = w->tr;
    uint64_t deadline = now_ns() + (uint64_t)w->timeout_ms * 1000000u;
    w->how = WIRE_SOCK_ENDED;
    t->cur_step = 1;
    if (w->self == PARTY_CLIENT) {
        uint64_t t0 = now_ns();
        (void)hs_start(w->end);
        t->step_ns[1] += now_ns() - t0;
        take_output(w);
    }
    for (;;) {
        TRY(t->oom);
        if (!send_some(w)) {
            /* a peer that refused us may close before reading our alert */
            w->how = hs_wants_input(w->end) ? WIRE_SOCK_IO : WIRE_SOCK_ENDED;
            return ERR_OK;
        }
        if (w->end->done && !w->end->failed && !w->close_sent) {
            /* a real peer expects the connection to end with a close_notify */
            w->close_sent = true;
            if (hs_close_notify(w->end) == ERR_OK)
                take_output(w);
            /* the peer's answer gets a timeout of its own */
            deadline = now_ns() + (uint64_t)w->timeout_ms * 1000000u;
            continue;
        }
        bool pending = w->out_off < w->out_len;
        if (!reading(w) && !pending)
            return ERR_OK;
        uint64_t now = now_ns();
        if (now >= deadline && hs_reads_after(w->end) && !pending) {
            w->after_timeout = true; /* the handshake had completed: not a failure */
            return ERR_OK;
        }
        if (now >= deadline) {
            w->how = hs_wants_input(w->end) ? WIRE_SOCK_TIMEOUT : WIRE_SOCK_IO;
            w->sys_errno = ETIMEDOUT;
            return ERR_OK;
        }
        struct pollfd p = { .fd = w->fd,
                            .events = (short)((reading(w) ? POLLIN : 0) |
                                              (pending ? POLLOUT : 0)) };
        uint64_t left_ms = (deadline - now + 999999u) / 1000000u;
        int r = poll(&p, 1, left_ms > 60000 ? 60000 : (int)left_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            w->how = WIRE_SOCK_IO;
            w->sys_errno = errno;
            return ERR_OK;
        }
        if (r == 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
        if (!reading(w))
            continue;
        ssize_t n = recv(w->fd, w->in + w->in_len, sizeof w->in - w->in_len, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
            continue;
        /* after the handshake a failing socket is the end of the peer's stream */
        if (n < 0 && errno != ECONNRESET && !hs_reads_after(w->end)) {
            w->how = WIRE_SOCK_IO;
            w->sys_errno = errno;
            return ERR_OK;
        }
        if (n <= 0) {
            peer_closed(w);
            if (w->how != WIRE_SOCK_ENDED)
                return ERR_OK;
            continue; /* send the alert, if the peer still listens */
        }
        if (w->first_len < sizeof w->first) {
            size_t k = sizeof w->first - w->first_len;
            k = k < (size_t)n ? k : (size_t)n;
            memcpy(w->first + w->first_len, w->in + w->in_len, k);
            w->first_len += k;
        }
        w->in_len += (size_t)n;
        w->bytes_in += (uint64_t)n;
        feed_records(w);
    }
}

/* The message the endpoint waits for next, as its table names it. */
static void waiting_for(const hs *h, char *out, size_t cap)
{
    if (h->row < hs12_table_len) {
        const hs_row *r = &hs12_table[h->row];
        snprintf(out, cap, "the %s's %s", party_name(r->from), r->name);
    } else {
        snprintf(out, cap, "nothing more");
    }
}

void wire_sock_explain(const wire_sock *w, char *out, size_t cap)
{
    char what[96];
    waiting_for(w->end, what, sizeof what);
    int step = w->tr->cur_step;
    const char *title = trace_step_title(w->tr, step);
    switch (w->how) {
    case WIRE_SOCK_TIMEOUT:
        snprintf(out, cap, "the peer sent nothing more within %d s: this side waited for %s "
                           "at step %d (%s)", w->timeout_ms / 1000, what, step, title);
        break;
    case WIRE_SOCK_PEER_CLOSED:
        snprintf(out, cap, "the peer closed the connection at step %d (%s) while this side "
                           "waited for %s", step, title, what);
        break;
    case WIRE_SOCK_IO:
        snprintf(out, cap, "the connection failed at step %d (%s): %s", step, title,
                 strerror(w->sys_errno));
        break;
    case WIRE_SOCK_ENDED:
    default:
        snprintf(out, cap, "the endpoint ended the handshake");
        break;
    }
}
