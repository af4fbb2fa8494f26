/* peer_cli.c — --connect and --listen: one side of a handshake against a real peer. */
#include "view/batch/peer_cli.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/esc.h"
#include "pki/pki_load.h"
#include "run/peer.h"
#include "teach/lesson.h"
#include "view/batch/export.h"
#include "view/batch/render.h"

static void print_run(const options *o, const trace *t)
{
    render_opts ro = { .timings = o->timings };
    if (o->format == FMT_JSON) {
        render_json(stdout, t, &ro);
    } else if (o->format == FMT_SVG) {
        render_svg(stdout, t, &ro);
    } else if (o->format == FMT_MERMAID) {
        render_mermaid(stdout, t, &ro);
    } else if (o->format == FMT_MARKDOWN || o->format == FMT_HTML) {
        lesson_set *ls = NULL;
        char err[512];
        err_t e = lesson_load(o->lessons_dir, &ls, err, sizeof err);
        if (e != ERR_OK) {
            lesson_free(ls);
            ls = NULL;
        }
        if (o->format == FMT_HTML)
            render_html(stdout, t, ls ? ls : lesson_builtin(), &ro);
        else
            render_markdown(stdout, t, ls ? ls : lesson_builtin(), &ro);
        lesson_free(ls);
    } else {
        render_text(stdout, t, &ro);
    }
    fflush(stdout);
}

/* What the peer sent after a completed handshake, for the end of the line. */
static void after_note(const peer_result *r, int timeout_s, char *out, size_t cap)
{
    char data[64] = "";
    if (r->after_app_len)
        snprintf(data, sizeof data, "%zu bytes of application data and ", r->after_app_len);
    if (r->peer_close_notify)
        snprintf(out, cap, "; the peer then sent %sits close_notify", data);
    else if (r->after_alert >= 0)
        snprintf(out, cap, "; the peer then sent %sthe alert %s (%d), no close_notify", data,
                 alert_name(r->after_alert), r->after_alert);
    else if (r->after_timeout)
        snprintf(out, cap, "; the peer then sent %sno close_notify within %d s of this side's",
                 data, timeout_s);
    else
        snprintf(out, cap, "; the peer then sent %sno close_notify: it closed the connection",
                 data);
}

