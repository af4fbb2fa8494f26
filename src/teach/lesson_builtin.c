/* lesson_builtin.c — the built-in summaries: one short paragraph per
 * standard lesson, always available (lesson.h).
 */
#include "teach/lesson_int.h"

#include <stdio.h>
#include <string.h>

/* One short paragraph per lesson, in the same format as a file, so the same
 * parser reads them; used when no lessons directory is found and for any
 * standard lesson a directory leaves out. */
static const struct { const char *id; int order; const char *text; } builtin_text[] = {
    { "intro", 0, "# Mutual TLS in seven steps\n"
      "In mutual TLS both ends prove who they are with an X.509 certificate: the server, as in "
      "any HTTPS connection, and the client too. This run is a real TLS 1.2 handshake (RFC 5246) "
      "with {suite} and {kx}; randomness: {randomness}.\n" },
    { "step1", 10, "# ClientHello\n"
      "The client sends, in the clear, the versions, cipher suites and extensions it accepts "
      "(among them an empty renegotiation_info, RFC 5746 §3.4) and client_random "
      "{client_random:short}, 32 fresh bytes that make this handshake's keys fresh "
      "(RFC 5246 §7.4.1.2).\n" },
    { "step2", 20, "# ServerHello\n"
      "The textbook's one step is\n@if ecdhe\nfive\n@else\nfour\n@end\nmessages: "
      "ServerHello (the suite chosen and "
      "server_random {server_random:short}, RFC 5246 §7.4.1.3), Certificate,\n@if ecdhe\n"
      "ServerKeyExchange (a fresh X25519 key signed with the certificate's key, RFC 8422 §5.4),\n"
      "@end\nCertificateRequest (the message that makes TLS mutual, RFC 5246 §7.4.4) and "
      "ServerHelloDone.\n" },
    { "step3", 30, "# Authentication\n"
      "Each side verifies the other's certificate on its own: a path to a trusted CA and the "
      "CA's signature, validity at {clock}, key usage, extended key usage, name and revocation "
      "(RFC 5280 §6). The client sends its Certificate in the clear (RFC 5246 §7.4.6): anyone "
      "on the path reads who is calling.\n@if client_identity\nThe server now knows it "
      "as {client_identity}.\n@end\n" },
    { "step4", 40, "# Pre-master secret\n@if ecdhe\n"
      "ClientKeyExchange carries the client's X25519 public key (RFC 8422 §5.7). Each side "
      "combines its own private key with the other's public key; both get the same pre-master "
      "secret {pre_master_secret:short}, which never crosses the wire (RFC 8422 §5.10).\n@else\n"
      "The client picks a 48-byte pre-master secret {pre_master_secret:short} and sends it "
      "sealed to the server certificate's key (simulation only: no forward secrecy).\n@end\n"
      "Then CertificateVerify: the client signs the handshake so far with its certificate's "
      "key (RFC 5246 §7.4.8).\n" },
    { "step5", 50, "# Master secret\n"
      "Nothing is sent. Each side computes master_secret {master_secret:short} =\n@if ems\n"
      "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..47] (RFC 7627 §4).\n"
      "@else\nPRF(pre_master_secret, \"master secret\", client_random + server_random)[0..47] "
      "(RFC 5246 §8.1).\n@end\n" },
    { "step6", 60, "# Keys derived\n"
      "Nothing is sent. key_block = PRF(master_secret, \"key expansion\", server_random + "
      "client_random) gives 88 bytes: client write key, server write key (32 bytes each), client "
      "write IV, server write IV (12 bytes each) (RFC 5246 §6.3, RFC 7905 §2).\n" },
    { "step7", 70, "# Encrypted session\n"
      "Each side sends ChangeCipherSpec and an encrypted Finished: PRF(master_secret, \"client "
      "finished\" or \"server finished\", SHA-256(handshake messages))[0..11] (RFC 5246 §7.4.9); "
      "the client's is {client_verify_data}. Records are sealed with ChaCha20-Poly1305, nonce = "
      "write IV XOR sequence number (RFC 7905 §2).\n" },
    { "practices", 90, "# In production\n"
      "Offer only strong algorithms (this run: {suite}); renew certificates automatically "
      "before they expire, and keep their lifetimes short, since revocation works only where "
      "every verifier fetches fresh data and fails closed; monitor failed handshakes and their "
      "alerts; watch handshake latency (a full TLS 1.2 handshake takes two round trips).\n" },
};

const lesson_set *lesson_builtin(void)
{
    static lesson_set set = { "built-in", NULL, 0 };
    static lesson *mem[sizeof builtin_text / sizeof *builtin_text];
    static bool done;
    if (!done) {
        done = true;
        set.v = mem;
        for (size_t i = 0; i < sizeof builtin_text / sizeof *builtin_text; i++) {
            char file[48], err[160];
            snprintf(file, sizeof file, "built-in/%s", builtin_text[i].id);
            const char *t = builtin_text[i].text;
            if (lesson_parse(file, builtin_text[i].id, builtin_text[i].order, t, strlen(t),
                             &mem[set.n], err, sizeof err) == ERR_OK)
                mem[set.n++]->builtin = true;
        }
    }
    return &set;
}
