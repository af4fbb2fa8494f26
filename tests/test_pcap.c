/* test_pcap.c — the pcap export, read back byte by byte.
 *
 * The capture is parsed here with an rd cursor (nothing is trusted), and
 * every frame is checked against the formats it claims: the classic pcap
 * file and record headers, Ethernet II, IPv4 (RFC 791 §3.1: header checksum),
 * TCP (RFC 9293 §3.1: checksum over the pseudo-header, sequence and
 * acknowledgment numbers). The TCP payloads, put back together per direction,
 * must be exactly the records each side sent. tests/check_tshark.sh shows the
 * same files to Wireshark's dissectors.
 *
 * Known answer: the client's SYN of a capture at the seeded clock, whose
 * checksums were recomputed by hand (Python, RFC 1071) and which tshark 4.0
 * reports with "Checksum Status: Good". */
#include "testlib.h"

#include "view/batch/export.h"
#include "base/rd.h"
#include "run/sim.h"

#define CLIENT_IP 0xc000020au   /* 192.0.2.10 */
#define SERVER_IP 0xc6336414u   /* 198.51.100.20 */
#define CLIENT_PORT 49152
#define SERVER_PORT 443
#define MSS 1460
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define FRAMES_MAX 1100
#define STREAM_MAX 65536

typedef struct frame {
    uint32_t ts_sec, ts_usec;
    uint8_t eth_dst[6], eth_src[6];
    party from;
    uint8_t ttl;
    uint16_t ip_id, ip_flags;
    uint16_t sport, dport;
    uint32_t seq, ack;
    uint8_t flags;
    uint16_t window;
    uint16_t mss;               /* 0: no MSS option */
    const uint8_t *payload;
    size_t payload_len;
} frame;

typedef struct capture {
    uint8_t *buf;               /* the whole file, from open_memstream */
    size_t len;
    uint32_t magic, snaplen, linktype;
    uint16_t major, minor;
    frame frames[FRAMES_MAX];
    size_t n;
} capture;

