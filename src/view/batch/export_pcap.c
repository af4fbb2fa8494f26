/* export_pcap.c — the run's records as a packet capture that Wireshark and
 * tshark open like a real one: a classic pcap file of Ethernet II / IPv4 / TCP
 * frames between 192.0.2.10:49152 (client) and 198.51.100.20:443 (server),
 * both from the documentation ranges of RFC 5737.
 *
 * The conversation is what a real TCP connection would carry: the three-way
 * handshake (RFC 9293 §3.5), then every TLS record in wire order as PSH|ACK
 * data from its sender, then an orderly close (FIN|ACK both ways and the last
 * ACK, RFC 9293 §3.6). Sequence numbers are contiguous per direction and each
 * segment acknowledges everything the peer has sent, because the in-memory
 * wire never loses or reorders anything.
 *
 * Everything is deterministic: fixed addresses, ports, initial sequence
 * numbers and IP IDs, and timestamps taken from the simulated clock (t->now)
 * plus a fixed step per frame — never the time of writing — so a seeded run
 * always exports the same bytes.
 *
 * Every multi-byte field is written through wr (big-endian, byte by byte), so
 * the output does not depend on the host's byte order or struct layout.
 * A run against a real peer (t->has_addr) uses the connection's own
 * addresses and ports instead, over IPv6 (RFC 8200 §3) when it was an IPv6
 * connection (t->addr_v6).
 *
 * Formats: pcap (https://wiki.wireshark.org/Development/LibpcapFileFormat and
 * draft-ietf-opsawg-pcap), Ethernet II (IEEE 802.3 type field), IPv4
 * (RFC 791 §3.1), IPv6 (RFC 8200 §3, its checksum pseudo-header §8.1), TCP
 * (RFC 9293 §3.1, formerly RFC 793), the Internet checksum (RFC 1071).
 */
#include "view/batch/export.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/wr.h"

/* pcap global header: magic, version 2.4, snaplen, link type 1 (Ethernet).
 * We write it big-endian; a reader learns the byte order from the magic,
 * which then reads a1 b2 c3 d4 in a hex dump, like every field after it. */
#define PCAP_MAGIC 0xa1b2c3d4u
#define PCAP_VERSION_MAJOR 2
#define PCAP_VERSION_MINOR 4
#define PCAP_SNAPLEN 65535u
#define PCAP_LINKTYPE_ETHERNET 1u
/* Frames are this far apart on the simulated clock. */
#define PCAP_TICK_US 1000u

#define PCAP_ETH_LEN 14
#define PCAP_ETHERTYPE_IPV4 0x0800
#define PCAP_ETHERTYPE_IPV6 0x86dd
#define PCAP_IP_LEN 20      /* IHL 5: no options */
#define PCAP_IP6_LEN 40     /* the fixed header, no extension headers (RFC 8200 §3) */
#define PCAP_IP_PROTO_TCP 6
#define PCAP_IP_TTL 64
#define PCAP_IP_DF 0x4000   /* flags: don't fragment, offset 0 (RFC 791 §3.1) */
#define PCAP_TCP_LEN 20     /* data offset 5: no options */
#define PCAP_TCP_MSS_OPT_LEN 4
/* The MSS both sides announce on their SYN: an Ethernet MTU of 1500 minus the
 * IPv4 and TCP headers. A record longer than this goes out in several
 * segments, as a real stack would send it. */
#define PCAP_TCP_MSS 1460
#define PCAP_TCP6_MSS (PCAP_TCP_MSS - (PCAP_IP6_LEN - PCAP_IP_LEN)) /* the same 1500-byte MTU */
#define PCAP_TCP_WINDOW 65535
#define PCAP_FRAME_MAX (PCAP_ETH_LEN + PCAP_IP_LEN + PCAP_TCP_LEN + PCAP_TCP_MSS)

/* TCP control bits (RFC 9293 §3.1). */
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

/* One end of the connection. seq is the next sequence number it sends; as
 * nothing is lost, it is also what the peer acknowledges. */
typedef struct pcap_end {
    uint8_t mac[6];
    uint8_t ip[16];         /* IPv4: the first 4 bytes */
    uint16_t port;
    uint32_t seq;
    uint16_t ip_id;
} pcap_end;

typedef struct pcap_conn {
    FILE *f;
    pcap_end end[2];        /* indexed by party */
    bool v6;                /* IPv6 frames, not IPv4 */
    size_t mss;             /* what the SYN announces and the most a segment carries */
    uint64_t clock_s;       /* the simulated clock at the first frame */
    uint64_t frames;        /* frames written so far */
} pcap_conn;

/* Add bytes to a one's complement sum as big-endian 16-bit words, an odd
 * last byte padded with zero (RFC 1071 §1). */
static uint32_t pcap_sum(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    return sum;
}

