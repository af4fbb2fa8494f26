/* fuzz_handshake.c — libFuzzer target for the endpoints: a seeded handshake
 * where an attacker replaces one record in flight with the fuzzer's bytes,
 * in every framing of the senders. Whatever arrives, the receiver must end
 * with an alert or carry on — never crash, hang or accept a changed
 * transcript. Record boundaries are not authenticated (RFC 5246 §6.2.1: a
 * message may be split across records any way), so a run may succeed when
 * the replacement re-frames the same handshake bytes; then both sides must
 * still agree on every transcript hash, the master secret and the data,
 * and a protected record can never have been changed. Build: make fuzz. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "run/sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *fz;
static size_t fz_len;
static int fz_seq;

static bool replace(const scenario_wire_ctx *c, uint8_t *b, size_t *len, size_t cap)
{
    if (c->seq != fz_seq || fz_len > cap)
        return false;
    memcpy(b, fz, fz_len);
    *len = fz_len;
    return true;
}

static const scenario fuzz_scenario = { "fuzz", "records from the fuzzer", SC_BOTH, NULL, NULL,
                                        replace, false };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool init;
    if (!init) {
        if (sodium_init() < 0)
            abort();
        init = true;
    }
    if (size < 3)
        return 0;
    fz_seq = 1 + data[0] % 15;
    bool transport = data[0] & 0x80;
    /* the second byte picks the senders' framing: message, flight, or
     * records of 1 .. 64 bytes (the replaced record may then be a fragment) */
    hsio_framing framing = { HSIO_FRAME_MESSAGE, 0 };
    if (data[1] & 0x80)
        framing = data[1] & 0x40 ? (hsio_framing){ HSIO_FRAME_SIZE, 1u + (data[1] & 63u) }
                                 : (hsio_framing){ HSIO_FRAME_FLIGHT, 0 };
    fz = data + 2;
    fz_len = size - 2;
    sim *s = sim_new();
    sim_options o = { .seeded = true, .seed = 1, .scenario = &fuzz_scenario,
                      .kx = transport ? KX_TRANSPORT : KX_ECDHE, .framing = framing };
    if (!s || sim_run(s, &o) != ERR_OK)
        abort();
    const trace *t = &s->tr;
    if (t->outcome.ok) {
        static const value_id agreed[] = { VAL_CLIENT_FINISHED_HASH, VAL_SERVER_FINISHED_HASH,
                                           VAL_MASTER_SECRET, VAL_CLIENT_APP_PLAINTEXT,
                                           VAL_SERVER_APP_PLAINTEXT };
        for (size_t i = 0; i < sizeof agreed / sizeof agreed[0]; i++) {
            const trace_value *v = trace_value_get(t, agreed[i]);
            if (!v || !trace_value_match(v))
                __builtin_trap();
        }
        for (size_t i = 0; i < t->n_recs; i++)
            if (t->recs[i].tampered && t->recs[i].sealed)
                __builtin_trap();
    }
    sim_free(s);
    return 0;
}
