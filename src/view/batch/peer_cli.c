/* peer_cli.c — --connect and --listen: one side of a handshake against a real peer. */
#include "view/batch/peer_cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/esc.h"
#include "run/peer.h"
#include "teach/lesson.h"
#include "view/batch/export.h"
#include "view/batch/render.h"

static void print_run(const options *o, const trace *t)
{
    render_opts ro = { .timings = o->timings };
    if (o->format == FMT_JSON) {
        render_json(stdout, t, &ro);
    } else if (o->format == FMT_MARKDOWN) {
        lesson_set *ls = NULL;
        char err[512];
        err_t e = lesson_load(o->lessons_dir, &ls, err, sizeof err);
        if (e != ERR_OK) {
            lesson_free(ls);
            ls = NULL;
        }
        render_markdown(stdout, t, ls ? ls : lesson_builtin(), &ro);
        lesson_free(ls);
    } else {
        render_text(stdout, t, &ro);
    }
    fflush(stdout);
}

/* One line on stderr for a script and a person: how this handshake ended. */
static int report(const trace *t, const peer_result *r, party self)
{
    const trace_outcome *out = &t->outcome;
    if (r->how != WIRE_SOCK_ENDED) {
        esc_msg(stderr, "%s", r->why);
        return EXIT_USAGE;
    }
    if (out->ok) {
        esc_msg(stderr, "handshake completed with the peer (%s side): %llu bytes sent, "
                        "%llu received", party_name(self), (unsigned long long)r->bytes_out,
                (unsigned long long)r->bytes_in);
        return EXIT_HANDSHAKE_OK;
    }
    const trace_side *me = &t->side[self];
    char extra[PEER_WHY_LEN + 4] = "";
    if (r->why[0])
        snprintf(extra, sizeof extra, "; %s", r->why);
    if (me->alert_received >= 0 && me->alert_sent < 0) {
        esc_msg(stderr, "the peer (the %s) sent the fatal alert %s (%d) at step %d (%s)%s",
                party_name(party_peer(self)), alert_name((alert_t)me->alert_received),
                me->alert_received, t->cur_step, trace_step_title(t, t->cur_step), extra);
        return EXIT_HANDSHAKE_FAILED;
    }
    if (me->alert_sent >= 0) {
        esc_msg(stderr, "this side (the %s) refused at step %d (%s): %s; it sent the fatal "
                        "alert %s (%d)%s", party_name(self), me->fail_step,
                trace_step_title(t, me->fail_step), err_str(me->err),
                alert_name((alert_t)me->alert_sent), me->alert_sent, extra);
        return EXIT_HANDSHAKE_FAILED;
    }
    esc_msg(stderr, "the handshake failed at step %d (%s): %s%s", out->step,
            trace_step_title(t, out->step), err_str(out->err), extra);
    return EXIT_HANDSHAKE_FAILED;
}

/* One connection: the handshake, its output, its log. */
static int serve(const options *o, sim *s, party self, peer_conn *c)
{
    char a[96], b[96];
    peer_addr_str(&c->local, a, sizeof a);
    peer_addr_str(&c->remote, b, sizeof b);
    esc_msg(stderr, "connected: %s (this side, the %s) <-> %s (the peer)", a, party_name(self),
            b);
    peer_result r;
    err_t e = peer_handshake(s, self, c, (int)(o->timeout_s * 1000), &r);
    peer_close(c);
    if (e != ERR_OK) {
        esc_msg(stderr, "the handshake could not run: %s", err_str(e));
        return EXIT_USAGE;
    }
    print_run(o, &s->tr);
    int status = report(&s->tr, &r, self);
    char why[EXPORT_WHY_LEN];
    render_opts ro = { .timings = o->timings };
    if (o->log_file && !export_log(&s->tr, &ro, o->log_file, why, sizeof why)) {
        esc_msg(stderr, "--log: %s", why);
        status = EXIT_USAGE;
    }
    return status;
}

int peer_cli_main(const options *o)
{
    sim *s = sim_new();
    char why[PEER_WHY_LEN];
    int status = EXIT_USAGE;
    if (!s) {
        esc_msg(stderr, "out of memory");
        return EXIT_USAGE;
    }
    err_t e = sim_setup(s, &o->sim);
    if (e != ERR_OK) {
        esc_msg(stderr, "the handshake could not be set up: %s", err_str(e));
        goto done;
    }
    if (o->connect_to) {
        peer_conn c;
        if (peer_connect(o->peer_host, o->peer_port, (int)(o->timeout_s * 1000), &c, why,
                         sizeof why) != ERR_OK) {
            esc_msg(stderr, "%s", why);
            goto done;
        }
        status = serve(o, s, PARTY_CLIENT, &c);
        goto done;
    }
    int lfd;
    char bound[96];
    if (peer_listen(o->peer_host, o->peer_port, &lfd, bound, sizeof bound, why, sizeof why) !=
        ERR_OK) {
        esc_msg(stderr, "%s", why);
        goto done;
    }
    /* the line a script waits for, with the port it must use */
    esc_msg(stderr, "listening on %s", bound);
    fflush(stderr);
    status = EXIT_HANDSHAKE_OK;
    for (unsigned long i = 0; i < o->accept_n; i++) {
        peer_conn c;
        if (peer_accept(lfd, &c, why, sizeof why) != ERR_OK) {
            esc_msg(stderr, "%s", why);
            status = EXIT_USAGE;
            break;
        }
        int one = serve(o, s, PARTY_SERVER, &c);
        /* the worst of the connections: a connection error over a refusal */
        status = one > status ? one : status;
    }
    close(lfd);
done:
    sim_free(s);
    return status;
}
