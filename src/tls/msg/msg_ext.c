/* msg_ext.c — the extensions as a table (RFC 5246 §7.4.1.4, RFC 8446 §4.2):
 * one row per extension type mtls-sim knows, with the messages that may
 * carry it and the writer and parser of its extension_data.
 *
 *   struct {
 *       ExtensionType extension_type;
 *       opaque extension_data<0..2^16-1>;
 *   } Extension;
 *
 * The rows are in the order a message writes them, which is also ascending
 * type order. A row's functions get the message they belong to
 * (msg_ext_msg): its `in` bit says which one, and a row is never called
 * for a message its `in` does not name. Where TLS 1.3 moved an extension
 * (server_name's answer from the ServerHello to EncryptedExtensions), the
 * row says so in its `in`: RFC 8446 §4.2 lists where each may appear.
 */
#include "tls/msg/msg.h"

#include <stdio.h>
#include <string.h>

/* server_name (RFC 6066 §3):
 *   struct { NameType name_type; HostName host_name<1..2^16-1>; } ServerName;
 *   ServerName server_name_list<1..2^16-1>
 * A server that used the name answers with an empty extension_data. */
static bool sni_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->has_sni : m->sh ? m->sh->sni_ack : m->ee->sni_ack;
}

static void sni_write(wr *w, const msg_ext_msg *m)
{
    const msg_client_hello *ch = m->ch;
    if (!ch)
        return; /* the server's answer is empty */
    wr_len list, host;
    wr_begin(w, &list, 2);
    wr_u8(w, 0); /* host_name */
    wr_begin(w, &host, 2);
    wr_bytes(w, ch->sni, strlen(ch->sni));
    wr_end(w, &host);
    wr_end(w, &list);
}

static err_t sni_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    msg_client_hello *ch = m->ch;
    if (!ch) {
        CHECK(rd_empty(body), ERR_HS_ILLEGAL_PARAM);
        if (m->sh)
            m->sh->sni_ack = true;
        else
            m->ee->sni_ack = true;
        return ERR_OK;
    }
    rd list, host;
    uint8_t name_type;
    int s = sp_open(sp, body, "server_name_list length");
    CHECK(rd_vec16(body, &list), ERR_TRUNCATED);
    sp_close(sp, s, &list);
    s = sp_open(sp, &list, "name_type (host_name)");
    CHECK(rd_u8(&list, &name_type), ERR_TRUNCATED);
    sp_close(sp, s, &list);
    s = sp_open(sp, &list, "host_name");
    CHECK(rd_vec16(&list, &host), ERR_TRUNCATED);
    sp_close(sp, s, &list);
    CHECK(name_type == 0, ERR_HS_ILLEGAL_PARAM);
    size_t n = rd_left(&host);
    CHECK(n >= 1 && n <= MSG_HOSTNAME_MAX, ERR_HS_ILLEGAL_PARAM);
    /* printable ASCII only: the name is shown and compared with the SAN */
    for (size_t i = 0; i < n; i++)
        CHECK(host.p[i] > 0x20 && host.p[i] < 0x7f, ERR_HS_ILLEGAL_PARAM);
    memcpy(ch->sni, host.p, n);
    ch->sni[n] = '\0';
    ch->has_sni = true;
    CHECK(rd_empty(&list), ERR_TRAILING);
    return ERR_OK;
}

/* A list of uint16 behind a 2-byte length. An empty list is illegal, so a
 * ClientHello without entries leaves the extension out. */
static void u16_list_write(wr *w, const uint16_t *v, size_t n)
{
    wr_len l;
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < n; i++)
        wr_u16(w, v[i]);
    wr_end(w, &l);
}

/* supported_groups (RFC 8422 §5.1.1, RFC 8446 §4.2.7):
 * NamedGroup named_group_list<2..2^16-1>; a TLS 1.3 server may name its own
 * preference in EncryptedExtensions. */
static bool groups_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->n_groups > 0 : m->ee->n_groups > 0;
}

static void groups_write(wr *w, const msg_ext_msg *m)
{
    if (m->ch)
        u16_list_write(w, m->ch->groups, m->ch->n_groups);
    else
        u16_list_write(w, m->ee->groups, m->ee->n_groups);
}

