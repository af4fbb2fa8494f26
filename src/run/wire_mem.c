/* wire_mem.c — the in-memory wire between the two endpoints. */
#include "run/wire_mem.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/vec.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static err_t push(wire_mem *w, party from, const uint8_t *b, size_t n)
{
    if (!vec_reserve((void **)&w->q, &w->cap, w->n + 1, sizeof *w->q, 16))
        return ERR_NOMEM;
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy)
        return ERR_NOMEM;
    memcpy(copy, b, n);
    w->q[w->n++] = (wire_mem_rec){ from, copy, n };
    return ERR_OK;
}

err_t wire_mem_take(wire_mem *w, party from)
{
    size_t len;
    const uint8_t *b = hs_output(w->end[from], &len);
    size_t at = 0;
    /* an endpoint writes whole records: cut at each header's length */
    while (len - at >= REC_HEADER_LEN) {
        size_t n = REC_HEADER_LEN + ((size_t)b[at + 3] << 8 | b[at + 4]);
        if (n > len - at)
            break;
        TRY(push(w, from, b + at, n));
        at += n;
    }
    hs_output_ack(w->end[from], at);
    return ERR_OK;
}

/* Carry the oldest record in flight. */
static err_t carry(wire_mem *w)
{
    wire_mem_rec rec = w->q[w->head++];
    party from = rec.from;
    uint8_t bytes[HS_IN_MAX + 256];
    size_t len = rec.len < sizeof bytes ? rec.len : sizeof bytes;
    memcpy(bytes, rec.bytes, len);
    uint8_t type = len ? rec.bytes[0] : 0;
    free(rec.bytes);
    w->seq++;

    trace *t = w->tr;
    if (w->sc && w->sc->wire) {
        scenario_wire_ctx c = { w->seq, from, type, w->sealed[from], w->n_sealed[from],
                                w->n_type[from][type], w->attacker, w->sc, t->version };
        w->sc->wire(&c, bytes, &len, sizeof bytes);
    }
    /* what the wire shows next of this sender: records after its
     * ChangeCipherSpec are protected */
    if (w->sealed[from])
        w->n_sealed[from]++;
    w->n_type[from][type]++;
    if (type == CT_CHANGE_CIPHER_SPEC)
        w->sealed[from] = true;
    trace_add_record(t, from, bytes, len);

    party to = party_peer(from);
    if (!hs_wants_input(w->end[to]))
        return ERR_OK; /* the peer has stopped reading */
    uint64_t t0 = now_ns();
    size_t step = w->chunk ? w->chunk : len;
    for (size_t off = 0; off < len; off += step) /* failures end up in the outcome */
        (void)hs_feed(w->end[to], bytes + off, len - off < step ? len - off : step);
    int s = t->cur_step;
    t->step_ns[s >= 1 && s <= HS_STEPS ? s : HS_STEPS] += now_ns() - t0;
    return wire_mem_take(w, to);
}

err_t wire_mem_start(wire_mem *w, party first)
{
    uint64_t t0 = now_ns();
    w->tr->cur_step = 1;
    (void)hs_start(w->end[first]);
    w->tr->step_ns[1] += now_ns() - t0;
    return wire_mem_take(w, first);
}

err_t wire_mem_run(wire_mem *w)
{
    for (;;) {
        while (w->head < w->n)
            TRY(carry(w));
        /* idle: an endpoint in the middle of a record or message will get
         * no more */
        bool more = false;
        for (int p = 0; p < 2; p++) {
            if (!hs_wants_input(w->end[p]))
                continue;
            (void)hs_close(w->end[p]);
            TRY(wire_mem_take(w, (party)p));
            more = more || w->head < w->n;
        }
        if (!more)
            return ERR_OK;
    }
}

void wire_mem_free(wire_mem *w)
{
    for (size_t i = w->head; i < w->n; i++)
        free(w->q[i].bytes);
    free(w->q);
    w->q = NULL;
    w->n = w->head = w->cap = 0;
}