/* One's complement sum of big-endian 16-bit words (RFC 1071), folded. */
static uint32_t ones_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Parse one Ethernet / IPv4 / TCP frame, checking both checksums. */
static void parse_frame(const uint8_t *p, size_t len, frame *fr)
{
    rd r, ip, tcp;
    uint8_t u8;
    uint16_t u16, total;
    const uint8_t *ip_hdr, *addrs;
    rd_init(&r, p, len);

    assert_true(rd_copy(&r, fr->eth_dst, 6));
    assert_true(rd_copy(&r, fr->eth_src, 6));
    assert_true(rd_u16(&r, &u16));
    assert_int_equal(u16, 0x0800);

    /* IPv4: no options, so the header is 20 bytes; its checksum sums to
     * 0xffff over the header. */
    assert_true(rd_bytes(&r, 0, &ip_hdr));
    assert_true(rd_left(&r) >= 20);
    assert_int_equal(ones_sum(0, ip_hdr, 20), 0xffff);
    assert_true(rd_u8(&r, &u8));
    assert_int_equal(u8, 0x45);
    assert_true(rd_u8(&r, &u8));
    assert_int_equal(u8, 0);
    assert_true(rd_u16(&r, &total));
    assert_int_equal(total, rd_left(&r) + 4); /* nothing after the IP packet */
    assert_true(rd_sub(&r, (size_t)total - 4, &ip));
    assert_true(rd_empty(&r));
    assert_true(rd_u16(&ip, &fr->ip_id));
    assert_true(rd_u16(&ip, &fr->ip_flags));
    assert_true(rd_u8(&ip, &fr->ttl));
    assert_true(rd_u8(&ip, &u8));
    assert_int_equal(u8, 6);
    assert_true(rd_skip(&ip, 2));
    assert_true(rd_bytes(&ip, 8, &addrs));
    uint32_t src = be32(addrs), dst = be32(addrs + 4);
    assert_true((src == CLIENT_IP && dst == SERVER_IP) || (src == SERVER_IP && dst == CLIENT_IP));
    fr->from = src == CLIENT_IP ? PARTY_CLIENT : PARTY_SERVER;

    /* TCP: the checksum over pseudo-header and segment sums to 0xffff
     * (RFC 9293 §3.1). */
    size_t seg_len = rd_left(&ip);
    const uint8_t *seg;
    assert_true(rd_bytes(&ip, 0, &seg));
    uint8_t pseudo[12];
    memcpy(pseudo, addrs, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    pseudo[10] = (uint8_t)(seg_len >> 8);
    pseudo[11] = (uint8_t)seg_len;
    assert_int_equal(ones_sum(ones_sum(0, pseudo, sizeof pseudo), seg, seg_len), 0xffff);

    uint8_t off;
    assert_true(rd_u16(&ip, &fr->sport));
    assert_true(rd_u16(&ip, &fr->dport));
    assert_true(rd_u32(&ip, &fr->seq));
    assert_true(rd_u32(&ip, &fr->ack));
    assert_true(rd_u8(&ip, &off));
    assert_true(rd_u8(&ip, &fr->flags));
    assert_true(rd_u16(&ip, &fr->window));
    assert_true(rd_skip(&ip, 2));          /* checksum, verified above */
    assert_true(rd_u16(&ip, &u16));
    assert_int_equal(u16, 0);              /* urgent pointer */
    assert_int_equal(off & 0x0f, 0);
    size_t hdr_len = (size_t)(off >> 4) * 4;
    assert_true(hdr_len >= 20);
    assert_true(rd_sub(&ip, hdr_len - 20, &tcp));
    fr->mss = 0;
    if (!rd_empty(&tcp)) {
        /* the only option written: MSS, kind 2 length 4 */
        assert_true(rd_u8(&tcp, &u8));
        assert_int_equal(u8, 2);
        assert_true(rd_u8(&tcp, &u8));
        assert_int_equal(u8, 4);
        assert_true(rd_u16(&tcp, &fr->mss));
        assert_true(rd_empty(&tcp));
    }
    fr->payload_len = rd_left(&ip);
    assert_true(rd_bytes(&ip, fr->payload_len, &fr->payload));
    assert_true(rd_empty(&ip));
}

/* Export t into memory and parse the whole file. Free with capture_free. */
static capture *capture_of(const trace *t)
{
    capture *c = calloc(1, sizeof *c);
    assert_non_null(c);
    char *mem = NULL;
    FILE *f = open_memstream(&mem, &c->len);
    assert_non_null(f);
    export_pcap(f, t);
    assert_false(ferror(f));
    assert_int_equal(fclose(f), 0);
    c->buf = (uint8_t *)mem;

    rd r;
    uint32_t zone, sigfigs;
    rd_init(&r, c->buf, c->len);
    assert_true(rd_u32(&r, &c->magic));
    assert_true(rd_u16(&r, &c->major));
    assert_true(rd_u16(&r, &c->minor));
    assert_true(rd_u32(&r, &zone));
    assert_true(rd_u32(&r, &sigfigs));
    assert_true(rd_u32(&r, &c->snaplen));
    assert_true(rd_u32(&r, &c->linktype));
    assert_int_equal(zone, 0);
    assert_int_equal(sigfigs, 0);
    while (!rd_empty(&r)) {
        assert_true(c->n < FRAMES_MAX);
        frame *fr = &c->frames[c->n++];
        uint32_t incl, orig;
        rd body;
        assert_true(rd_u32(&r, &fr->ts_sec));
        assert_true(rd_u32(&r, &fr->ts_usec));
        assert_true(rd_u32(&r, &incl));
        assert_true(rd_u32(&r, &orig));
        assert_int_equal(incl, orig);
        assert_true(incl <= 14 + 20 + 24 + MSS);
        assert_true(rd_sub(&r, incl, &body));
        parse_frame(body.p, incl, fr);
    }
    return c;
}

static void capture_free(capture *c)
{
    free(c->buf);
    free(c);
}

/* What every capture has: the file header, one TCP connection with the
 * three-way handshake, contiguous sequence numbers, everything acknowledged,
 * the close, fixed addresses, timestamps 1 ms apart from clock_s. Each
 * direction's payload bytes are put together in out[party]. */
static void check_connection(const capture *c, uint32_t clock_s, uint8_t *out[2],
                             size_t out_len[2])
{
    static const uint8_t client_mac[6] = { 2, 0, 0, 0, 0, 0x0a };
    static const uint8_t server_mac[6] = { 2, 0, 0, 0, 0, 0x14 };
    assert_int_equal(c->magic, 0xa1b2c3d4);
    assert_int_equal(c->major, 2);
    assert_int_equal(c->minor, 4);
    assert_int_equal(c->snaplen, 65535);
    assert_int_equal(c->linktype, 1);
    assert_true(c->n >= 6);

    /* three-way handshake and close */
    assert_int_equal(c->frames[0].from, PARTY_CLIENT);
    assert_int_equal(c->frames[0].flags, TCP_SYN);
    assert_int_equal(c->frames[0].ack, 0);
    assert_int_equal(c->frames[1].from, PARTY_SERVER);
    assert_int_equal(c->frames[1].flags, TCP_SYN | TCP_ACK);
    assert_int_equal(c->frames[2].from, PARTY_CLIENT);
    assert_int_equal(c->frames[2].flags, TCP_ACK);
    const frame *last = &c->frames[c->n - 3];
    assert_int_equal(last[0].from, PARTY_CLIENT);
    assert_int_equal(last[0].flags, TCP_FIN | TCP_ACK);
    assert_int_equal(last[1].from, PARTY_SERVER);
    assert_int_equal(last[1].flags, TCP_FIN | TCP_ACK);
    assert_int_equal(last[2].from, PARTY_CLIENT);
    assert_int_equal(last[2].flags, TCP_ACK);

    uint32_t next[2] = { c->frames[0].seq, c->frames[1].seq };
    uint16_t ip_id[2] = { c->frames[0].ip_id, c->frames[1].ip_id };
    out_len[0] = out_len[1] = 0;
    for (size_t i = 0; i < c->n; i++) {
        const frame *fr = &c->frames[i];
        party me = fr->from, peer = me == PARTY_CLIENT ? PARTY_SERVER : PARTY_CLIENT;
        uint64_t us = (uint64_t)i * 1000;
        assert_int_equal(fr->ts_sec, clock_s + us / 1000000);
        assert_int_equal(fr->ts_usec, us % 1000000);
        assert_memory_equal(fr->eth_src, me == PARTY_CLIENT ? client_mac : server_mac, 6);
        assert_memory_equal(fr->eth_dst, me == PARTY_CLIENT ? server_mac : client_mac, 6);
        assert_int_equal(fr->sport, me == PARTY_CLIENT ? CLIENT_PORT : SERVER_PORT);
        assert_int_equal(fr->dport, me == PARTY_CLIENT ? SERVER_PORT : CLIENT_PORT);
        assert_int_equal(fr->ttl, 64);
        assert_int_equal(fr->ip_flags, 0x4000);  /* DF, offset 0 */
        assert_int_equal(fr->ip_id, ip_id[me]++);
        assert_int_equal(fr->window, 65535);
        /* contiguous: each segment starts where the sender's last one ended */
        assert_int_equal(fr->seq, next[me]);
        next[me] += (uint32_t)fr->payload_len + ((fr->flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
        /* everything the peer sent so far is acknowledged */
        if (fr->flags & TCP_ACK)
            assert_int_equal(fr->ack, next[peer]);
        assert_int_equal(fr->mss, (fr->flags & TCP_SYN) ? MSS : 0);
        if (fr->payload_len) {
            assert_int_equal(fr->flags, TCP_PSH | TCP_ACK);
            assert_true(out_len[me] + fr->payload_len <= STREAM_MAX);
            memcpy(out[me] + out_len[me], fr->payload, fr->payload_len);
            out_len[me] += fr->payload_len;
        }
    }
}

/* The records each side sent, in wire order, end to end. */
static void records_of(const trace *t, uint8_t *out[2], size_t out_len[2])
{
    out_len[0] = out_len[1] = 0;
    for (size_t i = 0; i < t->n_msgs; i++) {
        const trace_msg *m = &t->msgs[i];
        assert_true(out_len[m->from] + m->record_len <= STREAM_MAX);
        memcpy(out[m->from] + out_len[m->from], m->record, m->record_len);
        out_len[m->from] += m->record_len;
    }
}

static sim *run_seeded(uint64_t seed)
{
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = seed };
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    return s;
}

static void test_pcap_seeded_run(void **state)
{
    (void)state;
    static uint8_t got_c[STREAM_MAX], got_s[STREAM_MAX], want_c[STREAM_MAX], want_s[STREAM_MAX];
    uint8_t *got[2] = { got_c, got_s }, *want[2] = { want_c, want_s };
    size_t got_len[2], want_len[2];
    sim *s = run_seeded(1);
    capture *c = capture_of(&s->tr);

    assert_int_equal(s->tr.n_msgs, 15);
    /* SYN, SYN-ACK, ACK; one segment per record (all are under the MSS);
     * FIN, FIN, ACK */
    assert_int_equal(c->n, 3 + s->tr.n_msgs + 3);
    check_connection(c, SIM_SEEDED_CLOCK, got, got_len);
    for (size_t i = 0; i < s->tr.n_msgs; i++) {
        const trace_msg *m = &s->tr.msgs[i];
        const frame *fr = &c->frames[3 + i];
        assert_int_equal(fr->from, m->from);
        assert_int_equal(fr->payload_len, m->record_len);
        assert_memory_equal(fr->payload, m->record, m->record_len);
    }
    records_of(&s->tr, want, want_len);
    assert_true(want_len[PARTY_CLIENT] > 0 && want_len[PARTY_SERVER] > 0);
    for (int p = 0; p < 2; p++) {
        assert_int_equal(got_len[p], want_len[p]);
        assert_memory_equal(got[p], want[p], want_len[p]);
    }
    /* the first payload is the ClientHello record */
    assert_int_equal(c->frames[3].payload[0], 0x16);
    assert_int_equal(c->frames[3].payload[5], 0x01);

    capture_free(c);
    sim_free(s);
}

/* Several messages in one record: the capture holds each record once, and
 * each side's byte stream is the records it wrote, end to end. */
static void test_pcap_flight_writes_each_record_once(void **state)
{
    (void)state;
    static uint8_t got_c[STREAM_MAX], got_s[STREAM_MAX];
    uint8_t *got[2] = { got_c, got_s };
    size_t got_len[2], want_len[2] = { 0, 0 };
    sim *s = sim_new();
    assert_non_null(s);
    sim_options o = { .seeded = true, .seed = 1 };
    assert_int_equal(hsio_framing_parse("flight", &o.framing), ERR_OK);
    assert_int_equal(sim_run(s, &o), ERR_OK);
    assert_true(s->tr.outcome.ok);
    assert_int_equal(s->tr.n_recs, 9);
    assert_int_equal(s->tr.n_msgs, 15);
    capture *c = capture_of(&s->tr);
    assert_int_equal(c->n, 3 + s->tr.n_recs + 3);
    check_connection(c, SIM_SEEDED_CLOCK, got, got_len);
    for (size_t i = 0; i < s->tr.n_recs; i++) {
        const trace_record *r = &s->tr.recs[i];
        assert_true(want_len[r->from] + r->len <= got_len[r->from]);
        assert_memory_equal(got[r->from] + want_len[r->from], r->bytes, r->len);
        want_len[r->from] += r->len;
    }
    assert_int_equal(got_len[0], want_len[0]);
    assert_int_equal(got_len[1], want_len[1]);
    capture_free(c);
    sim_free(s);
}

static void test_pcap_same_seed_same_bytes(void **state)
{
    (void)state;
    sim *a = run_seeded(1), *b = run_seeded(1), *other = run_seeded(2);
    capture *ca = capture_of(&a->tr), *cb = capture_of(&b->tr), *co = capture_of(&other->tr);
    assert_int_equal(ca->len, cb->len);
    assert_memory_equal(ca->buf, cb->buf, ca->len);
    /* and the bytes do depend on the run */
    assert_true(ca->len != co->len || memcmp(ca->buf, co->buf, ca->len) != 0);
    capture_free(ca);
    capture_free(cb);
    capture_free(co);
    sim_free(a);
    sim_free(b);
    sim_free(other);
}

/* A capture of no records at the seeded clock: the connection alone, with
 * the client's SYN as the known answer. */
static void test_pcap_empty_trace_known_syn(void **state)
{
    (void)state;
    static uint8_t got_c[STREAM_MAX], got_s[STREAM_MAX];
    uint8_t *got[2] = { got_c, got_s };
    size_t got_len[2];
    trace t;
    trace_init(&t);
    t.now = SIM_SEEDED_CLOCK;
    capture *c = capture_of(&t);
    assert_int_equal(c->n, 6);
    check_connection(c, SIM_SEEDED_CLOCK, got, got_len);
    assert_int_equal(got_len[0] + got_len[1], 0);

    /* global header (24 bytes), record header (16), then the 58-byte SYN:
     * Ethernet, IPv4 with checksum 3e7a, TCP with checksum da18 and MSS 1460 */
    assert_true(c->len >= 24 + 16 + 58);
    assert_hex_equal(c->buf, 24 + 16 + 58,
        "a1b2c3d4" "0002" "0004" "00000000" "00000000" "0000ffff" "00000001"
        "67878720" "00000000" "0000003a" "0000003a"
        "020000000014" "02000000000a" "0800"
        "4500002c" "1000" "4000" "40" "06" "3e7a" "c000020a" "c6336414"
        "c000" "01bb" "10000000" "00000000" "60" "02" "ffff" "da18" "0000" "020405b4");
    capture_free(c);
    trace_free(&t);
}

/* A record longer than the MSS goes out in several segments that carry it
 * whole; the clock's microseconds carry into the seconds. */
static void test_pcap_long_record_is_segmented(void **state)
{
    (void)state;
    static uint8_t got_c[STREAM_MAX], got_s[STREAM_MAX], big[3000];
    uint8_t *got[2] = { got_c, got_s };
    size_t got_len[2];
    static uint8_t answer[] = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (uint8_t)(i * 7 + 1);
    trace_record recs[2] = {
        { .seq = 1, .from = PARTY_CLIENT, .bytes = big, .len = sizeof big },
        { .seq = 2, .from = PARTY_SERVER, .bytes = answer, .len = sizeof answer },
    };
    trace t = { .now = 999, .recs = recs, .n_recs = 2 };
    capture *c = capture_of(&t);

    assert_int_equal(c->n, 3 + 3 + 1 + 3); /* 3000 = 1460 + 1460 + 80 */
    check_connection(c, 999, got, got_len);
    assert_int_equal(c->frames[3].payload_len, MSS);
    assert_int_equal(c->frames[4].payload_len, MSS);
    assert_int_equal(c->frames[5].payload_len, 80);
    assert_int_equal(got_len[PARTY_CLIENT], sizeof big);
    assert_memory_equal(got[PARTY_CLIENT], big, sizeof big);
    assert_int_equal(got_len[PARTY_SERVER], sizeof answer);
    assert_memory_equal(got[PARTY_SERVER], answer, sizeof answer);
    capture_free(c);
}

/* Timestamps come from the simulated clock only: 1000 frames after a clock
 * of 0 is exactly one second, and a clock before 1970 writes as 0. */
static void test_pcap_clock(void **state)
{
    (void)state;
    static uint8_t got_c[STREAM_MAX], got_s[STREAM_MAX];
    static uint8_t rec[] = { 0x17, 0x03, 0x03, 0x00, 0x01, 0x41 };
    uint8_t *got[2] = { got_c, got_s };
    size_t got_len[2];
    enum { N = 1000 };
    trace_record *recs = calloc(N, sizeof *recs);
    assert_non_null(recs);
    for (size_t i = 0; i < N; i++) {
        recs[i].from = (i & 1) ? PARTY_SERVER : PARTY_CLIENT;
        recs[i].bytes = rec;
        recs[i].len = sizeof rec;
    }
    trace t = { .now = -5, .recs = recs, .n_recs = N };
    capture *c = capture_of(&t);
    assert_int_equal(c->n, 3 + N + 3);
    check_connection(c, 0, got, got_len);
    assert_int_equal(c->frames[999].ts_sec, 0);
    assert_int_equal(c->frames[999].ts_usec, 999000);
    assert_int_equal(c->frames[1000].ts_sec, 1);
    assert_int_equal(c->frames[1000].ts_usec, 0);
    assert_int_equal(got_len[PARTY_CLIENT], N / 2 * sizeof rec);
    capture_free(c);
    free(recs);
}

/* A socket run over IPv6 (t->addr_v6): Ethernet type 0x86DD, the fixed
 * IPv6 header (RFC 8200 §3) with the connection's addresses, the TCP
 * checksum over IPv6's pseudo-header (§8.1), an MSS that leaves room for
 * the larger header, and the records, unchanged, in the payloads. */
static void test_pcap_ipv6(void **state)
{
    (void)state;
    static uint8_t got[2][STREAM_MAX], want[2][STREAM_MAX];
    uint8_t *want_p[2] = { want[0], want[1] };
    size_t got_len[2] = { 0, 0 }, want_len[2];
    sim *s = run_seeded(5);
    trace *t = &s->tr;
    static const uint8_t ip[2][16] = {
        { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 }, /* 2001:db8::10, RFC 3849 */
        { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x20 },
    };
    t->has_addr = t->addr_v6 = true;
    memcpy(t->addr_ip, ip, sizeof ip);
    t->addr_port[PARTY_CLIENT] = 50000;
    t->addr_port[PARTY_SERVER] = 8443;
    records_of(t, want_p, want_len);

    char *mem = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&mem, &len);
    assert_non_null(f);
    export_pcap(f, t);
    assert_int_equal(fclose(f), 0);
    rd r, hdr;
    rd_init(&r, (const uint8_t *)mem, len);
    assert_true(rd_sub(&r, 24, &hdr)); /* the file header, as for IPv4 */
    size_t frames = 0, syns = 0;
    while (!rd_empty(&r)) {
        uint32_t sec, usec, incl, orig;
        rd body;
        assert_true(rd_u32(&r, &sec) && rd_u32(&r, &usec) && rd_u32(&r, &incl) &&
                    rd_u32(&r, &orig));
        assert_int_equal(incl, orig);
        assert_true(incl <= 14 + 40 + 24 + 1440);
        assert_true(rd_sub(&r, incl, &body));
        const uint8_t *p = body.p;
        assert_int_equal(p[12] << 8 | p[13], 0x86dd);
        const uint8_t *v6 = p + 14, *tcp = p + 14 + 40;
        assert_int_equal(be32(v6), 6u << 28);                 /* version 6, class 0, flow 0 */
        size_t seg = (size_t)(v6[4] << 8 | v6[5]);
        assert_int_equal(seg, incl - 14 - 40);                /* payload length */
        assert_int_equal(v6[6], 6);                           /* next header: TCP */
        assert_int_equal(v6[7], 64);                          /* hop limit */
        uint16_t sport = (uint16_t)(tcp[0] << 8 | tcp[1]);
        party from = sport == 50000 ? PARTY_CLIENT : PARTY_SERVER;
        assert_int_equal(sport, t->addr_port[from]);
        assert_int_equal(tcp[2] << 8 | tcp[3], t->addr_port[party_peer(from)]);
        assert_memory_equal(v6 + 8, ip[from], 16);
        assert_memory_equal(v6 + 24, ip[party_peer(from)], 16);
        /* RFC 8200 §8.1: source, destination, 32-bit length, 3 zeros, next header */
        uint8_t pseudo[40] = { 0 };
        memcpy(pseudo, v6 + 8, 32);
        pseudo[34] = (uint8_t)(seg >> 8);
        pseudo[35] = (uint8_t)seg;
        pseudo[39] = 6;
        assert_int_equal(ones_sum(ones_sum(0, pseudo, sizeof pseudo), tcp, seg), 0xffff);
        size_t off = (size_t)(tcp[12] >> 4) * 4;
        if (tcp[13] & TCP_SYN) {
            syns++;
            assert_int_equal(off, 24);
            assert_int_equal(tcp[22] << 8 | tcp[23], 1440); /* 1500 - 40 - 20 */
        }
        assert_true(got_len[from] + seg - off <= STREAM_MAX);
        memcpy(got[from] + got_len[from], tcp + off, seg - off);
        got_len[from] += seg - off;
        frames++;
    }
    assert_int_equal(syns, 2);
    assert_true(frames > 20);
    for (int k = 0; k < 2; k++) {
        assert_int_equal(got_len[k], want_len[k]);
        assert_memory_equal(got[k], want[k], want_len[k]);
    }
    free(mem);
    sim_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcap_seeded_run),
        cmocka_unit_test(test_pcap_flight_writes_each_record_once),
        cmocka_unit_test(test_pcap_same_seed_same_bytes),
        cmocka_unit_test(test_pcap_empty_trace_known_syn),
        cmocka_unit_test(test_pcap_long_record_is_segmented),
        cmocka_unit_test(test_pcap_clock),
        cmocka_unit_test(test_pcap_ipv6),
    };
    return cmocka_run_group_tests_name("pcap", tests, test_setup_sodium, NULL);
}