static err_t groups_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    if (m->ch)
        return msg_u16_list_parse(body, m->ch->groups, &m->ch->n_groups, sp, "named groups");
    return msg_u16_list_parse(body, m->ee->groups, &m->ee->n_groups, sp, "named groups");
}

/* ec_point_formats (RFC 8422 §5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>,
 * written with the one format mtls-sim uses. */
static bool formats_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->has_point_formats : m->sh->has_point_formats;
}

static void formats_write(wr *w, const msg_ext_msg *m)
{
    (void)m;
    wr_len l;
    wr_begin(w, &l, 1);
    wr_u8(w, POINT_FORMAT_UNCOMPRESSED);
    wr_end(w, &l);
}

static err_t formats_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    msg_client_hello *ch = m->ch;
    msg_server_hello *sh = m->sh;
    rd list;
    bool unc = false;
    int s = sp_open(sp, body, "point formats");
    CHECK(rd_vec8(body, &list), ERR_TRUNCATED);
    CHECK(!rd_empty(&list), ERR_HS_ILLEGAL_PARAM);
    while (!rd_empty(&list)) {
        uint8_t f;
        CHECK(rd_u8(&list, &f), ERR_TRUNCATED);
        unc |= f == POINT_FORMAT_UNCOMPRESSED;
    }
    sp_close(sp, s, body);
    /* RFC 8422 §5.1.2: uncompressed must be among them */
    CHECK(unc, ERR_HS_ILLEGAL_PARAM);
    if (ch) {
        ch->has_point_formats = true;
        ch->uncompressed_ok = true;
    } else {
        sh->has_point_formats = true;
    }
    return ERR_OK;
}

/* signature_algorithms (RFC 5246 §7.4.1.4.1, RFC 8446 §4.2.3):
 * SignatureScheme supported_signature_algorithms<2..2^16-2>; in TLS 1.3 a
 * CertificateRequest carries it too, for the client's CertificateVerify. */
static bool sigalgs_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->n_sigalgs > 0 : m->cr->has_sigalgs;
}

static void sigalgs_write(wr *w, const msg_ext_msg *m)
{
    if (m->ch)
        u16_list_write(w, m->ch->sigalgs, m->ch->n_sigalgs);
    else
        u16_list_write(w, m->cr->sigalgs, m->cr->n_sigalgs);
}

static err_t sigalgs_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    if (m->ch)
        return msg_u16_list_parse(body, m->ch->sigalgs, &m->ch->n_sigalgs, sp,
                                  "signature schemes");
    m->cr->has_sigalgs = true;
    return msg_u16_list_parse(body, m->cr->sigalgs, &m->cr->n_sigalgs, sp,
                              "signature schemes");
}

/* extended_master_secret (RFC 7627 §5.1): extension_data is empty. */
static bool ems_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->ems : m->sh->ems;
}

static err_t ems_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    (void)sp;
    CHECK(rd_empty(body), ERR_HS_ILLEGAL_PARAM);
    if (m->ch)
        m->ch->ems = true;
    else
        m->sh->ems = true;
    return ERR_OK;
}

/* renegotiation_info (RFC 5746 §3.2):
 *   struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo;
 * An initial handshake sends it empty (§3.4, §3.6), so the body written is
 * the single length byte 0; mtls-sim never renegotiates. */
static bool reneg_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->reneg_info : m->sh->reneg_info;
}

static void reneg_write(wr *w, const msg_ext_msg *m)
{
    (void)m;
    wr_u8(w, 0);
}

static err_t reneg_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    msg_client_hello *ch = m->ch;
    msg_server_hello *sh = m->sh;
    /* Parsed as the struct says; whether a non-empty value is acceptable is
     * the endpoint's check (handshake_failure, RFC 5746 §3.4, §3.6), not a
     * framing error. */
    rd conn;
    int s = sp_open(sp, body, "renegotiated_connection");
    CHECK(rd_vec8(body, &conn), ERR_TRUNCATED);
    sp_close(sp, s, body);
    uint8_t n = (uint8_t)rd_left(&conn);
    if (ch) {
        ch->reneg_info = true;
        ch->reneg_len = n;
    } else {
        sh->reneg_info = true;
        sh->reneg_len = n;
    }
    return ERR_OK;
}

