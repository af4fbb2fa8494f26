/* hsio.h — the handshake-message layer between the record layer (record.c)
 * and the step table (RFC 5246 §6.2.1, §7.4).
 *
 * Reading, it turns record plaintexts into messages: a handshake message
 * split across records is reassembled, several in one record are taken out
 * one by one; ChangeCipherSpec, Alert and application data are one message
 * per record. It refuses zero-length fragments of handshake, alert or
 * ChangeCipherSpec records, which RFC 5246 §6.2.1 forbids, and any record of
 * another content type (a ChangeCipherSpec among them) while a fragmented
 * handshake message is incomplete. That second rule is stricter than TLS 1.2:
 * RFC 5246 §6.2.1 lets content types interleave, while RFC 8446 §5.1 forbids
 * another record inside a split handshake message. This layer applies the
 * TLS 1.3 rule to both versions (a simplification: a TLS 1.2 peer that sent,
 * say, a warning alert between two fragments would be refused), because a
 * ChangeCipherSpec there would change the keys in the middle of a message.
 *
 * Writing, it frames handshake messages into record plaintexts as the
 * sender chooses (hsio_framing); every other content type goes in a record
 * of its own. It never seals: the caller's sink turns each plaintext into a
 * record. It does no I/O and allocates nothing.
 */
#ifndef MTLS_HSIO_H
#define MTLS_HSIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "base/err.h"
#include "tls/party.h"
#include "tls/record.h"

/* The largest handshake message this layer reassembles, header included:
 * a chain of several certificates from a real peer fits. */
#define HSIO_MSG_MAX 32768

/* The transcript: the handshake messages both sides hash, in order
 * (RFC 5246 §7.4.9 handshake_messages). A mutual handshake has ten. */
#define HSIO_TRANSCRIPT_MAX 8192
#define HSIO_HASHED_MAX 16

/* One message in the transcript: who sent it and its name in the step table. */
typedef struct hsio_hashed {
    party from;
    uint8_t hs_type;
    const char *name;
} hsio_hashed;

/* How a sender puts handshake messages into records. */
typedef enum {
    HSIO_FRAME_MESSAGE = 0, /* one message per record (the default) */
    HSIO_FRAME_FLIGHT,      /* every handshake message up to the peer's turn in one record */
    HSIO_FRAME_SIZE,        /* as FLIGHT, cut into records of at most max bytes */
} hsio_frame_kind;

typedef struct hsio_framing {
    hsio_frame_kind kind;
    size_t max;             /* HSIO_FRAME_SIZE: 1..REC_MAX_PLAIN */
} hsio_framing;

/* Where the records of a message are: the sender's record numbers (0-based,
 * counting every record this side writes) holding its first and last byte,
 * and where it starts in the first one's plaintext. */
typedef struct hsio_place {
    uint64_t first, last;
    size_t offset;
} hsio_place;

/* Receives each record plaintext the writer frames; returns an error to
 * stop. */
typedef err_t (*hsio_sink)(void *ctx, uint8_t type, const uint8_t *plain, size_t n);
/* Receives each whole message the reader takes out of a record. */
typedef err_t (*hsio_deliver)(void *ctx, uint8_t type, const uint8_t *msg, size_t n);

typedef struct hsio {
    hsio_framing framing;
    /* reading: the handshake message being reassembled */
    size_t msg_len;
    uint64_t msg_first;     /* the received record its first byte came in */
    uint64_t rx_records;    /* records read so far */
    size_t rx_rest;         /* bytes of the current record after the message being delivered */
    /* writing: handshake bytes not yet framed into a record */
    size_t pend_len;
    uint64_t tx_records;    /* records written so far */
    /* the transcript: its length and what it holds */
    size_t tr_len, n_hashed;
    /* SHA-256 over the transcript so far, kept running: a hash at any
     * point costs one finalisation, not a pass over every message again */
    crypto_hash_sha256_state tr_hash;
    hsio_hashed hashed[HSIO_HASHED_MAX];
    /* how far each buffer was ever filled: what a wipe must clear */
    size_t msg_used, pend_used, tr_used;
    /* the buffers last: large, and cleared only as far as they were used */
    uint8_t msg[HSIO_MSG_MAX];
    uint8_t pend[REC_MAX_PLAIN];
    uint8_t transcript[HSIO_TRANSCRIPT_MAX];
} hsio;

