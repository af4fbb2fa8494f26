/* pki_load.h — a certificate and a private key of one's own, read from PEM
 * files (what `openssl req -x509 -newkey ed25519`, `openssl genpkey
 * -algorithm ed25519` and this program's --export write), with one line for
 * a person on what cannot be used and why.
 */
#ifndef MTLS_PKI_LOAD_H
#define MTLS_PKI_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "pki/pki.h"

#define PKI_LOAD_WHY 320
#define PKI_LOAD_FILE_MAX 65536 /* a PEM file larger than this is not one certificate or key */

/* Parse the first CERTIFICATE block of PEM text (len bytes) into *out (its
 * parsed form points into out->der). ERR_PEM, a DER or X.509 code, or
 * ERR_X509_ALG with why naming the algorithm (RSA, ECDSA P-256, ...) that
 * libsodium cannot use and what does work. `name` names the input in why. */
err_t pki_load_cert_pem(const char *text, size_t len, const char *name, pki_cert *out,
                        char *why, size_t cap);
/* Every CERTIFICATE block of PEM text, in order, into out[0..max) (a
 * "fullchain" file: the leaf, then the intermediates its side sends);
 * returns how many were read. *e is ERR_OK, or the first block's failure
 * as pki_load_cert_pem gives it, or ERR_USAGE for more than max blocks,
 * with why. */
size_t pki_load_chain_pem(const char *text, size_t len, const char *name, pki_cert *out,
                          size_t max, err_t *e, char *why, size_t cap);
/* Parse a PKCS#8 PRIVATE KEY block (RFC 5958, RFC 8410: Ed25519 or X25519)
 * into *k, its public half computed. ERR_PEM (a "BEGIN RSA PRIVATE KEY" or
 * "BEGIN EC PRIVATE KEY" block is named as such), a DER code, or
 * ERR_X509_ALG for an algorithm libsodium does not have. */
err_t pki_load_key_pem(const char *text, size_t len, const char *name, pki_key *k, char *why,
                       size_t cap);
/* Whether k is the private half of c's key: ERR_USAGE with why if not. */
err_t pki_load_match(const pki_key *k, const pki_cert *c, const char *kname,
                     const char *cname, char *why, size_t cap);
/* Read a file whole (at most PKI_LOAD_FILE_MAX bytes) into buf. ERR_IO
 * with why (errno's words, or "larger than ..."). */
err_t pki_load_file(const char *path, char *buf, size_t cap, size_t *len, char *why,
                    size_t wcap);

#endif