/* supported_versions (RFC 8446 §4.2.1):
 *   struct {
 *       select (Handshake.msg_type) {
 *           case client_hello: ProtocolVersion versions<2..254>;
 *           case server_hello: ProtocolVersion selected_version;
 *       };
 *   } SupportedVersions;
 * A ClientHello without it is TLS 1.2 (§4.2.1); so is a ServerHello. */
static bool versions_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->n_versions > 0 : m->sh->selected_version != 0;
}

static void versions_write(wr *w, const msg_ext_msg *m)
{
    if (!m->ch) {
        wr_u16(w, m->sh->selected_version);
        return;
    }
    wr_len l;
    wr_begin(w, &l, 1);
    for (size_t i = 0; i < m->ch->n_versions; i++)
        wr_u16(w, m->ch->versions[i]);
    wr_end(w, &l);
}

static err_t versions_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    if (!m->ch) {
        int s = sp_open(sp, body, "selected_version");
        CHECK(rd_u16(body, &m->sh->selected_version), ERR_TRUNCATED);
        sp_close(sp, s, body);
        /* 0 is no version, and here it would read as "absent" */
        CHECK(m->sh->selected_version != 0, ERR_HS_ILLEGAL_PARAM);
        return ERR_OK;
    }
    rd list;
    int s = sp_open(sp, body, "versions");
    CHECK(rd_vec8(body, &list), ERR_TRUNCATED);
    sp_close(sp, s, body);
    CHECK(rd_left(&list) >= 2 && rd_left(&list) % 2 == 0, ERR_HS_ILLEGAL_PARAM);
    m->ch->n_versions = 0;
    while (!rd_empty(&list)) {
        uint16_t v;
        CHECK(rd_u16(&list, &v), ERR_TRUNCATED);
        if (m->ch->n_versions < MSG_LIST_MAX) /* more is legal; the rest is ignored */
            m->ch->versions[m->ch->n_versions++] = v;
    }
    return ERR_OK;
}

/* certificate_authorities (RFC 8446 §4.2.4):
 *   opaque DistinguishedName<1..2^16-1>;
 *   struct { DistinguishedName authorities<3..2^16-1>; } CertificateAuthoritiesExtension;
 * A CertificateRequest names the CAs the server trusts; a ClientHello's is
 * read and not kept (mtls-sim's server has one certificate to send). */
static bool cas_present(const msg_ext_msg *m) { return m->cr && m->cr->n_cas > 0; }

static void cas_write(wr *w, const msg_ext_msg *m)
{
    wr_len l, one;
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < m->cr->n_cas; i++) {
        wr_begin(w, &one, 2);
        wr_bytes(w, m->cr->ca[i], m->cr->ca_len[i]);
        wr_end(w, &one);
    }
    wr_end(w, &l);
}

static err_t cas_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    rd list;
    size_t n = 0;
    int s = sp_open(sp, body, "authorities");
    CHECK(rd_vec16(body, &list), ERR_TRUNCATED);
    /* <3..>: at least one name of at least one byte */
    CHECK(rd_left(&list) >= 3, ERR_HS_ILLEGAL_PARAM);
    while (!rd_empty(&list)) {
        rd name;
        int sn = sp_openf(sp, &list, "DistinguishedName[%zu]", n);
        CHECK(rd_vec16(&list, &name), ERR_TRUNCATED);
        sp_close(sp, sn, &list);
        CHECK(rd_left(&name) >= 1, ERR_HS_ILLEGAL_PARAM);
        if (m->cr && m->cr->n_cas < MSG_CA_NAMES_MAX) {
            m->cr->ca[m->cr->n_cas] = name.p;
            m->cr->ca_len[m->cr->n_cas] = rd_left(&name);
            m->cr->n_cas++;
        }
        n++;
    }
    sp_close(sp, s, body);
    return ERR_OK;
}

/* key_share (RFC 8446 §4.2.8):
 *   struct { NamedGroup group; opaque key_exchange<1..2^16-1>; } KeyShareEntry;
 *   struct { KeyShareEntry client_shares<0..2^16-1>; } KeyShareClientHello;
 *   struct { NamedGroup selected_group; } KeyShareHelloRetryRequest;
 *   struct { KeyShareEntry server_share; } KeyShareServerHello;
 * An x25519 key_exchange is the 32-byte public key, a secp256r1 one the
 * 65-byte uncompressed point (§4.2.8.2). A client writes its entries in the
 * order of share_groups; entries of other groups are read by group. */
