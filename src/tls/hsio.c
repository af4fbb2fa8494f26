/* hsio.c — handshake messages over records: reassembly on read, framing on
 * write (RFC 5246 §6.2.1: "multiple client messages of the same ContentType
 * MAY be coalesced into a single TLSPlaintext record, or a single message
 * MAY be fragmented across several records"). */
#include "tls/hsio.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tls/msg/msg.h"
#include "base/str.h"

#define HS_HEADER_LEN 4 /* msg_type(1) length(3) */

void hsio_init(hsio *io, hsio_framing framing)
{
    size_t msg_used = io->msg_used, pend_used = io->pend_used, tr_used = io->tr_used;
    memset(io, 0, HSIO_STATE_LEN);
    /* what the buffers may still hold stays known to hsio_wipe */
    io->msg_used = msg_used;
    io->pend_used = pend_used;
    io->tr_used = tr_used;
    crypto_hash_sha256_init(&io->tr_hash);
    io->framing = framing;
}

void hsio_wipe(hsio *io)
{
    sodium_memzero(io->msg, io->msg_used);
    sodium_memzero(io->pend, io->pend_used);
    sodium_memzero(io->transcript, io->tr_used);
    sodium_memzero(io, HSIO_STATE_LEN);
}

err_t hsio_framing_parse(const char *s, hsio_framing *out)
{
    if (strcmp(s, "message") == 0) {
        *out = (hsio_framing){ HSIO_FRAME_MESSAGE, 0 };
        return ERR_OK;
    }
    if (strcmp(s, "flight") == 0) {
        *out = (hsio_framing){ HSIO_FRAME_FLIGHT, 0 };
        return ERR_OK;
    }
    if (s[0] < '1' || s[0] > '9')
        return ERR_USAGE;
    char *end;
    unsigned long n = strtoul(s, &end, 10);
    if (*end != '\0' || n < 1 || n > REC_MAX_PLAIN)
        return ERR_USAGE;
    *out = (hsio_framing){ HSIO_FRAME_SIZE, (size_t)n };
    return ERR_OK;
}

void hsio_framing_str(hsio_framing f, char *out, size_t cap)
{
    if (f.kind == HSIO_FRAME_SIZE)
        snprintf(out, cap, "%zu", f.max);
    else
        snprintf(out, cap, "%s", f.kind == HSIO_FRAME_FLIGHT ? "flight" : "message");
}

void hsio_fill(uint8_t *buf, size_t *len, size_t *used, size_t want, const uint8_t **src,
               size_t *n)
{
    size_t take = want > *len ? want - *len : 0;
    if (take > *n)
        take = *n;
    memcpy(buf + *len, *src, take);
    *len += take;
    if (*len > *used)
        *used = *len;
    *src += take;
    *n -= take;
}

/* --- reading ------------------------------------------------------------ */

static size_t hs_total(const uint8_t *h)
{
    return HS_HEADER_LEN + ((size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3]);
}

err_t hsio_read(hsio *io, uint8_t type, const uint8_t *plain, size_t n, hsio_deliver deliver,
                void *ctx)
{
    uint64_t rec = io->rx_records++;
    /* §6.2.1: "Implementations MUST NOT send zero-length fragments of
     * Handshake, Alert, or ChangeCipherSpec content types." */
    if (n == 0 && type != CT_APPLICATION_DATA)
        return ERR_HS_EMPTY_FRAGMENT;
    if (type != CT_HANDSHAKE) {
        /* a message split across records must arrive whole before anything
         * else: a ChangeCipherSpec here would switch keys mid-message */
        if (io->msg_len > 0)
            return ERR_HS_INTERLEAVED;
        io->msg_first = rec;
        io->rx_rest = 0;
        return deliver(ctx, type, plain, n);
    }
    while (n > 0) {
        if (io->msg_len == 0) {
            io->msg_first = rec;
            /* the usual case: the whole message is in this record */
            if (n >= HS_HEADER_LEN && hs_total(plain) <= n) {
                size_t total = hs_total(plain);
                io->rx_rest = n - total;
                TRY(deliver(ctx, type, plain, total));
                plain += total;
                n -= total;
                continue;
            }
        }
        size_t want = io->msg_len < HS_HEADER_LEN ? HS_HEADER_LEN : hs_total(io->msg);
        if (want > sizeof io->msg)
            return ERR_HS_MSG_TOO_LONG;
        hsio_fill(io->msg, &io->msg_len, &io->msg_used, want, &plain, &n);
        if (io->msg_len < HS_HEADER_LEN)
            continue;
        size_t total = hs_total(io->msg);
        if (total > sizeof io->msg)
            return ERR_HS_MSG_TOO_LONG;
        if (io->msg_len == total) {
            io->msg_len = 0;
            io->rx_rest = n;
            TRY(deliver(ctx, type, io->msg, total));
        }
    }
    return ERR_OK;
}

