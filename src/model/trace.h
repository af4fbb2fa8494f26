/* trace.h — the model every view reads: the seven steps, each message that
 * crossed the wire with named spans over its bytes, each value with who
 * knows it and how it was made, each check, the alert, and step timings.
 *
 * The simulator fills it from what the endpoints report (hs_observer) and
 * from the records it moves. Views (text, JSON, the interface) only read it.
 */
#ifndef MTLS_TRACE_H
#define MTLS_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "tls/hs.h"
#include "tls/record.h"
#include "tls/steps.h"
#include "base/span.h"

/* Who knows a value. */
enum {
    KNOW_CLIENT = 1,
    KNOW_SERVER = 2,
    KNOW_PUBLIC = 4, /* visible on the wire: anyone watching knows it */
};

/* The one vocabulary for who knows a value, used by every view: the word
 * (batch text, JSON "knowledge", the handout), the interface's short tag
 * (an abbreviation of the word: "[wire]" is "on the wire", the phrase for
 * public), and what it means, for a legend or a detail pane. */
typedef struct trace_knowers {
    const char *word;    /* "client", "server", "client+server", "public", "nobody" */
    const char *tag;     /* "[C]", "[S]", "[C+S]", "[wire]", "[-]" */
    const char *meaning; /* a sentence, without a final full stop */
} trace_knowers;

/* One record as it crossed the wire, from the wire driver, with what its
 * sender (or, when the sender does not report, its receiver) said of it. */
typedef struct trace_record {
    int seq;                /* 1-based, wire order */
    party from;
    uint64_t index;         /* 0-based among the records of its sender */
    uint8_t *bytes;         /* as it crossed the wire */
    size_t len;
    bool sealed;
    rec_seal_info seal;
    bool tampered;          /* changed in flight by the scenario's attacker */
    uint8_t *sent;          /* as the sender wrote it, when tampered */
    size_t sent_len;
    bool by_sender;         /* its sender reported it */
} trace_record;

/* What one side reported of itself: its decisions and how it ended. */
typedef struct trace_side {
    bool reported;          /* it reported anything at all */
    bool done, failed;
    err_t err;
    int fail_step;
    int alert_sent, alert_received; /* -1: none */
    uint16_t suite;
    bool ems, ems_told, transport;
    uint64_t wire_records;  /* its records the wire has carried */
} trace_side;

/* A record or message a sender reported, kept until the wire carries it. */
typedef struct trace_pending {
    bool is_msg;
    party from;
    hs_record_report rec;   /* is_msg false; bytes owned */
    hs_msg_report msg;      /* is_msg true; plain owned */
    char name[32];
    uint8_t *copy;
} trace_pending;

typedef struct trace_msg {
    int seq;                /* 1-based, wire order */
    int step;               /* 1..7 */
    party from;
    uint8_t content_type;
    char name[32];
    uint8_t *record;        /* the record as it crossed the wire */
    size_t record_len;
    uint8_t *plain;         /* the message: handshake message with header, alert, data */
    size_t plain_len;
    bool sealed;
    rec_seal_info seal;
    bool tampered;          /* changed in flight by the scenario's attacker */
    uint8_t *sent;          /* the record as the sender wrote it, when tampered */
    size_t sent_len;
    span *rec_spans;        /* over record[] */
    size_t n_rec_spans;
    span *spans;            /* over plain[] */
    size_t n_spans;
    int rec_first, rec_last; /* the records that carry its first and last byte (into recs) */
    size_t rec_offset;      /* where it starts in the first one's plaintext */
    /* "" when its record carries exactly this one message (the default
     * framing); else which records carry it and what else they carry, for
     * the views (set by trace_finish) */
    char record_note[192];
} trace_msg;

typedef struct trace_value {
    value_id vid;           /* its row in the catalogue (tls12/values.h) */
    const char *id;         /* the row's id, as JSON and lessons name it */
    const char *label;      /* for people, from the catalogue */
    value_kind kind;
    int step;               /* the step it belongs to */
    int order;              /* order of first report */
    bool text;              /* the catalogue says its bytes are text (trace_value_is_text) */
    unsigned know;          /* KNOW_* bits */
    uint8_t *copy[2];       /* each side's copy (PARTY_CLIENT, PARTY_SERVER), or NULL */
    size_t len[2];
    char how[256];          /* the formula as the first report made it */
    char inputs[128];       /* comma-separated ids */
} trace_value;

typedef struct trace_check {
    check_id id;            /* its row in the catalogue (tls12/checks.h) */
    int step;
    party who;
    char name[96];
    err_t result;
    char detail[384];
    err_t warning;          /* ERR_OK, or the warning a lenient policy passed it with
                             * (err_is_warning: result is then ERR_OK) */
    int after_msg;          /* number of messages recorded when the check was made */
} trace_check;

/* One line of the monitor: everything in the order it happened. */
typedef enum { EV_MESSAGE, EV_VALUE, EV_CHECK, EV_ALERT } trace_ev_kind;
typedef struct trace_event {
    trace_ev_kind kind;
    int index;              /* into msgs, values, checks */
    int step;
} trace_event;

typedef struct trace_outcome {
    bool ok;
    int alert;              /* -1 none */
    int step;               /* 0 none */
    party sent_by;
    err_t err;              /* the error of the side that failed */
} trace_outcome;

