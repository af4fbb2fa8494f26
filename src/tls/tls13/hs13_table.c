/* hs13_table.c — the TLS 1.3 full handshake with client authentication as
 * a table, in true wire order (RFC 8446 §2, Figure 1, with the
 * middlebox-compatibility ChangeCipherSpec of Appendix D.4), each message in
 * the step of the TLS 1.3 step table (hs13_steps.c).
 *
 * Where the keys change: after the hellos both sides derive the handshake
 * traffic secrets and protect everything they write from then on with
 * them (the server's flight, the client's, an alert of either side); after
 * the server's Finished both derive the application traffic secrets, under
 * which the server writes from then on and the client once its Finished is
 * out (RFC 8446 §7.1, §5.1). The ChangeCipherSpec rows change no key: they
 * are there because middleboxes expect one, go in the clear (RFC 8446 §5)
 * and are shown as such.
 *
 * When the first ClientHello's key share is for a group the server does
 * not take, the hellos take two round trips (RFC 8446 §2.1, Figure 2):
 * HelloRetryRequest, the second ClientHello, then the ServerHello; the
 * transcript then starts with message_hash in place of ClientHello1
 * (§4.4.1). The rows of that exchange are present only when it happens.
 */
#include "tls/hs.h"

/* CertificateVerify follows only a non-empty client Certificate (RFC 8446 §4.4.3). */
static bool has_cert_verify(const hs *h)
{
    return h->role == PARTY_CLIENT ? h->own.n_chain > 0 : h->peer_n > 0;
}

/* The HelloRetryRequest row: the server writes one when the first
 * ClientHello had no share it takes; the client cannot know beforehand,
 * so for it the row stands and its `is` test (msg13_is_hrr) decides. */
static bool hrr_row(const hs *h) { return h->role == PARTY_CLIENT || h->t13.hrr; }
static bool after_hrr(const hs *h) { return h->t13.hrr; }
static bool no_hrr(const hs *h) { return !h->t13.hrr; }

const hs_row hs13_table[] = {
    /* step 1: the ClientHello already carries the client's key share */
    { 1, PARTY_CLIENT, CT_HANDSHAKE, HT_CLIENT_HELLO, "ClientHello", NULL, false,
      hs13_client_write_hello, hs13_server_read_hello, NULL, NULL },
    /* ... unless its share is for a group the server does not take: the
     * server asks for another (RFC 8446 §4.1.4) and the hellos take a
     * second round trip. Each side's one dummy ChangeCipherSpec goes right
     * after the server's first handshake message and right before the
     * client's second flight (Appendix D.4), here around the retry */
    { 1, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_HELLO, "HelloRetryRequest", hrr_row, false,
      hs13_server_write_hrr, hs13_client_read_hrr, NULL, msg13_is_hrr },
    { 1, PARTY_SERVER, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", after_hrr, false,
      hs13_write_ccs, hs13_read_ccs, NULL, NULL },
    { 1, PARTY_CLIENT, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", after_hrr, false,
      hs13_write_ccs, hs13_read_ccs, NULL, NULL },
    { 1, PARTY_CLIENT, CT_HANDSHAKE, HT_CLIENT_HELLO, "ClientHello", after_hrr, false,
      hs13_client_write_hello, hs13_server_read_hello, NULL, NULL },
    /* step 2: the ServerHello answers with the server's; from here on both
     * sides hold the handshake keys (step 3 sends nothing) */
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_HELLO, "ServerHello", NULL, false,
      hs13_server_write_hello, hs13_client_read_server_hello, hs13_after_hellos, NULL },
    { 2, PARTY_SERVER, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", no_hrr, false,
      hs13_write_ccs, hs13_read_ccs, NULL, NULL },
    /* step 4: the server's flight, protected with the server handshake key */
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_ENCRYPTED_EXTENSIONS, "EncryptedExtensions", NULL, false,
      hs13_server_write_ee, hs13_client_read_ee, NULL, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE_REQUEST, "CertificateRequest", NULL, false,
      hs13_server_write_cert_request, hs13_client_read_cert_request, NULL, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs13_write_certificate, hs13_read_certificate, NULL, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, "CertificateVerify", NULL, false,
      hs13_write_cert_verify, hs13_read_cert_verify, NULL, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false, hs13_write_finished,
      hs13_read_finished, hs13_after_server_finished, NULL },
    /* step 5 sends nothing: the master and application secrets */
    /* step 6: the client's flight, protected with the client handshake key */
    { 6, PARTY_CLIENT, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", no_hrr,
      false, hs13_write_ccs, hs13_read_ccs, NULL, NULL },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs13_write_certificate, hs13_read_certificate, NULL, NULL },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, "CertificateVerify", has_cert_verify,
      false, hs13_write_cert_verify, hs13_read_cert_verify, NULL, NULL },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false, hs13_write_finished,
      hs13_read_finished, hs13_after_client_finished, NULL },
    /* step 7: application data both ways, under the application keys */
    { 7, PARTY_CLIENT, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_client_write_app, hs_server_read_app, NULL, NULL },
    { 7, PARTY_SERVER, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_server_write_app, hs_client_read_app, NULL, NULL },
};

const size_t hs13_table_len = sizeof hs13_table / sizeof hs13_table[0];
