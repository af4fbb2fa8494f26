/* msg_ext.c — the hello extensions as a table (RFC 5246 §7.4.1.4): one row
 * per extension type mtls-sim knows, with the hellos that may carry it and
 * the writer and parser of its extension_data.
 *
 *   struct {
 *       ExtensionType extension_type;
 *       opaque extension_data<0..2^16-1>;
 *   } Extension;
 *
 * The rows are in the order a hello writes them, which is also ascending
 * type order. A row's functions get the hello they belong to: exactly one of
 * ch and sh is not NULL, and a row that may appear in one hello only is
 * never called with the other.
 */
#include "tls/msg/msg.h"

#include <stdio.h>
#include <string.h>

/* server_name (RFC 6066 §3):
 *   struct { NameType name_type; HostName host_name<1..2^16-1>; } ServerName;
 *   ServerName server_name_list<1..2^16-1>
 * A server that used the name answers with an empty extension_data. */
static bool sni_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    return ch ? ch->has_sni : sh->sni_ack;
}

static void sni_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)sh;
    if (!ch)
        return;
    wr_len list, host;
    wr_begin(w, &list, 2);
    wr_u8(w, 0); /* host_name */
    wr_begin(w, &host, 2);
    wr_bytes(w, ch->sni, strlen(ch->sni));
    wr_end(w, &host);
    wr_end(w, &list);
}

static err_t sni_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
    if (!ch) {
        CHECK(rd_empty(body), ERR_HS_ILLEGAL_PARAM);
        sh->sni_ack = true;
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

/* supported_groups (RFC 8422 §5.1.1): NamedGroup named_group_list<2..2^16-1> */
static bool groups_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)sh;
    return ch->n_groups > 0;
}

static void groups_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)sh;
    u16_list_write(w, ch->groups, ch->n_groups);
}

static err_t groups_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
    (void)sh;
    return msg_u16_list_parse(body, ch->groups, &ch->n_groups, sp, "named groups");
}

/* ec_point_formats (RFC 8422 §5.1.2): ECPointFormat ec_point_format_list<1..2^8-1>,
 * written with the one format mtls-sim uses. */
static bool formats_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    return ch ? ch->has_point_formats : sh->has_point_formats;
}

static void formats_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)ch;
    (void)sh;
    wr_len l;
    wr_begin(w, &l, 1);
    wr_u8(w, POINT_FORMAT_UNCOMPRESSED);
    wr_end(w, &l);
}

static err_t formats_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
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

/* signature_algorithms (RFC 5246 §7.4.1.4.1):
 * SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2> */
static bool sigalgs_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)sh;
    return ch->n_sigalgs > 0;
}

static void sigalgs_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)sh;
    u16_list_write(w, ch->sigalgs, ch->n_sigalgs);
}

static err_t sigalgs_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
    (void)sh;
    return msg_u16_list_parse(body, ch->sigalgs, &ch->n_sigalgs, sp, "signature schemes");
}

/* extended_master_secret (RFC 7627 §5.1): extension_data is empty. */
static bool ems_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    return ch ? ch->ems : sh->ems;
}

static err_t ems_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
    (void)sp;
    CHECK(rd_empty(body), ERR_HS_ILLEGAL_PARAM);
    if (ch)
        ch->ems = true;
    else
        sh->ems = true;
    return ERR_OK;
}

/* renegotiation_info (RFC 5746 §3.2):
 *   struct { opaque renegotiated_connection<0..255>; } RenegotiationInfo;
 * An initial handshake sends it empty (§3.4, §3.6), so the body written is
 * the single length byte 0; mtls-sim never renegotiates. */
static bool reneg_present(const msg_client_hello *ch, const msg_server_hello *sh)
{
    return ch ? ch->reneg_info : sh->reneg_info;
}

static void reneg_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    (void)ch;
    (void)sh;
    wr_u8(w, 0);
}

static err_t reneg_parse(rd *body, msg_client_hello *ch, msg_server_hello *sh, spans *sp)
{
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

#define BOTH (MSG_EXT_IN_CH | MSG_EXT_IN_SH)

const msg_ext_row msg_ext_table[] = {
    { EXT_SERVER_NAME, "server_name", BOTH, sni_present, sni_write, sni_parse },
    { EXT_SUPPORTED_GROUPS, "supported_groups", MSG_EXT_IN_CH, groups_present, groups_write,
      groups_parse },
    { EXT_EC_POINT_FORMATS, "ec_point_formats", BOTH, formats_present, formats_write,
      formats_parse },
    { EXT_SIGNATURE_ALGORITHMS, "signature_algorithms", MSG_EXT_IN_CH, sigalgs_present,
      sigalgs_write, sigalgs_parse },
    { EXT_EXTENDED_MASTER_SECRET, "extended_master_secret", BOTH, ems_present, NULL,
      ems_parse },
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
    for (size_t i = 0; i < msg_ext_table_len; i++)
        if (msg_ext_table[i].present(ch, NULL))
            s |= (msg_ext_set)1 << i;
    /* RFC 5746 §3.3, §3.6: the SCSV asks for renegotiation_info as the
     * empty extension does */
    for (size_t i = 0; i < ch->n_suites; i++)
        if (ch->suites[i] == CS_EMPTY_RENEGOTIATION_INFO_SCSV)
            s |= (msg_ext_set)1 << row_of(EXT_RENEGOTIATION_INFO);
    return s;
}

void msg_ext_write(wr *w, const msg_client_hello *ch, const msg_server_hello *sh)
{
    unsigned in = ch ? MSG_EXT_IN_CH : MSG_EXT_IN_SH;
    wr_len exts, ext;
    wr_begin(w, &exts, 2);
    for (size_t i = 0; i < msg_ext_table_len; i++) {
        const msg_ext_row *row = &msg_ext_table[i];
        if (!(row->in & in) || !row->present(ch, sh))
            continue;
        wr_u16(w, row->type);
        wr_begin(w, &ext, 2);
        if (row->write)
            row->write(w, ch, sh);
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

err_t msg_ext_parse(rd *r, msg_client_hello *ch, msg_server_hello *sh, msg_ext_set offered,
                    spans *sp)
{
    unsigned in = ch ? MSG_EXT_IN_CH : MSG_EXT_IN_SH;
    ext_seen seen;
    rd exts;
    if (rd_empty(r))
        return ERR_OK; /* the extensions block is optional */
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
            CHECK(in == MSG_EXT_IN_CH, ERR_HS_UNSUPPORTED_EXT);
            rd_skip(&body, rd_left(&body));
        } else {
            const msg_ext_row *row = &msg_ext_table[i];
            /* an extension this hello may not carry, or (in a ServerHello)
             * one the client did not offer: unsupported_extension */
            CHECK(row->in & in, ERR_HS_UNSUPPORTED_EXT);
            CHECK(in == MSG_EXT_IN_CH || (offered & ((msg_ext_set)1 << i)),
                  ERR_HS_UNSUPPORTED_EXT);
            TRY(row->parse(&body, ch, sh, sp));
        }
        CHECK(rd_empty(&body), ERR_TRAILING);
        sp_close(sp, se, &exts);
    }
    sp_close(sp, s, r);
    return ERR_OK;
}
