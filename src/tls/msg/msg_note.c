/* msg_note.c — the meaning and RFC section of each field of a TLS message
 * (msg_note.h), as one table keyed by the span names the parsers give. */
#include "tls/msg/msg_note.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "tls/msg/msg.h"
#include "tls/record.h"
#include "tls/suites.h"

/* ---- names of numbers ---------------------------------------------------- */

const char *msg_group_name(uint16_t g)
{
    switch (g) {
    case 0x0017: return "secp256r1";
    case 0x0018: return "secp384r1";
    case 0x001d: return "x25519";
    case 0x001e: return "x448";
    default: return "unknown";
    }
}

const char *msg_sigalg_name(uint16_t s)
{
    switch (s) {
    case 0x0401: return "rsa_pkcs1_sha256";
    case 0x0403: return "ecdsa_secp256r1_sha256";
    case 0x0804: return "rsa_pss_rsae_sha256";
    case 0x0807: return "ed25519";
    case 0x0808: return "ed448";
    default: return "unknown";
    }
}

static const char *version_name(uint16_t v)
{
    switch (v) {
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return "unknown version";
    }
}

/* ---- the sections of the messages ---------------------------------------- */

const char *msg_rfc(uint8_t content_type, uint8_t hs_type, tls_version v)
{
    bool t13 = v == TLS_V13;
    switch (content_type) {
    case CT_CHANGE_CIPHER_SPEC: return t13 ? "RFC 8446 §D.4" : "RFC 5246 §7.1";
    case CT_ALERT: return t13 ? "RFC 8446 §6" : "RFC 5246 §7.2";
    case CT_APPLICATION_DATA: return t13 ? "RFC 8446 §5.2" : "RFC 5246 §6.2.3.3";
    case CT_HANDSHAKE: break;
    default: return t13 ? "RFC 8446 §5.1" : "RFC 5246 §6.2";
    }
    switch (hs_type) {
    case HT_CLIENT_HELLO: return t13 ? "RFC 8446 §4.1.2" : "RFC 5246 §7.4.1.2";
    case HT_SERVER_HELLO: return t13 ? "RFC 8446 §4.1.3" : "RFC 5246 §7.4.1.3";
    case HT_NEW_SESSION_TICKET: return "RFC 8446 §4.6.1";
    case HT_ENCRYPTED_EXTENSIONS: return "RFC 8446 §4.3.1";
    case HT_CERTIFICATE: return t13 ? "RFC 8446 §4.4.2" : "RFC 5246 §7.4.2";
    case HT_SERVER_KEY_EXCHANGE: return "RFC 8422 §5.4";
    case HT_CERTIFICATE_REQUEST: return t13 ? "RFC 8446 §4.3.2" : "RFC 5246 §7.4.4";
    case HT_SERVER_HELLO_DONE: return "RFC 5246 §7.4.5";
    case HT_CERTIFICATE_VERIFY: return t13 ? "RFC 8446 §4.4.3" : "RFC 5246 §7.4.8";
    case HT_CLIENT_KEY_EXCHANGE: return "RFC 8422 §5.7";
    case HT_FINISHED: return t13 ? "RFC 8446 §4.4.4" : "RFC 5246 §7.4.9";
    default: return t13 ? "RFC 8446 §4" : "RFC 5246 §7.4";
    }
}

/* ---- decoders ------------------------------------------------------------ */

typedef enum {
    D_NONE,      /* the row's text only */
    D_LEN,       /* a length field: how many bytes follow */
    D_REC,       /* record header: type, version, length */
    D_INNER_CT,  /* a content type byte */
    D_HS_HDR,    /* handshake header: type, length */
    D_MSG_TYPE,
    D_VERSION,   /* one uint16 version */
    D_REC_VERSION, /* a record header's version */
    D_VERSIONS,  /* supported_versions list: u8 length, uint16s */
    D_SUITES,    /* u16 length, uint16 suites */
    D_SUITE,
    D_GROUPS,    /* u16 length, uint16 groups */
    D_GROUP,
    D_SIGALGS,   /* u16 length, uint16 schemes */
    D_SIGALG,
    D_EXT,       /* an extension: type, length, data */
    D_EXT_TYPE,
    D_HOSTNAME,  /* u16 length, text */
    D_OPAQUE8,   /* u8 length, bytes: empty or N bytes */
    D_POINTS,    /* u8 length, u8 formats */
    D_CERT_TYPES,/* u8 length, u8 types */
    D_ALERT_LEVEL,
    D_ALERT_DESC,
    D_COUNT,     /* N bytes */
} decoder;