static bool share_present(const msg_ext_msg *m)
{
    return m->ch ? m->ch->key_share : m->sh->key_share;
}

static void share_entry_write(wr *w, uint16_t group, const uint8_t *key, size_t n)
{
    wr_len l;
    wr_u16(w, group);
    wr_begin(w, &l, 2);
    wr_bytes(w, key, n);
    wr_end(w, &l);
}

static void share_write(wr *w, const msg_ext_msg *m)
{
    if (!m->ch) {
        if (m->sh->hrr)
            wr_u16(w, m->sh->share_group);
        else
            share_entry_write(w, m->sh->share_group, m->sh->share, X25519_LEN);
        return;
    }
    const msg_client_hello *ch = m->ch;
    wr_len l;
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < ch->n_shares; i++) {
        if (ch->share_groups[i] == GROUP_X25519 && ch->has_x25519_share)
            share_entry_write(w, GROUP_X25519, ch->x25519_share, X25519_LEN);
        else if (ch->share_groups[i] == GROUP_SECP256R1)
            share_entry_write(w, GROUP_SECP256R1, ch->p256_share, P256_POINT_LEN);
    }
    wr_end(w, &l);
}

/* One KeyShareEntry: its group, and the key when it is x25519's. */
static err_t share_entry_parse(rd *r, uint16_t *group, bool *x25519, uint8_t key[X25519_LEN],
                               rd *kx_out, spans *sp)
{
    rd kx;
    int s = sp_open(sp, r, "group");
    CHECK(rd_u16(r, group), ERR_TRUNCATED);
    sp_close(sp, s, r);
    s = sp_open(sp, r, "key_exchange");
    CHECK(rd_vec16(r, &kx), ERR_TRUNCATED);
    sp_close(sp, s, r);
    CHECK(rd_left(&kx) >= 1, ERR_HS_ILLEGAL_PARAM);
    if (kx_out)
        *kx_out = kx;
    *x25519 = *group == GROUP_X25519;
    if (*x25519) {
        /* RFC 8446 §4.2.8.2: X25519's public value is exactly 32 bytes */
        CHECK(rd_left(&kx) == X25519_LEN, ERR_HS_ILLEGAL_PARAM);
        rd_copy(&kx, key, X25519_LEN);
    }
    return ERR_OK;
}

static err_t share_parse(rd *body, msg_ext_msg *m, spans *sp)
{
    bool x;
    if (!m->ch) {
        m->sh->key_share = true;
        if (m->sh->hrr) {
            int s = sp_open(sp, body, "selected_group");
            CHECK(rd_u16(body, &m->sh->share_group), ERR_TRUNCATED);
            sp_close(sp, s, body);
            return ERR_OK;
        }
        return share_entry_parse(body, &m->sh->share_group, &x, m->sh->share, NULL, sp);
    }
    msg_client_hello *ch = m->ch;
    rd list;
    int s = sp_open(sp, body, "client_shares");
    CHECK(rd_vec16(body, &list), ERR_TRUNCATED);
    ch->key_share = true;
    ch->n_shares = 0;
    while (!rd_empty(&list)) {
        uint16_t group;
        uint8_t key[X25519_LEN];
        int se = sp_openf(sp, &list, "KeyShareEntry[%zu]", ch->n_shares);
        rd kx;
        TRY(share_entry_parse(&list, &group, &x, key, &kx, sp));
        /* a secp256r1 point is kept as it came, so a writer can send it again */
        if (group == GROUP_SECP256R1 && rd_left(&kx) == P256_POINT_LEN)
            memcpy(ch->p256_share, kx.p, P256_POINT_LEN);
        sp_close(sp, se, &list);
        /* §4.2.8: "Clients MUST NOT offer multiple KeyShareEntry values
         * for the same group." */
        for (size_t i = 0; i < ch->n_shares; i++)
            CHECK(ch->share_groups[i] != group, ERR_HS_ILLEGAL_PARAM);
        CHECK(ch->n_shares < MSG_LIST_MAX, ERR_HS_ILLEGAL_PARAM);
        ch->share_groups[ch->n_shares++] = group;
        if (x) {
            ch->has_x25519_share = true;
            memcpy(ch->x25519_share, key, X25519_LEN);
        }
    }
    sp_close(sp, s, body);
    return ERR_OK;
}

