/* msg_hello.c — ClientHello and ServerHello (RFC 5246 §7.4.1.2, §7.4.1.3)
 * with the extensions mtls-sim offers: server_name (RFC 6066 §3),
 * supported_groups and ec_point_formats (RFC 8422 §5.1), signature_algorithms
 * (RFC 5246 §7.4.1.4.1), extended_master_secret (RFC 7627 §5.1) and
 * renegotiation_info (RFC 5746 §3.2).
 *
 *   struct {
 *       ProtocolVersion client_version;
 *       Random random;
 *       SessionID session_id;
 *       CipherSuite cipher_suites<2..2^16-2>;
 *       CompressionMethod compression_methods<1..2^8-1>;
 *       Extension extensions<0..2^16-1>;
 *   } ClientHello;
 */
#include "tls/msg/msg.h"

#include <stdio.h>
#include <string.h>

static void ext_begin(wr *w, uint16_t type, wr_len *l)
{
    wr_u16(w, type);
    wr_begin(w, l, 2);
}

/* ec_point_formats with the one format we use (RFC 8422 §5.1.2). */
static void ext_point_formats(wr *w)
{
    wr_len ext, l;
    ext_begin(w, EXT_EC_POINT_FORMATS, &ext);
    wr_begin(w, &l, 1);
    wr_u8(w, POINT_FORMAT_UNCOMPRESSED);
    wr_end(w, &l);
    wr_end(w, &ext);
}

/* An extension with an empty body, such as extended_master_secret. */
static void ext_empty(wr *w, uint16_t type)
{
    wr_len ext;
    ext_begin(w, type, &ext);
    wr_end(w, &ext);
}

/* renegotiation_info as an initial handshake sends it (RFC 5746 §3.4,
 * §3.6): struct { opaque renegotiated_connection<0..255>; } with an empty
 * renegotiated_connection, so the body is the single length byte 0.
 * mtls-sim never renegotiates, so it never sends a non-empty one. */
static void ext_reneg_info_empty(wr *w)
{
    wr_len ext;
    ext_begin(w, EXT_RENEGOTIATION_INFO, &ext);
    wr_u8(w, 0);
    wr_end(w, &ext);
}

/* An extension whose body is one list of uint16 with a 2-byte length. */
static void ext_u16_list(wr *w, uint16_t type, const uint16_t *v, size_t n)
{
    wr_len ext, l;
    ext_begin(w, type, &ext);
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < n; i++)
        wr_u16(w, v[i]);
    wr_end(w, &l);
    wr_end(w, &ext);
}

void msg_client_hello_write(wr *w, const msg_client_hello *m)
{
    wr_len hs, l, exts, ext, inner;
    msg_hs_begin(w, HT_CLIENT_HELLO, &hs);
    wr_u16(w, m->version);
    wr_bytes(w, m->random, KS_RANDOM_LEN);
    wr_u8(w, m->session_id_len);
    wr_bytes(w, m->session_id, m->session_id_len);
    wr_begin(w, &l, 2);
    for (size_t i = 0; i < m->n_suites; i++)
        wr_u16(w, m->suites[i]);
    wr_end(w, &l);
    wr_u8(w, 1); /* compression_methods: null only */
    wr_u8(w, 0);
    wr_begin(w, &exts, 2);
    if (m->has_sni) {
        /* struct { NameType name_type; HostName host_name<1..2^16-1>; } ServerName;
         * ServerName server_name_list<1..2^16-1> */
        ext_begin(w, EXT_SERVER_NAME, &ext);
        wr_begin(w, &l, 2);
        wr_u8(w, 0); /* host_name */
        wr_begin(w, &inner, 2);
        wr_bytes(w, m->sni, strlen(m->sni));
        wr_end(w, &inner);
        wr_end(w, &l);
        wr_end(w, &ext);
    }
    ext_u16_list(w, EXT_SUPPORTED_GROUPS, m->groups, m->n_groups);
    if (m->has_point_formats)
        ext_point_formats(w);
    ext_u16_list(w, EXT_SIGNATURE_ALGORITHMS, m->sigalgs, m->n_sigalgs);
    if (m->ems)
        ext_empty(w, EXT_EXTENDED_MASTER_SECRET);
    if (m->reneg_info)
        ext_reneg_info_empty(w);
    wr_end(w, &exts);
    msg_hs_end(w, &hs);
}

