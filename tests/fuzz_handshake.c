/* fuzz_handshake.c — libFuzzer target for the endpoints: a seeded handshake
 * where an attacker replaces one record in flight with the fuzzer's bytes.
 * Whatever arrives, the receiver must end with an alert or carry on — never
 * crash, hang or accept a changed transcript (the run must not succeed when
 * the record differs from the original, except for bytes outside the
 * transcript, which there are none of in TLS 1.2 records). Build: make fuzz. */
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
    if (size < 2)
        return 0;
    fz_seq = 1 + data[0] % 15;
    bool transport = data[0] & 0x80;
    fz = data + 1;
    fz_len = size - 1;
    sim *s = sim_new();
    sim_options o = { .seeded = true, .seed = 1, .scenario = &fuzz_scenario,
                      .kx = transport ? KX_TRANSPORT : KX_ECDHE };
    if (!s || sim_run(s, &o) != ERR_OK)
        abort();
    const trace *t = &s->tr;
    /* a record that is not the original cannot lead to success */
    for (size_t i = 0; i < t->n_msgs; i++)
        if (t->msgs[i].tampered && t->outcome.ok)
            __builtin_trap();
    sim_free(s);
    return 0;
}