#define BOTH (MSG_EXT_IN_CH | MSG_EXT_IN_SH)

/* The `in` column for TLS 1.3 follows RFC 8446 §4.2's table; the three
 * TLS 1.2-only rows (ec_point_formats, extended_master_secret,
 * renegotiation_info) may appear in no TLS 1.3 server message. */
const msg_ext_row msg_ext_table[] = {
    { EXT_SERVER_NAME, "server_name", BOTH | MSG_EXT_IN_EE, sni_present, sni_write,
      sni_parse },
    { EXT_SUPPORTED_GROUPS, "supported_groups", MSG_EXT_IN_CH | MSG_EXT_IN_EE, groups_present,
      groups_write, groups_parse },
    { EXT_EC_POINT_FORMATS, "ec_point_formats", BOTH, formats_present, formats_write,
      formats_parse },
    { EXT_SIGNATURE_ALGORITHMS, "signature_algorithms", MSG_EXT_IN_CH | MSG_EXT_IN_CR,
      sigalgs_present, sigalgs_write, sigalgs_parse },
    { EXT_EXTENDED_MASTER_SECRET, "extended_master_secret", BOTH, ems_present, NULL,
      ems_parse },
    { EXT_SUPPORTED_VERSIONS, "supported_versions", MSG_EXT_IN_CH | MSG_EXT_IN_SH13,
      versions_present, versions_write, versions_parse },
    { EXT_CERTIFICATE_AUTHORITIES, "certificate_authorities", MSG_EXT_IN_CH | MSG_EXT_IN_CR,
      cas_present, cas_write, cas_parse },
    { EXT_KEY_SHARE, "key_share", MSG_EXT_IN_CH | MSG_EXT_IN_SH13, share_present, share_write,
      share_parse },
    { EXT_RENEGOTIATION_INFO, "renegotiation_info", BOTH, reneg_present, reneg_write,
      reneg_parse },
};
const size_t msg_ext_table_len = sizeof msg_ext_table / sizeof msg_ext_table[0];

/* A msg_ext_set has one bit per row. */
_Static_assert(sizeof msg_ext_table / sizeof msg_ext_table[0] <= 32,
               "msg_ext_set has a bit for every row");

/* The row index of a type, or -1 for a type mtls-sim does not know. */
static int row_of(uint16_t type)
{
    for (size_t i = 0; i < msg_ext_table_len; i++)
        if (msg_ext_table[i].type == type)
            return (int)i;
    return -1;
}

const msg_ext_row *msg_ext_find(uint16_t type)
{
    int i = row_of(type);
    return i < 0 ? NULL : &msg_ext_table[i];
}

const char *msg_ext_name(uint16_t type)
{
    const msg_ext_row *row = msg_ext_find(type);
    return row ? row->name : "unknown";
}

msg_ext_set msg_ext_offered(const msg_client_hello *ch)
{
    msg_ext_set s = 0;
    msg_ext_msg m = { .in = MSG_EXT_IN_CH, .ch = (msg_client_hello *)ch };
    for (size_t i = 0; i < msg_ext_table_len; i++)
        if (msg_ext_table[i].present(&m))
            s |= (msg_ext_set)1 << i;
    /* RFC 5746 §3.3, §3.6: the SCSV asks for renegotiation_info as the
     * empty extension does */
    for (size_t i = 0; i < ch->n_suites; i++)
        if (ch->suites[i] == CS_EMPTY_RENEGOTIATION_INFO_SCSV)
            s |= (msg_ext_set)1 << row_of(EXT_RENEGOTIATION_INFO);
    return s;
}

void msg_ext_write(wr *w, const msg_ext_msg *m)
{
    wr_len exts, ext;
    wr_begin(w, &exts, 2);
    for (size_t i = 0; i < msg_ext_table_len; i++) {
        const msg_ext_row *row = &msg_ext_table[i];
        if (!(row->in & m->in) || !row->present(m))
            continue;
        wr_u16(w, row->type);
        wr_begin(w, &ext, 2);
        if (row->write)
            row->write(w, m);
        wr_end(w, &ext);
    }
    wr_end(w, &exts);
}

/* One bit per extension type, all 2^16 of them, to see a repeat. */
typedef struct ext_seen {
    uint8_t bit[65536 / 8];
} ext_seen;

