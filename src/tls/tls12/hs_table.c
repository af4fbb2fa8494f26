/* hs_table.c — the TLS 1.2 mutual-authentication handshake as a table, in
 * true wire order (RFC 5246 §7.3, Figure 1, with a client certificate), each
 * message placed in the teaching step it belongs to (see DESIGN.md).
 */
#include "tls/hs.h"

/* The negotiated key exchange says (kx.h); before the hellos, ECDHE's does. */
static bool has_server_kx(const hs *h) { return !h->kx || h->kx->server_kx; }

/* CertificateVerify follows only a non-empty client Certificate (RFC 5246 §7.4.8). */
static bool has_cert_verify(const hs *h)
{
    return h->role == PARTY_CLIENT ? h->own.n_chain > 0 : h->peer_n > 0;
}

const hs_row hs12_table[] = {
    /* step 1 */
    { 1, PARTY_CLIENT, CT_HANDSHAKE, HT_CLIENT_HELLO, "ClientHello", NULL, false,
      hs_client_write_hello, hs_server_read_hello, NULL, NULL },
    /* step 2: the server's whole first flight */
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_HELLO, "ServerHello", NULL, false,
      hs_server_write_hello, hs_client_read_server_hello, NULL, NULL },
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs_write_certificate, hs_client_read_certificate, NULL, NULL },
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_KEY_EXCHANGE, "ServerKeyExchange", has_server_kx, false,
      hs_server_write_kx, hs_client_read_server_kx, NULL, NULL },
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_CERTIFICATE_REQUEST, "CertificateRequest", NULL, false,
      hs_server_write_cert_request, hs_client_read_cert_request, NULL, NULL },
    { 2, PARTY_SERVER, CT_HANDSHAKE, HT_SERVER_HELLO_DONE, "ServerHelloDone", NULL, false,
      hs_server_write_hello_done, hs_client_read_hello_done, NULL, NULL },
    /* step 3: the client proves who it claims to be, first by certificate */
    { 3, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE, "Certificate", NULL, false,
      hs_write_certificate, hs_server_read_certificate, NULL, NULL },
    /* step 4: key exchange, then the signature over the transcript */
    { 4, PARTY_CLIENT, CT_HANDSHAKE, HT_CLIENT_KEY_EXCHANGE, "ClientKeyExchange", NULL, true,
      hs_client_write_kx, hs_server_read_kx, NULL, NULL },
    { 4, PARTY_CLIENT, CT_HANDSHAKE, HT_CERTIFICATE_VERIFY, "CertificateVerify", has_cert_verify, false,
      hs_client_write_cert_verify, hs_server_read_cert_verify, NULL, NULL },
    /* steps 5 and 6 send nothing: both sides derive secrets and keys */
    /* step 7 */
    { 7, PARTY_CLIENT, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec", NULL, false,
      hs_write_ccs, hs_read_ccs, NULL, NULL },
    { 7, PARTY_CLIENT, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false,
      hs_write_finished, hs_read_finished, NULL, NULL },
    { 7, PARTY_SERVER, CT_CHANGE_CIPHER_SPEC, 0, "ChangeCipherSpec", NULL, false,
      hs_write_ccs, hs_read_ccs, NULL, NULL },
    { 7, PARTY_SERVER, CT_HANDSHAKE, HT_FINISHED, "Finished", NULL, false,
      hs_write_finished, hs_read_finished, NULL, NULL },
    { 7, PARTY_CLIENT, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_client_write_app, hs_server_read_app, NULL, NULL },
    { 7, PARTY_SERVER, CT_APPLICATION_DATA, 0, "Application data", NULL, false,
      hs_server_write_app, hs_client_read_app, NULL, NULL },
};

const size_t hs12_table_len = sizeof hs12_table / sizeof hs12_table[0];