typedef struct note_row {
    const char *name; /* exact, or a prefix when it ends in '*' */
    const char *under; /* the enclosing field's name; NULL: any */
    uint8_t hs_type;  /* 0: any message */
    const char *rfc12, *rfc13; /* NULL: the message's own section */
    decoder dec;
    const char *text; /* said before what the decoder says (may be NULL) */
} note_row;

static const note_row rows[] = {
    { "content type", "record header", 0, "RFC 5246 §6.2.1", "RFC 8446 §5.1", D_INNER_CT,
      "the record's content type" },
    { "version", "record header", 0, "RFC 5246 §6.2.1", "RFC 8446 §5.1", D_REC_VERSION,
      "the record's version" },
    { "length", "record header", 0, "RFC 5246 §6.2.1", "RFC 8446 §5.1", D_LEN, NULL },
    { "record header", NULL, 0, "RFC 5246 §6.2.1", "RFC 8446 §5.1", D_REC, NULL },
    { "content type", NULL, 0, "RFC 5246 §6.2.1", "RFC 8446 §5.2", D_INNER_CT,
      "the real content type, inside the encryption" },
    { "encrypted message (ciphertext)", NULL, 0, "RFC 7905 §2", "RFC 8446 §5.2", D_COUNT,
      "ChaCha20 ciphertext: only the two endpoints can read it" },
    { "Poly1305 tag", NULL, 0, "RFC 8439 §2.8", "RFC 8446 §5.2", D_COUNT,
      "the authentication tag: one changed bit and the receiver rejects the record" },
    { "handshake header", NULL, 0, "RFC 5246 §7.4", "RFC 8446 §4", D_HS_HDR, NULL },
    { "msg_type", NULL, 0, "RFC 5246 §7.4", "RFC 8446 §4", D_MSG_TYPE, NULL },
    { "length", NULL, 0, "RFC 5246 §7.4", "RFC 8446 §4", D_LEN, NULL },
    { "version", NULL, 0, NULL, NULL, D_VERSION, NULL },
    { "random", NULL, 0, NULL, NULL, D_COUNT, "fresh random bytes, chosen for this handshake" },
    { "session_id", NULL, 0, NULL, NULL, D_OPAQUE8, NULL },
    { "cipher_suites", NULL, 0, NULL, NULL, D_SUITES, "offered" },
    { "cipher_suite", NULL, 0, NULL, NULL, D_SUITE, "chosen" },
    { "compression_methods", NULL, 0, NULL, NULL, D_OPAQUE8, "null only (0): no compression" },
    { "compression_method", NULL, 0, NULL, NULL, D_NONE, "null (0): no compression" },
    { "extensions", NULL, 0, "RFC 5246 §7.4.1.4", "RFC 8446 §4.2", D_COUNT, "the extensions block" },
    { "extensions length", NULL, 0, "RFC 5246 §7.4.1.4", "RFC 8446 §4.2", D_LEN, NULL },
    { "extension type", NULL, 0, "RFC 5246 §7.4.1.4", "RFC 8446 §4.2", D_EXT_TYPE, NULL },
    { "extension length", NULL, 0, "RFC 5246 §7.4.1.4", "RFC 8446 §4.2", D_LEN, NULL },
    { "extension *", NULL, 0, NULL, NULL, D_EXT, NULL },
    { "server_name_list length", NULL, 0, "RFC 6066 §3", "RFC 6066 §3", D_LEN, NULL },
    { "name_type (host_name)", NULL, 0, "RFC 6066 §3", "RFC 6066 §3", D_NONE, "host_name (0)" },
    { "host_name", NULL, 0, "RFC 6066 §3", "RFC 6066 §3", D_HOSTNAME,
      "the server's name, in clear text" },
    { "named groups", NULL, 0, "RFC 8422 §5.1.1", "RFC 8446 §4.2.7", D_GROUPS, NULL },
    { "point formats", NULL, 0, "RFC 8422 §5.1.2", "RFC 8422 §5.1.2", D_POINTS, NULL },
    { "signature schemes", NULL, 0, "RFC 5246 §7.4.1.4.1", "RFC 8446 §4.2.3", D_SIGALGS, NULL },
    { "renegotiated_connection", NULL, 0, "RFC 5746 §3.2", "RFC 5746 §3.2", D_OPAQUE8,
      "empty on a connection's first handshake" },
    { "versions", NULL, 0, "RFC 8446 §4.2.1", "RFC 8446 §4.2.1", D_VERSIONS, NULL },
    { "selected_version", NULL, 0, "RFC 8446 §4.2.1", "RFC 8446 §4.2.1", D_VERSION, NULL },
    { "client_shares", NULL, 0, "RFC 8446 §4.2.8", "RFC 8446 §4.2.8", D_COUNT,
      "the client's key shares" },
    { "KeyShareEntry*", NULL, 0, "RFC 8446 §4.2.8", "RFC 8446 §4.2.8", D_COUNT, "one key share" },
    { "group", NULL, 0, "RFC 8446 §4.2.8", "RFC 8446 §4.2.8", D_GROUP, NULL },
    { "key_exchange", NULL, 0, "RFC 8446 §4.2.8.2", "RFC 8446 §4.2.8.2", D_COUNT,
      "an ephemeral public key (its private key never leaves its side)" },
    { "certificate_list", NULL, 0, NULL, NULL, D_COUNT, "the chain, the sender's own first" },
    { "certificate_list length", NULL, 0, NULL, NULL, D_LEN, NULL },
    { "certificate[*", NULL, 0, NULL, NULL, D_COUNT, "one certificate" },
    { "CertificateEntry*", NULL, 0, NULL, NULL, D_COUNT, "one certificate and its extensions" },
    { "certificate length", NULL, 0, NULL, NULL, D_LEN, NULL },
    { "cert_data length", NULL, 0, NULL, NULL, D_LEN, NULL },
    { "certificate_request_context", NULL, 0, "RFC 8446 §4.3.2", "RFC 8446 §4.3.2", D_OPAQUE8,
      "empty during the handshake" },
    { "ServerECDHParams", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_COUNT,
      "the curve and the server's ephemeral public key" },
    { "curve_type", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_NONE, "named_curve (3)" },
    { "named_curve", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_GROUP, NULL },
    { "public (server ECDHE key)", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_COUNT,
      "the server's ephemeral X25519 public key (its private key never leaves the server)" },
    { "signed_params", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_COUNT,
      "the server's signature over both randoms and the parameters" },
    { "signature algorithm", NULL, HT_CERTIFICATE_VERIFY, "RFC 5246 §7.4.1.4.1", "RFC 8446 §4.4.3",
      D_SIGALG, NULL },
    { "signature algorithm", NULL, 0, "RFC 5246 §7.4.1.4.1", "RFC 8446 §4.2.3", D_SIGALG, NULL },
    { "signature", NULL, HT_CERTIFICATE_VERIFY, "RFC 5246 §7.4.8", "RFC 8446 §4.4.3", D_COUNT,
      "the sender's signature over the transcript so far: proof it holds its "
      "certificate's private key" },
    { "signature", NULL, 0, "RFC 8422 §5.4", "RFC 8422 §5.4", D_COUNT,
      "the server's signature over client_random, server_random and ServerECDHParams" },
    { "certificate_types", NULL, 0, "RFC 5246 §7.4.4", "RFC 5246 §7.4.4", D_CERT_TYPES, NULL },
    { "supported_signature_algorithms", NULL, 0, "RFC 5246 §7.4.4", "RFC 5246 §7.4.4", D_SIGALGS,
      NULL },
    { "certificate_authorities length", NULL, 0, "RFC 5246 §7.4.4", "RFC 8446 §4.2.4", D_LEN, NULL },
    { "certificate_authorities", NULL, 0, "RFC 5246 §7.4.4", "RFC 8446 §4.2.4", D_COUNT,
      "the CAs whose certificates the server accepts" },
    { "authorities", NULL, 0, "RFC 8446 §4.2.4", "RFC 8446 §4.2.4", D_COUNT,
      "the CAs whose certificates the server accepts" },
    { "DistinguishedName*", NULL, 0, "RFC 5246 §7.4.4", "RFC 8446 §4.2.4", D_COUNT,
      "one CA's name, DER-encoded" },
    { "ecdh_Yc (client ECDHE key)", NULL, 0, "RFC 8422 §5.7", "RFC 8422 §5.7", D_COUNT,
      "the client's ephemeral X25519 public key" },
    { "encrypted pre-master secret (sealed box)", NULL, 0, NULL, NULL, D_COUNT,
      "the 48-byte pre-master secret sealed to the server's X25519 key (crypto_box_seal; "
      "simulation only: real TLS key transport used RSA, RFC 5246 §7.4.7.1)" },
    { "verify_data", NULL, 0, "RFC 5246 §7.4.9", "RFC 8446 §4.4.4", D_COUNT,
      "proof that both sides saw the same handshake: a MAC over the transcript hash" },
    { "type (change_cipher_spec)", NULL, 0, "RFC 5246 §7.1", "RFC 8446 §D.4", D_NONE,
      "change_cipher_spec (1)" },
    { "level", NULL, 0, "RFC 5246 §7.2", "RFC 8446 §6", D_ALERT_LEVEL, NULL },
    { "description", NULL, 0, "RFC 5246 §7.2", "RFC 8446 §6", D_ALERT_DESC, NULL },
    { "application data", NULL, 0, "RFC 5246 §10", "RFC 8446 §2", D_COUNT,
      "the application's own bytes" },
};

