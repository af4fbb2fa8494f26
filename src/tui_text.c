/* tui_text.c — UTF-8 measuring and wrapping, and the built-in step summaries.
 *
 * The decoder is our own rather than mbrtowc() so that the interface reads
 * the trace's UTF-8 strings the same way whatever the locale is, and can fall
 * back to ASCII stand-ins on a terminal that is not UTF-8.
 */
#include "tui_text.h"

#include <string.h>
#include <wchar.h>

size_t tui_utf8_next(const char *s, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t need;
    uint32_t c = p[0], min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xe0) == 0xc0) {
        need = 1, c &= 0x1f, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
        need = 2, c &= 0x0f, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
        need = 3, c &= 0x07, min = 0x10000;
    } else {
        *cp = 0xfffd;
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if ((p[i] & 0xc0) != 0x80) { /* also stops at the NUL */
            *cp = 0xfffd;
            return i;
        }
        c = (c << 6) | (p[i] & 0x3fu);
    }
    /* overlong forms, surrogates and values past U+10FFFF are not text */
    *cp = (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff) ? 0xfffd : c;
    return need + 1;
}

/* The characters the trace and the interface use, and what an ASCII
 * terminal shows instead. */
static const struct { uint32_t cp; const char *ascii; } fallback[] = {
    { 0x2026, "..." }, { 0x00a7, "S" },   { 0x2016, "||" },  { 0x2192, "->" },
    { 0x2190, "<-" },  { 0x25b6, ">" },   { 0x25c0, "<" },   { 0x2500, "-" },
    { 0x2502, "|" },   { 0x250c, "+" },   { 0x2510, "+" },   { 0x2514, "+" },
    { 0x2518, "+" },   { 0x251c, "+" },   { 0x2524, "+" },   { 0x2713, "ok" },
    { 0x2717, "X" },   { 0x00b7, "." },   { 0x00d7, "x" },   { 0x2191, "^" },
    { 0x2193, "v" },   { 0x25b8, ">" },   { 0x2022, "*" },   { 0x203a, ">" },
    { 0x2260, "!=" },  { 0x2550, "=" },   { 0x00b5, "u" },   { 0x2014, "--" },
    { 0x2013, "-" },   { 0x2018, "'" },   { 0x2019, "'" },   { 0x201c, "\"" },
    { 0x201d, "\"" },  { 0x21b5, "<-'" }, { 0x232b, "<x" },  { 0x21e5, "->|" },
};

const char *tui_ascii_for(uint32_t cp)
{
    for (size_t i = 0; i < sizeof fallback / sizeof fallback[0]; i++)
        if (fallback[i].cp == cp)
            return fallback[i].ascii;
    return "?";
}

int tui_cp_width(uint32_t cp, bool utf8)
{
    if (cp < 0x80)
        return 1; /* controls are shown as '?' */
    if (!utf8)
        return (int)strlen(tui_ascii_for(cp));
    int w = wcwidth((wchar_t)cp);
    return w < 0 ? 1 : w;
}

int tui_text_width(const char *s, size_t n, bool utf8)
{
    int w = 0;
    for (size_t i = 0; i < n && s[i];) {
        uint32_t cp;
        i += tui_utf8_next(s + i, &cp);
        w += tui_cp_width(cp, utf8);
    }
    return w;
}

size_t tui_text_fit(const char *s, size_t n, int width, bool utf8)
{
    int w = 0;
    size_t i = 0;
    while (i < n && s[i]) {
        uint32_t cp;
        size_t k = tui_utf8_next(s + i, &cp);
        int cw = tui_cp_width(cp, utf8);
        if (w + cw > width)
            break;
        w += cw;
        i += k;
    }
    return i;
}

static void emit(tui_line *lines, size_t cap, size_t *n, size_t off, size_t len)
{
    if (*n < cap) {
        lines[*n].off = off;
        lines[*n].len = len;
    }
    (*n)++;
}