/* Fold the carries back in and complement: the value for a checksum field. */
static uint16_t pcap_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

static void pcap_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* The file header (24 bytes). */
static void pcap_write_global(FILE *f)
{
    uint8_t buf[24];
    wr w;
    wr_init(&w, buf, sizeof buf);
    wr_u32(&w, PCAP_MAGIC);
    wr_u16(&w, PCAP_VERSION_MAJOR);
    wr_u16(&w, PCAP_VERSION_MINOR);
    wr_u32(&w, 0);                      /* thiszone: timestamps are UTC */
    wr_u32(&w, 0);                      /* sigfigs */
    wr_u32(&w, PCAP_SNAPLEN);
    wr_u32(&w, PCAP_LINKTYPE_ETHERNET);
    fwrite(buf, 1, w.len, f);
}

/* One frame from `from`: Ethernet, IPv4, TCP with the given flags, and
 * payload (at most PCAP_TCP_MSS bytes). Advances the sender's sequence number
 * by the payload, plus one for SYN or FIN, which each take a sequence number
 * (RFC 9293 §3.4). Write errors stay in f for the caller (ferror). */
static void pcap_segment(pcap_conn *c, party from, uint8_t flags, const uint8_t *payload,
                         size_t n)
{
    pcap_end *me = &c->end[from];
    const pcap_end *peer = &c->end[party_peer(from)];
    size_t tcp_len = (flags & TCP_SYN) ? PCAP_TCP_LEN + PCAP_TCP_MSS_OPT_LEN : PCAP_TCP_LEN;
    uint8_t frame[PCAP_FRAME_MAX];
    wr w;
    wr_init(&w, frame, sizeof frame);

    size_t ip_len = c->v6 ? 16 : 4;
    /* Ethernet II: destination, source, EtherType. */
    wr_bytes(&w, peer->mac, sizeof peer->mac);
    wr_bytes(&w, me->mac, sizeof me->mac);
    wr_u16(&w, c->v6 ? PCAP_ETHERTYPE_IPV6 : PCAP_ETHERTYPE_IPV4);

    size_t ip_at = w.len;
    if (c->v6) {
        /* IPv6 header (RFC 8200 §3): no header checksum; TCP's covers the addresses */
        wr_u32(&w, 6u << 28);           /* version 6, traffic class 0, flow label 0 */
        wr_u16(&w, (uint16_t)(tcp_len + n)); /* payload length */
        wr_u8(&w, PCAP_IP_PROTO_TCP);   /* next header */
        wr_u8(&w, PCAP_IP_TTL);         /* hop limit */
    } else {
        /* IPv4 header (RFC 791 §3.1). */
        wr_u8(&w, 0x45);                /* version 4, IHL 5 words */
        wr_u8(&w, 0);                   /* type of service */
        wr_u16(&w, (uint16_t)(PCAP_IP_LEN + tcp_len + n)); /* total length */
        wr_u16(&w, me->ip_id);          /* identification */
        wr_u16(&w, PCAP_IP_DF);         /* flags, fragment offset */
        wr_u8(&w, PCAP_IP_TTL);
        wr_u8(&w, PCAP_IP_PROTO_TCP);
        wr_u16(&w, 0);                  /* header checksum, patched below */
    }
    wr_bytes(&w, me->ip, ip_len);
    wr_bytes(&w, peer->ip, ip_len);

    /* TCP header (RFC 9293 §3.1). The first SYN acknowledges nothing, so its
     * acknowledgment field is zero (the ACK bit is off). */
    size_t tcp_at = w.len;
    wr_u16(&w, me->port);
    wr_u16(&w, peer->port);
    wr_u32(&w, me->seq);
    wr_u32(&w, (flags & TCP_ACK) ? peer->seq : 0);
    wr_u8(&w, (uint8_t)(tcp_len / 4 << 4)); /* data offset in words, reserved */
    wr_u8(&w, flags);
    wr_u16(&w, PCAP_TCP_WINDOW);
    wr_u16(&w, 0);                      /* checksum, patched below */
    wr_u16(&w, 0);                      /* urgent pointer */
    if (flags & TCP_SYN) {
        /* Maximum Segment Size option: kind 2, length 4 (RFC 9293 §3.2). */
        wr_u8(&w, 2);
        wr_u8(&w, PCAP_TCP_MSS_OPT_LEN);
        wr_u16(&w, (uint16_t)c->mss);
    }
    wr_bytes(&w, payload, n);
    if (wr_status(&w) != ERR_OK)
        return; /* payload over the MSS: export_pcap never asks for that */

    /* The IPv4 checksum covers the header only (RFC 791 §3.1). */
    if (!c->v6)
        pcap_put16(frame + ip_at + 10, pcap_fold(pcap_sum(0, frame + ip_at, PCAP_IP_LEN)));

    /* The TCP checksum covers a pseudo-header, then the segment: IPv4's is
     * source and destination address, zero, protocol and TCP length (RFC
     * 9293 §3.1); IPv6's the addresses, a 32-bit length, three zero bytes
     * and the next header (RFC 8200 §8.1). */
    size_t seg_len = w.len - tcp_at;
    uint8_t pseudo[40] = { 0 };
    size_t pl;
    memcpy(pseudo, me->ip, ip_len);
    memcpy(pseudo + ip_len, peer->ip, ip_len);
    if (c->v6) {
        pseudo[34] = (uint8_t)(seg_len >> 8);
        pseudo[35] = (uint8_t)seg_len;
        pseudo[39] = PCAP_IP_PROTO_TCP;
        pl = 40;
    } else {
        pseudo[9] = PCAP_IP_PROTO_TCP;
        pcap_put16(pseudo + 10, (uint16_t)seg_len);
        pl = 12;
    }
    uint32_t sum = pcap_sum(pcap_sum(0, pseudo, pl), frame + tcp_at, seg_len);
    pcap_put16(frame + tcp_at + 16, pcap_fold(sum));

    /* pcap record header: seconds, microseconds, captured and original
     * length (the whole frame: nothing is cut off). Classic pcap seconds are
     * 32 bits wide. */
    uint64_t us = c->frames * PCAP_TICK_US;
    uint8_t hdr[16];
    wr wh;
    wr_init(&wh, hdr, sizeof hdr);
    wr_u32(&wh, (uint32_t)(c->clock_s + us / 1000000u));
    wr_u32(&wh, (uint32_t)(us % 1000000u));
    wr_u32(&wh, (uint32_t)w.len);
    wr_u32(&wh, (uint32_t)w.len);
    fwrite(hdr, 1, wh.len, c->f);
    fwrite(frame, 1, w.len, c->f);

    c->frames++;
    me->ip_id++;
    me->seq += (uint32_t)n + ((flags & (TCP_SYN | TCP_FIN)) ? 1u : 0u);
}