static bool seen_before(ext_seen *s, uint16_t type)
{
    uint8_t mask = (uint8_t)(1u << (type & 7));
    bool was = (s->bit[type >> 3] & mask) != 0;
    s->bit[type >> 3] |= mask;
    return was;
}

/* The messages that ask (and so skip what they do not know). */
#define ASKING (MSG_EXT_IN_CH | MSG_EXT_IN_CR)

err_t msg_ext_parse(rd *r, msg_ext_msg *m, msg_ext_set offered, spans *sp)
{
    unsigned in = m->in;
    /* a ServerHello of either version: which one is known once
     * supported_versions has been read, so both are let in and the whole
     * set checked at the end */
    unsigned let_in = in == MSG_EXT_IN_SH ? MSG_EXT_IN_SH | MSG_EXT_IN_SH13 : in;
    msg_ext_set got = 0;
    ext_seen seen;
    rd exts;
    /* RFC 5246 §7.4.1.2: a hello's extensions block is optional; the TLS 1.3
     * messages always have one */
    if (rd_empty(r) && (in == MSG_EXT_IN_CH || in == MSG_EXT_IN_SH))
        return ERR_OK;
    memset(&seen, 0, sizeof seen);
    int s = sp_open(sp, r, "extensions");
    int sl = sp_open(sp, r, "extensions length");
    CHECK(rd_vec16(r, &exts), ERR_TRUNCATED);
    sp_close(sp, sl, &exts);
    while (!rd_empty(&exts)) {
        uint16_t type;
        rd body;
        int se = sp_open(sp, &exts, "extension");
        int sf = sp_open(sp, &exts, "extension type");
        CHECK(rd_u16(&exts, &type), ERR_TRUNCATED);
        sp_close(sp, sf, &exts);
        sf = sp_open(sp, &exts, "extension length");
        CHECK(rd_vec16(&exts, &body), ERR_TRUNCATED);
        sp_close(sp, sf, &body);
        if (se >= 0)
            snprintf(sp->v[se].name, SPAN_NAME_LEN, "extension %s (%u)", msg_ext_name(type),
                     type);
        /* "There MUST NOT be more than one extension of the same type." */
        CHECK(!seen_before(&seen, type), ERR_HS_ILLEGAL_PARAM);
        int i = row_of(type);
        if (i < 0) {
            /* A server ignores what it does not know. A client offered
             * nothing it does not know, so the server may not send it. */
            CHECK(in & ASKING, ERR_HS_UNSUPPORTED_EXT);
            rd_skip(&body, rd_left(&body));
        } else {
            const msg_ext_row *row = &msg_ext_table[i];
            /* RFC 8446 §4.2: a type this message may not carry is
             * illegal_parameter; TLS 1.2's ServerHello keeps RFC 5246
             * §7.4.1.4's unsupported_extension. In an answer, a type the
             * client did not offer is unsupported_extension. */
            CHECK(row->in & let_in,
                  in == MSG_EXT_IN_SH ? ERR_HS_UNSUPPORTED_EXT : ERR_HS_ILLEGAL_PARAM);
            if (!(in & ASKING))
                CHECK(offered & ((msg_ext_set)1 << i), ERR_HS_UNSUPPORTED_EXT);
            TRY(row->parse(&body, m, sp));
            got |= (msg_ext_set)1 << i;
        }
        CHECK(rd_empty(&body), ERR_TRAILING);
        sp_close(sp, se, &exts);
    }
    sp_close(sp, s, r);
    if (in == MSG_EXT_IN_SH) {
        /* RFC 8446 §4.1.3: a TLS 1.3 ServerHello carries only what a 1.3
         * ServerHello may; a TLS 1.2 one nothing of TLS 1.3 */
        bool v13 = m->sh->selected_version == TLS13_VERSION;
        unsigned want = v13 ? MSG_EXT_IN_SH13 : MSG_EXT_IN_SH;
        for (size_t i = 0; i < msg_ext_table_len; i++)
            CHECK(!(got & ((msg_ext_set)1 << i)) || (msg_ext_table[i].in & want),
                  v13 ? ERR_HS_ILLEGAL_PARAM : ERR_HS_UNSUPPORTED_EXT);
    }
    return ERR_OK;
}