/* One line on stderr for a script and a person: how this handshake ended. */
static int report(const trace *t, const peer_result *r, party self, int timeout_s)
{
    const trace_outcome *out = &t->outcome;
    char reneg[96] = "";
    if (r->reneg_refused)
        snprintf(reneg, sizeof reneg, "; this side refused %u renegotiation request%s",
                 r->reneg_refused, r->reneg_refused == 1 ? "" : "s");
    if (r->how != WIRE_SOCK_ENDED) {
        esc_msg(stderr, "%s", r->why);
        return EXIT_USAGE;
    }
    if (out->ok) {
        char after[160];
        after_note(r, timeout_s, after, sizeof after);
        esc_msg(stderr, "handshake completed with the peer (%s side): %llu bytes sent, "
                        "%llu received%s%s", party_name(self), (unsigned long long)r->bytes_out,
                (unsigned long long)r->bytes_in, reneg, after);
        return EXIT_HANDSHAKE_OK;
    }
    const trace_side *me = &t->side[self];
    char extra[PEER_WHY_LEN + 4] = "";
    if (r->why[0])
        snprintf(extra, sizeof extra, "; %s", r->why);
    if (me->alert_received >= 0 && me->alert_sent < 0) {
        /* the peer found the problem; only the step this side had reached
         * is known here, and the last message it had sent */
        char sent[96] = "";
        for (size_t i = t->n_msgs; i-- > 0;)
            if (t->msgs[i].from == self) {
                snprintf(sent, sizeof sent, ", after this side had sent its %s (step %d)",
                         t->msgs[i].name, t->msgs[i].step);
                break;
            }
        esc_msg(stderr, "the peer (the %s) sent the fatal alert %s (%d); it arrived while this "
                        "side was at step %d (%s)%s%s%s",
                party_name(party_peer(self)), alert_name((alert_t)me->alert_received),
                me->alert_received, t->cur_step, trace_step_title(t, t->cur_step), sent, reneg,
                extra);
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

/* Read one PEM file into a certificate or a key; one line and false when
 * it cannot be used. */
static bool load_pem(const char *opt, const char *path, pki_cert *cert, pki_key *key)
{
    static char text[PKI_LOAD_FILE_MAX];
    char why[PKI_LOAD_WHY + 64], name[PKI_LOAD_WHY / 2];
    size_t n;
    snprintf(name, sizeof name, "%s '%s'", opt, path);
    err_t e = pki_load_file(path, text, sizeof text, &n, why, sizeof why);
    if (e == ERR_OK)
        e = cert ? pki_load_cert_pem(text, n, name, cert, why, sizeof why)
                 : pki_load_key_pem(text, n, name, key, why, sizeof why);
    sodium_memzero(text, n < sizeof text ? n : sizeof text);
    if (e == ERR_IO)
        esc_msg(stderr, "%s: %s", opt, why);
    else if (e != ERR_OK)
        esc_msg(stderr, "%s", why);
    return e == ERR_OK;
}

/* The rest of a --cert file: one intermediate after the leaf (a fullchain
 * file, as --export writes server-chain.pem), sent after it; none: the leaf
 * is sent alone (pki_chain stops at an id that is its own issuer). */
static bool load_intermediate(const char *path, pki *p, party self)
{
    static char text[PKI_LOAD_FILE_MAX];
    static pki_cert chain[2];
    char why[PKI_LOAD_WHY + 64], name[PKI_LOAD_WHY / 2];
    size_t len;
    err_t e;
    snprintf(name, sizeof name, "--cert '%s'", path);
    if (pki_load_file(path, text, sizeof text, &len, why, sizeof why) != ERR_OK) {
        esc_msg(stderr, "--cert: %s", why);
        return false;
    }
    size_t n = pki_load_chain_pem(text, len, name, chain, 2, &e, why, sizeof why);
    if (e != ERR_OK) {
        esc_msg(stderr, "%s", why);
        return false;
    }
    pki_id leaf = self == PARTY_CLIENT ? PKI_CLIENT : PKI_SERVER;
    pki_id inter = self == PARTY_CLIENT ? PKI_CLIENT_CA : PKI_SERVER_CA;
    if (n < 2) {
        p->issuer[leaf] = leaf;
        return true;
    }
    pki_cert *slot = pki_cert_of(p, inter);
    *slot = chain[1];
    /* its parsed form points into its own DER, now in the slot */
    if (x509_parse(slot->der, slot->der_len, &slot->x) != ERR_OK)
        return false;
    p->issuer[leaf] = inter;
    p->issuer[inter] = PKI_CA; /* a root: the walk stops below it */
    return true;
}

/* --cert, --key, --ca: this side's certificate and key and the CA it
 * trusts replace the classroom PKI's, checked before any connection: the
 * key must match the certificate, a client's key must sign (Ed25519), and
 * the CA must be valid at the run's clock. */
static bool load_own_pki(const options *o, sim *s, party self)
{
    pki *p = &s->pki;
    char a[40], b[40];
    if (o->cert_file) {
        pki_cert *cert = self == PARTY_CLIENT ? &p->client : &p->server;
        pki_key *key = self == PARTY_CLIENT ? &p->client_key : &p->server_key;
        char why[PKI_LOAD_WHY];
        if (!load_pem("--cert", o->cert_file, cert, NULL) ||
            !load_pem("--key", o->key_file, NULL, key))
            return false;
        char kn[PKI_LOAD_WHY / 2], cn[PKI_LOAD_WHY / 2];
        snprintf(kn, sizeof kn, "--key '%s'", o->key_file);
        snprintf(cn, sizeof cn, "--cert '%s'", o->cert_file);
        if (pki_load_match(key, cert, kn, cn, why, sizeof why) != ERR_OK) {
            esc_msg(stderr, "%s", why);
            return false;
        }
        if (self == PARTY_CLIENT && key->type != X509_KEY_ED25519) {
            esc_msg(stderr, "--cert '%s': an X25519 key cannot sign the CertificateVerify; a "
                            "client certificate needs an Ed25519 key", o->cert_file);
            return false;
        }
        if (cert->x.not_after < s->opt.now) {
            x509_time_str(cert->x.not_after, a, sizeof a);
            esc_msg(stderr, "--cert '%s': the certificate expired on %s", o->cert_file, a);
            return false;
        }
        if (!load_intermediate(o->cert_file, p, self))
            return false;
    }
    if (o->ca_file) {
        if (!load_pem("--ca", o->ca_file, &p->ca, NULL))
            return false;
        if (p->ca.x.not_after < s->opt.now || p->ca.x.not_before > s->opt.now) {
            bool expired = p->ca.x.not_after < s->opt.now;
            x509_time_str(expired ? p->ca.x.not_after : p->ca.x.not_before, a, sizeof a);
            x509_time_str(s->opt.now, b, sizeof b);
            esc_msg(stderr, "--ca '%s': the CA certificate %s %s, and the clock is %s: no "
                            "certificate it issued can be verified", o->ca_file,
                    expired ? "expired on" : "is valid only from", a, b);
            return false;
        }
        if (!p->ca.x.is_ca) {
            esc_msg(stderr, "--ca '%s': this certificate is not a CA (basicConstraints cA is "
                            "not set): it cannot vouch for a peer", o->ca_file);
            return false;
        }
    }
    return true;
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
    err_t e = peer_handshake(s, self, c, (int)(o->timeout_s * 1000), o->server_name, o->peer_id,
                             &r);
    peer_close(c);
    if (e != ERR_OK) {
        esc_msg(stderr, "the handshake could not run: %s", err_str(e));
        return EXIT_USAGE;
    }
    print_run(o, &s->tr);
    int status = report(&s->tr, &r, self, (int)o->timeout_s);
    char why[EXPORT_WHY_LEN];
    render_opts ro = { .timings = o->timings };
    if (o->log_file && !export_log(&s->tr, &ro, o->log_file, why, sizeof why)) {
        esc_msg(stderr, "--log: %s", why);
        status = EXIT_USAGE;
    }
    /* the bytes that crossed this socket and the key log this side knows */
    if (o->export_dir && export_run(s, o->export_dir, why, sizeof why) != ERR_OK) {
        esc_msg(stderr, "--export: %s", why);
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
    if (!load_own_pki(o, s, o->connect_to ? PARTY_CLIENT : PARTY_SERVER))
        goto done;
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
        if (i > 0) {
            /* each connection its own randomness: a fresh server random and
             * ECDHE key, never the first connection's again (a seeded run
             * stays reproducible: connection N forks from the seed's root) */
            char label[40];
            rng next;
            snprintf(label, sizeof label, "connection %lu", i);
            rng_fork(&s->root, label, &next);
            rng_wipe(&s->root);
            s->root = next;
            sodium_memzero(&next, sizeof next);
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