static bool row_matches(const note_row *r, const char *name, const char *parent,
                        uint8_t hs_type)
{
    if (r->hs_type && r->hs_type != hs_type)
        return false;
    if (r->under && (!parent || strcmp(parent, r->under)))
        return false;
    size_t n = strlen(r->name);
    if (n && r->name[n - 1] == '*')
        return strncmp(name, r->name, n - 1) == 0;
    return strcmp(name, r->name) == 0;
}

static unsigned u16(const uint8_t *p) { return (unsigned)p[0] << 8 | p[1]; }

/* out += text, keeping it terminated and within cap. */
static void add(char *out, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add(char *out, size_t cap, const char *fmt, ...)
{
    size_t w = strlen(out);
    if (w + 1 >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + w, cap - w, fmt, ap);
    va_end(ap);
}

/* A list of uint16 names after a length of lhdr bytes. */
static void u16_list(char *out, size_t cap, const uint8_t *f, size_t n, size_t lhdr,
                     const char *(*name)(uint16_t))
{
    if (n < lhdr)
        return;
    for (size_t i = lhdr; i + 1 < n; i += 2)
        add(out, cap, "%s%s (0x%04x)", i > lhdr ? ", " : "", name((uint16_t)u16(f + i)),
            u16(f + i));
}

static void decode(decoder d, uint8_t ct, tls_version v, const uint8_t *f, size_t n, char *out,
                   size_t cap)
{
    switch (d) {
    case D_NONE:
        break;
    case D_COUNT:
        add(out, cap, "%s%zu bytes", out[0] ? "; " : "", n);
        break;
    case D_LEN: {
        unsigned long x = 0;
        for (size_t i = 0; i < n && i < 4; i++)
            x = x << 8 | f[i];
        add(out, cap, "%lu bytes follow", x);
        break;
    }
    case D_REC:
        if (n >= 5)
            add(out, cap, "%s record, version 0x%04x (%s), %u bytes follow",
                rec_type_name(f[0]), u16(f + 1), version_name((uint16_t)u16(f + 1)),
                u16(f + 3));
        if (n >= 1 && v == TLS_V13 && f[0] == CT_APPLICATION_DATA && ct != CT_APPLICATION_DATA)
            add(out, cap, " (TLS 1.3 protected records all say application_data outside)");
        break;
    case D_INNER_CT:
        if (n >= 1)
            add(out, cap, ": %s (%u)", rec_type_name(f[0]), f[0]);
        break;
    case D_HS_HDR:
        if (n >= 4)
            add(out, cap, "%s (%u), %lu bytes follow", msg_type_name(f[0]), f[0],
                (unsigned long)f[1] << 16 | (unsigned long)f[2] << 8 | f[3]);
        break;
    case D_MSG_TYPE:
        if (n >= 1)
            add(out, cap, "%s (%u)", msg_type_name(f[0]), f[0]);
        break;
    case D_VERSION:
        if (n >= 2)
            add(out, cap, "%s%s (0x%04x)%s", out[0] ? ": " : "", version_name((uint16_t)u16(f)), u16(f),
                v == TLS_V13 && u16(f) == 0x0303
                    ? ": legacy_version; TLS 1.3 is agreed in supported_versions (RFC 8446 §4.2.1)"
                    : "");
        break;
    case D_REC_VERSION:
        if (n >= 2)
            add(out, cap, ": %s (0x%04x)%s", version_name((uint16_t)u16(f)), u16(f),
                v == TLS_V13 ? "; in TLS 1.3 legacy_record_version, ignored by the receiver"
                             : "");
        break;
    case D_VERSIONS:
        u16_list(out, cap, f, n, 1, version_name);
        break;
    case D_SUITES:
        if (out[0])
            add(out, cap, ": ");
        u16_list(out, cap, f, n, 2, suite_name);
        break;
    case D_SUITE:
        if (n >= 2)
            add(out, cap, "%s%s (0x%04x)", out[0] ? ": " : "", suite_name((uint16_t)u16(f)),
                u16(f));
        break;
    case D_GROUPS:
        u16_list(out, cap, f, n, 2, msg_group_name);
        break;
    case D_GROUP:
        if (n >= 2)
            add(out, cap, "%s (0x%04x)", msg_group_name((uint16_t)u16(f)), u16(f));
        break;
    case D_SIGALGS:
        u16_list(out, cap, f, n, 2, msg_sigalg_name);
        break;
    case D_SIGALG:
        if (n >= 2)
            add(out, cap, "%s (0x%04x)", msg_sigalg_name((uint16_t)u16(f)), u16(f));
        break;
    case D_EXT_TYPE:
        if (n >= 2)
            add(out, cap, "%s (%u)", msg_ext_name((uint16_t)u16(f)), u16(f));
        break;
    case D_EXT:
        if (n >= 4)
            add(out, cap, "%s (%u), %u bytes of data", msg_ext_name((uint16_t)u16(f)), u16(f),
                u16(f + 2));
        break;
    case D_HOSTNAME:
        if (n >= 2) {
            add(out, cap, ": \"");
            /* the bytes as text; the views escape what they show */
            size_t w = strlen(out);
            for (size_t i = 2; i < n && w + 3 < cap; i++)
                out[w++] = (char)f[i];
            out[w] = '\0';
            add(out, cap, "\"");
        }
        break;
    case D_OPAQUE8:
        if (n <= 1 && !out[0])
            add(out, cap, "empty");
        else if (n > 1)
            add(out, cap, "%s%zu bytes", out[0] ? "; " : "", n - 1);
        break;
    case D_POINTS:
        for (size_t i = 1; i < n; i++)
            add(out, cap, "%s%s (%u)", i > 1 ? ", " : "", f[i] == 0 ? "uncompressed" : "other",
                f[i]);
        break;
    case D_CERT_TYPES:
        for (size_t i = 1; i < n; i++)
            add(out, cap, "%s%s (%u)", i > 1 ? ", " : "",
                f[i] == 1 ? "rsa_sign" : f[i] == 64 ? "ecdsa_sign" : "other", f[i]);
        break;
    case D_ALERT_LEVEL:
        if (n >= 1)
            add(out, cap, "%s (%u)", f[0] == 2 ? "fatal" : f[0] == 1 ? "warning" : "unknown",
                f[0]);
        break;
    case D_ALERT_DESC:
        if (n >= 1)
            add(out, cap, "%s (%u)", alert_name(f[0]), f[0]);
        break;
    }
}

/* The RFC of an extension by its type, for the "extension NAME (N)" spans. */
static const char *ext_rfc(uint16_t type, tls_version v)
{
    bool t13 = v == TLS_V13;
    switch (type) {
    case 0: return "RFC 6066 §3";
    case 10: return t13 ? "RFC 8446 §4.2.7" : "RFC 8422 §5.1.1";
    case 11: return "RFC 8422 §5.1.2";
    case 13: return t13 ? "RFC 8446 §4.2.3" : "RFC 5246 §7.4.1.4.1";
    case 23: return "RFC 7627 §5.1";
    case 43: return "RFC 8446 §4.2.1";
    case 47: return "RFC 8446 §4.2.4";
    case 51: return "RFC 8446 §4.2.8";
    case 0xff01: return "RFC 5746 §3.2";
    default: return t13 ? "RFC 8446 §4.2" : "RFC 5246 §7.4.1.4";
    }
}

bool msg_field_note(const char *name, const char *parent, uint8_t content_type, uint8_t hs_type,
                    tls_version v, const uint8_t *f, size_t n, char *out, size_t cap,
                    const char **rfc)
{
    *rfc = msg_rfc(content_type, hs_type, v);
    if (cap == 0)
        return false;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        const note_row *r = &rows[i];
        if (!row_matches(r, name, parent, hs_type))
            continue;
        const char *sec = v == TLS_V13 ? r->rfc13 : r->rfc12;
        if (sec)
            *rfc = sec;
        if (r->dec == D_EXT && n >= 2)
            *rfc = ext_rfc((uint16_t)u16(f), v);
        if (r->text)
            add(out, cap, "%s", r->text);
        decode(r->dec, content_type, v, f, n, out, cap);
        return out[0] != '\0';
    }
    return false;
}