/* The bytes of an hsio before its buffers: what init sets and wipe clears
 * in full. */
#define HSIO_STATE_LEN offsetof(hsio, msg)

/* Start afresh with this framing. The buffers are not touched: call it on
 * a zeroed or wiped hsio. */
void hsio_init(hsio *io, hsio_framing framing);
/* Append to buf, which holds *len bytes, from *src (*n bytes) until it
 * holds want or the source is used up; *src and *n advance past what was
 * taken, *used keeps how far buf was ever filled. want must not exceed the
 * buffer. */
void hsio_fill(uint8_t *buf, size_t *len, size_t *used, size_t want, const uint8_t **src,
               size_t *n);
/* Zero what the buffers ever held (handshake plaintext, a Finished among
 * it; the transcript) and the state. */
void hsio_wipe(hsio *io);
/* Parse a --framing value: "message", "flight" or a number 1..16384.
 * ERR_USAGE for anything else. */
err_t hsio_framing_parse(const char *s, hsio_framing *out);
/* The same as text ("message", "flight", "100"), into out. */
void hsio_framing_str(hsio_framing f, char *out, size_t cap);

/* Take the plaintext of one received record of content type type and hand
 * every message it completes to deliver, in order (stopping at deliver's
 * first error, which is returned). ERR_HS_EMPTY_FRAGMENT for an empty
 * handshake, alert or ChangeCipherSpec record, ERR_HS_INTERLEAVED for a
 * record of another type while a handshake message is incomplete,
 * ERR_HS_MSG_TOO_LONG for a handshake message over HSIO_MSG_MAX. */
err_t hsio_read(hsio *io, uint8_t type, const uint8_t *plain, size_t n, hsio_deliver deliver,
                void *ctx);
/* Whether part of a handshake message is waiting for the rest. */
bool hsio_pending(const hsio *io);
/* Called while a message is being delivered: whether it ends its record,
 * with nothing after it in that record and nothing of a next message
 * waiting. TLS 1.3 changes keys only there: "Handshake messages MUST NOT
 * span key changes" (RFC 8446 §5.1); a reader that switches keys after a
 * message refuses one that does not end its record (ERR_HS_KEY_CHANGE). */
bool hsio_at_record_end(const hsio *io);
/* The record (received) that the message being delivered started in. */
uint64_t hsio_read_first(const hsio *io);

/* Queue one message for sending and say where it will go (*at). Handshake
 * messages are framed as io->framing says, anything else is written at once
 * in a record of its own; records go to sink as they fill. */
err_t hsio_write(hsio *io, uint8_t type, const uint8_t *msg, size_t n, hsio_sink sink,
                 void *ctx, hsio_place *at);
/* Write out the handshake bytes still queued: the end of a flight, or the
 * last moment before the write protection changes (so the messages before
 * a key change end their record, RFC 8446 §5.1). */
err_t hsio_flush(hsio *io, hsio_sink sink, void *ctx);

/* Append one whole handshake message (header included), sent by `from` and
 * called `name`, to the transcript. The caller decides what is hashed: a
 * message joins once it was written, or read and accepted. ERR_OVERFLOW
 * when the transcript is full. */
err_t hsio_transcript_add(hsio *io, party from, const char *name, const uint8_t *msg, size_t n);
/* Start the transcript again with one message (hsio_transcript_add's
 * arguments and errors): after a HelloRetryRequest, ClientHello1 gives way
 * to the synthetic message_hash (RFC 8446 §4.4.1). */
err_t hsio_transcript_restart(hsio *io, party from, const char *name, const uint8_t *msg,
                              size_t n);
/* SHA-256 of the transcript so far (Transcript-Hash, RFC 8446 §4.4.1;
 * Hash(handshake_messages), RFC 5246 §7.4.9). */
void hsio_transcript_hash(const hsio *io, uint8_t out[crypto_hash_sha256_BYTES]);
/* The transcript's bytes so far (*len of them). */
const uint8_t *hsio_transcript(const hsio *io, size_t *len);
/* The messages in it by name, in order, as in "ClientHello, ServerHello,
 * server Certificate, ...": what a hash over it covers. A Certificate or
 * Finished is named by its sender (both sides send one). Cut short when
 * cap is. */
void hsio_transcript_names(const hsio *io, char *out, size_t cap);

#endif
