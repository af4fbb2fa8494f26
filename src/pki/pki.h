/* pki.h — the classroom PKI: a CA, a server certificate and a client
 * certificate, all built by the program itself from the generator and the
 * simulated clock, and their export as PEM files.
 */
#ifndef MTLS_PKI_H
#define MTLS_PKI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/afile.h"
#include "base/err.h"
#include "base/rng.h"
#include "pki/x509.h"

#define PKI_SERVER_NAME "server.classroom.example"
#define PKI_CLIENT_URI "spiffe://classroom.example/student"
#define PKI_SK_LEN 64 /* libsodium Ed25519 secret key: seed ‖ public key */
/* 9999-12-31T23:59:59Z, the last second a certificate's validity can name
 * (GeneralizedTime, RFC 5280 §4.1.2.5): a validity that would run past it
 * ends then. */
#define PKI_TIME_MAX INT64_C(253402300799)

/* A long-term key pair. For Ed25519, seed is the RFC 8032 secret key and sk
 * the libsodium form; for X25519, seed is the private scalar. */
typedef struct pki_key {
    x509_key_type type;
    uint8_t seed[32];
    uint8_t sk[PKI_SK_LEN];
    uint8_t pk[X509_KEY_LEN];
} pki_key;

/* A certificate with its DER and its parsed form (which points into der). */
typedef struct pki_cert {
    uint8_t der[X509_CERT_MAX];
    size_t der_len;
    x509_cert x;
} pki_cert;

/* Faults a scenario can ask for at issue time (a later issue adds more). */
typedef struct pki_options {
    int64_t now;              /* the simulated clock: certificates are valid around it */
    bool server_x25519;       /* server certificate carries an X25519 key (key transport) */
    bool server_expired, client_expired, client_not_yet_valid;
    bool server_rogue_ca, client_rogue_ca; /* issued by a second, untrusted CA */
    bool client_forged; /* client certificate names the trusted CA as its issuer (name and
                         * key ID) but is signed with the rogue CA's key */
    const char *server_name;  /* SAN dNSName; NULL: PKI_SERVER_NAME */
    const char *client_uri;   /* SAN URI; NULL: PKI_CLIENT_URI */
    bool client_without_client_auth; /* client certificate's EKU is serverAuth only */
} pki_options;

typedef struct pki {
    int64_t now;
    pki_key ca_key, rogue_key, server_key, client_key;
    pki_cert ca, rogue, server, client;
} pki;

/* Build the CA (self-signed), a rogue CA, and the server and client
 * certificates. Keys and serials come from r. Fails only on an internal
 * encoding error. */
err_t pki_build(pki *p, rng *r, const pki_options *opt);

/* Write ca.pem, server.pem, client.pem, server.key, client.key (PKCS#8) into
 * dir (created if missing). ERR_IO with errno set when a file cannot be
 * written; a partly written file is removed. */
err_t pki_export(const pki *p, const char *dir);
/* The same five files, staged in set (written, not yet in place: see
 * afile_set_close). ERR_IO when a file cannot be opened (afile_set_why says
 * why); another code only on an internal encoding error. */
err_t pki_export_set(const pki *p, afile_set *set, const char *dir);

/* PEM text of DER bytes under a label ("CERTIFICATE", "PRIVATE KEY") into
 * out (capacity cap). ERR_OVERFLOW when it does not fit. The text is
 * NUL-terminated; *out_len does not count the NUL. */
err_t pem_encode(const char *label, const uint8_t *der, size_t len, char *out, size_t cap,
                 size_t *out_len);
/* The DER inside the first PEM block "-----BEGIN label-----" of text (len
 * bytes, need not be NUL-terminated), into out (capacity cap). ERR_PEM when
 * there is no such block or its base64 is malformed (RFC 7468 §2: lines of
 * base64 between the boundaries, whitespace ignored); ERR_OVERFLOW when it
 * does not fit. */
err_t pem_decode(const char *text, size_t len, const char *label, uint8_t *out, size_t cap,
                 size_t *out_len);
/* PKCS#8 (RFC 5958, RFC 8410) DER of a private key. */
err_t pki_key_pkcs8(const pki_key *k, uint8_t *out, size_t cap, size_t *out_len);

void pki_wipe(pki *p);

#endif
