/* hs13_table.c — the TLS 1.3 full handshake with client authentication as
 * a table, in true wire order (RFC 8446 §2, Figure 1, with the
 * middlebox-compatibility ChangeCipherSpec of Appendix D.4), each message in
 * the step of the TLS 1.3 step table (hs13_steps.c).
 *
 * Where the keys change: after the hellos both sides derive the handshake
 * traffic secrets; the server protects everything after its
 * ChangeCipherSpec, the client everything after its own, with them; after
 * the server's Finished both derive the application traffic secrets, under
 * which the server writes from then on and the client once its Finished is
 * out (RFC 8446 §7.1, §5.1). The ChangeCipherSpec rows change no key: they
 * are there because middleboxes expect one, and are shown as such.
 */
#include "tls/hs.h"

/* CertificateVerify follows only a non-empty client Certificate (RFC 8446 §4.4.3). */
static bool has_cert_verify(const hs *h)
{
    return h->role == PARTY_CLIENT ? h->own.n_chain > 0 : h->peer_n > 0;
}

const hs_row hs13_table[] = {
    /* step 1: the ClientHello already carries the client's key share */
    { 1, PARTY_CLIENT, CT_HANDSHAKE, HT_CLIENT_HELLO, "ClientHello", NULL, false,
      hs13_client_write_hello, hs13_server_read_hello, NULL },
    /* step 2: the ServerHello answers with the server's; from here on both
     * sides hold the handshake keys (step 3 sends nothing) */
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_HELLO, "ServerHello", NULL, false,
      hs13_server_write_hello, hs13_client_read_server_hello, hs13_after_hellos },
    { 2, PARTY_SERVER, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", NULL,
      false, hs13_write_ccs, hs13_read_ccs, hs13_after_ccs },
    /* step 4: the server's flight, protected with the server handshake key */
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_ENCRYPTED_EXTENSIONS, "EncryptedExtensions", NULL, false,
      hs13_server_write_ee, hs13_client_read_ee, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE_REQUEST, "CertificateRequest", NULL, false,
      hs13_server_write_cert_request, hs13_client_read_cert_request, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs13_write_certificate, hs13_read_certificate, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, "CertificateVerify", NULL, false,
      hs13_write_cert_verify, hs13_read_cert_verify, NULL },
    { 4, PARTY_SERVER, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false, hs13_write_finished,
      hs13_read_finished, hs13_after_server_finished },
    /* step 5 sends nothing: the master and application secrets */
    /* step 6: the client's flight, protected with the client handshake key */
    { 6, PARTY_CLIENT, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec (dummy)", NULL,
      false, hs13_write_ccs, hs13_read_ccs, hs13_after_ccs },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs13_write_certificate, hs13_read_certificate, NULL },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, "CertificateVerify", has_cert_verify,
      false, hs13_write_cert_verify, hs13_read_cert_verify, NULL },
    { 6, PARTY_CLIENT, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false, hs13_write_finished,
      hs13_read_finished, hs13_after_client_finished },
    /* step 7: application data both ways, under the application keys */
    { 7, PARTY_CLIENT, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_client_write_app, hs_server_read_app, NULL },
    { 7, PARTY_SERVER, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_server_write_app, hs_client_read_app, NULL },
};

const size_t hs13_table_len = sizeof hs13_table / sizeof hs13_table[0];