static const char *ext_name(uint16_t type)
{
    switch (type) {
    case EXT_SERVER_NAME: return "server_name";
    case EXT_SUPPORTED_GROUPS: return "supported_groups";
    case EXT_EC_POINT_FORMATS: return "ec_point_formats";
    case EXT_SIGNATURE_ALGORITHMS: return "signature_algorithms";
    case EXT_EXTENDED_MASTER_SECRET: return "extended_master_secret";
    case EXT_RENEGOTIATION_INFO: return "renegotiation_info";
    default: return "unknown";
    }
}

/* Extensions block: each extension once (RFC 5246 §7.4.1.4). */
static err_t parse_extensions(rd *r, bool server, msg_client_hello *ch, msg_server_hello *sh,
                              spans *sp)
{
    rd exts;
    uint32_t seen = 0; /* bits for the types we know, to catch repeats */
    bool seen_reneg = false; /* renegotiation_info's type does not fit in seen */
    if (rd_empty(r))
        return ERR_OK; /* extensions are optional */
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
            snprintf(sp->v[se].name, SPAN_NAME_LEN, "extension %s (%u)", ext_name(type), type);
        if (type < 32) {
            CHECK(!(seen & (1u << type)), ERR_HS_ILLEGAL_PARAM);
            seen |= 1u << type;
        }
        switch (type) {
        case EXT_SERVER_NAME: {
            if (server) {
                /* a server echoes an empty server_name (RFC 6066 §3) */
                CHECK(rd_empty(&body), ERR_HS_ILLEGAL_PARAM);
                break;
            }
            rd list, host;
            uint8_t name_type;
            int sn = sp_open(sp, &body, "server_name_list length");
            CHECK(rd_vec16(&body, &list), ERR_TRUNCATED);
            sp_close(sp, sn, &list);
            sn = sp_open(sp, &list, "name_type (host_name)");
            CHECK(rd_u8(&list, &name_type), ERR_TRUNCATED);
            sp_close(sp, sn, &list);
            int sh_ = sp_open(sp, &list, "host_name");
            CHECK(rd_vec16(&list, &host), ERR_TRUNCATED);
            sp_close(sp, sh_, &list);
            CHECK(name_type == 0, ERR_HS_ILLEGAL_PARAM);
            size_t n = rd_left(&host);
            CHECK(n >= 1 && n <= MSG_HOSTNAME_MAX, ERR_HS_ILLEGAL_PARAM);
            for (size_t i = 0; i < n; i++)
                CHECK(host.p[i] > 0x20 && host.p[i] < 0x7f, ERR_HS_ILLEGAL_PARAM);
            memcpy(ch->sni, host.p, n);
            ch->sni[n] = '\0';
            ch->has_sni = true;
            CHECK(rd_empty(&list), ERR_TRAILING);
            break;
        }
        case EXT_SUPPORTED_GROUPS:
            CHECK(!server, ERR_HS_ILLEGAL_PARAM);
            TRY(msg_u16_list_parse(&body, ch->groups, &ch->n_groups, sp, "named groups"));
            break;
        case EXT_SIGNATURE_ALGORITHMS:
            CHECK(!server, ERR_HS_ILLEGAL_PARAM);
            TRY(msg_u16_list_parse(&body, ch->sigalgs, &ch->n_sigalgs, sp, "signature schemes"));
            break;
        case EXT_EC_POINT_FORMATS: {
            rd list;
            bool unc = false;
            int spf = sp_open(sp, &body, "point formats");
            CHECK(rd_vec8(&body, &list), ERR_TRUNCATED);
            CHECK(!rd_empty(&list), ERR_HS_ILLEGAL_PARAM);
            while (!rd_empty(&list)) {
                uint8_t f;
                CHECK(rd_u8(&list, &f), ERR_TRUNCATED);
                unc |= f == POINT_FORMAT_UNCOMPRESSED;
            }
            sp_close(sp, spf, &body);
            /* RFC 8422 §5.1.2: uncompressed must be among them */
            CHECK(unc, ERR_HS_ILLEGAL_PARAM);
            if (server) {
                sh->has_point_formats = true;
            } else {
                ch->has_point_formats = true;
                ch->uncompressed_ok = true;
            }
            break;
        }
        case EXT_EXTENDED_MASTER_SECRET:
            CHECK(rd_empty(&body), ERR_HS_ILLEGAL_PARAM);
            if (server)
                sh->ems = true;
            else
                ch->ems = true;
            break;
        case EXT_RENEGOTIATION_INFO: {
            /* Parsed as the struct says; whether a non-empty value is
             * acceptable is the endpoint's check (handshake_failure,
             * RFC 5746 §3.4, §3.6), not a framing error. */
            rd conn;
            CHECK(!seen_reneg, ERR_HS_ILLEGAL_PARAM);
            seen_reneg = true;
            int sr = sp_open(sp, &body, "renegotiated_connection");
            CHECK(rd_vec8(&body, &conn), ERR_TRUNCATED);
            sp_close(sp, sr, &body);
            uint8_t n = (uint8_t)rd_left(&conn);
            if (server) {
                sh->reneg_info = true;
                sh->reneg_len = n;
            } else {
                ch->reneg_info = true;
                ch->reneg_len = n;
            }
            break;
        }
        default:
            /* A client ignores nothing it did not offer: an unknown extension
             * in a ServerHello is an error (RFC 5246 §7.4.1.4); a server skips
             * unknown ones. */
            CHECK(!server, ERR_HS_ILLEGAL_PARAM);
            rd_skip(&body, rd_left(&body));
            break;
        }
        CHECK(rd_empty(&body), ERR_TRAILING);
        sp_close(sp, se, &exts);
    }
    sp_close(sp, s, r);
    return ERR_OK;
}

