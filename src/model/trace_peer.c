/* trace_peer.c — what a one-sided trace (a run against a real peer) cannot
 * show: the peer's own secrets and its copies of what both sides compute. */
#include "model/trace.h"

/* The secrets each side keeps to itself, by their catalogue rows: a
 * certificate's private key and an ECDHE private key (RFC 5246 §7.4.3,
 * RFC 8422 §5.4). Nothing else is the peer's alone: the rest crosses the
 * wire or both sides compute it. */
static const struct {
    value_id id;
    party owner;
    bool ecdhe;               /* only with ECDHE key exchange */
} own_secrets[] = {
    { VAL_SERVER_CERT_PRIVATE_KEY, PARTY_SERVER, false },
    { VAL_SERVER_ECDHE_PRIVATE, PARTY_SERVER, true },
    { VAL_CLIENT_CERT_PRIVATE_KEY, PARTY_CLIENT, false },
    { VAL_CLIENT_ECDHE_PRIVATE, PARTY_CLIENT, true },
};

size_t trace_peer_secrets(const trace *t, int step, value_id *out, size_t cap)
{
    size_t n = 0;
    if (!t->one_side)
        return 0;
    for (size_t i = 0; i < sizeof own_secrets / sizeof *own_secrets; i++) {
        const value_row *r = values_row(own_secrets[i].id);
        if (own_secrets[i].owner != party_peer(t->self) || (own_secrets[i].ecdhe && t->transport))
            continue;
        if (!r || (step && (int)r->step != step))
            continue;
        /* the peer reached the step only if this side saw its messages of it */
        if (step && t->outcome.step && step > t->outcome.step)
            continue;
        if (n < cap)
            out[n] = own_secrets[i].id;
        n++;
    }
    return n;
}

bool trace_peer_copy_hidden(const trace *t, const trace_value *v)
{
    if (!t->one_side || v->copy[party_peer(t->self)] || (v->know & KNOW_PUBLIC))
        return false;
    /* this side's own keys are not the peer's; its verdict is its own */
    return v->kind != VK_PRIVATE_KEY && v->kind != VK_EPHEMERAL_KEY && v->kind != VK_VERDICT;
}