size_t tui_wrap(const char *s, int width, bool utf8, tui_line *lines, size_t cap)
{
    size_t n = 0, len = strlen(s), i = 0;
    if (width < 1)
        width = 1;
    while (i <= len) {
        size_t eol = i;
        while (eol < len && s[eol] != '\n')
            eol++;
        /* wrap the paragraph s[i..eol) */
        size_t p = i;
        if (p == eol)
            emit(lines, cap, &n, p, 0);
        while (p < eol) {
            size_t fit = tui_text_fit(s + p, eol - p, width, utf8);
            if (fit == 0) { /* a character wider than the line: take it anyway */
                uint32_t cp;
                fit = tui_utf8_next(s + p, &cp);
            }
            size_t cut = p + fit;
            if (cut < eol) {
                /* break at the last space that fits, if there is one */
                size_t sp = cut;
                while (sp > p && s[sp] != ' ')
                    sp--;
                if (sp > p)
                    cut = sp;
            }
            emit(lines, cap, &n, p, cut - p);
            p = cut;
            while (p < eol && s[p] == ' ')
                p++;
        }
        if (eol == len)
            break;
        i = eol + 1;
    }
    return n;
}

/* The summaries: accurate to RFC 5246 as mtls-sim runs it (the default suite
 * TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 with X25519 and Ed25519, or the
 * simulation-only key transport). Short enough for a small pane; the pane
 * scrolls and zooms for the rest. */
static const char lesson1[] =
    "The client opens with a ClientHello, sent in the clear (RFC 5246 \u00a77.4.1.2). "
    "It carries client_random: 32 fresh random bytes that make this handshake's keys "
    "its own; the cipher suites the client accepts; and extensions: server_name (SNI, "
    "the host it wants), supported_groups (x25519), ec_point_formats and "
    "signature_algorithms (ed25519).\n\n"
    "Nothing here is secret: anyone watching the wire reads all of it.";

static const char lesson2_ecdhe[] =
    "The server answers with its whole first flight. ServerHello picks TLS 1.2 (0x0303) "
    "and one suite from the client's list, and adds server_random. Certificate carries "
    "the server's certificate: its name and public key, signed by the CA.\n\n"
    "ServerKeyExchange carries a fresh X25519 public key and an Ed25519 signature, made "
    "with the certificate's key, over client_random + server_random + that key "
    "(RFC 8422 \u00a75.4): proof that the server holds the certificate's private key, "
    "for this handshake only. The ephemeral private key never leaves the server.\n\n"
    "CertificateRequest is what makes TLS mutual: the server asks the client for a "
    "certificate, naming the signature algorithms and CAs it accepts. "
    "ServerHelloDone ends the flight.";

static const char lesson2_transport[] =
    "The server answers with its whole first flight. ServerHello picks TLS 1.2 (0x0303) "
    "and one suite from the client's list, and adds server_random. Certificate carries "
    "the server's certificate: its name and an X25519 public key, signed by the CA.\n\n"
    "There is no ServerKeyExchange: in key transport the client will encrypt the "
    "pre-master secret to the key in the server's certificate. The server proves it "
    "holds that key only at the end, by decrypting it and sending a correct Finished.\n\n"
    "CertificateRequest is what makes TLS mutual: the server asks the client for a "
    "certificate, naming the signature algorithms and CAs it accepts. "
    "ServerHelloDone ends the flight.";

static const char lesson3[] =
    "Each side checks the other's certificate, on its own side. The client checks the "
    "server certificate: the CA's signature, validity against the (simulated) clock, "
    "that the issuer is a CA, keyUsage, extendedKeyUsage serverAuth, that "
    "subjectAltName is the name it asked for, and revocation.\n\n"
    "The client then sends its own Certificate (RFC 5246 \u00a77.4.6) and the server "
    "runs the same checks, with clientAuth and the client's identity (a SPIFFE URI).\n\n"
    "A certificate is public: sending one proves nothing. Holding its private key is "
    "proved separately, by something only the key can do; for the client that is "
    "CertificateVerify, at step 4. A failed check ends the handshake with a fatal "
    "alert such as bad_certificate or certificate_expired.";