void export_pcap(FILE *f, const trace *t)
{
    pcap_conn c = {
        .f = f,
        .end = {
            [PARTY_CLIENT] = { .mac = { 0x02, 0, 0, 0, 0, 0x0a }, .ip = { 192, 0, 2, 10 },
                               .port = 49152, .seq = 0x10000000, .ip_id = 0x1000 },
            [PARTY_SERVER] = { .mac = { 0x02, 0, 0, 0, 0, 0x14 }, .ip = { 198, 51, 100, 20 },
                               .port = 443, .seq = 0x20000000, .ip_id = 0x2000 },
        },
        /* A clock before 1970 cannot be written; start at 0 then. */
        .clock_s = t->now > 0 ? (uint64_t)t->now : 0,
        .frames = 0,
        .mss = PCAP_TCP_MSS,
    };
    if (t->has_addr) {
        /* a socket run: the real connection's addresses and ports */
        c.v6 = t->addr_v6;
        c.mss = c.v6 ? PCAP_TCP6_MSS : PCAP_TCP_MSS;
        for (int p = 0; p < 2; p++) {
            memcpy(c.end[p].ip, t->addr_ip[p], c.v6 ? 16 : 4);
            c.end[p].port = t->addr_port[p];
        }
    }
    pcap_write_global(f);

    /* Three-way handshake (RFC 9293 §3.5). */
    pcap_segment(&c, PARTY_CLIENT, TCP_SYN, NULL, 0);
    pcap_segment(&c, PARTY_SERVER, TCP_SYN | TCP_ACK, NULL, 0);
    pcap_segment(&c, PARTY_CLIENT, TCP_ACK, NULL, 0);

    /* The records, in the order they crossed the wire, as the receiver got
     * them (after any tampering in flight). TCP is a byte stream: a record
     * longer than one segment continues in the next. */
    for (size_t i = 0; i < t->n_recs; i++) {
        /* each record once, however many messages it carries */
        const trace_record *r = &t->recs[i];
        for (size_t off = 0; r->bytes && off < r->len; off += c.mss) {
            size_t n = r->len - off;
            if (n > c.mss)
                n = c.mss;
            pcap_segment(&c, r->from, TCP_PSH | TCP_ACK, r->bytes + off, n);
        }
    }

    /* Orderly close (RFC 9293 §3.6): the client closes first, the server
     * answers with its own FIN, the client acknowledges it. */
    pcap_segment(&c, PARTY_CLIENT, TCP_FIN | TCP_ACK, NULL, 0);
    pcap_segment(&c, PARTY_SERVER, TCP_FIN | TCP_ACK, NULL, 0);
    pcap_segment(&c, PARTY_CLIENT, TCP_ACK, NULL, 0);
}