bool hsio_pending(const hsio *io) { return io->msg_len > 0; }

bool hsio_at_record_end(const hsio *io) { return io->rx_rest == 0 && io->msg_len == 0; }

uint64_t hsio_read_first(const hsio *io) { return io->msg_first; }

/* --- writing ------------------------------------------------------------ */

static size_t record_cap(const hsio *io)
{
    return io->framing.kind == HSIO_FRAME_SIZE && io->framing.max > 0 &&
                   io->framing.max < REC_MAX_PLAIN
               ? io->framing.max
               : REC_MAX_PLAIN;
}

err_t hsio_flush(hsio *io, hsio_sink sink, void *ctx)
{
    if (io->pend_len == 0)
        return ERR_OK;
    size_t n = io->pend_len;
    io->pend_len = 0;
    io->tx_records++;
    return sink(ctx, CT_HANDSHAKE, io->pend, n);
}

err_t hsio_write(hsio *io, uint8_t type, const uint8_t *msg, size_t n, hsio_sink sink,
                 void *ctx, hsio_place *at)
{
    if (type != CT_HANDSHAKE) {
        TRY(hsio_flush(io, sink, ctx));
        *at = (hsio_place){ io->tx_records, io->tx_records, 0 };
        io->tx_records++;
        return sink(ctx, type, msg, n);
    }
    size_t cap = record_cap(io);
    /* pend_len < cap here: a full record is written as soon as it fills */
    at->first = io->tx_records;
    at->offset = io->pend_len;
    at->last = io->tx_records + (io->pend_len + (n ? n : 1) - 1) / cap;
    while (n > 0) {
        hsio_fill(io->pend, &io->pend_len, &io->pend_used, cap, &msg, &n);
        if (io->pend_len == cap)
            TRY(hsio_flush(io, sink, ctx));
    }
    if (io->framing.kind == HSIO_FRAME_MESSAGE)
        TRY(hsio_flush(io, sink, ctx));
    return ERR_OK;
}

err_t hsio_transcript_add(hsio *io, party from, const char *name, const uint8_t *msg, size_t n)
{
    CHECK(n >= 1 && n <= sizeof io->transcript - io->tr_len, ERR_OVERFLOW);
    CHECK(io->n_hashed < HSIO_HASHED_MAX, ERR_OVERFLOW);
    memcpy(io->transcript + io->tr_len, msg, n);
    crypto_hash_sha256_update(&io->tr_hash, msg, n);
    io->tr_len += n;
    if (io->tr_len > io->tr_used)
        io->tr_used = io->tr_len;
    io->hashed[io->n_hashed++] = (hsio_hashed){ from, msg[0], name };
    return ERR_OK;
}

err_t hsio_transcript_restart(hsio *io, party from, const char *name, const uint8_t *msg,
                              size_t n)
{
    /* what it held is replaced, not kept: nothing hashes it again */
    sodium_memzero(io->transcript, io->tr_len);
    io->tr_len = 0;
    io->n_hashed = 0;
    crypto_hash_sha256_init(&io->tr_hash);
    return hsio_transcript_add(io, from, name, msg, n);
}

void hsio_transcript_hash(const hsio *io, uint8_t out[crypto_hash_sha256_BYTES])
{
    crypto_hash_sha256_state st = io->tr_hash;
    crypto_hash_sha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

const uint8_t *hsio_transcript(const hsio *io, size_t *len)
{
    *len = io->tr_len;
    return io->transcript;
}

void hsio_transcript_names(const hsio *io, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = 0; i < io->n_hashed && k + 1 < cap; i++) {
        const hsio_hashed *m = &io->hashed[i];
        bool by_sender = m->hs_type == HT_CERTIFICATE || m->hs_type == HT_FINISHED;
        if (i)
            str_put(out, cap, &k, ", ");
        if (by_sender)
            str_put(out, cap, &k, m->from == PARTY_CLIENT ? "client " : "server ");
        str_put(out, cap, &k, m->name);
    }
}