static err_t parse_random_and_session(rd *body, uint16_t *version, uint8_t *random,
                                      uint8_t *sid_len, uint8_t *sid, spans *sp)
{
    rd sidv;
    int s = sp_open(sp, body, "version");
    CHECK(rd_u16(body, version), ERR_TRUNCATED);
    sp_close(sp, s, body);
    s = sp_open(sp, body, "random");
    CHECK(rd_copy(body, random, KS_RANDOM_LEN), ERR_TRUNCATED);
    sp_close(sp, s, body);
    s = sp_open(sp, body, "session_id");
    CHECK(rd_vec8(body, &sidv), ERR_TRUNCATED);
    sp_close(sp, s, body);
    CHECK(rd_left(&sidv) <= 32, ERR_HS_ILLEGAL_PARAM);
    *sid_len = (uint8_t)rd_left(&sidv);
    rd_copy(&sidv, sid, *sid_len);
    return ERR_OK;
}

err_t msg_client_hello_parse(rd *r, msg_client_hello *m, spans *sp)
{
    rd body, v;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_CLIENT_HELLO, &body, sp));
    TRY(parse_random_and_session(&body, &m->version, m->random, &m->session_id_len,
                                 m->session_id, sp));
    TRY(msg_u16_list_parse(&body, m->suites, &m->n_suites, sp, "cipher_suites"));
    int s = sp_open(sp, &body, "compression_methods");
    CHECK(rd_vec8(&body, &v), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    bool null_ok = false;
    CHECK(!rd_empty(&v), ERR_HS_ILLEGAL_PARAM);
    while (!rd_empty(&v)) {
        uint8_t c;
        rd_u8(&v, &c);
        null_ok |= c == 0;
    }
    CHECK(null_ok, ERR_HS_ILLEGAL_PARAM);
    TRY(parse_extensions(&body, false, m, NULL, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}

void msg_server_hello_write(wr *w, const msg_server_hello *m)
{
    wr_len hs, exts;
    msg_hs_begin(w, HT_SERVER_HELLO, &hs);
    wr_u16(w, m->version);
    wr_bytes(w, m->random, KS_RANDOM_LEN);
    wr_u8(w, m->session_id_len);
    wr_bytes(w, m->session_id, m->session_id_len);
    wr_u16(w, m->suite);
    wr_u8(w, 0); /* compression_method: null */
    wr_begin(w, &exts, 2);
    if (m->has_point_formats)
        ext_point_formats(w);
    if (m->ems)
        ext_empty(w, EXT_EXTENDED_MASTER_SECRET);
    if (m->reneg_info)
        ext_reneg_info_empty(w);
    wr_end(w, &exts);
    msg_hs_end(w, &hs);
}

err_t msg_server_hello_parse(rd *r, msg_server_hello *m, spans *sp)
{
    rd body;
    uint8_t comp;
    memset(m, 0, sizeof *m);
    TRY(msg_hs_open(r, HT_SERVER_HELLO, &body, sp));
    TRY(parse_random_and_session(&body, &m->version, m->random, &m->session_id_len,
                                 m->session_id, sp));
    int s = sp_open(sp, &body, "cipher_suite");
    CHECK(rd_u16(&body, &m->suite), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    s = sp_open(sp, &body, "compression_method");
    CHECK(rd_u8(&body, &comp), ERR_TRUNCATED);
    sp_close(sp, s, &body);
    CHECK(comp == 0, ERR_HS_ILLEGAL_PARAM);
    TRY(parse_extensions(&body, true, NULL, m, sp));
    CHECK(rd_empty(&body), ERR_TRAILING);
    return ERR_OK;
}