static const char lesson4_ecdhe[] =
    "The client makes its own ephemeral X25519 key pair and sends the public half in "
    "ClientKeyExchange (RFC 8422 \u00a75.7). Each side combines its own private key "
    "with the other's public key; both get the same 32 bytes, the pre-master secret "
    "(RFC 8422 \u00a75.10). It never crosses the wire: an eavesdropper sees both "
    "public keys and still cannot compute it. Both private keys are thrown away after "
    "the handshake, so a recording stays safe even if a certificate key leaks later "
    "(forward secrecy).\n\n"
    "CertificateVerify: the client signs all handshake messages so far with its "
    "certificate's private key (RFC 5246 \u00a77.4.8) and the server verifies it with "
    "the key in the client certificate. Now the client is authenticated.";

static const char lesson4_transport[] =
    "The client picks the pre-master secret itself: 48 bytes, the client version 0x0303 "
    "then 46 random bytes (RFC 5246 \u00a77.4.7.1), and sends it in ClientKeyExchange "
    "encrypted to the server certificate's key (here crypto_box_seal to X25519: "
    "simulation only, libsodium has no RSA). Only the server can open it.\n\n"
    "No forward secrecy: whoever later obtains the server's private key can decrypt a "
    "recording of this handshake, and every key derived from it.\n\n"
    "CertificateVerify: the client signs all handshake messages so far with its "
    "certificate's private key (RFC 5246 \u00a77.4.8) and the server verifies it with "
    "the key in the client certificate. Now the client is authenticated.";

static const char lesson5_classic[] =
    "Nothing is sent. Each side computes on its own\n"
    "master_secret = PRF(pre_master_secret, \"master secret\", client_random + "
    "server_random), 48 bytes (RFC 5246 \u00a78.1).\n\n"
    "The TLS 1.2 PRF with this suite is P_SHA256: HMAC-SHA256 chained over the label "
    "and the seed (RFC 5246 \u00a75). The two randoms make the master secret unique to "
    "this connection. The client's copy and the server's copy are shown side by side: "
    "they match without ever having crossed the wire.";

static const char lesson5_ems[] =
    "Nothing is sent. Each side computes on its own\n"
    "master_secret = PRF(pre_master_secret, \"extended master secret\", session_hash), "
    "48 bytes (RFC 7627 \u00a74), where session_hash is SHA-256 of the handshake "
    "messages up to and including ClientKeyExchange.\n\n"
    "This extended master secret binds the keys to the whole handshake, certificates "
    "included, which stops the triple-handshake attack. The client's copy and the "
    "server's copy are shown side by side: they match without ever having crossed "
    "the wire.";

static const char lesson6[] =
    "Still nothing is sent. Each side expands the master secret into a key block:\n"
    "PRF(master_secret, \"key expansion\", server_random + client_random) "
    "(RFC 5246 \u00a76.3; the randoms swap places here).\n\n"
    "ChaCha20-Poly1305 is an AEAD, so there are no MAC keys (RFC 7905): the 88 bytes "
    "split into client_write_key (32), server_write_key (32), client_write_IV (12) and "
    "server_write_IV (12). Each direction has its own key: the client encrypts with "
    "client_write_key and the server decrypts with its copy of the same key.";

static const char lesson7[] =
    "ChangeCipherSpec (one byte, not a handshake message) announces: my next record "
    "is encrypted. Finished is that record: verify_data = PRF(master_secret, "
    "\"client finished\" or \"server finished\", SHA-256(handshake messages))[0..11] "
    "(RFC 5246 \u00a77.4.9). Each side checks the other's: equal values prove both "
    "hold the same keys and saw the same messages, so nothing was changed in flight.\n\n"
    "Every record is sealed with ChaCha20-Poly1305: nonce = write IV XOR the sequence "
    "number, additional data = seq_num + type + version + length, and a 16-byte "
    "Poly1305 tag that exposes any change (RFC 7905, RFC 8439). Then application data "
    "flows both ways; an eavesdropper sees only sizes and ciphertext.";

const char *tui_lesson(int step, bool transport, bool ems)
{
    switch (step) {
    case 1: return lesson1;
    case 2: return transport ? lesson2_transport : lesson2_ecdhe;
    case 3: return lesson3;
    case 4: return transport ? lesson4_transport : lesson4_ecdhe;
    case 5: return ems ? lesson5_ems : lesson5_classic;
    case 6: return lesson6;
    case 7: return lesson7;
    default: return "";
    }
}