typedef struct trace {
    bool seeded;
    uint64_t seed;
    uint8_t root_key[RNG_KEY_LEN]; /* every random byte of the run comes from it */
    int64_t now;
    int64_t clock[2];       /* each side's clock (by party), as its endpoint was given it */
    int64_t clock_given[2]; /* the same as --client-clock/--server-clock set it, before a
                             * scenario moved it (now when not given): for the replay line */
    const char *authz;      /* --peer-id as given, NULL: the default policy */
    crl_mode revocation;    /* the server's revocation policy */
    /* each side's own certificate's validity (by party), when that side
     * runs here and presents one */
    struct trace_lifetime {
        bool has;
        int64_t not_before, not_after;
    } lifetime[2];
    bool ems, transport;
    uint16_t suite;
    tls_version version;    /* the protocol: which step and message tables made it */
    hsio_framing framing;   /* how the sides framed handshake messages (as configured) */
    int cur_step;

    trace_msg *msgs;
    size_t n_msgs, cap_msgs;
    trace_record *recs;
    size_t n_recs, cap_recs;
    trace_pending *pending;
    size_t n_pending, cap_pending;
    trace_side side[2];     /* PARTY_CLIENT, PARTY_SERVER */
    trace_value *values;
    size_t n_values, cap_values;
    trace_check *checks;
    size_t n_checks, cap_checks;
    trace_event *events;
    size_t n_events, cap_events;

    trace_outcome outcome;
    uint64_t step_ns[HS_STEPS + 1]; /* wall time per step, [1..7] */
    err_t oom;              /* ERR_NOMEM once an allocation failed */
    const char *scenario;   /* the scenario's name, NULL: none */
    /* a run against a real peer: only side `self` reported; what the
     * peer holds is not visible here (false: both sides, in one process) */
    bool one_side;
    party self;
    /* the real connection's ends (by party), for the capture; false: none
     * (an in-process run), the capture's fixed addresses */
    bool has_addr;
    bool addr_v6;             /* IPv6: 16 bytes of addr_ip; IPv4: the first 4 */
    uint8_t addr_ip[2][16];
    uint16_t addr_port[2];
    const struct eve_result *eve; /* the eavesdropper's attempt (key-leak), NULL: none */
} trace;

/* The value that holds the server's verdict on the client in this trace's
 * version (TLS 1.2's or TLS 1.3's row). */
value_id trace_verdict_id(const trace *t);
/* The step table of the trace's protocol version (steps.h). Never NULL. */
const steps_table *trace_steps(const trace *t);
/* Step `step`'s title from that table; "" when it is not a step. */
const char *trace_step_title(const trace *t, int step);

void trace_init(trace *t);
/* Zero every byte the trace holds that can be secret — each value's copies
 * (private keys, pre-master and master secrets, key block, plaintexts), each
 * message's plaintext and record bytes, the root key — and keep the
 * structure, so that a test can look before trace_free. Never fails. */
void trace_wipe(trace *t);
/* trace_wipe, then free everything and zero the struct. */
void trace_free(trace *t);

/* The wire driver: one record crossed the wire from `from`, as these bytes.
 * The messages its sender reported as ending in it are recorded now, in
 * wire order, with annotated spans. Failure to allocate is remembered in
 * t->oom. */
void trace_add_record(trace *t, party from, const uint8_t *wire, size_t wire_len);
/* The outcome, from what the sides reported, and each message's
 * record_note; call once the wire is idle. */
void trace_finish(trace *t);
/* An observer that feeds this trace with everything an endpoint reports. */
hs_observer trace_observer(trace *t);
/* Whether record r (into recs) carries exactly one whole message: what
 * the views assume unless they say otherwise. */
bool trace_record_single(const trace *t, size_t r);
/* The hs_observer callbacks (ctx is the trace). */
void trace_on_record(void *ctx, party who, const hs_record_report *r);
void trace_on_message(void *ctx, party who, const hs_msg_report *m);
void trace_on_fact(void *ctx, party who, const hs_fact *f);
void trace_on_value(void *ctx, party who, value_id id, value_way way, const char *param,
                    const uint8_t *v, size_t n);
void trace_on_check(void *ctx, party who, check_id id, int step, const char *name,
                    err_t result, const char *detail);

/* The value of catalogue row id, NULL when the run has none. */
const trace_value *trace_value_get(const trace *t, value_id id);
/* Both sides hold a copy and the copies are equal. */
bool trace_value_match(const trace_value *v);
/* The vocabulary's row for KNOW_* bits (never NULL), and the rows in the
 * order a legend lists them (client, server, client+server, public). */
const trace_knowers *trace_knowers_of(unsigned know);
extern const trace_knowers trace_knowers_legend[4];
/* trace_knowers_of(know)->word into out (kept for the views that format). */
void trace_know_str(unsigned know, char *out, size_t cap);
/* Whether a value is text to show as text: a text value of the catalogue
 * (application data, identities, the server's verdict) whose bytes are all
 * printable ASCII, tab, CR or LF. */
bool trace_value_is_text(const trace_value *v);
/* Text bytes for a person, on one line: printable ASCII as it is, CR, LF,
 * tab and backslash as \r \n \t \\, anything else as \xHH. Always
 * NUL-terminated; cut short (never mid-escape) when cap is too small.
 * Returns the length written. */
size_t trace_text_escape(const uint8_t *b, size_t n, char *out, size_t cap);
/* trace_peer.c, a one-sided trace (t->one_side): the peer's own secrets
 * of step `step` (0: every step) — its certificate's private key, its
 * ECDHE private key — held by the peer, not visible here. Writes up to cap
 * of them; returns how many there are (0 for a trace of both sides). */
size_t trace_peer_secrets(const trace *t, int step, value_id *out, size_t cap);
/* Whether the peer holds its own copy of value v, which this trace cannot
 * show (a secret both sides compute, the plaintext this side sent). */
bool trace_peer_copy_hidden(const trace *t, const trace_value *v);
/* A value's bytes: one copy (the client's if it has one). */
const uint8_t *trace_value_bytes(const trace_value *v, size_t *len);

#endif
